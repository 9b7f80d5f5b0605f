//! The G-stage: guest physical address to supervisor physical address
//! through hgatp (Bare, Sv39x4, Sv48x4, Sv57x4), per the hypervisor spec's
//! "Guest Physical Address Translation".
//!
//! Differences from a first-stage walk: the GPA is 2 bits wider than the
//! mode's virtual address (41 bits for Sv39x4, 50 for Sv48x4, 59 for Sv57x4) and must be
//! zero above; the root table is 16 KiB, so its index has 2 more bits (and
//! hgatp.PPN[1:0] is ignored); every access is checked as a U-mode access,
//! so a leaf needs U=1; only mstatus.MXR applies; A/D follow
//! menvcfg.ADUE. Faults are guest-page faults.

use super::pte::{self, Kind, G_STAGE_MASKS};
use super::walk::{levels_of, read_pte, update_pte, PteError, MAX_WALK_ATTEMPTS, TINST_PTE_READ, TINST_PTE_WRITE};
use super::{Context, Csrs, Fault};
use crate::bus::Bus;
use defs::satp;

/// A G-stage translation.
#[derive(Clone, Copy)]
pub(crate) struct GStage {
    pub pa: u64,
    pub mask: u64,
    pub flags: u8,
}

/// Why the G-stage failed; the trap depends on who asked.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum GFault {
    /// A guest-page fault.
    Page,
    /// PMP or the bus refused a G-stage PTE access.
    Access,
}

impl GFault {
    /// The fault of the access of `kind` at guest virtual address `gva`,
    /// whose G-stage failed on guest physical address `gpa`.
    pub fn fault(self, kind: Kind, gva: u64, gpa: u64, tinst: u64) -> Fault {
        let access = kind.access();
        match self {
            GFault::Page => Fault::GuestPage { access, gva, gpa, tinst },
            GFault::Access => Fault::Access { access, addr: gva },
        }
    }
}

/// Translate `gpa` through hgatp for an access in permission state
/// `state` (only its kind and G-stage MXR bits matter).
pub(crate) fn g_stage<C: Csrs>(ctx: Context<C>, bus: &mut Bus, gpa: u64, state: u64) -> Result<GStage, GFault> {
    let hgatp = ctx.hgatp();
    let levels = levels_of(hgatp);
    if levels == 0 {
        return Ok(GStage { pa: gpa, mask: pte::ALL_STATES, flags: 0 });
    }
    let gpa_bits = 12 + 9 * levels + 2;
    if gpa >> gpa_bits != 0 {
        return Err(GFault::Page);
    }
    let store = state & 3 == Kind::Store as u64;
    let root = (hgatp & satp::PPN_MASK & !3) << 12;
    let rules = ctx.g_pte_rules();
    'attempt: for _ in 0..MAX_WALK_ATTEMPTS {
        let mut table = root;
        let mut level = levels - 1;
        loop {
            let shift = 12 + 9 * level;
            let index_mask = if level == levels - 1 { 0x7ff } else { 0x1ff };
            let pte_pa = table + ((gpa >> shift) & index_mask) * 8;
            let pte = read_pte(ctx.pmp(), bus, pte_pa).map_err(|_| GFault::Access)?;
            let (base, page_bits) = match pte::classify(pte, level, rules) {
                Err(_) => return Err(GFault::Page),
                Ok(pte::Shape::Pointer(next)) => {
                    table = next;
                    level -= 1;
                    continue;
                }
                Ok(pte::Shape::Leaf { base, page_bits }) => (base, page_bits),
            };
            if G_STAGE_MASKS[pte::perm_index(pte | pte::D)] >> state & 1 == 0 {
                return Err(GFault::Page);
            }
            let need = pte::A | if store { pte::D } else { 0 };
            let mut pte = pte;
            if pte & need != need {
                if !ctx.g_adue() {
                    return Err(GFault::Page);
                }
                match update_pte(ctx.pmp(), bus, pte_pa, pte, pte | need) {
                    Ok(()) => pte |= need,
                    Err(PteError::Changed) => continue 'attempt,
                    Err(PteError::Access) => return Err(GFault::Access),
                }
            }
            return Ok(GStage {
                pa: pte::Shape::leaf_address(base, page_bits, gpa),
                mask: G_STAGE_MASKS[pte::perm_index(pte)],
                flags: pte as u8,
            });
        }
    }
    Err(GFault::Page)
}

/// The G-stage translation of a VS-stage PTE at `pte_gpa`: a read, or
/// (`write`) the Svadu A/D update. A fault is reported for the original
/// access (`kind` at `gva`), with tval2 = the PTE's GPA >> 2 and the
/// pseudoinstruction in tinst.
pub(crate) fn g_stage_implicit<C: Csrs>(
    ctx: Context<C>,
    bus: &mut Bus,
    pte_gpa: u64,
    write: bool,
    kind: Kind,
    gva: u64,
) -> Result<u64, Fault> {
    // An implicit access is a plain read or write: no MXR.
    let (state, tinst) =
        if write { (Kind::Store as u64, TINST_PTE_WRITE) } else { (Kind::Load as u64, TINST_PTE_READ) };
    g_stage(ctx, bus, pte_gpa, state).map(|g| g.pa).map_err(|f| f.fault(kind, gva, pte_gpa, tinst))
}
