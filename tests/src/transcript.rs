//! The deterministic part of a hypervisor run's console transcript.
//!
//! A run prints the firmware's banner, then the hypervisor's `[hv] ...`
//! lines and the guests' `[g0] ...`/`[g1] ...` lines. Across platforms
//! (hemu with our firmware, hemu with OpenSBI, QEMU) and timings, these
//! parts are *not* the same, for reasons that have nothing to do with
//! correctness:
//!
//! * the firmware banner and the hypervisor's description of it (SBI version,
//!   implementation, DBCN), and everything that depends on the firmware's
//!   memory layout (where the device tree is, hence the frame allocator's
//!   range and the G-stage root tables in hgatp);
//! * the device tree's ISA string (QEMU lists Zb* and no Zicntr/Svadu);
//! * how the two guests' lines interleave, where each guest's tasks are
//!   preempted (a task's lines interleave with the next task's), where the
//!   guest's first "timer interrupt in VU-mode" lands, which guest hits a
//!   first-time event first (the hypervisor reports those once), and the
//!   exit counts: all follow from when timer interrupts fall.
//!
//! What *is* deterministic, and what [`Transcript`] keeps:
//!
//! * the hypervisor's boot lines (before it first enters a guest: up to its
//!   first `lab1:` line or the first guest line), in order (minus the
//!   firmware- and layout-specific values above);
//! * the set of hypervisor lines after that (with the guest number removed
//!   from first-time events, and without the exit counts), sorted;
//! * for each guest: its kernel's own lines in order, and for each app its
//!   lines in order (the app's output and the kernel's lines about that task).

use std::collections::BTreeMap;

/// The apps the guest kernel runs (guest/src/apps), which prefix their lines
/// with `name: ` and which the kernel names as `task N (name)`.
pub const APPS: [&str; 6] = ["hello", "spin", "cpu_bound", "illegal", "store_kernel", "read_line"];

/// Guest kernel lines whose position depends on timing: kept apart, unordered.
const TIMING_KERNEL_LINES: [&str; 1] = ["[kernel] timer interrupt in VU-mode"];

/// A guest's lines, split into streams whose order is deterministic.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GuestLines {
    /// The kernel's own lines (not about one task), in order.
    pub kernel: Vec<String>,
    /// Per app: its output and the kernel's lines about its task, in order.
    pub tasks: BTreeMap<String, Vec<String>>,
    /// Lines whose position depends on timing, sorted.
    pub timing: Vec<String>,
}

/// The normalized, deterministic form of a hypervisor run's transcript.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Transcript {
    /// `[hv]` lines printed before the first guest entry, in order.
    pub hv_boot: Vec<String>,
    /// `[hv]` lines printed once guests run (the first is a `lab1:` line
    /// about the first guest exit), sorted.
    pub hv_events: Vec<String>,
    /// Per guest prefix (`[g0]`, `[g1]`).
    pub guests: BTreeMap<String, GuestLines>,
    /// Lines after the banner that are neither `[hv]` nor `[gN]`.
    pub other: Vec<String>,
}

/// The part of the console output from the hypervisor's first line on
/// (everything after the firmware's banner).
pub fn after_banner(output: &str) -> &str {
    match output.find("[hv] ") {
        Some(i) => &output[i..],
        None => "",
    }
}

/// The guest prefix (`[g0]`) and the rest of a guest line.
fn guest_line(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix("[g")?;
    let close = rest.find("] ")?;
    if close == 0 || !rest[..close].bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((&line[..close + 3], &rest[close + 2..]))
}

/// Which app a guest line is about, if any.
fn app_of(text: &str) -> Option<&'static str> {
    APPS.iter().copied().find(|app| {
        text.strip_prefix(app).is_some_and(|r| r.starts_with(": "))
            || (text.starts_with("[kernel] task ") && text.contains(&format!(" ({app}) ")))
    })
}

/// Cut `line` after the first occurrence of `marker` (which is kept).
fn cut_after(line: &str, marker: &str) -> Option<String> {
    line.find(marker).map(|i| line[..i + marker.len()].to_string())
}

/// Replace the guest number after the first "guest " with "?".
fn hide_guest_number(line: &str) -> String {
    match line.find("guest ") {
        Some(i) => {
            let start = i + "guest ".len();
            let digits = line[start..].bytes().take_while(u8::is_ascii_digit).count();
            format!("{}?{}", &line[..start], &line[start + digits..])
        }
        None => line.to_string(),
    }
}

