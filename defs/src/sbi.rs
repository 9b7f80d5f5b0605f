//! SBI (RISC-V Supervisor Binary Interface, v2.0) extension ids, function ids
//! and error codes. Calling convention (SBI spec chapter 3): a7 = extension id
//! (EID), a6 = function id (FID), a0..a5 = arguments; the result is a0 =
//! error code, a1 = value. The legacy extensions (EID 0x00..=0x0F) have one
//! function each and return a single value in a0.

/// The standard error codes returned in a0 (SBI spec table "Standard SBI Errors").
pub mod error {
    /// Completed successfully.
    pub const SUCCESS: i64 = 0;
    /// Failed.
    pub const FAILED: i64 = -1;
    /// Not supported.
    pub const NOT_SUPPORTED: i64 = -2;
    /// Invalid parameter(s).
    pub const INVALID_PARAM: i64 = -3;
    /// Denied or not allowed.
    pub const DENIED: i64 = -4;
    /// Invalid address(es).
    pub const INVALID_ADDRESS: i64 = -5;
    /// Already available.
    pub const ALREADY_AVAILABLE: i64 = -6;
    /// Already started.
    pub const ALREADY_STARTED: i64 = -7;
    /// Already stopped.
    pub const ALREADY_STOPPED: i64 = -8;
    /// Shared memory not available.
    pub const NO_SHMEM: i64 = -9;
}

/// The legacy extensions (SBI v0.1, chapter 5): each is its own EID.
pub mod legacy {
    /// sbi_set_timer(stime_value).
    pub const SET_TIMER: u64 = 0x00;
    /// sbi_console_putchar(ch).
    pub const CONSOLE_PUTCHAR: u64 = 0x01;
    /// sbi_console_getchar(): the byte, or -1 when none is waiting.
    pub const CONSOLE_GETCHAR: u64 = 0x02;
    /// sbi_clear_ipi().
    pub const CLEAR_IPI: u64 = 0x03;
    /// sbi_send_ipi(hart_mask).
    pub const SEND_IPI: u64 = 0x04;
    /// sbi_remote_fence_i(hart_mask).
    pub const REMOTE_FENCE_I: u64 = 0x05;
    /// sbi_remote_sfence_vma(hart_mask, start, size).
    pub const REMOTE_SFENCE_VMA: u64 = 0x06;
    /// sbi_remote_sfence_vma_asid(hart_mask, start, size, asid).
    pub const REMOTE_SFENCE_VMA_ASID: u64 = 0x07;
    /// sbi_shutdown().
    pub const SHUTDOWN: u64 = 0x08;
    /// The last EID of the legacy range.
    pub const LAST: u64 = 0x0f;
}

/// The Base extension (chapter 4).
pub mod base {
    /// EID 0x10.
    pub const EID: u64 = 0x10;
    /// sbi_get_spec_version(): major in bits `[30:24]`, minor in `[23:0]`.
    pub const GET_SPEC_VERSION: u64 = 0;
    /// sbi_get_impl_id().
    pub const GET_IMPL_ID: u64 = 1;
    /// sbi_get_impl_version().
    pub const GET_IMPL_VERSION: u64 = 2;
    /// sbi_probe_extension(extension_id): nonzero when present.
    pub const PROBE_EXTENSION: u64 = 3;
    /// sbi_get_mvendorid().
    pub const GET_MVENDORID: u64 = 4;
    /// sbi_get_marchid().
    pub const GET_MARCHID: u64 = 5;
    /// sbi_get_mimpid().
    pub const GET_MIMPID: u64 = 6;
}

/// The Timer extension (chapter 6).
pub mod time {
    /// EID "TIME".
    pub const EID: u64 = 0x5449_4D45;
    /// sbi_set_timer(stime_value).
    pub const SET_TIMER: u64 = 0;
}

/// The IPI extension (chapter 7).
pub mod ipi {
    /// EID "sPI".
    pub const EID: u64 = 0x73_5049;
    /// sbi_send_ipi(hart_mask, hart_mask_base).
    pub const SEND_IPI: u64 = 0;
}

/// The RFENCE extension (chapter 8).
pub mod rfence {
    /// EID "RFNC".
    pub const EID: u64 = 0x5246_4E43;
    /// sbi_remote_fence_i(hart_mask, hart_mask_base).
    pub const REMOTE_FENCE_I: u64 = 0;
    /// sbi_remote_sfence_vma(hart_mask, hart_mask_base, start_addr, size).
    pub const REMOTE_SFENCE_VMA: u64 = 1;
    /// sbi_remote_sfence_vma_asid(..., asid).
    pub const REMOTE_SFENCE_VMA_ASID: u64 = 2;
    /// sbi_remote_hfence_gvma_vmid(..., vmid).
    pub const REMOTE_HFENCE_GVMA_VMID: u64 = 3;
    /// sbi_remote_hfence_gvma(hart_mask, hart_mask_base, start_addr, size).
    pub const REMOTE_HFENCE_GVMA: u64 = 4;
    /// sbi_remote_hfence_vvma_asid(..., asid).
    pub const REMOTE_HFENCE_VVMA_ASID: u64 = 5;
    /// sbi_remote_hfence_vvma(hart_mask, hart_mask_base, start_addr, size).
    pub const REMOTE_HFENCE_VVMA: u64 = 6;
}

