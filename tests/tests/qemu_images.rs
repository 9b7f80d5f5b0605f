//! Validates hemu's embedded images on QEMU (the reference): every test
//! program passes on `-M spike` (HTIF exit status 0; `-cpu` with Zfh, and
//! without the programs of extensions QEMU 7.2 lacks), and sbi_hello passes
//! under hemu-sbi and under OpenSBI on `-M virt`. Skipped, with a notice,
//! when qemu-system-riscv64 is not installed (CI installs it).

use std::time::Duration;

use tests::{have_qemu, images, images_dir, run_qemu, show, OPENSBI_FW_JUMP, SBI_HELLO_PASSED};

const TIMEOUT: Duration = Duration::from_secs(60);

/// Test programs of extensions QEMU 7.2 does not implement (Zfa and Zcb
/// came in QEMU 8.0): they run on hemu only.
const NOT_IN_QEMU_7_2: &[&str] = &["rv64uzfa_zcb"];

fn run_on_qemu_spike(elf: &std::path::Path) -> Option<i32> {
    run_qemu(&["-M", "spike", "-cpu", "rv64,h=true,Zfh=true", "-bios", &show(elf)], TIMEOUT).code
}

#[test]
fn test_programs_pass_on_qemu_spike() {
    if !have_qemu() {
        eprintln!("notice: qemu-system-riscv64 not found, skipping the QEMU cross-check");
        return;
    }
    let dir = images_dir("qemu-spike");
    let mut failed = Vec::new();
    for p in images::test_programs().iter().filter(|p| !NOT_IN_QEMU_7_2.contains(&p.name)) {
        let code = run_on_qemu_spike(&dir.join("testprogs").join(format!("{}.elf", p.name)));
        eprintln!("{}: exit {code:?}", p.name);
        if code != Some(0) {
            failed.push(format!("{} (exit {code:?} = failing test number)", p.name));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failed.is_empty(), "failed on QEMU: {failed:?}");
}

#[test]
fn sbi_hello_passes_under_hemu_sbi_on_qemu_virt() {
    if !have_qemu() {
        eprintln!("notice: qemu-system-riscv64 not found, skipping");
        return;
    }
    let dir = images_dir("qemu-fw");
    for cpu in ["rv64,h=true", "rv64,h=false,sstc=false"] {
        let run = run_qemu(
            &[
                "-M", "virt", "-cpu", cpu,
                "-bios", &show(&dir.join("firmware.elf")),
                "-kernel", &show(&dir.join("sbi_hello.elf")),
            ],
            TIMEOUT,
        );
        eprintln!("--- {cpu} ---\n{}", run.output);
        assert!(run.output.contains("hemu-sbi v"), "banner");
        assert!(run.output.contains("Platform name      : riscv-virtio,qemu"));
        assert!(run.output.contains("ISA (device tree)  : rv64imafdc"));
        assert!(run.output.contains("Console device     : ns16550a @ 0x10000000"));
        assert!(run.output.contains(SBI_HELLO_PASSED), "sbi_hello checks");
        assert_eq!(run.code, Some(0));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sbi_hello_passes_under_opensbi_on_qemu_virt() {
    if !have_qemu() || !std::path::Path::new(OPENSBI_FW_JUMP).exists() {
        eprintln!("notice: qemu-system-riscv64 or {OPENSBI_FW_JUMP} missing, skipping");
        return;
    }
    let dir = images_dir("qemu-opensbi");
    let run = run_qemu(
        &[
            "-M", "virt", "-cpu", "rv64,h=true",
            "-bios", OPENSBI_FW_JUMP,
            "-kernel", &show(&dir.join("sbi_hello.elf")),
        ],
        TIMEOUT,
    );
    eprintln!("{}", run.output);
    assert!(run.output.contains("OpenSBI v"));
    assert!(run.output.contains(SBI_HELLO_PASSED));
    assert_eq!(run.code, Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}
