//! Smstateen's registers (priv spec, "Smstateen/Ssstateen Extensions"):
//! which of their bits exist on hemu, and the rule that a bit clear in
//! mstateen is read-only zero in the matching hstateen. What they guard
//! is in `gate.rs` (`Gate::Stateen`, `Gate::Envcfg`).

use crate::hart::Hart;
use defs::stateen::Stateen0;

/// The bits of mstateen`index` (and hstateen`index`) that exist: SE0 in
/// all four (with H, "bit 63 of each mstateen may be read-only zero only
/// if the hypervisor extension is not implemented"), and ENVCFG in the
/// first. hemu has none of the other state they guard (custom state, fcsr
/// for Zfinx, jvt, AIA, scontext), so those bits are read-only zero; so is
/// all of sstateen0-3, whose bits guard only such state.
fn writable(index: usize) -> u64 {
    if index == 0 {
        Stateen0::SE0.union(Stateen0::ENVCFG).bits()
    } else {
        Stateen0::SE0.bits()
    }
}

impl Hart {
    pub(super) fn mstateen_write(&mut self, index: usize, v: u64) {
        self.csr.mstateen[index & 3] = v & writable(index & 3);
    }

    /// hstateen`index`: a bit clear in mstateen reads zero here.
    pub(super) fn hstateen_read(&self, index: usize) -> u64 {
        self.csr.hstateen[index & 3] & self.csr.mstateen[index & 3]
    }

    /// A bit clear in mstateen is read-only zero: a write cannot set it.
    pub(super) fn hstateen_write(&mut self, index: usize, v: u64) {
        let i = index & 3;
        self.csr.hstateen[i] = v & writable(i) & self.csr.mstateen[i];
    }
}