/// The Hart State Management extension (chapter 9).
pub mod hsm {
    /// EID "HSM".
    pub const EID: u64 = 0x48_534D;
    /// sbi_hart_start(hartid, start_addr, opaque).
    pub const HART_START: u64 = 0;
    /// sbi_hart_stop().
    pub const HART_STOP: u64 = 1;
    /// sbi_hart_get_status(hartid).
    pub const HART_GET_STATUS: u64 = 2;
    /// sbi_hart_suspend(suspend_type, resume_addr, opaque).
    pub const HART_SUSPEND: u64 = 3;

    /// hart_get_status: the hart runs.
    pub const STARTED: u64 = 0;
    /// hart_get_status: the hart is stopped.
    pub const STOPPED: u64 = 1;
    /// hart_get_status: a start request is pending.
    pub const START_PENDING: u64 = 2;
    /// hart_get_status: a stop request is pending.
    pub const STOP_PENDING: u64 = 3;
    /// hart_get_status: the hart is suspended.
    pub const SUSPENDED: u64 = 4;
    /// hart_get_status: a suspend request is pending.
    pub const SUSPEND_PENDING: u64 = 5;
    /// hart_get_status: a resume is pending.
    pub const RESUME_PENDING: u64 = 6;

    /// hart_suspend's suspend_type: default retentive suspend (like WFI).
    pub const SUSPEND_DEFAULT_RETENTIVE: u64 = 0;
    /// hart_suspend's suspend_type: default non-retentive suspend.
    pub const SUSPEND_DEFAULT_NON_RETENTIVE: u64 = 0x8000_0000;
}

/// The System Reset extension (chapter 10).
pub mod srst {
    /// EID "SRST".
    pub const EID: u64 = 0x5352_5354;
    /// sbi_system_reset(reset_type, reset_reason).
    pub const SYSTEM_RESET: u64 = 0;

    /// reset_type: shut down.
    pub const SHUTDOWN: u64 = 0;
    /// reset_type: cold reboot.
    pub const COLD_REBOOT: u64 = 1;
    /// reset_type: warm reboot.
    pub const WARM_REBOOT: u64 = 2;

    /// reset_reason: no reason.
    pub const NO_REASON: u64 = 0;
    /// reset_reason: system failure.
    pub const SYSTEM_FAILURE: u64 = 1;
    /// reset_reason: the first vendor- or platform-specific reason
    /// (0xF000_0000..=0xFFFF_FFFF).
    pub const VENDOR_REASON_FIRST: u64 = 0xF000_0000;
}

/// The Debug Console extension (chapter 12, SBI v2.0).
pub mod dbcn {
    /// EID "DBCN".
    pub const EID: u64 = 0x4442_434E;
    /// sbi_debug_console_write(num_bytes, base_addr_lo, base_addr_hi).
    pub const CONSOLE_WRITE: u64 = 0;
    /// sbi_debug_console_read(num_bytes, base_addr_lo, base_addr_hi).
    pub const CONSOLE_READ: u64 = 1;
    /// sbi_debug_console_write_byte(byte).
    pub const CONSOLE_WRITE_BYTE: u64 = 2;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The named EIDs are their names in ASCII.
    #[test]
    fn eids_spell_their_names() {
        let ascii = |eid: u64| {
            let bytes = eid.to_be_bytes();
            let start = bytes.iter().position(|&b| b != 0).unwrap_or(8);
            bytes[start..].to_vec()
        };
        assert_eq!(ascii(time::EID), b"TIME");
        assert_eq!(ascii(ipi::EID), b"sPI");
        assert_eq!(ascii(rfence::EID), b"RFNC");
        assert_eq!(ascii(hsm::EID), b"HSM");
        assert_eq!(ascii(srst::EID), b"SRST");
        assert_eq!(ascii(dbcn::EID), b"DBCN");
        assert_eq!(base::EID, 0x10);
    }

    #[test]
    fn error_codes() {
        assert_eq!(error::SUCCESS, 0);
        assert_eq!(error::NOT_SUPPORTED, -2);
        assert_eq!(error::INVALID_PARAM, -3);
        assert_eq!(error::ALREADY_AVAILABLE, -6);
        assert_eq!(error::NO_SHMEM, -9);
    }
}
