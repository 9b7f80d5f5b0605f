//! Build script for the guest kernel (RISC-V builds only): pass the linker script, and build
//! the user apps in src/apps/ one by one with rustc (each is a tiny `no_std` program linked at
//! 0x4000_0000 by src/apps/apps.ld), flatten each into `$OUT_DIR/<app>.bin` and generate
//! `$OUT_DIR/apps.rs`, the table of apps the kernel embeds with include_bytes!.

use std::env;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The apps, in the order the kernel starts them.
const APPS: [&str; 6] = ["hello", "spin", "cpu_bound", "illegal", "store_kernel", "read_line"];
const USER_BASE: u64 = 0x4000_0000;

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let target = env::var("TARGET").unwrap_or_default();
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=guest.ld");
    println!("cargo:rerun-if-changed=src/apps");
    if !target.starts_with("riscv64") {
        return;
    }
    println!("cargo:rustc-link-arg=-T{}", manifest.join("guest.ld").display());

    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let apps_dir = manifest.join("src").join("apps");
    // rustc runs in the workspace root on a relative source path, as cargo compiles workspace
    // members: the paths in the apps' panic messages are then `guest/src/apps/...` wherever the
    // repository is checked out, so the images (and every address and step count a test or the
    // book shows) do not depend on the checkout's path.
    let workspace = manifest.parent().unwrap().to_path_buf();
    let mut table = String::from("/// (name, flat image for user address 0x4000_0000)\npub static APPS: &[(&str, &[u8])] = &[\n");
    for app in APPS {
        let elf = out.join(format!("{app}.elf"));
        let status = Command::new(&rustc)
            .args(["--edition", "2021", "--crate-type", "bin", "--crate-name", app])
            .args(["--target", &target, "-C", "opt-level=2", "-C", "panic=abort", "-C", "debuginfo=0"])
            .arg(format!("-Clink-arg=-T{}", apps_dir.join("apps.ld").display()))
            .arg("-o")
            .arg(&elf)
            .arg(Path::new("guest/src/apps").join(format!("{app}.rs")))
            .current_dir(&workspace)
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .status()
            .expect("failed to run rustc for a guest app");
        assert!(status.success(), "building app {app} failed");
        let image = flatten(&std::fs::read(&elf).unwrap(), USER_BASE);
        let bin = out.join(format!("{app}.bin"));
        std::fs::write(&bin, image).unwrap();
        writeln!(table, "    ({app:?}, include_bytes!({:?})),", bin.display().to_string()).unwrap();
    }
    table.push_str("];\n");
    std::fs::write(out.join("apps.rs"), table).unwrap();
}

/// Copy every PT_LOAD segment of a little-endian ELF64 into a flat image starting at `base`.
fn flatten(elf: &[u8], base: u64) -> Vec<u8> {
    let u16_at = |o: usize| u16::from_le_bytes(elf[o..o + 2].try_into().unwrap()) as usize;
    let u32_at = |o: usize| u32::from_le_bytes(elf[o..o + 4].try_into().unwrap());
    let u64_at = |o: usize| u64::from_le_bytes(elf[o..o + 8].try_into().unwrap());
    assert!(elf.len() > 64 && &elf[..4] == b"\x7fELF" && elf[4] == 2, "not an ELF64 file");
    assert_eq!(u64_at(24), base, "app entry point must be {base:#x}");
    let (phoff, phentsize, phnum) = (u64_at(32) as usize, u16_at(54), u16_at(56));
    let mut image = Vec::new();
    for i in 0..phnum {
        let ph = phoff + i * phentsize;
        if u32_at(ph) != 1 {
            continue;
        }
        let (offset, vaddr, filesz, memsz) =
            (u64_at(ph + 8) as usize, u64_at(ph + 16), u64_at(ph + 32) as usize, u64_at(ph + 40) as usize);
        if memsz == 0 {
            continue;
        }
        assert!(vaddr >= base, "segment below the app base");
        let start = (vaddr - base) as usize;
        if image.len() < start + memsz {
            image.resize(start + memsz, 0);
        }
        image[start..start + filesz].copy_from_slice(&elf[offset..offset + filesz]);
    }
    image
}
