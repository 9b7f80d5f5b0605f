//! The run loop: the fast path that does what `Hart::step` does without
//! building reports, running decoded blocks (`block`) through their
//! handlers (`threaded`) or compiled code (`jit`).

use super::block::{self, Block, BlockInst};
use super::cache::{lookup, DecodeTable};
use super::jit::{chain_entry, unpack, Link};
use super::probe::{ProbeHit, Probes};
use super::state::{Cut, RunState};
use super::threaded::Exit;
use super::{Engine, Parts};
use crate::hart::Hart;
use crate::isa::exec::execute;
use crate::isa::{Inst, Op};

impl Engine {
    /// Execute up to `budget` instructions of `h` without building reports;
    /// returns how many were executed (trapped instructions count too, so a
    /// trap storm still advances time; taking an interrupt does not).
    /// Returns early when the hart starts waiting in WFI, or when a timer
    /// compare register or a device register was written
    /// (`Hart::take_yield`), or before an event the probes ask for (see
    /// `probe`; `take_hit` says which).
    pub fn run(&mut self, h: &mut Hart, budget: u64) -> u64 {
        if self.ram_id != h.bus.ram.id() {
            // Blocks record physical pages and generations of one RAM.
            self.ram_id = h.bus.ram.id();
            block::clear(&mut self.blocks);
            self.state.jumps.forget_all();
        }
        self.follow_isa(h);
        self.state.set_host_ram(h.bus.ram.host_view());
        // Stop no later than the first instruction that could overflow an
        // hpm counter into an interrupt, and raise it after (Sscofpmf).
        let budget = budget.min(h.counters_budget());
        // Two instances of the loop: the probe tests vanish from the
        // free-running one.
        let n = match self.parts() {
            Some(p) if p.probes.is_empty() => run_with::<false>(h, p, budget),
            Some(p) => {
                // Compiled code must not jump past a block where a probe
                // may stop (none are remembered while probed).
                p.state.jumps.forget_all();
                h.mmu.watch.arm(&p.probes.memory);
                let n = run_with::<true>(h, p, budget);
                h.mmu.watch.disarm();
                n
            }
            None => 0,
        };
        h.counters_check_overflow();
        n
    }
}

