//! Known-answer vectors for `hemu::isa::fpu`: each rounding mode, each
//! flag, subnormals, overflow/underflow boundaries (tininess after
//! rounding), signed zeros, NaN canonicalization, sNaN vs qNaN, fma's single
//! rounding, and float-to-integer saturation at the type limits.

use hemu::isa::fpu::{self, Rm, DZ, NV, NX, OF, UF};
use Rm::{Rdn, Rmm, Rne, Rtz, Rup};

const QNAN_S: u32 = 0x7fc0_0000;
const QNAN_D: u64 = 0x7ff8_0000_0000_0000;
const SNAN_S: u32 = 0x7f80_0001;
const SNAN_D: u64 = 0x7ff0_0000_0000_0001;
const ONE_S: u32 = 0x3f80_0000;
const ONE_D: u64 = 0x3ff0_0000_0000_0000;
const INF_S: u32 = 0x7f80_0000;
const INF_D: u64 = 0x7ff0_0000_0000_0000;
const MAX_S: u32 = 0x7f7f_ffff;
const MAX_D: u64 = 0x7fef_ffff_ffff_ffff;
const NEG_S: u32 = 0x8000_0000;
const NEG_D: u64 = 1 << 63;

type Op2S = fn(u32, u32, Rm, &mut u8) -> u32;
type Op2D = fn(u64, u64, Rm, &mut u8) -> u64;

fn run<T: PartialEq + std::fmt::Debug + Copy>(name: &str, rows: &[(T, T, Rm, T, u8)], op: impl Fn(T, T, Rm, &mut u8) -> T) {
    for &(a, b, rm, want, want_fl) in rows {
        let mut fl = 0;
        let got = op(a, b, rm, &mut fl);
        assert_eq!((got, fl), (want, want_fl), "{name}({a:x?}, {b:x?}, {rm:?})");
    }
}

#[test]
fn add_sub_single() {
    let add: Op2S = fpu::add_s;
    run("add_s", &[
        // 1 + 2^-24: exactly half an ulp.
        (ONE_S, 0x3380_0000, Rne, ONE_S, NX),
        (ONE_S, 0x3380_0000, Rtz, ONE_S, NX),
        (ONE_S, 0x3380_0000, Rdn, ONE_S, NX),
        (ONE_S, 0x3380_0000, Rup, 0x3f80_0001, NX),
        (ONE_S, 0x3380_0000, Rmm, 0x3f80_0001, NX),
        // Just above half an ulp; and a tie from an odd significand.
        (ONE_S, 0x3380_0001, Rne, 0x3f80_0001, NX),
        (0x3f80_0001, 0x3380_0000, Rne, 0x3f80_0002, NX),
        // Negative: directed modes mirror.
        (0xbf80_0000, 0xb380_0000, Rdn, 0xbf80_0001, NX),
        (0xbf80_0000, 0xb380_0000, Rup, 0xbf80_0000, NX),
        (0xbf80_0000, 0xb380_0000, Rmm, 0xbf80_0001, NX),
        (0xbf80_0000, 0xb380_0000, Rtz, 0xbf80_0000, NX),
        // Exact cancellation: +0, or -0 when rounding down.
        (ONE_S, 0xbf80_0000, Rne, 0, 0),
        (ONE_S, 0xbf80_0000, Rdn, NEG_S, 0),
        (0, NEG_S, Rne, 0, 0),
        (0, NEG_S, Rdn, NEG_S, 0),
        (NEG_S, NEG_S, Rne, NEG_S, 0),
        (NEG_S, 0x4000_0000, Rne, 0x4000_0000, 0),
        // Overflow in each mode, both signs.
        (MAX_S, MAX_S, Rne, INF_S, OF | NX),
        (MAX_S, MAX_S, Rmm, INF_S, OF | NX),
        (MAX_S, MAX_S, Rtz, MAX_S, OF | NX),
        (MAX_S, MAX_S, Rdn, MAX_S, OF | NX),
        (MAX_S, MAX_S, Rup, INF_S, OF | NX),
        (MAX_S | NEG_S, MAX_S | NEG_S, Rdn, INF_S | NEG_S, OF | NX),
        (MAX_S | NEG_S, MAX_S | NEG_S, Rup, MAX_S | NEG_S, OF | NX),
        (MAX_S | NEG_S, MAX_S | NEG_S, Rtz, MAX_S | NEG_S, OF | NX),
        // Subnormal sums are exact: tiny but no UF without NX.
        (1, 1, Rne, 2, 0),
        (0x007f_ffff, 1, Rne, 0x0080_0000, 0),
        // Infinities and NaNs.
        (INF_S, INF_S | NEG_S, Rne, QNAN_S, NV),
        (INF_S, MAX_S | NEG_S, Rne, INF_S, 0),
        (0x7fc1_2345, ONE_S, Rne, QNAN_S, 0),
        (0xffc0_0000, ONE_S, Rne, QNAN_S, 0),
        (SNAN_S, ONE_S, Rne, QNAN_S, NV),
        (ONE_S, 0xffa0_0000, Rne, QNAN_S, NV),
        (SNAN_S, 0x7fc0_0001, Rne, QNAN_S, NV),
    ], add);
    let sub: Op2S = fpu::sub_s;
    run("sub_s", &[
        (ONE_S, ONE_S, Rne, 0, 0),
        (ONE_S, ONE_S, Rdn, NEG_S, 0),
        (NEG_S, 0, Rne, NEG_S, 0),
        (0, 0, Rdn, NEG_S, 0),
        // Smallest normal minus largest subnormal: exact smallest subnormal.
        (0x0080_0000, 0x007f_ffff, Rne, 1, 0),
        (INF_S, INF_S, Rne, QNAN_S, NV),
        (0x4000_0000, 0x3380_0000, Rne, 0x4000_0000, NX),
        (0x4000_0000, 0x3380_0000, Rdn, 0x3fff_ffff, NX),
    ], sub);
}

