//! `translate VA`: the page-table walk the hart would make for an access,
//! shown step by step, without doing it.
//!
//! The rules are those of `crate::mmu` (walk.rs, gstage.rs, pte.rs,
//! pmp.rs), whose pure parts (the permission masks, PMP matching, the PMA)
//! are reused; what changes state (A/D updates, TLB fills, the fetch-page
//! cache) is only described. A/D follow Svade unless menvcfg.ADUE (and for
//! the VS-stage henvcfg.ADUE) enables Svadu, in which case the walk says
//! which PTE the hart would update. Before walking, the hart looks in its
//! TLB (and for fetches its remembered fetch pages); when they hold a
//! translation the hart uses it, stale or not, and so does the result here.
//!
//! With V=1 the VS-stage (vsatp) walk reads each PTE at a guest physical
//! address, itself translated by the G-stage (hgatp) as an implicit load;
//! a fault there is a guest-page fault of the original access with
//! htval = the PTE's GPA >> 2 and htinst = 0x3000.
//!
//! Memory is read only where a read has no side effect (RAM, the boot
//! ROM): a PTE in a device window is reported, not read.
//!
//! ```
//! use hemu::bus::Bus;
//! use hemu::debug::translate::{translate, Access};
//! use hemu::Hart;
//! let h = Hart::new(Bus::new(1 << 20), 0x8000_0000);
//! // M-mode: no translation, PMP allows M everything by default.
//! let w = translate(&h, 0x8000_0010, Access::Load, None);
//! assert_eq!(w.pa(), Some(0x8000_0010));
//! assert!(w.to_string().contains("no translation"));
//! ```

use std::fmt::{self, Write as _};

use crate::bus::{BootRom, Bus};
use crate::hart::csr::bits::{ENVCFG_ADUE, MPRV};
use crate::hart::{Exception, Hart, Mode, Privilege, Trap};
use crate::mmu::gstage::GFault;
use crate::mmu::pte::{self, Kind, FIRST_STAGE_MASKS, G_STAGE_MASKS};
use crate::mmu::walk::{TINST_PTE_READ, TINST_PTE_WRITE};
use crate::mmu::{pma, pmp};

/// The kind of access translated (the hart's own: fetch, load, store/AMO).
pub use crate::mmu::Access;

/// Why physical memory could not be read without side effects.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum PeekError {
    /// Nothing is there: the hart's access would be an access fault.
    Nothing,
    /// A device register window: a read could change the device.
    Device(&'static str),
}

/// Read `size` (1, 2, 4, 8) bytes of physical memory where that has no
/// side effect: RAM and the boot ROM (which reads 0 past its contents).
pub fn peek_physical(bus: &Bus, pa: u64, size: u8) -> Result<u64, PeekError> {
    if let Some(v) = bus.ram.read(pa, size) {
        return Ok(v);
    }
    let rom = BootRom::REGION;
    if let Some(off) = rom.offset_of(pa, size) {
        let bytes = bus.rom.bytes();
        let v = (0..size as u64).fold(0, |v, i| {
            v | (bytes.get((off + i) as usize).copied().unwrap_or(0) as u64) << (8 * i)
        });
        return Ok(v);
    }
    match bus.regions().find(|r| r.offset_of(pa, size).is_some()) {
        Some(r) => Err(PeekError::Device(r.name)),
        None => Err(PeekError::Nothing),
    }
}

/// Which translation a stage is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum StageKind {
    /// satp, with V=0.
    Single,
    /// vsatp, with V=1 (its output is a guest physical address).
    Vs,
    /// hgatp, with V=1.
    G,
}

/// One PTE the walk read (or tried to).
#[derive(Clone, Debug)]
pub struct PteRead {
    pub level: u32,
    /// Where the PTE is: physical, or guest physical in a VS-stage walk.
    pub addr: u64,
    /// VS-stage: the G-stage walk of `addr` (an implicit load).
    pub g_walk: Option<Box<Stage>>,
    /// The value read; None when it could not be read.
    pub value: Option<u64>,
    /// What the walk made of it (next table, leaf, or why it faults).
    pub verdict: String,
    /// VS-stage with Svadu: the G-stage walk of the A/D update (a store).
    pub g_write: Option<Box<Stage>>,
}

