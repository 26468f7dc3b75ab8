//! The deflator table file `pq settings deflators FILE.csv` loads: read whole or refused
//! whole, every problem named with its line.
//!
//! The file is CSV (UTF-8, a byte-order mark is fine). Two lines name the table, then a header
//! and one row per year and VSIC section:
//!
//! ```text
//! source,"Cục Thống kê (Bộ Tài chính): chỉ số giảm phát giá trị tăng thêm theo ngành, 2026"
//! base_year,2020
//! year,section,value_added,capital
//! 2023,C,112.4,108.1
//! 2024,C,115.0,
//! 2024,*,116.2,110.5
//! ```
//!
//! `value_added` and `capital` are price indices with the base year at 100; `capital` may be
//! empty (the value-added index is used); section `*` stands for every section without a row
//! of its own that year.

use std::collections::BTreeSet;

use pq_core::indicators::{DeflatorRow, DeflatorTable};

/// The columns of the table's header line.
pub const HEADER: [&str; 4] = ["year", "section", "value_added", "capital"];

/// The VSIC 2018 section letters.
const SECTIONS: &str = "ABCDEFGHIJKLMNOPQRSTU";

/// One problem of a deflator file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct LineProblem {
    /// 1-based; 0 for the file as a whole.
    pub line: usize,
    pub message: String,
}

/// Why a deflator file was refused (nothing of it is loaded).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} problem(s); nothing was loaded:\n{}", .problems.len(), .problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
pub struct DeflatorFileError {
    pub problems: Vec<LineProblem>,
}

