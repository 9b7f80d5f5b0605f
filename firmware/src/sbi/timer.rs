//! The Timer extension (EID "TIME") and legacy set_timer.

use super::SbiRet;
use crate::platform;
use defs::csr::{self, MHARTID, MIE, MIP, STIMECMP};
use defs::interrupts::Mip;
use defs::sbi::error::NOT_SUPPORTED;
use defs::sbi::time::SET_TIMER;

pub fn call(fid: u64, args: &[u64; 6]) -> SbiRet {
    match fid {
        SET_TIMER => {
            set_timer(args[0]);
            SbiRet::ok(0)
        }
        _ => SbiRet::err(NOT_SUPPORTED),
    }
}

/// Programs the next supervisor timer event at absolute time `when` and
/// clears the pending one.
pub fn set_timer(when: u64) {
    if platform::get().has_sstc {
        // With Sstc (menvcfg.STCE = 1) STIP is `time >= stimecmp` in hardware.
        // SAFETY: only the supervisor timer changes.
        unsafe { csr::write::<STIMECMP>(when) };
    } else {
        // Without it, M-mode watches mtimecmp and forwards MTIP as STIP
        // (see trap.rs).
        platform::set_mtimecmp(csr::read::<MHARTID>(), when);
        // SAFETY: interrupt bits only; the trap vector handles MTIP.
        unsafe {
            csr::clear::<MIP>(Mip::STIP.bits());
            csr::set::<MIE>(Mip::MTIP.bits());
        }
    }
}
