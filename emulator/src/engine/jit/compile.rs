//! Block -> x86-64: see the module doc of `jit`.

mod bitmanip;
mod muldiv;

use super::pack;
use super::x86::{at, Alu, Asm, Cond, Mem, Reg, Shift, Width};
use crate::bus::ram::HostRam;
use crate::engine::block::{Block, BlockInst, BLOCK_MAX};
use crate::engine::fast_pages::{FastPage, FastPages, FAST_PAGES};
use crate::engine::jumps::{Jump, Jumps, JUMPS};
use crate::engine::state::{RunState, Running};
use crate::engine::threaded::{Exit, Form};
use crate::hart::Hart;
use crate::isa::Op;
use std::mem::offset_of;

/// Where rbx points in the hart: at x[16], so that every x register is
/// within a one-byte displacement ([rbx - 128] to [rbx + 120]).
const X_BIAS: i32 = offset_of!(Hart, x) as i32 + 128;

/// x[r], in the hart (rbx).
fn xreg(r: u8) -> Mem {
    at(Reg::Rbx, 8 * (r as i32 & 31) - 128)
}

/// The pc, in the hart (rbx).
const PC: Mem = at(Reg::Rbx, offset_of!(Hart, pc) as i32 - X_BIAS);

/// A field of the run loop's state (rbp), at `offset` in `RunState`.
const fn state(offset: usize) -> Mem {
    at(Reg::Rbp, offset as i32)
}

/// Where a compiled block's exit may be linked to the next block (see
/// `jit::Link`), as offsets in its code.
#[derive(Clone, Copy, Debug, Default)]
pub struct ExitSite {
    /// The pc the exit goes on at.
    pub to_pc: u64,
    /// The rel32 of the `jmp` that goes on to the glue (rel32 0) once
    /// linked, and to the exit (`unlinked_rel`) until then.
    pub site_rel: usize,
    pub unlinked_rel: i32,
    /// The glue's imm64 (the next block's address) and the rel32 of its
    /// `jmp` (to the next block's chain entry), which ends 4 bytes on.
    pub block_imm: usize,
    pub jump_rel: usize,
}

/// The callee-saved registers compiled code uses, saved by the prologue
/// (see `pass`).
const SAVED: [Reg; 6] = [Reg::Rbx, Reg::Rbp, Reg::R12, Reg::R13, Reg::R14, Reg::R15];

/// Where a linked block jumps into its successor: after the prologue
/// (the frame and the registers are the same), at the fuel check: three
/// one-byte pushes and four two-byte ones, the `lea` of rbx (disp8 or
/// disp32), a three-byte mov and the four-byte load of the fuel in.
pub const CHAIN_ENTRY: usize = 11 + if X_BIAS <= 127 { 4 } else { 7 } + 3 + 4;

/// The machine code for `b`: a function `(hart, state) -> packed exit`,
/// where its fall-through exit can be linked, and where its branches taken
/// to a target in its page can be (with their index in the block).
///
/// `direct` is `RunState::direct` now: loads and stores are written out
/// for that case only (M-mode's direct path, or the translated modes'
/// fast pages); should the block run in the other, its accesses go to
/// their handlers.
pub fn block(b: &Block, direct: bool) -> (Vec<u8>, ExitSite, Vec<(u8, ExitSite)>) {
    let first = pass(b, direct, None);
    match first.back_edge {
        // A loop: again, with the registers it held at its branch back
        // held from its start on (see `pass`).
        Some(regs) if regs.held.iter().any(Option::is_some) => {
            let again = pass(b, direct, Some(regs));
            (again.gen.a.code, again.exit, again.gen.taken)
        }
        _ => (first.gen.a.code, first.exit, first.gen.taken),
    }
}

/// One compilation of a block (see `pass`).
struct Pass<'a> {
    gen: Gen<'a>,
    exit: ExitSite,
    /// For a block that loops on itself: the cache registers at its
    /// branch back.
    back_edge: Option<Regs>,
}

