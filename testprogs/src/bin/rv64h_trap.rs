//! H-extension trap delegation, entry and return (see asm/rv64h_trap.s).
#![cfg_attr(target_os = "none", no_std, no_main)]
testprogs::program!("rv64h_trap.s");
