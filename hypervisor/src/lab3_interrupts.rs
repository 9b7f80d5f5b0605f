//! Lab 3: interrupts.
//!
//! * The guest's timer. The guest asks for a timer interrupt with SBI set_timer (lab 1 passes
//!   it on through `Hypervisor::set_timer`).
//!   Without Sstc we keep the deadline, program the *host* timer (through our own SBI call) for
//!   the earliest deadline, and when it fires set hvip.VSTIP: the guest then takes a supervisor
//!   timer interrupt in VS-mode (hideleg bit 6 delegates it). set_timer clears hvip.VSTIP again.
//!   With Sstc (detected at boot: henvcfg.STCE sticks only if the firmware enabled Sstc in
//!   menvcfg), set_timer just writes vstimecmp and the hardware raises VSTIP by itself.
//! * The host's own tick, every `TICK_MS` ms: lab 5 uses it to time-slice the guests.
//! * The UART's receive interrupt. The real 16550's interrupt goes through the PLIC to this
//!   hart's S-mode context (SEIP, scause = interrupt 9). We claim it, move the received bytes
//!   into the guest's serial device (a `SerialInput`: lab 4's emulated 16550), and set
//!   hvip.VSEIP while that device has data and the guest enabled its receive interrupt: the
//!   guest takes a VS external interrupt and reads its (emulated) UART.
//!
//! Host interrupts are only ever taken while a guest runs: in V=1, HS-level interrupts are
//! enabled regardless of sstatus.SIE, so they become guest exits (lab 1's guest_exit, then
//! `Hypervisor::on_interrupt`). The timer and the keyboard concern every guest, not only the
//! one that ran, so these functions take all of them: anything that is an
//! `InterruptibleGuest` (lab 5's `Guest`).

use crate::lab0_cell::ValueCell;
use crate::lab0_console::{first_times, Event};
use crate::lab0_csr::time;
use crate::lab0_fdt::Platform;
use crate::lab1_vcpu::Vcpu;
use defs::csr::{self, HENVCFG, SIE, SIP, VSTIMECMP};
use defs::envcfg::Envcfg;
use defs::interrupts::Mip;

const TICK_MS: u64 = 10;

/// A guest as this lab sees it (lab 5's `Guest` is one).
pub trait InterruptibleGuest {
    fn vcpu(&mut self) -> &mut Vcpu;
    /// Absolute time of the guest's next timer interrupt (SBI set_timer), u64::MAX = none.
    fn timer_deadline(&mut self) -> &mut u64;
    /// The device that receives this guest's keyboard input.
    fn serial(&mut self) -> &mut dyn SerialInput;
}

/// A guest device that receives keyboard bytes and interrupts through hvip.VSEIP (lab 4's
/// emulated 16550 is one).
pub trait SerialInput {
    /// A byte typed on the keyboard.
    fn push_input(&mut self, b: u8);
    /// Has the guest enabled the device's receive interrupt?
    fn rx_interrupt_enabled(&self) -> bool;
    /// Can the device take another byte (its receive FIFO is not full)?
    fn has_room(&self) -> bool;
    /// The device's interrupt output (drives hvip.VSEIP).
    fn interrupt_pending(&self) -> bool;
}

/// What `setup` found; never changes afterwards.
#[derive(Clone, Copy)]
struct Config {
    sstc: bool,
    /// The host tick in timebase ticks.
    tick: u64,
    uart: Option<(u64, u32, u32)>, // base, irq, reg_shift
    plic: Option<(u64, u32)>,      // base, context
}
static CONFIG: ValueCell<Config> = ValueCell::new(Config { sstc: false, tick: 0, uart: None, plic: None });
/// When the next host tick is due (absolute time).
static NEXT_TICK: ValueCell<u64> = ValueCell::new(u64::MAX);

/// Does the guest timer use Sstc's vstimecmp?
pub fn sstc() -> bool {
    CONFIG.get().sstc
}

