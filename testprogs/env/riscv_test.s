# riscv_test.s: the shared environment of hemu's test programs, in the spirit
# of riscv-tests' env/p (physical memory, M-mode entry, single hart).
#
# Names of CSR fields, cause codes, PTE flags and privilege levels
# (MSTATUS_MPP, HSTATUS_SPV, MIP_STIP, CAUSE_ILLEGAL_INSTRUCTION, PTE_V, PRV_S, ...)
# come from the defs crate: testprogs/build.rs writes them to defs.s, which is
# assembled before this file.
#
# Contract for a program (asm/<name>.s, assembled after this file):
#   - it starts with RVTEST_CODE_BEGIN and ends with RVTEST_PASS; a failed
#     check jumps to `fail` with the current test number in gp (x3);
#   - t5/t6 (x30/x31) belong to the environment: the macros and trap handlers
#     clobber them;
#   - an unexpected trap fails the current test; a program that expects traps
#     installs a handler with SET_HOOK / EXPECT_TRAP / RESUME_AT (below).
#
# Result (riscv-tests' HTIF convention): the 64-bit word `tohost` is written
# with 1 on success, or (testnum << 1) | 1 on failure. QEMU's spike machine
# and hemu stop the machine when tohost is written.
#
# Machine set up at entry: mtvec = trap_vector, no delegation, interrupts off,
# satp = 0, PMP entry 0 = whole address space RWX (so S/U-mode may run),
# FPU on (mstatus.FS = Initial, fcsr = 0), mcounteren/scounteren all ones.

    # Module-level assembly is assembled for the base ISA whatever the Rust
    # target's features are: name the extensions the programs use.
    .option arch, +m, +a, +f, +d, +zicsr, +zifencei
    .option norvc               # programs opt in to RVC explicitly

# ---------------------------------------------------------------------------
# Macros
# ---------------------------------------------------------------------------

.macro RVTEST_CODE_BEGIN
    .text
    .globl test_code
test_code:
.endm

.macro RVTEST_PASS
    j       pass
.endm

.macro RVTEST_DATA_BEGIN
    .data
    .balign 8
.endm

# Starts test number \n (reported if a check fails).
.macro TEST n
    li      gp, \n
.endm

# Fails unless register \reg == \val (64-bit compare).
.macro CHECK reg, val
    li      t6, \val
    bne     \reg, t6, fail
.endm

# Fails unless register \reg == \val sign-extended from 32 bits
# (e.g. fmv.x.w results, written as 32-bit patterns).
.macro CHECK_W reg, val
    li      t6, \val
    addiw   t6, t6, 0
    bne     \reg, t6, fail
.endm

# Fails unless register \reg == \val sign-extended from 16 bits
# (fmv.x.h results, written as 16-bit patterns).
.macro CHECK_H reg, val
    li      t6, \val
    slli    t6, t6, 48
    srai    t6, t6, 48
    bne     \reg, t6, fail
.endm

# Fails unless \a == \b (two registers).
.macro CHECK_REG a, b
    bne     \a, \b, fail
.endm

# Register-register op: \inst rd, a, b must give \res.
.macro TEST_RR n, inst, res, a, b
    li      gp, \n
    li      a1, \a
    li      a2, \b
    \inst   a4, a1, a2
    CHECK   a4, \res
.endm

# Same, with the destination also being the first source.
.macro TEST_RR_SRC1_EQ_DEST n, inst, res, a, b
    li      gp, \n
    li      a1, \a
    li      a2, \b
    \inst   a1, a1, a2
    CHECK   a1, \res
.endm

# Register-immediate op.
.macro TEST_IMM n, inst, res, a, imm
    li      gp, \n
    li      a1, \a
    \inst   a4, a1, \imm
    CHECK   a4, \res
.endm

# Writes to x0 are discarded.
.macro TEST_RR_ZERODEST n, inst, a, b
    li      gp, \n
    li      a1, \a
    li      a2, \b
    \inst   x0, a1, a2
    CHECK   x0, 0
.endm

# Branch \inst a, b must be taken / not taken.
.macro TEST_BR_TAKEN n, inst, a, b
    li      gp, \n
    li      a1, \a
    li      a2, \b
    \inst   a1, a2, 1f
    j       fail
1:
.endm

.macro TEST_BR_NOT_TAKEN n, inst, a, b
    li      gp, \n
    li      a1, \a
    li      a2, \b
    \inst   a1, a2, fail
