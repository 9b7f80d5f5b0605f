//! Cold boot in Rust: read the device tree, set up the hart for the supervisor
//! (counters, Sstc, PMP, delegation), print the banner and enter the next
//! stage with mret.

use crate::console::{self, println};
use crate::devices::{scan, Devices};
use crate::fdt::Fdt;
use crate::platform::{self, Platform};
use crate::{entry, fw_dynamic, NAME, NEXT_STAGE_ADDR};
use defs::csr::{self, *};
use defs::counteren::Counteren;
use defs::envcfg::Envcfg;
use defs::interrupts::Mip;
use defs::misa::{self, has as misa_has};
use defs::pmp::{AddressMatching, Pmpcfg};
use defs::stateen::Stateen0;
use defs::status::{Mstatus, Xlen};
use defs::{Exception, Privilege};

extern "C" {
    static _firmware_end: u8;
}

/// Exceptions delegated to S-mode, exactly as OpenSBI's `delegate_traps`:
/// misaligned fetch, breakpoint, ecall from U and the three page faults.
/// Illegal instruction, access faults and misaligned loads/stores stay in
/// M-mode and are redirected by `trap.rs`.
const MEDELEG_BASE: u64 = Exception::InstructionAddressMisaligned.bit()
    | Exception::Breakpoint.bit()
    | Exception::EcallFromU.bit()
    | Exception::InstructionPageFault.bit()
    | Exception::LoadPageFault.bit()
    | Exception::StorePageFault.bit();

/// With H, OpenSBI also lets HS-mode handle ecalls from VS-mode, the
/// guest-page faults and virtual-instruction exceptions.
const MEDELEG_H: u64 = Exception::EcallFromVS.bit()
    | Exception::InstructionGuestPageFault.bit()
    | Exception::LoadGuestPageFault.bit()
    | Exception::VirtualInstruction.bit()
    | Exception::StoreGuestPageFault.bit();

/// Supervisor software, timer and external interrupts go to S-mode. With H,
/// mideleg's VSSIP/VSTIP/VSEIP/SGEIP bits are read-only one (privileged spec,
/// "Hypervisor extension: mideleg"), so they need not be written.
const MIDELEG_BITS: Mip = Mip::S_LEVEL;

/// Rust entry from `_start` (entry.rs) with a0 = hartid, a1 = device tree,
/// a2 = the fw_dynamic info block (or 0).
#[no_mangle]
extern "C" fn hemu_sbi_boot(hartid: u64, fdt_addr: u64, fw_dynamic_info: u64) -> ! {
    // SAFETY: a1 points at the DTB the machine placed in RAM (or is not a
    // DTB, which the magic check rejects before reading more than 40 bytes
    // of it). The blob is never written.
    let fdt = unsafe { Fdt::from_addr(fdt_addr as usize) };
    let devices = match &fdt {
        Ok(fdt) => scan(fdt),
        Err(_) => Devices::virt_defaults(),
    };
    let fw_start = 0x8000_0000u64;
    // Only the address of this linker-script symbol is taken.
    let fw_end = core::ptr::addr_of!(_firmware_end) as u64;
    let has_h = misa_has(csr::read::<MISA>(), b'H');
    let probed = entry::probe_csrs();
    let has_sstc = probed.sstc;
    platform::set(Platform {
        uart: devices.uart,
        clint: devices.clint,
        finisher: devices.finisher,
        memory: devices.memory.unwrap_or((0x8000_0000, 128 << 20)),
        firmware: (fw_start, fw_end),
        has_h,
        has_sstc,
    });
    console::init();

    // SAFETY (this block): M-mode configures what the supervisor may use and
    // which traps go to it; none of this changes the firmware's own memory
    // view or trap vector.
    unsafe {
        // Counters: let S-mode read cycle/time/instret (and more, WARL).
        csr::write::<MCOUNTEREN>(u64::MAX);
        // ... and U-mode read cycle, time and instret, as OpenSBI leaves
        // scounteren (CY, TM, IR). Linux writes scounteren only from its SBI
        // PMU driver, so without this U-mode `rdtime` (the vDSO's
        // clock_gettime) is an illegal instruction.
        csr::write::<SCOUNTEREN>(Counteren::CY.union(Counteren::TM).union(Counteren::IR).bits());
        if has_sstc {
            // Sstc: S-mode programs its own timer through stimecmp.
            csr::set::<MENVCFG>(Envcfg::STCE.bits());
        }
        if probed.smstateen {
            // Smstateen: as OpenSBI does, let the supervisor reach
            // henvcfg/senvcfg (ENVCFG; Linux writes senvcfg for Zicboz) and
            // hstateen0/sstateen0 (SE0). Their lower copies start at zero,
            // as the spec asks of whoever sets mstateen bits.
            if has_h {
                csr::write::<HSTATEEN0>(0);
            }
            csr::write::<SSTATEEN0>(0);
            csr::set::<MSTATEEN0>(Stateen0::SE0.union(Stateen0::ENVCFG).bits());
        }
    }
    let pmp_size = setup_pmp(fw_start, fw_end);
    let medeleg = MEDELEG_BASE | if has_h { MEDELEG_H } else { 0 };
    // SAFETY: as above.
    unsafe {
        csr::write::<MEDELEG>(medeleg);
        // Sscofpmf: the counter-overflow interrupt goes to S-mode too, as
        // OpenSBI delegates it (Linux's perf handles it).
        let lcofi = if probed.sscofpmf { Mip::LCOFIP } else { Mip::empty() };
        csr::write::<MIDELEG>(MIDELEG_BITS.union(lcofi).bits());
        csr::write::<MIE>(0);
    }

    let next = next_stage(fw_dynamic_info);
    print_banner(&devices, fdt.is_ok(), hartid, fdt_addr, pmp_size, next, probed.smstateen);
    enter_next_stage(hartid, fdt_addr, next)
}

