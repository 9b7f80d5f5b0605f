//! Privilege modes, xRET and delegation (see asm/rv64mi_modes.s).
#![cfg_attr(target_os = "none", no_std, no_main)]
testprogs::program!("rv64mi_modes.s");
