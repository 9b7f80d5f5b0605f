//! Threaded dispatch for the run loop's blocks: one small function per
//! operation, chosen when a block is decoded (`entry`) and called through a
//! pointer stored with the instruction. Each call site then has its own
//! history in the host's branch predictor, instead of every instruction
//! going through the one indirect jump of `execute`'s `match`.
//!
//! Two kinds of handler:
//! - the general one, `execute_op` with the operation fixed, so its
//!   semantics are those of `execute` by construction;
//! - fast ones for the common integer instructions. They compute with the
//!   same functions as `execute` (`alu::compute`, `base::taken`), use
//!   what is known when the block is built (AUIPC's value, a jump's link
//!   and target), never write x0 (an instruction whose only effect is a
//!   write of x0 gets `nop`), and leave the pc alone unless they jump: the
//!   run loop sets it when the block is left. A load or store takes its
//!   fast path when it may reach RAM directly (`RunState::direct`, M-mode)
//!   or the TLB holds the translation (`RunState::tlb`, S/U/VS/VU), and
//!   otherwise tail-calls the general handler.

use super::block::BlockInst;
use super::state::RunState;
use crate::hart::Hart;
use crate::isa::exec::alu::{self, Operands};
use crate::isa::exec::{base, execute_op};
use crate::isa::{Inst, Op};

/// What a handler tells the run loop.
pub type Exit = u8;
/// The instruction retired: go on with the block's next one.
pub const NEXT: Exit = 0;
/// The instruction trapped and did not retire: the trap is in
/// `RunState::trap` and the pc is the instruction's.
pub const TRAPPED: Exit = 1;
/// The instruction retired and set the pc, but the block must be left: it
/// raised a flag the run loop must look at, or wrote the block's page.
pub const LEAVE: Exit = 2;
/// The instruction jumped (a taken branch, a jump): it retired and set the
/// pc; the run loop goes on with the block there.
pub const TAKEN: Exit = 3;

/// What an entry's handler does, for the block compiler (`engine::jit`):
/// the forms it may write out inline; anything else it calls.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Form {
    /// Nothing (`nop`).
    Nop,
    /// rd = `value` (`li`).
    Li,
    /// rd = op(x[rs1], imm) (`op_imm`).
    OpImm,
    /// rd = op(x[rs1], x[rs2]) (`op_reg`).
    OpReg,
    /// pc = `target`, with rd = `value` if `link` (`jal`, `j`).
    Jump { link: bool },
    /// pc = (x[rs1] + imm) & !1, with rd = `value` if `link` (`jalr`, `jr`).
    JumpReg { link: bool },
    /// pc = `target` if op(x[rs1], x[rs2]) (`branch`).
    Branch,
    /// An integer load of `size` bytes to rd (not x0) (`load`).
    Load { size: u8, signed: bool },
    /// An integer store of `size` bytes (`store`).
    Store { size: u8 },
    /// Only through the handler.
    Call,
}

/// Whether a JAL's block goes on at its target (see `engine::block::build`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Follow {
    Yes,
    No,
}

/// A handler: executes the entry's instruction (see the module doc).
/// `extern "C"`, so that compiled blocks (`engine::jit`) can call it too.
pub type Handler = extern "C" fn(&mut Hart, &BlockInst, &mut RunState) -> Exit;

