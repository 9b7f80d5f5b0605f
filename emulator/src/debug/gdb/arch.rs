//! The register side of the GDB stub: GDB's RISC-V register numbering, the
//! `g` packet's layout, and the target description (qXfer features.xml)
//! generated from hemu's CSR table.
//!
//! Numbering, as GDB's `riscv-tdep.h` and QEMU use it: x0..x31 are 0..31,
//! pc 32, f0..f31 33..64, CSR n is 65 + n (fflags, frm and fcsr, CSRs 1..3,
//! are 66..68 and live in the fpu feature), and the virtual `priv` register
//! is 4161 (65 + 4096). The `g` packet carries only x0..x31 and pc: GDB
//! marks the registers past the end of a short `g` reply as "not in g" and
//! reads them one at a time with `p`, which keeps every stop cheap even
//! with a few hundred CSRs described.

use std::fmt::Write as _;
use std::num::NonZeroUsize;

use gdbstub::arch::{Arch, RegId, Registers};

use crate::hart::csr;
use crate::isa::disasm::{fname, xname};

/// GDB's number of the first FP register.
pub const FIRST_FREG: usize = 33;
/// GDB's number of CSR 0.
pub const FIRST_CSR: usize = 65;
/// GDB's number of the virtual `priv` register.
pub const PRIV: usize = FIRST_CSR + 4096;

/// The CSRs GDB's fpu feature holds (fflags, frm, fcsr): 32 bits wide
/// there, as in GDB's own `64bit-fpu.xml`.
fn is_fp_csr(n: u16) -> bool {
    matches!(n, 0x001..=0x003)
}

/// One register as GDB numbers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reg {
    X(u8),
    Pc,
    F(u8),
    Csr(u16),
    /// Privilege level with V at bit 2 (the debug spec's `prv` + `v`).
    Priv,
}

impl Reg {
    /// The register GDB calls `n`, if hemu has it.
    pub fn from_gdb(n: usize) -> Option<Reg> {
        Some(match n {
            0..=31 => Reg::X(n as u8),
            32 => Reg::Pc,
            33..=64 => Reg::F((n - FIRST_FREG) as u8),
            PRIV => Reg::Priv,
            _ if (FIRST_CSR..PRIV).contains(&n) => {
                let c = (n - FIRST_CSR) as u16;
                // Only what the target description announces.
                csr::info(c).filter(|i| i.implemented())?;
                Reg::Csr(c)
            }
            _ => return None,
        })
    }

    /// Its size in bytes in `p`/`P` packets.
    pub fn size(self) -> usize {
        match self {
            Reg::Csr(c) if is_fp_csr(c) => 4,
            _ => 8,
        }
    }
}

impl RegId for Reg {
    fn from_raw_id(id: usize) -> Option<(Self, Option<NonZeroUsize>)> {
        let r = Reg::from_gdb(id)?;
        Some((r, NonZeroUsize::new(r.size())))
    }
}

/// What the `g` packet carries: x0..x31 then pc, 64-bit little-endian.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CoreRegs {
    pub x: [u64; 32],
    pub pc: u64,
}

impl Registers for CoreRegs {
    type ProgramCounter = u64;

    fn pc(&self) -> u64 {
        self.pc
    }

    fn gdb_serialize(&self, mut write_byte: impl FnMut(Option<u8>)) {
        for v in self.x.iter().chain(std::iter::once(&self.pc)) {
            v.to_le_bytes().into_iter().for_each(|b| write_byte(Some(b)));
        }
    }

    fn gdb_deserialize(&mut self, bytes: &[u8]) -> Result<(), ()> {
        // GDB may send more than it read (the registers it marked "not in
        // g" are then absent or 'x'): only the first 33 words are ours.
        let mut words = bytes.chunks_exact(8).map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8])));
        for r in self.x.iter_mut().chain(std::iter::once(&mut self.pc)) {
            *r = words.next().ok_or(())?;
        }
        Ok(())
    }
}

/// RV64 with hemu's registers.
pub enum Riscv64H {}

