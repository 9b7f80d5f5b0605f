//! Lab 4: MMIO emulation. A guest load/store to a GPA that the G-stage does not map traps to
//! HS-mode as a guest-page fault: scause 21 (load) or 23 (store/AMO), 20 for instruction fetch.
//! The faulting GPA is (htval << 2) | (stval & 3) (htval holds GPA >> 2; stval the guest
//! *virtual* address). To emulate the access we need the instruction:
//!
//! * htinst, if the hardware provides it: a "transformed" copy of the load/store (bit 0 = 1;
//!   bit 1 = 0 if the original was a 16-bit compressed instruction), with the address fields
//!   zeroed; the width and register are still there.
//! * otherwise (htinst = 0) we read it from guest memory ourselves with HLVX.HU, a load that
//!   translates sepc through the guest's own page table (vsatp) and the G-stage, with the
//!   guest's privilege (hstatus.SPVP), and requires execute permission like a fetch.
//!
//! Then: a byte access inside the 16550's window is emulated (lab4_uart16550), the destination
//! register written, and sepc advanced past the instruction. A wider access to the byte-wide
//! device is answered with an access fault (injected, lab 2), as a bus would. Any other GPA
//! is outside the guest's RAM and devices: that guest is stopped with a message.

use crate::lab0_console::{first_times, Event};
use crate::lab1_run::After;
use crate::lab1_vcpu::{Exit, Vcpu, GUEST_RAM_BASE, GUEST_RAM_SIZE};
use crate::lab2_exceptions::inject;
use crate::lab3_interrupts::{update_vseip, SerialInput};
use crate::lab4_decode::{decode16, decode32, Access};
use crate::lab4_uart16550::{Uart16550, UART_GPA, UART_SIZE};
use defs::trap::Exception;

/// HLVX.HU: read 16 bits of guest instruction memory at guest virtual address `gva`.
fn hlvx_hu(gva: u64) -> u16 {
    let v: u64;
    // SAFETY: the guest just executed this instruction, so its translation is valid; HLVX
    // only reads.
    unsafe {
        core::arch::asm!(".option push", ".option arch, +h", "hlvx.hu {0}, ({1})", ".option pop",
            out(reg) v, in(reg) gva);
    }
    v as u16
}

/// Fetch and decode the trapping instruction: (access, length in bytes, where it came from).
fn trapping_access(g: &Vcpu, htinst: u64) -> Option<(Access, u64, &'static str)> {
    if htinst & 1 != 0 {
        let len = if htinst & 2 != 0 { 4 } else { 2 };
        return decode32(htinst as u32 | 3).map(|a| (a, len, "htinst"));
    }
    let lo = hlvx_hu(g.regs.sepc);
    if lo & 3 == 3 {
        let hi = hlvx_hu(g.regs.sepc + 2);
        decode32(lo as u32 | (hi as u32) << 16).map(|a| (a, 4, "HLVX"))
    } else {
        decode16(lo).map(|a| (a, 2, "HLVX"))
    }
}

const REG_NAMES: [&str; 8] = ["RBR/THR", "IER", "IIR/FCR", "LCR", "MCR", "LSR", "MSR", "SCR"];

