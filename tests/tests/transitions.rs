//! Issue 5's privilege transitions, observed by single-stepping the real boot
//! chain on hemu (our firmware -> the teaching hypervisor -> two guests) and
//! checking the CSRs through the hart API at each moment, as a student would
//! in a debugger:
//!
//! * the firmware's MRET into HS-mode,
//! * the hypervisor's first SRET into the guest (VS-mode),
//! * the first guest SBI ecall arriving in HS-mode,
//! * a VU-mode illegal instruction reaching the guest's trap handler, injected
//!   by the hypervisor (`illegal=inject`) or delegated (`illegal=delegate`),
//! * a virtual timer interrupt taken in VS-mode, with Sstc and with `sstc=off`,
//! * guest-page faults on the emulated 16550,
//! * a switch between the guests (hgatp.VMID).
//!
//! Everything is stepped from reset (hemu steps at ~10 M steps/s here; the
//! last moment checked is ~15 M instructions in), so nothing depends on where
//! `run`'s chunks end.

mod common;

use common::{boot_hypervisor, modes, step_until};
use hemu::hart::csr::addr::*;
use hemu::hart::csr::bits::*;
use hemu::hart::step::StepEvent;
use hemu::hart::{Exception, Interrupt, Mode};
use hemu::machine::{Machine, RunOutcome};

/// Where the firmware enters the next stage (QEMU `virt` convention).
const HYPERVISOR_ENTRY: u64 = 0x8020_0000;
/// Guest-physical address of the guest kernel's entry (and RAM base).
const GUEST_ENTRY: u64 = 0x9000_0000;
/// The guest's emulated 16550 (guest-physical, identity-mapped by the guest).
const GUEST_UART: u64 = 0x1000_0000;
/// Each guest's RAM (the hypervisor's boot protocol passes it in a4).
const GUEST_RAM_SIZE: u64 = 8 << 20;
/// The `illegal` app's `unimp` (csrrw x0, cycle, x0) and where it is.
const UNIMP: u64 = 0xc000_1073;
const ILLEGAL_APP_PC: u64 = 0x4000_0090;

const MRET: u32 = 0x3020_0073;
const SRET: u32 = 0x1020_0073;
const MPP_S: u64 = 1 << MPP_SHIFT;
const INTERRUPT_BIT: u64 = 1 << 63;
/// Generous step limits (the moments come at ~0.05 M .. ~15 M steps).
const BOOT_LIMIT: u64 = 2_000_000;
const GUEST_LIMIT: u64 = 40_000_000;

fn csr(m: &Machine, addr: u16) -> u64 {
    m.hart.csr_peek(addr).unwrap_or_else(|| panic!("CSR {addr:#x} not implemented"))
}

fn vmid(hgatp: u64) -> u64 {
    (hgatp >> HGATP_VMID_SHIFT) & HGATP_VMID_MASK
}

/// Where a trap with `cause` enters a handler whose tvec is `tvec`
/// (exceptions always go to BASE; interrupts to BASE + 4 * code in
/// Vectored mode).
fn trap_target(tvec: u64, cause: u64) -> u64 {
    let base = tvec & !3;
    if tvec & 3 == 1 && cause & INTERRUPT_BIT != 0 {
        base + 4 * (cause & !INTERRUPT_BIT)
    } else {
        base
    }
}

#[test]
fn firmware_mret_enters_the_hypervisor_in_hs_mode() {
    let mut m = boot_hypervisor(None);
    let (before, event) = step_until(&mut m, BOOT_LIMIT, "the firmware's MRET into HS", |_, e, _| {
        matches!(e, StepEvent::Xret { from: Mode::M, to: Mode::HS, .. })
    });
    let StepEvent::Xret { raw, .. } = event else { unreachable!() };
    assert_eq!(raw, MRET);
    // Before: mstatus.MPP = S and MPV = 0 select HS-mode as MRET's target.
    assert_eq!(before.mode, Mode::M);
    assert_eq!(before.mstatus & MPP, MPP_S, "mstatus.MPP = S before MRET (mstatus {:#x})", before.mstatus);
    assert_eq!(before.mstatus & MPV, 0, "mstatus.MPV = 0 before MRET (mstatus {:#x})", before.mstatus);
    // After: HS-mode at the hypervisor's entry with the boot arguments.
    assert_eq!(m.hart.mode(), Mode::HS);
    assert!(!m.hart.mode().virt());
    assert_eq!(m.hart.pc(), HYPERVISOR_ENTRY);
    assert_eq!(m.hart.xreg(10), 0, "a0 = hart id");
    assert_eq!(m.hart.xreg(11), m.dtb_addr(), "a1 = device tree address");
    // MRET sets MPP to the least-privileged mode (U) and MPV to 0.
    let mstatus = csr(&m, MSTATUS);
    assert_eq!(mstatus & MPP, 0, "mstatus.MPP = U after MRET");
    assert_eq!(mstatus & MPV, 0);
    assert!(m.output_string().contains("Next stage         : 0x80200000 in HS-mode"));
}

