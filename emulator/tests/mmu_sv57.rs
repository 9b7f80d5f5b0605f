//! Sv57 and Sv57x4: the five-level walk in HS/U (satp) and VS/VU (vsatp
//! over hgatp), the 57-bit canonical check and the 59-bit GPA, the WARL
//! MODE fields under `--mmu` (`Isa::with_mmu_type`), and the device tree's
//! mmu-type.

mod mmu_util;
use hemu::hart::csr::addr::*;
use hemu::hart::csr::bits::*;
use hemu::hart::{Exception, Privilege};
use hemu::isa::{Isa, MmuType};
use hemu::loader::ImageSource;
use hemu::machine::{Machine, MachineConfig};
use hemu::mmu::Access;
use mmu_util::*;

const SATP_MODE_SV57: u64 = 10;
/// A canonical Sv57 address with bits above Sv48's 48 set.
const HIGH: u64 = 0x00ff_8000_0000_1000;
const PA: u64 = 0x8040_0000;

#[test]
fn sv57_walks_five_levels_and_checks_57_bits() {
    let mut h = hart();
    let mut f = Frames::default();
    let root = f.alloc(4096);
    map(&mut h, &mut f, SV57, root, HIGH, PA, 0, RWXAD | U);
    // A 256 TiB page at level 4, for the top half.
    map(&mut h, &mut f, SV57, root, 0xff00_0000_0000_0000, 0x0, 4, RWXAD);
    h.csr_write(SATP, satp(SATP_MODE_SV57, 3, root));
    assert_eq!(h.csr_peek(SATP).unwrap() >> 60, SATP_MODE_SV57);
    set_mode(&mut h, Privilege::User, false);
    assert_eq!(h.translate(HIGH + 0x18, 8, Access::Load), Ok(PA + 0x18));
    h.store(HIGH, 8, 7).unwrap();
    assert_eq!(rd(&mut h, PA), 7);
    set_mode(&mut h, Privilege::Supervisor, false);
    assert_eq!(h.translate(0xff00_0000_8000_0010, 8, Access::Load), Ok(0x8000_0010));
    // Bit 57 differs from bit 56: not canonical.
    let bad = HIGH | 1 << 57;
    let t = trap(h.load(bad, 8));
    assert_eq!((t.cause, t.tval), (Exception::LoadPageFault, bad));
}

#[test]
fn sv57x4_under_sv57_in_vs_and_vu() {
    let mut h = hart();
    let mut f = Frames::default();
    let groot = f.alloc(16384);
    let vsroot = f.alloc(4096);
    // The G-stage: RAM identity with 2 MiB pages, and one GPA above 2^50.
    for i in 0..RAM_SIZE / MIB2 {
        let a = 0x8000_0000 + i * MIB2;
        map(&mut h, &mut f, SV57X4, groot, a, a, 1, RWXAD | U);
    }
    let gpa = 1u64 << 55 | 0x3000; // above Sv48x4's 50 bits; PTEs hold 56-bit addresses
    map(&mut h, &mut f, SV57X4, groot, gpa, PA, 0, RWXAD | U);
    map(&mut h, &mut f, SV57, vsroot, HIGH, gpa, 0, RWXAD | U);
    h.csr_write(HGATP, hgatp(SATP_MODE_SV57, 2, groot));
    h.csr_write(VSATP, satp(SATP_MODE_SV57, 1, vsroot));
    assert_eq!(h.csr_peek(HGATP).unwrap() >> 60, SATP_MODE_SV57);
    set_mode(&mut h, Privilege::User, true);
    assert_eq!(h.translate(HIGH + 8, 8, Access::Store), Ok(PA + 8));
    set_mode(&mut h, Privilege::Supervisor, true);
    let t = trap(h.fetch(HIGH));
    assert_eq!(t.cause, Exception::InstructionPageFault, "VS on a U page");
    // A GPA beyond Sv57x4's 59 bits is a guest-page fault.
    h.csr_write(VSATP, 0);
    let wide = 1u64 << 59;
    let t = trap(h.load(wide, 8));
    assert_eq!((t.cause, t.tval, t.tval2), (Exception::LoadGuestPageFault, wide, wide >> 2));
    // HLV from HS through the same stages.
    h.csr_write(VSATP, satp(SATP_MODE_SV57, 1, vsroot));
    set_mode(&mut h, Privilege::Supervisor, false);
    wr(&mut h, PA, 0x55);
    assert_eq!(h.hlv(0x6c05_4573, HIGH, 8, false), Ok(0x55));
}

#[test]
fn mmu_option_limits_the_modes_satp_vsatp_and_hgatp_accept() {
    for (widest, sv48, sv57) in
        [(MmuType::Sv39, false, false), (MmuType::Sv48, true, false), (MmuType::Sv57, true, true)]
    {
        let mut h = hart();
        h.set_isa(Isa::ALL.with_mmu_type(widest));
        assert_eq!(h.isa().mmu_type(), widest);
        for (mode, ok) in [(SATP_MODE_SV39, true), (SATP_MODE_SV48, sv48), (SATP_MODE_SV57, sv57)] {
            h.csr_write(SATP, 0);
            h.csr_write(SATP, satp(mode, 1, 0x8010_0000));
            assert_eq!(h.csr_peek(SATP).unwrap() >> 60 == mode, ok, "{widest:?} satp MODE {mode}");
            h.csr_write(VSATP, 0);
            h.csr_write(VSATP, satp(mode, 1, 0x8010_0000));
            assert_eq!(h.csr_peek(VSATP).unwrap() >> 60 == mode, ok, "{widest:?} vsatp MODE {mode}");
            // hgatp keeps its old MODE (Bare) on an unsupported one.
            h.csr_write(HGATP, 0);
            h.csr_write(HGATP, hgatp(mode, 1, 0x8010_0000));
            assert_eq!(h.csr_peek(HGATP).unwrap() >> 60, if ok { mode } else { 0 }, "{widest:?} hgatp MODE {mode}");
        }
    }
    assert_eq!(MmuType::parse("SV48"), Ok(MmuType::Sv48));
    assert!(MmuType::parse("sv64").is_err());
}

#[test]
fn device_tree_mmu_type_names_the_widest_mode() {
    for (widest, name) in [(MmuType::Sv39, "riscv,sv39"), (MmuType::Sv48, "riscv,sv48"), (MmuType::Sv57, "riscv,sv57")]
    {
        let cfg = MachineConfig {
            bios: Some(ImageSource::bytes("firmware", hemu::images::FIRMWARE)),
            isa: Isa::ALL.with_mmu_type(widest),
            ..MachineConfig::default()
        };
        let m = Machine::new(cfg).expect("machine");
        let dtb = m.dtb();
        let needle = format!("{name}\0");
        assert!(dtb.windows(needle.len()).any(|w| w == needle.as_bytes()), "{name}");
        for other in ["riscv,sv39\0", "riscv,sv48\0", "riscv,sv57\0"].iter().filter(|o| !o.starts_with(name)) {
            assert!(!dtb.windows(other.len()).any(|w| w == other.as_bytes()), "{other} with {widest:?}");
        }
    }
}
