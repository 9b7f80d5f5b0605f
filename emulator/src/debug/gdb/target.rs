//! The target side of the GDB stub: a [`Debugger`] seen through gdbstub's
//! traits. Everything a client sends arrives here already parsed by
//! gdbstub; what hemu cannot do is answered with a non-fatal error (GDB
//! prints "Cannot access memory", "Could not fetch register", ...), never
//! with a panic or a fatal error, so a confused client cannot end the run.

use gdbstub::common::Signal;
use gdbstub::target::ext::base::reverse_exec::{
    ReplayLogPosition, ReverseCont, ReverseContOps, ReverseStep, ReverseStepOps,
};
use gdbstub::target::ext::base::single_register_access::{SingleRegisterAccess, SingleRegisterAccessOps};
use gdbstub::target::ext::base::singlethread::{
    SingleThreadBase, SingleThreadResume, SingleThreadResumeOps, SingleThreadSingleStep, SingleThreadSingleStepOps,
};
use gdbstub::target::ext::base::BaseOps;
use gdbstub::target::ext::breakpoints::{
    Breakpoints, BreakpointsOps, HwBreakpoint, HwBreakpointOps, HwWatchpoint, HwWatchpointOps, SwBreakpoint,
    SwBreakpointOps, WatchKind,
};
use gdbstub::target::ext::monitor_cmd::{outputln, ConsoleOutput, MonitorCmd, MonitorCmdOps};
use gdbstub::target::ext::target_description_xml_override::{
    TargetDescriptionXmlOverride, TargetDescriptionXmlOverrideOps,
};
use gdbstub::target::{Target, TargetError, TargetResult};

use super::arch::{CoreRegs, Reg, Riscv64H};
use crate::debug::command::{Access as WatchAccess, Addr};
use crate::debug::session::{Debugger, PointKind, Stop, StopReason};
use crate::debug::translate::{peek_physical, translate, Access};
use crate::hart::{Hart, Mode};

/// What the client asked the machine to do on its next resume.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resume {
    Continue,
    Step,
    ReverseStep,
    ReverseContinue,
}

/// A breakpoint or watchpoint GDB inserted, and the session's point for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Inserted {
    Sw(u64),
    Hw(u64),
    Watch { addr: u64, len: u64, kind: WatchKind },
}

/// The monitor commands: `hemu debug` commands whose text GDB shows as is.
pub const MONITOR_COMMANDS: &[&str] = &["transitions", "explain", "translate", "csrs", "csr", "until", "mode", "input"];

/// A debugging session as gdbstub drives it.
pub struct GdbTarget {
    pub d: Debugger,
    pub resume: Resume,
    /// Steps per slice of a run (see `run_slice`).
    pub slice: u64,
    inserted: Vec<(Inserted, u32)>,
    /// The physical address each watchpoint's address translated to when
    /// the client first inserted it. GDB removes its watchpoints at every
    /// stop and inserts them again at every resume, perhaps in another
    /// mode: a guest variable watched from VS must stay that variable when
    /// the next resume starts in HS, where the same address means other
    /// memory.
    watch_pa: Vec<((u64, u64), u64)>,
    /// The host's input for the guest's UART (hemu's stdin), typed into
    /// the session between slices so the history logs it for replay.
    input: Option<std::sync::mpsc::Receiver<u8>>,
    xml: String,
    /// The guest's console goes to stderr (`--gdb stdio`).
    console_stderr: bool,
}

impl GdbTarget {
    pub fn new(d: Debugger) -> GdbTarget {
        GdbTarget {
            d,
            resume: Resume::Continue,
            slice: super::MIN_SLICE,
            inserted: Vec::new(),
            watch_pa: Vec::new(),
            input: None,
            xml: super::arch::target_xml(),
            console_stderr: false,
        }
    }

    /// Feed the guest's UART from `rx` (see `feed_input`).
    pub fn attach_input(&mut self, rx: std::sync::mpsc::Receiver<u8>) {
        self.input = Some(rx);
    }

