//! Zfa: FLI's constants in H, S and D, FMINM/FMAXM's NaN rule,
//! FROUND/FROUNDNX (every rounding mode, NX only for FROUNDNX), the
//! modular FCVTMOD.W.D, the quiet FLEQ/FLTQ, the RV32-only FMVH.X.D and
//! FMVP.D.X being illegal on RV64, the FS gate and `--isa`. Encodings
//! from the spec's description (GNU binutils 2.40 predates Zfa; its
//! disassembly style, from 2.41, is `fli.s fa0,0x1p+0` and `min`/`inf`/`nan`).

mod isa_common;

use hemu::hart::csr::addr::{FFLAGS, FRM, MSTATUS};
use hemu::hart::csr::bits::{FS, FS_DIRTY, FS_INITIAL};
use hemu::hart::step::StepEvent;
use hemu::hart::{Exception, Mode};
use hemu::isa::encode::{freg::*, reg::*, rm::*, *};
use hemu::isa::table::Ext;
use hemu::isa::{decode, decode_with, disasm, Isa, Op};
use isa_common::*;

const SBOX: u64 = 0xffff_ffff_0000_0000;
const HBOX: u64 = 0xffff_ffff_ffff_0000;
const NV: u64 = 16;
const NX: u64 = 1;
const QNAN_S: u32 = 0x7fc0_0000;
const SNAN_S: u32 = 0x7f80_0001;

fn fflags(h: &hemu::Hart) -> u64 {
    h.csr_peek(FFLAGS).unwrap()
}

/// Run `w` with fa1 = `a`, fa2 = `b` (raw register values); fa0 or a0
/// (whichever `w` writes) and fflags.
fn run2(w: u32, a: u64, b: u64) -> (u64, u64, u64) {
    let mut h = fp_hart();
    h.set_freg(FA1, a);
    h.set_freg(FA2, b);
    run(&mut h, w);
    (h.freg(FA0), h.xreg(A0), fflags(&h))
}

fn s(v: f32) -> u64 {
    SBOX | v.to_bits() as u64
}

#[test]
fn encodings_and_disassembly() {
    let cases: &[(u32, u32, Op, &str)] = &[
        (fli_s(FA0, 16), 0xf018_0553, Op::FliS, "fli.s fa0,0x1p+0"),
        (fli_d(FA0, 1), 0xf210_8553, Op::FliD, "fli.d fa0,min"),
        (fli_h(FA0, 30), 0xf41f_0553, Op::FliH, "fli.h fa0,inf"),
        (fli_s(FA0, 31), 0xf01f_8553, Op::FliS, "fli.s fa0,nan"),
        (fli_s(FA0, 0), 0xf010_0553, Op::FliS, "fli.s fa0,-0x1p+0"),
        (fli_s(FA0, 9), 0xf014_8553, Op::FliS, "fli.s fa0,0x1.4p-2"),
        (fli_s(FA0, 19), 0xf019_8553, Op::FliS, "fli.s fa0,0x1.cp+0"),
        (fminm_s(FA0, FA1, FA2), 0x28c5_a553, Op::FminmS, "fminm.s fa0,fa1,fa2"),
        (fmaxm_d(FA0, FA1, FA2), 0x2ac5_b553, Op::FmaxmD, "fmaxm.d fa0,fa1,fa2"),
        (fround_s(FA0, FA1, RNE), 0x4045_8553, Op::FroundS, "fround.s fa0,fa1,rne"),
        (froundnx_d(FA0, FA1, DYN), 0x4255_f553, Op::FroundnxD, "froundnx.d fa0,fa1"),
        (fround_h(FA0, FA1, RMM), 0x4445_c553, Op::FroundH, "fround.h fa0,fa1,rmm"),
        (fcvtmod_w_d(A0, FA1, RTZ), 0xc285_9553, Op::FcvtmodWD, "fcvtmod.w.d a0,fa1,rtz"),
        (fleq_s(A0, FA1, FA2), 0xa0c5_c553, Op::FleqS, "fleq.s a0,fa1,fa2"),
        (fltq_h(A0, FA1, FA2), 0xa4c5_d553, Op::FltqH, "fltq.h a0,fa1,fa2"),
    ];
    for &(w, want, op, text) in cases {
        assert_eq!(w, want, "{text}");
        assert_eq!(decode(w).op, op, "{text}");
        assert_eq!(disasm(&decode(w), 0), text);
    }
    // FCVTMOD.W.D's rm field must be RTZ; other values are reserved.
    for rm in [0u32, 2, 3, 4, 7] {
        let w = (fcvtmod_w_d(A0, FA1, RTZ) & !0x7000) | rm << 12;
        assert_eq!(decode(w).op, Op::Illegal, "rm {rm}");
    }
    // FMVH.X.D (funct7 1110001, rs2 = 1) and FMVP.D.X (funct7 1011001) are
    // RV32 only: reserved on RV64.
    assert_eq!(decode(r_type(0x53, A0, 0, FA1, 1, 0b111_0001)).op, Op::Illegal);
    assert_eq!(decode(r_type(0x53, FA0, 0, A1, A2, 0b101_1001)).op, Op::Illegal);
    // FROUND with rs2 other than 4/5 stays reserved.
    assert_eq!(decode(fround_s(FA0, FA1, RNE) | (2 << 20)).op, Op::Illegal);
}

