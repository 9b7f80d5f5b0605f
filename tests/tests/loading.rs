//! Loading images as QEMU does: ELF segments that begin with the ELF
//! headers below RAM (what `gcc -nostdlib -Wl,-Ttext=0x80000000` makes)
//! run, with the header bytes skipped and one warning; real code or data
//! outside RAM is still refused.

mod common;

use hemu::loader::{ImageSource, LoadError};
use hemu::machine::{Machine, MachineError};
use std::path::Path;
use std::process::Command;
use tests::elf::{self, asm, Load};

/// M-mode: write 0x5555 (pass) to the test finisher. `lui t0, 0x100;
/// lui t1, 0x5; addi t1, t1, 0x555; sw t1, 0(t0); j .`
const FINISH_PASS: [u32; 5] = [0x0010_02b7, 0x0000_5337, 0x5553_0313, 0x0062_a023, 0x0000_006f];
const FINISH_PASS_S: &str = ".globl _start\n_start:\nlui t0, 0x100\nlui t1, 0x5\naddi t1, t1, 0x555\nsw t1, 0(t0)\nj .\n";

/// The older binutils layout: one PT_LOAD from file offset 0 at 0x7ffff000,
/// the ELF headers, zero padding, then .text at 0x80000000.
fn headers_a_page_below_ram(padding_byte: u8) -> Vec<u8> {
    let mut file = vec![0u8; 0x1000];
    file[0x800] = padding_byte;
    file.extend(asm::bytes(&FINISH_PASS));
    let size = file.len() as u64;
    elf::executable(0x8000_0000, &[Load { offset: 0, addr: 0x7fff_f000, file_size: size, mem_size: size }], file)
}

fn machine(bios: ImageSource) -> Result<Machine, MachineError> {
    Machine::new(common::config(bios, None, None))
}

#[test]
fn headers_below_ram_are_skipped_with_a_warning() {
    let mut m = machine(ImageSource::bytes("headers.elf", headers_a_page_below_ram(0))).expect("loads");
    let warnings = &m.images()[0].warnings;
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("skipped bytes 0x7ffff000..0x80000000 outside RAM"), "{}", warnings[0]);
    m.run(Some(1000));
    assert_eq!(m.exit().map(|(code, _)| code), Some(0));
}

#[test]
fn code_or_data_below_ram_is_refused() {
    match machine(ImageSource::bytes("data.elf", headers_a_page_below_ram(0x5a))) {
        Err(MachineError::Load(LoadError::OutsideRam { start: 0x7fff_f000, .. })) => {}
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("bytes below RAM that are not headers must be refused"),
    }
}

/// The real thing: Debian's cross gcc (skipped when not installed; .ci/run
/// installs it), default (PIE) and -no-pie.
#[test]
fn gcc_nostdlib_ttext_elves_run() {
    let gcc = "riscv64-linux-gnu-gcc";
    if Command::new(gcc).arg("--version").output().is_err() {
        eprintln!("notice: {gcc} not installed (apt-get install gcc-riscv64-linux-gnu), skipping");
        return;
    }
    let dir = std::env::temp_dir().join(format!("hemu-loading-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let src = dir.join("finish.S");
    std::fs::write(&src, FINISH_PASS_S).unwrap();
    for flags in [&[][..], &["-no-pie"][..]] {
        let out = dir.join(format!("finish{}.elf", flags.join("")));
        let status = Command::new(gcc)
            .args(["-nostdlib", "-Wl,-Ttext=0x80000000"])
            .args(flags)
            .arg(&src)
            .arg("-o")
            .arg(&out)
            .status()
            .unwrap();
        assert!(status.success(), "{gcc} {flags:?} failed");
        let mut m = machine(ImageSource::file(Path::new(&out))).unwrap_or_else(|e| panic!("{flags:?}: {e}"));
        assert!(!m.images()[0].warnings.is_empty(), "{flags:?}: the header segment is reported");
        m.run(Some(1000));
        assert_eq!(m.exit().map(|(code, _)| code), Some(0), "{flags:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
