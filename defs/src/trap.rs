//! Trap causes (priv spec, table "Machine cause (mcause) register values
//! after trap", with the H extension's codes): the value trap entry writes to
//! mcause, scause or vscause is the [`Exception`] or [`Interrupt`] code, with
//! [`INTERRUPT_BIT`] set for an interrupt.

use crate::interrupts::Mip;

/// Bit 63 of xcause: set when the trap was an interrupt.
pub const INTERRUPT_BIT: u64 = 1 << 63;

/// Exception codes of mcause/scause/vscause with Interrupt = 0.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
#[repr(u8)]
pub enum Exception {
    InstructionAddressMisaligned = 0,
    InstructionAccessFault = 1,
    IllegalInstruction = 2,
    Breakpoint = 3,
    LoadAddressMisaligned = 4,
    LoadAccessFault = 5,
    /// Store/AMO address misaligned.
    StoreAddressMisaligned = 6,
    /// Store/AMO access fault.
    StoreAccessFault = 7,
    /// Environment call from U-mode or VU-mode.
    EcallFromU = 8,
    /// Environment call from HS-mode (S-mode without the H extension).
    EcallFromS = 9,
    /// Environment call from VS-mode.
    EcallFromVS = 10,
    /// Environment call from M-mode.
    EcallFromM = 11,
    InstructionPageFault = 12,
    LoadPageFault = 13,
    /// Store/AMO page fault.
    StorePageFault = 15,
    InstructionGuestPageFault = 20,
    LoadGuestPageFault = 21,
    VirtualInstruction = 22,
    /// Store/AMO guest-page fault.
    StoreGuestPageFault = 23,
}

impl Exception {
    /// Every exception, in code order.
    pub const ALL: [Exception; 19] = {
        use Exception::*;
        [
            InstructionAddressMisaligned,
            InstructionAccessFault,
            IllegalInstruction,
            Breakpoint,
            LoadAddressMisaligned,
            LoadAccessFault,
            StoreAddressMisaligned,
            StoreAccessFault,
            EcallFromU,
            EcallFromS,
            EcallFromVS,
            EcallFromM,
            InstructionPageFault,
            LoadPageFault,
            StorePageFault,
            InstructionGuestPageFault,
            LoadGuestPageFault,
            VirtualInstruction,
            StoreGuestPageFault,
        ]
    };

    /// The exception code (xcause with Interrupt = 0).
    #[inline]
    pub const fn code(self) -> u64 {
        self as u64
    }

    /// The bit of this exception in medeleg/hedeleg.
    #[inline]
    pub const fn bit(self) -> u64 {
        1 << self.code()
    }

    /// The exception with code `code`; None for reserved and custom codes.
    #[inline]
    pub const fn from_code(code: u64) -> Option<Exception> {
        use Exception::*;
        Some(match code {
            0 => InstructionAddressMisaligned,
            1 => InstructionAccessFault,
            2 => IllegalInstruction,
            3 => Breakpoint,
            4 => LoadAddressMisaligned,
            5 => LoadAccessFault,
            6 => StoreAddressMisaligned,
            7 => StoreAccessFault,
            8 => EcallFromU,
            9 => EcallFromS,
            10 => EcallFromVS,
            11 => EcallFromM,
            12 => InstructionPageFault,
            13 => LoadPageFault,
            15 => StorePageFault,
            20 => InstructionGuestPageFault,
            21 => LoadGuestPageFault,
            22 => VirtualInstruction,
            23 => StoreGuestPageFault,
            _ => return None,
        })
    }

    /// The spec's name for this exception.
    #[inline]
    pub const fn name(self) -> &'static str {
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

    /// True for the exceptions whose xtval is a faulting virtual address
    /// (the misaligned, access-fault, page-fault and guest-page-fault
    /// exceptions); trap entry from V = 1 sets hstatus.GVA / mstatus.GVA for
    /// them (priv spec, "Hypervisor Status Register (hstatus)").
    #[inline]
    pub const fn is_address_fault(self) -> bool {
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
}

/// Interrupt codes (xcause with Interrupt = 1); code `i` is bit `i` of mip/mie.
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
    /// Sscofpmf's local count-overflow interrupt (LCOFI).
    CounterOverflow = 13,
}

impl Interrupt {
    /// The interrupt code (xcause without the Interrupt bit).
    #[inline]
    pub const fn code(self) -> u64 {
        self as u64
    }

