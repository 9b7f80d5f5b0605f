//! Lab 0: CSRs, the hart's control registers, and their fields. The numbers and fields come
//! from the `defs` crate, which the firmware and the guest use too, so all three programs name
//! them the same way, as the privileged spec does:
//!
//! ```ignore
//! use defs::csr::{self, HSTATUS, SIE};
//! use defs::hstatus::Hstatus;
//! use defs::interrupts::Mip;
//!
//! let hstatus = Hstatus::from_bits_retain(csr::read::<HSTATUS>());  // csrr
//! // SAFETY: (why this write keeps the hypervisor sound)
//! unsafe { csr::set::<SIE>(Mip::STIP.bits()) };                   // csrs
//! ```
//!
//! * `csr::read::<N>()` is one `csrr` (the CSR number is the instruction's immediate); it is
//!   safe, since reading a CSR has no effect on memory.
//! * `csr::write`, `csr::set` and `csr::clear` (`csrw`/`csrs`/`csrc`) are `unsafe`: a CSR write
//!   can change where traps go (stvec), what `sret` does (sepc, sstatus, hstatus), how memory
//!   is translated (hgatp, vsatp) or which interrupts arrive (sie, hvip), so each one says why
//!   it keeps the hypervisor sound.
//! * Fields are `bitflags` types named after their register: `Sstatus::SPP`, `Hstatus::SPV`,
//!   `Mip::VSTIP` (the bit positions shared by sip/sie/hip/hie/hvip/hideleg), `Envcfg::STCE`,
//!   `Counteren::TM`; `.bits()` gives the value to write.
//! * scause is decoded with `Cause::from_xcause` into an `Exception` or an `Interrupt`, whose
//!   `bit()` is also its bit in hedeleg/hideleg.

use defs::csr::{self, TIME};

/// The time CSR (Zicntr); its rate is the device tree's timebase-frequency.
pub fn time() -> u64 {
    csr::read::<TIME>()
}
