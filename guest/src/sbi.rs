//! SBI calls from the guest kernel (VS-mode `ecall` -> the hypervisor, lab 1). We probe every
//! extension we use with the Base extension and fall back to the legacy calls.

use defs::sbi::{base, dbcn, legacy, srst, time};

#[derive(Clone, Copy)]
struct Features {
    time: bool,
    srst: bool,
    dbcn: bool,
}
static F: defs::cell::ValueCell<Features> = defs::cell::ValueCell::new(Features { time: false, srst: false, dbcn: false });

fn call(ext: u64, fid: u64, a0: u64, a1: u64, a2: u64) -> (i64, u64) {
    let (err, val);
    // SAFETY: SBI calling convention; only a0/a1 change.
    unsafe {
        core::arch::asm!("ecall", inlateout("a0") a0 => err, inlateout("a1") a1 => val,
            in("a2") a2, in("a6") fid, in("a7") ext)
    };
    (err, val)
}

fn probe(ext: u64) -> bool {
    let (err, val) = call(base::EID, base::PROBE_EXTENSION, ext, 0, 0);
    err == 0 && val != 0
}

pub fn init() {
    F.set(Features { time: probe(time::EID), srst: probe(srst::EID), dbcn: probe(dbcn::EID) });
}

pub fn has_dbcn() -> bool {
    F.get().dbcn
}

/// Print one line through the SBI console (used before the UART is set up).
pub fn print_line(args: core::fmt::Arguments) {
    use core::fmt::Write;
    struct Buf([u8; 160], usize);
    impl Write for Buf {
        fn write_str(&mut self, s: &str) -> core::fmt::Result {
            for &b in s.as_bytes() {
                if self.1 < self.0.len() {
                    self.0[self.1] = b;
                    self.1 += 1;
                }
            }
            Ok(())
        }
    }
    let mut b = Buf([0; 160], 0);
    let _ = writeln!(b, "{args}");
    write_bytes(&b.0[..b.1]);
}

/// Write bytes to the SBI console. DBCN takes a guest-physical address: our kernel addresses
/// are identity-mapped (mm.rs), so a kernel virtual address is one.
pub fn write_bytes(bytes: &[u8]) {
    if has_dbcn() {
        call(dbcn::EID, dbcn::CONSOLE_WRITE, bytes.len() as u64, bytes.as_ptr() as u64, 0);
    } else {
        for &c in bytes {
            call(legacy::CONSOLE_PUTCHAR, 0, u64::from(c), 0, 0);
        }
    }
}

/// Ask for a supervisor timer interrupt at absolute time `t` (also clears the pending one).
pub fn set_timer(t: u64) {
    if F.get().time {
        call(time::EID, time::SET_TIMER, t, 0, 0);
    } else {
        call(legacy::SET_TIMER, 0, t, 0, 0);
    }
}

pub fn shutdown() -> ! {
    if F.get().srst {
        call(srst::EID, srst::SYSTEM_RESET, srst::SHUTDOWN, srst::NO_REASON, 0);
    }
    call(legacy::SHUTDOWN, 0, 0, 0, 0);
    loop {
        // SAFETY: nothing left to do.
        unsafe { core::arch::asm!("wfi") };
    }
}
