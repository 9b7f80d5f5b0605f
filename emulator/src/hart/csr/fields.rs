//! The fields of the CSRs that have them, for decoding (the debugger, GDB's
//! target description). Positions come from `defs` where it declares them.

use super::info::Field;
use defs::counteren::Counteren;
use defs::envcfg::Envcfg;
use defs::hstatus::Hstatus;
use defs::interrupts::Mip;
use defs::stateen::Stateen0;
use defs::status::Mstatus;

const fn m(name: &'static str, mask: u64, about: &'static str) -> Field {
    Field::mask(name, mask, about)
}

pub const MSTATUS: &[Field] = &[
    m("SIE", Mstatus::SIE.bits(), "supervisor interrupt enable"),
    m("MIE", Mstatus::MIE.bits(), "machine interrupt enable"),
    m("SPIE", Mstatus::SPIE.bits(), "SIE before the last trap into S-mode"),
    m("UBE", Mstatus::UBE.bits(), "U-mode accesses are big-endian"),
    m("MPIE", Mstatus::MPIE.bits(), "MIE before the last trap into M-mode"),
    m("SPP", Mstatus::SPP.bits(), "privilege before the last trap into S-mode (0 U, 1 S)"),
    m("VS", Mstatus::VS.bits(), "vector unit state (Off, Initial, Clean, Dirty)"),
    m("MPP", Mstatus::MPP.bits(), "privilege before the last trap into M-mode (0 U, 1 S, 3 M)"),
    m("FS", Mstatus::FS.bits(), "floating-point unit state (Off, Initial, Clean, Dirty)"),
    m("XS", Mstatus::XS.bits(), "other extensions' state summary"),
    m("MPRV", Mstatus::MPRV.bits(), "M-mode loads and stores translate as MPP (and MPV)"),
    m("SUM", Mstatus::SUM.bits(), "S-mode may access user pages"),
    m("MXR", Mstatus::MXR.bits(), "loads may read executable-only pages"),
    m("TVM", Mstatus::TVM.bits(), "satp, hgatp and SFENCE.VMA in HS-mode are illegal"),
    m("TW", Mstatus::TW.bits(), "WFI below M-mode is illegal"),
    m("TSR", Mstatus::TSR.bits(), "SRET in HS-mode is illegal"),
    m("UXL", Mstatus::UXL.bits(), "U-mode XLEN (2 = 64)"),
    m("SXL", Mstatus::SXL.bits(), "S-mode XLEN (2 = 64)"),
    m("SBE", Mstatus::SBE.bits(), "S-mode accesses are big-endian"),
    m("MBE", Mstatus::MBE.bits(), "M-mode accesses are big-endian"),
    m("GVA", Mstatus::GVA.bits(), "mtval holds a guest virtual address"),
    m("MPV", Mstatus::MPV.bits(), "V before the last trap into M-mode"),
    m("SD", Mstatus::SD.bits(), "FS, VS or XS is Dirty"),
];

/// sstatus, and vsstatus (the same layout).
pub const SSTATUS: &[Field] = &[
    m("SIE", Mstatus::SIE.bits(), "supervisor interrupt enable"),
    m("SPIE", Mstatus::SPIE.bits(), "SIE before the last trap into S-mode"),
    m("UBE", Mstatus::UBE.bits(), "U-mode accesses are big-endian"),
    m("SPP", Mstatus::SPP.bits(), "privilege before the last trap into S-mode (0 U, 1 S)"),
    m("VS", Mstatus::VS.bits(), "vector unit state (Off, Initial, Clean, Dirty)"),
    m("FS", Mstatus::FS.bits(), "floating-point unit state (Off, Initial, Clean, Dirty)"),
    m("XS", Mstatus::XS.bits(), "other extensions' state summary"),
    m("SUM", Mstatus::SUM.bits(), "S-mode may access user pages"),
    m("MXR", Mstatus::MXR.bits(), "loads may read executable-only pages"),
    m("UXL", Mstatus::UXL.bits(), "U-mode XLEN (2 = 64)"),
    m("SD", Mstatus::SD.bits(), "FS, VS or XS is Dirty"),
];

