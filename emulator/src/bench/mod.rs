//! `hemu bench`: emulation speed where guests run. The workloads
//! (`WORKLOADS`) are test programs of the project's own (`testprogs`,
//! `bench_*`): the bench_mix work (CRC-32, sorting, 64-bit multiply/divide,
//! self-checking) entered in M, S, U, VS and VU by a small harness
//! (identity gigapages, Sv39; Sv39 over Sv39x4 for V=1), the same kind of
//! work over 600 KiB of code in VS, and trap round trips. Each is reported
//! against the M-mode mix of the same run (`table`), and with
//! `--compare-qemu` against qemu-system-riscv64 (`qemu`). Then Linux
//! (`linux`): the test kernel's boot to init and a user-mode loop in it.
//! Speed is measured here, never by a timed test.

pub mod host;
pub mod linux;
pub mod patch;
pub mod qemu;
mod table;

use crate::images;
use crate::loader::ImageSource;
use crate::machine::{Machine, MachineConfig, RunOutcome};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What a workload's figure counts.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Unit {
    /// Retired instructions: the figure is time per instruction (MIPS).
    Instructions,
    /// Trap round trips (`bench_trips` per repeat): time per round trip.
    Trips,
    /// A whole run (Linux's boot to init): its time.
    Run,
}

/// One workload of the table.
#[derive(Debug)]
pub struct Workload {
    /// What the table calls it.
    pub name: &'static str,
    /// Its test program (`testprogs/src/bin`).
    pub program: &'static str,
    pub unit: Unit,
    /// Repeats of the program's work per hemu run (`bench_repeat`).
    pub repeat: u64,
    /// How the figure treats the warm-up: decoding and compiling the
    /// workload's code, which each run from reset does anew.
    pub warm_up: WarmUp,
}

/// How a workload's figure treats its warm-up (see `Workload::warm_up`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum WarmUp {
    /// Small next to the work (a few KiB of code run millions of times):
    /// hemu's runs of `repeat` repeats include it, QEMU's runs of as many
    /// repeats as take `qemu::WORK_SECONDS` too.
    Negligible,
    /// Part of the figure, on both machines for the same work: hemu's run
    /// of `repeat` repeats from reset, and QEMU's of `repeat` repeats less
    /// its run of none (a noisier difference: the work is short).
    Counted,
    /// Left out, on both machines: the time of repeats after the first
    /// `repeat` (hemu: a run of `WARM_RUNS` x `repeat` less a run of
    /// `repeat`, both from reset; QEMU: a run of as many as take
    /// `qemu::WORK_SECONDS` more than its run of `repeat`), as a guest
    /// that runs long (a kernel) runs its code.
    Excluded,
}

/// A run of a `WarmUp::Excluded` workload is this many times its repeats
/// (see `WarmUp::Excluded`).
pub const WARM_RUNS: u64 = 8;

/// The mix in M-mode: what every other row is compared with.
pub const BASELINE: usize = 0;

/// Every workload, in the table's order.
pub const WORKLOADS: [Workload; 10] = [
    Workload { name: "mix, M", program: "bench_m", unit: Unit::Instructions, repeat: 40, warm_up: WarmUp::Negligible },
    Workload { name: "mix, S (Sv39)", program: "bench_s", unit: Unit::Instructions, repeat: 40, warm_up: WarmUp::Negligible },
    Workload { name: "mix, U (Sv39)", program: "bench_u", unit: Unit::Instructions, repeat: 40, warm_up: WarmUp::Negligible },
    Workload { name: "mix, VS (Sv39 over Sv39x4)", program: "bench_vs", unit: Unit::Instructions, repeat: 40, warm_up: WarmUp::Negligible },
    Workload { name: "mix, VU (Sv39 over Sv39x4)", program: "bench_vu", unit: Unit::Instructions, repeat: 40, warm_up: WarmUp::Negligible },
    Workload { name: "large code, VS (warm)", program: "bench_large_vs", unit: Unit::Instructions, repeat: 32, warm_up: WarmUp::Excluded },
    Workload { name: "large code, VS (from reset)", program: "bench_large_vs", unit: Unit::Instructions, repeat: 32, warm_up: WarmUp::Counted },
    Workload { name: "trap VS -> HS -> VS", program: "bench_trips_vs", unit: Unit::Trips, repeat: 64, warm_up: WarmUp::Negligible },
    Workload { name: "trap VU -> VS -> VU", program: "bench_trips_vu", unit: Unit::Trips, repeat: 64, warm_up: WarmUp::Negligible },
    Workload { name: "trap U -> HS -> U", program: "bench_trips_u", unit: Unit::Trips, repeat: 64, warm_up: WarmUp::Negligible },
];

/// How a workload ran on hemu.
#[derive(Clone, Copy, Debug)]
pub struct Figure {
    /// Seconds per unit in the fastest run (on a shared host the least
    /// disturbed run is the best estimate of the emulator's own speed).
    pub seconds_per_unit: f64,
    /// Runs made and instructions retired in all.
    pub runs: u32,
    pub instructions: u64,
}

