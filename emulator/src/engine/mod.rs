//! The execution engine: how the hart's instructions are run fast. It
//! keeps decoded instructions (`cache`) and decoded basic blocks
//! (`block`), runs blocks through one handler per instruction
//! (`threaded`) or as compiled host code (`jit`), and holds the run loop
//! (`run`). The reference semantics are `isa::exec` and `hart`; the engine
//! must behave exactly as they do, only faster.

pub mod block;
pub mod cache;
pub mod jit;
mod run;
pub mod threaded;
