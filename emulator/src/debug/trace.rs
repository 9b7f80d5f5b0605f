//! Execution traces: one line per instruction, or only the privilege
//! transitions (traps, interrupts, MRET/SRET) with the CSR state the
//! hardware wrote, which is what a student checks at each step.

use crate::hart::csr::addr::*;
use crate::hart::csr::bits::*;
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
        Tracer { level, filter: TraceFilter::default(), out, count: 0, written: 0, following: None }
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

/// The CSRs a trap into `to` wrote, as the spec lists them for that level.
pub fn trap_csrs(h: &Hart, to: Mode) -> String {
    match to {
        Mode::M => {
            let s = csr(h, MSTATUS);
            format!(
                "mcause={:#x} mepc={:#x} mtval={:#x} mtval2={:#x} mtinst={:#x} mstatus: MPP={} MPV={} GVA={} MPIE={} -> pc={:#x}",
                csr(h, MCAUSE),
                csr(h, MEPC),
                csr(h, MTVAL),
                csr(h, MTVAL2),
                csr(h, MTINST),
                prv_name(Privilege::from_bits(s >> MPP_SHIFT)),
                (s & MPV != 0) as u8,
                (s & GVA != 0) as u8,
                (s & MPIE != 0) as u8,
                h.pc
            )
        }
        Mode::HS => {
            let s = csr(h, MSTATUS);
            let hs = csr(h, HSTATUS);
            format!(
                "scause={:#x} sepc={:#x} stval={:#x} htval={:#x} htinst={:#x} sstatus: SPP={} SPIE={} hstatus: SPV={} SPVP={} GVA={} -> pc={:#x}",
                csr(h, SCAUSE),
                csr(h, SEPC),
                csr(h, STVAL),
                csr(h, HTVAL),
                csr(h, HTINST),
                if s & SPP != 0 { "S" } else { "U" },
                (s & SPIE != 0) as u8,
                (hs & HSTATUS_SPV != 0) as u8,
                (hs & HSTATUS_SPVP != 0) as u8,
                (hs & HSTATUS_GVA != 0) as u8,
                h.pc
            )
        }
        Mode::VS => {
            let s = csr(h, VSSTATUS);
            format!(
                "vscause={:#x} vsepc={:#x} vstval={:#x} vsstatus: SPP={} SPIE={} -> pc={:#x}",
                csr(h, VSCAUSE),
                csr(h, VSEPC),
                csr(h, VSTVAL),
                if s & SPP != 0 { "S" } else { "U" },
                (s & SPIE != 0) as u8,
                h.pc
            )
        }
        Mode::U | Mode::VU => String::new(),
    }
}

/// Status fields after an xRET into `to`.
fn status_summary(h: &Hart, to: Mode) -> String {
    let s = csr(h, MSTATUS);
    let hs = csr(h, HSTATUS);
    let vs = csr(h, VSSTATUS);
    match to {
        Mode::VS | Mode::VU => format!(
            "V=1 vsstatus: SIE={} SPP={} vscause={:#x} vsepc={:#x} vstval={:#x} hstatus.SPV={} mstatus.MPRV={}",
            (vs & STATUS_SIE != 0) as u8,
            if vs & SPP != 0 { "S" } else { "U" },
            csr(h, VSCAUSE),
            csr(h, VSEPC),
            csr(h, VSTVAL),
            (hs & HSTATUS_SPV != 0) as u8,
            (s & MPRV != 0) as u8
        ),
        _ => format!(
            "V=0 mstatus: MIE={} SIE={} MPP={} MPV={} MPRV={} hstatus.SPV={}",
            (s & STATUS_MIE != 0) as u8,
            (s & STATUS_SIE != 0) as u8,
            prv_name(Privilege::from_bits(s >> MPP_SHIFT)),
            (s & MPV != 0) as u8,
            (s & MPRV != 0) as u8,
            (hs & HSTATUS_SPV != 0) as u8
        ),
    }
}
