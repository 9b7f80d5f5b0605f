//! Zihpm and Sscofpmf on real instruction streams: mhpmcounter3-31 count
//! hemu's events (1 cycles, 2 instructions retired), mcountinhibit and the
//! xINH bits stop them in the modes they name, an overflow raises LCOFI
//! before the next instruction whichever way the hart runs (stepped,
//! interpreted blocks, compiled blocks), scountovf shows each mode the OF
//! bits it may see, and LCOFI is delegated by mideleg/hideleg.

use hemu::bus::Bus;
use hemu::hart::csr::addr::*;
use hemu::hart::csr::bits::*;
use hemu::hart::csr::{CsrOp, CsrOpKind};
use hemu::hart::{Exception, Mode};
use hemu::isa::encode::{self, reg::*};
use hemu::isa::Isa;
use hemu::{Engine, Hart};

const BASE: u64 = 0x8000_0000;
const HANDLER: u64 = BASE + 0x800;
const OF: u64 = 1 << 63;
const MINH: u64 = 1 << 62;
const SINH: u64 = 1 << 61;
const VSINH: u64 = 1 << 59;
const CYCLES: u64 = 1;
const INSTRET: u64 = 2;
const LCOFI: u64 = (1 << 63) | 13;

/// A hart with `prog` at BASE and a handler that spins (`j .`) at HANDLER.
fn load(prog: &[u32]) -> Hart {
    let mut h = Hart::new(Bus::new(1 << 20), BASE);
    let bytes: Vec<u8> = prog.iter().flat_map(|w| w.to_le_bytes()).collect();
    assert!(h.bus_mut().ram.load_bytes(BASE, &bytes));
    assert!(h.bus_mut().ram.load_bytes(HANDLER, &encode::jal(ZERO, 0).to_le_bytes()));
    assert!(h.csr_poke(MTVEC, HANDLER));
    h
}

fn poke(h: &mut Hart, csr: u16, v: u64) {
    assert!(h.csr_poke(csr, v), "poke {csr:#x}");
}

fn peek(h: &Hart, csr: u16) -> u64 {
    h.csr_peek(csr).unwrap()
}

/// Read `csr` with a CSR instruction in the hart's mode.
fn read(h: &mut Hart, csr: u16) -> Result<u64, Exception> {
    let op = CsrOp { kind: CsrOpKind::Set, reads: true, writes: false };
    h.csr_access(csr, op, 0, 0x73).map_err(|t| t.cause)
}

#[test]
fn hpm_counters_count_their_event_and_others_stand_still() {
    let mut h = load(&[encode::nop(); 40]);
    poke(&mut h, MHPMEVENT3, INSTRET);
    poke(&mut h, MHPMEVENT3 + 1, CYCLES);
    poke(&mut h, MHPMEVENT3 + 2, 0x1234); // an event hemu does not count
    poke(&mut h, MHPMCOUNTER3 + 2, 77);
    for _ in 0..10 {
        h.step();
    }
    assert_eq!(peek(&h, MHPMCOUNTER3), 10);
    assert_eq!(peek(&h, MHPMCOUNTER3 + 1), 10);
    assert_eq!(peek(&h, MHPMCOUNTER3 + 2), 77, "other events count nothing");
    // mcountinhibit stops one counter and leaves the others.
    poke(&mut h, MCOUNTINHIBIT, 1 << 3);
    Engine::new(false).run(&mut h, 10);
    assert_eq!(peek(&h, MHPMCOUNTER3), 10, "inhibited");
    assert_eq!(peek(&h, MHPMCOUNTER3 + 1), 20);
    assert_eq!(peek(&h, MINSTRET), 20);
    // mcycle inhibited does not stop an hpm counter counting cycles.
    poke(&mut h, MCOUNTINHIBIT, 1);
    Engine::new(false).run(&mut h, 5);
    assert_eq!((peek(&h, MCYCLE), peek(&h, MHPMCOUNTER3 + 1), peek(&h, MHPMCOUNTER3)), (20, 25, 15));
}

