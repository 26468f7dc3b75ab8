//! Plan-285 indicators over the fixture submissions of `tests/fixtures/indicators/`, with
//! every expected number worked out by hand beside it.
//!
//! The fixtures (ids `00000000-0000-4000-8000-0000000000NN`, written `#NN`); money in million
//! VND; L = average employees ((1 Jan + 31 Dec) ÷ 2); K = capital (version 2: (1 Jan + 31 Dec)
//! ÷ 2; version 1: 31 Dec); VA = value added:
//!
//! | # | form | year | unit | place | what matters |
//! |---|---|---|---|---|---|
//! | 01 | enterprise v2 | 2024 | MST 2300325764, C | 09169 Vũ Ninh (former Bắc Ninh), district bac_ninh | large: VA 100 000 → 105 000; employees 980, 1 000, 1 020 → L 990 → 1 010; K 195 000 → 205 000; pilot model; ISO 9001; standards: company; experts 3; programme experts 2, attendances 30; award entries 2022 (no award), 2024 (award) |
//! | 02 | enterprise v2 | 2024 | MST 0100233488, C | 07210 Phường Bắc Giang (former Bắc Giang) | micro: VA 1 000 → 1 800 (+80 %); L 10 → 10; K 5 000 → 5 000; pilot model but nothing applied; standards "none"; attendances 5; plans a conformity body |
//! | 03 | enterprise v2 | 2025 | MST 2300325764 again | 09169 | the same enterprise a year later: VA 105 000 → 113 400; employees 1 000, 1 020, 1 040 → L 1 010 → 1 030; K 205 000 → 215 000; pilot model; ISO 9001 (to 2026) and ISO 50001 being implemented; standards company, international; guided; experts 4; programme experts 1, attendances 40; award entries 2024 (award), 2025 (gold); registered testing 2024, certification 2019 |
//! | 04 | enterprise v2 | 2024 | MST 2300325764 | | an older survey of #01's firm and year (updated before #01): superseded; VA 999 000, programme experts 20, attendances 1 000 never count |
//! | 05 | enterprise **v1** | 2023 | MST 2300100016, G | district que_vo | VA (op. profit + wages + depreciation) 5 000 → 5 600; L 50 → 50; K 20 000 → 20 000; KPI applying; standards national; lab accredited; award entered 2023 |
//! | 06 | enterprise v2 | 2026 | MST 2300325764-001 (a branch), C | 07228 Đa Mai (former Bắc Giang) | VA 2 000 → 2 200; L 20 → 20; K 10 000 → 10 000; 5S applying; standards company; guided; registered inspection 2020 |
//! | 07 | enterprise v2 | 2025 | MST 2300325771, C | 09193 Yên Phong | new (no last year): VA 3 000, L 30; pilot model with TQM applying; standards "none"; attendances 10 |
//! | 20 | hospital v2 | 2024 | facility 27001 | 09496 | public; pilot model; 5S applying; programme experts 1, attendances 60; experts 2 |
//! | 21 | hospital v2 | 2024 | facility 27002 | 09187 | public; not a pilot; ISO 9001 and ISO 15189 certified |
//! | 22 | hospital v2 | **2022** | facility 27003 | 07840 Hiệp Hòa (former Bắc Giang) | public; pilot model applying nothing; programme experts 4 and attendances 50 before the plan |
//! | 23 | hospital **v1** | 2024 | (no code) | district luong_tai | the v1 golden answers: public; pilot model; 5S, Kaizen applying; ISO 9001 certified, ISO 15189 applying |
//! | 30 | school v2 | 2024 (2023-2024) | institution 2702553 | 09190 | college, active club; TCVN ISO 21001 applying, pilot; programme experts 1, attendances 120 |
//! | 31 | school v2 | 2025 (2024-2025) | institution 2702553 again | 09190 | TCVN ISO 21001 certified now |
//! | 32 | school **v1** | 2024 | (no code) | district bac_ninh | upper secondary with an active club (not a plan level) |
//! | 90 | `customer-feedback` | | | | not a Plan-285 form: skipped |
//! | 91 | school version 9 | | | | unknown version: skipped |
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::sync::Arc;

