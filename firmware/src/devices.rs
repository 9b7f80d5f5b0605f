//! What the firmware needs to know about the machine, gathered from the device
//! tree in one walk: console UART, CLINT, test finisher, RAM, ISA string.

use crate::fdt::{prop_str, read_cells, stringlist_contains, Fdt, Token};

/// A 16550-compatible UART (`compatible = "ns16550a"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UartInfo {
    pub base: u64,
    /// Registers are `1 << reg_shift` bytes apart (`reg-shift`, default 0).
    pub reg_shift: u32,
    /// Access width in bytes (`reg-io-width`, 1 or 4; default 1).
    pub io_width: u32,
}

/// Everything the firmware reads from the device tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Devices<'a> {
    /// The root's `model` (e.g. "riscv-virtio,qemu").
    pub model: &'a str,
    /// The first cpu node's `riscv,isa`.
    pub isa: &'a str,
    /// First memory node's `reg`: (base, size).
    pub memory: Option<(u64, u64)>,
    pub uart: Option<UartInfo>,
    /// Base of the CLINT (`riscv,clint0` / `sifive,clint0`).
    pub clint: Option<u64>,
    /// Base of the SiFive test finisher (`sifive,test0` / `sifive,test1`).
    pub finisher: Option<u64>,
    /// `/cpus/timebase-frequency` in Hz.
    pub timebase: Option<u64>,
}

impl Devices<'_> {
    /// What QEMU's virt machine (and hemu's) would say, for a missing or
    /// unusable device tree.
    pub const fn virt_defaults() -> Devices<'static> {
        Devices {
            model: "unknown (no device tree; assuming the virt layout)",
            isa: "",
            memory: Some((0x8000_0000, 128 << 20)),
            uart: Some(UartInfo { base: 0x1000_0000, reg_shift: 0, io_width: 1 }),
            clint: Some(0x200_0000),
            finisher: Some(0x10_0000),
            timebase: Some(10_000_000),
        }
    }
}

/// The properties of one node that matter here, collected while walking it.
#[derive(Clone, Copy, Default)]
struct Node<'a> {
    compatible: &'a [u8],
    reg: &'a [u8],
    is_memory: bool,
    is_cpu: bool,
    isa: Option<&'a str>,
    reg_shift: u32,
    io_width: u32,
    /// This node's `#address-cells`/`#size-cells`, used by its children.
    address_cells: u32,
    size_cells: u32,
}

const MAX_DEPTH: usize = 16;

/// Walks the tree once and collects the devices.
pub fn scan<'a>(fdt: &Fdt<'a>) -> Devices<'a> {
    let mut found = Devices {
        model: "",
        isa: "",
        memory: None,
        uart: None,
        clint: None,
        finisher: None,
        timebase: None,
    };
    let fresh = Node { address_cells: 2, size_cells: 1, io_width: 1, ..Node::default() };
    let mut stack = [fresh; MAX_DEPTH];
    // depth = number of open nodes; stack[depth - 1] is the innermost.
    let mut depth = 0usize;
    for token in fdt.tokens() {
        match token {
            Token::BeginNode(_) => {
                if depth < MAX_DEPTH {
                    stack[depth] = fresh;
                }
                depth += 1;
            }
            Token::Prop { name, value } => {
                if depth == 0 || depth > MAX_DEPTH {
                    continue;
                }
                let node = &mut stack[depth - 1];
                match name {
                    "compatible" => node.compatible = value,
                    "reg" => node.reg = value,
                    "device_type" => {
                        node.is_memory = prop_str(value) == Some("memory");
                        node.is_cpu = prop_str(value) == Some("cpu");
                    }
                    "riscv,isa" => node.isa = prop_str(value),
                    "reg-shift" => node.reg_shift = read_cells(value, 0, 1).unwrap_or(0) as u32,
                    "reg-io-width" => node.io_width = read_cells(value, 0, 1).unwrap_or(1) as u32,
                    "#address-cells" => node.address_cells = read_cells(value, 0, 1).unwrap_or(2) as u32,
                    "#size-cells" => node.size_cells = read_cells(value, 0, 1).unwrap_or(1) as u32,
                    "model" if depth == 1 => found.model = prop_str(value).unwrap_or(""),
                    "timebase-frequency" if found.timebase.is_none() => {
                        found.timebase = read_cells(value, 0, (value.len() / 4).min(2) as u32)
                    }
                    _ => {}
                }
            }
            Token::EndNode => {
                if depth == 0 {
                    break;
                }
                if (2..=MAX_DEPTH).contains(&depth) {
                    let parent = stack[depth - 2];
                    classify(&stack[depth - 1], &parent, &mut found);
                }
                depth -= 1;
            }
        }
    }
    found
}

/// Records `node` in `found` if it is one of the devices we look for.
fn classify<'a>(node: &Node<'a>, parent: &Node<'a>, found: &mut Devices<'a>) {
    let (ac, sc) = (parent.address_cells, parent.size_cells);
    if ac == 0 || ac > 2 || sc > 2 {
        return;
    }
    let base = read_cells(node.reg, 0, ac);
    let size = read_cells(node.reg, ac as usize, sc);
    let compatible = |name| stringlist_contains(node.compatible, name);
    if node.is_cpu && found.isa.is_empty() {
        if let Some(isa) = node.isa {
            found.isa = isa;
        }
    }
    let Some(base) = base else { return };
    if node.is_memory && found.memory.is_none() {
        found.memory = size.map(|s| (base, s));
    } else if found.uart.is_none() && (compatible("ns16550a") || compatible("ns16550")) {
        found.uart = Some(UartInfo { base, reg_shift: node.reg_shift, io_width: node.io_width });
    } else if found.clint.is_none() && (compatible("riscv,clint0") || compatible("sifive,clint0")) {
        found.clint = Some(base);
    } else if found.finisher.is_none() && (compatible("sifive,test1") || compatible("sifive,test0")) {
        found.finisher = Some(base);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// QEMU 7.2's `-M virt -cpu rv64,h=true` device tree (`-machine dumpdtb`).
    const VIRT_DTB: &[u8] = include_bytes!("../tests/data/qemu-virt.dtb");

    #[test]
    fn scans_qemu_virt() {
        let fdt = Fdt::new(VIRT_DTB).unwrap();
        let d = scan(&fdt);
        assert_eq!(d.model, "riscv-virtio,qemu");
        assert!(d.isa.starts_with("rv64imafdch"), "{}", d.isa);
        assert_eq!(d.memory, Some((0x8000_0000, 128 << 20)));
        assert_eq!(d.uart, Some(UartInfo { base: 0x1000_0000, reg_shift: 0, io_width: 1 }));
        assert_eq!(d.clint, Some(0x200_0000));
        assert_eq!(d.finisher, Some(0x10_0000));
        assert_eq!(d.timebase, Some(10_000_000));
    }

    #[test]
    fn rejects_garbage_without_panicking() {
        assert!(Fdt::new(&[]).is_err());
        assert!(Fdt::new(&[0xd0, 0x0d, 0xfe, 0xed, 0xff, 0xff, 0xff, 0xff]).is_err());
        let mut truncated = VIRT_DTB[..200].to_vec();
        assert!(Fdt::new(&truncated).is_err());
        // A header that claims the whole blob but with a corrupted struct block.
        truncated = VIRT_DTB.to_vec();
        let off = u32::from_be_bytes(truncated[8..12].try_into().unwrap()) as usize;
        for b in &mut truncated[off..off + 64] {
            *b = 0xff;
        }
        let fdt = Fdt::new(&truncated).unwrap();
        let _ = scan(&fdt);
    }
}