/// The body of `run`. The outer loop handles interrupts and whatever
/// else follows a change of state; the inner loop runs blocks (see
/// `engine::block`) as long as nothing changes. Every CSR write, trap
/// entry, xRET and device access sets `irq_dirty` (and WFI sets
/// `waiting`), so checking the flags after each instruction is enough
/// to notice a change of privilege or of anything an interrupt depends
/// on. Inside a block only registers and memory change, so the raw
/// totals the counters derive from (`hart::csr::counters`) are settled
/// once per block (and before a trap is taken).
///
/// With `PROBED`, it also stops before what `p.probes` asks for (see
/// `probe`), leaving the hit in `p.hit`.
#[inline(always)]
fn run_with<const PROBED: bool>(h: &mut Hart, p: Parts<'_>, budget: u64) -> u64 {
    let Parts { table, blocks, evict, jit, state: s, probes, hit } = p;
    let mut n = 0;
    'outer: while n < budget {
        h.bus.clint.set_chunk_progress(n);
        // A timer or device changed: let the machine re-plan.
        if h.take_yield() && n > 0 {
            break;
        }
        if h.irq_dirty || h.waiting {
            if PROBED && probes.transitions && h.pending_interrupt().is_some() {
                *hit = Some(ProbeHit::Transition);
                break;
            }
            // Taking an interrupt executes no instruction and so does
            // not count (as in `step`): time only moves with execution.
            if h.service_interrupts().is_some() {
                continue;
            }
            if h.waiting {
                break;
            }
        }
        // Nothing the handlers' fast paths depend on changes in the
        // inner loop without raising a flag (or, for a device access
        // or an LR, without the handler that made it refreshing them):
        // they are decided again when first needed.
        s.suspend();
        // The page the last block came from: virtual base (never
        // equal to a page-aligned pc at first), physical base and
        // generation. Valid until a flag is raised (anything that
        // changes translation or the remembered fetch pages raises
        // one) or the page is written (which leaves the inner loop).
        let mut page_v = u64::MAX;
        let mut page_p = 0;
        let mut page_g = 0;
        // Where the page's generation is counted (for the jump cache).
        let mut page_gen_at: *const u64 = std::ptr::null();
        s.jumps.follow(h.mmu.fetch_forgotten(), h.prv as u64 | (h.virt as u64) << 2);
        // The exit a compiled block just left by (its end, or a branch
        // taken within its page), to link to the block it goes on to if
        // that is compiled and in the same page; and that block.
        let mut link_from: *const Link = std::ptr::null();
        let mut link_block: *const Block = std::ptr::null();
        loop {
            let pc = h.pc;
            if PROBED && probes.breaks_at(pc) {
                *hit = Some(ProbeHit::Breakpoint { pc });
                break 'outer;
            }
            // A compiled block the jump cache holds for this pc (see
            // `Jumps::find`): entered without looking its page and its
            // slot up again, as compiled code would enter it; not while
            // an exit waits to be linked (the slot path links it).
            let mut cached: *const Block = std::ptr::null();
            if (pc & !0xfff) != page_v {
                match (!PROBED && link_from.is_null()).then(|| s.jumps.find(pc)).flatten() {
                    Some(j) => {
                        page_v = pc & !0xfff;
                        page_p = j.pbase;
                        page_g = j.gen;
                        page_gen_at = j.gen_at;
                        s.running.pbase = j.pbase;
                        s.running.gen = j.gen;
                        cached = j.block;
                    }
                    None => match h.fetch_page(pc) {
                        Some(pbase) => {
                            page_v = pc & !0xfff;
                            page_p = pbase;
                            page_g = h.bus.ram.page_gen(pbase);
                            page_gen_at = s.host_ram.gen_at(pbase);
                            s.running.pbase = pbase;
                            s.running.gen = page_g;
                        }
                        // Not in a remembered page, or an odd pc: one
                        // instruction on its own (and its trap, if any).
                        None => {
                            if let Some(stop) = run_alone::<PROBED>(h, table, probes, pc, &mut n) {
                                *hit = Some(stop);
                                break 'outer;
                            }
                            continue 'outer;
                        }
                    },
                }
            }
            // Where the last run's budget cut a block: on in it from
            // there (see `Cut`), as if it had started `index` instructions
            // ago (its entries count from its start).
            let (exit, k, b, start, first, cut_slot) = 'ran: {
                if let Some(cut) = s.cut.take().filter(|c| !PROBED && c.pc == pc) {
                    if let Some(b) = blocks[cut.slot].as_deref().filter(|b| resumes(b, &cut, page_p, page_g)) {
                        let limit = (b.len as u64).min(cut.index as u64 + (budget - n)) as usize;
                        let start = n.wrapping_sub(cut.index as u64);
                        s.running.start = start;
                        link_from = std::ptr::null();
                        let (exit, k) = run_block(h, s, &b.insts, cut.index, limit);
                        break 'ran (exit, k, b, start, cut.index, Some(cut.slot));
                    }
                }
                // SAFETY: a block of `blocks` (see `jumps::Jump`), not
                // otherwise borrowed here; a cleared block (no pc, no code)
                // is not taken.
                let entered = unsafe { cached.as_ref() }.filter(|b| b.pc == pc && b.code.is_some() && b.len as u64 <= budget - n);
                let (b, slot) = match entered {
                    Some(b) => (b, None),
                    None => {
                        let slot = block::slot_for(blocks, pc, evict);
                        let b = blocks[slot].get_or_insert_with(|| Box::new(Block::empty()));
                        if !block::is_current(b, pc, page_p, page_g) {
                            // Blocks linked into this one must no longer enter it,
                            // nor jumps through the jump cache.
                            jit.unlink(&mut b.incoming);
                            s.jumps.forget(b.pc, &**b);
                            s.decoding_from(page_p);
                            let alone = block::Alone { float: probes.float_instructions, csr: probes.csr_instructions, xret: probes.transitions };
                            block::build(b, pc, &h.bus.ram, page_p, &probes.breakpoints, table, h.isa(), alone, &mut s.entries);
                            s.built += 1;
                            link_from = std::ptr::null();
                        }
                        if b.code.is_none() && jit.is_on() {
                            // Compiled once it has run a few times: most blocks
                            // run too seldom to repay the compiler.
                            b.runs = b.runs.saturating_add(1);
                            if b.runs == block::HOT && b.len > 0 {
                                s.settle(h);
                                let compiled = jit.compile(b, s.direct);
                                b.code = compiled.as_ref().map(|c| c.code);
                                b.exit = compiled.as_ref().map(|c| c.exit).unwrap_or_default();
                                b.taken = compiled.map(|c| c.taken).unwrap_or_default();
                                if b.code.is_none() && jit.take_full() {
                                    // The code memory filled up (or cannot be made
                                    // executable): no compiled block may run before
                                    // every block has dropped its code. Nothing has
                                    // run at this pc yet: start it afresh there.
                                    block::clear(blocks);
                                    jit.reset();
                                    s.jumps.forget_all();
                                    continue 'outer;
                                }
                            }
                        }
                        if !PROBED && !link_from.is_null() && b.code.is_some() {
                            // SAFETY: `link_block` is a block of `blocks` (boxes never
                            // freed while the engine lives) and not rebuilt since it
                            // returned, and `link_from` one of its links; not `b`
                            // (an exit's target is never its own block's start: a
                            // branch back there loops within the compiled code).
                            let (from, exit) = unsafe { (&*link_block, &*link_from) };
                            let same_page = from.pc & !0xfff == pc & !0xfff && from.pbase == b.pbase && from.gen == b.gen;
                            if exit.to_pc == pc && same_page && from.code.is_some() {
                                if let Some(l) = jit.link(exit, b) {
                                    b.incoming.push(l);
                                }
                            }
                            if jit.take_full() {
                                block::clear(blocks);
                                jit.reset();
                                s.jumps.forget_all();
                                continue 'outer;
                            }
                        }
                        link_from = std::ptr::null();
                        let b: &Block = b;
                        (b, Some(slot))
                    }
                };
                if b.len == 0 {
                    // An instruction that runs on its own (it may change
                    // anything, or it is not in RAM, or it crosses into
                    // the next page): the outer loop looks at the flags
                    // after it.
                    if let Some(stop) = run_alone::<PROBED>(h, table, probes, pc, &mut n) {
                        *hit = Some(stop);
                        break 'outer;
                    }
                    continue 'outer;
                }
                // The block may stop mid-way at the budget.
                let limit = (b.len as u64).min(budget - n) as usize;
                s.running.start = n;
                let (exit, k, b) = match b.code {
                    Some(code) if limit == b.len as usize => {
                        if !PROBED && cached.is_null() {
                            // Compiled code may jump here through the cache
                            // (a probed run stops between blocks instead).
                            s.jumps.remember(pc, b, chain_entry(code), page_gen_at);
                        }
                        s.fuel = budget - n;
                        s.budget = budget;
                        s.block = b;
                        // SAFETY: `code` was compiled from `b`, which has not
                        // changed or moved since (a rebuild drops it and
                        // unlinks the blocks linked into it), and the hart is
                        // not otherwise borrowed while it runs.
                        let (exit, k) = unpack(unsafe { code(h, s) });
                        // Whole passes of a block that loops on itself, and
                        // the linked blocks it went through, retired (and
                        // moved `running.start` on).
                        let passes = (budget - n) - s.fuel;
                        n += passes;
                        retire_many(h, passes);
                        // SAFETY: the block it returned from: `b`, or one it
                        // went on into, a block of `blocks` (see `jit::Link`).
                        let last = unsafe { &*s.block };
                        if s.running.pbase != page_p {
                            // It went on into another page (through the jump
                            // cache): look the pc's page up afresh.
                            page_v = u64::MAX;
                        }
                        if !PROBED {
                            let site = match exit {
                                Exit::Next if k == last.len as usize => Some(&last.exit),
                                Exit::Taken => last.taken.iter().find(|t| t.0 as usize == k).map(|t| &t.1),
                                _ => None,
                            };
                            if let Some(site) = site {
                                link_from = site;
                                link_block = last;
                            }
                        }
                        (exit, k, last)
                    }
                    _ => {
                        let (exit, k) = run_block(h, s, &b.insts, 0, limit);
                        break 'ran (exit, k, b, n, 0, slot);
                    }
                };
                // Where the last pass began.
                (exit, k, b, n, 0, None)
            };
            match exit {
                Exit::Next => {
                    h.pc = b.pc_after(k);
                    n = start.wrapping_add(k as u64);
                    retire_many(h, (k - first) as u64);
                    if n >= budget {
                        if let Some(slot) = cut_slot.filter(|_| k < b.len as usize) {
                            s.cut = Some(Cut { slot, index: k, pc: h.pc });
                        }
                        break 'outer;
                    }
                }
                Exit::Taken => {
                    // Instruction k retired and set the pc.
                    n = start.wrapping_add(k as u64 + 1);
                    retire_many(h, (k + 1 - first) as u64);
                    if n >= budget {
                        break 'outer;
                    }
                }
                Exit::Trapped if PROBED && h.mmu.watch.take_hit() => {
                    // A watched access: stop before its instruction, as
                    // before a trap.
                    n = start.wrapping_add(k as u64);
                    retire_many(h, (k - first) as u64);
                    h.pc = b.pc_after(k);
                    *hit = Some(ProbeHit::Memory { pc: h.pc });
                    break 'outer;
                }
                Exit::Trapped if PROBED && probes.transitions => {
                    // Stop before the trap: the instruction changed
                    // nothing (exceptions are precise), so the hart is
                    // as the instructions before it left it.
                    n = start.wrapping_add(k as u64);
                    retire_many(h, (k - first) as u64);
                    h.pc = b.pc_after(k);
                    *hit = Some(ProbeHit::Transition);
                    break 'outer;
                }
                Exit::Trapped => {
                    h.bus.clint.set_chunk_progress(start.wrapping_add(k as u64));
                    // The trapped instruction counts as executed.
                    n = start.wrapping_add(k as u64 + 1);
                    retire_many(h, (k - first) as u64);
                    h.cycles = h.cycles.wrapping_add(1);
                    let trap = s.trap;
                    h.take_trap(trap);
                    continue 'outer;
                }
                Exit::Leave => {
                    // Instruction k retired and set the pc.
                    n = start.wrapping_add(k as u64 + 1);
                    retire_many(h, (k + 1 - first) as u64);
                    continue 'outer;
                }
                Exit::Alone => {
                    // Instruction k (the block's last) has not run: the
                    // ones before it retire first, then it runs on its
                    // own, as it decoded (a probed run fetches it again,
                    // where its probes look at it).
                    n = start.wrapping_add(k as u64);
                    retire_many(h, (k - first) as u64);
                    h.pc = b.pc_after(k);
                    match b.insts.get(k) {
                        Some(e) if !PROBED && k < b.len as usize => run_decoded(h, &e.inst, &mut n),
                        _ if PROBED => {
                            if let Some(stop) = probe_alone(h, table, probes, h.pc, &mut n) {
                                *hit = Some(stop);
                                break 'outer;
                            }
                        }
                        _ => fetch_run_one(h, table, h.pc, &mut n),
                    }
                    continue 'outer;
                }
            }
        }
    }
    n
}

