//! The whole computer: one hart on a QEMU-`virt`-compatible bus, images
//! loaded, a device tree generated, time and devices kept in step.
//!
//! # Boot
//! Like QEMU `virt`: the hart resets at 0x1000 (the boot ROM), which jumps to
//! the firmware (`bios`) with a0 = hartid, a1 = DTB address. The firmware
//! is the M-mode image at 0x8000_0000 (an ELF goes where its headers say, a
//! flat binary at 0x8000_0000); the `kernel` is the next stage (ELF
//! addresses, or 0x8020_0000 for a flat binary). Without a bios, the ROM
//! jumps straight to the kernel.
//!
//! # Time
//! By default time is deterministic: mtime advances one tick per
//! [`INSTRUCTIONS_PER_TICK`] (10) executed instructions. With the device
//! tree's timebase of 10 MHz, that is a 100 MHz hart doing one instruction
//! per cycle. The run loop cuts its chunks so a timer fires exactly at the
//! instruction where mtime reaches the compare value, and while the hart
//! waits in WFI with nothing pending, time jumps to the next timer event.
//! The same program with the same input therefore always behaves the same.
//! With `realtime`, mtime follows the host clock instead.

use std::io::Write;
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::{Duration, Instant};

use crate::bus::clint::{ticks_until, TIMEBASE_HZ};
pub use crate::bus::clint::INSTRUCTIONS_PER_TICK;
use crate::bus::fdt::{self, DeviceTreeConfig};
use crate::bus::rom::ROM_BASE;
use crate::bus::uart::INPUT_QUEUE_LIMIT;
use crate::bus::rom::BootInfo;
use crate::bus::{BootRom, Bus, Clock, DeviceState, ExitSource, MachineExit, Ram, DEFAULT_RAM_SIZE, RAM_BASE};
use crate::engine::probe::{ProbeHit, Probes};
use crate::engine::Engine;
use crate::hart::csr::bits::ENVCFG_STCE;
use crate::hart::state::HartState;
use crate::hart::step::StepEvent;
use crate::hart::trap_loop::TrapLoop;
use crate::hart::Hart;
use crate::initrd;
use crate::isa::Isa;
use crate::loader::{self, ImageSource, LoadError, LoadedImage, RamWindow};

/// Where a flat-binary kernel goes (as QEMU places the next stage).
pub const KERNEL_FLAT_ADDR: u64 = 0x8020_0000;
/// Largest RAM accepted (it is mapped lazily, but must fit the host's
/// address space and overcommit limits).
pub const MAX_RAM_SIZE: u64 = 64 << 30;
/// Instructions per run-loop chunk: devices, HTIF and the console are
/// looked at between chunks. Chunks end at multiples of `CHUNK` executed
/// instructions (and earlier, at timer deadlines and device accesses), and
/// HTIF is polled exactly when the count reaches a multiple (and while the
/// hart waits in WFI), whether the machine runs, steps or traces: a guest
/// sees the same either way. A chunk's end that falls inside a compiled
/// block runs the block's instructions up to it, and the rest at the next
/// chunk, interpreted, after the run loop's passes between: each end costs
/// about 2 us of the host's time, its caches disturbed (measured in the
/// large-code workload, warm: 16,384 against 4,096 made it 7% faster,
/// 262,144 against 16,384 another 12%). HTIF's exit is seen, and input
/// and output are passed on, up to this many instructions later (a
/// quarter of a millisecond at hemu's speed); timers end chunks where
/// they fire.
pub const CHUNK: u64 = 262_144;
/// The device tree is placed below this address (or the end of RAM, if
/// lower), as QEMU does, so 32-bit-addressing firmware can reach it.
const DTB_LIMIT: u64 = 0xc000_0000;
const DTB_ALIGN: u64 = 2 << 20;
/// Longest single host sleep while idling in real-time mode, so input is
/// noticed promptly.
const MAX_IDLE_SLEEP: Duration = Duration::from_millis(10);

