//! CSR numbers, field bits and access macros used by the firmware.

/// Reads a CSR given by its number.
macro_rules! read {
    ($csr:expr) => {{
        let value: u64;
        // SAFETY: reading a CSR has no memory effects; the firmware only
        // names CSRs that exist on the hart it runs on (or guards the access).
        unsafe { core::arch::asm!("csrr {0}, {1}", out(reg) value, const $csr) };
        value
    }};
}

/// Writes a CSR given by its number.
macro_rules! write {
    ($csr:expr, $value:expr) => {{
        let value: u64 = $value;
        // SAFETY: M-mode firmware owns the hart's configuration.
        unsafe { core::arch::asm!("csrw {1}, {0}", in(reg) value, const $csr) };
    }};
}

/// Sets bits in a CSR.
macro_rules! set {
    ($csr:expr, $bits:expr) => {{
        let bits: u64 = $bits;
        // SAFETY: as for `write!`.
        unsafe { core::arch::asm!("csrs {1}, {0}", in(reg) bits, const $csr) };
    }};
}

/// Clears bits in a CSR.
macro_rules! clear {
    ($csr:expr, $bits:expr) => {{
        let bits: u64 = $bits;
        // SAFETY: as for `write!`.
        unsafe { core::arch::asm!("csrc {1}, {0}", in(reg) bits, const $csr) };
    }};
}

pub(crate) use {clear, read, set, write};

// Supervisor-level CSRs.
pub const SIE: u16 = 0x104;
pub const STVEC: u16 = 0x105;
pub const SSCRATCH: u16 = 0x140;
pub const SEPC: u16 = 0x141;
pub const SCAUSE: u16 = 0x142;
pub const STVAL: u16 = 0x143;
pub const STIMECMP: u16 = 0x14D;
pub const SATP: u16 = 0x180;

// Virtual-supervisor CSRs (H extension).
pub const VSSTATUS: u16 = 0x200;
pub const VSTVEC: u16 = 0x205;
pub const VSEPC: u16 = 0x241;
pub const VSCAUSE: u16 = 0x242;
pub const VSTVAL: u16 = 0x243;

// Hypervisor CSRs.
pub const HSTATUS: u16 = 0x600;
pub const HEDELEG: u16 = 0x602;
pub const HTVAL: u16 = 0x643;
pub const HTINST: u16 = 0x64A;

// Machine CSRs.
pub const MVENDORID: u16 = 0xF11;
pub const MARCHID: u16 = 0xF12;
pub const MIMPID: u16 = 0xF13;
pub const MHARTID: u16 = 0xF14;
pub const MSTATUS: u16 = 0x300;
pub const MISA: u16 = 0x301;
pub const MEDELEG: u16 = 0x302;
pub const MIDELEG: u16 = 0x303;
pub const MIE: u16 = 0x304;
pub const MCOUNTEREN: u16 = 0x306;
pub const MENVCFG: u16 = 0x30A;
pub const MEPC: u16 = 0x341;
pub const MCAUSE: u16 = 0x342;
pub const MTVAL: u16 = 0x343;
pub const MIP: u16 = 0x344;
pub const MTINST: u16 = 0x34A;
pub const MTVAL2: u16 = 0x34B;
pub const PMPCFG0: u16 = 0x3A0;
pub const PMPADDR0: u16 = 0x3B0;
pub const PMPADDR1: u16 = 0x3B1;

// mstatus / sstatus / vsstatus fields.
pub const STATUS_SIE: u64 = 1 << 1;
pub const STATUS_SPIE: u64 = 1 << 5;
pub const STATUS_MPIE: u64 = 1 << 7;
pub const STATUS_SPP: u64 = 1 << 8;
pub const STATUS_MPP_SHIFT: u32 = 11;
pub const STATUS_MPP: u64 = 3 << STATUS_MPP_SHIFT;
pub const STATUS_FS_INITIAL: u64 = 1 << 13;
pub const STATUS_GVA: u64 = 1 << 38;
pub const STATUS_MPV: u64 = 1 << 39;

// hstatus fields.
pub const HSTATUS_GVA: u64 = 1 << 6;
pub const HSTATUS_SPV: u64 = 1 << 7;
pub const HSTATUS_SPVP: u64 = 1 << 8;

// mip / mie bits.
pub const IP_SSIP: u64 = 1 << 1;
pub const IP_STIP: u64 = 1 << 5;
pub const IP_MTIP: u64 = 1 << 7;
pub const IP_SEIP: u64 = 1 << 9;

/// menvcfg.STCE (bit 63): enables the Sstc stimecmp/vstimecmp registers for
/// S-mode and makes mip.STIP follow `time >= stimecmp`.
pub const MENVCFG_STCE: u64 = 1 << 63;

// Privilege levels as encoded in mstatus.MPP.
pub const PRV_U: u64 = 0;
pub const PRV_S: u64 = 1;
pub const PRV_M: u64 = 3;

// Exception causes (mcause with the interrupt bit clear).
pub const CAUSE_SUPERVISOR_ECALL: u64 = 9;
pub const CAUSE_MISALIGNED_FETCH: u64 = 0;
pub const CAUSE_BREAKPOINT: u64 = 3;
pub const CAUSE_USER_ECALL: u64 = 8;
pub const CAUSE_VIRTUAL_SUPERVISOR_ECALL: u64 = 10;
pub const CAUSE_FETCH_PAGE_FAULT: u64 = 12;
pub const CAUSE_LOAD_PAGE_FAULT: u64 = 13;
pub const CAUSE_STORE_PAGE_FAULT: u64 = 15;
pub const CAUSE_FETCH_GUEST_PAGE_FAULT: u64 = 20;
pub const CAUSE_LOAD_GUEST_PAGE_FAULT: u64 = 21;
pub const CAUSE_VIRTUAL_INSTRUCTION: u64 = 22;
pub const CAUSE_STORE_GUEST_PAGE_FAULT: u64 = 23;

// Interrupt causes (mcause with the interrupt bit set).
pub const IRQ_M_SOFT: u64 = 3;
pub const IRQ_M_TIMER: u64 = 7;

/// True when misa has the extension `letter` (e.g. b'H').
pub fn misa_has(letter: u8) -> bool {
    let bit = letter.to_ascii_uppercase().wrapping_sub(b'A');
    bit < 26 && read!(MISA) & (1 << bit) != 0
}
