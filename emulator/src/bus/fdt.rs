//! The flattened device tree (DTB) describing this machine, generated from
//! its real configuration with the node layout QEMU `virt` uses, so that
//! OpenSBI's generic platform, Linux and our own firmware find every device
//! where they look for it. Device addresses come from each device's
//! window (its `REGION`, which the bus maps).

use vm_fdt::{FdtWriter, FdtWriterNode, FdtWriterResult};

use super::clint::TIMEBASE_HZ;
use super::finisher::{FINISHER_PASS, FINISHER_RESET};
use super::plic::NDEV;
use super::uart::{UART_CLOCK_HZ, UART_IRQ};
use super::{Clint, Finisher, Plic, Region, Uart};

/// What the device tree describes that is not fixed by the memory map.
#[derive(Clone, Debug)]
pub struct DeviceTreeConfig {
    pub ram_base: u64,
    pub ram_size: u64,
    /// The hart's ISA string (riscv,isa), e.g. "rv64imafdch_zicsr_sstc".
    pub isa: String,
    /// The largest translation mode (mmu-type), e.g. "riscv,sv48".
    pub mmu_type: String,
    /// The kernel command line (/chosen/bootargs).
    pub bootargs: Option<String>,
    /// The M-mode firmware's region (base, size), listed under
    /// /reserved-memory with no-map so the kernel never uses it.
    pub firmware: Option<(u64, u64)>,
    /// The initrd's first byte and one past its last, for /chosen's
    /// linux,initrd-start and linux,initrd-end.
    pub initrd: Option<(u64, u64)>,
}

/// mip bit numbers the interrupts-extended properties name.
const IRQ_M_SOFT: u32 = 3;
const IRQ_M_TIMER: u32 = 7;
const IRQ_S_EXT: u32 = 9;
const IRQ_M_EXT: u32 = 11;

// Phandles.
const PH_CPU0: u32 = 1;
const PH_CPU0_INTC: u32 = 2;
const PH_PLIC: u32 = 3;
const PH_TEST: u32 = 4;

/// The path the console is announced under (/chosen/stdout-path).
pub fn uart_path() -> String {
    format!("/soc/{}", node_name("serial", Uart::REGION))
}

/// Build the DTB. Fails only on values the format cannot hold (e.g. a NUL
/// inside bootargs).
pub fn build(cfg: &DeviceTreeConfig) -> Result<Vec<u8>, vm_fdt::Error> {
    let mut fdt = FdtWriter::new()?;
    let root = fdt.begin_node("")?;
    fdt.property_u32("#address-cells", 2)?;
    fdt.property_u32("#size-cells", 2)?;
    fdt.property_string("compatible", "riscv-virtio")?;
    fdt.property_string("model", "riscv-virtio,qemu")?;

    chosen(&mut fdt, cfg)?;
    memory(&mut fdt, cfg)?;
    if let Some(region) = cfg.firmware {
        reserved_memory(&mut fdt, region)?;
    }
    cpus(&mut fdt, cfg)?;
    soc(&mut fdt)?;
    syscon_node(&mut fdt, "poweroff", "syscon-poweroff", FINISHER_PASS)?;
    syscon_node(&mut fdt, "reboot", "syscon-reboot", FINISHER_RESET)?;

    fdt.end_node(root)?;
    fdt.finish()
}

fn chosen(fdt: &mut FdtWriter, cfg: &DeviceTreeConfig) -> FdtWriterResult<()> {
    let node = fdt.begin_node("chosen")?;
    fdt.property_string("stdout-path", &uart_path())?;
    if let Some(args) = &cfg.bootargs {
        fdt.property_string("bootargs", args)?;
    }
    if let Some((start, end)) = cfg.initrd {
        // 64-bit cells, as QEMU writes them (Linux reads either width).
        fdt.property_u64("linux,initrd-start", start)?;
        fdt.property_u64("linux,initrd-end", end)?;
    }
    fdt.property("rng-seed", &rng_seed())?;
    fdt.end_node(node)
}

/// /chosen/rng-seed: bytes the kernel mixes into its entropy pool at boot
/// (chosen.yaml), 32 of them as QEMU gives. Fixed (a splitmix64 sequence
/// from a constant), so that runs are deterministic: this is no source of
/// secrets.
fn rng_seed() -> [u8; 32] {
    let mut state: u64 = 0x6865_6d75_7365_6564; // "hemuseed"
    let mut seed = [0u8; 32];
    for chunk in seed.chunks_mut(8) {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        chunk.copy_from_slice(&(z ^ (z >> 31)).to_le_bytes());
    }
    seed
}

