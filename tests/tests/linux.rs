//! Linux boots on hemu to our init (tests/linux/init.c), whose checks pass:
//! the initrd given with --initrd, /proc/cpuinfo's isa and mmu, U-mode
//! rdtime and the vDSO's clock_gettime, a timer sleep, fork/exec/wait,
//! memory pressure, and a KVM virtual machine run by our VMM
//! (tests/linux/vmm.c) whose guest prints through SBI, takes a timer
//! interrupt and makes MMIO accesses that exit to the VMM; then it powers
//! off through SBI SRST (exit 0). With hemu-sbi, Debian's OpenSBI
//! fw_jump and fw_dynamic, and the same kernel on QEMU (when installed) as
//! the reference.
//!
//! The kernel comes from tests/linux/build.sh, which .ci/run runs before
//! `cargo test`; these tests only ask it for the cached kernel
//! (`--cached`) and skip with a notice when there is none, except under CI
//! (CI=true), where a missing kernel is a failure.

mod common;

use hemu::loader::ImageSource;
use hemu::MachineConfig;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;
use tests::{have_qemu, images, run_qemu, show, OPENSBI_FW_DYNAMIC, OPENSBI_FW_JUMP};

/// Linux's boot plus init's checks take about 50 million instructions, the
/// memory pressure about 300 million more, the KVM guest a few million.
const BUDGET: u64 = 3_000_000_000;

/// Every line init prints when all is well, in order.
const INIT_LINES: &[&str] = &[
    "init: hello from user space",
    "init: initrd: hemu initrd marker 5f3a",
    "init: the initrd's /initrd-marker is there: ok",
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
    "init: kvm: /dev/kvm speaks API version 12: ok",
    "init: kvm: a VM with 64 KiB of RAM and one vcpu (pc, a0, a1 set): ok",
    "init: kvm: guest: hello from a KVM guest",
    "init: kvm: the guest prints through SBI DBCN (KVM_EXIT_RISCV_SBI): ok",
    "init: kvm: the guest takes a timer interrupt (SBI set_timer, wfi, stvec): ok",
    "init: kvm: MMIO loads exit to the VMM (KVM_EXIT_MMIO) and the guest gets its answers: ok",
    "init: kvm: MMIO stores exit to the VMM with the guest's values: ok",
    "init: kvm: the guest powers off through SBI SRST (KVM_EXIT_SYSTEM_EVENT): ok",
    "init: all checks passed, powering off",
];

/// The ISA and MMU the kernel sees on hemu (its device tree's
/// riscv,isa-extensions and mmu-type; QEMU 7.2 says more).
const HEMU_ISA: &str = "init: cpuinfo isa\t\t: rv64imafdch_zicbom_zicboz_zicntr_zicond_zicsr_zifencei_zihintntl_zihintpause_zihpm_zimop_zfa_zfh_zfhmin_zca_zcb_zcd_zcmop_zba_zbb_zbc_zbkb_zbkc_zbkx_zbs_smstateen_sscofpmf_sstc_svinval_svnapot_svpbmt";
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

/// The cached kernel Image and the initrd beside it, or None (with a
/// notice) outside CI.
fn kernel() -> Option<(PathBuf, PathBuf)> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/linux/build.sh");
    let out = Command::new("bash").arg(script).arg("--cached").output().expect("run bash");
    if out.status.success() {
        let image = PathBuf::from(String::from_utf8_lossy(&out.stdout).lines().last().unwrap_or(""));
        let initrd = image.with_file_name("initrd.cpio");
        return Some((image, initrd));
    }
    let why = String::from_utf8_lossy(&out.stderr);
    assert!(std::env::var("CI").is_err(), "CI must build the kernel first (.ci/run): {why}");
    eprintln!("notice: no Linux kernel ({}); skipping", why.trim());
    None
}

/// Boots the kernel (with its initrd) over `firmware` and checks init's
/// every line.
fn boots_to_init(firmware: ImageSource) {
    let Some((image, initrd)) = kernel() else { return };
    let cfg = MachineConfig {
        initrd: Some(ImageSource::file(initrd)),
        ..common::config(firmware, Some(ImageSource::file(image)), None)
    };
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

/// `hemu bench`'s Linux workload (emulator/src/bench/linux.rs): asked on
/// the kernel command line, init skips its checks, runs its loop between
/// the two lines the bench times, and powers off.
#[test]
fn init_runs_the_bench_loop_when_asked() {
    let Some((image, _)) = kernel() else { return };
    let firmware = ImageSource::bytes("hemu-sbi", images::FIRMWARE);
    let iterations = 1000;
    let args = format!("console=ttyS0 earlycon=sbi hemu_bench={iterations}");
    let run = common::run_config(common::config(firmware, Some(ImageSource::file(image)), Some(&args)), BUDGET);
    eprintln!("{}", run.uart);
    let start = format!("init: bench: loop start ({iterations} x {} instructions)", hemu::bench::linux::BODY);
    let lines: Vec<&str> = run.uart.lines().filter(|l| l.starts_with("init: ")).collect();
    assert_eq!(lines.len(), 3, "init prints three lines: {lines:?}");
    assert!(lines[0].starts_with("init: hello from user space"), "{lines:?}");
    assert_eq!(lines[1], start);
    assert!(lines[2].starts_with("init: bench: loop done ("), "{lines:?}");
    assert_eq!(run.exit_code, Some(0), "init powers off cleanly ({:?})", run.outcome);
}

/// The reference: the same kernel on QEMU virt with its own OpenSBI.
#[test]
fn linux_boots_to_init_on_qemu() {
    let Some((image, initrd)) = kernel() else { return };
    if !have_qemu() {
        eprintln!("notice: qemu-system-riscv64 not installed, skipping");
        return;
    }
    let (image, initrd) = (show(&image), show(&initrd));
    let args = ["-M", "virt", "-cpu", "rv64,h=true", "-m", "512M", "-bios", "default", "-kernel", &image, "-initrd", &initrd];
    let run = run_qemu(&args, Duration::from_secs(300));
    eprintln!("{}", run.output);
    check_init(&run.output);
    assert_eq!(run.code, Some(0), "init powers off cleanly");
}
