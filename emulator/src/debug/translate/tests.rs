//! `translate` against the hart itself: page tables built in RAM, the
//! walk shown, then the hart's own translation of the same access; and
//! every time, nothing changed by `translate` (RAM, TLB).

use super::*;
use crate::bus::{Bus, RAM_BASE};
use crate::hart::csr::addr::{HENVCFG, HGATP, MENVCFG, MSTATUS, SATP, VSATP};
use crate::hart::csr::bits::*;

pub(crate) const RAM_SIZE: u64 = 16 << 20;
pub(crate) const V: u64 = pte::V;
pub(crate) const RWXAD: u64 = pte::V | pte::R | pte::W | pte::X | pte::A | pte::D;
pub(crate) const U: u64 = pte::U;

/// Write a CSR as a debugger would (`csr_poke`: WARL rules and side
/// effects, a new satp forgetting the remembered fetch pages, included).
pub(crate) fn poke(h: &mut Hart, addr: u16, value: u64) {
    assert!(h.csr_poke(addr, value), "CSR {addr:#x} is writable");
}

/// Set `bits` in a CSR (as CSRRS would, with no permission check).
fn set_bits(h: &mut Hart, addr: u16, bits: u64) {
    let v = h.csr_peek(addr).unwrap_or(0);
    poke(h, addr, v | bits);
}

/// A hart with RAM, PMP open for S/U (as firmware leaves it), in M-mode.
pub(crate) fn hart() -> Hart {
    let mut h = Hart::new(Bus::new(RAM_SIZE), RAM_BASE);
    h.pmpaddr_write(15, u64::MAX);
    h.pmpcfg_write(2, (0x18 | 7) << 56);
    h
}

pub(crate) fn rd(h: &Hart, pa: u64) -> u64 {
    h.bus.ram.read(pa, 8).expect("RAM")
}
pub(crate) fn wr(h: &mut Hart, pa: u64, v: u64) {
    assert!(h.bus.ram.write(pa, 8, v));
}
pub(crate) fn pte_of(pa: u64, flags: u64) -> u64 {
    (pa >> 12) << 10 | flags
}

/// Page frames from the upper half of RAM (tables live there).
pub(crate) struct Frames(u64);
impl Frames {
    pub(crate) fn new() -> Frames {
        Frames(RAM_BASE + RAM_SIZE / 2)
    }
    pub(crate) fn alloc(&mut self, size: u64) -> u64 {
        let a = (self.0 + size - 1) & !(size - 1);
        self.0 = a + size;
        a
    }
}

/// Map `va` -> `pa` with a leaf at `leaf` in a `levels`-level table at
/// `root` (tables addressed physically; `g`: G-stage root index 11 bits).
/// Returns the leaf PTE's address.
#[allow(clippy::too_many_arguments)]
pub(crate) fn map(
    h: &mut Hart,
    f: &mut Frames,
    levels: u32,
    g: bool,
    root: u64,
    va: u64,
    pa: u64,
    leaf: u32,
    flags: u64,
) -> u64 {
    let index = |level: u32| {
        let mask = if g && level == levels - 1 {
            0x7ff
        } else {
            0x1ff
        };
        (va >> (12 + 9 * level)) & mask
    };
    let mut table = root;
    let mut level = levels - 1;
    while level > leaf {
        let a = table + index(level) * 8;
        let e = rd(h, a);
        table = if e & V == 0 {
            let t = f.alloc(4096);
            wr(h, a, pte_of(t, V));
            t
        } else {
            (e >> 10) << 12
        };
        level -= 1;
    }
    let a = table + index(leaf) * 8;
    wr(h, a, pte_of(pa, flags));
    a
}

/// Everything `translate` must not change: the page-table half of RAM and
/// the TLB's contents.
fn snapshot(h: &Hart) -> (Vec<u8>, usize) {
    let half = RAM_SIZE / 2;
    (
        h.bus.ram.bytes(RAM_BASE + half, half).unwrap().to_vec(),
        h.mmu.tlb.entries().count(),
    )
}

