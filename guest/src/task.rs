//! Tasks: one per app, each with its own address space (mm.rs) and saved registers
//! (`TrapFrame`). Round-robin scheduling; the timer (timer.rs) preempts, `yield` and `exit`
//! give up the CPU, and a task that faults is killed with a message.

use crate::console::Global;
use crate::mm;
use crate::trap::{return_to_user, TrapFrame};

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
    frame: TrapFrame,
}

struct Tasks {
    list: [Option<Task>; MAX_TASKS],
    count: usize,
    current: usize,
}
static TASKS: Global<Tasks> = Global::new(Tasks { list: [const { None }; MAX_TASKS], count: 0, current: 0 });

extern "C" {
    static __stack_top: u8;
}

/// Create one task per app.
pub fn load_all() {
    let t = TASKS.get();
    // SAFETY: address of the linker symbol only.
    let kernel_sp = unsafe { &__stack_top as *const u8 as u64 };
    for (i, (name, image)) in apps::APPS.iter().enumerate().take(MAX_TASKS) {
        let satp = mm::new_user_space(image);
        let mut frame = TrapFrame { x: [0; 32], sepc: mm::USER_BASE, kernel_sp, satp };
        frame.x[2] = mm::USER_STACK_TOP; // sp
        t.list[i] = Some(Task { name, state: State::Ready, frame });
        t.count = i + 1;
    }
    println!("[kernel] loaded {} apps, each in its own address space at {:#x}", t.count, mm::USER_BASE);
}

pub fn current_pid() -> usize {
    TASKS.get().current + 1
}

fn frame_of(i: usize) -> *mut TrapFrame {
    match &mut TASKS.get().list[i] {
        Some(task) => &mut task.frame,
        None => core::ptr::null_mut(),
    }
}

/// Start the first task.
pub fn run_first() -> ! {
    TASKS.get().current = 0;
    crate::trap::prepare_user_return();
    crate::timer::arm();
    // SAFETY: task 0's frame is a complete user context.
    unsafe { return_to_user(frame_of(0)) }
}

/// The next ready task after the current one (the current one last), if any.
fn next_ready() -> Option<usize> {
    let t = TASKS.get();
    (1..=t.count)
        .map(|i| (t.current + i) % t.count)
        .find(|&i| matches!(&t.list[i], Some(task) if task.state == State::Ready))
}

/// Switch to the next ready task with a fresh time slice; if none is left, we are done.
fn switch() -> *mut TrapFrame {
    match next_ready() {
        Some(i) => {
            TASKS.get().current = i;
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
    let cur = TASKS.get().current;
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
    let t = TASKS.get();
    let cur = t.current;
    if let Some(task) = &mut t.list[cur] {
        task.state = State::Exited;
        println!("[kernel] task {} ({}) exited with code {code}", cur + 1, task.name);
    }
    switch()
}

/// The current task did something fatal: say what, and run the next task.
pub fn kill_current(why: core::fmt::Arguments) -> *mut TrapFrame {
    let t = TASKS.get();
    let cur = t.current;
    if let Some(task) = &mut t.list[cur] {
        task.state = State::Exited;
        println!("[kernel] task {} ({}) killed: {why}", cur + 1, task.name);
    }
    switch()
}
