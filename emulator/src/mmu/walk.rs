//! The TLB-miss path: the first-stage walk (satp, or vsatp when V=1)
//! following the priv spec's "Virtual Address Translation Process", then
//! the G-stage (`gstage.rs`) when V=1, then PMP/PMA, then a TLB fill.

use super::gstage::{g_stage, g_stage_implicit};
use super::pmp::{self, Pmp};
use super::pte::{self, Kind, FETCH_STATES, FIRST_STAGE_MASKS, PMP_MASKS};
use super::tlb::{TlbEntry, CTX_ASID};
use super::{check_physical, pma, Context, Csrs, Fault, Mmu};
use crate::bus::Bus;
use defs::satp::{self, SatpMode};

/// A walk may restart when a Svadu update finds the PTE changed; in this
/// sequential emulator that needs a PTE aliasing the page table it is in,
/// so after a few tries the walk gives up with a page fault.
pub(crate) const MAX_WALK_ATTEMPTS: u32 = 4;

/// The pseudoinstructions written to htinst/mtinst for a guest-page fault
/// on an implicit access of the VS-stage walk (hypervisor spec,
/// "Transformed Instruction or Pseudoinstruction for mtinst or htinst").
pub const TINST_PTE_READ: u64 = 0x3000;
pub const TINST_PTE_WRITE: u64 = 0x3020;

/// The number of levels of a satp/vsatp/hgatp MODE, or 0 for Bare.
#[inline]
pub(crate) fn levels_of(atp: u64) -> u32 {
    match SatpMode::from_bits(atp >> satp::MODE_SHIFT) {
        Some(SatpMode::Sv39) => 3,
        Some(SatpMode::Sv48) => 4,
        Some(SatpMode::Sv57) => 5,
        _ => 0,
    }
}

/// The result of the first stage.
#[derive(Clone, Copy)]
pub(crate) struct FirstStage {
    /// The address it produces (a GPA when V=1).
    pub addr: u64,
    pub mask: u64,
    pub flags: u8,
    pub level_bits: u8,
    pub global: bool,
}

/// What reading or updating a PTE can run into.
pub(crate) enum PteError {
    /// PMP denied it or the bus has nothing there: an access fault.
    Access,
    /// The PTE changed between the walk's read and the A/D update.
    Changed,
}

impl Mmu {
    /// Translate on a TLB miss and cache the result. `tlb_ctx` and `state`
    /// are `ctx`'s TLB context and permission state of `kind`.
    #[inline(never)]
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn translate_miss<C: Csrs>(
        &mut self,
        ctx: Context<C>,
        bus: &mut Bus,
        vaddr: u64,
        len: u64,
        kind: Kind,
        tlb_ctx: u64,
        state: u64,
    ) -> Result<u64, Fault> {
        let virt = ctx.virt();
        let first = first_stage(ctx, bus, vaddr, kind, state)?;
        let (pa, g_mask, g_flags) = if virt {
            let g = g_stage(ctx, bus, first.addr, state).map_err(|f| f.fault(kind, vaddr, first.addr, 0))?;
            (g.pa, g.mask, g.flags)
        } else {
            (first.addr, pte::ALL_STATES, 0)
        };
        let pbase = pa & !0xfff;
        let mut allow = first.mask & g_mask;
        if !pma::page_executable(bus, pbase) {
            allow &= !FETCH_STATES;
        }
        let page_pmp = pmp::page_perm(ctx.pmp(), pbase, false);
        if let Some(perm) = page_pmp {
            allow &= PMP_MASKS[perm as usize];
        }
        let ctx_mask = if first.global { !CTX_ASID } else { !0 };
        self.tlb.insert(
            vaddr,
            TlbEntry {
                vpn: 0,
                ctx: tlb_ctx & ctx_mask,
                ctx_mask,
                pbase,
                allow,
                pmp_each: page_pmp.is_none(),
                level_bits: first.level_bits,
                first_flags: first.flags,
                g_flags,
            },
        );
        check_physical(ctx, bus, pa, len, kind, false, vaddr)
    }
}

