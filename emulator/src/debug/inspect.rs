//! What the debugger shows of a stopped machine: registers, CSRs with
//! their fields decoded (HS and VS views side by side), memory in gdb's
//! `x/FMT` formats, and disassembly.
//!
//! Nothing here changes the machine. Memory is read through the current
//! translation as the hart's loads would (`translate.rs`, MPRV applied) or
//! physically, and only where reading has no side effect (RAM, boot ROM):
//! a device register or a fault is an error that says which address and
//! why.
//!
//! ```
//! use hemu::bus::Bus;
//! use hemu::debug::inspect::{csr_view, Fmt};
//! use hemu::Hart;
//! let h = Hart::new(Bus::new(1 << 20), 0x8000_0000);
//! assert!(csr_view(&h, "hstatus").unwrap().contains("VSXL"));
//! assert!(csr_view(&h, "nosuch").is_err());
//! let f: Fmt = "4xg".parse().unwrap();
//! assert_eq!((f.count, f.format, f.size), (4, 'x', 8));
//! ```

use std::fmt::Write as _;
use std::str::FromStr;

use crate::debug::translate::{self, peek_physical, Access, PeekError};
use crate::hart::csr::{self, Info};
use crate::hart::Hart;
use crate::isa::disasm::{fname, xname};
use crate::isa::{decode, disasm as disasm_inst};
use crate::machine::Machine;

/// Why an inspection command has nothing to show: one line.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
pub enum InspectError {
    #[error("no CSR named '{0}' (csrs lists them)")]
    UnknownCsr(String),
    #[error("{0} is not implemented by this hart (an access raises illegal instruction)")]
    NotImplemented(String),
    #[error("{0}")]
    BadFormat(String),
    /// An address that cannot be read: which, and why.
    #[error("cannot read {addr:#x}: {why}")]
    Memory { addr: u64, why: String },
}

/// The integer registers with their ABI names, the pc and the mode.
pub fn regs_view(h: &Hart) -> String {
    let mut s = format!(
        "pc   {:#018x}  mode {} (V={})\n",
        h.pc(),
        h.mode(),
        h.mode().virt() as u8
    );
    for row in 0..8u8 {
        let cells: Vec<String> = (0..4u8)
            .map(|c| {
                let r = row * 4 + c;
                format!("{:<4}{:<5}{:#018x}", format!("x{r}"), xname(r), h.xreg(r))
            })
            .collect();
        s.push_str(cells.join("  ").trim_end());
        s.push('\n');
    }
    s.pop();
    s
}

/// The floating-point registers: raw, as a double, and as a single when
/// NaN-boxed; fcsr and mstatus.FS first.
pub fn fregs_view(h: &Hart) -> String {
    let fcsr = h.csr_peek(csr::addr::FCSR).unwrap_or(0);
    let fs = ["Off", "Initial", "Clean", "Dirty"][(h.csr.mstatus >> 13 & 3) as usize];
    let fields = csr::info(csr::addr::FCSR)
        .map(|i| i.decode(fcsr).to_string())
        .unwrap_or_default();
    let mut s = format!("fcsr {fcsr:#x} ({fields})  mstatus.FS={fs}\n");
    for r in 0..32u8 {
        let v = h.freg(r);
        let single = if v >> 32 == 0xffff_ffff {
            format!("  s {}", f32::from_bits(v as u32))
        } else {
            String::new()
        };
        let _ = writeln!(
            s,
            "{:<4}{:<5}{v:#018x}  d {}{single}",
            format!("f{r}"),
            fname(r),
            f64::from_bits(v)
        );
    }
    s.pop();
    s
}

/// The CSR called `name` (or numbered `name`: 0x300, 768).
pub fn lookup(name: &str) -> Result<Info, InspectError> {
    let n = name.trim().to_ascii_lowercase();
    let number = match n.strip_prefix("0x") {
        Some(hex) => u16::from_str_radix(hex, 16).ok(),
        None => n.parse::<u16>().ok(),
    };
    let info = match number {
        Some(num) => csr::info(num),
        None => csr::by_name(&n),
    };
    let info = info.ok_or_else(|| InspectError::UnknownCsr(name.to_string()))?;
    if !info.implemented() {
        return Err(InspectError::NotImplemented(info.name().to_string()));
    }
    Ok(info)
}

