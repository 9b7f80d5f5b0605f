//! hemu: a RISC-V RV64GC + H-extension emulator for learning, building and
//! debugging hypervisors.

pub mod bench;
pub mod bus;
pub mod debug;
pub mod engine;
pub mod grade;
pub mod hart;
pub mod images;
pub mod initrd;
pub mod isa;
pub mod loader;
pub mod machine;
pub mod mmu;

pub use engine::Engine;
pub use hart::Hart;
pub use machine::{Machine, MachineConfig, MachineError, RunOutcome};
