//! Zfh and Zfhmin: half precision in the 64-bit f registers. Encodings as
//! GNU as 2.40 assembles them, NaN-boxing (an improperly boxed half reads
//! as the canonical NaN 0x7e00), correctly rounded arithmetic and
//! conversions with their fflags (no double rounding through a wider
//! format), the FS gate in every mode (vsstatus.FS too with V=1) and
//! `--isa` without Zfh or with Zfhmin alone.

mod isa_common;

use hemu::hart::csr::addr::{FFLAGS, FRM, MSTATUS, VSSTATUS};
use hemu::hart::csr::bits::{FS, FS_DIRTY, FS_INITIAL};
use hemu::hart::step::StepEvent;
use hemu::hart::{Exception, Mode};
use hemu::isa::encode::{freg::*, reg::*, rm::*, *};
use hemu::isa::table::Ext;
use hemu::isa::{decode, decode_with, disasm, Isa, Op};
use isa_common::*;

/// The bits above a NaN-boxed half.
const HBOX: u64 = 0xffff_ffff_ffff_0000;
const NV: u64 = 16;
const DZ: u64 = 8;
const OF: u64 = 4;
const UF: u64 = 2;
const NX: u64 = 1;

const ONE: u16 = 0x3c00;
const TWO: u16 = 0x4000;
const MAX: u16 = 0x7bff; // 65504
const INF: u16 = 0x7c00;
const QNAN: u16 = 0x7e00; // the canonical NaN
const SNAN: u16 = 0x7c01;
const MIN_NORMAL: u16 = 0x0400; // 2^-14
const MIN_SUB: u16 = 0x0001; // 2^-24

fn fflags(h: &hemu::Hart) -> u64 {
    h.csr_peek(FFLAGS).unwrap()
}

/// Run `w` with half operands in fa1, fa2, fa3 and fflags cleared; the
/// result register fa0 (must be boxed) and the flags.
fn op3(w: u32, a: u16, b: u16, c: u16) -> (u16, u64) {
    let mut h = fp_hart();
    h.set_freg(FA1, HBOX | a as u64);
    h.set_freg(FA2, HBOX | b as u64);
    h.set_freg(FA3, HBOX | c as u64);
    run(&mut h, w);
    let v = h.freg(FA0);
    assert_eq!(v & HBOX, HBOX, "{w:#x}: result NaN-boxed");
    (v as u16, fflags(&h))
}

fn op2(w: u32, a: u16, b: u16) -> (u16, u64) {
    op3(w, a, b, 0)
}

#[test]
fn encodings_as_gnu_as_assembles_them() {
    let cases: &[(u32, u32, &str)] = &[
        (flh(FA0, A1, 2), 0x0025_9507, "flh fa0,2(a1)"),
        (fsh(FA0, A1, -2), 0xfea5_9f27, "fsh fa0,-2(a1)"),
        (fmv_x_h(A0, FA1), 0xe405_8553, "fmv.x.h a0,fa1"),
        (fmv_h_x(FA0, A1), 0xf405_8553, "fmv.h.x fa0,a1"),
        (fcvt_s_h(FA0, FA1, 0), 0x4025_8553, "fcvt.s.h fa0,fa1"),
        (fcvt_h_s(FA0, FA1, RTZ), 0x4405_9553, "fcvt.h.s fa0,fa1,rtz"),
        (fcvt_d_h(FA0, FA1, 0), 0x4225_8553, "fcvt.d.h fa0,fa1"),
        (fcvt_h_d(FA0, FA1, DYN), 0x4415_f553, "fcvt.h.d fa0,fa1"),
        (fmadd_h(FA0, FA1, FA2, FA3, DYN), 0x6cc5_f543, "fmadd.h fa0,fa1,fa2,fa3"),
        (fnmadd_h(FA0, FA1, FA2, FA3, RNE), 0x6cc5_854f, "fnmadd.h fa0,fa1,fa2,fa3,rne"),
        (fadd_h(FA0, FA1, FA2, DYN), 0x04c5_f553, "fadd.h fa0,fa1,fa2"),
        (fsqrt_h(FA0, FA1, DYN), 0x5c05_f553, "fsqrt.h fa0,fa1"),
        (fsgnjn_h(FA0, FA1, FA2), 0x24c5_9553, "fsgnjn.h fa0,fa1,fa2"),
        (fmax_h(FA0, FA1, FA2), 0x2cc5_9553, "fmax.h fa0,fa1,fa2"),
        (fcvt_wu_h(A0, FA1, RTZ), 0xc415_9553, "fcvt.wu.h a0,fa1,rtz"),
        (fcvt_h_lu(FA0, A1, DYN), 0xd435_f553, "fcvt.h.lu fa0,a1"),
        (fle_h(A0, FA1, FA2), 0xa4c5_8553, "fle.h a0,fa1,fa2"),
        (fclass_h(A0, FA1), 0xe405_9553, "fclass.h a0,fa1"),
    ];
    for &(w, want, text) in cases {
        assert_eq!(w, want, "{text}");
        assert_eq!(disasm(&decode(w), 0), text);
    }
    assert_eq!(decode(fsgnj_h(FA0, FA1, FA1)).op, Op::FsgnjH);
    assert_eq!(disasm(&decode(fsgnjx_h(FA0, FA1, FA1)), 0), "fabs.h fa0,fa1");
}

