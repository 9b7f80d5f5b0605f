//! Page-table entry fields (priv spec, "Sv39": PTE format) and the
//! permission masks that turn a leaf PTE's R/W/X/U/D bits into "which
//! accesses, in which state, does this page allow".
//!
//! A *state* (`Combo`) is six bits: the kind of access, whether the
//! effective privilege is U, SUM, and the two MXR views. A permission
//! *mask* is a `u64` with bit `combo` set when an access in that state is
//! allowed. The TLB keeps the AND of the masks of both stages, PMP and PMA,
//! so a hit checks the current SUM/MXR/privilege with one shift and AND,
//! and an mstatus write never needs a flush.

pub const V: u64 = 1 << 0;
pub const R: u64 = 1 << 1;
pub const W: u64 = 1 << 2;
pub const X: u64 = 1 << 3;
pub const U: u64 = 1 << 4;
pub const G: u64 = 1 << 5;
pub const A: u64 = 1 << 6;
pub const D: u64 = 1 << 7;
/// PPN[*]: bits 53..10 (44 bits).
pub const PPN_SHIFT: u64 = 10;
pub const PPN_MASK: u64 = (1 << 44) - 1;
/// Svnapot's N bit (63): a leaf of a naturally aligned power-of-two
/// range of 4 KiB pages.
pub const N: u64 = 1 << 63;
/// Svpbmt's PBMT field (62:61): the page-based memory type.
pub const PBMT: u64 = 3 << 61;
/// PBMT = 3 is reserved for future standard use.
pub const PBMT_RESERVED: u64 = 3 << 61;
/// Bits 60:54, reserved for future standard use: a PTE with any set raises
/// a page fault.
pub const RESERVED: u64 = ((1 << 61) - 1) & !((1 << 54) - 1);
/// The only NAPOT size defined: 64 KiB, ppn[3:0] = 1000.
pub const NAPOT_64K_BITS: u64 = 0b1000;

/// What the PTE extension bits may hold in one stage (the priv spec's
/// Svnapot and Svpbmt chapters; for the G-stage, the hypervisor chapter).
#[derive(Clone, Copy, Debug)]
pub struct Rules {
    /// Svnapot is implemented: N=1 leaves of 64 KiB are allowed.
    pub napot: bool,
    /// PBMT may be non-zero: Svpbmt implemented and PBMTE set for this
    /// stage (menvcfg.PBMTE for satp and the G-stage, henvcfg.PBMTE, under
    /// menvcfg.PBMTE, for vsatp).
    pub pbmt: bool,
}

/// What a PTE read at `level` says, before the permission check.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Shape {
    /// A pointer to the next level's table at this physical address.
    Pointer(u64),
    /// A leaf mapping a page of 2^`page_bits` bytes at `base`.
    Leaf { base: u64, page_bits: u32 },
}

impl Shape {
    /// The address a leaf maps `addr` to (a page keeps the low bits of
    /// `addr`).
    #[inline]
    pub fn leaf_address(base: u64, page_bits: u32, addr: u64) -> u64 {
        base | (addr & ((1u64 << page_bits) - 1))
    }
}

/// Classify `pte` read at `level` (0 = 4 KiB pages) under `rules`, or say
/// why it raises a page fault (a guest-page fault in the G-stage).
pub fn classify(pte: u64, level: u32, rules: Rules) -> Result<Shape, &'static str> {
    if pte & V == 0 {
        return Err("V=0");
    }
    if pte & R == 0 && pte & W != 0 {
        return Err("W=1 with R=0 is reserved");
    }
    if pte & RESERVED != 0 {
        return Err("bits 60..54 are reserved");
    }
    if pte & (R | X) == 0 {
        // A pointer: D, A and U are reserved, and so are N and PBMT
        // ("for non-leaf PTEs, bits 62-61 are reserved", Svnapot the same
        // for N).
        return match level {
            0 => Err("a pointer at level 0"),
            _ if pte & (D | A | U) != 0 => Err("D, A and U are reserved in a pointer"),
            _ if pte & (N | PBMT) != 0 => Err("N and PBMT are reserved in a pointer"),
            _ => Ok(Shape::Pointer(ppn(pte) << 12)),
        };
    }
    if pte & PBMT != 0 && !rules.pbmt {
        return Err("PBMT set, but Svpbmt is off or PBMTE=0");
    }
    if pte & PBMT == PBMT_RESERVED {
        return Err("PBMT=3 is reserved");
    }
    if pte & N != 0 {
        if !rules.napot {
            return Err("N set, but Svnapot is off");
        }
        if level != 0 || ppn(pte) & 0xf != NAPOT_64K_BITS {
            return Err("a reserved NAPOT encoding (only 64 KiB: level 0, ppn[3:0]=1000)");
        }
        return Ok(Shape::Leaf { base: (ppn(pte) & !0xf) << 12, page_bits: 16 });
    }
    let level_bits = 9 * level;
    if ppn(pte) & ((1 << level_bits) - 1) != 0 {
        return Err("misaligned superpage (low PPN bits set)");
    }
    let page_bits = 12 + level_bits;
    Ok(Shape::Leaf { base: (ppn(pte) << 12) & !((1u64 << page_bits) - 1), page_bits })
}

