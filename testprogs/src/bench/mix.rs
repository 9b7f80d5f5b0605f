//! bench_mix's work: a CPU-bound mix of what compiled code does (CRC-32
//! table lookups and bit loops, sorting, 64-bit multiply/divide), written
//! in Rust so the instruction stream is a compiler's, not hand-picked. It
//! checks its own results (table CRC against bitwise CRC, the sort's
//! order, a divide identity). About 610,000 instructions a round.

/// The next pseudo-random number of a 64-bit LCG.
pub fn lcg(s: &mut u64) -> u64 {
    *s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    *s >> 17
}

/// The CRC-32 (IEEE, reflected) table.
pub fn crc_table() -> [u32; 256] {
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

/// One round of the mix from `seed` (the seed moves on): returns the
/// number of failed self-checks (0 = pass).
pub fn round_from(table: &[u32; 256], seed: &mut u64) -> u64 {
    let mut buf = [0u8; 2048];
    let mut keys = [0u64; 1024];
    let mut failures = 0u64;
    for b in buf.iter_mut() {
        *b = lcg(seed) as u8;
    }
    let data = core::hint::black_box(&buf[..]);
    if crc_fast(table, data) != crc_bitwise(data) {
        failures += 1;
    }
    for k in keys.iter_mut() {
        *k = lcg(seed);
    }
    core::hint::black_box(&mut keys).sort_unstable();
    if keys.windows(2).any(|w| w[0] > w[1]) {
        failures += 1;
    }
    let mut acc = 1u64;
    for i in 1..20_000u64 {
        let x = core::hint::black_box(lcg(seed) | 1);
        let q = acc.wrapping_mul(x) / i;
        let r = acc.wrapping_mul(x) % i;
        if q.wrapping_mul(i).wrapping_add(r) != acc.wrapping_mul(x) {
            failures += 1;
        }
        acc = acc.wrapping_add(q ^ r).rotate_left(7);
    }
    core::hint::black_box(acc);
    failures
}

/// One round from `seed`, table included.
pub fn round(seed: u64) -> u64 {
    let mut seed = seed;
    round_from(&crc_table(), &mut seed)
}
