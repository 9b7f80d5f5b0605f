//! Block -> x86-64: see the module doc of `jit`.

use super::pack;
use super::x86::{Alu, Asm, Cond, Reg, Shift, Width};
use crate::hart::Hart;
use crate::isa::block::{Block, BlockInst, BLOCK_MAX};
use crate::bus::ram::HostRam;
use crate::isa::block::Running;
use crate::isa::exec::threaded::{Form, LEAVE, NEXT, TAKEN};
use crate::isa::Op;
use std::mem::offset_of;

/// `[rbx + xreg(r)]` is x[r].
fn xreg(r: u8) -> i32 {
    (offset_of!(Hart, x) + 8 * (r as usize & 31)) as i32
}

/// `[rbx + PC]` is the pc.
const PC: i32 = offset_of!(Hart, pc) as i32;

/// The machine code for `b`: a function `(hart) -> packed exit`.
pub fn block(b: &Block) -> Vec<u8> {
    let mut a = Asm { code: Vec::with_capacity(2048) };
    a.push_rbx();
    a.mov(Reg::Rbx, Reg::Rdi);
    let body = a.code.len();
    let len = (b.len as usize).min(BLOCK_MAX);
    for (k, e) in b.insts[..len].iter().enumerate() {
        if e.form == Form::Branch && e.target == b.pc {
            if self_loop(&mut a, e, k, len, body) {
                continue;
            }
        }
        if !inline(&mut a, e, k) {
            call(&mut a, e, k);
        }
    }
    leave(&mut a, pack(NEXT, len));
    a.code
}

/// `[rbx + FUEL]`: `Hart::fuel`; `[rbx + RUNNING_START]`: `Running::start`.
const FUEL: i32 = offset_of!(Hart, fuel) as i32;
const RUNNING_START: i32 = (offset_of!(Hart, running) + offset_of!(Running, start)) as i32;

/// A branch back to the block's own start (a loop that is one block): when
/// taken and the fuel allows another whole pass, count the pass's k + 1
/// instructions (in `Hart::fuel` and `Running::start`, from which the run
/// loop settles the retire counts) and go round without leaving the
/// block. Otherwise as any branch.
fn self_loop(a: &mut Asm, e: &BlockInst, k: usize, len: usize, body: usize) -> bool {
    let i = &e.inst;
    let Some(cc) = branch_cond(i.op) else { return false };
    let pass = (k + 1) as i32;
    a.load(Reg::Rax, xreg(i.rs1));
    a.alu_mem(Alu::Cmp, Width::W64, Reg::Rax, xreg(i.rs2));
    let not_taken = a.jcc_forward(cc.not());
    a.load(Reg::Rax, FUEL);
    a.alu_imm(Alu::Sub, Width::W64, Reg::Rax, pass);
    a.alu_imm(Alu::Cmp, Width::W64, Reg::Rax, len as i32);
    let out_of_fuel = a.jcc_forward(Cond::B);
    a.store(FUEL, Reg::Rax);
    a.add_mem_imm(RUNNING_START, pass);
    a.jmp_back(body);
    a.bind(out_of_fuel);
    a.mov_imm64(Reg::Rax, e.target);
    a.store(PC, Reg::Rax);
    leave(a, pack(TAKEN, k));
    a.bind(not_taken);
    true
}

/// The x86 condition of a RISC-V branch.
fn branch_cond(op: Op) -> Option<Cond> {
    Some(match op {
        Op::Beq => Cond::E,
        Op::Bne => Cond::Ne,
        Op::Blt => Cond::L,
        Op::Bge => Cond::Ge,
        Op::Bltu => Cond::B,
        Op::Bgeu => Cond::Ae,
        _ => return None,
    })
}

/// Return `packed` from the block.
fn leave(a: &mut Asm, packed: u32) {
    a.mov_eax(packed);
    a.pop_rbx();
    a.ret();
}

/// Call the entry's handler; leave the block with its exit if not `NEXT`.
fn call(a: &mut Asm, e: &BlockInst, k: usize) {
    a.mov(Reg::Rdi, Reg::Rbx);
    a.mov_imm64(Reg::Rsi, e as *const BlockInst as u64);
    a.mov_imm64(Reg::Rax, e.run as usize as u64);
    a.call_rax();
    a.test_al();
    let next = a.jcc_forward(Cond::E);
    a.zero_extend_al();
    a.or_eax(pack(0, k));
    a.pop_rbx();
    a.ret();
    a.bind(next);
}

/// rd = rax.
fn write_rd(a: &mut Asm, e: &BlockInst) {
    a.store(xreg(e.inst.rd), Reg::Rax);
}

