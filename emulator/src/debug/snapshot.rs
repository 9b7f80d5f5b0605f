//! Snapshots and replay: how the debugger goes back.
//!
//! Runs are deterministic, so going back is re-running. The [`History`]
//! keeps snapshots of the whole machine taken every [`SNAPSHOT_EVERY`]
//! steps: the hart and devices ([`MachineState`]) and the RAM pages
//! written since the previous snapshot (RAM counts writes per page, see
//! `Ram::page_gen`, so finding them costs one compare per page). The first
//! snapshot holds every page written since power-on. To reach step N,
//! [`History::goto`] puts back the nearest snapshot at or before N and
//! runs forward to N.
//!
//! Memory is bounded: when the copies exceed the budget, the oldest
//! snapshot is merged into the first (the history then starts later).
//! The first snapshot holds all the RAM the guest has written, whatever
//! the budget.
//!
//! Input typed into the guest's UART (`History::input`) is the one thing
//! a run does not decide itself, so the history logs it with the step it
//! came at, and every run forward over that step (a replay, or going
//! forward again after going back) hands it to the UART at that same step:
//! the guest reads the same bytes at the same instruction. Typing at an
//! earlier step starts a new future: what was typed after it is forgotten.
//!
//! ```
//! use hemu::debug::snapshot::{History, DEFAULT_BUDGET};
//! use hemu::loader::ImageSource;
//! use hemu::machine::{Machine, MachineConfig};
//!
//! let mut m = Machine::new(MachineConfig {
//!     bios: Some(ImageSource::bytes("firmware", hemu::images::FIRMWARE)),
//!     kernel: Some(ImageSource::bytes("sbi_hello", hemu::images::SBI_HELLO)),
//!     ..MachineConfig::default()
//! })
//! .unwrap();
//! let mut h = History::new(DEFAULT_BUDGET);
//! h.record(&mut m); // the first snapshot, at step 0
//! m.run(Some(5_000));
//! h.record(&mut m);
//! let (pc, regs, position) = (m.hart.pc(), *m.hart.xregs(), m.position());
//! m.run(Some(1_000));
//! // Back to where we were: the snapshot at step 0, then re-run.
//! h.goto(&mut m, position).unwrap();
//! assert_eq!((m.hart.pc(), *m.hart.xregs(), m.position()), (pc, regs, position));
//! ```

use std::collections::BTreeMap;
use std::fmt;

use crate::machine::{Machine, MachineState, RunOutcome};

/// Steps between two snapshots: going back re-runs at most this many.
pub const SNAPSHOT_EVERY: u64 = 1 << 20;
/// The default bound on the memory snapshots may take (`--history`).
pub const DEFAULT_BUDGET: u64 = 256 << 20;

const PAGE: u64 = 4096;

/// Why `goto` could not reach a step.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplayError {
    #[error("step {0} is before the recorded history (it starts at step {1})")]
    BeforeHistory(u64, u64),
    #[error("the history is empty")]
    Empty,
    #[error("this RAM is not the one the history recorded")]
    OtherRam,
    #[error("the replay ended at step {at} before step {target}: {why}")]
    Ended { at: u64, target: u64, why: &'static str },
}

struct Snapshot {
    position: u64,
    /// How many logged inputs the machine had received (see `History::input`).
    inputs_seen: usize,
    state: MachineState,
    /// RAM pages (by index) written since the previous snapshot, as they
    /// were at this one (for the first: every page ever written).
    pages: BTreeMap<u32, Box<[u8]>>,
}

/// The snapshots of one machine's run (see the module doc).
pub struct History {
    snaps: Vec<Snapshot>,
    /// Page generations when the last snapshot was taken.
    last_gens: Vec<u64>,
    ram_id: u64,
    budget: u64,
    bytes: u64,
    every: u64,
    /// UART input by step, in order (see the module doc).
    inputs: Vec<(u64, Vec<u8>)>,
    /// How many of `inputs` the machine has received.
    inputs_seen: usize,
}

