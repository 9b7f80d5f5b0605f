//! Trap entry (delegation through medeleg/mideleg/hedeleg/hideleg), interrupt
//! selection, and the trap returns MRET and SRET.
//!
//! Where a trap goes (priv spec, "Machine Trap Delegation Registers" and the
//! hypervisor chapter's "Trap Entry"): to M unless the trap comes from a
//! mode below M and medeleg/mideleg delegates it; then to HS unless it comes
//! from V=1 and hedeleg/hideleg delegates it further, to VS.

use super::csr::bits::*;
use super::trap_loop::{Fault, TrapLoop};
use super::{Exception, Hart, Interrupt, Mode, Privilege, Trap};

/// Interrupts in decreasing priority order (priv spec, "Machine Interrupt
/// Registers": MEI, MSI, MTI, SEI, SSI, STI, then SGEI, VSEI, VSSI, VSTI from
/// the hypervisor chapter, then Sscofpmf's LCOFI: "SEI, SSI, STI, SGEI, VSEI,
/// VSSI, VSTI, LCOFI").
const PRIORITY: [Interrupt; 11] = [
    Interrupt::MachineExternal,
    Interrupt::MachineSoftware,
    Interrupt::MachineTimer,
    Interrupt::SupervisorExternal,
    Interrupt::SupervisorSoftware,
    Interrupt::SupervisorTimer,
    Interrupt::SupervisorGuestExternal,
    Interrupt::VirtualSupervisorExternal,
    Interrupt::VirtualSupervisorSoftware,
    Interrupt::VirtualSupervisorTimer,
    Interrupt::CounterOverflow,
];

/// Does this exception write a virtual address to xtval? (For GVA.)
fn tval_is_address(e: Exception) -> bool {
    e.is_address_fault() || e == Exception::Breakpoint
}

impl Hart {
    /// Take a synchronous exception raised by the instruction at `self.pc`.
    /// Returns the mode the trap was taken into.
    pub fn take_trap(&mut self, trap: Trap) -> Mode {
        let fault = Fault { cause: trap.cause, pc: self.pc, mode: self.mode() };
        if self.trap_loop.see(fault, self.own_vector(), self.interrupts_taken) {
            // End the run here: the machine reports the loop.
            self.yield_run = true;
        }
        let code = trap.cause.code();
        let from_below_m = self.prv != Privilege::Machine;
        let to_hs = from_below_m && (self.csr.medeleg >> code) & 1 == 1;
        let to_vs = to_hs && self.virt && (self.csr.hedeleg >> code) & 1 == 1;
        let gva = trap.gva || (self.virt && tval_is_address(trap.cause));
        let mut tinst = trap.tinst;
        if tinst == 0 && !to_vs && matches!(trap.cause, Exception::LoadGuestPageFault | Exception::StoreGuestPageFault) {
            // An explicit access (implicit ones carry 0x3000/0x3020).
            tinst = self.transformed_inst(trap.tval);
        }
        if to_vs {
            self.enter_vs(code, trap.tval);
        } else if to_hs {
            self.enter_hs(code, trap.tval, trap.tval2, tinst, gva);
        } else {
            self.enter_m(code, trap.tval, trap.tval2, tinst, gva);
        }
        self.mode()
    }

    /// Where the current mode's own exceptions go (its xtvec's base; the
    /// vectored mode sends only interrupts elsewhere). U and VU have none.
    fn own_vector(&self) -> Option<u64> {
        let tvec = match (self.prv, self.virt) {
            (Privilege::Machine, _) => self.csr.mtvec,
            (Privilege::Supervisor, false) => self.csr.stvec,
            (Privilege::Supervisor, true) => self.csr.vstvec,
            (Privilege::User, _) => return None,
        };
        Some(tvec & !3)
    }

    /// The trap loop found at trap entry since the last call, if any (see
    /// `trap_loop`).
    pub fn take_trap_loop(&mut self) -> Option<TrapLoop> {
        self.trap_loop.take()
    }

