//! The C extension on RV64: each 16-bit instruction decodes to the `Inst` of
//! its 32-bit expansion (unprivileged spec, "Compressed Instruction Formats"
//! and the RVC opcode map), with `len` = 2 and `raw` = the 16 bits.
//!
//! Zcb's encodings (C.LBU, C.LHU, C.LH, C.SB, C.SH in quadrant 0's funct3 =
//! 100; C.ZEXT.B ... C.NOT and C.MUL next to C.SUBW/C.ADDW) decode here
//! too, and Zcmop's C.MOP.n (C.LUI xn, 0 with n odd below 16);
//! `encoding_extensions` says what they need, so that `decode_with` makes
//! them illegal on a hart without it.
//!
//! Reserved encodings are `Op::Illegal`: the all-zero word and C.ADDI4SPN
//! with nzuimm = 0, C.ADDI16SP / C.LUI with a zero immediate, C.LWSP / C.LDSP
//! with rd = x0, C.JR with rs1 = x0, C.ADDIW with rd = x0 (on RV64 its
//! encoding is not C.JAL), the rest of quadrant 0's funct3 = 100 and of
//! the C.SUBW/C.ADDW neighbours. HINTs (C.NOP with imm != 0, C.LI/C.MV/C.ADD/
//! C.SLLI with rd = x0, shifts by 0, ...) are legal and execute as their
//! expansion, which has no architectural effect.

use super::decode::{Inst, Op};
use super::table::Ext;

/// `hi..=lo` bits of `x`, shifted down.
#[inline(always)]
fn bits(x: u32, hi: u32, lo: u32) -> u32 {
    (x >> lo) & ((1 << (hi - lo + 1)) - 1)
}

/// Sign-extend the low `n` bits of `v`.
#[inline(always)]
fn sext(v: u32, n: u32) -> i64 {
    ((v << (32 - n)) as i32 >> (32 - n)) as i64
}

/// The 3-bit register fields (rd', rs1', rs2') name x8..x15 / f8..f15.
#[inline(always)]
fn creg(x: u32, lo: u32) -> u8 {
    8 + bits(x, lo + 2, lo) as u8
}

