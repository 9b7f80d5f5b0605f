//! `hemu grade`: the finished hypervisor passes labs 0 to 5; each exercise starting point
//! (the hypervisor built with `--features exercise-lab0...` to `exercise-lab5...`, as a
//! student builds it) fails its lab at its own step, with the message that names the step.

mod exercise_build;

use exercise_build::hypervisor_with;
use std::process::{Command, Output};

fn hemu_grade(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hemu")).arg("grade").args(args).output().expect("hemu runs")
}

/// The report of `hemu grade ARGS`, which must exit with `status`.
fn report(args: &[&str], status: i32) -> String {
    let o = hemu_grade(args);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(o.status.code(), Some(status), "{out}");
    out
}

/// The report of `hemu grade lab1` on the hypervisor built with `features` (it fails).
fn exercise_report(features: &str) -> String {
    lab_exercise_report("lab1", features)
}

/// The report of `hemu grade LAB` on the hypervisor built with `features` (it fails).
fn lab_exercise_report(lab: &str, features: &str) -> String {
    let elf = hypervisor_with(features);
    report(&[lab, "--hypervisor", elf.to_str().unwrap()], 1)
}

/// The report's line for check `id` that starts with `prefix` (`ok`, `FAIL`).
fn line<'a>(out: &'a str, prefix: &str, id: &str) -> &'a str {
    let start = format!("{prefix:<4} {id} ");
    out.lines().find(|l| l.starts_with(&start)).unwrap_or_else(|| panic!("no '{start}' line in:\n{out}"))
}

#[test]
fn the_finished_hypervisor_passes_lab1() {
    let out = report(&["lab1"], 0);
    assert!(line(&out, "ok", "1-1").contains("entered VS-mode at 0x90000000 (it read sstatus.SPP=1, hstatus.SPV=1, sepc=0x90000000)"), "{out}");
    assert!(line(&out, "ok", "1-2").contains("trapped to HS-mode with scause=10 at stvec="), "{out}");
    assert!(line(&out, "ok", "1-3").starts_with("ok   1-3 the guest resumed at sepc+4 = 0x9000"), "{out}");
    assert!(line(&out, "ok", "1-3").ends_with(", after its ecall"), "{out}");
    assert!(line(&out, "ok", "1-0").contains("a0=0x0, a1=0x1"), "{out}");
    assert!(out.contains("reached the console: \"[kernel] guest 0 booting in VS-mode"), "{out}");
    assert!(out.ends_with("lab1: 5 of 5 checks passed\n"), "{out}");
}

#[test]
fn the_finished_hypervisor_passes_lab0() {
    let out = report(&["lab0"], 0);
    assert!(line(&out, "ok", "0-1").contains("entered HS-mode at 0x80200000"), "{out}");
    assert!(line(&out, "ok", "0-2").contains("<host_trap_vector>"), "{out}");
    assert!(line(&out, "ok", "0-3").contains("\"[hv] RISC-V teaching hypervisor"), "{out}");
}

#[test]
fn the_lab0_exercise_leaves_stvec_to_the_firmware_and_fails_0_2() {
    let out = lab_exercise_report("lab0", "exercise-lab0");
    line(&out, "ok", "0-1");
    assert!(line(&out, "FAIL", "0-2").contains("stvec was 0x80200000 at the hypervisor's first console write"), "{out}");
    assert!(out.contains("--   0-3 not checked"), "{out}");
    assert!(out.ends_with("lab0: 1 of 3 checks passed\n"), "{out}");
}

#[test]
fn a_console_write_with_its_arguments_swapped_fails_0_3() {
    let out = lab_exercise_report("lab0", "exercise-lab0-console");
    line(&out, "ok", "0-2");
    let fail = line(&out, "FAIL", "0-3");
    assert!(fail.contains("sbi_debug_console_write takes num_bytes in a0 and the buffer's physical address in a1"), "{out}");
    assert!(out.ends_with("lab0: 2 of 3 checks passed\n"), "{out}");
}