/// Handle guest-page fault `fault` of guest `g`, whose 16550 is `uart` (lab 1's
/// `Hypervisor::on_guest_page_fault`).
pub fn handle_guest_page_fault(g: &mut Vcpu, uart: &mut Uart16550, fault: Exception, exit: &Exit) -> After {
    let gpa = exit.htval << 2 | exit.stval & 3;
    let pc = g.regs.sepc;
    let fetch = fault == Exception::InstructionGuestPageFault;
    let what = match fault {
        Exception::InstructionGuestPageFault => "instruction fetch",
        Exception::LoadGuestPageFault => "load",
        _ => "store",
    };
    let in_uart = (UART_GPA..UART_GPA + UART_SIZE).contains(&gpa);
    if fetch || !in_uart {
        g.stop(format_args!(
            "{what} at guest-physical address {gpa:#x} (pc {pc:#x}) is outside its RAM \
             ({:#x}..{:#x}) and devices (16550 at {UART_GPA:#x})",
            GUEST_RAM_BASE, GUEST_RAM_BASE + GUEST_RAM_SIZE));
        return After::Reschedule;
    }
    if exit.htinst != 0 && exit.htinst & 1 == 0 {
        g.stop(format_args!("its own page-table walk touched GPA {gpa:#x} (htinst {:#x}), not RAM", exit.htinst));
        return After::Reschedule;
    }
    let Some((access, len, source)) = trapping_access(g, exit.htinst) else {
        g.stop(format_args!("cannot decode the {what} at pc {pc:#x} that touched GPA {gpa:#x}"));
        return After::Reschedule;
    };
    let offset = gpa - UART_GPA;
    if access.width != 1 {
        first_times(Event::InjectedException, 0);
        hv!("lab4: guest {} {}-byte {what} of the byte-wide 16550 at GPA {gpa:#x}: injecting an access fault (lab 2)",
            g.id, access.width);
        let cause = if access.store { Exception::StoreAccessFault } else { Exception::LoadAccessFault };
        return inject(g, cause, exit.stval);
    }
    let reg = REG_NAMES.get(offset as usize).copied().unwrap_or("unused");
    if access.store {
        let v = g.regs.x[access.reg] as u8;
        if first_times(Event::MmioStore, 1) {
            hv!("lab4: guest {} store guest-page fault (scause 23) at GPA {gpa:#x}: '{}' decoded from {source}, \
                 x{} -> emulated 16550 {reg}; sepc += {len}", g.id, if len == 2 { "c.s*" } else { "sb" }, access.reg);
        }
        if let Some(b) = uart.write(offset, v) {
            g.console.put(g.id, b);
        }
    } else {
        let v = uart.read(offset);
        let v = if access.signed { v as i8 as i64 as u64 } else { v as u64 };
        if access.reg != 0 {
            g.regs.x[access.reg] = v;
        }
        if first_times(Event::MmioLoad, 1) {
            hv!("lab4: guest {} load guest-page fault (scause 21) at GPA {gpa:#x}: '{}' decoded from {source}, \
                 emulated 16550 {reg} -> x{}; sepc += {len}", g.id, if access.signed { "lb" } else { "lbu" }, access.reg);
        }
    }
    update_vseip(g, uart.interrupt_pending());
    step_over_access(g, len);
    After::Resume
}

/// Lab 4-4: the access is done; the guest resumes after it. sepc holds the address of the
/// instruction that trapped, and its length is 2 for a compressed instruction, 4 otherwise
/// (htinst bit 1, or the low bits of the instruction read with HLVX).
#[cfg(not(feature = "exercise-lab4-resume"))]
fn step_over_access(g: &mut Vcpu, len: u64) {
    g.regs.sepc += len;
}

/// Lab 4-4, the exercise (`--features exercise-lab4`): this starting point returns to the
/// instruction that trapped, which traps again, forever.
#[cfg(feature = "exercise-lab4-resume")]
fn step_over_access(g: &mut Vcpu, len: u64) {
    // TODO(lab 4-4): the load or store has been emulated. Where must the guest resume?
    let _ = (g, len);
}

/// The instruction at the guest's sepc and its length, read with HLVX (used for
/// virtual-instruction exceptions when stval does not hold the instruction bits).
pub fn guest_instruction_at_pc(g: &Vcpu) -> (u32, u64) {
    let lo = hlvx_hu(g.regs.sepc);
    if lo & 3 == 3 {
        (lo as u32 | (hlvx_hu(g.regs.sepc + 2) as u32) << 16, 4)
    } else {
        (lo as u32, 2)
    }
}
