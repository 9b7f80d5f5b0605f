//! Shared helpers of the mmu_* tests: a hart with RAM, page-table building
//! in that RAM, and CSR set-up shortcuts.
#![allow(dead_code, clippy::too_many_arguments)]

use hemu::bus::{Bus, RAM_BASE};
use hemu::hart::csr::bits::*;
use hemu::hart::{Exception, Privilege, Trap};
use hemu::Hart;

pub const RAM_SIZE: u64 = 64 << 20;

pub const V: u64 = 1 << 0;
pub const R: u64 = 1 << 1;
pub const W: u64 = 1 << 2;
pub const X: u64 = 1 << 3;
pub const U: u64 = 1 << 4;
pub const G: u64 = 1 << 5;
pub const A: u64 = 1 << 6;
pub const D: u64 = 1 << 7;
pub const RWXAD: u64 = V | R | W | X | A | D;

/// PMP: NAPOT over the whole address space, RWX (what firmware does before
/// it drops to S-mode).
pub fn open_pmp(h: &mut Hart) {
    h.pmpaddr_write(15, u64::MAX);
    h.pmpcfg_write(2, (0x18 | 7) << 56);
}

/// A hart with 64 MiB of RAM, PMP open for S/U, in M-mode.
pub fn hart() -> Hart {
    let mut h = Hart::new(Bus::new(RAM_SIZE), RAM_BASE);
    open_pmp(&mut h);
    h
}

/// CSR writes as a debugger makes them (`csr_poke`): the same WARL rules
/// and side effects (a new satp, vsatp or hgatp forgets the remembered
/// fetch pages) as a CSR instruction, with no permission check.
pub trait CsrPoke {
    fn csr_write(&mut self, addr: u16, value: u64);
    /// Set `bits` in the CSR (as CSRRS would).
    fn csr_set(&mut self, addr: u16, bits: u64);
    /// Clear `bits` in the CSR (as CSRRC would).
    fn csr_clear(&mut self, addr: u16, bits: u64);
}

impl CsrPoke for Hart {
    fn csr_write(&mut self, addr: u16, value: u64) {
        assert!(self.csr_poke(addr, value), "CSR {addr:#x} is writable");
    }
    fn csr_set(&mut self, addr: u16, bits: u64) {
        let v = self.csr_peek(addr).expect("CSR exists");
        self.csr_write(addr, v | bits);
    }
    fn csr_clear(&mut self, addr: u16, bits: u64) {
        let v = self.csr_peek(addr).expect("CSR exists");
        self.csr_write(addr, v & !bits);
    }
}

pub fn set_mode(h: &mut Hart, prv: Privilege, virt: bool) {
    h.set_mode(hemu::hart::Mode::new(prv, virt));
}

pub fn rd(h: &mut Hart, pa: u64) -> u64 {
    h.bus_mut().read(pa, 8).expect("RAM read")
}
pub fn wr(h: &mut Hart, pa: u64, v: u64) {
    h.bus_mut().write(pa, 8, v).expect("RAM write");
}

/// Hands out zeroed page frames from the top half of RAM.
pub struct Frames {
    next: u64,
}

impl Default for Frames {
    fn default() -> Self {
        Frames { next: RAM_BASE + RAM_SIZE / 2 }
    }
}

impl Frames {
    pub fn alloc(&mut self, size: u64) -> u64 {
        let a = (self.next + size - 1) & !(size - 1);
        self.next = a + size;
        a
    }
}

/// A page-table geometry: `levels` (3 = Sv39, 4 = Sv48) and whether it is a
/// G-stage table (root index 2 bits wider).
#[derive(Clone, Copy)]
pub struct Geometry {
    pub levels: u32,
    pub gstage: bool,
}
pub const SV39: Geometry = Geometry { levels: 3, gstage: false };
pub const SV48: Geometry = Geometry { levels: 4, gstage: false };
pub const SV39X4: Geometry = Geometry { levels: 3, gstage: true };
pub const SV48X4: Geometry = Geometry { levels: 4, gstage: true };
pub const SV57: Geometry = Geometry { levels: 5, gstage: false };
pub const SV57X4: Geometry = Geometry { levels: 5, gstage: true };

