//! Going back and stopping early, on the default boot: the history's
//! replay lands on exactly the state the run had (every register, CSR
//! and written RAM page), the engine's probes stop exactly where stepping
//! one instruction at a time first sees the event, and HTIF is polled at
//! the same instructions whether the machine runs or steps.

use hemu::debug::snapshot::{History, DEFAULT_BUDGET};
use hemu::engine::probe::{ProbeHit, Probes};
use hemu::hart::step::StepEvent;
use hemu::hart::{csr, Mode};
use hemu::isa::encode as e;
use hemu::loader::{ImageFormat, ImageSource};
use hemu::machine::{Machine, MachineConfig, RunOutcome};

fn boot() -> Machine {
    Machine::new(MachineConfig {
        bios: Some(ImageSource::bytes("firmware", hemu::images::FIRMWARE)),
        kernel: Some(ImageSource::bytes("hypervisor", hemu::images::HYPERVISOR)),
        ..MachineConfig::default()
    })
    .expect("machine")
}

/// Everything a guest or a debugger can see, as one comparable value.
#[derive(Debug, PartialEq)]
struct Seen {
    position: u64,
    pc: u64,
    mode: Mode,
    x: [u64; 32],
    f: [u64; 32],
    csrs: Vec<(u16, Option<u64>)>,
    ram: u64,
    mtime: u64,
}

fn seen(m: &Machine) -> Seen {
    Seen { ram: ram_hash(m), ..registers(m) }
}

fn ram_hash(m: &Machine) -> u64 {
    let ram = &m.hart.bus().ram;
    // A hash of all of RAM that was ever written (FNV-1a over the pages
    // and their numbers; all-zero pages left out, as in untouched RAM).
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for (i, g) in ram.gens().iter().enumerate() {
        let page = ram.bytes(ram.base() + i as u64 * 4096, 4096).unwrap();
        if *g != 0 && page.iter().any(|&b| b != 0) {
            for b in (i as u64).to_le_bytes().iter().chain(page) {
                hash = (hash ^ *b as u64).wrapping_mul(0x100_0000_01b3);
            }
        }
    }
    hash
}

/// `seen` without RAM (cheap enough to take at every step).
fn registers(m: &Machine) -> Seen {
    let h = &m.hart;
    Seen {
        position: m.position(),
        pc: h.pc(),
        mode: h.mode(),
        x: *h.xregs(),
        f: *h.fregs(),
        csrs: csr::all().map(|i| (i.number(), h.csr_peek(i.number()))).collect(),
        ram: 0,
        mtime: h.bus().mtime(),
    }
}

/// Run to `target` the plain way (fast path, then steps).
fn run_to(m: &mut Machine, target: u64, history: &mut History) {
    while m.position() < target {
        let left = target - m.position();
        if left > 64 {
            m.run(Some(left / 3));
        } else {
            m.step();
        }
        history.record(m);
    }
}

#[test]
fn goto_lands_on_the_exact_state_of_the_run() {
    let mut m = boot();
    let mut h = History::with_interval(DEFAULT_BUDGET, 100_000);
    h.record(&mut m);
    let marks = [1_234_567u64, 1_500_001, 2_000_003];
    let mut states = Vec::new();
    for &p in &marks {
        run_to(&mut m, p, &mut h);
        states.push(seen(&m));
    }
    run_to(&mut m, 2_600_000, &mut h);
    assert!(h.len() > 10, "{h:?}");
    // Back, in any order, and forward again.
    for &i in &[1usize, 0, 2, 0] {
        h.goto(&mut m, marks[i]).expect("goto");
        assert_eq!(seen(&m), states[i], "at step {}", marks[i]);
    }
    // From a state gone back to, the run ends as a fresh run does.
    h.goto(&mut m, marks[0]).unwrap();
    let end = m.run(Some(3_000_000_000));
    let mut fresh = boot();
    assert_eq!(end, fresh.run(Some(3_000_000_000)));
    assert_eq!(m.position(), fresh.position());
}

#[test]
fn goto_refuses_what_the_history_does_not_hold() {
    let mut m = boot();
    let mut h = History::new(DEFAULT_BUDGET);
    assert!(h.goto(&mut m, 0).is_err(), "empty history");
    m.run(Some(1000));
    h.record(&mut m);
    assert!(h.goto(&mut m, 10).is_err(), "before the first snapshot");
    assert_eq!(h.goto(&mut m, 1000), Ok(()));
}

