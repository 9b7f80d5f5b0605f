//! Zimop and Zcmop: MOP.R.n and MOP.RR.n write 0 to rd (n from the bits
//! their encodings leave free), C.MOP.n (C.LUI xn, 0 with n odd below 16)
//! writes nothing; each is illegal in every mode on a hart without its
//! extension, and Zcmop does not need Zimop.

mod isa_common;

use hemu::hart::step::StepEvent;
use hemu::hart::{Exception, Mode};
use hemu::isa::encode::{reg::*, *};
use hemu::isa::table::Ext;
use hemu::isa::{decode, decode_with, disasm, Isa, Op};
use isa_common::*;

/// MOP.R.n a0, a1 and MOP.RR.n a0, a1, a2, with n spread over its fields.
fn mop_r(n: u32) -> u32 {
    mop_r_n(A0, A1) | (n >> 4 & 1) << 30 | (n >> 2 & 3) << 26 | (n & 3) << 20
}
fn mop_rr(n: u32) -> u32 {
    mop_rr_n(A0, A1, A2) | (n >> 2 & 1) << 30 | (n & 3) << 26
}
/// C.MOP.n, n odd in 1..=15.
fn c_mop(n: u16) -> u16 {
    0x6081 | (n >> 1) << 8
}

#[test]
fn encodings_and_disassembly() {
    // From the spec's encoding diagrams.
    assert_eq!(mop_r(0), 0x81c5_c573);
    assert_eq!(mop_r(31), 0xcdf5_c573);
    assert_eq!(mop_rr(7), 0xcec5_c573);
    assert_eq!(c_mop(1), 0b0110_0000_1000_0001);
    assert_eq!(c_mop(15), 0b0110_0111_1000_0001);
    for n in 0..32 {
        assert_eq!(decode(mop_r(n)).op, Op::MopRN);
        assert_eq!(disasm(&decode(mop_r(n)), 0), format!("mop.r.{n} a0,a1"));
    }
    for n in 0..8 {
        assert_eq!(decode(mop_rr(n)).op, Op::MopRrN);
        assert_eq!(disasm(&decode(mop_rr(n)), 0), format!("mop.rr.{n} a0,a1,a2"));
    }
    for n in (1..16).step_by(2) {
        assert_eq!(disasm(&decode(c_mop(n) as u32), 0), format!("c.mop.{n}"));
    }
    // C.LUI with nzimm = 0 and an even rd (or x16 and above) stays reserved.
    for rd in [0u8, 2, 4, 10, 16, 17, 31] {
        assert_eq!(decode(c_lui(rd, 0) as u32).op, Op::Illegal, "x{rd}");
    }
    // The SYSTEM funct3 = 100 neighbours with bit 31 clear are HLV/HSV or reserved.
    assert_ne!(decode(mop_r(0) & !(1 << 31)).op, Op::MopRN);
}

#[test]
fn mops_write_zero_and_c_mop_writes_nothing() {
    for w in [mop_r(0), mop_r(17), mop_rr(0), mop_rr(5)] {
        let mut h = hart();
        h.set_xreg(A0, 0x55);
        h.set_xreg(A1, 7);
        h.set_xreg(A2, 9);
        assert_eq!(run(&mut h, w), 4);
        assert_eq!((h.xreg(A0), h.xreg(A1), h.xreg(A2)), (0, 7, 9), "{w:#x}");
    }
    let mut h = hart();
    for r in 1..32 {
        h.set_xreg(r, r as u64);
    }
    for n in (1..16).step_by(2) {
        assert_eq!(run(&mut h, c_mop(n) as u32), 2);
    }
    for r in 1..32 {
        assert_eq!(h.xreg(r), r as u64, "x{r}");
    }
}

#[test]
fn illegal_without_the_extension_in_every_mode() {
    let no_zimop = Isa::ALL.with(Ext::Zimop, false);
    let no_zcmop = Isa::ALL.with(Ext::Zcmop, false);
    let legal = |w: u32, isa: Isa| decode_with(w, isa).op != Op::Illegal;
    assert!(!legal(mop_r(3), no_zimop) && !legal(mop_rr(3), no_zimop));
    assert!(legal(mop_r(3), no_zcmop));
    assert!(legal(c_mop(5) as u32, no_zimop), "Zcmop does not need Zimop");
    assert!(!legal(c_mop(5) as u32, no_zcmop));
    for (p, v) in MODES {
        let mode = Mode::new(p, v);
        for (w, isa) in [(mop_r(9), no_zimop), (c_mop(9) as u32, no_zcmop)] {
            let (e, _) = step_with_fs(isa, mode, 0, 0, w, |_| {});
            match e {
                StepEvent::Exception { cause: Exception::IllegalInstruction, tval, .. } => assert_eq!(tval, w as u64),
                e => panic!("{mode:?} {w:#x}: {e:?}"),
            }
            let (e, _) = step_with_fs(Isa::ALL, mode, 0, 0, w, |_| {});
            assert!(matches!(e, StepEvent::Retired { .. }), "{mode:?} {w:#x}: {e:?}");
        }
    }
    assert!(Isa::ALL.string().contains("_zihpm_zimop_zfa_"));
    assert!(Isa::ALL.string().contains("_zcb_zcmop_"));
}
