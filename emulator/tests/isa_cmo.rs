//! Zicbom and Zicboz: who may execute the cache-block operations (menvcfg,
//! senvcfg, henvcfg: illegal or virtual instruction, by mode), the
//! envcfg fields' WARL rules, CBO.ZERO's store of a whole 64-byte block,
//! the store/AMO faults of a block that may not be accessed, encodings
//! (GNU as 2.40) and disassembly (objdump's spelling), and the device
//! tree's block sizes.

mod isa_common;

use hemu::hart::csr::addr::{HENVCFG, MENVCFG, PMPADDR0, PMPCFG0, SENVCFG};
use hemu::hart::step::StepEvent;
use hemu::hart::{Exception, Mode};
use hemu::isa::encode::{reg::*, *};
use hemu::isa::{decode, disasm, Isa};
use hemu::Hart;
use isa_common::*;

const CBIE: u64 = 0b11 << 4;
const CBCFE: u64 = 1 << 6;
const CBZE: u64 = 1 << 7;
/// A RAM block the instructions name (x[a0] points inside it).
const DATA: u64 = BASE + 0x2000;

/// A hart about to run `w` at BASE in `mode`, with the envcfgs given, PMP
/// open for S/U and translation Bare.
fn hart_for(w: u32, mode: Mode, menvcfg: u64, senvcfg: u64, henvcfg: u64) -> Hart {
    let mut h = hart();
    h.pmpaddr_write(15, u64::MAX);
    h.pmpcfg_write(2, (0x18 | 7) << 56);
    assert!(h.csr_poke(MENVCFG, menvcfg));
    assert!(h.csr_poke(SENVCFG, senvcfg));
    assert!(h.csr_poke(HENVCFG, henvcfg));
    h.bus_mut().write(BASE, 4, w as u64).unwrap();
    h.set_xreg(A0, DATA + 13);
    h.set_mode(mode);
    h
}

const M: Mode = Mode::M;
const HS: Mode = Mode::HS;
const U: Mode = Mode::U;
const VS: Mode = Mode::VS;
const VU: Mode = Mode::VU;

#[test]
fn who_may_execute_them() {
    use Exception::{IllegalInstruction as Ill, VirtualInstruction as Virt};
    for (w, field) in [(cbo_inval(A0), CBIE), (cbo_clean(A0), CBCFE), (cbo_flush(A0), CBCFE), (cbo_zero(A0), CBZE)] {
        let on = field;
        // (mode, menvcfg, senvcfg, henvcfg) -> outcome
        let cases = [
            (M, 0, 0, 0, None),
            (HS, 0, on, on, Some(Ill)),
            (HS, on, 0, 0, None),
            (U, 0, on, on, Some(Ill)),
            (U, on, 0, on, Some(Ill)),
            (U, on, on, 0, None),
            (VS, 0, on, on, Some(Ill)),
            (VS, on, 0, 0, Some(Virt)),
            (VS, on, 0, on, None),
            (VU, 0, on, on, Some(Ill)),
            (VU, on, on, 0, Some(Virt)),
            (VU, on, 0, on, Some(Virt)),
            (VU, on, on, on, None),
        ];
        for (mode, m, s, hv, expect) in cases {
            let mut h = hart_for(w, mode, m, s, hv);
            assert_eq!(outcome(&mut h), expect, "{} in {mode:?}, menvcfg {m:#x} senvcfg {s:#x} henvcfg {hv:#x}", disasm(&decode(w), 0));
        }
        // The other enables do not stand in for this one.
        let mut h = hart_for(w, HS, (CBIE | CBCFE | CBZE) & !field, 0, 0);
        assert_eq!(outcome(&mut h), Some(Ill));
    }
}

#[test]
fn cbo_zero_clears_the_whole_aligned_block() {
    let mut h = hart_for(cbo_zero(A0), HS, CBZE, 0, 0);
    for a in (DATA - 8..DATA + 72).step_by(8) {
        h.bus_mut().write(a, 8, u64::MAX).unwrap();
    }
    assert_eq!(outcome(&mut h), None);
    assert_eq!(h.pc(), BASE + 4);
    assert_eq!(h.bus_mut().read(DATA - 8, 8).unwrap(), u64::MAX);
    for a in (DATA..DATA + 64).step_by(8) {
        assert_eq!(h.bus_mut().read(a, 8).unwrap(), 0, "{a:#x}");
    }
    assert_eq!(h.bus_mut().read(DATA + 64, 8).unwrap(), u64::MAX);
}

