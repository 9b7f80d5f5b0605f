//! The generated device tree, parsed back with `dtc` (skipped, with a note,
//! where device-tree-compiler is not installed) and checked structurally.

use std::io::Write;
use std::process::{Command, Stdio};

use hemu::bus::fdt::{self, split_isa, DeviceTreeConfig};

fn config() -> DeviceTreeConfig {
    DeviceTreeConfig {
        ram_base: 0x8000_0000,
        ram_size: 512 << 20,
        isa: "rv64imafdch_zicsr_zifencei_sstc".into(),
        mmu_type: "riscv,sv48".into(),
        bootargs: Some("console=ttyS0 earlycon".into()),
        firmware: Some((0x8000_0000, 0x1_0000)),
        initrd: None,
    }
}

/// Decompile with dtc; None if dtc is not available.
fn dtc(dtb: &[u8]) -> Option<String> {
    let mut child = Command::new("dtc")
        .args(["-I", "dtb", "-O", "dts", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(dtb).ok()?;
    let out = child.wait_with_output().ok()?;
    assert!(out.status.success(), "dtc rejected the blob: {}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("ERROR"), "dtc complained: {stderr}");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn header_is_a_valid_fdt() {
    let dtb = fdt::build(&config()).unwrap();
    assert_eq!(&dtb[0..4], &[0xd0, 0x0d, 0xfe, 0xed], "FDT magic");
    let total = u32::from_be_bytes(dtb[4..8].try_into().unwrap()) as usize;
    assert_eq!(total, dtb.len());
}

#[test]
fn dtc_sees_the_qemu_virt_layout() {
    let dtb = fdt::build(&config()).unwrap();
    let Some(dts) = dtc(&dtb) else {
        eprintln!("dtc not installed: skipping the decompile check");
        return;
    };
    let squash: String = dts.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "compatible = \"riscv-virtio\";",
        "stdout-path = \"/soc/serial@10000000\";",
        "bootargs = \"console=ttyS0 earlycon\";",
        "memory@80000000 { device_type = \"memory\"; reg = <0x00 0x80000000 0x00 0x20000000>;",
        "timebase-frequency = <0x989680>;",
        "cpu@0 {",
        "device_type = \"cpu\";",
        "riscv,isa = \"rv64imafdch_zicsr_zifencei_sstc\";",
        "mmu-type = \"riscv,sv48\";",
        "compatible = \"riscv,cpu-intc\";",
        "compatible = \"simple-bus\";",
        "clint@2000000 {",
        "compatible = \"sifive,clint0\\0riscv,clint0\";",
        "plic@c000000 {",
        "riscv,ndev = <0x5f>;",
        "compatible = \"sifive,plic-1.0.0\\0riscv,plic0\";",
        "serial@10000000 {",
        "interrupts = <0x0a>;",
        "compatible = \"ns16550a\";",
        "test@100000 {",
        "compatible = \"sifive,test1\\0sifive,test0\\0syscon\";",
        "compatible = \"syscon-poweroff\";",
        "value = <0x5555>;",
        "compatible = \"syscon-reboot\";",
        "value = <0x7777>;",
    ] {
        assert!(squash.contains(needle), "missing `{needle}` in:\n{dts}");
    }
    // 3686400 = bytes 00 38 40 00, which dtc's guesser prints as a string.
    assert!(
        squash.contains("clock-frequency = <0x384000>;") || squash.contains("clock-frequency = \"\\08@\";"),
        "{dts}"
    );
    // interrupts-extended name the cpu's interrupt controller (phandle 2):
    // CLINT: M soft 3, M timer 7; PLIC: M ext 11, S ext 9.
    assert!(squash.contains("interrupts-extended = <0x02 0x03 0x02 0x07>;"), "{dts}");
    assert!(squash.contains("interrupts-extended = <0x02 0x0b 0x02 0x09>;"), "{dts}");
}

#[test]
fn bootargs_are_optional_and_validated() {
    let mut cfg = config();
    cfg.bootargs = None;
    let dtb = fdt::build(&cfg).unwrap();
    if let Some(dts) = dtc(&dtb) {
        assert!(!dts.contains("bootargs"));
    }
    // A NUL cannot be stored in a DT string: an error, not a panic.
    cfg.bootargs = Some("a\0b".into());
    assert!(fdt::build(&cfg).is_err());
}

#[test]
fn isa_string_splits_into_extensions() {
    let (base, ext) = split_isa("rv64imafdch_zicsr_zifencei_sstc");
    assert_eq!(base, "rv64i");
    assert_eq!(ext, ["i", "m", "a", "f", "d", "c", "h", "zicsr", "zifencei", "sstc"]);
    let (_, ext) = split_isa("rv64gc");
    assert_eq!(ext, ["i", "m", "a", "f", "d", "zicsr", "zifencei", "c"]);
}

/// The firmware's region is reserved with no-map (as OpenSBI reserves its
/// own), and only when there is a firmware.
#[test]
fn firmware_region_is_reserved_no_map() {
    let dtb = fdt::build(&config()).unwrap();
    let Some(dts) = dtc(&dtb) else {
        eprintln!("dtc not installed: skipping the decompile check");
        return;
    };
    let node = dts.split("reserved-memory {").nth(1).expect("a /reserved-memory node");
    for expected in ["#address-cells = <0x02>;", "#size-cells = <0x02>;", "ranges;", "firmware@80000000 {",
        "reg = <0x00 0x80000000 0x00 0x10000>;", "no-map;"] {
        assert!(node.contains(expected), "missing {expected:?} in\n{dts}");
    }
    let bare = fdt::build(&DeviceTreeConfig { firmware: None, ..config() }).unwrap();
    assert!(!dtc(&bare).unwrap().contains("reserved-memory"));
}

/// /chosen: linux,initrd-start/end (64-bit, as QEMU writes them) only with
/// an initrd; rng-seed always, the same bytes every time (deterministic).
#[test]
fn chosen_has_the_initrd_and_a_fixed_rng_seed() {
    let with = fdt::build(&DeviceTreeConfig { initrd: Some((0x8820_0000, 0x8820_1234)), ..config() }).unwrap();
    let Some(dts) = dtc(&with) else {
        eprintln!("dtc not installed: skipping the decompile check");
        return;
    };
    let chosen = dts.split("chosen {").nth(1).expect("a /chosen node").split("};").next().unwrap();
    assert!(chosen.contains("linux,initrd-start = <0x00 0x88200000>;"), "{chosen}");
    assert!(chosen.contains("linux,initrd-end = <0x00 0x88201234>;"), "{chosen}");
    let seed = chosen.lines().find(|l| l.contains("rng-seed = ")).expect("an rng-seed");
    // 32 bytes: dtc shows them as 8 cells, not all zero.
    let cells: Vec<&str> = seed.split(['<', '>']).nth(1).unwrap().split_whitespace().collect();
    assert_eq!(cells.len(), 8, "{seed}");
    assert!(cells.iter().any(|c| *c != "0x00"), "{seed}");
    let without = dtc(&fdt::build(&config()).unwrap()).unwrap();
    assert!(!without.contains("linux,initrd"), "no initrd, no properties");
    assert!(without.contains(seed.trim()), "the same seed every time");
}
