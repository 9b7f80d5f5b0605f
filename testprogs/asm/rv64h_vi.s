# rv64h_vi: virtual-instruction exceptions (cause 22) versus illegal
# instruction (cause 2) (hypervisor spec, "Trap Cause Codes": an instruction
# that is HS-qualified but prevented with V=1 raises virtual instruction):
#   H and VS CSRs from VS and VU; S CSRs from VU; M CSRs and writes to
#   read-only CSRs stay illegal; HLV/HLVX/HSV/HFENCE in VS/VU, and in U
#   (illegal unless hstatus.HU for HLV/HSV; HFENCE always illegal);
#   SRET/WFI/SFENCE.VMA/satp under hstatus.VTSR/VTW/VTVM, mstatus.TW taking
#   precedence, mstatus.TSR/TVM not affecting VS; SRET/WFI/SFENCE in VU;
#   MRET in VS; counters allowed by mcounteren but blocked by hcounteren or
#   scounteren; mstatus.TVM on hgatp/HFENCE.GVMA (not vsatp/HFENCE.VVMA) in
#   HS; FS = Off in sstatus or vsstatus is always illegal, and an FP write
#   with V=1 dirties both; mtval holds the instruction bits.

    .option arch, +h

# Enter privilege \prv with V = \virt, execute \inst: the trap taken must
# have cause \cause (an instruction that does not trap reaches the ecall:
# the ecall from U/VU, HS or VS).
.macro VTEST n, prv, virt, cause, inst:vararg
    TEST \n
    RESUME_AT 88f
    ENTER_VMODE \prv, \virt, 89f
89: \inst
    ecall
88: CHECK_TRAP \cause
.endm

# VTEST for a case where QEMU 7.2 differs from the spec (skipped on QEMU;
# the comment before each use says how).
.macro VTEST_QD n, prv, virt, cause, inst:vararg
    SKIP_ON_QEMU 87f
    VTEST \n, \prv, \virt, \cause, \inst
87:
.endm

    .equ VS, PRV_S                  # with V = 1
    .equ VU, PRV_U                  # with V = 1
    .equ HS, PRV_S                  # with V = 0
    .equ U, PRV_U                   # with V = 0
    .equ ILL, CAUSE_ILLEGAL_INSTRUCTION
    .equ VIRT, CAUSE_VIRTUAL_INSTRUCTION
    .equ OK_VS, CAUSE_ECALL_FROM_VS
    .equ OK_VU, CAUSE_ECALL_FROM_U
    .equ OK_HS, CAUSE_ECALL_FROM_S
    .equ OK_U, CAUSE_ECALL_FROM_U

    RVTEST_CODE_BEGIN
    csrw    hgatp, zero             # both stages Bare: identity mapping
    csrw    vsatp, zero
    li      a0, -1
    csrw    hcounteren, a0
    la      a1, scratch             # a valid address for loads/stores

# ---- H and VS CSRs from VS/VU: virtual; M CSRs, read-only writes: illegal ----
    VTEST 2,  VS, 1, VIRT, csrr a0, hstatus
    VTEST 3,  VS, 1, VIRT, csrr a0, vsstatus
    VTEST 4,  VS, 1, VIRT, csrw hgatp, zero
    VTEST 5,  VS, 1, VIRT, csrr a0, hgeip      # a read HS may make
    VTEST 6,  VS, 1, ILL,  csrw hgeip, zero    # read-only: illegal in HS too
    VTEST 7,  VS, 1, ILL,  csrr a0, mstatus
    VTEST 8,  VS, 1, ILL,  csrw cycle, zero
    VTEST 9,  VS, 1, OK_VS, csrr a0, sstatus
    VTEST 10, VU, 1, VIRT, csrr a0, hstatus
    VTEST 11, VU, 1, VIRT, csrr a0, vsscratch
    # QEMU 7.2 differs: S CSRs from VU-mode raise illegal instruction (the
    # spec: virtual instruction, the access being allowed in HS-mode).
    VTEST_QD 12, VU, 1, VIRT, csrr a0, sstatus
    VTEST_QD 13, VU, 1, VIRT, csrw satp, zero
    VTEST 14, VU, 1, ILL,  csrr a0, mscratch
    VTEST 15, VU, 1, ILL,  csrw cycle, zero
    VTEST 16, U,  0, ILL,  csrr a0, hstatus   # from U (V=0): illegal
    VTEST 17, U,  0, ILL,  csrr a0, vsstatus

