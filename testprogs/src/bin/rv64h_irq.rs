//! H-extension interrupts: delegation, enables, VS cause translation, priority (see asm/rv64h_irq.s).
#![cfg_attr(target_os = "none", no_std, no_main)]
testprogs::program!("rv64h_irq.s");
