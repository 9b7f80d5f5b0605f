# rv64uc: the C extension: every RV64C instruction written with its explicit
# c. mnemonic (so the assembler cannot pick the 32-bit form), checking
# results, sign/zero extension of the immediates, the 2-byte link value of
# c.jalr, and 2-byte-aligned control flow.

    .option rvc
    RVTEST_CODE_BEGIN

    TEST 2
    c.li    a0, -32                 # 6-bit signed immediate
    CHECK   a0, -32
    TEST 3
    c.li    a0, 31
    c.addi  a0, -1
    CHECK   a0, 30
    TEST 4
    c.lui   a1, 0xfffe1             # nzimm[17:12] = -31: sign-extended
    CHECK   a1, 0xfffffffffffe1000
    TEST 5
    c.lui   a1, 1
    CHECK   a1, 0x1000
    TEST 6
    li      a0, 0x7fffffff
    c.addiw a0, 1                   # 32-bit add, sign-extended
    CHECK   a0, 0xffffffff80000000
    TEST 7
    li      a0, 0x100000000
    c.addiw a0, 0                   # sext.w
    CHECK   a0, 0
    TEST 8
    li      a2, 5
    c.mv    a3, a2
    c.add   a3, a2
    CHECK   a3, 10
    TEST 9
    li      a4, 3
    li      a5, 10
    c.sub   a5, a4
    CHECK   a5, 7
    TEST 10
    li      s0, 0x0ff0
    li      s1, 0x00ff
    c.and   s0, s1
    CHECK   s0, 0x00f0
    TEST 11
    li      s0, 0x0ff0
    c.or    s0, s1
    CHECK   s0, 0x0fff
    TEST 12
    li      s0, 0x0ff0
    c.xor   s0, s1
    CHECK   s0, 0x0f0f
    TEST 13
    li      s0, -1
    c.andi  s0, -16                 # sign-extended immediate
    CHECK   s0, -16
    TEST 14
    li      s0, -1
    c.srli  s0, 60                  # logical
    CHECK   s0, 15
    TEST 15
    li      s0, -256
    c.srai  s0, 4                   # arithmetic
    CHECK   s0, -16
    TEST 16
    li      a0, 1
    c.slli  a0, 63
    CHECK   a0, 0x8000000000000000
    TEST 17
    li      a0, 0x7fffffff
    li      a1, 1
    c.addw  a0, a1
    CHECK   a0, 0xffffffff80000000
    TEST 18
    li      a0, 0
    li      a1, 1
    c.subw  a0, a1
    CHECK   a0, -1

# ---- loads and stores (register-based and sp-based) ----
    TEST 20
    la      s0, cdata
    li      a0, -2
    c.sw    a0, 4(s0)
    c.lw    a1, 4(s0)               # sign-extends
    CHECK   a1, -2
    TEST 21
    li      a0, 0x123456789
    c.sd    a0, 8(s0)
    c.ld    a1, 8(s0)
    CHECK   a1, 0x123456789
    TEST 22
    mv      t0, sp
    la      sp, cdata
    li      a0, -3
    c.swsp  a0, 16(sp)
    c.lwsp  a2, 16(sp)
    li      a0, 0x0123456789abcdef
    c.sdsp  a0, 24(sp)
    c.ldsp  a3, 24(sp)
    mv      sp, t0
    CHECK   a2, -3
    CHECK   a3, 0x0123456789abcdef
    TEST 23
    mv      t0, sp
    la      sp, cdata
    c.addi16sp sp, 32               # multiple of 16
    c.addi4spn a0, sp, 8            # a0 = sp + 8
    la      a1, cdata
    addi    a1, a1, 40
    mv      sp, t0
    CHECK_REG a0, a1
    TEST 24
    la      s0, cdata
    li      a0, 0x3ff8000000000000  # 1.5
    fmv.d.x fa0, a0
    c.fsd   fa0, 32(s0)
    c.fld   fa1, 32(s0)
    fmv.x.d a1, fa1
    CHECK   a1, 0x3ff8000000000000
    TEST 25
    mv      t0, sp
    la      sp, cdata
    c.fsdsp fa0, 40(sp)
    c.fldsp fa2, 40(sp)
    mv      sp, t0
    fmv.x.d a1, fa2
    CHECK   a1, 0x3ff8000000000000

# ---- control flow ----
    TEST 30
    c.j     1f
    j       fail
1:  li      a0, 0
    c.beqz  a0, 2f
    j       fail
2:  c.bnez  a0, fail
    li      a0, 1
    c.bnez  a0, 3f
    j       fail
3:
    TEST 31
    la      t0, 5f
    li      ra, 0
4:  c.jalr  t0                      # ra = pc + 2
    j       fail
5:  la      a0, 4b
    addi    a0, a0, 2
    CHECK_REG ra, a0
    TEST 32
    la      t0, 6f
    c.jr    t0
    j       fail
6:  c.nop
    TEST 33
    c.li    a0, 0
    c.addi  a0, 1
    c.add   a0, a0
    CHECK   a0, 2

    RVTEST_PASS

    RVTEST_DATA_BEGIN
cdata:
    .zero 64