/// A CSR's value and every field decoded (position, value, meaning); for
/// a supervisor CSR, what VS/VU reach instead.
pub fn csr_view(h: &Hart, name: &str) -> Result<String, InspectError> {
    let info = lookup(name)?;
    let value = h
        .csr_peek(info.number())
        .ok_or_else(|| InspectError::NotImplemented(info.name().to_string()))?;
    let mut s = format!(
        "{} ({:#05x}) = {value:#018x}  {}",
        info.name(),
        info.number(),
        info.about()
    );
    for (f, v) in info.decode(value).iter() {
        let bits = if f.hi == f.lo {
            format!("[{}]", f.lo)
        } else {
            format!("[{}:{}]", f.hi, f.lo)
        };
        let v = if v > 9 {
            format!("{v:#x}")
        } else {
            v.to_string()
        };
        let _ = write!(s, "\n  {:<10}{bits:<9}{v:>6}  {}", f.name, f.about);
    }
    if let Some(vs) = info.virt_copy().and_then(csr::info) {
        let vv = h.csr_peek(vs.number()).unwrap_or(0);
        let _ = write!(
            s,
            "\n  with V=1, {} reaches {} = {vv:#018x}: {}",
            info.name(),
            vs.name(),
            vs.decode(vv)
        );
    }
    if let Some(hs) = csr::all().find(|i| i.virt_copy() == Some(info.number())) {
        let _ = write!(s, "\n  what {} reads as in VS and VU", hs.name());
    }
    Ok(s)
}

/// A group of CSRs for `csrs_view`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CsrGroup {
    /// Machine level (mstatus, medeleg, mtvec, PMP, ...).
    M,
    /// HS | VS side by side, then the HS-only and hypervisor CSRs.
    Hs,
    /// HS | VS side by side, then the hypervisor CSRs.
    Vs,
    /// Everything: M, then HS | VS, then the user-level CSRs.
    All,
}

/// The privilege level in a CSR number (bits 9:8): 0 U, 1 S, 2 H/VS, 3 M.
fn level(i: &Info) -> u16 {
    (i.number() >> 8) & 3
}

/// "name value FIELD=v ..." with only the non-zero fields.
fn cell(h: &Hart, i: &Info) -> String {
    let v = h.csr_peek(i.number()).unwrap_or(0);
    let fields: Vec<String> = i
        .decode(v)
        .iter()
        .filter(|&(_, x)| x != 0)
        .map(|(f, x)| {
            if x > 9 {
                format!("{}={x:#x}", f.name)
            } else {
                format!("{}={x}", f.name)
            }
        })
        .collect();
    let fields = if i.fields().is_empty() {
        String::new()
    } else {
        fields.join(" ")
    };
    format!("{:<14}{v:#018x} {fields}", i.name().to_string())
        .trim_end()
        .to_string()
}

/// The name of `i` without its trailing digits: the family stem of
/// pmpaddr12 or mhpmcounter7 (and of mtval2, a family of one).
fn stem(i: &Info) -> String {
    i.name()
        .to_string()
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .to_string()
}

/// Implemented CSRs at `lvl`; members of numbered families (pmpaddr0-63,
/// mhpmcounter3-31, ...: three or more names sharing a stem) only when
/// non-zero.
fn listed(h: &Hart, lvl: u16) -> impl Iterator<Item = Info> + '_ {
    let numbered = |i: &Info| {
        let s = stem(i);
        s.len() < i.name().to_string().len()
            && csr::all().filter(|j| stem(j) == s).take(3).count() == 3
    };
    csr::all().filter(move |i| {
        i.implemented() && level(i) == lvl && !(h.csr_peek(i.number()) == Some(0) && numbered(i))
    })
}

