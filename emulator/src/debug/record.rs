//! Records: what one step did, and why.
//!
//! [`Recorder::step`] executes one step of a machine (`Machine::step`)
//! and compares the state before and after: every register and CSR that
//! changed (old -> new), the memory the instruction accessed, the mode it
//! left and entered, and for traps, interrupts and xRETs the route: which
//! bits decided where the hart went, in the spec's terms, read from the
//! state *before* the step (what the hardware looked at).
//!
//! ```
//! use hemu::debug::record::{Kind, Recorder};
//! use hemu::loader::ImageSource;
//! use hemu::machine::{Machine, MachineConfig};
//!
//! let mut m = Machine::new(MachineConfig {
//!     bios: Some(ImageSource::bytes("firmware", hemu::images::FIRMWARE)),
//!     kernel: Some(ImageSource::bytes("sbi_hello", hemu::images::SBI_HELLO)),
//!     ..MachineConfig::default()
//! })
//! .unwrap();
//! let mut rec = Recorder::new();
//! // The boot ROM's first instruction: `auipc t0, 0` at 0x1000.
//! let r = rec.step(&mut m);
//! assert_eq!((r.pc, r.kind.clone()), (0x1000, Kind::Retired));
//! assert_eq!(r.xregs, vec![(5, 0, 0x1000)]); // t0: 0 -> 0x1000
//! // Step on to the firmware's mret: the record says why it went to HS.
//! let r = loop {
//!     let r = rec.step(&mut m);
//!     if r.is_transition() {
//!         break r;
//!     }
//! };
//! assert_eq!(r.kind, Kind::Xret { mret: true });
//! assert!(r.route.iter().any(|w| w.contains("mstatus.MPP=1")), "{:?}", r.route);
//! assert!(r.csrs.iter().any(|c| c.name == "mstatus"));
//! ```

use std::fmt::Write as _;

use crate::debug::symbols::Symbols;
use crate::hart::csr::{self, bits::*};
use crate::hart::step::StepEvent;
use crate::hart::{Exception, Hart, Interrupt, Mode, Privilege};
use crate::isa::{decode, disasm::disasm, Inst};
use crate::machine::Machine;

/// A memory access an instruction made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemAccess {
    pub vaddr: u64,
    /// The physical address (None if it does not translate).
    pub paddr: Option<u64>,
    pub size: u8,
    /// The value loaded or stored.
    pub value: u64,
    pub write: bool,
}

/// What kind of step it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An instruction retired.
    Retired,
    /// The instruction raised an exception, which was taken.
    Exception { cause: Exception, tval: u64 },
    /// An interrupt was taken before the instruction at `pc`.
    Interrupt { cause: Interrupt },
    /// An MRET (`mret`) or SRET retired.
    Xret { mret: bool },
    /// The hart waits in WFI: no step happened (time moved on).
    Waiting,
}

/// A CSR whose value a step changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsrChange {
    pub addr: u16,
    pub name: String,
    pub old: u64,
    pub new: u64,
}

/// One step, as the debugger and the trace show it.
#[derive(Clone, Debug)]
pub struct Record {
    /// `Machine::position` before the step (its step number).
    pub position: u64,
    /// minstret before the step.
    pub instret: u64,
    pub pc: u64,
    /// The instruction's bits (None for an interrupt, a fetch fault, WFI waiting).
    pub raw: Option<u32>,
    pub kind: Kind,
    pub from: Mode,
    pub to: Mode,
    pub pc_after: u64,
    pub csrs: Vec<CsrChange>,
    /// (register, old, new) for each integer register written with a new value.
    pub xregs: Vec<(u8, u64, u64)>,
    pub fregs: Vec<(u8, u64, u64)>,
    pub mem: Vec<MemAccess>,
    /// Why it went where it went (traps, interrupts, xRETs).
    pub route: Vec<String>,
}

/// Executes steps and records them.
pub struct Recorder {
    /// The CSRs a step is compared on, in ascending order: every readable
    /// one but the counters that move with every instruction. Listed once:
    /// the CSR table is looked up by number, and there are 4096 numbers.
    watched: Vec<u16>,
    /// Their values before the step, index for index.
    before: Vec<u64>,
}

impl Default for Recorder {
    fn default() -> Recorder {
        let watched: Vec<u16> =
            csr::all().map(|i| i.number()).filter(|&n| !matches!(n, 0xb00 | 0xb02 | 0xc00 | 0xc01 | 0xc02)).collect();
        Recorder { before: Vec::with_capacity(watched.len()), watched }
    }
}

impl Recorder {
    pub fn new() -> Recorder {
        Recorder::default()
    }

