//! The Debug Console extension (EID "DBCN", SBI spec chapter 12) and the legacy
//! console calls.

use super::SbiRet;
use crate::console;
use crate::platform;
use defs::sbi::dbcn::{CONSOLE_READ, CONSOLE_WRITE, CONSOLE_WRITE_BYTE};
use defs::sbi::error::{INVALID_PARAM, NOT_SUPPORTED};

pub fn call(fid: u64, args: &[u64; 6]) -> SbiRet {
    match fid {
        CONSOLE_WRITE => write(args[0], args[1], args[2]),
        CONSOLE_READ => read(args[0], args[1], args[2]),
        CONSOLE_WRITE_BYTE => {
            console::put_byte(args[0] as u8);
            SbiRet::ok(0)
        }
        _ => SbiRet::err(NOT_SUPPORTED),
    }
}

/// The physical range [lo, lo + len) if the supervisor may access it: inside
/// RAM and outside the firmware (SBI_ERR_INVALID_PARAM otherwise).
fn checked_range(len: u64, lo: u64, hi: u64) -> Result<u64, SbiRet> {
    let p = platform::get();
    let (ram_base, ram_size) = p.memory;
    let (fw_start, fw_end) = p.firmware;
    let end = lo.checked_add(len).ok_or(SbiRet::err(INVALID_PARAM))?;
    let in_ram = lo >= ram_base && end <= ram_base.saturating_add(ram_size);
    let in_firmware = lo < fw_end && end > fw_start;
    if hi != 0 || !in_ram || in_firmware {
        return Err(SbiRet::err(INVALID_PARAM));
    }
    Ok(lo)
}

fn write(len: u64, lo: u64, hi: u64) -> SbiRet {
    let base = match checked_range(len, lo, hi) {
        Ok(b) => b,
        Err(e) => return e,
    };
    for i in 0..len {
        // SAFETY: checked to be supervisor RAM; M-mode reads it physically.
        let byte = unsafe { core::ptr::read_volatile((base + i) as *const u8) };
        console::put_byte(byte);
    }
    SbiRet::ok(len)
}

fn read(len: u64, lo: u64, hi: u64) -> SbiRet {
    let base = match checked_range(len, lo, hi) {
        Ok(b) => b,
        Err(e) => return e,
    };
    let mut count = 0;
    while count < len {
        let Some(byte) = console::get_byte() else { break };
        // SAFETY: checked to be supervisor RAM.
        unsafe { core::ptr::write_volatile((base + count) as *mut u8, byte) };
        count += 1;
    }
    SbiRet::ok(count)
}

/// Legacy console_putchar (EID 0x01).
pub fn legacy_putchar(ch: u64) {
    console::put_byte(ch as u8);
}

/// Legacy console_getchar (EID 0x02): the byte, or -1 when none is waiting.
pub fn legacy_getchar() -> u64 {
    console::get_byte().map_or(u64::MAX, u64::from)
}