/// CSRs by group; HS and VS copies side by side (sstatus | vsstatus, ...).
pub fn csrs_view(h: &Hart, g: CsrGroup) -> String {
    let mut out = Vec::new();
    if matches!(g, CsrGroup::M | CsrGroup::All) {
        out.push("-- machine level".to_string());
        out.extend(listed(h, 3).map(|i| cell(h, &i)));
    }
    if g != CsrGroup::M {
        let pairs: Vec<(String, String)> = listed(h, 1)
            .filter_map(|i| Some((cell(h, &i), cell(h, &csr::info(i.virt_copy()?)?))))
            .collect();
        let width = pairs.iter().map(|(l, _)| l.len()).max().unwrap_or(0).max(2);
        out.push(format!(
            "-- {:<width$} | VS (what the guest sees with V=1)",
            "HS"
        ));
        out.extend(pairs.iter().map(|(l, r)| format!("   {l:<width$} | {r}")));
        if g != CsrGroup::Vs {
            out.push("-- HS only".into());
            out.extend(
                listed(h, 1)
                    .filter(|i| i.virt_copy().is_none())
                    .map(|i| cell(h, &i)),
            );
        }
        out.push("-- hypervisor".into());
        let vs_copies: Vec<u16> = csr::all().filter_map(|i| i.virt_copy()).collect();
        out.extend(
            listed(h, 2)
                .filter(|i| !vs_copies.contains(&i.number()))
                .map(|i| cell(h, &i)),
        );
    }
    if g == CsrGroup::All {
        out.push("-- user level".into());
        out.extend(listed(h, 0).map(|i| cell(h, &i)));
    }
    out.join("\n")
}

/// gdb's `x/NFU`: how many units, in which format, of which size.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Fmt {
    /// Units to show (at least 1, at most `Fmt::MAX_COUNT`).
    pub count: u64,
    /// x hex, d signed, u unsigned, o octal, t binary, c char, a address,
    /// i instruction, s string.
    pub format: char,
    /// Bytes per unit: 1 (b), 2 (h), 4 (w), 8 (g).
    pub size: u8,
}

impl Fmt {
    pub const MAX_COUNT: u64 = 4096;
}

impl Default for Fmt {
    /// gdb's default, `x/1xw`.
    fn default() -> Fmt {
        Fmt {
            count: 1,
            format: 'x',
            size: 4,
        }
    }
}

impl FromStr for Fmt {
    type Err = InspectError;
    /// "4xg", "i", "2s", "" (1xw), ... : a count first, then at most one
    /// format letter and one size letter, in either order.
    fn from_str(s: &str) -> Result<Fmt, InspectError> {
        let bad = |m: String| Err(InspectError::BadFormat(m));
        let digits = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let count = match &s[..digits] {
            "" => 1,
            d => match d.parse::<u64>() {
                Ok(n) => n,
                Err(_) => {
                    return bad(format!(
                        "count '{d}' is too large (at most {})",
                        Fmt::MAX_COUNT
                    ))
                }
            },
        };
        if count == 0 || count > Fmt::MAX_COUNT {
            return bad(format!("count must be 1..{} (got {count})", Fmt::MAX_COUNT));
        }
        let (mut format, mut size) = (None, None);
        for c in s[digits..].chars() {
            let (slot, what) = match c {
                'x' | 'd' | 'u' | 'o' | 't' | 'c' | 'a' | 'i' | 's' => (&mut format, "format"),
                'b' | 'h' | 'w' | 'g' => (&mut size, "size"),
                c if c.is_ascii_digit() => return bad(format!("the count comes first in x/{s}")),
                c => {
                    return bad(format!(
                        "unknown letter '{c}' in x/{s} (formats x d u o t c a i s, sizes b h w g)"
                    ))
                }
            };
            if let Some(old) = slot.replace(c) {
                if old != c {
                    return bad(format!("two {what}s in x/{s}: '{old}' and '{c}'"));
                }
            }
        }
        let format = format.unwrap_or('x');
        let size = match (size, format) {
            (Some(c), 'x' | 'd' | 'u' | 'o' | 't' | 'c' | 'a') => {
                [1, 2, 4, 8]["bhwg".find(c).unwrap_or(2)]
            }
            (_, 'a') => 8,
            (_, 'c' | 'i' | 's') => 1,
            (Some(c), _) => [1, 2, 4, 8]["bhwg".find(c).unwrap_or(2)],
            (None, _) => 4,
        };
        Ok(Fmt {
            count,
            format,
            size,
        })
    }
}

