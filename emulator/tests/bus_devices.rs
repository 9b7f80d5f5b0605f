//! Register-level behaviour of the `virt` devices, through the bus the way
//! a guest reaches them.

use hemu::bus::{Bus, BusFault, ExitSource, Htif, MachineExit, RAM_BASE};
use hemu::hart::csr::bits::{MEIP, MSIP, MTIP, SEIP};

const CLINT: u64 = 0x0200_0000;
const PLIC: u64 = 0x0c00_0000;
const UART: u64 = 0x1000_0000;
const TEST: u64 = 0x10_0000;

fn bus() -> Bus {
    Bus::new(1 << 20)
}

// ---------------------------------------------------------------- memory map

#[test]
fn unmapped_addresses_fault() {
    let mut b = bus();
    for addr in [0u64, 0x800, 0x20_0000, 0x0300_0000, 0x2000_0000, RAM_BASE + (1 << 20), u64::MAX - 3] {
        assert_eq!(b.read(addr, 4), Err(BusFault), "read {addr:#x}");
        assert_eq!(b.write(addr, 4, 0), Err(BusFault), "write {addr:#x}");
    }
}

#[test]
fn ram_reads_back_all_sizes() {
    let mut b = bus();
    b.write(RAM_BASE + 8, 8, 0x1122_3344_5566_7788).unwrap();
    assert_eq!(b.read(RAM_BASE + 8, 1), Ok(0x88));
    assert_eq!(b.read(RAM_BASE + 8, 2), Ok(0x7788));
    assert_eq!(b.read(RAM_BASE + 8, 4), Ok(0x5566_7788));
    assert_eq!(b.read(RAM_BASE + 12, 4), Ok(0x1122_3344));
    // An access straddling the end of RAM is not served.
    assert_eq!(b.read(RAM_BASE + (1 << 20) - 4, 8), Err(BusFault));
}

#[test]
fn boot_rom_is_read_only() {
    let mut b = bus();
    b.rom = hemu::bus::BootRom::new(hemu::bus::rom::BootInfo { entry: 0x8000_0000, dtb_addr: 0x8010_0000, next_addr: 0 });
    assert_eq!(b.read(0x1000, 4), Ok(0x0000_0297)); // auipc t0, 0
    assert_eq!(b.read(0x1018, 8), Ok(0x8000_0000));
    assert_eq!(b.read(0x1020, 8), Ok(0x8010_0000));
    assert_eq!(b.write(0x1000, 4, 0), Err(BusFault));
    assert_eq!(b.read(0x1000, 4), Ok(0x0000_0297));
}

// --------------------------------------------------------------------- CLINT

#[test]
fn clint_msip_drives_msip_line() {
    let mut b = bus();
    assert_eq!(b.irq_lines() & MSIP, 0);
    b.write(CLINT, 4, 0xffff_ffff).unwrap();
    assert_eq!(b.read(CLINT, 4), Ok(1), "only bit 0 is implemented");
    assert_ne!(b.irq_lines() & MSIP, 0);
    b.write(CLINT, 4, 0).unwrap();
    assert_eq!(b.irq_lines() & MSIP, 0);
    assert_eq!(b.write(CLINT, 8, 1), Err(BusFault), "msip is a 32-bit register");
}

#[test]
fn clint_mtime_follows_retired_instructions() {
    let mut b = bus();
    assert_eq!(b.read(CLINT + 0xbff8, 8), Ok(0));
    b.clint.set_retired(95);
    assert_eq!(b.mtime(), 9, "one tick per 10 instructions, remainder kept");
    b.clint.set_retired(100);
    assert_eq!(b.read(CLINT + 0xbff8, 8), Ok(10));
    b.clint.advance(1000);
    assert_eq!(b.mtime(), 1010);
    // A guest write sets mtime; counting continues from there.
    b.write(CLINT + 0xbff8, 8, 0x1_0000_0000).unwrap();
    b.clint.set_retired(120);
    assert_eq!(b.read(CLINT + 0xbff8, 4), Ok(2));
    assert_eq!(b.read(CLINT + 0xbffc, 4), Ok(1));
}

