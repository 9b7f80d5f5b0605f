//! Program images: reading RV64 ELF executables and flat binaries and
//! placing them in guest RAM.
//!
//! ELF segments are placed by their physical address (`p_paddr`), as QEMU
//! does: the hart starts with translation off, so what matters is where the
//! bytes are in physical memory. The part of a segment beyond its file data
//! (`p_memsz > p_filesz`, the BSS) is zeroed.
//!
//! Nothing here panics on hostile bytes: every header field is checked
//! before use and every failure is a [`LoadError`] naming the image.

use std::borrow::Cow;
use std::path::PathBuf;

use goblin::elf::{program_header::PT_LOAD, Elf};

use crate::bus::{device_overlapping, Htif, Ram};

/// ELF `e_machine` of RISC-V.
const EM_RISCV: u16 = 243;
const ET_EXEC: u16 = 2;
const ET_DYN: u16 = 3;
/// Size of an ELF64 file header.
const ELF64_HEADER_SIZE: usize = 64;

/// Where an image's bytes come from.
#[derive(Clone)]
pub enum ImageData {
    /// A file on the host, read when the machine is built.
    File(PathBuf),
    /// Bytes already in memory (e.g. an image embedded in the binary).
    Bytes(Cow<'static, [u8]>),
}

impl std::fmt::Debug for ImageData {
    // Embedded images are megabytes: show their size, not their bytes.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImageData::File(p) => f.debug_tuple("File").field(p).finish(),
            ImageData::Bytes(b) => write!(f, "Bytes({} bytes)", b.len()),
        }
    }
}

/// How to interpret an image's bytes.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum ImageFormat {
    /// ELF if it starts with the ELF magic, a flat binary otherwise.
    #[default]
    Auto,
    /// Must be an ELF file.
    Elf,
    /// Raw bytes, loaded at the image's default address.
    Binary,
}

/// A firmware or kernel image to load.
#[derive(Clone, Debug)]
pub struct ImageSource {
    /// How messages name it (the path for files).
    pub name: String,
    pub data: ImageData,
    pub format: ImageFormat,
}

impl ImageSource {
    /// An image read from `path`; ELF or flat binary by content.
    pub fn file(path: impl Into<PathBuf>) -> ImageSource {
        let path = path.into();
        ImageSource { name: path.display().to_string(), data: ImageData::File(path), format: ImageFormat::Auto }
    }

    /// An image held in memory; ELF or flat binary by content.
    pub fn bytes(name: impl Into<String>, bytes: impl Into<Cow<'static, [u8]>>) -> ImageSource {
        ImageSource { name: name.into(), data: ImageData::Bytes(bytes.into()), format: ImageFormat::Auto }
    }

    /// The same image, interpreted as `format`.
    pub fn with_format(mut self, format: ImageFormat) -> ImageSource {
        self.format = format;
        self
    }

    /// The image's bytes (reads the file), at most `limit` of them: no
    /// image larger than RAM can be loaded, so reading stops there.
    pub fn read(&self, limit: u64) -> Result<Cow<'_, [u8]>, LoadError> {
        let bytes = match &self.data {
            ImageData::File(path) => Cow::Owned(read_file(&self.name, path, limit)?),
            ImageData::Bytes(b) => Cow::Borrowed(&b[..]),
        };
        if bytes.len() as u64 > limit {
            return Err(LoadError::TooLarge { name: self.name.clone(), limit });
        }
        Ok(bytes)
    }
}

