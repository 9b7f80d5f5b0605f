# rv64si_vm: Sv39 translation for S-mode. The page tables (built at run time
# from the link addresses) map:
#   0x8000_0000 (1 GiB gigapage)  -> identity, RWX, A/D set (code, data, tohost)
#   0x4000_0000 (4 KiB)           -> data_page, RW, A/D set
#   0x4000_1000                   -> data_page again, read-only
#   0x4000_2000                   -> nothing (invalid PTE)
#   0x4000_3000                   -> data_page as a U page (RW)
# and check: translated stores/loads land in the right physical page; load,
# store and instruction page faults (causes 13, 15, 12) with mtval = the
# faulting virtual address; sstatus.SUM for S access to U pages; satp's MODE
# field; and a delegated page fault reaching S-mode with scause/stval.

    .equ VA_RW,      0x40000000
    .equ VA_RO,      0x40001000
    .equ VA_INVALID, 0x40002000
    .equ VA_USER,    0x40003000

# pte = (pa >> 12) << 10 | flags, stored at \table[\index]
.macro PTE table, index, pa_reg, flags
    srli    t0, \pa_reg, 12
    slli    t0, t0, 10
    ori     t0, t0, \flags
    la      t1, \table
    sd      t0, (\index * 8)(t1)
.endm

    RVTEST_CODE_BEGIN

    TEST 2
    li      a0, 0x80000000
    PTE     pt_root, 2, a0, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D
    la      a0, pt_l1
    PTE     pt_root, 1, a0, PTE_V
    la      a0, pt_l0
    PTE     pt_l1, 0, a0, PTE_V
    la      a0, data_page
    PTE     pt_l0, 0, a0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    PTE     pt_l0, 1, a0, PTE_V | PTE_R | PTE_A
    PTE     pt_l0, 3, a0, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D
    la      a0, pt_root
    srli    a0, a0, 12
    li      a1, SATP_SV39
    or      a0, a0, a1
    csrw    satp, a0
    sfence.vma
    csrr    a1, satp
    CHECK_REG a1, a0                # Sv39 is supported: MODE reads back 8

# ---- translated accesses ----
    TEST 3
    RESUME_AT 1f
    ENTER_MODE PRV_S, 2f
2:  li      a0, VA_RW
    li      a1, 0x1234abcd
    sd      a1, 16(a0)              # through the 4 KiB mapping
    li      a0, VA_RO
    ld      a2, 16(a0)              # read back through the alias
    ecall
1:  CHECK_TRAP CAUSE_ECALL_FROM_S
    CHECK   a2, 0x1234abcd
    la      a0, data_page
    ld      a1, 16(a0)              # and physically in data_page
    CHECK   a1, 0x1234abcd

# ---- page faults taken in M-mode ----
    TEST 4
    RESUME_AT 1f
    ENTER_MODE PRV_S, 2f
2:  li      a0, VA_INVALID
    ld      a1, 0(a0)
    j       fail
1:  CHECK_TRAP CAUSE_LOAD_PAGE_FAULT
    li      a0, VA_INVALID
    CHECK_TVAL_REG a0
    CHECK_PREV_MODE PRV_S
    TEST 5
    RESUME_AT 1f
    ENTER_MODE PRV_S, 2f
2:  li      a0, VA_RO + 8
    sd      a0, 0(a0)
    j       fail
1:  CHECK_TRAP CAUSE_STORE_PAGE_FAULT # W = 0
    li      a0, VA_RO + 8
    CHECK_TVAL_REG a0
    TEST 6
    RESUME_AT 1f
    ENTER_MODE PRV_S, 2f
2:  li      a0, VA_RW
    jr      a0                      # X = 0
    j       fail
1:  CHECK_TRAP CAUSE_INSTRUCTION_PAGE_FAULT
    li      a0, VA_RW
    CHECK_TVAL_REG a0
    la      t6, trap_epc
    ld      t6, 0(t6)
    CHECK_REG t6, a0                # mepc = the target

# ---- U pages from S-mode: SUM ----
    TEST 7
    RESUME_AT 1f
    ENTER_MODE PRV_S, 2f
2:  li      a0, VA_USER
    ld      a1, 16(a0)
    j       fail
1:  CHECK_TRAP CAUSE_LOAD_PAGE_FAULT
    TEST 8
    li      a0, MSTATUS_SUM
    csrs    mstatus, a0
    RESUME_AT 1f
    ENTER_MODE PRV_S, 2f
2:  li      a0, VA_USER
    ld      a2, 16(a0)
    ecall
1:  CHECK_TRAP CAUSE_ECALL_FROM_S
    CHECK   a2, 0x1234abcd
    li      a0, MSTATUS_SUM
    csrc    mstatus, a0

# ---- a delegated page fault goes to stvec ----
    TEST 9
    la      a0, s_handler
    csrw    stvec, a0
    li      a0, 1 << CAUSE_LOAD_PAGE_FAULT
    csrw    medeleg, a0
    RESUME_AT 1f
    ENTER_MODE PRV_S, 2f
2:  li      a0, VA_INVALID + 0x10
    lw      a1, 0(a0)
    j       fail
1:  CHECK_TRAP CAUSE_ECALL_FROM_S   # S handler's ecall
    la      a0, s_seen
    ld      a1, 0(a0)
    CHECK   a1, CAUSE_LOAD_PAGE_FAULT # scause
    ld      a1, 8(a0)
    CHECK   a1, VA_INVALID + 0x10   # stval
    csrw    medeleg, zero
    csrw    satp, zero
    sfence.vma

    RVTEST_PASS

    .balign 4
s_handler:
    la      t5, s_seen
    csrr    t6, scause
    sd      t6, 0(t5)
    csrr    t6, stval
    sd      t6, 8(t5)
    ecall
    j       fail

    RVTEST_DATA_BEGIN
s_seen: .dword 0, 0
    .balign 4096
pt_root:   .zero 4096
pt_l1:     .zero 4096
pt_l0:     .zero 4096
data_page: .zero 4096
