//! The only code that builds and runs hemu machines for the system tests, so
//! that an API change is adapted in one place. Uses the public API only:
//! `hemu::machine::{Machine, MachineConfig, RunOutcome}` and
//! `hemu::loader::ImageSource`.
#![allow(dead_code)]

use hemu::loader::ImageSource;
use hemu::machine::{Machine, MachineConfig, RunOutcome};

/// What a run of hemu produced.
pub struct HemuRun {
    /// The exit status the guest requested (test finisher or HTIF; for the
    /// test programs a non-zero value is the failing test's number); None
    /// if the run ended otherwise (see `outcome`).
    pub exit_code: Option<u64>,
    /// Why the run ended.
    pub outcome: RunOutcome,
    /// Everything written to the console (UART and HTIF).
    pub uart: String,
    /// Instructions executed.
    pub retired: u64,
}

/// The configuration for `bios` at 0x8000_0000 and, if given, `kernel` (for
/// 0x8020_0000), with the device tree's bootargs set to `bootargs`.
pub fn config(bios: ImageSource, kernel: Option<ImageSource>, bootargs: Option<&str>) -> MachineConfig {
    MachineConfig {
        bios: Some(bios),
        kernel,
        bootargs: bootargs.map(str::to_string),
        ..MachineConfig::default()
    }
}

/// Boots `cfg` and runs it for at most `max_instructions`.
pub fn run_config(cfg: MachineConfig, max_instructions: u64) -> HemuRun {
    let mut machine = Machine::new(cfg).expect("build the hemu machine");
    let outcome = machine.run(Some(max_instructions));
    let exit_code = match outcome {
        RunOutcome::Exit { code, .. } => Some(code),
        _ => None,
    };
    HemuRun { exit_code, outcome, uart: machine.output_string(), retired: machine.retired() }
}

/// Boots `bios` (an ELF, e.g. a test program entered in M-mode) and, if
/// given, `kernel`, for at most `max_instructions`.
pub fn run_hemu(bios: &'static [u8], kernel: Option<&'static [u8]>, max_instructions: u64) -> HemuRun {
    let cfg = config(
        ImageSource::bytes("bios", bios),
        kernel.map(|k| ImageSource::bytes("kernel", k)),
        None,
    );
    run_config(cfg, max_instructions)
}

/// As `run_hemu`, with the firmware read from a file (e.g. OpenSBI).
pub fn run_hemu_file(bios: &str, kernel: &'static [u8], max_instructions: u64) -> HemuRun {
    let cfg = config(ImageSource::file(bios), Some(ImageSource::bytes("kernel", kernel)), None);
    run_config(cfg, max_instructions)
}

// ---------------------------------------------------------------------------
// Single-stepping the real boot chain (firmware -> hypervisor -> guests).

use hemu::hart::csr::addr::{HSTATUS, MSTATUS, SEPC, SSTATUS};
use hemu::hart::step::StepEvent;
use hemu::hart::Mode;

/// Our firmware with the teaching hypervisor as the next stage, the boot
/// options (`/chosen/bootargs`) given, in the deterministic-time machine.
pub fn boot_hypervisor(bootargs: Option<&str>) -> Machine {
    use hemu::images::{FIRMWARE, HYPERVISOR};
    let cfg = config(
        ImageSource::bytes("firmware", FIRMWARE),
        Some(ImageSource::bytes("hypervisor", HYPERVISOR)),
        bootargs,
    );
    Machine::new(cfg).expect("build the hemu machine")
}

/// The part of the hart's state a test needs from just *before* a step
/// (an xRET or a trap overwrites it).
#[derive(Clone, Copy, Debug)]
pub struct Before {
    pub pc: u64,
    pub mode: Mode,
    pub mstatus: u64,
    pub sstatus: u64,
    pub hstatus: u64,
    pub sepc: u64,
}

impl Before {
    pub fn of(m: &Machine) -> Before {
        let h = &m.hart;
        let peek = |a| h.csr_peek(a).unwrap_or(0);
        Before {
            pc: h.pc(),
            mode: h.mode(),
            mstatus: peek(MSTATUS),
            sstatus: peek(SSTATUS),
            hstatus: peek(HSTATUS),
            sepc: peek(SEPC),
        }
    }
}

/// Steps `m` one instruction (or interrupt) at a time until `found(before,
/// event, machine-after)` holds, and returns that step's `Before` and event.
/// Fails the test if the machine exits or `limit` steps pass first.
pub fn step_until(
    m: &mut Machine,
    limit: u64,
    what: &str,
    mut found: impl FnMut(&Before, &StepEvent, &Machine) -> bool,
) -> (Before, StepEvent) {
    for _ in 0..limit {
        let before = Before::of(m);
        let event = m.step();
        if found(&before, &event, m) {
            return (before, event);
        }
        if let Some(exit) = m.exit() {
            panic!("{what}: the machine exited ({exit:?}) first; output:\n{}", m.output_string());
        }
    }
    panic!(
        "{what}: not within {limit} steps (pc {:#x}, mode {}, retired {}); output:\n{}",
        m.hart.pc(),
        m.hart.mode(),
        m.retired(),
        m.output_string()
    );
}

/// A trap event's (from, to) modes, or None for other events.
pub fn modes(event: &StepEvent) -> Option<(Mode, Mode)> {
    match *event {
        StepEvent::Exception { from, to, .. }
        | StepEvent::Interrupt { from, to, .. }
        | StepEvent::Xret { from, to, .. } => Some((from, to)),
        _ => None,
    }
}
