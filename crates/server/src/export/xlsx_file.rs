//! Tables as one Excel workbook: the submissions on the first sheet, each repeating group
//! on a sheet of its own.

use std::collections::HashSet;

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::table::{Cell, Table};
use crate::ServerError;

/// Excel's longest sheet name.
const MAX_SHEET_NAME: usize = 31;
/// Excel's longest text in a cell.
const MAX_CELL_CHARS: usize = 32_767;

pub fn write(tables: &[&Table]) -> Result<Vec<u8>, ServerError> {
    write_workbook(tables).map_err(|e| ServerError::Export(e.to_string()))
}

fn write_workbook(tables: &[&Table]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let mut names = HashSet::new();
    for table in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(sheet_name(&table.name, &mut names))?;
        for (col, header) in (0_u16..).zip(&table.headers) {
            sheet.write_string_with_format(0, col, header, &bold)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        for (row, cells) in (1_u32..).zip(&table.rows) {
            for (col, cell) in (0_u16..).zip(cells) {
                match cell {
                    Cell::Empty => {}
                    Cell::Text(text) => {
                        let text: String = text.chars().take(MAX_CELL_CHARS).collect();
                        sheet.write_string(row, col, text)?;
                    }
                    Cell::Number(n) => match n.as_f64() {
                        Some(value) if value.is_finite() => {
                            sheet.write_number(row, col, value)?;
                        }
                        _ => {
                            sheet.write_string(row, col, n.to_string())?;
                        }
                    },
                    Cell::Bool(b) => {
                        sheet.write_boolean(row, col, *b)?;
                    }
                }
            }
        }
    }
    workbook.save_to_buffer()
}

/// A valid, unused sheet name for `name`: without `[]:*?/\`, at most 31 characters.
fn sheet_name(name: &str, used: &mut HashSet<String>) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let clean = clean.trim_matches('\'');
    let base = if clean.is_empty() { "sheet" } else { clean };
    let mut candidate: String = base.chars().take(MAX_SHEET_NAME).collect();
    let mut n = 2;
    while !used.insert(candidate.to_lowercase()) {
        let suffix = format!("~{n}");
        let keep = MAX_SHEET_NAME - suffix.chars().count();
        candidate = base.chars().take(keep).collect::<String>() + &suffix;
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut used = HashSet::new();
        assert_eq!(sheet_name("products", &mut used), "products");
        assert_eq!(sheet_name("Products", &mut used), "Products~2");
        assert_eq!(sheet_name("a/b:c", &mut used), "a_b_c");
        let long = "x".repeat(40);
        assert_eq!(sheet_name(&long, &mut used).chars().count(), 31);
        assert_eq!(
            sheet_name(&long, &mut used),
            format!("{}~2", "x".repeat(29))
        );
        assert_eq!(sheet_name("''", &mut used), "sheet");
    }
}
