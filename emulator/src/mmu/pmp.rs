//! Physical memory protection (priv spec, "Physical Memory Protection").
//!
//! 16 entries, grain G = 0 (4 bytes), address-matching modes OFF, TOR, NA4
//! and NAPOT. Rules implemented:
//! - entries are checked in order; the lowest-numbered entry that matches
//!   any byte of an access decides it, and it must match *all* bytes, or the
//!   access fails (in every mode, M included);
//! - an S- or U-mode access that no entry matches fails (entries are
//!   implemented); an M-mode access that no entry matches succeeds;
//! - an entry's R/W/X apply to M-mode only when its L bit is set;
//! - a locked entry ignores writes to its pmpcfg and pmpaddr, and a locked
//!   TOR entry also locks the pmpaddr below it (its bottom bound);
//! - R=0, W=1 is reserved: a write asking for it is legalized to R=0, W=0.
//!
//! The CSR-facing part (`Hart::pmpcfg_*`, `Hart::pmpaddr_*`) flushes the
//! TLB and the fetch cache on every change, because both cache PMP results.

use crate::hart::csr::CsrFile;
use crate::hart::Hart;

pub const ENTRIES: usize = 16;
pub const CFG_R: u8 = 1 << 0;
pub const CFG_W: u8 = 1 << 1;
pub const CFG_X: u8 = 1 << 2;
pub const CFG_A_SHIFT: u8 = 3;
pub const CFG_A: u8 = 3 << CFG_A_SHIFT;
pub const CFG_L: u8 = 1 << 7;
pub const A_OFF: u8 = 0;
pub const A_TOR: u8 = 1;
pub const A_NA4: u8 = 2;
pub const A_NAPOT: u8 = 3;
/// pmpaddr holds bits 55..2 of an address: 54 writable bits on RV64.
pub const ADDR_MASK: u64 = (1 << 54) - 1;
/// The permission bits with every access allowed.
pub const RWX: u8 = CFG_R | CFG_W | CFG_X;

#[inline]
fn mode(cfg: u8) -> u8 {
    (cfg & CFG_A) >> CFG_A_SHIFT
}

/// The byte range `[lo, hi)` entry `i` matches, or None when it is OFF or
/// empty (a TOR entry whose top is not above its bottom matches nothing).
pub fn range(csr: &CsrFile, i: usize) -> Option<(u64, u64)> {
    let cfg = *csr.pmpcfg.get(i)?;
    let addr = *csr.pmpaddr.get(i)? & ADDR_MASK;
    match mode(cfg) {
        A_TOR => {
            let lo = if i == 0 { 0 } else { (csr.pmpaddr[i - 1] & ADDR_MASK) << 2 };
            let hi = addr << 2;
            (lo < hi).then_some((lo, hi))
        }
        A_NA4 => Some((addr << 2, (addr << 2) + 4)),
        A_NAPOT => {
            // The trailing ones of pmpaddr encode the size: t ones give a
            // 2^(t+3)-byte region. `ones` has t+1 low bits set.
            let ones = addr ^ (addr + 1);
            let base = (addr & !ones) << 2;
            Some((base, base + ((ones + 1) << 2)))
        }
        _ => None,
    }
}

/// True when some entry is locked, so M-mode accesses must be checked.
#[inline]
pub fn any_locked(csr: &CsrFile) -> bool {
    u128::from_le_bytes(csr.pmpcfg) & u128::from_le_bytes([CFG_L; 16]) != 0
}

/// True when no entry is locked and every entry's bounds are multiples of
/// 8: then an M-mode access inside one aligned doubleword either misses
/// every entry or lies wholly inside an unlocked one, and succeeds.
pub fn machine_summary(csr: &CsrFile) -> bool {
    if any_locked(csr) {
        return false;
    }
    (0..ENTRIES).all(|i| match range(csr, i) {
        Some((lo, hi)) => lo % 8 == 0 && hi % 8 == 0,
        None => true,
    })
}

/// Whether an access of `len` bytes at `pa` needing the permission bits
/// `need` (CFG_R, CFG_W or CFG_X) is allowed; `machine` is true for an
/// access whose effective privilege is M.
pub fn check(csr: &CsrFile, pa: u64, len: u64, need: u8, machine: bool) -> bool {
    let end = pa.saturating_add(len);
    for i in 0..ENTRIES {
        let Some((lo, hi)) = range(csr, i) else { continue };
        if end <= lo || pa >= hi {
            continue;
        }
        if pa < lo || end > hi {
            return false; // matches only part of the access
        }
        let cfg = csr.pmpcfg[i];
        if machine && cfg & CFG_L == 0 {
            return true;
        }
        return cfg & need == need;
    }
    machine
}

/// The permissions that hold for *every* byte of the 4 KiB page at `page`,
/// when one answer holds for the whole page (no entry boundary inside it);
/// None when accesses to the page must be checked one by one.
pub fn page_perm(csr: &CsrFile, page: u64, machine: bool) -> Option<u8> {
    let end = page.saturating_add(0x1000);
    for i in 0..ENTRIES {
        let Some((lo, hi)) = range(csr, i) else { continue };
        if end <= lo || page >= hi {
            continue;
        }
        if page < lo || end > hi {
            return None;
        }
        let cfg = csr.pmpcfg[i];
        if machine && cfg & CFG_L == 0 {
            return Some(RWX);
        }
        return Some(cfg & RWX);
    }
    Some(if machine { RWX } else { 0 })
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
            let Some(cfg) = self.csr.pmpcfg.get_mut(reg * 4 + b) else { continue };
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
        let Some(&cfg) = self.csr.pmpcfg.get(i) else { return };
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

    /// The PMP check for an access with effective privilege M (`machine`) or
    /// S/U, as a bool; fault construction is the caller's.
    #[inline]
    pub(crate) fn pmp_allows(&self, pa: u64, len: u64, need: u8, machine: bool) -> bool {
        check(&self.csr, pa, len, need, machine)
    }
}
