//! `hemu debug`: the prompt over a [`Debugger`].
//!
//! Interactive on a terminal (line editing, history, tab completion of
//! commands, CSR names and symbols, through rustyline); otherwise it reads
//! commands from `--script FILE`, `-ex CMD` and standard input, echoes
//! each after the prompt, and prints plain text that tests and lab
//! handouts can compare. A bad command prints one line and the session
//! goes on.

use std::io::{BufRead, IsTerminal, Write};

use crate::debug::command::{self, Command, CsrGroup, Drawing, TranslateAccess};
use crate::debug::inspect;
use crate::debug::session::{Debugger, PointKind, Stop, StopReason};
use crate::hart::csr;

/// The prompt, as gdb's `(gdb) `.
pub const PROMPT: &str = "(hemu) ";

/// What one command printed, and whether the session ends.
pub struct Reply {
    pub text: String,
    pub quit: bool,
}

/// Run one command line against the session.
pub fn execute(d: &mut Debugger, line: &str) -> Reply {
    let text = match command::parse(line) {
        Err(e) => format!("error: {e}"),
        Ok(Command::Quit) => return Reply { text: String::new(), quit: true },
        Ok(cmd) => match run(d, cmd) {
            Ok(t) => t,
            Err(e) => format!("error: {e}"),
        },
    };
    Reply { text, quit: false }
}

/// The text a stop prints: the records passed, why it stopped, where.
pub fn stop_text(d: &Debugger, stop: &Stop) -> String {
    let mut s = String::new();
    for r in &stop.records {
        s.push_str(&d.record_text(r));
        if !s.ends_with('\n') {
            s.push('\n');
        }
    }
    let why = match &stop.reason {
        StopReason::Stepped => None,
        StopReason::Breakpoint(id) => Some(format!("Breakpoint {id}")),
        StopReason::Watch(id, what) => Some(format!("Watch {id}: {what}")),
        StopReason::Reached(what) => Some(format!("Stopped: {what}")),
        StopReason::Exited(code) => Some(format!("The machine powered off (exit code {code})")),
        StopReason::Idle => Some("The hart waits in WFI and nothing can wake it".into()),
        StopReason::Stalled => Some("The hart cannot make progress".into()),
        StopReason::HistoryStart => Some("Reached the start of the recorded history".into()),
        StopReason::StepLimit(n) => Some(format!("Reached the step limit ({n})")),
        StopReason::Refused(why) => return format!("error: {why}"),
    };
    if let Some(w) = why {
        s.push_str(&w);
        s.push('\n');
    }
    s.push_str(&d.location());
    s
}

