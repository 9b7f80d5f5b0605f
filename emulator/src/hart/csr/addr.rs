//! CSR numbers (priv spec, "CSR Listing"), from the shared `defs` crate.
//! Names, fields and rules are in the table (`table.rs`).

pub use defs::csr::*;