/// Every operation, in declaration order (so `OPS[op as usize] == op`,
/// checked at compile time below).
const OPS: [Op; 177] = [
    Op::Illegal,
    Op::Lui,
    Op::Auipc,
    Op::Jal,
    Op::Jalr,
    Op::Beq,
    Op::Bne,
    Op::Blt,
    Op::Bge,
    Op::Bltu,
    Op::Bgeu,
    Op::Lb,
    Op::Lh,
    Op::Lw,
    Op::Ld,
    Op::Lbu,
    Op::Lhu,
    Op::Lwu,
    Op::Sb,
    Op::Sh,
    Op::Sw,
    Op::Sd,
    Op::Addi,
    Op::Slti,
    Op::Sltiu,
    Op::Xori,
    Op::Ori,
    Op::Andi,
    Op::Slli,
    Op::Srli,
    Op::Srai,
    Op::Add,
    Op::Sub,
    Op::Sll,
    Op::Slt,
    Op::Sltu,
    Op::Xor,
    Op::Srl,
    Op::Sra,
    Op::Or,
    Op::And,
    Op::Addiw,
    Op::Slliw,
    Op::Srliw,
    Op::Sraiw,
    Op::Addw,
    Op::Subw,
    Op::Sllw,
    Op::Srlw,
    Op::Sraw,
    Op::Fence,
    Op::Pause,
    Op::FenceI,
    Op::Ecall,
    Op::Ebreak,
    Op::Mul,
    Op::Mulh,
    Op::Mulhsu,
    Op::Mulhu,
    Op::Div,
    Op::Divu,
    Op::Rem,
    Op::Remu,
    Op::Mulw,
    Op::Divw,
    Op::Divuw,
    Op::Remw,
    Op::Remuw,
    Op::LrW,
    Op::ScW,
    Op::AmoswapW,
    Op::AmoaddW,
    Op::AmoxorW,
    Op::AmoandW,
    Op::AmoorW,
    Op::AmominW,
    Op::AmomaxW,
    Op::AmominuW,
    Op::AmomaxuW,
    Op::LrD,
    Op::ScD,
    Op::AmoswapD,
    Op::AmoaddD,
    Op::AmoxorD,
    Op::AmoandD,
    Op::AmoorD,
    Op::AmominD,
    Op::AmomaxD,
    Op::AmominuD,
    Op::AmomaxuD,
    Op::Csrrw,
    Op::Csrrs,
    Op::Csrrc,
    Op::Csrrwi,
    Op::Csrrsi,
    Op::Csrrci,
    Op::Mret,
    Op::Sret,
    Op::Wfi,
    Op::SfenceVma,
    Op::HfenceVvma,
    Op::HfenceGvma,
    Op::HlvB,
    Op::HlvBu,
    Op::HlvH,
    Op::HlvHu,
    Op::HlvW,
    Op::HlvWu,
    Op::HlvD,
    Op::HlvxHu,
    Op::HlvxWu,
    Op::HsvB,
    Op::HsvH,
    Op::HsvW,
    Op::HsvD,
    Op::Flw,
    Op::Fsw,
    Op::FmaddS,
    Op::FmsubS,
    Op::FnmsubS,
    Op::FnmaddS,
    Op::FaddS,
    Op::FsubS,
    Op::FmulS,
    Op::FdivS,
    Op::FsqrtS,
    Op::FsgnjS,
    Op::FsgnjnS,
    Op::FsgnjxS,
    Op::FminS,
    Op::FmaxS,
    Op::FcvtWS,
    Op::FcvtWuS,
    Op::FcvtLS,
    Op::FcvtLuS,
    Op::FmvXW,
    Op::FeqS,
    Op::FltS,
    Op::FleS,
    Op::FclassS,
    Op::FcvtSW,
    Op::FcvtSWu,
    Op::FcvtSL,
    Op::FcvtSLu,
    Op::FmvWX,
    Op::Fld,
    Op::Fsd,
    Op::FmaddD,
    Op::FmsubD,
    Op::FnmsubD,
    Op::FnmaddD,
    Op::FaddD,
    Op::FsubD,
    Op::FmulD,
    Op::FdivD,
    Op::FsqrtD,
    Op::FsgnjD,
    Op::FsgnjnD,
    Op::FsgnjxD,
    Op::FminD,
    Op::FmaxD,
    Op::FcvtSD,
    Op::FcvtDS,
    Op::FcvtWD,
    Op::FcvtWuD,
    Op::FcvtLD,
    Op::FcvtLuD,
    Op::FmvXD,
    Op::FeqD,
    Op::FltD,
    Op::FleD,
    Op::FclassD,
    Op::FcvtDW,
    Op::FcvtDWu,
    Op::FcvtDL,
    Op::FcvtDLu,
    Op::FmvDX,
];

const _: () = {
    let mut k = 0;
    while k < OPS.len() {
        assert!(OPS[k] as usize == k);
        k += 1;
    }
};

