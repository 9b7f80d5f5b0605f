//! SFENCE.VMA, HFENCE.VVMA and HFENCE.GVMA (priv spec, "Supervisor
//! Memory-Management Fence Instruction"; hypervisor spec,
//! "Hypervisor Memory-Management Fence Instructions"), and Svinval's
//! SINVAL.VMA and HINVAL.VVMA/GVMA, which run these same methods (same
//! permissions and invalidation; their ordering is SFENCE.W.INVAL's).
//!
//! Who may execute them is the hart's rule (here); what they drop is the
//! mmu's (`Mmu::fence`). Walks read memory afresh and the TLB holds only
//! finished translations, so a fence only has to drop TLB entries (and
//! the fetch pages). Each fence
//! drops at least what it must; HFENCE.GVMA with an address drops the whole
//! VMID, since entries do not record guest physical addresses.

use super::csr::bits::{HGATP_VMID_MASK, HGATP_VMID_SHIFT, HSTATUS_VTVM, SATP_ASID_MASK, TVM};
use super::{Hart, Mode, Trap};
use crate::mmu::tlb::FlushFilter;

impl Hart {
    fn current_vmid(&self) -> u64 {
        (self.csr.hgatp >> HGATP_VMID_SHIFT) & HGATP_VMID_MASK
    }

    /// SFENCE.VMA (rs1 = x0 gives `vaddr` None, rs2 = x0 gives `asid` None).
    /// Illegal in U and, with mstatus.TVM=1, in HS; a virtual instruction in
    /// VU and, with hstatus.VTVM=1, in VS. With V=1 it fences the VS-stage
    /// of the current VMID (`vaddr` a guest virtual address, `asid` a guest
    /// ASID); otherwise the satp translations.
    pub fn sfence_vma(&mut self, raw: u32, vaddr: Option<u64>, asid: Option<u64>) -> Result<(), Trap> {
        let virt = match self.mode() {
            Mode::U => return Err(Trap::illegal(raw as u64)),
            Mode::HS if self.csr.mstatus & TVM != 0 => return Err(Trap::illegal(raw as u64)),
            Mode::VU => return Err(Trap::virtual_instruction(raw as u64)),
            Mode::VS if self.csr.hstatus & HSTATUS_VTVM != 0 => return Err(Trap::virtual_instruction(raw as u64)),
            Mode::VS => true,
            Mode::M | Mode::HS => false,
        };
        let vmid = virt.then(|| self.current_vmid());
        self.fence_first_stage(virt, vmid, vaddr, asid);
        Ok(())
    }

    /// HFENCE.VVMA: the VS-stage translations of the current VMID, as an
    /// SFENCE.VMA executed in VS-mode would. Virtual instruction when V=1,
    /// illegal in U; not affected by mstatus.TVM.
    pub fn hfence_vvma(&mut self, raw: u32, vaddr: Option<u64>, asid: Option<u64>) -> Result<(), Trap> {
        self.hfence_allowed(raw, false)?;
        let vmid = self.current_vmid();
        self.fence_first_stage(true, Some(vmid), vaddr, asid);
        Ok(())
    }

    /// HFENCE.GVMA (`gaddr` is the guest physical address >> 2, as in rs1).
    /// Virtual instruction when V=1, illegal in U and, with mstatus.TVM=1,
    /// in HS. Drops every V=1 translation of the VMID (or of all VMIDs).
    pub fn hfence_gvma(&mut self, raw: u32, gaddr: Option<u64>, vmid: Option<u64>) -> Result<(), Trap> {
        self.hfence_allowed(raw, true)?;
        let _ = gaddr;
        self.fence(FlushFilter { virt: true, vmid: vmid.map(|v| v & HGATP_VMID_MASK), asid: None, vaddr: None });
        Ok(())
    }

    /// SFENCE.W.INVAL and SFENCE.INVAL.IR (Svinval): ordering only, so
    /// mstatus.TVM and hstatus.VTVM do not apply (trapping SINVAL.VMA is
    /// enough); illegal in U-mode, a virtual instruction in VU-mode.
    pub fn sfence_inval_order(&self, raw: u32) -> Result<(), Trap> {
        match self.mode() {
            Mode::U => Err(Trap::illegal(raw as u64)),
            Mode::VU => Err(Trap::virtual_instruction(raw as u64)),
            Mode::M | Mode::HS | Mode::VS => Ok(()),
        }
    }

    fn hfence_allowed(&self, raw: u32, tvm_applies: bool) -> Result<(), Trap> {
        match self.mode() {
            Mode::VS | Mode::VU => Err(Trap::virtual_instruction(raw as u64)),
            Mode::U => Err(Trap::illegal(raw as u64)),
            Mode::HS if tvm_applies && self.csr.mstatus & TVM != 0 => Err(Trap::illegal(raw as u64)),
            Mode::HS | Mode::M => Ok(()),
        }
    }

    fn fence_first_stage(&mut self, virt: bool, vmid: Option<u64>, vaddr: Option<u64>, asid: Option<u64>) {
        let filter = FlushFilter { virt, vmid, asid: asid.map(|a| a & SATP_ASID_MASK), vaddr };
        self.fence(filter);
    }
}
