//! Two-stage translation (vsatp over hgatp), guest-page faults with
//! tval/tval2/tinst, the G-stage rules (GPA width, U bit, MXR), HLV/HLVX/HSV
//! and the hypervisor fences.

mod mmu_util;
use hemu::hart::csr::addr::*;
use hemu::hart::csr::bits::*;
use hemu::hart::{Exception, Privilege};
use hemu::mmu::Access;
use mmu_util::*;

/// Guest physical addresses outside the identity-mapped RAM window.
const GPA_HI: u64 = 0x1_0000_0000;

#[test]
fn two_stage_translation() {
    let mut g = guest();
    g.map_vs(0x1000_0000, GPA_HI, RWXAD);
    g.map_g(GPA_HI, 0x8030_0000, RWXAD | U);
    let h = &mut g.h;
    assert_eq!(h.translate(0x1000_0123, 1, Access::Load), Ok(0x8030_0123));
    h.store(0x1000_0008, 8, 0x1122_3344_5566_7788).unwrap();
    assert_eq!(rd(h, 0x8030_0008), 0x1122_3344_5566_7788);
    assert_eq!(h.load(0x1000_0008, 4), Ok(0x5566_7788));
    assert!(h.fetch(0x1000_0000).is_ok());
}

#[test]
fn g_stage_only_and_gpa_width() {
    let mut g = guest();
    g.h.csr_write(VSATP, 0);
    g.map_g(GPA_HI, 0x8030_0000, RWXAD | U);
    let h = &mut g.h;
    assert_eq!(h.translate(0x8000_1234, 4, Access::Load), Ok(0x8000_1234));
    assert_eq!(h.translate(GPA_HI + 0x10, 4, Access::Store), Ok(0x8030_0010));
    // Bit 41 set: the same table indices, but beyond Sv39x4's 41 bits.
    let bad = GPA_HI | 1 << 41;
    let t = trap(h.load(bad, 4));
    assert_eq!((t.cause, t.tval, t.tval2, t.tinst), (Exception::LoadGuestPageFault, bad, bad >> 2, 0));
    let t = trap(h.fetch(bad));
    assert_eq!((t.cause, t.tval, t.tval2), (Exception::InstructionGuestPageFault, bad, bad >> 2));
}

#[test]
fn sv48x4_uses_a_wide_root_and_checks_50_bits() {
    let mut h = hart();
    let mut f = Frames::default();
    let groot = f.alloc(16384);
    let gpa = 3 << 48; // root index 0x600: needs the 2 extra root-index bits
    map(&mut h, &mut f, SV48X4, groot, gpa, 0x8030_0000, 0, RWXAD | U);
    h.csr_write(HGATP, hgatp(SATP_MODE_SV48, 0, groot));
    set_mode(&mut h, Privilege::User, true);
    assert_eq!(h.translate(gpa + 8, 8, Access::Load), Ok(0x8030_0008));
    let bad = gpa | 1 << 50;
    let t = trap(h.translate(bad, 8, Access::Store));
    assert_eq!((t.cause, t.tval2), (Exception::StoreGuestPageFault, bad >> 2));
}

#[test]
fn g_stage_leaf_needs_u() {
    let mut g = guest();
    g.map_vs(0x1000_0000, GPA_HI, RWXAD);
    g.map_g(GPA_HI, 0x8030_0000, RWXAD);
    let h = &mut g.h;
    for (r, c) in [
        (h.load(0x1000_0010, 8).map(|_| ()), Exception::LoadGuestPageFault),
        (h.store(0x1000_0010, 8, 0), Exception::StoreGuestPageFault),
        (h.fetch(0x1000_0010).map(|_| ()), Exception::InstructionGuestPageFault),
    ] {
        let t = trap(r);
        assert_eq!((t.cause, t.tval, t.tval2, t.tinst), (c, 0x1000_0010, (GPA_HI + 0x10) >> 2, 0));
    }
}

