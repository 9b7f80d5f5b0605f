//! Sv39/Sv48 walks with satp (V=0): superpages, every fault with its tval,
//! SUM/MXR/MPRV, A/D under Svade and Svadu, and TLB behaviour across
//! mstatus writes, fences and ASID switches.

mod mmu_util;
use hemu::hart::csr::addr::*;
use hemu::hart::csr::bits::*;
use hemu::hart::{Exception, Privilege};
use hemu::mmu::Access;
use mmu_util::*;

const VA: u64 = 0x0000_0020_1234_5000;
const PA: u64 = 0x8010_0000;

/// An Sv39 (or Sv48) hart in S-mode with `VA` -> `PA` mapped with `flags`.
fn setup(geo: Geometry, flags: u64) -> (hemu::Hart, Frames, u64, u64) {
    let mut h = hart();
    let mut f = Frames::default();
    let root = f.alloc(4096);
    let leaf = map(&mut h, &mut f, geo, root, VA, PA, 0, flags);
    let mode = if geo.levels == 3 { SATP_MODE_SV39 } else { SATP_MODE_SV48 };
    h.csr_write(SATP, satp(mode, 1, root));
    set_mode(&mut h, Privilege::Supervisor, false);
    (h, f, root, leaf)
}

#[test]
fn sv39_4k_page() {
    let (mut h, ..) = setup(SV39, RWXAD);
    assert_eq!(h.translate(VA + 0x123, 4, Access::Load), Ok(PA + 0x123));
    h.store(VA + 8, 8, 0xdead_beef_0bad_f00d).unwrap();
    assert_eq!(h.load(VA + 8, 8), Ok(0xdead_beef_0bad_f00d));
    assert_eq!(rd(&mut h, PA + 8), 0xdead_beef_0bad_f00d);
    // The TLB hit gives the same answer.
    assert_eq!(h.translate(VA + 0xffc, 4, Access::Store), Ok(PA + 0xffc));
}

#[test]
fn sv39_superpages() {
    let mut h = hart();
    let mut f = Frames::default();
    let root = f.alloc(4096);
    // 2 MiB and 1 GiB pages.
    map(&mut h, &mut f, SV39, root, 0x4000_0000, 0x8020_0000, 1, RWXAD);
    map(&mut h, &mut f, SV39, root, 0xffff_ffff_c000_0000, 0x8000_0000, 2, RWXAD | G);
    h.csr_write(SATP, satp(SATP_MODE_SV39, 0, root));
    set_mode(&mut h, Privilege::Supervisor, false);
    assert_eq!(h.translate(0x4000_0000 + 0x1f_fff8, 8, Access::Load), Ok(0x8020_0000 + 0x1f_fff8));
    assert_eq!(h.translate(0x4000_0000 + 0x1234, 8, Access::Load), Ok(0x8020_1234));
    assert_eq!(h.translate(0xffff_ffff_c123_4568, 8, Access::Load), Ok(0x8123_4568));
    // A misaligned superpage (PPN[0] != 0 in a 2 MiB leaf) is a page fault.
    let a = find_pte(&mut h, SV39, root, 0x4000_0000, 1);
    wr(&mut h, a, pte(0x8020_1000, RWXAD));
    h.flush_translations();
    let t = trap(h.translate(0x4000_0010, 8, Access::Load));
    assert_eq!((t.cause, t.tval), (Exception::LoadPageFault, 0x4000_0010));
}

#[test]
fn sv48_walk_and_superpages() {
    let (mut h, mut f, root, _) = setup(SV48, RWXAD);
    assert_eq!(h.translate(VA + 0x10, 8, Access::Load), Ok(PA + 0x10));
    // A 512 GiB page (level 3) and a 1 GiB page (level 2) at high addresses.
    map(&mut h, &mut f, SV48, root, 0x0000_0080_0000_0000, 0x0000_0080_0000_0000, 3, RWXAD);
    map(&mut h, &mut f, SV48, root, 0xffff_8000_4000_0000, 0x8000_0000, 2, RWXAD);
    assert_eq!(h.translate(0x0000_0080_1234_5678, 8, Access::Load), Ok(0x0000_0080_1234_5678));
    assert_eq!(h.translate(0xffff_8000_4000_0040, 8, Access::Load), Ok(0x8000_0040));
    // Sv48 addresses must be sign-extended from bit 47.
    let t = trap(h.translate(0x0000_8000_0000_0000, 8, Access::Load));
    assert_eq!((t.cause, t.tval), (Exception::LoadPageFault, 0x0000_8000_0000_0000));
}

