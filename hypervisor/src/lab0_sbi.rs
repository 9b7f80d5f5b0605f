//! Lab 0: calling the SBI firmware (M-mode) with `ecall`. Calling convention (SBI spec ch. 3):
//! a7 = extension id (EID), a6 = function id (FID), a0..a5 = arguments; the firmware returns
//! a0 = error code and a1 = value. Every extension beyond the legacy ones is probed first with
//! the Base extension's probe_extension, as the SBI spec requires.
//!
//! The extension and function ids and the error codes are `defs::sbi`'s (shared with the
//! firmware that answers these calls and the guest that makes them of us, lab 1).

use crate::lab0_cell::ValueCell;
use defs::sbi::{base, dbcn, legacy, srst, time};

pub struct SbiRet {
    pub error: i64,
    pub value: u64,
}

/// One SBI call with up to three arguments.
pub fn call(ext: u64, fid: u64, a0: u64, a1: u64, a2: u64) -> SbiRet {
    let (error, value);
    // SAFETY: ecall from HS-mode traps to the firmware, which follows the SBI calling convention
    // (only a0 and a1 change).
    unsafe {
        core::arch::asm!("ecall",
            inlateout("a0") a0 => error, inlateout("a1") a1 => value,
            in("a2") a2, in("a6") fid, in("a7") ext);
    }
    SbiRet { error, value }
}

/// What the firmware offers, probed once at boot. A `ValueCell` (not an `ExclusiveCell`):
/// the console and shutdown read it, and they must work from any context, even a panic.
#[derive(Clone, Copy)]
struct Firmware {
    spec_version: u64,
    impl_id: u64,
    impl_version: u64,
    time: bool,
    srst: bool,
    dbcn: bool,
}
static FW: ValueCell<Firmware> = ValueCell::new(Firmware {
    spec_version: 0, impl_id: 0, impl_version: 0,
    time: false, srst: false, dbcn: false,
});

pub fn probe(ext: u64) -> bool {
    let r = call(base::EID, base::PROBE_EXTENSION, ext, 0, 0);
    r.error == 0 && r.value != 0
}

/// Probe the firmware (Base extension, SBI v0.2+).
pub fn init() {
    FW.set(Firmware {
        spec_version: call(base::EID, base::GET_SPEC_VERSION, 0, 0, 0).value,
        impl_id: call(base::EID, base::GET_IMPL_ID, 0, 0, 0).value,
        impl_version: call(base::EID, base::GET_IMPL_VERSION, 0, 0, 0).value,
        time: probe(time::EID),
        srst: probe(srst::EID),
        dbcn: probe(dbcn::EID),
    });
}

/// Say what the firmware is (printed once the console works).
pub fn report() {
    let fw = FW.get();
    let name = match fw.impl_id {
        0 => "BBL", 1 => "OpenSBI", 2 => "Xvisor", 3 => "KVM", 4 => "RustSBI", 5 => "Diosix",
        6 => "Coffer", 7 => "Xen", 8 => "PolarFire HSS", _ => "other",
    };
    hv!(
        "lab0: SBI v{}.{} firmware {} (impl id {}, version {:#x}); TIME={} SRST={} DBCN={}",
        (fw.spec_version >> 24) & 0x7f, fw.spec_version & 0xff_ffff, name, fw.impl_id,
        fw.impl_version, fw.time, fw.srst, fw.dbcn
    );
}

/// Write bytes to the firmware console (DBCN write takes a physical address; ours are physical
/// because satp is 0 in the hypervisor).
pub fn console_write(bytes: &[u8]) {
    if FW.get().dbcn {
        let mut rest = bytes;
        while !rest.is_empty() {
            // Lab 0-3: sbi_debug_console_write(num_bytes, base_addr_lo, base_addr_hi).
            #[cfg(not(feature = "exercise-lab0-console"))]
            let r = call(dbcn::EID, dbcn::CONSOLE_WRITE, rest.len() as u64, rest.as_ptr() as u64, 0);
            // TODO(lab 0-3): which argument is the length and which the address? The SBI
            // spec's DBCN chapter has the order (a0, a1, a2).
            #[cfg(feature = "exercise-lab0-console")]
            let r = call(dbcn::EID, dbcn::CONSOLE_WRITE, rest.as_ptr() as u64, rest.len() as u64, 0);
            if r.error != 0 {
                break;
            }
            rest = &rest[(r.value as usize).min(rest.len())..];
        }
    } else {
        // Legacy putchar even if not advertised: the worst case is an ignored error.
        for &b in bytes {
            call(legacy::CONSOLE_PUTCHAR, 0, b as u64, 0, 0);
        }
    }
}

/// Program the host's next supervisor timer interrupt (sip.STIP) for absolute time `t`.
pub fn set_timer(t: u64) {
    if FW.get().time {
        call(time::EID, time::SET_TIMER, t, 0, 0);
    } else {
        call(legacy::SET_TIMER, 0, t, 0, 0);
    }
}

/// Power off the machine (SRST system_reset: type shutdown, reason system failure or none).
pub fn shutdown(failure: bool) -> ! {
    if FW.get().srst {
        let reason = if failure { srst::SYSTEM_FAILURE } else { srst::NO_REASON };
        call(srst::EID, srst::SYSTEM_RESET, srst::SHUTDOWN, reason, 0);
    }
    call(legacy::SHUTDOWN, 0, 0, 0, 0);
    loop {
        // SAFETY: nothing left to do; wait forever.
        unsafe { core::arch::asm!("wfi") };
    }
}
