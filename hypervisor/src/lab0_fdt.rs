//! Lab 0: the flattened device tree (Devicetree Specification v0.4, ch. 5). The firmware passes
//! its address in a1. We walk the structure block once and keep only what the hypervisor needs:
//! RAM, the timebase, the 16550 UART and its interrupt, the PLIC and the PLIC context that
//! routes S-mode external interrupts (SEIP) to our hart, the ISA string and /chosen/bootargs.

use defs::trap::Interrupt;

const FDT_MAGIC: u32 = 0xd00d_feed;
const FDT_BEGIN_NODE: u32 = 1;
const FDT_END_NODE: u32 = 2;
const FDT_PROP: u32 = 3;
const FDT_NOP: u32 = 4;
const FDT_END: u32 = 9;
const MAX_DEPTH: usize = 8;

pub struct UartInfo {
    pub base: u64,
    pub irq: u32,
    pub reg_shift: u32,
}
pub struct PlicInfo {
    pub base: u64,
    /// The PLIC context whose interrupt line is this hart's SEIP (cause 9 in interrupts-extended).
    pub s_context: u32,
}

pub struct Platform {
    pub ram_base: u64,
    pub ram_size: u64,
    pub timebase_hz: u64,
    pub uart: Option<UartInfo>,
    pub plic: Option<PlicInfo>,
    pub isa: &'static str,
    pub bootargs: &'static str,
    /// Where the device tree itself lies, so the frame allocator does not hand it out.
    pub fdt_start: u64,
    pub fdt_end: u64,
}

impl Platform {
    pub fn has_h_extension(&self) -> bool {
        // "rv64imafdch_zicsr..." : single-letter extensions come before the first '_'.
        let base = self.isa.split('_').next().unwrap_or("");
        base.len() > 4 && base[4..].contains('h')
    }
    pub fn report(&self) {
        hv!("lab0: RAM {:#x}..{:#x}, timebase {} Hz, isa {}", self.ram_base,
            self.ram_base + self.ram_size, self.timebase_hz, self.isa);
        match &self.uart {
            Some(u) => hv!("lab0: UART 16550 at {:#x}, irq {}", u.base, u.irq),
            None => hv!("lab0: no 16550 UART in the device tree (no keyboard input)"),
        }
        match &self.plic {
            Some(p) => hv!("lab0: PLIC at {:#x}, S-mode context {}", p.base, p.s_context),
            None => hv!("lab0: no PLIC (or no S-mode context for this hart)"),
        }
        hv!("lab0: bootargs \"{}\"", self.bootargs);
    }
}

/// What we collect about one node while inside it (properties precede subnodes in the blob).
#[derive(Clone, Copy, Default)]
struct Node {
    name: &'static [u8],
    compatible: &'static [u8],
    device_type: &'static [u8],
    reg: &'static [u8],
    interrupts: &'static [u8],
    interrupts_extended: &'static [u8],
    isa: &'static [u8],
    bootargs: &'static [u8],
    phandle: u32,
    timebase: u64,
    reg_shift: u32,
    is_interrupt_controller: bool,
    /// This node's #address-cells / #size-cells (for its children's reg).
    address_cells: u32,
    size_cells: u32,
    /// The parent's, which describe this node's reg.
    reg_address_cells: u32,
    reg_size_cells: u32,
    /// phandle of a child `riscv,cpu-intc` (set on cpu@N nodes).
    cpu_intc: u32,
}