#[test]
fn fli_constants_in_every_precision() {
    let singles: [f32; 32] = [
        -1.0,
        f32::MIN_POSITIVE,
        1.0 / 65536.0,
        1.0 / 32768.0,
        1.0 / 256.0,
        1.0 / 128.0,
        0.0625,
        0.125,
        0.25,
        0.3125,
        0.375,
        0.4375,
        0.5,
        0.625,
        0.75,
        0.875,
        1.0,
        1.25,
        1.5,
        1.75,
        2.0,
        2.5,
        3.0,
        4.0,
        8.0,
        16.0,
        128.0,
        256.0,
        32768.0,
        65536.0,
        f32::INFINITY,
        f32::NAN,
    ];
    let load = |w: u32| {
        let mut h = fp_hart();
        assert!(h.csr_poke(FFLAGS, 0));
        run(&mut h, w);
        assert_eq!(fflags(&h), 0, "FLI raises no flags");
        h.freg(FA0)
    };
    for (k, v) in singles.into_iter().enumerate() {
        let k = k as u8;
        let want_s = if v.is_nan() { QNAN_S } else { v.to_bits() };
        assert_eq!(load(fli_s(FA0, k)), SBOX | want_s as u64, "fli.s {k}");
        let want_d = match k {
            1 => f64::MIN_POSITIVE.to_bits(),
            31 => 0x7ff8_0000_0000_0000,
            _ => (v as f64).to_bits(),
        };
        assert_eq!(load(fli_d(FA0, k)), want_d, "fli.d {k}");
    }
    // Half: entry 1 is its own minimum normal, 2^-16 and 2^-15 are
    // subnormal there, and 2^16 overflows to +inf.
    let halves = [(0u8, 0xbc00u64), (1, 0x0400), (2, 0x0100), (3, 0x0200), (16, 0x3c00), (22, 0x4200), (28, 0x7800), (29, 0x7c00), (30, 0x7c00), (31, 0x7e00)];
    for (k, want) in halves {
        assert_eq!(load(fli_h(FA0, k)), HBOX | want, "fli.h {k}");
    }
}

#[test]
fn fminm_fmaxm_return_the_canonical_nan_for_any_nan() {
    let q = SBOX | QNAN_S as u64;
    assert_eq!(run2(fminm_s(FA0, FA1, FA2), q, s(2.0)), (q, 0, 0), "quiet NaN: no flags");
    assert_eq!(run2(fmaxm_s(FA0, FA1, FA2), s(2.0), SBOX | SNAN_S as u64), (q, 0, NV));
    assert_eq!(run2(fminm_s(FA0, FA1, FA2), s(-0.0), s(0.0)), (s(-0.0), 0, 0));
    assert_eq!(run2(fmaxm_s(FA0, FA1, FA2), s(-0.0), s(0.0)), (s(0.0), 0, 0));
    assert_eq!(run2(fmaxm_s(FA0, FA1, FA2), s(-3.0), s(2.0)), (s(2.0), 0, 0));
    // Unlike FMIN, whose NaN rule returns the other operand.
    assert_eq!(run2(fmin_s(FA0, FA1, FA2), q, s(2.0)), (s(2.0), 0, 0));
    let dq = 0x7ff8_0000_0000_0000;
    assert_eq!(run2(fminm_d(FA0, FA1, FA2), 0x7ff0_0000_0000_0001, 1.0f64.to_bits()), (dq, 0, NV));
    assert_eq!(run2(fmaxm_h(FA0, FA1, FA2), HBOX | 0x7e00, HBOX | 0x3c00), (HBOX | 0x7e00, 0, 0));
    // An improperly boxed operand is the canonical NaN.
    assert_eq!(run2(fminm_h(FA0, FA1, FA2), SBOX | 0x3c00, HBOX | 0x3c00), (HBOX | 0x7e00, 0, 0));
}

