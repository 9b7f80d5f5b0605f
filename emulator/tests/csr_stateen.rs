//! Smstateen/Ssstateen (priv spec, "Smstateen/Ssstateen Extensions") and
//! the extensions `--isa` can leave out (Sstc, Svadu, Smstateen): which
//! mode may reach hstateen, sstateen, henvcfg and senvcfg, with illegal
//! instruction where mstateen refuses and virtual instruction where
//! hstateen does, and which bits exist.

use hemu::bus::Bus;
use hemu::hart::csr::addr::*;
use hemu::hart::csr::bits::*;
use hemu::hart::csr::{CsrOp, CsrOpKind};
use hemu::hart::{Exception, Hart, Mode};
use hemu::isa::Isa;

const SE0: u64 = 1 << 63;
const ENVCFG: u64 = 1 << 62;
const ILL: Result<u64, Exception> = Err(Exception::IllegalInstruction);
const VIRT: Result<u64, Exception> = Err(Exception::VirtualInstruction);

fn hart() -> Hart {
    Hart::new(Bus::new(1 << 16), 0x8000_0000)
}

fn poke(h: &mut Hart, csr: u16, v: u64) {
    assert!(h.csr_poke(csr, v), "poke {csr:#x}");
}

/// Read `csr` with a CSR instruction in `mode`.
fn read_in(h: &mut Hart, mode: Mode, csr: u16) -> Result<u64, Exception> {
    h.set_mode(mode);
    let op = CsrOp { kind: CsrOpKind::Set, reads: true, writes: false };
    h.csr_access(csr, op, 0, 0x73).map_err(|t| t.cause)
}

#[test]
fn stateen_bits_that_exist() {
    let mut h = hart();
    poke(&mut h, MSTATEEN0, !0);
    assert_eq!(h.csr_peek(MSTATEEN0), Some(SE0 | ENVCFG), "only the state hemu has");
    poke(&mut h, MSTATEEN0 + 2, !0);
    assert_eq!(h.csr_peek(MSTATEEN0 + 2), Some(SE0), "mstateen1-3: SE0 (H is implemented)");
    poke(&mut h, HSTATEEN0, !0);
    assert_eq!(h.csr_peek(HSTATEEN0), Some(SE0 | ENVCFG));
    poke(&mut h, MSTATEEN0, SE0);
    assert_eq!(h.csr_peek(HSTATEEN0), Some(SE0), "a bit clear in mstateen reads zero in hstateen");
    poke(&mut h, HSTATEEN0, !0);
    poke(&mut h, MSTATEEN0, SE0 | ENVCFG);
    assert_eq!(h.csr_peek(HSTATEEN0), Some(SE0), "and could not be written while clear");
    poke(&mut h, SSTATEEN0, !0);
    assert_eq!(h.csr_peek(SSTATEEN0), Some(0), "sstateen guards only state hemu lacks");
}

#[test]
fn mstateen_se0_guards_hstateen_and_sstateen_below_m() {
    let mut h = hart();
    assert_eq!(read_in(&mut h, Mode::M, HSTATEEN0), Ok(0), "M is never refused");
    assert_eq!(read_in(&mut h, Mode::HS, HSTATEEN0), ILL);
    assert_eq!(read_in(&mut h, Mode::HS, SSTATEEN0), ILL);
    assert_eq!(read_in(&mut h, Mode::VS, HSTATEEN0), ILL, "HS could not either: illegal, not virtual");
    assert_eq!(read_in(&mut h, Mode::VS, SSTATEEN0), ILL);
    assert_eq!(read_in(&mut h, Mode::VU, SSTATEEN0), ILL);
    poke(&mut h, MSTATEEN0, SE0);
    assert_eq!(read_in(&mut h, Mode::HS, HSTATEEN0), Ok(0));
    assert_eq!(read_in(&mut h, Mode::HS, SSTATEEN0), Ok(0));
    assert_eq!(read_in(&mut h, Mode::HS, HSTATEEN0 + 1), ILL, "each number has its own SE0");
    assert_eq!(read_in(&mut h, Mode::VS, HSTATEEN0), VIRT, "an H CSR from VS");
    assert_eq!(read_in(&mut h, Mode::VS, SSTATEEN0), VIRT, "hstateen0.SE0 clear");
    assert_eq!(read_in(&mut h, Mode::U, SSTATEEN0), ILL, "an S CSR from U");
    assert_eq!(read_in(&mut h, Mode::VU, SSTATEEN0), VIRT, "an S CSR from VU");
    poke(&mut h, HSTATEEN0, SE0);
    assert_eq!(read_in(&mut h, Mode::VS, SSTATEEN0), Ok(0));
    assert_eq!(read_in(&mut h, Mode::VU, SSTATEEN0), VIRT);
    poke(&mut h, MSTATEEN0 + 3, SE0);
    assert_eq!(read_in(&mut h, Mode::VS, SSTATEEN0 + 3), VIRT, "hstateen3.SE0 clear");
}

