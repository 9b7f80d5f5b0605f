//! The D extension (see asm/rv64ud.s).
#![cfg_attr(target_os = "none", no_std, no_main)]
testprogs::program!("rv64ud.s");
