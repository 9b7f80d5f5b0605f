//! Minimal RV64 ELF executables built byte by byte, for the loader and
//! boot-protocol tests: each case needs exactly one unusual property (an
//! entry that is not the segment's start, a segment that begins with the
//! ELF headers below RAM) that no toolchain in the test's reach makes on
//! purpose.

/// One PT_LOAD program header.
#[derive(Clone, Copy, Debug)]
pub struct Load {
    /// File offset of the segment's first byte.
    pub offset: u64,
    /// Its virtual and physical address (the same: no translation at boot).
    pub addr: u64,
    pub file_size: u64,
    pub mem_size: u64,
}

const HEADER: usize = 64;
const PHDR: usize = 56;
const PT_LOAD: u32 = 1;
const PF_RWX: u32 = 7;

/// Where the program headers end in the file (segment data goes after).
pub fn headers_end(loads: usize) -> usize {
    HEADER + PHDR * loads
}

/// An ET_EXEC RISC-V ELF: `file` with the ELF header and the program
/// headers for `loads` written over its first `headers_end` bytes.
pub fn executable(entry: u64, loads: &[Load], mut file: Vec<u8>) -> Vec<u8> {
    let end = headers_end(loads.len());
    if file.len() < end {
        file.resize(end, 0);
    }
    let mut h = Vec::with_capacity(end);
    h.extend_from_slice(b"\x7fELF");
    h.extend_from_slice(&[2, 1, 1, 0]); // ELFCLASS64, little-endian, version 1, System V
    h.extend_from_slice(&[0; 8]);
    h.extend_from_slice(&2u16.to_le_bytes()); // ET_EXEC
    h.extend_from_slice(&243u16.to_le_bytes()); // EM_RISCV
    h.extend_from_slice(&1u32.to_le_bytes());
    h.extend_from_slice(&entry.to_le_bytes());
    h.extend_from_slice(&(HEADER as u64).to_le_bytes()); // e_phoff
    h.extend_from_slice(&0u64.to_le_bytes()); // e_shoff: no section headers
    h.extend_from_slice(&0u32.to_le_bytes()); // e_flags
    for v in [HEADER as u16, PHDR as u16, loads.len() as u16, 64, 0, 0] {
        h.extend_from_slice(&v.to_le_bytes()); // ehsize, phentsize, phnum, shentsize, shnum, shstrndx
    }
    for l in loads {
        h.extend_from_slice(&PT_LOAD.to_le_bytes());
        h.extend_from_slice(&PF_RWX.to_le_bytes());
        for v in [l.offset, l.addr, l.addr, l.file_size, l.mem_size, 0x1000] {
            h.extend_from_slice(&v.to_le_bytes());
        }
    }
    file[..end].copy_from_slice(&h);
    file
}

/// A kernel ELF loaded at 0x8020_0000 whose entry is not its first byte:
/// 0x100 bytes of zeros (illegal instructions) and then, at the entry
/// 0x8020_0100, an SBI SRST shutdown. Returns the ELF and its entry.
pub fn kernel_entered_past_its_start() -> (Vec<u8>, u64) {
    const BASE: u64 = 0x8020_0000;
    const ENTRY: u64 = BASE + 0x100;
    let data_offset = 0x1000;
    let mut file = vec![0u8; data_offset + 0x100];
    file.extend(asm::bytes(&asm::SBI_SHUTDOWN));
    let size = (file.len() - data_offset) as u64;
    let load = Load { offset: data_offset as u64, addr: BASE, file_size: size, mem_size: size };
    (executable(ENTRY, &[load], file), ENTRY)
}

/// RV64 instructions as words, for the little programs.
pub mod asm {
    /// `lui a7, 0x53525; addi a7, a7, 0x354; li a6, 0; li a0, 0; li a1, 0;
    /// ecall; j .`: SBI SRST system_reset(shutdown, no reason).
    pub const SBI_SHUTDOWN: [u32; 7] =
        [0x5352_58b7, 0x3548_8893, 0x0000_0813, 0x0000_0513, 0x0000_0593, 0x0000_0073, 0x0000_006f];

    /// The words as little-endian bytes.
    pub fn bytes(words: &[u32]) -> Vec<u8> {
        words.iter().flat_map(|w| w.to_le_bytes()).collect()
    }
}