impl History {
    /// An empty history that keeps at most about `budget` bytes of copies.
    pub fn new(budget: u64) -> History {
        History {
            snaps: Vec::new(),
            last_gens: Vec::new(),
            ram_id: 0,
            budget,
            bytes: 0,
            every: SNAPSHOT_EVERY,
            inputs: Vec::new(),
            inputs_seen: 0,
        }
    }

    /// Take snapshots every `steps` steps instead (tests use small ones).
    pub fn with_interval(budget: u64, steps: u64) -> History {
        History { every: steps.max(1), ..History::new(budget) }
    }

    /// Tell the history where the machine is: it takes a snapshot when
    /// one is due (the first call always takes one). Cheap otherwise.
    pub fn record(&mut self, m: &mut Machine) {
        let pos = m.position();
        match self.snaps.last() {
            Some(last) if pos < last.position + self.every => return,
            _ => {}
        }
        let ram = &m.hart.bus.ram;
        let gens = ram.gens();
        if self.snaps.is_empty() || self.ram_id != ram.id() {
            self.snaps.clear();
            self.bytes = 0;
            // A new RAM (a reset): nothing before it can be replayed.
            self.inputs.drain(..self.inputs_seen);
            self.inputs_seen = 0;
            self.ram_id = ram.id();
            self.last_gens = vec![0; gens.len()];
        }
        let mut pages = BTreeMap::new();
        for (i, (&g, &old)) in gens.iter().zip(&self.last_gens).enumerate() {
            if g != old {
                let pa = ram.base() + i as u64 * PAGE;
                if let Some(b) = ram.bytes(pa, PAGE) {
                    pages.insert(i as u32, b.to_vec().into_boxed_slice());
                }
            }
        }
        self.bytes += pages.len() as u64 * PAGE;
        self.last_gens.copy_from_slice(gens);
        // Pages written from now on must differ from `last_gens`.
        m.hart.bus.ram.count_next_writes();
        self.snaps.push(Snapshot { position: pos, inputs_seen: self.inputs_seen, state: m.save_state(), pages });
        self.fit();
    }

    /// Merge the oldest snapshots into the first while over budget.
    fn fit(&mut self) {
        while self.bytes > self.budget && self.snaps.len() > 2 {
            let second = self.snaps.remove(1);
            let first = &mut self.snaps[0];
            for (i, page) in second.pages {
                if first.pages.insert(i, page).is_some() {
                    self.bytes -= PAGE;
                }
            }
            first.position = second.position;
            first.inputs_seen = second.inputs_seen;
            first.state = second.state;
        }
    }

    /// The first step the history can go back to.
    pub fn first_position(&self) -> u64 {
        self.snaps.first().map_or(0, |s| s.position)
    }

    /// The step of the last snapshot strictly before `position`.
    pub fn snapshot_before(&self, position: u64) -> Option<u64> {
        self.snaps.iter().rev().map(|s| s.position).find(|&p| p < position)
    }

    /// Bytes of RAM copies held.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// How many snapshots are held.
    pub fn len(&self) -> usize {
        self.snaps.len()
    }

    pub fn is_empty(&self) -> bool {
        self.snaps.is_empty()
    }

    /// Put the machine in the state it had at step `target`: restore the
    /// nearest snapshot at or before it and run forward. The snapshots
    /// after it are dropped (going forward takes them again). Console
    /// output produced by the replay is dropped: it was seen already.
    /// The machine must have no probes set.
    pub fn goto(&mut self, m: &mut Machine, target: u64) -> Result<(), ReplayError> {
        let first = self.snaps.first().ok_or(ReplayError::Empty)?.position;
        if target < first {
            return Err(ReplayError::BeforeHistory(target, first));
        }
        if m.hart.bus.ram.id() != self.ram_id {
            return Err(ReplayError::OtherRam);
        }
        let k = self.snaps.iter().rposition(|s| s.position <= target).unwrap_or(0);
        self.restore(m, k);
        let kept = m.take_output();
        let reached = self.replay_to(m, target);
        m.take_output();
        m.hart.bus.uart.console_write(&kept);
        reached
    }

    /// Run forward to `target`, handing the UART the logged input at its
    /// steps (the state at a step includes the input typed there).
    fn replay_to(&mut self, m: &mut Machine, target: u64) -> Result<(), ReplayError> {
        loop {
            self.deliver(m);
            match self.next_input() {
                Some(at) if at <= target => run_to(m, at)?,
                _ => break,
            }
        }
        run_to(m, target)?;
        self.deliver(m);
        Ok(())
    }

