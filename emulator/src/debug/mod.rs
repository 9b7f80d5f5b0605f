//! Debugging: observing the hart through the events `Hart::step` reports.
//! Nothing here reaches into the hart's internals beyond its public
//! registers and CSR API, and none of it runs unless asked for.

pub mod command;
pub mod commits;
pub mod draw;
pub mod gdb;
pub mod inspect;
pub mod record;
pub mod repl;
pub mod session;
pub mod snapshot;
pub mod symbols;
pub mod trace;
pub mod translate;

pub use trace::{CauseSel, TraceFilter, TraceLevel, Tracer};