use pq_core::compile::compile_json;
use pq_core::expression::Date;
use pq_core::indicators::{
    DeflatorRow, DeflatorTable, Figure, Filter, FormSet, FormerProvince, IndicatorReport,
    Parameters, PriceBasis, TargetReport, compute,
};
use pq_core::submission::judge;
use pq_core::sync::Submission;

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn forms() -> FormSet {
    let mut set = FormSet::new();
    for path in ["forms", "forms/v1"] {
        for name in ["enterprise", "hospital", "school"] {
            let text =
                std::fs::read_to_string(repository().join(format!("{path}/{name}.json"))).unwrap();
            assert!(set.insert(Arc::new(compile_json(&text).unwrap())));
        }
    }
    set
}

fn submissions() -> Vec<Submission> {
    let path = repository().join("tests/fixtures/indicators/submissions.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn today() -> Date {
    Date::new(2026, 6, 15).unwrap()
}

fn report_with(filter: Filter, parameters: &Parameters) -> IndicatorReport {
    compute(&submissions(), &forms(), &filter, parameters, today())
}

fn report(filter: Filter) -> IndicatorReport {
    report_with(filter, &Parameters::default())
}

fn id(n: u8) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

fn ids(ns: &[u8]) -> Vec<String> {
    ns.iter().map(|&n| id(n)).collect()
}

fn target<'a>(report: &'a IndicatorReport, name: &str) -> &'a TargetReport {
    report.targets.iter().find(|t| t.target == name).unwrap()
}

fn value(report: &IndicatorReport, name: &str) -> Option<f64> {
    target(report, name).figure.value
}

fn close(actual: Option<f64>, expected: Option<f64>, what: &str) {
    match (actual, expected) {
        (Some(a), Some(e)) => assert!((a - e).abs() < 1e-9, "{what}: {a}, expected {e}"),
        _ => assert_eq!(actual, expected, "{what}"),
    }
}

fn assert_value(report: &IndicatorReport, name: &str, expected: Option<f64>) {
    close(value(report, name), expected, name);
}

fn part<'a>(report: &'a IndicatorReport, name: &str, key: &str) -> &'a Figure {
    &target(report, name)
        .parts
        .iter()
        .find(|p| p.key == key)
        .unwrap_or_else(|| panic!("{name} has no part {key}"))
        .figure
}

fn part_value(report: &IndicatorReport, name: &str, key: &str) -> Option<f64> {
    part(report, name, key).value
}

fn year_value(report: &IndicatorReport, name: &str, year: i32) -> Option<f64> {
    target(report, name)
        .by_year
        .iter()
        .find(|y| y.year == year)
        .and_then(|y| y.figure.value)
}

fn period_value(report: &IndicatorReport, name: &str, from: i32) -> Option<f64> {
    target(report, name)
        .periods
        .iter()
        .find(|p| p.from_year == from)
        .and_then(|p| p.figure.value)
}

/// Growth in % of `now` over `before`.
fn g(now: f64, before: f64) -> f64 {
    (now / before - 1.0) * 100.0
}

/// The average yearly growth of `growths` (%): geometric mean of the growth factors.
fn average(growths: &[f64]) -> f64 {
    let product: f64 = growths.iter().map(|g| 1.0 + g / 100.0).product();
    (product.powf(1.0 / growths.len() as f64) - 1.0) * 100.0
}

