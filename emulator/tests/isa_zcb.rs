//! Zcb: each 16-bit encoding decodes to its 32-bit equivalent (spec
//! "Zcb instructions": C.LBU = LBU, ..., C.ZEXT.W = ADD.UW rd, rd, zero,
//! C.NOT = XORI rd, rd, -1), executes as it in the interpreter and in the
//! run loop's blocks, its reserved neighbours stay illegal, and without
//! Zcb (or without the Zbb/Zba an instruction also needs) it is illegal in
//! every mode.

mod isa_common;

use hemu::hart::step::StepEvent;
use hemu::hart::{Exception, Mode};
use hemu::isa::encode::{reg::*, *};
use hemu::isa::table::Ext;
use hemu::isa::{decode, decode_with, Inst, Isa, Op};
use isa_common::*;

/// `c` decodes to the same operation and operands as `full`.
fn same_as(c: u16, full: u32) {
    let (a, b) = (decode(c as u32), decode(full));
    assert_ne!(b.op, Op::Illegal, "{full:#010x}");
    let strip = |i: Inst| (i.op, i.rd, i.rs1, i.rs2, i.imm);
    assert_eq!(strip(a), strip(b), "{c:#06x} vs {full:#010x}");
    assert_eq!((a.len, a.raw), (2, c as u32));
}

#[test]
fn encodings_expand_to_their_32_bit_equivalents() {
    // Words from the spec's encoding diagrams.
    assert_eq!(c_lbu(A0, A1, 3), 0x81e8);
    assert_eq!(c_lh(A0, A1, 2), 0x85e8);
    assert_eq!(c_zext_b(A0), 0x9d61);
    assert_eq!(c_not(S1), 0x9cf5);
    assert_eq!(c_mul(A0, A1), 0x9d4d);
    for (rd, rs) in [(S0, A5), (A0, A1), (A5, S0)] {
        for uimm in 0..4 {
            same_as(c_lbu(rd, rs, uimm), lbu(rd, rs, uimm as i32));
            same_as(c_sb(rd, rs, uimm), sb(rd, rs, uimm as i32));
        }
        for uimm in [0, 2] {
            same_as(c_lhu(rd, rs, uimm), lhu(rd, rs, uimm as i32));
            same_as(c_lh(rd, rs, uimm), lh(rd, rs, uimm as i32));
            same_as(c_sh(rd, rs, uimm), sh(rd, rs, uimm as i32));
        }
        same_as(c_zext_b(rd), andi(rd, rd, 0xff));
        same_as(c_sext_b(rd), sext_b(rd, rd));
        same_as(c_zext_h(rd), zext_h(rd, rd));
        same_as(c_sext_h(rd), sext_h(rd, rd));
        same_as(c_zext_w(rd), add_uw(rd, rd, ZERO));
        same_as(c_not(rd), xori(rd, rd, -1));
        same_as(c_mul(rd, rs), mul(rd, rd, rs));
    }
}

#[test]
fn reserved_neighbours_stay_illegal() {
    // Quadrant 0 funct3 = 100: bits 12:10 = 1xx, and C.SH with bit 6 set.
    for op in 4..8u16 {
        assert_eq!(decode((0x8000 | op << 10) as u32).op, Op::Illegal, "{op}");
    }
    assert_eq!(decode((c_sh(A0, A1, 0) | 1 << 6) as u32).op, Op::Illegal);
    // The one-register group's funct 110 and 111.
    for f in [6u16, 7] {
        assert_eq!(decode((c_zext_b(A0) | f << 2) as u32).op, Op::Illegal, "{f}");
    }
}

#[test]
fn execution() {
    let mut h = hart();
    let a = BASE + 0x4000;
    assert!(h.bus_mut().ram.write(a, 8, 0x8877_6655_4433_f2e1));
    h.set_xreg(A1, a);
    let step = |h: &mut hemu::Hart, c: u16| assert_eq!(run(h, c as u32), 2);
    step(&mut h, c_lbu(A0, A1, 1));
    assert_eq!(h.xreg(A0), 0xf2);
    step(&mut h, c_lh(A0, A1, 0));
    assert_eq!(h.xreg(A0), 0xffff_ffff_ffff_f2e1);
    step(&mut h, c_lhu(A0, A1, 2));
    assert_eq!(h.xreg(A0), 0x4433);
    h.set_xreg(A2, 0x1234_5678_9abc_def0);
    step(&mut h, c_sb(A2, A1, 3));
    step(&mut h, c_sh(A2, A1, 2)); // overwrites byte 3 again: 0xdef0 at bytes 2..3
    assert_eq!(h.bus().ram.read(a, 8), Some(0x8877_6655_def0_f2e1));
    let unary = |c: fn(u8) -> u16, v: u64| {
        let mut h = hart();
        h.set_xreg(A0, v);
        assert_eq!(run(&mut h, c(A0) as u32), 2);
        h.xreg(A0)
    };
    let v = 0x1234_5678_9abc_de80;
    assert_eq!(unary(c_zext_b, v), 0x80);
    assert_eq!(unary(c_sext_b, v), 0xffff_ffff_ffff_ff80);
    assert_eq!(unary(c_zext_h, v), 0xde80);
    assert_eq!(unary(c_sext_h, v), 0xffff_ffff_ffff_de80);
    assert_eq!(unary(c_zext_w, v), 0x9abc_de80);
    assert_eq!(unary(c_not, v), !v);
    let mut h = hart();
    h.set_xreg(A0, 0xffff_ffff_ffff_fffd); // -3
    h.set_xreg(A1, 7);
    step(&mut h, c_mul(A0, A1));
    assert_eq!(h.xreg(A0), -21i64 as u64);
    // A faulting C.LH traps precisely: the pc stays on it.
    let mut h = hart();
    h.set_xreg(A1, 0x10);
    let pc = h.pc();
    let e = exec(&mut h, c_lh(A0, A1, 2) as u32).unwrap_err();
    assert_eq!((e.cause, h.pc()), (Exception::LoadAccessFault, pc));
}

