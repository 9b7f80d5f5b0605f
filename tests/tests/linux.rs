//! Linux boots on hemu to our init (tests/linux/init.c), whose checks pass:
//! /proc/cpuinfo's isa and mmu, U-mode rdtime and the vDSO's
//! clock_gettime, a timer sleep, fork/exec/wait, memory pressure; then it
//! powers off through SBI SRST (exit 0). With hemu-sbi, Debian's OpenSBI
//! fw_jump and fw_dynamic, and the same kernel on QEMU (when installed) as
//! the reference.
//!
//! The kernel comes from tests/linux/build.sh, which .ci/run runs before
//! `cargo test`; these tests only ask it for the cached kernel
//! (`--cached`) and skip with a notice when there is none, except under CI
//! (CI=true), where a missing kernel is a failure.

mod common;

use hemu::loader::ImageSource;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;
use tests::{have_qemu, images, run_qemu, show, OPENSBI_FW_DYNAMIC, OPENSBI_FW_JUMP};

/// Linux's boot plus init's checks take about 50 million instructions, the
/// memory pressure about 300 million more.
const BUDGET: u64 = 3_000_000_000;

/// Every line init prints when all is well, in order.
const INIT_LINES: &[&str] = &[
    "init: hello from user space",
    "init: cpuinfo isa\t\t: rv64imafdch_",
    "init: cpuinfo mmu\t\t: sv",
    "init: /proc/cpuinfo has isa and mmu: ok",
    "init: the kernel maps a vDSO: ok",
    "init: rdtime from U-mode: ok",
    "init: clock_gettime(CLOCK_MONOTONIC) through the vDSO: ok",
    "init: nanosleep 20 ms (a timer interrupt): ok",
    "init: child running as pid ",
    "init: fork, exec and wait for a second program: ok",
    "init: memory pressure: 3/4 of free RAM touched and read back: ok",
    "init: all checks passed, powering off",
];

/// The ISA and MMU the kernel sees on hemu (its device tree's
/// riscv,isa-extensions and mmu-type; QEMU 7.2 says more).
const HEMU_ISA: &str = "init: cpuinfo isa\t\t: rv64imafdch_zicbom_zicboz_zicntr_zicond_zicsr_zifencei_zihintpause_zca_zcd_zba_zbb_zbc_zbkb_zbkc_zbkx_zbs_sstc_svinval_svnapot_svpbmt";
const HEMU_MMU: &str = "init: cpuinfo mmu\t\t: sv57";

/// Checks init's lines, in order, and the kernel's view of the machine.
fn check_init(out: &str) {
    let mut rest = out;
    for line in INIT_LINES {
        let at = rest.find(line).unwrap_or_else(|| panic!("missing {line:?} (in this order) in the output above"));
        rest = &rest[at + line.len()..];
    }
    assert!(!out.contains("FAILED"), "a check failed");
    assert!(out.contains("reserved mem: 0x0000000080000000.."), "the firmware's region is reserved");
    assert!(out.contains("kvm [1]: hypervisor extension available"), "KVM finds the H extension");
}

/// The cached kernel Image, or None (with a notice) outside CI.
fn kernel() -> Option<PathBuf> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/linux/build.sh");
    let out = Command::new("bash").arg(script).arg("--cached").output().expect("run bash");
    if out.status.success() {
        let path = String::from_utf8_lossy(&out.stdout).lines().last().unwrap_or("").to_string();
        return Some(PathBuf::from(path));
    }
    let why = String::from_utf8_lossy(&out.stderr);
    assert!(std::env::var("CI").is_err(), "CI must build the kernel first (.ci/run): {why}");
    eprintln!("notice: no Linux kernel ({}); skipping", why.trim());
    None
}

/// Boots the kernel over `firmware` and checks init's every line.
fn boots_to_init(firmware: ImageSource) {
    let Some(image) = kernel() else { return };
    let cfg = common::config(firmware, Some(ImageSource::file(image)), None);
    let run = common::run_config(cfg, BUDGET);
    eprintln!("{}", run.uart);
    check_init(&run.uart);
    for line in [HEMU_ISA, HEMU_MMU] {
        assert!(run.uart.lines().any(|l| l.trim_end() == line), "missing the line {line:?}: hemu's ISA and MMU");
    }
    assert_eq!(run.exit_code, Some(0), "init powers off cleanly ({:?})", run.outcome);
}

#[test]
fn linux_boots_to_init_on_hemu_sbi() {
    boots_to_init(ImageSource::bytes("hemu-sbi", images::FIRMWARE));
}

#[test]
fn linux_boots_to_init_on_opensbi_fw_jump() {
    if std::path::Path::new(OPENSBI_FW_JUMP).is_file() {
        boots_to_init(ImageSource::file(OPENSBI_FW_JUMP));
    }
}

#[test]
fn linux_boots_to_init_on_opensbi_fw_dynamic() {
    if std::path::Path::new(OPENSBI_FW_DYNAMIC).is_file() {
        boots_to_init(ImageSource::file(OPENSBI_FW_DYNAMIC));
    }
}

/// The reference: the same kernel on QEMU virt with its own OpenSBI.
#[test]
fn linux_boots_to_init_on_qemu() {
    let Some(image) = kernel() else { return };
    if !have_qemu() {
        eprintln!("notice: qemu-system-riscv64 not installed, skipping");
        return;
    }
    let args = ["-M", "virt", "-cpu", "rv64,h=true", "-m", "512M", "-bios", "default", "-kernel", &show(&image)];
    let run = run_qemu(&args, Duration::from_secs(300));
    eprintln!("{}", run.output);
    check_init(&run.output);
    assert_eq!(run.code, Some(0), "init powers off cleanly");
}
