//! Charts drawn as SVG: bars for a figure against the plan (and for its parts), a line for
//! the yearly series. Every chart carries its text alternative (`<title>` and `<desc>` named
//! by `aria-labelledby`) and shows its numbers as text.

use std::fmt::Write;

use super::markup::escape;

/// How a bar is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BarKind {
    /// What the surveys measured.
    Measured,
    /// The plan's number.
    Plan,
    /// One part of a figure.
    Part,
}

impl BarKind {
    fn class(self) -> &'static str {
        match self {
            BarKind::Measured => "bar-measured",
            BarKind::Plan => "bar-plan",
            BarKind::Part => "bar-part",
        }
    }
}

/// One bar: its label, its length (`None`: no data, no bar) and the text shown beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: Option<f64>,
    pub shown: String,
    pub kind: BarKind,
}

/// One point of a yearly series.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub year: i32,
    pub value: Option<f64>,
    pub shown: String,
}

const WIDTH: f64 = 640.0;
/// Room right of the longest bar for its number.
const VALUE_ROOM: f64 = 170.0;
const ROW: f64 = 46.0;

fn scale_max(values: impl Iterator<Item = f64>) -> f64 {
    let max = values.filter(|v| v.is_finite()).fold(0.0_f64, f64::max);
    if max > 0.0 { max } else { 1.0 }
}

/// `<svg>` opening with its text alternative.
fn open(out: &mut String, id: &str, height: f64, title: &str, description: &str) {
    let _ = write!(
        out,
        r#"<svg viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{id}-title" aria-describedby="{id}-desc"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(title),
        escape(description)
    );
}

