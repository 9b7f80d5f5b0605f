//! misa (priv spec, "Machine ISA Register"): MXL in bits `[63:62]` and one bit
//! per extension letter in bits `[25:0]` (A = bit 0 ... Z = bit 25).

use crate::status::Xlen;

/// Bit position of MXL on RV64.
pub const MXL_SHIFT: u32 = 62;

/// The misa bit of extension `letter` (an ASCII letter, either case); 0 for
/// anything else.
#[inline]
pub const fn extension(letter: u8) -> u64 {
    let upper = letter.to_ascii_uppercase();
    if upper.is_ascii_uppercase() {
        1 << (upper - b'A')
    } else {
        0
    }
}

/// True when `misa` has extension `letter`.
#[inline]
pub const fn has(misa: u64, letter: u8) -> bool {
    misa & extension(letter) != 0
}

/// misa.MXL.
#[inline]
pub const fn mxl(misa: u64) -> Option<Xlen> {
    Xlen::from_bits(misa >> MXL_SHIFT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(extension(b'A'), 1);
        assert_eq!(extension(b'H'), 1 << 7);
        assert_eq!(extension(b's'), 1 << 18);
        assert_eq!(extension(b'1'), 0);
        assert!(has(2 << 62 | 1 << 7, b'h'));
        assert_eq!(mxl(2 << 62), Some(Xlen::X64));
    }
}
