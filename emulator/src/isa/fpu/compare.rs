//! Comparisons (FEQ, FLT, FLE), FMIN/FMAX and FCLASS: operations that
//! never round.

use super::format::{is_nan, is_snan, unpack, Format, Kind};
use super::NV;

/// Total order key of a non-NaN value: -0 and +0 get distinct keys, which
/// the callers that need them equal handle explicitly.
#[inline]
fn key<F: Format>(x: u64) -> i128 {
    let magnitude = (x & !F::SIGN) as i128;
    if x & F::SIGN != 0 {
        -magnitude - 1
    } else {
        magnitude
    }
}

#[inline]
fn both_zero<F: Format>(a: u64, b: u64) -> bool {
    (a | b) & !F::SIGN == 0
}

/// FEQ: a quiet comparison, NV only for a signalling NaN.
pub(crate) fn eq<F: Format>(a: u64, b: u64, fl: &mut u8) -> bool {
    if is_nan::<F>(a) || is_nan::<F>(b) {
        if is_snan::<F>(a) || is_snan::<F>(b) {
            *fl |= NV;
        }
        return false;
    }
    a == b || both_zero::<F>(a, b)
}

/// FLT: a signalling comparison, NV for any NaN.
pub(crate) fn lt<F: Format>(a: u64, b: u64, fl: &mut u8) -> bool {
    if is_nan::<F>(a) || is_nan::<F>(b) {
        *fl |= NV;
        return false;
    }
    !both_zero::<F>(a, b) && key::<F>(a) < key::<F>(b)
}

/// FLE: a signalling comparison, NV for any NaN.
pub(crate) fn le<F: Format>(a: u64, b: u64, fl: &mut u8) -> bool {
    if is_nan::<F>(a) || is_nan::<F>(b) {
        *fl |= NV;
        return false;
    }
    both_zero::<F>(a, b) || key::<F>(a) <= key::<F>(b)
}

/// FMIN (`want_max` false) / FMAX: IEEE 754-2019 minimumNumber /
/// maximumNumber as the F extension (v2.2) specifies: a NaN operand yields
/// the other operand, two NaNs the canonical NaN, NV only for a signalling
/// NaN, and -0 is less than +0.
pub(crate) fn min_max<F: Format>(a: u64, b: u64, want_max: bool, fl: &mut u8) -> u64 {
    if is_snan::<F>(a) || is_snan::<F>(b) {
        *fl |= NV;
    }
    match (is_nan::<F>(a), is_nan::<F>(b)) {
        (true, true) => F::CANONICAL_NAN,
        (true, false) => b,
        (false, true) => a,
        (false, false) => {
            let a_less = key::<F>(a) < key::<F>(b);
            if a_less != want_max {
                a
            } else {
                b
            }
        }
    }
}

/// FCLASS: exactly one bit set, bit 0 = -inf ... bit 9 = quiet NaN
/// (unprivileged spec, table "Format of result of FCLASS instruction").
pub(crate) fn class<F: Format>(a: u64) -> u64 {
    let (sign, kind) = unpack::<F>(a);
    let normal = a & F::EXP_MASK != 0;
    let bit = match (kind, sign) {
        (Kind::Nan { signalling: true }, _) => 8,
        (Kind::Nan { signalling: false }, _) => 9,
        (Kind::Inf, true) => 0,
        (Kind::Finite { .. }, true) if normal => 1,
        (Kind::Finite { .. }, true) => 2,
        (Kind::Zero, true) => 3,
        (Kind::Zero, false) => 4,
        (Kind::Finite { .. }, false) if !normal => 5,
        (Kind::Finite { .. }, false) => 6,
        (Kind::Inf, false) => 7,
    };
    1 << bit
}
