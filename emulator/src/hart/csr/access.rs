//! CSR instructions: permission checks, routing of S names to VS copies when
//! V=1, WARL legalization on write, side effects.

use super::CsrFile;
use crate::hart::{Hart, Trap};

/// Which Zicsr instruction family is accessing the CSR.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CsrOpKind {
    /// CSRRW / CSRRWI
    Write,
    /// CSRRS / CSRRSI
    Set,
    /// CSRRC / CSRRCI
    Clear,
}

/// One CSR instruction's access. `reads` is false only for CSRRW[I] with
/// rd = x0 (no read side effects); `writes` is false for CSRRS[I]/CSRRC[I]
/// with rs1 = x0 or uimm = 0 (no write, so a read-only CSR is fine).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct CsrOp {
    pub kind: CsrOpKind,
    pub reads: bool,
    pub writes: bool,
}

impl Hart {
    /// Execute a CSR instruction's access: returns the old value for rd.
    /// `inst_bits` is the instruction, for the tval of illegal/virtual
    /// instruction traps.
    pub fn csr_access(&mut self, addr: u16, op: CsrOp, operand: u64, inst_bits: u32) -> Result<u64, Trap> {
        let _ = (addr, op, operand, inst_bits);
        Err(Trap::illegal(inst_bits as u64))
    }
}

impl CsrFile {}
