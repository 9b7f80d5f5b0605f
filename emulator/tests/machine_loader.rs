//! Loading images into a machine: ELF and flat placement, symbols, the
//! errors users see, and robustness against hostile ELF bytes.

use hemu::bus::{Htif, RAM_BASE};
use hemu::loader::{self, ImageFormat, ImageSource, LoadError, RamWindow};
use hemu::machine::{Machine, MachineConfig, MachineError, KERNEL_FLAT_ADDR};
use proptest::prelude::*;

/// A minimal ELF64 writer for tests.
struct ElfSpec {
    class: u8,
    data: u8,
    machine: u16,
    e_type: u16,
    entry: u64,
    /// (vaddr, paddr, file bytes, memsz)
    segments: Vec<(u64, u64, Vec<u8>, u64)>,
    symbols: Vec<(&'static str, u64)>,
}

impl ElfSpec {
    fn new(entry: u64) -> ElfSpec {
        ElfSpec { class: 2, data: 1, machine: 243, e_type: 2, entry, segments: vec![], symbols: vec![] }
    }
    fn segment(mut self, vaddr: u64, paddr: u64, data: &[u8], memsz: u64) -> ElfSpec {
        self.segments.push((vaddr, paddr, data.to_vec(), memsz));
        self
    }
    fn symbol(mut self, name: &'static str, value: u64) -> ElfSpec {
        self.symbols.push((name, value));
        self
    }

