//! Lab 5: several guests on one hart. Each guest has its own G-stage table (lab 4) and its own
//! VMID in hgatp, so the TLB can hold both guests' translations at once and switching needs no
//! HFENCE.GVMA (only when the hart implements no VMID bits do we flush on every switch). The
//! host tick (lab 3) ends a time slice; a guest that executes WFI (trapped thanks to
//! hstatus.VTW) gives up the hart until one of its virtual interrupts is pending. When every
//! guest has finished, the machine powers off with SBI SRST.
//!
//! The run loop is also where every exit is dispatched to the lab that explains it.

use crate::lab0_console::{first_times, Event};
use crate::lab0_csr::*;
use crate::lab0_fdt::Platform;
use crate::lab1_vcpu::{After, ExitInfo, State, Vcpu, GUEST_RAM_BASE, GUEST_RAM_SIZE};
use crate::lab4_gstage::{self, GStage, HGATP_VMID_SHIFT};
use crate::{lab1_sbi_server, lab2_exceptions, lab3_interrupts, lab4_mmio};

/// The guest kernel image (flat, for GPA 0x9000_0000), made by build.rs.
static GUEST_IMAGE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/guest.bin"));

const ECALL_FROM_VS: u64 = 10;
const VIRTUAL_INSTRUCTION: u64 = 22;
const WFI: u32 = 0x1050_0073;

/// VMIDLEN: write ones to hgatp.VMID and count how many stick (privileged spec, hgatp).
pub fn detect_vmid_bits() -> u32 {
    csr_write!("hgatp", 8 << 60 | 0x3fff << HGATP_VMID_SHIFT);
    let bits = ((csr_read!("hgatp") >> HGATP_VMID_SHIFT) & 0x3fff).count_ones();
    csr_write!("hgatp", 0);
    lab4_gstage::hfence_gvma_all();
    hv!("lab5: hgatp.VMID has {bits} bits{}", if bits == 0 { ": every guest switch flushes the G-stage TLB" } else { "" });
    bits
}

/// Build two guests (RAM, image, registers); `count` of them will run.
pub fn create_guests(count: usize, vmid_bits: u32, p: &Platform) -> [Vcpu; 2] {
    let make = |id: usize| {
        let gstage: GStage = lab4_gstage::build_guest_memory(GUEST_RAM_BASE, GUEST_RAM_SIZE, GUEST_IMAGE);
        let vmid = if vmid_bits > 0 { id as u64 + 1 } else { 0 };
        if id < count {
            hv!("lab4: guest {id}: {} MiB RAM at GPA {:#x}, {} KiB image, G-stage Sv39x4, hgatp {:#x}",
                GUEST_RAM_SIZE >> 20, GUEST_RAM_BASE, GUEST_IMAGE.len() >> 10, gstage.hgatp(vmid));
        }
        Vcpu::new(id, gstage, vmid, p.timebase_hz)
    };
    [make(0), make(1)]
}

/// Round robin: the first guest after `after` that can run (the current one comes last).
fn pick(guests: &mut [Vcpu], after: usize) -> Option<usize> {
    let n = guests.len();
    for i in 1..=n {
        let g = &mut guests[(after + i) % n];
        if g.state == State::Waiting && g.has_pending_interrupt() {
            g.state = State::Runnable;
        }
        if g.state == State::Runnable {
            return Some(g.id);
        }
    }
    None
}

/// Put guest `next` on the hart: its VS CSRs and its G-stage (hgatp with its VMID).
fn switch(guests: &mut [Vcpu], loaded: Option<usize>, next: usize) {
    let sstc = lab3_interrupts::sstc();
    if let Some(prev) = loaded {
        guests[prev].vs.save(sstc);
        if first_times(Event::GuestSwitch, 2) {
            hv!("lab5: switch guest {prev} -> guest {next}: save/restore VS CSRs, hgatp.VMID {} -> {}{}",
                guests[prev].vmid, guests[next].vmid,
                if guests[next].vmid != 0 { " (no HFENCE.GVMA needed)" } else { "" });
        }
    }
    let g = &guests[next];
    csr_write!("hgatp", g.gstage.hgatp(g.vmid));
    if g.vmid == 0 {
        lab4_gstage::hfence_gvma_all();
    }
    g.vs.load(sstc);
}

