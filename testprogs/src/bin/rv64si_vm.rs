//! Sv39 virtual memory in S-mode (see asm/rv64si_vm.s).
#![cfg_attr(target_os = "none", no_std, no_main)]
testprogs::program!("rv64si_vm.s");
