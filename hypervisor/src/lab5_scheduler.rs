//! Lab 5: several guests on one hart. Each guest has its own G-stage table (lab 4) and its own
//! VMID in hgatp, so the TLB can hold both guests' translations at once and switching needs no
//! HFENCE.GVMA (only when the hart implements no VMID bits do we flush on every switch). The
//! VS CSRs, which the hardware uses directly while a guest runs, are saved and restored on a
//! switch. The host tick (lab 3) ends a time slice; a guest that executes WFI (trapped thanks
//! to hstatus.VTW) gives up the hart until one of its virtual interrupts is pending. When every
//! guest has finished, the machine powers off with SBI SRST.
//!
//! This is also where the labs come together: a `Guest` is lab 1's vcpu plus what the later
//! labs keep per guest, and the `Scheduler` is the `Hypervisor` that lab 1's run loop asks
//! for each exit it does not handle itself. `Scheduler::run` puts the round robin around lab 1's
//! `run_vcpu`.

use crate::lab0_console::{first_times, Event};
use crate::lab0_fdt::Platform;
use crate::lab1_run::{self, After, Hypervisor};
use crate::lab1_vcpu::{Exit, Vcpu, GUEST_RAM_BASE, GUEST_RAM_SIZE};
use crate::lab3_interrupts::{self, InterruptibleGuest, SerialInput};
use crate::lab4_gstage::{self, GStage};
use crate::lab4_uart16550::Uart16550;
use crate::{lab2_exceptions, lab4_mmio};
use defs::csr::{self, HGATP, VSATP, VSCAUSE, VSEPC, VSIE, VSSCRATCH, VSSTATUS, VSTIMECMP, VSTVAL, VSTVEC};
use defs::hstatus::Hstatus;
use defs::satp::{self, HgatpMode};
use defs::trap::{Exception, Interrupt};

/// The guest kernel image (flat, for GPA 0x9000_0000), made by build.rs.
static GUEST_IMAGE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/guest.bin"));

const WFI: u32 = 0x1050_0073;

/// The VS CSRs. While a guest runs, its values live in the real vs* CSRs (which VS-mode sees
/// under the s* names); they are copied here only when another guest takes the hart.
#[derive(Default)]
pub struct VsCsrs {
    pub vsstatus: u64,
    pub vsie: u64,
    pub vstvec: u64,
    pub vsscratch: u64,
    pub vsepc: u64,
    pub vscause: u64,
    pub vstval: u64,
    #[cfg_attr(feature = "exercise-lab5-switch", allow(dead_code))] // the exercise forgets it
    pub vsatp: u64,
    /// Sstc only: the guest's timer compare value.
    pub vstimecmp: u64,
}

/// Lab 5-2: a switch moves the VS CSRs of the guest leaving out of the hart (`save`) and the
/// ones of the guest arriving in (`load`). "When V=1, the VS CSRs substitute for the
/// corresponding supervisor CSRs" (privileged spec, "Hypervisor and Virtual Supervisor CSRs"):
/// the hart has one set, which a guest reads and writes as its own sstatus, stvec, satp...
impl VsCsrs {
    pub fn save(&mut self, sstc: bool) {
        self.vsstatus = csr::read::<VSSTATUS>();
        self.vsie = csr::read::<VSIE>();
        self.vstvec = csr::read::<VSTVEC>();
        self.vsscratch = csr::read::<VSSCRATCH>();
        self.vsepc = csr::read::<VSEPC>();
        self.vscause = csr::read::<VSCAUSE>();
        self.vstval = csr::read::<VSTVAL>();
        self.vsatp = csr::read::<VSATP>();
        if sstc {
            self.vstimecmp = csr::read::<VSTIMECMP>();
        }
    }

    /// Every VS CSR the guest can see must be its own: the ones it left, or for a guest that
    /// never ran, their reset values (vsatp = 0: Bare, as a hart boots).
    #[cfg(not(feature = "exercise-lab5-switch"))]
    pub fn load(&self, sstc: bool) {
        // SAFETY: the VS CSRs act only in V = 1, on the guest that is about to run; these are
        // the values it left there (vsatp translates through its own G-stage, loaded with it).
        unsafe {
            csr::write::<VSSTATUS>(self.vsstatus);
            csr::write::<VSIE>(self.vsie);
            csr::write::<VSTVEC>(self.vstvec);
            csr::write::<VSSCRATCH>(self.vsscratch);
            csr::write::<VSEPC>(self.vsepc);
            csr::write::<VSCAUSE>(self.vscause);
            csr::write::<VSTVAL>(self.vstval);
            csr::write::<VSATP>(self.vsatp);
            if sstc {
                csr::write::<VSTIMECMP>(self.vstimecmp);
            }
        }
    }

