//! A small x86-64 assembler: just the instruction forms `engine::jit::compile`
//! emits, on the sixteen registers but rsp (r8 and up with REX.R/REX.B), with memory
//! operands `[base + disp]` (`Mem`: rbx points into the hart, rbp at the run
//! loop's state) or, for guest RAM, `[rdx + rcx]` and `[rdx + rcx*8]`.

/// The general-purpose registers used (their encoding numbers).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum Reg {
    Rax = 0,
    Rcx = 1,
    Rdx = 2,
    Rbx = 3,
    Rbp = 5,
    Rsi = 6,
    Rdi = 7,
    // Caller-saved, so free for compiled code between handler calls
    // (which clobber them): `compile` caches guest registers there.
    R8 = 8,
    R9 = 9,
    R10 = 10,
    R11 = 11,
    // Callee-saved: compiled code keeps the fuel in r12 and caches guest
    // registers in r13..r15 too (see `compile`).
    R12 = 12,
    R13 = 13,
    R14 = 14,
    R15 = 15,
}

/// Two-operand ALU operations: the opcode of `op r, r/m` and the /digit
/// of `op r/m, imm32` (group 1).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Alu {
    Add,
    Or,
    And,
    Sub,
    Xor,
    Cmp,
}

impl Alu {
    fn opcode(self) -> u8 {
        match self {
            Alu::Add => 0x03,
            Alu::Or => 0x0b,
            Alu::And => 0x23,
            Alu::Sub => 0x2b,
            Alu::Xor => 0x33,
            Alu::Cmp => 0x3b,
        }
    }
    fn digit(self) -> u8 {
        match self {
            Alu::Add => 0,
            Alu::Or => 1,
            Alu::And => 4,
            Alu::Sub => 5,
            Alu::Xor => 6,
            Alu::Cmp => 7,
        }
    }
}

/// The group-3 operations used: the /digit of `F7`. `Mul`/`Imul`:
/// rdx:rax = rax * r (unsigned, signed); `Div`/`Idiv`: rax = rdx:rax / r,
/// rdx = the remainder.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Group3 {
    Not = 2,
    Neg = 3,
    Mul = 4,
    Imul = 5,
    Div = 6,
    Idiv = 7,
}

/// Shifts: the /digit of group 2.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Shift {
    Shl = 4,
    Shr = 5,
    Sar = 7,
}

/// The bit counts (the second opcode byte after F3 0F): leading and
/// trailing zeros, ones.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum BitCount {
    Lzcnt = 0xbd,
    Tzcnt = 0xbc,
    Popcnt = 0xb8,
}

impl BitCount {
    /// True if the host CPU has the instruction (without it, F3 0F BD and
    /// BC are BSR and BSF, which differ on zero).
    pub fn available(self) -> bool {
        match self {
            BitCount::Lzcnt => std::arch::is_x86_feature_detected!("lzcnt"),
            BitCount::Tzcnt => std::arch::is_x86_feature_detected!("bmi1"),
            BitCount::Popcnt => std::arch::is_x86_feature_detected!("popcnt"),
        }
    }
}

/// Condition codes (the low nibble of Jcc/SETcc).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum Cond {
    /// Unsigned below.
    B = 0x2,
    /// Unsigned above or equal.
    Ae = 0x3,
    E = 0x4,
    Ne = 0x5,
    /// Unsigned below or equal.
    Be = 0x6,
    /// Unsigned above.
    A = 0x7,
    /// Signed less.
    L = 0xc,
    /// Signed greater or equal.
    Ge = 0xd,
}

impl Cond {
    /// The opposite condition (x86 pairs them in the low bit).
    pub fn opposite(self) -> Cond {
        match self {
            Cond::B => Cond::Ae,
            Cond::Ae => Cond::B,
            Cond::E => Cond::Ne,
            Cond::Ne => Cond::E,
            Cond::L => Cond::Ge,
            Cond::Ge => Cond::L,
            Cond::Be => Cond::A,
            Cond::A => Cond::Be,
        }
    }
}

/// Operand width of an ALU or shift operation. A 32-bit operation zeroes
/// the register's upper half (the RV64 W forms then sign-extend).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Width {
    W32,
    W64,
}

