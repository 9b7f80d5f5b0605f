//! hemu-sbi: hemu's M-mode firmware. It implements the RISC-V SBI v2.0
//! (BASE, TIME, IPI, RFENCE, HSM, SRST, DBCN and the legacy console/timer/
//! shutdown calls) for one hart, and boots the next stage in S-mode (HS-mode
//! when the hart has the H extension): at the address the boot ROM's
//! fw_dynamic info block (a2) names, as OpenSBI's fw_dynamic, else at
//! 0x8020_0000 as OpenSBI's fw_jump.
//!
//! Boot flow: `entry.rs` (_start: stack, BSS, trap vector) -> `boot.rs`
//! (device tree, PMP, delegation, banner, mret). Afterwards every trap that
//! reaches M-mode goes through `trap.rs`, which serves SBI calls (`sbi/`),
//! forwards the machine timer to the supervisor and redirects the exceptions
//! M-mode keeps (illegal instruction, access faults) to the right S level.
//!
//! On the host this crate is only a stub (plus unit tests of the pure parts),
//! so `cargo build --workspace` and clippy work.
#![cfg_attr(target_os = "none", no_std, no_main)]
#![cfg_attr(not(target_os = "none"), allow(dead_code))]

mod devices;
mod fdt;
mod fw_dynamic;

#[cfg(target_os = "none")]
mod boot;
#[cfg(target_os = "none")]
mod console;
#[cfg(target_os = "none")]
mod entry;
#[cfg(target_os = "none")]
mod platform;
#[cfg(target_os = "none")]
mod sbi;
#[cfg(target_os = "none")]
mod trap;

/// Where the next stage (kernel or hypervisor) starts when the previous
/// stage passes no fw_dynamic info block, as with OpenSBI's fw_jump on
/// QEMU's virt machine.
pub const NEXT_STAGE_ADDR: u64 = 0x8020_0000;

/// The firmware's name as printed in the banner.
pub const NAME: &str = "hemu-sbi";

#[cfg(target_os = "none")]
#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    console::println!("\n{NAME}: firmware panic: {info}");
    platform::finish(platform::Finish::Fail(2))
}

#[cfg(not(target_os = "none"))]
fn main() {
    println!("{NAME} is a RISC-V firmware: build it with --target riscv64gc-unknown-none-elf");
}
