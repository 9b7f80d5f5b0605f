//! Two-stage translation, HLV/HLVX/HSV, TLB tags and fences (see asm/rv64h_twostage.s).
#![cfg_attr(target_os = "none", no_std, no_main)]
testprogs::program!("rv64h_twostage.s");
