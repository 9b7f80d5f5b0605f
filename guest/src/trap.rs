//! Traps: the trap vector (assembly), user traps (system calls, timer preemption, faults that
//! kill the task) and kernel traps (the boot self-test).
//!
//! sscratch tells where a trap came from: while a task runs in VU-mode it holds the address of
//! that task's `TrapFrame`; while the kernel runs it is 0. The kernel never takes interrupts
//! (sstatus.SIE = 0 in VS-mode); user mode runs with them on (sstatus.SPIE = 1 before sret).
//!
//! Which exceptions reach us at all is the hypervisor's choice (its hedeleg, lab 2): page
//! faults, breakpoints and ecalls come straight from the hardware; illegal instructions and
//! access faults are injected by the hypervisor. From in here the two look the same.

use crate::task;
use defs::cell::ValueCell;
use defs::csr::{self, SCAUSE, SEPC, SSCRATCH, SSTATUS, STVAL, STVEC};
use defs::status::Sstatus;
use defs::trap::{Cause, Exception, Interrupt};

/// A task's registers while it is not running (layout used by the assembly below).
#[repr(C)]
pub struct TrapFrame {
    /// x0..x31 of the user task.
    pub x: [u64; 32],
    /// User pc.
    pub sepc: u64,
    /// Kernel stack to switch to on a trap.
    pub kernel_sp: u64,
    /// The task's address space (satp value).
    pub satp: u64,
}

impl TrapFrame {
    pub const ZERO: TrapFrame = TrapFrame { x: [0; 32], sepc: 0, kernel_sp: 0, satp: 0 };
}

core::arch::global_asm!(
    r#"
    .text
    .align 4
    .globl trap_vector
trap_vector:
    csrrw sp, sscratch, sp      # sp = &TrapFrame (from VU) or 0 (from VS); sscratch = old sp
    beqz sp, from_kernel
    sd   ra, 8(sp)      # user ra
    sd   gp, 24(sp)      # user gp
    sd   tp, 32(sp)      # user tp
    sd   t0, 40(sp)      # user t0
    sd   t1, 48(sp)      # user t1
    sd   t2, 56(sp)      # user t2
    sd   s0, 64(sp)      # user s0
    sd   s1, 72(sp)      # user s1
    sd   a1, 88(sp)      # user a1
    sd   a2, 96(sp)      # user a2
    sd   a3, 104(sp)      # user a3
    sd   a4, 112(sp)      # user a4
    sd   a5, 120(sp)      # user a5
    sd   a6, 128(sp)      # user a6
    sd   a7, 136(sp)      # user a7
    sd   s2, 144(sp)      # user s2
    sd   s3, 152(sp)      # user s3
    sd   s4, 160(sp)      # user s4
    sd   s5, 168(sp)      # user s5
    sd   s6, 176(sp)      # user s6
    sd   s7, 184(sp)      # user s7
    sd   s8, 192(sp)      # user s8
    sd   s9, 200(sp)      # user s9
    sd   s10, 208(sp)      # user s10
    sd   s11, 216(sp)      # user s11
    sd   t3, 224(sp)      # user t3
    sd   t4, 232(sp)      # user t4
    sd   t5, 240(sp)      # user t5
    sd   t6, 248(sp)      # user t6
    csrr t0, sscratch
    sd   t0, 16(sp)             # user sp
    sd   a0, 80(sp)             # user a0
    csrw sscratch, zero         # we are in the kernel now
    csrr t0, sepc
    sd   t0, 256(sp)            # user pc
    mv   a0, sp                 # a0: &mut TrapFrame of the task that trapped
    ld   sp, 264(sp)            # sp: the kernel stack
    call user_trap              # returns the TrapFrame of the task to run next
    .globl return_to_user
return_to_user:                 # a0 = &TrapFrame to resume
    ld   t0, 256(a0)
    csrw sepc, t0               # user pc
    ld   t0, 272(a0)
    csrw satp, t0               # the task's address space (kernel mappings are in every one)
    sfence.vma                  # drop translations of the previous address space
    csrw sscratch, a0           # the next trap from VU-mode saves into this frame
    ld   ra, 8(a0)      # user ra
    ld   gp, 24(a0)      # user gp
    ld   tp, 32(a0)      # user tp
    ld   t0, 40(a0)      # user t0
    ld   t1, 48(a0)      # user t1
    ld   t2, 56(a0)      # user t2
    ld   s0, 64(a0)      # user s0
    ld   s1, 72(a0)      # user s1
    ld   a1, 88(a0)      # user a1
    ld   a2, 96(a0)      # user a2
    ld   a3, 104(a0)      # user a3
    ld   a4, 112(a0)      # user a4
    ld   a5, 120(a0)      # user a5
    ld   a6, 128(a0)      # user a6
    ld   a7, 136(a0)      # user a7
    ld   s2, 144(a0)      # user s2
    ld   s3, 152(a0)      # user s3
    ld   s4, 160(a0)      # user s4
    ld   s5, 168(a0)      # user s5
    ld   s6, 176(a0)      # user s6
    ld   s7, 184(a0)      # user s7
    ld   s8, 192(a0)      # user s8
    ld   s9, 200(a0)      # user s9
    ld   s10, 208(a0)      # user s10
    ld   s11, 216(a0)      # user s11
    ld   t3, 224(a0)      # user t3
    ld   t4, 232(a0)      # user t4
    ld   t5, 240(a0)      # user t5
    ld   t6, 248(a0)      # user t6
    ld   sp, 16(a0)             # user sp
    ld   a0, 80(a0)             # user a0 last
    sret                        # to VU-mode (sstatus.SPP = 0, SPIE = 1 set by the kernel)

from_kernel:
    csrrw sp, sscratch, sp      # sp = kernel sp again, sscratch = 0 again
    addi sp, sp, -128
    sd   ra, 0(sp)      # kernel ra (caller-saved)
    sd   t0, 8(sp)      # kernel t0 (caller-saved)
    sd   t1, 16(sp)      # kernel t1 (caller-saved)
    sd   t2, 24(sp)      # kernel t2 (caller-saved)
    sd   a0, 32(sp)      # kernel a0 (caller-saved)
    sd   a1, 40(sp)      # kernel a1 (caller-saved)
    sd   a2, 48(sp)      # kernel a2 (caller-saved)
    sd   a3, 56(sp)      # kernel a3 (caller-saved)
    sd   a4, 64(sp)      # kernel a4 (caller-saved)
    sd   a5, 72(sp)      # kernel a5 (caller-saved)
    sd   a6, 80(sp)      # kernel a6 (caller-saved)
    sd   a7, 88(sp)      # kernel a7 (caller-saved)
    sd   t3, 96(sp)      # kernel t3 (caller-saved)
    sd   t4, 104(sp)      # kernel t4 (caller-saved)
    sd   t5, 112(sp)      # kernel t5 (caller-saved)
    sd   t6, 120(sp)      # kernel t6 (caller-saved)
    call kernel_trap
    ld   ra, 0(sp)      # kernel ra
    ld   t0, 8(sp)      # kernel t0
    ld   t1, 16(sp)      # kernel t1
    ld   t2, 24(sp)      # kernel t2
    ld   a0, 32(sp)      # kernel a0
    ld   a1, 40(sp)      # kernel a1
    ld   a2, 48(sp)      # kernel a2
    ld   a3, 56(sp)      # kernel a3
    ld   a4, 64(sp)      # kernel a4
    ld   a5, 72(sp)      # kernel a5
    ld   a6, 80(sp)      # kernel a6
    ld   a7, 88(sp)      # kernel a7
    ld   t3, 96(sp)      # kernel t3
    ld   t4, 104(sp)      # kernel t4
    ld   t5, 112(sp)      # kernel t5
    ld   t6, 120(sp)      # kernel t6
    addi sp, sp, 128
    sret                        # back into the kernel (sstatus.SPP = 1)
"#
);

