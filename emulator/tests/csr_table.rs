//! The CSR table as data: every number has the name and existence it had
//! before the table (the oracles below are the lists it replaced), lookups
//! by name and number agree, fields are well formed and decode, and the
//! gate is a pure function of (number, mode, write, CSR state).

use hemu::bus::Bus;
use hemu::hart::csr::{self, addr::*, bits::*, gate, CsrFile, Denied, Ext, Gate};
use hemu::hart::{Hart, Mode};
use hemu::isa::Isa;

/// The names the disassembler printed before the table (addr::name plus
/// its numbered families).
fn old_name(a: u16) -> Option<String> {
    let single = match a {
        FFLAGS => "fflags",
        FRM => "frm",
        FCSR => "fcsr",
        CYCLE => "cycle",
        TIME => "time",
        INSTRET => "instret",
        SSTATUS => "sstatus",
        SIE => "sie",
        STVEC => "stvec",
        SCOUNTEREN => "scounteren",
        SENVCFG => "senvcfg",
        SSCRATCH => "sscratch",
        SEPC => "sepc",
        SCAUSE => "scause",
        STVAL => "stval",
        SIP => "sip",
        STIMECMP => "stimecmp",
        SATP => "satp",
        VSSTATUS => "vsstatus",
        VSIE => "vsie",
        VSTVEC => "vstvec",
        VSSCRATCH => "vsscratch",
        VSEPC => "vsepc",
        VSCAUSE => "vscause",
        VSTVAL => "vstval",
        VSIP => "vsip",
        VSTIMECMP => "vstimecmp",
        VSATP => "vsatp",
        HSTATUS => "hstatus",
        HEDELEG => "hedeleg",
        HIDELEG => "hideleg",
        HIE => "hie",
        HTIMEDELTA => "htimedelta",
        HCOUNTEREN => "hcounteren",
        HGEIE => "hgeie",
        HENVCFG => "henvcfg",
        HTVAL => "htval",
        HIP => "hip",
        HVIP => "hvip",
        HTINST => "htinst",
        HGATP => "hgatp",
        HGEIP => "hgeip",
        MVENDORID => "mvendorid",
        MARCHID => "marchid",
        MIMPID => "mimpid",
        MHARTID => "mhartid",
        MCONFIGPTR => "mconfigptr",
        MSTATUS => "mstatus",
        MISA => "misa",
        MEDELEG => "medeleg",
        MIDELEG => "mideleg",
        MIE => "mie",
        MTVEC => "mtvec",
        MCOUNTEREN => "mcounteren",
        MENVCFG => "menvcfg",
        MCOUNTINHIBIT => "mcountinhibit",
        MSCRATCH => "mscratch",
        MEPC => "mepc",
        MCAUSE => "mcause",
        MTVAL => "mtval",
        MIP => "mip",
        MTINST => "mtinst",
        MTVAL2 => "mtval2",
        MCYCLE => "mcycle",
        MINSTRET => "minstret",
        MSECCFG => "mseccfg",
        TSELECT => "tselect",
        TDATA1 => "tdata1",
        TDATA2 => "tdata2",
        TDATA3 => "tdata3",
        TINFO => "tinfo",
        // Sscofpmf.
        SCOUNTOVF => "scountovf",
        _ => "",
    };
    if !single.is_empty() {
        return Some(single.to_string());
    }
    let numbered = [
        (HPMCOUNTER3, HPMCOUNTER31, "hpmcounter", 3),
        (MHPMCOUNTER3, MHPMCOUNTER31, "mhpmcounter", 3),
        (MHPMEVENT3, MHPMEVENT31, "mhpmevent", 3),
        (PMPCFG0, PMPCFG15, "pmpcfg", 0),
        (PMPADDR0, PMPADDR63, "pmpaddr", 0),
        // Smstateen/Ssstateen.
        (MSTATEEN0, MSTATEEN0 + 3, "mstateen", 0),
        (HSTATEEN0, HSTATEEN0 + 3, "hstateen", 0),
        (SSTATEEN0, SSTATEEN0 + 3, "sstateen", 0),
    ];
    numbered
        .iter()
        .find(|(lo, hi, _, _)| (*lo..=*hi).contains(&a))
        .map(|(lo, _, stem, first)| format!("{stem}{}", a - lo + first))
}

