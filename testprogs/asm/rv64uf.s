# rv64uf: the F extension (single precision) on bit patterns: arithmetic in
# every rounding mode (static rm and frm), exception flags (fflags), NaN
# rules (canonical NaN results, signaling NaNs raise NV, fmin/fmax return the
# non-NaN operand), fused multiply-add with a single rounding, conversions
# with saturation, fclass, compares, sign injection, moves, NaN-boxing of
# single values in 64-bit registers, fcsr/frm/fflags and mstatus.FS.
# Expected values are worked out from IEEE 754-2008 and cross-checked on QEMU.

    RVTEST_CODE_BEGIN

# ---- add / sub / mul / div, exact and inexact ----
    TEST_FP_OP2 2, w, fadd.s, 0, 0x40600000, 0x40200000, 0x3f800000
    TEST_FP_OP2 3, w, fadd.s, 0, 0xc49a4000, 0xc49a6000, 0x3f800000
    TEST_FP_OP2 4, w, fadd.s, 0, 0x0, 0x3f800000, 0xbf800000
    TEST_FP_OP2 5, w, fadd.s, 0, 0x80000000, 0x3f800000, 0xbf800000, rdn
    TEST_FP_OP2 6, w, fadd.s, 1, 0x3f800000, 0x3f800000, 0x33800000
    TEST_FP_OP2 7, w, fadd.s, 1, 0x3f800001, 0x3f800000, 0x33800000, rup
    TEST_FP_OP2 8, w, fadd.s, 1, 0x3f800000, 0x3f800000, 0x33800000, rdn
    TEST_FP_OP2 9, w, fadd.s, 1, 0x3f800000, 0x3f800000, 0x33800000, rtz
    TEST_FP_OP2 10, w, fadd.s, 1, 0x3f800001, 0x3f800000, 0x33800000, rmm
    TEST_FP_OP2 11, w, fadd.s, 16, 0x7fc00000, 0x7f800000, 0xff800000
    TEST_FP_OP2 12, w, fadd.s, 0, 0x7fc00000, 0x7fc00000, 0x3f800000
    TEST_FP_OP2 13, w, fadd.s, 16, 0x7fc00000, 0x7f800001, 0x3f800000
    TEST_FP_OP2 14, w, fadd.s, 5, 0x7f800000, 0x7f7fffff, 0x7f7fffff
    TEST_FP_OP2 15, w, fadd.s, 5, 0x7f7fffff, 0x7f7fffff, 0x7f7fffff, rtz
    TEST_FP_OP2 16, w, fsub.s, 0, 0x3fc00000, 0x40200000, 0x3f800000
    TEST_FP_OP2 17, w, fsub.s, 0, 0xc0600000, 0xc0200000, 0x3f800000
    TEST_FP_OP2 18, w, fsub.s, 16, 0x7fc00000, 0x7f800000, 0x7f800000
    TEST_FP_OP2 19, w, fmul.s, 0, 0x40c80000, 0x40200000, 0x40200000
    TEST_FP_OP2 20, w, fmul.s, 0, 0xc0c00000, 0xc0000000, 0x40400000
    TEST_FP_OP2 21, w, fmul.s, 16, 0x7fc00000, 0x7f800000, 0x0
    TEST_FP_OP2 22, w, fmul.s, 3, 0x0, 0x00000001, 0x3f000000
    TEST_FP_OP2 23, w, fdiv.s, 0, 0x40200000, 0x40c80000, 0x40200000
    TEST_FP_OP2 24, w, fdiv.s, 1, 0x3eaaaaab, 0x3f800000, 0x40400000
    TEST_FP_OP2 25, w, fdiv.s, 8, 0x7f800000, 0x3f800000, 0x0
    TEST_FP_OP2 26, w, fdiv.s, 8, 0xff800000, 0xbf800000, 0x0
    TEST_FP_OP2 27, w, fdiv.s, 16, 0x7fc00000, 0x0, 0x0
# ---- sqrt ----
    TEST_FP_OP1 28, w, fsqrt.s, 0, 0x40000000, 0x40800000
    TEST_FP_OP1 29, w, fsqrt.s, 0, 0x80000000, 0x80000000
    TEST_FP_OP1 30, w, fsqrt.s, 16, 0x7fc00000, 0xbf800000
    TEST_FP_OP1 31, w, fsqrt.s, 1, 0x3fb504f3, 0x40000000
