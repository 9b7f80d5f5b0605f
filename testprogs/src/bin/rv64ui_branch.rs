//! Branches and jumps (see asm/rv64ui_branch.s).
#![cfg_attr(target_os = "none", no_std, no_main)]
testprogs::program!("rv64ui_branch.s");