    /// Take interrupt `irq` (already selected by `pending_interrupt`).
    pub fn take_interrupt(&mut self, irq: Interrupt) -> Mode {
        let bit = 1u64 << irq.code();
        let cause = (1u64 << 63) | irq.code();
        let to_hs = self.csr.mideleg & bit != 0;
        let to_vs = to_hs && self.csr.hideleg & bit != 0;
        self.interrupts_taken += 1;
        if to_vs {
            // VS sees its interrupts with the S codes: 10->9, 6->5, 2->1;
            // LCOFI keeps its code 13.
            let code = if bit & VS_INTERRUPTS != 0 { cause - 1 } else { cause };
            self.enter_vs(code, 0);
        } else if to_hs {
            self.enter_hs(cause, 0, 0, 0, false);
        } else {
            self.enter_m(cause, 0, 0, 0, false);
        }
        self.mode()
    }

    /// The highest-priority interrupt that is pending, enabled and not
    /// masked by the current mode, if any.
    pub fn pending_interrupt(&self) -> Option<Interrupt> {
        let pending = self.mip_value() & self.csr.mie;
        if pending == 0 {
            return None;
        }
        let c = &self.csr;
        // Interrupts that go to M: taken when below M, or in M with STATUS_MIE.
        let m_enabled = self.prv != Privilege::Machine || c.mstatus & STATUS_MIE != 0;
        // Interrupts that go to HS: always enabled when V=1 or in U; in HS
        // only with sstatus.SIE; never in M.
        let hs_enabled = match (self.prv, self.virt) {
            (Privilege::Machine, _) => false,
            (_, true) => true,
            (Privilege::Supervisor, false) => c.mstatus & STATUS_SIE != 0,
            (Privilege::User, false) => true,
        };
        // Interrupts that go to VS: only while V=1; in VS with vsstatus.SIE.
        let vs_enabled = self.virt && (self.prv == Privilege::User || c.vsstatus & STATUS_SIE != 0);
        let to_m = pending & !c.mideleg;
        let to_vs = pending & c.mideleg & c.hideleg & (VS_INTERRUPTS | LCOFIP);
        let to_hs = pending & c.mideleg & !to_vs;
        // Interrupts for a more privileged destination come first; within
        // one destination, the fixed priority order decides.
        let first = |set: u64| PRIORITY.iter().copied().find(|i| set & (1 << i.code()) != 0);
        if m_enabled && to_m != 0 {
            return first(to_m);
        }
        if hs_enabled && to_hs != 0 {
            return first(to_hs);
        }
        if vs_enabled && to_vs != 0 {
            return first(to_vs);
        }
        None
    }

    fn enter_m(&mut self, cause: u64, tval: u64, tval2: u64, tinst: u64, gva: bool) {
        let c = &mut self.csr;
        c.mepc = self.pc;
        c.mcause = cause;
        c.mtval = tval;
        c.mtval2 = tval2;
        c.mtinst = tinst;
        let mut s = c.mstatus & !(MPV | GVA | MPIE | STATUS_MIE | MPP);
        if self.virt {
            s |= MPV;
        }
        if gva {
            s |= GVA;
        }
        if c.mstatus & STATUS_MIE != 0 {
            s |= MPIE;
        }
        s |= self.prv.bits() << MPP_SHIFT;
        c.mstatus = s;
        let pc = vector(c.mtvec, cause);
        self.enter(Privilege::Machine, false, pc);
    }

    fn enter_hs(&mut self, cause: u64, tval: u64, tval2: u64, tinst: u64, gva: bool) {
        let c = &mut self.csr;
        c.sepc = self.pc;
        c.scause = cause;
        c.stval = tval;
        c.htval = tval2;
        c.htinst = tinst;
        let mut h = c.hstatus & !(HSTATUS_SPV | HSTATUS_GVA);
        if self.virt {
            h |= HSTATUS_SPV;
            // SPVP records the guest's privilege only for traps from V=1.
            h = (h & !HSTATUS_SPVP) | if self.prv == Privilege::Supervisor { HSTATUS_SPVP } else { 0 };
        }
        if gva {
            h |= HSTATUS_GVA;
        }
        c.hstatus = h;
        c.mstatus = push_s(c.mstatus, self.prv);
        let pc = vector(c.stvec, cause);
        self.enter(Privilege::Supervisor, false, pc);
    }

    fn enter_vs(&mut self, cause: u64, tval: u64) {
        let c = &mut self.csr;
        c.vsepc = self.pc;
        c.vscause = cause;
        c.vstval = tval;
        c.vsstatus = push_s(c.vsstatus, self.prv);
        let pc = vector(c.vstvec, cause);
        self.enter(Privilege::Supervisor, true, pc);
    }

