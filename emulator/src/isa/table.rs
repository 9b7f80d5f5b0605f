//! The instruction table: one line per instruction of RV64IMAFD + Zicsr,
//! Zifencei, Zihintpause, the bit-manipulation extensions (Zba, Zbb, Zbc,
//! Zbs, Zbkb, Zbkc, Zbkx), Zicond, Zfh/Zfhmin, Zfa and the privileged/H/Svinval
//! instructions. Everything
//! else that lists instructions is generated from it: the `Op` enum and its
//! mnemonics (`op.rs`), the 32-bit decoder (`decode.rs`), `execute`
//! (`exec/mod.rs`), the integer ALU and branch conditions (`exec/alu.rs`,
//! `exec/base.rs`), the disassembler's dispatch (`disasm.rs`), the encoder's
//! functions (`encode.rs`) and the engine's threaded handlers and block rule
//! (`engine/threaded.rs`, `engine/block.rs`). The 16-bit (C extension)
//! encodings are not lines: each expands to a line's `Op` (`compressed.rs`).
//! Adding an instruction is one line here plus its semantics (see the
//! README, "Adding an instruction").
//!
//! The columns:
//! - `Op`: the variant of `Op`.
//! - encoder: the name of the function in `encode` that assembles it
//!   (the mnemonic with `_` for `.`).
//! - mnemonic: as the assembler and objdump spell it.
//! - ext: the extension that defines it (`Ext`; an instruction of two
//!   extensions names both, as `ZbbOrZbkb`). The hart's `Isa` decides
//!   whether it is implemented (`isa::extensions`).
//! - bits, mask: the instruction is the 32-bit word `w` with
//!   `w & mask == bits` (the fixed fields of its encoding; the unprivileged
//!   spec's opcode map). Where two lines match (a hint inside a more general
//!   encoding: `pause` in `fence`), the one whose mask fixes more bits wins.
//!   Patterns no line matches are `Op::Illegal`.
//! - format: which fields the decoder extracts into `Inst` (the others are
//!   zero) and the encoder's arguments, in assembler operand order:
//!
//!   | format   | `Inst` fields                         | encoder arguments            |
//!   |----------|---------------------------------------|------------------------------|
//!   | `U`      | rd, imm = imm[31:12] << 12            | rd, imm20                    |
//!   | `J`      | rd, imm = J-immediate                 | rd, offset                   |
//!   | `I`      | rd, rs1, imm = I-immediate            | rd, rs1, imm                 |
//!   | `Shamt6` | rd, rs1, imm = shamt (bits 25:20)     | rd, rs1, shamt               |
//!   | `Shamt5` | rd, rs1, imm = shamt (bits 24:20)     | rd, rs1, shamt               |
//!   | `S`      | rs1, rs2, imm = S-immediate           | rs2, rs1, imm                |
//!   | `B`      | rs1, rs2, imm = B-immediate           | rs1, rs2, offset             |
//!   | `R`      | rd, rs1, rs2                          | rd, rs1, rs2                 |
//!   | `Amo`    | rd, rs1, rs2                          | rd, rs2, rs1 (`rd, rs2, (rs1)`) |
//!   | `R1`     | rd, rs1                               | rd, rs1                      |
//!   | `Rs2Rs1` | rs1, rs2                              | rs2, rs1 (`rs2, (rs1)`)      |
//!   | `Rs1Rs2` | rs1, rs2                              | rs1, rs2                     |
//!   | `Rs1`    | rs1                                   | rs1 (`(rs1)`)                |
//!   | `Rrm`    | rd, rs1, rs2, imm = rm                | rd, rs1, rs2, rm             |
//!   | `R1rm`   | rd, rs1, imm = rm                     | rd, rs1, rm                  |
//!   | `R4`     | rd, rs1, rs2, rs3, imm = rm           | rd, rs1, rs2, rs3, rm        |
//!   | `Csr`    | rd, rs1 (or uimm), imm = CSR number   | rd, csr, rs1 (or uimm)       |
//!   | `Fence`  | none (pred/succ/fm stay in `raw`)     | pred, succ                   |
//!   | `None`   | none                                  | none                         |
//!
//! - semantics: what it does, as one of
//!   - `alu_imm(|a, b| ..)` / `alu_reg(|a, b| ..)`: rd = f(x[rs1], imm) or
//!     f(x[rs1], x[rs2]), a pure function (`exec::alu`), which the run
//!     loop's fast handlers and compiled blocks use too;
//!   - `branch(|a, b| ..)`: a conditional branch taken when
//!     f(x[rs1], x[rs2]);
//!   - `load(size, signed)` / `store(size)`: an integer load or store,
//!     which the run loop's handlers may do directly in RAM;
//!   - `exec(|h, i| ..)`: anything else: a function of the hart and the
//!     decoded instruction, with `execute`'s contract (`exec/mod.rs`).
//! - block: how the run loop's blocks (`block.rs`) treat it: `join` (it
//!   changes only registers and the pc), `mem` (it also accesses memory
//!   through the MMU: its handler tells the CLINT the time and checks for
//!   raised flags and self-modified code), `alone` (it may change other
//!   machine state, so it ends a block and runs on its own) or `last` (it
//!   changes the mode: it may end a block, and runs on its own there).
//! - disasm: the function in `disasm::form` that prints it.
//!
//! The table is a macro that hands every line to the macro named by its
//! caller (`instructions!(my_macro)`), which generates its part; each such
//! macro matches a line as
//! `$op:ident $enc:ident $m:literal $ext:ident $bits:literal $mask:literal
//! $fmt:ident $sem:ident $args:tt $block:ident $dis:ident;`.
//! Paths in the semantics are resolved where they are expanded:
//! `exec/mod.rs` (`execute`), `exec/alu.rs` (the ALU closures) and
//! `exec/base.rs` (the branch conditions).

/// An extension: the one that defines an instruction, or one of CSRs only
/// (Zihpm, Sscofpmf, Smstateen, Sstc, Svadu) that `--isa` may leave out.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum Ext {
    /// RV64I.
    I,
    M,
    A,
    F,
    D,
    Zicsr,
    Zifencei,
    Zihintpause,
    /// The privileged architecture (machine and supervisor levels).
    Priv,
    /// The hypervisor extension.
    H,
    /// Address generation (bit manipulation).
    Zba,
    /// Basic bit manipulation.
    Zbb,
    /// Carry-less multiplication.
    Zbc,
    /// Single-bit instructions.
    Zbs,
    /// Bit manipulation for cryptography.
    Zbkb,
    /// Carry-less multiplication for cryptography (CLMUL, CLMULH).
    Zbkc,
    /// Crossbar permutations.
    Zbkx,
    /// Integer conditional operations.
    Zicond,
    /// Cache-block management (clean, flush, invalidate).
    Zicbom,
    /// Cache-block zero.
    Zicboz,
    /// Cache-block prefetch hints (ORI with rd = x0: no instructions of
    /// their own here).
    Zicbop,
    /// Fine-grained address-translation cache invalidation (SINVAL.VMA,
    /// HINVAL.*, and the SFENCE.W.INVAL/SFENCE.INVAL.IR that order them).
    Svinval,
    /// Hardware performance counters that count (mhpmcounter3-31 by
    /// mhpmevent3-31; the unprivileged hpmcounter3-31). CSRs only.
    Zihpm,
    /// Count overflow and mode-based filtering of the hpm counters
    /// (mhpmevent's OF and xINH bits, scountovf, the LCOFI interrupt).
    Sscofpmf,
    /// State enables (mstateen0-3, hstateen0-3, sstateen0-3; Ssstateen
    /// with it). CSRs only.
    Smstateen,
    /// Supervisor timer compare (stimecmp, vstimecmp, menvcfg.STCE).
    Sstc,
    /// Hardware A/D bit updating (menvcfg.ADUE, henvcfg.ADUE).
    Svadu,
    /// Additional floating-point instructions (FLI, FMINM/FMAXM, FROUND,
    /// FCVTMOD.W.D, FLEQ/FLTQ).
    Zfa,
    /// Half-precision arithmetic (includes Zfhmin).
    Zfh,
    /// Half-precision loads, stores, moves and conversions; implemented
    /// when Zfh is.
    Zfhmin,
    /// Compressed extras (C.LBU ... C.MUL; no instructions of its own in
    /// the table: 16-bit encodings of table lines, see `compressed.rs`).
    Zcb,
    /// Non-temporal locality hints (ADD x0 HINTs: nothing to execute).
    Zihintntl,
    /// May-be-operations MOP.R.n, MOP.RR.n.
    Zimop,
    /// Compressed may-be-operations C.MOP.n (16-bit only, see
    /// `compressed.rs`).
    Zcmop,
    /// NAPOT translation contiguity: 64 KiB leaf PTEs (N bit).
    Svnapot,
    /// Page-based memory types (PBMT bits; menvcfg/henvcfg.PBMTE).
    Svpbmt,
    /// The Sv48 and Sv48x4 translation modes (not in the ISA string: the
    /// device tree's mmu-type names the widest mode; `--mmu`).
    Sv48,
    /// The Sv57 and Sv57x4 translation modes (as Sv48).
    Sv57,
    /// In both Zbb and Zbkb: legal when either is implemented.
    ZbbOrZbkb,
    /// In both Zbc and Zbkc: legal when either is implemented.
    ZbcOrZbkc,
    /// The .H forms of Zfa: legal when both Zfh and Zfa are implemented.
    ZfhAndZfa,
}

