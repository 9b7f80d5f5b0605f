//! The debugger's command language: one line in, one [`Command`] out.
//!
//! Names follow gdb where gdb has one (`stepi`/`si`, `continue`/`c`,
//! `break`/`b`, `delete`/`d`, `info breakpoints`, `watch`, `x/FMT`,
//! `disas`, `reverse-stepi`/`rsi`, `reverse-continue`/`rc`, `quit`/`q`);
//! the rest name what a hypervisor author looks at: `next-transition`
//! (`nt`), `until sret`, `csr`, `csrs`, `translate`, `mode`, `explain`,
//! `transitions`. Parsing never fails silently: a bad command or argument
//! is an [`Error`] whose text is the one line the prompt prints.

use crate::debug::trace::CauseSel;
use crate::hart::Mode;

/// An address as the user wrote it; the session resolves it (symbols and
/// registers need the machine).
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Addr {
    /// A number: `0x80200000`, `4096`.
    Number(u64),
    /// A symbol with an optional offset: `lab1_run+0x10`.
    Symbol(String, u64),
    /// A register's value with an optional offset: `$pc`, `$sp+16`, `$a0`.
    Register(String, u64),
}

/// Which xRET `until` waits for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum XretKind {
    Mret,
    Sret,
    Any,
}

/// What `until` runs to.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Until {
    /// Stop right before an xRET of this kind executes.
    Xret(XretKind),
    /// Stop right after a trap (with this cause) is taken.
    Trap(Option<CauseSel>),
    /// Stop right after an interrupt (with this code) is taken.
    Irq(Option<u64>),
    /// Stop right after the hart enters this mode.
    Mode(Mode),
    /// Stop right before the instruction at this address.
    Pc(Addr),
    /// Stop when the step counter (position) reaches this value.
    Step(u64),
}

/// Which memory accesses a memory watch stops on.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Access {
    Read,
    Write,
    ReadWrite,
}

/// A group of CSRs for `csrs`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CsrGroup {
    M,
    Hs,
    Vs,
    All,
}

/// The kind of access `translate` asks about.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum TranslateAccess {
    Fetch,
    Load,
    Store,
}

/// What `draw` draws.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Drawing {
    /// A CSR's fields and their values.
    Csr(String),
    /// The privilege levels, the hart's mode and the last transition.
    Modes,
    /// The page-table walk of an access.
    Walk { addr: Addr, access: TranslateAccess },
}

/// One debugger command.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Command {
    StepI(u64),
    NextTransition(u64),
    Until(Until),
    Continue,
    Break(Addr),
    Delete(Option<u32>),
    InfoBreakpoints,
    WatchCsr(String),
    WatchMem { addr: Addr, len: u64, access: Access },
    Regs,
    FRegs,
    Csr(String),
    Csrs(CsrGroup),
    /// `x/FMT ADDR`: the format text after the slash (parsed by the
    /// inspector), the address, and whether it is physical.
    Examine { fmt: String, addr: Addr, phys: bool },
    Translate { addr: Addr, access: TranslateAccess },
    Disas { addr: Option<Addr>, count: u64 },
    Mode,
    Explain,
    Transitions(u64),
    /// `draw ... FILE`: a picture of the state, as SVG, into FILE.
    Draw { what: Drawing, file: String },
    ReverseStepI(u64),
    ReverseContinue,
    /// `input TEXT`: bytes typed into the guest's UART.
    Input(Vec<u8>),
    Help(Option<String>),
    Quit,
    /// An empty line: repeat nothing.
    Nothing,
}

/// Why a line is not a command: the one line the prompt prints.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
#[error("{0}")]
pub struct Error(pub String);

fn err<T>(msg: impl Into<String>) -> Result<T, Error> {
    Err(Error(msg.into()))
}

