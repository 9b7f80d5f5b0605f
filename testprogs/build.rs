//! For the RISC-V target, links every test program at 0x8000_0000 (link.ld)
//! and the S-mode payload `sbi_hello` at 0x8020_0000 (link_payload.ld). On the
//! host nothing is linked specially: the binaries are stubs.
use std::fs;

fn main() {
    println!("cargo:rerun-if-changed=link.ld");
    println!("cargo:rerun-if-changed=link_payload.ld");
    println!("cargo:rerun-if-changed=src/bin");
    let target = std::env::var("TARGET").unwrap_or_default();
    if !target.starts_with("riscv64") {
        return;
    }
    let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let Ok(entries) = fs::read_dir(format!("{dir}/src/bin")) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("rs") {
            continue;
        }
        let Some(name) = path.file_stem().and_then(|s| s.to_str()) else { continue };
        let script = if name == "sbi_hello" { "link_payload.ld" } else { "link.ld" };
        println!("cargo:rustc-link-arg-bin={name}=-T{dir}/{script}");
    }
}
