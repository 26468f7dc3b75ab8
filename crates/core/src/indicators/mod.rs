//! Plan-285 indicators: for each target T1–T12 ([`plan::PLAN_TARGETS`]), the value the stored
//! surveys measure, beside the plan's number.
//!
//! [`compute`] takes stored submissions (every revision or only the newest: only the highest
//! revision of each id counts), runs each through its compiled form ([`FormState`]) so the
//! calculated values (`labour_productivity_growth`, `tfp_share`, `advanced_applied`…) are the
//! engine's own, keeps those matching the [`Filter`], and measures:
//!
//! | Target | Value | From |
//! |---|---|---|
//! | T1 | mean of `labour_productivity_growth` (%/year) | enterprises having it |
//! | T2 | mean of `tfp_share` (%) | enterprises having it |
//! | T3 | sum of `experts` | every form |
//! | T4 | sum of `trained_people` (enterprise), `staff_trained` (hospital, school) and `learners_trained` (school) | every form |
//! | T5 | schools of level university, college, intermediate or vocational centre whose `club_status` is `active` | schools that answered `club_status` |
//! | T6 | enterprises applying at least one of the plan's systems (a certificate) or tools (`tools` row `applying`); `parts`: one count per system and tool | enterprises that answered `has_certificates` or `tools` |
//! | T7 | facilities applying 5S, Kaizen, Lean (`tools`) or ISO 9001, ISO 15189, ISO/IEC 17025 (`iso` row `certified`/`applying`, or a certificate); `parts` per tool/system | hospitals that answered `tools`, `iso` or `has_certificates` |
//! | T8 | public facilities with `advanced_applied` > 0, as a % of public facilities with `advanced_applied` | public hospitals |
//! | T9 | schools with `iso` row `tcvn_iso_21001` `certified`/`applying`, a TCVN ISO 21001 certificate, or `iso_21001_pilot` in `programme_participation` | schools that answered one of these |
//! | T10 | enterprises with at least one `standards_applied`; `parts` per kind and `standards_guidance` | enterprises that answered `standards_applied` |
//! | T11 | enterprises whose `quality_award` is `won` or `entered` | enterprises that answered it |
//! | T12 | enterprises with `lab_status` `accredited` or an ISO/IEC 17025 certificate, and hospitals with `iso` ISO 15189 / ISO/IEC 17025 `certified` or such a certificate | enterprises and hospitals that answered |
//!
//! A certificate counts when its `expiry_year` is missing or not before the `report_year`.
//! A figure with nothing to compute from has **no value** (`None`, `null` in JSON) — never 0;
//! a count is 0 only when respondents answered and none qualifies. Every figure lists the
//! submissions it was computed from (`submissions`) and those that make its value (`counted`).
//!
//! Counts are of submissions: a respondent surveyed in two reporting years counts in each —
//! filter by year to count respondents.

pub mod plan;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::compile::CompiledForm;
use crate::expression::Date;
use crate::form::value_as_text;
use crate::state::FormState;
use crate::sync::{Submission, version_text};

pub use plan::{Bound, PLAN_TARGETS, PlanGoal, PlanTarget, plan_target};

/// The enterprise form's `id`.
pub const ENTERPRISE_FORM: &str = "pq-bn285-enterprise";
/// The medical facility form's `id`.
pub const HOSPITAL_FORM: &str = "pq-bn285-hospital";
/// The education institution form's `id`.
pub const SCHOOL_FORM: &str = "pq-bn285-school";

/// The VSIC section medical facilities belong to (Q: human health and social work).
pub const HOSPITAL_SECTOR: &str = "Q";
/// The VSIC section education institutions belong to (P: education).
pub const SCHOOL_SECTOR: &str = "P";

/// Which Plan-285 survey a submission answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Enterprise,
    Hospital,
    School,
}

impl Kind {
    /// The kind of the form `form_id`; `None` for a form that is not one of Plan 285's.
    pub fn of_form(form_id: &str) -> Option<Kind> {
        match form_id {
            ENTERPRISE_FORM => Some(Kind::Enterprise),
            HOSPITAL_FORM => Some(Kind::Hospital),
            SCHOOL_FORM => Some(Kind::School),
            _ => None,
        }
    }
}

