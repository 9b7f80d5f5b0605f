//! `Machine::run` (the fast path) and `Machine::step` (the debugger's path)
//! must execute the same program the same way: with deterministic time, a
//! student who single-steps to some instruction must see the state a plain
//! run reaches there. Compared from reset on the real boot chain.

mod common;

use hemu::hart::step::StepEvent;
use hemu::machine::Machine;

/// Steps from reset until `retired()` reaches `n` (a WFI wait is not an
/// instruction), counting the events seen.
fn step_to(n: u64) -> (Machine, u64) {
    let mut m = common::boot_hypervisor(None);
    let mut interrupts = 0;
    while m.retired() < n && m.exit().is_none() {
        if let StepEvent::Interrupt { .. } = m.step() {
            interrupts += 1;
        }
    }
    (m, interrupts)
}

fn run_to(n: u64) -> Machine {
    let mut m = common::boot_hypervisor(None);
    m.run(Some(n));
    m
}

fn assert_same_state(n: u64) {
    let (stepped, interrupts) = step_to(n);
    let ran = run_to(n);
    let what = format!("after {n} instructions ({interrupts} interrupts taken while stepping)");
    assert_eq!(stepped.retired(), ran.retired(), "{what}: retired");
    assert_eq!(stepped.hart.pc(), ran.hart.pc(), "{what}: pc");
    assert_eq!(stepped.hart.mode(), ran.hart.mode(), "{what}: mode");
    assert_eq!(stepped.hart.xregs(), ran.hart.xregs(), "{what}: registers");
    assert_eq!(stepped.output_string(), ran.output_string(), "{what}: console output");
}

/// Through the firmware and the hypervisor's boot, before any interrupt.
#[test]
fn run_and_step_agree_through_boot() {
    assert_same_state(2_000_000);
}

/// Past the first host tick and guest switches. Fails: `Machine::run`
/// counts a taken interrupt as an executed instruction (`Engine::run` returns
/// it in its count and `run` adds that to `retired`, which drives mtime),
/// while `Machine::step` does not count `StepEvent::Interrupt`. From the
/// first interrupt on (the host tick at ~7.9 M instructions) stepped time
/// lags one tick-tenth per interrupt and the executions drift apart.
#[test]
fn run_and_step_agree_with_interrupts() {
    assert_same_state(12_000_000);
}
