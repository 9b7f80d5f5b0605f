# rv64mi_modes: privilege transitions: mret into S and U (mstatus.MPP), ecall
# from U/S/M (causes 8/9/11, MPP records the source), privileged CSRs and
# instructions are illegal below their level (mscratch from S, sscratch from
# U, mret from S, sret from U, sret with mstatus.TSR, wfi with mstatus.TW),
# sret from S into U (sstatus.SPP), and medeleg sending U ecalls and
# breakpoints to the S-mode handler (scause, sepc, SPP) instead of M.

    RVTEST_CODE_BEGIN

# ---- mret to S, ecall back ----
    TEST 2
    RESUME_AT 1f
    ENTER_MODE PRV_S, 2f
2:  ecall
    j       fail
1:  CHECK_TRAP CAUSE_ECALL_FROM_S
    CHECK_PREV_MODE PRV_S
    CHECK_EPC 2b
    csrr    a0, mstatus
    andi    a0, a0, MSTATUS_MIE
    CHECK   a0, 0                   # trap entry: MIE = 0

# ---- mret to U, ecall back ----
    TEST 3
    RESUME_AT 1f
    ENTER_MODE PRV_U, 2f
2:  ecall
    j       fail
1:  CHECK_TRAP CAUSE_ECALL_FROM_U
    CHECK_PREV_MODE PRV_U

# ---- machine CSRs from S, supervisor CSRs from U ----
    TEST 4
    RESUME_AT 1f
    ENTER_MODE PRV_S, 2f
2:  csrr    a0, mscratch
    j       fail
1:  CHECK_TRAP CAUSE_ILLEGAL_INSTRUCTION
    CHECK_PREV_MODE PRV_S
    TEST 5
    RESUME_AT 1f
    ENTER_MODE PRV_U, 2f
2:  csrr    a0, sscratch
    j       fail
1:  CHECK_TRAP CAUSE_ILLEGAL_INSTRUCTION
    CHECK_PREV_MODE PRV_U
    TEST 6
    RESUME_AT 1f
    ENTER_MODE PRV_S, 2f
2:  csrr    a0, sscratch            # fine in S ...
    mret                            # ... mret is not
    j       fail
1:  CHECK_TRAP CAUSE_ILLEGAL_INSTRUCTION
    TEST 7
    RESUME_AT 1f
    ENTER_MODE PRV_U, 2f
2:  sret
    j       fail
1:  CHECK_TRAP CAUSE_ILLEGAL_INSTRUCTION
    CHECK_PREV_MODE PRV_U
    TEST 8
    li      a0, MSTATUS_TSR         # sret traps in S
    csrs    mstatus, a0
    RESUME_AT 1f
    ENTER_MODE PRV_S, 2f
2:  sret
    j       fail
1:  CHECK_TRAP CAUSE_ILLEGAL_INSTRUCTION
    CHECK_PREV_MODE PRV_S
    li      a0, MSTATUS_TSR
    csrc    mstatus, a0
    TEST 9
    li      a0, MSTATUS_TW          # wfi traps in S
    csrs    mstatus, a0
    RESUME_AT 1f
    ENTER_MODE PRV_S, 2f
2:  wfi
    j       fail
1:  CHECK_TRAP CAUSE_ILLEGAL_INSTRUCTION
    li      a0, MSTATUS_TW
    csrc    mstatus, a0

# ---- sret from S into U ----
    TEST 10
    RESUME_AT 1f
    ENTER_MODE PRV_S, 2f
2:  li      a0, SSTATUS_SPP
    csrc    sstatus, a0             # SPP = U
    la      a0, 3f
    csrw    sepc, a0
    sret
    j       fail
3:  ecall                           # from U
    j       fail
1:  CHECK_TRAP CAUSE_ECALL_FROM_U
    CHECK_PREV_MODE PRV_U

# ---- medeleg: U ecall and ebreak go to S-mode's stvec ----
    TEST 11
    la      a0, s_handler
    csrw    stvec, a0
    li      a0, (1 << CAUSE_ECALL_FROM_U) | (1 << CAUSE_BREAKPOINT)
    csrw    medeleg, a0
    csrr    a1, medeleg
    CHECK_REG a1, a0
    RESUME_AT 1f
    ENTER_MODE PRV_U, 2f
2:  ecall                           # to S (delegated), which ecalls to M
    j       fail
1:  CHECK_TRAP CAUSE_ECALL_FROM_S   # M saw S's ecall ...
    la      a0, s_seen
    ld      a1, 0(a0)
    CHECK   a1, CAUSE_ECALL_FROM_U  # ... after S saw the U ecall
    ld      a1, 8(a0)
    la      a2, 2b
    CHECK_REG a1, a2                # sepc
    ld      a1, 16(a0)
    andi    a1, a1, SSTATUS_SPP
    CHECK   a1, 0                   # sstatus.SPP = U
    TEST 12
    RESUME_AT 1f
    ENTER_MODE PRV_S, 2f
2:  ebreak                          # delegated from S to S as well
    j       fail
1:  CHECK_TRAP CAUSE_ECALL_FROM_S
    la      a0, s_seen
    ld      a1, 0(a0)
    CHECK   a1, CAUSE_BREAKPOINT
    ld      a1, 16(a0)
    andi    a1, a1, SSTATUS_SPP
    CHECK   a1, SSTATUS_SPP         # SPP = S
    TEST 13
    EXPECT_TRAP
    ecall                           # M-mode traps are never delegated
    CHECK_TRAP CAUSE_ECALL_FROM_M
    csrw    medeleg, zero

    RVTEST_PASS

# S-mode trap handler: records scause, sepc, sstatus, then ecalls to M.
    .balign 4
s_handler:
    la      t5, s_seen
    csrr    t6, scause
    sd      t6, 0(t5)
    csrr    t6, sepc
    sd      t6, 8(t5)
    csrr    t6, sstatus
    sd      t6, 16(t5)
    ecall
    j       fail

    RVTEST_DATA_BEGIN
s_seen: .dword 0, 0, 0
