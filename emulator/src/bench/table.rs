//! The report as a table: each workload's figure on hemu, its ratio to
//! the M-mode mix of the same run (speed as a share of it; a round trip as
//! a multiple of its time per instruction), QEMU's figure and hemu's speed
//! as a multiple of QEMU's; then the Linux rows in the same columns.

use super::{LinuxRow, Report, Unit, BASELINE};
use std::fmt;

/// A time per unit as the table shows it: MIPS, or the time of one trip.
fn figure(unit: Unit, seconds: f64) -> String {
    match unit {
        Unit::Instructions => format!("{:.0} MIPS", 1e-6 / seconds),
        Unit::Trips if seconds >= 1e-6 => format!("{:.2} us", seconds * 1e6),
        Unit::Trips => format!("{:.0} ns", seconds * 1e9),
        Unit::Run => format!("{seconds:.2} s"),
    }
}

/// The row's figure against the M-mode mix's time per instruction `m`.
fn against_m(unit: Unit, s: f64, m: f64) -> String {
    match unit {
        Unit::Instructions => format!("{:.0}% of M", 100.0 * m / s),
        Unit::Trips => format!("{:.0}x M instr", s / m),
        Unit::Run => "-".to_string(),
    }
}

/// QEMU's columns: its figure and hemu's speed as a multiple of it.
fn qemu_columns(f: &mut fmt::Formatter<'_>, unit: Unit, hemu: f64, qemu: &Option<Result<f64, String>>) -> fmt::Result {
    match qemu {
        Some(Ok(q)) => write!(f, " {:>10} {:>11.2}x", figure(unit, *q), q / hemu),
        Some(Err(_)) => write!(f, " {:>10} {:>12}", "-", "-"),
        None => Ok(()),
    }
}

/// A Linux row: hemu's figure (or "-"), its ratio to the M-mode mix, QEMU's.
fn linux_row(f: &mut fmt::Formatter<'_>, row: &LinuxRow, m: f64) -> fmt::Result {
    match &row.hemu {
        Ok(s) => {
            write!(f, "{:<28} {:>10} {:>14}", row.name, figure(row.unit, *s), against_m(row.unit, *s, m))?;
            qemu_columns(f, row.unit, *s, &row.qemu)?;
        }
        Err(_) => {
            write!(f, "{:<28} {:>10} {:>14}", row.name, "-", "-")?;
            qemu_columns(f, row.unit, f64::NAN, &row.qemu)?;
        }
    }
    writeln!(f)
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.rows.get(BASELINE).map_or(f64::NAN, |r| r.hemu.seconds_per_unit);
        let qemu = self.qemu_version.is_some() || self.rows.iter().any(|r| r.qemu.is_some());
        write!(f, "{:<28} {:>10} {:>14}", "workload", "hemu", "vs M-mode")?;
        if qemu {
            write!(f, " {:>10} {:>12}", "QEMU", "hemu/QEMU")?;
        }
        writeln!(f, "{}", if self.jit { "" } else { "   (--no-jit)" })?;
        for row in &self.rows {
            let (unit, s) = (row.workload.unit, row.hemu.seconds_per_unit);
            write!(f, "{:<28} {:>10} {:>14}", row.workload.name, figure(unit, s), against_m(unit, s, m))?;
            qemu_columns(f, unit, s, &row.qemu)?;
            writeln!(f)?;
        }
        for row in &self.linux {
            linux_row(f, row, m)?;
        }
        for row in &self.rows {
            if let Some(Err(e)) = &row.qemu {
                writeln!(f, "QEMU, {}: {e}", row.workload.name)?;
            }
        }
        // The Linux rows share their runs: each reason once.
        let mut reasons: Vec<&String> = Vec::new();
        for row in &self.linux {
            for e in [row.hemu.as_ref().err(), row.qemu.as_ref().and_then(|q| q.as_ref().err())].into_iter().flatten() {
                if !reasons.contains(&e) {
                    reasons.push(e);
                }
            }
        }
        for e in reasons {
            writeln!(f, "Linux, {e}")?;
        }
        if let Some(v) = &self.qemu_version {
            writeln!(f, "QEMU: {v} (-M spike; time = run with R repeats - run with none, fastest of 3; warm: - run with hemu's repeats; from reset: R = hemu's repeats)")?;
            if !self.linux.is_empty() {
                writeln!(f, "Linux: -M virt with its OpenSBI; hemu over its firmware; both timed by init's lines, fastest of 3")?;
            }
        }
        let instructions: u64 = self.rows.iter().map(|r| r.hemu.instructions).sum();
        let runs: u32 = self.rows.iter().map(|r| r.hemu.runs).sum();
        write!(f, "hemu: fastest of {runs} runs in all ({instructions} instructions)")?;
        if let Some(s) = self.startup_seconds {
            write!(f, "; start-up to exit {:.1} ms", s * 1e3)?;
        }
        if let Some(b) = self.boot_peak_rss {
            write!(f, "; default boot peak RSS {:.1} MiB", b as f64 / (1 << 20) as f64)?;
        }
        writeln!(f)
    }
}
