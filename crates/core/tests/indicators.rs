//! Plan-285 indicators over the fixture submissions of `tests/fixtures/indicators/`, with
//! every expected number worked out by hand below.
//!
//! The fixtures (ids `00000000-0000-4000-8000-0000000000NN`, written `#NN` here):
//!
//! | # | form | rev | year | district | sector | what matters |
//! |---|---|---|---|---|---|---|
//! | 01 E1 | enterprise | 1 | 2024 | yen_phong | C | the golden `enterprise_valid.json`: VA 10 000 → 10 800, avg employees 200 → 203, TFP share 38.75; experts 2, trained 45; certificates ISO 9001 (to 2026), ISO 14001 (to 2025); tools 5S, Kaizen, KPI, work layout applying; standards company, national, international; `standards_guidance`; award planned; lab not accredited |
//! | 02 E2 | enterprise | 1 → **2** | 2024 | tu_son | C | rev 2: VA 10 000 → 11 000, employees 100 throughout, fixed assets 50 000 → 52 000; experts 3, trained 20; no certificates; 5S and Lean applying; standards: regulation; award won; lab accredited. Rev 1 (ignored): VA 16 000, experts 10, trained 100, award no, nothing applied |
//! | 03 E3 | enterprise | 1 | 2025 | yen_phong | G | new (no last year: no growth, no TFP); experts 1, trained 15; ISO 9001 expired 2024; no tool; standards: company; award entered; plans a conformity body |
//! | 04 E4 | enterprise | 1 | 2023 | que_vo | C | VA 5 000 → 5 600, employees 50 throughout, fixed assets 20 000 flat; experts 0, trained 30; ISO 45001 (to 2027); KPI applying; standards: international; award no |
//! | 05 H1 | hospital | 1 | 2024 | luong_tai | (Q) | the golden `hospital_valid.json`: public; 5S, Kaizen applying; ISO 9001 certified, ISO 15189 applying; experts 1, staff trained 85 |
//! | 06 H2 | hospital | 1 → **2** | 2024 | gia_binh | (Q) | public; rev 2 applies nothing (advanced_applied 0); experts 0, trained 20. Rev 1 (ignored): 5S applying, experts 4 |
//! | 07 H3 | hospital | 1 | 2024 | tu_son | (Q) | private; ISO/IEC 17025 certified; Lean applying; experts 2, trained 10 |
//! | 08 S1 | school | 1 | 2024 | bac_ninh | (P) | the golden `school_valid.json`: college, active club; TCVN ISO 21001 applying, `iso_21001_pilot`; experts 1, staff trained 25, learners trained 340 |
//! | 09 S2 | school | 1 | 2025 | tu_son | (P) | upper secondary with an active club (not a plan level); ISO 21001 not applied; experts 0, staff trained 10, learners 0 |
//! | 10 | `customer-feedback` | | | | | not a Plan-285 form: skipped |
//! | 11 | school version 9 | | | | | unknown version: skipped |
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::sync::Arc;

