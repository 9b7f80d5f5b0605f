//! System Reset extension (EID "SRST", SBI spec chapter 10) and legacy
//! shutdown, through the SiFive test finisher.

use super::SbiRet;
use crate::platform::{self, Finish};
use defs::sbi::error::{FAILED, INVALID_PARAM, NOT_SUPPORTED};
use defs::sbi::srst::*;

pub fn call(fid: u64, args: &[u64; 6]) -> SbiRet {
    if fid != SYSTEM_RESET {
        return SbiRet::err(NOT_SUPPORTED);
    }
    let (reset_type, reason) = (args[0] as u32 as u64, args[1] as u32 as u64);
    let failure = match reason {
        NO_REASON => false,
        SYSTEM_FAILURE => true,
        r if r >= VENDOR_REASON_FIRST => false,
        _ => return SbiRet::err(INVALID_PARAM),
    };
    let how = match reset_type {
        SHUTDOWN if failure => Finish::Fail(1),
        SHUTDOWN => Finish::Pass,
        COLD_REBOOT | WARM_REBOOT => Finish::Reset,
        _ => return SbiRet::err(INVALID_PARAM),
    };
    platform::try_finish(how);
    // Still here: the platform could not do it.
    SbiRet::err(FAILED)
}

/// Legacy sbi_shutdown (EID 0x08): does not return on success.
pub fn legacy_shutdown() -> u64 {
    platform::try_finish(Finish::Pass);
    FAILED as u64
}
