# The harness of hemu bench's workloads: from M-mode at reset, enters the
# workload in the mode BENCH_MODE names and calls `bench_workload` there
# `bench_repeat` times (a doubleword in .data: hemu bench and the QEMU
# comparison patch it in the ELF file; 1 as built, so the programs also run
# quickly as self-checking tests). The sum of its results (failed
# self-checks) is reported through HTIF tohost: 1 = pass.
#
# Translation (privileged spec, "Sv39"; hypervisor spec, "Two-Stage Address
# Translation"): identity gigapages over RAM, VA 0x8000_0000 = PA.
#   S, VS: pt_s (no U bit); U, VU: pt_u (U bit). Both also map VA
#   0xc020_0000 to RAM's first 2 MiB without U (a megapage, pt_alias): the
#   alias the trap handlers of the U and VU round trips run from (S-mode
#   may not fetch from a U page). Its page numbers differ from the code's
#   in their low bits, as a kernel's and a program's do (an alias 1 GiB
#   away would share the direct-mapped TLB's slots with the code).
#   VS, VU: vsatp = pt_s/pt_u over hgatp = pt_g (Sv39x4, GPA 0x8000_0000 =
#   PA, U set as every G-stage leaf needs); HS keeps satp Bare.
# BENCH_KIND: KIND_WORK, the program defines `bench_workload` (a C function
# returning its failed checks); KIND_TRIPS, the harness defines it as
# TRIPS ECALLs, each delegated to a five-instruction handler that steps
# over it: U -> HS -> U (medeleg), VS -> HS -> VS (medeleg), VU -> VS -> VU
# (medeleg and hedeleg).

    .option arch, +h

    .equ PT_LEAF, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D
    .equ RAM_LEAF, ((0x80000000 >> 12) << 10) | PT_LEAF
    .equ ALIAS, 0x40200000            # VA 0xc020_0000 - VA 0x8000_0000
    .equ TRIPS, 4096                  # round trips per call of the workload
    .globl bench_trips                # for hemu bench (an absolute symbol)
    .set bench_trips, TRIPS
    .equ IS_V, BENCH_MODE == MODE_VS || BENCH_MODE == MODE_VU
    .equ IS_USER, BENCH_MODE == MODE_U || BENCH_MODE == MODE_VU

# \reg = \mode | \root >> 12
.macro ATP reg, mode, root
    la      \reg, \root
    srli    \reg, \reg, 12
    li      t0, \mode
    or      \reg, \reg, t0
.endm

    .section .text.init, "ax", @progbits
    .globl _start
_start:
    la      sp, bench_stack_top
    la      t0, bench_m_trap
    csrw    mtvec, t0
    # pt_s[3] = pt_u[3] = a pointer to pt_alias.
    la      t0, pt_alias
    srli    t0, t0, 12
    slli    t0, t0, 10
    ori     t0, t0, PTE_V
    la      t1, pt_s
    sd      t0, 24(t1)
    la      t1, pt_u
    sd      t0, 24(t1)
    # S and U accesses need a PMP entry that matches: all of memory, RWX.
    li      t0, -1
    csrw    pmpaddr0, t0
    li      t0, PMPCFG_A_NAPOT | PMPCFG_R | PMPCFG_W | PMPCFG_X
    csrw    pmpcfg0, t0
    # FS = Initial: compiled Rust may use the FP registers.
    li      t0, 1 << MSTATUS_FS_SHIFT
    csrs    mstatus, t0
.if IS_V
    csrs    vsstatus, t0
.endif
    li      t0, MSTATUS_MPP
    csrc    mstatus, t0
.if BENCH_MODE == MODE_M
    li      t0, PRV_M << MSTATUS_MPP_SHIFT
.elseif IS_USER
    li      t0, PRV_U << MSTATUS_MPP_SHIFT
.else
    li      t0, PRV_S << MSTATUS_MPP_SHIFT
.endif
    csrs    mstatus, t0
.if BENCH_MODE == MODE_S
    ATP     t1, SATP_SV39, pt_s
    csrw    satp, t1
.elseif BENCH_MODE == MODE_U
    ATP     t1, SATP_SV39, pt_u
    csrw    satp, t1
