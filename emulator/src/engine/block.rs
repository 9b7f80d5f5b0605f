//! Decoded basic blocks, for the run loop.
//!
//! A block is the decode of a run of instructions starting at a virtual pc,
//! all in one page: it goes on past conditional branches (a taken branch
//! leaves the block) and through a JAL whose target is in the same page; it
//! ends after JALR, any other JAL and ECALL (which always traps: the run
//! loop takes its trap as it takes a handler's, so a system call or an
//! SBI call does not first go back to fetch it alone), before any
//! instruction that reads or
//! changes machine state beyond registers and memory (CSR accesses other
//! than those of the trap registers, whose writes change nothing else, see
//! `hart::csr::plain`; EBREAK, xRET, WFI, fences of translation or of
//! the instruction stream, the H loads/stores, illegal encodings), at the
//! end of the page, or after `BLOCK_MAX` instructions. Those excluded
//! instructions run one at a time, so inside a block only registers,
//! memory and the trap registers change and the retire counters can be
//! settled once per block.
//!
//! A block is never trusted blindly: it records the physical page it was
//! decoded from and that page's write generation (`Ram::page_gen`, which
//! every write to the page changes). The run loop uses a block only when
//! the pc's page maps, in the current mode, to that physical page and the
//! generation is unchanged, and leaves a block after any instruction of it
//! that wrote its page. So self-modifying code,
//! FENCE.I, remapped pages, the same physical code at another virtual
//! address and mode changes need no invalidation here: a block whose page
//! changed is rebuilt from the current bytes.

use super::jit::{BlockCode, Incoming, Link};
use super::threaded::{entry, Follow, Form, Handler};
use crate::bus::Ram;
use crate::isa::compressed::imm_cb;
use crate::isa::decode::imm_b;
use crate::isa::table::Joins;
use super::cache::{lookup_raw, DecodeTable};
use crate::isa::{Inst, Isa, Op};

/// Instructions per block at most (a longer straight line is several
/// blocks). Each block a compiled one goes on into costs its entry (the
/// fuel check) and the guest registers written back and loaded again: 64
/// against 32 made the large-code workload 20-25% faster, warm or from
/// reset, and left the mixes as they were; 128 made the mixes 25% slower.
pub const BLOCK_MAX: usize = 64;

/// Runs after which a block is compiled (see `engine::jit`): compiling
/// costs about what a few interpreted runs do (16 cost the large-code
/// workload, 128 runs of each of its blocks, about 15% more time than 4;
/// 5 is 7% faster than 8 there; the Linux boot is the same either way),
/// but each compiled block takes code memory, and more blocks are
/// compiled the sooner (the default boot's peak RSS: 33.0 MiB with 4,
/// 30.7-30.9 with 5, 30.3 with 8; the bench's limit is 32).
pub const HOT: u32 = 5;

/// Block slots (a power of two), direct-mapped by start address. A slot
/// holds its block in a box of its own (its entries as many as the
/// longest block built there: 64 bytes each), allocated when the
/// slot is first used and kept, so memory follows the code run (a kernel's
/// worth of blocks fits without evicting itself) and a block never moves
/// (compiled code points into it; its entries move only when a longer
/// block is built in the slot, after its compiled code was dropped and
/// the links and jumps into it undone).
pub const BLOCKS: usize = 32768;

/// A slot of the block cache (see `BLOCKS`).
pub type Slot = Option<Box<Block>>;

/// Blocks end at multiples of this (as well as after `BLOCK_MAX`
/// instructions), unless a branch back to the block's start lies ahead
/// (`closes_loop`). A run that stops in the middle of a block (at its
/// instruction budget: chunks end at exact instruction counts) starts the
/// next block there; without a common boundary every such start would
/// begin a new chain of blocks through the rest of a long straight line,
/// and the chains would evict each other. With it, the chain is back on
/// the usual blocks at the next boundary (a run that stops mid-way now
/// goes on in the block it stopped in: see `state::Cut`; a jump into a
/// straight line does the same). 128 bytes hold at most `BLOCK_MAX`
/// instructions, so a straight line's blocks all start at boundaries
/// (with a boundary holding more, compressed code started a second block
/// mid-way in most of them, at pcs that took slots at random: the
/// large-code workload built four times as many blocks).
const ALIGN: u64 = 128;

