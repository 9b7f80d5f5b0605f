//! The boot ROM at 0x1000: the reset vector, as QEMU `virt` builds it
//! (hw/riscv/boot.c).
//!
//! The hart resets at 0x1000 in M-mode. The ROM hands over to the firmware
//! with the boot convention every RISC-V firmware expects (OpenSBI's
//! "previous stage" arguments): a0 = hartid, a1 = address of the flattened
//! device tree, a2 = address of the fw_dynamic info block, then jumps to
//! the entry. The info block (OpenSBI's `struct fw_dynamic_info`, which
//! its fw_dynamic firmware requires and QEMU provides) names the next
//! stage: the kernel's entry and the mode to enter it in.
//!
//! Layout (offsets from 0x1000):
//! ```text
//! 0x00  auipc t0, 0          t0 = 0x1000
//! 0x04  addi  a2, t0, 0x28   a2 = the fw_dynamic info block
//! 0x08  csrr  a0, mhartid
//! 0x0c  ld    a1, 32(t0)     DTB address (data word at 0x20)
//! 0x10  ld    t0, 24(t0)     entry address (data word at 0x18)
//! 0x14  jr    t0
//! 0x18  .dword entry
//! 0x20  .dword dtb
//! 0x28  fw_dynamic info: magic "OSBI", version 2, next_addr, next_mode,
//!       options, boot_hart (six dwords)
//! ```

use super::device::{BusFault, Device, Region};

/// Where the ROM sits; also the hart's reset vector.
pub const ROM_BASE: u64 = 0x1000;
/// The ROM window's size (QEMU maps 0xf000 bytes of mask ROM).
pub const ROM_SIZE: u64 = 0xf000;

/// Read-only memory; writes fault. Reads past the programmed bytes return 0.
pub struct BootRom {
    bytes: Vec<u8>,
}

impl Default for BootRom {
    fn default() -> Self {
        BootRom::new(BootInfo::default())
    }
}

/// What the reset vector hands over.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BootInfo {
    /// Where the ROM jumps (the firmware's entry).
    pub entry: u64,
    /// The device tree's address (a1).
    pub dtb_addr: u64,
    /// The next stage's entry after the firmware (fw_dynamic's next_addr):
    /// the kernel's entry, or 0 when there is no kernel (as QEMU).
    pub next_addr: u64,
}

impl BootRom {
    /// The boot ROM's window (QEMU `virt`'s mask ROM).
    pub const REGION: Region = Region { name: "boot ROM", base: ROM_BASE, size: ROM_SIZE };

    /// A ROM whose reset vector jumps to `info.entry` with a1 = the DTB
    /// and a2 = the fw_dynamic block naming `info.next_addr`.
    pub fn new(info: BootInfo) -> BootRom {
        BootRom { bytes: reset_vector(info) }
    }

    /// The programmed contents (the code and its data words).
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

}

impl Device for BootRom {
    fn region(&self) -> Region {
        BootRom::REGION
    }

    /// Any size is fine: it is plain memory.
    fn load(&mut self, offset: u64, size: u8) -> Result<u64, BusFault> {
        if !matches!(size, 1 | 2 | 4 | 8) || offset.checked_add(size as u64).ok_or(BusFault)? > ROM_SIZE {
            return Err(BusFault);
        }
        let mut v = 0u64;
        for i in 0..size as u64 {
            let b = self.bytes.get((offset + i) as usize).copied().unwrap_or(0);
            v |= (b as u64) << (8 * i);
        }
        Ok(v)
    }

    /// Read-only: every store faults.
    fn store(&mut self, _offset: u64, _size: u8, _val: u64) -> Result<(), BusFault> {
        Err(BusFault)
    }

    /// Loads change nothing (and the ROM is fetched from).
    fn quiet_loads(&self) -> bool {
        true
    }
}

// Register numbers of the ABI names used below.
const ZERO: u32 = 0;
const T0: u32 = 5;
const A0: u32 = 10;
const A1: u32 = 11;
const A2: u32 = 12;
const CSR_MHARTID: u32 = 0xf14;

/// U-type: imm[31:12] | rd | opcode.
fn u_type(opcode: u32, rd: u32, imm20: u32) -> u32 {
    (imm20 << 12) | (rd << 7) | opcode
}

/// I-type: imm[11:0] | rs1 | funct3 | rd | opcode.
fn i_type(opcode: u32, rd: u32, funct3: u32, rs1: u32, imm12: u32) -> u32 {
    ((imm12 & 0xfff) << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) | opcode
}

