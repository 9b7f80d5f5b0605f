//! The book's commands are run and their output compared with the book's text, so the book
//! cannot drift from the code (book/README.md describes the format):
//!
//! - a command block is a fenced block tagged `console`; in it, a line `$ hemu ARGS` is a
//!   command and the lines after it, up to the next `$ ` line, are its output;
//! - the command runs in the workspace root, `hemu` being the hemu this test was built with;
//!   its standard output is compared, and its standard error must be empty, unless the
//!   command ends with `2>&1 >/dev/null` (as a shell reads it: the error stream is shown,
//!   the output thrown away), in which case its standard error is compared, or with
//!   `2>/dev/null` (the error stream thrown away);
//! - a command may also be `gdb-multiarch ...` reaching hemu with
//!   `target remote | hemu run --gdb stdio` (a GDB session, run for real);
//! - the only normalisations: trailing whitespace on each line, and blank lines at the end;
//! - the English and the Chinese book have the same chapters with the same command blocks,
//!   command for command and output for output;
//! - the workspace's README.md is read the same way: its `console` blocks (the `hemu debug`
//!   and GDB sessions) are run and compared too.

mod exercise_build;

use std::path::{Path, PathBuf};
use std::process::Command;

/// What the book says a student runs to build each lab's exercise (chapter, feature, target
/// directory); its `hemu grade` commands read the ELF from there.
const EXERCISES: [(&str, &str, &str); 6] = [
    ("lab0.md", "exercise-lab0", "target/lab0"),
    ("lab1.md", "exercise-lab1", "target/lab1"),
    ("lab2.md", "exercise-lab2", "target/lab2"),
    ("lab3.md", "exercise-lab3", "target/lab3"),
    ("lab4.md", "exercise-lab4", "target/lab4"),
    ("lab5.md", "exercise-lab5", "target/lab5"),
];

/// The build command a chapter shows for `feature` into `dir`.
fn exercise_build_command(feature: &str, dir: &str) -> String {
    format!("cargo build --release --target riscv64gc-unknown-none-elf -p hypervisor --features {feature} --target-dir {dir}")
}

/// Build every exercise the way the book says (the chapters' `hemu grade` commands need them).
fn build_exercises() {
    for (chapter, feature, dir) in EXERCISES {
        let text = std::fs::read_to_string(book_dir().join("en/src").join(chapter)).unwrap();
        let command = exercise_build_command(feature, dir);
        assert!(text.contains(&command), "{chapter} no longer shows `{command}`");
        exercise_build::build_hypervisor(feature, &exercise_build::workspace().join(dir));
    }
}

/// One `$ hemu ...` line and the output the book shows for it.
#[derive(Debug, PartialEq, Eq, Clone)]
struct Example {
    /// Where it is: `en/src/lab1.md:120`.
    at: String,
    command: String,
    output: String,
}

fn book_dir() -> PathBuf {
    exercise_build::workspace().join("book")
}

/// The workspace's README.md: its `console` blocks are checked as the book's are.
fn readme() -> PathBuf {
    exercise_build::workspace().join("README.md")
}

/// Where a file is, for messages: `book/en/src/lab1.md`, `README.md`.
fn shown(path: &Path) -> String {
    path.strip_prefix(exercise_build::workspace()).unwrap_or(path).display().to_string()
}

/// The chapters of a language, in the order of its SUMMARY.md.
fn chapters(lang: &str) -> Vec<PathBuf> {
    let src = book_dir().join(lang).join("src");
    let summary = std::fs::read_to_string(src.join("SUMMARY.md")).expect("SUMMARY.md");
    summary
        .lines()
        .filter_map(|l| l.split_once("](").map(|(_, rest)| rest.trim_end_matches(')').to_string()))
        .map(|file| src.join(file))
        .collect()
}

/// The command blocks of one chapter.
fn examples(path: &Path) -> Vec<Example> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = shown(path);
    let mut out: Vec<Example> = Vec::new();
    let mut in_block = false;
    for (i, line) in text.lines().enumerate() {
        if !in_block {
            in_block = line.trim_end() == "```console";
            continue;
        }
        if line.starts_with("```") {
            in_block = false;
        } else if let Some(cmd) = line.strip_prefix("$ ") {
            out.push(Example { at: format!("{name}:{}", i + 1), command: cmd.to_string(), output: String::new() });
        } else {
            let ex = out.last_mut().unwrap_or_else(|| panic!("{name}:{}: output before any `$ ` command", i + 1));
            ex.output.push_str(line);
            ex.output.push('\n');
        }
    }
    assert!(!in_block, "{name}: a console block is not closed");
    out
}

/// Split a command line as a shell does for the simple cases the book uses: words
/// separated by spaces, "double" or 'single' quotes around a word with spaces.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut started = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                started = true;
            }
            (None, ' ') => {
                if started {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            (None, c) => {
                word.push(c);
                started = true;
            }
        }
    }
    assert!(quote.is_none(), "unclosed quote in: {line}");
    if started {
        words.push(word);
    }
    words
}

