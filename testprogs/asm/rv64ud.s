# rv64ud: the D extension (double precision) on bit patterns, the same
# coverage as rv64uf (rounding modes, flags, NaN rules, fused multiply-add,
# conversions with saturation, fclass, compares, sign injection), plus
# fld/fsd, fmv.x.d/fmv.d.x and conversions between single and double
# (fcvt.s.d rounds, fcvt.d.s is exact, NaNs become canonical).

    RVTEST_CODE_BEGIN

# ---- add / sub / mul / div, exact and inexact ----
    TEST_FP_OP2 2, d, fadd.d, 0, 0x400c000000000000, 0x4004000000000000, 0x3ff0000000000000
    TEST_FP_OP2 3, d, fadd.d, 0, 0xc093480000000000, 0xc0934c0000000000, 0x3ff0000000000000
    TEST_FP_OP2 4, d, fadd.d, 0, 0x0, 0x3ff0000000000000, 0xbff0000000000000
    TEST_FP_OP2 5, d, fadd.d, 0, 0x8000000000000000, 0x3ff0000000000000, 0xbff0000000000000, rdn
    TEST_FP_OP2 6, d, fadd.d, 1, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca0000000000000
    TEST_FP_OP2 7, d, fadd.d, 1, 0x3ff0000000000001, 0x3ff0000000000000, 0x3ca0000000000000, rup
    TEST_FP_OP2 8, d, fadd.d, 1, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca0000000000000, rdn
    TEST_FP_OP2 9, d, fadd.d, 1, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca0000000000000, rtz
    TEST_FP_OP2 10, d, fadd.d, 1, 0x3ff0000000000001, 0x3ff0000000000000, 0x3ca0000000000000, rmm
    TEST_FP_OP2 11, d, fadd.d, 16, 0x7ff8000000000000, 0x7ff0000000000000, 0xfff0000000000000
    TEST_FP_OP2 12, d, fadd.d, 0, 0x7ff8000000000000, 0x7ff8000000000000, 0x3ff0000000000000
    TEST_FP_OP2 13, d, fadd.d, 16, 0x7ff8000000000000, 0x7ff0000000000001, 0x3ff0000000000000
    TEST_FP_OP2 14, d, fadd.d, 5, 0x7ff0000000000000, 0x7fefffffffffffff, 0x7fefffffffffffff
    TEST_FP_OP2 15, d, fadd.d, 5, 0x7fefffffffffffff, 0x7fefffffffffffff, 0x7fefffffffffffff, rtz
    TEST_FP_OP2 16, d, fsub.d, 0, 0x3ff8000000000000, 0x4004000000000000, 0x3ff0000000000000
    TEST_FP_OP2 17, d, fsub.d, 0, 0xc00c000000000000, 0xc004000000000000, 0x3ff0000000000000
    TEST_FP_OP2 18, d, fsub.d, 16, 0x7ff8000000000000, 0x7ff0000000000000, 0x7ff0000000000000
    TEST_FP_OP2 19, d, fmul.d, 0, 0x4019000000000000, 0x4004000000000000, 0x4004000000000000
    TEST_FP_OP2 20, d, fmul.d, 0, 0xc018000000000000, 0xc000000000000000, 0x4008000000000000
    TEST_FP_OP2 21, d, fmul.d, 16, 0x7ff8000000000000, 0x7ff0000000000000, 0x0
    TEST_FP_OP2 22, d, fmul.d, 3, 0x0, 0x0000000000000001, 0x3fe0000000000000
    TEST_FP_OP2 23, d, fdiv.d, 0, 0x4004000000000000, 0x4019000000000000, 0x4004000000000000
    TEST_FP_OP2 24, d, fdiv.d, 1, 0x3fd5555555555555, 0x3ff0000000000000, 0x4008000000000000
    TEST_FP_OP2 25, d, fdiv.d, 8, 0x7ff0000000000000, 0x3ff0000000000000, 0x0
    TEST_FP_OP2 26, d, fdiv.d, 8, 0xfff0000000000000, 0xbff0000000000000, 0x0
    TEST_FP_OP2 27, d, fdiv.d, 16, 0x7ff8000000000000, 0x0, 0x0
