//! Lab 1: the virtual CPU. A `Vcpu` is everything the hypervisor must keep for one guest hart:
//! its general registers and pc (`GuestRegs`, touched by the assembly in lab1_switch), its
//! VS-level CSRs (`VsCsrs`, which the hardware uses directly while the guest runs and which we
//! only save/restore when switching guests, lab 5), its pending virtual interrupts (hvip), its
//! memory (lab 4) and its devices (lab 4's 16550).

use crate::lab0_csr::*;
use crate::lab4_gstage::GStage;
use crate::lab4_uart16550::Uart16550;

/// Guest RAM starts here in guest-physical space; the guest is linked to run at this address.
pub const GUEST_RAM_BASE: u64 = 0x9000_0000;
/// Each guest gets this much RAM.
pub const GUEST_RAM_SIZE: u64 = 8 << 20;

/// Register file shared with the assembly in lab1_switch.rs (offsets are fixed there).
#[repr(C)]
pub struct GuestRegs {
    /// x0..x31 (x0 is never loaded).
    pub x: [u64; 32],
    /// Guest pc: where `sret` resumes it.
    pub sepc: u64,
    /// hstatus to install before entering (SPV = 1) / as saved at the exit.
    pub hstatus: u64,
    /// sstatus to install before entering (SPP = guest privilege) / as saved at the exit.
    pub sstatus: u64,
    /// The host's callee-saved registers while the guest runs.
    host: [u64; 16],
}

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
    pub vsatp: u64,
    /// Sstc only: the guest's timer compare value.
    pub vstimecmp: u64,
}

impl VsCsrs {
    pub fn save(&mut self, sstc: bool) {
        self.vsstatus = csr_read!("vsstatus");
        self.vsie = csr_read!("vsie");
        self.vstvec = csr_read!("vstvec");
        self.vsscratch = csr_read!("vsscratch");
        self.vsepc = csr_read!("vsepc");
        self.vscause = csr_read!("vscause");
        self.vstval = csr_read!("vstval");
        self.vsatp = csr_read!("vsatp");
        if sstc {
            self.vstimecmp = csr_read!("vstimecmp");
        }
    }
    pub fn load(&self, sstc: bool) {
        csr_write!("vsstatus", self.vsstatus);
        csr_write!("vsie", self.vsie);
        csr_write!("vstvec", self.vstvec);
        csr_write!("vsscratch", self.vsscratch);
        csr_write!("vsepc", self.vsepc);
        csr_write!("vscause", self.vscause);
        csr_write!("vstval", self.vstval);
        csr_write!("vsatp", self.vsatp);
        if sstc {
            csr_write!("vstimecmp", self.vstimecmp);
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Ready to run.
    Runnable,
    /// Executed WFI: runs again when one of its virtual interrupts is pending (lab 5).
    Waiting,
    /// Shut itself down, or was stopped by the hypervisor.
    Finished,
}

/// Collects a guest's console bytes until a newline, then prints them with the guest's prefix,
/// so that two guests' output never mixes within a line.
pub struct GuestConsole {
    buf: [u8; 160],
    len: usize,
}
impl GuestConsole {
    pub const fn new() -> Self {
        GuestConsole { buf: [0; 160], len: 0 }
    }
    pub fn put(&mut self, id: usize, b: u8) {
        if b == b'\r' {
            return;
        }
        if b != b'\n' && self.len < self.buf.len() {
            self.buf[self.len] = b;
            self.len += 1;
        }
        if b == b'\n' || self.len == self.buf.len() {
            self.flush(id);
        }
    }
    pub fn flush(&mut self, id: usize) {
        if self.len > 0 {
            let line = core::str::from_utf8(&self.buf[..self.len]).unwrap_or("<non-UTF-8 output>");
            crate::lab0_console::print(format_args!("[g{id}] {line}\n"));
            self.len = 0;
        }
    }
}

pub struct Vcpu {
    pub id: usize,
    pub regs: GuestRegs,
    pub vs: VsCsrs,
    /// Pending virtual interrupts for this guest (hvip.VSSIP/VSTIP/VSEIP).
    pub hvip: u64,
    pub state: State,
    /// Absolute time of the guest's next timer interrupt (SBI set_timer), u64::MAX = none.
    pub timer_deadline: u64,
    pub gstage: GStage,
    pub vmid: u64,
    pub uart: Uart16550,
    pub console: GuestConsole,
}

/// Why the guest stopped running: read right after `run_guest` returns.
#[derive(Clone, Copy)]
pub struct ExitInfo {
    pub scause: u64,
    pub stval: u64,
    /// Guest-physical address >> 2 for guest-page faults.
    pub htval: u64,
    /// Transformed trapping instruction (or 0) for guest-page faults.
    pub htinst: u64,
}

impl Vcpu {
    /// A vcpu that starts at the guest's entry in VS-mode with the boot registers
    /// a0 = hart id 0, a1 = 0 (no device tree: see guest/README), a2 = guest number,
    /// a3 = timebase frequency, a4 = RAM size.
    pub fn new(id: usize, gstage: GStage, vmid: u64, timebase_hz: u64) -> Self {
        let mut regs = GuestRegs { x: [0; 32], sepc: GUEST_RAM_BASE, hstatus: 0, sstatus: 0, host: [0; 16] };
        regs.x[11] = 0;
        regs.x[12] = id as u64;
        regs.x[13] = timebase_hz;
        regs.x[14] = GUEST_RAM_SIZE;
        // hstatus.SPV = 1: sret enters V = 1. SPVP = 1: HLV/HLVX act as VS-mode.
        // VTW = 1: a guest WFI traps to us (lab 5 runs the other guest meanwhile).
        regs.hstatus = (csr_read!("hstatus") | HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_VTW) & !HSTATUS_GVA;
        // sstatus.SPP = 1: enter VS (not VU). SPIE = 0, FS = Off: the guest uses no FPU.
        regs.sstatus = SSTATUS_SPP;
        Vcpu {
            id, regs, vs: VsCsrs::default(), hvip: 0, state: State::Runnable,
            timer_deadline: u64::MAX, gstage, vmid, uart: Uart16550::new(), console: GuestConsole::new(),
        }
    }

    /// Run until the next exit: install this guest's pending virtual interrupts in hvip, switch,
    /// and read the exit's cause.
    pub fn run(&mut self) -> ExitInfo {
        csr_write!("hvip", self.hvip);
        // SAFETY: regs is a valid GuestRegs; the G-stage (hgatp) and VS CSRs are this guest's.
        unsafe { crate::lab1_switch::run_guest(&mut self.regs) };
        // The guest may have changed hvip.VSSIP through its sip (an alias), keep what it did.
        self.hvip = csr_read!("hvip");
        self.vs.vsie = csr_read!("vsie");
        ExitInfo {
            scause: csr_read!("scause"),
            stval: csr_read!("stval"),
            htval: csr_read!("htval"),
            htinst: csr_read!("htinst"),
        }
    }

    /// Did the guest come from VU-mode (its user) rather than VS-mode (its kernel)?
    pub fn came_from_user(&self) -> bool {
        self.regs.sstatus & SSTATUS_SPP == 0
    }

    /// Stop this guest for good with a message.
    pub fn stop(&mut self, why: core::fmt::Arguments) {
        self.console.flush(self.id);
        hv!("guest {} stopped: {}", self.id, why);
        self.state = State::Finished;
    }
}

/// What the run loop (lab 5) does after an exit has been handled.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum After {
    /// Re-enter the same guest.
    Resume,
    /// Let the scheduler pick (time slice over, guest waiting or finished).
    Reschedule,
}
