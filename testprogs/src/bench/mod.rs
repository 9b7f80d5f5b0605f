//! The workloads of `hemu bench`: the shared work (`mix`, `large`) and
//! the macro that makes a workload binary of them with the mode-entering
//! harness (`env/bench_harness.s`).

pub mod large;
pub mod mix;

/// Defines a `hemu bench` workload binary: the harness entering mode
/// `$mode` (M, S, U, VS or VU) and running `bench_workload` there, which
/// the program defines itself (`kind = WORK`) or which is the harness's
/// round trips (`kind = TRIPS`). On the host it expands to an empty `main`.
#[macro_export]
macro_rules! bench {
    (mode = $mode:ident, kind = $kind:ident) => {
        #[cfg(target_os = "none")]
        core::arch::global_asm!(
            include_str!(concat!(env!("OUT_DIR"), "/defs.s")),
            ".equ MODE_M, 0\n.equ MODE_S, 1\n.equ MODE_U, 2\n.equ MODE_VS, 3\n.equ MODE_VU, 4",
            ".equ KIND_WORK, 0\n.equ KIND_TRIPS, 1",
            concat!(".equ BENCH_MODE, MODE_", stringify!($mode)),
            concat!(".equ BENCH_KIND, KIND_", stringify!($kind)),
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/env/bench_harness.s")),
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/env/htif.s")),
            options(raw)
        );

        $crate::bare_metal_ends!();
    };
}

/// Defines `bench_workload` as one round of `mix` (`mix::round`).
#[macro_export]
macro_rules! bench_mix_workload {
    () => {
        #[no_mangle]
        pub extern "C" fn bench_workload() -> u64 {
            $crate::bench::mix::round(0x1234_5678_9abc_def0)
        }
    };
}