// The panel, year by year, by hand (current prices, α = 0.4):
// 2023: #05 alone. VA 5 600 vs 5 000, L 50 vs 50, K 20 000 vs 20 000.
const T1_2023: f64 = 12.0; // (5 600/50) ÷ (5 000/50) − 1 = 112/100 − 1
const GY_2023: f64 = 12.0; // 5 600/5 000 − 1
const GA_2023: f64 = 12.0; // 12 − 0.4·0 − 0.6·0
// 2024: #01 + #02 (#04 superseded). ΣVA 105 000 + 1 800 = 106 800 vs 100 000 + 1 000 = 101 000;
// ΣL 1 010 + 10 = 1 020 vs 990 + 10 = 1 000; ΣK 205 000 + 5 000 = 210 000 vs 195 000 + 5 000.
fn t1_2024() -> f64 {
    g(106_800.0 / 1_020.0, 101_000.0 / 1_000.0) // = 106 800/103 020 − 1 = 3.669 %
}
fn gy_2024() -> f64 {
    g(106_800.0, 101_000.0) // = 580/101 = 5.7426 %
}
fn ga_2024() -> f64 {
    // g_K = 210 000/200 000 − 1 = 5 %, g_L = 1 020/1 000 − 1 = 2 %
    gy_2024() - 0.4 * 5.0 - 0.6 * 2.0
}
// 2025: #03 alone (#07 has no last year). VA 113 400 vs 105 000, L 1 030 vs 1 010,
// K 215 000 vs 205 000.
fn t1_2025() -> f64 {
    g(113_400.0 / 1_030.0, 105_000.0 / 1_010.0) // = 114 534/108 150 − 1 = 5.903 %
}
const GY_2025: f64 = 8.0; // 113 400/105 000 − 1
fn ga_2025() -> f64 {
    8.0 - 0.4 * g(215_000.0, 205_000.0) - 0.6 * g(1_030.0, 1_010.0)
}
// 2026: #06 alone. VA 2 200 vs 2 000, L 20 vs 20, K 10 000 vs 10 000.
const T1_2026: f64 = 10.0;
const GY_2026: f64 = 10.0;
const GA_2026: f64 = 10.0;

#[test]
fn every_fixture_submission_is_valid_for_its_form() {
    let forms = forms();
    let mut judged = 0;
    for submission in submissions() {
        let Some(form) = forms.get(&submission.form_id, &submission.form_version) else {
            continue;
        };
        let verdict = judge(Arc::clone(form), submission.answers.clone(), "en", today());
        assert!(
            verdict.valid,
            "{} rev {}: {:?}",
            submission.id, submission.revision, verdict.errors
        );
        judged += 1;
    }
    assert_eq!(judged, 14);
}

#[test]
fn one_record_per_unit_and_year_and_what_is_skipped() {
    let r = report(Filter::default());
    // 16 submissions: 90 and 91 cannot be read; #04 is an older survey of #01's firm and year.
    assert_eq!(
        r.skipped.iter().map(|s| s.id.clone()).collect::<Vec<_>>(),
        ids(&[90, 91])
    );
    assert_eq!(r.superseded, ids(&[4]));
    assert_eq!(r.submissions, 13);
    assert_eq!(r.targets.len(), 12);
    assert_eq!(r.capital_share, 0.4);
    assert_eq!(r.prices.basis, PriceBasis::Current);
    assert_eq!(r.prices.label_vi, "giá hiện hành (danh nghĩa)");
    assert!(target(&r, "T1").money_based && target(&r, "T2").money_based);
    assert!(!target(&r, "T3").money_based);
}

