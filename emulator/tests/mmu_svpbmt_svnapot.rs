//! Svpbmt and Svnapot in every translation regime: satp (HS and U),
//! vsatp over hgatp (VS, VU and the G-stage), HLV; menvcfg/henvcfg.PBMTE
//! and `--isa` without them.

mod mmu_util;
use hemu::hart::csr::addr::*;
use hemu::hart::csr::bits::*;
use hemu::hart::{Exception, Privilege};
use hemu::isa::table::Ext;
use hemu::isa::Isa;
use hemu::mmu::Access;
use hemu::Hart;
use mmu_util::*;

const N: u64 = 1 << 63;
const NC: u64 = 1 << 61; // PBMT = 1: non-cacheable
const IO: u64 = 2 << 61; // PBMT = 2: I/O
const PBMT3: u64 = 3 << 61; // reserved
const VA: u64 = 0x4000_0000;
const PA: u64 = 0x8040_0000;
const GPA_HI: u64 = 0x1_0000_0000;

/// A hart in HS-mode with Sv39 (ASID 0), an empty root, and the frames.
fn sv39() -> (Hart, Frames, u64) {
    let mut h = hart();
    let mut f = Frames::default();
    let root = f.alloc(4096);
    h.csr_write(SATP, satp(SATP_MODE_SV39, 0, root));
    set_mode(&mut h, Privilege::Supervisor, false);
    (h, f, root)
}

fn sfence_all(h: &mut Hart) {
    h.sfence_vma(0x1200_0073, None, None).unwrap();
}

#[test]
fn pbmt_needs_menvcfg_pbmte_and_3_is_reserved() {
    let (mut h, mut f, root) = sv39();
    let leaf = map(&mut h, &mut f, SV39, root, VA, PA, 0, RWXAD | NC);
    assert_eq!(cause(h.load(VA, 8)), Exception::LoadPageFault, "PBMTE=0: PBMT is reserved");
    h.csr_set(MENVCFG, ENVCFG_PBMTE);
    assert_eq!(h.csr_peek(MENVCFG).unwrap() & ENVCFG_PBMTE, ENVCFG_PBMTE);
    sfence_all(&mut h);
    assert_eq!(h.translate(VA + 8, 8, Access::Load), Ok(PA + 8), "NC: memory type only");
    for (pbmt, ok) in [(IO, true), (PBMT3, false), (0, true)] {
        wr(&mut h, leaf, pte(PA, RWXAD | pbmt));
        sfence_all(&mut h);
        assert_eq!(h.store(VA, 8, 5).is_ok(), ok, "PBMT {}", pbmt >> 61);
    }
    wr(&mut h, leaf, pte(PA, RWXAD | PBMT3));
    sfence_all(&mut h);
    let t = trap(h.fetch(VA));
    assert_eq!((t.cause, t.tval), (Exception::InstructionPageFault, VA));
    // U-mode: the same rules on a U page.
    wr(&mut h, leaf, pte(PA, RWXAD | U | IO));
    sfence_all(&mut h);
    set_mode(&mut h, Privilege::User, false);
    assert_eq!(h.load(VA, 8), Ok(5));
    set_mode(&mut h, Privilege::Supervisor, false);
    h.csr_clear(MENVCFG, ENVCFG_PBMTE);
    sfence_all(&mut h);
    set_mode(&mut h, Privilege::User, false);
    assert_eq!(cause(h.load(VA, 8)), Exception::LoadPageFault);
}

#[test]
fn pbmt_and_n_are_reserved_in_pointers() {
    let (mut h, mut f, root) = sv39();
    h.csr_set(MENVCFG, ENVCFG_PBMTE);
    map(&mut h, &mut f, SV39, root, VA, PA, 0, RWXAD);
    assert!(h.load(VA, 8).is_ok());
    let pointer = find_pte(&mut h, SV39, root, VA, 1);
    let p = rd(&mut h, pointer);
    for bits in [NC, N, 1 << 54] {
        wr(&mut h, pointer, p | bits);
        sfence_all(&mut h);
        assert_eq!(cause(h.load(VA, 8)), Exception::LoadPageFault, "pointer with {bits:#x}");
    }
}