/// The normalized form of one `[hv]` line, or None if it carries nothing
/// deterministic (the exit counts).
pub fn normalize_hv(line: &str) -> Option<String> {
    // Timing: how many exits of each kind.
    if line.starts_with("[hv] exit counts:") {
        return None;
    }
    // Firmware layout: where the firmware put the device tree.
    if line.starts_with("[hv] RISC-V teaching hypervisor") {
        return cut_after(line, "device tree at").or(Some(line.to_string()));
    }
    // Firmware identity: SBI version, implementation, and which extensions it has.
    if line.starts_with("[hv] lab0: SBI v") {
        return Some("[hv] lab0: SBI <firmware>".to_string());
    }
    // Platform: the device tree's ISA string differs between hemu and QEMU.
    if line.starts_with("[hv] lab0: RAM ") {
        return cut_after(line, "Hz").or(Some(line.to_string()));
    }
    // Firmware layout: the frame allocator starts after the image or the DTB.
    if line.starts_with("[hv] lab0: frame allocator:") {
        return Some("[hv] lab0: frame allocator:".to_string());
    }
    // Firmware layout: hgatp holds the root table's frame, from the allocator.
    if line.starts_with("[hv] lab4: guest ") && line.contains(", hgatp 0x") {
        return cut_after(line, ", hgatp");
    }
    // Platform: hemu reports the transformed instruction in htinst for an
    // MMIO guest-page fault, QEMU 7.2 writes htinst = 0 (both allowed), so
    // the hypervisor decodes from htinst on one and from HLVX on the other.
    let owned;
    let line = if line.contains("decoded from htinst") || line.contains("decoded from HLVX") {
        owned = line.replace("decoded from htinst", "decoded from <htinst|HLVX>").replace(
            "decoded from HLVX",
            "decoded from <htinst|HLVX>",
        );
        owned.as_str()
    } else {
        line
    };
    // First-time events, reported once for whichever guest hits them first.
    let first_time = [
        ("[hv] lab2: guest ", " from V"),
        ("[hv] lab3: guest ", " set_timer"),
        ("[hv] lab3: host timer interrupt: guest ", "deadline passed"),
        ("[hv] lab4: guest ", " guest-page fault"),
        ("[hv] lab5: guest ", " WFI"),
    ];
    if first_time.iter().any(|(p, c)| line.starts_with(p) && line.contains(c)) {
        return Some(hide_guest_number(line));
    }
    Some(line.to_string())
}

impl Transcript {
    /// Normalize the console output of a run (the banner is skipped).
    pub fn parse(output: &str) -> Transcript {
        let mut t = Transcript::default();
        // Once a guest runs, the hypervisor's lines follow guest exits and timers.
        let mut guests_run = false;
        for raw in after_banner(output).lines() {
            let line = raw.trim_end_matches('\r');
            if line.is_empty() {
                continue;
            }
            if line.starts_with("[hv] ") {
                guests_run |= line.starts_with("[hv] lab1: ");
                if let Some(n) = normalize_hv(line) {
                    if guests_run {
                        t.hv_events.push(n);
                    } else {
                        t.hv_boot.push(n);
                    }
                }
            } else if let Some((guest, text)) = guest_line(line) {
                guests_run = true;
                let g = t.guests.entry(guest.to_string()).or_default();
                if TIMING_KERNEL_LINES.iter().any(|p| text.starts_with(p)) {
                    g.timing.push(text.to_string());
                } else if let Some(app) = app_of(text) {
                    g.tasks.entry(app.to_string()).or_default().push(text.to_string());
                } else {
                    g.kernel.push(text.to_string());
                }
            } else {
                t.other.push(line.to_string());
            }
        }
        t.hv_events.sort();
        for g in t.guests.values_mut() {
            g.timing.sort();
        }
        t
    }

