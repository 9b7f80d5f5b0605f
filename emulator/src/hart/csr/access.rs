//! CSR instructions: permission checks, routing of S names to VS copies when
//! V=1, WARL legalization on write, side effects.
//!
//! The checks follow the privileged spec's "CSR Address Mapping Conventions"
//! (bits 9:8 = lowest privilege, bits 11:10 = 3 means read-only) and the
//! hypervisor chapter's rule for the virtual-instruction exception: from
//! VS/VU, an access that HS-mode would be allowed to make raises cause 22
//! instead of illegal instruction.

use super::addr::*;
use super::bits::*;
use super::trigger::{is_trigger_csr, trigger_read};
use crate::hart::{Hart, Privilege, Trap};

/// Which Zicsr instruction family is accessing the CSR.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CsrOpKind {
    /// CSRRW / CSRRWI
    Write,
    /// CSRRS / CSRRSI
    Set,
    /// CSRRC / CSRRCI
    Clear,
}

/// One CSR instruction's access. `reads` is false only for CSRRW[I] with
/// rd = x0 (no read side effects); `writes` is false for CSRRS[I]/CSRRC[I]
/// with rs1 = x0 or uimm = 0 (no write, so a read-only CSR is fine).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct CsrOp {
    pub kind: CsrOpKind,
    pub reads: bool,
    pub writes: bool,
}

/// Why an access is refused.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Denied {
    Illegal,
    Virtual,
}

// Write masks (what software can change).
const SSTATUS_READ: u64 = STATUS_SIE | SPIE | UBE | SPP | VS_FIELD | FS | XS | SUM | MXR | UXL | SD;
const SSTATUS_WRITE: u64 = STATUS_SIE | SPIE | SPP | FS | SUM | MXR;
const MSTATUS_WRITE: u64 =
    SSTATUS_WRITE | STATUS_MIE | MPIE | MPP | MPRV | TVM | TW | TSR | GVA | MPV;
const HSTATUS_WRITE: u64 =
    HSTATUS_GVA | HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_HU | HSTATUS_VTVM | HSTATUS_VTW | HSTATUS_VTSR;
/// medeleg: every exception below 24 except ecall from M (11) and the
/// reserved 14, 16..19.
pub const MEDELEG_WRITE: u64 = 0x00f0_b7ff;
/// hedeleg: as medeleg, but 9, 10, 11 (ecalls from HS, VS, M), 20..23 (the
/// guest-page faults and virtual instruction) are read-only zero.
pub const HEDELEG_WRITE: u64 = 0x0000_b1ff;
const MIDELEG_WRITE: u64 = S_INTERRUPTS;
const MIE_WRITE: u64 = M_INTERRUPTS | S_INTERRUPTS | VS_INTERRUPTS;
const MENVCFG_WRITE: u64 = ENVCFG_FIOM | ENVCFG_ADUE | ENVCFG_STCE;
const COUNTEREN_WRITE: u64 = 0xffff_ffff;
/// mcountinhibit: CY, IR and the (read-zero) hpm counters; TM does not exist.
const MCOUNTINHIBIT_WRITE: u64 = 0xffff_fffd;

fn is_counter(addr: u16) -> bool {
    (CYCLE..=HPMCOUNTER31).contains(&addr)
}

impl Hart {
    /// Execute a CSR instruction's access: returns the old value for rd.
    /// `inst_bits` is the instruction, for the tval of illegal/virtual
    /// instruction traps.
    pub fn csr_access(&mut self, addr: u16, op: CsrOp, operand: u64, inst_bits: u32) -> Result<u64, Trap> {
        let addr = match self.check_csr(addr, op.writes) {
            Ok(a) => a,
            Err(Denied::Illegal) => return Err(Trap::illegal(inst_bits as u64)),
            Err(Denied::Virtual) => return Err(Trap::virtual_instruction(inst_bits as u64)),
        };
        let old = self.csr_read_routed(addr);
        if op.writes {
            // mip.SEIP: a read returns the OR with the PLIC line, but the
            // read-modify-write of CSRRS/CSRRC uses only the software bit.
            let base = if addr == MIP && op.kind != CsrOpKind::Write {
                self.csr.mip | (self.csr.mip_lines & !SEIP)
            } else {
                old
            };
            let new = match op.kind {
                CsrOpKind::Write => operand,
                CsrOpKind::Set => base | operand,
                CsrOpKind::Clear => base & !operand,
            };
            self.csr_write_routed(addr, new);
            self.irq_dirty = true;
        }
        Ok(old)
    }