#[test]
fn without_svpbmt_pbmte_is_read_only_zero() {
    let (mut h, mut f, root) = sv39();
    h.set_isa(Isa::ALL.with(Ext::Svpbmt, false));
    h.csr_write(MENVCFG, ENVCFG_PBMTE);
    assert_eq!(h.csr_peek(MENVCFG).unwrap() & ENVCFG_PBMTE, 0);
    h.csr_write(HENVCFG, ENVCFG_PBMTE);
    assert_eq!(h.csr_peek(HENVCFG).unwrap() & ENVCFG_PBMTE, 0);
    map(&mut h, &mut f, SV39, root, VA, PA, 0, RWXAD | NC);
    assert_eq!(cause(h.load(VA, 8)), Exception::LoadPageFault);
    assert!(!Isa::ALL.with(Ext::Svpbmt, false).string().contains("svpbmt"));
    assert!(Isa::ALL.string().ends_with("_svinval_svnapot_svpbmt"));
}

#[test]
fn napot_64k_pages_and_reserved_encodings() {
    let (mut h, mut f, root) = sv39();
    // A NAPOT leaf: ppn[3:0] = 1000, the 16 PTEs of the range alike.
    for k in 0..16 {
        map(&mut h, &mut f, SV39, root, VA + k * 0x1000, PA | 0x8000, 0, RWXAD | N);
    }
    for k in [0u64, 1, 7, 15] {
        let va = VA + k * 0x1000 + 0x10;
        assert_eq!(h.translate(va, 8, Access::Load), Ok(PA + k * 0x1000 + 0x10), "page {k}");
    }
    // The TLB holds the pages; one SFENCE.VMA for an address of the range
    // drops every page of it.
    let leaf5 = find_pte(&mut h, SV39, root, VA + 0x5000, 0);
    for k in 0..16 {
        let leaf = find_pte(&mut h, SV39, root, VA + k * 0x1000, 0);
        wr(&mut h, leaf, pte((PA + 0x10_0000) | 0x8000, RWXAD | N));
    }
    assert_eq!(h.translate(VA + 0x7000, 1, Access::Load), Ok(PA + 0x7000), "stale until the fence");
    h.sfence_vma(0x1200_0073, Some(VA + 0xf000), None).unwrap();
    assert_eq!(h.translate(VA + 0x7000, 1, Access::Load), Ok(PA + 0x10_7000));
    // Reserved: another size, or N on a superpage.
    wr(&mut h, leaf5, pte(PA | 0x4000, RWXAD | N));
    sfence_all(&mut h);
    let t = trap(h.store(VA + 0x5008, 8, 1));
    assert_eq!((t.cause, t.tval), (Exception::StorePageFault, VA + 0x5008));
    let (mut h, mut f, root) = sv39();
    map(&mut h, &mut f, SV39, root, VA, PA | 0x8000, 1, RWXAD | N);
    assert_eq!(cause(h.load(VA, 8)), Exception::LoadPageFault, "N on a 2 MiB leaf");
}

#[test]
fn without_svnapot_n_is_reserved() {
    let (mut h, mut f, root) = sv39();
    h.set_isa(Isa::ALL.with(Ext::Svnapot, false));
    map(&mut h, &mut f, SV39, root, VA, PA | 0x8000, 0, RWXAD | N);
    assert_eq!(cause(h.load(VA, 8)), Exception::LoadPageFault);
    set_mode(&mut h, Privilege::User, false);
    assert_eq!(cause(h.fetch(VA)), Exception::InstructionPageFault);
}

/// HFENCE.GVMA from HS, back to VS: drops every guest translation.
fn fence(g: &mut Guest) {
    set_mode(&mut g.h, Privilege::Supervisor, false);
    g.h.hfence_gvma(0x6200_0073, None, None).unwrap();
    set_mode(&mut g.h, Privilege::Supervisor, true);
}