pub fn setup(p: &Platform, allow_sstc: bool) {
    let mut c = Config { sstc: false, tick: p.timebase_hz * TICK_MS / 1000, uart: None, plic: None };

    // Sstc: henvcfg.STCE is read-only zero unless the hart has Sstc and M-mode set menvcfg.STCE.
    // SAFETY: henvcfg.STCE only decides whether VS-mode's timer is vstimecmp.
    unsafe { csr::set::<HENVCFG>(Envcfg::STCE.bits()) };
    let present = Envcfg::from_bits_retain(csr::read::<HENVCFG>()).contains(Envcfg::STCE);
    c.sstc = present && allow_sstc;
    if !c.sstc {
        // SAFETY: as above.
        unsafe { csr::clear::<HENVCFG>(Envcfg::STCE.bits()) };
    }
    hv!("lab3: Sstc {}: guest timer via {}", match (present, allow_sstc) {
        (true, true) => "present (henvcfg.STCE=1)",
        (true, false) => "present but disabled by sstc=off",
        _ => "absent (henvcfg.STCE stays 0)",
    }, if c.sstc { "vstimecmp" } else { "host timer + hvip.VSTIP" });

    // The UART receive interrupt: PLIC priority > threshold, enabled for our S-mode context.
    if let (Some(u), Some(plic)) = (&p.uart, &p.plic) {
        let ctx = plic.s_context as u64;
        // SAFETY: PLIC and UART registers at the addresses the device tree gave.
        unsafe {
            let prio = (plic.base + 4 * u.irq as u64) as *mut u32;
            prio.write_volatile(1);
            let enable = (plic.base + 0x2000 + 0x80 * ctx + 4 * (u.irq as u64 / 32)) as *mut u32;
            enable.write_volatile(enable.read_volatile() | 1 << (u.irq % 32));
            let threshold = (plic.base + 0x20_0000 + 0x1000 * ctx) as *mut u32;
            threshold.write_volatile(0);
        }
        c.uart = Some((u.base, u.irq, u.reg_shift));
        c.plic = Some((plic.base, plic.s_context));
        CONFIG.set(c); // uart_read/uart_write below find the UART here
        uart_write(1, 0x01); // IER.ERBFI: interrupt when a byte arrives
        uart_write(4, uart_read(4) | 0x08); // MCR.OUT2: route the UART's interrupt out
        hv!("lab3: UART receive interrupt: PLIC irq {} -> context {} (SEIP)", u.irq, plic.s_context);
    }
    CONFIG.set(c);
    // sie.STIE/SEIE: the host timer and external interrupts (taken only while a guest runs).
    // SAFETY: with sstatus.SIE = 0 these interrupts are taken only while a guest runs, as
    // exits to guest_exit (lab 1), or polled in `idle`.
    unsafe { csr::set::<SIE>((Mip::STIP | Mip::SEIP).bits()) };
    hv!("lab3: host tick every {TICK_MS} ms ({} timebase ticks)", c.tick);
}

/// Start the host tick (just before the first guest runs).
pub fn start_tick() {
    let next = time() + CONFIG.get().tick;
    NEXT_TICK.set(next);
    crate::lab0_sbi::set_timer(next);
}

fn uart_reg(off: u64) -> Option<*mut u8> {
    CONFIG.get().uart.map(|(base, _, shift)| (base + (off << shift)) as *mut u8)
}
fn uart_read(off: u64) -> u8 {
    // SAFETY: a 16550 register from the device tree.
    uart_reg(off).map(|r| unsafe { r.read_volatile() }).unwrap_or(0)
}
fn uart_write(off: u64, v: u8) {
    if let Some(r) = uart_reg(off) {
        // SAFETY: as above.
        unsafe { r.write_volatile(v) }
    }
}

/// Program the host timer for the earliest of: the next tick, and the deadlines of the guests
/// whose timer the hardware does not watch (all of them without Sstc; with Sstc those not
/// loaded on the hart, `loaded`).
pub fn program_host_timer(guests: &mut [impl InterruptibleGuest], loaded: Option<usize>) {
    let sstc = sstc();
    let now = time();
    let mut next = NEXT_TICK.get();
    for g in guests.iter_mut() {
        let deadline = *g.timer_deadline();
        let v = g.vcpu();
        // With Sstc a deadline already past stays pending in the guest's vstimecmp, and
        // `has_pending_interrupt` sees it; asking for it again would only repeat the interrupt.
        let watch = !sstc || (Some(v.id) != loaded && deadline > now);
        if !v.finished && watch {
            next = next.min(deadline);
        }
    }
    crate::lab0_sbi::set_timer(next);
}

/// SBI set_timer from guest `cur` (lab 1): a new absolute deadline; clears the pending interrupt.
pub fn guest_set_timer(guests: &mut [impl InterruptibleGuest], cur: usize, deadline: u64) {
    let g = &mut guests[cur];
    *g.timer_deadline() = deadline;
    let v = g.vcpu();
    if sstc() {
        // The hardware compares time (+ htimedelta) with vstimecmp and drives VSTIP itself.
        // SAFETY: the guest's own timer compare value.
        unsafe { csr::write::<VSTIMECMP>(deadline) };
        if first_times(Event::GuestTimerSstc, 1) {
            hv!("lab3: guest {} set_timer -> vstimecmp (Sstc): the hardware raises VSTIP itself, the interrupt needs no exit", v.id);
        }
    } else {
        deadline_moved(v);
        if deadline <= time() {
            deadline_passed(v);
        }
    }
    program_host_timer(guests, Some(cur));
}