/// Every command with its aliases, a usage line and what it does: the
/// source of `help`, of completion, and of the README's command table.
pub const COMMANDS: &[(&str, &[&str], &str, &str)] = &[
    ("stepi", &["si"], "stepi [N]", "execute N instructions (default 1), showing what each transition did"),
    ("next-transition", &["nt"], "next-transition [N]", "run through the next N traps, interrupts or xRETs and show each"),
    (
        "until",
        &["u"],
        "until sret|mret|xret | trap [CAUSE] | irq [N] | mode MODE | pc ADDR | step N",
        "run until right before an xRET, right after a trap/interrupt/mode entry, before ADDR, or to step N",
    ),
    ("continue", &["c"], "continue", "run until a breakpoint, a watch or the end"),
    ("break", &["b"], "break ADDR|SYMBOL", "stop before the instruction at ADDR"),
    ("delete", &["d"], "delete [N]", "delete breakpoint or watch N (all without N)"),
    ("info", &["i"], "info breakpoints|registers", "list breakpoints and watches, or the registers"),
    (
        "watch",
        &[],
        "watch csr NAME | watch mem ADDR [LEN] [r|w|rw]",
        "stop after a CSR changes, or after memory is written (read: r, either: rw)",
    ),
    ("regs", &[], "regs", "the integer registers, pc and mode"),
    ("fregs", &[], "fregs", "the floating-point registers"),
    ("csr", &[], "csr NAME", "a CSR with its fields decoded"),
    ("csrs", &[], "csrs [m|hs|vs|all]", "a group of CSRs; hs and vs show the HS and VS views side by side"),
    ("x", &[], "x/FMT [phys] ADDR", "examine memory through the current translation (gdb's x/NFU), or physical"),
    ("translate", &["tr"], "translate VA [fetch|load|store]", "each stage's page-table walk for VA, or the fault"),
    ("disas", &["disassemble"], "disas [ADDR] [N]", "disassemble N instructions (default 8) at ADDR (default pc)"),
    ("mode", &[], "mode", "the current privilege mode and V"),
    ("explain", &[], "explain", "why the last trap or xRET went where it went"),
    ("transitions", &["tx"], "transitions [N]", "the last N transition records (default 10)"),
    (
        "draw",
        &[],
        "draw csr NAME | modes | walk VA [fetch|load|store]  FILE",
        "draw a CSR's fields, the privilege levels with the last transition, or a page-table walk, as SVG into FILE",
    ),
    ("reverse-stepi", &["rsi"], "reverse-stepi [N]", "go back N instructions (default 1)"),
    ("reverse-continue", &["rc"], "reverse-continue", "go back to the previous breakpoint, watch or stop condition"),
    (
        "input",
        &[],
        "input TEXT",
        "type TEXT into the guest's UART (\\n is Enter; \\r \\t \\\\ \\xHH); going back and forth replays it",
    ),
    ("help", &["h"], "help [CMD]", "list the commands, or explain one"),
    ("quit", &["q", "exit"], "quit", "leave the debugger"),
];

/// The canonical name of `word` (a command or an alias).
pub fn canonical(word: &str) -> Option<&'static str> {
    COMMANDS.iter().find(|(name, aliases, ..)| *name == word || aliases.contains(&word)).map(|c| c.0)
}

/// The help text of one command, or of all.
pub fn help(cmd: Option<&str>) -> Result<String, Error> {
    match cmd {
        None => {
            let mut s = String::from("Commands (gdb's names where gdb has one):\n");
            for (_, aliases, usage, what) in COMMANDS {
                let alias = if aliases.is_empty() { String::new() } else { format!(" ({})", aliases.join(", ")) };
                s.push_str(&format!("  {usage:<40} {what}{alias}\n"));
            }
            s.push_str("ADDR: 0x80200000, 4096, a symbol (lab1_run+0x10), or a register ($pc, $sp+16, $a0).\n");
            s.push_str("CAUSE: an exception code (8), irqN for interrupt N; MODE: M, HS, U, VS, VU.");
            Ok(s)
        }
        Some(c) => {
            let Some(name) = canonical(c) else { return err(format!("no command '{c}' (try 'help')")) };
            let (_, aliases, usage, what) = COMMANDS.iter().find(|e| e.0 == name).copied().unwrap_or(COMMANDS[0]);
            let alias = if aliases.is_empty() { String::new() } else { format!("\naliases: {}", aliases.join(", ")) };
            Ok(format!("{usage}\n{what}{alias}"))
        }
    }
}

