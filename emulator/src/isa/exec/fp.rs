//! F, D, Zfh/Zfhmin and Zfa: register access with NaN-boxing, the FS
//! gate, rounding-mode resolution and flag accrual around the pure IEEE
//! functions of `isa::fpu`. Every helper is generic over the precision
//! (`H`, `S`, `D`) of the values it reads and writes.
//!
//! Order of checks for every FP instruction: `fp_check` (mstatus.FS /
//! vsstatus.FS Off is an illegal instruction) first, then the rm field
//! (reserved values 5, 6, or frm > 4 under rm = 7, are illegal), then the
//! operation. Instructions with an rm field check it even when the result
//! is exact (FCVT.D.S, FCVT.S.H, FCVT.D.W), as the spec's encoding makes no
//! exception.

use super::base::next;
use crate::hart::{Hart, Trap};
use crate::isa::fpu::Rm;
use crate::isa::Inst;

/// A precision of the f registers: how wide its values are and how they
/// sit in a 64-bit register (unprivileged spec, "NaN Boxing of Narrower
/// Values": a narrower value is valid only when every bit above it is 1).
pub trait Precision {
    /// The value's bit pattern: u16, u32 or u64.
    type Bits: Copy + Into<u64>;
    /// The value's width in bits.
    const WIDTH: u32;
    /// What an improperly NaN-boxed value reads as.
    const CANONICAL_NAN: u64;
    /// The low `WIDTH` bits of `v`.
    fn narrow(v: u64) -> Self::Bits;
    /// The bits above the value in a NaN-boxed register (0 for D).
    const BOX: u64 = if Self::WIDTH == 64 { 0 } else { !0 << Self::WIDTH };
    const SIGN: u64 = 1 << (Self::WIDTH - 1);
}

/// Half precision (Zfh, Zfhmin).
pub struct H;
/// Single precision (F).
pub struct S;
/// Double precision (D).
pub struct D;

/// The `Precision` of a struct: bit type and canonical NaN.
macro_rules! precision {
    ($p:ident, $bits:ty, $nan:literal) => {
        impl Precision for $p {
            type Bits = $bits;
            const WIDTH: u32 = <$bits>::BITS;
            const CANONICAL_NAN: u64 = $nan;
            fn narrow(v: u64) -> $bits {
                v as $bits
            }
        }
    };
}
precision!(H, u16, 0x7e00);
precision!(S, u32, 0x7fc0_0000);
precision!(D, u64, 0x7ff8_0000_0000_0000);

/// Read f[r] as a `P`: its low bits if properly NaN-boxed, else the
/// canonical NaN.
#[inline(always)]
pub fn read<P: Precision>(h: &Hart, r: u8) -> P::Bits {
    let v = h.f[r as usize & 31];
    P::narrow(if v & P::BOX == P::BOX { v } else { P::CANONICAL_NAN })
}

