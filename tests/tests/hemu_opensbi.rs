//! Acceptance: Debian's OpenSBI (fw_jump) boots on hemu with sbi_hello as the
//! next stage, prints its banner describing hemu's machine, and sbi_hello's
//! checks pass; the machine exits with code 0.

mod common;

use hemu::loader::ImageSource;
use hemu::machine::Machine;
use tests::{images, OPENSBI_FW_DYNAMIC, OPENSBI_FW_JUMP, SBI_HELLO_PASSED};

const BUDGET: u64 = 500_000_000;

fn have_opensbi() -> bool {
    have(OPENSBI_FW_JUMP)
}

fn have(firmware: &str) -> bool {
    let present = std::path::Path::new(firmware).is_file();
    if !present {
        eprintln!("notice: {firmware} not installed (apt-get install opensbi), skipping");
    }
    present
}

fn check(out: &str, exit_code: Option<u64>) {
    eprintln!("{out}");
    for expected in [
        "OpenSBI v",
        "Platform Name             : ",
        "Platform HART Count       : 1",
        "Platform Console Device   : uart8250",
        "Platform Timer Device     : aclint-mtimer",
        "Platform Reboot Device    : sifive_test",
        "Platform Shutdown Device  : sifive_test",
        // OpenSBI prints misa's letters: B is Zba + Zbb + Zbs, which hemu implements.
        "Boot HART Base ISA        : rv64imafdcbh",
        "sstc",
        "sbi_hello: hello from S-mode (hart 0",
        SBI_HELLO_PASSED,
    ] {
        assert!(out.contains(expected), "missing {expected:?} in the output above");
    }
    assert_eq!(exit_code, Some(0));
}

/// With `Machine::run`, sbi_hello's "IPI: send_ipi to self sets SSIP" check
/// fails: OpenSBI writes the ACLINT MSWI register and returns from the ecall
/// before the machine software interrupt is taken, because `run` hands the
/// CLINT's MSIP line to the hart only between 4096-instruction chunks.
#[test]
fn opensbi_boots_sbi_hello_on_hemu() {
    if !have_opensbi() {
        return;
    }
    let run = common::run_hemu_file(OPENSBI_FW_JUMP, images::SBI_HELLO, BUDGET);
    check(&run.uart, run.exit_code);
}

/// The same, single-stepped (the device lines are handed over every step).
#[test]
fn opensbi_boots_sbi_hello_on_hemu_single_stepped() {
    if !have_opensbi() {
        return;
    }
    let cfg = common::config(
        ImageSource::file(OPENSBI_FW_JUMP),
        Some(ImageSource::bytes("sbi_hello", images::SBI_HELLO)),
        None,
    );
    let mut m = Machine::new(cfg).expect("hemu machine");
    let mut steps = 0u64;
    while m.exit().is_none() && steps < 50_000_000 {
        m.step();
        steps += 1;
    }
    check(&m.output_string(), m.exit().map(|(code, _)| code));
}

/// fw_dynamic (QEMU's default firmware) finds the next stage in the boot
/// ROM's fw_dynamic info block (a2): without it, it hangs before its banner.
#[test]
fn opensbi_fw_dynamic_boots_sbi_hello_on_hemu() {
    if !have(OPENSBI_FW_DYNAMIC) {
        return;
    }
    let run = common::run_hemu_file(OPENSBI_FW_DYNAMIC, images::SBI_HELLO, BUDGET);
    check(&run.uart, run.exit_code);
    assert!(run.uart.contains("Firmware Base             : 0x80000000"));
    assert!(run.uart.contains("Domain0 Next Address      : 0x0000000080200000"));
}

/// A kernel whose ELF entry is not its first byte: fw_dynamic enters it at
/// the entry the boot ROM's info block names (next_addr), as on QEMU.
#[test]
fn opensbi_fw_dynamic_enters_the_kernel_at_its_elf_entry() {
    if !have(OPENSBI_FW_DYNAMIC) {
        return;
    }
    let (kernel, entry) = tests::elf::kernel_entered_past_its_start();
    let cfg = common::config(ImageSource::file(OPENSBI_FW_DYNAMIC), Some(ImageSource::bytes("kernel at +0x100", kernel)), None);
    let run = common::run_config(cfg, BUDGET);
    eprintln!("{}", run.uart);
    assert!(run.uart.contains(&format!("Domain0 Next Address      : {entry:#018x}")), "banner above");
    assert_eq!(run.exit_code, Some(0), "the kernel's SRST shutdown ends the run ({:?})", run.outcome);
}