# ---- sqrt ----
    TEST_FP_OP1 28, d, fsqrt.d, 0, 0x4000000000000000, 0x4010000000000000
    TEST_FP_OP1 29, d, fsqrt.d, 0, 0x8000000000000000, 0x8000000000000000
    TEST_FP_OP1 30, d, fsqrt.d, 16, 0x7ff8000000000000, 0xbff0000000000000
    TEST_FP_OP1 31, d, fsqrt.d, 1, 0x3ff6a09e667f3bcd, 0x4000000000000000
# ---- fused multiply-add: one rounding ----
    TEST_FP_OP3 32, d, fmadd.d, 0, 0x4014000000000000, 0x3ff0000000000000, 0x4000000000000000, 0x4008000000000000
    TEST_FP_OP3 33, d, fmsub.d, 0, 0xbff0000000000000, 0x3ff0000000000000, 0x4000000000000000, 0x4008000000000000
    TEST_FP_OP3 34, d, fnmsub.d, 0, 0x3ff0000000000000, 0x3ff0000000000000, 0x4000000000000000, 0x4008000000000000
    TEST_FP_OP3 35, d, fnmadd.d, 0, 0xc014000000000000, 0x3ff0000000000000, 0x4000000000000000, 0x4008000000000000
    TEST_FP_OP3 36, d, fmadd.d, 16, 0x7ff8000000000000, 0x7ff0000000000000, 0x0, 0x3ff0000000000000
    TEST_FP_OP3 37, d, fmadd.d, 16, 0x7ff8000000000000, 0x7ff0000000000000, 0x0, 0x7ff8000000000000
    TEST_FP_OP3 38, d, fmadd.d, 0, 0xbc70000000000000, 0x3ff0000001000000, 0x3feffffffe000000, 0xbff0000000000000
# ---- min / max: NaN rules (2019 IEEE minimumNumber) and signed zeros ----
    TEST_FP_OP2_NORM 39, d, fmin.d, 0, 0xc000000000000000, 0x3ff0000000000000, 0xc000000000000000
    TEST_FP_OP2_NORM 40, d, fmax.d, 0, 0x3ff0000000000000, 0x3ff0000000000000, 0xc000000000000000
    TEST_FP_OP2_NORM 41, d, fmin.d, 0, 0x3ff0000000000000, 0x7ff8000000000000, 0x3ff0000000000000
    TEST_FP_OP2_NORM 42, d, fmax.d, 0, 0x3ff0000000000000, 0x3ff0000000000000, 0x7ff8000000000000
    TEST_FP_OP2_NORM 43, d, fmin.d, 16, 0x3ff0000000000000, 0x7ff0000000000001, 0x3ff0000000000000
    TEST_FP_OP2_NORM 44, d, fmax.d, 16, 0x3ff0000000000000, 0x3ff0000000000000, 0x7ff0000000000001
    TEST_FP_OP2_NORM 45, d, fmin.d, 0, 0x7ff8000000000000, 0x7ff8000000000000, 0xfff8000000000000
    TEST_FP_OP2_NORM 46, d, fmax.d, 16, 0x7ff8000000000000, 0x7ff0000000000001, 0x7ff0000000000001
    TEST_FP_OP2_NORM 47, d, fmin.d, 0, 0x8000000000000000, 0x0, 0x8000000000000000
    TEST_FP_OP2_NORM 48, d, fmax.d, 0, 0x0, 0x8000000000000000, 0x0
# ---- sign injection ----
    TEST_FP_OP2_NORM 49, d, fsgnj.d, 0, 0xbff0000000000000, 0x3ff0000000000000, 0xc000000000000000
    TEST_FP_OP2_NORM 50, d, fsgnjn.d, 0, 0x3ff0000000000000, 0x3ff0000000000000, 0xc000000000000000
    TEST_FP_OP2_NORM 51, d, fsgnjx.d, 0, 0x3ff0000000000000, 0xbff0000000000000, 0xc000000000000000
    TEST_FP_OP2_NORM 52, d, fsgnjx.d, 0, 0xbff0000000000000, 0xbff0000000000000, 0x4000000000000000
    TEST_FP_OP2_NORM 53, d, fsgnj.d, 0, 0xfff8000000000000, 0x7ff8000000000000, 0xbff0000000000000