/// Reads a regular file of at most `limit` bytes. Anything else is refused
/// before reading: a character device (/dev/zero) never ends, a FIFO
/// without a writer blocks forever, a directory has no bytes.
fn read_file(name: &str, path: &std::path::Path, limit: u64) -> Result<Vec<u8>, LoadError> {
    use std::io::Read;
    let read_err = |source| LoadError::Read { name: name.to_string(), source };
    // metadata() follows symlinks and, unlike open(), never blocks on a FIFO.
    let meta = std::fs::metadata(path).map_err(read_err)?;
    if !meta.is_file() {
        return Err(LoadError::NotRegular { name: name.to_string(), kind: file_kind(&meta.file_type()) });
    }
    if meta.len() > limit {
        return Err(LoadError::TooLarge { name: name.to_string(), limit });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The file may grow while read: never take more than one byte past
    // the limit (which the caller reports).
    std::fs::File::open(path).and_then(|f| f.take(limit + 1).read_to_end(&mut bytes)).map_err(read_err)?;
    Ok(bytes)
}

/// What a non-regular file is, in words.
fn file_kind(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a FIFO"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    }
}


/// Why an image cannot be loaded. Every message starts with the image name.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{name}: cannot read: {source}")]
    Read {
        name: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{name}: not a regular file ({kind}); give an image file")]
    NotRegular { name: String, kind: &'static str },
    #[error("{name}: larger than RAM ({limit} bytes); it cannot be loaded")]
    TooLarge { name: String, limit: u64 },
    #[error("{name}: the image is empty")]
    Empty { name: String },
    #[error("{name}: not an ELF file (it does not start with \\x7fELF)")]
    NotElf { name: String },
    #[error("{name}: 32-bit ELF (ELFCLASS32); hemu runs RV64 programs only")]
    Elf32 { name: String },
    #[error("{name}: big-endian ELF (ELFDATA2MSB); RISC-V is little-endian")]
    BigEndian { name: String },
    #[error("{name}: not a RISC-V ELF (e_machine is {machine}, RISC-V is 243)")]
    NotRiscv { name: String, machine: u16 },
    #[error("{name}: malformed ELF: {reason}")]
    Malformed { name: String, reason: String },
    #[error(
        "{name}: bytes {start:#x}..{end:#x} lie outside RAM ({ram_start:#x}..{ram_end:#x})"
    )]
    OutsideRam { name: String, start: u64, end: u64, ram_start: u64, ram_end: u64 },
    #[error("{name}: bytes {start:#x}..{end:#x} would land on the {device} at {base:#x}; only RAM can be loaded")]
    OnDevice { name: String, start: u64, end: u64, device: &'static str, base: u64 },
}

/// The guest RAM window images must fit in.
#[derive(Clone, Copy, Debug)]
pub struct RamWindow {
    pub base: u64,
    pub size: u64,
}

impl RamWindow {
    pub fn of(ram: &Ram) -> RamWindow {
        RamWindow { base: ram.base(), size: ram.size() }
    }
    fn end(&self) -> u64 {
        self.base.saturating_add(self.size)
    }
}

/// One contiguous piece of an image in physical memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub paddr: u64,
    /// The bytes to copy; `data.len() <= mem_size`.
    pub data: Vec<u8>,
    /// The bytes the segment occupies; the rest after `data` is zeroed.
    pub mem_size: u64,
}

impl Segment {
    pub fn end(&self) -> u64 {
        self.paddr + self.mem_size
    }
}

/// An image parsed and checked against RAM, ready to be copied in (again
/// on every reset).
#[derive(Clone, Debug)]
pub struct LoadedImage {
    pub name: String,
    /// Physical address of the first instruction.
    pub entry: u64,
    pub segments: Vec<Segment>,
    /// `tohost`/`fromhost` physical addresses, if the ELF defines both.
    pub htif: Option<Htif>,
    /// True if it came from an ELF file.
    pub is_elf: bool,
    /// The ELF's named code and data symbols (for the debugger).
    pub symbols: Vec<Symbol>,
    /// What was adjusted while loading (e.g. header bytes below RAM
    /// skipped), one line each, for the user.
    pub warnings: Vec<String>,
}

/// A named address from an ELF symbol table: virtual `addr`, `size`
/// bytes (0 if unknown).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub addr: u64,
    pub size: u64,
}

/// The named function, object and untyped symbols of an ELF file (local
/// labels such as `.L...` and the `$x` mapping symbols left out).
pub fn elf_symbols(bytes: &[u8]) -> Result<Vec<Symbol>, String> {
    let elf = Elf::parse(bytes).map_err(|e| e.to_string())?;
    Ok(symbols_of(&elf))
}

fn symbols_of(elf: &Elf) -> Vec<Symbol> {
    use goblin::elf::sym::{STT_FUNC, STT_NOTYPE, STT_OBJECT};
    elf.syms
        .iter()
        .filter(|s| matches!(s.st_type(), STT_FUNC | STT_OBJECT | STT_NOTYPE) && s.st_value != 0 && s.st_shndx != 0)
        .filter_map(|s| {
            let name = elf.strtab.get_at(s.st_name)?;
            // Assemblers' local labels and mapping symbols (`$x`, `$d`: one
            // wherever code and data alternate) name nothing to show.
            let local = name.is_empty() || name.starts_with(".L") || name.starts_with('$');
            // Rust's mangled names read as paths (`hypervisor::lab0_sbi::console_write`).
            (!local).then(|| Symbol { name: format!("{:#}", rustc_demangle::demangle(name)), addr: s.st_value, size: s.st_size })
        })
        .collect()
}

