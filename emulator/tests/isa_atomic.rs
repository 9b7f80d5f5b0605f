//! The A extension: every AMO at both widths, LR/SC success and failure,
//! alignment and access faults.

mod isa_common;

use hemu::hart::Exception;
use hemu::isa::encode::{reg::*, *};
use isa_common::*;

const ADDR: u64 = BASE + 0x4000;

fn amo_case(f: fn(u8, u8, u8) -> u32, width: u8, mem: u64, src: u64, expect_mem: u64) {
    let mut h = hart();
    assert!(h.bus_mut().ram.write(ADDR, 8, 0x5555_5555_5555_5555));
    assert!(h.bus_mut().ram.write(ADDR, width, mem));
    h.set_xreg(A0, ADDR);
    h.set_xreg(A1, src);
    run(&mut h, f(A2, A1, A0));
    let old = if width == 4 { mem as u32 as i32 as i64 as u64 } else { mem };
    assert_eq!(h.xreg(A2), old, "rd = old value, {:#x}", f(A2, A1, A0));
    assert_eq!(h.bus().ram.read(ADDR, width), Some(expect_mem), "memory, {:#x}", f(A2, A1, A0));
    if width == 4 {
        assert_eq!(h.bus().ram.read(ADDR + 4, 4), Some(0x5555_5555), "only 4 bytes written");
    }
}

#[test]
fn amo_word() {
    let neg = 0xffff_fff0u64; // -16 as a word
    amo_case(amoswap_w, 4, neg, 0x1234_5678_9abc_def0, 0x9abc_def0);
    amo_case(amoadd_w, 4, 0xffff_ffff, 0xffff_ffff_0000_0002, 1);
    amo_case(amoxor_w, 4, 0xf0f0_f0f0, 0xffff, 0xf0f0_0f0f);
    amo_case(amoand_w, 4, 0xf0f0_f0f0, 0xff00, 0xf000);
    amo_case(amoor_w, 4, 0xf0f0_f0f0, 0x0f, 0xf0f0_f0ff);
    amo_case(amomin_w, 4, neg, 5, neg);
    // rs2 is compared as a 32-bit signed value: 0x1_0000_0005 is 5.
    amo_case(amomin_w, 4, 7, 0x1_0000_0005, 5);
    amo_case(amomax_w, 4, neg, 5, 5);
    amo_case(amominu_w, 4, neg, 5, 5);
    amo_case(amomaxu_w, 4, neg, 5, neg);
    amo_case(amomaxu_w, 4, 3, 0xffff_ffff_0000_0002, 3);
}

#[test]
fn amo_doubleword() {
    let neg = (-16i64) as u64;
    amo_case(amoswap_d, 8, neg, 42, 42);
    amo_case(amoadd_d, 8, u64::MAX, 2, 1);
    amo_case(amoxor_d, 8, 0xff, 0x0f, 0xf0);
    amo_case(amoand_d, 8, 0xff, 0x0f, 0x0f);
    amo_case(amoor_d, 8, 0xf0, 0x0f, 0xff);
    amo_case(amomin_d, 8, neg, 5, neg);
    amo_case(amomax_d, 8, neg, 5, 5);
    amo_case(amominu_d, 8, neg, 5, 5);
    amo_case(amomaxu_d, 8, neg, 5, neg);
}

#[test]
fn amo_rd_equals_rs2() {
    // amoswap a1, a1, (a0): rd gets the old value, memory the old rs2.
    let mut h = hart();
    assert!(h.bus_mut().ram.write(ADDR, 8, 1));
    h.set_xreg(A0, ADDR);
    h.set_xreg(A1, 2);
    run(&mut h, amoswap_d(A1, A1, A0));
    assert_eq!(h.xreg(A1), 1);
    assert_eq!(h.bus().ram.read(ADDR, 8), Some(2));
}

