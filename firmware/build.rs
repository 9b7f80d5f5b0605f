//! Links the firmware at 0x8000_0000 with link.ld, only for the RISC-V target
//! (on the host the crate is a stub so `cargo build --workspace` works).
fn main() {
    println!("cargo:rerun-if-changed=link.ld");
    let target = std::env::var("TARGET").unwrap_or_default();
    if target.starts_with("riscv64") {
        let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
        println!("cargo:rustc-link-arg-bins=-T{dir}/link.ld");
    }
}
