//! SBI v2.0 call dispatch. Calling convention (SBI spec chapter 3): a7 = EID,
//! a6 = FID, a0..a5 = arguments; the result is (a0 = error, a1 = value).
//! Legacy extensions (EID 0x00..0x0F) return a single value in a0.

mod base;
mod console;
mod hart;
mod reset;
mod timer;

use crate::trap::TrapFrame;

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

// Standard SBI error codes (spec table 1).
pub const SUCCESS: i64 = 0;
pub const ERR_FAILED: i64 = -1;
pub const ERR_NOT_SUPPORTED: i64 = -2;
pub const ERR_INVALID_PARAM: i64 = -3;
pub const ERR_ALREADY_AVAILABLE: i64 = -6;

// Extension IDs.
pub const EID_LEGACY_SET_TIMER: u64 = 0x00;
pub const EID_LEGACY_PUTCHAR: u64 = 0x01;
pub const EID_LEGACY_GETCHAR: u64 = 0x02;
pub const EID_LEGACY_CLEAR_IPI: u64 = 0x03;
pub const EID_LEGACY_SHUTDOWN: u64 = 0x08;
pub const EID_BASE: u64 = 0x10;
pub const EID_TIME: u64 = 0x5449_4D45; // "TIME"
pub const EID_IPI: u64 = 0x73_5049; // "sPI"
pub const EID_RFENCE: u64 = 0x5246_4E43; // "RFNC"
pub const EID_HSM: u64 = 0x48_534D; // "HSM"
pub const EID_SRST: u64 = 0x5352_5354; // "SRST"
pub const EID_DBCN: u64 = 0x4442_434E; // "DBCN"

/// True for every extension this firmware implements (BASE probe_extension).
pub fn implemented(eid: u64) -> bool {
    matches!(
        eid,
        EID_LEGACY_SET_TIMER
            | EID_LEGACY_PUTCHAR
            | EID_LEGACY_GETCHAR
            | EID_LEGACY_CLEAR_IPI
            | EID_LEGACY_SHUTDOWN
            | EID_BASE
            | EID_TIME
            | EID_IPI
            | EID_RFENCE
            | EID_HSM
            | EID_SRST
            | EID_DBCN
    )
}

/// Serves the ecall in `frame` and writes its result into a0/a1.
pub fn dispatch(frame: &mut TrapFrame) {
    let eid = frame.regs[17];
    let fid = frame.regs[16];
    let args = [frame.a(0), frame.a(1), frame.a(2), frame.a(3), frame.a(4), frame.a(5)];
    if eid <= 0x0F {
        // Legacy: one return value in a0, a1 untouched.
        let value = match eid {
            EID_LEGACY_SET_TIMER => {
                timer::set_timer(args[0]);
                0
            }
            EID_LEGACY_PUTCHAR => {
                console::legacy_putchar(args[0]);
                0
            }
            EID_LEGACY_GETCHAR => console::legacy_getchar(),
            EID_LEGACY_CLEAR_IPI => {
                hart::clear_ipi();
                0
            }
            EID_LEGACY_SHUTDOWN => reset::legacy_shutdown(),
            _ => ERR_NOT_SUPPORTED as u64,
        };
        frame.set_a(0, value);
        return;
    }
    let ret = match eid {
        EID_BASE => base::call(fid, &args),
        EID_TIME => timer::call(fid, &args),
        EID_IPI => hart::ipi_call(fid, &args),
        EID_RFENCE => hart::rfence_call(fid, &args),
        EID_HSM => hart::hsm_call(fid, &args),
        EID_SRST => reset::call(fid, &args),
        EID_DBCN => console::call(fid, &args),
        _ => SbiRet::err(ERR_NOT_SUPPORTED),
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
        return Err(ERR_INVALID_PARAM);
    }
    Ok(true)
}
