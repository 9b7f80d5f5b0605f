//! `Op`, the operation of a decoded instruction, generated from the
//! instruction table (`table.rs`), with what the table says of each.

use super::table::{instructions, Ext, Joins};

macro_rules! define_op {
    ($($op:ident $enc:ident $m:literal $ext:ident $bits:literal $mask:literal $fmt:ident
       $sem:ident $args:tt $block:ident $dis:ident;)*) => {
        /// The operation of a decoded instruction: one variant per line of
        /// the instruction table, and `Illegal`. Compressed instructions
        /// decode to the `Op` of their 32-bit expansion.
        ///
        /// How `Inst`'s fields are used per family (the table's format column):
        /// - integer, loads/stores, branches, jumps: `rd`, `rs1`, `rs2`, and `imm` =
        ///   the sign-extended immediate (byte offset for branches and jumps; for
        ///   LUI/AUIPC the value already shifted left by 12; shift amount for shifts).
        /// - Zicsr: `imm` = the CSR address (0..4095); in the immediate forms
        ///   (CSRRWI/CSRRSI/CSRRCI) `rs1` holds the 5-bit zero-extended uimm.
        /// - F/D: `imm` = the `rm` field (0..7) for instructions that have one
        ///   (arithmetic, FMA, conversions); `rs3` = the third source of the FMAs;
        ///   loads/stores use `imm` as the offset.
        /// - AMOs: the aq/rl bits are not kept (this hart executes every AMO as
        ///   sequentially consistent); the disassembler reads them from `raw`.
        #[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
        pub enum Op {
            /// Any pattern that is not an implemented instruction (including the
            /// reserved encodings).
            Illegal,
            $(
                #[doc = concat!("`", $m, "`")]
                $op,
            )*
        }

        impl Op {
            /// Every operation, in declaration order (`Op::ALL[op as usize] == op`).
            pub const ALL: [Op; 1 + [$(Op::$op),*].len()] = [Op::Illegal, $(Op::$op),*];

            /// The instruction's assembler mnemonic ("addi", "fcvt.w.s", ...).
            pub fn mnemonic(self) -> &'static str {
                match self {
                    Op::Illegal => "illegal",
                    $(Op::$op => $m,)*
                }
            }

            /// The extension that defines the instruction (None for `Illegal`).
            pub fn extension(self) -> Option<Ext> {
                match self {
                    Op::Illegal => None,
                    $(Op::$op => Some(Ext::$ext),)*
                }
            }

            /// The instruction's fixed bits and which bits they are (`bits`,
            /// `mask`: a 32-bit word `w` is it when `w & mask == bits` and no
            /// more specific line matches); None for `Illegal`.
            pub const fn encoding(self) -> Option<(u32, u32)> {
                match self {
                    Op::Illegal => None,
                    $(Op::$op => Some(($bits, $mask)),)*
                }
            }

            /// Which fields the instruction has (the table's format column);
            /// `Format::None` for `Illegal`.
            pub const fn format(self) -> super::decode::Format {
                match self {
                    Op::Illegal => super::decode::Format::None,
                    $(Op::$op => super::decode::Format::$fmt,)*
                }
            }

            /// How the run loop's blocks treat the instruction: an illegal
            /// one traps, so it runs alone.
            pub const fn joins(self) -> Joins {
                match self {
                    Op::Illegal => Joins::Alone,
                    $(Op::$op => joins!($block),)*
                }
            }
        }
    };
}

macro_rules! joins {
    (join) => {
        Joins::Join
    };
    (mem) => {
        Joins::Mem
    };
    (alone) => {
        Joins::Alone
    };
    (last) => {
        Joins::Last
    };
}

instructions!(define_op);

/// True if `encoder` is `mnemonic` with `_` for `.` (a table line's two
/// names must agree).
const fn same_name(encoder: &str, mnemonic: &str) -> bool {
    let (e, m) = (encoder.as_bytes(), mnemonic.as_bytes());
    if e.len() != m.len() {
        return false;
    }
    let mut k = 0;
    while k < e.len() {
        if e[k] != m[k] && !(e[k] == b'_' && m[k] == b'.') {
            return false;
        }
        k += 1;
    }
    true
}

macro_rules! check_names {
    ($($op:ident $enc:ident $m:literal $ext:ident $bits:literal $mask:literal $fmt:ident
       $sem:ident $args:tt $block:ident $dis:ident;)*) => {
        const _: () = {
            $(assert!(same_name(stringify!($enc), $m), concat!("encoder name of ", $m));)*
        };
    };
}
instructions!(check_names);

const _: () = {
    let mut k = 0;
    while k < Op::ALL.len() {
        assert!(Op::ALL[k] as usize == k);
        k += 1;
    }
};

impl Op {
    /// True for the Zicsr instructions (CSRRW ... CSRRCI).
    pub fn is_csr(self) -> bool {
        matches!(self, Op::Csrrw | Op::Csrrs | Op::Csrrc | Op::Csrrwi | Op::Csrrsi | Op::Csrrci)
    }

    /// True for the F, D, Zfh/Zfhmin and Zfa instructions: they may change
    /// fflags and the FS bits of mstatus (and vsstatus) without any CSR
    /// instruction.
    pub fn is_float(self) -> bool {
        matches!(self.extension(), Some(Ext::F | Ext::D | Ext::Zfh | Ext::Zfhmin | Ext::Zfa | Ext::ZfhAndZfa))
    }

    /// The register file the instruction's `rd` names, if it has one: the
    /// FP instructions write the FP registers, except the compares,
    /// `fclass` and the moves and conversions to an integer.
    pub fn destination(self) -> Option<RegFile> {
        use super::decode::Format;
        let m = self.mnemonic();
        let has_rd = !matches!(self.format(), Format::S | Format::B | Format::Rs2Rs1 | Format::Rs1Rs2 | Format::Rs1 | Format::Fence | Format::None);
        if !has_rd {
            return None;
        }
        let fp = self.is_float()
            && !["feq", "flt", "fle", "fclass", "fcvt.w", "fcvt.l", "fcvtmod", "fmv.x"].iter().any(|p| m.starts_with(p));
        Some(if fp { RegFile::F } else { RegFile::X })
    }
}

/// An integer or a floating-point register.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RegFile {
    X,
    F,
}
