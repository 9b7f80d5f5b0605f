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
//!
//! Each instruction's line in the table (`table.rs`) names its function in
//! `form`, which prints it; `disasm` is generated from the table.

use super::table::instructions;
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

/// A finite nonzero single as C's `%a` prints it: `-0x1.8p-2`.
fn hex_float(bits: u32) -> String {
    let sign = if bits >> 31 != 0 { "-" } else { "" };
    let exp = ((bits >> 23) & 0xff) as i32 - 127;
    // The 23 fraction bits as hex digits (24 bits, shifted left once),
    // trailing zeros dropped.
    let frac = format!("{:06x}", (bits & 0x7f_ffff) << 1);
    let frac = frac.trim_end_matches('0');
    let dot = if frac.is_empty() { "" } else { "." };
    format!("{sign}0x1{dot}{frac}p{exp:+}")
}

macro_rules! define_disasm {
    ($($op:ident $enc:ident $m:literal $ext:ident $bits:literal $mask:literal $fmt:ident
       $sem:ident $args:tt $block:ident $dis:ident;)*) => {
        /// Disassemble `inst`, located at `pc` (for branch and jump targets).
        pub fn disasm(inst: &Inst, pc: u64) -> String {
            match inst.op {
                Op::Illegal if inst.len == 2 => format!(".2byte 0x{:04x}", inst.raw & 0xffff),
                Op::Illegal => format!(".4byte 0x{:08x}", inst.raw),
                $(Op::$op => form::$dis(&Operands::of(inst, pc), $m),)*
            }
        }
    };
}
instructions!(define_disasm);

/// An instruction's operands, as text and numbers, for the `form`s.
struct Operands<'a> {
    i: &'a Inst,
    rd: &'static str,
    rs1: &'static str,
    rs2: &'static str,
    fd: &'static str,
    fs1: &'static str,
    fs2: &'static str,
    fs3: &'static str,
    imm: i64,
    /// pc + imm: a branch's or jump's target.
    target: u64,
}

impl<'a> Operands<'a> {
    fn of(i: &'a Inst, pc: u64) -> Operands<'a> {
        Operands {
            i,
            rd: xname(i.rd),
            rs1: xname(i.rs1),
            rs2: xname(i.rs2),
            fd: fname(i.rd),
            fs1: fname(i.rs1),
            fs2: fname(i.rs2),
            fs3: fname(i.rs3),
            imm: i.imm,
            target: pc.wrapping_add(i.imm as u64),
        }
    }
}

/// The ways to print an instruction (the table's disasm column), each with
/// the GNU objdump pseudo-instructions it may print instead; `m` is the
/// mnemonic. Register names: `x` integer, `f` floating point.
mod form {
    use super::{aqrl, csr_name, fence_set, rm_suffix, Operands};