/// Which submissions count. Every field is optional; a submission lacking an answer a set
/// filter needs is left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    /// The `report_year` answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// The `district` answer's value (`yen_phong`, `bac_ninh`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    /// A VSIC section letter: enterprises by `vsic_section`; medical facilities are section
    /// [`HOSPITAL_SECTOR`] (Q), education institutions [`SCHOOL_SECTOR`] (P).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
}

/// The compiled forms submissions are read with, by form id and version.
#[derive(Debug, Clone, Default)]
pub struct FormSet {
    forms: HashMap<(String, String), Arc<CompiledForm>>,
}

impl FormSet {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `form` under its definition's `id` and `version`; a form with no id or version
    /// is not added (returns false).
    pub fn insert(&mut self, form: Arc<CompiledForm>) -> bool {
        let definition = form.definition();
        let (Some(id), Some(version)) = (definition.id.clone(), definition.version.as_ref()) else {
            return false;
        };
        let version = version_text(version);
        self.forms.insert((id, version), form);
        true
    }

    /// The form `id` at `version`.
    pub fn get(&self, id: &str, version: &str) -> Option<&Arc<CompiledForm>> {
        self.forms.get(&(id.to_owned(), version.to_owned()))
    }
}

/// One measured number and where it comes from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// The value; `None` (`null`) when there is no data — never 0 for "no data".
    pub value: Option<f64>,
    /// Ids of the submissions the value was computed from (those that answered).
    pub submissions: Vec<String>,
    /// Ids of the submissions that make the value: those counted for a count, the
    /// numerator for a share, those with a value for a sum or mean.
    pub counted: Vec<String>,
}

/// One part of a target's figure (a system, a tool, a kind of standard…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Part {
    /// The answer value the part stands for (`iso_9001`, `five_s`, `company`…).
    pub key: String,
    #[serde(flatten)]
    pub figure: Figure,
}

/// The headline figure of one reporting year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearFigure {
    pub year: i32,
    #[serde(flatten)]
    pub figure: Figure,
}

/// One plan target beside what the surveys measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetReport {
    /// `T1` … `T12`.
    pub target: String,
    pub title_vi: String,
    pub title_en: String,
    pub unit: String,
    /// The plan's numbers (one per period for T2 and T8).
    pub plan: Vec<PlanGoal>,
    /// The plan's wording.
    pub source: String,
    /// What the value is, in a sentence (English).
    pub measure: String,
    /// The value over every submission kept by the filter.
    #[serde(flatten)]
    pub figure: Figure,
    /// The value's parts (T4: by audience; T6, T7: by system and tool…); empty when none.
    pub parts: Vec<Part>,
    /// The value for each reporting year present, oldest first.
    pub by_year: Vec<YearFigure>,
}

/// A submission left out of every figure, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    pub id: String,
    pub reason: String,
}

/// Every target, computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorReport {
    pub filter: Filter,
    /// Submissions kept by the filter (newest revisions of Plan-285 forms).
    pub submissions: usize,
    /// T1 … T12, in order.
    pub targets: Vec<TargetReport>,
    /// Submissions that could not be read (unknown form or version, not a Plan-285 form).
    pub skipped: Vec<Skipped>,
}

/// One submission made ready: its answers as the engine holds them and its calculated
/// values.
struct Record {
    id: String,
    kind: Kind,
    year: Option<i32>,
    answers: Map<String, Value>,
    calculated: Map<String, Value>,
}

impl Record {
    fn answer(&self, name: &str) -> Option<&Value> {
        self.answers.get(name).filter(|v| !is_blank(v))
    }

    fn answered(&self, name: &str) -> bool {
        self.answer(name).is_some()
    }

    fn number(&self, name: &str) -> Option<f64> {
        self.answer(name).and_then(number)
    }

    fn calculated_number(&self, name: &str) -> Option<f64> {
        self.calculated.get(name).and_then(number)
    }

    fn text(&self, name: &str) -> Option<String> {
        match self.answer(name)? {
            Value::Array(_) | Value::Object(_) => None,
            value => Some(value_as_text(value).trim().to_owned()),
        }
    }

    fn is(&self, name: &str, choices: &[&str]) -> bool {
        self.text(name)
            .is_some_and(|t| choices.contains(&t.as_str()))
    }

    fn has_choice(&self, name: &str, choice: &str) -> bool {
        match self.answer(name) {
            Some(Value::Array(items)) => items.iter().any(|v| value_as_text(v) == choice),
            _ => false,
        }
    }

