//! RV64C: every compressed instruction decodes to the same operation as
//! its 32-bit expansion (only `len` and `raw` differ), reserved encodings
//! are illegal (Zcb's in `isa_zcb.rs`), HINTs are legal no-ops, and execution advances by 2.

mod isa_common;

use hemu::isa::encode::{freg::*, reg::*, *};
use hemu::isa::table::Ext;
use hemu::isa::{decode, decode_with, Inst, Isa, Op};
use isa_common::*;

fn same_operation(c: u16, full: u32) {
    let a = decode(c as u32);
    let b = decode(full);
    assert_ne!(a.op, Op::Illegal, "{c:#06x} decodes");
    assert_ne!(b.op, Op::Illegal, "{full:#010x} decodes");
    let strip = |i: Inst| (i.op, i.rd, i.rs1, i.rs2, i.rs3, i.imm);
    assert_eq!(strip(a), strip(b), "{c:#06x} vs {full:#010x}");
    assert_eq!((a.len, a.raw), (2, c as u32));
}

#[test]
fn every_compressed_instruction_matches_its_expansion() {
    let pairs: Vec<(u16, u32)> = vec![
        (c_addi4spn(A0, 1020), addi(A0, SP, 1020)),
        (c_addi4spn(S1, 4), addi(S1, SP, 4)),
        (c_fld(FA0, A1, 248), fld(FA0, A1, 248)),
        (c_lw(A0, A1, 124), lw(A0, A1, 124)),
        (c_lw(S0, A5, 64), lw(S0, A5, 64)),
        (c_ld(A0, A1, 248), ld(A0, A1, 248)),
        (c_fsd(FA0, A1, 8), fsd(FA0, A1, 8)),
        (c_sw(A0, A1, 68), sw(A0, A1, 68)),
        (c_sd(A0, A1, 136), sd(A0, A1, 136)),
        (c_nop(), addi(ZERO, ZERO, 0)),
        (c_addi(A0, -32), addi(A0, A0, -32)),
        (c_addi(T6, 31), addi(T6, T6, 31)),
        (c_addiw(A0, -1), addiw(A0, A0, -1)),
        (c_addiw(A0, 0), addiw(A0, A0, 0)),
        (c_li(T6, -17), addi(T6, ZERO, -17)),
        (c_addi16sp(-512), addi(SP, SP, -512)),
        (c_addi16sp(496), addi(SP, SP, 496)),
        (c_lui(A0, 1), lui(A0, 1)),
        (c_lui(A0, -1), lui(A0, 0xfffff)),
        (c_lui(A0, -32), lui(A0, 0xfffe0)),
        (c_lui(A0, 31), lui(A0, 31)),
        (c_srli(A5, 33), srli(A5, A5, 33)),
        (c_srai(S0, 63), srai(S0, S0, 63)),
        (c_andi(A0, -7), andi(A0, A0, -7)),
        (c_sub(A0, A1), sub(A0, A0, A1)),
        (c_xor(A0, A1), xor(A0, A0, A1)),
        (c_or(A0, A1), or(A0, A0, A1)),
        (c_and(A0, A1), and(A0, A0, A1)),
        (c_subw(A0, A1), subw(A0, A0, A1)),
        (c_addw(A0, A1), addw(A0, A0, A1)),
        (c_j(-2048), jal(ZERO, -2048)),
        (c_j(2046), jal(ZERO, 2046)),
        (c_j(0x2aa), jal(ZERO, 0x2aa)),
        (c_j(0x554), jal(ZERO, 0x554)),
        (c_beqz(A0, -256), beq(A0, ZERO, -256)),
        (c_bnez(S1, 254), bne(S1, ZERO, 254)),
        (c_bnez(S1, 0xaa), bne(S1, ZERO, 0xaa)),
        (c_slli(A0, 63), slli(A0, A0, 63)),
        (c_fldsp(FA0, 504), fld(FA0, SP, 504)),
        (c_lwsp(A0, 252), lw(A0, SP, 252)),
        (c_ldsp(T6, 504), ld(T6, SP, 504)),
        (c_jr(RA), jalr(ZERO, RA, 0)),
        (c_mv(A0, A1), add(A0, ZERO, A1)),
        (c_ebreak(), ebreak()),
        (c_jalr(T0), jalr(RA, T0, 0)),
        (c_add(A0, A1), add(A0, A0, A1)),
        (c_fsdsp(FA0, 504), fsd(FA0, SP, 504)),
        (c_swsp(A0, 252), sw(A0, SP, 252)),
        (c_sdsp(RA, 504), sd(RA, SP, 504)),
    ];
    for (c, full) in pairs {
        same_operation(c, full);
    }
}

