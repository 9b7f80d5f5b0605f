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

/// A loop of 40 instructions whose order matters (adds and shifts of a0,
/// a1 counting passes): two blocks, at 0x00 and 0x80.
fn straight_loop() -> Vec<u8> {
    let mut words: Vec<u32> = (0..38).map(|i| if i % 2 == 0 { addi(A0, A0, i + 1) } else { i_type(0x13, A0, 1, A0, 1) }).collect();
    words.push(addi(A1, A1, 1));
    words.push(jal(0, -(39 * 4)));
    words.iter().flat_map(|w| w.to_le_bytes()).collect()
}

/// Runs of `budgets` (cycled until `total` instructions ran) with one
/// engine, compared after each with single steps; returns the engine.
fn run_in_pieces(budgets: &[u64], total: u64, jit: bool, between: impl Fn(u64, &mut Hart, &mut Hart)) -> Engine {
    let mut a = Hart::new(Bus::new(1 << 20), BASE);
    let mut b = Hart::new(Bus::new(1 << 20), BASE);
    assert!(a.bus_mut().ram.load_bytes(BASE, &straight_loop()));
    assert!(b.bus_mut().ram.load_bytes(BASE, &straight_loop()));
    let mut engine = Engine::new(jit);
    let mut ran = 0;
    for &budget in budgets.iter().cycle() {
        if ran >= total {
            break;
        }
        assert_eq!(engine.run(&mut a, budget), budget);
        for _ in 0..budget {
            b.step();
        }
        ran += budget;
        assert_eq!(
            (a.pc(), a.xreg(A0), a.xreg(A1), a.instret(), a.cycles()),
            (b.pc(), b.xreg(A0), b.xreg(A1), b.instret(), b.cycles()),
            "after {ran} instructions (budget {budget})"
        );
        between(ran, &mut a, &mut b);
    }
    engine
}

#[test]
fn a_block_the_budget_cuts_is_gone_on_with() {
    for jit in [false, true] {
        // Cut at every position of both blocks, again and again.
        let engine = run_in_pieces(&[5, 7, 3, 11, 1, 13, 2], 5000, jit, |_, _, _| {});
        // Its two blocks only (and the first, from 0x04: the first
        // instruction runs on its own while its page is looked up): no
        // block is built where a run stopped.
        assert_eq!(engine.built_blocks(), 3, "jit {jit}");
        if jit {
            assert!(engine.compiled_blocks() > 0);
        }
    }
}

#[test]
fn a_cut_block_whose_code_changed_or_whose_pc_moved_is_not_gone_on_with() {
    for jit in [false, true] {
        // Between runs: the instruction at 0x20 rewritten (a different
        // add each time), or the pc moved back to the loop's start.
        run_in_pieces(&[5, 7, 3, 11, 1, 13, 2], 3000, jit, |ran, a, b| {
            if ran % 3 == 0 {
                let w = addi(A0, A0, (ran % 1000) as i32).to_le_bytes();
                assert!(a.bus_mut().ram.load_bytes(BASE + 0x20, &w));
                assert!(b.bus_mut().ram.load_bytes(BASE + 0x20, &w));
            } else if ran % 3 == 1 {
                a.set_pc(BASE);
                b.set_pc(BASE);
            }
        });
    }
}
