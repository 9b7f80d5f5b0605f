//! Reads one line from the console (keyboard input reaches the guest through the hypervisor's
//! emulated 16550). Gives up after a timeout so that a run without a keyboard still finishes.
#![no_std]
#![no_main]
#[path = "ulib.rs"]
mod ulib;

const TIMEOUT_MS: u64 = 3000;

fn main() -> i32 {
    println!("read_line: type a line and press Enter (giving up after {} s)", TIMEOUT_MS / 1000);
    let mut line = [0u8; 64];
    let mut len = 0;
    let start = ulib::get_time_ms();
    loop {
        let mut buf = [0u8; 16];
        let n = ulib::read(&mut buf).max(0) as usize;
        for &b in &buf[..n] {
            if b == b'\r' || b == b'\n' {
                let text = core::str::from_utf8(&line[..len]).unwrap_or("<not UTF-8>");
                println!("read_line: you typed \"{text}\"");
                return 0;
            }
            if len < line.len() {
                line[len] = b;
                len += 1;
            }
        }
        if ulib::get_time_ms() - start >= TIMEOUT_MS {
            println!("read_line: no input within {} s, giving up", TIMEOUT_MS / 1000);
            return 0;
        }
        ulib::yield_now(); // nothing typed yet: let others run (or idle with WFI)
    }
}