    fn build(&self) -> Vec<u8> {
        let phnum = self.segments.len();
        let mut out = vec![0u8; 64 + 56 * phnum];
        // Segment data.
        let mut offsets = Vec::new();
        for (_, _, data, _) in &self.segments {
            while !out.len().is_multiple_of(8) {
                out.push(0);
            }
            offsets.push(out.len() as u64);
            out.extend_from_slice(data);
        }
        // .strtab, .symtab, .shstrtab.
        let mut strtab = vec![0u8];
        let mut symtab = vec![0u8; 24];
        for (name, value) in &self.symbols {
            let st_name = strtab.len() as u32;
            strtab.extend_from_slice(name.as_bytes());
            strtab.push(0);
            let mut sym = [0u8; 24];
            sym[0..4].copy_from_slice(&st_name.to_le_bytes());
            sym[4] = 0x11; // GLOBAL OBJECT
            sym[6..8].copy_from_slice(&1u16.to_le_bytes());
            sym[8..16].copy_from_slice(&value.to_le_bytes());
            sym[16..24].copy_from_slice(&8u64.to_le_bytes());
            symtab.extend_from_slice(&sym);
        }
        let shstrtab = b"\0.symtab\0.strtab\0.shstrtab\0".to_vec();
        let place = |out: &mut Vec<u8>, bytes: &[u8]| {
            while !out.len().is_multiple_of(8) {
                out.push(0);
            }
            let off = out.len() as u64;
            out.extend_from_slice(bytes);
            off
        };
        let sym_off = place(&mut out, &symtab);
        let str_off = place(&mut out, &strtab);
        let shstr_off = place(&mut out, &shstrtab);
        while !out.len().is_multiple_of(8) {
            out.push(0);
        }
        let shoff = out.len() as u64;
        let shdr = |name: u32, ty: u32, off: u64, size: u64, link: u32, info: u32, entsize: u64| {
            let mut h = [0u8; 64];
            h[0..4].copy_from_slice(&name.to_le_bytes());
            h[4..8].copy_from_slice(&ty.to_le_bytes());
            h[24..32].copy_from_slice(&off.to_le_bytes());
            h[32..40].copy_from_slice(&size.to_le_bytes());
            h[40..44].copy_from_slice(&link.to_le_bytes());
            h[44..48].copy_from_slice(&info.to_le_bytes());
            h[48..56].copy_from_slice(&8u64.to_le_bytes());
            h[56..64].copy_from_slice(&entsize.to_le_bytes());
            h
        };
        out.extend_from_slice(&[0u8; 64]);
        out.extend_from_slice(&shdr(1, 2, sym_off, symtab.len() as u64, 2, 1, 24));
        out.extend_from_slice(&shdr(9, 3, str_off, strtab.len() as u64, 0, 0, 0));
        out.extend_from_slice(&shdr(17, 3, shstr_off, shstrtab.len() as u64, 0, 0, 0));

        // File header.
        out[0..4].copy_from_slice(b"\x7fELF");
        out[4] = self.class;
        out[5] = self.data;
        out[6] = 1;
        out[16..18].copy_from_slice(&self.e_type.to_le_bytes());
        out[18..20].copy_from_slice(&self.machine.to_le_bytes());
        out[20..24].copy_from_slice(&1u32.to_le_bytes());
        out[24..32].copy_from_slice(&self.entry.to_le_bytes());
        out[32..40].copy_from_slice(&64u64.to_le_bytes());
        out[40..48].copy_from_slice(&shoff.to_le_bytes());
        out[52..54].copy_from_slice(&64u16.to_le_bytes());
        out[54..56].copy_from_slice(&56u16.to_le_bytes());
        out[56..58].copy_from_slice(&(phnum as u16).to_le_bytes());
        out[58..60].copy_from_slice(&64u16.to_le_bytes());
        out[60..62].copy_from_slice(&4u16.to_le_bytes());
        out[62..64].copy_from_slice(&3u16.to_le_bytes());
        // Program headers.
        for (i, (vaddr, paddr, data, memsz)) in self.segments.iter().enumerate() {
            let p = 64 + 56 * i;
            out[p..p + 4].copy_from_slice(&1u32.to_le_bytes()); // PT_LOAD
            out[p + 4..p + 8].copy_from_slice(&7u32.to_le_bytes());
            out[p + 8..p + 16].copy_from_slice(&offsets[i].to_le_bytes());
            out[p + 16..p + 24].copy_from_slice(&vaddr.to_le_bytes());
            out[p + 24..p + 32].copy_from_slice(&paddr.to_le_bytes());
            out[p + 32..p + 40].copy_from_slice(&(data.len() as u64).to_le_bytes());
            out[p + 40..p + 48].copy_from_slice(&memsz.to_le_bytes());
            out[p + 48..p + 56].copy_from_slice(&0x1000u64.to_le_bytes());
        }
        out
    }
}

const RAM: RamWindow = RamWindow { base: RAM_BASE, size: 16 << 20 };

fn bytes_src(name: &str, bytes: Vec<u8>) -> ImageSource {
    ImageSource::bytes(name.to_string(), bytes)
}

fn cfg() -> MachineConfig {
    MachineConfig { ram_size: 16 << 20, ..MachineConfig::default() }
}

// ------------------------------------------------------------------ success

#[test]
fn elf_segments_go_to_their_physical_addresses() {
    let code = [0x13u8, 0, 0, 0, 0x6f, 0, 0, 0];
    let elf = ElfSpec::new(0xffff_ffff_8000_0000)
        .segment(0xffff_ffff_8000_0000, 0x8020_0000, &code, 0x2000)
        .symbol("tohost", 0xffff_ffff_8000_1000)
        .symbol("fromhost", 0xffff_ffff_8000_1040)
        .build();
    let img = loader::load(&bytes_src("k.elf", elf), 0, RAM).unwrap();
    assert_eq!(img.entry, 0x8020_0000, "entry translated through its segment");
    assert_eq!(img.htif, Some(Htif { tohost: 0x8020_1000, fromhost: 0x8020_1040 }));
    assert!(img.is_elf);
    assert_eq!(img.span(), (0x8020_0000, 0x8020_2000));

    // Placed in a machine: code copied, BSS zeroed (even over old data).
    let mut m = Machine::new(MachineConfig {
        kernel: Some(bytes_src("k.elf", ElfSpec::new(0x8020_0000).segment(0x8020_0000, 0x8020_0000, &code, 0x2000).build())),
        ..cfg()
    })
    .unwrap();
    assert_eq!(m.hart.bus_mut().read(0x8020_0000, 8), Ok(u64::from_le_bytes(code)));
    m.hart.bus_mut().write(0x8020_1ff8, 8, 0xdead).unwrap();
    m.reset();
    assert_eq!(m.hart.bus_mut().read(0x8020_1ff8, 8), Ok(0), "BSS zeroed again on reset");
    assert_eq!(m.entry(), 0x8020_0000);
}

#[test]
fn flat_binaries_and_defaults() {
    let fw = vec![0x73u8, 0, 0x50, 0x10]; // wfi
    let m = Machine::new(MachineConfig {
        bios: Some(bytes_src("fw.bin", fw.clone())),
        kernel: Some(bytes_src("kernel.bin", vec![1, 2, 3, 4])),
        bootargs: Some("console=ttyS0".into()),
        ..cfg()
    })
    .unwrap();
    assert_eq!(m.entry(), RAM_BASE, "the ROM jumps to the firmware");
    assert_eq!(m.images()[1].entry, KERNEL_FLAT_ADDR);
    let mut m = m;
    assert_eq!(m.hart.bus_mut().read(RAM_BASE, 4), Ok(0x1050_0073));
    assert_eq!(m.hart.bus_mut().read(KERNEL_FLAT_ADDR, 4), Ok(0x0403_0201));
    assert_eq!(m.hart.pc(), 0x1000, "reset vector");

    // The boot ROM passes the DTB address, which holds the DTB.
    let dtb_addr = m.dtb_addr();
    assert_eq!(m.hart.bus_mut().read(0x1018, 8), Ok(RAM_BASE));
    assert_eq!(m.hart.bus_mut().read(0x1020, 8), Ok(dtb_addr));
    assert_eq!(dtb_addr % (2 << 20), 0, "2 MiB aligned like QEMU");
    assert!(dtb_addr + m.dtb().len() as u64 <= RAM_BASE + (16 << 20));
    let dtb = m.dtb().to_vec();
    let in_ram: Vec<u8> = (0..dtb.len() as u64).map(|i| m.hart.bus_mut().read(dtb_addr + i, 1).unwrap() as u8).collect();
    assert_eq!(in_ram, dtb);
}

#[test]
fn explicit_binary_format_loads_elf_bytes_raw() {
    let elf = ElfSpec::new(0x8000_0000).segment(0x8000_0000, 0x8000_0000, &[1], 1).build();
    let src = bytes_src("raw", elf.clone()).with_format(ImageFormat::Binary);
    let img = loader::load(&src, 0x8000_0000, RAM).unwrap();
    assert!(!img.is_elf);
    assert_eq!(img.segments[0].data, elf);
}

#[test]
fn default_ram_is_512_mib_and_dtb_below_its_end() {
    let m = Machine::new(MachineConfig { kernel: Some(bytes_src("k", vec![0; 4])), ..MachineConfig::default() })
        .unwrap();
    assert_eq!(m.hart.bus().ram.size(), 512 << 20);
    assert_eq!(m.dtb_addr(), 0x9fe0_0000);
}

// ------------------------------------------------------------------- errors

fn load_err(bytes: Vec<u8>) -> LoadError {
    loader::load(&bytes_src("bad.elf", bytes).with_format(ImageFormat::Elf), 0, RAM).unwrap_err()
}

#[test]
fn missing_file_names_the_path() {
    let err = Machine::new(MachineConfig { kernel: Some(ImageSource::file("/nonexistent/hemu-test.elf")), ..cfg() })
        .err()
        .unwrap();
    let msg = err.to_string();
    assert!(matches!(err, MachineError::Load(LoadError::Read { .. })), "{msg}");
    assert!(msg.contains("/nonexistent/hemu-test.elf"), "{msg}");
}

#[test]
fn wrong_kinds_of_elf_are_rejected() {
    let good = ElfSpec::new(0x8000_0000).segment(0x8000_0000, 0x8000_0000, &[0; 4], 4);
    assert!(matches!(load_err(b"hello world".to_vec()), LoadError::NotElf { .. }));
    let e32 = ElfSpec { class: 1, ..ElfSpec::new(0) }.build();
    assert!(matches!(load_err(e32), LoadError::Elf32 { .. }));
    let be = ElfSpec { data: 2, ..ElfSpec::new(0) }.build();
    assert!(matches!(load_err(be), LoadError::BigEndian { .. }));
    let arm = ElfSpec { machine: 183, ..ElfSpec::new(0) }.build();
    let err = load_err(arm);
    assert!(matches!(err, LoadError::NotRiscv { machine: 183, .. }));
    assert!(err.to_string().starts_with("bad.elf:"), "{err}");
    let rel = ElfSpec { e_type: 1, ..ElfSpec::new(0) }.build();
    assert!(matches!(load_err(rel), LoadError::Malformed { .. }));
    let none = ElfSpec::new(0x8000_0000).build();
    assert!(matches!(load_err(none), LoadError::Malformed { .. }), "no PT_LOAD");
    assert!(loader::load(&bytes_src("ok.elf", good.build()), 0, RAM).is_ok());
    assert!(matches!(load_err(vec![]), LoadError::Empty { .. }));
}

#[test]
fn segments_must_land_in_ram() {
    let outside = ElfSpec::new(0).segment(0x4000_0000, 0x4000_0000, &[0; 4], 4).build();
    let err = load_err(outside);
    assert!(matches!(err, LoadError::OutsideRam { start: 0x4000_0000, .. }), "{err}");
    let past_end = ElfSpec::new(0).segment(0, RAM_BASE + (16 << 20) - 2, &[0; 4], 4).build();
    assert!(matches!(load_err(past_end), LoadError::OutsideRam { .. }));
    let on_uart = ElfSpec::new(0).segment(0, 0x1000_0000, &[0; 4], 4).build();
    let err = load_err(on_uart);
    assert!(matches!(err, LoadError::OnDevice { device: "UART", .. }), "{err}");
    assert!(err.to_string().contains("UART"), "{err}");
    let wraps = ElfSpec::new(0).segment(0, u64::MAX - 1, &[0; 4], 4).build();
    assert!(matches!(load_err(wraps), LoadError::OutsideRam { .. }));
    // A flat binary too big for RAM.
    let err = loader::load(&bytes_src("big.bin", vec![0; 64]), RAM_BASE + (16 << 20) - 32, RAM).unwrap_err();
    assert!(matches!(err, LoadError::OutsideRam { .. }));
}

#[test]
fn firmware_and_kernel_must_not_overlap() {
    let fw = ElfSpec::new(RAM_BASE).segment(RAM_BASE, RAM_BASE, &[0; 16], 0x30_0000).build();
    let err = Machine::new(MachineConfig {
        bios: Some(bytes_src("fw.elf", fw)),
        kernel: Some(bytes_src("kernel.bin", vec![0; 16])),
        ..cfg()
    })
    .err()
    .unwrap();
    let msg = err.to_string();
    assert!(matches!(err, MachineError::Overlap { .. }), "{msg}");
    assert!(msg.contains("fw.elf") && msg.contains("kernel.bin"), "{msg}");
}

#[test]
fn memory_sizes_are_checked() {
    for (size, what) in [(0u64, "zero"), (4095, "unaligned"), (1 << 40, "absurd")] {
        let err = Machine::new(MachineConfig { ram_size: size, kernel: Some(bytes_src("k", vec![0; 4])), ..cfg() })
            .err()
            .unwrap_or_else(|| panic!("{what} accepted"));
        assert!(matches!(err, MachineError::RamSize { .. }), "{what}: {err}");
    }
    let err = Machine::new(cfg()).err().unwrap();
    assert!(matches!(err, MachineError::NoImage));
}

#[test]
fn bootargs_with_nul_are_an_error() {
    let err = Machine::new(MachineConfig {
        kernel: Some(bytes_src("k", vec![0; 4])),
        bootargs: Some("a\0b".into()),
        ..cfg()
    })
    .err()
    .unwrap();
    assert!(matches!(err, MachineError::DeviceTree(_)), "{err}");
}

#[test]
fn dtb_moves_out_of_the_way_of_images() {
    // An image covering the top 2 MiB of a 4 MiB RAM: the DTB cannot go to
    // its usual spot, so it goes right below the image.
    let top = RAM_BASE + (2 << 20);
    let elf = ElfSpec::new(top).segment(top, top, &[0; 4], 2 << 20).build();
    let m = Machine::new(MachineConfig { ram_size: 4 << 20, kernel: Some(bytes_src("k", elf)), ..cfg() }).unwrap();
    assert!(m.dtb_addr() + m.dtb().len() as u64 <= top);
    assert!(m.dtb_addr() >= RAM_BASE);
    // RAM filled completely by an image: no room at all.
    let full = ElfSpec::new(RAM_BASE).segment(RAM_BASE, RAM_BASE, &[0; 4], 4 << 20).build();
    let err = Machine::new(MachineConfig { ram_size: 4 << 20, kernel: Some(bytes_src("k", full)), ..cfg() })
        .err()
        .unwrap();
    assert!(matches!(err, MachineError::NoRoomForDtb { .. }), "{err}");
}

// ---------------------------------------------------------- hostile inputs

fn sample_elf() -> Vec<u8> {
    ElfSpec::new(0x8000_0000)
        .segment(0x8000_0000, 0x8000_0000, &[0x13, 0, 0, 0, 0x13, 0, 0, 0], 0x100)
        .segment(0x8000_1000, 0x8000_1000, &[1, 2, 3], 0x10)
        .symbol("tohost", 0x8000_1000)
        .symbol("fromhost", 0x8000_1008)
        .build()
}

#[test]
fn truncated_elf_never_panics() {
    let elf = sample_elf();
    for len in 0..elf.len() {
        let _ = loader::load(&bytes_src("t.elf", elf[..len].to_vec()), RAM_BASE, RAM);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn mutated_elf_never_panics(edits in prop::collection::vec((any::<usize>(), any::<u8>()), 1..12)) {
        let mut elf = sample_elf();
        for (pos, byte) in edits {
            let i = pos % elf.len();
            elf[i] = byte;
        }
        let _ = loader::load(&bytes_src("m.elf", elf), RAM_BASE, RAM);
    }

    #[test]
    fn mutated_headers_never_panic(edits in prop::collection::vec((0usize..64 + 56 * 2, any::<u8>()), 1..8)) {
        let mut elf = sample_elf();
        for (i, byte) in edits {
            elf[i] = byte;
        }
        let _ = loader::load(&bytes_src("h.elf", elf), RAM_BASE, RAM);
    }

    #[test]
    fn garbage_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let mut with_magic = b"\x7fELF\x02\x01\x01".to_vec();
        with_magic.extend_from_slice(&bytes);
        let _ = loader::load(&bytes_src("g.elf", with_magic), RAM_BASE, RAM);
        let _ = loader::load(&bytes_src("g.bin", bytes), RAM_BASE, RAM);
    }
}

/// `--initrd`: QEMU's place (the kernel's entry + min(RAM/2, 128 MiB)),
/// in RAM again after a reset, and named in /chosen; refused without a
/// kernel or where it does not fit.
#[test]
fn initrd_goes_where_qemu_puts_it() {
    let initrd = b"070701 an initrd".to_vec();
    let with = |ram_size: u64, kernel: Option<ImageSource>| {
        Machine::new(MachineConfig {
            ram_size,
            bios: Some(bytes_src("fw.bin", vec![0x73, 0, 0x50, 0x10])),
            kernel,
            initrd: Some(bytes_src("initrd.cpio", initrd.clone())),
            ..cfg()
        })
    };
    let kernel = || Some(bytes_src("kernel.bin", vec![1, 2, 3, 4]));
    let mut m = with(512 << 20, kernel()).unwrap();
    let start = KERNEL_FLAT_ADDR + (128 << 20);
    assert_eq!(m.images()[2].span(), (start, start + initrd.len() as u64));
    for _ in 0..2 {
        assert_eq!(m.hart.bus_mut().read(start, 8), Ok(u64::from_le_bytes(*b"070701 a")));
        m.reset();
    }
    let dtb = m.dtb();
    let find = |name: &str| dtb.windows(name.len()).any(|w| w == name.as_bytes());
    assert!(find("linux,initrd-start") && find("linux,initrd-end"), "named in the device tree");
    // 64 MiB of RAM: half of it above the kernel.
    let small = with(64 << 20, kernel()).unwrap();
    assert_eq!(small.images()[2].span().0, KERNEL_FLAT_ADDR + (32 << 20));
    assert!(matches!(with(512 << 20, None), Err(MachineError::InitrdWithoutKernel)));
    // 4 MiB of RAM: the initrd's place (2 MiB above the kernel) is past the end.
    let err = with(4 << 20, kernel()).err().expect("no room");
    assert!(err.to_string().contains("initrd.cpio: bytes 0x80400000..0x80400010 lie outside RAM"), "{err}");
}
