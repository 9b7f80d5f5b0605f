//! CSR numbers (privileged spec, "CSR Listing"), one constant per CSR hemu
//! implements, named as in the spec and grouped by the lowest privilege level
//! that can access them (bits `[9:8]` of the number).
//!
//! On RISC-V targets this module also holds the CSR access functions
//! (`read`, `write`, `set`, `clear`, `swap`, ...; see `access.rs`).

#[cfg(target_arch = "riscv64")]
mod access;
#[cfg(target_arch = "riscv64")]
pub use access::{clear, read, read_clear, read_set, set, swap, write};

// ---------------------------------------------------------------------------
// Unprivileged: floating point (F/D) and counters (Zicntr, Zihpm).

/// Floating-point accrued exceptions (the low 5 bits of fcsr).
pub const FFLAGS: u16 = 0x001;
/// Floating-point dynamic rounding mode (fcsr`[7:5]`).
pub const FRM: u16 = 0x002;
/// Floating-point control and status: frm and fflags together.
pub const FCSR: u16 = 0x003;
/// Cycle counter, read-only shadow of mcycle.
pub const CYCLE: u16 = 0xc00;
/// Real-time clock, the platform's mtime (the device tree's timebase-frequency).
pub const TIME: u16 = 0xc01;
/// Instructions-retired counter, read-only shadow of minstret.
pub const INSTRET: u16 = 0xc02;
/// The first performance-monitoring counter, hpmcounter3 (see [`hpmcounter`]).
pub const HPMCOUNTER3: u16 = 0xc03;
/// The last performance-monitoring counter, hpmcounter31.
pub const HPMCOUNTER31: u16 = 0xc1f;

/// The number of hpmcounter`n` (3 <= n <= 31).
pub const fn hpmcounter(n: u16) -> u16 {
    CYCLE + n
}

// ---------------------------------------------------------------------------
// Supervisor level (HS-mode's; in VS-mode the hart redirects most of them to
// their vs* counterparts).

/// Supervisor status: the S-level view of mstatus ([`crate::status::Sstatus`]).
pub const SSTATUS: u16 = 0x100;
/// Supervisor interrupt enable ([`crate::interrupts::Mip`] positions).
pub const SIE: u16 = 0x104;
/// Supervisor trap vector base address (BASE | MODE).
pub const STVEC: u16 = 0x105;
/// Supervisor counter enable ([`crate::counteren::Counteren`]).
pub const SCOUNTEREN: u16 = 0x106;
/// Supervisor environment configuration ([`crate::envcfg::Envcfg`]).
pub const SENVCFG: u16 = 0x10a;
/// Supervisor state enable 0 (Ssstateen; 1-3 follow): U-mode's access to
/// extension state.
pub const SSTATEEN0: u16 = 0x10c;
/// Supervisor scratch register.
pub const SSCRATCH: u16 = 0x140;
/// Supervisor exception program counter.
pub const SEPC: u16 = 0x141;
/// Supervisor trap cause ([`crate::trap`]).
pub const SCAUSE: u16 = 0x142;
/// Supervisor trap value.
pub const STVAL: u16 = 0x143;
/// Supervisor interrupt pending ([`crate::interrupts::Mip`] positions).
pub const SIP: u16 = 0x144;
/// Supervisor timer compare (Sstc).
pub const STIMECMP: u16 = 0x14d;
/// Supervisor address translation and protection ([`crate::satp`]).
pub const SATP: u16 = 0x180;

// ---------------------------------------------------------------------------
// Virtual supervisor level (H extension): the VS-mode copies of the S CSRs,
// accessed by HS-mode under these numbers and by VS-mode under the S numbers.

/// Virtual supervisor status (sstatus layout, [`crate::status::Sstatus`]).
pub const VSSTATUS: u16 = 0x200;
/// Virtual supervisor interrupt enable.
pub const VSIE: u16 = 0x204;
/// Virtual supervisor trap vector base address.
pub const VSTVEC: u16 = 0x205;
/// Virtual supervisor scratch register.
pub const VSSCRATCH: u16 = 0x240;
/// Virtual supervisor exception program counter.
pub const VSEPC: u16 = 0x241;
/// Virtual supervisor trap cause.
pub const VSCAUSE: u16 = 0x242;
/// Virtual supervisor trap value.
pub const VSTVAL: u16 = 0x243;
/// Virtual supervisor interrupt pending.
pub const VSIP: u16 = 0x244;
/// Virtual supervisor timer compare (Sstc).
pub const VSTIMECMP: u16 = 0x24d;
/// Virtual supervisor address translation and protection (the VS-stage root).
pub const VSATP: u16 = 0x280;

