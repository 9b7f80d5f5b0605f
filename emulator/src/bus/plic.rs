//! PLIC (platform-level interrupt controller), laid out as QEMU `virt`'s
//! SiFive PLIC, with two contexts: 0 = hart 0 M-mode (drives mip.MEIP),
//! 1 = hart 0 S-mode (drives mip.SEIP).
//!
//! Register map (offsets from 0x0c00_0000, all 32-bit):
//! - 0x000000 + 4*src: priority of source `src` (1..=95; 0 is reserved)
//! - 0x001000: pending bits, one per source
//! - 0x002000 + 0x80*ctx: enable bits of context `ctx`
//! - 0x200000 + 0x1000*ctx: priority threshold of context `ctx`
//! - 0x200004 + 0x1000*ctx: claim (read) / complete (write)
//!
//! Gateways are level-triggered: a source is pending while its line is
//! high and it is not being serviced. A claim hands the highest-priority
//! pending, enabled source above the threshold to the context and clears its
//! pending bit; until the matching complete, the source cannot become pending
//! again. On complete, a line still high makes it pending again.

use super::device::{BusFault, Device, Region};

pub const PLIC_BASE: u64 = 0x0c00_0000;
/// The window QEMU `virt` maps (room for many contexts; only two exist here).
pub const PLIC_SIZE: u64 = 0x60_0000;
/// Number of interrupt sources (riscv,ndev); source IDs are 1..=NDEV.
pub const NDEV: u32 = 95;
/// Number of contexts: hart 0 M-mode and S-mode.
pub const CONTEXTS: usize = 2;
/// Priorities and thresholds are WARL with 3 bits (0..=7), as QEMU's.
const PRIORITY_MASK: u32 = 7;

const WORDS: usize = (NDEV as usize + 1).div_ceil(32);

const PENDING: u64 = 0x1000;
const ENABLE: u64 = 0x2000;
const ENABLE_STRIDE: u64 = 0x80;
const CONTEXT: u64 = 0x20_0000;
const CONTEXT_STRIDE: u64 = 0x1000;

#[derive(Clone)]
pub struct Plic {
    priority: [u32; NDEV as usize + 1],
    /// The device lines as the gateways see them.
    level: [u32; WORDS],
    pending: [u32; WORDS],
    /// Claimed and not yet completed.
    in_service: [u32; WORDS],
    enable: [[u32; WORDS]; CONTEXTS],
    threshold: [u32; CONTEXTS],
}

fn bit(src: u32) -> (usize, u32) {
    ((src / 32) as usize, 1 << (src % 32))
}

fn valid_source(src: u32) -> bool {
    (1..=NDEV).contains(&src)
}

impl Default for Plic {
    fn default() -> Self {
        Plic::new()
    }
}

impl Plic {
    /// The PLIC's window (as QEMU `virt`).
    pub const REGION: Region = Region { name: "PLIC", base: PLIC_BASE, size: PLIC_SIZE };

    /// All sources at priority 0 (never delivered), nothing enabled.
    pub fn new() -> Plic {
        Plic {
            priority: [0; NDEV as usize + 1],
            level: [0; WORDS],
            pending: [0; WORDS],
            in_service: [0; WORDS],
            enable: [[0; WORDS]; CONTEXTS],
            threshold: [0; CONTEXTS],
        }
    }

    /// Set the level of device line `src` (a device calls this whenever its
    /// interrupt output may have changed).
    pub fn set_level(&mut self, src: u32, high: bool) {
        if !valid_source(src) {
            return;
        }
        let (w, m) = bit(src);
        if high {
            self.level[w] |= m;
            if self.in_service[w] & m == 0 {
                self.pending[w] |= m;
            }
        } else {
            // A level-triggered request withdrawn before it is claimed is no
            // longer pending (as QEMU's gateway behaves).
            self.level[w] &= !m;
            self.pending[w] &= !m;
        }
    }

    /// True if source `src` is pending.
    pub fn is_pending(&self, src: u32) -> bool {
        let (w, m) = bit(src);
        valid_source(src) && self.pending[w] & m != 0
    }

    /// The source a claim by `ctx` would return (0 if none): the pending,
    /// enabled source with the highest priority above the threshold; ties go
    /// to the lowest ID.
    pub fn best(&self, ctx: usize) -> u32 {
        let Some(enable) = self.enable.get(ctx) else { return 0 };
        let mut best = 0;
        let mut best_prio = self.threshold[ctx];
        for (w, (&pending, &enabled)) in self.pending.iter().zip(enable).enumerate() {
            let mut bits = pending & enabled;
            while bits != 0 {
                let src = w as u32 * 32 + bits.trailing_zeros();
                bits &= bits - 1;
                let p = self.priority[src as usize];
                if p > best_prio {
                    best = src;
                    best_prio = p;
                }
            }
        }
        best
    }