    /// Execute one step of `m` and say what it did.
    pub fn step(&mut self, m: &mut Machine) -> Record {
        self.step_by(m, |m| (m.step(), ())).0
    }

    /// Execute one step of `m` with `run` (which steps the machine once and
    /// returns the event, and anything else it wants to pass back) and say
    /// what it did. The trace steps with `Machine::step_run`, which lets
    /// time pass in WFI exactly as `Machine::run` does.
    pub fn step_by<R>(&mut self, m: &mut Machine, run: impl FnOnce(&mut Machine) -> (StepEvent, R)) -> (Record, R) {
        let position = m.position();
        let h = &m.hart;
        let instret = h.instret();
        let pc = h.pc();
        let from = h.mode();
        let x = *h.xregs();
        let f = *h.fregs();
        self.before.clear();
        self.before.extend(self.watched.iter().map(|&n| h.csr_peek(n).unwrap_or(0)));
        let raw = crate::debug::inspect::peek_instruction(m, pc);
        let inst = raw.map(decode);
        let pending = route_interrupt_inputs(h);
        let mem_before = inst.as_ref().and_then(|i| access_of(h, i));
        let (ev, passed) = run(m);
        let h = &m.hart;
        let kind = match ev {
            StepEvent::Retired { .. } => Kind::Retired,
            StepEvent::Exception { cause, tval, .. } => Kind::Exception { cause, tval },
            StepEvent::Interrupt { cause, .. } => Kind::Interrupt { cause },
            StepEvent::Xret { raw, .. } => Kind::Xret { mret: raw == 0x3020_0073 },
            StepEvent::Waiting => Kind::Waiting,
        };
        let before_csr = |a: u16| self.watched.binary_search(&a).map_or(0, |i| self.before[i]);
        let route = match &kind {
            Kind::Exception { cause, .. } => exception_route(*cause, from, &before_csr),
            Kind::Interrupt { cause } => interrupt_route(*cause, from, h.mode(), &before_csr, pending),
            Kind::Xret { mret } => xret_route(*mret, from, h.mode(), &before_csr),
            _ => Vec::new(),
        };
        let mut csrs = Vec::new();
        for (&n, &old) in self.watched.iter().zip(&self.before) {
            let v = h.csr_peek(n).unwrap_or(0);
            if old != v {
                csrs.push(CsrChange { addr: n, name: csr::name(n).map(|n| n.to_string()).unwrap_or_default(), old, new: v });
            }
        }
        let diff = |a: &[u64; 32], b: &[u64; 32]| {
            (0..32u8).filter(|&r| a[r as usize] != b[r as usize]).map(|r| (r, a[r as usize], b[r as usize])).collect()
        };
        let mem = match (&kind, mem_before, &inst) {
            (Kind::Retired, Some(a), Some(i)) => accesses(h, i, a),
            _ => Vec::new(),
        };
        let record = Record {
            position,
            instret,
            pc,
            raw: if matches!(kind, Kind::Interrupt { .. } | Kind::Waiting) { None } else { raw },
            kind,
            from,
            to: h.mode(),
            pc_after: h.pc(),
            csrs,
            xregs: diff(&x, h.xregs()),
            fregs: diff(&f, h.fregs()),
            mem,
            route,
        };
        (record, passed)
    }
}

/// The accesses instruction `i` made, given the one `access_of` predicted
/// before it ran and the hart after it: a load's value is what its
/// destination received; an AMO reads (the old value, in rd) and then
/// writes (the value now in memory); a failed SC writes nothing.
fn accesses(h: &Hart, i: &Inst, mut a: MemAccess) -> Vec<MemAccess> {
    let m = i.op.mnemonic();
    let stored = |a: &MemAccess| {
        a.paddr.and_then(|pa| crate::debug::translate::peek_physical(&h.bus, pa, a.size).ok()).unwrap_or(a.value)
    };
    if !a.write {
        a.value = if is_fp_load(i) { h.freg(i.rd) } else { truncate(h.xreg(i.rd), a.size) };
        return vec![a];
    }
    if m.starts_with("sc.") {
        return if h.xreg(i.rd) == 0 { vec![a] } else { Vec::new() };
    }
    if m.starts_with("amo") {
        let load = MemAccess { value: truncate(h.xreg(i.rd), a.size), write: false, ..a.clone() };
        a.value = stored(&a);
        return vec![load, a];
    }
    vec![a]
}

fn is_fp_load(i: &Inst) -> bool {
    matches!(i.op.mnemonic(), "flw" | "fld" | "flh")
}