#[test]
fn add_sub_double() {
    let add: Op2D = fpu::add_d;
    run("add_d", &[
        (ONE_D, 0x3ca0_0000_0000_0000, Rne, ONE_D, NX),
        (ONE_D, 0x3ca0_0000_0000_0000, Rup, ONE_D + 1, NX),
        (ONE_D, 0x3ca0_0000_0000_0000, Rmm, ONE_D + 1, NX),
        (ONE_D, 0x3ca0_0000_0000_0000, Rtz, ONE_D, NX),
        (ONE_D | NEG_D, 0xbca0_0000_0000_0000, Rdn, (ONE_D | NEG_D) + 1, NX),
        (MAX_D, MAX_D, Rne, INF_D, OF | NX),
        (MAX_D, MAX_D, Rtz, MAX_D, OF | NX),
        (MAX_D | NEG_D, MAX_D | NEG_D, Rup, MAX_D | NEG_D, OF | NX),
        (MAX_D | NEG_D, MAX_D | NEG_D, Rdn, INF_D | NEG_D, OF | NX),
        (ONE_D, ONE_D | NEG_D, Rne, 0, 0),
        (ONE_D, ONE_D | NEG_D, Rdn, NEG_D, 0),
        (1, 1, Rne, 2, 0),
        (SNAN_D, ONE_D, Rne, QNAN_D, NV),
        (0xfff8_0000_0000_0123, ONE_D, Rne, QNAN_D, 0),
        (INF_D | NEG_D, INF_D, Rne, QNAN_D, NV),
    ], add);
    let sub: Op2D = fpu::sub_d;
    run("sub_d", &[
        (0x0010_0000_0000_0000, 0x000f_ffff_ffff_ffff, Rne, 1, 0),
        (ONE_D, ONE_D, Rdn, NEG_D, 0),
        (INF_D, INF_D, Rne, QNAN_D, NV),
    ], sub);
}

#[test]
fn mul_div() {
    let mul: Op2S = fpu::mul_s;
    run("mul_s", &[
        // (1 + 2^-23)^2 = 1 + 2^-22 + 2^-46.
        (0x3f80_0001, 0x3f80_0001, Rne, 0x3f80_0002, NX),
        (0x3f80_0001, 0x3f80_0001, Rup, 0x3f80_0003, NX),
        (0x3f80_0001, 0x3f80_0001, Rtz, 0x3f80_0002, NX),
        // 2^-100 squared underflows to zero or the smallest subnormal.
        (0x0d80_0000, 0x0d80_0000, Rne, 0, UF | NX),
        (0x0d80_0000, 0x0d80_0000, Rup, 1, UF | NX),
        (0x0d80_0000 | NEG_S, 0x0d80_0000, Rdn, 1 | NEG_S, UF | NX),
        (0x0d80_0000 | NEG_S, 0x0d80_0000, Rup, NEG_S, UF | NX),
        // 2^-150: a tie between 0 and the smallest subnormal.
        (1, 0x3f00_0000, Rne, 0, UF | NX),
        (1, 0x3f00_0000, Rmm, 1, UF | NX),
        (1, 0x3f00_0000, Rtz, 0, UF | NX),
        // 1.5 * 2^-149.
        (3, 0x3f00_0000, Rne, 2, UF | NX),
        (3, 0x3f00_0000, Rtz, 1, UF | NX),
        // Exact subnormal result: no flags.
        (2, 0x3f00_0000, Rne, 1, 0),
        (0x7f00_0000, 0x4000_0000, Rne, INF_S, OF | NX),
        (INF_S, 0, Rne, QNAN_S, NV),
        (NEG_S, 0x40a0_0000, Rne, NEG_S, 0),
        (INF_S | NEG_S, 0x40a0_0000, Rne, INF_S | NEG_S, 0),
        (SNAN_S, 0, Rne, QNAN_S, NV),
    ], mul);
    let mul: Op2D = fpu::mul_d;
    run("mul_d", &[
        (1, 0x3fe0_0000_0000_0000, Rne, 0, UF | NX),
        (1, 0x3fe0_0000_0000_0000, Rmm, 1, UF | NX),
        (3, 0x3fe0_0000_0000_0000, Rne, 2, UF | NX),
        (MAX_D, 0x4000_0000_0000_0000, Rne, INF_D, OF | NX),
        (MAX_D, 0x4000_0000_0000_0000, Rtz, MAX_D, OF | NX),
        (0, INF_D | NEG_D, Rne, QNAN_D, NV),
    ], mul);
    let div: Op2S = fpu::div_s;
    let three_s = 0x4040_0000;
    run("div_s", &[
        (ONE_S, three_s, Rne, 0x3eaa_aaab, NX),
        (ONE_S, three_s, Rtz, 0x3eaa_aaaa, NX),
        (ONE_S, three_s, Rdn, 0x3eaa_aaaa, NX),
        (ONE_S, three_s, Rup, 0x3eaa_aaab, NX),
        (ONE_S, three_s, Rmm, 0x3eaa_aaab, NX),
        (ONE_S | NEG_S, three_s, Rdn, 0xbeaa_aaab, NX),
        (ONE_S | NEG_S, three_s, Rup, 0xbeaa_aaaa, NX),
        (ONE_S, 0, Rne, INF_S, DZ),
        (ONE_S | NEG_S, 0, Rne, INF_S | NEG_S, DZ),
        (ONE_S, NEG_S, Rne, INF_S | NEG_S, DZ),
        (0, 0, Rne, QNAN_S, NV),
        (INF_S, INF_S, Rne, QNAN_S, NV),
        (INF_S, 0, Rne, INF_S, 0),
        (ONE_S, INF_S | NEG_S, Rne, NEG_S, 0),
        (SNAN_S, 0, Rne, QNAN_S, NV),
        (0x7fc0_0001, 0, Rne, QNAN_S, 0),
        (MAX_S, 0x3f00_0000, Rne, INF_S, OF | NX),
        (0x0080_0000, 0x4000_0000, Rne, 0x0040_0000, 0),
    ], div);
    let div: Op2D = fpu::div_d;
    run("div_d", &[
        (ONE_D, 0x4008_0000_0000_0000, Rne, 0x3fd5_5555_5555_5555, NX),
        (ONE_D, 0x4008_0000_0000_0000, Rup, 0x3fd5_5555_5555_5556, NX),
        (ONE_D, 0, Rne, INF_D, DZ),
        (0, 0, Rne, QNAN_D, NV),
        (0x4024_0000_0000_0000, 0x4014_0000_0000_0000, Rne, 0x4000_0000_0000_0000, 0),
    ], div);
}