# ---- fused multiply-add: one rounding ----
    TEST_FP_OP3 32, w, fmadd.s, 0, 0x40a00000, 0x3f800000, 0x40000000, 0x40400000
    TEST_FP_OP3 33, w, fmsub.s, 0, 0xbf800000, 0x3f800000, 0x40000000, 0x40400000
    TEST_FP_OP3 34, w, fnmsub.s, 0, 0x3f800000, 0x3f800000, 0x40000000, 0x40400000
    TEST_FP_OP3 35, w, fnmadd.s, 0, 0xc0a00000, 0x3f800000, 0x40000000, 0x40400000
    TEST_FP_OP3 36, w, fmadd.s, 16, 0x7fc00000, 0x7f800000, 0x0, 0x3f800000
    TEST_FP_OP3 37, w, fmadd.s, 16, 0x7fc00000, 0x7f800000, 0x0, 0x7fc00000
    TEST_FP_OP3 38, w, fmadd.s, 0, 0xb3800000, 0x3f800800, 0x3f7ff000, 0xbf800000
# ---- min / max: NaN rules (2019 IEEE minimumNumber) and signed zeros ----
    TEST_FP_OP2_NORM 39, w, fmin.s, 0, 0xc0000000, 0x3f800000, 0xc0000000
    TEST_FP_OP2_NORM 40, w, fmax.s, 0, 0x3f800000, 0x3f800000, 0xc0000000
    TEST_FP_OP2_NORM 41, w, fmin.s, 0, 0x3f800000, 0x7fc00000, 0x3f800000
    TEST_FP_OP2_NORM 42, w, fmax.s, 0, 0x3f800000, 0x3f800000, 0x7fc00000
    TEST_FP_OP2_NORM 43, w, fmin.s, 16, 0x3f800000, 0x7f800001, 0x3f800000
    TEST_FP_OP2_NORM 44, w, fmax.s, 16, 0x3f800000, 0x3f800000, 0x7f800001
    TEST_FP_OP2_NORM 45, w, fmin.s, 0, 0x7fc00000, 0x7fc00000, 0xffc00000
    TEST_FP_OP2_NORM 46, w, fmax.s, 16, 0x7fc00000, 0x7f800001, 0x7f800001
    TEST_FP_OP2_NORM 47, w, fmin.s, 0, 0x80000000, 0x0, 0x80000000
    TEST_FP_OP2_NORM 48, w, fmax.s, 0, 0x0, 0x80000000, 0x0
# ---- sign injection ----
    TEST_FP_OP2_NORM 49, w, fsgnj.s, 0, 0xbf800000, 0x3f800000, 0xc0000000
    TEST_FP_OP2_NORM 50, w, fsgnjn.s, 0, 0x3f800000, 0x3f800000, 0xc0000000
    TEST_FP_OP2_NORM 51, w, fsgnjx.s, 0, 0x3f800000, 0xbf800000, 0xc0000000
    TEST_FP_OP2_NORM 52, w, fsgnjx.s, 0, 0xbf800000, 0xbf800000, 0x40000000
    TEST_FP_OP2_NORM 53, w, fsgnj.s, 0, 0xffc00000, 0x7fc00000, 0xbf800000
# ---- compares: feq is quiet, flt/fle signal on any NaN ----
    TEST_FP_CMP 54, w, feq.s, 0, 1, 0x3f800000, 0x3f800000
    TEST_FP_CMP 55, w, feq.s, 0, 0, 0x3f800000, 0x40000000
    TEST_FP_CMP 56, w, feq.s, 0, 1, 0x0, 0x80000000
    TEST_FP_CMP 57, w, feq.s, 0, 0, 0x7fc00000, 0x3f800000
    TEST_FP_CMP 58, w, feq.s, 16, 0, 0x7f800001, 0x3f800000
    TEST_FP_CMP 59, w, flt.s, 0, 1, 0xbf800000, 0x3f800000
    TEST_FP_CMP 60, w, flt.s, 0, 0, 0x3f800000, 0x3f800000
    TEST_FP_CMP 61, w, flt.s, 0, 0, 0x80000000, 0x0
    TEST_FP_CMP 62, w, flt.s, 16, 0, 0x7fc00000, 0x3f800000
    TEST_FP_CMP 63, w, fle.s, 0, 1, 0x3f800000, 0x3f800000
    TEST_FP_CMP 64, w, fle.s, 0, 1, 0x80000000, 0x0
    TEST_FP_CMP 65, w, fle.s, 16, 0, 0x3f800000, 0x7fc00000
    TEST_FP_CMP 66, w, fle.s, 0, 0, 0x7f800000, 0x3f800000
