//! The machine's physical address space: RAM and the QEMU `virt` devices.
//!
//! Memory map (as QEMU `virt`):
//! - 0x0000_1000 boot ROM (read-only)
//! - 0x0010_0000 SiFive test finisher
//! - 0x0200_0000 CLINT
//! - 0x0c00_0000 PLIC
//! - 0x1000_0000 16550A UART (PLIC source 10)
//! - 0x8000_0000 RAM
//!
//! The bus is passive: devices change state only when accessed, and the
//! machine (`crate::machine`) moves time forward, feeds UART input, polls
//! HTIF and reads the interrupt lines between instruction chunks.

pub mod clint;
pub mod fdt;
pub mod finisher;
pub mod htif;
pub mod plic;
pub mod ram;
pub mod rom;
pub mod uart;

pub use clint::{Clint, Clock};
pub use finisher::{ExitSource, Finisher, MachineExit};
pub use htif::Htif;
pub use plic::Plic;
pub use ram::Ram;
pub use rom::BootRom;
pub use uart::Uart;

use crate::hart::csr::bits::{MEIP, MSIP, MTIP, SEIP};
use clint::{CLINT_BASE, CLINT_SIZE};
use finisher::{FINISHER_BASE, FINISHER_SIZE};
use plic::{PLIC_BASE, PLIC_SIZE};
use rom::{ROM_BASE, ROM_SIZE};
use uart::{UART_BASE, UART_IRQ, UART_SIZE};

pub const RAM_BASE: u64 = 0x8000_0000;
/// The default RAM size (as `qemu -M virt -m 512M`).
pub const DEFAULT_RAM_SIZE: u64 = 512 << 20;

/// PLIC context of hart 0's M-mode (drives mip.MEIP).
pub const PLIC_CONTEXT_M: usize = 0;
/// PLIC context of hart 0's S-mode (drives mip.SEIP).
pub const PLIC_CONTEXT_S: usize = 1;

/// An access the bus cannot serve: nothing there, or a size/alignment the
/// device does not accept. The hart turns it into an access fault.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct BusFault;

/// A device window in the memory map.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Region {
    pub name: &'static str,
    pub base: u64,
    pub size: u64,
}

/// Every device window (RAM excluded), lowest address first.
pub const DEVICES: [Region; 5] = [
    Region { name: "boot ROM", base: ROM_BASE, size: ROM_SIZE },
    Region { name: "test finisher", base: FINISHER_BASE, size: FINISHER_SIZE },
    Region { name: "CLINT", base: CLINT_BASE, size: CLINT_SIZE },
    Region { name: "PLIC", base: PLIC_BASE, size: PLIC_SIZE },
    Region { name: "UART", base: UART_BASE, size: UART_SIZE },
];

/// The device window overlapping `[start, end)`, if any.
pub fn device_overlapping(start: u64, end: u64) -> Option<Region> {
    DEVICES.iter().copied().find(|r| start < r.base + r.size && r.base < end)
}

/// Everything reachable by physical address.
pub struct Bus {
    pub ram: Ram,
    pub rom: BootRom,
    pub clint: Clint,
    pub plic: Plic,
    pub uart: Uart,
    pub finisher: Finisher,
    /// The riscv-tests host interface, when the loaded program has
    /// `tohost`/`fromhost` symbols.
    pub htif: Option<Htif>,
    /// An exit HTIF asked for, kept until taken.
    htif_exit: Option<MachineExit>,
    /// Set by every device register access: the hart then re-reads the
    /// interrupt lines at once (`Hart::device_accessed`).
    pub device_touched: bool,
}

impl Bus {
    /// RAM of `ram_size` bytes at [`RAM_BASE`] and every device in its reset
    /// state, with the deterministic clock. The ROM is empty until the
    /// machine programs it. UART output is captured (see [`Bus::output`]).
    pub fn new(ram_size: u64) -> Bus {
        Bus::with_ram(Ram::new(RAM_BASE, ram_size), Clock::Instructions)
    }

    /// A bus around an already allocated RAM, with time taken from `clock`.
    pub fn with_ram(ram: Ram, clock: Clock) -> Bus {
        Bus {
            ram,
            rom: BootRom::default(),
            clint: Clint::new(clock),
            plic: Plic::new(),
            uart: Uart::new(),
            finisher: Finisher::new(),
            htif: None,
            htif_exit: None,
            device_touched: false,
        }
    }

    /// Read `size` (1, 2, 4 or 8) bytes at `paddr`, zero-extended.
    #[inline]
    pub fn read(&mut self, paddr: u64, size: u8) -> Result<u64, BusFault> {
        if let Some(v) = self.ram.read(paddr, size) {
            return Ok(v);
        }
        self.read_device(paddr, size)
    }

    /// Write the low `size` bytes of `val` at `paddr`.
    #[inline]
    pub fn write(&mut self, paddr: u64, size: u8, val: u64) -> Result<(), BusFault> {
        if self.ram.write(paddr, size, val) {
            return Ok(());
        }
        self.write_device(paddr, size, val)
    }