#[test]
fn clint_timer_compare_and_halves() {
    let mut b = bus();
    assert_eq!(b.ticks_until_timer(), None, "disarmed at reset");
    assert_eq!(b.irq_lines() & MTIP, 0);
    // Program mtimecmp = 50 with two 32-bit writes (high half first, as
    // 32-bit kernels do to avoid a spurious interrupt).
    b.write(CLINT + 0x4004, 4, 0).unwrap();
    b.write(CLINT + 0x4000, 4, 50).unwrap();
    assert_eq!(b.read(CLINT + 0x4000, 8), Ok(50));
    assert_eq!(b.ticks_until_timer(), Some(50));
    assert_eq!(b.clint.instructions_until(50), Some(500));
    b.clint.set_retired(499);
    assert_eq!(b.irq_lines() & MTIP, 0);
    assert_eq!(b.clint.instructions_until(50), Some(1));
    b.clint.set_retired(500);
    assert_ne!(b.irq_lines() & MTIP, 0);
    assert_eq!(b.ticks_until_timer(), Some(0));
    // Moving the compare value into the future clears MTIP.
    b.write(CLINT + 0x4000, 8, 1000).unwrap();
    assert_eq!(b.irq_lines() & MTIP, 0);
    // Misaligned or odd sizes are rejected.
    assert_eq!(b.read(CLINT + 0x4002, 4), Err(BusFault));
    assert_eq!(b.read(CLINT + 0x4000, 2), Err(BusFault));
    assert_eq!(b.read(CLINT + 0x4004, 8), Err(BusFault));
}

// ---------------------------------------------------------------------- PLIC

fn plic_w(b: &mut Bus, off: u64, v: u64) {
    b.write(PLIC + off, 4, v).unwrap();
}
fn plic_r(b: &mut Bus, off: u64) -> u64 {
    b.read(PLIC + off, 4).unwrap()
}

#[test]
fn plic_claim_complete_level_triggered() {
    let mut b = bus();
    plic_w(&mut b, 4 * 5, 3); // priority of source 5
    plic_w(&mut b, 4 * 7, 6); // priority of source 7
    plic_w(&mut b, 0x2000, (1 << 5) | (1 << 7)); // enable for context 0
    b.plic.set_level(5, true);
    b.plic.set_level(7, true);
    assert_eq!(plic_r(&mut b, 0x1000), (1 << 5) | (1 << 7), "pending bits");
    assert_ne!(b.irq_lines() & MEIP, 0);
    assert_eq!(b.irq_lines() & SEIP, 0, "context 1 enables nothing");

    // Highest priority first.
    assert_eq!(plic_r(&mut b, 0x20_0004), 7);
    assert_eq!(plic_r(&mut b, 0x1000), 1 << 5);
    assert_eq!(plic_r(&mut b, 0x20_0004), 5);
    assert_eq!(plic_r(&mut b, 0x20_0004), 0, "nothing left to claim");
    assert_eq!(b.irq_lines() & MEIP, 0);

    // In service: the still-high line does not re-pend until complete.
    b.plic.set_level(7, true);
    assert!(!b.plic.is_pending(7));
    plic_w(&mut b, 0x20_0004, 7);
    assert!(b.plic.is_pending(7), "line still high after complete");
    // Lowering the line withdraws the request.
    b.plic.set_level(7, false);
    assert!(!b.plic.is_pending(7));
    b.plic.set_level(5, false);
    plic_w(&mut b, 0x20_0004, 5);
    assert!(!b.plic.is_pending(5));
}

#[test]
fn plic_threshold_and_s_context() {
    let mut b = bus();
    plic_w(&mut b, 4 * 10, 1);
    plic_w(&mut b, 0x2080, 1 << 10); // enable for context 1 (S-mode)
    b.plic.set_level(10, true);
    assert_eq!(b.irq_lines() & (MEIP | SEIP), SEIP);
    plic_w(&mut b, 0x20_1000, 1); // threshold 1 masks priority 1
    assert_eq!(plic_r(&mut b, 0x20_1000), 1);
    assert_eq!(b.irq_lines() & SEIP, 0);
    assert_eq!(plic_r(&mut b, 0x20_1004), 0);
    plic_w(&mut b, 0x20_1000, 0);
    assert_eq!(plic_r(&mut b, 0x20_1004), 10);
    // Priority 0 never interrupts.
    plic_w(&mut b, 0x20_1004, 10);
    plic_w(&mut b, 4 * 10, 0);
    assert_eq!(b.irq_lines() & SEIP, 0);
}

