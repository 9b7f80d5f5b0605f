# rv64uzfh: Zfh and Zfhmin (half precision) on bit patterns: arithmetic
# rounded once in every rounding mode with its exception flags (overflow,
# tininess after rounding, subnormals), a fused multiply-add that rounding
# through single would get wrong, NaN rules, compares, fclass, conversions
# to and from integers and the other precisions (FCVT.H.D rounds once),
# NaN-boxing (a NaN-boxed single is not a half: it reads as the canonical
# NaN), flh/fsh and the sign extension of fmv.x.h.
# Expected values are worked out from IEEE 754-2008; QEMU 7.2 (-cpu
# rv64,Zfh=true) agrees on every one (tests/tests/qemu_images.rs).

    .option arch, +zfh
    RVTEST_CODE_BEGIN

# ---- add / sub / mul / div / sqrt: one rounding, every mode ----
    TEST_FP_OP2 2, h, fadd.h, 1, 0x3c00, 0x3c00, 0x1000, rne     # 1 + 2^-11: a tie, to even
    TEST_FP_OP2 3, h, fadd.h, 1, 0x3c01, 0x3c00, 0x1000, rmm
    TEST_FP_OP2 4, h, fadd.h, 1, 0x3c01, 0x3c00, 0x1000, rup
    TEST_FP_OP2 5, h, fsub.h, 0, 0x3bff, 0x3c00, 0x1000, rdn     # exact
    TEST_FP_OP2 6, h, fsub.h, 1, 0x3bff, 0x3c00, 0x0c00, rdn
    TEST_FP_OP2 7, h, fmul.h, 5, 0x7c00, 0x7bff, 0x4000, rne     # overflow
    TEST_FP_OP2 8, h, fmul.h, 5, 0x7bff, 0x7bff, 0x4000, rtz     # to the largest finite
    TEST_FP_OP2 9, h, fmul.h, 0, 0x0200, 0x0400, 0x3800          # exact subnormal
    TEST_FP_OP2 10, h, fmul.h, 3, 0x0000, 0x0001, 0x3800, rne    # tiny, inexact
    TEST_FP_OP2 11, h, fmul.h, 3, 0x0001, 0x0001, 0x3800, rup
    TEST_FP_OP2 12, h, fmul.h, 1, 0x0400, 0x03ff, 0x3c01, rup    # rounds up to 2^-14: not tiny
    TEST_FP_OP2 13, h, fsub.h, 16, 0x7e00, 0x7c00, 0x7c00
    TEST_FP_OP2 14, h, fdiv.h, 8, 0x7c00, 0x3c00, 0x0000
    TEST_FP_OP2 15, h, fdiv.h, 1, 0x3555, 0x3c00, 0x4200, rne    # 1/3
    TEST_FP_OP2 16, h, fadd.h, 16, 0x7e00, 0x7c01, 0x3c00        # signalling NaN
    TEST_FP_OP2 17, h, fsub.h, 0, 0x8000, 0x3c00, 0x3c00, rdn    # x - x = -0 rounding down
    TEST_FP_OP1 18, h, fsqrt.h, 0, 0x4000, 0x4400
    TEST_FP_OP1 19, h, fsqrt.h, 16, 0x7e00, 0xbc00
# ---- fused multiply-add: exact, rounded once ----
    TEST_FP_OP3 20, h, fmadd.h, 1, 0x45a9, 0x4306, 0x3e73, 0x08de, rne   # via single: 0x45aa
    TEST_FP_OP3 21, h, fmsub.h, 0, 0x4200, 0x4000, 0x4000, 0x3c00
    TEST_FP_OP3 22, h, fnmsub.h, 0, 0xc200, 0x4000, 0x4000, 0x3c00
    TEST_FP_OP3 23, h, fnmadd.h, 0, 0xc500, 0x4000, 0x4000, 0x3c00
    TEST_FP_OP3 24, h, fmadd.h, 16, 0x7e00, 0x7c00, 0x0000, 0x7e00      # inf * 0 + qNaN
