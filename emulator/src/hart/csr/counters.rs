//! The counters mcycle, minstret and mhpmcounter3-31 (Zihpm), with
//! mcountinhibit, and Sscofpmf's mode filtering and count overflow.
//!
//! The engine keeps only two raw totals, `Hart::cycles` and
//! `Hart::instret`, settled once per block. Every counter is derived from
//! one of them when it is read: `base + (raw - anchor)` while it counts,
//! `base` while it stands still. Whatever changes what a counter counts
//! (mcountinhibit, mhpmevent, a mode change under an xINH bit, a write)
//! first settles it: `base` takes its value and `anchor` the raw total. So
//! a counter costs nothing per instruction.
//!
//! Events (mhpmevent[55:0]; hemu's encoding, the same numbers as the SBI
//! PMU's hardware events and QEMU's `virt`): 1 counts cycles as mcycle
//! does, 2 retired instructions as minstret does; every other value counts
//! nothing.
//!
//! Count overflow (Sscofpmf): a counter overflows when a hardware increment
//! wraps it to 0. With its OF bit clear, that sets OF and mip.LCOFIP
//! before the next instruction. The engine ends its runs no later than the
//! first instruction that can overflow a counter (`counters_budget`) and
//! then looks (`counters_check_overflow`); a settle looks too, so an MRET
//! that wraps a counter is seen at that MRET.

use super::bits::LCOFIP;
use crate::hart::{Hart, Mode, Privilege};
use crate::isa::table::Ext;

/// mhpmevent's Sscofpmf bits (the spec's "Count Overflow Control").
pub const EVENT_OF: u64 = 1 << 63;
pub const EVENT_MINH: u64 = 1 << 62;
pub const EVENT_SINH: u64 = 1 << 61;
pub const EVENT_UINH: u64 = 1 << 60;
pub const EVENT_VSINH: u64 = 1 << 59;
pub const EVENT_VUINH: u64 = 1 << 58;
/// All five xINH bits.
pub const EVENT_INH: u64 = EVENT_MINH | EVENT_SINH | EVENT_UINH | EVENT_VSINH | EVENT_VUINH;
/// The event selector (bits 55:0; 57:56 are reserved, read-only zero).
pub const EVENT_SELECT: u64 = (1 << 56) - 1;
/// hemu's events (see the module doc).
pub const EVENT_CYCLES: u64 = 1;
pub const EVENT_INSTRET: u64 = 2;

/// What a counter counts from its anchor on.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Source {
    /// It stands still (inhibited, filtered out in this mode, or an event
    /// hemu does not count).
    #[default]
    Nothing,
    /// `Hart::cycles`.
    Cycles,
    /// `Hart::instret`.
    Instret,
}

/// One counter: its value at `anchor` and what it counts since.
#[derive(Clone, Copy, Debug, Default)]
struct Counter {
    base: u64,
    anchor: u64,
    source: Source,
}

/// The state behind mcycle (index 0), minstret (2) and mhpmcounter3-31
/// (3..=31), and mhpmevent3-31.
#[derive(Clone, Debug, Default)]
pub struct Counters {
    counters: [Counter; 32],
    /// mhpmevent3-31 at their numbers (0..=2 unused).
    pub(crate) events: [u64; 32],
    /// The hpm counters that may overflow into an interrupt: Sscofpmf,
    /// counting an event, not inhibited, OF clear (one bit per number).
    may_overflow: u32,
    /// Some hpm counter counts only in some modes: a mode change settles.
    mode_filtered: bool,
}

/// The counters' numbers: mcycle, minstret, mhpmcounter3-31 (1 is time).
fn numbers() -> impl Iterator<Item = usize> {
    (0..32).filter(|&n| n != 1)
}

impl Counters {
    /// The raw total `source` follows.
    fn raw(source: Source, cycles: u64, instret: u64) -> u64 {
        match source {
            Source::Nothing | Source::Cycles => cycles,
            Source::Instret => instret,
        }
    }

    /// How far the raw total moved past the anchor. A CSR write anchors
    /// one ahead, so that the writing instruction's own retirement is not
    /// counted; until it retires (or for a debugger's write) that is -1,
    /// which counts as 0.
    fn elapsed(c: &Counter, raw: u64) -> u64 {
        match c.source {
            Source::Nothing => 0,
            _ => (raw.wrapping_sub(c.anchor) as i64).max(0) as u64,
        }
    }
}

impl Hart {
    /// Counter `n`'s value now (0 mcycle, 2 minstret, 3-31 mhpmcounterN).
    pub(crate) fn counter(&self, n: usize) -> u64 {
        let c = &self.csr.counters.counters[n & 31];
        let raw = Counters::raw(c.source, self.cycles, self.instret);
        c.base.wrapping_add(Counters::elapsed(c, raw))
    }