/// Where the next stage starts: the fw_dynamic block's next_addr when a2
/// points at one, else NEXT_STAGE_ADDR (fw_jump's convention).
fn next_stage(info_addr: u64) -> u64 {
    if info_addr == 0 || !info_addr.is_multiple_of(8) {
        return NEXT_STAGE_ADDR;
    }
    // SAFETY: a non-zero a2 is the previous stage's info block (QEMU's and
    // hemu's ROM put it next to the reset vector); only its first four
    // words are read, and nothing is trusted before the magic matches.
    let words: [u64; 4] = core::array::from_fn(|i| unsafe {
        core::ptr::read_volatile((info_addr as *const u64).add(i))
    });
    match fw_dynamic::parse(words) {
        Some(next) if next.mode == fw_dynamic::NEXT_MODE_S => next.addr,
        Some(next) => {
            println!("{NAME}: fw_dynamic next_mode {} is not S; entering S-mode anyway", next.mode);
            next.addr
        }
        None => NEXT_STAGE_ADDR,
    }
}

/// PMP entry 0 denies S/U access to the firmware (a NAPOT region covering
/// [fw_start, fw_end) rounded up to a power of two); entry 1 is a NAPOT
/// region over the whole address space with RWX, so S/U may access
/// everything else. Returns the protected size.
fn setup_pmp(fw_start: u64, fw_end: u64) -> u64 {
    let size = (fw_end - fw_start).next_power_of_two().max(4096);
    let deny = Pmpcfg::new(Pmpcfg::empty(), AddressMatching::Napot);
    let allow = Pmpcfg::new(Pmpcfg::R | Pmpcfg::W | Pmpcfg::X, AddressMatching::Napot);
    // SAFETY: PMP entries without L do not apply to M-mode, so the firmware
    // keeps its access to everything.
    unsafe {
        // NAPOT encoding: pmpaddr = (base >> 2) | ((size / 8) - 1).
        csr::write::<PMPADDR0>((fw_start >> 2) | ((size >> 3) - 1));
        csr::write::<{ pmpaddr(1) }>(u64::MAX);
        // Entry 0 in byte 0 of pmpcfg0, entry 1 in byte 1.
        csr::write::<PMPCFG0>(u64::from(deny.bits()) | (u64::from(allow.bits()) << 8));
    }
    size
}

