//! Code memory for compiled blocks: filled front to back and emptied all
//! at once (`reset`) when full.
//!
//! W^X: no mapping of it is ever writable and executable at once. Where the
//! host allows (Linux), the memory is a memfd mapped twice: a read/write
//! view the compiler writes into and a read/execute view the code runs
//! from, at another address; compiling costs no system call but one
//! `madvise` per page filled, which the write view then lets go (so the
//! code is resident once, in the execute view). Elsewhere (or
//! if that is refused) there is one mapping whose pages `put` flips: it
//! makes the pages it writes writable (they may hold earlier blocks, which
//! do not run while the compiler works), copies the code in, and makes them
//! executable again before returning, two `mprotect` calls per block.

/// Why `put` stored nothing.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum PutError {
    /// No room left: empty the arena (`reset`) and start again.
    Full,
    /// The host refused to change the protection: earlier code in the
    /// arena may no longer be executable, so none of it may run again.
    Refused,
}

/// A region of host memory for machine code (see the module doc).
pub struct Arena {
    /// Where code is written.
    write: *mut u8,
    /// Where the same bytes run: another mapping of them (double mapped),
    /// or `write` itself (flipped by `put`).
    exec: *mut u8,
    size: usize,
    used: usize,
    /// The host's page size.
    page: usize,
}

// SAFETY: the arena is plain memory owned by one engine; nothing in it
// refers to the thread that created it.
unsafe impl Send for Arena {}

impl Arena {
    /// An arena of `size` bytes, or None if the host refuses the mapping
    /// (the run loop then interprets every block).
    pub fn new(size: usize) -> Option<Arena> {
        if size == 0 {
            return None;
        }
        // SAFETY: sysconf has no preconditions.
        let page = match unsafe { libc::sysconf(libc::_SC_PAGESIZE) } {
            p if p > 0 => p as usize,
            _ => 4096,
        };
        if let Some((write, exec)) = double_map(size) {
            return Some(Arena { write, exec, size, used: 0, page });
        }
        // SAFETY: an anonymous private mapping at an address of the
        // kernel's choosing; no existing memory is affected.
        let p = unsafe { mmap(size, libc::PROT_READ | libc::PROT_WRITE, libc::MAP_PRIVATE | libc::MAP_ANONYMOUS, -1)? };
        Some(Arena { write: p, exec: p, size, used: 0, page })
    }

    /// Copy `code` in, executable; its address, or why not.
    pub fn put(&mut self, code: &[u8]) -> Result<*const u8, PutError> {
        let start = self.used.next_multiple_of(16);
        let end = start.checked_add(code.len()).ok_or(PutError::Full)?;
        if end > self.size || code.is_empty() {
            return Err(PutError::Full);
        }
        if self.write != self.exec {
            // SAFETY: `start..end` lies within both views and no compiled
            // block uses it yet (blocks only use what `put` returned).
            unsafe {
                std::ptr::copy_nonoverlapping(code.as_ptr(), self.write.add(start), code.len());
                self.used = end;
                self.release_written(start, end);
                return Ok(self.exec.add(start));
            }
        }
        // The pages `start..end` touches (the mapping is page-aligned and
        // its size need not be: the kernel maps whole pages).
        let first = start / self.page * self.page;
        let last = end.next_multiple_of(self.page);
        // SAFETY: `first..last` lies within the mapping. While the pages
        // are writable no compiled block runs (the compiler runs between
        // blocks), and `start..end` is used by none yet.
        unsafe {
            let pages = self.write.add(first).cast();
            if libc::mprotect(pages, last - first, libc::PROT_READ | libc::PROT_WRITE) != 0 {
                return Err(PutError::Refused);
            }
            let dst = self.write.add(start);
            std::ptr::copy_nonoverlapping(code.as_ptr(), dst, code.len());
            if libc::mprotect(pages, last - first, libc::PROT_READ | libc::PROT_EXEC) != 0 {
                return Err(PutError::Refused);
            }
            self.used = end;
            Ok(dst)
        }
    }

