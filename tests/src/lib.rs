//! Helpers shared by the system tests in `tests/`: where the images are, and
//! how to run them on QEMU (used to validate the images themselves) and on
//! hemu (see `tests/common/mod.rs`), and the normalized form of a
//! hypervisor run's transcript ([`transcript`]).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

pub use hemu::images;

pub mod elf;
pub mod transcript;

/// Debian's OpenSBI fw_jump firmware (package `opensbi`).
pub const OPENSBI_FW_JUMP: &str = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf";

/// Debian's OpenSBI fw_dynamic firmware (what QEMU boots by default): it
/// needs the boot ROM's fw_dynamic info block in a2.
pub const OPENSBI_FW_DYNAMIC: &str = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.elf";

/// The strings a checked sbi_hello run must print (besides the firmware's).
pub const SBI_HELLO_PASSED: &str = "sbi_hello: all checks passed, shutting down via SBI SRST";

/// Writes all embedded images to a fresh directory under the target's temp
/// dir and returns it.
pub fn images_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hemu-tests-{tag}-{}", std::process::id()));
    images::write_all(&dir).expect("write the embedded images");
    dir
}

/// True when `qemu-system-riscv64` can be run.
pub fn have_qemu() -> bool {
    Command::new("qemu-system-riscv64")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

/// Result of one QEMU run.
pub struct QemuRun {
    /// Exit status (None: killed by the timeout).
    pub code: Option<i32>,
    /// Serial console output.
    pub output: String,
}

/// Runs QEMU with `args` (plus -nographic, no stdin), killing it after
/// `timeout`.
pub fn run_qemu(args: &[&str], timeout: Duration) -> QemuRun {
    let mut child = Command::new("qemu-system-riscv64")
        .args(["-nographic", "-monitor", "none", "-serial", "stdio"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn qemu-system-riscv64");
    let start = std::time::Instant::now();
    let code = loop {
        match child.try_wait().expect("wait for qemu") {
            Some(status) => break status.code(),
            None if start.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            None => std::thread::sleep(Duration::from_millis(20)),
        }
    };
    let output = child.wait_with_output().map(|o| o.stdout).unwrap_or_default();
    QemuRun { code, output: String::from_utf8_lossy(&output).into_owned() }
}

/// Path helper for messages.
pub fn show(p: &Path) -> String {
    p.display().to_string()
}

/// The device tree `dtb` as dtc's source text; None if dtc is missing.
pub fn dtc_decompile(dtb: &[u8]) -> Option<String> {
    use std::io::Write;
    let mut child = Command::new("dtc")
        .args(["-I", "dtb", "-O", "dts", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(dtb).ok()?;
    let out = child.wait_with_output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}