    /// This interrupt's bit in mip/mie (and sip, hip, hvip, mideleg, ...).
    #[inline]
    pub const fn bit(self) -> Mip {
        Mip::from_bits_retain(1 << self.code())
    }

    /// The interrupt with code `code`; None for reserved and custom codes.
    #[inline]
    pub const fn from_code(code: u64) -> Option<Interrupt> {
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
            13 => CounterOverflow,
            _ => return None,
        })
    }

    /// The spec's name for this interrupt.
    #[inline]
    pub const fn name(self) -> &'static str {
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
            CounterOverflow => "local counter overflow interrupt",
        }
    }
}

/// A decoded xcause value.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum Cause {
    Exception(Exception),
    Interrupt(Interrupt),
}

impl Cause {
    /// Decodes an mcause/scause/vscause value; None for reserved or custom codes.
    #[inline]
    pub const fn from_xcause(xcause: u64) -> Option<Cause> {
        let code = xcause & !INTERRUPT_BIT;
        if xcause & INTERRUPT_BIT != 0 {
            match Interrupt::from_code(code) {
                Some(i) => Some(Cause::Interrupt(i)),
                None => None,
            }
        } else {
            match Exception::from_code(code) {
                Some(e) => Some(Cause::Exception(e)),
                None => None,
            }
        }
    }

    /// The xcause value trap entry writes for this cause.
    #[inline]
    pub const fn xcause(self) -> u64 {
        match self {
            Cause::Exception(e) => e.code(),
            Cause::Interrupt(i) => INTERRUPT_BIT | i.code(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Codes from the spec's mcause table.
    #[test]
    fn exception_codes() {
        use Exception::*;
        let spec = [
            (InstructionAddressMisaligned, 0),
            (InstructionAccessFault, 1),
            (IllegalInstruction, 2),
            (Breakpoint, 3),
            (LoadAddressMisaligned, 4),
            (LoadAccessFault, 5),
            (StoreAddressMisaligned, 6),
            (StoreAccessFault, 7),
            (EcallFromU, 8),
            (EcallFromS, 9),
            (EcallFromVS, 10),
            (EcallFromM, 11),
            (InstructionPageFault, 12),
            (LoadPageFault, 13),
            (StorePageFault, 15),
            (InstructionGuestPageFault, 20),
            (LoadGuestPageFault, 21),
            (VirtualInstruction, 22),
            (StoreGuestPageFault, 23),
        ];
        for (e, code) in spec {
            assert_eq!(e.code(), code);
            assert_eq!(e.bit(), 1 << code);
            assert_eq!(Exception::from_code(code), Some(e));
        }
        assert_eq!(Exception::ALL.len(), spec.len());
        for (e, (s, _)) in Exception::ALL.iter().zip(spec) {
            assert_eq!(*e, s);
        }
        for reserved in [14, 16, 17, 18, 19, 24, 63, u64::MAX] {
            assert_eq!(Exception::from_code(reserved), None);
        }
    }

    #[test]
    fn interrupt_codes() {
        use Interrupt::*;
        for (i, code) in [
            (SupervisorSoftware, 1),
            (VirtualSupervisorSoftware, 2),
            (MachineSoftware, 3),
            (SupervisorTimer, 5),
            (VirtualSupervisorTimer, 6),
            (MachineTimer, 7),
            (SupervisorExternal, 9),
            (VirtualSupervisorExternal, 10),
            (MachineExternal, 11),
            (SupervisorGuestExternal, 12),
            (CounterOverflow, 13),
        ] {
            assert_eq!(i.code(), code);
            assert_eq!(Interrupt::from_code(code), Some(i));
        }
        for reserved in [0, 4, 8, 14, 16] {
            assert_eq!(Interrupt::from_code(reserved), None);
        }
    }

    #[test]
    fn xcause() {
        assert_eq!(Cause::from_xcause(2), Some(Cause::Exception(Exception::IllegalInstruction)));
        assert_eq!(Cause::from_xcause((1 << 63) | 5), Some(Cause::Interrupt(Interrupt::SupervisorTimer)));
        assert_eq!(Cause::Interrupt(Interrupt::MachineTimer).xcause(), 0x8000_0000_0000_0007);
        assert_eq!(Cause::from_xcause(1 << 63), None);
    }
}
