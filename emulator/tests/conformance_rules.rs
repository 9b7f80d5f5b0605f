//! Regression tests for deviations found by running the ISA conformance
//! programs: each test names the rule it checks.

use hemu::bus::Bus;
use hemu::hart::csr::addr::*;
use hemu::hart::csr::{CsrOp, CsrOpKind};
use hemu::hart::{Exception, Hart, Privilege, Trap};

fn hart() -> Hart {
    Hart::new(Bus::new(1 << 20), 0x8000_0000)
}

const RAW: u32 = 0x1234_5073;

fn read(h: &mut Hart, addr: u16) -> Result<u64, Exception> {
    let op = CsrOp { kind: CsrOpKind::Set, reads: true, writes: false };
    h.csr_access(addr, op, 0, RAW).map_err(|t: Trap| t.cause)
}

fn write(h: &mut Hart, addr: u16, v: u64) -> Result<u64, Exception> {
    let op = CsrOp { kind: CsrOpKind::Write, reads: true, writes: true };
    h.csr_access(addr, op, v, RAW).map_err(|t: Trap| t.cause)
}

/// Sdtrig with no triggers: tselect is WARL reading 0, tdata1.type = 0
/// ("no trigger at this tselect") whatever is written, tinfo.info = 1.
/// Software probes these from M-mode and must not get illegal instruction.
#[test]
fn trigger_csrs_describe_no_triggers() {
    let mut h = hart();
    assert_eq!(write(&mut h, TSELECT, 0), Ok(0));
    assert_eq!(read(&mut h, TSELECT), Ok(0));
    write(&mut h, TSELECT, 1).unwrap();
    assert_eq!(read(&mut h, TSELECT), Ok(0), "index 1 does not exist: WARL keeps 0");
    // An mcontrol (type 2) execute breakpoint: cannot be set here.
    write(&mut h, TDATA1, (2 << 60) | (1 << 6) | (1 << 2)).unwrap();
    assert_eq!(read(&mut h, TDATA1), Ok(0));
    write(&mut h, TDATA2, 0x8000_0000).unwrap();
    assert_eq!(read(&mut h, TDATA2), Ok(0));
    assert_eq!(read(&mut h, TDATA3), Ok(0));
    assert_eq!(read(&mut h, TINFO).map(|v| v & 0xffff), Ok(1));
    // Machine-level CSRs: below M they do not exist.
    h.set_mode(hemu::hart::Mode::new(Privilege::Supervisor, false));
    assert_eq!(read(&mut h, TSELECT), Err(Exception::IllegalInstruction));
}

/// WFI must not stall when an interrupt is already pending, even masked:
/// the spec lets WFI resume "for any reason", and software (S-mode with
/// sie.SSIE clear, sip.SSIP set) relies on it falling through.
#[test]
fn wfi_falls_through_with_a_masked_interrupt_pending() {
    use hemu::hart::csr::bits::SSIP;
    let mut h = hart();
    write(&mut h, MIE, 0).unwrap();
    h.wfi(0x1050_0073).unwrap();
    assert!(h.waiting(), "nothing pending: the hart waits");
    h.set_waiting(false);
    write(&mut h, MIP, SSIP).unwrap();
    h.wfi(0x1050_0073).unwrap();
    assert!(!h.waiting(), "SSIP pending but masked in mie: WFI falls through");
}
