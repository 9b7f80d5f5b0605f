# rv64h_trap: trap delegation, trap entry and trap return with the H
# extension (hypervisor spec, "Trap Entry" and "Trap Return"):
#   exceptions go to M, to HS if medeleg delegates them, to VS if they come
#   from V=1 and hedeleg delegates them too (hedeleg alone does nothing, and
#   V=0 traps never reach VS). Into M: MPV, MPP, GVA, mtval2 = mtinst = 0.
#   Into HS: V = 0, hstatus.SPV = old V, SPVP = old privilege only when V
#   was 1, GVA, sstatus.SPP/SPIE/SIE, sepc, scause, stval, htval = htinst = 0.
#   Into VS: vsstatus.SPP/SPIE/SIE, vsepc, vscause, vstval; hstatus and the
#   HS sstatus untouched; V stays 1. SRET with V=0 uses SPV and SPP (and
#   clears SPV), also from M; SRET with V=1 works on vsstatus; MRET uses MPV
#   unless MPP = M; both clear MPRV when leaving M.
#
# The HS and VS handlers just ecall to M (causes 9 and 10), which then
# inspects the CSRs the trap wrote.

    .option arch, +h

# Fails unless (CSR \csr & \mask) == \val.
.macro CHECK_FIELD csr, mask, val
    csrr    t5, \csr
    li      t6, \mask
    and     t5, t5, t6
    li      t6, \val
    bne     t5, t6, fail
.endm

    RVTEST_CODE_BEGIN
    csrw    hgatp, zero
    csrw    vsatp, zero
    la      a0, hs_handler
    csrw    stvec, a0
    la      a0, vs_handler
    csrw    vstvec, a0

# ---- not delegated: M ----
    TEST 2
    li      a0, 0x1234
    csrw    mtval2, a0
    csrw    mtinst, a0
    RESUME_AT 1f
    ENTER_VMODE PRV_S, 1, 2f
2:  csrr    a0, mscratch            # illegal from VS
    j       fail
1:  CHECK_TRAP CAUSE_ILLEGAL_INSTRUCTION
    CHECK_PREV_V 1
    CHECK_PREV_MODE PRV_S
    CHECK_EPC 2b
    # QEMU 7.2 differs: it sets GVA on every trap from V=1 (the spec: only
    # when a guest virtual address is written to mtval/stval).
    SKIP_ON_QEMU 3f
    CHECK_FIELD mstatus, MSTATUS_GVA, 0
3:
    CHECK_CSR mtval2, 0
    CHECK_CSR mtinst, 0

# ---- medeleg: HS ----
    TEST 3
    li      a0, 1 << CAUSE_ILLEGAL_INSTRUCTION
    csrw    medeleg, a0
    li      a0, 0x5678
    csrw    htval, a0
    csrw    htinst, a0
    csrw    hstatus, zero
    li      a0, SSTATUS_SIE
    csrs    sstatus, a0             # HS SIE = 1 (mie = 0: nothing pending)
    RESUME_AT 1f
    ENTER_VMODE PRV_S, 1, 2f
2:  csrr    a0, mscratch            # illegal from VS, to HS
    j       fail
1:  CHECK_TRAP CAUSE_ECALL_FROM_S   # hs_handler's ecall
    CHECK_PREV_V 0                  # the handler ran with V=0
    CHECK_PREV_MODE PRV_S
    CHECK_CSR scause, CAUSE_ILLEGAL_INSTRUCTION
    la      a0, 2b
    csrr    a1, sepc
    CHECK_REG a0, a1
    lwu     a0, 0(a0)
    csrr    a1, stval
    CHECK_REG a0, a1                # stval = the instruction bits
    CHECK_FIELD hstatus, HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_GVA, HSTATUS_SPV | HSTATUS_SPVP
    CHECK_FIELD sstatus, SSTATUS_SPP | SSTATUS_SPIE | SSTATUS_SIE, SSTATUS_SPP | SSTATUS_SPIE
    CHECK_CSR htval, 0
    CHECK_CSR htinst, 0
    TEST 4
    RESUME_AT 1f
    ENTER_VMODE PRV_U, 1, 2f
2:  csrr    a0, mscratch            # from VU
    j       fail