    fn enter(&mut self, prv: Privilege, virt: bool, pc: u64) {
        self.prv = prv;
        self.virt = virt;
        self.pc = pc;
        self.reservation = None;
        self.waiting = false;
        self.irq_dirty = true;
        // The trapped instruction's cycle is counted already.
        self.counters_mode_changed(0);
    }

    /// MRET: return from a trap taken into M. Sets the pc; `raw` is the
    /// instruction, for the illegal-instruction trap.
    ///
    /// The rules:
    /// - Only M may execute it; below M (V=0 or V=1) it is an
    ///   illegal-instruction exception (priv spec, "Trap-Return
    ///   Instructions": "An xRET instruction can be executed in privilege
    ///   mode x or higher"; MRET is not HS-qualified, so V=1 does not make
    ///   it a virtual-instruction exception).
    /// - The new mode comes from MPP and MPV: MPP=M returns to M whatever
    ///   MPV holds; otherwise MPV gives V (hypervisor chapter, "Trap Return",
    ///   and its table of MPP/MPV encodings).
    /// - Then MIE = MPIE, MPIE = 1, MPP = U (the least-privileged supported
    ///   mode) and MPV = 0 (machine chapter, "Privilege and Global
    ///   Interrupt-Enable Stack in mstatus": "xIE is set to xPIE; the
    ///   privilege mode is changed to y; xPIE is set to 1; and xPP is set to
    ///   the least-privileged supported mode"; hypervisor "Trap Return":
    ///   "MRET then in mstatus/mstatush sets MPV=0, MPP=0, MIE=MPIE, and
    ///   MPIE=1").
    /// - Leaving for a mode below M clears MPRV ("If y≠M, xRET also sets
    ///   MPRV=0"; "Memory Privilege in mstatus").
    /// - pc = mepc.
    ///
    /// ```text
    /// (prv, virt) = (MPP, MPP != M && MPV)
    /// MIE = MPIE; MPIE = 1; MPP = U; MPV = 0
    /// if prv != M { MPRV = 0 }
    /// pc = mepc
    /// ```
    pub fn mret(&mut self, raw: u32) -> Result<(), Trap> {
        if self.prv != Privilege::Machine {
            return Err(Trap::illegal(raw as u64));
        }
        let c = &mut self.csr;
        let s = c.mstatus;
        let prv = Privilege::from_bits(s >> MPP_SHIFT);
        // MPV selects V only when returning below M.
        let virt = prv != Privilege::Machine && s & MPV != 0;
        let mut n = s & !(STATUS_MIE | MPP | MPV) | MPIE;
        if s & MPIE != 0 {
            n |= STATUS_MIE;
        }
        if prv != Privilege::Machine {
            n &= !MPRV;
        }
        c.mstatus = n;
        let pc = c.mepc;
        self.xret_to(prv, virt, pc);
        Ok(())
    }

