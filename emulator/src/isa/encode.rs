//! A tiny assembler: one function per instruction, returning its bits
//! (`u32`, or `u16` for the `c_*` compressed forms). For tests, test
//! programs and tools; not used by the emulator itself. The 32-bit ones
//! are generated from the instruction table (`table.rs`): each is named
//! after its mnemonic (`.` as `_`) and takes its format's operands.
//!
//! Argument order is the assembler's operand order, with a memory operand
//! `imm(rs1)` written as `rs1, imm`:
//! `addi(rd, rs1, imm)`, `lw(rd, rs1, imm)`, `sw(rs2, rs1, imm)`,
//! `beq(rs1, rs2, offset)`, `jal(rd, offset)`, `jalr(rd, rs1, imm)`,
//! `amoadd_w(rd, rs2, rs1)`, `lr_w(rd, rs1)`, `sc_w(rd, rs2, rs1)`,
//! `csrrw(rd, csr, rs1)`, `csrrwi(rd, csr, uimm)`, `fadd_s(rd, rs1, rs2, rm)`,
//! `fmadd_s(rd, rs1, rs2, rs3, rm)`, `hlv_b(rd, rs1)`, `hsv_b(rs2, rs1)`,
//! `sfence_vma(rs1, rs2)`. Branch and jump offsets are in bytes, relative
//! to the instruction. `lui`/`auipc` take the 20-bit field (as `lui a0,
//! 0x12345`); `c_lui` the 6-bit signed nzimm[17:12].
//!
//! Registers are numbers (see `reg` and `freg` for ABI names); compressed
//! forms take full register numbers and keep the bits their field can hold
//! (x8..x15 for the 3-bit fields). Out-of-range operands are truncated to
//! their fields, never rejected: check with `decode` if in doubt.

#![allow(missing_docs)]

use super::table::instructions;

/// Integer register ABI names.
pub mod reg {
    pub const ZERO: u8 = 0;
    pub const RA: u8 = 1;
    pub const SP: u8 = 2;
    pub const GP: u8 = 3;
    pub const TP: u8 = 4;
    pub const T0: u8 = 5;
    pub const T1: u8 = 6;
    pub const T2: u8 = 7;
    pub const S0: u8 = 8;
    pub const FP: u8 = 8;
    pub const S1: u8 = 9;
    pub const A0: u8 = 10;
    pub const A1: u8 = 11;
    pub const A2: u8 = 12;
    pub const A3: u8 = 13;
    pub const A4: u8 = 14;
    pub const A5: u8 = 15;
    pub const A6: u8 = 16;
    pub const A7: u8 = 17;
    pub const S2: u8 = 18;
    pub const S3: u8 = 19;
    pub const S4: u8 = 20;
    pub const S5: u8 = 21;
    pub const S6: u8 = 22;
    pub const S7: u8 = 23;
    pub const S8: u8 = 24;
    pub const S9: u8 = 25;
    pub const S10: u8 = 26;
    pub const S11: u8 = 27;
    pub const T3: u8 = 28;
    pub const T4: u8 = 29;
    pub const T5: u8 = 30;
    pub const T6: u8 = 31;
}

/// Floating-point register ABI names.
pub mod freg {
    pub const FT0: u8 = 0;
    pub const FT1: u8 = 1;
    pub const FT2: u8 = 2;
    pub const FT3: u8 = 3;
    pub const FT4: u8 = 4;
    pub const FT5: u8 = 5;
    pub const FT6: u8 = 6;
    pub const FT7: u8 = 7;
    pub const FS0: u8 = 8;
    pub const FS1: u8 = 9;
    pub const FA0: u8 = 10;
    pub const FA1: u8 = 11;
    pub const FA2: u8 = 12;
    pub const FA3: u8 = 13;
    pub const FA4: u8 = 14;
    pub const FA5: u8 = 15;
    pub const FA6: u8 = 16;
    pub const FA7: u8 = 17;
    pub const FS2: u8 = 18;
    pub const FT8: u8 = 28;
    pub const FT9: u8 = 29;
    pub const FT10: u8 = 30;
    pub const FT11: u8 = 31;
}

/// Rounding-mode field values.
pub mod rm {
    pub const RNE: u8 = 0;
    pub const RTZ: u8 = 1;
    pub const RDN: u8 = 2;
    pub const RUP: u8 = 3;
    pub const RMM: u8 = 4;
    /// Dynamic: use frm.
    pub const DYN: u8 = 7;
}

