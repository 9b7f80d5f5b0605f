//! The machine's physical address space: RAM and the QEMU `virt` devices.
//!
//! Memory map (as QEMU `virt`):
//! - 0x0000_1000 boot ROM
//! - 0x0010_0000 SiFive test finisher
//! - 0x0200_0000 CLINT
//! - 0x0c00_0000 PLIC
//! - 0x1000_0000 16550A UART
//! - 0x8000_0000 RAM

pub mod ram;

pub use ram::Ram;

pub const RAM_BASE: u64 = 0x8000_0000;

/// An access the bus cannot serve: nothing there, or a size/alignment the
/// device does not accept. The hart turns it into an access fault.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct BusFault;

/// Everything reachable by physical address.
pub struct Bus {
    pub ram: Ram,
}

impl Bus {
    pub fn new(ram_size: u64) -> Bus {
        Bus { ram: Ram::new(RAM_BASE, ram_size) }
    }

    /// TEMPORARY until the CLINT lands: the platform time.
    pub fn mtime(&self) -> u64 {
        0
    }

    /// Read `size` (1, 2, 4 or 8) bytes at `paddr`, zero-extended.
    pub fn read(&mut self, paddr: u64, size: u8) -> Result<u64, BusFault> {
        if let Some(v) = self.ram.read(paddr, size) {
            return Ok(v);
        }
        Err(BusFault)
    }

    /// Write the low `size` bytes of `val` at `paddr`.
    pub fn write(&mut self, paddr: u64, size: u8, val: u64) -> Result<(), BusFault> {
        if self.ram.write(paddr, size, val) {
            return Ok(());
        }
        Err(BusFault)
    }
}
