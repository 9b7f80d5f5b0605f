//! The run loop's decoded blocks stay invisible: a store into the block
//! being executed takes effect for the instructions after it, as when
//! single-stepping, and the same code reached again is re-decoded.

use hemu::bus::Bus;
use hemu::isa::encode::{i_type, jal, s_type};
use hemu::{Engine, Hart};

const BASE: u64 = 0x8000_0000;
const T0: u8 = 5;
const T1: u8 = 6;
const A0: u8 = 10;
const A1: u8 = 11;

fn addi(rd: u8, rs1: u8, imm: i32) -> u32 {
    i_type(0x13, rd, 0, rs1, imm)
}

/// t0 = BASE; overwrite the word at 0x14 (later in the same straight
/// line) with the word at 0x40, no FENCE.I; then a0 = 1, a0 = 2 (or what
/// replaced it), a1 += 1, and loop back to the start.
fn program() -> Vec<u8> {
    let words = [
        0x17 | (T0 as u32) << 7,     // 0x00: auipc t0, 0
        i_type(0x03, T1, 2, T0, 0x40), // 0x04: lw t1, 0x40(t0)
        s_type(0x23, 2, T0, T1, 0x14), // 0x08: sw t1, 0x14(t0)
        addi(A0, 0, 1),              // 0x0c
        addi(A1, A1, 1),             // 0x10
        addi(A0, 0, 2),              // 0x14: replaced by addi a0, zero, 42
        jal(0, -0x18),               // 0x18: back to 0x00
    ];
    let mut mem: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    mem.resize(0x40, 0);
    mem.extend_from_slice(&addi(A0, 0, 42).to_le_bytes());
    mem
}

#[test]
fn store_into_the_running_block_is_seen_by_the_next_instructions() {
    for budget in [6, 7, 13, 100] {
        let mut a = Hart::new(Bus::new(1 << 20), BASE);
        let mut b = Hart::new(Bus::new(1 << 20), BASE);
        assert!(a.bus_mut().ram.load_bytes(BASE, &program()));
        assert!(b.bus_mut().ram.load_bytes(BASE, &program()));
        assert_eq!(Engine::new(true).run(&mut a, budget), budget);
        for _ in 0..budget {
            b.step();
        }
        assert_eq!(
            (a.pc(), a.xreg(A0), a.xreg(A1), a.instret(), a.cycles()),
            (b.pc(), b.xreg(A0), b.xreg(A1), b.instret(), b.cycles()),
            "budget {budget}"
        );
        if budget >= 6 {
            assert_eq!(a.xreg(A0), 42);
        }
    }
}
