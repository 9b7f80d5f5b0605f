//! The run loop's caches (decode table, remembered fetch page) must stay
//! invisible: code that rewrites itself executes the new bits.

use hemu::bus::Bus;
use hemu::isa::encode::{fence_i, i_type, jal, jalr, s_type};
use hemu::{Engine, Hart};

const BASE: u64 = 0x8000_0000;
const T0: u8 = 5;
const T1: u8 = 6;
const RA: u8 = 1;
const S0: u8 = 8;
const A0: u8 = 10;

fn addi(rd: u8, rs1: u8, imm: i32) -> u32 {
    i_type(0x13, rd, 0, rs1, imm)
}
fn lw(rd: u8, rs1: u8, imm: i32) -> u32 {
    i_type(0x03, rd, 2, rs1, imm)
}
fn sw(rs2: u8, rs1: u8, imm: i32) -> u32 {
    s_type(0x23, 2, rs1, rs2, imm)
}
fn auipc(rd: u8) -> u32 {
    (rd as u32) << 7 | 0x17
}

/// Calls a routine, overwrites its first instruction (on the same page as
/// the running code) with `new`, and calls it again. Returns (a0 after the
/// first call, a0 after the second).
fn rewrite_and_rerun(old: &[u8], new: &[u8], run_in_chunks: bool) -> (u64, u64) {
    let mut words: Vec<u32> = vec![
        auipc(T0),         // 0x00: t0 = BASE
        jal(RA, 0x1c),     // 0x04: call 0x20
        addi(S0, A0, 0),   // 0x08: s0 = first result
        lw(T1, T0, 0x40),  // 0x0c: the replacement bits
        sw(T1, T0, 0x20),  // 0x10: overwrite the routine's first word
        fence_i(),         // 0x14
        jal(RA, 0x08),     // 0x18: call 0x20
        jal(0, 0),         // 0x1c: spin
    ];
    let mut mem: Vec<u8> = words.drain(..).flat_map(|w| w.to_le_bytes()).collect();
    // 0x20: the routine: `old` (4 bytes of code) then ret.
    mem.extend_from_slice(old);
    mem.extend_from_slice(&jalr(0, RA, 0).to_le_bytes());
    mem.resize(0x40, 0);
    mem.extend_from_slice(new);
    let mut h = Hart::new(Bus::new(1 << 20), BASE);
    assert!(h.bus_mut().ram.load_bytes(BASE, &mem));
    let mut e = Engine::new(true);
    if run_in_chunks {
        for _ in 0..40 {
            e.run(&mut h, 1);
        }
    } else {
        e.run(&mut h, 40);
    }
    (h.xreg(S0), h.xreg(A0))
}

#[test]
fn rewritten_instruction_executes_new_bits() {
    let old = addi(A0, 0, 1).to_le_bytes();
    let new = addi(A0, 0, 42).to_le_bytes();
    assert_eq!(rewrite_and_rerun(&old, &new, false), (1, 42));
    assert_eq!(rewrite_and_rerun(&old, &new, true), (1, 42));
}

#[test]
fn compressed_pair_rewritten_as_one_32_bit_instruction() {
    // c.li a0, 7 ; c.nop  ->  addi a0, zero, 9
    let c_li_a0_7: u16 = 0x4000 | (A0 as u16) << 7 | 7 << 2 | 0x1;
    let old: Vec<u8> = [c_li_a0_7, 0x0001].iter().flat_map(|h| h.to_le_bytes()).collect();
    let new = addi(A0, 0, 9).to_le_bytes();
    assert_eq!(rewrite_and_rerun(&old, &new, false), (7, 9));
}

#[test]
fn run_and_step_count_the_same() {
    let prog: Vec<u8> = [addi(A0, A0, 1), addi(A0, A0, 1), jal(0, -8)]
        .iter()
        .flat_map(|w| w.to_le_bytes())
        .collect();
    let mut a = Hart::new(Bus::new(1 << 20), BASE);
    let mut b = Hart::new(Bus::new(1 << 20), BASE);
    assert!(a.bus_mut().ram.load_bytes(BASE, &prog));
    assert!(b.bus_mut().ram.load_bytes(BASE, &prog));
    assert_eq!(Engine::new(true).run(&mut a, 1000), 1000);
    for _ in 0..1000 {
        b.step();
    }
    assert_eq!((a.pc(), a.xreg(A0), a.instret(), a.cycles()), (b.pc(), b.xreg(A0), b.instret(), b.cycles()));
}
