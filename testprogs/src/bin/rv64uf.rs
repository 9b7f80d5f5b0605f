//! The F extension (see asm/rv64uf.s).
#![cfg_attr(target_os = "none", no_std, no_main)]
testprogs::program!("rv64uf.s");