/// `translate`, checked to change nothing, then the hart's own answer.
fn both(h: &mut Hart, va: u64, access: Access) -> (Walk, Result<u64, Trap>) {
    let before = snapshot(h);
    let w = translate(h, va, access, None);
    let _ = w.to_string();
    assert!(snapshot(h) == before, "translate changed RAM or the TLB");
    let r = h.translate(va, 1, access);
    (w, r)
}

fn outcome(r: Result<u64, Trap>) -> Outcome {
    match r {
        Ok(pa) => Outcome::Pa(pa),
        Err(t) => Outcome::Fault(t),
    }
}

const VA: u64 = 0x0000_0020_1234_5678;
const PA: u64 = 0x8010_0000;

/// Sv39 (or Sv48/Sv57 by `mode`) in S-mode: VA -> PA with `flags`.
fn single(mode: u64, levels: u32, flags: u64) -> (Hart, u64) {
    let mut h = hart();
    let mut f = Frames::new();
    let root = f.alloc(4096);
    let leaf = map(&mut h, &mut f, levels, false, root, VA, PA, 0, flags);
    let satp = mode << 60 | 1 << 44 | root >> 12;
    poke(&mut h, SATP, satp);
    if h.csr.satp != satp {
        // A mode this hart does not implement (Sv57: satp keeps its old
        // value), which `translate` still describes: set the field itself.
        h.csr.satp = satp;
    }
    h.set_mode(Mode::HS);
    (h, leaf)
}

#[test]
fn sv39_and_sv48_agree_with_the_hart() {
    for (mode, levels) in [(SATP_MODE_SV39, 3), (SATP_MODE_SV48, 4)] {
        let (mut h, leaf) = single(mode, levels, RWXAD);
        for access in [Access::Load, Access::Store, Access::Fetch] {
            let va = if access == Access::Fetch { VA & !1 } else { VA };
            let (w, r) = both(&mut h, va, access);
            assert_eq!(w.outcome, outcome(r), "{w}");
            assert_eq!(w.pa(), Some(PA | (va & 0xfff)));
        }
        let text = translate(&h, VA, Access::Load, None).to_string();
        assert_eq!(
            translate(&h, VA, Access::Load, None).stages[0].ptes.len(),
            levels as usize,
            "{text}"
        );
        assert!(
            text.contains(&format!("level 0 PTE at {leaf:#x}")),
            "{text}"
        );
        assert!(text.contains("V R W X - - A D"), "{text}");
        assert!(
            text.contains(&format!("result: PA {:#x}", PA | (VA & 0xfff))),
            "{text}"
        );
    }
}

#[test]
fn single_stage_faults_are_the_harts() {
    // V=0 leaf, U page from S without SUM, R=0, A=0 under Svade, D=0 store.
    for (flags, access) in [
        (0, Access::Load),
        (RWXAD | U, Access::Load),
        (RWXAD & !pte::R & !pte::W, Access::Load),
        (RWXAD & !pte::A, Access::Load),
        (RWXAD & !pte::D, Access::Store),
        (RWXAD & !pte::X, Access::Fetch),
    ] {
        let (mut h, _) = single(SATP_MODE_SV39, 3, flags);
        let va = VA & !1;
        let (w, r) = both(&mut h, va, access);
        let t = r.expect_err("the hart faults");
        assert_eq!(w.fault(), Some(t), "{w}");
        assert_eq!(t.cause, access.page_fault());
        assert!(
            w.to_string().contains(&format!(
                "fault: {} (cause {})",
                t.cause.name(),
                t.cause.code()
            )),
            "{w}"
        );
    }
    // A non-canonical address.
    let (mut h, _) = single(SATP_MODE_SV39, 3, RWXAD);
    let (w, r) = both(&mut h, 1 << 40, Access::Load);
    assert_eq!(w.fault(), r.err());
    assert!(w.to_string().contains("bits 63..39"), "{w}");
}

