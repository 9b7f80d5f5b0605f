//! The Base extension (EID 0x10, SBI spec chapter 4).

use super::SbiRet;
use defs::csr::{self, MARCHID, MIMPID, MVENDORID};
use defs::sbi::base::*;
use defs::sbi::error::NOT_SUPPORTED;

/// SBI specification version 2.0: major in bits 30:24, minor in 23:0.
pub const SPEC_VERSION: u64 = 2 << 24;

/// Implementation ID. 0..=11 are taken by the SBI registry (BBL, OpenSBI,
/// ...); hemu-sbi uses an unregistered value: "hemu" in ASCII.
pub const IMPL_ID: u64 = 0x6865_6d75;

/// hemu-sbi's version, encoded like OpenSBI's (major << 16 | minor).
pub const IMPL_VERSION: u64 = 0x0001;

pub fn call(fid: u64, args: &[u64; 6]) -> SbiRet {
    match fid {
        GET_SPEC_VERSION => SbiRet::ok(SPEC_VERSION),
        GET_IMPL_ID => SbiRet::ok(IMPL_ID),
        GET_IMPL_VERSION => SbiRet::ok(IMPL_VERSION),
        PROBE_EXTENSION => SbiRet::ok(u64::from(super::implemented(args[0]))),
        GET_MVENDORID => SbiRet::ok(csr::read::<MVENDORID>()),
        GET_MARCHID => SbiRet::ok(csr::read::<MARCHID>()),
        GET_MIMPID => SbiRet::ok(csr::read::<MIMPID>()),
        _ => SbiRet::err(NOT_SUPPORTED),
    }
}
