//! Symbols: the names of the loaded ELF files' functions and data, so a
//! pc reads `handle_ecall+0x1a` instead of a number.
//!
//! ```
//! use hemu::debug::symbols::Symbols;
//! let mut s = Symbols::default();
//! s.add_elf(hemu::images::GUEST, 0).unwrap();
//! let start = s.resolve("_start").unwrap();
//! assert_eq!(start, 0x9000_0000);
//! assert_eq!(s.label(start + 4).as_deref(), Some("_start+0x4"));
//! ```

use crate::loader::{elf_symbols, Symbol};
use crate::machine::Machine;

/// Every known symbol, sorted by address.
#[derive(Clone, Debug, Default)]
pub struct Symbols {
    list: Vec<Symbol>,
}

impl Symbols {
    /// The symbols of every ELF image the machine loaded (firmware and
    /// kernel).
    pub fn from_machine(m: &Machine) -> Symbols {
        let mut s = Symbols::default();
        for img in m.images() {
            s.extend(img.symbols.iter().cloned(), 0);
        }
        s
    }

    /// Add an ELF file's symbols, each moved by `offset` (for an image
    /// loaded at another address than it was linked at, as
    /// `--symbols FILE@OFFSET`). Returns how many were added.
    pub fn add_elf(&mut self, bytes: &[u8], offset: u64) -> Result<usize, String> {
        let syms = elf_symbols(bytes)?;
        let n = syms.len();
        self.extend(syms.into_iter(), offset);
        Ok(n)
    }

    fn extend(&mut self, syms: impl Iterator<Item = Symbol>, offset: u64) {
        self.list.extend(syms.map(|s| Symbol { addr: s.addr.wrapping_add(offset), ..s }));
        // At one address, sized symbols first (a function wins over a
        // label at its start), then names with fewer leading underscores
        // (`_start` over the linker's `__image_start`).
        let under = |s: &Symbol| s.name.len() - s.name.trim_start_matches('_').len();
        self.list.sort_by(|a, b| {
            a.addr.cmp(&b.addr).then(b.size.cmp(&a.size)).then(under(a).cmp(&under(b))).then(a.name.cmp(&b.name))
        });
        self.list.dedup_by(|a, b| a.addr == b.addr && a.name == b.name);
    }

    /// The address of symbol `name`.
    pub fn resolve(&self, name: &str) -> Option<u64> {
        self.list.iter().find(|s| s.name == name).map(|s| s.addr)
    }

    /// `name+0xoff` for the symbol `addr` lies in: inside its size, or,
    /// for a symbol without one, before the next symbol and within 64 KiB.
    pub fn label(&self, addr: u64) -> Option<String> {
        let i = self.list.partition_point(|s| s.addr <= addr).checked_sub(1)?;
        let at = self.list[i].addr;
        // The first (largest) symbol at that address.
        let s = &self.list[self.list.partition_point(|s| s.addr < at)];
        let off = addr - s.addr;
        let inside = if s.size > 0 { off < s.size } else { off < 0x10000 };
        if !inside {
            return None;
        }
        Some(if off == 0 { s.name.clone() } else { format!("{}+{off:#x}", s.name) })
    }

    /// `label`, or the address in hex when no symbol covers it.
    pub fn format(&self, addr: u64) -> String {
        self.label(addr).unwrap_or_else(|| format!("{addr:#x}"))
    }

    /// Every name (for tab completion).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(|s| s.name.as_str())
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_name_the_enclosing_symbol() {
        let mut s = Symbols::default();
        let n = s.add_elf(crate::images::HYPERVISOR, 0).unwrap();
        assert!(n > 10);
        let entry = s.resolve("_start").expect("_start");
        assert_eq!(entry, 0x8020_0000);
        assert_eq!(s.format(entry), "_start");
        assert!(s.format(entry + 2).starts_with("_start+0x2") || s.label(entry + 2).is_some());
        assert_eq!(s.format(0x10), "0x10");
        let moved = {
            let mut m = Symbols::default();
            m.add_elf(crate::images::HYPERVISOR, 0x1000).unwrap();
            m.resolve("_start")
        };
        assert_eq!(moved, Some(entry + 0x1000));
        assert!(s.add_elf(b"not an elf", 0).is_err());
    }
}
