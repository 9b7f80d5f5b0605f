//! Lab 1: the guest's SBI calls. A guest kernel in VS-mode calls its "firmware" with `ecall`,
//! which traps to HS-mode with scause = 10 (environment call from VS-mode; the firmware
//! delegates it to us through medeleg). We are the guest's SBI implementation: we read the
//! same registers (a7 = EID, a6 = FID, a0.. = arguments), answer in a0 (error) / a1 (value),
//! and step over the 4-byte `ecall` (sepc += 4). What needs more than the vcpu (the guest's
//! timer, its memory, its keyboard input) is asked of the `Hypervisor` (lab1_run).

use crate::lab0_cell::ValueCell;
use crate::lab0_console::{first_times, Event};
use crate::lab1_run::{After, Hypervisor};
use crate::lab1_vcpu::{GuestRegs, Vcpu};
use defs::sbi::{base, dbcn, error, legacy, srst, time};

/// The SBI version we implement for guests: 2.0 (needed for DBCN).
const SPEC_VERSION: u64 = 2 << 24;
/// Our implementation id: not a registered one, so pick something unlikely to clash.
const IMPL_ID: u64 = 0x0048_564D; // "HVM"

// The calling convention's registers, as indexes into `GuestRegs::x`.
const A0: usize = 10;
const A1: usize = 11;
const A2: usize = 12;
const A6: usize = 16;
const A7: usize = 17;

fn ext_name(ext: u64) -> &'static str {
    match ext {
        legacy::SET_TIMER => "legacy set_timer",
        legacy::CONSOLE_PUTCHAR => "legacy console_putchar",
        legacy::CONSOLE_GETCHAR => "legacy console_getchar",
        legacy::SHUTDOWN => "legacy shutdown",
        base::EID => "BASE",
        time::EID => "TIME",
        srst::EID => "SRST",
        dbcn::EID => "DBCN",
        _ => "unsupported",
    }
}

fn supported(ext: u64) -> bool {
    matches!(ext, base::EID | time::EID | srst::EID | dbcn::EID | legacy::SET_TIMER
        | legacy::CONSOLE_PUTCHAR | legacy::CONSOLE_GETCHAR | legacy::SHUTDOWN)
}

