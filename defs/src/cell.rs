//! Global state without `static mut`, for our single-hart RISC-V programs (the hypervisor and
//! the guest kernel). Rust only allows a `static` that is `Sync`, and handing out `&mut` to one
//! from `&self` would let two `&mut` to the same value exist at once, which is undefined
//! behaviour whatever the hardware does. So there are two cells, each with a contract that keeps
//! that from happening:
//!
//! * [`ExclusiveCell`]: like `RefCell`, `borrow_mut` hands out a guard and the cell remembers
//!   that it is borrowed until the guard is dropped; a second `borrow_mut` meanwhile panics
//!   instead of creating a second `&mut`.
//! * [`ValueCell`]: like `Cell`, for small `Copy` values (flags, settings): `get` returns a copy
//!   and `set` replaces the value, so no reference into the cell ever escapes.
//!
//! Why `Sync` is sound, and why only on RISC-V bare metal (`target_os = "none"`): the programs
//! that use these cells run on one hart, so nothing runs in parallel with them. What can still
//! interrupt them in the middle of a borrow is a trap, the way a signal handler interrupts a
//! thread; `borrow_mut` detects that re-entry and panics rather than alias. Each program says
//! in its own words why its traps keep out of a borrow (the hypervisor's `lab0_cell`, the
//! guest's `console`). On a host, where threads do run in parallel, the cells are not `Sync`
//! and cannot be put in a `static`.

use core::cell::{Cell, UnsafeCell};
use core::ops::{Deref, DerefMut};

/// A value that one caller at a time may borrow mutably (see the module doc).
pub struct ExclusiveCell<T> {
    borrowed: Cell<bool>,
    value: UnsafeCell<T>,
}

// SAFETY: one hart, and re-entry by a trap is detected by `borrowed` (module doc).
#[cfg(target_os = "none")]
unsafe impl<T: Send> Sync for ExclusiveCell<T> {}

impl<T> ExclusiveCell<T> {
    pub const fn new(value: T) -> Self {
        ExclusiveCell { borrowed: Cell::new(false), value: UnsafeCell::new(value) }
    }

    /// Exclusive access until the guard is dropped. Panics if the cell is already borrowed
    /// (a caller kept its guard while calling code that borrows the same cell, or a trap
    /// re-entered): finish with one borrow before starting the next.
    #[track_caller]
    pub fn borrow_mut(&self) -> ExclusiveGuard<'_, T> {
        if self.borrowed.replace(true) {
            panic!("ExclusiveCell borrowed twice (re-entered while a guard was alive)");
        }
        ExclusiveGuard { cell: self }
    }
}

/// Proof of exclusive access to an [`ExclusiveCell`]'s value; dropping it ends the borrow.
pub struct ExclusiveGuard<'a, T> {
    cell: &'a ExclusiveCell<T>,
}

impl<T> Deref for ExclusiveGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: `borrowed` was false when this guard was made and stays true while it lives,
        // so this is the only reference into the cell.
        unsafe { &*self.cell.value.get() }
    }
}

impl<T> DerefMut for ExclusiveGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as for `deref`; `&mut self` keeps this the only reference made from the guard.
        unsafe { &mut *self.cell.value.get() }
    }
}

impl<T> Drop for ExclusiveGuard<'_, T> {
    fn drop(&mut self) {
        self.cell.borrowed.set(false);
    }
}

/// A small `Copy` value read and replaced as a whole (see the module doc).
pub struct ValueCell<T: Copy>(Cell<T>);

// SAFETY: one hart; the value is only ever copied in or out, never borrowed (module doc).
#[cfg(target_os = "none")]
unsafe impl<T: Copy + Send> Sync for ValueCell<T> {}

impl<T: Copy> ValueCell<T> {
    pub const fn new(value: T) -> Self {
        ValueCell(Cell::new(value))
    }
    pub fn get(&self) -> T {
        self.0.get()
    }
    pub fn set(&self, value: T) {
        self.0.set(value)
    }
    /// Store `value` and return the previous one.
    pub fn replace(&self, value: T) -> T {
        self.0.replace(value)
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;

    #[test]
    fn a_guard_gives_the_value_and_ends_the_borrow_when_dropped() {
        let c = ExclusiveCell::new(1u32);
        *c.borrow_mut() += 1;
        let g = c.borrow_mut();
        assert_eq!(*g, 2);
        drop(g);
        assert_eq!(*c.borrow_mut(), 2);
    }

    #[test]
    fn a_second_borrow_while_the_first_lives_panics() {
        let c = ExclusiveCell::new(0u8);
        let _g = c.borrow_mut();
        let second = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _ = c.borrow_mut();
        }));
        assert!(second.is_err());
    }

    #[test]
    fn a_value_cell_copies_in_and_out() {
        let c = ValueCell::new(false);
        assert!(!c.replace(true));
        assert!(c.get());
        c.set(false);
        assert!(!c.get());
    }
}