.elseif IS_V
.if IS_USER
    ATP     t1, SATP_SV39, pt_u
.else
    ATP     t1, SATP_SV39, pt_s
.endif
    csrw    vsatp, t1
    ATP     t1, HGATP_SV39X4, pt_g
    csrw    hgatp, t1
    li      t0, MSTATUS_MPV
    csrs    mstatus, t0
.endif
    sfence.vma
    hfence.gvma
.if BENCH_KIND == KIND_TRIPS
.if BENCH_MODE == MODE_U
    li      t0, 1 << CAUSE_ECALL_FROM_U
    csrw    medeleg, t0
    la      t0, bench_s_trap + ALIAS
    csrw    stvec, t0
.elseif BENCH_MODE == MODE_VS
    li      t0, 1 << CAUSE_ECALL_FROM_VS
    csrw    medeleg, t0
    la      t0, bench_s_trap
    csrw    stvec, t0
.elseif BENCH_MODE == MODE_VU
    li      t0, 1 << CAUSE_ECALL_FROM_U
    csrw    medeleg, t0
    csrw    hedeleg, t0
    la      t0, bench_s_trap + ALIAS
    csrw    vstvec, t0
.else
    .error "the round trips are U -> HS, VS -> HS and VU -> VS"
.endif
.endif
    la      t0, bench_enter
    csrw    mepc, t0
    mret

# In the workload's mode: bench_repeat calls, then ECALL (a7 = 1: the
# round trips' handler passes it on) with the failures in a0.
bench_enter:
    la      s1, bench_repeat
    ld      s1, 0(s1)
    li      s2, 0
1:  beqz    s1, 2f
    call    bench_workload
    add     s2, s2, a0
    addi    s1, s1, -1
    j       1b
2:  mv      a0, s2
    li      a7, 1
    ecall
3:  j       3b

# Every trap ends the run: an ECALL passes a0 (0 = pass), anything else
# fails with 0x100 + mcause. (mtvec's BASE is 4-byte aligned.)
    .balign 4
bench_m_trap:
    csrr    t0, mcause
    addi    t0, t0, -CAUSE_ECALL_FROM_U
    li      t1, CAUSE_ECALL_FROM_M - CAUSE_ECALL_FROM_U
    bleu    t0, t1, 1f
    csrr    a0, mcause
    addi    a0, a0, 0x100
1:  slli    a0, a0, 1
    ori     a0, a0, 1
    la      t0, tohost
    sd      a0, 0(t0)
2:  j       2b

.if BENCH_KIND == KIND_TRIPS
    .text
    .globl bench_workload
bench_workload:
    li      t0, TRIPS
    li      a7, 0
1:  ecall
    addi    t0, t0, -1
    bnez    t0, 1b
    li      a0, 0
    ret

# The delegated ECALL's handler (in HS, or in VS for VU): step over it and
# return; with a7 != 0 pass the exit on by an ECALL of its own, which
# reaches M. Uses only t6. On a page of its own, as a kernel's handlers
# are not on its programs' pages (hemu's TLB and fetch pages are
# direct-mapped by page number).
    .balign 4096
bench_s_trap:
    bnez    a7, 1f
    csrr    t6, sepc
    addi    t6, t6, 4
    csrw    sepc, t6
    sret
1:  ecall
.endif

# tohost and fromhost: env/htif.s, included after this file.

    .data
    .balign 8
    .globl bench_repeat
bench_repeat: .dword 1
    .balign 4096
pt_s: .dword 0, 0, RAM_LEAF, 0     # entry 3 (-> pt_alias) filled at start
    .zero (512 - 4) * 8
pt_u: .dword 0, 0, RAM_LEAF | PTE_U, 0
    .zero (512 - 4) * 8
pt_alias: .dword 0, RAM_LEAF       # VA 0xc020_0000: RAM's first megapage
    .zero (512 - 2) * 8
    .balign 16384                     # an Sv39x4 root is 16 KiB, aligned
pt_g: .dword 0, 0, RAM_LEAF | PTE_U
    .zero (2048 - 3) * 8

    .bss
    .balign 16
bench_stack: .space 65536
bench_stack_top:
