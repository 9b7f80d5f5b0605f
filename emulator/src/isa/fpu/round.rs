//! Rounding an exact (or sticky-jammed) intermediate value to a format or to
//! an integer, with the rounding-mode and exception rules of IEEE 754-2008
//! section 4.3 and 7, and RISC-V's choice of detecting tininess *after*
//! rounding (unprivileged spec, F extension, "Accrued Exception Flags").

use super::format::{signed, Format};
use super::{Rm, NX, OF, UF};

/// Shift `x` right by `n`, OR-ing every bit shifted out into bit 0 (the
/// "sticky" bit) so that rounding still sees that the value was inexact.
#[inline]
pub(crate) fn shr_jam(x: u128, n: u32) -> u128 {
    if n == 0 {
        x
    } else if n < 128 {
        (x >> n) | ((x << (128 - n)) != 0) as u128
    } else {
        (x != 0) as u128
    }
}

/// Index of the most significant set bit of a nonzero `x`.
#[inline]
pub(crate) fn msb(x: u128) -> i32 {
    127 - x.leading_zeros() as i32
}

/// `sig * 2^-shift` rounded to an integer by `rm` (the sign only matters
/// for the directed modes). Returns the rounded magnitude and whether any
/// nonzero bits were discarded. `shift` may be any value.
#[inline]
pub(crate) fn round_shift(sig: u128, shift: i32, sign: bool, rm: Rm) -> (u128, bool) {
    if shift <= 0 {
        // No bits are discarded; the caller guarantees the result fits.
        return (sig << (-shift).min(127) as u32, false);
    }
    // Keep two extra bits below the rounding point: the "round" bit (exactly
    // one half) and a sticky bit for anything smaller.
    let r = if shift == 1 { sig << 1 } else { shr_jam(sig, shift as u32 - 2) };
    let kept = r >> 2;
    let low = r & 3;
    let up = match rm {
        Rm::Rne => low > 2 || (low == 2 && kept & 1 == 1),
        Rm::Rmm => low >= 2,
        Rm::Rtz => false,
        Rm::Rdn => low != 0 && sign,
        Rm::Rup => low != 0 && !sign,
    };
    (kept + up as u128, low != 0)
}

/// Round the nonzero value `(-1)^sign * sig * 2^exp` to format `F`, raising
/// NX, UF and OF as RISC-V hardware does. The caller must supply at least
/// FRAC + 3 significant bits whenever `sig` carries a jammed sticky bit, so
/// that the round bit is never the sticky bit.
pub(crate) fn round_pack<F: Format>(sign: bool, sig: u128, exp: i32, rm: Rm, fl: &mut u8) -> u64 {
    if sig == 0 {
        return signed::<F>(sign, 0);
    }
    let top = msb(sig);
    // The value lies in [2^e, 2^(e+1)).
    let e = exp + top;
    let frac = F::FRAC as i32;
    // Exponent of the result's leading digit: below EMIN the result is
    // subnormal and its quantum is fixed at 2^(EMIN - FRAC).
    let mut q = e.max(F::EMIN);
    let (mut kept, inexact) = round_shift(sig, q - frac - exp, sign, rm);
    if e < F::EMIN && inexact {
        // Tininess after rounding: tiny if the value, rounded to full
        // precision as though the exponent range were unbounded, would still
        // be below 2^EMIN. Only a value just below 2^EMIN can round up to it.
        let tiny = e < F::EMIN - 1 || {
            let (full, _) = round_shift(sig, top - frac, sign, rm);
            full < 1u128 << (frac + 1)
        };
        if tiny {
            *fl |= UF;
        }
    }
    if kept == 1u128 << (frac + 1) {
        // Rounding carried into a new leading digit.
        kept >>= 1;
        q += 1;
    }
    if inexact {
        *fl |= NX;
    }
    if q > F::EMAX {
        *fl |= OF | NX;
        // IEEE 754 7.4: the modes that round towards zero for this sign
        // deliver the largest finite number instead of infinity.
        let to_max = match rm {
            Rm::Rne | Rm::Rmm => false,
            Rm::Rtz => true,
            Rm::Rdn => !sign,
            Rm::Rup => sign,
        };
        return signed::<F>(sign, if to_max { F::MAX_FINITE } else { F::INF });
    }
    let kept = kept as u64;
    let field = if kept >> F::FRAC != 0 { (q + F::BIAS) as u64 } else { 0 };
    signed::<F>(sign, (field << F::FRAC) | (kept & F::FRAC_MASK))
}
