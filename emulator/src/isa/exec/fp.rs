//! F and D: register access with NaN-boxing, the FS gate, rounding-mode
//! resolution and flag accrual around the pure IEEE functions of
//! `isa::fpu`.
//!
//! Order of checks for every FP instruction: `fp_check` (mstatus.FS /
//! vsstatus.FS Off is an illegal instruction) first, then the rm field
//! (reserved values 5, 6, or frm > 4 under rm = 7, are illegal), then the
//! operation. Instructions with an rm field check it even when the result
//! is exact (FCVT.D.S, FCVT.D.W), as the spec's encoding makes no
//! exception.

use super::base::{next, sext32};
use crate::hart::{Hart, Trap};
use crate::isa::fpu::Rm;
use crate::isa::Inst;

/// The upper 32 bits of a NaN-boxed single (unprivileged spec, "NaN
/// Boxing of Narrower Values").
const BOX: u64 = 0xffff_ffff_0000_0000;
/// What an improperly boxed single reads as.
const CANONICAL_NAN_S: u32 = 0x7fc0_0000;
const SIGN_S: u32 = 1 << 31;
const SIGN_D: u64 = 1 << 63;

/// Read f[r] as a single: the low 32 bits if properly NaN-boxed, else the
/// canonical NaN.
#[inline(always)]
pub fn read_s(h: &Hart, r: u8) -> u32 {
    let v = h.f[r as usize & 31];
    if v & BOX == BOX {
        v as u32
    } else {
        CANONICAL_NAN_S
    }
}

#[inline(always)]
pub fn read_d(h: &Hart, r: u8) -> u64 {
    h.f[r as usize & 31]
}

/// Write a single, NaN-boxed, and mark the FP state dirty.
#[inline(always)]
pub fn write_s(h: &mut Hart, r: u8, v: u32) {
    h.f[r as usize & 31] = BOX | v as u64;
    h.fp_dirty();
}

#[inline(always)]
pub fn write_d(h: &mut Hart, r: u8, v: u64) {
    h.f[r as usize & 31] = v;
    h.fp_dirty();
}

/// Accrue exception flags; a change of fflags dirties the FP state.
#[inline(always)]
fn accrue(h: &mut Hart, fl: u8) {
    if fl != 0 {
        h.fp_accrue(fl);
        h.fp_dirty();
    }
}

/// The gate and the rounding mode of an instruction with an rm field.
#[inline(always)]
fn check_rm(h: &Hart, i: &Inst) -> Result<Rm, Trap> {
    h.fp_check(i.raw)?;
    h.fp_rm(i.imm as u64, i.raw)
}

// ---- loads and stores (bit moves: no boxing check on the way out) ----

pub fn flw(h: &mut Hart, i: &Inst) -> Result<(), Trap> {
    h.fp_check(i.raw)?;
    let va = h.xreg(i.rs1).wrapping_add(i.imm as u64);
    let v = h.load(va, 4)?;
    write_s(h, i.rd, v as u32);
    next(h, i)
}

pub fn fld(h: &mut Hart, i: &Inst) -> Result<(), Trap> {
    h.fp_check(i.raw)?;
    let va = h.xreg(i.rs1).wrapping_add(i.imm as u64);
    let v = h.load(va, 8)?;
    write_d(h, i.rd, v);
    next(h, i)
}

/// FSW stores the low 32 bits of f[rs2] whatever the upper bits hold.
pub fn fsw(h: &mut Hart, i: &Inst) -> Result<(), Trap> {
    h.fp_check(i.raw)?;
    let va = h.xreg(i.rs1).wrapping_add(i.imm as u64);
    h.store(va, 4, h.f[i.rs2 as usize & 31] as u32 as u64)?;
    next(h, i)
}

pub fn fsd(h: &mut Hart, i: &Inst) -> Result<(), Trap> {
    h.fp_check(i.raw)?;
    let va = h.xreg(i.rs1).wrapping_add(i.imm as u64);
    h.store(va, 8, h.f[i.rs2 as usize & 31])?;
    next(h, i)
}

// ---- single precision ----

/// fd = f(fs1, fs2, rm).
#[inline(always)]
pub fn arith2_s(h: &mut Hart, i: &Inst, f: impl FnOnce(u32, u32, Rm, &mut u8) -> u32) -> Result<(), Trap> {
    let rm = check_rm(h, i)?;
    let mut fl = 0;
    let v = f(read_s(h, i.rs1), read_s(h, i.rs2), rm, &mut fl);
    write_s(h, i.rd, v);
    accrue(h, fl);
    next(h, i)
}

/// fd = f(fs1, rm) (FSQRT, FCVT.S.D is separate).
#[inline(always)]
pub fn arith1_s(h: &mut Hart, i: &Inst, f: impl FnOnce(u32, Rm, &mut u8) -> u32) -> Result<(), Trap> {
    let rm = check_rm(h, i)?;
    let mut fl = 0;
    let v = f(read_s(h, i.rs1), rm, &mut fl);
    write_s(h, i.rd, v);
    accrue(h, fl);
    next(h, i)
}

