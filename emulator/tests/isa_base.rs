//! RV64I and M through `execute`: arithmetic edge cases, branches, jumps,
//! loads/stores with sign extension, division by zero and overflow.

mod isa_common;

use hemu::isa::encode::{reg::*, *};
use isa_common::*;

/// (encoder, rs1 value, rs2 value, expected rd).
type Case = (fn(u8, u8, u8) -> u32, u64, u64, u64);

fn set(h: &mut hemu::Hart, r: u8, v: u64) {
    h.set_xreg(r, v);
}

#[test]
fn addi_li_and_x0() {
    let mut h = hart();
    assert_eq!(run(&mut h, addi(A0, ZERO, -1)), 4);
    assert_eq!(h.xreg(A0), u64::MAX);
    run(&mut h, addi(ZERO, A0, 5));
    assert_eq!(h.xreg(0), 0, "writes to x0 are discarded");
    set(&mut h, A1, u64::MAX);
    run(&mut h, addi(A2, A1, 1));
    assert_eq!(h.xreg(A2), 0, "wraps");
    run(&mut h, addi(A2, A1, -2048));
    assert_eq!(h.xreg(A2), u64::MAX - 2048);
}

#[test]
fn lui_auipc() {
    let mut h = hart();
    run(&mut h, lui(A0, 0x80000));
    assert_eq!(h.xreg(A0), 0xffff_ffff_8000_0000, "LUI sign-extends bit 31");
    run(&mut h, lui(A0, 0x7ffff));
    assert_eq!(h.xreg(A0), 0x7fff_f000);
    let pc = h.pc();
    run(&mut h, auipc(A1, 0xfffff));
    assert_eq!(h.xreg(A1), pc.wrapping_sub(0x1000));
}

#[test]
fn compare_and_logic() {
    let mut h = hart();
    set(&mut h, A0, (-5i64) as u64);
    set(&mut h, A1, 3);
    run(&mut h, slt(A2, A0, A1));
    assert_eq!(h.xreg(A2), 1);
    run(&mut h, sltu(A2, A0, A1));
    assert_eq!(h.xreg(A2), 0);
    run(&mut h, slti(A2, A0, -4));
    assert_eq!(h.xreg(A2), 1);
    run(&mut h, sltiu(A2, A1, -1)); // compares against 2^64-1
    assert_eq!(h.xreg(A2), 1);
    run(&mut h, xori(A2, A1, -1));
    assert_eq!(h.xreg(A2), !3);
    run(&mut h, ori(A2, A1, 0x700));
    assert_eq!(h.xreg(A2), 0x703);
    run(&mut h, andi(A2, A0, 0xf0));
    assert_eq!(h.xreg(A2), 0xf0 & (-5i64) as u64);
    run(&mut h, and(A2, A0, A1));
    assert_eq!(h.xreg(A2), 3 & (-5i64) as u64);
    run(&mut h, or(A2, A0, A1));
    run(&mut h, xor(A3, A0, A1));
    assert_eq!(h.xreg(A3), (-5i64 as u64) ^ 3);
    run(&mut h, sub(A3, A1, A0));
    assert_eq!(h.xreg(A3), 8);
    run(&mut h, add(A3, A1, A0));
    assert_eq!(h.xreg(A3), (-2i64) as u64);
}

#[test]
fn shifts() {
    let mut h = hart();
    set(&mut h, A0, 0x8000_0000_0000_0001);
    run(&mut h, srai(A1, A0, 63));
    assert_eq!(h.xreg(A1), u64::MAX);
    run(&mut h, srli(A1, A0, 63));
    assert_eq!(h.xreg(A1), 1);
    run(&mut h, slli(A1, A0, 63));
    assert_eq!(h.xreg(A1), 0x8000_0000_0000_0000);
    set(&mut h, A2, 65); // only the low 6 bits count
    run(&mut h, sll(A1, A0, A2));
    assert_eq!(h.xreg(A1), 2);
    run(&mut h, sra(A1, A0, A2));
    assert_eq!(h.xreg(A1), 0xc000_0000_0000_0000);
    run(&mut h, srl(A1, A0, A2));
    assert_eq!(h.xreg(A1), 0x4000_0000_0000_0000);
    // W forms: 5-bit amounts, 32-bit results sign-extended.
    set(&mut h, A0, 0x0000_0001_8000_0001);
    run(&mut h, slliw(A1, A0, 31));
    assert_eq!(h.xreg(A1), 0xffff_ffff_8000_0000);
    run(&mut h, srliw(A1, A0, 31));
    assert_eq!(h.xreg(A1), 1);
    run(&mut h, sraiw(A1, A0, 31));
    assert_eq!(h.xreg(A1), u64::MAX);
    run(&mut h, srliw(A1, A0, 0));
    assert_eq!(h.xreg(A1), 0xffff_ffff_8000_0001, "srliw by 0 still sign-extends");
    set(&mut h, A2, 33); // low 5 bits = 1
    run(&mut h, sllw(A1, A0, A2));
    assert_eq!(h.xreg(A1), 2);
    run(&mut h, srlw(A1, A0, A2));
    assert_eq!(h.xreg(A1), 0x4000_0000);
    run(&mut h, sraw(A1, A0, A2));
    assert_eq!(h.xreg(A1), 0xffff_ffff_c000_0000);
}

