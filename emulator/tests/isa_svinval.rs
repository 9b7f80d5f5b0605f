//! Svinval: who may execute SINVAL.VMA, SFENCE.W.INVAL, SFENCE.INVAL.IR,
//! HINVAL.VVMA and HINVAL.GVMA (by mode, mstatus.TVM and hstatus.VTVM),
//! that SINVAL.VMA drops a stale translation as SFENCE.VMA does, that they
//! are illegal everywhere when `--isa` leaves Svinval out, and their
//! encodings and objdump spelling.

mod isa_common;
mod mmu_util;

use hemu::hart::csr::addr::{HSTATUS, MSTATUS, SATP};
use hemu::hart::csr::bits::{HSTATUS_VTVM, SATP_MODE_SV39, TVM};
use hemu::hart::{Exception, Mode, Privilege};
use hemu::isa::encode::{reg::*, *};
use hemu::isa::exec::execute;
use hemu::isa::{decode, disasm, Isa};
use hemu::mmu::Access;
use hemu::Hart;
use isa_common::outcome;
use mmu_util::*;

const M: Mode = Mode::M;
const HS: Mode = Mode::HS;
const U: Mode = Mode::U;
const VS: Mode = Mode::VS;
const VU: Mode = Mode::VU;

/// A hart about to run `w` at the start of RAM in `mode` (translation
/// Bare, PMP open), with mstatus.TVM and hstatus.VTVM as given.
fn hart_for(w: u32, mode: Mode, tvm: bool, vtvm: bool, isa: Isa) -> Hart {
    let mut h = hart();
    h.set_isa(isa);
    if tvm {
        h.csr_set(MSTATUS, TVM);
    }
    if vtvm {
        h.csr_set(HSTATUS, HSTATUS_VTVM);
    }
    let pc = h.pc();
    h.bus_mut().write(pc, 4, w as u64).unwrap();
    h.set_mode(mode);
    h
}

#[test]
fn who_may_execute_them() {
    use Exception::{IllegalInstruction as Ill, VirtualInstruction as Virt};
    // (mode, mstatus.TVM, hstatus.VTVM) -> outcome, per instruction.
    type Case = (Mode, bool, bool, Option<Exception>);
    // As SFENCE.VMA: TVM traps HS, VTVM traps VS.
    let sinval: &[Case] = &[
        (M, false, false, None),
        (M, true, true, None),
        (HS, false, false, None),
        (HS, true, false, Some(Ill)),
        (HS, false, true, None),
        (U, false, false, Some(Ill)),
        (VS, false, false, None),
        (VS, true, false, None),
        (VS, false, true, Some(Virt)),
        (VU, false, false, Some(Virt)),
    ];
    // Ordering only: neither TVM nor VTVM applies.
    let order: &[Case] = &[
        (M, true, true, None),
        (HS, false, false, None),
        (HS, true, true, None),
        (U, false, false, Some(Ill)),
        (VS, false, false, None),
        (VS, true, true, None),
        (VU, false, false, Some(Virt)),
    ];
    // As HFENCE.VVMA: never in V=1, TVM does not apply.
    let as_hfence_vvma: &[Case] = &[
        (M, true, false, None),
        (HS, false, false, None),
        (HS, true, false, None),
        (U, false, false, Some(Ill)),
        (VS, false, false, Some(Virt)),
        (VU, false, false, Some(Virt)),
    ];
    // As HFENCE.GVMA: never in V=1, TVM traps HS.
    let as_hfence_gvma: &[Case] = &[
        (M, true, false, None),
        (HS, false, false, None),
        (HS, true, false, Some(Ill)),
        (U, false, false, Some(Ill)),
        (VS, false, false, Some(Virt)),
        (VU, false, false, Some(Virt)),
    ];
    for (w, cases) in [
        (sinval_vma(A0, A1), sinval),
        (sinval_vma(ZERO, ZERO), sinval),
        (sfence_w_inval(), order),
        (sfence_inval_ir(), order),
        (hinval_vvma(A0, A1), as_hfence_vvma),
        (hinval_gvma(A0, A1), as_hfence_gvma),
    ] {
        for &(mode, tvm, vtvm, expect) in cases {
            let mut h = hart_for(w, mode, tvm, vtvm, Isa::ALL);
            let pc = h.pc();
            let what = format!("{} in {mode:?}, TVM {tvm} VTVM {vtvm}", disasm(&decode(w), 0));
            assert_eq!(outcome(&mut h), expect, "{what}");
            if expect.is_none() {
                assert_eq!(h.pc(), pc + 4, "{what}");
            }
        }
    }
}

