//! Trap causes (`Exception`, `Interrupt`: the shared definitions of `defs`)
//! and the `Trap` value that carries an exception from
//! the instruction that raised it to trap entry (`hart/trap.rs`).

/// The exception and interrupt codes are the shared definitions of the
/// firmware, hypervisor and guest (`defs::trap`).
pub use defs::trap::{Exception, Interrupt};

/// A synchronous exception on its way to trap entry.
///
/// `tval` goes to mtval/stval/vstval. `tval2` is the guest physical address
/// shifted right by 2 for guest-page faults (to htval/mtval2), `tinst` the
/// transformed instruction or pseudoinstruction (to htinst/mtinst), `gva`
/// says that `tval` is a guest virtual address (hstatus.GVA/mstatus.GVA):
/// trap entry also sets GVA when the trap comes from V=1 with an address
/// fault, so raisers only need to set it for HLV/HSV/HLVX executed with V=0.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Trap {
    pub cause: Exception,
    pub tval: u64,
    pub tval2: u64,
    pub tinst: u64,
    pub gva: bool,
}

impl Trap {
    pub fn new(cause: Exception, tval: u64) -> Trap {
        Trap { cause, tval, tval2: 0, tinst: 0, gva: false }
    }
    /// Illegal instruction; tval holds the instruction bits (as Spike and QEMU do).
    pub fn illegal(inst_bits: u64) -> Trap {
        Trap::new(Exception::IllegalInstruction, inst_bits)
    }
    /// Virtual instruction (cause 22); tval holds the instruction bits.
    pub fn virtual_instruction(inst_bits: u64) -> Trap {
        Trap::new(Exception::VirtualInstruction, inst_bits)
    }
}
