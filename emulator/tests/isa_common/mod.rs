//! Shared helpers of the isa_* tests.
#![allow(dead_code)]

use hemu::bus::Bus;
use hemu::hart::Trap;
use hemu::isa::{decode, exec::execute, Inst};
use hemu::Hart;

pub const BASE: u64 = 0x8000_0000;

/// A hart at the start of 1 MiB of RAM.
pub fn hart() -> Hart {
    Hart::new(Bus::new(1 << 20), BASE)
}

/// A hart with the FPU on (mstatus.FS = Initial; it is Off at reset).
pub fn fp_hart() -> Hart {
    let mut h = hart();
    let ms = h.csr_peek(hemu::hart::csr::addr::MSTATUS).unwrap_or(0);
    assert!(h.csr_poke(hemu::hart::csr::addr::MSTATUS, ms | hemu::hart::csr::bits::FS_INITIAL));
    h
}

/// Decode and execute one instruction (32-bit, or 16-bit if its low bits say so).
pub fn exec(h: &mut Hart, bits: u32) -> Result<(), Trap> {
    let i: Inst = decode(bits);
    execute(h, &i)
}

/// Execute and expect success; returns the pc delta.
pub fn run(h: &mut Hart, bits: u32) -> i64 {
    let pc = h.pc();
    if let Err(t) = exec(h, bits) {
        panic!("{bits:#x} trapped: {t:?}");
    }
    h.pc().wrapping_sub(pc) as i64
}

/// Step once: None if the instruction retired, else the exception it raised.
pub fn outcome(h: &mut Hart) -> Option<hemu::hart::Exception> {
    match h.step() {
        hemu::hart::step::StepEvent::Retired { .. } => None,
        hemu::hart::step::StepEvent::Exception { cause, .. } => Some(cause),
        e => panic!("{e:?}"),
    }
}

/// A small deterministic PRNG (xorshift64*).
pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn u32(&mut self) -> u32 {
        (self.next() >> 32) as u32
    }
}

/// Run `w` at the reset pc in `mode` with mstatus.FS and vsstatus.FS as
/// given, on a hart with extensions `isa` (PMP open, translation Bare),
/// after `prepare` (registers); the step and the hart.
pub fn step_with_fs(
    isa: hemu::isa::Isa,
    mode: hemu::hart::Mode,
    mstatus_fs: u64,
    vsstatus_fs: u64,
    w: u32,
    prepare: impl FnOnce(&mut Hart),
) -> (hemu::hart::step::StepEvent, Hart) {
    use hemu::hart::csr::addr::{MSTATUS, VSSTATUS};
    use hemu::hart::csr::bits::FS;
    let mut h = hart();
    h.set_isa(isa);
    h.pmpaddr_write(15, u64::MAX);
    h.pmpcfg_write(2, (0x18 | 7) << 56);
    let ms = h.csr_peek(MSTATUS).unwrap() & !FS;
    assert!(h.csr_poke(MSTATUS, ms | mstatus_fs));
    let vs = h.csr_peek(VSSTATUS).unwrap() & !FS;
    assert!(h.csr_poke(VSSTATUS, vs | vsstatus_fs));
    prepare(&mut h);
    h.bus_mut().write(BASE, 4, w as u64).unwrap();
    h.set_mode(mode);
    let e = h.step();
    (e, h)
}

/// The five modes: M, HS, U, VS, VU.
pub const MODES: [(hemu::hart::Privilege, bool); 5] = [
    (hemu::hart::Privilege::Machine, false),
    (hemu::hart::Privilege::Supervisor, false),
    (hemu::hart::Privilege::User, false),
    (hemu::hart::Privilege::Supervisor, true),
    (hemu::hart::Privilege::User, true),
];