// A straight line's blocks start at boundaries (see `ALIGN`).
const _: () = assert!(ALIGN as usize / 2 == BLOCK_MAX);

/// A pc no block starts at (pcs are even), marking an empty slot.
const NO_PC: u64 = u64::MAX;

/// One decoded instruction of a block (see `threaded::entry`).
#[derive(Clone, Copy)]
pub struct BlockInst {
    /// Executes `inst` (see `threaded`).
    pub run: Handler,
    /// What `run` does, for the block compiler.
    pub form: Form,
    pub inst: Inst,
    /// The instruction's address.
    pub pc: u64,
    /// Known when the block is built: the next instruction's address (a
    /// jump's link, a branch's fall-through), or the value AUIPC writes.
    pub value: u64,
    /// Known when the block is built: a JAL's or branch's target.
    pub target: u64,
    /// This entry's position in its block.
    pub index: u8,
}

/// A decoded run of instructions starting at `pc` (see the module doc).
#[derive(Clone)]
pub struct Block {
    pub pc: u64,
    /// The physical RAM page the block was decoded from, and that page's
    /// generation at the time (see `Ram::page_gen`).
    pub pbase: u64,
    pub gen: u64,
    /// Where the block goes on when its last instruction retires without
    /// jumping.
    pub end_pc: u64,
    /// Entries in use, 0..=BLOCK_MAX; 0 when the instruction at `pc` must
    /// run on its own.
    pub len: u32,
    /// The block compiled (see `engine::jit`), if it is, and where its
    /// fall-through exit can be linked to the next block.
    pub code: Option<BlockCode>,
    pub exit: Link,
    /// Where its branches taken to a target in its page can be linked
    /// (the branch's index, its link), when compiled.
    pub taken: Vec<(u8, Link)>,
    /// The compiled blocks linked into this one (see `jit::Link`): undone
    /// before it is rebuilt.
    pub incoming: Vec<Incoming>,
    /// Times run since it was built, while not compiled (up to `HOT`).
    pub runs: u32,
    /// The entries, `len` of them (allocated as the longest block built
    /// in this slot needs: most are far shorter than `BLOCK_MAX`).
    pub insts: Vec<BlockInst>,
}

impl Block {
    pub(crate) fn empty() -> Block {
        Block {
            pc: NO_PC,
            pbase: 0,
            gen: 0,
            end_pc: 0,
            len: 0,
            code: None,
            exit: Link::default(),
            taken: Vec::new(),
            incoming: Vec::new(),
            runs: 0,
            insts: Vec::new(),
        }
    }

    /// The pc once the block's first `k` instructions (`k` <= `len`) have
    /// run and none left the block by jumping.
    #[inline(always)]
    pub fn pc_after(&self, k: usize) -> u64 {
        match self.insts.get(k) {
            Some(e) if k < self.len as usize => e.pc,
            _ => self.end_pc,
        }
    }
}

/// Forget every block (they were decoded from another RAM, or their
/// compiled code is about to go). No compiled block runs again, so their
/// links are forgotten with them.
pub(crate) fn clear(blocks: &mut [Slot]) {
    for b in blocks.iter_mut().flatten() {
        b.pc = NO_PC;
        b.code = None;
        b.taken.clear();
        b.incoming.clear();
        b.runs = 0;
    }
}

/// A fresh set of empty blocks.
pub(crate) fn new_blocks() -> Box<[Slot]> {
    std::iter::repeat_with(|| None).take(BLOCKS).collect()
}