#[test]
fn first_sret_enters_the_guest_in_vs_mode() {
    let mut m = boot_hypervisor(None);
    let (before, event) = step_until(&mut m, GUEST_LIMIT, "the first SRET into the guest", |_, e, _| {
        matches!(e, StepEvent::Xret { to: Mode::VS, .. })
    });
    let StepEvent::Xret { raw, from, .. } = event else { unreachable!() };
    assert_eq!((raw, from), (SRET, Mode::HS));
    // Before: hstatus.SPV = 1 (return into V=1), sstatus.SPP = 1 (into S, i.e. VS), sepc = entry.
    assert_eq!(before.mode, Mode::HS);
    assert_ne!(before.hstatus & HSTATUS_SPV, 0, "hstatus.SPV = 1 (hstatus {:#x})", before.hstatus);
    assert_ne!(before.sstatus & SPP, 0, "sstatus.SPP = 1 (sstatus {:#x})", before.sstatus);
    assert_eq!(before.sepc, GUEST_ENTRY);
    // After: V = 1, VS-mode at the guest's entry.
    assert!(m.hart.mode().virt());
    assert_eq!(m.hart.mode(), Mode::VS);
    assert_eq!(m.hart.pc(), GUEST_ENTRY);
    // SRET clears hstatus.SPV and sstatus.SPP.
    assert_eq!(csr(&m, HSTATUS) & HSTATUS_SPV, 0);
    assert_eq!(csr(&m, SSTATUS) & SPP, 0);
    // Guest 0's G-stage: Sv39x4 with VMID 1; the guest starts with vsatp bare.
    let hgatp = csr(&m, HGATP);
    assert_eq!(hgatp >> SATP_MODE_SHIFT, SATP_MODE_SV39, "hgatp.MODE = Sv39x4 (hgatp {hgatp:#x})");
    assert_eq!(vmid(hgatp), 1);
    assert_eq!(csr(&m, VSATP), 0);
    // The hypervisor's boot protocol: a0 = hart 0, a1 = 0 (no DTB), a2 = guest 0, a4 = RAM size.
    let x = m.hart.xregs();
    assert_eq!((x[10], x[11], x[12], x[14]), (0, 0, 0, GUEST_RAM_SIZE));
    assert_eq!(x[13], 10_000_000, "a3 = timebase frequency");
}

#[test]
fn first_guest_sbi_ecall_arrives_in_hs_mode() {
    let mut m = boot_hypervisor(None);
    let (before, event) = step_until(&mut m, GUEST_LIMIT, "the first ecall from VS-mode", |_, e, _| {
        matches!(e, StepEvent::Exception { cause: Exception::EcallFromVS, .. })
    });
    let StepEvent::Exception { epc, tval, from, to, .. } = event else { unreachable!() };
    assert_eq!((from, to), (Mode::VS, Mode::HS), "medeleg bit 10 delegates it to HS; hedeleg does not");
    assert_eq!(before.pc, epc);
    assert_eq!(tval, 0);
    assert_eq!(csr(&m, SCAUSE), 10, "scause = environment call from VS-mode");
    assert!(!m.hart.mode().virt(), "V = 0 in the trap handler");
    assert_eq!(m.hart.mode(), Mode::HS);
    assert_eq!(csr(&m, SEPC), epc, "sepc = the ecall's address");
    assert_eq!(csr(&m, STVAL), 0);
    let hstatus = csr(&m, HSTATUS);
    assert_ne!(hstatus & HSTATUS_SPV, 0, "hstatus.SPV = 1: the trap came from V=1 (hstatus {hstatus:#x})");
    assert_ne!(hstatus & HSTATUS_SPVP, 0, "hstatus.SPVP = 1: from VS-mode");
    assert_eq!(hstatus & HSTATUS_GVA, 0, "no guest virtual address in stval");
    assert_ne!(csr(&m, SSTATUS) & SPP, 0, "sstatus.SPP = 1: from S (VS)");
    assert_eq!(m.hart.pc(), trap_target(csr(&m, STVEC), 10), "pc = stvec (the hypervisor's guest_exit)");
    // The guest's registers are still live: the SBI call it makes (Base, probe_extension).
    assert_eq!((m.hart.xreg(17), m.hart.xreg(16)), (0x10, 3), "a7 = EID Base, a6 = FID probe_extension");
}

