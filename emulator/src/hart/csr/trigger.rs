//! The Sdtrig trigger module CSRs, in the smallest conformant form: a hart
//! with no triggers.
//!
//! The debug spec (chapter "Sdtrig", Trigger Module Registers) lets software
//! discover the triggers by writing `tselect` and reading `tdata1.type` and
//! `tinfo`. With none implemented:
//! - `tselect` is WARL and only 0 is legal, so it always reads 0;
//! - `tdata1.type` reads 0: "there is no trigger at this tselect", and a
//!   write cannot give it another type, so writes are ignored;
//! - `tdata2`/`tdata3` hold nothing for a missing trigger: read 0;
//! - `tinfo.info` reads 1 ("if the currently selected trigger doesn't exist,
//!   this field contains 1") and `tinfo.version` is 1 (Sdtrig 1.0).
//!
//! The optional `tcontrol`, `mcontext` and `scontext` are not implemented
//! (an access raises illegal instruction), as the spec allows.
//!
//! There is no state, so nothing here touches the instruction hot path: no
//! execute, load or store address ever matches.

use super::addr::{TDATA1, TDATA2, TDATA3, TINFO, TSELECT};

/// tinfo.version (bits 31:24): 1 = the ratified Sdtrig 1.0.
const TINFO_VERSION_1_0: u64 = 1 << 24;
/// tinfo.info bit 0: only type 0 ("no trigger") exists at the selected index.
const TINFO_INFO_NONE: u64 = 1;

/// Is `addr` one of the trigger CSRs this hart implements?
pub fn is_trigger_csr(addr: u16) -> bool {
    matches!(addr, TSELECT | TDATA1 | TDATA2 | TDATA3 | TINFO)
}

/// The value software reads from a trigger CSR.
pub fn trigger_read(addr: u16) -> u64 {
    match addr {
        TINFO => TINFO_VERSION_1_0 | TINFO_INFO_NONE,
        // tselect (only index 0 is legal), tdata1 (type 0), tdata2, tdata3.
        _ => 0,
    }
}
