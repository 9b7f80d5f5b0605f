//! Memory: a bump frame allocator and Sv39 page tables.
//!
//! Every address space shares the kernel's two root entries (identity mappings, PTE.U = 0):
//! * root\[0\]: gigapage 0x0000_0000..0x4000_0000 read/write, for devices (the 16550);
//! * root\[2\]: gigapage 0x8000_0000..0xC000_0000 read/write/execute, kernel RAM.
//!
//! Each task adds its own user mappings (PTE.U = 1) under root[1], 0x4000_0000..0x8000_0000:
//! its program at USER_BASE and its stack below USER_STACK_TOP.

use defs::cell::{ExclusiveCell, ValueCell};
use defs::csr::{self, SATP};
use defs::pte::Pte;
use defs::satp::{satp, SatpMode};

pub const PAGE: u64 = 4096;
pub const USER_BASE: u64 = 0x4000_0000;
pub const USER_STACK_TOP: u64 = 0x8000_0000;
pub const USER_STACK_PAGES: u64 = 4;
pub const RAM_BASE: u64 = 0x9000_0000;

const V: u64 = Pte::V.bits();
const R: u64 = Pte::R.bits();
const W: u64 = Pte::W.bits();
const X: u64 = Pte::X.bits();
const U: u64 = Pte::U.bits();
const G: u64 = Pte::G.bits();
const A: u64 = Pte::A.bits();
const D: u64 = Pte::D.bits();

/// The satp value of the address space whose root table is at `root`.
const fn sv39(root: u64) -> u64 {
    satp(SatpMode::Sv39, 0, root >> 12)
}

struct Frames {
    next: u64,
    end: u64,
}
static FRAMES: ExclusiveCell<Frames> = ExclusiveCell::new(Frames { next: 0, end: 0 });
static KERNEL_ROOT: ValueCell<u64> = ValueCell::new(0);

extern "C" {
    static __kernel_end: u8;
}

/// A zeroed 4 KiB frame (never freed: this kernel runs a fixed set of tasks once).
pub fn alloc_frame() -> u64 {
    let mut f = FRAMES.borrow_mut();
    if f.next + PAGE > f.end {
        panic!("out of memory");
    }
    let frame = f.next;
    f.next += PAGE;
    // SAFETY: a free frame of RAM (identity-mapped).
    unsafe { core::ptr::write_bytes(frame as *mut u8, 0, PAGE as usize) };
    frame
}

fn entry(table: u64, index: u64) -> *mut u64 {
    (table + index * 8) as *mut u64
}

/// Map one 4 KiB page `va` -> `pa` in the tree rooted at `root` with `flags` (R/W/X/U).
pub fn map(root: u64, va: u64, pa: u64, flags: u64) {
    let mut table = root;
    for level in [2u32, 1] {
        let e = entry(table, (va >> (12 + 9 * level)) & 0x1ff);
        // SAFETY: page-table frames are identity-mapped kernel RAM.
        unsafe {
            if *e & V == 0 {
                *e = (alloc_frame() >> 12) << 10 | V;
            }
            table = (*e >> 10) << 12;
        }
    }
    // SAFETY: as above.
    unsafe { *entry(table, (va >> 12) & 0x1ff) = (pa >> 12) << 10 | flags | V | A | D };
}

pub fn init(ram_size: u64) {
    // SAFETY: only the symbol's address is used.
    let start = unsafe { &__kernel_end as *const u8 as u64 };
    *FRAMES.borrow_mut() = Frames { next: start, end: RAM_BASE + ram_size };
    let root = alloc_frame();
    // SAFETY: root is a fresh table.
    unsafe {
        *entry(root, 0) = V | R | W | G | A | D; // PPN 0: the gigapage at address 0
        *entry(root, 2) = (0x8000_0000u64 >> 12) << 10 | V | R | W | X | G | A | D;
        csr::write::<SATP>(sv39(root));
        core::arch::asm!("sfence.vma");
    }
    KERNEL_ROOT.set(root);
    println!("[kernel] Sv39 paging on: kernel and device gigapages, {} KiB free for tasks",
        (RAM_BASE + ram_size - start) >> 10);
}

/// A new address space: the kernel's entries plus `image` at USER_BASE and a user stack.
/// Returns its satp value.
pub fn new_user_space(image: &[u8]) -> u64 {
    let root = alloc_frame();
    let kroot = KERNEL_ROOT.get();
    // SAFETY: both are page-table frames.
    unsafe {
        *entry(root, 0) = *entry(kroot, 0);
        *entry(root, 2) = *entry(kroot, 2);
    }
    let mut off = 0u64;
    while off < image.len() as u64 {
        let frame = alloc_frame();
        let n = (image.len() as u64 - off).min(PAGE) as usize;
        // SAFETY: a fresh frame.
        unsafe { core::ptr::copy_nonoverlapping(image[off as usize..].as_ptr(), frame as *mut u8, n) };
        map(root, USER_BASE + off, frame, R | W | X | U);
        off += PAGE;
    }
    for i in 1..=USER_STACK_PAGES {
        map(root, USER_STACK_TOP - i * PAGE, alloc_frame(), R | W | U);
    }
    sv39(root)
}

/// Is [ptr, ptr+len) inside the user half a task may name in a system call?
pub fn user_range_ok(ptr: u64, len: u64) -> bool {
    ptr >= USER_BASE && ptr.checked_add(len).is_some_and(|end| end <= USER_STACK_TOP)
}
