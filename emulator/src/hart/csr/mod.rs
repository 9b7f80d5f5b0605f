//! Control and status registers: one table, one gate.
//!
//! - `table.rs`: every CSR as one entry (number, name, extension, gate,
//!   fields, read and write rules), with `warl.rs` for the legalisation
//!   several share and `fields.rs` for the field layouts;
//! - `gate.rs`: whether a mode may access a CSR, and which exception if not
//!   (illegal or virtual instruction), as one pure function;
//! - `info.rs`: the lookups by number and by name for the hart, the
//!   disassembler, the trace and a debugger (`info`, `by_name`, `all`,
//!   `Info::decode`);
//! - `access.rs`: the CSR instructions and `csr_peek`/`csr_poke` on the hart;
//! - `counters.rs`: mcycle, minstret and the hpm counters (Zihpm,
//!   Sscofpmf), derived at read time from two raw totals;
//! - `stateen.rs`: the bits of the Smstateen registers.
//!
//! `CsrFile` holds every CSR where it architecturally lives: the HS copy of
//! sstatus is a view of mstatus, the VS copies (vsstatus, vsepc, ...) are
//! their own registers, and routing on access (with V=1, `sepc` reaches
//! vsepc) is in the table. A debugger can read both views at any time.
//!
//! ```
//! use hemu::hart::csr::{self, addr::HSTATUS};
//! let hstatus = csr::info(HSTATUS).unwrap();
//! assert_eq!(hstatus.name(), "hstatus");
//! let d = hstatus.decode((2 << 32) | (1 << 8) | (1 << 7)).to_string();
//! assert!(d.contains("SPV=1 SPVP=1") && d.ends_with("VSXL=2"));
//! assert_eq!(csr::by_name("pmpaddr12").map(|i| i.number()), Some(0x3bc));
//! ```

pub mod access;
pub mod addr;
pub mod bits;
pub mod counters;
mod fields;
pub mod gate;
mod stateen;
mod info;
mod pmp;
mod table;
pub mod trigger;
mod warl;

pub use access::{CsrOp, CsrOpKind, PlainRoute};
pub use gate::{fp_enabled, gate, Denied, Gate};
pub use info::{all, by_name, info, name, plain, Decoded, Ext, Field, Info, Name, Plain};

/// Every CSR's storage. Fields are raw architectural values; WARL
/// legalization happens on write (`access.rs`), so a field always holds a
/// legal value.
#[derive(Clone, Debug, Default)]
pub struct CsrFile {
    // Machine level.
    pub mstatus: u64,
    pub misa: u64,
    pub medeleg: u64,
    pub mideleg: u64,
    pub mie: u64,
    /// The software-writable bits of mip (SSIP, STIP, SEIP, VSSIP via hvip...).
    /// Lines driven by devices live in `mip_lines`.
    pub mip: u64,
    /// Interrupt lines driven from outside the hart: MSIP, MTIP, MEIP from the
    /// CLINT and PLIC, the PLIC's S-context line (SEIP), and the Sstc
    /// comparators (STIP, VSTIP). Read as OR with `mip` per the spec.
    pub mip_lines: u64,
    pub mtvec: u64,
    pub mscratch: u64,
    pub mepc: u64,
    pub mcause: u64,
    pub mtval: u64,
    pub mtval2: u64,
    pub mtinst: u64,
    pub mcounteren: u64,
    pub mcountinhibit: u64,
    /// mcycle, minstret, mhpmcounter3-31 and mhpmevent3-31 (`counters.rs`).
    pub counters: counters::Counters,
    pub menvcfg: u64,
    /// mstateen0-3 (Smstateen).
    pub mstateen: [u64; 4],
    pub pmpcfg: [u8; 16],
    pub pmpaddr: [u64; 16],
    // Supervisor level (HS). sstatus, sie and sip are views of m* registers.
    pub stvec: u64,
    pub sscratch: u64,
    pub sepc: u64,
    pub scause: u64,
    pub stval: u64,
    pub satp: u64,
    pub scounteren: u64,
    pub senvcfg: u64,
    pub stimecmp: u64,
    // Hypervisor.
    pub hstatus: u64,
    pub hedeleg: u64,
    pub hideleg: u64,
    pub hcounteren: u64,
    pub htimedelta: u64,
    pub htval: u64,
    pub htinst: u64,
    pub hgatp: u64,
    pub henvcfg: u64,
    /// hstateen0-3 (Smstateen), as written; read through mstateen.
    pub hstateen: [u64; 4],
    pub hgeie: u64,
    // Virtual supervisor copies (what a guest sees as s* CSRs when V=1).
    // vsie and vsip are views of mie/mip (and hvip) through hideleg.
    pub vsstatus: u64,
    pub vstvec: u64,
    pub vsscratch: u64,
    pub vsepc: u64,
    pub vscause: u64,
    pub vstval: u64,
    pub vsatp: u64,
    pub vstimecmp: u64,
    // Floating point.
    pub fflags: u64,
    pub frm: u64,
}

impl CsrFile {
    /// The field where the plain CSR `p` keeps its value.
    #[inline(always)]
    pub(crate) fn plain_cell(&mut self, p: Plain) -> &mut u64 {
        // SAFETY: `p.at` is the offset of a `u64` field of `CsrFile`:
        // `Plain` is made only by the table's `plain!`, whose rules read
        // and write that field as a `u64`; `self` is borrowed mutably.
        unsafe { &mut *(self as *mut CsrFile).cast::<u8>().add(p.at).cast::<u64>() }
    }
}
