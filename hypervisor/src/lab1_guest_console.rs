//! Lab 1: a guest's console output. The guest prints through its SBI calls (lab1_sbi_server)
//! and, from lab 4 on, through an emulated 16550; every path ends here, one byte at a time.

/// Collects a guest's console bytes until a newline, then prints them as one line with the
/// guest's prefix (`[g0] ...`), so that two guests' output never mixes within a line.
pub struct GuestConsole {
    buf: [u8; 160],
    len: usize,
}
impl GuestConsole {
    pub const fn new() -> Self {
        GuestConsole { buf: [0; 160], len: 0 }
    }
    /// One byte from guest `id` (`\r` is dropped; a full buffer is printed as a line).
    pub fn put(&mut self, id: usize, b: u8) {
        if b == b'\r' {
            return;
        }
        if b != b'\n' && self.len < self.buf.len() {
            self.buf[self.len] = b;
            self.len += 1;
        }
        if b == b'\n' || self.len == self.buf.len() {
            self.flush(id);
        }
    }
    /// Print what is buffered, if anything, as one line.
    pub fn flush(&mut self, id: usize) {
        if self.len > 0 {
            let line = core::str::from_utf8(&self.buf[..self.len]).unwrap_or("<non-UTF-8 output>");
            crate::lab0_console::print(format_args!("[g{id}] {line}\n"));
            self.len = 0;
        }
    }
}