impl Geometry {
    pub fn index(self, va: u64, level: u32) -> u64 {
        let mask = if self.gstage && level == self.levels - 1 { 0x7ff } else { 0x1ff };
        (va >> (12 + 9 * level)) & mask
    }
    /// Address of the PTE for `va` at `level`, given the table holding it.
    pub fn pte_addr(self, table: u64, va: u64, level: u32) -> u64 {
        table + self.index(va, level) * 8
    }
}

pub fn pte(pa: u64, flags: u64) -> u64 {
    (pa >> 12) << 10 | flags
}

/// Map `va` to `pa` with a leaf at `leaf_level` (0 = 4 KiB), creating the
/// intermediate tables in *physical* memory (tables are addressed
/// physically: for a VS-stage table use an identity G-stage or write
/// through `Hart::bus` at the right PA). Returns the leaf PTE's address.
pub fn map(
    h: &mut Hart,
    frames: &mut Frames,
    geo: Geometry,
    root: u64,
    va: u64,
    pa: u64,
    leaf_level: u32,
    flags: u64,
) -> u64 {
    let mut table = root;
    let mut level = geo.levels - 1;
    while level > leaf_level {
        let a = geo.pte_addr(table, va, level);
        let e = rd(h, a);
        table = if e & V == 0 {
            let t = frames.alloc(4096);
            wr(h, a, pte(t, V));
            t
        } else {
            (e >> 10) << 12
        };
        level -= 1;
    }
    let a = geo.pte_addr(table, va, leaf_level);
    wr(h, a, pte(pa, flags));
    a
}

/// The address of the existing PTE of `va` at `level` (walking from root).
pub fn find_pte(h: &mut Hart, geo: Geometry, root: u64, va: u64, level: u32) -> u64 {
    let mut table = root;
    let mut l = geo.levels - 1;
    while l > level {
        let e = rd(h, geo.pte_addr(table, va, l));
        table = (e >> 10) << 12;
        l -= 1;
    }
    geo.pte_addr(table, va, level)
}

pub fn satp(mode: u64, asid: u64, root: u64) -> u64 {
    mode << SATP_MODE_SHIFT | asid << SATP_ASID_SHIFT | root >> 12
}
pub fn hgatp(mode: u64, vmid: u64, root: u64) -> u64 {
    mode << SATP_MODE_SHIFT | vmid << HGATP_VMID_SHIFT | root >> 12
}

pub fn cause(r: Result<impl std::fmt::Debug, Trap>) -> Exception {
    match r {
        Err(t) => t.cause,
        Ok(v) => panic!("expected a trap, got Ok({v:?})"),
    }
}
pub fn trap<T: std::fmt::Debug>(r: Result<T, Trap>) -> Trap {
    match r {
        Err(t) => t,
        Ok(v) => panic!("expected a trap, got Ok({v:?})"),
    }
}

pub const MIB2: u64 = 2 << 20;

pub struct Guest {
    pub h: Hart,
    pub f: Frames,
    pub groot: u64,
    pub vsroot: u64,
}

/// A hart in VS-mode: hgatp Sv39x4 (VMID 1) maps all of RAM identically
/// with 2 MiB pages (U RWX A D); vsatp Sv39 (ASID 1) has an empty root, and
/// since GPA = PA in RAM, VS page tables can be written physically.
pub fn guest() -> Guest {
    let mut h = hart();
    let mut f = Frames::default();
    let groot = f.alloc(16384);
    for i in 0..RAM_SIZE / MIB2 {
        let a = RAM_BASE + i * MIB2;
        map(&mut h, &mut f, SV39X4, groot, a, a, 1, RWXAD | U);
    }
    let vsroot = f.alloc(4096);
    h.csr_write(hemu::hart::csr::addr::HGATP, hgatp(SATP_MODE_SV39, 1, groot));
    h.csr_write(hemu::hart::csr::addr::VSATP, satp(SATP_MODE_SV39, 1, vsroot));
    set_mode(&mut h, Privilege::Supervisor, true);
    Guest { h, f, groot, vsroot }
}

impl Guest {
    pub fn map_vs(&mut self, gva: u64, gpa: u64, flags: u64) -> u64 {
        map(&mut self.h, &mut self.f, SV39, self.vsroot, gva, gpa, 0, flags)
    }
    pub fn map_g(&mut self, gpa: u64, pa: u64, flags: u64) -> u64 {
        map(&mut self.h, &mut self.f, SV39X4, self.groot, gpa, pa, 0, flags)
    }
}
