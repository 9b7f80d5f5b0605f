//! The PMP registers as CSRs (priv spec, "Physical Memory Protection
//! CSRs"): their WARL rules. The checks that read them are `mmu::pmp`'s.
//!
//! Every change flushes the TLB and the fetch pages, because both cache
//! PMP results.

use crate::hart::Hart;
use crate::mmu::pmp::{mode, Pmp, ADDR_MASK, A_TOR, CFG_A, CFG_L, CFG_R, CFG_W, RWX};

use super::CsrFile;

impl CsrFile {
    /// The PMP registers as `mmu::pmp` reads them.
    #[inline(always)]
    pub fn pmp(&self) -> Pmp<'_> {
        Pmp { cfg: &self.pmpcfg, addr: &self.pmpaddr }
    }
}

impl Hart {
    /// Read pmpcfg`reg` (RV64: even `reg` only, 0..=14). Entries 16..63 are
    /// not implemented and read as zero; odd or out-of-range `reg` reads 0.
    pub fn pmpcfg_read(&self, reg: usize) -> u64 {
        if !reg.is_multiple_of(2) {
            return 0;
        }
        let mut v = 0;
        for b in 0..8 {
            if let Some(&cfg) = self.csr.pmpcfg.get(reg * 4 + b) {
                v |= (cfg as u64) << (8 * b);
            }
        }
        v
    }

    /// Write pmpcfg`reg`: each byte is ignored if its entry is locked;
    /// otherwise the WPRI bits 6:5 are cleared and the reserved R=0/W=1
    /// combination becomes R=0/W=0.
    pub fn pmpcfg_write(&mut self, reg: usize, value: u64) {
        if !reg.is_multiple_of(2) {
            return;
        }
        for b in 0..8 {
            let Some(cfg) = self.csr.pmpcfg.get_mut(reg * 4 + b) else {
                continue;
            };
            if *cfg & CFG_L != 0 {
                continue;
            }
            let mut new = (value >> (8 * b)) as u8 & (CFG_L | CFG_A | RWX);
            if new & CFG_R == 0 {
                new &= !CFG_W;
            }
            *cfg = new;
        }
        self.mmu.flush_all();
    }

    /// Read pmpaddr`i` (all 54 bits: with G = 0 nothing reads as zero or one).
    pub fn pmpaddr_read(&self, i: usize) -> u64 {
        self.csr.pmpaddr.get(i).copied().unwrap_or(0)
    }

    /// Write pmpaddr`i` (WARL, 54 bits). Ignored if entry `i` is locked, or
    /// if entry `i+1` is a locked TOR entry (this register is its bottom).
    pub fn pmpaddr_write(&mut self, i: usize, value: u64) {
        let Some(&cfg) = self.csr.pmpcfg.get(i) else {
            return;
        };
        if cfg & CFG_L != 0 {
            return;
        }
        if let Some(&next) = self.csr.pmpcfg.get(i + 1) {
            if next & CFG_L != 0 && mode(next) == A_TOR {
                return;
            }
        }
        self.csr.pmpaddr[i] = value & ADDR_MASK;
        self.mmu.flush_all();
    }
}