#[test]
fn lr_sc_success_and_failure() {
    let mut h = hart();
    assert!(h.bus_mut().ram.write(ADDR, 8, 0xffff_ffff_8000_0000));
    h.set_xreg(A0, ADDR);
    h.set_xreg(A1, 77);
    run(&mut h, lr_w(A2, A0));
    assert_eq!(h.xreg(A2), 0xffff_ffff_8000_0000, "LR.W sign-extends");
    assert_eq!(h.reservation(), Some(ADDR));
    run(&mut h, sc_w(A3, A1, A0));
    assert_eq!(h.xreg(A3), 0, "SC succeeds on the reserved address");
    assert_eq!(h.bus().ram.read(ADDR, 8), Some(0xffff_ffff_0000_004d));
    assert_eq!(h.reservation(), None, "SC clears the reservation");
    // A second SC fails and stores nothing.
    h.set_xreg(A1, 99);
    run(&mut h, sc_w(A3, A1, A0));
    assert_eq!(h.xreg(A3), 1);
    assert_eq!(h.bus().ram.read(ADDR, 4), Some(77));
    // SC to another address than the reserved one fails and clears it.
    run(&mut h, lr_d(A2, A0));
    h.set_xreg(A4, ADDR + 8);
    run(&mut h, sc_d(A3, A1, A4));
    assert_eq!(h.xreg(A3), 1);
    assert_eq!(h.bus().ram.read(ADDR + 8, 8), Some(0));
    assert_eq!(h.reservation(), None);
    // LR.D / SC.D.
    run(&mut h, lr_d(A2, A0));
    assert_eq!(h.xreg(A2), 0xffff_ffff_0000_004d);
    run(&mut h, sc_d(A3, A1, A0));
    assert_eq!(h.xreg(A3), 0);
    assert_eq!(h.bus().ram.read(ADDR, 8), Some(99));
}

#[test]
fn misaligned_atomics_fault() {
    let mut h = hart();
    h.set_xreg(A0, ADDR + 4);
    h.set_xreg(A1, ADDR + 2);
    let pc = h.pc();
    let e = exec(&mut h, lr_d(A2, A0)).unwrap_err();
    assert_eq!((e.cause, e.tval), (Exception::LoadAddressMisaligned, ADDR + 4));
    let e = exec(&mut h, lr_w(A2, A1)).unwrap_err();
    assert_eq!((e.cause, e.tval), (Exception::LoadAddressMisaligned, ADDR + 2));
    let e = exec(&mut h, sc_d(A2, A1, A0)).unwrap_err();
    assert_eq!((e.cause, e.tval), (Exception::StoreAddressMisaligned, ADDR + 4));
    let e = exec(&mut h, amoadd_w(A2, A1, A1)).unwrap_err();
    assert_eq!((e.cause, e.tval), (Exception::StoreAddressMisaligned, ADDR + 2));
    let e = exec(&mut h, amoswap_d(A2, A1, A0)).unwrap_err();
    assert_eq!(e.cause, Exception::StoreAddressMisaligned);
    assert_eq!(h.pc(), pc);
    assert_eq!(h.xreg(A2), 0);
}

#[test]
fn atomics_outside_memory_fault() {
    let mut h = hart();
    h.set_xreg(A0, 0x1000_0000_0000);
    let e = exec(&mut h, lr_w(A2, A0)).unwrap_err();
    assert_eq!((e.cause, e.tval), (Exception::LoadAccessFault, 0x1000_0000_0000));
    let e = exec(&mut h, amoor_d(A2, A1, A0)).unwrap_err();
    assert_eq!((e.cause, e.tval), (Exception::StoreAccessFault, 0x1000_0000_0000));
    assert_eq!(h.reservation(), None);
}

#[test]
fn aq_rl_bits_do_not_change_behaviour() {
    for (aq, rl) in [(false, true), (true, false), (true, true)] {
        let mut h = hart();
        assert!(h.bus_mut().ram.write(ADDR, 8, 5));
        h.set_xreg(A0, ADDR);
        h.set_xreg(A1, 3);
        run(&mut h, amo(0b00000, true, aq, rl, A2, A0, A1));
        assert_eq!(h.xreg(A2), 5);
        assert_eq!(h.bus().ram.read(ADDR, 8), Some(8));
    }
}

#[test]
fn lr_with_rs2_is_reserved() {
    let bits = lr_w(A0, A1) | (1 << 20);
    assert_eq!(hemu::isa::decode(bits).op, hemu::isa::Op::Illegal);
}
