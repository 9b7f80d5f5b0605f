//! Lab 4: guest memory. The G-stage ("second stage") translates guest-physical addresses
//! (GPAs) to host-physical addresses. hgatp holds MODE (8 = Sv39x4), the VMID (lab 5) and the
//! root table's PPN. Sv39x4 is Sv39 with 2 extra GPA bits: 41-bit GPAs, so the root table has
//! 2048 entries (16 KiB, which must be 16 KiB aligned); the other levels are ordinary 4 KiB
//! tables. Leaf PTEs must have U = 1: the G-stage treats every guest access as a user access.
//!
//! Only the guest's RAM is mapped. Anything else the guest touches (its 16550, or nothing at
//! all) raises a guest-page fault (scause 20/21/23) that lab4_mmio handles.

use crate::lab0_frames::{self, PAGE_SIZE};

const PTE_V: u64 = 1 << 0;
const PTE_R: u64 = 1 << 1;
const PTE_W: u64 = 1 << 2;
const PTE_X: u64 = 1 << 3;
const PTE_U: u64 = 1 << 4;
const PTE_A: u64 = 1 << 6;
const PTE_D: u64 = 1 << 7;
/// hgatp.MODE = 8: Sv39x4.
const HGATP_MODE_SV39X4: u64 = 8 << 60;
pub const HGATP_VMID_SHIFT: u64 = 44;

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
        HGATP_MODE_SV39X4 | vmid << HGATP_VMID_SHIFT | self.root >> 12
    }

    /// Map one 4 KiB guest page `gpa` to host frame `hpa` (read/write/execute).
    pub fn map(&mut self, gpa: u64, hpa: u64) {
        let mut table = self.root;
        for level in [2, 1] {
            let pte = pte_at(table, vpn(gpa, level));
            // SAFETY: `table` is one of our page-table frames.
            unsafe {
                if *pte & PTE_V == 0 {
                    let next = lab0_frames::alloc(1, PAGE_SIZE);
                    *pte = (next >> 12) << 10 | PTE_V; // non-leaf: R = W = X = 0
                }
                table = (*pte >> 10) << 12;
            }
        }
        // SAFETY: as above.
        unsafe { *pte_at(table, vpn(gpa, 0)) = (hpa >> 12) << 10 | PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D };
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
            if pte & PTE_V == 0 {
                return None;
            }
            if pte & (PTE_R | PTE_X) != 0 {
                let offset_bits = 12 + 9 * level;
                let base = (pte >> 10) << 12;
                return Some(base & !((1 << offset_bits) - 1) | gpa & ((1 << offset_bits) - 1));
            }
            table = (pte >> 10) << 12;
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