// ---- formats ----

#[inline]
fn r5(r: u8) -> u32 {
    (r & 31) as u32
}

pub fn r_type(opcode: u32, rd: u8, f3: u32, rs1: u8, rs2: u8, f7: u32) -> u32 {
    (f7 & 0x7f) << 25 | r5(rs2) << 20 | r5(rs1) << 15 | (f3 & 7) << 12 | r5(rd) << 7 | (opcode & 0x7f)
}

pub fn r4_type(opcode: u32, rd: u8, f3: u32, rs1: u8, rs2: u8, fmt: u32, rs3: u8) -> u32 {
    r_type(opcode, rd, f3, rs1, rs2, (r5(rs3) << 2) | (fmt & 3))
}

pub fn i_type(opcode: u32, rd: u8, f3: u32, rs1: u8, imm: i32) -> u32 {
    ((imm as u32) & 0xfff) << 20 | r5(rs1) << 15 | (f3 & 7) << 12 | r5(rd) << 7 | (opcode & 0x7f)
}

pub fn s_type(opcode: u32, f3: u32, rs1: u8, rs2: u8, imm: i32) -> u32 {
    let imm = imm as u32;
    ((imm >> 5) & 0x7f) << 25 | r5(rs2) << 20 | r5(rs1) << 15 | (f3 & 7) << 12 | (imm & 31) << 7 | (opcode & 0x7f)
}

pub fn b_type(opcode: u32, f3: u32, rs1: u8, rs2: u8, offset: i32) -> u32 {
    let o = offset as u32;
    ((o >> 12) & 1) << 31
        | ((o >> 5) & 0x3f) << 25
        | r5(rs2) << 20
        | r5(rs1) << 15
        | (f3 & 7) << 12
        | ((o >> 1) & 0xf) << 8
        | ((o >> 11) & 1) << 7
        | (opcode & 0x7f)
}

pub fn u_type(opcode: u32, rd: u8, imm20: u32) -> u32 {
    (imm20 & 0xfffff) << 12 | r5(rd) << 7 | (opcode & 0x7f)
}

pub fn j_type(opcode: u32, rd: u8, offset: i32) -> u32 {
    let o = offset as u32;
    ((o >> 20) & 1) << 31
        | ((o >> 1) & 0x3ff) << 21
        | ((o >> 11) & 1) << 20
        | ((o >> 12) & 0xff) << 12
        | r5(rd) << 7
        | (opcode & 0x7f)
}

// ---- the table's instructions ----