#[test]
fn word_arithmetic() {
    let mut h = hart();
    set(&mut h, A0, 0x7fff_ffff);
    run(&mut h, addiw(A1, A0, 1));
    assert_eq!(h.xreg(A1), 0xffff_ffff_8000_0000);
    set(&mut h, A0, 0xdead_beef_0000_0000);
    run(&mut h, addiw(A1, A0, 0)); // sext.w
    assert_eq!(h.xreg(A1), 0);
    set(&mut h, A0, 0);
    set(&mut h, A2, 1);
    run(&mut h, subw(A1, A0, A2));
    assert_eq!(h.xreg(A1), u64::MAX);
    set(&mut h, A0, 0xffff_ffff);
    run(&mut h, addw(A1, A0, A2));
    assert_eq!(h.xreg(A1), 0);
}

#[test]
fn branches_taken_and_not() {
    let mut h = hart();
    set(&mut h, A0, (-1i64) as u64);
    set(&mut h, A1, 1);
    let cases: [(u32, bool); 12] = [
        (beq(A0, A0, 16), true),
        (beq(A0, A1, 16), false),
        (bne(A0, A1, 16), true),
        (bne(A1, A1, 16), false),
        (blt(A0, A1, 16), true),
        (blt(A1, A0, 16), false),
        (bge(A1, A0, 16), true),
        (bge(A0, A1, 16), false),
        (bltu(A1, A0, 16), true),
        (bltu(A0, A1, 16), false),
        (bgeu(A0, A1, 16), true),
        (bgeu(A1, A0, 16), false),
    ];
    for (bits, taken) in cases {
        let d = run(&mut h, bits);
        assert_eq!(d, if taken { 16 } else { 4 }, "{bits:#x}");
    }
    assert_eq!(run(&mut h, beq(ZERO, ZERO, -4096)), -4096);
    // A taken branch to a 2-byte-aligned target is fine (C is always on).
    assert_eq!(run(&mut h, beq(ZERO, ZERO, 6)), 6);
}

#[test]
fn jal_jalr() {
    let mut h = hart();
    let pc = h.pc();
    assert_eq!(run(&mut h, jal(RA, 2048)), 2048);
    assert_eq!(h.xreg(RA), pc + 4);
    // JALR clears bit 0 and computes the target before writing rd = rs1.
    set(&mut h, A0, 0x8000_1001);
    let pc = h.pc();
    run(&mut h, jalr(A0, A0, 2));
    assert_eq!(h.pc(), 0x8000_1002);
    assert_eq!(h.xreg(A0), pc + 4);
    // jalr x0 (ret) writes nothing.
    set(&mut h, RA, 0x8000_0100);
    run(&mut h, jalr(ZERO, RA, 0));
    assert_eq!(h.pc(), 0x8000_0100);
    assert_eq!(h.xreg(0), 0);
    // A 2-byte-aligned target is legal.
    set(&mut h, A1, 0x8000_0202);
    run(&mut h, jalr(ZERO, A1, 0));
    assert_eq!(h.pc(), 0x8000_0202);
}

#[test]
fn loads_sign_and_zero_extend() {
    let mut h = hart();
    let a = BASE + 0x1000;
    assert!(h.bus_mut().ram.load_bytes(a, &[0x80, 0xff, 0x00, 0x80, 0xef, 0xbe, 0xad, 0xde]));
    set(&mut h, A0, a + 8);
    let ck = |h: &mut hemu::Hart, bits: u32, v: u64| {
        run(h, bits);
        assert_eq!(h.xreg(A1), v, "{bits:#x}");
    };
    ck(&mut h, lb(A1, A0, -8), 0xffff_ffff_ffff_ff80);
    ck(&mut h, lbu(A1, A0, -8), 0x80);
    ck(&mut h, lh(A1, A0, -8), 0xffff_ffff_ffff_ff80);
    ck(&mut h, lh(A1, A0, -6), 0xffff_ffff_ffff_8000);
    ck(&mut h, lhu(A1, A0, -6), 0x8000);
    ck(&mut h, lw(A1, A0, -4), 0xffff_ffff_dead_beef);
    ck(&mut h, lwu(A1, A0, -4), 0xdead_beef);
    ck(&mut h, ld(A1, A0, -8), 0xdead_beef_8000_ff80);
    // A load into x0 still accesses memory but writes nothing.
    run(&mut h, ld(ZERO, A0, -8));
    assert_eq!(h.xreg(0), 0);
}