    /// The `status` column of row `row` of matrix `matrix`, in `statuses`.
    fn row_status(&self, matrix: &str, row: &str, statuses: &[&str]) -> bool {
        self.answer(matrix)
            .and_then(|m| m.get(row))
            .and_then(|r| r.get("status"))
            .is_some_and(|s| statuses.contains(&value_as_text(s).as_ref()))
    }

    /// A certificate of `standard` that has not expired before the reporting year.
    fn has_certificate(&self, standard: &str) -> bool {
        let Some(Value::Array(certificates)) = self.answer("certificates") else {
            return false;
        };
        certificates.iter().any(|c| {
            let same = c
                .get("standard")
                .is_some_and(|s| value_as_text(s) == standard);
            let expiry = c.get("expiry_year").and_then(number);
            let current = match (expiry, self.year) {
                (Some(expiry), Some(year)) => expiry >= f64::from(year),
                _ => true,
            };
            same && current
        })
    }
}

fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// A number, or text holding one.
fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    }
    .filter(|n| n.is_finite())
}

/// The newest revision of each id (ids compared whatever their case).
fn latest(submissions: &[Submission]) -> Vec<&Submission> {
    let mut newest: BTreeMap<String, &Submission> = BTreeMap::new();
    let mut order = Vec::new();
    for submission in submissions {
        let key = submission.id.to_ascii_lowercase();
        match newest.get(&key) {
            Some(kept) if kept.revision > submission.revision => {}
            Some(_) => {
                newest.insert(key, submission);
            }
            None => {
                order.push(key.clone());
                newest.insert(key, submission);
            }
        }
    }
    order
        .iter()
        .filter_map(|key| newest.get(key).copied())
        .collect()
}

fn keeps(filter: &Filter, kind: Kind, record: &Record) -> bool {
    if let Some(year) = filter.year
        && record.year != Some(year)
    {
        return false;
    }
    if let Some(district) = &filter.district
        && record.text("district").as_deref() != Some(district.trim())
    {
        return false;
    }
    if let Some(sector) = &filter.sector {
        let own = match kind {
            Kind::Enterprise => record.text("vsic_section"),
            Kind::Hospital => Some(HOSPITAL_SECTOR.to_owned()),
            Kind::School => Some(SCHOOL_SECTOR.to_owned()),
        };
        if !own.is_some_and(|s| s.eq_ignore_ascii_case(sector.trim())) {
            return false;
        }
    }
    true
}

/// Computes every target from `submissions` (only the newest revision of each id counts)
/// read with `forms`, keeping those `filter` keeps. `today` is the date the forms'
/// expressions see (`currentYear()`).
pub fn compute(
    submissions: &[Submission],
    forms: &FormSet,
    filter: &Filter,
    today: Date,
) -> IndicatorReport {
    let mut records = Vec::new();
    let mut skipped = Vec::new();
    for submission in latest(submissions) {
        let Some(kind) = Kind::of_form(&submission.form_id) else {
            skipped.push(Skipped {
                id: submission.id.clone(),
                reason: format!("form '{}' is not a Plan-285 form", submission.form_id),
            });
            continue;
        };
        let Some(form) = forms.get(&submission.form_id, &submission.form_version) else {
            skipped.push(Skipped {
                id: submission.id.clone(),
                reason: format!(
                    "form '{}' version '{}' is not known",
                    submission.form_id, submission.form_version
                ),
            });
            continue;
        };
        let state = FormState::new(Arc::clone(form), submission.answers.clone(), today);
        let mut record = Record {
            id: submission.id.clone(),
            kind,
            year: None,
            answers: state.answers().clone(),
            calculated: state.calculated().clone(),
        };
        record.year = record
            .number("report_year")
            .filter(|y| y.fract() == 0.0 && y.abs() < 1e6)
            .map(|y| y as i32);
        if keeps(filter, kind, &record) {
            records.push(record);
        }
    }
    let years: BTreeSet<i32> = records.iter().filter_map(|r| r.year).collect();
    let targets = PLAN_TARGETS
        .iter()
        .map(|target| {
            let all: Vec<&Record> = records.iter().collect();
            let (figure, parts) = measure(target.id, &all);
            let by_year = years
                .iter()
                .map(|&year| {
                    let of_year: Vec<&Record> =
                        records.iter().filter(|r| r.year == Some(year)).collect();
                    YearFigure {
                        year,
                        figure: measure(target.id, &of_year).0,
                    }
                })
                .collect();
            TargetReport {
                target: target.id.to_owned(),
                title_vi: target.title_vi.to_owned(),
                title_en: target.title_en.to_owned(),
                unit: target.unit.to_owned(),
                plan: target.goals.to_vec(),
                source: target.source.to_owned(),
                measure: description(target.id).to_owned(),
                figure,
                parts,
                by_year,
            }
        })
        .collect();
    IndicatorReport {
        filter: filter.clone(),
        submissions: records.len(),
        targets,
        skipped,
    }
}

