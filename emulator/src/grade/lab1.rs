//! Lab 1, enter and leave the guest: what the grader checks, in the order the hart does it.
//!
//! - 1-1 the first `sret` enters the guest: SRET sets V = hstatus.SPV and the privilege to
//!   sstatus.SPP, and jumps to sepc (privileged spec, H extension, "Trap Return"): it must
//!   read SPV = 1, SPP = 1 (VS-mode) and sepc = 0x90000000, and land in VS at 0x90000000.
//! - 1-2 the guest's first SBI call comes back: ECALL in VS-mode raises environment call from
//!   VS-mode (cause 10), which hedeleg cannot delegate ("hedeleg bit 10 is read-only zero"),
//!   so it traps to HS-mode at stvec.
//! - 1-3 the guest resumes after its ecall: sepc holds the address of the ECALL itself ("sepc
//!   is written with the virtual address of the instruction that was interrupted or that
//!   encountered the exception"), so the hypervisor must add 4 before its sret.
//! - 1-0 the world switch keeps the guest's registers: the SBI calling convention changes only
//!   a0 (error) and a1 (value) ("All registers except a0 & a1 must be preserved across an SBI
//!   call by the callee"), so every other register must come back as the guest left it.
//! - 1-3 the guest's first console write (SBI DBCN console_write) reaches the console.

use super::probe::{self, at, csr, guest_bytes, quoted, x};
use super::Checks;
use crate::debug::command::{Until, XretKind};
use crate::debug::record::{Kind, Record};
use crate::debug::session::Debugger;
use crate::debug::trace::CauseSel;
use crate::hart::{Exception, Mode};
use defs::csr::{HSTATUS, SEPC, SSTATUS, VSATP};
use defs::hstatus::Hstatus;
use defs::sbi::{base, dbcn, legacy};
use defs::status::Sstatus;

/// Where the guest kernel is linked: its first instruction, guest-physical.
const GUEST_ENTRY: u64 = 0x9000_0000;
/// The check lines, in order.
const IDS: [&str; 5] = ["1-1", "1-2", "1-3", "1-0", "1-3"];
/// How many SBI calls the guest may make before its first DBCN console write (it probes
/// three extensions first).
const CALLS_BEFORE_WRITE: usize = 50;
const A0: u8 = 10;
const A1: u8 = 11;
const A2: u8 = 12;
const A6: u8 = 16;
const A7: u8 = 17;

pub(super) fn grade(d: &mut Debugger) -> Vec<super::Check> {
    Checks::run(&IDS, |c| steps(d, c))
}

/// Each check in turn; `None` as soon as one fails.
fn steps(d: &mut Debugger, c: &mut Checks) -> Option<()> {
    c.push("1-1", enter(d)).then_some(())?;
    let call = c.found("1-2", probe_first_call(d))?;
    c.push("1-2", Ok(call.describe(d)));
    let back = c.found("1-3", ret(d, &call))?;
    c.push("1-3", resumed(d, &call, &back)).then_some(())?;
    c.push("1-0", registers(d, &call)).then_some(())?;
    c.push("1-3", console_write(d));
    Some(())
}

/// What sret read and where it went, in the spec's terms.
fn enter(d: &mut Debugger) -> Result<String, String> {
    probe::until(d, &Until::Xret(XretKind::Sret), "an sret (entering the guest)")?;
    sret_into_guest(d, GUEST_ENTRY, "the first sret")
}

/// Execute the sret the session stopped before; Ok if it entered VS-mode at `target`.
fn sret_into_guest(d: &mut Debugger, target: u64, which: &str) -> Result<String, String> {
    let spp = Sstatus::from_bits_retain(csr(d, SSTATUS)).contains(Sstatus::SPP) as u8;
    let spv = Hstatus::from_bits_retain(csr(d, HSTATUS)).contains(Hstatus::SPV) as u8;
    let sepc = csr(d, SEPC);
    let from = d.machine().hart.mode();
    let r = probe::step(d)?;
    if r.to == Mode::VS && r.pc_after == target {
        return Ok(format!(
            "{which} entered VS-mode at {target:#x} (it read sstatus.SPP={spp}, hstatus.SPV={spv}, sepc={sepc:#x})"
        ));
    }
    let mut why = Vec::new();
    if from != Mode::HS {
        why.push(format!("the sret ran in {from}, not HS-mode"));
    }
    if spv == 0 {
        why.push("sret entered V=0: hstatus.SPV was 0 (set it before sret to enter the guest)".to_string());
    }
    if spp == 0 {
        why.push(format!(
            "sstatus.SPP was 0, so sret entered {} (set it to 1: the guest kernel starts in VS-mode)",
            if spv == 1 { "VU-mode" } else { "U-mode" }
        ));
    }
    if sepc != target {
        why.push(format!("sret jumped to sepc={sepc:#x}: set sepc to {target:#x}, where the guest resumes"));
    }
    if why.is_empty() {
        why.push(format!("{which} went to {} at {}, not VS-mode at {target:#x}", r.to, at(d, r.pc_after)));
    }
    Err(why.join("; "))
}