    /// Double mapped: the pages of the write view that `start..end` (just
    /// written) filled up are let go (`MADV_DONTNEED`): their bytes stay in
    /// the memfd, which the execute view maps, so compiled code is
    /// resident once, not twice. A later `patch` there maps the page in
    /// again.
    fn release_written(&self, start: usize, end: usize) {
        let first = start / self.page * self.page;
        let last = end / self.page * self.page;
        if last > first {
            // SAFETY: `first..last` lies within the write view, whose
            // contents the memfd keeps (a shared mapping); nothing holds a
            // reference into it. A refusal changes nothing.
            unsafe { libc::madvise(self.write.add(first).cast(), last - first, libc::MADV_DONTNEED) };
        }
    }

    /// Overwrite the code at `at` (an address `put` returned code at, or
    /// within such code) with `bytes`; false if the host refused (the
    /// code is then unchanged or no longer executable: see `Refused`).
    /// No compiled block may be running (the run loop patches between
    /// blocks).
    pub fn patch(&mut self, at: usize, bytes: &[u8]) -> bool {
        let offset = at.wrapping_sub(self.exec as usize);
        if offset.checked_add(bytes.len()).is_none_or(|end| end > self.used) {
            return false;
        }
        if self.write != self.exec {
            // SAFETY: `offset..` lies within what `put` filled, in both views.
            unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), self.write.add(offset), bytes.len()) };
            return true;
        }
        let first = offset / self.page * self.page;
        let last = (offset + bytes.len()).next_multiple_of(self.page);
        // SAFETY: as in `put`: the pages lie within the mapping and no
        // compiled block runs while they are writable.
        unsafe {
            let pages = self.write.add(first).cast();
            if libc::mprotect(pages, last - first, libc::PROT_READ | libc::PROT_WRITE) != 0 {
                return false;
            }
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), self.write.add(offset), bytes.len());
            libc::mprotect(pages, last - first, libc::PROT_READ | libc::PROT_EXEC) == 0
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
        // SAFETY: unmaps exactly the mappings made in `new`.
        unsafe {
            libc::munmap(self.write.cast(), self.size);
            if self.exec != self.write {
                libc::munmap(self.exec.cast(), self.size);
            }
        }
    }
}

/// `mmap` at an address of the kernel's choosing, or None.
///
/// # Safety
/// `fd` is -1 with `MAP_ANONYMOUS`, or an open file at least `size` long.
unsafe fn mmap(size: usize, prot: i32, flags: i32, fd: i32) -> Option<*mut u8> {
    let p = libc::mmap(std::ptr::null_mut(), size, prot, flags, fd, 0);
    if p == libc::MAP_FAILED || p.is_null() {
        return None;
    }
    Some(p.cast())
}