/// Lab 3-1: the interrupts hideleg hands to VS-mode. "Among bits 15:0 of hideleg, bits 10, 6,
/// and 2 (corresponding to the standard VS-level interrupts) are writable": VSEI, VSTI, VSSI.
/// A VS-level interrupt whose hideleg bit is set, taken while V=1, goes to VS-mode, where the
/// guest sees it one position lower (interrupt 9, 5, 1: SEI, STI, SSI), as on its own hart.
/// With a bit clear, the matching bits of vsip and vsie are read-only zero: the guest cannot
/// enable that interrupt, and it could only go to HS-mode. (lab 2's `setup` writes hideleg.)
#[cfg(not(feature = "exercise-lab3-deleg"))]
pub fn guest_interrupts() -> u64 {
    Mip::VS_LEVEL.bits()
}

/// Lab 3-1, the exercise (`--features exercise-lab3`): this starting point delegates no
/// interrupt, so the guest's write of vsie.STIE is dropped and its timer interrupt never
/// comes. `hemu grade lab3` says which bit is missing.
#[cfg(feature = "exercise-lab3-deleg")]
pub fn guest_interrupts() -> u64 {
    // TODO(lab 3-1): which interrupts are the guest's own? Set their hideleg bits
    // (`(Mip::VSTIP | ...).bits()`): the hardware then delivers them to VS-mode.
    0
}

/// Lab 3-3, without Sstc: the guest's deadline has passed. hvip.VSTIP is the hypervisor's
/// way of making a VS-level timer interrupt pending ("setting VSTIP asserts a VS-level timer
/// interrupt"); `Vcpu::run` writes `v.hvip` into hvip before entering the guest.
#[cfg(not(feature = "exercise-lab3-timer"))]
fn deadline_passed(v: &mut Vcpu) {
    v.hvip |= Mip::VSTIP.bits();
}

/// Lab 3-3, the exercise (`--features exercise-lab3`): this starting point notices the
/// deadline and does nothing about it: the guest never gets its timer interrupt.
#[cfg(feature = "exercise-lab3-timer")]
fn deadline_passed(v: &mut Vcpu) {
    // TODO(lab 3-3): the host timer fired at this guest's deadline. Which bit makes the guest
    // take a timer interrupt in VS-mode the next time it runs?
    let _ = v;
}

/// Lab 3-4, without Sstc: the guest gave a new deadline (SBI set_timer), which "must clear
/// the pending timer interrupt bit as well": the interrupt it asked for before is answered.
#[cfg(not(feature = "exercise-lab3-clear"))]
fn deadline_moved(v: &mut Vcpu) {
    v.hvip &= !Mip::VSTIP.bits();
}

/// Lab 3-4, the exercise (`--features exercise-lab3`): this starting point leaves a pending
/// timer interrupt pending, as if the guest's handler had acknowledged it (it cannot: in
/// VS-mode, vsip.STIP is read-only).
#[cfg(feature = "exercise-lab3-clear")]
fn deadline_moved(v: &mut Vcpu) {
    // TODO(lab 3-4): the guest moved its deadline. Is its timer interrupt still pending?
    let _ = v;
}

/// The host timer fired (sip.STIP). Deliver due guest timers (hvip.VSTIP) and say whether a
/// host tick (end of a time slice) is due.
pub fn on_host_timer(guests: &mut [impl InterruptibleGuest], loaded: Option<usize>) -> bool {
    let sstc = sstc();
    let now = time();
    for g in guests.iter_mut() {
        let deadline = g.timer_deadline();
        if !sstc && *deadline <= now {
            *deadline = u64::MAX;
            let v = g.vcpu();
            deadline_passed(v);
            if v.hvip & Mip::VSTIP.bits() != 0 && first_times(Event::GuestTimerHvip, 1) {
                hv!("lab3: host timer interrupt: guest {}'s deadline passed -> hvip.VSTIP (VS timer interrupt)", v.id);
            }
        }
    }
    let tick = now >= NEXT_TICK.get();
    if tick {
        NEXT_TICK.set(now + CONFIG.get().tick);
        if first_times(Event::HostTick, 1) {
            hv!("lab3: host tick (supervisor timer interrupt while a guest ran): end of a time slice");
        }
    }
    program_host_timer(guests, loaded);
    tick
}

