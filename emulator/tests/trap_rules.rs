//! Trap entry, delegation, interrupt selection and xRET, driven through the
//! hart API (hypervisor chapter, "Trap Entry", "Trap Return").

use hemu::bus::Bus;
use hemu::hart::csr::addr::*;
use hemu::hart::csr::bits::*;
use hemu::hart::{Exception, Hart, Interrupt, Mode, Privilege, Trap};

fn hart() -> Hart {
    Hart::new(Bus::new(1 << 20), 0x8000_0000)
}
fn poke(h: &mut Hart, a: u16, v: u64) {
    assert!(h.csr_poke(a, v), "poke {a:#x}");
}
fn peek(h: &Hart, a: u16) -> u64 {
    h.csr_peek(a).unwrap()
}
fn at(h: &mut Hart, prv: Privilege, virt: bool, pc: u64) {
    h.set_mode(hemu::hart::Mode::new(prv, virt));
    h.set_pc(pc);
}

#[test]
fn exception_from_vu_delegated_twice_goes_to_vs() {
    let mut h = hart();
    poke(&mut h, MEDELEG, 1 << 2);
    poke(&mut h, HEDELEG, 1 << 2);
    poke(&mut h, VSTVEC, 0x9000_0100);
    poke(&mut h, VSSTATUS, STATUS_SIE);
    let hs_before = peek(&h, HSTATUS);
    let ms_before = peek(&h, MSTATUS);
    at(&mut h, Privilege::User, true, 0x1234);
    let to = h.take_trap(Trap::illegal(0xdead));
    assert_eq!(to, Mode::VS);
    assert_eq!(h.pc(), 0x9000_0100);
    assert_eq!(peek(&h, VSCAUSE), 2);
    assert_eq!(peek(&h, VSEPC), 0x1234);
    assert_eq!(peek(&h, VSTVAL), 0xdead);
    let vs = peek(&h, VSSTATUS);
    assert_eq!(vs & SPP, 0, "came from VU");
    assert_eq!(vs & SPIE, SPIE);
    assert_eq!(vs & STATUS_SIE, 0);
    assert_eq!(peek(&h, HSTATUS), hs_before, "hstatus untouched");
    assert_eq!(peek(&h, MSTATUS), ms_before, "HS sstatus untouched");
    assert_eq!(peek(&h, SEPC), 0);
}

#[test]
fn guest_page_fault_from_vs_goes_to_hs() {
    let mut h = hart();
    poke(&mut h, MEDELEG, 1 << 21);
    poke(&mut h, HEDELEG, 0);
    poke(&mut h, STVEC, 0x8020_0000);
    at(&mut h, Privilege::Supervisor, true, 0x9000_0040);
    let mut t = Trap::new(Exception::LoadGuestPageFault, 0x1000_0005);
    t.tval2 = 0x1000_0005 >> 2;
    t.tinst = 0x3000;
    assert_eq!(h.take_trap(t), Mode::HS);
    assert!(!h.mode().virt());
    assert_eq!(peek(&h, SCAUSE), 21);
    assert_eq!(peek(&h, SEPC), 0x9000_0040);
    assert_eq!(peek(&h, STVAL), 0x1000_0005);
    assert_eq!(peek(&h, HTVAL), 0x1000_0005 >> 2);
    assert_eq!(peek(&h, HTINST), 0x3000);
    let hs = peek(&h, HSTATUS);
    assert_ne!(hs & HSTATUS_SPV, 0);
    assert_ne!(hs & HSTATUS_SPVP, 0, "SPVP = VS");
    assert_ne!(hs & HSTATUS_GVA, 0, "stval holds a guest virtual address");
    assert_ne!(peek(&h, MSTATUS) & SPP, 0);
}

#[test]
fn ecall_from_u_with_v0_leaves_spvp_alone() {
    let mut h = hart();
    poke(&mut h, MEDELEG, 1 << 8);
    poke(&mut h, HSTATUS, HSTATUS_SPVP | HSTATUS_SPV);
    at(&mut h, Privilege::User, false, 0x100);
    assert_eq!(h.take_trap(Trap::new(Exception::EcallFromU, 0)), Mode::HS);
    let hs = peek(&h, HSTATUS);
    assert_eq!(hs & HSTATUS_SPV, 0, "SPV = old V = 0");
    assert_ne!(hs & HSTATUS_SPVP, 0, "SPVP written only when V was 1");
    assert_eq!(hs & HSTATUS_GVA, 0);
}

