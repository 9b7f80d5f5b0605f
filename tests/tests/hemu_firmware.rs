//! hemu's own firmware (hemu-sbi) boots on hemu with sbi_hello: the banner
//! describes the machine (from misa and the device tree) and every SBI check
//! of sbi_hello passes; the machine exits with code 0.

mod common;

use tests::{images, SBI_HELLO_PASSED};

#[test]
fn hemu_sbi_boots_sbi_hello_on_hemu() {
    let run = common::run_hemu(images::FIRMWARE, Some(images::SBI_HELLO), 500_000_000);
    eprintln!("{}", run.uart);
    let out = &run.uart;
    for expected in [
        "hemu-sbi v",
        "SBI specification v2.0",
        // misa.B: hemu implements Zba, Zbb and Zbs, which make up B.
        "ISA (misa)         : rv64imafdcbhsu",
        "ISA (device tree)  : rv64imafdch_zicbom_zicbop_zicboz_zicntr_zicond_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbkb_zbkc_zbkx_zbs_sstc_svadu",
        "Hypervisor (H)     : yes",
        "Sstc               : yes",
        "Console device     : ns16550a @ 0x10000000",
        "Timer device       : clint @ 0x2000000",
        "Reset device       : sifive,test @ 0x100000",
        "Next stage         : 0x80200000 in HS-mode",
        "sbi_hello: DBCN console_write works",
        "sbi_hello: SBI specification v2.0",
        SBI_HELLO_PASSED,
    ] {
        assert!(out.contains(expected), "missing {expected:?} in the output above");
    }
    assert_eq!(run.exit_code, Some(0));
}
