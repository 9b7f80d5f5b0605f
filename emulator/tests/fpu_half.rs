//! Half precision against single precision (itself checked against
//! SoftFloat in fpu_softfloat.rs): binary32 has 24 >= 2 * 11 + 2 bits, so
//! rounding an exact single-precision result of +, -, *, / or sqrt of two
//! halves once more to half gives the correctly rounded half result in
//! every rounding mode (double rounding is innocuous at that precision;
//! the directed modes compose exactly). So each half operation must equal
//! the single operation on the widened operands, narrowed, with the same
//! NV, DZ, OF and NX flags. The narrowing here is a reference of its own
//! (`narrow`: the nearest halves found by search, compared in f64), not
//! hemu's FCVT.H.S. Every half operand of the one-operand operations is
//! tried; the two-operand ones on random pairs. (UF is left to the unit
//! tests: tininess needs the unbounded-exponent rounding.)

use hemu::isa::fpu::{self, Rm};

const MODES: [Rm; 5] = [Rm::Rne, Rm::Rtz, Rm::Rdn, Rm::Rup, Rm::Rmm];
/// The flags compared (all but UF).
const EXACT_FLAGS: u8 = fpu::NV | fpu::DZ | fpu::OF | fpu::NX;

/// `a` as a single: exact, and a NaN keeps its quiet bit and payload (so
/// that a signalling half stays signalling; FCVT.S.H would quiet it).
fn widen(a: u16) -> u32 {
    if a & 0x7c00 == 0x7c00 && a & 0x3ff != 0 {
        (a as u32 & 0x8000) << 16 | 0x7f80_0000 | (a as u32 & 0x3ff) << 13
    } else {
        fpu::h_to_s(a, &mut 0)
    }
}

/// (result, flags) of `f` with fresh flags.
fn run<T>(f: impl FnOnce(&mut u8) -> T) -> (T, u8) {
    let mut fl = 0;
    let v = f(&mut fl);
    (v, fl)
}

/// The value of the non-negative half `h` (0x7c00, +inf, counts as 2^16:
/// where rounding past the largest finite half goes).
fn value(h: u16) -> f64 {
    let (e, f) = ((h >> 10) as i32, (h & 0x3ff) as f64);
    if e == 0 {
        f * 2f64.powi(-24)
    } else {
        (1024.0 + f) * 2f64.powi(e - 25)
    }
}

/// Reference rounding of the single `x` to half by `rm`, with its NX and
/// OF: the halves below and above |x| (their values increase with their
/// bits), chosen by the mode's rule; a result of 2^16 is +inf.
fn narrow(x: u32, rm: Rm) -> (u16, u8) {
    let sign = ((x >> 31) as u16) << 15;
    let v = f32::from_bits(x);
    if v.is_nan() {
        return (0x7e00, 0);
    }
    let m = (v as f64).abs();
    if v.is_infinite() {
        return (sign | 0x7c00, 0);
    }
    // The largest half at or below m, and the next one.
    let (mut lo, mut top) = (0u16, 0x7bffu16);
    while lo < top {
        let mid = lo + (top - lo).div_ceil(2);
        if value(mid) <= m {
            lo = mid;
        } else {
            top = mid - 1;
        }
    }
    let hi = lo + 1;
    if value(lo) == m {
        return (sign | lo, 0);
    }
    let (below, above) = (m - value(lo), value(hi) - m);
    let up = match rm {
        Rm::Rne => above < below || (above == below && lo & 1 == 1),
        Rm::Rmm => above <= below,
        Rm::Rtz => false,
        Rm::Rup => sign == 0,
        Rm::Rdn => sign != 0,
    };
    let h = if up { hi } else { lo };
    // Overflow: rounded as if the exponent had no bound, beyond 65504.
    // Only values above 65504 can; there the grid is 32 wide.
    let of = m > 65504.0 && {
        let k = (m / 32.0).floor();
        let (a, b) = (k * 32.0, k * 32.0 + 32.0);
        let r = if up { b } else { a };
        r > 65504.0
    };
    (sign | h, fpu::NX | if of { fpu::OF } else { 0 })
}

/// The single-precision result narrowed to half in the same mode, with
/// both steps' flags.
fn via_single(rm: Rm, f: impl FnOnce(&mut u8) -> u32) -> (u16, u8) {
    let (s, fl1) = run(f);
    let (h, fl2) = narrow(s, rm);
    (h, fl1 | fl2)
}

#[track_caller]
fn same(what: &str, inputs: &[u16], rm: Rm, ours: (u16, u8), reference: (u16, u8)) {
    assert_eq!(
        (ours.0, ours.1 & EXACT_FLAGS),
        (reference.0, reference.1 & EXACT_FLAGS),
        "{what} {inputs:04x?} {rm:?}"
    );
}

