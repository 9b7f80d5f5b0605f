//! The bench harness's parameters, read from and written into the
//! workload's ELF file: `bench_repeat` (how many times the workload runs,
//! a doubleword in .data) and `bench_trips` (round trips per repeat, an
//! absolute symbol). Patching the file, rather than guest memory, lets
//! QEMU run exactly the bytes hemu runs.

use goblin::elf::program_header::PT_LOAD;
use goblin::elf::Elf;

/// The value of the symbol `name` in `elf`.
pub fn symbol(elf: &[u8], name: &str) -> Result<u64, String> {
    let parsed = Elf::parse(elf).map_err(|e| e.to_string())?;
    parsed
        .syms
        .iter()
        .find(|s| parsed.strtab.get_at(s.st_name) == Some(name))
        .map(|s| s.st_value)
        .ok_or_else(|| format!("the workload has no `{name}` symbol"))
}

/// `elf` with the doubleword `bench_repeat` set to `repeat`.
pub fn with_repeat(elf: &[u8], repeat: u64) -> Result<Vec<u8>, String> {
    let addr = symbol(elf, "bench_repeat")?;
    let parsed = Elf::parse(elf).map_err(|e| e.to_string())?;
    let offset = parsed
        .program_headers
        .iter()
        .filter(|p| p.p_type == PT_LOAD && addr >= p.p_vaddr && addr + 8 <= p.p_vaddr + p.p_filesz)
        .map(|p| (p.p_offset + (addr - p.p_vaddr)) as usize)
        .next()
        .ok_or("`bench_repeat` is not in a loaded part of the file")?;
    let mut out = elf.to_vec();
    out[offset..offset + 8].copy_from_slice(&repeat.to_le_bytes());
    Ok(out)
}