impl Arch for Riscv64H {
    type Usize = u64;
    type Registers = CoreRegs;
    /// 2 (c.ebreak) or 4 (ebreak), as GDB sends it; a breakpoint stops at
    /// the address whatever its kind.
    type BreakpointKind = usize;
    type RegId = Reg;
}

/// The target description: cpu, fpu, every CSR hemu implements (under the
/// table's names, which are the spec's and GDB's), and `priv`.
pub fn target_xml() -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n\
         <architecture>riscv:rv64</architecture>\n<osabi>none</osabi>\n<feature name=\"org.gnu.gdb.riscv.cpu\">\n",
    );
    for r in 0..32u8 {
        let ty = match r {
            1 => "code_ptr",
            2..=4 => "data_ptr",
            _ => "int",
        };
        let _ = writeln!(s, "<reg name=\"{}\" bitsize=\"64\" type=\"{ty}\" regnum=\"{r}\"/>", xname(r));
    }
    s.push_str("<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"32\"/>\n</feature>\n");
    s.push_str(
        "<feature name=\"org.gnu.gdb.riscv.fpu\">\n<union id=\"riscv_double\">\
         <field name=\"float\" type=\"ieee_single\"/><field name=\"double\" type=\"ieee_double\"/></union>\n",
    );
    for r in 0..32u8 {
        let _ = writeln!(
            s,
            "<reg name=\"{}\" bitsize=\"64\" type=\"riscv_double\" regnum=\"{}\"/>",
            fname(r),
            FIRST_FREG + r as usize
        );
    }
    let fp_csrs = csr::all().filter(|c| c.implemented() && is_fp_csr(c.number()));
    for c in fp_csrs {
        let _ = writeln!(
            s,
            "<reg name=\"{}\" bitsize=\"32\" type=\"int\" regnum=\"{}\"/>",
            c.name(),
            FIRST_CSR + c.number() as usize
        );
    }
    s.push_str("</feature>\n<feature name=\"org.gnu.gdb.riscv.csr\">\n");
    for c in csr::all().filter(|c| c.implemented() && !is_fp_csr(c.number())) {
        let _ = writeln!(
            s,
            "<reg name=\"{}\" bitsize=\"64\" type=\"int\" regnum=\"{}\"/>",
            c.name(),
            FIRST_CSR + c.number() as usize
        );
    }
    let _ = write!(
        s,
        "</feature>\n<feature name=\"org.gnu.gdb.riscv.virtual\">\n\
         <reg name=\"priv\" bitsize=\"64\" type=\"int\" regnum=\"{PRIV}\"/>\n</feature>\n</target>\n"
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_follows_gdb() {
        assert_eq!(Reg::from_gdb(0), Some(Reg::X(0)));
        assert_eq!(Reg::from_gdb(32), Some(Reg::Pc));
        assert_eq!(Reg::from_gdb(64), Some(Reg::F(31)));
        assert_eq!(Reg::from_gdb(65 + 0x600), Some(Reg::Csr(0x600))); // hstatus
        assert_eq!(Reg::from_gdb(66).map(Reg::size), Some(4)); // fflags
        assert_eq!(Reg::from_gdb(4161), Some(Reg::Priv));
        assert_eq!(Reg::from_gdb(4162), None);
        assert_eq!(Reg::from_gdb(65 + 0x7ff), None); // no CSR there
    }

    #[test]
    fn xml_lists_h_and_vs_csrs_with_gdb_numbers() {
        let x = target_xml();
        assert!(x.contains("<reg name=\"hstatus\" bitsize=\"64\" type=\"int\" regnum=\"1601\"/>"));
        assert!(x.contains("name=\"vsstatus\""));
        assert!(x.contains("name=\"hgatp\""));
        assert!(x.contains("<reg name=\"priv\" bitsize=\"64\" type=\"int\" regnum=\"4161\"/>"));
        assert!(x.contains("<reg name=\"fcsr\" bitsize=\"32\" type=\"int\" regnum=\"68\"/>"));
        assert_eq!(x.matches("name=\"fflags\"").count(), 1);
    }
}
