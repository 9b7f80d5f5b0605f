//! IEEE 754-2008 arithmetic with RISC-V's rules (F and D extensions):
//! pure functions on raw bit patterns. Each takes the rounding mode where
//! the operation rounds and ORs the exception flags it raises into `fl`
//! (fflags bit layout: NV=16, DZ=8, OF=4, UF=2, NX=1).
//!
//! RISC-V specifics handled here: a NaN result is the canonical NaN
//! (0x7fc00000 / 0x7ff8000000000000); min/max return the non-NaN operand and
//! raise NV only for signalling NaNs, and order -0 < +0; conversions to
//! integer saturate and raise NV (NaN converts to the maximum); feq is quiet,
//! flt/fle signal on any NaN. NaN-boxing of singles is the caller's job, and
//! so is RV64's sign extension of 32-bit conversion results (FCVT.WU.S
//! writes `to_u32_s(..) as i32 as i64`, as the spec sign-extends W results).
//!
//! Tininess is detected after rounding, as RISC-V requires. The results and
//! flags match Berkeley SoftFloat 3 built with its RISC-V specialization
//! (what Spike uses); `tests/fpu_softfloat.rs` checks that differentially.
//! Everything here is plain integer arithmetic on the stack: no global
//! state, no allocation, no panics, so harts may run in any threads.

mod arith;
mod compare;
mod convert;
mod format;
mod round;

use arith::{add, div, fma, mul, sqrt};
use compare::{class, eq, le, lt, min_max};
use convert::{convert, from_int, to_int, I32, I64, U32, U64};
use format::{Double, Single};

/// The rounding modes of the `rm` field / frm CSR (values 5, 6 are reserved,
/// 7 is "dynamic" and is resolved by the caller).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Rm {
    /// Round to nearest, ties to even.
    Rne = 0,
    /// Round towards zero.
    Rtz = 1,
    /// Round down (towards -inf).
    Rdn = 2,
    /// Round up (towards +inf).
    Rup = 3,
    /// Round to nearest, ties to max magnitude.
    Rmm = 4,
}

impl Rm {
    /// Decode an rm value 0..=4; None for the reserved 5, 6 and for 7.
    pub fn from_bits(bits: u64) -> Option<Rm> {
        Some(match bits {
            0 => Rm::Rne,
            1 => Rm::Rtz,
            2 => Rm::Rdn,
            3 => Rm::Rup,
            4 => Rm::Rmm,
            _ => return None,
        })
    }
}

/// Invalid operation.
pub const NV: u8 = 16;
/// Divide by zero.
pub const DZ: u8 = 8;
/// Overflow.
pub const OF: u8 = 4;
/// Underflow (tiny after rounding and inexact).
pub const UF: u8 = 2;
/// Inexact.
pub const NX: u8 = 1;

// ---- single precision (u32 bit patterns) ----
// Singles travel as u64 internally; the results fit in 32 bits.

pub fn add_s(a: u32, b: u32, rm: Rm, fl: &mut u8) -> u32 {
    add::<Single>(a as u64, b as u64, rm, fl) as u32
}
pub fn sub_s(a: u32, b: u32, rm: Rm, fl: &mut u8) -> u32 {
    // a - b = a + (-b): negation only flips the sign, even of a NaN, and
    // NaN results are canonical anyway.
    add::<Single>(a as u64, (b ^ 0x8000_0000) as u64, rm, fl) as u32
}
pub fn mul_s(a: u32, b: u32, rm: Rm, fl: &mut u8) -> u32 {
    mul::<Single>(a as u64, b as u64, rm, fl) as u32
}
pub fn div_s(a: u32, b: u32, rm: Rm, fl: &mut u8) -> u32 {
    div::<Single>(a as u64, b as u64, rm, fl) as u32
}
pub fn sqrt_s(a: u32, rm: Rm, fl: &mut u8) -> u32 {
    sqrt::<Single>(a as u64, rm, fl) as u32
}
/// a * b + c with a single rounding. (fmsub/fnmadd/fnmsub are this with
/// operands negated by the caller: negation is exact.)
pub fn fma_s(a: u32, b: u32, c: u32, rm: Rm, fl: &mut u8) -> u32 {
    fma::<Single>(a as u64, b as u64, c as u64, rm, fl) as u32
}
pub fn min_s(a: u32, b: u32, fl: &mut u8) -> u32 {
    min_max::<Single>(a as u64, b as u64, false, fl) as u32
}
pub fn max_s(a: u32, b: u32, fl: &mut u8) -> u32 {
    min_max::<Single>(a as u64, b as u64, true, fl) as u32
}
pub fn eq_s(a: u32, b: u32, fl: &mut u8) -> bool {
    eq::<Single>(a as u64, b as u64, fl)
}
pub fn lt_s(a: u32, b: u32, fl: &mut u8) -> bool {
    lt::<Single>(a as u64, b as u64, fl)
}
pub fn le_s(a: u32, b: u32, fl: &mut u8) -> bool {
    le::<Single>(a as u64, b as u64, fl)
}
/// The fclass mask (bit 0 = -inf ... bit 9 = quiet NaN).
pub fn class_s(a: u32) -> u64 {
    class::<Single>(a as u64)
}
pub fn to_i32_s(a: u32, rm: Rm, fl: &mut u8) -> i32 {
    to_int::<Single>(a as u64, I32, rm, fl) as i32
}
pub fn to_u32_s(a: u32, rm: Rm, fl: &mut u8) -> u32 {
    to_int::<Single>(a as u64, U32, rm, fl) as u32
}
pub fn to_i64_s(a: u32, rm: Rm, fl: &mut u8) -> i64 {
    to_int::<Single>(a as u64, I64, rm, fl) as i64
}
pub fn to_u64_s(a: u32, rm: Rm, fl: &mut u8) -> u64 {
    to_int::<Single>(a as u64, U64, rm, fl)
}
pub fn from_i32_s(v: i32, rm: Rm, fl: &mut u8) -> u32 {
    from_int::<Single>(v < 0, v.unsigned_abs() as u64, rm, fl) as u32
}
pub fn from_u32_s(v: u32, rm: Rm, fl: &mut u8) -> u32 {
    from_int::<Single>(false, v as u64, rm, fl) as u32
}
pub fn from_i64_s(v: i64, rm: Rm, fl: &mut u8) -> u32 {
    from_int::<Single>(v < 0, v.unsigned_abs(), rm, fl) as u32
}
pub fn from_u64_s(v: u64, rm: Rm, fl: &mut u8) -> u32 {
    from_int::<Single>(false, v, rm, fl) as u32
}

// ---- double precision (u64 bit patterns) ----
pub fn add_d(a: u64, b: u64, rm: Rm, fl: &mut u8) -> u64 {
    add::<Double>(a, b, rm, fl)
}
pub fn sub_d(a: u64, b: u64, rm: Rm, fl: &mut u8) -> u64 {
    add::<Double>(a, b ^ (1 << 63), rm, fl)
}
pub fn mul_d(a: u64, b: u64, rm: Rm, fl: &mut u8) -> u64 {
    mul::<Double>(a, b, rm, fl)
}
pub fn div_d(a: u64, b: u64, rm: Rm, fl: &mut u8) -> u64 {
    div::<Double>(a, b, rm, fl)
}
pub fn sqrt_d(a: u64, rm: Rm, fl: &mut u8) -> u64 {
    sqrt::<Double>(a, rm, fl)
}
/// a * b + c with a single rounding.
pub fn fma_d(a: u64, b: u64, c: u64, rm: Rm, fl: &mut u8) -> u64 {
    fma::<Double>(a, b, c, rm, fl)
}
pub fn min_d(a: u64, b: u64, fl: &mut u8) -> u64 {
    min_max::<Double>(a, b, false, fl)
}
pub fn max_d(a: u64, b: u64, fl: &mut u8) -> u64 {
    min_max::<Double>(a, b, true, fl)
}
pub fn eq_d(a: u64, b: u64, fl: &mut u8) -> bool {
    eq::<Double>(a, b, fl)
}
pub fn lt_d(a: u64, b: u64, fl: &mut u8) -> bool {
    lt::<Double>(a, b, fl)
}
pub fn le_d(a: u64, b: u64, fl: &mut u8) -> bool {
    le::<Double>(a, b, fl)
}
/// The fclass mask (bit 0 = -inf ... bit 9 = quiet NaN).
pub fn class_d(a: u64) -> u64 {
    class::<Double>(a)
}
pub fn to_i32_d(a: u64, rm: Rm, fl: &mut u8) -> i32 {
    to_int::<Double>(a, I32, rm, fl) as i32
}
pub fn to_u32_d(a: u64, rm: Rm, fl: &mut u8) -> u32 {
    to_int::<Double>(a, U32, rm, fl) as u32
}
pub fn to_i64_d(a: u64, rm: Rm, fl: &mut u8) -> i64 {
    to_int::<Double>(a, I64, rm, fl) as i64
}
pub fn to_u64_d(a: u64, rm: Rm, fl: &mut u8) -> u64 {
    to_int::<Double>(a, U64, rm, fl)
}
pub fn from_i32_d(v: i32, rm: Rm, fl: &mut u8) -> u64 {
    from_int::<Double>(v < 0, v.unsigned_abs() as u64, rm, fl)
}
pub fn from_u32_d(v: u32, rm: Rm, fl: &mut u8) -> u64 {
    from_int::<Double>(false, v as u64, rm, fl)
}
pub fn from_i64_d(v: i64, rm: Rm, fl: &mut u8) -> u64 {
    from_int::<Double>(v < 0, v.unsigned_abs(), rm, fl)
}
pub fn from_u64_d(v: u64, rm: Rm, fl: &mut u8) -> u64 {
    from_int::<Double>(false, v, rm, fl)
}

// ---- conversions between formats ----
/// FCVT.D.S: exact (the rounding mode is irrelevant).
pub fn s_to_d(a: u32, fl: &mut u8) -> u64 {
    convert::<Single, Double>(a as u64, Rm::Rne, fl)
}
/// FCVT.S.D.
pub fn d_to_s(a: u64, rm: Rm, fl: &mut u8) -> u32 {
    convert::<Double, Single>(a, rm, fl) as u32
}
