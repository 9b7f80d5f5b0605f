//! `hemu bench`'s mix (`testprogs::bench::mix`) entered in VS-mode by the
//! bench harness (`env/bench_harness.s`).
#![cfg_attr(target_os = "none", no_std, no_main)]

testprogs::bench!(mode = VS, kind = WORK);
testprogs::bench_mix_workload!();
