//! Commands piped into `hemu run`'s standard input before anything runs
//! reach Debian's U-Boot prompt (u-boot-qemu, S-mode), over hemu-sbi and
//! over OpenSBI fw_jump: they wait in the UART's host-side queue while the
//! firmware and U-Boot start. (tests/tests/u_boot.rs feeds the machine
//! directly; this goes through the command line's stdin reader. The guests'
//! read_line gets its piped line in cli.rs.) Skipped without u-boot-qemu.

use std::io::Write;
use std::process::{Command, Stdio};

const U_BOOT: &str = "/usr/lib/u-boot/qemu-riscv64_smode/uboot.elf";
const FW_JUMP: &str = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf";
/// Two newlines first, as on QEMU: OpenSBI's 8250 driver reads RBR once as
/// it starts, and U-Boot takes a key to stop its autoboot.
const COMMANDS: &[u8] = b"\n\nversion\necho piped command ok\npoweroff\n";

fn piped_into_u_boot(bios: Option<&str>) {
    if !std::path::Path::new(U_BOOT).is_file() {
        eprintln!("notice: {U_BOOT} not installed (apt-get install u-boot-qemu), skipping");
        return;
    }
    let mut args = vec!["run", "--kernel", U_BOOT, "--max-instructions", "500000000"];
    if let Some(b) = bios {
        args.extend(["--bios", b]);
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_hemu"))
        .args(&args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run hemu");
    // Written and closed at once: all of it is there before U-Boot asks.
    child.stdin.take().unwrap().write_all(COMMANDS).unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    eprintln!("{text}\n{}", String::from_utf8_lossy(&out.stderr));
    for expected in ["=> version", "U-Boot 20", "=> echo piped command ok", "\npiped command ok", "=> poweroff"] {
        assert!(text.contains(expected), "missing {expected:?} in the output above");
    }
    assert_eq!(out.status.code(), Some(0), "poweroff ends the run");
}

#[test]
fn piped_commands_reach_u_boot_over_hemu_sbi() {
    piped_into_u_boot(None);
}

#[test]
fn piped_commands_reach_u_boot_over_opensbi_fw_jump() {
    if std::path::Path::new(FW_JUMP).is_file() {
        piped_into_u_boot(Some(FW_JUMP));
    }
}