#[test]
fn t1_is_the_growth_of_the_panel_ratio_of_sums() {
    let r = report(Filter::default());
    let t1 = target(&r, "T1");
    // Year by year (hand values above): 2023 12, 2024 3.669…, 2025 5.903…, 2026 10; 2022 has
    // no enterprise.
    close(year_value(&r, "T1", 2023), Some(T1_2023), "T1 2023");
    close(year_value(&r, "T1", 2024), Some(t1_2024()), "T1 2024");
    assert!((t1_2024() - 3.669_190_448_456_610_6).abs() < 1e-9);
    close(year_value(&r, "T1", 2025), Some(t1_2025()), "T1 2025");
    assert!((t1_2025() - 5.902_912_621_359_223).abs() < 1e-9);
    close(year_value(&r, "T1", 2026), Some(T1_2026), "T1 2026");
    close(year_value(&r, "T1", 2022), None, "T1 2022");
    // The mean of the two firms' own growths in 2024 would be far higher:
    //   #01: (105 000/1 010) ÷ (100 000/990) − 1 = 2.921 %; #02: (1 800/10) ÷ (1 000/10) − 1 = 80 %
    //   → (2.921 + 80)/2 = 41.46 % — not what T1 reports.
    let mean_of_ratios = (g(105_000.0 / 1_010.0, 100_000.0 / 990.0) + 80.0) / 2.0;
    assert!((mean_of_ratios - 41.460_396_039_603_96).abs() < 1e-9);
    assert!((year_value(&r, "T1", 2024).unwrap() - mean_of_ratios).abs() > 30.0);
    // Periods: 2023–2025 = (1.12 · 1.03669 · 1.05903)^(1/3) − 1; 2026–2030 = 10.
    close(
        period_value(&r, "T1", 2023),
        Some(average(&[T1_2023, t1_2024(), t1_2025()])),
        "T1 2023–2025",
    );
    close(period_value(&r, "T1", 2026), Some(T1_2026), "T1 2026–2030");
    // Headline: every plan year 2023–2030 = (1.12 · 1.03669 · 1.05903 · 1.10)^(1/4) − 1.
    close(
        t1.figure.value,
        Some(average(&[T1_2023, t1_2024(), t1_2025(), T1_2026])),
        "T1",
    );
    // The panel: #05 (2023), #01 and #02 (2024), #03 (2025), #06 (2026); #07 is new.
    assert_eq!(t1.figure.counted, ids(&[5, 1, 2, 3, 6]));
    // Coverage: 5 enterprise-years; VA (5 600 + 106 800 + 113 400 + 2 200) = 228 000 of
    // 228 000 + #07's 3 000 = 231 000 → 98.701 %; employees (50 + 1 020 + 1 030 + 20) = 2 120
    // of 2 120 + 30 = 2 150 → 98.605 %.
    let coverage = t1.figure.coverage.as_ref().unwrap();
    assert_eq!(coverage.firms, 5);
    close(
        coverage.value_added_share,
        Some(228_000.0 / 231_000.0 * 100.0),
        "VA share",
    );
    close(
        coverage.employee_share,
        Some(2_120.0 / 2_150.0 * 100.0),
        "L share",
    );
    // 2025 alone: #03's 113 400 of 116 400 and 1 030 of 1 060 employees.
    let y2025 = t1.by_year.iter().find(|y| y.year == 2025).unwrap();
    let coverage = y2025.figure.coverage.as_ref().unwrap();
    assert_eq!(coverage.firms, 1);
    close(
        coverage.value_added_share,
        Some(113_400.0 / 116_400.0 * 100.0),
        "2025 VA share",
    );
    close(
        coverage.employee_share,
        Some(1_030.0 / 1_060.0 * 100.0),
        "2025 L share",
    );
}

#[test]
fn t2_is_the_tfp_share_of_summed_growths_per_period() {
    let r = report(Filter::default());
    // 2024: g_Y = 580/101 = 5.7426, g_K = 5, g_L = 2 → g_A = 5.7426 − 2 − 1.2 = 2.5426 → share
    // 2.5426/5.7426 = 256.8/580 = 44.276 %.
    close(
        year_value(&r, "T2", 2024),
        Some(ga_2024() / gy_2024() * 100.0),
        "T2 2024",
    );
    assert!((ga_2024() / gy_2024() * 100.0 - 256.8 / 580.0 * 100.0).abs() < 1e-9);
    // 2025: g_K = 10 000/205 000 = 4.878, g_L = 20/1 010 = 1.980 → g_A = 8 − 1.951 − 1.188
    // = 4.861 → 60.76 %.
    close(
        year_value(&r, "T2", 2025),
        Some(ga_2025() / GY_2025 * 100.0),
        "T2 2025",
    );
    close(year_value(&r, "T2", 2023), Some(100.0), "T2 2023");
    // 2023–2025: (12 + 2.5426 + 4.8607) / (12 + 5.7426 + 8) × 100.
    close(
        period_value(&r, "T2", 2023),
        Some((GA_2023 + ga_2024() + ga_2025()) / (GY_2023 + gy_2024() + GY_2025) * 100.0),
        "T2 2023–2025",
    );
    close(period_value(&r, "T2", 2026), Some(100.0), "T2 2026–2030");
    // Whole plan: Σ g_A ÷ Σ g_Y over 2023–2026.
    let sum_a = GA_2023 + ga_2024() + ga_2025() + GA_2026;
    let sum_y = GY_2023 + gy_2024() + GY_2025 + GY_2026;
    assert_value(&r, "T2", Some(sum_a / sum_y * 100.0));
    // Parts: the yearly growths averaged over the 4 years.
    close(part_value(&r, "T2", "va_growth"), Some(sum_y / 4.0), "g_Y");
    close(part_value(&r, "T2", "tfp_growth"), Some(sum_a / 4.0), "g_A");
    close(
        part_value(&r, "T2", "capital_growth"),
        Some((0.0 + 5.0 + g(215_000.0, 205_000.0) + 0.0) / 4.0),
        "g_K",
    );
    close(
        part_value(&r, "T2", "labour_growth"),
        Some((0.0 + 2.0 + g(1_030.0, 1_010.0) + 0.0) / 4.0),
        "g_L",
    );
}