    /// Lab 5-2, the exercise (`--features exercise-lab5`): this starting point restores the
    /// trap CSRs and forgets the address-translation one: the guest arriving runs with the
    /// page-table root of the guest that left. `hemu grade lab5` says whose value it got.
    #[cfg(feature = "exercise-lab5-switch")]
    pub fn load(&self, sstc: bool) {
        // TODO(lab 5-2): `save` keeps every VS CSR the guest can see. Which one is not put back?
        // SAFETY: the VS CSRs act only in V = 1, on the guest that is about to run.
        unsafe {
            csr::write::<VSSTATUS>(self.vsstatus);
            csr::write::<VSIE>(self.vsie);
            csr::write::<VSTVEC>(self.vstvec);
            csr::write::<VSSCRATCH>(self.vsscratch);
            csr::write::<VSEPC>(self.vsepc);
            csr::write::<VSCAUSE>(self.vscause);
            csr::write::<VSTVAL>(self.vstval);
            if sstc {
                csr::write::<VSTIMECMP>(self.vstimecmp);
            }
        }
    }
}

/// One guest: lab 1's vcpu and what the later labs keep for it.
pub struct Guest {
    pub vcpu: Vcpu,
    /// Lab 3: absolute time of its next timer interrupt (SBI set_timer), u64::MAX = none.
    pub timer_deadline: u64,
    /// Lab 4: its memory and its console device.
    pub gstage: GStage,
    pub uart: Uart16550,
    /// Lab 5: its VMID, its VS CSRs while another guest runs, and whether it waits in WFI
    /// until one of its virtual interrupts is pending.
    pub vmid: u64,
    pub vs: VsCsrs,
    pub waiting: bool,
}

impl InterruptibleGuest for Guest {
    fn vcpu(&mut self) -> &mut Vcpu {
        &mut self.vcpu
    }
    fn timer_deadline(&mut self) -> &mut u64 {
        &mut self.timer_deadline
    }
    fn serial(&mut self) -> &mut dyn SerialInput {
        &mut self.uart
    }
}

/// VMIDLEN: write ones to hgatp.VMID and count how many stick (privileged spec, hgatp).
pub fn detect_vmid_bits() -> u32 {
    // SAFETY: no guest runs yet, and HS-mode's own accesses do not use the G-stage.
    unsafe { csr::write::<HGATP>(satp::hgatp(HgatpMode::Sv39x4, satp::VMID_MASK, 0)) };
    let bits = ((csr::read::<HGATP>() >> satp::ASID_SHIFT) & satp::VMID_MASK).count_ones();
    // SAFETY: as above.
    unsafe { csr::write::<HGATP>(0) };
    lab4_gstage::hfence_gvma_all();
    hv!("lab5: hgatp.VMID has {bits} bits{}", if bits == 0 { ": every guest switch flushes the G-stage TLB" } else { "" });
    bits
}

/// Build two guests (RAM, image, registers); `count` of them will run.
pub fn create_guests(count: usize, vmid_bits: u32, p: &Platform) -> [Guest; 2] {
    let make = |id: usize| {
        let gstage: GStage = lab4_gstage::build_guest_memory(GUEST_RAM_BASE, GUEST_RAM_SIZE, GUEST_IMAGE);
        // Lab 5-3: the guest's VMID. hgatp.VMID tags the hart's G-stage translations ("The
        // number of VMID bits is UNSPECIFIED and may be zero"; HFENCE.GVMA's rs2 "specifies a
        // single virtual machine identifier"): with a VMID of its own per guest the TLB keeps
        // both guests' translations and a switch needs no fence. With no VMID bits every guest
        // is VMID 0 and `switch` fences instead ("if a VMID is reused, it may be necessary to
        // execute an HFENCE.GVMA").
        #[cfg(not(feature = "exercise-lab5-vmid"))]
        let vmid = if vmid_bits > 0 { id as u64 + 1 } else { 0 };
        // Lab 5-3, the exercise (`--features exercise-lab5`): this starting point gives every
        // guest the same nonzero VMID, so the switch does not fence either.
        #[cfg(feature = "exercise-lab5-vmid")]
        let vmid = {
            // TODO(lab 5-3): the TLB tells guests apart by their VMID. Can two guests share one?
            let _ = vmid_bits;
            1
        };
        if id < count {
            hv!("lab4: guest {id}: {} MiB RAM at GPA {:#x}, {} KiB image, G-stage Sv39x4, hgatp {:#x}",
                GUEST_RAM_SIZE >> 20, GUEST_RAM_BASE, GUEST_IMAGE.len() >> 10, gstage.hgatp(vmid));
        }
        let mut vcpu = Vcpu::new(id, p.timebase_hz);
        // hstatus.VTW = 1: a guest's WFI traps to us, and the other guest runs meanwhile.
        vcpu.regs.hstatus |= Hstatus::VTW.bits();
        Guest {
            vcpu, timer_deadline: u64::MAX, gstage, uart: Uart16550::new(), vmid,
            vs: VsCsrs::default(), waiting: false,
        }
    };
    [make(0), make(1)]
}

