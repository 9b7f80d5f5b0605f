//! Lab 1: the run loop. A hypervisor's life is: enter the guest, wait for it to trap back
//! (an "exit"), look at scause to see why, do what the guest asked for or what the hardware
//! could not do alone, and enter it again:
//!
//! ```text
//! loop { let exit = vcpu.run(); handle_exit(exit) }     // until the guest finishes
//! ```
//!
//! `run_vcpu` is that loop and `handle_exit` the dispatch by scause. Lab 1 itself handles one
//! cause: the guest's SBI calls (environment call from VS-mode, lab1_sbi_server). Every other
//! exit, and the few services the SBI server cannot give on its own, are methods of the
//! `Hypervisor` trait: the later labs implement them (lab 2 exceptions, lab 3 interrupts and
//! timers, lab 4 guest memory and MMIO), and lab 5 puts a scheduler around `run_vcpu` that
//! picks which guest's vcpu it runs.

use crate::lab1_vcpu::{Exit, Vcpu};
use defs::trap::{Exception, INTERRUPT_BIT};

/// What the run loop does after an exit has been handled.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum After {
    /// Re-enter the same guest.
    Resume,
    /// Leave `run_vcpu`: the guest finished, waits, or its time slice is over (lab 5 then
    /// decides what runs next).
    Reschedule,
}

/// The hypervisor around lab 1's run loop: the vcpu to run, and what to do for the exits and
/// SBI calls that lab 1 does not handle itself.
pub trait Hypervisor {
    /// The vcpu on the hart: the one `run_vcpu` enters.
    fn vcpu(&mut self) -> &mut Vcpu;

    /// An interrupt arrived while the guest ran (scause bit 63 set, `code` = the rest). The
    /// hypervisor's own interrupts are enabled in V = 1 whatever sstatus.SIE says, so they
    /// come here as exits (lab 3).
    fn on_interrupt(&mut self, code: u64) -> After;
    /// A guest-page fault (scause 20, 21, 23): the G-stage does not map the address (lab 4).
    fn on_guest_page_fault(&mut self, fault: Exception, exit: &Exit) -> After;
    /// A virtual-instruction exception (scause 22): an instruction the hypervisor asked to
    /// see, e.g. WFI with hstatus.VTW = 1 (lab 5).
    fn on_virtual_instruction(&mut self, exit: &Exit) -> After;
    /// Any other exception: the guest's own business (lab 2 gives it to the guest).
    fn on_exception(&mut self, cause: Exception, exit: &Exit) -> After;

    /// SBI set_timer: the guest wants a timer interrupt at absolute time `deadline` (lab 3).
    fn set_timer(&mut self, deadline: u64);
    /// The next byte typed for this guest, if any (SBI console_getchar and DBCN read; lab 4).
    fn console_input(&mut self) -> Option<u8>;
    /// Read a byte of the guest's memory at guest-physical address `gpa` (SBI DBCN; lab 4).
    fn read_guest_byte(&mut self, gpa: u64) -> Option<u8>;
    /// Write a byte of the guest's memory; false if `gpa` is not the guest's RAM (lab 4).
    fn write_guest_byte(&mut self, gpa: u64, byte: u8) -> bool;
}

/// Run the current vcpu until an exit handler says to leave it (or the guest has finished).
pub fn run_vcpu(h: &mut impl Hypervisor) -> After {
    loop {
        let exit = h.vcpu().run();
        let after = handle_exit(h, &exit);
        if after == After::Reschedule || h.vcpu().finished {
            return after;
        }
    }
}

/// Dispatch one exit by scause: SBI calls here, everything else to the `Hypervisor`'s methods.
pub fn handle_exit(h: &mut impl Hypervisor, exit: &Exit) -> After {
    use Exception::*;
    if exit.scause & INTERRUPT_BIT != 0 {
        return h.on_interrupt(exit.scause & !INTERRUPT_BIT);
    }
    let Some(cause) = Exception::from_code(exit.scause) else {
        h.vcpu().stop(format_args!("exit with scause {:#x}, a code the spec reserves", exit.scause));
        return After::Reschedule;
    };
    match cause {
        EcallFromVS => crate::lab1_sbi_server::handle_ecall(h),
        InstructionGuestPageFault | LoadGuestPageFault | StoreGuestPageFault => {
            h.on_guest_page_fault(cause, exit)
        }
        VirtualInstruction => h.on_virtual_instruction(exit),
        _ => h.on_exception(cause, exit),
    }
}