#[test]
fn alpha_is_a_report_parameter() {
    let parameters = Parameters {
        capital_share: 0.35,
        deflators: None,
    };
    let r = report_with(
        Filter {
            year: Some(2024),
            ..Filter::default()
        },
        &parameters,
    );
    assert_eq!(r.capital_share, 0.35);
    // g_A = 5.7426 − 0.35·5 − 0.65·2 = 2.6926 → 2.6926/5.7426 × 100 = 46.888 %
    let ga = gy_2024() - 0.35 * 5.0 - 0.65 * 2.0;
    assert_value(&r, "T2", Some(ga / gy_2024() * 100.0));
    assert_value(&r, "T1", Some(t1_2024())); // T1 does not use α
}

fn deflators() -> DeflatorTable {
    let row = |year, section: &str, value_added, capital| DeflatorRow {
        year,
        section: section.into(),
        value_added,
        capital,
    };
    DeflatorTable {
        base_year: 2020,
        source: "Cục Thống kê (Bộ Tài chính) – test table".into(),
        rows: vec![
            row(2023, "*", 100.0, None),
            row(2024, "C", 102.0, Some(101.0)),
        ],
    }
}

#[test]
fn a_deflator_changes_t1_and_t2() {
    let parameters = Parameters {
        capital_share: 0.4,
        deflators: Some(deflators()),
    };
    let r = report_with(
        Filter {
            year: Some(2024),
            ..Filter::default()
        },
        &parameters,
    );
    assert_eq!(r.prices.basis, PriceBasis::Constant);
    assert_eq!(r.prices.base_year, Some(2020));
    assert_eq!(r.prices.label_vi, "giá so sánh năm 2020");
    assert_eq!(
        r.prices.source.as_deref(),
        Some("Cục Thống kê (Bộ Tài chính) – test table")
    );
    // Both firms are in section C: 2024 VA ÷ 1.02 and K ÷ 1.01; 2023 (the `*` row) ÷ 1.00.
    // T1 = (106 800/1.02/1 020) ÷ (101 000/1 000) − 1 = 106 800 000/105 080 400 − 1 = 1.636 %
    // (3.669 % at current prices).
    let t1 = g(106_800.0 / 1.02 / 1_020.0, 101_000.0 / 1_000.0);
    assert!((t1 - 1.636_461_223_977_07).abs() < 1e-9);
    assert_value(&r, "T1", Some(t1));
    // T2: g_Y = 106 800/1.02 ÷ 101 000 − 1 = 3.669 %; g_K = 210 000/1.01 ÷ 200 000 − 1 = 3.960 %;
    // g_L = 2 % → g_A = 3.669 − 1.584 − 1.2 = 0.885 → 24.12 % (44.28 % at current prices).
    let gy = g(106_800.0 / 1.02, 101_000.0);
    let gk = g(210_000.0 / 1.01, 200_000.0);
    let share = (gy - 0.4 * gk - 0.6 * 2.0) / gy * 100.0;
    assert_value(&r, "T2", Some(share));
    assert!((share - ga_2024() / gy_2024() * 100.0).abs() > 10.0);
    // Over every year the table covers 2024 only: 2023 (#05 needs 2022), 2025 and 2026 have
    // no index, so those 3 enterprise-years are left out and counted.
    let r = report_with(Filter::default(), &parameters);
    assert_value(&r, "T1", Some(t1));
    let coverage = target(&r, "T1").figure.coverage.clone().unwrap();
    assert_eq!(coverage.firms, 2);
    assert_eq!(coverage.without_deflator, 3);
    close(year_value(&r, "T1", 2025), None, "2025 without an index");
}