/// misa as an ISA string: "rv64" then the extension letters in the
/// canonical order of the unprivileged spec's naming chapter (i, e, m, a,
/// f, d, q, c, b, v, h), then the remaining letters (s, u, ...) alphabetically.
fn misa_string(misa: u64) -> ([u8; 30], usize) {
    const CANONICAL: &[u8] = b"iemafdqcbvh";
    let mut out = [0u8; 30];
    let prefix: &[u8] = match misa::mxl(misa) {
        Some(Xlen::X32) => b"rv32",
        Some(Xlen::X64) => b"rv64",
        _ => b"rv??",
    };
    out[..4].copy_from_slice(prefix);
    let mut len = 4;
    let has = |c: u8| misa_has(misa, c);
    let rest = (b'a'..=b'z').filter(|c| !CANONICAL.contains(c));
    for c in CANONICAL.iter().copied().chain(rest) {
        if has(c) {
            out[len] = c;
            len += 1;
        }
    }
    (out, len)
}

fn print_banner(
    d: &Devices,
    have_fdt: bool,
    hartid: u64,
    fdt_addr: u64,
    pmp_size: u64,
    next: u64,
    has_smstateen: bool,
) {
    let Platform { has_h, has_sstc, .. } = platform::get();
    let (misa, misa_len) = misa_string(csr::read::<MISA>());
    let misa = core::str::from_utf8(&misa[..misa_len]).unwrap_or("?");
    let (ram_base, ram_size) = platform::get().memory;
    println!();
    println!("{NAME} v{}: hemu's M-mode firmware, SBI specification v2.0", env!("CARGO_PKG_VERSION"));
    println!("Platform name      : {}", d.model);
    if !have_fdt {
        println!("Device tree        : none valid at a1 = {fdt_addr:#x}, using virt defaults");
    }
    println!("Boot hart          : {hartid}");
    println!("ISA (misa)         : {misa}");
    println!("ISA (device tree)  : {}", if d.isa.is_empty() { "(none)" } else { d.isa });
    println!("Hypervisor (H)     : {}", if has_h { "yes" } else { "no" });
    if has_sstc {
        println!("Sstc               : yes, menvcfg.STCE set (supervisor uses stimecmp)");
    } else {
        println!("Sstc               : no (timer forwarded from the CLINT)");
    }
    if has_smstateen {
        println!("Smstateen          : yes, mstateen0.SE0 and ENVCFG set");
    }
    match d.uart {
        Some(u) => println!("Console device     : ns16550a @ {:#x}", u.base),
        None => println!("Console device     : none"),
    }
    match d.clint {
        Some(c) => println!(
            "Timer device       : clint @ {c:#x}, timebase {} Hz",
            d.timebase.unwrap_or(0)
        ),
        None => println!("Timer device       : none"),
    }
    match d.finisher {
        Some(f) => println!("Reset device       : sifive,test @ {f:#x}"),
        None => println!("Reset device       : none"),
    }
    println!("Memory             : {ram_base:#x} - {:#x} ({} MiB)", ram_base + ram_size, ram_size >> 20);
    println!("Firmware (PMP-protected) : {:#x} - {:#x}", 0x8000_0000u64, 0x8000_0000u64 + pmp_size);
    println!("medeleg            : {:#x}", csr::read::<MEDELEG>());
    println!("mideleg            : {:#x}", csr::read::<MIDELEG>());
    println!(
        "Next stage         : {next:#x} in {}-mode, a0 = {hartid}, a1 = {fdt_addr:#x}",
        if has_h { "HS" } else { "S" }
    );
    println!();
}

/// mret into the next stage in S-mode (HS-mode with H: mstatus.MPV = 0), with
/// the supervisor's trap state cleared the way OpenSBI leaves it.
fn enter_next_stage(hartid: u64, fdt_addr: u64, next: u64) -> ! {
    let mstatus = Mstatus::from_bits_retain(csr::read::<MSTATUS>())
        .difference(Mstatus::MPIE | Mstatus::MPV | Mstatus::SIE | Mstatus::SPIE | Mstatus::SPP)
        .with_mpp(Privilege::S);
    // SAFETY: sets up the supervisor's state (MPRV stays 0, so the
    // firmware's own accesses are unaffected), then leaves M-mode for good;
    // the next stage gets a0/a1.
    unsafe {
        csr::write::<MSTATUS>(mstatus.bits());
        csr::write::<MEPC>(next);
        csr::write::<STVEC>(next);
        csr::write::<SSCRATCH>(0);
        csr::write::<SIE>(0);
        csr::write::<SATP>(0);
        core::arch::asm!("mret", in("a0") hartid, in("a1") fdt_addr, options(noreturn));
    }
}
