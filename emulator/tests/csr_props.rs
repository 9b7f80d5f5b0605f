//! Property tests of the CSR model: for random values, random modes and
//! random gating state, every access succeeds or raises exactly the exception
//! the spec names; WARL fields read back legal and stable; the aliased views
//! (mip/hip/hvip/vsip, mie/hie/vsie/sie, mstatus/sstatus) stay consistent.
//!
//! The oracle below is written from the spec's tables, independently of the
//! emulator's structure, so the two can disagree.

use hemu::bus::Bus;
use hemu::hart::csr::addr::*;
use hemu::hart::csr::bits::*;
use hemu::hart::csr::{CsrOp, CsrOpKind};
use hemu::hart::{Exception, Hart, Privilege};
use proptest::prelude::*;

/// Every CSR the hart claims to implement, for the WARL properties.
const WRITABLE: &[u16] = &[
    FFLAGS, FRM, FCSR, SSTATUS, SIE, STVEC, SCOUNTEREN, SENVCFG, SSCRATCH, SEPC, SCAUSE, STVAL, SIP, STIMECMP, SATP,
    VSSTATUS, VSIE, VSTVEC, VSSCRATCH, VSEPC, VSCAUSE, VSTVAL, VSIP, VSTIMECMP, VSATP, HSTATUS, HEDELEG, HIDELEG, HIE,
    HTIMEDELTA, HCOUNTEREN, HGEIE, HENVCFG, HTVAL, HIP, HVIP, HTINST, HGATP, MSTATUS, MISA, MEDELEG, MIDELEG, MIE, MTVEC,
    MCOUNTEREN, MENVCFG, MCOUNTINHIBIT, MSCRATCH, MEPC, MCAUSE, MTVAL, MIP, MTINST, MTVAL2, PMPCFG0, PMPADDR0,
    MSTATEEN0, MSTATEEN0 + 3, HSTATEEN0, HSTATEEN0 + 3, SSTATEEN0, MHPMEVENT3, MHPMEVENT3 + 28, MHPMCOUNTER3,
];

/// Smstateen's bits of mstateen0/hstateen0.
const SE0: u64 = 1 << 63;
const ENVCFG: u64 = 1 << 62;

#[derive(Clone, Copy, Debug)]
struct Gates {
    mcounteren: u64,
    hcounteren: u64,
    scounteren: u64,
    tvm: bool,
    vtvm: bool,
    fs_on: bool,
    vsfs_on: bool,
    stce: bool,
    hstce: bool,
    /// mstateen0 and hstateen0 (SE0, ENVCFG).
    mstateen0: u64,
    hstateen0: u64,
}

fn gates() -> impl Strategy<Value = Gates> {
    (0u64..8, 0u64..8, 0u64..8, any::<[bool; 6]>(), 0u64..4, 0u64..4).prop_map(|(m, h, s, b, ms, hs)| Gates {
        mcounteren: m,
        hcounteren: h,
        scounteren: s,
        tvm: b[0],
        vtvm: b[1],
        fs_on: b[2],
        vsfs_on: b[3],
        stce: b[4],
        hstce: b[5],
        mstateen0: ms << 62,
        hstateen0: hs << 62,
    })
}

fn mode() -> impl Strategy<Value = (Privilege, bool)> {
    prop_oneof![
        Just((Privilege::Machine, false)),
        Just((Privilege::Supervisor, false)),
        Just((Privilege::User, false)),
        Just((Privilege::Supervisor, true)),
        Just((Privilege::User, true)),
    ]
}

fn setup(g: &Gates) -> Hart {
    let mut h = Hart::new(Bus::new(1 << 16), 0x8000_0000);
    let fs = if g.fs_on { FS_INITIAL } else { 0 };
    assert!(h.csr_poke(MSTATUS, fs | if g.tvm { TVM } else { 0 }));
    assert!(h.csr_poke(VSSTATUS, if g.vsfs_on { FS_INITIAL } else { 0 }));
    assert!(h.csr_poke(HSTATUS, if g.vtvm { HSTATUS_VTVM } else { 0 }));
    assert!(h.csr_poke(MCOUNTEREN, g.mcounteren));
    assert!(h.csr_poke(HCOUNTEREN, g.hcounteren));
    assert!(h.csr_poke(SCOUNTEREN, g.scounteren));
    assert!(h.csr_poke(MENVCFG, if g.stce { ENVCFG_STCE } else { 0 }));
    assert!(h.csr_poke(HENVCFG, if g.hstce { ENVCFG_STCE } else { 0 }));
    assert!(h.csr_poke(MSTATEEN0, g.mstateen0));
    assert!(h.csr_poke(HSTATEEN0, g.hstateen0));
    h
}