// ---------------------------------------------------------------------------
// Hypervisor level (H extension), accessible from HS-mode and M-mode.

/// Hypervisor status ([`crate::hstatus::Hstatus`]).
pub const HSTATUS: u16 = 0x600;
/// Hypervisor exception delegation: bit `code` sends that exception to VS-mode.
pub const HEDELEG: u16 = 0x602;
/// Hypervisor interrupt delegation: the VS-level interrupts handed to VS-mode.
pub const HIDELEG: u16 = 0x603;
/// Hypervisor interrupt enable (VSSIE, VSTIE, VSEIE, SGEIE).
pub const HIE: u16 = 0x604;
/// Hypervisor time delta: VS/VU-mode's `time` is `time + htimedelta`.
pub const HTIMEDELTA: u16 = 0x605;
/// Hypervisor counter enable for VS/VU-mode.
pub const HCOUNTEREN: u16 = 0x606;
/// Hypervisor guest external interrupt enable.
pub const HGEIE: u16 = 0x607;
/// Hypervisor environment configuration for VS/VU-mode ([`crate::envcfg::Envcfg`]).
pub const HENVCFG: u16 = 0x60a;
/// Hypervisor state enable 0 (Smstateen; 1-3 follow): VS/VU-mode's access
/// to extension state ([`crate::stateen::Stateen0`]).
pub const HSTATEEN0: u16 = 0x60c;
/// Hypervisor trap value: the faulting guest physical address >> 2.
pub const HTVAL: u16 = 0x643;
/// Hypervisor interrupt pending (VSSIP, VSTIP, VSEIP, SGEIP).
pub const HIP: u16 = 0x644;
/// Hypervisor virtual interrupt pending: the VS-level interrupts HS-mode injects.
pub const HVIP: u16 = 0x645;
/// Hypervisor trap instruction (transformed).
pub const HTINST: u16 = 0x64a;
/// Hypervisor guest address translation and protection (the G-stage root, [`crate::satp`]).
pub const HGATP: u16 = 0x680;
/// Hypervisor guest external interrupt pending (read-only).
pub const HGEIP: u16 = 0xe12;
/// Supervisor count overflow (Sscofpmf, read-only): the mhpmevent OF bits.
pub const SCOUNTOVF: u16 = 0xda0;

// ---------------------------------------------------------------------------
// Machine level.

/// Vendor ID (read-only).
pub const MVENDORID: u16 = 0xf11;
/// Architecture ID (read-only).
pub const MARCHID: u16 = 0xf12;
/// Implementation ID (read-only).
pub const MIMPID: u16 = 0xf13;
/// Hardware thread ID (read-only).
pub const MHARTID: u16 = 0xf14;
/// Pointer to the configuration data structure (read-only).
pub const MCONFIGPTR: u16 = 0xf15;
/// Machine status ([`crate::status::Mstatus`]).
pub const MSTATUS: u16 = 0x300;
/// ISA and extensions ([`crate::misa`]).
pub const MISA: u16 = 0x301;
/// Machine exception delegation: bit `code` sends that exception to HS/S-mode.
pub const MEDELEG: u16 = 0x302;
/// Machine interrupt delegation ([`crate::interrupts::Mip`] positions).
pub const MIDELEG: u16 = 0x303;
/// Machine interrupt enable ([`crate::interrupts::Mip`] positions).
pub const MIE: u16 = 0x304;
/// Machine trap vector base address.
pub const MTVEC: u16 = 0x305;
/// Machine counter enable ([`crate::counteren::Counteren`]).
pub const MCOUNTEREN: u16 = 0x306;
/// Machine environment configuration ([`crate::envcfg::Envcfg`]).
pub const MENVCFG: u16 = 0x30a;
/// Machine counter inhibit ([`crate::counteren::Counteren`] positions).
pub const MCOUNTINHIBIT: u16 = 0x320;
/// Machine state enable 0 (Smstateen; 1-3 follow): the lower levels'
/// access to extension state ([`crate::stateen::Stateen0`]).
pub const MSTATEEN0: u16 = 0x30c;
/// The first machine performance-monitoring event selector, mhpmevent3.
pub const MHPMEVENT3: u16 = 0x323;
/// The last machine performance-monitoring event selector, mhpmevent31.
pub const MHPMEVENT31: u16 = 0x33f;
/// Machine scratch register.
pub const MSCRATCH: u16 = 0x340;
/// Machine exception program counter.
pub const MEPC: u16 = 0x341;
/// Machine trap cause ([`crate::trap`]).
pub const MCAUSE: u16 = 0x342;
/// Machine trap value.
pub const MTVAL: u16 = 0x343;
/// Machine interrupt pending ([`crate::interrupts::Mip`]).
pub const MIP: u16 = 0x344;
/// Machine trap instruction (transformed).
pub const MTINST: u16 = 0x34a;
/// Machine second trap value: the faulting guest physical address >> 2.
pub const MTVAL2: u16 = 0x34b;
/// Physical memory protection configuration 0 (entries 0-7 on RV64; see [`pmpcfg`]).
pub const PMPCFG0: u16 = 0x3a0;
/// The last PMP configuration register number, pmpcfg15.
pub const PMPCFG15: u16 = 0x3af;
/// PMP address register 0 (see [`pmpaddr`]).
pub const PMPADDR0: u16 = 0x3b0;
/// The last PMP address register number, pmpaddr63.
pub const PMPADDR63: u16 = 0x3ef;
/// Machine cycle counter.
pub const MCYCLE: u16 = 0xb00;
/// Machine instructions-retired counter.
pub const MINSTRET: u16 = 0xb02;
/// The first machine performance-monitoring counter, mhpmcounter3.
pub const MHPMCOUNTER3: u16 = 0xb03;
/// The last machine performance-monitoring counter, mhpmcounter31.
pub const MHPMCOUNTER31: u16 = 0xb1f;
/// Machine security configuration (Smepmp).
pub const MSECCFG: u16 = 0x747;

