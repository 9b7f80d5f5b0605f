//! Sstc with the H extension: stimecmp/vstimecmp, STCE and TM gating (see asm/rv64h_sstc.s).
#![cfg_attr(target_os = "none", no_std, no_main)]
testprogs::program!("rv64h_sstc.s");