#[test]
fn programme_outputs_t3_t4_flows_from_2023_stocks_once() {
    let r = report(Filter::default());
    // T3: programme experts of reporting years 2023 on: #01 2 + #02 0 + #03 1 + #06 0 + #07 0
    // + #20 1 + #21 0 + #30 1 + #31 0 = 5 (#22's 4 are from 2022, #04's 20 superseded).
    assert_value(&r, "T3", Some(5.0));
    assert_eq!(
        target(&r, "T3").figure.submissions,
        ids(&[1, 2, 3, 6, 7, 20, 21, 30, 31])
    );
    // Experts working, a stock: each unit's newest year only — #03 4 (not #01's 3 as well)
    // + #02 1 + #05 1 + #06 0 + #07 0 + #20 2 + #21 0 + #22 0 + #23 1 + #31 1 + #32 0 = 10.
    assert_eq!(part_value(&r, "T3", "experts_working"), Some(10.0));
    // T4: attendances 2023 on: 30 + 5 + 40 + 0 + 10 + 60 + 0 + 120 + 0 = 265.
    assert_value(&r, "T4", Some(265.0));
    // Parts, people trained in the year (any course), one record per unit and year:
    // enterprises 50 + 4 + 60 + 10 + 0 + 0 = 124; hospitals 85 × 4 = 340; school staff
    // 25 + 30 + 10 = 65, learners 340 + 100 + 0 = 440.
    assert_eq!(
        part_value(&r, "T4", "enterprise_trained_people"),
        Some(124.0)
    );
    assert_eq!(part_value(&r, "T4", "hospital_staff_trained"), Some(340.0));
    assert_eq!(part_value(&r, "T4", "school_staff_trained"), Some(65.0));
    assert_eq!(part_value(&r, "T4", "school_learners_trained"), Some(440.0));
    // By year: 2022 none (before the plan), 2023 none (#05 is version 1), 2024
    // 2 + 0 + 1 + 0 + 1 = 4, 2025 1 + 0 + 0 = 1, 2026 0.
    let years: Vec<(i32, Option<f64>)> = target(&r, "T3")
        .by_year
        .iter()
        .map(|y| (y.year, y.figure.value))
        .collect();
    assert_eq!(
        years,
        vec![
            (2022, None),
            (2023, None),
            (2024, Some(4.0)),
            (2025, Some(1.0)),
            (2026, Some(0.0))
        ]
    );
}

#[test]
fn t5_t9_schools_count_once() {
    let r = report(Filter::default());
    // Schools, newest record per unit: #31 (college, active club) and #32 (upper secondary,
    // active club: not a plan level) → 1 of 2. #30 is #31's school a year earlier.
    assert_value(&r, "T5", Some(1.0));
    assert_eq!(target(&r, "T5").figure.submissions, ids(&[31, 32]));
    // T9: #31 certified TCVN ISO 21001 (and piloting), #32 not → 1.
    assert_value(&r, "T9", Some(1.0));
    assert_eq!(part_value(&r, "T9", "certified"), Some(1.0));
    assert_eq!(part_value(&r, "T9", "applying"), Some(0.0));
    assert_eq!(part_value(&r, "T9", "iso_21001_pilot"), Some(1.0));
}

#[test]
fn t6_t7_pilot_models_with_practices_as_parts() {
    let r = report(Filter::default());
    // T6, newest record per enterprise: #03 (pilot; ISO 9001, ISO 50001 being implemented),
    // #02 (pilot, nothing applied), #05 (KPI, not a pilot), #06 (5S, not a pilot), #07 (pilot,
    // TQM) → 2.
    assert_value(&r, "T6", Some(2.0));
    assert_eq!(target(&r, "T6").figure.counted, ids(&[3, 7]));
    assert_eq!(target(&r, "T6").figure.submissions, ids(&[3, 2, 5, 6, 7]));
    assert_eq!(part_value(&r, "T6", "any_practice"), Some(4.0)); // #03, #05, #06, #07
    assert_eq!(part_value(&r, "T6", "pilot_model"), Some(3.0)); // #03, #02, #07
    for (key, expected) in [
        ("iso_9001", 1.0),
        ("iso_50001", 1.0),
        ("iso_14001", 0.0),
        ("kpi", 1.0),
        ("five_s", 1.0),
        ("tqm", 1.0),
        ("six_sigma", 0.0),
    ] {
        assert_eq!(part_value(&r, "T6", key), Some(expected), "T6 {key}");
    }
    // T7: #20 (pilot, 5S), #23 (pilot, 5S, Kaizen, ISO 9001, ISO 15189 applying) → 2; #21
    // applies ISO 9001 and ISO 15189 but is not a pilot; #22 is a pilot applying nothing.
    assert_value(&r, "T7", Some(2.0));
    assert_eq!(target(&r, "T7").figure.counted, ids(&[20, 23]));
    assert_eq!(part_value(&r, "T7", "any_practice"), Some(3.0));
    assert_eq!(part_value(&r, "T7", "pilot_model"), Some(3.0));
    for (key, expected) in [
        ("five_s", 2.0),
        ("kaizen", 1.0),
        ("lean", 0.0),
        ("iso_9001", 2.0),
        ("iso_15189", 2.0),
        ("iso_iec_17025", 0.0),
    ] {
        assert_eq!(part_value(&r, "T7", key), Some(expected), "T7 {key}");
    }
    // T8: public facilities #20, #21, #23 apply something, #22 nothing → 3 of 4 = 75 %.
    assert_value(&r, "T8", Some(75.0));
    assert_eq!(part_value(&r, "T8", "public_facilities"), Some(4.0));
}

