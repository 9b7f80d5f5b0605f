//! Zfa and Zcb (see asm/rv64uzfa_zcb.s); hemu only: QEMU 7.2 has neither.
#![cfg_attr(target_os = "none", no_std, no_main)]
testprogs::program!("rv64uzfa_zcb.s");