extern "C" {
    fn trap_vector();
    /// Enter (or resume) the task whose frame is `frame`; never returns.
    pub fn return_to_user(frame: *mut TrapFrame) -> !;
}

pub fn init() {
    // SAFETY: installing our vector; sscratch = 0 means "in the kernel".
    unsafe {
        csr::write::<STVEC>(trap_vector as *const () as usize as u64);
        csr::write::<SSCRATCH>(0);
        // sstatus.SUM: the kernel may read/write user pages (for write/read system calls).
        csr::set::<SSTATUS>(Sstatus::SUM.bits());
    }
}

/// Before `sret` to a task: return to VU-mode (SPP = 0) with interrupts on (SPIE = 1).
pub fn prepare_user_return() {
    // SAFETY: only sstatus fields for the coming sret.
    unsafe {
        csr::clear::<SSTATUS>(Sstatus::SPP.bits());
        csr::set::<SSTATUS>(Sstatus::SPIE.bits());
    }
}

fn set_sepc(v: u64) {
    // SAFETY: the kernel trap handler's return address, a kernel instruction.
    unsafe { csr::write::<SEPC>(v) }
}

/// Say something the first time only.
fn once(flag: &ValueCell<bool>) -> bool {
    !flag.replace(true)
}

/// A trap from a task in VU-mode. Returns the frame of the task to run next.
#[no_mangle]
extern "C" fn user_trap(frame: &mut TrapFrame) -> *mut TrapFrame {
    static SAID_TIMER: ValueCell<bool> = ValueCell::new(false);
    static SAID_UART: ValueCell<bool> = ValueCell::new(false);
    static SAID_ECALL: ValueCell<bool> = ValueCell::new(false);
    let (scause, stval) = (csr::read::<SCAUSE>(), csr::read::<STVAL>());
    let next = match Cause::from_xcause(scause) {
        Some(Cause::Interrupt(Interrupt::SupervisorTimer)) => {
            if once(&SAID_TIMER) {
                println!("[kernel] timer interrupt in VU-mode (VSTIP): preempting the running task");
            }
            task::preempt()
        }
        Some(Cause::Interrupt(Interrupt::SupervisorExternal)) => {
            crate::console::on_interrupt();
            if once(&SAID_UART) {
                println!("[kernel] external interrupt (VSEIP): the 16550 has input");
            }
            frame as *mut TrapFrame
        }
        Some(Cause::Exception(Exception::EcallFromU)) => {
            if once(&SAID_ECALL) {
                println!("[kernel] first system call: ecall from VU-mode, delivered to VS-mode directly (hedeleg bit 8)");
            }
            frame.sepc += 4;
            crate::syscall::dispatch(frame)
        }
        Some(Cause::Exception(e)) => match e {
            Exception::IllegalInstruction => {
                task::kill_current(format_args!("illegal instruction at pc {:#x} (stval {stval:#x})", frame.sepc))
            }
            Exception::InstructionPageFault => {
                task::kill_current(format_args!("instruction page fault at address {stval:#x}"))
            }
            Exception::LoadPageFault => {
                task::kill_current(format_args!("load page fault at address {stval:#x} (pc {:#x})", frame.sepc))
            }
            Exception::StorePageFault => {
                task::kill_current(format_args!("store page fault at address {stval:#x} (pc {:#x})", frame.sepc))
            }
            Exception::LoadAccessFault | Exception::StoreAccessFault => {
                task::kill_current(format_args!("access fault at address {stval:#x} (pc {:#x})", frame.sepc))
            }
            _ => unexpected(scause, stval, frame.sepc),
        },
        _ => unexpected(scause, stval, frame.sepc),
    };
    prepare_user_return();
    next
}

