//! Execution: one `match` on the decoded `Op`, dispatching to small inlined
//! handlers grouped by extension.
//!
//! Contract of `execute`: on `Ok` the instruction has retired and the pc has
//! been advanced by `inst.len` or set (jumps, taken branches, xRET); on
//! `Err` nothing architectural has changed except what the spec allows a
//! trapping instruction to change (nothing here) and the pc is the
//! instruction's. Nothing is allocated.

pub mod alu;
pub mod atomic;
pub mod base;
pub mod fp;
pub mod hyp;
pub mod muldiv;
pub mod system;
pub mod zicsr;

use super::fpu;
use super::{Inst, Op};
use crate::hart::csr::CsrOpKind;
use crate::hart::{Hart, Trap};
use base::{next, reg_imm, reg_reg, sext32};

/// Execute `inst` at `h.pc`. On success the pc has been advanced (or set by
/// a jump, branch or xRET); on a trap the pc is unchanged.
#[inline(never)]
pub fn execute(h: &mut Hart, inst: &Inst) -> Result<(), Trap> {
    execute_inline(h, inst)
}

/// `execute`, inlined into its caller: the run loop's copy, so its
/// dispatch and the small handlers sit in the loop itself.
#[inline(always)]
pub(crate) fn execute_inline(h: &mut Hart, inst: &Inst) -> Result<(), Trap> {
    execute_op(h, inst.op, inst)
}