#[test]
fn reserved_encodings_are_illegal() {
    let reserved: [(u16, &str); 14] = [
        (0x0000, "all-zero"),
        (c_addi4spn(A0, 0), "C.ADDI4SPN nzuimm=0"),
        (c_addi4spn(A0, 0) | 0x1c, "C.ADDI4SPN nzuimm=0, rd'=a5"),
        (c_addi16sp(0), "C.ADDI16SP imm=0"),
        (c_lui(A0, 0), "C.LUI nzimm=0"),
        (c_lui(ZERO, 0), "C.LUI x0 nzimm=0"),
        (c_lwsp(ZERO, 4), "C.LWSP rd=0"),
        (c_ldsp(ZERO, 8), "C.LDSP rd=0"),
        (c_jr(ZERO), "C.JR rs1=0"),
        (c_addiw(ZERO, 1), "C.ADDIW rd=0"),
        (0x9ffc, "quadrant 0 funct3=100, funct 111"),
        (0x8c40, "quadrant 0 funct3=100: C.SH with bit 6 set"),
        (0x9c61 | (6 << 2), "Zcb unary 110"),
        (0x9c61 | (7 << 2), "Zcb unary 111"),
    ];
    for (bits, what) in reserved {
        let i = decode(bits as u32);
        assert_eq!(i.op, Op::Illegal, "{what} ({bits:#06x})");
        assert_eq!((i.len, i.raw), (2, bits as u32), "{what}");
    }
    // Every funct3=100 pattern of quadrant 0: Zcb's C.LBU, C.LHU, C.LH,
    // C.SB, C.SH (bits 12:10 = 0..3, C.SH with bit 6 clear), illegal on a
    // hart without Zcb; the rest reserved.
    let no_zcb = Isa::ALL.with(Ext::Zcb, false);
    for hi in 0..(1u32 << 11) {
        let bits = (4 << 13) | (hi << 2);
        let zcb = (bits >> 10) & 7 <= 2 || ((bits >> 10) & 7 == 3 && bits & (1 << 6) == 0);
        assert_eq!(decode(bits).op != Op::Illegal, zcb, "{bits:#06x}");
        assert_eq!(decode_with(bits, no_zcb).op, Op::Illegal, "{bits:#06x} without Zcb");
    }
    // Executing a reserved pattern traps with the 16 bits as tval.
    let mut h = hart();
    let e = exec(&mut h, 0x0000).unwrap_err();
    assert_eq!(e.cause, hemu::hart::Exception::IllegalInstruction);
    assert_eq!(e.tval, 0);
    let e = exec(&mut h, c_addi16sp(0) as u32).unwrap_err();
    assert_eq!(e.tval, c_addi16sp(0) as u64);
}

