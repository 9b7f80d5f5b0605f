//! The C extension (see asm/rv64uc.s).
#![cfg_attr(target_os = "none", no_std, no_main)]
testprogs::program!("rv64uc.s");