pub const HSTATUS: &[Field] = &[
    m("VSBE", Hstatus::VSBE.bits(), "VS-mode accesses are big-endian"),
    m("GVA", Hstatus::GVA.bits(), "stval holds a guest virtual address"),
    m("SPV", Hstatus::SPV.bits(), "V before the last trap into HS-mode; SRET returns to it"),
    m("SPVP", Hstatus::SPVP.bits(), "the guest's privilege for HLV/HSV (0 VU, 1 VS)"),
    m("HU", Hstatus::HU.bits(), "HLV/HSV allowed in U-mode"),
    m("VGEIN", Hstatus::VGEIN.bits(), "the guest external interrupt line VS-mode sees"),
    m("VTVM", Hstatus::VTVM.bits(), "satp and SFENCE.VMA in VS-mode are virtual instructions"),
    m("VTW", Hstatus::VTW.bits(), "WFI in VS-mode is a virtual instruction"),
    m("VTSR", Hstatus::VTSR.bits(), "SRET in VS-mode is a virtual instruction"),
    m("VSXL", Hstatus::VSXL.bits(), "VS-mode XLEN (2 = 64)"),
];

// Interrupt bits: pending (xIP), enabled (xIE), delegated (by interrupt).
macro_rules! interrupt_fields {
    ($suffix:literal: $($name:literal $bit:expr, $about:literal;)*) => {
        &[$(m(concat!($name, $suffix), $bit.bits(), $about)),*]
    };
}

pub const MIP: &[Field] = interrupt_fields!("IP":
    "SS" Mip::SSIP, "supervisor software interrupt pending";
    "VSS" Mip::VSSIP, "VS-level software interrupt pending";
    "MS" Mip::MSIP, "machine software interrupt pending";
    "ST" Mip::STIP, "supervisor timer interrupt pending";
    "VST" Mip::VSTIP, "VS-level timer interrupt pending";
    "MT" Mip::MTIP, "machine timer interrupt pending";
    "SE" Mip::SEIP, "supervisor external interrupt pending";
    "VSE" Mip::VSEIP, "VS-level external interrupt pending";
    "ME" Mip::MEIP, "machine external interrupt pending";
    "SGE" Mip::SGEIP, "supervisor guest external interrupt pending";
    "LCOF" Mip::LCOFIP, "local counter overflow interrupt pending";
);

pub const MIE: &[Field] = interrupt_fields!("IE":
    "SS" Mip::SSIP, "supervisor software interrupt enabled";
    "VSS" Mip::VSSIP, "VS-level software interrupt enabled";
    "MS" Mip::MSIP, "machine software interrupt enabled";
    "ST" Mip::STIP, "supervisor timer interrupt enabled";
    "VST" Mip::VSTIP, "VS-level timer interrupt enabled";
    "MT" Mip::MTIP, "machine timer interrupt enabled";
    "SE" Mip::SEIP, "supervisor external interrupt enabled";
    "VSE" Mip::VSEIP, "VS-level external interrupt enabled";
    "ME" Mip::MEIP, "machine external interrupt enabled";
    "SGE" Mip::SGEIP, "supervisor guest external interrupt enabled";
    "LCOF" Mip::LCOFIP, "local counter overflow interrupt enabled";
);

