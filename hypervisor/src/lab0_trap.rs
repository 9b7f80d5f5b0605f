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

extern "C" {
    pub fn host_trap_vector();
}

pub fn init() {
    csr_write!("stvec", host_trap_vector as *const () as u64);
    // No interrupts while the hypervisor itself runs.
    csr_clear!("sstatus", crate::lab0_csr::SSTATUS_SIE);
}

#[no_mangle]
extern "C" fn host_trap() -> ! {
    fatal!(
        "trap in the hypervisor itself: scause {:#x} sepc {:#x} stval {:#x}",
        csr_read!("scause"), csr_read!("sepc"), csr_read!("stval")
    )
}