#[test]
fn sqrt() {
    let rows_s: &[(u32, Rm, u32, u8)] = &[
        (0x4080_0000, Rne, 0x4000_0000, 0),
        (0x4000_0000, Rne, 0x3fb5_04f3, NX),
        (0x4000_0000, Rdn, 0x3fb5_04f3, NX),
        (0x4000_0000, Rtz, 0x3fb5_04f3, NX),
        (0x4000_0000, Rup, 0x3fb5_04f4, NX),
        (0x4000_0000, Rmm, 0x3fb5_04f3, NX),
        (0xbf80_0000, Rne, QNAN_S, NV),
        (INF_S | NEG_S, Rne, QNAN_S, NV),
        (1 | NEG_S, Rne, QNAN_S, NV),
        (NEG_S, Rne, NEG_S, 0),
        (0, Rne, 0, 0),
        (INF_S, Rne, INF_S, 0),
        (2, Rne, 0x1a80_0000, 0), // sqrt(2^-148) = 2^-74
        (SNAN_S, Rne, QNAN_S, NV),
        (0xffc0_0001, Rne, QNAN_S, 0),
    ];
    for &(a, rm, want, want_fl) in rows_s {
        let mut fl = 0;
        assert_eq!((fpu::sqrt_s(a, rm, &mut fl), fl), (want, want_fl), "sqrt_s({a:x}, {rm:?})");
    }
    let rows_d: &[(u64, Rm, u64, u8)] = &[
        (0x4000_0000_0000_0000, Rne, 0x3ff6_a09e_667f_3bcd, NX),
        // The nearest double to sqrt(2) lies above it.
        (0x4000_0000_0000_0000, Rup, 0x3ff6_a09e_667f_3bcd, NX),
        (0x4000_0000_0000_0000, Rtz, 0x3ff6_a09e_667f_3bcc, NX),
        (0x4010_0000_0000_0000, Rne, 0x4000_0000_0000_0000, 0),
        (ONE_D | NEG_D, Rne, QNAN_D, NV),
        (NEG_D, Rne, NEG_D, 0),
        (4, Rne, 0x1e70_0000_0000_0000, 0), // sqrt(2^-1072) = 2^-536
        (SNAN_D, Rne, QNAN_D, NV),
    ];
    for &(a, rm, want, want_fl) in rows_d {
        let mut fl = 0;
        assert_eq!((fpu::sqrt_d(a, rm, &mut fl), fl), (want, want_fl), "sqrt_d({a:x}, {rm:?})");
    }
}