/// Run entries `first..limit` of a block until one returns other than
/// `Exit::Next`: returns that exit and the entry's index, or (`Exit::Next`, `limit`).
/// (One call site for all entries measured faster here than a call site
/// per position.)
#[inline(always)]
fn run_block(h: &mut Hart, s: &mut RunState, insts: &[BlockInst], first: usize, limit: usize) -> (Exit, usize) {
    for e in &insts[first.min(limit)..limit.min(insts.len())] {
        let exit = (e.run)(h, e, s);
        if exit != Exit::Next {
            return (exit, e.index as usize);
        }
    }
    (Exit::Next, limit)
}

/// The instruction at `pc` on its own: `fetch_run_one`, or with `PROBED`
/// `probe_alone` (returning the probe that stops before it).
#[inline(always)]
fn run_alone<const PROBED: bool>(h: &mut Hart, table: &mut DecodeTable, probes: &Probes, pc: u64, n: &mut u64) -> Option<ProbeHit> {
    if PROBED {
        return probe_alone(h, table, probes, pc, n);
    }
    fetch_run_one(h, table, pc, n);
    None
}

/// Fetch the instruction at `pc` and run it on its own (see `run_one`);
/// a fetch fault counts as executed (it moves time) but not as a cycle.
/// The caller goes back to the outer loop, which looks at the flags.
#[inline(never)]
fn fetch_run_one(h: &mut Hart, table: &mut DecodeTable, pc: u64, n: &mut u64) {
    match h.fetch(pc) {
        Ok(raw) => run_one(h, table, pc, raw, n),
        Err(trap) => {
            *n += 1;
            h.take_trap(trap);
        }
    }
}