    /// Type what the host sent since the last call into the session
    /// (`Debugger::input`): the guest gets it at this step, and a replay
    /// after going back gets it at the same step.
    pub fn feed_input(&mut self) {
        use std::sync::mpsc::TryRecvError;
        let Some(rx) = &self.input else { return };
        let mut bytes = Vec::new();
        loop {
            match rx.try_recv() {
                Ok(b) => bytes.push(b),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.input = None;
                    break;
                }
            }
            if bytes.len() >= 4096 {
                break;
            }
        }
        if !bytes.is_empty() {
            self.d.input(&bytes);
        }
    }

    /// A new client: what the last one inserted is gone (a client that
    /// disappeared could not remove it).
    pub fn new_client(&mut self) {
        for (_, id) in std::mem::take(&mut self.inserted) {
            let _ = self.d.delete(Some(id));
        }
        self.watch_pa.clear();
        self.resume = Resume::Continue;
    }

    /// Print what the guest wrote to its console since the last call (on
    /// hemu's stdout, as `hemu run` does).
    pub fn flush_console(&mut self) {
        use std::io::Write;
        let out = self.d.take_output();
        if out.is_empty() {
            return;
        }
        if self.console_stderr {
            let mut o = std::io::stderr().lock();
            let _ = o.write_all(&out);
            let _ = o.flush();
        } else {
            let mut o = std::io::stdout().lock();
            let _ = o.write_all(&out);
            let _ = o.flush();
        }
    }

    /// Send the guest's console to stderr (stdout carries GDB's packets).
    pub fn console_to_stderr(&mut self) {
        self.console_stderr = true;
    }

    /// The session's breakpoint at the current pc, if GDB inserted one there.
    pub fn breakpoint_here(&self) -> Option<u32> {
        let pc = self.d.machine().hart.pc();
        self.d.points().iter().find(|p| matches!(p.kind, PointKind::Break { addr, .. } if addr == pc)).map(|p| p.id)
    }

    /// The stop GDB hears of for a session stop.
    pub fn gdb_stop(&self, stop: &Stop) -> gdbstub::stub::SingleThreadStopReason<u64> {
        use gdbstub::stub::SingleThreadStopReason as S;
        match &stop.reason {
            StopReason::Stepped => S::DoneStep,
            StopReason::Breakpoint(id) => match self.inserted.iter().find(|(_, i)| i == id) {
                Some((Inserted::Hw(_), _)) => S::HwBreak(()),
                _ => S::SwBreak(()),
            },
            StopReason::Watch(id, _) => match self.inserted.iter().find(|(_, i)| i == id) {
                Some((Inserted::Watch { addr, kind, .. }, _)) => S::Watch { tid: (), kind: *kind, addr: *addr },
                _ => S::Signal(Signal::SIGTRAP),
            },
            StopReason::Reached(_) => S::Signal(Signal::SIGTRAP),
            StopReason::Exited(code) => S::Exited((*code).min(255) as u8),
            StopReason::Idle => {
                eprintln!("hemu: the hart waits in WFI and nothing can wake it");
                S::Signal(Signal::SIGSTOP)
            }
            StopReason::Stalled => {
                eprintln!("hemu: the hart cannot make progress");
                S::Signal(Signal::SIGSTOP)
            }
            StopReason::StepLimit(_) => S::Signal(Signal::SIGSTOP),
            StopReason::HistoryStart => S::ReplayLog { tid: None, pos: ReplayLogPosition::Begin },
            StopReason::Refused(why) => {
                eprintln!("hemu: cannot go back: {why}");
                S::ReplayLog { tid: None, pos: ReplayLogPosition::Begin }
            }
        }
    }

    fn insert(&mut self, what: Inserted, id: Result<u32, String>) -> TargetResult<bool, Self> {
        match id {
            Ok(id) => {
                self.inserted.push((what, id));
                Ok(true)
            }
            Err(_) => Ok(false),
        }
    }

    fn remove(&mut self, what: Inserted) -> TargetResult<bool, Self> {
        let Some(i) = self.inserted.iter().position(|(w, _)| *w == what) else { return Ok(false) };
        let (_, id) = self.inserted.remove(i);
        Ok(self.d.delete(Some(id)).is_ok())
    }
}

