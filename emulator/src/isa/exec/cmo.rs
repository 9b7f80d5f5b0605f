//! The cache-block operations (Zicbom's CBO.CLEAN, CBO.FLUSH, CBO.INVAL
//! and Zicboz's CBO.ZERO; CMO spec, and the privileged spec's menvcfg,
//! senvcfg and henvcfg). hemu's hart has no caches between it and memory,
//! so clean, flush and invalidate have nothing to write back or drop: what
//! remains is who may execute them (the envcfg fields) and the access
//! check of the 64-byte block, whose faults are store/AMO faults.
//! CBO.ZERO stores 64 zero bytes.

use crate::hart::{Exception, Hart, Privilege, Trap};
use crate::isa::exec::base::next;
use crate::isa::Inst;
use crate::mmu::Access;
use defs::envcfg::Envcfg;

/// The cache-block size (the device tree's riscv,cbom-block-size and
/// riscv,cboz-block-size).
pub const BLOCK: u64 = 64;

/// Whether the current mode may execute a cache-block instruction whose
/// enable is the envcfg field `field` (CBIE, CBCFE or CBZE; a field is on
/// when not zero, and CBIE's 01 and 11, flush or invalidate, are the same
/// here). M-mode always may. Below it, menvcfg's field off is illegal
/// instruction; then, with V = 1, henvcfg's off (and in VU senvcfg's) is
/// virtual instruction; in U, senvcfg's off is illegal instruction.
fn allowed(h: &Hart, i: &Inst, field: Envcfg) -> Result<(), Trap> {
    let mode = h.mode();
    let on = |reg: u64| reg & field.bits() != 0;
    let user = mode.privilege() == Privilege::User;
    let raw = i.raw as u64;
    if mode.privilege() == Privilege::Machine {
        return Ok(());
    }
    if !on(h.csr.menvcfg) {
        return Err(Trap::illegal(raw));
    }
    if mode.virt() {
        if !on(h.csr.henvcfg) || (user && !on(h.csr.senvcfg)) {
            return Err(Trap::virtual_instruction(raw));
        }
    } else if user && !on(h.csr.senvcfg) {
        return Err(Trap::illegal(raw));
    }
    Ok(())
}

/// The block holding x[rs1].
fn block_of(h: &Hart, i: &Inst) -> u64 {
    h.xreg(i.rs1) & !(BLOCK - 1)
}

/// CBO.CLEAN, CBO.FLUSH, CBO.INVAL: allowed by `field`, and the block
/// accessible to a load or a store (every writable page is readable, so
/// the load's check decides), its faults reported as store/AMO faults.
pub fn manage(h: &mut Hart, i: &Inst, field: Envcfg) -> Result<(), Trap> {
    allowed(h, i, field)?;
    let va = block_of(h, i);
    let rs1 = h.xreg(i.rs1);
    h.translate(va, BLOCK as u8, Access::Load).map_err(|t| at_rs1(as_store_fault(t), rs1))?;
    next(h, i)
}

/// CBO.ZERO: a store of 64 zero bytes to the block (checked whole first,
/// so a fault changes nothing).
pub fn zero(h: &mut Hart, i: &Inst) -> Result<(), Trap> {
    allowed(h, i, Envcfg::CBZE)?;
    let va = block_of(h, i);
    let rs1 = h.xreg(i.rs1);
    h.translate(va, BLOCK as u8, Access::Store).map_err(|t| at_rs1(t, rs1))?;
    for k in 0..BLOCK / 8 {
        h.store(va + 8 * k, 8, 0)?;
    }
    next(h, i)
}

/// The fault reported at the effective address x[rs1] (CMO spec: xtval
/// is "the faulting effective address (i.e. the value of rs1)"), not at
/// the block's start.
fn at_rs1(mut t: Trap, rs1: u64) -> Trap {
    t.tval = rs1;
    t
}

/// A load's fault as the store/AMO fault a cache-block operation reports.
fn as_store_fault(mut t: Trap) -> Trap {
    t.cause = match t.cause {
        Exception::LoadAccessFault => Exception::StoreAccessFault,
        Exception::LoadPageFault => Exception::StorePageFault,
        Exception::LoadGuestPageFault => Exception::StoreGuestPageFault,
        other => other,
    };
    t
}
