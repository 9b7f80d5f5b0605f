//! Lab 4: an emulated 16550 UART, the guest's console device at guest-physical 0x1000_0000.
//! The guest drives it with ordinary byte loads and stores; none of its GPAs is mapped in the
//! G-stage, so every access exits to lab4_mmio, which calls `read`/`write` here.
//!
//! Registers (byte-wide, offset from the base; DLAB = LCR bit 7 selects the divisor latch):
//! 0 RBR (read) / THR (write) / DLL, 1 IER / DLM, 2 IIR (read) / FCR (write), 3 LCR, 4 MCR,
//! 5 LSR, 6 MSR, 7 SCR. Transmission is instant (LSR.THRE and TEMT always 1); received bytes
//! come from the real keyboard via lab 3, which sees the device as a `SerialInput`.

use crate::lab3_interrupts::SerialInput;

pub const UART_GPA: u64 = 0x1000_0000;
pub const UART_SIZE: u64 = 0x100;

const IER_RDA: u8 = 0x01; // receive-data-available interrupt enable
const LCR_DLAB: u8 = 0x80;
const LSR_DR: u8 = 0x01; // data ready
const LSR_THRE: u8 = 0x20; // transmit holding register empty
const LSR_TEMT: u8 = 0x40; // transmitter empty
const IIR_NONE: u8 = 0x01;
const IIR_RDA: u8 = 0x04;
const IIR_FIFO: u8 = 0xc0;

pub struct Uart16550 {
    ier: u8,
    lcr: u8,
    mcr: u8,
    scr: u8,
    fcr: u8,
    dll: u8,
    dlm: u8,
    rx: [u8; 64],
    rx_head: usize,
    rx_len: usize,
}

impl Uart16550 {
    pub const fn new() -> Self {
        Uart16550 { ier: 0, lcr: 0, mcr: 0, scr: 0, fcr: 0, dll: 0, dlm: 0, rx: [0; 64], rx_head: 0, rx_len: 0 }
    }

    /// The oldest received byte (a read of RBR, or the guest's SBI console_getchar).
    pub fn pop_input(&mut self) -> Option<u8> {
        if self.rx_len == 0 {
            return None;
        }
        let b = self.rx[self.rx_head];
        self.rx_head = (self.rx_head + 1) % self.rx.len();
        self.rx_len -= 1;
        Some(b)
    }
    /// A guest byte load at `offset`.
    pub fn read(&mut self, offset: u64) -> u8 {
        let dlab = self.lcr & LCR_DLAB != 0;
        match offset {
            0 if dlab => self.dll,
            0 => self.pop_input().unwrap_or(0),
            1 if dlab => self.dlm,
            1 => self.ier,
            2 => (if self.fcr & 1 != 0 { IIR_FIFO } else { 0 }) | if self.interrupt_pending() { IIR_RDA } else { IIR_NONE },
            3 => self.lcr,
            4 => self.mcr,
            5 => LSR_THRE | LSR_TEMT | if self.rx_len > 0 { LSR_DR } else { 0 },
            6 => 0xb0, // MSR: DCD, DSR, CTS asserted
            7 => self.scr,
            _ => 0,
        }
    }

    /// A guest byte store at `offset`; returns the byte to print for a THR write.
    pub fn write(&mut self, offset: u64, v: u8) -> Option<u8> {
        let dlab = self.lcr & LCR_DLAB != 0;
        match offset {
            0 if dlab => self.dll = v,
            0 => return Some(v),
            1 if dlab => self.dlm = v,
            1 => self.ier = v & 0x0f,
            2 => {
                self.fcr = v;
                if v & 0x02 != 0 {
                    self.rx_len = 0; // FCR bit 1: clear the receive FIFO
                }
            }
            3 => self.lcr = v,
            4 => self.mcr = v,
            7 => self.scr = v,
            _ => {}
        }
        None
    }
}

impl SerialInput for Uart16550 {
    /// A byte typed on the keyboard (dropped if the FIFO is full, as a real one would overrun).
    fn push_input(&mut self, b: u8) {
        if self.rx_len < self.rx.len() {
            self.rx[(self.rx_head + self.rx_len) % self.rx.len()] = b;
            self.rx_len += 1;
        }
    }
    fn rx_interrupt_enabled(&self) -> bool {
        self.ier & IER_RDA != 0
    }
    fn has_room(&self) -> bool {
        self.rx_len < self.rx.len()
    }
    fn interrupt_pending(&self) -> bool {
        self.rx_interrupt_enabled() && self.rx_len > 0
    }
}
