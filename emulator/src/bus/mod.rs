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
//! An access goes to RAM first, directly (the hot path). Anything else is
//! looked up in the memory map, built from the devices' windows, and
//! handed to that device through the [`Device`] trait, which states what a
//! device must do; afterwards the device's interrupt output goes to its
//! PLIC gateway.
//!
//! The bus is passive: devices change state only when accessed, and the
//! machine (`crate::machine`) moves time forward, feeds UART input, polls
//! HTIF and reads the interrupt lines between instruction chunks.

pub mod clint;
pub mod device;
pub mod fdt;
pub mod finisher;
pub mod htif;
mod map;
pub mod plic;
pub mod ram;
pub mod rom;
pub mod uart;

pub use clint::{Clint, Clock};
pub use device::{BusFault, Device, Region};
pub use finisher::{ExitSource, Finisher, MachineExit};
pub use htif::Htif;
pub use plic::Plic;
pub use ram::Ram;
pub use rom::BootRom;
pub use uart::Uart;

use crate::hart::csr::bits::{MEIP, MSIP, MTIP, SEIP};
use map::{DeviceId, MemoryMap};

pub const RAM_BASE: u64 = 0x8000_0000;
/// The default RAM size (as `qemu -M virt -m 512M`).
pub const DEFAULT_RAM_SIZE: u64 = 512 << 20;

/// PLIC context of hart 0's M-mode (drives mip.MEIP).
pub const PLIC_CONTEXT_M: usize = 0;
/// PLIC context of hart 0's S-mode (drives mip.SEIP).
pub const PLIC_CONTEXT_S: usize = 1;

/// Every device window (RAM excluded), lowest address first: the memory
/// map without a bus (the loader checks images against it). A bus's own
/// map is read from its devices and is the same (a test checks it).
pub const DEVICES: [Region; 5] =
    [BootRom::REGION, Finisher::REGION, Clint::REGION, Plic::REGION, Uart::REGION];

/// The device window overlapping `[start, end)`, if any.
pub fn device_overlapping(start: u64, end: u64) -> Option<Region> {
    DEVICES.iter().copied().find(|r| r.overlaps(start, end))
}

/// Everything reachable by physical address: RAM, reached directly, and
/// the devices, reached through [`Device`] by their windows.
pub struct Bus {
    pub ram: Ram,
    pub rom: BootRom,
    /// Also the machine's timer: time moves through it.
    pub clint: Clint,
    /// Also the gateway of every device's interrupt output.
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
    map: MemoryMap,
}

/// The devices' state at one step (see [`Bus::save_devices`]): RAM is
/// not in it (the debugger's history keeps RAM pages), nor the boot ROM
/// or the memory map, which do not change while the machine runs.
#[derive(Clone)]
pub struct DeviceState {
    clint: Clint,
    plic: Plic,
    uart: Uart,
    finisher: Finisher,
    htif_exit: Option<MachineExit>,
    device_touched: bool,
}

impl Bus {
    /// Copy every device's state.
    pub fn save_devices(&self) -> DeviceState {
        DeviceState {
            clint: self.clint.clone(),
            plic: self.plic.clone(),
            uart: self.uart.clone(),
            finisher: self.finisher.clone(),
            htif_exit: self.htif_exit,
            device_touched: self.device_touched,
        }
    }

    /// Put back the devices' state. Console output the host has not taken
    /// yet stays (it was produced; going back does not unprint it).
    pub fn restore_devices(&mut self, s: &DeviceState) {
        let output = self.uart.take_output();
        self.clint = s.clint.clone();
        self.plic = s.plic.clone();
        self.uart = s.uart.clone();
        self.uart.take_output();
        self.uart.console_write(&output);
        self.finisher = s.finisher.clone();
        self.htif_exit = s.htif_exit;
        self.device_touched = s.device_touched;
    }

    /// RAM of `ram_size` bytes at [`RAM_BASE`] and every device in its reset
    /// state, with the deterministic clock. The ROM is empty until the
    /// machine programs it. UART output is captured (see [`Bus::output`]).
    pub fn new(ram_size: u64) -> Bus {
        Bus::with_ram(Ram::new(RAM_BASE, ram_size), Clock::Instructions)
    }