fn run(d: &mut Debugger, cmd: Command) -> Result<String, String> {
    Ok(match cmd {
        Command::Nothing => String::new(),
        Command::StepI(n) => {
            let stop = d.stepi(n);
            stop_text(d, &stop)
        }
        Command::NextTransition(n) => {
            let stop = d.next_transition(n);
            stop_text(d, &stop)
        }
        Command::Until(u) => {
            let stop = d.until(&u);
            stop_text(d, &stop)
        }
        Command::Continue => {
            let stop = d.cont();
            stop_text(d, &stop)
        }
        Command::ReverseStepI(n) => {
            let stop = d.reverse_stepi(n);
            stop_text(d, &stop)
        }
        Command::ReverseContinue => {
            let stop = d.reverse_continue();
            stop_text(d, &stop)
        }
        Command::Input(bytes) => {
            d.input(&bytes);
            format!("{} bytes typed into the UART at step {}", bytes.len(), d.position())
        }
        Command::Break(a) => {
            let id = d.add_break(&a)?;
            match d.points().iter().find(|p| p.id == id).map(|p| &p.kind) {
                Some(PointKind::Break { addr, label }) => format!("Breakpoint {id} at {addr:#x} <{label}>"),
                _ => format!("Breakpoint {id}"),
            }
        }
        Command::Delete(id) => {
            d.delete(id)?;
            String::new()
        }
        Command::InfoBreakpoints => {
            if d.points().is_empty() {
                "No breakpoints or watches.".into()
            } else {
                let mut s = String::from("Num  What");
                for p in d.points() {
                    s.push_str(&format!("\n{:<4} {}", p.id, point_text(p)));
                }
                s
            }
        }
        Command::WatchCsr(name) => {
            let id = d.add_csr_watch(&name)?;
            format!("Watch {id}: {}", d.points().iter().find(|p| p.id == id).map(point_text).unwrap_or_default())
        }
        Command::WatchMem { addr, len, access } => {
            let id = d.add_mem_watch(&addr, len, access)?;
            format!("Watch {id}: {}", d.points().iter().find(|p| p.id == id).map(point_text).unwrap_or_default())
        }
        Command::Regs => inspect::regs_view(&d.machine().hart),
        Command::FRegs => inspect::fregs_view(&d.machine().hart),
        Command::Csr(name) => inspect::csr_view(&d.machine().hart, &name).map_err(|e| e.to_string())?,
        Command::Csrs(g) => inspect::csrs_view(
            &d.machine().hart,
            match g {
                CsrGroup::M => inspect::CsrGroup::M,
                CsrGroup::Hs => inspect::CsrGroup::Hs,
                CsrGroup::Vs => inspect::CsrGroup::Vs,
                CsrGroup::All => inspect::CsrGroup::All,
            },
        ),
        Command::Examine { fmt, addr, phys } => {
            let a = d.resolve(&addr)?;
            let f = fmt.parse::<inspect::Fmt>().map_err(|e| e.to_string())?;
            inspect::examine(d.machine(), a, &f, phys).map_err(|e| e.to_string())?
        }
        Command::Translate { addr, access } => {
            let a = d.resolve(&addr)?;
            crate::debug::translate::translate(&d.machine().hart, a, access_of(access), None).to_string()
        }
        Command::Draw { what, file } => {
            d.complete_log();
            let svg = draw(d, &what)?;
            std::fs::write(&file, svg).map_err(|e| format!("cannot write {file}: {e}"))?;
            format!("Drew {} into {file}", drawing_name(&what))
        }
        Command::Disas { addr, count } => {
            let a = match addr {
                Some(a) => d.resolve(&a)?,
                None => d.machine().hart.pc(),
            };
            let syms = d.symbols();
            inspect::disas(d.machine(), a, count, &|pc| syms.label(pc)).map_err(|e| e.to_string())?
        }
        Command::Mode => d.mode_text(),
        Command::Explain => {
            d.complete_log();
            explain(d)
        }
        Command::Transitions(n) => {
            d.complete_log();
            let recs: Vec<_> = d.log().rev().take(n as usize).collect();
            if recs.is_empty() {
                "No transitions yet.".into()
            } else {
                recs.iter().rev().map(|r| d.record_text(r)).collect::<Vec<_>>().join("\n")
            }
        }
        Command::Help(c) => command::help(c.as_deref()).map_err(|e| e.to_string())?,
        Command::Quit => String::new(),
    })
}

fn access_of(a: TranslateAccess) -> crate::debug::translate::Access {
    match a {
        TranslateAccess::Fetch => crate::debug::translate::Access::Fetch,
        TranslateAccess::Load => crate::debug::translate::Access::Load,
        TranslateAccess::Store => crate::debug::translate::Access::Store,
    }
}

/// The SVG of a `draw` command (see `debug::draw`).
fn draw(d: &Debugger, what: &Drawing) -> Result<String, String> {
    let h = &d.machine().hart;
    Ok(match what {
        Drawing::Csr(name) => {
            let info = inspect::lookup(name).map_err(|e| e.to_string())?;
            let value = h.csr_peek(info.number()).ok_or_else(|| format!("{} is not readable", info.name()))?;
            let label = d.symbols().label(h.pc()).map(|l| format!(" <{l}>")).unwrap_or_default();
            let caption = format!("at step {}, in {}, pc {:#x}{label}", d.position(), h.mode(), h.pc());
            crate::debug::draw::csr::draw(info, value, &caption)
        }
        Drawing::Modes => crate::debug::draw::modes::draw(h.mode(), h.pc(), d.last_transition(), d.symbols()),
        Drawing::Walk { addr, access } => {
            let a = d.resolve(addr)?;
            crate::debug::draw::walk::draw(&crate::debug::translate::translate(h, a, access_of(*access), None))
        }
    })
}

fn drawing_name(what: &Drawing) -> String {
    match what {
        Drawing::Csr(name) => name.clone(),
        Drawing::Modes => "the privilege levels".into(),
        Drawing::Walk { .. } => "the walk".into(),
    }
}

/// The last transition's record (`explain`).
fn explain(d: &Debugger) -> String {
    match d.last_transition() {
        Some(r) => d.record_text(r),
        None => "No trap, interrupt or xRET yet.".into(),
    }
}

fn point_text(p: &crate::debug::session::Point) -> String {
    match &p.kind {
        PointKind::Break { addr, label } => format!("breakpoint at {addr:#x} <{label}>"),
        PointKind::Csr { name, value, .. } => format!("csr {name} (now {value:#x})"),
        PointKind::Mem { vaddr, paddr, len, access } => {
            let what = match access {
                command::Access::Read => "reads of",
                command::Access::Write => "writes to",
                command::Access::ReadWrite => "accesses to",
            };
            format!("{what} {len} bytes at {vaddr:#x} (physical {paddr:#x})")
        }
    }
}