/// `execute` specialized to the operation `OPS[K]`, for an instruction
/// that does not access memory.
extern "C" fn general<const K: usize>(h: &mut Hart, e: &BlockInst, s: &mut RunState) -> Exit {
    h.pc = e.pc;
    match execute_op(h, OPS[K], &e.inst) {
        Ok(()) => NEXT,
        Err(t) => {
            s.trap = t;
            TRAPPED
        }
    }
}

/// `execute` specialized to the memory access `OPS[K]`. The access may
/// read the time (a CLINT register), reach a device, walk page tables
/// (setting A/D bits) or write the block's own page: the CLINT is told how
/// far into the run the hart is, and the block is left if a flag was
/// raised or the page written.
#[inline(never)]
extern "C" fn general_memory<const K: usize>(h: &mut Hart, e: &BlockInst, s: &mut RunState) -> Exit {
    h.pc = e.pc;
    h.bus.clint.set_chunk_progress(s.running.start + e.index as u64);
    match execute_op(h, OPS[K], &e.inst) {
        Ok(()) => {
            s.refresh(h);
            if h.irq_dirty || h.bus.ram.page_gen(s.running.pbase) != s.running.gen {
                LEAVE
            } else {
                NEXT
            }
        }
        Err(t) => {
            s.trap = t;
            TRAPPED
        }
    }
}

/// An instruction whose only effect is writing x0, or a memory-ordering
/// fence (one in-order hart with no caches: nothing to order).
extern "C" fn nop(_: &mut Hart, _: &BlockInst, _: &mut RunState) -> Exit {
    NEXT
}

/// rd = OPS[K](x[rs1], imm).
extern "C" fn op_imm<const K: usize>(h: &mut Hart, e: &BlockInst, _: &mut RunState) -> Exit {
    let a = h.x[e.inst.rs1 as usize & 31];
    h.x[e.inst.rd as usize & 31] = alu::compute(OPS[K], a, e.inst.imm as u64);
    NEXT
}

/// rd = OPS[K](x[rs1], x[rs2]).
extern "C" fn op_reg<const K: usize>(h: &mut Hart, e: &BlockInst, _: &mut RunState) -> Exit {
    let a = h.x[e.inst.rs1 as usize & 31];
    let b = h.x[e.inst.rs2 as usize & 31];
    h.x[e.inst.rd as usize & 31] = alu::compute(OPS[K], a, b);
    NEXT
}

/// rd = a value known when the block was built (AUIPC: pc + imm; a
/// followed JAL: the link).
extern "C" fn li(h: &mut Hart, e: &BlockInst, _: &mut RunState) -> Exit {
    h.x[e.inst.rd as usize & 31] = e.value;
    NEXT
}

/// JAL with a link.
extern "C" fn jal(h: &mut Hart, e: &BlockInst, _: &mut RunState) -> Exit {
    h.x[e.inst.rd as usize & 31] = e.value;
    h.pc = e.target;
    TAKEN
}

/// JAL x0 (J).
extern "C" fn j(h: &mut Hart, e: &BlockInst, _: &mut RunState) -> Exit {
    h.pc = e.target;
    TAKEN
}

/// JALR with a link: the target is read before rd is written (rd may be
/// rs1). IALIGN = 16 (C is always on), so no target is misaligned.
extern "C" fn jalr(h: &mut Hart, e: &BlockInst, _: &mut RunState) -> Exit {
    let target = h.x[e.inst.rs1 as usize & 31].wrapping_add(e.inst.imm as u64) & !1;
    h.x[e.inst.rd as usize & 31] = e.value;
    h.pc = target;
    TAKEN
}

/// JALR x0 (JR, RET).
extern "C" fn jr(h: &mut Hart, e: &BlockInst, _: &mut RunState) -> Exit {
    h.pc = h.x[e.inst.rs1 as usize & 31].wrapping_add(e.inst.imm as u64) & !1;
    TAKEN
}