/// The four FMAs: fma(±fs1, fs2, ±fs3). Negation is a sign flip, which is
/// exact, so FMSUB = fma(a, b, -c), FNMSUB = fma(-a, b, c), FNMADD =
/// fma(-a, b, -c).
#[inline(always)]
pub fn fma_s(h: &mut Hart, i: &Inst, neg_product: bool, neg_addend: bool) -> Result<(), Trap> {
    let rm = check_rm(h, i)?;
    let mut fl = 0;
    let a = read_s(h, i.rs1) ^ if neg_product { SIGN_S } else { 0 };
    let c = read_s(h, i.rs3) ^ if neg_addend { SIGN_S } else { 0 };
    let v = crate::isa::fpu::fma_s(a, read_s(h, i.rs2), c, rm, &mut fl);
    write_s(h, i.rd, v);
    accrue(h, fl);
    next(h, i)
}

/// FMIN/FMAX: no rounding mode.
#[inline(always)]
pub fn minmax_s(h: &mut Hart, i: &Inst, f: impl FnOnce(u32, u32, &mut u8) -> u32) -> Result<(), Trap> {
    h.fp_check(i.raw)?;
    let mut fl = 0;
    let v = f(read_s(h, i.rs1), read_s(h, i.rs2), &mut fl);
    write_s(h, i.rd, v);
    accrue(h, fl);
    next(h, i)
}

/// FEQ/FLT/FLE: rd = 0 or 1.
#[inline(always)]
pub fn cmp_s(h: &mut Hart, i: &Inst, f: impl FnOnce(u32, u32, &mut u8) -> bool) -> Result<(), Trap> {
    h.fp_check(i.raw)?;
    let mut fl = 0;
    let v = f(read_s(h, i.rs1), read_s(h, i.rs2), &mut fl);
    h.set_xreg(i.rd, v as u64);
    accrue(h, fl);
    next(h, i)
}

/// FSGNJ.S / FSGNJN.S / FSGNJX.S: the sign of fd is `sign(s1_sign, s2_sign)`
/// (as a bit in position 31), the rest is fs1's. Operates on the unboxed
/// values, so an improperly boxed operand reads as the canonical NaN.
#[inline(always)]
pub fn sgnj_s(h: &mut Hart, i: &Inst, sign: impl FnOnce(u32, u32) -> u32) -> Result<(), Trap> {
    h.fp_check(i.raw)?;
    let (a, b) = (read_s(h, i.rs1), read_s(h, i.rs2));
    write_s(h, i.rd, (a & !SIGN_S) | (sign(a, b) & SIGN_S));
    next(h, i)
}

/// FCVT.{W,WU,L,LU}.S: `f` gives the 64-bit register value (32-bit results
/// sign-extended).
#[inline(always)]
pub fn to_int_s(h: &mut Hart, i: &Inst, f: impl FnOnce(u32, Rm, &mut u8) -> u64) -> Result<(), Trap> {
    let rm = check_rm(h, i)?;
    let mut fl = 0;
    let v = f(read_s(h, i.rs1), rm, &mut fl);
    h.set_xreg(i.rd, v);
    accrue(h, fl);
    next(h, i)
}

/// FCVT.S.{W,WU,L,LU}: `f` takes the full x[rs1] and picks its bits.
#[inline(always)]
pub fn from_int_s(h: &mut Hart, i: &Inst, f: impl FnOnce(u64, Rm, &mut u8) -> u32) -> Result<(), Trap> {
    let rm = check_rm(h, i)?;
    let mut fl = 0;
    let v = f(h.xreg(i.rs1), rm, &mut fl);
    write_s(h, i.rd, v);
    accrue(h, fl);
    next(h, i)
}

/// FMV.X.W: the low 32 bits of f[rs1], sign-extended; no boxing check.
pub fn fmv_x_w(h: &mut Hart, i: &Inst) -> Result<(), Trap> {
    h.fp_check(i.raw)?;
    h.set_xreg(i.rd, sext32(h.f[i.rs1 as usize & 31]));
    next(h, i)
}

/// FMV.W.X: the low 32 bits of x[rs1], NaN-boxed.
pub fn fmv_w_x(h: &mut Hart, i: &Inst) -> Result<(), Trap> {
    h.fp_check(i.raw)?;
    write_s(h, i.rd, h.xreg(i.rs1) as u32);
    next(h, i)
}

pub fn fclass_s(h: &mut Hart, i: &Inst) -> Result<(), Trap> {
    h.fp_check(i.raw)?;
    h.set_xreg(i.rd, crate::isa::fpu::class_s(read_s(h, i.rs1)));
    next(h, i)
}

// ---- double precision ----

#[inline(always)]
pub fn arith2_d(h: &mut Hart, i: &Inst, f: impl FnOnce(u64, u64, Rm, &mut u8) -> u64) -> Result<(), Trap> {
    let rm = check_rm(h, i)?;
    let mut fl = 0;
    let v = f(read_d(h, i.rs1), read_d(h, i.rs2), rm, &mut fl);
    write_d(h, i.rd, v);
    accrue(h, fl);
    next(h, i)
}

