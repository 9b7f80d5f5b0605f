//! ECALL, EBREAK, the trap returns, WFI and the fences. Permission checks
//! (mstatus.TW/TSR/TVM, hstatus.VTW/VTSR/VTVM) live in the hart methods
//! called here.

use super::base::next;
use crate::hart::{Exception, Hart, Trap};
use crate::isa::Inst;

#[inline(always)]
pub fn ecall(h: &mut Hart) -> Result<(), Trap> {
    Err(Trap::new(h.ecall_cause(), 0))
}

/// EBREAK / C.EBREAK: breakpoint with xtval = the pc of the instruction.
#[inline(always)]
pub fn ebreak(h: &mut Hart) -> Result<(), Trap> {
    Err(Trap::new(Exception::Breakpoint, h.pc))
}

/// WFI: the hart decides whether it traps (TW/VTW) and marks itself
/// waiting; the instruction itself retires.
#[inline(always)]
pub fn wfi(h: &mut Hart, i: &Inst) -> Result<(), Trap> {
    h.wfi(i.raw)?;
    next(h, i)
}

/// SFENCE.VMA: rs1 = x0 means all addresses, rs2 = x0 all address spaces.
#[inline(always)]
pub fn sfence_vma(h: &mut Hart, i: &Inst) -> Result<(), Trap> {
    let (va, asid) = fence_operands(h, i);
    h.sfence_vma(i.raw, va, asid)?;
    next(h, i)
}

/// SFENCE.W.INVAL / SFENCE.INVAL.IR (Svinval): they only order SINVAL.VMA
/// and HINVAL.* against other accesses, which one in-order hart already
/// does; the hart checks that they may run in the current mode.
#[inline(always)]
pub fn sfence_inval(h: &mut Hart, i: &Inst) -> Result<(), Trap> {
    h.sfence_inval_order(i.raw)?;
    next(h, i)
}

/// FENCE.I: nothing is cached by address, but the hart may want to know.
#[inline(always)]
pub fn fence_i(h: &mut Hart, i: &Inst) -> Result<(), Trap> {
    h.fence_i();
    next(h, i)
}

/// The (address, address-space) operands of the *FENCE*.*VMA family: None
/// for x0 ("all"), not for a register that happens to hold 0.
#[inline(always)]
pub fn fence_operands(h: &Hart, i: &Inst) -> (Option<u64>, Option<u64>) {
    ((i.rs1 != 0).then(|| h.xreg(i.rs1)), (i.rs2 != 0).then(|| h.xreg(i.rs2)))
}
