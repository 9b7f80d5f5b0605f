//! A debugging session: a machine stopped between two steps, breakpoints
//! and watches, stop conditions, the transitions seen so far, and the
//! history that lets it go back.
//!
//! Going forward, the session runs the machine on its fast path with
//! probes (`crate::engine::probe`): the engine stops right before a
//! breakpoint, a transition, a CSR instruction or a watched memory access,
//! and the session then executes that one event with the [`Recorder`],
//! which says what it changed and why. Going back is re-running: the
//! [`History`] restores the nearest snapshot and runs forward to the
//! wanted step, which lands on exactly the state the machine had, because
//! runs are deterministic.
//!
//! Positions ("step N") count what changed the hart's state: executed
//! instructions (trapped ones too) and interrupts taken
//! ([`Machine::position`]).
//!
//! ```
//! use hemu::debug::session::{Debugger, StopReason};
//! use hemu::debug::command::{Until, XretKind};
//! use hemu::machine::{Machine, MachineConfig};
//! use hemu::loader::ImageSource;
//!
//! let cfg = MachineConfig {
//!     bios: Some(ImageSource::bytes("firmware", hemu::images::FIRMWARE)),
//!     kernel: Some(ImageSource::bytes("hypervisor", hemu::images::HYPERVISOR)),
//!     ..MachineConfig::default()
//! };
//! let mut d = Debugger::new(Machine::new(cfg).unwrap());
//! // Run to right before the firmware's mret into the hypervisor.
//! let stop = d.until(&Until::Xret(XretKind::Mret));
//! assert!(matches!(stop.reason, StopReason::Reached(_)));
//! let record = d.stepi(1).records.pop().unwrap();
//! assert_eq!(record.to, hemu::hart::Mode::HS);
//! ```

use std::collections::VecDeque;

use crate::debug::command::{Access, Addr, Until, XretKind};
use crate::debug::record::{Kind, Record, Recorder};
use crate::debug::snapshot::History;
use crate::debug::symbols::Symbols;
use crate::debug::trace::CauseSel;
use crate::engine::probe::{ProbeHit, Probes};
use crate::hart::csr;
use crate::hart::Mode;
use crate::machine::{Machine, RunOutcome};

/// How many transition records the session keeps for `transitions`.
const LOG_MAX: usize = 10_000;
/// The longest stretch the session runs without looking at the history
/// (which takes a snapshot when one is due).
const SLICE: u64 = 1 << 20;

/// A breakpoint or a watch (they share numbers, as in gdb).
#[derive(Clone, Debug)]
pub struct Point {
    pub id: u32,
    pub kind: PointKind,
}

#[derive(Clone, Debug)]
pub enum PointKind {
    /// Stop before the instruction at `addr` (a virtual address).
    Break { addr: u64, label: String },
    /// Stop after the CSR's value changes.
    Csr { addr: u16, name: String, value: u64 },
    /// Stop after an access to `len` bytes at physical `paddr` (the
    /// translation of `vaddr` when the watch was set).
    Mem { vaddr: u64, paddr: u64, len: u64, access: Access },
}

/// Why the session stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StopReason {
    /// The steps asked for are done.
    Stepped,
    /// Before the instruction at breakpoint `id`.
    Breakpoint(u32),
    /// After watch `id` fired; the text says what changed.
    Watch(u32, String),
    /// The `until` condition (or `next-transition`) was met; its text.
    Reached(String),
    /// The guest powered off.
    Exited(u64),
    /// The hart waits in WFI and nothing can wake it.
    Idle,
    /// The hart cannot make progress.
    Stalled,
    /// The hart traps on its own trap vector (`hart::trap_loop`).
    TrapLoop(crate::hart::trap_loop::TrapLoop),
    /// Going back reached the first step the history holds.
    HistoryStart,
    /// Going back found nothing to stop at; the text says why.
    Refused(String),
    /// The step limit set with `set_step_limit` was reached.
    StepLimit(u64),
}

/// A stop: why, and the records of the transitions passed on the way
/// (for `stepi`, the record of every step when there are few).
#[derive(Clone, Debug)]
pub struct Stop {
    pub reason: StopReason,
    pub records: Vec<Record>,
}

