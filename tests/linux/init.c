/* The initramfs's /init for hemu's Linux test (tests/linux/build.sh). It
 * checks from user space what a Linux system needs from the machine and the
 * firmware (cpuinfo, time through the vDSO, a timer sleep, fork/exec/wait,
 * memory pressure, a KVM virtual machine: vmm.c), prints one line per check
 * ("init: ...: ok" or "init: ...: FAILED: why"), then powers off. Run as "/init child" it is the
 * second program that the fork/exec check starts. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "vmm.h"

#define CHILD_STATUS 42

/* The file build.sh puts in the separate initrd (initrd.cpio), which the
 * kernel unpacks over its built-in initramfs when the boot loader names
 * one in /chosen (hemu --initrd, QEMU -initrd). */
#define INITRD_MARKER "/initrd-marker"
#define INITRD_TEXT "hemu initrd marker 5f3a\n"

static int failures;

void check(int ok, const char *what, const char *why)
{
	if (ok)
		printf("init: %s: ok\n", what);
	else {
		printf("init: %s: FAILED: %s\n", what, why);
		failures++;
	}
	fflush(stdout);
}

/* /proc/cpuinfo's "isa" and "mmu" lines, as the kernel sees the hart. */
static void cpuinfo(void)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[512];
	int isa = 0, mmu = 0;

	if (!f) {
		check(0, "read /proc/cpuinfo", strerror(errno));
		return;
	}
	while (fgets(line, sizeof line, f)) {
		if (!strncmp(line, "isa", 3) && !strncmp(line + strspn(line + 3, " \t") + 3, ":", 1)) {
			printf("init: cpuinfo %s", line);
			isa = 1;
		} else if (!strncmp(line, "mmu", 3)) {
			printf("init: cpuinfo %s", line);
			mmu = 1;
		}
	}
	fclose(f);
	check(isa && mmu, "/proc/cpuinfo has isa and mmu", "a line is missing");
}

