//! Disassembly to objdump-like text, for traces and the debugger (not on
//! the hot path).
//!
//! Conventions: ABI register names; canonical mnemonics with the standard
//! pseudo-instructions GNU objdump prints (nop, li, mv, not, neg, negw,
//! sext.w, seqz, snez, sltz, sgtz, beqz/bnez/blez/bgez/bltz/bgtz, j, jal,
//! jr, jalr, ret, csrr/csrw/csrs/csrc and the *i forms, fmv/fneg/fabs);
//! decimal immediates, except LUI/AUIPC which show the 20-bit field in hex;
//! branch and jump targets as absolute hex addresses (no 0x, as objdump);
//! a rounding mode is printed only when it is not `dyn`. Compressed
//! instructions are shown as their expansion, exactly as the same 32-bit
//! instruction would be. Undecodable patterns print as `.2byte`/`.4byte`.

use super::{Inst, Op};
use crate::hart::csr;

const XNAMES: [&str; 32] = [
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7",
    "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
];

const FNAMES: [&str; 32] = [
    "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5",
    "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10",
    "ft11",
];

/// The ABI name of integer register `r`.
pub fn xname(r: u8) -> &'static str {
    XNAMES[r as usize & 31]
}

/// The ABI name of floating-point register `r`.
pub fn fname(r: u8) -> &'static str {
    FNAMES[r as usize & 31]
}

/// A CSR's name (from the CSR table), or its number in hex.
fn csr_name(a: i64) -> String {
    let a = (a & 0xfff) as u16;
    match csr::name(a) {
        Some(n) => n.to_string(),
        None => format!("0x{a:x}"),
    }
}

/// The rounding-mode operand suffix (",rtz"), empty for dyn.
fn rm_suffix(rm: i64) -> String {
    match rm & 7 {
        0 => ",rne".into(),
        1 => ",rtz".into(),
        2 => ",rdn".into(),
        3 => ",rup".into(),
        4 => ",rmm".into(),
        7 => String::new(),
        n => format!(",{n}"), // reserved: illegal at execution
    }
}

/// The ".aq"/".rl"/".aqrl" suffix of an AMO, from its bits 26:25.
fn aqrl(raw: u32) -> &'static str {
    match (raw >> 25) & 3 {
        0 => "",
        1 => ".rl",
        2 => ".aq",
        _ => ".aqrl",
    }
}

/// A FENCE predecessor/successor set ("iorw" letters; "0" when empty).
fn fence_set(bits: u32) -> String {
    let s: String = [(8, 'i'), (4, 'o'), (2, 'r'), (1, 'w')]
        .iter()
        .filter(|(b, _)| bits & b != 0)
        .map(|&(_, c)| c)
        .collect();
    if s.is_empty() {
        "0".into()
    } else {
        s
    }
}