/// The slot of the block starting at `pc`. Blocks of a straight line
/// start every 128 bytes (`ALIGN`): those starts take consecutive slots
/// (`pc / 128`), so up to `BLOCKS` * 128 bytes (4 MiB) of contiguous code
/// never evicts itself, wherever its pages are. A start between two
/// boundaries (a function's entry, a return point) is spread over the
/// table by its offset from the boundary.
#[inline(always)]
pub fn slot(pc: u64) -> usize {
    let between = (pc as usize >> 1) & (ALIGN as usize / 2 - 1);
    ((pc / ALIGN) as usize ^ between.wrapping_mul(0x9e5)) & (BLOCKS - 1)
}

/// Ways of the block cache: a block may sit in `slot(pc)` (its home) or in
/// one of three other slots (see `slot_for`).
pub const WAYS: usize = 4;

/// The slot to use for the block starting at `pc`. Its home
/// (`slot(pc)`) if that holds `pc`'s block, is free, or holds a guest (a
/// block away from its own home): homes come first, so a straight line's
/// blocks stay where the first probe finds them. Else another way that
/// holds `pc`'s block or is free; else a guest's way, or failing that any
/// other way, in turn (`evict` is the turn). The other ways are a quarter
/// of the table apart hashed with the home, so code 1 MiB apart (whose
/// homes a quarter apart would share them) does not fill them. (With two
/// ways and no preference for homes, three starts of one set evicted
/// each other on every call in the large-code workload: rebuilt every
/// time, they never ran often enough to be compiled.)
#[inline(always)]
pub fn slot_for(blocks: &[Slot], pc: u64, evict: &mut usize) -> usize {
    let home = slot(pc);
    let holds = |s: usize| blocks.get(s).and_then(|b| b.as_ref()).map_or(NO_PC, |b| b.pc);
    let guest = |s: usize, p: u64| p == NO_PC || slot(p) != s;
    let p = holds(home);
    if p == pc || guest(home, p) {
        return home;
    }
    let ways = other_ways(home);
    let mut free = None;
    let mut guests = 0;
    for &s in &ways {
        match holds(s) {
            p if p == pc => return s,
            NO_PC => free = free.or(Some(s)),
            p if guest(s, p) => guests += 1,
            _ => {}
        }
    }
    if let Some(s) = free {
        return s;
    }
    *evict = evict.wrapping_add(1);
    if guests == 0 {
        return ways[*evict % ways.len()];
    }
    let mut turn = *evict % guests;
    for &s in &ways {
        if guest(s, holds(s)) {
            if turn == 0 {
                return s;
            }
            turn -= 1;
        }
    }
    ways[0]
}

/// The ways of `home`'s set other than itself (see `slot_for`).
#[inline(always)]
fn other_ways(home: usize) -> [usize; WAYS - 1] {
    let spread = |w: usize| (home ^ (w * (BLOCKS / WAYS)) ^ (home >> 7).wrapping_mul(0x2f)) & (BLOCKS - 1);
    [spread(1), spread(2), spread(3)]
}

/// True for the instructions a block may hold: they change only integer
/// and FP registers (and the FP flags), memory and the pc, or always trap
/// (the table's block column: `join`, `mem` or `last`).
fn may_join(op: Op) -> bool {
    op.joins() != Joins::Alone
}

/// Which instructions a block leaves to run alone, for a probe that stops
/// before them (`engine::probe`): F/D instructions, CSR instructions, and
/// the xRETs (for a probe on transitions; a block always ends at one).
#[derive(Clone, Copy, Default, Debug)]
pub struct Alone {
    pub float: bool,
    pub csr: bool,
    pub xret: bool,
}

/// True for a CSR instruction that reaches only a plain CSR (see
/// `hart::csr::plain`: a trap register, whose write changes nothing else):
/// it may run inside a block, so a trap handler's few CSR accesses between
/// trap entry and xRET do not each go back to the run loop.
fn plain_csr(inst: &Inst) -> bool {
    inst.op.is_csr() && crate::hart::csr::plain(inst.imm as u16 & 0xfff)
}