pub const MIDELEG: &[Field] = interrupt_fields!("I":
    "SS" Mip::SSIP, "supervisor software interrupt goes to HS/S-mode";
    "VSS" Mip::VSSIP, "VS-level software interrupt goes to HS-mode (read-only 1)";
    "ST" Mip::STIP, "supervisor timer interrupt goes to HS/S-mode";
    "VST" Mip::VSTIP, "VS-level timer interrupt goes to HS-mode (read-only 1)";
    "SE" Mip::SEIP, "supervisor external interrupt goes to HS/S-mode";
    "VSE" Mip::VSEIP, "VS-level external interrupt goes to HS-mode (read-only 1)";
    "SGE" Mip::SGEIP, "supervisor guest external interrupt goes to HS-mode";
    "LCOF" Mip::LCOFIP, "local counter overflow interrupt goes to HS/S-mode";
);

pub const SIP: &[Field] = interrupt_fields!("IP":
    "SS" Mip::SSIP, "supervisor software interrupt pending";
    "ST" Mip::STIP, "supervisor timer interrupt pending";
    "SE" Mip::SEIP, "supervisor external interrupt pending";
    "LCOF" Mip::LCOFIP, "local counter overflow interrupt pending";
);

pub const SIE: &[Field] = interrupt_fields!("IE":
    "SS" Mip::SSIP, "supervisor software interrupt enabled";
    "ST" Mip::STIP, "supervisor timer interrupt enabled";
    "SE" Mip::SEIP, "supervisor external interrupt enabled";
    "LCOF" Mip::LCOFIP, "local counter overflow interrupt enabled";
);

pub const HIP: &[Field] = interrupt_fields!("IP":
    "VSS" Mip::VSSIP, "VS-level software interrupt pending";
    "VST" Mip::VSTIP, "VS-level timer interrupt pending";
    "VSE" Mip::VSEIP, "VS-level external interrupt pending";
    "SGE" Mip::SGEIP, "supervisor guest external interrupt pending";
);

pub const HIE: &[Field] = interrupt_fields!("IE":
    "VSS" Mip::VSSIP, "VS-level software interrupt enabled";
    "VST" Mip::VSTIP, "VS-level timer interrupt enabled";
    "VSE" Mip::VSEIP, "VS-level external interrupt enabled";
    "SGE" Mip::SGEIP, "supervisor guest external interrupt enabled";
);

pub const HVIP: &[Field] = interrupt_fields!("IP":
    "VSS" Mip::VSSIP, "inject a VS-level software interrupt";
    "VST" Mip::VSTIP, "inject a VS-level timer interrupt";
    "VSE" Mip::VSEIP, "inject a VS-level external interrupt";
);

pub const HIDELEG: &[Field] = interrupt_fields!("I":
    "VSS" Mip::VSSIP, "VS-level software interrupt goes to VS-mode";
    "VST" Mip::VSTIP, "VS-level timer interrupt goes to VS-mode";
    "VSE" Mip::VSEIP, "VS-level external interrupt goes to VS-mode";
    "SGE" Mip::SGEIP, "supervisor guest external interrupt goes to VS-mode";
    "LCOF" Mip::LCOFIP, "local counter overflow interrupt goes to VS-mode";
);

/// Exception delegation (medeleg, hedeleg): bit = exception code.
pub const EDELEG: &[Field] = &[
    Field::bit("IAM", 0, "instruction address misaligned"),
    Field::bit("IAF", 1, "instruction access fault"),
    Field::bit("II", 2, "illegal instruction"),
    Field::bit("BP", 3, "breakpoint"),
    Field::bit("LAM", 4, "load address misaligned"),
    Field::bit("LAF", 5, "load access fault"),
    Field::bit("SAM", 6, "store/AMO address misaligned"),
    Field::bit("SAF", 7, "store/AMO access fault"),
    Field::bit("EU", 8, "environment call from U-mode or VU-mode"),
    Field::bit("EHS", 9, "environment call from HS-mode"),
    Field::bit("EVS", 10, "environment call from VS-mode"),
    Field::bit("EM", 11, "environment call from M-mode"),
    Field::bit("IPF", 12, "instruction page fault"),
    Field::bit("LPF", 13, "load page fault"),
    Field::bit("SPF", 15, "store/AMO page fault"),
    Field::bit("IGPF", 20, "instruction guest-page fault"),
    Field::bit("LGPF", 21, "load guest-page fault"),
    Field::bit("VI", 22, "virtual instruction"),
    Field::bit("SGPF", 23, "store/AMO guest-page fault"),
];

