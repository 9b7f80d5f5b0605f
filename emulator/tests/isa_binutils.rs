//! Cross-checks against GNU binutils (riscv64-unknown-elf-as/objdump):
//! which encodings are legal, mnemonics, disassembly text, and the encoder.
//! Ignored by default (needs the toolchain); run with
//! `cargo test -p hemu --test isa_binutils -- --ignored --nocapture`.

mod isa_common;

use hemu::isa::table::Ext;
use hemu::isa::{decode, decode_with, disasm, Isa, Op};
use isa_common::Rng;
use std::process::Command;

const MARCH: &str = "rv64gch_zifencei_zihintpause_zicbom_zicboz_zfh_zba_zbb_zbc_zbs_zbkb_zbkc_zbkx_svinval";

fn have_tools() -> bool {
    Command::new("riscv64-unknown-elf-objdump").arg("--version").output().is_ok()
}

/// Assemble `src` and return objdump's (hex, mnemonic, operands) per line.
fn objdump(src: &str, aliases: bool) -> Vec<(String, String, String)> {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("hemu_isa_binutils_{}_{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let s = dir.join("t.s");
    let o = dir.join("t.o");
    std::fs::write(&s, src).unwrap();
    let st = Command::new("riscv64-unknown-elf-as")
        .args([&format!("-march={MARCH}"), "-o"])
        .arg(&o)
        .arg(&s)
        .status()
        .unwrap();
    assert!(st.success());
    // Data directives get "$d" mapping symbols and print as data: strip them.
    let st = Command::new("riscv64-unknown-elf-strip").arg("--strip-all").arg(&o).status().unwrap();
    assert!(st.success());
    let mut cmd = Command::new("riscv64-unknown-elf-objdump");
    cmd.arg("-d");
    if !aliases {
        cmd.arg("-M").arg("no-aliases");
    }
    let out = cmd.arg(&o).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    text.lines()
        .filter_map(|l| {
            let mut parts = l.split('\t');
            let addr = parts.next()?;
            if !addr.trim_end().ends_with(':') || !addr.starts_with(' ') {
                return None;
            }
            let hex = parts.next()?.trim().to_string();
            let mn = parts.next().unwrap_or("").trim().to_string();
            let ops = parts.next().unwrap_or("").trim().to_string();
            Some((hex, mn, ops))
        })
        .collect()
}

fn objdump_illegal(mn: &str) -> bool {
    mn.starts_with(".word") || mn.starts_with(".4byte") || mn.starts_with(".short") || mn.starts_with(".2byte") || mn.starts_with(".insn") || mn == "unknown" || mn == "c.unimp"
}

/// Random 32-bit words with a valid-looking major opcode.
fn words32(n: usize, seed: u64) -> Vec<u32> {
    const OPC: [u32; 19] = [
        0x37, 0x17, 0x6f, 0x67, 0x63, 0x03, 0x23, 0x13, 0x1b, 0x33, 0x3b, 0x0f, 0x73, 0x2f, 0x07, 0x27, 0x43, 0x53, 0x4f,
    ];
    let mut r = Rng(seed);
    (0..n)
        .map(|k| {
            let w = r.u32();
            let opc = OPC[k % OPC.len()];
            // Bias funct7 towards small values and the OP-FP/AMO/system encodings in use.
            let w = if k % 3 == 0 { w & 0x7fff_ffff & !(0x7c << 25) } else { w };
            (w & !0x7f) | opc
        })
        .collect()
}

#[test]
#[ignore]
fn legality_and_mnemonics_32bit_match_objdump() {
    if !have_tools() {
        return;
    }
    let words = words32(300_000, 0x1234_5678_9abc_def1);
    let src: String = words.iter().map(|w| format!(".word 0x{w:08x}\n")).collect();
    let lines = objdump(&src, false);
    assert_eq!(lines.len(), words.len());
    let mut bad = 0;
    for (w, (_, mn, ops)) in words.iter().zip(&lines) {
        let i = decode(*w);
        let ours_illegal = i.op == Op::Illegal;
        let theirs_illegal = objdump_illegal(mn);
        // Deliberate differences: FENCE with nonstandard fm/rs1/rd fields is
        // a plain FENCE here (the spec reserves them for future fences that
        // must behave as a FENCE on current hardware), FENCE.I ignores its
        // imm/rs1/rd fields (Zifencei), and binutils 2.40 rejects FCVT.D.W[U]
        // with a static rounding mode other than rne, which the spec allows
        // (and FCVT.S.H/FCVT.D.H likewise). binutils 2.40 predates Zicond
        // (czero.eqz/czero.nez), Zfa and Zimop.
        let newer = matches!(i.op.extension(), Some(Ext::Zfa | Ext::ZfhAndZfa | Ext::Zimop));
        let ok = if theirs_illegal
            && (newer
                || matches!(
                    i.op,
                    Op::Fence | Op::FenceI | Op::FcvtDW | Op::FcvtDWu | Op::FcvtDS | Op::FcvtSH | Op::FcvtDH | Op::CzeroEqz | Op::CzeroNez
                ))
        {
            true
        } else if ours_illegal || theirs_illegal {
            ours_illegal == theirs_illegal
        } else {
            // objdump prints the aq/rl suffix as part of the mnemonic.
            let m = mn.trim_end_matches(".aqrl").trim_end_matches(".aq").trim_end_matches(".rl");
            m == i.op.mnemonic()
        };
        if !ok {
            bad += 1;
            if bad < 400 {
                println!("{w:08x}: objdump `{mn} {ops}`, hemu {:?} `{}`", i.op, disasm(&i, 0));
            }
        }
    }
    assert_eq!(bad, 0, "{bad} mismatches");
}

/// Every 16-bit pattern: legal exactly when objdump knows it.
#[test]
#[ignore]
fn legality_16bit_matches_objdump() {
    if !have_tools() {
        return;
    }
    let halves: Vec<u16> = (0..=0xffffu32).filter(|h| h & 3 != 3).map(|h| h as u16).collect();
    let src: String = halves.iter().map(|h| format!(".2byte 0x{h:04x}\n")).collect();
    let lines = objdump(&src, false);
    assert_eq!(lines.len(), halves.len());
    let mut bad = 0;
    for (h, (_, mn, ops)) in halves.iter().zip(&lines) {
        // binutils 2.40 predates Zcb and Zcmop: compare with a hart without them.
        let i = decode_with(*h as u32, Isa::ALL.with(Ext::Zcb, false).with(Ext::Zcmop, false));
        // objdump accepts C.ADDI16SP with nzimm = 0, which the spec reserves.
        if (i.op == Op::Illegal) != objdump_illegal(mn) && *h != 0x6101 {
            bad += 1;
            if bad < 400 {
                println!("{h:04x}: objdump `{mn} {ops}`, hemu {:?} `{}`", i.op, disasm(&i, 0));
            }
        }
    }
    assert_eq!(bad, 0, "{bad} mismatches");
}

/// Normalize objdump's text to our conventions: `add` for addi-with-imm,
/// `sll` for slli, hex shift amounts, symbol suffixes, jalr comments.
fn normalize_objdump(mn: &str, ops: &str) -> String {
    let ops = ops.split(" <").next().unwrap_or("").split(" #").next().unwrap_or("").trim();
    let last_is_imm = ops.rsplit(',').next().map(|t| t.starts_with('-') || t.starts_with(|c: char| c.is_ascii_digit())).unwrap_or(false);
    let mut mn = mn.to_string();
    let mut ops = ops.to_string();
    // binutils 2.40 prints addi/addiw/andi/... with an immediate as add/addw/and...
    for (r, i) in [("add", "addi"), ("addw", "addiw"), ("and", "andi"), ("or", "ori"), ("xor", "xori"), ("slt", "slti"), ("sltu", "sltiu"), ("sll", "slli"), ("srl", "srli"), ("sra", "srai"), ("sllw", "slliw"), ("srlw", "srliw"), ("sraw", "sraiw"), ("ror", "rori"), ("rorw", "roriw"), ("bset", "bseti"), ("bclr", "bclri"), ("binv", "binvi"), ("bext", "bexti")] {
        if mn == r && last_is_imm && ops.matches(',').count() == 2 {
            mn = i.to_string();
        }
    }
    // Hex shift amounts to decimal.
    if let Some((head, last)) = ops.rsplit_once(',') {
        if let Some(h) = last.strip_prefix("0x") {
            if mn != "lui" && mn != "auipc" && !mn.starts_with("csr") {
                if let Ok(v) = u64::from_str_radix(h, 16) {
                    ops = format!("{head},{v}");
                }
            }
        }
    }
    // Without symbols objdump prints branch targets in decimal (or 0x hex).
    // (the Zbs bit operations start with b too)
    let is_jump = (mn.starts_with('b') && !["bset", "bclr", "binv", "bext"].iter().any(|p| mn.starts_with(p))) || mn == "j" || mn == "jal";
    if is_jump {
        if let Some((head, last)) = ops.rsplit_once(',').map(|(a, b)| (format!("{a},"), b.to_string())).or(Some((String::new(), ops.clone()))) {
            let v = match last.strip_prefix("0x") {
                Some(h) => u64::from_str_radix(h, 16).ok(),
                None => last.parse::<u64>().ok(),
            };
            if let Some(v) = v {
                ops = format!("{head}{v:x}");
            }
        }
    }
    // objdump's csrrXi-with-immediate spelled csrrX, "unknown" rounding modes.
    if let Some(base) = ["csrrw", "csrrs", "csrrc"].iter().find(|b| **b == mn) {
        if ops.rsplit(',').next().map(|t| t.parse::<u32>().is_ok()).unwrap_or(false) {
            mn = format!("{base}i");
        }
    }
    if ["csrw", "csrs", "csrc"].contains(&mn.as_str()) && ops.rsplit(',').next().map(|t| t.parse::<u32>().is_ok()).unwrap_or(false) {
        mn.push('i');
    }
    if mn == "jr" && ops.contains('(') {
        mn = "jalr".into();
        ops = format!("zero,{ops}");
    }
    if mn == "jalr" && !ops.contains('(') && ops.contains(',') {
        let (rd, rs1) = ops.split_once(',').unwrap();
        ops = format!("{rd},0({rs1})");
    }
    if mn == "add" && ops.contains(",zero,") {
        mn = "mv".into();
        ops = ops.replace(",zero,", ",");
    }
    if ops.ends_with(",unknown") {
        ops = ops.trim_end_matches(",unknown").to_string() + ",?";
    }
    if mn == "jalr" && ops.contains('(') && ops.matches(',').count() == 0 {
        ops = format!("ra,{ops}");
    }
    if ops.is_empty() {
        mn
    } else {
        format!("{mn} {ops}")
    }
}

fn compare_text(insns: &[u32], compressed: bool) -> usize {
    let src: String = insns
        .iter()
        .map(|w| if compressed { format!(".2byte 0x{w:04x}\n") } else { format!(".word 0x{w:08x}\n") })
        .collect();
    let lines = objdump(&src, true);
    let mut bad = 0;
    let mut pc = 0u64;
    for (w, (_, mn, ops)) in insns.iter().zip(&lines) {
        let i = decode(*w);
        let ours = disasm(&i, pc);
        pc += i.len as u64;
        if i.op == Op::Illegal || objdump_illegal(mn) {
            continue;
        }
        // objdump shows compressed HINTs (and FP-CSR accesses) with their own
        // aliases rather than as the expansion: not comparable.
        if mn.starts_with("c.") || (compressed && i.op == Op::Addi && i.imm == 0) || ["fsflags", "fsflagsi", "fsrm", "fsrmi", "fscsr", "frflags", "frrm", "frcsr"].contains(&mn.as_str()) {
            continue;
        }
        let mut ours = ours;
        if let Some(p) = ours.rfind(",5").or(ours.rfind(",6")) {
            if p + 2 == ours.len() && i.op.mnemonic().starts_with('f') {
                ours = format!("{},?", &ours[..p]);
            }
        }
        let theirs = normalize_objdump(mn, ops);
        // CSRs hemu has no name for print in hex.
        if i.op.mnemonic().starts_with("csr") && ours.contains("0x") {
            continue;
        }
        if ours != theirs {
            bad += 1;
            if bad < 60 {
                println!("{w:08x}: objdump `{theirs}` hemu `{ours}`");
            }
        }
    }
    bad
}

#[test]
#[ignore]
fn disasm_text_matches_objdump() {
    if !have_tools() {
        return;
    }
    let words = words32(100_000, 42);
    let legal: Vec<u32> = words.into_iter().filter(|w| decode(*w).op != Op::Illegal).collect();
    let bad32 = compare_text(&legal, false);
    let halves: Vec<u32> = (0..=0xffffu32).filter(|h| h & 3 != 3 && decode(*h).op != Op::Illegal).collect();
    let bad16 = compare_text(&halves, true);
    assert_eq!((bad32, bad16), (0, 0));
}

/// The encoder agrees with the assembler.
#[test]
#[ignore]
fn encoder_matches_assembler() {
    use hemu::isa::encode::{self as e, freg::*, reg::*, rm::*};
    if !have_tools() {
        return;
    }
    let w: Vec<(u32, &str)> = vec![
        (e::lui(A0, 0x12345), "lui a0,0x12345"),
        (e::auipc(T0, 0xfffff), "auipc t0,0xfffff"),
        (e::jal(RA, 2048), "jal ra,.+2048"),
        (e::jal(ZERO, -1048576), "jal zero,.-1048576"),
        (e::jalr(A1, A0, -12), "jalr a1,-12(a0)"),
        (e::beq(A0, A1, -4096), "beq a0,a1,.-4096"),
        (e::bne(S0, S11, 4094), "bne s0,s11,.+4094"),
        (e::blt(T6, T5, 18), "blt t6,t5,.+18"),
        (e::bge(A0, ZERO, -2), "bge a0,zero,.-2"),
        (e::bltu(A2, A3, 100), "bltu a2,a3,.+100"),
        (e::bgeu(A4, A5, -100), "bgeu a4,a5,.-100"),
        (e::lb(A0, SP, -1), "lb a0,-1(sp)"),
        (e::lh(A0, SP, 2047), "lh a0,2047(sp)"),
        (e::lw(A0, SP, -2048), "lw a0,-2048(sp)"),
        (e::ld(A0, SP, 8), "ld a0,8(sp)"),
        (e::lbu(A0, SP, 1), "lbu a0,1(sp)"),
        (e::lhu(A0, SP, 2), "lhu a0,2(sp)"),
        (e::lwu(A0, SP, 4), "lwu a0,4(sp)"),
        (e::sb(A0, SP, -1), "sb a0,-1(sp)"),
        (e::sh(A1, T0, 2047), "sh a1,2047(t0)"),
        (e::sw(A2, T1, -2048), "sw a2,-2048(t1)"),
        (e::sd(RA, SP, 24), "sd ra,24(sp)"),
        (e::addi(A0, A1, -5), "addi a0,a1,-5"),
        (e::slti(A0, A1, 5), "slti a0,a1,5"),
        (e::sltiu(A0, A1, -1), "sltiu a0,a1,-1"),
        (e::xori(A0, A1, 0x7ff), "xori a0,a1,0x7ff"),
        (e::ori(A0, A1, 1), "ori a0,a1,1"),
        (e::andi(A0, A1, -16), "andi a0,a1,-16"),
        (e::slli(A0, A1, 63), "slli a0,a1,63"),
        (e::srli(A0, A1, 33), "srli a0,a1,33"),
        (e::srai(A0, A1, 1), "srai a0,a1,1"),
        (e::addiw(A0, A1, -1), "addiw a0,a1,-1"),
        (e::slliw(A0, A1, 31), "slliw a0,a1,31"),
        (e::srliw(A0, A1, 7), "srliw a0,a1,7"),
        (e::sraiw(A0, A1, 31), "sraiw a0,a1,31"),
        (e::add(A0, A1, A2), "add a0,a1,a2"),
        (e::sub(A0, A1, A2), "sub a0,a1,a2"),
        (e::sll(A0, A1, A2), "sll a0,a1,a2"),
        (e::slt(A0, A1, A2), "slt a0,a1,a2"),
        (e::sltu(A0, A1, A2), "sltu a0,a1,a2"),
        (e::xor(A0, A1, A2), "xor a0,a1,a2"),
        (e::srl(A0, A1, A2), "srl a0,a1,a2"),
        (e::sra(A0, A1, A2), "sra a0,a1,a2"),
        (e::or(A0, A1, A2), "or a0,a1,a2"),
        (e::and(A0, A1, A2), "and a0,a1,a2"),
        (e::addw(A0, A1, A2), "addw a0,a1,a2"),
        (e::subw(A0, A1, A2), "subw a0,a1,a2"),
        (e::sllw(A0, A1, A2), "sllw a0,a1,a2"),
        (e::srlw(A0, A1, A2), "srlw a0,a1,a2"),
        (e::sraw(A0, A1, A2), "sraw a0,a1,a2"),
        (e::mul(A0, A1, A2), "mul a0,a1,a2"),
        (e::mulh(A0, A1, A2), "mulh a0,a1,a2"),
        (e::mulhsu(A0, A1, A2), "mulhsu a0,a1,a2"),
        (e::mulhu(A0, A1, A2), "mulhu a0,a1,a2"),
        (e::div(A0, A1, A2), "div a0,a1,a2"),
        (e::divu(A0, A1, A2), "divu a0,a1,a2"),
        (e::rem(A0, A1, A2), "rem a0,a1,a2"),
        (e::remu(A0, A1, A2), "remu a0,a1,a2"),
        (e::mulw(A0, A1, A2), "mulw a0,a1,a2"),
        (e::divw(A0, A1, A2), "divw a0,a1,a2"),
        (e::divuw(A0, A1, A2), "divuw a0,a1,a2"),
        (e::remw(A0, A1, A2), "remw a0,a1,a2"),
        (e::remuw(A0, A1, A2), "remuw a0,a1,a2"),
        (e::fence(15, 15), "fence iorw,iorw"),
        (e::fence(3, 1), "fence rw,w"),
        (e::fence_tso(), "fence.tso"),
        (e::pause(), "pause"),
        (e::fence_i(), "fence.i"),
        (e::ecall(), "ecall"),
        (e::ebreak(), "ebreak"),
        (e::nop(), "nop"),
        (e::lr_w(A0, A1), "lr.w a0,(a1)"),
        (e::lr_d(A0, A1), "lr.d a0,(a1)"),
        (e::sc_w(A0, A2, A1), "sc.w a0,a2,(a1)"),
        (e::sc_d(A0, A2, A1), "sc.d a0,a2,(a1)"),
        (e::amo(0b00001, false, true, true, A0, A1, A2), "amoswap.w.aqrl a0,a2,(a1)"),
        (e::amoswap_w(A0, A2, A1), "amoswap.w a0,a2,(a1)"),
        (e::amoadd_d(A0, A2, A1), "amoadd.d a0,a2,(a1)"),
        (e::amoxor_w(A0, A2, A1), "amoxor.w a0,a2,(a1)"),
        (e::amoand_d(A0, A2, A1), "amoand.d a0,a2,(a1)"),
        (e::amoor_w(A0, A2, A1), "amoor.w a0,a2,(a1)"),
        (e::amomin_d(A0, A2, A1), "amomin.d a0,a2,(a1)"),
        (e::amomax_w(A0, A2, A1), "amomax.w a0,a2,(a1)"),
        (e::amominu_d(A0, A2, A1), "amominu.d a0,a2,(a1)"),
        (e::amomaxu_w(A0, A2, A1), "amomaxu.w a0,a2,(a1)"),
        (e::csrrw(A0, 0x300, A1), "csrrw a0,mstatus,a1"),
        (e::csrrs(A0, 0xf14, ZERO), "csrrs a0,mhartid,zero"),
        (e::csrrc(ZERO, 0x304, T0), "csrrc zero,mie,t0"),
        (e::csrrwi(A0, 0x340, 31), "csrrwi a0,mscratch,31"),
        (e::csrrsi(A0, 0x100, 2), "csrrsi a0,sstatus,2"),
        (e::csrrci(A0, 0x7c0, 1), "csrrci a0,0x7c0,1"),
        (e::mret(), "mret"),
        (e::sret(), "sret"),
        (e::wfi(), "wfi"),
        (e::sfence_vma(A0, A1), "sfence.vma a0,a1"),
        (e::hfence_vvma(A0, ZERO), "hfence.vvma a0,zero"),
        (e::hfence_gvma(ZERO, A1), "hfence.gvma zero,a1"),
        (e::hlv_b(A0, A1), "hlv.b a0,(a1)"),
        (e::hlv_bu(A0, A1), "hlv.bu a0,(a1)"),
        (e::hlv_h(A0, A1), "hlv.h a0,(a1)"),
        (e::hlv_hu(A0, A1), "hlv.hu a0,(a1)"),
        (e::hlvx_hu(A0, A1), "hlvx.hu a0,(a1)"),
        (e::hlv_w(A0, A1), "hlv.w a0,(a1)"),
        (e::hlv_wu(A0, A1), "hlv.wu a0,(a1)"),
        (e::hlvx_wu(A0, A1), "hlvx.wu a0,(a1)"),
        (e::hlv_d(A0, A1), "hlv.d a0,(a1)"),
        (e::hsv_b(A0, A1), "hsv.b a0,(a1)"),
        (e::hsv_h(A0, A1), "hsv.h a0,(a1)"),
        (e::hsv_w(A0, A1), "hsv.w a0,(a1)"),
        (e::hsv_d(A0, A1), "hsv.d a0,(a1)"),
        (e::flw(FA0, A0, 4), "flw fa0,4(a0)"),
        (e::fld(FT11, SP, -8), "fld ft11,-8(sp)"),
        (e::fsw(FA1, A0, 4), "fsw fa1,4(a0)"),
        (e::fsd(FS2, SP, -8), "fsd fs2,-8(sp)"),
        (e::fmadd_s(FA0, FA1, FA2, FA3, DYN), "fmadd.s fa0,fa1,fa2,fa3"),
        (e::fmsub_d(FA0, FA1, FA2, FA3, RTZ), "fmsub.d fa0,fa1,fa2,fa3,rtz"),
        (e::fnmsub_s(FA0, FA1, FA2, FA3, RNE), "fnmsub.s fa0,fa1,fa2,fa3,rne"),
        (e::fnmadd_d(FA0, FA1, FA2, FA3, RMM), "fnmadd.d fa0,fa1,fa2,fa3,rmm"),
        (e::fadd_s(FA0, FA1, FA2, DYN), "fadd.s fa0,fa1,fa2"),
        (e::fsub_d(FA0, FA1, FA2, RUP), "fsub.d fa0,fa1,fa2,rup"),
        (e::fmul_s(FA0, FA1, FA2, RDN), "fmul.s fa0,fa1,fa2,rdn"),
        (e::fdiv_d(FA0, FA1, FA2, DYN), "fdiv.d fa0,fa1,fa2"),
        (e::fsqrt_s(FA0, FA1, DYN), "fsqrt.s fa0,fa1"),
        (e::fsqrt_d(FA0, FA1, RTZ), "fsqrt.d fa0,fa1,rtz"),
        (e::fsgnj_s(FA0, FA1, FA2), "fsgnj.s fa0,fa1,fa2"),
        (e::fsgnjn_d(FA0, FA1, FA2), "fsgnjn.d fa0,fa1,fa2"),
        (e::fsgnjx_s(FA0, FA1, FA2), "fsgnjx.s fa0,fa1,fa2"),
        (e::fmin_d(FA0, FA1, FA2), "fmin.d fa0,fa1,fa2"),
        (e::fmax_s(FA0, FA1, FA2), "fmax.s fa0,fa1,fa2"),
        (e::fcvt_s_d(FA0, FA1, DYN), "fcvt.s.d fa0,fa1"),
        (e::fcvt_d_s(FA0, FA1, RNE), "fcvt.d.s fa0,fa1"),
        (e::fcvt_w_s(A0, FA1, RTZ), "fcvt.w.s a0,fa1,rtz"),
        (e::fcvt_wu_d(A0, FA1, DYN), "fcvt.wu.d a0,fa1"),
        (e::fcvt_l_s(A0, FA1, DYN), "fcvt.l.s a0,fa1"),
        (e::fcvt_lu_d(A0, FA1, RMM), "fcvt.lu.d a0,fa1,rmm"),
        (e::fcvt_s_w(FA0, A1, DYN), "fcvt.s.w fa0,a1"),
        (e::fcvt_s_wu(FA0, A1, DYN), "fcvt.s.wu fa0,a1"),
        (e::fcvt_d_l(FA0, A1, DYN), "fcvt.d.l fa0,a1"),
        (e::fcvt_d_lu(FA0, A1, RTZ), "fcvt.d.lu fa0,a1,rtz"),
        (e::fcvt_d_w(FA0, A1, RNE), "fcvt.d.w fa0,a1"),
        (e::fmv_x_w(A0, FA1), "fmv.x.w a0,fa1"),
        (e::fmv_w_x(FA0, A1), "fmv.w.x fa0,a1"),
        (e::fmv_x_d(A0, FA1), "fmv.x.d a0,fa1"),
        (e::fmv_d_x(FA0, A1), "fmv.d.x fa0,a1"),
        (e::fclass_s(A0, FA1), "fclass.s a0,fa1"),
        (e::fclass_d(A0, FA1), "fclass.d a0,fa1"),
        (e::feq_s(A0, FA1, FA2), "feq.s a0,fa1,fa2"),
        (e::flt_d(A0, FA1, FA2), "flt.d a0,fa1,fa2"),
        (e::fle_s(A0, FA1, FA2), "fle.s a0,fa1,fa2"),
    ];
    let c: Vec<(u16, &str)> = vec![
        (e::c_nop(), "c.nop"),
        (e::c_ebreak(), "c.ebreak"),
        (e::c_addi(A0, -32), "c.addi a0,-32"),
        (e::c_addi(SP, 31), "c.addi sp,31"),
        (e::c_addiw(A0, -1), "c.addiw a0,-1"),
        (e::c_li(T6, 17), "c.li t6,17"),
        (e::c_lui(A0, 1), "c.lui a0,1"),
        (e::c_lui(A0, -1), "c.lui a0,0xfffff"),
        (e::c_lui(A0, -32), "c.lui a0,0xfffe0"),
        (e::c_addi16sp(-512), "c.addi16sp sp,-512"),
        (e::c_addi16sp(496), "c.addi16sp sp,496"),
        (e::c_addi16sp(16), "c.addi16sp sp,16"),
        (e::c_addi4spn(A0, 1020), "c.addi4spn a0,sp,1020"),
        (e::c_addi4spn(S1, 4), "c.addi4spn s1,sp,4"),
        (e::c_slli(A0, 63), "c.slli a0,63"),
        (e::c_srli(A5, 33), "c.srli a5,33"),
        (e::c_srai(S0, 1), "c.srai s0,1"),
        (e::c_andi(A0, -7), "c.andi a0,-7"),
        (e::c_sub(A0, A1), "c.sub a0,a1"),
        (e::c_xor(A0, A1), "c.xor a0,a1"),
        (e::c_or(A0, A1), "c.or a0,a1"),
        (e::c_and(A0, A1), "c.and a0,a1"),
        (e::c_subw(A0, A1), "c.subw a0,a1"),
        (e::c_addw(A0, A1), "c.addw a0,a1"),
        (e::c_j(-2048), "c.j .-2048"),
        (e::c_j(2046), "c.j .+2046"),
        (e::c_j(0x2aa), "c.j .+0x2aa"),
        (e::c_beqz(A0, -256), "c.beqz a0,.-256"),
        (e::c_bnez(S1, 254), "c.bnez s1,.+254"),
        (e::c_bnez(S1, 0xaa), "c.bnez s1,.+0xaa"),
        (e::c_jr(RA), "c.jr ra"),
        (e::c_jalr(T0), "c.jalr t0"),
        (e::c_mv(A0, A1), "c.mv a0,a1"),
        (e::c_add(A0, A1), "c.add a0,a1"),
        (e::c_lwsp(A0, 252), "c.lwsp a0,252(sp)"),
        (e::c_lwsp(A0, 4), "c.lwsp a0,4(sp)"),
        (e::c_ldsp(A0, 504), "c.ldsp a0,504(sp)"),
        (e::c_ldsp(A0, 8), "c.ldsp a0,8(sp)"),
        (e::c_fldsp(FA0, 264), "c.fldsp fa0,264(sp)"),
        (e::c_swsp(A0, 252), "c.swsp a0,252(sp)"),
        (e::c_sdsp(RA, 504), "c.sdsp ra,504(sp)"),
        (e::c_fsdsp(FA0, 72), "c.fsdsp fa0,72(sp)"),
        (e::c_lw(A0, A1, 124), "c.lw a0,124(a1)"),
        (e::c_lw(A0, A1, 64), "c.lw a0,64(a1)"),
        (e::c_lw(A0, A1, 4), "c.lw a0,4(a1)"),
        (e::c_ld(A0, A1, 248), "c.ld a0,248(a1)"),
        (e::c_fld(FA0, A1, 64), "c.fld fa0,64(a1)"),
        (e::c_sw(A0, A1, 68), "c.sw a0,68(a1)"),
        (e::c_sd(A0, A1, 136), "c.sd a0,136(a1)"),
        (e::c_fsd(FA0, A1, 8), "c.fsd fa0,8(a1)"),
    ];
    let mut src = String::from(".option norvc\n");
    for (_, a) in &w {
        src += a;
        src.push('\n');
    }
    src += ".option rvc\n";
    for (_, a) in &c {
        src += a;
        src.push('\n');
    }
    let lines = objdump(&src, false);
    assert_eq!(lines.len(), w.len() + c.len());
    let mut bad = 0;
    for ((bits, a), (hex, mn, ops)) in w.iter().zip(&lines) {
        if format!("{bits:08x}") != *hex {
            bad += 1;
            println!("{a}: as {hex} ({mn} {ops}), encoder {bits:08x}");
        }
    }
    for ((bits, a), (hex, mn, ops)) in c.iter().zip(&lines[w.len()..]) {
        if format!("{bits:04x}") != *hex {
            bad += 1;
            println!("{a}: as {hex} ({mn} {ops}), encoder {bits:04x}");
        }
    }
    assert_eq!(bad, 0);
}