/// The access a load, store or AMO would make, from the state before it.
fn access_of(h: &Hart, i: &Inst) -> Option<MemAccess> {
    let m = i.op.mnemonic();
    let size = |c: char| match c {
        'b' => 1,
        'h' => 2,
        'w' => 4,
        _ => 8,
    };
    let base = h.xreg(i.rs1);
    let (size, write, vaddr, value) = match m {
        "lb" | "lh" | "lw" | "ld" | "lbu" | "lhu" | "lwu" => {
            (size(m.chars().nth(1)?), false, base.wrapping_add(i.imm as u64), 0)
        }
        "flw" | "fld" | "flh" => (size(m.chars().nth(2)?), false, base.wrapping_add(i.imm as u64), 0),
        "sb" | "sh" | "sw" | "sd" => {
            let s = size(m.chars().nth(1)?);
            (s, true, base.wrapping_add(i.imm as u64), truncate(h.xreg(i.rs2), s))
        }
        "fsw" | "fsd" | "fsh" => {
            let s = size(m.chars().nth(2)?);
            (s, true, base.wrapping_add(i.imm as u64), truncate(h.freg(i.rs2), s))
        }
        _ if m.starts_with("amo") || m.starts_with("sc.") => {
            let s = if m.ends_with(".d") { 8 } else { 4 };
            (s, true, base, truncate(h.xreg(i.rs2), s))
        }
        _ if m.starts_with("lr.") => (if m.ends_with(".d") { 8 } else { 4 }, false, base, 0),
        _ => return None,
    };
    let paddr = crate::debug::translate::physical(h, vaddr);
    Some(MemAccess { vaddr, paddr, size, value, write })
}

fn truncate(v: u64, size: u8) -> u64 {
    if size >= 8 {
        v
    } else {
        v & ((1u64 << (size * 8)) - 1)
    }
}

/// Bits of `v`.
fn bit(v: u64, n: u64) -> u64 {
    (v >> n) & 1
}

/// hedeleg bits that are read-only zero (priv spec, "Hypervisor Trap
/// Delegation Registers"): ecalls from HS and VS, from M, and the guest
/// page faults and virtual instruction exceptions, which VS cannot
/// handle.
const HEDELEG_ZERO: [u64; 7] = [9, 10, 11, 20, 21, 22, 23];

fn exception_route(cause: Exception, from: Mode, csr: &dyn Fn(u16) -> u64) -> Vec<String> {
    let c = cause.code();
    let mut why = format!("exception {c} ({}) from {from}: ", cause.name());
    if from == Mode::M {
        why.push_str("from M: never delegated -> M");
        return vec![why];
    }
    let medeleg = bit(csr(0x302), c);
    if medeleg == 0 {
        let _ = write!(why, "medeleg[{c}]=0 -> M");
        return vec![why];
    }
    let _ = write!(why, "medeleg[{c}]=1 -> HS");
    if !from.virt() {
        why.push_str("; V=0: hedeleg does not apply");
        return vec![why];
    }
    if HEDELEG_ZERO.contains(&c) {
        let _ = write!(why, "; hedeleg[{c}] is read-only 0: {} always stops in HS", cause.name());
        return vec![why];
    }
    let h = bit(csr(0x602), c);
    let _ = write!(why, "; V=1 and hedeleg[{c}]={h} -> {}", if h == 1 { "VS" } else { "HS" });
    vec![why]
}

/// mip and mie as the hart saw them before the step.
fn route_interrupt_inputs(h: &Hart) -> (u64, u64) {
    (h.mip_value(), h.csr.mie)
}

/// Interrupts in decreasing priority (priv spec, "Machine Interrupt
/// Registers" and the H extension's additions).
const PRIORITY: [(u64, &str); 10] = [
    (11, "MEI"),
    (3, "MSI"),
    (7, "MTI"),
    (9, "SEI"),
    (1, "SSI"),
    (5, "STI"),
    (12, "SGEI"),
    (10, "VSEI"),
    (2, "VSSI"),
    (6, "VSTI"),
];

