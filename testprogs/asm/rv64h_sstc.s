# rv64h_sstc: Sstc with the H extension (priv spec, "Sstc" and the
# hypervisor chapter's henvcfg, hcounteren, vstimecmp):
#   stimecmp/vstimecmp illegal below M while menvcfg.STCE = 0; with V=1
#   stimecmp is virtual instruction while henvcfg.STCE = 0, else it reaches
#   vstimecmp (HS's stimecmp untouched); mcounteren.TM = 0 makes stimecmp
#   illegal below M, hcounteren.TM = 0 makes it virtual in VS-mode;
#   mip.STIP follows time >= stimecmp; hip.VSTIP follows
#   time + htimedelta >= vstimecmp (only with henvcfg.STCE) and the timer
#   interrupt reaches VS as a supervisor timer interrupt (cause 5).
#
# QEMU's spike machine has no time CSR (so no Sstc there): the program is
# skipped on QEMU (SKIP_ON_QEMU) and checked on hemu only.

    .option arch, +h

.macro VTEST n, prv, virt, cause, inst:vararg
    TEST \n
    RESUME_AT 88f
    ENTER_VMODE \prv, \virt, 89f
89: \inst
    ecall
88: CHECK_TRAP \cause
.endm

    RVTEST_CODE_BEGIN
    SKIP_ON_QEMU done
    csrw    hgatp, zero
    csrw    vsatp, zero
    li      a0, -1
    csrw    hcounteren, a0

# ---- menvcfg.STCE = 0: illegal below M ----
    csrw    menvcfg, zero
    VTEST 2, PRV_S, 0, CAUSE_ILLEGAL_INSTRUCTION, csrr a0, stimecmp
    VTEST 3, PRV_S, 0, CAUSE_ILLEGAL_INSTRUCTION, csrr a0, vstimecmp
    VTEST 4, PRV_S, 1, CAUSE_ILLEGAL_INSTRUCTION, csrr a0, stimecmp

# ---- henvcfg.STCE = 0: virtual with V=1 ----
    li      a0, ENVCFG_STCE
    csrw    menvcfg, a0
    csrw    henvcfg, zero
    VTEST 5, PRV_S, 0, CAUSE_ECALL_FROM_S, csrr a0, stimecmp
    VTEST 6, PRV_S, 1, CAUSE_VIRTUAL_INSTRUCTION, csrr a0, stimecmp
    VTEST 7, PRV_U, 1, CAUSE_VIRTUAL_INSTRUCTION, csrr a0, stimecmp # VU: S CSR, virtual as well
    li      a0, ENVCFG_STCE
    csrw    henvcfg, a0

# ---- with V=1 stimecmp is vstimecmp ----
    TEST 8
    li      a0, -1
    csrw    stimecmp, a0
    csrw    vstimecmp, a0
    li      s0, 0x123456789
    RESUME_AT 1f
    ENTER_VMODE PRV_S, 1, 2f
2:  csrw    stimecmp, s0
    csrr    s1, stimecmp
    ecall
1:  CHECK_TRAP CAUSE_ECALL_FROM_VS
    CHECK_REG s1, s0
    CHECK_CSR vstimecmp, 0x123456789
    CHECK_CSR stimecmp, -1

# ---- the TM bits of mcounteren and hcounteren ----
    li      a0, COUNTEREN_TM
    csrc    hcounteren, a0
    VTEST 9, PRV_S, 1, CAUSE_VIRTUAL_INSTRUCTION, csrr a0, stimecmp # hcounteren.TM = 0: virtual
    VTEST 10, PRV_S, 0, CAUSE_ECALL_FROM_S, csrr a0, stimecmp # HS unaffected
    li      a0, COUNTEREN_TM
    csrs    hcounteren, a0
    csrc    mcounteren, a0
    VTEST 11, PRV_S, 0, CAUSE_ILLEGAL_INSTRUCTION, csrr a0, stimecmp # mcounteren.TM = 0: illegal
    VTEST 12, PRV_S, 1, CAUSE_ILLEGAL_INSTRUCTION, csrr a0, stimecmp
    li      a0, COUNTEREN_TM
    csrs    mcounteren, a0

# ---- STIP and VSTIP follow the comparators ----
    TEST 13
    csrw    stimecmp, zero
    csrr    a0, mip
    andi    a0, a0, MIP_STIP
    CHECK   a0, MIP_STIP                # time >= 0
    li      a0, -1
    csrw    stimecmp, a0
    csrr    a0, mip
    andi    a0, a0, MIP_STIP
    CHECK   a0, 0
    TEST 14
    csrw    htimedelta, zero
    li      a0, -1
    csrw    vstimecmp, a0
    CHECK_CSR hip, 0
    csrw    vstimecmp, zero
    CHECK_CSR hip, MIP_VSTIP
    rdtime  a0
    li      a1, 1 << 40
    add     a0, a0, a1
    csrw    vstimecmp, a0           # far in the future ...
    CHECK_CSR hip, 0
    li      a1, 1 << 41
    csrw    htimedelta, a1          # ... but not for the guest's time
    CHECK_CSR hip, MIP_VSTIP
    csrw    henvcfg, zero           # STCE = 0: VSTIP is hvip's only
    CHECK_CSR hip, 0
    li      a0, ENVCFG_STCE
    csrw    henvcfg, a0
    CHECK_CSR hip, MIP_VSTIP

# ---- the VS timer interrupt ----
    TEST 15
    la      a0, vs_handler
    csrw    vstvec, a0
    li      a0, MIP_VSTIP
    csrw    hideleg, a0
    csrw    hie, a0
    li      a0, SSTATUS_SIE
    csrw    vsstatus, a0
    RESUME_AT 1f
    ENTER_VMODE PRV_S, 1, 2f
2:  nop
    ecall
1:  CHECK_TRAP CAUSE_ECALL_FROM_VS
    CHECK_CSR vscause, INTERRUPT_BIT | IRQ_SUPERVISOR_TIMER
    csrw    hie, zero
    csrw    hideleg, zero
    li      a0, -1
    csrw    vstimecmp, a0
    csrw    htimedelta, zero
    csrw    menvcfg, zero

done:
    RVTEST_PASS

    .balign 4
vs_handler:
    ecall
    j       fail
