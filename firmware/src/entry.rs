//! The assembly the firmware cannot do without: the reset entry and the M-mode
//! trap vector (saving and restoring the interrupted context), plus a guarded
//! CSR probe.

use crate::trap::TrapFrame;

/// Size of the trap frame pushed by the trap vector (x0..x31, mepc, mstatus),
/// rounded up to keep sp 16-byte aligned as the psABI requires.
const FRAME_SIZE: usize = 288;
const _: () = assert!(core::mem::size_of::<TrapFrame>() <= FRAME_SIZE);
const _: () = assert!(core::mem::offset_of!(TrapFrame, mepc) == 32 * 8);
const _: () = assert!(core::mem::offset_of!(TrapFrame, mstatus) == 33 * 8);

core::arch::global_asm!(
    r#"
    .section .text.entry, "ax"
    .globl _start
_start:
    # Entered in M-mode at 0x80000000 with a0 = hartid, a1 = device tree and
    # a2 = fw_dynamic info (the convention of QEMU's and hemu's reset code).
    # Nothing is set up yet; a1 and a2 are kept for hemu_sbi_boot.
    csrw    mie, zero               # no interrupts until we ask for them
    la      t0, hemu_sbi_trap_vector
    csrw    mtvec, t0               # direct mode: every trap to the vector
    csrr    a0, mhartid             # a0 = this hart's id, whatever we got
    bnez    a0, 3f                  # this firmware runs one hart: park others
    la      sp, _stack_top          # sp = the firmware's only stack
    csrw    mscratch, sp            # mscratch = stack the trap vector uses
    li      t0, {fs_initial}
    csrs    mstatus, t0             # mstatus.FS = Initial: compiled code may use the FPU
    la      t0, _bss_start          # t0 = cursor, t1 = end: zero .bss
    la      t1, _bss_end
1:  bgeu    t0, t1, 2f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       1b
2:  call    hemu_sbi_boot           # (a0 = hartid, a1 = device tree, a2 = info), never returns
3:  wfi
    j       3b

    .section .text.trap, "ax"
    .balign 4                       # mtvec.BASE must be 4-byte aligned
    .globl hemu_sbi_trap_vector
hemu_sbi_trap_vector:
    csrrw   sp, mscratch, sp        # sp = firmware stack, mscratch = interrupted sp
    addi    sp, sp, -{frame}
    .irp r, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    sd      x\r, \r*8(sp)           # x1, x3..x31 into TrapFrame.regs[r]
    .endr
    csrr    t0, mscratch
    sd      t0, 2*8(sp)             # TrapFrame.regs[2] = interrupted sp
    csrr    t0, mepc
    sd      t0, 32*8(sp)            # TrapFrame.mepc
    csrr    t0, mstatus
    sd      t0, 33*8(sp)            # TrapFrame.mstatus
    mv      a0, sp                  # a0 = &mut TrapFrame
    call    hemu_sbi_trap
    ld      t0, 32*8(sp)
    csrw    mepc, t0                # the handler may have moved mepc ...
    ld      t0, 33*8(sp)
    csrw    mstatus, t0             # ... or changed MPP/MPV (redirects)
    addi    t0, sp, {frame}
    csrw    mscratch, t0            # mscratch = top of the firmware stack again
    .irp r, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    ld      x\r, \r*8(sp)           # handler results (a0, a1) come back here
    .endr
    ld      sp, 2*8(sp)             # the interrupted sp, last
    mret

    .section .text.probe, "ax"
    .globl hemu_sbi_probe_stimecmp
    # Returns a0 = 1 if reading stimecmp (Sstc) does not trap, else 0. Runs
    # before any trap can be pending; clobbers mepc/mcause/mtval on a trap.
hemu_sbi_probe_stimecmp:
    la      t0, 4f
    csrrw   t0, mtvec, t0           # t0 = saved mtvec, mtvec = 4f (recovery)
    li      a0, 1
    csrr    t1, {stimecmp}          # illegal instruction if Sstc is absent
    j       5f
    .balign 4
4:  li      a0, 0                   # trapped here: no Sstc
5:  csrw    mtvec, t0               # restore the real trap vector
    ret
"#,
    fs_initial = const defs::status::Mstatus::empty().with_fs(defs::status::ExtState::Initial).bits(),
    stimecmp = const defs::csr::STIMECMP,
    frame = const FRAME_SIZE,
);

extern "C" {
    fn hemu_sbi_probe_stimecmp() -> u64;
}

/// True when the hart implements Sstc's stimecmp CSR.
pub fn has_stimecmp() -> bool {
    // SAFETY: the probe only touches mtvec (restored), t0, t1, a0.
    unsafe { hemu_sbi_probe_stimecmp() != 0 }
}