#[test]
fn loads_box_and_stores_take_the_low_bits() {
    let mut h = fp_hart();
    let a = BASE + 0x3000;
    assert!(h.bus_mut().ram.write(a, 8, 0x1122_3344_5566_bc00));
    h.set_xreg(A0, a);
    run(&mut h, flh(FA0, A0, 0));
    assert_eq!(h.freg(FA0), HBOX | 0xbc00);
    // FSH stores the low 16 bits whatever the register holds.
    h.set_freg(FA1, 0x0000_0001_4040_1234);
    run(&mut h, fsh(FA1, A0, 8));
    assert_eq!(h.bus().ram.read(a + 8, 8), Some(0x1234));
    // A misaligned FLH is performed, as the integer loads are.
    run(&mut h, flh(FA2, A0, 1));
    assert_eq!(h.freg(FA2), HBOX | 0x66bc);
}

#[test]
fn improperly_boxed_halves_read_as_the_canonical_nan() {
    let mut h = fp_hart();
    // A NaN-boxed single is not a NaN-boxed half.
    h.set_freg(FA1, 0xffff_ffff_0000_3c00);
    h.set_freg(FA2, HBOX | ONE as u64);
    run(&mut h, fadd_h(FA0, FA1, FA2, RNE));
    assert_eq!(h.freg(FA0), HBOX | QNAN as u64);
    assert_eq!(fflags(&h), 0, "a canonical (quiet) NaN raises nothing");
    run(&mut h, fsgnjn_h(FA0, FA1, FA2));
    assert_eq!(h.freg(FA0), HBOX | 0xfe00, "sign injection into the canonical NaN");
    run(&mut h, fcvt_s_h(FA0, FA1, RNE));
    assert_eq!(h.freg(FA0), 0xffff_ffff_7fc0_0000);
    run(&mut h, fclass_h(A0, FA1));
    assert_eq!(h.xreg(A0), 1 << 9, "quiet NaN");
    // The moves do not look at the box: FMV.X.H sign-extends bits 15:0.
    h.set_freg(FA3, 0x0000_0000_1234_8001);
    run(&mut h, fmv_x_h(A0, FA3));
    assert_eq!(h.xreg(A0), 0xffff_ffff_ffff_8001);
    h.set_xreg(A1, 0xdead_beef_cafe_3c00);
    run(&mut h, fmv_h_x(FA0, A1));
    assert_eq!(h.freg(FA0), HBOX | 0x3c00);
}