/// The guests and which of them is on the hart: lab 1's `Hypervisor` for several guests.
pub struct Scheduler<'a> {
    guests: &'a mut [Guest],
    /// The guest `run_vcpu` runs (and the last one that ran).
    cur: usize,
    /// The guest whose VS CSRs and hgatp are on the hart.
    loaded: Option<usize>,
}

impl<'a> Scheduler<'a> {
    pub fn new(guests: &'a mut [Guest]) -> Self {
        let cur = guests.len() - 1; // so that guest 0 is picked first
        Scheduler { guests, cur, loaded: None }
    }

    /// Run the guests until all have finished, then power off.
    pub fn run(&mut self) -> ! {
        lab3_interrupts::start_tick();
        loop {
            let Some(next) = self.pick() else {
                if self.guests.iter().all(|g| g.vcpu.finished) {
                    for g in self.guests.iter_mut() {
                        g.vcpu.console.flush(g.vcpu.id);
                    }
                    crate::lab0_console::print_counts();
                    hv!("all guests finished: shutting down with SBI SRST");
                    crate::lab0_sbi::shutdown(false);
                }
                lab3_interrupts::idle(self.guests, self.loaded);
                continue;
            };
            if self.loaded != Some(next) {
                self.switch(next);
                self.loaded = Some(next);
                lab3_interrupts::program_host_timer(self.guests, self.loaded);
            }
            self.cur = next;
            lab1_run::run_vcpu(self);
        }
    }

    /// Round robin: the first guest after `cur` that can run (the current one comes last).
    fn pick(&mut self) -> Option<usize> {
        let n = self.guests.len();
        for i in 1..=n {
            let g = &mut self.guests[(self.cur + i) % n];
            if g.waiting {
                let vsie = g.vs.vsie;
                g.waiting = !lab3_interrupts::has_pending_interrupt(g, vsie);
            }
            if !g.waiting && !g.vcpu.finished {
                return Some(g.vcpu.id);
            }
        }
        None
    }

    /// Put guest `next` on the hart: its VS CSRs and its G-stage (hgatp with its VMID).
    fn switch(&mut self, next: usize) {
        let sstc = lab3_interrupts::sstc();
        if let Some(prev) = self.loaded {
            self.guests[prev].vs.save(sstc);
            if first_times(Event::GuestSwitch, 2) {
                hv!("lab5: switch guest {prev} -> guest {next}: save/restore VS CSRs, hgatp.VMID {} -> {}{}",
                    self.guests[prev].vmid, self.guests[next].vmid,
                    if self.guests[next].vmid != 0 { " (no HFENCE.GVMA needed)" } else { "" });
            }
        }
        let g = &self.guests[next];
        // SAFETY: guest `next`'s own G-stage, used only in V = 1, i.e. by that guest.
        unsafe { csr::write::<HGATP>(g.gstage.hgatp(g.vmid)) };
        if g.vmid == 0 {
            lab4_gstage::hfence_gvma_all();
        }
        g.vs.load(sstc);
    }

    fn current(&mut self) -> &mut Guest {
        &mut self.guests[self.cur]
    }
}