/// `fetch_run_one` under probes: returns the probe that stops before the
/// instruction at `pc` (a fault fetching it, an xRET, a CSR instruction,
/// a watched access, or one that would trap), leaving the hart untouched;
/// otherwise runs it.
#[inline(never)]
fn probe_alone(h: &mut Hart, table: &mut DecodeTable, probes: &Probes, pc: u64, n: &mut u64) -> Option<ProbeHit> {
    let raw = match h.fetch(pc) {
        Ok(raw) => raw,
        Err(_) if probes.transitions => return Some(ProbeHit::Transition),
        Err(trap) => {
            *n += 1;
            h.take_trap(trap);
            return None;
        }
    };
    let inst = lookup(table, h.isa(), pc, raw);
    if probes.transitions && matches!(inst.op, Op::Mret | Op::Sret) {
        return Some(ProbeHit::Transition);
    }
    if probes.csr_instructions && inst.op.is_csr() {
        return Some(ProbeHit::CsrInstruction { pc });
    }
    if probes.float_instructions && inst.op.is_float() {
        return Some(ProbeHit::FloatInstruction { pc });
    }
    h.bus.clint.set_chunk_progress(*n);
    match execute(h, inst) {
        Ok(()) => {
            *n += 1;
            h.retire();
            None
        }
        // Exceptions are precise: nothing changed yet.
        Err(_) if h.mmu.watch.take_hit() => Some(ProbeHit::Memory { pc }),
        Err(_) if probes.transitions => Some(ProbeHit::Transition),
        Err(trap) => {
            *n += 1;
            h.cycles = h.cycles.wrapping_add(1);
            h.take_trap(trap);
            None
        }
    }
}

