//! What the run loop shares with the block handlers (`threaded`) and
//! compiled blocks (`jit`) while it runs: whether loads and stores may take
//! their fast path, where RAM is in host memory, the block running, the
//! fuel of a block that loops on itself, and where a handler leaves its
//! trap. None of it is architectural: it is derived from the hart (the
//! fast paths when a slow path first needs them after the run loop's inner
//! loop (re)started: see `RunState::suspend`), and stays valid while
//! nothing raises a flag (see `run.rs`).

use super::block::Block;
use super::fast_pages::{CodePages, FastPages};
use super::jumps::Jumps;
use crate::bus::ram::HostRam;
use crate::hart::csr::PlainRoute;
use crate::hart::{Exception, Hart, Trap};
use crate::mmu::access::DataTlbKeys;

/// The block running, for the handlers: see `threaded::general_memory`.
#[derive(Clone, Copy, Default)]
pub struct Running {
    /// Instructions executed in the current run before this block.
    pub start: u64,
    /// The block's physical page and its generation when it was checked.
    pub pbase: u64,
    pub gen: u64,
}

/// The run loop's state shared with handlers and compiled blocks (see the
/// module doc). Compiled blocks reach its fields by offset (see
/// `jit::compile`): in C layout, the fields they use first (within a
/// one-byte displacement of the start), the fast-page tables after them.
#[repr(C)]
pub struct RunState {
    /// Loads and stores within one aligned 8-byte granule of RAM may
    /// reach it directly, at the virtual address (see `direct_allowed`).
    pub(crate) direct: bool,
    /// Instructions a compiled block may still execute: set by the run
    /// loop before it calls one, lowered by the block as it loops on itself
    /// (see `jit::compile::self_loop`).
    pub(crate) fuel: u64,
    /// The instruction budget of the run loop's current run: in compiled
    /// code, `running.start` + `fuel` = `budget` (compiled blocks keep the
    /// fuel in a register and write both before a handler call).
    pub(crate) budget: u64,
    /// The block whose exit a compiled block returns: the one the run loop
    /// called, or the last one linked blocks went on into (see
    /// `jit::Link`).
    pub(crate) block: *const Block,
    pub(crate) running: Running,
    /// Where RAM is in host memory, for compiled blocks; set when `run`
    /// starts.
    pub(crate) host_ram: HostRam,
    /// The translated pages loads and stores may use as they are (see
    /// `fast_pages`; its epoch first), and the TLB stamp they were made
    /// under.
    pub(crate) fast: FastPages,
    fast_stamp: u64,
    /// Where jumps to another page or through a register find their
    /// compiled block (see `jumps`; after the fast pages, whose first
    /// entries stay within a one-byte displacement).
    pub(crate) jumps: Jumps,
    /// The RAM pages blocks were decoded from, which get no fast store
    /// entry (see `fast_pages`).
    pub(crate) code: CodePages,
    /// The keys of the TLB for loads and stores (S, U, VS, VU), when its
    /// hits may be used without the translation path (see `tlb_allowed`).
    pub(crate) tlb: Option<DataTlbKeys>,
    /// Where a handler leaves its trap (exit `Exit::Trapped`).
    pub(crate) trap: Trap,
    /// Where plain CSR accesses go (see `threaded::csr_plain`).
    pub(crate) plain_routes: [PlainRoute; super::threaded::PLAIN_ROUTES],
    /// Where the last run stopped in the middle of an interpreted block
    /// at its budget (see `Cut`).
    pub(crate) cut: Option<Cut>,
    /// Blocks decoded so far (see `Engine::built_blocks`).
    pub(crate) built: u64,
    /// Where a block's entries are gathered as it is built (see
    /// `block::build`).
    pub(crate) entries: Vec<super::block::BlockInst>,
}

/// A block the run loop's budget cut: the next run, if it starts at `pc`
/// and the block in `slot` is still the one decoded from that page, goes
/// on in it from entry `index` instead of building a block that starts
/// there. Chunks end at exact instruction counts, mostly in the middle of
/// a block: a new block at each such pc would cost a build (about as much
/// as a few hundred instructions run) for a block that hardly runs again.
#[derive(Clone, Copy)]
pub struct Cut {
    pub slot: usize,
    pub index: usize,
    pub pc: u64,
}

impl Default for RunState {
    fn default() -> Self {
        RunState {
            direct: false,
            tlb: None,
            host_ram: HostRam::default(),
            jumps: Jumps::default(),
            running: Running::default(),
            fuel: 0,
            budget: 0,
            block: std::ptr::null(),
            trap: Trap::new(Exception::IllegalInstruction, 0),
            fast: FastPages::default(),
            fast_stamp: 0,
            code: CodePages::default(),
            plain_routes: Default::default(),
            cut: None,
            built: 0,
            entries: Vec::new(),
        }
    }
}