#[test]
fn arithmetic_rounds_once_and_raises_the_ieee_flags() {
    // 1 + 2^-11 is a tie between 1 and 1 + 2^-10.
    let tie = (ONE, 0x1000); // 2^-11
    assert_eq!(op2(fadd_h(FA0, FA1, FA2, RNE), tie.0, tie.1), (ONE, NX));
    assert_eq!(op2(fadd_h(FA0, FA1, FA2, RMM), tie.0, tie.1), (0x3c01, NX));
    assert_eq!(op2(fadd_h(FA0, FA1, FA2, RUP), tie.0, tie.1), (0x3c01, NX));
    assert_eq!(op2(fsub_h(FA0, FA1, FA2, RDN), ONE, 0x1000), (0x3bff, 0), "exact");
    assert_eq!(op2(fsub_h(FA0, FA1, FA2, RDN), ONE, 0x0c00), (0x3bff, NX), "1 - 2^-12");
    assert_eq!(op2(fadd_h(FA0, FA1, FA2, RNE), ONE, TWO), (0x4200, 0));
    // Overflow: to infinity, or to the largest finite towards zero.
    assert_eq!(op2(fmul_h(FA0, FA1, FA2, RNE), MAX, TWO), (INF, OF | NX));
    assert_eq!(op2(fmul_h(FA0, FA1, FA2, RTZ), MAX, TWO), (MAX, OF | NX));
    // Subnormal results: exact ones raise nothing, inexact tiny ones UF.
    assert_eq!(op2(fmul_h(FA0, FA1, FA2, RNE), MIN_NORMAL, 0x3800), (0x0200, 0));
    assert_eq!(op2(fmul_h(FA0, FA1, FA2, RNE), MIN_SUB, 0x3800), (0, UF | NX));
    assert_eq!(op2(fmul_h(FA0, FA1, FA2, RUP), MIN_SUB, 0x3800), (MIN_SUB, UF | NX));
    // Tininess after rounding: just below 2^-14, rounding up to it is not tiny.
    assert_eq!(op2(fmul_h(FA0, FA1, FA2, RUP), 0x03ff, 0x3c01), (MIN_NORMAL, NX));
    // Invalid operations give the canonical NaN; divide by zero.
    assert_eq!(op2(fsub_h(FA0, FA1, FA2, RNE), INF, INF), (QNAN, NV));
    assert_eq!(op2(fdiv_h(FA0, FA1, FA2, RNE), ONE, 0), (INF, DZ));
    assert_eq!(op2(fdiv_h(FA0, FA1, FA2, RNE), ONE, 0x4200), (0x3555, NX)); // 1/3
    assert_eq!(op2(fsqrt_h(FA0, FA1, RNE), 0xbc00, 0), (QNAN, NV));
    assert_eq!(op2(fsqrt_h(FA0, FA1, RNE), 0x4400, 0), (TWO, 0));
    assert_eq!(op2(fadd_h(FA0, FA1, FA2, RNE), SNAN, ONE), (QNAN, NV));
    // x - x is +0, -0 when rounding down.
    assert_eq!(op2(fsub_h(FA0, FA1, FA2, RNE), ONE, ONE), (0, 0));
    assert_eq!(op2(fsub_h(FA0, FA1, FA2, RDN), ONE, ONE), (0x8000, 0));
}

#[test]
fn fma_is_rounded_once() {
    // a * b + c = 5.66015625 + 2^-11 * 0.37..., rounded once (RNE) to
    // 0x45a9; rounding the exact value to single first and then to half
    // gives 0x45aa (a double rounding).
    assert_eq!(op3(fmadd_h(FA0, FA1, FA2, FA3, RNE), 0x4306, 0x3e73, 0x08de), (0x45a9, NX));
    // The sign variants: fmsub = a*b - c, fnmsub = -(a*b) + c, fnmadd = -(a*b) - c.
    assert_eq!(op3(fmsub_h(FA0, FA1, FA2, FA3, RNE), TWO, TWO, ONE), (0x4200, 0));
    assert_eq!(op3(fnmsub_h(FA0, FA1, FA2, FA3, RNE), TWO, TWO, ONE), (0xc200, 0));
    assert_eq!(op3(fnmadd_h(FA0, FA1, FA2, FA3, RNE), TWO, TWO, ONE), (0xc500, 0));
    // inf * 0 is invalid even with a quiet NaN addend.
    assert_eq!(op3(fmadd_h(FA0, FA1, FA2, FA3, RNE), INF, 0, QNAN), (QNAN, NV));
}