    #[inline(never)]
    fn read_device(&mut self, paddr: u64, size: u8) -> Result<u64, BusFault> {
        // The boot ROM has no side effects (and is read by fetches).
        if in_window(paddr, size, ROM_BASE, ROM_SIZE) {
            return self.rom.read(paddr - ROM_BASE, size).ok_or(BusFault);
        }
        self.device_touched = true;
        let v = match paddr {
            a if in_window(a, size, FINISHER_BASE, FINISHER_SIZE) => {
                self.finisher.read(a - FINISHER_BASE, size)
            }
            a if in_window(a, size, CLINT_BASE, CLINT_SIZE) => self.clint.read(a - CLINT_BASE, size),
            a if in_window(a, size, PLIC_BASE, PLIC_SIZE) => self.plic.read(a - PLIC_BASE, size),
            a if in_window(a, size, UART_BASE, UART_SIZE) && uart_size_ok(a, size) => {
                let v = self.uart.read(a - UART_BASE);
                // Reading RBR or IIR can withdraw the UART's request.
                self.sync_uart_irq();
                Some(v as u64)
            }
            _ => None,
        };
        v.ok_or(BusFault)
    }

    #[inline(never)]
    fn write_device(&mut self, paddr: u64, size: u8, val: u64) -> Result<(), BusFault> {
        self.device_touched = true;
        let ok = match paddr {
            a if in_window(a, size, FINISHER_BASE, FINISHER_SIZE) => {
                self.finisher.write(a - FINISHER_BASE, size, val)
            }
            a if in_window(a, size, CLINT_BASE, CLINT_SIZE) => {
                self.clint.write(a - CLINT_BASE, size, val)
            }
            a if in_window(a, size, PLIC_BASE, PLIC_SIZE) => self.plic.write(a - PLIC_BASE, size, val),
            a if in_window(a, size, UART_BASE, UART_SIZE) && uart_size_ok(a, size) => {
                self.uart.write(a - UART_BASE, val as u8);
                self.sync_uart_irq();
                Some(())
            }
            // The boot ROM and everything unmapped: access fault.
            _ => None,
        };
        ok.ok_or(BusFault)
    }

    /// Present the UART's interrupt output to its PLIC gateway.
    fn sync_uart_irq(&mut self) {
        let level = self.uart.irq();
        self.plic.set_level(UART_IRQ, level);
    }

    /// The device-driven interrupt lines, in mip layout: MSIP and MTIP from
    /// the CLINT, MEIP from PLIC context 0, SEIP from PLIC context 1.
    pub fn irq_lines(&self) -> u64 {
        let mut lines = 0;
        if self.clint.msip {
            lines |= MSIP;
        }
        if self.clint.mtip() {
            lines |= MTIP;
        }
        if self.plic.context_line(PLIC_CONTEXT_M) {
            lines |= MEIP;
        }
        if self.plic.context_line(PLIC_CONTEXT_S) {
            lines |= SEIP;
        }
        lines
    }

    /// Ticks until the CLINT timer fires (`Some(0)`: already firing;
    /// `None`: disarmed).
    pub fn ticks_until_timer(&self) -> Option<u64> {
        self.clint.ticks_until_timer()
    }

    /// The current mtime (what the `time` CSR reads).
    #[inline]
    pub fn mtime(&self) -> u64 {
        self.clint.mtime()
    }

    /// Queue bytes on the UART's receive line and update its interrupt.
    pub fn push_input(&mut self, bytes: &[u8]) {
        self.uart.push_input(bytes);
        self.sync_uart_irq();
    }

    /// Console output (UART and HTIF) not yet taken.
    pub fn output(&self) -> &[u8] {
        self.uart.output()
    }

    /// Take the console output, leaving the buffer empty.
    pub fn take_output(&mut self) -> Vec<u8> {
        self.uart.take_output()
    }

    /// Carry out a pending HTIF command, if HTIF is active. Cheap when idle:
    /// one RAM read.
    pub fn poll_htif(&mut self) {
        if let Some(htif) = self.htif {
            if let Some(exit) = htif.poll(&mut self.ram, &mut self.uart) {
                self.htif_exit.get_or_insert(exit);
            }
        }
    }

    /// The guest's request to stop or reset, if it made one (finisher or
    /// HTIF). Not consumed.
    pub fn exit_request(&self) -> Option<MachineExit> {
        self.finisher.request().or(self.htif_exit)
    }

    /// Take the guest's request to stop or reset, clearing it.
    pub fn take_exit_request(&mut self) -> Option<MachineExit> {
        self.finisher.take_request().or_else(|| self.htif_exit.take())
    }

    /// Reset every device's registers (system reset). RAM, time, queued
    /// input and captured output are kept.
    pub fn reset_devices(&mut self) {
        self.clint.reset();
        self.plic = Plic::new();
        self.uart.reset();
        self.finisher = Finisher::new();
        self.htif_exit = None;
        self.sync_uart_irq();
    }
}

/// True if `[addr, addr+size)` lies inside the window `[base, base+len)`.
#[inline]
fn in_window(addr: u64, size: u8, base: u64, len: u64) -> bool {
    addr >= base && addr - base < len && addr - base + size as u64 <= len
}

/// The UART's registers are bytes: any size up to 8 is accepted at a
/// naturally aligned register address (the low byte carries the data).
fn uart_size_ok(addr: u64, size: u8) -> bool {
    matches!(size, 1 | 2 | 4 | 8) && addr.is_multiple_of(size as u64)
}