/// The text alternative of labelled numbers: `Đo được: 3; Kế hoạch: ≥ 4`.
fn describe<'a>(items: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    items
        .map(|(label, shown)| format!("{label}: {shown}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A horizontal bar chart: each bar's label on its own line, the bar below it, its number at
/// the bar's end. A bar without a value shows its text (e.g. "no data") and no bar.
pub fn bars(id: &str, title: &str, bars: &[Bar]) -> String {
    let height = ROW * bars.len() as f64 + 6.0;
    let max = scale_max(bars.iter().filter_map(|b| b.value));
    let room = WIDTH - VALUE_ROOM;
    let mut out = String::new();
    let description = describe(bars.iter().map(|b| (b.label.as_str(), b.shown.as_str())));
    open(&mut out, id, height, title, &description);
    for (i, bar) in bars.iter().enumerate() {
        let top = ROW * i as f64;
        let _ = write!(
            out,
            r#"<text x="0" y="{:.1}">{}</text>"#,
            top + 14.0,
            escape(&bar.label)
        );
        let bar_top = top + 20.0;
        match bar.value {
            Some(value) if value.is_finite() => {
                let length = (value.max(0.0) / max * room).max(if value > 0.0 { 2.0 } else { 0.0 });
                let _ = write!(
                    out,
                    r#"<rect class="{}" x="0" y="{bar_top:.1}" width="{length:.1}" height="18" rx="3"></rect><text x="{:.1}" y="{:.1}">{}</text>"#,
                    bar.kind.class(),
                    length + 6.0,
                    bar_top + 14.0,
                    escape(&bar.shown)
                );
            }
            _ => {
                let _ = write!(
                    out,
                    r#"<text x="0" y="{:.1}" font-style="italic">{}</text>"#,
                    bar_top + 14.0,
                    escape(&bar.shown)
                );
            }
        }
    }
    out.push_str("</svg>");
    out
}

/// A line through the yearly values, each point labelled with its number and year. Years
/// without a value break the line and say so under their year.
pub fn series(id: &str, title: &str, points: &[Point]) -> String {
    let height = 200.0;
    let (left, right, top, bottom) = (40.0, WIDTH - 40.0, 30.0, height - 40.0);
    let max = scale_max(points.iter().filter_map(|p| p.value)) * 1.1;
    let step = if points.len() > 1 {
        (right - left) / (points.len() - 1) as f64
    } else {
        0.0
    };
    let x_of = |i: usize| {
        if points.len() > 1 {
            left + step * i as f64
        } else {
            (left + right) / 2.0
        }
    };
    let y_of = |v: f64| bottom - (v.max(0.0) / max) * (bottom - top);
    let mut out = String::new();
    let years: Vec<String> = points.iter().map(|p| p.year.to_string()).collect();
    let description = describe(
        years
            .iter()
            .zip(points)
            .map(|(year, p)| (year.as_str(), p.shown.as_str())),
    );
    open(&mut out, id, height, title, &description);
    let _ = write!(
        out,
        r#"<line class="axis" x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}"></line>"#
    );
    let mut segment: Vec<String> = Vec::new();
    let mut lines = String::new();
    let flush = |segment: &mut Vec<String>, lines: &mut String| {
        if segment.len() > 1 {
            let _ = write!(
                lines,
                r#"<polyline class="series" points="{}"></polyline>"#,
                segment.join(" ")
            );
        }
        segment.clear();
    };
    for (i, point) in points.iter().enumerate() {
        match point.value {
            Some(v) if v.is_finite() => segment.push(format!("{:.1},{:.1}", x_of(i), y_of(v))),
            _ => flush(&mut segment, &mut lines),
        }
    }
    flush(&mut segment, &mut lines);
    out.push_str(&lines);
    for (i, point) in points.iter().enumerate() {
        let x = x_of(i);
        if let Some(v) = point.value.filter(|v| v.is_finite()) {
            let y = y_of(v);
            let _ = write!(
                out,
                r#"<circle class="point" cx="{x:.1}" cy="{y:.1}" r="4"></circle><text x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                y - 9.0,
                escape(&point.shown)
            );
        } else {
            // Kept inside the chart at either end.
            let anchor = match i {
                0 if points.len() > 1 => "start",
                i if i + 1 == points.len() && points.len() > 1 => "end",
                _ => "middle",
            };
            let _ = write!(
                out,
                r#"<text x="{x:.1}" y="{:.1}" text-anchor="{anchor}" font-style="italic">{}</text>"#,
                bottom - 8.0,
                escape(&point.shown)
            );
        }
        let _ = write!(
            out,
            r#"<text x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            bottom + 20.0,
            point.year
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, value: Option<f64>, shown: &str, kind: BarKind) -> Bar {
        Bar {
            label: label.into(),
            value,
            shown: shown.into(),
            kind,
        }
    }

    #[test]
    fn bars_scale_to_the_largest_and_say_their_numbers() {
        let svg = bars(
            "t6",
            "T6 <systems>",
            &[
                bar("Đo được", Some(3.0), "3 doanh nghiệp", BarKind::Measured),
                bar("Kế hoạch", Some(6.0), "≥ 6", BarKind::Plan),
            ],
        );
        assert!(
            svg.starts_with(
                r#"<svg viewBox="0 0 640 98" role="img" aria-labelledby="t6-title" aria-describedby="t6-desc">"#
            ),
            "{svg}"
        );
        assert!(svg.contains(r#"<title id="t6-title">T6 &lt;systems&gt;</title>"#));
        assert!(
            svg.contains(r#"<desc id="t6-desc">Đo được: 3 doanh nghiệp; Kế hoạch: ≥ 6</desc>"#)
        );
        // 640 - 170 = 470 for the longest bar; half of it for half the value.
        assert!(
            svg.contains(r#"class="bar-plan" x="0" y="66.0" width="470.0""#),
            "{svg}"
        );
        assert!(
            svg.contains(r#"class="bar-measured" x="0" y="20.0" width="235.0""#),
            "{svg}"
        );
        assert!(svg.contains(">3 doanh nghiệp</text>"));
    }

    #[test]
    fn a_bar_without_data_shows_its_words_and_no_rect() {
        let svg = bars(
            "t9",
            "T9",
            &[bar("Đo được", None, "Chưa có dữ liệu", BarKind::Measured)],
        );
        assert!(!svg.contains("<rect"));
        assert!(svg.contains(r#"font-style="italic">Chưa có dữ liệu</text>"#));
    }

    #[test]
    fn a_series_draws_a_line_per_run_of_years_with_values() {
        let point = |year, value, shown: &str| Point {
            year,
            value,
            shown: shown.into(),
        };
        let svg = series(
            "t1-years",
            "T1",
            &[
                point(2023, Some(10.0), "10"),
                point(2024, Some(20.0), "20"),
                point(2025, None, "no data"),
                point(2026, Some(5.0), "5"),
            ],
        );
        assert_eq!(svg.matches("<polyline").count(), 1, "{svg}");
        assert_eq!(svg.matches("<circle").count(), 3);
        assert!(svg.contains(
            r#"<desc id="t1-years-desc">2023: 10; 2024: 20; 2025: no data; 2026: 5</desc>"#
        ));
        // The largest value sits at 1/1.1 of the height above the axis.
        assert!(svg.contains(r#"cy="41.8""#), "{svg}");
        assert!(svg.contains(r#"text-anchor="middle" font-style="italic">no data</text>"#));
    }
}