/// Decode a 16-bit instruction (low two bits not 0b11).
pub fn decode_compressed(raw: u16) -> Inst {
    use Op::*;
    let r = raw as u32;
    let f3 = bits(r, 15, 13);
    let rd_full = bits(r, 11, 7) as u8;
    let rs2_full = bits(r, 6, 2) as u8;
    // imm[5] from bit 12, imm[4:0] from bits 6:2 (CI format).
    let imm6 = sext(bits(r, 12, 12) << 5 | bits(r, 6, 2), 6);
    let shamt = (bits(r, 12, 12) << 5 | bits(r, 6, 2)) as i64;
    let inst = |op: Op, rd: u8, rs1: u8, rs2: u8, imm: i64| Inst { op, rd, rs1, rs2, rs3: 0, imm, len: 2, raw: r };
    let illegal = Inst::illegal_at(r);

    match (r & 3, f3) {
        // ---- quadrant 0 ----
        (0, 0) => {
            // C.ADDI4SPN: nzuimm[5:4|9:6|2|3].
            let imm = bits(r, 12, 11) << 4 | bits(r, 10, 7) << 6 | bits(r, 6, 6) << 2 | bits(r, 5, 5) << 3;
            if imm == 0 {
                return illegal; // includes the all-zero word
            }
            inst(Addi, creg(r, 2), 2, 0, imm as i64)
        }
        (0, 1) => inst(Fld, creg(r, 2), creg(r, 7), 0, uimm_d(r)),
        (0, 2) => inst(Lw, creg(r, 2), creg(r, 7), 0, uimm_w(r)),
        (0, 3) => inst(Ld, creg(r, 2), creg(r, 7), 0, uimm_d(r)),
        (0, 4) => zcb_load_store(r, illegal),
        (0, 5) => inst(Fsd, 0, creg(r, 7), creg(r, 2), uimm_d(r)),
        (0, 6) => inst(Sw, 0, creg(r, 7), creg(r, 2), uimm_w(r)),
        (0, 7) => inst(Sd, 0, creg(r, 7), creg(r, 2), uimm_d(r)),

        // ---- quadrant 1 ----
        (1, 0) => inst(Addi, rd_full, rd_full, 0, imm6), // C.ADDI / C.NOP (and HINTs)
        (1, 1) => {
            if rd_full == 0 {
                return illegal; // C.ADDIW with rd = x0 is reserved
            }
            inst(Addiw, rd_full, rd_full, 0, imm6)
        }
        (1, 2) => inst(Addi, rd_full, 0, 0, imm6), // C.LI
        (1, 3) if rd_full == 2 => {
            // C.ADDI16SP: nzimm[9|4|6|8:7|5].
            let v = bits(r, 12, 12) << 9
                | bits(r, 6, 6) << 4
                | bits(r, 5, 5) << 6
                | bits(r, 4, 3) << 7
                | bits(r, 2, 2) << 5;
            if v == 0 {
                return illegal;
            }
            inst(Addi, 2, 2, 0, sext(v, 10))
        }
        (1, 3) => {
            // C.LUI: nzimm[17|16:12]; rd = x0 with nzimm != 0 is a HINT.
            // With nzimm = 0 and an odd rd below x16: C.MOP.rd (Zcmop),
            // which writes no register: MOP.R.0 with rd = x0.
            if imm6 == 0 && rd_full % 2 == 1 && rd_full < 16 {
                return inst(MopRN, 0, rd_full, 0, 0);
            }
            if imm6 == 0 {
                return illegal;
            }
            inst(Lui, rd_full, 0, 0, imm6 << 12)
        }
        (1, 4) => {
            let rd = creg(r, 7);
            match bits(r, 11, 10) {
                0 => inst(Srli, rd, rd, 0, shamt),
                1 => inst(Srai, rd, rd, 0, shamt),
                2 => inst(Andi, rd, rd, 0, imm6),
                _ => {
                    let rs2 = creg(r, 2);
                    let op = match (bits(r, 12, 12), bits(r, 6, 5)) {
                        (0, 0) => Sub,
                        (0, 1) => Xor,
                        (0, 2) => Or,
                        (0, 3) => And,
                        (1, 0) => Subw,
                        (1, 1) => Addw,
                        (1, 2) => Mul, // C.MUL (Zcb)
                        _ => return zcb_unary(r, rd, illegal),
                    };
                    inst(op, rd, rd, rs2, 0)
                }
            }
        }
        (1, 5) => {
            // C.J: imm[11|4|9:8|10|6|7|3:1|5].
            let v = bits(r, 12, 12) << 11
                | bits(r, 11, 11) << 4
                | bits(r, 10, 9) << 8
                | bits(r, 8, 8) << 10
                | bits(r, 7, 7) << 6
                | bits(r, 6, 6) << 7
                | bits(r, 5, 3) << 1
                | bits(r, 2, 2) << 5;
            inst(Jal, 0, 0, 0, sext(v, 12))
        }
        (1, _) => {
            let op = if f3 == 6 { Beq } else { Bne };
            inst(op, 0, creg(r, 7), 0, imm_cb(r))
        }

        // ---- quadrant 2 ----
        (2, 0) => inst(Slli, rd_full, rd_full, 0, shamt),
        (2, 1) => inst(Fld, rd_full, 2, 0, uimm_dsp(r)),
        (2, 2) => {
            if rd_full == 0 {
                return illegal;
            }
            // C.LWSP: uimm[5] uimm[4:2|7:6].
            let v = bits(r, 12, 12) << 5 | bits(r, 6, 4) << 2 | bits(r, 3, 2) << 6;
            inst(Lw, rd_full, 2, 0, v as i64)
        }
        (2, 3) => {
            if rd_full == 0 {
                return illegal;
            }
            inst(Ld, rd_full, 2, 0, uimm_dsp(r))
        }
        (2, 4) => match (bits(r, 12, 12), rd_full, rs2_full) {
            (0, 0, 0) => illegal,                                 // C.JR x0 is reserved
            (0, rs1, 0) => inst(Jalr, 0, rs1, 0, 0),              // C.JR
            (0, rd, rs2) => inst(Add, rd, 0, rs2, 0),             // C.MV
            (_, 0, 0) => inst(Ebreak, 0, 0, 0, 0),                // C.EBREAK
            (_, rs1, 0) => inst(Jalr, 1, rs1, 0, 0),              // C.JALR
            (_, rd, rs2) => inst(Add, rd, rd, rs2, 0),            // C.ADD
        },
        (2, 5) => inst(Fsd, 0, 2, rs2_full, uimm_dss(r)),
        (2, 6) => {
            // C.SWSP: uimm[5:2|7:6].
            let v = bits(r, 12, 9) << 2 | bits(r, 8, 7) << 6;
            inst(Sw, 0, 2, rs2_full, v as i64)
        }
        (2, _) => inst(Sd, 0, 2, rs2_full, uimm_dss(r)),

        // Low bits 0b11 are 32-bit instructions, not ours.
        _ => illegal,
    }
}