use pq_core::compile::compile_json;
use pq_core::expression::Date;
use pq_core::indicators::{Figure, Filter, FormSet, IndicatorReport, TargetReport, compute};
use pq_core::submission::judge;
use pq_core::sync::Submission;

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn forms() -> FormSet {
    let mut set = FormSet::new();
    for name in ["enterprise", "hospital", "school"] {
        let text =
            std::fs::read_to_string(repository().join(format!("forms/{name}.json"))).unwrap();
        assert!(set.insert(Arc::new(compile_json(&text).unwrap())));
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

fn report(filter: Filter) -> IndicatorReport {
    compute(&submissions(), &forms(), &filter, today())
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

fn assert_value(report: &IndicatorReport, name: &str, expected: Option<f64>) {
    let actual = value(report, name);
    match (actual, expected) {
        (Some(a), Some(e)) => assert!((a - e).abs() < 1e-9, "{name}: {a}, expected {e}"),
        _ => assert_eq!(actual, expected, "{name}"),
    }
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

#[test]
fn every_fixture_submission_is_valid_for_its_form() {
    let forms = forms();
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
    }
}

#[test]
fn all_submissions_newest_revisions_only() {
    let r = report(Filter::default());
    // 9 Plan-285 submissions (02 and 06 once each, at revision 2); 10 and 11 skipped.
    assert_eq!(r.submissions, 9);
    assert_eq!(
        r.skipped.iter().map(|s| s.id.clone()).collect::<Vec<_>>(),
        ids(&[10, 11])
    );
    assert_eq!(r.targets.len(), 12);

    // T1: labour productivity growth per enterprise, growth(now, before) = (now/before − 1)·100.
    //   E1: LP 10 800/203 vs 10 000/200 = 50 → (10 800/(203·50) − 1)·100 = 650/10 150·100
    //       = 6.403940886699507
    //   E2: LP 11 000/100 = 110 vs 10 000/100 = 100 → 10
    //   E4: LP 5 600/50 = 112 vs 5 000/50 = 100 → 12
    //   E3: no last year → none.  Mean = (6.403940886699507 + 10 + 12)/3 = 9.467980295566502
    assert_value(&r, "T1", Some((650.0 / 10_150.0 * 100.0 + 22.0) / 3.0));
    assert_eq!(target(&r, "T1").figure.submissions, ids(&[1, 2, 4]));
    // T2: TFP share, α = 0.4.
    //   E1: 38.75 (golden).  E2: g_Y 10, g_K 4, g_L 0 → g_A = 10 − 1.6 = 8.4 → 84.
    //   E4: g_Y 12, g_K 0, g_L 0 → g_A 12 → 100.  Mean = 222.75/3 = 74.25
    assert_value(&r, "T2", Some(74.25));
    // T3: experts 2 + 3 + 1 + 0 (E) + 1 + 0 + 2 (H) + 1 + 0 (S) = 10 (E2 rev 1's 10 and H2
    // rev 1's 4 do not count).
    assert_value(&r, "T3", Some(10.0));
    assert_eq!(target(&r, "T3").figure.submissions.len(), 9);
    // T4: enterprises 45 + 20 + 15 + 30 = 110; hospitals 85 + 20 + 10 = 115; schools' staff
    // 25 + 10 = 35 and learners 340 + 0 = 340 → 600.
    assert_value(&r, "T4", Some(600.0));
    assert_eq!(
        part_value(&r, "T4", "enterprise_trained_people"),
        Some(110.0)
    );
    assert_eq!(part_value(&r, "T4", "hospital_staff_trained"), Some(115.0));
    assert_eq!(part_value(&r, "T4", "school_staff_trained"), Some(35.0));
    assert_eq!(part_value(&r, "T4", "school_learners_trained"), Some(340.0));
    // T5: S1 (college, active); S2's club is at an upper secondary school → 1 of 2.
    assert_value(&r, "T5", Some(1.0));
    assert_eq!(target(&r, "T5").figure.submissions, ids(&[8, 9]));
    assert_eq!(target(&r, "T5").figure.counted, ids(&[8]));
    // T6: E1 (certificates and tools), E2 (5S, Lean), E4 (ISO 45001, KPI); E3's only
    // certificate expired in 2024, before its reporting year 2025 → 3 of 4.
    assert_value(&r, "T6", Some(3.0));
    assert_eq!(target(&r, "T6").figure.counted, ids(&[1, 2, 4]));
    for (key, expected) in [
        ("iso_9001", 1.0), // E1 (E3's expired)
        ("iso_14001", 1.0),
        ("iso_50001", 0.0),
        ("iso_45001", 1.0),
        ("haccp", 0.0),
        ("iso_22000", 0.0),
        ("iso_22301", 0.0),
        ("five_s", 2.0), // E1, E2
        ("kaizen", 1.0),
        ("lean", 1.0), // E2
        ("tpm", 0.0),
        ("kpi", 2.0), // E1, E4
        ("work_layout", 1.0),
    ] {
        assert_eq!(part_value(&r, "T6", key), Some(expected), "T6 {key}");
    }
    assert_eq!(part(&r, "T6", "five_s").counted, ids(&[1, 2]));
    // T7: H1 (5S, Kaizen, ISO 9001, ISO 15189), H3 (Lean, ISO/IEC 17025); H2 nothing → 2.
    assert_value(&r, "T7", Some(2.0));
    for (key, expected) in [
        ("five_s", 1.0),
        ("kaizen", 1.0),
        ("lean", 1.0),
        ("iso_9001", 1.0),
        ("iso_15189", 1.0),
        ("iso_iec_17025", 1.0),
    ] {
        assert_eq!(part_value(&r, "T7", key), Some(expected), "T7 {key}");
    }
    // T8: public facilities H1 (advanced_applied = 2 tools + 2 ISO = 4) and H2 (0; its
    // revision 1 said 5S) → 1 of 2 = 50 %. H3 is private.
    assert_value(&r, "T8", Some(50.0));
    assert_eq!(target(&r, "T8").figure.submissions, ids(&[5, 6]));
    assert_eq!(target(&r, "T8").figure.counted, ids(&[5]));
    assert_eq!(part_value(&r, "T8", "public_facilities"), Some(2.0));
    // T9: S1 applying and piloting TCVN ISO 21001; S2 not → 1.
    assert_value(&r, "T9", Some(1.0));
    assert_eq!(part_value(&r, "T9", "certified"), Some(0.0));
    assert_eq!(part_value(&r, "T9", "applying"), Some(1.0));
    // T10: every enterprise applies some standard → 4; company E1, E3; international E1, E4.
    assert_value(&r, "T10", Some(4.0));
    assert_eq!(part_value(&r, "T10", "company"), Some(2.0));
    assert_eq!(part_value(&r, "T10", "national"), Some(1.0));
    assert_eq!(part_value(&r, "T10", "international"), Some(2.0));
    assert_eq!(part_value(&r, "T10", "regional"), Some(0.0));
    assert_eq!(part_value(&r, "T10", "regulation"), Some(1.0));
    assert_eq!(part_value(&r, "T10", "standards_guidance"), Some(1.0));
    // T11: E2 won, E3 entered → 2 (E1 only plans to, E4 no).
    assert_value(&r, "T11", Some(2.0));
    assert_eq!(target(&r, "T11").figure.counted, ids(&[2, 3]));
    // T12: E2's accredited lab, H3's ISO/IEC 17025 certified lab → 2 (H1's ISO 15189 is only
    // being implemented). E3 plans a conformity body.
    assert_value(&r, "T12", Some(2.0));
    assert_eq!(target(&r, "T12").figure.counted, ids(&[2, 7]));
    assert_eq!(part_value(&r, "T12", "conformity_body_plan"), Some(1.0));

    // The plan's numbers travel with the figures.
    let t2 = target(&r, "T2");
    assert_eq!(t2.plan.len(), 2);
    assert_eq!((t2.plan[0].min, t2.plan[0].max), (45.0, Some(47.0)));
    assert_eq!(target(&r, "T4").plan[0].min, 500.0);
}

#[test]
fn yearly_series() {
    let r = report(Filter::default());
    let years = |name: &str| -> Vec<(i32, Option<f64>)> {
        target(&r, name)
            .by_year
            .iter()
            .map(|y| (y.year, y.figure.value))
            .collect()
    };
    // T1: 2023 E4 12; 2024 (E1 + E2)/2 = (6.403940886699507 + 10)/2; 2025 E3 has none.
    let t1 = years("T1");
    assert_eq!(t1[0], (2023, Some(12.0)));
    assert_eq!(t1[1].0, 2024);
    assert!((t1[1].1.unwrap() - (650.0 / 10_150.0 * 100.0 + 10.0) / 2.0).abs() < 1e-9);
    assert_eq!(t1[2], (2025, None));
    // T3: 2023 E4 0; 2024 2 + 3 + 1 + 0 + 2 + 1 = 9; 2025 1 + 0 = 1.
    assert_eq!(
        years("T3"),
        vec![(2023, Some(0.0)), (2024, Some(9.0)), (2025, Some(1.0))]
    );
    // T8: no hospital in 2023 or 2025 → no data; 2024 50 %.
    assert_eq!(
        years("T8"),
        vec![(2023, None), (2024, Some(50.0)), (2025, None)]
    );
}

#[test]
fn filtered_by_year() {
    let r = report(Filter {
        year: Some(2024),
        ..Filter::default()
    });
    // E1, E2, H1, H2, H3, S1.
    assert_eq!(r.submissions, 6);
    assert_value(&r, "T1", Some((650.0 / 10_150.0 * 100.0 + 10.0) / 2.0));
    assert_value(&r, "T2", Some((38.75 + 84.0) / 2.0)); // 61.375
    assert_value(&r, "T3", Some(9.0));
    // 45 + 20 + 85 + 20 + 10 + (25 + 340) = 545
    assert_value(&r, "T4", Some(545.0));
    assert_value(&r, "T6", Some(2.0));
    assert_value(&r, "T11", Some(1.0));
    assert_value(&r, "T12", Some(2.0));
}

#[test]
fn filtered_by_district_a_target_with_no_data_has_no_value() {
    let r = report(Filter {
        district: Some("tu_son".into()),
        ..Filter::default()
    });
    // E2, H3, S2.
    assert_eq!(r.submissions, 3);
    assert_value(&r, "T1", Some(10.0));
    assert_value(&r, "T2", Some(84.0));
    assert_value(&r, "T3", Some(5.0)); // 3 + 2 + 0
    assert_value(&r, "T4", Some(40.0)); // 20 + 10 + (10 + 0)
    // S2 answered about its club, which is not at a plan level: a real 0, not "no data".
    assert_value(&r, "T5", Some(0.0));
    // No public medical facility in Từ Sơn: no data, not 0.
    assert_value(&r, "T8", None);
    assert!(target(&r, "T8").figure.submissions.is_empty());
    assert_value(&r, "T9", Some(0.0));
    assert_value(&r, "T12", Some(2.0));
    let json = serde_json::to_value(&r).unwrap();
    let t8 = &json["targets"][7];
    assert_eq!(t8["target"], "T8");
    assert!(t8["value"].is_null());
}

#[test]
fn filtered_by_sector() {
    // Section Q: the medical facilities only.
    let r = report(Filter {
        sector: Some("Q".into()),
        ..Filter::default()
    });
    assert_eq!(r.submissions, 3);
    for name in ["T1", "T2", "T5", "T6", "T9", "T10", "T11"] {
        assert_value(&r, name, None);
    }
    assert_value(&r, "T3", Some(3.0)); // 1 + 0 + 2
    assert_value(&r, "T4", Some(115.0));
    assert_value(&r, "T7", Some(2.0));
    assert_value(&r, "T8", Some(50.0));
    assert_value(&r, "T12", Some(1.0)); // H3
    // Section G in 2025: E3 alone, a new enterprise with no growth and no tool.
    let r = report(Filter {
        year: Some(2025),
        sector: Some("g".into()),
        district: Some("yen_phong".into()),
    });
    assert_eq!(r.submissions, 1);
    assert_value(&r, "T1", None);
    assert_value(&r, "T2", None);
    assert_value(&r, "T3", Some(1.0));
    assert_value(&r, "T6", Some(0.0));
    assert_value(&r, "T7", None);
    assert_value(&r, "T11", Some(1.0));
}

#[test]
fn the_report_reads_back_from_json() {
    let r = report(Filter::default());
    let text = serde_json::to_string(&r).unwrap();
    let back: IndicatorReport = serde_json::from_str(&text).unwrap();
    assert_eq!(back, r);
}