#[test]
fn non_canonical_sv39_address_faults_with_its_tval() {
    let (mut h, ..) = setup(SV39, RWXAD);
    let bad = 0x0000_0080_0000_0000; // bit 39 set, bits 63..40 clear
    let t = trap(h.translate(bad, 1, Access::Fetch));
    assert_eq!((t.cause, t.tval), (Exception::InstructionPageFault, bad));
    let t = trap(h.store(bad, 1, 0));
    assert_eq!((t.cause, t.tval), (Exception::StorePageFault, bad));
}

#[test]
fn invalid_and_reserved_ptes_fault_for_each_access_kind() {
    for (flags, what) in [
        (0, "V=0"),
        (V | W | A | D, "W without R"),
        (RWXAD | 1 << 61, "PBMT without Svpbmt"),
        (RWXAD | 1 << 63, "N without Svnapot"),
        (RWXAD | 1 << 54, "reserved bit 54"),
    ] {
        let (mut h, ..) = setup(SV39, flags);
        let t = trap(h.load(VA + 4, 4));
        assert_eq!((t.cause, t.tval), (Exception::LoadPageFault, VA + 4), "{what}");
        let t = trap(h.store(VA + 8, 8, 1));
        assert_eq!((t.cause, t.tval), (Exception::StorePageFault, VA + 8), "{what}");
        let t = trap(h.fetch(VA + 2));
        assert_eq!((t.cause, t.tval), (Exception::InstructionPageFault, VA + 2), "{what}");
    }
}

#[test]
fn non_leaf_with_a_d_or_u_and_missing_leaf_fault() {
    for bad in [A, D, U] {
        let (mut h, _, root, _) = setup(SV39, RWXAD);
        let a = find_pte(&mut h, SV39, root, VA, 2);
        let e = rd(&mut h, a);
        wr(&mut h, a, e | bad);
        assert_eq!(cause(h.load(VA, 8)), Exception::LoadPageFault);
    }
    // A pointer PTE at level 0 is not a leaf: page fault.
    let (mut h, ..) = setup(SV39, V);
    assert_eq!(cause(h.load(VA, 8)), Exception::LoadPageFault);
}

#[test]
fn user_pages_sum_and_execute() {
    let (mut h, ..) = setup(SV39, RWXAD | U);
    // S-mode on a U page: loads/stores need SUM, fetches never succeed.
    assert_eq!(cause(h.load(VA, 8)), Exception::LoadPageFault);
    h.csr_set(MSTATUS, SUM);
    assert_eq!(h.load(VA, 8), Ok(0));
    h.store(VA, 8, 5).unwrap();
    assert_eq!(cause(h.fetch(VA)), Exception::InstructionPageFault);
    // U-mode may use it.
    set_mode(&mut h, Privilege::User, false);
    assert_eq!(h.load(VA, 8), Ok(5));
    assert!(h.fetch(VA).is_ok());

    // U-mode on a supervisor page faults.
    let (mut h, ..) = setup(SV39, RWXAD);
    set_mode(&mut h, Privilege::User, false);
    let t = trap(h.load(VA + 1, 1));
    assert_eq!((t.cause, t.tval), (Exception::LoadPageFault, VA + 1));
}

#[test]
fn sum_change_takes_effect_without_a_flush() {
    let (mut h, ..) = setup(SV39, RWXAD | U);
    h.csr_set(MSTATUS, SUM);
    assert!(h.load(VA, 8).is_ok()); // now cached
    h.csr_clear(MSTATUS, SUM);
    assert_eq!(cause(h.load(VA, 8)), Exception::LoadPageFault);
    h.csr_set(MSTATUS, SUM);
    assert!(h.load(VA, 8).is_ok());
}

#[test]
fn mxr_makes_execute_only_readable() {
    let (mut h, ..) = setup(SV39, V | X | A | D);
    assert!(h.fetch(VA).is_ok());
    assert_eq!(cause(h.load(VA, 4)), Exception::LoadPageFault);
    h.csr_set(MSTATUS, MXR);
    assert!(h.load(VA, 4).is_ok());
    assert_eq!(cause(h.store(VA, 4, 0)), Exception::StorePageFault);
    h.csr_clear(MSTATUS, MXR);
    assert_eq!(cause(h.load(VA, 4)), Exception::LoadPageFault);
}

