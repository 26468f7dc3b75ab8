//! The one table `cargo xtask bench` prints: every measurement of one run, side by side with
//! SurveyJS where there is a comparison, and the target it is held against.

/// One line of the table.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// The table's part: "size", "big form", "storage", "sync", "engine".
    pub section: String,
    /// What was measured, e.g. "first page rendered".
    pub measure: String,
    /// PQ Survey's result, with its unit.
    pub pq: String,
    /// SurveyJS's result for the same measure, when there is one.
    pub surveyjs: Option<String>,
    /// PQ / SurveyJS, e.g. "0.31".
    pub ratio: Option<String>,
    /// The target, e.g. "≤ 200 KB".
    pub target: Option<String>,
}

impl Row {
    /// A row with no comparison and no target.
    pub fn new(section: &str, measure: &str, pq: impl Into<String>) -> Self {
        Row {
            section: section.to_owned(),
            measure: measure.to_owned(),
            pq: pq.into(),
            ..Row::default()
        }
    }

    pub fn target(mut self, target: impl Into<String>) -> Self {
        self.target = Some(target.into());
        self
    }

    pub fn versus(mut self, surveyjs: impl Into<String>, ratio: f64) -> Self {
        self.surveyjs = Some(surveyjs.into());
        self.ratio = Some(format!("{ratio:.2}"));
        self
    }
}

/// The sections in the order the table shows them; any other section comes after them.
pub const SECTIONS: [&str; 5] = ["size", "big form", "storage", "sync", "engine"];

/// Where a section's rows go in the table.
pub fn section_rank(section: &str) -> usize {
    SECTIONS
        .iter()
        .position(|s| *s == section)
        .unwrap_or(SECTIONS.len())
}

/// The rows as a Markdown table (printed, and pasted into BENCHMARKS.md).
pub fn markdown(rows: &[Row]) -> String {
    let mut out = String::from(
        "| section | measure | PQ Survey | SurveyJS | PQ / SurveyJS | target |\n|---|---|---:|---:|---:|---:|\n",
    );
    for row in rows {
        let dash = || "–".to_owned();
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            row.section,
            row.measure,
            row.pq,
            row.surveyjs.clone().unwrap_or_else(dash),
            row.ratio.clone().unwrap_or_else(dash),
            row.target.clone().unwrap_or_else(dash),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_print_as_markdown_with_dashes_for_what_is_missing() {
        let rows = [
            Row::new("size", "app shell, gzip -9", "457.6 KB")
                .versus("415.0 KB", 457.6 / 415.0)
                .target("≤ 200 KB"),
            Row::new("sync", "submissions per second", "6,100"),
        ];
        let table = markdown(&rows);
        assert!(
            table.contains("| size | app shell, gzip -9 | 457.6 KB | 415.0 KB | 1.10 | ≤ 200 KB |")
        );
        assert!(table.contains("| sync | submissions per second | 6,100 | – | – | – |"));
    }

    #[test]
    fn sections_keep_the_table_order() {
        assert!(section_rank("size") < section_rank("big form"));
        assert!(section_rank("sync") < section_rank("engine"));
        assert_eq!(section_rank("server"), SECTIONS.len());
    }
}
