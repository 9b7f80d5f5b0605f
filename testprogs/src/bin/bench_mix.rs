//! `testprogs::bench::mix` (CRC-32, sorting, 64-bit multiply/divide,
//! self-checking), 12 rounds in M-mode on its own, reporting through HTIF
//! `tohost` like the other test programs: 1 = pass. `hemu bench` runs the
//! same work in every mode through `bench_m` ... `bench_vu`.
#![cfg_attr(target_os = "none", no_std, no_main)]

#[cfg(target_os = "none")]
core::arch::global_asm!(
    r#"
    .section .text.init, "ax", @progbits
    .globl _start
_start:
    la      sp, bench_stack_top
    call    bench_main
    # a0 = 0 on success: tohost = (a0 << 1) | 1.
    slli    a0, a0, 1
    ori     a0, a0, 1
    la      t0, tohost
    sd      a0, 0(t0)
1:  j       1b

    .section .bss
    .balign 16
bench_stack: .space 65536
bench_stack_top:
"#,
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/env/htif.s")),
);

/// Rounds of the whole mix (about 610,000 instructions each).
const ROUNDS: u32 = 12;

/// Returns the number of failed self-checks (0 = pass).
#[no_mangle]
pub extern "C" fn bench_main() -> u64 {
    use testprogs::bench::mix;
    let table = mix::crc_table();
    let mut seed = 0x1234_5678_9abc_def0u64;
    (0..ROUNDS).map(|_| mix::round_from(&table, &mut seed)).sum()
}

testprogs::bare_metal_ends!();