/// Compile `b` (see `block`). With `carried`, the block loops on itself
/// (`self_loop`) and each pass starts with `carried`'s registers held
/// (loaded before the first pass; at the branch back, the registers are
/// put where `carried` has them), so a loop's registers stay in host
/// registers from one pass to the next; without it, each pass starts
/// with none held (stored at the branch back).
fn pass(b: &Block, direct: bool, carried: Option<Regs>) -> Pass<'_> {
    let mut g = Gen { a: Asm { code: Vec::with_capacity(2048) }, rax: None, regs: Regs::default(), clock: 0, direct, cold: Vec::new(), taken: Vec::new(), carried, back_edge: None, leaving: Vec::new() };
    // rbx, rbp and r12..r15 are callee-saved (so they survive handler
    // calls); a seventh push (of anything) keeps the stack 16-byte
    // aligned at those calls. r12 holds `RunState::fuel` while compiled
    // code runs (a register, not a read-modify-write of memory at every
    // linked block or loop pass): written back when a block returns and
    // before a handler call.
    for r in SAVED {
        g.a.push(r);
    }
    g.a.push(Reg::Rax);
    g.a.lea(Reg::Rbx, at(Reg::Rdi, X_BIAS));
    g.a.mov(Reg::Rbp, Reg::Rsi);
    g.a.load(Reg::R12, FUEL);
    debug_assert_eq!(g.a.code.len(), CHAIN_ENTRY);
    let len = (b.len as usize).min(BLOCK_MAX);
    // Entered from a linked predecessor: run only if the fuel allows the
    // whole block, as the run loop does (timer deadlines stay exact);
    // else return having run none of it (the pc is this block's).
    g.a.alu_imm(Alu::Cmp, Width::W64, FUEL_REG, len as i32);
    g.cold_if(Cond::B, |g| leave(g, pack(Exit::Next, 0)));
    if let Some(regs) = carried {
        // Every pass may have written them: all dirty.
        g.reload_cache(regs);
        g.regs = Regs { dirty: u8::MAX >> (8 - CACHE.len()), ..regs };
    }
    let body = g.a.code.len();
    for (k, e) in b.insts[..len].iter().enumerate() {
        if e.form == Form::Branch && e.target == b.pc && self_loop(&mut g, e, k, len, body) {
            continue;
        }
        if e.form == Form::Branch && e.target & !0xfff == b.pc & !0xfff && linkable_branch(&mut g, e, k) {
            continue;
        }
        if !inline(&mut g, e, k) {
            call(&mut g, e, k);
        }
    }
    let exit = if b.end_pc & !0xfff == b.pc & !0xfff {
        linkable_exit(&mut g, b.end_pc, len, pack(Exit::Next, len), None)
    } else {
        // Into the next page: through the jump cache (never linked).
        g.a.mov_imm64(Reg::Rax, b.end_pc);
        chain(&mut g, len, pack(Exit::Next, len));
        ExitSite::default()
    };
    // The cold code: slow paths and exits, out of the straight path.
    while !g.cold.is_empty() {
        for (regs, f) in std::mem::take(&mut g.cold) {
            g.rax = None;
            g.regs = regs;
            f(&mut g);
        }
    }
    // The epilogue every exit jumps to.
    for site in std::mem::take(&mut g.leaving) {
        g.a.bind(site);
    }
    g.a.store(FUEL, FUEL_REG);
    // The alignment push, into a scratch register (eax is the result).
    g.a.pop(Reg::Rcx);
    for r in SAVED.into_iter().rev() {
        g.a.pop(r);
    }
    g.a.ret();
    let back_edge = g.back_edge;
    Pass { gen: g, exit, back_edge }
}

/// An exit that may be linked to the block at `to_pc`, after `retired`
/// instructions of this one: a patchable `jmp` that returns `packed` to
/// the run loop (having set the pc to `set_pc`, if given) until the exit
/// is linked to its successor (`jit::Jit::link`); then it goes to the
/// glue, which counts the `retired` instructions (in the fuel, as
/// `self_loop` does), records the successor as the
/// block running (`RunState::block`) and jumps to its chain entry. (The
/// successor's chain entry checks the fuel for its whole length; this
/// block was entered with fuel for its own, so the subtraction never goes
/// below zero.)
fn linkable_exit(g: &mut Gen, to_pc: u64, retired: usize, packed: u32, set_pc: Option<u64>) -> ExitSite {
    // The successor (and the run loop) read the guest's registers from
    // the hart.
    g.write_back();
    let site = g.a.jmp_forward();
    g.a.alu_imm(Alu::Sub, Width::W64, FUEL_REG, retired as i32);
    g.a.mov_imm64(Reg::Rax, 0);
    let block_imm = g.a.code.len() - 8;
    g.a.store(BLOCK, Reg::Rax);
    let jump = g.a.jmp_forward();
    g.a.bind(site);
    let unlinked_rel = (g.a.code.len() - site) as i32;
    if let Some(pc) = set_pc {
        g.a.mov_imm64(Reg::Rax, pc);
        g.a.store(PC, Reg::Rax);
    }
    leave(g, packed);
    ExitSite { to_pc, site_rel: site - 4, unlinked_rel, block_imm, jump_rel: jump - 4 }
}

/// A conditional branch to `e.target` in the block's page: when taken, a
/// linkable exit (`linkable_exit`, in the cold code; its site goes to
/// `Gen::taken`) to the block there (the branch is instruction `k`, so
/// `k + 1` instructions retired). False if it is not one of the branches
/// compiled inline.
fn linkable_branch<'a>(g: &mut Gen<'a>, e: &'a BlockInst, k: usize) -> bool {
    let i = &e.inst;
    let Some(cc) = branch_cond(i.op) else { return false };
    g.compare(i.rs1, i.rs2);
    let target = e.target;
    g.cold_if(cc, move |g| {
        let site = linkable_exit(g, target, k + 1, pack(Exit::Taken, k), Some(target));
        g.taken.push((k as u8, site));
    });
    true
}

/// The code being generated, and what it knows of the registers: rax
/// holds x[`rax`] when set (the last value written or read there), so an
/// instruction that reads the register an earlier one just wrote takes it
/// from rax. Forgotten at every point where paths join or a call may have
/// changed rax (cold code rejoining the straight path leaves rax as the
/// straight path does there).
struct Gen<'a> {
    a: Asm,
    rax: Option<u8>,
    /// Guest registers held in host registers (`CACHE`; see `Regs`).
    regs: Regs,
    /// Counts register uses, for `Regs::used` (least recently used goes).
    clock: u32,
    /// `RunState::direct` when the block was compiled (see `block`).
    direct: bool,
    /// Code to place after the block's end (slow paths, exits): the
    /// straight path through the block stays dense in the host's
    /// instruction cache. Each is emitted with rax holding no register
    /// and the cache registers as they were where its code is jumped to.
    cold: Vec<(Regs, Cold<'a>)>,
    /// The link sites of branches taken within the page (see
    /// `linkable_branch`), with their index in the block.
    taken: Vec<(u8, ExitSite)>,
    /// The registers each pass of a loop starts with (see `pass`).
    carried: Option<Regs>,
    /// The registers at a loop's branch back (see `Pass`).
    back_edge: Option<Regs>,
    /// The jumps to the block's epilogue (see `epilogue`).
    leaving: Vec<usize>,
}

/// Code emitted into the cold part of a block (see `Gen::cold`).
type Cold<'a> = Box<dyn FnOnce(&mut Gen<'a>) + 'a>;

/// The host registers of `Regs`: r8..r11 are caller-saved, r13..r15
/// callee-saved (saved by the prologue); handler calls may write the
/// guest's registers, so every one is forgotten at a call either way.
const CACHE: [Reg; 7] = [Reg::R8, Reg::R9, Reg::R10, Reg::R11, Reg::R13, Reg::R14, Reg::R15];

/// Guest registers held in host registers (`CACHE`) at a point of the
/// code, as last read or written there: a write-back cache. A register
/// written in the block lives only in its host register (`dirty`) until
/// the block leaves, calls a handler (which reads the hart) or needs the
/// host register for another: then it is stored to the hart
/// (`Gen::write_back`). So an instruction's result costs a register move,
/// not a store, and a register used again is not reloaded. `dirty` may
/// include registers equal to the hart's (storing them again is harmless);
/// it never misses one that differs.
#[derive(Clone, Copy, Default)]
struct Regs {
    /// The guest register each host register holds.
    held: [Option<u8>; CACHE.len()],
    /// Bit i: `CACHE[i]` may differ from the hart's copy.
    dirty: u8,
    /// When each was last used (`Gen::clock`).
    used: [u32; CACHE.len()],
}

impl<'a> Gen<'a> {
    /// Jump, when `cc` holds, to `f`'s code in the cold part.
    fn cold_if(&mut self, cc: Cond, f: impl FnOnce(&mut Gen<'a>) + 'a) {
        let label = self.a.jcc_forward(cc);
        self.later(move |g| {
            g.a.bind(label);
            f(g);
        });
    }

    /// Emit `f` in the cold part, with the cache registers as they are
    /// here (where its code is to be jumped to from).
    fn later(&mut self, f: impl FnOnce(&mut Gen<'a>) + 'a) {
        self.cold.push((self.regs, Box::new(f)));
    }

    /// Put the registers `to` holds in its host registers (at a loop's
    /// branch back: `pass`): a host register holding another guest
    /// register than `to`'s is stored if dirty, then loaded with `to`'s
    /// (its register, if held elsewhere, was stored there first: two
    /// rounds). Host registers already holding `to`'s stay.
    fn carry_to(&mut self, to: Regs) {
        let moved: Vec<usize> = (0..CACHE.len()).filter(|&i| self.regs.held[i] != to.held[i]).collect();
        for &i in &moved {
            self.store_if_dirty(i);
        }
        for &i in &moved {
            if let Some(r) = to.held[i] {
                self.a.load(CACHE[i], xreg(r));
            }
        }
    }

    /// Store `CACHE[i]`'s guest register to the hart if it may differ.
    fn store_if_dirty(&mut self, i: usize) {
        if let (Some(r), true) = (self.regs.held[i], self.regs.dirty & 1 << i != 0) {
            self.a.store(xreg(r), CACHE[i]);
        }
    }

    /// Store every register that may differ from the hart's copy (the
    /// cache keeps holding them, now clean).
    fn write_back(&mut self) {
        for i in 0..CACHE.len() {
            self.store_if_dirty(i);
        }
        self.regs.dirty = 0;
    }

    /// Flags = x[rs1] - x[rs2] (as `cmp`; `g.rax` says what rax holds after).
    fn compare(&mut self, rs1: u8, rs2: u8) {
        // On x[rs1]'s cache register where it has one (rax kept): against
        // x0 with a test.
        if rs1 != 0 {
            if let Some(c) = self.cached(rs1) {
                match rs2 {
                    0 => self.a.test(Width::W64, c, c),
                    _ => self.with_operand(rs2, |a, src| match src {
                        Ok(r) => a.alu_reg(Alu::Cmp, Width::W64, c, r),
                        Err(m) => a.alu_mem(Alu::Cmp, Width::W64, c, m),
                    }),
                }
                return;
            }
        }
        self.binary(Alu::Cmp, Width::W64, rs1, rs2);
        self.rax = Some(rs1);
    }

    /// rax = op(x[rs1], x[rs2]) (rax then holds no register: the caller
    /// writes rd or says what rax is).
    fn binary(&mut self, op: Alu, w: Width, rs1: u8, rs2: u8) {
        let commutes = matches!(op, Alu::Add | Alu::Xor | Alu::Or | Alu::And);
        if self.rax == Some(rs2) && rs1 != rs2 && commutes {
            // rax = x[rs2] op x[rs1]: the same.
            self.with_operand(rs1, |a, src| match src {
                Ok(r) => a.alu_reg(op, w, Reg::Rax, r),
                Err(m) => a.alu_mem(op, w, Reg::Rax, m),
            });
        } else if self.rax == Some(rs2) && rs1 != rs2 {
            self.a.mov(Reg::Rcx, Reg::Rax);
            self.get(Reg::Rax, rs1);
            self.a.alu_reg(op, w, Reg::Rax, Reg::Rcx);
        } else {
            self.get(Reg::Rax, rs1);
            self.with_operand(rs2, |a, src| match src {
                Ok(r) => a.alu_reg(op, w, Reg::Rax, r),
                Err(m) => a.alu_mem(op, w, Reg::Rax, m),
            });
        }
        self.rax = None;
    }

    /// Emit `f` with x[r] as a source operand: its cache register
    /// (`Ok`), or its place in the hart (`Err`).
    fn with_operand(&mut self, r: u8, f: impl FnOnce(&mut Asm, Result<Reg, Mem>)) {
        match self.cached(r) {
            Some(c) => f(&mut self.a, Ok(c)),
            None => f(&mut self.a, Err(xreg(r))),
        }
    }

    /// The cache register holding x[r], if one does (a use of it).
    fn cached(&mut self, r: u8) -> Option<Reg> {
        let i = self.regs.held.iter().position(|&c| c == Some(r))?;
        self.clock += 1;
        self.regs.used[i] = self.clock;
        Some(CACHE[i])
    }

    /// The slot of x[r]'s cache register, now used: r's own, else a free
    /// one, else the least recently used one's (stored first if dirty).
    fn slot(&mut self, r: u8) -> usize {
        let i = match self.regs.held.iter().position(|&c| c == Some(r)) {
            Some(i) => i,
            None => {
                let free = self.regs.held.iter().position(Option::is_none);
                let lru = (0..CACHE.len()).min_by_key(|&i| self.regs.used[i]).unwrap_or(0);
                let i = free.unwrap_or(lru);
                self.store_if_dirty(i);
                self.regs.held[i] = Some(r);
                i
            }
        };
        self.clock += 1;
        self.regs.used[i] = self.clock;
        i
    }

    /// Put `host`'s value in x[r]'s cache register (`slot`; x[r] just
    /// loaded, or written if `written`). x0 is not cached (its reads are
    /// rare and it is never written).
    fn cache_from(&mut self, r: u8, host: Reg, written: bool) {
        if r == 0 {
            return;
        }
        let i = self.slot(r);
        if written {
            self.regs.dirty |= 1 << i;
        } else {
            self.regs.dirty &= !(1 << i);
        }
        self.a.mov(CACHE[i], host);
    }

    /// The cache register for x[rd] about to be written in place (`slot`),
    /// marked dirty; its value is not loaded. rax no longer holds rd's
    /// value (it is about to change).
    fn dest(&mut self, rd: u8) -> Reg {
        let i = self.slot(rd);
        self.regs.dirty |= 1 << i;
        if self.rax == Some(rd) {
            self.rax = None;
        }
        CACHE[i]
    }

    /// Where x[r] can be read now: its cache register, rax, or the hart.
    fn source(&mut self, r: u8) -> Result<Reg, Mem> {
        match self.cached(r) {
            Some(c) => Ok(c),
            None if self.rax == Some(r) && r != 0 => Ok(Reg::Rax),
            None => Err(xreg(r)),
        }
    }

    /// The cache register for x[rd] about to be computed in place from
    /// x[first] (see `dest`), holding x[first] already.
    fn dest_from(&mut self, rd: u8, first: u8) -> Reg {
        // Where rd's own value is, looked up before `dest` takes a
        // register for it (which would then seem to hold it).
        let own = (first == rd).then(|| self.source(rd));
        let d = self.dest(rd);
        let from = match own {
            Some(own) => own,
            // Looked up after: `dest` may have stored and dropped it.
            None => self.source(first),
        };
        match from {
            Ok(s) if s == d => {}
            Ok(s) => self.a.mov(d, s),
            Err(m) => self.a.load(d, m),
        }
        d
    }

    /// rd = x[rs1] op x[rs2], computed in rd's cache register; W32 ops
    /// are sign-extended from 32 bits. False (nothing emitted) where rd
    /// is rs2 but not rs1 and `op` does not commute (rd's register would
    /// be overwritten before it is read).
    fn alu_in_place(&mut self, op: Alu, w: Width, rd: u8, rs1: u8, rs2: u8) -> bool {
        let commutes = matches!(op, Alu::Add | Alu::Xor | Alu::Or | Alu::And);
        let (first, second) = match (rd == rs2 && rd != rs1, commutes) {
            (false, _) => (rs1, rs2),
            (true, true) => (rs2, rs1),
            (true, false) => return false,
        };
        let d = self.dest_from(rd, first);
        match self.source(second) {
            Ok(s) => self.a.alu_reg(op, w, d, s),
            Err(m) => self.a.alu_mem(op, w, d, m),
        }
        if w == Width::W32 {
            self.a.sign_extend_32(d);
        }
        true
    }

    /// Reload the cache registers of `regs` from the hart (after a
    /// handler call, which clobbers r8..r11 and may have written x
    /// registers: `write_back` came first), so that they hold what they
    /// held there.
    fn reload_cache(&mut self, regs: Regs) {
        for (i, r) in regs.held.iter().enumerate() {
            if let Some(r) = *r {
                self.a.load(CACHE[i], xreg(r));
            }
        }
    }

    /// host = x[r].
    fn get(&mut self, host: Reg, r: u8) {
        if self.rax == Some(r) {
            if host != Reg::Rax {
                self.a.mov(host, Reg::Rax);
            }
        } else if let Some(c) = self.cached(r) {
            self.a.mov(host, c);
        } else {
            self.a.load(host, xreg(r));
            self.cache_from(r, host, false);
        }
        if host == Reg::Rax {
            self.rax = Some(r);
        }
    }
}

/// `RunState::fuel` and `Running::start`.
const FUEL: Mem = state(offset_of!(RunState, fuel));
const RUNNING_START: Mem = state(offset_of!(RunState, running) + offset_of!(Running, start));
/// `RunState::budget`.
const BUDGET: Mem = state(offset_of!(RunState, budget));
/// The fuel while compiled code runs (see `block`).
const FUEL_REG: Reg = Reg::R12;
/// `RunState::block`.
const BLOCK: Mem = state(offset_of!(RunState, block));

// The run state's fields used on every pass are a one-byte displacement
// from rbp (see `RunState`).
const _: () = assert!(offset_of!(RunState, fast) + offset_of!(FastPages, epoch) < 128);

/// A branch back to the block's own start (a loop that is one block): when
/// taken and the fuel allows another whole pass, count the pass's k + 1
/// instructions (in the fuel, from which the run loop settles the retire
/// counts) and go round without leaving the block. Otherwise as any
/// branch.
fn self_loop(g: &mut Gen, e: &BlockInst, k: usize, len: usize, body: usize) -> bool {
    let i = &e.inst;
    let Some(cc) = branch_cond(i.op) else { return false };
    let pass = (k + 1) as i32;
    g.compare(i.rs1, i.rs2);
    let fallthrough = g.rax;
    let not_taken = g.a.jcc_forward(cc.opposite());
    g.a.alu_imm(Alu::Sub, Width::W64, FUEL_REG, pass);
    g.a.alu_imm(Alu::Cmp, Width::W64, FUEL_REG, len as i32);
    let target = e.target;
    g.cold_if(Cond::B, move |g| {
        // Not this pass: the run loop counts its instructions.
        g.a.alu_imm(Alu::Add, Width::W64, FUEL_REG, pass);
        g.a.mov_imm64(Reg::Rax, target);
        g.a.store(PC, Reg::Rax);
        leave(g, pack(Exit::Taken, k));
    });
    let regs = g.regs;
    g.back_edge = Some(regs);
    match g.carried {
        // The registers where the pass starts with them.
        Some(carried) => g.carry_to(carried),
        // The pass starts again with nothing cached.
        None => g.write_back(),
    }
    g.a.jmp_back(body);
    g.regs = regs;
    g.a.bind(not_taken);
    g.rax = fallthrough;
    true
}

/// The x86 condition of a RISC-V branch.
fn branch_cond(op: Op) -> Option<Cond> {
    Some(match op {
        Op::Beq => Cond::E,
        Op::Bne => Cond::Ne,
        Op::Blt => Cond::L,
        Op::Bge => Cond::Ge,
        Op::Bltu => Cond::B,
        Op::Bgeu => Cond::Ae,
        _ => return None,
    })
}

/// Leave the block for the one at the pc in rax (stored as the hart's pc
/// where the run loop needs it: a jump's target), `retired` instructions
/// of this one having retired: straight into its compiled code if the
/// jump cache (`engine::jumps`) has it under the current key and its page's
/// generation is unchanged (counting the `retired` instructions in the
/// fuel, recording it as the block running and its page as the running
/// one, as the run loop would), else returning `packed` to the run loop.
/// Its chain entry checks the fuel for its whole length, as after a link.
fn chain(g: &mut Gen, retired: usize, packed: u32) {
    g.write_back();
    let entry = |field: usize| at(Reg::Rcx, field as i32);
    // rcx = the entry: table + slot * 64.
    g.a.mov32(Reg::Rcx, Reg::Rax);
    g.a.shift_imm(Shift::Shr, Width::W32, Reg::Rcx, 1);
    g.a.alu_imm(Alu::And, Width::W32, Reg::Rcx, JUMPS as i32 - 1);
    g.a.shift_imm(Shift::Shl, Width::W32, Reg::Rcx, 6);
    g.a.alu_mem(Alu::Add, Width::W64, Reg::Rcx, JUMP_TABLE);
    g.a.alu_mem(Alu::Cmp, Width::W64, Reg::Rax, entry(offset_of!(Jump, pc)));
    let other = g.a.jcc_forward(Cond::Ne);
    g.a.load(Reg::Rdx, JUMP_KEY);
    g.a.alu_mem(Alu::Cmp, Width::W64, Reg::Rdx, entry(offset_of!(Jump, key)));
    let old = g.a.jcc_forward(Cond::Ne);
    g.a.load(Reg::Rdx, entry(offset_of!(Jump, gen_at)));
    g.a.load(Reg::Rdx, at(Reg::Rdx, 0));
    g.a.alu_mem(Alu::Cmp, Width::W64, Reg::Rdx, entry(offset_of!(Jump, gen)));
    let written = g.a.jcc_forward(Cond::Ne);
    g.a.alu_imm(Alu::Sub, Width::W64, FUEL_REG, retired as i32);
    for (from, to) in [(offset_of!(Jump, block), BLOCK), (offset_of!(Jump, pbase), RUNNING_PBASE), (offset_of!(Jump, gen), RUNNING_GEN)] {
        g.a.load(Reg::Rdx, entry(from));
        g.a.store(to, Reg::Rdx);
    }
    g.a.jmp_mem(entry(offset_of!(Jump, code)));
    bind_all(g, [other, old, written, usize::MAX]);
    leave(g, packed);
}

/// Return `packed` from the block.
fn leave(g: &mut Gen, packed: u32) {
    g.a.mov_eax(packed);
    epilogue(g);
}

/// Write the registers back and go to the block's epilogue (emitted once,
/// at its end), which writes the fuel back, undoes the prologue's pushes
/// and returns (eax).
fn epilogue(g: &mut Gen) {
    g.write_back();
    let site = g.a.jmp_forward();
    g.leaving.push(site);
}

/// Call the entry's handler; leave the block with its exit if not
/// `Exit::Next` (from the cold part).
fn call(g: &mut Gen, e: &BlockInst, k: usize) {
    if e.form == Form::Alone {
        // Its handler would only say so: the run loop runs it alone.
        g.write_back();
        leave(g, pack(Exit::Alone, k));
        return;
    }
    call_handler(g, e);
    g.cold_if(Cond::Ne, move |g| leave_with_al(g, k));
    g.rax = None;
}

/// `call`, all in place (for slow paths already in the cold part).
fn call_in_place(g: &mut Gen, e: &BlockInst, k: usize) {
    call_handler(g, e);
    let next = g.a.jcc_forward(Cond::E);
    leave_with_al(g, k);
    g.a.bind(next);
    g.rax = None;
}

/// Call the entry's handler (`(hart, entry, state) -> Exit`); the flags
/// then say whether it returned `Exit::Next` (zero). The handler reads
/// the registers from the hart (written back first) and clobbers the
/// cache registers (forgotten).
fn call_handler(g: &mut Gen, e: &BlockInst) {
    g.write_back();
    g.regs = Regs::default();
    // What the handlers may read of the run: the fuel and where the block
    // started (budget - fuel: see `RunState::budget`).
    g.a.store(FUEL, FUEL_REG);
    g.a.load(Reg::Rax, BUDGET);
    g.a.alu_reg(Alu::Sub, Width::W64, Reg::Rax, FUEL_REG);
    g.a.store(RUNNING_START, Reg::Rax);
    g.a.lea(Reg::Rdi, at(Reg::Rbx, -X_BIAS));
    g.a.mov_imm64(Reg::Rsi, e as *const BlockInst as u64);
    g.a.mov(Reg::Rdx, Reg::Rbp);
    g.a.mov_imm64(Reg::Rax, e.run as usize as u64);
    g.a.call_rax();
    g.a.test_al();
}

/// Leave the block with the handler's exit (in al) and index `k`.
fn leave_with_al(g: &mut Gen, k: usize) {
    g.a.zero_extend_al();
    g.a.or_eax(pack(Exit::Next, k));
    epilogue(g);
}

/// rd = rax.
fn write_rd(g: &mut Gen, e: &BlockInst) {
    g.cache_from(e.inst.rd, Reg::Rax, true);
    g.rax = Some(e.inst.rd);
}

/// Write out `e` inline if its form allows; false if it must be called.
/// The handlers of these forms never write x0 (rd = 0 makes them `nop`).
fn inline<'a>(g: &mut Gen<'a>, e: &'a BlockInst, k: usize) -> bool {
    let i = &e.inst;
    let Ok(imm) = i32::try_from(i.imm) else { return false };
    match e.form {
        Form::Nop => true,
        Form::Li => {
            g.a.mov_imm64(Reg::Rax, e.value);
            write_rd(g, e);
            true
        }
        Form::OpImm => op_imm(g, e, imm),
        Form::OpReg => op_reg(g, e),
        Form::Jump { link } => {
            if link {
                g.a.mov_imm64(Reg::Rax, e.value);
                write_rd(g, e);
            }
            g.a.mov_imm64(Reg::Rax, e.target);
            g.a.store(PC, Reg::Rax);
            chain(g, k + 1, pack(Exit::Taken, k));
            g.rax = None;
            true
        }
        Form::JumpReg { link } => {
            // The target first: rd may be rs1.
            g.get(Reg::Rax, i.rs1);
            g.a.alu_imm(Alu::Add, Width::W64, Reg::Rax, imm);
            g.a.alu_imm(Alu::And, Width::W64, Reg::Rax, -2);
            if link {
                g.a.mov_imm64(Reg::Rcx, e.value);
                g.cache_from(i.rd, Reg::Rcx, true);
            }
            g.a.store(PC, Reg::Rax);
            chain(g, k + 1, pack(Exit::Taken, k));
            g.rax = None;
            true
        }
        Form::Branch => {
            let Some(cc) = branch_cond(i.op) else { return false };
            g.compare(i.rs1, i.rs2);
            let target = e.target;
            g.cold_if(cc, move |g| {
                g.a.mov_imm64(Reg::Rax, target);
                g.a.store(PC, Reg::Rax);
                chain(g, k + 1, pack(Exit::Taken, k));
            });
            true
        }
        Form::Load { size, signed } => {
            load(g, e, k, imm, size, signed);
            true
        }
        Form::Store { size } => {
            store(g, e, k, imm, size);
            true
        }
        Form::Call | Form::Alone => false,
    }
}

/// What the RAM paths read of the run loop's state.
const DIRECT: Mem = state(offset_of!(RunState, direct));
const RAM_PTR: Mem = state(offset_of!(RunState, host_ram) + offset_of!(HostRam, ptr));
const RAM_BASE: Mem = state(offset_of!(RunState, host_ram) + offset_of!(HostRam, base));
const RAM_LEN8: Mem = state(offset_of!(RunState, host_ram) + offset_of!(HostRam, len8));
const RAM_GENS: Mem = state(offset_of!(RunState, host_ram) + offset_of!(HostRam, gens));
const RUNNING_PBASE: Mem = state(offset_of!(RunState, running) + offset_of!(Running, pbase));
const RUNNING_GEN: Mem = state(offset_of!(RunState, running) + offset_of!(Running, gen));
/// The jump cache (`engine::jumps`): its key and where its entries are.
const JUMP_KEY: Mem = state(offset_of!(RunState, jumps) + offset_of!(Jumps, key));
const JUMP_TABLE: Mem = state(offset_of!(RunState, jumps) + offset_of!(Jumps, table));
const FAST_EPOCH: Mem = state(offset_of!(RunState, fast) + offset_of!(FastPages, epoch));

/// Where a fast-page table starts in `RunState` (see `fast_pages`).
fn fast_table(store: bool) -> i32 {
    let table = if store { offset_of!(FastPages, store) } else { offset_of!(FastPages, load) };
    (offset_of!(RunState, fast) + table) as i32
}

/// The RAM paths' checks, as the `load` and `store` handlers make them,
/// for the case the block was compiled in (`Gen::direct`): rax = the
/// virtual address x[rs1] + imm; jumps to the returned labels (to be
/// bound to the slow path) unless the access reaches RAM directly
/// (`RunState::direct`, M-mode: the address is physical), within one
/// aligned 8-byte granule (so it crosses no PMP entry), or, in the
/// translated modes, through a fast page of the current epoch (see
/// `fast_pages`) and within the page. Then the access is at host address
/// base + index, the registers returned: RAM's host address + the offset
/// in RAM (rdx + rcx) for direct access, else the fast page's `host` +
/// the virtual address (rcx + rax).
fn ram_checks(g: &mut Gen, e: &BlockInst, imm: i32, size: u8, store: bool) -> ([usize; 4], Reg, Reg) {
    // rax = the virtual address: one LEA from rs1's cache register.
    match (g.rax != Some(e.inst.rs1)).then(|| g.cached(e.inst.rs1)).flatten() {
        Some(c) if imm != 0 => g.a.lea(Reg::Rax, at(c, imm)),
        _ => {
            g.get(Reg::Rax, e.inst.rs1);
            if imm != 0 {
                g.a.alu_imm(Alu::Add, Width::W64, Reg::Rax, imm);
            }
        }
    }
    g.rax = None;
    if g.direct {
        g.a.cmp_byte_zero(DIRECT);
        let not_direct = g.a.jcc_forward(Cond::E);
        // (va & 7) + size <= 8, one aligned granule.
        g.a.mov(Reg::Rcx, Reg::Rax);
        g.a.alu_imm(Alu::And, Width::W32, Reg::Rcx, 7);
        g.a.alu_imm(Alu::Add, Width::W32, Reg::Rcx, size as i32);
        g.a.alu_imm(Alu::Cmp, Width::W32, Reg::Rcx, 8);
        let straddles = g.a.jcc_forward(Cond::A);
        // va - base < len8 (unsigned): within RAM, granule included.
        g.a.mov(Reg::Rcx, Reg::Rax);
        g.a.alu_mem(Alu::Sub, Width::W64, Reg::Rcx, RAM_BASE);
        g.a.alu_mem(Alu::Cmp, Width::W64, Reg::Rcx, RAM_LEN8);
        let outside = g.a.jcc_forward(Cond::Ae);
        g.a.load(Reg::Rdx, RAM_PTR);
        ([not_direct, straddles, outside, usize::MAX], Reg::Rdx, Reg::Rcx)
    } else {
        // No check of `direct` is needed: while it is set, the fast pages
        // are empty (they are filled only under TLB keys, which are None
        // then: see `RunState::refresh`), so the tag check below sends
        // every access to the slow path.
        // rcx = the entry's address: state + slot * 16.
        g.a.mov(Reg::Rcx, Reg::Rax);
        g.a.shift_imm(Shift::Shr, Width::W64, Reg::Rcx, 12 - 4);
        g.a.alu_imm(Alu::And, Width::W32, Reg::Rcx, (FAST_PAGES as i32 - 1) << 4);
        g.a.alu_reg(Alu::Add, Width::W64, Reg::Rcx, Reg::Rbp);
        // The tag must be the page of the access's last byte | the epoch:
        // an access that crosses into the next page never matches (that
        // page's entry is in another slot).
        g.a.lea(Reg::Rdx, at(Reg::Rax, size as i32 - 1));
        g.a.alu_imm(Alu::And, Width::W64, Reg::Rdx, -4096);
        g.a.alu_mem(Alu::Or, Width::W64, Reg::Rdx, FAST_EPOCH);
        let table = fast_table(store);
        g.a.alu_mem(Alu::Cmp, Width::W64, Reg::Rdx, at(Reg::Rcx, table + offset_of!(FastPage, tag) as i32));
        let missed = g.a.jcc_forward(Cond::Ne);
        g.a.load(Reg::Rcx, at(Reg::Rcx, table + offset_of!(FastPage, host) as i32));
        ([missed, usize::MAX, usize::MAX, usize::MAX], Reg::Rcx, Reg::Rax)
    }
}

// A fast page's entry is 16 bytes (`ram_checks` scales the slot by a shift).
const _: () = assert!(std::mem::size_of::<FastPage>() == 16);

/// Bind every label of `labels` (`usize::MAX`: none) here.
fn bind_all(g: &mut Gen, labels: [usize; 4]) {
    for l in labels.into_iter().filter(|&l| l != usize::MAX) {
        g.a.bind(l);
    }
}

/// The `load` handler's fast path inline; its slow path a call, in the
/// cold part.
fn load<'a>(g: &mut Gen<'a>, e: &'a BlockInst, k: usize, imm: i32, size: u8, signed: bool) {
    let (slow, base, index) = ram_checks(g, e, imm, size, false);
    let at_slow = g.regs;
    // Straight into rd's cache register (taking it may store another
    // register's value first: neither base nor index is a cache register).
    let rd = g.dest(e.inst.rd);
    g.a.load_indexed(rd, size, signed, base, index);
    let done = g.a.code.len();
    let rejoin = g.regs;
    g.cold.push((at_slow, Box::new(move |g| {
        bind_all(g, slow);
        call_in_place(g, e, k);
        // As the fast path leaves them: the cache (rd's register
        // included) reloaded.
        g.reload_cache(rejoin);
        g.a.jmp_back(done);
    })));
}