.endm

# Load \inst at \offset from \base must give \res.
.macro TEST_LD n, inst, res, offset, base
    li      gp, \n
    la      a1, \base
    \inst   a4, \offset(a1)
    CHECK   a4, \res
.endm

# Store \val with \store, read back with \load (must give \res).
.macro TEST_ST n, load, store, res, val, offset, base
    li      gp, \n
    la      a1, \base
    li      a2, \val
    \store  a2, \offset(a1)
    \load   a4, \offset(a1)
    CHECK   a4, \res
.endm

# AMO: memory holds \init (width \w = w or d); amo\op.\w with operand \val must
# return \old in rd and leave \new in memory (both as loaded by l\w).
.macro TEST_AMO n, op, w, init, val, old, new
    li      gp, \n
    la      a3, amo_scratch
    li      a0, \init
    s\w     a0, 0(a3)
    li      a1, \val
    amo\op\().\w a4, a1, (a3)
    CHECK   a4, \old
    l\w     a5, 0(a3)
    CHECK   a5, \new
.endm

# --- floating point ---
# \mv selects the precision: h = half (fmv.h.x / fmv.x.h, results compared as
# sign-extended 16-bit patterns), w = single (fmv.w.x / fmv.x.w, compared as
# sign-extended 32-bit patterns), d = double. Inputs and results are bit
# patterns; fflags are cleared before the operation and compared after it.

.macro FP_LOAD mv, freg, val
    li      t0, \val
    fmv.\mv\().x \freg, t0
.endm

.macro FP_CHECK mv, freg, res, flags
    fmv.x.\mv a0, \freg
    frflags a1
    .ifc \mv, w
    CHECK_W a0, \res
    .else
    .ifc \mv, h
    CHECK_H a0, \res
    .else
    CHECK   a0, \res
    .endif
    .endif
    CHECK   a1, \flags
.endm

# \inst f3, f0 (e.g. fsqrt), with rounding mode \rm.
.macro TEST_FP_OP1 n, mv, inst, flags, res, a, rm=dyn
    li      gp, \n
    FP_LOAD \mv, f0, \a
    fsflags x0
    \inst   f3, f0, \rm
    FP_CHECK \mv, f3, \res, \flags
.endm

# \inst f3, f0, f1 (fadd, fsub, fmul, fdiv), with rounding mode \rm.
.macro TEST_FP_OP2 n, mv, inst, flags, res, a, b, rm=dyn
    li      gp, \n
    FP_LOAD \mv, f0, \a
    FP_LOAD \mv, f1, \b
    fsflags x0
    \inst   f3, f0, f1, \rm
    FP_CHECK \mv, f3, \res, \flags
.endm

# \inst f3, f0, f1 without a rounding mode (fmin, fmax, fsgnj*).
.macro TEST_FP_OP2_NORM n, mv, inst, flags, res, a, b
    li      gp, \n
    FP_LOAD \mv, f0, \a
    FP_LOAD \mv, f1, \b
    fsflags x0
    \inst   f3, f0, f1
    FP_CHECK \mv, f3, \res, \flags
.endm

# \inst f3, f0, f1, f2 (fused multiply-add family), with rounding mode \rm.
.macro TEST_FP_OP3 n, mv, inst, flags, res, a, b, c, rm=dyn
    li      gp, \n
    FP_LOAD \mv, f0, \a
    FP_LOAD \mv, f1, \b
    FP_LOAD \mv, f2, \c
    fsflags x0
    \inst   f3, f0, f1, f2, \rm
    FP_CHECK \mv, f3, \res, \flags
.endm

# \inst a0, f0, f1 (feq, flt, fle): integer result.
.macro TEST_FP_CMP n, mv, inst, flags, res, a, b
    li      gp, \n
    FP_LOAD \mv, f0, \a
    FP_LOAD \mv, f1, \b
    fsflags x0
    \inst   a0, f0, f1
    frflags a1
    CHECK   a0, \res
    CHECK   a1, \flags
.endm

# fclass: \inst a0, f0.
.macro TEST_FCLASS n, mv, inst, res, a
    li      gp, \n
    FP_LOAD \mv, f0, \a
    \inst   a0, f0
    CHECK   a0, \res
.endm

