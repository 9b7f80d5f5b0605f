//! hemu's command line. stdout carries only what the machine prints; hemu's
//! own messages go to stderr.

use clap::{Parser, Subcommand};
use hemu::debug::{CauseSel, TraceFilter, TraceLevel, Tracer};
use hemu::hart::Mode;
use hemu::isa::{Isa, MmuType};
use hemu::loader::ImageSource;
use hemu::machine::{ConsoleMode, Machine, MachineConfig, RunOutcome};
use std::path::PathBuf;
use std::process::ExitCode;

/// hemu: a RISC-V RV64GC + H-extension emulator for learning, building and
/// debugging hypervisors. With no command it runs the embedded images:
/// firmware -> hypervisor -> guest.
#[derive(Parser)]
#[command(name = "hemu", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Boot a machine (QEMU `virt` layout) and run it until it powers off.
    Run(RunArgs),
    /// Start the machine stopped at its first instruction and give a
    /// debugger prompt (stepi, next-transition, until, break, watch, csr,
    /// translate, reverse-stepi, ...; `help` lists them). Commands come
    /// from --script, -ex and standard input (a terminal gets line
    /// editing, history and tab completion).
    Debug(DebugArgs),
    /// Check the architectural steps a lab teaches on a hypervisor (yours, or the embedded
    /// finished one), one line each: `ok ...` or `FAIL ...: why`. Exit status 0 when all
    /// pass, 1 otherwise.
    Grade {
        /// The lab: lab0, lab1, lab2, lab3, lab4 or lab5.
        lab: hemu::grade::Lab,
        /// The hypervisor ELF to grade (default: the embedded finished one). It runs over
        /// the embedded firmware, with the guest it embeds.
        #[arg(long, value_name = "ELF")]
        hypervisor: Option<PathBuf>,
    },
    /// Write the embedded firmware, hypervisor and guest images as ELF files.
    Images {
        /// Directory to write into (created if missing).
        #[arg(long)]
        out: PathBuf,
    },
    /// Measure emulation speed (MIPS) on a CPU-bound bare-metal workload.
    Bench {
        /// Run each workload until at least this many instructions retired
        /// (and at least three times).
        #[arg(long, default_value_t = 100_000_000)]
        instructions: u64,
        /// Interpret every block instead of compiling it to host code.
        #[arg(long)]
        no_jit: bool,
        /// Also run the workloads on qemu-system-riscv64 (-M spike) and
        /// print its figures and the ratios.
        #[arg(long)]
        compare_qemu: bool,
        /// The directory holding the Linux kernel `Image` to boot (default:
        /// the one tests/linux/build.sh cached for this source tree).
        #[arg(long, value_name = "DIR")]
        linux: Option<PathBuf>,
        /// Run only the workloads whose name contains TEXT (any case; the
        /// M-mode mix too, which the ratios are against), e.g. "large" or
        /// "linux"; start-up and peak RSS are then not measured.
        #[arg(long, value_name = "TEXT")]
        only: Option<String>,
    },
}