/// `input TEXT`: the text with its escapes (`\n`, `\r`, `\t`, `\\`,
/// `\xHH`) turned into bytes.
fn parse_input(text: &str) -> Result<Command, Error> {
    if text.is_empty() {
        return err("usage: input TEXT (\\n for Enter)");
    }
    let mut out = Vec::new();
    let mut bytes = text.bytes();
    while let Some(b) = bytes.next() {
        if b != b'\\' {
            out.push(b);
            continue;
        }
        match bytes.next() {
            Some(b'n') => out.push(b'\n'),
            Some(b'r') => out.push(b'\r'),
            Some(b't') => out.push(b'\t'),
            Some(b'\\') => out.push(b'\\'),
            Some(b'x') => {
                let hex: Vec<u8> = bytes.by_ref().take(2).collect();
                let v = std::str::from_utf8(&hex).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
                match v {
                    Some(v) if hex.len() == 2 => out.push(v),
                    _ => return err("\\x needs two hex digits"),
                }
            }
            Some(c) => return err(format!("unknown escape '\\{}'", c as char)),
            None => return err("a lone '\\' at the end"),
        }
    }
    Ok(Command::Input(out))
}

/// Parse a number: decimal, or hex with 0x.
pub fn parse_number(s: &str) -> Result<u64, Error> {
    let t = s.replace('_', "");
    let r = match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        Some(h) => u64::from_str_radix(h, 16),
        None => t.parse::<u64>(),
    };
    r.or_else(|_| err(format!("'{s}' is not a number")))
}

/// Parse an address: a number, `$reg[+off]`, or `symbol[+off]`.
pub fn parse_addr(s: &str) -> Result<Addr, Error> {
    if s.is_empty() {
        return err("missing address");
    }
    let (base, off) = match s.find(['+']) {
        Some(i) if i > 0 => (&s[..i], parse_number(&s[i + 1..])?),
        _ => (s, 0),
    };
    if let Some(reg) = base.strip_prefix('$') {
        if reg.is_empty() {
            return err(format!("'{s}' names no register"));
        }
        return Ok(Addr::Register(reg.to_string(), off));
    }
    if base.as_bytes()[0].is_ascii_digit() {
        return Ok(Addr::Number(parse_number(base)?.wrapping_add(off)));
    }
    Ok(Addr::Symbol(base.to_string(), off))
}

fn count(arg: Option<&str>, default: u64) -> Result<u64, Error> {
    match arg {
        None => Ok(default),
        Some(a) => match parse_number(a)? {
            0 => err("the count must be at least 1"),
            n => Ok(n),
        },
    }
}

fn no_more(rest: &[&str]) -> Result<(), Error> {
    match rest.first() {
        None => Ok(()),
        Some(extra) => err(format!("unexpected '{extra}'")),
    }
}

