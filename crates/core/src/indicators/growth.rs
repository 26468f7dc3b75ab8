//! T1 and T2 as a statistician computes them: over a **panel** — the enterprises of a year
//! that report value added, employees (and, for T2, capital) for both that year and the year
//! before — the growth of the **sums**, not the mean of each firm's own growth.
//!
//! For year `y` and the panel `P`:
//! - T1: `LP_y = ΣVA_y ÷ ΣL_y`, `LP_{y−1} = ΣVA_{y−1} ÷ ΣL_{y−1}`, growth
//!   `(LP_y ÷ LP_{y−1} − 1) × 100`;
//! - T2: `g_Y = (ΣVA_y ÷ ΣVA_{y−1} − 1) × 100`, likewise `g_K` (capital) and `g_L` (labour);
//!   `g_A = g_Y − α·g_K − (1 − α)·g_L`; share `g_A ÷ g_Y × 100`.
//!
//! With a deflator table every value added and capital figure is first taken to constant
//! prices (its own year's index for its VSIC section); a firm whose section and years the
//! table does not cover is left out of the panel, and counted as such.
//!
//! Over several years (a plan period, the whole plan): T1 is the average yearly growth
//! `((Π (1 + g/100))^(1/n) − 1) × 100` over the `n` years with a value; T2 is
//! `Σ g_A ÷ Σ g_Y × 100` over the years with a value (the share of the period's average
//! growth).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::facts::{Accounts, Facts};
use super::prices::{DeflatorTable, deflate};

/// How much of the enterprises a figure covers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    /// Enterprise-years in the panel (one per enterprise and year).
    pub firms: usize,
    /// The panel's share of the value added (current prices, reporting years) of every
    /// enterprise that reported value added, %.
    pub value_added_share: Option<f64>,
    /// The panel's share of the average employees of every enterprise that reported them, %.
    pub employee_share: Option<f64>,
    /// Enterprises left out because the deflator table has no index for their section and
    /// years.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub without_deflator: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// One enterprise's figures of one year and the year before, at the prices the report uses.
#[derive(Debug, Clone, Copy)]
struct Pair {
    va: f64,
    va_prev: f64,
    labour: f64,
    labour_prev: f64,
    capital: f64,
    capital_prev: f64,
}

/// Which figures a firm needs to be in the panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// T1: value added and employees.
    Labour,
    /// T2: value added, employees and capital.
    Capital,
}

/// The growth of one year (or one period) over its panel.
#[derive(Debug, Clone, PartialEq)]
pub struct Growth {
    /// Submission ids in the panel.
    pub panel: Vec<String>,
    pub coverage: Coverage,
    /// T1: labour productivity growth, %.
    pub productivity: Option<f64>,
    /// g_Y, g_K, g_L, g_A, % (T2).
    pub va: Option<f64>,
    pub capital: Option<f64>,
    pub labour: Option<f64>,
    pub tfp: Option<f64>,
}

fn growth(now: f64, before: f64) -> Option<f64> {
    (before > 0.0 && now.is_finite()).then(|| (now / before - 1.0) * 100.0)
}

/// A firm's pair at the report's prices, or why it is left out.
enum Reading {
    In(Pair),
    Incomplete,
    NoDeflator,
}

fn reading(facts: &Facts, needs: Needs, deflators: Option<&DeflatorTable>) -> Reading {
    let (Some(accounts), Some(year)) = (&facts.accounts, facts.year) else {
        return Reading::Incomplete;
    };
    let Accounts {
        value_added: Some(va),
        value_added_prev: Some(va_prev),
        labour: Some(labour),
        labour_prev: Some(labour_prev),
        ..
    } = *accounts
    else {
        return Reading::Incomplete;
    };
    if labour <= 0.0 || labour_prev <= 0.0 {
        return Reading::Incomplete;
    }
    let (capital, capital_prev) = match (needs, accounts.capital, accounts.capital_prev) {
        (Needs::Capital, Some(k), Some(k_prev)) => (k, k_prev),
        (Needs::Capital, _, _) => return Reading::Incomplete,
        (Needs::Labour, k, k_prev) => (k.unwrap_or(0.0), k_prev.unwrap_or(0.0)),
    };
    let mut pair = Pair {
        va,
        va_prev,
        labour,
        labour_prev,
        capital,
        capital_prev,
    };
    if let Some(table) = deflators {
        let section = facts.sector.as_deref().unwrap_or("");
        let indices = (
            table.value_added_index(year, section),
            table.value_added_index(year - 1, section),
            table.capital_index(year, section),
            table.capital_index(year - 1, section),
        );
        let (Some(p), Some(p_prev), Some(pk), Some(pk_prev)) = indices else {
            return Reading::NoDeflator;
        };
        pair.va = deflate(pair.va, p);
        pair.va_prev = deflate(pair.va_prev, p_prev);
        pair.capital = deflate(pair.capital, pk);
        pair.capital_prev = deflate(pair.capital_prev, pk_prev);
    }
    Reading::In(pair)
}

