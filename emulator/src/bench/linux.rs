//! The Linux workloads: the test kernel (tests/linux/build.sh: its own
//! init, tests/linux/init.c, built in) booted to init, and a user-mode
//! loop run there. The kernel command line asks init for the loop
//! (`hemu_bench=N`: init skips its checks, prints a line, runs N
//! iterations of a body of exactly `BODY` instructions, prints a line and
//! powers off), so the test's boot is unchanged.
//!
//! hemu and QEMU are timed the same way, from outside: the machine runs
//! as a child process (hemu: this executable's `run`, over its default
//! firmware; QEMU: `-M virt` with its own OpenSBI) and each line it
//! prints is stamped as it arrives. Boot to init is the time from the
//! start to init's first line; the loop is the time between its two
//! lines. Each figure is the fastest of `TRIES` runs.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Init's first line: the boot is over.
const BOOTED: &str = "init: hello from user space";
/// Around the loop (init.c, `bench_loop`).
const LOOP_START: &str = "init: bench: loop start";
const LOOP_DONE: &str = "init: bench: loop done";

/// Instructions in one iteration of init's loop (init.c, `BENCH_BODY`).
pub const BODY: u64 = 15;
/// Iterations asked for: 600 M instructions, about 0.3 s or more on QEMU.
pub const ITERATIONS: u64 = 40_000_000;

/// Runs per machine; the fastest figure of each kind counts.
const TRIES: u32 = 3;
/// A run that takes longer is stopped (and the figures fail).
const TIMEOUT: Duration = Duration::from_secs(300);

/// Where the cached kernel is found when `--linux` is not given.
const BUILD_SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/linux/build.sh");

/// The kernel Image in `dir`, or (no `dir`) the one tests/linux/build.sh
/// has cached for this source tree.
pub fn kernel(dir: Option<&Path>) -> Result<PathBuf, String> {
    if let Some(dir) = dir {
        let image = dir.join("Image");
        return if image.is_file() { Ok(image) } else { Err(format!("no kernel at {}", image.display())) };
    }
    if !Path::new(BUILD_SCRIPT).is_file() {
        return Err("no tests/linux/build.sh beside this build: give --linux DIR".to_string());
    }
    let out = Command::new("bash").arg(BUILD_SCRIPT).arg("--cached").stdin(Stdio::null()).output();
    let out = out.map_err(|e| format!("bash: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    match text.lines().last() {
        Some(path) if out.status.success() => Ok(PathBuf::from(path)),
        _ => Err(String::from_utf8_lossy(&out.stderr).trim().trim_start_matches("build.sh: ").to_string()),
    }
}

/// The kernel command line: the test kernel's own (its CONFIG_CMDLINE,
/// which one from the boot loader replaces) and the loop's request.
pub fn command_line() -> String {
    format!("console=ttyS0 earlycon=sbi hemu_bench={ITERATIONS}")
}

/// hemu (`exe`) booting `image` over its default firmware.
pub fn hemu_command(exe: &Path, image: &Path, jit: bool) -> Command {
    let mut c = Command::new(exe);
    c.arg("run").arg("--kernel").arg(image).arg("--append").arg(command_line());
    if !jit {
        c.arg("--no-jit");
    }
    c
}

/// QEMU booting `image` as tests/tests/linux.rs does (virt, its OpenSBI).
pub fn qemu_command(image: &Path) -> Command {
    let mut c = Command::new(super::qemu::QEMU);
    c.args(["-M", "virt", "-cpu", "rv64,h=true", "-m", "512M", "-nographic", "-monitor", "none", "-serial", "stdio"]);
    c.args(["-bios", "default", "-kernel"]).arg(image).arg("-append").arg(command_line());
    c
}

/// The fastest boot to init and the fastest loop, in seconds.
#[derive(Clone, Copy, Debug)]
pub struct Timing {
    pub boot: f64,
    pub loop_seconds: f64,
}

/// `TRIES` runs of the machine `command` makes.
pub fn measure(command: impl Fn() -> Command) -> Result<Timing, String> {
    let mut best = Timing { boot: f64::INFINITY, loop_seconds: f64::INFINITY };
    for _ in 0..TRIES {
        let t = run_once(command())?;
        best = Timing { boot: best.boot.min(t.boot), loop_seconds: best.loop_seconds.min(t.loop_seconds) };
    }
    Ok(best)
}

/// One run, its lines stamped as they arrive (a thread reads them, so a
/// machine that stops printing is still stopped at `TIMEOUT`).
fn run_once(mut command: Command) -> Result<Timing, String> {
    let name = command.get_program().to_string_lossy().into_owned();
    let start = Instant::now();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{name}: {e}"))?;
    let stdout = child.stdout.take().ok_or("no pipe from the child")?;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send((Instant::now(), line)).is_err() {
                break;
            }
        }
    });
    let (mut booted, mut loop_start) = (None, None);
    let result = loop {
        let Some(left) = TIMEOUT.checked_sub(start.elapsed()) else {
            break Err(format!("{name} did not finish the loop in {} s", TIMEOUT.as_secs()));
        };
        let Ok((at, line)) = rx.recv_timeout(left) else {
            let got = if booted.is_none() { "init's first line" } else { "the loop's lines" };
            break Err(format!("{name} ended or stalled without printing {got}"));
        };
        if line.starts_with(BOOTED) {
            booted = Some(at.duration_since(start).as_secs_f64());
        } else if line.starts_with(LOOP_START) {
            loop_start = Some(at);
        } else if let (true, Some(boot), Some(s)) = (line.starts_with(LOOP_DONE), booted, loop_start) {
            break Ok(Timing { boot, loop_seconds: at.duration_since(s).as_secs_f64() });
        }
    };
    // Init powers off next; the figures are in, so no need to wait for it.
    let _ = child.kill();
    let _ = child.wait();
    result
}
