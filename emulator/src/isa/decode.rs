//! Decoding: raw instruction bits to `Inst`.
//!
//! 32-bit instructions are decoded here, by the instruction table's
//! bits/mask and format columns (`table.rs`); 16-bit (C extension) ones in
//! `compressed.rs`, which produces the `Inst` of the 32-bit expansion.
//! Every bit pattern decodes to something: what the spec does not define
//! (or reserves) is `Op::Illegal`, so decoding never fails or panics.

use super::compressed::decode_compressed;
use super::table::instructions;
pub use super::op::Op;

/// A decoded instruction. Compressed instructions decode to the same `Op`
/// as their 32-bit expansion, with `len` = 2. See `Op` for how each family
/// uses the fields.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Inst {
    pub op: Op,
    pub rd: u8,
    pub rs1: u8,
    pub rs2: u8,
    pub rs3: u8,
    /// Sign-extended immediate; for CSR instructions the CSR address, for
    /// FP instructions with a rounding mode the `rm` field (see `Op`).
    pub imm: i64,
    /// 2 (compressed) or 4.
    pub len: u8,
    /// The instruction's bits (16-bit ones zero-extended), for xtval and disassembly.
    pub raw: u32,
}

impl Inst {
    pub const ILLEGAL: Inst = Inst { op: Op::Illegal, rd: 0, rs1: 0, rs2: 0, rs3: 0, imm: 0, len: 4, raw: 0 };
}

/// Decode one instruction. `raw` holds 32 bits fetched at the pc; if its low
/// two bits are not 0b11 only the low 16 bits are an instruction (compressed).
/// Never panics: unknown patterns decode to `Op::Illegal`.
pub fn decode(raw: u32) -> Inst {
    if raw & 3 != 3 {
        decode_compressed(raw as u16)
    } else {
        decode32(raw)
    }
}

// ---- field extraction (unprivileged spec, "Base Instruction Formats") ----

#[inline(always)]
fn rd(r: u32) -> u8 {
    ((r >> 7) & 31) as u8
}
#[inline(always)]
fn rs1(r: u32) -> u8 {
    ((r >> 15) & 31) as u8
}
#[inline(always)]
fn rs2(r: u32) -> u8 {
    ((r >> 20) & 31) as u8
}
#[inline(always)]
fn rs3(r: u32) -> u8 {
    (r >> 27) as u8
}
#[inline(always)]
fn imm_i(r: u32) -> i64 {
    (r as i32 >> 20) as i64
}
#[inline(always)]
fn imm_s(r: u32) -> i64 {
    (((r as i32 >> 20) & !31) | ((r >> 7) & 31) as i32) as i64
}
/// A conditional branch's offset (B-type immediate) in instruction bits `r`.
#[inline(always)]
pub(crate) fn imm_b(r: u32) -> i64 {
    let v = ((r as i32 >> 19) & !0xfff) as u32 // imm[12] from bit 31, sign-extended
        | ((r << 4) & 0x800)                    // imm[11] from bit 7
        | ((r >> 20) & 0x7e0)                   // imm[10:5] from bits 30:25
        | ((r >> 7) & 0x1e); // imm[4:1] from bits 11:8
    v as i32 as i64
}
#[inline(always)]
fn imm_u(r: u32) -> i64 {
    (r & 0xffff_f000) as i32 as i64
}
#[inline(always)]
fn imm_j(r: u32) -> i64 {
    let v = ((r as i32 >> 11) & !0xf_ffff) as u32 // imm[20] from bit 31, sign-extended
        | (r & 0xf_f000)                           // imm[19:12]
        | ((r >> 9) & 0x800)                       // imm[11] from bit 20
        | ((r >> 20) & 0x7fe); // imm[10:1] from bits 30:21
    v as i32 as i64
}


/// Which fields of a 32-bit instruction an `Inst` keeps (the table's format
/// column; see `table.rs`). The fields a format does not have are zero, so
/// that an `Inst` is canonical: a compressed instruction and its 32-bit
/// expansion decode to the same fields.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Format {
    U,
    J,
    I,
    Shamt6,
    Shamt5,
    S,
    B,
    R,
    Amo,
    R1,
    Rs2Rs1,
    Rs1Rs2,
    Rs1,
    Rrm,
    R1rm,
    R4,
    Csr,
    Fence,
    None,
}