#[test]
fn plic_warl_fields_and_sizes() {
    let mut b = bus();
    plic_w(&mut b, 4 * 3, 0xffff_ffff);
    assert_eq!(plic_r(&mut b, 4 * 3), 7, "3-bit priorities");
    plic_w(&mut b, 0, 5);
    assert_eq!(plic_r(&mut b, 0), 0, "source 0 does not exist");
    plic_w(&mut b, 0x2000, 0xffff_ffff);
    assert_eq!(plic_r(&mut b, 0x2000), 0xffff_fffe, "source 0 cannot be enabled");
    plic_w(&mut b, 0x1000, 0xffff_ffff);
    assert_eq!(plic_r(&mut b, 0x1000), 0, "pending bits are read-only");
    assert_eq!(b.read(PLIC + 0x2000, 8), Err(BusFault));
    assert_eq!(b.read(PLIC + 0x2001, 4), Err(BusFault));
    // Contexts that do not exist read as zero.
    assert_eq!(plic_r(&mut b, 0x20_5004), 0);
}

// ---------------------------------------------------------------------- UART

#[test]
fn uart_transmit_and_lsr() {
    let mut b = bus();
    assert_eq!(b.read(UART + 5, 1), Ok(0x60), "THRE | TEMT, no data");
    for &c in b"hi\n" {
        b.write(UART, 1, c as u64).unwrap();
    }
    assert_eq!(b.output(), b"hi\n");
    assert_eq!(b.take_output(), b"hi\n");
    assert!(b.output().is_empty());
}

#[test]
fn uart_dlab_divisor_latch() {
    let mut b = bus();
    b.write(UART + 3, 1, 0x83).unwrap(); // DLAB | 8N1
    b.write(UART, 1, 0x01).unwrap();
    b.write(UART + 1, 1, 0x00).unwrap();
    assert_eq!(b.read(UART, 1), Ok(0x01));
    assert!(b.output().is_empty(), "DLL write is not a transmit");
    b.write(UART + 3, 1, 0x03).unwrap();
    assert_eq!(b.read(UART + 3, 1), Ok(0x03));
    assert_eq!(b.read(UART + 1, 1), Ok(0), "IER, not DLM");
    b.write(UART + 7, 1, 0x5a).unwrap();
    assert_eq!(b.read(UART + 7, 1), Ok(0x5a), "scratch register");
}

#[test]
fn uart_receive_and_interrupts_through_plic() {
    let mut b = bus();
    // Route source 10 to the S-mode context like Linux does.
    plic_w(&mut b, 4 * 10, 1);
    plic_w(&mut b, 0x2080, 1 << 10);
    b.write(UART + 2, 1, 0x07).unwrap(); // FIFO on, clear
    assert_eq!(b.read(UART + 2, 1), Ok(0xc1), "FIFO bits, no interrupt");

    b.push_input(b"ab");
    assert_eq!(b.read(UART + 5, 1).unwrap() & 1, 1, "LSR.DR");
    assert_eq!(b.irq_lines() & SEIP, 0, "receive interrupt not enabled yet");
    b.write(UART + 1, 1, 0x01).unwrap(); // IER.RDI
    assert_eq!(b.read(UART + 2, 1), Ok(0xc4), "IIR: received data");
    assert_ne!(b.irq_lines() & SEIP, 0);

    assert_eq!(b.read(UART, 1), Ok(b'a' as u64));
    assert_eq!(b.read(UART, 1), Ok(b'b' as u64));
    assert_eq!(b.read(UART + 5, 1).unwrap() & 1, 0);
    assert_eq!(b.irq_lines() & SEIP, 0, "line drops when the FIFO empties");
    assert_eq!(b.read(UART, 1), Ok(0), "empty RBR reads 0");
}

/// Input queued before the guest's driver starts survives the driver's
/// FIFO reset: it enters the FIFO only as the guest reads it.
#[test]
fn uart_fifo_reset_keeps_queued_host_input() {
    let mut b = bus();
    b.push_input(b"0123456789abcdefXYZ\n");
    b.write(UART + 2, 1, 0x07).unwrap(); // FIFO on, clear both (hemu-sbi, OpenSBI, Linux)
    b.write(UART + 2, 1, 0x00).unwrap(); // FIFO off (toggling also clears)
    b.write(UART + 2, 1, 0x07).unwrap();
    let got: Vec<u8> = (0..20).map(|_| b.read(UART, 1).unwrap() as u8).collect();
    assert_eq!(got, b"0123456789abcdefXYZ\n");
    assert_eq!(b.read(UART + 5, 1).unwrap() & 1, 0, "all taken");
}

