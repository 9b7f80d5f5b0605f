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
//!
//! Which handlers an operation may get follows from its line in the
//! instruction table (`isa/table.rs`, see `handlers`): the semantics column
//! (`alu_imm`, `alu_reg`, `branch`, `load`, `store` have fast handlers) and
//! the block column (`mem`: the general handler that accesses memory).

use super::block::{Alone, BlockInst};
use super::state::RunState;
use crate::hart::csr::CsrOpKind;
use crate::hart::Hart;
use crate::isa::exec::alu;
use crate::isa::exec::{base, execute_op, zicsr};
use crate::isa::table::instructions;
use crate::isa::{Inst, Op};

/// What a handler tells the run loop. Compiled blocks return it as the
/// low byte of their result (see `engine::jit`), so its values are fixed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum Exit {
    /// The instruction retired: go on with the block's next one.
    Next = 0,
    /// The instruction trapped and did not retire: the trap is in
    /// `RunState::trap` and the pc is the instruction's.
    Trapped = 1,
    /// The instruction retired and set the pc, but the block must be left: it
    /// raised a flag the run loop must look at, or wrote the block's page.
    Leave = 2,
    /// The instruction jumped (a taken branch, a jump): it retired and set the
    /// pc; the run loop goes on with the block there.
    Taken = 3,
    /// The instruction (a block's last: an xRET while a counter filters by
    /// mode or under a probe on transitions) has not run: the run loop
    /// runs it on its own, after the instructions before it retired (so a
    /// change of mode is seen by the counters after them).
    Alone = 4,
}

impl Exit {
    /// Every exit, by value.
    const ALL: [Exit; 5] = [Exit::Next, Exit::Trapped, Exit::Leave, Exit::Taken, Exit::Alone];

    /// The exit whose value is the low three bits of `bits` (compiled
    /// code returns only exits; anything else reads as `Alone`, which
    /// runs the instruction the slow way).
    #[inline(always)]
    pub fn from_bits(bits: u8) -> Exit {
        match bits & 7 {
            0 => Exit::Next,
            1 => Exit::Trapped,
            2 => Exit::Leave,
            3 => Exit::Taken,
            _ => Exit::Alone,
        }
    }
}

const _: () = {
    let mut k = 0;
    while k < Exit::ALL.len() {
        assert!(Exit::ALL[k] as usize == k);
        k += 1;
    }
};

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
    /// Not run in the block: the run loop runs it on its own
    /// (`alone`: `Exit::Alone`).
    Alone,
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

/// `execute` specialized to the operation `Op::ALL[K]`, for an instruction
/// that does not access memory.
extern "C" fn general<const K: usize>(h: &mut Hart, e: &BlockInst, s: &mut RunState) -> Exit {
    h.pc = e.pc;
    match execute_op(h, Op::ALL[K], &e.inst) {
        Ok(()) => Exit::Next,
        Err(t) => {
            s.trap = t;
            Exit::Trapped
        }
    }
}

/// `execute` specialized to the memory access `Op::ALL[K]`. The access may
/// read the time (a CLINT register), reach a device, walk page tables
/// (setting A/D bits) or write the block's own page: the CLINT is told how
/// far into the run the hart is, and the block is left if a flag was
/// raised or the page written.
#[inline(never)]
extern "C" fn general_memory<const K: usize>(h: &mut Hart, e: &BlockInst, s: &mut RunState) -> Exit {
    h.pc = e.pc;
    h.bus.clint.set_chunk_progress(s.running.start.wrapping_add(e.index as u64));
    match execute_op(h, Op::ALL[K], &e.inst) {
        Ok(()) => {
            s.refresh(h);
            if h.irq_dirty || h.bus.ram.page_gen(s.running.pbase) != s.running.gen {
                Exit::Leave
            } else {
                Exit::Next
            }
        }
        Err(t) => {
            s.trap = t;
            Exit::Trapped
        }
    }
}

/// The CSR instruction `Op::ALL[K]` in a block (so reaching a plain CSR:
/// see `block::plain_csr`): the steps of `zicsr::csr`, its access along
/// the route the run state keeps for its CSR (`Hart::plain_route`, found
/// again when the mode changed); where there is none, the general
/// handler.
extern "C" fn csr_plain<const K: usize>(h: &mut Hart, e: &BlockInst, s: &mut RunState) -> Exit {
    let i = &e.inst;
    let (kind, uimm) = csr_kind::<K>();
    let (op, operand) = zicsr::access(h, i, kind, uimm);
    let addr = i.imm as u16 & 0xfff;
    let route = &s.plain_routes[route_slot(addr, op.writes)];
    if !route.leads(h, addr, op.writes) {
        return csr_plain_route::<K>(h, e, s);
    }
    let old = h.plain_access(route, op, operand);
    if op.reads {
        h.set_xreg(i.rd, old);
    }
    Exit::Next
}

/// `csr_plain` where the run state keeps no route for the access yet (a
/// first access, or from another mode): find it and go on along it
/// (`csr_plain` again, which now finds it); where there is none, the
/// general handler. Out of line, so that the common path saves few
/// registers.
#[cold]
#[inline(never)]
fn csr_plain_route<const K: usize>(h: &mut Hart, e: &BlockInst, s: &mut RunState) -> Exit {
    let addr = e.inst.imm as u16 & 0xfff;
    let (kind, uimm) = csr_kind::<K>();
    let writes = zicsr::access(h, &e.inst, kind, uimm).0.writes;
    match h.plain_route(addr, writes) {
        Some(route) => {
            s.plain_routes[route_slot(addr, writes)] = route;
            csr_plain::<K>(h, e, s)
        }
        None => general::<K>(h, e, s),
    }
}

/// Where the run state keeps the route of an access to `addr` (writing it
/// or not): see `PLAIN_ROUTES`.
#[inline(always)]
fn route_slot(addr: u16, writes: bool) -> usize {
    (addr as usize * 2 + writes as usize) % PLAIN_ROUTES
}

/// The CSR instruction `Op::ALL[K]`'s operation, and whether its operand
/// is the immediate (CSRR?I) rather than rs1.
#[inline(always)]
const fn csr_kind<const K: usize>() -> (CsrOpKind, bool) {
    match Op::ALL[K] {
        Op::Csrrw => (CsrOpKind::Write, false),
        Op::Csrrs => (CsrOpKind::Set, false),
        Op::Csrrc => (CsrOpKind::Clear, false),
        Op::Csrrwi => (CsrOpKind::Write, true),
        Op::Csrrsi => (CsrOpKind::Set, true),
        _ => (CsrOpKind::Clear, true),
    }
}

/// Routes the run state keeps (see `csr_plain`), by CSR number and
/// whether the instruction writes: a handler's read and write of each of
/// the four trap registers of a level take different ones.
pub const PLAIN_ROUTES: usize = 8;

/// A block's last instruction that runs on its own (see `Exit::Alone`).
extern "C" fn alone(_: &mut Hart, _: &BlockInst, _: &mut RunState) -> Exit {
    Exit::Alone
}

/// MRET or SRET (`Op::ALL[K]`), a block's last instruction. It changes
/// the mode before the run loop counts the instructions before it as
/// retired: right only while no counter filters by mode; otherwise it
/// runs alone, after them (see `Exit::Alone`).
extern "C" fn xret<const K: usize>(h: &mut Hart, e: &BlockInst, s: &mut RunState) -> Exit {
    if h.counters_filter_by_mode() {
        return Exit::Alone;
    }
    // It set the pc (a trap return is a jump): leave the block there.
    match general::<K>(h, e, s) {
        Exit::Next => Exit::Leave,
        trapped => trapped,
    }
}

/// An instruction whose only effect is writing x0, or a memory-ordering
/// fence (one in-order hart with no caches: nothing to order).
extern "C" fn nop(_: &mut Hart, _: &BlockInst, _: &mut RunState) -> Exit {
    Exit::Next
}

/// rd = Op::ALL[K](x[rs1], imm).
extern "C" fn op_imm<const K: usize>(h: &mut Hart, e: &BlockInst, _: &mut RunState) -> Exit {
    let a = h.x[e.inst.rs1 as usize & 31];
    h.x[e.inst.rd as usize & 31] = alu::compute(Op::ALL[K], a, e.inst.imm as u64);
    Exit::Next
}

/// rd = Op::ALL[K](x[rs1], x[rs2]).
extern "C" fn op_reg<const K: usize>(h: &mut Hart, e: &BlockInst, _: &mut RunState) -> Exit {
    let a = h.x[e.inst.rs1 as usize & 31];
    let b = h.x[e.inst.rs2 as usize & 31];
    h.x[e.inst.rd as usize & 31] = alu::compute(Op::ALL[K], a, b);
    Exit::Next
}

/// rd = a value known when the block was built (AUIPC: pc + imm; a
/// followed JAL: the link).
extern "C" fn li(h: &mut Hart, e: &BlockInst, _: &mut RunState) -> Exit {
    h.x[e.inst.rd as usize & 31] = e.value;
    Exit::Next
}

/// JAL with a link.
extern "C" fn jal(h: &mut Hart, e: &BlockInst, _: &mut RunState) -> Exit {
    h.x[e.inst.rd as usize & 31] = e.value;
    h.pc = e.target;
    Exit::Taken
}

/// JAL x0 (J).
extern "C" fn j(h: &mut Hart, e: &BlockInst, _: &mut RunState) -> Exit {
    h.pc = e.target;
    Exit::Taken
}

/// JALR with a link: the target is read before rd is written (rd may be
/// rs1). IALIGN = 16 (C is always on), so no target is misaligned.
extern "C" fn jalr(h: &mut Hart, e: &BlockInst, _: &mut RunState) -> Exit {
    let target = h.x[e.inst.rs1 as usize & 31].wrapping_add(e.inst.imm as u64) & !1;
    h.x[e.inst.rd as usize & 31] = e.value;
    h.pc = target;
    Exit::Taken
}

/// JALR x0 (JR, RET).
extern "C" fn jr(h: &mut Hart, e: &BlockInst, _: &mut RunState) -> Exit {
    h.pc = h.x[e.inst.rs1 as usize & 31].wrapping_add(e.inst.imm as u64) & !1;
    Exit::Taken
}

/// A conditional branch: if taken, to `target`, leaving the block;
/// otherwise the block goes on.
extern "C" fn branch<const K: usize>(h: &mut Hart, e: &BlockInst, _: &mut RunState) -> Exit {
    let a = h.x[e.inst.rs1 as usize & 31];
    let b = h.x[e.inst.rs2 as usize & 31];
    if base::taken(Op::ALL[K], a, b) {
        h.pc = e.target;
        return Exit::Taken;
    }
    Exit::Next
}

/// Whether an access of `size` bytes at `va` has a shape the fast path
/// takes: with direct physical addresses, within one aligned 8-byte granule;
/// through a fast page, within the page.
#[inline(always)]
fn fast_shape(s: &RunState, va: u64, size: u8) -> bool {
    if s.direct {
        (va & 7) + size as u64 <= 8
    } else {
        (va & 0xfff) + size as u64 <= 0x1000
    }
}

/// The integer load `Op::ALL[K]` of `SIZE` bytes (rd is not x0). Fast path:
/// an access to RAM at a physical address that is the virtual one
/// (`RunState::direct`: within one aligned 8-byte granule, so it crosses no
/// PMP entry) or that a fast page gives (`RunState::tlb_pa`: anywhere in
/// the page, which its fast page allows whole, misaligned included, as the
/// general path performs misaligned accesses within a page); the steps of
/// `base::load`. Anything else: the general handler.
extern "C" fn load<const K: usize, const SIZE: u8, const SIGNED: bool>(
    h: &mut Hart,
    e: &BlockInst,
    s: &mut RunState,
) -> Exit {
    s.settle(h);
    let va = h.x[e.inst.rs1 as usize & 31].wrapping_add(e.inst.imm as u64);
    if fast_shape(s, va, SIZE) {
        let pa = if s.direct { Some(va) } else { s.tlb_pa(h, va, false) };
        if let Some(v) = pa.and_then(|pa| h.bus.ram.read(pa, SIZE)) {
            h.x[e.inst.rd as usize & 31] = if SIGNED { base::sign_extend(v, SIZE) } else { v };
            return Exit::Next;
        }
    }
    general_memory::<K>(h, e, s)
}

/// The integer store `Op::ALL[K]` of `SIZE` bytes, split as `load` is (both
/// paths need no LR reservation held: see `state::fast_allowed`). A write
/// to the block's own page leaves the block, whose next instructions may
/// have changed.
extern "C" fn store<const K: usize, const SIZE: u8>(h: &mut Hart, e: &BlockInst, s: &mut RunState) -> Exit {
    s.settle(h);
    let va = h.x[e.inst.rs1 as usize & 31].wrapping_add(e.inst.imm as u64);
    let val = h.x[e.inst.rs2 as usize & 31];
    if fast_shape(s, va, SIZE) {
        let pa = if s.direct { Some(va) } else { s.tlb_pa(h, va, true) };
        if let Some(pa) = pa {
            if h.bus.ram.write(pa, SIZE, val) {
                if !s.direct {
                    s.stored(pa);
                }
                if pa & !0xfff == s.running.pbase {
                    h.pc = e.value;
                    return Exit::Leave;
                }
                return Exit::Next;
            }
        }
    }
    general_memory::<K>(h, e, s)
}

/// The handlers an operation may get, from its line in the instruction
/// table (`isa/table.rs`): the semantics column says which fast handler
/// fits, the block column whether the general one accesses memory.
#[derive(Clone, Copy)]
enum Handlers {
    /// `alu_imm(..)`: `op_imm`.
    AluImm(Handler),
    /// `alu_reg(..)`: `op_reg`.
    AluReg(Handler),
    /// `branch(..)`: `branch`.
    Branch(Handler),
    /// `load(..)`: `load` and its form, and `general_memory` (for rd = x0).
    Load(Handler, Form, Handler),
    /// `store(..)`: `store` and its form.
    Store(Handler, Form),
    /// Any other `mem` line: `general_memory`.
    Memory(Handler),
    /// Anything else: `general`.
    General(Handler),
}

/// One table line's `Handlers` (`$k` is its `Op as usize`).
macro_rules! handlers {
    ($k:expr, alu_imm $args:tt, $block:ident) => {
        Handlers::AluImm(op_imm::<{ $k }>)
    };
    ($k:expr, alu_reg $args:tt, $block:ident) => {
        Handlers::AluReg(op_reg::<{ $k }>)
    };
    ($k:expr, branch $args:tt, $block:ident) => {
        Handlers::Branch(branch::<{ $k }>)
    };
    ($k:expr, load($size:literal, $signed:literal), $block:ident) => {
        Handlers::Load(
            load::<{ $k }, $size, $signed>,
            Form::Load { size: $size, signed: $signed },
            general_memory::<{ $k }>,
        )
    };
    ($k:expr, store($size:literal), $block:ident) => {
        Handlers::Store(store::<{ $k }, $size>, Form::Store { size: $size })
    };
    ($k:expr, exec $args:tt, mem) => {
        Handlers::Memory(general_memory::<{ $k }>)
    };
    ($k:expr, exec $args:tt, $block:ident) => {
        Handlers::General(general::<{ $k }>)
    };
}

