//! Spins (never yields) until it notices it was preempted: the clock jumped by several
//! milliseconds between two consecutive reads, so someone else had the CPU meanwhile.
#![no_std]
#![no_main]
#[path = "ulib.rs"]
mod ulib;

const GAP_MS: u64 = 3;

fn main() -> i32 {
    println!("spin: spinning without ever yielding until I get preempted");
    let start = ulib::get_time_ms();
    let mut last = start;
    loop {
        let now = ulib::get_time_ms();
        if now - last >= GAP_MS {
            break;
        }
        last = now;
    }
    println!("spin: preempted (the clock jumped >= {GAP_MS} ms between two reads); exiting");
    0
}
