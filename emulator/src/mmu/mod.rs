//! Address translation: page-table walks (Sv39/Sv48, and the G-stage
//! Sv39x4/Sv48x4 of the H extension), the TLB, and PMP.

use crate::hart::{Exception, Hart, Trap};

/// The kind of access being translated; decides the permission checked and
/// the fault raised.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Access {
    Fetch,
    Load,
    /// Stores and AMOs (and SC).
    Store,
}

impl Access {
    pub fn access_fault(self) -> Exception {
        match self {
            Access::Fetch => Exception::InstructionAccessFault,
            Access::Load => Exception::LoadAccessFault,
            Access::Store => Exception::StoreAccessFault,
        }
    }
    pub fn page_fault(self) -> Exception {
        match self {
            Access::Fetch => Exception::InstructionPageFault,
            Access::Load => Exception::LoadPageFault,
            Access::Store => Exception::StorePageFault,
        }
    }
    pub fn guest_page_fault(self) -> Exception {
        match self {
            Access::Fetch => Exception::InstructionGuestPageFault,
            Access::Load => Exception::LoadGuestPageFault,
            Access::Store => Exception::StoreGuestPageFault,
        }
    }
    pub fn misaligned(self) -> Exception {
        match self {
            Access::Fetch => Exception::InstructionAddressMisaligned,
            Access::Load => Exception::LoadAddressMisaligned,
            Access::Store => Exception::StoreAddressMisaligned,
        }
    }
}

/// Translation state cached by the hart.
#[derive(Default)]
pub struct Mmu {}

impl Mmu {
    pub fn new() -> Mmu {
        Mmu {}
    }
    /// Drop every cached translation (SFENCE.VMA with x0, x0; satp writes
    /// that need it; PMP changes).
    pub fn flush_all(&mut self) {}
}

impl Hart {
    /// Translate `vaddr` for an access of `size` bytes that does not cross a
    /// page, in the current effective mode (MPRV applied for loads/stores),
    /// with PMP checked. Returns the physical address.
    pub fn translate(&mut self, vaddr: u64, size: u8, access: Access) -> Result<u64, Trap> {
        let _ = size;
        let _ = access;
        Ok(vaddr)
    }

    /// Load `size` (1, 2, 4, 8) bytes at virtual address `vaddr`, zero-extended.
    /// Misaligned loads are performed unless a part of them faults.
    pub fn load(&mut self, vaddr: u64, size: u8) -> Result<u64, Trap> {
        let pa = self.translate(vaddr, size, Access::Load)?;
        self.bus.read(pa, size).map_err(|_| Trap::new(Exception::LoadAccessFault, vaddr))
    }

    /// Store the low `size` bytes of `val` at virtual address `vaddr`.
    pub fn store(&mut self, vaddr: u64, size: u8, val: u64) -> Result<(), Trap> {
        let pa = self.translate(vaddr, size, Access::Store)?;
        self.bus.write(pa, size, val).map_err(|_| Trap::new(Exception::StoreAccessFault, vaddr))
    }

    /// TEMPORARY until mmu/ lands: fetch the instruction bits at `pc`.
    pub fn fetch(&mut self, pc: u64) -> Result<u32, Trap> {
        let fault = |a| Trap::new(Exception::InstructionAccessFault, a);
        let lo = self.bus.read(pc, 2).map_err(|_| fault(pc))? as u32;
        if lo & 3 != 3 {
            return Ok(lo);
        }
        let hi = self.bus.read(pc.wrapping_add(2), 2).map_err(|_| fault(pc.wrapping_add(2)))? as u32;
        Ok(lo | hi << 16)
    }
}