/// A trap from a task that the kernel does not handle: the task dies.
fn unexpected(scause: u64, stval: u64, sepc: u64) -> *mut TrapFrame {
    task::kill_current(format_args!("unexpected trap scause {scause:#x} stval {stval:#x} at pc {sepc:#x}"))
}

/// Set while the self-test expects a trap.
static EXPECT_TRAP: ValueCell<bool> = ValueCell::new(false);

/// A trap while the kernel itself runs: only the self-test below may cause one.
#[no_mangle]
extern "C" fn kernel_trap() {
    let (scause, stval, sepc) = (csr::read::<SCAUSE>(), csr::read::<STVAL>(), csr::read::<SEPC>());
    if !EXPECT_TRAP.replace(false) {
        panic!("unexpected kernel trap: scause {scause:#x} stval {stval:#x} sepc {sepc:#x}");
    }
    match Exception::from_code(scause) {
        Some(Exception::Breakpoint) => println!("[kernel] self-test: breakpoint in VS-mode at {sepc:#x} arrived directly (hedeleg bit 3)"),
        Some(Exception::LoadAccessFault) => println!("[kernel] self-test: 4-byte load from the byte-wide 16550 -> load access fault at {stval:#x} (injected by the hypervisor)"),
        // The spec says store/AMO address misaligned (6); QEMU 7.2 reports a load one (4).
        Some(Exception::LoadAddressMisaligned | Exception::StoreAddressMisaligned) => println!("[kernel] self-test: misaligned AMO at {stval:#x} -> address-misaligned exception (scause {scause}), delivered via hedeleg"),
        _ => println!("[kernel] self-test: trap scause {scause} at {sepc:#x}"),
    }
    // Skip the instruction: 2 bytes if compressed (low bits != 11), else 4.
    // SAFETY: sepc points to kernel text we just executed.
    let low = unsafe { (sepc as *const u16).read_volatile() };
    set_sepc(sepc + if low & 3 == 3 { 4 } else { 2 });
}

/// Lab 2 seen from the guest: exceptions delegated to VS-mode by the hypervisor's hedeleg
/// (breakpoint; a misaligned AMO, which must trap since AMOs need natural alignment) and one
/// the hypervisor injects (an access fault from its MMIO emulation).
pub fn self_test() {
    EXPECT_TRAP.set(true);
    // SAFETY: the trap handler skips it.
    unsafe { core::arch::asm!("ebreak") };
    EXPECT_TRAP.set(true);
    let word = [0u64; 2];
    // SAFETY: traps before touching memory (address 1 byte past an aligned word); skipped.
    unsafe { core::arch::asm!("amoadd.w zero, zero, ({0})", in(reg) word.as_ptr() as usize + 1) };
    EXPECT_TRAP.set(true);
    // SAFETY: a 4-byte read of UART registers; the handler skips the instruction.
    let _ = unsafe { (crate::console::UART_BASE as *const u32).read_volatile() };
}
