//! The only code that drives hemu's machine API, so that an API change is
//! adapted in one place. Written against the planned interface:
//! `hemu::machine::{Machine, MachineConfig}`, `Machine::new(cfg)`,
//! `run(max_instructions)` returning an outcome with the exit code, and an
//! accessor for the UART output.
#![allow(dead_code)]

use hemu::machine::{Machine, MachineConfig};

/// What a run of hemu produced.
pub struct HemuRun {
    /// The guest's exit code (HTIF tohost or test finisher); None if the
    /// instruction budget ran out first.
    pub exit_code: Option<i64>,
    /// Everything written to the UART.
    pub uart: String,
}

/// Boots hemu's default machine with `bios` at 0x8000_0000 (an ELF) and, if
/// given, `kernel` (an ELF for 0x8020_0000), for at most `max_instructions`.
pub fn run_hemu(bios: &[u8], kernel: Option<&[u8]>, max_instructions: u64) -> HemuRun {
    let cfg = MachineConfig {
        bios: Some(bios.to_vec()),
        kernel: kernel.map(<[u8]>::to_vec),
        ..MachineConfig::default()
    };
    let mut machine = Machine::new(cfg).expect("hemu machine");
    let outcome = machine.run(max_instructions);
    HemuRun {
        exit_code: outcome.exit_code().map(i64::from),
        uart: String::from_utf8_lossy(&machine.uart_output()).into_owned(),
    }
}
