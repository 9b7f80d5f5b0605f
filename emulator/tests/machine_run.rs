//! The machine's run loop around the hart: time, idling in WFI, exits,
//! resets, input. The hart is parked in WFI with every interrupt disabled
//! in mie (so it can never wake), which isolates the loop's own logic.

use std::sync::mpsc;

use hemu::bus::{ExitSource, RAM_BASE};
use hemu::hart::csr::addr::{MENVCFG, MIE, MIP, MISA, MSCRATCH, STIMECMP};
use hemu::hart::Mode;
use hemu::hart::csr::bits::{ENVCFG_STCE, MTIP, STIP};
use hemu::loader::ImageSource;
use hemu::machine::{Machine, MachineConfig, RunOutcome};

const TEST: u64 = 0x10_0000;
const CLINT: u64 = 0x0200_0000;

fn machine() -> Machine {
    // `wfi` then `j .-4`.
    let code = [0x73, 0x00, 0x50, 0x10, 0xf5, 0xbf, 0x00, 0x00];
    Machine::new(MachineConfig {
        ram_size: 8 << 20,
        kernel: Some(ImageSource::bytes("wfi.bin", code.to_vec())),
        ..MachineConfig::default()
    })
    .unwrap()
}

/// Park the hart in WFI with nothing able to wake it.
fn park(m: &mut Machine) {
    assert!(m.hart.csr_poke(MIE, 0));
    m.hart.set_waiting(true);
}

/// mip as software reads it: the devices' and comparators' lines included.
fn mip(m: &Machine) -> u64 {
    m.hart.csr_peek(MIP).unwrap_or(0)
}

#[test]
fn zero_budget_is_an_instruction_limit() {
    let mut m = machine();
    assert_eq!(m.run(Some(0)), RunOutcome::InstructionLimit);
}

#[test]
fn idle_hart_with_no_timer_and_no_input_stops() {
    let mut m = machine();
    park(&mut m);
    assert_eq!(m.run(None), RunOutcome::Idle);
    assert_eq!(m.hart.bus().mtime(), 0, "no event to skip to");
}

#[test]
fn wfi_fast_forwards_to_the_timer() {
    let mut m = machine();
    park(&mut m);
    m.hart.bus_mut().write(CLINT + 0x4000, 8, 123_456).unwrap();
    // Time jumps to the compare value; MTIP reaches the hart; mie is 0, so
    // nothing wakes it and the loop reports that instead of spinning.
    assert_eq!(m.run(None), RunOutcome::Idle);
    assert_eq!(m.hart.bus().mtime(), 123_456);
    assert_ne!(mip(&m) & MTIP, 0);
    assert_eq!(m.retired(), 0, "skipping time executes nothing");
}

#[test]
fn sstc_comparator_drives_stip_and_counts_as_an_event() {
    let mut m = machine();
    park(&mut m);
    let menvcfg = m.hart.csr_peek(MENVCFG).unwrap_or(0);
    assert!(m.hart.csr_poke(MENVCFG, menvcfg | ENVCFG_STCE));
    assert!(m.hart.csr_poke(STIMECMP, 5_000));
    assert_eq!(m.run(None), RunOutcome::Idle);
    assert_eq!(m.hart.bus().mtime(), 5_000);
    assert_ne!(mip(&m) & STIP, 0);
    // Moving stimecmp into the future clears the line at the next sync.
    assert!(m.hart.csr_poke(STIMECMP, u64::MAX));
    assert!(m.hart.csr_poke(MENVCFG, menvcfg & !ENVCFG_STCE));
    assert_eq!(m.run(None), RunOutcome::Idle);
    assert_eq!(mip(&m) & STIP, 0);
}

#[test]
fn finisher_exit_codes_end_the_run() {
    let mut m = machine();
    m.hart.bus_mut().write(TEST, 4, (42 << 16) | 0x3333).unwrap();
    park(&mut m);
    assert_eq!(m.run(None), RunOutcome::Exit { code: 42, source: ExitSource::Finisher });
    // The exit is latched: running again reports it again.
    assert_eq!(m.run(Some(1000)), RunOutcome::Exit { code: 42, source: ExitSource::Finisher });
    assert_eq!(m.exit(), Some((42, ExitSource::Finisher)));
}

#[test]
fn finisher_pass_exits_zero() {
    let mut m = machine();
    park(&mut m);
    m.hart.bus_mut().write(TEST, 4, 0x5555).unwrap();
    assert_eq!(m.run(None), RunOutcome::Exit { code: 0, source: ExitSource::Finisher });
}