/// The text after the only normalisations the book allows.
fn normal(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let end = lines.iter().rposition(|l| !l.is_empty()).map_or(0, |i| i + 1);
    lines[..end].iter().map(|l| format!("{l}\n")).collect()
}

/// Run one example; None if its output is the book's, else what differs.
/// Run the example's command: what the book should show (or why the
/// command is not one the book may show).
fn run(ex: &Example) -> Result<String, String> {
    let mut args = words(&ex.command);
    let program = args.remove(0);
    let hemu = env!("CARGO_BIN_EXE_hemu");
    let program = match program.as_str() {
        "hemu" => hemu.to_string(),
        // GDB reaches hemu through a pipe: `target remote | hemu run --gdb stdio`.
        "gdb-multiarch" => {
            for a in &mut args {
                *a = a.replace("| hemu ", &format!("| {hemu} "));
            }
            program
        }
        other => panic!("{}: the book's commands are hemu (or gdb-multiarch) commands, not {other}", ex.at),
    };
    let errors_shown = args.ends_with(&["2>&1".to_string(), ">/dev/null".to_string()]);
    if errors_shown {
        args.truncate(args.len() - 2);
    }
    let errors_dropped = args.last().map(String::as_str) == Some("2>/dev/null");
    if errors_dropped {
        args.pop();
    }
    assert!(
        !args.iter().any(|a| a.starts_with('>') || a.starts_with("2>") || a.starts_with('|')),
        "{}: only `2>&1 >/dev/null` or `2>/dev/null` at the end",
        ex.at
    );
    let o = Command::new(&program)
        .args(&args)
        .current_dir(exercise_build::workspace())
        .output()
        .unwrap_or_else(|e| panic!("{}: {program}: {e}", ex.at));
    let (stdout, stderr) = (String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    if !errors_shown && !errors_dropped && !stderr.is_empty() {
        return Err(format!("{}: `{}` wrote to standard error:\n{stderr}", ex.at, ex.command));
    }
    Ok(if errors_shown { stderr.to_string() } else { stdout.to_string() })
}

fn check(ex: &Example) -> Option<String> {
    let got = match run(ex) {
        Ok(got) => got,
        Err(e) => return Some(e),
    };
    let (want, got) = (normal(&ex.output), normal(&got));
    if want == got {
        return None;
    }
    let line = want.lines().zip(got.lines()).position(|(a, b)| a != b).unwrap_or(want.lines().count().min(got.lines().count()));
    Some(format!(
        "{}: `{}` printed something else; first difference at output line {}:\n  book: {:?}\n  hemu: {:?}\nwhole output:\n{got}",
        ex.at,
        ex.command,
        line + 1,
        want.lines().nth(line).unwrap_or("<end>"),
        got.lines().nth(line).unwrap_or("<end>")
    ))
}

#[test]
fn both_languages_have_the_same_chapters_and_commands() {
    let names = |lang| chapters(lang).iter().map(|p| p.file_name().unwrap().to_owned()).collect::<Vec<_>>();
    assert_eq!(names("en"), names("zh"), "the English and Chinese SUMMARY.md list different chapters");
    for (en, zh) in chapters("en").iter().zip(chapters("zh")) {
        let strip = |v: Vec<Example>| v.into_iter().map(|e| (e.command, e.output)).collect::<Vec<_>>();
        let (a, b) = (strip(examples(en)), strip(examples(&zh)));
        assert_eq!(a.len(), b.len(), "{} and {} have different numbers of commands", en.display(), zh.display());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x, y, "{} and {} differ in a command block", en.display(), zh.display());
        }
    }
}

/// With `HEMU_BOOK_BLESS=1`, write each command's output into the book
/// (both languages) instead of comparing: after a change that moves
/// addresses or step numbers, run
/// `HEMU_BOOK_BLESS=1 cargo test -p hemu --test book`, then read the diff.
fn bless(path: &Path) {
    let text = std::fs::read_to_string(path).unwrap();
    let name = shown(path);
    let mut out = String::new();
    let (mut in_block, mut old_output) = (false, false);
    for (i, line) in text.lines().enumerate() {
        if in_block && line.starts_with("```") {
            (in_block, old_output) = (false, false);
        } else if in_block {
            if let Some(cmd) = line.strip_prefix("$ ") {
                let ex = Example { at: format!("{name}:{}", i + 1), command: cmd.to_string(), output: String::new() };
                out.push_str(line);
                out.push('\n');
                out.push_str(&normal(&run(&ex).unwrap_or_else(|e| panic!("{e}"))));
                old_output = true;
                continue;
            }
            if old_output {
                continue;
            }
        } else {
            in_block = line.trim_end() == "```console";
        }
        out.push_str(line);
        out.push('\n');
    }
    if out != text {
        std::fs::write(path, out).unwrap();
    }
}