/// Where the machine's console output goes.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum ConsoleMode {
    /// Keep it in a buffer the caller reads ([`Machine::output`]).
    #[default]
    Capture,
    /// Write it to the host's stdout between chunks (and keep nothing).
    Stdout,
}

/// How to build the machine.
#[derive(Clone, Debug)]
pub struct MachineConfig {
    /// RAM size in bytes (non-zero, a multiple of 4 KiB, at most 64 GiB).
    pub ram_size: u64,
    /// The M-mode firmware, at 0x8000_0000.
    pub bios: Option<ImageSource>,
    /// The next stage (S-mode kernel, hypervisor, or a bare test).
    pub kernel: Option<ImageSource>,
    /// Kernel command line (/chosen/bootargs).
    pub bootargs: Option<String>,
    /// An initial RAM disk for the kernel (`--initrd`; see [`crate::initrd`]).
    /// It needs a kernel.
    pub initrd: Option<ImageSource>,
    /// Tie mtime to the host clock instead of the instruction count.
    pub realtime: bool,
    pub console: ConsoleMode,
    /// Compile decoded blocks to host code where the host allows
    /// (`crate::engine::jit`); false interprets them. Either way the machine
    /// behaves the same.
    pub jit: bool,
    /// The extensions the hart implements (`--isa`; default: all of
    /// hemu's). The device tree's ISA string and misa follow it.
    pub isa: Isa,
}

impl Default for MachineConfig {
    fn default() -> Self {
        MachineConfig {
            ram_size: DEFAULT_RAM_SIZE,
            bios: None,
            kernel: None,
            bootargs: None,
            initrd: None,
            realtime: false,
            console: ConsoleMode::Capture,
            jit: true,
            isa: Isa::ALL,
        }
    }
}

/// Why a machine could not be built.
#[derive(Debug, thiserror::Error)]
pub enum MachineError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("invalid memory size {size} bytes: {reason}")]
    RamSize { size: u64, reason: &'static str },
    #[error("cannot reserve {size} bytes of host memory for guest RAM")]
    OutOfMemory { size: u64 },
    #[error("nothing to run: give a firmware (bios) or a kernel image")]
    NoImage,
    #[error("an initrd needs a kernel to go with it (--kernel)")]
    InitrdWithoutKernel,
    #[error("{a} ({a_start:#x}..{a_end:#x}) and {b} ({b_start:#x}..{b_end:#x}) overlap in memory")]
    Overlap { a: String, a_start: u64, a_end: u64, b: String, b_start: u64, b_end: u64 },
    #[error("no room in RAM for the {size}-byte device tree next to the loaded images")]
    NoRoomForDtb { size: u64 },
    #[error("cannot build the device tree: {0}")]
    DeviceTree(String),
}

/// Why [`Machine::run`] returned.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RunOutcome {
    /// The guest powered off (test finisher or HTIF) with this status.
    Exit { code: u64, source: ExitSource },
    /// The instruction budget given to `run` is used up.
    InstructionLimit,
    /// The hart waits in WFI and nothing can ever wake it: no timer is
    /// armed, no interrupt is pending, and no input can arrive.
    Idle,
    /// The hart neither executed anything nor waits: it cannot make
    /// progress (a hart-side fault; reported instead of spinning).
    Stalled,
    /// A probe stopped the run before its event (see
    /// [`Machine::set_probes`]).
    Probe(ProbeHit),
    /// The hart traps on its own trap vector, with nothing retired in
    /// between (see [`crate::hart::trap_loop`]); it would spin forever.
    TrapLoop(TrapLoop),
}

/// Everything of a machine at one step except RAM (see
/// [`Machine::save_state`]).
#[derive(Clone)]
pub struct MachineState {
    hart: HartState,
    devices: DeviceState,
    retired: u64,
    htif_polls: u64,
    exit: Option<(u64, ExitSource)>,
    resets: u64,
}

