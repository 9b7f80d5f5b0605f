//! Lab 0: printing. Output goes to the firmware's console through SBI (DBCN when the firmware
//! has it, the legacy putchar otherwise); one line is formatted into a buffer and handed over at
//! once. Also: the tiny helpers that keep the transcript readable (say a mechanism's line only the
//! first time(s) it happens, count every exit kind for the summary).

use crate::lab0_cell::ExclusiveCell;
use core::fmt::{self, Write};

/// Buffers one line so that it reaches the firmware in one SBI call.
pub struct LineWriter {
    buf: [u8; 200],
    len: usize,
}
impl LineWriter {
    pub const fn new() -> Self {
        LineWriter { buf: [0; 200], len: 0 }
    }
    pub fn flush(&mut self) {
        crate::lab0_sbi::console_write(&self.buf[..self.len]);
        self.len = 0;
    }
}
impl Write for LineWriter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for &b in s.as_bytes() {
            if self.len == self.buf.len() {
                self.flush();
            }
            self.buf[self.len] = b;
            self.len += 1;
        }
        Ok(())
    }
}

pub fn print(args: fmt::Arguments) {
    let mut w = LineWriter::new();
    let _ = w.write_fmt(args);
    w.flush();
}

/// A hypervisor line: `[hv] ...`.
macro_rules! hv {
    ($($arg:tt)*) => { $crate::lab0_console::print(format_args!("[hv] {}\n", format_args!($($arg)*))) };
}
/// Something the hypervisor cannot continue from: say why and power off.
macro_rules! fatal {
    ($($arg:tt)*) => {{
        $crate::lab0_console::print(format_args!("[hv] FATAL: {}\n", format_args!($($arg)*)));
        $crate::lab0_sbi::shutdown(true)
    }};
}

/// The mechanisms the transcript talks about; each is counted for the final summary.
#[derive(Clone, Copy)]
#[repr(usize)]
pub enum Event {
    SbiCall,
    InjectedException,
    ForwardedIllegalWhileDelegated,
    GuestTimerHvip,
    GuestTimerSstc,
    HostTick,
    UartRx,
    MmioLoad,
    MmioStore,
    GuestWfi,
    GuestSwitch,
    VirtualInstruction,
}
const EVENTS: usize = 12;
const EVENT_NAMES: [&str; EVENTS] = [
    "SBI calls", "injected exceptions", "illegal-insn despite hedeleg", "VSTIP via hvip",
    "set_timer via vstimecmp", "host ticks", "UART RX interrupts", "MMIO loads", "MMIO stores",
    "guest WFI", "guest switches", "other virtual-instruction",
];
static COUNTS: ExclusiveCell<[u64; EVENTS]> = ExclusiveCell::new([0; EVENTS]);

/// Count one occurrence of `e`; true for the first `times` occurrences (say something then).
pub fn first_times(e: Event, times: u64) -> bool {
    let mut counts = COUNTS.borrow_mut();
    counts[e as usize] += 1;
    counts[e as usize] <= times
}

/// One summary line of all exit kinds seen (the counts depend on timing).
pub fn print_counts() {
    let mut w = LineWriter::new();
    let counts = *COUNTS.borrow_mut();
    let _ = w.write_str("[hv] exit counts:");
    for (name, &c) in EVENT_NAMES.iter().zip(&counts) {
        if c != 0 {
            let _ = write!(w, " {name}={c};");
        }
    }
    let _ = w.write_str("\n");
    w.flush();
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    print(format_args!("[hv] PANIC: {info}\n"));
    crate::lab0_sbi::shutdown(true)
}
