//! The inspection views on a small machine: a few instructions at
//! 0x8000_0000, page tables built in RAM with the translate tests' helpers.

use super::*;
use crate::bus::RAM_BASE;
use crate::debug::translate::tests::{map, poke, wr, Frames, RAM_SIZE, RWXAD};
use crate::hart::csr::addr::{HSTATUS, SATP, SEPC, VSEPC};
use crate::hart::csr::bits::{HSTATUS_SPV, SATP_MODE_SV39};
use crate::hart::Mode;
use crate::isa::decode;
use crate::loader::ImageSource;
use crate::machine::MachineConfig;

const ADDI_A0_5: u32 = 0x0050_0513; // addi a0, zero, 5
const C_LI_A1_3: u32 = 0x458d; // c.li a1, 3
const EBREAK: u32 = 0x0010_0073;

fn machine() -> Machine {
    let mut code = Vec::new();
    code.extend_from_slice(&ADDI_A0_5.to_le_bytes());
    code.extend_from_slice(&(C_LI_A1_3 as u16).to_le_bytes());
    code.extend_from_slice(&EBREAK.to_le_bytes());
    code.extend_from_slice(b"hi\n\0ok\0");
    let cfg = MachineConfig {
        ram_size: RAM_SIZE,
        bios: Some(ImageSource::bytes("prog", code)),
        ..Default::default()
    };
    let mut m = Machine::new(cfg).expect("machine");
    m.hart.set_pc(RAM_BASE);
    // PMP open for S/U, as firmware leaves it.
    m.hart.pmpaddr_write(15, u64::MAX);
    m.hart.pmpcfg_write(2, (0x18 | 7) << 56);
    m
}

const VA: u64 = 0x4000_0000;

/// HS-mode Sv39 with VA -> the code page (0x8000_0000), one page only.
fn translated() -> Machine {
    let mut m = machine();
    let mut f = Frames::new();
    let root = f.alloc(4096);
    map(&mut m.hart, &mut f, 3, false, root, VA, RAM_BASE, 0, RWXAD);
    poke(&mut m.hart, SATP, SATP_MODE_SV39 << 60 | root >> 12);
    m.hart.set_mode(Mode::HS);
    m
}

#[test]
fn regs_and_fregs() {
    let mut m = machine();
    m.hart.set_xreg(10, 0x1234);
    let s = regs_view(&m.hart);
    assert!(s.contains("x10 a0   0x0000000000001234"), "{s}");
    assert!(
        s.contains(&format!("pc   {RAM_BASE:#018x}  mode M (V=0)")),
        "{s}"
    );
    assert_eq!(s.lines().count(), 9);
    m.hart
        .set_freg(1, 0xffff_ffff_0000_0000 | 1.5f32.to_bits() as u64);
    m.hart.set_freg(2, 2.5f64.to_bits());
    let s = fregs_view(&m.hart);
    assert!(s.contains("f1  ft1") && s.contains("s 1.5"), "{s}");
    assert!(
        s.lines()
            .any(|l| l.starts_with("f2 ") && l.contains("d 2.5") && !l.contains(" s ")),
        "{s}"
    );
    assert!(s.starts_with("fcsr 0x0"), "{s}");
}

#[test]
fn csr_by_name_and_number() {
    let mut m = machine();
    let hstatus = m.hart.csr_peek(HSTATUS).unwrap_or(0);
    poke(&mut m.hart, HSTATUS, hstatus | HSTATUS_SPV);
    let s = csr_view(&m.hart, "hstatus").unwrap();
    assert!(
        s.starts_with(&format!("hstatus (0x600) = {:#018x}", m.hart.csr.hstatus)),
        "{s}"
    );
    assert!(
        s.lines()
            .any(|l| l.trim_start().starts_with("SPV") && l.contains("[7]") && l.contains(" 1 ")),
        "{s}"
    );
    assert!(
        s.lines()
            .any(|l| l.trim_start().starts_with("SPVP") && l.contains(" 0 ")),
        "{s}"
    );
    assert_eq!(csr_view(&m.hart, "0x600"), Ok(s.clone()));
    assert_eq!(csr_view(&m.hart, "1536"), Ok(s));
    let s = csr_view(&m.hart, "sstatus").unwrap();
    assert!(s.contains("with V=1, sstatus reaches vsstatus"), "{s}");
    assert!(csr_view(&m.hart, "vsstatus")
        .unwrap()
        .contains("what sstatus reads as in VS and VU"));
    assert_eq!(
        csr_view(&m.hart, "nosuch"),
        Err(InspectError::UnknownCsr("nosuch".into()))
    );
    assert!(csr_view(&m.hart, "0x7ff").is_err());
    if let Some(i) = csr::all().find(|i| !i.implemented()) {
        let e = csr_view(&m.hart, &i.name().to_string()).unwrap_err();
        assert!(matches!(e, InspectError::NotImplemented(_)), "{e}");
    }
}