/// One row of the report.
pub struct Row {
    pub workload: &'static Workload,
    pub hemu: Figure,
    /// QEMU's seconds per unit, or why there is none.
    pub qemu: Option<Result<f64, String>>,
}

/// A Linux row of the report (`linux`): seconds per unit on hemu and on
/// QEMU, or why there are none.
pub struct LinuxRow {
    pub name: &'static str,
    pub unit: Unit,
    pub hemu: Result<f64, String>,
    pub qemu: Option<Result<f64, String>>,
}

/// What `hemu bench` prints (see `table`).
pub struct Report {
    pub rows: Vec<Row>,
    pub linux: Vec<LinuxRow>,
    /// Whether blocks were compiled (`crate::engine::jit`).
    pub jit: bool,
    /// `qemu-system-riscv64 --version`'s first line, when compared.
    pub qemu_version: Option<String>,
    /// Start-up to exit of a tiny ELF, and the default boot's peak RSS
    /// (see `host`), when measured.
    pub startup_seconds: Option<f64>,
    pub boot_peak_rss: Option<u64>,
}

/// The options of `hemu bench`.
#[derive(Clone, Debug)]
pub struct Options {
    /// Run each workload until at least this many instructions retired.
    pub instructions: u64,
    /// Compile blocks (`--no-jit` interprets).
    pub jit: bool,
    /// Also run the workloads on qemu-system-riscv64 (skipped with a note
    /// when it is not installed).
    pub compare_qemu: bool,
    /// The directory of the Linux kernel Image (`--linux`; default: the
    /// one tests/linux/build.sh cached).
    pub linux: Option<PathBuf>,
    /// Only the workloads whose name contains this (any case), and the
    /// M-mode mix (`--only`).
    pub only: Option<String>,
}

impl Options {
    /// True if one of `names` is to be run (see `only`).
    pub fn selects(&self, names: &[&str]) -> bool {
        match &self.only {
            None => true,
            Some(t) => names.iter().any(|n| n.to_lowercase().contains(&t.to_lowercase())),
        }
    }
}

/// The names of the Linux rows (see `run_linux`).
pub const LINUX_ROWS: &[&str] = &["Linux boot to init", "Linux user loop (U-mode)"];

/// The embedded ELF of a workload.
fn program(w: &Workload) -> Result<&'static [u8], String> {
    Ok(images::test_program(w.program).ok_or_else(|| format!("the {} image is not embedded", w.program))?.elf)
}

/// A machine that runs `elf` alone (as `hemu run --bios`).
fn machine(name: &str, elf: Vec<u8>, jit: bool) -> Result<Machine, String> {
    let cfg = MachineConfig { bios: Some(ImageSource::bytes(name.to_string(), elf)), jit, ..MachineConfig::default() };
    Machine::new(cfg).map_err(|e| e.to_string())
}

/// Run the machine's program to its end: the instructions it retired and
/// the seconds it took; an error unless it passed.
fn run_to_exit(m: &mut Machine, name: &str) -> Result<(u64, f64), String> {
    let before = m.retired();
    let start = Instant::now();
    let outcome = m.run(Some(100_000_000_000));
    let seconds = start.elapsed().as_secs_f64();
    match outcome {
        RunOutcome::Exit { code: 0, .. } => Ok((m.retired() - before, seconds)),
        other => Err(format!("{name} did not pass: {other:?}")),
    }
}

/// The units one repeat of `w`'s work is: instructions (measured: a run
/// of one repeat less a run of none) or round trips (`bench_trips`).
pub fn units_per_repeat(w: &Workload) -> Result<u64, String> {
    let elf = program(w)?;
    match w.unit {
        Unit::Trips => patch::symbol(elf, "bench_trips"),
        Unit::Run => Ok(1),
        Unit::Instructions => {
            let count = |repeat| -> Result<u64, String> {
                let mut m = machine(w.program, patch::with_repeat(elf, repeat)?, true)?;
                Ok(run_to_exit(&mut m, w.program)?.0)
            };
            Ok(count(1)? - count(0)?)
        }
    }
}