static unsigned long rdtime(void)
{
	unsigned long t;

	/* U-mode read of the time CSR: traps unless scounteren.TM is set. */
	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

static long long ns(const struct timespec *t)
{
	return t->tv_sec * 1000000000LL + t->tv_nsec;
}

static void time_checks(void)
{
	struct timespec a, b, pause = { 0, 20 * 1000 * 1000 };
	unsigned long t0, t1;

	/* glibc's clock_gettime goes through the vDSO, which reads time. */
	check(getauxval(AT_SYSINFO_EHDR) != 0, "the kernel maps a vDSO", "no AT_SYSINFO_EHDR");
	t0 = rdtime();
	t1 = rdtime();
	check(t1 >= t0 && t0 != 0, "rdtime from U-mode", "time does not advance");
	if (clock_gettime(CLOCK_MONOTONIC, &a) != 0) {
		check(0, "clock_gettime(CLOCK_MONOTONIC)", strerror(errno));
		return;
	}
	check(1, "clock_gettime(CLOCK_MONOTONIC) through the vDSO", "");
	if (nanosleep(&pause, NULL) != 0) {
		check(0, "nanosleep 20 ms", strerror(errno));
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	check(ns(&b) - ns(&a) >= 20 * 1000 * 1000, "nanosleep 20 ms (a timer interrupt)",
	      "woke up early");
}

static void fork_exec_wait(void)
{
	int status = 0;
	pid_t pid = fork();

	if (pid < 0) {
		check(0, "fork", strerror(errno));
		return;
	}
	if (pid == 0) {
		char *argv[] = { "/init", "child", NULL };

		execv("/init", argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid) {
		check(0, "waitpid", strerror(errno));
		return;
	}
	check(WIFEXITED(status) && WEXITSTATUS(status) == CHILD_STATUS,
	      "fork, exec and wait for a second program", "wrong exit status");
}

/* Touches three quarters of the free RAM, one byte per page, and reads it
 * back: every page is a fresh page fault the kernel serves from its free
 * lists, down to pages near the firmware's reserved region. */
static void memory_pressure(void)
{
	struct sysinfo si;
	size_t size, page = 4096, i;
	unsigned char *p;

	if (sysinfo(&si) != 0) {
		check(0, "sysinfo", strerror(errno));
		return;
	}
	size = (size_t)si.freeram * si.mem_unit / 4 * 3;
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		check(0, "mmap 3/4 of free RAM", strerror(errno));
		return;
	}
	for (i = 0; i < size; i += page)
		p[i] = (unsigned char)(i / page);
	for (i = 0; i < size && p[i] == (unsigned char)(i / page); i += page)
		;
	check(i >= size, "memory pressure: 3/4 of free RAM touched and read back", "a page lost its byte");
	munmap(p, size);
}

/* hemu bench's user-mode loop (emulator/src/bench/linux.rs), asked for by
 * "hemu_bench=N" on the kernel command line (the kernel hands parameters it
 * does not know to init as environment variables): N iterations of a
 * CPU-bound body of exactly BENCH_BODY instructions (xorshift64, a load and
 * a store to a 1 KiB buffer, a multiply, the loop's own two), between two
 * marker lines that the bench times. Written in assembly so that the count
 * is known whatever the compiler does. */
#define BENCH_BODY 15

static void bench_loop(unsigned long n)
{
	static unsigned long buf[128];
	unsigned long x = 0x9e3779b97f4a7c15UL, sum = 0, k = 0xbf58476d1ce4e5b9UL, t1, t2, t3;

	printf("init: bench: loop start (%lu x %d instructions)\n", n, BENCH_BODY);
	fflush(stdout);
	if (n)
		__asm__ volatile(
			"1:\n"
			"slli %[t1], %[x], 13\n"
			"xor %[x], %[x], %[t1]\n"
			"srli %[t1], %[x], 7\n"
			"xor %[x], %[x], %[t1]\n"
			"slli %[t1], %[x], 17\n"
			"xor %[x], %[x], %[t1]\n"
			"andi %[t2], %[x], 1016\n"
			"add %[t2], %[buf], %[t2]\n"
			"ld %[t3], 0(%[t2])\n"
			"add %[t3], %[t3], %[x]\n"
			"sd %[t3], 0(%[t2])\n"
			"mul %[t1], %[x], %[k]\n"
			"add %[sum], %[sum], %[t1]\n"
			"addi %[n], %[n], -1\n"
			"bnez %[n], 1b\n"
			: [x] "+r"(x), [sum] "+r"(sum), [n] "+r"(n), [t1] "=&r"(t1), [t2] "=&r"(t2),
			  [t3] "=&r"(t3)
			: [buf] "r"(buf), [k] "r"(k)
			: "memory");
	printf("init: bench: loop done (%016lx)\n", sum ^ buf[sum % 128]);
	fflush(stdout);
}

/* The initrd the boot loader placed (see INITRD_MARKER). */
static void initrd(void)
{
	char text[64] = "";
	FILE *f = fopen(INITRD_MARKER, "r");

	if (!f) {
		check(0, "the initrd's " INITRD_MARKER " is there", strerror(errno));
		return;
	}
	if (!fgets(text, sizeof text, f))
		text[0] = 0;
	fclose(f);
	printf("init: initrd: %s", text);
	check(!strcmp(text, INITRD_TEXT), "the initrd's " INITRD_MARKER " is there", "wrong contents");
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "child")) {
		printf("init: child running as pid %d\n", getpid());
		return CHILD_STATUS;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("init: hello from user space\n");
	if (getenv("hemu_bench")) {
		bench_loop(strtoul(getenv("hemu_bench"), NULL, 0));
		reboot(RB_POWER_OFF);
		return 1;
	}
	if (mount("proc", "/proc", "proc", 0, NULL) != 0)
		check(0, "mount /proc", strerror(errno));
	/* /dev/kvm: the kernel mounts devtmpfs itself only on a disk root. */
	if (mount("devtmpfs", "/dev", "devtmpfs", 0, NULL) != 0)
		check(0, "mount /dev", strerror(errno));
	initrd();
	cpuinfo();
	time_checks();
	fork_exec_wait();
	memory_pressure();
	kvm_checks();
	if (failures)
		printf("init: %d check(s) FAILED, powering off\n", failures);
	else
		printf("init: all checks passed, powering off\n");
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	printf("init: reboot(RB_POWER_OFF) returned: %s\n", strerror(errno));
	for (;;)
		pause();
}
