//! Execution traces: the privilege transitions (traps, interrupts,
//! MRET/SRET) with what they changed and why, which is what a student
//! checks at each step; or every instruction with the registers, CSRs and
//! memory it wrote; or Spike's commit log.
//!
//! ```
//! use hemu::debug::symbols::Symbols;
//! use hemu::debug::{trace, TraceLevel, Tracer};
//! use hemu::loader::ImageSource;
//! use hemu::machine::{Machine, MachineConfig, RunOutcome};
//!
//! let machine = || {
//!     Machine::new(MachineConfig {
//!         bios: Some(ImageSource::bytes("firmware", hemu::images::FIRMWARE)),
//!         kernel: Some(ImageSource::bytes("sbi_hello", hemu::images::SBI_HELLO)),
//!         ..MachineConfig::default()
//!     })
//!     .unwrap()
//! };
//! let path = std::env::temp_dir().join(format!("hemu-doc-trace-{}", std::process::id()));
//! let mut t = Tracer::new(TraceLevel::Transitions, Box::new(std::fs::File::create(&path).unwrap()));
//! let mut m = machine();
//! let syms = Symbols::from_machine(&m);
//! let traced = trace::run(&mut m, None, &mut t, &syms);
//! let text = std::fs::read_to_string(&path).unwrap();
//! // The firmware's mret into the kernel, and why it went to HS.
//! assert!(text.contains("mret") && text.contains("M -> HS  pc 0x80200000"), "{text}");
//! // The guest sees the same run untraced.
//! let mut plain = machine();
//! assert_eq!(plain.run(None), traced);
//! assert_eq!(plain.output(), m.output());
//! assert!(matches!(traced, RunOutcome::Exit { code: 0, .. }));
//! # std::fs::remove_file(&path).unwrap();
//! ```

use crate::debug::record::{Record, Recorder};
use crate::debug::symbols::Symbols;
use crate::hart::step::StepEvent;
use crate::hart::Mode;
use crate::machine::{Machine, RunOutcome};
use std::io::Write;

/// How much to trace.
#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
pub enum TraceLevel {
    /// Traps, interrupts and xRETs: what changed (old -> new) and why.
    Transitions,
    /// Every instruction with the registers, CSRs and memory it wrote,
    /// plus the transitions.
    Instructions,
    /// Every retired instruction in Spike's `--log-commits` layout, with V
    /// in the privilege digit (see `debug::commits`).
    Commits,
}

/// A cause to trace: an exception code, or an interrupt code (`irqN`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CauseSel {
    Exception(u64),
    Interrupt(u64),
}

impl std::str::FromStr for CauseSel {
    type Err = String;
    /// `2` is exception 2 (illegal instruction); `irq6` is interrupt 6
    /// (VSTI). Codes are the hardware's (mcause numbering).
    fn from_str(s: &str) -> Result<CauseSel, String> {
        let bad = || format!("'{s}' is not a cause (an exception code like 2, or irqN for interrupt N)");
        match s.strip_prefix("irq") {
            Some(n) => n.parse().map(CauseSel::Interrupt).map_err(|_| bad()),
            None => s.parse().map(CauseSel::Exception).map_err(|_| bad()),
        }
    }
}

/// Which transitions to show (all of them when empty).
#[derive(Clone, Debug, Default)]
pub struct TraceFilter {
    /// Only events that leave or enter one of these modes.
    pub modes: Vec<Mode>,
    /// Only traps and interrupts with one of these causes, each followed by
    /// what its handling does until the hart is back in V=1 or the mode it
    /// came from (the xRETs, and traps taken on the way, such as a
    /// firmware redirect).
    pub causes: Vec<CauseSel>,
    /// Stop writing after this many lines.
    pub limit: Option<u64>,
}

impl TraceFilter {
    fn cause_matches(&self, ev: &StepEvent) -> bool {
        let sel = match *ev {
            StepEvent::Exception { cause, .. } => CauseSel::Exception(cause.code()),
            StepEvent::Interrupt { cause, .. } => CauseSel::Interrupt(cause.code()),
            _ => return false,
        };
        self.causes.contains(&sel)
    }

    fn mode_matches(&self, ev: &StepEvent) -> bool {
        match *ev {
            StepEvent::Exception { from, to, .. }
            | StepEvent::Interrupt { from, to, .. }
            | StepEvent::Xret { from, to, .. } => {
                self.modes.is_empty() || self.modes.contains(&from) || self.modes.contains(&to)
            }
            _ => true,
        }
    }
}

/// Writes trace lines for the events of a run.
pub struct Tracer {
    pub level: TraceLevel,
    pub filter: TraceFilter,
    out: Box<dyn Write + Send>,
    written: u64,
    /// While a selected cause is being handled: the mode it came from.
    following: Option<Mode>,
    /// Write transition records as JSON objects, one per line
    /// (`--format json`; see `docs/trace-json.md`).
    pub json: bool,
}

impl Tracer {
    /// Apply the filter, tracking the handling of a selected cause.
    fn keeps(&mut self, ev: &StepEvent) -> bool {
        if !self.filter.mode_matches(ev) {
            return false;
        }
        if self.filter.causes.is_empty() {
            return true;
        }
        if self.filter.cause_matches(ev) {
            if let StepEvent::Exception { from, .. } | StepEvent::Interrupt { from, .. } = *ev {
                self.following.get_or_insert(from);
            }
            return true;
        }
        let Some(origin) = self.following else { return false };
        match *ev {
            StepEvent::Xret { to, .. } => {
                if to == origin || (origin.virt() && to.virt()) {
                    self.following = None;
                }
                true
            }
            StepEvent::Exception { .. } | StepEvent::Interrupt { .. } => true,
            _ => false,
        }
    }

