/* The guest that vmm.c runs under KVM: a few dozen instructions in VS-mode
 * (bare, vsatp = 0), copied to GUEST_RAM_BASE and entered there with
 * a0 = hart id and a1 = the MMIO device's base. It
 *   (a) prints a line through SBI DBCN console_write, which KVM forwards to
 *       the VMM as KVM_EXIT_RISCV_SBI;
 *   (b) asks for a timer interrupt with SBI set_timer (KVM serves it: with
 *       Sstc through vstimecmp), enables sie.STIE and sstatus.SIE and waits
 *       in wfi until its stvec handler has taken the interrupt;
 *   (c) loads from and stores to the MMIO device, which lies in no memory
 *       slot: each access is a guest-page fault that KVM decodes (from
 *       htinst, or by reading the instruction with HLVX) into KVM_EXIT_MMIO;
 * records what it saw in its report (kvm_guest.h) and powers off with SBI
 * SRST. It lives in init's read-only data and is only ever run as a copy,
 * so it is position-independent: every address is pc-relative (lla). */
#include "kvm_guest.h"

	.section .rodata.kvm_guest, "a"
	.option push
	.option norelax /* no gp-relative rewriting: the copy runs elsewhere */
	.option rvc
	.balign 4
	.globl kvm_guest_start, kvm_guest_report, kvm_guest_end
kvm_guest_start:
	mv s1, a1                       /* the MMIO device */
	lla s2, kvm_guest_report
	lla t0, trap
	csrw stvec, t0

	/* (a) DBCN console_write(num_bytes, base_lo, base_hi) */
	lla a1, hello
	lla a0, hello_end
	sub a0, a0, a1
	li a2, 0
	li a6, 0
	li a7, SBI_EXT_DBCN
	ecall
	sd a0, REPORT_DBCN_ERROR(s2)
	sd a1, REPORT_DBCN_WRITTEN(s2)

	/* (b) set_timer(now + GUEST_TIMER_TICKS), then wait for the interrupt */
	rdtime t0
	li t1, GUEST_TIMER_TICKS
	add a0, t0, t1
	sd a0, REPORT_DEADLINE(s2)
	li a6, 0
	li a7, SBI_EXT_TIME
	ecall
	li t0, 1 << 5                   /* sie.STIE */
	csrs sie, t0
	csrsi sstatus, 1 << 1           /* sstatus.SIE */
1:	wfi
	ld t0, REPORT_TIMER_IRQS(s2)
	beqz t0, 1b
	csrci sstatus, 1 << 1

	/* (c) MMIO: an 8-byte load, a compressed 4-byte load, two stores */
	ld t0, MMIO_ID(s1)
	sd t0, REPORT_MMIO_ID(s2)
	li t1, MMIO_ID_VALUE
	sub t1, t0, t1
	seqz t1, t1
	sd t1, REPORT_MMIO_ID_OK(s2)
	c.lw a2, MMIO_WORD(s1)
	sd a2, REPORT_MMIO_WORD(s2)
	addi t0, t0, 1
	sd t0, MMIO_ECHO(s1)
	c.sw a2, MMIO_WORD_ECHO(s1)

poweroff:
	li a0, 0                        /* shutdown */
	li a1, 0                        /* no reason */
	li a6, 0
	li a7, SBI_EXT_SRST
	ecall
2:	wfi                             /* SRST does not return */
	j 2b

	/* The trap handler: the one expected trap is the supervisor timer
	 * interrupt (scause = interrupt bit | 5); it counts it and masks
	 * sie.STIE so it does not come again. Anything else is reported and
	 * ends the run. Only t registers are used: the code it interrupts
	 * keeps its state in s registers. */
	.balign 4
trap:
	csrr t0, scause
	li t1, (1 << 63) | 5
	bne t0, t1, unexpected
	ld t1, REPORT_TIMER_IRQS(s2)
	addi t1, t1, 1
	sd t1, REPORT_TIMER_IRQS(s2)
	sd t0, REPORT_TIMER_CAUSE(s2)
	rdtime t1
	sd t1, REPORT_TIMER_TIME(s2)
	li t1, 1 << 5
	csrc sie, t1
	sret
unexpected:
	sd t0, REPORT_BAD_CAUSE(s2)
	csrr t0, sepc
	sd t0, REPORT_BAD_EPC(s2)
	j poweroff

hello:
	.ascii "hello from a KVM guest\n"
hello_end:
	.balign 8
kvm_guest_report:
	.zero REPORT_SIZE
kvm_guest_end:
	.option pop
