//! `draw modes FILE`: the privilege levels as the H extension arranges
//! them, privilege level down the page (M 3, S 1, U 0) and V across
//! (V=0 left, V=1 right): M, HS and U; VS and VU. The hart's mode now is
//! lit, and the last transition (trap, interrupt or xRET) is an arrow
//! from the mode it left to the mode it entered, with why it went there
//! (the record's route: medeleg/hedeleg, the xRET's SPP/SPV/MPP/MPV).

use super::svg::{text_width, wrap, Anchor, Svg, DIM, INK, LIT, PALE};
use crate::debug::record::{Kind, Record};
use crate::debug::symbols::Symbols;
use crate::hart::Mode;

const LEFT: f64 = 110.0;
const COL_W: f64 = 250.0;
const GAP: f64 = 60.0;
const BOX_H: f64 = 56.0;
const ROW_Y: [f64; 3] = [70.0, 170.0, 270.0];
const WIDTH: f64 = LEFT + 2.0 * COL_W + GAP + 110.0;
const TEXT_COLS: usize = 96;

/// A mode's box: x, y, width, height.
fn place(m: Mode) -> (f64, f64, f64, f64) {
    let right = LEFT + COL_W + GAP;
    match m {
        Mode::M => (LEFT, ROW_Y[0], 2.0 * COL_W + GAP, BOX_H),
        Mode::HS => (LEFT, ROW_Y[1], COL_W, BOX_H),
        Mode::U => (LEFT, ROW_Y[2], COL_W, BOX_H),
        Mode::VS => (right, ROW_Y[1], COL_W, BOX_H),
        Mode::VU => (right, ROW_Y[2], COL_W, BOX_H),
    }
}

/// What runs in a mode here (the default boot's layers).
fn role(m: Mode) -> &'static str {
    match m {
        Mode::M => "firmware (SBI)",
        Mode::HS => "hypervisor / host kernel",
        Mode::U => "host user programs",
        Mode::VS => "guest kernel",
        Mode::VU => "guest user programs",
    }
}

/// The picture: `now` is the hart's mode and pc, `last` the last transition.
pub fn draw(now: Mode, pc: u64, last: Option<&Record>, syms: &Symbols) -> String {
    let caption = match last {
        Some(r) => describe(r, syms),
        None => vec!["No trap, interrupt or xRET yet.".to_string()],
    };
    let text_top = ROW_Y[2] + BOX_H + 40.0;
    let height = text_top + caption.len() as f64 * 17.0 + 16.0;
    let mut svg = Svg::new(WIDTH, height);
    svg.text(24.0, 28.0, 15.0, Anchor::Start, INK, &format!("The hart is in {now} at pc {pc:#x}{}", label(syms, pc)));
    // Axes: privilege level down the side, V across the top.
    for (y, name) in ROW_Y.iter().zip(["3  M", "1  S", "0  U"]) {
        svg.text(24.0, y + BOX_H / 2.0 + 4.0, 12.0, Anchor::Start, DIM, name);
    }
    svg.text(24.0, ROW_Y[0] - 10.0, 11.0, Anchor::Start, DIM, "privilege");
    svg.text(LEFT + COL_W / 2.0, ROW_Y[1] - 12.0, 12.0, Anchor::Middle, DIM, "V=0");
    svg.text(LEFT + 1.5 * COL_W + GAP, ROW_Y[1] - 12.0, 12.0, Anchor::Middle, DIM, "V=1 (virtualised)");
    for m in [Mode::M, Mode::HS, Mode::U, Mode::VS, Mode::VU] {
        let (x, y, w, h) = place(m);
        let lit = m == now;
        svg.rect(x, y, w, h, if lit { LIT } else { PALE }, if lit { 3.0 } else { 1.0 });
        svg.text(x + w / 2.0, y + 24.0, 17.0, Anchor::Middle, INK, m.name());
        svg.text(x + w / 2.0, y + 44.0, 11.0, Anchor::Middle, DIM, role(m));
    }
    if let Some(r) = last {
        arrow(&mut svg, r.from, r.to);
    }
    for (i, line) in caption.iter().enumerate() {
        svg.text(24.0, text_top + i as f64 * 17.0, 12.0, Anchor::Start, INK, line);
    }
    svg.finish()
}