fn be32(b: &[u8], off: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(off..off + 4)?.try_into().ok()?))
}
fn cells(b: &[u8], off_cells: usize, n: u32) -> Option<u64> {
    let mut v = 0u64;
    for i in 0..n as usize {
        v = (v << 32) | be32(b, (off_cells + i) * 4)? as u64;
    }
    Some(v)
}
fn cstr(b: &'static [u8], off: usize) -> &'static [u8] {
    let rest = b.get(off..).unwrap_or(&[]);
    let len = rest.iter().position(|&c| c == 0).unwrap_or(rest.len());
    &rest[..len]
}
fn text(b: &'static [u8]) -> &'static str {
    let b = b.split(|&c| c == 0).next().unwrap_or(&[]);
    core::str::from_utf8(b).unwrap_or("?")
}
/// `compatible` is a list of NUL-terminated strings.
fn compatible_with(n: &Node, what: &[u8]) -> bool {
    n.compatible.split(|&c| c == 0).any(|s| s == what)
}

/// Parse the device tree at physical address `fdt` for hart `boot_hart`.
pub fn parse(fdt: u64, boot_hart: u64) -> Result<Platform, &'static str> {
    if fdt == 0 || !fdt.is_multiple_of(8) {
        return Err("no device tree address in a1");
    }
    // SAFETY: the firmware hands us a device tree at this physical address; read the header first
    // to learn its size.
    let header = unsafe { core::slice::from_raw_parts(fdt as *const u8, 40) };
    if be32(header, 0) != Some(FDT_MAGIC) {
        return Err("bad magic");
    }
    let total = be32(header, 4).ok_or("header")? as usize;
    // SAFETY: totalsize bytes belong to the blob.
    let blob: &'static [u8] = unsafe { core::slice::from_raw_parts(fdt as *const u8, total) };
    let off_struct = be32(blob, 8).ok_or("header")? as usize;
    let off_strings = be32(blob, 12).ok_or("header")? as usize;

    let mut p = Platform {
        ram_base: 0, ram_size: 0, timebase_hz: 0, uart: None, plic: None, isa: "", bootargs: "",
        fdt_start: fdt, fdt_end: fdt + total as u64,
    };
    let mut plic_ie: &'static [u8] = &[];
    let mut boot_intc = 0u32;
    let mut stack = [Node::default(); MAX_DEPTH];
    let mut depth = 0usize;
    let mut pos = off_struct;
    loop {
        let token = be32(blob, pos).ok_or("truncated")?;
        pos += 4;
        match token {
            FDT_BEGIN_NODE => {
                if depth == MAX_DEPTH {
                    return Err("nested too deeply");
                }
                let name = cstr(blob, pos);
                pos = (pos + name.len() + 1 + 3) & !3;
                let (rac, rsc) = if depth > 0 {
                    (stack[depth - 1].address_cells, stack[depth - 1].size_cells)
                } else {
                    (2, 1)
                };
                stack[depth] = Node {
                    name, address_cells: 2, size_cells: 1, reg_address_cells: rac,
                    reg_size_cells: rsc, ..Node::default()
                };
                depth += 1;
            }
            FDT_PROP => {
                let len = be32(blob, pos).ok_or("truncated")? as usize;
                let nameoff = be32(blob, pos + 4).ok_or("truncated")? as usize;
                let val = blob.get(pos + 8..pos + 8 + len).ok_or("truncated")?;
                pos = (pos + 8 + len + 3) & !3;
                if depth == 0 {
                    return Err("property outside a node");
                }
                let n = &mut stack[depth - 1];
                match cstr(blob, off_strings + nameoff) {
                    b"compatible" => n.compatible = val,
                    b"device_type" => n.device_type = val,
                    b"reg" => n.reg = val,
                    b"interrupts" => n.interrupts = val,
                    b"interrupts-extended" => n.interrupts_extended = val,
                    b"riscv,isa" => n.isa = val,
                    b"bootargs" => n.bootargs = val,
                    b"phandle" => n.phandle = be32(val, 0).unwrap_or(0),
                    b"reg-shift" => n.reg_shift = be32(val, 0).unwrap_or(0),
                    b"interrupt-controller" => n.is_interrupt_controller = true,
                    b"#address-cells" => n.address_cells = be32(val, 0).unwrap_or(2),
                    b"#size-cells" => n.size_cells = be32(val, 0).unwrap_or(1),
                    b"timebase-frequency" => {
                        n.timebase = if len == 8 { cells(val, 0, 2).unwrap_or(0) } else { be32(val, 0).unwrap_or(0) as u64 }
                    }
                    _ => {}
                }
            }
            FDT_END_NODE => {
                if depth == 0 {
                    return Err("unbalanced nodes");
                }
                depth -= 1;
                let n = stack[depth];
                let reg_addr = cells(n.reg, 0, n.reg_address_cells);
                let reg_size = cells(n.reg, n.reg_address_cells as usize, n.reg_size_cells);
                if (n.device_type == b"memory\0" || n.name.starts_with(b"memory@")) && p.ram_size == 0 {
                    p.ram_base = reg_addr.unwrap_or(0);
                    p.ram_size = reg_size.unwrap_or(0);
                }
                if n.timebase != 0 && p.timebase_hz == 0 {
                    p.timebase_hz = n.timebase;
                }
                if n.is_interrupt_controller && compatible_with(&n, b"riscv,cpu-intc") && depth > 0 {
                    stack[depth - 1].cpu_intc = n.phandle;
                }
                if n.name.starts_with(b"cpu@") && reg_addr == Some(boot_hart) {
                    boot_intc = n.cpu_intc;
                    p.isa = text(n.isa);
                }
                if p.uart.is_none() && (compatible_with(&n, b"ns16550a") || compatible_with(&n, b"ns16550")) {
                    if let Some(base) = reg_addr {
                        p.uart = Some(UartInfo { base, irq: be32(n.interrupts, 0).unwrap_or(0), reg_shift: n.reg_shift });
                    }
                }
                if compatible_with(&n, b"riscv,plic0") || compatible_with(&n, b"sifive,plic-1.0.0") {
                    if let Some(base) = reg_addr {
                        p.plic = Some(PlicInfo { base, s_context: u32::MAX });
                        plic_ie = n.interrupts_extended;
                    }
                }
                if n.name == b"chosen" {
                    p.bootargs = text(n.bootargs);
                }
            }
            FDT_NOP => {}
            FDT_END => break,
            _ => return Err("unknown token"),
        }
    }
    if p.ram_size == 0 || p.timebase_hz == 0 {
        return Err("no memory node or no timebase-frequency");
    }
    // interrupts-extended lists (cpu-intc phandle, cause) per PLIC context; cause 9 is SEIP.
    if let Some(plic) = &mut p.plic {
        let seip = Some(Interrupt::SupervisorExternal.code() as u32);
        let pairs = plic_ie.len() / 8;
        plic.s_context = (0..pairs)
            .find(|&i| be32(plic_ie, i * 8) == Some(boot_intc) && be32(plic_ie, i * 8 + 4) == seip)
            .map(|i| i as u32)
            .unwrap_or(u32::MAX);
        if plic.s_context == u32::MAX {
            p.plic = None;
        }
    }
    Ok(p)
}