/// Zcb's byte and halfword loads and stores (quadrant 0, funct3 = 100):
/// bits 12:10 select the operation, bit 6 is uimm[0] (C.LBU, C.SB) or
/// tells C.LH from C.LHU; bit 5 is uimm[1].
fn zcb_load_store(r: u32, illegal: Inst) -> Inst {
    let (rd, rs1) = (creg(r, 2), creg(r, 7));
    let uimm_b = (bits(r, 5, 5) << 1 | bits(r, 6, 6)) as i64;
    let uimm_h = (bits(r, 5, 5) << 1) as i64;
    let load = |op| Inst { op, rd, rs1, rs2: 0, rs3: 0, imm: 0, len: 2, raw: r };
    let store = |op| Inst { op, rd: 0, rs1, rs2: rd, rs3: 0, imm: 0, len: 2, raw: r };
    match (bits(r, 12, 10), bits(r, 6, 6)) {
        (0, _) => Inst { imm: uimm_b, ..load(Op::Lbu) },
        (1, 0) => Inst { imm: uimm_h, ..load(Op::Lhu) },
        (1, _) => Inst { imm: uimm_h, ..load(Op::Lh) },
        (2, _) => Inst { imm: uimm_b, ..store(Op::Sb) },
        (3, 0) => Inst { imm: uimm_h, ..store(Op::Sh) },
        _ => illegal,
    }
}

/// Zcb's one-register operations (quadrant 1, funct6 = 100111, bits 6:5
/// = 11), by bits 4:2: C.ZEXT.B, C.SEXT.B, C.ZEXT.H, C.SEXT.H, C.ZEXT.W,
/// C.NOT, as their 32-bit equivalents; 110 and 111 are reserved.
fn zcb_unary(r: u32, rd: u8, illegal: Inst) -> Inst {
    let (op, rs2, imm) = match (bits(r, 6, 5), bits(r, 4, 2)) {
        (3, 0) => (Op::Andi, 0, 0xff),
        (3, 1) => (Op::SextB, 0, 0),
        (3, 2) => (Op::ZextH, 0, 0),
        (3, 3) => (Op::SextH, 0, 0),
        (3, 4) => (Op::AddUw, 0, 0), // add.uw rd, rd, zero
        (3, 5) => (Op::Xori, 0, -1),
        _ => return illegal,
    };
    Inst { op, rd, rs1: rd, rs2, rs3: 0, imm, len: 2, raw: r }
}

/// The extensions a 16-bit encoding of Zcb or Zcmop needs (None for the
/// others, which need their expansion's): Zcb, and what the Zcb spec asks
/// besides (Zbb for C.SEXT.B, C.ZEXT.H, C.SEXT.H; Zba for C.ZEXT.W; M for
/// C.MUL); Zcmop for C.MOP.n, whatever MOP.R.0 needs.
pub fn encoding_extensions(raw: u16) -> Option<&'static [Ext]> {
    let r = raw as u32;
    if r & 3 == 0 && bits(r, 15, 13) == 4 {
        return Some(&[Ext::Zcb]);
    }
    if r & 0xf8ff == 0x6081 {
        return Some(&[Ext::Zcmop]); // C.LUI x{1,3,..,15}, 0
    }
    if r & 3 != 1 || bits(r, 15, 10) != 0b100111 || bits(r, 6, 6) == 0 {
        return None;
    }
    Some(match bits(r, 6, 2) {
        0b10000..=0b10111 => &[Ext::Zcb, Ext::M],           // C.MUL
        0b11001..=0b11011 => &[Ext::Zcb, Ext::Zbb],       // C.SEXT.B, C.ZEXT.H, C.SEXT.H
        0b11100 => &[Ext::Zcb, Ext::Zba],                     // C.ZEXT.W
        _ => &[Ext::Zcb],
    })
}

/// C.BEQZ's and C.BNEZ's offset (CB format: imm[8|4:3] imm[7:6|2:1|5]) in
/// instruction bits `r`.
#[inline(always)]
pub(crate) fn imm_cb(r: u32) -> i64 {
    let v = bits(r, 12, 12) << 8 | bits(r, 11, 10) << 3 | bits(r, 6, 5) << 6 | bits(r, 4, 3) << 1 | bits(r, 2, 2) << 5;
    sext(v, 9)
}

/// CL/CS doubleword offset: uimm[5:3] from bits 12:10, uimm[7:6] from 6:5.
#[inline(always)]
fn uimm_d(r: u32) -> i64 {
    (bits(r, 12, 10) << 3 | bits(r, 6, 5) << 6) as i64
}

/// CL/CS word offset: uimm[5:3] from bits 12:10, uimm[2] from 6, uimm[6] from 5.
#[inline(always)]
fn uimm_w(r: u32) -> i64 {
    (bits(r, 12, 10) << 3 | bits(r, 6, 6) << 2 | bits(r, 5, 5) << 6) as i64
}

/// CI doubleword stack offset (C.LDSP/C.FLDSP): uimm[5] uimm[4:3|8:6].
#[inline(always)]
fn uimm_dsp(r: u32) -> i64 {
    (bits(r, 12, 12) << 5 | bits(r, 6, 5) << 3 | bits(r, 4, 2) << 6) as i64
}

/// CSS doubleword stack offset (C.SDSP/C.FSDSP): uimm[5:3|8:6].
#[inline(always)]
fn uimm_dss(r: u32) -> i64 {
    (bits(r, 12, 10) << 3 | bits(r, 9, 7) << 6) as i64
}