#[test]
fn hpmcounter_reads_follow_the_counteren_registers() {
    let mut h = load(&[encode::nop(); 4]);
    poke(&mut h, MHPMEVENT3 + 4, INSTRET);
    poke(&mut h, MHPMCOUNTER3 + 4, 1000);
    let bit = 1 << 7;
    // Not in mcounteren: illegal in HS, U, VS and VU.
    for mode in [Mode::HS, Mode::U, Mode::VS, Mode::VU] {
        h.set_mode(mode);
        assert_eq!(read(&mut h, HPMCOUNTER3 + 4), Err(Exception::IllegalInstruction), "{mode:?}");
    }
    poke(&mut h, MCOUNTEREN, bit);
    h.set_mode(Mode::HS);
    assert_eq!(read(&mut h, HPMCOUNTER3 + 4), Ok(1000));
    h.set_mode(Mode::U);
    assert_eq!(read(&mut h, HPMCOUNTER3 + 4), Err(Exception::IllegalInstruction), "scounteren");
    h.set_mode(Mode::VS);
    assert_eq!(read(&mut h, HPMCOUNTER3 + 4), Err(Exception::VirtualInstruction), "hcounteren");
    poke(&mut h, HCOUNTEREN, bit);
    assert_eq!(read(&mut h, HPMCOUNTER3 + 4), Ok(1000));
    h.set_mode(Mode::VU);
    assert_eq!(read(&mut h, HPMCOUNTER3 + 4), Err(Exception::VirtualInstruction), "scounteren in VU");
    poke(&mut h, SCOUNTEREN, bit);
    assert_eq!(read(&mut h, HPMCOUNTER3 + 4), Ok(1000));
    h.set_mode(Mode::U);
    assert_eq!(read(&mut h, HPMCOUNTER3 + 4), Ok(1000));
}

/// M-mode code that runs 3 NOPs and MRETs (in one block) into `mode` at
/// BASE + 0x100, where 10 NOPs and an ECALL (back to M, which then spins)
/// run. Returns mhpmcounter3 after.
fn count_in_mode(mode: Mode, event: u64) -> u64 {
    let mut prog = vec![encode::nop(); 0x100 / 4];
    prog[3] = encode::mret();
    prog.extend([encode::nop(); 10]);
    prog.push(encode::ecall());
    let mut h = load(&prog);
    let mpp = if mode.privilege() == hemu::hart::Privilege::User { 0 } else { 1 << MPP_SHIFT };
    let mpv = if mode.virt() { MPV } else { 0 };
    poke(&mut h, MSTATUS, mpp | mpv);
    poke(&mut h, MEPC, BASE + 0x100);
    // PMP: let the lower modes reach all memory (TOR up to 2^56).
    poke(&mut h, PMPADDR0, (1 << 54) - 1);
    poke(&mut h, PMPCFG0, 0x0f);
    poke(&mut h, MHPMEVENT3, event);
    Engine::new(true).run(&mut h, 40);
    assert_eq!(h.pc(), HANDLER);
    assert_eq!(peek(&h, MCAUSE), [8, 9, 8, 10][mode.virt() as usize * 2 + (mpp != 0) as usize]);
    peek(&h, MHPMCOUNTER3)
}

#[test]
fn xinh_bits_stop_counting_in_their_mode() {
    // Instructions retired outside M: the 10 NOPs (MRET counts in M, the
    // ECALL does not retire).
    assert_eq!(count_in_mode(Mode::U, INSTRET | MINH), 10);
    assert_eq!(count_in_mode(Mode::HS, INSTRET | MINH), 10);
    assert_eq!(count_in_mode(Mode::VS, INSTRET | MINH), 10);
    // Cycles outside M: the ECALL's cycle too.
    assert_eq!(count_in_mode(Mode::VU, CYCLES | MINH), 11);
    // SINH is HS only; VSINH is VS only.
    assert_eq!(count_in_mode(Mode::HS, INSTRET | MINH | SINH), 0);
    assert_eq!(count_in_mode(Mode::VS, INSTRET | MINH | SINH), 10);
    assert_eq!(count_in_mode(Mode::VS, INSTRET | MINH | VSINH), 0);
    // No xINH: everything, the spinning handler included.
    assert!(count_in_mode(Mode::U, INSTRET) > 11);
}

/// Run `n` instructions as the machine does: in runs, each of which may
/// end early (here at a possible overflow).
fn run(engine: &mut Engine, h: &mut Hart, n: u64) {
    let mut done = 0;
    while done < n {
        done += engine.run(h, n - done);
    }
}