/// A memory operand `[base + disp]` (base: any register used but rsp,
/// whose encoding would need a SIB byte).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Mem {
    pub base: Reg,
    pub disp: i32,
}

/// `[base + disp]`.
pub const fn at(base: Reg, disp: i32) -> Mem {
    Mem { base, disp }
}

/// Machine code being assembled.
#[derive(Default)]
pub struct Asm {
    pub code: Vec<u8>,
}

impl Asm {
    /// The REX prefix, when needed: W for a 64-bit operation, R and B for
    /// registers r8 and up in the ModRM reg and rm (or base) fields.
    fn rex(&mut self, w: Width, reg: u8, rm: u8) {
        let rex = 0x40 | ((w == Width::W64) as u8) << 3 | (reg >> 3 & 1) << 2 | (rm >> 3 & 1);
        if rex != 0x40 {
            self.code.push(rex);
        }
    }

    /// ModRM for `[base + disp]` with `reg` in the reg field: disp8 when
    /// the displacement fits (the hart's registers and the run state's
    /// hot fields do: see `compile::xreg`), else disp32.
    fn mem(&mut self, reg: u8, m: Mem) {
        match i8::try_from(m.disp) {
            Ok(d) => {
                self.code.push(0x40 | (reg & 7) << 3 | m.base as u8 & 7);
                self.code.push(d as u8);
            }
            Err(_) => {
                self.code.push(0x80 | (reg & 7) << 3 | m.base as u8 & 7);
                self.code.extend_from_slice(&m.disp.to_le_bytes());
            }
        }
    }

    /// The group-1 immediate forms: `op r/m, imm8` (sign-extended) when
    /// `imm` fits, else `op r/m, imm32`; `modrm` writes the operand.
    fn group1(&mut self, imm: i32, modrm: impl FnOnce(&mut Self)) {
        let short = i8::try_from(imm).ok();
        self.code.push(if short.is_some() { 0x83 } else { 0x81 });
        modrm(self);
        match short {
            Some(b) => self.code.push(b as u8),
            None => self.code.extend_from_slice(&imm.to_le_bytes()),
        }
    }

    /// lea r, m.
    pub fn lea(&mut self, r: Reg, m: Mem) {
        self.rex(Width::W64, r as u8, m.base as u8);
        self.code.push(0x8d);
        self.mem(r as u8, m);
    }

    /// ModRM for a register operand `rm` with `reg` in the reg field.
    fn regs(&mut self, reg: u8, rm: Reg) {
        self.code.push(0xc0 | (reg & 7) << 3 | rm as u8 & 7);
    }

    /// mov r, m (64 bits).
    pub fn load(&mut self, r: Reg, m: Mem) {
        self.rex(Width::W64, r as u8, m.base as u8);
        self.code.push(0x8b);
        self.mem(r as u8, m);
    }

    /// mov m, r (64 bits).
    pub fn store(&mut self, m: Mem, r: Reg) {
        self.rex(Width::W64, r as u8, m.base as u8);
        self.code.push(0x89);
        self.mem(r as u8, m);
    }

    /// op r, m.
    pub fn alu_mem(&mut self, op: Alu, w: Width, r: Reg, m: Mem) {
        self.rex(w, r as u8, m.base as u8);
        self.code.push(op.opcode());
        self.mem(r as u8, m);
    }

    /// op dst, src.
    pub fn alu_reg(&mut self, op: Alu, w: Width, dst: Reg, src: Reg) {
        self.rex(w, dst as u8, src as u8);
        self.code.push(op.opcode());
        self.regs(dst as u8, src);
    }

    /// op r, imm (sign-extended to 64 bits in the 64-bit form).
    pub fn alu_imm(&mut self, op: Alu, w: Width, r: Reg, imm: i32) {
        self.rex(w, 0, r as u8);
        self.group1(imm, |a| a.regs(op.digit(), r));
    }

    /// shift r, imm8.
    pub fn shift_imm(&mut self, op: Shift, w: Width, r: Reg, n: u8) {
        self.rex(w, 0, r as u8);
        self.code.push(0xc1);
        self.regs(op as u8, r);
        self.code.push(n);
    }

