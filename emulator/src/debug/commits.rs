//! The commit log: one line per retired instruction in Spike's
//! `--log-commits` layout, so that a run can be diffed against Spike's.
//!
//! ```text
//! core   0: 3 0x0000000080000000 (0x00000297) x5  0x0000000080000000
//! core   0: 1 0x0000000080200010 (0x00b53023) mem 0x0000000080213f08 0x0000000000000001
//! core   0: 5 0x0000000090000000 (0x1141) x2  0x0000000090010ff0
//! ```
//!
//! After `core   0:` comes the privilege level the instruction ran at,
//! then the pc, the instruction's bits (4 hex digits when compressed),
//! then what it wrote: the destination register (`x5 `, `f10`) with its
//! new value, each CSR that changed as `c<number>_<name>`, each memory
//! read as `mem ADDR` and each memory write as `mem ADDR VALUE` (the value
//! as wide as the access). Addresses are virtual, as Spike prints them.
//!
//! The one extension is the V bit: the privilege digit is the debug
//! specification's encoding (dcsr.v and prv; what GDB's `$priv` shows),
//! so VS-mode lines read 5 and VU-mode lines 4, where Spike prints 1 and
//! 0. To compare with Spike, map them back:
//! `sed -E 's/^(core +0: )5/\11/; s/^(core +0: )4/\10/'`.
//!
//! Like Spike, only instructions that retire are logged: a trap or an
//! interrupt has no line (the handler's first instruction follows).

use std::fmt::Write as _;

use crate::debug::record::{Kind, Record};
use crate::hart::csr::{self, addr::*};
use crate::hart::Hart;
use crate::isa::decode;
use crate::isa::op::RegFile;

/// CSRs the devices change between instructions (interrupt-pending bits):
/// an instruction is not said to write them unless it is a CSR
/// instruction naming one of them.
const DEVICE_DRIVEN: [u16; 4] = [MIP, SIP, HIP, VSIP];

/// Restricted views of machine CSRs: Spike logs the view only when the
/// instruction names it (and the machine CSR behind it always).
const VIEWS: [u16; 3] = [SSTATUS, SIE, SIP];

/// The commit-log line of a step, or None if nothing retired (a trap, an
/// interrupt, the hart waiting). `h` is the hart after the step.
pub fn line(r: &Record, h: &Hart) -> Option<String> {
    if !matches!(r.kind, Kind::Retired | Kind::Xret { .. }) {
        return None;
    }
    let raw = r.raw?;
    let inst = decode(raw);
    let mut s = String::with_capacity(96);
    let bits = if raw & 3 == 3 { format!("0x{raw:08x}") } else { format!("0x{:04x}", raw & 0xffff) };
    let _ = write!(s, "core   0: {} 0x{:016x} ({bits})", r.from.debug_code(), r.pc);
    // The destination register, written even when its value stays (Spike
    // logs the write, not the change).
    match inst.op.destination() {
        Some(RegFile::X) if inst.rd != 0 => {
            let _ = write!(s, " x{:<2} 0x{:016x}", inst.rd, h.xreg(inst.rd));
        }
        Some(RegFile::F) => {
            let _ = write!(s, " f{:<2} 0x{:016x}", inst.rd, h.freg(inst.rd));
        }
        _ => {}
    }
    // A CSR instruction that writes logs its CSR even if unchanged (CSRRS
    // and CSRRC with x0/0 as the source do not write).
    let named = inst.op.is_csr().then_some(inst.imm as u16);
    let writes = named.is_some() && (matches!(inst.op.mnemonic(), "csrrw" | "csrrwi") || inst.rs1 != 0);
    let mut logged = Vec::new();
    for c in &r.csrs {
        if (DEVICE_DRIVEN.contains(&c.addr) || VIEWS.contains(&c.addr)) && named != Some(c.addr) {
            continue;
        }
        logged.push((c.addr, c.new));
    }
    if let Some(a) = named.filter(|_| writes) {
        if !logged.iter().any(|&(n, _)| n == a) {
            if let Some(v) = h.csr_peek(a) {
                logged.push((a, v));
            }
        }
    }
    logged.sort_by_key(|&(n, _)| n);
    for (n, v) in logged {
        let _ = write!(s, " c{n}_{} 0x{v:016x}", csr::name(n).map_or("unknown".to_string(), |x| x.to_string()));
    }
    for a in r.mem.iter().filter(|a| !a.write) {
        let _ = write!(s, " mem 0x{:016x}", a.vaddr);
    }
    for a in r.mem.iter().filter(|a| a.write) {
        let digits = 2 * a.size as usize;
        let _ = write!(s, " mem 0x{:016x} 0x{:0digits$x}", a.vaddr, a.value);
    }
    Some(s)
}
