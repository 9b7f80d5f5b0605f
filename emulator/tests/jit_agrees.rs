//! Compiled blocks (`hemu::engine::jit`) must behave exactly as interpreted ones,
//! and both as single-stepping through `execute`: the same registers,
//! memory, pc and instruction count after the same number of instructions.
//! Checked on random loops that fit one block, run until it is compiled
//! (and checked to have been), on random branching code (integer ops, M,
//! bit manipulation, loads and stores, including stores into the code
//! itself), in M-mode and in every translated mode (S and U under Sv39, VS
//! and VU under Sv39 over Sv39x4, M with MPRV); on code and data pages
//! remapped under a running program (with SFENCE.VMA in S and VS, and the
//! G-stage under a running guest with HFENCE.GVMA), on code larger than
//! the block cache, and on every embedded test program (the bench
//! workloads in every mode among them) and the default boot chain.

use hemu::isa::encode as e;
use hemu::loader::{ImageFormat, ImageSource};
use hemu::machine::{Machine, MachineConfig, RunOutcome};
use proptest::prelude::*;

const CODE: u64 = 0x8000_0000;
/// x31 points here: loads and stores reach imm(x31), [-2048, 2047] bytes
/// around it, which covers the end of the code page (so some stores
/// rewrite code) and the page after it.
const DATA: u64 = 0x8000_1000;
/// x31 for loops: imm(x31) stays in the page after `DATA`'s, away from
/// the code.
const LOOP_DATA: u64 = 0x8000_2800;
/// The memory compared: the code page and the two after it.
const COMPARED: std::ops::Range<u64> = CODE..CODE + 0x3000;

/// One random instruction that only computes on registers (integer ops,
/// M, bit manipulation, Zicond, LUI, AUIPC).
fn compute() -> impl Strategy<Value = u32> {
    let r = 1u8..31; // never x31 (the data pointer) as a destination
    let s = 0u8..32;
    let imm = -2048i32..2048;
    prop_oneof![
        (r.clone(), s.clone(), s.clone(), 0usize..28).prop_map(|(d, a, b, k)| {
            let f = [
                e::add, e::sub, e::sll, e::slt, e::sltu, e::xor, e::srl, e::sra, e::or, e::and, e::addw, e::subw,
                e::sllw, e::srlw, e::sraw, e::mul, e::mulh, e::mulhsu, e::mulhu, e::div, e::divu, e::rem, e::remu,
                e::mulw, e::divw, e::divuw, e::remw, e::remuw,
            ][k];
            f(d, a, b)
        }),
        (0u8..31, s.clone(), imm.clone(), 0usize..6).prop_map(|(d, a, i, k)| {
            [e::addi, e::slti, e::sltiu, e::xori, e::ori, e::andi][k](d, a, i)
        }),
        (r.clone(), s.clone(), imm).prop_map(|(d, a, i)| e::addiw(d, a, i)),
        (r.clone(), s.clone(), 0u32..64, 0usize..3)
            .prop_map(|(d, a, sh, k)| [e::slli, e::srli, e::srai][k](d, a, sh)),
        (r.clone(), s.clone(), 0u32..32, 0usize..3)
            .prop_map(|(d, a, sh, k)| [e::slliw, e::srliw, e::sraiw][k](d, a, sh)),
        (0u8..31, 0u32..0x10_0000).prop_map(|(d, v)| e::lui(d, v)),
        (0u8..31, 0u32..0x10_0000).prop_map(|(d, v)| e::auipc(d, v)),
        // The bit-manipulation extensions and Zicond (some written out
        // inline, the others calls to their handlers).
        (r.clone(), s.clone(), s.clone(), 0usize..34).prop_map(|(d, a, b, k)| {
            let f = [
                e::sh1add, e::sh2add, e::sh3add, e::add_uw, e::sh1add_uw, e::sh2add_uw, e::sh3add_uw, e::andn, e::orn,
                e::xnor, e::min, e::max, e::minu, e::maxu, e::rol, e::rolw, e::ror, e::rorw, e::clmul, e::clmulh,
                e::clmulr, e::bclr, e::bext, e::binv, e::bset, e::pack, e::packh, e::packw, e::xperm4, e::xperm8,
                e::czero_eqz, e::czero_nez, e::sub, e::add,
            ][k];
            f(d, a, b)
        }),
        (r.clone(), s.clone(), 0usize..14).prop_map(|(d, a, k)| {
            let f = [
                e::clz, e::ctz, e::cpop, e::clzw, e::ctzw, e::cpopw, e::sext_b, e::sext_h, e::zext_h, e::orc_b,
                e::rev8, e::brev8, e::clz, e::rev8,
            ][k];
            f(d, a)
        }),
        (r.clone(), s.clone(), 0u32..64, 0usize..6).prop_map(|(d, a, sh, k)| {
            [e::slli_uw, e::rori, e::bclri, e::bexti, e::binvi, e::bseti][k](d, a, sh)
        }),
        (r, s, 0u32..32).prop_map(|(d, a, sh)| e::roriw(d, a, sh)),
    ]
}

/// One random load or store at `imm(x31)`, for `imm` from `offsets`.
fn memory(offsets: impl Strategy<Value = i32> + Clone) -> impl Strategy<Value = u32> {
    prop_oneof![
        (0u8..31, offsets.clone(), 0usize..7)
            .prop_map(|(d, i, k)| [e::lb, e::lh, e::lw, e::ld, e::lbu, e::lhu, e::lwu][k](d, 31, i)),
        (0u8..32, offsets, 0usize..4).prop_map(|(v, i, k)| [e::sb, e::sh, e::sw, e::sd][k](v, 31, i)),
    ]
}

/// One random conditional branch by `off` bytes (from `offsets`).
fn branch(offsets: impl Strategy<Value = i32>) -> impl Strategy<Value = u32> {
    (0u8..32, 0u8..32, offsets, 0usize..6)
        .prop_map(|(a, b, off, k)| [e::beq, e::bne, e::blt, e::bge, e::bltu, e::bgeu][k](a, b, off))
}

/// One random instruction at index `at` of `n` (branch and jump targets
/// stay within the program or just past it).
fn inst(at: usize, n: usize) -> impl Strategy<Value = u32> {
    let fwd = (1..=(n - at) as i32).prop_map(|k| k * 4);
    let any_off = (-(at as i32)..=(n - at) as i32).prop_map(|k| k * 4);
    prop_oneof![
        11 => compute(),
        2 => memory(-2048i32..2048),
        1 => branch(any_off),
        1 => (0u8..31, fwd).prop_map(|(d, off)| e::jal(d, off)),
    ]
}

fn program() -> impl Strategy<Value = (Vec<u32>, Vec<u64>)> {
    (8usize..48).prop_flat_map(|n| {
        let insts: Vec<_> = (0..n).map(|at| inst(at, n)).collect();
        (insts, proptest::collection::vec(any::<u64>(), 31))
    })
}

/// The most instructions a loop body has: with the jump back it is at most
/// 128 bytes, two blocks (blocks end at 64-byte boundaries), so every pass
/// starts the same blocks at the same pcs and they get hot and are
/// compiled.
const BODY_MAX: usize = 31;

/// One random instruction at index `at` of a loop body of `n`: no
/// instruction that ends a block; branches and jumps go forward within the
/// body or to the jump back; loads and stores stay in the data page (a
/// store into the code page would rebuild the block every pass), aligned
/// (a misaligned access traps, leaving the loop).
fn body_inst(at: usize, n: usize) -> impl Strategy<Value = u32> {
    let fwd = (1..=(n - at) as i32).prop_map(|k| k * 4);
    prop_oneof![
        12 => compute(),
        3 => memory((-256i32..256).prop_map(|k| k * 8)),
        1 => branch(fwd.clone()),
        1 => (0u8..31, fwd).prop_map(|(d, off)| e::jal(d, off)),
    ]
}

fn loop_body() -> impl Strategy<Value = (Vec<u32>, Vec<u64>)> {
    (4usize..=BODY_MAX).prop_flat_map(|n| {
        let insts: Vec<_> = (0..n).map(|at| body_inst(at, n)).collect();
        (insts, proptest::collection::vec(any::<u64>(), 31))
    })
}

/// The machine state compared.
#[derive(PartialEq)]
struct State {
    pc: u64,
    x: [u64; 32],
    retired: u64,
    memory: Vec<u8>,
    /// The privilege mode, and the trap registers of M, HS and VS (see
    /// `TRAP_CSRS`).
    mode: String,
    csrs: Vec<u64>,
}

