//! The debugger's records on the default boot (firmware -> hypervisor ->
//! guests): what each privilege transition changed and why it went where
//! it went, at the points a student checks. Through the library.

use hemu::debug::command::{Until, XretKind};
use hemu::debug::inspect::{csrs_view, regs_view, CsrGroup};
use hemu::debug::record::{Kind, Record};
use hemu::debug::session::{Debugger, StopReason};
use hemu::debug::trace::CauseSel;
use hemu::hart::Mode;
use hemu::loader::ImageSource;
use hemu::machine::{Machine, MachineConfig};

fn debugger() -> Debugger {
    let m = Machine::new(MachineConfig {
        bios: Some(ImageSource::bytes("firmware", hemu::images::FIRMWARE)),
        kernel: Some(ImageSource::bytes("hypervisor", hemu::images::HYPERVISOR)),
        ..MachineConfig::default()
    })
    .unwrap();
    let d = Debugger::new(m);
    let mut syms = d.symbols().clone();
    syms.add_elf(hemu::images::GUEST, 0).unwrap();
    Debugger::with_symbols(take(d), syms)
}

fn take(d: Debugger) -> Machine {
    d.into_machine()
}

fn csr(r: &Record, name: &str) -> Option<(u64, u64)> {
    r.csrs.iter().find(|c| c.name == name).map(|c| (c.old, c.new))
}

fn route(r: &Record) -> String {
    r.route.join("\n")
}

/// Step once from a stop and return that step's record.
fn step(d: &mut Debugger) -> Record {
    d.stepi(1).records.pop().expect("a record")
}

#[test]
fn firmware_mret_into_hs() {
    let mut d = debugger();
    let s = d.until(&Until::Xret(XretKind::Mret));
    assert_eq!(s.reason, StopReason::Reached("before mret".into()));
    let r = step(&mut d);
    assert_eq!(r.kind, Kind::Xret { mret: true });
    assert_eq!((r.from, r.to, r.pc_after), (Mode::M, Mode::HS, 0x8020_0000));
    assert!(route(&r).contains("mstatus.MPP=1 MPV=0"), "{}", route(&r));
    let (old, new) = csr(&r, "mstatus").expect("mstatus changed");
    assert_eq!((old >> 11) & 3, 1, "MPP was S");
    assert_eq!((new >> 11) & 3, 0, "MPP becomes U");
    assert!(r.text(d.symbols()).contains("<_start>"));
}

#[test]
fn first_sret_enters_the_guest_and_reverse_stepi_comes_back_exactly() {
    let mut d = debugger();
    d.until(&Until::Xret(XretKind::Mret));
    d.stepi(1);
    let s = d.until(&Until::Xret(XretKind::Sret));
    assert_eq!(s.reason, StopReason::Reached("before sret".into()));
    let h = &d.machine().hart;
    assert_eq!(h.mode(), Mode::HS);
    let before = (regs_view(h), csrs_view(h, CsrGroup::All), d.position());
    let r = step(&mut d);
    assert_eq!((r.from, r.to, r.pc_after), (Mode::HS, Mode::VS, 0x9000_0000));
    let why = route(&r);
    assert!(why.contains("SPP=1") && why.contains("hstatus.SPV=1"), "{why}");
    assert_eq!(csr(&r, "hstatus").map(|(o, n)| ((o >> 7) & 1, (n >> 7) & 1)), Some((1, 0)), "SPV 1 -> 0");
    assert_eq!(d.machine().hart.pc(), 0x9000_0000);
    // Back over the sret: exactly the state it had.
    d.reverse_stepi(1);
    let h = &d.machine().hart;
    assert_eq!((regs_view(h), csrs_view(h, CsrGroup::All), d.position()), before);
    // And forward again, the same.
    let again = step(&mut d);
    assert_eq!(again.csrs, r.csrs);
    assert_eq!(again.pc_after, 0x9000_0000);
}

#[test]
fn the_guests_first_sbi_call_stops_in_hs() {
    let mut d = debugger();
    let s = d.until(&Until::Trap(Some(CauseSel::Exception(10))));
    assert_eq!(s.reason, StopReason::Reached("trap: environment call from VS-mode".into()), "{:?}", s.reason);
    let r = s.records.last().expect("the record");
    assert_eq!((r.from, r.to), (Mode::VS, Mode::HS));
    assert_eq!(csr(r, "scause").map(|c| c.1), Some(10));
    let hstatus = d.machine().hart.csr_peek(0x600).unwrap();
    assert_eq!((hstatus >> 7) & 3, 3, "SPV=1 SPVP=1");
    assert!(route(r).contains("hedeleg[10] is read-only 0"), "{}", route(r));
}