# ---- min / max / sign injection / compares / fclass ----
    TEST_FP_OP2_NORM 25, h, fmin.h, 0, 0x8000, 0x8000, 0x0000
    TEST_FP_OP2_NORM 26, h, fmax.h, 0, 0x0000, 0x8000, 0x0000
    TEST_FP_OP2_NORM 27, h, fmin.h, 0, 0x4000, 0x7e00, 0x4000
    TEST_FP_OP2_NORM 28, h, fmax.h, 16, 0x4000, 0x7c01, 0x4000
    TEST_FP_OP2_NORM 29, h, fsgnjn.h, 0, 0xbc00, 0x3c00, 0x3c00
    TEST_FP_OP2_NORM 30, h, fsgnjx.h, 0, 0x3c00, 0xbc00, 0xbc00
    TEST_FP_CMP 31, h, feq.h, 0, 1, 0x0000, 0x8000
    TEST_FP_CMP 32, h, feq.h, 0, 0, 0x7e00, 0x7e00
    TEST_FP_CMP 33, h, feq.h, 16, 0, 0x7c01, 0x3c00
    TEST_FP_CMP 34, h, flt.h, 16, 0, 0x7e00, 0x4000
    TEST_FP_CMP 35, h, fle.h, 0, 1, 0x4000, 0x4000
    TEST_FCLASS 36, h, fclass.h, 0x004, 0x8001
    TEST_FCLASS 37, h, fclass.h, 0x020, 0x0001
    TEST_FCLASS 38, h, fclass.h, 0x100, 0x7c01
    TEST_FCLASS 39, h, fclass.h, 0x200, 0x7e00
# ---- conversions with integers ----
    TEST_FCVT_TO_INT 40, h, fcvt.w.h, 0, 65504, 0x7bff, rtz
    TEST_FCVT_TO_INT 41, h, fcvt.wu.h, 16, 0, 0xbc00, rtz
    TEST_FCVT_TO_INT 42, h, fcvt.wu.h, 16, 0xffffffffffffffff, 0x7c00, rtz
    TEST_FCVT_TO_INT 43, h, fcvt.l.h, 1, 2, 0x3e00, rne
    TEST_FCVT_TO_INT 44, h, fcvt.l.h, 16, 0x8000000000000000, 0xfc00, rtz
    TEST_FCVT_TO_INT 45, h, fcvt.lu.h, 16, 0xffffffffffffffff, 0x7e00, rtz
    TEST_FCVT_FROM_INT 46, h, fcvt.h.w, 5, 0x7c00, 65520, rne
    TEST_FCVT_FROM_INT 47, h, fcvt.h.w, 1, 0x7bff, 65520, rtz
    TEST_FCVT_FROM_INT 48, h, fcvt.h.w, 1, 0x6800, 2049, rne
    TEST_FCVT_FROM_INT 49, h, fcvt.h.l, 0, 0xc200, -3
    TEST_FCVT_FROM_INT 50, h, fcvt.h.lu, 5, 0x7c00, 0xffffffffffffffff, rup

# ---- conversions between precisions (Zfhmin) ----
    TEST 51                                 # 1 + 2^-11 + 2^-40 to half: rounded once, up
    li      t0, 0x3ff0020000001000
    fmv.d.x f0, t0
    fsflags x0
    fcvt.h.d f3, f0, rne
    FP_CHECK h, f3, 0x3c01, 1
    TEST 52
    FP_LOAD h, f0, 0x0001
    fsflags x0
    fcvt.s.h f3, f0
    FP_CHECK w, f3, 0x33800000, 0
    TEST 53
    FP_LOAD h, f0, 0x7c01
    fsflags x0
    fcvt.d.h f3, f0
    FP_CHECK d, f3, 0x7ff8000000000000, 16
    TEST 54                                 # 2^-25: a tie below the smallest subnormal
    FP_LOAD w, f0, 0x33000000
    fsflags x0
    fcvt.h.s f3, f0, rne
    FP_CHECK h, f3, 0x0000, 3
    TEST 55
    FP_LOAD w, f0, 0x477ff000               # 65520
    fsflags x0
    fcvt.h.s f3, f0, rne
    FP_CHECK h, f3, 0x7c00, 5

# ---- NaN-boxing, moves, loads and stores ----
    TEST 56                                 # a boxed single 1.0 is not a boxed half
    FP_LOAD w, f0, 0x00003c00
    fsflags x0
    fadd.h  f3, f0, f0
    FP_CHECK h, f3, 0x7e00, 0
    TEST 57
    li      t0, 0x8001
    fmv.h.x f0, t0
    fmv.x.h a0, f0
    CHECK   a0, 0xffffffffffff8001          # sign-extended
    fmv.x.d a0, f0
    CHECK   a0, 0xffffffffffff8001          # NaN-boxed
    TEST 58
    la      a1, hdata
    flh     f0, 2(a1)
    fmv.x.d a0, f0
    CHECK   a0, 0xffffffffffffbc00
    li      t0, 0x12345678
    fmv.w.x f1, t0
    fsh     f1, 4(a1)                       # the low 16 bits, boxing unchecked
    lw      a0, 4(a1)
    CHECK   a0, 0x5678

    RVTEST_PASS

    RVTEST_DATA_BEGIN
hdata:
    .half 0x1111, 0xbc00, 0, 0