    /// A CSR write of counter `n`: the value software reads after the
    /// writing instruction, whose own increment is suppressed (priv spec,
    /// "Machine Counter-Inhibit": a write "takes effect" after it).
    /// Writes never overflow a counter.
    pub(crate) fn set_counter(&mut self, n: usize, v: u64) {
        let raw = self.raw_of(self.csr.counters.counters[n & 31].source);
        let c = &mut self.csr.counters.counters[n & 31];
        c.base = v;
        c.anchor = raw.wrapping_add(1);
        self.yield_run = true; // re-plan the next possible overflow
    }

    /// After a write from outside the hart (`csr_poke`), which no
    /// retirement follows: a counter anchored one ahead by `set_counter`
    /// counts from now.
    pub(crate) fn counters_poked(&mut self) {
        let (cycles, instret) = (self.cycles, self.instret);
        for c in self.csr.counters.counters.iter_mut() {
            let raw = Counters::raw(c.source, cycles, instret);
            if c.anchor == raw.wrapping_add(1) {
                c.anchor = raw;
            }
        }
    }

    /// A CSR write of mhpmcounter`n` (3..=31): read-only zero without Zihpm.
    pub(crate) fn set_hpm_counter(&mut self, n: usize, v: u64) {
        if self.isa.has(Ext::Zihpm) {
            self.set_counter(n, v);
        }
    }

    /// mhpmevent`n` (3..=31); read-only zero without Zihpm.
    pub(crate) fn hpm_event(&self, n: usize) -> u64 {
        if self.isa.has(Ext::Zihpm) {
            self.csr.counters.events[n & 31]
        } else {
            0
        }
    }

    /// mhpmcounter`n` (3..=31); read-only zero without Zihpm.
    pub(crate) fn hpm_counter(&self, n: usize) -> u64 {
        if self.isa.has(Ext::Zihpm) {
            self.counter(n)
        } else {
            0
        }
    }

    /// A CSR write of mhpmevent`n`: the selector, and with Sscofpmf the OF
    /// and xINH bits; the counter then counts by the new rules, from this
    /// instruction on.
    pub(crate) fn set_hpm_event(&mut self, n: usize, v: u64) {
        if !self.isa.has(Ext::Zihpm) {
            return; // read-only zero
        }
        let keep = if self.isa.has(Ext::Sscofpmf) { EVENT_OF | EVENT_INH | EVENT_SELECT } else { EVENT_SELECT };
        self.settle_counters(0);
        self.csr.counters.events[n & 31] = v & keep;
        self.counter_rules_changed(0);
        self.yield_run = true; // re-plan the next possible overflow
    }

    /// mcountinhibit was written: every counter counts by the new rules from
    /// this instruction on (`counter_rules_changed`).
    pub(crate) fn set_mcountinhibit(&mut self, v: u64) {
        self.settle_counters(0);
        self.csr.mcountinhibit = v;
        self.counter_rules_changed(0);
        self.yield_run = true; // re-plan the next possible overflow
    }

    /// True if some counter counts only in some modes (Sscofpmf's
    /// mhpmevent.xINH bits): a change of mode must then be seen after the
    /// instructions before it retired, and before those after it.
    #[inline(always)]
    pub(crate) fn counters_filter_by_mode(&self) -> bool {
        self.csr.counters.mode_filtered
    }

    /// The mode is about to change (trap entry: `pending` 0) or has changed
    /// inside an xRET that is yet to retire (`pending` 1, so the xRET
    /// counts in the mode it ran in).
    #[inline]
    pub(crate) fn counters_mode_changed(&mut self, pending: u64) {
        if self.counters_filter_by_mode() {
            self.counter_rules_changed(pending);
        }
    }

    /// Settle every counter, then let each count what the rules (mcountinhibit,
    /// mhpmevent, the mode) now say, from the raw totals plus `pending`.
    pub(crate) fn counter_rules_changed(&mut self, pending: u64) {
        self.settle_counters(pending);
        let mode = self.mode();
        let sscofpmf = self.isa.has(Ext::Sscofpmf);
        let mut may_overflow = 0;
        let mut mode_filtered = false;
        for n in numbers() {
            let counting = self.source_for(n, None);
            let source = self.source_for(n, Some(mode));
            let raw = self.raw_of(source).wrapping_add(pending);
            let event = self.csr.counters.events[n];
            if n >= 3 && counting != Source::Nothing {
                mode_filtered |= sscofpmf && event & EVENT_INH != 0;
                if sscofpmf && event & EVENT_OF == 0 {
                    may_overflow |= 1 << n;
                }
            }
            let c = &mut self.csr.counters.counters[n];
            c.anchor = raw;
            c.source = source;
        }
        self.csr.counters.may_overflow = may_overflow;
        self.csr.counters.mode_filtered = mode_filtered;
    }

