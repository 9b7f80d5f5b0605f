//! Threaded dispatch for the run loop's blocks: one small function per
//! operation, chosen when a block is decoded and called through a pointer
//! stored with the instruction. Each call site then has its own history in
//! the host's branch predictor, instead of every instruction going through
//! the one indirect jump of `execute`'s `match`. Each handler is
//! `execute_op` with the operation fixed, so the semantics are those of
//! `execute` by construction.

use super::{base, execute_op};
use crate::hart::{Hart, Trap};
use crate::isa::{Inst, Op};

/// A handler: executes its instruction with `execute`'s contract, except
/// that a trap is reported by returning true with the trap stored in the
/// third argument (a flag in a register is cheaper to return than a
/// `Result` carrying a `Trap`, which goes through memory).
pub type Handler = fn(&mut Hart, &Inst, &mut Trap) -> bool;

/// Every operation, in declaration order (so `OPS[op as usize] == op`,
/// checked at compile time below).
const OPS: [Op; 177] = [
    Op::Illegal,
    Op::Lui,
    Op::Auipc,
    Op::Jal,
    Op::Jalr,
    Op::Beq,
    Op::Bne,
    Op::Blt,
    Op::Bge,
    Op::Bltu,
    Op::Bgeu,
    Op::Lb,
    Op::Lh,
    Op::Lw,
    Op::Ld,
    Op::Lbu,
    Op::Lhu,
    Op::Lwu,
    Op::Sb,
    Op::Sh,
    Op::Sw,
    Op::Sd,
    Op::Addi,
    Op::Slti,
    Op::Sltiu,
    Op::Xori,
    Op::Ori,
    Op::Andi,
    Op::Slli,
    Op::Srli,
    Op::Srai,
    Op::Add,
    Op::Sub,
    Op::Sll,
    Op::Slt,
    Op::Sltu,
    Op::Xor,
    Op::Srl,
    Op::Sra,
    Op::Or,
    Op::And,
    Op::Addiw,
    Op::Slliw,
    Op::Srliw,
    Op::Sraiw,
    Op::Addw,
    Op::Subw,
    Op::Sllw,
    Op::Srlw,
    Op::Sraw,
    Op::Fence,
    Op::Pause,
    Op::FenceI,
    Op::Ecall,
    Op::Ebreak,
    Op::Mul,
    Op::Mulh,
    Op::Mulhsu,
    Op::Mulhu,
    Op::Div,
    Op::Divu,
    Op::Rem,
    Op::Remu,
    Op::Mulw,
    Op::Divw,
    Op::Divuw,
    Op::Remw,
    Op::Remuw,
    Op::LrW,
    Op::ScW,
    Op::AmoswapW,
    Op::AmoaddW,
    Op::AmoxorW,
    Op::AmoandW,
    Op::AmoorW,
    Op::AmominW,
    Op::AmomaxW,
    Op::AmominuW,
    Op::AmomaxuW,
    Op::LrD,
    Op::ScD,
    Op::AmoswapD,
    Op::AmoaddD,
    Op::AmoxorD,
    Op::AmoandD,
    Op::AmoorD,
    Op::AmominD,
    Op::AmomaxD,
    Op::AmominuD,
    Op::AmomaxuD,
    Op::Csrrw,
    Op::Csrrs,
    Op::Csrrc,
    Op::Csrrwi,
    Op::Csrrsi,
    Op::Csrrci,
    Op::Mret,
    Op::Sret,
    Op::Wfi,
    Op::SfenceVma,
    Op::HfenceVvma,
    Op::HfenceGvma,
    Op::HlvB,
    Op::HlvBu,
    Op::HlvH,
    Op::HlvHu,
    Op::HlvW,
    Op::HlvWu,
    Op::HlvD,
    Op::HlvxHu,
    Op::HlvxWu,
    Op::HsvB,
    Op::HsvH,
    Op::HsvW,
    Op::HsvD,
    Op::Flw,
    Op::Fsw,
    Op::FmaddS,
    Op::FmsubS,
    Op::FnmsubS,
    Op::FnmaddS,
    Op::FaddS,
    Op::FsubS,
    Op::FmulS,
    Op::FdivS,
    Op::FsqrtS,
    Op::FsgnjS,
    Op::FsgnjnS,
    Op::FsgnjxS,
    Op::FminS,
    Op::FmaxS,
    Op::FcvtWS,
    Op::FcvtWuS,
    Op::FcvtLS,
    Op::FcvtLuS,
    Op::FmvXW,
    Op::FeqS,
    Op::FltS,
    Op::FleS,
    Op::FclassS,
    Op::FcvtSW,
    Op::FcvtSWu,
    Op::FcvtSL,
    Op::FcvtSLu,
    Op::FmvWX,
    Op::Fld,
    Op::Fsd,
    Op::FmaddD,
    Op::FmsubD,
    Op::FnmsubD,
    Op::FnmaddD,
    Op::FaddD,
    Op::FsubD,
    Op::FmulD,
    Op::FdivD,
    Op::FsqrtD,
    Op::FsgnjD,
    Op::FsgnjnD,
    Op::FsgnjxD,
    Op::FminD,
    Op::FmaxD,
    Op::FcvtSD,
    Op::FcvtDS,
    Op::FcvtWD,
    Op::FcvtWuD,
    Op::FcvtLD,
    Op::FcvtLuD,
    Op::FmvXD,
    Op::FeqD,
    Op::FltD,
    Op::FleD,
    Op::FclassD,
    Op::FcvtDW,
    Op::FcvtDWu,
    Op::FcvtDL,
    Op::FcvtDLu,
    Op::FmvDX,
];