# ---- compares: feq is quiet, flt/fle signal on any NaN ----
    TEST_FP_CMP 54, d, feq.d, 0, 1, 0x3ff0000000000000, 0x3ff0000000000000
    TEST_FP_CMP 55, d, feq.d, 0, 0, 0x3ff0000000000000, 0x4000000000000000
    TEST_FP_CMP 56, d, feq.d, 0, 1, 0x0, 0x8000000000000000
    TEST_FP_CMP 57, d, feq.d, 0, 0, 0x7ff8000000000000, 0x3ff0000000000000
    TEST_FP_CMP 58, d, feq.d, 16, 0, 0x7ff0000000000001, 0x3ff0000000000000
    TEST_FP_CMP 59, d, flt.d, 0, 1, 0xbff0000000000000, 0x3ff0000000000000
    TEST_FP_CMP 60, d, flt.d, 0, 0, 0x3ff0000000000000, 0x3ff0000000000000
    TEST_FP_CMP 61, d, flt.d, 0, 0, 0x8000000000000000, 0x0
    TEST_FP_CMP 62, d, flt.d, 16, 0, 0x7ff8000000000000, 0x3ff0000000000000
    TEST_FP_CMP 63, d, fle.d, 0, 1, 0x3ff0000000000000, 0x3ff0000000000000
    TEST_FP_CMP 64, d, fle.d, 0, 1, 0x8000000000000000, 0x0
    TEST_FP_CMP 65, d, fle.d, 16, 0, 0x3ff0000000000000, 0x7ff8000000000000
    TEST_FP_CMP 66, d, fle.d, 0, 0, 0x7ff0000000000000, 0x3ff0000000000000
# ---- fclass: one bit per class ----
    TEST_FCLASS 67, d, fclass.d, 1, 0xfff0000000000000
    TEST_FCLASS 68, d, fclass.d, 2, 0xbff0000000000000
    TEST_FCLASS 69, d, fclass.d, 4, 0x8000000000000001
    TEST_FCLASS 70, d, fclass.d, 8, 0x8000000000000000
    TEST_FCLASS 71, d, fclass.d, 16, 0x0
    TEST_FCLASS 72, d, fclass.d, 32, 0x0000000000000001
    TEST_FCLASS 73, d, fclass.d, 64, 0x3ff0000000000000
    TEST_FCLASS 74, d, fclass.d, 128, 0x7ff0000000000000
    TEST_FCLASS 75, d, fclass.d, 256, 0x7ff0000000000001
    TEST_FCLASS 76, d, fclass.d, 512, 0x7ff8000000000000
# ---- FP -> integer: rounding, saturation, NaN ----
    TEST_FCVT_TO_INT 77, d, fcvt.w.d, 1, 0x2, 0x3ff8000000000000
    TEST_FCVT_TO_INT 78, d, fcvt.w.d, 1, 0x1, 0x3ff8000000000000, rtz
    TEST_FCVT_TO_INT 79, d, fcvt.w.d, 1, 0xfffffffffffffffe, 0xbff8000000000000
    TEST_FCVT_TO_INT 80, d, fcvt.w.d, 1, 0xffffffffffffffff, 0xbff8000000000000, rtz
    TEST_FCVT_TO_INT 81, d, fcvt.w.d, 1, 0xfffffffffffffffe, 0xbff8000000000000, rdn
    TEST_FCVT_TO_INT 82, d, fcvt.w.d, 1, 0x2, 0x3ff199999999999a, rup
    TEST_FCVT_TO_INT 83, d, fcvt.w.d, 1, 0x3, 0x4004000000000000, rmm
    TEST_FCVT_TO_INT 84, d, fcvt.w.d, 1, 0x2, 0x4004000000000000
    TEST_FCVT_TO_INT 85, d, fcvt.w.d, 0, 0xffffffff80000000, 0xc1e0000000000000
    TEST_FCVT_TO_INT 86, d, fcvt.w.d, 16, 0x7fffffff, 0x41e65a0bc0000000
    TEST_FCVT_TO_INT 87, d, fcvt.w.d, 16, 0xffffffff80000000, 0xc1e65a0bc0000000
    TEST_FCVT_TO_INT 88, d, fcvt.w.d, 16, 0x7fffffff, 0x7ff0000000000000
    TEST_FCVT_TO_INT 89, d, fcvt.w.d, 16, 0xffffffff80000000, 0xfff0000000000000
    TEST_FCVT_TO_INT 90, d, fcvt.w.d, 16, 0x7fffffff, 0x7ff8000000000000
    TEST_FCVT_TO_INT 91, d, fcvt.w.d, 16, 0x7fffffff, 0xfff8000000000000
    TEST_FCVT_TO_INT 92, d, fcvt.wu.d, 0, 0x3, 0x4008000000000000
    TEST_FCVT_TO_INT 93, d, fcvt.wu.d, 16, 0x0, 0xbff0000000000000
    TEST_FCVT_TO_INT 94, d, fcvt.wu.d, 1, 0x0, 0xbfe0000000000000, rtz
    TEST_FCVT_TO_INT 95, d, fcvt.wu.d, 16, 0xffffffffffffffff, 0x41f2a05f20000000
    TEST_FCVT_TO_INT 96, d, fcvt.wu.d, 16, 0xffffffffffffffff, 0x7ff8000000000000
    TEST_FCVT_TO_INT 97, d, fcvt.wu.d, 0, 0xffffffff80000000, 0x41e0000000000000
    TEST_FCVT_TO_INT 98, d, fcvt.l.d, 0, 0xffffff0000000000, 0xc270000000000000
    TEST_FCVT_TO_INT 99, d, fcvt.l.d, 16, 0x7fffffffffffffff, 0x43e158e460913d00
    TEST_FCVT_TO_INT 100, d, fcvt.l.d, 16, 0x8000000000000000, 0xc3e158e460913d00
    TEST_FCVT_TO_INT 101, d, fcvt.l.d, 16, 0x7fffffffffffffff, 0x7ff8000000000000
    TEST_FCVT_TO_INT 102, d, fcvt.lu.d, 16, 0x0, 0xbff0000000000000
    TEST_FCVT_TO_INT 103, d, fcvt.lu.d, 16, 0xffffffffffffffff, 0x7ff0000000000000
    TEST_FCVT_TO_INT 104, d, fcvt.lu.d, 0, 0x8000000000000000, 0x43e0000000000000
    TEST_FCVT_TO_INT 105, d, fcvt.lu.d, 16, 0xffffffffffffffff, 0x7ff8000000000000