/// One stage of a translation.
#[derive(Clone, Debug)]
pub struct Stage {
    pub kind: StageKind,
    /// The satp/vsatp/hgatp value used.
    pub atp: u64,
    /// Bare, Sv39, Sv48, Sv57 (x4 for the G-stage).
    pub scheme: String,
    /// The address translated (VA, GVA, or GPA for the G-stage).
    pub input: u64,
    pub ptes: Vec<PteRead>,
    /// The stage's output address, when it got one.
    pub output: Option<u64>,
    pub notes: Vec<String>,
}

/// How a translation ends.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Outcome {
    /// The physical address the access would use.
    Pa(u64),
    /// The exception the hart would raise.
    Fault(Trap),
    /// The walk needs a PTE in a device window, which is not read.
    Unknown,
}

/// A translation, step by step (see the module doc); `Display` prints it.
#[derive(Clone, Debug)]
pub struct Walk {
    pub va: u64,
    pub access: Access,
    /// The mode the access is made in (after MPRV).
    pub mode: Mode,
    pub stages: Vec<Stage>,
    pub notes: Vec<String>,
    pub outcome: Outcome,
}

impl Walk {
    /// The physical address, if the access translates.
    pub fn pa(&self) -> Option<u64> {
        match self.outcome {
            Outcome::Pa(pa) => Some(pa),
            _ => None,
        }
    }
    /// The fault the hart would raise, if any.
    pub fn fault(&self) -> Option<Trap> {
        match self.outcome {
            Outcome::Fault(t) => Some(t),
            _ => None,
        }
    }

    /// Why the access does not translate, in one line (the fault and the
    /// PTE or check that decided it); None when it translates.
    pub fn why_not(&self) -> Option<String> {
        let what = match self.outcome {
            Outcome::Pa(_) => return None,
            Outcome::Unknown => "cannot tell".to_string(),
            Outcome::Fault(t) => format!(
                "{} (cause {}, tval={:#x})",
                t.cause.name(),
                t.cause.code(),
                t.tval
            ),
        };
        let mut reason = self
            .notes
            .iter()
            .rev()
            .find(|n| n.contains("denied") || n.contains("PMA"))
            .cloned();
        if reason.is_none() {
            reason = self.stages.last().and_then(last_reason);
        }
        Some(match reason {
            Some(r) => format!("{what}: {r}"),
            None => what,
        })
    }
}

/// The last thing a stage said: its deciding PTE (or nested G-stage) or note.
fn last_reason(st: &Stage) -> Option<String> {
    if st.output.is_some() {
        return None;
    }
    if let Some(p) = st.ptes.last() {
        let nested = p
            .g_write
            .as_deref()
            .or(p.g_walk.as_deref())
            .and_then(last_reason);
        return Some(match nested {
            Some(n) => format!(
                "G-stage of the level {} PTE at GPA {:#x}: {n}",
                p.level, p.addr
            ),
            None => format!("level {} PTE at {:#x}: {}", p.level, p.addr, p.verdict),
        });
    }
    st.notes.last().cloned()
}

/// Translate `va` for `access` as the hart would now, in `mode` or (None)
/// in the access's effective mode (mstatus.MPRV applied to loads and
/// stores). Changes nothing.
pub fn translate(h: &Hart, va: u64, access: Access, mode: Option<Mode>) -> Walk {
    let mut notes = Vec::new();
    let (prv, virt) = match mode {
        Some(m) => (m.privilege(), m.virt()),
        None => {
            let (p, v) = h.effective_mode(access);
            if access != Access::Fetch && h.csr.mstatus & MPRV != 0 && h.mode() == Mode::M {
                notes.push(format!(
                    "mstatus.MPRV=1: the access is made as {} (MPP, MPV)",
                    Mode::new(p, v)
                ));
            }
            (p, v)
        }
    };
    let kind = kind_of(access);
    let mut w = Walk {
        va,
        access,
        mode: Mode::new(prv, virt),
        stages: Vec::new(),
        notes,
        outcome: Outcome::Unknown,
    };
    if access == Access::Fetch && va & 1 != 0 {
        w.outcome = Outcome::Fault(Trap::new(Exception::InstructionAddressMisaligned, va));
        return w;
    }
    let len = if access == Access::Fetch { 2 } else { 1 };
    if prv == Privilege::Machine {
        w.notes.push("effective privilege M: no translation".into());
        w.outcome = physical_check(h, va, len, kind, true, va, &mut w.notes);
        return w;
    }
    let walker = Walker {
        h,
        va,
        kind,
        state: h.mmu_context_in(prv, virt).state(kind),
    };
    let walked = walker.walk(virt, len, &mut w);
    w.outcome = cached(
        h,
        va,
        len,
        kind,
        prv,
        virt,
        mode.is_none(),
        walked,
        &mut w.notes,
    );
    w
}

