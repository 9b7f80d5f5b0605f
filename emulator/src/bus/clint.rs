//! CLINT (SiFive core-local interruptor, as QEMU `virt` maps it): the
//! machine-mode software interrupt (msip), the timer compare register
//! (mtimecmp) and the platform timer (mtime), for hart 0.
//!
//! Register map (offsets from 0x0200_0000):
//! - 0x0000 msip (32-bit; bit 0 drives mip.MSIP)
//! - 0x4000 mtimecmp (64-bit; 4- or 8-byte accesses)
//! - 0xbff8 mtime (64-bit; 4- or 8-byte accesses)
//!
//! Time: mtime is a function of a clock the machine chooses (see [`Clock`]).
//! In the deterministic clock, mtime advances one tick per
//! [`INSTRUCTIONS_PER_TICK`] instructions the hart executed: with the
//! device tree's timebase of 10 MHz that models a 100 MHz hart running one
//! instruction per cycle. The machine reports the executed count
//! ([`Clint::set_retired`]) and may skip time forward while the hart idles
//! in WFI ([`Clint::advance`]).

use std::time::Instant;

use super::device::{BusFault, Device, Region};

pub const CLINT_BASE: u64 = 0x0200_0000;
pub const CLINT_SIZE: u64 = 0x1_0000;

const MSIP: u64 = 0x0000;
const MTIMECMP: u64 = 0x4000;
const MTIME: u64 = 0xbff8;

/// Timer ticks per second (the device tree's timebase-frequency).
pub const TIMEBASE_HZ: u64 = 10_000_000;
/// Instructions per mtime tick in the deterministic clock.
pub const INSTRUCTIONS_PER_TICK: u64 = 10;

/// What drives mtime.
#[derive(Clone, Copy, Debug)]
pub enum Clock {
    /// mtime = ticks counted from executed instructions (plus skips): the
    /// same program always sees the same times.
    Instructions,
    /// mtime follows the host's monotonic clock (guest time = wall time).
    Host { start: Instant },
}

#[derive(Clone)]
pub struct Clint {
    /// mip.MSIP for hart 0 (the msip register's bit 0).
    pub msip: bool,
    /// The timer fires (mip.MTIP) while mtime >= mtimecmp. Reset value is
    /// all ones (the spec leaves it unspecified; this keeps MTIP clear).
    pub mtimecmp: u64,
    clock: Clock,
    /// mtime at the anchor point.
    base_ticks: u64,
    /// Executed-instruction count at the anchor (deterministic clock).
    anchor_retired: u64,
    /// The executed-instruction count the machine reported at the start of
    /// the current chunk.
    retired: u64,
    /// Instructions executed so far in the current chunk, if the hart
    /// reports them (for exact mtime reads in the middle of a chunk).
    progress: u64,
}

impl Default for Clint {
    fn default() -> Self {
        Clint::new(Clock::Instructions)
    }
}

impl Clint {
    /// The CLINT's window (as QEMU `virt`).
    pub const REGION: Region = Region { name: "CLINT", base: CLINT_BASE, size: CLINT_SIZE };

    pub fn new(clock: Clock) -> Clint {
        Clint {
            msip: false,
            mtimecmp: u64::MAX,
            clock,
            base_ticks: 0,
            anchor_retired: 0,
            retired: 0,
            progress: 0,
        }
    }

    pub fn clock(&self) -> Clock {
        self.clock
    }

    /// Report how many instructions the hart has executed in total (a
    /// monotonic count kept by the machine, at chunk boundaries). Resets the
    /// in-chunk progress. Cheap: two stores.
    #[inline]
    pub fn set_retired(&mut self, retired: u64) {
        self.retired = retired;
        self.progress = 0;
    }

    /// Report how many instructions the hart has executed since the current
    /// chunk began. Optional: the hart may call it before an access that
    /// reads time (the `time` CSR, an MMIO read of mtime) so the value is
    /// exact to the instruction instead of to the chunk.
    #[inline]
    pub fn set_chunk_progress(&mut self, executed: u64) {
        self.progress = executed;
    }

    /// The instruction count time is computed from.
    #[inline]
    fn now_retired(&self) -> u64 {
        self.retired.wrapping_add(self.progress)
    }

    /// The current value of mtime.
    #[inline]
    pub fn mtime(&self) -> u64 {
        match self.clock {
            Clock::Instructions => self
                .base_ticks
                .wrapping_add(self.now_retired().wrapping_sub(self.anchor_retired) / INSTRUCTIONS_PER_TICK),
            Clock::Host { start } => {
                let ns = start.elapsed().as_nanos();
                let ticks = ns / (1_000_000_000 / TIMEBASE_HZ as u128);
                self.base_ticks.wrapping_add(ticks as u64)
            }
        }
    }