fn memory(fdt: &mut FdtWriter, cfg: &DeviceTreeConfig) -> FdtWriterResult<()> {
    let node = fdt.begin_node(&format!("memory@{:x}", cfg.ram_base))?;
    fdt.property_string("device_type", "memory")?;
    fdt.property_array_u64("reg", &[cfg.ram_base, cfg.ram_size])?;
    fdt.end_node(node)
}

/// /reserved-memory (devicetree bindings, reserved-memory.yaml) with the
/// firmware's region, as OpenSBI adds for its own: `no-map` keeps the
/// kernel from even mapping it, since PMP denies S-mode every access there
/// and a speculative or allocator access would fault.
fn reserved_memory(fdt: &mut FdtWriter, (base, size): (u64, u64)) -> FdtWriterResult<()> {
    let node = fdt.begin_node("reserved-memory")?;
    fdt.property_u32("#address-cells", 2)?;
    fdt.property_u32("#size-cells", 2)?;
    fdt.property_null("ranges")?;
    let region = fdt.begin_node(&format!("firmware@{base:x}"))?;
    fdt.property_array_u64("reg", &[base, size])?;
    fdt.property_null("no-map")?;
    fdt.end_node(region)?;
    fdt.end_node(node)
}

fn cpus(fdt: &mut FdtWriter, cfg: &DeviceTreeConfig) -> FdtWriterResult<()> {
    let cpus = fdt.begin_node("cpus")?;
    fdt.property_u32("#address-cells", 1)?;
    fdt.property_u32("#size-cells", 0)?;
    fdt.property_u32("timebase-frequency", TIMEBASE_HZ as u32)?;

    let cpu = fdt.begin_node("cpu@0")?;
    fdt.property_phandle(PH_CPU0)?;
    fdt.property_string("device_type", "cpu")?;
    fdt.property_u32("reg", 0)?;
    fdt.property_string("status", "okay")?;
    fdt.property_string("compatible", "riscv")?;
    fdt.property_string("riscv,isa", &cfg.isa)?;
    let (base, extensions) = split_isa(&cfg.isa);
    fdt.property_string("riscv,isa-base", &base)?;
    // The cache-block operations' block size, for each of their
    // extensions the hart has (Linux's riscv,cbo*-block-size).
    for (ext, property) in [("zicbom", "riscv,cbom-block-size"), ("zicbop", "riscv,cbop-block-size"), ("zicboz", "riscv,cboz-block-size")] {
        if extensions.iter().any(|e| e == ext) {
            fdt.property_u32(property, crate::isa::exec::cmo::BLOCK as u32)?;
        }
    }
    fdt.property_string_list("riscv,isa-extensions", extensions)?;
    fdt.property_string("mmu-type", &cfg.mmu_type)?;
    let intc = fdt.begin_node("interrupt-controller")?;
    fdt.property_u32("#interrupt-cells", 1)?;
    fdt.property_null("interrupt-controller")?;
    fdt.property_string("compatible", "riscv,cpu-intc")?;
    fdt.property_phandle(PH_CPU0_INTC)?;
    fdt.end_node(intc)?;
    fdt.end_node(cpu)?;

    let map = fdt.begin_node("cpu-map")?;
    let cluster = fdt.begin_node("cluster0")?;
    let core = fdt.begin_node("core0")?;
    fdt.property_u32("cpu", PH_CPU0)?;
    fdt.end_node(core)?;
    fdt.end_node(cluster)?;
    fdt.end_node(map)?;

    fdt.end_node(cpus)
}

