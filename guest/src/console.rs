//! The console: a 16550 UART at 0x1000_0000 (byte registers). Output polls LSR.THRE and writes
//! THR; input arrives by interrupt (IER.ERBFI) and is kept in a small buffer for `read`.
//!
//! Kernel state lives in `defs::cell`'s cells: `ValueCell` for flags and numbers, and
//! `ExclusiveCell` (a borrow that a second borrow detects) for the rest. They are sound here
//! because the kernel runs on one hart with interrupts off (sstatus.SIE = 0, trap.rs): an
//! interrupt arrives only while a task runs in VU-mode, when no kernel borrow is alive. The one
//! trap the kernel takes itself, its boot self-test, touches only a `ValueCell`.

use core::fmt::{self, Write};
use defs::cell::{ExclusiveCell, ValueCell};

pub const UART_BASE: usize = 0x1000_0000;
const THR: usize = 0; // write: transmit holding register; read: RBR, receive buffer
const IER: usize = 1;
const FCR: usize = 2;
const LCR: usize = 3;
const LSR: usize = 5;
const LSR_DR: u8 = 0x01;
const LSR_THRE: u8 = 0x20;

static USE_UART: ValueCell<bool> = ValueCell::new(false);

fn reg_read(r: usize) -> u8 {
    // SAFETY: a byte register of the UART (mapped in the kernel's page table).
    unsafe { ((UART_BASE + r) as *const u8).read_volatile() }
}
fn reg_write(r: usize, v: u8) {
    // SAFETY: as above.
    unsafe { ((UART_BASE + r) as *mut u8).write_volatile(v) }
}

/// Program the UART (8 data bits, FIFOs on, no interrupts yet) and send output to it.
pub fn use_uart() {
    reg_write(IER, 0);
    reg_write(LCR, 0x03); // 8N1
    reg_write(FCR, 0x07); // enable and clear FIFOs
    USE_UART.set(true);
}

/// IER.ERBFI: interrupt when a byte arrives (reaches us as a supervisor external interrupt).
pub fn enable_rx_interrupt() {
    reg_write(IER, 0x01);
}

/// Bytes that may still be written to THR without checking LSR: LSR.THRE = 1 means the
/// 16-byte transmit FIFO is empty, so one LSR read is enough for the next 16 bytes (each
/// access is an exit to the hypervisor, so this halves the cost of printing).
static TX_ROOM: ValueCell<u8> = ValueCell::new(0);
const TX_FIFO: u8 = 16;

pub fn putc(c: u8) {
    let mut room = TX_ROOM.get();
    while room == 0 {
        if reg_read(LSR) & LSR_THRE != 0 {
            room = TX_FIFO;
        }
    }
    TX_ROOM.set(room - 1);
    reg_write(THR, c);
}

struct Console;
impl Write for Console {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if USE_UART.get() {
            s.bytes().for_each(putc);
        } else {
            crate::sbi::write_bytes(s.as_bytes());
        }
        Ok(())
    }
}
pub fn print(args: fmt::Arguments) {
    let _ = Console.write_fmt(args);
}
macro_rules! println {
    ($($arg:tt)*) => { $crate::console::print(format_args!("{}\n", format_args!($($arg)*))) };
}

/// Keyboard input waiting for a `read` system call.
struct Input {
    buf: [u8; 64],
    head: usize,
    len: usize,
}
static INPUT: ExclusiveCell<Input> = ExclusiveCell::new(Input { buf: [0; 64], head: 0, len: 0 });

/// The UART interrupted: move every received byte into the input buffer.
pub fn on_interrupt() {
    let mut guard = INPUT.borrow_mut();
    let input = &mut *guard;
    while reg_read(LSR) & LSR_DR != 0 {
        let b = reg_read(THR);
        if input.len < input.buf.len() {
            input.buf[(input.head + input.len) % input.buf.len()] = b;
            input.len += 1;
        }
    }
}

pub fn pop_input() -> Option<u8> {
    let mut input = INPUT.borrow_mut();
    if input.len == 0 {
        return None;
    }
    let b = input.buf[input.head];
    input.head = (input.head + 1) % input.buf.len();
    input.len -= 1;
    Some(b)
}
