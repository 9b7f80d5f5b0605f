//! Decoding: raw instruction bits to `Inst`.

/// The operation of a decoded instruction.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Op {
    /// Any pattern that is not an implemented instruction.
    Illegal,
}

/// A decoded instruction. Compressed instructions decode to the same `Op`
/// as their 32-bit expansion, with `len` = 2.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Inst {
    pub op: Op,
    pub rd: u8,
    pub rs1: u8,
    pub rs2: u8,
    pub rs3: u8,
    /// Sign-extended immediate; for CSR instructions the CSR address, for
    /// FP instructions with a rounding mode the `rm` field, etc.
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
    let len = if raw & 3 == 3 { 4 } else { 2 };
    let raw = if len == 2 { raw & 0xffff } else { raw };
    Inst { len, raw, ..Inst::ILLEGAL }
}
