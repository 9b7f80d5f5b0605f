//! Zicsr: CSRRW/CSRRS/CSRRC and their immediate forms. Which CSRs exist,
//! who may access them and what a write does is the CSR file's business
//! (`hart::csr::access`); this only builds the access.

use super::base::next;
use crate::hart::csr::{CsrOp, CsrOpKind};
use crate::hart::{Hart, Trap};
use crate::isa::Inst;

/// Execute a CSR instruction. `uimm_form` selects the immediate forms,
/// whose operand is the 5-bit uimm held in the rs1 field.
#[inline(always)]
pub fn csr(h: &mut Hart, i: &Inst, kind: CsrOpKind, uimm_form: bool) -> Result<(), Trap> {
    let (op, operand) = access(h, i, kind, uimm_form);
    let old = h.csr_access(i.imm as u16 & 0xfff, op, operand, i.raw)?;
    if op.reads {
        h.set_xreg(i.rd, old);
    }
    next(h, i)
}

/// The access a CSR instruction makes (see `csr`), and its operand (read
/// before rd is written: rd may be rs1). The run loop's handler for the
/// trap registers builds it here too (`engine::threaded::csr_plain`).
#[inline(always)]
pub fn access(h: &Hart, i: &Inst, kind: CsrOpKind, uimm_form: bool) -> (CsrOp, u64) {
    let operand = if uimm_form { i.rs1 as u64 } else { h.xreg(i.rs1) };
    let op = CsrOp {
        kind,
        // CSRRW[I] with rd = x0 does not read the CSR (no read side effects).
        reads: !(kind == CsrOpKind::Write && i.rd == 0),
        // CSRRS[I]/CSRRC[I] with rs1 = x0 / uimm = 0 do not write it.
        writes: kind == CsrOpKind::Write || i.rs1 != 0,
    };
    (op, operand)
}