#[test]
fn trap_into_m_records_mpv_gva_mtval2_mtinst() {
    let mut h = hart();
    poke(&mut h, MTVEC, 0x8000_0400);
    poke(&mut h, MSTATUS, STATUS_MIE | (2 << 32) | (2 << 34));
    at(&mut h, Privilege::Supervisor, true, 0x5000);
    let mut t = Trap::new(Exception::StoreGuestPageFault, 0x7000);
    t.tval2 = 0x7000 >> 2;
    t.tinst = 0x3020;
    assert_eq!(h.take_trap(t), Mode::M);
    let s = peek(&h, MSTATUS);
    assert_ne!(s & MPV, 0);
    assert_ne!(s & GVA, 0);
    assert_ne!(s & MPIE, 0);
    assert_eq!(s & STATUS_MIE, 0);
    assert_eq!((s >> 11) & 3, 1, "MPP = S");
    assert_eq!(peek(&h, MTVAL2), 0x7000 >> 2);
    assert_eq!(peek(&h, MTINST), 0x3020);
    assert_eq!(h.pc(), 0x8000_0400);
    // An illegal instruction from HS: MPV = 0, GVA = 0.
    at(&mut h, Privilege::Supervisor, false, 0x5000);
    h.take_trap(Trap::illegal(0));
    let s = peek(&h, MSTATUS);
    assert_eq!(s & (MPV | GVA), 0);
}

#[test]
fn vs_interrupt_is_taken_in_vs_with_translated_cause() {
    let mut h = hart();
    poke(&mut h, HIDELEG, VSTIP);
    poke(&mut h, HVIP, VSTIP);
    poke(&mut h, MIE, VSTIP);
    poke(&mut h, VSTVEC, 0x9000_0001); // vectored
    // In HS, VS interrupts are not taken.
    at(&mut h, Privilege::Supervisor, false, 0x100);
    assert_eq!(h.pending_interrupt(), None);
    // In VS with vsstatus.SIE = 0: not taken.
    at(&mut h, Privilege::Supervisor, true, 0x100);
    assert_eq!(h.pending_interrupt(), None);
    // In VU: taken whatever vsstatus.SIE says.
    at(&mut h, Privilege::User, true, 0x200);
    assert_eq!(h.pending_interrupt(), Some(Interrupt::VirtualSupervisorTimer));
    assert_eq!(h.take_interrupt(Interrupt::VirtualSupervisorTimer), Mode::VS);
    assert_eq!(peek(&h, VSCAUSE), (1 << 63) | 5, "VSTI is reported to VS as STI (5)");
    assert_eq!(h.pc(), 0x9000_0000 + 4 * 5, "vectored by the translated cause");
    assert_eq!(peek(&h, VSEPC), 0x200);
}

#[test]
fn hs_interrupts_always_enabled_while_v1() {
    let mut h = hart();
    poke(&mut h, MIDELEG, STIP);
    poke(&mut h, MIP, STIP);
    poke(&mut h, MIE, STIP);
    at(&mut h, Privilege::Supervisor, false, 0);
    assert_eq!(h.pending_interrupt(), None, "HS with SIE = 0");
    at(&mut h, Privilege::Supervisor, true, 0);
    assert_eq!(h.pending_interrupt(), Some(Interrupt::SupervisorTimer), "V=1: HS interrupts enabled");
    assert_eq!(h.take_interrupt(Interrupt::SupervisorTimer), Mode::HS);
    assert_eq!(peek(&h, SCAUSE), (1 << 63) | 5);
    assert_ne!(peek(&h, HSTATUS) & HSTATUS_SPV, 0);
    // In M with MIE = 0, nothing is taken.
    at(&mut h, Privilege::Machine, false, 0);
    poke(&mut h, MIP, SSIP);
    poke(&mut h, MIE, SSIP);
    assert_eq!(h.pending_interrupt(), None);
}