#[test]
fn uart_thre_interrupt_semantics() {
    let mut b = bus();
    plic_w(&mut b, 4 * 10, 1);
    plic_w(&mut b, 0x2000, 1 << 10);
    assert_eq!(b.read(UART + 2, 1), Ok(0x01));
    // Enabling THRI while THR is empty raises it at once.
    b.write(UART + 1, 1, 0x02).unwrap();
    assert_ne!(b.irq_lines() & MEIP, 0);
    assert_eq!(b.read(UART + 2, 1), Ok(0x02), "IIR: THR empty");
    // Reading IIR acknowledged it.
    assert_eq!(b.read(UART + 2, 1), Ok(0x01));
    assert_eq!(b.irq_lines() & MEIP, 0);
    // Each transmitted byte empties THR again: a new THRE event.
    b.write(UART, 1, b'x' as u64).unwrap();
    assert_eq!(b.read(UART + 2, 1), Ok(0x02));
    // Received data outranks THR empty.
    b.write(UART, 1, b'y' as u64).unwrap();
    b.write(UART + 1, 1, 0x03).unwrap();
    b.push_input(b"z");
    assert_eq!(b.read(UART + 2, 1), Ok(0x04));
    b.read(UART, 1).unwrap();
    assert_eq!(b.read(UART + 2, 1), Ok(0x02));
    // Disabling THRI drops the pending THRE event.
    b.write(UART, 1, b'w' as u64).unwrap();
    b.write(UART + 1, 1, 0x01).unwrap();
    assert_eq!(b.read(UART + 2, 1), Ok(0x01));
}

#[test]
fn uart_loopback() {
    let mut b = bus();
    b.write(UART + 4, 1, 0x10 | 0x03).unwrap(); // LOOP | RTS | DTR
    let msr = b.read(UART + 6, 1).unwrap();
    assert_eq!(msr & 0x30, 0x30, "CTS and DSR follow RTS and DTR");
    b.write(UART, 1, b'q' as u64).unwrap();
    assert!(b.output().is_empty(), "loopback keeps bytes off the line");
    assert_eq!(b.read(UART, 1), Ok(b'q' as u64));
}

#[test]
fn uart_accepts_wider_accesses() {
    let mut b = bus();
    b.write(UART, 4, 0x41).unwrap();
    assert_eq!(b.output(), b"A");
    assert_eq!(b.read(UART + 4, 4), Ok(0x08), "MCR resets with OUT2");
    assert_eq!(b.read(UART + 1, 2), Err(BusFault), "misaligned");
}

// ------------------------------------------------------------- test finisher

#[test]
fn finisher_codes() {
    let mut b = bus();
    assert_eq!(b.exit_request(), None);
    b.write(TEST, 4, 0x1234).unwrap();
    assert_eq!(b.exit_request(), None, "unknown status ignored");
    b.write(TEST, 4, 0x5555).unwrap();
    assert_eq!(b.take_exit_request(), Some(MachineExit::Exit { code: 0, source: ExitSource::Finisher }));
    b.write(TEST, 4, (3 << 16) | 0x3333).unwrap();
    assert_eq!(b.take_exit_request(), Some(MachineExit::Exit { code: 3, source: ExitSource::Finisher }));
    b.write(TEST, 4, 0x7777).unwrap();
    assert_eq!(b.take_exit_request(), Some(MachineExit::Reset));
    assert_eq!(b.take_exit_request(), None);
    assert_eq!(b.write(TEST, 8, 0x5555), Err(BusFault));
    assert_eq!(b.read(TEST, 4), Ok(0));
}

// ---------------------------------------------------------------------- HTIF

const TOHOST: u64 = RAM_BASE + 0x1000;
const FROMHOST: u64 = RAM_BASE + 0x1040;

fn htif_bus() -> Bus {
    let mut b = bus();
    b.htif = Some(Htif { tohost: TOHOST, fromhost: FROMHOST });
    b
}

