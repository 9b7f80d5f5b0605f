//! The access gate: may a CSR instruction in a given mode access a CSR, and
//! if not, is it an illegal-instruction or a virtual-instruction exception.
//!
//! One pure function of (number, mode, write?, CSR state), from two rules:
//! - the number encodes the access (priv spec, "CSR Address Mapping
//!   Conventions"): bits 11:10 = 0b11 is read-only, bits 9:8 the lowest
//!   privilege that may access it (0 U, 1 S, 2 HS with the H and VS CSRs,
//!   3 M);
//! - some CSRs add a rule on the hart's state (`Gate`: mstatus.FS,
//!   the counter-enable registers, mstatus.TVM, Sstc's STCE, the
//!   Smstateen enables).
//!
//! The H chapter ("Virtual Instruction Exception") turns some refusals in
//! VS and VU into cause 22: an access that HS-mode would be allowed to
//! make, to an H or VS CSR from VS/VU, to an S CSR from VU, or stopped by a
//! gate that HS-mode controls (hcounteren, henvcfg.STCE, hstatus.VTVM).

use super::bits::{ENVCFG_STCE, FS, FS_OFF, HSTATUS_VTVM, TVM};
use super::info::entry;
use super::CsrFile;
use crate::hart::{Mode, Privilege};
use crate::isa::table::Ext;
use crate::isa::Isa;
use defs::counteren::Counteren;
use defs::stateen::Stateen0;

/// Why an access is refused.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Denied {
    /// Illegal-instruction exception (cause 2).
    Illegal,
    /// Virtual-instruction exception (cause 22).
    Virtual,
}

/// The rule a CSR adds, on the hart's state, to the privilege its number
/// encodes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Gate {
    /// None: the number's privilege and read-only bits decide.
    Open,
    /// fflags, frm, fcsr: illegal in every mode while mstatus.FS is Off, or
    /// with V=1 vsstatus.FS is Off (`fp_enabled`).
    Fp,
    /// cycle, time, instret, hpmcounterN (Zicntr, Zihpm): below M the
    /// counter's bit in mcounteren (else illegal); with V=1 its bit in
    /// hcounteren (else virtual); in U and VU its bit in scounteren (else
    /// illegal in U, virtual in VU).
    Counter,
    /// satp, hgatp: in HS, mstatus.TVM makes them illegal; from VS, satp
    /// (reaching vsatp) is a virtual instruction while hstatus.VTVM is set.
    Tvm,
    /// stimecmp, vstimecmp (Sstc): below M, menvcfg.STCE and mcounteren.TM
    /// (else illegal); with V=1 also henvcfg.STCE and hcounteren.TM (else
    /// virtual).
    Sstc,
    /// hstateenN, sstateenN (Smstateen): below M, bit 63 (SE0) of mstateenN
    /// (else illegal); with V=1 also of hstateenN (else virtual).
    Stateen,
    /// senvcfg, henvcfg: with Smstateen, below M mstateen0.ENVCFG (else
    /// illegal); with V=1 also hstateen0.ENVCFG (else virtual).
    Envcfg,
}

impl Gate {
    /// The gate's verdict on an access to `number` in `mode`.
    #[inline]
    pub fn check(self, number: u16, mode: Mode, c: &CsrFile, isa: Isa) -> Result<(), Denied> {
        let virt = mode.virt();
        match self {
            Gate::Open => Ok(()),
            Gate::Fp if fp_enabled(c, virt) => Ok(()),
            Gate::Fp => Err(Denied::Illegal),
            Gate::Counter => {
                if mode == Mode::M {
                    return Ok(());
                }
                // cycle is 0xc00: the low five bits are the counter's index,
                // its bit in the counteren registers.
                let bit = 1u64 << (number & 0x1f);
                if c.mcounteren & bit == 0 {
                    Err(Denied::Illegal)
                } else if virt && c.hcounteren & bit == 0 {
                    Err(Denied::Virtual)
                } else if mode.privilege() == Privilege::User && c.scounteren & bit == 0 {
                    Err(if virt { Denied::Virtual } else { Denied::Illegal })
                } else {
                    Ok(())
                }
            }
            Gate::Tvm => match mode {
                Mode::HS if c.mstatus & TVM != 0 => Err(Denied::Illegal),
                Mode::VS if c.hstatus & HSTATUS_VTVM != 0 => Err(Denied::Virtual),
                _ => Ok(()),
            },
            Gate::Sstc => {
                if mode == Mode::M {
                    Ok(())
                } else if !timer_enabled(c.menvcfg, c.mcounteren) {
                    Err(Denied::Illegal)
                } else if virt && !timer_enabled(c.henvcfg, c.hcounteren) {
                    Err(Denied::Virtual)
                } else {
                    Ok(())
                }
            }
            // xstateen0-3 are numbered 0xN0c-0xN0f: the low two bits are
            // the register's index.
            Gate::Stateen => state_enabled(c, isa, mode, (number & 3) as usize, Stateen0::SE0),
            Gate::Envcfg => state_enabled(c, isa, mode, 0, Stateen0::ENVCFG),
        }
    }
}

