# rv64h_csr: the hypervisor extension's CSR state, seen from M-mode, and the
# S names reaching the VS copies with V=1 (hypervisor spec, "Hypervisor and
# Virtual Supervisor CSRs" and "Machine-Level CSRs"):
#   misa.H; hstatus fields (VSXL read-only 64, VTSR/VTW/VTVM/HU/SPVP/SPV/GVA
#   writable, VGEIN read-only 0 with GEILEN = 0); hgeie/hgeip zero; the
#   writable bits of hedeleg, hideleg, mideleg (VS bits read-only one); the
#   views hvip/hip/mip/vsip/sip and hie/mie/vsie/sie and their aliases;
#   hcounteren; htimedelta, htval, htinst, mtval2, mtinst; hgatp (Bare,
#   Sv39x4, Sv48x4, VMID, PPN[1:0] = 0, an unsupported MODE is WARL and not
#   dropped); henvcfg (STCE, ADUE follow menvcfg; PBMTE read-only 0 without
#   Svpbmt); mstatus.MPV/GVA; the vs* CSRs; with V=1 sscratch/sepc/scause/
#   stval/stvec/sstatus/satp/sip/sie reach the VS copies and leave the HS
#   copies untouched; time read with V=1 is time + htimedelta.

    .option arch, +h

    .equ VS_IRQS, MIP_VSEIP | MIP_VSTIP | MIP_VSSIP
    .equ S_IRQS, MIP_SEIP | MIP_STIP | MIP_SSIP
    .equ MIP_LCOFIP, 1 << 13

    RVTEST_CODE_BEGIN

# ---- misa.H ----
    TEST 2
    csrr    a0, misa
    srli    a0, a0, 7
    andi    a0, a0, 1
    CHECK   a0, 1

# ---- hstatus ----
    TEST 3
    li      a0, -1
    csrw    hstatus, a0
    csrr    a1, hstatus
    li      a2, HSTATUS_VTSR | HSTATUS_VTW | HSTATUS_VTVM | HSTATUS_HU | HSTATUS_SPVP | HSTATUS_SPV | HSTATUS_GVA
    and     a3, a1, a2
    CHECK_REG a3, a2
    # QEMU 7.2 differs: hstatus has no write mask (the WPRI bits and VGEIN
    # read back as written).
    SKIP_ON_QEMU 1f
    li      a2, ~HSTATUS_VSBE       # VSBE is WARL (may follow HS endianness)
    and     a1, a1, a2
    # VSXL = 2 (64-bit); VGEIN = 0; WPRI fields zero
    CHECK   a1, (2 << HSTATUS_VSXL_SHIFT) | HSTATUS_VTSR | HSTATUS_VTW | HSTATUS_VTVM | HSTATUS_HU | HSTATUS_SPVP | HSTATUS_SPV | HSTATUS_GVA
1:
    TEST 4
    csrw    hstatus, zero           # VSXL is read-only: still 64-bit
    CHECK_CSR hstatus, 2 << HSTATUS_VSXL_SHIFT
    li      a0, 1 << HSTATUS_VSXL_SHIFT # VSXL = 32 is not supported
    csrw    hstatus, a0
    CHECK_CSR hstatus, 2 << HSTATUS_VSXL_SHIFT
    TEST 5
    # QEMU 7.2 differs: VGEIN is writable although GEILEN = 0.
    SKIP_ON_QEMU 1f
    li      a0, HSTATUS_VGEIN       # VGEIN: GEILEN = 0, read-only zero
    csrs    hstatus, a0
    CHECK_CSR hstatus, 2 << HSTATUS_VSXL_SHIFT
1:  csrw    hstatus, zero
    li      a0, -1
    csrw    hgeie, a0
    CHECK_CSR hgeie, 0
    CHECK_CSR hgeip, 0

# ---- delegation registers ----
    TEST 6
    li      a0, -1
    csrw    hedeleg, a0
    # writable: 0-8, 12, 13, 15; read-only zero: 9, 10, 11 (ecalls from
    # HS/VS/M), 16 (double trap), 20-23 (guest-page faults, virtual
    # instruction)
    CHECK_CSR hedeleg, 0xb1ff
    csrw    hedeleg, zero
    CHECK_CSR hedeleg, 0
    TEST 7
    li      a0, -1
    csrw    hideleg, a0
    csrr    a0, hideleg
    li      a1, ~MIP_LCOFIP
    and     a1, a0, a1
    CHECK   a1, VS_IRQS               # VSSI, VSTI, VSEI ...
    # ... and on hemu LCOFI (Sscofpmf; the base H chapter leaves bit 13 to
    # the implementation).
    SKIP_ON_QEMU 1f
    CHECK   a0, VS_IRQS | MIP_LCOFIP
