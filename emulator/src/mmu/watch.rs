//! Memory watches on the fast path: physical ranges a debugger watches.
//!
//! They play the part of the debug specification's address-match triggers
//! (mcontrol with `load`/`store` set), seen by the debugger rather than by
//! the hart: while a run is probed for memory (`engine::probe`), every
//! data access is translated (the engine turns its RAM and TLB shortcuts
//! off) and one that touches a watched range fails *before* any byte moves,
//! as a trap does (exceptions are precise). The engine sees the failure as
//! a probe hit, not as a trap: it stops with the hart as the previous
//! instruction left it, and the debugger executes the access itself.
//!
//! The match is by range only, a superset of what a watch wants (a store
//! matches a read watch too: an AMO reads and writes, and translates as a
//! store); the debugger judges the step's record exactly. Implicit
//! accesses (page-table walks, A/D updates) are not matched, as hardware
//! triggers do not match them.

/// The watched ranges and whether they are armed (only during a probed
/// run: a trap raised here must never reach the hart's trap entry).
#[derive(Clone, Default)]
pub struct Watch {
    /// Physical [start, end) ranges.
    ranges: Vec<(u64, u64)>,
    armed: bool,
    /// An access matched since the last `take_hit`.
    hit: bool,
}

impl Watch {
    /// Arm with `ranges` (kept allocated between runs).
    pub fn arm(&mut self, ranges: &[(u64, u64)]) {
        self.ranges.clear();
        self.ranges.extend_from_slice(ranges);
        self.armed = !ranges.is_empty();
        self.hit = false;
    }

    pub fn disarm(&mut self) {
        self.armed = false;
    }

    #[inline(always)]
    pub fn armed(&self) -> bool {
        self.armed
    }

    /// True (and remembered as a hit) if `len` bytes at `pa` touch a range.
    pub fn matches(&mut self, pa: u64, len: u64) -> bool {
        let end = pa.saturating_add(len);
        let hit = self.ranges.iter().any(|&(s, e)| pa < e && s < end);
        self.hit |= hit;
        hit
    }

    /// Whether an access matched (the engine's question after a trap
    /// exit); clears it.
    pub fn take_hit(&mut self) -> bool {
        std::mem::take(&mut self.hit)
    }
}