const _: () = {
    let mut k = 0;
    while k < OPS.len() {
        assert!(OPS[k] as usize == k);
        k += 1;
    }
};

/// `execute` specialized to the operation `OPS[K]`.
fn handler<const K: usize>(h: &mut Hart, i: &Inst, trap: &mut Trap) -> bool {
    match execute_op(h, OPS[K], i) {
        Ok(()) => false,
        Err(t) => {
            *trap = t;
            true
        }
    }
}

/// The handler of the integer load `OPS[K]` of `SIZE` bytes: the common
/// case (`Hart::load_fast`) inline, so it needs no stack frame; anything
/// else is a tail call to the general handler, which performs the whole
/// load (`load_fast` has no effects, so trying it twice changes nothing).
/// The same steps as `base::load`.
fn load_handler<const K: usize, const SIZE: u8, const SIGNED: bool>(h: &mut Hart, i: &Inst, trap: &mut Trap) -> bool {
    let va = h.xreg(i.rs1).wrapping_add(i.imm as u64);
    match h.load_fast(va, SIZE) {
        Some(v) => {
            let v = if SIGNED { base::sign_extend(v, SIZE) } else { v };
            base::wr(h, i.rd, v);
            h.pc = h.pc.wrapping_add(i.len as u64);
            false
        }
        None => general::<K>(h, i, trap),
    }
}

/// The handler of the integer store `OPS[K]` of `SIZE` bytes, split as
/// `load_handler` is (`store_fast` writes nothing when it declines).
fn store_handler<const K: usize, const SIZE: u8>(h: &mut Hart, i: &Inst, trap: &mut Trap) -> bool {
    let va = h.xreg(i.rs1).wrapping_add(i.imm as u64);
    let val = h.xreg(i.rs2);
    match h.store_fast(va, SIZE, val) {
        true => {
            h.pc = h.pc.wrapping_add(i.len as u64);
            false
        }
        false => general::<K>(h, i, trap),
    }
}

/// `handler::<K>` kept out of line, for the slow paths above.
#[inline(never)]
fn general<const K: usize>(h: &mut Hart, i: &Inst, trap: &mut Trap) -> bool {
    handler::<K>(h, i, trap)
}

/// `execute` as a handler, should the table ever lack an operation.
fn generic(h: &mut Hart, i: &Inst, trap: &mut Trap) -> bool {
    match super::execute(h, i) {
        Ok(()) => false,
        Err(t) => {
            *trap = t;
            true
        }
    }
}