/// The physical page number of a PTE.
#[inline]
pub fn ppn(pte: u64) -> u64 {
    (pte >> PPN_SHIFT) & PPN_MASK
}

/// The kind of an access as the permission check sees it: the three
/// `Access` kinds, plus HLVX (a load that needs execute permission instead
/// of read, and ignores MXR).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum Kind {
    Fetch = 0,
    Load = 1,
    Store = 2,
    LoadX = 3,
}

impl Kind {
    /// The `Access` whose fault causes this kind reports (HLVX faults as a load).
    pub fn access(self) -> super::Access {
        match self {
            Kind::Fetch => super::Access::Fetch,
            Kind::Load | Kind::LoadX => super::Access::Load,
            Kind::Store => super::Access::Store,
        }
    }
    /// The pmpcfg permission bit this kind needs (HLVX reads, for PMP).
    pub fn pmp_need(self) -> u8 {
        match self {
            Kind::Fetch => super::pmp::CFG_X,
            Kind::Load | Kind::LoadX => super::pmp::CFG_R,
            Kind::Store => super::pmp::CFG_W,
        }
    }
}

/// Bit positions inside a state index (see the module doc).
pub const COMBO_USER: u64 = 1 << 2;
pub const COMBO_SUM: u64 = 1 << 3;
/// MXR as seen by the first stage: mstatus.MXR, or with V=1
/// vsstatus.MXR | mstatus.MXR (HS-level MXR overrides both stages).
pub const COMBO_MXR1: u64 = 1 << 4;
/// MXR as seen by the G-stage: mstatus.MXR only (vsstatus.MXR "only
/// overrides VS-stage page protection").
pub const COMBO_MXR2: u64 = 1 << 5;

/// Every state of one access kind.
pub const fn kind_states(kind: u64) -> u64 {
    let mut m = 0;
    let mut c = 0;
    while c < 64 {
        if c & 3 == kind {
            m |= 1 << c;
        }
        c += 1;
    }
    m
}

pub const FETCH_STATES: u64 = kind_states(Kind::Fetch as u64);
pub const ALL_STATES: u64 = !0;

/// The five PTE bits a permission mask depends on, packed as
/// R | W<<1 | X<<2 | U<<3 | D<<4 (index into the mask tables).
#[inline]
pub fn perm_index(pte: u64) -> usize {
    (((pte >> 1) & 0xf) | ((pte >> 3) & 0x10)) as usize
}

const fn perm_ok(kind: u64, r: bool, w: bool, x: bool, d: bool, mxr: bool) -> bool {
    match kind {
        0 => x,
        1 => r || (mxr && x),
        2 => w && d,
        _ => x, // HLVX: execute permission replaces read; MXR is ignored.
    }
}

/// Mask of a first-stage (satp or vsatp) leaf.
///
/// U-mode needs U=1. S-mode on a U=1 page needs SUM=1 and never executes
/// ("irrespective of SUM, supervisor mode cannot execute code on pages with
/// U=1"); HLVX counts as a load here, so SUM governs it.
const fn first_stage_mask(idx: usize) -> u64 {
    let (r, w, x, u, d) = (idx & 1 != 0, idx & 2 != 0, idx & 4 != 0, idx & 8 != 0, idx & 16 != 0);
    let mut m = 0;
    let mut c: u64 = 0;
    while c < 64 {
        let kind = c & 3;
        let user = c & COMBO_USER != 0;
        let sum = c & COMBO_SUM != 0;
        let mxr = c & COMBO_MXR1 != 0;
        let priv_ok = if user { u } else { !u || (sum && kind != 0) };
        if priv_ok && perm_ok(kind, r, w, x, d, mxr) {
            m |= 1 << c;
        }
        c += 1;
    }
    m
}

