//! G-stage translation (Sv39x4, Sv48x4, Bare) and guest-page faults (see asm/rv64h_gstage.s).
#![cfg_attr(target_os = "none", no_std, no_main)]
testprogs::program!("rv64h_gstage.s");
