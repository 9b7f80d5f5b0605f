//! Lab 0: global state without `static mut`. The hypervisor keeps a few things in statics (the
//! firmware's features, the frame allocator, the exit counts, what it has already said). Rust
//! only allows a `static` that is `Sync`, and handing out `&mut` to one from `&self` would let
//! two `&mut` to the same value exist at once, which is undefined behaviour whatever the hardware
//! does. So there are two cells, each with a contract that keeps that from happening (they live
//! in the `defs` crate, `defs/src/cell.rs`, which the guest kernel uses too):
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

pub use defs::cell::{ExclusiveCell, ValueCell};
