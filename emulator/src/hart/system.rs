//! System instructions other than CSR access and trap returns: ECALL, WFI,
//! FENCE.I, and the FP-state gate (mstatus.FS). SFENCE.VMA, HFENCE.* and
//! HLV/HSV live in `fence.rs` and `hyp.rs`.

use super::csr::bits::*;
use super::csr::fp_enabled;
use super::{Exception, Hart, Privilege, Trap};
use crate::isa::fpu::Rm;

impl Hart {
    /// The cause of an ECALL in the current mode.
    pub fn ecall_cause(&self) -> Exception {
        match (self.prv, self.virt) {
            (Privilege::Machine, _) => Exception::EcallFromM,
            (Privilege::Supervisor, false) => Exception::EcallFromS,
            (Privilege::Supervisor, true) => Exception::EcallFromVS,
            (Privilege::User, _) => Exception::EcallFromU,
        }
    }

    /// WFI: checks mstatus.TW / hstatus.VTW; does not advance the pc.
    ///
    /// mstatus.TW traps WFI below M as illegal; otherwise in VS with
    /// hstatus.VTW, and always in VU, it is a virtual instruction; in U (V=0)
    /// it is illegal. With nothing pending in mip the hart then waits until
    /// an interrupt is pending and locally enabled in mie, whatever the
    /// global enables say; with any interrupt already pending (even masked)
    /// it does not wait.
    pub fn wfi(&mut self, raw: u32) -> Result<(), Trap> {
        let c = &self.csr;
        if self.prv != Privilege::Machine {
            if c.mstatus & TW != 0 {
                return Err(Trap::illegal(raw as u64));
            }
            match (self.prv, self.virt) {
                (Privilege::User, false) => return Err(Trap::illegal(raw as u64)),
                (Privilege::User, true) => return Err(Trap::virtual_instruction(raw as u64)),
                (_, true) if c.hstatus & HSTATUS_VTW != 0 => return Err(Trap::virtual_instruction(raw as u64)),
                _ => {}
            }
        }
        // The privileged spec ("Wait for Interrupt") requires resuming for a
        // locally enabled pending interrupt and permits resuming "for any
        // reason". Stalling on an interrupt already pending in mip but masked
        // in mie could only end when something else changes; software that
        // waits with a masked interrupt pending (e.g. sie.SSIE clear, sip.SSIP
        // set) expects WFI to fall through, so any pending bit does that.
        if self.mip_value() == 0 {
            self.waiting = true;
        }
        Ok(())
    }

    /// FENCE.I. The decode cache is keyed by instruction bits, so nothing is stale.
    pub fn fence_i(&mut self) {}

    /// Gate for every F/D instruction: illegal instruction when mstatus.FS
    /// (or, with V=1, vsstatus.FS) is Off (the rule the FP CSRs' gate uses).
    #[inline(always)]
    pub fn fp_check(&self, raw: u32) -> Result<(), Trap> {
        if !fp_enabled(&self.csr, self.virt) {
            return Err(Trap::illegal(raw as u64));
        }
        Ok(())
    }

    /// Mark the FP state Dirty after an instruction that writes an f register
    /// or fflags/frm (both mstatus.FS and, with V=1, vsstatus.FS).
    #[inline(always)]
    pub fn fp_dirty(&mut self) {
        self.csr.mstatus |= FS_DIRTY;
        if self.virt {
            self.csr.vsstatus |= FS_DIRTY;
        }
    }

    /// Resolve an instruction's rm field (7 = dynamic: frm). Reserved values
    /// (5, 6, or frm holding 5..7 under dynamic) are illegal instructions.
    pub fn fp_rm(&self, rm_field: u64, raw: u32) -> Result<Rm, Trap> {
        let rm = if rm_field == 7 { self.csr.frm } else { rm_field };
        Rm::from_bits(rm).ok_or(Trap::illegal(raw as u64))
    }

    /// Accrue exception flags into fflags.
    pub fn fp_accrue(&mut self, flags: u8) {
        self.csr.fflags |= flags as u64;
    }
}
