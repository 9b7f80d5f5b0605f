# rv64mi_csr: Zicsr and machine-mode basics: every CSR instruction form on
# mscratch and sscratch (old value returned, write/set/clear, immediate forms,
# rs1 = x0 / uimm = 0 does not write), the sstatus view of mstatus, fixed
# fields (misa.MXL, mstatus.SXL/UXL = 64-bit), illegal instructions with
# mtval = the instruction bits (writes to read-only CSRs, unknown CSRs, an
# all-ones encoding), ecall from M (cause 11) and ebreak (cause 3) with mepc
# pointing at the instruction.

    RVTEST_CODE_BEGIN

# ---- csrrw / csrrs / csrrc and immediates ----
    TEST 2
    li      a0, 0x1234
    csrw    mscratch, a0
    csrr    a1, mscratch
    CHECK   a1, 0x1234
    TEST 3
    li      a0, 0xff00
    csrrs   a1, mscratch, a0        # old value, then set bits
    CHECK   a1, 0x1234
    csrr    a1, mscratch
    CHECK   a1, 0xff34
    TEST 4
    li      a0, 0x0f0f
    csrrc   a1, mscratch, a0
    CHECK   a1, 0xff34
    csrr    a1, mscratch
    CHECK   a1, 0xf030
    TEST 5
    csrrwi  a1, mscratch, 31
    CHECK   a1, 0xf030
    csrrsi  a1, mscratch, 0x10      # set bit 4 (already set)
    csrrci  a1, mscratch, 1
    CHECK   a1, 31
    csrr    a1, mscratch
    CHECK   a1, 30
    TEST 6
    li      a0, -1
    csrw    mscratch, a0            # MXLEN-wide
    csrr    a1, mscratch
    CHECK   a1, -1
    TEST 7
    csrrs   a1, mscratch, x0        # rs1 = x0: read only
    CHECK   a1, -1
    csrrci  a1, mscratch, 0         # uimm = 0: read only
    CHECK   a1, -1
    TEST 8
    li      a0, 0x5555
    csrw    sscratch, a0
    csrrw   a1, sscratch, zero
    CHECK   a1, 0x5555
    csrr    a1, sscratch
    CHECK   a1, 0

# ---- mstatus / sstatus ----
    TEST 10
    csrr    a0, misa
    srli    a1, a0, MISA_MXL_SHIFT
    CHECK   a1, 2                   # MXL = 64
    li      t0, MISA_I | MISA_M | MISA_A | MISA_F | MISA_D | MISA_C | MISA_S | MISA_U
    and     a1, a0, t0
    CHECK_REG a1, t0
    TEST 11
    csrr    a0, mstatus
    srli    a1, a0, MSTATUS_UXL_SHIFT
    andi    a1, a1, 0xf
    CHECK   a1, 0xa                 # SXL = UXL = 2 (64-bit)
    TEST 12
    csrr    a0, sstatus
    srli    a1, a0, SSTATUS_UXL_SHIFT
    andi    a1, a1, 0xf
    CHECK   a1, 0x2                 # sstatus shows UXL only
    TEST 13
    csrsi   mstatus, MSTATUS_SIE    # mstatus.SIE ...
    csrr    a0, sstatus
    andi    a0, a0, SSTATUS_SIE
    CHECK   a0, SSTATUS_SIE         # ... is sstatus.SIE
    csrci   sstatus, SSTATUS_SIE
    csrr    a0, mstatus
    andi    a0, a0, MSTATUS_SIE
    CHECK   a0, 0
    TEST 14
    csrsi   sstatus, MSTATUS_MIE    # bit 3 (MIE) is not part of sstatus
    csrr    a0, mstatus
    andi    a0, a0, MSTATUS_MIE
    CHECK   a0, 0
    TEST 15
    li      a0, SSTATUS_SUM         # SUM through sstatus
    csrs    sstatus, a0
    csrr    a1, mstatus
    and     a1, a1, a0
    CHECK_REG a1, a0
    csrc    sstatus, a0
    TEST 16
    li      a0, PRV_S << MSTATUS_MPP_SHIFT # MPP is not visible in sstatus
    csrs    mstatus, a0
    csrr    a1, sstatus
    li      a2, MSTATUS_MPP
    and     a1, a1, a2
    CHECK   a1, 0
    TEST 17
    csrr    a0, mhartid
    CHECK   a0, 0

# ---- illegal instructions: mtval holds the instruction bits ----
    TEST 20
    EXPECT_TRAP
1:  csrw    mvendorid, zero         # read-only CSR (csr[11:10] = 3): write is illegal
    CHECK_TRAP CAUSE_ILLEGAL_INSTRUCTION
    CHECK_EPC 1b
    la      a0, 1b
    lwu     a0, 0(a0)
    CHECK_TVAL_REG a0
    TEST 21
    EXPECT_TRAP
2:  csrr    a1, 0x7c0               # unimplemented (custom) CSR
    CHECK_TRAP CAUSE_ILLEGAL_INSTRUCTION
    la      a0, 2b
    lwu     a0, 0(a0)
    CHECK_TVAL_REG a0
    TEST 22
    EXPECT_TRAP
3:  .word   0xffffffff              # reserved encoding
    CHECK_TRAP CAUSE_ILLEGAL_INSTRUCTION
    CHECK_EPC 3b
    li      a0, 0xffffffff
    CHECK_TVAL_REG a0
    TEST 23
    EXPECT_TRAP
    csrr    a1, mvendorid           # reading a read-only CSR is fine
    CHECK_TRAP -1

# ---- ecall / ebreak ----
    TEST 30
    EXPECT_TRAP
4:  ecall
    CHECK_TRAP CAUSE_ECALL_FROM_M
    CHECK_EPC 4b
    CHECK_PREV_MODE PRV_M
    TEST 31
    EXPECT_TRAP
5:  ebreak
    CHECK_TRAP CAUSE_BREAKPOINT
    CHECK_EPC 5b
    TEST 32
    csrr    a0, mstatus
    andi    a0, a0, MSTATUS_MIE
    CHECK   a0, 0                   # mret restored MIE = MPIE (0)

    RVTEST_PASS
