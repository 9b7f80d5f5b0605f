//! The previous stage's fw_dynamic info block (OpenSBI's
//! `struct fw_dynamic_info`, include/sbi/fw_dynamic.h), passed in a2 by
//! QEMU's and hemu's boot ROM: it names the next stage's address and mode,
//! so a kernel whose ELF entry is not 0x8020_0000 is entered where it
//! starts.

/// "OSBI" in little-endian ASCII.
pub const MAGIC: u64 = 0x4942_534f;
/// Versions whose first four fields (magic, version, next_addr, next_mode)
/// are these; version 2 adds boot_hart, which this one-hart firmware ignores.
const VERSIONS: core::ops::RangeInclusive<u64> = 1..=2;
/// next_mode of a stage entered in S-mode.
pub const NEXT_MODE_S: u64 = 1;

/// What the block says about the next stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NextStage {
    pub addr: u64,
    /// OpenSBI's encoding: 0 = U, 1 = S, 3 = M.
    pub mode: u64,
}

/// Reads the block's first words (magic, version, next_addr, next_mode).
/// None if they are not a fw_dynamic block or name no next stage
/// (next_addr = 0, QEMU's value when it loads no kernel).
pub fn parse(words: [u64; 4]) -> Option<NextStage> {
    let [magic, version, addr, mode] = words;
    (magic == MAGIC && VERSIONS.contains(&version) && addr != 0).then_some(NextStage { addr, mode })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_qemus_block() {
        assert_eq!(parse([MAGIC, 2, 0x8040_0000, 1]), Some(NextStage { addr: 0x8040_0000, mode: NEXT_MODE_S }));
        assert_eq!(parse([MAGIC, 1, 0x8020_0000, 1]), Some(NextStage { addr: 0x8020_0000, mode: 1 }));
    }

    #[test]
    fn rejects_other_words() {
        assert_eq!(parse([0, 0, 0x8040_0000, 1]), None);
        assert_eq!(parse([MAGIC, 3, 0x8040_0000, 1]), None);
        assert_eq!(parse([MAGIC, 2, 0, 1]), None);
    }
}
