//! The Plan-285 forms (`forms/*.json`): they load with no error and no warning, speak
//! Vietnamese and English throughout, cover the plan's targets as `forms/README.md` says, and
//! judge the golden answer sets of `tests/fixtures/forms/` as expected — indicators included.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use pq_core::compile::{CompiledForm, compile_json};
use pq_core::expression::{Date, MapContext, parse};
use pq_core::form::load;
use pq_core::indicators::COMMUNE_UNITS;
use pq_core::state::FormState;
use pq_core::submission::{Verdict, judge};
use pq_core::validation::Level;
use serde_json::{Map, Value, json};

const FORMS: [&str; 3] = ["enterprise", "hospital", "school"];

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn form_text(name: &str) -> String {
    form_text_at("forms", name)
}

/// The form `name` in `folder` (`forms`: version 2; `forms/v1`: version 1).
fn form_text_at(folder: &str, name: &str) -> String {
    let path = repository().join(format!("{folder}/{name}.json"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn form_json(name: &str) -> Value {
    serde_json::from_str(&form_text(name)).unwrap()
}

fn compiled(name: &str) -> Arc<CompiledForm> {
    Arc::new(compile_json(&form_text(name)).unwrap())
}

fn fixture(name: &str) -> Map<String, Value> {
    let path = repository().join(format!("tests/fixtures/forms/{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// The day the golden answers are judged: reporting year 2024, current year 2025.
fn today() -> Date {
    Date::new(2025, 6, 15).unwrap()
}

fn run(form: &str, answers: Map<String, Value>, locale: &str) -> Verdict {
    judge(compiled(form), answers, locale, today())
}

fn judged(form: &str, fixture_name: &str) -> Verdict {
    run(form, fixture(fixture_name), "vi")
}

/// `(answer path, message, level)` of every finding.
fn findings(verdict: &Verdict) -> Vec<(&str, &str, Level)> {
    verdict
        .errors
        .iter()
        .map(|e| (e.path.as_str(), e.message.as_str(), e.level))
        .collect()
}

fn number(values: &Map<String, Value>, name: &str) -> f64 {
    values
        .get(name)
        .and_then(Value::as_f64)
        .unwrap_or_else(|| panic!("'{name}' has no number: {:?}", values.get(name)))
}

fn assert_close(values: &Map<String, Value>, name: &str, expected: f64) {
    let actual = number(values, name);
    assert!(
        (actual - expected).abs() < 1e-9,
        "{name}: {actual}, expected {expected}"
    );
}

/// No value at all: not 0, not NaN, not text.
fn assert_absent(values: &Map<String, Value>, names: &[&str]) {
    for name in names {
        assert!(
            values.get(*name).is_none(),
            "'{name}' should not be computed, found {:?}",
            values.get(*name)
        );
    }
}

const WHOLE_VI: &str = "Vui lòng nhập số nguyên không âm (0, 1, 2, …).";
const PERCENT_VI: &str = "Tỷ lệ phần trăm phải từ 0 đến 100.";
const CHECK_DIGIT_VI: &str = "Mã số không hợp lệ: chữ số kiểm tra (chữ số thứ 10) không khớp. \
                              Vui lòng đối chiếu với giấy chứng nhận đăng ký doanh nghiệp hoặc \
                              đăng ký thuế.";
const TAX_FORMAT_VI: &str = "Mã số gồm 10 chữ số; chi nhánh, đơn vị phụ thuộc ghi thêm dấu “-” và \
                             3 chữ số (ví dụ 2300325764 hoặc 2300325764-001).";

// ------------------------------------------------------------------------ the definitions

#[test]
fn forms_load_with_no_error_and_no_warning() {
    for (name, id) in FORMS.iter().zip([
        "pq-bn285-enterprise",
        "pq-bn285-hospital",
        "pq-bn285-school",
    ]) {
        let form =
            compile_json(&form_text(name)).unwrap_or_else(|e| panic!("{name}: {:?}", e.errors));
        let warnings: Vec<String> = form.warnings().iter().map(ToString::to_string).collect();
        assert!(warnings.is_empty(), "{name}: {warnings:#?}");
        let definition = form.definition();
        assert_eq!(definition.id.as_deref(), Some(id));
        assert_eq!(
            definition.version.as_ref().map(ToString::to_string),
            Some("2".to_owned())
        );
        assert_eq!(definition.locale.as_deref(), Some("vi"));
        let last = definition.pages.last().unwrap();
        assert_eq!(last.name.as_deref(), Some("summary"), "{name}");
        // Version 1 stays as it was published, so its drafts finish and its records read.
        let v1 = compile_json(&form_text_at("forms/v1", name)).unwrap();
        assert!(v1.warnings().is_empty(), "{name} v1");
        assert_eq!(v1.definition().id.as_deref(), Some(id));
        assert_eq!(
            v1.definition().version.as_ref().map(ToString::to_string),
            Some("1".to_owned())
        );
    }
}

/// Properties holding text a person reads.
const LOCALIZABLE: &[&str] = &[
    "title",
    "description",
    "text",
    "html",
    "placeholder",
    "requiredErrorText",
    "minErrorText",
    "maxErrorText",
    "otherText",
    "noneText",
    "otherErrorText",
    "labelTrue",
    "labelFalse",
    "templateTitle",
    "addPanelText",
    "removePanelText",
    "format",
    "completedHtml",
];

/// Every readable text is `{"default": Vietnamese, "en": English}`, both filled in; choices
/// and rows all have texts.
fn check_texts(value: &Value, path: &str, problems: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                let inner_path = format!("{path}.{key}");
                if LOCALIZABLE.contains(&key.as_str()) {
                    let ok = inner.as_object().is_some_and(|t| {
                        t.len() == 2
                            && ["default", "en"].iter().all(|locale| {
                                t.get(*locale)
                                    .and_then(Value::as_str)
                                    .is_some_and(|s| !s.trim().is_empty())
                            })
                    });
                    if !ok {
                        problems.push(format!("{inner_path}: {inner}"));
                    }
                    continue;
                }
                if key == "choices" || key == "rows" {
                    for (i, item) in inner.as_array().into_iter().flatten().enumerate() {
                        if item.get("text").is_none() {
                            problems.push(format!("{inner_path}[{i}] has no text"));
                        }
                    }
                }
                check_texts(inner, &inner_path, problems);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                check_texts(item, &format!("{path}[{i}]"), problems);
            }
        }
        _ => {}
    }
}

#[test]
fn every_text_is_in_vietnamese_and_english() {
    for name in FORMS {
        let mut problems = Vec::new();
        check_texts(&form_json(name), name, &mut problems);
        assert!(problems.is_empty(), "{problems:#?}");
    }
}

#[test]
fn vietnamese_is_the_default_and_english_is_complete() {
    let loaded = load(&form_text("enterprise")).unwrap();
    let definition = loaded.definition;
    let title = definition.title.as_ref().unwrap();
    assert!(title.get("vi").starts_with("Phiếu khảo sát năng suất"));
    assert_eq!(title.get("vi"), title.get(""));
    assert_eq!(title.get("vi-VN"), title.get("vi"));
    assert!(title.get("en").starts_with("Enterprise productivity"));
    assert_eq!(title.get("en-GB"), title.get("en"));
    for page in &definition.pages {
        let title = page.title.as_ref().unwrap();
        assert_ne!(title.get("vi"), title.get("en"), "{:?}", page.name);
    }
}

/// Elements that hold answers, with their JSON paths, from the raw definition.
fn questions(value: &Value, path: &str, out: &mut Vec<(String, Value)>) {
    let Value::Object(map) = value else { return };
    for key in ["pages", "elements", "templateElements"] {
        for (i, item) in map
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let item_path = format!("{path}.{key}[{i}]");
            if key != "pages" {
                out.push((item_path.clone(), item.clone()));
            }
            questions(item, &item_path, out);
        }
    }
}

#[test]
fn every_question_has_a_title_and_numbers_are_typed() {
    for name in FORMS {
        let mut found = Vec::new();
        questions(&form_json(name), name, &mut found);
        assert!(found.len() > 40, "{name}: {} elements", found.len());
        for (path, element) in found {
            let kind = element["type"].as_str().unwrap();
            if kind != "html" && kind != "panel" {
                assert!(element.get("title").is_some(), "{path} has no title");
            }
            let bounded = ["min", "max", "maxValueExpression"]
                .iter()
                .any(|k| element.get(*k).is_some());
            if kind == "text" && bounded {
                let input = element["inputType"].as_str().unwrap_or("text");
                assert!(matches!(input, "number" | "date"), "{path}: {input}");
            }
            if kind == "expression" {
                assert_eq!(element["displayStyle"], "decimal", "{path}");
            }
        }
    }
}

/// Every `name` and choice/row `value` of the form.
fn names(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for key in ["name", "value"] {
                if let Some(Value::String(s)) = map.get(key) {
                    out.insert(s.clone());
                }
            }
            map.values().for_each(|v| names(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| names(v, out)),
        _ => {}
    }
}

#[test]
fn readme_maps_every_plan_target_to_questions_that_exist() {
    let readme = std::fs::read_to_string(repository().join("forms/README.md")).unwrap();
    let expected: [(&str, &[&str]); 3] = [
        (
            "enterprise",
            &["T1", "T2", "T3", "T4", "T6", "T10", "T11", "T12"],
        ),
        ("hospital", &["T3", "T4", "T7", "T8", "T12"]),
        ("school", &["T3", "T4", "T5", "T9"]),
    ];
    let mut covered = BTreeSet::new();
    for (form, targets) in expected {
        let mut known = BTreeSet::new();
        names(&form_json(form), &mut known);
        let heading = format!("(`{form}.json`)");
        let section = readme
            .split("\n## ")
            .find(|s| s.lines().next().is_some_and(|h| h.contains(&heading)))
            .unwrap_or_else(|| panic!("no README section for {form}"));
        let mut found = Vec::new();
        for row in section.lines().filter(|l| {
            l.strip_prefix("| T")
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        }) {
            let target = row[1..].split_whitespace().next().unwrap();
            let cited: Vec<&str> = row.split('`').skip(1).step_by(2).collect();
            assert!(!cited.is_empty(), "{form} {target}: no question");
            for name in cited {
                assert!(known.contains(name), "{form} {target}: unknown '{name}'");
            }
            found.push(target.to_owned());
            covered.insert(target.to_owned());
        }
        assert_eq!(found, targets, "{form}");
    }
    let all: BTreeSet<String> = (1..=12).map(|t| format!("T{t}")).collect();
    assert_eq!(covered, all, "every plan target has a question");
}

// ------------------------------------------------------------------------ enterprise

#[test]
fn enterprise_worked_example_gives_the_plan_figures() {
    let verdict = judged("enterprise", "enterprise_valid");
    assert!(verdict.valid);
    assert_eq!(findings(&verdict), vec![], "no error, no warning");
    let c = &verdict.calculated;
    // Value added by the income approach: wages 6 000 + depreciation 1 500 + production taxes
    // 200 + operating surplus 3 100 = 10 800 (last year 5 600 + 1 400 + 180 + 2 820 = 10 000);
    // capital averaged: (50 000 + 55 000)/2 = 52 500 against (46 000 + 50 000)/2 = 48 000.
    for (name, value) in [
        ("value_added", 10_800.0),
        ("value_added_prev", 10_000.0),
        ("avg_employees", 203.0),
        ("avg_employees_prev", 200.0),
        ("avg_capital", 52_500.0),
        ("avg_capital_prev", 48_000.0),
        ("labour_productivity_prev", 50.0),
        ("va_growth", 8.0),
        ("capital_growth", 9.375),
        ("labour_growth", 1.5),
        ("tools_applying", 4.0),
        ("valid_certificates", 2.0),
    ] {
        assert_eq!(number(c, name), value, "{name}");
    }
    // α is the report's parameter now, not the form's: no TFP in version 2.
    assert_absent(c, &["capital_share", "tfp_growth", "tfp_share"]);
    assert_close(c, "labour_productivity", 10_800.0 / 203.0);
    assert_close(
        c,
        "labour_productivity_growth",
        (10_800.0 / 203.0 - 50.0) / 50.0 * 100.0,
    );
    assert_close(c, "productivity_per_hour", 10_800.0 * 1000.0 / 406_000.0);
    assert_close(c, "revenue_per_worker", 52_000.0 / 203.0);
}

/// Version 1 (still read by the indicators): the GSO worked example, α = 0.4 in the form.
#[test]
fn version_1_worked_example_gives_the_plan_figures() {
    let form = Arc::new(compile_json(&form_text_at("forms/v1", "enterprise")).unwrap());
    let verdict = judge(form, fixture("v1/enterprise_valid"), "vi", today());
    assert!(verdict.valid);
    let c = &verdict.calculated;
    for (name, value) in [
        ("capital_share", 0.4),
        ("value_added", 10_800.0),
        ("va_growth", 8.0),
        ("capital_growth", 10.0),
        ("labour_growth", 1.5),
        ("tfp_growth", 3.1),
        ("tfp_share", 38.75),
    ] {
        assert_eq!(number(c, name), value, "{name}");
    }
}

#[test]
fn the_summary_page_shows_the_indicators() {
    let state = FormState::new(compiled("enterprise"), fixture("enterprise_valid"), today());
    let shown = |name: &str| state.value(name).and_then(Value::as_f64);
    assert_eq!(shown("ind_value_added"), Some(10_800.0));
    assert_eq!(shown("ind_va_growth"), Some(8.0));
    assert_eq!(shown("ind_capital_growth"), Some(9.375));
    assert_eq!(shown("ind_labour_growth"), Some(1.5));
    for gone in ["ind_capital_share", "ind_tfp_growth", "ind_tfp_share"] {
        assert!(state.form().element_id(gone).is_none(), "{gone}");
    }
    // The page says its figures are at current prices and does not claim the GSO method.
    let summary_page = state.form().definition().pages.last().unwrap();
    let description = summary_page.description.as_ref().unwrap();
    assert!(description.get("vi").contains("giá hiện hành (danh nghĩa)"));
    assert!(description.get("en").contains("current prices (nominal)"));
    assert!(!description.get("vi").contains("Thống kê"));
    let note = state.form().element_id("note_growth_missing").unwrap();
    assert!(
        !state.is_visible(note),
        "the 'not enough data' note is hidden"
    );
    let summary = state.form().definition().pages.len() - 1;
    assert!(state.is_page_visible(summary));
}

#[test]
fn the_capital_share_is_not_a_form_constant_any_more() {
    let definition = form_json("enterprise");
    let names: Vec<&str> = definition["calculatedValues"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert!(!names.contains(&"capital_share"));
}

#[test]
fn version_1_capital_share_was_a_form_setting() {
    let mut definition: Value =
        serde_json::from_str(&form_text_at("forms/v1", "enterprise")).unwrap();
    let alpha = definition["calculatedValues"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|c| c["name"] == "capital_share")
        .unwrap();
    assert_eq!(
        alpha["expression"], "0.4",
        "the setting is where the README says"
    );
    alpha["expression"] = json!("0.35");
    let text = definition.to_string();
    let form = Arc::new(compile_json(&text).unwrap());
    let verdict = judge(form, fixture("v1/enterprise_valid"), "vi", today());
    // 8 − 0.35 × 10 − 0.65 × 1.5 = 3.525 points; 3.525 ÷ 8 = 44.0625 %.
    assert_close(&verdict.calculated, "tfp_growth", 3.525);
    assert_close(&verdict.calculated, "tfp_share", 44.0625);
}

#[test]
fn a_new_enterprise_gets_no_growth_indicator() {
    let verdict = judged("enterprise", "enterprise_new_no_prev_year");
    assert_eq!(findings(&verdict), vec![]);
    let c = &verdict.calculated;
    assert_eq!(number(c, "value_added"), 10_800.0);
    assert_close(c, "labour_productivity", 10_800.0 / 203.0);
    assert_absent(
        c,
        &[
            "value_added_prev",
            "avg_employees_prev",
            "labour_productivity_prev",
            "labour_productivity_growth",
            "va_growth",
            "capital_growth",
            "labour_growth",
        ],
    );
    let state = FormState::new(
        compiled("enterprise"),
        fixture("enterprise_new_no_prev_year"),
        today(),
    );
    assert!(state.value("ind_va_growth").is_none());
    let note = state.form().element_id("note_growth_missing").unwrap();
    assert!(state.is_visible(note), "the page says why");
}

#[test]
fn last_years_figures_are_dropped_when_there_was_no_last_year() {
    let mut answers = fixture("enterprise_valid");
    answers.insert("has_prev_year".into(), json!(false));
    let verdict = run("enterprise", answers, "vi");
    assert!(verdict.valid);
    assert_absent(
        &verdict.calculated,
        &[
            "value_added_prev",
            "va_growth",
            "labour_productivity_growth",
        ],
    );
}

#[test]
fn empty_forms_compute_no_indicator() {
    for (name, settings) in [
        ("enterprise", Vec::<&str>::new()),
        ("hospital", vec![]),
        ("school", vec![]),
    ] {
        let verdict = run(name, Map::new(), "vi");
        assert!(!verdict.valid);
        let computed: Vec<&String> = verdict.calculated.keys().collect();
        assert_eq!(computed, settings, "{name}: nothing from missing data");
    }
}

#[test]
fn indicators_wait_for_every_component() {
    let mut answers = fixture("enterprise_valid");
    answers.remove("depreciation_prev");
    answers.remove("fixed_assets_end");
    let verdict = run("enterprise", answers, "vi");
    let c = &verdict.calculated;
    assert_eq!(number(c, "value_added"), 10_800.0);
    assert_eq!(number(c, "labour_growth"), 1.5);
    assert_absent(
        c,
        &[
            "value_added_prev",
            "va_growth",
            "avg_capital",
            "capital_growth",
        ],
    );
    // A loss last year: growth against a negative base means nothing, so none is shown.
    // 5 600 + 1 400 + 180 − 12 000 = −4 820.
    let mut answers = fixture("enterprise_valid");
    answers.insert("operating_surplus_prev".into(), json!(-12_000));
    let verdict = run("enterprise", answers, "vi");
    assert_eq!(number(&verdict.calculated, "value_added_prev"), -4_820.0);
    assert_absent(
        &verdict.calculated,
        &["va_growth", "labour_productivity_growth"],
    );
    // No employees: no productivity (not a division by zero).
    let mut answers = fixture("enterprise_new_no_prev_year");
    answers.insert("employees_start".into(), json!(0));
    answers.insert("employees_end".into(), json!(0));
    let verdict = run("enterprise", answers, "vi");
    assert_eq!(number(&verdict.calculated, "avg_employees"), 0.0);
    assert_absent(
        &verdict.calculated,
        &["labour_productivity", "revenue_per_worker"],
    );
}

#[test]
fn a_wrong_check_digit_is_explained_in_both_languages() {
    let verdict = judged("enterprise", "enterprise_bad_tax_code");
    assert!(!verdict.valid);
    assert_eq!(
        findings(&verdict),
        vec![("tax_code", CHECK_DIGIT_VI, Level::Error)]
    );
    assert_eq!(verdict.errors[0].element, "pages[0].elements[2]");
    let english = run("enterprise", fixture("enterprise_bad_tax_code"), "en");
    assert_eq!(
        findings(&english),
        vec![(
            "tax_code",
            "This code is not valid: its check digit (the 10th digit) does not match. Please \
             copy it again from the registration certificate.",
            Level::Error
        )]
    );
}

#[test]
fn tax_codes_through_the_form() {
    let with = |code: Value| {
        let mut answers = fixture("enterprise_valid");
        answers.insert("tax_code".into(), code);
        run("enterprise", answers, "vi").errors
    };
    for valid in [
        json!("2300325764"),
        json!("2300325764-001"),
        json!("0100233488"),
        json!("0100233488-999"),
        json!(" 2300325764 "),
    ] {
        assert_eq!(with(valid.clone()), vec![], "{valid}");
    }
    // A code sent as a JSON number is refused: it is text (a number would lose the leading
    // zero of 0100233488).
    let as_number = with(json!(2_300_325_764_u64));
    assert_eq!(as_number.len(), 1);
    assert_eq!(as_number[0].path, "tax_code");
    assert_eq!(as_number[0].message, "Câu trả lời phải là văn bản (chữ).");
    for (code, message) in [
        ("2300325765", CHECK_DIGIT_VI),
        ("0100233487-001", CHECK_DIGIT_VI),
        ("2300325764-000", TAX_FORMAT_VI),
        ("2300325764-01", TAX_FORMAT_VI),
        ("230032576", TAX_FORMAT_VI),
        ("23003257640", TAX_FORMAT_VI),
        ("23OO325764", TAX_FORMAT_VI),
    ] {
        let errors = with(json!(code));
        let found: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.path.as_str(), e.message.as_str()))
            .collect();
        assert_eq!(found, vec![("tax_code", message)], "{code}");
    }
}

#[test]
fn negative_employees_are_refused_and_feed_no_indicator() {
    let verdict = judged("enterprise", "enterprise_negative_employees");
    assert!(!verdict.valid);
    assert_eq!(
        findings(&verdict),
        vec![("employees_end", WHOLE_VI, Level::Error)],
        "one message, no knock-on errors"
    );
    assert_absent(
        &verdict.calculated,
        &[
            "avg_employees",
            "labour_productivity",
            "labour_growth",
            "tfp_share",
        ],
    );
    let mut answers = fixture("enterprise_valid");
    answers.insert("experts".into(), json!(1.5));
    assert_eq!(
        findings(&run("enterprise", answers, "en")),
        vec![(
            "experts",
            "Please enter a whole number (0, 1, 2, …).",
            Level::Error
        )]
    );
}

#[test]
fn implausible_employee_counts_only_warn() {
    let mut answers = fixture("enterprise_valid");
    answers.insert("employees_end".into(), json!(700));
    let verdict = run("enterprise", answers, "vi");
    assert!(verdict.valid, "a warning does not block");
    assert_eq!(
        findings(&verdict),
        vec![(
            "employees_end",
            "Số lao động cuối năm chênh lệch lớn so với đầu năm (gấp hơn 3 lần hoặc còn dưới \
             một phần ba). Vui lòng kiểm tra lại.",
            Level::Warning
        )]
    );
    // More experts than employees is not plausible at all: an error.
    let mut answers = fixture("enterprise_valid");
    answers.insert("experts".into(), json!(250));
    assert_eq!(
        findings(&run("enterprise", answers, "vi")),
        vec![(
            "experts",
            "Số chuyên gia không thể lớn hơn số lao động cuối năm.",
            Level::Error
        )]
    );
}

#[test]
fn a_certificate_cannot_expire_before_it_was_issued() {
    let verdict = judged("enterprise", "enterprise_expiry_before_issue");
    assert!(!verdict.valid);
    assert_eq!(
        findings(&verdict),
        vec![(
            "certificates[1].expiry_year",
            "Năm hết hạn phải sau năm cấp giấy chứng nhận.",
            Level::Error
        )]
    );
    assert_eq!(
        verdict.errors[0].element,
        "pages[3].elements[1].templateElements[4]"
    );
    assert_eq!(number(&verdict.calculated, "valid_certificates"), 1.0);
}

#[test]
fn certificate_years_and_expired_certificates() {
    let with = |certificate: Value| {
        let mut answers = fixture("enterprise_valid");
        answers.insert("certificates".into(), json!([certificate]));
        run("enterprise", answers, "en")
    };
    let expired = with(json!({"standard": "iso_9001", "certifying_body": "QUACERT",
                              "issue_year": 2021, "expiry_year": 2024}));
    assert!(expired.valid);
    assert_eq!(
        findings(&expired),
        vec![(
            "certificates[0].expiry_year",
            "This certificate has expired. If it was renewed, enter the years of the new certificate.",
            Level::Warning
        )]
    );
    assert_eq!(number(&expired.calculated, "valid_certificates"), 0.0);
    let future = with(json!({"standard": "other", "certifying_body": "TÜV",
                             "issue_year": 2026, "expiry_year": 2029}));
    assert_eq!(
        findings(&future),
        vec![
            (
                "certificates[0].standard_other",
                "Response required.",
                Level::Error
            ),
            (
                "certificates[0].issue_year",
                "The year must be between 1950 and the current year.",
                Level::Error
            ),
        ]
    );
    let missing = with(json!({"standard": "haccp"}));
    let paths: Vec<&str> = missing.errors.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        paths,
        vec![
            "certificates[0].certifying_body",
            "certificates[0].issue_year",
            "certificates[0].expiry_year"
        ]
    );
    let mut answers = fixture("enterprise_valid");
    answers.insert("certificates".into(), json!([]));
    assert_eq!(
        findings(&run("enterprise", answers, "vi")),
        vec![(
            "certificates",
            "Vui lòng thêm ít nhất một giấy chứng nhận, hoặc trả lời “Không” ở câu trên.",
            Level::Error
        )]
    );
}