/// The load translation of `va` in the current (effective) mode, or None
/// when it faults (or needs a device read to tell).
pub fn physical(h: &Hart, va: u64) -> Option<u64> {
    translate(h, va, Access::Load, None).pa()
}

fn kind_of(a: Access) -> Kind {
    match a {
        Access::Fetch => Kind::Fetch,
        Access::Load => Kind::Load,
        Access::Store => Kind::Store,
    }
}

/// What the hart's caches would answer instead of the walk: a TLB entry
/// (and for a fetch in the current mode, a remembered fetch page).
#[allow(clippy::too_many_arguments)]
fn cached(
    h: &Hart,
    va: u64,
    len: u64,
    kind: Kind,
    prv: Privilege,
    virt: bool,
    current: bool,
    walked: Outcome,
    notes: &mut Vec<String>,
) -> Outcome {
    let mut hit = None;
    if kind == Kind::Fetch && current && Mode::new(prv, virt) == h.mode() && va & 0xfff <= 0xffc {
        hit = h
            .fetch_page(va)
            .map(|pbase| (Outcome::Pa(pbase | (va & 0xfff)), "remembered fetch page"));
    }
    if hit.is_none() {
        let regime = h.mmu_context_in(prv, virt);
        let (ctx, state) = (regime.tlb_context(), regime.state(kind));
        hit = h.mmu.tlb.lookup(va, ctx, state).map(|e| {
            let pa = e.pbase | (va & 0xfff);
            let out = if e.pmp_each {
                physical_check(h, pa, len, kind, false, va, &mut Vec::new())
            } else {
                Outcome::Pa(pa)
            };
            (out, "TLB entry")
        });
    }
    match hit {
        None => walked,
        Some((out, _)) if out == walked => {
            notes.push("the TLB already holds this translation".into());
            walked
        }
        Some((out, what)) => {
            notes.push(format!(
                "stale {what}: the hart uses it, not the page tables, until SFENCE.VMA/HFENCE (result below is the hart's)"
            ));
            out
        }
    }
}

/// PMP (and for fetches the PMA) on the final physical access; a note
/// says which entry decided.
fn physical_check(
    h: &Hart,
    pa: u64,
    len: u64,
    kind: Kind,
    machine: bool,
    va: u64,
    notes: &mut Vec<String>,
) -> Outcome {
    if kind == Kind::Fetch && !pma::executable(&h.bus, pa, len) {
        notes.push(format!(
            "PMA: {pa:#x} is not executable memory (only RAM and the boot ROM are)"
        ));
        return Outcome::Fault(Trap::new(kind.access().access_fault(), va));
    }
    let need = kind.pmp_need();
    let ok = pmp::check(h.csr.pmp(), pa, len, need, machine);
    notes.push(format!(
        "PMP: {}",
        pmp_reason(h, pa, len, need, machine, ok)
    ));
    if !ok {
        return Outcome::Fault(Trap::new(kind.access().access_fault(), va));
    }
    if let Err(e) = peek_physical(&h.bus, pa, 1) {
        match e {
            PeekError::Nothing => notes.push(format!(
                "nothing on the bus at {pa:#x}: the access itself would raise a {}",
                kind.access().access_fault().name()
            )),
            PeekError::Device(d) => notes.push(format!("{pa:#x} is in the {d} window")),
        }
    }
    Outcome::Pa(pa)
}