/// The encoder function of one table line: its fixed bits with the
/// operands of its format (see `table.rs`) in their fields.
macro_rules! encoder {
    ($enc:ident, $m:literal, $bits:literal, U) => {
        #[doc = concat!("`", $m, " rd,imm20`")]
        pub fn $enc(rd: u8, imm20: u32) -> u32 {
            $bits | (imm20 & 0xfffff) << 12 | r5(rd) << 7
        }
    };
    ($enc:ident, $m:literal, $bits:literal, J) => {
        #[doc = concat!("`", $m, " rd,offset`")]
        pub fn $enc(rd: u8, offset: i32) -> u32 {
            j_type($bits, rd, offset)
        }
    };
    ($enc:ident, $m:literal, $bits:literal, I) => {
        #[doc = concat!("`", $m, " rd,rs1,imm` (`rd,imm(rs1)` for loads)")]
        pub fn $enc(rd: u8, rs1: u8, imm: i32) -> u32 {
            $bits | i_type(0, rd, 0, rs1, imm)
        }
    };
    ($enc:ident, $m:literal, $bits:literal, Shamt6) => {
        #[doc = concat!("`", $m, " rd,rs1,shamt` (0..63)")]
        pub fn $enc(rd: u8, rs1: u8, shamt: u32) -> u32 {
            $bits | (shamt & 63) << 20 | r5(rs1) << 15 | r5(rd) << 7
        }
    };
    ($enc:ident, $m:literal, $bits:literal, Shamt5) => {
        #[doc = concat!("`", $m, " rd,rs1,shamt` (0..31)")]
        pub fn $enc(rd: u8, rs1: u8, shamt: u32) -> u32 {
            $bits | (shamt & 31) << 20 | r5(rs1) << 15 | r5(rd) << 7
        }
    };
    ($enc:ident, $m:literal, $bits:literal, S) => {
        #[doc = concat!("`", $m, " rs2,imm(rs1)`")]
        pub fn $enc(rs2: u8, rs1: u8, imm: i32) -> u32 {
            $bits | s_type(0, 0, rs1, rs2, imm)
        }
    };
    ($enc:ident, $m:literal, $bits:literal, B) => {
        #[doc = concat!("`", $m, " rs1,rs2,offset`")]
        pub fn $enc(rs1: u8, rs2: u8, offset: i32) -> u32 {
            $bits | b_type(0, 0, rs1, rs2, offset)
        }
    };
    ($enc:ident, $m:literal, $bits:literal, R) => {
        #[doc = concat!("`", $m, " rd,rs1,rs2`")]
        pub fn $enc(rd: u8, rs1: u8, rs2: u8) -> u32 {
            $bits | r_type(0, rd, 0, rs1, rs2, 0)
        }
    };
    ($enc:ident, $m:literal, $bits:literal, Amo) => {
        #[doc = concat!("`", $m, " rd,rs2,(rs1)` (no aq/rl: see `amo`)")]
        pub fn $enc(rd: u8, rs2: u8, rs1: u8) -> u32 {
            $bits | r_type(0, rd, 0, rs1, rs2, 0)
        }
    };
    ($enc:ident, $m:literal, $bits:literal, R1) => {
        #[doc = concat!("`", $m, " rd,rs1` (`rd,(rs1)` for LR and HLV)")]
        pub fn $enc(rd: u8, rs1: u8) -> u32 {
            $bits | r_type(0, rd, 0, rs1, 0, 0)
        }
    };
    ($enc:ident, $m:literal, $bits:literal, Rs2Rs1) => {
        #[doc = concat!("`", $m, " rs2,(rs1)`")]
        pub fn $enc(rs2: u8, rs1: u8) -> u32 {
            $bits | r_type(0, 0, 0, rs1, rs2, 0)
        }
    };
    ($enc:ident, $m:literal, $bits:literal, Rs1Rs2) => {
        #[doc = concat!("`", $m, " rs1,rs2`")]
        pub fn $enc(rs1: u8, rs2: u8) -> u32 {
            $bits | r_type(0, 0, 0, rs1, rs2, 0)
        }
    };
    ($enc:ident, $m:literal, $bits:literal, Rs1) => {
        #[doc = concat!("`", $m, " (rs1)`")]
        pub fn $enc(rs1: u8) -> u32 {
            $bits | r_type(0, 0, 0, rs1, 0, 0)
        }
    };
    ($enc:ident, $m:literal, $bits:literal, Rrm) => {
        #[doc = concat!("`", $m, " rd,rs1,rs2,rm`")]
        pub fn $enc(rd: u8, rs1: u8, rs2: u8, rm: u8) -> u32 {
            $bits | r_type(0, rd, rm as u32, rs1, rs2, 0)
        }
    };
    ($enc:ident, $m:literal, $bits:literal, R1rm) => {
        #[doc = concat!("`", $m, " rd,rs1,rm`")]
        pub fn $enc(rd: u8, rs1: u8, rm: u8) -> u32 {
            $bits | r_type(0, rd, rm as u32, rs1, 0, 0)
        }
    };
    ($enc:ident, $m:literal, $bits:literal, R4) => {
        #[doc = concat!("`", $m, " rd,rs1,rs2,rs3,rm`")]
        pub fn $enc(rd: u8, rs1: u8, rs2: u8, rs3: u8, rm: u8) -> u32 {
            $bits | r4_type(0, rd, rm as u32, rs1, rs2, 0, rs3)
        }
    };
    ($enc:ident, $m:literal, $bits:literal, Csr) => {
        #[doc = concat!("`", $m, " rd,csr,rs1` (rs1 is the uimm of the *i forms)")]
        pub fn $enc(rd: u8, csr: u16, rs1_or_uimm: u8) -> u32 {
            $bits | i_type(0, rd, 0, rs1_or_uimm, (csr & 0xfff) as i32)
        }
    };
    ($enc:ident, $m:literal, $bits:literal, Fence) => {
        #[doc = concat!("`", $m, " pred,succ`: the sets as bits i=8, o=4, r=2, w=1")]
        pub fn $enc(pred: u32, succ: u32) -> u32 {
            $bits | (pred & 15) << 24 | (succ & 15) << 20
        }
    };
    ($enc:ident, $m:literal, $bits:literal, None) => {
        #[doc = concat!("`", $m, "`")]
        pub fn $enc() -> u32 {
            $bits
        }
    };
}