fn description(target: &str) -> &'static str {
    match target {
        "T1" => {
            "mean labour productivity growth of the enterprises that report it (value added per average employee, this year against last)"
        }
        "T2" => {
            "mean TFP share of value-added growth of the enterprises that report it (g_A / g_Y × 100, with the form's capital share α)"
        }
        "T3" => {
            "productivity and quality experts reported by enterprises, medical facilities and education institutions"
        }
        "T4" => {
            "people trained: enterprises' trained people, facilities' and institutions' staff trained, institutions' learners trained"
        }
        "T5" => {
            "universities, colleges, intermediate schools and vocational centres with an active improvement club"
        }
        "T6" => {
            "enterprises applying at least one of the plan's management systems (valid certificate) or tools (status applying)"
        }
        "T7" => {
            "medical facilities applying 5S, Kaizen or Lean, or certified/implementing ISO 9001, ISO 15189 or ISO/IEC 17025"
        }
        "T8" => {
            "public medical facilities applying advanced tools or systems (advanced_applied > 0), as a share of public facilities that answered"
        }
        "T9" => "education institutions certified, implementing or piloting TCVN ISO 21001",
        "T10" => "enterprises building or applying at least one kind of standard",
        "T11" => "enterprises that entered or won the National Quality Award",
        "T12" => {
            "accredited laboratories: enterprises' accredited labs or ISO/IEC 17025 certificates, facilities' ISO 15189 / ISO/IEC 17025"
        }
        _ => "",
    }
}

fn ids(records: &[&Record]) -> Vec<String> {
    records.iter().map(|r| r.id.clone()).collect()
}

/// Among `basis`, how many satisfy `test`; no value when `basis` is empty.
fn count(basis: &[&Record], test: impl Fn(&Record) -> bool) -> Figure {
    let counted: Vec<&Record> = basis.iter().copied().filter(|r| test(r)).collect();
    Figure {
        value: (!basis.is_empty()).then_some(counted.len() as f64),
        submissions: ids(basis),
        counted: ids(&counted),
    }
}

/// The sum (or, with `mean`, the mean) of `value` over the records that have it.
fn total(records: &[&Record], value: impl Fn(&Record) -> Option<f64>, mean: bool) -> Figure {
    let with: Vec<(&Record, f64)> = records
        .iter()
        .filter_map(|r| value(r).map(|v| (*r, v)))
        .collect();
    let sum: f64 = with.iter().map(|(_, v)| v).sum();
    let value = match (with.is_empty(), mean) {
        (true, _) => None,
        (false, true) => Some(sum / with.len() as f64),
        (false, false) => Some(sum),
    };
    let basis: Vec<&Record> = with.iter().map(|(r, _)| *r).collect();
    Figure {
        value,
        submissions: ids(&basis),
        counted: ids(&basis),
    }
}

fn of_kind<'a>(records: &[&'a Record], kinds: &[Kind]) -> Vec<&'a Record> {
    records
        .iter()
        .copied()
        .filter(|r| kinds.contains(&r.kind))
        .collect()
}

fn answering<'a>(records: &[&'a Record], kind: Kind, names: &[&str]) -> Vec<&'a Record> {
    records
        .iter()
        .copied()
        .filter(|r| r.kind == kind && names.iter().any(|n| r.answered(n)))
        .collect()
}

fn part(key: &str, figure: Figure) -> Part {
    Part {
        key: key.to_owned(),
        figure,
    }
}

