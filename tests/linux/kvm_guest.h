/* What the KVM guest (kvm_guest.S) and its VMM (vmm.c) agree on: where the
 * guest lives, its MMIO device and the layout of the report it leaves in
 * its RAM. Shared by C and assembly. */
#ifndef KVM_GUEST_H
#define KVM_GUEST_H

/* Guest-physical RAM: where the guest's code is copied and starts, in
 * VS-mode with the MMU off (vsatp = 0). */
#define GUEST_RAM_BASE 0x80000000
#define GUEST_RAM_SIZE 0x10000

/* A device that is no memory slot: every access to it is a G-stage fault
 * that KVM turns into KVM_EXIT_MMIO for the VMM. The VMM passes this base
 * in a1 (where a real VMM would pass the device tree). */
#define GUEST_MMIO_BASE 0x10000000
#define MMIO_ID 0          /* 8-byte load: the VMM answers MMIO_ID_VALUE */
#define MMIO_WORD 8        /* 4-byte load (compressed c.lw): MMIO_WORD_VALUE */
#define MMIO_ECHO 16       /* 8-byte store: the guest writes MMIO_ID_VALUE + 1 */
#define MMIO_WORD_ECHO 24  /* 4-byte store (compressed c.sw): the word it read */
#define MMIO_ID_VALUE 0x68656d756b766d21 /* "hemukvm!" */
/* Bit 31 clear: Linux 6.12's KVM zero-extends every MMIO load
 * (kvm_riscv_vcpu_mmio_return shifts an unsigned long), where lw must
 * sign-extend; a value with bit 31 set would test that bug, not us. */
#define MMIO_WORD_VALUE 0x1234abcd

/* The guest's report, in its RAM at kvm_guest_report: one 8-byte word each. */
#define REPORT_DBCN_ERROR 0     /* a0 of the DBCN console_write call */
#define REPORT_DBCN_WRITTEN 8   /* a1 of it: bytes written */
#define REPORT_DEADLINE 16      /* the time passed to SBI set_timer */
#define REPORT_TIMER_IRQS 24    /* timer interrupts taken */
#define REPORT_TIMER_CAUSE 32   /* scause at the interrupt */
#define REPORT_TIMER_TIME 40    /* time read in the handler */
#define REPORT_MMIO_ID 48       /* what the 8-byte MMIO load returned */
#define REPORT_MMIO_ID_OK 56    /* 1 if that was MMIO_ID_VALUE (the guest's own check) */
#define REPORT_MMIO_WORD 64     /* what the 4-byte MMIO load returned */
#define REPORT_BAD_CAUSE 72     /* scause of an unexpected trap, else 0 */
#define REPORT_BAD_EPC 80       /* its sepc */
#define REPORT_SIZE 88

/* SBI: extension IDs (a7) the guest calls. */
#define SBI_EXT_TIME 0x54494D45 /* "TIME": set_timer, handled inside KVM */
#define SBI_EXT_DBCN 0x4442434E /* "DBCN": console_write, forwarded to the VMM */
#define SBI_EXT_SRST 0x53525354 /* "SRST": system_reset, KVM_EXIT_SYSTEM_EVENT */

/* The guest waits this many ticks of its time CSR for its timer interrupt. */
#define GUEST_TIMER_TICKS 10000

#endif