    /// Set mtime (a guest write). The fraction of a tick already counted is
    /// dropped: the new value starts a fresh tick.
    pub fn set_mtime(&mut self, value: u64) {
        match self.clock {
            Clock::Instructions => {
                self.base_ticks = value;
                self.anchor_retired = self.now_retired();
            }
            Clock::Host { .. } => {
                let now = self.mtime().wrapping_sub(self.base_ticks);
                self.base_ticks = value.wrapping_sub(now);
            }
        }
    }

    /// Move time forward by `ticks` without executing instructions (WFI
    /// fast-forward). Keeps the sub-tick remainder.
    pub fn advance(&mut self, ticks: u64) {
        self.base_ticks = self.base_ticks.wrapping_add(ticks);
    }

    /// True while the timer interrupt is asserted (mtime >= mtimecmp).
    #[inline]
    pub fn mtip(&self) -> bool {
        self.mtime() >= self.mtimecmp
    }

    /// Ticks until mtime reaches mtimecmp: `Some(0)` if the timer is already
    /// firing, `None` if it is disarmed (mtimecmp = all ones).
    pub fn ticks_until_timer(&self) -> Option<u64> {
        ticks_until(self.mtime(), self.mtimecmp)
    }

    /// How many more instructions must execute before mtime reaches
    /// `deadline` (deterministic clock only; `None` for the host clock, or
    /// if the deadline is all ones). `Some(0)` if it has been reached.
    pub fn instructions_until(&self, deadline: u64) -> Option<u64> {
        if deadline == u64::MAX || !matches!(self.clock, Clock::Instructions) {
            return None;
        }
        if self.mtime() >= deadline {
            return Some(0);
        }
        // mtime(retired + k) >= deadline  <=>
        // (retired + k - anchor) >= (deadline - base) * INSTRUCTIONS_PER_TICK
        // (Saturating: after mtime wrapped around, the deadline may be below
        // the anchor; the answer is then "now".)
        let needed = deadline.saturating_sub(self.base_ticks).saturating_mul(INSTRUCTIONS_PER_TICK);
        let done = self.now_retired().wrapping_sub(self.anchor_retired);
        Some(needed.saturating_sub(done))
    }
}

impl Device for Clint {
    fn region(&self) -> Region {
        Clint::REGION
    }

    /// msip takes 4-byte accesses; mtimecmp and mtime take aligned 4- or
    /// 8-byte accesses (either half of the 64-bit register).
    fn load(&mut self, offset: u64, size: u8) -> Result<u64, BusFault> {
        match (offset, size) {
            (MSIP, 4) => Ok(self.msip as u64),
            _ => {
                let (reg, shift) = wide_register(offset, size).ok_or(BusFault)?;
                let v = if reg == MTIMECMP { self.mtimecmp } else { self.mtime() };
                Ok(narrow(v >> shift, size))
            }
        }
    }

    fn store(&mut self, offset: u64, size: u8, val: u64) -> Result<(), BusFault> {
        match (offset, size) {
            (MSIP, 4) => self.msip = val & 1 != 0,
            _ => {
                let (reg, shift) = wide_register(offset, size).ok_or(BusFault)?;
                let old = if reg == MTIMECMP { self.mtimecmp } else { self.mtime() };
                let new = merge(old, val, shift, size);
                if reg == MTIMECMP {
                    self.mtimecmp = new;
                } else {
                    self.set_mtime(new);
                }
            }
        }
        Ok(())
    }

    /// msip and mtimecmp go back to reset values; time keeps running.
    fn reset(&mut self) {
        self.msip = false;
        self.mtimecmp = u64::MAX;
    }
}

/// Ticks from `now` until `deadline`; `None` if `deadline` is all ones.
pub fn ticks_until(now: u64, deadline: u64) -> Option<u64> {
    (deadline != u64::MAX).then(|| deadline.saturating_sub(now))
}

/// Decode an access to one of the 64-bit registers: which register, and
/// the bit offset of the accessed half.
fn wide_register(offset: u64, size: u8) -> Option<(u64, u32)> {
    let reg = match offset & !7 {
        MTIMECMP => MTIMECMP,
        MTIME => MTIME,
        _ => return None,
    };
    match (size, offset & 7) {
        (8, 0) => Some((reg, 0)),
        (4, 0) => Some((reg, 0)),
        (4, 4) => Some((reg, 32)),
        _ => None,
    }
}

fn narrow(v: u64, size: u8) -> u64 {
    if size == 8 {
        v
    } else {
        v & 0xffff_ffff
    }
}

/// Replace the accessed part of `old` with `val`.
fn merge(old: u64, val: u64, shift: u32, size: u8) -> u64 {
    if size == 8 {
        val
    } else {
        let mask = 0xffff_ffffu64 << shift;
        (old & !mask) | ((val & 0xffff_ffff) << shift)
    }
}
