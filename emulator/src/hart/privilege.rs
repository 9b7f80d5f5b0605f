//! Privilege levels and the virtualization mode (the V bit of the H extension).

/// The privilege level encoded in xPP fields and in the hart's current state
/// (priv spec, "Privilege Levels": U = 0, S = 1, M = 3; 2 is reserved).
#[derive(Clone, Copy, PartialEq, Eq, Debug, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum Privilege {
    User = 0,
    Supervisor = 1,
    Machine = 3,
}

impl Privilege {
    /// Decode an xPP field. The reserved value 2 is read as User, which is
    /// what a WARL MPP field that was written 2 legalizes to here.
    pub fn from_bits(bits: u64) -> Privilege {
        match bits & 3 {
            3 => Privilege::Machine,
            1 => Privilege::Supervisor,
            _ => Privilege::User,
        }
    }
    pub fn bits(self) -> u64 {
        self as u64
    }
}

/// The five modes a hart with the H extension can be in: the privilege level
/// together with the V bit.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum Mode {
    /// Machine mode (V=0).
    M,
    /// Hypervisor-extended supervisor mode (S with V=0). Without H this is plain S.
    HS,
    /// User mode with V=0.
    U,
    /// Virtual supervisor mode (S with V=1): where a guest kernel runs.
    VS,
    /// Virtual user mode (U with V=1): where a guest's user programs run.
    VU,
}

impl Mode {
    pub fn new(prv: Privilege, virt: bool) -> Mode {
        match (prv, virt) {
            (Privilege::Machine, _) => Mode::M,
            (Privilege::Supervisor, false) => Mode::HS,
            (Privilege::User, false) => Mode::U,
            (Privilege::Supervisor, true) => Mode::VS,
            (Privilege::User, true) => Mode::VU,
        }
    }
    pub fn privilege(self) -> Privilege {
        match self {
            Mode::M => Privilege::Machine,
            Mode::HS | Mode::VS => Privilege::Supervisor,
            Mode::U | Mode::VU => Privilege::User,
        }
    }
    pub fn virt(self) -> bool {
        matches!(self, Mode::VS | Mode::VU)
    }
    /// The debug specification's encoding: dcsr.prv with dcsr.v at bit 2
    /// (M 3, HS 1, U 0, VS 5, VU 4). GDB's `$priv` and the commit log's
    /// privilege digit show it.
    pub fn debug_code(self) -> u64 {
        self.privilege().bits() | (self.virt() as u64) << 2
    }

    /// The mode a `debug_code` value names, if it names one (prv 2 is
    /// reserved, and M has no V=1 form).
    pub fn from_debug_code(v: u64) -> Option<Mode> {
        match (v & 3, v >> 2) {
            (2, _) | (_, 2..) | (3, 1) => None,
            (prv, virt) => Some(Mode::new(Privilege::from_bits(prv), virt == 1)),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Mode::M => "M",
            Mode::HS => "HS",
            Mode::U => "U",
            Mode::VS => "VS",
            Mode::VU => "VU",
        }
    }
}

impl std::fmt::Display for Mode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Mode {
    type Err = String;
    /// Parses a mode name: M, HS (or S), U, VS, VU (any case).
    fn from_str(s: &str) -> Result<Mode, String> {
        Ok(match s.to_ascii_uppercase().as_str() {
            "M" => Mode::M,
            "HS" | "S" => Mode::HS,
            "U" => Mode::U,
            "VS" => Mode::VS,
            "VU" => Mode::VU,
            _ => return Err(format!("'{s}' is not a mode (M, HS, U, VS, VU)")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_code_puts_v_at_bit_2() {
        let got: Vec<u64> = [Mode::U, Mode::HS, Mode::M, Mode::VU, Mode::VS].map(Mode::debug_code).to_vec();
        assert_eq!(got, [0, 1, 3, 4, 5]);
    }
}
