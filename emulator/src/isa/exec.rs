//! Execution.

use super::{Inst, Op};
use crate::hart::{Hart, Trap};

/// Execute `inst` at `h.pc`. On success the pc has been advanced (or set by
/// a jump, branch or xRET); on a trap the pc is unchanged.
pub fn execute(h: &mut Hart, inst: &Inst) -> Result<(), Trap> {
    match inst.op {
        Op::Illegal => Err(Trap::illegal(inst.raw as u64)),
    }
}
