//! SBI calls from the guest kernel (VS-mode `ecall` -> the hypervisor, lab 1). We probe every
//! extension we use with the Base extension and fall back to the legacy calls.

const EXT_LEGACY_SET_TIMER: usize = 0x00;
const EXT_LEGACY_PUTCHAR: usize = 0x01;
const EXT_LEGACY_SHUTDOWN: usize = 0x08;
const EXT_BASE: usize = 0x10;
const EXT_TIME: usize = 0x5449_4D45;
const EXT_SRST: usize = 0x5352_5354;
const EXT_DBCN: usize = 0x4442_434E;

struct Features {
    time: bool,
    srst: bool,
    dbcn: bool,
}
static F: crate::console::Global<Features> = crate::console::Global::new(Features { time: false, srst: false, dbcn: false });

fn call(ext: usize, fid: usize, a0: usize, a1: usize, a2: usize) -> (isize, usize) {
    let (err, val);
    // SAFETY: SBI calling convention; only a0/a1 change.
    unsafe {
        core::arch::asm!("ecall", inlateout("a0") a0 => err, inlateout("a1") a1 => val,
            in("a2") a2, in("a6") fid, in("a7") ext)
    };
    (err, val)
}

fn probe(ext: usize) -> bool {
    let (err, val) = call(EXT_BASE, 3, ext, 0, 0);
    err == 0 && val != 0
}

pub fn init() {
    let f = F.get();
    f.time = probe(EXT_TIME);
    f.srst = probe(EXT_SRST);
    f.dbcn = probe(EXT_DBCN);
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
        call(EXT_DBCN, 0, bytes.len(), bytes.as_ptr() as usize, 0);
    } else {
        for &c in bytes {
            call(EXT_LEGACY_PUTCHAR, 0, c as usize, 0, 0);
        }
    }
}

/// Ask for a supervisor timer interrupt at absolute time `t` (also clears the pending one).
pub fn set_timer(t: u64) {
    if F.get().time {
        call(EXT_TIME, 0, t as usize, 0, 0);
    } else {
        call(EXT_LEGACY_SET_TIMER, 0, t as usize, 0, 0);
    }
}

pub fn shutdown() -> ! {
    if F.get().srst {
        call(EXT_SRST, 0, 0, 0, 0);
    }
    call(EXT_LEGACY_SHUTDOWN, 0, 0, 0, 0);
    loop {
        // SAFETY: nothing left to do.
        unsafe { core::arch::asm!("wfi") };
    }
}
