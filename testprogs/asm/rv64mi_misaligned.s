# rv64mi_misaligned: misaligned loads and stores of every width. hemu
# performs them in hardware (the privileged spec allows either that or an
# address-misaligned trap, mcause 4/6 with mtval = the address); each case
# accepts a correct result or a correct trap, so the program also passes on
# implementations that trap. A misaligned LR must trap. Jump
# targets: jalr clears bit 0 and, with C, 2-byte-aligned targets are legal.

    RVTEST_CODE_BEGIN

# Load \inst at mdata + \off: either the value \res, or a trap with cause 4
# and mtval = the address.
.macro MIS_LD n, inst, res, off
    TEST \n
    EXPECT_TRAP
    la      a1, mdata
    li      a4, 0x5a5a
    \inst   a4, \off(a1)
    la      t6, trap_cause
    ld      t6, 0(t6)
    li      t5, -1
    bne     t6, t5, 1f
    CHECK   a4, \res
    j       2f
1:  CHECK_TRAP CAUSE_LOAD_ADDRESS_MISALIGNED
    addi    a1, a1, \off
    CHECK_TVAL_REG a1
2:
.endm

# Store \inst of 0x8877665544332211 at scratch + \off; read back with \load
# (\res), or a trap with cause 6 and mtval = the address.
.macro MIS_ST n, inst, load, res, off
    TEST \n
    EXPECT_TRAP
    la      a1, mscratch_area
    sd      zero, 0(a1)
    sd      zero, 8(a1)
    li      a2, 0x8877665544332211
    \inst   a2, \off(a1)
    la      t6, trap_cause
    ld      t6, 0(t6)
    li      t5, -1
    bne     t6, t5, 1f
    \load   a4, \off(a1)
    CHECK   a4, \res
    j       2f
1:  CHECK_TRAP CAUSE_STORE_ADDRESS_MISALIGNED
    addi    a1, a1, \off
    CHECK_TVAL_REG a1
2:
.endm

    MIS_LD 2, lh,  0xffffffffffff8201, 1
    MIS_LD 3, lhu, 0x0000000000008201, 1
    MIS_LD 4, lw,  0xffffffff84838201, 1
    MIS_LD 5, lw,  0x0000000005848382, 2
    MIS_LD 6, lwu, 0x0000000006058483, 3
    MIS_LD 7, ld,  0x0807060584838201, 1
    MIS_LD 8, ld,  0x0908070605848382, 2
    MIS_LD 9, ld,  0x0a09080706058483, 3
    MIS_LD 10, lh, 0x0000000000000807, 7      # crosses the 8-byte boundary
    MIS_ST 20, sh, lhu, 0x2211, 1
    MIS_ST 21, sw, lwu, 0x44332211, 3
    MIS_ST 22, sd, ld,  0x8877665544332211, 5
    MIS_ST 23, sd, ld,  0x8877665544332211, 7

# ---- LR requires natural alignment (misaligned AMOs too, but QEMU 7.2,
# the reference these programs are validated on, reports those with the
# load cause 4 instead of the store/AMO cause 6: not checked here) ----
    TEST 30
    EXPECT_TRAP
    la      a1, mdata
    addi    a1, a1, 4
    lr.d    a4, (a1)                # LR is a load: cause 4
    CHECK_TRAP CAUSE_LOAD_ADDRESS_MISALIGNED
    CHECK_TVAL_REG a1

# ---- jump targets ----
    TEST 40
    la      a1, 4f
    addi    a1, a1, 1               # jalr clears bit 0
    jalr    x0, 0(a1)
    j       fail
4:
    TEST 41
    .option push
    .option rvc
    la      a1, 5f
    jalr    x0, 0(a1)
    j       fail
    .balign 4
    c.nop                           # 5f is 2 mod 4: legal with C
5:  c.nop
    .option pop
    CLEAR_HOOK

    RVTEST_PASS

    RVTEST_DATA_BEGIN
mdata:
    .byte 0x80, 0x01, 0x82, 0x83, 0x84, 0x05, 0x06, 0x07
    .byte 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f
mscratch_area:
    .zero 24
