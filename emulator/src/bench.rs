//! `hemu bench`: emulation speed in MIPS on `bench_mix`, a CPU-bound
//! bare-metal program of the project's own (CRC-32, sorting, 64-bit
//! multiply/divide, compiled from Rust). Speed is measured here, never by a
//! timed test.

use crate::images;
use crate::loader::ImageSource;
use crate::machine::{Machine, MachineConfig, RunOutcome};
use std::fmt;
use std::time::Instant;

/// The result of a benchmark run.
pub struct BenchReport {
    pub instructions: u64,
    pub seconds: f64,
    pub runs: u32,
    /// The speed of the fastest single run, in MIPS (on a shared host the
    /// least disturbed run is the best estimate of the emulator's own speed).
    pub fastest_mips: f64,
    /// Whether blocks were compiled (`crate::engine::jit`).
    pub jit: bool,
}

impl BenchReport {
    pub fn mips(&self) -> f64 {
        self.instructions as f64 / self.seconds / 1e6
    }
}

impl fmt::Display for BenchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "bench_mix{}: {} runs, {} instructions in {:.3} s: {:.1} MIPS (fastest run {:.1} MIPS)",
            if self.jit { "" } else { " (--no-jit)" },
            self.runs,
            self.instructions,
            self.seconds,
            self.mips(),
            self.fastest_mips
        )
    }
}

/// Run `bench_mix` repeatedly until at least `min_instructions` have
/// executed; each run must pass its own checks. `jit` chooses compiled or
/// interpreted blocks.
pub fn run(min_instructions: u64, jit: bool) -> Result<BenchReport, String> {
    let prog = images::test_program("bench_mix").ok_or("the bench_mix image is not embedded")?;
    let mut total = 0u64;
    let mut seconds = 0.0;
    let mut runs = 0;
    let mut fastest_mips = 0.0f64;
    // One machine, reset between runs (as a guest's reset does: images
    // copied in again, a fresh hart and fresh decoded blocks), so the runs
    // after the first do not pay the host's first touch of guest RAM.
    let cfg = MachineConfig { bios: Some(ImageSource::bytes("bench_mix", prog.elf)), jit, ..MachineConfig::default() };
    let mut m = Machine::new(cfg).map_err(|e| e.to_string())?;
    while total < min_instructions.max(1) {
        if runs > 0 {
            m.reset();
        }
        let before = m.retired();
        let start = Instant::now();
        let outcome = m.run(Some(10_000_000_000));
        let elapsed = start.elapsed().as_secs_f64();
        seconds += elapsed;
        match outcome {
            RunOutcome::Exit { code: 0, .. } => {}
            other => return Err(format!("bench_mix did not pass: {other:?}")),
        }
        let retired = m.retired() - before;
        total += retired;
        runs += 1;
        if elapsed > 0.0 {
            fastest_mips = fastest_mips.max(retired as f64 / elapsed / 1e6);
        }
    }
    Ok(BenchReport { instructions: total, seconds, runs, fastest_mips, jit })
}