#[test]
fn svadu_is_described_not_done() {
    let (mut h, leaf) = single(SATP_MODE_SV39, 3, RWXAD & !pte::A & !pte::D);
    set_bits(&mut h, MENVCFG, ENVCFG_ADUE);
    let (w, r) = both(&mut h, VA, Access::Store);
    assert_eq!(w.outcome, outcome(r));
    assert!(
        w.to_string().contains("the hart would set A and D here"),
        "{w}"
    );
    // The hart did set them (and translate, checked in `both`, did not).
    assert_eq!(rd(&h, leaf) & (pte::A | pte::D), pte::A | pte::D);
}

#[test]
fn a_stale_tlb_entry_is_what_the_hart_uses() {
    let (mut h, leaf) = single(SATP_MODE_SV39, 3, RWXAD);
    assert_eq!(h.translate(VA, 1, Access::Load), Ok(PA | 0x678));
    wr(&mut h, leaf, pte_of(PA + 0x1000, RWXAD)); // no SFENCE.VMA
    let (w, r) = both(&mut h, VA, Access::Load);
    assert_eq!(r, Ok(PA | 0x678));
    assert_eq!(w.pa(), Some(PA | 0x678), "{w}");
    assert_eq!(w.stages[0].output, Some(PA + 0x1000 + 0x678));
    assert!(w.to_string().contains("stale TLB entry"), "{w}");
}

#[test]
fn mprv_and_pmp() {
    let (mut h, _) = single(SATP_MODE_SV39, 3, RWXAD);
    h.set_mode(Mode::M);
    let w = translate(&h, VA, Access::Load, None);
    assert!(w.to_string().contains("no translation"), "{w}");
    set_bits(&mut h, MSTATUS, MPRV | 1 << MPP_SHIFT);
    let (w, r) = both(&mut h, VA, Access::Load);
    assert_eq!(w.mode, Mode::HS);
    assert_eq!(w.outcome, outcome(r));
    assert!(w.to_string().contains("MPRV=1"), "{w}");
    // Fetches ignore MPRV: from M the VA is physical, and there is nothing.
    let w = translate(&h, VA & !1, Access::Fetch, None);
    assert_eq!(w.mode, Mode::M);
    assert_eq!(
        w.fault().map(|t| t.cause),
        Some(Exception::InstructionAccessFault),
        "{w}"
    );
    // A PMP entry without R in front of the open one: S-mode loads fault.
    let mstatus = h.csr_peek(MSTATUS).unwrap_or(0);
    poke(&mut h, MSTATUS, mstatus & !MPRV);
    h.set_mode(Mode::HS);
    h.pmpaddr_write(0, (PA + 0x1000) >> 2);
    h.pmpcfg_write(0, 0x08 | pmp::CFG_X as u64); // TOR [0, PA+0x1000), X only
    let (w, r) = both(&mut h, VA, Access::Load);
    let t = r.expect_err("PMP");
    assert_eq!(t.cause, Exception::LoadAccessFault);
    assert_eq!(w.fault(), Some(t), "{w}");
    assert!(w.to_string().contains("denied by entry 0"), "{w}");
}

#[test]
fn fetch_misaligned_and_explicit_mode() {
    let (h, _) = single(SATP_MODE_SV39, 3, RWXAD | U);
    let w = translate(&h, VA | 1, Access::Fetch, None);
    assert_eq!(
        w.fault(),
        Some(Trap::new(Exception::InstructionAddressMisaligned, VA | 1))
    );
    // The page is a user page: fine from U, not from HS.
    assert_eq!(
        translate(&h, VA, Access::Load, Some(Mode::U)).pa(),
        Some(PA | 0x678)
    );
    assert!(translate(&h, VA, Access::Load, None)
        .to_string()
        .contains("SUM=0"));
}

#[test]
fn sv57_walks_five_levels() {
    let (h, _) = single(10, 5, RWXAD);
    let w = translate(&h, VA, Access::Load, None);
    assert_eq!(w.stages[0].ptes.len(), 5, "{w}");
    assert_eq!(w.pa(), Some(PA | 0x678), "{w}");
    assert!(w.to_string().contains("Sv57"), "{w}");
}

