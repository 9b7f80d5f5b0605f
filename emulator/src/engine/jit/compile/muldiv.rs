//! The M extension's high products and divisions written out inline, as
//! `isa`'s `muldiv` defines them (`jit_agrees` checks the two agree). The
//! host's `div`/`idiv` fault where RISC-V defines a result (division by
//! zero; the most negative number divided by -1), so those two cases go
//! to the cold part, which produces the spec's result (M extension,
//! "Division by zero and division overflow"): a quotient of all ones and
//! the dividend as remainder for a zero divisor; the dividend (negated:
//! itself again) as quotient and 0 as remainder for -1.

use super::{write_rd, BlockInst, Gen};
use crate::engine::jit::x86::{Alu, Cond, Group3, Reg, Shift, Width};
use crate::isa::Op;

/// rd = op(x[rs1], x[rs2]) for the M extension's high products and
/// divisions; false if `op` is not one of them.
pub(super) fn binary(g: &mut Gen, e: &BlockInst) -> bool {
    use Op::*;
    let i = &e.inst;
    match i.op {
        Mulh | Mulhu | Mulhsu => {
            g.get(Reg::Rcx, i.rs2);
            g.get(Reg::Rax, i.rs1);
            if i.op == Mulhsu {
                // mulhu less rs2 when rs1 is negative (rs1 read as
                // signed: 2^64 too much times rs2, in the high half).
                g.a.mov(Reg::Rsi, Reg::Rax);
                g.a.shift_imm(Shift::Sar, Width::W64, Reg::Rsi, 63);
                g.a.alu_reg(Alu::And, Width::W64, Reg::Rsi, Reg::Rcx);
            }
            g.a.group3(if i.op == Mulh { Group3::Imul } else { Group3::Mul }, Width::W64, Reg::Rcx);
            if i.op == Mulhsu {
                g.a.alu_reg(Alu::Sub, Width::W64, Reg::Rdx, Reg::Rsi);
            }
            g.a.mov(Reg::Rax, Reg::Rdx);
        }
        Div | Divu | Rem | Remu | Divw | Divuw | Remw | Remuw => divide(g, i.op, i.rs1, i.rs2),
        _ => return false,
    }
    g.rax = None;
    write_rd(g, e);
    true
}

/// rax = x[rs1] / x[rs2] or x[rs1] % x[rs2] as `op` says (64 bits, the W
/// forms sign-extended from 32).
fn divide(g: &mut Gen, op: Op, rs1: u8, rs2: u8) {
    use Op::*;
    let w = if matches!(op, Divw | Divuw | Remw | Remuw) { Width::W32 } else { Width::W64 };
    let signed = matches!(op, Div | Rem | Divw | Remw);
    let quotient = matches!(op, Div | Divu | Divw | Divuw);
    g.get(Reg::Rcx, rs2);
    g.get(Reg::Rax, rs1);
    g.a.test(w, Reg::Rcx, Reg::Rcx);
    let zero = g.a.jcc_forward(Cond::E);
    let minus_one = signed.then(|| {
        g.a.alu_imm(Alu::Cmp, w, Reg::Rcx, -1);
        g.a.jcc_forward(Cond::E)
    });
    if signed {
        g.a.sign_into_rdx(w);
    } else {
        g.a.alu_reg(Alu::Xor, Width::W32, Reg::Rdx, Reg::Rdx);
    }
    g.a.group3(if signed { Group3::Idiv } else { Group3::Div }, w, Reg::Rcx);
    if !quotient {
        g.a.mov(Reg::Rax, Reg::Rdx);
    }
    if w == Width::W32 {
        g.a.sign_extend_32(Reg::Rax);
    }
    let done = g.a.code.len();
    g.later(move |g| {
        // Divided by zero: all ones, or the dividend (rax still).
        g.a.bind(zero);
        if quotient {
            g.a.alu_imm(Alu::Or, Width::W64, Reg::Rax, -1);
        } else if w == Width::W32 {
            g.a.sign_extend_32(Reg::Rax);
        }
        g.a.jmp_back(done);
        // Divided by -1: the dividend negated (the most negative number
        // is its own negation: the overflow case), or 0.
        if let Some(minus_one) = minus_one {
            g.a.bind(minus_one);
            if quotient {
                g.a.group3(Group3::Neg, w, Reg::Rax);
                if w == Width::W32 {
                    g.a.sign_extend_32(Reg::Rax);
                }
            } else {
                g.a.alu_reg(Alu::Xor, Width::W32, Reg::Rax, Reg::Rax);
            }
            g.a.jmp_back(done);
        }
    });
}
