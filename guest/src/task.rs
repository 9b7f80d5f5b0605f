//! Tasks: one per app, each with its own address space (mm.rs) and saved registers
//! (`TrapFrame`). Round-robin scheduling; the timer (timer.rs) preempts, `yield` and `exit`
//! give up the CPU, and a task that faults is killed with a message.
//!
//! The tasks' saved registers are apart from the task list: the trap assembly reads and writes
//! a frame through the pointer in sscratch, and `user_trap` holds `&mut` to it while the
//! scheduler borrows the list, so the two must not overlap.

use core::cell::UnsafeCell;

use crate::mm;
use crate::trap::{return_to_user, TrapFrame};
use defs::cell::ExclusiveCell;

mod apps {
    include!(concat!(env!("OUT_DIR"), "/apps.rs"));
}

const MAX_TASKS: usize = 8;

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Ready,
    Exited,
}

struct Task {
    name: &'static str,
    state: State,
}

struct Tasks {
    list: [Option<Task>; MAX_TASKS],
    count: usize,
    current: usize,
}
static TASKS: ExclusiveCell<Tasks> = ExclusiveCell::new(Tasks { list: [const { None }; MAX_TASKS], count: 0, current: 0 });

/// Task i's saved registers. Only raw pointers to them leave this module (`frame_of`): the
/// assembly and `user_trap` use a frame while the task is not running.
struct TrapFrames([UnsafeCell<TrapFrame>; MAX_TASKS]);
// SAFETY: one hart; a frame is written by `load_all` before its task first runs, then only
// through the pointer `frame_of` gives, by the trap path of that task (trap.rs).
unsafe impl Sync for TrapFrames {}
static TRAP_FRAMES: TrapFrames = TrapFrames([const { UnsafeCell::new(TrapFrame::ZERO) }; MAX_TASKS]);

extern "C" {
    static __stack_top: u8;
}

/// Create one task per app.
pub fn load_all() {
    let mut t = TASKS.borrow_mut();
    // SAFETY: address of the linker symbol only.
    let kernel_sp = unsafe { &__stack_top as *const u8 as u64 };
    for (i, (name, image)) in apps::APPS.iter().enumerate().take(MAX_TASKS) {
        let satp = mm::new_user_space(image);
        let mut frame = TrapFrame { x: [0; 32], sepc: mm::USER_BASE, kernel_sp, satp };
        frame.x[2] = mm::USER_STACK_TOP; // sp
        // SAFETY: task i has not run yet, so nothing else uses its frame.
        unsafe { frame_of(i).write(frame) };
        t.list[i] = Some(Task { name, state: State::Ready });
        t.count = i + 1;
    }
    println!("[kernel] loaded {} apps, each in its own address space at {:#x}", t.count, mm::USER_BASE);
}

pub fn current_pid() -> usize {
    TASKS.borrow_mut().current + 1
}

/// Task i's saved registers (i < MAX_TASKS).
fn frame_of(i: usize) -> *mut TrapFrame {
    TRAP_FRAMES.0[i].get()
}

/// Start the first task.
pub fn run_first() -> ! {
    TASKS.borrow_mut().current = 0;
    crate::trap::prepare_user_return();
    crate::timer::arm();
    // SAFETY: task 0's frame is a complete user context.
    unsafe { return_to_user(frame_of(0)) }
}

/// The next ready task after the current one (the current one last), if any.
fn next_ready() -> Option<usize> {
    let t = TASKS.borrow_mut();
    (1..=t.count)
        .map(|i| (t.current + i) % t.count)
        .find(|&i| matches!(&t.list[i], Some(task) if task.state == State::Ready))
}

/// Switch to the next ready task with a fresh time slice; if none is left, we are done.
fn switch() -> *mut TrapFrame {
    match next_ready() {
        Some(i) => {
            TASKS.borrow_mut().current = i;
            crate::timer::arm();
            frame_of(i)
        }
        None => crate::kernel::all_tasks_done(),
    }
}

/// Timer interrupt: the current task goes to the back of the queue.
pub fn preempt() -> *mut TrapFrame {
    switch()
}

/// `yield`: let another task run; if there is none, wait for an interrupt (WFI, which the
/// hypervisor sees as "this guest is idle", lab 5) and continue.
pub fn yield_now() -> *mut TrapFrame {
    let cur = TASKS.borrow_mut().current;
    match next_ready() {
        Some(i) if i != cur => switch(),
        _ => {
            // SAFETY: waits for the next interrupt (taken once we are back in VU-mode).
            unsafe { core::arch::asm!("wfi") };
            frame_of(cur)
        }
    }
}

/// `exit(code)`.
pub fn exit_current(code: i64) -> *mut TrapFrame {
    if let Some((cur, name)) = end_current() {
        println!("[kernel] task {} ({name}) exited with code {code}", cur + 1);
    }
    switch()
}

/// The current task did something fatal: say what, and run the next task.
pub fn kill_current(why: core::fmt::Arguments) -> *mut TrapFrame {
    if let Some((cur, name)) = end_current() {
        println!("[kernel] task {} ({name}) killed: {why}", cur + 1);
    }
    switch()
}

/// Mark the current task exited; its index and name.
fn end_current() -> Option<(usize, &'static str)> {
    let mut t = TASKS.borrow_mut();
    let cur = t.current;
    let task = t.list[cur].as_mut()?;
    task.state = State::Exited;
    Some((cur, task.name))
}
