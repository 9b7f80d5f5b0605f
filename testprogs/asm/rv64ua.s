# rv64ua: the A extension: every AMO in .w and .d form (rd gets the old
# value, sign-extended for .w; memory gets op(old, rs2)), aq/rl variants,
# rd = x0, and LR/SC: success (rd = 0, memory written), failure without a
# reservation, after a successful SC (it consumes the reservation), and to a
# different address (rd != 0, memory unchanged).

    RVTEST_CODE_BEGIN

    TEST_AMO 2, swap, w, 0xffffffff80000000, 0xfffffffffffff800, 0xffffffff80000000, 0xfffffffffffff800
    TEST_AMO 3, swap, w, 0x7fffffff, 0x1, 0x7fffffff, 0x1
    TEST_AMO 4, swap, w, 0x1, 0xffffffffffffffff, 0x1, 0xffffffffffffffff
    TEST_AMO 5, swap, w, 0x8000000000000000, 0x7fffffffffffffff, 0x0, 0xffffffffffffffff
    TEST_AMO 6, swap, w, 0x123456789abcdef, 0xfedcba9876543210, 0xffffffff89abcdef, 0x76543210
    TEST_AMO 7, add, w, 0xffffffff80000000, 0xfffffffffffff800, 0xffffffff80000000, 0x7ffff800
    TEST_AMO 8, add, w, 0x7fffffff, 0x1, 0x7fffffff, 0xffffffff80000000
    TEST_AMO 9, add, w, 0x1, 0xffffffffffffffff, 0x1, 0x0
    TEST_AMO 10, add, w, 0x8000000000000000, 0x7fffffffffffffff, 0x0, 0xffffffffffffffff
    TEST_AMO 11, add, w, 0x123456789abcdef, 0xfedcba9876543210, 0xffffffff89abcdef, 0xffffffffffffffff
    TEST_AMO 12, xor, w, 0xffffffff80000000, 0xfffffffffffff800, 0xffffffff80000000, 0x7ffff800
    TEST_AMO 13, xor, w, 0x7fffffff, 0x1, 0x7fffffff, 0x7ffffffe
    TEST_AMO 14, xor, w, 0x1, 0xffffffffffffffff, 0x1, 0xfffffffffffffffe
    TEST_AMO 15, xor, w, 0x8000000000000000, 0x7fffffffffffffff, 0x0, 0xffffffffffffffff
    TEST_AMO 16, xor, w, 0x123456789abcdef, 0xfedcba9876543210, 0xffffffff89abcdef, 0xffffffffffffffff
    TEST_AMO 17, and, w, 0xffffffff80000000, 0xfffffffffffff800, 0xffffffff80000000, 0xffffffff80000000
    TEST_AMO 18, and, w, 0x7fffffff, 0x1, 0x7fffffff, 0x1
    TEST_AMO 19, and, w, 0x1, 0xffffffffffffffff, 0x1, 0x1
    TEST_AMO 20, and, w, 0x8000000000000000, 0x7fffffffffffffff, 0x0, 0x0
    TEST_AMO 21, and, w, 0x123456789abcdef, 0xfedcba9876543210, 0xffffffff89abcdef, 0x0
    TEST_AMO 22, or, w, 0xffffffff80000000, 0xfffffffffffff800, 0xffffffff80000000, 0xfffffffffffff800
    TEST_AMO 23, or, w, 0x7fffffff, 0x1, 0x7fffffff, 0x7fffffff
    TEST_AMO 24, or, w, 0x1, 0xffffffffffffffff, 0x1, 0xffffffffffffffff
    TEST_AMO 25, or, w, 0x8000000000000000, 0x7fffffffffffffff, 0x0, 0xffffffffffffffff
    TEST_AMO 26, or, w, 0x123456789abcdef, 0xfedcba9876543210, 0xffffffff89abcdef, 0xffffffffffffffff
    TEST_AMO 27, min, w, 0xffffffff80000000, 0xfffffffffffff800, 0xffffffff80000000, 0xffffffff80000000
    TEST_AMO 28, min, w, 0x7fffffff, 0x1, 0x7fffffff, 0x1
    TEST_AMO 29, min, w, 0x1, 0xffffffffffffffff, 0x1, 0xffffffffffffffff
    TEST_AMO 30, min, w, 0x8000000000000000, 0x7fffffffffffffff, 0x0, 0xffffffffffffffff
    TEST_AMO 31, min, w, 0x123456789abcdef, 0xfedcba9876543210, 0xffffffff89abcdef, 0xffffffff89abcdef
    TEST_AMO 32, max, w, 0xffffffff80000000, 0xfffffffffffff800, 0xffffffff80000000, 0xfffffffffffff800
    TEST_AMO 33, max, w, 0x7fffffff, 0x1, 0x7fffffff, 0x7fffffff
    TEST_AMO 34, max, w, 0x1, 0xffffffffffffffff, 0x1, 0x1
    TEST_AMO 35, max, w, 0x8000000000000000, 0x7fffffffffffffff, 0x0, 0x0
    TEST_AMO 36, max, w, 0x123456789abcdef, 0xfedcba9876543210, 0xffffffff89abcdef, 0x76543210
    TEST_AMO 37, minu, w, 0xffffffff80000000, 0xfffffffffffff800, 0xffffffff80000000, 0xffffffff80000000
    TEST_AMO 38, minu, w, 0x7fffffff, 0x1, 0x7fffffff, 0x1
    TEST_AMO 39, minu, w, 0x1, 0xffffffffffffffff, 0x1, 0x1
    TEST_AMO 40, minu, w, 0x8000000000000000, 0x7fffffffffffffff, 0x0, 0x0
    TEST_AMO 41, minu, w, 0x123456789abcdef, 0xfedcba9876543210, 0xffffffff89abcdef, 0x76543210
    TEST_AMO 42, maxu, w, 0xffffffff80000000, 0xfffffffffffff800, 0xffffffff80000000, 0xfffffffffffff800
    TEST_AMO 43, maxu, w, 0x7fffffff, 0x1, 0x7fffffff, 0x7fffffff
    TEST_AMO 44, maxu, w, 0x1, 0xffffffffffffffff, 0x1, 0xffffffffffffffff
    TEST_AMO 45, maxu, w, 0x8000000000000000, 0x7fffffffffffffff, 0x0, 0xffffffffffffffff
    TEST_AMO 46, maxu, w, 0x123456789abcdef, 0xfedcba9876543210, 0xffffffff89abcdef, 0xffffffff89abcdef
    TEST_AMO 47, swap, d, 0xffffffff80000000, 0xfffffffffffff800, 0xffffffff80000000, 0xfffffffffffff800
    TEST_AMO 48, swap, d, 0x7fffffff, 0x1, 0x7fffffff, 0x1
    TEST_AMO 49, swap, d, 0x1, 0xffffffffffffffff, 0x1, 0xffffffffffffffff
    TEST_AMO 50, swap, d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff
    TEST_AMO 51, swap, d, 0x123456789abcdef, 0xfedcba9876543210, 0x123456789abcdef, 0xfedcba9876543210
    TEST_AMO 52, add, d, 0xffffffff80000000, 0xfffffffffffff800, 0xffffffff80000000, 0xffffffff7ffff800
    TEST_AMO 53, add, d, 0x7fffffff, 0x1, 0x7fffffff, 0x80000000
    TEST_AMO 54, add, d, 0x1, 0xffffffffffffffff, 0x1, 0x0
    TEST_AMO 55, add, d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff
    TEST_AMO 56, add, d, 0x123456789abcdef, 0xfedcba9876543210, 0x123456789abcdef, 0xffffffffffffffff
    TEST_AMO 57, xor, d, 0xffffffff80000000, 0xfffffffffffff800, 0xffffffff80000000, 0x7ffff800
    TEST_AMO 58, xor, d, 0x7fffffff, 0x1, 0x7fffffff, 0x7ffffffe
    TEST_AMO 59, xor, d, 0x1, 0xffffffffffffffff, 0x1, 0xfffffffffffffffe
    TEST_AMO 60, xor, d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff
    TEST_AMO 61, xor, d, 0x123456789abcdef, 0xfedcba9876543210, 0x123456789abcdef, 0xffffffffffffffff
    TEST_AMO 62, and, d, 0xffffffff80000000, 0xfffffffffffff800, 0xffffffff80000000, 0xffffffff80000000
    TEST_AMO 63, and, d, 0x7fffffff, 0x1, 0x7fffffff, 0x1
    TEST_AMO 64, and, d, 0x1, 0xffffffffffffffff, 0x1, 0x1
    TEST_AMO 65, and, d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x0
    TEST_AMO 66, and, d, 0x123456789abcdef, 0xfedcba9876543210, 0x123456789abcdef, 0x0
    TEST_AMO 67, or, d, 0xffffffff80000000, 0xfffffffffffff800, 0xffffffff80000000, 0xfffffffffffff800
    TEST_AMO 68, or, d, 0x7fffffff, 0x1, 0x7fffffff, 0x7fffffff
    TEST_AMO 69, or, d, 0x1, 0xffffffffffffffff, 0x1, 0xffffffffffffffff
    TEST_AMO 70, or, d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff
    TEST_AMO 71, or, d, 0x123456789abcdef, 0xfedcba9876543210, 0x123456789abcdef, 0xffffffffffffffff
    TEST_AMO 72, min, d, 0xffffffff80000000, 0xfffffffffffff800, 0xffffffff80000000, 0xffffffff80000000
    TEST_AMO 73, min, d, 0x7fffffff, 0x1, 0x7fffffff, 0x1
    TEST_AMO 74, min, d, 0x1, 0xffffffffffffffff, 0x1, 0xffffffffffffffff
    TEST_AMO 75, min, d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x8000000000000000
    TEST_AMO 76, min, d, 0x123456789abcdef, 0xfedcba9876543210, 0x123456789abcdef, 0xfedcba9876543210
    TEST_AMO 77, max, d, 0xffffffff80000000, 0xfffffffffffff800, 0xffffffff80000000, 0xfffffffffffff800
    TEST_AMO 78, max, d, 0x7fffffff, 0x1, 0x7fffffff, 0x7fffffff
    TEST_AMO 79, max, d, 0x1, 0xffffffffffffffff, 0x1, 0x1
    TEST_AMO 80, max, d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff
    TEST_AMO 81, max, d, 0x123456789abcdef, 0xfedcba9876543210, 0x123456789abcdef, 0x123456789abcdef
    TEST_AMO 82, minu, d, 0xffffffff80000000, 0xfffffffffffff800, 0xffffffff80000000, 0xffffffff80000000
    TEST_AMO 83, minu, d, 0x7fffffff, 0x1, 0x7fffffff, 0x1
    TEST_AMO 84, minu, d, 0x1, 0xffffffffffffffff, 0x1, 0x1
    TEST_AMO 85, minu, d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff
    TEST_AMO 86, minu, d, 0x123456789abcdef, 0xfedcba9876543210, 0x123456789abcdef, 0x123456789abcdef
    TEST_AMO 87, maxu, d, 0xffffffff80000000, 0xfffffffffffff800, 0xffffffff80000000, 0xfffffffffffff800
    TEST_AMO 88, maxu, d, 0x7fffffff, 0x1, 0x7fffffff, 0x7fffffff
    TEST_AMO 89, maxu, d, 0x1, 0xffffffffffffffff, 0x1, 0xffffffffffffffff
    TEST_AMO 90, maxu, d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x8000000000000000
    TEST_AMO 91, maxu, d, 0x123456789abcdef, 0xfedcba9876543210, 0x123456789abcdef, 0xfedcba9876543210

