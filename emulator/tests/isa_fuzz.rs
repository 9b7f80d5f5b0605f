//! Robustness: every 16-bit pattern and millions of random 32-bit patterns
//! decode and disassemble without panicking, and executing random non-FP
//! instructions keeps the `execute` contract (pc unchanged on a trap,
//! advanced by len for straight-line instructions).

mod isa_common;

use hemu::isa::{decode, disasm, exec::execute, Op};
use isa_common::*;

#[test]
fn all_16bit_patterns_decode_and_disassemble() {
    for bits in 0..=0xffffu32 {
        let i = decode(bits);
        assert!(!disasm(&i, 0x8000_0000).is_empty());
        assert!(!disasm(&i, u64::MAX).is_empty(), "targets wrap");
    }
}

#[test]
fn random_32bit_patterns_decode_and_disassemble() {
    let mut r = Rng(0x9e37_79b9_7f4a_7c15);
    let mut legal = 0u32;
    for _ in 0..3_000_000 {
        let bits = r.u32();
        let i = decode(bits);
        assert_eq!(i.len, if bits & 3 == 3 { 4 } else { 2 });
        if i.op != Op::Illegal {
            legal += 1;
            assert!(i.rd < 32 && i.rs1 < 32 && i.rs2 < 32 && i.rs3 < 32);
        }
        if legal.is_multiple_of(4) {
            let _ = disasm(&i, r.next());
        }
    }
    assert!(legal > 100_000, "{legal}");
}

/// Ops that need the IEEE functions of isa::fpu (not exercised here).
fn uses_fpu(op: Op) -> bool {
    let m = op.mnemonic();
    m.starts_with('f')
        && !m.starts_with("fence")
        && !matches!(m, "flw" | "fld" | "fsw" | "fsd")
        && !m.starts_with("fsgnj")
        && !m.starts_with("fmv.")
}

fn is_control(op: Op) -> bool {
    use Op::*;
    matches!(op, Jal | Jalr | Beq | Bne | Blt | Bge | Bltu | Bgeu | Mret | Sret)
}

#[test]
fn random_execution_keeps_the_contract() {
    let mut r = Rng(12345);
    let mut h = hart();
    let mut executed = 0;
    for n in 0..400_000u32 {
        // Registers: a mix of RAM addresses, small and random values.
        if n % 64 == 0 {
            for k in 1..32 {
                let v = match r.next() % 4 {
                    0 => BASE + (r.next() % (1 << 20)),
                    1 => r.next() % 64,
                    2 => (r.next() % 64).wrapping_neg(),
                    _ => r.next(),
                };
                h.set_xreg(k, v);
                h.set_freg(k, r.next());
            }
            h.set_pc(BASE);
            h.set_reservation(None);
        }
        let bits = r.u32();
        let i = decode(bits);
        if uses_fpu(i.op) {
            continue;
        }
        let pc = h.pc();
        match execute(&mut h, &i) {
            Ok(()) => {
                executed += 1;
                if !is_control(i.op) {
                    assert_eq!(h.pc(), pc.wrapping_add(i.len as u64), "{bits:#x} {}", disasm(&i, pc));
                }
            }
            Err(_) => assert_eq!(h.pc(), pc, "{bits:#x}"),
        }
        assert_eq!(h.xreg(0), 0);
    }
    assert!(executed > 10_000);
}