    /// shift r, cl (the count masked to 6 or 5 bits by the width, as the
    /// RISC-V shifts mask theirs).
    pub fn shift_cl(&mut self, op: Shift, w: Width, r: Reg) {
        self.rex(w, 0, r as u8);
        self.code.push(0xd3);
        self.regs(op as u8, r);
    }

    /// imul r, m (the low half of the product).
    pub fn imul_mem(&mut self, w: Width, r: Reg, m: Mem) {
        self.rex(w, r as u8, m.base as u8);
        self.code.extend_from_slice(&[0x0f, 0xaf]);
        self.mem(r as u8, m);
    }

    /// imul dst, src (the low half of the product).
    pub fn imul_reg(&mut self, w: Width, dst: Reg, src: Reg) {
        self.rex(w, dst as u8, src as u8);
        self.code.extend_from_slice(&[0x0f, 0xaf]);
        self.regs(dst as u8, src);
    }

    /// not r.
    pub fn not(&mut self, w: Width, r: Reg) {
        self.group3(Group3::Not, w, r);
    }

    /// The group-3 one-operand forms (`F7 /digit`): not, neg, and the
    /// multiplies and divides of rdx:rax by r.
    pub fn group3(&mut self, op: Group3, w: Width, r: Reg) {
        self.rex(w, 0, r as u8);
        self.code.push(0xf7);
        self.regs(op as u8, r);
    }

    /// cqo (W64) or cdq (W32): rdx (edx) = the sign of rax (eax).
    pub fn sign_into_rdx(&mut self, w: Width) {
        self.rex(w, 0, 0);
        self.code.push(0x99);
    }

    /// test a, b.
    pub fn test(&mut self, w: Width, a: Reg, b: Reg) {
        self.rex(w, b as u8, a as u8);
        self.code.push(0x85);
        self.regs(b as u8, a);
    }

    /// cmovcc dst, src (64 bits).
    pub fn cmov(&mut self, cc: Cond, dst: Reg, src: Reg) {
        self.rex(Width::W64, dst as u8, src as u8);
        self.code.extend_from_slice(&[0x0f, 0x40 | cc as u8]);
        self.regs(dst as u8, src);
    }

    /// bswap r (64 bits).
    pub fn bswap(&mut self, r: Reg) {
        self.rex(Width::W64, 0, r as u8);
        self.code.extend_from_slice(&[0x0f, 0xc8 | r as u8 & 7]);
    }

    /// rax = the low `bits` (8 or 16) of rax, sign- or zero-extended
    /// (movsx rax, al/ax; movzx eax, ax).
    pub fn extend_rax(&mut self, bits: u8, signed: bool) {
        let op = if bits == 8 { 0xbe } else { 0xbf };
        match signed {
            true => self.code.extend_from_slice(&[0x48, 0x0f, op, 0xc0]),
            false => self.code.extend_from_slice(&[0x0f, op - 8, 0xc0]),
        }
    }

    /// mov r32, r32: zero the upper half of `r`.
    pub fn zero_extend_32(&mut self, r: Reg) {
        self.rex(Width::W32, r as u8, r as u8);
        self.code.push(0x89);
        self.regs(r as u8, r);
    }

    /// lzcnt/tzcnt/popcnt r, r (the host must have LZCNT, BMI1, POPCNT:
    /// see `BitCount::available`).
    pub fn bit_count(&mut self, op: BitCount, w: Width, r: Reg) {
        self.code.push(0xf3);
        self.rex(w, r as u8, r as u8);
        self.code.extend_from_slice(&[0x0f, op as u8]);
        self.regs(r as u8, r);
    }

    /// movsxd r, r32: sign-extend the low 32 bits of `r` in place.
    pub fn sign_extend_32(&mut self, r: Reg) {
        self.rex(Width::W64, r as u8, r as u8);
        self.code.push(0x63);
        self.regs(r as u8, r);
    }

