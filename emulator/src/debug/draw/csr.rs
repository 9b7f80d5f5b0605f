//! `draw csr NAME FILE`: a CSR as the spec draws it, bit 63 on the left,
//! in two rows of 32 bits, each field a box with its name and its value
//! now; fields that are not zero are lit, bits that are no field (WPRI,
//! read-only zero in hemu) are grey. Below, each non-zero field with its
//! meaning, from the CSR table (`hart::csr::info`).

use super::svg::{text_width, wrap, Anchor, Svg, DIM, GREY, INK, LIT, WHITE};
use crate::hart::csr::{Field, Info};

const MARGIN: f64 = 24.0;
const CELL: f64 = 28.0;
const BOX_H: f64 = 52.0;
/// A row: bit numbers, the boxes, the values.
const ROW_H: f64 = 14.0 + BOX_H + 24.0;
const TOP: f64 = 64.0;
const LEGEND_LINE: f64 = 17.0;

/// The picture of `info` holding `value`; `caption` says where in the run
/// it was taken.
pub fn draw(info: Info, value: u64, caption: &str) -> String {
    let fields = info.fields();
    let set: Vec<&Field> = fields.iter().filter(|f| f.get(value) != 0).collect();
    let legend: Vec<String> = set
        .iter()
        .flat_map(|f| {
            let head = format!("{:<6} = {:<6} ", f.name, value_text(f.get(value)));
            let mut lines = wrap(f.about, 62);
            if lines.is_empty() {
                lines.push(String::new());
            }
            lines
                .into_iter()
                .enumerate()
                .map(|(i, l)| if i == 0 { format!("{head}{l}") } else { format!("{:width$}{l}", "", width = head.len()) })
                .collect::<Vec<_>>()
        })
        .collect();
    let width = 2.0 * MARGIN + 32.0 * CELL;
    let legend_top = TOP + 2.0 * ROW_H + 8.0;
    let height = legend_top + (legend.len().max(1) as f64 + 1.0) * LEGEND_LINE + 8.0;
    let mut svg = Svg::new(width, height);
    svg.text(MARGIN, 26.0, 16.0, Anchor::Start, INK, &format!("{} = {value:#018x}", info.name()));
    svg.text(MARGIN, 46.0, 11.0, Anchor::Start, DIM, caption);
    for (row, hi) in [63u8, 31].into_iter().enumerate() {
        let y = TOP + row as f64 * ROW_H;
        for seg in segments(fields, hi, hi - 31) {
            draw_segment(&mut svg, &seg, hi, y, value);
        }
    }
    let heading = if set.is_empty() { "every field is 0" } else { "fields that are not 0:" };
    svg.text(MARGIN, legend_top + LEGEND_LINE, 12.0, Anchor::Start, INK, heading);
    for (i, line) in legend.iter().enumerate() {
        let y = legend_top + (i as f64 + 2.0) * LEGEND_LINE;
        svg.text(MARGIN + 12.0, y, 12.0, Anchor::Start, INK, line);
    }
    svg.finish()
}

/// Bits `hi..=lo` of one row: a field (or the part of it in this row), or
/// bits that belong to no field.
struct Segment {
    hi: u8,
    lo: u8,
    field: Option<Field>,
}

fn segments(fields: &[Field], hi: u8, lo: u8) -> Vec<Segment> {
    let owner = |bit: u8| fields.iter().find(|f| f.lo <= bit && bit <= f.hi).copied();
    let mut out: Vec<Segment> = Vec::new();
    let mut bit = hi as i16;
    while bit >= lo as i16 {
        let b = bit as u8;
        let field = owner(b);
        let end = match field {
            Some(f) => f.lo.max(lo),
            None => {
                let mut e = b;
                while e > lo && owner(e - 1).is_none() {
                    e -= 1;
                }
                e
            }
        };
        out.push(Segment { hi: b, lo: end, field });
        bit = end as i16 - 1;
    }
    out
}

fn draw_segment(svg: &mut Svg, seg: &Segment, row_hi: u8, y: f64, value: u64) {
    let x = MARGIN + (row_hi - seg.hi) as f64 * CELL;
    let w = (seg.hi - seg.lo + 1) as f64 * CELL;
    let box_y = y + 14.0;
    // The bit numbers at the segment's edges, as the spec's figures have them.
    if seg.hi == seg.lo {
        svg.text(x + w / 2.0, y + 10.0, 9.0, Anchor::Middle, DIM, &seg.hi.to_string());
    } else {
        svg.text(x + 2.0, y + 10.0, 9.0, Anchor::Start, DIM, &seg.hi.to_string());
        svg.text(x + w - 2.0, y + 10.0, 9.0, Anchor::End, DIM, &seg.lo.to_string());
    }
    let Some(f) = seg.field else {
        svg.rect(x, box_y, w, BOX_H, GREY, 1.0);
        return;
    };
    let v = f.get(value);
    svg.rect(x, box_y, w, BOX_H, if v != 0 { LIT } else { WHITE }, 1.0);
    let name = f.name;
    let n = name.chars().count();
    if text_width(n, 12.0) <= w - 4.0 {
        svg.text(x + w / 2.0, box_y + BOX_H / 2.0 + 4.0, 12.0, Anchor::Middle, INK, name);
    } else {
        let size = (BOX_H - 6.0) / (0.6 * n as f64);
        svg.text_up(x + w / 2.0, box_y + BOX_H / 2.0, size.min(11.0), name);
    }
    // A field cut by the row boundary shows its value once, in its low part.
    let text = if seg.lo == f.lo { value_text(v) } else { "…".to_string() };
    let size = if text_width(text.chars().count(), 12.0) <= w { 12.0 } else { 9.0 };
    svg.text(x + w / 2.0, box_y + BOX_H + 16.0, size, Anchor::Middle, INK, &text);
}

/// A field value as the debugger's `csr` shows it: decimal up to 9, else hex.
fn value_text(v: u64) -> String {
    if v > 9 {
        format!("{v:#x}")
    } else {
        v.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hart::csr;

    #[test]
    fn hstatus_fields_are_boxes_with_their_values() {
        let info = csr::by_name("hstatus").unwrap();
        // SPV=1, SPVP=1, VSXL=2.
        let doc = draw(info, (2 << 32) | (1 << 8) | (1 << 7), "test");
        assert!(doc.contains(">hstatus = 0x0000000200000180</text>"), "{doc}");
        // SPV is lit and says what it means below.
        assert!(doc.contains("SPV    = 1      V before the last trap into HS-mode"), "{doc}");
        assert!(!doc.contains("VTSR   ="), "a zero field is not in the legend");
        // Every field is drawn once per row it touches.
        for f in info.fields() {
            assert!(doc.contains(&format!(">{}</text>", f.name)), "{} missing", f.name);
        }
    }

    #[test]
    fn segments_cover_the_row_and_cut_fields_at_its_edge() {
        let f = [Field::bits("PPN", 43, 0, ""), Field::bits("MODE", 63, 60, "")];
        let top = segments(&f, 63, 32);
        let spans: Vec<(u8, u8, bool)> = top.iter().map(|s| (s.hi, s.lo, s.field.is_some())).collect();
        assert_eq!(spans, vec![(63, 60, true), (59, 44, false), (43, 32, true)]);
        let low = segments(&f, 31, 0);
        assert_eq!(low.len(), 1);
        assert_eq!((low[0].hi, low[0].lo), (31, 0));
    }
}