    /// Fold each counter's count so far into its base (checking for an
    /// overflow first), as if `pending` more instructions had retired.
    fn settle_counters(&mut self, pending: u64) {
        for n in numbers() {
            self.settle(n, pending);
        }
    }

    fn settle(&mut self, n: usize, pending: u64) {
        let c = self.csr.counters.counters[n];
        if c.source == Source::Nothing {
            return;
        }
        let raw = self.raw_of(c.source).wrapping_add(pending);
        let elapsed = Counters::elapsed(&c, raw);
        if n >= 3 && c.base != 0 && elapsed >= c.base.wrapping_neg() {
            self.overflowed(n);
        }
        let c = &mut self.csr.counters.counters[n];
        c.base = c.base.wrapping_add(elapsed);
        c.anchor = c.anchor.wrapping_add(elapsed);
    }

    /// Counter `n` wrapped to 0 by counting: with Sscofpmf and OF clear,
    /// OF and mip.LCOFIP are set (the count-overflow interrupt request).
    fn overflowed(&mut self, n: usize) {
        if !self.isa.has(Ext::Sscofpmf) || self.csr.counters.events[n] & EVENT_OF != 0 {
            return;
        }
        self.csr.counters.events[n] |= EVENT_OF;
        self.csr.counters.may_overflow &= !(1 << n);
        self.csr.mip |= LCOFIP;
        self.irq_dirty = true;
    }

    /// How many more instructions may run before one could overflow a
    /// counter into an interrupt (u64::MAX: none can). A counter goes up
    /// by at most one per instruction, in whatever mode.
    #[inline]
    pub fn counters_budget(&self) -> u64 {
        let mut mask = self.csr.counters.may_overflow;
        let mut budget = u64::MAX;
        while mask != 0 {
            let n = mask.trailing_zeros() as usize;
            mask &= mask - 1;
            let to_wrap = self.counter(n).wrapping_neg();
            if to_wrap != 0 {
                budget = budget.min(to_wrap);
            }
        }
        budget
    }

    /// After a run or a step: raise the overflows that happened (see the
    /// module doc).
    #[inline]
    pub fn counters_check_overflow(&mut self) {
        let mut mask = self.csr.counters.may_overflow;
        while mask != 0 {
            let n = mask.trailing_zeros() as usize;
            mask &= mask - 1;
            self.settle(n, 0);
        }
    }

    /// The raw total for `source`.
    fn raw_of(&self, source: Source) -> u64 {
        Counters::raw(source, self.cycles, self.instret)
    }

    /// What counter `n` counts in `mode` (None: in some mode, ignoring the
    /// xINH bits).
    fn source_for(&self, n: usize, mode: Option<Mode>) -> Source {
        if (self.csr.mcountinhibit >> n) & 1 != 0 {
            return Source::Nothing;
        }
        match n {
            0 => return Source::Cycles,
            2 => return Source::Instret,
            _ => {}
        }
        if !self.isa.has(Ext::Zihpm) {
            return Source::Nothing;
        }
        let event = self.csr.counters.events[n];
        if let Some(mode) = mode {
            if self.isa.has(Ext::Sscofpmf) && event & inhibit_bit(mode) != 0 {
                return Source::Nothing;
            }
        }
        match event & EVENT_SELECT {
            EVENT_CYCLES => Source::Cycles,
            EVENT_INSTRET => Source::Instret,
            _ => Source::Nothing,
        }
    }

    /// scountovf as `mode` reads it: the OF bits, each only where the
    /// counter-enable registers let that mode read the counter (Sscofpmf,
    /// "Supervisor Count Overflow").
    pub(crate) fn scountovf(&self) -> u64 {
        let of = (3..32).filter(|&n| self.csr.counters.events[n] & EVENT_OF != 0).fold(0u64, |m, n| m | 1 << n);
        match self.mode() {
            Mode::M => of,
            Mode::VS | Mode::VU => of & self.csr.mcounteren & self.csr.hcounteren,
            _ => of & self.csr.mcounteren,
        }
    }
}

/// The xINH bit that stops counting in `mode`.
fn inhibit_bit(mode: Mode) -> u64 {
    match (mode.privilege(), mode.virt()) {
        (Privilege::Machine, _) => EVENT_MINH,
        (Privilege::Supervisor, false) => EVENT_SINH,
        (Privilege::User, false) => EVENT_UINH,
        (Privilege::Supervisor, true) => EVENT_VSINH,
        (Privilege::User, true) => EVENT_VUINH,
    }
}
