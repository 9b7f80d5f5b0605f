//! ECALL/EBREAK/illegal traps, the privileged and H instructions passing
//! through the hart's checks, and exact decoding of the SYSTEM opcode.

mod isa_common;

use hemu::hart::Exception;
use hemu::isa::encode::{reg::*, *};
use hemu::isa::{decode, Op};
use isa_common::*;

#[test]
fn ecall_and_ebreak() {
    let mut h = hart();
    let pc = h.pc();
    let e = exec(&mut h, ecall()).unwrap_err();
    assert_eq!(e.cause, h.ecall_cause());
    assert_eq!(e.tval, 0);
    assert_eq!(h.pc(), pc);
    let e = exec(&mut h, ebreak()).unwrap_err();
    assert_eq!((e.cause, e.tval), (Exception::Breakpoint, pc));
    assert_eq!(h.pc(), pc);
}

#[test]
fn illegal_carries_the_bits() {
    let mut h = hart();
    for bits in [0xffff_ffffu32, 0x0000_0000, 0x0000_707f, 0xfe00_0033, 0x0000_7003] {
        let pc = h.pc();
        let e = exec(&mut h, bits).unwrap_err();
        let raw = if bits & 3 == 3 { bits } else { bits & 0xffff };
        assert_eq!((e.cause, e.tval), (Exception::IllegalInstruction, raw as u64), "{bits:#x}");
        assert_eq!(h.pc(), pc);
    }
}

#[test]
fn trapping_system_instructions_leave_state_alone() {
    // Whatever the hart decides for these, a trap must not move the pc or
    // write rd.
    let mut h = hart();
    h.set_xreg(A0, BASE);
    for bits in [
        mret(),
        sret(),
        csrrw(A1, 0x300, A0),
        csrrs(A1, 0xc00, ZERO),
        csrrwi(A1, 0x340, 5),
        hlv_d(A1, A0),
        hsv_w(A0, A0),
        hfence_gvma(ZERO, ZERO),
        hfence_vvma(A0, ZERO),
    ] {
        let pc = h.pc();
        let x = *h.xregs();
        if let Err(e) = exec(&mut h, bits) {
            assert_eq!(h.pc(), pc, "{bits:#x}: {e:?}");
            assert_eq!(*h.xregs(), x, "{bits:#x}");
        }
    }
}

#[test]
fn wfi_and_sfence_advance() {
    let mut h = hart();
    // With the current hart (M-mode) these are allowed.
    assert_eq!(run(&mut h, wfi()), 4);
    assert_eq!(run(&mut h, sfence_vma(ZERO, ZERO)), 4);
    assert_eq!(run(&mut h, sfence_vma(A0, A1)), 4);
}

#[test]
fn system_decoding_is_exact() {
    assert_eq!(decode(ecall()).op, Op::Ecall);
    assert_eq!(decode(ecall() | (1 << 7)).op, Op::Illegal, "ECALL rd != 0");
    assert_eq!(decode(ecall() | (1 << 15)).op, Op::Illegal, "ECALL rs1 != 0");
    assert_eq!(decode(ebreak() | (1 << 21)).op, Op::Illegal);
    assert_eq!(decode(mret() | (1 << 7)).op, Op::Illegal);
    assert_eq!(decode(sret() | (1 << 15)).op, Op::Illegal);
    assert_eq!(decode(wfi() | (1 << 7)).op, Op::Illegal);
    assert_eq!(decode(0x0020_0073).op, Op::Illegal, "URET is gone");
    assert_eq!(decode(0x7b20_0073).op, Op::Illegal, "DRET is not implemented");
    assert_eq!(decode(sfence_vma(A0, A1)).op, Op::SfenceVma);
    assert_eq!(decode(sfence_vma(A0, A1) | (1 << 7)).op, Op::Illegal, "SFENCE.VMA rd != 0");
    assert_eq!(decode(hfence_vvma(A0, A1)).op, Op::HfenceVvma);
    assert_eq!(decode(hfence_gvma(A0, A1)).op, Op::HfenceGvma);
    assert_eq!(decode(hsv_b(A0, A1) | (1 << 7)).op, Op::Illegal, "HSV rd != 0");
    assert_eq!(decode(hlv_b(A0, A1) | (2 << 20)).op, Op::Illegal, "HLV.B rs2=2");
    assert_eq!(decode(hlv_b(A0, A1) | (3 << 20)).op, Op::Illegal, "no HLVX.BU");
    assert_eq!(decode(hlv_d(A0, A1) | (1 << 20)).op, Op::Illegal, "no HLV.DU");
    // Every CSR address decodes (the CSR file decides what is legal).
    for csr in 0..4096u16 {
        let i = decode(csrrs(A0, csr, A1));
        assert_eq!((i.op, i.imm, i.rd, i.rs1, i.rs2), (Op::Csrrs, csr as i64, A0, A1, 0));
        let i = decode(csrrci(A0, csr, 31));
        assert_eq!((i.op, i.imm, i.rs1), (Op::Csrrci, csr as i64, 31));
    }
}