/// The trap registers `State` holds.
const TRAP_CSRS: [u16; 12] = {
    use hemu::hart::csr::addr::*;
    [MSCRATCH, MEPC, MCAUSE, MTVAL, SSCRATCH, SEPC, SCAUSE, STVAL, VSSCRATCH, VSEPC, VSCAUSE, VSTVAL]
};

/// Registers in full; memory as a digest (it is 12 KiB).
impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let digest = self.memory.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ *b as u64).wrapping_mul(0x100_0000_01b3));
        f.debug_struct("State")
            .field("pc", &format_args!("{:#x}", self.pc))
            .field("x", &self.x)
            .field("retired", &self.retired)
            .field("memory_fnv", &format_args!("{digest:#018x}"))
            .field("mode", &self.mode)
            .field("csrs", &self.csrs)
            .finish()
    }
}

/// How a random program is run.
#[derive(Clone, Copy, Debug)]
enum Engine {
    /// `Machine::run` with compiled blocks.
    Compiled,
    /// `Machine::run` with interpreted blocks.
    Interpreted,
    /// `Machine::step`: one instruction at a time through `execute`.
    Stepped,
}

/// Where the random code runs: M-mode (physical addresses, the direct
/// RAM path), or in a translated mode (the same addresses mapped by an
/// identity gigapage, through the TLB and the fast pages): S or U under
/// Sv39, VS or VU under Sv39 over Sv39x4, or M-mode with MPRV (loads and
/// stores as S under Sv39, fetches untranslated).
#[derive(Clone, Copy, Debug)]
enum Where {
    Machine,
    SupervisorSv39,
    UserSv39,
    VirtualSupervisor,
    VirtualUser,
    MachineMprv,
}

/// Every mode the random code runs in.
const EVERYWHERE: [Where; 6] =
    [Where::Machine, Where::SupervisorSv39, Where::UserSv39, Where::VirtualSupervisor, Where::VirtualUser, Where::MachineMprv];

/// The Sv39 root page tables, without and with U (outside the code and
/// data the program reaches), and the Sv39x4 root (16 KiB, aligned).
const ROOT: u64 = 0x8001_0000;
const USER_ROOT: u64 = 0x8001_1000;
const G_ROOT: u64 = 0x8002_0000;

/// An identity gigapage leaf over RAM: V R W X A D, and U if `user`.
fn ram_leaf(user: bool) -> u64 {
    (0x8000_0000 >> 12 << 10) | 0xcf | if user { 0x10 } else { 0 }
}

/// A page-table entry pointing to the next-level table at `table`.
fn pointer(table: u64) -> u64 {
    ((table >> 12) << 10) | 1
}

/// A leaf page-table entry for the page at `page` with the low bits `flags`.
fn leaf_of(page: u64, flags: u64) -> u64 {
    ((page >> 12) << 10) | flags
}

/// The doubleword `v` at `addr` as two words (for `run_in`'s `extra`).
fn words(addr: u64, v: u64) -> [(u64, u32); 2] {
    [(addr, v as u32), (addr + 4, (v >> 32) as u32)]
}

/// Put `m` (at the program's start, in M-mode) into `at`, with its page
/// tables.
fn enter(m: &mut Machine, at: Where) {
    use hemu::hart::csr::addr::{HGATP, MSTATUS, PMPADDR0, PMPCFG0, SATP, VSATP};
    use hemu::hart::Mode;
    let ram = &mut m.hart.bus_mut().ram;
    assert!(ram.write(ROOT + 2 * 8, 8, ram_leaf(false)));
    assert!(ram.write(USER_ROOT + 2 * 8, 8, ram_leaf(true)));
    // The G-stage's leaves all have U.
    assert!(ram.write(G_ROOT + 2 * 8, 8, ram_leaf(true)));
    // PMP entry 0: NAPOT over everything, RWX (S and U need a match).
    assert!(m.hart.csr_poke(PMPADDR0, u64::MAX >> 10));
    assert!(m.hart.csr_poke(PMPCFG0, 0x1f));
    let sv39 = |root: u64| 8 << 60 | root >> 12;
    let user = matches!(at, Where::UserSv39 | Where::VirtualUser);
    let root = if user { USER_ROOT } else { ROOT };
    match at {
        Where::Machine => return,
        Where::SupervisorSv39 | Where::UserSv39 => assert!(m.hart.csr_poke(SATP, sv39(root))),
        Where::VirtualSupervisor | Where::VirtualUser => {
            assert!(m.hart.csr_poke(VSATP, sv39(root)));
            assert!(m.hart.csr_poke(HGATP, 8 << 60 | G_ROOT >> 12));
        }
        Where::MachineMprv => {
            assert!(m.hart.csr_poke(SATP, sv39(ROOT)));
            // MPRV = 1, MPP = S.
            let ms = m.hart.csr_peek(MSTATUS).expect("mstatus");
            assert!(m.hart.csr_poke(MSTATUS, ms & !(3 << 11) | 1 << 11 | 1 << 17));
            return;
        }
    }
    m.hart.set_mode(match at {
        Where::SupervisorSv39 => Mode::HS,
        Where::UserSv39 => Mode::U,
        Where::VirtualSupervisor => Mode::VS,
        _ => Mode::VU,
    });
}

/// Run `code` from `CODE` for `budget` instructions with x1..x30 = `regs`
/// and x31 = `x31`; the state after, and how many blocks were compiled.
fn run_with(code: &[u32], regs: &[u64], x31: u64, budget: u64, engine: Engine, at: Where) -> (State, Jitted) {
    run_in(code, regs, x31, budget, engine, at, &[])
}

/// Run a program stepped, interpreted and compiled (`run` runs it with
/// the engine given): the interpreted and the compiled final states must
/// equal the stepped one (`what` names the case in the messages). Returns
/// the stepped state, for the caller's check that the program did its
/// work, and the compiled run's counts (blocks compiled, links made).
fn agree(what: &str, run: impl Fn(Engine) -> (State, Jitted)) -> (State, Jitted) {
    let (stepped, _) = run(Engine::Stepped);
    let (interpreted, _) = run(Engine::Interpreted);
    assert_eq!(interpreted, stepped, "interpreted{what}");
    let (compiled, jitted) = run(Engine::Compiled);
    assert_eq!(compiled, stepped, "compiled{what}");
    (stepped, jitted)
}

/// `run_with`, with the words `extra` (address, value) written to RAM first.
fn run_in(code: &[u32], regs: &[u64], x31: u64, budget: u64, engine: Engine, at: Where, extra: &[(u64, u32)]) -> (State, Jitted) {
    run_set_up(code, regs, x31, budget, engine, at, extra, |_| ())
}

/// `run_in`, with `set_up` called on the machine right before it enters `at`.
#[allow(clippy::too_many_arguments)]
fn run_set_up(
    code: &[u32],
    regs: &[u64],
    x31: u64,
    budget: u64,
    engine: Engine,
    at: Where,
    extra: &[(u64, u32)],
    set_up: impl Fn(&mut Machine),
) -> (State, Jitted) {
    let mut bytes: Vec<u8> = code.iter().flat_map(|w| w.to_le_bytes()).collect();
    // Past the program: a loop back to its start (so a run never leaves
    // the code), then zeros (illegal: a trap to mtvec = 0, an access
    // fault, then the same again: both engines must agree on that too).
    let back = -(bytes.len() as i32);
    bytes.extend_from_slice(&e::jal(0, back).to_le_bytes());
    let cfg = MachineConfig {
        bios: Some(ImageSource::bytes("random", bytes).with_format(ImageFormat::Binary)),
        jit: matches!(engine, Engine::Compiled),
        ..MachineConfig::default()
    };
    let mut m = Machine::new(cfg).expect("machine");
    // Through the boot ROM to the program, then set the registers.
    while m.hart.pc() != CODE {
        m.step();
    }
    for (i, v) in regs.iter().enumerate() {
        m.hart.set_xreg(i as u8 + 1, *v);
    }
    m.hart.set_xreg(31, x31);
    for &(addr, w) in extra {
        assert!(m.hart.bus_mut().ram.write(addr, 4, w as u64));
    }
    set_up(&mut m);
    enter(&mut m, at);
    let start = m.retired();
    match engine {
        Engine::Stepped => {
            while m.retired() < start + budget {
                m.step();
            }
        }
        _ => {
            let outcome = m.run(Some(budget));
            assert!(matches!(outcome, RunOutcome::InstructionLimit), "{outcome:?}");
        }
    }
    let mut memory = Vec::new();
    for a in COMPARED.step_by(8) {
        memory.extend_from_slice(&m.hart.bus().ram.read(a, 8).unwrap_or(0).to_le_bytes());
    }
    let mode = format!("{:?}", m.hart.mode());
    let csrs = TRAP_CSRS.iter().map(|&c| m.hart.csr_peek(c).expect("a trap register")).collect();
    (State { pc: m.hart.pc(), x: *m.hart.xregs(), retired: m.retired(), memory, mode, csrs }, Jitted { compiled: m.engine().compiled_blocks(), linked: m.engine().linked_blocks() })
}

