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
    .globl hemu_sbi_probe_csrs
    # Returns in a0 which CSRs can be read (a bit per CSR, see `Probed`):
    # each read that traps (illegal instruction: the CSR is absent) resumes
    # at the next step, where mtvec points. Runs before any trap can be
    # pending; clobbers mepc/mcause/mtval on a trap.
hemu_sbi_probe_csrs:
    csrr    t0, mtvec               # t0 = the real trap vector
    li      a0, 0
    la      t1, 1f
    csrw    mtvec, t1
    csrr    t2, {stimecmp}          # Sstc
    ori     a0, a0, 1
    .balign 4
1:  la      t1, 2f
    csrw    mtvec, t1
    csrr    t2, {mstateen0}         # Smstateen
    ori     a0, a0, 2
    .balign 4
2:  la      t1, 3f
    csrw    mtvec, t1
    csrr    t2, {scountovf}         # Sscofpmf
    ori     a0, a0, 4
    .balign 4
3:  csrw    mtvec, t0               # restore the real trap vector
    ret
"#,
    fs_initial = const defs::status::Mstatus::empty().with_fs(defs::status::ExtState::Initial).bits(),
    stimecmp = const defs::csr::STIMECMP,
    mstateen0 = const defs::csr::MSTATEEN0,
    scountovf = const defs::csr::SCOUNTOVF,
    frame = const FRAME_SIZE,
);

extern "C" {
    fn hemu_sbi_probe_csrs() -> u64;
}

/// The extensions found by reading one of their CSRs.
#[derive(Clone, Copy)]
pub struct Probed {
    /// Sstc's stimecmp.
    pub sstc: bool,
    /// Smstateen's mstateen0.
    pub smstateen: bool,
    /// Sscofpmf's scountovf.
    pub sscofpmf: bool,
}

/// Which of Sstc, Smstateen and Sscofpmf the hart implements.
pub fn probe_csrs() -> Probed {
    // SAFETY: the probe only touches mtvec (restored), t0, t1, t2, a0.
    let found = unsafe { hemu_sbi_probe_csrs() };
    Probed { sstc: found & 1 != 0, smstateen: found & 2 != 0, sscofpmf: found & 4 != 0 }
}
