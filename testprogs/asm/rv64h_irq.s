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

    .equ SENTINEL, 0x5e5e

# Enter \prv/\virt at a nop followed by ecall; the trap that reaches M must
# have cause \cause (an ecall from HS/VS: the handlers' ecalls, or the ecall).
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
    li      a0, MIP_VSEIP | MIP_VSTIP | MIP_VSSIP
    csrw    hie, a0                 # VSEIE, VSTIE, VSSIE
    csrw    hideleg, zero

# ---- not delegated by hideleg: HS, always enabled while V=1 ----
    li      a0, MIP_VSSIP
    csrw    hvip, a0
    ITEST 2, PRV_S, 1, CAUSE_ECALL_FROM_S # VS, HS SIE = 0: still taken
    CHECK_CSR scause, INTERRUPT_BIT | IRQ_VIRTUAL_SUPERVISOR_SOFTWARE
    la      a0, 89b
    csrr    a1, sepc
    CHECK_REG a0, a1
    csrr    a0, hstatus
    andi    a0, a0, HSTATUS_SPV
    CHECK   a0, HSTATUS_SPV
    ITEST 3, PRV_U, 1, CAUSE_ECALL_FROM_S # from VU too
    CHECK_CSR scause, INTERRUPT_BIT | IRQ_VIRTUAL_SUPERVISOR_SOFTWARE
    ITEST 4, PRV_S, 0, CAUSE_ECALL_FROM_S # HS with SIE = 0: not taken (the ecall)
    CHECK_CSR scause, SENTINEL
    li      a0, SSTATUS_SIE
    csrs    sstatus, a0
    ITEST 5, PRV_S, 0, CAUSE_ECALL_FROM_S # HS with SIE = 1: taken
    CHECK_CSR scause, INTERRUPT_BIT | IRQ_VIRTUAL_SUPERVISOR_SOFTWARE
    li      a0, SSTATUS_SIE
    csrc    sstatus, a0
    ITEST 6, PRV_U, 0, CAUSE_ECALL_FROM_S # U (V=0): taken into HS
    CHECK_CSR scause, INTERRUPT_BIT | IRQ_VIRTUAL_SUPERVISOR_SOFTWARE

# ---- delegated to VS with hideleg ----
    li      a0, MIP_VSEIP | MIP_VSTIP | MIP_VSSIP
    csrw    hideleg, a0
    ITEST 7, PRV_S, 1, CAUSE_ECALL_FROM_VS # VS with vsstatus.SIE = 0: not taken
    CHECK_CSR vscause, SENTINEL
    li      a0, SSTATUS_SIE
    csrs    vsstatus, a0
    ITEST 8, PRV_S, 1, CAUSE_ECALL_FROM_VS # taken into VS (the handler's ecall)
    CHECK_CSR vscause, INTERRUPT_BIT | IRQ_SUPERVISOR_SOFTWARE      # VSSI seen as SSI
    CHECK_CSR scause, SENTINEL
    la      a0, 89b
    csrr    a1, vsepc
    CHECK_REG a0, a1
    csrr    a0, vsstatus
    andi    a0, a0, SSTATUS_SPP | SSTATUS_SPIE | SSTATUS_SIE
    CHECK   a0, SSTATUS_SPP | SSTATUS_SPIE # SPP = S, SPIE = 1, SIE = 0
    li      a0, SSTATUS_SIE
    csrw    vsstatus, a0
    li      a0, MIP_VSTIP
    csrw    hvip, a0
    ITEST 9, PRV_S, 1, CAUSE_ECALL_FROM_VS
    CHECK_CSR vscause, INTERRUPT_BIT | IRQ_SUPERVISOR_TIMER
    li      a0, SSTATUS_SIE
    csrw    vsstatus, a0
    li      a0, MIP_VSEIP
    csrw    hvip, a0
    ITEST 10, PRV_S, 1, CAUSE_ECALL_FROM_VS
    CHECK_CSR vscause, INTERRUPT_BIT | IRQ_SUPERVISOR_EXTERNAL
    csrw    vsstatus, zero          # VS SIE = 0 ...
    ITEST 11, PRV_U, 1, CAUSE_ECALL_FROM_VS # ... but VU: always taken into VS
    CHECK_CSR vscause, INTERRUPT_BIT | IRQ_SUPERVISOR_EXTERNAL
    csrr    a0, vsstatus
    andi    a0, a0, SSTATUS_SPP
    CHECK   a0, 0                   # SPP = U
    li      a0, SSTATUS_SIE
    csrs    sstatus, a0
    csrw    vsstatus, a0
    ITEST 12, PRV_S, 0, CAUSE_ECALL_FROM_S # V=0: a VS interrupt waits
    CHECK_CSR scause, SENTINEL
    CHECK_CSR vscause, SENTINEL
    ITEST 13, PRV_U, 0, CAUSE_ECALL_FROM_U # U (V=0) too: the ecall from U
    CHECK_CSR vscause, SENTINEL
    li      a0, SSTATUS_SIE
    csrc    sstatus, a0

# ---- priority ----
    TEST 14
    li      a0, MIP_SSIP
    csrs    mideleg, a0             # SSI to HS
    csrs    mie, a0
    csrs    mip, a0                 # SSIP pending (HS) and VSEIP (VS)
    ITEST 15, PRV_S, 1, CAUSE_ECALL_FROM_S # in VS: the HS interrupt first
    CHECK_CSR scause, INTERRUPT_BIT | IRQ_SUPERVISOR_SOFTWARE
    li      a0, MIP_SSIP
    csrc    mip, a0
    csrc    mie, a0
    csrc    mideleg, a0
    csrw    hideleg, zero
    li      a0, MIP_VSEIP | MIP_VSTIP | MIP_VSSIP
    csrw    hvip, a0                # all three VS interrupts, to HS
    # QEMU 7.2 differs: it takes VSSI before VSEI (the spec's HS order:
    # SEI, SSI, STI, SGEI, VSEI, VSSI, VSTI).
    SKIP_ON_QEMU 1f
    ITEST 16, PRV_S, 1, CAUSE_ECALL_FROM_S
    CHECK_CSR scause, INTERRUPT_BIT | IRQ_VIRTUAL_SUPERVISOR_EXTERNAL      # VSEI first
1:
    li      a0, MIP_VSEIP
    csrc    hvip, a0
    ITEST 17, PRV_S, 1, CAUSE_ECALL_FROM_S
    CHECK_CSR scause, INTERRUPT_BIT | IRQ_VIRTUAL_SUPERVISOR_SOFTWARE       # then VSSI
    li      a0, MIP_VSSIP
    csrc    hvip, a0
    ITEST 18, PRV_S, 1, CAUSE_ECALL_FROM_S
    CHECK_CSR scause, INTERRUPT_BIT | IRQ_VIRTUAL_SUPERVISOR_TIMER       # then VSTI
    csrw    hvip, zero
    ITEST 19, PRV_S, 1, CAUSE_ECALL_FROM_VS # nothing pending
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
