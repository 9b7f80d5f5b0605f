//! The CSR table: one entry per CSR (or numbered family) with everything
//! the hart, the disassembler, the trace and a debugger know about it: its
//! number, name, extension, access gate, fields, and its read and write
//! rules (WARL legalisation and side effects), in the spirit of Spike's
//! `csrs.cc`.
//!
//! Adding a CSR is one entry here (its storage in `CsrFile` if it holds
//! state, a `Gate` variant if no existing gate fits). The privilege and
//! read-only rules come from the number itself (see `gate.rs`).
//!
//! Rules get the hart and the number accessed (`h`, `n`); with V=1 an S CSR
//! entry's `virt` sends the access to the VS copy's entry. A read-only CSR
//! needs no write rule (the gate refuses the write).

use super::addr::*;
use super::bits::*;
use super::fields as f;
use super::gate::Gate;
use super::info::{Csr, Ext, Plain};
use super::CsrFile;
use super::trigger::trigger_read;
use super::warl::{self, merge, with_sd};

const M: Csr = Csr { ext: Ext::Machine, ..Csr::BLANK };
const S: Csr = Csr { ext: Ext::Supervisor, ..Csr::BLANK };
const H: Csr = Csr { ext: Ext::H, ..Csr::BLANK };

/// A plain CSR (see `Csr::plain`) on the template `$base`, stored in the
/// CSR file's `$field`, a write keeping the bits `$keeps`: its read and
/// write rules, and where the run loop reaches it (`Plain`), from one
/// field name.
macro_rules! plain {
    ($base:expr, $field:ident, $keeps:expr) => {
        Csr {
            read: |h, _| h.csr.$field,
            write: |h, _, v| h.csr.$field = v & $keeps,
            plain: Some(Plain { at: std::mem::offset_of!(CsrFile, $field), keeps: $keeps }),
            ..$base
        }
    };
}

