//! The workload of `hemu bench`: a CPU-bound mix of what compiled code does
//! (CRC-32 table lookups and bit loops, sorting, 64-bit multiply/divide),
//! written in Rust so the instruction stream is a compiler's, not
//! hand-picked. It checks its own results (table CRC against bitwise CRC,
//! the sort's order, a divide identity) and reports through HTIF `tohost`
//! like the other test programs: 1 = pass.
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

    .section .tohost, "aw", @progbits
    .balign 64
    .globl tohost
    .type tohost, @object
    .size tohost, 8
tohost: .dword 0
    .balign 64
    .globl fromhost
    .type fromhost, @object
    .size fromhost, 8
fromhost: .dword 0

    .section .bss
    .balign 16
bench_stack: .space 65536
bench_stack_top:
"#
);

/// Rounds of the whole mix; about 2 million instructions each.
const ROUNDS: u32 = 12;

fn lcg(s: &mut u64) -> u64 {
    *s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    *s >> 17
}

fn crc_table() -> [u32; 256] {
    let mut t = [0u32; 256];
    for (i, e) in t.iter_mut().enumerate() {
        let mut c = i as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 { 0xedb8_8320 ^ (c >> 1) } else { c >> 1 };
        }
        *e = c;
    }
    t
}

fn crc_fast(t: &[u32; 256], data: &[u8]) -> u32 {
    let mut c = !0u32;
    for &b in data {
        c = t[((c ^ b as u32) & 0xff) as usize] ^ (c >> 8);
    }
    !c
}

fn crc_bitwise(data: &[u8]) -> u32 {
    let mut c = !0u32;
    for &b in data {
        c ^= b as u32;
        for _ in 0..8 {
            let mask = (c & 1).wrapping_neg();
            c = (c >> 1) ^ (0xedb8_8320 & mask);
        }
    }
    !c
}

/// Returns the number of failed self-checks (0 = pass).
#[no_mangle]
pub extern "C" fn bench_main() -> u64 {
    let table = crc_table();
    let mut seed = 0x1234_5678_9abc_def0u64;
    let mut buf = [0u8; 2048];
    let mut keys = [0u64; 1024];
    let mut failures = 0u64;
    for _ in 0..ROUNDS {
        for b in buf.iter_mut() {
            *b = lcg(&mut seed) as u8;
        }
        let data = core::hint::black_box(&buf[..]);
        if crc_fast(&table, data) != crc_bitwise(data) {
            failures += 1;
        }
        for k in keys.iter_mut() {
            *k = lcg(&mut seed);
        }
        core::hint::black_box(&mut keys).sort_unstable();
        if keys.windows(2).any(|w| w[0] > w[1]) {
            failures += 1;
        }
        let mut acc = 1u64;
        for i in 1..20_000u64 {
            let x = core::hint::black_box(lcg(&mut seed) | 1);
            let q = acc.wrapping_mul(x) / i;
            let r = acc.wrapping_mul(x) % i;
            if q.wrapping_mul(i).wrapping_add(r) != acc.wrapping_mul(x) {
                failures += 1;
            }
            acc = acc.wrapping_add(q ^ r).rotate_left(7);
        }
        core::hint::black_box(acc);
    }
    failures
}

#[cfg(target_os = "none")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}

#[cfg(not(target_os = "none"))]
fn main() {}
