//! Lab 5, several guests: what the grader checks, in the order the hart does it. The grader
//! follows the guest exits (traps from V=1 to HS-mode) and the hypervisor's srets back into a
//! guest (SPV=1); a guest is known by its G-stage root (hgatp.PPN), so a switch is an sret that
//! enters another root than the exit before it left.
//!
//! - 5-1 time slices: the host timer (supervisor timer interrupt, lab 3's 3-2) exits the guest
//!   "whenever ... the current operating mode has less privilege than HS-mode"; at the end of
//!   a time slice the hypervisor's next sret enters the other guest.
//! - 5-2 the VS CSRs: "When V=1, the VS CSRs substitute for the corresponding supervisor CSRs"
//!   ("Hypervisor and Virtual Supervisor CSRs"): the hart has one set, so a switch must put the
//!   arriving guest's own values there. Checked at the first entry into guest 1 (none of guest
//!   0's values) and at the switch back into guest 0 (all of its values as it left them).
//! - 5-3 hgatp's VMID: the G-stage translations the hart caches are tagged with hgatp.VMID
//!   (HFENCE.GVMA's rs2 "specifies a single virtual machine identifier"); "if a VMID is reused,
//!   it may be necessary to execute an HFENCE.GVMA instruction before or after writing hgatp".
//!   At the first switch: a VMID of its own, or a fence.
//! - 5-4 WFI: "When VTW=1 ..., an attempt in VS-mode to execute WFI raises a
//!   virtual-instruction exception" (scause 22) to HS-mode; the hypervisor completes it and
//!   resumes the guest after it, at sepc + 4.

use std::collections::HashMap;

use super::probe::{self, at, csr};
use super::{Boot, Check, Checks};
use crate::debug::command::{Until, XretKind};
use crate::debug::record::{Kind, Record};
use crate::debug::session::Debugger;
use crate::hart::{Exception, Interrupt, Mode};
use crate::isa::{decode, disasm};
use defs::csr::{
    HENVCFG, HGATP, HSTATUS, SEPC, VSATP, VSCAUSE, VSEPC, VSIE, VSSCRATCH, VSSTATUS, VSTIMECMP, VSTVAL, VSTVEC,
};
use defs::envcfg::Envcfg;
use defs::hstatus::Hstatus;
use defs::satp;

/// The check lines, in order.
const IDS: [&str; 5] = ["5-1", "5-2", "5-3", "5-2", "5-4"];
/// Lab 5 reaches the first guest WFI near step 97 million: its runs may go this far.
pub const STEP_LIMIT: u64 = 150_000_000;
/// `wfi`.
const WFI: u32 = 0x1050_0073;
/// HFENCE.GVMA rs1, rs2: funct7 0110001, funct3 000, rd 0, SYSTEM.
const HFENCE_GVMA: (u32, u32) = (0xfe00_7fff, 0x6200_0073);

pub(super) fn grade(boot: &Boot) -> Result<Vec<Check>, String> {
    let mut d = boot.session(None)?;
    d.set_step_limit(Some(STEP_LIMIT));
    Ok(Checks::run(&IDS, |c| steps(boot, &mut d, c)))
}

/// Each check in turn; `None` as soon as one fails.
fn steps(boot: &Boot, d: &mut Debugger, c: &mut Checks) -> Option<()> {
    let mut guests = Guests::default();
    let first = c.found("5-1", guests.next_switch(d, "the first switch to another guest"))?;
    c.push("5-1", time_slice(d, &guests, &first)).then_some(())?;
    c.push("5-2", fresh_vs_csrs(&guests, &first)).then_some(())?;
    c.push("5-3", own_vmid(boot, &guests, &first)).then_some(())?;
    let back = c.found("5-2", guests.next_switch(d, "the switch back to the first guest"))?;
    c.push("5-2", restored_vs_csrs(&guests, &back)).then_some(())?;
    c.push("5-4", wfi(d, &mut guests));
    Some(())
}