/// What a forward run looks for, besides breakpoints and watches.
#[derive(Clone, Debug, PartialEq)]
enum Goal {
    /// Nothing: `continue`.
    None,
    /// The next `n` transitions (`next-transition`).
    Transitions(u64),
    /// An `until` condition, addresses resolved.
    Until(Until, Option<u64>),
}

/// What a probe stop amounted to.
enum Verdict {
    /// Stop here, before the probed event (it has not happened).
    Before(StopReason),
    /// The event happened (its record); stop after it with this reason.
    After(Record, StopReason),
    /// The event happened; keep going.
    Go(Option<Record>),
}

/// The number of integer register `name` (ABI name, `xN`, or `fp`).
fn reg_number(name: &str) -> Option<u8> {
    if name == "fp" {
        return Some(8);
    }
    (0..32u8).find(|&r| crate::isa::disasm::xname(r) == name || name.strip_prefix('x') == Some(&r.to_string()))
}

/// A debugging session over one machine.
pub struct Debugger {
    m: Machine,
    syms: Symbols,
    recorder: Recorder,
    history: History,
    points: Vec<Point>,
    next_id: u32,
    log: VecDeque<Record>,
    /// Set when a run went on without recording transitions (`continue`
    /// to a breakpoint runs on the fast path): the log then misses some,
    /// and `complete_log` fills it in by replaying.
    log_gap: bool,
    /// `--realtime` in a session (see `set_paced`).
    pace: Option<Pace>,
    /// No forward run goes past this step (a grader's bound on a
    /// hypervisor that never does what it looks for).
    step_limit: Option<u64>,
}

/// How far (in mtime ticks: 20 ms) a paced run may skip ahead in WFI
/// before it returns to wait for the host.
const PACE_AHEAD_TICKS: u64 = crate::bus::clint::TIMEBASE_HZ / 50;

/// Real time for a session: guest time stays deterministic (counted from
/// instructions, skipped ahead in WFI) so every replay is exact, and runs
/// wait whenever the guest's mtime gets ahead of the host's clock. The
/// clock counts only time spent running: stopped at the prompt, the guest's
/// time stands still, as QEMU's virtual clock does.
struct Pace {
    /// The guest's mtime and the host's running time when pacing began.
    mtime0: u64,
    ran: std::time::Duration,
    /// Set while a run is going.
    since: Option<std::time::Instant>,
}

impl Pace {
    /// Host ticks since pacing began, counting only running time.
    fn host_ticks(&self) -> u64 {
        let ran = self.ran + self.since.map_or(std::time::Duration::ZERO, |s| s.elapsed());
        self.mtime0 + (ran.as_nanos() / (1_000_000_000 / crate::bus::clint::TIMEBASE_HZ as u128)) as u64
    }
}

impl Debugger {
    /// A session over `m`, stopped where it is (a new machine: at its
    /// first instruction), with the symbols of the images it loaded.
    pub fn new(m: Machine) -> Debugger {
        let syms = Symbols::from_machine(&m);
        Debugger::with_symbols(m, syms)
    }

    /// A session with the given symbols (`--symbols` added).
    pub fn with_symbols(mut m: Machine, syms: Symbols) -> Debugger {
        let mut history = History::new(crate::debug::snapshot::DEFAULT_BUDGET);
        history.record(&mut m);
        Debugger {
            m,
            syms,
            recorder: Recorder::new(),
            history,
            points: Vec::new(),
            next_id: 1,
            log: VecDeque::new(),
            log_gap: false,
            pace: None,
            step_limit: None,
        }
    }

    /// Bound the memory the history may keep for going back.
    pub fn set_history_budget(&mut self, bytes: u64) {
        self.history = History::new(bytes);
        self.history.record(&mut self.m);
    }

    /// Stop every forward run at step `limit` (None: no limit), with
    /// `StopReason::StepLimit`.
    pub fn set_step_limit(&mut self, limit: Option<u64>) {
        self.step_limit = limit;
    }

    /// The step limit, if reached.
    fn limit_reached(&self) -> Option<StopReason> {
        self.step_limit.filter(|&l| self.position() >= l).map(StopReason::StepLimit)
    }

    /// End the session, keeping the machine.
    pub fn into_machine(self) -> Machine {
        self.m
    }

    /// The guest's console output since the last call.
    pub fn take_output(&mut self) -> Vec<u8> {
        self.m.take_output()
    }

