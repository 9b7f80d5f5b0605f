//! The A extension (see asm/rv64ua.s).
#![cfg_attr(target_os = "none", no_std, no_main)]
testprogs::program!("rv64ua.s");
