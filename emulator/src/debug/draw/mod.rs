//! Pictures of the machine's state, as SVG, drawn from what the debugger
//! sees (`draw` in `hemu debug`): a CSR's fields (`csr`), the privilege
//! levels with the last transition (`modes`), a two-stage page-table walk
//! (`walk`). The lab book's pictures are these, from real runs, so that
//! they cannot drift from the code (`emulator/tests/book.rs` redraws them).

pub mod csr;
pub mod modes;
pub mod svg;
pub mod walk;