#[test]
fn htif_idle_and_exit() {
    let mut b = htif_bus();
    b.poll_htif();
    assert_eq!(b.exit_request(), None);
    b.write(TOHOST, 8, 1).unwrap();
    b.poll_htif();
    assert_eq!(b.exit_request(), Some(MachineExit::Exit { code: 0, source: ExitSource::Htif }));
    let mut b = htif_bus();
    b.write(TOHOST, 8, (21 << 1) | 1).unwrap();
    b.poll_htif();
    assert_eq!(b.exit_request(), Some(MachineExit::Exit { code: 21, source: ExitSource::Htif }));
    assert_eq!(b.read(TOHOST, 8), Ok(0), "tohost cleared");
}

#[test]
fn htif_console_putchar() {
    let mut b = htif_bus();
    for &c in b"ok" {
        b.write(TOHOST, 8, (1 << 56) | (1 << 48) | c as u64).unwrap();
        b.poll_htif();
        assert_eq!(b.read(TOHOST, 8), Ok(0));
        assert_ne!(b.read(FROMHOST, 8).unwrap(), 0);
    }
    assert_eq!(b.output(), b"ok");
    assert_eq!(b.exit_request(), None);
}

#[test]
fn htif_syscalls() {
    let mut b = htif_bus();
    let magic = RAM_BASE + 0x2000;
    let text = RAM_BASE + 0x3000;
    b.ram.load_bytes(text, b"hello\n");
    for (i, v) in [64u64, 1, text, 6].into_iter().enumerate() {
        b.write(magic + 8 * i as u64, 8, v).unwrap();
    }
    b.write(TOHOST, 8, magic).unwrap();
    b.poll_htif();
    assert_eq!(b.output(), b"hello\n");
    assert_eq!(b.read(magic, 8), Ok(6), "return value in magic_mem[0]");
    assert_eq!(b.read(FROMHOST, 8), Ok(1));
    assert_eq!(b.read(TOHOST, 8), Ok(0));

    // Unknown syscall: -ENOSYS.
    b.write(FROMHOST, 8, 0).unwrap();
    b.write(magic, 8, 1234).unwrap();
    b.write(TOHOST, 8, magic).unwrap();
    b.poll_htif();
    assert_eq!(b.read(magic, 8), Ok((-38i64) as u64));

    // SYS_exit.
    b.write(magic, 8, 93).unwrap();
    b.write(magic + 8, 8, 7).unwrap();
    b.write(TOHOST, 8, magic).unwrap();
    b.poll_htif();
    assert_eq!(b.exit_request(), Some(MachineExit::Exit { code: 7, source: ExitSource::Htif }));
}

#[test]
fn htif_hostile_pointers_do_not_panic() {
    let mut b = htif_bus();
    for ptr in [2u64, 0xffff_ffff_fffe, RAM_BASE + (1 << 20) - 8] {
        b.write(TOHOST, 8, ptr).unwrap();
        b.poll_htif();
    }
    // SYS_write with a buffer outside RAM returns -EFAULT.
    let magic = RAM_BASE + 0x2000;
    for (i, v) in [64u64, 1, 0x10, u64::MAX].into_iter().enumerate() {
        b.write(magic + 8 * i as u64, 8, v).unwrap();
    }
    b.write(TOHOST, 8, magic).unwrap();
    b.poll_htif();
    assert_eq!(b.read(magic, 8), Ok((-14i64) as u64));
}

#[test]
fn clint_mtime_exact_within_a_chunk() {
    let mut b = bus();
    b.clint.set_retired(1000);
    assert_eq!(b.mtime(), 100);
    // The hart reports 25 instructions into the current chunk.
    b.clint.set_chunk_progress(25);
    assert_eq!(b.mtime(), 102);
    // A write mid-chunk anchors at the exact instruction...
    b.write(CLINT + 0xbff8, 8, 0).unwrap();
    // ...and the chunk's end (1040 executed in total) continues from there.
    b.clint.set_retired(1040);
    assert_eq!(b.mtime(), 1, "15 instructions since the write");
}

#[test]
fn clint_wrapping_mtime_does_not_panic() {
    let mut b = bus();
    b.write(CLINT + 0xbff8, 8, u64::MAX - 1).unwrap();
    b.write(CLINT + 0x4000, 8, 5).unwrap();
    b.clint.set_retired(100);
    assert_eq!(b.mtime(), 8, "wrapped");
    assert_eq!(b.clint.instructions_until(3), Some(0));
    let _ = b.clint.instructions_until(u64::MAX - 1);
    let _ = b.irq_lines();
    let _ = b.ticks_until_timer();
}