#[test]
fn g_stage_fault_in_the_vs_walk_reports_the_original_access() {
    let mut g = guest();
    // The VS root table lives at a GPA the G-stage does not map.
    let vs_root_gpa = GPA_HI + 0x20_0000;
    g.h.csr_write(VSATP, satp(SATP_MODE_SV39, 1, vs_root_gpa));
    let gva = 0x1000_0000u64;
    let pte_gpa = vs_root_gpa + ((gva >> 30) & 0x1ff) * 8;
    let h = &mut g.h;
    for (c, r) in [
        (Exception::InstructionGuestPageFault, h.fetch(gva).map(|_| ())),
        (Exception::LoadGuestPageFault, h.load(gva, 8).map(|_| ())),
        (Exception::StoreGuestPageFault, h.store(gva, 8, 0)),
    ] {
        let t = trap(r);
        assert_eq!((t.cause, t.tval, t.tval2, t.tinst), (c, gva, pte_gpa >> 2, 0x3000));
    }
    // Map the root (to some RAM page) with a level-1 pointer to another
    // unmapped GPA: the fault names the level-1 PTE.
    let root_pa = 0x8031_0000;
    g.map_g(vs_root_gpa, root_pa, RWXAD | U);
    let l1_gpa = GPA_HI + 0x40_0000;
    wr(&mut g.h, root_pa + ((gva >> 30) & 0x1ff) * 8, pte(l1_gpa, V));
    let t = trap(g.h.load(gva, 8));
    let l1_pte_gpa = l1_gpa + ((gva >> 21) & 0x1ff) * 8;
    assert_eq!((t.cause, t.tval2, t.tinst), (Exception::LoadGuestPageFault, l1_pte_gpa >> 2, 0x3000));
}

#[test]
fn final_g_stage_fault_has_tinst_zero_and_the_gpa() {
    let mut g = guest();
    g.map_vs(0x1000_0000, GPA_HI + 0x5000, RWXAD);
    let t = trap(g.h.load(0x1000_0ff8, 8));
    assert_eq!(
        (t.cause, t.tval, t.tval2, t.tinst, t.gva),
        (Exception::LoadGuestPageFault, 0x1000_0ff8, (GPA_HI + 0x5ff8) >> 2, 0, false)
    );
    // A VS-stage fault is a plain page fault with tval2 = 0.
    let t = trap(g.h.load(0x2000_0000, 8));
    assert_eq!((t.cause, t.tval, t.tval2), (Exception::LoadPageFault, 0x2000_0000, 0));
}

#[test]
fn svadu_vs_pte_update_through_a_read_only_g_page() {
    let mut g = guest();
    let leaf = g.map_vs(0x1000_0000, 0x8030_0000, V | R | W);
    // Without ADUE: Svade page fault.
    assert_eq!(cause(g.h.load(0x1000_0000, 8)), Exception::LoadPageFault);
    // henvcfg.ADUE alone is not enough (it is read-only zero without menvcfg.ADUE).
    g.h.csr_set(HENVCFG, ENVCFG_ADUE);
    assert_eq!(g.h.csr_peek(HENVCFG).map(|v| v & ENVCFG_ADUE), Some(0));
    assert_eq!(cause(g.h.load(0x1000_0000, 8)), Exception::LoadPageFault);
    g.h.csr_set(MENVCFG, ENVCFG_ADUE);
    g.h.csr_set(HENVCFG, ENVCFG_ADUE);
    // Make the 2 MiB G-page holding the VS leaf table read-only.
    let table_gpa = leaf & !0xfff;
    let gleaf = find_pte(&mut g.h, SV39X4, g.groot, table_gpa, 1);
    let big = table_gpa & !(MIB2 - 1);
    wr(&mut g.h, gleaf, pte(big, V | R | X | U | A | D));
    g.h.flush_translations();
    let t = trap(g.h.load(0x1000_0000, 8));
    assert_eq!((t.cause, t.tval, t.tval2, t.tinst), (Exception::LoadGuestPageFault, 0x1000_0000, leaf >> 2, 0x3020));
    // Writable again: A is set by the hart, then D on a store.
    wr(&mut g.h, gleaf, pte(big, RWXAD | U));
    g.h.flush_translations();
    assert!(g.h.load(0x1000_0000, 8).is_ok());
    assert_eq!(rd(&mut g.h, leaf), pte(0x8030_0000, V | R | W | A));
    g.h.store(0x1000_0000, 8, 3).unwrap();
    assert_eq!(rd(&mut g.h, leaf), pte(0x8030_0000, V | R | W | A | D));
}