    /// setcc al; movzx eax, al: rax = the condition as 0 or 1.
    pub fn set_rax(&mut self, cc: Cond) {
        self.code.extend_from_slice(&[0x0f, 0x90 | cc as u8, 0xc0]);
        self.code.extend_from_slice(&[0x0f, 0xb6, 0xc0]);
    }

    /// mov r, imm64.
    pub fn mov_imm64(&mut self, r: Reg, imm: u64) {
        self.rex(Width::W64, 0, r as u8);
        self.code.push(0xb8 | r as u8 & 7);
        self.code.extend_from_slice(&imm.to_le_bytes());
    }

    /// mov dst, src (64 bits).
    pub fn mov(&mut self, dst: Reg, src: Reg) {
        self.rex(Width::W64, src as u8, dst as u8);
        self.code.push(0x89);
        self.regs(src as u8, dst);
    }

    /// mov dst, src (32 bits, zero-extended).
    pub fn mov32(&mut self, dst: Reg, src: Reg) {
        self.rex(Width::W32, src as u8, dst as u8);
        self.code.push(0x89);
        self.regs(src as u8, dst);
    }

    /// jmp qword [m].
    pub fn jmp_mem(&mut self, m: Mem) {
        self.rex(Width::W32, 0, m.base as u8);
        self.code.push(0xff);
        self.mem(4, m);
    }

    /// mov eax, imm32 (zero-extended).
    pub fn mov_eax(&mut self, imm: u32) {
        self.code.push(0xb8);
        self.code.extend_from_slice(&imm.to_le_bytes());
    }

    /// call rax.
    pub fn call_rax(&mut self) {
        self.code.extend_from_slice(&[0xff, 0xd0]);
    }

    /// test al, al.
    pub fn test_al(&mut self) {
        self.code.extend_from_slice(&[0x84, 0xc0]);
    }

    /// movzx eax, al.
    pub fn zero_extend_al(&mut self) {
        self.code.extend_from_slice(&[0x0f, 0xb6, 0xc0]);
    }

    /// or eax, imm32.
    pub fn or_eax(&mut self, imm: u32) {
        self.code.push(0x0d);
        self.code.extend_from_slice(&imm.to_le_bytes());
    }

    pub fn push(&mut self, r: Reg) {
        self.rex(Width::W32, 0, r as u8);
        self.code.push(0x50 | r as u8 & 7);
    }

    pub fn pop(&mut self, r: Reg) {
        self.rex(Width::W32, 0, r as u8);
        self.code.push(0x58 | r as u8 & 7);
    }

    pub fn ret(&mut self) {
        self.code.push(0xc3);
    }

    /// cmp byte m, 0.
    pub fn cmp_byte_zero(&mut self, m: Mem) {
        self.code.push(0x80);
        self.mem(7, m);
        self.code.push(0);
    }

    /// r = the `size`-byte value at [base + index] (both below r8,
    /// base not rbp), sign- or zero-extended to 64 bits.
    pub fn load_indexed(&mut self, r: Reg, size: u8, signed: bool, base: Reg, index: Reg) {
        // Whether the 64-bit form (REX.W) is needed: a zero extension
        // from 32 bits or fewer is the 32-bit form's own.
        let (wide, op): (bool, &[u8]) = match (size, signed) {
            (1, false) => (false, &[0x0f, 0xb6]), // movzx r32, byte
            (1, true) => (true, &[0x0f, 0xbe]),   // movsx r64, byte
            (2, false) => (false, &[0x0f, 0xb7]), // movzx r32, word
            (2, true) => (true, &[0x0f, 0xbf]),   // movsx r64, word
            (4, false) => (false, &[0x8b]),       // mov r32, dword
            (4, true) => (true, &[0x63]),         // movsxd r64, dword
            _ => (true, &[0x8b]),                 // mov r64, qword
        };
        let rex = 0x40 | if wide { 8 } else { 0 } | if r as u8 >= 8 { 4 } else { 0 };
        if rex != 0x40 {
            self.code.push(rex);
        }
        self.code.extend_from_slice(op);
        // ModRM: r, [SIB]; SIB: base + index * 1.
        self.code.extend_from_slice(&[0x04 | (r as u8 & 7) << 3, sib(base, index)]);
    }