/// What the spec says happens when (prv, virt) accesses `addr`.
fn oracle(addr: u16, prv: Privilege, virt: bool, writes: bool, g: &Gates, h: &Hart) -> Option<Exception> {
    use Exception::{IllegalInstruction as Ill, VirtualInstruction as Virt};
    if !h.csr_exists(addr) || (writes && addr >> 10 == 3) {
        return Some(Ill);
    }
    let fp = matches!(addr, FFLAGS | FRM | FCSR);
    if fp && !g.fs_on {
        return Some(Ill);
    }
    if prv == Privilege::Machine {
        return None;
    }
    let level = (addr >> 8) & 3;
    let counter = (CYCLE..=HPMCOUNTER31).contains(&addr);
    let cbit = |r: u64| counter && r & (1 << (addr - CYCLE)) != 0;
    // Smstateen: the stateen registers of number i need bit 63 (SE0) of
    // mstateen_i below M and of hstateen_i with V=1 (only mstateen0 and
    // hstateen0 are set here); senvcfg and henvcfg need bit 62 (ENVCFG).
    let stateen = (HSTATEEN0..=HSTATEEN0 + 3).contains(&addr) || (SSTATEEN0..=SSTATEEN0 + 3).contains(&addr);
    let guard = match addr {
        _ if stateen && addr & 3 == 0 => Some(SE0),
        _ if stateen => Some(0), // mstateen1-3 are 0: never below M
        SENVCFG | HENVCFG => Some(ENVCFG),
        _ => None,
    };
    let m_allows = guard.is_none_or(|b| b != 0 && g.mstateen0 & b != 0);
    let h_allows = guard.is_none_or(|b| b != 0 && g.hstateen0 & b != 0 && g.mstateen0 & b != 0);
    // Would HS be allowed? (The base of the virtual-instruction rule.)
    let hs_ok = level <= 2
        && m_allows
        && !(counter && !cbit(g.mcounteren))
        && !(matches!(addr, SATP | HGATP) && g.tvm)
        && !(matches!(addr, STIMECMP | VSTIMECMP) && !(g.stce && g.mcounteren & 2 != 0));
    match (prv, virt) {
        (Privilege::Supervisor, false) => (!hs_ok).then_some(Ill),
        (Privilege::User, false) => {
            if level > 0 || (counter && !(cbit(g.mcounteren) && cbit(g.scounteren))) {
                Some(Ill)
            } else {
                None
            }
        }
        (_, true) => {
            if level == 3 {
                return Some(Ill);
            }
            // H/VS CSRs from VS or VU, S CSRs from VU: virtual instruction
            // exactly when HS-mode could make the same access.
            if level == 2 || (prv == Privilege::User && level == 1) {
                return Some(if hs_ok { Virt } else { Ill });
            }
            if counter && !cbit(g.mcounteren) || !m_allows {
                return Some(Ill);
            }
            if !h_allows {
                return Some(Virt);
            }
            if counter && !cbit(g.hcounteren) {
                return Some(Virt);
            }
            if counter && prv == Privilege::User && !cbit(g.scounteren) {
                return Some(Virt);
            }
            if fp && !g.vsfs_on {
                return Some(Ill);
            }
            // satp and stimecmp reach vsatp and vstimecmp: mstatus.TVM does
            // not apply, hstatus.VTVM and henvcfg.STCE do.
            if addr == SATP && g.vtvm {
                return Some(Virt);
            }
            if addr == STIMECMP && !(g.stce && g.mcounteren & 2 != 0) {
                return Some(Ill);
            }
            if addr == STIMECMP && !(g.hstce && g.hcounteren & 2 != 0) {
                return Some(Virt);
            }
            None
        }
        _ => unreachable!(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn every_access_succeeds_or_raises_the_specified_exception(
        addr in prop_oneof![0u16..0x1000, prop::sample::select(WRITABLE.to_vec()), 0xc00u16..0xc20],
        (prv, virt) in mode(),
        g in gates(),
        kind in prop_oneof![Just(CsrOpKind::Write), Just(CsrOpKind::Set), Just(CsrOpKind::Clear)],
        operand in any::<u64>(),
    ) {
        let mut h = setup(&g);
        h.set_mode(hemu::hart::Mode::new(prv, virt));
        let writes = kind == CsrOpKind::Write || operand != 0;
        let op = CsrOp { kind, reads: true, writes };
        let got = h.csr_access(addr, op, operand, 0x73).err().map(|t| t.cause);
        let want = oracle(addr, prv, virt, writes, &g, &h);
        prop_assert_eq!(got, want, "csr {:#x} from {:?} writes={}", addr, h.mode(), writes);
    }

    #[test]
    fn warl_write_then_read_is_legal_and_stable(
        idx in 0..WRITABLE.len(),
        value in any::<u64>(),
    ) {
        let addr = WRITABLE[idx];
        let mut h = setup(&Gates { mcounteren: 7, hcounteren: 7, scounteren: 7, tvm: false, vtvm: false,
            fs_on: true, vsfs_on: true, stce: true, hstce: true, mstateen0: SE0 | ENVCFG, hstateen0: 0 });
        prop_assert!(h.csr_poke(addr, value));
        let r1 = h.csr_peek(addr).unwrap();
        prop_assert!(h.csr_poke(addr, r1));
        let r2 = h.csr_peek(addr).unwrap();
        prop_assert_eq!(r1, r2, "csr {:#x}: writing back what was read changes it", addr);
        // Fields that are fixed whatever is written.
        match addr {
            MSTATUS => prop_assert_eq!((r1 >> 32) & 0xf, 0b1010),
            HSTATUS => prop_assert_eq!((r1 >> 32) & 3, 2),
            MIDELEG => prop_assert_eq!(r1 & VS_INTERRUPTS, VS_INTERRUPTS),
            HIDELEG => prop_assert_eq!(r1 & !(VS_INTERRUPTS | LCOFIP), 0),
            MSTATEEN0 => prop_assert_eq!(r1 & !(SE0 | ENVCFG), 0),
            SSTATEEN0 => prop_assert_eq!(r1, 0),
            HEDELEG => prop_assert_eq!(r1 & ((7 << 9) | (1 << 16) | (0xf << 20)), 0),
            MEPC | SEPC | VSEPC => prop_assert_eq!(r1 & 1, 0),
            MTVEC | STVEC | VSTVEC => prop_assert!(r1 & 3 < 2),
            HGATP => prop_assert_eq!(r1 & 3, 0),
            FFLAGS => prop_assert!(r1 < 32),
            FRM => prop_assert!(r1 < 8),
            _ => {}
        }
    }

    #[test]
    fn aliased_views_stay_consistent(
        writes in prop::collection::vec((0usize..12, any::<u64>()), 1..20),
    ) {
        let mut h = setup(&Gates { mcounteren: 7, hcounteren: 7, scounteren: 7, tvm: false, vtvm: false,
            fs_on: true, vsfs_on: true, stce: false, hstce: false, mstateen0: 0, hstateen0: 0 });
        let targets = [MIP, HIP, HVIP, VSIP, MIE, HIE, VSIE, SIE, SIP, MIDELEG, HIDELEG, SSTATUS];
        for (t, v) in writes {
            h.csr_poke(targets[t], v);
            let mip = h.csr_peek(MIP).unwrap();
            let mie = h.csr_peek(MIE).unwrap();
            let mideleg = h.csr_peek(MIDELEG).unwrap();
            let hideleg = h.csr_peek(HIDELEG).unwrap();
            prop_assert_eq!(h.csr_peek(HIP).unwrap(), mip & (VS_INTERRUPTS | SGEIP));
            prop_assert_eq!(h.csr_peek(HVIP).unwrap() & VS_INTERRUPTS, h.csr_peek(HVIP).unwrap());
            prop_assert_eq!(h.csr_peek(HVIP).unwrap() & VSSIP, mip & VSSIP, "hvip.VSSIP aliases mip.VSSIP");
            // LCOFI (Sscofpmf) keeps its position in vsip/vsie.
            let to_vs = |b: u64| ((b & VS_INTERRUPTS) >> 1) | (b & LCOFIP);
            prop_assert_eq!(h.csr_peek(VSIP).unwrap(), to_vs(mip & hideleg));
            prop_assert_eq!(h.csr_peek(HIE).unwrap(), mie & (VS_INTERRUPTS | SGEIP));
            prop_assert_eq!(h.csr_peek(VSIE).unwrap(), to_vs(mie & hideleg));
            prop_assert_eq!(h.csr_peek(SIE).unwrap(), mie & mideleg & (S_INTERRUPTS | LCOFIP));
            prop_assert_eq!(h.csr_peek(SIP).unwrap(), mip & mideleg & (S_INTERRUPTS | LCOFIP));
            let ms = h.csr_peek(MSTATUS).unwrap();
            let mask = STATUS_SIE | SPIE | SPP | FS | SUM | MXR | UXL | SD;
            prop_assert_eq!(h.csr_peek(SSTATUS).unwrap(), ms & mask);
        }
    }
}