/// Run the single instruction `raw` at `pc` (fetched already) outside
/// any block.
#[inline(never)]
fn run_one(h: &mut Hart, table: &mut DecodeTable, pc: u64, raw: u32, n: &mut u64) {
    let inst = *lookup(table, h.isa(), pc, raw);
    run_decoded(h, &inst, n);
}

/// Run the decoded instruction `inst` at the pc on its own (see
/// `run_one`).
#[inline(never)]
fn run_decoded(h: &mut Hart, inst: &Inst, n: &mut u64) {
    h.bus.clint.set_chunk_progress(*n);
    *n += 1;
    match execute(h, inst) {
        // Possibly a write of mcountinhibit, a counter or an event:
        // their rules already count this retirement as the spec says.
        Ok(()) => h.retire(),
        Err(trap) => {
            h.cycles = h.cycles.wrapping_add(1);
            h.take_trap(trap);
        }
    }
}

/// True if the run loop may go on in `b` where `cut` left it: the block
/// in that slot is still the one decoded from the pc's page as it is now
/// (physical page and generation), and its entry `index` is at the pc.
#[inline(always)]
fn resumes(b: &Block, cut: &Cut, pbase: u64, gen: u64) -> bool {
    block::is_current(b, b.pc, pbase, gen) && cut.index < b.len as usize && b.insts[cut.index].pc == cut.pc
}

/// Count `k` retired instructions in the raw totals the counters derive
/// from (`hart::csr::counters`).
#[inline(always)]
fn retire_many(h: &mut Hart, k: u64) {
    h.instret = h.instret.wrapping_add(k);
    h.cycles = h.cycles.wrapping_add(k);
}