/// Parse one line.
pub fn parse(line: &str) -> Result<Command, Error> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return Ok(Command::Nothing);
    }
    // `x/4xw` carries its format glued to the command.
    let mut words: Vec<&str> = line.split_whitespace().collect();
    let first = words.remove(0);
    if let Some(fmt) = first.strip_prefix("x/").or((first == "x").then_some("")) {
        return parse_examine(fmt, &words);
    }
    let Some(name) = canonical(first) else {
        return err(format!("unknown command '{first}' (try 'help')"));
    };
    if name == "input" {
        // The text is the rest of the line as typed, spaces included.
        return parse_input(line[first.len()..].strip_prefix(' ').unwrap_or(""));
    }
    let arg = words.first().copied();
    let rest = if words.is_empty() { &words[..] } else { &words[1..] };
    let cmd = match name {
        "stepi" => Command::StepI(count(arg, 1).and_then(|n| no_more(rest).map(|_| n))?),
        "next-transition" => Command::NextTransition(count(arg, 1).and_then(|n| no_more(rest).map(|_| n))?),
        "until" => Command::Until(parse_until(&words)?),
        "continue" => {
            no_more(&words)?;
            Command::Continue
        }
        "break" => match arg {
            None => return err("usage: break ADDR|SYMBOL"),
            Some(a) => {
                no_more(rest)?;
                Command::Break(parse_addr(a)?)
            }
        },
        "delete" => {
            no_more(rest)?;
            match arg {
                None => Command::Delete(None),
                Some(a) => match a.parse::<u32>() {
                    Ok(n) => Command::Delete(Some(n)),
                    Err(_) => return err(format!("'{a}' is not a breakpoint number")),
                },
            }
        }
        "info" => match arg {
            Some("breakpoints" | "b" | "break" | "watchpoints" | "watch") => Command::InfoBreakpoints,
            Some("registers" | "r" | "reg") => Command::Regs,
            Some(other) => return err(format!("unknown info '{other}' (breakpoints, registers)")),
            None => return err("usage: info breakpoints|registers"),
        },
        "watch" => parse_watch(&words)?,
        "regs" => Command::Regs,
        "fregs" => Command::FRegs,
        "csr" => match arg {
            Some(n) => {
                no_more(rest)?;
                Command::Csr(n.to_string())
            }
            None => return err("usage: csr NAME"),
        },
        "csrs" => {
            no_more(rest)?;
            Command::Csrs(match arg.map(|a| a.to_ascii_lowercase()).as_deref() {
                None | Some("all") => CsrGroup::All,
                Some("m") => CsrGroup::M,
                Some("hs" | "s") => CsrGroup::Hs,
                Some("vs") => CsrGroup::Vs,
                Some(other) => return err(format!("unknown CSR group '{other}' (m, hs, vs, all)")),
            })
        }
        "translate" => {
            let Some(a) = arg else { return err("usage: translate VA [fetch|load|store]") };
            let access = parse_access(rest.first().copied())?;
            no_more(rest.get(1..).unwrap_or(&[]))?;
            Command::Translate { addr: parse_addr(a)?, access }
        }
        "draw" => parse_draw(&words)?,
        "disas" => {
            let addr = arg.map(parse_addr).transpose()?;
            let n = count(rest.first().copied(), 8)?;
            no_more(rest.get(1..).unwrap_or(&[]))?;
            Command::Disas { addr, count: n }
        }
        "mode" => Command::Mode,
        "explain" => Command::Explain,
        "transitions" => Command::Transitions(count(arg, 10)?),
        "reverse-stepi" => Command::ReverseStepI(count(arg, 1)?),
        "reverse-continue" => Command::ReverseContinue,
        "help" => {
            help(arg)?;
            Command::Help(arg.map(str::to_string))
        }
        "quit" => Command::Quit,
        _ => return err(format!("unknown command '{first}' (try 'help')")),
    };
    Ok(cmd)
}

fn parse_access(word: Option<&str>) -> Result<TranslateAccess, Error> {
    Ok(match word {
        None | Some("load") | Some("r") => TranslateAccess::Load,
        Some("store") | Some("w") => TranslateAccess::Store,
        Some("fetch") | Some("x") => TranslateAccess::Fetch,
        Some(other) => return err(format!("unknown access '{other}' (fetch, load, store)")),
    })
}

/// `draw csr NAME FILE`, `draw modes FILE`, `draw walk VA [ACCESS] FILE`:
/// the file is always the last word.
fn parse_draw(words: &[&str]) -> Result<Command, Error> {
    let usage = "usage: draw csr NAME FILE | draw modes FILE | draw walk VA [fetch|load|store] FILE";
    let (Some(&what), Some((&file, args))) = (words.first(), words.get(1..).and_then(|w| w.split_last())) else {
        return err(usage);
    };
    let what = match (what, args) {
        ("csr", [name]) => Drawing::Csr(name.to_string()),
        ("modes", []) => Drawing::Modes,
        ("walk", [va]) => Drawing::Walk { addr: parse_addr(va)?, access: TranslateAccess::Load },
        ("walk", [va, access]) => Drawing::Walk { addr: parse_addr(va)?, access: parse_access(Some(access))? },
        _ => return err(usage),
    };
    Ok(Command::Draw { what, file: file.to_string() })
}

