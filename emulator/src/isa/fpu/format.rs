//! The binary interchange formats (binary16 = Zfh, binary32 = F, binary64 =
//! D) as parameters, and the split of a bit pattern into what kind of datum
//! it is. Every format is handled in a u64; a narrower one occupies the low
//! bits.

/// Parameters of an IEEE 754 binary format.
pub(crate) trait Format {
    /// Stored fraction bits (10, 23 or 52); precision is FRAC + 1.
    const FRAC: u32;
    /// Exponent field width (5, 8 or 11).
    const EXP: u32;

    const BIAS: i32 = (1 << (Self::EXP - 1)) - 1;
    /// Exponent of the smallest normal number, 2^EMIN.
    const EMIN: i32 = 1 - Self::BIAS;
    /// Exponent of the largest finite number.
    const EMAX: i32 = Self::BIAS;
    const SIGN: u64 = 1 << (Self::FRAC + Self::EXP);
    const EXP_MASK: u64 = ((1 << Self::EXP) - 1) << Self::FRAC;
    const FRAC_MASK: u64 = (1 << Self::FRAC) - 1;
    /// Most significant fraction bit: set for a quiet NaN.
    const QUIET_BIT: u64 = 1 << (Self::FRAC - 1);
    /// RISC-V's canonical NaN: positive, quiet, zero payload.
    const CANONICAL_NAN: u64 = Self::EXP_MASK | Self::QUIET_BIT;
    const INF: u64 = Self::EXP_MASK;
    /// Largest finite magnitude.
    const MAX_FINITE: u64 = Self::EXP_MASK - 1;
}

/// binary16 (the Zfh and Zfhmin extensions).
pub(crate) struct Half;
/// binary32 (the F extension).
pub(crate) struct Single;
/// binary64 (the D extension).
pub(crate) struct Double;

impl Format for Half {
    const FRAC: u32 = 10;
    const EXP: u32 = 5;
}
impl Format for Single {
    const FRAC: u32 = 23;
    const EXP: u32 = 8;
}
impl Format for Double {
    const FRAC: u32 = 52;
    const EXP: u32 = 11;
}

/// What a bit pattern encodes, sign aside.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Kind {
    /// A NaN; `signalling` when the quiet bit is clear.
    Nan { signalling: bool },
    Inf,
    Zero,
    /// A nonzero finite number equal to `sig * 2^exp` exactly (not
    /// normalized: a subnormal simply has a small `sig`).
    Finite { sig: u128, exp: i32 },
}

/// Sign and kind of the datum `bits` in format `F`.
#[inline]
pub(crate) fn unpack<F: Format>(bits: u64) -> (bool, Kind) {
    let sign = bits & F::SIGN != 0;
    let field = ((bits & F::EXP_MASK) >> F::FRAC) as i32;
    let frac = bits & F::FRAC_MASK;
    let kind = if field == (1 << F::EXP) - 1 {
        if frac == 0 {
            Kind::Inf
        } else {
            Kind::Nan { signalling: frac & F::QUIET_BIT == 0 }
        }
    } else if field == 0 {
        if frac == 0 {
            Kind::Zero
        } else {
            // Subnormal: no hidden bit, exponent fixed at EMIN.
            Kind::Finite { sig: frac as u128, exp: F::EMIN - F::FRAC as i32 }
        }
    } else {
        Kind::Finite {
            sig: (frac | (1 << F::FRAC)) as u128,
            exp: field - F::BIAS - F::FRAC as i32,
        }
    };
    (sign, kind)
}

#[inline]
pub(crate) fn is_nan<F: Format>(bits: u64) -> bool {
    bits & F::EXP_MASK == F::EXP_MASK && bits & F::FRAC_MASK != 0
}

#[inline]
pub(crate) fn is_snan<F: Format>(bits: u64) -> bool {
    is_nan::<F>(bits) && bits & F::QUIET_BIT == 0
}

/// The signed zero / infinity of format `F`.
#[inline]
pub(crate) fn signed<F: Format>(sign: bool, magnitude: u64) -> u64 {
    if sign {
        magnitude | F::SIGN
    } else {
        magnitude
    }
}