/// Steps to the `illegal` app's `unimp` in VU-mode and on until the guest's
/// trap handler is entered (pc = vstvec in VS-mode); checks the VS CSRs
/// there and returns the modes each trap/xRET on the way went between.
fn illegal_instruction_reaches_the_guest(bootargs: Option<&str>) -> Vec<(Mode, Mode)> {
    let mut m = boot_hypervisor(bootargs);
    let (_, event) = step_until(&mut m, GUEST_LIMIT, "an illegal instruction in VU-mode", |_, e, _| {
        matches!(e, StepEvent::Exception { cause: Exception::IllegalInstruction, from: Mode::VU, .. })
    });
    let StepEvent::Exception { epc, tval, from, to, .. } = event else { unreachable!() };
    assert_eq!((epc, tval), (ILLEGAL_APP_PC, UNIMP), "the illegal app's unimp");
    let mut path = vec![(from, to)];
    step_until(&mut m, 200_000, "the guest's trap handler", |_, e, m| {
        if let Some(p) = modes(e) {
            path.push(p);
        }
        modes(e).is_some()
            && m.hart.mode() == Mode::VS
            && m.hart.pc() == trap_target(m.hart.csr_peek(VSTVEC).unwrap_or(0), 2)
    });
    assert!(m.hart.mode().virt());
    assert_eq!(m.hart.mode(), Mode::VS);
    assert_eq!(csr(&m, VSCAUSE), 2, "vscause = illegal instruction; path {path:?}");
    assert_eq!(csr(&m, VSEPC), ILLEGAL_APP_PC, "vsepc");
    assert_eq!(csr(&m, VSTVAL), UNIMP, "vstval = the instruction bits");
    let vsstatus = csr(&m, VSSTATUS);
    assert_eq!(vsstatus & SPP, 0, "vsstatus.SPP = 0: it came from VU-mode (vsstatus {vsstatus:#x})");
    assert_eq!(vsstatus & STATUS_SIE, 0, "vsstatus.SIE = 0 in the handler");
    eprintln!("illegal instruction ({bootargs:?}): trap/xRET path {path:?}");
    path
}

#[test]
fn vu_illegal_instruction_injected_by_the_hypervisor() {
    let path = illegal_instruction_reaches_the_guest(None);
    // hedeleg bit 2 clear: the hypervisor (HS) gets it and injects it with an SRET to vstvec.
    // (Our firmware, like OpenSBI, keeps illegal instructions in M-mode first and redirects
    // them: VU -> M -> HS.)
    assert!(path.iter().any(|&(_, to)| to == Mode::HS), "the hypervisor handled it: {path:?}");
    assert_eq!(path.last(), Some(&(Mode::HS, Mode::VS)), "resumed by the hypervisor's SRET: {path:?}");
}

#[test]
fn vu_illegal_instruction_delegated_with_hedeleg() {
    let path = illegal_instruction_reaches_the_guest(Some("illegal=delegate"));
    // hedeleg bit 2 set: delivered to VS-mode without the hypervisor running at all.
    assert!(path.iter().all(|&(_, to)| to != Mode::HS), "HS-mode must not run: {path:?}");
    assert_eq!(path.last().map(|p| p.1), Some(Mode::VS), "{path:?}");
}

#[test]
fn delegate_boot_option_sets_hedeleg_bit_2() {
    for (bootargs, delegated) in [(None, false), (Some("illegal=delegate"), true)] {
        let mut m = boot_hypervisor(bootargs);
        step_until(&mut m, GUEST_LIMIT, "the first guest entry", |_, e, _| {
            matches!(e, StepEvent::Xret { to: Mode::VS, .. })
        });
        assert_eq!(csr(&m, HEDELEG) & (1 << 2) != 0, delegated, "bootargs {bootargs:?}");
    }
}

