//! Differential test of `hemu::isa::fpu` against Berkeley SoftFloat 3 built
//! with its RISC-V specialization (what Spike uses): results and flags must
//! be bit-identical for every operation and rounding mode.
//!
//! Opt-in, because building SoftFloat needs gcc and cmake:
//!   cargo test -p hemu --features softfloat-oracle --test fpu_softfloat
//! FPU_ORACLE_CASES=N sets the number of random cases per operation and
//! FPU_ORACLE_SEED=N varies the (otherwise fixed) random inputs.
#![cfg(all(feature = "softfloat-oracle", target_arch = "x86_64", target_os = "linux"))]

use hemu::isa::fpu::{self, Rm};
use softfloat_wrapper::{ExceptionFlags, Float, RoundingMode, F32, F64};

const MODES: [Rm; 5] = [Rm::Rne, Rm::Rtz, Rm::Rdn, Rm::Rup, Rm::Rmm];

fn sf_mode(rm: Rm) -> RoundingMode {
    match rm {
        Rm::Rne => RoundingMode::TiesToEven,
        Rm::Rtz => RoundingMode::TowardZero,
        Rm::Rdn => RoundingMode::TowardNegative,
        Rm::Rup => RoundingMode::TowardPositive,
        Rm::Rmm => RoundingMode::TiesToAway,
    }
}

/// Run `f` with SoftFloat's (thread-local) flags cleared; return its result
/// and the flags it raised. SoftFloat's flag bits equal fflags' layout.
fn sf<T>(f: impl FnOnce() -> T) -> (T, u8) {
    ExceptionFlags::default().set();
    let r = f();
    let mut flags = ExceptionFlags::default();
    flags.get();
    (r, flags.to_bits())
}

/// Deterministic xorshift generator: reproducible failures, no seed files.
struct Gen(u64);
impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    /// A bit pattern of a format with `frac` fraction and `exp` exponent
    /// bits, biased towards the values where rounding and flags are subtle.
    fn float(&mut self, frac: u32, exp: u32) -> u64 {
        let bias = (1u64 << (exp - 1)) - 1;
        let emax_field = (1u64 << exp) - 1;
        let sign = self.next() & 1;
        let e = match self.below(12) {
            0 => 0,                                // zero / subnormal
            1 => emax_field,                       // inf / NaN
            2 => emax_field - 1 - self.below(3),   // near overflow
            3 => 1 + self.below(3),                // near underflow
            4 => bias + 30 + self.below(4),        // 32-bit integer limits
            5 => bias + 62 + self.below(4),        // 64-bit integer limits
            6 => bias - 2 + self.below(5),         // around 1.0
            7 => bias + self.below(24),            // small integers
            _ => self.below(emax_field + 1),
        };
        let mask = (1u64 << frac) - 1;
        let f = match self.below(8) {
            0 => 0,
            1 => mask,
            2 => 1 << (frac - 1),
            3 => 1,
            4 => mask ^ (1 << (frac - 1)),           // sNaN with payload
            5 => (self.next() & mask) & !((1 << (frac / 2)) - 1), // short significand
            _ => self.next() & mask,
        };
        (sign << (frac + exp)) | (e << frac) | f
    }
    fn f32(&mut self) -> u32 {
        self.float(23, 8) as u32
    }
    fn f64(&mut self) -> u64 {
        self.float(52, 11)
    }
    /// A value close to `x` (for cancellation in add/fma).
    fn near(&mut self, x: u64) -> u64 {
        let delta = self.below(4);
        if self.next() & 1 == 0 {
            x.wrapping_add(delta)
        } else {
            x.wrapping_sub(delta)
        }
    }
    fn int(&mut self) -> u64 {
        let shift = self.below(64) as u32;
        let v = self.next() >> shift;
        match self.below(6) {
            0 => v.wrapping_neg(),
            1 => 1u64 << self.below(64),
            2 => (1u64 << self.below(64)).wrapping_sub(1),
            _ => v,
        }
    }
}