1:  csrw    hideleg, zero
    CHECK_CSR hideleg, 0
    TEST 8
    csrw    mideleg, zero
    csrr    a0, mideleg
    andi    a1, a0, VS_IRQS
    CHECK   a1, VS_IRQS               # VS interrupts: read-only one
    # QEMU 7.2 differs: mideleg.SGEIP (bit 12) is read-only one although
    # GEILEN = 0 (hgeie is zero); the spec makes it one only for GEILEN > 0.
    SKIP_ON_QEMU 1f
    CHECK   a0, VS_IRQS
    li      a0, -1
    csrw    mideleg, a0
    CHECK_CSR mideleg, VS_IRQS | S_IRQS | MIP_LCOFIP # plus SSI, STI, SEI, LCOFI
1:  csrw    mideleg, zero

# ---- pending bits: hvip, hip, mip, vsip, sip ----
    TEST 9
    li      a0, -1
    csrw    hvip, a0
    CHECK_CSR hvip, VS_IRQS           # VSEIP, VSTIP, VSSIP writable
    CHECK_CSR hip, VS_IRQS            # hip shows them (SGEIP = 0)
    csrr    a0, mip
    andi    a0, a0, VS_IRQS
    CHECK   a0, VS_IRQS               # mip aliases hip's VS bits
    csrr    a0, sip
    andi    a0, a0, VS_IRQS
    CHECK   a0, 0                   # sip never shows VS interrupts
    CHECK_CSR vsip, 0               # hideleg = 0: vsip is zero
    TEST 10
    li      a0, VS_IRQS
    csrw    hideleg, a0
    # QEMU 7.2 differs: its vsip shows only SSIP, not the hvip-injected
    # VSTIP/VSEIP (vsip.STIP/SEIP alias hip.VSTIP/VSEIP when delegated).
    SKIP_ON_QEMU 1f
    CHECK_CSR vsip, S_IRQS           # shifted down: SEIP, STIP, SSIP
    li      a0, MIP_VSTIP
    csrw    hideleg, a0
    CHECK_CSR vsip, MIP_STIP           # only the delegated ones
1:
    TEST 11
    # QEMU 7.2 differs: a write of 0 to hip clears hvip.VSTIP/VSEIP and
    # keeps VSSIP (only hip.VSSIP is writable); tests 11-12 are skipped.
    SKIP_ON_QEMU 3f
    csrw    hip, zero               # only hip.VSSIP is writable
    CHECK_CSR hvip, MIP_VSEIP | MIP_VSTIP
    CHECK_CSR hip, MIP_VSEIP | MIP_VSTIP
    li      a0, MIP_VSSIP
    csrs    mip, a0                 # mip.VSSIP is the same bit
    CHECK_CSR hvip, VS_IRQS
    li      a0, MIP_VSEIP | MIP_VSTIP
    csrc    mip, a0                 # mip.VSTIP/VSEIP are read-only
    CHECK_CSR hip, VS_IRQS
    TEST 12
    li      a0, VS_IRQS
    csrw    hideleg, a0
    csrw    vsip, zero              # vsip.SSIP aliases hip.VSSIP; STIP,
    SKIP_ON_QEMU 1f                 # SEIP are read-only (QEMU 7.2: test 10)
    CHECK_CSR vsip, MIP_SEIP | MIP_STIP
1:  CHECK_CSR hvip, MIP_VSEIP | MIP_VSTIP
    li      a0, MIP_SSIP
    csrs    vsip, a0
    CHECK_CSR hvip, VS_IRQS
    csrw    hideleg, zero
    csrs    vsip, a0                # not delegated: vsip.SSIP read-only 0
    csrw    hvip, zero
    csrs    vsip, a0
    CHECK_CSR hvip, 0
    CHECK_CSR hip, 0
3:  csrw    hvip, zero
    csrw    hideleg, zero

# ---- enable bits: hie, mie, vsie, sie ----
    TEST 13
    li      a0, -1
    csrw    hie, a0
    csrr    a0, hie
    andi    a1, a0, VS_IRQS
    CHECK   a1, VS_IRQS
    # QEMU 7.2 differs: hie.SGEIE is writable although GEILEN = 0 (SGEIP
    # can never be pending, so SGEIE must be read-only zero).
    SKIP_ON_QEMU 1f
    CHECK   a0, VS_IRQS
