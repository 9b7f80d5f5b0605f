//! Main memory. Backed by one zeroed allocation, which the host's allocator
//! maps lazily: a 512 MiB guest costs nothing until it touches its pages.
//!
//! Every write counts in a per-page generation number, so a cache of
//! anything derived from RAM contents (the run loop's decoded blocks) can
//! tell that a page changed with one compare (compiled code's stores to
//! pages that hold no code are the exception: see `count_next_writes`). Generations are unique to a
//! `Ram` together with its `id`, which no other `Ram` of the process has.

use std::sync::atomic::{AtomicU64, Ordering};

/// The next `Ram::id` (0 is never handed out).
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// Where RAM and its page generations lie in host memory, for compiled
/// blocks (`crate::engine::jit`), which read and write RAM directly. Addresses as
/// integers: the view is only used while the `Ram` is alive and unmoved
/// (its buffers are never reallocated).
#[repr(C)]
#[derive(Clone, Copy, Default, Debug)]
pub struct HostRam {
    /// The host address of the first byte of RAM.
    pub ptr: usize,
    /// The guest physical address of that byte.
    pub base: u64,
    /// The RAM size rounded down to a multiple of 8: an access within
    /// one aligned 8-byte granule that starts below it lies in RAM.
    pub len8: u64,
    /// The host address of the page generations (`u64` each).
    pub gens: usize,
    /// Changed by `Ram::count_next_writes`.
    pub counting: u64,
}

impl HostRam {
    /// Where the generation of the RAM page at physical `pbase` is
    /// counted (see `Ram::page_gen`); `pbase` must lie in RAM.
    pub fn gen_at(&self, pbase: u64) -> *const u64 {
        let page = (pbase.wrapping_sub(self.base) >> 12) as usize;
        (self.gens as *const u64).wrapping_add(page)
    }
}

pub struct Ram {
    base: u64,
    mem: Vec<u8>,
    /// Per 4 KiB page: how many writes it has had (wrapping).
    gens: Vec<u64>,
    id: u64,
    /// How many times `count_next_writes` was called.
    counting: u64,
}

impl Ram {
    /// RAM of `size` bytes at `base`. Aborts the process if the host cannot
    /// reserve the memory; use [`Ram::try_new`] for user-chosen sizes.
    pub fn new(base: u64, size: u64) -> Ram {
        Ram::with_mem(base, vec![0u8; size as usize])
    }

    /// Like [`Ram::new`], but returns `None` instead of aborting when the host
    /// refuses the allocation (a user asked for more than it can map).
    pub fn try_new(base: u64, size: u64) -> Option<Ram> {
        let len = usize::try_from(size).ok()?;
        if len == 0 {
            return Some(Ram::with_mem(base, Vec::new()));
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
            Some(Ram::with_mem(base, Vec::from_raw_parts(ptr, len, len)))
        }
    }

    /// `base` is page-aligned (the page generations and `HostRam`'s
    /// bounds test rely on it; every RAM hemu makes is at 0x8000_0000).
    fn with_mem(base: u64, mem: Vec<u8>) -> Ram {
        debug_assert!(base & 0xfff == 0, "RAM base {base:#x} is not page-aligned");
        // Zeroed, so mapped lazily like `mem` (8 bytes per 4 KiB page).
        let gens = vec![0u64; mem.len().div_ceil(0x1000)];
        Ram { base, mem, gens, id: NEXT_ID.fetch_add(1, Ordering::Relaxed), counting: 0 }
    }

    /// See `HostRam`.
    pub fn host_view(&mut self) -> HostRam {
        HostRam {
            ptr: self.mem.as_mut_ptr() as usize,
            base: self.base,
            len8: self.mem.len() as u64 & !7,
            gens: self.gens.as_mut_ptr() as usize,
            counting: self.counting,
        }
    }

    /// Make the next write to every page count in its generation. The
    /// engine's compiled stores to pages that hold no decoded code do not
    /// count (`engine::fast_pages`); a page so written had its generation
    /// changed when compiled code was let write it, and after this it is
    /// changed again before compiled code may write it uncounted. Whoever
    /// compares generations over time to find the pages written since
    /// (`debug::snapshot`), and not only whether code changed, calls this
    /// each time it takes them.
    pub fn count_next_writes(&mut self) {
        self.counting = self.counting.wrapping_add(1);
    }

