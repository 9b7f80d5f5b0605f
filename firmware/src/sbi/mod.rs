//! SBI v2.0 call dispatch. Calling convention (SBI spec chapter 3): a7 = EID,
//! a6 = FID, a0..a5 = arguments; the result is (a0 = error, a1 = value).
//! Legacy extensions (EID 0x00..0x0F) return a single value in a0.

mod base;
mod console;
mod hart;
mod reset;
mod timer;

use crate::trap::TrapFrame;
use defs::sbi::error::{INVALID_PARAM, NOT_SUPPORTED, SUCCESS};
use defs::sbi;

/// An SBI call's result: `error` in a0, `value` in a1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SbiRet {
    pub error: i64,
    pub value: u64,
}

impl SbiRet {
    pub const fn ok(value: u64) -> Self {
        SbiRet { error: SUCCESS, value }
    }
    pub const fn err(error: i64) -> Self {
        SbiRet { error, value: 0 }
    }
}

/// True for every extension this firmware implements (BASE probe_extension).
pub fn implemented(eid: u64) -> bool {
    matches!(
        eid,
        sbi::legacy::SET_TIMER
            | sbi::legacy::CONSOLE_PUTCHAR
            | sbi::legacy::CONSOLE_GETCHAR
            | sbi::legacy::CLEAR_IPI
            | sbi::legacy::SHUTDOWN
            | sbi::base::EID
            | sbi::time::EID
            | sbi::ipi::EID
            | sbi::rfence::EID
            | sbi::hsm::EID
            | sbi::srst::EID
            | sbi::dbcn::EID
    )
}

/// Serves the ecall in `frame` and writes its result into a0/a1.
pub fn dispatch(frame: &mut TrapFrame) {
    let eid = frame.regs[17];
    let fid = frame.regs[16];
    let args = [frame.a(0), frame.a(1), frame.a(2), frame.a(3), frame.a(4), frame.a(5)];
    if eid <= sbi::legacy::LAST {
        // Legacy: one return value in a0, a1 untouched.
        let value = match eid {
            sbi::legacy::SET_TIMER => {
                timer::set_timer(args[0]);
                0
            }
            sbi::legacy::CONSOLE_PUTCHAR => {
                console::legacy_putchar(args[0]);
                0
            }
            sbi::legacy::CONSOLE_GETCHAR => console::legacy_getchar(),
            sbi::legacy::CLEAR_IPI => {
                hart::clear_ipi();
                0
            }
            sbi::legacy::SHUTDOWN => reset::legacy_shutdown(),
            _ => NOT_SUPPORTED as u64,
        };
        frame.set_a(0, value);
        return;
    }
    let ret = match eid {
        sbi::base::EID => base::call(fid, &args),
        sbi::time::EID => timer::call(fid, &args),
        sbi::ipi::EID => hart::ipi_call(fid, &args),
        sbi::rfence::EID => hart::rfence_call(fid, &args),
        sbi::hsm::EID => hart::hsm_call(fid, &args),
        sbi::srst::EID => reset::call(fid, &args),
        sbi::dbcn::EID => console::call(fid, &args),
        _ => SbiRet::err(NOT_SUPPORTED),
    };
    frame.set_a(0, ret.error as u64);
    frame.set_a(1, ret.value);
}

/// Checks an SBI (hart_mask, hart_mask_base) pair against our one hart 0:
/// Ok(true) if hart 0 is selected, Ok(false) if not, Err for harts that do
/// not exist.
pub fn selects_hart0(hart_mask: u64, hart_mask_base: u64) -> Result<bool, i64> {
    if hart_mask_base == u64::MAX {
        return Ok(true); // base = -1: all harts
    }
    if hart_mask == 0 {
        return Ok(false);
    }
    // Only hart 0 exists: any selected hart other than 0 is invalid.
    if hart_mask_base != 0 || hart_mask != 1 {
        return Err(INVALID_PARAM);
    }
    Ok(true)
}