# ---- ordering annotations decode and behave the same ----
    TEST 100
    la      a3, amo_scratch
    li      a0, 5
    sd      a0, 0(a3)
    li      a1, 3
    amoadd.d.aq   a4, a1, (a3)
    amoadd.d.rl   a4, a1, (a3)
    amoadd.d.aqrl a4, a1, (a3)
    CHECK   a4, 11
    ld      a5, 0(a3)
    CHECK   a5, 14
    TEST 101
    amoadd.w x0, a1, (a3)           # rd = x0: the old value is discarded
    CHECK   x0, 0
    ld      a5, 0(a3)
    CHECK   a5, 17

# ---- LR/SC ----
    TEST 110
    la      a3, amo_scratch
    li      a0, 100
    sd      a0, 0(a3)
    lr.d    a4, (a3)
    CHECK   a4, 100
    li      a2, 200
    sc.d    a5, a2, (a3)            # reservation held: succeeds
    CHECK   a5, 0
    ld      a4, 0(a3)
    CHECK   a4, 200
    TEST 111
    li      a2, 300
    sc.d    a5, a2, (a3)            # the SC above consumed the reservation
    beqz    a5, fail
    ld      a4, 0(a3)
    CHECK   a4, 200
    TEST 112
    li      a0, -7
    addi    a3, a3, 8
    sw      a0, 0(a3)
    lr.w    a4, (a3)                # lr.w sign-extends
    CHECK   a4, -7
    li      a2, 0x12345678
    sc.w    a5, a2, (a3)
    CHECK   a5, 0
    lw      a4, 0(a3)
    CHECK   a4, 0x12345678
    TEST 113
    lr.d    a4, (a3)                # reserve amo_scratch ...
    la      a1, far_word
    li      a2, 99
    sc.d    a5, a2, (a1)            # ... SC elsewhere must fail
    beqz    a5, fail
    ld      a4, 0(a1)
    CHECK   a4, 1234
    TEST 114
    # A typical LR/SC increment loop.
    la      a3, amo_scratch
    sd      zero, 0(a3)
    li      a6, 10
1:  lr.d    a4, (a3)
    addi    a4, a4, 3
    sc.d    a5, a4, (a3)
    bnez    a5, 1b
    addi    a6, a6, -1
    bnez    a6, 1b
    ld      a4, 0(a3)
    CHECK   a4, 30

    RVTEST_PASS

    RVTEST_DATA_BEGIN
    .balign 256
far_word: .dword 1234