#[test]
fn min_max_compare_class() {
    assert_eq!(op2(fmin_h(FA0, FA1, FA2), 0x8000, 0), (0x8000, 0), "-0 < +0");
    assert_eq!(op2(fmax_h(FA0, FA1, FA2), 0x8000, 0), (0, 0));
    assert_eq!(op2(fmin_h(FA0, FA1, FA2), QNAN, TWO), (TWO, 0), "the non-NaN operand");
    assert_eq!(op2(fmax_h(FA0, FA1, FA2), SNAN, TWO), (TWO, NV));
    assert_eq!(op2(fmax_h(FA0, FA1, FA2), SNAN, QNAN), (QNAN, NV));
    let cmp = |w: u32, a: u16, b: u16| {
        let mut h = fp_hart();
        h.set_freg(FA1, HBOX | a as u64);
        h.set_freg(FA2, HBOX | b as u64);
        run(&mut h, w);
        (h.xreg(A0), fflags(&h))
    };
    assert_eq!(cmp(feq_h(A0, FA1, FA2), 0, 0x8000), (1, 0));
    assert_eq!(cmp(feq_h(A0, FA1, FA2), QNAN, QNAN), (0, 0), "FEQ is quiet");
    assert_eq!(cmp(feq_h(A0, FA1, FA2), SNAN, ONE), (0, NV));
    assert_eq!(cmp(flt_h(A0, FA1, FA2), ONE, TWO), (1, 0));
    assert_eq!(cmp(flt_h(A0, FA1, FA2), QNAN, TWO), (0, NV), "FLT signals");
    assert_eq!(cmp(fle_h(A0, FA1, FA2), TWO, TWO), (1, 0));
    let class = |v: u16| {
        let mut h = fp_hart();
        h.set_freg(FA1, HBOX | v as u64);
        run(&mut h, fclass_h(A0, FA1));
        h.xreg(A0)
    };
    let expected = [0xfc00, 0xbc00, 0x8001, 0x8000, 0, MIN_SUB, ONE, INF, SNAN, QNAN];
    for (bit, v) in expected.into_iter().enumerate() {
        assert_eq!(class(v), 1 << bit, "{v:#x}");
    }
}

#[test]
fn conversions_with_integers() {
    let to_int = |w: u32, a: u16| {
        let mut h = fp_hart();
        h.set_freg(FA1, HBOX | a as u64);
        run(&mut h, w);
        (h.xreg(A0), fflags(&h))
    };
    assert_eq!(to_int(fcvt_w_h(A0, FA1, RTZ), MAX), (65504, 0));
    assert_eq!(to_int(fcvt_w_h(A0, FA1, RNE), 0x3e00), (2, NX), "1.5 -> 2");
    assert_eq!(to_int(fcvt_w_h(A0, FA1, RTZ), 0xbe00), (-1i64 as u64, NX));
    assert_eq!(to_int(fcvt_wu_h(A0, FA1, RTZ), 0xbc00), (0, NV), "negative to unsigned");
    assert_eq!(to_int(fcvt_wu_h(A0, FA1, RTZ), INF), (u64::MAX, NV), "WU results are sign-extended");
    assert_eq!(to_int(fcvt_l_h(A0, FA1, RTZ), 0xfc00), (i64::MIN as u64, NV));
    assert_eq!(to_int(fcvt_lu_h(A0, FA1, RTZ), QNAN), (u64::MAX, NV));
    assert_eq!(to_int(fcvt_w_h(A0, FA1, RTZ), QNAN), (i32::MAX as u64, NV));
    let from_int = |w: u32, x: u64| {
        let mut h = fp_hart();
        h.set_xreg(A1, x);
        run(&mut h, w);
        (h.freg(FA0), fflags(&h))
    };
    assert_eq!(from_int(fcvt_h_w(FA0, A1, RNE), 65504), (HBOX | MAX as u64, 0));
    assert_eq!(from_int(fcvt_h_w(FA0, A1, RNE), 65520), (HBOX | INF as u64, OF | NX));
    assert_eq!(from_int(fcvt_h_w(FA0, A1, RTZ), 65520), (HBOX | MAX as u64, NX), "no overflow: RTZ rounds to 65504, in range");
    assert_eq!(from_int(fcvt_h_w(FA0, A1, RNE), 2049), (HBOX | 0x6800, NX), "a tie to even");
    assert_eq!(from_int(fcvt_h_wu(FA0, A1, RNE), 0xffff_ffff_0000_0003), (HBOX | 0x4200, 0));
    assert_eq!(from_int(fcvt_h_l(FA0, A1, RNE), -3i64 as u64), (HBOX | 0xc200, 0));
    assert_eq!(from_int(fcvt_h_lu(FA0, A1, RUP), u64::MAX), (HBOX | INF as u64, OF | NX));
}

