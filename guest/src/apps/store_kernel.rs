//! Stores to a kernel address: the page is not user-accessible (PTE.U = 0), so the store
//! page-faults in VU-mode and the kernel kills this task.
#![no_std]
#![no_main]
#[path = "ulib.rs"]
mod ulib;

const KERNEL_ADDRESS: usize = 0x9000_0000;

fn main() -> i32 {
    println!("store_kernel: about to write to kernel address {KERNEL_ADDRESS:#x}");
    // SAFETY: deliberately invalid; the kernel kills us.
    unsafe { (KERNEL_ADDRESS as *mut u64).write_volatile(0xdead_beef) };
    println!("store_kernel: still alive?! (this should not print)");
    1
}
