//! Which extensions the hart implements: hemu's fixed base (RV64IMAFDC,
//! S, U and H, with Zicntr, Zicsr, Zifencei and Zihintpause)
//! and the optional extensions a user may leave out to match a board
//! (`--isa`). The instructions of an extension that is left out are
//! illegal-instruction in every mode (also in VS/VU: an instruction the
//! hart does not implement is illegal, not virtual), because they decode
//! as `Op::Illegal` (`decode_with`).

use super::compressed::encoding_extensions;
use super::decode::{decode, Inst};
use super::table::Ext;
use super::Op;

/// A set of implemented extensions (one bit per `Ext` variant).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub struct Isa {
    bits: u64,
}

/// The multi-letter extensions of the ISA string in canonical order (the
/// Zi* ones, then Zf*, Zc*, Zb*, then S*), each with the `Ext` that `--isa` may
/// leave out, or None for those hemu always implements.
const NAMES: &[(&str, Option<Ext>)] = &[
    ("zicbom", Some(Ext::Zicbom)),
    ("zicbop", Some(Ext::Zicbop)),
    ("zicboz", Some(Ext::Zicboz)),
    ("zicntr", None),
    ("zicond", Some(Ext::Zicond)),
    ("zicsr", None),
    ("zifencei", None),
    ("zihintntl", Some(Ext::Zihintntl)),
    ("zihintpause", None),
    ("zihpm", Some(Ext::Zihpm)),
    ("zimop", Some(Ext::Zimop)),
    ("zfa", Some(Ext::Zfa)),
    ("zfh", Some(Ext::Zfh)),
    ("zfhmin", Some(Ext::Zfhmin)),
    ("zcb", Some(Ext::Zcb)),
    ("zcmop", Some(Ext::Zcmop)),
    ("zba", Some(Ext::Zba)),
    ("zbb", Some(Ext::Zbb)),
    ("zbc", Some(Ext::Zbc)),
    ("zbkb", Some(Ext::Zbkb)),
    ("zbkc", Some(Ext::Zbkc)),
    ("zbkx", Some(Ext::Zbkx)),
    ("zbs", Some(Ext::Zbs)),
    ("smstateen", Some(Ext::Smstateen)),
    ("sscofpmf", Some(Ext::Sscofpmf)),
    ("ssstateen", Some(Ext::Smstateen)),
    ("sstc", Some(Ext::Sstc)),
    ("svadu", Some(Ext::Svadu)),
    ("svinval", Some(Ext::Svinval)),
    ("svnapot", Some(Ext::Svnapot)),
    ("svpbmt", Some(Ext::Svpbmt)),
];

/// The single letters of the base: all required (misa is read-only but
/// for B).
const BASE_LETTERS: &str = "imafdch";

const fn bit(e: Ext) -> u64 {
    1 << e as u64
}

impl Isa {
    /// Everything hemu implements (the default).
    pub const ALL: Isa = {
        let mut bits = bit(Ext::I)
            | bit(Ext::M)
            | bit(Ext::A)
            | bit(Ext::F)
            | bit(Ext::D)
            | bit(Ext::Zicsr)
            | bit(Ext::Zifencei)
            | bit(Ext::Zihintpause)
            | bit(Ext::Priv)
            | bit(Ext::H)
            | bit(Ext::Sv48)
            | bit(Ext::Sv57);
        let mut k = 0;
        while k < NAMES.len() {
            if let Some(e) = NAMES[k].1 {
                bits |= bit(e);
            }
            k += 1;
        }
        Isa { bits }
    };

    /// The fixed base alone: none of the optional extensions.
    pub const BASE: Isa = {
        let mut bits = Isa::ALL.bits;
        let mut k = 0;
        while k < NAMES.len() {
            if let Some(e) = NAMES[k].1 {
                bits &= !bit(e);
            }
            k += 1;
        }
        Isa { bits }
    };

    /// True if extension `e` is implemented; an instruction of two
    /// extensions (`ZbbOrZbkb`, `ZbcOrZbkc`) when either is, one that needs
    /// two (`ZfhAndZfa`) when both are. Zfh includes Zfhmin.
    pub const fn has(self, e: Ext) -> bool {
        match e {
            Ext::ZbbOrZbkb => self.has(Ext::Zbb) || self.has(Ext::Zbkb),
            Ext::ZbcOrZbkc => self.has(Ext::Zbc) || self.has(Ext::Zbkc),
            Ext::ZfhAndZfa => self.has(Ext::Zfh) && self.has(Ext::Zfa),
            Ext::Zfhmin => self.bits & (bit(Ext::Zfhmin) | bit(Ext::Zfh)) != 0,
            e => self.bits & bit(e) != 0,
        }
    }

    /// This set with the optional extension `e` on or off.
    pub const fn with(self, e: Ext, on: bool) -> Isa {
        Isa { bits: if on { self.bits | bit(e) } else { self.bits & !bit(e) } }
    }

    /// True if `op` is an instruction of an implemented extension.
    #[inline]
    pub fn allows(self, op: Op) -> bool {
        op.extension().is_none_or(|e| self.has(e))
    }