/// Mask of a G-stage leaf: every G-stage access is a U-level access, so U
/// must be 1 whatever the guest's privilege; only mstatus.MXR applies.
const fn g_stage_mask(idx: usize) -> u64 {
    let (r, w, x, u, d) = (idx & 1 != 0, idx & 2 != 0, idx & 4 != 0, idx & 8 != 0, idx & 16 != 0);
    if !u {
        return 0;
    }
    let mut m = 0;
    let mut c: u64 = 0;
    while c < 64 {
        if perm_ok(c & 3, r, w, x, d, c & COMBO_MXR2 != 0) {
            m |= 1 << c;
        }
        c += 1;
    }
    m
}

/// PMP permission bits (pmpcfg R=1, W=2, X=4) to a mask. HLVX is a read as
/// far as PMP is concerned.
const fn pmp_mask(perm: usize) -> u64 {
    let mut m = 0;
    let mut c: u64 = 0;
    while c < 64 {
        let ok = match c & 3 {
            0 => perm & 4 != 0,
            2 => perm & 2 != 0,
            _ => perm & 1 != 0,
        };
        if ok {
            m |= 1 << c;
        }
        c += 1;
    }
    m
}

/// Builds a 32-entry table from one of the mask functions (a macro because
/// const fns cannot call through function pointers).
macro_rules! mask_table {
    ($f:ident) => {{
        let mut t = [0u64; 32];
        let mut i = 0;
        while i < 32 {
            t[i] = $f(i);
            i += 1;
        }
        t
    }};
}

pub const FIRST_STAGE_MASKS: [u64; 32] = mask_table!(first_stage_mask);
pub const G_STAGE_MASKS: [u64; 32] = mask_table!(g_stage_mask);
/// Indexed by pmpcfg's R/W/X bits (0..8); the upper half is unused.
pub const PMP_MASKS: [u64; 32] = mask_table!(pmp_mask);

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed(mask: u64, kind: Kind, user: bool, sum: bool, mxr1: bool, mxr2: bool) -> bool {
        let c = kind as u64
            | if user { COMBO_USER } else { 0 }
            | if sum { COMBO_SUM } else { 0 }
            | if mxr1 { COMBO_MXR1 } else { 0 }
            | if mxr2 { COMBO_MXR2 } else { 0 };
        mask >> c & 1 != 0
    }

    #[test]
    fn supervisor_and_user_pages() {
        let urx = FIRST_STAGE_MASKS[perm_index(R | X | U)];
        assert!(allowed(urx, Kind::Fetch, true, false, false, false));
        assert!(!allowed(urx, Kind::Fetch, false, true, false, false));
        assert!(!allowed(urx, Kind::Load, false, false, false, false));
        assert!(allowed(urx, Kind::Load, false, true, false, false));
        let sx = FIRST_STAGE_MASKS[perm_index(X)];
        assert!(!allowed(sx, Kind::Load, false, false, false, false));
        assert!(allowed(sx, Kind::Load, false, false, true, false));
        assert!(allowed(sx, Kind::LoadX, false, false, false, false));
        assert!(!allowed(sx, Kind::Load, true, false, true, false));
        let srw = FIRST_STAGE_MASKS[perm_index(R | W)];
        assert!(!allowed(srw, Kind::Store, false, false, false, false), "D=0 store");
        assert!(allowed(FIRST_STAGE_MASKS[perm_index(R | W | D)], Kind::Store, false, false, false, false));
    }

    #[test]
    fn g_stage_needs_u_and_only_hs_mxr() {
        assert_eq!(G_STAGE_MASKS[perm_index(R | W | X | D)], 0);
        let gx = G_STAGE_MASKS[perm_index(X | U)];
        assert!(!allowed(gx, Kind::Load, false, false, true, false));
        assert!(allowed(gx, Kind::Load, false, false, false, true));
    }
}
