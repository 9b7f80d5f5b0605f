//! `hemu grade labN`: boot the firmware, a hypervisor (the student's build, or the embedded
//! finished one) and the embedded guest in a debugging session, and check the architectural
//! steps a lab teaches, in the order the hart goes through them. Each check prints one line:
//! `ok   ID what the hart did`, or `FAIL ID what went wrong: why, in the spec's terms`. A check
//! that needs an earlier one to have passed is printed as `--   ID not checked`.
//!
//! The grader only watches: it drives `Debugger` (until, stepi) and reads its records and
//! the hart's registers, as a student would with `hemu debug`.

mod lab0;
mod lab1;
mod lab2;
mod lab3;
mod lab4;
mod lab5;
mod probe;

use std::fmt;

use crate::debug::session::Debugger;
use crate::debug::symbols::Symbols;
use crate::loader::ImageSource;
use crate::machine::{ConsoleMode, Machine, MachineConfig};

/// No forward run of the grader goes past this step: far beyond where the finished
/// hypervisor does everything a lab checks (its first guest console write is near step
/// 7,000,000), so a hypervisor that never gets there is reported, not waited for. (Lab 5
/// goes further: `lab5::STEP_LIMIT`.)
pub const STEP_LIMIT: u64 = 60_000_000;

/// A lab the grader knows.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Lab {
    Lab0,
    Lab1,
    Lab2,
    Lab3,
    Lab4,
    Lab5,
}

impl std::str::FromStr for Lab {
    type Err = String;
    fn from_str(s: &str) -> Result<Lab, String> {
        match s {
            "lab0" | "0" => Ok(Lab::Lab0),
            "lab1" | "1" => Ok(Lab::Lab1),
            "lab2" | "2" => Ok(Lab::Lab2),
            "lab3" | "3" => Ok(Lab::Lab3),
            "lab4" | "4" => Ok(Lab::Lab4),
            "lab5" | "5" => Ok(Lab::Lab5),
            _ => Err(format!("'{s}' is not a lab the grader knows (lab0, lab1, lab2, lab3, lab4, lab5)")),
        }
    }
}

/// The outcome of one check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// It happened as the spec says; what the hart did.
    Ok(String),
    /// It did not; what happened instead and why.
    Fail(String),
    /// An earlier check failed, so the hart never got here.
    NotChecked,
}

/// One line of the report: the lab section it belongs to (`1-1`) and its verdict.
#[derive(Clone, Debug)]
pub struct Check {
    pub id: &'static str,
    pub verdict: Verdict,
}

/// All the checks of a lab, in order.
#[derive(Clone, Debug)]
pub struct Report {
    pub lab: Lab,
    pub checks: Vec<Check>,
}

impl Report {
    pub fn passed(&self) -> bool {
        self.checks.iter().all(|c| matches!(c.verdict, Verdict::Ok(_)))
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in &self.checks {
            match &c.verdict {
                Verdict::Ok(what) => writeln!(f, "ok   {} {what}", c.id)?,
                Verdict::Fail(why) => writeln!(f, "FAIL {} {why}", c.id)?,
                Verdict::NotChecked => writeln!(f, "--   {} not checked: an earlier step failed", c.id)?,
            }
        }
        let ok = self.checks.iter().filter(|c| matches!(c.verdict, Verdict::Ok(_))).count();
        let name = match self.lab {
            Lab::Lab0 => "lab0",
            Lab::Lab1 => "lab1",
            Lab::Lab2 => "lab2",
            Lab::Lab3 => "lab3",
            Lab::Lab4 => "lab4",
            Lab::Lab5 => "lab5",
        };
        writeln!(f, "{name}: {ok} of {} checks passed", self.checks.len())
    }
}

/// Checks in order; once one fails, the rest are not checked (they need the hart to have
/// got past it).
struct Checks {
    checks: Vec<Check>,
}

impl Checks {
    fn new() -> Checks {
        Checks { checks: Vec::new() }
    }
    /// A lab's checks: `steps` pushes them in order and returns `None` at the first failure;
    /// the rest of `ids` are then not checked.
    fn run(ids: &[&'static str], steps: impl FnOnce(&mut Checks) -> Option<()>) -> Vec<Check> {
        let mut c = Checks::new();
        let _ = steps(&mut c);
        c.skip(ids);
        c.checks
    }
    /// The value a step found, or its failure recorded as `id`'s verdict (and `None`).
    fn found<T>(&mut self, id: &'static str, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(why) => {
                self.push(id, Err(why));
                None
            }
        }
    }
    /// Record `id`'s verdict; false if it failed (the caller stops checking).
    fn push(&mut self, id: &'static str, result: Result<String, String>) -> bool {
        let ok = result.is_ok();
        let verdict = match result {
            Ok(what) => Verdict::Ok(what),
            Err(why) => Verdict::Fail(why),
        };
        self.checks.push(Check { id, verdict });
        ok
    }
    /// The checks that could not run after a failure.
    fn skip(&mut self, ids: &[&'static str]) {
        let done = self.checks.len();
        for id in ids.iter().skip(done) {
            self.checks.push(Check { id, verdict: Verdict::NotChecked });
        }
    }
}

/// Grade `lab` on a machine with the embedded firmware, `hypervisor` (None: the embedded
/// finished one) and the embedded guest (which the hypervisor carries inside it).
pub fn grade(lab: Lab, hypervisor: Option<ImageSource>) -> Result<Report, String> {
    let kernel = hypervisor.unwrap_or_else(|| ImageSource::bytes("embedded hypervisor", crate::images::HYPERVISOR));
    let boot = Boot { kernel };
    let checks = match lab {
        Lab::Lab0 => lab0::grade(&mut boot.session(None)?),
        Lab::Lab1 => lab1::grade(&mut boot.session(None)?),
        Lab::Lab2 => lab2::grade(&mut boot.session(None)?),
        Lab::Lab3 => lab3::grade(&boot)?,
        Lab::Lab4 => lab4::grade(&mut boot.session(None)?),
        Lab::Lab5 => lab5::grade(&boot)?,
    };
    Ok(Report { lab, checks })
}

/// The machine a lab is graded on; a lab that checks two configurations (lab 3: with and
/// without Sstc) boots it twice.
struct Boot {
    kernel: ImageSource,
}

impl Boot {
    /// A debugging session at the first instruction, with the hypervisor's command line
    /// `bootargs` (`--append`).
    fn session(&self, bootargs: Option<&str>) -> Result<Debugger, String> {
        let cfg = MachineConfig {
            bios: Some(ImageSource::bytes("embedded firmware", crate::images::FIRMWARE)),
            kernel: Some(self.kernel.clone()),
            bootargs: bootargs.map(str::to_string),
            console: ConsoleMode::Capture,
            ..MachineConfig::default()
        };
        let m = Machine::new(cfg).map_err(|e| e.to_string())?;
        let mut syms = Symbols::from_machine(&m);
        syms.add_elf(crate::images::GUEST, 0).map_err(|e| format!("embedded guest: {e}"))?;
        let mut d = Debugger::with_symbols(m, syms);
        d.set_step_limit(Some(STEP_LIMIT));
        Ok(d)
    }
}