impl LoadedImage {
    /// The lowest and highest (exclusive) physical addresses it occupies.
    pub fn span(&self) -> (u64, u64) {
        let lo = self.segments.iter().map(|s| s.paddr).min().unwrap_or(0);
        let hi = self.segments.iter().map(|s| s.end()).max().unwrap_or(0);
        (lo, hi)
    }

    /// True if any of its segments overlaps `[start, end)`.
    pub fn overlaps(&self, start: u64, end: u64) -> bool {
        self.segments.iter().any(|s| s.paddr < end && start < s.end())
    }

    /// Copy the image into RAM and zero its BSS. The segments were checked
    /// against this RAM's window when the image was loaded; returns false if
    /// RAM has a different shape.
    pub fn write_to(&self, ram: &mut Ram) -> bool {
        self.segments.iter().all(|s| {
            ram.load_bytes(s.paddr, &s.data)
                && ram.zero_bytes(s.paddr + s.data.len() as u64, s.mem_size - s.data.len() as u64)
        })
    }
}

/// Read and check `src`. A flat binary is placed at `flat_addr`.
pub fn load(src: &ImageSource, flat_addr: u64, ram: RamWindow) -> Result<LoadedImage, LoadError> {
    let bytes = src.read(ram.size)?;
    let name = &src.name;
    if bytes.is_empty() {
        return Err(LoadError::Empty { name: name.clone() });
    }
    let elf = match src.format {
        ImageFormat::Elf => true,
        ImageFormat::Binary => false,
        ImageFormat::Auto => is_elf(&bytes),
    };
    if elf {
        parse_elf(name, &bytes, ram)
    } else {
        flat(name, &bytes, flat_addr, ram)
    }
}

/// True if `bytes` starts with the ELF magic.
pub fn is_elf(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x7fELF")
}

/// A flat binary: `bytes` at `addr`, entered at its first byte.
pub fn flat(name: &str, bytes: &[u8], addr: u64, ram: RamWindow) -> Result<LoadedImage, LoadError> {
    if bytes.is_empty() {
        return Err(LoadError::Empty { name: name.to_string() });
    }
    let len = bytes.len() as u64;
    check_placement(name, addr, len, ram)?;
    Ok(LoadedImage {
        name: name.to_string(),
        entry: addr,
        segments: vec![Segment { paddr: addr, data: bytes.to_vec(), mem_size: len }],
        htif: None,
        is_elf: false,
        symbols: Vec::new(),
        warnings: Vec::new(),
    })
}