fn parse_until(words: &[&str]) -> Result<Until, Error> {
    let usage = "usage: until sret|mret|xret | trap [CAUSE] | irq [N] | mode MODE | pc ADDR | step N";
    let Some(&what) = words.first() else { return err(usage) };
    let arg = words.get(1).copied();
    no_more(words.get(2..).unwrap_or(&[]))?;
    let need = || arg.ok_or_else(|| Error(usage.to_string()));
    Ok(match what {
        "sret" | "mret" | "xret" => {
            no_more(&words[1..])?;
            Until::Xret(match what {
                "sret" => XretKind::Sret,
                "mret" => XretKind::Mret,
                _ => XretKind::Any,
            })
        }
        "trap" => Until::Trap(arg.map(|a| a.parse::<CauseSel>().map_err(Error)).transpose()?),
        "irq" | "interrupt" => Until::Irq(
            arg.map(|a| parse_number(a.strip_prefix("irq").unwrap_or(a))).transpose()?,
        ),
        "mode" => Until::Mode(need()?.parse::<Mode>().map_err(Error)?),
        "pc" => Until::Pc(parse_addr(need()?)?),
        "step" => Until::Step(parse_number(need()?)?),
        other => return err(format!("cannot run until '{other}'; {usage}")),
    })
}

fn parse_watch(words: &[&str]) -> Result<Command, Error> {
    let usage = "usage: watch csr NAME | watch mem ADDR [LEN] [r|w|rw]";
    match words {
        ["csr", name] => Ok(Command::WatchCsr(name.to_string())),
        ["mem", addr, rest @ ..] if rest.len() <= 2 => {
            let mut len = 8;
            let mut access = Access::Write;
            for w in rest {
                match *w {
                    "r" | "read" => access = Access::Read,
                    "w" | "write" => access = Access::Write,
                    "rw" | "access" => access = Access::ReadWrite,
                    n => len = parse_number(n)?,
                }
            }
            if len == 0 || len > 4096 {
                return err("LEN must be 1..4096 bytes");
            }
            Ok(Command::WatchMem { addr: parse_addr(addr)?, len, access })
        }
        _ => err(usage),
    }
}

