//! Building the hypervisor with an exercise feature, as a student does (README,
//! "Exercises"), for the tests of `hemu grade` and of the book.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// One build of the hypervisor at a time: they share target directories.
static BUILD: Mutex<()> = Mutex::new(());

/// The workspace root (the book's commands run there).
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// `cargo build --release --target riscv64gc-unknown-none-elf -p hypervisor --features
/// FEATURES --target-dir TARGET_DIR` in the workspace, with the embedded guest (so the build
/// does not compile the guest again). Returns the ELF it built.
#[allow(dead_code)] // the grader's tests use hypervisor_with
pub fn build_hypervisor(features: &str, target_dir: &Path) -> PathBuf {
    let _one = BUILD.lock().unwrap_or_else(|e| e.into_inner());
    build(features, target_dir)
}

fn build(features: &str, target_dir: &Path) -> PathBuf {
    std::fs::create_dir_all(target_dir).unwrap();
    let guest = target_dir.join("guest.elf");
    std::fs::write(&guest, hemu::images::GUEST).unwrap();
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(workspace())
        .args(["build", "--release", "--target", "riscv64gc-unknown-none-elf", "-p", "hypervisor", "--features", features])
        .arg("--target-dir")
        .arg(target_dir)
        .env("HEMU_GUEST_ELF", &guest);
    for var in ["RUSTFLAGS", "RUSTDOCFLAGS", "RUSTC_WRAPPER", "RUSTC_WORKSPACE_WRAPPER", "CARGO_TARGET_DIR", "CARGO_BUILD_TARGET"] {
        cmd.env_remove(var);
    }
    let o = cmd.output().expect("cargo runs");
    assert!(o.status.success(), "building the hypervisor with {features} failed:\n{}", String::from_utf8_lossy(&o.stderr));
    target_dir.join("riscv64gc-unknown-none-elf/release/hypervisor")
}

/// The hypervisor built with `features` in `target/exercise`, copied out so that builds with
/// other features do not overwrite it.
#[allow(dead_code)] // the book's test builds into the book's own directory
pub fn hypervisor_with(features: &str) -> PathBuf {
    let _one = BUILD.lock().unwrap_or_else(|e| e.into_inner());
    let target_dir = workspace().join("target").join("exercise");
    let built = build(features, &target_dir);
    let copy = target_dir.join(format!("hypervisor-{features}.elf"));
    std::fs::copy(&built, &copy).unwrap();
    copy
}