    /// misa's extension bits: I M A F D C S U H, and B when Zba, Zbb and
    /// Zbs are all implemented (the B extension is exactly those three).
    pub fn misa_letters(self) -> &'static str {
        if self.has(Ext::Zba) && self.has(Ext::Zbb) && self.has(Ext::Zbs) {
            "IMAFDCBSUH"
        } else {
            "IMAFDCSUH"
        }
    }

    /// The ISA string (the device tree's `riscv,isa`), in canonical order:
    /// `rv64imafdch_zicbom_..._zbs_sstc_svadu_svinval_svnapot_svpbmt`.
    pub fn string(self) -> String {
        let mut s = format!("rv64{BASE_LETTERS}");
        for (name, ext) in NAMES {
            if ext.is_none_or(|e| self.has(e)) {
                s.push('_');
                s.push_str(name);
            }
        }
        s
    }

    /// Parse an ISA string such as `rv64gch_zba_zbb` (the `--isa` option):
    /// the single letters must include all of hemu's base (`g` stands for
    /// `imafd_zicsr_zifencei`, `b` for `zba_zbb_zbs`); each optional
    /// extension named is on and the others off; the extensions hemu
    /// always implements may be named. Case is ignored.
    pub fn parse(text: &str) -> Result<Isa, String> {
        let lower = text.to_ascii_lowercase();
        let rest = lower.strip_prefix("rv64").ok_or_else(|| format!("`{text}`: an ISA string starts with rv64"))?;
        let mut parts = rest.split('_');
        let letters = parts.next().unwrap_or("");
        let mut isa = Isa::BASE;
        let mut have = String::new();
        for c in letters.chars() {
            match c {
                'g' => have.push_str("imafd"),
                'b' => {
                    for e in [Ext::Zba, Ext::Zbb, Ext::Zbs] {
                        isa = isa.with(e, true);
                    }
                }
                c if BASE_LETTERS.contains(c) => have.push(c),
                c => return Err(format!("`{text}`: hemu has no single-letter extension `{c}`")),
            }
        }
        if let Some(missing) = BASE_LETTERS.chars().find(|c| !have.contains(*c)) {
            return Err(format!(
                "`{text}`: `{missing}` is missing; hemu always implements rv64{BASE_LETTERS} (misa is read-only)"
            ));
        }
        for name in parts {
            match NAMES.iter().find(|(n, _)| *n == name) {
                Some((_, Some(e))) => isa = isa.with(*e, true),
                Some((_, None)) => {}
                None => {
                    let optional: Vec<&str> = NAMES.iter().filter(|(_, e)| e.is_some()).map(|(n, _)| *n).collect();
                    return Err(format!(
                        "`{text}`: unknown extension `{name}` (hemu's optional ones: {})",
                        optional.join(", ")
                    ));
                }
            }
        }
        if isa.has(Ext::Sscofpmf) && !isa.has(Ext::Zihpm) {
            return Err(format!("`{text}`: sscofpmf needs zihpm (the counters it adds to)"));
        }
        Ok(isa)
    }
}

/// The translation modes a hart may implement (priv spec: Sv39, and Sv48
/// only with Sv39, Sv57 only with Sv48), widest last; the device tree's
/// `mmu-type` names the widest (`riscv,sv57`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum MmuType {
    Sv39,
    Sv48,
    Sv57,
}

impl MmuType {
    /// Parse `sv39`, `sv48` or `sv57` (the `--mmu` option; QEMU's
    /// `-cpu rv64,sv57=off` is `--mmu sv48`).
    pub fn parse(text: &str) -> Result<MmuType, String> {
        match text.to_ascii_lowercase().as_str() {
            "sv39" => Ok(MmuType::Sv39),
            "sv48" => Ok(MmuType::Sv48),
            "sv57" => Ok(MmuType::Sv57),
            _ => Err(format!("`{text}`: the widest translation mode is sv39, sv48 or sv57")),
        }
    }

    /// The device tree's name (`riscv,sv57`).
    pub fn dt_name(self) -> &'static str {
        match self {
            MmuType::Sv39 => "riscv,sv39",
            MmuType::Sv48 => "riscv,sv48",
            MmuType::Sv57 => "riscv,sv57",
        }
    }
}

impl Isa {
    /// The widest translation mode implemented.
    pub fn mmu_type(self) -> MmuType {
        if self.has(Ext::Sv57) {
            MmuType::Sv57
        } else if self.has(Ext::Sv48) {
            MmuType::Sv48
        } else {
            MmuType::Sv39
        }
    }

    /// This set with the translation modes up to `widest`.
    pub fn with_mmu_type(self, widest: MmuType) -> Isa {
        self.with(Ext::Sv48, widest != MmuType::Sv39).with(Ext::Sv57, widest == MmuType::Sv57)
    }
}

impl Default for Isa {
    fn default() -> Self {
        Isa::ALL
    }
}

/// `decode(raw)`, with the instructions of the extensions `isa` lacks
/// decoded as illegal (a 16-bit one of Zcb or Zcmop needs the extensions
/// its encoding names, the others those of their expansion).
#[inline]
pub fn decode_with(raw: u32, isa: Isa) -> Inst {
    let i = decode(raw);
    let allowed = match encoding_extensions(raw as u16) {
        Some(needed) if i.len == 2 => needed.iter().all(|&e| isa.has(e)),
        _ => isa.allows(i.op),
    };
    if allowed {
        i
    } else {
        Inst::illegal_at(i.raw)
    }
}