/// What the compiled engine did: blocks compiled, and links made between
/// them (see `hemu::engine::jit::Link`).
#[derive(Clone, Copy, Debug)]
struct Jitted {
    compiled: u64,
    linked: u64,
}

/// `run_with` x31 = `DATA`, the state only.
fn run(code: &[u32], regs: &[u64], budget: u64, engine: Engine, at: Where) -> State {
    run_with(code, regs, DATA, budget, engine, at).0
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    /// Loops of one block each, run until compiled and on: compiled,
    /// interpreted and stepped agree, and the compiled run did compile.
    #[test]
    fn compiled_loops_agree((body, regs) in loop_body()) {
        // The body and the jump back to its start (a JAL in the same page:
        // followed, so the block is the whole loop).
        let mut code = body.clone();
        code.push(e::jal(0, -4 * body.len() as i32));
        // 64 passes (a branch or jump that skips part of the body makes
        // them shorter): 16 to get hot, the rest compiled; and an odd
        // count, so the run stops inside the block.
        let budget = 64 * code.len() as u64 + 5;
        for at in EVERYWHERE {
            let (stepped, _) = run_with(&code, &regs, LOOP_DATA, budget, Engine::Stepped, at);
            let (interpreted, none) = run_with(&code, &regs, LOOP_DATA, budget, Engine::Interpreted, at);
            prop_assert_eq!(none.compiled, 0, "interpreted, {:?}: compiled blocks", at);
            prop_assert_eq!(&interpreted, &stepped, "interpreted, {:?}", at);
            let (compiled, blocks) = run_with(&code, &regs, LOOP_DATA, budget, Engine::Compiled, at);
            prop_assert_eq!(&compiled, &stepped, "compiled, {:?}", at);
            if hemu::engine::jit::SUPPORTED {
                prop_assert!(blocks.compiled > 0, "compiled, {:?}: no block was compiled", at);
            }
        }
    }

    /// Branching code, including backward branches, jumps to the start and
    /// stores into the code: its blocks start at pcs that vary from pass
    /// to pass and are rebuilt when code is written, so few get hot; this
    /// checks mostly the interpreted blocks and the switches between
    /// blocks and single steps (`compiled_loops_agree` checks compiled
    /// code).
    #[test]
    fn compiled_blocks_agree_with_interpreted((code, regs) in program()) {
        let budget = 3000;
        for at in EVERYWHERE {
            let stepped = run(&code, &regs, budget, Engine::Stepped, at);
            prop_assert_eq!(&run(&code, &regs, budget, Engine::Interpreted, at), &stepped, "interpreted, {:?}", at);
            prop_assert_eq!(&run(&code, &regs, budget, Engine::Compiled, at), &stepped, "compiled, {:?}", at);
        }
    }
}

/// Code and data pages remapped while the program runs: a loop calls a
/// function at VA 0x4000_0000 that loads, stores (into its own code page
/// too, through the mapping) and counts through VA 0x4000_1000; after
/// each call it flips both leaves (code A <-> B, data D1 <-> D2) and runs
/// SFENCE.VMA. Stale translations (TLB, fast pages, blocks) would make the
/// compiled or interpreted run differ from the stepped one. In S, VS (the
/// VS-stage changes, SFENCE.VMA in VS) and M with MPRV (only the data
/// remap applies to its accesses; its code stays untranslated).
#[test]
fn remapped_pages_agree() {
    remapped_pages(true);
}

/// `remapped_pages_agree` with no store into the code pages: their
/// generations never change, so only the new translation tells A's
/// compiled block from B's at the call (a JALR, which the jump cache
/// serves: its entries must not outlive the SFENCE.VMA).
#[test]
fn remapped_code_called_through_the_jump_cache_agrees() {
    remapped_pages(false);
}

/// A function in another page, called through the jump cache (a JALR),
/// rewritten every 16 calls by its caller (a store from another page,
/// which leaves no block): its compiled code must not be entered through
/// the cache once its page was written. Its page is written as data
/// before it is first called: the store entry that leaves (a fast page
/// for stores, whose compiled stores do not count) must not outlive the
/// page's first block.
#[test]
fn code_rewritten_under_the_jump_cache_agrees() {
    const F: u64 = CODE + 0x2000;
    let step = |k: i32| e::addi(10, 10, k);
    let function = [step(1), e::addi(11, 11, 3), e::jalr(0, 1, 0)];
    let extra: Vec<(u64, u32)> = function.iter().enumerate().map(|(i, &w)| (F + 4 * i as u64, w)).collect();
    let main = [
        e::sw(0, 18, 0x400), // data words in F's page (the first store
        e::sw(0, 18, 0x404), //   fills the TLB, the second a store entry)
        e::jalr(1, 18, 0),   // loop: call F
        e::andi(7, 19, 15),  //   every 16th pass:
        e::bne(7, 0, 16),
        e::lw(7, 18, 0),     //   rewrite F's first instruction
        e::xor(7, 7, 21),
        e::sw(7, 18, 0),
        e::addi(19, 19, -1),
        e::bne(19, 0, -28),
        e::jal(0, 0),        // done: spin
    ];
    let mut regs = vec![0u64; 31];
    regs[18 - 1] = F; // s2
    regs[19 - 1] = 300; // s3: passes
    regs[21 - 1] = (step(1) ^ step(100)) as u64; // s5
    for at in EVERYWHERE {
        let (stepped, blocks) = agree(&format!(", {at:?}"), |engine| run_in(&main, &regs, DATA, 300 * 12 + 102, engine, at, &extra));
        // Every pass ran, with both versions of F.
        assert!(stepped.x[19] == 0 && stepped.x[10] > 300 && stepped.x[11] == 900, "{at:?}: {stepped:?}");
        if hemu::engine::jit::SUPPORTED {
            assert!(blocks.compiled > 0, "compiled, {at:?}: no block was compiled");
        }
    }
}

