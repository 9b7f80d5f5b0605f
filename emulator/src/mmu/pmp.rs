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
//! The registers' WARL rules (locking, the reserved R=0/W=1) are the
//! hart's CSR rules (`hart/csr/pmp.rs`); here they are read only.

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

/// The PMP registers as the checks read them: entry `i` is `cfg[i]`
/// (pmpcfg's bytes) and `addr[i]` (pmpaddr`i`).
#[derive(Clone, Copy, Debug)]
pub struct Pmp<'a> {
    pub cfg: &'a [u8; ENTRIES],
    pub addr: &'a [u64; ENTRIES],
}

/// The address-matching mode (A) of a configuration byte.
#[inline]
pub fn mode(cfg: u8) -> u8 {
    (cfg & CFG_A) >> CFG_A_SHIFT
}

/// The byte range `[lo, hi)` entry `i` matches, or None when it is OFF or
/// empty (a TOR entry whose top is not above its bottom matches nothing).
pub fn range(pmp: Pmp, i: usize) -> Option<(u64, u64)> {
    let cfg = *pmp.cfg.get(i)?;
    let addr = *pmp.addr.get(i)? & ADDR_MASK;
    match mode(cfg) {
        A_TOR => {
            let lo = if i == 0 { 0 } else { (pmp.addr[i - 1] & ADDR_MASK) << 2 };
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
pub fn any_locked(pmp: Pmp) -> bool {
    u128::from_le_bytes(*pmp.cfg) & u128::from_le_bytes([CFG_L; 16]) != 0
}

/// True when no entry is locked and every entry's bounds are multiples of
/// 8: then an M-mode access inside one aligned doubleword either misses
/// every entry or lies wholly inside an unlocked one, and succeeds.
pub fn machine_summary(pmp: Pmp) -> bool {
    if any_locked(pmp) {
        return false;
    }
    (0..ENTRIES).all(|i| match range(pmp, i) {
        Some((lo, hi)) => lo % 8 == 0 && hi % 8 == 0,
        None => true,
    })
}

/// Whether an access of `len` bytes at `pa` needing the permission bits
/// `need` (CFG_R, CFG_W or CFG_X) is allowed; `machine` is true for an
/// access whose effective privilege is M.
pub fn check(pmp: Pmp, pa: u64, len: u64, need: u8, machine: bool) -> bool {
    let end = pa.saturating_add(len);
    for i in 0..ENTRIES {
        let Some((lo, hi)) = range(pmp, i) else {
            continue;
        };
        if end <= lo || pa >= hi {
            continue;
        }
        if pa < lo || end > hi {
            return false; // matches only part of the access
        }
        let cfg = pmp.cfg[i];
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
pub fn page_perm(pmp: Pmp, page: u64, machine: bool) -> Option<u8> {
    let end = page.saturating_add(0x1000);
    for i in 0..ENTRIES {
        let Some((lo, hi)) = range(pmp, i) else {
            continue;
        };
        if end <= lo || page >= hi {
            continue;
        }
        if page < lo || end > hi {
            return None;
        }
        let cfg = pmp.cfg[i];
        if machine && cfg & CFG_L == 0 {
            return Some(RWX);
        }
        return Some(cfg & RWX);
    }
    Some(if machine { RWX } else { 0 })
}