impl Op {
    /// The instruction's assembler mnemonic ("addi", "fcvt.w.s", ...).
    pub fn mnemonic(self) -> &'static str {
        use Op::*;
        match self {
            Illegal => "illegal",
            Lui => "lui",
            Auipc => "auipc",
            Jal => "jal",
            Jalr => "jalr",
            Beq => "beq",
            Bne => "bne",
            Blt => "blt",
            Bge => "bge",
            Bltu => "bltu",
            Bgeu => "bgeu",
            Lb => "lb",
            Lh => "lh",
            Lw => "lw",
            Ld => "ld",
            Lbu => "lbu",
            Lhu => "lhu",
            Lwu => "lwu",
            Sb => "sb",
            Sh => "sh",
            Sw => "sw",
            Sd => "sd",
            Addi => "addi",
            Slti => "slti",
            Sltiu => "sltiu",
            Xori => "xori",
            Ori => "ori",
            Andi => "andi",
            Slli => "slli",
            Srli => "srli",
            Srai => "srai",
            Add => "add",
            Sub => "sub",
            Sll => "sll",
            Slt => "slt",
            Sltu => "sltu",
            Xor => "xor",
            Srl => "srl",
            Sra => "sra",
            Or => "or",
            And => "and",
            Addiw => "addiw",
            Slliw => "slliw",
            Srliw => "srliw",
            Sraiw => "sraiw",
            Addw => "addw",
            Subw => "subw",
            Sllw => "sllw",
            Srlw => "srlw",
            Sraw => "sraw",
            Fence => "fence",
            Pause => "pause",
            FenceI => "fence.i",
            Ecall => "ecall",
            Ebreak => "ebreak",
            Mul => "mul",
            Mulh => "mulh",
            Mulhsu => "mulhsu",
            Mulhu => "mulhu",
            Div => "div",
            Divu => "divu",
            Rem => "rem",
            Remu => "remu",
            Mulw => "mulw",
            Divw => "divw",
            Divuw => "divuw",
            Remw => "remw",
            Remuw => "remuw",
            LrW => "lr.w",
            ScW => "sc.w",
            AmoswapW => "amoswap.w",
            AmoaddW => "amoadd.w",
            AmoxorW => "amoxor.w",
            AmoandW => "amoand.w",
            AmoorW => "amoor.w",
            AmominW => "amomin.w",
            AmomaxW => "amomax.w",
            AmominuW => "amominu.w",
            AmomaxuW => "amomaxu.w",
            LrD => "lr.d",
            ScD => "sc.d",
            AmoswapD => "amoswap.d",
            AmoaddD => "amoadd.d",
            AmoxorD => "amoxor.d",
            AmoandD => "amoand.d",
            AmoorD => "amoor.d",
            AmominD => "amomin.d",
            AmomaxD => "amomax.d",
            AmominuD => "amominu.d",
            AmomaxuD => "amomaxu.d",
            Csrrw => "csrrw",
            Csrrs => "csrrs",
            Csrrc => "csrrc",
            Csrrwi => "csrrwi",
            Csrrsi => "csrrsi",
            Csrrci => "csrrci",
            Mret => "mret",
            Sret => "sret",
            Wfi => "wfi",
            SfenceVma => "sfence.vma",
            HfenceVvma => "hfence.vvma",
            HfenceGvma => "hfence.gvma",
            HlvB => "hlv.b",
            HlvBu => "hlv.bu",
            HlvH => "hlv.h",
            HlvHu => "hlv.hu",
            HlvW => "hlv.w",
            HlvWu => "hlv.wu",
            HlvD => "hlv.d",
            HlvxHu => "hlvx.hu",
            HlvxWu => "hlvx.wu",
            HsvB => "hsv.b",
            HsvH => "hsv.h",
            HsvW => "hsv.w",
            HsvD => "hsv.d",
            Flw => "flw",
            Fsw => "fsw",
            FmaddS => "fmadd.s",
            FmsubS => "fmsub.s",
            FnmsubS => "fnmsub.s",
            FnmaddS => "fnmadd.s",
            FaddS => "fadd.s",
            FsubS => "fsub.s",
            FmulS => "fmul.s",
            FdivS => "fdiv.s",
            FsqrtS => "fsqrt.s",
            FsgnjS => "fsgnj.s",
            FsgnjnS => "fsgnjn.s",
            FsgnjxS => "fsgnjx.s",
            FminS => "fmin.s",
            FmaxS => "fmax.s",
            FcvtWS => "fcvt.w.s",
            FcvtWuS => "fcvt.wu.s",
            FcvtLS => "fcvt.l.s",
            FcvtLuS => "fcvt.lu.s",
            FmvXW => "fmv.x.w",
            FeqS => "feq.s",
            FltS => "flt.s",
            FleS => "fle.s",
            FclassS => "fclass.s",
            FcvtSW => "fcvt.s.w",
            FcvtSWu => "fcvt.s.wu",
            FcvtSL => "fcvt.s.l",
            FcvtSLu => "fcvt.s.lu",
            FmvWX => "fmv.w.x",
            Fld => "fld",
            Fsd => "fsd",
            FmaddD => "fmadd.d",
            FmsubD => "fmsub.d",
            FnmsubD => "fnmsub.d",
            FnmaddD => "fnmadd.d",
            FaddD => "fadd.d",
            FsubD => "fsub.d",
            FmulD => "fmul.d",
            FdivD => "fdiv.d",
            FsqrtD => "fsqrt.d",
            FsgnjD => "fsgnj.d",
            FsgnjnD => "fsgnjn.d",
            FsgnjxD => "fsgnjx.d",
            FminD => "fmin.d",
            FmaxD => "fmax.d",
            FcvtSD => "fcvt.s.d",
            FcvtDS => "fcvt.d.s",
            FcvtWD => "fcvt.w.d",
            FcvtWuD => "fcvt.wu.d",
            FcvtLD => "fcvt.l.d",
            FcvtLuD => "fcvt.lu.d",
            FmvXD => "fmv.x.d",
            FeqD => "feq.d",
            FltD => "flt.d",
            FleD => "fle.d",
            FclassD => "fclass.d",
            FcvtDW => "fcvt.d.w",
            FcvtDWu => "fcvt.d.wu",
            FcvtDL => "fcvt.d.l",
            FcvtDLu => "fcvt.d.lu",
            FmvDX => "fmv.d.x",
        }
    }
}