# FP -> integer conversion \inst a0, f0, \rm: integer result (64-bit compare,
# so 32-bit results are written sign-extended).
.macro TEST_FCVT_TO_INT n, mv, inst, flags, res, a, rm=dyn
    li      gp, \n
    FP_LOAD \mv, f0, \a
    fsflags x0
    \inst   a0, f0, \rm
    frflags a1
    CHECK   a0, \res
    CHECK   a1, \flags
.endm

# Integer -> FP conversion \inst f3, a0 (rounding mode only where it matters:
# pass rm for the inexact ones).
.macro TEST_FCVT_FROM_INT n, mv, inst, flags, res, a, rm=dyn
    li      gp, \n
    li      a0, \a
    fsflags x0
    \inst   f3, a0, \rm
    FP_CHECK \mv, f3, \res, \flags
.endm

# --- traps ---

# Makes trap_vector jump to \handler (instead of failing).
.macro SET_HOOK handler
    la      t5, \handler
    la      t6, trap_hook
    sd      t5, 0(t6)
.endm

# Unexpected traps fail again.
.macro CLEAR_HOOK
    la      t6, trap_hook
    sd      zero, 0(t6)
.endm

# The next trap is recorded (trap_cause/tval/epc/status) and the trapping
# instruction skipped (trap_skip). trap_cause reads -1 until a trap happens.
.macro EXPECT_TRAP
    SET_HOOK trap_skip
    li      t5, -1
    la      t6, trap_cause
    sd      t5, 0(t6)
.endm

# The next trap is recorded and execution continues in M-mode at \label
# (trap_resume_handler): the way back from S/U-mode code.
.macro RESUME_AT label
    SET_HOOK trap_resume_handler
    la      t5, \label
    la      t6, trap_resume
    sd      t5, 0(t6)
    li      t5, -1
    la      t6, trap_cause
    sd      t5, 0(t6)
.endm

# Fails unless the last recorded trap had mcause == \cause.
.macro CHECK_TRAP cause
    la      t6, trap_cause
    ld      t6, 0(t6)
    li      t5, \cause
    bne     t5, t6, fail
.endm

# Fails unless the last recorded trap had mtval == register \reg.
.macro CHECK_TVAL_REG reg
    la      t6, trap_tval
    ld      t6, 0(t6)
    bne     \reg, t6, fail
.endm

# Fails unless the last recorded trap had mepc == address of \label.
.macro CHECK_EPC label
    la      t5, \label
    la      t6, trap_epc
    ld      t6, 0(t6)
    bne     t5, t6, fail
.endm

# Fails unless the last recorded trap came from privilege \prv (mstatus.MPP).
.macro CHECK_PREV_MODE prv
    la      t6, trap_status
    ld      t6, 0(t6)
    srli    t6, t6, MSTATUS_MPP_SHIFT
    andi    t6, t6, MSTATUS_MPP >> MSTATUS_MPP_SHIFT
    li      t5, \prv
    bne     t5, t6, fail
.endm

# mret into privilege \prv (PRV_U, PRV_S or PRV_M) at \label.
.macro ENTER_MODE prv, label
    li      t5, MSTATUS_MPP
    csrc    mstatus, t5
    li      t5, \prv << MSTATUS_MPP_SHIFT
    csrs    mstatus, t5
    la      t5, \label
    csrw    mepc, t5
    mret
.endm

# ---------------------------------------------------------------------------
# Entry, trap vector, pass/fail
# ---------------------------------------------------------------------------

    .section .text.init, "ax"
    .globl _start
_start:
    j       reset_vector

    .balign 4
trap_vector:
    la      t5, trap_hook
    ld      t5, 0(t5)
    beqz    t5, 1f
    jr      t5                      # a program's handler
1:  j       fail                    # unexpected trap: fail the current test

reset_vector:
    li      gp, 0
    la      t0, trap_vector
    csrw    mtvec, t0
    csrw    mie, zero
    csrw    medeleg, zero
    csrw    mideleg, zero
    csrw    satp, zero
    li      t0, -1
    csrw    pmpaddr0, t0            # NAPOT over everything ...
    li      t0, PMPCFG_A_NAPOT | PMPCFG_R | PMPCFG_W | PMPCFG_X
    csrw    pmpcfg0, t0             # ... with R, W, X for S/U-mode
    li      t0, 1 << MSTATUS_FS_SHIFT
    csrs    mstatus, t0             # mstatus.FS = Initial
    csrw    fcsr, zero
    li      t0, -1
    csrw    mcounteren, t0
    csrw    scounteren, t0
    li      t0, PRV_M << MSTATUS_MPP_SHIFT
    csrs    mstatus, t0             # MPP = M: a stray mret stays in M-mode
    j       test_code