# ---- fclass: one bit per class ----
    TEST_FCLASS 67, w, fclass.s, 1, 0xff800000
    TEST_FCLASS 68, w, fclass.s, 2, 0xbf800000
    TEST_FCLASS 69, w, fclass.s, 4, 0x80000001
    TEST_FCLASS 70, w, fclass.s, 8, 0x80000000
    TEST_FCLASS 71, w, fclass.s, 16, 0x0
    TEST_FCLASS 72, w, fclass.s, 32, 0x00000001
    TEST_FCLASS 73, w, fclass.s, 64, 0x3f800000
    TEST_FCLASS 74, w, fclass.s, 128, 0x7f800000
    TEST_FCLASS 75, w, fclass.s, 256, 0x7f800001
    TEST_FCLASS 76, w, fclass.s, 512, 0x7fc00000
# ---- FP -> integer: rounding, saturation, NaN ----
    TEST_FCVT_TO_INT 77, w, fcvt.w.s, 1, 0x2, 0x3fc00000
    TEST_FCVT_TO_INT 78, w, fcvt.w.s, 1, 0x1, 0x3fc00000, rtz
    TEST_FCVT_TO_INT 79, w, fcvt.w.s, 1, 0xfffffffffffffffe, 0xbfc00000
    TEST_FCVT_TO_INT 80, w, fcvt.w.s, 1, 0xffffffffffffffff, 0xbfc00000, rtz
    TEST_FCVT_TO_INT 81, w, fcvt.w.s, 1, 0xfffffffffffffffe, 0xbfc00000, rdn
    TEST_FCVT_TO_INT 82, w, fcvt.w.s, 1, 0x2, 0x3f8ccccd, rup
    TEST_FCVT_TO_INT 83, w, fcvt.w.s, 1, 0x3, 0x40200000, rmm
    TEST_FCVT_TO_INT 84, w, fcvt.w.s, 1, 0x2, 0x40200000
    TEST_FCVT_TO_INT 85, w, fcvt.w.s, 0, 0xffffffff80000000, 0xcf000000
    TEST_FCVT_TO_INT 86, w, fcvt.w.s, 16, 0x7fffffff, 0x4f32d05e
    TEST_FCVT_TO_INT 87, w, fcvt.w.s, 16, 0xffffffff80000000, 0xcf32d05e
    TEST_FCVT_TO_INT 88, w, fcvt.w.s, 16, 0x7fffffff, 0x7f800000
    TEST_FCVT_TO_INT 89, w, fcvt.w.s, 16, 0xffffffff80000000, 0xff800000
    TEST_FCVT_TO_INT 90, w, fcvt.w.s, 16, 0x7fffffff, 0x7fc00000
    TEST_FCVT_TO_INT 91, w, fcvt.w.s, 16, 0x7fffffff, 0xffc00000
    TEST_FCVT_TO_INT 92, w, fcvt.wu.s, 0, 0x3, 0x40400000
    TEST_FCVT_TO_INT 93, w, fcvt.wu.s, 16, 0x0, 0xbf800000
    TEST_FCVT_TO_INT 94, w, fcvt.wu.s, 1, 0x0, 0xbf000000, rtz
    TEST_FCVT_TO_INT 95, w, fcvt.wu.s, 16, 0xffffffffffffffff, 0x4f9502f9
    TEST_FCVT_TO_INT 96, w, fcvt.wu.s, 16, 0xffffffffffffffff, 0x7fc00000
    TEST_FCVT_TO_INT 97, w, fcvt.wu.s, 0, 0xffffffff80000000, 0x4f000000
    TEST_FCVT_TO_INT 98, w, fcvt.l.s, 0, 0xffffff0000000000, 0xd3800000
    TEST_FCVT_TO_INT 99, w, fcvt.l.s, 16, 0x7fffffffffffffff, 0x5f0ac723
    TEST_FCVT_TO_INT 100, w, fcvt.l.s, 16, 0x8000000000000000, 0xdf0ac723
    TEST_FCVT_TO_INT 101, w, fcvt.l.s, 16, 0x7fffffffffffffff, 0x7fc00000
    TEST_FCVT_TO_INT 102, w, fcvt.lu.s, 16, 0x0, 0xbf800000
    TEST_FCVT_TO_INT 103, w, fcvt.lu.s, 16, 0xffffffffffffffff, 0x7f800000
    TEST_FCVT_TO_INT 104, w, fcvt.lu.s, 0, 0x8000000000000000, 0x5f000000
    TEST_FCVT_TO_INT 105, w, fcvt.lu.s, 16, 0xffffffffffffffff, 0x7fc00000