/// The exists-list the table replaced, with the CSRs of Sscofpmf and
/// Smstateen added since.
fn old_exists(addr: u16) -> bool {
    matches!(
        addr,
        FFLAGS | FRM | FCSR
            | CYCLE..=HPMCOUNTER31
            | SSTATUS | SIE | STVEC | SCOUNTEREN | SENVCFG | SSCRATCH | SEPC | SCAUSE | STVAL | SIP
            | STIMECMP | SATP
            | VSSTATUS | VSIE | VSTVEC | VSSCRATCH | VSEPC | VSCAUSE | VSTVAL | VSIP | VSTIMECMP | VSATP
            | HSTATUS | HEDELEG | HIDELEG | HIE | HTIMEDELTA | HCOUNTEREN | HGEIE | HENVCFG | HTVAL | HIP
            | HVIP | HTINST | HGATP | HGEIP
            | MVENDORID | MARCHID | MIMPID | MHARTID | MCONFIGPTR
            | MSTATUS | MISA | MEDELEG | MIDELEG | MIE | MTVEC | MCOUNTEREN | MENVCFG | MCOUNTINHIBIT
            | MHPMEVENT3..=MHPMEVENT31
            | MSCRATCH | MEPC | MCAUSE | MTVAL | MIP | MTINST | MTVAL2
            | PMPADDR0..=PMPADDR63
            | MCYCLE | MINSTRET | MHPMCOUNTER3..=MHPMCOUNTER31
            | TSELECT..=TINFO
            | SCOUNTOVF
            | MSTATEEN0..=0x30f | HSTATEEN0..=0x60f | SSTATEEN0..=0x10f
    ) || ((PMPCFG0..=PMPCFG15).contains(&addr) && addr % 2 == 0)
}

#[test]
fn names_and_existence_are_those_of_before() {
    let h = Hart::new(Bus::new(1 << 16), 0x8000_0000);
    for a in 0..4096u16 {
        assert_eq!(csr::name(a).map(|n| n.to_string()), old_name(a), "name of {a:#x}");
        assert_eq!(h.csr_exists(a), old_exists(a), "existence of {a:#x}");
        if let Some(i) = csr::info(a) {
            assert_eq!(i.implemented(), old_exists(a), "{a:#x}");
            assert_eq!(i.number(), a);
        }
    }
    assert_eq!(csr::info(MSECCFG).map(|i| i.ext()), Some(Ext::Smepmp));
    assert!(!csr::by_name("pmpcfg1").unwrap().implemented(), "odd pmpcfg: RV32 only");
}

#[test]
fn lookup_by_name_finds_the_number() {
    for i in csr::all() {
        let name = i.name().to_string();
        assert_eq!(csr::by_name(&name).map(|j| j.number()), Some(i.number()), "{name}");
    }
    assert_eq!(csr::by_name("pmpaddr63").map(|i| i.number()), Some(PMPADDR63));
    assert_eq!(csr::by_name("hpmcounter3").map(|i| i.number()), Some(HPMCOUNTER3));
    assert!(csr::by_name("pmpaddr07").is_none() && csr::by_name("pmpaddr64").is_none());
    assert!(csr::by_name("hpmcounter2").is_none() && csr::by_name("nosuch").is_none());
    assert_eq!(csr::all().count(), (0..4096).filter(|&a| old_name(a).is_some()).count(), "every named number once");
}

#[test]
fn fields_are_well_formed() {
    for i in csr::all() {
        let mut seen = 0u64;
        for f in i.fields() {
            assert!(f.lo <= f.hi && f.hi < 64, "{:?}.{}", i, f.name);
            assert_eq!(seen & f.mask_bits(), 0, "{:?}.{} overlaps another field", i, f.name);
            seen |= f.mask_bits();
            assert!(!f.about.is_empty(), "{:?}.{} has no description", i, f.name);
            assert_eq!(i.fields().iter().filter(|g| g.name == f.name).count(), 1, "{:?}.{} twice", i, f.name);
        }
        assert!(!i.about().is_empty(), "{:?} has no description", i);
    }
}

#[test]
fn decode_names_every_field() {
    let h = csr::info(HSTATUS).unwrap();
    let v = HSTATUS_SPV | HSTATUS_SPVP | (2 << HSTATUS_VSXL_SHIFT) | (5 << HSTATUS_VGEIN_SHIFT);
    assert_eq!(h.decode(v).to_string(), "VSBE=0 GVA=0 SPV=1 SPVP=1 HU=0 VGEIN=5 VTVM=0 VTW=0 VTSR=0 VSXL=2");
    let spv = h.decode(v).iter().find(|(f, _)| f.name == "SPV").map(|(_, v)| v);
    assert_eq!(spv, Some(1));
    assert_eq!(csr::info(MEPC).unwrap().decode(0x8000_0000).to_string(), "0x80000000");
    assert_eq!(csr::info(SATP).unwrap().field("MODE").map(|f| f.get(8 << 60)), Some(8));
    assert_eq!(csr::info(SSTATUS).unwrap().virt_copy(), Some(VSSTATUS));
    assert_eq!(csr::info(HSTATUS).unwrap().modes(), &[Mode::M, Mode::HS]);
    assert_eq!(csr::info(CYCLE).unwrap().gate(), Gate::Counter);
    assert!(csr::info(CYCLE).unwrap().read_only());
}

