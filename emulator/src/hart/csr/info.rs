//! What the table (`table.rs`) says about a CSR, and the lookups by number
//! and by name that the hart, the disassembler, the trace and a debugger
//! use.
//!
//! A table entry (`Csr`) describes one CSR, or a numbered family (pmpaddr0-63,
//! hpmcounter3-31) whose members share their rules. A 4096-entry index maps
//! every CSR number to its entry, so a lookup is one array load.

use super::gate::Gate;
use crate::hart::{Hart, Mode};
use crate::isa::Isa;
use std::fmt;

/// The extension that defines a CSR. Every extension listed here is
/// implemented except the ones `implemented` names: their CSRs are in the
/// table for their names (the disassembler shows them) and raise illegal
/// instruction when accessed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Ext {
    /// The privileged architecture's machine level.
    Machine,
    /// Supervisor mode (misa.S).
    Supervisor,
    /// The hypervisor extension (misa.H).
    H,
    /// Single-precision floating point (misa.F): fflags, frm, fcsr.
    F,
    /// Base counters: cycle, time, instret.
    Zicntr,
    /// The unprivileged hardware performance counters hpmcounter3-31.
    Zihpm,
    /// Count overflow of the hpm counters: scountovf.
    Sscofpmf,
    /// State enables: mstateen0-3, hstateen0-3, sstateen0-3.
    Smstateen,
    /// Supervisor-mode timer compare: stimecmp, vstimecmp.
    Sstc,
    /// Physical memory protection.
    Pmp,
    /// The trigger module of the debug spec (here with no triggers).
    Sdtrig,
    /// Enhanced PMP (mseccfg): not implemented.
    Smepmp,
    /// CSRs that exist only when XLEN = 32 (the odd pmpcfg): not on this RV64 hart.
    Rv32,
}

impl Ext {
    /// Does hemu implement the extension (with every extension on)?
    pub const fn implemented(self) -> bool {
        !matches!(self, Ext::Smepmp | Ext::Rv32)
    }

    /// Does a hart with the extensions `isa` have it (`--isa` can leave out
    /// the optional ones)?
    pub fn enabled(self, isa: Isa) -> bool {
        use crate::isa::table::Ext as I;
        self.implemented()
            && match self {
                Ext::Zihpm => isa.has(I::Zihpm),
                Ext::Sscofpmf => isa.has(I::Sscofpmf),
                Ext::Smstateen => isa.has(I::Smstateen),
                Ext::Sstc => isa.has(I::Sstc),
                _ => true,
            }
    }
}

/// A CSR's read rule: the value software reads at `number` (a family's
/// rule gets the member's number).
pub type ReadRule = fn(&Hart, u16) -> u64;

/// A CSR's write rule: legalise `value` (WARL) and store it, with any side
/// effect (a timer re-plan, a TLB tag change, FS made Dirty).
pub type WriteRule = fn(&mut Hart, u16, u64);

/// One table entry: a CSR, or a family of CSRs `number + k * stride` for
/// `k < count`, each named `name` followed by `first_index` plus its
/// distance from `number` (pmpcfg0, pmpcfg2, ...; hpmcounter3, ...).
#[derive(Clone, Copy)]
pub struct Csr {
    pub(super) number: u16,
    pub(super) count: u16,
    pub(super) stride: u16,
    pub(super) first_index: u16,
    pub(super) name: &'static str,
    pub(super) about: &'static str,
    pub(super) ext: Ext,
    pub(super) gate: Gate,
    /// With V=1, an access to this number reaches that one instead (the
    /// supervisor CSRs reach their VS copies).
    pub(super) virt: Option<u16>,
    pub(super) fields: &'static [Field],
    pub(super) read: ReadRule,
    pub(super) write: WriteRule,
    /// A write only stores a value that software reads back: no effect on
    /// interrupts, translation, timers, counters or any other CSR (the
    /// trap registers: xscratch, xepc, xcause, xtval, htval, htinst,
    /// mtval2, mtinst). So a write does not make the run loop look at the
    /// hart again (`irq_dirty`), and the CSR instructions that access only
    /// such CSRs may run inside a block (`engine::block`). Their rules
    /// only store and read a field of the CSR file: `Plain` says which
    /// (made with the rules by the table's `plain!`).
    pub(super) plain: Option<Plain>,
}

