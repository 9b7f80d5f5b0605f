//! NS16550A UART (the `virt` console), as Linux's and OpenSBI's 8250 drivers
//! program it.
//!
//! Registers (byte offsets from 0x1000_0000, reg-shift 0):
//!
//! | off | read (DLAB=0) | write (DLAB=0) | DLAB=1 |
//! |-----|---------------|----------------|--------|
//! | 0   | RBR           | THR            | DLL    |
//! | 1   | IER           | IER            | DLM    |
//! | 2   | IIR           | FCR            |        |
//! | 3   | LCR           | LCR            |        |
//! | 4   | MCR           | MCR            |        |
//! | 5   | LSR           | (ignored)      |        |
//! | 6   | MSR           | (ignored)      |        |
//! | 7   | SCR           | SCR            |        |
//!
//! Transmission is instantaneous: a THR byte goes straight to the output
//! buffer, so LSR.THRE and LSR.TEMT are always set afterwards. Received bytes
//! wait in a host-side input queue and enter the receive FIFO only as the
//! guest reads them, so input never overruns (LSR.OE stays clear) and a FIFO
//! reset (FCR) drops none of it.
//!
//! The interrupt output (PLIC source 10) follows the IIR: it is asserted
//! whenever the IIR reports a cause.

use std::collections::VecDeque;
use std::io::Read;
use std::sync::mpsc::{self, Receiver};

use super::device::{BusFault, Device, Region};

pub const UART_BASE: u64 = 0x1000_0000;
pub const UART_SIZE: u64 = 0x100;
/// The UART's PLIC source number.
pub const UART_IRQ: u32 = 10;
/// The input clock the device tree announces (clock-frequency).
pub const UART_CLOCK_HZ: u32 = 3_686_400;

// IER bits.
const IER_RDI: u8 = 1 << 0; // received data available
const IER_THRI: u8 = 1 << 1; // THR empty
// IER bit 2 (receiver line status) is stored but never fires: the line
// never reports errors.
const IER_MSI: u8 = 1 << 3; // modem status

// IIR values (bit 0 set = no interrupt pending).
const IIR_NONE: u8 = 0x01;
const IIR_MSI: u8 = 0x00;
const IIR_THRI: u8 = 0x02;
const IIR_RDI: u8 = 0x04;
const IIR_FIFO_ENABLED: u8 = 0xc0;

// FCR bits.
const FCR_ENABLE: u8 = 1 << 0;

// LCR bits.
const LCR_DLAB: u8 = 1 << 7;

// MCR bits.
const MCR_DTR: u8 = 1 << 0;
const MCR_RTS: u8 = 1 << 1;
const MCR_OUT1: u8 = 1 << 2;
const MCR_OUT2: u8 = 1 << 3;
const MCR_LOOP: u8 = 1 << 4;

// LSR bits.
const LSR_DR: u8 = 1 << 0;
const LSR_THRE: u8 = 1 << 5;
const LSR_TEMT: u8 = 1 << 6;

// MSR bits: delta bits 0..3, status bits 4..7.
const MSR_DELTAS: u8 = 0x0f;
const MSR_CTS: u8 = 1 << 4;
const MSR_DSR: u8 = 1 << 5;
const MSR_RI: u8 = 1 << 6;
const MSR_DCD: u8 = 1 << 7;

/// Most bytes the UART buffers from the host before it stops pulling
/// (the host side keeps the rest): bounds memory if input floods in.
pub const INPUT_QUEUE_LIMIT: usize = 4096;

#[derive(Clone)]
pub struct Uart {
    ier: u8,
    lcr: u8,
    mcr: u8,
    msr: u8,
    scr: u8,
    fcr: u8,
    dll: u8,
    dlm: u8,
    /// A THR-empty interrupt is waiting to be reported (cleared by an IIR
    /// read that reports it or a THR write).
    thr_pending: bool,
    input: VecDeque<u8>,
    output: Vec<u8>,
}

impl Default for Uart {
    fn default() -> Self {
        Uart::new()
    }
}

impl Uart {
    /// The UART's window (as QEMU `virt`).
    pub const REGION: Region = Region { name: "UART", base: UART_BASE, size: UART_SIZE };

