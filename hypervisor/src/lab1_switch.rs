//! Lab 1: the world switch. `run_guest` enters the guest with `sret` and returns when the guest
//! traps; to the Rust caller it looks like an ordinary function call that took a while.
//!
//! How `sret` enters the guest (privileged spec, H extension, "Trap Return"): it jumps to sepc,
//! sets the virtualization mode V = hstatus.SPV and the privilege to sstatus.SPP. With
//! hstatus.SPV = 1 and sstatus.SPP = 1 the guest runs in VS-mode; any trap that is not
//! delegated to VS (hedeleg/hideleg) comes back to HS-mode at stvec = `guest_exit`, with
//! V = 0, hstatus.SPV = 1 and sscratch still holding the pointer we left there.
//!
//! The assembly finds `GuestRegs`' fields through `const` operands computed with `offset_of!`:
//! `{x}+8*N` is guest register xN, `{host}+8*i` the i-th saved host register (ra, sp, gp, tp,
//! s0..s11), and `{sepc}`, `{hstatus}`, `{sstatus}` the CSR values. Changing the struct moves
//! the offsets with it.

use crate::lab1_vcpu::GuestRegs;
use core::mem::offset_of;

core::arch::global_asm!(
    r#"
    .text
    .align 4
    .globl run_guest
run_guest:                      # a0 = &mut GuestRegs (the vcpu being run)
    sd   ra, {host}+8*0(a0)     # host ra: where run_guest returns to
    sd   sp, {host}+8*1(a0)     # host sp: the host stack
    sd   gp, {host}+8*2(a0)     # host gp: host global pointer (guest may change it)
    sd   tp, {host}+8*3(a0)     # host tp: host thread pointer (guest may change it)
    sd   s0, {host}+8*4(a0)     # host s0: callee-saved (Rust ABI)
    sd   s1, {host}+8*5(a0)     # host s1: callee-saved (Rust ABI)
    sd   s2, {host}+8*6(a0)     # host s2: callee-saved (Rust ABI)
    sd   s3, {host}+8*7(a0)     # host s3: callee-saved (Rust ABI)
    sd   s4, {host}+8*8(a0)     # host s4: callee-saved (Rust ABI)
    sd   s5, {host}+8*9(a0)     # host s5: callee-saved (Rust ABI)
    sd   s6, {host}+8*10(a0)    # host s6: callee-saved (Rust ABI)
    sd   s7, {host}+8*11(a0)    # host s7: callee-saved (Rust ABI)
    sd   s8, {host}+8*12(a0)    # host s8: callee-saved (Rust ABI)
    sd   s9, {host}+8*13(a0)    # host s9: callee-saved (Rust ABI)
    sd   s10, {host}+8*14(a0)   # host s10: callee-saved (Rust ABI)
    sd   s11, {host}+8*15(a0)   # host s11: callee-saved (Rust ABI)
    ld   t0, {hstatus}(a0)
    csrw hstatus, t0            # hstatus.SPV = 1: sret enters V = 1
    ld   t0, {sstatus}(a0)
    csrw sstatus, t0            # sstatus.SPP: 1 = VS-mode, 0 = VU-mode (where the guest was)
    ld   t0, {sepc}(a0)
    csrw sepc, t0               # sepc: the guest pc to resume at
    la   t0, {exit_vector}
    csrw stvec, t0              # the next trap into HS is a guest exit
    csrw sscratch, a0           # guest_exit finds GuestRegs here
    ld   ra, {x}+8*1(a0)        # guest ra: return address
    ld   sp, {x}+8*2(a0)        # guest sp: stack pointer
    ld   gp, {x}+8*3(a0)        # guest gp: global pointer
    ld   tp, {x}+8*4(a0)        # guest tp: thread pointer
    ld   t0, {x}+8*5(a0)        # guest t0: temporary
    ld   t1, {x}+8*6(a0)        # guest t1: temporary
    ld   t2, {x}+8*7(a0)        # guest t2: temporary
    ld   s0, {x}+8*8(a0)        # guest s0: saved/frame pointer
    ld   s1, {x}+8*9(a0)        # guest s1: saved
    ld   a1, {x}+8*11(a0)       # guest a1: argument/return
    ld   a2, {x}+8*12(a0)       # guest a2: argument
    ld   a3, {x}+8*13(a0)       # guest a3: argument
    ld   a4, {x}+8*14(a0)       # guest a4: argument
    ld   a5, {x}+8*15(a0)       # guest a5: argument
    ld   a6, {x}+8*16(a0)       # guest a6: argument (SBI FID)
    ld   a7, {x}+8*17(a0)       # guest a7: argument (SBI EID)
    ld   s2, {x}+8*18(a0)       # guest s2: saved
    ld   s3, {x}+8*19(a0)       # guest s3: saved
    ld   s4, {x}+8*20(a0)       # guest s4: saved
    ld   s5, {x}+8*21(a0)       # guest s5: saved
    ld   s6, {x}+8*22(a0)       # guest s6: saved
    ld   s7, {x}+8*23(a0)       # guest s7: saved
    ld   s8, {x}+8*24(a0)       # guest s8: saved
    ld   s9, {x}+8*25(a0)       # guest s9: saved
    ld   s10, {x}+8*26(a0)      # guest s10: saved
    ld   s11, {x}+8*27(a0)      # guest s11: saved
    ld   t3, {x}+8*28(a0)       # guest t3: temporary
    ld   t4, {x}+8*29(a0)       # guest t4: temporary
    ld   t5, {x}+8*30(a0)       # guest t5: temporary
    ld   t6, {x}+8*31(a0)       # guest t6: temporary
    ld   a0, {x}+8*10(a0)       # guest a0 last: it held our pointer until now
    sret                        # into the guest

    .align 4                    # stvec requires 4-byte alignment (MODE = Direct)
    .globl guest_exit
guest_exit:
    csrrw a0, sscratch, a0      # a0 = &mut GuestRegs, sscratch = guest a0
    sd   ra, {x}+8*1(a0)        # guest ra
    sd   sp, {x}+8*2(a0)        # guest sp
    sd   gp, {x}+8*3(a0)        # guest gp
    sd   tp, {x}+8*4(a0)        # guest tp
    sd   t0, {x}+8*5(a0)        # guest t0
    sd   t1, {x}+8*6(a0)        # guest t1
    sd   t2, {x}+8*7(a0)        # guest t2
    sd   s0, {x}+8*8(a0)        # guest s0
    sd   s1, {x}+8*9(a0)        # guest s1
    sd   a1, {x}+8*11(a0)       # guest a1
    sd   a2, {x}+8*12(a0)       # guest a2
    sd   a3, {x}+8*13(a0)       # guest a3
    sd   a4, {x}+8*14(a0)       # guest a4
    sd   a5, {x}+8*15(a0)       # guest a5
    sd   a6, {x}+8*16(a0)       # guest a6
    sd   a7, {x}+8*17(a0)       # guest a7
    sd   s2, {x}+8*18(a0)       # guest s2
    sd   s3, {x}+8*19(a0)       # guest s3
    sd   s4, {x}+8*20(a0)       # guest s4
    sd   s5, {x}+8*21(a0)       # guest s5
    sd   s6, {x}+8*22(a0)       # guest s6
    sd   s7, {x}+8*23(a0)       # guest s7
    sd   s8, {x}+8*24(a0)       # guest s8
    sd   s9, {x}+8*25(a0)       # guest s9
    sd   s10, {x}+8*26(a0)      # guest s10
    sd   s11, {x}+8*27(a0)      # guest s11
    sd   t3, {x}+8*28(a0)       # guest t3
    sd   t4, {x}+8*29(a0)       # guest t4
    sd   t5, {x}+8*30(a0)       # guest t5
    sd   t6, {x}+8*31(a0)       # guest t6
    .globl guest_exit_saved
guest_exit_saved:               # every guest register but a0 saved; sscratch = guest a0
    csrr t0, sscratch
    sd   t0, {x}+8*10(a0)       # guest a0
    csrr t0, sepc
    sd   t0, {sepc}(a0)         # guest pc of the trapping instruction (or of the interrupted one)
    csrr t0, hstatus
    sd   t0, {hstatus}(a0)      # hstatus.SPV = 1, SPVP = guest privilege, GVA
    csrr t0, sstatus
    sd   t0, {sstatus}(a0)      # sstatus.SPP = guest privilege (1 VS, 0 VU)
    la   t0, host_trap_vector
    csrw stvec, t0              # back in the hypervisor: its own faults go to lab0_trap
    ld   ra, {host}+8*0(a0)     # host ra
    ld   sp, {host}+8*1(a0)     # host sp
    ld   gp, {host}+8*2(a0)     # host gp
    ld   tp, {host}+8*3(a0)     # host tp
    ld   s0, {host}+8*4(a0)     # host s0
    ld   s1, {host}+8*5(a0)     # host s1
    ld   s2, {host}+8*6(a0)     # host s2
    ld   s3, {host}+8*7(a0)     # host s3
    ld   s4, {host}+8*8(a0)     # host s4
    ld   s5, {host}+8*9(a0)     # host s5
    ld   s6, {host}+8*10(a0)    # host s6
    ld   s7, {host}+8*11(a0)    # host s7
    ld   s8, {host}+8*12(a0)    # host s8
    ld   s9, {host}+8*13(a0)    # host s9
    ld   s10, {host}+8*14(a0)   # host s10
    ld   s11, {host}+8*15(a0)   # host s11
    ret                         # "return" from run_guest into the Rust caller
"#,
    x = const offset_of!(GuestRegs, x),
    sepc = const offset_of!(GuestRegs, sepc),
    hstatus = const offset_of!(GuestRegs, hstatus),
    sstatus = const offset_of!(GuestRegs, sstatus),
    host = const offset_of!(GuestRegs, host),
    exit_vector = sym exit_vector,
);

