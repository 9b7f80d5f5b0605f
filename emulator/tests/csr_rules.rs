//! Directed tests of the CSR rules (privileged spec machine, supervisor and
//! hypervisor chapters), driven through the hart's CSR API.

use hemu::bus::Bus;
use hemu::hart::csr::addr::*;
use hemu::hart::csr::bits::*;
use hemu::hart::csr::{CsrOp, CsrOpKind};
use hemu::hart::{Exception, Hart, Privilege, Trap};

fn hart() -> Hart {
    Hart::new(Bus::new(1 << 20), 0x8000_0000)
}

fn set_mode(h: &mut Hart, prv: Privilege, virt: bool) {
    h.set_mode(hemu::hart::Mode::new(prv, virt));
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

fn m_write(h: &mut Hart, addr: u16, v: u64) {
    let (p, v0) = (h.mode().privilege(), h.mode().virt());
    set_mode(h, Privilege::Machine, false);
    write(h, addr, v).unwrap();
    set_mode(h, p, v0);
}

fn m_read(h: &mut Hart, addr: u16) -> u64 {
    h.csr_peek(addr).unwrap()
}

#[test]
fn reset_state() {
    let h = hart();
    let misa = h.csr_peek(MISA).unwrap();
    assert_eq!(misa >> 62, 2, "MXL = 64");
    for l in b"IMAFDCSUH" {
        assert_ne!(misa & (1 << (l - b'A')), 0, "misa.{}", *l as char);
    }
    assert_eq!((h.csr_peek(MSTATUS).unwrap() >> 32) & 0xf, 0b1010, "UXL = SXL = 64");
    assert_eq!((h.csr_peek(HSTATUS).unwrap() >> 32) & 3, 2, "VSXL = 64");
    assert_eq!(h.csr_peek(MIDELEG).unwrap(), VS_INTERRUPTS);
}

#[test]
fn deleg_masks() {
    let mut h = hart();
    write(&mut h, MIDELEG, 0).unwrap();
    assert_eq!(m_read(&mut h, MIDELEG), VS_INTERRUPTS, "mideleg bits 2, 6, 10 are read-only one");
    write(&mut h, MIDELEG, !0).unwrap();
    assert_eq!(m_read(&mut h, MIDELEG), VS_INTERRUPTS | S_INTERRUPTS | LCOFIP, "and LCOFI with Sscofpmf");
    write(&mut h, HEDELEG, !0).unwrap();
    let he = m_read(&mut h, HEDELEG);
    for b in [9, 10, 11, 16, 20, 21, 22, 23] {
        assert_eq!(he & (1 << b), 0, "hedeleg bit {b} is read-only zero");
    }
    for b in [0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 13, 15] {
        assert_ne!(he & (1 << b), 0, "hedeleg bit {b} is writable");
    }
    write(&mut h, HIDELEG, !0).unwrap();
    assert_eq!(m_read(&mut h, HIDELEG), VS_INTERRUPTS | LCOFIP, "only hideleg 2, 6, 10 (and 13: LCOFI) are writable");
    write(&mut h, MEDELEG, !0).unwrap();
    assert_eq!(m_read(&mut h, MEDELEG) & (1 << 11), 0, "ecall from M cannot be delegated");
}

#[test]
fn satp_unsupported_mode_is_ignored_but_hgatp_is_warl() {
    let mut h = hart();
    write(&mut h, SATP, (8 << 60) | 0x1234).unwrap();
    write(&mut h, SATP, (11 << 60) | 0x5678).unwrap(); // 11: reserved (Sv64 is not defined)
    assert_eq!(m_read(&mut h, SATP), (8 << 60) | 0x1234, "satp write with unsupported MODE has no effect");
    write(&mut h, HGATP, (8 << 60) | (5 << 44) | 0x1003).unwrap();
    assert_eq!(m_read(&mut h, HGATP), (8 << 60) | (5 << 44) | 0x1000, "hgatp PPN[1:0] are zero");
    write(&mut h, HGATP, (11 << 60) | (7 << 44) | 0x2000).unwrap();
    assert_eq!(m_read(&mut h, HGATP), (8 << 60) | (7 << 44) | 0x2000, "unsupported hgatp MODE keeps the old mode, other fields written");
    write(&mut h, HGATP, (8 << 60) | (0xffff << 44)).unwrap();
    assert_eq!((m_read(&mut h, HGATP) >> 44) & 0xffff, 0x3fff, "VMIDLEN = 14");
}

#[test]
fn s_names_reach_vs_copies_when_v1() {
    let mut h = hart();
    m_write(&mut h, SEPC, 0x1000);
    set_mode(&mut h, Privilege::Supervisor, true);
    write(&mut h, SEPC, 0x2000).unwrap();
    assert_eq!(read(&mut h, SEPC).unwrap(), 0x2000);
    assert_eq!(m_read(&mut h, SEPC), 0x1000, "HS sepc untouched");
    assert_eq!(m_read(&mut h, VSEPC), 0x2000);
    write(&mut h, SSCRATCH, 7).unwrap();
    assert_eq!(m_read(&mut h, VSSCRATCH), 7);
    write(&mut h, SSTATUS, STATUS_SIE).unwrap();
    assert_eq!(m_read(&mut h, VSSTATUS) & STATUS_SIE, STATUS_SIE);
    assert_eq!(m_read(&mut h, MSTATUS) & STATUS_SIE, 0, "HS sstatus.SIE untouched");
}

#[test]
fn virtual_instruction_versus_illegal() {
    let mut h = hart();
    // H and VS CSRs: HS only; virtual instruction from VS and VU.
    for (prv, virt, want) in [
        (Privilege::Supervisor, false, None),
        (Privilege::Supervisor, true, Some(Exception::VirtualInstruction)),
        (Privilege::User, true, Some(Exception::VirtualInstruction)),
        (Privilege::User, false, Some(Exception::IllegalInstruction)),
    ] {
        set_mode(&mut h, prv, virt);
        for csr in [HSTATUS, HGATP, VSSTATUS, VSATP, HVIP] {
            assert_eq!(read(&mut h, csr).err(), want, "{csr:#x} from {:?}", h.mode());
        }
    }
    // S CSRs from VU: virtual; from U: illegal.
    set_mode(&mut h, Privilege::User, true);
    assert_eq!(read(&mut h, SSCRATCH).err(), Some(Exception::VirtualInstruction));
    set_mode(&mut h, Privilege::User, false);
    assert_eq!(read(&mut h, SSCRATCH).err(), Some(Exception::IllegalInstruction));
    // M CSRs from anything below M: illegal.
    for (prv, virt) in [(Privilege::Supervisor, false), (Privilege::Supervisor, true), (Privilege::User, true)] {
        set_mode(&mut h, prv, virt);
        assert_eq!(read(&mut h, MSTATUS).err(), Some(Exception::IllegalInstruction));
    }
    // A write to a read-only H CSR is illegal even from VS (HS could not do it either).
    set_mode(&mut h, Privilege::Supervisor, true);
    assert_eq!(write(&mut h, HGEIP, 0).err(), Some(Exception::IllegalInstruction));
    assert_eq!(read(&mut h, HGEIP).err(), Some(Exception::VirtualInstruction));
    // Unimplemented CSR: illegal everywhere.
    assert_eq!(read(&mut h, 0x7c0).err(), Some(Exception::IllegalInstruction));
    set_mode(&mut h, Privilege::Machine, false);
    assert_eq!(read(&mut h, 0x7c0).err(), Some(Exception::IllegalInstruction));
    assert_eq!(read(&mut h, PMPCFG0 + 1).err(), Some(Exception::IllegalInstruction), "odd pmpcfg on RV64");
    // Writes to read-only CSRs from M: illegal.
    assert_eq!(write(&mut h, MHARTID, 1).err(), Some(Exception::IllegalInstruction));
    assert_eq!(write(&mut h, CYCLE, 1).err(), Some(Exception::IllegalInstruction));
}

#[test]
fn counter_enables() {
    let mut h = hart();
    set_mode(&mut h, Privilege::Supervisor, false);
    assert_eq!(read(&mut h, CYCLE).err(), Some(Exception::IllegalInstruction), "mcounteren.CY = 0");
    m_write(&mut h, MCOUNTEREN, 0b111);
    assert!(read(&mut h, CYCLE).is_ok());
    set_mode(&mut h, Privilege::Supervisor, true);
    assert_eq!(read(&mut h, TIME).err(), Some(Exception::VirtualInstruction), "hcounteren.TM = 0");
    m_write(&mut h, HCOUNTEREN, 0b111);
    assert!(read(&mut h, TIME).is_ok());
    set_mode(&mut h, Privilege::User, true);
    assert_eq!(read(&mut h, INSTRET).err(), Some(Exception::VirtualInstruction), "scounteren.IR = 0 in VU");
    set_mode(&mut h, Privilege::User, false);
    assert_eq!(read(&mut h, INSTRET).err(), Some(Exception::IllegalInstruction), "scounteren.IR = 0 in U");
    m_write(&mut h, SCOUNTEREN, 0b100);
    assert!(read(&mut h, INSTRET).is_ok());
    m_write(&mut h, MCOUNTEREN, 0);
    set_mode(&mut h, Privilege::User, true);
    assert_eq!(read(&mut h, INSTRET).err(), Some(Exception::IllegalInstruction), "mcounteren wins: illegal");
}

#[test]
fn time_with_v1_adds_htimedelta() {
    let mut h = hart();
    m_write(&mut h, MCOUNTEREN, 0b111);
    m_write(&mut h, HCOUNTEREN, 0b111);
    m_write(&mut h, HTIMEDELTA, 1000);
    set_mode(&mut h, Privilege::Supervisor, false);
    let t0 = read(&mut h, TIME).unwrap();
    set_mode(&mut h, Privilege::Supervisor, true);
    assert_eq!(read(&mut h, TIME).unwrap(), t0 + 1000);
}

#[test]
fn translation_traps() {
    let mut h = hart();
    m_write(&mut h, MSTATUS, TVM);
    set_mode(&mut h, Privilege::Supervisor, false);
    assert_eq!(read(&mut h, SATP).err(), Some(Exception::IllegalInstruction));
    assert_eq!(read(&mut h, HGATP).err(), Some(Exception::IllegalInstruction));
    set_mode(&mut h, Privilege::Supervisor, true);
    assert!(read(&mut h, SATP).is_ok(), "TVM does not affect VS (vsatp)");
    m_write(&mut h, HSTATUS, HSTATUS_VTVM);
    assert_eq!(read(&mut h, SATP).err(), Some(Exception::VirtualInstruction));
}

#[test]
fn sstc_gating() {
    let mut h = hart();
    set_mode(&mut h, Privilege::Supervisor, false);
    assert_eq!(read(&mut h, STIMECMP).err(), Some(Exception::IllegalInstruction));
    m_write(&mut h, MENVCFG, ENVCFG_STCE);
    assert_eq!(read(&mut h, STIMECMP).err(), Some(Exception::IllegalInstruction), "mcounteren.TM = 0");
    m_write(&mut h, MCOUNTEREN, 2);
    assert!(read(&mut h, STIMECMP).is_ok());
    set_mode(&mut h, Privilege::Supervisor, true);
    m_write(&mut h, HENVCFG, ENVCFG_STCE);
    assert_eq!(read(&mut h, STIMECMP).err(), Some(Exception::VirtualInstruction), "hcounteren.TM = 0");
    m_write(&mut h, HCOUNTEREN, 2);
    m_write(&mut h, HENVCFG, 0);
    set_mode(&mut h, Privilege::Supervisor, false);
    set_mode(&mut h, Privilege::Supervisor, true);
    assert_eq!(read(&mut h, STIMECMP).err(), Some(Exception::VirtualInstruction), "henvcfg.STCE = 0");
    m_write(&mut h, HENVCFG, ENVCFG_STCE);
    write(&mut h, STIMECMP, 55).unwrap();
    assert_eq!(m_read(&mut h, VSTIMECMP), 55, "stimecmp with V=1 is vstimecmp");
    m_write(&mut h, MENVCFG, 0);
    assert_eq!(m_read(&mut h, HENVCFG) & ENVCFG_STCE, 0, "henvcfg.STCE reads zero while menvcfg.STCE = 0");
}

#[test]
fn fs_off_gates_fp_csrs_in_both_levels() {
    let mut h = hart();
    set_mode(&mut h, Privilege::Machine, false);
    assert_eq!(read(&mut h, FFLAGS).err(), Some(Exception::IllegalInstruction), "FS = Off at reset");
    write(&mut h, MSTATUS, FS_INITIAL | (2 << 32) | (2 << 34)).unwrap();
    write(&mut h, FRM, 3).unwrap();
    assert_eq!(m_read(&mut h, MSTATUS) & FS, FS_DIRTY, "writing frm dirties FS");
    assert_ne!(m_read(&mut h, MSTATUS) & SD, 0, "SD follows FS = Dirty");
    set_mode(&mut h, Privilege::Supervisor, true);
    assert_eq!(read(&mut h, FCSR).err(), Some(Exception::IllegalInstruction), "vsstatus.FS = Off");
    m_write(&mut h, VSSTATUS, FS_CLEAN);
    write(&mut h, FFLAGS, 1).unwrap();
    assert_eq!(m_read(&mut h, VSSTATUS) & FS, FS_DIRTY, "both FS fields dirtied with V=1");
    assert_eq!(read(&mut h, FCSR).unwrap(), (3 << 5) | 1);
}

#[test]
fn interrupt_pending_views() {
    let mut h = hart();
    write(&mut h, HIDELEG, VS_INTERRUPTS).unwrap();
    write(&mut h, HVIP, VSSIP | VSTIP).unwrap();
    assert_eq!(m_read(&mut h, MIP) & VS_INTERRUPTS, VSSIP | VSTIP);
    assert_eq!(m_read(&mut h, HIP) & VS_INTERRUPTS, VSSIP | VSTIP);
    assert_eq!(m_read(&mut h, VSIP), SSIP | STIP, "vsip shows VS bits at the S positions");
    // hip.VSSIP is writable and aliases hvip.VSSIP; hip.VSTIP is not.
    write(&mut h, HIP, 0).unwrap();
    assert_eq!(m_read(&mut h, HVIP), VSTIP);
    // vsip.SSIP writes mip.VSSIP when delegated.
    set_mode(&mut h, Privilege::Supervisor, true);
    write(&mut h, SIP, SSIP).unwrap();
    assert_eq!(m_read(&mut h, HVIP), VSTIP | VSSIP);
    // Not delegated: vsip reads zero there.
    m_write(&mut h, HIDELEG, 0);
    assert_eq!(read(&mut h, SIP).unwrap(), 0);
    // mie / hie / vsie.
    m_write(&mut h, HIDELEG, VS_INTERRUPTS);
    write(&mut h, SIE, STATUS_SIE | (1 << 5) | (1 << 9)).unwrap();
    assert_eq!(m_read(&mut h, HIE) & VS_INTERRUPTS, VS_INTERRUPTS, "vsie bits are mie's VS bits");
    assert_eq!(m_read(&mut h, MIE) & S_INTERRUPTS, 0, "HS enables untouched");
    // sip/sie show only what mideleg delegates.
    set_mode(&mut h, Privilege::Machine, false);
    write(&mut h, MIP, SSIP | STIP).unwrap();
    set_mode(&mut h, Privilege::Supervisor, false);
    assert_eq!(read(&mut h, SIP).unwrap(), 0);
    m_write(&mut h, MIDELEG, S_INTERRUPTS);
    assert_eq!(read(&mut h, SIP).unwrap(), SSIP | STIP);
}

#[test]
fn mstatus_warl() {
    let mut h = hart();
    write(&mut h, MSTATUS, 3 << 11).unwrap();
    write(&mut h, MSTATUS, 2 << 11).unwrap();
    assert_eq!((m_read(&mut h, MSTATUS) >> 11) & 3, 3, "MPP = 2 is reserved: old value kept");
    write(&mut h, MSTATUS, !0).unwrap();
    let s = m_read(&mut h, MSTATUS);
    assert_eq!((s >> 32) & 0xf, 0b1010, "UXL/SXL stay 64");
    assert_eq!(s & (UBE | SBE | MBE), 0, "little-endian only");
    set_mode(&mut h, Privilege::Supervisor, false);
    let ss = read(&mut h, SSTATUS).unwrap();
    assert_eq!(ss & (MPP | STATUS_MIE | MPRV | TVM), 0, "sstatus hides M fields");
    assert_eq!(ss & (SUM | MXR | SPP), SUM | MXR | SPP);
}

#[test]
fn tvec_and_epc_legalization() {
    let mut h = hart();
    write(&mut h, MTVEC, 0x8000_0001).unwrap();
    write(&mut h, MTVEC, 0x8000_0102).unwrap();
    assert_eq!(m_read(&mut h, MTVEC), 0x8000_0101, "reserved MODE keeps the old mode");
    write(&mut h, MEPC, 0x8000_0003).unwrap();
    assert_eq!(m_read(&mut h, MEPC), 0x8000_0002, "mepc[0] is zero with IALIGN = 16");
}