/// True if `b` is the decode of the code at virtual `pc` on the RAM page
/// at `pbase` whose generation is `gen` (the page as it is now).
#[inline(always)]
pub fn is_current(b: &Block, pc: u64, pbase: u64, gen: u64) -> bool {
    b.pc == pc && b.pbase == pbase && b.gen == gen
}

/// The bits of the instruction at `off` in the page at `pbase` that a
/// block may hold (see `build`): None at the page's end (or where the
/// instruction crosses it) and for an instruction that runs alone.
fn joining(ram: &Ram, pbase: u64, off: u64, decodes: &mut DecodeTable, isa: Isa, alone: Alone) -> Option<Inst> {
    let w = match off {
        0xffe => ram.read(pbase | off, 2).map(|v| v as u32).filter(|w| w & 3 != 3),
        o if o > 0xffe => None,
        _ => ram.read_u32(pbase | off),
    }?;
    let mask = if w & 3 == 3 { u32::MAX } else { 0xffff };
    let inst = *lookup_raw(decodes, isa, w & mask);
    // Under a float probe F/D instructions run alone, where the probe
    // sees them; so do CSR instructions under a CSR probe.
    let joins = may_join(inst.op) || (!alone.csr && plain_csr(&inst));
    (joins && !(alone.float && inst.op.is_float())).then_some(inst)
}

/// True if, within `room` instructions from `off` (a block boundary the
/// block starting at `start` has reached), a conditional branch back to
/// `start` seems to close a loop, with no jump on the way: the block then
/// goes on past the boundary, so the loop is one block that loops within
/// its compiled code (a loop split at a boundary would leave and enter two
/// blocks on every pass). Only the bits are looked at, not decoded (this
/// runs at every boundary a block reaches): a wrong guess only makes a
/// block longer or shorter, `build` still decides what it may hold.
fn closes_loop(ram: &Ram, pbase: u64, start: u64, mut off: u64, room: usize) -> bool {
    for _ in 0..room {
        let Some(w) = ram.read_u32(pbase | off.min(0xffc)).filter(|_| off <= 0xffc) else { return false };
        let here = (start & !0xfff) | off;
        let offset = if w & 3 == 3 {
            match w & 0x7f {
                // A conditional branch.
                0x63 => Some(imm_b(w)),
                // JAL, JALR, SYSTEM: the block may end there.
                0x6f | 0x67 | 0x73 => return false,
                _ => None,
            }
        } else {
            match (w & 3, w >> 13 & 7) {
                // c.beqz, c.bnez.
                (1, 6 | 7) => Some(imm_cb(w)),
                // c.j; c.jr, c.jalr, c.ebreak (rs2 = 0; else c.mv, c.add).
                (1, 5) => return false,
                (2, 4) if w >> 2 & 0x1f == 0 => return false,
                _ => None,
            }
        };
        if offset.is_some_and(|o| here.wrapping_add(o as u64) == start) {
            return true;
        }
        off += if w & 3 == 3 { 4 } else { 2 };
    }
    false
}

