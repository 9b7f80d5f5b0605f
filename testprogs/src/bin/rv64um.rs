//! The M extension (see asm/rv64um.s).
#![cfg_attr(target_os = "none", no_std, no_main)]
testprogs::program!("rv64um.s");
