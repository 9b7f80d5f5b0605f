//! The transformed instruction that trap entry writes to htinst/mtinst for
//! a guest-page fault caused by an explicit memory access (hypervisor spec,
//! "Transformed Instruction or Pseudoinstruction for mtinst or htinst").
//!
//! A hypervisor emulating MMIO then learns the access (load or store, width,
//! register) from htinst alone, without reading guest memory. The
//! transformation keeps opcode, funct3, rd (loads) or rs2 (stores) and every
//! AMO/HLV/HSV field, zeroes the immediate, and puts in the rs1 field the
//! offset of the faulting address from the access's original address
//! (nonzero only for a misaligned access split at a page boundary). A
//! compressed instruction is reported as its 32-bit expansion with bit 1
//! cleared, which is how a hypervisor knows to advance sepc by 2.

use super::Hart;
use crate::isa::{decode, Inst, Op};

const RS1: u32 = 0x1f << 15;

impl Hart {
    /// The transformed form of the instruction at `self.pc` for a fault at
    /// `fault_addr`, or 0 when it is not an explicit memory access (or its
    /// bits cannot be read again).
    pub(crate) fn transformed_inst(&mut self, fault_addr: u64) -> u64 {
        let Ok(raw) = self.fetch(self.pc) else { return 0 };
        let inst = decode(raw);
        let Some((kind, f3_opcode)) = classify(&inst) else { return 0 };
        let base = self.xreg(inst.rs1);
        let start = match kind {
            Kind::Load | Kind::Store => base.wrapping_add(inst.imm as u64),
            Kind::Whole => base,
        };
        let offset = fault_addr.wrapping_sub(start);
        if offset > 31 {
            return 0;
        }
        let offset = (offset as u32) << 15;
        let t = match (kind, inst.len) {
            (Kind::Whole, _) => (inst.raw & !RS1) | offset,
            (Kind::Load, 4) => (inst.raw & 0x7fff) | offset,
            (Kind::Store, 4) => (inst.raw & 0x01f0_707f) | offset,
            // Compressed: the 32-bit expansion from the decoded fields.
            (Kind::Load, _) => (f3_opcode | (inst.rd as u32) << 7 | offset) & !2,
            (Kind::Store, _) => (f3_opcode | (inst.rs2 as u32) << 20 | offset) & !2,
        };
        t as u64
    }
}

#[derive(Clone, Copy)]
enum Kind {
    /// Loads: immediate in bits 31:20.
    Load,
    /// Stores: immediate in bits 31:25 and 11:7.
    Store,
    /// AMOs, LR/SC, HLV/HSV: no immediate; only rs1 changes.
    Whole,
}

/// The access kind and, for the loads and stores that have compressed
/// forms, funct3 | opcode of their 32-bit encoding.
fn classify(inst: &Inst) -> Option<(Kind, u32)> {
    use Op::*;
    let f3 = |f: u32, opc: u32| (f << 12) | opc;
    Some(match inst.op {
        Lb | Lh | Lbu | Lhu | Lwu => (Kind::Load, 0),
        Lw => (Kind::Load, f3(2, 0x03)),
        Ld => (Kind::Load, f3(3, 0x03)),
        Flw => (Kind::Load, f3(2, 0x07)),
        Fld => (Kind::Load, f3(3, 0x07)),
        Sb | Sh => (Kind::Store, 0),
        Sw => (Kind::Store, f3(2, 0x23)),
        Sd => (Kind::Store, f3(3, 0x23)),
        Fsw => (Kind::Store, f3(2, 0x27)),
        Fsd => (Kind::Store, f3(3, 0x27)),
        LrW | ScW | AmoswapW | AmoaddW | AmoxorW | AmoandW | AmoorW | AmominW | AmomaxW | AmominuW | AmomaxuW
        | LrD | ScD | AmoswapD | AmoaddD | AmoxorD | AmoandD | AmoorD | AmominD | AmomaxD | AmominuD | AmomaxuD
        | HlvB | HlvBu | HlvH | HlvHu | HlvW | HlvWu | HlvD | HlvxHu | HlvxWu | HsvB | HsvH | HsvW | HsvD => {
            (Kind::Whole, 0)
        }
        _ => return None,
    })
}
