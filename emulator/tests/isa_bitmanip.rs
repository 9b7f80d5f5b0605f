//! The bit-manipulation extensions (Zba, Zbb, Zbc, Zbs, Zbkb, Zbkc, Zbkx)
//! and Zicond: each instruction's result on edge values (0, all-ones,
//! sign bits, shift amounts 0 and 63) and random ones, against reference
//! computations written here bit by bit from the spec's pseudocode (not
//! the emulator's formulas); encodings as GNU as 2.40 assembles them,
//! objdump's spelling; and the illegal-instruction trap in every mode when
//! the hart does not implement the extension (`--isa`).

mod isa_common;

use hemu::hart::step::StepEvent;
use hemu::hart::{Exception, Mode, Privilege};
use hemu::isa::encode::{reg::*, *};
use hemu::isa::{decode, decode_with, disasm, Isa, Op};
use isa_common::*;

/// Values that exercise the edges: zero, all-ones, the sign bits of 8,
/// 16, 32 and 64 bits, single bits and mixed patterns.
const EDGES: [u64; 14] = [
    0,
    u64::MAX,
    1,
    0x80,
    0x8000,
    0x8000_0000,
    0x8000_0000_0000_0000,
    0x7fff_ffff_ffff_ffff,
    0xffff_ffff,
    0x0123_4567_89ab_cdef,
    0xfedc_ba98_7654_3210,
    0x00ff_0000_ff00_00f0,
    63,
    0x1_0000_003f,
];

fn values() -> Vec<u64> {
    let mut r = Rng(0x5eed_b17);
    let mut v: Vec<u64> = EDGES.to_vec();
    v.extend((0..24).map(|_| r.next()));
    v
}

/// x[rd] after `w` runs with x[a0] = a, x[a1] = b.
fn result(w: u32, a: u64, b: u64) -> u64 {
    let mut h = hart();
    h.set_xreg(A0, a);
    h.set_xreg(A1, b);
    assert_eq!(run(&mut h, w), 4);
    h.xreg(A2)
}

fn bit(v: u64, i: u32) -> u64 {
    (v >> i) & 1
}

fn sext(v: u64, bits: u32) -> u64 {
    let s = 64 - bits;
    (((v << s) as i64) >> s) as u64
}

/// Check a two-register instruction against `reference` on every pair.
fn check_rr(name: &str, enc: fn(u8, u8, u8) -> u32, reference: impl Fn(u64, u64) -> u64) {
    let w = enc(A2, A0, A1);
    assert_eq!(decode(w).op.mnemonic(), name);
    for &a in &values() {
        for &b in &values() {
            assert_eq!(result(w, a, b), reference(a, b), "{name} {a:#x} {b:#x}");
        }
    }
}

/// Check a one-register instruction.
fn check_r(name: &str, enc: fn(u8, u8) -> u32, reference: impl Fn(u64) -> u64) {
    let w = enc(A2, A0);
    assert_eq!(decode(w).op.mnemonic(), name);
    for &a in &values() {
        assert_eq!(result(w, a, 0), reference(a), "{name} {a:#x}");
    }
}

/// Check an immediate-shift-amount instruction for every amount < `limit`.
fn check_ri(name: &str, enc: fn(u8, u8, u32) -> u32, limit: u32, reference: impl Fn(u64, u32) -> u64) {
    for sh in 0..limit {
        let w = enc(A2, A0, sh);
        assert_eq!(decode(w).op.mnemonic(), name);
        assert_eq!(decode(w).imm, sh as i64);
        for &a in &values() {
            assert_eq!(result(w, a, 0), reference(a, sh), "{name} {a:#x} {sh}");
        }
    }
}

// ---- Zba ----

#[test]
fn zba() {
    let zext32 = |a: u64| a & 0xffff_ffff;
    check_rr("sh1add", sh1add, |a, b| b.wrapping_add(a.wrapping_mul(2)));
    check_rr("sh2add", sh2add, |a, b| b.wrapping_add(a.wrapping_mul(4)));
    check_rr("sh3add", sh3add, |a, b| b.wrapping_add(a.wrapping_mul(8)));
    check_rr("add.uw", add_uw, move |a, b| b.wrapping_add(zext32(a)));
    check_rr("sh1add.uw", sh1add_uw, move |a, b| b.wrapping_add(zext32(a) * 2));
    check_rr("sh2add.uw", sh2add_uw, move |a, b| b.wrapping_add(zext32(a) * 4));
    check_rr("sh3add.uw", sh3add_uw, move |a, b| b.wrapping_add(zext32(a) * 8));
    check_ri("slli.uw", slli_uw, 64, move |a, sh| if sh >= 32 { (zext32(a) as u128 * (1u128 << sh)) as u64 } else { zext32(a) << sh });
}