/// Each exit lab 1 does not handle itself goes to the lab that explains it.
impl Hypervisor for Scheduler<'_> {
    fn vcpu(&mut self) -> &mut Vcpu {
        &mut self.current().vcpu
    }

    /// Lab 3's interrupts; a host tick ends the time slice if another guest could run.
    fn on_interrupt(&mut self, code: u64) -> After {
        match Interrupt::from_code(code) {
            Some(Interrupt::SupervisorTimer) => {
                let slice_over = lab3_interrupts::on_host_timer(self.guests, self.loaded);
                let cur = self.cur;
                let others = self.guests.iter().any(|g| g.vcpu.id != cur && !g.vcpu.finished);
                // Lab 5-1: the slice is over and another guest can run: the hart goes to it
                // (`pick`, round robin).
                #[cfg(not(feature = "exercise-lab5-slice"))]
                let after = if slice_over && others { After::Reschedule } else { After::Resume };
                // Lab 5-1, the exercise (`--features exercise-lab5`): this starting point
                // delivers the guests' timers (lab 3) and always resumes the guest that ran.
                #[cfg(feature = "exercise-lab5-slice")]
                let after = {
                    // TODO(lab 5-1): the host tick ended this guest's time slice. Who runs next?
                    let _ = (slice_over, others);
                    After::Resume
                };
                after
            }
            Some(Interrupt::SupervisorExternal) => {
                lab3_interrupts::on_external(self.guests);
                After::Resume
            }
            _ => {
                hv!("unexpected interrupt {code} during guest {}; ignored", self.cur);
                After::Resume
            }
        }
    }

    fn on_guest_page_fault(&mut self, fault: Exception, exit: &Exit) -> After {
        let g = self.current();
        let after = lab4_mmio::handle_guest_page_fault(&mut g.vcpu, &mut g.uart, fault, exit);
        // The guest may have enabled its receive interrupt or read a byte: typed bytes
        // waiting in the host UART can go to it now.
        lab3_interrupts::pump_input(self.guests);
        after
    }

    fn on_virtual_instruction(&mut self, exit: &Exit) -> After {
        virtual_instruction(self.current(), exit)
    }

    fn on_exception(&mut self, cause: Exception, exit: &Exit) -> After {
        lab2_exceptions::forward_to_guest(&mut self.current().vcpu, cause, exit)
    }

    fn set_timer(&mut self, deadline: u64) {
        lab3_interrupts::guest_set_timer(self.guests, self.cur, deadline);
    }

    fn console_input(&mut self) -> Option<u8> {
        self.current().uart.pop_input()
    }

    fn read_guest_byte(&mut self, gpa: u64) -> Option<u8> {
        self.current().gstage.read_byte(gpa)
    }

    fn write_guest_byte(&mut self, gpa: u64, byte: u8) -> bool {
        self.current().gstage.write_byte(gpa, byte)
    }
}

/// A virtual-instruction exception (scause 22): the guest did something that is legal in
/// S-mode but that the hypervisor asked to see. Ours: WFI (hstatus.VTW = 1). Anything else is
/// shown to the guest as the illegal instruction it is on its virtual hart.
fn virtual_instruction(g: &mut Guest, exit: &Exit) -> After {
    let (insn, len) = if exit.stval != 0 {
        (exit.stval as u32, if exit.stval & 3 == 3 { 4 } else { 2 })
    } else {
        lab4_mmio::guest_instruction_at_pc(&g.vcpu)
    };
    if insn == WFI {
        // Lab 5-4: WFI in VS-mode with hstatus.VTW = 1 "raises a virtual-instruction
        // exception". Once we return, the WFI is done: the guest goes on after it.
        #[cfg(not(feature = "exercise-lab5-wfi"))]
        {
            g.vcpu.regs.sepc += len;
        }
        // Lab 5-4, the exercise (`--features exercise-lab5`): this starting point waits well
        // but returns to the WFI itself, which traps again as soon as the guest runs.
        #[cfg(feature = "exercise-lab5-wfi")]
        {
            // TODO(lab 5-4): where does the guest go on once its WFI is over?
            let _ = len;
        }
        // The guest's vsie is in the CSR while it is loaded; the copy is what `pick` looks at
        // while the guest waits (a switch saves it again).
        g.vs.vsie = csr::read::<VSIE>();
        let vsie = g.vs.vsie;
        if lab3_interrupts::has_pending_interrupt(g, vsie) {
            return After::Resume; // WFI completes at once
        }
        if first_times(Event::GuestWfi, 1) {
            hv!("lab5: guest {} WFI -> virtual-instruction exception (hstatus.VTW=1): it waits, other guests run", g.vcpu.id);
        }
        g.waiting = true;
        return After::Reschedule;
    }
    if first_times(Event::VirtualInstruction, 1) {
        hv!("lab5: guest {} virtual-instruction exception for {insn:#x} at pc {:#x}: injected as illegal instruction",
            g.vcpu.id, g.vcpu.regs.sepc);
    }
    lab2_exceptions::inject(&mut g.vcpu, Exception::IllegalInstruction, insn as u64)
}