# ---- integer -> FP ----
    TEST_FCVT_FROM_INT 106, w, fcvt.s.w, 0, 0xc0000000, 0xfffffffffffffffe
    TEST_FCVT_FROM_INT 107, w, fcvt.s.wu, 1, 0x4f800000, 0xffffffff
    TEST_FCVT_FROM_INT 108, w, fcvt.s.l, 0, 0xdf000000, 0x8000000000000000
    TEST_FCVT_FROM_INT 109, w, fcvt.s.lu, 1, 0x5f800000, 0xffffffffffffffff
    TEST_FCVT_FROM_INT 110, w, fcvt.s.w, 1, 0x4b800000, 0x1000001
    TEST_FCVT_FROM_INT 111, w, fcvt.s.w, 1, 0x4b800001, 0x1000001, rup
    TEST_FCVT_FROM_INT 112, w, fcvt.s.w, 0, 0xcf000000, 0xffffffff80000000

# ---- loads/stores and moves ----
    TEST 200
    la      a1, fdata
    flw     f4, 0(a1)
    fsw     f4, 8(a1)
    lw      a0, 8(a1)
    CHECK_W a0, 0xbf800000
    TEST 201
    fmv.x.d a0, f4                  # flw NaN-boxes: upper 32 bits all ones
    CHECK   a0, 0xffffffffbf800000
    TEST 202
    li      a0, 0x80000000
    fmv.w.x f5, a0
    fmv.x.w a2, f5                  # fmv.x.w sign-extends bit 31
    CHECK   a2, 0xffffffff80000000
    TEST 203
    li      a0, 0x3f800000          # 1.0f without the NaN box ...
    fmv.d.x f6, a0
    fsflags x0
    fadd.s  f7, f6, f6              # ... reads as the canonical NaN, quietly
    fmv.x.w a0, f7
    frflags a1
    CHECK_W a0, 0x7fc00000
    CHECK   a1, 0

# ---- fcsr, frm, fflags ----
    TEST 210
    fscsr   x0
    li      a0, 3                   # RUP
    fsrm    a0
    frcsr   a1
    CHECK   a1, 3 << 5              # frm is fcsr[7:5]
    TEST 211
    FP_LOAD w, f0, 0x3f800000
    FP_LOAD w, f1, 0x33800000
    fadd.s  f3, f0, f1              # dynamic rm = frm = RUP
    fmv.x.w a0, f3
    CHECK_W a0, 0x3f800001
    TEST 212
    fsrmi   1                       # RTZ
    fadd.s  f3, f0, f1
    fmv.x.w a0, f3
    CHECK_W a0, 0x3f800000
    fsrmi   0
    TEST 213
    fsflags x0
    fadd.s  f3, f0, f1              # NX
    FP_LOAD w, f2, 0
    fdiv.s  f3, f0, f2              # DZ: flags accumulate
    frflags a0
    CHECK   a0, 9
    frcsr   a1
    CHECK   a1, 9
    TEST 214
    csrrci  a0, fflags, 1           # clear NX, read old
    CHECK   a0, 9
    csrr    a0, fflags
    CHECK   a0, 8
    fsflags x0

# ---- an invalid rounding mode is an illegal instruction ----
    TEST 220
    fsrmi   5                       # frm = 5 (reserved)
    EXPECT_TRAP
    fadd.s  f3, f0, f1              # dynamic rm with frm = 5
    CHECK_TRAP CAUSE_ILLEGAL_INSTRUCTION
    fsrmi   0
    TEST 221
    EXPECT_TRAP
    .word   0x001051d3              # fadd.s f3, f0, f1 with static rm = 5
    CHECK_TRAP CAUSE_ILLEGAL_INSTRUCTION
    TEST 222
    EXPECT_TRAP
    .word   0x001061d3              # static rm = 6 (reserved)
    CHECK_TRAP CAUSE_ILLEGAL_INSTRUCTION

# ---- mstatus.FS: off traps, writes make it Dirty ----
    TEST 230
    li      a0, MSTATUS_FS
    csrc    mstatus, a0             # FS = Off
    EXPECT_TRAP
    fadd.s  f3, f0, f1
    CHECK_TRAP CAUSE_ILLEGAL_INSTRUCTION
    TEST 231
    EXPECT_TRAP
    frcsr   a1                      # fcsr is inaccessible too
    CHECK_TRAP CAUSE_ILLEGAL_INSTRUCTION
    TEST 232
    li      a0, 1 << MSTATUS_FS_SHIFT
    csrs    mstatus, a0             # FS = Initial
    CLEAR_HOOK
    fadd.s  f3, f0, f1              # an FP register write ...
    csrr    a0, mstatus
    srli    a1, a0, MSTATUS_FS_SHIFT
    andi    a1, a1, 3
    CHECK   a1, 3                   # ... makes FS Dirty
    srli    a1, a0, 63
    CHECK   a1, 1                   # and SD summarizes it

    RVTEST_PASS

    RVTEST_DATA_BEGIN
fdata:
    .word 0xbf800000, 0, 0, 0