fn interrupt_route(cause: Interrupt, from: Mode, to: Mode, csr: &dyn Fn(u16) -> u64, (mip, mie): (u64, u64)) -> Vec<String> {
    let c = cause.code();
    let mideleg = bit(csr(0x303), c);
    let hideleg = bit(csr(0x603), c);
    let mut lines = vec![format!(
        "interrupt {c} ({}) in {from}: mip[{c}]={} mie[{c}]={}; mideleg[{c}]={mideleg}{} -> {to}",
        cause.name(),
        bit(mip, c),
        bit(mie, c),
        if mideleg == 1 { format!(" hideleg[{c}]={hideleg}") } else { String::new() },
    )];
    let below = |dest: Mode| match dest {
        Mode::M => from.privilege() != Privilege::Machine,
        Mode::HS => from.virt() || from == Mode::U,
        _ => from == Mode::VU,
    };
    let enable = if below(to) {
        "always enabled: below the destination's privilege".to_string()
    } else {
        match to {
            Mode::M => format!("mstatus.MIE={}", bit(csr(0x300), 3)),
            Mode::HS => format!("sstatus.SIE={}", bit(csr(0x100), 1)),
            _ => format!("vsstatus.SIE={}", bit(csr(0x200), 1)),
        }
    };
    lines.push(format!("enabled: {enable}"));
    let higher: Vec<&str> =
        PRIORITY.iter().take_while(|(n, _)| *n != c).filter(|(n, _)| mip & mie & (1 << n) == 0).map(|p| p.1).collect();
    if !higher.is_empty() {
        lines.push(format!("higher-priority interrupts not pending and enabled: {}", higher.join(" ")));
    }
    lines
}

fn xret_route(mret: bool, from: Mode, to: Mode, csr: &dyn Fn(u16) -> u64) -> Vec<String> {
    if mret {
        let s = csr(0x300);
        let mpp = (s & MPP) >> MPP_SHIFT;
        return vec![format!(
            "mret read mstatus.MPP={mpp} MPV={} MPIE={}: -> {to}, MIE=MPIE, pc=mepc",
            u64::from(s & MPV != 0),
            u64::from(s & MPIE != 0)
        )];
    }
    if from.virt() {
        let s = csr(0x200);
        return vec![format!(
            "sret in VS read vsstatus.SPP={} SPIE={}: -> {to}, pc=vsepc",
            u64::from(s & SPP != 0),
            u64::from(s & SPIE != 0)
        )];
    }
    let s = csr(0x100);
    let hs = csr(0x600);
    vec![format!(
        "sret read sstatus.SPP={} SPIE={} hstatus.SPV={} SPVP={}: -> {to}, SIE=SPIE, pc=sepc",
        u64::from(s & SPP != 0),
        u64::from(s & SPIE != 0),
        u64::from(hs & HSTATUS_SPV != 0),
        u64::from(hs & HSTATUS_SPVP != 0)
    )]
}

/// A field's value: decimal when small (a bit, a mode), hex otherwise.
fn small(v: u64) -> String {
    if v < 10 {
        v.to_string()
    } else {
        format!("{v:#x}")
    }
}

/// The JSON kind names (see `docs/trace-json.md`).
fn kind_name(k: &Kind) -> &'static str {
    match k {
        Kind::Retired => "retired",
        Kind::Exception { .. } => "exception",
        Kind::Interrupt { .. } => "interrupt",
        Kind::Xret { mret: true } => "mret",
        Kind::Xret { mret: false } => "sret",
        Kind::Waiting => "waiting",
    }
}

/// ` <function+0xoff>`, or nothing where no symbol covers the address.
fn angled(label: Option<String>) -> String {
    label.map(|l| format!(" <{l}>")).unwrap_or_default()
}

impl Record {
    /// The record as one JSON object (one line), with the fields
    /// documented in `docs/trace-json.md`: everything `text` shows.
    pub fn json(&self, syms: &Symbols) -> String {
        use serde_json::json;
        let hex = |v: u64| format!("{v:#x}");
        let (cause, code, tval) = match &self.kind {
            Kind::Exception { cause, tval } => (Some(cause.name()), Some(cause.code()), Some(hex(*tval))),
            Kind::Interrupt { cause } => (Some(cause.name()), Some(cause.code()), None),
            _ => (None, None, None),
        };
        let csrs: Vec<_> = self
            .csrs
            .iter()
            .map(|c| {
                let fields: serde_json::Map<String, serde_json::Value> = csr::info(c.addr)
                    .map(|i| {
                        i.decode(c.new)
                            .iter()
                            .zip(i.decode(c.old).iter())
                            .filter(|((_, n), (_, o))| n != o)
                            .map(|((f, n), (_, o))| (f.name.to_string(), json!({"old": o, "new": n})))
                            .collect()
                    })
                    .unwrap_or_default();
                json!({"name": c.name, "addr": hex(c.addr as u64), "old": hex(c.old), "new": hex(c.new), "fields": fields})
            })
            .collect();
        let regs = |v: &[(u8, u64, u64)], fp: bool| -> Vec<serde_json::Value> {
            v.iter()
                .map(|(r, o, n)| {
                    let name = if fp { format!("f{r}") } else { crate::isa::disasm::xname(*r).to_string() };
                    json!({"reg": name, "old": hex(*o), "new": hex(*n)})
                })
                .collect()
        };
        let mem: Vec<_> = self
            .mem
            .iter()
            .map(|a| json!({"vaddr": hex(a.vaddr), "paddr": a.paddr.map(hex), "size": a.size, "value": hex(a.value), "write": a.write}))
            .collect();
        json!({
            "step": self.position,
            "minstret": self.instret,
            "kind": kind_name(&self.kind),
            "pc": hex(self.pc),
            "symbol": syms.label(self.pc),
            "raw": self.raw.map(|r| format!("{r:#x}")),
            "disasm": self.raw.map(|r| disasm(&decode(r), self.pc)),
            "cause": cause,
            "code": code,
            "tval": tval,
            "from": self.from.to_string(),
            "to": self.to.to_string(),
            "pc_after": hex(self.pc_after),
            "symbol_after": syms.label(self.pc_after),
            "why": self.route,
            "csrs": csrs,
            "xregs": regs(&self.xregs, false),
            "fregs": regs(&self.fregs, true),
            "mem": mem,
        })
        .to_string()
    }

