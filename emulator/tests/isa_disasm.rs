//! Disassembly text (objdump conventions, see `isa::disasm`).

mod isa_common;

use hemu::isa::encode::{freg::*, reg::*, rm::*, *};
use hemu::isa::{decode, disasm};

fn d(bits: u32, pc: u64) -> String {
    disasm(&decode(bits), pc)
}

#[test]
fn integer_and_aliases() {
    let pc = 0x8000_0000;
    let cases: Vec<(u32, &str)> = vec![
        (addi(A0, A1, -5), "addi a0,a1,-5"),
        (addi(A0, ZERO, 5), "li a0,5"),
        (addi(A0, A1, 0), "mv a0,a1"),
        (nop(), "nop"),
        (lui(A0, 0x12345), "lui a0,0x12345"),
        (auipc(A0, 0xfffff), "auipc a0,0xfffff"),
        (xori(A0, A1, -1), "not a0,a1"),
        (sltiu(A0, A1, 1), "seqz a0,a1"),
        (addiw(A0, A1, 0), "sext.w a0,a1"),
        (slli(A0, A1, 63), "slli a0,a1,63"),
        (sub(A0, ZERO, A1), "neg a0,a1"),
        (subw(A0, ZERO, A1), "negw a0,a1"),
        (sltu(A0, ZERO, A1), "snez a0,a1"),
        (slt(A0, A1, ZERO), "sltz a0,a1"),
        (slt(A0, ZERO, A1), "sgtz a0,a1"),
        (mulhsu(T0, T1, T2), "mulhsu t0,t1,t2"),
        (ld(S11, SP, -8), "ld s11,-8(sp)"),
        (sb(T6, GP, 2047), "sb t6,2047(gp)"),
        (beq(A0, A1, 16), "beq a0,a1,80000010"),
        (bne(A0, ZERO, -4), "bnez a0,7ffffffc"),
        (bge(ZERO, A1, 8), "blez a1,80000008"),
        (blt(A0, ZERO, 8), "bltz a0,80000008"),
        (jal(ZERO, 32), "j 80000020"),
        (jal(RA, 32), "jal 80000020"),
        (jal(T0, 32), "jal t0,80000020"),
        (jalr(ZERO, RA, 0), "ret"),
        (jalr(ZERO, A0, 0), "jr a0"),
        (jalr(RA, A0, 0), "jalr a0"),
        (jalr(A1, A0, 12), "jalr a1,12(a0)"),
        (fence(15, 15), "fence"),
        (fence(3, 3), "fence rw,rw"),
        (fence_tso(), "fence.tso"),
        (pause(), "pause"),
        (fence_i(), "fence.i"),
        (ecall(), "ecall"),
        (ebreak(), "ebreak"),
        (0xffff_ffff, ".4byte 0xffffffff"),
    ];
    for (bits, text) in cases {
        assert_eq!(d(bits, pc), text, "{bits:#x}");
    }
}

#[test]
fn system_atomic_csr() {
    let cases: Vec<(u32, &str)> = vec![
        (csrrw(A0, 0x300, A1), "csrrw a0,mstatus,a1"),
        (csrrw(ZERO, 0x300, A1), "csrw mstatus,a1"),
        (csrrs(A0, 0x300, ZERO), "csrr a0,mstatus"),
        (csrrs(A0, 0x7c0, A1), "csrrs a0,0x7c0,a1"),
        (csrrc(ZERO, 0x304, A1), "csrc mie,a1"),
        (csrrwi(A0, 0x180, 5), "csrrwi a0,satp,5"),
        (csrrsi(ZERO, 0x100, 2), "csrsi sstatus,2"),
        (csrrs(A0, 0xc03, ZERO), "csrr a0,hpmcounter3"),
        (csrrs(A0, 0x3b5, ZERO), "csrr a0,pmpaddr5"),
        (mret(), "mret"),
        (sret(), "sret"),
        (wfi(), "wfi"),
        (sfence_vma(ZERO, ZERO), "sfence.vma"),
        (sfence_vma(A0, ZERO), "sfence.vma a0"),
        (sfence_vma(A0, A1), "sfence.vma a0,a1"),
        (hfence_gvma(A0, A1), "hfence.gvma a0,a1"),
        (hlv_b(A0, A1), "hlv.b a0,(a1)"),
        (hlvx_hu(A0, A1), "hlvx.hu a0,(a1)"),
        (hsv_d(A0, A1), "hsv.d a0,(a1)"),
        (amoadd_w(A0, A1, A2), "amoadd.w a0,a1,(a2)"),
        (amo(0, false, true, true, A0, A2, A1), "amoadd.w.aqrl a0,a1,(a2)"),
        (amo(0b00010, true, true, false, A0, A1, 0), "lr.d.aq a0,(a1)"),
        (amo(0b00011, false, false, true, A0, A2, A1), "sc.w.rl a0,a1,(a2)"),
    ];
    for (bits, text) in cases {
        assert_eq!(d(bits, 0), text, "{bits:#x}");
    }
}

