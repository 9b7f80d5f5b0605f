//! sbi_hello: an S-mode payload (loaded at 0x8020_0000 by an SBI firmware) that
//! exercises the SBI the way a kernel would, prints what it finds and shuts the
//! machine down through SBI SRST: a clean shutdown when every check passed, a
//! "system failure" shutdown otherwise (so QEMU/hemu exit non-zero).
//!
//! Checks: DBCN write / write_byte, legacy putchar, BASE (spec version, impl,
//! probe, machine ids), HSM hart_get_status, TIME set_timer (STIP rises, and
//! clears when re-armed), IPI to self (SSIP), and that an illegal instruction
//! executed in S-mode reaches the S-mode trap handler with scause = 2, and that
//! U-mode may read the time CSR (scounteren.TM).
#![cfg_attr(target_os = "none", no_std, no_main)]

#[cfg(target_os = "none")]
mod payload {
    use core::arch::{asm, global_asm};
    use core::fmt::{self, Write};
    use core::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    use defs::csr::{self, SIP, TIME};
    use defs::interrupts::Mip;
    use defs::sbi::{base, dbcn, error, hsm, ipi, legacy, rfence, srst, time};
    use defs::Exception;

    global_asm!(
        r#"
        .section .text.entry, "ax"
        .globl _start
    _start:
        # a0 = hartid, a1 = device tree (kept for main)
        la      sp, _stack_top
        la      t0, _bss_start
        la      t1, _bss_end
    1:  bgeu    t0, t1, 2f
        sd      zero, 0(t0)
        addi    t0, t0, 8
        j       1b
    2:  la      t0, s_trap
        csrw    stvec, t0
        call    sbi_hello_main
    3:  j       3b

        # S-mode trap handler. From S (the illegal-instruction check):
        # record scause and skip the 4-byte faulting instruction. From U
        # (sstatus.SPP = 0, the rdtime check): record scause and return to
        # the caller of rdtime_in_u, a0 as U left it.
        .balign 4
    s_trap:
        csrr    t0, scause
        la      t1, TRAP_CAUSE
        sd      t0, 0(t1)
        csrr    t0, sstatus
        andi    t0, t0, {spp}
        beqz    t0, 4f
        csrr    t0, sepc
        addi    t0, t0, 4
        csrw    sepc, t0
        sret
    4:  la      t0, U_CALLER
        ld      sp, 0(t0)
        ld      ra, 8(t0)
        ret

        # rdtime_in_u() -> a0: the time CSR read in U-mode, or u64::MAX if
        # the read trapped. U-mode runs with translation off (PMP allows it).
        .globl rdtime_in_u
    rdtime_in_u:
        la      t0, U_CALLER
        sd      sp, 0(t0)
        sd      ra, 8(t0)
        la      t0, 5f
        csrw    sepc, t0
        li      t0, {spp}
        csrc    sstatus, t0             # sret goes to U
        li      a0, -1
        sret
    5:  rdtime  a0                      # U-mode: needs scounteren.TM
        ecall                           # back to s_trap, a0 = the time
    "#,
        spp = const defs::status::Sstatus::SPP.bits(),
    );

    /// The S-mode sp and ra saved while U-mode runs (see rdtime_in_u).
    #[no_mangle]
    static mut U_CALLER: [u64; 2] = [0; 2];

    extern "C" {
        fn rdtime_in_u() -> u64;
    }

    #[no_mangle]
    static TRAP_CAUSE: AtomicU64 = AtomicU64::new(u64::MAX);

    #[derive(Clone, Copy)]
    struct SbiRet {
        error: i64,
        value: u64,
    }

    fn ecall(eid: u64, fid: u64, a0: u64, a1: u64, a2: u64) -> SbiRet {
        let (error, value): (i64, u64);
        // SAFETY: an SBI call only changes a0/a1 (SBI calling convention).
        unsafe {
            asm!("ecall", inlateout("a0") a0 => error, inlateout("a1") a1 => value,
                 in("a2") a2, in("a6") fid, in("a7") eid);
        }
        SbiRet { error, value }
    }