/// Write a `P`, NaN-boxed, and mark the FP state dirty.
#[inline(always)]
pub fn write<P: Precision>(h: &mut Hart, r: u8, v: P::Bits) {
    h.f[r as usize & 31] = P::BOX | v.into();
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

/// The sign-extension of the low `bits` bits of `v`.
#[inline(always)]
fn sext(v: u64, bits: u32) -> u64 {
    (((v << (64 - bits)) as i64) >> (64 - bits)) as u64
}

// ---- loads and stores (bit moves: no boxing check on the way out) ----

/// FLH/FLW/FLD: the loaded bits, NaN-boxed.
pub fn load<P: Precision>(h: &mut Hart, i: &Inst) -> Result<(), Trap> {
    h.fp_check(i.raw)?;
    let va = h.xreg(i.rs1).wrapping_add(i.imm as u64);
    let v = h.load(va, (P::WIDTH / 8) as u8)?;
    write::<P>(h, i.rd, P::narrow(v));
    next(h, i)
}

/// FSH/FSW/FSD store the low bits of f[rs2] whatever the upper bits hold.
pub fn store<P: Precision>(h: &mut Hart, i: &Inst) -> Result<(), Trap> {
    h.fp_check(i.raw)?;
    let va = h.xreg(i.rs1).wrapping_add(i.imm as u64);
    let v = P::narrow(h.f[i.rs2 as usize & 31]).into();
    h.store(va, (P::WIDTH / 8) as u8, v)?;
    next(h, i)
}

// ---- arithmetic ----

/// fd = f(fs1, fs2, rm).
#[inline(always)]
pub fn arith2<P: Precision>(
    h: &mut Hart,
    i: &Inst,
    f: impl FnOnce(P::Bits, P::Bits, Rm, &mut u8) -> P::Bits,
) -> Result<(), Trap> {
    let rm = check_rm(h, i)?;
    let mut fl = 0;
    let v = f(read::<P>(h, i.rs1), read::<P>(h, i.rs2), rm, &mut fl);
    write::<P>(h, i.rd, v);
    accrue(h, fl);
    next(h, i)
}

/// fd = f(fs1, rm): FSQRT, FROUND[NX], and the conversions between
/// precisions (`From` to `To`).
#[inline(always)]
pub fn arith1<From: Precision, To: Precision>(
    h: &mut Hart,
    i: &Inst,
    f: impl FnOnce(From::Bits, Rm, &mut u8) -> To::Bits,
) -> Result<(), Trap> {
    let rm = check_rm(h, i)?;
    let mut fl = 0;
    let v = f(read::<From>(h, i.rs1), rm, &mut fl);
    write::<To>(h, i.rd, v);
    accrue(h, fl);
    next(h, i)
}

/// The four FMAs: fma(±fs1, fs2, ±fs3). Negation is a sign flip, which is
/// exact, so FMSUB = fma(a, b, -c), FNMSUB = fma(-a, b, c), FNMADD =
/// fma(-a, b, -c).
#[inline(always)]
pub fn fma<P: Precision>(
    h: &mut Hart,
    i: &Inst,
    neg_product: bool,
    neg_addend: bool,
    f: impl FnOnce(P::Bits, P::Bits, P::Bits, Rm, &mut u8) -> P::Bits,
) -> Result<(), Trap> {
    let rm = check_rm(h, i)?;
    let mut fl = 0;
    let flip = |v: P::Bits, neg: bool| P::narrow(v.into() ^ if neg { P::SIGN } else { 0 });
    let a = flip(read::<P>(h, i.rs1), neg_product);
    let c = flip(read::<P>(h, i.rs3), neg_addend);
    let v = f(a, read::<P>(h, i.rs2), c, rm, &mut fl);
    write::<P>(h, i.rd, v);
    accrue(h, fl);
    next(h, i)
}

/// FMIN/FMAX/FMINM/FMAXM: no rounding mode.
#[inline(always)]
pub fn minmax<P: Precision>(h: &mut Hart, i: &Inst, f: impl FnOnce(P::Bits, P::Bits, &mut u8) -> P::Bits) -> Result<(), Trap> {
    h.fp_check(i.raw)?;
    let mut fl = 0;
    let v = f(read::<P>(h, i.rs1), read::<P>(h, i.rs2), &mut fl);
    write::<P>(h, i.rd, v);
    accrue(h, fl);
    next(h, i)
}

/// FEQ/FLT/FLE/FLTQ/FLEQ: rd = 0 or 1.
#[inline(always)]
pub fn cmp<P: Precision>(h: &mut Hart, i: &Inst, f: impl FnOnce(P::Bits, P::Bits, &mut u8) -> bool) -> Result<(), Trap> {
    h.fp_check(i.raw)?;
    let mut fl = 0;
    let v = f(read::<P>(h, i.rs1), read::<P>(h, i.rs2), &mut fl);
    h.set_xreg(i.rd, v as u64);
    accrue(h, fl);
    next(h, i)
}

/// FSGNJ / FSGNJN / FSGNJX: the sign of fd is `sign(s1, s2)` (in the sign
/// bit's position), the rest is fs1's. Operates on the unboxed values, so
/// an improperly boxed operand reads as the canonical NaN.
#[inline(always)]
pub fn sgnj<P: Precision>(h: &mut Hart, i: &Inst, sign: impl FnOnce(u64, u64) -> u64) -> Result<(), Trap> {
    h.fp_check(i.raw)?;
    let (a, b): (u64, u64) = (read::<P>(h, i.rs1).into(), read::<P>(h, i.rs2).into());
    write::<P>(h, i.rd, P::narrow((a & !P::SIGN) | (sign(a, b) & P::SIGN)));
    next(h, i)
}

/// FCVT.{W,WU,L,LU}.fmt: `f` gives the 64-bit register value (32-bit
/// results sign-extended).
#[inline(always)]
pub fn to_int<P: Precision>(h: &mut Hart, i: &Inst, f: impl FnOnce(P::Bits, Rm, &mut u8) -> u64) -> Result<(), Trap> {
    let rm = check_rm(h, i)?;
    let mut fl = 0;
    let v = f(read::<P>(h, i.rs1), rm, &mut fl);
    h.set_xreg(i.rd, v);
    accrue(h, fl);
    next(h, i)
}

/// FCVT.fmt.{W,WU,L,LU}: `f` takes the full x[rs1] and picks its bits.
#[inline(always)]
pub fn from_int<P: Precision>(h: &mut Hart, i: &Inst, f: impl FnOnce(u64, Rm, &mut u8) -> P::Bits) -> Result<(), Trap> {
    let rm = check_rm(h, i)?;
    let mut fl = 0;
    let v = f(h.xreg(i.rs1), rm, &mut fl);
    write::<P>(h, i.rd, v);
    accrue(h, fl);
    next(h, i)
}

/// FMV.X.H/W/D: the low bits of f[rs1], sign-extended; no boxing check.
pub fn fmv_x<P: Precision>(h: &mut Hart, i: &Inst) -> Result<(), Trap> {
    h.fp_check(i.raw)?;
    h.set_xreg(i.rd, sext(h.f[i.rs1 as usize & 31], P::WIDTH));
    next(h, i)
}

/// FMV.H/W/D.X: the low bits of x[rs1], NaN-boxed.
pub fn fmv_f<P: Precision>(h: &mut Hart, i: &Inst) -> Result<(), Trap> {
    h.fp_check(i.raw)?;
    write::<P>(h, i.rd, P::narrow(h.xreg(i.rs1)));
    next(h, i)
}

/// FCLASS: rd = the class mask.
pub fn fclass<P: Precision>(h: &mut Hart, i: &Inst, class: impl FnOnce(P::Bits) -> u64) -> Result<(), Trap> {
    h.fp_check(i.raw)?;
    h.set_xreg(i.rd, class(read::<P>(h, i.rs1)));
    next(h, i)
}

/// FLI (Zfa): fd = constant number rs1 of the FLI table; no flags.
pub fn fli<P: Precision>(h: &mut Hart, i: &Inst, constant: impl FnOnce(u8) -> P::Bits) -> Result<(), Trap> {
    h.fp_check(i.raw)?;
    write::<P>(h, i.rd, constant(i.rs1));
    next(h, i)
}