/// T6's certified systems.
const T6_SYSTEMS: [&str; 7] = [
    "iso_9001",
    "iso_14001",
    "iso_50001",
    "iso_45001",
    "haccp",
    "iso_22000",
    "iso_22301",
];
/// T6's tools (rows of the enterprise form's `tools`).
const T6_TOOLS: [&str; 6] = ["five_s", "kaizen", "lean", "tpm", "kpi", "work_layout"];
/// T7's tools (rows of the hospital form's `tools`).
const T7_TOOLS: [&str; 3] = ["five_s", "kaizen", "lean"];
/// T7's systems (rows of the hospital form's `iso`, and certificate standards).
const T7_SYSTEMS: [&str; 3] = ["iso_9001", "iso_15189", "iso_iec_17025"];
/// The enterprise form's `standards_applied` choices.
const STANDARD_KINDS: [&str; 5] = [
    "company",
    "national",
    "international",
    "regional",
    "regulation",
];
/// School levels the plan's clubs are for.
const CLUB_LEVELS: [&str; 4] = ["university", "college", "intermediate", "vocational_centre"];

const APPLYING: &[&str] = &["applying"];
const CERTIFIED_OR_APPLYING: &[&str] = &["certified", "applying"];

fn t6_applies(record: &Record, key: &str) -> bool {
    if T6_TOOLS.contains(&key) {
        record.row_status("tools", key, APPLYING)
    } else {
        record.has_certificate(key)
    }
}

fn t7_applies(record: &Record, key: &str) -> bool {
    if T7_TOOLS.contains(&key) {
        record.row_status("tools", key, APPLYING)
    } else {
        record.row_status("iso", key, CERTIFIED_OR_APPLYING) || record.has_certificate(key)
    }
}

fn t12_lab(record: &Record) -> bool {
    match record.kind {
        Kind::Enterprise => {
            record.is("lab_status", &["accredited"]) || record.has_certificate("iso_iec_17025")
        }
        Kind::Hospital => ["iso_15189", "iso_iec_17025"]
            .iter()
            .any(|s| record.row_status("iso", s, &["certified"]) || record.has_certificate(s)),
        Kind::School => false,
    }
}