    /// Permission check for a CSR instruction in the current mode. On
    /// success returns the address actually accessed: with V=1 the
    /// supervisor CSR names reach their VS copies.
    pub fn check_csr(&self, addr: u16, writes: bool) -> Result<u16, Denied> {
        if !self.csr_exists(addr) {
            return Err(Denied::Illegal);
        }
        if writes && (addr >> 10) & 3 == 3 {
            return Err(Denied::Illegal);
        }
        // mstatus.FS = Off makes the FP CSRs inaccessible in every mode.
        if matches!(addr, FFLAGS | FRM | FCSR) && self.csr.mstatus & FS == FS_OFF {
            return Err(Denied::Illegal);
        }
        let level = (addr >> 8) & 3;
        let prv = self.prv;
        let v = self.virt;
        if prv == Privilege::Machine {
            return Ok(addr);
        }
        if level == 3 {
            return Err(Denied::Illegal);
        }
        // Level 2 holds the hypervisor and VS CSRs: HS only.
        if level == 2 {
            return match (prv, v) {
                (Privilege::Supervisor, false) => self.check_csr_specific(addr, writes),
                (_, true) => {
                    // Allowed in HS? Then virtual instruction, else illegal.
                    self.check_as_hs(addr, writes)?;
                    Err(Denied::Virtual)
                }
                _ => Err(Denied::Illegal),
            };
        }
        if level == 1 && prv == Privilege::User {
            if v {
                self.check_as_hs(addr, writes)?;
                return Err(Denied::Virtual);
            }
            return Err(Denied::Illegal);
        }
        let routed = if v { vs_alias(addr) } else { addr };
        self.check_csr_specific(addr, writes)?;
        Ok(routed)
    }

    /// Would HS-mode be allowed this access? (Illegal if not.)
    fn check_as_hs(&self, addr: u16, writes: bool) -> Result<(), Denied> {
        let mut hs = HsView { h: self };
        hs.check(addr, writes)
    }

    /// Checks beyond the address's privilege field, in the current mode
    /// (which is below M).
    fn check_csr_specific(&self, addr: u16, _writes: bool) -> Result<u16, Denied> {
        let v = self.virt;
        let prv = self.prv;
        if is_counter(addr) {
            let bit = 1u64 << (addr - CYCLE);
            if self.csr.mcounteren & bit == 0 {
                return Err(Denied::Illegal);
            }
            if v && self.csr.hcounteren & bit == 0 {
                return Err(Denied::Virtual);
            }
            if prv == Privilege::User && self.csr.scounteren & bit == 0 {
                return Err(if v { Denied::Virtual } else { Denied::Illegal });
            }
            return Ok(addr);
        }
        match addr {
            FFLAGS | FRM | FCSR => {
                if self.csr.mstatus & FS == FS_OFF || (v && self.csr.vsstatus & FS == FS_OFF) {
                    return Err(Denied::Illegal);
                }
            }
            SATP => {
                if v {
                    if self.csr.hstatus & HSTATUS_VTVM != 0 {
                        return Err(Denied::Virtual);
                    }
                } else if self.csr.mstatus & TVM != 0 {
                    return Err(Denied::Illegal);
                }
            }
            HGATP => {
                if self.csr.mstatus & TVM != 0 {
                    return Err(Denied::Illegal);
                }
            }
            // Sstc: below M the comparators need menvcfg.STCE and
            // mcounteren.TM (else illegal); from VS also henvcfg.STCE and
            // hcounteren.TM (else virtual instruction).
            STIMECMP | VSTIMECMP => {
                const TM: u64 = 1 << 1;
                if self.csr.menvcfg & ENVCFG_STCE == 0 || self.csr.mcounteren & TM == 0 {
                    return Err(Denied::Illegal);
                }
                if v && (self.csr.henvcfg & ENVCFG_STCE == 0 || self.csr.hcounteren & TM == 0) {
                    return Err(Denied::Virtual);
                }
            }
            _ => {}
        }
        Ok(addr)
    }