/// `size` bytes of fresh memory mapped twice, read/write and
/// read/execute, or None if the host refuses either.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn double_map(size: usize) -> Option<(*mut u8, *mut u8)> {
    // SAFETY: a new memfd, sized and mapped twice, then closed (the
    // mappings keep the memory); nothing existing is affected.
    unsafe {
        let fd = libc::memfd_create(c"hemu-jit".as_ptr(), libc::MFD_CLOEXEC);
        if fd < 0 {
            return None;
        }
        let shared = libc::MAP_SHARED;
        let maps = if libc::ftruncate(fd, size as libc::off_t) == 0 {
            mmap(size, libc::PROT_READ | libc::PROT_WRITE, shared, fd)
                .map(|w| (w, mmap(size, libc::PROT_READ | libc::PROT_EXEC, shared, fd)))
        } else {
            None
        };
        libc::close(fd);
        match maps {
            Some((w, Some(x))) => Some((w, x)),
            Some((w, None)) => {
                libc::munmap(w.cast(), size);
                None
            }
            None => None,
        }
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn double_map(_size: usize) -> Option<(*mut u8, *mut u8)> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The permissions `/proc/self/maps` gives the page at `addr` ("r-xp"...).
    fn perms(addr: usize) -> Option<String> {
        let maps = std::fs::read_to_string("/proc/self/maps").ok()?;
        maps.lines().find_map(|l| {
            let (range, rest) = l.split_once(' ')?;
            let (lo, hi) = range.split_once('-')?;
            let (lo, hi) = (usize::from_str_radix(lo, 16).ok()?, usize::from_str_radix(hi, 16).ok()?);
            (lo <= addr && addr < hi).then(|| rest[..4].to_string())
        })
    }

    /// Code put in the arena runs, and no page of it is ever writable and
    /// executable at once.
    #[test]
    fn code_survives_the_write_view_letting_its_pages_go() {
        let mut a = Arena::new(1 << 16).expect("mmap");
        // Three pages and more of functions `mov eax, k; ret`, 16 bytes
        // apart: the write view lets the filled pages go as it goes.
        let fs: Vec<*const u8> = (0..1000u32).map(|k| a.put(&[0xb8, k as u8, 0, 0, 0, 0xc3]).expect("put")).collect();
        // And a patch in the first page maps it in again.
        assert!(a.patch(fs[1] as usize + 1, &[99]));
        for (k, &f) in fs.iter().enumerate() {
            // SAFETY: a complete function `() -> u32`.
            let f = unsafe { std::mem::transmute::<*const u8, extern "C" fn() -> u32>(f) };
            assert_eq!(f(), if k == 1 { 99 } else { k as u8 as u32 }, "function {k}");
        }
    }

    #[test]
    fn code_is_executable_and_not_writable() {
        let mut a = Arena::new(1 << 16).expect("mmap");
        // mov eax, 42; ret
        let f = a.put(&[0xb8, 42, 0, 0, 0, 0xc3]).expect("put");
        let g = a.put(&[0xb8, 7, 0, 0, 0, 0xc3]).expect("put");
        // SAFETY: both are complete functions `() -> u32`.
        let (f, g) = unsafe {
            (
                std::mem::transmute::<*const u8, extern "C" fn() -> u32>(f),
                std::mem::transmute::<*const u8, extern "C" fn() -> u32>(g),
            )
        };
        assert_eq!((f(), g()), (42, 7));
        if let Some(p) = perms(f as usize) {
            assert!(!p.contains('w'), "{p}");
        }
        // The view written is not executable.
        let w = a.write as usize + (f as usize - a.exec as usize);
        if let Some(p) = perms(w) {
            assert!(!p.contains('x'), "{p}");
        }
        assert_eq!(a.put(&[0xc3; 1 << 16]), Err(PutError::Full));
    }

    /// The same with one mapping flipped by `mprotect` (the fallback).
    #[test]
    fn flipped_mapping_is_never_writable_and_executable() {
        let size = 3 << 12;
        // SAFETY: an anonymous mapping.
        let p = unsafe { mmap(size, libc::PROT_READ | libc::PROT_WRITE, libc::MAP_PRIVATE | libc::MAP_ANONYMOUS, -1) };
        let p = p.expect("mmap");
        let mut a = Arena { write: p, exec: p, size, used: 0, page: 4096 };
        let f = a.put(&[0xb8, 42, 0, 0, 0, 0xc3]).expect("put");
        // SAFETY: a complete function `() -> u32`.
        let f = unsafe { std::mem::transmute::<*const u8, extern "C" fn() -> u32>(f) };
        assert_eq!(f(), 42);
        if let Some(p) = perms(f as usize) {
            assert_eq!(p, "r-xp");
        }
        if let Some(p) = perms(a.write as usize + size - 1) {
            assert_eq!(p, "rw-p");
        }
    }
}