macro_rules! define_handlers {
    ($($op:ident $enc:ident $m:literal $ext:ident $bits:literal $mask:literal $fmt:ident
       $sem:ident $args:tt $block:ident $dis:ident;)*) => {
        /// The handlers `op` may get.
        fn handlers(op: Op) -> Handlers {
            match op {
                Op::Illegal => Handlers::General(general::<{ Op::Illegal as usize }>),
                $(Op::$op => handlers!(Op::$op as usize, $sem $args, $block),)*
            }
        }
    };
}
instructions!(define_handlers);

/// The block entry for `inst` at `pc`, the `index`th of its block; for a
/// JAL, `follow` tells whether the block goes on at its target;
/// `alone_too` says which instructions a probe wants run alone (of those
/// that may be in a block, the xRETs here).
pub fn entry(inst: Inst, pc: u64, index: u8, follow: Follow, alone_too: Alone) -> BlockInst {
    let next = pc.wrapping_add(inst.len as u64);
    let (mut value, mut target) = (next, next);
    let (run, form): (Handler, Form) = match (handlers(inst.op), inst.op) {
        // The integer loads to a register other than x0 and the stores
        // have fast handlers, every other access the general one.
        (Handlers::Load(_, _, general), _) if inst.rd == 0 => (general, Form::Call),
        (Handlers::Load(fast, form, _) | Handlers::Store(fast, form), _) => (fast, form),
        (Handlers::Memory(general), _) => (general, Form::Call),
        (Handlers::AluImm(_) | Handlers::AluReg(_), _) if inst.rd == 0 => (nop, Form::Nop),
        (Handlers::AluImm(h), _) => (h, Form::OpImm),
        (Handlers::AluReg(h), _) => (h, Form::OpReg),
        (Handlers::Branch(h), _) => {
            target = pc.wrapping_add(inst.imm as u64);
            (h, Form::Branch)
        }
        // What is known when the block is built: AUIPC's value, a jump's
        // link and target; and the fences, which have nothing to order.
        (_, Op::Auipc) if inst.rd == 0 => (nop, Form::Nop),
        (_, Op::Auipc) => {
            value = pc.wrapping_add(inst.imm as u64);
            (li, Form::Li)
        }
        (_, Op::Fence | Op::Pause) => (nop, Form::Nop),
        // ECALL (the table's other block-ending `last` line) takes its
        // general handler: its exception, which the run loop takes once
        // the block's instructions before it retired.
        (_, Op::Mret | Op::Sret) if alone_too.xret => (alone, Form::Alone),
        (_, Op::Mret) => (xret::<{ Op::Mret as usize }>, Form::Call),
        (_, Op::Sret) => (xret::<{ Op::Sret as usize }>, Form::Call),
        (_, Op::Csrrw) => (csr_plain::<{ Op::Csrrw as usize }>, Form::Call),
        (_, Op::Csrrs) => (csr_plain::<{ Op::Csrrs as usize }>, Form::Call),
        (_, Op::Csrrc) => (csr_plain::<{ Op::Csrrc as usize }>, Form::Call),
        (_, Op::Csrrwi) => (csr_plain::<{ Op::Csrrwi as usize }>, Form::Call),
        (_, Op::Csrrsi) => (csr_plain::<{ Op::Csrrsi as usize }>, Form::Call),
        (_, Op::Csrrci) => (csr_plain::<{ Op::Csrrci as usize }>, Form::Call),
        (_, Op::Jal) => {
            target = pc.wrapping_add(inst.imm as u64);
            match (follow, inst.rd) {
                // Followed: only the link is left to write.
                (Follow::Yes, 0) => (nop, Form::Nop),
                (Follow::Yes, _) => (li, Form::Li),
                (Follow::No, 0) => (j, Form::Jump { link: false }),
                (Follow::No, _) => (jal, Form::Jump { link: true }),
            }
        }
        (_, Op::Jalr) if inst.rd == 0 => (jr, Form::JumpReg { link: false }),
        (_, Op::Jalr) => (jalr, Form::JumpReg { link: true }),
        (Handlers::General(h), _) => (h, Form::Call),
    };
    BlockInst { run, form, inst, pc, value, target, index }
}
