/* A small VMM on Linux's KVM API: one VM, 64 KiB of RAM, one vcpu running
 * kvm_guest.S in VS-mode. It serves the guest's exits to user space (an
 * SBI DBCN console write, MMIO loads and stores, the SRST power-off), then
 * reads the report the guest left in its RAM and prints one checked line
 * per step ("init: kvm: ...: ok"). The KVM API: Documentation/virt/kvm/api.rst;
 * the RISC-V register ids: arch/riscv/include/uapi/asm/kvm.h (build.sh
 * compiles this against the kernel's own uapi headers). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/kvm.h>

#include "kvm_guest.h"
#include "vmm.h"

/* The guest's code and report, in init's read-only data (kvm_guest.S). */
extern const char kvm_guest_start[], kvm_guest_report[], kvm_guest_end[];

static const char guest_hello[] = "hello from a KVM guest\n";

/* The longest the guest may take (it needs a few ms); past it KVM_RUN
 * returns EINTR instead of hanging init. */
#define GUEST_SECONDS 30

/* What the VMM saw of the guest's exits. */
struct exits {
	int dbcn_writes, dbcn_ok;
	int mmio_loads, mmio_loads_ok;
	int mmio_stores, mmio_stores_ok;
	int shutdown;
	char why[160]; /* the first thing that went wrong */
};

static void __attribute__((format(printf, 2, 3))) fail(struct exits *e, const char *fmt, ...)
{
	va_list args;

	if (e->why[0])
		return;
	va_start(args, fmt);
	vsnprintf(e->why, sizeof e->why, fmt, args);
	va_end(args);
}

static int set_reg(int vcpu, uint64_t id, uint64_t value)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uint64_t)(uintptr_t)&value };

	return ioctl(vcpu, KVM_SET_ONE_REG, &reg);
}

static uint64_t core_reg(unsigned long index)
{
	return KVM_REG_RISCV | KVM_REG_SIZE_U64 | KVM_REG_RISCV_CORE | index;
}

/* DBCN console_write(num_bytes, base_addr_lo, base_addr_hi): the bytes are
 * in guest RAM; the SBI answer (error, bytes written) goes to a0/a1. */
static void dbcn(struct kvm_run *run, unsigned char *ram, struct exits *e)
{
	unsigned long n = run->riscv_sbi.args[0], gpa = run->riscv_sbi.args[1];

	e->dbcn_writes++;
	run->riscv_sbi.ret[0] = 0;
	run->riscv_sbi.ret[1] = n;
	if (run->riscv_sbi.function_id != 0 || run->riscv_sbi.args[2] != 0 || gpa < GUEST_RAM_BASE ||
	    n > GUEST_RAM_SIZE || gpa - GUEST_RAM_BASE > GUEST_RAM_SIZE - n) {
		run->riscv_sbi.ret[0] = (unsigned long)-3; /* SBI_ERR_INVALID_PARAM */
		run->riscv_sbi.ret[1] = 0;
		fail(e, "DBCN call with function %lu, address %#lx", run->riscv_sbi.function_id, gpa);
		return;
	}
	const char *text = (const char *)ram + (gpa - GUEST_RAM_BASE);
	printf("init: kvm: guest: %.*s", (int)n, text);
	if (n == 0 || text[n - 1] != '\n')
		printf("\n");
	if (n == strlen(guest_hello) && !memcmp(text, guest_hello, n))
		e->dbcn_ok++;
	else
		fail(e, "the guest printed %lu bytes from %#lx, not its hello", n, gpa);
}

static uint64_t le_bytes(const uint8_t *data, unsigned len)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < len; i++)
		v |= (uint64_t)data[i] << (8 * i);
	return v;
}

/* The device: two registers to read, two to write (kvm_guest.h). */
static void mmio(struct kvm_run *run, struct exits *e)
{
	uint64_t offset = run->mmio.phys_addr - GUEST_MMIO_BASE;
	unsigned len = run->mmio.len;

	if (!run->mmio.is_write) {
		uint64_t answer;

		e->mmio_loads++;
		if (offset == MMIO_ID && len == 8)
			answer = MMIO_ID_VALUE;
		else if (offset == MMIO_WORD && len == 4)
			answer = MMIO_WORD_VALUE;
		else {
			fail(e, "unexpected MMIO load at %#llx, %u bytes", (unsigned long long)run->mmio.phys_addr, len);
			return;
		}
		for (unsigned i = 0; i < len; i++)
			run->mmio.data[i] = (uint8_t)(answer >> (8 * i));
		e->mmio_loads_ok++;
		return;
	}
	uint64_t value = le_bytes(run->mmio.data, len < 8 ? len : 8);

	e->mmio_stores++;
	if ((offset == MMIO_ECHO && len == 8 && value == MMIO_ID_VALUE + 1) ||
	    (offset == MMIO_WORD_ECHO && len == 4 && value == MMIO_WORD_VALUE))
		e->mmio_stores_ok++;
	else
		fail(e, "unexpected MMIO store at %#llx, %u bytes, value %#llx", (unsigned long long)run->mmio.phys_addr,
		     len, (unsigned long long)value);
}