/// Write out `e` inline if its form allows; false if it must be called.
/// The handlers of these forms never write x0 (rd = 0 makes them `nop`).
fn inline(a: &mut Asm, e: &BlockInst, k: usize) -> bool {
    let i = &e.inst;
    let Ok(imm) = i32::try_from(i.imm) else { return false };
    match e.form {
        Form::Nop => true,
        Form::Li => {
            a.mov_imm64(Reg::Rax, e.value);
            write_rd(a, e);
            true
        }
        Form::OpImm => op_imm(a, e, imm),
        Form::OpReg => op_reg(a, e),
        Form::Jump { link } => {
            if link {
                a.mov_imm64(Reg::Rax, e.value);
                write_rd(a, e);
            }
            a.mov_imm64(Reg::Rax, e.target);
            a.store(PC, Reg::Rax);
            leave(a, pack(TAKEN, k));
            true
        }
        Form::JumpReg { link } => {
            // The target first: rd may be rs1.
            a.load(Reg::Rax, xreg(i.rs1));
            a.alu_imm(Alu::Add, Width::W64, Reg::Rax, imm);
            a.alu_imm(Alu::And, Width::W64, Reg::Rax, -2);
            if link {
                a.mov_imm64(Reg::Rcx, e.value);
                a.store(xreg(i.rd), Reg::Rcx);
            }
            a.store(PC, Reg::Rax);
            leave(a, pack(TAKEN, k));
            true
        }
        Form::Branch => {
            let Some(cc) = branch_cond(i.op) else { return false };
            a.load(Reg::Rax, xreg(i.rs1));
            a.alu_mem(Alu::Cmp, Width::W64, Reg::Rax, xreg(i.rs2));
            let not_taken = a.jcc_forward(cc.not());
            a.mov_imm64(Reg::Rax, e.target);
            a.store(PC, Reg::Rax);
            leave(a, pack(TAKEN, k));
            a.bind(not_taken);
            true
        }
        Form::Load { size, signed } => {
            load(a, e, k, imm, size, signed);
            true
        }
        Form::Store { size } => {
            store(a, e, k, imm, size);
            true
        }
        Form::Call => false,
    }
}

/// Offsets in the hart of what the direct RAM path reads.
const DIRECT: i32 = offset_of!(Hart, direct) as i32;
const RAM_PTR: i32 = (offset_of!(Hart, host_ram) + offset_of!(HostRam, ptr)) as i32;
const RAM_BASE: i32 = (offset_of!(Hart, host_ram) + offset_of!(HostRam, base)) as i32;
const RAM_LEN8: i32 = (offset_of!(Hart, host_ram) + offset_of!(HostRam, len8)) as i32;
const RAM_GENS: i32 = (offset_of!(Hart, host_ram) + offset_of!(HostRam, gens)) as i32;
const RUNNING_PBASE: i32 = (offset_of!(Hart, running) + offset_of!(Running, pbase)) as i32;

/// The direct RAM path's checks, as the `load` and `store` handlers make
/// them: rax = the virtual address x[rs1] + imm; jumps to the returned
/// labels (to be bound to the slow path) unless `Hart::direct` is set and
/// the access lies in one aligned 8-byte granule of RAM; then rcx = the
/// offset in RAM and rdx = RAM's host address.
fn direct_checks(a: &mut Asm, e: &BlockInst, imm: i32, size: u8) -> [usize; 3] {
    a.load(Reg::Rax, xreg(e.inst.rs1));
    a.alu_imm(Alu::Add, Width::W64, Reg::Rax, imm);
    a.cmp_byte_zero(DIRECT);
    let not_direct = a.jcc_forward(Cond::E);
    // (va & 7) + size <= 8
    a.mov(Reg::Rcx, Reg::Rax);
    a.alu_imm(Alu::And, Width::W32, Reg::Rcx, 7);
    a.alu_imm(Alu::Add, Width::W32, Reg::Rcx, size as i32);
    a.alu_imm(Alu::Cmp, Width::W32, Reg::Rcx, 8);
    let straddles = a.jcc_forward(Cond::A);
    // va - base < len8 (unsigned): within RAM, granule included.
    a.mov(Reg::Rcx, Reg::Rax);
    a.alu_mem(Alu::Sub, Width::W64, Reg::Rcx, RAM_BASE);
    a.alu_mem(Alu::Cmp, Width::W64, Reg::Rcx, RAM_LEN8);
    let outside = a.jcc_forward(Cond::Ae);
    a.load(Reg::Rdx, RAM_PTR);
    [not_direct, straddles, outside]
}

/// The `load` handler's fast path inline; its slow path a call.
fn load(a: &mut Asm, e: &BlockInst, k: usize, imm: i32, size: u8, signed: bool) {
    let slow = direct_checks(a, e, imm, size);
    a.load_indexed(size, signed);
    write_rd(a, e);
    let done = a.jmp_forward();
    for l in slow {
        a.bind(l);
    }
    call(a, e, k);
    a.bind(done);
}