#[test]
fn every_command_in_the_book_prints_what_the_book_shows() {
    if std::env::var_os("HEMU_BOOK_BLESS").is_some() {
        build_exercises();
        for p in chapters("en").iter().chain(&chapters("zh")) {
            bless(p);
        }
        bless(&readme());
    }
    let all: Vec<Example> = chapters("en").iter().chain([&readme()]).flat_map(|p| examples(p)).collect();
    assert!(all.len() >= 14, "the book has {} commands; expected lab 0's, lab 1's and lab 2's", all.len());
    // The exercises the book has the student build, built the way it says.
    build_exercises();
    let failures: Vec<String> = all.iter().filter_map(check).collect();
    assert!(failures.is_empty(), "{} of {} book commands differ:\n\n{}", failures.len(), all.len(), failures.join("\n\n"));
}

/// One line of book/pictures.txt: its command and the pictures it draws.
struct Drawing {
    at: String,
    args: Vec<String>,
    pictures: Vec<String>,
}

fn drawings() -> Vec<Drawing> {
    let text = std::fs::read_to_string(book_dir().join("pictures.txt")).expect("book/pictures.txt");
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let at = format!("book/pictures.txt:{}", i + 1);
        let mut args = words(line);
        assert_eq!(args.first().map(String::as_str), Some("hemu"), "{at}: a picture is drawn by a hemu command");
        args.remove(0);
        let pictures: Vec<String> = args
            .iter()
            .flat_map(|a| a.split('{').skip(1).filter_map(|p| p.split_once('}')).map(|(name, _)| name.to_string()))
            .collect();
        assert!(!pictures.is_empty(), "{at}: the command draws no {{NAME.svg}}");
        out.push(Drawing { at, args, pictures });
    }
    out
}

/// Run a drawing's command with its pictures drawn into `dir`; the pictures' contents.
fn draw(d: &Drawing, dir: &Path) -> Vec<(String, String)> {
    let args: Vec<String> = d
        .args
        .iter()
        .map(|a| d.pictures.iter().fold(a.clone(), |a, p| a.replace(&format!("{{{p}}}"), &dir.join(p).display().to_string())))
        .collect();
    let o = Command::new(env!("CARGO_BIN_EXE_hemu")).args(&args).current_dir(exercise_build::workspace()).output().unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.stderr.is_empty(), "{}: wrote to standard error:\n{}", d.at, String::from_utf8_lossy(&o.stderr));
    assert!(!stdout.contains("error:"), "{}: a command failed:\n{stdout}", d.at);
    d.pictures
        .iter()
        .map(|p| {
            let svg = std::fs::read_to_string(dir.join(p)).unwrap_or_else(|e| panic!("{}: {p} was not drawn: {e}", d.at));
            (p.clone(), svg)
        })
        .collect()
}

#[test]
fn every_picture_is_what_hemu_draws_and_is_shown() {
    let dir = std::env::temp_dir().join(format!("hemu-book-pictures-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bless = std::env::var_os("HEMU_BOOK_BLESS").is_some();
    let mut listed = Vec::new();
    let mut failures = Vec::new();
    for d in drawings() {
        for (name, svg) in draw(&d, &dir) {
            for lang in ["en", "zh"] {
                let path = book_dir().join(lang).join("src/pictures").join(&name);
                if bless {
                    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                    std::fs::write(&path, &svg).unwrap();
                }
                match std::fs::read_to_string(&path) {
                    Ok(book) if book == svg => {}
                    Ok(_) => failures.push(format!("{}: {} is not what hemu draws now", d.at, path.display())),
                    Err(e) => failures.push(format!("{}: {}: {e}", d.at, path.display())),
                }
            }
            listed.push(name);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    // Every picture in the books is listed, and shown by a chapter of both books.
    for lang in ["en", "zh"] {
        let dir = book_dir().join(lang).join("src/pictures");
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if !listed.contains(&name) {
                failures.push(format!("{}: not drawn by any line of book/pictures.txt", entry.path().display()));
            }
        }
        let text: String = chapters(lang).iter().map(|p| std::fs::read_to_string(p).unwrap()).collect();
        for name in &listed {
            if !text.contains(&format!("](pictures/{name})")) {
                failures.push(format!("book/{lang}: no chapter shows pictures/{name}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}\n(HEMU_BOOK_BLESS=1 cargo test -p hemu --test book redraws them)", failures.join("\n"));
}

#[test]
fn a_changed_output_is_caught() {
    // The comparison itself: a book text that is not what hemu prints fails.
    let ex = Example { at: "test".into(), command: "hemu grade lab0".into(), output: "ok   0-1 something else\n".into() };
    assert!(check(&ex).is_some());
    assert_eq!(words(r#"hemu debug -ex "until sret" -ex 'csr hstatus' --batch"#), ["hemu", "debug", "-ex", "until sret", "-ex", "csr hstatus", "--batch"]);
    assert_eq!(normal("a  \nb\n\n\n"), "a\nb\n");
}