#[test]
fn fma() {
    let rows_s: &[(u32, u32, u32, Rm, u32, u8)] = &[
        // (1 + 2^-12)^2 - (1 + 2^-11) = 2^-24 exactly; a separate multiply
        // would round the product's 2^-24 away (a tie to even) and give 0.
        (0x3f80_0800, 0x3f80_0800, 0xbf80_1000, Rne, 0x3380_0000, 0),
        (ONE_S, ONE_S, 0xbf80_0000, Rne, 0, 0),
        (ONE_S, ONE_S, 0xbf80_0000, Rdn, NEG_S, 0),
        (0, 0x40a0_0000, NEG_S, Rne, 0, 0),
        (0, 0x40a0_0000, NEG_S, Rdn, NEG_S, 0),
        (NEG_S, 0x40a0_0000, NEG_S, Rne, NEG_S, 0),
        (0, 0x40a0_0000, ONE_S, Rne, ONE_S, 0),
        // No intermediate overflow: max * 2 - max = max.
        (MAX_S, 0x4000_0000, MAX_S | NEG_S, Rne, MAX_S, 0),
        // inf * 0 is invalid even with a quiet NaN addend.
        (INF_S, 0, QNAN_S, Rne, QNAN_S, NV),
        (0, INF_S, 0x7fc1_2345, Rne, QNAN_S, NV),
        (INF_S, 0, SNAN_S, Rne, QNAN_S, NV),
        (INF_S, 0, ONE_S, Rne, QNAN_S, NV),
        (0x7fc1_2345, ONE_S, ONE_S, Rne, QNAN_S, 0),
        (ONE_S, ONE_S, SNAN_S, Rne, QNAN_S, NV),
        (SNAN_S, 0, INF_S, Rne, QNAN_S, NV),
        (INF_S, ONE_S, INF_S | NEG_S, Rne, QNAN_S, NV),
        (INF_S, ONE_S, INF_S, Rne, INF_S, 0),
        (ONE_S, ONE_S, INF_S | NEG_S, Rne, INF_S | NEG_S, 0),
        (MAX_S, MAX_S, ONE_S, Rtz, MAX_S, OF | NX),
        // Product below the smallest subnormal, rounded once with c = 0.
        (1, 0x3f00_0000, 0, Rmm, 1, UF | NX),
    ];
    for &(a, b, c, rm, want, want_fl) in rows_s {
        let mut fl = 0;
        assert_eq!((fpu::fma_s(a, b, c, rm, &mut fl), fl), (want, want_fl), "fma_s({a:x}, {b:x}, {c:x}, {rm:?})");
    }
    // The double analogue: (1 + 2^-27)^2 - (1 + 2^-26) = 2^-54.
    let rows_d: &[(u64, u64, u64, Rm, u64, u8)] = &[
        (0x3ff0_0000_0200_0000, 0x3ff0_0000_0200_0000, 0xbff0_0000_0400_0000, Rne, 0x3c90_0000_0000_0000, 0),
        (INF_D, 0, QNAN_D, Rne, QNAN_D, NV),
        (ONE_D, ONE_D, SNAN_D, Rne, QNAN_D, NV),
        (MAX_D, 0x4000_0000_0000_0000, MAX_D | NEG_D, Rne, MAX_D, 0),
        (ONE_D, ONE_D, ONE_D | NEG_D, Rdn, NEG_D, 0),
    ];
    for &(a, b, c, rm, want, want_fl) in rows_d {
        let mut fl = 0;
        assert_eq!((fpu::fma_d(a, b, c, rm, &mut fl), fl), (want, want_fl), "fma_d({a:x}, {b:x}, {c:x}, {rm:?})");
    }
    // Separate multiply-then-add really differs for the single case above.
    let mut fl = 0;
    let p = fpu::mul_s(0x3f80_0800, 0x3f80_0800, Rne, &mut fl);
    assert_eq!(fpu::add_s(p, 0xbf80_1000, Rne, &mut fl), 0);
    let p = fpu::mul_d(0x3ff0_0000_0200_0000, 0x3ff0_0000_0200_0000, Rne, &mut fl);
    assert_eq!(fpu::add_d(p, 0xbff0_0000_0400_0000, Rne, &mut fl), 0);
}

#[test]
fn min_max() {
    let rows: &[(u32, u32, u32, u32, u8)] = &[
        // (a, b, min, max, flags)
        (ONE_S, 0x4000_0000, ONE_S, 0x4000_0000, 0),
        (0xbf80_0000, 0x4000_0000, 0xbf80_0000, 0x4000_0000, 0),
        (ONE_S, QNAN_S, ONE_S, ONE_S, 0),
        (0xffc0_0001, 0x4040_0000, 0x4040_0000, 0x4040_0000, 0),
        (ONE_S, SNAN_S, ONE_S, ONE_S, NV),
        (SNAN_S, ONE_S, ONE_S, ONE_S, NV),
        (QNAN_S, 0x7fc1_2345, QNAN_S, QNAN_S, 0),
        (SNAN_S, QNAN_S, QNAN_S, QNAN_S, NV),
        (NEG_S, 0, NEG_S, 0, 0),
        (0, NEG_S, NEG_S, 0, 0),
        (INF_S | NEG_S, ONE_S, INF_S | NEG_S, ONE_S, 0),
    ];
    for &(a, b, mn, mx, f) in rows {
        let (mut f1, mut f2) = (0, 0);
        assert_eq!((fpu::min_s(a, b, &mut f1), f1), (mn, f), "min_s({a:x}, {b:x})");
        assert_eq!((fpu::max_s(a, b, &mut f2), f2), (mx, f), "max_s({a:x}, {b:x})");
    }
    let rows: &[(u64, u64, u64, u64, u8)] = &[
        (ONE_D, QNAN_D, ONE_D, ONE_D, 0),
        (SNAN_D, ONE_D, ONE_D, ONE_D, NV),
        (SNAN_D, SNAN_D, QNAN_D, QNAN_D, NV),
        (0xfff8_0000_0000_0001, QNAN_D, QNAN_D, QNAN_D, 0),
        (NEG_D, 0, NEG_D, 0, 0),
        (0, NEG_D, NEG_D, 0, 0),
        (ONE_D | NEG_D, 1, ONE_D | NEG_D, 1, 0),
    ];
    for &(a, b, mn, mx, f) in rows {
        let (mut f1, mut f2) = (0, 0);
        assert_eq!((fpu::min_d(a, b, &mut f1), f1), (mn, f), "min_d({a:x}, {b:x})");
        assert_eq!((fpu::max_d(a, b, &mut f2), f2), (mx, f), "max_d({a:x}, {b:x})");
    }
}