impl Format {
    /// The `Inst` of the 32-bit instruction `r` whose operation is `op`.
    #[inline(always)]
    fn inst(self, op: Op, r: u32) -> Inst {
        use Format::*;
        let rm = ((r >> 12) & 7) as i64;
        let (rd, rs1, rs2, rs3, imm) = match self {
            U => (rd(r), 0, 0, 0, imm_u(r)),
            J => (rd(r), 0, 0, 0, imm_j(r)),
            I => (rd(r), rs1(r), 0, 0, imm_i(r)),
            Shamt6 => (rd(r), rs1(r), 0, 0, ((r >> 20) & 63) as i64),
            Shamt5 => (rd(r), rs1(r), 0, 0, ((r >> 20) & 31) as i64),
            S => (0, rs1(r), rs2(r), 0, imm_s(r)),
            B => (0, rs1(r), rs2(r), 0, imm_b(r)),
            R | Amo => (rd(r), rs1(r), rs2(r), 0, 0),
            R1 => (rd(r), rs1(r), 0, 0, 0),
            Rs2Rs1 | Rs1Rs2 => (0, rs1(r), rs2(r), 0, 0),
            Rs1 => (0, rs1(r), 0, 0, 0),
            Rrm => (rd(r), rs1(r), rs2(r), 0, rm),
            R1rm => (rd(r), rs1(r), 0, 0, rm),
            R4 => (rd(r), rs1(r), rs2(r), rs3(r), rm),
            // The CSR address is in bits 31:20, where rs2 would be.
            Csr => (rd(r), rs1(r), 0, 0, (r >> 20) as i64),
            // FENCE's fields are hints kept in `raw`.
            Fence | None => (0, 0, 0, 0, 0),
        };
        Inst { op, rd, rs1, rs2, rs3, imm, len: 4, raw: r }
    }
}

/// One line of the table as the decoder needs it.
#[derive(Clone, Copy)]
struct Encoding {
    bits: u32,
    mask: u32,
    op: Op,
    format: Format,
}

macro_rules! encodings {
    ($($op:ident $enc:ident $m:literal $ext:ident $bits:literal $mask:literal $fmt:ident
       $sem:ident $args:tt $block:ident $dis:ident;)*) => {
        /// The table's encodings, in its order.
        const ENCODINGS: [Encoding; Op::ALL.len() - 1] = [
            $(Encoding { bits: $bits, mask: $mask, op: Op::$op, format: Format::$fmt },)*
        ];
    };
}
instructions!(encodings);

/// The major opcode (bits 6:2) of a 32-bit instruction.
const fn major(r: u32) -> usize {
    ((r >> 2) & 31) as usize
}

/// The decoder's group of a 32-bit instruction: its major opcode (bits
/// 6:2) and funct3 (bits 14:12).
const fn group(r: u32) -> usize {
    (((r >> 2) & 31) | ((r >> 12) & 7) << 5) as usize
}

/// Groups: 32 major opcodes times 8 funct3 values.
const GROUPS: usize = 256;

/// Whether the line `e` may match an instruction of group `g`: its major
/// opcode is g's and its funct3 is g's or not fixed (LUI, the FP
/// instructions with a rounding mode, ...).
const fn in_group(e: &Encoding, g: usize) -> bool {
    let funct3 = (g >> 5) as u32;
    major(e.bits) == g & 31 && (e.mask & 0x7000 != 0x7000 || (e.bits >> 12) & 7 == funct3)
}

/// How many (group, line) pairs there are.
const GROUP_ENTRIES: usize = {
    let mut n = 0;
    let mut g = 0;
    while g < GROUPS {
        let mut k = 0;
        while k < ENCODINGS.len() {
            if in_group(&ENCODINGS[k], g) {
                n += 1;
            }
            k += 1;
        }
        g += 1;
    }
    n
};

/// `ENCODINGS` indices grouped by major opcode and funct3, and where each
/// group starts (`first[g]..first[g + 1]`), so that decoding tries only
/// the few lines that can match (every line's mask covers the opcode bits,
/// checked here). Within a group, lines whose mask fixes more bits come
/// first, so the most specific matching encoding wins.
const BY_GROUP: ([u16; GROUP_ENTRIES], [u16; GROUPS + 1]) = {
    let mut order = [0u16; GROUP_ENTRIES];
    let mut first = [0u16; GROUPS + 1];
    let mut n = 0;
    let mut g = 0;
    while g < GROUPS {
        first[g] = n as u16;
        let start = n;
        let mut k = 0;
        while k < ENCODINGS.len() {
            let e = &ENCODINGS[k];
            assert!(e.mask & 0x7f == 0x7f && e.bits & 3 == 3 && e.bits & !e.mask == 0);
            if in_group(e, g) {
                // Insert after every line that fixes as many bits or more
                // (a stable sort, most specific first).
                let fixed = e.mask.count_ones();
                let mut at = n;
                while at > start && ENCODINGS[order[at - 1] as usize].mask.count_ones() < fixed {
                    order[at] = order[at - 1];
                    at -= 1;
                }
                order[at] = k as u16;
                n += 1;
            }
            k += 1;
        }
        g += 1;
    }
    assert!(n == GROUP_ENTRIES);
    first[GROUPS] = n as u16;
    (order, first)
};

/// Decode a 32-bit instruction (low two bits 0b11): the most specific line
/// of the table whose fixed bits it has.
fn decode32(r: u32) -> Inst {
    let (order, first) = &BY_GROUP;
    let g = group(r);
    let lines = order.get(first[g] as usize..first[g + 1] as usize).unwrap_or(&[]);
    for &k in lines {
        let e = &ENCODINGS[k as usize];
        if r & e.mask == e.bits {
            return e.format.inst(e.op, r);
        }
    }
    Inst::illegal_at(r)
}

impl Inst {
    /// An illegal instruction carrying its bits (for tval).
    #[inline]
    pub(crate) fn illegal_at(raw: u32) -> Inst {
        let len = if raw & 3 == 3 { 4 } else { 2 };
        Inst { raw, len, ..Inst::ILLEGAL }
    }
}
