//! A tiny assembler: one function per instruction, returning its bits
//! (`u32`, or `u16` for the `c_*` compressed forms). For tests, test
//! programs and tools; not used by the emulator itself.
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

// ---- RV64I ----

pub fn lui(rd: u8, imm20: u32) -> u32 {
    u_type(0x37, rd, imm20)
}
pub fn auipc(rd: u8, imm20: u32) -> u32 {
    u_type(0x17, rd, imm20)
}
pub fn jal(rd: u8, offset: i32) -> u32 {
    j_type(0x6f, rd, offset)
}
pub fn jalr(rd: u8, rs1: u8, imm: i32) -> u32 {
    i_type(0x67, rd, 0, rs1, imm)
}

macro_rules! branches {
    ($($name:ident = $f3:expr;)*) => {$(
        pub fn $name(rs1: u8, rs2: u8, offset: i32) -> u32 { b_type(0x63, $f3, rs1, rs2, offset) }
    )*};
}
branches! { beq = 0; bne = 1; blt = 4; bge = 5; bltu = 6; bgeu = 7; }

macro_rules! i_ops {
    ($($name:ident = $opc:expr, $f3:expr;)*) => {$(
        pub fn $name(rd: u8, rs1: u8, imm: i32) -> u32 { i_type($opc, rd, $f3, rs1, imm) }
    )*};
}
i_ops! {
    lb = 0x03, 0; lh = 0x03, 1; lw = 0x03, 2; ld = 0x03, 3; lbu = 0x03, 4; lhu = 0x03, 5; lwu = 0x03, 6;
    addi = 0x13, 0; slti = 0x13, 2; sltiu = 0x13, 3; xori = 0x13, 4; ori = 0x13, 6; andi = 0x13, 7;
    addiw = 0x1b, 0;
    flw = 0x07, 2; fld = 0x07, 3;
}

macro_rules! s_ops {
    ($($name:ident = $opc:expr, $f3:expr;)*) => {$(
        pub fn $name(rs2: u8, rs1: u8, imm: i32) -> u32 { s_type($opc, $f3, rs1, rs2, imm) }
    )*};
}
s_ops! { sb = 0x23, 0; sh = 0x23, 1; sw = 0x23, 2; sd = 0x23, 3; fsw = 0x27, 2; fsd = 0x27, 3; }

macro_rules! shift_ops {
    ($($name:ident = $opc:expr, $f3:expr, $hi:expr, $mask:expr;)*) => {$(
        pub fn $name(rd: u8, rs1: u8, shamt: u32) -> u32 {
            i_type($opc, rd, $f3, rs1, (($hi << 5) | (shamt & $mask)) as i32)
        }
    )*};
}
shift_ops! {
    slli = 0x13, 1, 0x00, 63; srli = 0x13, 5, 0x00, 63; srai = 0x13, 5, 0x20, 63;
    slliw = 0x1b, 1, 0x00, 31; srliw = 0x1b, 5, 0x00, 31; sraiw = 0x1b, 5, 0x20, 31;
}

macro_rules! r_ops {
    ($($name:ident = $opc:expr, $f3:expr, $f7:expr;)*) => {$(
        pub fn $name(rd: u8, rs1: u8, rs2: u8) -> u32 { r_type($opc, rd, $f3, rs1, rs2, $f7) }
    )*};
}
r_ops! {
    add = 0x33, 0, 0; sub = 0x33, 0, 0x20; sll = 0x33, 1, 0; slt = 0x33, 2, 0; sltu = 0x33, 3, 0;
    xor = 0x33, 4, 0; srl = 0x33, 5, 0; sra = 0x33, 5, 0x20; or = 0x33, 6, 0; and = 0x33, 7, 0;
    addw = 0x3b, 0, 0; subw = 0x3b, 0, 0x20; sllw = 0x3b, 1, 0; srlw = 0x3b, 5, 0; sraw = 0x3b, 5, 0x20;
    mul = 0x33, 0, 1; mulh = 0x33, 1, 1; mulhsu = 0x33, 2, 1; mulhu = 0x33, 3, 1;
    div = 0x33, 4, 1; divu = 0x33, 5, 1; rem = 0x33, 6, 1; remu = 0x33, 7, 1;
    mulw = 0x3b, 0, 1; divw = 0x3b, 4, 1; divuw = 0x3b, 5, 1; remw = 0x3b, 6, 1; remuw = 0x3b, 7, 1;
}