/// The `store` handler's fast path inline (the write; with direct access
/// also the page's generation, leaving the block if it wrote its own
/// page); its slow path a call, in the cold part.
fn store<'a>(g: &mut Gen<'a>, e: &'a BlockInst, k: usize, imm: i32, size: u8) {
    let (slow, base, index) = ram_checks(g, e, imm, size, true);
    let at_slow = g.regs;
    let value = match g.cached(e.inst.rs2) {
        Some(c) => c,
        None => {
            g.a.load(Reg::Rsi, xreg(e.inst.rs2));
            Reg::Rsi
        }
    };
    g.a.store_indexed(size, value, base, index);
    if g.direct {
        // Direct access may write any page: count the write in its
        // generation, and leave the block if it wrote its own page.
        g.a.load(Reg::Rdx, RAM_GENS);
        g.a.shift_imm(Shift::Shr, Width::W64, Reg::Rcx, 12);
        g.a.inc_indexed8();
        // The physical page written: RAM's base + page index * 4 KiB.
        g.a.shift_imm(Shift::Shl, Width::W64, Reg::Rcx, 12);
        g.a.alu_mem(Alu::Add, Width::W64, Reg::Rcx, RAM_BASE);
        g.a.alu_mem(Alu::Cmp, Width::W64, Reg::Rcx, RUNNING_PBASE);
        let next = e.value;
        g.cold_if(Cond::E, move |g| {
            g.a.mov_imm64(Reg::Rax, next);
            g.a.store(PC, Reg::Rax);
            leave(g, pack(Exit::Leave, k));
        });
    }
    // Else a fast page: never one that holds code (see `fast_pages`),
    // so nothing to count or leave for.
    let done = g.a.code.len();
    let rejoin = g.regs;
    g.cold.push((at_slow, Box::new(move |g| {
        bind_all(g, slow);
        call_in_place(g, e, k);
        g.reload_cache(rejoin);
        g.a.jmp_back(done);
    })));
}

