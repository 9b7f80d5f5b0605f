//! Decoded basic blocks, for the run loop.
//!
//! A block is the decode of a straight-line run of instructions starting at
//! a virtual pc: it ends after a jump or branch, before any instruction
//! that reads or changes machine state beyond registers and memory (CSR
//! accesses, ECALL/EBREAK, xRET, WFI, fences of translation or of the
//! instruction stream, the H loads/stores, illegal encodings), at the end of
//! the page, or after `BLOCK_MAX` instructions. Those excluded instructions
//! run one at a time, so inside a block only registers and memory change and
//! the retire counters can be settled once per block.
//!
//! A block is never trusted blindly: it records the physical page it was
//! decoded from and that page's write generation (`Ram::page_gen`, which
//! every write to the page changes). The run loop uses a block only when
//! the pc's page maps, in the current mode, to that physical page and the
//! generation is unchanged, and re-checks the generation after each
//! instruction of the block that accesses memory. So self-modifying code,
//! FENCE.I, remapped pages, the same physical code at another virtual
//! address and mode changes need no invalidation here: a block whose page
//! changed is rebuilt from the current bytes.

use super::exec::threaded::{handler_for, Handler};
use super::{decode, Inst, Op};
use crate::bus::Ram;

/// Instructions per block at most (a longer straight line is several blocks).
pub const BLOCK_MAX: usize = 16;

/// Blocks kept (a power of two), direct-mapped by start address: about
/// 1.4 MiB in all, allocated once with the hart.
pub const BLOCKS: usize = 2048;

/// A pc no block starts at (pcs are even), marking an empty slot.
const NO_PC: u64 = u64::MAX;

/// One decoded instruction of a block.
#[derive(Clone, Copy)]
pub struct BlockInst {
    pub inst: Inst,
    /// Executes `inst` (see `exec::threaded`).
    pub run: Handler,
    /// True if `inst` accesses memory: it may then observe the time (a
    /// CLINT read) or write memory, possibly this block's page (loads
    /// included: their translation may set a PTE's A bit).
    pub memory: bool,
    /// This entry's position in its block (it fits in the struct's
    /// padding), so the run loop need not count entries as it goes.
    pub index: u8,
}

/// A decoded straight-line run starting at `pc` (see the module doc).
#[derive(Clone, Copy)]
pub struct Block {
    pub pc: u64,
    /// The physical RAM page the block was decoded from, and that page's
    /// generation and RAM's identity at the time (see `Ram::page_gen`).
    pub pbase: u64,
    pub gen: u64,
    pub ram_id: u64,
    /// Entries in use, 0..=BLOCK_MAX; 0 when the instruction at `pc` must
    /// run on its own.
    pub len: u32,
    pub insts: [BlockInst; BLOCK_MAX],
}

impl Block {
    fn empty() -> Block {
        let inst = decode(0);
        Block { pc: NO_PC, pbase: 0, gen: 0, ram_id: 0, len: 0, insts: [BlockInst { inst, run: handler_for(inst.op), memory: false, index: 0 }; BLOCK_MAX] }
    }
}

/// A fresh set of empty blocks.
pub(crate) fn new_blocks() -> Box<[Block]> {
    vec![Block::empty(); BLOCKS].into_boxed_slice()
}

/// The slot of the block starting at `pc`.
#[inline(always)]
pub fn slot(pc: u64) -> usize {
    (pc >> 1) as usize & (BLOCKS - 1)
}

/// True for the instructions a block may hold: they change only integer
/// and FP registers (and the FP flags), memory and the pc.
fn may_join(op: Op) -> bool {
    use Op::*;
    !matches!(
        op,
        Illegal
            | FenceI
            | Ecall
            | Ebreak
            | Csrrw
            | Csrrs
            | Csrrc
            | Csrrwi
            | Csrrsi
            | Csrrci
            | Mret
            | Sret
            | Wfi
            | SfenceVma
            | HfenceVvma
            | HfenceGvma
            | HlvB
            | HlvBu
            | HlvH
            | HlvHu
            | HlvW
            | HlvWu
            | HlvD
            | HlvxHu
            | HlvxWu
            | HsvB
            | HsvH
            | HsvW
            | HsvD
    )
}

/// True for the instructions that end a block (they may move the pc
/// elsewhere).
fn ends_block(op: Op) -> bool {
    use Op::*;
    matches!(op, Jal | Jalr | Beq | Bne | Blt | Bge | Bltu | Bgeu)
}

/// True for the instructions that access memory (see `BlockInst::memory`).
fn accesses_memory(op: Op) -> bool {
    use Op::*;
    matches!(
        op,
        Lb | Lh
            | Lw
            | Ld
            | Lbu
            | Lhu
            | Lwu
            | Flw
            | Fld
            | LrW
            | LrD
            | Sb
            | Sh
            | Sw
            | Sd
            | Fsw
            | Fsd
            | ScW
            | ScD
            | AmoswapW
            | AmoaddW
            | AmoxorW
            | AmoandW
            | AmoorW
            | AmominW
            | AmomaxW
            | AmominuW
            | AmomaxuW
            | AmoswapD
            | AmoaddD
            | AmoxorD
            | AmoandD
            | AmoorD
            | AmominD
            | AmomaxD
            | AmominuD
            | AmomaxuD
    )
}

/// True if `b` is the decode of the code at virtual `pc` on the RAM page
/// at `pbase` as that page is now.
#[inline(always)]
pub fn is_current(b: &Block, pc: u64, pbase: u64, ram: &Ram) -> bool {
    b.pc == pc && b.pbase == pbase && b.gen == ram.page_gen(pbase) && b.ram_id == ram.id()
}

/// Decode the block starting at virtual `pc`, whose page is the RAM page
/// at physical `pbase`, into `b`. Only instructions whose 32-bit window
/// lies within the page are taken (the last halfword of a page is fetched
/// the slow way).
#[cold]
#[inline(never)]
pub fn build(b: &mut Block, pc: u64, ram: &Ram, pbase: u64) {
    b.pc = pc;
    b.pbase = pbase;
    b.gen = ram.page_gen(pbase);
    b.ram_id = ram.id();
    let mut len = 0;
    let mut off = pc & 0xfff;
    while len < BLOCK_MAX && off <= 0xffc {
        let Some(w) = ram.read_u32(pbase | off) else { break };
        let mask = if w & 3 == 3 { u32::MAX } else { 0xffff };
        let inst = decode(w & mask);
        if !may_join(inst.op) {
            break;
        }
        b.insts[len] = BlockInst { inst, run: handler_for(inst.op), memory: accesses_memory(inst.op), index: len as u8 };
        len += 1;
        off += inst.len as u64;
        if ends_block(inst.op) {
            break;
        }
    }
    b.len = len as u32;
}