#[test]
fn the_lab1_exercise_fails_at_the_first_sret() {
    let out = exercise_report("exercise-lab1");
    let fail = line(&out, "FAIL", "1-1");
    assert!(fail.contains("sret entered V=0: hstatus.SPV was 0 (set it before sret to enter the guest)"), "{out}");
    assert!(fail.contains("sstatus.SPP was 0"), "{out}");
    assert!(fail.contains("sret jumped to sepc=0x0: set sepc to 0x90000000"), "{out}");
    assert!(out.contains("--   1-2 not checked"), "{out}");
    assert!(out.ends_with("lab1: 0 of 5 checks passed\n"), "{out}");
}

#[test]
fn without_sepc_plus_4_the_guest_runs_its_ecall_again() {
    let out = exercise_report("exercise-lab1-sbi");
    line(&out, "ok", "1-2");
    assert_eq!(line(&out, "FAIL", "1-3"), "FAIL 1-3 the guest resumed at the ecall again: sepc was not advanced by 4", "{out}");
}

#[test]
fn a_world_switch_that_loses_registers_fails_1_0() {
    let out = exercise_report("exercise-lab1-switch");
    line(&out, "ok", "1-3");
    let fail = line(&out, "FAIL", "1-0");
    assert!(fail.contains("the guest's registers changed across the exit: ra "), "{out}");
    assert!(fail.contains("sp 0x"), "{out}");
}

#[test]
fn the_finished_hypervisor_passes_lab2() {
    let out = report(&["lab2"], 0);
    let ids: Vec<&str> = out.lines().filter_map(|l| l.strip_prefix("ok   ")).map(|l| &l[..3]).collect();
    assert_eq!(ids, ["2-1", "2-3", "2-4", "2-1", "2-2", "2-3", "2-4", "2-1"], "{out}");
    assert!(line(&out, "ok", "2-1").starts_with("ok   2-1 the guest kernel's breakpoint (ebreak at 0x9"), "{out}");
    assert!(line(&out, "ok", "2-1").contains("went straight to VS-mode at vstvec=0x9") && line(&out, "ok", "2-1").contains("<trap_vector> with vscause=3"), "{out}");
    assert!(out.contains("the first system call of a guest task (ecall at 0x4"), "{out}");
    assert!(out.contains("store page fault (sd a1,0(a0) at 0x400000a2 in VU-mode) went straight to VS-mode"), "{out}");
    let redirect = line(&out, "ok", "2-2");
    assert!(redirect.contains("trapped to M-mode (medeleg[2]=0"), "{out}");
    assert!(redirect.contains("redirected it to HS-mode at stvec=") && redirect.contains("scause=2, sepc=0x40000090, stval=0xc0001073"), "{out}");
    assert!(out.contains("the load access fault (lw zero,0(s5) at 0x9"), "{out}");
    assert!(out.contains("was injected: vscause=5, vsepc=0x9"), "{out}");
    assert!(out.contains("vstval=0x10000000, vsstatus.SPP=1 (from VS-mode), SPIE=0, SIE=0"), "{out}");
    assert!(out.contains("the illegal instruction (csrw cycle,zero at 0x40000090 in VU-mode) was injected: vscause=2, vsepc=0x40000090, vstval=0xc0001073, vsstatus.SPP=0 (from VU-mode), SPIE=1, SIE=0"), "{out}");
    assert!(line(&out, "ok", "2-4").contains("resumed the guest in VS-mode at its trap vector vstvec=0x9"), "{out}");
    assert!(out.ends_with("lab2: 8 of 8 checks passed\n"), "{out}");
}

#[test]
fn the_lab2_exercise_delegates_nothing_and_fails_2_1() {
    let out = lab_exercise_report("lab2", "exercise-lab2");
    let fail = line(&out, "FAIL", "2-1");
    assert!(fail.contains("the guest kernel's breakpoint (ebreak at 0x9"), "{out}");
    assert!(fail.contains("trapped to HS-mode at 0x8"), "{out}");
    assert!(fail.contains("not VS-mode: hedeleg[3] was 0 (a trap from V=1 goes on to VS-mode only when its hedeleg bit is set"), "{out}");
    assert!(fail.contains("hedeleg = 0x0 lacks instruction address misaligned (0), breakpoint (3)"), "{out}");
    assert!(fail.ends_with("store/AMO page fault (15)"), "{out}");
    assert!(out.contains("--   2-3 not checked"), "{out}");
    assert!(out.ends_with("lab2: 0 of 8 checks passed\n"), "{out}");
}