/// The number of pmpcfg`n` (0 <= n <= 15; odd ones do not exist on RV64).
pub const fn pmpcfg(n: u16) -> u16 {
    PMPCFG0 + n
}

/// The number of pmpaddr`n` (0 <= n <= 63).
pub const fn pmpaddr(n: u16) -> u16 {
    PMPADDR0 + n
}

// ---------------------------------------------------------------------------
// Debug: the Sdtrig trigger module (machine level, read/write).

/// Trigger select.
pub const TSELECT: u16 = 0x7a0;
/// Trigger data 1 (type and configuration of the selected trigger).
pub const TDATA1: u16 = 0x7a1;
/// Trigger data 2 (its compare value).
pub const TDATA2: u16 = 0x7a2;
/// Trigger data 3.
pub const TDATA3: u16 = 0x7a3;
/// Trigger info: the types the selected trigger supports.
pub const TINFO: u16 = 0x7a4;

#[cfg(test)]
mod tests {
    use super::*;

    /// Bits `[11:10]` = 0b11 mark a read-only CSR; `[9:8]` the lowest privilege
    /// level that may access it (0 U, 1 S, 2 HS/VS, 3 M).
    #[test]
    fn numbers_encode_access_and_level() {
        let level = |n: u16| (n >> 8) & 3;
        let read_only = |n: u16| n >> 10 == 3;
        for n in [CYCLE, TIME, INSTRET, HPMCOUNTER31] {
            assert!(read_only(n) && level(n) == 0);
        }
        for n in [SSTATUS, SIE, STVEC, SATP, STIMECMP, SENVCFG] {
            assert_eq!(level(n), 1);
        }
        for n in [VSSTATUS, VSATP, HSTATUS, HGATP, HVIP, HENVCFG, HTINST] {
            assert_eq!(level(n), 2);
        }
        assert!(read_only(HGEIP) && level(HGEIP) == 2);
        for n in [MSTATUS, MIP, MTVAL2, MENVCFG, PMPADDR63, MCYCLE, TSELECT, MSECCFG] {
            assert_eq!(level(n), 3);
        }
        for n in [MVENDORID, MARCHID, MIMPID, MHARTID, MCONFIGPTR] {
            assert!(read_only(n) && level(n) == 3);
        }
    }

    /// Spot checks against the spec's CSR listing.
    #[test]
    fn spec_numbers() {
        assert_eq!(FCSR, 0x003);
        assert_eq!(hpmcounter(31), HPMCOUNTER31);
        assert_eq!(SATP, 0x180);
        assert_eq!(VSSTATUS - SSTATUS, 0x100);
        assert_eq!(VSATP - SATP, 0x100);
        assert_eq!(HSTATUS, 0x600);
        assert_eq!(HGATP, 0x680);
        assert_eq!(HTINST, 0x64a);
        assert_eq!(MTVAL2, 0x34b);
        assert_eq!(pmpcfg(15), PMPCFG15);
        assert_eq!(pmpaddr(63), PMPADDR63);
        assert_eq!(MHPMCOUNTER31 - MHPMCOUNTER3, 28);
        assert_eq!(MHPMEVENT31 - MHPMEVENT3, 28);
        assert_eq!((MSTATEEN0, HSTATEEN0, SSTATEEN0, SCOUNTOVF), (0x30c, 0x60c, 0x10c, 0xda0));
    }
}