/// Serve the SBI call of the guest on the hart.
pub fn handle_ecall(h: &mut impl Hypervisor) -> After {
    let g = h.vcpu();
    let (ext, fid) = (g.regs.x[A7], g.regs.x[A6]);
    let (a0, a1, a2) = (g.regs.x[A0], g.regs.x[A1], g.regs.x[A2]);
    step_over_ecall(&mut g.regs); // resume after the ecall, whatever the outcome
    first_times(Event::SbiCall, 0);
    say_first(ext, fid);
    let mut after = After::Resume;
    // (error, value); legacy extensions return only a0.
    let (error, value): (i64, u64) = match ext {
        legacy::CONSOLE_PUTCHAR => {
            let g = h.vcpu();
            g.console.put(g.id, a0 as u8);
            (0, 0)
        }
        legacy::CONSOLE_GETCHAR => {
            let c = h.console_input().map(|b| b as i64).unwrap_or(-1);
            h.vcpu().regs.x[A0] = c as u64;
            return After::Resume;
        }
        legacy::SET_TIMER => {
            h.set_timer(a0);
            h.vcpu().regs.x[A0] = 0;
            return After::Resume;
        }
        legacy::SHUTDOWN => {
            finish(h.vcpu(), "legacy shutdown");
            return After::Reschedule;
        }
        base::EID => match fid {
            base::GET_SPEC_VERSION => (0, SPEC_VERSION),
            base::GET_IMPL_ID => (0, IMPL_ID),
            base::GET_IMPL_VERSION => (0, 1),
            base::PROBE_EXTENSION => (0, supported(a0) as u64),
            // A virtual hart reports 0 for mvendorid, marchid and mimpid.
            base::GET_MVENDORID | base::GET_MARCHID | base::GET_MIMPID => (0, 0),
            _ => (error::NOT_SUPPORTED, 0),
        },
        time::EID if fid == time::SET_TIMER => {
            h.set_timer(a0);
            (0, 0)
        }
        srst::EID if fid == srst::SYSTEM_RESET => {
            if a0 <= srst::WARM_REBOOT {
                finish(h.vcpu(), if a0 == srst::SHUTDOWN { "SBI SRST shutdown" } else { "SBI SRST reboot (treated as shutdown)" });
                after = After::Reschedule;
                (0, 0)
            } else {
                (error::INVALID_PARAM, 0)
            }
        }
        dbcn::EID => match fid {
            // write(num_bytes, base_addr_lo, base_addr_hi): the buffer is guest-physical.
            dbcn::CONSOLE_WRITE => {
                let gpa = a1 | (a2 << 32);
                let mut n = 0;
                while n < a0 {
                    match h.read_guest_byte(gpa + n) {
                        Some(b) => {
                            let g = h.vcpu();
                            g.console.put(g.id, b)
                        }
                        None => break,
                    }
                    n += 1;
                }
                if n == 0 && a0 != 0 { (error::INVALID_PARAM, 0) } else { (0, n) }
            }
            // read(num_bytes, base_addr_lo, base_addr_hi): from this guest's keyboard input.
            dbcn::CONSOLE_READ => {
                let gpa = a1 | (a2 << 32);
                let mut n = 0;
                while n < a0 {
                    let Some(b) = h.console_input() else { break };
                    if !h.write_guest_byte(gpa + n, b) {
                        break;
                    }
                    n += 1;
                }
                (0, n)
            }
            // write_byte(byte)
            dbcn::CONSOLE_WRITE_BYTE => {
                let g = h.vcpu();
                g.console.put(g.id, a0 as u8);
                (0, 0)
            }
            _ => (error::NOT_SUPPORTED, 0),
        },
        _ => (error::NOT_SUPPORTED, 0),
    };
    let g = h.vcpu();
    g.regs.x[A0] = error as u64;
    g.regs.x[A1] = value;
    after
}

/// Lab 1-3: sepc holds the address of the guest's `ecall` itself (the instruction that
/// raised the exception); the guest must go on after it, 4 bytes further.
#[cfg(not(feature = "exercise-lab1-sbi"))]
fn step_over_ecall(regs: &mut GuestRegs) {
    regs.sepc += 4;
}

/// Lab 1-3, the exercise (`--features exercise-lab1`): this starting point leaves sepc alone.
#[cfg(feature = "exercise-lab1-sbi")]
fn step_over_ecall(regs: &mut GuestRegs) {
    // TODO(lab 1-3): where must the guest resume after its SBI call? sret jumps to sepc.
    let _ = regs;
}

fn finish(g: &mut Vcpu, how: &str) {
    g.console.flush(g.id);
    hv!("lab1: guest {} finished ({how})", g.id);
    g.finished = true;
}

/// One line the first time each kind of SBI call is seen (from any guest).
fn say_first(ext: u64, fid: u64) {
    static SEEN: ValueCell<[bool; 9]> = ValueCell::new([false; 9]);
    let slot = match ext {
        legacy::SET_TIMER => 0, legacy::CONSOLE_PUTCHAR => 1, legacy::CONSOLE_GETCHAR => 2,
        legacy::SHUTDOWN => 3, base::EID => 4, time::EID => 5, srst::EID => 6, dbcn::EID => 7, _ => 8,
    };
    let mut seen = SEEN.get();
    if seen[slot] {
        return;
    }
    seen[slot] = true;
    SEEN.set(seen);
    let what = match slot {
        1 | 7 => "console output forwarded to the firmware's console, one guest line at a time",
        0 | 5 => "guest timer request (lab 3 turns it into a virtual timer interrupt)",
        4 => "probe answered by the hypervisor itself",
        6 | 3 => "guest asks to power off: only this guest stops",
        2 => "keyboard input from this guest's 16550 receive buffer",
        _ => "answered SBI_error::NOT_SUPPORTED",
    };
    hv!("lab1: first VS ecall to {} (EID {ext:#x} FID {fid}): {what}; sepc += 4", ext_name(ext));
}