/// mtvec, stvec, vstvec.
pub const TVEC: &[Field] = &[
    Field::bits("MODE", 1, 0, "0 direct: every trap to BASE; 1 vectored: interrupts to BASE + 4 * cause"),
    Field::bits("BASE", 63, 2, "trap handler address >> 2"),
];

/// mcause, scause, vscause.
pub const CAUSE: &[Field] = &[
    Field::bits("CODE", 62, 0, "exception or interrupt code"),
    Field::bit("INTERRUPT", 63, "the trap was an interrupt"),
];

/// satp, vsatp.
pub const SATP: &[Field] = &[
    Field::bits("PPN", 43, 0, "root page table's physical page number"),
    Field::bits("ASID", 59, 44, "address space identifier"),
    Field::bits("MODE", 63, 60, "translation: 0 Bare, 8 Sv39, 9 Sv48, 10 Sv57"),
];

pub const HGATP: &[Field] = &[
    Field::bits("PPN", 43, 0, "G-stage root page table's physical page number (16 KiB aligned)"),
    Field::bits("VMID", 57, 44, "virtual machine identifier"),
    Field::bits("MODE", 63, 60, "G-stage translation: 0 Bare, 8 Sv39x4, 9 Sv48x4, 10 Sv57x4"),
];

/// menvcfg, henvcfg.
pub const ENVCFG: &[Field] = &[
    m("FIOM", Envcfg::FIOM.bits(), "FENCE on I/O also orders memory"),
    m("CBIE", Envcfg::CBIE.bits(), "cache-block invalidate enable (Zicbom)"),
    m("CBCFE", Envcfg::CBCFE.bits(), "cache-block clean and flush enable (Zicbom)"),
    m("CBZE", Envcfg::CBZE.bits(), "cache-block zero enable (Zicboz)"),
    m("ADUE", Envcfg::ADUE.bits(), "the hart updates PTE A/D bits (Svadu)"),
    m("PBMTE", Envcfg::PBMTE.bits(), "page-based memory types (Svpbmt)"),
    m("STCE", Envcfg::STCE.bits(), "stimecmp/vstimecmp enabled for the level below (Sstc)"),
];

pub const SENVCFG: &[Field] = &[
    m("FIOM", Envcfg::FIOM.bits(), "FENCE on I/O also orders memory"),
    m("CBIE", Envcfg::CBIE.bits(), "cache-block invalidate enable (Zicbom)"),
    m("CBCFE", Envcfg::CBCFE.bits(), "cache-block clean and flush enable (Zicbom)"),
    m("CBZE", Envcfg::CBZE.bits(), "cache-block zero enable (Zicboz)"),
];

/// mcounteren, hcounteren, scounteren.
pub const COUNTEREN: &[Field] = &[
    m("CY", Counteren::CY.bits(), "cycle readable by the level below"),
    m("TM", Counteren::TM.bits(), "time (and with Sstc stimecmp) usable by the level below"),
    m("IR", Counteren::IR.bits(), "instret readable by the level below"),
    Field::bits("HPM", 31, 3, "hpmcounter3-31 readable by the level below"),
];

/// mstateen0-3, hstateen0-3 (bit 62 exists in number 0 only).
pub const STATEEN: &[Field] = &[
    m("ENVCFG", Stateen0::ENVCFG.bits(), "henvcfg/senvcfg accessible below (in hstateen0: senvcfg from VS)"),
    m("SE0", Stateen0::SE0.bits(), "the next stateen registers of this number accessible below"),
];

