//! Lab 0: the hypervisor's own trap vector. The hypervisor runs with sstatus.SIE = 0, so it
//! never takes an interrupt while it runs itself; interrupts reach it only as guest exits
//! (lab 1's `guest_exit`, installed in stvec while a guest runs). So a trap landing here is an
//! exception in hypervisor code: report it and stop.

core::arch::global_asm!(
    r#"
    .text
    .align 4
    .globl host_trap_vector
host_trap_vector:
    call host_trap              # reports scause/sepc/stval and powers off; never returns
"#
);

use defs::csr::{self, SCAUSE, SEPC, SSTATUS, STVAL, STVEC};
use defs::status::Sstatus;

extern "C" {
    pub fn host_trap_vector();
}

/// Lab 0-2: stvec = the hypervisor's own trap vector, before anything can trap.
#[cfg(not(feature = "exercise-lab0-stvec"))]
pub fn init() {
    // SAFETY: host_trap_vector is 16-byte aligned code (MODE = Direct) that never returns; with
    // sstatus.SIE = 0 the hypervisor takes no interrupt while it runs itself.
    unsafe {
        csr::write::<STVEC>(host_trap_vector as *const () as u64);
        csr::clear::<SSTATUS>(Sstatus::SIE.bits());
    }
}

/// Lab 0-2, the exercise (`--features exercise-lab0`): this starting point leaves stvec as the
/// firmware left it (the entry point, 0x80200000), so a trap in the hypervisor would start it
/// again from `_start`. `hemu grade lab0` says so.
#[cfg(feature = "exercise-lab0-stvec")]
pub fn init() {
    // TODO(lab 0-2): where must a trap taken in HS-mode go? Write the address of
    // `host_trap_vector` to stvec (MODE = 0, Direct: its low two bits are 0).
    let _ = (STVEC, host_trap_vector as *const ());
    // SAFETY: with sstatus.SIE = 0 the hypervisor takes no interrupt while it runs itself.
    unsafe { csr::clear::<SSTATUS>(Sstatus::SIE.bits()) };
}

#[no_mangle]
extern "C" fn host_trap() -> ! {
    fatal!(
        "trap in the hypervisor itself: scause {:#x} sepc {:#x} stval {:#x}",
        csr::read::<SCAUSE>(), csr::read::<SEPC>(), csr::read::<STVAL>()
    )
}