/// Run `w` on hemu, resetting the machine between runs (as a guest reset
/// does: a fresh hart, images copied in again, every block decoded and
/// compiled anew), until at least `min_instructions` retired and three
/// runs were made. A `WarmUp::Excluded` workload's runs alternate between
/// `WARM_RUNS` x `repeat` repeats and `repeat`: its figure is the
/// difference of the fastest of each over the difference of their units.
pub fn measure(w: &Workload, min_instructions: u64, jit: bool) -> Result<Figure, String> {
    let elf = program(w)?;
    let trips = match w.unit {
        Unit::Trips => Some(patch::symbol(elf, "bench_trips")?),
        Unit::Instructions | Unit::Run => None,
    };
    let long = match w.warm_up {
        WarmUp::Excluded => Some(Runs::new(w, w.repeat * WARM_RUNS, jit)?),
        WarmUp::Negligible | WarmUp::Counted => None,
    };
    let mut runs = [Some(Runs::new(w, w.repeat, jit)?), long];
    let mut fig = Figure { seconds_per_unit: f64::INFINITY, runs: 0, instructions: 0 };
    while fig.instructions < min_instructions.max(1) || fig.runs < 3 {
        for r in runs.iter_mut().flatten() {
            let retired = r.run(w)?;
            fig.instructions += retired;
        }
        fig.runs += 1;
    }
    // (seconds, units) of the fastest run of each.
    let units = |r: &Runs| trips.map_or(r.retired, |t| t * r.repeat).max(1);
    fig.seconds_per_unit = match &runs {
        [Some(short), Some(long)] => (long.fastest - short.fastest).max(0.0) / units(long).saturating_sub(units(short)).max(1) as f64,
        [Some(r), None] => r.fastest / units(r) as f64,
        _ => f64::INFINITY,
    };
    Ok(fig)
}

/// Runs of one patched program on one machine (see `measure`).
struct Runs {
    m: Machine,
    repeat: u64,
    made: u32,
    /// The fastest run's seconds, and the instructions a run retires.
    fastest: f64,
    retired: u64,
}

impl Runs {
    fn new(w: &Workload, repeat: u64, jit: bool) -> Result<Runs, String> {
        let m = machine(w.program, patch::with_repeat(program(w)?, repeat)?, jit)?;
        Ok(Runs { m, repeat, made: 0, fastest: f64::INFINITY, retired: 0 })
    }

    /// One more run, from reset: the instructions it retired.
    fn run(&mut self, w: &Workload) -> Result<u64, String> {
        if self.made > 0 {
            self.m.reset();
        }
        let (retired, seconds) = run_to_exit(&mut self.m, w.program)?;
        self.made += 1;
        self.fastest = self.fastest.min(seconds);
        self.retired = retired;
        Ok(retired)
    }
}

/// Run every workload on hemu (and on QEMU if asked); `progress` hears of
/// each workload as it starts.
pub fn run(opts: &Options, mut progress: impl FnMut(&str)) -> Result<Report, String> {
    let qemu_version = if opts.compare_qemu { qemu::version() } else { None };
    let mut rows = Vec::new();
    for (i, w) in WORKLOADS.iter().enumerate() {
        if i != BASELINE && !opts.selects(&[w.name]) {
            continue;
        }
        progress(w.name);
        let hemu = measure(w, opts.instructions, opts.jit)?;
        let qemu = match (opts.compare_qemu, &qemu_version) {
            (false, _) => None,
            (true, None) => Some(Err("qemu-system-riscv64 not found".to_string())),
            (true, Some(_)) => Some(units_per_repeat(w).and_then(|units| qemu::measure(w, program(w)?, units))),
        };
        rows.push(Row { workload: w, hemu, qemu });
    }
    Ok(Report { rows, linux: Vec::new(), jit: opts.jit, qemu_version, startup_seconds: None, boot_peak_rss: None })
}

/// The Linux rows (`linux`): the kernel booted by `exe` (this hemu, as a
/// child process) and, if asked, by QEMU.
pub fn run_linux(opts: &Options, exe: Option<&Path>, mut progress: impl FnMut(&str)) -> Vec<LinuxRow> {
    let kernel = linux::kernel(opts.linux.as_deref());
    let on = |machine: &str, timing: Result<linux::Timing, String>| {
        let f = |t: linux::Timing| [t.boot, t.loop_seconds / (linux::ITERATIONS * linux::BODY) as f64];
        timing.map(f).map_err(|e| format!("{machine}: {e}"))
    };
    progress("Linux on hemu");
    let hemu = kernel.clone().and_then(|image| {
        let exe = exe.ok_or("cannot find the hemu executable")?;
        linux::measure(|| linux::hemu_command(exe, &image, opts.jit))
    });
    let hemu = on("hemu", hemu);
    let qemu = opts.compare_qemu.then(|| {
        progress("Linux on QEMU");
        let timing = match qemu::version() {
            None => Err("qemu-system-riscv64 not found".to_string()),
            Some(_) => kernel.clone().and_then(|image| linux::measure(|| linux::qemu_command(&image))),
        };
        on("QEMU", timing)
    });
    let names = [(LINUX_ROWS[0], Unit::Run), (LINUX_ROWS[1], Unit::Instructions)];
    names
        .iter()
        .enumerate()
        .map(|(i, &(name, unit))| LinuxRow {
            name,
            unit,
            hemu: hemu.clone().map(|f| f[i]),
            qemu: qemu.clone().map(|q| q.map(|f| f[i])),
        })
        .collect()
}