#[test]
fn conversions_between_precisions() {
    let conv = |w: u32, src: u64| {
        let mut h = fp_hart();
        h.set_freg(FA1, src);
        run(&mut h, w);
        (h.freg(FA0), fflags(&h))
    };
    // Widening is exact; a signalling NaN becomes the canonical NaN with NV.
    assert_eq!(conv(fcvt_s_h(FA0, FA1, RNE), HBOX | MIN_SUB as u64), (0xffff_ffff_3380_0000, 0));
    assert_eq!(conv(fcvt_d_h(FA0, FA1, RNE), HBOX | 0xc000), (0xc000_0000_0000_0000, 0));
    assert_eq!(conv(fcvt_d_h(FA0, FA1, RNE), HBOX | SNAN as u64), (0x7ff8_0000_0000_0000, NV));
    // Narrowing rounds once: 1 + 2^-11 + 2^-40 is just above the tie.
    // Through single it would become the tie and round to even (1.0).
    let above_tie = 0x3ff0_0200_0000_1000;
    assert_eq!(conv(fcvt_h_d(FA0, FA1, RNE), above_tie), (HBOX | 0x3c01, NX));
    assert_eq!(conv(fcvt_h_s(FA0, FA1, RNE), 0xffff_ffff_477f_f000), (HBOX | INF as u64, OF | NX));
    assert_eq!(conv(fcvt_h_s(FA0, FA1, RNE), 0xffff_ffff_3380_0000), (HBOX | MIN_SUB as u64, 0));
    // Half of the smallest subnormal: a tie to even (0), tiny and inexact.
    assert_eq!(conv(fcvt_h_s(FA0, FA1, RNE), 0xffff_ffff_3300_0000), (HBOX, UF | NX));
    assert_eq!(conv(fcvt_h_d(FA0, FA1, RNE), 0x7ff0_0000_0000_0001), (HBOX | QNAN as u64, NV));
}

#[test]
fn dynamic_rounding_mode_and_reserved_ones() {
    let mut h = fp_hart();
    h.set_freg(FA1, HBOX | ONE as u64);
    h.set_freg(FA2, HBOX | 0x1000);
    assert!(h.csr_poke(FRM, RUP as u64));
    run(&mut h, fadd_h(FA0, FA1, FA2, DYN));
    assert_eq!(h.freg(FA0), HBOX | 0x3c01);
    for rm in [5, 6] {
        let e = exec(&mut h, fadd_h(FA0, FA1, FA2, rm)).unwrap_err();
        assert_eq!(e.cause, Exception::IllegalInstruction);
    }
    // FCVT.S.H is exact but its rm field is still checked.
    assert_eq!(exec(&mut h, fcvt_s_h(FA0, FA1, 5)).unwrap_err().cause, Exception::IllegalInstruction);
}