    /// [base + index] = the low `size` bytes of `value` (base and index
    /// below r8, base not rbp).
    pub fn store_indexed(&mut self, size: u8, value: Reg, base: Reg, index: Reg) {
        if size == 2 {
            self.code.push(0x66);
        }
        let v = value as u8;
        // A REX prefix for the 64-bit width, for r8..r15, and for a byte
        // store (so that 4..7 name spl..dil, not ah..bh).
        let rex = 0x40 | if size == 8 { 8 } else { 0 } | if v >= 8 { 4 } else { 0 };
        if rex != 0x40 || size == 1 {
            self.code.push(rex);
        }
        self.code.push(if size == 1 { 0x88 } else { 0x89 });
        // ModRM: value, [SIB]; SIB: base + index * 1.
        self.code.extend_from_slice(&[(v & 7) << 3 | 4, sib(base, index)]);
    }

    /// inc qword [rdx + rcx * 8].
    pub fn inc_indexed8(&mut self) {
        self.code.extend_from_slice(&[0x48, 0xff, 0x04, 0xca]);
    }

    /// add qword m, imm.
    pub fn add_mem_imm(&mut self, m: Mem, imm: i32) {
        self.code.push(0x48);
        self.group1(imm, |a| a.mem(0, m));
    }

    /// cmp qword m, imm.
    pub fn cmp_mem_imm(&mut self, m: Mem, imm: i32) {
        self.code.push(0x48);
        self.group1(imm, |a| a.mem(7, m));
    }

    /// jmp rel32 back to `pos` (an offset in `code`).
    pub fn jmp_back(&mut self, pos: usize) {
        let rel = pos as i64 - (self.code.len() + 5) as i64;
        self.code.push(0xe9);
        self.code.extend_from_slice(&(rel as i32).to_le_bytes());
    }

    /// jmp rel32 to a place not yet known: returns the label to `bind`.
    pub fn jmp_forward(&mut self) -> usize {
        self.code.extend_from_slice(&[0xe9, 0, 0, 0, 0]);
        self.code.len()
    }

    /// jcc rel32 to a place not yet known: returns the label to `bind`.
    pub fn jcc_forward(&mut self, cc: Cond) -> usize {
        self.code.extend_from_slice(&[0x0f, 0x80 | cc as u8, 0, 0, 0, 0]);
        self.code.len()
    }

    /// Make the jump `label` (from `jcc_forward`) land here.
    pub fn bind(&mut self, label: usize) {
        let rel = (self.code.len() - label) as i32;
        self.code[label - 4..label].copy_from_slice(&rel.to_le_bytes());
    }
}

