//! Constant prices: the deflator table T1 and T2 take value added and capital to the prices of
//! a base year with, and what the report says about the prices it used.
//!
//! A table holds, per year and VSIC section, a price index with the base year at 100: one for
//! value added and, optionally, one for fixed capital. An amount of year `y` in section `s`
//! at constant prices is `amount ÷ index(y, s) × 100`. A row for section `*` stands for every
//! section that has no row of its own that year; a row without a capital index uses its
//! value-added index for capital too.

use serde::{Deserialize, Serialize};

/// One row of a deflator table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeflatorRow {
    pub year: i32,
    /// A VSIC section letter (`C`), or `*` for every section without its own row.
    pub section: String,
    /// The value-added price index (base year = 100).
    pub value_added: f64,
    /// The fixed-capital price index (base year = 100); `None`: the value-added index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capital: Option<f64>,
}

/// A deflator table: year × VSIC section, with its base year and where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeflatorTable {
    /// The year whose prices the table deflates to (its indices are 100).
    pub base_year: i32,
    /// Where the indices come from, as the dashboard shows it ("Cục Thống kê (Bộ Tài chính),
    /// …").
    pub source: String,
    pub rows: Vec<DeflatorRow>,
}

/// The section key every section falls back to.
pub const ALL_SECTIONS: &str = "*";

impl DeflatorTable {
    fn row(&self, year: i32, section: &str) -> Option<&DeflatorRow> {
        let section = section.trim();
        let of = |wanted: &str| {
            self.rows
                .iter()
                .find(|r| r.year == year && r.section.eq_ignore_ascii_case(wanted))
        };
        of(section).or_else(|| of(ALL_SECTIONS))
    }

    /// The value-added index of `year` for `section` (its own row, else the `*` row).
    pub fn value_added_index(&self, year: i32, section: &str) -> Option<f64> {
        self.row(year, section).map(|r| r.value_added)
    }

    /// The capital index of `year` for `section` (the row's capital index, else its
    /// value-added index).
    pub fn capital_index(&self, year: i32, section: &str) -> Option<f64> {
        self.row(year, section)
            .map(|r| r.capital.unwrap_or(r.value_added))
    }
}

/// An amount at the prices of the base year: `amount ÷ index × 100`.
pub fn deflate(amount: f64, index: f64) -> f64 {
    amount / index * 100.0
}

/// Which prices money-based figures are at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceBasis {
    /// Current prices (nominal): no deflator table was given.
    Current,
    /// Constant prices of `base_year`, deflated with the loaded table.
    Constant,
}

/// The prices of the report's money-based figures (T1, T2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prices {
    pub basis: PriceBasis,
    /// The base year of the deflator table (constant prices only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_year: Option<i32>,
    /// The deflator table's source line (constant prices only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// How the basis reads: "giá hiện hành (danh nghĩa)" or "giá so sánh năm 2020".
    pub label_vi: String,
    /// "current prices (nominal)" or "constant 2020 prices".
    pub label_en: String,
}

impl Prices {
    /// The prices a report uses with `table` (constant) or without one (current).
    pub fn of(table: Option<&DeflatorTable>) -> Prices {
        match table {
            None => Prices {
                basis: PriceBasis::Current,
                base_year: None,
                source: None,
                label_vi: "giá hiện hành (danh nghĩa)".into(),
                label_en: "current prices (nominal)".into(),
            },
            Some(table) => Prices {
                basis: PriceBasis::Constant,
                base_year: Some(table.base_year),
                source: Some(table.source.clone()),
                label_vi: format!("giá so sánh năm {}", table.base_year),
                label_en: format!("constant {} prices", table.base_year),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> DeflatorTable {
        DeflatorTable {
            base_year: 2020,
            source: "test".into(),
            rows: vec![
                DeflatorRow {
                    year: 2024,
                    section: "C".into(),
                    value_added: 110.0,
                    capital: Some(105.0),
                },
                DeflatorRow {
                    year: 2024,
                    section: "*".into(),
                    value_added: 120.0,
                    capital: None,
                },
            ],
        }
    }

    #[test]
    fn own_row_then_every_section_row_then_nothing() {
        let t = table();
        assert_eq!(t.value_added_index(2024, "c"), Some(110.0));
        assert_eq!(t.capital_index(2024, "C"), Some(105.0));
        assert_eq!(t.value_added_index(2024, "G"), Some(120.0));
        assert_eq!(t.capital_index(2024, "G"), Some(120.0));
        assert_eq!(t.value_added_index(2023, "C"), None);
        assert!((deflate(11_000.0, 110.0) - 10_000.0).abs() < 1e-9);
    }

    #[test]
    fn labels_say_which_prices() {
        assert_eq!(Prices::of(None).label_vi, "giá hiện hành (danh nghĩa)");
        let constant = Prices::of(Some(&table()));
        assert_eq!(constant.basis, PriceBasis::Constant);
        assert_eq!(constant.label_en, "constant 2020 prices");
        assert_eq!(constant.source.as_deref(), Some("test"));
    }
}