#[derive(clap::Args, Default)]
struct RunArgs {
    /// M-mode image at 0x80000000 (ELF or flat binary). Alone, it runs alone
    /// (as QEMU's -bios): this is how a bare test ELF runs.
    #[arg(long)]
    bios: Option<PathBuf>,
    /// Next-stage image: its ELF addresses, or 0x80200000 for a flat binary.
    /// Alone, it runs over the embedded firmware.
    #[arg(long)]
    kernel: Option<PathBuf>,
    /// Initial RAM disk: placed in RAM above the kernel (as QEMU places
    /// it) and named in the device tree's /chosen linux,initrd-start/end.
    #[arg(long, value_name = "FILE", requires = "kernel")]
    initrd: Option<PathBuf>,
    /// RAM size: bytes, or with a K/M/G suffix (default 512M).
    #[arg(long, default_value = "512M", value_parser = parse_size)]
    memory: u64,
    /// Stop after this many instructions.
    #[arg(long)]
    max_instructions: Option<u64>,
    /// Kernel command line, passed in the device tree's /chosen/bootargs.
    #[arg(long)]
    append: Option<String>,
    /// Tie mtime to the host clock instead of the instruction count
    /// (output timing then varies from run to run).
    #[arg(long)]
    realtime: bool,
    /// Trace to stderr. `transitions`: one block per trap, interrupt and
    /// xRET: `[step N minstret M] MODE PC <symbol> INSTRUCTION`, then
    /// `FROM -> TO pc NEW`, `why:` (the bits that decided the route, read
    /// before the step) and each CSR that changed, `old -> new (FIELD
    /// old->new)`. `instructions`: every instruction too, one line each
    /// with the registers and CSRs it changed and the memory it accessed.
    /// `commits`: Spike's --log-commits layout, privilege digit with V at
    /// bit 2 (VS = 5, VU = 4).
    #[arg(long, value_enum)]
    trace: Option<TraceLevel>,
    /// Only trace events that leave or enter these modes (comma-separated:
    /// M, HS, U, VS, VU).
    #[arg(long, value_delimiter = ',', requires = "trace")]
    trace_modes: Vec<Mode>,
    /// Only trace traps with these exception codes and interrupts with
    /// these codes (irqN), each followed by its handling up to the return
    /// (comma-separated, e.g. 2,10,21,irq6).
    #[arg(long, value_delimiter = ',', requires = "trace")]
    trace_causes: Vec<CauseSel>,
    /// Stop tracing after this many lines (the run goes on).
    #[arg(long, requires = "trace")]
    trace_limit: Option<u64>,
    /// Trace format: `text` (blocks, see the README's legend) or `json`
    /// (one object per record per line; docs/trace-json.md).
    /// JSON applies to `--trace transitions` and `instructions`.
    #[arg(long, requires = "trace", value_parser = ["text", "json"], default_value = "text")]
    format: String,
    /// Write the trace to FILE instead of stderr.
    #[arg(long, requires = "trace", value_name = "FILE")]
    trace_out: Option<PathBuf>,
    /// Interpret every block instead of compiling it to host code (the
    /// machine behaves the same; only slower).
    #[arg(long)]
    no_jit: bool,
    /// The hart's ISA, to match a board: an ISA string such as
    /// rv64gch_zba_zbb. It must contain rv64imafdch (g = imafd); the
    /// optional extensions it names are on, the others off (b = zba_zbb_zbs).
    /// Default: everything hemu implements (the device tree shows it).
    #[arg(long, value_name = "ISA", value_parser = parse_isa)]
    isa: Option<Isa>,
    /// The widest translation mode: sv39, sv48 or sv57 (default sv57, with
    /// its Sv57x4 G-stage; QEMU's `-cpu rv64,sv57=off` is `--mmu sv48`).
    /// satp, vsatp and hgatp refuse the wider modes, and the device tree's
    /// mmu-type names it.
    #[arg(long, value_name = "MODE", value_parser = MmuType::parse)]
    mmu: Option<MmuType>,
    /// Serve GDB's remote protocol on [HOST:]PORT (host 127.0.0.1 if none;
    /// port 0: any free one, printed on stderr). The machine runs until GDB
    /// interrupts it (see --gdb-wait). `stdio`: on stdin/stdout, for GDB's
    /// `target remote | hemu run --gdb stdio` (waits for GDB; the guest's
    /// console goes to stderr; the run ends when GDB goes away).
    #[arg(long, value_name = "[HOST:]PORT|stdio", conflicts_with_all = ["trace", "max_instructions"])]
    gdb: Option<String>,
    /// With --gdb: stay at the first instruction until GDB attaches (as
    /// QEMU's -s -S).
    #[arg(long, requires = "gdb")]
    gdb_wait: bool,
}