/// The physical address GDB means by `va` now: its translation in the
/// current mode (both stages when V=1), or `va` itself where nothing maps
/// it, as GDB users expect of a bare-metal target.
fn physical(h: &Hart, va: u64, access: Access) -> u64 {
    let walk = |a| translate(h, va, a, None).pa();
    // GDB reads code too (disassembly, its own stepping logic): an
    // execute-only page reads through its fetch translation.
    let fetch = || if access == Access::Load { walk(Access::Fetch) } else { None };
    walk(access).or_else(fetch).unwrap_or(va)
}


impl Target for GdbTarget {
    type Arch = Riscv64H;
    type Error = &'static str;

    #[inline(always)]
    fn base_ops(&mut self) -> BaseOps<'_, Self::Arch, Self::Error> {
        BaseOps::SingleThread(self)
    }

    #[inline(always)]
    fn support_breakpoints(&mut self) -> Option<BreakpointsOps<'_, Self>> {
        Some(self)
    }

    #[inline(always)]
    fn support_monitor_cmd(&mut self) -> Option<MonitorCmdOps<'_, Self>> {
        Some(self)
    }

    #[inline(always)]
    fn support_target_description_xml_override(&mut self) -> Option<TargetDescriptionXmlOverrideOps<'_, Self>> {
        Some(self)
    }
}

impl SingleThreadBase for GdbTarget {
    fn read_registers(&mut self, regs: &mut CoreRegs) -> TargetResult<(), Self> {
        let h = &self.d.machine().hart;
        regs.x = *h.xregs();
        regs.pc = h.pc();
        Ok(())
    }

    fn write_registers(&mut self, regs: &CoreRegs) -> TargetResult<(), Self> {
        let h = &mut self.d.machine_mut().hart;
        for (r, v) in regs.x.iter().enumerate() {
            h.set_xreg(r as u8, *v);
        }
        h.set_pc(regs.pc);
        Ok(())
    }

    #[inline(always)]
    fn support_single_register_access(&mut self) -> Option<SingleRegisterAccessOps<'_, (), Self>> {
        Some(self)
    }

    fn read_addrs(&mut self, start: u64, data: &mut [u8]) -> TargetResult<usize, Self> {
        let h = &self.d.machine().hart;
        let mut page = None;
        for (i, b) in data.iter_mut().enumerate() {
            let va = start.wrapping_add(i as u64);
            // One walk per page.
            let base = match page {
                Some((vp, pp)) if vp == va >> 12 => pp,
                _ => {
                    let pp = physical(h, va, Access::Load) & !0xfff;
                    page = Some((va >> 12, pp));
                    pp
                }
            };
            match peek_physical(&h.bus, base | (va & 0xfff), 1) {
                Ok(v) => *b = v as u8,
                Err(_) if i == 0 => return Err(TargetError::NonFatal),
                Err(_) => return Ok(i),
            }
        }
        Ok(data.len())
    }

    fn write_addrs(&mut self, start: u64, data: &[u8]) -> TargetResult<(), Self> {
        let h = &mut self.d.machine_mut().hart;
        for (i, b) in data.iter().enumerate() {
            let va = start.wrapping_add(i as u64);
            let pa = physical(h, va, Access::Store);
            // RAM only: device registers and the boot ROM are refused.
            if !h.bus.ram.write(pa, 1, *b as u64) {
                return Err(TargetError::NonFatal);
            }
        }
        Ok(())
    }

    #[inline(always)]
    fn support_resume(&mut self) -> Option<SingleThreadResumeOps<'_, Self>> {
        Some(self)
    }
}

impl SingleRegisterAccess<()> for GdbTarget {
    fn read_register(&mut self, _: (), reg: Reg, buf: &mut [u8]) -> TargetResult<usize, Self> {
        let h = &self.d.machine().hart;
        let v = match reg {
            Reg::X(r) => h.xreg(r),
            Reg::Pc => h.pc(),
            Reg::F(r) => h.freg(r),
            Reg::Csr(c) => h.csr_peek(c).ok_or(TargetError::NonFatal)?,
            Reg::Priv => Mode::debug_code(h.mode()),
        };
        let n = reg.size().min(buf.len());
        buf[..n].copy_from_slice(&v.to_le_bytes()[..n]);
        Ok(n)
    }