#[test]
fn floating_point() {
    let cases: Vec<(u32, &str)> = vec![
        (fadd_s(FA0, FA1, FA2, DYN), "fadd.s fa0,fa1,fa2"),
        (fadd_s(FA0, FA1, FA2, RTZ), "fadd.s fa0,fa1,fa2,rtz"),
        (fadd_d(FA0, FA1, FA2, RNE), "fadd.d fa0,fa1,fa2,rne"),
        (fcvt_w_s(A0, FA0, RTZ), "fcvt.w.s a0,fa0,rtz"),
        (fcvt_d_s(FA0, FA1, RNE), "fcvt.d.s fa0,fa1"),
        (fcvt_d_w(FA0, A0, RNE), "fcvt.d.w fa0,a0"),
        (fcvt_s_d(FA0, FA1, DYN), "fcvt.s.d fa0,fa1"),
        (fsgnj_s(FA0, FA1, FA1), "fmv.s fa0,fa1"),
        (fsgnjn_d(FA0, FA1, FA1), "fneg.d fa0,fa1"),
        (fsgnjx_s(FA0, FA1, FA1), "fabs.s fa0,fa1"),
        (fsgnj_d(FA0, FA1, FA2), "fsgnj.d fa0,fa1,fa2"),
        (fmadd_s(FA0, FA1, FA2, FA3, DYN), "fmadd.s fa0,fa1,fa2,fa3"),
        (fmv_x_w(A0, FA0), "fmv.x.w a0,fa0"),
        (fmv_d_x(FT11, T6), "fmv.d.x ft11,t6"),
        (fclass_d(A0, FA0), "fclass.d a0,fa0"),
        (feq_s(A0, FA0, FA1), "feq.s a0,fa0,fa1"),
        (flw(FA0, A0, 4), "flw fa0,4(a0)"),
        (fsd(FA0, SP, -8), "fsd fa0,-8(sp)"),
    ];
    for (bits, text) in cases {
        assert_eq!(d(bits, 0), text, "{bits:#x}");
    }
}

#[test]
fn compressed_shows_the_expansion() {
    let pc = 0x100;
    let cases: Vec<(u16, &str)> = vec![
        (c_addi(SP, -16), "addi sp,sp,-16"),
        (c_sdsp(RA, 8), "sd ra,8(sp)"),
        (c_li(A0, 0), "li a0,0"),
        (c_mv(A0, A1), "mv a0,a1"),
        (c_jr(RA), "ret"),
        (c_j(10), "j 10a"),
        (c_beqz(A0, 8), "beqz a0,108"),
        (c_lui(A0, 1), "lui a0,0x1"),
        (c_nop(), "nop"),
        (c_ebreak(), "ebreak"),
        (c_addi4spn(A0, 16), "addi a0,sp,16"),
        (0x0000, ".2byte 0x0000"),
    ];
    for (bits, text) in cases {
        assert_eq!(d(bits as u32, pc), text, "{bits:#x}");
        assert_eq!(decode(bits as u32).len, 2);
    }
}