    /// SRET: return from a trap taken into HS (or into VS, when executed
    /// in VS). Sets the pc; `raw` is the instruction, for the trap.
    ///
    /// Who may execute it (priv spec, "Trap-Return Instructions": xRET runs
    /// in mode x or higher; machine chapter, "Virtualization Support in
    /// mstatus"; hypervisor chapter, hstatus and "Virtual Instruction
    /// Exceptions"):
    /// - U (V=0): illegal-instruction exception.
    /// - VU: virtual-instruction exception (SRET is HS-qualified: it would
    ///   be allowed in HS).
    /// - HS with mstatus.TSR=1: illegal-instruction exception ("When TSR=1,
    ///   attempts to execute SRET while executing in S-mode will raise an
    ///   illegal-instruction exception").
    /// - VS with hstatus.VTSR=1: virtual-instruction exception ("When
    ///   VTSR=1, an attempt in VS-mode to execute SRET raises a
    ///   virtual-instruction exception"). mstatus.TSR does not apply in VS.
    /// - M always; HS with TSR=0; VS with VTSR=0.
    ///
    /// With V=0 (in M or HS; hypervisor chapter, "Trap Return": "SRET first
    /// determines what the new privilege mode will be according to the
    /// values in hstatus.SPV and sstatus.SPP ... SRET then sets
    /// hstatus.SPV=0, and in sstatus sets SPP=0, SIE=SPIE, and SPIE=1"):
    /// ```text
    /// (prv, virt) = (SPP ? S : U, hstatus.SPV)
    /// SIE = SPIE; SPIE = 1; SPP = U; hstatus.SPV = 0
    /// MPRV = 0            (the new mode is below M: "If y≠M, xRET also sets MPRV=0")
    /// pc = sepc
    /// ```
    ///
    /// With V=1 (in VS; "Trap Return": "SRET sets the privilege mode
    /// according to vsstatus.SPP (V remains 1), in vsstatus sets SPP=0,
    /// SIE=SPIE, and SPIE=1, and lastly sets pc=vsepc"; the same fields of
    /// vsstatus stand in for sstatus's):
    /// ```text
    /// (prv, virt) = (vsstatus.SPP ? S : U, true)
    /// vsstatus.SIE = vsstatus.SPIE; vsstatus.SPIE = 1; vsstatus.SPP = U
    /// MPRV = 0
    /// pc = vsepc
    /// ```
    pub fn sret(&mut self, raw: u32) -> Result<(), Trap> {
        let c = &mut self.csr;
        match (self.prv, self.virt) {
            (Privilege::User, false) => return Err(Trap::illegal(raw as u64)),
            (Privilege::User, true) => return Err(Trap::virtual_instruction(raw as u64)),
            (Privilege::Supervisor, false) if c.mstatus & TSR != 0 => return Err(Trap::illegal(raw as u64)),
            (Privilege::Supervisor, true) if c.hstatus & HSTATUS_VTSR != 0 => {
                return Err(Trap::virtual_instruction(raw as u64))
            }
            _ => {}
        }
        if self.virt {
            // In VS, SRET works on vsstatus and stays in V=1.
            let (s, prv) = pop_s(c.vsstatus);
            c.vsstatus = s;
            c.mstatus &= !MPRV;
            let pc = c.vsepc;
            self.xret_to(prv, true, pc);
        } else {
            let (s, prv) = pop_s(c.mstatus);
            let virt = c.hstatus & HSTATUS_SPV != 0;
            c.hstatus &= !HSTATUS_SPV;
            c.mstatus = s & !MPRV;
            let pc = c.sepc;
            self.xret_to(prv, virt, pc);
        }
        Ok(())
    }

    /// The mode change common to MRET and SRET. Unlike trap entry, it keeps
    /// an LR reservation ("Trap-Return Instructions": xRET "is allowed to
    /// clear any outstanding LR address reservation but is not required
    /// to"); the interrupt check runs again, as the enables may have changed.
    fn xret_to(&mut self, prv: Privilege, virt: bool, pc: u64) {
        self.prv = prv;
        self.virt = virt;
        self.pc = pc;
        self.irq_dirty = true;
        // The xRET retires after this, in the mode it ran in.
        self.counters_mode_changed(1);
    }
}

/// Trap entry into an S level: SPIE = STATUS_SIE, STATUS_SIE = 0, SPP = the old privilege.
fn push_s(status: u64, from: Privilege) -> u64 {
    let mut s = status & !(SPIE | STATUS_SIE | SPP);
    if status & STATUS_SIE != 0 {
        s |= SPIE;
    }
    if from != Privilege::User {
        s |= SPP;
    }
    s
}

/// SRET's status update on sstatus's fields (of mstatus, or of vsstatus
/// in VS): SIE = SPIE, SPIE = 1, SPP = U (the least-privileged mode);
/// returns the privilege SPP named (priv spec, "Privilege and Global
/// Interrupt-Enable Stack in mstatus", applied to the S stack).
fn pop_s(status: u64) -> (u64, Privilege) {
    let prv = if status & SPP != 0 { Privilege::Supervisor } else { Privilege::User };
    let mut s = (status & !(STATUS_SIE | SPP)) | SPIE;
    if status & SPIE != 0 {
        s |= STATUS_SIE;
    }
    (s, prv)
}

/// The handler address: xtvec's BASE, plus 4 * cause for interrupts when
/// MODE is vectored.
fn vector(tvec: u64, cause: u64) -> u64 {
    let base = tvec & !3;
    if tvec & 3 == 1 && cause >> 63 == 1 {
        base.wrapping_add(4 * (cause & 0x3f))
    } else {
        base
    }
}