#[test]
fn a_small_budget_merges_old_snapshots() {
    let mut m = boot();
    let mut h = History::with_interval(1, 50_000);
    h.record(&mut m);
    run_to(&mut m, 1_000_000, &mut h);
    assert!(h.len() <= 2, "{h:?}");
    let first = h.first_position();
    assert!(first > 0);
    let want = seen(&m);
    h.goto(&mut m, first).unwrap();
    h.goto(&mut m, 1_000_000).unwrap();
    assert_eq!(seen(&m), want);
}

#[test]
fn a_breakpoint_stops_the_fast_path_right_before_the_instruction() {
    let entry = 0x8020_0000;
    // Stepping: the state when the pc first reaches the entry.
    let mut m = boot();
    while m.hart.pc() != entry {
        m.step();
        assert!(m.exit().is_none(), "never reached");
    }
    let want = seen(&m);
    let mut m = boot();
    m.set_probes(Probes { breakpoints: vec![entry], ..Probes::default() });
    assert_eq!(m.run(None), RunOutcome::Probe(ProbeHit::Breakpoint { pc: entry }));
    assert_eq!(seen(&m), want);
}

#[test]
fn transition_probes_stop_before_each_trap_and_xret() {
    let transition = |ev: &StepEvent| {
        matches!(ev, StepEvent::Exception { .. } | StepEvent::Interrupt { .. } | StepEvent::Xret { .. })
    };
    // Stepping: the first 40 transitions and the state before each.
    let mut stepped = Vec::new();
    let mut m = boot();
    while stepped.len() < 40 {
        let before = registers(&m);
        if transition(&m.step()) {
            // A trap or an xRET writes no memory: RAM is as before.
            stepped.push(Seen { ram: ram_hash(&m), ..before });
        }
    }
    // The fast path with the probe stops at each, before it.
    let mut m = boot();
    m.set_probes(Probes { transitions: true, ..Probes::default() });
    for want in &stepped {
        assert_eq!(m.run(None), RunOutcome::Probe(ProbeHit::Transition));
        assert_eq!(&seen(&m), want);
        assert!(transition(&m.step()));
    }
}

#[test]
fn csr_probes_stop_before_csr_instructions() {
    let mut m = boot();
    m.set_probes(Probes { csr_instructions: true, ..Probes::default() });
    for _ in 0..20 {
        let RunOutcome::Probe(ProbeHit::CsrInstruction { pc }) = m.run(None) else { panic!("no stop") };
        assert_eq!(pc, m.hart.pc());
        let raw = m.hart.bus_mut().read(pc, 4).unwrap() as u32;
        assert!(hemu::isa::decode(raw).op.is_csr(), "{raw:#x} at {pc:#x}");
        m.step();
    }
}

/// A program that writes HTIF's tohost twice without waiting for the
/// host, then exits: what it prints must not depend on how it is run.
#[test]
fn htif_is_polled_at_the_same_instructions_running_or_stepping() {
    const TOHOST: u64 = 0x8000_1000;
    let putchar = |c: u8| (1u64 << 56) | (1 << 48) | c as u64;
    let mut code = vec![e::auipc(5, 1)]; // t0 = tohost (the code is at 0x8000_0000)
    for v in [putchar(b'A'), putchar(b'B')] {
        code.push(e::lui(6, ((v >> 44) & 0xfffff) as u32)); // t1 = v's top bits
        code.push(e::slli(6, 6, 32));
        code.push(e::ori(6, 6, (v & 0x7ff) as i32));
        code.push(e::sd(6, 5, 0));
    }
    // Spin, then exit with code 3 through tohost.
    code.extend([e::lui(7, 1), e::addi(7, 7, -1), e::bne(7, 0, -4), e::addi(6, 0, 7), e::sd(6, 5, 0), e::jal(0, 0)]);
    let bytes: Vec<u8> = code.iter().flat_map(|w| w.to_le_bytes()).collect();
    let make = || {
        let mut m = Machine::new(MachineConfig {
            bios: Some(ImageSource::bytes("htif2", bytes.clone()).with_format(ImageFormat::Binary)),
            ..MachineConfig::default()
        })
        .unwrap();
        m.hart.bus_mut().htif = Some(hemu::bus::Htif { tohost: TOHOST, fromhost: TOHOST + 8 });
        m
    };
    let mut run = make();
    // Its exit is seen at the next multiple of CHUNK.
    let a = run.run(Some(2 * hemu::machine::CHUNK));
    let mut step = make();
    let b = loop {
        if let Some((code, source)) = step.exit() {
            break RunOutcome::Exit { code, source };
        }
        step.step();
    };
    assert_eq!(a, b);
    assert_eq!(run.output_string(), step.output_string());
    assert_eq!(run.retired(), step.retired());
}