#[inline(always)]
pub fn arith1_d(h: &mut Hart, i: &Inst, f: impl FnOnce(u64, Rm, &mut u8) -> u64) -> Result<(), Trap> {
    let rm = check_rm(h, i)?;
    let mut fl = 0;
    let v = f(read_d(h, i.rs1), rm, &mut fl);
    write_d(h, i.rd, v);
    accrue(h, fl);
    next(h, i)
}

#[inline(always)]
pub fn fma_d(h: &mut Hart, i: &Inst, neg_product: bool, neg_addend: bool) -> Result<(), Trap> {
    let rm = check_rm(h, i)?;
    let mut fl = 0;
    let a = read_d(h, i.rs1) ^ if neg_product { SIGN_D } else { 0 };
    let c = read_d(h, i.rs3) ^ if neg_addend { SIGN_D } else { 0 };
    let v = crate::isa::fpu::fma_d(a, read_d(h, i.rs2), c, rm, &mut fl);
    write_d(h, i.rd, v);
    accrue(h, fl);
    next(h, i)
}

#[inline(always)]
pub fn minmax_d(h: &mut Hart, i: &Inst, f: impl FnOnce(u64, u64, &mut u8) -> u64) -> Result<(), Trap> {
    h.fp_check(i.raw)?;
    let mut fl = 0;
    let v = f(read_d(h, i.rs1), read_d(h, i.rs2), &mut fl);
    write_d(h, i.rd, v);
    accrue(h, fl);
    next(h, i)
}

#[inline(always)]
pub fn cmp_d(h: &mut Hart, i: &Inst, f: impl FnOnce(u64, u64, &mut u8) -> bool) -> Result<(), Trap> {
    h.fp_check(i.raw)?;
    let mut fl = 0;
    let v = f(read_d(h, i.rs1), read_d(h, i.rs2), &mut fl);
    h.set_xreg(i.rd, v as u64);
    accrue(h, fl);
    next(h, i)
}

#[inline(always)]
pub fn sgnj_d(h: &mut Hart, i: &Inst, sign: impl FnOnce(u64, u64) -> u64) -> Result<(), Trap> {
    h.fp_check(i.raw)?;
    let (a, b) = (read_d(h, i.rs1), read_d(h, i.rs2));
    write_d(h, i.rd, (a & !SIGN_D) | (sign(a, b) & SIGN_D));
    next(h, i)
}

#[inline(always)]
pub fn to_int_d(h: &mut Hart, i: &Inst, f: impl FnOnce(u64, Rm, &mut u8) -> u64) -> Result<(), Trap> {
    let rm = check_rm(h, i)?;
    let mut fl = 0;
    let v = f(read_d(h, i.rs1), rm, &mut fl);
    h.set_xreg(i.rd, v);
    accrue(h, fl);
    next(h, i)
}

#[inline(always)]
pub fn from_int_d(h: &mut Hart, i: &Inst, f: impl FnOnce(u64, Rm, &mut u8) -> u64) -> Result<(), Trap> {
    let rm = check_rm(h, i)?;
    let mut fl = 0;
    let v = f(h.xreg(i.rs1), rm, &mut fl);
    write_d(h, i.rd, v);
    accrue(h, fl);
    next(h, i)
}

pub fn fmv_x_d(h: &mut Hart, i: &Inst) -> Result<(), Trap> {
    h.fp_check(i.raw)?;
    h.set_xreg(i.rd, h.f[i.rs1 as usize & 31]);
    next(h, i)
}

pub fn fmv_d_x(h: &mut Hart, i: &Inst) -> Result<(), Trap> {
    h.fp_check(i.raw)?;
    write_d(h, i.rd, h.xreg(i.rs1));
    next(h, i)
}

pub fn fclass_d(h: &mut Hart, i: &Inst) -> Result<(), Trap> {
    h.fp_check(i.raw)?;
    h.set_xreg(i.rd, crate::isa::fpu::class_d(read_d(h, i.rs1)));
    next(h, i)
}

// ---- between formats ----

/// FCVT.S.D: rounds.
pub fn fcvt_s_d(h: &mut Hart, i: &Inst) -> Result<(), Trap> {
    let rm = check_rm(h, i)?;
    let mut fl = 0;
    let v = crate::isa::fpu::d_to_s(read_d(h, i.rs1), rm, &mut fl);
    write_s(h, i.rd, v);
    accrue(h, fl);
    next(h, i)
}

/// FCVT.D.S: exact, but its rm field is still validated.
pub fn fcvt_d_s(h: &mut Hart, i: &Inst) -> Result<(), Trap> {
    check_rm(h, i)?;
    let mut fl = 0;
    let v = crate::isa::fpu::s_to_d(read_s(h, i.rs1), &mut fl);
    write_d(h, i.rd, v);
    accrue(h, fl);
    next(h, i)
}