#[test]
fn envcfg_bit_guards_henvcfg_and_senvcfg() {
    let mut h = hart();
    assert_eq!(read_in(&mut h, Mode::M, SENVCFG), Ok(0));
    assert_eq!(read_in(&mut h, Mode::HS, SENVCFG), ILL);
    assert_eq!(read_in(&mut h, Mode::HS, HENVCFG), ILL);
    assert_eq!(read_in(&mut h, Mode::VS, SENVCFG), ILL, "mstateen0.ENVCFG comes first");
    assert_eq!(read_in(&mut h, Mode::VS, HENVCFG), ILL);
    poke(&mut h, MSTATEEN0, ENVCFG);
    assert_eq!(read_in(&mut h, Mode::HS, SENVCFG), Ok(0));
    assert_eq!(read_in(&mut h, Mode::HS, HENVCFG), Ok(0));
    assert_eq!(read_in(&mut h, Mode::VS, SENVCFG), VIRT, "hstateen0.ENVCFG clear");
    assert_eq!(read_in(&mut h, Mode::VS, HENVCFG), VIRT, "an H CSR from VS");
    assert_eq!(read_in(&mut h, Mode::U, SENVCFG), ILL);
    assert_eq!(read_in(&mut h, Mode::VU, SENVCFG), VIRT);
    poke(&mut h, HSTATEEN0, ENVCFG);
    assert_eq!(read_in(&mut h, Mode::VS, SENVCFG), Ok(0));
    assert_eq!(read_in(&mut h, Mode::VU, SENVCFG), VIRT, "still an S CSR from VU");
}

#[test]
fn without_smstateen_nothing_is_guarded_and_the_csrs_do_not_exist() {
    let mut h = hart();
    h.set_isa(Isa::parse("rv64gch_zicboz").unwrap());
    for csr in [MSTATEEN0, HSTATEEN0 + 2, SSTATEEN0 + 1] {
        assert_eq!(read_in(&mut h, Mode::M, csr), ILL, "{csr:#x}");
    }
    assert_eq!(read_in(&mut h, Mode::HS, SENVCFG), Ok(0));
    assert_eq!(read_in(&mut h, Mode::HS, HENVCFG), Ok(0));
    assert_eq!(read_in(&mut h, Mode::VS, SENVCFG), Ok(0));
}

#[test]
fn isa_without_sstc_or_svadu() {
    let mut h = hart();
    h.set_isa(Isa::parse("rv64gch_svadu").unwrap());
    assert_eq!(read_in(&mut h, Mode::M, STIMECMP), ILL, "no Sstc: no stimecmp");
    assert_eq!(read_in(&mut h, Mode::M, VSTIMECMP), ILL);
    poke(&mut h, MENVCFG, !0);
    assert_eq!(h.csr_peek(MENVCFG).unwrap() & (ENVCFG_STCE | ENVCFG_ADUE), ENVCFG_ADUE, "STCE read-only 0");
    poke(&mut h, HENVCFG, !0);
    assert_eq!(h.csr_peek(HENVCFG).unwrap() & (ENVCFG_STCE | ENVCFG_ADUE), ENVCFG_ADUE);
    h.set_isa(Isa::parse("rv64gch_sstc").unwrap());
    assert_eq!(read_in(&mut h, Mode::M, STIMECMP), Ok(0));
    poke(&mut h, MENVCFG, !0);
    assert_eq!(h.csr_peek(MENVCFG).unwrap() & (ENVCFG_STCE | ENVCFG_ADUE), ENVCFG_STCE, "ADUE read-only 0");
    poke(&mut h, HENVCFG, !0);
    assert_eq!(h.csr_peek(HENVCFG).unwrap() & ENVCFG_ADUE, 0);
}

#[test]
fn isa_strings_name_the_new_extensions_in_canonical_order() {
    let all = Isa::ALL.string();
    assert!(all.contains("_zihintpause_zihpm_zimop_"), "{all}");
    assert!(all.contains("_zbs_smstateen_sscofpmf_ssstateen_sstc_svadu_svinval"), "{all}");
    assert_eq!(Isa::parse("rv64gch").unwrap().string(), "rv64imafdch_zicntr_zicsr_zifencei_zihintpause");
    assert_eq!(Isa::parse("rv64gch_ssstateen").unwrap(), Isa::parse("rv64gch_smstateen").unwrap());
    assert!(Isa::parse("rv64gch_sscofpmf").is_err(), "sscofpmf needs zihpm");
}