/// How the run loop's blocks treat an instruction (the table's block
/// column).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum Joins {
    /// Changes only registers (integer, FP, fflags) and the pc.
    Join,
    /// Also accesses memory through the MMU.
    Mem,
    /// May change other machine state: ends a block and runs alone.
    Alone,
    /// Changes the mode and nothing a block's other instructions depend
    /// on (ECALL, MRET, SRET): may end a block, as its last instruction
    /// (ECALL's exception is taken, and an xRET's new mode seen, after
    /// the instructions before it retired, as the counters' mode
    /// filtering needs).
    Last,
}

/// The instruction table (see the module doc). `$then` is the macro that
/// receives every line.
macro_rules! instructions {
    ($then:ident) => { $then! {
//  Op         encoder     mnemonic      ext          bits        mask        format  semantics                                                  block  disasm
// ---- RV64I ----
    Lui        lui         "lui"         I            0x00000037  0x0000007f  U       alu_imm(|_, b| b)                                          join   upper;
    Auipc      auipc       "auipc"       I            0x00000017  0x0000007f  U       exec(base::auipc)                                          join   upper;
    Jal        jal         "jal"         I            0x0000006f  0x0000007f  J       exec(base::jal)                                            join   jal;
    Jalr       jalr        "jalr"        I            0x00000067  0x0000707f  I       exec(base::jalr)                                           join   jalr;
    Beq        beq         "beq"         I            0x00000063  0x0000707f  B       branch(|a, b| a == b)                                      join   beq;
    Bne        bne         "bne"         I            0x00001063  0x0000707f  B       branch(|a, b| a != b)                                      join   bne;
    Blt        blt         "blt"         I            0x00004063  0x0000707f  B       branch(|a, b| (a as i64) < (b as i64))                     join   blt;
    Bge        bge         "bge"         I            0x00005063  0x0000707f  B       branch(|a, b| (a as i64) >= (b as i64))                    join   bge;
    Bltu       bltu        "bltu"        I            0x00006063  0x0000707f  B       branch(|a, b| a < b)                                       join   branch;
    Bgeu       bgeu        "bgeu"        I            0x00007063  0x0000707f  B       branch(|a, b| a >= b)                                      join   branch;
    Lb         lb          "lb"          I            0x00000003  0x0000707f  I       load(1, true)                                              mem    load;
    Lh         lh          "lh"          I            0x00001003  0x0000707f  I       load(2, true)                                              mem    load;
    Lw         lw          "lw"          I            0x00002003  0x0000707f  I       load(4, true)                                              mem    load;
    Ld         ld          "ld"          I            0x00003003  0x0000707f  I       load(8, false)                                             mem    load;
    Lbu        lbu         "lbu"         I            0x00004003  0x0000707f  I       load(1, false)                                             mem    load;
    Lhu        lhu         "lhu"         I            0x00005003  0x0000707f  I       load(2, false)                                             mem    load;
    Lwu        lwu         "lwu"         I            0x00006003  0x0000707f  I       load(4, false)                                             mem    load;
    Sb         sb          "sb"          I            0x00000023  0x0000707f  S       store(1)                                                   mem    store;
    Sh         sh          "sh"          I            0x00001023  0x0000707f  S       store(2)                                                   mem    store;
    Sw         sw          "sw"          I            0x00002023  0x0000707f  S       store(4)                                                   mem    store;
    Sd         sd          "sd"          I            0x00003023  0x0000707f  S       store(8)                                                   mem    store;
    Addi       addi        "addi"        I            0x00000013  0x0000707f  I       alu_imm(|a, b| a.wrapping_add(b))                          join   addi;
    Slti       slti        "slti"        I            0x00002013  0x0000707f  I       alu_imm(|a, b| ((a as i64) < (b as i64)) as u64)           join   reg_imm;
    Sltiu      sltiu       "sltiu"       I            0x00003013  0x0000707f  I       alu_imm(|a, b| (a < b) as u64)                             join   sltiu;
    Xori       xori        "xori"        I            0x00004013  0x0000707f  I       alu_imm(|a, b| a ^ b)                                      join   xori;
    Ori        ori         "ori"         I            0x00006013  0x0000707f  I       alu_imm(|a, b| a | b)                                      join   reg_imm;
    Andi       andi        "andi"        I            0x00007013  0x0000707f  I       alu_imm(|a, b| a & b)                                      join   reg_imm;
    Slli       slli        "slli"        I            0x00001013  0xfc00707f  Shamt6  alu_imm(|a, b| a << (b & 63))                              join   reg_imm;
    Srli       srli        "srli"        I            0x00005013  0xfc00707f  Shamt6  alu_imm(|a, b| a >> (b & 63))                              join   reg_imm;
    Srai       srai        "srai"        I            0x40005013  0xfc00707f  Shamt6  alu_imm(|a, b| ((a as i64) >> (b & 63)) as u64)           join   reg_imm;
    Add        add         "add"         I            0x00000033  0xfe00707f  R       alu_reg(|a, b| a.wrapping_add(b))                          join   add;
    Sub        sub         "sub"         I            0x40000033  0xfe00707f  R       alu_reg(|a, b| a.wrapping_sub(b))                          join   sub;
    Sll        sll         "sll"         I            0x00001033  0xfe00707f  R       alu_reg(|a, b| a << (b & 63))                              join   reg_reg;
    Slt        slt         "slt"         I            0x00002033  0xfe00707f  R       alu_reg(|a, b| ((a as i64) < (b as i64)) as u64)           join   slt;
    Sltu       sltu        "sltu"        I            0x00003033  0xfe00707f  R       alu_reg(|a, b| (a < b) as u64)                             join   sltu;
    Xor        xor         "xor"         I            0x00004033  0xfe00707f  R       alu_reg(|a, b| a ^ b)                                      join   reg_reg;
    Srl        srl         "srl"         I            0x00005033  0xfe00707f  R       alu_reg(|a, b| a >> (b & 63))                              join   reg_reg;
    Sra        sra         "sra"         I            0x40005033  0xfe00707f  R       alu_reg(|a, b| ((a as i64) >> (b & 63)) as u64)           join   reg_reg;
    Or         or          "or"          I            0x00006033  0xfe00707f  R       alu_reg(|a, b| a | b)                                      join   reg_reg;
    And        and         "and"         I            0x00007033  0xfe00707f  R       alu_reg(|a, b| a & b)                                      join   reg_reg;
    Addiw      addiw       "addiw"       I            0x0000001b  0x0000707f  I       alu_imm(|a, b| sext32(a.wrapping_add(b)))                  join   addiw;
    Slliw      slliw       "slliw"       I            0x0000101b  0xfe00707f  Shamt5  alu_imm(|a, b| sext32(((a as u32) << (b & 31)) as u64))   join   reg_imm;
    Srliw      srliw       "srliw"       I            0x0000501b  0xfe00707f  Shamt5  alu_imm(|a, b| sext32(((a as u32) >> (b & 31)) as u64))   join   reg_imm;
    Sraiw      sraiw       "sraiw"       I            0x4000501b  0xfe00707f  Shamt5  alu_imm(|a, b| ((a as i32) >> (b & 31)) as i64 as u64)    join   reg_imm;
    Addw       addw        "addw"        I            0x0000003b  0xfe00707f  R       alu_reg(|a, b| sext32(a.wrapping_add(b)))                  join   reg_reg;
    Subw       subw        "subw"        I            0x4000003b  0xfe00707f  R       alu_reg(|a, b| sext32(a.wrapping_sub(b)))                  join   subw;
    Sllw       sllw        "sllw"        I            0x0000103b  0xfe00707f  R       alu_reg(|a, b| sext32(((a as u32) << (b & 31)) as u64))   join   reg_reg;
    Srlw       srlw        "srlw"        I            0x0000503b  0xfe00707f  R       alu_reg(|a, b| sext32(((a as u32) >> (b & 31)) as u64))   join   reg_reg;
    Sraw       sraw        "sraw"        I            0x4000503b  0xfe00707f  R       alu_reg(|a, b| ((a as i32) >> (b & 31)) as i64 as u64)    join   reg_reg;
    // One in-order hart with no caches between it and memory: memory
    // ordering fences have nothing to order. PAUSE is the FENCE hint with
    // pred=W, succ=0 (its mask is the more specific); every other
    // fm/pred/succ (and the reserved rs1/rd fields, which must be ignored)
    // is a FENCE, FENCE.TSO included.
    Fence      fence       "fence"       I            0x0000000f  0x0000707f  Fence   exec(base::next)                                           join   fence;
    Pause      pause       "pause"       Zihintpause  0x0100000f  0xffffffff  None    exec(base::next)                                           join   bare;
    FenceI     fence_i     "fence.i"     Zifencei     0x0000100f  0x0000707f  None    exec(system::fence_i)                                      alone  bare;
    Ecall      ecall       "ecall"       I            0x00000073  0xffffffff  None    exec(|h, _| system::ecall(h))                              last   bare;
    Ebreak     ebreak      "ebreak"      I            0x00100073  0xffffffff  None    exec(|h, _| system::ebreak(h))                             alone  bare;
// ---- M ----
    Mul        mul         "mul"         M            0x02000033  0xfe00707f  R       alu_reg(muldiv::mul)                                       join   reg_reg;
    Mulh       mulh        "mulh"        M            0x02001033  0xfe00707f  R       alu_reg(muldiv::mulh)                                      join   reg_reg;
    Mulhsu     mulhsu      "mulhsu"      M            0x02002033  0xfe00707f  R       alu_reg(muldiv::mulhsu)                                    join   reg_reg;
    Mulhu      mulhu       "mulhu"       M            0x02003033  0xfe00707f  R       alu_reg(muldiv::mulhu)                                     join   reg_reg;
    Div        div         "div"         M            0x02004033  0xfe00707f  R       alu_reg(muldiv::div)                                       join   reg_reg;
    Divu       divu        "divu"        M            0x02005033  0xfe00707f  R       alu_reg(muldiv::divu)                                      join   reg_reg;
    Rem        rem         "rem"         M            0x02006033  0xfe00707f  R       alu_reg(muldiv::rem)                                       join   reg_reg;
    Remu       remu        "remu"        M            0x02007033  0xfe00707f  R       alu_reg(muldiv::remu)                                      join   reg_reg;
    Mulw       mulw        "mulw"        M            0x0200003b  0xfe00707f  R       alu_reg(muldiv::mulw)                                      join   reg_reg;
    Divw       divw        "divw"        M            0x0200403b  0xfe00707f  R       alu_reg(muldiv::divw)                                      join   reg_reg;
    Divuw      divuw       "divuw"       M            0x0200503b  0xfe00707f  R       alu_reg(muldiv::divuw)                                     join   reg_reg;
    Remw       remw        "remw"        M            0x0200603b  0xfe00707f  R       alu_reg(muldiv::remw)                                      join   reg_reg;
    Remuw      remuw       "remuw"       M            0x0200703b  0xfe00707f  R       alu_reg(muldiv::remuw)                                     join   reg_reg;
// ---- A ---- (aq/rl, bits 26:25, are free: every AMO is sequentially
// consistent on this hart; LR has no rs2: a non-zero one is reserved)
    LrW        lr_w        "lr.w"        A            0x1000202f  0xf9f0707f  R1      exec(|h, i| atomic::lr(h, i, 4))                           mem    lr;
    ScW        sc_w        "sc.w"        A            0x1800202f  0xf800707f  Amo     exec(|h, i| atomic::sc(h, i, 4))                           mem    amo;
    AmoswapW   amoswap_w   "amoswap.w"   A            0x0800202f  0xf800707f  Amo     exec(|h, i| atomic::amo(h, i, 4, |_, b| b))                mem    amo;
    AmoaddW    amoadd_w    "amoadd.w"    A            0x0000202f  0xf800707f  Amo     exec(|h, i| atomic::amo(h, i, 4, u64::wrapping_add))       mem    amo;
    AmoxorW    amoxor_w    "amoxor.w"    A            0x2000202f  0xf800707f  Amo     exec(|h, i| atomic::amo(h, i, 4, |a, b| a ^ b))            mem    amo;
    AmoandW    amoand_w    "amoand.w"    A            0x6000202f  0xf800707f  Amo     exec(|h, i| atomic::amo(h, i, 4, |a, b| a & b))            mem    amo;
    AmoorW     amoor_w     "amoor.w"     A            0x4000202f  0xf800707f  Amo     exec(|h, i| atomic::amo(h, i, 4, |a, b| a | b))            mem    amo;
    AmominW    amomin_w    "amomin.w"    A            0x8000202f  0xf800707f  Amo     exec(|h, i| atomic::amo(h, i, 4, |a, b| (a as i32).min(b as i32) as u64))  mem  amo;
    AmomaxW    amomax_w    "amomax.w"    A            0xa000202f  0xf800707f  Amo     exec(|h, i| atomic::amo(h, i, 4, |a, b| (a as i32).max(b as i32) as u64))  mem  amo;
    AmominuW   amominu_w   "amominu.w"   A            0xc000202f  0xf800707f  Amo     exec(|h, i| atomic::amo(h, i, 4, |a, b| (a as u32).min(b as u32) as u64))  mem  amo;
    AmomaxuW   amomaxu_w   "amomaxu.w"   A            0xe000202f  0xf800707f  Amo     exec(|h, i| atomic::amo(h, i, 4, |a, b| (a as u32).max(b as u32) as u64))  mem  amo;
    LrD        lr_d        "lr.d"        A            0x1000302f  0xf9f0707f  R1      exec(|h, i| atomic::lr(h, i, 8))                           mem    lr;
    ScD        sc_d        "sc.d"        A            0x1800302f  0xf800707f  Amo     exec(|h, i| atomic::sc(h, i, 8))                           mem    amo;
    AmoswapD   amoswap_d   "amoswap.d"   A            0x0800302f  0xf800707f  Amo     exec(|h, i| atomic::amo(h, i, 8, |_, b| b))                mem    amo;
    AmoaddD    amoadd_d    "amoadd.d"    A            0x0000302f  0xf800707f  Amo     exec(|h, i| atomic::amo(h, i, 8, u64::wrapping_add))       mem    amo;
    AmoxorD    amoxor_d    "amoxor.d"    A            0x2000302f  0xf800707f  Amo     exec(|h, i| atomic::amo(h, i, 8, |a, b| a ^ b))            mem    amo;
    AmoandD    amoand_d    "amoand.d"    A            0x6000302f  0xf800707f  Amo     exec(|h, i| atomic::amo(h, i, 8, |a, b| a & b))            mem    amo;
    AmoorD     amoor_d     "amoor.d"     A            0x4000302f  0xf800707f  Amo     exec(|h, i| atomic::amo(h, i, 8, |a, b| a | b))            mem    amo;
    AmominD    amomin_d    "amomin.d"    A            0x8000302f  0xf800707f  Amo     exec(|h, i| atomic::amo(h, i, 8, |a, b| (a as i64).min(b as i64) as u64))  mem  amo;
    AmomaxD    amomax_d    "amomax.d"    A            0xa000302f  0xf800707f  Amo     exec(|h, i| atomic::amo(h, i, 8, |a, b| (a as i64).max(b as i64) as u64))  mem  amo;
    AmominuD   amominu_d   "amominu.d"   A            0xc000302f  0xf800707f  Amo     exec(|h, i| atomic::amo(h, i, 8, u64::min))                mem    amo;
    AmomaxuD   amomaxu_d   "amomaxu.d"   A            0xe000302f  0xf800707f  Amo     exec(|h, i| atomic::amo(h, i, 8, u64::max))                mem    amo;
// ---- Zba ---- (address generation; .uw: the rs1 operand zero-extended from 32 bits)
    Sh1add     sh1add      "sh1add"      Zba          0x20002033  0xfe00707f  R       alu_reg(|a, b| (a << 1).wrapping_add(b))                   join   reg_reg;
    Sh2add     sh2add      "sh2add"      Zba          0x20004033  0xfe00707f  R       alu_reg(|a, b| (a << 2).wrapping_add(b))                   join   reg_reg;
    Sh3add     sh3add      "sh3add"      Zba          0x20006033  0xfe00707f  R       alu_reg(|a, b| (a << 3).wrapping_add(b))                   join   reg_reg;
    AddUw      add_uw      "add.uw"      Zba          0x0800003b  0xfe00707f  R       alu_reg(|a, b| (a as u32 as u64).wrapping_add(b))          join   add_uw;
    Sh1addUw   sh1add_uw   "sh1add.uw"   Zba          0x2000203b  0xfe00707f  R       alu_reg(|a, b| ((a as u32 as u64) << 1).wrapping_add(b))   join   reg_reg;
    Sh2addUw   sh2add_uw   "sh2add.uw"   Zba          0x2000403b  0xfe00707f  R       alu_reg(|a, b| ((a as u32 as u64) << 2).wrapping_add(b))   join   reg_reg;
    Sh3addUw   sh3add_uw   "sh3add.uw"   Zba          0x2000603b  0xfe00707f  R       alu_reg(|a, b| ((a as u32 as u64) << 3).wrapping_add(b))   join   reg_reg;
    SlliUw     slli_uw     "slli.uw"     Zba          0x0800101b  0xfc00707f  Shamt6  alu_imm(|a, b| (a as u32 as u64) << (b & 63))              join   reg_imm;
// ---- Zbb ---- (basic bit manipulation; ZbbOrZbkb: also in Zbkb, legal when either is on)
    Andn       andn        "andn"        ZbbOrZbkb    0x40007033  0xfe00707f  R       alu_reg(|a, b| a & !b)                                     join   reg_reg;
    Orn        orn         "orn"         ZbbOrZbkb    0x40006033  0xfe00707f  R       alu_reg(|a, b| a | !b)                                     join   reg_reg;
    Xnor       xnor        "xnor"        ZbbOrZbkb    0x40004033  0xfe00707f  R       alu_reg(|a, b| !(a ^ b))                                   join   reg_reg;
    Clz        clz         "clz"         Zbb          0x60001013  0xfff0707f  R1      alu_imm(|a, _| a.leading_zeros() as u64)                   join   unary;
    Ctz        ctz         "ctz"         Zbb          0x60101013  0xfff0707f  R1      alu_imm(|a, _| a.trailing_zeros() as u64)                  join   unary;
    Cpop       cpop        "cpop"        Zbb          0x60201013  0xfff0707f  R1      alu_imm(|a, _| a.count_ones() as u64)                      join   unary;
    Clzw       clzw        "clzw"        Zbb          0x6000101b  0xfff0707f  R1      alu_imm(|a, _| (a as u32).leading_zeros() as u64)          join   unary;
    Ctzw       ctzw        "ctzw"        Zbb          0x6010101b  0xfff0707f  R1      alu_imm(|a, _| (a as u32).trailing_zeros() as u64)         join   unary;
    Cpopw      cpopw       "cpopw"       Zbb          0x6020101b  0xfff0707f  R1      alu_imm(|a, _| (a as u32).count_ones() as u64)             join   unary;
    Max        max         "max"         Zbb          0x0a006033  0xfe00707f  R       alu_reg(|a, b| (a as i64).max(b as i64) as u64)            join   reg_reg;
    Maxu       maxu        "maxu"        Zbb          0x0a007033  0xfe00707f  R       alu_reg(u64::max)                                          join   reg_reg;
    Min        min         "min"         Zbb          0x0a004033  0xfe00707f  R       alu_reg(|a, b| (a as i64).min(b as i64) as u64)            join   reg_reg;
    Minu       minu        "minu"        Zbb          0x0a005033  0xfe00707f  R       alu_reg(u64::min)                                          join   reg_reg;
    SextB      sext_b      "sext.b"      Zbb          0x60401013  0xfff0707f  R1      alu_imm(|a, _| a as i8 as i64 as u64)                      join   unary;
    SextH      sext_h      "sext.h"      Zbb          0x60501013  0xfff0707f  R1      alu_imm(|a, _| a as i16 as i64 as u64)                     join   unary;
    ZextH      zext_h      "zext.h"      ZbbOrZbkb    0x0800403b  0xfff0707f  R1      alu_imm(|a, _| a & 0xffff)                                 join   unary;
    Rol        rol         "rol"         ZbbOrZbkb    0x60001033  0xfe00707f  R       alu_reg(|a, b| a.rotate_left((b & 63) as u32))             join   reg_reg;
    Rolw       rolw        "rolw"        ZbbOrZbkb    0x6000103b  0xfe00707f  R       alu_reg(|a, b| sext32((a as u32).rotate_left((b & 31) as u32) as u64))   join  reg_reg;
    Ror        ror         "ror"         ZbbOrZbkb    0x60005033  0xfe00707f  R       alu_reg(|a, b| a.rotate_right((b & 63) as u32))            join   reg_reg;
    Rorw       rorw        "rorw"        ZbbOrZbkb    0x6000503b  0xfe00707f  R       alu_reg(|a, b| sext32((a as u32).rotate_right((b & 31) as u32) as u64))  join  reg_reg;
    Rori       rori        "rori"        ZbbOrZbkb    0x60005013  0xfc00707f  Shamt6  alu_imm(|a, b| a.rotate_right((b & 63) as u32))            join   reg_imm;
    Roriw      roriw       "roriw"       ZbbOrZbkb    0x6000501b  0xfe00707f  Shamt5  alu_imm(|a, b| sext32((a as u32).rotate_right((b & 31) as u32) as u64))  join  reg_imm;
    OrcB       orc_b       "orc.b"       Zbb          0x28705013  0xfff0707f  R1      alu_imm(|a, _| bitmanip::orc_b(a))                         join   unary;
    Rev8       rev8        "rev8"        ZbbOrZbkb    0x6b805013  0xfff0707f  R1      alu_imm(|a, _| a.swap_bytes())                             join   unary;
// ---- Zbc ---- (carry-less multiplication; CLMUL and CLMULH are also Zbkc)
    Clmul      clmul       "clmul"       ZbcOrZbkc    0x0a001033  0xfe00707f  R       alu_reg(bitmanip::clmul)                                   join   reg_reg;
    Clmulr     clmulr      "clmulr"      Zbc          0x0a002033  0xfe00707f  R       alu_reg(bitmanip::clmulr)                                  join   reg_reg;
    Clmulh     clmulh      "clmulh"      ZbcOrZbkc    0x0a003033  0xfe00707f  R       alu_reg(bitmanip::clmulh)                                  join   reg_reg;
// ---- Zbs ---- (single-bit operations; the bit index is the low 6 bits)
    Bclr       bclr        "bclr"        Zbs          0x48001033  0xfe00707f  R       alu_reg(|a, b| a & !(1 << (b & 63)))                       join   reg_reg;
    Bclri      bclri       "bclri"       Zbs          0x48001013  0xfc00707f  Shamt6  alu_imm(|a, b| a & !(1 << (b & 63)))                       join   reg_imm;
    Bext       bext        "bext"        Zbs          0x48005033  0xfe00707f  R       alu_reg(|a, b| (a >> (b & 63)) & 1)                        join   reg_reg;
    Bexti      bexti       "bexti"       Zbs          0x48005013  0xfc00707f  Shamt6  alu_imm(|a, b| (a >> (b & 63)) & 1)                        join   reg_imm;
    Binv       binv        "binv"        Zbs          0x68001033  0xfe00707f  R       alu_reg(|a, b| a ^ (1 << (b & 63)))                        join   reg_reg;
    Binvi      binvi       "binvi"       Zbs          0x68001013  0xfc00707f  Shamt6  alu_imm(|a, b| a ^ (1 << (b & 63)))                        join   reg_imm;
    Bset       bset        "bset"        Zbs          0x28001033  0xfe00707f  R       alu_reg(|a, b| a | (1 << (b & 63)))                        join   reg_reg;
    Bseti      bseti       "bseti"       Zbs          0x28001013  0xfc00707f  Shamt6  alu_imm(|a, b| a | (1 << (b & 63)))                        join   reg_imm;
// ---- Zbkb ---- (the rest of Zbkb is in Zbb's lines, as ZbbOrZbkb; ZEXT.H is PACKW with rs2 = x0)
    Pack       pack        "pack"        Zbkb         0x08004033  0xfe00707f  R       alu_reg(|a, b| (a & 0xffff_ffff) | (b << 32))              join   reg_reg;
    Packh      packh       "packh"       Zbkb         0x08007033  0xfe00707f  R       alu_reg(|a, b| (a & 0xff) | ((b & 0xff) << 8))             join   reg_reg;
    Packw      packw       "packw"       Zbkb         0x0800403b  0xfe00707f  R       alu_reg(bitmanip::packw)                                   join   reg_reg;
    Brev8      brev8       "brev8"       Zbkb         0x68705013  0xfff0707f  R1      alu_imm(|a, _| bitmanip::brev8(a))                         join   unary;
// ---- Zbkx ----
    Xperm4     xperm4      "xperm4"      Zbkx         0x28002033  0xfe00707f  R       alu_reg(bitmanip::xperm4)                                  join   reg_reg;
    Xperm8     xperm8      "xperm8"      Zbkx         0x28004033  0xfe00707f  R       alu_reg(bitmanip::xperm8)                                  join   reg_reg;
// ---- Zicond ---- (rd = 0 when the condition on x[rs2] holds, else x[rs1])
    CzeroEqz   czero_eqz   "czero.eqz"   Zicond       0x0e005033  0xfe00707f  R       alu_reg(|a, b| if b == 0 { 0 } else { a })                 join   reg_reg;
    CzeroNez   czero_nez   "czero.nez"   Zicond       0x0e007033  0xfe00707f  R       alu_reg(|a, b| if b != 0 { 0 } else { a })                 join   reg_reg;
// ---- Zicbom, Zicboz ---- (cache-block operations on the 64-byte block at x[rs1]; the
// Zicbop prefetches are ORI hints with rd = x0)
    CboInval   cbo_inval   "cbo.inval"   Zicbom       0x0000200f  0xfff07fff  Rs1     exec(|h, i| cmo::manage(h, i, Envcfg::CBIE))               alone  cbo;
    CboClean   cbo_clean   "cbo.clean"   Zicbom       0x0010200f  0xfff07fff  Rs1     exec(|h, i| cmo::manage(h, i, Envcfg::CBCFE))              alone  cbo;
    CboFlush   cbo_flush   "cbo.flush"   Zicbom       0x0020200f  0xfff07fff  Rs1     exec(|h, i| cmo::manage(h, i, Envcfg::CBCFE))              alone  cbo;
    CboZero    cbo_zero    "cbo.zero"    Zicboz       0x0040200f  0xfff07fff  Rs1     exec(cmo::zero)                                            alone  cbo;
// ---- Zicsr ---- (whether the access is legal is the CSR file's decision)
    Csrrw      csrrw       "csrrw"       Zicsr        0x00001073  0x0000707f  Csr     exec(|h, i| zicsr::csr(h, i, CsrOpKind::Write, false))     alone  csr;
    Csrrs      csrrs       "csrrs"       Zicsr        0x00002073  0x0000707f  Csr     exec(|h, i| zicsr::csr(h, i, CsrOpKind::Set, false))       alone  csrrs;
    Csrrc      csrrc       "csrrc"       Zicsr        0x00003073  0x0000707f  Csr     exec(|h, i| zicsr::csr(h, i, CsrOpKind::Clear, false))     alone  csr;
    Csrrwi     csrrwi      "csrrwi"      Zicsr        0x00005073  0x0000707f  Csr     exec(|h, i| zicsr::csr(h, i, CsrOpKind::Write, true))      alone  csri;
    Csrrsi     csrrsi      "csrrsi"      Zicsr        0x00006073  0x0000707f  Csr     exec(|h, i| zicsr::csr(h, i, CsrOpKind::Set, true))        alone  csri;
    Csrrci     csrrci      "csrrci"      Zicsr        0x00007073  0x0000707f  Csr     exec(|h, i| zicsr::csr(h, i, CsrOpKind::Clear, true))      alone  csri;
// ---- privileged ----
    Mret       mret        "mret"        Priv         0x30200073  0xffffffff  None    exec(|h, i| h.mret(i.raw))                                 last   bare;
    Sret       sret        "sret"        Priv         0x10200073  0xffffffff  None    exec(|h, i| h.sret(i.raw))                                 last   bare;
    Wfi        wfi         "wfi"         Priv         0x10500073  0xffffffff  None    exec(system::wfi)                                          alone  bare;
    SfenceVma  sfence_vma  "sfence.vma"  Priv         0x12000073  0xfe007fff  Rs1Rs2  exec(system::sfence_vma)                                   alone  fence_vma;
// ---- Svinval ---- (SINVAL.VMA and HINVAL.* invalidate as SFENCE.VMA and HFENCE.* do, with
// their permission rules; the two SFENCEs only order them, nothing to do on one in-order hart)
    SinvalVma  sinval_vma  "sinval.vma"  Svinval      0x16000073  0xfe007fff  Rs1Rs2  exec(system::sfence_vma)                                   alone  rs1_rs2;
    SfenceWInval sfence_w_inval "sfence.w.inval" Svinval 0x18000073 0xffffffff None exec(system::sfence_inval)                               alone  bare;
    SfenceInvalIr sfence_inval_ir "sfence.inval.ir" Svinval 0x18100073 0xffffffff None exec(system::sfence_inval)                           alone  bare;
    HinvalVvma hinval_vvma "hinval.vvma" Svinval      0x26000073  0xfe007fff  Rs1Rs2  exec(hyp::hfence_vvma)                                     alone  rs1_rs2;
    HinvalGvma hinval_gvma "hinval.gvma" Svinval      0x66000073  0xfe007fff  Rs1Rs2  exec(hyp::hfence_gvma)                                     alone  rs1_rs2;
// ---- H ---- (HLV: rs2 selects the unsigned/HLVX variant; HSV has no rd)
    HfenceVvma hfence_vvma "hfence.vvma" H            0x22000073  0xfe007fff  Rs1Rs2  exec(hyp::hfence_vvma)                                     alone  fence_vma;
    HfenceGvma hfence_gvma "hfence.gvma" H            0x62000073  0xfe007fff  Rs1Rs2  exec(hyp::hfence_gvma)                                     alone  fence_vma;
    HlvB       hlv_b       "hlv.b"       H            0x60004073  0xfff0707f  R1      exec(|h, i| hyp::hlv(h, i, 1, true, false))                alone  hlv;
    HlvBu      hlv_bu      "hlv.bu"      H            0x60104073  0xfff0707f  R1      exec(|h, i| hyp::hlv(h, i, 1, false, false))               alone  hlv;
    HlvH       hlv_h       "hlv.h"       H            0x64004073  0xfff0707f  R1      exec(|h, i| hyp::hlv(h, i, 2, true, false))                alone  hlv;
    HlvHu      hlv_hu      "hlv.hu"      H            0x64104073  0xfff0707f  R1      exec(|h, i| hyp::hlv(h, i, 2, false, false))               alone  hlv;
    HlvW       hlv_w       "hlv.w"       H            0x68004073  0xfff0707f  R1      exec(|h, i| hyp::hlv(h, i, 4, true, false))                alone  hlv;
    HlvWu      hlv_wu      "hlv.wu"      H            0x68104073  0xfff0707f  R1      exec(|h, i| hyp::hlv(h, i, 4, false, false))               alone  hlv;
    HlvD       hlv_d       "hlv.d"       H            0x6c004073  0xfff0707f  R1      exec(|h, i| hyp::hlv(h, i, 8, false, false))               alone  hlv;
    HlvxHu     hlvx_hu     "hlvx.hu"     H            0x64304073  0xfff0707f  R1      exec(|h, i| hyp::hlv(h, i, 2, false, true))                alone  hlv;
    HlvxWu     hlvx_wu     "hlvx.wu"     H            0x68304073  0xfff0707f  R1      exec(|h, i| hyp::hlv(h, i, 4, false, true))                alone  hlv;
    HsvB       hsv_b       "hsv.b"       H            0x62004073  0xfe007fff  Rs2Rs1  exec(|h, i| hyp::hsv(h, i, 1))                             alone  hsv;
    HsvH       hsv_h       "hsv.h"       H            0x66004073  0xfe007fff  Rs2Rs1  exec(|h, i| hyp::hsv(h, i, 2))                             alone  hsv;
    HsvW       hsv_w       "hsv.w"       H            0x6a004073  0xfe007fff  Rs2Rs1  exec(|h, i| hyp::hsv(h, i, 4))                             alone  hsv;
    HsvD       hsv_d       "hsv.d"       H            0x6e004073  0xfe007fff  Rs2Rs1  exec(|h, i| hyp::hsv(h, i, 8))                             alone  hsv;
// ---- F ---- (fmt, bits 26:25: 0 = S, 1 = D, 2 = H; Q is not implemented)
    Flw        flw         "flw"         F            0x00002007  0x0000707f  I       exec(fp::load::<S>)                                              mem    fload;
    Fsw        fsw         "fsw"         F            0x00002027  0x0000707f  S       exec(fp::store::<S>)                                              mem    fstore;
    FmaddS     fmadd_s     "fmadd.s"     F            0x00000043  0x0600007f  R4      exec(|h, i| fp::fma::<S>(h, i, false, false, fpu::fma_s))                 join   f4_rm;
    FmsubS     fmsub_s     "fmsub.s"     F            0x00000047  0x0600007f  R4      exec(|h, i| fp::fma::<S>(h, i, false, true, fpu::fma_s))                  join   f4_rm;
    FnmsubS    fnmsub_s    "fnmsub.s"    F            0x0000004b  0x0600007f  R4      exec(|h, i| fp::fma::<S>(h, i, true, false, fpu::fma_s))                  join   f4_rm;
    FnmaddS    fnmadd_s    "fnmadd.s"    F            0x0000004f  0x0600007f  R4      exec(|h, i| fp::fma::<S>(h, i, true, true, fpu::fma_s))                   join   f4_rm;
    FaddS      fadd_s      "fadd.s"      F            0x00000053  0xfe00007f  Rrm     exec(|h, i| fp::arith2::<S>(h, i, fpu::add_s))                join   f3_rm;
    FsubS      fsub_s      "fsub.s"      F            0x08000053  0xfe00007f  Rrm     exec(|h, i| fp::arith2::<S>(h, i, fpu::sub_s))                join   f3_rm;
    FmulS      fmul_s      "fmul.s"      F            0x10000053  0xfe00007f  Rrm     exec(|h, i| fp::arith2::<S>(h, i, fpu::mul_s))                join   f3_rm;
    FdivS      fdiv_s      "fdiv.s"      F            0x18000053  0xfe00007f  Rrm     exec(|h, i| fp::arith2::<S>(h, i, fpu::div_s))                join   f3_rm;
    FsqrtS     fsqrt_s     "fsqrt.s"     F            0x58000053  0xfff0007f  R1rm    exec(|h, i| fp::arith1::<S, S>(h, i, fpu::sqrt_s))               join   f2_rm;
    FsgnjS     fsgnj_s     "fsgnj.s"     F            0x20000053  0xfe00707f  R       exec(|h, i| fp::sgnj::<S>(h, i, |_, b| b))                    join   fsgnj;
    FsgnjnS    fsgnjn_s    "fsgnjn.s"    F            0x20001053  0xfe00707f  R       exec(|h, i| fp::sgnj::<S>(h, i, |_, b| !b))                   join   fsgnj;
    FsgnjxS    fsgnjx_s    "fsgnjx.s"    F            0x20002053  0xfe00707f  R       exec(|h, i| fp::sgnj::<S>(h, i, |a, b| a ^ b))                join   fsgnj;
    FminS      fmin_s      "fmin.s"      F            0x28000053  0xfe00707f  R       exec(|h, i| fp::minmax::<S>(h, i, fpu::min_s))                join   f3;
    FmaxS      fmax_s      "fmax.s"      F            0x28001053  0xfe00707f  R       exec(|h, i| fp::minmax::<S>(h, i, fpu::max_s))                join   f3;
    FcvtWS     fcvt_w_s    "fcvt.w.s"    F            0xc0000053  0xfff0007f  R1rm    exec(|h, i| fp::to_int::<S>(h, i, |a, rm, fl| fpu::to_i32_s(a, rm, fl) as i64 as u64))  join  x_f_rm;
    FcvtWuS    fcvt_wu_s   "fcvt.wu.s"   F            0xc0100053  0xfff0007f  R1rm    exec(|h, i| fp::to_int::<S>(h, i, |a, rm, fl| sext32(fpu::to_u32_s(a, rm, fl) as u64)))  join  x_f_rm;
    FcvtLS     fcvt_l_s    "fcvt.l.s"    F            0xc0200053  0xfff0007f  R1rm    exec(|h, i| fp::to_int::<S>(h, i, |a, rm, fl| fpu::to_i64_s(a, rm, fl) as u64))  join  x_f_rm;
    FcvtLuS    fcvt_lu_s   "fcvt.lu.s"   F            0xc0300053  0xfff0007f  R1rm    exec(|h, i| fp::to_int::<S>(h, i, fpu::to_u64_s))             join   x_f_rm;
    FmvXW      fmv_x_w     "fmv.x.w"     F            0xe0000053  0xfff0707f  R1      exec(fp::fmv_x::<S>)                                          join   x_f;
    FeqS       feq_s       "feq.s"       F            0xa0002053  0xfe00707f  R       exec(|h, i| fp::cmp::<S>(h, i, fpu::eq_s))                    join   x_ff;
    FltS       flt_s       "flt.s"       F            0xa0001053  0xfe00707f  R       exec(|h, i| fp::cmp::<S>(h, i, fpu::lt_s))                    join   x_ff;
    FleS       fle_s       "fle.s"       F            0xa0000053  0xfe00707f  R       exec(|h, i| fp::cmp::<S>(h, i, fpu::le_s))                    join   x_ff;
    FclassS    fclass_s    "fclass.s"    F            0xe0001053  0xfff0707f  R1      exec(|h, i| fp::fclass::<S>(h, i, fpu::class_s))                                         join   x_f;
    FcvtSW     fcvt_s_w    "fcvt.s.w"    F            0xd0000053  0xfff0007f  R1rm    exec(|h, i| fp::from_int::<S>(h, i, |v, rm, fl| fpu::from_i32_s(v as i32, rm, fl)))  join  f_x_rm;
    FcvtSWu    fcvt_s_wu   "fcvt.s.wu"   F            0xd0100053  0xfff0007f  R1rm    exec(|h, i| fp::from_int::<S>(h, i, |v, rm, fl| fpu::from_u32_s(v as u32, rm, fl)))  join  f_x_rm;
    FcvtSL     fcvt_s_l    "fcvt.s.l"    F            0xd0200053  0xfff0007f  R1rm    exec(|h, i| fp::from_int::<S>(h, i, |v, rm, fl| fpu::from_i64_s(v as i64, rm, fl)))  join  f_x_rm;
    FcvtSLu    fcvt_s_lu   "fcvt.s.lu"   F            0xd0300053  0xfff0007f  R1rm    exec(|h, i| fp::from_int::<S>(h, i, fpu::from_u64_s))         join   f_x_rm;
    FmvWX      fmv_w_x     "fmv.w.x"     F            0xf0000053  0xfff0707f  R1      exec(fp::fmv_f::<S>)                                          join   f_x;
// ---- D ----
    Fld        fld         "fld"         D            0x00003007  0x0000707f  I       exec(fp::load::<D>)                                              mem    fload;
    Fsd        fsd         "fsd"         D            0x00003027  0x0000707f  S       exec(fp::store::<D>)                                              mem    fstore;
    FmaddD     fmadd_d     "fmadd.d"     D            0x02000043  0x0600007f  R4      exec(|h, i| fp::fma::<D>(h, i, false, false, fpu::fma_d))                 join   f4_rm;
    FmsubD     fmsub_d     "fmsub.d"     D            0x02000047  0x0600007f  R4      exec(|h, i| fp::fma::<D>(h, i, false, true, fpu::fma_d))                  join   f4_rm;
    FnmsubD    fnmsub_d    "fnmsub.d"    D            0x0200004b  0x0600007f  R4      exec(|h, i| fp::fma::<D>(h, i, true, false, fpu::fma_d))                  join   f4_rm;
    FnmaddD    fnmadd_d    "fnmadd.d"    D            0x0200004f  0x0600007f  R4      exec(|h, i| fp::fma::<D>(h, i, true, true, fpu::fma_d))                   join   f4_rm;
    FaddD      fadd_d      "fadd.d"      D            0x02000053  0xfe00007f  Rrm     exec(|h, i| fp::arith2::<D>(h, i, fpu::add_d))                join   f3_rm;
    FsubD      fsub_d      "fsub.d"      D            0x0a000053  0xfe00007f  Rrm     exec(|h, i| fp::arith2::<D>(h, i, fpu::sub_d))                join   f3_rm;
    FmulD      fmul_d      "fmul.d"      D            0x12000053  0xfe00007f  Rrm     exec(|h, i| fp::arith2::<D>(h, i, fpu::mul_d))                join   f3_rm;
    FdivD      fdiv_d      "fdiv.d"      D            0x1a000053  0xfe00007f  Rrm     exec(|h, i| fp::arith2::<D>(h, i, fpu::div_d))                join   f3_rm;
    FsqrtD     fsqrt_d     "fsqrt.d"     D            0x5a000053  0xfff0007f  R1rm    exec(|h, i| fp::arith1::<D, D>(h, i, fpu::sqrt_d))               join   f2_rm;
    FsgnjD     fsgnj_d     "fsgnj.d"     D            0x22000053  0xfe00707f  R       exec(|h, i| fp::sgnj::<D>(h, i, |_, b| b))                    join   fsgnj;
    FsgnjnD    fsgnjn_d    "fsgnjn.d"    D            0x22001053  0xfe00707f  R       exec(|h, i| fp::sgnj::<D>(h, i, |_, b| !b))                   join   fsgnj;
    FsgnjxD    fsgnjx_d    "fsgnjx.d"    D            0x22002053  0xfe00707f  R       exec(|h, i| fp::sgnj::<D>(h, i, |a, b| a ^ b))                join   fsgnj;
    FminD      fmin_d      "fmin.d"      D            0x2a000053  0xfe00707f  R       exec(|h, i| fp::minmax::<D>(h, i, fpu::min_d))                join   f3;
    FmaxD      fmax_d      "fmax.d"      D            0x2a001053  0xfe00707f  R       exec(|h, i| fp::minmax::<D>(h, i, fpu::max_d))                join   f3;
    FcvtSD     fcvt_s_d    "fcvt.s.d"    D            0x40100053  0xfff0007f  R1rm    exec(|h, i| fp::arith1::<D, S>(h, i, fpu::d_to_s))                                         join   f2_rm;
    FcvtDS     fcvt_d_s    "fcvt.d.s"    D            0x42000053  0xfff0007f  R1rm    exec(|h, i| fp::arith1::<S, D>(h, i, |a, _, fl| fpu::s_to_d(a, fl)))                                         join   f2;
    FcvtWD     fcvt_w_d    "fcvt.w.d"    D            0xc2000053  0xfff0007f  R1rm    exec(|h, i| fp::to_int::<D>(h, i, |a, rm, fl| fpu::to_i32_d(a, rm, fl) as i64 as u64))  join  x_f_rm;
    FcvtWuD    fcvt_wu_d   "fcvt.wu.d"   D            0xc2100053  0xfff0007f  R1rm    exec(|h, i| fp::to_int::<D>(h, i, |a, rm, fl| sext32(fpu::to_u32_d(a, rm, fl) as u64)))  join  x_f_rm;
    FcvtLD     fcvt_l_d    "fcvt.l.d"    D            0xc2200053  0xfff0007f  R1rm    exec(|h, i| fp::to_int::<D>(h, i, |a, rm, fl| fpu::to_i64_d(a, rm, fl) as u64))  join  x_f_rm;
    FcvtLuD    fcvt_lu_d   "fcvt.lu.d"   D            0xc2300053  0xfff0007f  R1rm    exec(|h, i| fp::to_int::<D>(h, i, fpu::to_u64_d))             join   x_f_rm;
    FmvXD      fmv_x_d     "fmv.x.d"     D            0xe2000053  0xfff0707f  R1      exec(fp::fmv_x::<D>)                                          join   x_f;
    FeqD       feq_d       "feq.d"       D            0xa2002053  0xfe00707f  R       exec(|h, i| fp::cmp::<D>(h, i, fpu::eq_d))                    join   x_ff;
    FltD       flt_d       "flt.d"       D            0xa2001053  0xfe00707f  R       exec(|h, i| fp::cmp::<D>(h, i, fpu::lt_d))                    join   x_ff;
    FleD       fle_d       "fle.d"       D            0xa2000053  0xfe00707f  R       exec(|h, i| fp::cmp::<D>(h, i, fpu::le_d))                    join   x_ff;
    FclassD    fclass_d    "fclass.d"    D            0xe2001053  0xfff0707f  R1      exec(|h, i| fp::fclass::<D>(h, i, fpu::class_d))                                         join   x_f;
    FcvtDW     fcvt_d_w    "fcvt.d.w"    D            0xd2000053  0xfff0007f  R1rm    exec(|h, i| fp::from_int::<D>(h, i, |v, rm, fl| fpu::from_i32_d(v as i32, rm, fl)))  join  f_x;
    FcvtDWu    fcvt_d_wu   "fcvt.d.wu"   D            0xd2100053  0xfff0007f  R1rm    exec(|h, i| fp::from_int::<D>(h, i, |v, rm, fl| fpu::from_u32_d(v as u32, rm, fl)))  join  f_x;
    FcvtDL     fcvt_d_l    "fcvt.d.l"    D            0xd2200053  0xfff0007f  R1rm    exec(|h, i| fp::from_int::<D>(h, i, |v, rm, fl| fpu::from_i64_d(v as i64, rm, fl)))  join  f_x_rm;
    FcvtDLu    fcvt_d_lu   "fcvt.d.lu"   D            0xd2300053  0xfff0007f  R1rm    exec(|h, i| fp::from_int::<D>(h, i, fpu::from_u64_d))         join   f_x_rm;
    FmvDX      fmv_d_x     "fmv.d.x"     D            0xf2000053  0xfff0707f  R1      exec(fp::fmv_f::<D>)                                          join   f_x;
// ---- Zfhmin ---- (half-precision loads, stores, moves and conversions; Zfh includes it)
    Flh        flh         "flh"         Zfhmin       0x00001007  0x0000707f  I       exec(fp::load::<H>)                                        mem    fload;
    Fsh        fsh         "fsh"         Zfhmin       0x00001027  0x0000707f  S       exec(fp::store::<H>)                                       mem    fstore;
    FmvXH      fmv_x_h     "fmv.x.h"     Zfhmin       0xe4000053  0xfff0707f  R1      exec(fp::fmv_x::<H>)                                       join   x_f;
    FmvHX      fmv_h_x     "fmv.h.x"     Zfhmin       0xf4000053  0xfff0707f  R1      exec(fp::fmv_f::<H>)                                       join   f_x;
    FcvtSH     fcvt_s_h    "fcvt.s.h"    Zfhmin       0x40200053  0xfff0007f  R1rm    exec(|h, i| fp::arith1::<H, S>(h, i, |a, _, fl| fpu::h_to_s(a, fl)))  join  f2;
    FcvtHS     fcvt_h_s    "fcvt.h.s"    Zfhmin       0x44000053  0xfff0007f  R1rm    exec(|h, i| fp::arith1::<S, H>(h, i, fpu::s_to_h))         join   f2_rm;
    FcvtDH     fcvt_d_h    "fcvt.d.h"    Zfhmin       0x42200053  0xfff0007f  R1rm    exec(|h, i| fp::arith1::<H, D>(h, i, |a, _, fl| fpu::h_to_d(a, fl)))  join  f2;
    FcvtHD     fcvt_h_d    "fcvt.h.d"    Zfhmin       0x44100053  0xfff0007f  R1rm    exec(|h, i| fp::arith1::<D, H>(h, i, fpu::d_to_h))         join   f2_rm;
// ---- Zfh ----
    FmaddH     fmadd_h     "fmadd.h"     Zfh          0x04000043  0x0600007f  R4      exec(|h, i| fp::fma::<H>(h, i, false, false, fpu::fma_h))  join   f4_rm;
    FmsubH     fmsub_h     "fmsub.h"     Zfh          0x04000047  0x0600007f  R4      exec(|h, i| fp::fma::<H>(h, i, false, true, fpu::fma_h))   join   f4_rm;
    FnmsubH    fnmsub_h    "fnmsub.h"    Zfh          0x0400004b  0x0600007f  R4      exec(|h, i| fp::fma::<H>(h, i, true, false, fpu::fma_h))   join   f4_rm;
    FnmaddH    fnmadd_h    "fnmadd.h"    Zfh          0x0400004f  0x0600007f  R4      exec(|h, i| fp::fma::<H>(h, i, true, true, fpu::fma_h))    join   f4_rm;
    FaddH      fadd_h      "fadd.h"      Zfh          0x04000053  0xfe00007f  Rrm     exec(|h, i| fp::arith2::<H>(h, i, fpu::add_h))             join   f3_rm;
    FsubH      fsub_h      "fsub.h"      Zfh          0x0c000053  0xfe00007f  Rrm     exec(|h, i| fp::arith2::<H>(h, i, fpu::sub_h))             join   f3_rm;
    FmulH      fmul_h      "fmul.h"      Zfh          0x14000053  0xfe00007f  Rrm     exec(|h, i| fp::arith2::<H>(h, i, fpu::mul_h))             join   f3_rm;
    FdivH      fdiv_h      "fdiv.h"      Zfh          0x1c000053  0xfe00007f  Rrm     exec(|h, i| fp::arith2::<H>(h, i, fpu::div_h))             join   f3_rm;
    FsqrtH     fsqrt_h     "fsqrt.h"     Zfh          0x5c000053  0xfff0007f  R1rm    exec(|h, i| fp::arith1::<H, H>(h, i, fpu::sqrt_h))         join   f2_rm;
    FsgnjH     fsgnj_h     "fsgnj.h"     Zfh          0x24000053  0xfe00707f  R       exec(|h, i| fp::sgnj::<H>(h, i, |_, b| b))                 join   fsgnj;
    FsgnjnH    fsgnjn_h    "fsgnjn.h"    Zfh          0x24001053  0xfe00707f  R       exec(|h, i| fp::sgnj::<H>(h, i, |_, b| !b))                join   fsgnj;
    FsgnjxH    fsgnjx_h    "fsgnjx.h"    Zfh          0x24002053  0xfe00707f  R       exec(|h, i| fp::sgnj::<H>(h, i, |a, b| a ^ b))             join   fsgnj;
    FminH      fmin_h      "fmin.h"      Zfh          0x2c000053  0xfe00707f  R       exec(|h, i| fp::minmax::<H>(h, i, fpu::min_h))             join   f3;
    FmaxH      fmax_h      "fmax.h"      Zfh          0x2c001053  0xfe00707f  R       exec(|h, i| fp::minmax::<H>(h, i, fpu::max_h))             join   f3;
    FcvtWH     fcvt_w_h    "fcvt.w.h"    Zfh          0xc4000053  0xfff0007f  R1rm    exec(|h, i| fp::to_int::<H>(h, i, |a, rm, fl| fpu::to_i32_h(a, rm, fl) as i64 as u64))  join  x_f_rm;
    FcvtWuH    fcvt_wu_h   "fcvt.wu.h"   Zfh          0xc4100053  0xfff0007f  R1rm    exec(|h, i| fp::to_int::<H>(h, i, |a, rm, fl| sext32(fpu::to_u32_h(a, rm, fl) as u64)))  join  x_f_rm;
    FcvtLH     fcvt_l_h    "fcvt.l.h"    Zfh          0xc4200053  0xfff0007f  R1rm    exec(|h, i| fp::to_int::<H>(h, i, |a, rm, fl| fpu::to_i64_h(a, rm, fl) as u64))  join  x_f_rm;
    FcvtLuH    fcvt_lu_h   "fcvt.lu.h"   Zfh          0xc4300053  0xfff0007f  R1rm    exec(|h, i| fp::to_int::<H>(h, i, fpu::to_u64_h))          join   x_f_rm;
    FeqH       feq_h       "feq.h"       Zfh          0xa4002053  0xfe00707f  R       exec(|h, i| fp::cmp::<H>(h, i, fpu::eq_h))                 join   x_ff;
    FltH       flt_h       "flt.h"       Zfh          0xa4001053  0xfe00707f  R       exec(|h, i| fp::cmp::<H>(h, i, fpu::lt_h))                 join   x_ff;
    FleH       fle_h       "fle.h"       Zfh          0xa4000053  0xfe00707f  R       exec(|h, i| fp::cmp::<H>(h, i, fpu::le_h))                 join   x_ff;
    FclassH    fclass_h    "fclass.h"    Zfh          0xe4001053  0xfff0707f  R1      exec(|h, i| fp::fclass::<H>(h, i, fpu::class_h))           join   x_f;
    FcvtHW     fcvt_h_w    "fcvt.h.w"    Zfh          0xd4000053  0xfff0007f  R1rm    exec(|h, i| fp::from_int::<H>(h, i, |v, rm, fl| fpu::from_i32_h(v as i32, rm, fl)))  join  f_x_rm;
    FcvtHWu    fcvt_h_wu   "fcvt.h.wu"   Zfh          0xd4100053  0xfff0007f  R1rm    exec(|h, i| fp::from_int::<H>(h, i, |v, rm, fl| fpu::from_u32_h(v as u32, rm, fl)))  join  f_x_rm;
    FcvtHL     fcvt_h_l    "fcvt.h.l"    Zfh          0xd4200053  0xfff0007f  R1rm    exec(|h, i| fp::from_int::<H>(h, i, |v, rm, fl| fpu::from_i64_h(v as i64, rm, fl)))  join  f_x_rm;
    FcvtHLu    fcvt_h_lu   "fcvt.h.lu"   Zfh          0xd4300053  0xfff0007f  R1rm    exec(|h, i| fp::from_int::<H>(h, i, fpu::from_u64_h))      join   f_x_rm;
// ---- Zfa ---- (FLI: the constant's index in rs1; FMINM/FMAXM: bit 13 of FMIN/FMAX set; FLEQ/FLTQ:
// bit 14 of FLE/FLT set; FROUND[NX]: rs2 = 4/5 of FCVT.fmt.fmt; FCVTMOD.W.D: rm fixed to RTZ. FMVH.X.D
// and FMVP.D.X are RV32 only: illegal here. The .H forms need Zfh too.)
    FliS       fli_s       "fli.s"       Zfa          0xf0100053  0xfff0707f  R1      exec(|h, i| fp::fli::<S>(h, i, fpu::fli_s))                join   fli;
    FminmS     fminm_s     "fminm.s"     Zfa          0x28002053  0xfe00707f  R       exec(|h, i| fp::minmax::<S>(h, i, fpu::minm_s))            join   f3;
    FmaxmS     fmaxm_s     "fmaxm.s"     Zfa          0x28003053  0xfe00707f  R       exec(|h, i| fp::minmax::<S>(h, i, fpu::maxm_s))            join   f3;
    FroundS    fround_s    "fround.s"    Zfa          0x40400053  0xfff0007f  R1rm    exec(|h, i| fp::arith1::<S, S>(h, i, fpu::round_s))        join   f2_rm;
    FroundnxS  froundnx_s  "froundnx.s"  Zfa          0x40500053  0xfff0007f  R1rm    exec(|h, i| fp::arith1::<S, S>(h, i, fpu::roundnx_s))      join   f2_rm;
    FleqS      fleq_s      "fleq.s"      Zfa          0xa0004053  0xfe00707f  R       exec(|h, i| fp::cmp::<S>(h, i, fpu::leq_s))                join   x_ff;
    FltqS      fltq_s      "fltq.s"      Zfa          0xa0005053  0xfe00707f  R       exec(|h, i| fp::cmp::<S>(h, i, fpu::ltq_s))                join   x_ff;
    FliD       fli_d       "fli.d"       Zfa          0xf2100053  0xfff0707f  R1      exec(|h, i| fp::fli::<D>(h, i, fpu::fli_d))                join   fli;
    FminmD     fminm_d     "fminm.d"     Zfa          0x2a002053  0xfe00707f  R       exec(|h, i| fp::minmax::<D>(h, i, fpu::minm_d))            join   f3;
    FmaxmD     fmaxm_d     "fmaxm.d"     Zfa          0x2a003053  0xfe00707f  R       exec(|h, i| fp::minmax::<D>(h, i, fpu::maxm_d))            join   f3;
    FroundD    fround_d    "fround.d"    Zfa          0x42400053  0xfff0007f  R1rm    exec(|h, i| fp::arith1::<D, D>(h, i, fpu::round_d))        join   f2_rm;
    FroundnxD  froundnx_d  "froundnx.d"  Zfa          0x42500053  0xfff0007f  R1rm    exec(|h, i| fp::arith1::<D, D>(h, i, fpu::roundnx_d))      join   f2_rm;
    FleqD      fleq_d      "fleq.d"      Zfa          0xa2004053  0xfe00707f  R       exec(|h, i| fp::cmp::<D>(h, i, fpu::leq_d))                join   x_ff;
    FltqD      fltq_d      "fltq.d"      Zfa          0xa2005053  0xfe00707f  R       exec(|h, i| fp::cmp::<D>(h, i, fpu::ltq_d))                join   x_ff;
    FcvtmodWD  fcvtmod_w_d "fcvtmod.w.d" Zfa          0xc2801053  0xfff0707f  R1rm    exec(|h, i| fp::to_int::<D>(h, i, |a, _, fl| fpu::to_i32_modular_d(a, fl)))  join  x_f_rm;
    FliH       fli_h       "fli.h"       ZfhAndZfa    0xf4100053  0xfff0707f  R1      exec(|h, i| fp::fli::<H>(h, i, fpu::fli_h))                join   fli;
    FminmH     fminm_h     "fminm.h"     ZfhAndZfa    0x2c002053  0xfe00707f  R       exec(|h, i| fp::minmax::<H>(h, i, fpu::minm_h))            join   f3;
    FmaxmH     fmaxm_h     "fmaxm.h"     ZfhAndZfa    0x2c003053  0xfe00707f  R       exec(|h, i| fp::minmax::<H>(h, i, fpu::maxm_h))            join   f3;
    FroundH    fround_h    "fround.h"    ZfhAndZfa    0x44400053  0xfff0007f  R1rm    exec(|h, i| fp::arith1::<H, H>(h, i, fpu::round_h))        join   f2_rm;
    FroundnxH  froundnx_h  "froundnx.h"  ZfhAndZfa    0x44500053  0xfff0007f  R1rm    exec(|h, i| fp::arith1::<H, H>(h, i, fpu::roundnx_h))      join   f2_rm;
    FleqH      fleq_h      "fleq.h"      ZfhAndZfa    0xa4004053  0xfe00707f  R       exec(|h, i| fp::cmp::<H>(h, i, fpu::leq_h))                join   x_ff;
    FltqH      fltq_h      "fltq.h"      ZfhAndZfa    0xa4005053  0xfe00707f  R       exec(|h, i| fp::cmp::<H>(h, i, fpu::ltq_h))                join   x_ff;
// ---- Zimop ---- (may-be-operations: write 0 to rd until an extension redefines them; n sits in
// the bits the masks leave free: MOP.R.n 32 of them, MOP.RR.n 8. C.MOP.n (Zcmop) expands to MOP.R.0
// with rd = x0: it writes no register.)
    MopRN      mop_r_n     "mop.r.n"     Zimop        0x81c04073  0xb3c0707f  R1      alu_imm(|_, _| 0)                                          join   mop;
    MopRrN     mop_rr_n    "mop.rr.n"    Zimop        0x82004073  0xb200707f  R       alu_reg(|_, _| 0)                                          join   mop;
    } };
}
pub(crate) use instructions;