# ---- mtval = the instruction bits ----
    TEST 18
    RESUME_AT 1f
    ENTER_VMODE PRV_S, 1, 2f
2:  csrr    a0, hedeleg
    ecall
1:  CHECK_TRAP VIRT
    la      a0, 2b
    lwu     a0, 0(a0)
    CHECK_TVAL_REG a0
    CHECK_PREV_V 1

# ---- hypervisor instructions ----
    VTEST 19, VS, 1, VIRT, hlv.w a0, (a1)
    VTEST 20, VS, 1, VIRT, hlvx.hu a0, (a1)
    VTEST 21, VS, 1, VIRT, hsv.w zero, (a1)
    VTEST 22, VS, 1, VIRT, hfence.vvma
    VTEST 23, VS, 1, VIRT, hfence.gvma
    VTEST 24, VU, 1, VIRT, hlv.d a0, (a1)
    # QEMU 7.2 differs: HFENCE.VVMA/GVMA in VU-mode raise illegal instruction
    # (the spec: virtual instruction in VS-mode or VU-mode).
    VTEST_QD 25, VU, 1, VIRT, hfence.vvma
    VTEST_QD 26, VU, 1, VIRT, hfence.gvma
    VTEST 27, U,  0, ILL,  hlv.w a0, (a1)     # U, hstatus.HU = 0
    VTEST 28, U,  0, ILL,  hsv.w zero, (a1)
    li      a0, HSTATUS_HU
    csrs    hstatus, a0
    VTEST 29, U,  0, OK_U, hlv.w a0, (a1)
    VTEST 30, U,  0, OK_U, hsv.w zero, (a1)
    VTEST 31, U,  0, OK_U, hlvx.hu a0, (a1)
    VTEST 32, U,  0, ILL,  hfence.vvma        # HU covers HLV/HSV only
    VTEST 33, U,  0, ILL,  hfence.gvma
    VTEST 34, VU, 1, VIRT, hlv.w a0, (a1)     # HU is not for VU
    csrw    hstatus, zero

# ---- VTSR, VTW, VTVM (VS only) ----
    li      a0, HSTATUS_VTSR
    csrs    hstatus, a0
    VTEST 35, VS, 1, VIRT, sret
    csrc    hstatus, a0
    li      a0, HSTATUS_VTW
    csrs    hstatus, a0
    VTEST 36, VS, 1, VIRT, wfi
    li      a0, MSTATUS_TW
    csrs    mstatus, a0             # mstatus.TW wins: illegal
    VTEST 37, VS, 1, ILL,  wfi
    # QEMU 7.2 differs: WFI in VU-mode with mstatus.TW = 1 raises virtual
    # instruction (the spec: VU's WFI is virtual only when mstatus.TW = 0).
    VTEST_QD 38, VU, 1, ILL,  wfi
    csrc    mstatus, a0
    csrc    hstatus, a0
    li      a0, HSTATUS_VTVM
    csrs    hstatus, a0
    VTEST 39, VS, 1, VIRT, sfence.vma
    # QEMU 7.2 differs: hstatus.VTVM does not trap satp accesses in VS-mode
    # (only SFENCE.VMA).
    VTEST_QD 40, VS, 1, VIRT, csrr a0, satp

    csrc    hstatus, a0
# mstatus.TSR and TVM do not affect VS-mode.
    li      a0, MSTATUS_TSR | MSTATUS_TVM
    csrs    mstatus, a0
    # QEMU 7.2 differs: mstatus.TVM makes satp (vsatp) and SFENCE.VMA
    # illegal in VS-mode.
    VTEST_QD 42, VS, 1, OK_VS, csrr a0, satp
    VTEST_QD 43, VS, 1, OK_VS, sfence.vma
    # QEMU 7.2 differs: mstatus.TSR makes SRET illegal in VS-mode.
    SKIP_ON_QEMU 4f
    TEST 44
    li      a0, SSTATUS_SPP
    csrs    vsstatus, a0            # vsstatus.SPP = S
    la      a0, 2f
    csrw    vsepc, a0
    RESUME_AT 1f
    ENTER_VMODE PRV_S, 1, 3f