fn seed(base: u64) -> Gen {
    let extra: u64 = std::env::var("FPU_ORACLE_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0);
    // xorshift must not start at 0.
    Gen((base ^ extra.wrapping_mul(0x9e37_79b9_7f4a_7c15)) | 1)
}

fn cases() -> usize {
    std::env::var("FPU_ORACLE_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(200_000)
}

#[track_caller]
fn check<T: PartialEq + std::fmt::Debug>(what: &str, inputs: &[u64], rm: Rm, ours: (T, u8), theirs: (T, u8)) {
    assert_eq!(
        ours, theirs,
        "{what} {:x?} {rm:?}: (ours, flags) != (softfloat, flags)",
        inputs
    );
}

fn ours<T>(f: impl FnOnce(&mut u8) -> T) -> (T, u8) {
    let mut fl = 0;
    let r = f(&mut fl);
    (r, fl)
}

#[test]
fn single_arithmetic_matches_softfloat() {
    let mut g = seed(0x1234_5678_9abc_def1);
    for i in 0..cases() {
        let a = g.f32();
        let b = if i % 4 == 0 { g.near(a as u64) as u32 ^ 0x8000_0000 } else { g.f32() };
        let c = g.f32();
        let (fa, fb, fc) = (F32::from_bits(a), F32::from_bits(b), F32::from_bits(c));
        for rm in MODES {
            let m = sf_mode(rm);
            let v = [a as u64, b as u64, c as u64];
            check("add_s", &v, rm, ours(|fl| fpu::add_s(a, b, rm, fl)), sf(|| fa.add(fb, m).to_bits()));
            check("sub_s", &v, rm, ours(|fl| fpu::sub_s(a, b, rm, fl)), sf(|| fa.sub(fb, m).to_bits()));
            check("mul_s", &v, rm, ours(|fl| fpu::mul_s(a, b, rm, fl)), sf(|| fa.mul(fb, m).to_bits()));
            check("div_s", &v, rm, ours(|fl| fpu::div_s(a, b, rm, fl)), sf(|| fa.div(fb, m).to_bits()));
            check("sqrt_s", &v, rm, ours(|fl| fpu::sqrt_s(a, rm, fl)), sf(|| fa.sqrt(m).to_bits()));
            // c near -(a*b) for cancellation in a quarter of the cases.
            let c = if i % 4 == 1 {
                let mut x = 0;
                g.near(fpu::mul_s(a, b, Rm::Rne, &mut x) as u64) as u32 ^ 0x8000_0000
            } else {
                c
            };
            let fc2 = F32::from_bits(c);
            let v = [a as u64, b as u64, c as u64];
            check("fma_s", &v, rm, ours(|fl| fpu::fma_s(a, b, c, rm, fl)), sf(|| fa.fused_mul_add(fb, fc2, m).to_bits()));
            let _ = fc;
        }
    }
}

#[test]
fn double_arithmetic_matches_softfloat() {
    let mut g = seed(0x0fed_cba9_8765_4321);
    for i in 0..cases() {
        let a = g.f64();
        let b = if i % 4 == 0 { g.near(a) ^ (1 << 63) } else { g.f64() };
        let (fa, fb) = (F64::from_bits(a), F64::from_bits(b));
        for rm in MODES {
            let m = sf_mode(rm);
            let v = [a, b];
            check("add_d", &v, rm, ours(|fl| fpu::add_d(a, b, rm, fl)), sf(|| fa.add(fb, m).to_bits()));
            check("sub_d", &v, rm, ours(|fl| fpu::sub_d(a, b, rm, fl)), sf(|| fa.sub(fb, m).to_bits()));
            check("mul_d", &v, rm, ours(|fl| fpu::mul_d(a, b, rm, fl)), sf(|| fa.mul(fb, m).to_bits()));
            check("div_d", &v, rm, ours(|fl| fpu::div_d(a, b, rm, fl)), sf(|| fa.div(fb, m).to_bits()));
            check("sqrt_d", &v, rm, ours(|fl| fpu::sqrt_d(a, rm, fl)), sf(|| fa.sqrt(m).to_bits()));
            let c = if i % 4 == 1 {
                let mut x = 0;
                g.near(fpu::mul_d(a, b, Rm::Rne, &mut x)) ^ (1 << 63)
            } else {
                g.f64()
            };
            let fc = F64::from_bits(c);
            let v = [a, b, c];
            check("fma_d", &v, rm, ours(|fl| fpu::fma_d(a, b, c, rm, fl)), sf(|| fa.fused_mul_add(fb, fc, m).to_bits()));
        }
    }
}

#[test]
fn conversions_match_softfloat() {
    let mut g = seed(0x5555_aaaa_3333_cccc);
    for _ in 0..cases() {
        let s = g.f32();
        let d = g.f64();
        let n = g.int();
        let (fs, fd) = (F32::from_bits(s), F64::from_bits(d));
        for rm in MODES {
            let m = sf_mode(rm);
            let vs = [s as u64];
            let vd = [d];
            let vn = [n];
            check("to_i32_s", &vs, rm, ours(|fl| fpu::to_i32_s(s, rm, fl)), sf(|| fs.to_i32(m, true)));
            check("to_u32_s", &vs, rm, ours(|fl| fpu::to_u32_s(s, rm, fl)), sf(|| fs.to_u32(m, true)));
            check("to_i64_s", &vs, rm, ours(|fl| fpu::to_i64_s(s, rm, fl)), sf(|| fs.to_i64(m, true)));
            check("to_u64_s", &vs, rm, ours(|fl| fpu::to_u64_s(s, rm, fl)), sf(|| fs.to_u64(m, true)));
            check("to_i32_d", &vd, rm, ours(|fl| fpu::to_i32_d(d, rm, fl)), sf(|| fd.to_i32(m, true)));
            check("to_u32_d", &vd, rm, ours(|fl| fpu::to_u32_d(d, rm, fl)), sf(|| fd.to_u32(m, true)));
            check("to_i64_d", &vd, rm, ours(|fl| fpu::to_i64_d(d, rm, fl)), sf(|| fd.to_i64(m, true)));
            check("to_u64_d", &vd, rm, ours(|fl| fpu::to_u64_d(d, rm, fl)), sf(|| fd.to_u64(m, true)));
            check("from_i32_s", &vn, rm, ours(|fl| fpu::from_i32_s(n as i32, rm, fl)), sf(|| F32::from_i32(n as i32, m).to_bits()));
            check("from_u32_s", &vn, rm, ours(|fl| fpu::from_u32_s(n as u32, rm, fl)), sf(|| F32::from_u32(n as u32, m).to_bits()));
            check("from_i64_s", &vn, rm, ours(|fl| fpu::from_i64_s(n as i64, rm, fl)), sf(|| F32::from_i64(n as i64, m).to_bits()));
            check("from_u64_s", &vn, rm, ours(|fl| fpu::from_u64_s(n, rm, fl)), sf(|| F32::from_u64(n, m).to_bits()));
            check("from_i32_d", &vn, rm, ours(|fl| fpu::from_i32_d(n as i32, rm, fl)), sf(|| F64::from_i32(n as i32, m).to_bits()));
            check("from_u32_d", &vn, rm, ours(|fl| fpu::from_u32_d(n as u32, rm, fl)), sf(|| F64::from_u32(n as u32, m).to_bits()));
            check("from_i64_d", &vn, rm, ours(|fl| fpu::from_i64_d(n as i64, rm, fl)), sf(|| F64::from_i64(n as i64, m).to_bits()));
            check("from_u64_d", &vn, rm, ours(|fl| fpu::from_u64_d(n, rm, fl)), sf(|| F64::from_u64(n, m).to_bits()));
            check("d_to_s", &vd, rm, ours(|fl| fpu::d_to_s(d, rm, fl)), sf(|| fd.to_f32(m).to_bits()));
        }
        check("s_to_d", &[s as u64], Rm::Rne, ours(|fl| fpu::s_to_d(s, fl)), sf(|| fs.to_f64(RoundingMode::TiesToEven).to_bits()));
    }
}

/// Spike's FMIN/FMAX, built from SoftFloat's quiet comparisons.
fn spike_min_max<T: Float + Copy>(a: T, b: T, is_nan: impl Fn(&T) -> bool, neg: impl Fn(&T) -> bool, max: bool) -> Option<T> {
    let less = if max {
        b.lt_quiet(a) || (b.eq(a) && neg(&b))
    } else {
        a.lt_quiet(b) || (a.eq(b) && neg(&a))
    };
    if is_nan(&a) && is_nan(&b) {
        None
    } else if less || is_nan(&b) {
        Some(a)
    } else {
        Some(b)
    }
}

#[test]
fn comparisons_match_softfloat() {
    let mut g = seed(0x7777_1111_2222_9999);
    for i in 0..cases() {
        let a = g.f32();
        let b = if i % 3 == 0 { g.near(a as u64) as u32 } else { g.f32() };
        let (fa, fb) = (F32::from_bits(a), F32::from_bits(b));
        let v = [a as u64, b as u64];
        let rm = Rm::Rne;
        check("eq_s", &v, rm, ours(|fl| fpu::eq_s(a, b, fl)), sf(|| fa.eq(fb)));
        check("lt_s", &v, rm, ours(|fl| fpu::lt_s(a, b, fl)), sf(|| fa.lt(fb)));
        check("le_s", &v, rm, ours(|fl| fpu::le_s(a, b, fl)), sf(|| fa.le(fb)));
        let nan32 = |x: &F32| x.to_bits() & 0x7fff_ffff > 0x7f80_0000;
        let neg32 = |x: &F32| x.to_bits() >> 31 != 0;
        for max in [false, true] {
            let theirs = sf(|| spike_min_max(fa, fb, nan32, neg32, max).map_or(0x7fc0_0000, |x| x.to_bits()));
            let ours = ours(|fl| if max { fpu::max_s(a, b, fl) } else { fpu::min_s(a, b, fl) });
            check(if max { "max_s" } else { "min_s" }, &v, rm, ours, theirs);
        }

        let a = g.f64();
        let b = if i % 3 == 0 { g.near(a) } else { g.f64() };
        let (fa, fb) = (F64::from_bits(a), F64::from_bits(b));
        let v = [a, b];
        check("eq_d", &v, rm, ours(|fl| fpu::eq_d(a, b, fl)), sf(|| fa.eq(fb)));
        check("lt_d", &v, rm, ours(|fl| fpu::lt_d(a, b, fl)), sf(|| fa.lt(fb)));
        check("le_d", &v, rm, ours(|fl| fpu::le_d(a, b, fl)), sf(|| fa.le(fb)));
        let nan64 = |x: &F64| x.to_bits() & !(1 << 63) > 0x7ff0_0000_0000_0000;
        let neg64 = |x: &F64| x.to_bits() >> 63 != 0;
        for max in [false, true] {
            let theirs = sf(|| spike_min_max(fa, fb, nan64, neg64, max).map_or(0x7ff8_0000_0000_0000, |x| x.to_bits()));
            let ours = ours(|fl| if max { fpu::max_d(a, b, fl) } else { fpu::min_d(a, b, fl) });
            check(if max { "max_d" } else { "min_d" }, &v, rm, ours, theirs);
        }
    }
}
