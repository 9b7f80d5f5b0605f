//! The bit-manipulation extensions (Zba, Zbb, Zbc, Zbs, Zbkb, Zbkc, Zbkx):
//! the operations that are more than one Rust expression, as pure
//! functions of the two operands, used by the instruction table's
//! `alu_reg`/`alu_imm` lines (so `execute`, the threaded handlers and the
//! compiled blocks share them). Names and definitions follow the
//! unprivileged spec's "B" chapter and the scalar crypto (Zbk*) chapter.

use super::base::sext32;

/// CLMUL: the low 64 bits of the carry-less product of `a` and `b`.
#[inline]
pub fn clmul(a: u64, b: u64) -> u64 {
    let mut r = 0;
    for i in 0..64 {
        if (b >> i) & 1 == 1 {
            r ^= a << i;
        }
    }
    r
}

/// CLMULH: the high 64 bits of the carry-less product.
#[inline]
pub fn clmulh(a: u64, b: u64) -> u64 {
    let mut r = 0;
    for i in 1..64 {
        if (b >> i) & 1 == 1 {
            r ^= a >> (64 - i);
        }
    }
    r
}

/// CLMULR: bits 126:63 of the carry-less product (the reversed product).
#[inline]
pub fn clmulr(a: u64, b: u64) -> u64 {
    let mut r = 0;
    for i in 0..64 {
        if (b >> i) & 1 == 1 {
            r ^= a >> (63 - i);
        }
    }
    r
}

/// ORC.B: each byte becomes 0xff if it is non-zero, else 0x00.
#[inline]
pub fn orc_b(a: u64) -> u64 {
    let mut r = 0;
    for k in 0..8 {
        if (a >> (8 * k)) & 0xff != 0 {
            r |= 0xff << (8 * k);
        }
    }
    r
}

/// BREV8 (Zbkb): the bits of each byte reversed, the bytes in place.
#[inline]
pub fn brev8(a: u64) -> u64 {
    a.reverse_bits().swap_bytes()
}

/// PACKW (Zbkb): the low halves of the two operands' low words, packed
/// into a word and sign-extended (ZEXT.H is PACKW with rs2 = x0).
#[inline]
pub fn packw(a: u64, b: u64) -> u64 {
    sext32((a & 0xffff) | ((b & 0xffff) << 16))
}

/// XPERM4 (Zbkx): nibble k of the result is nibble b[k] of `a` (every
/// 4-bit index is in range on RV64: 16 nibbles).
#[inline]
pub fn xperm4(a: u64, b: u64) -> u64 {
    let mut r = 0;
    for k in 0..16 {
        let index = (b >> (4 * k)) & 0xf;
        r |= ((a >> (4 * index)) & 0xf) << (4 * k);
    }
    r
}

/// XPERM8 (Zbkx): byte k of the result is byte b[k] of `a`, or 0 when
/// that index is 8 or more.
#[inline]
pub fn xperm8(a: u64, b: u64) -> u64 {
    let mut r = 0;
    for k in 0..8 {
        let index = (b >> (8 * k)) & 0xff;
        if index < 8 {
            r |= ((a >> (8 * index)) & 0xff) << (8 * k);
        }
    }
    r
}