#[test]
fn mprv_translates_loads_and_stores_but_not_fetches() {
    let (mut h, ..) = setup(SV39, RWXAD);
    set_mode(&mut h, Privilege::Machine, false);
    // Without MPRV, M-mode addresses are physical.
    assert_eq!(h.translate(PA, 4, Access::Load), Ok(PA));
    h.csr_set(MSTATUS, MPRV | (1 << MPP_SHIFT)); // MPP = S
    assert_eq!(h.translate(VA + 4, 4, Access::Load), Ok(PA + 4));
    assert_eq!(h.translate(VA + 4, 4, Access::Store), Ok(PA + 4));
    assert_eq!(h.translate(PA, 4, Access::Fetch), Ok(PA));
    // MPP = U on a supervisor page: a page fault for the load.
    h.csr_clear(MSTATUS, MPP);
    assert_eq!(cause(h.load(VA, 4)), Exception::LoadPageFault);
    // MPP = M: physical again.
    h.csr_set(MSTATUS, MPP);
    assert_eq!(h.translate(PA, 4, Access::Load), Ok(PA));
}

#[test]
fn svade_faults_on_clear_a_and_d() {
    let (mut h, _, _, leaf) = setup(SV39, V | R | W | X);
    let t = trap(h.load(VA, 8));
    assert_eq!((t.cause, t.tval), (Exception::LoadPageFault, VA));
    wr(&mut h, leaf, pte(PA, V | R | W | X | A));
    h.flush_translations();
    assert!(h.load(VA, 8).is_ok());
    // The cached entry (D=0) must not let a store through.
    let t = trap(h.store(VA + 16, 8, 1));
    assert_eq!((t.cause, t.tval), (Exception::StorePageFault, VA + 16));
    assert_eq!(rd(&mut h, leaf), pte(PA, V | R | W | X | A), "Svade never writes PTEs");
}

#[test]
fn svadu_sets_a_then_d() {
    let (mut h, _, root, leaf) = setup(SV39, V | R | W | X);
    h.csr_set(MENVCFG, ENVCFG_ADUE);
    assert!(h.load(VA, 8).is_ok());
    assert_eq!(rd(&mut h, leaf), pte(PA, V | R | W | X | A));
    h.store(VA, 8, 7).unwrap();
    assert_eq!(rd(&mut h, leaf), pte(PA, V | R | W | X | A | D));
    assert_eq!(rd(&mut h, PA), 7);
    // Non-leaf PTEs are left alone.
    let a = find_pte(&mut h, SV39, root, VA, 2);
    assert_eq!(rd(&mut h, a) & (A | D), 0);
    // No update when the permission check fails (read-only page, store).
    let (mut h, _, _, leaf) = setup(SV39, V | R);
    h.csr_set(MENVCFG, ENVCFG_ADUE);
    assert_eq!(cause(h.store(VA, 8, 1)), Exception::StorePageFault);
    assert_eq!(rd(&mut h, leaf), pte(PA, V | R));
}

#[test]
fn sfence_vma_drops_stale_translations() {
    let (mut h, _, _, leaf) = setup(SV39, RWXAD);
    assert_eq!(h.translate(VA, 8, Access::Load), Ok(PA));
    wr(&mut h, leaf, pte(PA + 0x1000, RWXAD));
    // Without a fence the old translation may be used (and is).
    assert_eq!(h.translate(VA, 8, Access::Load), Ok(PA));
    // A fence for another address keeps it...
    h.sfence_vma(0, Some(VA + 0x1000), None).unwrap();
    assert_eq!(h.translate(VA, 8, Access::Load), Ok(PA));
    // ...one for this address drops it.
    h.sfence_vma(0, Some(VA + 0x10), None).unwrap();
    assert_eq!(h.translate(VA, 8, Access::Load), Ok(PA + 0x1000));
}

#[test]
fn sfence_of_any_address_in_a_superpage_drops_all_of_it() {
    let mut h = hart();
    let mut f = Frames::default();
    let root = f.alloc(4096);
    let a = map(&mut h, &mut f, SV39, root, 0x4000_0000, 0x8020_0000, 1, RWXAD);
    h.csr_write(SATP, satp(SATP_MODE_SV39, 0, root));
    set_mode(&mut h, Privilege::Supervisor, false);
    assert_eq!(h.translate(0x4000_5000, 8, Access::Load), Ok(0x8020_5000));
    wr(&mut h, a, pte(0x8040_0000, RWXAD));
    h.sfence_vma(0, Some(0x4010_0000), None).unwrap();
    assert_eq!(h.translate(0x4000_5000, 8, Access::Load), Ok(0x8040_5000));
}

