//! `hemu bench`'s trap round trips VU -> VS -> VU: ECALLs delegated to a
//! five-instruction handler (see `env/bench_harness.s`).
#![cfg_attr(target_os = "none", no_std, no_main)]

testprogs::bench!(mode = VU, kind = TRIPS);