/// See `remapped_pages_agree`; `code_store`: the function also stores
/// into its own code page.
fn remapped_pages(code_store: bool) {
    const L1: u64 = 0x8003_0000;
    const L0: u64 = 0x8003_1000;
    const A: u64 = 0x8004_0000;
    const B: u64 = 0x8004_1000;
    const D1: u64 = 0x8004_2000;
    const D2: u64 = 0x8004_3000;
    let leaf = |page: u64| leaf_of(page, 0xcf);
    let function = |step: i32| {
        vec![
            e::addi(10, 10, step),  // a0 += step
            e::ld(5, 9, 0),         // t0 = [s1]
            e::add(11, 11, 5),      // a1 += t0
            e::addi(5, 5, 3 * step),
            e::sd(5, 9, 0),         // [s1] = t0 + 3 step
            // Into the code page, through the mapping (or nothing).
            if code_store { e::sw(10, 18, 0x400) } else { e::addi(0, 0, 0) },
            e::jalr(0, 1, 0),       // ret
        ]
    };
    let mut extra: Vec<(u64, u32)> = Vec::new();
    for (base, f) in [(A, function(1)), (B, function(100))] {
        extra.extend(f.iter().enumerate().map(|(i, &w)| (base + 4 * i as u64, w)));
    }
    for root in [ROOT, USER_ROOT] {
        extra.extend(words(root + 8, pointer(L1)));
    }
    extra.extend(words(L1, pointer(L0)));
    extra.extend(words(L0, leaf(A)));
    extra.extend(words(L0 + 8, leaf(D1)));
    extra.extend(words(D1, 7));
    extra.extend(words(D2, 1000));
    // MPRV leaves fetches untranslated: M-mode calls A by its physical
    // address (and its stores through s2 still flip between A and B).
    let call = |at: Where| match at {
        Where::MachineMprv => e::auipc(6, ((A - CODE) >> 12) as u32),
        _ => e::lui(6, 0x40000),
    };
    // Without stores into the code the flips are 16 passes apart: the
    // function gets compiled and called through the jump cache.
    let every = if code_store { 0 } else { 15 };
    let main = |at: Where| [
        call(at),                 // loop: t1 = VA 0x4000_0000
        e::jalr(1, 6, 0),         //   call it
        e::andi(7, 19, every),    //   every (every + 1)th pass:
        e::bne(7, 0, 32),
        e::ld(7, 20, 0),          //   flip the code leaf
        e::xor(7, 7, 21),
        e::sd(7, 20, 0),
        e::ld(7, 20, 8),          //   and the data leaf
        e::xor(7, 7, 22),
        e::sd(7, 20, 8),
        e::sfence_vma(0, 0),
        e::addi(19, 19, -1),
        e::bne(19, 0, -48),
        e::jal(0, 0),             // done: spin
    ];
    let mut regs = vec![0u64; 31];
    regs[9 - 1] = 0x4000_1000; // s1: the data
    regs[18 - 1] = 0x4000_0000; // s2: the code, as data
    regs[19 - 1] = 300; // s3: passes
    regs[20 - 1] = L0; // s4: the leaves
    regs[21 - 1] = ((A ^ B) >> 12) << 10; // s5, s6: what flips them
    regs[22 - 1] = ((D1 ^ D2) >> 12) << 10;
    let budget = 300 * 20 + 100;
    for at in [Where::SupervisorSv39, Where::VirtualSupervisor, Where::MachineMprv] {
        let main = main(at);
        let (stepped, blocks) = agree(&format!(", {at:?}"), |engine| run_in(&main, &regs, DATA, budget, engine, at, &extra));
        // The counters moved: all passes ran, both data pages were used.
        assert!(stepped.x[19] == 0 && stepped.x[10] >= 300 && stepped.x[11] > 1000, "{at:?}: {stepped:?}");
        if hemu::engine::jit::SUPPORTED {
            assert!(blocks.compiled > 0, "compiled, {at:?}: no block was compiled");
        }
    }
}

/// Misaligned loads and stores through a mapping whose two virtual pages
/// are not physically adjacent (VA 0x4000_0000 -> A, VA 0x4000_1000 -> D1,
/// with B, A's physical neighbour, holding other bytes): those within a
/// page take the fast path (a fast page allows its whole page), those
/// that cross into the next page must not (each part is translated on its
/// own). Compiled, interpreted and stepped agree in S, VS and M with MPRV.
#[test]
fn misaligned_accesses_agree() {
    const L1: u64 = 0x8003_0000;
    const L0: u64 = 0x8003_1000;
    const A: u64 = 0x8004_0000;
    const B: u64 = 0x8004_1000;
    const D1: u64 = 0x8004_2000;
    let leaf = |page: u64| leaf_of(page, 0xcf);
    let mut extra: Vec<(u64, u32)> = Vec::new();
    for root in [ROOT, USER_ROOT] {
        extra.extend(words(root + 8, pointer(L1)));
    }
    extra.extend(words(L1, pointer(L0)));
    extra.extend(words(L0, leaf(A)));
    extra.extend(words(L0 + 8, leaf(D1)));
    // Different bytes in each page, near the ends the accesses touch.
    for (page, seed) in [(A, 0x1111_1111u32), (B, 0x2222_2222), (D1, 0x3333_3333)] {
        for off in (0..0x200).chain(0xe00..0x1000).step_by(4) {
            extra.push((page + off, seed.wrapping_mul(off as u32 + 1)));
        }
    }
    let main = [
        e::ld(5, 9, 3),           // loop: in-page, misaligned
        e::add(11, 11, 5),
        e::ld(5, 18, 0x7fd),      //   VA 0x4000_0ffd: crosses into D1
        e::add(11, 11, 5),
        e::sd(11, 18, 0x7fb),     //   crossing store
        e::sw(11, 9, 0x101),      //   in-page misaligned store
        e::lw(6, 9, 0x101),
        e::add(11, 11, 6),
        e::lhu(6, 18, 0x7ff),     //   a halfword across the page end
        e::add(11, 11, 6),
        e::addi(19, 19, -1),
        e::bne(19, 0, -44),
        e::jal(0, 0),             // done: spin
    ];
    let mut regs = vec![0u64; 31];
    regs[9 - 1] = 0x4000_0000; // s1
    regs[18 - 1] = 0x4000_0800; // s2
    regs[19 - 1] = 300; // s3: passes
    let budget = 300 * 12 + 100;
    // In M with MPRV the code runs untranslated at CODE; its data goes through the mapping.
    for at in [Where::SupervisorSv39, Where::VirtualSupervisor, Where::MachineMprv] {
        let (stepped, jitted) = agree(&format!(", {at:?}"), |engine| run_in(&main, &regs, DATA, budget, engine, at, &extra));
        assert!(stepped.x[19] == 0, "{at:?}: {stepped:?}");
        if hemu::engine::jit::SUPPORTED {
            assert!(jitted.compiled > 0, "compiled, {at:?}: no block was compiled");
        }
    }
}

/// The G-stage remapped under a running guest: VS-mode code calls a
/// function at guest VA = GPA 0x4000_0000 that loads, stores (into its own
/// code page too) and counts through GPA 0x4000_1000, then makes an ECALL;
/// the hypervisor's handler (HS-mode, no translation) flips both G-stage
/// leaves (code A <-> B, data D1 <-> D2), runs HFENCE.GVMA, steps over the
/// ECALL and returns with SRET. The guest's own page tables never change:
/// only the second stage does, so a stale guest-physical translation (the
/// TLB's two-stage entries, fast pages, blocks) would make the compiled or
/// interpreted run differ from the stepped one.
#[test]
fn g_stage_remapped_under_a_guest_agrees() {
    use hemu::hart::csr::addr::{MEDELEG, SEPC, STVEC};
    const GL1: u64 = 0x8003_0000;
    const GL0: u64 = 0x8003_1000;
    const A: u64 = 0x8004_0000;
    const B: u64 = 0x8004_1000;
    const D1: u64 = 0x8004_2000;
    const D2: u64 = 0x8004_3000;
    const HANDLER: u64 = CODE + 0x800;
    // A G-stage pointer (V), and a G-stage leaf: V R W X U A D (guest
    // pages are user pages to the G-stage).
    let leaf = |page: u64| leaf_of(page, 0xdf);
    let function = |step: i32| {
        vec![
            e::addi(10, 10, step),  // a0 += step
            e::ld(5, 9, 0),         // t0 = [s1]
            e::add(11, 11, 5),      // a1 += t0
            e::addi(5, 5, 3 * step),
            e::sd(5, 9, 0),         // [s1] = t0 + 3 step
            e::sw(10, 18, 0x400),   // into the code page, through both stages
            e::jalr(0, 1, 0),       // ret
        ]
    };
    let handler = [
        e::ld(7, 20, 0),          // flip the G-stage code leaf
        e::xor(7, 7, 21),
        e::sd(7, 20, 0),
        e::ld(7, 20, 8),          // and the data leaf
        e::xor(7, 7, 22),
        e::sd(7, 20, 8),
        e::hfence_gvma(0, 0),
        e::csrrs(7, SEPC, 0),     // step over the ecall
        e::addi(7, 7, 4),
        e::csrrw(0, SEPC, 7),
        e::sret(),
    ];
    let mut extra: Vec<(u64, u32)> = Vec::new();
    for (base, f) in [(A, function(1)), (B, function(100))] {
        extra.extend(f.iter().enumerate().map(|(i, &w)| (base + 4 * i as u64, w)));
    }
    extra.extend(handler.iter().enumerate().map(|(i, &w)| (HANDLER + 4 * i as u64, w)));
    // The guest's Sv39: VA 0x4000_0000 -> GPA 0x4000_0000, a gigapage.
    extra.extend(words(ROOT + 8, ((0x4000_0000u64 >> 12) << 10) | 0xcf));
    // The G-stage: GPA 0x4000_0000 -> A, GPA 0x4000_1000 -> D1.
    extra.extend(words(G_ROOT + 8, pointer(GL1)));
    extra.extend(words(GL1, pointer(GL0)));
    extra.extend(words(GL0, leaf(A)));
    extra.extend(words(GL0 + 8, leaf(D1)));
    extra.extend(words(D1, 7));
    extra.extend(words(D2, 1000));
    let main = [
        e::lui(6, 0x40000),       // loop: t1 = VA 0x4000_0000
        e::jalr(1, 6, 0),         //   call it
        e::ecall(),               //   the hypervisor remaps it
        e::addi(19, 19, -1),
        e::bne(19, 0, -16),
        e::jal(0, 0),             // done: spin
    ];
    let mut regs = vec![0u64; 31];
    regs[9 - 1] = 0x4000_1000; // s1: the data
    regs[18 - 1] = 0x4000_0000; // s2: the code, as data
    regs[19 - 1] = 300; // s3: passes
    regs[20 - 1] = GL0; // s4: the G-stage leaves, physical
    regs[21 - 1] = ((A ^ B) >> 12) << 10; // s5, s6: what flips them
    regs[22 - 1] = ((D1 ^ D2) >> 12) << 10;
    // ECALLs from VS-mode go to HS-mode (hedeleg[10] is read-only 0), at the handler.
    let hypervisor = |m: &mut Machine| {
        let medeleg = m.hart.csr_peek(MEDELEG).expect("medeleg");
        assert!(m.hart.csr_poke(MEDELEG, medeleg | 1 << 10));
        assert!(m.hart.csr_poke(STVEC, HANDLER));
    };
    let budget = 300 * 23 + 100;
    let at = Where::VirtualSupervisor;
    let (stepped, blocks) = agree("", |engine| run_set_up(&main, &regs, DATA, budget, engine, at, &extra, hypervisor));
    // The counters moved: all passes ran, through both code pages and both data pages.
    assert!(stepped.x[19] == 0 && stepped.x[10] >= 150 * 101 && stepped.x[11] > 1000, "{stepped:?}");
    if hemu::engine::jit::SUPPORTED {
        assert!(blocks.compiled > 0, "compiled: no block was compiled");
    }
}

