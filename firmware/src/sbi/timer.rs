//! The Timer extension (EID "TIME") and legacy set_timer.

use super::{SbiRet, ERR_NOT_SUPPORTED};
use crate::csr::{self, IP_MTIP, IP_STIP, MHARTID, MIE, MIP, STIMECMP};
use crate::platform;

pub fn call(fid: u64, args: &[u64; 6]) -> SbiRet {
    match fid {
        0 => {
            set_timer(args[0]);
            SbiRet::ok(0)
        }
        _ => SbiRet::err(ERR_NOT_SUPPORTED),
    }
}

/// Programs the next supervisor timer event at absolute time `when` and
/// clears the pending one.
pub fn set_timer(when: u64) {
    if platform::get().has_sstc {
        // With Sstc (menvcfg.STCE = 1) STIP is `time >= stimecmp` in hardware.
        csr::write!(STIMECMP, when);
    } else {
        // Without it, M-mode watches mtimecmp and forwards MTIP as STIP
        // (see trap.rs).
        platform::set_mtimecmp(csr::read!(MHARTID), when);
        csr::clear!(MIP, IP_STIP);
        csr::set!(MIE, IP_MTIP);
    }
}