    pub fn machine(&self) -> &Machine {
        &self.m
    }
    /// The machine, to change as a debugger does (GDB's register and
    /// memory writes). The history does not hold such changes: going back
    /// past one and forward again runs without it.
    pub fn machine_mut(&mut self) -> &mut Machine {
        &mut self.m
    }
    pub fn symbols(&self) -> &Symbols {
        &self.syms
    }
    pub fn points(&self) -> &[Point] {
        &self.points
    }
    /// The transition records seen so far (up to the present), oldest first.
    pub fn log(&self) -> impl DoubleEndedIterator<Item = &Record> {
        self.log.iter()
    }
    /// The last trap, interrupt or xRET record, if any (see
    /// `complete_log`).
    pub fn last_transition(&self) -> Option<&Record> {
        self.log.back()
    }

    /// Make the log hold the last transitions up to now: after a run on
    /// the fast path without transition probes, replay the stretch since
    /// the last snapshot (going further back until one is found) with
    /// them, recording each. The machine ends where it was.
    pub fn complete_log(&mut self) {
        if !self.log_gap {
            return;
        }
        let now = self.position();
        let kept = self.m.take_output();
        let mut end = now;
        while let Some(start) = self.history.snapshot_before(end) {
            if self.go_to(start).is_err() {
                break;
            }
            self.m.set_probes(Probes { transitions: true, ..Probes::default() });
            while self.position() < now && self.m.exit().is_none() {
                match self.m.run(Some(now - self.position())) {
                    RunOutcome::Probe(_) => {
                        self.m.set_probes(Probes::default());
                        self.step_recorded();
                        self.m.set_probes(Probes { transitions: true, ..Probes::default() });
                    }
                    RunOutcome::InstructionLimit => {}
                    _ => break,
                }
            }
            self.m.set_probes(Probes::default());
            if self.log.back().is_some_and(|r| r.position >= start) || start == self.history.first_position() {
                break;
            }
            end = start;
        }
        if self.position() != now {
            // Cannot happen in a deterministic run; land where we were.
            let _ = self.go_to(now);
        }
        self.m.take_output();
        self.m.hart.bus.uart.console_write(&kept);
        self.log_gap = false;
    }
    /// The current position (step number).
    pub fn position(&self) -> u64 {
        self.m.position()
    }

    /// Resolve an address the user wrote: a number, a symbol, a register.
    pub fn resolve(&self, a: &Addr) -> Result<u64, String> {
        match a {
            Addr::Number(n) => Ok(*n),
            Addr::Symbol(name, off) => match self.syms.resolve(name) {
                Some(v) => Ok(v.wrapping_add(*off)),
                None => Err(format!("no symbol '{name}'")),
            },
            Addr::Register(r, off) => {
                let h = &self.m.hart;
                let v = match r.as_str() {
                    "pc" => h.pc(),
                    name => match reg_number(name) {
                        Some(n) => h.xreg(n),
                        None => return Err(format!("no register '${name}'")),
                    },
                };
                Ok(v.wrapping_add(*off))
            }
        }
    }

    // ----- breakpoints and watches

    /// Add a breakpoint; returns its number.
    pub fn add_break(&mut self, a: &Addr) -> Result<u32, String> {
        let addr = self.resolve(a)?;
        Ok(self.add(PointKind::Break { addr, label: self.syms.format(addr) }))
    }

    /// Watch a CSR (by name or number); returns the watch's number.
    pub fn add_csr_watch(&mut self, name: &str) -> Result<u32, String> {
        let info = csr::by_name(name)
            .or_else(|| crate::debug::command::parse_number(name).ok().and_then(|n| u16::try_from(n).ok()).and_then(csr::info))
            .ok_or_else(|| format!("no CSR '{name}'"))?;
        let addr = info.number();
        let value = self.m.hart.csr_peek(addr).ok_or_else(|| format!("{name} cannot be read"))?;
        Ok(self.add(PointKind::Csr { addr, name: info.name().to_string(), value }))
    }

    /// Watch memory at `a` (through the current translation).
    pub fn add_mem_watch(&mut self, a: &Addr, len: u64, access: Access) -> Result<u32, String> {
        let vaddr = self.resolve(a)?;
        let paddr = crate::debug::translate::physical(&self.m.hart, vaddr)
            .ok_or_else(|| format!("{vaddr:#x} does not translate now (try a physical address with x/.. phys)"))?;
        Ok(self.add(PointKind::Mem { vaddr, paddr, len, access }))
    }

