//! A CPU-bound task: counts primes by trial division (long enough to be preempted several
//! times by the kernel's timer), then prints the (deterministic) result.
#![no_std]
#![no_main]
#[path = "ulib.rs"]
mod ulib;

const LIMIT: u64 = 200_000;

fn is_prime(n: u64) -> bool {
    if n < 2 {
        return false;
    }
    let mut d = 2;
    while d * d <= n {
        if n % d == 0 {
            return false;
        }
        d += 1;
    }
    true
}

fn main() -> i32 {
    println!("cpu_bound: counting primes below {LIMIT} (never yields)");
    let count = (0..LIMIT).filter(|&n| is_prime(n)).count();
    println!("cpu_bound: {count} primes below {LIMIT}");
    0
}