/// The gate needs no hart: a CSR state and a mode decide.
#[test]
fn gate_is_a_pure_function_of_the_state() {
    let c = CsrFile::default();
    assert_eq!(gate(HSTATUS, Mode::HS, true, &c, Isa::ALL), Ok(HSTATUS));
    assert_eq!(gate(HSTATUS, Mode::VS, false, &c, Isa::ALL), Err(Denied::Virtual), "H CSR from VS");
    assert_eq!(gate(HSTATUS, Mode::U, false, &c, Isa::ALL), Err(Denied::Illegal));
    assert_eq!(gate(MSTATUS, Mode::VS, false, &c, Isa::ALL), Err(Denied::Illegal), "M CSR from VS");
    assert_eq!(gate(SEPC, Mode::VS, true, &c, Isa::ALL), Ok(VSEPC), "S names reach the VS copies");
    assert_eq!(gate(SEPC, Mode::VU, false, &c, Isa::ALL), Err(Denied::Virtual), "S CSR from VU");
    assert_eq!(gate(CYCLE, Mode::HS, true, &c, Isa::ALL), Err(Denied::Illegal), "read-only");
    assert_eq!(gate(FCSR, Mode::M, false, &c, Isa::ALL), Err(Denied::Illegal), "FS Off, even in M");
    assert_eq!(gate(0x7ff, Mode::M, false, &c, Isa::ALL), Err(Denied::Illegal), "no such CSR");
    assert_eq!(gate(MSECCFG, Mode::M, false, &c, Isa::ALL), Err(Denied::Illegal), "named, not implemented");

    let tvm = CsrFile { mstatus: TVM, hstatus: HSTATUS_VTVM, ..CsrFile::default() };
    assert_eq!(gate(SATP, Mode::HS, false, &tvm, Isa::ALL), Err(Denied::Illegal));
    assert_eq!(gate(HGATP, Mode::VS, false, &tvm, Isa::ALL), Err(Denied::Illegal), "HS could not either");
    assert_eq!(gate(SATP, Mode::VS, false, &tvm, Isa::ALL), Err(Denied::Virtual), "VTVM");
    assert_eq!(gate(SATP, Mode::M, false, &tvm, Isa::ALL), Ok(SATP));

    // Sstc: the TM bit of mcounteren and hcounteren, and STCE.
    let sstc = CsrFile { menvcfg: ENVCFG_STCE, mcounteren: 2, ..CsrFile::default() };
    assert_eq!(gate(STIMECMP, Mode::HS, true, &sstc, Isa::ALL), Ok(STIMECMP));
    assert_eq!(gate(STIMECMP, Mode::VS, true, &sstc, Isa::ALL), Err(Denied::Virtual), "henvcfg.STCE off");
    let sstc_vs = CsrFile { henvcfg: ENVCFG_STCE, hcounteren: 2, ..sstc };
    assert_eq!(gate(STIMECMP, Mode::VS, true, &sstc_vs, Isa::ALL), Ok(VSTIMECMP));
    assert_eq!(gate(TIME, Mode::VU, false, &sstc_vs, Isa::ALL), Err(Denied::Virtual), "scounteren.TM off in VU");
}

/// A plain CSR (`csr::plain`: its CSR instructions run inside compiled
/// blocks, and its writes do not make the run loop look at the hart
/// again) must be one whose write changes nothing but itself: every other
/// CSR reads the same after it, and the hart's mode too. The trap
/// registers are plain; a CSR with side effects (mstatus, satp, a timer
/// compare, a counter) is not.
#[test]
fn a_plain_csrs_write_changes_no_other_csr() {
    let plain: Vec<u16> = csr::all().map(|i| i.number()).filter(|&n| csr::plain(n)).collect();
    for n in [SSCRATCH, SEPC, SCAUSE, STVAL, VSSCRATCH, VSEPC, VSCAUSE, VSTVAL, MSCRATCH, MEPC, MCAUSE, MTVAL, HTVAL, HTINST] {
        assert!(plain.contains(&n), "{n:#x} should be plain");
    }
    for n in [MSTATUS, SSTATUS, SATP, HGATP, VSATP, HSTATUS, MIE, MIP, STIMECMP, MCYCLE, MINSTRET, PMPCFG0, MENVCFG, STVEC] {
        assert!(!plain.contains(&n), "{n:#x} has side effects and is not plain");
    }
    for &n in &plain {
        let mut h = Hart::new(Bus::new(1 << 16), 0x8000_0000);
        let before: Vec<(u16, Option<u64>)> = csr::all().map(|i| (i.number(), h.csr_peek(i.number()))).collect();
        let mode = h.mode();
        assert!(h.csr_poke(n, 0x5555_5555_5555_5554), "{n:#x}");
        for (m, v) in before {
            if m != n {
                assert_eq!(h.csr_peek(m), v, "writing {n:#x} changed {m:#x}");
            }
        }
        assert_eq!(h.mode(), mode);
    }
}