#[test]
fn t10_counts_guided_enterprises_and_never_none() {
    let r = report(Filter::default());
    // Guided under the programme: #03 and #06 of the 5 enterprises → 2.
    assert_value(&r, "T10", Some(2.0));
    assert_eq!(target(&r, "T10").figure.counted, ids(&[3, 6]));
    // Standards applied: #02 and #07 answered "none" — not counted (the old bug counted
    // every answer): #03 company + international, #05 national, #06 company → 3 of 5.
    assert_eq!(part_value(&r, "T10", "any_standard"), Some(3.0));
    assert_eq!(part(&r, "T10", "any_standard").submissions.len(), 5);
    assert_eq!(part_value(&r, "T10", "company"), Some(2.0));
    assert_eq!(part_value(&r, "T10", "national"), Some(1.0));
    assert_eq!(part_value(&r, "T10", "international"), Some(1.0));
    assert_eq!(part_value(&r, "T10", "regional"), Some(0.0));
}

#[test]
fn t11_counts_entries_from_2023_once_each() {
    let r = report(Filter::default());
    // Entries (enterprise, award year) from 2023: #01/#03's firm 2024 (reported by both: once)
    // and 2025, #05's 2023 → 3; #01's 2022 entry is before the plan.
    assert_value(&r, "T11", Some(3.0));
    assert_eq!(part_value(&r, "T11", "won"), Some(2.0));
    assert_eq!(part_value(&r, "T11", "no_award"), Some(1.0));
    assert_eq!(part_value(&r, "T11", "enterprises"), Some(2.0));
    assert_eq!(target(&r, "T11").figure.counted, ids(&[1, 3, 5]));
}

#[test]
fn t12_registered_conformity_assessment_organisations() {
    let r = report(Filter::default());
    // Newest enterprise records that answered: #03 (testing 2024, certification 2019), #02
    // (none), #06 (inspection 2020), #07 (none); #05 (version 1) was not asked. Registered
    // from 2023: #03 → 1.
    assert_value(&r, "T12", Some(1.0));
    assert_eq!(target(&r, "T12").figure.submissions, ids(&[3, 2, 6, 7]));
    assert_eq!(part_value(&r, "T12", "testing"), Some(1.0));
    assert_eq!(part_value(&r, "T12", "certification"), Some(0.0));
    assert_eq!(part_value(&r, "T12", "inspection"), Some(0.0));
    assert_eq!(part_value(&r, "T12", "registered_any_year"), Some(2.0));
    // Accredited labs (the old count, a part): #05's lab; #21's ISO 15189.
    assert_eq!(part_value(&r, "T12", "enterprise_labs"), Some(1.0));
    assert_eq!(part_value(&r, "T12", "hospital_labs"), Some(1.0));
    // Plans: #02 yes, #05 and #07 no (#03 and #06 have one, so were not asked) → 1 of 3.
    assert_eq!(part_value(&r, "T12", "conformity_body_plan"), Some(1.0));
    assert_eq!(part(&r, "T12", "conformity_body_plan").submissions.len(), 3);
}