/// mhpmevent3-31 (Sscofpmf's bits, and hemu's event selector).
pub const MHPMEVENT: &[Field] = &[
    Field::bits("EVENT", 55, 0, "event: 1 cycles, 2 instructions retired, other values count nothing"),
    Field::bit("VUINH", 58, "no counting in VU-mode"),
    Field::bit("VSINH", 59, "no counting in VS-mode"),
    Field::bit("UINH", 60, "no counting in U-mode"),
    Field::bit("SINH", 61, "no counting in S/HS-mode"),
    Field::bit("MINH", 62, "no counting in M-mode"),
    Field::bit("OF", 63, "overflowed (set by the hart; no overflow interrupt while set)"),
];

pub const MCOUNTINHIBIT: &[Field] = &[
    m("CY", Counteren::CY.bits(), "mcycle stops counting"),
    m("IR", Counteren::IR.bits(), "minstret stops counting"),
    Field::bits("HPM", 31, 3, "mhpmcounter3-31 stop counting"),
];

pub const FCSR: &[Field] = &[
    Field::bit("NX", 0, "inexact"),
    Field::bit("UF", 1, "underflow"),
    Field::bit("OF", 2, "overflow"),
    Field::bit("DZ", 3, "divide by zero"),
    Field::bit("NV", 4, "invalid operation"),
    Field::bits("FRM", 7, 5, "dynamic rounding mode (0 RNE, 1 RTZ, 2 RDN, 3 RUP, 4 RMM)"),
];

pub const FFLAGS: &[Field] = &[
    Field::bit("NX", 0, "inexact"),
    Field::bit("UF", 1, "underflow"),
    Field::bit("OF", 2, "overflow"),
    Field::bit("DZ", 3, "divide by zero"),
    Field::bit("NV", 4, "invalid operation"),
];

pub const MISA: &[Field] = &[
    Field::bit("A", 0, "atomics"),
    Field::bit("B", 1, "bit manipulation (Zba, Zbb, Zbs)"),
    Field::bit("C", 2, "compressed instructions"),
    Field::bit("D", 3, "double-precision floating point"),
    Field::bit("F", 5, "single-precision floating point"),
    Field::bit("H", 7, "hypervisor"),
    Field::bit("I", 8, "RV64I base"),
    Field::bit("M", 12, "integer multiply and divide"),
    Field::bit("S", 18, "supervisor mode"),
    Field::bit("U", 20, "user mode"),
    Field::bits("MXL", 63, 62, "machine XLEN (2 = 64)"),
];

/// pmpcfg0, 2, ..., 14: one configuration byte per PMP entry, each
/// L(7) A(4:3) X(2) W(1) R(0).
pub const PMPCFG: &[Field] = &[
    Field::bits("CFG0", 7, 0, "entry 8*(n/2)+0: L A X W R"),
    Field::bits("CFG1", 15, 8, "entry 8*(n/2)+1: L A X W R"),
    Field::bits("CFG2", 23, 16, "entry 8*(n/2)+2: L A X W R"),
    Field::bits("CFG3", 31, 24, "entry 8*(n/2)+3: L A X W R"),
    Field::bits("CFG4", 39, 32, "entry 8*(n/2)+4: L A X W R"),
    Field::bits("CFG5", 47, 40, "entry 8*(n/2)+5: L A X W R"),
    Field::bits("CFG6", 55, 48, "entry 8*(n/2)+6: L A X W R"),
    Field::bits("CFG7", 63, 56, "entry 8*(n/2)+7: L A X W R"),
];

pub const TDATA1: &[Field] = &[
    Field::bits("DATA", 58, 0, "the trigger's type-specific configuration"),
    Field::bit("DMODE", 59, "only debug mode may write the trigger"),
    Field::bits("TYPE", 63, 60, "the trigger's type (0: no trigger)"),
];

pub const TINFO: &[Field] = &[
    Field::bits("INFO", 15, 0, "the types the selected trigger supports (bit 0: none)"),
    Field::bits("VERSION", 31, 24, "Sdtrig version (1 = 1.0)"),
];