// ---- two stages

const GVA: u64 = 0x4000_1234;
/// Guest physical addresses: VS tables and data at GPA = PA (a G-stage
/// identity gigapage over RAM); `UNMAPPED` has no G-stage mapping.
const DATA_GPA: u64 = 0x8030_0000;
const UNMAPPED: u64 = 0x4000_0000;

/// VS mode with vsatp Sv39 (tables at GPA = PA) over hgatp Sv39x4
/// (GPA 0x8000_0000.. identity, 1 GiB, U RWX A D). Returns the hart and
/// the VS-stage leaf of GVA.
fn two_stage(vs_flags: u64) -> (Hart, u64, Frames) {
    let mut h = hart();
    let mut f = Frames::new();
    let groot = f.alloc(16384);
    map(
        &mut h,
        &mut f,
        3,
        true,
        groot,
        RAM_BASE,
        RAM_BASE,
        2,
        RWXAD | U,
    );
    let vroot = f.alloc(4096);
    let leaf = map(&mut h, &mut f, 3, false, vroot, GVA, DATA_GPA, 0, vs_flags);
    poke(&mut h, HGATP, SATP_MODE_SV39 << 60 | 5 << 44 | groot >> 12);
    poke(&mut h, VSATP, SATP_MODE_SV39 << 60 | vroot >> 12);
    h.set_mode(Mode::VS);
    (h, leaf, f)
}

#[test]
fn two_stage_agrees_with_the_hart() {
    let (mut h, _, _) = two_stage(RWXAD);
    for access in [Access::Load, Access::Store, Access::Fetch] {
        let (w, r) = both(&mut h, GVA, access);
        assert_eq!(w.outcome, outcome(r), "{w}");
        assert_eq!(w.pa(), Some(DATA_GPA | 0x234));
        assert_eq!(w.stages.len(), 2);
        // Every VS-stage PTE read went through the G-stage.
        assert!(w.stages[0].ptes.iter().all(|p| p.g_walk.is_some()));
    }
    let text = translate(&h, GVA, Access::Load, None).to_string();
    assert!(
        text.contains("VS-stage: vsatp=") && text.contains("G-stage: hgatp="),
        "{text}"
    );
    assert!(text.contains("Sv39x4 VMID=5"), "{text}");
}

#[test]
fn vs_stage_fault() {
    let (mut h, _, _) = two_stage(RWXAD & !pte::W);
    let (w, r) = both(&mut h, GVA, Access::Store);
    let t = r.expect_err("store to a read-only page");
    assert_eq!(t.cause, Exception::StorePageFault);
    assert_eq!(w.fault(), Some(t), "{w}");
    assert!(w.to_string().contains("W=0"), "{w}");
}

#[test]
fn g_stage_fault_on_a_vs_pte_read() {
    let (mut h, _, _) = two_stage(RWXAD);
    // The VS root at a GPA the G-stage does not map.
    poke(&mut h, VSATP, SATP_MODE_SV39 << 60 | UNMAPPED >> 12);
    h.flush_translations();
    let (w, r) = both(&mut h, GVA, Access::Load);
    let t = r.expect_err("guest-page fault");
    assert_eq!(t.cause, Exception::LoadGuestPageFault);
    assert_eq!(t.tinst, TINST_PTE_READ);
    assert_eq!(w.fault(), Some(t), "{w}");
    let pte_gpa = UNMAPPED + ((GVA >> 30) & 0x1ff) * 8;
    assert_eq!(t.tval2, pte_gpa >> 2);
    let text = w.to_string();
    assert!(
        text.contains(&format!(
            "htval={:#x} (GPA {pte_gpa:#x} >> 2), htinst=0x3000",
            pte_gpa >> 2
        )),
        "{text}"
    );
    assert!(text.contains(&format!("tval={GVA:#x} (GVA)")), "{text}");
}

