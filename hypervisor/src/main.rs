//! A teaching hypervisor for RISC-V (HS-mode, H extension), in the style of xv6-riscv and
//! rCore-Tutorial. Read it lab by lab; each `labN_*` module starts with a doc comment saying
//! what it shows. `hv_main` below is the whole story in order.
//!
//! The crate also builds on the host (as an empty program) so `cargo build` of the workspace
//! works; everything real is compiled only for `target_os = "none"`.
#![cfg_attr(target_os = "none", no_std, no_main)]

#[cfg(not(target_os = "none"))]
fn main() {
    eprintln!("the hypervisor only runs on riscv64gc-unknown-none-elf (see hypervisor/README.md)");
}

// Lab 0: the framework every later lab stands on.
#[cfg(target_os = "none")]
#[macro_use]
mod lab0_console;
#[cfg(target_os = "none")]
mod lab0_cell;
#[cfg(target_os = "none")]
mod lab0_csr;
#[cfg(target_os = "none")]
mod lab0_boot;
#[cfg(target_os = "none")]
mod lab0_fdt;
#[cfg(target_os = "none")]
mod lab0_frames;
#[cfg(target_os = "none")]
mod lab0_sbi;
#[cfg(target_os = "none")]
mod lab0_trap;
// Lab 1: enter and leave the guest; the run loop; serve its SBI calls.
#[cfg(target_os = "none")]
mod lab1_guest_console;
#[cfg(target_os = "none")]
mod lab1_run;
#[cfg(target_os = "none")]
mod lab1_sbi_server;
#[cfg(target_os = "none")]
mod lab1_switch;
#[cfg(target_os = "none")]
mod lab1_vcpu;
// Lab 2: exceptions the guest handles itself (delegated or injected).
#[cfg(target_os = "none")]
mod lab2_exceptions;
// Lab 3: interrupts (guest timer, host tick, UART receive through the PLIC).
#[cfg(target_os = "none")]
mod lab3_interrupts;
// Lab 4: guest memory (G-stage) and MMIO emulation of a 16550.
#[cfg_attr(not(target_os = "none"), allow(dead_code))]
mod lab4_decode;
#[cfg(target_os = "none")]
mod lab4_gstage;
#[cfg(target_os = "none")]
mod lab4_mmio;
#[cfg(target_os = "none")]
mod lab4_uart16550;
// Lab 5: several guests, VMIDs, time slicing.
#[cfg(target_os = "none")]
mod lab5_scheduler;

#[cfg(target_os = "none")]
mod boot {
    use crate::*;

    /// The boot options, read from the device tree's /chosen/bootargs
    /// (QEMU: `-append "illegal=delegate guests=1"`).
    pub struct Options {
        /// Lab 2: `illegal=delegate` sets hedeleg bit 2; the default `illegal=inject` leaves it
        /// clear so illegal instructions come to HS and are injected by `lab2_exceptions`.
        pub delegate_illegal: bool,
        /// Lab 3: `sstc=off` ignores Sstc and drives the guest timer through hvip.VSTIP.
        pub allow_sstc: bool,
        /// Lab 5: `guests=1` or `guests=2` (default 2).
        pub guests: usize,
    }

    fn parse_options(bootargs: &str) -> Options {
        let mut o = Options { delegate_illegal: false, allow_sstc: true, guests: 2 };
        for word in bootargs.split_ascii_whitespace() {
            match word {
                "illegal=delegate" => o.delegate_illegal = true,
                "illegal=inject" => o.delegate_illegal = false,
                "sstc=off" => o.allow_sstc = false,
                "guests=1" => o.guests = 1,
                "guests=2" => o.guests = 2,
                _ => {}
            }
        }
        o
    }

    /// Entered from `_start` (lab0_boot) with the SBI boot arguments: a0 = hart id, a1 = device tree.
    #[no_mangle]
    extern "C" fn hv_main(hartid: u64, fdt: u64) -> ! {
        lab0_sbi::init();
        lab0_trap::init();
        hv!("RISC-V teaching hypervisor, HS-mode, hart {hartid}, device tree at {fdt:#x}");
        lab0_sbi::report();

        // Lab 0: platform facts come from the device tree, never from constants.
        let platform = match lab0_fdt::parse(fdt, hartid) {
            Ok(p) => p,
            Err(e) => fatal!("cannot parse the device tree: {e}"),
        };
        platform.report();
        if !platform.has_h_extension() {
            fatal!("riscv,isa = \"{}\" has no 'h': run QEMU with -cpu rv64,h=true", platform.isa);
        }
        let opts = parse_options(platform.bootargs);
        lab0_frames::init(&platform);

        // Lab 2: which exceptions go straight to the guest (hedeleg) and which VS interrupts (hideleg).
        lab2_exceptions::setup(opts.delegate_illegal);
        // Lab 3: the timer mechanism for guests (Sstc or hvip), and the host's own interrupts.
        lab3_interrupts::setup(&platform, opts.allow_sstc);
        // Lab 5: VMIDs, then the guests themselves (lab 4 builds their memory).
        let vmid_bits = lab5_scheduler::detect_vmid_bits();
        let mut guests = lab5_scheduler::create_guests(opts.guests, vmid_bits, &platform);
        // Lab 1's run loop, with lab 5's scheduler around it.
        lab5_scheduler::Scheduler::new(&mut guests[..opts.guests]).run()
    }
}