1:  li      a0, MIP_SGEIP
    csrc    hie, a0
    csrr    a0, mie
    andi    a0, a0, VS_IRQS
    CHECK   a0, VS_IRQS
    csrr    a0, sie
    andi    a0, a0, VS_IRQS
    CHECK   a0, 0
    CHECK_CSR vsie, 0               # hideleg = 0
    li      a0, VS_IRQS
    csrw    hideleg, a0
    CHECK_CSR vsie, S_IRQS
    li      a0, MIP_VSSIP
    csrw    hideleg, a0
    csrw    vsie, zero              # clears only the delegated VSSIE
    CHECK_CSR hie, MIP_VSEIP | MIP_VSTIP
    li      a0, MIP_VSEIP | MIP_VSTIP
    csrc    mie, a0                 # mie's VS bits alias hie's
    CHECK_CSR hie, 0
    csrw    hideleg, zero

# ---- hcounteren, htimedelta, htval, htinst, mtval2, mtinst ----
    TEST 14
    li      a0, -1
    csrw    hcounteren, a0
    csrr    a1, hcounteren
    # QEMU 7.2 differs: hcounteren keeps bits 63:32 (it is a 32-bit register).
    SKIP_ON_QEMU 1f
    srli    a2, a1, 32
    CHECK   a2, 0                   # a 32-bit register
1:  andi    a1, a1, 7
    CHECK   a1, 7                   # CY, TM, IR writable
    csrw    hcounteren, zero
    CHECK_CSR hcounteren, 0
    TEST 15
    # QEMU's spike machine has no time CSR, hence no htimedelta (the spec
    # requires htimedelta only with time): skipped there.
    SKIP_ON_QEMU 1f
    li      a0, 0x123456789abcdef0
    csrw    htimedelta, a0
    CHECK_CSR htimedelta, 0x123456789abcdef0
    csrw    htimedelta, zero
1:
    li      a0, 0x80001000 >> 2     # a GPA >> 2, as a trap writes it
    csrw    htval, a0
    CHECK_CSR htval, 0x80001000 >> 2
    csrw    mtval2, a0
    CHECK_CSR mtval2, 0x80001000 >> 2
    # QEMU 7.2 differs: htinst reads zero after a write (a WARL register
    # must hold the values traps write, e.g. the 0x3000 pseudoinstruction).
    SKIP_ON_QEMU 1f
    li      a0, 0x3000              # the pseudoinstructions traps write
    csrw    htinst, a0
    CHECK_CSR htinst, 0x3000
    li      a0, 0x3020
    csrw    mtinst, a0
    CHECK_CSR mtinst, 0x3020
1:  csrw    htval, zero
    csrw    mtval2, zero
    csrw    htinst, zero
    csrw    mtinst, zero
    CHECK_CSR htval, 0
    CHECK_CSR mtinst, 0

# ---- hgatp ----
    TEST 16
    li      a0, HGATP_SV39X4 | (0x3fff << ATP_ID_SHIFT) | 0xfffffffffff
    csrw    hgatp, a0
    csrr    a1, hgatp
    srli    a2, a1, ATP_MODE_SHIFT
    CHECK   a2, HGATP_SV39X4 >> ATP_MODE_SHIFT
    # QEMU 7.2 differs: hgatp.PPN[1:0] read back as written (the spec:
    # "always read as zeros" in the x4 modes).
    SKIP_ON_QEMU 1f
    andi    a2, a1, 3
    CHECK   a2, 0                   # PPN[1:0] read as zero
1:    srli    a2, a1, ATP_ID_SHIFT
    andi    a2, a2, 1
    CHECK   a2, 1                   # VMID: at least bit 0 (LSBs first)
    li      a0, HGATP_SV48X4 | (1 << ATP_ID_SHIFT) | 0x80004
    csrw    hgatp, a0
    CHECK_CSR hgatp, HGATP_SV48X4 | (1 << ATP_ID_SHIFT) | 0x80004    # Sv48x4
    TEST 17
    # An unsupported MODE (5 is reserved) does not drop the write: the
    # other fields take the new value and MODE reads a legal one.
    # QEMU 7.2 differs: it ignores the whole write, as for satp.
    SKIP_ON_QEMU 1f
    li      a0, (5 << ATP_MODE_SHIFT) | (0 << ATP_ID_SHIFT) | 0x80008
    csrw    hgatp, a0
    csrr    a1, hgatp
    li      a2, (1 << ATP_MODE_SHIFT) - 1
    and     a2, a1, a2
    CHECK   a2, 0x80008             # VMID 0, PPN 0x80008: written
    srli    a2, a1, ATP_MODE_SHIFT
    beqz    a2, 1f
    addi    a2, a2, -(HGATP_SV39X4 >> ATP_MODE_SHIFT)
    beqz    a2, 1f
    addi    a2, a2, -1
    beqz    a2, 1f
    j       fail                    # MODE must be Bare, Sv39x4 or Sv48x4