macro_rules! define_encoders {
    ($($op:ident $enc:ident $m:literal $ext:ident $bits:literal $mask:literal $fmt:ident
       $sem:ident $args:tt $block:ident $dis:ident;)*) => {
        $(encoder!($enc, $m, $bits, $fmt);)*
    };
}
instructions!(define_encoders);

/// FENCE.TSO (FENCE with fm = 1000, pred = succ = rw).
pub fn fence_tso() -> u32 {
    0x8330_000f
}
/// NOP (`addi x0, x0, 0`).
pub fn nop() -> u32 {
    addi(0, 0, 0)
}

/// Any AMO/LR/SC with its aq/rl bits: `funct5` selects the operation, `d`
/// the doubleword form.
pub fn amo(funct5: u32, d: bool, aq: bool, rl: bool, rd: u8, rs1: u8, rs2: u8) -> u32 {
    let f7 = (funct5 & 31) << 2 | (aq as u32) << 1 | rl as u32;
    r_type(0x2f, rd, 2 + d as u32, rs1, rs2, f7)
}

// ---- C (RV64C) ----

#[inline]
fn c3(r: u8) -> u16 {
    (r & 7) as u16
}
#[inline]
fn c5(r: u8) -> u16 {
    (r & 31) as u16
}
/// Bit `from` of `v` moved to bit `to`.
#[inline]
fn bit(v: i32, from: u32, to: u32) -> u16 {
    (((v as u32 >> from) & 1) << to) as u16
}

/// CI format: imm[5] at bit 12, imm[4:0] at bits 6:2.
fn ci(f3: u16, rd: u8, imm6: i32, op: u16) -> u16 {
    f3 << 13 | bit(imm6, 5, 12) | c5(rd) << 7 | ((imm6 as u16) & 31) << 2 | op
}

pub fn c_nop() -> u16 {
    0x0001
}
pub fn c_ebreak() -> u16 {
    0x9002
}
pub fn c_addi(rd: u8, imm: i32) -> u16 {
    ci(0, rd, imm, 1)
}
pub fn c_addiw(rd: u8, imm: i32) -> u16 {
    ci(1, rd, imm, 1)
}
pub fn c_li(rd: u8, imm: i32) -> u16 {
    ci(2, rd, imm, 1)
}
/// C.LUI: `imm` is nzimm[17:12] as a signed 6-bit value (rd gets imm << 12).
pub fn c_lui(rd: u8, imm: i32) -> u16 {
    ci(3, rd, imm, 1)
}
/// C.ADDI16SP: sp += imm (a multiple of 16).
pub fn c_addi16sp(imm: i32) -> u16 {
    3 << 13 | bit(imm, 9, 12) | 2 << 7 | bit(imm, 4, 6) | bit(imm, 6, 5) | bit(imm, 7, 3) | bit(imm, 8, 4) | bit(imm, 5, 2) | 1
}
/// C.ADDI4SPN: rd' = sp + uimm (a multiple of 4).
pub fn c_addi4spn(rd: u8, uimm: u32) -> u16 {
    let u = uimm as i32;
    bit(u, 5, 12) | bit(u, 4, 11) | bit(u, 9, 10) | bit(u, 8, 9) | bit(u, 7, 8) | bit(u, 6, 7) | bit(u, 2, 6)
        | bit(u, 3, 5)
        | c3(rd) << 2
}
pub fn c_slli(rd: u8, shamt: u32) -> u16 {
    ci(0, rd, shamt as i32, 2)
}
pub fn c_srli(rd: u8, shamt: u32) -> u16 {
    4 << 13 | bit(shamt as i32, 5, 12) | c3(rd) << 7 | ((shamt as u16) & 31) << 2 | 1
}
pub fn c_srai(rd: u8, shamt: u32) -> u16 {
    c_srli(rd, shamt) | 1 << 10
}
pub fn c_andi(rd: u8, imm: i32) -> u16 {
    4 << 13 | bit(imm, 5, 12) | 2 << 10 | c3(rd) << 7 | ((imm as u16) & 31) << 2 | 1
}