/// Decode the block starting at virtual `pc`, whose page is the RAM page
/// at physical `pbase`, into `b`. Only instructions within the page are
/// taken (one that crosses into the next page is fetched the slow way).
/// A conditional branch does not end the block (its handler leaves the
/// block when taken); a JAL whose target lies in the same page is followed
/// (the block goes on at the target); JALR and any other JAL end it.
/// The block also ends before any pc in `stops` (a debugger's
/// breakpoints: the run loop looks for them between blocks). The
/// instructions of extensions `isa` lacks are illegal. `alone` says which
/// other instructions run on their own, where a probe sees them.
///
/// The entries are gathered in `scratch` (kept by the caller, so it grows
/// once to `BLOCK_MAX`) and copied into the block, whose own vector then
/// grows only to the exact length of the longest block built in its slot.
#[cold]
#[inline(never)]
#[allow(clippy::too_many_arguments)]
pub fn build(b: &mut Block, pc: u64, ram: &Ram, pbase: u64, stops: &[u64], decodes: &mut DecodeTable, isa: Isa, alone: Alone, scratch: &mut Vec<BlockInst>) {
    let page_va = pc & !0xfff;
    b.pc = pc;
    b.pbase = pbase;
    b.gen = ram.page_gen(pbase);
    b.code = None;
    b.taken.clear();
    b.runs = 0;
    scratch.clear();
    let mut len = 0;
    let mut off = pc & 0xfff;
    while len < BLOCK_MAX && off <= 0xffe {
        // The last halfword of a page can hold only a compressed
        // instruction: a 32-bit one there goes on into the next page.
        let Some(inst) = joining(ram, pbase, off, decodes, isa, alone) else { break };
        let here = page_va | off;
        if len > 0 && (stops.contains(&here) || (here.is_multiple_of(ALIGN) && !closes_loop(ram, pbase, pc, off, BLOCK_MAX - len))) {
            break;
        }
        off += inst.len as u64;
        let ends = match inst.op {
            Op::Jal => {
                let target = here.wrapping_add(inst.imm as u64);
                if target & !0xfff == page_va && !stops.contains(&target) {
                    scratch.push(entry(inst, here, len as u8, Follow::Yes, alone));
                    off = target & 0xfff;
                    false
                } else {
                    scratch.push(entry(inst, here, len as u8, Follow::No, alone));
                    true
                }
            }
            op => {
                scratch.push(entry(inst, here, len as u8, Follow::No, alone));
                op == Op::Jalr || op.joins() == Joins::Last
            }
        };
        len += 1;
        if ends {
            break;
        }
    }
    b.insts.clear();
    b.insts.extend_from_slice(scratch);
    b.len = len as u32;
    b.end_pc = page_va.wrapping_add(off);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A decode cache for `Isa::ALL` (its table: `.table()`).
    fn decodes() -> crate::engine::cache::DecodeCache {
        crate::engine::cache::DecodeCache::new()
    }

    /// A page of `addi t0, t0, 1` (0x00128293) at 0x8000_0000.
    fn straight_line() -> Ram {
        let mut ram = Ram::new(0x8000_0000, 1 << 16);
        let code: Vec<u8> = (0..1024).flat_map(|_| 0x0012_8293u32.to_le_bytes()).collect();
        assert!(ram.load_bytes(0x8000_0000, &code));
        ram
    }

    /// `bne t0, t1, offset`.
    fn bne(offset: i32) -> u32 {
        crate::isa::encode::b_type(0x63, 1, 5, 6, offset)
    }

    /// Build the block at `pc` from `ram`'s page at 0x8000_0000: its length
    /// and end.
    fn built(ram: &Ram, pc: u64) -> (u32, u64) {
        let mut b = Block::empty();
        build(&mut b, pc, ram, 0x8000_0000, &[], decodes().table().expect("a full table"), Isa::ALL, Alone::default(), &mut Vec::new());
        assert_eq!(b.insts.len(), b.len as usize);
        (b.len, b.end_pc)
    }

    #[test]
    fn a_block_started_mid_way_ends_at_the_next_boundary() {
        let ram = straight_line();
        // Started mid-way (a jump's target): on to the 128-byte boundary,
        // where the usual blocks start.
        assert_eq!(built(&ram, 0x8000_0014), (27, 0x8000_0080));
        assert_eq!(built(&ram, 0x8000_0100), (32, 0x8000_0180));
    }

    #[test]
    fn a_loop_across_a_boundary_is_one_block() {
        let mut ram = straight_line();
        // bne t0, t1, -64 at 0x8000_00a0: back to 0x8000_0060, across the
        // boundary at 0x8000_0080.
        assert!(ram.load_bytes(0x8000_00a0, &bne(-64).to_le_bytes()));
        // On past the branch, to the next boundary.
        assert_eq!(built(&ram, 0x8000_0060), (40, 0x8000_0100));
        // Started anywhere else, the branch closes no loop of its block.
        assert_eq!(built(&ram, 0x8000_0064), (7, 0x8000_0080));
        // A compressed branch back (c.bnez s0, -0x2a at 0x8000_008a, after
        // a c.mv) closes it too.
        let c_bnez = |offset| crate::isa::encode::c_bnez(8, offset) as u32;
        let mut c = ram_with(&[(0x8000_0088, crate::isa::encode::c_mv(8, 9) as u32 | c_bnez(-0x2a) << 16)]);
        assert_eq!(built(&c, 0x8000_0060), (10 + 2 + 29, 0x8000_0100));
        // Not when it goes elsewhere (c.bnez s0, -0x28).
        assert!(c.load_bytes(0x8000_008a, &(c_bnez(-0x28) as u16).to_le_bytes()));
        assert_eq!(built(&c, 0x8000_0060), (8, 0x8000_0080));
        // Nor does one 64 instructions on, beyond the block's reach.
        assert!(ram.load_bytes(0x8000_00a0, &0x0012_8293u32.to_le_bytes()));
        assert!(ram.load_bytes(0x8000_0160, &bne(-0x100).to_le_bytes()));
        assert_eq!(built(&ram, 0x8000_0060), (8, 0x8000_0080));
    }

    #[test]
    fn code_a_page_apart_takes_different_slots() {
        // 4 MiB of straight-line code, and pages 1 MiB apart.
        let starts: Vec<u64> = (0..1024u64).flat_map(|page| (0..32u64).map(move |i| 0x8000_0000 + page * 4096 + i * ALIGN)).collect();
        let mut slots: Vec<usize> = starts.iter().map(|&pc| slot(pc)).collect();
        slots.sort_unstable();
        slots.dedup();
        assert_eq!(slots.len(), starts.len(), "1024 pages of blocks, no two in one slot");
    }

    /// `straight_line` with the words `patches` written at their addresses.
    fn ram_with(patches: &[(u64, u32)]) -> Ram {
        let mut ram = straight_line();
        for &(at, w) in patches {
            assert!(ram.load_bytes(at, &w.to_le_bytes()));
        }
        ram
    }

    /// Put an empty block for `pc` where `slot_for` says.
    fn place(blocks: &mut [Slot], pc: u64, evict: &mut usize) -> usize {
        let s = slot_for(blocks, pc, evict);
        blocks[s].get_or_insert_with(|| Box::new(Block::empty())).pc = pc;
        s
    }

    #[test]
    fn four_starts_of_one_set_all_stay_and_homes_come_first() {
        let mut blocks = new_blocks();
        let mut evict = 0;
        // A straight line's starts (homes), then three starts between
        // boundaries whose home is the first line block's slot.
        let line: Vec<u64> = (0..4096u64).map(|i| 0x8000_0000 + 64 * i).collect();
        let first = slot(line[0]);
        let between: Vec<u64> = (1u64..)
            .map(|k| 0x8000_0000 + 2 * k)
            .filter(|&pc| pc % ALIGN != 0 && slot(pc) == first)
            .take(3)
            .collect();
        assert_eq!(between.len(), 3);
        for _ in 0..3 {
            for &pc in line.iter().chain(&between) {
                place(&mut blocks, pc, &mut evict);
            }
        }
        for &pc in between.iter().chain(&line) {
            let s = slot_for(&blocks, pc, &mut evict);
            assert_eq!(blocks[s].as_ref().map(|b| b.pc), Some(pc), "{pc:#x} was evicted");
        }
        assert_eq!(slot_for(&blocks, line[0], &mut evict), first, "the line block is at home");
    }
}
