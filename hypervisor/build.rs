//! Build script: pass the linker script (RISC-V builds only) and produce the guest image
//! the hypervisor embeds.
//!
//! The guest comes from `HEMU_GUEST_ELF` if that is set, otherwise from a nested
//! `cargo build --release --target riscv64gc-unknown-none-elf -p guest` into its own target
//! directory (`<workspace>/target/guest-for-hypervisor`), run with the outer build's CARGO_* and
//! RUSTFLAGS variables removed so it is an ordinary, independent build.
//! The ELF is flattened here (host side) into `$OUT_DIR/guest.bin`, an image to be copied to
//! guest-physical 0x9000_0000, so the hypervisor needs no ELF loader.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

const GUEST_BASE: u64 = 0x9000_0000;
const RISCV_TARGET: &str = "riscv64gc-unknown-none-elf";

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let target = env::var("TARGET").unwrap_or_default();
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=hypervisor.ld");
    println!("cargo:rerun-if-env-changed=HEMU_GUEST_ELF");
    if !target.starts_with("riscv64") {
        return; // host build: only the stub main() is compiled
    }
    println!("cargo:rustc-link-arg=-T{}", manifest.join("hypervisor.ld").display());

    let workspace = manifest.parent().unwrap().to_path_buf();
    let guest_elf = match env::var_os("HEMU_GUEST_ELF") {
        Some(p) => {
            // A new guest built at the same path must be embedded again (the
            // variable itself does not change).
            println!("cargo:rerun-if-changed={}", PathBuf::from(&p).display());
            PathBuf::from(p)
        }
        None => build_guest(&workspace),
    };
    let elf = std::fs::read(&guest_elf)
        .unwrap_or_else(|e| panic!("cannot read guest ELF {}: {e}", guest_elf.display()));
    let image = flatten(&elf, GUEST_BASE);
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    std::fs::write(out.join("guest.bin"), image).unwrap();
}

/// Nested cargo build of the `guest` crate for the RISC-V target.
fn build_guest(workspace: &Path) -> PathBuf {
    let guest_dir = workspace.join("guest");
    println!("cargo:rerun-if-changed={}", guest_dir.display());
    println!("cargo:rerun-if-changed={}", workspace.join("defs").display());
    let target_dir = workspace.join("target").join("guest-for-hypervisor");
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(workspace)
        .args(["build", "--release", "--target", RISCV_TARGET, "-p", "guest", "--target-dir"])
        .arg(&target_dir);
    // Remove everything the outer cargo set for *this* build script so the nested build is
    // configured like a fresh command-line build (keep CARGO_HOME and rustup's toolchain choice).
    for (key, _) in env::vars_os() {
        let k = key.to_string_lossy();
        let outer = (k.starts_with("CARGO_") && k != "CARGO_HOME")
            || matches!(
                k.as_ref(),
                "RUSTFLAGS" | "RUSTC" | "RUSTC_WRAPPER" | "RUSTC_WORKSPACE_WRAPPER" | "RUSTDOC"
                    | "TARGET" | "HOST" | "OUT_DIR" | "OPT_LEVEL" | "PROFILE" | "DEBUG"
                    | "NUM_JOBS" | "RUSTC_LINKER" | "MAKEFLAGS" | "MFLAGS"
            );
        if outer {
            cmd.env_remove(&key);
        }
    }
    let status = cmd.status().expect("failed to run nested cargo for the guest");
    assert!(status.success(), "building the guest failed");
    target_dir.join(RISCV_TARGET).join("release").join("guest")
}

/// Copy every PT_LOAD segment of a little-endian ELF64 to its place in a flat image that
/// starts at `base` (bytes between segments and .bss are zero). The entry must be `base`.
fn flatten(elf: &[u8], base: u64) -> Vec<u8> {
    let u16_at = |o: usize| u16::from_le_bytes(elf[o..o + 2].try_into().unwrap()) as usize;
    let u32_at = |o: usize| u32::from_le_bytes(elf[o..o + 4].try_into().unwrap());
    let u64_at = |o: usize| u64::from_le_bytes(elf[o..o + 8].try_into().unwrap());
    assert!(elf.len() > 64 && &elf[..4] == b"\x7fELF" && elf[4] == 2, "not an ELF64 file");
    let entry = u64_at(24);
    assert_eq!(entry, base, "guest entry point must be {base:#x}");
    let (phoff, phentsize, phnum) = (u64_at(32) as usize, u16_at(54), u16_at(56));
    let mut image = Vec::new();
    for i in 0..phnum {
        let ph = phoff + i * phentsize;
        if u32_at(ph) != 1 {
            continue; // only PT_LOAD matters
        }
        let (offset, paddr, filesz, memsz) =
            (u64_at(ph + 8) as usize, u64_at(ph + 24), u64_at(ph + 32) as usize, u64_at(ph + 40) as usize);
        if memsz == 0 {
            continue;
        }
        assert!(paddr >= base, "segment at {paddr:#x} below the guest base");
        let start = (paddr - base) as usize;
        if image.len() < start + memsz {
            image.resize(start + memsz, 0);
        }
        image[start..start + filesz].copy_from_slice(&elf[offset..offset + filesz]);
    }
    image
}
