//! System Reset extension (EID "SRST", SBI spec chapter 10) and legacy
//! shutdown, through the SiFive test finisher.

use super::{SbiRet, ERR_FAILED, ERR_INVALID_PARAM, ERR_NOT_SUPPORTED};
use crate::platform::{self, Finish};

const TYPE_SHUTDOWN: u64 = 0;
const TYPE_COLD_REBOOT: u64 = 1;
const TYPE_WARM_REBOOT: u64 = 2;
const REASON_NONE: u64 = 0;
const REASON_SYSTEM_FAILURE: u64 = 1;
const REASON_VENDOR_FIRST: u64 = 0xF000_0000;

pub fn call(fid: u64, args: &[u64; 6]) -> SbiRet {
    if fid != 0 {
        return SbiRet::err(ERR_NOT_SUPPORTED);
    }
    let (reset_type, reason) = (args[0] as u32 as u64, args[1] as u32 as u64);
    let failure = match reason {
        REASON_NONE => false,
        REASON_SYSTEM_FAILURE => true,
        r if r >= REASON_VENDOR_FIRST => false,
        _ => return SbiRet::err(ERR_INVALID_PARAM),
    };
    let how = match reset_type {
        TYPE_SHUTDOWN if failure => Finish::Fail(1),
        TYPE_SHUTDOWN => Finish::Pass,
        TYPE_COLD_REBOOT | TYPE_WARM_REBOOT => Finish::Reset,
        _ => return SbiRet::err(ERR_INVALID_PARAM),
    };
    platform::try_finish(how);
    // Still here: the platform could not do it.
    SbiRet::err(ERR_FAILED)
}

/// Legacy sbi_shutdown (EID 0x08): does not return on success.
pub fn legacy_shutdown() -> u64 {
    platform::try_finish(Finish::Pass);
    ERR_FAILED as u64
}