1:  csrw    hgatp, zero
    CHECK_CSR hgatp, 0              # Bare

# ---- henvcfg ----
    TEST 18
    li      a0, ENVCFG_STCE | ENVCFG_ADUE
    csrs    menvcfg, a0
    li      a0, -1
    csrw    henvcfg, a0
    csrr    a1, henvcfg
    srli    a2, a1, 63
    CHECK   a2, 1                   # STCE
    # QEMU 7.2 implements Svpbmt but not Svadu (hemu: the reverse).
    SKIP_ON_QEMU 1f
    srli    a2, a1, 61
    # STCE = 1, PBMTE = 0 (no Svpbmt), ADUE = 1
    CHECK   a2, 5
1:    csrw    henvcfg, zero
    CHECK_CSR henvcfg, 0
    TEST 19
    # QEMU 7.2 differs: henvcfg.STCE stays writable while menvcfg.STCE = 0
    # (Sstc: henvcfg.STCE is then read-only zero; Svadu: same for ADUE).
    SKIP_ON_QEMU 1f
    li      a0, ENVCFG_STCE | ENVCFG_ADUE
    csrc    menvcfg, a0
    li      a0, -1
    csrw    henvcfg, a0
    csrr    a1, henvcfg
    srli    a2, a1, 61
    CHECK   a2, 0                   # read-only zero while menvcfg's are 0
1:  csrw    henvcfg, zero
    csrw    menvcfg, zero

# ---- mstatus.MPV, GVA ----
    TEST 20
    li      a0, MSTATUS_MPV | MSTATUS_GVA
    csrs    mstatus, a0
    csrr    a1, mstatus
    and     a1, a1, a0
    CHECK_REG a1, a0
    csrc    mstatus, a0
    csrr    a1, mstatus
    and     a1, a1, a0
    CHECK   a1, 0

# ---- the vs* CSRs from M ----
    TEST 21
    li      a0, 0x1111
    csrw    vsscratch, a0
    CHECK_CSR vsscratch, 0x1111
    li      a0, 0x80002001
    csrw    vsepc, a0
    # QEMU 7.2 differs: vsepc keeps bit 0 (vsepc holds what sepc can, and
    # sepc[0] is always zero).
    SKIP_ON_QEMU 1f
    CHECK_CSR vsepc, 0x80002000     # bit 0 is always zero
1:    li      a0, 0x80003000
    csrw    vstvec, a0
    CHECK_CSR vstvec, 0x80003000
    li      a0, CAUSE_LOAD_PAGE_FAULT
    csrw    vscause, a0
    CHECK_CSR vscause, CAUSE_LOAD_PAGE_FAULT
    li      a0, 0x4444
    csrw    vstval, a0
    CHECK_CSR vstval, 0x4444
    li      a0, SATP_SV39 | (3 << ATP_ID_SHIFT) | 0x81234
    csrw    vsatp, a0
    CHECK_CSR vsatp, SATP_SV39 | (3 << ATP_ID_SHIFT) | 0x81234
    # A reserved MODE with V=0: the spec allows ignoring the write (hemu's
    # choice, like satp) or WARL fields. QEMU 7.2 differs: it stores MODE 7.
    SKIP_ON_QEMU 1f
    li      a0, 0x7 << ATP_MODE_SHIFT
    csrw    vsatp, a0
    CHECK_CSR vsatp, SATP_SV39 | (3 << ATP_ID_SHIFT) | 0x81234
1:    csrw    vsatp, zero
    li      a0, SSTATUS_SUM | SSTATUS_SIE
    csrw    vsstatus, a0
    csrr    a1, vsstatus
    and     a1, a1, a0
    CHECK_REG a1, a0
    li      a0, SSTATUS_SIE
    csrc    vsstatus, a0            # SIE = 0 again (VS interrupts masked)

