//! Loads, stores and fetches: misaligned accesses across pages, the fetch
//! of 16/32-bit instructions (also across pages), the executable-memory
//! PMA, the fetch cache, and the LR reservation.

mod mmu_util;
use hemu::hart::csr::addr::*;
use hemu::hart::csr::bits::*;
use hemu::hart::{Exception, Privilege};
use mmu_util::*;

const VA: u64 = 0x1000_0000;

/// S-mode, Sv39: VA -> 0x8030_0000 and VA+0x1000 -> 0x8050_0000 (not
/// contiguous), both RWX. Returns the hart and the second leaf's address.
fn two_pages() -> (hemu::Hart, u64) {
    let mut h = hart();
    let mut f = Frames::default();
    let root = f.alloc(4096);
    map(&mut h, &mut f, SV39, root, VA, 0x8030_0000, 0, RWXAD);
    let leaf2 = map(&mut h, &mut f, SV39, root, VA + 0x1000, 0x8050_0000, 0, RWXAD);
    h.csr_write(SATP, satp(SATP_MODE_SV39, 0, root));
    set_mode(&mut h, Privilege::Supervisor, false);
    (h, leaf2)
}

#[test]
fn misaligned_within_a_page() {
    let (mut h, _) = two_pages();
    h.store(VA + 3, 8, 0x0102_0304_0506_0708).unwrap();
    assert_eq!(h.load(VA + 3, 8), Ok(0x0102_0304_0506_0708));
    assert_eq!(h.load(VA + 5, 2), Ok(0x0506));
}

#[test]
fn misaligned_across_pages_uses_both_translations() {
    let (mut h, _) = two_pages();
    h.store(VA + 0xffd, 8, 0x8877_6655_4433_2211).unwrap();
    assert_eq!(h.bus_mut().read(0x8030_0ffd, 2), Ok(0x2211));
    assert_eq!(h.bus_mut().read(0x8030_0fff, 1), Ok(0x33));
    assert_eq!(h.bus_mut().read(0x8050_0000, 4), Ok(0x7766_5544));
    assert_eq!(h.bus_mut().read(0x8050_0004, 1), Ok(0x88));
    assert_eq!(h.load(VA + 0xffd, 8), Ok(0x8877_6655_4433_2211));
    assert_eq!(h.load(VA + 0xfff, 2), Ok(0x4433));
}

#[test]
fn fault_on_the_second_page_reports_its_address_and_writes_nothing() {
    let (mut h, leaf2) = two_pages();
    wr(&mut h, leaf2, 0);
    let t = trap(h.store(VA + 0xffc, 8, u64::MAX));
    assert_eq!((t.cause, t.tval), (Exception::StorePageFault, VA + 0x1000));
    assert_eq!(h.bus_mut().read(0x8030_0ffc, 4), Ok(0), "first part not written");
    let t = trap(h.load(VA + 0xffe, 4));
    assert_eq!((t.cause, t.tval), (Exception::LoadPageFault, VA + 0x1000));
    // A fault on the first page reports the access's own address.
    let t = trap(h.load(VA - 2, 4));
    assert_eq!((t.cause, t.tval), (Exception::LoadPageFault, VA - 2));
}

#[test]
fn fetch_16_and_32_bit_instructions() {
    let (mut h, _) = two_pages();
    // c.nop (0x0001) then addi x0,x0,0 (0x00000013) at +2.
    h.bus_mut().write(0x8030_0000, 2, 0x0001).unwrap();
    h.bus_mut().write(0x8030_0002, 4, 0x0000_0013).unwrap();
    assert_eq!(h.fetch(VA), Ok(0x0001));
    assert_eq!(h.fetch(VA + 2), Ok(0x13));
    // The cached page sees new bits (self-modifying code needs no flush here).
    h.store(VA + 2, 4, 0x0010_0093).unwrap();
    assert_eq!(h.fetch(VA + 2), Ok(0x0010_0093));
    // A 16-bit instruction in the last halfword of the page.
    h.bus_mut().write(0x8030_0ffe, 2, 0x4501).unwrap();
    assert_eq!(h.fetch(VA + 0xffe), Ok(0x4501));
    // A 32-bit instruction split over two pages.
    h.bus_mut().write(0x8030_0ffe, 2, 0x0513).unwrap();
    h.bus_mut().write(0x8050_0000, 2, 0x0000).unwrap();
    assert_eq!(h.fetch(VA + 0xffe), Ok(0x0000_0513));
    h.bus_mut().write(0x8050_0000, 2, 0x1234).unwrap();
    assert_eq!(h.fetch(VA + 0xffe), Ok(0x1234_0513));
    // Odd pc.
    assert_eq!(cause(h.fetch(VA + 1)), Exception::InstructionAddressMisaligned);
}

