//! System calls (ecall from VU-mode; a7 = number, a0..a2 = arguments, result in a0). Numbers
//! follow Linux's RISC-V table so they look familiar.

use crate::mm::user_range_ok;
use crate::task;
use crate::trap::TrapFrame;

const SYS_READ: u64 = 63;
const SYS_WRITE: u64 = 64;
const SYS_EXIT: u64 = 93;
const SYS_YIELD: u64 = 124;
const SYS_GET_TIME: u64 = 169;
const SYS_GETPID: u64 = 172;

/// Handle the system call of the task whose frame is `f`; returns the frame to resume.
pub fn dispatch(f: &mut TrapFrame) -> *mut TrapFrame {
    let (n, a0, a1, a2) = (f.x[17], f.x[10], f.x[11], f.x[12]);
    let ret: i64 = match n {
        SYS_WRITE => {
            if !user_range_ok(a1, a2) {
                -1
            } else {
                // SAFETY: checked to be in the user half; sstatus.SUM lets us read it.
                let bytes = unsafe { core::slice::from_raw_parts(a1 as *const u8, a2 as usize) };
                bytes.iter().for_each(|&b| crate::console::putc(b));
                a2 as i64
            }
        }
        SYS_READ => {
            if !user_range_ok(a1, a2) {
                -1
            } else {
                let mut n = 0;
                while n < a2 {
                    let Some(b) = crate::console::pop_input() else { break };
                    // SAFETY: checked above.
                    unsafe { ((a1 + n) as *mut u8).write_volatile(b) };
                    n += 1;
                }
                n as i64
            }
        }
        SYS_EXIT => return task::exit_current(a0 as i64),
        SYS_YIELD => {
            f.x[10] = 0;
            return task::yield_now();
        }
        SYS_GET_TIME => crate::timer::ms_since_boot() as i64,
        SYS_GETPID => task::current_pid() as i64,
        _ => -1,
    };
    let _ = a0;
    f.x[10] = ret as u64;
    f as *mut TrapFrame
}
