//! htinst/mtinst for guest-page faults of explicit accesses: the
//! transformed instruction (hypervisor spec, "Transformed Instruction or
//! Pseudoinstruction for mtinst or htinst"), executed on real instruction
//! streams in VS-mode over a G-stage that maps only the code page.

mod mmu_util;
use hemu::bus::RAM_BASE;
use hemu::hart::csr::addr::*;
use hemu::hart::step::StepEvent;
use hemu::hart::{Exception, Privilege};
use hemu::isa::encode::{self, reg::*};
use mmu_util::*;

const CODE: u64 = RAM_BASE + 0x1000;
/// A guest-physical address the G-stage does not map.
const HOLE: u64 = 0x4000_0000;

/// Run `code` (bytes) in VS-mode at GPA = PA = CODE with a1 = HOLE; step
/// until the guest-page fault reaches HS; returns (cause, stval, htval, htinst).
fn fault(code: &[u8]) -> (Exception, u64, u64, u64) {
    fault_with(code, false)
}

/// As `fault`; with `below`, the 2 MiB just below HOLE is mapped (to RAM).
fn fault_with(code: &[u8], below: bool) -> (Exception, u64, u64, u64) {
    let mut h = hart();
    let mut f = Frames::default();
    let groot = f.alloc(16 << 10);
    map(&mut h, &mut f, SV39X4, groot, CODE & !0x1f_ffff, CODE & !0x1f_ffff, 1, RWXAD | U);
    if below {
        map(&mut h, &mut f, SV39X4, groot, HOLE - 0x20_0000, RAM_BASE + 0x20_0000, 1, RWXAD | U);
    }
    assert!(h.csr_poke(HGATP, hgatp(8, 1, groot)));
    assert!(h.csr_poke(MEDELEG, (1 << 21) | (1 << 23)));
    assert!(h.csr_poke(STVEC, RAM_BASE));
    assert!(h.bus_mut().ram.load_bytes(CODE, code));
    h.set_xreg(A1, HOLE);
    set_mode(&mut h, Privilege::Supervisor, true);
    h.set_pc(CODE);
    for _ in 0..4 {
        if let StepEvent::Exception { cause, .. } = h.step() {
            let c = |a| h.csr_peek(a).unwrap();
            return (cause, c(STVAL), c(HTVAL), c(HTINST));
        }
    }
    panic!("no fault");
}

fn words(ws: &[u32]) -> Vec<u8> {
    ws.iter().flat_map(|w| w.to_le_bytes()).collect()
}

#[test]
fn load_store_and_amo_are_transformed() {
    // ld a0, 24(a1): immediate cleared, rs1 = offset 0.
    let (cause, stval, htval, htinst) = fault(&words(&[encode::ld(A0, A1, 24)]));
    assert_eq!(cause, Exception::LoadGuestPageFault);
    assert_eq!(stval, HOLE + 24);
    assert_eq!(htval, (HOLE + 24) >> 2);
    assert_eq!(htinst, encode::ld(A0, ZERO, 0) as u64);
    // sw a2, -8(a1): both immediate fields cleared, rs2 kept.
    let (cause, _, _, htinst) = fault(&words(&[encode::sw(A2, A1, -8)]));
    assert_eq!(cause, Exception::StoreGuestPageFault);
    assert_eq!(htinst, encode::sw(A2, ZERO, 0) as u64);
    // amoadd.w a0, a2, (a1): everything but rs1 kept.
    let (cause, _, _, htinst) = fault(&words(&[encode::amoadd_w(A0, A2, A1)]));
    assert_eq!(cause, Exception::StoreGuestPageFault);
    assert_eq!(htinst, encode::amoadd_w(A0, A2, ZERO) as u64);
}

#[test]
fn compressed_access_is_its_expansion_with_bit_1_clear() {
    // c.lw a0, 4(a1) (both registers are in the compressed set x8-x15).
    let c = encode::c_lw(A0, A1, 4);
    let mut bytes = c.to_le_bytes().to_vec();
    bytes.extend_from_slice(&encode::c_nop().to_le_bytes());
    let (cause, stval, _, htinst) = fault(&bytes);
    assert_eq!(cause, Exception::LoadGuestPageFault);
    assert_eq!(stval, HOLE + 4);
    assert_eq!(htinst, (encode::lw(A0, ZERO, 0) & !2) as u64, "lw expansion with bit 1 = 0");
}

#[test]
fn misaligned_access_reports_the_offset_of_the_faulting_part() {
    // ld a0, -4(a1) spans a mapped page and HOLE: the second part faults,
    // 4 bytes after the access's address, and rs1 of htinst says so.
    let (cause, stval, htval, htinst) = fault_with(&words(&[encode::ld(A0, A1, -4)]), true);
    assert_eq!(cause, Exception::LoadGuestPageFault);
    assert_eq!(stval, HOLE);
    assert_eq!(htval, HOLE >> 2);
    assert_eq!(htinst, encode::ld(A0, 4, 0) as u64, "rs1 field = address offset 4");
}