#[test]
fn htif_exit_and_console_from_the_run_loop() {
    // A flat kernel has no symbols; give the bus the HTIF words directly.
    let mut m = machine();
    let tohost = RAM_BASE + 0x1000;
    m.hart.bus_mut().htif = Some(hemu::bus::Htif { tohost, fromhost: tohost + 8 });
    park(&mut m);
    m.hart.bus_mut().write(tohost, 8, (1 << 56) | (1 << 48) | b'!' as u64).unwrap();
    assert_eq!(m.run(None), RunOutcome::Idle);
    assert_eq!(m.output(), b"!");
    m.hart.bus_mut().write(tohost, 8, (3 << 1) | 1).unwrap();
    assert_eq!(m.run(None), RunOutcome::Exit { code: 3, source: ExitSource::Htif });
    assert_eq!(m.take_output(), b"!");
    assert!(m.output().is_empty());
}

#[test]
fn reset_request_reloads_and_restarts() {
    let mut m = machine();
    let kernel = 0x8020_0000;
    let original = m.hart.bus_mut().read(kernel, 8).unwrap();
    m.hart.bus_mut().write(kernel, 8, 0xdead_beef).unwrap();
    // Hart state the reset must clear.
    m.hart.set_xreg(5, 7);
    m.hart.set_freg(1, 9);
    m.hart.set_mode(Mode::VS);
    m.hart.set_reservation(Some(kernel));
    assert!(m.hart.csr_poke(MSCRATCH, 5));
    m.hart.bus_mut().write(TEST, 4, 0x7777).unwrap();
    m.step();
    assert_eq!(m.resets(), 1);
    assert_eq!(m.hart.pc(), 0x1000, "back at the reset vector");
    assert_eq!((m.hart.mode(), m.hart.xreg(5), m.hart.freg(1)), (Mode::M, 0, 0));
    assert_eq!((m.hart.reservation(), m.hart.instret()), (None, 0));
    assert_eq!(m.hart.csr_peek(MSCRATCH), Some(0));
    assert_eq!(m.hart.csr_peek(MISA).map(|v| v >> 62), Some(2), "misa's reset value: MXL = 64");
    assert_eq!(m.hart.bus_mut().read(kernel, 8), Ok(original), "image copied in again");
    assert_eq!(m.exit(), None);
    let dtb_addr = m.dtb_addr();
    assert_eq!(m.hart.bus_mut().read(dtb_addr, 4), Ok(0xedfe_0dd0), "DTB magic (big-endian d00dfeed)");
}

#[test]
fn input_wakes_the_idle_loop_until_the_channel_closes() {
    let mut m = machine();
    park(&mut m);
    let (tx, rx) = mpsc::channel();
    m.attach_input(rx);
    for &b in b"hello" {
        tx.send(b).unwrap();
    }
    drop(tx);
    // The loop takes the bytes into the UART, then sees that no more input
    // can come and nothing else can wake the hart.
    assert_eq!(m.run(None), RunOutcome::Idle);
    assert_eq!(m.hart.bus().uart.input_len(), 5);
    let lsr = m.hart.bus_mut().read(0x1000_0005, 1).unwrap();
    assert_eq!(lsr & 1, 1, "LSR.DR");
}

#[test]
fn injected_input_is_visible_to_the_guest() {
    let mut m = machine();
    m.push_input(b"x");
    assert_eq!(m.hart.bus_mut().read(0x1000_0000, 1), Ok(b'x' as u64));
}

#[test]
fn realtime_clock_sleeps_until_the_timer() {
    let code = [0x73, 0x00, 0x50, 0x10];
    let mut m = Machine::new(MachineConfig {
        ram_size: 8 << 20,
        kernel: Some(ImageSource::bytes("wfi.bin", code.to_vec())),
        realtime: true,
        ..MachineConfig::default()
    })
    .unwrap();
    park(&mut m);
    let start = std::time::Instant::now();
    let deadline = m.hart.bus().mtime() + 200_000; // 20 ms at 10 MHz
    m.hart.bus_mut().write(CLINT + 0x4000, 8, deadline).unwrap();
    assert_eq!(m.run(None), RunOutcome::Idle);
    assert!(m.hart.bus().mtime() >= deadline);
    assert!(start.elapsed() >= std::time::Duration::from_millis(15), "{:?}", start.elapsed());
    assert!(format!("{:?}", MachineConfig::default()).len() < 1000);
}