/// `execute` with the operation given apart from the instruction (it must
/// be `inst.op`): a constant `op` reduces this to one arm (see `engine::threaded`).
#[inline(always)]
pub(crate) fn execute_op(h: &mut Hart, op: Op, inst: &Inst) -> Result<(), Trap> {
    use Op::*;
    let i = inst;
    match op {
        Illegal => Err(Trap::illegal(i.raw as u64)),

        // ---- RV64I ----
        Auipc => {
            base::wr(h, i.rd, h.pc.wrapping_add(i.imm as u64));
            next(h, i)
        }
        Jal => base::jal(h, i),
        Jalr => base::jalr(h, i),
        Beq | Bne | Blt | Bge | Bltu | Bgeu => base::branch(h, i, |a, b| base::taken(op, a, b)),
        Lb => base::load(h, i, 1, true),
        Lh => base::load(h, i, 2, true),
        Lw => base::load(h, i, 4, true),
        Ld => base::load(h, i, 8, false),
        Lbu => base::load(h, i, 1, false),
        Lhu => base::load(h, i, 2, false),
        Lwu => base::load(h, i, 4, false),
        Sb => base::store(h, i, 1),
        Sh => base::store(h, i, 2),
        Sw => base::store(h, i, 4),
        Sd => base::store(h, i, 8),
        // One in-order hart with no caches between it and memory: memory
        // ordering fences have nothing to order.
        Fence | Pause => next(h, i),
        FenceI => system::fence_i(h, i),
        Ecall => system::ecall(h),
        Ebreak => system::ebreak(h),
        Lui | Addi | Slti | Sltiu | Xori | Ori | Andi | Slli | Srli | Srai | Addiw | Slliw | Srliw | Sraiw => {
            reg_imm(h, i, |a, b| alu::compute(op, a, b))
        }
        Add | Sub | Sll | Slt | Sltu | Xor | Srl | Sra | Or | And | Addw | Subw | Sllw | Srlw | Sraw => {
            reg_reg(h, i, |a, b| alu::compute(op, a, b))
        }

        // ---- M ----
        Mul | Mulh | Mulhsu | Mulhu | Div | Divu | Rem | Remu | Mulw | Divw | Divuw | Remw | Remuw => {
            reg_reg(h, i, |a, b| alu::compute(op, a, b))
        }

        // ---- A ----
        LrW => atomic::lr(h, i, 4),
        LrD => atomic::lr(h, i, 8),
        ScW => atomic::sc(h, i, 4),
        ScD => atomic::sc(h, i, 8),
        AmoswapW => atomic::amo(h, i, 4, |_, b| b),
        AmoaddW => atomic::amo(h, i, 4, |a, b| a.wrapping_add(b)),
        AmoxorW => atomic::amo(h, i, 4, |a, b| a ^ b),
        AmoandW => atomic::amo(h, i, 4, |a, b| a & b),
        AmoorW => atomic::amo(h, i, 4, |a, b| a | b),
        AmominW => atomic::amo(h, i, 4, |a, b| (a as i32).min(b as i32) as u64),
        AmomaxW => atomic::amo(h, i, 4, |a, b| (a as i32).max(b as i32) as u64),
        AmominuW => atomic::amo(h, i, 4, |a, b| (a as u32).min(b as u32) as u64),
        AmomaxuW => atomic::amo(h, i, 4, |a, b| (a as u32).max(b as u32) as u64),
        AmoswapD => atomic::amo(h, i, 8, |_, b| b),
        AmoaddD => atomic::amo(h, i, 8, |a, b| a.wrapping_add(b)),
        AmoxorD => atomic::amo(h, i, 8, |a, b| a ^ b),
        AmoandD => atomic::amo(h, i, 8, |a, b| a & b),
        AmoorD => atomic::amo(h, i, 8, |a, b| a | b),
        AmominD => atomic::amo(h, i, 8, |a, b| (a as i64).min(b as i64) as u64),
        AmomaxD => atomic::amo(h, i, 8, |a, b| (a as i64).max(b as i64) as u64),
        AmominuD => atomic::amo(h, i, 8, |a, b| a.min(b)),
        AmomaxuD => atomic::amo(h, i, 8, |a, b| a.max(b)),

        // ---- Zicsr ----
        Csrrw => zicsr::csr(h, i, CsrOpKind::Write, false),
        Csrrs => zicsr::csr(h, i, CsrOpKind::Set, false),
        Csrrc => zicsr::csr(h, i, CsrOpKind::Clear, false),
        Csrrwi => zicsr::csr(h, i, CsrOpKind::Write, true),
        Csrrsi => zicsr::csr(h, i, CsrOpKind::Set, true),
        Csrrci => zicsr::csr(h, i, CsrOpKind::Clear, true),

        // ---- privileged ----
        Mret => h.mret(i.raw),
        Sret => h.sret(i.raw),
        Wfi => system::wfi(h, i),
        SfenceVma => system::sfence_vma(h, i),

        // ---- H ----
        HfenceVvma => hyp::hfence_vvma(h, i),
        HfenceGvma => hyp::hfence_gvma(h, i),
        HlvB => hyp::hlv(h, i, 1, true, false),
        HlvBu => hyp::hlv(h, i, 1, false, false),
        HlvH => hyp::hlv(h, i, 2, true, false),
        HlvHu => hyp::hlv(h, i, 2, false, false),
        HlvW => hyp::hlv(h, i, 4, true, false),
        HlvWu => hyp::hlv(h, i, 4, false, false),
        HlvD => hyp::hlv(h, i, 8, false, false),
        HlvxHu => hyp::hlv(h, i, 2, false, true),
        HlvxWu => hyp::hlv(h, i, 4, false, true),
        HsvB => hyp::hsv(h, i, 1),
        HsvH => hyp::hsv(h, i, 2),
        HsvW => hyp::hsv(h, i, 4),
        HsvD => hyp::hsv(h, i, 8),

        // ---- F ----
        Flw => fp::flw(h, i),
        Fsw => fp::fsw(h, i),
        FmaddS => fp::fma_s(h, i, false, false),
        FmsubS => fp::fma_s(h, i, false, true),
        FnmsubS => fp::fma_s(h, i, true, false),
        FnmaddS => fp::fma_s(h, i, true, true),
        FaddS => fp::arith2_s(h, i, fpu::add_s),
        FsubS => fp::arith2_s(h, i, fpu::sub_s),
        FmulS => fp::arith2_s(h, i, fpu::mul_s),
        FdivS => fp::arith2_s(h, i, fpu::div_s),
        FsqrtS => fp::arith1_s(h, i, fpu::sqrt_s),
        FsgnjS => fp::sgnj_s(h, i, |_, b| b),
        FsgnjnS => fp::sgnj_s(h, i, |_, b| !b),
        FsgnjxS => fp::sgnj_s(h, i, |a, b| a ^ b),
        FminS => fp::minmax_s(h, i, fpu::min_s),
        FmaxS => fp::minmax_s(h, i, fpu::max_s),
        FcvtWS => fp::to_int_s(h, i, |a, rm, fl| fpu::to_i32_s(a, rm, fl) as i64 as u64),
        FcvtWuS => fp::to_int_s(h, i, |a, rm, fl| sext32(fpu::to_u32_s(a, rm, fl) as u64)),
        FcvtLS => fp::to_int_s(h, i, |a, rm, fl| fpu::to_i64_s(a, rm, fl) as u64),
        FcvtLuS => fp::to_int_s(h, i, fpu::to_u64_s),
        FmvXW => fp::fmv_x_w(h, i),
        FeqS => fp::cmp_s(h, i, fpu::eq_s),
        FltS => fp::cmp_s(h, i, fpu::lt_s),
        FleS => fp::cmp_s(h, i, fpu::le_s),
        FclassS => fp::fclass_s(h, i),
        FcvtSW => fp::from_int_s(h, i, |v, rm, fl| fpu::from_i32_s(v as i32, rm, fl)),
        FcvtSWu => fp::from_int_s(h, i, |v, rm, fl| fpu::from_u32_s(v as u32, rm, fl)),
        FcvtSL => fp::from_int_s(h, i, |v, rm, fl| fpu::from_i64_s(v as i64, rm, fl)),
        FcvtSLu => fp::from_int_s(h, i, fpu::from_u64_s),
        FmvWX => fp::fmv_w_x(h, i),

        // ---- D ----
        Fld => fp::fld(h, i),
        Fsd => fp::fsd(h, i),
        FmaddD => fp::fma_d(h, i, false, false),
        FmsubD => fp::fma_d(h, i, false, true),
        FnmsubD => fp::fma_d(h, i, true, false),
        FnmaddD => fp::fma_d(h, i, true, true),
        FaddD => fp::arith2_d(h, i, fpu::add_d),
        FsubD => fp::arith2_d(h, i, fpu::sub_d),
        FmulD => fp::arith2_d(h, i, fpu::mul_d),
        FdivD => fp::arith2_d(h, i, fpu::div_d),
        FsqrtD => fp::arith1_d(h, i, fpu::sqrt_d),
        FsgnjD => fp::sgnj_d(h, i, |_, b| b),
        FsgnjnD => fp::sgnj_d(h, i, |_, b| !b),
        FsgnjxD => fp::sgnj_d(h, i, |a, b| a ^ b),
        FminD => fp::minmax_d(h, i, fpu::min_d),
        FmaxD => fp::minmax_d(h, i, fpu::max_d),
        FcvtSD => fp::fcvt_s_d(h, i),
        FcvtDS => fp::fcvt_d_s(h, i),
        FcvtWD => fp::to_int_d(h, i, |a, rm, fl| fpu::to_i32_d(a, rm, fl) as i64 as u64),
        FcvtWuD => fp::to_int_d(h, i, |a, rm, fl| sext32(fpu::to_u32_d(a, rm, fl) as u64)),
        FcvtLD => fp::to_int_d(h, i, |a, rm, fl| fpu::to_i64_d(a, rm, fl) as u64),
        FcvtLuD => fp::to_int_d(h, i, fpu::to_u64_d),
        FmvXD => fp::fmv_x_d(h, i),
        FeqD => fp::cmp_d(h, i, fpu::eq_d),
        FltD => fp::cmp_d(h, i, fpu::lt_d),
        FleD => fp::cmp_d(h, i, fpu::le_d),
        FclassD => fp::fclass_d(h, i),
        FcvtDW => fp::from_int_d(h, i, |v, rm, fl| fpu::from_i32_d(v as i32, rm, fl)),
        FcvtDWu => fp::from_int_d(h, i, |v, rm, fl| fpu::from_u32_d(v as u32, rm, fl)),
        FcvtDL => fp::from_int_d(h, i, |v, rm, fl| fpu::from_i64_d(v as i64, rm, fl)),
        FcvtDLu => fp::from_int_d(h, i, fpu::from_u64_d),
        FmvDX => fp::fmv_d_x(h, i),
    }
}