    /// Set once BASE probe_extension finds DBCN (SBI v2.0); before that, and
    /// on older SBIs (e.g. OpenSBI 1.1, SBI v1.0), print with legacy putchar.
    static USE_DBCN: AtomicBool = AtomicBool::new(false);

    struct Console;
    impl Write for Console {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            if USE_DBCN.load(Ordering::Relaxed) {
                // The SBI reads the string at its physical address (paging off).
                let r = ecall(dbcn::EID, dbcn::CONSOLE_WRITE, s.len() as u64, s.as_ptr() as u64, 0);
                return if r.error == 0 { Ok(()) } else { Err(fmt::Error) };
            }
            for &b in s.as_bytes() {
                ecall(legacy::CONSOLE_PUTCHAR, 0, u64::from(b), 0, 0);
            }
            Ok(())
        }
    }

    macro_rules! say {
        ($($arg:tt)*) => {{ let _ = writeln!(Console, $($arg)*); }};
    }

    /// The time CSR (mcounteren.TM is set by the firmware).
    fn now() -> u64 {
        csr::read::<TIME>()
    }

    fn sip() -> Mip {
        Mip::from_bits_retain(csr::read::<SIP>())
    }

    fn check(ok: bool, what: &str, failures: &mut u32) {
        say!("sbi_hello: {what}: {}", if ok { "ok" } else { "FAILED" });
        if !ok {
            *failures += 1;
        }
    }

    #[no_mangle]
    extern "C" fn sbi_hello_main(hartid: u64, fdt: u64) -> ! {
        let mut failures = 0;
        for &b in b"sbi_hello: legacy console_putchar works\n" {
            ecall(legacy::CONSOLE_PUTCHAR, 0, u64::from(b), 0, 0);
        }
        let has_dbcn = ecall(base::EID, base::PROBE_EXTENSION, dbcn::EID, 0, 0).value != 0;
        if has_dbcn {
            USE_DBCN.store(true, Ordering::Relaxed);
            for &b in b"sbi_hello: DBCN console_write_byte works\n" {
                ecall(dbcn::EID, dbcn::CONSOLE_WRITE_BYTE, u64::from(b), 0, 0);
            }
            say!("sbi_hello: DBCN console_write works");
        }
        say!("sbi_hello: hello from S-mode (hart {hartid}, device tree at {fdt:#x})");

        let spec = ecall(base::EID, base::GET_SPEC_VERSION, 0, 0, 0).value;
        let impl_id = ecall(base::EID, base::GET_IMPL_ID, 0, 0, 0).value;
        let impl_version = ecall(base::EID, base::GET_IMPL_VERSION, 0, 0, 0).value;
        say!(
            "sbi_hello: SBI specification v{}.{}, implementation id {impl_id:#x} version {impl_version:#x}",
            (spec >> 24) & 0x7f,
            spec & 0xff_ffff
        );
        check(spec >= 1 << 24, "spec version >= 1.0", &mut failures);
        let ids = [base::GET_MVENDORID, base::GET_MARCHID, base::GET_MIMPID].map(|fid| ecall(base::EID, fid, 0, 0, 0).value);
        say!("sbi_hello: mvendorid {:#x} marchid {:#x} mimpid {:#x}", ids[0], ids[1], ids[2]);

        for (name, eid) in [
            ("TIME", time::EID),
            ("IPI", ipi::EID),
            ("RFENCE", rfence::EID),
            ("HSM", hsm::EID),
            ("SRST", srst::EID),
        ] {
            let found = ecall(base::EID, base::PROBE_EXTENSION, eid, 0, 0).value != 0;
            say!("sbi_hello: probe {name}: {}", if found { "present" } else { "MISSING" });
            if !found {
                failures += 1;
            }
        }
        // DBCN is new in SBI v2.0.
        if spec >= 2 << 24 {
            check(has_dbcn, "probe DBCN (SBI v2.0)", &mut failures);
        }
        let bogus = ecall(base::EID, base::PROBE_EXTENSION, 0x0BAD_0BAD, 0, 0).value;
        check(bogus == 0, "probe of an unknown extension returns 0", &mut failures);
        let unknown = ecall(0x0BAD_0BAD, 0, 0, 0, 0).error;
        check(unknown == error::NOT_SUPPORTED, "unknown extension returns SBI_ERR_NOT_SUPPORTED", &mut failures);

        let status = ecall(hsm::EID, hsm::HART_GET_STATUS, hartid, 0, 0);
        check(
            status.error == error::SUCCESS && status.value == hsm::STARTED,
            "HSM: boot hart is STARTED",
            &mut failures,
        );

        // TIME: an event in the near future raises sip.STIP; re-arming far
        // in the future clears it.
        let start = now();
        ecall(time::EID, time::SET_TIMER, start + 1000, 0, 0);
        let mut rose = false;
        while now() < start + 100_000_000 {
            if sip().contains(Mip::STIP) {
                rose = true;
                break;
            }
        }
        check(rose, "TIME: set_timer raises STIP", &mut failures);
        ecall(time::EID, time::SET_TIMER, u64::MAX, 0, 0);
        check(!sip().contains(Mip::STIP), "TIME: re-arming clears STIP", &mut failures);

        // IPI to ourselves sets SSIP, which S-mode may clear.
        let r = ecall(ipi::EID, ipi::SEND_IPI, 1, 0, 0);
        check(r.error == error::SUCCESS && sip().contains(Mip::SSIP), "IPI: send_ipi to self sets SSIP", &mut failures);
        // SAFETY: clearing sip.SSIP.
        unsafe { csr::clear::<SIP>(Mip::SSIP.bits()) };

        let r = ecall(rfence::EID, rfence::REMOTE_SFENCE_VMA, 1, 0, 0);
        check(r.error == error::SUCCESS, "RFENCE: remote_sfence_vma on self", &mut failures);

        // An illegal instruction in S-mode must reach our stvec, whether the
        // firmware delegates it or redirects it.
        // SAFETY: the S trap handler skips the faulting instruction.
        unsafe { asm!(".word 0x00000000") };
        let cause = TRAP_CAUSE.load(Ordering::Relaxed);
        check(
            cause == Exception::IllegalInstruction.code(),
            "illegal instruction reaches S-mode with scause 2",
            &mut failures,
        );

        // U-mode reads time when the firmware sets scounteren.TM (Linux's
        // vDSO does; Linux leaves scounteren as the firmware set it).
        // SAFETY: rdtime_in_u returns here through s_trap, whether the read
        // works (ecall from U) or traps (illegal instruction).
        let u_time = unsafe { rdtime_in_u() };
        let u_cause = TRAP_CAUSE.load(Ordering::Relaxed);
        check(
            u_time != u64::MAX && u_cause == Exception::EcallFromU.code(),
            "U-mode rdtime works (scounteren.TM)",
            &mut failures,
        );

        if failures == 0 {
            say!("sbi_hello: all checks passed, shutting down via SBI SRST");
            ecall(srst::EID, srst::SYSTEM_RESET, srst::SHUTDOWN, srst::NO_REASON, 0);
        } else {
            say!("sbi_hello: {failures} check(s) failed, shutting down via SBI SRST (system failure)");
            ecall(srst::EID, srst::SYSTEM_RESET, srst::SHUTDOWN, srst::SYSTEM_FAILURE, 0);
        }
        say!("sbi_hello: SRST returned, spinning");
        loop {}
    }

    #[panic_handler]
    fn panic(_: &core::panic::PanicInfo) -> ! {
        ecall(srst::EID, srst::SYSTEM_RESET, srst::SHUTDOWN, srst::SYSTEM_FAILURE, 0);
        loop {}
    }
}

#[cfg(not(target_os = "none"))]
fn main() {}