/// Every CSR hemu knows, grouped by level: unprivileged FP, supervisor,
/// VS, hypervisor, machine, then the read-only ones (numbers 0xc00 up).
pub(super) static TABLE: [Csr; 81] = [
    // ----- Unprivileged: floating point (F) -----
    Csr {
        number: FFLAGS,
        name: "fflags",
        ext: Ext::F,
        gate: Gate::Fp,
        fields: f::FFLAGS,
        about: "floating-point accrued exceptions (fcsr[4:0])",
        read: |h, _| h.csr.fflags,
        write: |h, _, v| {
            h.csr.fflags = v & 0x1f;
            h.fp_dirty();
        },
        ..Csr::BLANK
    },
    Csr {
        number: FRM,
        name: "frm",
        ext: Ext::F,
        gate: Gate::Fp,
        about: "floating-point dynamic rounding mode (fcsr[7:5])",
        read: |h, _| h.csr.frm,
        write: |h, _, v| {
            h.csr.frm = v & 7;
            h.fp_dirty();
        },
        ..Csr::BLANK
    },
    Csr {
        number: FCSR,
        name: "fcsr",
        ext: Ext::F,
        gate: Gate::Fp,
        fields: f::FCSR,
        about: "floating-point control and status: frm and fflags",
        read: |h, _| (h.csr.frm << 5) | h.csr.fflags,
        write: |h, _, v| {
            h.csr.fflags = v & 0x1f;
            h.csr.frm = (v >> 5) & 7;
            h.fp_dirty();
        },
        ..Csr::BLANK
    },
    // ----- Supervisor (HS; with V=1 most reach their VS copies) -----
    Csr {
        number: SSTATUS,
        name: "sstatus",
        virt: Some(VSSTATUS),
        fields: f::SSTATUS,
        about: "supervisor status: the S-level view of mstatus",
        read: |h, _| with_sd(h.csr.mstatus & warl::SSTATUS_READ),
        write: |h, _, v| h.csr.mstatus = merge(h.csr.mstatus, v, warl::SSTATUS_WRITE),
        ..S
    },
    Csr {
        number: SIE,
        name: "sie",
        virt: Some(VSIE),
        fields: f::SIE,
        about: "supervisor interrupt enable: mie's bits delegated by mideleg",
        read: |h, _| h.csr.mie & h.csr.mideleg & !VS_INTERRUPTS & !SGEIP,
        write: |h, _, v| h.csr.mie = merge(h.csr.mie, v, h.csr.mideleg & (S_INTERRUPTS | LCOFIP)),
        ..S
    },
    Csr {
        number: STVEC,
        name: "stvec",
        virt: Some(VSTVEC),
        fields: f::TVEC,
        about: "supervisor trap vector",
        read: |h, _| h.csr.stvec,
        write: |h, _, v| h.csr.stvec = warl::tvec(h.csr.stvec, v),
        ..S
    },
    Csr {
        number: SCOUNTEREN,
        name: "scounteren",
        fields: f::COUNTEREN,
        about: "the counters U-mode (VU-mode) may read",
        read: |h, _| h.csr.scounteren,
        write: |h, _, v| h.csr.scounteren = v & warl::COUNTEREN_WRITE,
        ..S
    },
    Csr {
        number: SENVCFG,
        name: "senvcfg",
        gate: Gate::Envcfg,
        fields: f::SENVCFG,
        about: "supervisor environment configuration for U-mode",
        read: |h, _| h.csr.senvcfg,
        write: |h, _, v| h.csr.senvcfg = (v & ENVCFG_FIOM) | warl::envcfg_cbo(h.isa(), v),
        ..S
    },
    Csr {
        number: SSTATEEN0,
        count: 4,
        name: "sstateen",
        ext: Ext::Smstateen,
        gate: Gate::Stateen,
        about: "U-mode's access to extension state (none here: read-only zero)",
        ..S
    },
    Csr {
        number: SSCRATCH,
        name: "sscratch",
        virt: Some(VSSCRATCH),
        about: "supervisor scratch register",
        ..plain!(S, sscratch, !0)
    },
    Csr {
        number: SEPC,
        name: "sepc",
        virt: Some(VSEPC),
        about: "supervisor exception pc (bit 0 reads zero: IALIGN = 16)",
        ..plain!(S, sepc, !1)
    },
    Csr {
        number: SCAUSE,
        name: "scause",
        virt: Some(VSCAUSE),
        fields: f::CAUSE,
        about: "supervisor trap cause",
        ..plain!(S, scause, !0)
    },
    Csr {
        number: STVAL,
        name: "stval",
        virt: Some(VSTVAL),
        about: "supervisor trap value (faulting address or instruction)",
        ..plain!(S, stval, !0)
    },
    Csr {
        number: SIP,
        name: "sip",
        virt: Some(VSIP),
        fields: f::SIP,
        about: "supervisor interrupt pending: mip's bits delegated by mideleg",
        read: |h, _| h.mip_value() & h.csr.mideleg & !VS_INTERRUPTS & !SGEIP,
        // Only SSIP and LCOFIP are writable through sip, and only when
        // delegated.
        write: |h, _, v| h.csr.mip = merge(h.csr.mip, v, h.csr.mideleg & (SSIP | LCOFIP)),
        ..S
    },
    Csr {
        number: STIMECMP,
        name: "stimecmp",
        ext: Ext::Sstc,
        gate: Gate::Sstc,
        virt: Some(VSTIMECMP),
        about: "supervisor timer compare: STIP while time >= stimecmp",
        read: |h, _| h.csr.stimecmp,
        write: |h, _, v| {
            h.csr.stimecmp = v;
            h.timer_changed();
        },
        ..Csr::BLANK
    },
    Csr {
        number: SATP,
        name: "satp",
        gate: Gate::Tvm,
        virt: Some(VSATP),
        fields: f::SATP,
        about: "supervisor address translation: mode, ASID, root page table",
        read: |h, _| h.csr.satp,
        write: |h, _, v| {
            if let Some(v) = warl::atp(h.isa(), v) {
                if v != h.csr.satp {
                    h.csr.satp = v;
                    h.mmu.atp_written();
                }
            }
        },
        ..S
    },
    // ----- Virtual supervisor (H): what a guest sees as its S CSRs -----
    Csr {
        number: VSSTATUS,
        name: "vsstatus",
        fields: f::SSTATUS,
        about: "VS-mode's sstatus",
        read: |h, _| with_sd(h.csr.vsstatus),
        write: |h, _, v| h.csr.vsstatus = merge(h.csr.vsstatus, v, warl::SSTATUS_WRITE),
        ..H
    },
    Csr {
        number: VSIE,
        name: "vsie",
        fields: f::SIE,
        about: "VS-mode's sie: mie's VS bits delegated by hideleg, one position lower (LCOFI in place)",
        read: |h, _| warl::to_vs(h.csr.mie & h.csr.hideleg),
        write: |h, _, v| h.csr.mie = merge(h.csr.mie, warl::from_vs(v), h.csr.hideleg & (VS_INTERRUPTS | LCOFIP)),
        ..H
    },
    Csr {
        number: VSTVEC,
        name: "vstvec",
        fields: f::TVEC,
        about: "VS-mode's stvec",
        read: |h, _| h.csr.vstvec,
        write: |h, _, v| h.csr.vstvec = warl::tvec(h.csr.vstvec, v),
        ..H
    },
    Csr {
        number: VSSCRATCH,
        name: "vsscratch",
        about: "VS-mode's sscratch",
        ..plain!(H, vsscratch, !0)
    },
    Csr {
        number: VSEPC,
        name: "vsepc",
        about: "VS-mode's sepc",
        ..plain!(H, vsepc, !1)
    },
    Csr {
        number: VSCAUSE,
        name: "vscause",
        fields: f::CAUSE,
        about: "VS-mode's scause",
        ..plain!(H, vscause, !0)
    },
    Csr {
        number: VSTVAL,
        name: "vstval",
        about: "VS-mode's stval",
        ..plain!(H, vstval, !0)
    },
    Csr {
        number: VSIP,
        name: "vsip",
        fields: f::SIP,
        about: "VS-mode's sip: mip's VS bits delegated by hideleg, one position lower (LCOFI in place)",
        read: |h, _| warl::to_vs(h.mip_value() & h.csr.hideleg),
        // vsip.SSIP is an alias of mip.VSSIP (when delegated), vsip.LCOFIP
        // of mip.LCOFIP; the timer and external bits are read-only here.
        write: |h, _, v| h.csr.mip = merge(h.csr.mip, warl::from_vs(v), h.csr.hideleg & (VSSIP | LCOFIP)),
        ..H
    },
    Csr {
        number: VSTIMECMP,
        name: "vstimecmp",
        ext: Ext::Sstc,
        gate: Gate::Sstc,
        about: "VS-mode's stimecmp: VSTIP while time + htimedelta >= vstimecmp",
        read: |h, _| h.csr.vstimecmp,
        write: |h, _, v| {
            h.csr.vstimecmp = v;
            h.timer_changed();
        },
        ..Csr::BLANK
    },
    Csr {
        number: VSATP,
        name: "vsatp",
        fields: f::SATP,
        about: "VS-mode's satp: the VS-stage translation",
        read: |h, _| h.csr.vsatp,
        write: |h, _, v| {
            if let Some(v) = warl::atp(h.isa(), v) {
                if v != h.csr.vsatp {
                    h.csr.vsatp = v;
                    h.mmu.atp_written();
                }
            }
        },
        ..H
    },
    // ----- Hypervisor -----
    Csr {
        number: HSTATUS,
        name: "hstatus",
        fields: f::HSTATUS,
        about: "hypervisor status: the guest's previous V and privilege, VS-mode traps",
        read: |h, _| h.csr.hstatus,
        write: |h, _, v| h.csr.hstatus = merge(h.csr.hstatus, v, warl::HSTATUS_WRITE),
        ..H
    },
    Csr {
        number: HEDELEG,
        name: "hedeleg",
        fields: f::EDELEG,
        about: "the exceptions from V=1 that go to VS-mode",
        read: |h, _| h.csr.hedeleg,
        write: |h, _, v| h.csr.hedeleg = v & warl::HEDELEG_WRITE,
        ..H
    },
    Csr {
        number: HIDELEG,
        name: "hideleg",
        fields: f::HIDELEG,
        about: "the VS-level interrupts (and LCOFI) that go to VS-mode",
        read: |h, _| h.csr.hideleg,
        write: |h, _, v| h.csr.hideleg = v & (VS_INTERRUPTS | warl::lcofi(h.isa())),
        ..H
    },
    Csr {
        number: HIE,
        name: "hie",
        fields: f::HIE,
        about: "hypervisor interrupt enable: mie's VS-level and SGEI bits",
        read: |h, _| h.csr.mie & (VS_INTERRUPTS | SGEIP),
        write: |h, _, v| h.csr.mie = merge(h.csr.mie, v, VS_INTERRUPTS),
        ..H
    },
    Csr {
        number: HTIMEDELTA,
        name: "htimedelta",
        about: "added to time for VS-mode and VU-mode",
        read: |h, _| h.csr.htimedelta,
        write: |h, _, v| {
            h.csr.htimedelta = v;
            h.timer_changed();
        },
        ..H
    },
    Csr {
        number: HCOUNTEREN,
        name: "hcounteren",
        fields: f::COUNTEREN,
        about: "the counters VS-mode and VU-mode may read",
        read: |h, _| h.csr.hcounteren,
        write: |h, _, v| h.csr.hcounteren = v & warl::COUNTEREN_WRITE,
        ..H
    },
    Csr {
        number: HGEIE,
        name: "hgeie",
        about: "guest external interrupt enable (GEILEN = 0: reads zero)",
        read: |h, _| h.csr.hgeie,
        write: |_, _, _| {}, // GEILEN = 0: no guest external interrupt lines.
        ..H
    },
    Csr {
        number: HENVCFG,
        name: "henvcfg",
        gate: Gate::Envcfg,
        fields: f::ENVCFG,
        about: "hypervisor environment configuration for VS-mode and VU-mode",
        read: |h, _| h.csr.henvcfg & h.henvcfg_mask(),
        write: |h, _, v| {
            h.csr.henvcfg = (v & warl::HENVCFG_WRITE) | warl::envcfg_cbo(h.isa(), v) | warl::envcfg_pbmte(h.isa(), v);
            h.timer_changed();
        },
        ..H
    },
    Csr {
        number: HSTATEEN0,
        count: 4,
        name: "hstateen",
        ext: Ext::Smstateen,
        gate: Gate::Stateen,
        fields: f::STATEEN,
        about: "VS-mode's and VU-mode's access to extension state (SE0, ENVCFG)",
        read: |h, n| h.hstateen_read((n - HSTATEEN0) as usize),
        write: |h, n, v| h.hstateen_write((n - HSTATEEN0) as usize, v),
        ..Csr::BLANK
    },
    Csr {
        number: HTVAL,
        name: "htval",
        about: "hypervisor trap value: the faulting guest physical address >> 2",
        ..plain!(H, htval, !0)
    },
    Csr {
        number: HIP,
        name: "hip",
        fields: f::HIP,
        about: "hypervisor interrupt pending: mip's VS-level and SGEI bits",
        read: |h, _| h.mip_value() & (VS_INTERRUPTS | SGEIP),
        // Only VSSIP is writable through hip (an alias of hvip.VSSIP).
        write: |h, _, v| h.csr.mip = merge(h.csr.mip, v, VSSIP),
        ..H
    },
    Csr {
        number: HVIP,
        name: "hvip",
        fields: f::HVIP,
        about: "the VS-level interrupts HS-mode injects",
        read: |h, _| h.csr.mip & VS_INTERRUPTS,
        write: |h, _, v| h.csr.mip = merge(h.csr.mip, v, VS_INTERRUPTS),
        ..H
    },
    Csr {
        number: HTINST,
        name: "htinst",
        about: "hypervisor trap instruction (transformed)",
        ..plain!(H, htinst, !0)
    },
    Csr {
        number: HGATP,
        name: "hgatp",
        gate: Gate::Tvm,
        fields: f::HGATP,
        about: "hypervisor guest address translation: the G-stage mode, VMID, root",
        read: |h, _| h.csr.hgatp,
        write: |h, _, v| {
            let v = warl::hgatp(h.isa(), h.csr.hgatp, v);
            if v != h.csr.hgatp {
                h.csr.hgatp = v;
                h.mmu.atp_written();
            }
        },
        ..H
    },
    // ----- Machine -----
    Csr {
        number: MSTATUS,
        name: "mstatus",
        fields: f::MSTATUS,
        about: "machine status: interrupt enables, previous modes, FS, MPRV, traps on TVM/TW/TSR",
        read: |h, _| with_sd(h.csr.mstatus),
        write: |h, _, v| h.csr.mstatus = warl::mstatus(h.csr.mstatus, v),
        ..M
    },
    Csr {
        number: MISA,
        name: "misa",
        fields: f::MISA,
        about: "the ISA: MXL and the extension letters (fixed here)",
        read: |h, _| h.csr.misa,
        write: |_, _, _| {}, // The extensions are fixed; misa is read-only here.
        ..M
    },
    Csr {
        number: MEDELEG,
        name: "medeleg",
        fields: f::EDELEG,
        about: "the exceptions below M-mode that go to HS-mode",
        read: |h, _| h.csr.medeleg,
        write: |h, _, v| h.csr.medeleg = v & warl::MEDELEG_WRITE,
        ..M
    },
    Csr {
        number: MIDELEG,
        name: "mideleg",
        fields: f::MIDELEG,
        about: "the interrupts that go to HS-mode (the VS-level ones always)",
        read: |h, _| h.csr.mideleg,
        write: |h, _, v| h.csr.mideleg = (v & (warl::MIDELEG_WRITE | warl::lcofi(h.isa()))) | VS_INTERRUPTS,
        ..M
    },
    Csr {
        number: MIE,
        name: "mie",
        fields: f::MIE,
        about: "machine interrupt enable",
        read: |h, _| h.csr.mie,
        write: |h, _, v| h.csr.mie = v & (warl::MIE_WRITE | warl::lcofi(h.isa())),
        ..M
    },
    Csr {
        number: MTVEC,
        name: "mtvec",
        fields: f::TVEC,
        about: "machine trap vector",
        read: |h, _| h.csr.mtvec,
        write: |h, _, v| h.csr.mtvec = warl::tvec(h.csr.mtvec, v),
        ..M
    },
    Csr {
        number: MCOUNTEREN,
        name: "mcounteren",
        fields: f::COUNTEREN,
        about: "the counters HS-mode (and below) may read",
        read: |h, _| h.csr.mcounteren,
        write: |h, _, v| h.csr.mcounteren = v & warl::COUNTEREN_WRITE,
        ..M
    },
    Csr {
        number: MENVCFG,
        name: "menvcfg",
        fields: f::ENVCFG,
        about: "machine environment configuration for the modes below",
        read: |h, _| h.csr.menvcfg,
        write: |h, _, v| {
            h.csr.menvcfg = (v & warl::menvcfg_write(h.isa())) | warl::envcfg_cbo(h.isa(), v) | warl::envcfg_pbmte(h.isa(), v);
            h.timer_changed();
        },
        ..M
    },
    Csr {
        number: MSTATEEN0,
        count: 4,
        name: "mstateen",
        ext: Ext::Smstateen,
        fields: f::STATEEN,
        about: "the lower modes' access to extension state (SE0, ENVCFG)",
        read: |h, n| h.csr.mstateen[(n - MSTATEEN0) as usize],
        write: |h, n, v| h.mstateen_write((n - MSTATEEN0) as usize, v),
        ..M
    },
    Csr {
        number: MCOUNTINHIBIT,
        name: "mcountinhibit",
        fields: f::MCOUNTINHIBIT,
        about: "the counters that stop counting",
        read: |h, _| h.csr.mcountinhibit,
        write: |h, _, v| h.set_mcountinhibit(v & warl::mcountinhibit_write(h.isa())),
        ..M
    },
    Csr {
        number: MHPMEVENT3,
        count: 29,
        first_index: 3,
        name: "mhpmevent",
        fields: f::MHPMEVENT,
        about: "performance event: 1 cycles, 2 instructions retired, else nothing (read-only zero without Zihpm)",
        read: |h, n| h.hpm_event((n - MHPMEVENT3 + 3) as usize),
        write: |h, n, v| h.set_hpm_event((n - MHPMEVENT3 + 3) as usize, v),
        ..M
    },
    Csr {
        number: MSCRATCH,
        name: "mscratch",
        about: "machine scratch register",
        ..plain!(M, mscratch, !0)
    },
    Csr {
        number: MEPC,
        name: "mepc",
        about: "machine exception pc (bit 0 reads zero: IALIGN = 16)",
        ..plain!(M, mepc, !1)
    },
    Csr {
        number: MCAUSE,
        name: "mcause",
        fields: f::CAUSE,
        about: "machine trap cause",
        ..plain!(M, mcause, !0)
    },
    Csr {
        number: MTVAL,
        name: "mtval",
        about: "machine trap value (faulting address or instruction)",
        ..plain!(M, mtval, !0)
    },
    Csr {
        number: MIP,
        name: "mip",
        fields: f::MIP,
        about: "machine interrupt pending: software-written bits OR the device and timer lines",
        read: |h, _| h.mip_value(),
        write: |h, _, v| {
            // M can write SSIP, STIP (unless Sstc drives it), SEIP's
            // software bit, VSSIP (the alias of hvip.VSSIP) and LCOFIP.
            let mut m = SSIP | SEIP | VSSIP | warl::lcofi(h.isa());
            if h.csr.menvcfg & ENVCFG_STCE == 0 {
                m |= STIP;
            }
            h.csr.mip = merge(h.csr.mip, v, m);
        },
        ..M
    },
    Csr {
        number: MTINST,
        name: "mtinst",
        ext: Ext::H,
        about: "machine trap instruction (transformed)",
        ..plain!(Csr::BLANK, mtinst, !0)
    },
    Csr {
        number: MTVAL2,
        name: "mtval2",
        ext: Ext::H,
        about: "machine second trap value: the faulting guest physical address >> 2",
        ..plain!(Csr::BLANK, mtval2, !0)
    },
    Csr {
        number: PMPCFG0,
        count: 8,
        stride: 2,
        name: "pmpcfg",
        ext: Ext::Pmp,
        fields: f::PMPCFG,
        about: "PMP configuration of eight entries (the odd numbers are RV32-only)",
        read: |h, n| h.pmpcfg_read((n - PMPCFG0) as usize),
        write: |h, n, v| h.pmpcfg_write((n - PMPCFG0) as usize, v),
        ..Csr::BLANK
    },
    Csr {
        number: PMPCFG0 + 1,
        count: 8,
        stride: 2,
        first_index: 1,
        name: "pmpcfg",
        ext: Ext::Rv32,
        about: "PMP configuration (RV32 only)",
        ..Csr::BLANK
    },
    Csr {
        number: PMPADDR0,
        count: 64,
        name: "pmpaddr",
        ext: Ext::Pmp,
        about: "PMP entry address >> 2 (entries 16-63 read zero)",
        read: |h, n| h.pmpaddr_read((n - PMPADDR0) as usize),
        write: |h, n, v| h.pmpaddr_write((n - PMPADDR0) as usize, v),
        ..Csr::BLANK
    },
    Csr {
        number: MSECCFG,
        name: "mseccfg",
        ext: Ext::Smepmp,
        about: "machine security configuration (not implemented)",
        ..Csr::BLANK
    },
    Csr {
        number: TSELECT,
        name: "tselect",
        ext: Ext::Sdtrig,
        about: "trigger select (only 0: no triggers)",
        read: |_, n| trigger_read(n),
        ..Csr::BLANK
    },
    Csr {
        number: TDATA1,
        name: "tdata1",
        ext: Ext::Sdtrig,
        fields: f::TDATA1,
        about: "the selected trigger's type and configuration (type 0: none)",
        read: |_, n| trigger_read(n),
        ..Csr::BLANK
    },
    Csr {
        number: TDATA2,
        name: "tdata2",
        ext: Ext::Sdtrig,
        about: "the selected trigger's compare value",
        read: |_, n| trigger_read(n),
        ..Csr::BLANK
    },
    Csr {
        number: TDATA3,
        name: "tdata3",
        ext: Ext::Sdtrig,
        about: "the selected trigger's extra conditions",
        read: |_, n| trigger_read(n),
        ..Csr::BLANK
    },
    Csr {
        number: TINFO,
        name: "tinfo",
        ext: Ext::Sdtrig,
        fields: f::TINFO,
        about: "the trigger types the selected trigger supports",
        read: |_, n| trigger_read(n),
        ..Csr::BLANK
    },
    Csr {
        number: MCYCLE,
        name: "mcycle",
        about: "machine cycle counter",
        read: |h, _| h.counter(0),
        write: |h, _, v| h.set_counter(0, v),
        ..M
    },
    Csr {
        number: MINSTRET,
        name: "minstret",
        about: "machine instructions-retired counter",
        read: |h, _| h.counter(2),
        write: |h, _, v| h.set_counter(2, v),
        ..M
    },
    Csr {
        number: MHPMCOUNTER3,
        count: 29,
        first_index: 3,
        name: "mhpmcounter",
        about: "performance counter: counts mhpmevent's event (read-only zero without Zihpm)",
        read: |h, n| h.hpm_counter((n - MHPMCOUNTER3 + 3) as usize),
        write: |h, n, v| h.set_hpm_counter((n - MHPMCOUNTER3 + 3) as usize, v),
        ..M
    },
    // ----- Unprivileged counters (read-only shadows) -----
    Csr {
        number: CYCLE,
        name: "cycle",
        ext: Ext::Zicntr,
        gate: Gate::Counter,
        about: "cycle counter (mcycle)",
        read: |h, _| h.counter(0),
        ..Csr::BLANK
    },
    Csr {
        number: TIME,
        name: "time",
        ext: Ext::Zicntr,
        gate: Gate::Counter,
        about: "the platform's mtime (plus htimedelta with V=1)",
        read: |h, _| {
            let t = h.bus.mtime();
            if h.virt {
                t.wrapping_add(h.csr.htimedelta)
            } else {
                t
            }
        },
        ..Csr::BLANK
    },
    Csr {
        number: INSTRET,
        name: "instret",
        ext: Ext::Zicntr,
        gate: Gate::Counter,
        about: "instructions-retired counter (minstret)",
        read: |h, _| h.counter(2),
        ..Csr::BLANK
    },
    Csr {
        number: HPMCOUNTER3,
        count: 29,
        first_index: 3,
        name: "hpmcounter",
        ext: Ext::Zihpm,
        gate: Gate::Counter,
        about: "performance counter (mhpmcounter)",
        read: |h, n| h.counter((n - HPMCOUNTER3 + 3) as usize),
        ..Csr::BLANK
    },
    Csr {
        number: SCOUNTOVF,
        name: "scountovf",
        ext: Ext::Sscofpmf,
        about: "the mhpmevent OF bits, each where the counter-enable registers let this mode read the counter",
        read: |h, _| h.scountovf(),
        ..S
    },
    Csr { number: HGEIP, name: "hgeip", about: "guest external interrupts pending (GEILEN = 0: reads zero)", ..H },
    Csr { number: MVENDORID, name: "mvendorid", about: "vendor id (0: not given)", ..M },
    Csr { number: MARCHID, name: "marchid", about: "architecture id (0: not given)", ..M },
    Csr { number: MIMPID, name: "mimpid", about: "implementation id (0: not given)", ..M },
    Csr { number: MHARTID, name: "mhartid", about: "this hart's id", read: |h, _| h.hartid, ..M },
    Csr { number: MCONFIGPTR, name: "mconfigptr", about: "address of the configuration structure (0: none)", ..M },
];