    /// Watch `len` bytes at physical `paddr`, shown as `vaddr` (a GDB
    /// stub translates the address itself, falling back to physical).
    pub fn add_mem_watch_at(&mut self, vaddr: u64, paddr: u64, len: u64, access: Access) -> u32 {
        self.add(PointKind::Mem { vaddr, paddr, len, access })
    }

    fn add(&mut self, kind: PointKind) -> u32 {
        let id = self.next_id;
        self.next_id += 1;
        self.points.push(Point { id, kind });
        id
    }

    /// Delete point `id`, or all of them.
    pub fn delete(&mut self, id: Option<u32>) -> Result<(), String> {
        match id {
            None => self.points.clear(),
            Some(id) => {
                let before = self.points.len();
                self.points.retain(|p| p.id != id);
                if self.points.len() == before {
                    return Err(format!("no breakpoint or watch {id}"));
                }
            }
        }
        Ok(())
    }

    // ----- going forward

    /// Execute `n` steps, recording each.
    pub fn stepi(&mut self, n: u64) -> Stop {
        let mut records = Vec::new();
        for _ in 0..n {
            if let Some(r) = self.ended() {
                return Stop { reason: r, records };
            }
            let r = self.step_recorded();
            let waiting = r.kind == Kind::Waiting;
            if records.len() < 64 || r.is_transition() {
                records.push(r);
            }
            if waiting {
                return Stop { reason: StopReason::Idle, records };
            }
        }
        Stop { reason: StopReason::Stepped, records }
    }

    /// Run through the next `n` transitions.
    pub fn next_transition(&mut self, n: u64) -> Stop {
        self.run(Goal::Transitions(n))
    }

    /// Run until a breakpoint, a watch, or the end.
    pub fn cont(&mut self) -> Stop {
        self.run(Goal::None)
    }

    /// Run until the condition holds (or a breakpoint or watch stops first).
    pub fn until(&mut self, u: &Until) -> Stop {
        let pc = match u {
            Until::Pc(a) => match self.resolve(a) {
                Ok(pc) => Some(pc),
                Err(e) => return Stop { reason: StopReason::Refused(e), records: Vec::new() },
            },
            Until::Step(s) if *s <= self.position() => {
                return Stop {
                    reason: StopReason::Refused(format!("step {s} is not ahead (now at step {}); use reverse-stepi", self.position())),
                    records: Vec::new(),
                }
            }
            _ => None,
        };
        self.run(Goal::Until(u.clone(), pc))
    }

    /// Why the machine can go no further, if it cannot.
    fn ended(&self) -> Option<StopReason> {
        self.m.exit().map(|(code, _)| StopReason::Exited(code))
    }

    /// One step with its record; transitions go to the log and the history
    /// hears of the new position.
    fn step_recorded(&mut self) -> Record {
        self.history.deliver(&mut self.m);
        let r = self.recorder.step(&mut self.m);
        self.keep(&r);
        r
    }

    fn keep(&mut self, r: &Record) {
        if r.is_transition() {
            if self.log.len() == LOG_MAX {
                self.log.pop_front();
            }
            self.log.push_back(r.clone());
        }
        self.history.record(&mut self.m);
    }

    /// The probes a run with `goal` needs. A CSR watch stops before CSR
    /// instructions and transitions, and for the CSRs that floating-point
    /// instructions change inside blocks (fflags, frm, fcsr, the FS bits of
    /// the status registers) before F/D instructions too. Memory watches
    /// stop before an access to a watched range, and the step's record
    /// says whether it was one the watch wants.
    fn probes(&self, goal: &Goal) -> Probes {
        let mut p = Probes::default();
        for pt in &self.points {
            match &pt.kind {
                PointKind::Break { addr, .. } => p.breakpoints.push(*addr),
                PointKind::Csr { addr, .. } => {
                    p.csr_instructions = true;
                    p.transitions = true;
                    p.float_instructions |= matches!(*addr, 0x001..=0x003 | 0x100 | 0x200 | 0x300);
                }
                PointKind::Mem { paddr, len, .. } => p.memory.push((*paddr, paddr.saturating_add(*len))),
            }
        }
        match goal {
            Goal::None => {}
            Goal::Transitions(_) => p.transitions = true,
            Goal::Until(Until::Pc(_), Some(pc)) => p.breakpoints.push(*pc),
            Goal::Until(Until::Step(_), _) | Goal::Until(Until::Pc(_), None) => {}
            Goal::Until(..) => p.transitions = true,
        }
        p
    }