    /// The interrupt line into context `ctx` (MEIP for 0, SEIP for 1).
    pub fn context_line(&self, ctx: usize) -> bool {
        self.best(ctx) != 0
    }

    /// Claim: take the best source for `ctx` into service.
    pub fn claim(&mut self, ctx: usize) -> u32 {
        let src = self.best(ctx);
        if src != 0 {
            let (w, m) = bit(src);
            self.pending[w] &= !m;
            self.in_service[w] |= m;
        }
        src
    }

    /// Complete: end service of `src`. Ignored unless `src` is enabled for
    /// `ctx` (priv. PLIC spec: completion of a source not enabled for the
    /// target is silently ignored).
    pub fn complete(&mut self, ctx: usize, src: u32) {
        if !valid_source(src) || ctx >= CONTEXTS {
            return;
        }
        let (w, m) = bit(src);
        if self.enable[ctx][w] & m == 0 {
            return;
        }
        self.in_service[w] &= !m;
        if self.level[w] & m != 0 {
            self.pending[w] |= m;
        }
    }
}

impl Device for Plic {
    fn region(&self) -> Region {
        Plic::REGION
    }

    /// Registers are 32 bits wide: other sizes and misaligned accesses
    /// fault.
    fn load(&mut self, offset: u64, size: u8) -> Result<u64, BusFault> {
        if size != 4 || !offset.is_multiple_of(4) {
            return Err(BusFault);
        }
        let v = match offset {
            o if o < PENDING => self.priority.get((o / 4) as usize).copied().unwrap_or(0),
            o if o < ENABLE => self.pending.get(((o - PENDING) / 4) as usize).copied().unwrap_or(0),
            o if o < CONTEXT => {
                let ctx = ((o - ENABLE) / ENABLE_STRIDE) as usize;
                let word = ((o - ENABLE) % ENABLE_STRIDE / 4) as usize;
                self.enable.get(ctx).and_then(|e| e.get(word)).copied().unwrap_or(0)
            }
            o => {
                let ctx = ((o - CONTEXT) / CONTEXT_STRIDE) as usize;
                match (o - CONTEXT) % CONTEXT_STRIDE {
                    _ if ctx >= CONTEXTS => 0,
                    0 => self.threshold[ctx],
                    4 => self.claim(ctx),
                    _ => 0,
                }
            }
        };
        Ok(v as u64)
    }

    /// As `load`; writes to read-only or absent registers are ignored.
    fn store(&mut self, offset: u64, size: u8, val: u64) -> Result<(), BusFault> {
        if size != 4 || !offset.is_multiple_of(4) {
            return Err(BusFault);
        }
        let val = val as u32;
        match offset {
            o if o < PENDING => {
                let src = (o / 4) as u32;
                if valid_source(src) {
                    self.priority[src as usize] = val & PRIORITY_MASK;
                }
            }
            // Pending bits are read-only here (set by gateways only).
            o if o < ENABLE => {}
            o if o < CONTEXT => {
                let ctx = ((o - ENABLE) / ENABLE_STRIDE) as usize;
                let word = ((o - ENABLE) % ENABLE_STRIDE / 4) as usize;
                if let Some(e) = self.enable.get_mut(ctx).and_then(|e| e.get_mut(word)) {
                    // Source 0 does not exist: its enable bit is hardwired 0.
                    let exists = if word == 0 { !1 } else { u32::MAX };
                    let last = if word == WORDS - 1 { u32::MAX >> (31 - NDEV % 32) } else { u32::MAX };
                    *e = val & exists & last;
                }
            }
            o => {
                let ctx = ((o - CONTEXT) / CONTEXT_STRIDE) as usize;
                if ctx < CONTEXTS {
                    match (o - CONTEXT) % CONTEXT_STRIDE {
                        0 => self.threshold[ctx] = val & PRIORITY_MASK,
                        4 => self.complete(ctx, val),
                        _ => {}
                    }
                }
            }
        }
        Ok(())
    }

    /// Nothing enabled or pending, every priority and threshold 0.
    fn reset(&mut self) {
        *self = Plic::new();
    }
}
