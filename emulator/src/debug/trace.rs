//! Execution traces: one line per instruction, or only the privilege
//! transitions (traps, interrupts, MRET/SRET) with the CSR state the
//! hardware wrote, which is what a student checks at each step.

use crate::hart::csr::{self, addr::*};
use crate::hart::step::StepEvent;
use crate::hart::{Hart, Mode, Privilege};
use crate::isa::{decode, disasm::disasm};
use std::io::Write;

/// How much to trace.
#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
pub enum TraceLevel {
    /// Traps, interrupts and xRETs, with the CSRs they wrote.
    Transitions,
    /// Every instruction, plus the transitions.
    Instructions,
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
    count: u64,
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
        Tracer { level, filter: TraceFilter::default(), out, count: 0, written: 0, following: None, json: false }
    }

    /// Record one step's event; `h` is the hart after the step.
    pub fn event(&mut self, h: &Hart, ev: &StepEvent) {
        self.count += 1;
        if self.filter.limit.is_some_and(|l| self.written >= l) || !self.keeps(ev) {
            return;
        }
        // Instruction lines obey the mode filter through the current mode.
        if matches!(ev, StepEvent::Retired { .. })
            && (self.level != TraceLevel::Instructions
                || (!self.filter.modes.is_empty() && !self.filter.modes.contains(&h.mode())))
        {
            return;
        }
        self.written += 1;
        let line = match *ev {
            StepEvent::Retired { pc, raw } => {
                format!("{:>10} {:<2} {:016x}  {:08x}  {}", self.count, h.mode(), pc, raw, disasm(&decode(raw), pc))
            }
            StepEvent::Xret { pc, raw, from, to } => format!(
                "{:>10} {:<2} {:016x}  {:08x}  {:<24} {} -> {}  pc={:#x}  {}",
                self.count,
                from,
                pc,
                raw,
                disasm(&decode(raw), pc),
                from,
                to,
                h.pc,
                status_summary(h, to)
            ),
            StepEvent::Exception { cause, epc, tval, from, to } => format!(
                "{:>10} {:<2} {:016x}  trap: {} ({}) tval={:#x}  {} -> {}  {}",
                self.count,
                from,
                epc,
                cause.name(),
                cause.code(),
                tval,
                from,
                to,
                trap_csrs(h, to)
            ),
            StepEvent::Interrupt { cause, epc, from, to } => format!(
                "{:>10} {:<2} {:016x}  interrupt: {} (irq{})  {} -> {}  {}",
                self.count,
                from,
                epc,
                cause.name(),
                cause.code(),
                from,
                to,
                trap_csrs(h, to)
            ),
            StepEvent::Waiting => return,
        };
        let _ = writeln!(self.out, "{line}");
    }
}

fn prv_name(p: Privilege) -> &'static str {
    match p {
        Privilege::User => "U",
        Privilege::Supervisor => "S",
        Privilege::Machine => "M",
    }
}

fn csr(h: &Hart, a: u16) -> u64 {
    h.csr_peek(a).unwrap_or(0)
}

/// A CSR's name, from the CSR table.
fn name(a: u16) -> String {
    csr::name(a).map(|n| n.to_string()).unwrap_or_default()
}

/// "name=value" for each CSR, names from the CSR table.
fn regs(h: &Hart, list: &[u16]) -> String {
    let each: Vec<String> = list.iter().map(|&a| format!("{}={:#x}", name(a), csr(h, a))).collect();
    each.join(" ")
}

/// The value of the table's field `f` of CSR `a`.
fn field(h: &Hart, a: u16, f: &str) -> u64 {
    csr::info(a).and_then(|i| i.field(f)).map_or(0, |field| field.get(csr(h, a)))
}

/// "F=value" for each of the fields `list` of CSR `a`.
fn fields(h: &Hart, a: u16, list: &[&str]) -> String {
    let each: Vec<String> = list.iter().map(|f| format!("{f}={}", field(h, a, f))).collect();
    each.join(" ")
}

/// An xPP field's privilege, as one letter.
fn mpp(h: &Hart) -> &'static str {
    prv_name(Privilege::from_bits(field(h, MSTATUS, "MPP")))
}

/// sstatus.SPP or vsstatus.SPP as one letter.
fn spp(h: &Hart, status: u16) -> &'static str {
    if field(h, status, "SPP") != 0 {
        "S"
    } else {
        "U"
    }
}

/// The CSRs a trap into `to` wrote, as the spec lists them for that level.
pub fn trap_csrs(h: &Hart, to: Mode) -> String {
    match to {
        Mode::M => format!(
            "{} {}: MPP={} {} -> pc={:#x}",
            regs(h, &[MCAUSE, MEPC, MTVAL, MTVAL2, MTINST]),
            name(MSTATUS),
            mpp(h),
            fields(h, MSTATUS, &["MPV", "GVA", "MPIE"]),
            h.pc
        ),
        Mode::HS => format!(
            "{} {}: SPP={} {} {}: {} -> pc={:#x}",
            regs(h, &[SCAUSE, SEPC, STVAL, HTVAL, HTINST]),
            name(SSTATUS),
            spp(h, SSTATUS),
            fields(h, SSTATUS, &["SPIE"]),
            name(HSTATUS),
            fields(h, HSTATUS, &["SPV", "SPVP", "GVA"]),
            h.pc
        ),
        Mode::VS => format!(
            "{} {}: SPP={} {} -> pc={:#x}",
            regs(h, &[VSCAUSE, VSEPC, VSTVAL]),
            name(VSSTATUS),
            spp(h, VSSTATUS),
            fields(h, VSSTATUS, &["SPIE"]),
            h.pc
        ),
        Mode::U | Mode::VU => String::new(),
    }
}

