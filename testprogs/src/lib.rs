//! Bare-metal RISC-V test programs in the style of riscv-tests (env/p), plus
//! `sbi_hello`, an S-mode SBI payload.
//!
//! Each self-checking program is one binary in `src/bin/`, written in
//! assembly (`asm/<name>.s`) on top of the shared environment
//! `env/riscv_test.s`: it is linked at 0x8000_0000, entered in M-mode, and
//! reports through the HTIF `tohost` word: 1 = pass, `(testnum << 1) | 1` =
//! test `testnum` failed. QEMU's `-M spike` machine and hemu both watch
//! `tohost`, so `qemu-system-riscv64 -M spike -bios prog` exits with status 0
//! on success and `testnum` on failure.
#![cfg_attr(target_os = "none", no_std)]

pub mod bench;

/// Defines a test program binary from `asm/<file>` and the shared environment,
/// after the `.equ` names of `defs`'s constants (`$OUT_DIR/defs.s`, written by
/// build.rs: `MSTATUS_MPRV`, `HSTATUS_SPV`, `MIP_STIP`, `CAUSE_ILLEGAL_INSTRUCTION`,
/// `IRQ_SUPERVISOR_TIMER`, `PTE_V`, `SATP_SV39`, `PRV_S`, ...).
/// On the host it expands to an empty `main` so the workspace builds.
#[macro_export]
macro_rules! program {
    ($file:literal) => {
        #[cfg(target_os = "none")]
        core::arch::global_asm!(
            include_str!(concat!(env!("OUT_DIR"), "/defs.s")),
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/env/riscv_test.s")),
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/env/htif.s")),
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/asm/", $file)),
            options(raw)
        );

        $crate::bare_metal_ends!();
    };
}

/// What every program binary needs besides its code: a panic handler on
/// the RISC-V target (a panic spins), an empty `main` on the host.
#[macro_export]
macro_rules! bare_metal_ends {
    () => {
        #[cfg(target_os = "none")]
        #[panic_handler]
        fn panic(_: &core::panic::PanicInfo) -> ! {
            loop {}
        }

        #[cfg(not(target_os = "none"))]
        fn main() {}
    };
}
