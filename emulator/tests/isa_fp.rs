//! F/D glue that does not need IEEE arithmetic: loads and stores,
//! NaN-boxing, moves, sign injection, and the reserved rounding modes.

mod isa_common;

use hemu::hart::Exception;
use hemu::isa::encode::{freg::*, reg::*, rm::*, *};
use isa_common::*;

const BOX: u64 = 0xffff_ffff_0000_0000;

#[test]
fn flw_boxes_and_fsw_stores_low_bits() {
    let mut h = fp_hart();
    let a = BASE + 0x3000;
    assert!(h.bus_mut().ram.write(a, 8, 0x1122_3344_bf80_0000));
    h.set_xreg(A0, a);
    run(&mut h, flw(FA0, A0, 0));
    assert_eq!(h.freg(FA0), BOX | 0xbf80_0000);
    run(&mut h, fld(FA1, A0, 0));
    assert_eq!(h.freg(FA1), 0x1122_3344_bf80_0000);
    // FSW stores the low 32 bits even of an unboxed value.
    h.set_freg(FA2, 0x0000_0001_4040_0000);
    run(&mut h, fsw(FA2, A0, 8));
    assert_eq!(h.bus().ram.read(a + 8, 8), Some(0x4040_0000));
    run(&mut h, fsd(FA1, A0, 16));
    assert_eq!(h.bus().ram.read(a + 16, 8), Some(0x1122_3344_bf80_0000));
}

#[test]
fn fmv_between_register_files() {
    let mut h = fp_hart();
    h.set_xreg(A0, 0xdead_beef_8000_0001);
    run(&mut h, fmv_w_x(FA0, A0));
    assert_eq!(h.freg(FA0), BOX | 0x8000_0001, "FMV.W.X boxes the low 32 bits");
    // FMV.X.W sign-extends the low 32 bits and does not check boxing.
    h.set_freg(FA1, 0x0000_0000_8000_0000);
    run(&mut h, fmv_x_w(A1, FA1));
    assert_eq!(h.xreg(A1), 0xffff_ffff_8000_0000);
    h.set_freg(FA1, 0x1234_5678_7fff_ffff);
    run(&mut h, fmv_x_w(A1, FA1));
    assert_eq!(h.xreg(A1), 0x7fff_ffff);
    run(&mut h, fmv_d_x(FA2, A0));
    assert_eq!(h.freg(FA2), 0xdead_beef_8000_0001);
    run(&mut h, fmv_x_d(A2, FA2));
    assert_eq!(h.xreg(A2), 0xdead_beef_8000_0001);
}

#[test]
fn sign_injection_single() {
    let mut h = fp_hart();
    let one = BOX | 0x3f80_0000; // 1.0
    let neg_two = BOX | 0xc000_0000; // -2.0
    h.set_freg(FA0, one);
    h.set_freg(FA1, neg_two);
    run(&mut h, fsgnj_s(FA2, FA0, FA1));
    assert_eq!(h.freg(FA2), BOX | 0xbf80_0000);
    run(&mut h, fsgnjn_s(FA2, FA0, FA1));
    assert_eq!(h.freg(FA2), one);
    run(&mut h, fsgnjx_s(FA2, FA1, FA1));
    assert_eq!(h.freg(FA2), BOX | 0x4000_0000, "fabs");
    run(&mut h, fsgnjn_s(FA2, FA0, FA0));
    assert_eq!(h.freg(FA2), BOX | 0xbf80_0000, "fneg");
    // An improperly boxed operand reads as the canonical NaN.
    h.set_freg(FA3, 0x0000_0000_3f80_0000);
    run(&mut h, fsgnj_s(FA2, FA3, FA0));
    assert_eq!(h.freg(FA2), BOX | 0x7fc0_0000);
    run(&mut h, fsgnjn_s(FA2, FA3, FA0));
    assert_eq!(h.freg(FA2), BOX | 0xffc0_0000);
    // ... also as the sign source.
    run(&mut h, fsgnj_s(FA2, FA1, FA3));
    assert_eq!(h.freg(FA2), BOX | 0x4000_0000);
}