#[test]
fn an_injection_that_forgets_vsepc_and_vsstatus_fails_2_3() {
    let out = lab_exercise_report("lab2", "exercise-lab2-inject");
    line(&out, "ok", "2-1");
    let fail = line(&out, "FAIL", "2-3");
    assert!(fail.starts_with("FAIL 2-3 injecting the load access fault (lw zero,0(s5) at 0x9"), "{out}");
    assert!(fail.contains("the injected fault reached the guest with vsepc = 0x9"), "{out}");
    assert!(fail.contains(": set vsepc to the faulting pc 0x9"), "{out}");
    assert!(fail.contains("vsstatus.SPP = 0: the guest was in VS-mode, so SPP must be 1"), "{out}");
    assert!(fail.contains("vsstatus.SPIE = 1: trap entry copies vsstatus.SIE (0) into SPIE"), "{out}");
    assert!(!fail.contains("vscause =") && !fail.contains("vstval ="), "the exercise writes those right: {out}");
    assert!(out.ends_with("lab2: 1 of 8 checks passed\n"), "{out}");
}

#[test]
fn an_injection_that_resumes_at_sepc_fails_2_4() {
    let out = lab_exercise_report("lab2", "exercise-lab2-resume");
    line(&out, "ok", "2-3");
    let fail = line(&out, "FAIL", "2-4");
    assert!(fail.starts_with("FAIL 2-4 the guest resumed at the faulting instruction 0x9"), "{out}");
    assert!(fail.contains("again, not in its trap handler: set sepc to vstvec (0x9"), "{out}");
    assert!(fail.ends_with("<trap_vector>) before sret"), "{out}");
    assert!(out.ends_with("lab2: 2 of 8 checks passed\n"), "{out}");
}

#[test]
fn the_finished_hypervisor_passes_lab3() {
    let out = report(&["lab3"], 0);
    let ids: Vec<&str> = out.lines().filter_map(|l| l.strip_prefix("ok   ")).map(|l| &l[..3]).collect();
    assert_eq!(ids, ["3-1", "3-2", "3-3", "3-4"], "{out}");
    let deleg = line(&out, "ok", "3-1");
    assert!(deleg.contains("raised by the hart itself when time passed vstimecmp=0x"), "{out}");
    assert!(deleg.contains("(Sstc, henvcfg.STCE=1), in VU-mode at 0x4000"), "{out}");
    assert!(deleg.contains("went to VS-mode at vstvec=0x90001ea0 <trap_vector> with vscause=0x8000000000000005 (interrupt 5, the guest's STI): hideleg[6]=1"), "{out}");
    let host = line(&out, "ok", "3-2");
    assert!(host.contains("exited to HS-mode at stvec=0x8") && host.contains("<guest_exit> with sstatus.SIE=0"), "{out}");
    let hvip = line(&out, "ok", "3-3");
    assert!(hvip.contains("the hypervisor set hvip.VSTIP=1, and the interrupt in VU-mode at 0x4000"), "{out}");
    let clear = line(&out, "ok", "3-4");
    assert!(clear.contains("hvip.VSTIP=0 at the sret back into the guest"), "{out}");
    assert!(out.ends_with("lab3: 4 of 4 checks passed\n"), "{out}");
}

#[test]
fn the_lab3_exercise_delegates_no_interrupt_and_fails_3_1() {
    let out = lab_exercise_report("lab3", "exercise-lab3");
    let fail = line(&out, "FAIL", "3-1");
    assert!(fail.contains("the guest's first timer interrupt (VS-level timer interrupt, irq 6) never happened"), "{out}");
    assert!(fail.contains("hideleg = 0x0 lacks VSTI (6): then vsie.STIE is read-only zero (vsie = 0x0)"), "{out}");
    assert!(out.contains("--   3-2 not checked"), "{out}");
    assert!(out.ends_with("lab3: 0 of 4 checks passed\n"), "{out}");
}