/// Steps to the first virtual supervisor timer interrupt taken in VS-mode
/// and checks the guest-visible trap state; returns the machine there.
fn virtual_timer_interrupt(bootargs: Option<&str>) -> Machine {
    let mut m = boot_hypervisor(bootargs);
    let (before, event) = step_until(&mut m, GUEST_LIMIT, "a VS timer interrupt taken in VS", |_, e, _| {
        matches!(e, StepEvent::Interrupt { cause: Interrupt::VirtualSupervisorTimer, .. })
    });
    let StepEvent::Interrupt { epc, from, to, .. } = event else { unreachable!() };
    assert_eq!(to, Mode::VS, "hideleg.VSTI: taken in VS-mode");
    assert!(from.virt(), "taken while the guest ran ({from})");
    assert_eq!(before.pc, epc);
    let vscause = csr(&m, VSCAUSE);
    assert_eq!(vscause, INTERRUPT_BIT | 5, "vscause = supervisor timer interrupt as the guest sees it");
    assert_eq!(csr(&m, VSEPC), epc);
    assert_eq!(m.hart.pc(), trap_target(csr(&m, VSTVEC), vscause));
    assert!(m.hart.mode().virt());
    let vsstatus = csr(&m, VSSTATUS);
    assert_eq!(vsstatus & SPP != 0, from == Mode::VS, "vsstatus.SPP = the mode it came from");
    assert_eq!(vsstatus & STATUS_SIE, 0);
    assert_ne!(vsstatus & SPIE, 0, "vsstatus.SPIE = 1: interrupts were enabled");
    assert_ne!(csr(&m, HIP) & VSTIP, 0, "hip.VSTIP pending");
    m
}

#[test]
fn virtual_timer_interrupt_with_sstc() {
    let m = virtual_timer_interrupt(None);
    assert_ne!(csr(&m, HENVCFG) & ENVCFG_STCE, 0, "henvcfg.STCE = 1");
    assert_eq!(csr(&m, HVIP) & VSTIP, 0, "not injected through hvip: vstimecmp raised it");
    // V = 1 here, so time reads include htimedelta, as vstimecmp is compared.
    assert!(csr(&m, VSTIMECMP) <= csr(&m, TIME), "time + htimedelta >= vstimecmp");
}

#[test]
fn virtual_timer_interrupt_through_hvip_with_sstc_off() {
    let m = virtual_timer_interrupt(Some("sstc=off"));
    assert_eq!(csr(&m, HENVCFG) & ENVCFG_STCE, 0, "henvcfg.STCE = 0 with sstc=off");
    assert_ne!(csr(&m, HVIP) & VSTIP, 0, "hvip.VSTIP set by the hypervisor");
}

/// Checks `htinst` after a guest-page fault of a load/store: either 0 or the
/// transformed instruction (privileged spec, "Transformed Instruction or
/// Pseudoinstruction for mtinst or htinst"): the trapping load/store with
/// the address offset in the rs1 field (0 here: the access is aligned) and
/// the immediate fields zero; bit 1 clear if the original was compressed.
fn check_htinst(htinst: u64, store: bool) {
    if htinst == 0 {
        return;
    }
    assert_eq!(htinst >> 32, 0, "htinst {htinst:#x}");
    assert_eq!(htinst & 1, 1, "htinst bit 0 = 1 ({htinst:#x})");
    let opcode = (htinst >> 2) & 0x1f;
    let expected: &[u64] = if store { &[0x08, 0x09, 0x0b] } else { &[0x00, 0x01, 0x0b] };
    assert!(expected.contains(&opcode), "htinst {htinst:#x}: opcode {opcode:#x}");
    assert_eq!((htinst >> 15) & 0x1f, 0, "htinst {htinst:#x}: address offset (rs1 field) 0");
    if opcode == 0x0b {
        return;
    }
    if store {
        assert_eq!((htinst >> 25, (htinst >> 7) & 0x1f), (0, 0), "htinst {htinst:#x}: offset fields 0");
    } else {
        assert_eq!(htinst >> 20, 0, "htinst {htinst:#x}: offset field 0");
    }
}