/// The VS CSRs a guest can see (as its own supervisor CSRs), by name.
#[derive(Clone, PartialEq, Eq, Debug)]
struct VsCsrs(Vec<(&'static str, u64)>);

impl VsCsrs {
    fn now(d: &Debugger) -> VsCsrs {
        let mut v = vec![
            ("vsatp", csr(d, VSATP)),
            ("vstvec", csr(d, VSTVEC)),
            ("vsscratch", csr(d, VSSCRATCH)),
            ("vsepc", csr(d, VSEPC)),
            ("vscause", csr(d, VSCAUSE)),
            ("vstval", csr(d, VSTVAL)),
            ("vsstatus", csr(d, VSSTATUS)),
            ("vsie", csr(d, VSIE)),
        ];
        // With Sstc (henvcfg.STCE=1) vstimecmp is the guest's own timer too.
        if Envcfg::from_bits_retain(csr(d, HENVCFG)).contains(Envcfg::STCE) {
            v.push(("vstimecmp", csr(d, VSTIMECMP)));
        }
        VsCsrs(v)
    }
    fn get(&self, name: &str) -> Option<u64> {
        self.0.iter().find(|(n, _)| *n == name).map(|&(_, v)| v)
    }
    /// `vsatp=0x0, vstvec=0x0`: the values of `names`.
    fn show(&self, names: &[&str]) -> String {
        names.iter().filter_map(|&n| self.get(n).map(|v| format!("{n}={v:#x}"))).collect::<Vec<_>>().join(", ")
    }
}

/// A switch: the guest exit just before it and the sret that entered the other guest.
struct Switch {
    /// The exit that ended the leaving guest's run, and the step right after it.
    exit: Record,
    exit_end: u64,
    /// hgatp and the VS CSRs at that exit (the leaving guest's).
    left_hgatp: u64,
    left: VsCsrs,
    /// hgatp and the VS CSRs at the sret into the arriving guest, and the sret's step.
    entered_hgatp: u64,
    entered: VsCsrs,
    entry: u64,
    /// Host timer exits of the leaving guest after which the hypervisor resumed it.
    ticks_resumed: u32,
}

/// The guests the grader has seen, by G-stage root, and each one's VS CSRs at its last exit.
#[derive(Default)]
struct Guests {
    roots: Vec<u64>,
    last_exit: HashMap<u64, VsCsrs>,
}

impl Guests {
    /// `guest 0`: guests are numbered in the order they first ran.
    fn name(&self, hgatp: u64) -> String {
        match self.roots.iter().position(|&r| r == satp::ppn(hgatp)) {
            Some(i) => format!("guest {i}"),
            None => format!("the guest with G-stage root {:#x}", satp::ppn(hgatp) << 12),
        }
    }
    fn seen(&mut self, hgatp: u64) {
        if !self.roots.contains(&satp::ppn(hgatp)) {
            self.roots.push(satp::ppn(hgatp));
        }
    }

    /// Follow exits and entries until an sret enters another guest than the one that exited.
    fn next_switch(&mut self, d: &mut Debugger, what: &str) -> Result<Switch, String> {
        let mut ticks_resumed = 0;
        loop {
            let exit = next_exit(d, what)?;
            let (left_hgatp, left, exit_end) = (csr(d, HGATP), VsCsrs::now(d), d.position());
            self.seen(left_hgatp);
            self.last_exit.insert(satp::ppn(left_hgatp), left.clone());
            next_entry(d, what)?;
            let entered_hgatp = csr(d, HGATP);
            if satp::ppn(entered_hgatp) != satp::ppn(left_hgatp) {
                self.seen(entered_hgatp);
                let (entered, entry) = (VsCsrs::now(d), d.position());
                return Ok(Switch { exit, exit_end, left_hgatp, left, entered_hgatp, entered, entry, ticks_resumed });
            }
            if matches!(exit.kind, Kind::Interrupt { cause: Interrupt::SupervisorTimer }) {
                ticks_resumed += 1;
            }
        }
    }
}

/// Run to the next trap from a guest (V=1) to HS-mode, and return its record.
fn next_exit(d: &mut Debugger, what: &str) -> Result<Record, String> {
    loop {
        let records = probe::until(d, &Until::Trap(None), what)?;
        match records.last() {
            Some(r) if r.from.virt() && r.to == Mode::HS => return Ok(r.clone()),
            Some(_) => continue,
            None => return Err(format!("{what}: the session stopped without its record")),
        }
    }
}

/// Run to the hypervisor's next sret into a guest (in HS-mode with hstatus.SPV=1) and stop
/// before it.
fn next_entry(d: &mut Debugger, what: &str) -> Result<(), String> {
    loop {
        probe::until(d, &Until::Xret(XretKind::Sret), what)?;
        if d.machine().hart.mode() == Mode::HS && Hstatus::from_bits_retain(csr(d, HSTATUS)).contains(Hstatus::SPV) {
            return Ok(());
        }
        probe::step(d)?;
    }
}

/// What a guest exit was: `the host timer interrupt (irq 5) in VU-mode at 0x400001b4`.
fn exit_text(d: &Debugger, r: &Record) -> String {
    let place = format!("in {}-mode at {}", r.from, at(d, r.pc));
    match (&r.kind, r.raw) {
        (Kind::Interrupt { cause: Interrupt::SupervisorTimer }, _) => format!("the host timer interrupt (irq 5) {place}"),
        (Kind::Interrupt { cause }, _) => format!("interrupt {} {place}", cause.code()),
        (Kind::Exception { cause, .. }, Some(raw)) => {
            format!("{} (scause {}) at {} in {}-mode", disasm(&decode(raw), r.pc), cause.code(), at(d, r.pc), r.from)
        }
        (Kind::Exception { cause, .. }, None) => format!("exception {} {place}", cause.code()),
        _ => place,
    }
}

/// 5-1: the first switch came from a host timer exit.
fn time_slice(d: &Debugger, g: &Guests, s: &Switch) -> Result<String, String> {
    let (from, to) = (g.name(s.left_hgatp), g.name(s.entered_hgatp));
    let exit = exit_text(d, &s.exit);
    if !matches!(s.exit.kind, Kind::Interrupt { cause: Interrupt::SupervisorTimer }) {
        return Err(format!(
            "{to} first ran only after {from}'s exit for {exit} (step {}): the host timer exited {from} {} times before that and each time the hypervisor resumed {from}: its time slice never ended (on the host tick, when the slice is over and another guest can run, schedule that guest)",
            s.exit.position, s.ticks_resumed
        ));
    }
    Ok(format!(
        "{exit} exited {from} to HS-mode (step {}): its time slice was over, and the hypervisor's next sret entered {to} (hgatp.PPN {:#x} -> {:#x})",
        s.exit.position,
        satp::ppn(s.left_hgatp),
        satp::ppn(s.entered_hgatp)
    ))
}

/// The VS CSRs a switch must change, in the order a message names them.
const SWITCHED: [&str; 6] = ["vsatp", "vstvec", "vsscratch", "vsepc", "vscause", "vstval"];

/// 5-2 at the first entry into guest 1: none of guest 0's VS CSRs (it never ran: its own are
/// the reset values).
fn fresh_vs_csrs(g: &Guests, s: &Switch) -> Result<String, String> {
    let (from, to) = (g.name(s.left_hgatp), g.name(s.entered_hgatp));
    let leaked: Vec<&str> = SWITCHED
        .into_iter()
        .filter(|&n| matches!((s.left.get(n), s.entered.get(n)), (Some(l), Some(e)) if l != 0 && l == e))
        .collect();
    if !leaked.is_empty() {
        return Err(format!(
            "at the first sret into {to}, {} still held {from}'s value{} ({}): when V=1 the VS CSRs substitute for the supervisor CSRs, so {to} runs with {from}'s{} (save the leaving guest's VS CSRs and load the arriving guest's, all of them: for a guest that never ran, their reset values)",
            leaked.join(", "),
            if leaked.len() > 1 { "s" } else { "" },
            s.entered.show(&leaked),
            if leaked.contains(&"vsatp") { " page-table root: its first fetch is translated by a page table that is not in its memory" } else { " trap state" }
        ));
    }
    Ok(format!(
        "at the first sret into {to} its VS CSRs were its own ({}), none of {from}'s ({})",
        s.entered.show(&SWITCHED[..3]),
        s.left.show(&SWITCHED[..3])
    ))
}

/// 5-3 at the first switch: each guest its own VMID in hgatp, or an HFENCE.GVMA between the
/// exit and the sret (found by running the same boot again to there: it is deterministic).
fn own_vmid(boot: &Boot, g: &Guests, s: &Switch) -> Result<String, String> {
    let (from, to) = (g.name(s.left_hgatp), g.name(s.entered_hgatp));
    let vmid = |hgatp: u64| (hgatp >> satp::ASID_SHIFT) & satp::VMID_MASK;
    let (left, entered) = (vmid(s.left_hgatp), vmid(s.entered_hgatp));
    let hgatps = format!("hgatp {:#x} -> {:#x}", s.left_hgatp, s.entered_hgatp);
    if left != entered {
        return Ok(format!(
            "{from} and {to} have G-stage roots and VMIDs of their own ({hgatps}: VMID {left} -> {entered}): the hart's cached G-stage translations are tagged with the VMID, so the switch needs no HFENCE.GVMA"
        ));
    }
    match fence_between(boot, s.exit_end, s.entry)? {
        Some(pc) => Ok(format!(
            "{from} and {to} share VMID {left} ({hgatps}), and the hypervisor flushed the G-stage translations with HFENCE.GVMA at {pc:#x} before entering {to}"
        )),
        None => Err(format!(
            "{from} and {to} share VMID {left} ({hgatps}) and no HFENCE.GVMA ran between {from}'s exit and the sret into {to}: the hart may still hold {from}'s G-stage translations tagged VMID {left}, and {to} would use them (\"if a VMID is reused, it may be necessary to execute an HFENCE.GVMA\": give each guest a VMID of its own, or fence at every switch)"
        )),
    }
}

/// The pc of an HFENCE.GVMA executed in steps `from..to` of a fresh boot, if any.
fn fence_between(boot: &Boot, from: u64, to: u64) -> Result<Option<u64>, String> {
    let mut d = boot.session(None)?;
    d.set_step_limit(Some(STEP_LIMIT));
    probe::until(&mut d, &Until::Step(from), "the replay of the switch")?;
    let (mask, bits) = HFENCE_GVMA;
    // One step at a time (a WFI that waits does not move the position: at most `to - from`
    // of those too).
    for _ in 0..2 * (to - from) {
        if d.position() >= to {
            break;
        }
        let r = probe::step(&mut d)?;
        if r.raw.is_some_and(|raw| raw & mask == bits) {
            return Ok(Some(r.pc));
        }
    }
    Ok(None)
}

/// 5-2 at the switch back into guest 0: every VS CSR as it left them.
fn restored_vs_csrs(g: &Guests, s: &Switch) -> Result<String, String> {
    let to = g.name(s.entered_hgatp);
    let Some(own) = g.last_exit.get(&satp::ppn(s.entered_hgatp)) else {
        return Err(format!("{to} had never run before the second switch: the grader expected the first guest back"));
    };
    let changed: Vec<String> = own
        .0
        .iter()
        .filter_map(|&(n, v)| match s.entered.get(n) {
            Some(now) if now != v => Some(format!("{n}={now:#x} (it left {v:#x})")),
            _ => None,
        })
        .collect();
    if !changed.is_empty() {
        return Err(format!(
            "at the sret back into {to}, its VS CSRs were not the ones it left at its last exit: {}: when V=1 the VS CSRs substitute for the supervisor CSRs, so {to} finds its own sstatus, stvec, satp... changed under it (restore each one on a switch)",
            changed.join(", ")
        ));
    }
    Ok(format!(
        "at the sret back into {to} (from {}) its VS CSRs were the ones it left at its last exit ({}, and {} more)",
        g.name(s.left_hgatp),
        s.entered.show(&SWITCHED[..3]),
        own.0.len() - 3
    ))
}

/// 5-4: the first WFI of a guest kernel traps to HS-mode (hstatus.VTW=1) as a virtual
/// instruction; the hypervisor resumes that guest after it.
fn wfi(d: &mut Debugger, g: &mut Guests) -> Result<String, String> {
    let what = "a guest's WFI in VS-mode, trapping to HS-mode as a virtual-instruction exception (scause 22)";
    let (r, hgatp) = loop {
        let r = next_exit(d, what).map_err(|e| {
            let vtw = Hstatus::from_bits_retain(csr(d, HSTATUS)).contains(Hstatus::VTW) as u8;
            format!("{e} (hstatus.VTW={vtw}: with VTW=0 a guest's WFI waits on the hart itself, and the hypervisor never gets it to run another guest)")
        })?;
        let hgatp = csr(d, HGATP);
        g.seen(hgatp);
        if matches!(r.kind, Kind::Exception { cause: Exception::VirtualInstruction, .. }) && r.raw == Some(WFI) {
            break (r, hgatp);
        }
        next_entry(d, what)?;
    };
    let who = g.name(hgatp);
    let trapped = format!(
        "{who}'s wfi at {} in VS-mode (hstatus.VTW=1) trapped to HS-mode at stvec={} with scause=22 (virtual instruction)",
        at(d, r.pc),
        at(d, r.pc_after)
    );
    let after = r.pc + 4;
    let mut others = Vec::new();
    loop {
        next_entry(d, &format!("the sret back into {who} after its WFI"))?;
        let now = csr(d, HGATP);
        if satp::ppn(now) == satp::ppn(hgatp) {
            break;
        }
        let other = g.name(now);
        if !others.contains(&other) {
            others.push(other);
        }
        probe::step(d)?;
    }
    let sepc = csr(d, SEPC);
    let meanwhile = if others.is_empty() { String::new() } else { format!("; {} ran meanwhile", others.join(", ")) };
    if sepc == r.pc {
        return Err(format!(
            "{trapped}{meanwhile}, and the hypervisor resumed {who} at the wfi again (sepc={sepc:#x}, not {after:#x}): the WFI traps again at once, and {who} never gets past it (the hypervisor completed the WFI: resume after it, sepc + 4)"
        ));
    }
    if sepc != after {
        return Err(format!("{trapped}{meanwhile}, and the hypervisor resumed {who} at sepc={sepc:#x}, not after the wfi at {after:#x}"));
    }
    Ok(format!("{trapped}{meanwhile}, and the hypervisor resumed {who} after it, at sepc={}", at(d, sepc)))
}