/// FENCE with the given predecessor/successor sets (bits i=8, o=4, r=2, w=1).
pub fn fence(pred: u32, succ: u32) -> u32 {
    (pred & 15) << 24 | (succ & 15) << 20 | 0x0f
}
pub fn fence_tso() -> u32 {
    0x8330_000f
}
pub fn pause() -> u32 {
    0x0100_000f
}
pub fn fence_i() -> u32 {
    0x0000_100f
}
pub fn ecall() -> u32 {
    0x0000_0073
}
pub fn ebreak() -> u32 {
    0x0010_0073
}
pub fn nop() -> u32 {
    addi(0, 0, 0)
}

// ---- A ----

/// Any AMO/LR/SC: `funct5` selects the operation, `d` the doubleword form.
pub fn amo(funct5: u32, d: bool, aq: bool, rl: bool, rd: u8, rs1: u8, rs2: u8) -> u32 {
    let f7 = (funct5 & 31) << 2 | (aq as u32) << 1 | rl as u32;
    r_type(0x2f, rd, 2 + d as u32, rs1, rs2, f7)
}
pub fn lr_w(rd: u8, rs1: u8) -> u32 {
    amo(0b00010, false, false, false, rd, rs1, 0)
}
pub fn lr_d(rd: u8, rs1: u8) -> u32 {
    amo(0b00010, true, false, false, rd, rs1, 0)
}
pub fn sc_w(rd: u8, rs2: u8, rs1: u8) -> u32 {
    amo(0b00011, false, false, false, rd, rs1, rs2)
}
pub fn sc_d(rd: u8, rs2: u8, rs1: u8) -> u32 {
    amo(0b00011, true, false, false, rd, rs1, rs2)
}

macro_rules! amo_ops {
    ($($w:ident, $d:ident = $f5:expr;)*) => {$(
        pub fn $w(rd: u8, rs2: u8, rs1: u8) -> u32 { amo($f5, false, false, false, rd, rs1, rs2) }
        pub fn $d(rd: u8, rs2: u8, rs1: u8) -> u32 { amo($f5, true, false, false, rd, rs1, rs2) }
    )*};
}
amo_ops! {
    amoswap_w, amoswap_d = 0b00001; amoadd_w, amoadd_d = 0b00000; amoxor_w, amoxor_d = 0b00100;
    amoand_w, amoand_d = 0b01100; amoor_w, amoor_d = 0b01000; amomin_w, amomin_d = 0b10000;
    amomax_w, amomax_d = 0b10100; amominu_w, amominu_d = 0b11000; amomaxu_w, amomaxu_d = 0b11100;
}

// ---- Zicsr ----

macro_rules! csr_ops {
    ($($name:ident = $f3:expr;)*) => {$(
        pub fn $name(rd: u8, csr: u16, rs1_or_uimm: u8) -> u32 {
            i_type(0x73, rd, $f3, rs1_or_uimm, (csr & 0xfff) as i32)
        }
    )*};
}
csr_ops! { csrrw = 1; csrrs = 2; csrrc = 3; csrrwi = 5; csrrsi = 6; csrrci = 7; }

// ---- privileged and H ----

pub fn mret() -> u32 {
    0x3020_0073
}
pub fn sret() -> u32 {
    0x1020_0073
}
pub fn wfi() -> u32 {
    0x1050_0073
}
pub fn sfence_vma(rs1: u8, rs2: u8) -> u32 {
    r_type(0x73, 0, 0, rs1, rs2, 0b000_1001)
}
pub fn hfence_vvma(rs1: u8, rs2: u8) -> u32 {
    r_type(0x73, 0, 0, rs1, rs2, 0b001_0001)
}
pub fn hfence_gvma(rs1: u8, rs2: u8) -> u32 {
    r_type(0x73, 0, 0, rs1, rs2, 0b011_0001)
}

macro_rules! hlv_ops {
    ($($name:ident = $f7:expr, $rs2:expr;)*) => {$(
        pub fn $name(rd: u8, rs1: u8) -> u32 { r_type(0x73, rd, 4, rs1, $rs2, $f7) }
    )*};
}
hlv_ops! {
    hlv_b = 0x30, 0; hlv_bu = 0x30, 1; hlv_h = 0x32, 0; hlv_hu = 0x32, 1; hlvx_hu = 0x32, 3;
    hlv_w = 0x34, 0; hlv_wu = 0x34, 1; hlvx_wu = 0x34, 3; hlv_d = 0x36, 0;
}

