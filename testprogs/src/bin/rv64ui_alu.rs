//! RV64I computational instructions (see asm/rv64ui_alu.s).
#![cfg_attr(target_os = "none", no_std, no_main)]
testprogs::program!("rv64ui_alu.s");
