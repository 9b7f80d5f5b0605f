//! SiFive test finisher ("sifive,test0"): a guest writes a status word to
//! power the machine off or reset it (used by OpenSBI, Linux's
//! syscon-poweroff/-reboot, and bare-metal tests).
//!
//! A 32-bit write of `code << 16 | status` at offset 0:
//! - status 0x5555 (FINISHER_PASS): power off, exit status 0
//! - status 0x3333 (FINISHER_FAIL): power off, exit status `code`
//! - status 0x7777 (FINISHER_RESET): system reset
//!
//! Other values are ignored; reads return 0.

use super::device::{BusFault, Device, Region};

pub const FINISHER_BASE: u64 = 0x10_0000;
pub const FINISHER_SIZE: u64 = 0x1000;

pub const FINISHER_FAIL: u32 = 0x3333;
pub const FINISHER_PASS: u32 = 0x5555;
pub const FINISHER_RESET: u32 = 0x7777;

/// Who asked the machine to stop.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ExitSource {
    /// The SiFive test finisher.
    Finisher,
    /// An HTIF `tohost` exit command or SYS_exit.
    Htif,
}

/// A request from the guest to stop or restart the machine.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum MachineExit {
    /// Power off with this exit status (0 = success).
    Exit { code: u64, source: ExitSource },
    /// Restart from the reset vector with freshly loaded images.
    Reset,
}

#[derive(Clone, Default)]
pub struct Finisher {
    request: Option<MachineExit>,
}

impl Finisher {
    /// The test finisher's window (as QEMU `virt`).
    pub const REGION: Region = Region { name: "test finisher", base: FINISHER_BASE, size: FINISHER_SIZE };

    pub fn new() -> Finisher {
        Finisher::default()
    }

    /// The latest request, if any (not consumed).
    pub fn request(&self) -> Option<MachineExit> {
        self.request
    }

    /// Take the request, clearing it.
    pub fn take_request(&mut self) -> Option<MachineExit> {
        self.request.take()
    }
}

impl Device for Finisher {
    fn region(&self) -> Region {
        Finisher::REGION
    }

    /// Aligned 16- and 32-bit reads return 0.
    fn load(&mut self, offset: u64, size: u8) -> Result<u64, BusFault> {
        (matches!(size, 2 | 4) && offset.is_multiple_of(size as u64)).then_some(0).ok_or(BusFault)
    }

    /// Only aligned 32-bit writes at offset 0 act; 16-bit writes are
    /// accepted (as QEMU does) and act on the status alone.
    fn store(&mut self, offset: u64, size: u8, val: u64) -> Result<(), BusFault> {
        if !matches!(size, 2 | 4) || !offset.is_multiple_of(size as u64) {
            return Err(BusFault);
        }
        if offset != 0 {
            return Ok(());
        }
        let val = val as u32 & if size == 2 { 0xffff } else { u32::MAX };
        let code = (val >> 16) as u64;
        self.request = match val & 0xffff {
            FINISHER_PASS => Some(MachineExit::Exit { code: 0, source: ExitSource::Finisher }),
            FINISHER_FAIL => Some(MachineExit::Exit { code, source: ExitSource::Finisher }),
            FINISHER_RESET => Some(MachineExit::Reset),
            _ => self.request,
        };
        Ok(())
    }

    /// A request not yet taken is dropped.
    fn reset(&mut self) {
        *self = Finisher::new();
    }
}
