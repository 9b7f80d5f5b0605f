//! `hemu debug` driven by scripts, as tests and lab handouts drive it:
//! every command, every error path (one line, the session goes on, the
//! exit status says a command failed), and going back over the first
//! sret into the guest.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn hemu_debug(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hemu"))
        .arg("debug")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hemu runs");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The reply to the command `cmd` (the lines after its prompt line, up to
/// the next prompt).
fn reply<'a>(out: &'a str, cmd: &str) -> &'a str {
    let start = out.find(&format!("(hemu) {cmd}\n")).unwrap_or_else(|| panic!("no '{cmd}' in:\n{out}"));
    let rest = &out[start + 8 + cmd.len()..];
    &rest[..rest.find("(hemu) ").unwrap_or(rest.len())]
}

#[test]
fn the_first_sret_into_the_guest_and_back() {
    let script = "until sret\ncsr hstatus\nstepi\nmode\nregs\nreverse-stepi\nmode\nstepi\n";
    let path = std::env::temp_dir().join(format!("hemu-debug-{}.txt", std::process::id()));
    std::fs::write(&path, script).unwrap();
    let o = hemu_debug(&["--batch", "--script", path.to_str().unwrap()], "");
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    assert!(out.starts_with("[step 0] M 0x0000000000001000"), "{out}");
    let stop = reply(&out, "until sret");
    assert!(stop.contains("Stopped: before sret") && stop.contains("HS 0x"), "{stop}");
    let hs = reply(&out, "csr hstatus");
    let spv = hs.lines().find(|l| l.trim_start().starts_with("SPV ")).unwrap_or_else(|| panic!("{hs}"));
    assert!(spv.contains("[7]") && spv.split_whitespace().nth(2) == Some("1"), "{spv}");
    let step = reply(&out, "stepi");
    assert!(step.contains("HS -> VS  pc 0x90000000"), "{step}");
    assert!(step.contains("why: sret read sstatus.SPP=1") && step.contains("hstatus.SPV=1"), "{step}");
    assert!(out.contains("(hemu) mode\nVS: virtual supervisor mode"), "{out}");
    let back = reply(&out, "reverse-stepi");
    assert!(back.contains("HS 0x") && back.contains("sret"), "{back}");
    // After going back, the mode is HS again, and stepping again enters VS.
    assert_eq!(out.matches("(hemu) mode\nHS:").count(), 1, "{out}");
    assert_eq!(out.matches("HS -> VS  pc 0x90000000").count(), 2, "{out}");
    let _ = std::fs::remove_file(path);
}

#[test]
fn every_command_answers() {
    let cmds = [
        "help",
        "help stepi",
        "si 3",
        "nt",
        "until mret",
        "break guest_exit",
        "info breakpoints",
        "c",
        "delete 1",
        "watch csr sepc",
        "c",
        "delete 2",
        "watch mem 0x80200000 8 w",
        "delete",
        "until mode VS",
        "regs",
        "fregs",
        "csr vsstatus",
        "csrs vs",
        "csrs all",
        "x/4xw $pc",
        "x/2i $pc",
        "x/2xg phys 0x80000000",
        "translate $pc",
        "disas",
        "mode",
        "explain",
        "transitions 3",
        "until trap 10",
        "input hi there\\n",
        "rsi 2",
        "rc",
        "quit",
    ];
    let o = hemu_debug(&["--batch"], &cmds.join("\n"));
    // --batch ignores stdin: nothing but the location.
    assert_eq!(text(&o).lines().count(), 1);
    let args: Vec<String> = cmds.iter().flat_map(|c| ["-ex".to_string(), c.to_string()]).collect();
    let args: Vec<&str> = args.iter().map(|s| s.as_str()).collect();
    let o = hemu_debug(&args, "");
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    assert!(!out.contains("error:"), "{out}");
    assert!(reply(&out, "help").contains("reverse-stepi"));
    assert!(reply(&out, "break guest_exit").contains("<guest_exit>"), "{out}");
    assert!(reply(&out, "info breakpoints").contains("<guest_exit>"));
    assert!(out.contains("Breakpoint 1\n[step"), "{out}");
    assert!(out.contains("Watch 2: sepc: 0x"), "{out}");
    assert!(reply(&out, "until mode VS").contains("Stopped: entered VS"), "{out}");
    assert!(reply(&out, "regs").contains("ra"));
    assert!(reply(&out, "csr vsstatus").contains("SPP"));
    assert!(reply(&out, "translate $pc").contains("0x"), "{out}");
    assert!(reply(&out, "until trap 10").contains("environment call from VS-mode"), "{out}");
    assert!(reply(&out, "explain").contains("why:"), "{out}");
    assert!(reply(&out, "input hi there\\n").starts_with("9 bytes typed into the UART at step "), "{out}");
}

#[test]
fn bad_commands_print_one_line_and_the_session_goes_on() {
    let bad = [
        "frobnicate",
        "stepi many",
        "until",
        "until nowhere",
        "break",
        "break no_such_symbol",
        "delete 99",
        "watch csr nosuchcsr",
        "watch mem",
        "csr nosuchcsr",
        "x/4q $pc",
        "x/4xw 0x5",
        "translate",
        "disas no_such_symbol",
        "help nosuchcommand",
        "info",
        "until step 0",
        "input",
        "input a\\q",
        "input \\x4",
    ];
    let mut input = String::new();
    for b in bad {
        input.push_str(b);
        input.push('\n');
    }
    input.push_str("si\n");
    let o = hemu_debug(&[], &input);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    for b in bad {
        let r = reply(&out, b);
        assert_eq!(r.lines().count(), 1, "'{b}' answered:\n{r}");
        assert!(r.starts_with("error: ") || r.starts_with("Reached the start"), "'{b}' answered: {r}");
    }
    // The session went on: the last step ran.
    assert!(reply(&out, "si").contains("[step 1]"), "{out}");
}