fn soc(fdt: &mut FdtWriter) -> FdtWriterResult<()> {
    let soc = fdt.begin_node("soc")?;
    fdt.property_u32("#address-cells", 2)?;
    fdt.property_u32("#size-cells", 2)?;
    fdt.property_string("compatible", "simple-bus")?;
    fdt.property_null("ranges")?;

    let test = begin_device(fdt, "test", Finisher::REGION)?;
    fdt.property_phandle(PH_TEST)?;
    reg(fdt, Finisher::REGION)?;
    fdt.property_string_list(
        "compatible",
        vec!["sifive,test1".into(), "sifive,test0".into(), "syscon".into()],
    )?;
    fdt.end_node(test)?;

    let uart = begin_device(fdt, "serial", Uart::REGION)?;
    fdt.property_u32("interrupts", UART_IRQ)?;
    fdt.property_u32("interrupt-parent", PH_PLIC)?;
    fdt.property_u32("clock-frequency", UART_CLOCK_HZ)?;
    reg(fdt, Uart::REGION)?;
    fdt.property_string("compatible", "ns16550a")?;
    fdt.end_node(uart)?;

    let plic = begin_device(fdt, "plic", Plic::REGION)?;
    fdt.property_phandle(PH_PLIC)?;
    fdt.property_u32("riscv,ndev", NDEV)?;
    reg(fdt, Plic::REGION)?;
    // Context 0 = M-mode external, context 1 = S-mode external.
    fdt.property_array_u32("interrupts-extended", &[PH_CPU0_INTC, IRQ_M_EXT, PH_CPU0_INTC, IRQ_S_EXT])?;
    fdt.property_null("interrupt-controller")?;
    fdt.property_string_list("compatible", vec!["sifive,plic-1.0.0".into(), "riscv,plic0".into()])?;
    fdt.property_u32("#address-cells", 0)?;
    fdt.property_u32("#interrupt-cells", 1)?;
    fdt.end_node(plic)?;

    let clint = begin_device(fdt, "clint", Clint::REGION)?;
    fdt.property_array_u32(
        "interrupts-extended",
        &[PH_CPU0_INTC, IRQ_M_SOFT, PH_CPU0_INTC, IRQ_M_TIMER],
    )?;
    reg(fdt, Clint::REGION)?;
    fdt.property_string_list("compatible", vec!["sifive,clint0".into(), "riscv,clint0".into()])?;
    fdt.end_node(clint)?;

    fdt.end_node(soc)
}

/// A device node's name: what it is, at its base address (QEMU's names).
fn node_name(kind: &str, region: Region) -> String {
    format!("{kind}@{:x}", region.base)
}

fn begin_device(fdt: &mut FdtWriter, kind: &str, region: Region) -> FdtWriterResult<FdtWriterNode> {
    fdt.begin_node(&node_name(kind, region))
}

/// The `reg` property: the device's window.
fn reg(fdt: &mut FdtWriter, region: Region) -> FdtWriterResult<()> {
    fdt.property_array_u64("reg", &[region.base, region.size])
}

/// /poweroff and /reboot: writes of `value` to the test device (regmap).
fn syscon_node(fdt: &mut FdtWriter, name: &str, compatible: &str, value: u32) -> FdtWriterResult<()> {
    let node = fdt.begin_node(name)?;
    fdt.property_u32("value", value)?;
    fdt.property_u32("offset", 0)?;
    fdt.property_u32("regmap", PH_TEST)?;
    fdt.property_string("compatible", compatible)?;
    fdt.end_node(node)
}

/// Split an ISA string into its base ("rv64i") and the extension names the
/// riscv,isa-extensions property lists ("i", "m", ..., "zicsr", "sstc").
/// The single-letter `g` stands for "imafd_zicsr_zifencei".
pub fn split_isa(isa: &str) -> (String, Vec<String>) {
    let lower = isa.to_ascii_lowercase();
    let (xlen, rest) = match lower.strip_prefix("rv64") {
        Some(r) => ("rv64", r),
        None => ("rv32", lower.strip_prefix("rv32").unwrap_or(&lower)),
    };
    let mut parts = rest.split('_');
    let letters = parts.next().unwrap_or("");
    let mut ext: Vec<String> = Vec::new();
    let mut push = |e: &str| {
        if !e.is_empty() && !ext.iter().any(|x| x == e) {
            ext.push(e.to_string());
        }
    };
    for c in letters.chars() {
        if c == 'g' {
            for e in ["i", "m", "a", "f", "d", "zicsr", "zifencei"] {
                push(e);
            }
        } else {
            push(c.encode_utf8(&mut [0; 4]));
        }
    }
    for p in parts {
        push(p);
    }
    let base = if ext.iter().any(|e| e == "e") { format!("{xlen}e") } else { format!("{xlen}i") };
    (base, ext)
}