/// Which guest gets the keyboard: the lowest-numbered running guest with its receive
/// interrupt enabled. None while no guest has one: typed bytes then wait in the host UART.
fn keyboard_owner(guests: &mut [impl InterruptibleGuest]) -> Option<usize> {
    guests.iter_mut().position(|g| !g.vcpu().finished && g.serial().rx_interrupt_enabled())
}

/// Moves typed bytes from the host UART into the keyboard owner's 16550 while its FIFO has
/// room. What no guest can take yet stays in the host UART (bytes typed or piped before a
/// guest's driver is ready would otherwise be lost: its driver resets its FIFO), with the
/// UART's receive interrupt masked so it does not fire again at once; called again after
/// every guest access to its 16550 (lab 4), which is when a guest may have become ready.
pub fn pump_input(guests: &mut [impl InterruptibleGuest]) {
    if CONFIG.get().uart.is_none() {
        return;
    }
    if let Some(o) = keyboard_owner(guests) {
        let g = &mut guests[o];
        // LSR.DR: a byte waits in RBR.
        while g.serial().has_room() && uart_read(5) & 1 != 0 {
            g.serial().push_input(uart_read(0));
        }
        let line = g.serial().interrupt_pending();
        update_vseip(g.vcpu(), line);
    }
    let waiting = uart_read(5) & 1 != 0;
    uart_write(1, if waiting { 0x00 } else { 0x01 }); // IER.ERBFI only while nothing waits
}

/// An S-mode external interrupt (sip.SEIP): claim it from the PLIC and handle it.
pub fn on_external(guests: &mut [impl InterruptibleGuest]) {
    let config = CONFIG.get();
    let Some((base, ctx)) = config.plic else { return };
    let claim = (base + 0x20_0004 + 0x1000 * ctx as u64) as *mut u32;
    loop {
        // SAFETY: the PLIC claim/complete register of our context.
        let irq = unsafe { claim.read_volatile() };
        if irq == 0 {
            break;
        }
        if Some(irq) == config.uart.map(|u| u.1) {
            pump_input(guests);
            if let Some(o) = keyboard_owner(guests) {
                let v = guests[o].vcpu();
                if first_times(Event::UartRx, 1) {
                    hv!("lab3: UART receive interrupt (PLIC irq {irq}): bytes moved into guest {}'s 16550{}",
                        v.id, if v.hvip & Mip::VSEIP.bits() != 0 { ", hvip.VSEIP set" } else { "" });
                }
            }
        }
        // SAFETY: completing the claimed source.
        unsafe { claim.write_volatile(irq) };
    }
}

/// hvip.VSEIP follows the interrupt output `line` of the guest's serial device.
pub fn update_vseip(v: &mut Vcpu, line: bool) {
    if line {
        v.hvip |= Mip::VSEIP.bits();
    } else {
        v.hvip &= !Mip::VSEIP.bits();
    }
}

/// Would this guest take an interrupt now (pending and enabled in its vsie)? Used to wake a
/// guest that waits in WFI (lab 5). vsie uses the S bit positions (SSIE 1, STIE 5, SEIE 9),
/// hvip the VS ones (2, 6, 10).
pub fn has_pending_interrupt(g: &mut impl InterruptibleGuest, vsie: u64) -> bool {
    let mut pending = g.vcpu().hvip >> 1; // VSSIP/VSTIP/VSEIP moved to SSIP/STIP/SEIP
    if sstc() && time() >= *g.timer_deadline() {
        pending |= Mip::STIP.bits(); // vstimecmp has passed: VSTIP, seen as STIP by the guest
    }
    pending & vsie != 0
}

/// Nothing to run: sleep until the host's next interrupt, then handle it by polling sip
/// (sstatus.SIE = 0, so it is not taken as a trap in HS-mode; WFI still wakes up).
pub fn idle(guests: &mut [impl InterruptibleGuest], loaded: Option<usize>) {
    program_host_timer(guests, None);
    // SAFETY: wfi only waits.
    unsafe { core::arch::asm!("wfi") };
    let sip = Mip::from_bits_retain(csr::read::<SIP>());
    if sip.contains(Mip::STIP) {
        on_host_timer(guests, loaded);
    }
    if sip.contains(Mip::SEIP) {
        on_external(guests);
    }
}
