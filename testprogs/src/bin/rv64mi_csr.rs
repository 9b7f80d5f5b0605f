//! CSR instructions and M-mode exceptions (see asm/rv64mi_csr.s).
#![cfg_attr(target_os = "none", no_std, no_main)]
testprogs::program!("rv64mi_csr.s");