#[test]
fn vs_stage_pbmt_follows_henvcfg_under_menvcfg() {
    let mut g = guest();
    g.map_vs(VA, PA, RWXAD | IO);
    // henvcfg.PBMTE is read-only zero while menvcfg.PBMTE=0.
    g.h.csr_write(HENVCFG, ENVCFG_PBMTE);
    assert_eq!(g.h.csr_peek(HENVCFG).unwrap() & ENVCFG_PBMTE, 0);
    g.h.csr_set(MENVCFG, ENVCFG_PBMTE);
    g.h.csr_write(HENVCFG, 0);
    let t = trap(g.h.load(VA, 8));
    assert_eq!((t.cause, t.tval), (Exception::LoadPageFault, VA), "menvcfg.PBMTE alone is not enough in VS");
    g.h.csr_write(HENVCFG, ENVCFG_PBMTE);
    fence(&mut g);
    assert_eq!(g.h.translate(VA, 8, Access::Load), Ok(PA));
    set_mode(&mut g.h, Privilege::User, true);
    assert_eq!(cause(g.h.load(VA, 8)), Exception::LoadPageFault, "VU: a supervisor page");
    g.map_vs(VA, PA, RWXAD | U | PBMT3);
    fence(&mut g);
    set_mode(&mut g.h, Privilege::User, true);
    assert_eq!(cause(g.h.load(VA, 8)), Exception::LoadPageFault, "VU: PBMT=3");
    // Turning menvcfg.PBMTE off turns henvcfg's off too.
    g.map_vs(VA, PA, RWXAD | U | NC);
    fence(&mut g);
    set_mode(&mut g.h, Privilege::User, true);
    assert!(g.h.load(VA, 8).is_ok());
    g.h.csr_clear(MENVCFG, ENVCFG_PBMTE);
    fence(&mut g);
    set_mode(&mut g.h, Privilege::User, true);
    assert_eq!(cause(g.h.load(VA, 8)), Exception::LoadPageFault);
}

#[test]
fn g_stage_pbmt_and_napot_raise_guest_page_faults() {
    let mut g = guest();
    g.map_vs(VA, GPA_HI, RWXAD);
    let gleaf = g.map_g(GPA_HI, PA, RWXAD | U | NC);
    let t = trap(g.h.load(VA + 4, 4));
    assert_eq!((t.cause, t.tval, t.tval2), (Exception::LoadGuestPageFault, VA + 4, (GPA_HI + 4) >> 2));
    g.h.csr_set(MENVCFG, ENVCFG_PBMTE); // the G-stage follows menvcfg.PBMTE only
    fence(&mut g);
    assert_eq!(g.h.translate(VA + 4, 4, Access::Load), Ok(PA + 4));
    wr(&mut g.h, gleaf, pte(PA, RWXAD | U | PBMT3));
    fence(&mut g);
    assert_eq!(cause(g.h.store(VA, 8, 0)), Exception::StoreGuestPageFault);
    // A NAPOT G-stage leaf maps 64 KiB of guest physical space.
    for k in 0..16 {
        g.map_g(GPA_HI + k * 0x1000, PA | 0x8000, RWXAD | U | N);
        g.map_vs(VA + k * 0x1000, GPA_HI + k * 0x1000, RWXAD);
    }
    fence(&mut g);
    assert_eq!(g.h.translate(VA + 0x3008, 8, Access::Store), Ok(PA + 0x3008));
    wr(&mut g.h, gleaf, pte(PA | 0x2000, RWXAD | U | N));
    fence(&mut g);
    let t = trap(g.h.fetch(VA));
    assert_eq!((t.cause, t.tval, t.tval2), (Exception::InstructionGuestPageFault, VA, GPA_HI >> 2));
}

#[test]
fn hlv_uses_the_vs_rules_and_reports_a_guest_address() {
    let mut g = guest();
    g.map_vs(VA, PA, RWXAD | U | NC);
    wr(&mut g.h, PA, 0x1234);
    set_mode(&mut g.h, Privilege::Supervisor, false);
    g.h.csr_set(MENVCFG, ENVCFG_PBMTE);
    // hstatus.SPVP = 0: as VU. henvcfg.PBMTE = 0: PBMT is reserved.
    let hlv_d = 0x6c05_4573;
    let t = trap(g.h.hlv(hlv_d, VA, 8, false));
    assert_eq!((t.cause, t.tval, t.gva), (Exception::LoadPageFault, VA, true));
    g.h.csr_write(HENVCFG, ENVCFG_PBMTE);
    assert_eq!(g.h.hlv(hlv_d, VA, 8, false), Ok(0x1234));
    g.map_vs(VA + 0x1000, PA, RWXAD | U | N);
    let t = trap(g.h.hsv(0x6e05_4073, VA + 0x1000, 8, 0));
    assert_eq!((t.cause, t.gva), (Exception::StorePageFault, true), "N on a lone page: ppn[3:0] != 1000");
}