#[test]
fn illegal_in_every_mode_without_svinval() {
    let without = Isa::ALL.with(hemu::isa::table::Ext::Svinval, false);
    assert!(!without.string().contains("svinval"));
    for w in [sinval_vma(A0, A1), sfence_w_inval(), sfence_inval_ir(), hinval_vvma(A0, A1), hinval_gvma(A0, A1)] {
        for mode in [M, HS, U, VS, VU] {
            let mut h = hart_for(w, mode, false, false, without);
            assert_eq!(outcome(&mut h), Some(Exception::IllegalInstruction), "{} in {mode:?}", disasm(&decode(w), 0));
        }
    }
    // The SFENCE.VMA it shadows stays.
    let mut h = hart_for(sfence_vma(A0, A1), HS, false, false, without);
    assert_eq!(outcome(&mut h), None);
}

#[test]
fn sinval_vma_drops_a_stale_translation() {
    const VA: u64 = 0x0000_0020_1234_5000;
    const PA: u64 = 0x8010_0000;
    let mut h = hart();
    let mut f = Frames::default();
    let root = f.alloc(4096);
    let leaf = map(&mut h, &mut f, SV39, root, VA, PA, 0, RWXAD);
    h.csr_write(SATP, satp(SATP_MODE_SV39, 1, root));
    set_mode(&mut h, Privilege::Supervisor, false);
    assert_eq!(h.translate(VA, 8, Access::Load), Ok(PA));
    wr(&mut h, leaf, pte(PA + 0x1000, RWXAD));
    // The TLB still holds the old translation...
    assert_eq!(h.translate(VA, 8, Access::Load), Ok(PA));
    // ...SINVAL.VMA of another address keeps it...
    h.set_xreg(A0, VA + 0x1000);
    execute(&mut h, &decode(sinval_vma(A0, ZERO))).unwrap();
    assert_eq!(h.translate(VA, 8, Access::Load), Ok(PA));
    // ...the ordering fences alone change nothing...
    execute(&mut h, &decode(sfence_w_inval())).unwrap();
    execute(&mut h, &decode(sfence_inval_ir())).unwrap();
    assert_eq!(h.translate(VA, 8, Access::Load), Ok(PA));
    // ...and SINVAL.VMA of this address (asid in x[a1]) drops it.
    h.set_xreg(A0, VA + 0x10);
    h.set_xreg(A1, 1);
    execute(&mut h, &decode(sfence_w_inval())).unwrap();
    execute(&mut h, &decode(sinval_vma(A0, A1))).unwrap();
    execute(&mut h, &decode(sfence_inval_ir())).unwrap();
    assert_eq!(h.translate(VA, 8, Access::Load), Ok(PA + 0x1000));
}

#[test]
fn encodings_and_objdump_spelling() {
    // Bits as GNU as 2.40 assembles them (-march=..._svinval).
    for (w, bits, text) in [
        (sinval_vma(A0, A1), 0x16b50073, "sinval.vma a0,a1"),
        (sinval_vma(ZERO, ZERO), 0x16000073, "sinval.vma zero,zero"),
        (sfence_w_inval(), 0x18000073, "sfence.w.inval"),
        (sfence_inval_ir(), 0x18100073, "sfence.inval.ir"),
        (hinval_vvma(A0, A1), 0x26b50073, "hinval.vvma a0,a1"),
        (hinval_gvma(A0, ZERO), 0x66050073, "hinval.gvma a0,zero"),
    ] {
        assert_eq!(w, bits, "{text}");
        assert_eq!(disasm(&decode(w), 0), text);
    }
    assert_eq!(decode(sinval_vma(A0, A1) | (1 << 7)).op, hemu::isa::Op::Illegal, "rd != 0");
    assert_eq!(decode(sfence_w_inval() | (1 << 15)).op, hemu::isa::Op::Illegal, "rs1 != 0");
}