#[test]
fn without_hvip_vstip_the_guest_timer_never_fires_3_3() {
    let out = lab_exercise_report("lab3", "exercise-lab3-timer");
    line(&out, "ok", "3-2");
    let fail = line(&out, "FAIL", "3-3");
    assert!(fail.starts_with("FAIL 3-3 the guest's timer interrupt never reached VS: hvip.VSTIP stayed 0 after its deadline 0x"), "{out}");
    assert!(fail.contains("(set hvip.VSTIP when the guest's deadline passes"), "{out}");
    assert!(out.ends_with("lab3: 2 of 4 checks passed\n"), "{out}");
}

#[test]
fn a_set_timer_that_leaves_vstip_pending_fails_3_4() {
    let out = lab_exercise_report("lab3", "exercise-lab3-clear");
    line(&out, "ok", "3-3");
    let fail = line(&out, "FAIL", "3-4");
    assert!(fail.starts_with("FAIL 3-4 after the guest's SBI set_timer moved its deadline to 0x"), "{out}");
    assert!(fail.contains("hvip.VSTIP was still 1 at the sret back into the guest: it takes the same timer interrupt again at once"), "{out}");
    assert!(out.ends_with("lab3: 3 of 4 checks passed\n"), "{out}");
}

#[test]
fn the_finished_hypervisor_passes_lab5() {
    let out = report(&["lab5"], 0);
    let ids: Vec<&str> = out.lines().filter_map(|l| l.strip_prefix("ok   ")).map(|l| &l[..3]).collect();
    assert_eq!(ids, ["5-1", "5-2", "5-3", "5-2", "5-4"], "{out}");
    let slice = line(&out, "ok", "5-1");
    assert!(slice.starts_with("ok   5-1 the host timer interrupt (irq 5) in V"), "{out}");
    assert!(slice.contains("exited guest 0 to HS-mode") && slice.contains("the hypervisor's next sret entered guest 1 (hgatp.PPN 0x"), "{out}");
    assert!(out.contains("at the first sret into guest 1 its VS CSRs were its own (vsatp=0x0, vstvec=0x0, vsscratch=0x0), none of guest 0's (vsatp=0x8"), "{out}");
    assert!(line(&out, "ok", "5-3").contains("VMID 1 -> 2): the hart's cached G-stage translations are tagged with the VMID, so the switch needs no HFENCE.GVMA"), "{out}");
    assert!(out.contains("at the sret back into guest 0 (from guest 1) its VS CSRs were the ones it left at its last exit"), "{out}");
    let wfi = line(&out, "ok", "5-4");
    assert!(wfi.contains("'s wfi at 0x9") && wfi.contains("in VS-mode (hstatus.VTW=1) trapped to HS-mode at stvec=0x8"), "{out}");
    assert!(wfi.contains("with scause=22 (virtual instruction)") && wfi.contains("resumed guest 0 after it, at sepc=0x9"), "{out}");
    assert!(out.ends_with("lab5: 5 of 5 checks passed\n"), "{out}");
}

#[test]
fn the_lab5_exercise_never_ends_a_time_slice_and_fails_5_1() {
    let out = lab_exercise_report("lab5", "exercise-lab5");
    let fail = line(&out, "FAIL", "5-1");
    assert!(fail.starts_with("FAIL 5-1 guest 1 first ran only after guest 0's exit for wfi (scause 22)"), "{out}");
    assert!(fail.contains("times before that and each time the hypervisor resumed guest 0: its time slice never ended"), "{out}");
    assert!(out.contains("--   5-2 not checked"), "{out}");
    assert!(out.ends_with("lab5: 0 of 5 checks passed\n"), "{out}");
}

