/* init.c and vmm.c: the checks' one output format, and the KVM checks. */
#ifndef VMM_H
#define VMM_H

/* Prints "init: WHAT: ok" or "init: WHAT: FAILED: WHY" and counts failures. */
void check(int ok, const char *what, const char *why);

/* Runs kvm_guest.S in a KVM virtual machine and checks what it did. */
void kvm_checks(void);

#endif