/// Disassemble `inst`, located at `pc` (for branch and jump targets).
pub fn disasm(inst: &Inst, pc: u64) -> String {
    use Op::*;
    let i = inst;
    let m = i.op.mnemonic();
    let (rd, rs1, rs2, rs3) = (xname(i.rd), xname(i.rs1), xname(i.rs2), i.rs3);
    let (fd, fs1, fs2, fs3) = (fname(i.rd), fname(i.rs1), fname(i.rs2), fname(rs3));
    let imm = i.imm;
    let target = pc.wrapping_add(imm as u64);
    match i.op {
        Illegal if i.len == 2 => format!(".2byte 0x{:04x}", i.raw & 0xffff),
        Illegal => format!(".4byte 0x{:08x}", i.raw),

        Lui | Auipc => format!("{m} {rd},0x{:x}", (imm >> 12) & 0xfffff),
        Jal => match i.rd {
            0 => format!("j {target:x}"),
            1 => format!("jal {target:x}"),
            _ => format!("jal {rd},{target:x}"),
        },
        Jalr => match (i.rd, i.rs1, imm) {
            (0, 1, 0) => "ret".into(),
            (0, _, 0) => format!("jr {rs1}"),
            (1, _, 0) => format!("jalr {rs1}"),
            _ => format!("jalr {rd},{imm}({rs1})"),
        },
        Beq | Bne | Blt | Bge | Bltu | Bgeu => match (i.op, i.rs1, i.rs2) {
            (Beq, _, 0) => format!("beqz {rs1},{target:x}"),
            (Bne, _, 0) => format!("bnez {rs1},{target:x}"),
            (Blt, _, 0) => format!("bltz {rs1},{target:x}"),
            (Blt, 0, _) => format!("bgtz {rs2},{target:x}"),
            (Bge, _, 0) => format!("bgez {rs1},{target:x}"),
            (Bge, 0, _) => format!("blez {rs2},{target:x}"),
            _ => format!("{m} {rs1},{rs2},{target:x}"),
        },
        Lb | Lh | Lw | Ld | Lbu | Lhu | Lwu => format!("{m} {rd},{imm}({rs1})"),
        Sb | Sh | Sw | Sd => format!("{m} {rs2},{imm}({rs1})"),
        Addi if i.rd == 0 && i.rs1 == 0 && imm == 0 => "nop".into(),
        Addi if i.rs1 == 0 => format!("li {rd},{imm}"),
        Addi if imm == 0 => format!("mv {rd},{rs1}"),
        Xori if imm == -1 => format!("not {rd},{rs1}"),
        Sltiu if imm == 1 => format!("seqz {rd},{rs1}"),
        Addiw if imm == 0 => format!("sext.w {rd},{rs1}"),
        Addi | Slti | Sltiu | Xori | Ori | Andi | Addiw | Slli | Srli | Srai | Slliw | Srliw | Sraiw => {
            format!("{m} {rd},{rs1},{imm}")
        }
        Add if i.rs1 == 0 => format!("mv {rd},{rs2}"),
        Sub if i.rs1 == 0 => format!("neg {rd},{rs2}"),
        Subw if i.rs1 == 0 => format!("negw {rd},{rs2}"),
        Sltu if i.rs1 == 0 => format!("snez {rd},{rs2}"),
        Slt if i.rs2 == 0 => format!("sltz {rd},{rs1}"),
        Slt if i.rs1 == 0 => format!("sgtz {rd},{rs2}"),
        Add | Sub | Sll | Slt | Sltu | Xor | Srl | Sra | Or | And | Addw | Subw | Sllw | Srlw | Sraw | Mul | Mulh
        | Mulhsu | Mulhu | Div | Divu | Rem | Remu | Mulw | Divw | Divuw | Remw | Remuw => {
            format!("{m} {rd},{rs1},{rs2}")
        }
        Fence => {
            let (fm, pred, succ) = (i.raw >> 28, (i.raw >> 24) & 15, (i.raw >> 20) & 15);
            if fm == 8 && pred == 3 && succ == 3 {
                "fence.tso".into()
            } else if pred == 15 && succ == 15 {
                "fence".into()
            } else {
                format!("fence {},{}", fence_set(pred), fence_set(succ))
            }
        }
        Pause | FenceI | Ecall | Ebreak | Mret | Sret | Wfi => m.into(),

        LrW | LrD => format!("{m}{} {rd},({rs1})", aqrl(i.raw)),
        ScW | ScD | AmoswapW | AmoaddW | AmoxorW | AmoandW | AmoorW | AmominW | AmomaxW | AmominuW | AmomaxuW
        | AmoswapD | AmoaddD | AmoxorD | AmoandD | AmoorD | AmominD | AmomaxD | AmominuD | AmomaxuD => {
            format!("{m}{} {rd},{rs2},({rs1})", aqrl(i.raw))
        }

        Csrrs if i.rs1 == 0 => format!("csrr {rd},{}", csr_name(imm)),
        Csrrw | Csrrs | Csrrc if i.rd == 0 => format!("csr{} {},{rs1}", &m[4..], csr_name(imm)),
        Csrrwi | Csrrsi | Csrrci if i.rd == 0 => format!("csr{} {},{}", &m[4..], csr_name(imm), i.rs1),
        Csrrw | Csrrs | Csrrc => format!("{m} {rd},{},{rs1}", csr_name(imm)),
        Csrrwi | Csrrsi | Csrrci => format!("{m} {rd},{},{}", csr_name(imm), i.rs1),

        SfenceVma | HfenceVvma | HfenceGvma => match (i.rs1, i.rs2) {
            (0, 0) => m.into(),
            (_, 0) => format!("{m} {rs1}"),
            _ => format!("{m} {rs1},{rs2}"),
        },
        HlvB | HlvBu | HlvH | HlvHu | HlvW | HlvWu | HlvD | HlvxHu | HlvxWu => format!("{m} {rd},({rs1})"),
        HsvB | HsvH | HsvW | HsvD => format!("{m} {rs2},({rs1})"),

        Flw | Fld => format!("{m} {fd},{imm}({rs1})"),
        Fsw | Fsd => format!("{m} {fs2},{imm}({rs1})"),
        FmaddS | FmsubS | FnmsubS | FnmaddS | FmaddD | FmsubD | FnmsubD | FnmaddD => {
            format!("{m} {fd},{fs1},{fs2},{fs3}{}", rm_suffix(imm))
        }
        FaddS | FsubS | FmulS | FdivS | FaddD | FsubD | FmulD | FdivD => {
            format!("{m} {fd},{fs1},{fs2}{}", rm_suffix(imm))
        }
        FsqrtS | FsqrtD | FcvtSD => format!("{m} {fd},{fs1}{}", rm_suffix(imm)),
        // Exact conversions: the rounding mode cannot matter.
        FcvtDS => format!("{m} {fd},{fs1}"),
        FcvtDW | FcvtDWu => format!("{m} {fd},{rs1}"),
        FsgnjS | FsgnjnS | FsgnjxS | FsgnjD | FsgnjnD | FsgnjxD if i.rs1 == i.rs2 => {
            let (alias, suffix) = m.split_at(m.len() - 2); // ".s" / ".d"
            let alias = match alias {
                "fsgnj" => "fmv",
                "fsgnjn" => "fneg",
                _ => "fabs",
            };
            format!("{alias}{suffix} {fd},{fs1}")
        }
        FsgnjS | FsgnjnS | FsgnjxS | FsgnjD | FsgnjnD | FsgnjxD | FminS | FmaxS | FminD | FmaxD => {
            format!("{m} {fd},{fs1},{fs2}")
        }
        FcvtWS | FcvtWuS | FcvtLS | FcvtLuS | FcvtWD | FcvtWuD | FcvtLD | FcvtLuD => {
            format!("{m} {rd},{fs1}{}", rm_suffix(imm))
        }
        FcvtSW | FcvtSWu | FcvtSL | FcvtSLu | FcvtDL | FcvtDLu => format!("{m} {fd},{rs1}{}", rm_suffix(imm)),
        FmvXW | FmvXD | FclassS | FclassD => format!("{m} {rd},{fs1}"),
        FmvWX | FmvDX => format!("{m} {fd},{rs1}"),
        FeqS | FltS | FleS | FeqD | FltD | FleD => format!("{m} {rd},{fs1},{fs2}"),
    }
}