/// Parse an RV64 little-endian ELF executable and check its segments.
pub fn parse_elf(name: &str, bytes: &[u8], ram: RamWindow) -> Result<LoadedImage, LoadError> {
    let malformed = |reason: &str| LoadError::Malformed { name: name.to_string(), reason: reason.to_string() };
    if !is_elf(bytes) {
        return Err(LoadError::NotElf { name: name.to_string() });
    }
    // e_ident: EI_CLASS at 4, EI_DATA at 5.
    match bytes.get(4) {
        Some(2) => {}
        Some(1) => return Err(LoadError::Elf32 { name: name.to_string() }),
        _ => return Err(malformed("unknown ELF class (EI_CLASS)")),
    }
    match bytes.get(5) {
        Some(1) => {}
        Some(2) => return Err(LoadError::BigEndian { name: name.to_string() }),
        _ => return Err(malformed("unknown data encoding (EI_DATA)")),
    }
    if bytes.len() < ELF64_HEADER_SIZE {
        return Err(malformed("file shorter than the ELF header"));
    }
    let e_type = u16::from_le_bytes([bytes[16], bytes[17]]);
    let machine = u16::from_le_bytes([bytes[18], bytes[19]]);
    if machine != EM_RISCV {
        return Err(LoadError::NotRiscv { name: name.to_string(), machine });
    }
    if e_type != ET_EXEC && e_type != ET_DYN {
        return Err(malformed(&format!("not an executable (e_type {e_type}; a relocatable object?)")));
    }
    check_header_tables(bytes).map_err(malformed)?;

    let elf = Elf::parse(bytes).map_err(|e| malformed(&e.to_string()))?;

    let mut segments = Vec::new();
    let mut warnings = Vec::new();
    for ph in elf.program_headers.iter().filter(|ph| ph.p_type == PT_LOAD && ph.p_memsz > 0) {
        if ph.p_filesz > ph.p_memsz {
            return Err(malformed("a segment's file size exceeds its memory size"));
        }
        let data = ph
            .p_offset
            .checked_add(ph.p_filesz)
            .and_then(|end| bytes.get(ph.p_offset as usize..end as usize))
            .ok_or_else(|| malformed("a segment's data runs past the end of the file"))?;
        let skip = skipped_outside_ram(&elf, bytes, ph, ram);
        if skip > 0 {
            warnings.push(format!(
                "{name}: skipped bytes {:#x}..{:#x} outside RAM: only ELF headers, padding and loader metadata (QEMU skips them too)",
                ph.p_paddr,
                ph.p_paddr + skip
            ));
        }
        if skip == ph.p_memsz {
            continue;
        }
        let (paddr, data, mem_size) = (ph.p_paddr + skip, &data[skip as usize..], ph.p_memsz - skip);
        check_placement(name, paddr, mem_size, ram)?;
        segments.push(Segment { paddr, data: data.to_vec(), mem_size });
    }
    if segments.is_empty() {
        return Err(malformed("no loadable (PT_LOAD) segment"));
    }

    // Virtual addresses (entry, symbols) become physical through the
    // segment that contains them; outside every segment they are taken as
    // physical already.
    let to_phys = |vaddr: u64| {
        elf.program_headers
            .iter()
            .filter(|ph| ph.p_type == PT_LOAD)
            .find(|ph| vaddr >= ph.p_vaddr && vaddr - ph.p_vaddr < ph.p_memsz)
            .map_or(vaddr, |ph| ph.p_paddr.wrapping_add(vaddr - ph.p_vaddr))
    };
    // The first symbol of each name, in one pass over the symbol table
    // (a program may have tens of thousands).
    let (mut tohost, mut fromhost) = (None, None);
    for s in elf.syms.iter().filter(|s| s.st_value != 0) {
        match elf.strtab.get_at(s.st_name) {
            Some("tohost") => tohost = tohost.or(Some(to_phys(s.st_value))),
            Some("fromhost") => fromhost = fromhost.or(Some(to_phys(s.st_value))),
            _ => {}
        }
    }
    let htif = match (tohost, fromhost) {
        (Some(tohost), Some(fromhost)) => Some(Htif { tohost, fromhost }),
        _ => None,
    };
    let symbols = symbols_of(&elf);
    Ok(LoadedImage { name: name.to_string(), entry: to_phys(elf.entry), segments, htif, is_elf: true, symbols, warnings })
}

/// How many leading bytes of segment `ph` to skip because they lie in no
/// memory and hold nothing a program running from RAM reads (all of them:
/// the segment is dropped). GNU ld puts the ELF and program headers in a
/// PT_LOAD of their own below .text: `gcc -nostdlib -Wl,-Ttext=0x80000000`
/// makes one at 0x10000 (binutils 2.40, with the build-id note, and with
/// .interp and the dynamic symbols for a PIE) or at 0x7ffff000 (older
/// binutils, the first page of the text segment). QEMU loads those bytes
/// into no memory, silently; hemu skips them (with a warning) when the
/// segment starts at file offset 0 and the skipped bytes are only headers,
/// zero padding and [metadata](is_metadata); anything else outside RAM is
/// refused.
fn skipped_outside_ram(elf: &Elf, bytes: &[u8], ph: &goblin::elf::ProgramHeader, ram: RamWindow) -> u64 {
    let end = ph.p_paddr.saturating_add(ph.p_memsz);
    let skip = if end <= ram.base || ph.p_paddr >= ram.end() {
        ph.p_memsz // wholly outside RAM
    } else if ph.p_paddr < ram.base {
        ram.base - ph.p_paddr // starts below RAM
    } else {
        return 0;
    };
    let skipped = (ph.p_paddr, ph.p_paddr.saturating_add(skip));
    // Only the segment GNU ld makes for the headers: it maps the file from
    // offset 0 (a segment of zeros elsewhere may be real data).
    if ph.p_offset != 0 || skip > ph.p_filesz || device_overlapping(skipped.0, skipped.1).is_some() {
        return 0;
    }
    let (start, stop) = (ph.p_offset, ph.p_offset + skip);
    let h = &elf.header;
    let table_end = h.e_phoff + u64::from(h.e_phnum) * u64::from(h.e_phentsize);
    let in_headers = |off: u64| off < u64::from(h.e_ehsize) || (h.e_phoff..table_end).contains(&off);
    let overlaps = |sh: &goblin::elf::SectionHeader| sh.sh_offset < stop && start < sh.sh_offset + sh.sh_size;
    let in_metadata = |off: u64| {
        elf.section_headers.iter().any(|sh| is_metadata(elf, sh) && (sh.sh_offset..sh.sh_offset + sh.sh_size).contains(&off))
    };
    let only_metadata = elf
        .section_headers
        .iter()
        .filter(|sh| sh.is_alloc() && sh.sh_type != goblin::elf::section_header::SHT_NOBITS && sh.sh_size > 0)
        .all(|sh| !overlaps(sh) || is_metadata(elf, sh));
    let all_known = (start..stop).all(|off| in_headers(off) || bytes[off as usize] == 0 || in_metadata(off));
    if only_metadata && all_known {
        skip
    } else {
        0
    }
}