/// Run the guests until all have finished, then power off.
pub fn run(guests: &mut [Vcpu]) -> ! {
    let mut loaded: Option<usize> = None;
    let mut cur = guests.len() - 1; // so that guest 0 is picked first
    lab3_interrupts::start_tick();
    loop {
        let Some(next) = pick(guests, cur) else {
            if guests.iter().all(|g| g.state == State::Finished) {
                for g in guests.iter_mut() {
                    g.console.flush(g.id);
                }
                lab0_console_summary();
                crate::lab0_sbi::shutdown(false);
            }
            lab3_interrupts::idle(guests, loaded);
            continue;
        };
        if loaded != Some(next) {
            switch(guests, loaded, next);
            loaded = Some(next);
            lab3_interrupts::program_host_timer(guests, loaded);
        }
        cur = next;
        loop {
            let exit = guests[cur].run();
            let after = handle_exit(guests, cur, loaded, &exit);
            if after == After::Reschedule || guests[cur].state != State::Runnable {
                break;
            }
        }
    }
}

fn lab0_console_summary() {
    crate::lab0_console::print_counts();
    hv!("all guests finished: shutting down with SBI SRST");
}

/// Dispatch one exit of guest `cur` to the lab that handles it.
fn handle_exit(guests: &mut [Vcpu], cur: usize, loaded: Option<usize>, exit: &ExitInfo) -> After {
    let is_interrupt = exit.scause >> 63 != 0;
    let code = exit.scause & !(1 << 63);
    if is_interrupt {
        return match code {
            IRQ_S_TIMER => {
                let slice_over = lab3_interrupts::on_host_timer(guests, loaded);
                let others = guests.iter().any(|g| g.id != cur && g.state != State::Finished);
                if slice_over && others { After::Reschedule } else { After::Resume }
            }
            IRQ_S_EXTERNAL => {
                lab3_interrupts::on_external(guests);
                After::Resume
            }
            _ => {
                hv!("unexpected interrupt {code} during guest {cur}; ignored");
                After::Resume
            }
        };
    }
    match code {
        ECALL_FROM_VS => lab1_sbi_server::handle_ecall(guests, cur),
        lab4_mmio::INSTRUCTION_GUEST_PAGE_FAULT
        | lab4_mmio::LOAD_GUEST_PAGE_FAULT
        | lab4_mmio::STORE_GUEST_PAGE_FAULT => lab4_mmio::handle_guest_page_fault(&mut guests[cur], exit),
        VIRTUAL_INSTRUCTION => virtual_instruction(&mut guests[cur], exit),
        _ => lab2_exceptions::forward_to_guest(&mut guests[cur], exit),
    }
}

/// A virtual-instruction exception (scause 22): the guest did something that is legal in
/// S-mode but that the hypervisor asked to see. Ours: WFI (hstatus.VTW = 1). Anything else is
/// shown to the guest as the illegal instruction it is on its virtual hart.
fn virtual_instruction(g: &mut Vcpu, exit: &ExitInfo) -> After {
    let (insn, len) = if exit.stval != 0 {
        (exit.stval as u32, if exit.stval & 3 == 3 { 4 } else { 2 })
    } else {
        lab4_mmio::guest_instruction_at_pc(g)
    };
    if insn == WFI {
        g.regs.sepc += len;
        if g.has_pending_interrupt() {
            return After::Resume; // WFI completes at once
        }
        if first_times(Event::GuestWfi, 1) {
            hv!("lab5: guest {} WFI -> virtual-instruction exception (hstatus.VTW=1): it waits, other guests run", g.id);
        }
        g.state = State::Waiting;
        return After::Reschedule;
    }
    if first_times(Event::VirtualInstruction, 1) {
        hv!("lab5: guest {} virtual-instruction exception for {insn:#x} at pc {:#x}: injected as illegal instruction",
            g.id, g.regs.sepc);
    }
    lab2_exceptions::inject(g, lab2_exceptions::ILLEGAL_INSTRUCTION, insn as u64)
}