/// The run loop's blocks (threaded handlers and compiled code) run them
/// as the interpreter does.
#[test]
fn blocks_run_them() {
    let program = [c_zext_w(A0), c_not(A1), c_mul(A0, A1), c_sext_b(A0), c_sb(A0, A2, 1), c_lbu(A3, A2, 1)];
    for jit in [false, true] {
        let mut h = hart();
        for (k, c) in program.iter().enumerate() {
            h.bus_mut().write(BASE + 2 * k as u64, 2, *c as u64).unwrap();
        }
        h.set_xreg(A0, 0xffff_ffff_0000_0005);
        h.set_xreg(A1, 2);
        h.set_xreg(A2, BASE + 0x2000);
        let mut engine = hemu::Engine::new(jit);
        engine.run(&mut h, program.len() as u64);
        // 5 * !2 = 5 * -3 = -15 = 0x...f1; sext.b keeps -15.
        assert_eq!(h.xreg(A0), -15i64 as u64, "jit {jit}");
        assert_eq!(h.xreg(A1), !2, "jit {jit}");
        assert_eq!(h.xreg(A3), 0xf1, "jit {jit}");
        assert_eq!(h.pc(), BASE + 2 * program.len() as u64);
    }
}

#[test]
fn illegal_without_zcb_or_the_extension_it_borrows() {
    let no_zcb = Isa::ALL.with(Ext::Zcb, false);
    let no_zbb = Isa::ALL.with(Ext::Zbb, false);
    let no_zba = Isa::ALL.with(Ext::Zba, false);
    let all: [(u16, &str); 12] = [
        (c_lbu(A0, A1, 1), "c.lbu"),
        (c_lhu(A0, A1, 2), "c.lhu"),
        (c_lh(A0, A1, 2), "c.lh"),
        (c_sb(A0, A1, 1), "c.sb"),
        (c_sh(A0, A1, 2), "c.sh"),
        (c_zext_b(A0), "c.zext.b"),
        (c_sext_b(A0), "c.sext.b"),
        (c_zext_h(A0), "c.zext.h"),
        (c_sext_h(A0), "c.sext.h"),
        (c_zext_w(A0), "c.zext.w"),
        (c_not(A0), "c.not"),
        (c_mul(A0, A1), "c.mul"),
    ];
    let legal = |c: u16, isa: Isa| decode_with(c as u32, isa).op != Op::Illegal;
    for (c, name) in all {
        assert!(legal(c, Isa::ALL), "{name}");
        assert!(!legal(c, no_zcb), "{name} without Zcb");
        let needs_zbb = matches!(name, "c.sext.b" | "c.zext.h" | "c.sext.h");
        assert_eq!(legal(c, no_zbb), !needs_zbb, "{name} without Zbb");
        assert_eq!(legal(c, no_zba), name != "c.zext.w", "{name} without Zba");
    }
    // C.ZEXT.H needs Zbb itself, even where ZEXT.H is legal through Zbkb.
    let zbkb_not_zbb = no_zbb.with(Ext::Zbkb, true);
    assert!(legal(c_zext_h(A0), Isa::ALL) && !legal(c_zext_h(A0), zbkb_not_zbb));
    assert_ne!(decode_with(zext_h(A0, A0), zbkb_not_zbb).op, Op::Illegal);
    // Illegal (not virtual) in every mode, with the 16 bits as tval.
    for (p, v) in MODES {
        let mode = Mode::new(p, v);
        let w = c_not(A0) as u32;
        let (e, _) = step_with_fs(no_zcb, mode, 0, 0, w, |_| {});
        match e {
            StepEvent::Exception { cause: Exception::IllegalInstruction, tval, .. } => assert_eq!(tval, w as u64),
            e => panic!("{mode:?}: {e:?}"),
        }
        let (e, h) = step_with_fs(Isa::ALL, mode, 0, 0, w, |_| {});
        assert!(matches!(e, StepEvent::Retired { .. }), "{mode:?}: {e:?}");
        assert_eq!(h.xreg(A0), u64::MAX);
    }
    assert!(Isa::ALL.string().contains("_zcb_"));
    assert!(Isa::parse("rv64gch_zcb").unwrap().has(Ext::Zcb));
}
