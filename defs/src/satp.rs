//! satp/vsatp (priv spec, "Supervisor Address Translation and Protection
//! (satp) Register") and hgatp ("Hypervisor Guest Address Translation and
//! Protection (hgatp) Register"), RV64: MODE`[63:60]`, ASID/VMID`[59:44]`,
//! PPN`[43:0]`.

/// Bit position of MODE.
pub const MODE_SHIFT: u32 = 60;
/// Bit position of ASID (satp) and VMID (hgatp).
pub const ASID_SHIFT: u32 = 44;
/// ASID field mask after shifting (16 bits on RV64).
pub const ASID_MASK: u64 = 0xffff;
/// VMID field mask after shifting (VMIDLEN is at most 14 on RV64).
pub const VMID_MASK: u64 = 0x3fff;
/// PPN field mask (44 bits).
pub const PPN_MASK: u64 = (1 << 44) - 1;

/// satp.MODE / vsatp.MODE: the VS- or S-stage translation scheme.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
#[repr(u8)]
pub enum SatpMode {
    /// No translation.
    Bare = 0,
    /// Three-level page table, 39-bit virtual addresses.
    Sv39 = 8,
    /// Four-level page table, 48-bit virtual addresses.
    Sv48 = 9,
    /// Five-level page table, 57-bit virtual addresses.
    Sv57 = 10,
}

/// hgatp.MODE: the G-stage translation scheme (x4: the root table is 16 KiB
/// and guest physical addresses have two more bits).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
#[repr(u8)]
pub enum HgatpMode {
    /// No G-stage translation.
    Bare = 0,
    /// Sv39x4: 41-bit guest physical addresses.
    Sv39x4 = 8,
    /// Sv48x4: 50-bit guest physical addresses.
    Sv48x4 = 9,
    /// Sv57x4: 59-bit guest physical addresses.
    Sv57x4 = 10,
}

impl SatpMode {
    /// The mode encoded by `bits` (a MODE field value, 0..=15); None when reserved.
    #[inline]
    pub const fn from_bits(bits: u64) -> Option<SatpMode> {
        match bits {
            0 => Some(SatpMode::Bare),
            8 => Some(SatpMode::Sv39),
            9 => Some(SatpMode::Sv48),
            10 => Some(SatpMode::Sv57),
            _ => None,
        }
    }
}

impl HgatpMode {
    /// The mode encoded by `bits` (a MODE field value, 0..=15); None when reserved.
    #[inline]
    pub const fn from_bits(bits: u64) -> Option<HgatpMode> {
        match bits {
            0 => Some(HgatpMode::Bare),
            8 => Some(HgatpMode::Sv39x4),
            9 => Some(HgatpMode::Sv48x4),
            10 => Some(HgatpMode::Sv57x4),
            _ => None,
        }
    }
}

/// A satp/vsatp value: translation `mode`, address space `asid`, root page
/// table at physical page number `root_ppn`.
#[inline]
pub const fn satp(mode: SatpMode, asid: u64, root_ppn: u64) -> u64 {
    ((mode as u64) << MODE_SHIFT) | ((asid & ASID_MASK) << ASID_SHIFT) | (root_ppn & PPN_MASK)
}

/// An hgatp value: G-stage `mode`, virtual machine `vmid`, root page table
/// (16 KiB aligned) at physical page number `root_ppn`.
#[inline]
pub const fn hgatp(mode: HgatpMode, vmid: u64, root_ppn: u64) -> u64 {
    ((mode as u64) << MODE_SHIFT) | ((vmid & VMID_MASK) << ASID_SHIFT) | (root_ppn & PPN_MASK)
}

/// The MODE field of a satp, vsatp or hgatp value.
#[inline]
pub const fn mode_bits(value: u64) -> u64 {
    value >> MODE_SHIFT
}

/// The PPN field of a satp, vsatp or hgatp value.
#[inline]
pub const fn ppn(value: u64) -> u64 {
    value & PPN_MASK
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields() {
        assert_eq!(satp(SatpMode::Sv39, 0, 0x80000), (8 << 60) | 0x80000);
        assert_eq!(satp(SatpMode::Sv48, 0xffff, 0), (9 << 60) | (0xffff << 44));
        assert_eq!(hgatp(HgatpMode::Sv39x4, 0x3fff, 1), (8 << 60) | (0x3fff << 44) | 1);
        assert_eq!(SatpMode::from_bits(mode_bits(satp(SatpMode::Sv57, 1, 2))), Some(SatpMode::Sv57));
        assert_eq!(HgatpMode::from_bits(9), Some(HgatpMode::Sv48x4));
        assert_eq!(SatpMode::from_bits(1), None);
        assert_eq!(ppn(u64::MAX), (1 << 44) - 1);
    }
}