    /// A readable list of the differences from `other` (empty if equal).
    pub fn diff(&self, other: &Transcript, a: &str, b: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut cmp = |what: String, x: &[String], y: &[String]| {
            if x != y {
                let only_x: Vec<_> = x.iter().filter(|l| !y.contains(l)).collect();
                let only_y: Vec<_> = y.iter().filter(|l| !x.contains(l)).collect();
                out.push(format!(
                    "{what} differs:\n  only in {a}: {only_x:#?}\n  only in {b}: {only_y:#?}\n  {a}: {x:#?}\n  {b}: {y:#?}"
                ));
            }
        };
        cmp("hypervisor boot lines".into(), &self.hv_boot, &other.hv_boot);
        cmp("hypervisor event lines".into(), &self.hv_events, &other.hv_events);
        cmp("other lines".into(), &self.other, &other.other);
        let empty = GuestLines::default();
        let names: std::collections::BTreeSet<_> = self.guests.keys().chain(other.guests.keys()).collect();
        for name in names {
            let x = self.guests.get(name).unwrap_or(&empty);
            let y = other.guests.get(name).unwrap_or(&empty);
            cmp(format!("{name} kernel lines"), &x.kernel, &y.kernel);
            cmp(format!("{name} timing-dependent lines"), &x.timing, &y.timing);
            let apps: std::collections::BTreeSet<_> = x.tasks.keys().chain(y.tasks.keys()).collect();
            for app in apps {
                let none = Vec::new();
                cmp(
                    format!("{name} {app} lines"),
                    x.tasks.get(app).unwrap_or(&none),
                    y.tasks.get(app).unwrap_or(&none),
                );
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "banner\n\
[hv] RISC-V teaching hypervisor, HS-mode, hart 0, device tree at 0x9fe00000\n\
[hv] lab0: SBI v2.0 firmware other (impl id 1, version 0x1); TIME=true\n\
[hv] lab4: guest 0: 8 MiB RAM at GPA 0x90000000, 112 KiB image, G-stage Sv39x4, hgatp 0x8000100000080238\n\
[hv] lab1: first VS ecall\n\
[g0] [kernel] guest 0 booting\n\
[g0] hello: hi\n\
[g1] [kernel] guest 1 booting\n\
[g0] [kernel] timer interrupt in VU-mode (VSTIP): preempting the running task\n\
[hv] lab5: guest 1 WFI -> virtual-instruction exception\n\
[g0] spin: spinning\n\
[g0] [kernel] task 1 (hello) exited with code 0\n\
[hv] exit counts: SBI calls=1;\n";

    #[test]
    fn splits_a_transcript_into_deterministic_streams() {
        let t = Transcript::parse(SAMPLE);
        assert_eq!(
            t.hv_boot,
            [
                "[hv] RISC-V teaching hypervisor, HS-mode, hart 0, device tree at",
                "[hv] lab0: SBI <firmware>",
                "[hv] lab4: guest 0: 8 MiB RAM at GPA 0x90000000, 112 KiB image, G-stage Sv39x4, hgatp",
            ]
        );
        assert_eq!(
            t.hv_events,
            ["[hv] lab1: first VS ecall", "[hv] lab5: guest ? WFI -> virtual-instruction exception"]
        );
        let g0 = &t.guests["[g0]"];
        assert_eq!(g0.kernel, ["[kernel] guest 0 booting"]);
        assert_eq!(g0.tasks["hello"], ["hello: hi", "[kernel] task 1 (hello) exited with code 0"]);
        assert_eq!(g0.tasks["spin"], ["spin: spinning"]);
        assert_eq!(g0.timing.len(), 1);
        assert_eq!(t.guests["[g1]"].kernel, ["[kernel] guest 1 booting"]);
        assert!(t.other.is_empty());
    }

    #[test]
    fn interleaving_does_not_matter() {
        let a = "[hv] x\n[g0] a\n[g1] b\n[g0] hello: 1\n[g0] spin: 2\n[g0] hello: 3\n";
        let b = "[hv] x\n[g1] b\n[g0] a\n[g0] spin: 2\n[g0] hello: 1\n[g0] hello: 3\n";
        assert_eq!(Transcript::parse(a), Transcript::parse(b));
        let c = "[hv] x\n[g0] a\n[g1] b\n[g0] hello: 3\n[g0] hello: 1\n[g0] spin: 2\n";
        assert_ne!(Transcript::parse(a), Transcript::parse(c));
        assert!(!Transcript::parse(a).diff(&Transcript::parse(c), "a", "c").is_empty());
    }
}
