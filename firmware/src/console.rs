//! The firmware console: a polled 16550 UART at the device tree's address.

use core::fmt;

use crate::devices::UartInfo;
use crate::platform;

/// 16550 register indices (scaled by `reg-shift`).
const THR: u64 = 0; // transmit holding (write) / receive buffer (read)
const IER: u64 = 1; // interrupt enable
const FCR: u64 = 2; // FIFO control
const LCR: u64 = 3; // line control
const LSR: u64 = 5; // line status

const LSR_DATA_READY: u8 = 1 << 0;
const LSR_THR_EMPTY: u8 = 1 << 5;

fn reg_addr(uart: &UartInfo, index: u64) -> u64 {
    uart.base + (index << uart.reg_shift)
}

fn read_reg(uart: &UartInfo, index: u64) -> u8 {
    let addr = reg_addr(uart, index);
    // SAFETY: the device tree says a 16550 lives at this MMIO address.
    unsafe {
        if uart.io_width == 4 {
            core::ptr::read_volatile(addr as *const u32) as u8
        } else {
            core::ptr::read_volatile(addr as *const u8)
        }
    }
}

fn write_reg(uart: &UartInfo, index: u64, value: u8) {
    let addr = reg_addr(uart, index);
    // SAFETY: as for `read_reg`.
    unsafe {
        if uart.io_width == 4 {
            core::ptr::write_volatile(addr as *mut u32, u32::from(value))
        } else {
            core::ptr::write_volatile(addr as *mut u8, value)
        }
    }
}

/// Puts the UART in 8N1 mode with FIFOs on and its interrupts off (the
/// supervisor may take it over later). The baud divisor is left as found:
/// emulated UARTs ignore it and real boot ROMs have set it.
pub fn init() {
    if let Some(uart) = platform::get().uart {
        write_reg(&uart, IER, 0x00);
        write_reg(&uart, LCR, 0x03); // 8 data bits, no parity, 1 stop bit, DLAB = 0
        write_reg(&uart, FCR, 0x07); // enable and reset both FIFOs
    }
}

/// Writes one byte, waiting for room in the transmitter (no UART: dropped).
pub fn put_byte(byte: u8) {
    if let Some(uart) = platform::get().uart {
        while read_reg(&uart, LSR) & LSR_THR_EMPTY == 0 {}
        write_reg(&uart, THR, byte);
    }
}

/// Reads one received byte without waiting.
pub fn get_byte() -> Option<u8> {
    let uart = platform::get().uart?;
    (read_reg(&uart, LSR) & LSR_DATA_READY != 0).then(|| read_reg(&uart, THR))
}

/// `core::fmt` sink writing to the UART, turning "\n" into "\r\n".
pub struct Console;

impl fmt::Write for Console {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for b in s.bytes() {
            if b == b'\n' {
                put_byte(b'\r');
            }
            put_byte(b);
        }
        Ok(())
    }
}

macro_rules! print {
    ($($arg:tt)*) => {{
        let _ = core::fmt::Write::write_fmt(&mut $crate::console::Console, format_args!($($arg)*));
    }};
}

macro_rules! println {
    () => {{
        $crate::console::put_byte(b'\r');
        $crate::console::put_byte(b'\n');
    }};
    ($($arg:tt)*) => {{
        $crate::console::print!($($arg)*);
        $crate::console::put_byte(b'\r');
        $crate::console::put_byte(b'\n');
    }};
}

pub(crate) use {print, println};
