//! HTIF (Berkeley host-target interface), as riscv-tests and their
//! benchmarks use it: the guest writes a command into the `tohost` word in
//! RAM and, for requests that answer, waits for `fromhost` to become
//! non-zero. The machine polls `tohost` between instruction chunks, never
//! per instruction.
//!
//! A command is `device << 56 | cmd << 48 | payload`:
//! - device 0, cmd 0, payload bit 0 set: exit with status `value >> 1`
//!   (riscv-tests' pass is `tohost = 1`).
//! - device 0, cmd 0, payload bit 0 clear: `payload` is the physical address
//!   of a syscall block `magic_mem[8]` (u64: number, args...). Supported:
//!   SYS_write (64: fd, buf, len; fd 1 and 2 go to the console) and SYS_exit
//!   (93) / SYS_exit_group (94). The result goes to `magic_mem[0]`, then
//!   `fromhost = 1`.
//! - device 1 (console), cmd 1: print the low byte of the payload; answered
//!   like Spike does (`fromhost = 1 << 56 | 1 << 48 | 0x100 | byte`).
//!
//! Handled commands clear `tohost`; unknown ones are dropped silently.

use super::finisher::{ExitSource, MachineExit};
use super::ram::Ram;
use super::uart::Uart;

const SYS_WRITE: u64 = 64;
const SYS_EXIT: u64 = 93;
const SYS_EXIT_GROUP: u64 = 94;
const EFAULT: i64 = 14;
const ENOSYS: i64 = 38;

/// Largest SYS_write the host copies in one call (a bound on what one guest
/// request can make the host allocate).
const MAX_WRITE: u64 = 1 << 20;

/// The physical addresses of the `tohost` and `fromhost` words.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Htif {
    pub tohost: u64,
    pub fromhost: u64,
}

impl Htif {
    /// Look at `tohost` once and carry out the command there, if any.
    /// Returns an exit request when the guest asked to stop.
    pub fn poll(&self, ram: &mut Ram, console: &mut Uart) -> Option<MachineExit> {
        let value = ram.read(self.tohost, 8)?;
        if value == 0 {
            return None;
        }
        ram.write(self.tohost, 8, 0);
        let device = value >> 56;
        let cmd = (value >> 48) & 0xff;
        let payload = value & ((1 << 48) - 1);
        match (device, cmd) {
            (0, 0) if payload & 1 != 0 => {
                Some(MachineExit::Exit { code: value >> 1, source: ExitSource::Htif })
            }
            (0, 0) => self.syscall(ram, console, payload),
            (1, 1) => {
                console.console_write(&[payload as u8]);
                ram.write(self.fromhost, 8, (1 << 56) | (1 << 48) | 0x100 | (payload & 0xff));
                None
            }
            _ => None,
        }
    }

    /// Serve the syscall block at `block`.
    fn syscall(&self, ram: &mut Ram, console: &mut Uart, block: u64) -> Option<MachineExit> {
        let word = |i: u64| block.checked_add(8 * i).and_then(|a| ram.read(a, 8));
        let (Some(num), Some(a0), Some(a1), Some(a2)) = (word(0), word(1), word(2), word(3)) else {
            // The block is not in RAM: nothing to answer into, but release
            // the guest's wait.
            ram.write(self.fromhost, 8, 1);
            return None;
        };
        let ret: i64 = match num {
            SYS_EXIT | SYS_EXIT_GROUP => {
                return Some(MachineExit::Exit { code: a0, source: ExitSource::Htif });
            }
            SYS_WRITE => match (a0, ram.bytes(a1, a2.min(MAX_WRITE))) {
                (1 | 2, Some(bytes)) => {
                    console.console_write(bytes);
                    bytes.len() as i64
                }
                (1 | 2, None) => -EFAULT,
                // Other descriptors are accepted and discarded.
                _ => a2 as i64,
            },
            _ => -ENOSYS,
        };
        ram.write(block, 8, ret as u64);
        ram.write(self.fromhost, 8, 1);
        None
    }
}
