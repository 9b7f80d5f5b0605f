//! Lab 4: decoding the load/store that caused an MMIO exit (used by lab4_mmio). Pure
//! functions, so they are also unit-tested on the host (`cargo test -p hypervisor`).
//!
//! For a transformed instruction from htinst, pass `htinst | 3` to `decode32`: the
//! transformation keeps opcode, funct3, rd and rs2 and only zeroes the address fields.

/// A decoded load or store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Access {
    pub store: bool,
    /// Bytes: 1, 2, 4 or 8.
    pub width: u8,
    /// rd for loads, rs2 for stores.
    pub reg: usize,
    /// Loads: sign-extend the value (lb/lh/lw) or not (lbu/lhu/lwu/ld).
    pub signed: bool,
}

/// Decode a 32-bit load/store (opcode LOAD 0x03 / STORE 0x23; funct3 gives width and sign).
pub fn decode32(insn: u32) -> Option<Access> {
    let funct3 = (insn >> 12) & 7;
    match insn & 0x7f {
        0x03 if funct3 != 7 => Some(Access {
            store: false, width: 1 << (funct3 & 3), reg: load_rd(insn), signed: funct3 < 3,
        }),
        0x23 if funct3 < 4 => Some(Access {
            store: true, width: 1 << funct3, reg: ((insn >> 20) & 31) as usize, signed: false,
        }),
        _ => None,
    }
}

/// Lab 4-3: the register a 32-bit load writes, rd, in bits 11:7 (the I-type format: a store,
/// S-type, has no rd and keeps its source rs2 in bits 24:20).
#[cfg(not(feature = "exercise-lab4-decode"))]
fn load_rd(insn: u32) -> usize {
    ((insn >> 7) & 31) as usize
}

/// Lab 4-3, the exercise (`--features exercise-lab4`): this starting point reads a load's
/// register where a store keeps its own, and the value read from the device goes nowhere.
#[cfg(feature = "exercise-lab4-decode")]
fn load_rd(insn: u32) -> usize {
    // TODO(lab 4-3): a load is I-type, a store S-type: where is a load's rd?
    ((insn >> 20) & 31) as usize
}

/// Decode the RVC loads/stores a compiler may emit for MMIO: c.lw/c.ld/c.sw/c.sd (quadrant 0,
/// registers x8..x15 in bits 4:2) and the sp-relative c.lwsp/c.ldsp/c.swsp/c.sdsp (quadrant 2).
pub fn decode16(insn: u16) -> Option<Access> {
    let funct3 = insn >> 13;
    let rd_prime = 8 + ((insn >> 2) & 7) as usize;
    let (store, width, reg) = match (insn & 3, funct3) {
        (0, 2) => (false, 4, rd_prime),
        (0, 3) => (false, 8, rd_prime),
        (0, 6) => (true, 4, rd_prime),
        (0, 7) => (true, 8, rd_prime),
        (2, 2) => (false, 4, ((insn >> 7) & 31) as usize),
        (2, 3) => (false, 8, ((insn >> 7) & 31) as usize),
        (2, 6) => (true, 4, ((insn >> 2) & 31) as usize),
        (2, 7) => (true, 8, ((insn >> 2) & 31) as usize),
        _ => return None,
    };
    Some(Access { store, width, reg, signed: width == 4 && !store })
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_loads_and_stores() {
        // lbu a5, 5(a4) = 0x00574783
        assert_eq!(decode32(0x0057_4783), Some(Access { store: false, width: 1, reg: 15, signed: false }));
        // lb a0, 0(a1) = 0x00058503
        assert_eq!(decode32(0x0005_8503), Some(Access { store: false, width: 1, reg: 10, signed: true }));
        // sb a5, 0(a4) = 0x00f70023
        assert_eq!(decode32(0x00f7_0023), Some(Access { store: true, width: 1, reg: 15, signed: false }));
        // sd ra, 8(sp) = 0x00113423
        assert_eq!(decode32(0x0011_3423), Some(Access { store: true, width: 8, reg: 1, signed: false }));
        // lw a0, 0(a0) = 0x00052503 (sign-extending)
        assert_eq!(decode32(0x0005_2503), Some(Access { store: false, width: 4, reg: 10, signed: true }));
    }

    #[test]
    fn transformed_htinst() {
        // A transformed `lbu a5, 5(a4)`: rs1 and offset zeroed -> 0x00004783; as a compressed
        // original it would carry bits 1:0 = 01 and decode the same once we force 11.
        assert_eq!(decode32(0x0000_4781 | 3), Some(Access { store: false, width: 1, reg: 15, signed: false }));
        // A transformed `sb a5, ..`: 0x00f00023
        assert_eq!(decode32(0x00f0_0023), Some(Access { store: true, width: 1, reg: 15, signed: false }));
    }

    #[test]
    fn compressed() {
        // c.lw a0, 0(a1) = 0x4188
        assert_eq!(decode16(0x4188), Some(Access { store: false, width: 4, reg: 10, signed: true }));
        // c.sd a5, 8(a0) = 0xe51c
        assert_eq!(decode16(0xe51c), Some(Access { store: true, width: 8, reg: 15, signed: false }));
        // c.ldsp ra, 8(sp) = 0x60a2
        assert_eq!(decode16(0x60a2), Some(Access { store: false, width: 8, reg: 1, signed: false }));
        // c.addi is not a memory access
        assert_eq!(decode16(0x0505), None);
    }

    #[test]
    fn not_memory() {
        assert_eq!(decode32(0x1050_0073), None); // wfi
        assert_eq!(decode32(0x0000_0013), None); // nop
        assert_eq!(decode32(0x0000_7003), None); // funct3 7 LOAD is reserved
        assert_eq!(decode32(0x0000_4023), None); // funct3 4 STORE is reserved
    }
}
