//! Misaligned accesses and jump targets (see asm/rv64mi_misaligned.s).
#![cfg_attr(target_os = "none", no_std, no_main)]
testprogs::program!("rv64mi_misaligned.s");
