//! PMP: matching modes, priority, partial matches, M/S/U rules, locking,
//! WARL legalization, and PMP results cached with translations.

mod mmu_util;
use hemu::bus::{Bus, RAM_BASE};
use hemu::hart::csr::addr::*;
use hemu::hart::csr::bits::*;
use hemu::hart::{Exception, Privilege};
use hemu::mmu::Access;
use hemu::Hart;
use mmu_util::*;

const TOR: u64 = 1 << 3;
const NA4: u64 = 2 << 3;
const NAPOT: u64 = 3 << 3;
const L: u64 = 1 << 7;
const PR: u64 = 1;
const PW: u64 = 2;
const PX: u64 = 4;

/// Set entry `i` (0..8) in pmpcfg0, keeping the others.
fn set_cfg(h: &mut Hart, i: usize, cfg: u64) {
    let old = h.pmpcfg_read(0);
    let shift = 8 * i;
    h.pmpcfg_write(0, (old & !(0xff << shift)) | cfg << shift);
}

#[test]
fn no_entry_s_and_u_fail_m_succeeds() {
    let mut h = Hart::new(Bus::new(RAM_SIZE), RAM_BASE);
    assert_eq!(h.load(RAM_BASE, 8), Ok(0));
    for prv in [Privilege::Supervisor, Privilege::User] {
        set_mode(&mut h, prv, false);
        let t = trap(h.load(RAM_BASE + 8, 8));
        assert_eq!((t.cause, t.tval), (Exception::LoadAccessFault, RAM_BASE + 8));
        assert_eq!(cause(h.store(RAM_BASE, 4, 0)), Exception::StoreAccessFault);
        assert_eq!(cause(h.fetch(RAM_BASE)), Exception::InstructionAccessFault);
    }
}

#[test]
fn tor_na4_napot_and_priority() {
    let mut h = hart(); // entry 15 allows everything
    // Entry 1: TOR [0x8000_1000, 0x8000_2000) read-only (pmpaddr0 is the bottom).
    h.pmpaddr_write(0, 0x8000_1000 >> 2);
    h.pmpaddr_write(1, 0x8000_2000 >> 2);
    set_cfg(&mut h, 1, TOR | PR);
    // Entry 2: NA4 at 0x8000_3000, nothing allowed.
    h.pmpaddr_write(2, 0x8000_3000 >> 2);
    set_cfg(&mut h, 2, NA4);
    // Entry 3: NAPOT 64 bytes at 0x8000_4000, RW.
    h.pmpaddr_write(3, (0x8000_4000 >> 2) | 0b111);
    set_cfg(&mut h, 3, NAPOT | PR | PW);
    // Entry 4: NAPOT 4 KiB at 0x8000_4000, RWX; entry 3 wins inside its 64 bytes.
    h.pmpaddr_write(4, (0x8000_4000 >> 2) | 0x1ff);
    set_cfg(&mut h, 4, NAPOT | PR | PW | PX);
    set_mode(&mut h, Privilege::Supervisor, false);

    assert!(h.load(0x8000_1800, 8).is_ok());
    assert_eq!(cause(h.store(0x8000_1800, 8, 0)), Exception::StoreAccessFault);
    assert!(h.store(0x8000_0ff8, 8, 0).is_ok(), "below the TOR range");
    assert!(h.store(0x8000_2000, 8, 0).is_ok(), "TOR top is exclusive");
    assert_eq!(cause(h.load(0x8000_3000, 4)), Exception::LoadAccessFault);
    assert!(h.load(0x8000_3004, 4).is_ok());
    assert!(h.store(0x8000_4038, 8, 0).is_ok());
    assert_eq!(cause(h.fetch(0x8000_4000)), Exception::InstructionAccessFault);
    assert!(h.fetch(0x8000_4040).is_ok());
    // M-mode ignores unlocked entries.
    set_mode(&mut h, Privilege::Machine, false);
    assert!(h.store(0x8000_1800, 8, 0).is_ok());
    assert!(h.load(0x8000_3000, 4).is_ok());
}

#[test]
fn partial_match_fails_in_every_mode() {
    let mut h = hart();
    h.pmpaddr_write(0, 0x8000_3004 >> 2);
    set_cfg(&mut h, 0, NA4 | PR | PW | PX);
    // 8 bytes at 0x8000_3000: entry 0 matches only the upper half.
    set_mode(&mut h, Privilege::Supervisor, false);
    assert_eq!(cause(h.load(0x8000_3000, 8)), Exception::LoadAccessFault);
    assert!(h.load(0x8000_3004, 4).is_ok());
    set_mode(&mut h, Privilege::Machine, false);
    assert_eq!(cause(h.load(0x8000_3000, 8)), Exception::LoadAccessFault);
    assert!(h.load(0x8000_3008, 8).is_ok());
}

