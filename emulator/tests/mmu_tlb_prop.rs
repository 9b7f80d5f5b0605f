//! Property: a hart whose TLB and fetch page stay warm across changes of
//! privilege, SUM and MXR answers every access exactly as a hart that
//! flushes before each access (i.e. walks every time).

mod mmu_util;
use hemu::hart::csr::addr::*;
use hemu::hart::csr::bits::*;
use hemu::hart::{Privilege, Trap};
use hemu::Hart;
use mmu_util::*;
use proptest::prelude::*;

const GVA: u64 = 0x1000_0000;
const GPA: u64 = 0x1_0000_0000;

fn build(first_flags: u64, g_flags: u64, virt: bool) -> Hart {
    let mut h = hart();
    let mut f = Frames::default();
    let root = f.alloc(4096);
    if virt {
        let groot = f.alloc(16384);
        // Identity for the VS tables' region, then the data page.
        for i in 0..RAM_SIZE / (2 << 20) {
            let a = 0x8000_0000 + i * (2 << 20);
            map(&mut h, &mut f, SV39X4, groot, a, a, 1, RWXAD | U);
        }
        map(&mut h, &mut f, SV39, root, GVA, GPA, 0, V | first_flags);
        map(&mut h, &mut f, SV39X4, groot, GPA, 0x8030_0000, 0, V | g_flags);
        h.csr_write(VSATP, satp(SATP_MODE_SV39, 3, root));
        h.csr_write(HGATP, hgatp(SATP_MODE_SV39, 5, groot));
    } else {
        map(&mut h, &mut f, SV39, root, GVA, 0x8030_0000, 0, V | first_flags);
        h.csr_write(SATP, satp(SATP_MODE_SV39, 3, root));
    }
    h.bus_mut().write(0x8030_0000, 4, 0x0000_0013).unwrap();
    h
}

#[derive(Clone, Copy, Debug)]
struct Step {
    kind: u8,
    user: bool,
    sum: bool,
    mxr: bool,
    vsum: bool,
    vmxr: bool,
    off: u64,
}

fn run(h: &mut Hart, s: Step, virt: bool) -> Result<u64, Trap> {
    let bit = |b: bool, m: u64| if b { m } else { 0 };
    h.csr_write(MSTATUS, bit(s.sum, SUM) | bit(s.mxr, MXR));
    h.csr_write(VSSTATUS, bit(s.vsum, SUM) | bit(s.vmxr, MXR));
    h.csr_write(HSTATUS, bit(!s.user, HSTATUS_SPVP));
    let prv = if s.user { Privilege::User } else { Privilege::Supervisor };
    let va = GVA + (s.off & 0xff8);
    match s.kind {
        0 => {
            set_mode(h, prv, virt);
            h.fetch(va).map(|v| v as u64)
        }
        1 => {
            set_mode(h, prv, virt);
            h.load(va, 8)
        }
        2 => {
            set_mode(h, prv, virt);
            h.store(va, 8, s.off).map(|_| 0)
        }
        _ => {
            // HLVX from HS (only meaningful with V=1 translations).
            set_mode(h, Privilege::Supervisor, false);
            h.hlv(0, va, 4, true)
        }
    }
}

fn step() -> impl Strategy<Value = Step> {
    (0u8..4, any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>(), any::<u64>())
        .prop_map(|(kind, user, sum, mxr, vsum, vmxr, off)| Step { kind, user, sum, mxr, vsum, vmxr, off })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn warm_tlb_equals_fresh_walks(
        first in 0u64..256,
        g in 0u64..256,
        virt in any::<bool>(),
        steps in prop::collection::vec(step(), 1..12),
    ) {
        // Only R W X U A D (and G) of the random flags; V is always set.
        let first = first & !(V);
        let g = g & !(V | G);
        let mut warm = build(first, g, virt);
        let mut cold = build(first, g, virt);
        for s in steps {
            if s.kind == 3 && !virt {
                continue;
            }
            cold.flush_translations();
            let a = run(&mut warm, s, virt);
            let b = run(&mut cold, s, virt);
            prop_assert_eq!(a, b, "step {:?}", s);
        }
    }
}