#[test]
fn base_decoding_is_exact() {
    // Shift amounts: 6 bits for RV64 shifts, 5 for the W forms.
    assert_eq!(decode(slli(A0, A1, 63)).imm, 63);
    assert_eq!(decode(slliw(A0, A1, 31) | (1 << 25)).op, Op::Illegal, "SLLIW shamt[5]=1");
    assert_eq!(decode(sraiw(A0, A1, 31) | (1 << 25)).op, Op::Illegal, "SRAIW shamt[5]=1");
    assert_eq!(decode(srli(A0, A1, 1) | (1 << 31)).op, Op::Illegal, "bad funct6");
    assert_eq!(decode(slli(A0, A1, 1) | (0x10 << 26)).op, Op::Illegal, "no SLAI");
    // Unused funct3/funct7 values.
    assert_eq!(decode(jalr(A0, A1, 0) | (1 << 12)).op, Op::Illegal);
    assert_eq!(decode(b_type(0x63, 2, A0, A1, 8)).op, Op::Illegal);
    assert_eq!(decode(b_type(0x63, 3, A0, A1, 8)).op, Op::Illegal);
    assert_eq!(decode(i_type(0x03, A0, 7, A1, 0)).op, Op::Illegal, "no LDU");
    assert_eq!(decode(s_type(0x23, 4, A1, A0, 0)).op, Op::Illegal);
    assert_eq!(decode(add(A0, A1, A2) | (0x40 << 25)).op, Op::Illegal);
    assert_eq!(decode(sub(A0, A1, A2) | (1 << 12)).op, Op::Illegal, "funct7=0x20 with SLL");
    assert_eq!(decode(r_type(0x3b, A0, 2, A1, A2, 0)).op, Op::Illegal);
    assert_eq!(decode(r_type(0x3b, A0, 1, A1, A2, 1)).op, Op::Illegal, "no MULHW");
    assert_eq!(decode(i_type(0x1b, A0, 2, A1, 0)).op, Op::Illegal);
    // MISC-MEM funct3=2 is CBO.INVAL with Zicbom, and illegal without it.
    assert_eq!(decode(r_type(0x0f, 0, 2, 0, 0, 0)).op, Op::CboInval);
    assert_eq!(hemu::isa::decode_with(r_type(0x0f, 0, 2, 0, 0, 0), hemu::isa::Isa::BASE).op, Op::Illegal, "MISC-MEM funct3=2");
    assert_eq!(decode(r_type(0x0f, 0, 2, 0, 0, 0) | (3 << 20)).op, Op::Illegal, "no CBO operation 3");
    // AMO widths and funct5.
    assert_eq!(decode(amo(0b00000, false, false, false, A0, A1, A2) & !(7 << 12)).op, Op::Illegal);
    assert_eq!(decode(amo(0b00101, true, false, false, A0, A1, A2)).op, Op::Illegal);
    // HINTs are legal.
    assert_eq!(decode(addi(ZERO, A0, 5)).op, Op::Addi);
    assert_eq!(decode(lui(ZERO, 1)).op, Op::Lui);
    assert_eq!(decode(pause()).op, Op::Pause);
    // Immediates.
    assert_eq!(decode(jal(RA, -1048576)).imm, -1048576);
    assert_eq!(decode(jal(RA, 1048574)).imm, 1048574);
    assert_eq!(decode(beq(A0, A1, -4096)).imm, -4096);
    assert_eq!(decode(bne(A0, A1, 4094)).imm, 4094);
    assert_eq!(decode(sd(A0, A1, -2048)).imm, -2048);
    assert_eq!(decode(sd(A0, A1, 2047)).imm, 2047);
    assert_eq!(decode(lui(A0, 0x80000)).imm, -0x8000_0000);
}