    /// The record on one line (`--trace instructions`): the head line, then
    /// each change and access, separated by ` | `.
    pub fn line(&self, syms: &Symbols) -> String {
        let text = self.text(syms);
        let mut lines = text.lines();
        let head = lines.next().unwrap_or_default().to_string();
        lines.fold(head, |mut s, l| {
            s.push_str(" | ");
            s.push_str(&l.split_whitespace().collect::<Vec<_>>().join(" "));
            s
        })
    }

    /// A trap, an interrupt or an xRET.
    pub fn is_transition(&self) -> bool {
        matches!(self.kind, Kind::Exception { .. } | Kind::Interrupt { .. } | Kind::Xret { .. })
    }

    /// The record as text: a head line (step, minstret, mode, pc with
    /// symbol, instruction), the mode change, what changed (old -> new,
    /// CSR fields decoded), and the route.
    pub fn text(&self, syms: &Symbols) -> String {
        let mut s = String::new();
        let inst = match self.raw {
            Some(raw) => {
                let d = disasm(&decode(raw), self.pc);
                if raw & 3 == 3 {
                    format!("{raw:08x}  {d}")
                } else {
                    format!("{:04x}      {d}", raw & 0xffff)
                }
            }
            None => String::new(),
        };
        let what = match &self.kind {
            Kind::Retired | Kind::Xret { .. } => String::new(),
            Kind::Exception { cause, tval } => format!("  trap: {} ({}) tval={tval:#x}", cause.name(), cause.code()),
            Kind::Interrupt { cause } => format!("interrupt: {} (irq{})", cause.name(), cause.code()),
            Kind::Waiting => "waiting in WFI".into(),
        };
        let _ = writeln!(
            s,
            "[step {} minstret {}] {:<2} {:#x}{}  {inst}{what}",
            self.position,
            self.instret,
            self.from,
            self.pc,
            angled(syms.label(self.pc))
        );
        if self.from != self.to || self.is_transition() {
            let _ = writeln!(s, "  {} -> {}  pc {:#x}{}", self.from, self.to, self.pc_after, angled(syms.label(self.pc_after)));
        }
        for r in &self.route {
            let _ = writeln!(s, "  why: {r}");
        }
        for c in &self.csrs {
            let _ = write!(s, "  {:<9} {:#x} -> {:#x}", c.name, c.old, c.new);
            if let Some(info) = csr::info(c.addr) {
                let changed: Vec<String> = info
                    .decode(c.new)
                    .iter()
                    .zip(info.decode(c.old).iter())
                    .filter(|((_, new), (_, old))| new != old)
                    .map(|((f, new), (_, old))| format!("{} {}->{}", f.name, small(old), small(new)))
                    .collect();
                if !changed.is_empty() {
                    let _ = write!(s, "  ({})", changed.join(", "));
                }
            }
            s.push('\n');
        }
        if !self.is_transition() {
            for (r, old, new) in &self.xregs {
                let _ = writeln!(s, "  {:<9} {old:#x} -> {new:#x}", crate::isa::disasm::xname(*r));
            }
            for (r, old, new) in &self.fregs {
                let _ = writeln!(s, "  f{r:<8} {old:#x} -> {new:#x}");
            }
        }
        for a in &self.mem {
            let pa = a.paddr.map_or("?".to_string(), |p| format!("{p:#x}"));
            let verb = if a.write { "store" } else { "load" };
            let _ = writeln!(s, "  mem {verb} {} bytes at {:#x} (pa {pa}) = {:#x}", a.size, a.vaddr, a.value);
        }
        s.pop();
        s
    }
}