/// A conditional branch: if taken, to `target`, leaving the block;
/// otherwise the block goes on.
extern "C" fn branch<const K: usize>(h: &mut Hart, e: &BlockInst, _: &mut RunState) -> Exit {
    let a = h.x[e.inst.rs1 as usize & 31];
    let b = h.x[e.inst.rs2 as usize & 31];
    if base::taken(OPS[K], a, b) {
        h.pc = e.target;
        return TAKEN;
    }
    NEXT
}

/// The integer load `OPS[K]` of `SIZE` bytes (rd is not x0). Fast path:
/// an access within one aligned 8-byte granule (so it crosses no page and
/// no PMP entry) of RAM, at a physical address that is the virtual one
/// (`RunState::direct`) or that the TLB gives (`RunState::tlb`); the steps
/// of `base::load`. Anything else: the general handler.
extern "C" fn load<const K: usize, const SIZE: u8, const SIGNED: bool>(
    h: &mut Hart,
    e: &BlockInst,
    s: &mut RunState,
) -> Exit {
    let va = h.x[e.inst.rs1 as usize & 31].wrapping_add(e.inst.imm as u64);
    if (va & 7) + SIZE as u64 <= 8 {
        let pa = if s.direct { Some(va) } else { s.tlb_pa(h, va, false) };
        if let Some(v) = pa.and_then(|pa| h.bus.ram.read(pa, SIZE)) {
            h.x[e.inst.rd as usize & 31] = if SIGNED { base::sign_extend(v, SIZE) } else { v };
            return NEXT;
        }
    }
    general_memory::<K>(h, e, s)
}

/// The integer store `OPS[K]` of `SIZE` bytes, split as `load` is (both
/// paths need no LR reservation held: see `state::fast_allowed`). A write
/// to the block's own page leaves the block, whose next instructions may
/// have changed.
extern "C" fn store<const K: usize, const SIZE: u8>(h: &mut Hart, e: &BlockInst, s: &mut RunState) -> Exit {
    let va = h.x[e.inst.rs1 as usize & 31].wrapping_add(e.inst.imm as u64);
    let val = h.x[e.inst.rs2 as usize & 31];
    if (va & 7) + SIZE as u64 <= 8 {
        let pa = if s.direct { Some(va) } else { s.tlb_pa(h, va, true) };
        if let Some(pa) = pa {
            if h.bus.ram.write(pa, SIZE, val) {
                if pa & !0xfff == s.running.pbase {
                    h.pc = e.value;
                    return LEAVE;
                }
                return NEXT;
            }
        }
    }
    general_memory::<K>(h, e, s)
}

/// Choose one of the listed operations' instantiation of a const-generic
/// handler, or None if `op` is not listed.
macro_rules! pick {
    ($f:ident, $op:expr, [$($o:ident),* $(,)?]) => {
        match $op {
            $(Op::$o => Some($f::<{ Op::$o as usize }> as Handler),)*
            _ => None,
        }
    };
}

/// The handler and form for the memory access `op` (with destination
/// `rd`), if it is one: the integer loads (to a register other than x0)
/// and stores have fast handlers, every other access the general one.
fn memory_handler(op: Op, rd: u8) -> Option<(Handler, Form)> {
    use Op::*;
    let fast: Option<Handler> = match (op, rd) {
        (Sb, _) => Some(store::<{ Sb as usize }, 1>),
        (Sh, _) => Some(store::<{ Sh as usize }, 2>),
        (Sw, _) => Some(store::<{ Sw as usize }, 4>),
        (Sd, _) => Some(store::<{ Sd as usize }, 8>),
        (_, 0) => None,
        (Lb, _) => Some(load::<{ Lb as usize }, 1, true>),
        (Lh, _) => Some(load::<{ Lh as usize }, 2, true>),
        (Lw, _) => Some(load::<{ Lw as usize }, 4, true>),
        (Ld, _) => Some(load::<{ Ld as usize }, 8, false>),
        (Lbu, _) => Some(load::<{ Lbu as usize }, 1, false>),
        (Lhu, _) => Some(load::<{ Lhu as usize }, 2, false>),
        (Lwu, _) => Some(load::<{ Lwu as usize }, 4, false>),
        _ => None,
    };
    if let Some(h) = fast {
        let form = match op {
            Sb => Form::Store { size: 1 },
            Sh => Form::Store { size: 2 },
            Sw => Form::Store { size: 4 },
            Sd => Form::Store { size: 8 },
            Lb | Lbu => Form::Load { size: 1, signed: op == Lb },
            Lh | Lhu => Form::Load { size: 2, signed: op == Lh },
            Lw | Lwu => Form::Load { size: 4, signed: op == Lw },
            _ => Form::Load { size: 8, signed: false },
        };
        return Some((h, form));
    }
    let general = pick!(
        general_memory,
        op,
        [
            Lb, Lh, Lw, Ld, Lbu, Lhu, Lwu, Flw, Fld, Fsw, Fsd, LrW, LrD, ScW, ScD, AmoswapW, AmoaddW, AmoxorW,
            AmoandW, AmoorW, AmominW, AmomaxW, AmominuW, AmomaxuW, AmoswapD, AmoaddD, AmoxorD, AmoandD, AmoorD,
            AmominD, AmomaxD, AmominuD, AmomaxuD,
        ]
    );
    general.map(|h| (h, Form::Call))
}