    /// Does this hart implement the CSR at `addr`?
    pub fn csr_exists(&self, addr: u16) -> bool {
        matches!(
            addr,
            FFLAGS | FRM | FCSR
                | CYCLE..=HPMCOUNTER31
                | SSTATUS | SIE | STVEC | SCOUNTEREN | SENVCFG | SSCRATCH | SEPC | SCAUSE | STVAL | SIP
                | STIMECMP | SATP
                | VSSTATUS | VSIE | VSTVEC | VSSCRATCH | VSEPC | VSCAUSE | VSTVAL | VSIP | VSTIMECMP | VSATP
                | HSTATUS | HEDELEG | HIDELEG | HIE | HTIMEDELTA | HCOUNTEREN | HGEIE | HENVCFG | HTVAL | HIP
                | HVIP | HTINST | HGATP | HGEIP
                | MVENDORID | MARCHID | MIMPID | MHARTID | MCONFIGPTR
                | MSTATUS | MISA | MEDELEG | MIDELEG | MIE | MTVEC | MCOUNTEREN | MENVCFG | MCOUNTINHIBIT
                | MHPMEVENT3..=MHPMEVENT31
                | MSCRATCH | MEPC | MCAUSE | MTVAL | MIP | MTINST | MTVAL2
                | PMPADDR0..=PMPADDR63
                | MCYCLE | MINSTRET | MHPMCOUNTER3..=MHPMCOUNTER31
        ) || ((PMPCFG0..=PMPCFG15).contains(&addr) && addr % 2 == 0)
            || is_trigger_csr(addr)
    }

    /// The value of mip as software reads it: the software-writable bits
    /// OR'd with the lines driven by devices and timers.
    #[inline]
    pub fn mip_value(&self) -> u64 {
        let mut sw = self.csr.mip;
        if self.csr.menvcfg & ENVCFG_STCE != 0 {
            // With Sstc, STIP reflects stimecmp only (it is read-only in mip).
            sw &= !STIP;
        }
        sw | self.csr.mip_lines
    }

    /// Read a CSR by address with no permission check and no V routing: the
    /// register that lives at that address. For debuggers and tests; None
    /// if the hart does not implement it.
    pub fn csr_peek(&self, addr: u16) -> Option<u64> {
        if !self.csr_exists(addr) {
            return None;
        }
        Some(self.csr_read_routed(addr))
    }

    /// Write a CSR by address with no permission check and no V routing,
    /// with the same WARL legalization and side effects as a CSR
    /// instruction. Returns false if the CSR does not exist or is read-only.
    pub fn csr_poke(&mut self, addr: u16, value: u64) -> bool {
        if !self.csr_exists(addr) || (addr >> 10) & 3 == 3 {
            return false;
        }
        self.csr_write_routed(addr, value);
        self.irq_dirty = true;
        true
    }