#[test]
fn fround_rounds_to_integral_in_every_mode() {
    let round = |w: u32, v: f32| {
        let (f, _, fl) = run2(w, s(v), 0);
        (f32::from_bits(f as u32), fl)
    };
    let cases: &[(f32, u8, f32)] = &[
        (2.5, RNE, 2.0),
        (3.5, RNE, 4.0),
        (2.5, RMM, 3.0),
        (-2.5, RMM, -3.0),
        (2.7, RTZ, 2.0),
        (-2.7, RTZ, -2.0),
        (0.1, RUP, 1.0),
        (-0.1, RDN, -1.0),
        (8388607.5, RNE, 8388608.0),
        (1e-45, RUP, 1.0), // the smallest subnormal
    ];
    for &(v, rm, want) in cases {
        assert_eq!(round(fround_s(FA0, FA1, rm), v), (want, 0), "fround.s {v} rm {rm}");
        assert_eq!(round(froundnx_s(FA0, FA1, rm), v), (want, NX), "froundnx.s {v} rm {rm}");
    }
    // A result rounded to zero keeps the operand's sign.
    let (f, _, _) = run2(fround_s(FA0, FA1, RNE), s(-0.25), 0);
    assert_eq!(f, s(-0.0));
    let (f, _, _) = run2(fround_s(FA0, FA1, RTZ), s(0.75), 0);
    assert_eq!(f, s(0.0));
    // Integers, zeros and infinities come back unchanged, with no flags.
    for v in [3.0f32, -0.0, 1e30, f32::INFINITY, f32::NEG_INFINITY] {
        assert_eq!(round(froundnx_s(FA0, FA1, RNE), v), (v, 0), "{v}");
    }
    // NaNs: the canonical NaN, NV only for a signalling one.
    assert_eq!(run2(fround_s(FA0, FA1, RNE), SBOX | SNAN_S as u64, 0).2, NV);
    assert_eq!(run2(froundnx_s(FA0, FA1, RNE), SBOX | 0x7fc0_0001, 0), (SBOX | QNAN_S as u64, 0, 0));
    // Double and half; the dynamic rounding mode.
    let (f, _, fl) = run2(froundnx_d(FA0, FA1, RNE), 2.5f64.to_bits(), 0);
    assert_eq!((f64::from_bits(f), fl), (2.0, NX));
    let (f, _, fl) = run2(fround_d(FA0, FA1, RUP), (-1.5f64).to_bits(), 0);
    assert_eq!((f64::from_bits(f), fl), (-1.0, 0));
    let (f, _, fl) = run2(froundnx_h(FA0, FA1, RNE), HBOX | 0x4100, 0); // 2.5
    assert_eq!((f, fl), (HBOX | 0x4000, NX));
    let mut h = fp_hart();
    assert!(h.csr_poke(FRM, RUP as u64));
    h.set_freg(FA1, s(1.25));
    run(&mut h, fround_s(FA0, FA1, DYN));
    assert_eq!(h.freg(FA0), s(2.0));
}

#[test]
fn fcvtmod_w_d_wraps_modulo_2_32() {
    let cvt = |v: f64| {
        let (_, x, fl) = run2(fcvtmod_w_d(A0, FA1, RTZ), v.to_bits(), 0);
        (x, fl)
    };
    let sext = |v: i64| v as i32 as i64 as u64;
    assert_eq!(cvt(-1.5), (sext(-1), NX), "truncated");
    assert_eq!(cvt(7.0), (7, 0));
    assert_eq!(cvt(-2147483648.0), (sext(i32::MIN as i64), 0), "in range");
    // Out of FCVT.W.D's range: the low 32 bits, and NV (not NX) as FCVT.W.D.
    assert_eq!(cvt(2147483648.0), (sext(1 << 31), NV));
    assert_eq!(cvt(4294967296.0 + 5.0), (5, NV));
    assert_eq!(cvt(-3e9), (sext(-3_000_000_000i64), NV));
    assert_eq!(cvt(4294967301.75), (5, NV), "inexact and out of range: NV only");
    assert_eq!(cvt(1e300), (0, NV), "a multiple of 2^32");
    assert_eq!(cvt(f64::INFINITY), (0, NV));
    assert_eq!(cvt(f64::NEG_INFINITY), (0, NV));
    assert_eq!(cvt(f64::NAN), (0, NV));
    assert_eq!(cvt(1e-300), (0, NX));
}