/// CA format: C.SUB/XOR/OR/AND (w = false), C.SUBW/ADDW (w = true).
fn ca(w: bool, f2: u16, rd: u8, rs2: u8) -> u16 {
    4 << 13 | (w as u16) << 12 | 3 << 10 | c3(rd) << 7 | f2 << 5 | c3(rs2) << 2 | 1
}
pub fn c_sub(rd: u8, rs2: u8) -> u16 {
    ca(false, 0, rd, rs2)
}
pub fn c_xor(rd: u8, rs2: u8) -> u16 {
    ca(false, 1, rd, rs2)
}
pub fn c_or(rd: u8, rs2: u8) -> u16 {
    ca(false, 2, rd, rs2)
}
pub fn c_and(rd: u8, rs2: u8) -> u16 {
    ca(false, 3, rd, rs2)
}
pub fn c_subw(rd: u8, rs2: u8) -> u16 {
    ca(true, 0, rd, rs2)
}
pub fn c_addw(rd: u8, rs2: u8) -> u16 {
    ca(true, 1, rd, rs2)
}

pub fn c_j(offset: i32) -> u16 {
    let o = offset;
    5 << 13
        | bit(o, 11, 12)
        | bit(o, 4, 11)
        | bit(o, 9, 10)
        | bit(o, 8, 9)
        | bit(o, 10, 8)
        | bit(o, 6, 7)
        | bit(o, 7, 6)
        | bit(o, 3, 5)
        | bit(o, 2, 4)
        | bit(o, 1, 3)
        | bit(o, 5, 2)
        | 1
}
fn cb(f3: u16, rs1: u8, o: i32) -> u16 {
    f3 << 13
        | bit(o, 8, 12)
        | bit(o, 4, 11)
        | bit(o, 3, 10)
        | c3(rs1) << 7
        | bit(o, 7, 6)
        | bit(o, 6, 5)
        | bit(o, 2, 4)
        | bit(o, 1, 3)
        | bit(o, 5, 2)
        | 1
}
pub fn c_beqz(rs1: u8, offset: i32) -> u16 {
    cb(6, rs1, offset)
}
pub fn c_bnez(rs1: u8, offset: i32) -> u16 {
    cb(7, rs1, offset)
}

pub fn c_jr(rs1: u8) -> u16 {
    4 << 13 | c5(rs1) << 7 | 2
}
pub fn c_jalr(rs1: u8) -> u16 {
    4 << 13 | 1 << 12 | c5(rs1) << 7 | 2
}
pub fn c_mv(rd: u8, rs2: u8) -> u16 {
    4 << 13 | c5(rd) << 7 | c5(rs2) << 2 | 2
}
pub fn c_add(rd: u8, rs2: u8) -> u16 {
    4 << 13 | 1 << 12 | c5(rd) << 7 | c5(rs2) << 2 | 2
}

// Stack-pointer-relative loads (CI) and stores (CSS).
pub fn c_lwsp(rd: u8, uimm: u32) -> u16 {
    let u = uimm as i32;
    2 << 13 | bit(u, 5, 12) | c5(rd) << 7 | (((uimm >> 2) & 7) << 4) as u16 | (((uimm >> 6) & 3) << 2) as u16 | 2
}
fn ldsp(f3: u16, rd: u8, uimm: u32) -> u16 {
    let u = uimm as i32;
    f3 << 13 | bit(u, 5, 12) | c5(rd) << 7 | (((uimm >> 3) & 3) << 5) as u16 | (((uimm >> 6) & 7) << 2) as u16 | 2
}
pub fn c_ldsp(rd: u8, uimm: u32) -> u16 {
    ldsp(3, rd, uimm)
}
pub fn c_fldsp(rd: u8, uimm: u32) -> u16 {
    ldsp(1, rd, uimm)
}
pub fn c_swsp(rs2: u8, uimm: u32) -> u16 {
    6 << 13 | (((uimm >> 2) & 15) << 9) as u16 | (((uimm >> 6) & 3) << 7) as u16 | c5(rs2) << 2 | 2
}
fn sdsp(f3: u16, rs2: u8, uimm: u32) -> u16 {
    f3 << 13 | (((uimm >> 3) & 7) << 10) as u16 | (((uimm >> 6) & 7) << 7) as u16 | c5(rs2) << 2 | 2
}
pub fn c_sdsp(rs2: u8, uimm: u32) -> u16 {
    sdsp(7, rs2, uimm)
}
pub fn c_fsdsp(rs2: u8, uimm: u32) -> u16 {
    sdsp(5, rs2, uimm)
}

