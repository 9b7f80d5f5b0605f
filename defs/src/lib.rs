//! RISC-V definitions shared by the emulator (hemu), the firmware, the teaching
//! hypervisor and the guest: one source of truth for the numbers the privileged
//! spec and the SBI spec fix.
//!
//! - [`csr`]: CSR numbers, grouped by privilege level, and (on RISC-V only)
//!   the one way our RISC-V programs read and write CSRs;
//! - [`status`]: mstatus and its S-level view sstatus/vsstatus;
//! - [`hstatus`]: the hypervisor status register;
//! - [`interrupts`]: the interrupt bits of mip/mie, sip/sie, hip/hie, hvip,
//!   mideleg/hideleg;
//! - [`envcfg`], [`stateen`], [`counteren`], [`satp`], [`pmp`], [`misa`]: the other CSRs.
//!   fields;
//! - [`trap`]: `Exception` and `Interrupt` with their cause codes;
//! - [`privilege`]: privilege levels as encoded in mstatus.MPP/SPP;
//! - [`pte`]: page-table entry flags (VS-stage and G-stage);
//! - [`sbi`]: SBI extension ids, function ids and error codes;
//! - [`cell`]: `ExclusiveCell` and `ValueCell`, global state without `static mut` for the
//!   single-hart RISC-V programs (the hypervisor and the guest kernel).
//!
//! Multi-bit fields are typed accessors on the register's bitflags type
//! (`Mstatus::mpp`, `Hstatus::vgein`, ...) so no caller shifts or masks by hand.
#![no_std]

pub mod cell;
pub mod counteren;
pub mod csr;
pub mod envcfg;
pub mod hstatus;
pub mod interrupts;
pub mod misa;
pub mod pmp;
pub mod privilege;
pub mod pte;
pub mod satp;
pub mod sbi;
pub mod stateen;
pub mod status;
pub mod trap;

pub use privilege::Privilege;
pub use trap::{Exception, Interrupt};