#[test]
fn compare() {
    // (a, b, eq, lt, le, flags of eq, flags of lt/le)
    let rows: &[(u32, u32, bool, bool, bool, u8, u8)] = &[
        (ONE_S, ONE_S, true, false, true, 0, 0),
        (ONE_S, 0x4000_0000, false, true, true, 0, 0),
        (0xc000_0000, 0xbf80_0000, false, true, true, 0, 0),
        (0xbf80_0000, 0xc000_0000, false, false, false, 0, 0),
        (NEG_S, 0, true, false, true, 0, 0),
        (0, NEG_S, true, false, true, 0, 0),
        (INF_S | NEG_S, MAX_S | NEG_S, false, true, true, 0, 0),
        (QNAN_S, QNAN_S, false, false, false, 0, NV),
        (ONE_S, QNAN_S, false, false, false, 0, NV),
        (SNAN_S, ONE_S, false, false, false, NV, NV),
        (ONE_S, SNAN_S, false, false, false, NV, NV),
    ];
    for &(a, b, eq, lt, le, feq, flt) in rows {
        let (mut f1, mut f2, mut f3) = (0, 0, 0);
        assert_eq!((fpu::eq_s(a, b, &mut f1), f1), (eq, feq), "eq_s({a:x}, {b:x})");
        assert_eq!((fpu::lt_s(a, b, &mut f2), f2), (lt, flt), "lt_s({a:x}, {b:x})");
        assert_eq!((fpu::le_s(a, b, &mut f3), f3), (le, flt), "le_s({a:x}, {b:x})");
    }
    let rows: &[(u64, u64, bool, bool, bool, u8, u8)] = &[
        (ONE_D, ONE_D, true, false, true, 0, 0),
        (NEG_D, 0, true, false, true, 0, 0),
        (ONE_D | NEG_D, 1, false, true, true, 0, 0),
        (QNAN_D, ONE_D, false, false, false, 0, NV),
        (SNAN_D, ONE_D, false, false, false, NV, NV),
    ];
    for &(a, b, eq, lt, le, feq, flt) in rows {
        let (mut f1, mut f2, mut f3) = (0, 0, 0);
        assert_eq!((fpu::eq_d(a, b, &mut f1), f1), (eq, feq), "eq_d({a:x}, {b:x})");
        assert_eq!((fpu::lt_d(a, b, &mut f2), f2), (lt, flt), "lt_d({a:x}, {b:x})");
        assert_eq!((fpu::le_d(a, b, &mut f3), f3), (le, flt), "le_d({a:x}, {b:x})");
    }
}

#[test]
fn class() {
    let s: [(u32, u64); 11] = [
        (INF_S | NEG_S, 1 << 0),
        (0xbf80_0000, 1 << 1),
        (0x8000_0001, 1 << 2),
        (NEG_S, 1 << 3),
        (0, 1 << 4),
        (0x007f_ffff, 1 << 5),
        (0x0080_0000, 1 << 6),
        (INF_S, 1 << 7),
        (SNAN_S, 1 << 8),
        (0xff80_0001, 1 << 8),
        (0xffc0_0000, 1 << 9),
    ];
    for (a, want) in s {
        assert_eq!(fpu::class_s(a), want, "class_s({a:x})");
    }
    let d: [(u64, u64); 10] = [
        (INF_D | NEG_D, 1 << 0),
        (MAX_D | NEG_D, 1 << 1),
        (NEG_D | 1, 1 << 2),
        (NEG_D, 1 << 3),
        (0, 1 << 4),
        (0x000f_ffff_ffff_ffff, 1 << 5),
        (ONE_D, 1 << 6),
        (INF_D, 1 << 7),
        (SNAN_D, 1 << 8),
        (QNAN_D, 1 << 9),
    ];
    for (a, want) in d {
        assert_eq!(fpu::class_d(a), want, "class_d({a:x})");
    }
}

/// Doubles used as conversion inputs.
mod d {
    pub const TWO31_MINUS_HALF: u64 = 0x41df_ffff_ffe0_0000; // 2^31 - 0.5
    pub const TWO31_MINUS_1: u64 = 0x41df_ffff_ffc0_0000; // 2^31 - 1
    pub const NEG_TWO31: u64 = 0xc1e0_0000_0000_0000; // -2^31
    pub const NEG_TWO31_MINUS_HALF: u64 = 0xc1e0_0000_0010_0000; // -2^31 - 0.5
    pub const NEG_TWO31_MINUS_1: u64 = 0xc1e0_0000_0020_0000; // -2^31 - 1
    pub const TWO32_MINUS_HALF: u64 = 0x41ef_ffff_fff0_0000; // 2^32 - 0.5
    pub const TWO32_MINUS_1: u64 = 0x41ef_ffff_ffe0_0000; // 2^32 - 1
    pub const TWO32: u64 = 0x41f0_0000_0000_0000;
    pub const TWO63: u64 = 0x43e0_0000_0000_0000;
    pub const BELOW_TWO63: u64 = 0x43df_ffff_ffff_ffff; // 2^63 - 1024
    pub const NEG_TWO63: u64 = 0xc3e0_0000_0000_0000;
    pub const TWO64: u64 = 0x43f0_0000_0000_0000;
    pub const BELOW_TWO64: u64 = 0x43ef_ffff_ffff_ffff; // 2^64 - 2048
    pub const TWO_HALF: u64 = 0x4004_0000_0000_0000; // 2.5
    pub const NEG_TWO_HALF: u64 = 0xc004_0000_0000_0000;
    pub const NEG_HALF: u64 = 0xbfe0_0000_0000_0000;
    pub const NEG_0_9: u64 = 0xbfec_cccc_cccc_cccd;
    pub const NEG_ONE: u64 = 0xbff0_0000_0000_0000;
}