/// The G-stage remapped with no mode change in between: M-mode with
/// mstatus.MPRV = 1, MPV = 1, MPP = S makes its loads and stores as VS-mode
/// would (Sv39 over Sv39x4) while its fetches stay untranslated, so one
/// loop counts through GPA 0x4000_1000, flips that G-stage leaf (D1 <-> D2)
/// and runs HFENCE.GVMA, with no trap or xRET to forget the fast pages: only
/// the fence can.
#[test]
fn g_stage_remapped_under_mprv_agrees() {
    use hemu::hart::csr::addr::{HGATP, MSTATUS, VSATP};
    const GL1: u64 = 0x8003_0000;
    const GL0: u64 = 0x8003_1000;
    const D1: u64 = 0x8004_2000;
    const D2: u64 = 0x8004_3000;
    let leaf = |page: u64| leaf_of(page, 0xdf);
    let mut extra: Vec<(u64, u32)> = Vec::new();
    extra.extend(words(ROOT + 8, ((0x4000_0000u64 >> 12) << 10) | 0xcf));
    extra.extend(words(G_ROOT + 8, pointer(GL1)));
    extra.extend(words(GL1, pointer(GL0)));
    extra.extend(words(GL0 + 8, leaf(D1)));
    extra.extend(words(D1, 7));
    extra.extend(words(D2, 1000));
    let main = [
        e::ld(5, 9, 0),           // loop: t0 = [s1], GPA 0x4000_1000
        e::add(11, 11, 5),        //   a1 += t0
        e::addi(5, 5, 3),
        e::sd(5, 9, 0),           //   [s1] = t0 + 3
        e::ld(7, 20, 8),          //   flip the G-stage data leaf (GL0 through
        e::xor(7, 7, 22),         //   both stages' identity mappings)
        e::sd(7, 20, 8),
        e::hfence_gvma(0, 0),
        e::addi(19, 19, -1),
        e::bne(19, 0, -36),
        e::jal(0, 0),             // done: spin
    ];
    let mut regs = vec![0u64; 31];
    regs[9 - 1] = 0x4000_1000; // s1: the data
    regs[19 - 1] = 300; // s3: passes
    regs[20 - 1] = GL0; // s4: the G-stage leaves
    regs[22 - 1] = ((D1 ^ D2) >> 12) << 10; // s6: what flips the data leaf
    let virtual_accesses = |m: &mut Machine| {
        assert!(m.hart.csr_poke(VSATP, 8 << 60 | ROOT >> 12));
        assert!(m.hart.csr_poke(HGATP, 8 << 60 | G_ROOT >> 12));
        // MPRV = 1, MPP = S, MPV = 1: loads and stores as VS-mode.
        let ms = m.hart.csr_peek(MSTATUS).expect("mstatus");
        assert!(m.hart.csr_poke(MSTATUS, ms & !(3 << 11) | 1 << 11 | 1 << 17 | 1 << 39));
    };
    let budget = 300 * 10 + 100;
    let at = Where::Machine;
    let (stepped, blocks) = agree("", |engine| run_set_up(&main, &regs, DATA, budget, engine, at, &extra, virtual_accesses));
    // Every pass ran and read both data pages: 150 times each, counting up by 3.
    let want = (0..150).map(|i| 7 + 3 * i + 1000 + 3 * i).sum::<u64>();
    assert!(stepped.x[19] == 0 && stepped.x[11] == want, "{stepped:?}");
    if hemu::engine::jit::SUPPORTED {
        assert!(blocks.compiled > 0, "compiled: no block was compiled");
    }
}

/// Straight-line code larger than the block cache (4.5 MiB at 0x8010_0000:
/// more blocks than `engine::block::BLOCKS` slots), with loads and stores,
/// run twice over in VS-mode (Sv39 over Sv39x4): every engine ends the same.
#[test]
fn code_larger_than_the_block_cache_agrees() {
    const BIG: u64 = 0x8010_0000;
    let n = (9 << 20) / 2 / 4;
    let mut big: Vec<u32> = (0..n)
        .map(|i| {
            let r = 8 + (i % 8) as u8;
            match i % 61 {
                0 => e::sd(r, 31, (i / 61) % 256 * 8),
                30 => e::ld(r, 31, (i / 61 + 3) % 256 * 8),
                _ => e::addi(r, r, i % 7 + 1),
            }
        })
        .collect();
    // Back to the start: t1 = BIG (the length is whole pages), jr t1.
    big.push(e::auipc(6, ((n as u32 * 4) >> 12).wrapping_neg() & 0xf_ffff));
    big.push(e::jalr(0, 6, 0));
    let extra: Vec<(u64, u32)> = big.iter().enumerate().map(|(i, &w)| (BIG + 4 * i as u64, w)).collect();
    // From CODE: t1 = BIG, jr t1.
    let main = [e::auipc(6, ((BIG - CODE) >> 12) as u32), e::jalr(0, 6, 0)];
    let regs = vec![0u64; 31];
    let budget = 2 * n as u64 + 1000;
    let at = Where::VirtualSupervisor;
    agree("", |engine| run_in(&main, &regs, LOOP_DATA, budget, engine, at, &extra));
}

/// Linked blocks (a compiled block's end jumping straight into the
/// compiled block after it, `hemu::engine::jit::Link`): a loop of 48
/// instructions, four blocks in one page, linked once hot; every 64th pass
/// it rewrites an instruction of the third block (a linked successor:
/// its rebuild must unlink it), and the run stops inside a chain of
/// linked blocks (the fuel check at a linked entry). In every mode,
/// compiled, interpreted and stepped agree, and links were made.
#[test]
fn linked_blocks_agree() {
    const PATCHED: usize = 36;
    let mut code = vec![
        e::addi(5, 5, 1),  // t0: passes
        e::andi(6, 5, 63), // every 64th pass:
        e::bne(6, 0, 12),
        e::xor(7, 7, 13),  //   toggle the patched word
        e::sw(7, 8, 0),    //   and store it
    ];
    while code.len() < 47 {
        let i = code.len() as i32;
        code.push(if code.len() == PATCHED { e::addi(9, 9, 1) } else { e::addi(14 + (i % 6) as u8, 14 + (i % 6) as u8, i % 5 + 1) });
    }
    code.push(e::jal(0, -4 * code.len() as i32));
    let mut regs = vec![0u64; 31];
    regs[7 - 1] = e::addi(9, 9, 1) as u64;
    regs[8 - 1] = CODE + 4 * PATCHED as u64;
    regs[13 - 1] = (e::addi(9, 9, 1) ^ e::addi(9, 9, 2)) as u64;
    // Past the last rewrite, enough passes to get hot and linked again.
    let budget = (7 * 64 - 20) * code.len() as u64 + 29;
    patched_loop_agrees(&code, &regs, budget, 1);
}