/// The first stage: satp (V=0) or vsatp (V=1), Bare/Sv39/Sv48/Sv57.
fn first_stage<C: Csrs>(
    ctx: Context<C>,
    bus: &mut Bus,
    vaddr: u64,
    kind: Kind,
    state: u64,
) -> Result<FirstStage, Fault> {
    let (atp, virt) = (ctx.atp(), ctx.virt());
    let levels = levels_of(atp);
    if levels == 0 {
        // Bare: the address is used as is, without protection.
        return Ok(FirstStage { addr: vaddr, mask: pte::ALL_STATES, flags: 0, level_bits: 0, global: true });
    }
    let page_fault = Fault::Page { access: kind.access(), addr: vaddr };
    // Bits 63..VA_BITS must all equal bit VA_BITS-1.
    let va_bits = 12 + 9 * levels;
    let unused = 64 - va_bits;
    if (((vaddr << unused) as i64) >> unused) as u64 != vaddr {
        return Err(page_fault);
    }
    let access_fault = Fault::Access { access: kind.access(), addr: vaddr };
    let root = (atp & satp::PPN_MASK) << 12;
    let rules = ctx.pte_rules();
    'attempt: for _ in 0..MAX_WALK_ATTEMPTS {
        let mut table = root;
        let mut global = false;
        let mut level = levels - 1;
        loop {
            let shift = 12 + 9 * level;
            let pte_addr = table + ((vaddr >> shift) & 0x1ff) * 8;
            let pte_pa = if virt { g_stage_implicit(ctx, bus, pte_addr, false, kind, vaddr)? } else { pte_addr };
            let pte = read_pte(ctx.pmp(), bus, pte_pa).map_err(|_| access_fault)?;
            let (base, page_bits) = match pte::classify(pte, level, rules) {
                Err(_) => return Err(page_fault),
                Ok(pte::Shape::Pointer(next)) => {
                    global |= pte & pte::G != 0;
                    table = next;
                    level -= 1;
                    continue;
                }
                Ok(pte::Shape::Leaf { base, page_bits }) => (base, page_bits),
            };
            global |= pte & pte::G != 0;
            // The permission check ignores D; D is the A/D step's.
            if FIRST_STAGE_MASKS[pte::perm_index(pte | pte::D)] >> state & 1 == 0 {
                return Err(page_fault);
            }
            let need = pte::A | if kind == Kind::Store { pte::D } else { 0 };
            let mut pte = pte;
            if pte & need != need {
                if !ctx.adue() {
                    return Err(page_fault);
                }
                let write_pa = if virt { g_stage_implicit(ctx, bus, pte_addr, true, kind, vaddr)? } else { pte_addr };
                match update_pte(ctx.pmp(), bus, write_pa, pte, pte | need) {
                    Ok(()) => pte |= need,
                    Err(PteError::Changed) => continue 'attempt,
                    Err(PteError::Access) => return Err(access_fault),
                }
            }
            return Ok(FirstStage {
                addr: pte::Shape::leaf_address(base, page_bits, vaddr),
                mask: FIRST_STAGE_MASKS[pte::perm_index(pte)],
                flags: pte as u8,
                level_bits: (page_bits - 12) as u8,
                global,
            });
        }
    }
    Err(page_fault)
}

/// Read a PTE at physical address `pa` as an implicit S-mode access.
pub(crate) fn read_pte(pmp: Pmp, bus: &mut Bus, pa: u64) -> Result<u64, PteError> {
    if !pmp::check(pmp, pa, 8, pmp::CFG_R, false) {
        return Err(PteError::Access);
    }
    bus.read(pa, 8).map_err(|_| PteError::Access)
}

/// The Svadu A/D update: atomically (nothing else runs meanwhile)
/// re-read the PTE, check it is still `old`, and write `new`.
pub(crate) fn update_pte(pmp: Pmp, bus: &mut Bus, pa: u64, old: u64, new: u64) -> Result<(), PteError> {
    if !pmp::check(pmp, pa, 8, pmp::CFG_W, false) {
        return Err(PteError::Access);
    }
    if read_pte(pmp, bus, pa)? != old {
        return Err(PteError::Changed);
    }
    bus.write(pa, 8, new).map_err(|_| PteError::Access)
}