/// Sections only a loader or a debugger reads, never a program running from
/// RAM: notes (the build id), the dynamic linker's name (.interp) and the
/// dynamic symbol and hash tables.
fn is_metadata(elf: &Elf, sh: &goblin::elf::SectionHeader) -> bool {
    use goblin::elf::section_header::{SHT_DYNSYM, SHT_GNU_HASH, SHT_HASH, SHT_NOTE, SHT_STRTAB};
    matches!(sh.sh_type, SHT_NOTE | SHT_GNU_HASH | SHT_HASH | SHT_DYNSYM)
        || (sh.sh_type == SHT_STRTAB && elf.shdr_strtab.get_at(sh.sh_name) == Some(".dynstr"))
        || elf.shdr_strtab.get_at(sh.sh_name) == Some(".interp")
}

/// Check that the program- and section-header tables the header points at
/// lie inside the file, before the parser allocates for them.
fn check_header_tables(b: &[u8]) -> Result<(), &'static str> {
    let u16_at = |o: usize| u16::from_le_bytes([b[o], b[o + 1]]) as u64;
    let u64_at = |o: usize| u64::from_le_bytes([b[o], b[o + 1], b[o + 2], b[o + 3], b[o + 4], b[o + 5], b[o + 6], b[o + 7]]);
    let len = b.len() as u64;
    let (phoff, shoff) = (u64_at(32), u64_at(40));
    let (phentsize, phnum, shentsize, shnum) = (u16_at(54), u16_at(56), u16_at(58), u16_at(60));
    let fits = |off: u64, entsize: u64, num: u64| {
        off.checked_add(entsize * num).is_some_and(|end| end <= len)
    };
    if phnum > 0 && (phentsize != 56 || !fits(phoff, phentsize, phnum)) {
        return Err("program header table is outside the file or has a bad entry size");
    }
    if shoff != 0 {
        if shentsize != 64 || !fits(shoff, shentsize, shnum.max(1)) {
            return Err("section header table is outside the file or has a bad entry size");
        }
        // Extended numbering (e_shnum = 0): the count is section 0's sh_size.
        if shnum == 0 {
            let count = u64_at(shoff as usize + 32);
            if count.checked_mul(64).is_none_or(|size| !fits(shoff, 1, size)) {
                return Err("extended section count runs past the end of the file");
            }
        }
    }
    Ok(())
}

/// Check that `[start, start+len)` lies in RAM; name the device if it lands
/// on one.
fn check_placement(name: &str, start: u64, len: u64, ram: RamWindow) -> Result<(), LoadError> {
    let end = start.saturating_add(len);
    if start >= ram.base && end <= ram.end() && start.checked_add(len).is_some() {
        return Ok(());
    }
    if let Some(dev) = device_overlapping(start, end) {
        return Err(LoadError::OnDevice {
            name: name.to_string(),
            start,
            end,
            device: dev.name,
            base: dev.base,
        });
    }
    Err(LoadError::OutsideRam { name: name.to_string(), start, end, ram_start: ram.base, ram_end: ram.end() })
}