#[test]
fn a_percentage_cannot_exceed_100() {
    let verdict = judged("enterprise", "enterprise_percentage_over_100");
    assert!(!verdict.valid);
    assert_eq!(
        findings(&verdict),
        vec![("defect_rate", PERCENT_VI, Level::Error)]
    );
    let english = run(
        "enterprise",
        fixture("enterprise_percentage_over_100"),
        "en",
    );
    assert_eq!(
        findings(&english),
        vec![(
            "defect_rate",
            "A percentage must be between 0 and 100.",
            Level::Error
        )]
    );
}

#[test]
fn the_tools_matrix_asks_the_start_year_of_tools_in_use() {
    let mut answers = fixture("enterprise_valid");
    let tools = answers.get_mut("tools").unwrap();
    tools["kaizen"] = json!({"status": "applying"});
    tools["lean"] = json!({"status": "applying", "since": 1900});
    tools["tpm"] = json!({"status": "applying", "since": 2030});
    tools["kpi"] = json!({"since": 2019});
    tools["work_layout"] = json!({"status": "planned", "since": 1800});
    let verdict = run("enterprise", answers, "vi");
    let range = "Năm bắt đầu phải từ 1950 đến năm hiện tại.";
    assert_eq!(
        findings(&verdict),
        vec![
            (
                "tools.kaizen.since",
                "Vui lòng trả lời câu hỏi này.",
                Level::Error
            ),
            ("tools.lean.since", range, Level::Error),
            ("tools.tpm.since", range, Level::Error),
            (
                "tools.kpi.status",
                "Vui lòng trả lời câu hỏi này.",
                Level::Error
            ),
        ],
        "a planned tool's year is not asked"
    );
    assert_eq!(number(&verdict.calculated, "tools_applying"), 4.0);
}