/// A loop in M-mode (`addi t0,t0,1; j -4`) with mhpmcounter3 `to_wrap`
/// increments of `event` from overflowing and LCOFI enabled; runs `run`
/// and returns (mepc, t0, mcause).
fn overflow(event: u64, to_wrap: u64, run: impl FnOnce(&mut Hart)) -> (u64, u64, u64) {
    let mut h = load(&[encode::addi(T0, T0, 1), encode::jal(ZERO, -4)]);
    poke(&mut h, MHPMEVENT3 + 5, event);
    poke(&mut h, MHPMCOUNTER3 + 5, to_wrap.wrapping_neg());
    poke(&mut h, MIE, LCOFIP);
    poke(&mut h, MSTATUS, STATUS_MIE);
    run(&mut h);
    assert_eq!(peek(&h, MHPMEVENT3 + 5) & OF, OF, "OF set by the overflow");
    assert_eq!(peek(&h, SCOUNTOVF), 1 << 8);
    (peek(&h, MEPC), h.xreg(T0), peek(&h, MCAUSE))
}

#[test]
fn overflow_interrupts_before_the_next_instruction_however_the_hart_runs() {
    for (event, to_wrap) in [(INSTRET, 1000), (INSTRET, 999), (CYCLES, 4001), (INSTRET, 1)] {
        let stepped = overflow(event, to_wrap, |h| {
            for _ in 0..to_wrap + 10 {
                h.step();
            }
        });
        let interpreted = overflow(event, to_wrap, |h| run(&mut Engine::new(false), h, to_wrap + 10));
        let mut jit = Engine::new(true);
        let compiled = overflow(event, to_wrap, |h| run(&mut jit, h, to_wrap + 10));
        assert_eq!(stepped, interpreted, "event {event}, {to_wrap}");
        assert_eq!(stepped, compiled, "event {event}, {to_wrap}");
        // The interrupt came right after the instruction that wrapped it.
        // The interrupt came right after the instruction that wrapped it:
        // `to_wrap` instructions retired (each loop pass counts two
        // instructions and, in cycles, two).
        let (mepc, t0, mcause) = stepped;
        assert_eq!(mcause, LCOFI);
        assert_eq!(t0, to_wrap.div_ceil(2));
        assert_eq!(mepc, BASE + 4 * (to_wrap % 2));
        if event == CYCLES && to_wrap > 1000 {
            assert!(jit.compiled_blocks() > 0, "compiled code ran");
        }
    }
}

#[test]
fn of_set_means_no_interrupt_and_writes_never_overflow() {
    let mut h = load(&[encode::nop(); 20]);
    poke(&mut h, MIE, LCOFIP);
    poke(&mut h, MSTATUS, STATUS_MIE);
    // OF already set: the counter wraps silently.
    poke(&mut h, MHPMEVENT3, INSTRET | OF);
    poke(&mut h, MHPMCOUNTER3, u64::MAX);
    Engine::new(false).run(&mut h, 5);
    assert_eq!((peek(&h, MHPMCOUNTER3), h.pc()), (4, BASE + 20));
    assert_eq!(peek(&h, MIP) & LCOFIP, 0);
    // Writing 0 over a counter (or an event) is not an overflow.
    poke(&mut h, MHPMEVENT3, INSTRET);
    poke(&mut h, MHPMCOUNTER3, 0);
    Engine::new(false).run(&mut h, 5);
    assert_eq!(peek(&h, MIP) & LCOFIP, 0);
    assert_eq!(peek(&h, MHPMEVENT3) & OF, 0);
}

#[test]
fn scountovf_shows_each_mode_the_of_bits_it_may_read() {
    let mut h = load(&[encode::nop(); 4]);
    for n in [3u16, 4, 5] {
        poke(&mut h, MHPMEVENT3 + n - 3, OF);
    }
    poke(&mut h, MCOUNTEREN, (1 << 4) | (1 << 5));
    poke(&mut h, HCOUNTEREN, 1 << 5);
    assert_eq!(read(&mut h, SCOUNTOVF), Ok(0b111 << 3), "M reads every OF bit");
    h.set_mode(Mode::HS);
    assert_eq!(read(&mut h, SCOUNTOVF), Ok(0b110 << 3), "HS: where mcounteren allows");
    h.set_mode(Mode::VS);
    assert_eq!(read(&mut h, SCOUNTOVF), Ok(0b100 << 3), "VS: mcounteren and hcounteren");
    h.set_mode(Mode::U);
    assert_eq!(read(&mut h, SCOUNTOVF), Err(Exception::IllegalInstruction));
    h.set_mode(Mode::VU);
    assert_eq!(read(&mut h, SCOUNTOVF), Err(Exception::VirtualInstruction));
    h.set_mode(Mode::HS);
    let write = CsrOp { kind: CsrOpKind::Write, reads: true, writes: true };
    assert_eq!(h.csr_access(SCOUNTOVF, write, 0, 0x73).map_err(|t| t.cause), Err(Exception::IllegalInstruction));
}