1:  CHECK_TRAP CAUSE_ECALL_FROM_S
    CHECK_CSR scause, CAUSE_ILLEGAL_INSTRUCTION
    CHECK_FIELD hstatus, HSTATUS_SPV | HSTATUS_SPVP, HSTATUS_SPV    # SPVP = VU
    CHECK_FIELD sstatus, SSTATUS_SPP, 0
    TEST 5
    li      a0, HSTATUS_SPVP
    csrs    hstatus, a0
    RESUME_AT 1f
    ENTER_VMODE PRV_U, 0, 2f
2:  csrr    a0, mscratch            # from U (V=0): SPVP unchanged
    j       fail
1:  CHECK_TRAP CAUSE_ECALL_FROM_S
    CHECK_FIELD hstatus, HSTATUS_SPV | HSTATUS_SPVP, HSTATUS_SPVP
    CHECK_FIELD sstatus, SSTATUS_SPP, 0
    TEST 6
    RESUME_AT 1f
    ENTER_VMODE PRV_S, 0, 2f
2:  csrr    a0, mscratch            # from HS: to HS, SPV = 0, SPP = 1
    j       fail
1:  CHECK_TRAP CAUSE_ECALL_FROM_S
    CHECK_FIELD hstatus, HSTATUS_SPV | HSTATUS_SPVP, HSTATUS_SPVP
    CHECK_FIELD sstatus, SSTATUS_SPP, SSTATUS_SPP

# ---- GVA: a trap writing a guest virtual address ----
    TEST 7
    li      a0, (1 << CAUSE_BREAKPOINT) | (1 << CAUSE_ILLEGAL_INSTRUCTION)
    csrw    medeleg, a0
    RESUME_AT 1f
    ENTER_VMODE PRV_S, 1, 2f
2:  ebreak                          # stval = the pc, a guest virtual address
    j       fail
1:  CHECK_TRAP CAUSE_ECALL_FROM_S
    CHECK_CSR scause, CAUSE_BREAKPOINT
    # stval may be the pc (hemu) or zero (QEMU); GVA says which.
    csrr    a0, stval
    beqz    a0, 3f
    la      a1, 2b
    CHECK_REG a0, a1
    CHECK_FIELD hstatus, HSTATUS_GVA | HSTATUS_SPV, HSTATUS_GVA | HSTATUS_SPV
    j       4f
3:  CHECK_FIELD hstatus, HSTATUS_GVA | HSTATUS_SPV, HSTATUS_SPV
4:
    TEST 8
    csrw    medeleg, zero
    RESUME_AT 1f
    ENTER_VMODE PRV_U, 1, 2f
2:  ebreak                          # to M from VU: mstatus.GVA
    j       fail
1:  CHECK_TRAP CAUSE_BREAKPOINT
    CHECK_PREV_V 1
    CHECK_PREV_MODE PRV_U
    csrr    a0, mtval
    beqz    a0, 3f                  # (QEMU 7.2 writes mtval = 0 here, and
    CHECK_FIELD mstatus, MSTATUS_GVA, MSTATUS_GVA   # sets GVA regardless: see test 2)
3:
    TEST 9
    RESUME_AT 1f
    ENTER_VMODE PRV_U, 0, 2f
2:  ebreak                          # from U (V=0): not a guest address
    j       fail
1:  CHECK_TRAP CAUSE_BREAKPOINT
    CHECK_PREV_V 0
    # QEMU 7.2 differs: GVA keeps its old value on a trap from V=0 (every
    # trap into M writes GVA).
    SKIP_ON_QEMU 3f
    CHECK_FIELD mstatus, MSTATUS_GVA, 0
3:

# ---- hedeleg: VS ----
    TEST 10
    li      a0, (1 << CAUSE_ILLEGAL_INSTRUCTION) | (1 << CAUSE_ECALL_FROM_U)
    csrw    medeleg, a0
    csrw    hedeleg, a0
    li      a0, HSTATUS_SPVP | HSTATUS_HU # hstatus marker: must stay as is
    csrw    hstatus, a0
    li      a0, SSTATUS_SPP | SSTATUS_SIE
    csrc    sstatus, a0             # HS: SPP = 0, SIE = 0 (must stay)
    li      a0, 0x4242
    csrw    scause, a0
    csrw    sepc, a0
    li      a0, SSTATUS_SIE
    csrw    vsstatus, a0            # VS: SIE = 1
    csrr    s0, sstatus             # HS sstatus before
    RESUME_AT 1f
    ENTER_VMODE PRV_S, 1, 2f
