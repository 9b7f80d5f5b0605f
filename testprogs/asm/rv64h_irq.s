# rv64h_irq: interrupts with the H extension (hypervisor spec, "Hypervisor
# Interrupt Registers", "Trap Entry"), injected with hvip and mip.SSIP:
#   VS-level interrupts always go past M (mideleg bits 2/6/10 read-only one)
#   to HS, or to VS when hideleg delegates them; HS-level interrupts are
#   always enabled while V=1 and in HS only with sstatus.SIE; delegated VS
#   interrupts are taken only while V=1: in VS with vsstatus.SIE, in VU
#   always; VS sees the codes translated (2->1, 6->5, 10->9) in vscause;
#   priority: HS-level interrupts before VS-level ones, and among the
#   HS-level ones VSEI > VSSI > VSTI.

    .option arch, +h

    .equ INT, 1 << 63
    .equ SIE_BIT, 1 << 1
    .equ SENTINEL, 0x5e5e

# Enter \prv/\virt at a nop followed by ecall; the trap that reaches M must
# have cause \cause (9/10 from the HS/VS handlers' ecalls or the ecall).
.macro ITEST n, prv, virt, cause
    TEST \n
    li      t5, SENTINEL
    csrw    scause, t5
    csrw    vscause, t5
    RESUME_AT 88f
    ENTER_VMODE \prv, \virt, 89f
89: nop
    ecall
88: CHECK_TRAP \cause
.endm

    RVTEST_CODE_BEGIN
    csrw    hgatp, zero
    csrw    vsatp, zero
    la      a0, hs_handler
    csrw    stvec, a0
    la      a0, vs_handler
    csrw    vstvec, a0
    li      a0, 0x444
    csrw    hie, a0                 # VSEIE, VSTIE, VSSIE
    csrw    hideleg, zero

# ---- not delegated by hideleg: HS, always enabled while V=1 ----
    li      a0, 4
    csrw    hvip, a0                # VSSIP
    ITEST 2, 1, 1, 9                # VS, HS SIE = 0: still taken
    CHECK_CSR scause, INT | 2
    la      a0, 89b
    csrr    a1, sepc
    CHECK_REG a0, a1
    csrr    a0, hstatus
    andi    a0, a0, 1 << 7
    CHECK   a0, 1 << 7              # SPV = 1
    ITEST 3, 0, 1, 9                # from VU too
    CHECK_CSR scause, INT | 2
    ITEST 4, 1, 0, 9                # HS with SIE = 0: not taken (the ecall)
    CHECK_CSR scause, SENTINEL
    li      a0, SIE_BIT
    csrs    sstatus, a0
    ITEST 5, 1, 0, 9                # HS with SIE = 1: taken
    CHECK_CSR scause, INT | 2
    li      a0, SIE_BIT
    csrc    sstatus, a0
    ITEST 6, 0, 0, 9                # U (V=0): taken into HS
    CHECK_CSR scause, INT | 2

# ---- delegated to VS with hideleg ----
    li      a0, 0x444
    csrw    hideleg, a0
    ITEST 7, 1, 1, 10               # VS with vsstatus.SIE = 0: not taken
    CHECK_CSR vscause, SENTINEL
    li      a0, SIE_BIT
    csrs    vsstatus, a0
    ITEST 8, 1, 1, 10               # taken into VS (the handler's ecall)
    CHECK_CSR vscause, INT | 1      # VSSI seen as SSI
    CHECK_CSR scause, SENTINEL
    la      a0, 89b
    csrr    a1, vsepc
    CHECK_REG a0, a1
    csrr    a0, vsstatus
    andi    a0, a0, (1 << 8) | (1 << 5) | SIE_BIT
    CHECK   a0, (1 << 8) | (1 << 5) # SPP = S, SPIE = 1, SIE = 0
    li      a0, SIE_BIT
    csrw    vsstatus, a0
    li      a0, 0x40
    csrw    hvip, a0                # VSTIP
    ITEST 9, 1, 1, 10
    CHECK_CSR vscause, INT | 5
    li      a0, SIE_BIT
    csrw    vsstatus, a0
    li      a0, 0x400
    csrw    hvip, a0                # VSEIP
    ITEST 10, 1, 1, 10
    CHECK_CSR vscause, INT | 9
    csrw    vsstatus, zero          # VS SIE = 0 ...
    ITEST 11, 0, 1, 10              # ... but VU: always taken into VS
    CHECK_CSR vscause, INT | 9
    csrr    a0, vsstatus
    andi    a0, a0, 1 << 8
    CHECK   a0, 0                   # SPP = U
    li      a0, SIE_BIT
    csrs    sstatus, a0
    csrw    vsstatus, a0
    ITEST 12, 1, 0, 9               # V=0: a VS interrupt waits
    CHECK_CSR scause, SENTINEL
    CHECK_CSR vscause, SENTINEL
    ITEST 13, 0, 0, 8               # U (V=0) too: the ecall from U
    CHECK_CSR vscause, SENTINEL
    li      a0, SIE_BIT
    csrc    sstatus, a0

# ---- priority ----
    TEST 14
    li      a0, 2
    csrs    mideleg, a0             # SSI to HS
    csrs    mie, a0
    csrs    mip, a0                 # SSIP pending (HS) and VSEIP (VS)
    ITEST 15, 1, 1, 9               # in VS: the HS interrupt first
    CHECK_CSR scause, INT | 1
    li      a0, 2
    csrc    mip, a0
    csrc    mie, a0
    csrc    mideleg, a0
    csrw    hideleg, zero
    li      a0, 0x444
    csrw    hvip, a0                # all three VS interrupts, to HS
    # QEMU 7.2 differs: it takes VSSI before VSEI (the spec's HS order:
    # SEI, SSI, STI, SGEI, VSEI, VSSI, VSTI).
    SKIP_ON_QEMU 1f
    ITEST 16, 1, 1, 9
    CHECK_CSR scause, INT | 10      # VSEI first
1:
    li      a0, 0x400
    csrc    hvip, a0
    ITEST 17, 1, 1, 9
    CHECK_CSR scause, INT | 2       # then VSSI
    li      a0, 0x4
    csrc    hvip, a0
    ITEST 18, 1, 1, 9
    CHECK_CSR scause, INT | 6       # then VSTI
    csrw    hvip, zero
    ITEST 19, 1, 1, 10              # nothing pending
    csrw    hie, zero

    RVTEST_PASS

    .balign 4
hs_handler:
    ecall
    j       fail
    .balign 4
vs_handler:
    ecall
    j       fail