/// Where commands come from.
pub struct Input {
    /// `--script FILE`'s lines, then `-ex` commands, in order.
    pub commands: Vec<String>,
    /// Read more from standard input after them (interactive or piped).
    pub stdin: bool,
}

/// Run the prompt until `quit` or the end of input. Returns the process
/// exit status: 0, or 1 if a scripted command failed.
pub fn run_prompt(d: &mut Debugger, input: Input, out: &mut dyn Write) -> i32 {
    let mut status = 0;
    let _ = writeln!(out, "{}", d.location());
    for line in &input.commands {
        let _ = writeln!(out, "{PROMPT}{line}");
        let reply = execute(d, line);
        if reply.text.starts_with("error:") {
            status = 1;
        }
        print_console(d, out);
        print_reply(out, &reply);
        if reply.quit {
            return status;
        }
    }
    if !input.stdin {
        return status;
    }
    if std::io::stdin().is_terminal() {
        interactive(d, out);
        return status;
    }
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        let _ = writeln!(out, "{PROMPT}{line}");
        let reply = execute(d, &line);
        if reply.text.starts_with("error:") {
            status = 1;
        }
        print_console(d, out);
        print_reply(out, &reply);
        if reply.quit {
            break;
        }
    }
    status
}

/// The guest's console output a command produced, before its reply.
fn print_console(d: &mut Debugger, out: &mut dyn Write) {
    let text = d.take_output();
    if !text.is_empty() {
        let _ = out.write_all(&text);
        if !text.ends_with(b"\n") {
            let _ = writeln!(out);
        }
    }
}

fn print_reply(out: &mut dyn Write, reply: &Reply) {
    if !reply.text.is_empty() {
        let _ = writeln!(out, "{}", reply.text);
    }
    let _ = out.flush();
}

/// The interactive prompt: rustyline with completion.
fn interactive(d: &mut Debugger, out: &mut dyn Write) {
    let words = completion_words(d);
    let mut ed = match rustyline::Editor::<Completer, rustyline::history::DefaultHistory>::new() {
        Ok(ed) => ed,
        Err(e) => {
            let _ = writeln!(out, "hemu: cannot start the line editor: {e}");
            return;
        }
    };
    ed.set_helper(Some(Completer { words }));
    let mut last = String::new();
    loop {
        match ed.readline(PROMPT) {
            Ok(line) => {
                // An empty line repeats a stepping command, as in gdb.
                let line = if line.trim().is_empty() && is_repeatable(&last) { last.clone() } else { line };
                if !line.trim().is_empty() {
                    let _ = ed.add_history_entry(line.as_str());
                }
                let reply = execute(d, &line);
                print_reply(out, &reply);
                if reply.quit {
                    break;
                }
                last = line;
            }
            Err(rustyline::error::ReadlineError::Interrupted) => continue,
            Err(_) => break,
        }
    }
}

fn is_repeatable(line: &str) -> bool {
    let first = line.split_whitespace().next().unwrap_or("");
    matches!(
        command::canonical(first),
        Some("stepi" | "next-transition" | "reverse-stepi" | "continue" | "reverse-continue")
    )
}

/// Commands, CSR names and symbols: what tab completes.
fn completion_words(d: &Debugger) -> Vec<String> {
    let mut w: Vec<String> = Vec::new();
    for (name, aliases, ..) in command::COMMANDS {
        w.push(name.to_string());
        w.extend(aliases.iter().map(|a| a.to_string()));
    }
    w.extend(["sret", "mret", "xret", "trap", "irq", "mode", "pc", "step", "csr", "mem", "phys", "breakpoints", "registers"].map(String::from));
    w.extend(csr::all().map(|c| c.name().to_string()));
    w.extend(d.symbols().names().map(str::to_string));
    w.sort();
    w.dedup();
    w
}

struct Completer {
    words: Vec<String>,
}

impl rustyline::completion::Completer for Completer {
    type Candidate = String;
    fn complete(&self, line: &str, pos: usize, _: &rustyline::Context<'_>) -> rustyline::Result<(usize, Vec<String>)> {
        let start = line[..pos].rfind(char::is_whitespace).map_or(0, |i| i + 1);
        let word = &line[start..pos];
        let found = self.words.iter().filter(|w| w.starts_with(word)).cloned().collect();
        Ok((start, found))
    }
}
impl rustyline::hint::Hinter for Completer {
    type Hint = String;
}
impl rustyline::highlight::Highlighter for Completer {}
impl rustyline::validate::Validator for Completer {}
impl rustyline::Helper for Completer {}
