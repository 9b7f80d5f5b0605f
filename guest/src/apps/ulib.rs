//! The user library every app includes (`#[path = "ulib.rs"] mod ulib;`): the `_start` entry,
//! system calls (`ecall` from VU-mode, a7 = number, a0..a2 = arguments, a0 = result), and
//! `println!` that sends each line with one `write` call.
#![allow(dead_code)]

use core::fmt::{self, Write};

pub const SYS_READ: usize = 63;
pub const SYS_WRITE: usize = 64;
pub const SYS_EXIT: usize = 93;
pub const SYS_YIELD: usize = 124;
pub const SYS_GET_TIME: usize = 169;
pub const SYS_GETPID: usize = 172;

fn syscall(n: usize, a0: usize, a1: usize, a2: usize) -> isize {
    let ret: isize;
    // SAFETY: the kernel reads a7/a0..a2 and returns in a0.
    unsafe { core::arch::asm!("ecall", inlateout("a0") a0 as isize => ret, in("a1") a1, in("a2") a2, in("a7") n) };
    ret
}

pub fn write(bytes: &[u8]) -> isize {
    syscall(SYS_WRITE, 1, bytes.as_ptr() as usize, bytes.len())
}
/// Non-blocking: returns how many bytes were available (0 if none).
pub fn read(buf: &mut [u8]) -> isize {
    syscall(SYS_READ, 0, buf.as_mut_ptr() as usize, buf.len())
}
pub fn exit(code: i32) -> ! {
    syscall(SYS_EXIT, code as usize, 0, 0);
    unreachable!()
}
pub fn yield_now() {
    syscall(SYS_YIELD, 0, 0, 0);
}
/// Milliseconds since the guest booted.
pub fn get_time_ms() -> u64 {
    syscall(SYS_GET_TIME, 0, 0, 0) as u64
}
pub fn getpid() -> usize {
    syscall(SYS_GETPID, 0, 0, 0) as usize
}

/// One line of output, sent with a single `write`.
pub struct Line {
    buf: [u8; 128],
    len: usize,
}
impl Write for Line {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for &b in s.as_bytes() {
            if self.len < self.buf.len() {
                self.buf[self.len] = b;
                self.len += 1;
            }
        }
        Ok(())
    }
}
pub fn print(args: fmt::Arguments) {
    let mut l = Line { buf: [0; 128], len: 0 };
    let _ = l.write_fmt(args);
    write(&l.buf[..l.len]);
}
#[macro_export]
macro_rules! println {
    ($($arg:tt)*) => { $crate::ulib::print(format_args!("{}\n", format_args!($($arg)*))) };
}

#[no_mangle]
#[link_section = ".text.entry"]
extern "C" fn _start() -> ! {
    exit(crate::main())
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    write(b"panic in user app\n");
    exit(-1)
}