    fn csr_read_routed(&self, addr: u16) -> u64 {
        let c = &self.csr;
        match addr {
            TIME => {
                let t = self.bus.mtime();
                if self.virt {
                    t.wrapping_add(c.htimedelta)
                } else {
                    t
                }
            }
            FFLAGS => c.fflags,
            FRM => c.frm,
            FCSR => (c.frm << 5) | c.fflags,
            CYCLE | MCYCLE => self.cycles,
            INSTRET | MINSTRET => self.instret,
            SSTATUS => with_sd(c.mstatus & SSTATUS_READ),
            SIE => c.mie & c.mideleg & !VS_INTERRUPTS & !SGEIP,
            STVEC => c.stvec,
            SCOUNTEREN => c.scounteren,
            SENVCFG => c.senvcfg,
            SSCRATCH => c.sscratch,
            SEPC => c.sepc,
            SCAUSE => c.scause,
            STVAL => c.stval,
            SIP => self.mip_value() & c.mideleg & !VS_INTERRUPTS & !SGEIP,
            STIMECMP => c.stimecmp,
            SATP => c.satp,
            VSSTATUS => with_sd(c.vsstatus),
            VSIE => (c.mie & c.hideleg & VS_INTERRUPTS) >> 1,
            VSTVEC => c.vstvec,
            VSSCRATCH => c.vsscratch,
            VSEPC => c.vsepc,
            VSCAUSE => c.vscause,
            VSTVAL => c.vstval,
            VSIP => (self.mip_value() & c.hideleg & VS_INTERRUPTS) >> 1,
            VSTIMECMP => c.vstimecmp,
            VSATP => c.vsatp,
            HSTATUS => c.hstatus,
            HEDELEG => c.hedeleg,
            HIDELEG => c.hideleg,
            HIE => c.mie & (VS_INTERRUPTS | SGEIP),
            HTIMEDELTA => c.htimedelta,
            HCOUNTEREN => c.hcounteren,
            HGEIE => c.hgeie,
            HENVCFG => c.henvcfg & self.henvcfg_mask(),
            HTVAL => c.htval,
            HIP => self.mip_value() & (VS_INTERRUPTS | SGEIP),
            HVIP => c.mip & VS_INTERRUPTS,
            HTINST => c.htinst,
            HGATP => c.hgatp,
            HGEIP => 0,
            MVENDORID | MARCHID | MIMPID | MCONFIGPTR => 0,
            MHARTID => self.hartid,
            MSTATUS => with_sd(c.mstatus),
            MISA => c.misa,
            MEDELEG => c.medeleg,
            MIDELEG => c.mideleg,
            MIE => c.mie,
            MTVEC => c.mtvec,
            MCOUNTEREN => c.mcounteren,
            MENVCFG => c.menvcfg,
            MCOUNTINHIBIT => c.mcountinhibit,
            MSCRATCH => c.mscratch,
            MEPC => c.mepc,
            MCAUSE => c.mcause,
            MTVAL => c.mtval,
            MIP => self.mip_value(),
            MTINST => c.mtinst,
            MTVAL2 => c.mtval2,
            PMPCFG0..=PMPCFG15 => self.pmpcfg_read((addr - PMPCFG0) as usize),
            PMPADDR0..=PMPADDR63 => self.pmpaddr_read((addr - PMPADDR0) as usize),
            TSELECT..=TINFO => trigger_read(addr),
            // hpm counters and events are implemented as read-only zero.
            _ => 0,
        }
    }