/// Reads bytes by address: through the load translation of the current
/// mode, or physically; only memory without read side effects.
struct Reader<'a> {
    h: &'a Hart,
    phys: bool,
    /// The last page translated: (virtual page, physical page).
    page: Option<(u64, u64)>,
}

impl Reader<'_> {
    fn byte(&mut self, va: u64) -> Result<u8, InspectError> {
        let pa = if self.phys {
            va
        } else {
            match self.page {
                Some((vp, pp)) if vp == va & !0xfff => pp | (va & 0xfff),
                _ => {
                    let w = translate::translate(self.h, va, Access::Load, None);
                    let pa = w.pa().ok_or_else(|| InspectError::Memory {
                        addr: va,
                        why: w.why_not().unwrap_or_default(),
                    })?;
                    self.page = Some((va & !0xfff, pa & !0xfff));
                    pa
                }
            }
        };
        peek(self.h, va, pa, 1).map(|v| v as u8)
    }

    fn read(&mut self, va: u64, size: u8) -> Result<u64, InspectError> {
        (0..size as u64).try_fold(0, |v, i| {
            Ok(v | (self.byte(va.wrapping_add(i))? as u64) << (8 * i))
        })
    }
}

/// Physical memory without side effects, or the error for `va`.
fn peek(h: &Hart, va: u64, pa: u64, size: u8) -> Result<u64, InspectError> {
    peek_physical(&h.bus, pa, size).map_err(|e| InspectError::Memory {
        addr: va,
        why: match e {
            PeekError::Nothing => format!("nothing on the bus at PA {pa:#x}"),
            PeekError::Device(d) => {
                format!("PA {pa:#x} is a {d} register: not read (a read may change the device)")
            }
        },
    })
}

/// `x/FMT ADDR`: memory as gdb's `x` shows it. A fault on the first unit
/// is an error; one further on ends the listing with a line saying where.
pub fn examine(m: &Machine, addr: u64, f: &Fmt, phys: bool) -> Result<String, InspectError> {
    let mut r = Reader {
        h: &m.hart,
        phys,
        page: None,
    };
    let mut lines: Vec<String> = Vec::new();
    let stop = |lines: &mut Vec<String>, e: InspectError| -> Result<(), InspectError> {
        if lines.is_empty() {
            return Err(e);
        }
        lines.push(e.to_string());
        Ok(())
    };
    let mut a = addr;
    match f.format {
        'i' => {
            for _ in 0..f.count {
                match inst_at(&mut r, a) {
                    Ok(raw) => {
                        let inst = decode(raw);
                        lines.push(format!("{a:#x}:\t{}", disasm_inst(&inst, a)));
                        a = a.wrapping_add(inst.len as u64);
                    }
                    Err(e) => return stop(&mut lines, e).map(|_| lines.join("\n")),
                }
            }
        }
        's' => {
            for _ in 0..f.count {
                let start = a;
                let mut text = String::new();
                loop {
                    match r.byte(a) {
                        Ok(0) => break,
                        Ok(b) => text.push_str(&escape(b)),
                        Err(e) => return stop(&mut lines, e).map(|_| lines.join("\n")),
                    }
                    a = a.wrapping_add(1);
                    if a - start >= 200 {
                        text.push_str("...");
                        break;
                    }
                }
                a = a.wrapping_add(1);
                lines.push(format!("{start:#x}:\t\"{text}\""));
            }
        }
        _ => {
            let per_line = match (f.format, f.size) {
                ('a', _) | (_, 8) => 2,
                (_, 4) => 4,
                _ => 8,
            };
            let mut line = String::new();
            for k in 0..f.count {
                let v = match r.read(a, f.size) {
                    Ok(v) => v,
                    Err(e) => {
                        if !line.is_empty() {
                            lines.push(std::mem::take(&mut line));
                        }
                        return stop(&mut lines, e).map(|_| lines.join("\n"));
                    }
                };
                if k % per_line == 0 {
                    if !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                    }
                    line = format!("{a:#x}:");
                }
                line.push('\t');
                line.push_str(&unit(v, f));
                a = a.wrapping_add(f.size as u64);
            }
            lines.push(line);
        }
    }
    Ok(lines.join("\n"))
}