#[test]
fn csr_groups() {
    let mut m = machine();
    poke(&mut m.hart, SEPC, 0x1114);
    poke(&mut m.hart, VSEPC, 0x2222);
    let hs = csrs_view(&m.hart, CsrGroup::Hs);
    let line = hs.lines().find(|l| l.contains("sepc")).expect("sepc row");
    assert!(
        line.contains("0x0000000000001114")
            && line.contains("| vsepc")
            && line.ends_with("0x0000000000002222"),
        "{hs}"
    );
    assert!(hs.lines().any(|l| l.starts_with("sstatus") || l.contains("sstatus ") && l.contains("| vsstatus")), "{hs}");
    assert!(
        hs.contains("hstatus") && hs.contains("hgatp") && hs.contains("scounteren"),
        "{hs}"
    );
    assert!(!hs.contains("mstatus"));
    let vs = csrs_view(&m.hart, CsrGroup::Vs);
    assert!(vs.contains("| vsepc") && !vs.contains("scounteren"), "{vs}");
    let mm = csrs_view(&m.hart, CsrGroup::M);
    assert!(mm.contains("mstatus") && !mm.contains("vsstatus"), "{mm}");
    assert!(
        mm.contains("pmpaddr15") && !mm.contains("pmpaddr3 "),
        "{mm}"
    );
    let all = csrs_view(&m.hart, CsrGroup::All);
    assert!(
        all.contains("mstatus") && all.contains("| vsepc") && all.contains("fcsr"),
        "{all}"
    );
}

#[test]
fn fmt_parsing() {
    let p = |s: &str| s.parse::<Fmt>();
    assert_eq!(
        p("4xg"),
        Ok(Fmt {
            count: 4,
            format: 'x',
            size: 8
        })
    );
    assert_eq!(
        p("gx"),
        Ok(Fmt {
            count: 1,
            format: 'x',
            size: 8
        })
    );
    assert_eq!(p(""), Ok(Fmt::default()));
    assert_eq!(
        p("10i"),
        Ok(Fmt {
            count: 10,
            format: 'i',
            size: 1
        })
    );
    assert_eq!(
        p("s"),
        Ok(Fmt {
            count: 1,
            format: 's',
            size: 1
        })
    );
    assert_eq!(p("a").map(|f| f.size), Ok(8));
    assert_eq!(
        p("2dh"),
        Ok(Fmt {
            count: 2,
            format: 'd',
            size: 2
        })
    );
    for bad in [
        "0x",
        "4q",
        "xd",
        "bw",
        "x4",
        "99999999999999999999999",
        "5000x",
    ] {
        let e = p(bad).expect_err(bad);
        assert!(matches!(e, InspectError::BadFormat(_)), "{bad}: {e}");
    }
    assert!(p("4q")
        .unwrap_err()
        .to_string()
        .contains("unknown letter 'q'"));
}

#[test]
fn examine_formats() {
    let m = machine();
    let f = |s: &str| s.parse::<Fmt>().unwrap();
    let x = examine(&m, RAM_BASE, &f("2xw"), true).unwrap();
    let second = u32::from_le_bytes(
        m.hart
            .bus
            .ram
            .bytes(RAM_BASE + 4, 4)
            .unwrap()
            .try_into()
            .unwrap(),
    );
    assert_eq!(
        x,
        format!("{RAM_BASE:#x}:\t{ADDI_A0_5:#010x}\t{second:#010x}")
    );
    assert_eq!(
        examine(&m, RAM_BASE, &f("xb"), true).unwrap(),
        format!("{RAM_BASE:#x}:\t0x13")
    );
    assert_eq!(
        examine(&m, RAM_BASE, &f("db"), true).unwrap(),
        format!("{RAM_BASE:#x}:\t19")
    );
    assert_eq!(
        examine(&m, RAM_BASE, &f("tb"), true).unwrap(),
        format!("{RAM_BASE:#x}:\t00010011")
    );
    assert_eq!(
        examine(&m, RAM_BASE, &f("ob"), true).unwrap(),
        format!("{RAM_BASE:#x}:\t023")
    );
    let lines = examine(&m, RAM_BASE, &f("9xb"), true).unwrap();
    assert_eq!(lines.lines().count(), 2, "8 bytes per line: {lines}");
    let strings = examine(&m, RAM_BASE + 10, &f("2s"), true).unwrap();
    assert_eq!(
        strings,
        format!(
            "{:#x}:\t\"hi\\n\"\n{:#x}:\t\"ok\"",
            RAM_BASE + 10,
            RAM_BASE + 14
        )
    );
    assert_eq!(
        examine(&m, RAM_BASE + 10, &f("c"), true).unwrap(),
        format!("{:#x}:\t104 'h'", RAM_BASE + 10)
    );
    let insts = examine(&m, RAM_BASE, &f("3i"), true).unwrap();
    let expect = disasm_inst(&decode(C_LI_A1_3), RAM_BASE + 4);
    assert!(insts.lines().nth(1).unwrap().ends_with(&expect), "{insts}");
    assert!(
        insts
            .lines()
            .nth(2)
            .unwrap()
            .starts_with(&format!("{:#x}:", RAM_BASE + 6)),
        "{insts}"
    );
}