#[test]
fn g_stage_fault_on_the_final_gpa() {
    // The VS leaf points at an unmapped GPA; then at a G-stage page with U=0.
    let (mut h, leaf, mut f) = two_stage(RWXAD);
    wr(&mut h, leaf, pte_of(UNMAPPED + 0x5000, RWXAD));
    h.flush_translations();
    let (w, r) = both(&mut h, GVA, Access::Fetch);
    let t = r.expect_err("guest-page fault");
    assert_eq!(
        (t.cause, t.tinst, t.tval2),
        (
            Exception::InstructionGuestPageFault,
            0,
            (UNMAPPED + 0x5234) >> 2
        )
    );
    assert_eq!(w.fault(), Some(t), "{w}");

    let groot = (h.csr.hgatp & pte::PPN_MASK) << 12;
    map(&mut h, &mut f, 3, true, groot, UNMAPPED, RAM_BASE, 2, RWXAD);
    h.flush_translations();
    let (w, r) = both(&mut h, GVA, Access::Load);
    assert_eq!(r.map_err(|t| t.cause), Err(Exception::LoadGuestPageFault));
    assert_eq!(w.outcome, outcome(r));
    assert!(
        w.to_string()
            .contains("U=0: every G-stage access is a user-level access"),
        "{w}"
    );
}

#[test]
fn physical_is_the_load_translation() {
    let (h, _, _) = two_stage(RWXAD);
    assert_eq!(physical(&h, GVA), Some(DATA_GPA | 0x234));
    let (h, _, _) = two_stage(0);
    assert_eq!(physical(&h, GVA), None);
}

#[test]
fn peek_physical_reads_only_memory() {
    let mut h = hart();
    wr(&mut h, RAM_BASE + 8, 0x1122_3344_5566_7788);
    assert_eq!(peek_physical(&h.bus, RAM_BASE + 9, 2), Ok(0x6677));
    assert_eq!(peek_physical(&h.bus, 0x1000, 4).map(|_| ()), Ok(()));
    assert_eq!(
        peek_physical(&h.bus, 0x1000_0000, 1),
        Err(PeekError::Device("UART"))
    );
    assert_eq!(
        peek_physical(&h.bus, 0x4000_0000, 1),
        Err(PeekError::Nothing)
    );
}

#[test]
fn vs_stage_svadu_needs_a_g_stage_write() {
    // A VS leaf with A=0 under Svadu: the hart writes it through the
    // G-stage as a store. With the VS tables' G-stage page read-only, that
    // write is a guest-page fault with htinst 0x3020.
    let (mut h, leaf, _) = two_stage(RWXAD & !pte::A);
    set_bits(&mut h, MENVCFG, ENVCFG_ADUE);
    set_bits(&mut h, HENVCFG, ENVCFG_ADUE);
    let groot = (h.csr.hgatp & pte::PPN_MASK) << 12;
    let gpte = groot + ((RAM_BASE >> 30) & 0x7ff) * 8;
    wr(&mut h, gpte, pte_of(RAM_BASE, RWXAD & !pte::W | U));
    h.flush_translations();
    let (w, r) = both(&mut h, GVA, Access::Load);
    let t = r.expect_err("the A update needs G-stage W");
    assert_eq!((t.cause, t.tinst, t.tval2), (Exception::LoadGuestPageFault, TINST_PTE_WRITE, leaf >> 2));
    assert_eq!(w.fault(), Some(t), "{w}");
    assert!(w.to_string().contains("the A/D update, through the G-stage as a store"), "{w}");
    assert!(w.why_not().unwrap().contains("W=0"), "{:?}", w.why_not());
    // With G-stage W the update goes through: translate describes it, the hart does it.
    wr(&mut h, gpte, pte_of(RAM_BASE, RWXAD | U));
    h.flush_translations();
    let (w, r) = both(&mut h, GVA, Access::Load);
    assert_eq!(w.outcome, outcome(r), "{w}");
    assert!(w.to_string().contains("the hart would set A here (Svadu)"), "{w}");
    assert_ne!(rd(&h, leaf) & pte::A, 0);
}