// Register-based loads (CL) and stores (CS): r is rd' or rs2'.
fn cl_w(f3: u16, r: u8, rs1: u8, uimm: u32) -> u16 {
    let u = uimm as i32;
    f3 << 13 | (((uimm >> 3) & 7) << 10) as u16 | c3(rs1) << 7 | bit(u, 2, 6) | bit(u, 6, 5) | c3(r) << 2
}
fn cl_d(f3: u16, r: u8, rs1: u8, uimm: u32) -> u16 {
    f3 << 13 | (((uimm >> 3) & 7) << 10) as u16 | c3(rs1) << 7 | (((uimm >> 6) & 3) << 5) as u16 | c3(r) << 2
}
pub fn c_lw(rd: u8, rs1: u8, uimm: u32) -> u16 {
    cl_w(2, rd, rs1, uimm)
}
pub fn c_ld(rd: u8, rs1: u8, uimm: u32) -> u16 {
    cl_d(3, rd, rs1, uimm)
}
pub fn c_fld(rd: u8, rs1: u8, uimm: u32) -> u16 {
    cl_d(1, rd, rs1, uimm)
}
pub fn c_sw(rs2: u8, rs1: u8, uimm: u32) -> u16 {
    cl_w(6, rs2, rs1, uimm)
}
pub fn c_sd(rs2: u8, rs1: u8, uimm: u32) -> u16 {
    cl_d(7, rs2, rs1, uimm)
}
pub fn c_fsd(rs2: u8, rs1: u8, uimm: u32) -> u16 {
    cl_d(5, rs2, rs1, uimm)
}

// ---- Zcb ----

/// CLB/CSB/CLH/CSH (quadrant 0, funct3 = 100): `op` is bits 12:10, `b6`
/// bit 6 (uimm[0] of the byte forms, C.LH's funct1), r is rd' or rs2'.
fn c_zcb_mem(op: u16, r: u8, rs1: u8, b6: u16, uimm: u32) -> u16 {
    4 << 13 | op << 10 | c3(rs1) << 7 | b6 << 6 | ((uimm as u16 >> 1) & 1) << 5 | c3(r) << 2
}
pub fn c_lbu(rd: u8, rs1: u8, uimm: u32) -> u16 {
    c_zcb_mem(0, rd, rs1, uimm as u16 & 1, uimm)
}
pub fn c_lhu(rd: u8, rs1: u8, uimm: u32) -> u16 {
    c_zcb_mem(1, rd, rs1, 0, uimm)
}
pub fn c_lh(rd: u8, rs1: u8, uimm: u32) -> u16 {
    c_zcb_mem(1, rd, rs1, 1, uimm)
}
pub fn c_sb(rs2: u8, rs1: u8, uimm: u32) -> u16 {
    c_zcb_mem(2, rs2, rs1, uimm as u16 & 1, uimm)
}
pub fn c_sh(rs2: u8, rs1: u8, uimm: u32) -> u16 {
    c_zcb_mem(3, rs2, rs1, 0, uimm)
}
/// CU format: funct6 100111, rd'/rs1', bits 6:5 = 11, funct5 low bits.
fn cu(rd: u8, f: u16) -> u16 {
    0b100111 << 10 | c3(rd) << 7 | 3 << 5 | f << 2 | 1
}
pub fn c_zext_b(rd: u8) -> u16 {
    cu(rd, 0)
}
pub fn c_sext_b(rd: u8) -> u16 {
    cu(rd, 1)
}
pub fn c_zext_h(rd: u8) -> u16 {
    cu(rd, 2)
}
pub fn c_sext_h(rd: u8) -> u16 {
    cu(rd, 3)
}
pub fn c_zext_w(rd: u8) -> u16 {
    cu(rd, 4)
}
pub fn c_not(rd: u8) -> u16 {
    cu(rd, 5)
}
/// C.MUL: CA format next to C.SUBW/C.ADDW, funct2 = 10.
pub fn c_mul(rd: u8, rs2: u8) -> u16 {
    ca(true, 2, rd, rs2)
}