# ---- with V=1 the S names reach the VS copies ----
    TEST 22
    li      a0, 0x5a5a
    csrw    sscratch, a0            # HS copies
    li      a0, 0x80005000
    csrw    sepc, a0
    csrw    stvec, a0
    li      a0, CAUSE_STORE_ACCESS_FAULT
    csrw    scause, a0
    li      a0, 0x6666
    csrw    stval, a0
    li      a0, SATP_SV39 | (5 << ATP_ID_SHIFT) | 0x12345
    csrw    satp, a0
    li      a0, SSTATUS_SUM
    csrc    sstatus, a0             # HS SUM = 0, VS SUM = 1 (test 21)
    li      a0, -1
    csrw    hcounteren, a0
    li      a0, MIP_VSSIP
    csrw    hideleg, a0
    li      a0, MIP_VSSIP
    csrw    hvip, a0                # VSSIP pending
    csrw    hgatp, zero             # both stages Bare: identity
    csrw    vsatp, zero
    RESUME_AT 1f
    ENTER_VMODE PRV_S, 1, 2f
2:  csrr    s0, sscratch            # vsscratch
    csrr    s1, sstatus             # vsstatus
    csrr    s2, satp                # vsatp
    csrr    s3, sip                 # vsip
    li      a0, 0xabcd
    csrw    sscratch, a0
    la      a0, vs_target
    csrw    sepc, a0
    csrw    stvec, a0
    li      a0, CAUSE_BREAKPOINT
    csrw    scause, a0
    li      a0, 0x7777
    csrw    stval, a0
    li      a0, MIP_SSIP
    csrs    sie, a0                 # vsie.SSIE = hie.VSSIE (SIE = 0: masked)
    li      a0, SSTATUS_MXR
    csrs    sstatus, a0             # vsstatus.MXR
    ecall
    j       fail
1:  CHECK_TRAP CAUSE_ECALL_FROM_VS
    CHECK_PREV_V 1
    CHECK_PREV_MODE PRV_S
    CHECK   s0, 0x1111
    li      a0, SSTATUS_SUM
    and     a1, s1, a0
    CHECK_REG a1, a0                # vsstatus.SUM seen as sstatus.SUM
    CHECK   s2, 0
    # QEMU 7.2 differs: sip read in VS-mode shows 0 although hvip.VSSIP is
    # pending and delegated (vsip.SSIP aliases hip.VSSIP).
    SKIP_ON_QEMU 1f
    CHECK   s3, MIP_SSIP            # vsip.SSIP
1:    CHECK_CSR vsscratch, 0xabcd
    CHECK_CSR sscratch, 0x5a5a
    la      a0, vs_target
    csrr    a1, vsepc
    CHECK_REG a1, a0
    csrr    a1, vstvec
    CHECK_REG a1, a0
    CHECK_CSR sepc, 0x80005000
    CHECK_CSR stvec, 0x80005000
    CHECK_CSR vscause, CAUSE_BREAKPOINT
    CHECK_CSR scause, CAUSE_STORE_ACCESS_FAULT
    CHECK_CSR vstval, 0x7777
    CHECK_CSR stval, 0x6666
    CHECK_CSR satp, SATP_SV39 | (5 << ATP_ID_SHIFT) | 0x12345
    CHECK_CSR hie, MIP_VSSIP
    csrr    a0, vsstatus
    srli    a0, a0, 19              # vsstatus.MXR
    andi    a0, a0, 1
    CHECK   a0, 1
    csrr    a0, mstatus
    srli    a0, a0, 19
    andi    a0, a0, 1
    CHECK   a0, 0                   # HS MXR untouched
    csrw    satp, zero
    csrw    hvip, zero
    csrw    hie, zero
    csrw    hideleg, zero

# ---- time with V=1 is time + htimedelta ----
    TEST 23
    SKIP_ON_QEMU 3f                 # no time CSR on QEMU's spike (test 15)
    li      a0, 1 << 40
    csrw    htimedelta, a0
    rdtime  s0                      # before (M: no delta)
    RESUME_AT 1f
    ENTER_VMODE PRV_S, 1, 2f
2:  rdtime  s1                      # VS
    ecall
1:  rdtime  s2                      # after
    CHECK_TRAP CAUSE_ECALL_FROM_VS
    li      a0, 1 << 40
    sub     s1, s1, a0
    bltu    s1, s0, fail
    bltu    s2, s1, fail
    TEST 24
    RESUME_AT 1f
    ENTER_VMODE PRV_U, 1, 2f
2:  rdtime  s1                      # VU sees the same delta
    ecall
1:  rdtime  s2
    CHECK_TRAP CAUSE_ECALL_FROM_U
    CHECK_PREV_V 1
    CHECK_PREV_MODE PRV_U
    li      a0, 1 << 40
    sub     s1, s1, a0
    bltu    s1, s0, fail
    bltu    s2, s1, fail
    csrw    htimedelta, zero
3:  csrw    hcounteren, zero

    RVTEST_PASS

    .balign 4
vs_target:
    j       fail