#[test]
fn double_to_int32() {
    use d::*;
    let max = i32::MAX;
    let min = i32::MIN;
    let rows: &[(u64, Rm, i32, u8)] = &[
        (TWO31_MINUS_1, Rne, max, 0),
        // 2^31 - 0.5: the tie goes to the even 2^31, which is out of range.
        (TWO31_MINUS_HALF, Rne, max, NV),
        (TWO31_MINUS_HALF, Rtz, max, NX),
        (TWO31_MINUS_HALF, Rdn, max, NX),
        (TWO31_MINUS_HALF, Rup, max, NV),
        (TWO31_MINUS_HALF, Rmm, max, NV),
        (NEG_TWO31, Rne, min, 0),
        (NEG_TWO31_MINUS_HALF, Rne, min, NX),
        (NEG_TWO31_MINUS_HALF, Rtz, min, NX),
        (NEG_TWO31_MINUS_HALF, Rup, min, NX),
        (NEG_TWO31_MINUS_HALF, Rdn, min, NV),
        (NEG_TWO31_MINUS_HALF, Rmm, min, NV),
        (NEG_TWO31_MINUS_1, Rtz, min, NV),
        (TWO_HALF, Rne, 2, NX),
        (TWO_HALF, Rmm, 3, NX),
        (TWO_HALF, Rup, 3, NX),
        (TWO_HALF, Rdn, 2, NX),
        (NEG_TWO_HALF, Rne, -2, NX),
        (NEG_TWO_HALF, Rmm, -3, NX),
        (NEG_TWO_HALF, Rdn, -3, NX),
        (NEG_TWO_HALF, Rup, -2, NX),
        (NEG_TWO_HALF, Rtz, -2, NX),
        (QNAN_D, Rne, max, NV),
        (0xfff8_0000_0000_0000, Rne, max, NV),
        (SNAN_D, Rne, max, NV),
        (INF_D, Rne, max, NV),
        (INF_D | NEG_D, Rne, min, NV),
        (NEG_D, Rne, 0, 0),
        (1, Rup, 1, NX),
        (1 | NEG_D, Rdn, -1, NX),
    ];
    for &(a, rm, want, f) in rows {
        let mut fl = 0;
        assert_eq!((fpu::to_i32_d(a, rm, &mut fl), fl), (want, f), "to_i32_d({a:x}, {rm:?})");
    }
    let rows: &[(u64, Rm, u32, u8)] = &[
        (TWO32_MINUS_1, Rne, u32::MAX, 0),
        (TWO32_MINUS_HALF, Rne, u32::MAX, NV),
        (TWO32_MINUS_HALF, Rtz, u32::MAX, NX),
        (TWO32, Rtz, u32::MAX, NV),
        // Negative values that round to 0 give 0 with NX only.
        (NEG_HALF, Rne, 0, NX),
        (NEG_HALF, Rup, 0, NX),
        (NEG_0_9, Rtz, 0, NX),
        (NEG_0_9, Rne, 0, NV),
        (NEG_HALF, Rdn, 0, NV),
        (NEG_HALF, Rmm, 0, NV),
        (NEG_ONE, Rne, 0, NV),
        (NEG_D, Rne, 0, 0),
        (QNAN_D, Rne, u32::MAX, NV),
        (INF_D, Rne, u32::MAX, NV),
        (INF_D | NEG_D, Rne, 0, NV),
        (TWO_HALF, Rne, 2, NX),
    ];
    for &(a, rm, want, f) in rows {
        let mut fl = 0;
        assert_eq!((fpu::to_u32_d(a, rm, &mut fl), fl), (want, f), "to_u32_d({a:x}, {rm:?})");
    }
}

#[test]
fn double_to_int64() {
    use d::*;
    let rows: &[(u64, Rm, i64, u8)] = &[
        (TWO63, Rne, i64::MAX, NV),
        (BELOW_TWO63, Rne, 0x7fff_ffff_ffff_fc00, 0),
        (NEG_TWO63, Rne, i64::MIN, 0),
        (NEG_TWO63 + 1, Rne, i64::MIN, NV),
        (TWO31_MINUS_HALF, Rne, 1 << 31, NX),
        (NEG_TWO31_MINUS_1, Rne, -(1 << 31) - 1, 0),
        (QNAN_D, Rne, i64::MAX, NV),
        (INF_D | NEG_D, Rne, i64::MIN, NV),
        (NEG_TWO_HALF, Rmm, -3, NX),
    ];
    for &(a, rm, want, f) in rows {
        let mut fl = 0;
        assert_eq!((fpu::to_i64_d(a, rm, &mut fl), fl), (want, f), "to_i64_d({a:x}, {rm:?})");
    }
    let rows: &[(u64, Rm, u64, u8)] = &[
        (TWO64, Rne, u64::MAX, NV),
        (BELOW_TWO64, Rne, 0xffff_ffff_ffff_f800, 0),
        (TWO63, Rne, 1 << 63, 0),
        (TWO32, Rne, 1 << 32, 0),
        (NEG_ONE, Rne, 0, NV),
        (NEG_0_9, Rtz, 0, NX),
        (NEG_0_9, Rdn, 0, NV),
        (QNAN_D, Rne, u64::MAX, NV),
        (INF_D, Rne, u64::MAX, NV),
        (INF_D | NEG_D, Rne, 0, NV),
    ];
    for &(a, rm, want, f) in rows {
        let mut fl = 0;
        assert_eq!((fpu::to_u64_d(a, rm, &mut fl), fl), (want, f), "to_u64_d({a:x}, {rm:?})");
    }
}