#[test]
fn filters_by_former_province_commune_and_district() {
    // Former Bắc Giang: #02 (07210), #06 (07228), #22 (07840).
    let r = report(Filter {
        former_province: Some(FormerProvince::BacGiang),
        ..Filter::default()
    });
    assert_eq!(r.submissions, 3);
    // T1: 2024 #02 80 %, 2026 #06 10 % → (1.8 · 1.1)^(1/2) − 1 = 40.712 %.
    assert_value(&r, "T1", Some(average(&[80.0, 10.0])));
    // T8: #22, public, applying nothing → 0 of 1.
    assert_value(&r, "T8", Some(0.0));
    // T3: #02 0 + #06 0 (#22 is 2022) → 0.
    assert_value(&r, "T3", Some(0.0));
    // One commune: Phường Bắc Giang.
    let r = report(Filter {
        commune: Some("07210".into()),
        ..Filter::default()
    });
    assert_eq!(r.submissions, 1);
    assert_value(&r, "T1", Some(80.0));
    assert_value(&r, "T4", Some(5.0));
    // Former Bắc Ninh: everything else, version-1 records by their district: 13 − 3 = 10.
    let r = report(Filter {
        former_province: Some(FormerProvince::BacNinh),
        ..Filter::default()
    });
    assert_eq!(r.submissions, 10);
    // A pre-2025 district still filters, version 1 or 2: Quế Võ is #05.
    let r = report(Filter {
        district: Some("que_vo".into()),
        ..Filter::default()
    });
    assert_eq!(r.submissions, 1);
    assert_value(&r, "T1", Some(12.0));
    assert_value(&r, "T11", Some(1.0));
    // No public medical facility there: no data, not 0.
    assert_value(&r, "T8", None);
    assert!(target(&r, "T8").figure.submissions.is_empty());
    let json = serde_json::to_value(&r).unwrap();
    assert!(json["targets"][7]["value"].is_null());
}

#[test]
fn filtered_by_year_and_sector() {
    let r = report(Filter {
        year: Some(2024),
        ..Filter::default()
    });
    // #01, #02, #20, #21, #23, #30, #32.
    assert_eq!(r.submissions, 7);
    assert_value(&r, "T1", Some(t1_2024()));
    assert_value(&r, "T3", Some(4.0)); // 2 + 0 + 1 + 0 + 1
    assert_value(&r, "T4", Some(215.0)); // 30 + 5 + 60 + 0 + 120
    assert_value(&r, "T11", Some(1.0)); // #01's 2024 entry
    // Section Q: the medical facilities only.
    let r = report(Filter {
        sector: Some("q".into()),
        ..Filter::default()
    });
    assert_eq!(r.submissions, 4);
    for name in ["T1", "T2", "T5", "T6", "T9", "T10", "T11", "T12"] {
        if name == "T12" {
            // The registrations headline is about enterprises: no data for section Q.
            assert_value(&r, name, None);
            assert_eq!(part_value(&r, "T12", "hospital_labs"), Some(1.0));
        } else {
            assert_value(&r, name, None);
        }
    }
    assert_value(&r, "T7", Some(2.0));
    assert_value(&r, "T8", Some(75.0));
}

#[test]
fn the_report_reads_back_from_json() {
    let r = report_with(
        Filter::default(),
        &Parameters {
            capital_share: 0.4,
            deflators: Some(deflators()),
        },
    );
    let text = serde_json::to_string(&r).unwrap();
    let back: IndicatorReport = serde_json::from_str(&text).unwrap();
    // Numbers may come back one unit in the last place off (JSON's decimal text).
    same_json(
        &serde_json::to_value(&back).unwrap(),
        &serde_json::to_value(&r).unwrap(),
        "report",
    );
    assert_eq!(back.targets.len(), 12);
    assert_eq!(back.prices, r.prices);
}

fn same_json(a: &serde_json::Value, b: &serde_json::Value, at: &str) {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            assert!((x - y).abs() <= 1e-12 * x.abs().max(1.0), "{at}: {x} ≠ {y}");
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len(), "{at}");
            for (i, (x, y)) in x.iter().zip(y).enumerate() {
                same_json(x, y, &format!("{at}[{i}]"));
            }
        }
        (Value::Object(x), Value::Object(y)) => {
            assert_eq!(
                x.keys().collect::<Vec<_>>(),
                y.keys().collect::<Vec<_>>(),
                "{at}"
            );
            for (key, x) in x {
                same_json(x, &y[key], &format!("{at}.{key}"));
            }
        }
        _ => assert_eq!(a, b, "{at}"),
    }
}