const HANDLERS: [Handler; 177] = [
    handler::<0>,
    handler::<1>,
    handler::<2>,
    handler::<3>,
    handler::<4>,
    handler::<5>,
    handler::<6>,
    handler::<7>,
    handler::<8>,
    handler::<9>,
    handler::<10>,
    load_handler::<11, 1, true>,
    load_handler::<12, 2, true>,
    load_handler::<13, 4, true>,
    load_handler::<14, 8, false>,
    load_handler::<15, 1, false>,
    load_handler::<16, 2, false>,
    load_handler::<17, 4, false>,
    store_handler::<18, 1>,
    store_handler::<19, 2>,
    store_handler::<20, 4>,
    store_handler::<21, 8>,
    handler::<22>,
    handler::<23>,
    handler::<24>,
    handler::<25>,
    handler::<26>,
    handler::<27>,
    handler::<28>,
    handler::<29>,
    handler::<30>,
    handler::<31>,
    handler::<32>,
    handler::<33>,
    handler::<34>,
    handler::<35>,
    handler::<36>,
    handler::<37>,
    handler::<38>,
    handler::<39>,
    handler::<40>,
    handler::<41>,
    handler::<42>,
    handler::<43>,
    handler::<44>,
    handler::<45>,
    handler::<46>,
    handler::<47>,
    handler::<48>,
    handler::<49>,
    handler::<50>,
    handler::<51>,
    handler::<52>,
    handler::<53>,
    handler::<54>,
    handler::<55>,
    handler::<56>,
    handler::<57>,
    handler::<58>,
    handler::<59>,
    handler::<60>,
    handler::<61>,
    handler::<62>,
    handler::<63>,
    handler::<64>,
    handler::<65>,
    handler::<66>,
    handler::<67>,
    handler::<68>,
    handler::<69>,
    handler::<70>,
    handler::<71>,
    handler::<72>,
    handler::<73>,
    handler::<74>,
    handler::<75>,
    handler::<76>,
    handler::<77>,
    handler::<78>,
    handler::<79>,
    handler::<80>,
    handler::<81>,
    handler::<82>,
    handler::<83>,
    handler::<84>,
    handler::<85>,
    handler::<86>,
    handler::<87>,
    handler::<88>,
    handler::<89>,
    handler::<90>,
    handler::<91>,
    handler::<92>,
    handler::<93>,
    handler::<94>,
    handler::<95>,
    handler::<96>,
    handler::<97>,
    handler::<98>,
    handler::<99>,
    handler::<100>,
    handler::<101>,
    handler::<102>,
    handler::<103>,
    handler::<104>,
    handler::<105>,
    handler::<106>,
    handler::<107>,
    handler::<108>,
    handler::<109>,
    handler::<110>,
    handler::<111>,
    handler::<112>,
    handler::<113>,
    handler::<114>,
    handler::<115>,
    handler::<116>,
    handler::<117>,
    handler::<118>,
    handler::<119>,
    handler::<120>,
    handler::<121>,
    handler::<122>,
    handler::<123>,
    handler::<124>,
    handler::<125>,
    handler::<126>,
    handler::<127>,
    handler::<128>,
    handler::<129>,
    handler::<130>,
    handler::<131>,
    handler::<132>,
    handler::<133>,
    handler::<134>,
    handler::<135>,
    handler::<136>,
    handler::<137>,
    handler::<138>,
    handler::<139>,
    handler::<140>,
    handler::<141>,
    handler::<142>,
    handler::<143>,
    handler::<144>,
    handler::<145>,
    handler::<146>,
    handler::<147>,
    handler::<148>,
    handler::<149>,
    handler::<150>,
    handler::<151>,
    handler::<152>,
    handler::<153>,
    handler::<154>,
    handler::<155>,
    handler::<156>,
    handler::<157>,
    handler::<158>,
    handler::<159>,
    handler::<160>,
    handler::<161>,
    handler::<162>,
    handler::<163>,
    handler::<164>,
    handler::<165>,
    handler::<166>,
    handler::<167>,
    handler::<168>,
    handler::<169>,
    handler::<170>,
    handler::<171>,
    handler::<172>,
    handler::<173>,
    handler::<174>,
    handler::<175>,
    handler::<176>,
];

/// The handler for `op` (`execute` itself should the table ever lack it).
pub fn handler_for(op: Op) -> Handler {
    match HANDLERS.get(op as usize) {
        Some(&h) => h,
        None => generic,
    }
}