/// rd = op(x[rs1], imm), as `alu::compute`.
fn op_imm(g: &mut Gen, e: &BlockInst, imm: i32) -> bool {
    use Op::*;
    let i = &e.inst;
    let load = |g: &mut Gen| g.get(Reg::Rax, i.rs1);
    // Computed in rd's cache register (see `Gen::dest_from`).
    match i.op {
        Lui => {
            let d = g.dest(i.rd);
            g.a.mov_imm64(d, imm as i64 as u64);
            return true;
        }
        Addi | Xori | Ori | Andi => {
            let op = match i.op {
                Addi => Alu::Add,
                Xori => Alu::Xor,
                Ori => Alu::Or,
                _ => Alu::And,
            };
            let d = g.dest_from(i.rd, i.rs1);
            // (addi rd, rs1, 0 is mv; xori and ori with 0 are too.)
            if imm != 0 || op == Alu::And {
                g.a.alu_imm(op, Width::W64, d, imm);
            }
            return true;
        }
        Slli | Srli | Srai | Slliw | Srliw | Sraiw => {
            let op = match i.op {
                Slli | Slliw => Shift::Shl,
                Srli | Srliw => Shift::Shr,
                _ => Shift::Sar,
            };
            let w = if matches!(i.op, Slli | Srli | Srai) { Width::W64 } else { Width::W32 };
            let d = g.dest_from(i.rd, i.rs1);
            g.a.shift_imm(op, w, d, (imm & if w == Width::W64 { 63 } else { 31 }) as u8);
            if w == Width::W32 {
                g.a.sign_extend_32(d);
            }
            return true;
        }
        Addiw => {
            let d = g.dest_from(i.rd, i.rs1);
            g.a.alu_imm(Alu::Add, Width::W32, d, imm);
            g.a.sign_extend_32(d);
            return true;
        }
        Slti | Sltiu => {
            load(g);
            g.a.alu_imm(Alu::Cmp, Width::W64, Reg::Rax, imm);
            g.a.set_rax(if i.op == Slti { Cond::L } else { Cond::B });
        }
        _ => return bitmanip::unary(g, e),
    }
    write_rd(g, e);
    true
}