/// Which PMP entry decided an access, in words.
fn pmp_reason(h: &Hart, pa: u64, len: u64, need: u8, machine: bool, ok: bool) -> String {
    let verdict = if ok { "allowed" } else { "denied" };
    let end = pa.saturating_add(len);
    for i in 0..pmp::ENTRIES {
        let Some((lo, hi)) = pmp::range(h.csr.pmp(), i) else {
            continue;
        };
        if end <= lo || pa >= hi {
            continue;
        }
        let cfg = h.csr.pmpcfg[i];
        let rwx: String = [(pmp::CFG_R, 'R'), (pmp::CFG_W, 'W'), (pmp::CFG_X, 'X')]
            .iter()
            .map(|&(b, c)| if cfg & b != 0 { c } else { '-' })
            .collect();
        let locked = if cfg & pmp::CFG_L != 0 { " locked" } else { "" };
        let why = if pa < lo || end > hi {
            "matches only part of the access".to_string()
        } else if machine && cfg & pmp::CFG_L == 0 {
            "unlocked: M-mode is not checked".to_string()
        } else {
            format!("needs {}", ["", "R", "W", "", "X"][need as usize])
        };
        return format!("{verdict} by entry {i} [{lo:#x}, {hi:#x}) {rwx}{locked} ({why})");
    }
    let none = if machine {
        "no entry matches: M-mode is allowed"
    } else {
        "no entry matches: S/U-mode is denied"
    };
    format!("{verdict} ({none})")
}

/// The number of levels and the scheme name of an atp MODE (0 = Bare or
/// a MODE the hart treats as Bare).
fn scheme(atp: u64, g: bool) -> (u32, String) {
    let x4 = if g { "x4" } else { "" };
    match atp >> 60 {
        8 => (3, format!("Sv39{x4}")),
        9 => (4, format!("Sv48{x4}")),
        10 => (5, format!("Sv57{x4}")),
        0 => (0, "Bare".into()),
        m => (0, format!("MODE={m} (not supported: treated as Bare)")),
    }
}

/// The page size mapped by a leaf at `level`, in words.
fn page_size(level: u32) -> &'static str {
    ["4 KiB", "2 MiB", "1 GiB", "512 GiB", "256 TiB"][level.min(4) as usize]
}

struct Walker<'a> {
    h: &'a Hart,
    va: u64,
    kind: Kind,
    /// The permission state of the access (see `mmu::pte`).
    state: u64,
}

/// A G-stage result: the stage shown and its output or failure.
type GResult = (Stage, Result<u64, GFault>);