#[test]
fn hints_are_legal_noops() {
    let hints: [u16; 9] = [
        c_addi(ZERO, 5),  // C.NOP with imm != 0
        c_addi(A0, 0),    // C.ADDI with imm = 0
        c_li(ZERO, 3),    // C.LI rd = 0
        c_lui(ZERO, 1),   // C.LUI rd = 0
        c_mv(ZERO, A0),   // C.MV rd = 0
        c_add(ZERO, A0),  // C.ADD rd = 0
        c_slli(ZERO, 3),  // C.SLLI rd = 0
        c_slli(A0, 0),    // C.SLLI shamt = 0
        c_srli(A0, 0),    // C.SRLI shamt = 0
    ];
    for bits in hints {
        let mut h = hart();
        for r in 1..32 {
            h.set_xreg(r, 0x1234_0000 + r as u64);
        }
        let before = *h.xregs();
        assert_eq!(run(&mut h, bits as u32), 2, "{bits:#06x}");
        assert_eq!(*h.xregs(), before, "{bits:#06x} changes nothing");
    }
}

#[test]
fn compressed_execution_uses_len_2() {
    let mut h = hart();
    let pc = h.pc();
    // C.JALR links pc + 2.
    h.set_xreg(T0, BASE + 0x100);
    run(&mut h, c_jalr(T0) as u32);
    assert_eq!(h.pc(), BASE + 0x100);
    assert_eq!(h.xreg(RA), pc + 2);
    // C.JALR ra: the target is read before ra is written.
    h.set_xreg(RA, BASE + 0x200);
    let pc = h.pc();
    run(&mut h, c_jalr(RA) as u32);
    assert_eq!(h.pc(), BASE + 0x200);
    assert_eq!(h.xreg(RA), pc + 2);
    // C.J / C.BEQZ targets are pc-relative.
    assert_eq!(run(&mut h, c_j(-2) as u32), -2);
    h.set_xreg(A0, 0);
    assert_eq!(run(&mut h, c_beqz(A0, 8) as u32), 8);
    assert_eq!(run(&mut h, c_bnez(A0, 8) as u32), 2);
    // Stack-pointer loads and stores.
    h.set_xreg(SP, BASE + 0x8000);
    h.set_xreg(A0, 0xffff_ffff_8765_4321);
    run(&mut h, c_sdsp(A0, 248) as u32);
    run(&mut h, c_lwsp(A1, 248) as u32);
    assert_eq!(h.xreg(A1), 0xffff_ffff_8765_4321);
    run(&mut h, c_addi16sp(-16) as u32);
    assert_eq!(h.xreg(SP), BASE + 0x8000 - 16);
    run(&mut h, c_addi4spn(A2, 16) as u32);
    assert_eq!(h.xreg(A2), BASE + 0x8000);
    // C.LUI sign-extends from bit 17.
    run(&mut h, c_lui(A3, -1) as u32);
    assert_eq!(h.xreg(A3), 0xffff_ffff_ffff_f000);
    // C.EBREAK: breakpoint with tval = pc.
    let e = exec(&mut h, c_ebreak() as u32).unwrap_err();
    assert_eq!((e.cause, e.tval), (hemu::hart::Exception::Breakpoint, h.pc()));
}

/// Only the low 16 bits of a fetched word count for a compressed instruction.
#[test]
fn upper_half_is_ignored() {
    let a = decode(c_addi(A0, 1) as u32);
    let b = decode(0xdead_0000 | c_addi(A0, 1) as u32);
    assert_eq!(a, b);
}

/// All 65536 patterns: 32-bit ones are not our business, every 16-bit one
/// decodes (legal with len 2, or illegal) and disassembles without panicking.
#[test]
fn sweep_all_16bit_patterns() {
    let mut legal = 0;
    for bits in 0..=0xffffu32 {
        let i = decode(bits);
        if bits & 3 == 3 {
            assert_eq!(i.len, 4);
            continue;
        }
        assert_eq!(i.len, 2);
        assert_eq!(i.raw, bits);
        let _ = hemu::isa::disasm(&i, 0x8000_0000);
        if i.op != Op::Illegal {
            legal += 1;
            // Every legal compressed register field names x0..x31.
            assert!(i.rd < 32 && i.rs1 < 32 && i.rs2 < 32);
        }
    }
    // RV64C leaves 14 of the 24 funct3 slots fully legal; sanity-check the count.
    assert!(legal > 40_000 && legal < 49_152, "{legal}");
}
