//! Hart-related extensions for our single hart 0: IPI, RFENCE and HSM.

use super::{selects_hart0, SbiRet};
use crate::platform;
use defs::csr::{self, MIP};
use defs::interrupts::Mip;
use defs::sbi::error::{ALREADY_AVAILABLE, FAILED, INVALID_PARAM, NOT_SUPPORTED};
use defs::sbi::{hsm, ipi, rfence};

/// IPI extension (EID "sPI"): send_ipi(hart_mask, hart_mask_base). The only
/// possible target is ourselves: raise the supervisor software interrupt.
pub fn ipi_call(fid: u64, args: &[u64; 6]) -> SbiRet {
    if fid != ipi::SEND_IPI {
        return SbiRet::err(NOT_SUPPORTED);
    }
    match selects_hart0(args[0], args[1]) {
        Ok(true) => {
            // SAFETY: a pending-bit change only.
            unsafe { csr::set::<MIP>(Mip::SSIP.bits()) };
            SbiRet::ok(0)
        }
        Ok(false) => SbiRet::ok(0),
        Err(e) => SbiRet::err(e),
    }
}

/// Legacy clear_ipi (EID 0x03): clear sip.SSIP.
pub fn clear_ipi() {
    // SAFETY: a pending-bit change only.
    unsafe { csr::clear::<MIP>(Mip::SSIP.bits()) };
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
        rfence::REMOTE_FENCE_I..=rfence::REMOTE_SFENCE_VMA_ASID => {}
        rfence::REMOTE_HFENCE_GVMA_VMID..=rfence::REMOTE_HFENCE_VVMA if has_h => {}
        _ => return SbiRet::err(NOT_SUPPORTED),
    }
    if !selected {
        return SbiRet::ok(0);
    }
    // SAFETY: fences only order/flush cached translations and instructions.
    unsafe {
        match fid {
            rfence::REMOTE_FENCE_I => core::arch::asm!("fence.i"),
            rfence::REMOTE_SFENCE_VMA | rfence::REMOTE_SFENCE_VMA_ASID => core::arch::asm!("sfence.vma"),
            rfence::REMOTE_HFENCE_GVMA_VMID | rfence::REMOTE_HFENCE_GVMA => {
                core::arch::asm!(".insn r 0x73, 0, 0x31, x0, x0, x0") // hfence.gvma
            }
            _ => core::arch::asm!(".insn r 0x73, 0, 0x11, x0, x0, x0"), // hfence.vvma
        }
    }
    SbiRet::ok(0)
}

/// HSM extension (EID "HSM"): hart 0 is the only hart and is always started.
pub fn hsm_call(fid: u64, args: &[u64; 6]) -> SbiRet {
    match fid {
        // hart_start: hart 0 is running already; no other hart exists.
        hsm::HART_START if args[0] == 0 => SbiRet::err(ALREADY_AVAILABLE),
        hsm::HART_START => SbiRet::err(INVALID_PARAM),
        // hart_stop: stopping the last hart would leave nothing running.
        hsm::HART_STOP => SbiRet::err(FAILED),
        hsm::HART_GET_STATUS if args[0] == 0 => SbiRet::ok(hsm::STARTED),
        hsm::HART_GET_STATUS => SbiRet::err(INVALID_PARAM),
        hsm::HART_SUSPEND if args[0] as u32 as u64 == hsm::SUSPEND_DEFAULT_RETENTIVE => {
            // Retentive suspend: wait for an interrupt, then return.
            // SAFETY: wfi has no memory effects.
            unsafe { core::arch::asm!("wfi") };
            SbiRet::ok(0)
        }
        hsm::HART_SUSPEND => SbiRet::err(NOT_SUPPORTED),
        _ => SbiRet::err(NOT_SUPPORTED),
    }
}
