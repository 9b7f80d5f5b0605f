//! What hemu costs the host outside the workloads: start-up (a tiny ELF
//! run to its exit, as a process) and the default boot's peak resident
//! memory. Measured by running the hemu executable as a child process.

use super::{patch, WORKLOADS};
use crate::images;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// Runs of the tiny ELF; the fastest counts.
const TRIES: u32 = 5;

/// The fastest of a few runs of `hemu run --bios` on the M-mode workload
/// with no repeats (the harness alone: a few dozen instructions to exit).
pub fn startup_seconds(hemu: &Path) -> Result<f64, String> {
    let w = &WORKLOADS[super::BASELINE];
    let elf = images::test_program(w.program).ok_or("the bench images are not embedded")?.elf;
    let path = std::env::temp_dir().join(format!("hemu-bench-tiny-{}.elf", std::process::id()));
    std::fs::write(&path, patch::with_repeat(elf, 0)?).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut best = f64::INFINITY;
    let mut result = Ok(());
    for _ in 0..TRIES {
        let start = Instant::now();
        let status = Command::new(hemu)
            .arg("run")
            .arg("--bios")
            .arg(&path)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        match status {
            Ok(s) if s.success() => best = best.min(start.elapsed().as_secs_f64()),
            Ok(s) => result = Err(format!("hemu run --bios (tiny ELF) exited with {s}")),
            Err(e) => result = Err(format!("{}: {e}", hemu.display())),
        }
    }
    let _ = std::fs::remove_file(&path);
    result.map(|()| best)
}

/// The peak resident set of `hemu` booting its embedded images (no
/// arguments), in bytes (Linux: the child's `ru_maxrss`, which also
/// counts the parent's peak when the child was started by vfork: call
/// this before the parent grows).
#[cfg(target_os = "linux")]
pub fn boot_peak_rss(hemu: &Path) -> Result<u64, String> {
    let child = Command::new(hemu)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{}: {e}", hemu.display()))?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: plain system call on our own child, with valid out pointers;
    // `child` is never waited for through std, so the pid is not reused.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    if r != pid {
        return Err("waiting for the default boot failed".to_string());
    }
    if !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        return Err("the default boot did not exit with status 0".to_string());
    }
    Ok(usage.ru_maxrss as u64 * 1024)
}

#[cfg(not(target_os = "linux"))]
pub fn boot_peak_rss(_: &Path) -> Result<u64, String> {
    Err("measured on Linux only".to_string())
}
