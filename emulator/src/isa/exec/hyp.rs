//! The H extension's instructions: HFENCE.VVMA/GVMA and the
//! hypervisor virtual-machine loads and stores (HLV, HLVX, HSV), which
//! access memory as VS/VU would (two-stage translation, hstatus.SPVP).
//! The hart methods check that they may run in the current mode.

use super::base::{next, sign_extend};
use super::system::fence_operands;
use crate::hart::{Hart, Trap};
use crate::isa::Inst;

#[inline(always)]
pub fn hfence_vvma(h: &mut Hart, i: &Inst) -> Result<(), Trap> {
    let (va, asid) = fence_operands(h, i);
    h.hfence_vvma(i.raw, va, asid)?;
    next(h, i)
}

#[inline(always)]
pub fn hfence_gvma(h: &mut Hart, i: &Inst) -> Result<(), Trap> {
    let (gpa, vmid) = fence_operands(h, i);
    h.hfence_gvma(i.raw, gpa, vmid)?;
    next(h, i)
}

/// HLV.* / HLVX.*: the address is x[rs1] (no offset); `signed` sign-extends
/// the value, `hlvx` asks for execute permission instead of read.
#[inline(always)]
pub fn hlv(h: &mut Hart, i: &Inst, size: u8, signed: bool, hlvx: bool) -> Result<(), Trap> {
    let va = h.xreg(i.rs1);
    let v = h.hlv(i.raw, va, size, hlvx)?;
    h.set_xreg(i.rd, if signed { sign_extend(v, size) } else { v });
    next(h, i)
}

/// HSV.*: store the low `size` bytes of x[rs2] at x[rs1].
#[inline(always)]
pub fn hsv(h: &mut Hart, i: &Inst, size: u8) -> Result<(), Trap> {
    let va = h.xreg(i.rs1);
    h.hsv(i.raw, va, size, h.xreg(i.rs2))?;
    next(h, i)
}
