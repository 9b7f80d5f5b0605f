//! Lab 0: a simple frame allocator. Host-physical 4 KiB frames are handed out in increasing
//! order from the end of the hypervisor image to the end of RAM; if the firmware put the device
//! tree in between, we take the larger of the two free ranges around it. Nothing is ever freed:
//! guests live until the machine powers off.

use crate::lab0_cell::ExclusiveCell;
use crate::lab0_fdt::Platform;

pub const PAGE_SIZE: u64 = 4096;

struct Frames {
    next: u64,
    end: u64,
}
static FRAMES: ExclusiveCell<Frames> = ExclusiveCell::new(Frames { next: 0, end: 0 });

extern "C" {
    static __image_end: u8;
}

pub fn init(p: &Platform) {
    // SAFETY: only the symbol's address is used.
    let mut start = unsafe { &__image_end as *const u8 as u64 };
    let mut end = p.ram_base + p.ram_size;
    if p.fdt_start >= start && p.fdt_start < end {
        // Keep the device tree intact: use the larger free range below or above it.
        let above = (p.fdt_end + PAGE_SIZE - 1) & !(PAGE_SIZE - 1);
        if end - above > p.fdt_start - start {
            start = above;
        } else {
            end = p.fdt_start;
        }
    }
    *FRAMES.borrow_mut() = Frames { next: start, end: end & !(PAGE_SIZE - 1) };
    hv!("lab0: frame allocator: {:#x}..{:#x} ({} MiB)", start, end, (end - start) >> 20);
}

/// `count` zeroed contiguous frames whose address is a multiple of `align` (a power of two).
pub fn alloc(count: u64, align: u64) -> u64 {
    let mut f = FRAMES.borrow_mut();
    let addr = (f.next + align - 1) & !(align - 1);
    let size = count * PAGE_SIZE;
    if addr + size > f.end {
        fatal!("out of host memory ({count} frames requested)");
    }
    f.next = addr + size;
    // SAFETY: [addr, addr+size) is RAM that nobody else uses (it lies beyond our image).
    unsafe { core::ptr::write_bytes(addr as *mut u8, 0, size as usize) };
    addr
}