    /// A bus around an already allocated RAM, with time taken from `clock`.
    pub fn with_ram(ram: Ram, clock: Clock) -> Bus {
        let mut bus = Bus {
            ram,
            rom: BootRom::default(),
            clint: Clint::new(clock),
            plic: Plic::new(),
            uart: Uart::new(),
            finisher: Finisher::new(),
            htif: None,
            htif_exit: None,
            device_touched: false,
            map: MemoryMap::default(),
        };
        let windows = DeviceId::ALL.iter().map(|&id| (bus.device(id).region(), id)).collect();
        bus.map = MemoryMap::new(windows);
        bus
    }

    /// The device in slot `id`.
    fn device(&mut self, id: DeviceId) -> &mut dyn Device {
        match id {
            DeviceId::Rom => &mut self.rom,
            DeviceId::Finisher => &mut self.finisher,
            DeviceId::Clint => &mut self.clint,
            DeviceId::Plic => &mut self.plic,
            DeviceId::Uart => &mut self.uart,
        }
    }

    /// Every device's window, lowest address first.
    pub fn regions(&self) -> impl Iterator<Item = Region> + '_ {
        self.map.regions()
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
        let Some((id, offset)) = self.map.find(paddr, size) else {
            self.device_touched = true;
            return Err(BusFault);
        };
        // A load from plain memory (the boot ROM) need not make the hart
        // look at its interrupt lines again.
        let quiet = self.device(id).quiet_loads();
        if !quiet {
            self.device_touched = true;
        }
        if !valid_size(size) {
            return Err(BusFault);
        }
        let v = self.device(id).load(offset, size)?;
        if !quiet {
            self.sync_irq(id);
        }
        Ok(v)
    }

    #[inline(never)]
    fn write_device(&mut self, paddr: u64, size: u8, val: u64) -> Result<(), BusFault> {
        self.device_touched = true;
        let (id, offset) = self.map.find(paddr, size).ok_or(BusFault)?;
        if !valid_size(size) {
            return Err(BusFault);
        }
        self.device(id).store(offset, size, val)?;
        self.sync_irq(id);
        Ok(())
    }

    /// Present device `id`'s interrupt output to its PLIC gateway (an
    /// access may have raised or withdrawn it: reading the UART's RBR or
    /// IIR can withdraw its request).
    fn sync_irq(&mut self, id: DeviceId) {
        let dev = self.device(id);
        if let Some(src) = dev.plic_source() {
            let level = dev.interrupt();
            self.plic.set_level(src, level);
        }
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

    /// Report the instructions the hart has executed since power-on (at a
    /// chunk boundary): deterministic time follows them.
    #[inline]
    pub fn set_retired(&mut self, retired: u64) {
        self.clint.set_retired(retired);
    }

    /// Move time forward by `ticks` without executing anything (the hart
    /// idles in WFI).
    pub fn advance_time(&mut self, ticks: u64) {
        self.clint.advance(ticks);
    }

    /// The mtime at which the CLINT's timer fires (mtimecmp; all ones: never).
    pub fn timer_deadline(&self) -> u64 {
        self.clint.mtimecmp
    }

    /// Instructions still to execute before mtime reaches `deadline`
    /// (deterministic clock only; see [`Clint::instructions_until`]).
    pub fn instructions_until(&self, deadline: u64) -> Option<u64> {
        self.clint.instructions_until(deadline)
    }

    /// Bytes received on the UART and not yet read by the guest.
    pub fn input_len(&self) -> usize {
        self.uart.input_len()
    }

    /// Queue bytes on the UART's receive line and update its interrupt.
    pub fn push_input(&mut self, bytes: &[u8]) {
        self.uart.push_input(bytes);
        self.sync_irq(DeviceId::Uart);
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
        for id in DeviceId::ALL {
            self.device(id).reset();
        }
        self.htif_exit = None;
        for id in DeviceId::ALL {
            self.sync_irq(id);
        }
    }
}

/// The access sizes a device is ever asked for.
#[inline]
fn valid_size(size: u8) -> bool {
    matches!(size, 1 | 2 | 4 | 8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bus_map_is_the_memory_map() {
        let bus = Bus::new(0);
        assert!(bus.regions().eq(DEVICES), "DEVICES lists every device, lowest address first");
    }
}