#[test]
fn svadu_in_the_g_stage_follows_menvcfg() {
    let mut g = guest();
    g.map_vs(0x1000_0000, GPA_HI, RWXAD);
    let gleaf = g.map_g(GPA_HI, 0x8030_0000, V | R | W | U);
    let t = trap(g.h.load(0x1000_0000, 8));
    assert_eq!((t.cause, t.tinst), (Exception::LoadGuestPageFault, 0));
    g.h.csr_set(MENVCFG, ENVCFG_ADUE);
    assert!(g.h.load(0x1000_0000, 8).is_ok());
    assert_eq!(rd(&mut g.h, gleaf), pte(0x8030_0000, V | R | W | U | A));
    g.h.store(0x1000_0000, 8, 1).unwrap();
    assert_eq!(rd(&mut g.h, gleaf), pte(0x8030_0000, V | R | W | U | A | D));
}

/// `--isa` without Svadu: menvcfg.ADUE is read-only zero, so a G-stage
/// leaf with A = 0 faults (Svade) even after M-mode tries to set ADUE.
#[test]
fn without_svadu_a_and_d_fault() {
    let mut g = guest();
    g.h.set_isa(hemu::isa::Isa::parse("rv64gch_sstc").unwrap());
    g.map_vs(0x1000_0000, GPA_HI, RWXAD);
    let gleaf = g.map_g(GPA_HI, 0x8030_0000, V | R | W | U);
    g.h.csr_set(MENVCFG, ENVCFG_ADUE);
    assert_eq!(g.h.csr_peek(MENVCFG).map(|v| v & ENVCFG_ADUE), Some(0));
    assert_eq!(cause(g.h.load(0x1000_0000, 8)), Exception::LoadGuestPageFault);
    assert_eq!(rd(&mut g.h, gleaf), pte(0x8030_0000, V | R | W | U), "A not set");
}

#[test]
fn mxr_and_sum_per_stage() {
    let mut g = guest();
    g.map_vs(0x1000_0000, GPA_HI, RWXAD);
    g.map_g(GPA_HI, 0x8030_0000, V | X | U | A | D); // execute-only in the G-stage
    g.map_vs(0x1000_1000, 0x8030_1000, V | X | A | D); // execute-only in the VS-stage
    let h = &mut g.h;
    assert_eq!(cause(h.load(0x1000_0000, 8)), Exception::LoadGuestPageFault);
    assert_eq!(cause(h.load(0x1000_1000, 8)), Exception::LoadPageFault);
    h.csr_set(VSSTATUS, MXR); // VS-stage only
    assert_eq!(cause(h.load(0x1000_0000, 8)), Exception::LoadGuestPageFault);
    assert!(h.load(0x1000_1000, 8).is_ok());
    h.csr_clear(VSSTATUS, MXR);
    h.csr_set(MSTATUS, MXR); // HS-level MXR: both stages
    assert!(h.load(0x1000_0000, 8).is_ok());
    assert!(h.load(0x1000_1000, 8).is_ok());
    h.csr_clear(MSTATUS, MXR);

    // SUM for the VS-stage is vsstatus.SUM.
    g.map_vs(0x1000_2000, 0x8030_2000, RWXAD | U);
    let h = &mut g.h;
    h.csr_set(MSTATUS, SUM);
    assert_eq!(cause(h.load(0x1000_2000, 8)), Exception::LoadPageFault);
    h.csr_set(VSSTATUS, SUM);
    assert!(h.load(0x1000_2000, 8).is_ok());
}