fn parse_examine(fmt: &str, words: &[&str]) -> Result<Command, Error> {
    let (phys, addr) = match words {
        ["phys", a] | [a, "phys"] => (true, *a),
        [a] => (false, *a),
        [] => return err("usage: x/FMT [phys] ADDR"),
        _ => return err(format!("unexpected '{}'", words[words.len() - 1])),
    };
    Ok(Command::Examine { fmt: fmt.to_string(), addr: parse_addr(addr)?, phys })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draw_takes_the_file_last() {
        assert_eq!(
            parse("draw csr hstatus /tmp/h.svg"),
            Ok(Command::Draw { what: Drawing::Csr("hstatus".into()), file: "/tmp/h.svg".into() })
        );
        assert_eq!(parse("draw modes m.svg"), Ok(Command::Draw { what: Drawing::Modes, file: "m.svg".into() }));
        assert_eq!(
            parse("draw walk $pc fetch w.svg"),
            Ok(Command::Draw {
                what: Drawing::Walk { addr: Addr::Register("pc".into(), 0), access: TranslateAccess::Fetch },
                file: "w.svg".into()
            })
        );
        for bad in ["draw", "draw modes", "draw csr hstatus", "draw walk 0x1000 exec w.svg", "draw picture x.svg"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn gdb_names_and_aliases() {
        assert_eq!(parse("si"), Ok(Command::StepI(1)));
        assert_eq!(parse("stepi 5"), Ok(Command::StepI(5)));
        assert_eq!(parse("c"), Ok(Command::Continue));
        assert_eq!(parse("b lab1_run+0x10"), Ok(Command::Break(Addr::Symbol("lab1_run".into(), 16))));
        assert_eq!(parse("break 0x80200000"), Ok(Command::Break(Addr::Number(0x8020_0000))));
        assert_eq!(parse("d"), Ok(Command::Delete(None)));
        assert_eq!(parse("delete 2"), Ok(Command::Delete(Some(2))));
        assert_eq!(parse("info b"), Ok(Command::InfoBreakpoints));
        assert_eq!(parse("rsi"), Ok(Command::ReverseStepI(1)));
        assert_eq!(parse("rc"), Ok(Command::ReverseContinue));
        assert_eq!(parse("nt 3"), Ok(Command::NextTransition(3)));
        assert_eq!(parse("  "), Ok(Command::Nothing));
        assert_eq!(parse("# a comment"), Ok(Command::Nothing));
    }

    #[test]
    fn until_forms() {
        assert_eq!(parse("until sret"), Ok(Command::Until(Until::Xret(XretKind::Sret))));
        assert_eq!(parse("until trap"), Ok(Command::Until(Until::Trap(None))));
        assert_eq!(parse("until trap 10"), Ok(Command::Until(Until::Trap(Some(CauseSel::Exception(10))))));
        assert_eq!(parse("until trap irq5"), Ok(Command::Until(Until::Trap(Some(CauseSel::Interrupt(5))))));
        assert_eq!(parse("until irq 7"), Ok(Command::Until(Until::Irq(Some(7)))));
        assert_eq!(parse("until mode vs"), Ok(Command::Until(Until::Mode(Mode::VS))));
        assert_eq!(parse("until pc $ra"), Ok(Command::Until(Until::Pc(Addr::Register("ra".into(), 0)))));
        assert_eq!(parse("until step 100"), Ok(Command::Until(Until::Step(100))));
        assert!(parse("until").is_err());
        assert!(parse("until mode X").is_err());
        assert!(parse("until sret now").is_err());
        assert!(parse("until banana").is_err());
    }

    #[test]
    fn inspection_forms() {
        assert_eq!(
            parse("x/4xw 0x80000000"),
            Ok(Command::Examine { fmt: "4xw".into(), addr: Addr::Number(0x8000_0000), phys: false })
        );
        assert_eq!(
            parse("x/s phys 0x1000"),
            Ok(Command::Examine { fmt: "s".into(), addr: Addr::Number(0x1000), phys: true })
        );
        assert_eq!(parse("x $sp"), Ok(Command::Examine { fmt: "".into(), addr: Addr::Register("sp".into(), 0), phys: false }));
        assert_eq!(parse("csrs hs"), Ok(Command::Csrs(CsrGroup::Hs)));
        assert_eq!(parse("csrs"), Ok(Command::Csrs(CsrGroup::All)));
        assert_eq!(parse("csr hstatus"), Ok(Command::Csr("hstatus".into())));
        assert_eq!(
            parse("translate 0x1000 store"),
            Ok(Command::Translate { addr: Addr::Number(0x1000), access: TranslateAccess::Store })
        );
        assert_eq!(parse("disas"), Ok(Command::Disas { addr: None, count: 8 }));
        assert_eq!(parse("disas $pc 3"), Ok(Command::Disas { addr: Some(Addr::Register("pc".into(), 0)), count: 3 }));
        assert_eq!(
            parse("watch mem 0x80001000 4 rw"),
            Ok(Command::WatchMem { addr: Addr::Number(0x8000_1000), len: 4, access: Access::ReadWrite })
        );
        assert_eq!(parse("watch csr sepc"), Ok(Command::WatchCsr("sepc".into())));
    }

    #[test]
    fn errors_are_one_line() {
        for bad in [
            "frobnicate",
            "si x",
            "si 0",
            "break",
            "delete one",
            "info nothing",
            "watch",
            "watch mem",
            "watch mem 0x10 0",
            "csrs q",
            "translate",
            "translate 0x10 jump",
            "x/4x",
            "help nothing",
            "b 0xzz",
            "csr",
        ] {
            let e = parse(bad).expect_err(bad);
            assert!(!e.0.is_empty() && !e.0.contains('\n'), "{bad}: {e}");
        }
    }

    #[test]
    fn help_covers_every_command() {
        let all = help(None).unwrap();
        for (name, ..) in COMMANDS {
            assert!(help(Some(name)).is_ok());
            assert!(all.contains(COMMANDS.iter().find(|c| c.0 == *name).unwrap().2));
        }
    }
}
