//! Lab 4, guest memory and MMIO: what the grader checks, in the order the hart does it.
//!
//! - 4-1 the G-stage: at the hypervisor's first sret into the guest, hgatp selects Sv39x4
//!   (MODE 8) with a 16 KiB-aligned root ("the root page table is expanded by a factor of 4
//!   to be 16 KiB and must be aligned to a 16 KiB boundary"), and the guest's first fetch, at GPA 0x90000000, translates: its
//!   leaf has U = 1, because "for G-stage address translation, all memory accesses ... are
//!   considered to be user-level accesses".
//! - 4-2 MMIO exits: the guest's first store to its 16550 (whose GPA the G-stage does not map)
//!   traps to HS-mode as a store/AMO guest-page fault (23), with stval = the guest virtual
//!   address, htval = the guest physical address shifted right by 2 and htinst = the
//!   transformed store.
//! - 4-4 resuming: the hypervisor's sret back into the guest goes to the next instruction,
//!   sepc + 4 (or + 2 for a compressed one: htinst bit 1 says which).
//! - 4-3 decoding: the guest's first load from the 16550 (a load guest-page fault, 21) gets
//!   the emulated register's value in its rd: bits 11:7 of the (transformed) load.
//! - 4-4 again for that load.

use super::probe::{self, at, csr, x};
use super::Checks;
use crate::debug::command::Until;
use crate::debug::record::Record;
use crate::debug::session::Debugger;
use crate::debug::trace::CauseSel;
use crate::debug::translate::{translate, StageKind};
use crate::hart::{Exception, Mode};
use crate::isa::disasm::xname;
use crate::isa::{decode, disasm};
use crate::mmu::Access;
use defs::csr::{HGATP, HSTATUS, HTINST, HTVAL, SCAUSE, SEPC, STVAL};
use defs::hstatus::Hstatus;
use defs::pte::Pte;
use defs::satp::{mode_bits, ppn, HgatpMode, ASID_SHIFT, VMID_MASK};

/// The check lines, in order.
const IDS: [&str; 5] = ["4-1", "4-2", "4-4", "4-3", "4-4"];
/// Where the guest's emulated 16550 is, in guest physical addresses.
const UART_GPA: u64 = 0x1000_0000;
const UART_SIZE: u64 = 0x100;
/// The 16550's line status register, and the bits the emulated one always reports: the
/// transmitter is idle (THRE, TEMT).
const LSR: u64 = 5;
const LSR_IDLE: u64 = 0x60;

pub(super) fn grade(d: &mut Debugger) -> Vec<super::Check> {
    Checks::run(&IDS, |c| steps(d, c))
}

/// Each check in turn; `None` as soon as one fails.
fn steps(d: &mut Debugger, c: &mut Checks) -> Option<()> {
    c.push("4-1", gstage(d)).then_some(())?;
    let store = c.found("4-2", mmio_exit(d, Exception::StoreGuestPageFault, "the guest's first store to its 16550"))?;
    c.push("4-2", Ok(store.describe(d))).then_some(())?;
    c.found("4-4", back_to_guest(d))?;
    c.push("4-4", resumed(d, &store)).then_some(())?;
    let load = c.found("4-3", mmio_exit(d, Exception::LoadGuestPageFault, "the guest's first load from its 16550"))?;
    c.found("4-3", back_to_guest(d))?;
    c.push("4-3", loaded(d, &load)).then_some(())?;
    c.push("4-4", resumed(d, &load));
    Some(())
}

/// A PTE's flags by name: `V R W X A D`.
fn flags(pte: u64) -> String {
    let names = Pte::from_bits_truncate(pte).iter_names().map(|(n, _)| n).collect::<Vec<_>>();
    names.join(" ")
}