/// A QEMU-`virt`-compatible computer with one hart, and the engine that
/// runs it.
pub struct Machine {
    pub hart: Hart,
    engine: Engine,
    images: Vec<LoadedImage>,
    entry: u64,
    /// The kernel's entry when a firmware runs first (fw_dynamic's
    /// next_addr), else 0.
    next_addr: u64,
    dtb: Vec<u8>,
    dtb_addr: u64,
    /// Instructions executed since power-on (drives deterministic time).
    retired: u64,
    realtime: bool,
    console: ConsoleMode,
    input: Option<Receiver<u8>>,
    exit: Option<(u64, ExitSource)>,
    resets: u64,
    /// `retired / CHUNK` when HTIF was last polled.
    htif_polls: u64,
    /// mtime at which `run` returns after a WFI wait (see `set_time_limit`).
    time_limit: Option<u64>,
}

impl Machine {
    /// Build the machine: allocate RAM, load the images, generate the
    /// device tree, program the boot ROM, and reset the hart at 0x1000.
    pub fn new(cfg: MachineConfig) -> Result<Machine, MachineError> {
        let size = cfg.ram_size;
        let bad = |reason| Err(MachineError::RamSize { size, reason });
        if size == 0 {
            return bad("it must not be zero");
        }
        if !size.is_multiple_of(4096) {
            return bad("it must be a multiple of 4 KiB");
        }
        if size > MAX_RAM_SIZE {
            return bad("it exceeds the 64 GiB limit");
        }
        let window = RamWindow { base: RAM_BASE, size };

        let mut images = Vec::new();
        if let Some(src) = &cfg.bios {
            images.push(loader::load(src, RAM_BASE, window)?);
        }
        if let Some(src) = &cfg.kernel {
            let kernel = loader::load(src, KERNEL_FLAT_ADDR, window)?;
            for other in &images {
                check_disjoint(other, &kernel)?;
            }
            images.push(kernel);
        }
        let entry = images.first().map(|i| i.entry).ok_or(MachineError::NoImage)?;
        let next_addr = match (&cfg.bios, images.get(1)) {
            (Some(_), Some(kernel)) => kernel.entry,
            _ => 0,
        };
        let mut initrd_span = None;
        if let Some(src) = &cfg.initrd {
            let kernel = cfg.kernel.as_ref().and(images.last()).ok_or(MachineError::InitrdWithoutKernel)?;
            let initrd = initrd::load(src, kernel, window)?;
            for other in &images {
                check_disjoint(other, &initrd)?;
            }
            initrd_span = Some(initrd.span());
            images.push(initrd);
        }

        let ram = Ram::try_new(RAM_BASE, size).ok_or(MachineError::OutOfMemory { size })?;
        let clock = if cfg.realtime { Clock::Host { start: Instant::now() } } else { Clock::Instructions };
        let mut bus = Bus::with_ram(ram, clock);
        bus.htif = images.iter().find_map(|i| i.htif);

        // The hart's ISA string goes into the device tree, so make the hart
        // first (on the bus, which it owns).
        let mut hart = Hart::new(bus, ROM_BASE);
        hart.set_isa(cfg.isa);
        let dt = DeviceTreeConfig {
            ram_base: RAM_BASE,
            ram_size: size,
            isa: hart.isa_string(),
            mmu_type: cfg.isa.mmu_type().dt_name().to_string(),
            bootargs: cfg.bootargs.clone(),
            firmware: cfg.bios.as_ref().and(images.first()).map(|bios| pmp_region(bios.span())),
            initrd: initrd_span,
        };
        let dtb = fdt::build(&dt).map_err(|e| MachineError::DeviceTree(e.to_string()))?;
        let dtb_addr = place_dtb(&images, size, dtb.len() as u64)?;

        hart.bus.set_retired(0);
        let mut m = Machine {
            hart,
            engine: Engine::new(cfg.jit),
            images,
            entry,
            next_addr,
            dtb,
            dtb_addr,
            retired: 0,
            realtime: cfg.realtime,
            console: cfg.console,
            input: None,
            exit: None,
            resets: 0,
            htif_polls: 0,
            time_limit: None,
        };
        m.load_memory();
        Ok(m)
    }

