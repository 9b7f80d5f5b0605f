//! Every self-checking test program passes on hemu (HTIF exit code 0; a
//! non-zero code is the number of the failing test in asm/<program>.s).
#![cfg(feature = "system-tests")]

mod common;

use tests::images;

const BUDGET: u64 = 50_000_000;

#[test]
fn every_test_program_passes_on_hemu() {
    let mut failed = Vec::new();
    for p in images::test_programs() {
        let run = common::run_hemu(p.elf, None, BUDGET);
        eprintln!("{}: exit {:?}", p.name, run.exit_code);
        if run.exit_code != Some(0) {
            failed.push(format!("{}: exit {:?} (failing test number)", p.name, run.exit_code));
        }
    }
    assert!(failed.is_empty(), "{failed:#?}");
}