#[test]
fn fleq_fltq_are_quiet() {
    let q = SBOX | QNAN_S as u64;
    let sn = SBOX | SNAN_S as u64;
    let cmp = |w: u32, a: u64, b: u64| {
        let (_, x, fl) = run2(w, a, b);
        (x, fl)
    };
    assert_eq!(cmp(fleq_s(A0, FA1, FA2), s(1.0), s(1.0)), (1, 0));
    assert_eq!(cmp(fltq_s(A0, FA1, FA2), s(1.0), s(1.0)), (0, 0));
    assert_eq!(cmp(fltq_s(A0, FA1, FA2), s(-0.0), s(0.0)), (0, 0));
    assert_eq!(cmp(fleq_s(A0, FA1, FA2), s(-0.0), s(0.0)), (1, 0));
    assert_eq!(cmp(fltq_s(A0, FA1, FA2), s(-1.0), s(0.0)), (1, 0));
    assert_eq!(cmp(fleq_s(A0, FA1, FA2), q, s(0.0)), (0, 0), "a quiet NaN raises nothing");
    assert_eq!(cmp(fle_s(A0, FA1, FA2), q, s(0.0)), (0, NV), "unlike FLE");
    assert_eq!(cmp(fltq_s(A0, FA1, FA2), s(0.0), sn), (0, NV), "a signalling NaN does");
    assert_eq!(cmp(fltq_d(A0, FA1, FA2), 1.0f64.to_bits(), 2.0f64.to_bits()), (1, 0));
    assert_eq!(cmp(fleq_d(A0, FA1, FA2), 0x7ff8_0000_0000_0000, 0), (0, 0));
    assert_eq!(cmp(fleq_h(A0, FA1, FA2), HBOX | 0x3c00, HBOX | 0x4000), (1, 0));
    assert_eq!(cmp(fltq_h(A0, FA1, FA2), HBOX | 0x7c01, HBOX | 0x4000), (0, NV));
}

/// fa1 = fa2 = 1.0 as singles.
fn ones(h: &mut hemu::Hart) {
    h.set_freg(FA1, s(1.0));
    h.set_freg(FA2, s(1.0));
}

#[test]
fn fs_gate_in_every_mode() {
    let w = fli_s(FA0, 20);
    for (p, v) in MODES {
        let mode = Mode::new(p, v);
        for (ms, vs) in [(0, FS_INITIAL), (FS_INITIAL, 0), (FS_INITIAL, FS_INITIAL)] {
            let (e, h) = step_with_fs(Isa::ALL, mode, ms, vs, w, ones);
            let off = ms == 0 || (v && vs == 0);
            match e {
                StepEvent::Exception { cause: Exception::IllegalInstruction, tval, .. } if off => assert_eq!(tval, w as u64),
                StepEvent::Retired { .. } if !off => {
                    assert_eq!(h.freg(FA0), s(2.0));
                    assert_eq!(h.csr_peek(MSTATUS).unwrap() & FS, FS_DIRTY, "{mode:?}");
                }
                e => panic!("{mode:?} mstatus.FS {ms:#x} vsstatus.FS {vs:#x}: {e:?}"),
            }
        }
    }
    // A compare writes only an x register: FS stays as it was.
    let (e, h) = step_with_fs(Isa::ALL, Mode::new(MODES[0].0, false), FS_INITIAL, FS_INITIAL, fleq_s(A0, FA1, FA2), ones);
    assert!(matches!(e, StepEvent::Retired { .. }));
    assert_eq!((h.xreg(A0), h.csr_peek(MSTATUS).unwrap() & FS), (1, FS_INITIAL));
}

#[test]
fn isa_without_zfa() {
    let no_zfa = Isa::ALL.with(Ext::Zfa, false);
    let zfa_no_zfh = Isa::ALL.with(Ext::Zfh, false);
    for op in Op::ALL {
        let (Some((bits, _)), Some(e)) = (op.encoding(), op.extension()) else { continue };
        let legal = |isa: Isa| decode_with(bits, isa).op != Op::Illegal;
        match e {
            Ext::Zfa => assert!(!legal(no_zfa) && legal(zfa_no_zfh), "{op:?}"),
            Ext::ZfhAndZfa => assert!(!legal(no_zfa) && !legal(zfa_no_zfh) && legal(Isa::ALL), "{op:?}"),
            _ => {}
        }
    }
    let w = fminm_d(FA0, FA1, FA2);
    for (p, v) in MODES {
        let mode = Mode::new(p, v);
        let (e, _) = step_with_fs(no_zfa, mode, FS_INITIAL, FS_INITIAL, w, ones);
        assert!(matches!(e, StepEvent::Exception { cause: Exception::IllegalInstruction, .. }), "{mode:?}: {e:?}");
    }
    assert!(Isa::ALL.string().contains("_zfa_"));
    assert!(!no_zfa.string().contains("zfa"));
}