    /// Copy the images and the DTB into RAM and program the boot ROM.
    fn load_memory(&mut self) {
        let bus = &mut self.hart.bus;
        for img in &self.images {
            // Checked against this RAM's window when loaded, so this fits.
            img.write_to(&mut bus.ram);
        }
        bus.ram.load_bytes(self.dtb_addr, &self.dtb);
        bus.rom = BootRom::new(BootInfo { entry: self.entry, dtb_addr: self.dtb_addr, next_addr: self.next_addr });
    }

    /// System reset (the guest wrote the finisher's reset code): devices
    /// and the hart go back to their reset state and the images are copied
    /// in again; time and the console keep running.
    pub fn reset(&mut self) {
        self.hart.reset(ROM_BASE);
        // No block or compiled code is kept (as in a fresh machine).
        self.engine.reset();
        self.hart.bus.reset_devices();
        self.load_memory();
        self.exit = None;
        self.resets += 1;
    }

    /// Feed UART input from a channel (e.g. [`crate::bus::uart::spawn_stdin_reader`]).
    /// When the sender goes away, the machine knows no more input can come.
    pub fn attach_input(&mut self, rx: Receiver<u8>) {
        self.input = Some(rx);
    }

    /// Queue bytes on the UART's receive line, as if typed.
    pub fn push_input(&mut self, bytes: &[u8]) {
        self.hart.bus.push_input(bytes);
    }

    /// Console output captured and not yet taken (UART and HTIF).
    pub fn output(&self) -> &[u8] {
        self.hart.bus.output()
    }

    /// Take the captured console output.
    pub fn take_output(&mut self) -> Vec<u8> {
        self.hart.bus.take_output()
    }

    /// The captured console output as text (lossy UTF-8), for tests.
    pub fn output_string(&self) -> String {
        String::from_utf8_lossy(self.output()).into_owned()
    }

    pub fn dtb(&self) -> &[u8] {
        &self.dtb
    }
    pub fn dtb_addr(&self) -> u64 {
        self.dtb_addr
    }
    /// Where the boot ROM jumps: the firmware's entry (or the kernel's).
    pub fn entry(&self) -> u64 {
        self.entry
    }
    /// The loaded images: the bios first, then the kernel, then the initrd.
    pub fn images(&self) -> &[LoadedImage] {
        &self.images
    }
    /// Does mtime follow the host clock (`MachineConfig::realtime`)?
    pub fn realtime(&self) -> bool {
        self.realtime
    }
    /// Instructions executed since power-on.
    pub fn retired(&self) -> u64 {
        self.retired
    }
    /// The step number: instructions executed (trapped ones too) and
    /// interrupts taken since power-on. Every step changes the hart's
    /// state, so a position names one state of a run; the debugger counts
    /// in positions and goes back to them.
    pub fn position(&self) -> u64 {
        self.retired + self.hart.interrupts_taken()
    }
    /// The engine that runs the hart (whether it compiles blocks, say).
    pub fn engine(&self) -> &Engine {
        &self.engine
    }
    pub fn engine_mut(&mut self) -> &mut Engine {
        &mut self.engine
    }
    /// How many system resets the guest requested so far.
    pub fn resets(&self) -> u64 {
        self.resets
    }
    /// The exit the guest requested, once it has.
    pub fn exit(&self) -> Option<(u64, ExitSource)> {
        self.exit
    }

    /// Stop [`Machine::run`] before the probed events (breakpoints,
    /// transitions, CSR instructions): it then returns
    /// [`RunOutcome::Probe`] with the hart right before the event. An
    /// empty set restores free running.
    pub fn set_probes(&mut self, probes: Probes) {
        self.engine.set_probes(probes);
    }

    /// The machine's state except RAM: the hart (with its translation
    /// caches), the devices, the counters. With RAM's pages (which the
    /// debugger's history keeps) it is the whole machine at this step.
    pub fn save_state(&self) -> MachineState {
        MachineState {
            hart: self.hart.save(),
            devices: self.hart.bus.save_devices(),
            retired: self.retired,
            htif_polls: self.htif_polls,
            exit: self.exit,
            resets: self.resets,
        }
    }

