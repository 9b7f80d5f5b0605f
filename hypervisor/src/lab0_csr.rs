//! Lab 0: reading and writing CSRs by name (`csrr`/`csrw`/`csrs`/`csrc`), and the CSR field
//! constants the later labs use. Names follow the privileged spec (H extension chapter).

/// `csr_read!("hstatus")` -> u64
macro_rules! csr_read {
    ($csr:literal) => {{
        let v: u64;
        // SAFETY: reading a CSR has no memory effects.
        unsafe { core::arch::asm!(concat!("csrr {0}, ", $csr), out(reg) v) };
        v
    }};
}
/// `csr_write!("hstatus", value)`
macro_rules! csr_write {
    ($csr:literal, $v:expr) => {{
        let v: u64 = $v;
        // SAFETY: the caller names the CSR; the hypervisor owns all HS-level state.
        unsafe { core::arch::asm!(concat!("csrw ", $csr, ", {0}"), in(reg) v) };
    }};
}
/// `csr_set!("sie", bits)`: set the given bits.
macro_rules! csr_set {
    ($csr:literal, $v:expr) => {{
        let v: u64 = $v;
        unsafe { core::arch::asm!(concat!("csrs ", $csr, ", {0}"), in(reg) v) };
    }};
}
/// `csr_clear!("sie", bits)`: clear the given bits.
macro_rules! csr_clear {
    ($csr:literal, $v:expr) => {{
        let v: u64 = $v;
        unsafe { core::arch::asm!(concat!("csrc ", $csr, ", {0}"), in(reg) v) };
    }};
}

// sstatus fields (HS view)
pub const SSTATUS_SIE: u64 = 1 << 1;
pub const SSTATUS_SPIE: u64 = 1 << 5;
pub const SSTATUS_SPP: u64 = 1 << 8;

// hstatus fields
/// hstatus.GVA: stval holds a guest virtual address.
pub const HSTATUS_GVA: u64 = 1 << 6;
/// hstatus.SPV: the privilege before the trap was virtual (V=1); sret returns to V=SPV.
pub const HSTATUS_SPV: u64 = 1 << 7;
/// hstatus.SPVP: the guest's nominal privilege (1 = VS) used by HLV/HSV and set on traps from V=1.
pub const HSTATUS_SPVP: u64 = 1 << 8;
/// hstatus.VTW: WFI in VS-mode raises a virtual-instruction exception.
pub const HSTATUS_VTW: u64 = 1 << 21;

// interrupt bits in sip/sie/hvip/hideleg
pub const IRQ_S_TIMER: u64 = 5;
pub const IRQ_S_EXTERNAL: u64 = 9;
pub const HVIP_VSSIP: u64 = 1 << 2;
pub const HVIP_VSTIP: u64 = 1 << 6;
pub const HVIP_VSEIP: u64 = 1 << 10;

// scause values: bit 63 set for an interrupt (the rest is the interrupt code, as the bit
// numbers above), clear for an exception with these codes (privileged spec, scause table).
pub const INTERRUPT_BIT: u64 = 1 << 63;
pub const INSTRUCTION_MISALIGNED: u64 = 0;
pub const INSTRUCTION_ACCESS_FAULT: u64 = 1;
pub const ILLEGAL_INSTRUCTION: u64 = 2;
pub const BREAKPOINT: u64 = 3;
pub const LOAD_MISALIGNED: u64 = 4;
pub const LOAD_ACCESS_FAULT: u64 = 5;
pub const STORE_MISALIGNED: u64 = 6;
pub const STORE_ACCESS_FAULT: u64 = 7;
pub const ECALL_FROM_U: u64 = 8;
pub const ECALL_FROM_VS: u64 = 10;
pub const INSTRUCTION_PAGE_FAULT: u64 = 12;
pub const LOAD_PAGE_FAULT: u64 = 13;
pub const STORE_PAGE_FAULT: u64 = 15;
pub const INSTRUCTION_GUEST_PAGE_FAULT: u64 = 20;
pub const LOAD_GUEST_PAGE_FAULT: u64 = 21;
pub const VIRTUAL_INSTRUCTION: u64 = 22;
pub const STORE_GUEST_PAGE_FAULT: u64 = 23;

/// henvcfg.STCE: Sstc's vstimecmp is active for VS-mode (writable only if the firmware set menvcfg.STCE).
pub const HENVCFG_STCE: u64 = 1 << 63;

/// The time CSR (Zicntr); its rate is the device tree's timebase-frequency.
pub fn time() -> u64 {
    csr_read!("time")
}
