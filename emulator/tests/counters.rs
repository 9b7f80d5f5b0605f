//! minstret/mcycle on real instruction streams: they count retired
//! instructions, a CSR write to them suppresses that instruction's own
//! increment (priv spec, "Hardware Performance Monitor"), and
//! mcountinhibit stops them.

use hemu::bus::Bus;
use hemu::hart::csr::addr::*;
use hemu::isa::encode::{self, reg::*};
use hemu::{Engine, Hart};

const BASE: u64 = 0x8000_0000;

fn load(prog: &[u32]) -> Hart {
    let mut h = Hart::new(Bus::new(1 << 20), BASE);
    let bytes: Vec<u8> = prog.iter().flat_map(|w| w.to_le_bytes()).collect();
    assert!(h.bus_mut().ram.load_bytes(BASE, &bytes));
    h
}

#[test]
fn minstret_counts_and_a_write_suppresses_its_own_increment() {
    let prog = [
        encode::addi(T0, ZERO, 100),
        encode::csrrw(ZERO, MINSTRET, T0), // minstret = 100; this one does not count
        encode::csrrs(A0, MINSTRET, ZERO), // reads 100, then counts
        encode::nop(),
        encode::csrrs(A1, MINSTRET, ZERO), // 102
        encode::csrrw(ZERO, MCYCLE, T0),
        encode::csrrs(A2, MCYCLE, ZERO), // 100
    ];
    let mut h = load(&prog);
    for _ in 0..prog.len() {
        h.step();
    }
    assert_eq!(h.xreg(A0), 100);
    assert_eq!(h.xreg(A1), 102);
    assert_eq!(h.xreg(A2), 100);
}

#[test]
fn mcountinhibit_stops_the_counters() {
    let prog = [
        encode::addi(T0, ZERO, 0b101),
        encode::csrrw(ZERO, MCOUNTINHIBIT, T0),
        encode::csrrs(A0, MINSTRET, ZERO),
        encode::nop(),
        encode::nop(),
        encode::csrrs(A1, MINSTRET, ZERO),
        encode::csrrs(A2, MCYCLE, ZERO),
        encode::csrrs(A3, MCYCLE, ZERO),
    ];
    let mut h = load(&prog);
    for _ in 0..prog.len() {
        h.step();
    }
    assert_eq!(h.xreg(A0), h.xreg(A1), "IR inhibited");
    assert_eq!(h.xreg(A2), h.xreg(A3), "CY inhibited");
    // The write to mcountinhibit already applies to the instruction that
    // made it (as a write to minstret does): only the addi counted.
    assert_eq!(h.xreg(A0), 1);
}

#[test]
fn run_counts_like_step() {
    let prog = [encode::nop(); 64];
    let mut a = load(&prog);
    let mut b = load(&prog);
    for _ in 0..50 {
        a.step();
    }
    assert_eq!(Engine::new(true).run(&mut b, 50), 50);
    assert_eq!(a.instret(), b.instret());
    assert_eq!(a.pc(), b.pc());
    assert_eq!(a.csr_peek(MINSTRET), b.csr_peek(MINSTRET));
}