    /// Put back a state from `save_state` (RAM is the caller's: restore
    /// its pages too). Console output not yet taken stays.
    pub fn restore_state(&mut self, s: &MachineState) {
        self.hart.restore(&s.hart);
        self.hart.bus.restore_devices(&s.devices);
        self.retired = s.retired;
        self.htif_polls = s.htif_polls;
        self.hart.bus.set_retired(self.retired);
        self.exit = s.exit;
        self.resets = s.resets;
    }

    /// Make `run` return (as when its instruction budget runs out) once a
    /// WFI wait has moved mtime to `limit` or past it: a debugger pacing
    /// the deterministic clock to the host's uses it, so a run never gets
    /// far ahead of the host. Where runs end changes nothing the guest sees.
    pub fn set_time_limit(&mut self, limit: Option<u64>) {
        self.time_limit = limit;
    }

    /// Run until the guest exits, `max_instructions` have executed (in this
    /// call), or the hart can never wake again (or, with a time limit, a
    /// WFI wait reached it).
    pub fn run(&mut self, max_instructions: Option<u64>) -> RunOutcome {
        let mut executed = 0u64;
        let outcome = loop {
            if let Some((code, source)) = self.exit {
                break RunOutcome::Exit { code, source };
            }
            let remaining = max_instructions.map(|m| m.saturating_sub(executed));
            if remaining == Some(0) {
                break RunOutcome::InstructionLimit;
            }
            self.sync_lines();
            // End the chunk at the next multiple of CHUNK (see `CHUNK`).
            let mut budget = CHUNK - self.retired % CHUNK;
            if let Some(r) = remaining {
                budget = budget.min(r);
            }
            // End the chunk exactly where the next timer fires.
            if let Some(k) = self.instructions_until_timer() {
                budget = budget.min(k);
            }
            let n = self.engine.run(&mut self.hart, budget);
            executed += n;
            self.account(n);
            self.between_chunks();
            let hit = self.engine.take_hit();
            // Before a probe's stop: the loop may have been found by a
            // step taken since the last run (a tracer's, a debugger's),
            // and the probe then stops at once, before its next trap.
            if let Some(found) = self.hart.take_trap_loop() {
                break RunOutcome::TrapLoop(found);
            }
            if let Some(hit) = hit {
                break RunOutcome::Probe(hit);
            }
            if n == 0 && self.exit.is_none() {
                if !self.hart.waiting {
                    break RunOutcome::Stalled;
                }
                if let Some(outcome) = self.idle() {
                    break outcome;
                }
                if self.time_limit.is_some_and(|t| self.hart.bus.mtime() >= t) {
                    break RunOutcome::InstructionLimit;
                }
            }
        };
        self.flush_console();
        outcome
    }

    /// One step as `run` takes it: execute one instruction (or take one
    /// interrupt), and while the hart waits in WFI let time pass as `run`
    /// does (to the next timer event, or the host's clock with
    /// `--realtime`, or until input). Returns the event, and the outcome
    /// if the run cannot go on (the hart idles forever). The traces step
    /// with this, so a traced run sees what an untraced one does.
    pub fn step_run(&mut self) -> (StepEvent, Option<RunOutcome>) {
        self.sync_lines();
        let event = self.engine.step(&mut self.hart);
        let mut outcome = None;
        match event {
            StepEvent::Waiting => outcome = self.idle(),
            StepEvent::Interrupt { .. } => {}
            _ => self.account(1),
        }
        self.between_chunks();
        if let Some(found) = self.hart.take_trap_loop() {
            outcome = Some(RunOutcome::TrapLoop(found));
        }
        if let Some((code, source)) = self.exit {
            outcome = Some(RunOutcome::Exit { code, source });
        }
        (event, outcome)
    }

    /// Execute one instruction (or take one interrupt) and bring the
    /// devices up to date. If the hart waits in WFI, time moves to the next
    /// timer event (deterministic clock), so stepping again can wake it.
    pub fn step(&mut self) -> StepEvent {
        self.sync_lines();
        let event = self.engine.step(&mut self.hart);
        match event {
            StepEvent::Waiting => {
                if !self.realtime {
                    if let Some(ticks) = self.ticks_until_next_event() {
                        self.hart.bus.advance_time(ticks);
                    }
                }
            }
            // An interrupt is taken before an instruction executes.
            StepEvent::Interrupt { .. } => {}
            _ => self.account(1),
        }
        self.between_chunks();
        self.sync_lines();
        self.flush_console();
        event
    }

