//! hemu's own firmware (hemu-sbi) boots on hemu with sbi_hello: the banner
//! describes the machine (from misa and the device tree) and every SBI check
//! of sbi_hello passes; the machine exits with code 0.

mod common;

use hemu::loader::ImageSource;
use tests::elf;
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
        "ISA (device tree)  : rv64imafdch_zicbom_zicbop_zicboz_zicntr_zicond_zicsr_zifencei_zihintntl_zihintpause_zihpm_zimop_zfa_zfh_zfhmin_zcb_zcmop_zba_zbb_zbc_zbkb_zbkc_zbkx_zbs_smstateen_sscofpmf_ssstateen_sstc_svadu_svinval_svnapot_svpbmt",
        "Hypervisor (H)     : yes",
        "Sstc               : yes",
        "Smstateen          : yes, mstateen0.SE0 and ENVCFG set",
        "Console device     : ns16550a @ 0x10000000",
        "Timer device       : clint @ 0x2000000",
        "Reset device       : sifive,test @ 0x100000",
        "Next stage         : 0x80200000 in HS-mode",
        "sbi_hello: DBCN console_write works",
        "sbi_hello: SBI specification v2.0",
        "sbi_hello: U-mode rdtime works (scounteren.TM): ok",
        SBI_HELLO_PASSED,
    ] {
        assert!(out.contains(expected), "missing {expected:?} in the output above");
    }
    assert_eq!(run.exit_code, Some(0));
}

/// A kernel ELF whose entry is not its first byte (0x8020_0000 holds an
/// illegal instruction): hemu-sbi enters it at the ELF entry, which the boot
/// ROM's fw_dynamic block names, as QEMU does; the kernel shuts down
/// through SBI SRST.
#[test]
fn hemu_sbi_enters_the_kernel_at_its_elf_entry() {
    let (kernel, _) = elf::kernel_entered_past_its_start();
    let cfg = common::config(
        ImageSource::bytes("firmware", images::FIRMWARE),
        Some(ImageSource::bytes("kernel at +0x100", kernel)),
        None,
    );
    let run = common::run_config(cfg, 50_000_000);
    eprintln!("{}", run.uart);
    assert!(run.uart.contains("Next stage         : 0x80200100 in HS-mode"), "banner above");
    assert_eq!(run.exit_code, Some(0), "the kernel's SRST shutdown ends the run ({:?})", run.outcome);
}

/// The device tree reserves (no-map) exactly the region hemu-sbi protects
/// with PMP, so Linux never hands out a page there (dtc decompiles it;
/// skipped without dtc).
#[test]
fn device_tree_reserves_the_pmp_protected_firmware() {
    let cfg = common::config(
        ImageSource::bytes("firmware", images::FIRMWARE),
        Some(ImageSource::bytes("sbi_hello", images::SBI_HELLO)),
        None,
    );
    let mut m = hemu::machine::Machine::new(cfg).expect("machine");
    m.run(Some(50_000_000));
    let out = m.output_string();
    let line = out.lines().find(|l| l.starts_with("Firmware (PMP-protected) : ")).expect("the banner's PMP line");
    let (start, end) = line["Firmware (PMP-protected) : ".len()..].trim().split_once(" - ").expect("start - end");
    let hex = |s: &str| u64::from_str_radix(s.trim_start_matches("0x"), 16).expect("hex");
    let (start, size) = (hex(start), hex(end) - hex(start));
    let Some(dts) = tests::dtc_decompile(m.dtb()) else {
        eprintln!("notice: dtc not installed (apt-get install device-tree-compiler), skipping");
        return;
    };
    let expected = format!("firmware@{start:x} {{\n\t\t\treg = <0x00 {start:#x} 0x00 {size:#x}>;\n\t\t\tno-map;");
    assert!(dts.contains(&expected), "missing {expected:?} in\n{dts}");
}