macro_rules! hsv_ops {
    ($($name:ident = $f7:expr;)*) => {$(
        pub fn $name(rs2: u8, rs1: u8) -> u32 { r_type(0x73, 0, 4, rs1, rs2, $f7) }
    )*};
}
hsv_ops! { hsv_b = 0x31; hsv_h = 0x33; hsv_w = 0x35; hsv_d = 0x37; }

// ---- F and D ----

macro_rules! fma_ops {
    ($($name:ident = $opc:expr, $fmt:expr;)*) => {$(
        pub fn $name(rd: u8, rs1: u8, rs2: u8, rs3: u8, rm: u8) -> u32 {
            r4_type($opc, rd, rm as u32, rs1, rs2, $fmt, rs3)
        }
    )*};
}
fma_ops! {
    fmadd_s = 0x43, 0; fmsub_s = 0x47, 0; fnmsub_s = 0x4b, 0; fnmadd_s = 0x4f, 0;
    fmadd_d = 0x43, 1; fmsub_d = 0x47, 1; fnmsub_d = 0x4b, 1; fnmadd_d = 0x4f, 1;
}

/// OP-FP with a rounding mode and two sources.
macro_rules! fp_rm2 {
    ($($name:ident = $f7:expr;)*) => {$(
        pub fn $name(rd: u8, rs1: u8, rs2: u8, rm: u8) -> u32 { r_type(0x53, rd, rm as u32, rs1, rs2, $f7) }
    )*};
}
fp_rm2! {
    fadd_s = 0x00; fsub_s = 0x04; fmul_s = 0x08; fdiv_s = 0x0c;
    fadd_d = 0x01; fsub_d = 0x05; fmul_d = 0x09; fdiv_d = 0x0d;
}

/// OP-FP with a rounding mode and one source (rs2 field fixed).
macro_rules! fp_rm1 {
    ($($name:ident = $f7:expr, $rs2:expr;)*) => {$(
        pub fn $name(rd: u8, rs1: u8, rm: u8) -> u32 { r_type(0x53, rd, rm as u32, rs1, $rs2, $f7) }
    )*};
}
fp_rm1! {
    fsqrt_s = 0x2c, 0; fsqrt_d = 0x2d, 0; fcvt_s_d = 0x20, 1; fcvt_d_s = 0x21, 0;
    fcvt_w_s = 0x60, 0; fcvt_wu_s = 0x60, 1; fcvt_l_s = 0x60, 2; fcvt_lu_s = 0x60, 3;
    fcvt_w_d = 0x61, 0; fcvt_wu_d = 0x61, 1; fcvt_l_d = 0x61, 2; fcvt_lu_d = 0x61, 3;
    fcvt_s_w = 0x68, 0; fcvt_s_wu = 0x68, 1; fcvt_s_l = 0x68, 2; fcvt_s_lu = 0x68, 3;
    fcvt_d_w = 0x69, 0; fcvt_d_wu = 0x69, 1; fcvt_d_l = 0x69, 2; fcvt_d_lu = 0x69, 3;
}

/// OP-FP where funct3 selects the operation (no rounding mode).
macro_rules! fp_f3 {
    ($($name:ident = $f7:expr, $f3:expr;)*) => {$(
        pub fn $name(rd: u8, rs1: u8, rs2: u8) -> u32 { r_type(0x53, rd, $f3, rs1, rs2, $f7) }
    )*};
}
fp_f3! {
    fsgnj_s = 0x10, 0; fsgnjn_s = 0x10, 1; fsgnjx_s = 0x10, 2; fmin_s = 0x14, 0; fmax_s = 0x14, 1;
    fsgnj_d = 0x11, 0; fsgnjn_d = 0x11, 1; fsgnjx_d = 0x11, 2; fmin_d = 0x15, 0; fmax_d = 0x15, 1;
    fle_s = 0x50, 0; flt_s = 0x50, 1; feq_s = 0x50, 2; fle_d = 0x51, 0; flt_d = 0x51, 1; feq_d = 0x51, 2;
}

macro_rules! fp_mv {
    ($($name:ident = $f7:expr, $f3:expr;)*) => {$(
        pub fn $name(rd: u8, rs1: u8) -> u32 { r_type(0x53, rd, $f3, rs1, 0, $f7) }
    )*};
}
fp_mv! {
    fmv_x_w = 0x70, 0; fclass_s = 0x70, 1; fmv_w_x = 0x78, 0;
    fmv_x_d = 0x71, 0; fclass_d = 0x71, 1; fmv_d_x = 0x79, 0;
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