/// A block S-mode may not access (PMP: only the code page, execute-only):
/// store/AMO access faults, and nothing written.
#[test]
fn inaccessible_block_is_a_store_access_fault() {
    for w in [cbo_inval(A0), cbo_clean(A0), cbo_flush(A0), cbo_zero(A0)] {
        let mut h = hart();
        assert!(h.csr_poke(PMPADDR0, (BASE + 0x1000) >> 2));
        assert!(h.csr_poke(PMPCFG0, 0x08 | 0x04)); // TOR, X only
        assert!(h.csr_poke(MENVCFG, CBIE | CBCFE | CBZE));
        h.bus_mut().write(BASE, 4, w as u64).unwrap();
        h.bus_mut().write(DATA, 8, 0x1234).unwrap();
        h.set_xreg(A0, DATA + 13);
        h.set_mode(HS);
        match h.step() {
            // tval: the effective address x[rs1], not the block's start.
            StepEvent::Exception { cause, tval, .. } => {
                assert_eq!((cause, tval), (Exception::StoreAccessFault, DATA + 13), "{}", disasm(&decode(w), 0))
            }
            e => panic!("{e:?}"),
        }
        assert_eq!(h.bus_mut().read(DATA, 8).unwrap(), 0x1234);
    }
}

#[test]
fn envcfg_fields_are_warl() {
    let mut h = hart();
    for csr in [MENVCFG, SENVCFG, HENVCFG] {
        // CBIE = 10 is reserved: kept as 00 (off).
        assert!(h.csr_poke(csr, 0b10 << 4));
        assert_eq!(h.csr_peek(csr).unwrap() & (CBIE | CBCFE | CBZE), 0, "{csr:#x}");
        assert!(h.csr_poke(csr, CBIE | CBCFE | CBZE));
        assert_eq!(h.csr_peek(csr).unwrap() & (CBIE | CBCFE | CBZE), CBIE | CBCFE | CBZE, "{csr:#x}");
        assert!(h.csr_poke(csr, 0b01 << 4));
        assert_eq!(h.csr_peek(csr).unwrap() & CBIE, 0b01 << 4, "{csr:#x}");
    }
    // Without the extensions the fields are read-only zero.
    let mut h = hart();
    h.set_isa(Isa::BASE);
    for csr in [MENVCFG, SENVCFG, HENVCFG] {
        assert!(h.csr_poke(csr, CBIE | CBCFE | CBZE));
        assert_eq!(h.csr_peek(csr).unwrap() & (CBIE | CBCFE | CBZE), 0, "{csr:#x}");
    }
}

#[test]
fn encodings_and_objdump_spelling() {
    for (w, bits, text) in [
        (cbo_clean(A0), 0x0015200f, "cbo.clean (a0)"),
        (cbo_zero(A1), 0x0045a00f, "cbo.zero (a1)"),
        (cbo_inval(A0), 0x0005200f, "cbo.inval (a0)"),
        (cbo_flush(T0), 0x0022a00f, "cbo.flush (t0)"),
    ] {
        assert_eq!(w, bits, "{text}");
        assert_eq!(disasm(&decode(w), 0), text);
    }
}

#[test]
fn device_tree_has_the_block_sizes() {
    use hemu::loader::ImageSource;
    use hemu::machine::{Machine, MachineConfig};
    let dtb = |isa| {
        let cfg = MachineConfig { bios: Some(ImageSource::bytes("firmware", hemu::images::FIRMWARE)), isa, ..MachineConfig::default() };
        Machine::new(cfg).unwrap().dtb().to_vec()
    };
    let has = |d: &[u8], s: &str| d.windows(s.len()).any(|w| w == s.as_bytes());
    let all = dtb(Isa::ALL);
    for p in ["riscv,cbom-block-size", "riscv,cboz-block-size", "riscv,cbop-block-size", "zicbom"] {
        assert!(has(&all, p), "{p}");
    }
    let base = dtb(Isa::BASE);
    for p in ["riscv,cbom-block-size", "riscv,cboz-block-size", "zicbom"] {
        assert!(!has(&base, p), "{p}");
    }
}