/// Deterministic xorshift, biased to the interesting exponents.
struct Gen(u64);
impl Gen {
    fn half(&mut self) -> u16 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        let v = self.0 as u16;
        match (self.0 >> 20) % 8 {
            0 => v & 0x83ff,          // zero / subnormal
            1 => v | 0x7c00,          // inf / NaN
            2 => (v & 0x83ff) | 0x7800, // near overflow
            3 => (v & 0x83ff) | 0x3c00, // around 1
            _ => v,
        }
    }
}

#[test]
fn two_operand_operations_match_single_precision() {
    let mut g = Gen(0x1234_5678_9abc_def1);
    for _ in 0..300_000 {
        let (a, b) = (g.half(), g.half());
        let (sa, sb) = (widen(a), widen(b));
        for rm in MODES {
            let v = [a, b];
            same("add", &v, rm, run(|fl| fpu::add_h(a, b, rm, fl)), via_single(rm, |fl| fpu::add_s(sa, sb, rm, fl)));
            same("sub", &v, rm, run(|fl| fpu::sub_h(a, b, rm, fl)), via_single(rm, |fl| fpu::sub_s(sa, sb, rm, fl)));
            same("mul", &v, rm, run(|fl| fpu::mul_h(a, b, rm, fl)), via_single(rm, |fl| fpu::mul_s(sa, sb, rm, fl)));
            same("div", &v, rm, run(|fl| fpu::div_h(a, b, rm, fl)), via_single(rm, |fl| fpu::div_s(sa, sb, rm, fl)));
        }
        // Comparisons and min/max never round: identical on the widened values.
        assert_eq!(run(|fl| fpu::lt_h(a, b, fl)), run(|fl| fpu::lt_s(sa, sb, fl)));
        assert_eq!(run(|fl| fpu::leq_h(a, b, fl)), run(|fl| fpu::leq_s(sa, sb, fl)));
        assert_eq!(run(|fl| fpu::eq_h(a, b, fl)), run(|fl| fpu::eq_s(sa, sb, fl)));
        let narrow = |(s, fl): (u32, u8)| (fpu::s_to_h(s, Rm::Rne, &mut 0), fl);
        assert_eq!(run(|fl| fpu::min_h(a, b, fl)), narrow(run(|fl| fpu::min_s(sa, sb, fl))), "{a:04x} {b:04x}");
        assert_eq!(run(|fl| fpu::maxm_h(a, b, fl)), narrow(run(|fl| fpu::maxm_s(sa, sb, fl))), "{a:04x} {b:04x}");
    }
}

#[test]
fn every_half_through_the_one_operand_operations() {
    for a in 0..=u16::MAX {
        let s = widen(a);
        // Widening is exact and narrowing it back gives the value again
        // (NaNs become the canonical NaN).
        let back = fpu::s_to_h(s, Rm::Rne, &mut 0);
        let nan = a & 0x7c00 == 0x7c00 && a & 0x3ff != 0;
        assert_eq!(back, if nan { 0x7e00 } else { a }, "{a:04x}");
        if !nan {
            assert_eq!(fpu::h_to_d(a, &mut 0), fpu::s_to_d(s, &mut 0), "{a:04x}");
        }
        for rm in MODES {
            let v = [a];
            same("sqrt", &v, rm, run(|fl| fpu::sqrt_h(a, rm, fl)), via_single(rm, |fl| fpu::sqrt_s(s, rm, fl)));
            same("roundnx", &v, rm, run(|fl| fpu::roundnx_h(a, rm, fl)), via_single(rm, |fl| fpu::roundnx_s(s, rm, fl)));
            assert_eq!(run(|fl| fpu::to_i64_h(a, rm, fl)), run(|fl| fpu::to_i64_s(s, rm, fl)), "{a:04x} {rm:?}");
            assert_eq!(run(|fl| fpu::to_u32_h(a, rm, fl)), run(|fl| fpu::to_u32_s(s, rm, fl)), "{a:04x} {rm:?}");
            // Narrowing from double in one step agrees with the two steps
            // through single for a widened half (both exact).
            let d = fpu::h_to_d(a, &mut 0);
            assert_eq!(run(|fl| fpu::d_to_h(d, rm, fl)).0, back, "{a:04x} {rm:?}");
        }
    }
}

#[test]
fn integers_to_half_match_single_precision() {
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    for k in 0..200_000u32 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let n = x >> (k % 64);
        for rm in MODES {
            let ours = run(|fl| fpu::from_u64_h(n, rm, fl));
            let reference = via_single(rm, |fl| fpu::from_u64_s(n, rm, fl));
            assert_eq!(ours.0, reference.0, "{n:#x} {rm:?}");
            assert_eq!(ours.1 & EXACT_FLAGS, reference.1 & EXACT_FLAGS, "{n:#x} {rm:?}");
            let v = n as i64 as i32;
            let ours = run(|fl| fpu::from_i32_h(v, rm, fl));
            let reference = via_single(rm, |fl| fpu::from_i32_s(v, rm, fl));
            assert_eq!(ours.0, reference.0, "{v} {rm:?}");
        }
    }
}
