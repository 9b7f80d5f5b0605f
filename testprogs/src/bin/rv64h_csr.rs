//! Hypervisor-extension CSR state and the V=1 CSR aliasing (see asm/rv64h_csr.s).
#![cfg_attr(target_os = "none", no_std, no_main)]
testprogs::program!("rv64h_csr.s");
