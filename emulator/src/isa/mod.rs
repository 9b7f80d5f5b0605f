//! Instruction set: the instruction table and what is generated from it
//! (`Op`, decoding, execution by extension, disassembly, an encoder for
//! tests and tools), and the compressed instructions.

pub mod compressed;
pub mod decode;
pub mod disasm;
pub mod encode;
pub mod exec;
pub mod extensions;
pub mod fpu;
pub mod op;
pub mod table;

pub use decode::{decode, Inst, Op};
pub use disasm::disasm;
pub use exec::execute;
pub use extensions::{decode_with, Isa, MmuType};