    /// This RAM's identity: together with a page's generation it names
    /// the page's contents (a new RAM restarts the generations).
    #[inline(always)]
    pub fn id(&self) -> u64 {
        self.id
    }

    /// The generation of the RAM page at physical `pbase` (0 outside RAM):
    /// it changes whenever any byte of the page is written (but see
    /// `count_next_writes`).
    #[inline(always)]
    pub fn page_gen(&self, pbase: u64) -> u64 {
        let page = (pbase.wrapping_sub(self.base) >> 12) as usize;
        self.gens.get(page).copied().unwrap_or(0)
    }

    /// Count a write to the bytes `[off, off + len)` of the backing store
    /// (`len` > 0) in the generations of the pages it touches.
    #[inline(always)]
    fn touched(&mut self, off: usize, len: usize) {
        let first = off >> 12;
        let last = (off + len - 1) >> 12;
        for page in first..=last {
            if let Some(g) = self.gens.get_mut(page) {
                *g = g.wrapping_add(1);
            }
        }
    }

    /// Every page's generation (see `page_gen`), page 0 at `base`.
    pub fn gens(&self) -> &[u64] {
        &self.gens
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
        // At most 8 bytes: one page, or the two an unaligned write spans.
        let (first, last) = (off >> 12, (end - 1) >> 12);
        if let Some(g) = self.gens.get_mut(first) {
            *g = g.wrapping_add(1);
        }
        if last != first {
            if let Some(g) = self.gens.get_mut(last) {
                *g = g.wrapping_add(1);
            }
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
    /// Copy `data` into RAM at `paddr`; false if it does not fit.
    pub fn load_bytes(&mut self, paddr: u64, data: &[u8]) -> bool {
        if !self.contains(paddr, data.len() as u64) {
            return false;
        }
        let off = (paddr - self.base) as usize;
        self.mem[off..off + data.len()].copy_from_slice(data);
        if !data.is_empty() {
            self.touched(off, data.len());
        }
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
        if len > 0 {
            self.touched(off, len as usize);
        }
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

#[cfg(test)]
mod tests {
    use super::Ram;

    const BASE: u64 = 0x8000_0000;

    #[test]
    fn every_write_changes_the_generation_of_the_pages_it_touches() {
        let mut ram = Ram::new(BASE, 0x3000);
        let (g0, g1) = (ram.page_gen(BASE), ram.page_gen(BASE + 0x1000));
        assert!(ram.write(BASE + 8, 4, 1));
        assert_ne!(ram.page_gen(BASE), g0);
        assert_eq!(ram.page_gen(BASE + 0x1000), g1);
        // An unaligned write across the page boundary touches both.
        let g0 = ram.page_gen(BASE);
        assert!(ram.write(BASE + 0xffe, 4, 0xdead_beef));
        assert_ne!(ram.page_gen(BASE), g0);
        assert_ne!(ram.page_gen(BASE + 0x1000), g1);
        let g2 = ram.page_gen(BASE + 0x2000);
        assert!(ram.load_bytes(BASE + 0x2000, &[1, 2, 3]));
        assert_ne!(ram.page_gen(BASE + 0x2000), g2);
        let g2 = ram.page_gen(BASE + 0x2000);
        assert!(ram.zero_bytes(BASE + 0x2000, 3));
        assert_ne!(ram.page_gen(BASE + 0x2000), g2);
        // Reads and failed writes change nothing.
        let g2 = ram.page_gen(BASE + 0x2000);
        assert_eq!(ram.read(BASE + 0x2000, 8), Some(0));
        assert!(!ram.write(BASE + 0x3000, 1, 0));
        assert_eq!(ram.page_gen(BASE + 0x2000), g2);
    }

    #[test]
    fn each_ram_has_its_own_identity() {
        assert_ne!(Ram::new(BASE, 0x1000).id(), Ram::new(BASE, 0x1000).id());
    }
}
