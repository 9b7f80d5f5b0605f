//! `hemu grade`: the finished hypervisor passes lab 0 and lab 1; each of lab 1's exercise
//! starting points (the hypervisor built with `--features exercise-lab1...`, as a student
//! builds it) fails lab 1 at its own step, with the message that names the step.

mod exercise_build;

use exercise_build::hypervisor_with;
use std::process::{Command, Output};

fn hemu_grade(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hemu")).arg("grade").args(args).output().expect("hemu runs")
}

/// The report of `hemu grade ARGS`, which must exit with `status`.
fn report(args: &[&str], status: i32) -> String {
    let o = hemu_grade(args);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(o.status.code(), Some(status), "{out}");
    out
}

/// The report of `hemu grade lab1` on the hypervisor built with `features` (it fails).
fn exercise_report(features: &str) -> String {
    let elf = hypervisor_with(features);
    report(&["lab1", "--hypervisor", elf.to_str().unwrap()], 1)
}

/// The report's line for check `id` that starts with `prefix` (`ok`, `FAIL`).
fn line<'a>(out: &'a str, prefix: &str, id: &str) -> &'a str {
    let start = format!("{prefix:<4} {id} ");
    out.lines().find(|l| l.starts_with(&start)).unwrap_or_else(|| panic!("no '{start}' line in:\n{out}"))
}

#[test]
fn the_finished_hypervisor_passes_lab1() {
    let out = report(&["lab1"], 0);
    assert!(line(&out, "ok", "1-1").contains("entered VS-mode at 0x90000000 (it read sstatus.SPP=1, hstatus.SPV=1, sepc=0x90000000)"), "{out}");
    assert!(line(&out, "ok", "1-2").contains("trapped to HS-mode with scause=10 at stvec="), "{out}");
    assert!(line(&out, "ok", "1-3").starts_with("ok   1-3 the guest resumed at sepc+4 = 0x9000"), "{out}");
    assert!(line(&out, "ok", "1-3").ends_with(", after its ecall"), "{out}");
    assert!(line(&out, "ok", "1-0").contains("a0=0x0, a1=0x1"), "{out}");
    assert!(out.contains("reached the console: \"[kernel] guest 0 booting in VS-mode"), "{out}");
    assert!(out.ends_with("lab1: 5 of 5 checks passed\n"), "{out}");
}

#[test]
fn the_finished_hypervisor_passes_lab0() {
    let out = report(&["lab0"], 0);
    assert!(line(&out, "ok", "0-1").contains("entered HS-mode at 0x80200000"), "{out}");
    assert!(line(&out, "ok", "0-2").contains("<host_trap_vector>"), "{out}");
    assert!(line(&out, "ok", "0-3").contains("\"[hv] RISC-V teaching hypervisor"), "{out}");
}

#[test]
fn the_lab1_exercise_fails_at_the_first_sret() {
    let out = exercise_report("exercise-lab1");
    let fail = line(&out, "FAIL", "1-1");
    assert!(fail.contains("sret entered V=0: hstatus.SPV was 0 (set it before sret to enter the guest)"), "{out}");
    assert!(fail.contains("sstatus.SPP was 0"), "{out}");
    assert!(fail.contains("sret jumped to sepc=0x0: set sepc to 0x90000000"), "{out}");
    assert!(out.contains("--   1-2 not checked"), "{out}");
    assert!(out.ends_with("lab1: 0 of 5 checks passed\n"), "{out}");
}

#[test]
fn without_sepc_plus_4_the_guest_runs_its_ecall_again() {
    let out = exercise_report("exercise-lab1-sbi");
    line(&out, "ok", "1-2");
    assert_eq!(line(&out, "FAIL", "1-3"), "FAIL 1-3 the guest resumed at the ecall again: sepc was not advanced by 4", "{out}");
}

#[test]
fn a_world_switch_that_loses_registers_fails_1_0() {
    let out = exercise_report("exercise-lab1-switch");
    line(&out, "ok", "1-3");
    let fail = line(&out, "FAIL", "1-0");
    assert!(fail.contains("the guest's registers changed across the exit: ra "), "{out}");
    assert!(fail.contains("sp 0x"), "{out}");
}

#[test]
fn bad_arguments_are_one_line_and_status_2() {
    let o = hemu_grade(&["lab9"]);
    assert_eq!(o.status.code(), Some(2));
    let o = hemu_grade(&["lab1", "--hypervisor", "/nonexistent/hv.elf"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("/nonexistent/hv.elf"), "{err}");
}

#[test]
fn a_kernel_that_never_enters_a_guest_fails_1_1_within_the_step_limit() {
    // A flat binary at 0x80200000 that spins (`j .`): no sret ever comes.
    let path = std::env::temp_dir().join(format!("hemu-grade-spin-{}.bin", std::process::id()));
    std::fs::write(&path, 0x0000_006f_u32.to_le_bytes()).unwrap();
    let out = report(&["lab1", "--hypervisor", path.to_str().unwrap()], 1);
    let _ = std::fs::remove_file(&path);
    let fail = line(&out, "FAIL", "1-1");
    let limit = hemu::grade::STEP_LIMIT;
    assert!(fail.contains(&format!("an sret (entering the guest) never happened: not within the first {limit} steps")), "{out}");
    // What the machine printed last: here the firmware's banner.
    assert!(fail.contains("the console's last line: \"Next stage"), "{out}");
}

#[test]
fn the_step_limit_stops_a_run_that_never_gets_there() {
    use hemu::debug::command::{Until, XretKind};
    use hemu::debug::session::{Debugger, StopReason};
    use hemu::loader::ImageSource;
    use hemu::machine::{Machine, MachineConfig};
    let cfg = MachineConfig {
        bios: Some(ImageSource::bytes("firmware", hemu::images::FIRMWARE)),
        kernel: Some(ImageSource::bytes("hypervisor", hemu::images::HYPERVISOR)),
        ..MachineConfig::default()
    };
    let mut d = Debugger::new(Machine::new(cfg).unwrap());
    d.set_step_limit(Some(100_000));
    // The first sret is near step 7 million: the limit comes first, exactly.
    let stop = d.until(&Until::Xret(XretKind::Sret));
    assert_eq!(stop.reason, StopReason::StepLimit(100_000));
    assert_eq!(d.position(), 100_000);
    d.set_step_limit(None);
    assert!(matches!(d.until(&Until::Xret(XretKind::Sret)).reason, StopReason::Reached(_)));
}
