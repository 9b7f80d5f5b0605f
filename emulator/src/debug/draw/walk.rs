//! `draw walk VA [fetch|load|store] FILE`: the page-table walk of
//! `translate`, as the two-dimensional picture of two-stage translation.
//! With V=1 each row is one PTE of the VS-stage walk: its guest physical
//! address (left) goes through the G-stage's PTEs (across) to the physical
//! address where the PTE is read (right); the last row translates the
//! final guest physical address. With V=0 each row is one PTE of the
//! satp walk. The box that decided a fault is drawn thick.

use super::svg::{text_width, wrap, Anchor, Svg, DIM, INK, LIT, PALE, WHITE};
use crate::debug::translate::{Outcome, PteRead, Stage, StageKind, Walk};

const LEFT: f64 = 24.0;
const FIRST_W: f64 = 150.0;
const G_W: f64 = 136.0;
const LAST_W: f64 = 176.0;
const COL_GAP: f64 = 22.0;
const BOX_H: f64 = 66.0;
const ROW_GAP: f64 = 34.0;
const TOP: f64 = 100.0;

/// One row: the address it starts from, the G-stage PTEs it crosses, and
/// where it ends (the PTE read there, or the stage's output).
struct Row {
    start: Vec<String>,
    g: Vec<Vec<String>>,
    end: Vec<String>,
    /// The row ends in a fault (its last box is where).
    failed: bool,
}

pub fn draw(w: &Walk) -> String {
    let rows = rows(w);
    let g_cols = rows.iter().map(|r| r.g.len()).max().unwrap_or(0);
    let width = LEFT * 2.0 + FIRST_W + g_cols as f64 * (G_W + COL_GAP) + COL_GAP + LAST_W;
    let outcome = match w.outcome {
        Outcome::Pa(pa) => format!("result: PA {pa:#x}"),
        _ => format!("result: {}", w.why_not().unwrap_or_default()),
    };
    let notes: Vec<String> =
        w.notes.iter().chain(std::iter::once(&outcome)).flat_map(|n| wrap(n, (width / 7.3) as usize)).collect();
    let rows_bottom = TOP + rows.len() as f64 * (BOX_H + ROW_GAP);
    let height = rows_bottom + notes.len() as f64 * 17.0 + 16.0;
    let mut svg = Svg::new(width, height);
    let access = format!("{:?}", w.access).to_lowercase();
    svg.text(LEFT, 28.0, 15.0, Anchor::Start, INK, &format!("translate {:#x} ({access}) in {}", w.va, w.mode));
    for (i, st) in w.stages.iter().enumerate() {
        svg.text(LEFT, 48.0 + 16.0 * i as f64, 11.0, Anchor::Start, DIM, &stage_title(st));
    }
    if g_cols > 0 {
        let x = LEFT + FIRST_W + COL_GAP;
        svg.text(x, TOP - 8.0, 11.0, Anchor::Start, DIM, "G-stage (hgatp) walk of that address ->");
    }
    for (i, row) in rows.iter().enumerate() {
        let y = TOP + i as f64 * (BOX_H + ROW_GAP);
        let mut x = LEFT;
        let last_g = row.g.len();
        boxed(&mut svg, x, y, FIRST_W, &row.start, PALE, false);
        x += FIRST_W;
        for (k, g) in row.g.iter().enumerate() {
            svg.arrow(x + 2.0, y + BOX_H / 2.0, x + COL_GAP - 4.0, y + BOX_H / 2.0);
            x += COL_GAP;
            let thick = row.failed && row.end.is_empty() && k + 1 == last_g;
            boxed(&mut svg, x, y, G_W, g, WHITE, thick);
            x += G_W;
        }
        if !row.end.is_empty() {
            // Rows without G-stage columns end in the last column too, so
            // that results line up.
            let end_x = LEFT + FIRST_W + g_cols as f64 * (G_W + COL_GAP) + COL_GAP;
            svg.arrow(x + 2.0, y + BOX_H / 2.0, end_x - 4.0, y + BOX_H / 2.0);
            boxed(&mut svg, end_x, y, LAST_W, &row.end, if row.failed { WHITE } else { LIT }, row.failed);
            if i + 1 < rows.len() {
                // The PTE read here leads to the next row's address.
                svg.arrow(end_x + LAST_W / 2.0, y + BOX_H + 2.0, LEFT + FIRST_W / 2.0, y + BOX_H + ROW_GAP - 4.0);
            }
        }
    }
    for (i, n) in notes.iter().enumerate() {
        svg.text(LEFT, rows_bottom + 4.0 + i as f64 * 17.0, 12.0, Anchor::Start, INK, n);
    }
    svg.finish()
}

fn stage_title(st: &Stage) -> String {
    let (name, input) = match st.kind {
        StageKind::Single => ("satp", "VA"),
        StageKind::Vs => ("vsatp", "GVA"),
        StageKind::G => ("hgatp", "GPA"),
    };
    format!("{name} = {:#x} ({}), {input} {:#x}", st.atp, st.scheme, st.input)
}