#[test]
fn more_privileged_destination_first() {
    let mut h = hart();
    // SEI delegated to HS, SSI not delegated (goes to M): SSI wins although
    // SEI has the higher code priority.
    poke(&mut h, MIDELEG, SEIP);
    poke(&mut h, MIP, SEIP | SSIP);
    poke(&mut h, MIE, SEIP | SSIP);
    at(&mut h, Privilege::User, false, 0);
    assert_eq!(h.pending_interrupt(), Some(Interrupt::SupervisorSoftware));
    // Same destination: MEI > MSI > MTI > SEI > SSI > STI.
    let mut h = hart();
    h.set_irq_lines(MTIP | MSIP);
    poke(&mut h, MIE, MTIP | MSIP);
    at(&mut h, Privilege::User, false, 0);
    assert_eq!(h.pending_interrupt(), Some(Interrupt::MachineSoftware));
}

#[test]
fn sret_from_hs_enters_the_guest() {
    let mut h = hart();
    poke(&mut h, HSTATUS, HSTATUS_SPV);
    poke(&mut h, MSTATUS, SPP | SPIE | MPRV | (2 << 32) | (2 << 34));
    poke(&mut h, SEPC, 0x9000_0000);
    at(&mut h, Privilege::Supervisor, false, 0x8020_0000);
    h.sret(0x1020_0073).unwrap();
    assert_eq!(h.mode(), Mode::VS);
    assert_eq!(h.pc(), 0x9000_0000);
    let s = peek(&h, MSTATUS);
    assert_ne!(s & STATUS_SIE, 0, "SIE = SPIE");
    assert_eq!(s & SPP, 0, "SPP = U");
    assert_eq!(s & MPRV, 0, "leaving for a mode below M clears MPRV");
    assert_eq!(peek(&h, HSTATUS) & HSTATUS_SPV, 0);
}

#[test]
fn sret_in_vs_uses_vsstatus_and_traps_as_specified() {
    let mut h = hart();
    poke(&mut h, VSSTATUS, SPIE);
    poke(&mut h, VSEPC, 0x1000);
    let ms = peek(&h, MSTATUS);
    at(&mut h, Privilege::Supervisor, true, 0x9000_0000);
    h.sret(0x1020_0073).unwrap();
    assert_eq!(h.mode(), Mode::VU);
    assert_eq!(h.pc(), 0x1000);
    assert_ne!(peek(&h, VSSTATUS) & STATUS_SIE, 0);
    assert_eq!(peek(&h, MSTATUS), ms);
    // VU: virtual instruction; U: illegal; VTSR in VS: virtual; TSR in HS: illegal.
    assert_eq!(h.sret(1).unwrap_err().cause, Exception::VirtualInstruction);
    at(&mut h, Privilege::User, false, 0);
    assert_eq!(h.sret(1).unwrap_err().cause, Exception::IllegalInstruction);
    poke(&mut h, HSTATUS, HSTATUS_VTSR);
    at(&mut h, Privilege::Supervisor, true, 0);
    assert_eq!(h.sret(1).unwrap_err().cause, Exception::VirtualInstruction);
    poke(&mut h, MSTATUS, TSR | (2 << 32) | (2 << 34));
    at(&mut h, Privilege::Supervisor, false, 0);
    assert_eq!(h.sret(1).unwrap_err().cause, Exception::IllegalInstruction);
    at(&mut h, Privilege::Machine, false, 0);
    assert!(h.sret(1).is_ok(), "TSR does not apply to M");
}

#[test]
fn mret_uses_mpv_unless_mpp_is_m() {
    let mut h = hart();
    poke(&mut h, MSTATUS, MPV | (1 << 11) | MPIE | MPRV | (2 << 32) | (2 << 34));
    poke(&mut h, MEPC, 0x9000_0000);
    at(&mut h, Privilege::Machine, false, 0);
    h.mret(0x3020_0073).unwrap();
    assert_eq!(h.mode(), Mode::VS);
    let s = peek(&h, MSTATUS);
    assert_eq!(s & (MPV | MPRV | MPP), 0, "MPV, MPRV cleared; MPP = U");
    assert_ne!(s & STATUS_MIE, 0);
    poke(&mut h, MSTATUS, MPV | (3 << 11) | MPRV | (2 << 32) | (2 << 34));
    at(&mut h, Privilege::Machine, false, 0);
    h.mret(0x3020_0073).unwrap();
    assert_eq!(h.mode(), Mode::M, "MPP = M ignores MPV");
    assert_ne!(peek(&h, MSTATUS) & MPRV, 0, "MPRV kept when staying in M");
    at(&mut h, Privilege::Supervisor, true, 0);
    assert_eq!(h.mret(1).unwrap_err().cause, Exception::IllegalInstruction);
}
