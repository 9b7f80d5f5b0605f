//! Debian's U-Boot (u-boot-qemu, S-mode) reaches its prompt on hemu, over
//! hemu-sbi and over OpenSBI fw_jump, and takes commands piped in before it
//! runs: they wait in the UART's host-side queue through the firmware's and
//! U-Boot's FIFO resets. Two bytes go before the commands, as on QEMU:
//! OpenSBI's 8250 driver reads RBR once while it starts (to clear a pending
//! interrupt), and U-Boot consumes the key that stops autoboot; a spare
//! newline at U-Boot's prompt is an empty command.

mod common;

use hemu::loader::ImageSource;
use hemu::machine::Machine;
use tests::{images, OPENSBI_FW_JUMP};

const U_BOOT: &str = "/usr/lib/u-boot/qemu-riscv64_smode/uboot.elf";
const COMMANDS: &[u8] = b"\n\nversion\necho piped command ok\npoweroff\n";

fn takes_piped_commands(firmware: ImageSource) {
    if !std::path::Path::new(U_BOOT).is_file() {
        eprintln!("notice: {U_BOOT} not installed (apt-get install u-boot-qemu), skipping");
        return;
    }
    let cfg = common::config(firmware, Some(ImageSource::file(U_BOOT)), None);
    let mut m = Machine::new(cfg).expect("machine");
    m.push_input(COMMANDS);
    m.run(Some(500_000_000));
    let out = m.output_string();
    eprintln!("{out}");
    for expected in ["=> version", "U-Boot 20", "=> echo piped command ok", "\npiped command ok", "=> poweroff"] {
        assert!(out.contains(expected), "missing {expected:?} in the output above");
    }
    assert_eq!(m.exit().map(|(code, _)| code), Some(0), "poweroff ends the run");
}

#[test]
fn u_boot_takes_piped_commands_over_hemu_sbi() {
    takes_piped_commands(ImageSource::bytes("hemu-sbi", images::FIRMWARE));
}

#[test]
fn u_boot_takes_piped_commands_over_opensbi_fw_jump() {
    if std::path::Path::new(OPENSBI_FW_JUMP).is_file() {
        takes_piped_commands(ImageSource::file(OPENSBI_FW_JUMP));
    }
}