/// The block entry for `inst` at `pc`, the `index`th of its block; for a
/// JAL, `follow` tells whether the block goes on at its target.
pub fn entry(inst: Inst, pc: u64, index: u8, follow: Follow) -> BlockInst {
    use Op::*;
    let next = pc.wrapping_add(inst.len as u64);
    let (mut value, mut target) = (next, next);
    let op = inst.op;
    let (run, form): (Handler, Form) = if let Some(m) = memory_handler(op, inst.rd) {
        m
    } else if let Some(kind) = alu::operands(op) {
        let fast = match kind {
            _ if inst.rd == 0 => Some((nop as Handler, Form::Nop)),
            Operands::RegImm => pick!(
                op_imm,
                op,
                [Lui, Addi, Slti, Sltiu, Xori, Ori, Andi, Slli, Srli, Srai, Addiw, Slliw, Srliw, Sraiw]
            )
            .map(|h| (h, Form::OpImm)),
            Operands::RegReg => pick!(
                op_reg,
                op,
                [
                    Add, Sub, Sll, Slt, Sltu, Xor, Srl, Sra, Or, And, Addw, Subw, Sllw, Srlw, Sraw, Mul, Mulh,
                    Mulhsu, Mulhu, Div, Divu, Rem, Remu, Mulw, Divw, Divuw, Remw, Remuw,
                ]
            )
            .map(|h| (h, Form::OpReg)),
        };
        fast.unwrap_or((general_for(op), Form::Call))
    } else {
        match op {
            Auipc if inst.rd == 0 => (nop, Form::Nop),
            Auipc => {
                value = pc.wrapping_add(inst.imm as u64);
                (li, Form::Li)
            }
            Fence | Pause => (nop, Form::Nop),
            Jal => {
                target = pc.wrapping_add(inst.imm as u64);
                match (follow, inst.rd) {
                    // Followed: only the link is left to write.
                    (Follow::Yes, 0) => (nop, Form::Nop),
                    (Follow::Yes, _) => (li, Form::Li),
                    (Follow::No, 0) => (j, Form::Jump { link: false }),
                    (Follow::No, _) => (jal, Form::Jump { link: true }),
                }
            }
            Jalr if inst.rd == 0 => (jr, Form::JumpReg { link: false }),
            Jalr => (jalr, Form::JumpReg { link: true }),
            Beq | Bne | Blt | Bge | Bltu | Bgeu => {
                target = pc.wrapping_add(inst.imm as u64);
                match pick!(branch, op, [Beq, Bne, Blt, Bge, Bltu, Bgeu]) {
                    Some(h) => (h, Form::Branch),
                    None => (general_for(op), Form::Call),
                }
            }
            _ => (general_for(op), Form::Call),
        }
    };
    BlockInst { run, form, inst, pc, value, target, index }
}

/// The general handler for `op` (`execute` itself should the table ever
/// lack it).
fn general_for(op: Op) -> Handler {
    GENERAL.get(op as usize).copied().unwrap_or(generic)
}

