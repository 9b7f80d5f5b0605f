//! The Zfa operations (unprivileged spec, "Zfa" chapter): the FLI
//! constants, IEEE 754-2019 minimum/maximum (FMINM/FMAXM), the quiet
//! comparisons (FLEQ/FLTQ), round to integral (FROUND/FROUNDNX) and the
//! modular conversion FCVTMOD.W.D.

use super::compare::{le, lt, min_max};
use super::convert::{convert, to_int, I32};
use super::format::{is_nan, is_snan, signed, unpack, Format, Kind, Single};
use super::round::{round_pack, round_shift};
use super::{Rm, NV, NX};

/// FLI.S's 32 constants, indexed by the rs1 field (spec table "Immediate
/// values loaded by the FLI.S instruction"): -1.0, the minimum positive
/// normal, 2^-16, 2^-15, 2^-8, 2^-7, 0.0625, 0.125, 0.25 ... 3 in steps of
/// the two leading fraction bits, 4, 8, 16, 128, 256, 2^15, 2^16, +inf and
/// the canonical NaN.
const FLI_SINGLE: [u32; 32] = [
    0xbf80_0000, 0x0080_0000, 0x3780_0000, 0x3800_0000, 0x3b80_0000, 0x3c00_0000, 0x3d80_0000, 0x3e00_0000,
    0x3e80_0000, 0x3ea0_0000, 0x3ec0_0000, 0x3ee0_0000, 0x3f00_0000, 0x3f20_0000, 0x3f40_0000, 0x3f60_0000,
    0x3f80_0000, 0x3fa0_0000, 0x3fc0_0000, 0x3fe0_0000, 0x4000_0000, 0x4020_0000, 0x4040_0000, 0x4080_0000,
    0x4100_0000, 0x4180_0000, 0x4300_0000, 0x4380_0000, 0x4700_0000, 0x4780_0000, 0x7f80_0000, 0x7fc0_0000,
];

/// FLI.fmt: entry `index` (0..31) of the table in format `F`. Entry 1 is
/// that format's minimum positive normal; the others are the single
/// values, which convert exactly to D and to H except 2^16, which
/// overflows H's range and loads +inf there, as the spec says.
pub(crate) fn fli<F: Format>(index: u8) -> u64 {
    match index & 31 {
        1 => 1 << F::FRAC,
        k => {
            let mut ignored = 0;
            convert::<Single, F>(FLI_SINGLE[k as usize] as u64, Rm::Rne, &mut ignored)
        }
    }
}

/// FMINM/FMAXM: IEEE 754-2019 minimum/maximum. As FMIN/FMAX (-0 < +0,
/// NV for a signalling NaN), except that a NaN operand makes the result
/// the canonical NaN.
pub(crate) fn min_max_nan<F: Format>(a: u64, b: u64, want_max: bool, fl: &mut u8) -> u64 {
    if is_nan::<F>(a) || is_nan::<F>(b) {
        if is_snan::<F>(a) || is_snan::<F>(b) {
            *fl |= NV;
        }
        return F::CANONICAL_NAN;
    }
    min_max::<F>(a, b, want_max, fl)
}

/// FLTQ (`or_equal` false) / FLEQ: as FLT/FLE, but quiet: only a
/// signalling NaN raises NV.
pub(crate) fn less_quiet<F: Format>(a: u64, b: u64, or_equal: bool, fl: &mut u8) -> bool {
    if is_nan::<F>(a) || is_nan::<F>(b) {
        if is_snan::<F>(a) || is_snan::<F>(b) {
            *fl |= NV;
        }
        return false;
    }
    // No NaN: the signalling comparisons raise nothing.
    if or_equal {
        le::<F>(a, b, fl)
    } else {
        lt::<F>(a, b, fl)
    }
}

/// FROUND (`exact` false) / FROUNDNX: `a` rounded to an integral value in
/// its own format by `rm`. Zeros and infinities are returned unchanged, a
/// NaN becomes the canonical NaN (NV if signalling), a result rounded to
/// zero keeps the operand's sign; FROUNDNX alone raises NX when the value
/// changed.
pub(crate) fn round_to_integral<F: Format>(a: u64, rm: Rm, exact: bool, fl: &mut u8) -> u64 {
    let (sign, kind) = unpack::<F>(a);
    match kind {
        Kind::Nan { signalling } => {
            if signalling {
                *fl |= NV;
            }
            F::CANONICAL_NAN
        }
        Kind::Inf | Kind::Zero => a,
        // Every value with a quantum of 1 or more is already an integer.
        Kind::Finite { exp, .. } if exp >= 0 => a,
        Kind::Finite { sig, exp } => {
            let (integer, inexact) = round_shift(sig, -exp, sign, rm);
            if inexact && exact {
                *fl |= NX;
            }
            if integer == 0 {
                return signed::<F>(sign, 0);
            }
            // At most 2^FRAC + 1, so representable: packing is exact.
            let mut ignored = 0;
            round_pack::<F>(sign, integer, 0, rm, &mut ignored)
        }
    }
}

/// FCVTMOD.W.D: `a` truncated towards zero, as an unbounded integer,
/// reduced modulo 2^32 and sign-extended from bit 31; infinities and NaN
/// give 0. The flags are those FCVT.W.D raises for `a` rounding towards
/// zero (NV when out of range, else NX when inexact).
pub(crate) fn to_i32_modular<F: Format>(a: u64, fl: &mut u8) -> u64 {
    to_int::<F>(a, I32, Rm::Rtz, fl);
    let low = match unpack::<F>(a) {
        (sign, Kind::Finite { sig, exp }) => {
            // Bits of 2^32 and above do not reach the result.
            let magnitude = if exp >= 32 {
                0
            } else if exp >= 0 {
                (sig << exp) as u64
            } else {
                round_shift(sig, -exp, sign, Rm::Rtz).0 as u64
            };
            if sign {
                magnitude.wrapping_neg()
            } else {
                magnitude
            }
        }
        _ => 0,
    };
    low as u32 as i32 as i64 as u64
}
