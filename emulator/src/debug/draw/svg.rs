//! A small SVG writer: rectangles, text, lines and arrows on a white page,
//! in a monospace font whose width the layout can count on (0.6 em per
//! character), so that a picture is the same text for the same input.

use std::fmt::Write as _;

/// The width of `chars` characters at font size `size`.
pub fn text_width(chars: usize, size: f64) -> f64 {
    chars as f64 * size * 0.6
}

/// Fill colours: the page, a field or mode that is set/current, one that is
/// not, reserved bits.
pub const WHITE: &str = "#ffffff";
pub const LIT: &str = "#ffd966";
pub const PALE: &str = "#f4f4f4";
pub const GREY: &str = "#d0d0d0";
pub const INK: &str = "#000000";
pub const DIM: &str = "#666666";
pub const ARROW: &str = "#c00000";

/// Where a text's x coordinate is.
#[derive(Clone, Copy)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// An SVG picture being drawn.
pub struct Svg {
    width: f64,
    height: f64,
    body: String,
}

impl Svg {
    pub fn new(width: f64, height: f64) -> Svg {
        Svg { width, height, body: String::new() }
    }

    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, stroke: f64) {
        let _ = writeln!(
            self.body,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="{fill}" stroke="{INK}" stroke-width="{stroke:.1}"/>"#
        );
    }

    pub fn text(&mut self, x: f64, y: f64, size: f64, anchor: Anchor, colour: &str, s: &str) {
        let anchor = match anchor {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        };
        let _ = writeln!(
            self.body,
            r#"<text x="{x:.1}" y="{y:.1}" font-size="{size:.1}" text-anchor="{anchor}" fill="{colour}" xml:space="preserve" style="white-space:pre">{}</text>"#,
            escape(s)
        );
    }

    /// Text bottom-to-top, centred on (x, y): names of one-bit fields.
    pub fn text_up(&mut self, x: f64, y: f64, size: f64, s: &str) {
        let _ = writeln!(
            self.body,
            r#"<text x="{x:.1}" y="{y:.1}" font-size="{size:.1}" text-anchor="middle" dominant-baseline="central" transform="rotate(-90 {x:.1} {y:.1})">{}</text>"#,
            escape(s)
        );
    }

    pub fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, colour: &str) {
        let _ = writeln!(
            self.body,
            r#"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="{colour}" stroke-width="1"/>"#
        );
    }

    /// A thick arrow from (x1, y1) to (x2, y2), its head at the end.
    pub fn arrow(&mut self, x1: f64, y1: f64, x2: f64, y2: f64) {
        let _ = writeln!(
            self.body,
            r#"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="{ARROW}" stroke-width="3" marker-end="url(#head)"/>"#
        );
    }

    /// A thick arrow along a quadratic curve through the control point
    /// (cx, cy): a trap that stays in its mode loops out and back.
    pub fn curved_arrow(&mut self, x1: f64, y1: f64, cx: f64, cy: f64, x2: f64, y2: f64) {
        let _ = writeln!(
            self.body,
            r#"<path d="M {x1:.1} {y1:.1} Q {cx:.1} {cy:.1} {x2:.1} {y2:.1}" fill="none" stroke="{ARROW}" stroke-width="3" marker-end="url(#head)"/>"#
        );
    }

    /// The document.
    pub fn finish(self) -> String {
        let (w, h) = (self.width, self.height);
        format!(
            concat!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}" "#,
                r#"font-family="DejaVu Sans Mono, Menlo, Consolas, monospace">"#,
                "\n<defs><marker id=\"head\" markerUnits=\"userSpaceOnUse\" markerWidth=\"14\" markerHeight=\"12\" refX=\"12\" refY=\"6\" orient=\"auto\">",
                "<path d=\"M0,0 L14,6 L0,12 z\" fill=\"{arrow}\"/></marker></defs>\n",
                "<rect width=\"100%\" height=\"100%\" fill=\"{white}\"/>\n{body}</svg>\n"
            ),
            w = w,
            h = h,
            arrow = ARROW,
            white = WHITE,
            body = self.body
        )
    }
}

/// `s` with the characters XML gives a meaning escaped.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// `s` cut into lines of at most `width` characters, at spaces where it can.
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in s.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        let mut s = Svg::new(10.0, 10.0);
        s.text(0.0, 0.0, 10.0, Anchor::Start, INK, "a<b & c>d");
        let doc = s.finish();
        assert!(doc.contains("a&lt;b &amp; c&gt;d"), "{doc}");
        assert!(doc.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    }

    #[test]
    fn wrap_breaks_at_spaces() {
        assert_eq!(wrap("aaa bbb ccc", 7), vec!["aaa bbb", "ccc"]);
        assert_eq!(wrap("a-very-long-word x", 4), vec!["a-very-long-word", "x"]);
    }
}