#[derive(clap::Args)]
struct DebugArgs {
    #[command(flatten)]
    run: RunArgs,
    /// Run the commands in FILE first (one per line; # starts a comment).
    #[arg(long, value_name = "FILE")]
    script: Option<PathBuf>,
    /// Run CMD (repeatable, in order, after --script), as gdb's -ex.
    #[arg(long = "ex", value_name = "CMD")]
    ex: Vec<String>,
    /// Quit after --script and -ex instead of reading standard input.
    #[arg(long)]
    batch: bool,
    /// Add the symbols of another ELF file: FILE or FILE@OFFSET (the
    /// embedded guest's are added on the default boot).
    #[arg(long, value_name = "FILE[@OFFSET]")]
    symbols: Vec<String>,
    /// Memory the snapshots for going back may take (K/M/G suffix).
    #[arg(long, default_value = "256M", value_parser = parse_size)]
    history: u64,
}

/// `--isa`: an ISA string (see `Isa::parse`).
fn parse_isa(s: &str) -> Result<Isa, String> {
    Isa::parse(s)
}

fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (num, mult) = match s.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => {
            let m = match c.to_ascii_uppercase() {
                'K' => 1u64 << 10,
                'M' => 1 << 20,
                'G' => 1 << 30,
                _ => return Err(format!("unknown size suffix '{c}' (use K, M or G)")),
            };
            (&s[..i], m)
        }
        _ => (s, 1),
    };
    let n = if let Some(hex) = num.strip_prefix("0x") {
        u64::from_str_radix(hex, 16)
    } else {
        num.parse::<u64>()
    }
    .map_err(|_| format!("'{s}' is not a size"))?;
    n.checked_mul(mult).ok_or_else(|| format!("'{s}' is too large"))
}

fn main() -> ExitCode {
    // gdb spells it -ex; clap's short options are one letter.
    let argv = std::env::args_os().map(|a| if a == "-ex" { "--ex".into() } else { a });
    let cli = Cli::parse_from(argv);
    let result = match cli.command {
        None => run(RunArgs { memory: 512 << 20, ..Default::default() }),
        Some(Command::Run(args)) => run(args),
        Some(Command::Debug(args)) => debug(args),
        Some(Command::Grade { lab, hypervisor }) => grade(lab, hypervisor),
        Some(Command::Images { out }) => images(&out),
        Some(Command::Bench { instructions, no_jit, compare_qemu, linux, only }) => {
            bench(hemu::bench::Options { instructions, jit: !no_jit, compare_qemu, linux, only })
        }
    };
    match result {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("hemu: {msg}");
            ExitCode::from(2)
        }
    }
}

/// The machine `run` and `debug` build from the run options.
fn machine_config(args: &RunArgs, console: ConsoleMode) -> MachineConfig {
    let firmware = || ImageSource::bytes("embedded firmware", hemu::images::FIRMWARE);
    let (bios, kernel) = match (&args.bios, &args.kernel) {
        (None, None) => (firmware(), Some(ImageSource::bytes("embedded hypervisor", hemu::images::HYPERVISOR))),
        (Some(b), k) => (ImageSource::file(b), k.as_ref().map(ImageSource::file)),
        (None, Some(k)) => (firmware(), Some(ImageSource::file(k))),
    };
    MachineConfig {
        ram_size: args.memory,
        bios: Some(bios),
        kernel,
        bootargs: args.append.clone(),
        initrd: args.initrd.as_ref().map(ImageSource::file),
        realtime: args.realtime,
        console,
        jit: !args.no_jit,
        isa: args.mmu.map_or(args.isa.unwrap_or_default(), |m| args.isa.unwrap_or_default().with_mmu_type(m)),
    }
}