/// The guest's SBI call as it trapped: its pc and registers.
struct Call {
    pc: u64,
    stvec: u64,
    regs: [u64; 32],
}

impl Call {
    /// Record the call the session just trapped on (it stopped right after the trap).
    fn after_trap(d: &Debugger, r: &Record) -> Call {
        Call { pc: r.pc, stvec: r.pc_after, regs: *d.machine().hart.xregs() }
    }
    fn eid(&self) -> u64 {
        self.regs[A7 as usize]
    }
    fn fid(&self) -> u64 {
        self.regs[A6 as usize]
    }
    fn describe(&self, d: &Debugger) -> String {
        format!(
            "the guest's first SBI call ({}: ecall at {}, a7={:#x}, a6={}) trapped to HS-mode with scause=10 at stvec={}",
            sbi_name(self.eid(), self.fid()),
            at(d, self.pc),
            self.eid(),
            self.fid(),
            at(d, self.stvec)
        )
    }
}

/// The SBI call's name, as the SBI spec calls it.
fn sbi_name(eid: u64, fid: u64) -> String {
    let function = match (eid, fid) {
        (base::EID, base::GET_SPEC_VERSION) => "get_spec_version",
        (base::EID, base::PROBE_EXTENSION) => "probe_extension",
        (base::EID, _) => "another function",
        (dbcn::EID, dbcn::CONSOLE_WRITE) => "console_write",
        (dbcn::EID, _) => "another function",
        (legacy::CONSOLE_PUTCHAR, _) => return "legacy console_putchar".into(),
        (defs::sbi::time::EID, _) => "set_timer",
        (defs::sbi::srst::EID, _) => "system_reset",
        _ => return "an extension lab 1 does not use".into(),
    };
    let ext = match eid {
        base::EID => "BASE",
        dbcn::EID => "DBCN",
        defs::sbi::time::EID => "TIME",
        _ => "SRST",
    };
    format!("{ext} {function}")
}

/// Run to the guest's next SBI call (environment call from VS-mode, cause 10) and check it
/// went to HS-mode.
fn next_call(d: &mut Debugger, what: &str) -> Result<Call, String> {
    let code = Exception::EcallFromVS as u64;
    let records = probe::until(d, &Until::Trap(Some(CauseSel::Exception(code))), what)?;
    let Some(r) = records.last() else {
        return Err(format!("{what}: the session stopped without its record"));
    };
    if r.from != Mode::VS || r.to != Mode::HS || !matches!(r.kind, Kind::Exception { .. }) {
        return Err(format!("{what} went from {} to {}, not from VS-mode to HS-mode", r.from, r.to));
    }
    Ok(Call::after_trap(d, r))
}

fn probe_first_call(d: &mut Debugger) -> Result<Call, String> {
    next_call(d, "the guest's first SBI call (ecall from VS-mode, scause 10)")
}

/// Run to the hypervisor's sret back into the guest and execute it.
fn ret(d: &mut Debugger, call: &Call) -> Result<Record, String> {
    probe::until(d, &Until::Xret(XretKind::Sret), "the hypervisor's sret back into the guest after its SBI call")?;
    let spv = Hstatus::from_bits_retain(csr(d, HSTATUS)).contains(Hstatus::SPV);
    let r = probe::step(d)?;
    if r.to != Mode::VS {
        let why = if spv { "sstatus.SPP was 0: the guest_exit must keep sstatus as the trap left it" } else { "hstatus.SPV was 0" };
        return Err(format!("the sret after the guest's ecall at {} entered {}, not VS-mode: {why}", at(d, call.pc), r.to));
    }
    Ok(r)
}