// ---- Zbb ----

#[test]
fn zbb_logic_with_negate() {
    check_rr("andn", andn, |a, b| a & (b ^ u64::MAX));
    check_rr("orn", orn, |a, b| a | (b ^ u64::MAX));
    check_rr("xnor", xnor, |a, b| (a ^ b) ^ u64::MAX);
}

#[test]
fn zbb_counts() {
    // clz: scan from bit xlen-1 down for the first 1 (spec pseudocode).
    let leading = |a: u64, n: u32| (0..n).rev().take_while(|&i| bit(a, i) == 0).count() as u64;
    let trailing = |a: u64, n: u32| (0..n).take_while(|&i| bit(a, i) == 0).count() as u64;
    let ones = |a: u64, n: u32| (0..n).map(|i| bit(a, i)).sum::<u64>();
    check_r("clz", clz, move |a| leading(a, 64));
    check_r("ctz", ctz, move |a| trailing(a, 64));
    check_r("cpop", cpop, move |a| ones(a, 64));
    check_r("clzw", clzw, move |a| leading(a, 32));
    check_r("ctzw", ctzw, move |a| trailing(a, 32));
    check_r("cpopw", cpopw, move |a| ones(a, 32));
    assert_eq!(result(clz(A2, A0), 0, 0), 64);
    assert_eq!(result(ctzw(A2, A0), 0xffff_ffff_0000_0000, 0), 32);
}

#[test]
fn zbb_min_max() {
    let signed_less = |a: u64, b: u64| (a ^ (1 << 63)) < (b ^ (1 << 63));
    check_rr("max", max, move |a, b| if signed_less(a, b) { b } else { a });
    check_rr("min", min, move |a, b| if signed_less(a, b) { a } else { b });
    check_rr("maxu", maxu, |a, b| if a < b { b } else { a });
    check_rr("minu", minu, |a, b| if a < b { a } else { b });
    assert_eq!(result(max(A2, A0, A1), 1 << 63, 0), 0);
    assert_eq!(result(maxu(A2, A0, A1), 1 << 63, 0), 1 << 63);
}

#[test]
fn zbb_extend() {
    check_r("sext.b", sext_b, |a| sext(a & 0xff, 8));
    check_r("sext.h", sext_h, |a| sext(a & 0xffff, 16));
    check_r("zext.h", zext_h, |a| a & 0xffff);
    assert_eq!(result(sext_b(A2, A0), 0x80, 0), 0xffff_ffff_ffff_ff80);
}

#[test]
fn zbb_rotates() {
    // A rotation is a shift of the 128-bit concatenation: bit i of the
    // result is bit (i + n) mod 64 of the source (right).
    let ror = |a: u64, n: u32, w: u32| {
        let r = (0..w).fold(0u64, |r, i| r | (bit(a, (i + n) % w) << i));
        if w == 32 { sext(r, 32) } else { r }
    };
    check_rr("ror", hemu::isa::encode::ror, move |a, b| ror(a, (b % 64) as u32, 64));
    check_rr("rol", rol, move |a, b| ror(a, (64 - b % 64) as u32 % 64, 64));
    check_rr("rorw", rorw, move |a, b| ror(a, (b % 32) as u32, 32));
    check_rr("rolw", rolw, move |a, b| ror(a, (32 - b % 32) as u32 % 32, 32));
    check_ri("rori", rori, 64, move |a, n| ror(a, n, 64));
    check_ri("roriw", roriw, 32, move |a, n| ror(a, n, 32));
}

#[test]
fn zbb_bytes() {
    let byte = |a: u64, k: u32| (a >> (8 * k)) & 0xff;
    check_r("orc.b", orc_b, move |a| (0..8).fold(0, |r, k| r | if byte(a, k) != 0 { 0xff << (8 * k) } else { 0 }));
    check_r("rev8", rev8, move |a| (0..8).fold(0, |r, k| r | (byte(a, k) << (8 * (7 - k)))));
}

