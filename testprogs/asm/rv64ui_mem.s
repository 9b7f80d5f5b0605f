# rv64ui_mem: loads (lb/lh/lw sign-extend, lbu/lhu/lwu zero-extend, ld),
# positive and negative offsets, stores of each width (only the low bytes
# are written), store-to-load forwarding through the same address, fence,
# and fence.i after modifying code (Zifencei).

    RVTEST_CODE_BEGIN

# ---- loads from `data`: 00 ff 80 7f | 01 80 ff ff | 88 77 66 55 44 33 22 11 ----
    TEST_LD 2,  lb,  0x0000000000000000, 0, data
    TEST_LD 3,  lb,  0xffffffffffffffff, 1, data
    TEST_LD 4,  lb,  0xffffffffffffff80, 2, data
    TEST_LD 5,  lb,  0x000000000000007f, 3, data
    TEST_LD 6,  lbu, 0x00000000000000ff, 1, data
    TEST_LD 7,  lbu, 0x0000000000000080, 2, data
    TEST_LD 8,  lh,  0xffffffffffffff00, 0, data
    TEST_LD 9,  lh,  0x0000000000007f80, 2, data
    TEST_LD 10, lhu, 0x000000000000ff00, 0, data
    TEST_LD 11, lh,  0xffffffffffff8001, 4, data
    TEST_LD 12, lhu, 0x0000000000008001, 4, data
    TEST_LD 13, lw,  0x000000007f80ff00, 0, data
    TEST_LD 14, lw,  0xffffffffffff8001, 4, data
    TEST_LD 15, lwu, 0x00000000ffff8001, 4, data
    TEST_LD 16, ld,  0x1122334455667788, 8, data
    TEST_LD 17, ld,  0xffff80017f80ff00, 0, data
    TEST_LD 18, lw,  0x0000000055667788, 8, data
    TEST_LD 19, lw,  0x0000000011223344, 12, data
    TEST_LD 20, lb,  0xffffffffffffff88, 8, data
    TEST_LD 21, lw,  0x0000000011223344, -4, data_end   # negative offset
    TEST_LD 22, lbu, 0x0000000000000011, -1, data_end

# ---- stores: write, read back ----
    TEST_ST 30, lb,  sb, 0xffffffffffffffaa, 0x12345678aa, 0, scratch
    TEST_ST 31, lbu, sb, 0x00000000000000aa, 0xaa, 1, scratch
    TEST_ST 32, lh,  sh, 0xffffffffffffbeef, 0xdeadbeef, 2, scratch
    TEST_ST 33, lhu, sh, 0x000000000000beef, 0xbeef, 2, scratch
    TEST_ST 34, lw,  sw, 0xffffffffdeadbeef, 0x12345678deadbeef, 4, scratch
    TEST_ST 35, lwu, sw, 0x00000000deadbeef, 0xdeadbeef, 4, scratch
    TEST_ST 36, ld,  sd, 0x0123456789abcdef, 0x0123456789abcdef, 8, scratch
    TEST_ST 37, ld,  sd, 0xfedcba9876543210, 0xfedcba9876543210, -8, scratch_end

# ---- a narrow store changes only its bytes ----
    TEST 40
    la      a1, scratch
    li      a2, 0x1111111111111111
    sd      a2, 16(a1)
    li      a2, 0xab
    sb      a2, 19(a1)
    ld      a4, 16(a1)
    CHECK   a4, 0x11111111ab111111
    TEST 41
    li      a2, 0xcdef
    sh      a2, 22(a1)
    ld      a4, 16(a1)
    CHECK   a4, 0xcdef1111ab111111
    TEST 42
    sw      zero, 16(a1)
    ld      a4, 16(a1)
    CHECK   a4, 0xcdef111100000000

# ---- fence orders memory (single hart: it just must not disturb) ----
    TEST 43
    li      a2, 42
    sd      a2, 24(a1)
    fence   rw, rw
    fence
    ld      a4, 24(a1)
    CHECK   a4, 42

# ---- fence.i makes a store to code visible to instruction fetch ----
    TEST 44
    la      a1, patch_site
    la      a2, patch_insn
    lw      a3, 0(a2)               # "addi a0, zero, 7"
    li      a0, 0
    jal     patch_site              # first run: returns a0 = 3
    CHECK   a0, 3
    TEST 45
    sw      a3, 0(a1)               # overwrite the addi in patch_site
    fence.i
    li      a0, 0
    jal     patch_site              # must execute the new instruction
    CHECK   a0, 7

    RVTEST_PASS

patch_site:
    addi    a0, zero, 3
    ret
patch_insn:
    addi    a0, zero, 7

    RVTEST_DATA_BEGIN
data:
    .byte 0x00, 0xff, 0x80, 0x7f, 0x01, 0x80, 0xff, 0xff
    .dword 0x1122334455667788
data_end:
    .balign 8
scratch:
    .zero 32
scratch_end:
