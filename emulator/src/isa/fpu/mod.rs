//! IEEE 754-2008 arithmetic with RISC-V's rules (F, D, Zfh and Zfa):
//! pure functions on raw bit patterns, one set per precision (`_h` on u16,
//! `_s` on u32, `_d` on u64). Each takes the rounding mode where
//! the operation rounds and ORs the exception flags it raises into `fl`
//! (fflags bit layout: NV=16, DZ=8, OF=4, UF=2, NX=1).
//!
//! RISC-V specifics handled here: a NaN result is the canonical NaN
//! (0x7e00 / 0x7fc00000 / 0x7ff8000000000000); min/max return the non-NaN operand and
//! raise NV only for signalling NaNs, and order -0 < +0; conversions to
//! integer saturate and raise NV (NaN converts to the maximum); feq is quiet,
//! flt/fle signal on any NaN. NaN-boxing of halves and singles is the caller's job, and
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
mod zfa;

use arith::{add, div, fma, mul, sqrt};
use compare::{class, eq, le, lt, min_max};
use convert::{convert, from_int, to_int, I32, I64, U32, U64};
use format::{Double, Format, Half, Single};
use zfa::{fli, less_quiet, min_max_nan, round_to_integral, to_i32_modular};

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

/// The operations of one precision: `$F` the format, `$T` its bit
/// pattern's type, then the names of its functions.
macro_rules! precision {
    ($F:ty, $T:ty; $add:ident $sub:ident $mul:ident $div:ident $sqrt:ident $fma:ident
     $min:ident $max:ident $eq:ident $lt:ident $le:ident $class:ident
     $to_i32:ident $to_u32:ident $to_i64:ident $to_u64:ident
     $from_i32:ident $from_u32:ident $from_i64:ident $from_u64:ident
     $fli:ident $minm:ident $maxm:ident $ltq:ident $leq:ident $round:ident $roundnx:ident) => {
        pub fn $add(a: $T, b: $T, rm: Rm, fl: &mut u8) -> $T {
            add::<$F>(a as u64, b as u64, rm, fl) as $T
        }
        /// a - b = a + (-b): negation only flips the sign, even of a NaN,
        /// and NaN results are canonical anyway.
        pub fn $sub(a: $T, b: $T, rm: Rm, fl: &mut u8) -> $T {
            add::<$F>(a as u64, b as u64 ^ <$F>::SIGN, rm, fl) as $T
        }
        pub fn $mul(a: $T, b: $T, rm: Rm, fl: &mut u8) -> $T {
            mul::<$F>(a as u64, b as u64, rm, fl) as $T
        }
        pub fn $div(a: $T, b: $T, rm: Rm, fl: &mut u8) -> $T {
            div::<$F>(a as u64, b as u64, rm, fl) as $T
        }
        pub fn $sqrt(a: $T, rm: Rm, fl: &mut u8) -> $T {
            sqrt::<$F>(a as u64, rm, fl) as $T
        }
        /// a * b + c with a single rounding, computed exactly (no double
        /// rounding through a wider format). (fmsub/fnmadd/fnmsub are this
        /// with operands negated by the caller: negation is exact.)
        pub fn $fma(a: $T, b: $T, c: $T, rm: Rm, fl: &mut u8) -> $T {
            fma::<$F>(a as u64, b as u64, c as u64, rm, fl) as $T
        }
        pub fn $min(a: $T, b: $T, fl: &mut u8) -> $T {
            min_max::<$F>(a as u64, b as u64, false, fl) as $T
        }
        pub fn $max(a: $T, b: $T, fl: &mut u8) -> $T {
            min_max::<$F>(a as u64, b as u64, true, fl) as $T
        }
        pub fn $eq(a: $T, b: $T, fl: &mut u8) -> bool {
            eq::<$F>(a as u64, b as u64, fl)
        }
        pub fn $lt(a: $T, b: $T, fl: &mut u8) -> bool {
            lt::<$F>(a as u64, b as u64, fl)
        }
        pub fn $le(a: $T, b: $T, fl: &mut u8) -> bool {
            le::<$F>(a as u64, b as u64, fl)
        }
        /// The fclass mask (bit 0 = -inf ... bit 9 = quiet NaN).
        pub fn $class(a: $T) -> u64 {
            class::<$F>(a as u64)
        }
        pub fn $to_i32(a: $T, rm: Rm, fl: &mut u8) -> i32 {
            to_int::<$F>(a as u64, I32, rm, fl) as i32
        }
        pub fn $to_u32(a: $T, rm: Rm, fl: &mut u8) -> u32 {
            to_int::<$F>(a as u64, U32, rm, fl) as u32
        }
        pub fn $to_i64(a: $T, rm: Rm, fl: &mut u8) -> i64 {
            to_int::<$F>(a as u64, I64, rm, fl) as i64
        }
        pub fn $to_u64(a: $T, rm: Rm, fl: &mut u8) -> u64 {
            to_int::<$F>(a as u64, U64, rm, fl)
        }
        pub fn $from_i32(v: i32, rm: Rm, fl: &mut u8) -> $T {
            from_int::<$F>(v < 0, v.unsigned_abs() as u64, rm, fl) as $T
        }
        pub fn $from_u32(v: u32, rm: Rm, fl: &mut u8) -> $T {
            from_int::<$F>(false, v as u64, rm, fl) as $T
        }
        pub fn $from_i64(v: i64, rm: Rm, fl: &mut u8) -> $T {
            from_int::<$F>(v < 0, v.unsigned_abs(), rm, fl) as $T
        }
        pub fn $from_u64(v: u64, rm: Rm, fl: &mut u8) -> $T {
            from_int::<$F>(false, v, rm, fl) as $T
        }
        /// FLI (Zfa): constant `index` (the rs1 field) of the FLI table.
        pub fn $fli(index: u8) -> $T {
            fli::<$F>(index) as $T
        }
        /// FMINM (Zfa): IEEE 754-2019 minimum; a NaN operand gives the
        /// canonical NaN.
        pub fn $minm(a: $T, b: $T, fl: &mut u8) -> $T {
            min_max_nan::<$F>(a as u64, b as u64, false, fl) as $T
        }
        pub fn $maxm(a: $T, b: $T, fl: &mut u8) -> $T {
            min_max_nan::<$F>(a as u64, b as u64, true, fl) as $T
        }
        /// FLTQ (Zfa): a < b, quiet (NV only for a signalling NaN).
        pub fn $ltq(a: $T, b: $T, fl: &mut u8) -> bool {
            less_quiet::<$F>(a as u64, b as u64, false, fl)
        }
        pub fn $leq(a: $T, b: $T, fl: &mut u8) -> bool {
            less_quiet::<$F>(a as u64, b as u64, true, fl)
        }
        /// FROUND (Zfa): round to an integral value; no NX.
        pub fn $round(a: $T, rm: Rm, fl: &mut u8) -> $T {
            round_to_integral::<$F>(a as u64, rm, false, fl) as $T
        }
        /// FROUNDNX (Zfa): round to an integral value, NX if it changed.
        pub fn $roundnx(a: $T, rm: Rm, fl: &mut u8) -> $T {
            round_to_integral::<$F>(a as u64, rm, true, fl) as $T
        }
    };
}

precision!(Half, u16; add_h sub_h mul_h div_h sqrt_h fma_h min_h max_h eq_h lt_h le_h class_h
    to_i32_h to_u32_h to_i64_h to_u64_h from_i32_h from_u32_h from_i64_h from_u64_h
    fli_h minm_h maxm_h ltq_h leq_h round_h roundnx_h);
precision!(Single, u32; add_s sub_s mul_s div_s sqrt_s fma_s min_s max_s eq_s lt_s le_s class_s
    to_i32_s to_u32_s to_i64_s to_u64_s from_i32_s from_u32_s from_i64_s from_u64_s
    fli_s minm_s maxm_s ltq_s leq_s round_s roundnx_s);
precision!(Double, u64; add_d sub_d mul_d div_d sqrt_d fma_d min_d max_d eq_d lt_d le_d class_d
    to_i32_d to_u32_d to_i64_d to_u64_d from_i32_d from_u32_d from_i64_d from_u64_d
    fli_d minm_d maxm_d ltq_d leq_d round_d roundnx_d);

/// FCVTMOD.W.D (Zfa): truncated, modulo 2^32, sign-extended to 64 bits;
/// the flags of FCVT.W.D with RTZ.
pub fn to_i32_modular_d(a: u64, fl: &mut u8) -> u64 {
    to_i32_modular::<Double>(a, fl)
}

// ---- conversions between formats ----
// Widening is exact (the rounding mode is irrelevant); narrowing rounds
// once, straight from the source (FCVT.H.D does not go through single).

/// FCVT.D.S.
pub fn s_to_d(a: u32, fl: &mut u8) -> u64 {
    convert::<Single, Double>(a as u64, Rm::Rne, fl)
}
/// FCVT.S.D.
pub fn d_to_s(a: u64, rm: Rm, fl: &mut u8) -> u32 {
    convert::<Double, Single>(a, rm, fl) as u32
}
/// FCVT.S.H.
pub fn h_to_s(a: u16, fl: &mut u8) -> u32 {
    convert::<Half, Single>(a as u64, Rm::Rne, fl) as u32
}
/// FCVT.H.S.
pub fn s_to_h(a: u32, rm: Rm, fl: &mut u8) -> u16 {
    convert::<Single, Half>(a as u64, rm, fl) as u16
}
/// FCVT.D.H.
pub fn h_to_d(a: u16, fl: &mut u8) -> u64 {
    convert::<Half, Double>(a as u64, Rm::Rne, fl)
}
/// FCVT.H.D.
pub fn d_to_h(a: u64, rm: Rm, fl: &mut u8) -> u16 {
    convert::<Double, Half>(a, rm, fl) as u16
}