/// Take a pending LCOFI from `mode` and return (mode it went to, cause it saw).
fn take_lcofi(mode: Mode, mideleg: bool, hideleg: bool) -> (Mode, u64) {
    let mut h = load(&[encode::nop(); 8]);
    poke(&mut h, MIDELEG, if mideleg { LCOFIP } else { 0 });
    poke(&mut h, HIDELEG, if hideleg { LCOFIP } else { 0 });
    poke(&mut h, MIE, LCOFIP);
    poke(&mut h, MIP, LCOFIP);
    poke(&mut h, VSSTATUS, STATUS_SIE);
    poke(&mut h, STVEC, HANDLER);
    poke(&mut h, VSTVEC, HANDLER);
    h.set_mode(mode);
    h.step();
    let cause = match h.mode() {
        Mode::M => peek(&h, MCAUSE),
        Mode::HS => peek(&h, SCAUSE),
        _ => peek(&h, VSCAUSE),
    };
    (h.mode(), cause)
}

#[test]
fn lcofi_is_delegated_by_mideleg_then_hideleg_keeping_code_13() {
    assert_eq!(take_lcofi(Mode::HS, false, false), (Mode::M, LCOFI));
    assert_eq!(take_lcofi(Mode::U, true, false), (Mode::HS, LCOFI));
    assert_eq!(take_lcofi(Mode::VS, true, false), (Mode::HS, LCOFI));
    assert_eq!(take_lcofi(Mode::VU, true, true), (Mode::VS, LCOFI), "VS sees code 13, not 12");
    // sip/vsip: the bit is there where delegated, and software clears it.
    let mut h = load(&[encode::nop(); 4]);
    poke(&mut h, MIP, LCOFIP);
    assert_eq!(peek(&h, SIP) & LCOFIP, 0, "not delegated: not in sip");
    poke(&mut h, MIDELEG, LCOFIP);
    poke(&mut h, HIDELEG, LCOFIP);
    assert_eq!((peek(&h, SIP) & LCOFIP, peek(&h, VSIP) & LCOFIP), (LCOFIP, LCOFIP));
    poke(&mut h, VSIP, 0);
    assert_eq!(peek(&h, MIP) & LCOFIP, 0, "vsip.LCOFIP is mip.LCOFIP");
}

#[test]
fn without_zihpm_or_sscofpmf_the_csrs_are_what_the_spec_says() {
    let mut h = load(&[encode::nop(); 8]);
    h.set_isa(Isa::parse("rv64gch_zihpm").unwrap());
    poke(&mut h, MHPMEVENT3, INSTRET | OF | MINH);
    assert_eq!(peek(&h, MHPMEVENT3), INSTRET, "no Sscofpmf: OF and xINH read zero");
    assert_eq!(h.csr_peek(SCOUNTOVF), None);
    poke(&mut h, MIDELEG, !0);
    assert_eq!(peek(&h, MIDELEG) & LCOFIP, 0);
    poke(&mut h, MIE, !0);
    assert_eq!(peek(&h, MIE) & LCOFIP, 0);
    h.set_isa(Isa::parse("rv64gch").unwrap());
    poke(&mut h, MHPMEVENT3, INSTRET);
    poke(&mut h, MHPMCOUNTER3, 5);
    assert_eq!((peek(&h, MHPMEVENT3), peek(&h, MHPMCOUNTER3)), (0, 0), "no Zihpm: read-only zero");
    assert_eq!(h.csr_peek(HPMCOUNTER3), None, "no Zihpm: no hpmcounter3");
    assert!(Isa::parse("rv64gch_sscofpmf").map(|_| ()).unwrap_err().contains("needs zihpm"));
}