impl Walker<'_> {
    fn page_fault(&self) -> Outcome {
        Outcome::Fault(Trap::new(self.kind.access().page_fault(), self.va))
    }
    fn access_fault(&self) -> Outcome {
        Outcome::Fault(Trap::new(self.kind.access().access_fault(), self.va))
    }

    /// Both stages (or the single one) and the final PMP/PMA check.
    fn walk(&self, virt: bool, len: u64, w: &mut Walk) -> Outcome {
        let (stage, first) = self.first_stage(virt);
        w.stages.push(stage);
        let addr = match first {
            Ok(a) => a,
            Err(o) => return o,
        };
        let pa = if virt {
            let (g, r) = self.g_stage(addr, self.state);
            w.stages.push(g);
            match r {
                Ok(pa) => pa,
                Err(f) => return Outcome::Fault(Trap::from(f.fault(self.kind, self.va, addr, 0))),
            }
        } else {
            addr
        };
        physical_check(self.h, pa, len, self.kind, false, self.va, &mut w.notes)
    }

    /// satp (V=0) or vsatp (V=1), as `Hart::first_stage`.
    fn first_stage(&self, virt: bool) -> (Stage, Result<u64, Outcome>) {
        let h = self.h;
        let atp = if virt { h.csr.vsatp } else { h.csr.satp };
        let (levels, name) = scheme(atp, false);
        let kind = if virt {
            StageKind::Vs
        } else {
            StageKind::Single
        };
        let mut st = Stage {
            kind,
            atp,
            scheme: name,
            input: self.va,
            ptes: Vec::new(),
            output: None,
            notes: Vec::new(),
        };
        if levels == 0 {
            st.output = Some(self.va);
            return (st, Ok(self.va));
        }
        if levels == 5 {
            st.notes.push("hemu's hart does not implement Sv57 (satp writes never select it); this is the spec's walk".into());
        }
        let va_bits = 12 + 9 * levels;
        let unused = 64 - va_bits;
        if (((self.va << unused) as i64) >> unused) as u64 != self.va {
            st.notes.push(format!(
                "bits 63..{va_bits} of the address must equal bit {}",
                va_bits - 1
            ));
            return (st, Err(self.page_fault()));
        }
        let adue = if virt {
            h.csr.menvcfg & h.csr.henvcfg & ENVCFG_ADUE != 0
        } else {
            h.csr.menvcfg & ENVCFG_ADUE != 0
        };
        let mut table = (atp & pte::PPN_MASK) << 12;
        let mut level = levels - 1;
        loop {
            let pte_addr = table + ((self.va >> (12 + 9 * level)) & 0x1ff) * 8;
            let mut read = PteRead {
                level,
                addr: pte_addr,
                g_walk: None,
                value: None,
                verdict: String::new(),
                g_write: None,
            };
            let pte_pa = if virt {
                // An implicit load: no MXR.
                let (g, r) = self.g_stage(pte_addr, Kind::Load as u64);
                read.g_walk = Some(Box::new(g));
                match r {
                    Ok(pa) => pa,
                    Err(f) => {
                        read.verdict =
                            "its G-stage translation fails (htinst 0x3000: implicit PTE read)"
                                .into();
                        st.ptes.push(read);
                        return (
                            st,
                            Err(Outcome::Fault(Trap::from(f.fault(
                                self.kind,
                                self.va,
                                pte_addr,
                                TINST_PTE_READ,
                            )))),
                        );
                    }
                }
            } else {
                pte_addr
            };
            let pte = match read_pte(h, pte_pa) {
                Ok(v) => v,
                Err(why) => {
                    let unknown = why.contains("window");
                    read.verdict = why;
                    st.ptes.push(read);
                    return (
                        st,
                        Err(if unknown {
                            Outcome::Unknown
                        } else {
                            self.access_fault()
                        }),
                    );
                }
            };
            read.value = Some(pte);
            let mut read = match follow(&mut st, read, pte, level, self.h.mmu_context_in(Privilege::Supervisor, virt).pte_rules(), "page fault") {
                Follow::Descend(next) => {
                    (table, level) = (next, level - 1);
                    continue;
                }
                Follow::Stop => return (st, Err(self.page_fault())),
                Follow::Leaf(read) => read,
            };
            if FIRST_STAGE_MASKS[pte::perm_index(pte | pte::D)] >> self.state & 1 == 0 {
                read.verdict = format!("leaf: {}: page fault", self.denied_first(pte, virt));
                st.ptes.push(read);
                return (st, Err(self.page_fault()));
            }
            let need = pte::A | if self.kind == Kind::Store { pte::D } else { 0 };
            let out = leaf_address(pte, level, self.va);
            read.verdict = format!("leaf, {} page", if pte & pte::N != 0 { "64 KiB NAPOT" } else { page_size(level) });
            if pte & need != need {
                let bits = if pte & pte::A == 0 && need & pte::D != 0 && pte & pte::D == 0 {
                    "A and D"
                } else if pte & pte::A == 0 {
                    "A"
                } else {
                    "D"
                };
                if !adue {
                    read.verdict
                        .push_str(&format!(": {bits}=0 and Svadu is off (Svade): page fault"));
                    st.ptes.push(read);
                    return (st, Err(self.page_fault()));
                }
                // Svadu: the hart would write the PTE (through the G-stage
                // as a store when V=1, checked by PMP as an S-mode write).
                let write_pa = if virt {
                    let (g, r) = self.g_stage(pte_addr, Kind::Store as u64);
                    read.g_write = Some(Box::new(g));
                    match r {
                        Ok(pa) => pa,
                        Err(f) => {
                            read.verdict
                                .push_str(": the G-stage refuses the A/D update (htinst 0x3020)");
                            st.ptes.push(read);
                            return (
                                st,
                                Err(Outcome::Fault(Trap::from(f.fault(
                                    self.kind,
                                    self.va,
                                    pte_addr,
                                    TINST_PTE_WRITE,
                                )))),
                            );
                        }
                    }
                } else {
                    pte_addr
                };
                if !writable(h, write_pa) {
                    read.verdict
                        .push_str(": PMP or the bus refuses the A/D update: access fault");
                    st.ptes.push(read);
                    return (st, Err(self.access_fault()));
                }
                read.verdict
                    .push_str(&format!("; the hart would set {bits} here (Svadu)"));
            }
            st.ptes.push(read);
            st.output = Some(out);
            return (st, Ok(out));
        }
    }

    /// hgatp, as `Hart::g_stage`; `state` carries the kind and MXR.
    fn g_stage(&self, gpa: u64, state: u64) -> GResult {
        let h = self.h;
        let hgatp = h.csr.hgatp;
        let (levels, name) = scheme(hgatp, true);
        let mut st = Stage {
            kind: StageKind::G,
            atp: hgatp,
            scheme: name,
            input: gpa,
            ptes: Vec::new(),
            output: None,
            notes: Vec::new(),
        };
        if levels == 0 {
            st.output = Some(gpa);
            return (st, Ok(gpa));
        }
        if levels == 5 {
            st.notes.push("hemu's hart does not implement Sv57x4 (hgatp writes never select it); this is the spec's walk".into());
        }
        let gpa_bits = 12 + 9 * levels + 2;
        if gpa >> gpa_bits != 0 {
            st.notes.push(format!(
                "the GPA has bits set above bit {} ({} takes {gpa_bits}-bit addresses)",
                gpa_bits - 1,
                st.scheme
            ));
            return (st, Err(GFault::Page));
        }
        let adue = h.csr.menvcfg & ENVCFG_ADUE != 0;
        let store = state & 3 == Kind::Store as u64;
        let mut table = (hgatp & pte::PPN_MASK & !3) << 12;
        let mut level = levels - 1;
        loop {
            let index_mask = if level == levels - 1 { 0x7ff } else { 0x1ff };
            let pte_pa = table + ((gpa >> (12 + 9 * level)) & index_mask) * 8;
            let mut read = PteRead {
                level,
                addr: pte_pa,
                g_walk: None,
                value: None,
                verdict: String::new(),
                g_write: None,
            };
            let pte = match read_pte(h, pte_pa) {
                Ok(v) => v,
                Err(why) => {
                    read.verdict = why;
                    st.ptes.push(read);
                    return (st, Err(GFault::Access));
                }
            };
            read.value = Some(pte);
            let mut read = match follow(&mut st, read, pte, level, h.mmu_context_in(Privilege::Supervisor, true).g_pte_rules(), "guest-page fault") {
                Follow::Descend(next) => {
                    (table, level) = (next, level - 1);
                    continue;
                }
                Follow::Stop => return (st, Err(GFault::Page)),
                Follow::Leaf(read) => read,
            };
            if G_STAGE_MASKS[pte::perm_index(pte | pte::D)] >> state & 1 == 0 {
                read.verdict = format!("leaf: {}: guest-page fault", denied_g(pte, state));
                st.ptes.push(read);
                return (st, Err(GFault::Page));
            }
            let need = pte::A | if store { pte::D } else { 0 };
            read.verdict = format!("leaf, {} page", if pte & pte::N != 0 { "64 KiB NAPOT" } else { page_size(level) });
            if pte & need != need {
                if !adue {
                    read.verdict
                        .push_str(": A or D is 0 and Svadu is off (Svade): guest-page fault");
                    st.ptes.push(read);
                    return (st, Err(GFault::Page));
                }
                if !writable(h, pte_pa) {
                    read.verdict
                        .push_str(": PMP or the bus refuses the A/D update");
                    st.ptes.push(read);
                    return (st, Err(GFault::Access));
                }
                read.verdict
                    .push_str("; the hart would set A/D here (Svadu)");
            }
            let out = leaf_address(pte, level, gpa);
            st.ptes.push(read);
            st.output = Some(out);
            return (st, Ok(out));
        }
    }

    /// Why a first-stage leaf refuses this access, in the spec's terms.
    fn denied_first(&self, pte: u64, virt: bool) -> String {
        let user = self.state & pte::COMBO_USER != 0;
        let sum = self.state & pte::COMBO_SUM != 0;
        let mxr = self.state & pte::COMBO_MXR1 != 0;
        let u = pte & pte::U != 0;
        let status = if virt { "vsstatus" } else { "sstatus" };
        if user && !u {
            return "U=0: user mode may not access a supervisor page".into();
        }
        if !user && u && self.kind == Kind::Fetch {
            return "U=1: supervisor mode never executes user pages".into();
        }
        if !user && u && !sum {
            return format!("U=1 and {status}.SUM=0: supervisor mode may not access user pages");
        }
        perm_text(pte, self.kind, mxr)
    }
}

