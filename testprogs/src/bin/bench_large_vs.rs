//! `hemu bench`'s large-code workload (`testprogs::bench::large`: the mix's
//! kind of work over about 600 KiB of code, called indirectly) in VS-mode.
#![cfg_attr(target_os = "none", no_std, no_main)]

testprogs::bench!(mode = VS, kind = WORK);

#[no_mangle]
pub extern "C" fn bench_workload() -> u64 {
    testprogs::bench::large::run()
}