/// A debugging session over the machine the run options build, with the
/// symbols of its images (and the embedded guest's on the default boot).
fn session(run: &RunArgs, symbols: &[String], history: u64) -> Result<hemu::debug::session::Debugger, String> {
    use hemu::debug::{session::Debugger, symbols::Symbols};
    // --realtime in a session paces the deterministic clock to the host's
    // (`Debugger::set_paced`), so that going back stays exact.
    let cfg = MachineConfig { realtime: false, ..machine_config(run, ConsoleMode::Capture) };
    let m = Machine::new(cfg).map_err(|e| e.to_string())?;
    let mut syms = Symbols::from_machine(&m);
    if run.bios.is_none() && run.kernel.is_none() {
        syms.add_elf(hemu::images::GUEST, 0).map_err(|e| format!("embedded guest: {e}"))?;
    }
    for spec in symbols {
        let (file, offset) = match spec.rsplit_once('@') {
            Some((f, o)) => (f, hemu::debug::command::parse_number(o).map_err(|e| format!("--symbols {spec}: {e}"))?),
            None => (spec.as_str(), 0),
        };
        let bytes = std::fs::read(file).map_err(|e| format!("--symbols {file}: {e}"))?;
        syms.add_elf(&bytes, offset).map_err(|e| format!("--symbols {file}: {e}"))?;
    }
    let mut d = Debugger::with_symbols(m, syms);
    d.set_history_budget(history);
    d.set_paced(run.realtime);
    Ok(d)
}

fn debug(args: DebugArgs) -> Result<ExitCode, String> {
    use hemu::debug::repl;
    if args.run.gdb.is_some() {
        return Err("--gdb belongs to `hemu run`".into());
    }
    let mut d = session(&args.run, &args.symbols, args.history)?;
    let mut commands = Vec::new();
    if let Some(path) = &args.script {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        commands.extend(text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(String::from));
    }
    commands.extend(args.ex.iter().cloned());
    let input = repl::Input { commands, stdin: !args.batch };
    let status = repl::run_prompt(&mut d, input, &mut std::io::stdout());
    Ok(ExitCode::from(status as u8))
}

fn run(args: RunArgs) -> Result<ExitCode, String> {
    if let Some(listen) = &args.gdb {
        return gdb(&args, listen);
    }
    let cfg = machine_config(&args, ConsoleMode::Stdout);
    let mut m = Machine::new(cfg).map_err(|e| e.to_string())?;
    for warning in m.images().iter().flat_map(|i| &i.warnings) {
        eprintln!("hemu: warning: {warning}");
    }
    m.attach_input(hemu::bus::uart::spawn_stdin_reader());
    let outcome = match args.trace {
        None => m.run(args.max_instructions),
        Some(level) => {
            let out: Box<dyn std::io::Write + Send> = match &args.trace_out {
                Some(path) => Box::new(std::io::BufWriter::new(
                    std::fs::File::create(path).map_err(|e| format!("--trace-out {}: {e}", path.display()))?,
                )),
                None => Box::new(std::io::BufWriter::new(std::io::stderr())),
            };
            let mut t = Tracer::new(level, out);
            t.json = args.format == "json";
            if t.json && level == TraceLevel::Commits {
                return Err("--format json applies to --trace transitions and instructions".into());
            }
            t.filter = TraceFilter { modes: args.trace_modes.clone(), causes: args.trace_causes.clone(), limit: args.trace_limit };
            let mut syms = hemu::debug::symbols::Symbols::from_machine(&m);
            if args.bios.is_none() && args.kernel.is_none() {
                let _ = syms.add_elf(hemu::images::GUEST, 0);
            }
            hemu::debug::trace::run(&mut m, args.max_instructions, &mut t, &syms)
        }
    };
    Ok(report(outcome, args.max_instructions))
}

