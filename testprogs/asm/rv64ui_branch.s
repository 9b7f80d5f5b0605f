# rv64ui_branch: conditional branches (signed and unsigned compares, taken
# and not taken, backward branches), jal and jalr (link register, target
# computed from rs1 + imm with bit 0 cleared, rd = rs1).

    RVTEST_CODE_BEGIN

    TEST_BR_TAKEN 2, beq, 0x0, 0x0
    TEST_BR_TAKEN 3, beq, 0x1, 0x1
    TEST_BR_TAKEN 4, beq, 0xffffffffffffffff, 0xffffffffffffffff
    TEST_BR_NOT_TAKEN 5, beq, 0x0, 0x1
    TEST_BR_NOT_TAKEN 6, beq, 0x1, 0x0
    TEST_BR_NOT_TAKEN 7, beq, 0xffffffffffffffff, 0x1
    TEST_BR_NOT_TAKEN 8, beq, 0x1, 0xffffffffffffffff
    TEST_BR_NOT_TAKEN 9, beq, 0xfffffffffffffffe, 0xffffffffffffffff
    TEST_BR_NOT_TAKEN 10, beq, 0xffffffffffffffff, 0xfffffffffffffffe
    TEST_BR_NOT_TAKEN 11, beq, 0x7fffffffffffffff, 0x8000000000000000
    TEST_BR_NOT_TAKEN 12, beq, 0x8000000000000000, 0x7fffffffffffffff
    TEST_BR_NOT_TAKEN 13, beq, 0xffffffff, 0x100000000
    TEST_BR_NOT_TAKEN 14, bne, 0x0, 0x0
    TEST_BR_NOT_TAKEN 15, bne, 0x1, 0x1
    TEST_BR_NOT_TAKEN 16, bne, 0xffffffffffffffff, 0xffffffffffffffff
    TEST_BR_TAKEN 17, bne, 0x0, 0x1
    TEST_BR_TAKEN 18, bne, 0x1, 0x0
    TEST_BR_TAKEN 19, bne, 0xffffffffffffffff, 0x1
    TEST_BR_TAKEN 20, bne, 0x1, 0xffffffffffffffff
    TEST_BR_TAKEN 21, bne, 0xfffffffffffffffe, 0xffffffffffffffff
    TEST_BR_TAKEN 22, bne, 0xffffffffffffffff, 0xfffffffffffffffe
    TEST_BR_TAKEN 23, bne, 0x7fffffffffffffff, 0x8000000000000000
    TEST_BR_TAKEN 24, bne, 0x8000000000000000, 0x7fffffffffffffff
    TEST_BR_TAKEN 25, bne, 0xffffffff, 0x100000000
    TEST_BR_NOT_TAKEN 26, blt, 0x0, 0x0
    TEST_BR_NOT_TAKEN 27, blt, 0x1, 0x1
    TEST_BR_NOT_TAKEN 28, blt, 0xffffffffffffffff, 0xffffffffffffffff
    TEST_BR_TAKEN 29, blt, 0x0, 0x1
    TEST_BR_NOT_TAKEN 30, blt, 0x1, 0x0
    TEST_BR_TAKEN 31, blt, 0xffffffffffffffff, 0x1
    TEST_BR_NOT_TAKEN 32, blt, 0x1, 0xffffffffffffffff
    TEST_BR_TAKEN 33, blt, 0xfffffffffffffffe, 0xffffffffffffffff
    TEST_BR_NOT_TAKEN 34, blt, 0xffffffffffffffff, 0xfffffffffffffffe
    TEST_BR_NOT_TAKEN 35, blt, 0x7fffffffffffffff, 0x8000000000000000
    TEST_BR_TAKEN 36, blt, 0x8000000000000000, 0x7fffffffffffffff
    TEST_BR_TAKEN 37, blt, 0xffffffff, 0x100000000
    TEST_BR_TAKEN 38, bge, 0x0, 0x0
    TEST_BR_TAKEN 39, bge, 0x1, 0x1
    TEST_BR_TAKEN 40, bge, 0xffffffffffffffff, 0xffffffffffffffff
    TEST_BR_NOT_TAKEN 41, bge, 0x0, 0x1
    TEST_BR_TAKEN 42, bge, 0x1, 0x0
    TEST_BR_NOT_TAKEN 43, bge, 0xffffffffffffffff, 0x1
    TEST_BR_TAKEN 44, bge, 0x1, 0xffffffffffffffff
    TEST_BR_NOT_TAKEN 45, bge, 0xfffffffffffffffe, 0xffffffffffffffff
    TEST_BR_TAKEN 46, bge, 0xffffffffffffffff, 0xfffffffffffffffe
    TEST_BR_TAKEN 47, bge, 0x7fffffffffffffff, 0x8000000000000000
    TEST_BR_NOT_TAKEN 48, bge, 0x8000000000000000, 0x7fffffffffffffff
    TEST_BR_NOT_TAKEN 49, bge, 0xffffffff, 0x100000000
    TEST_BR_NOT_TAKEN 50, bltu, 0x0, 0x0
    TEST_BR_NOT_TAKEN 51, bltu, 0x1, 0x1
    TEST_BR_NOT_TAKEN 52, bltu, 0xffffffffffffffff, 0xffffffffffffffff
    TEST_BR_TAKEN 53, bltu, 0x0, 0x1
    TEST_BR_NOT_TAKEN 54, bltu, 0x1, 0x0
    TEST_BR_NOT_TAKEN 55, bltu, 0xffffffffffffffff, 0x1
    TEST_BR_TAKEN 56, bltu, 0x1, 0xffffffffffffffff
    TEST_BR_TAKEN 57, bltu, 0xfffffffffffffffe, 0xffffffffffffffff
    TEST_BR_NOT_TAKEN 58, bltu, 0xffffffffffffffff, 0xfffffffffffffffe
    TEST_BR_TAKEN 59, bltu, 0x7fffffffffffffff, 0x8000000000000000
    TEST_BR_NOT_TAKEN 60, bltu, 0x8000000000000000, 0x7fffffffffffffff
    TEST_BR_TAKEN 61, bltu, 0xffffffff, 0x100000000
    TEST_BR_TAKEN 62, bgeu, 0x0, 0x0
    TEST_BR_TAKEN 63, bgeu, 0x1, 0x1
    TEST_BR_TAKEN 64, bgeu, 0xffffffffffffffff, 0xffffffffffffffff
    TEST_BR_NOT_TAKEN 65, bgeu, 0x0, 0x1
    TEST_BR_TAKEN 66, bgeu, 0x1, 0x0
    TEST_BR_TAKEN 67, bgeu, 0xffffffffffffffff, 0x1
    TEST_BR_NOT_TAKEN 68, bgeu, 0x1, 0xffffffffffffffff
    TEST_BR_NOT_TAKEN 69, bgeu, 0xfffffffffffffffe, 0xffffffffffffffff
    TEST_BR_TAKEN 70, bgeu, 0xffffffffffffffff, 0xfffffffffffffffe
    TEST_BR_NOT_TAKEN 71, bgeu, 0x7fffffffffffffff, 0x8000000000000000
    TEST_BR_TAKEN 72, bgeu, 0x8000000000000000, 0x7fffffffffffffff
    TEST_BR_NOT_TAKEN 73, bgeu, 0xffffffff, 0x100000000

