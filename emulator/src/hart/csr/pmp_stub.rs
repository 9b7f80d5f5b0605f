//! TEMPORARY: PMP CSR accessors until mmu/pmp.rs lands.
use crate::hart::Hart;
impl Hart {
    pub fn pmpcfg_read(&self, reg: usize) -> u64 {
        if reg < 4 { (0..8).fold(0, |v, i| v | (self.csr.pmpcfg[reg / 2 * 8 + i] as u64) << (8 * i)) } else { 0 }
    }
    pub fn pmpcfg_write(&mut self, reg: usize, v: u64) {
        if reg < 4 { for i in 0..8 { self.csr.pmpcfg[reg / 2 * 8 + i] = (v >> (8 * i)) as u8; } }
    }
    pub fn pmpaddr_read(&self, i: usize) -> u64 { if i < 16 { self.csr.pmpaddr[i] } else { 0 } }
    pub fn pmpaddr_write(&mut self, i: usize, v: u64) { if i < 16 { self.csr.pmpaddr[i] = v & ((1 << 54) - 1); } }
}