/// `hemu run --gdb`: serve GDB until the machine powers off (its exit
/// status) or GDB kills it (0, as QEMU).
fn gdb(args: &RunArgs, listen: &str) -> Result<ExitCode, String> {
    use hemu::debug::gdb::{serve, Ended};
    let d = session(args, &[], hemu::debug::snapshot::DEFAULT_BUDGET)?;
    // The guest's UART reads hemu's stdin, as with `hemu run`; the session
    // logs what it types, so going back replays it.
    // With --gdb stdio, stdin is GDB's: the guest's UART gets nothing from it.
    let input = (listen != "stdio").then(hemu::bus::uart::spawn_stdin_reader);
    match serve(d, listen, args.gdb_wait, input)? {
        Ended::Exited(code) => Ok(ExitCode::from(code.min(255) as u8)),
        Ended::Killed => {
            eprintln!("hemu: killed by gdb");
            Ok(ExitCode::SUCCESS)
        }
        Ended::Detached => {
            eprintln!("hemu: gdb went away; stopping (--gdb stdio)");
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The exit status when the hart traps on its own trap vector.
const TRAP_LOOP_STATUS: u8 = 5;

fn report(outcome: RunOutcome, max: Option<u64>) -> ExitCode {
    match outcome {
        RunOutcome::Exit { code, .. } => ExitCode::from(code.min(255) as u8),
        RunOutcome::InstructionLimit => {
            eprintln!("hemu: stopped after {} instructions (--max-instructions)", max.unwrap_or(0));
            ExitCode::from(3)
        }
        RunOutcome::Idle => {
            eprintln!("hemu: the hart waits in WFI and nothing can wake it; stopping");
            ExitCode::from(4)
        }
        RunOutcome::Stalled => {
            eprintln!("hemu: the hart cannot make progress; stopping");
            ExitCode::from(4)
        }
        RunOutcome::TrapLoop(found) => {
            eprintln!("hemu: {found}; stopping");
            ExitCode::from(TRAP_LOOP_STATUS)
        }
        // `hemu run` sets no probes; only a debugger sees this.
        RunOutcome::Probe(hit) => {
            eprintln!("hemu: stopped by a debugger probe ({hit:?})");
            ExitCode::from(4)
        }
    }
}

fn grade(lab: hemu::grade::Lab, hypervisor: Option<PathBuf>) -> Result<ExitCode, String> {
    use std::io::Write;
    let report = hemu::grade::grade(lab, hypervisor.map(ImageSource::file))?;
    // A closed stdout (`| head`) is the reader's choice, not an error worth a panic.
    let _ = write!(std::io::stdout(), "{report}");
    Ok(ExitCode::from(if report.passed() { 0 } else { 1 }))
}

fn images(out: &std::path::Path) -> Result<ExitCode, String> {
    let written = hemu::images::write_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    use std::io::Write as _;
    // A closed stdout (`| head`) is the reader's choice: stop listing.
    let mut stdout = std::io::stdout().lock();
    for p in written {
        if writeln!(stdout, "{}", p.display()).is_err() {
            break;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `hemu bench`: the workloads' table, then start-up and the default
/// boot's peak RSS (this executable run as a child).
fn bench(opts: hemu::bench::Options) -> Result<ExitCode, String> {
    use hemu::bench::host;
    // The children first, while this process is small: a child started
    // with vfork counts its parent's peak RSS as its own.
    let names: Vec<&str> = hemu::bench::WORKLOADS.iter().map(|w| w.name).chain(hemu::bench::LINUX_ROWS.iter().copied()).collect();
    if !opts.selects(&names) {
        return Err(format!("no workload's name contains {:?}", opts.only.unwrap_or_default()));
    }
    let exe = std::env::current_exe().ok();
    let whole = opts.only.is_none();
    let startup = exe.as_deref().filter(|_| whole).and_then(|e| host::startup_seconds(e).ok());
    let rss = exe.as_deref().filter(|_| whole).and_then(|e| host::boot_peak_rss(e).ok());
    let mut r = hemu::bench::run(&opts, |name| eprintln!("bench: {name}"))?;
    if opts.selects(hemu::bench::LINUX_ROWS) {
        r.linux = hemu::bench::run_linux(&opts, exe.as_deref(), |name| eprintln!("bench: {name}"));
    }

    r.startup_seconds = startup;
    r.boot_peak_rss = rss;
    use std::io::Write as _;
    let _ = write!(std::io::stdout(), "{r}");
    Ok(ExitCode::SUCCESS)
}
