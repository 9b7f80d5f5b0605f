//! Decoding: raw instruction bits to `Inst`.
//!
//! 32-bit instructions are decoded here; 16-bit (C extension) ones in
//! `compressed.rs`, which produces the `Inst` of the 32-bit expansion.
//! Every bit pattern decodes to something: what the spec does not define
//! (or reserves) is `Op::Illegal`, so decoding never fails or panics.

use super::compressed::decode_compressed;

/// The operation of a decoded instruction: one variant per instruction of
/// RV64IMAFDC + Zicsr, Zifencei, Zihintpause and the privileged/H
/// instructions. Compressed instructions decode to the `Op` of their 32-bit
/// expansion.
///
/// How `Inst`'s fields are used per family:
/// - integer, loads/stores, branches, jumps: `rd`, `rs1`, `rs2`, and `imm` =
///   the sign-extended immediate (byte offset for branches and jumps; for
///   LUI/AUIPC the value already shifted left by 12; shift amount for shifts).
/// - Zicsr: `imm` = the CSR address (0..4095); in the immediate forms
///   (CSRRWI/CSRRSI/CSRRCI) `rs1` holds the 5-bit zero-extended uimm.
/// - F/D: `imm` = the `rm` field (0..7) for instructions that have one
///   (arithmetic, FMA, conversions); `rs3` = the third source of the FMAs;
///   loads/stores use `imm` as the offset.
/// - AMOs: the aq/rl bits are not kept (this hart executes every AMO as
///   sequentially consistent); the disassembler reads them from `raw`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum Op {
    /// Any pattern that is not an implemented instruction (including the
    /// reserved encodings).
    Illegal,

    // ---- RV64I ----
    Lui,
    Auipc,
    Jal,
    Jalr,
    Beq,
    Bne,
    Blt,
    Bge,
    Bltu,
    Bgeu,
    Lb,
    Lh,
    Lw,
    Ld,
    Lbu,
    Lhu,
    Lwu,
    Sb,
    Sh,
    Sw,
    Sd,
    Addi,
    Slti,
    Sltiu,
    Xori,
    Ori,
    Andi,
    Slli,
    Srli,
    Srai,
    Add,
    Sub,
    Sll,
    Slt,
    Sltu,
    Xor,
    Srl,
    Sra,
    Or,
    And,
    Addiw,
    Slliw,
    Srliw,
    Sraiw,
    Addw,
    Subw,
    Sllw,
    Srlw,
    Sraw,
    /// FENCE with any fm/pred/succ (FENCE.TSO included); a no-op on this
    /// single in-order hart.
    Fence,
    /// Zihintpause: the FENCE hint with pred=W, succ=0.
    Pause,
    /// Zifencei.
    FenceI,
    Ecall,
    Ebreak,

    // ---- M ----
    Mul,
    Mulh,
    Mulhsu,
    Mulhu,
    Div,
    Divu,
    Rem,
    Remu,
    Mulw,
    Divw,
    Divuw,
    Remw,
    Remuw,

    // ---- A ----
    LrW,
    ScW,
    AmoswapW,
    AmoaddW,
    AmoxorW,
    AmoandW,
    AmoorW,
    AmominW,
    AmomaxW,
    AmominuW,
    AmomaxuW,
    LrD,
    ScD,
    AmoswapD,
    AmoaddD,
    AmoxorD,
    AmoandD,
    AmoorD,
    AmominD,
    AmomaxD,
    AmominuD,
    AmomaxuD,

    // ---- Zicsr ----
    Csrrw,
    Csrrs,
    Csrrc,
    Csrrwi,
    Csrrsi,
    Csrrci,

    // ---- privileged ----
    Mret,
    Sret,
    Wfi,
    SfenceVma,

    // ---- H ----
    HfenceVvma,
    HfenceGvma,
    HlvB,
    HlvBu,
    HlvH,
    HlvHu,
    HlvW,
    HlvWu,
    HlvD,
    HlvxHu,
    HlvxWu,
    HsvB,
    HsvH,
    HsvW,
    HsvD,

    // ---- F ----
    Flw,
    Fsw,
    FmaddS,
    FmsubS,
    FnmsubS,
    FnmaddS,
    FaddS,
    FsubS,
    FmulS,
    FdivS,
    FsqrtS,
    FsgnjS,
    FsgnjnS,
    FsgnjxS,
    FminS,
    FmaxS,
    FcvtWS,
    FcvtWuS,
    FcvtLS,
    FcvtLuS,
    FmvXW,
    FeqS,
    FltS,
    FleS,
    FclassS,
    FcvtSW,
    FcvtSWu,
    FcvtSL,
    FcvtSLu,
    FmvWX,

    // ---- D ----
    Fld,
    Fsd,
    FmaddD,
    FmsubD,
    FnmsubD,
    FnmaddD,
    FaddD,
    FsubD,
    FmulD,
    FdivD,
    FsqrtD,
    FsgnjD,
    FsgnjnD,
    FsgnjxD,
    FminD,
    FmaxD,
    FcvtSD,
    FcvtDS,
    FcvtWD,
    FcvtWuD,
    FcvtLD,
    FcvtLuD,
    FmvXD,
    FeqD,
    FltD,
    FleD,
    FclassD,
    FcvtDW,
    FcvtDWu,
    FcvtDL,
    FcvtDLu,
    FmvDX,
}

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

    /// True for a 16-bit (C extension) instruction.
    #[inline]
    pub fn is_compressed(&self) -> bool {
        self.len == 2
    }
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
fn funct3(r: u32) -> u32 {
    (r >> 12) & 7
}
#[inline(always)]
fn funct7(r: u32) -> u32 {
    r >> 25
}
#[inline(always)]
fn imm_i(r: u32) -> i64 {
    (r as i32 >> 20) as i64
}
#[inline(always)]
fn imm_s(r: u32) -> i64 {
    (((r as i32 >> 20) & !31) | ((r >> 7) & 31) as i32) as i64
}
#[inline(always)]
fn imm_b(r: u32) -> i64 {
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

/// Decode a 32-bit instruction (low two bits 0b11).
fn decode32(r: u32) -> Inst {
    use Op::*;
    let f3 = funct3(r);
    let f7 = funct7(r);
    let mut i = Inst { op: Illegal, rd: rd(r), rs1: rs1(r), rs2: rs2(r), rs3: 0, imm: 0, len: 4, raw: r };
    let (op, imm) = match r & 0x7f {
        0x37 => (Lui, imm_u(r)),
        0x17 => (Auipc, imm_u(r)),
        0x6f => (Jal, imm_j(r)),
        0x67 if f3 == 0 => (Jalr, imm_i(r)),
        0x63 => {
            let op = match f3 {
                0 => Beq,
                1 => Bne,
                4 => Blt,
                5 => Bge,
                6 => Bltu,
                7 => Bgeu,
                _ => Illegal,
            };
            (op, imm_b(r))
        }
        0x03 => {
            let op = match f3 {
                0 => Lb,
                1 => Lh,
                2 => Lw,
                3 => Ld,
                4 => Lbu,
                5 => Lhu,
                6 => Lwu,
                _ => Illegal,
            };
            (op, imm_i(r))
        }
        0x23 => {
            let op = match f3 {
                0 => Sb,
                1 => Sh,
                2 => Sw,
                3 => Sd,
                _ => Illegal,
            };
            (op, imm_s(r))
        }
        0x13 => op_imm(r, f3),
        0x1b => op_imm_32(r, f3, f7),
        0x33 => (op_reg(f3, f7), 0),
        0x3b => (op_reg_32(f3, f7), 0),
        0x0f => match f3 {
            // Zihintpause: FENCE with fm=0, pred=W, succ=0, rs1=rd=x0.
            0 if r == 0x0100_000f => (Pause, 0),
            // Every other fm/pred/succ (and the reserved rs1/rd fields,
            // which base implementations must ignore) acts as a FENCE.
            0 => (Fence, 0),
            // FENCE.I ignores its imm/rs1/rd fields (Zifencei, "for forward
            // compatibility").
            1 => (FenceI, 0),
            _ => (Illegal, 0),
        },
        0x73 => return system(r, f3, f7, i),
        0x2f => (amo(r, f3), 0),
        0x07 => match f3 {
            2 => (Flw, imm_i(r)),
            3 => (Fld, imm_i(r)),
            _ => (Illegal, 0),
        },
        0x27 => match f3 {
            2 => (Fsw, imm_s(r)),
            3 => (Fsd, imm_s(r)),
            _ => (Illegal, 0),
        },
        0x43 | 0x47 | 0x4b | 0x4f => {
            i.rs3 = rs3(r);
            // fmt (bits 26:25): 0 = S, 1 = D; H and Q are not implemented.
            let s = match f7 & 3 {
                0 => true,
                1 => false,
                _ => return Inst::illegal_at(r),
            };
            let op = match (r & 0x7f, s) {
                (0x43, true) => FmaddS,
                (0x47, true) => FmsubS,
                (0x4b, true) => FnmsubS,
                (0x4f, true) => FnmaddS,
                (0x43, false) => FmaddD,
                (0x47, false) => FmsubD,
                (0x4b, false) => FnmsubD,
                _ => FnmaddD,
            };
            (op, f3 as i64)
        }
        0x53 => op_fp(r, f3, f7),
        _ => (Illegal, 0),
    };
    if op == Illegal {
        return Inst::illegal_at(r);
    }
    i.op = op;
    i.imm = imm;
    clear_unused_fields(&mut i, r);
    i
}

/// Zero the register fields the format does not have (they hold immediate
/// or selector bits), so that an `Inst` is canonical: a compressed
/// instruction and its 32-bit expansion decode to the same fields.
fn clear_unused_fields(i: &mut Inst, r: u32) {
    use Op::*;
    match r & 0x7f {
        // U and J formats.
        0x37 | 0x17 | 0x6f => (i.rs1, i.rs2) = (0, 0),
        // I format.
        0x67 | 0x03 | 0x13 | 0x1b | 0x07 => i.rs2 = 0,
        // S and B formats.
        0x63 | 0x23 | 0x27 => i.rd = 0,
        // FENCE's fields are hints kept in `raw`.
        0x0f => (i.rd, i.rs1, i.rs2) = (0, 0, 0),
        // OP-FP with rs2 as a selector.
        0x53 => {
            if matches!(
                i.op,
                FsqrtS | FsqrtD | FcvtSD | FcvtDS | FcvtWS | FcvtWuS | FcvtLS | FcvtLuS | FcvtWD | FcvtWuD
                    | FcvtLD | FcvtLuD | FcvtSW | FcvtSWu | FcvtSL | FcvtSLu | FcvtDW | FcvtDWu | FcvtDL
                    | FcvtDLu | FmvXW | FmvXD | FmvWX | FmvDX | FclassS | FclassD
            ) {
                i.rs2 = 0;
            }
        }
        _ => {}
    }
}

impl Inst {
    /// An illegal instruction carrying its bits (for tval).
    #[inline]
    pub(crate) fn illegal_at(raw: u32) -> Inst {
        let len = if raw & 3 == 3 { 4 } else { 2 };
        Inst { raw, len, ..Inst::ILLEGAL }
    }
}

fn op_imm(r: u32, f3: u32) -> (Op, i64) {
    use Op::*;
    let imm = imm_i(r);
    // RV64 shifts: a 6-bit shamt, the upper six bits select the shift.
    let shamt = ((r >> 20) & 63) as i64;
    match f3 {
        0 => (Addi, imm),
        2 => (Slti, imm),
        3 => (Sltiu, imm),
        4 => (Xori, imm),
        6 => (Ori, imm),
        7 => (Andi, imm),
        1 if r >> 26 == 0 => (Slli, shamt),
        5 if r >> 26 == 0 => (Srli, shamt),
        5 if r >> 26 == 0x10 => (Srai, shamt),
        _ => (Illegal, 0),
    }
}

fn op_imm_32(r: u32, f3: u32, f7: u32) -> (Op, i64) {
    use Op::*;
    // W shifts: a 5-bit shamt; imm[5] (bit 25) set is reserved, which the
    // funct7 comparison rejects.
    let shamt = ((r >> 20) & 31) as i64;
    match (f3, f7) {
        (0, _) => (Addiw, imm_i(r)),
        (1, 0) => (Slliw, shamt),
        (5, 0) => (Srliw, shamt),
        (5, 0x20) => (Sraiw, shamt),
        _ => (Illegal, 0),
    }
}

fn op_reg(f3: u32, f7: u32) -> Op {
    use Op::*;
    match (f7, f3) {
        (0, 0) => Add,
        (0x20, 0) => Sub,
        (0, 1) => Sll,
        (0, 2) => Slt,
        (0, 3) => Sltu,
        (0, 4) => Xor,
        (0, 5) => Srl,
        (0x20, 5) => Sra,
        (0, 6) => Or,
        (0, 7) => And,
        (1, 0) => Mul,
        (1, 1) => Mulh,
        (1, 2) => Mulhsu,
        (1, 3) => Mulhu,
        (1, 4) => Div,
        (1, 5) => Divu,
        (1, 6) => Rem,
        (1, 7) => Remu,
        _ => Illegal,
    }
}

fn op_reg_32(f3: u32, f7: u32) -> Op {
    use Op::*;
    match (f7, f3) {
        (0, 0) => Addw,
        (0x20, 0) => Subw,
        (0, 1) => Sllw,
        (0, 5) => Srlw,
        (0x20, 5) => Sraw,
        (1, 0) => Mulw,
        (1, 4) => Divw,
        (1, 5) => Divuw,
        (1, 6) => Remw,
        (1, 7) => Remuw,
        _ => Illegal,
    }
}

fn amo(r: u32, f3: u32) -> Op {
    use Op::*;
    let funct5 = r >> 27;
    let word = match f3 {
        2 => true,
        3 => false,
        _ => return Illegal,
    };
    // LR has no rs2: a non-zero rs2 field is a reserved encoding.
    if funct5 == 0b00010 && rs2(r) != 0 {
        return Illegal;
    }
    let (w, d) = match funct5 {
        0b00010 => (LrW, LrD),
        0b00011 => (ScW, ScD),
        0b00001 => (AmoswapW, AmoswapD),
        0b00000 => (AmoaddW, AmoaddD),
        0b00100 => (AmoxorW, AmoxorD),
        0b01100 => (AmoandW, AmoandD),
        0b01000 => (AmoorW, AmoorD),
        0b10000 => (AmominW, AmominD),
        0b10100 => (AmomaxW, AmomaxD),
        0b11000 => (AmominuW, AmominuD),
        0b11100 => (AmomaxuW, AmomaxuD),
        _ => return Illegal,
    };
    if word {
        w
    } else {
        d
    }
}

/// The SYSTEM opcode: ECALL/EBREAK/xRET/WFI/fences (exact encodings), the
/// H loads and stores, and Zicsr.
fn system(r: u32, f3: u32, f7: u32, mut i: Inst) -> Inst {
    use Op::*;
    let op = match f3 {
        0 => match r {
            0x0000_0073 => Ecall,
            0x0010_0073 => Ebreak,
            0x1020_0073 => Sret,
            0x3020_0073 => Mret,
            0x1050_0073 => Wfi,
            _ if rd(r) == 0 && f7 == 0b000_1001 => SfenceVma,
            _ if rd(r) == 0 && f7 == 0b001_0001 => HfenceVvma,
            _ if rd(r) == 0 && f7 == 0b011_0001 => HfenceGvma,
            _ => Illegal,
        },
        // Hypervisor virtual-machine loads and stores (H extension). The
        // rs2 field selects the unsigned/HLVX variant of a load; stores
        // have no rd.
        4 => match (f7, rs2(r)) {
            (0b011_0000, 0) => HlvB,
            (0b011_0000, 1) => HlvBu,
            (0b011_0010, 0) => HlvH,
            (0b011_0010, 1) => HlvHu,
            (0b011_0010, 3) => HlvxHu,
            (0b011_0100, 0) => HlvW,
            (0b011_0100, 1) => HlvWu,
            (0b011_0100, 3) => HlvxWu,
            (0b011_0110, 0) => HlvD,
            (0b011_0001, _) if rd(r) == 0 => HsvB,
            (0b011_0011, _) if rd(r) == 0 => HsvH,
            (0b011_0101, _) if rd(r) == 0 => HsvW,
            (0b011_0111, _) if rd(r) == 0 => HsvD,
            _ => Illegal,
        },
        // Zicsr: whether the access is legal is the CSR file's decision.
        1 => Csrrw,
        2 => Csrrs,
        3 => Csrrc,
        5 => Csrrwi,
        6 => Csrrsi,
        _ => Csrrci,
    };
    if op == Illegal {
        return Inst::illegal_at(r);
    }
    if f3 != 0 && f3 != 4 {
        // Zicsr: the CSR address is in bits 31:20, where rs2 would be.
        i.imm = (r >> 20) as i64;
        i.rs2 = 0;
    } else if matches!(op, Ecall | Ebreak | Mret | Sret | Wfi) {
        (i.rd, i.rs1, i.rs2) = (0, 0, 0); // fixed encodings, no operands
    } else if matches!(op, HlvB | HlvBu | HlvH | HlvHu | HlvW | HlvWu | HlvD | HlvxHu | HlvxWu) {
        i.rs2 = 0; // the variant selector
    }
    i.op = op;
    i
}

/// OP-FP: fmt is funct7[1:0] (0 = S, 1 = D); funct3 is either the rounding
/// mode (kept in `imm`) or a sub-operation selector.
fn op_fp(r: u32, f3: u32, f7: u32) -> (Op, i64) {
    use Op::*;
    let rm = f3 as i64;
    let r2 = rs2(r);
    let sel = |s: Op, d: Op| match f7 & 3 {
        0 => s,
        1 => d,
        _ => Illegal,
    };
    match f7 >> 2 {
        0b00000 => (sel(FaddS, FaddD), rm),
        0b00001 => (sel(FsubS, FsubD), rm),
        0b00010 => (sel(FmulS, FmulD), rm),
        0b00011 => (sel(FdivS, FdivD), rm),
        0b01011 if r2 == 0 => (sel(FsqrtS, FsqrtD), rm),
        0b00100 => match f3 {
            0 => (sel(FsgnjS, FsgnjD), 0),
            1 => (sel(FsgnjnS, FsgnjnD), 0),
            2 => (sel(FsgnjxS, FsgnjxD), 0),
            _ => (Illegal, 0),
        },
        0b00101 => match f3 {
            0 => (sel(FminS, FminD), 0),
            1 => (sel(FmaxS, FmaxD), 0),
            _ => (Illegal, 0),
        },
        // FCVT.S.D (fmt=S, source D in rs2=1) and FCVT.D.S (fmt=D, rs2=0).
        0b01000 => match (f7 & 3, r2) {
            (0, 1) => (FcvtSD, rm),
            (1, 0) => (FcvtDS, rm),
            _ => (Illegal, 0),
        },
        0b10100 => match f3 {
            0 => (sel(FleS, FleD), 0),
            1 => (sel(FltS, FltD), 0),
            2 => (sel(FeqS, FeqD), 0),
            _ => (Illegal, 0),
        },
        0b11000 => match r2 {
            0 => (sel(FcvtWS, FcvtWD), rm),
            1 => (sel(FcvtWuS, FcvtWuD), rm),
            2 => (sel(FcvtLS, FcvtLD), rm),
            3 => (sel(FcvtLuS, FcvtLuD), rm),
            _ => (Illegal, 0),
        },
        0b11010 => match r2 {
            0 => (sel(FcvtSW, FcvtDW), rm),
            1 => (sel(FcvtSWu, FcvtDWu), rm),
            2 => (sel(FcvtSL, FcvtDL), rm),
            3 => (sel(FcvtSLu, FcvtDLu), rm),
            _ => (Illegal, 0),
        },
        0b11100 if r2 == 0 => match f3 {
            0 => (sel(FmvXW, FmvXD), 0),
            1 => (sel(FclassS, FclassD), 0),
            _ => (Illegal, 0),
        },
        0b11110 if r2 == 0 && f3 == 0 => (sel(FmvWX, FmvDX), 0),
        _ => (Illegal, 0),
    }
}