    fn csr_write_routed(&mut self, addr: u16, v: u64) {
        let c = &mut self.csr;
        match addr {
            FFLAGS => {
                c.fflags = v & 0x1f;
                self.fp_dirty();
            }
            FRM => {
                c.frm = v & 7;
                self.fp_dirty();
            }
            FCSR => {
                c.fflags = v & 0x1f;
                c.frm = (v >> 5) & 7;
                self.fp_dirty();
            }
            // A write to a counter suppresses this instruction's own
            // increment: store one less than the retire step will add.
            MCYCLE => self.cycles = v.wrapping_sub(self.cycle_step()),
            MINSTRET => self.instret = v.wrapping_sub(self.instret_step()),
            SSTATUS => c.mstatus = (c.mstatus & !SSTATUS_WRITE) | (v & SSTATUS_WRITE),
            SIE => {
                let m = c.mideleg & S_INTERRUPTS;
                c.mie = (c.mie & !m) | (v & m);
            }
            STVEC => c.stvec = legal_tvec(c.stvec, v),
            SCOUNTEREN => c.scounteren = v & COUNTEREN_WRITE,
            SENVCFG => c.senvcfg = v & ENVCFG_FIOM,
            SSCRATCH => c.sscratch = v,
            SEPC => c.sepc = v & !1,
            SCAUSE => c.scause = v,
            STVAL => c.stval = v,
            SIP => {
                // Only SSIP is writable through sip, and only when delegated.
                let m = c.mideleg & SSIP;
                c.mip = (c.mip & !m) | (v & m);
            }
            STIMECMP => {
                c.stimecmp = v;
                self.timer_changed();
            }
            SATP => {
                if let Some(v) = legal_atp(v) {
                    if v != c.satp {
                        c.satp = v;
                        self.mmu.atp_written();
                    }
                }
            }
            VSSTATUS => c.vsstatus = (c.vsstatus & !SSTATUS_WRITE) | (v & SSTATUS_WRITE),
            VSIE => {
                let m = c.hideleg & VS_INTERRUPTS;
                c.mie = (c.mie & !m) | ((v << 1) & m);
            }
            VSTVEC => c.vstvec = legal_tvec(c.vstvec, v),
            VSSCRATCH => c.vsscratch = v,
            VSEPC => c.vsepc = v & !1,
            VSCAUSE => c.vscause = v,
            VSTVAL => c.vstval = v,
            VSIP => {
                // vsip.SSIP is an alias of mip.VSSIP (when delegated); the
                // timer and external bits are read-only here.
                let m = c.hideleg & VSSIP;
                c.mip = (c.mip & !m) | ((v << 1) & m);
            }
            VSTIMECMP => {
                c.vstimecmp = v;
                self.timer_changed();
            }
            VSATP => {
                if let Some(v) = legal_atp(v) {
                    if v != c.vsatp {
                        c.vsatp = v;
                        self.mmu.atp_written();
                    }
                }
            }
            HSTATUS => {
                c.hstatus = (c.hstatus & !HSTATUS_WRITE) | (v & HSTATUS_WRITE);
            }
            HEDELEG => c.hedeleg = v & HEDELEG_WRITE,
            HIDELEG => c.hideleg = v & VS_INTERRUPTS,
            HIE => {
                let m = VS_INTERRUPTS;
                c.mie = (c.mie & !m) | (v & m);
            }
            HTIMEDELTA => {
                c.htimedelta = v;
                self.timer_changed();
            }
            HCOUNTEREN => c.hcounteren = v & COUNTEREN_WRITE,
            HGEIE => {} // GEILEN = 0: no guest external interrupt lines.
            HENVCFG => {
                c.henvcfg = v & (ENVCFG_FIOM | ENVCFG_ADUE | ENVCFG_STCE);
                self.timer_changed();
            }
            HTVAL => c.htval = v,
            HIP => {
                // Only VSSIP is writable through hip (an alias of hvip.VSSIP).
                c.mip = (c.mip & !VSSIP) | (v & VSSIP);
            }
            HVIP => c.mip = (c.mip & !VS_INTERRUPTS) | (v & VS_INTERRUPTS),
            HTINST => c.htinst = v,
            HGATP => {
                let v = legal_hgatp(c.hgatp, v);
                if v != c.hgatp {
                    c.hgatp = v;
                    self.mmu.atp_written();
                }
            }
            MSTATUS => {
                let mut new = (c.mstatus & !MSTATUS_WRITE) | (v & MSTATUS_WRITE);
                // MPP is WARL over {U, S, M}: the reserved 2 keeps the old value.
                if (v & MPP) >> MPP_SHIFT == 2 {
                    new = (new & !MPP) | (c.mstatus & MPP);
                }
                c.mstatus = new;
            }
            MISA => {} // The extensions are fixed; misa is read-only here.
            MEDELEG => c.medeleg = v & MEDELEG_WRITE,
            MIDELEG => c.mideleg = (v & MIDELEG_WRITE) | VS_INTERRUPTS,
            MIE => c.mie = v & MIE_WRITE,
            MTVEC => c.mtvec = legal_tvec(c.mtvec, v),
            MCOUNTEREN => c.mcounteren = v & COUNTEREN_WRITE,
            MENVCFG => {
                c.menvcfg = v & MENVCFG_WRITE;
                self.timer_changed();
            }
            MCOUNTINHIBIT => c.mcountinhibit = v & MCOUNTINHIBIT_WRITE,
            MSCRATCH => c.mscratch = v,
            MEPC => c.mepc = v & !1,
            MCAUSE => c.mcause = v,
            MTVAL => c.mtval = v,
            MIP => {
                // M can write SSIP, STIP (unless Sstc drives it), SEIP's
                // software bit, and VSSIP (the alias of hvip.VSSIP).
                let mut m = SSIP | SEIP | VSSIP;
                if c.menvcfg & ENVCFG_STCE == 0 {
                    m |= STIP;
                }
                c.mip = (c.mip & !m) | (v & m);
            }
            MTINST => c.mtinst = v,
            MTVAL2 => c.mtval2 = v,
            PMPCFG0..=PMPCFG15 => self.pmpcfg_write((addr - PMPCFG0) as usize, v),
            PMPADDR0..=PMPADDR63 => self.pmpaddr_write((addr - PMPADDR0) as usize, v),
            // No triggers: every trigger CSR write is legalized away.
            TSELECT..=TINFO => {}
            _ => {} // read-only zero counters and events
        }
    }