#[test]
fn fetch_second_half_fault_reports_pc_plus_2() {
    let (mut h, leaf2) = two_pages();
    h.bus_mut().write(0x8030_0ffe, 2, 0x0513).unwrap();
    wr(&mut h, leaf2, pte(0x8050_0000, V | R | W | A | D)); // not executable
    h.flush_translations();
    let t = trap(h.fetch(VA + 0xffe));
    assert_eq!((t.cause, t.tval), (Exception::InstructionPageFault, VA + 0x1000));
    // A compressed instruction there needs only the first page.
    h.bus_mut().write(0x8030_0ffe, 2, 0x4501).unwrap();
    assert_eq!(h.fetch(VA + 0xffe), Ok(0x4501));
}

#[test]
fn only_ram_and_rom_are_executable() {
    let mut h = hart();
    assert_eq!(h.fetch(0x8000_0000), Ok(0));
    let t = trap(h.fetch(0x1000_0000)); // the UART
    assert_eq!((t.cause, t.tval), (Exception::InstructionAccessFault, 0x1000_0000));
    let t = trap(h.fetch(0x4000_0000)); // nothing
    assert_eq!((t.cause, t.tval), (Exception::InstructionAccessFault, 0x4000_0000));
    // Past the end of RAM.
    assert_eq!(cause(h.fetch(0x8000_0000 + RAM_SIZE)), Exception::InstructionAccessFault);
    // The boot ROM's window, 0x1000..0x10000, up to its last halfword.
    assert!(h.fetch(0x1000).is_ok());
    assert!(h.fetch(0xfffe).is_ok());
    assert_eq!(cause(h.fetch(0xffe)), Exception::InstructionAccessFault);
    assert_eq!(cause(h.fetch(0x1_0000)), Exception::InstructionAccessFault);
}

#[test]
fn fetch_cache_follows_mode_changes_and_fences() {
    let (mut h, leaf2) = two_pages();
    h.bus_mut().write(0x8050_0000, 4, 0x1111_1113).unwrap();
    assert_eq!(h.fetch(VA + 0x1000), Ok(0x1111_1113));
    // M-mode: the same address is physical (the UART: not executable).
    set_mode(&mut h, Privilege::Machine, false);
    // No PMP entry: S-mode may fetch nothing (writing pmpcfg drops cached decisions).
    h.pmpcfg_write(0, 0);
    h.pmpcfg_write(2, 0);
    assert_eq!(h.fetch(VA + 0x1000), Err(hemu::hart::Trap::new(Exception::InstructionAccessFault, VA + 0x1000)));
    set_mode(&mut h, Privilege::Supervisor, false);
    open_pmp(&mut h);
    assert_eq!(h.fetch(VA + 0x1000), Ok(0x1111_1113));
    // Remap, fence: the new page is fetched.
    h.bus_mut().write(0x8060_0000, 4, 0x3333_3313).unwrap();
    wr(&mut h, leaf2, pte(0x8060_0000, RWXAD));
    h.sfence_vma(0, Some(VA + 0x1000), None).unwrap();
    assert_eq!(h.fetch(VA + 0x1000), Ok(0x3333_3313));
    // A satp write (ASID/root change) forgets the fetch page.
    h.csr_write(SATP, 0);
    assert_eq!(cause(h.fetch(VA + 0x1000)), Exception::InstructionAccessFault);
}

#[test]
fn stores_clear_a_matching_reservation() {
    let (mut h, _) = two_pages();
    h.set_reservation(Some(0x8030_0010));
    h.store(VA + 0x18, 8, 1).unwrap();
    assert_eq!(h.reservation(), Some(0x8030_0010));
    h.store(VA + 0x14, 1, 1).unwrap();
    assert_eq!(h.reservation(), None);
    h.set_reservation(Some(0x8050_0000));
    h.store(VA + 0xffe, 4, 0).unwrap();
    assert_eq!(h.reservation(), None);
}

#[test]
fn machine_mode_addresses_at_the_top_do_not_panic() {
    let mut h = hart();
    assert_eq!(cause(h.load(u64::MAX - 7, 8)), Exception::LoadAccessFault);
    assert_eq!(cause(h.store(u64::MAX - 3, 8, 0)), Exception::StoreAccessFault);
    assert!(h.fetch(u64::MAX - 1).is_err());
    h.set_reservation(Some(u64::MAX - 7));
    assert!(h.store(u64::MAX - 7, 8, 0).is_err());
    set_mode(&mut h, Privilege::Supervisor, false);
    assert!(h.load(u64::MAX - 1, 8).is_err());
}
