//! Prints a greeting with its pid, then exits with code 0.
#![no_std]
#![no_main]
#[path = "ulib.rs"]
mod ulib;

fn main() -> i32 {
    println!("hello: hello from a VU-mode task, my pid is {}", ulib::getpid());
    0
}
