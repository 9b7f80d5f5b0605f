//! The same workloads on qemu-system-riscv64 (`-M spike`, whose HTIF
//! `tohost` ends the run with the program's status, as hemu's does).
//!
//! Timing QEMU fairly from outside: a run's wall clock includes QEMU's
//! start-up and the harness, so each workload runs twice with the same ELF
//! bytes hemu runs, patched (`patch::with_repeat`): with no repeats of the
//! work (start-up to exit) and with R repeats, R chosen so the work takes
//! at least `WORK_SECONDS`. The time per unit is the difference over R
//! times the units of one repeat (instructions as hemu counts them for
//! the same program, or round trips); each time is the fastest of `TRIES`.

use super::{patch, Workload};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub const QEMU: &str = "qemu-system-riscv64";

/// The work part of a timed run lasts at least this long.
const WORK_SECONDS: f64 = 0.3;

/// Runs per timing; the fastest counts.
const TRIES: u32 = 3;

/// A run that takes longer is stopped (and the comparison fails).
const TIMEOUT: Duration = Duration::from_secs(120);

/// The first line of `qemu-system-riscv64 --version`, or None if it is
/// not installed.
pub fn version() -> Option<String> {
    let out = Command::new(QEMU).arg("--version").stdin(Stdio::null()).output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    out.status.success().then(|| text.lines().next().unwrap_or("").trim().to_string())
}

/// Seconds QEMU takes per unit of `w` (see the module doc).
pub fn measure(w: &Workload, elf: &[u8], units_per_repeat: u64) -> Result<f64, String> {
    let dir = std::env::temp_dir().join(format!("hemu-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let r = timed_difference(w, elf, &dir);
    let _ = std::fs::remove_dir_all(&dir);
    let (repeat, seconds) = r?;
    Ok(seconds.max(0.0) / (repeat * units_per_repeat.max(1)) as f64)
}

/// The repeat count R and the fastest time with R repeats less the
/// fastest with none.
fn timed_difference(w: &Workload, elf: &[u8], dir: &Path) -> Result<(u64, f64), String> {
    let file = |repeat: u64| -> Result<PathBuf, String> {
        let path = dir.join(format!("{}-{repeat}.elf", w.program));
        std::fs::write(&path, patch::with_repeat(elf, repeat)?).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(path)
    };
    let base = fastest(&file(0)?, TRIES)?;
    let mut repeat = 4u64;
    loop {
        let once = fastest(&file(repeat)?, 1)? - base;
        if once >= WORK_SECONDS || repeat >= 1 << 20 {
            break;
        }
        // Aim a little above the target, at most 16 times as many.
        let scale = (WORK_SECONDS * 1.3 / once.max(WORK_SECONDS / 16.0)).ceil() as u64;
        repeat *= scale.clamp(2, 16);
    }
    Ok((repeat, fastest(&file(repeat)?, TRIES)? - base))
}

/// The fastest of `tries` runs of `elf` on QEMU, in seconds; an error if
/// a run does not pass.
fn fastest(elf: &Path, tries: u32) -> Result<f64, String> {
    let mut best = f64::INFINITY;
    for _ in 0..tries {
        best = best.min(run_once(elf)?);
    }
    Ok(best)
}

fn run_once(elf: &Path) -> Result<f64, String> {
    let start = Instant::now();
    let mut child = Command::new(QEMU)
        .args(["-M", "spike", "-cpu", "rv64,h=true", "-nographic", "-bios"])
        .arg(elf)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{QEMU}: {e}"))?;
    loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            let seconds = start.elapsed().as_secs_f64();
            return if status.success() {
                Ok(seconds)
            } else {
                Err(format!("{} failed on {QEMU} ({status})", elf.display()))
            };
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("{} did not finish on {QEMU} in {} s", elf.display(), TIMEOUT.as_secs()));
        }
        std::thread::sleep(Duration::from_micros(500));
    }
}