/// Status fields after an xRET into `to`.
fn status_summary(h: &Hart, to: Mode) -> String {
    match to {
        Mode::VS | Mode::VU => format!(
            "V=1 {}: {} SPP={} {} {}.{} {}.{}",
            name(VSSTATUS),
            fields(h, VSSTATUS, &["SIE"]),
            spp(h, VSSTATUS),
            regs(h, &[VSCAUSE, VSEPC, VSTVAL]),
            name(HSTATUS),
            fields(h, HSTATUS, &["SPV"]),
            name(MSTATUS),
            fields(h, MSTATUS, &["MPRV"])
        ),
        _ => format!(
            "V=0 {}: {} MPP={} {} {}.{}",
            name(MSTATUS),
            fields(h, MSTATUS, &["MIE", "SIE"]),
            mpp(h),
            fields(h, MSTATUS, &["MPV", "MPRV"]),
            name(HSTATUS),
            fields(h, HSTATUS, &["SPV"])
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bus::Bus;
    use crate::hart::csr::bits::*;

    /// The lines the trace printed before it took names and fields from the
    /// CSR table (the field names used above all exist: a missing one would
    /// print 0 and break these).
    #[test]
    fn trap_and_xret_lines() {
        let mut h = Hart::new(Bus::new(1 << 16), 0x8000_0000);
        for (a, v) in [(MSTATUS, MPV | GVA | MPIE | MPRV | STATUS_SIE | (1 << MPP_SHIFT) | SPIE | SPP), (MCAUSE, 2)] {
            assert!(h.csr_poke(a, v));
        }
        assert!(h.csr_poke(HSTATUS, HSTATUS_SPV | HSTATUS_GVA));
        assert!(h.csr_poke(VSSTATUS, STATUS_SIE | SPP));
        assert!(h.csr_poke(VSEPC, 0x90));
        assert_eq!(
            trap_csrs(&h, Mode::M),
            "mcause=0x2 mepc=0x0 mtval=0x0 mtval2=0x0 mtinst=0x0 mstatus: MPP=S MPV=1 GVA=1 MPIE=1 -> pc=0x80000000"
        );
        assert_eq!(
            trap_csrs(&h, Mode::HS),
            "scause=0x0 sepc=0x0 stval=0x0 htval=0x0 htinst=0x0 sstatus: SPP=S SPIE=1 hstatus: SPV=1 SPVP=0 GVA=1 -> pc=0x80000000"
        );
        assert_eq!(
            trap_csrs(&h, Mode::VS),
            "vscause=0x0 vsepc=0x90 vstval=0x0 vsstatus: SPP=S SPIE=0 -> pc=0x80000000"
        );
        assert_eq!(
            status_summary(&h, Mode::VU),
            "V=1 vsstatus: SIE=1 SPP=S vscause=0x0 vsepc=0x90 vstval=0x0 hstatus.SPV=1 mstatus.MPRV=1"
        );
        assert_eq!(status_summary(&h, Mode::M), "V=0 mstatus: MIE=0 SIE=1 MPP=S MPV=1 MPRV=1 hstatus.SPV=1");
    }
}

/// The event a record describes (for the filter).
fn event_of(r: &crate::debug::record::Record) -> StepEvent {
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

    /// Write a transition's record (one block: head line, mode change,
    /// why, CSRs old -> new) if the filter keeps it.
    fn transition(&mut self, r: &crate::debug::record::Record, syms: &crate::debug::symbols::Symbols) {
        if self.full() || !self.keeps(&event_of(r)) {
            return;
        }
        self.written += 1;
        let line = if self.json { r.json(syms) } else { r.text(syms) };
        let _ = writeln!(self.out, "{line}");
    }
}

/// `hemu run --trace transitions`: run on the fast path, stopping before
/// every trap, interrupt and xRET (engine probes) to execute it with the
/// recorder and write its record. Once `--trace-limit` records are
/// written, the run goes on free (no probes). The guest sees exactly what
/// an untraced run shows it.
pub fn run_transitions(
    m: &mut crate::machine::Machine,
    max: Option<u64>,
    t: &mut Tracer,
    syms: &crate::debug::symbols::Symbols,
) -> crate::machine::RunOutcome {
    use crate::engine::probe::Probes;
    use crate::machine::RunOutcome;
    let mut rec = crate::debug::record::Recorder::new();
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
                t.transition(&r, syms);
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
    let _ = t.out.flush();
    outcome
}
