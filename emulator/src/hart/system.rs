//! System instructions other than CSR access and trap returns: ECALL, WFI,
//! the fences, hypervisor loads/stores, and the FP-state gate (mstatus.FS).

use super::csr::bits::*;
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
    /// it is illegal. The hart then waits until an interrupt is pending and
    /// locally enabled in mie, whatever the global enables say.
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
        if self.mip_value() & self.csr.mie == 0 {
            self.waiting = true;
        }
        Ok(())
    }

    /// SFENCE.VMA (rs1 = x0 gives `vaddr` None, rs2 = x0 gives `asid` None).
    pub fn sfence_vma(&mut self, raw: u32, vaddr: Option<u64>, asid: Option<u64>) -> Result<(), Trap> {
        let _ = (raw, vaddr, asid);
        Ok(())
    }

    /// HFENCE.VVMA.
    pub fn hfence_vvma(&mut self, raw: u32, vaddr: Option<u64>, asid: Option<u64>) -> Result<(), Trap> {
        let _ = (vaddr, asid);
        Err(Trap::illegal(raw as u64))
    }

    /// HFENCE.GVMA (`gaddr` is the guest physical address >> 2, as in rs1).
    pub fn hfence_gvma(&mut self, raw: u32, gaddr: Option<u64>, vmid: Option<u64>) -> Result<(), Trap> {
        let _ = (gaddr, vmid);
        Err(Trap::illegal(raw as u64))
    }

    /// FENCE.I. The decode cache is keyed by instruction bits, so nothing is stale.
    pub fn fence_i(&mut self) {}

    /// HLV.* / HLVX.*: a load as VS/VU (hstatus.SPVP) through two-stage translation.
    pub fn hlv(&mut self, raw: u32, vaddr: u64, size: u8, hlvx: bool) -> Result<u64, Trap> {
        let _ = (vaddr, size, hlvx);
        Err(Trap::illegal(raw as u64))
    }

    /// HSV.*: a store as VS/VU through two-stage translation.
    pub fn hsv(&mut self, raw: u32, vaddr: u64, size: u8, val: u64) -> Result<(), Trap> {
        let _ = (vaddr, size, val);
        Err(Trap::illegal(raw as u64))
    }

    /// Gate for every F/D instruction: illegal instruction when mstatus.FS
    /// (or, with V=1, vsstatus.FS) is Off.
    #[inline(always)]
    pub fn fp_check(&self, raw: u32) -> Result<(), Trap> {
        if self.csr.mstatus & FS == FS_OFF || (self.virt && self.csr.vsstatus & FS == FS_OFF) {
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