/// Where a plain CSR (see `Csr::plain`) keeps its value: the `u64` field
/// of the CSR file at byte offset `at`; and the bits a write keeps (an
/// xepc's bit 0 reads zero: IALIGN = 16). Made only by the table's
/// `plain!`, from the field its read and write rules name, so a route to
/// a plain CSR (`PlainRoute`) reaches it without calling the rules.
#[derive(Clone, Copy, Debug)]
pub struct Plain {
    pub(super) at: usize,
    pub(super) keeps: u64,
}

impl Csr {
    /// The template entries start from (`..Csr::BLANK`): one machine-level
    /// CSR with no gate and no fields that reads zero and ignores writes.
    pub(super) const BLANK: Csr = Csr {
        number: 0,
        count: 1,
        stride: 1,
        first_index: 0,
        name: "",
        about: "",
        ext: Ext::Machine,
        gate: Gate::Open,
        virt: None,
        fields: &[],
        read: |_, _| 0,
        write: |_, _, _| {},
        plain: None,
    };
}

/// One field of a CSR: bits `hi..=lo`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Field {
    /// The spec's name for the field (upper case, as in the spec's figures).
    pub name: &'static str,
    pub lo: u8,
    pub hi: u8,
    /// What it means, in one line.
    pub about: &'static str,
}

impl Field {
    /// A one-bit field at `bit`.
    pub const fn bit(name: &'static str, bit: u8, about: &'static str) -> Field {
        Field { name, lo: bit, hi: bit, about }
    }

    /// The field `hi..=lo`.
    pub const fn bits(name: &'static str, hi: u8, lo: u8, about: &'static str) -> Field {
        Field { name, lo, hi, about }
    }

    /// The field whose (contiguous) mask is `mask`, e.g. a `defs` flag's
    /// `bits()`.
    pub const fn mask(name: &'static str, mask: u64, about: &'static str) -> Field {
        let lo = mask.trailing_zeros() as u8;
        let hi = 63 - mask.leading_zeros() as u8;
        Field { name, lo, hi, about }
    }

    /// The field's bits in place.
    pub const fn mask_bits(&self) -> u64 {
        (u64::MAX >> (63 - self.hi)) & (u64::MAX << self.lo)
    }

    /// The field's value in `csr_value`, shifted down.
    pub const fn get(&self, csr_value: u64) -> u64 {
        (csr_value & self.mask_bits()) >> self.lo
    }
}

const NONE: u8 = u8::MAX;

/// CSR number -> index of its entry in `table::TABLE` (NONE: no such CSR).
static INDEX: [u8; 4096] = build_index(&super::table::TABLE);

const fn build_index(table: &[Csr]) -> [u8; 4096] {
    assert!(table.len() < NONE as usize);
    let mut index = [NONE; 4096];
    let mut i = 0;
    while i < table.len() {
        let e = &table[i];
        let mut k = 0;
        while k < e.count {
            let n = (e.number + k * e.stride) as usize;
            assert!(n < 4096 && index[n] == NONE, "a CSR number outside 12 bits, or in two entries");
            index[n] = i as u8;
            k += 1;
        }
        i += 1;
    }
    index
}

/// The entry for `number`, implemented or not.
#[inline]
fn named_entry(number: u16) -> Option<&'static Csr> {
    let i = *INDEX.get(number as usize)?;
    super::table::TABLE.get(i as usize)
}

/// The entry for `number` if a hart with the extensions `isa` has that CSR.
#[inline]
pub(super) fn entry(number: u16, isa: Isa) -> Option<&'static Csr> {
    named_entry(number).filter(|e| e.ext.enabled(isa))
}

/// True if the CSR `number` is plain (see `Csr::plain`), and so is the
/// one an access reaches with V=1.
pub fn plain(number: u16) -> bool {
    let plain = |n: u16| named_entry(n).is_some_and(|e| e.plain.is_some());
    plain(number) && named_entry(number).and_then(|e| e.virt).is_none_or(plain)
}

/// One CSR number with what the table says about it: the debugger's and
/// GDB's view of a CSR.
#[derive(Clone, Copy)]
pub struct Info {
    number: u16,
    entry: &'static Csr,
}

/// The CSR at `number`, if hemu knows its name (see `Info::implemented`).
pub fn info(number: u16) -> Option<Info> {
    named_entry(number).map(|entry| Info { number, entry })
}

/// The CSR named `name` (as the spec spells it: "hstatus", "pmpaddr12").
pub fn by_name(name: &str) -> Option<Info> {
    all().find(|i| i.name() == name)
}