/// Every self-checking test program, traced (transitions, through the
/// probes and the recorder; instructions and commits, every step
/// recorded) and untraced: same exit, same output, same
/// instruction count.
#[test]
fn traced_and_untraced_runs_agree_on_every_test_program() {
    use hemu::debug::symbols::Symbols;
    use hemu::debug::{TraceLevel, Tracer};
    for p in hemu::images::test_programs() {
        let make = || {
            Machine::new(MachineConfig { bios: Some(ImageSource::bytes(p.name, p.elf)), ..MachineConfig::default() }).unwrap()
        };
        let mut plain = make();
        let a = plain.run(Some(50_000_000));
        for level in [TraceLevel::Transitions, TraceLevel::Instructions, TraceLevel::Commits] {
            let mut traced = make();
            let mut t = Tracer::new(level, Box::new(std::io::sink()));
            if level != TraceLevel::Transitions {
                // Every step recorded for a while, then on at full speed.
                t.filter.limit = Some(200_000);
            }
            let b = hemu::debug::trace::run(&mut traced, Some(50_000_000), &mut t, &Symbols::default());
            assert_eq!(a, b, "{} {level:?}", p.name);
            assert_eq!(plain.output(), traced.output(), "{} {level:?}", p.name);
            assert_eq!(plain.retired(), traced.retired(), "{} {level:?}", p.name);
        }
    }
}

/// Input typed into the UART from the debugger (`input TEXT`) is logged
/// with its step: the guest reads it, and going back over that step and
/// forward again replays it at the same step, so the run is the same.
#[test]
fn typed_input_is_replayed_at_the_same_step() {
    use hemu::debug::command::Until;
    use hemu::debug::session::{Debugger, StopReason};
    let mut d = Debugger::new(boot());
    // Run to guest 0's read_line prompt.
    let prompt = "read_line: type a line and press Enter";
    while !d.machine().output_string().contains(prompt) {
        let to = d.position() + 100_000;
        assert_eq!(d.until(&Until::Step(to)).reason, StopReason::Reached(format!("step {to}")), "the prompt comes");
    }
    let typed_at = d.position();
    d.input(b"hello\n");
    // On to where the guest has read the line.
    let read = "read_line: you typed \"hello\"";
    while !d.machine().output_string().contains(read) {
        let to = d.position() + 1_000_000;
        assert_eq!(d.until(&Until::Step(to)).reason, StopReason::Reached(format!("step {to}")), "the guest reads it");
    }
    let later = d.position();
    let at_later = seen(d.machine());
    // Back before the input (more than a snapshot back), then forward
    // again: the guest reads the line again, at the same step.
    d.reverse_stepi(later - typed_at + 1_500_000);
    assert!(d.position() < typed_at);
    d.take_output();
    d.until(&Until::Step(later));
    assert_eq!(seen(d.machine()), at_later, "the replay read the same input at the same step");
    assert_eq!(d.machine().output_string().matches(read).count(), 1);
}

/// `--realtime` in a session: the guest's clock stays deterministic (the
/// same run, step for step, so going back stays exact) and runs wait
/// whenever the guest's time gets ahead of the host's, so the guest's
/// seconds take at least real seconds.
#[test]
fn a_paced_session_keeps_guest_time_deterministic_and_not_ahead_of_the_host() {
    use hemu::debug::session::{Debugger, StopReason};
    let mut plain = Debugger::new(boot());
    assert_eq!(plain.cont().reason, StopReason::Exited(0));
    let mut paced = Debugger::new(boot());
    paced.set_paced(true);
    let t0 = std::time::Instant::now();
    assert_eq!(paced.cont().reason, StopReason::Exited(0));
    let took = t0.elapsed();
    assert_eq!(paced.position(), plain.position());
    assert_eq!(paced.machine().output(), plain.machine().output());
    let guest = paced.machine().hart.bus().mtime();
    let guest_time = std::time::Duration::from_nanos(guest * (1_000_000_000 / hemu::bus::clint::TIMEBASE_HZ));
    assert!(guest_time > std::time::Duration::from_millis(500), "the boot takes guest time: {guest_time:?}");
    // The last run may end up to 20 ms of WFI wait (plus a slice of
    // instructions, about 10 ms) ahead, with no wait after it.
    let slack = std::time::Duration::from_millis(40);
    assert!(took + slack >= guest_time, "{took:?} of host time for {guest_time:?} of guest time");
    // Going back is exact: the state 1000 steps before the end is the
    // plain run's.
    let back = paced.position() - 1000;
    paced.reverse_stepi(1000);
    let mut again = Debugger::new(boot());
    again.until(&hemu::debug::command::Until::Step(back));
    assert_eq!(seen(paced.machine()), seen(again.machine()));
}
