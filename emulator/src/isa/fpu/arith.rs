//! The rounding arithmetic operations: add, multiply, divide, square root
//! and fused multiply-add. Each computes the exact result (or one with a
//! sticky bit well below the rounding point) in a u128 and rounds once.

use super::format::{is_snan, signed, unpack, Format, Kind};
use super::round::{msb, round_pack, shr_jam};
use super::{Rm, DZ, NV};

/// Canonical NaN, raising NV if any input is a signalling NaN (RISC-V does
/// not propagate payloads: unprivileged spec, "NaN Generation and Propagation").
#[inline]
fn nan_result<F: Format>(inputs: &[u64], fl: &mut u8) -> u64 {
    if inputs.iter().any(|&x| is_snan::<F>(x)) {
        *fl |= NV;
    }
    F::CANONICAL_NAN
}

/// The invalid operation result: NV and the canonical NaN.
#[inline]
fn invalid<F: Format>(fl: &mut u8) -> u64 {
    *fl |= NV;
    F::CANONICAL_NAN
}

/// An exact zero sum of operands of opposite sign is +0, except -0 when
/// rounding down (IEEE 754 6.3).
#[inline]
fn cancelled_zero<F: Format>(rm: Rm) -> u64 {
    signed::<F>(rm == Rm::Rdn, 0)
}

/// Round the sum of two nonzero finite values `(-1)^sx * x * 2^ex` and
/// `(-1)^sy * y * 2^ey`, each with at most 120 significant bits.
fn add_finite<F: Format>(
    (sx, x, ex): (bool, u128, i32),
    (sy, y, ey): (bool, u128, i32),
    rm: Rm,
    fl: &mut u8,
) -> u64 {
    // Frame the operand with the higher leading digit so that leading digit
    // sits at bit 125, leaving room for a carry and a sign-free difference.
    let (big, small) = if ex + msb(x) >= ey + msb(y) {
        ((sx, x, ex), (sy, y, ey))
    } else {
        ((sy, y, ey), (sx, x, ex))
    };
    let (sign, bsig, bexp) = big;
    let lift = 125 - msb(bsig);
    let bsig = bsig << lift;
    let exp = bexp - lift;
    // The smaller operand's leading digit is at or below bit 125 in this
    // frame; if it must shift right, it is far below the big operand's
    // leading digit and only its sticky bit matters.
    let (ssign, ssig, sexp) = small;
    let ssig = if sexp >= exp {
        ssig << (sexp - exp) as u32
    } else {
        shr_jam(ssig, (exp - sexp) as u32)
    };
    if sign == ssign {
        round_pack::<F>(sign, bsig + ssig, exp, rm, fl)
    } else if bsig >= ssig {
        if bsig == ssig {
            return cancelled_zero::<F>(rm);
        }
        round_pack::<F>(sign, bsig - ssig, exp, rm, fl)
    } else {
        // Equal leading digits: the "small" one was larger; exact here.
        round_pack::<F>(!sign, ssig - bsig, exp, rm, fl)
    }
}

pub(crate) fn add<F: Format>(a: u64, b: u64, rm: Rm, fl: &mut u8) -> u64 {
    let (sa, ka) = unpack::<F>(a);
    let (sb, kb) = unpack::<F>(b);
    match (ka, kb) {
        (Kind::Nan { .. }, _) | (_, Kind::Nan { .. }) => nan_result::<F>(&[a, b], fl),
        (Kind::Inf, Kind::Inf) if sa != sb => invalid::<F>(fl),
        (Kind::Inf, _) => a,
        (_, Kind::Inf) => b,
        (Kind::Zero, Kind::Zero) if sa != sb => cancelled_zero::<F>(rm),
        (Kind::Zero, _) => b,
        (_, Kind::Zero) => a,
        (Kind::Finite { sig: x, exp: ex }, Kind::Finite { sig: y, exp: ey }) => {
            add_finite::<F>((sa, x, ex), (sb, y, ey), rm, fl)
        }
    }
}

pub(crate) fn mul<F: Format>(a: u64, b: u64, rm: Rm, fl: &mut u8) -> u64 {
    let (sa, ka) = unpack::<F>(a);
    let (sb, kb) = unpack::<F>(b);
    let sign = sa != sb;
    match (ka, kb) {
        (Kind::Nan { .. }, _) | (_, Kind::Nan { .. }) => nan_result::<F>(&[a, b], fl),
        (Kind::Inf, Kind::Zero) | (Kind::Zero, Kind::Inf) => invalid::<F>(fl),
        (Kind::Inf, _) | (_, Kind::Inf) => signed::<F>(sign, F::INF),
        (Kind::Zero, _) | (_, Kind::Zero) => signed::<F>(sign, 0),
        (Kind::Finite { sig: x, exp: ex }, Kind::Finite { sig: y, exp: ey }) => {
            // At most 106 bits: exact.
            round_pack::<F>(sign, x * y, ex + ey, rm, fl)
        }
    }
}

pub(crate) fn div<F: Format>(a: u64, b: u64, rm: Rm, fl: &mut u8) -> u64 {
    let (sa, ka) = unpack::<F>(a);
    let (sb, kb) = unpack::<F>(b);
    let sign = sa != sb;
    match (ka, kb) {
        (Kind::Nan { .. }, _) | (_, Kind::Nan { .. }) => nan_result::<F>(&[a, b], fl),
        (Kind::Inf, Kind::Inf) | (Kind::Zero, Kind::Zero) => invalid::<F>(fl),
        (Kind::Inf, _) | (_, Kind::Zero) => {
            if ka != Kind::Inf {
                // Finite nonzero / 0: division by zero (IEEE 754 7.3).
                *fl |= DZ;
            }
            signed::<F>(sign, F::INF)
        }
        (_, Kind::Inf) | (Kind::Zero, _) => signed::<F>(sign, 0),
        (Kind::Finite { sig: x, exp: ex }, Kind::Finite { sig: y, exp: ey }) => {
            // Leading digits at bits 127 and 63: the quotient has 64 or 65
            // bits, and a nonzero remainder becomes the sticky bit.
            let lx = 127 - msb(x);
            let ly = 63 - msb(y);
            let (x, y) = (x << lx, y << ly);
            let q = x / y;
            let sticky = (x % y != 0) as u128;
            round_pack::<F>(sign, q | sticky, ex - lx - (ey - ly), rm, fl)
        }
    }
}

pub(crate) fn sqrt<F: Format>(a: u64, rm: Rm, fl: &mut u8) -> u64 {
    match unpack::<F>(a) {
        (_, Kind::Nan { .. }) => nan_result::<F>(&[a], fl),
        (_, Kind::Zero) => a,
        (true, _) => invalid::<F>(fl),
        (false, Kind::Inf) => a,
        (false, Kind::Finite { sig, exp }) => {
            // Scale by an even power of two so the exponent halves exactly
            // and the radicand's leading digit is at bit 126 or 127: the
            // integer root then has 64 bits.
            let mut lift = 126 - msb(sig);
            if (exp - lift) % 2 != 0 {
                lift += 1;
            }
            let x = sig << lift;
            let root = x.isqrt();
            let sticky = (root * root != x) as u128;
            round_pack::<F>(false, root | sticky, (exp - lift) / 2, rm, fl)
        }
    }
}

/// a * b + c with one rounding.
pub(crate) fn fma<F: Format>(a: u64, b: u64, c: u64, rm: Rm, fl: &mut u8) -> u64 {
    let (sa, ka) = unpack::<F>(a);
    let (sb, kb) = unpack::<F>(b);
    let (sc, kc) = unpack::<F>(c);
    let sp = sa != sb;
    let nan_in = |k: Kind| matches!(k, Kind::Nan { .. });
    // inf * 0 is invalid even when the addend is a quiet NaN (the RISC-V
    // spec leaves this to IEEE 754 7.2(c), which makes it optional; RISC-V
    // hardware and SoftFloat's RISC-V mode raise NV).
    let inf_times_zero = matches!((ka, kb), (Kind::Inf, Kind::Zero) | (Kind::Zero, Kind::Inf));
    if nan_in(ka) || nan_in(kb) || nan_in(kc) {
        if inf_times_zero {
            *fl |= NV;
        }
        return nan_result::<F>(&[a, b, c], fl);
    }
    if inf_times_zero {
        return invalid::<F>(fl);
    }
    match (ka, kb, kc) {
        (Kind::Inf, _, _) | (_, Kind::Inf, _) => {
            if kc == Kind::Inf && sc != sp {
                invalid::<F>(fl)
            } else {
                signed::<F>(sp, F::INF)
            }
        }
        (_, _, Kind::Inf) => c,
        (Kind::Zero, _, _) | (_, Kind::Zero, _) => {
            if kc == Kind::Zero && sc != sp {
                cancelled_zero::<F>(rm)
            } else if kc == Kind::Zero {
                signed::<F>(sp, 0)
            } else {
                c
            }
        }
        (Kind::Finite { sig: x, exp: ex }, Kind::Finite { sig: y, exp: ey }, Kind::Zero) => {
            round_pack::<F>(sp, x * y, ex + ey, rm, fl)
        }
        (
            Kind::Finite { sig: x, exp: ex },
            Kind::Finite { sig: y, exp: ey },
            Kind::Finite { sig: z, exp: ez },
        ) => add_finite::<F>((sp, x * y, ex + ey), (sc, z, ez), rm, fl),
        // Every NaN, infinity and zero case is handled above.
        _ => F::CANONICAL_NAN,
    }
}