static void on_alarm(int sig)
{
	(void)sig; /* only interrupts KVM_RUN (EINTR) */
}

/* Runs the vcpu until the guest powers off or something goes wrong. The
 * guest makes 6 exits to user space (DBCN, two MMIO loads, two stores,
 * SRST); 64 means it is looping. */
static void run_guest(int vcpu, struct kvm_run *run, unsigned char *ram, struct exits *e)
{
	struct sigaction sa = { .sa_handler = on_alarm }; /* no SA_RESTART */
	int exits;

	sigaction(SIGALRM, &sa, NULL);
	alarm(GUEST_SECONDS);
	for (exits = 0; exits < 64 && !e->shutdown && !e->why[0]; exits++) {
		if (ioctl(vcpu, KVM_RUN, 0) != 0) {
			if (errno == EINTR)
				fail(e, "the guest ran for %d s without powering off", GUEST_SECONDS);
			else
				fail(e, "KVM_RUN failed: %s", strerror(errno));
			break;
		}
		switch (run->exit_reason) {
		case KVM_EXIT_RISCV_SBI:
			if (run->riscv_sbi.extension_id == SBI_EXT_DBCN)
				dbcn(run, ram, e);
			else
				fail(e, "SBI call to extension %#lx, function %lu reached the VMM",
				     run->riscv_sbi.extension_id, run->riscv_sbi.function_id);
			break;
		case KVM_EXIT_MMIO:
			mmio(run, e);
			break;
		case KVM_EXIT_SYSTEM_EVENT:
			if (run->system_event.type == KVM_SYSTEM_EVENT_SHUTDOWN)
				e->shutdown = 1;
			else
				fail(e, "system event %u", run->system_event.type);
			break;
		default:
			fail(e, "exit reason %u", run->exit_reason);
		}
	}
	if (exits == 64)
		fail(e, "64 exits without a power-off");
	alarm(0);
}

/* A failed check's reason: `first` (the guest's unexpected trap or the
 * first thing that went wrong in the exits), then the check's own facts. */
static const char *__attribute__((format(printf, 4, 5)))
explain(char *why, size_t size, const char *first, const char *fmt, ...)
{
	va_list args;
	int n = snprintf(why, size, "%s%s", first, *first ? "; " : "");

	va_start(args, fmt);
	vsnprintf(why + n, size - n, fmt, args);
	va_end(args);
	return why;
}

/* The checks on what the guest did, from the VMM's exits and the guest's
 * report. */
static void report(const struct exits *e, const uint64_t *r)
{
	char trap[100], why[300];
	const char *first = e->why;

	if (r[REPORT_BAD_CAUSE / 8]) {
		snprintf(trap, sizeof trap, "the guest trapped: scause %#lx at sepc %#lx",
			 (unsigned long)r[REPORT_BAD_CAUSE / 8], (unsigned long)r[REPORT_BAD_EPC / 8]);
		first = trap;
	}
	check(e->dbcn_writes == 1 && e->dbcn_ok == 1 && r[REPORT_DBCN_ERROR / 8] == 0 &&
		      r[REPORT_DBCN_WRITTEN / 8] == strlen(guest_hello),
	      "kvm: the guest prints through SBI DBCN (KVM_EXIT_RISCV_SBI)",
	      explain(why, sizeof why, first, "%d write(s), SBI answered error %ld, %lu bytes", e->dbcn_writes,
		      (long)r[REPORT_DBCN_ERROR / 8], (unsigned long)r[REPORT_DBCN_WRITTEN / 8]));
	check(r[REPORT_TIMER_IRQS / 8] == 1 && r[REPORT_TIMER_CAUSE / 8] == (1UL << 63 | 5) &&
		      r[REPORT_TIMER_TIME / 8] >= r[REPORT_DEADLINE / 8],
	      "kvm: the guest takes a timer interrupt (SBI set_timer, wfi, stvec)",
	      explain(why, sizeof why, first, "%lu interrupt(s), scause %#lx, at time %lu for the deadline %lu",
		      (unsigned long)r[REPORT_TIMER_IRQS / 8], (unsigned long)r[REPORT_TIMER_CAUSE / 8],
		      (unsigned long)r[REPORT_TIMER_TIME / 8], (unsigned long)r[REPORT_DEADLINE / 8]));
	check(e->mmio_loads == 2 && e->mmio_loads_ok == 2 && r[REPORT_MMIO_ID_OK / 8] == 1 &&
		      r[REPORT_MMIO_WORD / 8] == MMIO_WORD_VALUE,
	      "kvm: MMIO loads exit to the VMM (KVM_EXIT_MMIO) and the guest gets its answers",
	      explain(why, sizeof why, first, "%d load(s), %d answered, the guest read %#lx and %#lx", e->mmio_loads,
		      e->mmio_loads_ok, (unsigned long)r[REPORT_MMIO_ID / 8], (unsigned long)r[REPORT_MMIO_WORD / 8]));
	check(e->mmio_stores == 2 && e->mmio_stores_ok == 2, "kvm: MMIO stores exit to the VMM with the guest's values",
	      explain(why, sizeof why, first, "%d store(s), %d as expected", e->mmio_stores, e->mmio_stores_ok));
	check(e->shutdown, "kvm: the guest powers off through SBI SRST (KVM_EXIT_SYSTEM_EVENT)",
	      explain(why, sizeof why, first, "no shutdown event"));
}

