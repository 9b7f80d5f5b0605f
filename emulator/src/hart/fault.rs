//! The mmu's faults as the hart's traps: the causes and the tval, tval2
//! and tinst rules of the module doc of `mmu`, in one place.

use super::{Exception, Trap};
use crate::mmu::{Access, Fault};

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

impl From<Fault> for Trap {
    /// tval is the faulting virtual address (the guest virtual address for
    /// a guest-page fault, whose tval2 is the guest physical address >> 2).
    /// GVA is left to trap entry (HLV/HSV set it themselves). A watch
    /// never reaches trap entry (the engine stops first); it is a
    /// breakpoint so that nothing else could mistake it for an access
    /// fault.
    #[inline]
    fn from(f: Fault) -> Trap {
        match f {
            Fault::Misaligned { access, addr } => Trap::new(access.misaligned(), addr),
            Fault::Access { access, addr } => Trap::new(access.access_fault(), addr),
            Fault::Page { access, addr } => Trap::new(access.page_fault(), addr),
            Fault::GuestPage { access, gva, gpa, tinst } => {
                Trap { cause: access.guest_page_fault(), tval: gva, tval2: gpa >> 2, tinst, gva: false }
            }
            Fault::Watch { addr } => Trap::new(Exception::Breakpoint, addr),
        }
    }
}