2:  csrr    a0, mscratch            # to VS
    j       fail
1:  CHECK_TRAP CAUSE_ECALL_FROM_VS  # vs_handler's ecall: V stayed 1
    CHECK_PREV_V 1
    CHECK_PREV_MODE PRV_S
    # QEMU 7.2 differs: it writes vscause = 1 for a delegated illegal
    # instruction (it applies the VS interrupt translation 2 -> 1 to the
    # exception code too).
    SKIP_ON_QEMU 3f
    CHECK_CSR vscause, CAUSE_ILLEGAL_INSTRUCTION
3:
    la      a0, 2b
    csrr    a1, vsepc
    CHECK_REG a0, a1
    lwu     a0, 0(a0)
    csrr    a1, vstval
    CHECK_REG a0, a1
    CHECK_FIELD vsstatus, SSTATUS_SPP | SSTATUS_SPIE | SSTATUS_SIE, SSTATUS_SPP | SSTATUS_SPIE
    CHECK_CSR hstatus, (2 << HSTATUS_VSXL_SHIFT) | HSTATUS_SPVP | HSTATUS_HU
    CHECK_CSR scause, 0x4242
    CHECK_CSR sepc, 0x4242
    csrr    s1, sstatus
    CHECK_REG s0, s1                # HS sstatus untouched
    TEST 11
    RESUME_AT 1f
    ENTER_VMODE PRV_U, 1, 2f
2:  ecall                           # from VU: cause 8, delegated to VS
    j       fail
1:  CHECK_TRAP CAUSE_ECALL_FROM_VS
    CHECK_CSR vscause, CAUSE_ECALL_FROM_U
    CHECK_FIELD vsstatus, SSTATUS_SPP, 0
    TEST 12
    RESUME_AT 1f
    ENTER_VMODE PRV_U, 1, 2f
2:  csrr    a0, mscratch            # from VU
    j       fail
1:  CHECK_TRAP CAUSE_ECALL_FROM_VS
    SKIP_ON_QEMU 3f                 # (vscause: see test 10)
    CHECK_CSR vscause, CAUSE_ILLEGAL_INSTRUCTION
3:  CHECK_FIELD vsstatus, SSTATUS_SPP, 0
    TEST 13
    RESUME_AT 1f
    ENTER_VMODE PRV_S, 0, 2f
2:  csrr    a0, mscratch            # from HS: hedeleg does not apply
    j       fail
1:  CHECK_TRAP CAUSE_ECALL_FROM_S
    CHECK_CSR scause, CAUSE_ILLEGAL_INSTRUCTION
    TEST 14
    li      a0, 1 << CAUSE_ILLEGAL_INSTRUCTION
    csrc    medeleg, a0             # hedeleg without medeleg: M
    RESUME_AT 1f
    ENTER_VMODE PRV_S, 1, 2f
2:  csrr    a0, mscratch
    j       fail
1:  CHECK_TRAP CAUSE_ILLEGAL_INSTRUCTION
    CHECK_PREV_V 1
    csrw    medeleg, zero
    csrw    hedeleg, zero

# ---- SRET with V=0 (from HS and from M) ----
    TEST 15
    li      a0, HSTATUS_SPV
    csrs    hstatus, a0
    li      a0, SSTATUS_SPP | SSTATUS_SPIE
    csrs    sstatus, a0
    RESUME_AT 1f
    ENTER_VMODE PRV_S, 0, 2f
2:  la      a0, 3f
    csrw    sepc, a0
    sret                            # SPV = 1, SPP = S: to VS
    j       fail
3:  ecall
1:  CHECK_TRAP CAUSE_ECALL_FROM_VS
    CHECK_PREV_V 1
    CHECK_FIELD hstatus, HSTATUS_SPV, 0 # SRET cleared SPV
    CHECK_FIELD sstatus, SSTATUS_SPP | SSTATUS_SPIE | SSTATUS_SIE, SSTATUS_SPIE | SSTATUS_SIE
    TEST 16
    li      a0, HSTATUS_SPV
    csrs    hstatus, a0
    li      a0, SSTATUS_SPP
    csrc    sstatus, a0
    RESUME_AT 1f
    ENTER_VMODE PRV_S, 0, 2f