/// The `store` handler's fast path inline (the write, the page's
/// generation, leaving the block if it wrote its own page); its slow path a
/// call.
fn store(a: &mut Asm, e: &BlockInst, k: usize, imm: i32, size: u8) {
    let slow = direct_checks(a, e, imm, size);
    a.load(Reg::Rsi, xreg(e.inst.rs2));
    a.store_indexed(size);
    a.load(Reg::Rdx, RAM_GENS);
    a.shift_imm(Shift::Shr, Width::W64, Reg::Rcx, 12);
    a.inc_indexed8();
    a.alu_imm(Alu::And, Width::W64, Reg::Rax, -4096);
    a.alu_mem(Alu::Cmp, Width::W64, Reg::Rax, RUNNING_PBASE);
    let other_page = a.jcc_forward(Cond::Ne);
    a.mov_imm64(Reg::Rax, e.value);
    a.store(PC, Reg::Rax);
    leave(a, pack(LEAVE, k));
    let done = a.jmp_forward();
    for l in slow {
        a.bind(l);
    }
    call(a, e, k);
    a.bind(done);
    a.bind(other_page);
}

/// rd = op(x[rs1], imm), as `alu::compute`.
fn op_imm(a: &mut Asm, e: &BlockInst, imm: i32) -> bool {
    use Op::*;
    let i = &e.inst;
    let load = |a: &mut Asm| a.load(Reg::Rax, xreg(i.rs1));
    match i.op {
        Lui => a.mov_imm64(Reg::Rax, imm as i64 as u64),
        Addi | Xori | Ori | Andi => {
            let op = match i.op {
                Addi => Alu::Add,
                Xori => Alu::Xor,
                Ori => Alu::Or,
                _ => Alu::And,
            };
            load(a);
            a.alu_imm(op, Width::W64, Reg::Rax, imm);
        }
        Slti | Sltiu => {
            load(a);
            a.alu_imm(Alu::Cmp, Width::W64, Reg::Rax, imm);
            a.set_rax(if i.op == Slti { Cond::L } else { Cond::B });
        }
        Slli | Srli | Srai => {
            let op = match i.op {
                Slli => Shift::Shl,
                Srli => Shift::Shr,
                _ => Shift::Sar,
            };
            load(a);
            a.shift_imm(op, Width::W64, Reg::Rax, (imm & 63) as u8);
        }
        Addiw => {
            load(a);
            a.alu_imm(Alu::Add, Width::W32, Reg::Rax, imm);
            a.sign_extend_32(Reg::Rax);
        }
        Slliw | Srliw | Sraiw => {
            let op = match i.op {
                Slliw => Shift::Shl,
                Srliw => Shift::Shr,
                _ => Shift::Sar,
            };
            load(a);
            a.shift_imm(op, Width::W32, Reg::Rax, (imm & 31) as u8);
            a.sign_extend_32(Reg::Rax);
        }
        _ => return false,
    }
    write_rd(a, e);
    true
}

/// rd = op(x[rs1], x[rs2]), as `alu::compute`; the M extension's high
/// products and divisions are left to their handlers.
fn op_reg(a: &mut Asm, e: &BlockInst) -> bool {
    use Op::*;
    let i = &e.inst;
    let (rs1, rs2) = (xreg(i.rs1), xreg(i.rs2));
    match i.op {
        Add | Sub | Xor | Or | And | Addw | Subw => {
            let (op, w) = match i.op {
                Add => (Alu::Add, Width::W64),
                Sub => (Alu::Sub, Width::W64),
                Xor => (Alu::Xor, Width::W64),
                Or => (Alu::Or, Width::W64),
                And => (Alu::And, Width::W64),
                Addw => (Alu::Add, Width::W32),
                _ => (Alu::Sub, Width::W32),
            };
            a.load(Reg::Rax, rs1);
            a.alu_mem(op, w, Reg::Rax, rs2);
            if w == Width::W32 {
                a.sign_extend_32(Reg::Rax);
            }
        }
        Slt | Sltu => {
            a.load(Reg::Rax, rs1);
            a.alu_mem(Alu::Cmp, Width::W64, Reg::Rax, rs2);
            a.set_rax(if i.op == Slt { Cond::L } else { Cond::B });
        }
        Sll | Srl | Sra | Sllw | Srlw | Sraw => {
            let (op, w) = match i.op {
                Sll => (Shift::Shl, Width::W64),
                Srl => (Shift::Shr, Width::W64),
                Sra => (Shift::Sar, Width::W64),
                Sllw => (Shift::Shl, Width::W32),
                Srlw => (Shift::Shr, Width::W32),
                _ => (Shift::Sar, Width::W32),
            };
            a.load(Reg::Rcx, rs2);
            a.load(Reg::Rax, rs1);
            a.shift_cl(op, w, Reg::Rax);
            if w == Width::W32 {
                a.sign_extend_32(Reg::Rax);
            }
        }
        Mul | Mulw => {
            let w = if i.op == Mul { Width::W64 } else { Width::W32 };
            a.load(Reg::Rax, rs1);
            a.imul_mem(w, Reg::Rax, rs2);
            if w == Width::W32 {
                a.sign_extend_32(Reg::Rax);
            }
        }
        _ => return false,
    }
    write_rd(a, e);
    true
}
