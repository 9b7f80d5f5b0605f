//! IEEE 754-2008 arithmetic with RISC-V's rules (F and D extensions):
//! pure functions on raw bit patterns. Each takes the rounding mode where
//! the operation rounds and ORs the exception flags it raises into `fl`
//! (fflags bit layout: NV=16, DZ=8, OF=4, UF=2, NX=1).
//!
//! RISC-V specifics handled here: a NaN result is the canonical NaN
//! (0x7fc00000 / 0x7ff8000000000000); min/max return the non-NaN operand and
//! raise NV only for signalling NaNs, and order -0 < +0; conversions to
//! integer saturate and raise NV (NaN converts to the maximum); feq is quiet,
//! flt/fle signal on any NaN. NaN-boxing of singles is the caller's job.
#![allow(unused_variables)]

/// The rounding modes of the `rm` field / frm CSR (values 5, 6 are reserved,
/// 7 is "dynamic" and is resolved by the caller).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Rm {
    /// Round to nearest, ties to even.
    Rne = 0,
    /// Round towards zero.
    Rtz = 1,
    /// Round down (towards -inf).
    Rdn = 2,
    /// Round up (towards +inf).
    Rup = 3,
    /// Round to nearest, ties to max magnitude.
    Rmm = 4,
}

impl Rm {
    /// Decode an rm value 0..=4; None for the reserved 5, 6 and for 7.
    pub fn from_bits(bits: u64) -> Option<Rm> {
        Some(match bits {
            0 => Rm::Rne,
            1 => Rm::Rtz,
            2 => Rm::Rdn,
            3 => Rm::Rup,
            4 => Rm::Rmm,
            _ => return None,
        })
    }
}

pub const NV: u8 = 16;
pub const DZ: u8 = 8;
pub const OF: u8 = 4;
pub const UF: u8 = 2;
pub const NX: u8 = 1;

macro_rules! todo_fp {
    () => {
        unimplemented!("fpu")
    };
}

// ---- single precision (u32 bit patterns) ----
pub fn add_s(a: u32, b: u32, rm: Rm, fl: &mut u8) -> u32 { todo_fp!() }
pub fn sub_s(a: u32, b: u32, rm: Rm, fl: &mut u8) -> u32 { todo_fp!() }
pub fn mul_s(a: u32, b: u32, rm: Rm, fl: &mut u8) -> u32 { todo_fp!() }
pub fn div_s(a: u32, b: u32, rm: Rm, fl: &mut u8) -> u32 { todo_fp!() }
pub fn sqrt_s(a: u32, rm: Rm, fl: &mut u8) -> u32 { todo_fp!() }
/// a * b + c with a single rounding. (fmsub/fnmadd/fnmsub are this with
/// operands negated by the caller: negation is exact.)
pub fn fma_s(a: u32, b: u32, c: u32, rm: Rm, fl: &mut u8) -> u32 { todo_fp!() }
pub fn min_s(a: u32, b: u32, fl: &mut u8) -> u32 { todo_fp!() }
pub fn max_s(a: u32, b: u32, fl: &mut u8) -> u32 { todo_fp!() }
pub fn eq_s(a: u32, b: u32, fl: &mut u8) -> bool { todo_fp!() }
pub fn lt_s(a: u32, b: u32, fl: &mut u8) -> bool { todo_fp!() }
pub fn le_s(a: u32, b: u32, fl: &mut u8) -> bool { todo_fp!() }
/// The fclass mask (bit 0 = -inf ... bit 9 = quiet NaN).
pub fn class_s(a: u32) -> u64 { todo_fp!() }
pub fn to_i32_s(a: u32, rm: Rm, fl: &mut u8) -> i32 { todo_fp!() }
pub fn to_u32_s(a: u32, rm: Rm, fl: &mut u8) -> u32 { todo_fp!() }
pub fn to_i64_s(a: u32, rm: Rm, fl: &mut u8) -> i64 { todo_fp!() }
pub fn to_u64_s(a: u32, rm: Rm, fl: &mut u8) -> u64 { todo_fp!() }
pub fn from_i32_s(v: i32, rm: Rm, fl: &mut u8) -> u32 { todo_fp!() }
pub fn from_u32_s(v: u32, rm: Rm, fl: &mut u8) -> u32 { todo_fp!() }
pub fn from_i64_s(v: i64, rm: Rm, fl: &mut u8) -> u32 { todo_fp!() }
pub fn from_u64_s(v: u64, rm: Rm, fl: &mut u8) -> u32 { todo_fp!() }

// ---- double precision (u64 bit patterns) ----
pub fn add_d(a: u64, b: u64, rm: Rm, fl: &mut u8) -> u64 { todo_fp!() }
pub fn sub_d(a: u64, b: u64, rm: Rm, fl: &mut u8) -> u64 { todo_fp!() }
pub fn mul_d(a: u64, b: u64, rm: Rm, fl: &mut u8) -> u64 { todo_fp!() }
pub fn div_d(a: u64, b: u64, rm: Rm, fl: &mut u8) -> u64 { todo_fp!() }
pub fn sqrt_d(a: u64, rm: Rm, fl: &mut u8) -> u64 { todo_fp!() }
pub fn fma_d(a: u64, b: u64, c: u64, rm: Rm, fl: &mut u8) -> u64 { todo_fp!() }
pub fn min_d(a: u64, b: u64, fl: &mut u8) -> u64 { todo_fp!() }
pub fn max_d(a: u64, b: u64, fl: &mut u8) -> u64 { todo_fp!() }
pub fn eq_d(a: u64, b: u64, fl: &mut u8) -> bool { todo_fp!() }
pub fn lt_d(a: u64, b: u64, fl: &mut u8) -> bool { todo_fp!() }
pub fn le_d(a: u64, b: u64, fl: &mut u8) -> bool { todo_fp!() }
pub fn class_d(a: u64) -> u64 { todo_fp!() }
pub fn to_i32_d(a: u64, rm: Rm, fl: &mut u8) -> i32 { todo_fp!() }
pub fn to_u32_d(a: u64, rm: Rm, fl: &mut u8) -> u32 { todo_fp!() }
pub fn to_i64_d(a: u64, rm: Rm, fl: &mut u8) -> i64 { todo_fp!() }
pub fn to_u64_d(a: u64, rm: Rm, fl: &mut u8) -> u64 { todo_fp!() }
pub fn from_i32_d(v: i32, rm: Rm, fl: &mut u8) -> u64 { todo_fp!() }
pub fn from_u32_d(v: u32, rm: Rm, fl: &mut u8) -> u64 { todo_fp!() }
pub fn from_i64_d(v: i64, rm: Rm, fl: &mut u8) -> u64 { todo_fp!() }
pub fn from_u64_d(v: u64, rm: Rm, fl: &mut u8) -> u64 { todo_fp!() }

// ---- conversions between formats ----
pub fn s_to_d(a: u32, fl: &mut u8) -> u64 { todo_fp!() }
pub fn d_to_s(a: u64, rm: Rm, fl: &mut u8) -> u32 { todo_fp!() }
