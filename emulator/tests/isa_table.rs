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
        let i = decode(bits);
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