#[test]
fn location_is_one_of_the_99_communes_and_wards_of_2025() {
    // The official list (beside the repository when it is there): code, full Vietnamese name,
    // short name, type, English name.
    let list =
        std::fs::read_to_string(repository().join("../shared/domain/bac-ninh-communes-2025.csv"))
            .ok();
    for name in FORMS {
        let form = form_json(name);
        let mut questions = Vec::new();
        super_questions(&form, &mut questions);
        let commune = questions
            .iter()
            .find(|q| q["name"] == "commune_code")
            .unwrap_or_else(|| panic!("{name}: no commune_code"));
        assert_eq!(commune["type"], "dropdown");
        assert_eq!(commune["isRequired"], true);
        let choices = commune["choices"].as_array().unwrap();
        assert_eq!(choices.len(), 99, "{name}");
        let units: Vec<(String, String, String)> = choices
            .iter()
            .map(|c| {
                (
                    c["value"].as_str().unwrap().to_owned(),
                    c["text"]["default"].as_str().unwrap().to_owned(),
                    c["text"]["en"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        for unit in &COMMUNE_UNITS {
            assert!(
                units.contains(&(
                    unit.code.to_owned(),
                    unit.name_vi.to_owned(),
                    unit.name_en.to_owned()
                )),
                "{name}: {}",
                unit.code
            );
        }
        if let Some(list) = &list {
            for line in list.lines().skip(1) {
                let fields: Vec<&str> = line.split(',').collect();
                assert!(
                    units.iter().any(|(code, vi, en)| code == fields[0]
                        && vi == fields[1]
                        && en == fields[4]),
                    "{name}: {line}"
                );
            }
        }
    }
    // The old district: only for reporting years before 2025 in a former Bắc Ninh commune.
    let district_shown = |year: i64, commune: &str| {
        let mut answers = Map::new();
        answers.insert("report_year".into(), json!(year));
        answers.insert("commune_code".into(), json!(commune));
        let state = FormState::new(compiled("enterprise"), answers, today());
        state.is_visible(state.form().element_id("district").unwrap())
    };
    assert!(district_shown(2024, "09193"));
    assert!(!district_shown(2025, "09193"));
    assert!(
        !district_shown(2024, "07210"),
        "a former Bắc Giang unit has no old district"
    );
    // A former Bắc Giang enterprise reporting 2024 answers without one.
    let mut answers = fixture("enterprise_valid");
    answers.insert("commune_code".into(), json!("07210"));
    answers.remove("district");
    assert!(run("enterprise", answers, "vi").valid);
}

/// Every question of a definition (panels' and dynamic panels' contents included).
fn super_questions(value: &Value, out: &mut Vec<Value>) {
    match value {
        Value::Object(map) => {
            if map.contains_key("name") && map.contains_key("type") {
                out.push(value.clone());
            }
            for child in map.values() {
                super_questions(child, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| super_questions(i, out)),
        _ => {}
    }
}

// ------------------------------------------------------------------------ hospital

#[test]
fn hospital_golden_answers() {
    let verdict = judged("hospital", "hospital_valid");
    assert!(verdict.valid);
    assert_eq!(findings(&verdict), vec![]);
    let c = &verdict.calculated;
    // (2·1 + 10·2 + 45·3 + 20·4 + 3·5) ÷ 80 = 252 ÷ 80.
    assert_eq!(number(c, "qc_counted"), 80.0);
    assert_eq!(number(c, "qc_average"), 3.15);
    assert_eq!(number(c, "tools_applying"), 2.0);
    assert_eq!(number(c, "iso_certified"), 1.0);
    assert_eq!(number(c, "advanced_applied"), 4.0);
    assert_eq!(number(c, "valid_certificates"), 1.0);
    // The tax code is optional here, but checked when given.
    let mut answers = fixture("hospital_valid");
    answers.insert("tax_code".into(), json!("2300325746"));
    assert_eq!(
        findings(&run("hospital", answers, "vi")),
        vec![("tax_code", CHECK_DIGIT_VI, Level::Error)]
    );
}

#[test]
fn hospital_levels_must_add_up_and_percentages_stay_within_100() {
    let verdict = judged("hospital", "hospital_bad_levels_and_satisfaction");
    assert!(!verdict.valid);
    assert_eq!(
        findings(&verdict),
        vec![
            (
                "qc_criteria_assessed",
                "Tổng số tiêu chí ở 5 mức phải bằng tổng số tiêu chí được đánh giá.",
                Level::Error
            ),
            ("satisfaction_outpatient", PERCENT_VI, Level::Error),
        ]
    );
    // Not assessed: no criteria asked, no average computed.
    let mut answers = fixture("hospital_valid");
    answers.insert("qc_assessed".into(), json!(false));
    let verdict = run("hospital", answers, "vi");
    assert!(verdict.valid);
    assert_absent(&verdict.calculated, &["qc_counted", "qc_average"]);
    // A reported score that disagrees with the levels is worth a second look, no more.
    let mut answers = fixture("hospital_valid");
    answers.insert("qc_score_reported".into(), json!(3.4));
    let verdict = run("hospital", answers, "en");
    assert!(verdict.valid);
    assert_eq!(
        findings(&verdict),
        vec![(
            "qc_score_reported",
            "This differs from the average computed from the levels. Please check.",
            Level::Warning
        )]
    );
}

#[test]
fn hospital_departments_applying_a_tool_are_bounded_by_the_departments() {
    let mut answers = fixture("hospital_valid");
    answers.get_mut("tools").unwrap()["kaizen"]["departments"] = json!(30);
    answers.insert("doctors".into(), json!(400));
    let verdict = run("hospital", answers, "vi");
    assert_eq!(
        findings(&verdict),
        vec![
            (
                "doctors",
                "Số bác sĩ không thể lớn hơn tổng số nhân lực.",
                Level::Error
            ),
            (
                "nurses",
                "Bác sĩ cộng điều dưỡng, hộ sinh, kỹ thuật viên không thể vượt tổng số nhân lực.",
                Level::Error
            ),
            (
                "tools.kaizen.departments",
                "Số khoa, phòng áp dụng phải từ 0 đến tổng số khoa, phòng.",
                Level::Error
            ),
        ]
    );
}

// ------------------------------------------------------------------------ school

#[test]
fn school_golden_answers() {
    let verdict = judged("school", "school_valid");
    assert!(verdict.valid);
    assert_eq!(findings(&verdict), vec![]);
    let c = &verdict.calculated;
    assert_eq!(number(c, "learners_per_teacher"), 15.0);
    assert_eq!(number(c, "staff_trained_share"), 25.0);
    assert_eq!(number(c, "iso_certified"), 1.0);
    assert_eq!(number(c, "tools_applying"), 2.0);
    assert_eq!(number(c, "valid_certificates"), 1.0);
}

#[test]
fn school_accreditation_dates_and_staff_counts() {
    let verdict = judged("school", "school_bad_dates_and_counts");
    assert!(!verdict.valid);
    assert_eq!(
        findings(&verdict),
        vec![
            (
                "teachers",
                "Số giáo viên, giảng viên không thể lớn hơn tổng số cán bộ, nhân viên.",
                Level::Error
            ),
            (
                "accreditation_expiry",
                "Ngày hết hạn phải sau ngày cấp giấy chứng nhận.",
                Level::Error
            ),
        ]
    );
    let mut answers = fixture("school_valid");
    answers.insert("accreditation_date".into(), json!("2020-01-10"));
    answers.insert("accreditation_expiry".into(), json!("2025-01-10"));
    answers.insert("club_members".into(), json!(-3));
    let verdict = run("school", answers, "en");
    assert!(!verdict.valid);
    assert_eq!(
        findings(&verdict),
        vec![
            (
                "accreditation_expiry",
                "The accreditation has expired. If so, choose “Not accredited, or the \
                 certificate expired” above.",
                Level::Warning
            ),
            (
                "club_members",
                "Please enter a whole number (0, 1, 2, …).",
                Level::Error
            ),
        ]
    );
    let mut answers = fixture("school_valid");
    answers.insert("accreditation_date".into(), json!("2025-09-01"));
    assert_eq!(
        findings(&run("school", answers, "en")),
        vec![(
            "accreditation_date",
            "The date must be between 1 January 1950 and today.",
            Level::Error
        )]
    );
}

#[test]
fn the_improvement_club_is_asked_only_when_there_is_one() {
    let mut answers = fixture("school_valid");
    answers.insert("club_status".into(), json!("planned"));
    answers.insert("club_members".into(), json!(-3));
    let verdict = run("school", answers, "vi");
    assert!(verdict.valid, "{:?}", verdict.errors);
    let mut answers = fixture("school_valid");
    answers.remove("club_members");
    assert_eq!(
        findings(&run("school", answers, "vi")),
        vec![(
            "club_members",
            "Vui lòng trả lời câu hỏi này.",
            Level::Error
        )]
    );
}

// ------------------------------------------------------------------------ tax codes

fn tax_code_ok(code: &str) -> bool {
    let check = parse("isValidTaxCode({code})").unwrap();
    check.evaluate_condition(&MapContext::from_json(json!({ "code": code }), today()))
}

#[test]
fn plan_285_tax_codes_are_valid_with_or_without_a_branch() {
    for code in [
        "0100233488",
        "2300325764",
        "0100233488-001",
        "2300325764-001",
        "2300325764-999",
    ] {
        assert!(tax_code_ok(code), "{code}");
    }
}

#[test]
fn every_one_digit_slip_in_a_tax_code_is_caught() {
    for code in ["0100233488", "2300325764"] {
        let digits: Vec<u8> = code.bytes().collect();
        for position in 0..10 {
            for digit in b'0'..=b'9' {
                if digit == digits[position] {
                    continue;
                }
                let mut slipped = digits.clone();
                slipped[position] = digit;
                let slipped = String::from_utf8(slipped).unwrap();
                assert!(!tax_code_ok(&slipped), "{slipped}");
                assert!(!tax_code_ok(&format!("{slipped}-001")), "{slipped}-001");
            }
        }
        // Swapping two neighbouring digits (the commonest typing slip) in the first nine.
        for position in 0..8 {
            if digits[position] == digits[position + 1] {
                continue;
            }
            let mut swapped = digits.clone();
            swapped.swap(position, position + 1);
            let swapped = String::from_utf8(swapped).unwrap();
            assert!(!tax_code_ok(&swapped), "{swapped}");
        }
    }
}

#[test]
fn tax_codes_of_the_wrong_shape_or_without_a_check_digit_are_invalid() {
    for code in [
        "2300325764-000",
        "2300325764-01",
        "2300325764-0001",
        "2300325764_001",
        "2300325764 001",
        "2300325764-",
        "230032576",
        "23003257640",
        "23OO325764",
        "",
    ] {
        assert!(!tax_code_ok(code), "{code:?}");
    }
    // 2·31 + 3·29 + 0·23 + 0·19 + 3·17 + 2·13 + 5·7 + 7·5 + 4·3 = 308 = 28 × 11: the check
    // digit would be 10, so no code starting 230032574 exists.
    for last in 0..=9 {
        let code = format!("230032574{last}");
        assert!(!tax_code_ok(&code), "{code}");
    }
}