    pub fn new() -> Uart {
        Uart {
            ier: 0,
            lcr: 0,
            mcr: MCR_OUT2,
            // A connected line: carrier, data set ready, clear to send.
            msr: MSR_DCD | MSR_DSR | MSR_CTS,
            scr: 0,
            fcr: 0,
            // 115200 baud at the announced input clock.
            dll: 2,
            dlm: 0,
            thr_pending: false,
            input: VecDeque::new(),
            output: Vec::new(),
        }
    }

    /// Queue bytes as if they had arrived on the serial line.
    pub fn push_input(&mut self, bytes: &[u8]) {
        self.input.extend(bytes);
    }

    /// Bytes received but not yet read by the guest.
    pub fn input_len(&self) -> usize {
        self.input.len()
    }

    /// Everything transmitted and not yet taken.
    pub fn output(&self) -> &[u8] {
        &self.output
    }

    /// Take the transmitted bytes, leaving the buffer empty.
    pub fn take_output(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.output)
    }

    /// Append bytes to the console output (used by other console devices,
    /// e.g. HTIF, so all output comes out in order).
    pub fn console_write(&mut self, bytes: &[u8]) {
        self.output.extend_from_slice(bytes);
    }

    fn dlab(&self) -> bool {
        self.lcr & LCR_DLAB != 0
    }

    fn lsr(&self) -> u8 {
        let mut lsr = LSR_THRE | LSR_TEMT;
        if !self.input.is_empty() {
            lsr |= LSR_DR;
        }
        lsr
    }

    /// The highest-priority pending cause, as the IIR's low nibble.
    fn cause(&self) -> u8 {
        // Priority order: line status (never raised here), received data,
        // THR empty, modem status.
        if self.ier & IER_RDI != 0 && !self.input.is_empty() {
            IIR_RDI
        } else if self.ier & IER_THRI != 0 && self.thr_pending {
            IIR_THRI
        } else if self.ier & IER_MSI != 0 && self.msr & MSR_DELTAS != 0 {
            IIR_MSI
        } else {
            IIR_NONE
        }
    }

    /// The interrupt output (to PLIC source 10).
    pub fn irq(&self) -> bool {
        self.cause() != IIR_NONE
    }

    fn iir(&mut self) -> u8 {
        let cause = self.cause();
        // Reading the IIR while it reports THR empty acknowledges it.
        if cause == IIR_THRI {
            self.thr_pending = false;
        }
        let fifo = if self.fcr & FCR_ENABLE != 0 { IIR_FIFO_ENABLED } else { 0 };
        cause | fifo
    }

    /// Modem status in loopback: the outputs of MCR wired back (DTR->DSR,
    /// RTS->CTS, OUT1->RI, OUT2->DCD).
    fn loopback_msr(&self) -> u8 {
        let mut m = 0;
        if self.mcr & MCR_DTR != 0 {
            m |= MSR_DSR;
        }
        if self.mcr & MCR_RTS != 0 {
            m |= MSR_CTS;
        }
        if self.mcr & MCR_OUT1 != 0 {
            m |= MSR_RI;
        }
        if self.mcr & MCR_OUT2 != 0 {
            m |= MSR_DCD;
        }
        m
    }

    /// Read register `offset` (0..8). Any access size is accepted; the
    /// register is 8 bits wide and the rest reads as 0.
    pub fn read(&mut self, offset: u64) -> u8 {
        match (offset, self.dlab()) {
            (0, true) => self.dll,
            (0, false) => self.input.pop_front().unwrap_or(0),
            (1, true) => self.dlm,
            (1, false) => self.ier,
            (2, _) => self.iir(),
            (3, _) => self.lcr,
            (4, _) => self.mcr,
            (5, _) => self.lsr(),
            (6, _) => {
                let v = self.msr;
                // Reading MSR clears the delta bits.
                self.msr &= !MSR_DELTAS;
                v
            }
            (7, _) => self.scr,
            _ => 0,
        }
    }

    /// Write register `offset` (0..8).
    pub fn write(&mut self, offset: u64, val: u8) {
        match (offset, self.dlab()) {
            (0, true) => self.dll = val,
            (0, false) => {
                if self.mcr & MCR_LOOP != 0 {
                    self.input.push_back(val);
                } else {
                    self.output.push(val);
                }
                // The byte leaves at once: THR is empty again, which is a
                // fresh THR-empty event.
                self.thr_pending = true;
            }
            (1, true) => self.dlm = val,
            (1, false) => {
                let enabling_thri = val & IER_THRI != 0 && self.ier & IER_THRI == 0;
                self.ier = val & 0x0f;
                // Enabling the THR-empty interrupt while THR is empty raises
                // it (the 8250 driver relies on this to start transmitting).
                if enabling_thri {
                    self.thr_pending = true;
                } else if self.ier & IER_THRI == 0 {
                    self.thr_pending = false;
                }
            }
            (2, _) => {
                // Toggling the FIFO enable or FCR.RXSR empties the receive
                // FIFO. Host input enters the FIFO only as the guest drains
                // it (a byte is "received" when the guest reads RBR), so
                // the FIFO holds nothing a reset could drop: input piped
                // before the guest's driver starts (which resets the FIFO,
                // as hemu-sbi, OpenSBI and Linux do) is all delivered.
                self.fcr = val & (FCR_ENABLE | 0xc0);
            }
            (3, _) => self.lcr = val,
            (4, _) => {
                let old = self.mcr;
                self.mcr = val & 0x1f;
                if (old ^ self.mcr) & MCR_LOOP != 0 || self.mcr & MCR_LOOP != 0 {
                    let old_msr = self.msr & !MSR_DELTAS;
                    let new_msr = if self.mcr & MCR_LOOP != 0 {
                        self.loopback_msr()
                    } else {
                        MSR_DCD | MSR_DSR | MSR_CTS
                    };
                    let changed = old_msr ^ new_msr;
                    // Delta bits: DCTS, DDSR, TERI (RI falling), DDCD.
                    let mut delta = 0;
                    if changed & MSR_CTS != 0 {
                        delta |= 1 << 0;
                    }
                    if changed & MSR_DSR != 0 {
                        delta |= 1 << 1;
                    }
                    if old_msr & MSR_RI != 0 && new_msr & MSR_RI == 0 {
                        delta |= 1 << 2;
                    }
                    if changed & MSR_DCD != 0 {
                        delta |= 1 << 3;
                    }
                    self.msr = new_msr | (self.msr & MSR_DELTAS) | delta;
                }
            }
            (7, _) => self.scr = val,
            _ => {}
        }
    }
}

