//! Synchronous exception causes and the `Trap` value that carries one from
//! the instruction that raised it to trap entry (`hart/trap.rs`).

/// Exception codes of mcause/scause/vscause with Interrupt = 0
/// (priv spec, table "Machine cause register (mcause) values after trap").
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
#[repr(u8)]
pub enum Exception {
    InstructionAddressMisaligned = 0,
    InstructionAccessFault = 1,
    IllegalInstruction = 2,
    Breakpoint = 3,
    LoadAddressMisaligned = 4,
    LoadAccessFault = 5,
    StoreAddressMisaligned = 6,
    StoreAccessFault = 7,
    EcallFromU = 8,
    EcallFromS = 9,
    EcallFromVS = 10,
    EcallFromM = 11,
    InstructionPageFault = 12,
    LoadPageFault = 13,
    StorePageFault = 15,
    InstructionGuestPageFault = 20,
    LoadGuestPageFault = 21,
    VirtualInstruction = 22,
    StoreGuestPageFault = 23,
}

impl Exception {
    pub fn code(self) -> u64 {
        self as u64
    }
    pub fn name(self) -> &'static str {
        use Exception::*;
        match self {
            InstructionAddressMisaligned => "instruction address misaligned",
            InstructionAccessFault => "instruction access fault",
            IllegalInstruction => "illegal instruction",
            Breakpoint => "breakpoint",
            LoadAddressMisaligned => "load address misaligned",
            LoadAccessFault => "load access fault",
            StoreAddressMisaligned => "store/AMO address misaligned",
            StoreAccessFault => "store/AMO access fault",
            EcallFromU => "environment call from U-mode",
            EcallFromS => "environment call from HS-mode",
            EcallFromVS => "environment call from VS-mode",
            EcallFromM => "environment call from M-mode",
            InstructionPageFault => "instruction page fault",
            LoadPageFault => "load page fault",
            StorePageFault => "store/AMO page fault",
            InstructionGuestPageFault => "instruction guest-page fault",
            LoadGuestPageFault => "load guest-page fault",
            VirtualInstruction => "virtual instruction",
            StoreGuestPageFault => "store/AMO guest-page fault",
        }
    }
    /// True for the exceptions whose xtval is a faulting virtual address;
    /// trap entry sets hstatus.GVA / mstatus.GVA from this when V was 1
    /// (or for HLV/HSV, see `Trap::gva`).
    pub fn is_address_fault(self) -> bool {
        use Exception::*;
        matches!(
            self,
            InstructionAddressMisaligned
                | InstructionAccessFault
                | LoadAddressMisaligned
                | LoadAccessFault
                | StoreAddressMisaligned
                | StoreAccessFault
                | InstructionPageFault
                | LoadPageFault
                | StorePageFault
                | InstructionGuestPageFault
                | LoadGuestPageFault
                | StoreGuestPageFault
        )
    }
    pub fn is_guest_page_fault(self) -> bool {
        use Exception::*;
        matches!(self, InstructionGuestPageFault | LoadGuestPageFault | StoreGuestPageFault)
    }
}

/// A synchronous exception on its way to trap entry.
///
/// `tval` goes to mtval/stval/vstval. `tval2` is the guest physical address
/// shifted right by 2 for guest-page faults (to htval/mtval2), `tinst` the
/// transformed instruction or pseudoinstruction (to htinst/mtinst), `gva`
/// says that `tval` is a guest virtual address (hstatus.GVA/mstatus.GVA):
/// trap entry also sets GVA when the trap comes from V=1 with an address
/// fault, so raisers only need to set it for HLV/HSV/HLVX executed with V=0.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Trap {
    pub cause: Exception,
    pub tval: u64,
    pub tval2: u64,
    pub tinst: u64,
    pub gva: bool,
}

impl Trap {
    pub fn new(cause: Exception, tval: u64) -> Trap {
        Trap { cause, tval, tval2: 0, tinst: 0, gva: false }
    }
    /// Illegal instruction; tval holds the instruction bits (as Spike and QEMU do).
    pub fn illegal(inst_bits: u64) -> Trap {
        Trap::new(Exception::IllegalInstruction, inst_bits)
    }
    /// Virtual instruction (cause 22); tval holds the instruction bits.
    pub fn virtual_instruction(inst_bits: u64) -> Trap {
        Trap::new(Exception::VirtualInstruction, inst_bits)
    }
}

/// Interrupt codes (mcause with Interrupt = 1).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
#[repr(u8)]
pub enum Interrupt {
    SupervisorSoftware = 1,
    VirtualSupervisorSoftware = 2,
    MachineSoftware = 3,
    SupervisorTimer = 5,
    VirtualSupervisorTimer = 6,
    MachineTimer = 7,
    SupervisorExternal = 9,
    VirtualSupervisorExternal = 10,
    MachineExternal = 11,
    SupervisorGuestExternal = 12,
}

impl Interrupt {
    pub fn code(self) -> u64 {
        self as u64
    }
    pub fn from_code(code: u64) -> Option<Interrupt> {
        use Interrupt::*;
        Some(match code {
            1 => SupervisorSoftware,
            2 => VirtualSupervisorSoftware,
            3 => MachineSoftware,
            5 => SupervisorTimer,
            6 => VirtualSupervisorTimer,
            7 => MachineTimer,
            9 => SupervisorExternal,
            10 => VirtualSupervisorExternal,
            11 => MachineExternal,
            12 => SupervisorGuestExternal,
            _ => return None,
        })
    }
    pub fn name(self) -> &'static str {
        use Interrupt::*;
        match self {
            SupervisorSoftware => "supervisor software interrupt",
            VirtualSupervisorSoftware => "virtual supervisor software interrupt",
            MachineSoftware => "machine software interrupt",
            SupervisorTimer => "supervisor timer interrupt",
            VirtualSupervisorTimer => "virtual supervisor timer interrupt",
            MachineTimer => "machine timer interrupt",
            SupervisorExternal => "supervisor external interrupt",
            VirtualSupervisorExternal => "virtual supervisor external interrupt",
            MachineExternal => "machine external interrupt",
            SupervisorGuestExternal => "supervisor guest external interrupt",
        }
    }
}
