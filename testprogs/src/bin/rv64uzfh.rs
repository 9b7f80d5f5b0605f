//! Zfh and Zfhmin (see asm/rv64uzfh.s).
#![cfg_attr(target_os = "none", no_std, no_main)]
testprogs::program!("rv64uzfh.s");