/// The arrow of a transition: between two boxes, edge to edge; a loop on
/// the box's right side when the mode does not change (a trap taken in
/// the mode it came from).
fn arrow(svg: &mut Svg, from: Mode, to: Mode) {
    let (fx, fy, fw, fh) = place(from);
    if from == to {
        let x = fx + fw;
        let y = fy + fh / 2.0;
        svg.curved_arrow(x, y - 14.0, x + 90.0, y, x + 4.0, y + 14.0);
        return;
    }
    let (tx, ty, tw, th) = place(to);
    // M and a user mode: a straight arrow would cross the S-level box
    // between them, so it curves round the outside of the column.
    let user = |m: Mode| matches!(m, Mode::U | Mode::VU);
    if (from == Mode::M && user(to)) || (to == Mode::M && user(from)) {
        let (ux, uy, uw, uh) = if from == Mode::M { (tx, ty, tw, th) } else { (fx, fy, fw, fh) };
        let right = ux > LEFT;
        let side = if right { ux + uw } else { ux };
        let out = if right { 70.0 } else { -70.0 };
        let user_end = (side, uy + uh / 2.0);
        let m_end = (side - out / 3.5, ROW_Y[0] + BOX_H);
        let control = (side + out, ROW_Y[1] + BOX_H / 2.0);
        let (a, b) = if from == Mode::M { (m_end, user_end) } else { (user_end, m_end) };
        svg.curved_arrow(a.0, a.1, control.0, control.1, b.0, b.1 + if from == Mode::M { 0.0 } else { 4.0 });
        return;
    }
    let (c1, c2) = ((fx + fw / 2.0, fy + fh / 2.0), (tx + tw / 2.0, ty + th / 2.0));
    // M spans both columns: aim at the part of it above the other box.
    let c1 = if from == Mode::M { (c2.0, c1.1) } else { c1 };
    let c2 = if to == Mode::M { (c1.0, c2.1) } else { c2 };
    let (dx, dy) = (c2.0 - c1.0, c2.1 - c1.1);
    let edge = |hw: f64, hh: f64| {
        let tx = if dx == 0.0 { f64::INFINITY } else { hw / dx.abs() };
        let ty = if dy == 0.0 { f64::INFINITY } else { hh / dy.abs() };
        tx.min(ty)
    };
    let t1 = edge(fw / 2.0, fh / 2.0).min(0.5);
    let t2 = edge(tw / 2.0, th / 2.0).min(0.5);
    // Side by side boxes (HS <-> VS) get the arrow a little off centre, so
    // that it does not hide the modes' names.
    let shift = if dy == 0.0 { 6.0 } else { 0.0 };
    svg.arrow(c1.0 + dx * t1, c1.1 + dy * t1 + shift, c2.0 - dx * (t2 + 0.02), c2.1 - dy * (t2 + 0.02) + shift);
}

fn label(syms: &Symbols, pc: u64) -> String {
    syms.label(pc).map(|l| format!(" <{l}>")).unwrap_or_default()
}

/// The caption: what the transition was, where it went and why.
fn describe(r: &Record, syms: &Symbols) -> Vec<String> {
    let what = match &r.kind {
        Kind::Exception { cause, tval } => format!("exception {} ({}), tval={tval:#x}", cause.name(), cause.code()),
        Kind::Interrupt { cause } => format!("interrupt {} (irq{})", cause.name(), cause.code()),
        Kind::Xret { mret: true } => "mret".to_string(),
        Kind::Xret { mret: false } => "sret".to_string(),
        Kind::Retired | Kind::Waiting => "a step".to_string(),
    };
    let mut lines = vec![
        format!("Last transition, step {}: {} -> {}, {what}", r.position, r.from, r.to),
        format!("  from pc {:#x}{} to pc {:#x}{}", r.pc, label(syms, r.pc), r.pc_after, label(syms, r.pc_after)),
    ];
    for why in &r.route {
        for (i, l) in wrap(why, TEXT_COLS - 8).into_iter().enumerate() {
            lines.push(format!("{}{l}", if i == 0 { "  why: " } else { "       " }));
        }
    }
    debug_assert!(lines.iter().all(|l| text_width(l.chars().count(), 12.0) < WIDTH));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hart::Exception;

    fn record(from: Mode, to: Mode, kind: Kind) -> Record {
        Record {
            position: 7,
            instret: 7,
            pc: 0x9000_1000,
            raw: Some(0x73),
            kind,
            from,
            to,
            pc_after: 0x8020_0000,
            csrs: vec![],
            xregs: vec![],
            fregs: vec![],
            mem: vec![],
            route: vec!["hedeleg[10] is read-only 0: environment call from VS-mode always stops in HS".into()],
        }
    }

    #[test]
    fn the_current_mode_is_lit_and_the_transition_explained() {
        let r = record(Mode::VS, Mode::HS, Kind::Exception { cause: Exception::EcallFromVS, tval: 0 });
        let doc = draw(Mode::HS, 0x8020_0000, Some(&r), &Symbols::default());
        assert!(doc.contains("The hart is in HS at pc 0x80200000"), "{doc}");
        assert!(doc.contains("step 7: VS -&gt; HS"), "{doc}");
        assert!(doc.contains("why: hedeleg[10] is read-only 0"), "{doc}");
        assert_eq!(doc.matches("stroke-width=\"3.0\"").count(), 1, "one lit mode");
        assert!(doc.contains("marker-end"), "the transition's arrow");
    }

    #[test]
    fn without_a_transition_there_is_no_arrow() {
        let doc = draw(Mode::M, 0x1000, None, &Symbols::default());
        assert!(doc.contains("No trap, interrupt or xRET yet."));
        assert!(!doc.contains("marker-end="));
    }
}
