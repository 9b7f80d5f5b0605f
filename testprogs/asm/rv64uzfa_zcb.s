# rv64uzfa_zcb: Zfa (fli, fminm/fmaxm, fround/froundnx, fcvtmod.w.d,
# fleq/fltq in S, D and H) and Zcb (the 16-bit loads, stores, extensions,
# c.not and c.mul) on real code. QEMU 7.2 has neither, so this program
# runs on hemu only (tests/tests/qemu_images.rs leaves it out); the
# expected values come from the unprivileged spec's Zfa and Zcb chapters.

    .option arch, +zfh, +zfa, +zcb, +zba, +zbb
    RVTEST_CODE_BEGIN

# ---- fli: the constant table, no flags ----
    TEST 2
    fsflags x0
    fli.s   f3, 0.3125
    FP_CHECK w, f3, 0x3ea00000, 0
    TEST 3
    fli.d   f3, min
    FP_CHECK d, f3, 0x0010000000000000, 0
    TEST 4
    fli.h   f3, min                         # half's own minimum normal
    FP_CHECK h, f3, 0x0400, 0
    TEST 5
    fli.s   f3, nan
    FP_CHECK w, f3, 0x7fc00000, 0
    TEST 6
    fli.d   f3, -1.0
    FP_CHECK d, f3, 0xbff0000000000000, 0

# ---- fminm / fmaxm: any NaN gives the canonical NaN ----
    TEST_FP_OP2_NORM 7, w, fminm.s, 0, 0x7fc00000, 0x7fc00000, 0x3f800000
    TEST_FP_OP2_NORM 8, w, fmaxm.s, 16, 0x7fc00000, 0x3f800000, 0x7f800001
    TEST_FP_OP2_NORM 9, w, fminm.s, 0, 0x80000000, 0x00000000, 0x80000000
    TEST_FP_OP2_NORM 10, d, fmaxm.d, 0, 0x4000000000000000, 0xc000000000000000, 0x4000000000000000
    TEST_FP_OP2_NORM 11, h, fminm.h, 0, 0x7e00, 0x3c00, 0x7e00

# ---- fround / froundnx: integral values, NX only for froundnx ----
    TEST_FP_OP1 12, w, fround.s, 0, 0x40000000, 0x40200000, rne      # 2.5 -> 2
    TEST_FP_OP1 13, w, froundnx.s, 1, 0x40400000, 0x40200000, rmm    # 2.5 -> 3
    TEST_FP_OP1 14, w, fround.s, 0, 0x80000000, 0xbe800000, rne      # -0.25 -> -0
    TEST_FP_OP1 15, w, froundnx.s, 16, 0x7fc00000, 0x7f800001, rne
    TEST_FP_OP1 16, d, froundnx.d, 1, 0xbff0000000000000, 0xbfb999999999999a, rdn  # -0.1 -> -1
    TEST_FP_OP1 17, h, fround.h, 0, 0x3c00, 0x2e66, rup             # 0.1 -> 1

# ---- fcvtmod.w.d: modulo 2^32, the flags of fcvt.w.d ----
    TEST_FCVT_TO_INT 18, d, fcvtmod.w.d, 16, 5, 0x41f0000000500000, rtz        # 2^32 + 5
    TEST_FCVT_TO_INT 19, d, fcvtmod.w.d, 1, -1, 0xbff8000000000000, rtz        # -1.5
    TEST_FCVT_TO_INT 20, d, fcvtmod.w.d, 16, 0, 0x7ff0000000000000, rtz        # inf
    TEST_FCVT_TO_INT 21, d, fcvtmod.w.d, 16, 0xffffffff80000000, 0x41e0000000000000, rtz  # 2^31

# ---- fleq / fltq: quiet NaN raises nothing ----
    TEST_FP_CMP 22, w, fltq.s, 0, 0, 0x7fc00000, 0x3f800000
    TEST_FP_CMP 23, w, fleq.s, 16, 0, 0x7f800001, 0x3f800000
    TEST_FP_CMP 24, d, fleq.d, 0, 1, 0x8000000000000000, 0x0000000000000000
    TEST_FP_CMP 25, h, fltq.h, 0, 1, 0xbc00, 0x3c00

# ---- Zcb ----
    TEST 26
    la      a1, zdata
    c.lbu   a0, 1(a1)
    CHECK   a0, 0xf2
    c.lh    a0, 0(a1)
    CHECK   a0, 0xfffffffffffff2e1
    c.lhu   a0, 2(a1)
    CHECK   a0, 0x4433
    TEST 27
    li      a2, 0x123456789abcdef0
    c.sb    a2, 3(a1)
    c.sh    a2, 0(a1)
    ld      a0, 0(a1)
    CHECK   a0, 0x88776655f033def0
    TEST 28
    li      a0, 0x123456789abcde80
    mv      a2, a0
    c.zext.b a2
    CHECK   a2, 0x80
    mv      a2, a0
    c.sext.b a2
    CHECK   a2, 0xffffffffffffff80
    mv      a2, a0
    c.zext.h a2
    CHECK   a2, 0xde80
    mv      a2, a0
    c.sext.h a2
    CHECK   a2, 0xffffffffffffde80
    mv      a2, a0
    c.zext.w a2
    CHECK   a2, 0x9abcde80
    mv      a2, a0
    c.not   a2
    CHECK   a2, 0xedcba9876543217f
    TEST 29
    li      a0, -3
    li      a2, 7
    c.mul   a0, a2
    CHECK   a0, -21

    RVTEST_PASS

    RVTEST_DATA_BEGIN
zdata:
    .dword 0x8877665544332 << 12 | 0xe1 | 0xf2 << 8