#[test]
fn locked_entries_bind_m_and_ignore_writes() {
    let mut h = hart();
    h.pmpaddr_write(1, (0x8000_5000 >> 2) | 0x1ff); // NAPOT 4 KiB
    set_cfg(&mut h, 1, NAPOT | PR | L);
    set_mode(&mut h, Privilege::Machine, false);
    assert!(h.load(0x8000_5000, 8).is_ok());
    assert_eq!(cause(h.store(0x8000_5000, 8, 0)), Exception::StoreAccessFault);
    assert_eq!(cause(h.fetch(0x8000_5000)), Exception::InstructionAccessFault);
    assert!(h.store(0x8000_6000, 8, 0).is_ok(), "no match: M succeeds");
    // Neither its cfg nor its address can change.
    set_cfg(&mut h, 1, NAPOT | PR | PW | PX);
    assert_eq!(h.pmpcfg_read(0) >> 8 & 0xff, NAPOT | PR | L);
    h.pmpaddr_write(1, 0);
    assert_eq!(h.pmpaddr_read(1), (0x8000_5000 >> 2) | 0x1ff);
    assert_eq!(cause(h.store(0x8000_5000, 8, 0)), Exception::StoreAccessFault);

    // A locked TOR entry also locks the pmpaddr below it.
    h.pmpaddr_write(2, 0x8000_8000 >> 2);
    h.pmpaddr_write(3, 0x8000_9000 >> 2);
    set_cfg(&mut h, 3, TOR | L);
    h.pmpaddr_write(2, 0x8000_0000 >> 2);
    assert_eq!(h.pmpaddr_read(2), 0x8000_8000 >> 2);
    assert_eq!(cause(h.load(0x8000_8000, 8)), Exception::LoadAccessFault);
    assert!(h.load(0x8000_7ff8, 8).is_ok());
}

#[test]
fn cfg_warl_legalization() {
    let mut h = hart();
    // R=0 W=1 is reserved: W is dropped. Bits 6:5 are WPRI.
    set_cfg(&mut h, 0, NAPOT | PW | PX | 0x60);
    assert_eq!(h.pmpcfg_read(0) & 0xff, NAPOT | PX);
    h.pmpaddr_write(0, u64::MAX);
    assert_eq!(h.pmpaddr_read(0), (1 << 54) - 1);
    // Odd and unimplemented registers.
    assert_eq!(h.pmpcfg_read(1), 0);
    h.pmpcfg_write(4, u64::MAX);
    assert_eq!(h.pmpcfg_read(4), 0);
    assert_eq!(h.pmpaddr_read(99), 0);
    h.pmpaddr_write(99, 1);
}

#[test]
fn pmp_changes_apply_to_cached_translations() {
    let mut h = hart();
    let mut f = Frames::default();
    let root = f.alloc(4096);
    map(&mut h, &mut f, SV39, root, 0x1000_0000, 0x8030_0000, 0, RWXAD);
    h.csr_write(SATP, satp(SATP_MODE_SV39, 0, root));
    set_mode(&mut h, Privilege::Supervisor, false);
    assert!(h.store(0x1000_0000, 8, 0).is_ok());
    assert!(h.fetch(0x1000_0000).is_ok());
    h.pmpaddr_write(0, (0x8030_0000 >> 2) | 0x1ff);
    set_cfg(&mut h, 0, NAPOT | PR);
    assert_eq!(cause(h.store(0x1000_0000, 8, 0)), Exception::StoreAccessFault);
    assert_eq!(cause(h.fetch(0x1000_0000)), Exception::InstructionAccessFault);
    assert!(h.load(0x1000_0000, 8).is_ok());
    // An entry boundary inside the page: each access is checked.
    h.pmpaddr_write(0, (0x8030_0800 >> 2) | 0x7); // 64 bytes at +0x800
    set_cfg(&mut h, 0, NAPOT);
    assert!(h.load(0x1000_07f8, 8).is_ok());
    let t = trap(h.load(0x1000_0800, 8));
    assert_eq!((t.cause, t.tval), (Exception::LoadAccessFault, 0x1000_0800));
    assert!(h.load(0x1000_0840, 8).is_ok());
    assert_eq!(h.translate(0x1000_0900, 8, Access::Store), Ok(0x8030_0900));
}