void kvm_checks(void)
{
	struct exits e = { 0 };
	char why[120];
	int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);

	if (kvm < 0) {
		check(0, "kvm: open /dev/kvm", strerror(errno));
		return;
	}
	int version = ioctl(kvm, KVM_GET_API_VERSION, 0);

	snprintf(why, sizeof why, "version %d", version);
	check(version == KVM_API_VERSION, "kvm: /dev/kvm speaks API version 12", why);

	int vm = ioctl(kvm, KVM_CREATE_VM, 0);
	unsigned char *ram = mmap(NULL, GUEST_RAM_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct kvm_userspace_memory_region region = {
		.slot = 0,
		.guest_phys_addr = GUEST_RAM_BASE,
		.memory_size = GUEST_RAM_SIZE,
		.userspace_addr = (uint64_t)(uintptr_t)ram,
	};
	const char *step = "KVM_CREATE_VM";
	int vcpu = -1;
	long run_size = -1;
	struct kvm_run *run = MAP_FAILED;

	if (vm >= 0 && ram != MAP_FAILED) {
		memcpy(ram, kvm_guest_start, kvm_guest_end - kvm_guest_start);
		step = "KVM_SET_USER_MEMORY_REGION";
		if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) == 0) {
			step = "KVM_CREATE_VCPU";
			vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
		}
	}
	if (vcpu >= 0) {
		step = "mmap of kvm_run";
		run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
		if (run_size > 0)
			run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	}
	if (run != MAP_FAILED) {
		/* DBCN is off by default in a new vcpu; it can be turned on only
		 * before the first KVM_RUN. Then the boot registers. */
		step = "KVM_SET_ONE_REG";
		if (set_reg(vcpu, KVM_REG_RISCV | KVM_REG_SIZE_U64 | KVM_REG_RISCV_SBI_EXT | KVM_REG_RISCV_SBI_SINGLE |
					  KVM_RISCV_SBI_EXT_DBCN, 1) == 0 &&
		    set_reg(vcpu, core_reg(KVM_REG_RISCV_CORE_REG(regs.pc)), GUEST_RAM_BASE) == 0 &&
		    set_reg(vcpu, core_reg(KVM_REG_RISCV_CORE_REG(regs.a0)), 0) == 0 &&
		    set_reg(vcpu, core_reg(KVM_REG_RISCV_CORE_REG(regs.a1)), GUEST_MMIO_BASE) == 0)
			step = NULL;
	}
	snprintf(why, sizeof why, "%s: %s", step ? step : "", strerror(errno));
	check(!step, "kvm: a VM with 64 KiB of RAM and one vcpu (pc, a0, a1 set)", why);
	if (!step) {
		run_guest(vcpu, run, ram, &e);
		report(&e, (const uint64_t *)(ram + (kvm_guest_report - kvm_guest_start)));
	}
	if (run != MAP_FAILED)
		munmap(run, run_size);
	if (vcpu >= 0)
		close(vcpu);
	if (ram != MAP_FAILED)
		munmap(ram, GUEST_RAM_SIZE);
	if (vm >= 0)
		close(vm);
	close(kvm);
}