#[test]
fn examine_through_the_translation_and_its_errors() {
    let m = translated();
    let f = |s: &str| s.parse::<Fmt>().unwrap();
    let virt = examine(&m, VA, &f("4xw"), false).unwrap();
    let phys = examine(&m, RAM_BASE, &f("4xw"), true).unwrap();
    assert_eq!(
        virt.replace(&format!("{VA:#x}"), ""),
        phys.replace(&format!("{RAM_BASE:#x}"), "")
    );
    // In M-mode (no translation) VA is physical, and nothing is there.
    let e = examine(&m, VA, &f("x"), true).unwrap_err();
    assert!(
        e.to_string()
            .starts_with(&format!("cannot read {VA:#x}: nothing on the bus")),
        "{e}"
    );
    // Unmapped: the fault, and why.
    let e = examine(&m, VA + 0x1000, &f("x"), false).unwrap_err();
    let s = e.to_string();
    assert!(
        s.contains("load page fault (cause 13") && s.contains("V=0"),
        "{s}"
    );
    // A listing that runs into the fault keeps what it read.
    let s = examine(&m, VA + 0xff8, &f("2xg"), false).unwrap();
    assert_eq!(s.lines().count(), 2, "{s}");
    assert!(
        s.lines()
            .nth(1)
            .unwrap()
            .starts_with(&format!("cannot read {:#x}: load page fault", VA + 0x1000)),
        "{s}"
    );
    // A device register is not read.
    let e = examine(&m, 0x1000_0000, &f("xb"), true).unwrap_err();
    assert!(e.to_string().contains("UART register: not read"), "{e}");
}

#[test]
fn disas_and_peek() {
    let m = translated();
    let label = |pc: u64| (pc == VA).then(|| "start".to_string());
    let mut h = m;
    h.hart.set_pc(VA);
    let tlb_before = h.hart.mmu.tlb.entries().count();
    let s = disas(&h, VA, 3, &label).unwrap();
    assert_eq!(
        h.hart.mmu.tlb.entries().count(),
        tlb_before,
        "disas filled the TLB"
    );
    let lines: Vec<&str> = s.lines().collect();
    assert_eq!(lines.len(), 3, "{s}");
    assert!(
        lines[0].starts_with(&format!("=> {VA:#018x} <start>:  {ADDI_A0_5:08x}")),
        "{s}"
    );
    assert!(
        lines[1].starts_with(&format!("   {:#018x}:  {C_LI_A1_3:04x}  ", VA + 4)),
        "{s}"
    );
    assert!(
        lines[1].ends_with(&disasm_inst(&decode(C_LI_A1_3), VA + 4)),
        "{s}"
    );
    assert_eq!(peek_instruction(&h, VA), Some(ADDI_A0_5));
    assert_eq!(peek_instruction(&h, VA + 4), Some(C_LI_A1_3));
    assert_eq!(peek_instruction(&h, VA + 6), Some(EBREAK));
    assert_eq!(peek_instruction(&h, VA + 0x1000), None);
    assert_eq!(peek_instruction(&h, VA + 1), None, "a misaligned fetch");
    let e = disas(&h, VA + 0x1000, 2, &label).unwrap_err();
    assert!(e.to_string().contains("instruction page fault"), "{e}");
    // Running off the mapped page ends the listing with the reason.
    wr(&mut h.hart, RAM_BASE + 0xffc, EBREAK as u64);
    let s = disas(&h, VA + 0xffc, 3, &label).unwrap();
    assert_eq!(s.lines().count(), 2, "{s}");
    assert!(
        s.lines().nth(1).unwrap().contains("instruction page fault"),
        "{s}"
    );
    // The hart agrees with peek_instruction.
    assert_eq!(h.hart.fetch(VA + 4), Ok(C_LI_A1_3));
}