    /// Type `bytes` into the guest's UART at the machine's current step,
    /// and log them (see the module doc): input logged after this step is
    /// forgotten.
    pub fn input(&mut self, m: &mut Machine, bytes: &[u8]) {
        self.deliver(m);
        let at = m.position();
        self.inputs.truncate(self.inputs_seen);
        debug_assert!(self.inputs.last().is_none_or(|(p, _)| *p <= at));
        self.inputs.push((at, bytes.to_vec()));
        self.deliver(m);
    }

    /// The step of the next logged input the machine has not received.
    pub fn next_input(&self) -> Option<u64> {
        self.inputs.get(self.inputs_seen).map(|(at, _)| *at)
    }

    /// Hand the UART the logged input due at the machine's current step.
    /// Call before every step or run forward.
    pub fn deliver(&mut self, m: &mut Machine) {
        while let Some((at, bytes)) = self.inputs.get(self.inputs_seen) {
            if *at != m.position() {
                break;
            }
            m.push_input(bytes);
            self.inputs_seen += 1;
        }
    }

    /// Restore snapshot `k` (RAM and state) and drop the later ones.
    fn restore(&mut self, m: &mut Machine, k: usize) {
        let ram = &m.hart.bus.ram;
        // Pages that differ from snapshot k: written after it.
        let mut changed: Vec<u32> = self.snaps[k + 1..].iter().flat_map(|s| s.pages.keys().copied()).collect();
        changed.extend(
            ram.gens().iter().zip(&self.last_gens).enumerate().filter(|(_, (g, old))| g != old).map(|(i, _)| i as u32),
        );
        changed.sort_unstable();
        changed.dedup();
        let zero = vec![0u8; PAGE as usize];
        let base = ram.base();
        for i in changed {
            let content = self.snaps[..=k].iter().rev().find_map(|s| s.pages.get(&i)).map_or(&zero[..], |b| &b[..]);
            m.hart.bus.ram.load_bytes(base + i as u64 * PAGE, content);
        }
        m.restore_state(&self.snaps[k].state);
        self.inputs_seen = self.snaps[k].inputs_seen;
        for s in self.snaps.drain(k + 1..) {
            self.bytes -= s.pages.len() as u64 * PAGE;
        }
        // RAM is now as it was at snapshot k, under new generations.
        self.last_gens.copy_from_slice(m.hart.bus.ram.gens());
        m.hart.bus.ram.count_next_writes();
    }
}

/// Run `m` forward to step `target` exactly: most of the way on the fast
/// path, the last steps one at a time (an interrupt is a step of its own,
/// so a run of N instructions may pass more than N steps).
fn run_to(m: &mut Machine, target: u64) -> Result<(), ReplayError> {
    let mut idle = 0;
    loop {
        let at = m.position();
        if at == target {
            return Ok(());
        }
        let ended = |why| Err(ReplayError::Ended { at, target, why });
        if at > target {
            return ended("went past it");
        }
        let left = target - at;
        if left > 64 {
            match m.run(Some(left / 3)) {
                RunOutcome::Exit { .. } => return ended("the machine powered off"),
                RunOutcome::Idle => return ended("the hart waits for ever"),
                RunOutcome::Stalled => return ended("the hart cannot make progress"),
                // The run went there before: replay on through the loop
                // (it is reported once).
                RunOutcome::InstructionLimit | RunOutcome::Probe(_) | RunOutcome::TrapLoop(_) => {}
            }
            continue;
        }
        if m.exit().is_some() {
            return ended("the machine powered off");
        }
        m.step();
        if m.position() == at {
            // Waiting in WFI: time moves on to the next event.
            idle += 1;
            if idle > 1000 {
                return ended("the hart waits for ever");
            }
        }
    }
}

impl fmt::Debug for History {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at: Vec<u64> = self.snaps.iter().map(|s| s.position).collect();
        f.debug_struct("History").field("snapshots", &at).field("bytes", &self.bytes).finish()
    }
}
