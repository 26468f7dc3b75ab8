//! A table as CSV: UTF-8 with a byte-order mark, so spreadsheet programs show Vietnamese
//! correctly.

use super::table::{Cell, Table};
use crate::ServerError;

/// The UTF-8 byte-order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

pub fn write(table: &Table) -> Result<Vec<u8>, ServerError> {
    let failed = |e: csv::Error| ServerError::Export(e.to_string());
    let mut writer = csv::Writer::from_writer(BOM.to_vec());
    writer.write_record(&table.headers).map_err(failed)?;
    for row in &table.rows {
        writer
            .write_record(row.iter().map(|cell| match cell {
                Cell::Empty => String::new(),
                Cell::Text(text) => text.clone(),
                Cell::Number(n) => n.to_string(),
                Cell::Bool(b) => b.to_string(),
            }))
            .map_err(failed)?;
    }
    writer
        .into_inner()
        .map_err(|e| ServerError::Export(e.to_string()))
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
}
