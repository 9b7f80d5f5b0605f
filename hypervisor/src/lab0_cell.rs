//! Lab 0: global state without `static mut`. The hypervisor keeps a few things in statics (the
//! firmware's features, the frame allocator, the exit counts, what it has already said). Rust
//! only allows a `static` that is `Sync`, and handing out `&mut` to one from `&self` would let
//! two `&mut` to the same value exist at once, which is undefined behaviour whatever the hardware
//! does. So there are two cells, each with a contract that keeps that from happening:
//!
//! * [`ExclusiveCell`]: like `RefCell`, `borrow_mut` hands out a guard and the cell remembers
//!   that it is borrowed until the guard is dropped; a second `borrow_mut` meanwhile panics
//!   (the panic handler reports it and powers off) instead of creating a second `&mut`.
//! * [`ValueCell`]: like `Cell`, for small `Copy` values (flags, settings): `get` returns a copy
//!   and `set` replaces the value, so no reference into the cell ever escapes.
//!
//! Why `Sync` is sound here: the hypervisor runs on one hart only (the boot hart; it never
//! starts another with SBI HSM), so nothing runs in parallel with it. What can still interrupt
//! hypervisor code in the middle of a borrow is a trap, the way a signal handler interrupts a
//! thread: sstatus.SIE = 0 keeps interrupts out while the hypervisor runs (they arrive only as
//! guest exits, lab 1), and an exception in the hypervisor itself goes to lab0_trap, which
//! prints and powers off without returning. The console path that trap uses reads only
//! `ValueCell`s, so it never finds an `ExclusiveCell` borrowed; if some future trap path did
//! re-enter a borrowed `ExclusiveCell`, `borrow_mut` would panic rather than alias.

use core::cell::{Cell, UnsafeCell};
use core::ops::{Deref, DerefMut};

/// A value that one caller at a time may borrow mutably (see the module doc).
pub struct ExclusiveCell<T> {
    borrowed: Cell<bool>,
    value: UnsafeCell<T>,
}

// SAFETY: one hart, and re-entry by a trap is detected by `borrowed` (module doc).
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