# ---- integer -> FP ----
    TEST_FCVT_FROM_INT 106, d, fcvt.d.w, 0, 0xc000000000000000, 0xfffffffffffffffe
    TEST_FCVT_FROM_INT 107, d, fcvt.d.wu, 0, 0x41efffffffe00000, 0xffffffff
    TEST_FCVT_FROM_INT 108, d, fcvt.d.l, 0, 0xc3e0000000000000, 0x8000000000000000
    TEST_FCVT_FROM_INT 109, d, fcvt.d.lu, 1, 0x43f0000000000000, 0xffffffffffffffff
    TEST_FCVT_FROM_INT 110, d, fcvt.d.l, 1, 0x4340000000000000, 0x20000000000001
    TEST_FCVT_FROM_INT 111, d, fcvt.d.l, 1, 0x4340000000000001, 0x20000000000001, rup
    TEST_FCVT_FROM_INT 112, d, fcvt.d.w, 0, 0xc1e0000000000000, 0xffffffff80000000

# ---- loads/stores and moves ----
    TEST 200
    la      a1, ddata
    fld     f4, 0(a1)
    fsd     f4, 8(a1)
    ld      a0, 8(a1)
    CHECK   a0, 0xc00921fb54442d18
    TEST 201
    fmv.x.d a0, f4
    CHECK   a0, 0xc00921fb54442d18

# ---- single <-> double ----
    TEST 210
    FP_LOAD d, f0, 0xc00921fb54442d18   # -pi
    fsflags x0
    fcvt.s.d f3, f0                  # rounds: inexact
    FP_CHECK w, f3, 0xc0490fdb, 1
    TEST 211
    FP_LOAD w, f0, 0xc0490fdb
    fsflags x0
    fcvt.d.s f3, f0                  # exact
    FP_CHECK d, f3, 0xc00921fb60000000, 0
    TEST 212
    FP_LOAD w, f0, 0x7f800001        # signaling NaN
    fsflags x0
    fcvt.d.s f3, f0
    FP_CHECK d, f3, 0x7ff8000000000000, 16
    TEST 213
    FP_LOAD d, f0, 0x7fefffffffffffff  # DBL_MAX
    fsflags x0
    fcvt.s.d f3, f0                  # overflows single
    FP_CHECK w, f3, 0x7f800000, 5

    RVTEST_PASS

    RVTEST_DATA_BEGIN
ddata:
    .dword 0xc00921fb54442d18, 0