#[test]
fn sign_injection_double() {
    let mut h = fp_hart();
    h.set_freg(FA0, 0x3ff0_0000_0000_0000); // 1.0
    h.set_freg(FA1, 0xc000_0000_0000_0000); // -2.0
    run(&mut h, fsgnj_d(FA2, FA0, FA1));
    assert_eq!(h.freg(FA2), 0xbff0_0000_0000_0000);
    run(&mut h, fsgnjn_d(FA2, FA1, FA1));
    assert_eq!(h.freg(FA2), 0x4000_0000_0000_0000);
    run(&mut h, fsgnjx_d(FA2, FA1, FA1));
    assert_eq!(h.freg(FA2), 0x4000_0000_0000_0000);
    // Doubles are not boxed: a boxed single is just a NaN's bits.
    h.set_freg(FA3, BOX | 1);
    run(&mut h, fsgnjx_d(FA2, FA3, FA0));
    assert_eq!(h.freg(FA2), BOX | 1);
}

#[test]
fn reserved_rounding_modes_are_illegal() {
    let mut h = fp_hart();
    let before = *h.fregs();
    let pc = h.pc();
    for bits in [
        fadd_s(FA0, FA1, FA2, 5),
        fadd_d(FA0, FA1, FA2, 6),
        fmadd_s(FA0, FA1, FA2, FA3, 5),
        fsqrt_d(FA0, FA1, 6),
        fcvt_w_s(A0, FA1, 5),
        fcvt_d_s(FA0, FA1, 6), // exact, but its rm field is still checked
        fcvt_d_w(FA0, A1, 5),
        fcvt_s_d(FA0, FA1, 5),
    ] {
        let e = exec(&mut h, bits).unwrap_err();
        assert_eq!((e.cause, e.tval), (Exception::IllegalInstruction, bits as u64), "{bits:#x}");
    }
    // rm = 7 (dynamic) with frm holding a reserved value.
    for frm in [5, 6, 7] {
        assert!(h.csr_poke(hemu::hart::csr::addr::FRM, frm));
        let bits = fmul_s(FA0, FA1, FA2, DYN);
        assert_eq!(exec(&mut h, bits).unwrap_err().cause, Exception::IllegalInstruction);
    }
    assert_eq!(*h.fregs(), before);
    assert_eq!(h.pc(), pc);
    assert_eq!(h.xreg(A0), 0);
}

#[test]
fn compressed_fp_loads_and_stores() {
    let mut h = fp_hart();
    h.set_xreg(SP, BASE + 0x5000);
    h.set_xreg(A1, BASE + 0x6000);
    h.set_freg(FA0, 0x4009_21fb_5444_2d18);
    run(&mut h, c_fsdsp(FA0, 504) as u32);
    run(&mut h, c_fldsp(FT1, 504) as u32);
    assert_eq!(h.freg(FT1), 0x4009_21fb_5444_2d18);
    run(&mut h, c_fsd(FA0, A1, 248) as u32);
    run(&mut h, c_fld(FS1, A1, 248) as u32);
    assert_eq!(h.freg(FS1), 0x4009_21fb_5444_2d18);
}

#[test]
fn fp_decode_rejects_quad() {
    use hemu::isa::{decode, Op};
    // fmt = 3 (Q) in OP-FP and the FMAs; the FLQ/FSQ width. (fmt = 2 and
    // the FLH/FSH width are Zfh: isa_zfh.rs.)
    assert_eq!(decode(fadd_s(FA0, FA1, FA2, 0) | (2 << 25)).op, Op::FaddH);
    assert_eq!(decode(fadd_s(FA0, FA1, FA2, 0) | (3 << 25)).op, Op::Illegal);
    assert_eq!(decode(fmadd_s(FA0, FA1, FA2, FA3, 0) | (3 << 25)).op, Op::Illegal);
    assert_eq!(decode(i_type(0x07, FA0, 1, A0, 0)).op, Op::Flh);
    assert_eq!(decode(i_type(0x07, FA0, 4, A0, 0)).op, Op::Illegal);
    assert_eq!(decode(s_type(0x27, 4, A0, FA0, 0)).op, Op::Illegal);
    // FSQRT with rs2 != 0, FMV.X.W with rm != 0, FCVT.S.D with rs2 = 0.
    assert_eq!(decode(fsqrt_s(FA0, FA1, 0) | (1 << 20)).op, Op::Illegal);
    assert_eq!(decode(fmv_x_w(A0, FA1) | (2 << 12)).op, Op::Illegal);
    assert_eq!(decode(fcvt_s_d(FA0, FA1, 0) & !(31 << 20)).op, Op::Illegal);
    // The rounding mode lands in imm.
    assert_eq!(decode(fadd_d(FA0, FA1, FA2, RTZ)).imm, RTZ as i64);
}
