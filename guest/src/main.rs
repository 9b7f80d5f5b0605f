//! A small teaching kernel that runs as a guest of the hypervisor, in VS-mode at guest-physical
//! 0x9000_0000. It does not know it is virtualized: it uses the S-mode CSR names (the hardware
//! redirects them to the vs* CSRs), SBI for its timer and power-off, and a 16550 UART at
//! 0x1000_0000 as its console (which the hypervisor emulates, lab 4).
//!
//! Boot protocol of this teaching platform (set by the hypervisor's lab1_vcpu): a0 = hart id,
//! a1 = 0 (no device tree), a2 = guest number, a3 = timebase frequency (Hz), a4 = RAM size.
//!
//! Modules, in the order `kmain` uses them: sbi, console, trap, mm, timer, task, syscall.
#![cfg_attr(target_os = "none", no_std, no_main)]

#[cfg(not(target_os = "none"))]
fn main() {
    eprintln!("the guest kernel only runs on riscv64gc-unknown-none-elf, under the hypervisor");
}

#[cfg(target_os = "none")]
#[macro_use]
mod console;
#[cfg(target_os = "none")]
mod mm;
#[cfg(target_os = "none")]
mod sbi;
#[cfg(target_os = "none")]
mod syscall;
#[cfg(target_os = "none")]
mod task;
#[cfg(target_os = "none")]
mod timer;
#[cfg(target_os = "none")]
mod trap;

#[cfg(target_os = "none")]
mod kernel {
    use crate::*;

    core::arch::global_asm!(
        r#"
        .section .text.entry
        .globl _start
    _start:
        la   sp, __stack_top         # sp: the kernel stack (guest.ld); a0..a4 hold the boot arguments
        la   t0, __bss_start         # t0: cursor clearing .bss
        la   t1, __bss_end           # t1: end of .bss
    1:  bgeu t0, t1, 2f
        sd   zero, 0(t0)
        addi t0, t0, 8
        j    1b
    2:  call kmain                   # never returns
    "#
    );

    /// Which guest we are (a2 at boot): printed in messages; guest 1 also shows lab 4's
    /// "access outside RAM and devices" at the end.
    pub static GUEST_ID: defs::cell::ValueCell<u64> = defs::cell::ValueCell::new(0);

    #[no_mangle]
    extern "C" fn kmain(_hartid: u64, _fdt: u64, guest_id: u64, timebase_hz: u64, ram_size: u64) -> ! {
        GUEST_ID.set(guest_id);
        // Lab 1: the very first output goes through the SBI console, which the hypervisor serves.
        sbi::init();
        sbi::print_line(format_args!(
            "[kernel] guest {guest_id} booting in VS-mode; this line went through SBI {}",
            if sbi::has_dbcn() { "DBCN (debug console)" } else { "legacy console_putchar" }));
        // Lab 4: from now on, a 16550 UART (emulated by the hypervisor: every access is an MMIO exit).
        console::use_uart();
        println!("[kernel] console is now the 16550 UART at {:#x}", console::UART_BASE);
        trap::init();
        mm::init(ram_size);
        trap::self_test();
        timer::init(timebase_hz);
        task::load_all();
        console::enable_rx_interrupt();
        task::run_first()
    }

    /// Called when the last task has exited.
    pub fn all_tasks_done() -> ! {
        println!("[kernel] all tasks finished");
        if GUEST_ID.get() == 1 {
            println!("[kernel] guest 1: reading GPA 0x20000000, where this platform has nothing (lab 4)...");
            // SAFETY: deliberately touches a hole; the hypervisor stops this guest here.
            unsafe { (0x2000_0000 as *const u8).read_volatile() };
            println!("[kernel] ...and came back?!");
        }
        println!("[kernel] powering off with SBI SRST");
        sbi::shutdown()
    }

    #[panic_handler]
    fn panic(info: &core::panic::PanicInfo) -> ! {
        println!("[kernel] PANIC: {info}");
        sbi::shutdown()
    }
}
