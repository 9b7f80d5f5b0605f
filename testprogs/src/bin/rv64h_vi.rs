//! Virtual-instruction versus illegal-instruction exceptions (see asm/rv64h_vi.s).
#![cfg_attr(target_os = "none", no_std, no_main)]
testprogs::program!("rv64h_vi.s");
