//! `hemu run --gdb`: gdb-multiarch driving the stub on the default boot
//! (stepping over the first sret into VS and back, CSRs, `$priv`, a
//! watchpoint on a guest kernel variable, monitor commands), and raw
//! packets, malformed ones included, over TCP.
//!
//! The gdb-multiarch tests skip with a note when it is not installed,
//! except under CI (`.ci/run` installs it), where they fail.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

const HEMU: &str = env!("CARGO_BIN_EXE_hemu");

/// A `hemu run --gdb 0 ...` child, its address, and its stderr lines.
struct Stub {
    child: Child,
    addr: String,
    stderr: Receiver<String>,
}

impl Stub {
    fn start(args: &[&str]) -> Stub {
        let mut child = Command::new(HEMU)
            .args(["run", "--gdb", "0"])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("hemu runs");
        let (tx, rx) = channel();
        let err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let first = rx.recv_timeout(Duration::from_secs(30)).expect("hemu says where it listens");
        let addr = first.strip_prefix("hemu: gdb listening on ").unwrap_or_else(|| panic!("{first}")).to_string();
        Stub { child, addr, stderr: rx }
    }

    /// Wait for the process to end; its status and the rest of stderr.
    fn finish(mut self) -> (std::process::ExitStatus, String) {
        let t0 = Instant::now();
        let status = loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                break s;
            }
            if t0.elapsed() > Duration::from_secs(60) {
                let _ = self.child.kill();
                panic!("hemu did not exit");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut rest = String::new();
        while let Ok(l) = self.stderr.recv_timeout(Duration::from_millis(500)) {
            rest.push_str(&l);
            rest.push('\n');
        }
        (status, rest)
    }
}

impl Drop for Stub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn have_gdb() -> bool {
    let ok = Command::new("gdb-multiarch").arg("--version").output().is_ok_and(|o| o.status.success());
    if !ok {
        assert!(std::env::var_os("CI").is_none(), "CI installs gdb-multiarch (.ci/run)");
        eprintln!("gdb-multiarch not installed: skipping (apt-get install gdb-multiarch)");
    }
    ok
}

/// The embedded images as ELF files, in a directory of this test's own.
fn images(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hemu-gdb-{tag}-{}", std::process::id()));
    let o = Command::new(HEMU).args(["images", "--out"]).arg(&dir).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    dir
}

/// gdb-multiarch -batch with these commands (each an -ex), connected to
/// `stub` with the hypervisor's symbols.
fn gdb(stub: &Stub, dir: &std::path::Path, cmds: &[String]) -> String {
    let mut c = Command::new("gdb-multiarch");
    c.args(["-nx", "-batch", "-ex", "set pagination off", "-ex", "set confirm off"]);
    c.arg("-ex").arg(format!("file {}", dir.join("hypervisor.elf").display()));
    c.arg("-ex").arg(format!("target remote {}", stub.addr));
    for cmd in cmds {
        c.arg("-ex").arg(cmd);
    }
    // One file for stdout and stderr keeps gdb's own lines and the
    // monitor's (which gdb writes to stderr) in order.
    let log = dir.join(format!("gdb-{}.log", cmds.len()));
    let f = std::fs::File::create(&log).unwrap();
    // (Its status says only whether the last command, `kill`, failed,
    // which it does when the stub closes the connection.)
    c.stdin(Stdio::null()).stdout(f.try_clone().unwrap()).stderr(f).status().unwrap();
    std::fs::read_to_string(&log).unwrap()
}

/// The value gdb printed after `echo TAG=` (`$N = VALUE`).
fn value<'a>(out: &'a str, tag: &str) -> &'a str {
    let at = out.find(&format!("{tag}=$")).unwrap_or_else(|| panic!("no {tag} in:\n{out}"));
    let line = out[at..].lines().next().unwrap();
    line.split(" = ").nth(1).unwrap_or_else(|| panic!("{line}")).trim()
}

/// `echo TAG=` then `p/x EXPR` (or `p EXPR` for `p` formats).
fn show(tag: &str, fmt: &str, expr: &str) -> [String; 2] {
    [format!("echo {tag}="), format!("p{fmt} {expr}")]
}

