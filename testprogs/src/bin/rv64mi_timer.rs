//! CLINT timer interrupt and WFI (see asm/rv64mi_timer.s).
#![cfg_attr(target_os = "none", no_std, no_main)]
testprogs::program!("rv64mi_timer.s");
