//! Hart-related extensions for our single hart 0: IPI, RFENCE and HSM.

use super::{selects_hart0, SbiRet, ERR_ALREADY_AVAILABLE, ERR_FAILED, ERR_INVALID_PARAM, ERR_NOT_SUPPORTED};
use crate::csr::{self, IP_SSIP, MIP};
use crate::platform;

/// IPI extension (EID "sPI"): send_ipi(hart_mask, hart_mask_base). The only
/// possible target is ourselves: raise the supervisor software interrupt.
pub fn ipi_call(fid: u64, args: &[u64; 6]) -> SbiRet {
    if fid != 0 {
        return SbiRet::err(ERR_NOT_SUPPORTED);
    }
    match selects_hart0(args[0], args[1]) {
        Ok(true) => {
            csr::set!(MIP, IP_SSIP);
            SbiRet::ok(0)
        }
        Ok(false) => SbiRet::ok(0),
        Err(e) => SbiRet::err(e),
    }
}

/// Legacy clear_ipi (EID 0x03): clear sip.SSIP.
pub fn clear_ipi() {
    csr::clear!(MIP, IP_SSIP);
}

/// RFENCE extension (EID "RFNC"). With one hart a "remote" fence is a local
/// one; we fence everything rather than the given range, which is allowed
/// (a wider flush is always correct).
pub fn rfence_call(fid: u64, args: &[u64; 6]) -> SbiRet {
    let selected = match selects_hart0(args[0], args[1]) {
        Ok(s) => s,
        Err(e) => return SbiRet::err(e),
    };
    let has_h = platform::get().has_h;
    match fid {
        0..=2 => {}
        3..=6 if has_h => {}
        _ => return SbiRet::err(ERR_NOT_SUPPORTED),
    }
    if !selected {
        return SbiRet::ok(0);
    }
    // SAFETY: fences only order/flush cached translations and instructions.
    unsafe {
        match fid {
            0 => core::arch::asm!("fence.i"),
            1 | 2 => core::arch::asm!("sfence.vma"),
            3 | 4 => core::arch::asm!(".insn r 0x73, 0, 0x31, x0, x0, x0"), // hfence.gvma
            _ => core::arch::asm!(".insn r 0x73, 0, 0x11, x0, x0, x0"),     // hfence.vvma
        }
    }
    SbiRet::ok(0)
}

/// HSM states (SBI spec chapter 9).
const HSM_STARTED: u64 = 0;
/// hart_suspend's "default retentive suspend" type.
const SUSPEND_DEFAULT_RETENTIVE: u64 = 0;

/// HSM extension (EID "HSM"): hart 0 is the only hart and is always started.
pub fn hsm_call(fid: u64, args: &[u64; 6]) -> SbiRet {
    match fid {
        // hart_start: hart 0 is running already; no other hart exists.
        0 if args[0] == 0 => SbiRet::err(ERR_ALREADY_AVAILABLE),
        0 => SbiRet::err(ERR_INVALID_PARAM),
        // hart_stop: stopping the last hart would leave nothing running.
        1 => SbiRet::err(ERR_FAILED),
        2 if args[0] == 0 => SbiRet::ok(HSM_STARTED),
        2 => SbiRet::err(ERR_INVALID_PARAM),
        3 if args[0] as u32 as u64 == SUSPEND_DEFAULT_RETENTIVE => {
            // Retentive suspend: wait for an interrupt, then return.
            // SAFETY: wfi has no memory effects.
            unsafe { core::arch::asm!("wfi") };
            SbiRet::ok(0)
        }
        3 => SbiRet::err(ERR_NOT_SUPPORTED),
        _ => SbiRet::err(ERR_NOT_SUPPORTED),
    }
}
