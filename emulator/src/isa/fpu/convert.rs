//! Conversions: float to integer (FCVT.W[U]/L[U].S/D), integer to float
//! (FCVT.S/D.W[U]/L[U]) and between the two formats (FCVT.S.D, FCVT.D.S).

use super::format::{is_snan, signed, unpack, Format, Kind};
use super::round::{round_pack, round_shift};
use super::{Rm, NV, NX};

/// The integer type an FCVT produces, described by its range.
#[derive(Clone, Copy)]
pub(crate) struct IntRange {
    /// Largest value, also delivered for NaN and positive overflow.
    pub max: u64,
    /// Magnitude of the most negative value (0 for unsigned types), which
    /// is delivered for negative overflow.
    pub min_magnitude: u64,
}

pub(crate) const I32: IntRange = IntRange { max: i32::MAX as u64, min_magnitude: 1 << 31 };
pub(crate) const U32: IntRange = IntRange { max: u32::MAX as u64, min_magnitude: 0 };
pub(crate) const I64: IntRange = IntRange { max: i64::MAX as u64, min_magnitude: 1 << 63 };
pub(crate) const U64: IntRange = IntRange { max: u64::MAX, min_magnitude: 0 };

/// Round `a` to an integer in `range`, returned as the two's-complement bit
/// pattern (the caller truncates to the type's width). Out-of-range values
/// and NaN saturate and raise NV only (unprivileged spec, table "Domains of
/// float-to-integer conversions"); an in-range inexact result raises NX.
pub(crate) fn to_int<F: Format>(a: u64, range: IntRange, rm: Rm, fl: &mut u8) -> u64 {
    let negative_limit = range.min_magnitude.wrapping_neg();
    let (sign, kind) = unpack::<F>(a);
    let (magnitude, inexact) = match kind {
        Kind::Nan { .. } => {
            *fl |= NV;
            return range.max;
        }
        Kind::Inf => (u128::MAX, false),
        Kind::Zero => (0, false),
        // An exponent this large overflows every 64-bit type; capping it
        // keeps the shift in range.
        Kind::Finite { sig, exp } => round_shift(sig, -exp.min(64), sign, rm),
    };
    let limit = if sign { range.min_magnitude } else { range.max } as u128;
    if magnitude > limit {
        *fl |= NV;
        return if sign { negative_limit } else { range.max };
    }
    if inexact {
        *fl |= NX;
    }
    let m = magnitude as u64;
    if sign {
        m.wrapping_neg()
    } else {
        m
    }
}

/// Round the integer `(-1)^negative * magnitude` to format `F`.
#[inline]
pub(crate) fn from_int<F: Format>(negative: bool, magnitude: u64, rm: Rm, fl: &mut u8) -> u64 {
    // Zero converts to +0 (round_pack keeps the sign given for a zero).
    round_pack::<F>(negative && magnitude != 0, magnitude as u128, 0, rm, fl)
}

/// Convert between formats: exact when widening, rounded when narrowing.
/// NaNs become the canonical NaN of `To`, with NV for a signalling NaN.
pub(crate) fn convert<From: Format, To: Format>(a: u64, rm: Rm, fl: &mut u8) -> u64 {
    let (sign, kind) = unpack::<From>(a);
    match kind {
        Kind::Nan { .. } => {
            if is_snan::<From>(a) {
                *fl |= NV;
            }
            To::CANONICAL_NAN
        }
        Kind::Inf => signed::<To>(sign, To::INF),
        Kind::Zero => signed::<To>(sign, 0),
        Kind::Finite { sig, exp } => round_pack::<To>(sign, sig, exp, rm, fl),
    }
}