    /// henvcfg bits that menvcfg lets exist: STCE and ADUE are read-only
    /// zero in henvcfg while the same menvcfg bit is 0.
    fn henvcfg_mask(&self) -> u64 {
        ENVCFG_FIOM | (self.csr.menvcfg & (ENVCFG_STCE | ENVCFG_ADUE))
    }

    /// 1 if minstret counts (mcountinhibit.IR clear), else 0.
    #[inline(always)]
    pub fn instret_step(&self) -> u64 {
        (!self.csr.mcountinhibit >> 2) & 1
    }

    /// 1 if mcycle counts (mcountinhibit.CY clear), else 0.
    #[inline(always)]
    pub fn cycle_step(&self) -> u64 {
        !self.csr.mcountinhibit & 1
    }

    /// The platform time (the CLINT's mtime), exact to this instruction:
    /// `run` keeps the CLINT told how far into its chunk it is.
    pub fn mtime(&self) -> u64 {
        self.bus.mtime()
    }

    /// Re-evaluate the Sstc comparators: STIP from stimecmp (when
    /// menvcfg.STCE) and VSTIP from vstimecmp against time + htimedelta
    /// (when henvcfg.STCE too).
    pub fn update_timer_lines(&mut self) {
        let c = &self.csr;
        let now = self.bus.mtime();
        let mut lines = c.mip_lines & !(STIP | VSTIP);
        if c.menvcfg & ENVCFG_STCE != 0 {
            if now >= c.stimecmp {
                lines |= STIP;
            }
            if c.henvcfg & ENVCFG_STCE != 0 && now.wrapping_add(c.htimedelta) >= c.vstimecmp {
                lines |= VSTIP;
            }
        }
        if lines != self.csr.mip_lines {
            self.csr.mip_lines = lines;
            self.irq_dirty = true;
        }
    }

    /// A timer compare register or the time offset was written: the
    /// machine must re-plan where its next chunk ends, so `run` returns.
    fn timer_changed(&mut self) {
        self.update_timer_lines();
        self.yield_run = true;
        self.irq_dirty = true;
    }