// ---- Zbc / Zbkc ----

/// The full 128-bit carry-less product, by the schoolbook method on a.
fn clmul128(a: u64, b: u64) -> u128 {
    (0..64).filter(|&i| bit(a, i) == 1).fold(0u128, |r, i| r ^ ((b as u128) << i))
}

#[test]
fn zbc() {
    check_rr("clmul", hemu::isa::encode::clmul, |a, b| clmul128(a, b) as u64);
    check_rr("clmulh", clmulh, |a, b| (clmul128(a, b) >> 64) as u64);
    check_rr("clmulr", clmulr, |a, b| (clmul128(a, b) >> 63) as u64);
    // A known value: x^63 * x^63 = x^126.
    assert_eq!(result(clmulh(A2, A0, A1), 1 << 63, 1 << 63), 1 << 62);
}

// ---- Zbs ----

#[test]
fn zbs() {
    check_rr("bset", bset, |a, b| a | (1u64 << (b % 64)));
    check_rr("bclr", bclr, |a, b| a & !(1u64 << (b % 64)));
    check_rr("binv", binv, |a, b| a ^ (1u64 << (b % 64)));
    check_rr("bext", bext, |a, b| bit(a, (b % 64) as u32));
    check_ri("bseti", bseti, 64, |a, n| a | (1u64 << n));
    check_ri("bclri", bclri, 64, |a, n| a & !(1u64 << n));
    check_ri("binvi", binvi, 64, |a, n| a ^ (1u64 << n));
    check_ri("bexti", bexti, 64, |a, n| bit(a, n));
}

// ---- Zbkb, Zbkx ----

#[test]
fn zbkb() {
    check_rr("pack", pack, |a, b| (a & 0xffff_ffff) | ((b & 0xffff_ffff) << 32));
    check_rr("packh", packh, |a, b| (a & 0xff) | ((b & 0xff) << 8));
    check_rr("packw", packw, |a, b| sext((a & 0xffff) | ((b & 0xffff) << 16), 32));
    let rev_byte = |v: u64| (0..8).fold(0, |r, i| r | (bit(v, i) << (7 - i)));
    check_r("brev8", brev8, move |a| (0..8).fold(0, |r, k| r | (rev_byte((a >> (8 * k)) & 0xff) << (8 * k))));
    // ZEXT.H is PACKW rd, rs1, x0: with Zbkb and without Zbb it stays legal.
    assert_eq!(zext_h(A2, A0), packw(A2, A0, ZERO));
    let only_zbkb = Isa::BASE.with(hemu::isa::table::Ext::Zbkb, true);
    assert_eq!(decode_with(zext_h(A2, A0), only_zbkb).op, Op::ZextH);
    assert_eq!(decode_with(rev8(A2, A0), only_zbkb).op, Op::Rev8);
    assert_eq!(decode_with(orc_b(A2, A0), only_zbkb).op, Op::Illegal);
}

#[test]
fn zbkx() {
    let nib = |v: u64, k: u64| (v >> (4 * k)) & 0xf;
    check_rr("xperm4", xperm4, move |a, b| (0..16).fold(0, |r, k| r | (nib(a, nib(b, k)) << (4 * k))));
    let byte = |v: u64, k: u64| if k < 8 { (v >> (8 * k)) & 0xff } else { 0 };
    check_rr("xperm8", xperm8, move |a, b| (0..8).fold(0, |r, k| r | (byte(a, byte(b, k)) << (8 * k))));
}

// ---- Zicond ----

#[test]
fn zicond() {
    check_rr("czero.eqz", czero_eqz, |a, b| if b == 0 { 0 } else { a });
    check_rr("czero.nez", czero_nez, |a, b| if b != 0 { 0 } else { a });
}

// ---- encodings and disassembly ----