/// Run a loop that rewrites its own instruction (x9 counts the passes
/// through the rewritten one) in every mode: stepped, interpreted and
/// compiled agree, both versions of the instruction ran, and compiled
/// code made at least `links` links.
fn patched_loop_agrees(code: &[u32], regs: &[u64], budget: u64, links: u64) {
    for at in EVERYWHERE {
        let (stepped, jitted) = agree(&format!(", {at:?}"), |engine| run_with(code, regs, LOOP_DATA, budget, engine, at));
        // Both versions of the patched instruction ran.
        assert!(stepped.x[9] > 6 * 64 + 100, "{at:?}: {stepped:?}");
        if hemu::engine::jit::SUPPORTED {
            assert!(jitted.linked >= links, "compiled, {at:?}: fewer than {links} links: {jitted:?}");
        }
    }
}

/// One block run both with loads and stores going straight to RAM and
/// through the fast pages: compiled blocks write out only the path of
/// the mode they were compiled in (M-mode's direct one, or the fast
/// pages') and must send the other to the handlers. In M-mode, every 32
/// passes the loop flips mstatus.MPRV (MPP = S): its loads and stores then
/// translate, and Sv39 maps their page elsewhere (D), so a block taking
/// the wrong path reads and writes the wrong page. Starting with MPRV
/// clear and set.
#[test]
fn one_block_direct_and_translated_agree() {
    use hemu::hart::csr::addr::{MSTATUS, SATP};
    const MY_ROOT: u64 = 0x8003_0000;
    const L1: u64 = 0x8003_1000;
    const L0: u64 = 0x8003_2000;
    const D: u64 = 0x8004_2000;
    let code = vec![
        e::addi(5, 5, 1),
        e::ld(10, 31, 0),
        e::add(10, 10, 5),
        e::sd(10, 31, 8),
        e::sw(5, 31, 20),
        e::lbu(11, 31, 3),
        e::add(12, 12, 11),
        e::lh(13, 31, 18),
        e::add(12, 12, 13),
        e::andi(6, 5, 31),
        e::bne(6, 0, -40),
        // Every 32nd pass: mstatus ^= MPRV.
        e::csrrs(15, MSTATUS, 0),
        e::xor(15, 15, 14),
        e::csrrw(0, MSTATUS, 15),
        e::jal(0, -56),
    ];
    // LOOP_DATA's page (VPN 2, 0, 2) -> D; D's words differ from it.
    let mut extra: Vec<(u64, u32)> = Vec::new();
    extra.extend(words(MY_ROOT + 2 * 8, pointer(L1)));
    extra.extend(words(L1, pointer(L0)));
    extra.extend(words(L0 + 2 * 8, leaf_of(D, 0xcf)));
    extra.extend(words(D + 0x800, 0x1234_5678_9abc_def0));
    extra.extend(words(D + 0x810, 0x0fed_cba9_8765_4321));
    let mut regs = vec![0u64; 31];
    regs[14 - 1] = 1 << 17;
    let budget = 32 * 11 * 9 + 100;
    for mprv in [0, 1u64 << 17] {
        let set_up = |m: &mut Machine| {
            assert!(m.hart.csr_poke(SATP, 8 << 60 | MY_ROOT >> 12));
            let ms = m.hart.csr_peek(MSTATUS).expect("mstatus");
            assert!(m.hart.csr_poke(MSTATUS, ms & !(3 << 11) | 1 << 11 | mprv));
        };
        let run = |engine| run_set_up(&code, &regs, LOOP_DATA, budget, engine, Where::Machine, &extra, set_up);
        let (stepped, jitted) = agree(&format!(", MPRV {mprv:#x}"), run);
        assert!(stepped.x[5] > 32 * 8, "MPRV {mprv:#x}: {stepped:?}");
        if hemu::engine::jit::SUPPORTED {
            assert!(jitted.compiled > 0, "compiled, MPRV {mprv:#x}: nothing was compiled: {jitted:?}");
        }
    }
}

/// CSR instructions that reach only a trap register (`hart::csr::plain`)
/// run inside blocks: a loop of swaps, reads, writes, sets and clears of
/// sscratch, sepc, scause and stval: in M (with and without MPRV) and S
/// they reach those CSRs, in VS their VS copies (`State` compares them);
/// from U and VU each traps to M, whose handler (its mepc accesses in a
/// block too) steps over it.
#[test]
fn plain_csr_accesses_in_blocks_agree() {
    use hemu::hart::csr::addr::{SCAUSE, SEPC, SSCRATCH, STVAL};
    // x6 and x8 are read (so compiled code holds them in host registers)
    // just before a CSR instruction writes them.
    let code = vec![
        e::addi(5, 5, 1),
        e::addi(12, 6, 1),
        e::csrrw(6, SSCRATCH, 5),
        e::csrrs(7, SEPC, 0),
        e::addi(7, 7, 6),
        e::csrrw(0, SEPC, 7),
        e::xori(13, 8, 3),
        e::csrrs(8, SCAUSE, 5),
        e::csrrc(9, STVAL, 6),
        e::csrrwi(11, STVAL, 21),
        e::add(10, 10, 6),
        e::add(10, 10, 8),
        e::add(10, 10, 9),
        e::jal(0, -52),
    ];
    let regs = vec![0u64; 31];
    let budget = 14 * 300 + 5;
    use hemu::hart::csr::addr::{MEPC, MTVEC};
    const HANDLER: u64 = CODE + 0x4000;
    let handler = [e::csrrs(30, MEPC, 0), e::addi(30, 30, 4), e::csrrw(0, MEPC, 30), 0x3020_0073 /* mret */];
    let extra: Vec<(u64, u32)> = handler.iter().enumerate().map(|(i, &w)| (HANDLER + 4 * i as u64, w)).collect();
    let set_up = |m: &mut Machine| assert!(m.hart.csr_poke(MTVEC, HANDLER));
    for at in EVERYWHERE {
        let (stepped, jitted) = agree(&format!(", {at:?}"), |engine| run_set_up(&code, &regs, LOOP_DATA, budget, engine, at, &extra, set_up));
        if matches!(at, Where::UserSv39 | Where::VirtualUser) {
            // Illegal (U) or virtual (VU) instructions, stepped over.
            assert!(matches!(stepped.csrs[2], 2 | 22) && stepped.x[5] > 100, "{at:?}: {stepped:?}");
            continue;
        }
        assert!(stepped.x[5] > 250 && stepped.x[7] > 250 * 6, "{at:?}: {stepped:?}");
        if hemu::engine::jit::SUPPORTED {
            assert!(jitted.compiled > 0, "compiled, {at:?}: nothing was compiled: {jitted:?}");
        }
    }
}

/// The same plain CSR reached from two modes in one run: a VS loop writes
/// sepc (its vsepc) and makes an ECALL, which HS handles (reading and
/// writing its own sepc, stepping over the ECALL) in a block of its own.
/// The route a CSR instruction takes (see `threaded::csr_plain`) must
/// follow the mode.
#[test]
fn plain_csrs_reached_from_two_modes_agree() {
    use hemu::hart::csr::addr::{MEDELEG, SEPC, STVEC};
    let code = [e::addi(5, 5, 1), e::csrrw(6, SEPC, 5), 0x0000_0073 /* ecall */, e::add(10, 10, 6), e::jal(0, -16)];
    const HANDLER: u64 = CODE + 0x4000;
    let handler = [e::csrrs(30, SEPC, 0), e::addi(30, 30, 4), e::csrrw(0, SEPC, 30), 0x1020_0073 /* sret */];
    let extra: Vec<(u64, u32)> = handler.iter().enumerate().map(|(i, &w)| (HANDLER + 4 * i as u64, w)).collect();
    let set_up = |m: &mut Machine| {
        // ECALL from VS (cause 10) to HS.
        assert!(m.hart.csr_poke(MEDELEG, 1 << 10));
        assert!(m.hart.csr_poke(STVEC, HANDLER));
    };
    let budget = 9 * 200 + 3;
    let (stepped, jitted) = agree("", |engine| run_set_up(&code, &[0; 31], LOOP_DATA, budget, engine, Where::VirtualSupervisor, &extra, set_up));
    // Every pass returned to the guest: vsepc is the last x5 written.
    assert!(stepped.x[5] > 150 && stepped.x[5] - stepped.csrs[9] <= 1, "{stepped:?}");
    if hemu::engine::jit::SUPPORTED {
        assert!(jitted.compiled > 0, "nothing was compiled: {jitted:?}");
    }
}