#[test]
fn single_to_int() {
    let two31 = 0x4f00_0000;
    let below_two31 = 0x4eff_ffff; // 2^31 - 128
    let two63 = 0x5f00_0000;
    let two64 = 0x5f80_0000;
    let two32 = 0x4f80_0000;
    let neg_half = 0xbf00_0000;
    let neg_one = 0xbf80_0000;
    let two_half = 0x4020_0000;
    let mut fl;
    let check = |got: (i128, u8), want: (i128, u8), what: &str| {
        assert_eq!(got, want, "{what}");
    };
    macro_rules! c {
        ($f:ident($a:expr, $rm:expr) => $want:expr, $flags:expr) => {{
            fl = 0;
            let got = fpu::$f($a, $rm, &mut fl) as i128;
            check((got, fl), ($want as i128, $flags), concat!(stringify!($f), "(", stringify!($a), ", ", stringify!($rm), ")"));
        }};
    }
    c!(to_i32_s(two31, Rne) => i32::MAX, NV);
    c!(to_i32_s(two31 | NEG_S, Rne) => i32::MIN, 0);
    c!(to_i32_s(0xcf00_0001, Rne) => i32::MIN, NV);
    c!(to_i32_s(below_two31, Rne) => 0x7fff_ff80, 0);
    c!(to_i32_s(two_half, Rne) => 2, NX);
    c!(to_i32_s(two_half, Rmm) => 3, NX);
    c!(to_i32_s(QNAN_S, Rne) => i32::MAX, NV);
    c!(to_i32_s(0xffc0_0000, Rne) => i32::MAX, NV);
    c!(to_i32_s(INF_S | NEG_S, Rne) => i32::MIN, NV);
    c!(to_u32_s(two32, Rne) => u32::MAX, NV);
    c!(to_u32_s(0x4f7f_ffff, Rne) => 0xffff_ff00u32, 0);
    c!(to_u32_s(neg_one, Rne) => 0, NV);
    c!(to_u32_s(neg_half, Rne) => 0, NX);
    c!(to_u32_s(neg_half, Rdn) => 0, NV);
    c!(to_u32_s(SNAN_S, Rne) => u32::MAX, NV);
    c!(to_i64_s(two63, Rne) => i64::MAX, NV);
    c!(to_i64_s(two63 | NEG_S, Rne) => i64::MIN, 0);
    c!(to_i64_s(0xdf00_0001, Rne) => i64::MIN, NV);
    c!(to_i64_s(two31, Rne) => 1i64 << 31, 0);
    c!(to_i64_s(QNAN_S, Rne) => i64::MAX, NV);
    c!(to_i64_s(1, Rdn) => 0, NX);
    c!(to_i64_s(1 | NEG_S, Rdn) => -1, NX);
    c!(to_u64_s(two64, Rne) => u64::MAX, NV);
    c!(to_u64_s(two63, Rne) => 1u64 << 63, 0);
    c!(to_u64_s(neg_one, Rne) => 0, NV);
    c!(to_u64_s(neg_half, Rup) => 0, NX);
    c!(to_u64_s(QNAN_S, Rne) => u64::MAX, NV);
    c!(to_u64_s(INF_S | NEG_S, Rne) => 0, NV);
}

#[test]
fn int_to_float() {
    let mut fl = 0;
    let t = |got: u64, want: u64, flags: u8, what: &str, fl: &mut u8| {
        assert_eq!((got, *fl), (want, flags), "{what}");
        *fl = 0;
    };
    // 2^24 + 1 is a tie between 2^24 and 2^24 + 2.
    t(fpu::from_i32_s(0x100_0001, Rne, &mut fl) as u64, 0x4b80_0000, NX, "i32 2^24+1 rne", &mut fl);
    t(fpu::from_i32_s(0x100_0001, Rup, &mut fl) as u64, 0x4b80_0001, NX, "i32 2^24+1 rup", &mut fl);
    t(fpu::from_i32_s(0x100_0001, Rmm, &mut fl) as u64, 0x4b80_0001, NX, "i32 2^24+1 rmm", &mut fl);
    t(fpu::from_i32_s(0x100_0003, Rne, &mut fl) as u64, 0x4b80_0002, NX, "i32 2^24+3 rne", &mut fl);
    t(fpu::from_i32_s(-0x100_0001, Rdn, &mut fl) as u64, 0xcb80_0001, NX, "i32 -(2^24+1) rdn", &mut fl);
    t(fpu::from_i32_s(-0x100_0001, Rup, &mut fl) as u64, 0xcb80_0000, NX, "i32 -(2^24+1) rup", &mut fl);
    t(fpu::from_i32_s(-0x100_0001, Rtz, &mut fl) as u64, 0xcb80_0000, NX, "i32 -(2^24+1) rtz", &mut fl);
    t(fpu::from_i32_s(0, Rdn, &mut fl) as u64, 0, 0, "i32 0 (+0 even rounding down)", &mut fl);
    t(fpu::from_i32_s(i32::MIN, Rne, &mut fl) as u64, 0xcf00_0000, 0, "i32 min", &mut fl);
    t(fpu::from_u32_s(u32::MAX, Rne, &mut fl) as u64, 0x4f80_0000, NX, "u32 max rne", &mut fl);
    t(fpu::from_u32_s(u32::MAX, Rtz, &mut fl) as u64, 0x4f7f_ffff, NX, "u32 max rtz", &mut fl);
    t(fpu::from_i64_s(i64::MIN, Rne, &mut fl) as u64, 0xdf00_0000, 0, "i64 min", &mut fl);
    t(fpu::from_i64_s(-1, Rne, &mut fl) as u64, 0xbf80_0000, 0, "i64 -1", &mut fl);
    t(fpu::from_u64_s(u64::MAX, Rne, &mut fl) as u64, 0x5f80_0000, NX, "u64 max rne", &mut fl);
    t(fpu::from_u64_s(u64::MAX, Rdn, &mut fl) as u64, 0x5f7f_ffff, NX, "u64 max rdn", &mut fl);
    t(fpu::from_i32_d(-1, Rne, &mut fl), 0xbff0_0000_0000_0000, 0, "d i32 -1", &mut fl);
    t(fpu::from_i32_d(i32::MIN, Rne, &mut fl), 0xc1e0_0000_0000_0000, 0, "d i32 min", &mut fl);
    t(fpu::from_u32_d(u32::MAX, Rne, &mut fl), 0x41ef_ffff_ffe0_0000, 0, "d u32 max", &mut fl);
    t(fpu::from_i64_d(i64::MAX, Rne, &mut fl), 0x43e0_0000_0000_0000, NX, "d i64 max rne", &mut fl);
    t(fpu::from_i64_d(i64::MAX, Rtz, &mut fl), 0x43df_ffff_ffff_ffff, NX, "d i64 max rtz", &mut fl);
    t(fpu::from_i64_d((1 << 53) + 1, Rne, &mut fl), 0x4340_0000_0000_0000, NX, "d 2^53+1", &mut fl);
    t(fpu::from_i64_d((1 << 53) + 1, Rmm, &mut fl), 0x4340_0000_0000_0001, NX, "d 2^53+1 rmm", &mut fl);
    t(fpu::from_i64_d(i64::MIN, Rne, &mut fl), 0xc3e0_0000_0000_0000, 0, "d i64 min", &mut fl);
    t(fpu::from_u64_d(u64::MAX, Rne, &mut fl), 0x43f0_0000_0000_0000, NX, "d u64 max", &mut fl);
    t(fpu::from_u64_d(u64::MAX, Rtz, &mut fl), 0x43ef_ffff_ffff_ffff, NX, "d u64 max rtz", &mut fl);
    t(fpu::from_u64_d(0, Rne, &mut fl), 0, 0, "d u64 0", &mut fl);
}