fn auipc(rd: u32, imm20: u32) -> u32 {
    u_type(0b001_0111, rd, imm20)
}
fn addi(rd: u32, rs1: u32, imm: u32) -> u32 {
    i_type(0b001_0011, rd, 0b000, rs1, imm)
}
fn ld(rd: u32, rs1: u32, imm: u32) -> u32 {
    i_type(0b000_0011, rd, 0b011, rs1, imm)
}
fn jalr(rd: u32, rs1: u32, imm: u32) -> u32 {
    i_type(0b110_0111, rd, 0b000, rs1, imm)
}
/// csrrs rd, csr, x0 (the `csrr` pseudo-instruction).
fn csrr(rd: u32, csr: u32) -> u32 {
    i_type(0b111_0011, rd, 0b010, ZERO, csr)
}

/// Offsets of the data words, relative to the ROM base (= t0 after auipc).
const ENTRY_WORD: u32 = 0x18;
const DTB_WORD: u32 = 0x20;
/// Offset of the fw_dynamic info block.
pub const FW_DYNAMIC_INFO: u32 = 0x28;

/// OpenSBI's `struct fw_dynamic_info` (include/sbi/fw_dynamic.h): six
/// `unsigned long`s. Version 2 adds boot_hart; OpenSBI accepts 1 and 2.
pub mod fw_dynamic {
    /// "OSBI" in little-endian ASCII.
    pub const MAGIC: u64 = 0x4942_534f;
    pub const VERSION: u64 = 2;
    /// next_mode: enter the next stage in S-mode (0 would be U, 3 M).
    pub const NEXT_MODE_S: u64 = 1;
}

/// The reset vector's bytes: six instructions, the two data words, then
/// the fw_dynamic info block.
pub fn reset_vector(info: BootInfo) -> Vec<u8> {
    let code = [
        auipc(T0, 0),
        addi(A2, T0, FW_DYNAMIC_INFO),
        csrr(A0, CSR_MHARTID),
        ld(A1, T0, DTB_WORD),
        ld(T0, T0, ENTRY_WORD),
        jalr(ZERO, T0, 0),
    ];
    let mut out = Vec::with_capacity(FW_DYNAMIC_INFO as usize + 6 * 8);
    for inst in code {
        out.extend_from_slice(&inst.to_le_bytes());
    }
    debug_assert_eq!(out.len(), ENTRY_WORD as usize);
    out.extend_from_slice(&info.entry.to_le_bytes());
    out.extend_from_slice(&info.dtb_addr.to_le_bytes());
    debug_assert_eq!(out.len(), FW_DYNAMIC_INFO as usize);
    // options = 0 (OpenSBI's defaults); boot_hart = 0, the only hart.
    let block = [fw_dynamic::MAGIC, fw_dynamic::VERSION, info.next_addr, fw_dynamic::NEXT_MODE_S, 0, 0];
    for word in block {
        out.extend_from_slice(&word.to_le_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_match_the_assembler() {
        // Reference encodings as GNU as emits them.
        assert_eq!(auipc(T0, 0), 0x0000_0297);
        assert_eq!(csrr(A0, CSR_MHARTID), 0xf140_2573);
        assert_eq!(ld(A1, T0, 32), 0x0202_b583);
        assert_eq!(ld(T0, T0, 24), 0x0182_b283);
        assert_eq!(jalr(ZERO, T0, 0), 0x0002_8067);
        assert_eq!(addi(A2, T0, 0x28), 0x0282_8613);
    }

    #[test]
    fn data_words_follow_code() {
        let mut rom = BootRom::new(BootInfo { entry: 0x8000_0000, dtb_addr: 0x9fe0_0000, next_addr: 0x8040_0000 });
        assert_eq!(rom.load(0x18, 8), Ok(0x8000_0000));
        assert_eq!(rom.load(0x20, 8), Ok(0x9fe0_0000));
        let info: Vec<u64> = (0..6).map(|i| rom.load(0x28 + 8 * i, 8).unwrap()).collect();
        assert_eq!(info, [0x4942_534f, 2, 0x8040_0000, 1, 0, 0]);
        assert_eq!(rom.load(0x100, 4), Ok(0));
        assert_eq!(rom.load(ROM_SIZE - 4, 8), Err(BusFault));
    }
}