/// A loop of two blocks (it straddles a 64-byte boundary) closed by a
/// conditional branch back, as a user loop under Linux is: the branch's
/// taken exit is linked to the first block, the first falls through into
/// the second, and a forward branch inside the first is linked to the
/// block starting at its target. Every 64th pass a store rewrites an
/// instruction of the second block (which must be rebuilt and unlinked,
/// and then linked again), and the budget ends mid-chain. In every mode.
#[test]
fn linked_taken_branches_agree() {
    const START: usize = 12; // the loop starts at 0x30, its second block at 0x40
    const PATCHED: usize = 20;
    let mut code = vec![e::addi(0, 0, 0); START];
    code.extend([
        e::addi(5, 5, 1),  // t0: passes
        e::andi(6, 5, 63), // every 64th pass:
        e::bne(6, 0, 12),
        e::xor(7, 7, 13), //   toggle the patched word
        e::sw(7, 8, 0),   //   and store it
    ]);
    while code.len() < START + 13 {
        let i = code.len() as i32;
        code.push(if code.len() == PATCHED { e::addi(9, 9, 1) } else { e::addi(14 + (i % 6) as u8, 14 + (i % 6) as u8, i % 5 + 1) });
    }
    code.push(e::bne(5, 0, -4 * (code.len() - START) as i32));
    let mut regs = vec![0u64; 31];
    regs[7 - 1] = e::addi(9, 9, 1) as u64;
    regs[8 - 1] = CODE + 4 * PATCHED as u64;
    regs[13 - 1] = (e::addi(9, 9, 1) ^ e::addi(9, 9, 2)) as u64;
    let budget = (7 * 64 - 20) * 14 + START as u64 + 9;
    patched_loop_agrees(&code, &regs, budget, 3);
}

/// A linked successor evicted from the block cache while the block linked
/// into it stays: block A (at 0x100) falls through into B (at 0x140, with a
/// division, which compiled code calls its handler for); every 32nd pass
/// also calls X1..X3, which share B's set with O (called every pass before
/// A, so it holds the set's home and B is a guest there), so B is evicted
/// in turn and its slot reused. A must not go on into B's old code.
#[test]
fn linked_successor_evicted_agrees() {
    const A: u64 = CODE + 0x100;
    const B: u64 = CODE + 0x140;
    // Each far function's first instruction runs on its own (its page
    // and the main code's share a remembered fetch page), so its block
    // starts at the next: 4 MiB from B (the block cache's slots times
    // the 128 bytes between block boundaries), in B's set.
    let far = |k: u64| B - 4 + k * (4 << 20);
    let call = |code: &mut Vec<u32>, target: u64| {
        let pc = CODE + 4 * code.len() as u64;
        let off = target - pc;
        code.push(e::auipc(7, (off >> 12) as u32));
        code.push(e::jalr(1, 7, (off & 0xfff) as i32));
    };
    let mut code = vec![e::addi(20, 20, 1)];
    call(&mut code, far(1));
    code.push(e::jal(1, (A - CODE - 4 * code.len() as u64) as i32));
    code.push(e::andi(6, 20, 31));
    code.push(e::bne(6, 0, 4 * 7));
    for k in 2..5 {
        call(&mut code, far(k));
    }
    code.push(e::jal(0, -4 * code.len() as i32));
    code.resize(((A - CODE) / 4) as usize, e::addi(0, 0, 0));
    code.extend((0..16).map(|i| e::addi(19, 19, i + 1)));
    code.extend([e::addi(21, 21, 7), e::div(21, 21, 22), e::addi(23, 23, 1), e::jalr(0, 1, 0)]);
    let mut extra = Vec::new();
    for k in 1..5u64 {
        let f = [e::addi(0, 0, 0), e::addi(24, 24, k as i32), e::addi(25, 25, k as i32), e::addi(26, 26, 1), e::jalr(0, 1, 0)];
        extra.extend(f.iter().enumerate().map(|(i, &w)| (far(k) + 4 * i as u64, w)));
    }
    let mut regs = vec![0u64; 31];
    regs[21 - 1] = 1 << 40;
    regs[22 - 1] = 3;
    let budget = 32 * 12 * 40 + 7;
    let at = Where::Machine;
    let (stepped, jitted) = agree("", |engine| run_in(&code, &regs, DATA, budget, engine, at, &extra));
    assert!(stepped.x[20] > 32 * 10 && stepped.x[24] > 0, "{stepped:?}");
    if hemu::engine::jit::SUPPORTED {
        assert!(jitted.linked > 1, "A was not linked to B again: {jitted:?}");
    }
}

/// Every bit-manipulation instruction, compiled (inline or as a call),
/// interpreted and stepped, on edge values (zero, all-ones, sign bits) and
/// on what they compute from them, loop after loop.
#[test]
fn bitmanip_compiled_agree() {
    let rr = [
        e::sh1add, e::sh2add, e::sh3add, e::add_uw, e::sh1add_uw, e::sh2add_uw, e::sh3add_uw, e::andn, e::orn, e::xnor,
        e::min, e::max, e::minu, e::maxu, e::rol, e::rolw, e::ror, e::rorw, e::clmul, e::clmulh, e::clmulr, e::bclr,
        e::bext, e::binv, e::bset, e::pack, e::packh, e::packw, e::xperm4, e::xperm8, e::czero_eqz, e::czero_nez,
    ];
    let unary = [
        e::clz, e::ctz, e::cpop, e::clzw, e::ctzw, e::cpopw, e::sext_b, e::sext_h, e::zext_h, e::orc_b, e::rev8, e::brev8,
    ];
    let mut ops: Vec<u32> = Vec::new();
    for f in rr {
        for (a, b) in [(1u8, 2u8), (2, 1), (3, 4), (4, 3), (5, 5), (6, 8), (7, 9), (8, 10), (9, 29), (29, 28)] {
            ops.push(f(20, a, b));
        }
    }
    for f in unary {
        for a in [1u8, 2, 3, 4, 5, 6, 7, 8, 9, 10, 28, 29] {
            ops.push(f(20, a));
        }
    }
    for sh in [0u32, 1, 31, 32, 63] {
        for w in [e::slli_uw, e::rori, e::bseti, e::bclri, e::binvi, e::bexti] {
            ops.push(w(20, 29, sh));
        }
        ops.push(e::roriw(20, 28, sh % 32));
    }
    ops_agree(&ops, &[0, u64::MAX, 1 << 63, 0x8000_0000, 0x80, 0x8000, 0x7fff_ffff_ffff_ffff, 0x0123_4567_89ab_cdef, 63, 1]);
}

/// The M extension's multiplies and divisions, compiled (the high products
/// and divisions inline since the host's div faults where RISC-V defines a
/// result), interpreted and stepped, on the spec's edge cases: division by
/// zero, the most negative number (64- and 32-bit) divided by -1, and
/// ordinary operands.
#[test]
fn muldiv_compiled_agree() {
    let ops = [
        e::mul, e::mulh, e::mulhu, e::mulhsu, e::div, e::divu, e::rem, e::remu, e::mulw, e::divw, e::divuw, e::remw, e::remuw,
    ];
    // x1 = 5, x2 = 0, x3 = -1, x4 = i64::MIN, x5 = 0x8000_0000, x6 =
    // 0xffff_ffff (-1 as a W operand), x7 = i32::MIN sign-extended, x8 = 7,
    // x9 = i64::MAX, x10 = 3.
    let edges = [5, 0, u64::MAX, 1 << 63, 0x8000_0000, 0xffff_ffff, 0xffff_ffff_8000_0000, 7, 0x7fff_ffff_ffff_ffff, 3];
    let pairs = [(8u8, 2u8), (3, 2), (2, 2), (4, 3), (7, 3), (5, 6), (7, 6), (9, 10), (4, 10), (3, 8), (10, 4), (29, 28), (28, 7), (1, 8)];
    let ops: Vec<u32> = ops.iter().flat_map(|f| pairs.iter().map(move |&(a, b)| f(20, a, b))).collect();
    ops_agree(&ops, &edges);
}

