//! RV64I: the shared register/immediate plumbing, branches, jumps, loads
//! and stores. The arithmetic itself is written inline in `mod.rs` as
//! closures over these helpers, which the compiler inlines.

use crate::hart::{Hart, Trap};
use crate::isa::{Inst, Op};

/// Advance past `i` (2 or 4 bytes).
#[inline(always)]
pub fn next(h: &mut Hart, i: &Inst) -> Result<(), Trap> {
    h.pc = h.pc.wrapping_add(i.len as u64);
    Ok(())
}

/// Write rd: the register file stores the value, then x0 is zeroed again
/// (cheaper than testing rd; x0 reads as zero either way).
#[inline(always)]
pub fn wr(h: &mut Hart, rd: u8, v: u64) {
    h.x[rd as usize & 31] = v;
    h.x[0] = 0;
}

/// Sign-extend the low 32 bits (the result rule of every *W instruction).
#[inline(always)]
pub fn sext32(v: u64) -> u64 {
    v as i32 as i64 as u64
}

/// rd = f(x[rs1], x[rs2]).
#[inline(always)]
pub fn reg_reg(h: &mut Hart, i: &Inst, f: impl FnOnce(u64, u64) -> u64) -> Result<(), Trap> {
    let v = f(h.xreg(i.rs1), h.xreg(i.rs2));
    wr(h, i.rd, v);
    next(h, i)
}

/// rd = f(x[rs1], imm) (the immediate sign-extended to 64 bits).
#[inline(always)]
pub fn reg_imm(h: &mut Hart, i: &Inst, f: impl FnOnce(u64, u64) -> u64) -> Result<(), Trap> {
    let v = f(h.xreg(i.rs1), i.imm as u64);
    wr(h, i.rd, v);
    next(h, i)
}

/// Conditional branch on `cond(x[rs1], x[rs2])`. With C implemented
/// (misa.C is fixed on) every target is 2-byte aligned, so a branch never
/// raises instruction-address-misaligned.
#[inline(always)]
pub fn branch(h: &mut Hart, i: &Inst, cond: impl FnOnce(u64, u64) -> bool) -> Result<(), Trap> {
    if cond(h.xreg(i.rs1), h.xreg(i.rs2)) {
        h.pc = h.pc.wrapping_add(i.imm as u64);
        Ok(())
    } else {
        next(h, i)
    }
}

/// Whether the conditional branch `op` is taken on x[rs1] = `a`,
/// x[rs2] = `b` (false for any other `op`, which is never asked).
#[inline(always)]
pub fn taken(op: Op, a: u64, b: u64) -> bool {
    match op {
        Op::Beq => a == b,
        Op::Bne => a != b,
        Op::Blt => (a as i64) < (b as i64),
        Op::Bge => (a as i64) >= (b as i64),
        Op::Bltu => a < b,
        Op::Bgeu => a >= b,
        _ => false,
    }
}

/// JAL: rd = pc + len; pc += imm.
#[inline(always)]
pub fn jal(h: &mut Hart, i: &Inst) -> Result<(), Trap> {
    let link = h.pc.wrapping_add(i.len as u64);
    h.pc = h.pc.wrapping_add(i.imm as u64);
    wr(h, i.rd, link);
    Ok(())
}

/// JALR: the target is computed from rs1 before rd is written (rd may be
/// rs1), and its bit 0 is cleared.
#[inline(always)]
pub fn jalr(h: &mut Hart, i: &Inst) -> Result<(), Trap> {
    let target = h.xreg(i.rs1).wrapping_add(i.imm as u64) & !1;
    let link = h.pc.wrapping_add(i.len as u64);
    h.pc = target;
    wr(h, i.rd, link);
    Ok(())
}

/// Integer load of `size` bytes at x[rs1] + imm; `signed` sign-extends.
#[inline(always)]
pub fn load(h: &mut Hart, i: &Inst, size: u8, signed: bool) -> Result<(), Trap> {
    let va = h.xreg(i.rs1).wrapping_add(i.imm as u64);
    let v = load_general(h, va, size)?;
    let v = if signed { sign_extend(v, size) } else { v };
    wr(h, i.rd, v);
    next(h, i)
}

#[inline(never)]
fn load_general(h: &mut Hart, va: u64, size: u8) -> Result<u64, Trap> {
    h.load(va, size)
}

/// Integer store of the low `size` bytes of x[rs2] at x[rs1] + imm.
#[inline(always)]
pub fn store(h: &mut Hart, i: &Inst, size: u8) -> Result<(), Trap> {
    let va = h.xreg(i.rs1).wrapping_add(i.imm as u64);
    let val = h.xreg(i.rs2);
    store_general(h, va, size, val)?;
    next(h, i)
}

#[inline(never)]
fn store_general(h: &mut Hart, va: u64, size: u8, val: u64) -> Result<(), Trap> {
    h.store(va, size, val)
}

/// Sign-extend a zero-extended `size`-byte value.
#[inline(always)]
pub fn sign_extend(v: u64, size: u8) -> u64 {
    match size {
        1 => v as i8 as i64 as u64,
        2 => v as i16 as i64 as u64,
        4 => v as i32 as i64 as u64,
        _ => v,
    }
}