    /// Count `n` executed instructions (advances deterministic time).
    fn account(&mut self, n: u64) {
        self.retired += n;
        self.hart.bus.set_retired(self.retired);
    }

    /// Device work between chunks: HTIF, exit/reset requests, input, output.
    fn between_chunks(&mut self) {
        // At each multiple of CHUNK, and while the hart waits in WFI: the
        // same instructions in every mode of running (see `CHUNK`).
        if self.retired / CHUNK != self.htif_polls || self.hart.waiting {
            self.htif_polls = self.retired / CHUNK;
            self.hart.bus.poll_htif();
        }
        match self.hart.bus.take_exit_request() {
            Some(MachineExit::Reset) => self.reset(),
            Some(MachineExit::Exit { code, source }) => self.exit = Some((code, source)),
            None => {}
        }
        self.poll_input();
        if self.console == ConsoleMode::Stdout && !self.hart.bus.output().is_empty() {
            self.flush_console();
        }
    }

    /// Hand the device lines to the hart; it re-evaluates its Sstc
    /// comparators (STIP, VSTIP) against the current time at the same time.
    fn sync_lines(&mut self) {
        let lines = self.hart.bus.irq_lines();
        self.hart.set_irq_lines(lines);
    }

    /// Every timer deadline, in mtime ticks: the CLINT's mtimecmp and the
    /// enabled Sstc comparators (vstimecmp shifted by htimedelta).
    fn timer_deadlines(&self) -> [Option<u64>; 3] {
        let csr = &self.hart.csr;
        let stce = csr.menvcfg & ENVCFG_STCE != 0;
        let vstce = stce && csr.henvcfg & ENVCFG_STCE != 0;
        [
            Some(self.hart.bus.timer_deadline()),
            stce.then_some(csr.stimecmp),
            vstce.then(|| csr.vstimecmp.wrapping_sub(csr.htimedelta)),
        ]
    }

    /// Instructions until the next timer deadline still in the future
    /// (deterministic clock only).
    fn instructions_until_timer(&self) -> Option<u64> {
        let bus = &self.hart.bus;
        self.timer_deadlines()
            .into_iter()
            .flatten()
            .filter_map(|d| bus.instructions_until(d))
            .filter(|&k| k > 0)
            .min()
    }

    /// Ticks until the next timer deadline still in the future.
    fn ticks_until_next_event(&self) -> Option<u64> {
        let now = self.hart.bus.mtime();
        self.timer_deadlines()
            .into_iter()
            .flatten()
            .filter_map(|d| ticks_until(now, d))
            .filter(|&t| t > 0)
            .min()
    }

    /// The hart waits in WFI and nothing woke it. Move time to the next
    /// event, or wait for input; `Some(outcome)` if nothing can ever wake it.
    fn idle(&mut self) -> Option<RunOutcome> {
        let next = self.ticks_until_next_event();
        if !self.realtime {
            if let Some(ticks) = next {
                self.hart.bus.advance_time(ticks);
                return None;
            }
            return self.wait_for_input(None);
        }
        match next {
            Some(ticks) => {
                let wait = Duration::from_nanos(ticks.saturating_mul(1_000_000_000 / TIMEBASE_HZ))
                    .min(MAX_IDLE_SLEEP);
                match self.input {
                    Some(_) => self.wait_for_input(Some(wait)),
                    None => {
                        std::thread::sleep(wait);
                        None
                    }
                }
            }
            None => self.wait_for_input(Some(MAX_IDLE_SLEEP)),
        }
    }