#[cfg(not(feature = "exercise-lab1-switch"))]
extern "C" {
    /// The trap vector above, which saves every guest register.
    fn guest_exit();
}

/// Lab 1-0: stvec while the guest runs.
#[cfg(not(feature = "exercise-lab1-switch"))]
use guest_exit as exit_vector;

// Lab 1-0, the exercise (`--features exercise-lab1`): the trap vector `run_guest` installs
// is this starting point, which saves only the SBI call's registers a1..a7 (a0 is saved at
// `guest_exit_saved`), so the guest's other registers come back with stale values.
#[cfg(feature = "exercise-lab1-switch")]
core::arch::global_asm!(
    r#"
    .text
    .align 4
    .globl exercise_guest_exit
exercise_guest_exit:
    csrrw a0, sscratch, a0      # a0 = &mut GuestRegs, sscratch = guest a0
    # TODO(lab 1-0): save every guest register (x1..x31), not just the SBI arguments.
    sd   a1, {x}+8*11(a0)
    sd   a2, {x}+8*12(a0)
    sd   a3, {x}+8*13(a0)
    sd   a4, {x}+8*14(a0)
    sd   a5, {x}+8*15(a0)
    sd   a6, {x}+8*16(a0)
    sd   a7, {x}+8*17(a0)
    j    guest_exit_saved
"#,
    x = const offset_of!(GuestRegs, x),
);

#[cfg(feature = "exercise-lab1-switch")]
extern "C" {
    fn exercise_guest_exit();
}
#[cfg(feature = "exercise-lab1-switch")]
use exercise_guest_exit as exit_vector;

extern "C" {
    /// Run the guest until its next trap into HS-mode. Saves the guest's registers back into
    /// `regs`; scause/stval/htval/htinst describe the exit.
    pub fn run_guest(regs: *mut GuestRegs);
}