/// 4-1: stopped before the first sret into the guest; Ok if hgatp is Sv39x4 with a 16 KiB
/// root and the guest's first fetch goes through it.
fn gstage(d: &mut Debugger) -> Result<String, String> {
    probe::to_guest_sret(d, "an sret (entering the guest)")?;
    let hgatp = csr(d, HGATP);
    let (mode, vmid, root) = (mode_bits(hgatp), (hgatp >> ASID_SHIFT) & VMID_MASK, ppn(hgatp) << 12);
    if mode != HgatpMode::Sv39x4 as u64 {
        return Err(format!(
            "at the first sret into the guest hgatp = {hgatp:#x}: MODE = {mode}, not 8 (Sv39x4): the guest's addresses are not translated by a G-stage of its own"
        ));
    }
    if root % (16 << 10) != 0 {
        return Err(format!(
            "hgatp = {hgatp:#x}: its root table at {root:#x} is not 16 KiB aligned (Sv39x4's root has 2048 entries, 16 KiB, \"aligned to a 16 KiB boundary\")"
        ));
    }
    let pc = csr(d, SEPC);
    let walk = translate(&d.machine().hart, pc, Access::Fetch, Some(Mode::VS));
    let leaf = walk
        .stages
        .iter()
        .filter(|s| s.kind == StageKind::G)
        .flat_map(|s| s.ptes.last())
        .last()
        .and_then(|p| p.value);
    let leaf = leaf.map(|v| format!("its leaf PTE has {}", flags(v))).unwrap_or_default();
    let Some(pa) = walk.pa() else {
        let why = walk.why_not().unwrap_or_default();
        return Err(format!(
            "the guest's first fetch at GPA {pc:#x} does not translate through the G-stage (hgatp = {hgatp:#x}): {why}; {leaf}: a G-stage leaf needs U=1 (\"for G-stage address translation, all memory accesses ... are considered to be user-level accesses\")"
        ));
    };
    let entered = probe::step(d)?;
    let first = probe::step(d)?;
    if first.to != Mode::VS || first.pc != pc {
        return Err(format!(
            "the sret entered {}-mode at {}, and the next step went to {}-mode at {}",
            entered.to,
            at(d, entered.pc_after),
            first.to,
            at(d, first.pc_after)
        ));
    }
    Ok(format!(
        "hgatp = {hgatp:#x} (MODE=8 Sv39x4, VMID={vmid}, root table at {root:#x}, 16 KiB aligned): the guest's first fetch at GPA {pc:#x} went through the G-stage to PA {pa:#x}, {leaf}"
    ))
}

/// A guest-page fault on the 16550, as the hart reported it to HS-mode.
struct MmioExit {
    cause: Exception,
    /// The trap's record: the instruction, its pc.
    record: Record,
    stval: u64,
    htval: u64,
    htinst: u64,
    gva: bool,
}

impl MmioExit {
    /// The guest physical address of the access: "htval is written with the guest physical
    /// address that faulted, shifted right by 2 bits".
    fn gpa(&self) -> u64 {
        self.htval << 2 | self.stval & 3
    }
    /// The instruction's length: htinst bit 1 is 0 for a compressed one; without htinst, its
    /// own low bits.
    fn len(&self) -> (u64, &'static str) {
        match self.htinst {
            0 => match self.record.raw {
                Some(raw) if raw & 3 != 3 => (2, "a compressed instruction"),
                _ => (4, "an uncompressed instruction"),
            },
            h if h & 2 == 0 => (2, "htinst bit 1 = 0: a compressed instruction"),
            _ => (4, "htinst bit 1 = 1: an uncompressed instruction"),
        }
    }
    /// `sb zero,1(s5) at 0x90001848 <kmain+0x168>`.
    fn instruction(&self, d: &Debugger) -> String {
        let text = self.record.raw.map(|raw| format!("{} at ", disasm(&decode(raw), self.record.pc))).unwrap_or_default();
        format!("{text}{}", at(d, self.record.pc))
    }
    /// 4-2's line.
    fn describe(&self, d: &Debugger) -> String {
        let r = &self.record;
        format!(
            "{} in {}-mode trapped to HS-mode at stvec={} with scause={} ({}): stval={:#x} (the guest virtual address, hstatus.GVA={}), htval={:#x} (GPA >> 2: GPA {:#x}, not mapped in the G-stage), htinst={:#x} (the transformed instruction)",
            self.instruction(d),
            r.from,
            at(d, r.pc_after),
            self.cause.code(),
            self.cause.name(),
            self.stval,
            self.gva as u8,
            self.htval,
            self.gpa(),
            self.htinst
        )
    }
}

