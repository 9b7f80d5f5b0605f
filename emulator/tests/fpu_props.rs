//! Property tests of `hemu::isa::fpu` against the host's IEEE 754
//! arithmetic, which rounds to nearest-even: for non-NaN operands the RNE
//! results must be bit-identical (a NaN result must be RISC-V's canonical
//! NaN). Also: no input makes any function panic.

use hemu::isa::fpu::{self, Rm};
use proptest::prelude::*;

const QNAN_S: u32 = 0x7fc0_0000;
const QNAN_D: u64 = 0x7ff8_0000_0000_0000;

/// Any non-NaN single, with extra weight on zeros, subnormals and infinities.
fn f32_bits() -> impl Strategy<Value = u32> {
    prop_oneof![
        4 => any::<u32>(),
        1 => (any::<bool>(), 0u32..0x80_0000).prop_map(|(s, f)| (s as u32) << 31 | f),
        1 => (any::<bool>(), 0xfe_u32..0x100).prop_map(|(s, e)| (s as u32) << 31 | e.min(0xff) << 23),
        1 => prop_oneof![Just(0u32), Just(0x8000_0000)],
    ]
    .prop_filter("not NaN", |&x| !f32::from_bits(x).is_nan())
}

fn f64_bits() -> impl Strategy<Value = u64> {
    prop_oneof![
        4 => any::<u64>(),
        1 => (any::<bool>(), 0u64..(1 << 52)).prop_map(|(s, f)| (s as u64) << 63 | f),
        1 => (any::<bool>(), 0x7fe_u64..0x800).prop_map(|(s, e)| (s as u64) << 63 | e.min(0x7ff) << 52),
        1 => prop_oneof![Just(0u64), Just(1 << 63)],
    ]
    .prop_filter("not NaN", |&x| !f64::from_bits(x).is_nan())
}

// black_box: an optimized build may otherwise fold `sqrt(x).is_nan()` into
// a test on x that disagrees with the host's actual sqrt for subnormal x.
fn host_s(x: f32) -> u32 {
    let x = std::hint::black_box(x);
    if x.is_nan() {
        QNAN_S
    } else {
        x.to_bits()
    }
}

fn host_d(x: f64) -> u64 {
    let x = std::hint::black_box(x);
    if x.is_nan() {
        QNAN_D
    } else {
        x.to_bits()
    }
}

type OpD = fn(u64, u64, Rm, &mut u8) -> u64;

const MODES: [Rm; 5] = [Rm::Rne, Rm::Rtz, Rm::Rdn, Rm::Rup, Rm::Rmm];

