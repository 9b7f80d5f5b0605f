//! `hemu bench`'s mix (`testprogs::bench::mix`) entered in U-mode by the
//! bench harness (`env/bench_harness.s`).
#![cfg_attr(target_os = "none", no_std, no_main)]

testprogs::bench!(mode = U, kind = WORK);
testprogs::bench_mix_workload!();