/// The panel growth over `firms` (enterprise records, at most one per enterprise and year),
/// year by year, then combined: the growths of each year with a value, and the panel's
/// coverage over all of them.
pub fn panel_growth(
    firms: &[&Facts],
    needs: Needs,
    alpha: f64,
    deflators: Option<&DeflatorTable>,
) -> Vec<(i32, Growth)> {
    let years: BTreeSet<i32> = firms.iter().filter_map(|f| f.year).collect();
    years
        .into_iter()
        .map(|year| {
            let of_year: Vec<&Facts> = firms
                .iter()
                .copied()
                .filter(|f| f.year == Some(year))
                .collect();
            (year, one_year(&of_year, needs, alpha, deflators))
        })
        .collect()
}

fn share(part: f64, whole: f64) -> Option<f64> {
    (whole > 0.0).then(|| part / whole * 100.0)
}

fn one_year(
    firms: &[&Facts],
    needs: Needs,
    alpha: f64,
    deflators: Option<&DeflatorTable>,
) -> Growth {
    let mut panel = Vec::new();
    let mut pairs = Vec::new();
    let mut without_deflator = 0;
    let (mut all_va, mut all_labour, mut panel_va, mut panel_labour) = (0.0, 0.0, 0.0, 0.0);
    for facts in firms {
        let accounts = facts.accounts.as_ref();
        let va = accounts.and_then(|a| a.value_added);
        let labour = accounts.and_then(|a| a.labour);
        all_va += va.unwrap_or(0.0);
        all_labour += labour.unwrap_or(0.0);
        match reading(facts, needs, deflators) {
            Reading::In(pair) => {
                panel.push(facts.id.clone());
                panel_va += va.unwrap_or(0.0);
                panel_labour += labour.unwrap_or(0.0);
                pairs.push(pair);
            }
            Reading::NoDeflator => without_deflator += 1,
            Reading::Incomplete => {}
        }
    }
    let sum = |f: fn(&Pair) -> f64| pairs.iter().map(f).sum::<f64>();
    let (va, va_prev) = (sum(|p| p.va), sum(|p| p.va_prev));
    let (labour, labour_prev) = (sum(|p| p.labour), sum(|p| p.labour_prev));
    let (capital, capital_prev) = (sum(|p| p.capital), sum(|p| p.capital_prev));
    let some = !pairs.is_empty();
    let productivity = some
        .then(|| growth(va / labour, va_prev / labour_prev).filter(|_| va_prev > 0.0))
        .flatten();
    let g_y = some.then(|| growth(va, va_prev)).flatten();
    let g_l = some.then(|| growth(labour, labour_prev)).flatten();
    let g_k = (some && needs == Needs::Capital)
        .then(|| growth(capital, capital_prev))
        .flatten();
    let tfp = match (g_y, g_k, g_l) {
        (Some(y), Some(k), Some(l)) => Some(y - alpha * k - (1.0 - alpha) * l),
        _ => None,
    };
    Growth {
        coverage: Coverage {
            firms: panel.len(),
            value_added_share: some.then(|| share(panel_va, all_va)).flatten(),
            employee_share: some.then(|| share(panel_labour, all_labour)).flatten(),
            without_deflator,
        },
        panel,
        productivity,
        va: g_y,
        capital: g_k,
        labour: g_l,
        tfp,
    }
}

/// The average yearly growth of `growths` (%): `((Π (1 + g/100))^(1/n) − 1) × 100`.
pub fn average_growth(growths: &[f64]) -> Option<f64> {
    if growths.is_empty() {
        return None;
    }
    let product: f64 = growths.iter().map(|g| 1.0 + g / 100.0).product();
    if product <= 0.0 {
        return None;
    }
    Some((product.powf(1.0 / growths.len() as f64) - 1.0) * 100.0)
}

/// The TFP share of several years: `Σ g_A ÷ Σ g_Y × 100` over the years with both.
pub fn tfp_share(years: &[&Growth]) -> Option<f64> {
    let with: Vec<(f64, f64)> = years.iter().filter_map(|g| Some((g.tfp?, g.va?))).collect();
    let (tfp, va) = with
        .iter()
        .fold((0.0, 0.0), |(a, y), (ga, gy)| (a + ga, y + gy));
    (!with.is_empty() && va != 0.0).then(|| tfp / va * 100.0)
}