/// rd = op(x[rs1], x[rs2]), as `alu::compute` (the bit manipulations
/// and the M extension's high products and divisions in submodules).
fn op_reg(g: &mut Gen, e: &BlockInst) -> bool {
    use Op::*;
    let i = &e.inst;
    match i.op {
        Add | Sub | Xor | Or | And | Addw | Subw => {
            let (op, w) = match i.op {
                Add => (Alu::Add, Width::W64),
                Sub => (Alu::Sub, Width::W64),
                Xor => (Alu::Xor, Width::W64),
                Or => (Alu::Or, Width::W64),
                And => (Alu::And, Width::W64),
                Addw => (Alu::Add, Width::W32),
                _ => (Alu::Sub, Width::W32),
            };
            if g.alu_in_place(op, w, i.rd, i.rs1, i.rs2) {
                return true;
            }
            g.binary(op, w, i.rs1, i.rs2);
            if w == Width::W32 {
                g.a.sign_extend_32(Reg::Rax);
            }
        }
        Slt | Sltu => {
            g.binary(Alu::Cmp, Width::W64, i.rs1, i.rs2);
            g.a.set_rax(if i.op == Slt { Cond::L } else { Cond::B });
        }
        Sll | Srl | Sra | Sllw | Srlw | Sraw => {
            let (op, w) = match i.op {
                Sll => (Shift::Shl, Width::W64),
                Srl => (Shift::Shr, Width::W64),
                Sra => (Shift::Sar, Width::W64),
                Sllw => (Shift::Shl, Width::W32),
                Srlw => (Shift::Shr, Width::W32),
                _ => (Shift::Sar, Width::W32),
            };
            g.get(Reg::Rcx, i.rs2);
            g.get(Reg::Rax, i.rs1);
            g.a.shift_cl(op, w, Reg::Rax);
            if w == Width::W32 {
                g.a.sign_extend_32(Reg::Rax);
            }
        }
        Mul | Mulw => {
            let w = if i.op == Mul { Width::W64 } else { Width::W32 };
            // In rd's register, times the other operand (the low product
            // commutes).
            let (first, second) = if i.rd == i.rs2 && i.rd != i.rs1 { (i.rs2, i.rs1) } else { (i.rs1, i.rs2) };
            let d = g.dest_from(i.rd, first);
            match g.source(second) {
                Ok(s) => g.a.imul_reg(w, d, s),
                Err(m) => g.a.imul_mem(w, d, m),
            }
            if w == Width::W32 {
                g.a.sign_extend_32(d);
            }
            return true;
        }
        _ => return bitmanip::binary(g, e) || muldiv::binary(g, e),
    }
    write_rd(g, e);
    true
}
