//! Lab 4: guest memory. The G-stage ("second stage") translates guest-physical addresses
//! (GPAs) to host-physical addresses. hgatp holds MODE (8 = Sv39x4), the VMID (lab 5) and the
//! root table's PPN. Sv39x4 is Sv39 with 2 extra GPA bits: 41-bit GPAs, so the root table has
//! 2048 entries (16 KiB, which must be 16 KiB aligned); the other levels are ordinary 4 KiB
//! tables. Leaf PTEs must have U = 1: the G-stage treats every guest access as a user access.
//!
//! Only the guest's RAM is mapped. Anything else the guest touches (its 16550, or nothing at
//! all) raises a guest-page fault (scause 20/21/23) that lab4_mmio handles.

use crate::lab0_frames::{self, PAGE_SIZE};
use defs::pte::{Pte, PPN_SHIFT};
use defs::satp::{self, HgatpMode};

pub struct GStage {
    /// Host-physical address of the 16 KiB root table.
    root: u64,
}

/// Index into the table of `level` (2 = root) for `gpa`.
fn vpn(gpa: u64, level: u32) -> u64 {
    let bits = if level == 2 { 0x7ff } else { 0x1ff }; // the root level has 2 extra bits
    (gpa >> (12 + 9 * level)) & bits
}
fn pte_at(table: u64, index: u64) -> *mut u64 {
    (table + index * 8) as *mut u64
}

impl GStage {
    pub fn new() -> Self {
        GStage { root: lab0_frames::alloc(4, 16 * 1024) }
    }

    /// The value of hgatp that selects this table for virtual machine `vmid`.
    pub fn hgatp(&self, vmid: u64) -> u64 {
        satp::hgatp(HgatpMode::Sv39x4, vmid, self.root >> 12)
    }

    /// Map one 4 KiB guest page `gpa` to host frame `hpa` (read/write/execute).
    pub fn map(&mut self, gpa: u64, hpa: u64) {
        let mut table = self.root;
        for level in [2, 1] {
            let pte = pte_at(table, vpn(gpa, level));
            // SAFETY: `table` is one of our page-table frames.
            unsafe {
                if *pte & Pte::V.bits() == 0 {
                    let next = lab0_frames::alloc(1, PAGE_SIZE);
                    *pte = Pte::entry(next, Pte::V); // non-leaf: R = W = X = 0
                }
                table = (*pte >> PPN_SHIFT) << 12;
            }
        }
        // SAFETY: as above.
        unsafe { *pte_at(table, vpn(gpa, 0)) = Pte::entry(hpa, leaf_flags()) };
    }

    /// Walk the table in software: the host-physical address for `gpa`, if mapped.
    pub fn translate(&self, gpa: u64) -> Option<u64> {
        if gpa >> 41 != 0 {
            return None;
        }
        let mut table = self.root;
        for level in [2, 1, 0] {
            // SAFETY: our own tables.
            let pte = unsafe { *pte_at(table, vpn(gpa, level)) };
            if pte & Pte::V.bits() == 0 {
                return None;
            }
            if pte & (Pte::R | Pte::X).bits() != 0 {
                let offset_bits = 12 + 9 * level;
                let base = (pte >> PPN_SHIFT) << 12;
                return Some(base & !((1 << offset_bits) - 1) | gpa & ((1 << offset_bits) - 1));
            }
            table = (pte >> PPN_SHIFT) << 12;
        }
        None
    }

    pub fn read_byte(&self, gpa: u64) -> Option<u8> {
        // SAFETY: translate only returns frames we gave to this guest.
        self.translate(gpa).map(|hpa| unsafe { (hpa as *const u8).read_volatile() })
    }
    pub fn write_byte(&mut self, gpa: u64, b: u8) -> bool {
        match self.translate(gpa) {
            // SAFETY: as above.
            Some(hpa) => unsafe { (hpa as *mut u8).write_volatile(b); true },
            None => false,
        }
    }
}

/// Lab 4-1: the flags of a G-stage leaf, guest RAM that the guest may read, write and run.
/// "For G-stage address translation, all memory accesses (including those made to access
/// data structures for VS-stage address translation) are considered to be user-level
/// accesses": without U = 1 every guest access is a guest-page fault. A and D are preset,
/// so the guest's accesses need no A/D update (with Svade they would fault without them).
#[cfg(not(feature = "exercise-lab4-gstage"))]
fn leaf_flags() -> Pte {
    Pte::V | Pte::R | Pte::W | Pte::X | Pte::U | Pte::A | Pte::D
}

/// Lab 4-1, the exercise (`--features exercise-lab4`): this starting point writes the leaf
/// as a kernel's own page table would, and the guest's first fetch is a guest-page fault.
#[cfg(feature = "exercise-lab4-gstage")]
fn leaf_flags() -> Pte {
    // TODO(lab 4-1): the guest reads, writes and runs its RAM. Which other bit does a
    // G-stage leaf need, that a VS- or HS-level kernel page would not?
    Pte::V | Pte::R | Pte::W | Pte::X | Pte::A | Pte::D
}

/// Give a guest `size` bytes of RAM at guest-physical `base`, one host frame per page (the
/// frames need not be contiguous: that is the point of a G-stage), and copy `image` to its start.
pub fn build_guest_memory(base: u64, size: u64, image: &[u8]) -> GStage {
    let mut g = GStage::new();
    let mut gpa = base;
    while gpa < base + size {
        let hpa = lab0_frames::alloc(1, PAGE_SIZE);
        g.map(gpa, hpa);
        let off = (gpa - base) as usize;
        if off < image.len() {
            let n = (image.len() - off).min(PAGE_SIZE as usize);
            // SAFETY: hpa is a fresh frame of PAGE_SIZE bytes.
            unsafe { core::ptr::copy_nonoverlapping(image[off..].as_ptr(), hpa as *mut u8, n) };
        }
        gpa += PAGE_SIZE;
    }
    g
}

/// Flush G-stage translations (all VMIDs): HFENCE.GVMA with rs1 = rs2 = x0.
pub fn hfence_gvma_all() {
    // SAFETY: a TLB flush has no other effect.
    unsafe { core::arch::asm!(".option push", ".option arch, +h", "hfence.gvma zero, zero", ".option pop") };
}
