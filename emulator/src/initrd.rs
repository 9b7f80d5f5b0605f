//! `--initrd FILE`: an initial RAM disk placed in RAM for the kernel, as
//! QEMU's RISC-V boards do (hw/riscv/boot.c, `riscv_load_initrd`). The
//! bytes go, unchanged, to the kernel's entry plus half the RAM, or plus
//! 128 MiB when RAM is 256 MiB or more: far enough above the kernel that it
//! can unpack itself without overwriting them, low enough that a kernel
//! mapping only its first gigabytes still reaches them. The device tree's
//! /chosen then carries `linux,initrd-start` and `linux,initrd-end` (the
//! first byte and one past the last), where Linux looks for it
//! (Documentation/devicetree/bindings/chosen.txt).

use crate::loader::{self, ImageSource, LoadError, LoadedImage, RamWindow};

/// The most the initrd's start lies above the kernel's entry.
pub const MAX_OFFSET: u64 = 128 << 20;

/// Where QEMU puts the initrd for a kernel entered at `kernel_entry` in
/// `ram_size` bytes of RAM.
pub fn address(kernel_entry: u64, ram_size: u64) -> u64 {
    kernel_entry + (ram_size / 2).min(MAX_OFFSET)
}

/// Read `src` and place it after `kernel` (see the module): a flat image
/// that must lie wholly in RAM.
pub fn load(src: &ImageSource, kernel: &LoadedImage, ram: RamWindow) -> Result<LoadedImage, LoadError> {
    let bytes = src.read(ram.size)?;
    loader::flat(&src.name, &bytes, address(kernel.entry, ram.size), ram)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placed_like_qemu() {
        // 512 MiB: 128 MiB above the kernel; 128 MiB of RAM: half of it.
        assert_eq!(address(0x8020_0000, 512 << 20), 0x8820_0000);
        assert_eq!(address(0x8020_0000, 128 << 20), 0x8420_0000);
    }
}