/// 1-3: the guest resumed at the instruction after its ecall.
fn resumed(d: &Debugger, call: &Call, back: &Record) -> Result<String, String> {
    let next = call.pc + 4;
    if back.pc_after == next {
        Ok(format!("the guest resumed at sepc+4 = {}, after its ecall", at(d, next)))
    } else if back.pc_after == call.pc {
        Err("the guest resumed at the ecall again: sepc was not advanced by 4".into())
    } else {
        Err(format!(
            "the guest resumed at {}, not after its ecall at {}: sret jumps to sepc, which must be the ecall's address + 4",
            at(d, back.pc_after),
            at(d, call.pc)
        ))
    }
}

/// 1-0: every register but a0 and a1 came back as the guest left it, and a0 is SBI_SUCCESS
/// for the Base extension (whose functions always succeed).
fn registers(d: &Debugger, call: &Call) -> Result<String, String> {
    let now = d.machine().hart.xregs();
    let changed: Vec<String> = (1..32u8)
        .filter(|&r| r != A0 && r != A1 && now[r as usize] != call.regs[r as usize])
        .map(|r| format!("{} {:#x} -> {:#x}", crate::isa::disasm::xname(r), call.regs[r as usize], now[r as usize]))
        .collect();
    if !changed.is_empty() {
        return Err(format!(
            "the guest's registers changed across the exit: {} (guest_exit must save every guest register and run_guest load each back before sret; SBI changes only a0 and a1)",
            changed.join(", ")
        ));
    }
    let (a0, a1) = (now[A0 as usize], now[A1 as usize]);
    if call.eid() == base::EID && a0 != 0 {
        return Err(format!(
            "the Base call returned a0={a0:#x}: its functions always succeed, with a0 = 0 (SBI_SUCCESS) and the value in a1"
        ));
    }
    Ok(format!("the guest's registers came back unchanged but for the SBI results a0={a0:#x}, a1={a1:#x}"))
}

/// The guest's first DBCN console_write reaches the console, and the guest hears how many
/// bytes were written.
fn console_write(d: &mut Debugger) -> Result<String, String> {
    for _ in 0..CALLS_BEFORE_WRITE {
        let call = next_call(d, "the guest's first console write (SBI DBCN console_write)")?;
        if call.eid() != dbcn::EID || call.fid() != dbcn::CONSOLE_WRITE {
            if call.eid() == legacy::CONSOLE_PUTCHAR {
                return Err("the guest printed with legacy console_putchar: its probe of DBCN (0x4442434e) answered 0, so it does not know DBCN is there".into());
            }
            continue;
        }
        let (len, gpa) = (call.regs[A0 as usize], call.regs[A1 as usize] | call.regs[A2 as usize] << 32);
        if csr(d, VSATP) >> 60 != 0 {
            return Err("the guest turned on its own translation before its first console write; the grader reads its buffer with vsatp Bare".into());
        }
        let Some(text) = guest_bytes(d, gpa, len) else {
            return Err(format!("the guest's buffer at GPA {gpa:#x} ({len} bytes) is not mapped by the G-stage"));
        };
        d.take_output();
        let back = ret(d, &call)?;
        let out = d.take_output();
        let line = String::from_utf8_lossy(&text).trim_end_matches(['\n', '\r']).to_string();
        if !String::from_utf8_lossy(&out).contains(&line) {
            return Err(format!(
                "the guest's console write of {} at GPA {gpa:#x} did not reach the console (the hypervisor printed {})",
                quoted(&text),
                quoted(&out)
            ));
        }
        if back.pc_after != call.pc + 4 {
            return Err("the guest resumed at the ecall again: sepc was not advanced by 4".into());
        }
        let written = x(d, A1);
        if x(d, A0) != 0 || written != len {
            return Err(format!(
                "console_write returned a0={:#x}, a1={written}: on success a0 = 0 and a1 = the bytes written ({len})",
                x(d, A0)
            ));
        }
        return Ok(format!(
            "the guest's first console write (DBCN, {len} bytes at GPA {gpa:#x}) reached the console: {}",
            quoted(&text)
        ));
    }
    Err(format!("the guest made {CALLS_BEFORE_WRITE} SBI calls without a DBCN console_write"))
}
