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
