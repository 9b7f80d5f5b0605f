//! Instruction set: decoding (32-bit and compressed), execution by
//! extension, disassembly, and the decoded-instruction cache.

pub mod cache;
pub mod decode;
pub mod exec;
pub mod fpu;

pub use decode::{decode, Inst, Op};
