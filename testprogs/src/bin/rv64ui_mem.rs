//! Loads, stores and fences (see asm/rv64ui_mem.s).
#![cfg_attr(target_os = "none", no_std, no_main)]
testprogs::program!("rv64ui_mem.s");