/// Why a G-stage leaf refuses an access in `state`.
fn denied_g(pte: u64, state: u64) -> String {
    if pte & pte::U == 0 {
        return "U=0: every G-stage access is a user-level access".into();
    }
    let kind = match state & 3 {
        0 => Kind::Fetch,
        2 => Kind::Store,
        3 => Kind::LoadX,
        _ => Kind::Load,
    };
    perm_text(pte, kind, state & pte::COMBO_MXR2 != 0)
}

fn perm_text(pte: u64, kind: Kind, mxr: bool) -> String {
    match kind {
        Kind::Fetch | Kind::LoadX if pte & pte::X == 0 => "X=0: not executable".into(),
        Kind::Load if pte & pte::R == 0 && mxr => "R=0 and X=0: not readable even with MXR".into(),
        Kind::Load if pte & pte::R == 0 => "R=0 (MXR=0): not readable".into(),
        Kind::Store if pte & pte::W == 0 => "W=0: not writable".into(),
        _ => "not allowed".into(),
    }
}

/// What one PTE means to a walk at `level`: the rules both stages share
/// (priv spec, "Virtual Address Translation Process", steps 3-4 and 6),
/// the hart's own (`mmu::pte::classify`).
enum PteStep {
    /// A pointer to the next level's table.
    Next(u64),
    /// A leaf, well formed (permissions not checked yet).
    Leaf,
    /// The walk faults, for this reason.
    Fault(String),
}