/// A SIB byte: base + index * 1 (both below r8; base not rbp, which
/// with mod 00 would mean a 32-bit displacement).
fn sib(base: Reg, index: Reg) -> u8 {
    debug_assert!((base as u8) < 8 && (index as u8) < 8 && base != Reg::Rbp);
    (index as u8) << 3 | base as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Encodings checked against binutils (`objdump -d` of the bytes).
    #[test]
    fn encodings() {
        let mut a = Asm::default();
        a.load(Reg::Rax, at(Reg::Rbx, 0x110));
        assert_eq!(a.code, [0x48, 0x8b, 0x83, 0x10, 1, 0, 0]); // mov rax,[rbx+0x110]
        let mut a = Asm::default();
        a.load(Reg::Rax, at(Reg::Rbx, 0x10));
        assert_eq!(a.code, [0x48, 0x8b, 0x43, 0x10]); // mov rax,[rbx+0x10]
        let mut a = Asm::default();
        a.store(at(Reg::Rbx, -8), Reg::Rcx);
        assert_eq!(a.code, [0x48, 0x89, 0x4b, 0xf8]); // mov [rbx-8],rcx
        let mut a = Asm::default();
        a.store(at(Reg::Rbx, -0x81), Reg::Rcx);
        assert_eq!(a.code, [0x48, 0x89, 0x8b, 0x7f, 0xff, 0xff, 0xff]); // mov [rbx-0x81],rcx
        let mut a = Asm::default();
        a.alu_mem(Alu::Sub, Width::W32, Reg::Rax, at(Reg::Rbx, 0x20));
        assert_eq!(a.code, [0x2b, 0x43, 0x20]); // sub eax,[rbx+0x20]
        let mut a = Asm::default();
        a.alu_imm(Alu::And, Width::W64, Reg::Rax, -2);
        assert_eq!(a.code, [0x48, 0x83, 0xe0, 0xfe]); // and rax,-2
        let mut a = Asm::default();
        a.alu_imm(Alu::And, Width::W64, Reg::Rax, 0x80);
        assert_eq!(a.code, [0x48, 0x81, 0xe0, 0x80, 0, 0, 0]); // and rax,0x80
        let mut a = Asm::default();
        a.lea(Reg::Rbx, at(Reg::Rdi, 0x400));
        a.lea(Reg::Rdi, at(Reg::Rbx, -0x40));
        assert_eq!(a.code, [0x48, 0x8d, 0x9f, 0, 4, 0, 0, 0x48, 0x8d, 0x7b, 0xc0]); // lea rbx,[rdi+0x400]; lea rdi,[rbx-0x40]
        let mut a = Asm::default();
        a.shift_imm(Shift::Sar, Width::W64, Reg::Rax, 3);
        assert_eq!(a.code, [0x48, 0xc1, 0xf8, 3]); // sar rax,3
        let mut a = Asm::default();
        a.shift_cl(Shift::Shl, Width::W32, Reg::Rax);
        assert_eq!(a.code, [0xd3, 0xe0]); // shl eax,cl
        let mut a = Asm::default();
        a.imul_mem(Width::W64, Reg::Rax, at(Reg::Rbx, 8));
        assert_eq!(a.code, [0x48, 0x0f, 0xaf, 0x43, 8]); // imul rax,[rbx+8]
        let mut a = Asm::default();
        a.sign_extend_32(Reg::Rax);
        assert_eq!(a.code, [0x48, 0x63, 0xc0]); // movsxd rax,eax
        let mut a = Asm::default();
        a.mov(Reg::Rbx, Reg::Rdi);
        assert_eq!(a.code, [0x48, 0x89, 0xfb]); // mov rbx,rdi
        let mut a = Asm::default();
        a.mov_imm64(Reg::Rsi, 0x1122334455667788);
        assert_eq!(a.code, [0x48, 0xbe, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11]);
        let mut a = Asm::default();
        a.set_rax(Cond::L);
        assert_eq!(a.code, [0x0f, 0x9c, 0xc0, 0x0f, 0xb6, 0xc0]); // setl al; movzx eax,al
        let mut a = Asm::default();
        a.alu_reg(Alu::Sub, Width::W64, Reg::Rax, Reg::Rcx);
        assert_eq!(a.code, [0x48, 0x2b, 0xc1]); // sub rax,rcx
        let mut a = Asm::default();
        a.alu_reg(Alu::Cmp, Width::W32, Reg::Rax, Reg::Rcx);
        assert_eq!(a.code, [0x3b, 0xc1]); // cmp eax,ecx
        let mut a = Asm::default();
        a.imul_reg(Width::W64, Reg::Rax, Reg::Rcx);
        assert_eq!(a.code, [0x48, 0x0f, 0xaf, 0xc1]); // imul rax,rcx
        let mut a = Asm::default();
        a.add_mem_imm(at(Reg::Rbx, 0x10), 3);
        assert_eq!(a.code, [0x48, 0x83, 0x43, 0x10, 3]); // add qword [rbx+0x10],3
        let mut a = Asm::default();
        a.cmp_mem_imm(at(Reg::Rbp, 0x100), -200);
        assert_eq!(a.code, [0x48, 0x81, 0xbd, 0, 1, 0, 0, 0x38, 0xff, 0xff, 0xff]); // cmp qword [rbp+0x100],-200
        let mut a = Asm::default();
        a.load(Reg::Rcx, at(Reg::Rbp, 0x18));
        assert_eq!(a.code, [0x48, 0x8b, 0x4d, 0x18]); // mov rcx,[rbp+0x18]
        let mut a = Asm::default();
        a.push(Reg::Rbp);
        a.pop(Reg::Rbp);
        a.push(Reg::Rbx);
        a.pop(Reg::Rcx);
        a.push(Reg::R12);
        a.pop(Reg::R12);
        // push rbp; pop rbp; push rbx; pop rcx; push r12; pop r12
        assert_eq!(a.code, [0x55, 0x5d, 0x53, 0x59, 0x41, 0x54, 0x41, 0x5c]);
        let mut a = Asm::default();
        a.push(Reg::R15);
        a.pop(Reg::R13);
        a.mov(Reg::R13, Reg::Rax);
        a.store(at(Reg::Rbx, -8), Reg::R14);
        a.alu_reg(Alu::Add, Width::W64, Reg::R15, Reg::R9);
        // push r15; pop r13; mov r13,rax; mov [rbx-8],r14; add r15,r9
        assert_eq!(a.code, [0x41, 0x57, 0x41, 0x5d, 0x49, 0x89, 0xc5, 0x4c, 0x89, 0x73, 0xf8, 0x4d, 0x03, 0xf9]);
        let mut a = Asm::default();
        a.mov(Reg::R9, Reg::Rax);
        a.mov(Reg::Rcx, Reg::R11);
        a.load(Reg::R8, at(Reg::Rbx, -0x10));
        a.alu_reg(Alu::Xor, Width::W64, Reg::Rax, Reg::R10);
        a.alu_reg(Alu::Add, Width::W32, Reg::Rax, Reg::R8);
        a.imul_reg(Width::W64, Reg::Rax, Reg::R9);
        // mov r9,rax; mov rcx,r11; mov r8,[rbx-0x10]; xor rax,r10; add eax,r8d; imul rax,r9
        assert_eq!(
            a.code,
            [0x49, 0x89, 0xc1, 0x4c, 0x89, 0xd9, 0x4c, 0x8b, 0x43, 0xf0, 0x49, 0x33, 0xc2, 0x41, 0x03, 0xc0, 0x49, 0x0f, 0xaf, 0xc1]
        );
        let mut a = Asm::default();
        a.ret();
        a.jmp_back(0);
        assert_eq!(a.code, [0xc3, 0xe9, 0xfa, 0xff, 0xff, 0xff]); // ret; jmp -6
        let mut a = Asm::default();
        a.cmp_byte_zero(at(Reg::Rbx, 0x40));
        assert_eq!(a.code, [0x80, 0x7b, 0x40, 0]); // cmp byte [rbx+0x40],0
        let mut a = Asm::default();
        a.load_indexed(Reg::Rax, 1, true, Reg::Rdx, Reg::Rcx);
        assert_eq!(a.code, [0x48, 0x0f, 0xbe, 0x04, 0x0a]); // movsx rax,byte [rdx+rcx]
        let mut a = Asm::default();
        a.load_indexed(Reg::Rax, 8, false, Reg::Rcx, Reg::Rax);
        assert_eq!(a.code, [0x48, 0x8b, 0x04, 0x01]); // mov rax,[rcx+rax]
        let mut a = Asm::default();
        a.load_indexed(Reg::R10, 4, false, Reg::Rcx, Reg::Rax);
        assert_eq!(a.code, [0x44, 0x8b, 0x14, 0x01]); // mov r10d,[rcx+rax]
        let mut a = Asm::default();
        a.load_indexed(Reg::R15, 2, true, Reg::Rdx, Reg::Rcx);
        assert_eq!(a.code, [0x4c, 0x0f, 0xbf, 0x3c, 0x0a]); // movsx r15,word [rdx+rcx]
        let mut a = Asm::default();
        a.load_indexed(Reg::R8, 1, false, Reg::Rcx, Reg::Rax);
        assert_eq!(a.code, [0x44, 0x0f, 0xb6, 0x04, 0x01]); // movzx r8d,byte [rcx+rax]
        let mut a = Asm::default();
        a.store_indexed(1, Reg::Rsi, Reg::Rdx, Reg::Rcx);
        assert_eq!(a.code, [0x40, 0x88, 0x34, 0x0a]); // mov [rdx+rcx],sil
        let mut a = Asm::default();
        a.store_indexed(8, Reg::R11, Reg::Rcx, Reg::Rax);
        assert_eq!(a.code, [0x4c, 0x89, 0x1c, 0x01]); // mov [rcx+rax],r11
        let mut a = Asm::default();
        a.store_indexed(2, Reg::R9, Reg::Rcx, Reg::Rax);
        assert_eq!(a.code, [0x66, 0x44, 0x89, 0x0c, 0x01]); // mov [rcx+rax],r9w
        let mut a = Asm::default();
        a.store_indexed(4, Reg::Rsi, Reg::Rcx, Reg::Rax);
        assert_eq!(a.code, [0x89, 0x34, 0x01]); // mov [rcx+rax],esi
        let mut a = Asm::default();
        a.store_indexed(1, Reg::R15, Reg::Rcx, Reg::Rax);
        assert_eq!(a.code, [0x44, 0x88, 0x3c, 0x01]); // mov [rcx+rax],r15b
        let mut a = Asm::default();
        a.inc_indexed8();
        assert_eq!(a.code, [0x48, 0xff, 0x04, 0xca]); // inc qword [rdx+rcx*8]
        let mut a = Asm::default();
        a.not(Width::W64, Reg::Rcx);
        a.cmov(Cond::L, Reg::Rax, Reg::Rcx);
        a.bswap(Reg::Rax);
        assert_eq!(a.code, [0x48, 0xf7, 0xd1, 0x48, 0x0f, 0x4c, 0xc1, 0x48, 0x0f, 0xc8]); // not rcx; cmovl rax,rcx; bswap rax
        let mut a = Asm::default();
        a.group3(Group3::Div, Width::W64, Reg::Rcx);
        a.group3(Group3::Idiv, Width::W32, Reg::Rcx);
        a.group3(Group3::Mul, Width::W64, Reg::R9);
        a.group3(Group3::Neg, Width::W32, Reg::Rax);
        a.sign_into_rdx(Width::W64);
        a.sign_into_rdx(Width::W32);
        a.test(Width::W64, Reg::Rcx, Reg::Rcx);
        a.test(Width::W32, Reg::Rax, Reg::R8);
        // div rcx; idiv ecx; mul r9; neg eax; cqo; cdq; test rcx,rcx; test eax,r8d
        assert_eq!(
            a.code,
            [0x48, 0xf7, 0xf1, 0xf7, 0xf9, 0x49, 0xf7, 0xe1, 0xf7, 0xd8, 0x48, 0x99, 0x99, 0x48, 0x85, 0xc9, 0x44, 0x85, 0xc0]
        );
        let mut a = Asm::default();
        a.mov32(Reg::Rcx, Reg::Rax);
        a.jmp_mem(at(Reg::Rcx, 0x30));
        // mov ecx,eax; jmp [rcx+0x30]
        assert_eq!(a.code, [0x89, 0xc1, 0xff, 0x61, 0x30]);
        let mut a = Asm::default();
        a.extend_rax(8, true);
        a.extend_rax(16, true);
        a.extend_rax(16, false);
        a.zero_extend_32(Reg::Rax);
        // movsx rax,al; movsx rax,ax; movzx eax,ax; mov eax,eax
        assert_eq!(a.code, [0x48, 0x0f, 0xbe, 0xc0, 0x48, 0x0f, 0xbf, 0xc0, 0x0f, 0xb7, 0xc0, 0x89, 0xc0]);
        let mut a = Asm::default();
        a.bit_count(BitCount::Lzcnt, Width::W64, Reg::Rax);
        a.bit_count(BitCount::Popcnt, Width::W32, Reg::Rax);
        // lzcnt rax,rax; popcnt eax,eax
        assert_eq!(a.code, [0xf3, 0x48, 0x0f, 0xbd, 0xc0, 0xf3, 0x0f, 0xb8, 0xc0]);
        let mut a = Asm::default();
        let l = a.jcc_forward(Cond::Ne);
        a.ret();
        a.bind(l);
        assert_eq!(a.code, [0x0f, 0x85, 1, 0, 0, 0, 0xc3]); // jne +1; ret
    }
}
