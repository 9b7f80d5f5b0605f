//! Executable memory for compiled blocks: one anonymous mapping, filled
//! front to back and emptied all at once (`reset`) when full.

/// A region of readable, writable and executable host memory.
pub struct Arena {
    base: *mut u8,
    size: usize,
    used: usize,
}

// SAFETY: the arena is plain memory owned by one hart; nothing in it
// refers to the thread that created it.
unsafe impl Send for Arena {}

impl Arena {
    /// An arena of `size` bytes, or None if the host refuses the mapping
    /// (the run loop then interprets every block).
    pub fn new(size: usize) -> Option<Arena> {
        // SAFETY: an anonymous private mapping at an address of the
        // kernel's choosing; no existing memory is affected.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                size,
                libc::PROT_READ | libc::PROT_WRITE | libc::PROT_EXEC,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if p == libc::MAP_FAILED || p.is_null() {
            return None;
        }
        Some(Arena { base: p.cast(), size, used: 0 })
    }

    /// Copy `code` in; its address, or None when the arena is full.
    pub fn put(&mut self, code: &[u8]) -> Option<*const u8> {
        let start = self.used.next_multiple_of(16);
        let end = start.checked_add(code.len())?;
        if end > self.size {
            return None;
        }
        // SAFETY: `start..end` lies within the mapping, which no compiled
        // block uses yet (blocks only use what `put` returned before).
        unsafe {
            let dst = self.base.add(start);
            std::ptr::copy_nonoverlapping(code.as_ptr(), dst, code.len());
            self.used = end;
            Some(dst)
        }
    }

    /// Forget everything compiled: the caller must first drop every
    /// pointer `put` returned.
    pub fn reset(&mut self) {
        self.used = 0;
    }
}

impl Drop for Arena {
    fn drop(&mut self) {
        // SAFETY: unmaps exactly the mapping made in `new`.
        unsafe {
            libc::munmap(self.base.cast(), self.size);
        }
    }
}