    fn write_register(&mut self, _: (), reg: Reg, val: &[u8]) -> TargetResult<(), Self> {
        if val.is_empty() || val.len() > 8 {
            return Err(TargetError::NonFatal);
        }
        let mut bytes = [0u8; 8];
        bytes[..val.len()].copy_from_slice(val);
        let v = u64::from_le_bytes(bytes);
        let h = &mut self.d.machine_mut().hart;
        match reg {
            Reg::X(r) => h.set_xreg(r, v),
            Reg::Pc => h.set_pc(v),
            Reg::F(r) => h.set_freg(r, v),
            Reg::Csr(c) => {
                if !h.csr_poke(c, v) {
                    return Err(TargetError::NonFatal);
                }
            }
            Reg::Priv => h.set_mode(Mode::from_debug_code(v).ok_or(TargetError::NonFatal)?),
        }
        Ok(())
    }
}

impl SingleThreadResume for GdbTarget {
    /// Continue. A signal to deliver means nothing to a bare-metal hart
    /// and is dropped (GDB passes one only if told to).
    fn resume(&mut self, _signal: Option<Signal>) -> Result<(), Self::Error> {
        self.resume = Resume::Continue;
        Ok(())
    }

    #[inline(always)]
    fn support_single_step(&mut self) -> Option<SingleThreadSingleStepOps<'_, Self>> {
        Some(self)
    }

    #[inline(always)]
    fn support_reverse_step(&mut self) -> Option<ReverseStepOps<'_, (), Self>> {
        Some(self)
    }

    #[inline(always)]
    fn support_reverse_cont(&mut self) -> Option<ReverseContOps<'_, (), Self>> {
        Some(self)
    }
}

impl SingleThreadSingleStep for GdbTarget {
    fn step(&mut self, _signal: Option<Signal>) -> Result<(), Self::Error> {
        self.resume = Resume::Step;
        Ok(())
    }
}

impl ReverseStep<()> for GdbTarget {
    fn reverse_step(&mut self, _: ()) -> Result<(), Self::Error> {
        self.resume = Resume::ReverseStep;
        Ok(())
    }
}

impl ReverseCont<()> for GdbTarget {
    fn reverse_cont(&mut self) -> Result<(), Self::Error> {
        self.resume = Resume::ReverseContinue;
        Ok(())
    }
}

impl Breakpoints for GdbTarget {
    #[inline(always)]
    fn support_sw_breakpoint(&mut self) -> Option<SwBreakpointOps<'_, Self>> {
        Some(self)
    }
    #[inline(always)]
    fn support_hw_breakpoint(&mut self) -> Option<HwBreakpointOps<'_, Self>> {
        Some(self)
    }
    #[inline(always)]
    fn support_hw_watchpoint(&mut self) -> Option<HwWatchpointOps<'_, Self>> {
        Some(self)
    }
}

// Breakpoints stop before the instruction at their (virtual) address in
// whatever mode the hart fetches it: the session's probes, not an EBREAK
// written into memory, so the guest never sees them.
impl SwBreakpoint for GdbTarget {
    fn add_sw_breakpoint(&mut self, addr: u64, _kind: usize) -> TargetResult<bool, Self> {
        let id = self.d.add_break(&Addr::Number(addr));
        self.insert(Inserted::Sw(addr), id)
    }
    fn remove_sw_breakpoint(&mut self, addr: u64, _kind: usize) -> TargetResult<bool, Self> {
        self.remove(Inserted::Sw(addr))
    }
}

impl HwBreakpoint for GdbTarget {
    fn add_hw_breakpoint(&mut self, addr: u64, _kind: usize) -> TargetResult<bool, Self> {
        let id = self.d.add_break(&Addr::Number(addr));
        self.insert(Inserted::Hw(addr), id)
    }
    fn remove_hw_breakpoint(&mut self, addr: u64, _kind: usize) -> TargetResult<bool, Self> {
        self.remove(Inserted::Hw(addr))
    }
}

