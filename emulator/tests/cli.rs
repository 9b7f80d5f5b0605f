//! The command line: exit statuses, one-line errors on stderr, stdout
//! carrying only what the machine prints.

use std::process::{Command, Output, Stdio};

fn hemu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hemu"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run hemu")
}

fn tmp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("hemu-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn one_error_line(out: &Output, needle: &str) {
    assert_eq!(out.status.code(), Some(2), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.starts_with("hemu: "), "{err}");
    assert!(err.contains(needle), "'{needle}' in: {err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn missing_file_is_one_line_and_status_2() {
    one_error_line(&hemu(&["run", "--bios", "/nonexistent/fw.elf"]), "/nonexistent/fw.elf");
}

#[test]
fn not_an_elf_and_wrong_class() {
    let junk = tmp("junk.elf");
    std::fs::write(&junk, b"\x7fELF\x01\x01\x01garbage").unwrap();
    one_error_line(&hemu(&["run", "--bios", junk.to_str().unwrap()]), "junk.elf");
    // A text file is not an ELF: as with QEMU's -bios it is loaded as a flat
    // binary; a flat binary that does not fit in RAM is an error.
    let big = tmp("big.bin");
    std::fs::write(&big, vec![0u8; 2 << 20]).unwrap();
    one_error_line(&hemu(&["run", "--memory", "1M", "--bios", big.to_str().unwrap()]), "big.bin");
}

/// Images are regular files no larger than RAM: /dev/zero (endless), a FIFO
/// with no writer (would block forever) and a directory are refused with
/// one line before anything is read, and so is a file larger than RAM.
#[test]
fn non_regular_and_oversized_images_are_refused() {
    let fifo = tmp("no-writer.fifo");
    let _ = std::fs::remove_file(&fifo);
    let made = Command::new("mkfifo").arg(&fifo).status().map(|s| s.success()).unwrap_or(false);
    let mut cases = vec![("/dev/zero".to_string(), "a character device"), ("/tmp".to_string(), "a directory")];
    if made {
        cases.push((fifo.to_str().unwrap().to_string(), "a FIFO"));
    }
    for (file, kind) in &cases {
        for flag in ["--bios", "--kernel"] {
            let out = hemu(&["run", flag, file]);
            one_error_line(&out, &format!("{file}: not a regular file ({kind})"));
        }
    }
    let big = tmp("bigger-than-ram.bin");
    std::fs::write(&big, vec![1u8; (1 << 20) + 1]).unwrap();
    one_error_line(&hemu(&["run", "--memory", "1M", "--bios", big.to_str().unwrap()]), "larger than RAM (1048576 bytes)");
}

#[test]
fn bad_memory_sizes() {
    for m in ["0", "1T", "12Q", "lots"] {
        let out = hemu(&["run", "--memory", m, "--max-instructions", "10"]);
        assert_eq!(out.status.code(), Some(2), "--memory {m}");
        assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    }
}

#[test]
fn test_program_exit_status_is_its_result() {
    let dir = tmp("images");
    let out = hemu(&["images", "--out", dir.to_str().unwrap()]);
    assert!(out.status.success());
    let listed = String::from_utf8_lossy(&out.stdout);
    for f in ["firmware.elf", "hypervisor.elf", "guest.elf", "sbi_hello.elf", "testprogs/rv64ui_alu.elf"] {
        assert!(dir.join(f).exists(), "{f}");
        assert!(listed.contains(f), "{f} listed");
    }
    let prog = dir.join("testprogs/rv64ui_alu.elf");
    let out = hemu(&["run", "--bios", prog.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    // --max-instructions stops a run and says so on stderr, status 3.
    let out = hemu(&["run", "--bios", prog.to_str().unwrap(), "--max-instructions", "5"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--max-instructions"));
    // A kernel alone runs over the embedded firmware: sbi_hello prints on
    // stdout and shuts down with status 0.
    let hello = dir.join("sbi_hello.elf");
    let out = hemu(&["run", "--kernel", hello.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("sbi_hello: all checks passed"), "{stdout}");
    assert!(!stdout.contains("hemu:"), "hemu's own messages stay off stdout");
}

#[test]
fn garbage_image_runs_into_traps_not_panics() {
    // Random bytes as a flat firmware: the hart takes whatever traps it
    // takes; hemu must stop without panicking (here: at the limit, or
    // because it traps on its own trap vector, status 5).
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    let bytes: Vec<u8> = (0..65536)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    let f = tmp("garbage.bin");
    std::fs::write(&f, bytes).unwrap();
    let out = hemu(&["run", "--bios", f.to_str().unwrap(), "--max-instructions", "2000000"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(matches!(out.status.code(), Some(0..=5)), "status {:?}: {err}", out.status.code());
}

#[test]
fn trace_shows_privilege_transitions() {
    let dir = tmp("images2");
    assert!(hemu(&["images", "--out", dir.to_str().unwrap()]).status.success());
    let hello = dir.join("sbi_hello.elf");
    let out = hemu(&["run", "--kernel", hello.to_str().unwrap(), "--trace", "transitions", "--trace-limit", "3"]);
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    // One block per transition: head line, mode change, why, CSRs.
    let mut lines = err.lines();
    let (first, second) = (lines.next().unwrap_or(""), lines.next().unwrap_or(""));
    assert!(first.starts_with("[step ") && first.contains("mret"), "{err}");
    assert!(second.contains("M -> HS  pc 0x80200000"), "{err}");
    assert!(err.contains("why: mret read mstatus.MPP=1"), "{err}");
    assert_eq!(err.lines().filter(|l| l.starts_with("[step ")).count(), 3, "--trace-limit 3: {err}");
}

#[test]
fn trace_out_writes_a_file_and_tracing_changes_nothing_the_guest_sees() {
    let path = tmp("trace-out.txt");
    let plain = hemu(&["run"]);
    let traced = hemu(&["run", "--trace", "transitions", "--trace-out", path.to_str().unwrap()]);
    assert_eq!(plain.status.code(), traced.status.code());
    assert_eq!(plain.stdout, traced.stdout);
    let trace = std::fs::read_to_string(&path).unwrap();
    assert!(trace.lines().filter(|l| l.starts_with("[step ")).count() > 1000);
    assert!(trace.contains("hedeleg[10] is read-only 0"));
    assert!(traced.stderr.is_empty(), "{}", String::from_utf8_lossy(&traced.stderr));
}

/// `--trace instructions`: one line per instruction, with the registers
/// and CSRs it changed (old -> new) and the memory it accessed.
#[test]
fn instruction_trace_shows_values_and_accesses() {
    let out = hemu(&["run", "--trace", "instructions", "--trace-limit", "40"]);
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 40, "{err}");
    assert!(err.lines().all(|l| l.starts_with("[step ")), "{err}");
    // The boot ROM: auipc writes t0; ld reads the device tree's address.
    assert!(err.contains("auipc t0,0x0 | t0 0x0 -> 0x1000"), "{err}");
    assert!(err.contains("ld a1,32(t0) | a1 0x0 -> 0x"), "{err}");
    assert!(err.contains("| mem load 8 bytes at 0x1020 (pa 0x1020) = 0x"), "{err}");
    // The firmware: a CSR written with its value, fields decoded; a store.
    assert!(err.contains("csrw mtvec,t0 | mtvec 0x0 -> 0x"), "{err}");
    assert!(err.contains("| mem store 8 bytes at 0x"), "{err}");
    // No register line for an instruction that writes nothing new.
    assert!(err.lines().any(|l| l.ends_with("csrr a0,mhartid")), "{err}");
    assert!(err.contains("addi a2,t0,40 | a2 0x0 -> 0x1028"), "{err}");
}

/// `--trace commits`: Spike's `--log-commits` layout, the privilege digit
/// with V at bit 2, on a program that enters VS-mode.
#[test]
fn commit_log_has_spikes_layout_with_v() {
    let dir = tmp("images-commits");
    assert!(hemu(&["images", "--out", dir.to_str().unwrap()]).status.success());
    let prog = dir.join("testprogs/rv64h_twostage.elf");
    let path = tmp("commits.txt");
    let plain = hemu(&["run", "--bios", prog.to_str().unwrap()]);
    let traced = hemu(&["run", "--bios", prog.to_str().unwrap(), "--trace", "commits", "--trace-out", path.to_str().unwrap()]);
    assert_eq!(plain.status.code(), Some(0), "{}", String::from_utf8_lossy(&plain.stderr));
    assert_eq!((plain.status.code(), &plain.stdout), (traced.status.code(), &traced.stdout));
    let log = std::fs::read_to_string(&path).unwrap();
    let hex = |s: &str, digits: usize| {
        s.len() == digits + 2 && s.starts_with("0x") && s[2..].chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    };
    let (mut vs, mut loads, mut stores) = (0, 0, 0);
    for line in log.lines() {
        // core   0: P 0xPC (0xINSN) [reg value]... [mem ADDR [VALUE]]
        let rest = line.strip_prefix("core   0: ").unwrap_or_else(|| panic!("{line}"));
        let w: Vec<&str> = rest.split_whitespace().collect();
        assert!(["0", "1", "3", "4", "5"].contains(&w[0]), "privilege digit: {line}");
        vs += (w[0] == "5") as usize;
        assert!(hex(w[1], 16), "pc: {line}");
        let insn = w[2].strip_prefix('(').and_then(|s| s.strip_suffix(')')).unwrap_or_else(|| panic!("{line}"));
        assert!(hex(insn, 8) || hex(insn, 4), "{line}");
        let mut i = 3;
        while i < w.len() {
            if w[i] == "mem" {
                assert!(hex(w[i + 1], 16), "{line}");
                match w.get(i + 2) {
                    Some(v) => {
                        assert!([2, 4, 8, 16].iter().any(|&d| hex(v, d)), "{line}");
                        stores += 1;
                    }
                    None => loads += 1,
                }
                break;
            }
            let reg = w[i];
            let named = reg.strip_prefix('x').or(reg.strip_prefix('f')).is_some_and(|n| n.parse::<u8>().is_ok_and(|n| n < 32))
                || reg.strip_prefix('c').and_then(|c| c.split_once('_')).is_some_and(|(n, _)| n.parse::<u16>().is_ok());
            assert!(named && hex(w[i + 1], 16), "{line}");
            i += 2;
        }
    }
    assert!(vs > 10 && loads > 0 && stores > 0, "VS {vs} loads {loads} stores {stores}");
}

/// Every line of the JSON trace of the default boot follows
/// docs/trace-json.md.
#[test]
fn json_trace_follows_its_schema() {
    let path = tmp("trace.json");
    let out = hemu(&["run", "--trace", "transitions", "--format", "json", "--trace-out", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let text = std::fs::read_to_string(&path).unwrap();
    let (transitions, retired) = check_json_trace(&text);
    assert!(transitions > 1000 && retired == 0, "{transitions} transitions, {retired} others");
    assert!(text.contains("hedeleg[10] is read-only 0"));
    // With --trace instructions, one object per step.
    let out = hemu(&["run", "--trace", "instructions", "--format", "json", "--trace-limit", "150000", "--trace-out", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let text = std::fs::read_to_string(&path).unwrap();
    let (transitions, retired) = check_json_trace(&text);
    assert!(transitions >= 1 && transitions + retired == 150000, "{transitions} transitions, {retired} others");
    assert!(text.contains(r#""kind":"mret""#) && text.contains(r#""write":true"#));
}

/// Check every line against docs/trace-json.md; count transitions and
/// other steps.
fn check_json_trace(text: &str) -> (usize, usize) {
    use serde_json::Value;
    let hexs = |v: &Value| v.as_str().is_some_and(|s| s.starts_with("0x") && u64::from_str_radix(&s[2..], 16).is_ok());
    let opt = |v: &Value, f: &dyn Fn(&Value) -> bool| v.is_null() || f(v);
    let modes = ["M", "HS", "U", "VS", "VU"];
    let (mut transitions, mut retired) = (0, 0);
    for line in text.lines() {
        let o: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        let keys: Vec<&str> = o.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        let mut want = [
            "step", "minstret", "kind", "pc", "symbol", "raw", "disasm", "cause", "code", "tval", "from", "to", "pc_after",
            "symbol_after", "why", "csrs", "xregs", "fregs", "mem",
        ];
        want.sort();
        assert_eq!(keys, want, "{line}");
        assert!(o["step"].is_u64() && o["minstret"].is_u64());
        let kind = o["kind"].as_str().unwrap();
        assert!(["exception", "interrupt", "mret", "sret", "retired"].contains(&kind), "{line}");
        assert!(hexs(&o["pc"]) && hexs(&o["pc_after"]));
        assert!(opt(&o["raw"], &hexs) && opt(&o["tval"], &hexs));
        assert!(opt(&o["symbol"], &|v| v.is_string()) && opt(&o["disasm"], &|v| v.is_string()));
        assert_eq!(o["cause"].is_string(), kind == "exception" || kind == "interrupt", "{line}");
        assert_eq!(o["code"].is_u64(), o["cause"].is_string());
        assert!(modes.contains(&o["from"].as_str().unwrap()) && modes.contains(&o["to"].as_str().unwrap()));
        let why = o["why"].as_array().unwrap();
        assert!(why.iter().all(|w| w.is_string()));
        if kind == "retired" {
            assert!(why.is_empty() && o["raw"].is_string(), "{line}");
            retired += 1;
        } else {
            assert!(!why.is_empty(), "every transition says why: {line}");
            transitions += 1;
        }
        for c in o["csrs"].as_array().unwrap() {
            assert!(c["name"].is_string() && hexs(&c["addr"]) && hexs(&c["old"]) && hexs(&c["new"]), "{c}");
            for (_, f) in c["fields"].as_object().unwrap() {
                assert!(f["old"].is_u64() && f["new"].is_u64(), "{c}");
            }
        }
        for r in o["xregs"].as_array().unwrap().iter().chain(o["fregs"].as_array().unwrap()) {
            assert!(r["reg"].is_string() && hexs(&r["old"]) && hexs(&r["new"]), "{r}");
        }
        for a in o["mem"].as_array().unwrap() {
            assert!(hexs(&a["vaddr"]) && opt(&a["paddr"], &hexs) && a["size"].is_u64() && hexs(&a["value"]) && a["write"].is_boolean());
        }
    }
    (transitions, retired)
}

/// A line piped into the default boot before anything runs waits in the
/// host-side queue (through hemu-sbi's and the guest's FIFO resets, and
/// while no guest listens yet) until the first guest's read_line takes it.
#[test]
fn piped_input_reaches_the_guests_read_line() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_hemu"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run hemu");
    child.stdin.take().unwrap().write_all(b"hello from the pipe\n").unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("[g0] read_line: you typed \"hello from the pipe\""), "{text}");
    assert_eq!(out.status.code(), Some(0));
}

/// `--isa` matches a board: the firmware's banner shows misa and the
/// device tree's ISA string following it, and the boot still completes.
#[test]
fn isa_option_sets_device_tree_and_misa() {
    let banner = |isa: Option<&str>| {
        let mut args = vec!["run", "--max-instructions", "2000000"];
        if let Some(i) = isa {
            args.extend(["--isa", i]);
        }
        let out = hemu(&args);
        assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let all = banner(None);
    assert_line(&all, "ISA (misa)         : rv64imafdcbhsu");
    assert_line(&all, "ISA (device tree)  : rv64imafdch_zicbom_zicbop_zicboz_zicntr_zicond_zicsr_zifencei_zihintntl_zihintpause_zihpm_zimop_zfa_zfh_zfhmin_zcb_zcmop_zba_zbb_zbc_zbkb_zbkc_zbkx_zbs_smstateen_sscofpmf_ssstateen_sstc_svadu_svinval_svnapot_svpbmt");
    assert_line(&all, "Sstc               : yes, menvcfg.STCE set (supervisor uses stimecmp)");
    assert_line(&all, "Smstateen          : yes, mstateen0.SE0 and ENVCFG set");
    assert_line(&all, "mideleg            : 0x2666");
    // Without Sstc, Smstateen and Sscofpmf the firmware finds no stimecmp,
    // mstateen0 or scountovf, and keeps the CLINT timer and LCOFI.
    let base = banner(Some("rv64gch"));
    assert_line(&base, "ISA (misa)         : rv64imafdchsu");
    assert_line(&base, "ISA (device tree)  : rv64imafdch_zicntr_zicsr_zifencei_zihintpause");
    assert_line(&base, "Sstc               : no (timer forwarded from the CLINT)");
    assert_line(&base, "mideleg            : 0x666");
    assert!(!base.contains("Smstateen"), "{base}");
    // B stands for Zba, Zbb and Zbs; misa.B needs all three.
    let b = banner(Some("RV64GCBH_zbkx"));
    assert_line(&b, "ISA (misa)         : rv64imafdcbhsu");
    assert_line(&b, "ISA (device tree)  : rv64imafdch_zicntr_zicsr_zifencei_zihintpause_zba_zbb_zbkx_zbs");
    let cbo = banner(Some("rv64gch_zicboz_zicond_sstc_svadu"));
    assert_line(&cbo, "ISA (device tree)  : rv64imafdch_zicboz_zicntr_zicond_zicsr_zifencei_zihintpause_sstc_svadu");
    let some = banner(Some("rv64imafdch_zba_zbb"));
    assert_line(&some, "ISA (misa)         : rv64imafdchsu");
    assert_line(&some, "ISA (device tree)  : rv64imafdch_zicntr_zicsr_zifencei_zihintpause_zba_zbb");
    // Zfhmin alone (Zfh would bring it along), Zcb.
    let fp = banner(Some("rv64gch_zfhmin_zcb_zfa"));
    assert_line(&fp, "ISA (device tree)  : rv64imafdch_zicntr_zicsr_zifencei_zihintpause_zfa_zfhmin_zcb");
    let zfh = banner(Some("rv64gch_zfh_zihintntl"));
    assert_line(&zfh, "ISA (device tree)  : rv64imafdch_zicntr_zicsr_zifencei_zihintntl_zihintpause_zfh_zfhmin");
}

/// `out` has the line `line` (the UART ends lines with CR LF).
fn assert_line(out: &str, line: &str) {
    assert!(out.lines().any(|l| l.trim_end() == line), "missing {line:?} in:\n{out}");
}

#[test]
fn bad_isa_strings_are_usage_errors() {
    for isa in ["rv32gch", "rv64gc", "rv64gch_zvfh", "rv64gchv", "x", "rv64gch_sscofpmf"] {
        let out = hemu(&["run", "--isa", isa]);
        assert_eq!(out.status.code(), Some(2), "--isa {isa}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("--isa") && !err.contains("panicked"), "{err}");
    }
}

/// A reader that stops reading (`hemu images --out DIR | head -1`) is not
/// an error worth a panic.
#[test]
fn a_closed_stdout_is_not_a_panic() {
    let dir = tmp("images-closed");
    // A pipe whose reading end is already closed: every write fails (EPIPE).
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = Command::new(env!("CARGO_BIN_EXE_hemu"))
        .args(["images", "--out", dir.to_str().unwrap()])
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .expect("run hemu");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
}

/// `hemu bench` runs every workload (each at least three times) and prints
/// the table: every workload's row with its ratio to the M-mode mix, then
/// start-up and the default boot's peak RSS. Numbers are not checked (no
/// timed tests); that every workload passed its own checks is. The Linux
/// rows, given a directory with no kernel, read "-" with the reason below.
#[test]
fn bench_prints_every_workload() {
    let none = tmp("bench-no-kernel");
    std::fs::create_dir_all(&none).unwrap();
    let out = hemu(&["bench", "--instructions", "1", "--linux", none.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    for w in &hemu::bench::WORKLOADS {
        let row = text.lines().find(|l| l.starts_with(w.name)).unwrap_or_else(|| panic!("no row for {}:\n{text}", w.name));
        let ratio = if w.unit == hemu::bench::Unit::Trips { "x M instr" } else { "% of M" };
        assert!(row.contains(ratio), "{row}");
    }
    for name in ["Linux boot to init", "Linux user loop"] {
        let row = text.lines().find(|l| l.starts_with(name)).unwrap_or_else(|| panic!("no row for {name}:\n{text}"));
        assert_eq!(row.split_whitespace().filter(|w| *w == "-").count(), 2, "{row}");
    }
    let reason = format!("Linux, hemu: no kernel at {}", none.join("Image").display());
    assert!(text.lines().any(|l| l == reason), "no line {reason:?}:\n{text}");
    let last = text.lines().last().unwrap_or("");
    assert!(last.contains("start-up to exit") && last.contains("peak RSS"), "{last}");
}

/// `hemu bench --only TEXT` runs the workloads whose name contains TEXT
/// (any case) and the M-mode mix the ratios are against, no Linux rows
/// unless TEXT names them, and no start-up or RSS line; TEXT matching
/// nothing is one line, status 2.
#[test]
fn bench_only_runs_the_named_workloads() {
    let out = hemu(&["bench", "--instructions", "1", "--only", "LARGE"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = text.lines().skip(1).filter(|l| !l.starts_with("hemu:")).map(|l| l[..28].trim_end()).collect();
    assert_eq!(rows, ["mix, M", "large code, VS (warm)", "large code, VS (from reset)"], "{text}");
    let last = text.lines().last().unwrap_or("");
    assert!(!last.contains("start-up"), "{last}");
    one_error_line(&hemu(&["bench", "--only", "no such workload"]), "no workload's name contains \"no such workload\"");
}

/// `--initrd FILE` goes with a kernel (alone it is a usage error); one that
/// does not fit where QEMU puts it (the kernel's entry + min(RAM/2,
/// 128 MiB)) is one line, status 2; a fitting one leaves the boot as it was.
#[test]
fn initrd_option() {
    let initrd = tmp("initrd.cpio");
    std::fs::write(&initrd, vec![7u8; 3 << 20]).unwrap();
    let initrd = initrd.to_str().unwrap();
    let out = hemu(&["run", "--initrd", initrd]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--kernel"), "{}", String::from_utf8_lossy(&out.stderr));
    let dir = tmp("initrd-images");
    assert!(hemu(&["images", "--out", dir.to_str().unwrap()]).status.success());
    let hello = dir.join("sbi_hello.elf");
    let hello = hello.to_str().unwrap();
    // 8 MiB of RAM: the initrd goes 4 MiB above 0x80200000 and its 3 MiB end past RAM.
    one_error_line(&hemu(&["run", "--memory", "8M", "--kernel", hello, "--initrd", initrd]), "initrd.cpio: bytes 0x80600000..0x80900000 lie outside RAM");
    let out = hemu(&["run", "--kernel", hello, "--initrd", initrd]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("sbi_hello: all checks passed"));
}

#[test]
fn mmu_option_limits_the_translation_modes() {
    let out = hemu(&["run", "--mmu", "sv39", "--max-instructions", "2000000"]);
    assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stderr));
    let out = hemu(&["run", "--mmu", "sv64"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("sv39, sv48 or sv57"));
}