/// Smstateen: may `mode` access the state that bit `bit` of the stateen
/// registers number `index` guards? "The stateen registers at each level
/// control access to state at all less-privileged levels": mstateen
/// below M (illegal instruction), hstateen with V=1 (virtual instruction).
fn state_enabled(c: &CsrFile, isa: Isa, mode: Mode, index: usize, bit: Stateen0) -> Result<(), Denied> {
    if mode == Mode::M || !isa.has(Ext::Smstateen) {
        Ok(())
    } else if c.mstateen[index] & bit.bits() == 0 {
        Err(Denied::Illegal)
    } else if mode.virt() && c.hstateen[index] & bit.bits() == 0 {
        Err(Denied::Virtual)
    } else {
        Ok(())
    }
}

/// May an F/D instruction or an FP CSR access run? Not while mstatus.FS is
/// Off, nor with V=1 while vsstatus.FS is Off (priv spec, "Extension
/// Context Status"; H chapter, "vsstatus"). The one FS rule, shared by the
/// CSR gate and every FP instruction (`Hart::fp_check`).
#[inline(always)]
pub fn fp_enabled(c: &CsrFile, virt: bool) -> bool {
    !(c.mstatus & FS == FS_OFF || (virt && c.vsstatus & FS == FS_OFF))
}

/// Sstc: the level below may use its timer comparator when the envcfg
/// register above it has STCE and its counteren has TM.
fn timer_enabled(envcfg: u64, counteren: u64) -> bool {
    envcfg & ENVCFG_STCE != 0 && counteren & Counteren::TM.bits() != 0
}

/// The highest number level (bits 9:8) `mode` may access: S CSRs from VS
/// are allowed (they reach the VS copies), H and VS CSRs only from HS.
fn reach(mode: Mode) -> u16 {
    match mode {
        Mode::M => 3,
        Mode::HS => 2,
        Mode::VS => 1,
        Mode::U | Mode::VU => 0,
    }
}

/// May a CSR instruction in `mode` access `number` (writing it if
/// `writes`), given the CSR state `c` and the hart's extensions `isa`? On success, the number the access
/// reaches: with V=1 the supervisor CSRs reach their VS copies.
#[inline]
pub fn gate(number: u16, mode: Mode, writes: bool, c: &CsrFile, isa: Isa) -> Result<u16, Denied> {
    let Some(e) = entry(number, isa) else {
        return Err(Denied::Illegal);
    };
    if writes && number >> 10 == 3 {
        return Err(Denied::Illegal);
    }
    let level = (number >> 8) & 3;
    if level > reach(mode) {
        // From VS/VU, an H or VS CSR (or from VU an S CSR) that HS-mode may
        // access raises virtual instruction; everything else is illegal.
        if mode.virt() && level <= 2 {
            e.gate.check(number, Mode::HS, c, isa)?;
            return Err(Denied::Virtual);
        }
        return Err(Denied::Illegal);
    }
    e.gate.check(number, mode, c, isa)?;
    Ok(match e.virt {
        Some(vs) if mode.virt() => vs,
        _ => number,
    })
}
