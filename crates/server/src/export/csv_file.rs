//! A table as CSV: UTF-8 with a byte-order mark, so spreadsheet programs show Vietnamese
//! correctly.
//!
//! A spreadsheet opening a CSV runs any cell that starts with `=`, `+`, `-` or `@` (and, in
//! some programs, a tab or carriage return before one) as a formula, so an answer such as
//! `=HYPERLINK(…)` would act on the reader's computer. Text cells starting so are written
//! with a leading apostrophe (as OWASP advises), which the spreadsheet shows as text. Number
//! cells are the answers' JSON numbers and are written as numbers: `-12.5` stays a negative
//! number (a number is never a formula); only text that looks like one gets the apostrophe.

use super::table::{Cell, Table};
use crate::ServerError;

/// The UTF-8 byte-order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

pub fn write(table: &Table) -> Result<Vec<u8>, ServerError> {
    let failed = |e: csv::Error| ServerError::Export(e.to_string());
    let mut writer = csv::Writer::from_writer(BOM.to_vec());
    writer
        .write_record(table.headers.iter().map(|header| as_text(header)))
        .map_err(failed)?;
    for row in &table.rows {
        writer
            .write_record(row.iter().map(|cell| match cell {
                Cell::Empty => String::new(),
                Cell::Text(text) => as_text(text),
                Cell::Number(n) => n.to_string(),
                Cell::Bool(b) => b.to_string(),
            }))
            .map_err(failed)?;
    }
    writer
        .into_inner()
        .map_err(|e| ServerError::Export(e.to_string()))
}

/// The characters that make a spreadsheet read a cell as a formula when they start it.
const FORMULA_STARTS: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// `text` as a spreadsheet shows it as text: with a leading apostrophe when it would
/// otherwise start a formula.
pub fn as_text(text: &str) -> String {
    if text.starts_with(FORMULA_STARTS) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn starts_with_a_bom_and_quotes_what_needs_it() {
        let table = Table {
            name: "t".into(),
            headers: vec!["a".into(), "b".into()],
            rows: vec![vec![
                Cell::Text("Đồng, \"Tiến\"".into()),
                Cell::Number(serde_json::Number::from_f64(1.5).unwrap()),
            ]],
        };
        let bytes = write(&table).unwrap();
        assert!(bytes.starts_with(BOM));
        assert_eq!(
            std::str::from_utf8(&bytes[3..]).unwrap(),
            "a,b\n\"Đồng, \"\"Tiến\"\"\",1.5\n"
        );
    }

    #[test]
    fn text_that_would_start_a_formula_gets_an_apostrophe_numbers_stay_numbers() {
        assert_eq!(as_text("=1+1"), "'=1+1");
        assert_eq!(as_text("-5"), "'-5");
        assert_eq!(as_text("\t=x"), "'\t=x");
        assert_eq!(as_text("a=b"), "a=b");
        assert_eq!(as_text(""), "");
        let table = Table {
            name: "t".into(),
            headers: vec!["n".into(), "t".into()],
            rows: vec![vec![
                Cell::Number(serde_json::Number::from(-12)),
                Cell::Text("-12".into()),
            ]],
        };
        let bytes = write(&table).unwrap();
        assert_eq!(std::str::from_utf8(&bytes[3..]).unwrap(), "n,t\n-12,'-12\n");
    }
}