impl HwWatchpoint for GdbTarget {
    /// Watch the physical bytes `addr` translated to when the client first
    /// inserted this watchpoint (see `watch_pa`), or `addr` itself where
    /// nothing mapped it.
    fn add_hw_watchpoint(&mut self, addr: u64, len: u64, kind: WatchKind) -> TargetResult<bool, Self> {
        let access = match kind {
            WatchKind::Write => WatchAccess::Write,
            WatchKind::Read => WatchAccess::Read,
            WatchKind::ReadWrite => WatchAccess::ReadWrite,
        };
        let len = len.clamp(1, 1 << 20);
        if addr.checked_add(len).is_none() {
            return Ok(false);
        }
        let pa = match self.watch_pa.iter().find(|(k, _)| *k == (addr, len)) {
            Some(&(_, pa)) => pa,
            None => {
                let pa = physical(&self.d.machine().hart, addr, Access::Load);
                if pa.checked_add(len).is_none() {
                    return Ok(false);
                }
                self.watch_pa.push(((addr, len), pa));
                pa
            }
        };
        let id = self.d.add_mem_watch_at(addr, pa, len, access);
        self.insert(Inserted::Watch { addr, len, kind }, Ok(id))
    }
    fn remove_hw_watchpoint(&mut self, addr: u64, len: u64, kind: WatchKind) -> TargetResult<bool, Self> {
        self.remove(Inserted::Watch { addr, len: len.clamp(1, 1 << 20), kind })
    }
}

impl MonitorCmd for GdbTarget {
    fn handle_monitor_cmd(&mut self, cmd: &[u8], mut out: ConsoleOutput<'_>) -> Result<(), Self::Error> {
        let Ok(line) = std::str::from_utf8(cmd) else {
            outputln!(out, "error: the command is not UTF-8");
            return Ok(());
        };
        let first = line.split_whitespace().next().unwrap_or("");
        let known = crate::debug::command::canonical(first).filter(|c| MONITOR_COMMANDS.contains(c));
        if known.is_none() {
            outputln!(
                out,
                "monitor commands (as in hemu debug): transitions [N], explain, translate VA [fetch|load|store],"
            );
            outputln!(
                out,
                "  csrs [m|hs|vs|all], csr NAME, until sret|mret|xret|trap [CAUSE]|irq [N]|mode MODE|pc ADDR, mode,"
            );
            outputln!(
                out,
                "  input TEXT (typed into the guest's UART; \\n is Enter)"
            );
            if !first.is_empty() && first != "help" {
                outputln!(out, "error: unknown monitor command '{first}'");
            }
            return Ok(());
        }
        let reply = crate::debug::repl::execute(&mut self.d, line);
        self.flush_console();
        for l in reply.text.lines() {
            outputln!(out, "{l}");
        }
        Ok(())
    }
}

impl TargetDescriptionXmlOverride for GdbTarget {
    fn target_description_xml(
        &self,
        annex: &[u8],
        offset: u64,
        length: usize,
        buf: &mut [u8],
    ) -> TargetResult<usize, Self> {
        if annex != b"target.xml" {
            return Err(TargetError::NonFatal);
        }
        let xml = self.xml.as_bytes();
        let start = usize::try_from(offset).unwrap_or(usize::MAX).min(xml.len());
        let end = start.saturating_add(length).min(xml.len());
        let n = (end - start).min(buf.len());
        buf[..n].copy_from_slice(&xml[start..start + n]);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priv_has_v_at_bit_2() {
        assert_eq!(Mode::debug_code(Mode::VS), 5);
        assert_eq!(Mode::debug_code(Mode::VU), 4);
        assert_eq!(Mode::debug_code(Mode::HS), 1);
        assert_eq!(Mode::debug_code(Mode::U), 0);
        assert_eq!(Mode::debug_code(Mode::M), 3);
        for m in [Mode::M, Mode::HS, Mode::U, Mode::VS, Mode::VU] {
            assert_eq!(Mode::from_debug_code(Mode::debug_code(m)), Some(m));
        }
        assert_eq!(Mode::from_debug_code(2), None);
        assert_eq!(Mode::from_debug_code(7), None);
        assert_eq!(Mode::from_debug_code(8), None);
    }
}