fn rows(w: &Walk) -> Vec<Row> {
    let mut rows = Vec::new();
    match w.stages.first() {
        None => rows.push(Row {
            start: vec![format!("{:?} {:#x}", w.access, w.va).to_lowercase(), "no translation".into()],
            g: vec![],
            end: end_of(w),
            failed: !matches!(w.outcome, Outcome::Pa(_)),
        }),
        Some(st) if st.kind != StageKind::G => {
            let gpa = st.kind == StageKind::Vs;
            for p in &st.ptes {
                let g = p.g_walk.as_deref().map(g_boxes).unwrap_or_default();
                let g_failed = p.g_walk.as_deref().is_some_and(|g| g.output.is_none());
                let read = p.value.map(|v| vec![
                    format!("PTE = {v:#x}"),
                    short(&p.verdict),
                ]);
                let where_ = if gpa { format!("at GPA {:#x}", p.addr) } else { format!("at PA {:#x}", p.addr) };
                let (end, failed) = match (g_failed, read) {
                    (true, _) => (vec![], true),
                    (false, Some(mut lines)) => {
                        if gpa {
                            lines.insert(0, format!("read at PA {:#x}", g_out(p).unwrap_or(p.addr)));
                        }
                        let failed = !p.verdict.contains("next table") && !p.verdict.contains("leaf");
                        (lines, failed)
                    }
                    (false, None) => (vec!["not read".into(), short(&p.verdict)], true),
                };
                rows.push(Row { start: vec![format!("level {} PTE", p.level), where_], g, end, failed });
            }
            if let Some(out) = st.output {
                if let Some(g) = w.stages.get(1) {
                    rows.push(Row {
                        start: vec!["the GVA's GPA".into(), format!("{out:#x}")],
                        g: g_boxes(g),
                        end: if g.output.is_some() { end_of(w) } else { vec![] },
                        failed: g.output.is_none() || !matches!(w.outcome, Outcome::Pa(_)),
                    });
                } else {
                    let start = if st.ptes.is_empty() {
                        vec![format!("{} (Bare)", if gpa { "vsatp" } else { "satp" }), format!("{out:#x}")]
                    } else {
                        vec!["the page".into(), format!("{out:#x}")]
                    };
                    rows.push(Row {
                        start,
                        g: vec![],
                        end: end_of(w),
                        failed: !matches!(w.outcome, Outcome::Pa(_)),
                    });
                }
            }
        }
        // vsatp Bare: the G-stage alone.
        Some(g) => {
            rows.push(Row {
                start: vec!["vsatp Bare: GPA".into(), format!("{:#x}", g.input)],
                g: g_boxes(g),
                end: if g.output.is_some() { end_of(w) } else { vec![] },
                failed: g.output.is_none() || !matches!(w.outcome, Outcome::Pa(_)),
            });
        }
    }
    rows
}

fn g_out(p: &PteRead) -> Option<u64> {
    p.g_walk.as_deref().and_then(|g| g.output)
}

/// The G-stage PTE boxes of one walk.
fn g_boxes(g: &Stage) -> Vec<Vec<String>> {
    g.ptes
        .iter()
        .map(|p| {
            let mut lines = vec![format!("G level {}", p.level), format!("{:#x}", p.addr)];
            match p.value {
                Some(v) => lines.push(format!("= {v:#x}")),
                None => lines.push("not read".into()),
            }
            lines.push(short(&p.verdict));
            lines
        })
        .collect()
}

fn end_of(w: &Walk) -> Vec<String> {
    match w.outcome {
        Outcome::Pa(pa) => vec!["physical address".into(), format!("{pa:#x}")],
        Outcome::Fault(t) => vec![t.cause.name().to_string(), format!("tval {:#x}", t.tval)],
        Outcome::Unknown => vec!["cannot tell".into()],
    }
}

/// The head of a verdict, short enough for a box ("next table at X" is
/// "next table": the next box shows X).
fn short(verdict: &str) -> String {
    let head = verdict.split([',', ':', ';']).next().unwrap_or(verdict).trim();
    let head = head.split(" at ").next().unwrap_or(head);
    let mut s: String = head.chars().take(28).collect();
    if head.chars().count() > 28 {
        s.push('…');
    }
    s
}

fn boxed(svg: &mut Svg, x: f64, y: f64, w: f64, lines: &[String], fill: &str, thick: bool) {
    svg.rect(x, y, w, BOX_H, fill, if thick { 3.0 } else { 1.0 });
    let top = y + (BOX_H - lines.len() as f64 * 15.0) / 2.0 + 11.0;
    for (i, l) in lines.iter().enumerate() {
        let size = if text_width(l.chars().count(), 12.0) <= w - 6.0 { 12.0 } else { 11.0 };
        svg.text(x + w / 2.0, top + i as f64 * 15.0, size, Anchor::Middle, INK, l);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bus::Bus;
    use crate::debug::translate::{translate, Access};
    use crate::Hart;

    #[test]
    fn an_untranslated_access_is_one_row_to_its_address() {
        let h = Hart::new(Bus::new(1 << 20), 0x8000_0000);
        let doc = draw(&translate(&h, 0x8000_0010, Access::Load, None));
        assert!(doc.contains(">translate 0x80000010 (load) in M</text>"), "{doc}");
        assert!(doc.contains(">no translation</text>") && doc.contains(">0x80000010</text>"), "{doc}");
        assert!(doc.contains("result: PA 0x80000010"), "{doc}");
        assert!(!doc.contains("G-stage (hgatp)"), "no G-stage columns with V=0");
    }
}
