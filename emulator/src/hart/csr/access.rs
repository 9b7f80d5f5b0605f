//! CSR instructions and the debugger's CSR access, on the table: the gate
//! (`gate.rs`) decides whether the access is allowed and which register it
//! reaches (with V=1 the S names reach their VS copies), the entry's read
//! and write rules (`table.rs`) do the rest.

use super::addr::MIP;
use super::bits::*;
use super::gate::{gate, Denied, Gate};
use super::info::{entry, Csr, Plain};
use crate::isa::Isa;
use crate::hart::{Hart, Trap};

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

impl CsrOpKind {
    /// The value written over `old` with `operand`.
    #[inline(always)]
    pub fn apply(self, old: u64, operand: u64) -> u64 {
        match self {
            CsrOpKind::Write => operand,
            CsrOpKind::Set => old | operand,
            CsrOpKind::Clear => old & !operand,
        }
    }
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

/// Where a plain CSR access goes (see `Hart::plain_route`): the engine
/// keeps a few, so a trap handler's accesses to its trap registers skip
/// the table and the gate.
#[derive(Clone, Copy, Default)]
pub struct PlainRoute {
    /// The CSR number, whether it writes, and the mode (see `key`).
    key: u64,
    isa: Isa,
    /// Where the register reached keeps its value (None: an empty route,
    /// which leads nowhere).
    to: Option<Plain>,
}

impl PlainRoute {
    fn key(h: &Hart, addr: u16, writes: bool) -> u64 {
        addr as u64 | (writes as u64) << 12 | (h.prv as u64) << 13 | (h.virt as u64) << 15
    }

    /// True if this is the route of an access to `addr` (writing it or
    /// not) from `h`'s mode with its extensions.
    #[inline(always)]
    pub fn leads(&self, h: &Hart, addr: u16, writes: bool) -> bool {
        self.to.is_some() && self.key == PlainRoute::key(h, addr, writes) && self.isa == h.isa
    }
}

impl Hart {
    /// Execute a CSR instruction's access: returns the old value for rd.
    /// `inst_bits` is the instruction, for the tval of illegal/virtual
    /// instruction traps.
    pub fn csr_access(&mut self, addr: u16, op: CsrOp, operand: u64, inst_bits: u32) -> Result<u64, Trap> {
        let denied = |d| match d {
            Denied::Illegal => Trap::illegal(inst_bits as u64),
            Denied::Virtual => Trap::virtual_instruction(inst_bits as u64),
        };
        let addr = gate(addr, self.mode(), op.writes, &self.csr, self.isa).map_err(denied)?;
        // The gate let only implemented CSRs (and their VS copies) through.
        let e = entry(addr, self.isa).ok_or(denied(Denied::Illegal))?;
        let old = (e.read)(self, addr);
        if op.writes {
            // mip.SEIP: a read returns the OR with the PLIC line, but the
            // read-modify-write of CSRRS/CSRRC uses only the software bit.
            let base = if addr == MIP && op.kind != CsrOpKind::Write {
                self.csr.mip | (self.csr.mip_lines & !SEIP)
            } else {
                old
            };
            (e.write)(self, addr, op.kind.apply(base, operand));
            // A plain CSR's write changes nothing the run loop derives
            // from the hart (see `Csr::plain`).
            if e.plain.is_none() {
                self.irq_dirty = true;
            }
        }
        Ok(old)
    }

    /// Where a CSR instruction on `addr` goes in the current mode if it
    /// is an access to a plain CSR (`Csr::plain`: a trap register) that
    /// the mode reaches with no gate and no read-only rule in the way:
    /// the register (with V=1 the VS copy) and its rules. None where any
    /// other rule could apply: the general path then decides (a trap
    /// included). The route depends only on `addr`, `writes`, the mode
    /// and the extensions (`PlainRoute::leads`), so the engine keeps it.
    pub(crate) fn plain_route(&self, addr: u16, writes: bool) -> Option<PlainRoute> {
        // Plain with no gate of its own, so the gate's decision depends
        // only on the mode (and what it reaches is plain too).
        let reached = |e: &&'static Csr| e.plain.is_some() && e.gate == Gate::Open;
        entry(addr, self.isa).filter(reached)?;
        let to = gate(addr, self.mode(), writes, &self.csr, self.isa).ok()?;
        let e = entry(to, self.isa).filter(reached)?;
        Some(PlainRoute { key: PlainRoute::key(self, addr, writes), isa: self.isa, to: e.plain })
    }

    /// A CSR instruction's access along `route` (which `leads` there
    /// from this hart's mode): as `csr_access` does it.
    #[inline]
    pub(crate) fn plain_access(&mut self, route: &PlainRoute, op: CsrOp, operand: u64) -> u64 {
        let Some(to) = route.to else { return 0 };
        // What the register's rules do (see `Plain`).
        let cell = self.csr.plain_cell(to);
        let old = *cell;
        if op.writes {
            *cell = op.kind.apply(old, operand) & to.keeps;
        }
        old
    }

    /// Permission check for a CSR instruction in the current mode (see
    /// `gate`). On success returns the number actually accessed: with V=1
    /// the supervisor CSR names reach their VS copies.
    pub fn check_csr(&self, addr: u16, writes: bool) -> Result<u16, Denied> {
        gate(addr, self.mode(), writes, &self.csr, self.isa)
    }

    /// Does this hart implement the CSR at `addr`?
    pub fn csr_exists(&self, addr: u16) -> bool {
        entry(addr, self.isa).is_some()
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
        entry(addr, self.isa).map(|e| (e.read)(self, addr))
    }

    /// Write a CSR by address with no permission check and no V routing,
    /// with the same WARL legalization and side effects as a CSR
    /// instruction. Returns false if the CSR does not exist or is read-only.
    pub fn csr_poke(&mut self, addr: u16, value: u64) -> bool {
        let Some(e) = entry(addr, self.isa) else { return false };
        if addr >> 10 == 3 {
            return false;
        }
        (e.write)(self, addr, value);
        // No instruction retires after a debugger's write: a counter
        // written reads the value written from now on.
        self.counters_poked();
        self.irq_dirty = true;
        true
    }

    /// henvcfg bits that menvcfg lets exist: STCE, ADUE and PBMTE are
    /// read-only zero in henvcfg while the same menvcfg bit is 0.
    pub(super) fn henvcfg_mask(&self) -> u64 {
        ENVCFG_FIOM
            | ENVCFG_CBIE
            | ENVCFG_CBCFE
            | ENVCFG_CBZE
            | (self.csr.menvcfg & (ENVCFG_STCE | ENVCFG_ADUE | ENVCFG_PBMTE))
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
    pub(super) fn timer_changed(&mut self) {
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