// ---- the FS gate and --isa, in every mode ----

/// fa1 = fa2 = 1.0.
fn ones(h: &mut hemu::Hart) {
    h.set_freg(FA1, HBOX | ONE as u64);
    h.set_freg(FA2, HBOX | ONE as u64);
}


/// The FS gate, per mode: mstatus.FS Off is illegal everywhere, and with
/// V=1 vsstatus.FS Off too (illegal, not virtual); a half result makes
/// both Dirty.
#[test]
fn fs_off_is_illegal_in_every_mode_and_writes_dirty_both_levels() {
    let w = fadd_h(FA0, FA1, FA2, RNE);
    for (p, v) in MODES {
        let mode = Mode::new(p, v);
        for (ms, vs) in [(0, FS_INITIAL), (FS_INITIAL, 0), (FS_INITIAL, FS_INITIAL)] {
            let (e, h) = step_with_fs(Isa::ALL, mode, ms, vs, w, ones);
            let off = ms == 0 || (v && vs == 0);
            match e {
                StepEvent::Exception { cause, tval, .. } if off => {
                    assert_eq!(cause, Exception::IllegalInstruction, "{mode:?} {ms:#x} {vs:#x}");
                    assert_eq!(tval, w as u64);
                }
                StepEvent::Retired { .. } if !off => {
                    assert_eq!(h.freg(FA0), HBOX | TWO as u64);
                    assert_eq!(h.csr_peek(MSTATUS).unwrap() & FS, FS_DIRTY, "{mode:?}");
                    let vs_after = h.csr_peek(VSSTATUS).unwrap() & FS;
                    assert_eq!(vs_after, if v { FS_DIRTY } else { vs }, "{mode:?}");
                }
                e => panic!("{mode:?} mstatus.FS {ms:#x} vsstatus.FS {vs:#x}: {e:?}"),
            }
        }
    }
}

#[test]
fn isa_without_zfh_or_with_zfhmin_alone() {
    let no_zfh = Isa::ALL.with(Ext::Zfh, false).with(Ext::Zfhmin, false);
    let zfhmin = no_zfh.with(Ext::Zfhmin, true);
    let zfh_only = no_zfh.with(Ext::Zfh, true);
    assert!(zfh_only.has(Ext::Zfhmin), "Zfh includes Zfhmin");
    for op in Op::ALL {
        let (Some((bits, _)), Some(e)) = (op.encoding(), op.extension()) else { continue };
        let legal = |isa: Isa| decode_with(bits, isa).op != Op::Illegal;
        match e {
            Ext::Zfhmin => assert!(!legal(no_zfh) && legal(zfhmin) && legal(zfh_only), "{op:?}"),
            Ext::Zfh | Ext::ZfhAndZfa => assert!(!legal(no_zfh) && !legal(zfhmin), "{op:?}"),
            _ => {}
        }
    }
    // Illegal, not virtual, in every mode, with the FPU on.
    let w = fadd_h(FA0, FA1, FA2, RNE);
    for (p, v) in MODES {
        let mode = Mode::new(p, v);
        let (e, _) = step_with_fs(zfhmin, mode, FS_INITIAL, FS_INITIAL, w, ones);
        assert!(matches!(e, StepEvent::Exception { cause: Exception::IllegalInstruction, .. }), "{mode:?}: {e:?}");
        let (e, _) = step_with_fs(zfhmin, mode, FS_INITIAL, FS_INITIAL, fcvt_s_h(FA0, FA1, RNE), ones);
        assert!(matches!(e, StepEvent::Retired { .. }), "{mode:?}: {e:?}");
    }
    assert!(Isa::ALL.string().contains("_zfh_zfhmin_"));
    assert!(zfhmin.string().contains("_zfhmin_") && !zfhmin.string().contains("_zfh_"));
    assert_eq!(Isa::parse("rv64gch_zfh").unwrap(), Isa::BASE.with(Ext::Zfh, true));
}
