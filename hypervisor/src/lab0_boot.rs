//! Lab 0: the first instructions. The SBI firmware jumps here in HS-mode with
//! a0 = hart id and a1 = the physical address of the device tree; the MMU is off (satp = 0),
//! so every address the hypervisor uses is a host-physical address.

core::arch::global_asm!(
    r#"
    .section .text.entry
    .globl _start
_start:
    la   sp, __stack_top        # sp: top of the boot stack reserved by hypervisor.ld
    la   t0, __bss_start        # t0: cursor over .bss, which must be zero before Rust runs
    la   t1, __bss_end          # t1: end of .bss
1:  bgeu t0, t1, 2f
    sd   zero, 0(t0)
    addi t0, t0, 8
    j    1b
2:  call hv_main                # a0 = hart id, a1 = device tree (untouched so far); never returns
3:  wfi
    j    3b
"#
);