/// The name of the CSR at `number`, if hemu knows it.
pub fn name(number: u16) -> Option<Name> {
    info(number).map(Info::name)
}

/// Every CSR hemu knows, in number order (see `Info::implemented`).
pub fn all() -> impl Iterator<Item = Info> {
    (0..4096u16).filter_map(info)
}

impl Info {
    pub fn number(self) -> u16 {
        self.number
    }

    pub fn name(self) -> Name {
        let e = self.entry;
        let index = (e.count > 1).then(|| e.first_index + (self.number - e.number));
        Name { stem: e.name, index }
    }

    /// What the CSR holds, in one line.
    pub fn about(self) -> &'static str {
        self.entry.about
    }

    pub fn ext(self) -> Ext {
        self.entry.ext
    }

    /// Does hemu implement the CSR? (If not, an access raises illegal
    /// instruction; hemu knows the name only for disassembly.)
    pub fn implemented(self) -> bool {
        self.entry.ext.implemented()
    }

    /// Does a hart with the extensions `isa` have the CSR?
    pub fn enabled(self, isa: Isa) -> bool {
        self.entry.ext.enabled(isa)
    }

    /// Bits 11:10 of the number are 0b11: no CSR instruction may write it.
    pub fn read_only(self) -> bool {
        self.number >> 10 == 3
    }

    /// The modes whose privilege the number (bits 9:8) allows to access the
    /// CSR; the state gate (`gate`) may still refuse an access.
    pub fn modes(self) -> &'static [Mode] {
        match (self.number >> 8) & 3 {
            0 => &[Mode::M, Mode::HS, Mode::VS, Mode::U, Mode::VU],
            1 => &[Mode::M, Mode::HS, Mode::VS],
            2 => &[Mode::M, Mode::HS],
            _ => &[Mode::M],
        }
    }

    /// The state-dependent rule on top of the privilege in the number.
    pub fn gate(self) -> Gate {
        self.entry.gate
    }

    /// The CSR an access from VS or VU reaches instead (sstatus -> vsstatus).
    pub fn virt_copy(self) -> Option<u16> {
        self.entry.virt
    }

    pub fn fields(self) -> &'static [Field] {
        self.entry.fields
    }

    /// The field called `name` (as the spec spells it: "SPV").
    pub fn field(self, name: &str) -> Option<&'static Field> {
        self.entry.fields.iter().find(|f| f.name == name)
    }

    /// `value` split into the CSR's fields; it displays as "SPV=1 SPVP=1 ...".
    pub fn decode(self, value: u64) -> Decoded {
        Decoded { fields: self.entry.fields, value }
    }
}

impl fmt::Debug for Info {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({:#x})", self.name(), self.number)
    }
}

/// A CSR's name: `stem` alone, or `stem` and the member's index for a
/// numbered family (pmpaddr12).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Name {
    stem: &'static str,
    index: Option<u16>,
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.index {
            Some(i) => write!(f, "{}{i}", self.stem),
            None => f.write_str(self.stem),
        }
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        match self.index {
            None => self.stem == other,
            Some(i) => other.strip_prefix(self.stem).is_some_and(|d| {
                // Canonical decimal only: "pmpaddr7", not "pmpaddr07".
                d.bytes().all(|b| b.is_ascii_digit()) && !(d.len() > 1 && d.starts_with('0')) && d.parse() == Ok(i)
            }),
        }
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

/// A CSR value split into its fields (`Info::decode`).
#[derive(Clone, Copy, Debug)]
pub struct Decoded {
    fields: &'static [Field],
    value: u64,
}

impl Decoded {
    /// Each field with its value (shifted down), low bits first.
    pub fn iter(&self) -> impl Iterator<Item = (&'static Field, u64)> + '_ {
        self.fields.iter().map(|f| (f, f.get(self.value)))
    }
}

impl fmt::Display for Decoded {
    /// "NAME=value" for each field (in hex above 9), space-separated; the
    /// whole value in hex for a CSR without fields.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.fields.is_empty() {
            return write!(f, "{:#x}", self.value);
        }
        for (i, (field, v)) in self.iter().enumerate() {
            let sep = if i == 0 { "" } else { " " };
            if v > 9 {
                write!(f, "{sep}{}={v:#x}", field.name)?;
            } else {
                write!(f, "{sep}{}={v}", field.name)?;
            }
        }
        Ok(())
    }
}
