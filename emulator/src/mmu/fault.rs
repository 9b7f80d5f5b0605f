//! Why a translation or memory access failed. The mmu reports the fault
//! and the address; the hart turns it into its trap (`hart/fault.rs`),
//! where the causes and the tval/tval2/tinst rules of the module doc of
//! `mmu` are applied.

use super::Access;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Fault {
    /// A fetch at an odd pc.
    Misaligned { access: Access, addr: u64 },
    /// PMP or PMA denied the access or a page-table access, or the bus has
    /// nothing there; `addr` is the virtual address of the access.
    Access { access: Access, addr: u64 },
    /// The first stage (satp or vsatp) refused `addr`.
    Page { access: Access, addr: u64 },
    /// The G-stage refused guest physical address `gpa` while translating
    /// guest virtual address `gva`; `tinst` is the pseudoinstruction of an
    /// implicit VS-stage PTE access, 0 for the access itself.
    GuestPage { access: Access, gva: u64, gpa: u64, tinst: u64 },
    /// A debugger's memory watch matched (`watch.rs`): the engine stops
    /// before the instruction, so this never reaches trap entry.
    Watch { addr: u64 },
}