/// Run to the guest's first guest-page fault `cause` on its 16550 and read what the hart
/// reported. Faults elsewhere (a wrong G-stage) are reported as such.
fn mmio_exit(d: &mut Debugger, cause: Exception, what: &str) -> Result<MmioExit, String> {
    let sel = Until::Trap(Some(CauseSel::Exception(cause.code())));
    let records = probe::until(d, &sel, what).map_err(|e| {
        format!("{e} (the G-stage must leave the 16550's page unmapped: its accesses are guest-page faults the hypervisor emulates)")
    })?;
    let record = records.last().cloned().ok_or_else(|| format!("{what}: the session stopped without its record"))?;
    let exit = MmioExit {
        cause,
        stval: csr(d, STVAL),
        htval: csr(d, HTVAL),
        htinst: csr(d, HTINST),
        gva: Hstatus::from_bits_retain(csr(d, HSTATUS)).contains(Hstatus::GVA),
        record,
    };
    if exit.record.to != Mode::HS || csr(d, SCAUSE) != cause.code() {
        return Err(format!("{} went to {}-mode, not HS-mode: guest-page faults always stop in HS", exit.instruction(d), exit.record.to));
    }
    if !(UART_GPA..UART_GPA + UART_SIZE).contains(&exit.gpa()) {
        return Err(format!(
            "{what}: the first {} was at GPA {:#x} ({}), outside the 16550 at {UART_GPA:#x}: the G-stage does not map the guest's RAM there",
            cause.name(),
            exit.gpa(),
            exit.instruction(d)
        ));
    }
    Ok(exit)
}

/// Run to the hypervisor's sret back into the guest after an emulated access (stopped
/// before it, as for 4-3 and 4-4).
fn back_to_guest(d: &mut Debugger) -> Result<(), String> {
    probe::to_guest_sret(d, "the hypervisor's sret back into the guest after its access")
}

/// 4-3: at the hypervisor's sret back into the guest after its load from the 16550's LSR,
/// the load's rd holds the emulated register's value.
fn loaded(d: &mut Debugger, load: &MmioExit) -> Result<String, String> {
    let raw = load.record.raw.unwrap_or(0);
    let rd = if raw & 3 == 3 { (raw >> 7) & 31 } else { 8 + ((raw >> 2) & 7) } as u8;
    let value = x(d, rd);
    let offset = load.gpa() - UART_GPA;
    let name = xname(rd);
    let what = format!("{} from the 16550 (GPA {:#x})", load.instruction(d), load.gpa());
    if offset == LSR && value & !0xff == 0 && value & LSR_IDLE == LSR_IDLE {
        return Ok(format!(
            "{what}: {name} (x{rd}, the load's rd: htinst {:#x} bits 11:7) = {value:#x} at the sret back into the guest, the emulated LSR (THRE and TEMT set)",
            load.htinst
        ));
    }
    if offset != LSR {
        return Err(format!("{what}: the grader expected the guest's first 16550 load to read LSR (offset 5), not offset {offset}"));
    }
    Err(format!(
        "{what}: {name} (x{rd}) was {value:#x} at the sret back into the guest, not the emulated LSR (THRE and TEMT set, 0x60): the value read was not written to rd (a load is I-type: rd is bits 11:7 of htinst {:#x}; bits 24:20 are rs2 only in a store)",
        load.htinst
    ))
}

/// 4-4: the hypervisor's sret after an emulated access resumes the guest at the next
/// instruction: sepc + its length.
fn resumed(d: &mut Debugger, access: &MmioExit) -> Result<String, String> {
    let (len, why) = access.len();
    let pc = access.record.pc;
    let r = probe::step(d)?;
    let gpa = access.gpa();
    let what = access.instruction(d);
    if r.to == Mode::VS && r.pc_after == pc + len {
        return Ok(format!("the guest resumed after its {what} (GPA {gpa:#x}) at sepc + {len} = {} ({why})", at(d, r.pc_after)));
    }
    if r.pc_after == pc {
        return Err(format!(
            "the guest's {what} (GPA {gpa:#x}) resumed at the same pc: sepc was not advanced by the instruction's length ({len}: {why}), so it traps again, forever"
        ));
    }
    Err(format!(
        "after the guest's {what} (GPA {gpa:#x}) the sret went to {}-mode at {}, not to sepc + {len} = {:#x} ({why})",
        r.to,
        at(d, r.pc_after),
        pc + len
    ))
}