#[test]
fn a_switch_that_forgets_vsatp_fails_5_2() {
    let out = lab_exercise_report("lab5", "exercise-lab5-switch");
    line(&out, "ok", "5-1");
    let fail = line(&out, "FAIL", "5-2");
    assert!(fail.starts_with("FAIL 5-2 at the first sret into guest 1, vsatp still held guest 0's value (vsatp=0x8"), "{out}");
    assert!(fail.contains("so guest 1 runs with guest 0's page-table root"), "{out}");
    assert!(out.ends_with("lab5: 1 of 5 checks passed\n"), "{out}");
}

#[test]
fn two_guests_with_one_vmid_and_no_fence_fail_5_3() {
    let out = lab_exercise_report("lab5", "exercise-lab5-vmid");
    line(&out, "ok", "5-2");
    let fail = line(&out, "FAIL", "5-3");
    assert!(fail.starts_with("FAIL 5-3 guest 0 and guest 1 share VMID 1 (hgatp 0x80001"), "{out}");
    assert!(fail.contains("and no HFENCE.GVMA ran between guest 0's exit and the sret into guest 1"), "{out}");
    assert!(out.ends_with("lab5: 2 of 5 checks passed\n"), "{out}");
}

#[test]
fn resuming_at_the_wfi_fails_5_4() {
    let out = lab_exercise_report("lab5", "exercise-lab5-wfi");
    assert_eq!(out.lines().filter(|l| l.starts_with("ok   5-2")).count(), 2, "{out}");
    let fail = line(&out, "FAIL", "5-4");
    assert!(fail.contains("and the hypervisor resumed guest 0 at the wfi again (sepc=0x9"), "{out}");
    assert!(fail.contains("the WFI traps again at once"), "{out}");
    assert!(out.ends_with("lab5: 4 of 5 checks passed\n"), "{out}");
}