fn number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Reads a deflator table from the text of its CSV file.
pub fn parse(text: &str) -> Result<DeflatorTable, DeflatorFileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut problems = Vec::new();
    let mut problem = |line: usize, message: String| problems.push(LineProblem { line, message });
    let mut source: Option<String> = None;
    let mut base_year: Option<i32> = None;
    let mut header_seen = false;
    let mut bad_rows = 0;
    let mut rows: Vec<DeflatorRow> = Vec::new();
    let mut seen: BTreeSet<(i32, String)> = BTreeSet::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(0, |p| p.line() as usize);
                problem(line, format!("not readable as CSV: {error}"));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        let fields: Vec<&str> = record.iter().collect();
        if fields.iter().all(|f| f.is_empty()) {
            continue;
        }
        let first = fields[0].to_ascii_lowercase();
        if !header_seen {
            match first.as_str() {
                "source" => match fields.get(1).filter(|s| !s.is_empty()) {
                    Some(text) => source = Some((*text).to_owned()),
                    None => problem(line, "the source line has no text after \"source,\"".into()),
                },
                "base_year" => match fields.get(1).and_then(|y| y.parse::<i32>().ok()) {
                    Some(year) if (1990..=2100).contains(&year) => base_year = Some(year),
                    _ => problem(
                        line,
                        format!(
                            "base_year must be a year such as 2020, not '{}'",
                            fields.get(1).unwrap_or(&"")
                        ),
                    ),
                },
                "year" => {
                    let header: Vec<String> =
                        fields.iter().map(|f| f.to_ascii_lowercase()).collect();
                    if header != HEADER {
                        problem(
                            line,
                            format!(
                                "the header must be '{}', not '{}'",
                                HEADER.join(","),
                                fields.join(",")
                            ),
                        );
                    }
                    header_seen = true;
                }
                _ => problem(
                    line,
                    format!(
                        "expected 'source,…', 'base_year,…' or the header '{}' before the rows, not '{}'",
                        HEADER.join(","),
                        fields.join(",")
                    ),
                ),
            }
            continue;
        }
        if fields.len() < 3 || fields.len() > 4 {
            problem(
                line,
                format!(
                    "a row has 3 or 4 fields (year,section,value_added[,capital]), not {}",
                    fields.len()
                ),
            );
            continue;
        }
        let year = fields[0]
            .parse::<i32>()
            .ok()
            .filter(|y| (1990..=2100).contains(y));
        let section = fields[1].to_ascii_uppercase();
        let value_added = number(fields[2]);
        let capital_text = fields.get(3).copied().unwrap_or("");
        let capital = if capital_text.is_empty() {
            Ok(None)
        } else {
            number(capital_text)
                .filter(|n| *n > 0.0)
                .map(Some)
                .ok_or(())
        };
        let mut good = true;
        if year.is_none() {
            problem(
                line,
                format!("year must be a year such as 2024, not '{}'", fields[0]),
            );
            good = false;
        }
        let section_ok =
            section == "*" || (section.len() == 1 && SECTIONS.contains(section.as_str()));
        if !section_ok {
            problem(
                line,
                format!(
                    "section must be a VSIC section letter A–U or *, not '{}'",
                    fields[1]
                ),
            );
            good = false;
        }
        if !value_added.is_some_and(|v| v > 0.0) {
            problem(
                line,
                format!(
                    "value_added must be an index above 0 (base year = 100), not '{}'",
                    fields[2]
                ),
            );
            good = false;
        }
        if capital.is_err() {
            problem(
                line,
                format!("capital must be empty or an index above 0, not '{capital_text}'"),
            );
            good = false;
        }
        if !good {
            bad_rows += 1;
        }
        if let (true, Some(year), Some(value_added), Ok(capital)) =
            (good, year, value_added, capital)
        {
            if !seen.insert((year, section.clone())) {
                problem(
                    line,
                    format!("year {year} and section {section} are given twice"),
                );
                continue;
            }
            rows.push(DeflatorRow {
                year,
                section,
                value_added,
                capital,
            });
        }
    }
    let found_problems = rows.is_empty() && bad_rows == 0;
    if source.is_none() {
        problem(
            0,
            "no 'source,…' line: say where the indices come from".into(),
        );
    }
    if base_year.is_none() {
        problem(0, "no 'base_year,…' line".into());
    }
    if !header_seen {
        problem(0, format!("no header line '{}'", HEADER.join(",")));
    } else if found_problems {
        problem(0, "no rows after the header".into());
    }
    match (problems.is_empty(), source, base_year) {
        (true, Some(source), Some(base_year)) => Ok(DeflatorTable {
            base_year,
            source,
            rows,
        }),
        _ => Err(DeflatorFileError { problems }),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const GOOD: &str = "\u{feff}source,\"Cục Thống kê (Bộ Tài chính), 2026\"\nbase_year,2020\nyear,section,value_added,capital\n2023,C,110,105\n2024,c,121,\n\n2024,*,120,110\n";

    #[test]
    fn a_good_file_reads_whole() {
        let table = parse(GOOD).unwrap();
        assert_eq!(table.base_year, 2020);
        assert_eq!(table.source, "Cục Thống kê (Bộ Tài chính), 2026");
        assert_eq!(table.rows.len(), 3);
        assert_eq!(table.rows[1].section, "C");
        assert_eq!(table.rows[1].capital, None);
        assert_eq!(table.capital_index(2024, "C"), Some(121.0));
    }

    #[test]
    fn every_problem_is_named_with_its_line() {
        let text = "source,X\nbase_year,20x0\nyear,section,value_added,capital\n2023,C,110,105\n20x4,C,0,\n2023,C,111,\n2025,Z,100,-1\n2026,C\n";
        let error = parse(text).unwrap_err();
        let lines: Vec<(usize, &str)> = error
            .problems
            .iter()
            .map(|p| (p.line, p.message.as_str()))
            .collect();
        assert_eq!(lines[0].0, 2, "{lines:?}");
        assert!(lines[0].1.contains("base_year"));
        assert!(
            lines
                .iter()
                .any(|(l, m)| *l == 5 && m.starts_with("year must be"))
        );
        assert!(
            lines
                .iter()
                .any(|(l, m)| *l == 5 && m.starts_with("value_added"))
        );
        assert!(lines.iter().any(|(l, m)| *l == 6 && m.contains("twice")));
        assert!(
            lines
                .iter()
                .any(|(l, m)| *l == 7 && m.starts_with("section"))
        );
        assert!(
            lines
                .iter()
                .any(|(l, m)| *l == 7 && m.starts_with("capital"))
        );
        assert!(
            lines
                .iter()
                .any(|(l, m)| *l == 8 && m.contains("3 or 4 fields"))
        );
        assert!(error.to_string().contains("nothing was loaded"));
    }

    #[test]
    fn the_name_lines_and_the_header_are_required() {
        let error = parse("year,section,value_added\n2023,C,110\n").unwrap_err();
        let messages: Vec<String> = error.problems.iter().map(ToString::to_string).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("line 1: the header must be")),
            "{messages:?}"
        );
        assert!(messages.iter().any(|m| m.contains("no 'source")));
        assert!(messages.iter().any(|m| m.contains("no 'base_year")));
        let error = parse("source,X\nbase_year,2020\n").unwrap_err();
        assert!(error.problems[0].message.contains("no header"));
    }
}