#[test]
fn stores_write_low_bytes() {
    let mut h = hart();
    let a = BASE + 0x2000;
    set(&mut h, A0, a);
    set(&mut h, A1, 0x1122_3344_5566_7788);
    run(&mut h, sd(A1, A0, 0));
    run(&mut h, sw(ZERO, A0, 8));
    run(&mut h, sb(A1, A0, 8));
    run(&mut h, sh(A1, A0, 10));
    assert_eq!(h.bus().ram.read(a, 8), Some(0x1122_3344_5566_7788));
    assert_eq!(h.bus().ram.read(a + 8, 4), Some(0x7788_0088));
}

#[test]
fn load_fault_leaves_pc_and_rd() {
    let mut h = hart();
    set(&mut h, A1, 7);
    let pc = h.pc();
    let e = exec(&mut h, ld(A1, ZERO, 16)).unwrap_err();
    assert_eq!(e.cause, hemu::hart::Exception::LoadAccessFault);
    assert_eq!(e.tval, 16);
    assert_eq!(h.pc(), pc);
    assert_eq!(h.xreg(A1), 7);
    let e = exec(&mut h, sd(A1, ZERO, 16)).unwrap_err();
    assert_eq!(e.cause, hemu::hart::Exception::StoreAccessFault);
}

#[test]
fn multiply() {
    let mut h = hart();
    let m1 = u64::MAX; // -1
    let cases: [Case; 12] = [
        (mul, 3, m1, m1 - 2),
        (mulh, m1, m1, 0),
        (mulhu, m1, m1, m1 - 1),
        (mulhsu, m1, m1, m1),
        (mulhsu, 2, m1, 1),
        (mulh, 1 << 63, 1 << 63, 1 << 62),
        (mulhu, 1 << 63, 4, 2),
        (mulw, 0x1_0000_0003, 0x7fff_ffff, 0x7fff_fffd),
        (mulw, 0x8000_0000, 1, 0xffff_ffff_8000_0000),
        (mulh, 5, (-3i64) as u64, m1),
        (mulhsu, (-3i64) as u64, 5, m1),
        (mul, 1 << 32, 1 << 32, 0),
    ];
    for (f, a, b, r) in cases {
        set(&mut h, A0, a);
        set(&mut h, A1, b);
        run(&mut h, f(A2, A0, A1));
        assert_eq!(h.xreg(A2), r, "{:#x}", f(A2, A0, A1));
    }
}

#[test]
fn divide_by_zero_and_overflow() {
    let mut h = hart();
    let min = 1u64 << 63;
    let m1 = u64::MAX;
    let wmin = 0xffff_ffff_8000_0000u64;
    let cases: [Case; 20] = [
        (div, 7, 0, m1),
        (divu, 7, 0, m1),
        (rem, 7, 0, 7),
        (remu, 7, 0, 7),
        (div, min, m1, min),
        (rem, min, m1, 0),
        (div, (-7i64) as u64, 2, (-3i64) as u64),
        (rem, (-7i64) as u64, 2, m1),
        (divu, m1, 2, m1 >> 1),
        (remu, m1, 2, 1),
        (divw, 7, 0, m1),
        (divuw, 7, 0, m1),
        (remw, 0x1_8000_0007, 0, 0xffff_ffff_8000_0007),
        (remuw, 0x1_8000_0007, 0, 0xffff_ffff_8000_0007),
        (divw, 0x8000_0000, m1, wmin),
        (remw, 0x8000_0000, m1, 0),
        (divuw, 0xffff_fffe, 1, 0xffff_ffff_ffff_fffe),
        (remuw, 0xffff_ffff, 0x1_0000_0002, 1),
        (divw, 0x1_0000_0010, 0xffff_fffe, (-8i64) as u64),
        (divuw, 0x1_0000_0010, 0x1_0000_0004, 4),
    ];
    for (f, a, b, r) in cases {
        set(&mut h, A0, a);
        set(&mut h, A1, b);
        run(&mut h, f(A2, A0, A1));
        assert_eq!(h.xreg(A2), r, "{:#x} a={a:#x} b={b:#x}", f(A2, A0, A1));
    }
}

#[test]
fn rd_equal_rs1_reads_before_writing() {
    let mut h = hart();
    set(&mut h, A0, 10);
    run(&mut h, add(A0, A0, A0));
    assert_eq!(h.xreg(A0), 20);
    set(&mut h, A0, BASE + 0x100);
    assert!(h.bus_mut().ram.write(BASE + 0x100, 8, 0x42));
    run(&mut h, ld(A0, A0, 0));
    assert_eq!(h.xreg(A0), 0x42);
}

#[test]
fn fences_are_noops_that_advance() {
    let mut h = hart();
    for bits in [fence(15, 15), fence_tso(), pause(), fence_i(), fence(0, 0), 0xf000_0f8f /* odd fm/rd/rs1 */] {
        assert_eq!(run(&mut h, bits), 4, "{bits:#x}");
    }
}