2:  la      a0, 3f
    csrw    sepc, a0
    sret                            # SPV = 1, SPP = U: to VU
    j       fail
3:  ecall
1:  CHECK_TRAP CAUSE_ECALL_FROM_U
    CHECK_PREV_V 1
    CHECK_PREV_MODE PRV_U
    TEST 17
    RESUME_AT 1f
    ENTER_VMODE PRV_S, 0, 2f
2:  la      a0, 3f
    csrw    sepc, a0
    sret                            # SPV = 0, SPP = U: to U
    j       fail
3:  ecall
1:  CHECK_TRAP CAUSE_ECALL_FROM_U
    CHECK_PREV_V 0
    TEST 18
    li      a0, HSTATUS_SPV
    csrs    hstatus, a0
    li      a0, SSTATUS_SPP
    csrs    sstatus, a0
    la      a0, 3f
    csrw    sepc, a0
    li      a0, MSTATUS_MPRV
    csrs    mstatus, a0             # MPRV with MPP = M: M accesses as usual
    RESUME_AT 1f
    sret                            # from M: to VS, and MPRV cleared
    j       fail
3:  ecall
1:  CHECK_TRAP CAUSE_ECALL_FROM_VS
    CHECK_PREV_V 1
    # QEMU 7.2 differs: SRET does not clear MPRV (priv spec 1.12: an xRET
    # to a mode below M clears MPRV).
    SKIP_ON_QEMU 3f
    CHECK_FIELD mstatus, MSTATUS_MPRV, 0
3:  li      a0, MSTATUS_MPRV
    csrc    mstatus, a0

# ---- SRET with V=1 works on vsstatus ----
    TEST 19
    li      a0, SSTATUS_SPP | SSTATUS_SIE
    csrc    vsstatus, a0
    li      a0, SSTATUS_SPIE
    csrs    vsstatus, a0            # VS: SPP = U, SPIE = 1
    la      a0, 3f
    csrw    vsepc, a0
    li      a0, HSTATUS_SPV
    csrs    hstatus, a0             # marker: must stay (only V=0 SRET clears it)
    RESUME_AT 1f
    ENTER_VMODE PRV_S, 1, 2f
2:  sret                            # to VU at vsepc
    j       fail
3:  ecall
1:  CHECK_TRAP CAUSE_ECALL_FROM_U
    CHECK_PREV_V 1
    CHECK_PREV_MODE PRV_U
    CHECK_FIELD vsstatus, SSTATUS_SPP | SSTATUS_SPIE | SSTATUS_SIE, SSTATUS_SPIE | SSTATUS_SIE
    CHECK_FIELD hstatus, HSTATUS_SPV, HSTATUS_SPV
    csrw    hstatus, zero

# ---- MRET: MPV ignored when MPP = M; MPRV cleared when leaving M ----
    TEST 20
    li      a0, (PRV_M << MSTATUS_MPP_SHIFT) | MSTATUS_MPV
    csrs    mstatus, a0             # MPP = M, MPV = 1
    la      a0, 2f
    csrw    mepc, a0
    mret
2:  csrr    a0, mscratch            # still M (no trap: V = 0)
    CHECK_FIELD mstatus, MSTATUS_MPV, 0 # MRET cleared MPV
    TEST 21
    li      a0, MSTATUS_MPRV
    csrs    mstatus, a0
    RESUME_AT 1f
    ENTER_VMODE PRV_S, 1, 2f        # MPRV cleared on the way to VS
2:  ecall
1:  CHECK_TRAP CAUSE_ECALL_FROM_VS
    # QEMU 7.2 differs: MRET to a mode below M does not clear MPRV.
    SKIP_ON_QEMU 3f
    CHECK_FIELD mstatus, MSTATUS_MPRV, 0
3:  li      a0, MSTATUS_MPRV
    csrc    mstatus, a0

    RVTEST_PASS

    .balign 4
hs_handler:
    ecall
    j       fail
    .balign 4
vs_handler:
    ecall
    j       fail