#[test]
fn bad_arguments_are_one_line_and_status_2() {
    let o = hemu_grade(&["lab9"]);
    assert_eq!(o.status.code(), Some(2));
    let o = hemu_grade(&["lab1", "--hypervisor", "/nonexistent/hv.elf"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("/nonexistent/hv.elf"), "{err}");
}

#[test]
fn a_kernel_that_never_enters_a_guest_fails_1_1_within_the_step_limit() {
    // A flat binary at 0x80200000 that spins (`j .`): no sret ever comes.
    let path = std::env::temp_dir().join(format!("hemu-grade-spin-{}.bin", std::process::id()));
    std::fs::write(&path, 0x0000_006f_u32.to_le_bytes()).unwrap();
    let out = report(&["lab1", "--hypervisor", path.to_str().unwrap()], 1);
    let _ = std::fs::remove_file(&path);
    let fail = line(&out, "FAIL", "1-1");
    let limit = hemu::grade::STEP_LIMIT;
    assert!(fail.contains(&format!("an sret (entering the guest) never happened: not within the first {limit} steps")), "{out}");
    // What the machine printed last: here the firmware's banner.
    assert!(fail.contains("the console's last line: \"Next stage"), "{out}");
}

#[test]
fn the_step_limit_stops_a_run_that_never_gets_there() {
    use hemu::debug::command::{Until, XretKind};
    use hemu::debug::session::{Debugger, StopReason};
    use hemu::loader::ImageSource;
    use hemu::machine::{Machine, MachineConfig};
    let cfg = MachineConfig {
        bios: Some(ImageSource::bytes("firmware", hemu::images::FIRMWARE)),
        kernel: Some(ImageSource::bytes("hypervisor", hemu::images::HYPERVISOR)),
        ..MachineConfig::default()
    };
    let mut d = Debugger::new(Machine::new(cfg).unwrap());
    d.set_step_limit(Some(100_000));
    // The first sret is near step 7 million: the limit comes first, exactly.
    let stop = d.until(&Until::Xret(XretKind::Sret));
    assert_eq!(stop.reason, StopReason::StepLimit(100_000));
    assert_eq!(d.position(), 100_000);
    d.set_step_limit(None);
    assert!(matches!(d.until(&Until::Xret(XretKind::Sret)).reason, StopReason::Reached(_)));
}

#[test]
fn the_finished_hypervisor_passes_lab4() {
    let out = report(&["lab4"], 0);
    let ids: Vec<&str> = out.lines().filter_map(|l| l.strip_prefix("ok   ")).map(|l| &l[..3]).collect();
    assert_eq!(ids, ["4-1", "4-2", "4-4", "4-3", "4-4"], "{out}");
    let gstage = line(&out, "ok", "4-1");
    assert!(gstage.contains("(MODE=8 Sv39x4, VMID=1, root table at 0x8") && gstage.contains(", 16 KiB aligned)"), "{out}");
    assert!(gstage.contains("the guest's first fetch at GPA 0x90000000 went through the G-stage to PA 0x8"), "{out}");
    assert!(gstage.ends_with("its leaf PTE has V R W X U A D"), "{out}");
    let exit = line(&out, "ok", "4-2");
    assert!(exit.contains("in VS-mode trapped to HS-mode at stvec=0x8") && exit.contains("<guest_exit> with scause=23 (store/AMO guest-page fault)"), "{out}");
    assert!(exit.contains("stval=0x10000001 (the guest virtual address, hstatus.GVA=1), htval=0x4000000 (GPA >> 2: GPA 0x10000001"), "{out}");
    assert!(exit.contains("htinst=0x23 (the transformed instruction)"), "{out}");
    let load = line(&out, "ok", "4-3");
    assert!(load.contains("lbu a5,5(a1) at 0x9") && load.contains("from the 16550 (GPA 0x10000005): a5 (x15, the load's rd: htinst 0x4783 bits 11:7) = 0x60"), "{out}");
    assert!(out.contains("(GPA 0x10000005) at sepc + 4 = 0x9"), "{out}");
    assert!(out.contains("(htinst bit 1 = 1: an uncompressed instruction)"), "{out}");
    assert!(out.ends_with("lab4: 5 of 5 checks passed\n"), "{out}");
}

#[test]
fn the_lab4_exercise_maps_guest_ram_without_u_and_fails_4_1() {
    let out = lab_exercise_report("lab4", "exercise-lab4");
    let fail = line(&out, "FAIL", "4-1");
    assert!(fail.starts_with("FAIL 4-1 the guest's first fetch at GPA 0x90000000 does not translate through the G-stage"), "{out}");
    assert!(fail.contains("instruction guest-page fault (cause 20, tval=0x90000000)"), "{out}");
    assert!(fail.contains("its leaf PTE has V R W X A D: a G-stage leaf needs U=1"), "{out}");
    assert!(out.contains("--   4-2 not checked"), "{out}");
    assert!(out.ends_with("lab4: 0 of 5 checks passed\n"), "{out}");
}

#[test]
fn a_load_decoded_with_the_wrong_rd_fails_4_3() {
    let out = lab_exercise_report("lab4", "exercise-lab4-decode");
    line(&out, "ok", "4-4");
    let fail = line(&out, "FAIL", "4-3");
    assert!(fail.starts_with("FAIL 4-3 lbu a5,5(a1) at 0x9"), "{out}");
    assert!(fail.contains("from the 16550 (GPA 0x10000005): a5 (x15) was 0x"), "{out}");
    assert!(fail.contains("not the emulated LSR (THRE and TEMT set, 0x60): the value read was not written to rd"), "{out}");
    assert!(out.ends_with("lab4: 3 of 5 checks passed\n"), "{out}");
}

#[test]
fn an_mmio_exit_that_resumes_at_sepc_fails_4_4() {
    let out = lab_exercise_report("lab4", "exercise-lab4-resume");
    line(&out, "ok", "4-2");
    let fail = line(&out, "FAIL", "4-4");
    assert!(fail.starts_with("FAIL 4-4 the guest's sb zero,1(s5) at 0x9"), "{out}");
    assert!(fail.contains("(GPA 0x10000001) resumed at the same pc: sepc was not advanced by the instruction's length (4: htinst bit 1 = 1: an uncompressed instruction)"), "{out}");
    assert!(out.ends_with("lab4: 2 of 5 checks passed\n"), "{out}");
}
