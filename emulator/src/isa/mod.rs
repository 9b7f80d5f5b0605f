//! Instruction set: decoding (32-bit and compressed), execution by
//! extension, disassembly and an instruction encoder for tests and tools.

pub mod compressed;
pub mod decode;
pub mod disasm;
pub mod encode;
pub mod exec;
pub mod fpu;

pub use decode::{decode, Inst, Op};
pub use disasm::disasm;
pub use exec::execute;