impl Device for Uart {
    fn region(&self) -> Region {
        Uart::REGION
    }

    /// The registers are bytes: any size is accepted at a naturally aligned
    /// register address, the low byte carries the data and the rest reads
    /// as 0.
    fn load(&mut self, offset: u64, size: u8) -> Result<u64, BusFault> {
        if !offset.is_multiple_of(size as u64) {
            return Err(BusFault);
        }
        Ok(self.read(offset) as u64)
    }

    /// As `load`.
    fn store(&mut self, offset: u64, size: u8, val: u64) -> Result<(), BusFault> {
        if !offset.is_multiple_of(size as u64) {
            return Err(BusFault);
        }
        self.write(offset, val as u8);
        Ok(())
    }

    fn plic_source(&self) -> Option<u32> {
        Some(UART_IRQ)
    }

    /// Asserted whenever the IIR reports a cause.
    fn interrupt(&self) -> bool {
        self.irq()
    }

    /// The registers go back to reset values; queued input and captured
    /// output are kept.
    fn reset(&mut self) {
        let input = std::mem::take(&mut self.input);
        let output = std::mem::take(&mut self.output);
        *self = Uart { input, output, ..Uart::new() };
    }
}

/// Start a background thread that reads the host's stdin and sends each
/// byte; the channel closes at end of input. The emulator polls the
/// receiver, so it never blocks on the host.
pub fn spawn_stdin_reader() -> Receiver<u8> {
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new().name("hemu-stdin".into()).spawn(move || {
        let mut stdin = std::io::stdin().lock();
        let mut buf = [0u8; 256];
        loop {
            match stdin.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    for &b in &buf[..n] {
                        if tx.send(b).is_err() {
                            return;
                        }
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => break,
            }
        }
    });
    // If no thread can be started, the dropped sender closes the channel:
    // the machine then knows no input will ever come.
    drop(spawned);
    rx
}