    /// `m rd,0x<imm[31:12]>` (LUI, AUIPC).
    pub fn upper(o: &Operands, m: &str) -> String {
        format!("{m} {},0x{:x}", o.rd, (o.imm >> 12) & 0xfffff)
    }
    /// `j`, `jal` (to ra) or `jal rd,target`.
    pub fn jal(o: &Operands, _: &str) -> String {
        let (rd, target) = (o.rd, o.target);
        match o.i.rd {
            0 => format!("j {target:x}"),
            1 => format!("jal {target:x}"),
            _ => format!("jal {rd},{target:x}"),
        }
    }
    /// `ret`, `jr rs1`, `jalr rs1` or `jalr rd,imm(rs1)`.
    pub fn jalr(o: &Operands, _: &str) -> String {
        let (rd, rs1, imm) = (o.rd, o.rs1, o.imm);
        match (o.i.rd, o.i.rs1, imm) {
            (0, 1, 0) => "ret".into(),
            (0, _, 0) => format!("jr {rs1}"),
            (1, _, 0) => format!("jalr {rs1}"),
            _ => format!("jalr {rd},{imm}({rs1})"),
        }
    }
    /// `m rs1,rs2,target`.
    pub fn branch(o: &Operands, m: &str) -> String {
        format!("{m} {},{},{:x}", o.rs1, o.rs2, o.target)
    }
    /// `beqz rs1,target` or a branch.
    pub fn beq(o: &Operands, m: &str) -> String {
        match o.i.rs2 {
            0 => format!("beqz {},{:x}", o.rs1, o.target),
            _ => branch(o, m),
        }
    }
    /// `bnez rs1,target` or a branch.
    pub fn bne(o: &Operands, m: &str) -> String {
        match o.i.rs2 {
            0 => format!("bnez {},{:x}", o.rs1, o.target),
            _ => branch(o, m),
        }
    }
    /// `bltz rs1,target`, `bgtz rs2,target` or a branch.
    pub fn blt(o: &Operands, m: &str) -> String {
        match (o.i.rs1, o.i.rs2) {
            (_, 0) => format!("bltz {},{:x}", o.rs1, o.target),
            (0, _) => format!("bgtz {},{:x}", o.rs2, o.target),
            _ => branch(o, m),
        }
    }
    /// `bgez rs1,target`, `blez rs2,target` or a branch.
    pub fn bge(o: &Operands, m: &str) -> String {
        match (o.i.rs1, o.i.rs2) {
            (_, 0) => format!("bgez {},{:x}", o.rs1, o.target),
            (0, _) => format!("blez {},{:x}", o.rs2, o.target),
            _ => branch(o, m),
        }
    }
    /// `m rd,imm(rs1)`.
    pub fn load(o: &Operands, m: &str) -> String {
        format!("{m} {},{}({})", o.rd, o.imm, o.rs1)
    }
    /// `m rs2,imm(rs1)`.
    pub fn store(o: &Operands, m: &str) -> String {
        format!("{m} {},{}({})", o.rs2, o.imm, o.rs1)
    }
    /// `m rd,rs1,imm`.
    pub fn reg_imm(o: &Operands, m: &str) -> String {
        format!("{m} {},{},{}", o.rd, o.rs1, o.imm)
    }
    /// `nop`, `li rd,imm`, `mv rd,rs1` or `addi`.
    pub fn addi(o: &Operands, m: &str) -> String {
        match (o.i.rd, o.i.rs1, o.imm) {
            (0, 0, 0) => "nop".into(),
            (_, 0, imm) => format!("li {},{imm}", o.rd),
            (_, _, 0) => format!("mv {},{}", o.rd, o.rs1),
            _ => reg_imm(o, m),
        }
    }
    /// `not rd,rs1` or `xori`.
    pub fn xori(o: &Operands, m: &str) -> String {
        match o.imm {
            -1 => format!("not {},{}", o.rd, o.rs1),
            _ => reg_imm(o, m),
        }
    }
    /// `seqz rd,rs1` or `sltiu`.
    pub fn sltiu(o: &Operands, m: &str) -> String {
        match o.imm {
            1 => format!("seqz {},{}", o.rd, o.rs1),
            _ => reg_imm(o, m),
        }
    }
    /// `sext.w rd,rs1` or `addiw`.
    pub fn addiw(o: &Operands, m: &str) -> String {
        match o.imm {
            0 => format!("sext.w {},{}", o.rd, o.rs1),
            _ => reg_imm(o, m),
        }
    }
    /// `m rd,rs1,rs2`.
    pub fn reg_reg(o: &Operands, m: &str) -> String {
        format!("{m} {},{},{}", o.rd, o.rs1, o.rs2)
    }
    /// `m (rs1)` (the cache-block operations).
    pub fn cbo(o: &Operands, m: &str) -> String {
        format!("{m} ({})", o.rs1)
    }
    /// `m rd,rs1` (the bit-manipulation instructions of one operand).
    pub fn unary(o: &Operands, m: &str) -> String {
        format!("{m} {},{}", o.rd, o.rs1)
    }
    /// `zext.w rd,rs1` (ADD.UW with rs2 = x0) or `add.uw`.
    pub fn add_uw(o: &Operands, m: &str) -> String {
        match o.i.rs2 {
            0 => format!("zext.w {},{}", o.rd, o.rs1),
            _ => reg_reg(o, m),
        }
    }
    /// `alias rd,rs2` when rs1 is x0, else `m rd,rs1,rs2`.
    fn rs1_zero(o: &Operands, m: &str, alias: &str) -> String {
        match o.i.rs1 {
            0 => format!("{alias} {},{}", o.rd, o.rs2),
            _ => reg_reg(o, m),
        }
    }
    /// `mv rd,rs2` or `add`.
    pub fn add(o: &Operands, m: &str) -> String {
        rs1_zero(o, m, "mv")
    }
    /// `neg rd,rs2` or `sub`.
    pub fn sub(o: &Operands, m: &str) -> String {
        rs1_zero(o, m, "neg")
    }
    /// `negw rd,rs2` or `subw`.
    pub fn subw(o: &Operands, m: &str) -> String {
        rs1_zero(o, m, "negw")
    }
    /// `snez rd,rs2` or `sltu`.
    pub fn sltu(o: &Operands, m: &str) -> String {
        rs1_zero(o, m, "snez")
    }
    /// `sltz rd,rs1`, `sgtz rd,rs2` or `slt`.
    pub fn slt(o: &Operands, m: &str) -> String {
        match (o.i.rs1, o.i.rs2) {
            (_, 0) => format!("sltz {},{}", o.rd, o.rs1),
            _ => rs1_zero(o, m, "sgtz"),
        }
    }
    /// `fence`, `fence.tso` or `fence pred,succ` (from the bits in `raw`).
    pub fn fence(o: &Operands, _: &str) -> String {
        let raw = o.i.raw;
        let (fm, pred, succ) = (raw >> 28, (raw >> 24) & 15, (raw >> 20) & 15);
        if fm == 8 && pred == 3 && succ == 3 {
            "fence.tso".into()
        } else if pred == 15 && succ == 15 {
            "fence".into()
        } else {
            format!("fence {},{}", fence_set(pred), fence_set(succ))
        }
    }
    /// `m` alone.
    pub fn bare(_: &Operands, m: &str) -> String {
        m.into()
    }
    /// `m[.aq][.rl] rd,(rs1)`.
    pub fn lr(o: &Operands, m: &str) -> String {
        format!("{m}{} {},({})", aqrl(o.i.raw), o.rd, o.rs1)
    }
    /// `m[.aq][.rl] rd,rs2,(rs1)`.
    pub fn amo(o: &Operands, m: &str) -> String {
        format!("{m}{} {},{},({})", aqrl(o.i.raw), o.rd, o.rs2, o.rs1)
    }
    /// `csrw/csrc csr,rs1` (rd x0) or `m rd,csr,rs1`.
    pub fn csr(o: &Operands, m: &str) -> String {
        match o.i.rd {
            0 => format!("csr{} {},{}", &m[4..], csr_name(o.imm), o.rs1),
            _ => format!("{m} {},{},{}", o.rd, csr_name(o.imm), o.rs1),
        }
    }
    /// `csrr rd,csr` (rs1 x0) or as `csr`.
    pub fn csrrs(o: &Operands, m: &str) -> String {
        match o.i.rs1 {
            0 => format!("csrr {},{}", o.rd, csr_name(o.imm)),
            _ => csr(o, m),
        }
    }
    /// `csrwi/csrsi/csrci csr,uimm` (rd x0) or `m rd,csr,uimm`.
    pub fn csri(o: &Operands, m: &str) -> String {
        match o.i.rd {
            0 => format!("csr{} {},{}", &m[4..], csr_name(o.imm), o.i.rs1),
            _ => format!("{m} {},{},{}", o.rd, csr_name(o.imm), o.i.rs1),
        }
    }
    /// `m`, `m rs1` or `m rs1,rs2`.
    pub fn fence_vma(o: &Operands, m: &str) -> String {
        match (o.i.rs1, o.i.rs2) {
            (0, 0) => m.into(),
            (_, 0) => format!("{m} {}", o.rs1),
            _ => format!("{m} {},{}", o.rs1, o.rs2),
        }
    }
    /// `m rs1,rs2`, both always (objdump has no short forms for SINVAL.VMA
    /// and HINVAL.*).
    pub fn rs1_rs2(o: &Operands, m: &str) -> String {
        format!("{m} {},{}", o.rs1, o.rs2)
    }
    /// `m rd,(rs1)`.
    pub fn hlv(o: &Operands, m: &str) -> String {
        format!("{m} {},({})", o.rd, o.rs1)
    }
    /// `m rs2,(rs1)`.
    pub fn hsv(o: &Operands, m: &str) -> String {
        format!("{m} {},({})", o.rs2, o.rs1)
    }
    /// `m fd,imm(rs1)`.
    pub fn fload(o: &Operands, m: &str) -> String {
        format!("{m} {},{}({})", o.fd, o.imm, o.rs1)
    }
    /// `m fs2,imm(rs1)`.
    pub fn fstore(o: &Operands, m: &str) -> String {
        format!("{m} {},{}({})", o.fs2, o.imm, o.rs1)
    }
    /// `m fd,fs1,fs2,fs3[,rm]`.
    pub fn f4_rm(o: &Operands, m: &str) -> String {
        format!("{m} {},{},{},{}{}", o.fd, o.fs1, o.fs2, o.fs3, rm_suffix(o.imm))
    }
    /// `m fd,fs1,fs2[,rm]`.
    pub fn f3_rm(o: &Operands, m: &str) -> String {
        format!("{m} {},{},{}{}", o.fd, o.fs1, o.fs2, rm_suffix(o.imm))
    }
    /// `m fd,fs1,fs2`.
    pub fn f3(o: &Operands, m: &str) -> String {
        format!("{m} {},{},{}", o.fd, o.fs1, o.fs2)
    }
    /// `m fd,fs1[,rm]`.
    pub fn f2_rm(o: &Operands, m: &str) -> String {
        format!("{m} {},{}{}", o.fd, o.fs1, rm_suffix(o.imm))
    }
    /// `m fd,fs1`: an exact conversion, whose rounding mode cannot matter.
    pub fn f2(o: &Operands, m: &str) -> String {
        format!("{m} {},{}", o.fd, o.fs1)
    }
    /// `fmv/fneg/fabs.fmt fd,fs1` (rs1 = rs2) or `m fd,fs1,fs2`.
    pub fn fsgnj(o: &Operands, m: &str) -> String {
        if o.i.rs1 != o.i.rs2 {
            return f3(o, m);
        }
        let (stem, suffix) = m.split_at(m.len() - 2); // ".s" / ".d"
        let alias = match stem {
            "fsgnj" => "fmv",
            "fsgnjn" => "fneg",
            _ => "fabs",
        };
        format!("{alias}{suffix} {},{}", o.fd, o.fs1)
    }
    /// `m rd,fs1[,rm]`.
    pub fn x_f_rm(o: &Operands, m: &str) -> String {
        format!("{m} {},{}{}", o.rd, o.fs1, rm_suffix(o.imm))
    }
    /// `m rd,fs1`.
    pub fn x_f(o: &Operands, m: &str) -> String {
        format!("{m} {},{}", o.rd, o.fs1)
    }
    /// `m rd,fs1,fs2`.
    pub fn x_ff(o: &Operands, m: &str) -> String {
        format!("{m} {},{},{}", o.rd, o.fs1, o.fs2)
    }
    /// `m fd,rs1[,rm]`.
    pub fn f_x_rm(o: &Operands, m: &str) -> String {
        format!("{m} {},{}{}", o.fd, o.rs1, rm_suffix(o.imm))
    }
    /// `m fd,constant` (FLI): `min`, `inf` and `nan` for entries 1, 30
    /// and 31, the others as C's `%a` prints the single value (GNU
    /// objdump's style).
    pub fn fli(o: &Operands, m: &str) -> String {
        let value = match o.i.rs1 {
            1 => "min".to_string(),
            30 => "inf".to_string(),
            31 => "nan".to_string(),
            k => super::hex_float(crate::isa::fpu::fli_s(k)),
        };
        format!("{m} {},{value}", o.fd)
    }
    /// `mop.r.N rd,rs1` / `mop.rr.N rd,rs1,rs2` with N from the free
    /// bits (MOP.R: 30, 27:26, 21:20; MOP.RR: 30, 27:26); `c.mop.N` for
    /// the 16-bit form, whose N is the register it names.
    pub fn mop(o: &Operands, m: &str) -> String {
        let r = o.i.raw;
        if o.i.len == 2 {
            return format!("c.mop.{}", o.i.rs1);
        }
        let high = (r >> 30) & 1;
        let mid = (r >> 26) & 3;
        if m == "mop.r.n" {
            format!("mop.r.{} {},{}", high << 4 | mid << 2 | (r >> 20) & 3, o.rd, o.rs1)
        } else {
            format!("mop.rr.{} {},{},{}", high << 2 | mid, o.rd, o.rs1, o.rs2)
        }
    }
    /// `m fd,rs1` (moves, and the exact conversions from 32-bit integers).
    pub fn f_x(o: &Operands, m: &str) -> String {
        format!("{m} {},{}", o.fd, o.rs1)
    }
}