#[test]
fn between_formats() {
    let s_to_d: &[(u32, u64, u8)] = &[
        (ONE_S, ONE_D, 0),
        (NEG_S, NEG_D, 0),
        (INF_S | NEG_S, INF_D | NEG_D, 0),
        (1, 0x36a0_0000_0000_0000, 0), // 2^-149 is normal in D
        (SNAN_S, QNAN_D, NV),
        (0x7fc1_2345, QNAN_D, 0),
        (0xffc0_0000, QNAN_D, 0),
        (MAX_S, 0x47ef_ffff_e000_0000, 0),
    ];
    for &(a, want, f) in s_to_d {
        let mut fl = 0;
        assert_eq!((fpu::s_to_d(a, &mut fl), fl), (want, f), "s_to_d({a:x})");
    }
    let third = 0x3fd5_5555_5555_5555;
    let d_to_s: &[(u64, Rm, u32, u8)] = &[
        (ONE_D, Rne, ONE_S, 0),
        (third, Rne, 0x3eaa_aaab, NX),
        (third, Rtz, 0x3eaa_aaaa, NX),
        (0x7e37_e43c_8800_759c, Rne, INF_S, OF | NX), // 1e300
        (0x7e37_e43c_8800_759c, Rtz, MAX_S, OF | NX),
        (0xfe37_e43c_8800_759c, Rup, MAX_S | NEG_S, OF | NX),
        (0x01a5_6e1f_c2f8_f359, Rne, 0, UF | NX), // 1e-300
        (0x01a5_6e1f_c2f8_f359, Rup, 1, UF | NX),
        (0x81a5_6e1f_c2f8_f359, Rdn, 1 | NEG_S, UF | NX),
        // MAX_S + half an ulp: RNE's tie rounds to 2^128 (overflow), RTZ
        // gives MAX_S without overflow (the unbounded-exponent result fits).
        (0x47ef_ffff_f000_0000, Rne, INF_S, OF | NX),
        (0x47ef_ffff_f000_0000, Rtz, MAX_S, NX),
        // 2^-126 (1 - 2^-26): rounds at full precision to 2^-126, so it is
        // not tiny after rounding: NX without UF (before-rounding would say UF).
        (0x380f_ffff_f800_0000, Rne, 0x0080_0000, NX),
        (0x380f_ffff_f800_0000, Rup, 0x0080_0000, NX),
        (0x380f_ffff_f800_0000, Rtz, 0x007f_ffff, UF | NX),
        // 2^-126 (1 - 2^-24): exact at full precision, so tiny; the
        // subnormal rounding still reaches 2^-126.
        (0x380f_ffff_e000_0000, Rne, 0x0080_0000, UF | NX),
        (0x380f_ffff_e000_0000, Rdn, 0x007f_ffff, UF | NX),
        (SNAN_D, Rne, QNAN_S, NV),
        (0x7ff8_0000_1234_5678, Rne, QNAN_S, 0),
        (INF_D | NEG_D, Rne, INF_S | NEG_S, 0),
        (NEG_D, Rne, NEG_S, 0),
    ];
    for &(a, rm, want, f) in d_to_s {
        let mut fl = 0;
        assert_eq!((fpu::d_to_s(a, rm, &mut fl), fl), (want, f), "d_to_s({a:x}, {rm:?})");
    }
}

#[test]
fn flags_accumulate_by_or() {
    let mut fl = DZ;
    fpu::add_s(ONE_S, 0x3380_0000, Rne, &mut fl);
    assert_eq!(fl, DZ | NX);
    fpu::add_s(ONE_S, ONE_S, Rne, &mut fl);
    assert_eq!(fl, DZ | NX, "an exact op clears nothing");
}

#[test]
fn rm_decoding() {
    assert_eq!(Rm::from_bits(0), Some(Rne));
    assert_eq!(Rm::from_bits(4), Some(Rmm));
    assert_eq!(Rm::from_bits(5), None);
    assert_eq!(Rm::from_bits(7), None);
}