#[test]
fn a_vu_fault_goes_to_the_guest_through_hedeleg() {
    let mut d = debugger();
    for _ in 0..20_000 {
        let s = d.next_transition(1);
        let Some(r) = s.records.last() else { panic!("{:?}", s.reason) };
        if let Kind::Exception { .. } = r.kind {
            if r.from == Mode::VU && r.to == Mode::VS {
                let why = route(r);
                assert!(why.contains("medeleg[") && why.contains("V=1 and hedeleg["), "{why}");
                assert!(csr(r, "vscause").is_some() || d.machine().hart.csr_peek(0x242).is_some());
                assert!(csr(r, "vsepc").is_some(), "{}", r.text(d.symbols()));
                assert_eq!((d.machine().hart.csr_peek(0x200).unwrap() >> 8) & 1, 0, "vsstatus.SPP=0: from VU");
                return;
            }
        }
    }
    panic!("no VU fault reached VS");
}

#[test]
fn an_illegal_instruction_in_vu_is_injected_by_the_hypervisor() {
    let mut d = debugger();
    let s = d.until(&Until::Trap(Some(CauseSel::Exception(2))));
    let first = s.records.last().expect("a record").clone();
    assert_eq!(first.from, Mode::VU, "{}", first.text(d.symbols()));
    // The hops until the guest's handler runs: each with its route.
    let mut hops = vec![first];
    while hops.last().unwrap().to != Mode::VS {
        let s = d.next_transition(1);
        hops.push(s.records.last().expect("a record").clone());
        assert!(hops.len() < 10, "too many hops");
    }
    let path: Vec<Mode> = std::iter::once(hops[0].from).chain(hops.iter().map(|r| r.to)).collect();
    assert_eq!(path.first(), Some(&Mode::VU));
    assert_eq!(path.last(), Some(&Mode::VS));
    assert!(path.contains(&Mode::HS), "{path:?}");
    assert!(hops.iter().all(|r| !r.route.is_empty()));
}

/// A memory watch runs on the fast path (the engine stops before a
/// watched access; nothing is single-stepped) and stops right after the
/// first access it wants: the same step a recorded single-stepping run
/// finds. Here the guest kernel's BOOT_TIME, which timer::init stores to
/// in VS.
#[test]
fn a_memory_watch_stops_right_after_the_first_access_it_wants() {
    use hemu::debug::command::{Access, Addr};
    let mut d = debugger();
    let name = d.symbols().names().find(|n| n.ends_with("timer::BOOT_TIME")).expect("BOOT_TIME").to_string();
    d.until(&Until::Mode(Mode::VS));
    let id = d.add_mem_watch(&Addr::Symbol(name.clone(), 0), 8, Access::Write).unwrap();
    let s = d.cont();
    match &s.reason {
        StopReason::Watch(i, text) => assert!(*i == id && text.starts_with("wrote "), "{text}"),
        other => panic!("{other:?}"),
    }
    let r = s.records.last().expect("the store's record");
    assert_eq!((r.from, r.to), (Mode::VS, Mode::VS));
    let store = r.mem.iter().find(|a| a.write).expect("a store");
    let (pa, stop) = (store.paddr.expect("translated"), d.position());

    // The same, one recorded step at a time from the guest's entry.
    let mut e = debugger();
    e.until(&Until::Mode(Mode::VS));
    loop {
        assert!(e.position() < stop, "no store to {pa:#x} before step {stop}");
        let r = step(&mut e);
        if r.mem.iter().any(|a| a.write && a.paddr.is_some_and(|p| p < pa + 8 && pa < p + a.size as u64)) {
            break;
        }
    }
    assert_eq!(e.position(), stop);
    // A read watch on the same variable does not stop at that store.
    d.delete(Some(id)).unwrap();
    let read = d.add_mem_watch(&Addr::Symbol(name, 0), 8, Access::Read).unwrap();
    let s = d.cont();
    if let StopReason::Watch(i, text) = &s.reason {
        assert!(*i == read && text.starts_with("read "), "{text}");
    }
}

/// A watch on fflags runs on the fast path too (F/D instructions end
/// blocks and the engine stops before each) and stops after the first
/// instruction that changes it: the step a single-stepping run finds.
#[test]
fn an_fflags_watch_stops_after_the_first_change() {
    let uf = hemu::images::test_program("rv64uf").expect("rv64uf");
    let machine = || {
        Machine::new(MachineConfig { bios: Some(ImageSource::bytes(uf.name, uf.elf)), ..MachineConfig::default() })
            .unwrap()
    };
    let mut d = Debugger::new(machine());
    let id = d.add_csr_watch("fflags").unwrap();
    let s = d.cont();
    match &s.reason {
        StopReason::Watch(i, text) => assert!(*i == id && text.starts_with("fflags: 0x0 -> "), "{text}"),
        other => panic!("{other:?}"),
    }
    let r = s.records.last().expect("the instruction's record");
    let op = hemu::isa::decode(r.raw.expect("an instruction")).op;
    assert!(op.is_float() || op.is_csr(), "{}", r.text(d.symbols()));
    let stop = d.position();
    // One step at a time.
    let mut e = Debugger::new(machine());
    while e.machine().hart.csr_peek(0x001) == Some(0) {
        assert!(e.position() < stop);
        step(&mut e);
    }
    assert_eq!(e.position(), stop);
}
