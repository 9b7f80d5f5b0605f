//! Executes an illegal instruction: the kernel must kill this task and go on.
#![no_std]
#![no_main]
#[path = "ulib.rs"]
mod ulib;

fn main() -> i32 {
    println!("illegal: about to execute an illegal instruction (unimp)");
    // SAFETY: deliberately illegal; the kernel kills us.
    unsafe { core::arch::asm!(".4byte 0xc0001073") }; // unimp = csrrw x0, cycle, x0 (read-only CSR)
    println!("illegal: still alive?! (this should not print)");
    1
}