/// The registers the sret test compares, each after `echo {prefix}_NAME=`.
fn at_sret(prefix: &str) -> Vec<String> {
    [("pc", "/x"), ("hstatus", "/x"), ("sepc", "/x"), ("priv", "")]
        .iter()
        .flat_map(|(r, f)| show(&format!("{prefix}_{r}"), f, &format!("${r}")))
        .collect()
}

fn hemu_debug(cmds: &[&str]) -> String {
    let mut c = Command::new(HEMU);
    c.args(["debug", "--batch"]);
    for cmd in cmds {
        c.args(["-ex", cmd]);
    }
    let o: Output = c.output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// `hstatus (0x600) = 0x0000000200200180 ...` -> 0x200200180, the n-th time.
fn debug_csr(out: &str, name: &str, nth: usize) -> String {
    let line = out.lines().filter(|l| l.starts_with(&format!("{name} ("))).nth(nth).unwrap_or_else(|| panic!("{out}"));
    let v = line.split(" = ").nth(1).unwrap().split_whitespace().next().unwrap();
    format!("{:#x}", u64::from_str_radix(v.trim_start_matches("0x"), 16).unwrap())
}

#[test]
fn stepi_over_the_first_sret_into_vs_and_back() {
    if !have_gdb() {
        return;
    }
    // Where `hemu debug` says the first sret into the guest is, and the
    // CSRs before and after it.
    let dbg = hemu_debug(&["until sret", "csr hstatus", "csr sepc", "si", "csr hstatus", "csr sepc"]);
    let stop = dbg.lines().find(|l| l.contains("  10200073  sret") && l.starts_with("[step ")).unwrap();
    let sret = stop.split_whitespace().nth(3).unwrap();
    let sret = format!("{:#x}", u64::from_str_radix(sret.trim_start_matches("0x"), 16).unwrap());
    let dir = images("sret");
    // The guest kernel's BOOT_TIME, by the name GDB gives it: its ELF has
    // no debug information for variables, so GDB knows it as a minimal
    // symbol, demangled with its hash (`guest::timer::BOOT_TIME::h0123...`).
    let boot_time = {
        let elf = std::fs::read(dir.join("guest.elf")).unwrap();
        let elf = goblin::elf::Elf::parse(&elf).unwrap();
        let mangled = elf
            .syms
            .iter()
            .filter_map(|s| elf.strtab.get_at(s.st_name))
            .find(|n| n.starts_with("_ZN5guest5timer9BOOT_TIME17h"))
            .expect("the guest's BOOT_TIME")
            .to_string();
        let hash = mangled.trim_start_matches("_ZN5guest5timer9BOOT_TIME17").trim_end_matches('E');
        format!("guest::timer::BOOT_TIME::{hash}")
    };

    let stub = Stub::start(&["--gdb-wait"]);
    let mut cmds: Vec<String> =
        vec!["break run_guest".into(), "continue".into(), format!("tbreak *{sret}"), "continue".into()];
    cmds.push("x/i $pc".into());
    cmds.extend(at_sret("A"));
    cmds.push("stepi".into());
    cmds.extend(at_sret("B"));
    cmds.push("info registers csr".into());
    cmds.push("reverse-stepi".into());
    cmds.extend(at_sret("C"));
    // Into the guest again, its symbols, and a watchpoint on its kernel's
    // boot time, which the kernel writes (in VS) soon after.
    cmds.push("stepi".into());
    cmds.push(format!("add-symbol-file {}", dir.join("guest.elf").display()));
    cmds.push("info symbol $pc".into());
    cmds.push("delete".into());
    cmds.push(format!("watch *(long *)&'{boot_time}'"));
    cmds.push("continue".into());
    cmds.extend(show("D_priv", "", "$priv"));
    cmds.extend(show("D_pc", "/x", "$pc"));
    cmds.push("x/i $pc - 4".into());
    cmds.push("kill".into());
    let out = gdb(&stub, &dir, &cmds);

    // Where the hypervisor's ELF says run_guest is (it moves as the hypervisor changes).
    let run_guest = {
        let elf = std::fs::read(dir.join("hypervisor.elf")).unwrap();
        let elf = goblin::elf::Elf::parse(&elf).unwrap();
        let sym = elf.syms.iter().find(|s| elf.strtab.get_at(s.st_name).is_some_and(|n| n.contains("run_guest")));
        sym.expect("run_guest in the hypervisor").st_value
    };
    assert!(out.contains(&format!("Breakpoint 1, {run_guest:#018x} in run_guest")), "{out}");
    assert!(out.contains(":\tsret"), "{out}");
    assert_eq!(value(&out, "A_pc"), sret, "{out}");
    assert_eq!(value(&out, "A_priv"), "1", "HS: {out}");
    assert_eq!(value(&out, "A_hstatus"), debug_csr(&dbg, "hstatus", 0));
    assert_eq!(value(&out, "A_sepc"), debug_csr(&dbg, "sepc", 0));
    // stepi over sret stops on the guest's first instruction, in VS.
    assert_eq!(value(&out, "B_priv"), "5", "VS: {out}");
    assert_eq!(value(&out, "B_pc"), "0x90000000");
    assert_eq!(value(&out, "B_hstatus"), debug_csr(&dbg, "hstatus", 1));
    assert_eq!(value(&out, "B_sepc"), debug_csr(&dbg, "sepc", 1));
    for csr in ["vsstatus", "hgatp", "hstatus", "vsatp", "mstatus"] {
        assert!(out.lines().any(|l| l.starts_with(&format!("{csr} "))), "info registers csr lists {csr}: {out}");
    }
    // reverse-stepi: the sret again, with the same CSRs.
    for what in ["pc", "hstatus", "sepc", "priv"] {
        assert_eq!(value(&out, &format!("C_{what}")), value(&out, &format!("A_{what}")), "{what}: {out}");
    }
    assert!(out.contains("_start in section .text of ") && out.contains("guest.elf"), "guest symbols: {out}");
    assert!(out.contains(&format!("Hardware watchpoint 3: *(long *)&'{boot_time}'")), "{out}");
    assert!(out.contains("Old value = 0\nNew value = "), "{out}");
    assert_eq!(value(&out, "D_priv"), "5", "the watchpoint stops in VS: {out}");
    // Right after the store, as a hardware watchpoint reports it.
    let store =
        out.lines().find(|l| l.contains(":\tsd\t")).unwrap_or_else(|| panic!("the store before the stop: {out}"));
    assert!(store.contains("timer::init") || store.contains("kmain"), "{store}");
    let (status, err) = stub.finish();
    assert!(status.success(), "{err}");
    assert!(err.contains("hemu: killed by gdb"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn monitor_commands_print_what_hemu_debug_prints() {
    if !have_gdb() {
        return;
    }
    let dbg = hemu_debug(&["break guest_exit", "c", "explain", "transitions 3", "csrs vs", "translate $sp"]);
    let reply = |cmd: &str| -> String {
        let start = dbg.find(&format!("(hemu) {cmd}\n")).unwrap() + 8 + cmd.len();
        let rest = &dbg[start..];
        rest[..rest.find("(hemu) ").unwrap_or(rest.len())].trim_end().to_string()
    };
    let dir = images("monitor");
    let stub = Stub::start(&["--gdb-wait"]);
    let cmds: Vec<String> = [
        "break guest_exit",
        "continue",
        "monitor explain",
        "echo ----\\n",
        "monitor transitions 3",
        "echo ----\\n",
        "monitor csrs vs",
        "echo ----\\n",
        "monitor translate $sp",
        "echo ----\\n",
        "monitor frobnicate",
        "echo ----\\n",
        "monitor until sret",
        "maint flush register-cache",
        "x/i $pc",
        "kill",
    ]
    .map(String::from)
    .to_vec();
    let out = gdb(&stub, &dir, &cmds);
    let parts: Vec<&str> = out.split("----\n").collect();
    assert!(parts.len() >= 6, "{out}");
    assert!(parts[0].trim_end().ends_with(&reply("explain")), "explain:\n{}\nvs\n{}", parts[0], reply("explain"));
    assert_eq!(parts[1].trim_end(), reply("transitions 3"));
    assert_eq!(parts[2].trim_end(), reply("csrs vs"));
    assert_eq!(parts[3].trim_end(), reply("translate $sp"));
    assert!(parts[4].contains("error: unknown monitor command 'frobnicate'"), "{}", parts[4]);
    assert!(parts[5].contains("Stopped: before sret"), "{}", parts[5]);
    assert!(parts[5].contains(":\tsret"), "after flushing, gdb sees the new pc: {}", parts[5]);
    let (status, err) = stub.finish();
    assert!(status.success() && !err.contains("panicked"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn reverse_continue_goes_back_to_the_previous_breakpoint() {
    if !have_gdb() {
        return;
    }
    let dir = images("rc");
    let stub = Stub::start(&["--gdb-wait"]);
    // A hardware breakpoint this time: the same probe, reported as hwbreak.
    let mut cmds: Vec<String> = ["hbreak guest_exit", "continue"].map(String::from).to_vec();
    cmds.extend(show("A_ra", "/x", "$ra"));
    cmds.extend(show("A_sepc", "/x", "$sepc"));
    cmds.push("continue".into());
    cmds.extend(show("B_sepc", "/x", "$sepc"));
    cmds.push("reverse-continue".into());
    cmds.extend(show("C_ra", "/x", "$ra"));
    cmds.extend(show("C_sepc", "/x", "$sepc"));
    cmds.push("kill".into());
    let out = gdb(&stub, &dir, &cmds);
    assert_ne!(value(&out, "A_sepc"), value(&out, "B_sepc"), "two different guest exits: {out}");
    assert_eq!(value(&out, "C_sepc"), value(&out, "A_sepc"), "{out}");
    assert_eq!(value(&out, "C_ra"), value(&out, "A_ra"), "{out}");
    assert_eq!(out.matches("Breakpoint 1, 0x").count(), 3, "{out}");
    let (status, err) = stub.finish();
    assert!(status.success() && !err.contains("panicked"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

// ----- raw packets

fn packet(body: &[u8]) -> Vec<u8> {
    let sum = body.iter().fold(0u8, |s, b| s.wrapping_add(*b));
    let mut p = vec![b'$'];
    p.extend_from_slice(body);
    p.extend_from_slice(format!("#{sum:02x}").as_bytes());
    p
}

/// Send one packet and read the reply's body (acks skipped).
fn ask(s: &mut TcpStream, body: &str) -> std::io::Result<String> {
    s.write_all(&packet(body.as_bytes()))?;
    read_reply(s)
}

fn read_reply(s: &mut TcpStream) -> std::io::Result<String> {
    let mut body = Vec::new();
    let mut b = [0u8];
    loop {
        s.read_exact(&mut b)?;
        if b[0] == b'$' {
            break;
        }
    }
    loop {
        s.read_exact(&mut b)?;
        if b[0] == b'#' {
            break;
        }
        body.push(b[0]);
    }
    let mut sum = [0u8; 2];
    s.read_exact(&mut sum)?;
    s.write_all(b"+")?;
    // Run-length encoding: `X*N` is X and N - 29 more of it.
    let mut out = Vec::new();
    let mut i = 0;
    while i < body.len() {
        if body[i] == b'*' && i + 1 < body.len() {
            let last = out.last().copied().unwrap_or(b'0');
            out.extend(std::iter::repeat_n(last, (body[i + 1] - 29) as usize));
            i += 2;
        } else {
            out.push(body[i]);
            i += 1;
        }
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

fn connect(addr: &str) -> TcpStream {
    let s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s
}

#[test]
fn malformed_packets_end_the_session_not_the_machine() {
    let stub = Stub::start(&["--gdb-wait"]);
    let mut s = connect(&stub.addr);
    let regs = ask(&mut s, "g").unwrap();
    let pc = ask(&mut s, "p20").unwrap();
    let hstatus = ask(&mut s, &format!("p{:x}", 65 + 0x600)).unwrap();
    assert_eq!(pc, "0010000000000000", "at the boot ROM");

    // Malformed and hostile packets: bad checksums, bad hex, huge lengths,
    // numbers out of range, unknown commands, truncated packets, raw junk.
    let mut bad: Vec<Vec<u8>> = [
        "m",
        "mzz,4",
        "mffffffffffffffff,ffffffff",
        "m0,ffffffffffffffff",
        "p",
        "pzz",
        "p99999999999999999999",
        "p1042",
        "P20=",
        "P20=zz",
        "Pfffffff=00",
        "G00",
        "Gzz",
        "M0,4:zz",
        "X0,4:",
        "Z0,zz,4",
        "Z9,0,0",
        "z2,0,0",
        "Z2,0,0",
        "Z2,fffffffffffffff0,100",
        "Z1,ffffffffffffffff,4",
        "qXfer:features:read:target.xml:ffffffffffff,ffffffffffff",
        "qXfer:features:read:nosuch.xml:0,10",
        "qRcmd,zz",
        "qRcmd,",
        "qRcmd,66726f62",
        "vCont;x",
        "vCont;s:zz",
        "vMustReplyEmpty",
        "H",
        "Hgzz",
        "T",
        "?zz",
        "qSupported:xmlRegisters=i386;multiprocess+;",
        "bx",
        "x",
    ]
    .iter()
    .map(|b| packet(b.as_bytes()))
    .collect();
    bad.push(b"$g#00".to_vec()); // bad checksum
    bad.push(b"$m0,4".to_vec()); // never ends
    bad.push([b"$".to_vec(), vec![b'a'; 100_000], b"#00".to_vec()].concat()); // too long
                                                                              // Deterministic random junk (xorshift).
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..40 {
        let mut junk = Vec::new();
        for _ in 0..(x % 200) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            junk.push(x as u8);
        }
        bad.push(junk);
    }
    let mut sessions = 1;
    for b in &bad {
        // Send, then see whether the session still answers; if it ended,
        // the machine waits for the next client.
        let alive = s.write_all(b).is_ok() && {
            let _ = s.write_all(&packet(b"?"));
            let _ = s.set_read_timeout(Some(Duration::from_millis(500)));
            let mut buf = [0u8; 4096];
            matches!(s.read(&mut buf), Ok(n) if n > 0)
        };
        if !alive {
            s = connect(&stub.addr);
            sessions += 1;
        }
        // Drain whatever is left of replies from this round.
        let _ = s.set_read_timeout(Some(Duration::from_millis(50)));
        let mut buf = [0u8; 65536];
        while matches!(s.read(&mut buf), Ok(n) if n > 0) {}
        let _ = s.set_read_timeout(Some(Duration::from_secs(20)));
    }
    // A clean session: the machine is where it was, untouched.
    drop(s);
    let mut s = connect(&stub.addr);
    assert_eq!(ask(&mut s, "g").unwrap(), regs, "registers kept");
    assert_eq!(ask(&mut s, "p20").unwrap(), pc);
    assert_eq!(ask(&mut s, &format!("p{:x}", 65 + 0x600)).unwrap(), hstatus);
    // And it still runs: a step from the boot ROM's first instruction.
    let step = ask(&mut s, "s").unwrap();
    assert!(step.starts_with("S05") || step.starts_with("T05"), "{step}");
    assert_eq!(ask(&mut s, "p20").unwrap(), "0410000000000000", "one step on");
    s.write_all(&packet(b"k")).unwrap();
    let (status, err) = stub.finish();
    assert!(status.success(), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    eprintln!("{sessions} sessions; hemu said:\n{err}");
}

#[test]
fn ctrl_c_stops_a_running_machine() {
    // --realtime: the guest's timer waits take host time (about 3 s in
    // all), so the interrupt surely comes before the end.
    let stub = Stub::start(&["--gdb-wait", "--realtime"]);
    let mut s = connect(&stub.addr);
    s.write_all(&packet(b"c")).unwrap();
    std::thread::sleep(Duration::from_millis(50));
    s.write_all(&[0x03]).unwrap();
    let stop = read_reply(&mut s).unwrap();
    assert!(stop.starts_with("T02") || stop.starts_with("S02"), "SIGINT: {stop}");
    let pc = u64::from_le_bytes(hex8(&ask(&mut s, "p20").unwrap()));
    assert_ne!(pc, 0x1000, "it ran");
    // Detaching lets the machine run on to power off: its exit status.
    assert_eq!(ask(&mut s, "D").unwrap(), "OK");
    let (status, err) = stub.finish();
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(err.contains("hemu: gdb detached; the machine runs on"), "{err}");
}

fn hex8(s: &str) -> [u8; 8] {
    let mut b = [0u8; 8];
    for (i, v) in b.iter_mut().enumerate() {
        *v = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap();
    }
    b
}

#[test]
fn a_client_that_disappears_while_running_leaves_the_machine_stopped() {
    let stub = Stub::start(&["--gdb-wait"]);
    let mut s = connect(&stub.addr);
    s.write_all(&packet(b"c")).unwrap();
    std::thread::sleep(Duration::from_millis(50));
    drop(s);
    // The next client finds it stopped where the first left it, and can
    // run it to power off: the guest's exit status, reported as W.
    let mut s = connect(&stub.addr);
    let pc = u64::from_le_bytes(hex8(&ask(&mut s, "p20").unwrap()));
    assert_ne!(pc, 0x1000, "it ran");
    assert_eq!(ask(&mut s, "p20").unwrap(), format!("{:016x}", pc.swap_bytes()), "and stays stopped");
    assert_eq!(ask(&mut s, "c").unwrap(), "W00");
    let (status, err) = stub.finish();
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(err.contains("hemu: gdb session ended: "), "{err}");
}

#[test]
fn without_gdb_wait_the_machine_runs_until_a_client_attaches() {
    // --realtime: the run takes about 3 s of host time, so the client
    // attaches in the middle of it.
    let stub = Stub::start(&["--realtime"]);
    std::thread::sleep(Duration::from_millis(300));
    let mut s = connect(&stub.addr);
    let stop = ask(&mut s, "?").unwrap();
    assert!(stop.starts_with('S') || stop.starts_with('T'), "stopped: {stop}");
    let pc = u64::from_le_bytes(hex8(&ask(&mut s, "p20").unwrap()));
    assert_ne!(pc, 0x1000, "it ran before the client came");
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(u64::from_le_bytes(hex8(&ask(&mut s, "p20").unwrap())), pc, "and stopped when it came");
    s.write_all(&packet(b"k")).unwrap();
    let (status, err) = stub.finish();
    assert!(status.success() && err.contains("hemu: killed by gdb"), "{err}");
}

#[test]
fn ctrl_c_stops_a_run_that_watches_memory() {
    // A memory watch makes the session go one recorded step at a time;
    // the run still looks at the connection every few milliseconds.
    let stub = Stub::start(&["--gdb-wait"]);
    let mut s = connect(&stub.addr);
    assert_eq!(ask(&mut s, "Z2,80ff0000,8").unwrap(), "OK");
    s.write_all(&packet(b"c")).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let t0 = Instant::now();
    s.write_all(&[0x03]).unwrap();
    let stop = read_reply(&mut s).unwrap();
    assert!(stop.starts_with("T02") || stop.starts_with("S02"), "SIGINT: {stop}");
    assert!(t0.elapsed() < Duration::from_secs(2), "promptly: {:?}", t0.elapsed());
    s.write_all(&packet(b"k")).unwrap();
    let (status, err) = stub.finish();
    assert!(status.success(), "{err}");
}

#[test]
fn a_watchpoint_fires_on_the_access_a_single_step_makes() {
    // The boot ROM's fourth instruction, `ld a1,32(t0)`, reads 0x1020.
    let stub = Stub::start(&["--gdb-wait"]);
    let mut s = connect(&stub.addr);
    for _ in 0..3 {
        ask(&mut s, "s").unwrap();
    }
    assert_eq!(ask(&mut s, "p20").unwrap(), "0c10000000000000");
    assert_eq!(ask(&mut s, "Z3,1020,8").unwrap(), "OK");
    let stop = ask(&mut s, "s").unwrap();
    assert!(stop.starts_with("T05") && stop.contains("rwatch:1020;"), "{stop}");
    assert_eq!(ask(&mut s, "p20").unwrap(), "0c10000000000000", "stopped before the load, as hardware does");
    // GDB then removes the watchpoint and steps over the load itself.
    assert_eq!(ask(&mut s, "z3,1020,8").unwrap(), "OK");
    assert!(ask(&mut s, "s").unwrap().starts_with('S'));
    assert_eq!(ask(&mut s, "p20").unwrap(), "1010000000000000");
    assert_eq!(ask(&mut s, "pb").unwrap(), "0000e09f00000000", "a1 = the device tree address");
    s.write_all(&packet(b"k")).unwrap();
    let (status, err) = stub.finish();
    assert!(status.success(), "{err}");
}