    /// The breakpoint at `pc`, if one is set there.
    fn break_at(&self, pc: u64) -> Option<u32> {
        self.points.iter().find(|p| matches!(p.kind, PointKind::Break { addr, .. } if addr == pc)).map(|p| p.id)
    }

    /// Run forward until a stop. A breakpoint at the current pc is stepped
    /// over first (the user is stopped on it).
    fn run(&mut self, mut goal: Goal) -> Stop {
        let mut records = Vec::new();
        let probes = self.probes(&goal);
        if let Some(p) = &mut self.pace {
            p.since = Some(std::time::Instant::now());
        }
        let stop = 'run: {
            if let Some(r) = self.ended().or_else(|| self.limit_reached()) {
                break 'run r;
            }
            // Leave the stop we are at: its event happens without probes.
            if self.break_at(self.m.hart.pc()).is_some() || matches!(goal, Goal::Until(Until::Pc(_), Some(pc)) if pc == self.m.hart.pc())
            {
                let r = self.step_recorded();
                if let Some(reason) = self.judge_after(&mut goal, &r) {
                    records.push(r);
                    break 'run reason;
                }
                if r.is_transition() {
                    records.push(r);
                }
            }
            if !probes.transitions {
                self.log_gap = true;
            }
            self.m.set_probes(probes);
            loop {
                if let Some(r) = self.ended().or_else(|| self.limit_reached()) {
                    break 'run r;
                }
                if self.pace_wait() {
                    continue;
                }
                let mut budget = SLICE;
                let mut goal_left = None;
                if let Some(limit) = self.step_limit {
                    // Interrupts add positions too: approach the limit.
                    budget = budget.min((limit - self.position()).div_ceil(3));
                }
                if let Goal::Until(Until::Step(s), _) = goal {
                    let left = s.saturating_sub(self.position());
                    if left == 0 {
                        break 'run StopReason::Reached(format!("step {s}"));
                    }
                    goal_left = Some(left);
                }
                // Input typed at a later step (replayed after going back)
                // reaches the UART at exactly that step.
                self.history.deliver(&mut self.m);
                let input_left = self.history.next_input().map(|at| at.saturating_sub(self.position()));
                if let Some(left) = goal_left.into_iter().chain(input_left).min() {
                    // Interrupts taken add positions too (at most about
                    // two per instruction): approach, then step.
                    if left < 16 {
                        if let Some(reason) = self.stop_before(&goal) {
                            break 'run reason;
                        }
                        let r = self.step_recorded();
                        if let Some(reason) = self.mem_watch_fired(&r).or_else(|| self.judge_after(&mut goal, &r)) {
                            records.push(r);
                            break 'run reason;
                        }
                        continue;
                    }
                    budget = budget.min(left / 3);
                }
                if let Some(p) = &self.pace {
                    // A WFI wait skips at most about a wait's worth ahead.
                    self.m.set_time_limit(Some(p.host_ticks() + PACE_AHEAD_TICKS));
                }
                let outcome = self.m.run(Some(budget));
                self.m.set_time_limit(None);
                self.history.record(&mut self.m);
                match outcome {
                    RunOutcome::Exit { code, .. } => break 'run StopReason::Exited(code),
                    RunOutcome::Idle => break 'run StopReason::Idle,
                    RunOutcome::Stalled => break 'run StopReason::Stalled,
                    RunOutcome::TrapLoop(found) => break 'run StopReason::TrapLoop(found),
                    RunOutcome::InstructionLimit => {
                        if let Some(reason) = self.csr_watch_fired() {
                            break 'run reason;
                        }
                    }
                    RunOutcome::Probe(hit) => match self.judge(&mut goal, hit) {
                        Verdict::Before(reason) => break 'run reason,
                        Verdict::After(r, reason) => {
                            records.push(r);
                            break 'run reason;
                        }
                        Verdict::Go(r) => {
                            if let Some(r) = r.filter(|r| r.is_transition()) {
                                if matches!(goal, Goal::Transitions(_)) && records.len() < 64 {
                                    records.push(r);
                                }
                            }
                        }
                    },
                }
            }
        };
        self.m.set_probes(Probes::default());
        if let Some(p) = &mut self.pace {
            p.ran += p.since.take().map_or(std::time::Duration::ZERO, |s| s.elapsed());
        }
        Stop { reason: stop, records }
    }

    /// `--realtime` for a session: guest time follows the host's clock as
    /// closely as pacing can make it (runs wait while the guest is ahead),
    /// and stays deterministic, so going back stays exact. Give the
    /// session a machine with the deterministic clock.
    pub fn set_paced(&mut self, on: bool) {
        self.pace = on.then(|| Pace { mtime0: self.m.hart.bus.mtime(), ran: Default::default(), since: None });
    }

    /// Whether runs are paced to the host's clock (`set_paced`).
    pub fn paced(&self) -> bool {
        self.pace.is_some()
    }

    /// While pacing and the guest's time is ahead of the host's: wait,
    /// at most `MAX_PACE_WAIT` at a time; true if it is still ahead. A
    /// replay (logged input still to come) catches up without waiting.
    fn pace_wait(&mut self) -> bool {
        const MAX_PACE_WAIT: std::time::Duration = std::time::Duration::from_millis(20);
        let guest = self.m.hart.bus.mtime();
        let replaying = self.history.next_input().is_some();
        let Some(p) = &mut self.pace else { return false };
        let host = p.host_ticks();
        if replaying {
            // Re-base: the host clock meets the guest's where the replay is.
            p.mtime0 = p.mtime0.wrapping_add(guest.saturating_sub(host));
            return false;
        }
        if guest <= host {
            return false;
        }
        let ahead = std::time::Duration::from_nanos((guest - host).saturating_mul(1_000_000_000 / crate::bus::clint::TIMEBASE_HZ));
        std::thread::sleep(ahead.min(MAX_PACE_WAIT));
        ahead > MAX_PACE_WAIT
    }

    /// Type `bytes` into the guest's UART now. The history logs them, so
    /// going back and forward again replays them at this same step.
    pub fn input(&mut self, bytes: &[u8]) {
        self.history.input(&mut self.m, bytes);
    }

    /// When stepping up to a step: a stop before the next step (a
    /// breakpoint, or the goal's pc, step or xRET).
    fn stop_before(&self, goal: &Goal) -> Option<StopReason> {
        let pc = self.m.hart.pc();
        if let Some(id) = self.break_at(pc) {
            return Some(StopReason::Breakpoint(id));
        }
        match goal {
            Goal::Until(Until::Pc(_), Some(t)) if *t == pc => {
                Some(StopReason::Reached(format!("pc {}", self.syms.format(pc))))
            }
            Goal::Until(Until::Step(s), _) if *s <= self.position() => Some(StopReason::Reached(format!("step {s}"))),
            Goal::Until(Until::Xret(kind), _) => {
                let which = self.next_is_xret()?;
                let name = if which == XretKind::Mret { "mret" } else { "sret" };
                (*kind == XretKind::Any || *kind == which).then(|| StopReason::Reached(format!("before {name}")))
            }
            _ => None,
        }
    }

    /// Decide what a probe stop means for the goal, breakpoints and watches.
    fn judge(&mut self, goal: &mut Goal, hit: ProbeHit) -> Verdict {
        if let ProbeHit::Breakpoint { pc } = hit {
            if let Some(id) = self.break_at(pc) {
                return Verdict::Before(StopReason::Breakpoint(id));
            }
            if let Goal::Until(Until::Pc(_), Some(target)) = goal {
                if *target == pc {
                    return Verdict::Before(StopReason::Reached(format!("pc {}", self.syms.format(pc))));
                }
            }
        }
        // `until sret|mret|xret` stops before the xRET: look at what the
        // next step is before taking it.
        if let Goal::Until(Until::Xret(kind), _) = goal {
            if let Some(which) = self.next_is_xret() {
                if *kind == XretKind::Any || *kind == which {
                    let name = if which == XretKind::Mret { "mret" } else { "sret" };
                    return Verdict::Before(StopReason::Reached(format!("before {name}")));
                }
            }
        }
        let r = self.step_recorded();
        match self.mem_watch_fired(&r).or_else(|| self.judge_after(goal, &r)) {
            Some(reason) => Verdict::After(r, reason),
            None => Verdict::Go(Some(r)),
        }
    }

    /// After a step: did a watch fire or the goal complete?
    fn judge_after(&mut self, goal: &mut Goal, r: &Record) -> Option<StopReason> {
        if let Some(reason) = self.csr_watch_fired() {
            return Some(reason);
        }
        if !r.is_transition() {
            return None;
        }
        match goal {
            Goal::Transitions(n) => {
                *n -= 1;
                (*n == 0).then(|| StopReason::Reached("next transition".into()))
            }
            Goal::Until(u, _) => match (u, &r.kind) {
                (Until::Trap(sel), Kind::Exception { cause, .. }) => {
                    let ok = sel.is_none_or(|s| s == CauseSel::Exception(cause.code()));
                    ok.then(|| StopReason::Reached(format!("trap: {}", cause.name())))
                }
                (Until::Trap(sel), Kind::Interrupt { cause }) => {
                    let ok = sel.is_none_or(|s| s == CauseSel::Interrupt(cause.code()));
                    ok.then(|| StopReason::Reached(format!("interrupt: {}", cause.name())))
                }
                (Until::Irq(n), Kind::Interrupt { cause }) => {
                    let ok = n.is_none_or(|n| n == cause.code());
                    ok.then(|| StopReason::Reached(format!("interrupt: {}", cause.name())))
                }
                (Until::Mode(m), _) if r.to == *m && r.from != *m => Some(StopReason::Reached(format!("entered {m}"))),
                _ => None,
            },
            Goal::None => None,
        }
    }

    /// The xRET the next step executes, if it is one (and no interrupt
    /// comes first).
    fn next_is_xret(&self) -> Option<XretKind> {
        let h = &self.m.hart;
        if h.pending_interrupt().is_some() {
            return None;
        }
        match crate::debug::inspect::peek_instruction(&self.m, h.pc())? {
            0x3020_0073 => Some(XretKind::Mret),
            0x1020_0073 => Some(XretKind::Sret),
            _ => None,
        }
    }

    /// The first CSR watch whose CSR changed (its value is updated).
    fn csr_watch_fired(&mut self) -> Option<StopReason> {
        let h = &self.m.hart;
        for p in &mut self.points {
            if let PointKind::Csr { addr, name, value } = &mut p.kind {
                let now = h.csr_peek(*addr).unwrap_or(*value);
                if now != *value {
                    let text = format!("{name}: {:#x} -> {now:#x}", *value);
                    *value = now;
                    return Some(StopReason::Watch(p.id, text));
                }
            }
        }
        None
    }

    /// The first memory watch the step's accesses touched.
    pub(crate) fn mem_watch_fired(&self, r: &Record) -> Option<StopReason> {
        for p in &self.points {
            let PointKind::Mem { paddr, len, access, .. } = p.kind else { continue };
            for a in &r.mem {
                let Some(pa) = a.paddr else { continue };
                let wanted = match access {
                    Access::Read => !a.write,
                    Access::Write => a.write,
                    Access::ReadWrite => true,
                };
                if wanted && pa < paddr + len && paddr < pa + a.size as u64 {
                    let verb = if a.write { "wrote" } else { "read" };
                    return Some(StopReason::Watch(p.id, format!("{verb} {:#x} at {pa:#x}", a.value)));
                }
            }
        }
        None
    }

    // ----- going back

    /// Go back `n` steps.
    pub fn reverse_stepi(&mut self, n: u64) -> Stop {
        let first = self.history.first_position();
        let now = self.position();
        let target = now.saturating_sub(n).max(first);
        if target == now {
            return Stop { reason: StopReason::HistoryStart, records: Vec::new() };
        }
        match self.go_to(target) {
            Ok(()) if target == first && now - n < first => Stop { reason: StopReason::HistoryStart, records: Vec::new() },
            Ok(()) => Stop { reason: StopReason::Stepped, records: Vec::new() },
            Err(e) => Stop { reason: StopReason::Refused(e), records: Vec::new() },
        }
    }

    /// Go back to the previous place a breakpoint or watch would have
    /// stopped. The console output of the replays is dropped (it was seen).
    pub fn reverse_continue(&mut self) -> Stop {
        let kept = self.m.take_output();
        let stop = self.reverse_continue_replaying();
        self.m.take_output();
        self.m.hart.bus.uart.console_write(&kept);
        stop
    }

    fn reverse_continue_replaying(&mut self) -> Stop {
        let now = self.position();
        let mut end = now;
        loop {
            let Some(start) = self.history.snapshot_before(end) else {
                let first = self.history.first_position();
                return match self.go_to(first) {
                    Ok(()) => Stop { reason: StopReason::HistoryStart, records: Vec::new() },
                    Err(e) => Stop { reason: StopReason::Refused(e), records: Vec::new() },
                };
            };
            if let Err(e) = self.go_to(start) {
                return Stop { reason: StopReason::Refused(e), records: Vec::new() };
            }
            // Replay [start, end) and remember the last stop in it. A
            // breakpoint right at `start` counts (it is stepped over by
            // the first `run`).
            let mut last: Option<(u64, StopReason)> =
                self.break_at(self.m.hart.pc()).filter(|_| start < end).map(|id| (start, StopReason::Breakpoint(id)));
            while self.position() < end {
                let s = self.run(Goal::Until(Until::Step(end), None));
                match s.reason {
                    StopReason::Breakpoint(_) | StopReason::Watch(..) if self.position() < end => {
                        last = Some((self.position(), s.reason))
                    }
                    _ => break,
                }
            }
            if let Some((at, reason)) = last {
                if let Err(e) = self.go_to(at) {
                    return Stop { reason: StopReason::Refused(e), records: Vec::new() };
                }
                self.refresh_watches();
                return Stop { reason, records: Vec::new() };
            }
            if start == self.history.first_position() {
                let _ = self.go_to(start);
                self.refresh_watches();
                return Stop { reason: StopReason::HistoryStart, records: Vec::new() };
            }
            end = start;
        }
    }

    /// Restore the machine to `position` (through the history) and forget
    /// the records of what lies after it.
    fn go_to(&mut self, position: u64) -> Result<(), String> {
        self.m.set_probes(Probes::default());
        self.history.goto(&mut self.m, position).map_err(|e| e.to_string())?;
        while self.log.back().is_some_and(|r| r.position >= position) {
            self.log.pop_back();
        }
        self.refresh_watches();
        Ok(())
    }

    /// CSR watches compare against the values now.
    fn refresh_watches(&mut self) {
        let h = &self.m.hart;
        for p in &mut self.points {
            if let PointKind::Csr { addr, value, .. } = &mut p.kind {
                *value = h.csr_peek(*addr).unwrap_or(*value);
            }
        }
    }

    /// The text for where the hart is now: step, mode, pc with symbol,
    /// and the instruction about to execute.
    pub fn location(&self) -> String {
        let h = &self.m.hart;
        let pc = h.pc();
        let inst = crate::debug::inspect::peek_instruction(&self.m, pc)
            .map(|raw| {
                let text = crate::isa::disasm::disasm(&crate::isa::decode(raw), pc);
                if raw & 3 == 3 {
                    format!("{raw:08x}  {text}")
                } else {
                    format!("{:04x}      {text}", raw & 0xffff)
                }
            })
            .unwrap_or_else(|| "(no instruction: the fetch would fault)".into());
        format!("[step {}] {:<2} {:#018x} <{}>  {inst}", self.position(), h.mode(), pc, self.syms.format(pc))
    }

    /// The text of a record, with this session's symbols.
    pub fn record_text(&self, r: &Record) -> String {
        r.text(&self.syms)
    }

    /// The mode, in words.
    pub fn mode_text(&self) -> String {
        let m = self.m.hart.mode();
        let what = match m {
            Mode::M => "machine mode (V=0): the firmware",
            Mode::HS => "hypervisor-extended supervisor mode (S, V=0): the hypervisor",
            Mode::U => "user mode (U, V=0)",
            Mode::VS => "virtual supervisor mode (S, V=1): the guest kernel",
            Mode::VU => "virtual user mode (U, V=1): the guest's user tasks",
        };
        format!("{m}: {what}")
    }
}
