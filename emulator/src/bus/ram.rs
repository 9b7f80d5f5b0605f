//! Main memory. Backed by one zeroed allocation, which the host's allocator
//! maps lazily: a 512 MiB guest costs nothing until it touches its pages.

pub struct Ram {
    base: u64,
    mem: Vec<u8>,
}

impl Ram {
    pub fn new(base: u64, size: u64) -> Ram {
        Ram { base, mem: vec![0u8; size as usize] }
    }
    pub fn base(&self) -> u64 {
        self.base
    }
    pub fn size(&self) -> u64 {
        self.mem.len() as u64
    }
    /// True if `[paddr, paddr+len)` lies in RAM.
    #[inline(always)]
    pub fn contains(&self, paddr: u64, len: u64) -> bool {
        paddr.wrapping_sub(self.base) < self.mem.len() as u64
            && paddr.wrapping_sub(self.base) + len <= self.mem.len() as u64
    }
    #[inline(always)]
    pub fn read(&self, paddr: u64, size: u8) -> Option<u64> {
        let off = paddr.wrapping_sub(self.base) as usize;
        let b = self.mem.get(off..off.checked_add(size as usize)?)?;
        Some(match size {
            1 => b[0] as u64,
            2 => u16::from_le_bytes([b[0], b[1]]) as u64,
            4 => u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as u64,
            8 => u64::from_le_bytes(b.try_into().ok()?),
            _ => return None,
        })
    }
    #[inline(always)]
    pub fn write(&mut self, paddr: u64, size: u8, val: u64) -> bool {
        let off = paddr.wrapping_sub(self.base) as usize;
        let Some(end) = off.checked_add(size as usize) else { return false };
        let Some(b) = self.mem.get_mut(off..end) else { return false };
        match size {
            1 => b[0] = val as u8,
            2 => b.copy_from_slice(&(val as u16).to_le_bytes()),
            4 => b.copy_from_slice(&(val as u32).to_le_bytes()),
            8 => b.copy_from_slice(&val.to_le_bytes()),
            _ => return false,
        }
        true
    }
    /// Copy `data` into RAM at `paddr`; false if it does not fit.
    pub fn load_bytes(&mut self, paddr: u64, data: &[u8]) -> bool {
        if !self.contains(paddr, data.len() as u64) {
            return false;
        }
        let off = (paddr - self.base) as usize;
        self.mem[off..off + data.len()].copy_from_slice(data);
        true
    }
    /// Read `len` bytes at `paddr`, if all in RAM.
    pub fn bytes(&self, paddr: u64, len: u64) -> Option<&[u8]> {
        if !self.contains(paddr, len) {
            return None;
        }
        let off = (paddr - self.base) as usize;
        Some(&self.mem[off..off + len as usize])
    }
}