#[test]
fn hlvx_reads_execute_only_pages() {
    let mut g = guest();
    g.map_vs(0x1000_0000, 0x8030_0000, V | X | A);
    g.map_vs(0x1000_1000, 0x8030_1000, V | R | A);
    wr(&mut g.h, 0x8030_0000, 0x0000_0013_0000_0073);
    let h = &mut g.h;
    set_mode(h, Privilege::Supervisor, false);
    h.csr_set(HSTATUS, HSTATUS_SPVP);
    assert_eq!(h.hlv(0, 0x1000_0000, 4, true), Ok(0x73));
    let t = trap(h.hlv(0, 0x1000_0004, 4, false));
    assert_eq!((t.cause, t.tval, t.gva), (Exception::LoadPageFault, 0x1000_0004, true));
    // HLVX needs X even where R is granted, and ignores MXR.
    h.csr_set(VSSTATUS, MXR);
    let t = trap(h.hlv(0, 0x1000_1000, 4, true));
    assert_eq!((t.cause, t.gva), (Exception::LoadPageFault, true));
    assert!(h.hlv(0, 0x1000_1000, 4, false).is_ok());
    // SPVP = 0: the access is made as VU, and these are supervisor pages.
    h.csr_clear(HSTATUS, HSTATUS_SPVP);
    assert_eq!(cause(h.hlv(0, 0x1000_1000, 4, false)), Exception::LoadPageFault);
}

#[test]
fn hlv_hsv_permissions_and_two_stage_always() {
    let mut g = guest();
    g.map_vs(0x1000_0000, GPA_HI, RWXAD | U);
    g.map_g(GPA_HI, 0x8030_0000, RWXAD | U);
    let h = &mut g.h;
    let raw = 0x6c00_c073;
    // In VS/VU: virtual instruction.
    assert_eq!(cause(h.hlv(raw, 0x1000_0000, 8, false)), Exception::VirtualInstruction);
    set_mode(h, Privilege::User, true);
    assert_eq!(cause(h.hsv(raw, 0x1000_0000, 8, 0)), Exception::VirtualInstruction);
    // In U: only with hstatus.HU.
    set_mode(h, Privilege::User, false);
    let t = trap(h.hlv(raw, 0x1000_0000, 8, false));
    assert_eq!((t.cause, t.tval), (Exception::IllegalInstruction, raw as u64));
    h.csr_set(HSTATUS, HSTATUS_HU);
    h.hsv(raw, 0x1000_0000, 8, 0x55).unwrap();
    assert_eq!(rd(h, 0x8030_0000), 0x55);
    // From M with MPRV set: MPRV does not apply, the access is two-stage.
    set_mode(h, Privilege::Machine, false);
    h.csr_set(MSTATUS, MPRV | MPP);
    assert_eq!(h.hlv(raw, 0x1000_0000, 1, false), Ok(0x55));
    // A guest-page fault from HLV/HSV carries gva.
    let t = trap(h.hsv(raw, 0x1000_1000, 8, 0));
    assert_eq!((t.cause, t.gva), (Exception::StorePageFault, true));
}

#[test]
fn mprv_with_mpv_uses_two_stages() {
    let mut g = guest();
    g.map_vs(0x1000_0000, GPA_HI, RWXAD);
    g.map_g(GPA_HI, 0x8030_0000, RWXAD | U);
    let h = &mut g.h;
    set_mode(h, Privilege::Machine, false);
    h.csr_set(MSTATUS, MPRV | (1 << MPP_SHIFT) | MPV);
    assert_eq!(h.translate(0x1000_0008, 8, Access::Load), Ok(0x8030_0008));
    // Without MPV the access is HS-level: satp is Bare.
    h.csr_clear(MSTATUS, MPV);
    assert_eq!(h.translate(0x1000_0008, 8, Access::Load), Ok(0x1000_0008));
}