/// `execute` as a handler, should the table ever lack an operation.
extern "C" fn generic(h: &mut Hart, e: &BlockInst, s: &mut RunState) -> Exit {
    h.pc = e.pc;
    match crate::isa::exec::execute(h, &e.inst) {
        Ok(()) => NEXT,
        Err(t) => {
            s.trap = t;
            TRAPPED
        }
    }
}

const GENERAL: [Handler; 177] = [
    general::<0>,
    general::<1>,
    general::<2>,
    general::<3>,
    general::<4>,
    general::<5>,
    general::<6>,
    general::<7>,
    general::<8>,
    general::<9>,
    general::<10>,
    general::<11>,
    general::<12>,
    general::<13>,
    general::<14>,
    general::<15>,
    general::<16>,
    general::<17>,
    general::<18>,
    general::<19>,
    general::<20>,
    general::<21>,
    general::<22>,
    general::<23>,
    general::<24>,
    general::<25>,
    general::<26>,
    general::<27>,
    general::<28>,
    general::<29>,
    general::<30>,
    general::<31>,
    general::<32>,
    general::<33>,
    general::<34>,
    general::<35>,
    general::<36>,
    general::<37>,
    general::<38>,
    general::<39>,
    general::<40>,
    general::<41>,
    general::<42>,
    general::<43>,
    general::<44>,
    general::<45>,
    general::<46>,
    general::<47>,
    general::<48>,
    general::<49>,
    general::<50>,
    general::<51>,
    general::<52>,
    general::<53>,
    general::<54>,
    general::<55>,
    general::<56>,
    general::<57>,
    general::<58>,
    general::<59>,
    general::<60>,
    general::<61>,
    general::<62>,
    general::<63>,
    general::<64>,
    general::<65>,
    general::<66>,
    general::<67>,
    general::<68>,
    general::<69>,
    general::<70>,
    general::<71>,
    general::<72>,
    general::<73>,
    general::<74>,
    general::<75>,
    general::<76>,
    general::<77>,
    general::<78>,
    general::<79>,
    general::<80>,
    general::<81>,
    general::<82>,
    general::<83>,
    general::<84>,
    general::<85>,
    general::<86>,
    general::<87>,
    general::<88>,
    general::<89>,
    general::<90>,
    general::<91>,
    general::<92>,
    general::<93>,
    general::<94>,
    general::<95>,
    general::<96>,
    general::<97>,
    general::<98>,
    general::<99>,
    general::<100>,
    general::<101>,
    general::<102>,
    general::<103>,
    general::<104>,
    general::<105>,
    general::<106>,
    general::<107>,
    general::<108>,
    general::<109>,
    general::<110>,
    general::<111>,
    general::<112>,
    general::<113>,
    general::<114>,
    general::<115>,
    general::<116>,
    general::<117>,
    general::<118>,
    general::<119>,
    general::<120>,
    general::<121>,
    general::<122>,
    general::<123>,
    general::<124>,
    general::<125>,
    general::<126>,
    general::<127>,
    general::<128>,
    general::<129>,
    general::<130>,
    general::<131>,
    general::<132>,
    general::<133>,
    general::<134>,
    general::<135>,
    general::<136>,
    general::<137>,
    general::<138>,
    general::<139>,
    general::<140>,
    general::<141>,
    general::<142>,
    general::<143>,
    general::<144>,
    general::<145>,
    general::<146>,
    general::<147>,
    general::<148>,
    general::<149>,
    general::<150>,
    general::<151>,
    general::<152>,
    general::<153>,
    general::<154>,
    general::<155>,
    general::<156>,
    general::<157>,
    general::<158>,
    general::<159>,
    general::<160>,
    general::<161>,
    general::<162>,
    general::<163>,
    general::<164>,
    general::<165>,
    general::<166>,
    general::<167>,
    general::<168>,
    general::<169>,
    general::<170>,
    general::<171>,
    general::<172>,
    general::<173>,
    general::<174>,
    general::<175>,
    general::<176>,
];