/// The coverage of several years together: enterprise-years, and shares of the summed value
/// added and employees.
pub fn combined_coverage(years: &[&Growth], firms: &[&Facts]) -> Coverage {
    let in_panel: BTreeSet<&str> = years
        .iter()
        .flat_map(|g| g.panel.iter().map(String::as_str))
        .collect();
    let years_in: BTreeSet<i32> = firms
        .iter()
        .filter(|f| in_panel.contains(f.id.as_str()))
        .filter_map(|f| f.year)
        .collect();
    let of_years: Vec<&&Facts> = firms
        .iter()
        .filter(|f| f.year.is_some_and(|y| years_in.contains(&y)))
        .collect();
    let total = |f: &dyn Fn(&Accounts) -> Option<f64>, only_panel: bool| -> f64 {
        of_years
            .iter()
            .filter(|r| !only_panel || in_panel.contains(r.id.as_str()))
            .filter_map(|r| r.accounts.as_ref().and_then(f))
            .sum()
    };
    let some = !in_panel.is_empty();
    Coverage {
        firms: in_panel.len(),
        value_added_share: some
            .then(|| {
                share(
                    total(&|a| a.value_added, true),
                    total(&|a| a.value_added, false),
                )
            })
            .flatten(),
        employee_share: some
            .then(|| share(total(&|a| a.labour, true), total(&|a| a.labour, false)))
            .flatten(),
        without_deflator: years.iter().map(|g| g.coverage.without_deflator).sum(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::indicators::Kind;
    use crate::indicators::facts::Place;

    fn firm(id: &str, year: i32, accounts: Accounts) -> Facts {
        let mut facts = crate::indicators::facts::extract(
            id,
            Kind::Enterprise,
            "2",
            1,
            "",
            &serde_json::Map::new(),
        );
        facts.year = Some(year);
        facts.sector = Some("C".into());
        facts.place = Place::default();
        facts.accounts = Some(accounts);
        facts
    }

    fn accounts(va: (f64, f64), l: (f64, f64), k: Option<(f64, f64)>) -> Accounts {
        Accounts {
            value_added: Some(va.1),
            value_added_prev: Some(va.0),
            labour: Some(l.1),
            labour_prev: Some(l.0),
            capital: k.map(|k| k.1),
            capital_prev: k.map(|k| k.0),
        }
    }

    #[test]
    fn a_firm_without_capital_is_in_t1_but_not_in_t2() {
        let a = firm("a", 2024, accounts((100.0, 110.0), (10.0, 10.0), None));
        let b = firm(
            "b",
            2024,
            accounts((100.0, 130.0), (10.0, 10.0), Some((50.0, 55.0))),
        );
        let firms = [&a, &b];
        let t1 = panel_growth(&firms, Needs::Labour, 0.4, None);
        // (240/20) ÷ (200/20) − 1 = 20 %
        assert!((t1[0].1.productivity.unwrap() - 20.0).abs() < 1e-9);
        assert_eq!(t1[0].1.panel, ["a", "b"]);
        let t2 = panel_growth(&firms, Needs::Capital, 0.4, None);
        // b alone: g_Y 30, g_K 10, g_L 0 → g_A 26
        assert_eq!(t2[0].1.panel, ["b"]);
        assert!((t2[0].1.tfp.unwrap() - 26.0).abs() < 1e-9);
        // b's share of the year's value added: 130 of 240.
        let share = t2[0].1.coverage.value_added_share.unwrap();
        assert!((share - 130.0 / 240.0 * 100.0).abs() < 1e-9);
    }

    #[test]
    fn no_growth_without_a_positive_base_and_no_share_without_growth() {
        let loss = firm(
            "a",
            2024,
            accounts((-50.0, 100.0), (10.0, 10.0), Some((1.0, 1.0))),
        );
        let g = &panel_growth(&[&loss], Needs::Capital, 0.4, None)[0].1;
        assert_eq!(g.productivity, None);
        assert_eq!(g.va, None);
        let flat = firm(
            "b",
            2024,
            accounts((100.0, 100.0), (10.0, 10.0), Some((1.0, 1.0))),
        );
        let g = panel_growth(&[&flat], Needs::Capital, 0.4, None);
        assert_eq!(g[0].1.va, Some(0.0));
        assert_eq!(tfp_share(&[&g[0].1]), None);
        let nobody = firm("c", 2024, accounts((100.0, 100.0), (0.0, 10.0), None));
        assert!(
            panel_growth(&[&nobody], Needs::Labour, 0.4, None)[0]
                .1
                .panel
                .is_empty()
        );
    }

    #[test]
    fn averages_over_years() {
        // (1.21)^(1/2) − 1 = 10 %
        assert!((average_growth(&[0.0, 21.0]).unwrap() - 10.0).abs() < 1e-9);
        assert_eq!(average_growth(&[]), None);
        assert_eq!(average_growth(&[-100.0, 5.0]), None);
    }
}