# Records the trap and skips the trapping instruction (2 or 4 bytes, from
# the low bits of its first halfword); returns to the mode it came from.
trap_skip:
    la      t6, trap_cause
    csrr    t5, mcause
    sd      t5, 0(t6)
    csrr    t5, mtval
    sd      t5, 8(t6)
    csrr    t5, mepc
    sd      t5, 16(t6)
    csrr    t5, mstatus
    sd      t5, 24(t6)
    csrr    t5, mepc
    lhu     t6, 0(t5)               # first halfword of the instruction
    andi    t6, t6, 3
    addi    t6, t6, -3              # t6 = 0 iff a 32-bit instruction
    addi    t5, t5, 2
    bnez    t6, 1f
    addi    t5, t5, 2
1:  csrw    mepc, t5
    mret

# Records the trap and continues at trap_resume in M-mode.
trap_resume_handler:
    la      t6, trap_cause
    csrr    t5, mcause
    sd      t5, 0(t6)
    csrr    t5, mtval
    sd      t5, 8(t6)
    csrr    t5, mepc
    sd      t5, 16(t6)
    csrr    t5, mstatus
    sd      t5, 24(t6)
    ld      t5, 32(t6)              # trap_resume
    jr      t5

pass:
    fence
    li      t5, 1
    la      t6, tohost
    sd      t5, 0(t6)
1:  j       1b

fail:
    fence
    bnez    gp, 2f
    li      gp, 0x7ff               # never report "pass" by accident
2:  slli    t5, gp, 1
    ori     t5, t5, 1
    la      t6, tohost
    sd      t5, 0(t6)
1:  j       1b

# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------

# tohost and fromhost: env/htif.s, included after this file.

    .data
    .balign 8
trap_hook:   .dword 0
trap_cause:  .dword 0               # the five words trap_skip and
trap_tval:   .dword 0               # trap_resume_handler use, in this order
trap_epc:    .dword 0
trap_status: .dword 0
trap_resume: .dword 0
    .balign 8
amo_scratch: .dword 0, 0

# ---------------------------------------------------------------------------
# Hypervisor-extension helpers (rv64h_* programs)
# ---------------------------------------------------------------------------

# mret into privilege \prv (PRV_U or PRV_S) with virtualization mode \virt
# (mstatus.MPP and mstatus.MPV) at \label: \virt = 1 enters VS/VU-mode.
# A trap into M from V=1 leaves MPV = 1, so the V=0 modes are entered with
# this macro too (ENTER_MODE keeps MPV).
.macro ENTER_VMODE prv, virt, label
    li      t5, MSTATUS_MPP | MSTATUS_MPV
    csrc    mstatus, t5
    li      t5, (\prv << MSTATUS_MPP_SHIFT) | (\virt * MSTATUS_MPV)
    csrs    mstatus, t5
    la      t5, \label
    csrw    mepc, t5
    mret
.endm

# Fails unless CSR \csr reads \val (64-bit compare).
.macro CHECK_CSR csr, val
    csrr    t5, \csr
    li      t6, \val
    bne     t5, t6, fail
.endm

# Fails unless the last trap recorded by trap_skip/trap_resume_handler came
# from virtualization mode \v (mstatus.MPV).
.macro CHECK_PREV_V v
    la      t6, trap_status
    ld      t6, 0(t6)
    srli    t6, t6, 39
    andi    t6, t6, 1
    li      t5, \v
    bne     t5, t6, fail
.endm

# Fails unless the last recorded trap had mtval == \val.
.macro CHECK_TVAL val
    la      t6, trap_tval
    ld      t6, 0(t6)
    li      t5, \val
    bne     t5, t6, fail
.endm

# Jumps to \label when running on QEMU 7.2 (its marchid encodes its version,
# 0x0702xx; hemu's marchid is 0). Guards the few checks where QEMU 7.2
# differs from the ratified spec (each named "QEMU 7.2 differs: ..."), so
# that the QEMU cross-check still runs the rest of the program.
.macro SKIP_ON_QEMU label
    csrr    t5, marchid
    srli    t5, t5, 8
    li      t6, 0x702
    beq     t5, t6, \label
.endm