#[test]
fn guest_page_faults_on_the_emulated_uart() {
    let mut m = boot_hypervisor(None);
    // (cause, guest paging on?) combinations seen, to cover loads, stores, bare and Sv39.
    let mut seen = Vec::new();
    while seen.len() < 4 {
        let (before, event) = step_until(&mut m, GUEST_LIMIT, "a guest-page fault", |_, e, _| {
            matches!(
                e,
                StepEvent::Exception {
                    cause: Exception::LoadGuestPageFault | Exception::StoreGuestPageFault,
                    ..
                }
            )
        });
        let StepEvent::Exception { cause, epc, tval, from, to } = event else { unreachable!() };
        let paging = csr(&m, VSATP) >> SATP_MODE_SHIFT == SATP_MODE_SV39;
        if seen.contains(&(cause, paging)) {
            continue;
        }
        seen.push((cause, paging));
        let what = format!("{cause:?} at pc {epc:#x}, guest VA {tval:#x}, vsatp {:#x}", csr(&m, VSATP));
        let store = cause == Exception::StoreGuestPageFault;
        assert_eq!((from, to), (Mode::VS, Mode::HS), "{what}");
        assert_eq!(before.pc, epc);
        assert_eq!(csr(&m, SCAUSE), if store { 23 } else { 21 }, "{what}");
        assert_eq!(csr(&m, SEPC), epc, "{what}");
        // stval: the guest virtual address; the guest maps its devices 1:1 (a gigapage at 0).
        assert_eq!(csr(&m, STVAL), tval, "{what}");
        let gpa = tval;
        assert!((GUEST_UART..GUEST_UART + 8).contains(&gpa), "{what}");
        // htval: the guest physical address shifted right by 2.
        assert_eq!(csr(&m, HTVAL), gpa >> 2, "{what}: htval = GPA >> 2");
        eprintln!("{what}: htval {:#x}, htinst {:#x}", csr(&m, HTVAL), csr(&m, HTINST));
        check_htinst(csr(&m, HTINST), store);
        let hstatus = csr(&m, HSTATUS);
        assert_ne!(hstatus & HSTATUS_GVA, 0, "{what}: hstatus.GVA = 1 (stval is a guest VA)");
        assert_ne!(hstatus & HSTATUS_SPV, 0, "{what}: hstatus.SPV = 1");
        assert!(!m.hart.mode().virt());
        assert_eq!(m.hart.pc(), trap_target(csr(&m, STVEC), csr(&m, SCAUSE)));
    }
    seen.sort_by_key(|&(c, p)| (c.code(), p));
    assert_eq!(
        seen,
        [
            (Exception::LoadGuestPageFault, false),
            (Exception::LoadGuestPageFault, true),
            (Exception::StoreGuestPageFault, false),
            (Exception::StoreGuestPageFault, true),
        ]
    );
}

#[test]
fn switching_guests_changes_the_vmid_and_both_guests_finish() {
    let mut m = boot_hypervisor(None);
    // hgatp at every entry into the guest (SRET to VS/VU), and whether the host tick came first.
    let mut entries: Vec<u64> = Vec::new();
    let mut tick_since_entry = false;
    let mut switches = Vec::new();
    while switches.len() < 3 {
        let (_, event) = step_until(&mut m, GUEST_LIMIT, "a guest entry", |_, e, _| {
            matches!(e, StepEvent::Xret { from: Mode::HS, to: Mode::VS | Mode::VU, .. })
                || matches!(e, StepEvent::Interrupt { cause: Interrupt::SupervisorTimer, to: Mode::HS, .. })
        });
        if let StepEvent::Interrupt { .. } = event {
            tick_since_entry = true;
            continue;
        }
        let hgatp = csr(&m, HGATP);
        if let Some(&prev) = entries.last() {
            if vmid(prev) != vmid(hgatp) {
                if switches.is_empty() {
                    assert!(tick_since_entry, "the first switch ends a time slice (host tick)");
                }
                // Each guest has its own G-stage root table.
                assert_ne!(prev & SATP_PPN_MASK, hgatp & SATP_PPN_MASK);
                switches.push((vmid(prev), vmid(hgatp)));
            }
        }
        tick_since_entry = false;
        entries.push(hgatp);
    }
    assert_eq!(switches, [(1, 2), (2, 1), (1, 2)]);
    // Run to the end: both guests' output is complete and correct, so no stale
    // translation of the other guest's (same) guest-physical addresses was used.
    let outcome = m.run(Some(400_000_000));
    let out = m.output_string();
    assert!(matches!(outcome, RunOutcome::Exit { code: 0, .. }), "{outcome:?}\n{out}");
    for g in ["[g0]", "[g1]"] {
        for line in [
            "[kernel] loaded 6 apps, each in its own address space at 0x40000000",
            "hello: hello from a VU-mode task, my pid is 1",
            "cpu_bound: 17984 primes below 200000",
            "[kernel] task 4 (illegal) killed: illegal instruction at pc 0x40000090 (stval 0xc0001073)",
            "[kernel] task 5 (store_kernel) killed: store page fault at address 0x90000000 (pc 0x400000a2)",
            "[kernel] all tasks finished",
        ] {
            assert!(out.contains(&format!("{g} {line}")), "missing {g} {line:?} in\n{out}");
        }
    }
    assert!(out.contains("[hv] all guests finished: shutting down with SBI SRST"));
}