/// Each of `ops` (writing x20 from x1..x10, x28, x29), compiled (inline or
/// as a call), interpreted and stepped, with x1..x10 holding `edges` (x11..
/// repeating them), loop after loop: each result goes into x28/x29, which
/// accumulate every one (and feed the next pass), so a wrong result
/// anywhere shows.
fn ops_agree(ops: &[u32], edges: &[u64]) {
    let mut regs = vec![0u64; 31];
    for (r, v) in regs.iter_mut().zip(edges.iter().cycle()) {
        *r = *v;
    }
    // Loops of 31 instructions and the jump back: one block (32 entries,
    // following the jump), so it runs from the same pc every pass, gets
    // hot and is compiled.
    let programs: Vec<Vec<u32>> = ops
        .chunks(6)
        .map(|c| {
            let mut p: Vec<u32> = c.iter().flat_map(|&w| [w, e::xor(28, 28, 20), e::sub(29, 29, 20), e::slli(29, 29, 1), e::addi(1, 1, 1)]).collect();
            p.resize(31, e::addi(0, 0, 0));
            p
        })
        .collect();
    for code in &programs {
        for at in EVERYWHERE {
            // Many passes: the blocks get hot and are compiled.
            let budget = 64 * (code.len() as u64 + 1) + 7;
            let stepped = run(code, &regs, budget, Engine::Stepped, at);
            assert_eq!(run(code, &regs, budget, Engine::Interpreted, at), stepped, "interpreted, {at:?}, {:08x}", code[0]);
            assert_eq!(run(code, &regs, budget, Engine::Compiled, at), stepped, "compiled, {at:?}, {:08x}", code[0]);
        }
    }
}

/// Every embedded test program ends the same way with either engine.
#[test]
fn test_programs_agree() {
    for p in hemu::images::test_programs() {
        let outcome = |jit| {
            let cfg = MachineConfig { bios: Some(ImageSource::bytes(p.name, p.elf)), jit, ..MachineConfig::default() };
            let mut m = Machine::new(cfg).expect("machine");
            let o = m.run(Some(200_000_000));
            (o, m.retired(), m.output_string())
        };
        let (a, b) = (outcome(true), outcome(false));
        assert_eq!(a, b, "{}", p.name);
        assert!(matches!(a.0, RunOutcome::Exit { code: 0, .. }), "{}: {:?}", p.name, a.0);
    }
}

/// The default boot chain (firmware, hypervisor, guests): same console
/// output, same instruction count.
#[test]
fn boot_chain_agrees() {
    let outcome = |jit| {
        let cfg = MachineConfig {
            bios: Some(ImageSource::bytes("firmware", hemu::images::FIRMWARE)),
            kernel: Some(ImageSource::bytes("hypervisor", hemu::images::HYPERVISOR)),
            jit,
            ..MachineConfig::default()
        };
        let mut m = Machine::new(cfg).expect("machine");
        let o = m.run(Some(2_000_000_000));
        (o, m.retired(), m.output_string())
    };
    let (a, b) = (outcome(true), outcome(false));
    assert_eq!(a, b);
    assert!(matches!(a.0, RunOutcome::Exit { code: 0, .. }), "{:?}", a.0);
}

/// Code that keeps writing its own page: every pass rebuilds and
/// recompiles a block, so a small code memory fills up again and again and
/// is emptied (every block dropping its code) while the program runs on.
#[test]
fn code_memory_refills() {
    let code = [
        e::addi(5, 0, 0),       // t0 = 0
        e::auipc(6, 0),         // t1 = this page
        e::sw(5, 6, 0x100),     // loop: a store into this page
        e::addi(5, 5, 1),       //   t0 += 1
        e::jal(0, -8),          //   j loop
    ];
    let state = |jit, arena: Option<usize>| {
        let mut m = machine_running("smc", &code, jit);
        if let Some(a) = arena {
            m.engine_mut().set_jit_arena(a);
        }
        m.run(Some(300_000));
        (m.hart.pc(), *m.hart.xregs(), m.retired(), m.hart.bus().ram.read(CODE + 0x100, 4))
    };
    let small = state(true, Some(16 << 10));
    assert_eq!(small, state(false, None));
    assert_eq!(small, state(true, None));
    // ~100,000 passes (three instructions each), all counted.
    assert!(small.1[5] > 90_000, "t0 = {}", small.1[5]);
}

/// A machine whose firmware is `code` (at CODE, in M-mode), compiling
/// blocks if `jit`.
fn machine_running(name: &str, code: &[u32], jit: bool) -> Machine {
    let bytes: Vec<u8> = code.iter().flat_map(|w| w.to_le_bytes()).collect();
    let cfg = MachineConfig { bios: Some(ImageSource::bytes(name, bytes).with_format(ImageFormat::Binary)), jit, ..MachineConfig::default() };
    Machine::new(cfg).expect("machine")
}

/// Calls and returns through the jump cache, compiled, then a new code
/// memory (`Engine::set_jit_arena`: the old one is gone) under the same
/// running program: the cache's entries into the old code must be
/// forgotten with it (else compiled code jumps into freed memory), and
/// the run ends as an interpreted one does.
#[test]
fn new_code_memory_forgets_the_jump_cache() {
    let mut code = vec![
        e::addi(5, 0, 0),    // t0 = 0
        e::auipc(6, 0),      // t1 = this page
        e::jalr(1, 6, 0x20), // loop: call f
        e::addi(5, 5, 1),    //   t0 += 1
        e::jal(0, -8),       //   j loop
    ];
    code.resize(8, e::addi(0, 0, 0));
    code.extend([
        e::addi(7, 7, 3), // f: t2 += 3
        e::jalr(0, 1, 0), //    ret
    ]);
    let state = |jit, renew: bool| {
        let mut m = machine_running("calls", &code, jit);
        m.run(Some(100_000));
        if renew {
            m.engine_mut().set_jit_arena(1 << 20);
        }
        m.run(Some(100_000));
        (m.hart.pc(), *m.hart.xregs(), m.retired())
    };
    let renewed = state(true, true);
    assert_eq!(renewed, state(false, false));
    assert_eq!(renewed, state(true, false));
    // ~40,000 calls, each 5 instructions.
    assert!(renewed.1[5] > 35_000, "t0 = {}", renewed.1[5]);
}

/// A system reset builds a new hart: it keeps the machine's choice.
#[test]
fn reset_keeps_the_engine() {
    for jit in [false, true] {
        let cfg = MachineConfig {
            bios: Some(ImageSource::bytes("bench_mix", hemu::images::test_program("bench_mix").expect("embedded").elf)),
            jit,
            ..MachineConfig::default()
        };
        let mut m = Machine::new(cfg).expect("machine");
        m.reset();
        // Where the host cannot compile, the choice is moot.
        assert_eq!(m.engine().jit_enabled(), jit && hemu::engine::jit::SUPPORTED);
    }
}

/// Straight-line code across a page boundary, with a compressed or a
/// 32-bit instruction in the last halfword of the first page: blocks take
/// the compressed one and leave the straddling one to the slow fetch. The
/// fast path (compiled or interpreted) must end where stepping does.
#[test]
fn page_end_instructions() {
    for straddle in [false, true] {
        let mut bytes: Vec<u8> = Vec::new();
        while bytes.len() < 0x1400 {
            let at = bytes.len();
            let rd = 8 + (at / 2 % 8) as u8;
            if straddle && at == 0xffe {
                bytes.extend_from_slice(&e::addi(rd, rd, 3).to_le_bytes());
            } else {
                bytes.extend_from_slice(&e::c_addi(rd, 1 + (at / 2 % 7) as i32).to_le_bytes());
            }
        }
        let back = -(bytes.len() as i32);
        bytes.extend_from_slice(&e::jal(0, back).to_le_bytes());
        let machine = |jit| {
            let cfg = MachineConfig {
                bios: Some(ImageSource::bytes("page_end", bytes.clone()).with_format(ImageFormat::Binary)),
                jit,
                ..MachineConfig::default()
            };
            Machine::new(cfg).expect("machine")
        };
        let budget = 200_000;
        let (mut a, mut b, mut c) = (machine(true), machine(false), machine(false));
        a.run(Some(budget));
        b.run(Some(budget));
        while c.retired() < a.retired() {
            c.step();
        }
        for m in [&b, &c] {
            assert_eq!((a.hart.pc(), *a.hart.xregs(), a.retired()), (m.hart.pc(), *m.hart.xregs(), m.retired()), "straddle {straddle}");
        }
    }
}