    /// Block until input arrives (at most `limit`, if given). Returns
    /// `Some(Idle)` if no input can ever arrive.
    fn wait_for_input(&mut self, limit: Option<Duration>) -> Option<RunOutcome> {
        self.flush_console();
        let Some(rx) = self.input.as_ref() else {
            return Some(RunOutcome::Idle);
        };
        let got = match limit {
            None => rx.recv().ok(),
            Some(d) => match rx.recv_timeout(d) {
                Ok(b) => Some(b),
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => return None,
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => None,
            },
        };
        match got {
            Some(b) => {
                self.hart.bus.push_input(&[b]);
                self.poll_input();
                None
            }
            None => {
                self.input = None;
                // Input closed: only a timer could still wake the hart.
                if self.ticks_until_next_event().is_some() {
                    None
                } else {
                    Some(RunOutcome::Idle)
                }
            }
        }
    }

    /// Move whatever the host sent into the UART (bounded).
    fn poll_input(&mut self) {
        let Some(rx) = &self.input else { return };
        let mut buf = Vec::new();
        let mut closed = false;
        while self.hart.bus.input_len() + buf.len() < INPUT_QUEUE_LIMIT {
            match rx.try_recv() {
                Ok(b) => buf.push(b),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    closed = true;
                    break;
                }
            }
        }
        if !buf.is_empty() {
            self.hart.bus.push_input(&buf);
        }
        if closed {
            self.input = None;
        }
    }

    /// In stdout mode, write the captured output to the host's stdout.
    fn flush_console(&mut self) {
        if self.console != ConsoleMode::Stdout {
            return;
        }
        let out = self.hart.bus.take_output();
        if out.is_empty() {
            return;
        }
        let mut stdout = std::io::stdout().lock();
        // A closed stdout (e.g. piped into `head`) must not stop the guest.
        let _ = stdout.write_all(&out);
        let _ = stdout.flush();
    }
}

/// The naturally aligned power-of-two region covering `[lo, hi)`: what an
/// M-mode firmware protects with one NAPOT PMP entry (hemu-sbi protects
/// exactly this for its image; OpenSBI a region inside it).
fn pmp_region((lo, hi): (u64, u64)) -> (u64, u64) {
    let mut size = hi.saturating_sub(lo).max(4096).next_power_of_two();
    while (lo & !(size - 1)) + size < hi && size < 1 << 62 {
        size *= 2;
    }
    (lo & !(size - 1), size)
}

/// Two images must not share a byte.
fn check_disjoint(a: &LoadedImage, b: &LoadedImage) -> Result<(), MachineError> {
    for sa in &a.segments {
        for sb in &b.segments {
            if sa.paddr < sb.end() && sb.paddr < sa.end() {
                return Err(MachineError::Overlap {
                    a: a.name.clone(),
                    a_start: sa.paddr,
                    a_end: sa.end(),
                    b: b.name.clone(),
                    b_start: sb.paddr,
                    b_end: sb.end(),
                });
            }
        }
    }
    Ok(())
}

/// Choose the DTB's address: like QEMU, 2 MiB-aligned just below the end of
/// RAM (capped at 3 GiB); failing that (an image is there), 8-byte-aligned
/// at the very end, right after the highest image, or right below an image.
fn place_dtb(images: &[LoadedImage], ram_size: u64, len: u64) -> Result<u64, MachineError> {
    let ram_end = RAM_BASE + ram_size;
    let top = ram_end.min(DTB_LIMIT.max(RAM_BASE + len));
    let highest = images.iter().map(|i| i.span().1).max().unwrap_or(RAM_BASE);
    let fixed = [
        top.checked_sub(len).map(|a| a & !(DTB_ALIGN - 1)),
        top.checked_sub(len).map(|a| a & !7),
        highest.checked_add(7).map(|a| a & !7),
    ];
    let below_images = images
        .iter()
        .flat_map(|i| i.segments.iter())
        .map(|s| s.paddr.checked_sub(len).map(|a| a & !7));
    fixed
        .into_iter()
        .chain(below_images)
        .flatten()
        .find(|&a| a >= RAM_BASE && a + len <= ram_end && !images.iter().any(|i| i.overlaps(a, a + len)))
        .ok_or(MachineError::NoRoomForDtb { size: len })
}