3:  sret                            # in VS despite mstatus.TSR: to 2f in VS
    j       fail
2:  ecall
1:  CHECK_TRAP OK_VS
4:
# mstatus.TVM in HS: hgatp and HFENCE.GVMA illegal; vsatp, HFENCE.VVMA fine.
    # QEMU 7.2 differs: mstatus.TVM does not trap hgatp accesses in HS-mode.
    VTEST_QD 45, HS, 0, ILL,  csrr a0, hgatp
    VTEST 46, HS, 0, ILL,  hfence.gvma
    VTEST 47, HS, 0, OK_HS, csrr a0, vsatp
    VTEST 48, HS, 0, OK_HS, hfence.vvma
    li      a0, MSTATUS_TSR | MSTATUS_TVM
    csrc    mstatus, a0

# ---- SRET, WFI, SFENCE.VMA from VU; MRET from VS ----
    # QEMU 7.2 differs: SRET in VU-mode raises illegal instruction.
    VTEST_QD 49, VU, 1, VIRT, sret
    VTEST 50, VU, 1, VIRT, wfi
    # QEMU 7.2 differs: SFENCE.VMA in VU-mode raises illegal instruction.
    VTEST_QD 51, VU, 1, VIRT, sfence.vma
    VTEST 52, VS, 1, ILL,  mret
    VTEST 53, U,  0, ILL,  sret             # U (V=0): illegal as usual

# ---- counters ----
    csrw    hcounteren, zero
    VTEST 54, VS, 1, VIRT, rdcycle a0       # mcounteren = 1, hcounteren = 0
    VTEST 55, VU, 1, VIRT, rdinstret a0
    li      a0, -1
    csrw    hcounteren, a0
    VTEST 56, VS, 1, OK_VS, rdcycle a0
    csrw    scounteren, zero
    VTEST 57, VU, 1, VIRT, rdcycle a0       # scounteren = 0: virtual in VU
    VTEST 58, VS, 1, OK_VS, rdcycle a0      # scounteren does not gate VS
    VTEST 59, U,  0, ILL,  rdcycle a0       # U: illegal
    li      a0, -1
    csrw    scounteren, a0
    li      a0, COUNTEREN_CY
    csrc    mcounteren, a0                  # mcounteren.CY = 0: illegal
    VTEST 60, VS, 1, ILL,  rdcycle a0
    VTEST 61, VU, 1, ILL,  rdcycle a0
    li      a0, COUNTEREN_CY
    csrs    mcounteren, a0

# ---- FS = Off: illegal, never virtual ----
    li      a0, SSTATUS_FS
    csrc    vsstatus, a0                    # vsstatus.FS = Off
    VTEST 62, VS, 1, ILL,  fmv.w.x f0, zero
    VTEST 63, VS, 1, ILL,  csrr a0, fcsr
    VTEST 64, VU, 1, ILL,  fadd.d f0, f0, f0
    li      a0, 1 << SSTATUS_FS_SHIFT
    csrs    vsstatus, a0                    # vsstatus.FS = Initial
    li      a0, MSTATUS_FS
    csrc    mstatus, a0                     # sstatus.FS = Off
    VTEST 65, VS, 1, ILL,  fmv.w.x f0, zero
    VTEST 66, VS, 1, ILL,  frflags a0
    li      a0, 1 << MSTATUS_FS_SHIFT
    csrs    mstatus, a0                     # both Initial
    VTEST 67, VS, 1, OK_VS, fmv.w.x f0, zero
    csrr    a0, mstatus
    srli    a0, a0, MSTATUS_FS_SHIFT
    andi    a0, a0, 3
    CHECK   a0, 3                           # sstatus.FS = Dirty
    csrr    a0, vsstatus
    srli    a0, a0, SSTATUS_FS_SHIFT
    andi    a0, a0, 3
    CHECK   a0, 3                           # vsstatus.FS = Dirty too
    # QEMU 7.2 differs: vsstatus.SD reads 0 with vsstatus.FS = Dirty.
    SKIP_ON_QEMU 1f
    csrr    a0, vsstatus
    bgez    a0, fail                        # vsstatus.SD = 1
1:

    RVTEST_PASS

    RVTEST_DATA_BEGIN
scratch: .dword 0x1122334455667788
