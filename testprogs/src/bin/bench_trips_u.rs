//! `hemu bench`'s trap round trips U -> HS -> U: ECALLs delegated to a
//! five-instruction handler (see `env/bench_harness.s`).
#![cfg_attr(target_os = "none", no_std, no_main)]

testprogs::bench!(mode = U, kind = TRIPS);