    pub fn new(level: TraceLevel, out: Box<dyn Write + Send>) -> Tracer {
        Tracer { level, filter: TraceFilter::default(), out, written: 0, following: None, json: false }
    }
}

/// The event a record describes (for the filter).
fn event_of(r: &Record) -> StepEvent {
    use crate::debug::record::Kind;
    match r.kind {
        Kind::Exception { cause, tval } => StepEvent::Exception { cause, epc: r.pc, tval, from: r.from, to: r.to },
        Kind::Interrupt { cause } => StepEvent::Interrupt { cause, epc: r.pc, from: r.from, to: r.to },
        Kind::Xret { .. } => StepEvent::Xret { pc: r.pc, raw: r.raw.unwrap_or(0), from: r.from, to: r.to },
        Kind::Waiting => StepEvent::Waiting,
        Kind::Retired => StepEvent::Retired { pc: r.pc, raw: r.raw.unwrap_or(0) },
    }
}

impl Tracer {
    /// True once `--trace-limit` records are written.
    pub fn full(&self) -> bool {
        self.filter.limit.is_some_and(|l| self.written >= l)
    }

    /// Write a step's record if the level and the filter keep it: a
    /// transition as a block (head line, mode change, why, CSRs old ->
    /// new), an instruction as one line (`--trace instructions`), or the
    /// commit-log line (`--trace commits`). `h` is the hart after the step.
    fn write(&mut self, r: &Record, h: &crate::hart::Hart, syms: &Symbols) {
        // WFI waiting is time passing, not a step: no line at any level.
        if self.full() || matches!(r.kind, crate::debug::record::Kind::Waiting) || !self.keeps(&event_of(r)) {
            return;
        }
        // Instruction lines obey the mode filter through the mode they ran in.
        let transition = r.is_transition();
        if !transition && !self.filter.modes.is_empty() && !self.filter.modes.contains(&r.from) {
            return;
        }
        let line = match self.level {
            TraceLevel::Commits => match crate::debug::commits::line(r, h) {
                Some(l) => l,
                None => return,
            },
            _ if self.json => r.json(syms),
            TraceLevel::Transitions => r.text(syms),
            TraceLevel::Instructions if transition => r.text(syms),
            TraceLevel::Instructions => r.line(syms),
        };
        self.written += 1;
        let _ = writeln!(self.out, "{line}");
    }
}

/// `hemu run --trace LEVEL`: run `m` (at most `max` instructions), writing
/// the trace. The guest sees exactly what an untraced run shows it.
pub fn run(m: &mut Machine, max: Option<u64>, t: &mut Tracer, syms: &Symbols) -> RunOutcome {
    let outcome = match t.level {
        TraceLevel::Transitions => run_transitions(m, max, t, syms),
        TraceLevel::Instructions | TraceLevel::Commits => run_stepped(m, max, t, syms),
    };
    let _ = t.out.flush();
    outcome
}

/// Transitions: run on the fast path, stopping before every trap,
/// interrupt and xRET (engine probes) to execute it with the recorder and
/// write its record. Once `--trace-limit` records are written, the run
/// goes on free (no probes).
fn run_transitions(m: &mut Machine, max: Option<u64>, t: &mut Tracer, syms: &Symbols) -> RunOutcome {
    use crate::engine::probe::Probes;
    let mut rec = Recorder::new();
    let start = m.retired();
    let probes = Probes { transitions: true, ..Probes::default() };
    m.set_probes(probes.clone());
    let outcome = loop {
        let left = max.map(|x| x.saturating_sub(m.retired() - start));
        if left == Some(0) {
            break RunOutcome::InstructionLimit;
        }
        match m.run(left) {
            RunOutcome::Probe(_) => {
                m.set_probes(Probes::default());
                let r = rec.step(m);
                t.write(&r, &m.hart, syms);
                if t.full() {
                    let left = max.map(|x| x.saturating_sub(m.retired() - start));
                    break m.run(left);
                }
                m.set_probes(probes.clone());
            }
            other => break other,
        }
    };
    m.set_probes(Probes::default());
    outcome
}

/// Instructions and commits: record every step (`Machine::step_run`, the
/// step `run` takes). Once `--trace-limit` lines are written, the run goes
/// on at full speed.
fn run_stepped(m: &mut Machine, max: Option<u64>, t: &mut Tracer, syms: &Symbols) -> RunOutcome {
    let mut rec = Recorder::new();
    let start = m.retired();
    loop {
        if let Some((code, source)) = m.exit() {
            return RunOutcome::Exit { code, source };
        }
        let left = max.map(|x| x.saturating_sub(m.retired() - start));
        if left == Some(0) {
            return RunOutcome::InstructionLimit;
        }
        if t.full() {
            return m.run(left);
        }
        let (r, stop) = rec.step_by(m, Machine::step_run);
        t.write(&r, &m.hart, syms);
        if let Some(outcome) = stop {
            return outcome;
        }
    }
}
