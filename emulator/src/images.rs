//! The RISC-V images built with hemu (see `emulator/build.rs`) and embedded in
//! it: the default firmware, the teaching hypervisor, its guest, the SBI demo
//! payload and the self-checking test programs.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// hemu's own M-mode SBI firmware (ELF), linked at 0x8000_0000: the default BIOS.
pub const FIRMWARE: &[u8] = include_bytes!(env!("HEMU_FIRMWARE_ELF"));

/// The teaching hypervisor (ELF), an HS-mode payload linked at 0x8020_0000.
pub const HYPERVISOR: &[u8] = include_bytes!(env!("HEMU_HYPERVISOR_ELF"));

/// The guest OS (ELF) that the hypervisor runs in VS-mode.
pub const GUEST: &[u8] = include_bytes!(env!("HEMU_GUEST_ELF"));

/// A small S-mode payload (ELF, linked at 0x8020_0000) that prints through the
/// SBI console, probes some SBI extensions and shuts down through SBI SRST.
pub const SBI_HELLO: &[u8] = include_bytes!(env!("HEMU_SBI_HELLO_ELF"));

/// A self-checking bare-metal test program in the riscv-tests convention:
/// linked at 0x8000_0000, entered in M-mode, it reports through the HTIF
/// `tohost` symbol: 1 means pass, `(testnum << 1) | 1` means test `testnum`
/// failed.
#[derive(Clone, Copy, Debug)]
pub struct TestProgram {
    /// The binary's name, e.g. `rv64ui_alu`.
    pub name: &'static str,
    /// The ELF file.
    pub elf: &'static [u8],
}

include!(concat!(env!("OUT_DIR"), "/testprogs.rs"));

/// Every self-checking test program, sorted by name.
pub fn test_programs() -> &'static [TestProgram] {
    TEST_PROGRAMS
}

/// Looks a test program up by name.
pub fn test_program(name: &str) -> Option<&'static TestProgram> {
    TEST_PROGRAMS.iter().find(|p| p.name == name)
}

/// Writes every embedded image into `dir` (created if missing) as
/// `firmware.elf`, `hypervisor.elf`, `guest.elf`, `sbi_hello.elf` and
/// `testprogs/<name>.elf`, and returns the paths written.
pub fn write_all(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    fs::create_dir_all(dir)?;
    let top = [
        ("firmware.elf", FIRMWARE),
        ("hypervisor.elf", HYPERVISOR),
        ("guest.elf", GUEST),
        ("sbi_hello.elf", SBI_HELLO),
    ];
    for (name, bytes) in top {
        let path = dir.join(name);
        fs::write(&path, bytes)?;
        written.push(path);
    }
    let progs = dir.join("testprogs");
    fs::create_dir_all(&progs)?;
    for p in TEST_PROGRAMS {
        let path = progs.join(format!("{}.elf", p.name));
        fs::write(&path, p.elf)?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ELF_MAGIC: &[u8] = b"\x7fELF";

    #[test]
    fn images_are_riscv64_elf_files() {
        for image in [FIRMWARE, HYPERVISOR, GUEST, SBI_HELLO] {
            assert!(image.starts_with(ELF_MAGIC));
            assert_eq!(image[4], 2, "ELFCLASS64");
            assert_eq!(u16::from_le_bytes([image[18], image[19]]), 243, "EM_RISCV");
        }
        assert!(!test_programs().is_empty());
        for p in test_programs() {
            assert!(p.elf.starts_with(ELF_MAGIC), "{}", p.name);
        }
    }

    #[test]
    fn write_all_writes_every_image() {
        let dir = std::env::temp_dir().join(format!("hemu-images-test-{}", std::process::id()));
        let paths = write_all(&dir).unwrap();
        assert_eq!(paths.len(), 4 + test_programs().len());
        assert!(paths.iter().all(|p| p.is_file()));
        let _ = fs::remove_dir_all(&dir);
    }
}
