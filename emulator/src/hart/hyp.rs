//! The hypervisor virtual-machine loads and stores HLV, HLVX and HSV
//! (hypervisor spec, "Hypervisor Virtual-Machine Load and Store
//! Instructions"): from M, HS, or U with hstatus.HU=1, access memory as
//! though V=1 at privilege hstatus.SPVP, always through vsatp and hgatp.

use super::csr::bits::{HSTATUS_HU, HSTATUS_SPVP};
use super::{Hart, Mode, Privilege, Trap};
use crate::mmu::pte::Kind;

/// The address in a fault of HLV/HSV is a guest virtual address although
/// the hart runs with V=0, so trap entry must set GVA.
fn mark_guest_address(mut t: Trap) -> Trap {
    if t.cause.is_address_fault() {
        t.gva = true;
    }
    t
}

impl Hart {
    /// Whether HLV/HLVX/HSV may execute: virtual instruction when V=1,
    /// illegal in U unless hstatus.HU=1. Returns the privilege to use.
    fn hyp_access_mode(&self, raw: u32) -> Result<Privilege, Trap> {
        match self.mode() {
            Mode::VS | Mode::VU => return Err(Trap::virtual_instruction(raw as u64)),
            Mode::U if self.csr.hstatus & HSTATUS_HU == 0 => return Err(Trap::illegal(raw as u64)),
            _ => {}
        }
        Ok(if self.csr.hstatus & HSTATUS_SPVP != 0 { Privilege::Supervisor } else { Privilege::User })
    }

    /// HLV.* / HLVX.*: a load as VS/VU (hstatus.SPVP) through two-stage
    /// translation, with vsstatus.SUM/MXR for the VS-stage; MPRV does not
    /// apply. HLVX needs execute permission instead of read in both stages
    /// and ignores MXR. Returns the value zero-extended (the caller
    /// sign-extends for HLV.B/H/W).
    pub fn hlv(&mut self, raw: u32, vaddr: u64, size: u8, hlvx: bool) -> Result<u64, Trap> {
        let prv = self.hyp_access_mode(raw)?;
        let kind = if hlvx { Kind::LoadX } else { Kind::Load };
        self.load_as(vaddr, size as u64, kind, prv, true).map_err(mark_guest_address)
    }

    /// HSV.*: a store as VS/VU through two-stage translation.
    pub fn hsv(&mut self, raw: u32, vaddr: u64, size: u8, val: u64) -> Result<(), Trap> {
        let prv = self.hyp_access_mode(raw)?;
        self.store_as(vaddr, size as u64, val, prv, true).map_err(mark_guest_address)
    }
}
