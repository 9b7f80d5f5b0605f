//! Lab 1: the virtual CPU. A `Vcpu` is what the hypervisor must keep for one guest hart to
//! enter and leave it: its general registers and pc (`GuestRegs`, touched by the assembly in
//! lab1_switch), its pending virtual interrupts (hvip), whether it has finished, and the line
//! buffer of its console output. `Vcpu::run` enters the guest and comes back with the `Exit`
//! that made it leave. The guest's VS-level CSRs need no copy here: while it is the only guest,
//! they simply stay in the vs* CSRs, which the hardware uses directly while the guest runs.

use crate::lab1_guest_console::GuestConsole;
use defs::csr::{self, HSTATUS, HTINST, HTVAL, HVIP, SCAUSE, STVAL};
use defs::hstatus::Hstatus;
use defs::status::Sstatus;
use defs::Privilege;

/// Guest RAM starts here in guest-physical space; the guest is linked to run at this address.
pub const GUEST_RAM_BASE: u64 = 0x9000_0000;
/// Each guest gets this much RAM.
pub const GUEST_RAM_SIZE: u64 = 8 << 20;

/// Register file shared with the assembly in lab1_switch.rs, which finds each field with
/// `offset_of!` (hence `repr(C)`: a layout the compiler will not reorder).
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
    pub host: [u64; 16],
}

/// What `run_guest` installs before the guest's first `sret` (lab 1-1): sret sets
/// V = hstatus.SPV, the privilege to sstatus.SPP, and pc = sepc.
struct Entry {
    hstatus: Hstatus,
    sstatus: Sstatus,
    sepc: u64,
}

/// Lab 1-1: enter the guest kernel in VS-mode at its first instruction.
#[cfg(not(feature = "exercise-lab1-enter"))]
fn first_entry(hstatus_now: Hstatus) -> Entry {
    Entry {
        // hstatus.SPV = 1: sret enters V = 1. SPVP = 1: HLV/HLVX act as VS-mode.
        hstatus: (hstatus_now | Hstatus::SPV | Hstatus::SPVP) - Hstatus::GVA,
        // sstatus.SPP = 1: enter VS (not VU). SPIE = 0, FS = Off: the guest uses no FPU.
        sstatus: Sstatus::SPP,
        sepc: GUEST_RAM_BASE,
    }
}

/// Lab 1-1, the exercise (`--features exercise-lab1`): this starting point leaves hstatus as
/// it is and sstatus and sepc at zero, so the first sret stays in V=0, drops to U-mode and
/// jumps to 0. `hemu grade lab1` says which bit is wrong.
#[cfg(feature = "exercise-lab1-enter")]
fn first_entry(hstatus_now: Hstatus) -> Entry {
    // TODO(lab 1-1): which hstatus bit makes sret enter V = 1? Which sstatus bit makes it
    // enter VS-mode and not VU-mode? Where does the guest start (GUEST_RAM_BASE)?
    Entry { hstatus: hstatus_now, sstatus: Sstatus::empty(), sepc: 0 }
}

pub struct Vcpu {
    /// The guest's number: its boot register a2 and the prefix of its console lines.
    pub id: usize,
    pub regs: GuestRegs,
    /// Pending virtual interrupts for this guest (hvip.VSSIP/VSTIP/VSEIP), installed in hvip on
    /// every entry.
    pub hvip: u64,
    /// The guest shut itself down or was stopped: it never runs again.
    pub finished: bool,
    pub console: GuestConsole,
}

/// Why the guest stopped running: read right after `run_guest` returns.
#[derive(Clone, Copy)]
pub struct Exit {
    /// Interrupt bit (63) and exception or interrupt code.
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
    pub fn new(id: usize, timebase_hz: u64) -> Self {
        let entry = first_entry(Hstatus::from_bits_retain(csr::read::<HSTATUS>()));
        let mut regs =
            GuestRegs { x: [0; 32], sepc: entry.sepc, hstatus: entry.hstatus.bits(), sstatus: entry.sstatus.bits(), host: [0; 16] };
        regs.x[11] = 0;
        regs.x[12] = id as u64;
        regs.x[13] = timebase_hz;
        regs.x[14] = GUEST_RAM_SIZE;
        Vcpu { id, regs, hvip: 0, finished: false, console: GuestConsole::new() }
    }

    /// Run until the next exit: install this guest's pending virtual interrupts in hvip, switch,
    /// and read the exit's cause.
    pub fn run(&mut self) -> Exit {
        // SAFETY: hvip only makes the guest's VS-level interrupts pending; regs is a valid
        // GuestRegs; the G-stage (hgatp) and the VS CSRs on the hart are this guest's.
        unsafe {
            csr::write::<HVIP>(self.hvip);
            crate::lab1_switch::run_guest(&mut self.regs);
        }
        // The guest may have changed hvip.VSSIP through its sip (an alias), keep what it did.
        self.hvip = csr::read::<HVIP>();
        Exit {
            scause: csr::read::<SCAUSE>(),
            stval: csr::read::<STVAL>(),
            htval: csr::read::<HTVAL>(),
            htinst: csr::read::<HTINST>(),
        }
    }

    /// Did the guest come from VU-mode (its user) rather than VS-mode (its kernel)?
    pub fn came_from_user(&self) -> bool {
        Sstatus::from_bits_retain(self.regs.sstatus).spp() == Privilege::U
    }

    /// Stop this guest for good with a message.
    pub fn stop(&mut self, why: core::fmt::Arguments) {
        self.console.flush(self.id);
        hv!("guest {} stopped: {}", self.id, why);
        self.finished = true;
    }
}
