//! Acceptance: Debian's OpenSBI (fw_jump) boots on hemu with sbi_hello as the
//! next stage, prints its banner describing hemu's machine, and sbi_hello's
//! checks pass; the machine exits with code 0.
#![cfg(feature = "system-tests")]

mod common;

use tests::{images, OPENSBI_FW_JUMP, SBI_HELLO_PASSED};

#[test]
fn opensbi_boots_sbi_hello_on_hemu() {
    let Ok(fw_jump) = std::fs::read(OPENSBI_FW_JUMP) else {
        eprintln!("notice: {OPENSBI_FW_JUMP} not installed (apt-get install opensbi), skipping");
        return;
    };
    let run = common::run_hemu(&fw_jump, Some(images::SBI_HELLO), 500_000_000);
    eprintln!("{}", run.uart);
    let out = &run.uart;
    for expected in [
        "OpenSBI v",
        "Platform Name             : ",
        "Platform HART Count       : 1",
        "Platform Console Device   : uart8250",
        "Platform Timer Device     : aclint-mtimer",
        "Platform Reboot Device    : sifive_test",
        "Platform Shutdown Device  : sifive_test",
        "Boot HART Base ISA        : rv64imafdch",
        "sstc",
        "sbi_hello: hello from S-mode (hart 0",
        SBI_HELLO_PASSED,
    ] {
        assert!(out.contains(expected), "missing {expected:?} in the output above");
    }
    assert_eq!(run.exit_code, Some(0));
}
