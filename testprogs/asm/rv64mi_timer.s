# rv64mi_timer: the machine timer through the CLINT (mtime at 0x200bff8,
# hart 0's mtimecmp at 0x2004000): mip.MTIP follows mtime >= mtimecmp; WFI
# wakes on a pending enabled interrupt even with mstatus.MIE = 0 (and then
# no trap is taken); with MIE = 1 the interrupt is taken with mcause =
# 2^63 + 7, mepc at the interrupted instruction, MPIE = 1 and MIE = 0 in the
# handler; mret re-enables MIE.

    .equ CLINT_MTIMECMP, 0x2004000
    .equ CLINT_MTIME,    0x200bff8

    RVTEST_CODE_BEGIN

    TEST 2
    li      s0, CLINT_MTIMECMP
    li      s1, CLINT_MTIME
    li      a0, -1
    sd      a0, 0(s0)               # no timer event
    csrr    a0, mip
    andi    a0, a0, MIP_MTIP
    CHECK   a0, 0
    TEST 3
    ld      a0, 0(s1)
    ld      a1, 0(s1)
    bltu    a1, a0, fail            # mtime does not go backwards
    TEST 4
    sd      zero, 0(s0)             # mtimecmp = 0 <= mtime: pending
    csrr    a0, mip
    andi    a0, a0, MIP_MTIP
    CHECK   a0, MIP_MTIP
    li      a0, -1
    sd      a0, 0(s0)
    csrr    a0, mip
    andi    a0, a0, MIP_MTIP
    CHECK   a0, 0

# ---- WFI with MIE = 0 wakes up without a trap ----
    TEST 5
    li      a0, MIP_MTIP
    csrs    mie, a0                 # MTIE
    ld      a0, 0(s1)
    addi    a0, a0, 50
    sd      a0, 0(s0)
    wfi                             # unexpected traps would fail the test
    li      a1, 1000000
1:  csrr    a0, mip                 # (WFI may also return early: poll)
    andi    a0, a0, MIP_MTIP
    bnez    a0, 2f
    addi    a1, a1, -1
    bnez    a1, 1b
    j       fail
2:

# ---- the interrupt is taken with MIE = 1 ----
    TEST 6
    li      a0, -1
    sd      a0, 0(s0)
    SET_HOOK timer_handler
    la      a0, timer_count
    sd      zero, 0(a0)
    ld      a0, 0(s1)
    addi    a0, a0, 100
    sd      a0, 0(s0)
5:  csrsi   mstatus, MSTATUS_MIE    # MIE: the interrupt may be taken from here on
    li      a1, 10000000
3:  la      a0, timer_count
    ld      a0, 0(a0)
    bnez    a0, 4f
    addi    a1, a1, -1
    bnez    a1, 3b
    j       fail
4:  csrci   mstatus, MSTATUS_MIE
    CHECK   a0, 1                   # taken exactly once (handler re-armed to max)
    TEST 7
    la      a0, timer_mcause
    ld      a1, 0(a0)
    li      a2, INTERRUPT_BIT | IRQ_MACHINE_TIMER
    CHECK_REG a1, a2
    ld      a1, 8(a0)               # mstatus in the handler
    andi    a2, a1, MSTATUS_MIE
    CHECK   a2, 0                   # MIE = 0
    andi    a2, a1, MSTATUS_MPIE
    CHECK   a2, MSTATUS_MPIE        # MPIE = 1
    ld      a1, 16(a0)              # mepc: after MIE was set, in the polling loop
    la      a2, 5b
    bltu    a1, a2, fail
    la      a2, 4b
    bgtu    a1, a2, fail
    TEST 8
    csrw    mie, zero
    CLEAR_HOOK

    RVTEST_PASS

timer_handler:
    la      t5, timer_mcause
    csrr    t6, mcause
    sd      t6, 0(t5)
    csrr    t6, mstatus
    sd      t6, 8(t5)
    csrr    t6, mepc
    sd      t6, 16(t5)
    li      t5, CLINT_MTIMECMP
    li      t6, -1
    sd      t6, 0(t5)               # acknowledge: MTIP drops
    la      t5, timer_count
    ld      t6, 0(t5)
    addi    t6, t6, 1
    sd      t6, 0(t5)
    mret

    RVTEST_DATA_BEGIN
timer_count:  .dword 0
timer_mcause: .dword 0, 0, 0