    /// After an access to a device register: hand the (possibly changed)
    /// interrupt lines to the hart now rather than at the end of the
    /// chunk, and let the machine re-plan timer deadlines (mtimecmp may
    /// have moved).
    #[inline(never)]
    pub fn device_accessed(&mut self) {
        self.bus.device_touched = false;
        let lines = self.bus.irq_lines();
        self.set_irq_lines(lines);
        self.yield_run = true;
        self.irq_dirty = true;
    }
}

/// With V=1, the supervisor CSR names reach their VS copies.
fn vs_alias(addr: u16) -> u16 {
    match addr {
        SSTATUS => VSSTATUS,
        SIE => VSIE,
        STVEC => VSTVEC,
        SSCRATCH => VSSCRATCH,
        SEPC => VSEPC,
        SCAUSE => VSCAUSE,
        STVAL => VSTVAL,
        SIP => VSIP,
        STIMECMP => VSTIMECMP,
        SATP => VSATP,
        a => a,
    }
}

/// xSTATUS.SD summarizes FS (and XS/VS, always 0 here) being Dirty.
fn with_sd(status: u64) -> u64 {
    if status & FS == FS_DIRTY {
        status | SD
    } else {
        status & !SD
    }
}

/// xtvec: MODE 0 (direct) and 1 (vectored) are implemented; a reserved mode
/// keeps the old mode (WARL).
fn legal_tvec(old: u64, v: u64) -> u64 {
    let mode = if v & 3 < 2 { v & 3 } else { old & 3 };
    (v & !3) | mode
}

/// satp/vsatp: a write with an unsupported MODE (not Bare, Sv39, Sv48) has
/// no effect at all. With Bare the other fields have no effect but are kept
/// as written (as Spike and QEMU do); ASID is 16 bits, all writable.
fn legal_atp(v: u64) -> Option<u64> {
    match v >> SATP_MODE_SHIFT {
        SATP_MODE_BARE | SATP_MODE_SV39 | SATP_MODE_SV48 => Some(v),
        _ => None,
    }
}

/// hgatp: unlike satp, an unsupported MODE does not drop the write; the
/// fields are WARL: the MODE keeps its old value, VMID is 14 bits, and
/// PPN[1:0] are zero (the root of an x4 table is 16 KiB aligned).
fn legal_hgatp(old: u64, v: u64) -> u64 {
    let mode = match v >> SATP_MODE_SHIFT {
        m @ (SATP_MODE_BARE | SATP_MODE_SV39 | SATP_MODE_SV48) => m,
        _ => old >> SATP_MODE_SHIFT,
    };
    let vmid = (v >> HGATP_VMID_SHIFT) & HGATP_VMID_MASK;
    let ppn = v & SATP_PPN_MASK & !3;
    (mode << SATP_MODE_SHIFT) | (vmid << HGATP_VMID_SHIFT) | ppn
}

/// The hart seen as if it were in HS-mode, to decide between illegal and
/// virtual instruction for accesses from VS/VU.
struct HsView<'a> {
    h: &'a Hart,
}

impl HsView<'_> {
    fn check(&mut self, addr: u16, writes: bool) -> Result<(), Denied> {
        if writes && (addr >> 10) & 3 == 3 {
            return Err(Denied::Illegal);
        }
        if (addr >> 8) & 3 == 3 {
            return Err(Denied::Illegal);
        }
        let c = &self.h.csr;
        if is_counter(addr) && c.mcounteren & (1 << (addr - CYCLE)) == 0 {
            return Err(Denied::Illegal);
        }
        match addr {
            SATP | HGATP if c.mstatus & TVM != 0 => Err(Denied::Illegal),
            STIMECMP | VSTIMECMP if c.menvcfg & ENVCFG_STCE == 0 || c.mcounteren & 2 == 0 => Err(Denied::Illegal),
            FFLAGS | FRM | FCSR if c.mstatus & FS == FS_OFF => Err(Denied::Illegal),
            _ => Ok(()),
        }
    }
}