#[test]
fn encodings_and_objdump_spelling() {
    // (bits from GNU as 2.40, objdump -d text)
    let cases: [(u32, u32, &str); 12] = [
        (pack(A0, A1, A2), 0x08c5c533, "pack a0,a1,a2"),
        (xperm4(A0, A1, A2), 0x28c5a533, "xperm4 a0,a1,a2"),
        (brev8(A0, A1), 0x6875d513, "brev8 a0,a1"),
        (zext_h(A0, A1), 0x0805c53b, "zext.h a0,a1"),
        (rev8(A0, A1), 0x6b85d513, "rev8 a0,a1"),
        (add_uw(A0, A1, ZERO), 0x0805853b, "zext.w a0,a1"),
        (bexti(A0, A1, 63), 0x4bf5d513, "bexti a0,a1,63"),
        (rori(A0, A1, 3), 0x6035d513, "rori a0,a1,3"),
        (roriw(A0, A1, 3), 0x6035d51b, "roriw a0,a1,3"),
        (sh3add_uw(A0, A1, A2), 0x20c5e53b, "sh3add.uw a0,a1,a2"),
        (orc_b(A0, A1), 0x2875d513, "orc.b a0,a1"),
        (czero_nez(A0, A1, A2), 0x0ec5f533, "czero.nez a0,a1,a2"),
    ];
    for (w, bits, text) in cases {
        assert_eq!(w, bits, "{text}");
        assert_eq!(disasm(&decode(w), 0), text);
    }
    // The unused rs2 values of the one-operand group stay reserved.
    for rs2 in [3u32, 6, 7, 31] {
        assert_eq!(decode(0x6000_1013 | (rs2 << 20)).op, Op::Illegal, "rs2 {rs2}");
    }
}

// ---- an extension the hart does not implement ----

/// Run `w` at the reset pc in `mode` on a hart with extensions `isa`.
fn step_in(isa: Isa, mode: Mode, w: u32) -> StepEvent {
    let mut h = hart();
    h.set_isa(isa);
    // PMP open for S/U (as firmware leaves it); translation stays Bare.
    h.pmpaddr_write(15, u64::MAX);
    h.pmpcfg_write(2, (0x18 | 7) << 56);
    h.bus_mut().write(BASE, 4, w as u64).unwrap();
    h.set_mode(mode);
    h.step()
}

#[test]
fn disabled_extension_is_illegal_in_every_mode() {
    let w = sh1add(A2, A0, A1);
    let modes = [
        Mode::new(Privilege::Machine, false),
        Mode::new(Privilege::Supervisor, false),
        Mode::new(Privilege::User, false),
        Mode::new(Privilege::Supervisor, true),
        Mode::new(Privilege::User, true),
    ];
    for mode in modes {
        match step_in(Isa::BASE, mode, w) {
            // In VS/VU too: an unimplemented instruction is illegal, not virtual.
            StepEvent::Exception { cause, tval, .. } => {
                assert_eq!(cause, Exception::IllegalInstruction, "{mode:?}");
                assert_eq!(tval, w as u64);
            }
            e => panic!("{mode:?}: {e:?}"),
        }
        assert!(matches!(step_in(Isa::ALL, mode, w), StepEvent::Retired { .. }), "{mode:?}");
    }
    // Every line of the new extensions is illegal without them.
    for op in Op::ALL {
        if let (Some((bits, _)), Some(e)) = (op.encoding(), op.extension()) {
            let legal = decode_with(bits, Isa::BASE).op != Op::Illegal;
            assert_eq!(legal, Isa::BASE.has(e), "{op:?}");
        }
    }
}

/// The run loop (decode cache, blocks, compiled code) decodes for the
/// hart's extensions too, and an engine that ran a hart of other
/// extensions does not reuse its decodes.
#[test]
fn engine_follows_the_harts_extensions() {
    use hemu::hart::csr::addr::{MCAUSE, MTVAL};
    let w = sh1add(A2, A0, A1);
    let mut engine = hemu::Engine::new(true);
    for (isa, legal) in [(Isa::ALL, true), (Isa::BASE, false), (Isa::ALL, true)] {
        let mut h = hart();
        h.set_isa(isa);
        h.bus_mut().write(BASE, 4, w as u64).unwrap();
        h.set_xreg(A0, 5);
        h.set_xreg(A1, 1);
        engine.run(&mut h, 1);
        if legal {
            assert_eq!(h.xreg(A2), 11);
            assert_eq!(h.pc(), BASE + 4);
        } else {
            assert_eq!(h.csr_peek(MCAUSE), Some(2));
            assert_eq!(h.csr_peek(MTVAL), Some(w as u64));
            assert_eq!(h.xreg(A2), 0);
        }
    }
}