/// One unit in format `f`.
fn unit(v: u64, f: &Fmt) -> String {
    let bits = 8 * f.size as u32;
    let signed = ((v << (64 - bits)) as i64) >> (64 - bits);
    match f.format {
        'd' => signed.to_string(),
        'u' => v.to_string(),
        'o' if v == 0 => "0".into(),
        'o' => format!("0{v:o}"),
        't' => format!("{v:0w$b}", w = bits as usize),
        'c' => format!("{signed} '{}'", escape(v as u8)),
        'a' => format!("{v:#x}"),
        _ => format!("{v:#0w$x}", w = 2 + 2 * f.size as usize),
    }
}

/// A byte as C would write it in a string or char literal.
fn escape(b: u8) -> String {
    match b {
        b'\n' => "\\n".into(),
        b'\t' => "\\t".into(),
        b'\r' => "\\r".into(),
        b'"' => "\\\"".into(),
        b'\'' => "\\'".into(),
        b'\\' => "\\\\".into(),
        0x20..=0x7e => (b as char).to_string(),
        _ => format!("\\{b:03o}"),
    }
}

/// The instruction bits at `va` as the reader sees them (16 or 32 bits).
fn inst_at(r: &mut Reader, va: u64) -> Result<u32, InspectError> {
    let lo = r.read(va, 2)? as u32;
    if lo & 3 != 3 {
        return Ok(lo);
    }
    Ok(lo | (r.read(va.wrapping_add(2), 2)? as u32) << 16)
}

/// The 16 bits a fetch at `va` would get now (current mode, no side effect).
fn fetch_half(h: &Hart, va: u64) -> Result<u32, InspectError> {
    let w = translate::translate(h, va, Access::Fetch, None);
    let pa = w.pa().ok_or_else(|| InspectError::Memory {
        addr: va,
        why: w.why_not().unwrap_or_default(),
    })?;
    peek(h, va, pa, 2).map(|v| v as u32)
}

/// The instruction a fetch at `pc` would get, or why not.
fn fetch(h: &Hart, pc: u64) -> Result<u32, InspectError> {
    let lo = fetch_half(h, pc)?;
    if lo & 3 != 3 {
        return Ok(lo);
    }
    Ok(lo | fetch_half(h, pc.wrapping_add(2))? << 16)
}

/// The instruction a fetch at `pc` would get now, in the current mode
/// (16 bits zero-extended for a compressed one), or None if the fetch
/// would fault. No side effects.
pub fn peek_instruction(m: &Machine, pc: u64) -> Option<u32> {
    fetch(&m.hart, pc).ok()
}

/// `count` instructions from `addr`, fetched as the hart would fetch them
/// now; `label` names addresses ("func+0x10"). `=>` marks the pc. A fetch
/// fault on the first is an error; further on it ends the listing.
pub fn disas(
    m: &Machine,
    addr: u64,
    count: u64,
    label: &dyn Fn(u64) -> Option<String>,
) -> Result<String, InspectError> {
    let h = &m.hart;
    let mut lines = Vec::new();
    let mut pc = addr;
    for _ in 0..count.min(Fmt::MAX_COUNT) {
        let raw = match fetch(h, pc) {
            Ok(raw) => raw,
            Err(e) if lines.is_empty() => return Err(e),
            Err(e) => {
                lines.push(e.to_string());
                break;
            }
        };
        let inst = decode(raw);
        let mark = if pc == h.pc() { "=> " } else { "   " };
        let at = label(pc).map(|l| format!(" <{l}>")).unwrap_or_default();
        let bits = if inst.len == 2 {
            format!("{:04x}    ", raw & 0xffff)
        } else {
            format!("{raw:08x}")
        };
        lines.push(format!(
            "{mark}{pc:#018x}{at}:  {bits}  {}",
            disasm_inst(&inst, pc)
        ));
        pc = pc.wrapping_add(inst.len as u64);
    }
    Ok(lines.join("\n"))
}

#[cfg(test)]
mod tests;