fn classify(pte: u64, level: u32, rules: pte::Rules) -> PteStep {
    match pte::classify(pte, level, rules) {
        Ok(pte::Shape::Pointer(table)) => PteStep::Next(table),
        Ok(pte::Shape::Leaf { .. }) => PteStep::Leaf,
        Err(why) => PteStep::Fault(why.into()),
    }
}

/// Where a walk goes after a PTE: down to the next table, nowhere (a
/// fault, recorded), or on to the leaf's checks with its record.
enum Follow {
    Descend(u64),
    Stop,
    Leaf(PteRead),
}

/// Record in `st` what `classify` says of `pte` (read as `read`); a
/// fault's verdict ends with `fault` (page fault, guest-page fault).
fn follow(st: &mut Stage, mut read: PteRead, pte: u64, level: u32, rules: pte::Rules, fault: &str) -> Follow {
    match classify(pte, level, rules) {
        PteStep::Fault(why) => {
            read.verdict = format!("{why}: {fault}");
            st.ptes.push(read);
            Follow::Stop
        }
        PteStep::Next(table) => {
            read.verdict = format!("next table at {table:#x}");
            st.ptes.push(read);
            Follow::Descend(table)
        }
        PteStep::Leaf => Follow::Leaf(read),
    }
}

/// The address a leaf at `level` maps `addr` to (superpages keep the low
/// bits of `addr`).
fn leaf_address(pte: u64, level: u32, addr: u64) -> u64 {
    // A NAPOT leaf (N=1, which `classify` allowed) maps 64 KiB.
    let page_bits = if pte & pte::N != 0 { 16 } else { 12 + 9 * level };
    let page_mask = (1u64 << page_bits) - 1;
    ((pte::ppn(pte) << 12) & !page_mask) | (addr & page_mask)
}

/// Read a PTE as the hart's `read_pte` would (PMP as an S-mode read), or
/// say why not.
fn read_pte(h: &Hart, pa: u64) -> Result<u64, String> {
    if !pmp::check(h.csr.pmp(), pa, 8, pmp::CFG_R, false) {
        return Err(format!(
            "PMP denies the S-mode read of the PTE at {pa:#x}: access fault"
        ));
    }
    peek_physical(&h.bus, pa, 8).map_err(|e| match e {
        PeekError::Nothing => format!("nothing on the bus at {pa:#x}: access fault"),
        PeekError::Device(d) => format!(
            "the PTE at {pa:#x} is in the {d} window: not read (a read may change the device)"
        ),
    })
}

/// Whether the Svadu update of the PTE at `pa` could be written.
fn writable(h: &Hart, pa: u64) -> bool {
    pmp::check(h.csr.pmp(), pa, 8, pmp::CFG_W, false) && h.bus.ram.contains(pa, 8)
}