#[test]
fn asids_keep_address_spaces_apart() {
    let mut h = hart();
    let mut f = Frames::default();
    let root1 = f.alloc(4096);
    let root2 = f.alloc(4096);
    map(&mut h, &mut f, SV39, root1, VA, PA, 0, RWXAD);
    map(&mut h, &mut f, SV39, root2, VA, PA + 0x1000, 0, RWXAD);
    let kernel = 0xffff_ffff_c000_0000;
    let kleaf = map(&mut h, &mut f, SV39, root1, kernel, 0x8000_0000, 2, RWXAD | G);
    map(&mut h, &mut f, SV39, root2, kernel, 0x8000_0000, 2, RWXAD | G);
    set_mode(&mut h, Privilege::Supervisor, false);
    h.csr_write(SATP, satp(SATP_MODE_SV39, 1, root1));
    assert_eq!(h.translate(VA, 8, Access::Load), Ok(PA));
    assert!(h.fetch(kernel).is_ok());
    h.csr_write(SATP, satp(SATP_MODE_SV39, 2, root2));
    assert_eq!(h.translate(VA, 8, Access::Load), Ok(PA + 0x1000));
    h.csr_write(SATP, satp(SATP_MODE_SV39, 1, root1));
    assert_eq!(h.translate(VA, 8, Access::Load), Ok(PA));

    // SFENCE.VMA x0, asid drops that ASID's non-global entries only.
    let leaf1 = find_pte(&mut h, SV39, root1, VA, 0);
    wr(&mut h, leaf1, pte(PA + 0x2000, RWXAD));
    wr(&mut h, kleaf, pte(0x8000_0000, V | R | A)); // kernel now read-only
    h.sfence_vma(0, None, Some(2)).unwrap();
    assert_eq!(h.translate(VA, 8, Access::Load), Ok(PA));
    h.sfence_vma(0, None, Some(1)).unwrap();
    assert_eq!(h.translate(VA, 8, Access::Load), Ok(PA + 0x2000));
    assert!(h.translate(kernel, 8, Access::Store).is_ok(), "global entry survives an ASID fence");
    h.sfence_vma(0, None, None).unwrap();
    assert_eq!(cause(h.translate(kernel, 8, Access::Store)), Exception::StorePageFault);
}

#[test]
fn bare_satp_is_identity_with_pmp() {
    let mut h = hart();
    set_mode(&mut h, Privilege::Supervisor, false);
    assert_eq!(h.translate(0x8000_1234, 4, Access::Load), Ok(0x8000_1234));
    assert_eq!(h.translate(0xffff_ffff_ffff_f000, 4, Access::Load), Err(hemu::hart::Trap::new(Exception::LoadAccessFault, 0xffff_ffff_ffff_f000)));
}

#[test]
fn page_table_in_pmp_denied_memory_is_an_access_fault() {
    let (mut h, _, root, _) = setup(SV39, RWXAD);
    // Entry 0: NA4... use NAPOT 4 KiB over the root table with no permissions.
    h.pmpaddr_write(0, (root >> 2) | 0x1ff);
    h.pmpcfg_write(0, 0x18);
    let t = trap(h.fetch(VA));
    assert_eq!((t.cause, t.tval), (Exception::InstructionAccessFault, VA));
    let t = trap(h.store(VA, 8, 0));
    assert_eq!((t.cause, t.tval), (Exception::StoreAccessFault, VA));
}

#[test]
fn fences_are_gated_by_mode_and_tvm() {
    let mut h = hart();
    set_mode(&mut h, Privilege::User, false);
    assert_eq!(cause(h.sfence_vma(0x1200_0073, None, None)), Exception::IllegalInstruction);
    set_mode(&mut h, Privilege::Supervisor, false);
    assert!(h.sfence_vma(0x1200_0073, None, None).is_ok());
    h.csr_set(MSTATUS, TVM);
    let t = trap(h.sfence_vma(0x1200_0073, None, None));
    assert_eq!((t.cause, t.tval), (Exception::IllegalInstruction, 0x1200_0073));
    set_mode(&mut h, Privilege::Machine, false);
    assert!(h.sfence_vma(0x1200_0073, None, None).is_ok());
}
