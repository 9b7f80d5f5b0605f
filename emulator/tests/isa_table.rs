//! The instruction table's lines agree with the decoder and the
//! disassembler generated from them.

use hemu::isa::{decode, disasm, Op};

#[test]
fn every_line_decodes_to_its_op() {
    for op in Op::ALL {
        let Some((bits, mask)) = op.encoding() else {
            assert_eq!(op, Op::Illegal);
            continue;
        };
        assert_eq!(bits & !mask, 0, "{op:?}: bits outside the mask");
        // Where a more specific line claims the bits themselves (ZEXT.H is
        // PACKW with rs2 = x0), the line is its bits with the free fields set.
        let i = match decode(bits) {
            i if i.op == op => i,
            _ => decode(bits | !mask),
        };
        assert_eq!(i.op, op, "{bits:08x}");
        assert!(op.extension().is_some());
        assert!(!disasm(&i, 0).starts_with('.'), "{op:?} disassembles as data");
    }
}

#[test]
fn op_all_is_in_declaration_order() {
    for (k, op) in Op::ALL.iter().enumerate() {
        assert_eq!(*op as usize, k);
    }
}