impl RunState {
    /// The hart's state may have changed (the run loop's outer loop, at
    /// every flag): turn the fast paths off until one is needed (`settle`),
    /// which then decides them (`refresh`). A trap and its return, whose
    /// handlers may access no memory at all, cost no more then; the fast
    /// pages come back as they were if nothing they depend on changed.
    #[inline(always)]
    pub(crate) fn suspend(&mut self) {
        self.fast.suspend();
        self.direct = false;
    }

    /// Decide the fast paths if they are suspended (see `suspend`): the
    /// handlers' slow paths call this before they look at them, and the
    /// run loop before it compiles a block for them.
    #[inline(always)]
    pub(crate) fn settle(&mut self, h: &Hart) {
        if self.fast.suspended() {
            self.refresh(h);
        }
    }

    /// Decide the fast paths (`direct`, `tlb`) from the hart's state now.
    #[inline]
    pub(crate) fn refresh(&mut self, h: &Hart) {
        self.fast.resume();
        self.direct = direct_allowed(h);
        let tlb = if tlb_allowed(h) { h.data_tlb_keys() } else { None };
        let same = |a: &DataTlbKeys, b: &DataTlbKeys| a.ctx == b.ctx && a.load == b.load && a.store == b.store;
        let same_keys = match (&tlb, &self.tlb) {
            (Some(a), Some(b)) => same(a, b),
            (None, None) => true,
            _ => false,
        };
        if !same_keys || h.mmu.tlb.stamp() != self.fast_stamp {
            self.fast.forget();
            self.fast_stamp = h.mmu.tlb.stamp();
        }
        self.tlb = tlb;
        // Compiled blocks rely on this (`jit::compile::ram_checks`): the
        // fast pages are used only where the TLB path is on, which direct
        // access never is; they were forgotten when it went off.
        debug_assert!(!(self.direct && self.tlb.is_some()), "direct access with the TLB path on");
    }

    /// Where RAM is now (when `run` starts): the fast pages are offsets
    /// into it, so another RAM, or the same one moved, forgets them (and
    /// which pages hold code); so does a RAM that asks for its next writes
    /// to be counted (`Ram::count_next_writes`: fast store entries write
    /// uncounted).
    pub(crate) fn set_host_ram(&mut self, ram: HostRam) {
        let h = &self.host_ram;
        if (h.ptr, h.base, h.len8) != (ram.ptr, ram.base, ram.len8) {
            self.code.clear(ram.len8);
            self.fast.forget();
        } else if h.counting != ram.counting {
            self.fast.forget();
        }
        self.host_ram = ram;
    }

    /// Blocks are being decoded from the RAM page at physical `pbase`:
    /// from now on its stores take the handler (see `fast_pages`).
    #[inline(always)]
    pub(crate) fn decoding_from(&mut self, pbase: u64) {
        if self.code.mark(pbase.wrapping_sub(self.host_ram.base)) {
            // It may have store entries.
            self.fast.forget();
        }
    }

    /// The `store` handler wrote physical `pa` (through `Ram::write`,
    /// counted) by the TLB path: the page's blocks are stale, it may get a
    /// store entry (see `CodePages`).
    #[inline(always)]
    pub(crate) fn stored(&mut self, pa: u64) {
        self.code.unmark(pa.wrapping_sub(self.host_ram.base));
    }

    /// The physical address of a load (`store` false) or store at `vaddr`
    /// by the fast pages or the TLB, if the TLB path is on and holds a
    /// translation that allows it with no PMP check per access (a TLB hit
    /// in RAM becomes a fast page).
    #[inline(always)]
    pub(crate) fn tlb_pa(&mut self, h: &Hart, vaddr: u64, store: bool) -> Option<u64> {
        let k = self.tlb.as_ref()?;
        if let Some(host) = self.fast.host_address(vaddr, store) {
            return Some(host.wrapping_sub(self.host_ram.ptr as u64).wrapping_add(self.host_ram.base));
        }
        let pa = h.tlb_hit(vaddr, k.ctx, if store { k.store } else { k.load })?;
        self.fast.insert(vaddr, pa, store, &self.host_ram, &self.code);
        Some(pa)
    }
}

/// The fast paths skip three things the general path does, so they are
/// off while any is pending: reporting a device access (`device_touched`:
/// the general path reports it at the next access, which ends the chunk
/// there), ending an LR reservation on a store to its granule (only LR
/// sets one, through the general path), and matching a debugger's memory
/// watches (`mmu::watch`, armed only for a probed run).
fn fast_allowed(h: &Hart) -> bool {
    !h.bus.device_touched && h.reservation.is_none() && !h.mmu.watch.armed()
}

/// Direct RAM access: `fast_allowed`, and M-mode accesses need no
/// translation or PMP check (see `Hart::machine_untranslated`).
fn direct_allowed(h: &Hart) -> bool {
    fast_allowed(h) && h.machine_untranslated()
}

/// The TLB path: `fast_allowed` (the rest is in `Hart::data_tlb_keys`).
fn tlb_allowed(h: &Hart) -> bool {
    fast_allowed(h)
}
