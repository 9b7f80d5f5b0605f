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
//! Where the warm-up is part of hemu's figure (`WarmUp::Counted`), R is
//! hemu's own repeats; where it is left out (`WarmUp::Excluded`), the
//! run subtracted is one of hemu's repeats instead of none (see
//! `bench::WarmUp`).

use super::{patch, WarmUp, Workload};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub const QEMU: &str = "qemu-system-riscv64";

/// The work part of a timed run lasts at least this long.
pub const WORK_SECONDS: f64 = 0.3;

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

/// The repeats timed (R, less the base's) and the fastest time with R
/// repeats less the fastest with the base's (none, or hemu's repeats
/// where the warm-up is left out; R is hemu's repeats where it counts).
fn timed_difference(w: &Workload, elf: &[u8], dir: &Path) -> Result<(u64, f64), String> {
    let file = |repeat: u64| -> Result<PathBuf, String> {
        let path = dir.join(format!("{}-{repeat}.elf", w.program));
        std::fs::write(&path, patch::with_repeat(elf, repeat)?).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(path)
    };
    let from = match w.warm_up {
        WarmUp::Excluded => w.repeat,
        WarmUp::Negligible | WarmUp::Counted => 0,
    };
    let base = fastest(&file(from)?, TRIES)?;
    if w.warm_up == WarmUp::Counted {
        // A short difference: more tries for its fastest.
        let base = base.min(fastest(&file(0)?, TRIES)?);
        return Ok((w.repeat, fastest(&file(w.repeat)?, 2 * TRIES)? - base));
    }
    let mut repeat = from + 4;
    loop {
        let once = fastest(&file(repeat)?, 1)? - base;
        if once >= WORK_SECONDS || repeat >= 1 << 20 {
            break;
        }
        // Aim a little above the target, at most 16 times as many.
        let scale = (WORK_SECONDS * 1.3 / once.max(WORK_SECONDS / 16.0)).ceil() as u64;
        repeat = from + (repeat - from) * scale.clamp(2, 16);
    }
    Ok((repeat - from, fastest(&file(repeat)?, TRIES)? - base))
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
