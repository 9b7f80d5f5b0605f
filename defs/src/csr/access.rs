//! CSR access for the RISC-V programs (firmware, hypervisor, guest): one
//! generic function per CSR instruction, with the CSR number as a const
//! generic argument that becomes the instruction's immediate (an `asm!`
//! `const` operand), so a wrong name is a compile error and no code is
//! generated beyond the single instruction.
//!
//! ```ignore
//! use defs::csr::{self, HSTATUS, SIE};
//! use defs::hstatus::Hstatus;
//! use defs::interrupts::Mip;
//!
//! let hstatus = Hstatus::from_bits_retain(csr::read::<HSTATUS>());
//! // SAFETY: enabling the supervisor timer interrupt; the trap vector is set.
//! unsafe { csr::set::<SIE>(Mip::STIP.bits()) };
//! // A number from an expression needs braces: csr::read::<{ csr::pmpaddr(1) }>()
//! ```
//!
//! Reading is safe: it has no memory effects (hemu's and the spec's CSRs have
//! no read side effects; a CSR the hart lacks raises an illegal-instruction
//! exception, which is a trap, not undefined behaviour). Every write is
//! `unsafe`: a CSR write can change address translation (satp, hgatp,
//! mstatus.MPRV), where traps go (xtvec) or what an xRET jumps to, so the
//! caller states why its write keeps the program sound.

use core::arch::asm;

/// Reads CSR `CSR` (`csrr`).
#[inline(always)]
pub fn read<const CSR: u16>() -> u64 {
    let value: u64;
    // SAFETY: reading a CSR has no memory effects (see the module doc).
    unsafe { asm!("csrr {0}, {1}", out(reg) value, const CSR, options(nostack)) };
    value
}

/// Writes `value` to CSR `CSR` (`csrw`).
///
/// # Safety
/// The new value must keep memory accesses, traps and control flow sound
/// (address translation, trap vectors, return addresses of xRET).
#[inline(always)]
pub unsafe fn write<const CSR: u16>(value: u64) {
    // SAFETY: the caller's contract.
    unsafe { asm!("csrw {1}, {0}", in(reg) value, const CSR, options(nostack)) };
}

/// Sets the bits `mask` in CSR `CSR` (`csrs`).
///
/// # Safety
/// As for [`write`].
#[inline(always)]
pub unsafe fn set<const CSR: u16>(mask: u64) {
    // SAFETY: the caller's contract.
    unsafe { asm!("csrs {1}, {0}", in(reg) mask, const CSR, options(nostack)) };
}

/// Clears the bits `mask` in CSR `CSR` (`csrc`).
///
/// # Safety
/// As for [`write`].
#[inline(always)]
pub unsafe fn clear<const CSR: u16>(mask: u64) {
    // SAFETY: the caller's contract.
    unsafe { asm!("csrc {1}, {0}", in(reg) mask, const CSR, options(nostack)) };
}

/// Writes `value` to CSR `CSR` and returns its old value, atomically (`csrrw`).
///
/// # Safety
/// As for [`write`].
#[inline(always)]
pub unsafe fn swap<const CSR: u16>(value: u64) -> u64 {
    let old: u64;
    // SAFETY: the caller's contract.
    unsafe { asm!("csrrw {0}, {2}, {1}", out(reg) old, in(reg) value, const CSR, options(nostack)) };
    old
}

/// Sets the bits `mask` in CSR `CSR` and returns its old value (`csrrs`).
///
/// # Safety
/// As for [`write`].
#[inline(always)]
pub unsafe fn read_set<const CSR: u16>(mask: u64) -> u64 {
    let old: u64;
    // SAFETY: the caller's contract.
    unsafe { asm!("csrrs {0}, {2}, {1}", out(reg) old, in(reg) mask, const CSR, options(nostack)) };
    old
}

/// Clears the bits `mask` in CSR `CSR` and returns its old value (`csrrc`).
///
/// # Safety
/// As for [`write`].
#[inline(always)]
pub unsafe fn read_clear<const CSR: u16>(mask: u64) -> u64 {
    let old: u64;
    // SAFETY: the caller's contract.
    unsafe { asm!("csrrc {0}, {2}, {1}", out(reg) old, in(reg) mask, const CSR, options(nostack)) };
    old
}
