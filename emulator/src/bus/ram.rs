//! Main memory. Backed by one zeroed allocation, which the host's allocator
//! maps lazily: a 512 MiB guest costs nothing until it touches its pages.

pub struct Ram {
    base: u64,
    mem: Vec<u8>,
}

impl Ram {
    /// RAM of `size` bytes at `base`. Aborts the process if the host cannot
    /// reserve the memory; use [`Ram::try_new`] for user-chosen sizes.
    pub fn new(base: u64, size: u64) -> Ram {
        Ram { base, mem: vec![0u8; size as usize] }
    }

    /// Like [`Ram::new`], but returns `None` instead of aborting when the host
    /// refuses the allocation (a user asked for more than it can map).
    pub fn try_new(base: u64, size: u64) -> Option<Ram> {
        let len = usize::try_from(size).ok()?;
        if len == 0 {
            return Some(Ram { base, mem: Vec::new() });
        }
        let layout = std::alloc::Layout::array::<u8>(len).ok()?;
        // SAFETY: `layout` has a non-zero size. A non-null result is a zeroed
        // block of exactly `len` bytes from the global allocator with the
        // alignment of `u8`, which is what `Vec::<u8>::from_raw_parts`
        // requires (capacity = length = len, all bytes initialized).
        // alloc_zeroed (calloc) maps fresh pages lazily, like `vec![0; n]`.
        unsafe {
            let ptr = std::alloc::alloc_zeroed(layout);
            if ptr.is_null() {
                return None;
            }
            Some(Ram { base, mem: Vec::from_raw_parts(ptr, len, len) })
        }
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
        let off = paddr.wrapping_sub(self.base);
        off < self.mem.len() as u64
            && off.checked_add(len).is_some_and(|end| end <= self.mem.len() as u64)
    }
    #[inline(always)]
    pub fn read(&self, paddr: u64, size: u8) -> Option<u64> {
        let off = paddr.wrapping_sub(self.base) as usize;
        let end = off.checked_add(size as usize)?;
        let b = self.mem.get(off..end)?;
        // Whole-width little-endian loads (one host load each).
        Some(match size {
            1 => b[0] as u64,
            2 => u16::from_le_bytes(b.try_into().ok()?) as u64,
            4 => u32::from_le_bytes(b.try_into().ok()?) as u64,
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
    /// The 4 bytes at `paddr` (an instruction fetch), if all in RAM.
    #[inline(always)]
    pub fn read_u32(&self, paddr: u64) -> Option<u32> {
        let off = paddr.wrapping_sub(self.base) as usize;
        let b: [u8; 4] = self.mem.get(off..off.checked_add(4)?)?.try_into().ok()?;
        Some(u32::from_le_bytes(b))
    }
    /// The offset into the backing store of the RAM page at `pbase`, for
    /// `word_at` (the run loop's re-reads of a block's instruction bits).
    #[inline(always)]
    pub fn host_offset(&self, pbase: u64) -> usize {
        pbase.wrapping_sub(self.base) as usize
    }

    /// The 4 bytes at backing-store offset `off` (from `host_offset`), or
    /// all ones past the end (bits no cached instruction has).
    #[inline(always)]
    pub fn word_at(&self, off: usize) -> u32 {
        match self.mem.get(off..off.wrapping_add(4)) {
            Some(&[a, b, c, d]) => u32::from_le_bytes([a, b, c, d]),
            _ => u32::MAX,
        }
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
    /// Zero `len` bytes at `paddr` (an ELF segment's BSS); false if they do
    /// not fit.
    pub fn zero_bytes(&mut self, paddr: u64, len: u64) -> bool {
        if !self.contains(paddr, len) {
            return false;
        }
        let off = (paddr - self.base) as usize;
        self.mem[off..off + len as usize].fill(0);
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