# ---- backward branch: a loop counting down ----
    TEST 100
    li      a0, 5
    li      a1, 0
1:  addi    a1, a1, 2
    addi    a0, a0, -1
    bnez    a0, 1b
    CHECK   a1, 10

# ---- jal: rd = pc + 4, jumps forward ----
    TEST 101
    li      ra, 0
2:  jal     ra, 3f
    j       fail
3:  la      a0, 2b
    addi    a0, a0, 4
    CHECK_REG ra, a0
    TEST 102
    jal     x0, 4f                  # j: no link
    j       fail
4:

# ---- jalr ----
    TEST 103
    la      a1, 5f
    li      ra, 0
6:  jalr    ra, 0(a1)
    j       fail
5:  la      a0, 6b
    addi    a0, a0, 4
    CHECK_REG ra, a0
    TEST 104
    la      a1, 7f
    addi    a1, a1, -8
    jalr    x0, 8(a1)               # target = rs1 + imm
    j       fail
7:
    TEST 105
    la      a1, 8f
    addi    a1, a1, 1               # bit 0 of the target is cleared
    jalr    x0, 0(a1)
    j       fail
8:
    TEST 106
    la      a1, 9f
    jalr    a1, 0(a1)               # rd = rs1: the old rs1 is the target
    j       fail
9:  la      a0, 9b
    addi    a0, a0, -8              # a1 = address after the jalr
    addi    a0, a0, 4
    CHECK_REG a1, a0

    RVTEST_PASS