/// "V R W X U G A D" with '-' for the clear ones.
fn flags(pte: u64) -> String {
    let bits: Vec<String> = "VRWXUGAD"
        .chars()
        .enumerate()
        .map(|(i, c)| if pte >> i & 1 != 0 { c } else { '-' }.to_string())
        .collect();
    bits.join(" ")
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_stage(f, self, 0)
    }
}

fn write_stage(f: &mut dyn fmt::Write, st: &Stage, indent: usize) -> fmt::Result {
    let pad = " ".repeat(indent);
    let (name, atp, what, out) = match st.kind {
        StageKind::Single => ("single stage", "satp", "VA", "PA"),
        StageKind::Vs => ("VS-stage", "vsatp", "GVA", "GPA"),
        StageKind::G => ("G-stage", "hgatp", "GPA", "PA"),
    };
    write!(f, "{pad}{name}: {atp}={:#018x} {}", st.atp, st.scheme)?;
    if !st.ptes.is_empty() || st.scheme.starts_with("Sv") {
        let (id, idname) = if st.kind == StageKind::G {
            (st.atp >> 44 & 0x3fff, "VMID")
        } else {
            (st.atp >> 44 & 0xffff, "ASID")
        };
        let root_ppn = st.atp & pte::PPN_MASK & if st.kind == StageKind::G { !3 } else { !0 };
        write!(f, " {idname}={id} root={:#x}", root_ppn << 12)?;
    }
    writeln!(f, ", {what} {:#x}", st.input)?;
    for n in &st.notes {
        writeln!(f, "{pad}  note: {n}")?;
    }
    for p in &st.ptes {
        let at = if st.kind == StageKind::Vs { "GPA " } else { "" };
        writeln!(f, "{pad}  level {} PTE at {at}{:#x}", p.level, p.addr)?;
        if let Some(g) = &p.g_walk {
            write_stage(f, g, indent + 6)?;
        }
        match p.value {
            Some(v) => writeln!(
                f,
                "{pad}    = {v:#018x}  {}  ppn={:#x}  {}",
                flags(v),
                pte::ppn(v),
                p.verdict
            )?,
            None => writeln!(f, "{pad}    {}", p.verdict)?,
        }
        if let Some(g) = &p.g_write {
            writeln!(
                f,
                "{pad}    the A/D update, through the G-stage as a store:"
            )?;
            write_stage(f, g, indent + 6)?;
        }
    }
    match st.output {
        Some(o) => writeln!(f, "{pad}  -> {out} {o:#x}"),
        None => writeln!(f, "{pad}  -> no {out}"),
    }
}

impl fmt::Display for Walk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.access {
            Access::Fetch => "fetch",
            Access::Load => "load",
            Access::Store => "store",
        };
        writeln!(
            f,
            "translate {:#x}: {what} in {} (V={})",
            self.va,
            self.mode,
            self.mode.virt() as u8
        )?;
        for s in &self.stages {
            write_stage(f, s, 2)?;
        }
        for n in &self.notes {
            writeln!(f, "  {n}")?;
        }
        let mut s = String::new();
        match self.outcome {
            Outcome::Pa(pa) => write!(s, "result: PA {pa:#x}")?,
            Outcome::Unknown => write!(s, "result: unknown (a PTE is in a device window)")?,
            Outcome::Fault(t) => {
                write!(
                    s,
                    "fault: {} (cause {}), tval={:#x}",
                    t.cause.name(),
                    t.cause.code(),
                    t.tval
                )?;
                let guest = matches!(
                    t.cause,
                    Exception::InstructionGuestPageFault
                        | Exception::LoadGuestPageFault
                        | Exception::StoreGuestPageFault
                );
                if guest {
                    write!(
                        s,
                        " (GVA), htval={:#x} (GPA {:#x} >> 2)",
                        t.tval2,
                        t.tval2 << 2
                    )?;
                    let tinst = match t.tinst {
                        TINST_PTE_READ => " (implicit read of a VS-stage PTE)",
                        TINST_PTE_WRITE => " (implicit A/D write of a VS-stage PTE)",
                        _ => "",
                    };
                    write!(s, ", htinst={:#x}{tinst}", t.tinst)?;
                } else if self.mode.virt() && t.cause.is_address_fault() {
                    write!(s, " (GVA)")?;
                }
            }
        }
        write!(f, "{s}")
    }
}

#[cfg(test)]
pub(crate) mod tests;
