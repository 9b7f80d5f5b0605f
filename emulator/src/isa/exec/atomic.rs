//! The A extension. Every access must be naturally aligned (no misaligned
//! atomics are supported): LR raises load-address-misaligned, SC and AMOs
//! store/AMO-address-misaligned. SC and AMOs are translated as stores (they
//! need write permission, and their faults are store/AMO faults).
//!
//! The reservation is the physical address of the last LR; an SC succeeds
//! only at that same address, and clears it either way.

use super::base::{next, sign_extend};
use crate::hart::{Exception, Hart, Trap};
use crate::isa::Inst;
use crate::mmu::Access;

/// x[rs1] checked for natural alignment and translated.
#[inline(always)]
fn atomic_paddr(h: &mut Hart, i: &Inst, size: u8, access: Access) -> Result<(u64, u64), Trap> {
    let va = h.xreg(i.rs1);
    if va & (size as u64 - 1) != 0 {
        return Err(Trap::new(access.misaligned(), va));
    }
    let pa = h.translate(va, size, access)?;
    Ok((va, pa))
}

/// LR.W / LR.D: load, sign-extend (.W), and reserve the physical address.
pub fn lr(h: &mut Hart, i: &Inst, size: u8) -> Result<(), Trap> {
    let (va, pa) = atomic_paddr(h, i, size, Access::Load)?;
    let v = h.bus.read(pa, size).map_err(|_| Trap::new(Exception::LoadAccessFault, va))?;
    h.reservation = Some(pa);
    h.set_xreg(i.rd, sign_extend(v, size));
    next(h, i)
}

/// SC.W / SC.D: store x[rs2] and write 0 to rd if the reservation is on
/// this address, else write 1 and store nothing.
pub fn sc(h: &mut Hart, i: &Inst, size: u8) -> Result<(), Trap> {
    let (va, pa) = atomic_paddr(h, i, size, Access::Store)?;
    let reserved = h.reservation == Some(pa);
    if reserved {
        h.bus
            .write(pa, size, h.xreg(i.rs2))
            .map_err(|_| Trap::new(Exception::StoreAccessFault, va))?;
    }
    // Retiring, successful or not, the SC gives up the reservation (a
    // trapping one leaves it: nothing architectural changes on a trap).
    h.reservation = None;
    h.set_xreg(i.rd, !reserved as u64);
    next(h, i)
}

/// An AMO: rd = old memory value (sign-extended for .W); memory =
/// f(old, x[rs2]). For .W, `f` sees the sign-extended old value and the
/// full rs2; only the low 32 bits of its result are stored, so a .W
/// operation whose result depends on the upper bits (min/max) must cast.
#[inline(always)]
pub fn amo(h: &mut Hart, i: &Inst, size: u8, f: impl FnOnce(u64, u64) -> u64) -> Result<(), Trap> {
    let (va, pa) = atomic_paddr(h, i, size, Access::Store)?;
    let old = h.bus.read(pa, size).map_err(|_| Trap::new(Exception::StoreAccessFault, va))?;
    let old = sign_extend(old, size);
    let new = f(old, h.xreg(i.rs2));
    h.bus.write(pa, size, new).map_err(|_| Trap::new(Exception::StoreAccessFault, va))?;
    h.set_xreg(i.rd, old);
    next(h, i)
}