/// The figure of `target` over `records`, and its parts.
fn measure(target: &str, records: &[&Record]) -> (Figure, Vec<Part>) {
    let none = Vec::new();
    match target {
        "T1" => (
            total(
                &of_kind(records, &[Kind::Enterprise]),
                |r| r.calculated_number("labour_productivity_growth"),
                true,
            ),
            none,
        ),
        "T2" => (
            total(
                &of_kind(records, &[Kind::Enterprise]),
                |r| r.calculated_number("tfp_share"),
                true,
            ),
            none,
        ),
        "T3" => (total(records, |r| r.number("experts"), false), none),
        "T4" => {
            let trained = |r: &Record| -> Option<f64> {
                match r.kind {
                    Kind::Enterprise => r.number("trained_people"),
                    Kind::Hospital => r.number("staff_trained"),
                    Kind::School => match (r.number("staff_trained"), r.number("learners_trained"))
                    {
                        (None, None) => None,
                        (staff, learners) => Some(staff.unwrap_or(0.0) + learners.unwrap_or(0.0)),
                    },
                }
            };
            let parts = vec![
                part(
                    "enterprise_trained_people",
                    total(
                        &of_kind(records, &[Kind::Enterprise]),
                        |r| r.number("trained_people"),
                        false,
                    ),
                ),
                part(
                    "hospital_staff_trained",
                    total(
                        &of_kind(records, &[Kind::Hospital]),
                        |r| r.number("staff_trained"),
                        false,
                    ),
                ),
                part(
                    "school_staff_trained",
                    total(
                        &of_kind(records, &[Kind::School]),
                        |r| r.number("staff_trained"),
                        false,
                    ),
                ),
                part(
                    "school_learners_trained",
                    total(
                        &of_kind(records, &[Kind::School]),
                        |r| r.number("learners_trained"),
                        false,
                    ),
                ),
            ];
            (total(records, trained, false), parts)
        }
        "T5" => {
            let basis = answering(records, Kind::School, &["club_status"]);
            let figure = count(&basis, |r| {
                r.is("club_status", &["active"]) && r.is("level", &CLUB_LEVELS)
            });
            (figure, none)
        }
        "T6" => {
            let basis = answering(records, Kind::Enterprise, &["has_certificates", "tools"]);
            let keys = T6_SYSTEMS.iter().chain(T6_TOOLS.iter());
            let parts = keys
                .clone()
                .map(|key| part(key, count(&basis, |r| t6_applies(r, key))))
                .collect();
            let figure = count(&basis, |r| keys.clone().any(|key| t6_applies(r, key)));
            (figure, parts)
        }
        "T7" => {
            let basis = answering(
                records,
                Kind::Hospital,
                &["tools", "iso", "has_certificates"],
            );
            let keys = T7_TOOLS.iter().chain(T7_SYSTEMS.iter());
            let parts = keys
                .clone()
                .map(|key| part(key, count(&basis, |r| t7_applies(r, key))))
                .collect();
            let figure = count(&basis, |r| keys.clone().any(|key| t7_applies(r, key)));
            (figure, parts)
        }
        "T8" => {
            let basis: Vec<&Record> = records
                .iter()
                .copied()
                .filter(|r| {
                    r.kind == Kind::Hospital
                        && r.is("ownership", &["public"])
                        && r.calculated_number("advanced_applied").is_some()
                })
                .collect();
            let applying = count(&basis, |r| {
                r.calculated_number("advanced_applied")
                    .is_some_and(|n| n > 0.0)
            });
            let share = Figure {
                value: applying
                    .value
                    .filter(|_| !basis.is_empty())
                    .map(|n| n / basis.len() as f64 * 100.0),
                ..applying.clone()
            };
            let public = count(&basis, |_| true);
            (
                share,
                vec![
                    part("applying", applying),
                    part("public_facilities", public),
                ],
            )
        }
        "T9" => {
            let basis = answering(
                records,
                Kind::School,
                &["iso", "has_certificates", "programme_participation"],
            );
            let certified = |r: &Record| {
                r.row_status("iso", "tcvn_iso_21001", &["certified"])
                    || r.has_certificate("tcvn_iso_21001")
            };
            let applying = |r: &Record| r.row_status("iso", "tcvn_iso_21001", APPLYING);
            let pilot = |r: &Record| r.has_choice("programme_participation", "iso_21001_pilot");
            let figure = count(&basis, |r| certified(r) || applying(r) || pilot(r));
            let parts = vec![
                part("certified", count(&basis, certified)),
                part("applying", count(&basis, applying)),
                part("iso_21001_pilot", count(&basis, pilot)),
            ];
            (figure, parts)
        }
        "T10" => {
            let basis = answering(records, Kind::Enterprise, &["standards_applied"]);
            let figure = count(
                &basis,
                |r| matches!(r.answer("standards_applied"), Some(Value::Array(a)) if !a.is_empty()),
            );
            let mut parts: Vec<Part> = STANDARD_KINDS
                .iter()
                .map(|kind| {
                    part(
                        kind,
                        count(&basis, |r| r.has_choice("standards_applied", kind)),
                    )
                })
                .collect();
            parts.push(part(
                "standards_guidance",
                count(&basis, |r| {
                    r.has_choice("programme_participation", "standards_guidance")
                }),
            ));
            (figure, parts)
        }
        "T11" => {
            let basis = answering(records, Kind::Enterprise, &["quality_award"]);
            let figure = count(&basis, |r| r.is("quality_award", &["won", "entered"]));
            let parts = vec![
                part("won", count(&basis, |r| r.is("quality_award", &["won"]))),
                part(
                    "entered",
                    count(&basis, |r| r.is("quality_award", &["entered"])),
                ),
            ];
            (figure, parts)
        }
        "T12" => {
            let mut basis = answering(
                records,
                Kind::Enterprise,
                &["lab_status", "has_certificates", "conformity_body_plan"],
            );
            let hospitals = answering(records, Kind::Hospital, &["iso", "has_certificates"]);
            let enterprises = basis.clone();
            basis.extend(hospitals.iter().copied());
            let figure = count(&basis, t12_lab);
            let parts = vec![
                part("enterprise_labs", count(&enterprises, t12_lab)),
                part("hospital_labs", count(&hospitals, t12_lab)),
                part(
                    "conformity_body_plan",
                    count(&enterprises, |r| {
                        matches!(r.answer("conformity_body_plan"), Some(Value::Bool(true)))
                    }),
                ),
            ];
            (figure, parts)
        }
        _ => (Figure::default(), none),
    }
}