#[test]
fn vmids_and_hfence_gvma() {
    let mut g = guest();
    g.h.csr_write(VSATP, 0);
    let gleaf1 = g.map_g(GPA_HI, 0x8030_0000, RWXAD | U);
    let groot2 = g.f.alloc(16384);
    map(&mut g.h, &mut g.f, SV39X4, groot2, GPA_HI, 0x8031_0000, 0, RWXAD | U);
    let (groot1, h) = (g.groot, &mut g.h);
    assert_eq!(h.translate(GPA_HI, 8, Access::Load), Ok(0x8030_0000));
    h.csr_write(HGATP, hgatp(SATP_MODE_SV39, 2, groot2));
    assert_eq!(h.translate(GPA_HI, 8, Access::Load), Ok(0x8031_0000));
    // The hypervisor runs in between (V=0, bare satp): no flush needed.
    set_mode(h, Privilege::Supervisor, false);
    assert_eq!(h.translate(0x8000_0000, 8, Access::Load), Ok(0x8000_0000));
    set_mode(h, Privilege::Supervisor, true);
    h.csr_write(HGATP, hgatp(SATP_MODE_SV39, 1, groot1));
    assert_eq!(h.translate(GPA_HI, 8, Access::Load), Ok(0x8030_0000));
    // Remap VMID 1's page; fencing VMID 2 does not drop it, fencing 1 does.
    wr(h, gleaf1, pte(0x8032_0000, RWXAD | U));
    set_mode(h, Privilege::Supervisor, false);
    h.hfence_gvma(0, None, Some(2)).unwrap();
    set_mode(h, Privilege::Supervisor, true);
    assert_eq!(h.translate(GPA_HI, 8, Access::Load), Ok(0x8030_0000));
    set_mode(h, Privilege::Supervisor, false);
    h.hfence_gvma(0, Some(GPA_HI >> 2), Some(1)).unwrap();
    set_mode(h, Privilege::Supervisor, true);
    assert_eq!(h.translate(GPA_HI, 8, Access::Load), Ok(0x8032_0000));
}

#[test]
fn vs_sfence_and_hfence_vvma() {
    let mut g = guest();
    let leaf = g.map_vs(0x1000_0000, 0x8030_0000, RWXAD);
    let h = &mut g.h;
    assert_eq!(h.translate(0x1000_0000, 8, Access::Load), Ok(0x8030_0000));
    wr(h, leaf, pte(0x8031_0000, RWXAD));
    // An HS-level SFENCE.VMA does not touch VS-stage translations...
    set_mode(h, Privilege::Supervisor, false);
    h.sfence_vma(0, None, None).unwrap();
    set_mode(h, Privilege::Supervisor, true);
    assert_eq!(h.translate(0x1000_0000, 8, Access::Load), Ok(0x8030_0000));
    // ...SFENCE.VMA in VS does.
    h.sfence_vma(0, Some(0x1000_0000), Some(1)).unwrap();
    assert_eq!(h.translate(0x1000_0000, 8, Access::Load), Ok(0x8031_0000));
    // HFENCE.VVMA from HS, for the current VMID.
    wr(h, leaf, pte(0x8032_0000, RWXAD));
    set_mode(h, Privilege::Supervisor, false);
    h.hfence_vvma(0, Some(0x1000_0000), None).unwrap();
    set_mode(h, Privilege::Supervisor, true);
    assert_eq!(h.translate(0x1000_0000, 8, Access::Load), Ok(0x8032_0000));
}

#[test]
fn hypervisor_fence_permissions() {
    let mut h = hart();
    let raw = 0x2200_0073;
    set_mode(&mut h, Privilege::Supervisor, true);
    assert_eq!(cause(h.hfence_vvma(raw, None, None)), Exception::VirtualInstruction);
    assert_eq!(cause(h.hfence_gvma(raw, None, None)), Exception::VirtualInstruction);
    assert!(h.sfence_vma(raw, None, None).is_ok());
    h.csr_set(HSTATUS, HSTATUS_VTVM);
    assert_eq!(cause(h.sfence_vma(raw, None, None)), Exception::VirtualInstruction);
    set_mode(&mut h, Privilege::User, true);
    h.csr_clear(HSTATUS, HSTATUS_VTVM);
    assert_eq!(cause(h.sfence_vma(raw, None, None)), Exception::VirtualInstruction);
    assert_eq!(cause(h.hfence_gvma(raw, None, None)), Exception::VirtualInstruction);
    set_mode(&mut h, Privilege::User, false);
    assert_eq!(cause(h.hfence_vvma(raw, None, None)), Exception::IllegalInstruction);
    assert_eq!(cause(h.hfence_gvma(raw, None, None)), Exception::IllegalInstruction);
    set_mode(&mut h, Privilege::Supervisor, false);
    h.csr_set(MSTATUS, TVM);
    assert_eq!(cause(h.hfence_gvma(raw, None, None)), Exception::IllegalInstruction);
    assert!(h.hfence_vvma(raw, None, None).is_ok());
    set_mode(&mut h, Privilege::Machine, false);
    assert!(h.hfence_gvma(raw, None, None).is_ok());
}
