//! A hart that traps on its own trap vector stops with one line naming the
//! mode, the pc, the cause and the vector, exit status 5, instead of
//! spinning silently: a garbage flat image, an mtvec left empty, a kernel
//! entered where there is no code (over hemu-sbi and over OpenSBI, both of
//! which send the fault back to stvec). Under `hemu debug` it is a stop.
//! That it never fires on legitimate code, every other system test shows
//! (the boots, the test programs, Linux, U-Boot).

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// The exit status of a trap loop (README, Command line).
const TRAP_LOOP: i32 = 5;
const FW_JUMP: &str = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf";

fn hemu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hemu")).args(args).stdin(Stdio::null()).output().expect("run hemu")
}

fn file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hemu-trap-loop-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Runs hemu and expects exactly `line` as its last stderr line, status 5
/// (well before a budget that would end a silent loop with status 3).
fn stops_with(args: &[&str], line: &str) {
    let out = hemu(&[args, &["--max-instructions", "50000000"]].concat());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(TRAP_LOOP), "{args:?}: {err}");
    assert_eq!(err.lines().last(), Some(line), "{args:?}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("hemu:"), "hemu's messages stay off stdout");
}

const TEXT: &[u8] = b"This is not a RISC-V program, only some text.\n";
const TEXT_LOOP: &str = "hemu: M-mode traps on its own trap vector: instruction access fault (cause 1) at pc 0x0 = mtvec, \
                         again and again with nothing retired in M-mode in between \
                         (it began after load access fault (cause 5) at pc 0x80000000); stopping";

/// Text as a flat firmware: the first instruction is illegal, mtvec is 0
/// (its reset value), where nothing can be fetched.
#[test]
fn a_garbage_flat_image() {
    let text = file("text.bin", TEXT);
    stops_with(&["run", "--bios", text.to_str().unwrap()], TEXT_LOOP);
}

/// Traced runs stop there too (the tracer takes the traps itself, stepping).
#[test]
fn traced_runs_stop_too() {
    let text = file("traced-text.bin", TEXT);
    for level in ["transitions", "instructions", "commits"] {
        stops_with(&["run", "--bios", text.to_str().unwrap(), "--trace", level, "--trace-out", "/dev/null"], TEXT_LOOP);
    }
}

/// A program that makes an ecall without setting mtvec first.
#[test]
fn an_empty_mtvec() {
    let ecall = file("ecall.bin", &0x0000_0073u32.to_le_bytes());
    stops_with(
        &["run", "--bios", ecall.to_str().unwrap()],
        "hemu: M-mode traps on its own trap vector: instruction access fault (cause 1) at pc 0x0 = mtvec, \
         again and again with nothing retired in M-mode in between \
         (it began after environment call from M-mode (cause 11) at pc 0x80000000); stopping",
    );
}

/// A kernel whose entry holds no code (a flat image starting with data):
/// the illegal instruction goes to M, which redirects it to stvec, which
/// is the kernel's entry (both firmwares point stvec there before entering
/// it), which traps again.
#[test]
fn a_kernel_entered_where_there_is_no_code() {
    let data = file("data-first.bin", &[0u8; 64]);
    let kernel = data.to_str().unwrap();
    let line = "hemu: HS-mode traps on its own trap vector: illegal instruction (cause 2) at pc 0x80200000 = stvec, \
                again and again with nothing retired in HS-mode in between; stopping";
    stops_with(&["run", "--kernel", kernel], line);
    if std::path::Path::new(FW_JUMP).is_file() {
        stops_with(&["run", "--bios", FW_JUMP, "--kernel", kernel], line);
    }
}

/// `hemu debug`: a run stops there, and again when run on (the loop goes
/// on); the session goes on. (`until step N` rather than `continue`, so
/// that without the stop the test fails instead of running forever.)
#[test]
fn under_the_debugger_it_is_a_stop() {
    let text = file("debug-text.bin", TEXT);
    let bios = text.to_str().unwrap();
    let run = "until step 5000000";
    let out = hemu(&["debug", "--batch", "--bios", bios, "-ex", run, "-ex", run, "-ex", "rsi"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stop = "Stopped: M-mode traps on its own trap vector: instruction access fault (cause 1) at pc 0x0 = mtvec";
    assert_eq!(stdout.matches(stop).count(), 2, "{stdout}");
    assert_eq!(out.status.code(), Some(0), "{stdout}");
}