proptest! {
    #![proptest_config(ProptestConfig { cases: 20_000, ..ProptestConfig::default() })]

    #[test]
    fn single_ops_match_host(a in f32_bits(), b in f32_bits(), c in f32_bits()) {
        let (x, y, z) = (f32::from_bits(a), f32::from_bits(b), f32::from_bits(c));
        let mut fl = 0;
        prop_assert_eq!(fpu::add_s(a, b, Rm::Rne, &mut fl), host_s(x + y));
        prop_assert_eq!(fpu::sub_s(a, b, Rm::Rne, &mut fl), host_s(x - y));
        prop_assert_eq!(fpu::mul_s(a, b, Rm::Rne, &mut fl), host_s(x * y));
        prop_assert_eq!(fpu::div_s(a, b, Rm::Rne, &mut fl), host_s(x / y));
        prop_assert_eq!(fpu::sqrt_s(a, Rm::Rne, &mut fl), host_s(x.sqrt()));
        prop_assert_eq!(fpu::fma_s(a, b, c, Rm::Rne, &mut fl), host_s(x.mul_add(y, z)));
        prop_assert_eq!(fpu::s_to_d(a, &mut fl), host_d(x as f64));
        prop_assert_eq!(fpu::eq_s(a, b, &mut fl), x == y);
        prop_assert_eq!(fpu::lt_s(a, b, &mut fl), x < y);
        prop_assert_eq!(fpu::le_s(a, b, &mut fl), x <= y);
    }

    #[test]
    fn double_ops_match_host(a in f64_bits(), b in f64_bits(), c in f64_bits()) {
        let (x, y, z) = (f64::from_bits(a), f64::from_bits(b), f64::from_bits(c));
        let mut fl = 0;
        prop_assert_eq!(fpu::add_d(a, b, Rm::Rne, &mut fl), host_d(x + y));
        prop_assert_eq!(fpu::sub_d(a, b, Rm::Rne, &mut fl), host_d(x - y));
        prop_assert_eq!(fpu::mul_d(a, b, Rm::Rne, &mut fl), host_d(x * y));
        prop_assert_eq!(fpu::div_d(a, b, Rm::Rne, &mut fl), host_d(x / y));
        prop_assert_eq!(fpu::sqrt_d(a, Rm::Rne, &mut fl), host_d(x.sqrt()));
        prop_assert_eq!(fpu::fma_d(a, b, c, Rm::Rne, &mut fl), host_d(x.mul_add(y, z)));
        prop_assert_eq!(fpu::d_to_s(a, Rm::Rne, &mut fl), host_s(x as f32));
        prop_assert_eq!(fpu::eq_d(a, b, &mut fl), x == y);
        prop_assert_eq!(fpu::lt_d(a, b, &mut fl), x < y);
        prop_assert_eq!(fpu::le_d(a, b, &mut fl), x <= y);
    }

    /// Addition close to cancellation, where the result is exact or nearly.
    #[test]
    fn near_cancellation_matches_host(a in f64_bits(), d in -4i64..4, sa in any::<u32>(), ds in -4i32..4) {
        let b = (a as i64).wrapping_add(d) as u64 ^ (1 << 63);
        if !f64::from_bits(b).is_nan() {
            let mut fl = 0;
            prop_assert_eq!(fpu::add_d(a, b, Rm::Rne, &mut fl), host_d(f64::from_bits(a) + f64::from_bits(b)));
        }
        let t = (sa as i32).wrapping_add(ds) as u32 ^ 0x8000_0000;
        if !f32::from_bits(sa).is_nan() && !f32::from_bits(t).is_nan() {
            let mut fl = 0;
            prop_assert_eq!(fpu::add_s(sa, t, Rm::Rne, &mut fl), host_s(f32::from_bits(sa) + f32::from_bits(t)));
        }
    }

    /// Rust's `as` from integers rounds to nearest-even; `as` to integers
    /// truncates and saturates, as RISC-V's RTZ conversions do (NaN aside).
    #[test]
    fn integer_conversions_match_host(v in any::<i64>(), a in f64_bits(), s in f32_bits()) {
        let mut fl = 0;
        prop_assert_eq!(fpu::from_i64_d(v, Rm::Rne, &mut fl), (v as f64).to_bits());
        prop_assert_eq!(fpu::from_u64_d(v as u64, Rm::Rne, &mut fl), (v as u64 as f64).to_bits());
        prop_assert_eq!(fpu::from_i32_d(v as i32, Rm::Rne, &mut fl), (v as i32 as f64).to_bits());
        prop_assert_eq!(fpu::from_u32_d(v as u32, Rm::Rne, &mut fl), (v as u32 as f64).to_bits());
        prop_assert_eq!(fpu::from_i64_s(v, Rm::Rne, &mut fl), (v as f32).to_bits());
        prop_assert_eq!(fpu::from_u64_s(v as u64, Rm::Rne, &mut fl), (v as u64 as f32).to_bits());
        prop_assert_eq!(fpu::from_i32_s(v as i32, Rm::Rne, &mut fl), (v as i32 as f32).to_bits());
        prop_assert_eq!(fpu::from_u32_s(v as u32, Rm::Rne, &mut fl), (v as u32 as f32).to_bits());
        let x = f64::from_bits(a);
        prop_assert_eq!(fpu::to_i64_d(a, Rm::Rtz, &mut fl), x as i64);
        prop_assert_eq!(fpu::to_u64_d(a, Rm::Rtz, &mut fl), x as u64);
        prop_assert_eq!(fpu::to_i32_d(a, Rm::Rtz, &mut fl), x as i32);
        prop_assert_eq!(fpu::to_u32_d(a, Rm::Rtz, &mut fl), x as u32);
        let y = f32::from_bits(s);
        prop_assert_eq!(fpu::to_i64_s(s, Rm::Rtz, &mut fl), y as i64);
        prop_assert_eq!(fpu::to_u64_s(s, Rm::Rtz, &mut fl), y as u64);
        prop_assert_eq!(fpu::to_i32_s(s, Rm::Rtz, &mut fl), y as i32);
        prop_assert_eq!(fpu::to_u32_s(s, Rm::Rtz, &mut fl), y as u32);
    }

    /// Directed modes bracket the exact result: RDN <= RNE <= RUP, RTZ is
    /// the one of RDN/RUP nearer zero, and all agree when RNE's NX is clear.
    #[test]
    fn directed_modes_bracket(a in f64_bits(), b in f64_bits()) {
        let ops: [OpD; 4] = [fpu::add_d, fpu::mul_d, fpu::div_d, |a, _, rm, fl| fpu::sqrt_d(a, rm, fl)];
        for op in ops {
            let mut r = [0u64; 5];
            let mut f = [0u8; 5];
            for (i, rm) in MODES.into_iter().enumerate() {
                r[i] = op(a, b, rm, &mut f[i]);
            }
            let v = r.map(f64::from_bits);
            if v.iter().any(|x| x.is_nan()) {
                continue;
            }
            prop_assert!(v[2] <= v[0] && v[0] <= v[3], "{:?}", v);
            prop_assert!(v[2] <= v[4] && v[4] <= v[3], "{:?}", v);
            // Compared as values: an exact zero sum is -0 only under RDN.
            let toward_zero = if v[2] >= 0.0 { v[2] } else { v[3] };
            prop_assert_eq!(v[1], toward_zero);
            if f[0] & fpu::NX == 0 {
                prop_assert!(v.iter().all(|&x| x == v[0]), "{:?}", v);
            }
        }
    }

    /// Arbitrary bit patterns (NaNs included) in every mode: never panics,
    /// and NaN results are always canonical.
    #[test]
    fn total_and_canonical(a in any::<u64>(), b in any::<u64>(), c in any::<u64>(), m in 0usize..5) {
        let rm = MODES[m];
        let mut fl = 0;
        let (sa, sb, sc) = (a as u32, b as u32, c as u32);
        for r in [
            fpu::add_s(sa, sb, rm, &mut fl), fpu::sub_s(sa, sb, rm, &mut fl),
            fpu::mul_s(sa, sb, rm, &mut fl), fpu::div_s(sa, sb, rm, &mut fl),
            fpu::sqrt_s(sa, rm, &mut fl), fpu::fma_s(sa, sb, sc, rm, &mut fl),
            fpu::min_s(sa, sb, &mut fl), fpu::max_s(sa, sb, &mut fl),
            fpu::from_i64_s(a as i64, rm, &mut fl), fpu::d_to_s(a, rm, &mut fl),
        ] {
            prop_assert!(!f32::from_bits(r).is_nan() || r == QNAN_S);
        }
        for r in [
            fpu::add_d(a, b, rm, &mut fl), fpu::sub_d(a, b, rm, &mut fl),
            fpu::mul_d(a, b, rm, &mut fl), fpu::div_d(a, b, rm, &mut fl),
            fpu::sqrt_d(a, rm, &mut fl), fpu::fma_d(a, b, c, rm, &mut fl),
            fpu::min_d(a, b, &mut fl), fpu::max_d(a, b, &mut fl),
            fpu::from_u64_d(a, rm, &mut fl), fpu::s_to_d(sa, &mut fl),
        ] {
            prop_assert!(!f64::from_bits(r).is_nan() || r == QNAN_D);
        }
        let _ = (fpu::to_i32_s(sa, rm, &mut fl), fpu::to_u32_s(sa, rm, &mut fl));
        let _ = (fpu::to_i64_s(sa, rm, &mut fl), fpu::to_u64_s(sa, rm, &mut fl));
        let _ = (fpu::to_i32_d(a, rm, &mut fl), fpu::to_u32_d(a, rm, &mut fl));
        let _ = (fpu::to_i64_d(a, rm, &mut fl), fpu::to_u64_d(a, rm, &mut fl));
        let _ = (fpu::eq_d(a, b, &mut fl), fpu::lt_s(sa, sb, &mut fl), fpu::le_d(a, b, &mut fl));
        let class = fpu::class_d(a);
        prop_assert!(class.count_ones() == 1 && class < 1 << 10);
        let class = fpu::class_s(sa);
        prop_assert!(class.count_ones() == 1 && class < 1 << 10);
    }
}
