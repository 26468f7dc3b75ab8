//! Plan-285 indicators: for each target T1–T12 ([`plan::PLAN_TARGETS`]), the value the stored
//! surveys measure, beside the plan's number. `docs/indicators.md` gives every definition,
//! formula, source question and coverage rule so that it can be checked by hand.
//!
//! Two steps, kept apart and both pure:
//! 1. **Extraction** ([`facts::extract`]): one submission's answers (as its compiled form
//!    holds them, hidden answers dropped) → the numbers and flags the targets need
//!    ([`Facts`]). Both form versions are read.
//! 2. **Aggregation** ([`aggregate`]): facts → figures. Only the newest submission of each
//!    unit (tax code, facility code, institution code) and reporting year counts; flows of a
//!    year (attendances, experts trained, award entries) add up over years, stocks and states
//!    (experts working, clubs, practices, registrations) count each unit once, from its newest
//!    year.
//!
//! | Target | Headline | Parts |
//! |---|---|---|
//! | T1 | growth of ΣVA ÷ ΣL over the panel, average per year 2023–2030; periods 2023–2025, 2026–2030 | — |
//! | T2 | Σg_A ÷ Σg_Y of the panel (g from summed VA, capital, employees), α a report parameter | g_Y, g_K, g_L, g_A |
//! | T3 | `programme_experts` from 2023 | experts working (newest year per unit) |
//! | T4 | `programme_attendances` from 2023 | people trained (any course) by audience |
//! | T5 | schools at a plan level with an active club | — |
//! | T6 | enterprises that are programme pilot models applying a system (certified or being implemented) or a tool | each system and tool; any practice; pilot models |
//! | T7 | medical facilities that are programme pilot models applying a plan tool or system | each tool and system; any practice |
//! | T8 | public facilities applying an advanced tool or system, % | applying; public facilities |
//! | T9 | schools certified, implementing or piloting TCVN ISO 21001 | certified; applying; pilot |
//! | T10 | enterprises guided under the programme (`standards_guidance`) | each kind of standard ("none" never counted); any standard |
//! | T11 | National Quality Award entries from 2023, one per enterprise and award year | won; no award; enterprises |
//! | T12 | enterprises with a conformity assessment organisation registered (Decree 107/2016/NĐ-CP as amended by 154/2018/NĐ-CP) from 2023 | by kind; registered in any year; accredited labs; plans |
//!
//! A figure with nothing to compute from has **no value** (`None`, `null` in JSON) — never 0;
//! a count is 0 only when respondents answered and none qualifies. Every figure lists the
//! submissions it was computed from (`submissions`) and those that make its value (`counted`).

pub mod facts;
pub mod growth;
pub mod plan;
pub mod prices;
pub mod units;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::compile::CompiledForm;
use crate::expression::Date;
use crate::state::FormState;
use crate::sync::{Submission, version_text};

pub use facts::{Facts, extract, reporting_year_of};
pub use growth::Coverage;
pub use plan::{Bound, PLAN_TARGETS, PlanGoal, PlanTarget, plan_target};
pub use prices::{DeflatorRow, DeflatorTable, PriceBasis, Prices};
pub use units::{COMMUNE_UNITS, CommuneUnit, FormerProvince, commune_unit};

use growth::{Growth, Needs};

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

/// The capital share α of T2 when the reader sets none.
pub const DEFAULT_CAPITAL_SHARE: f64 = 0.4;
/// The first year of the plan: programme outputs count from it.
pub const PLAN_START: i32 = 2023;
/// The plan's periods, for T1 and T2.
pub const PLAN_PERIODS: [(i32, i32); 2] = [(2023, 2025), (2026, 2030)];

/// Which Plan-285 survey a submission answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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
    /// The reporting year (`report_year`; schools: the year their school year ends).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// The pre-2025 `district` answer's value (`yen_phong`, `bac_ninh`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    /// The commune-level unit's code (`09169`), from `commune_code`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commune: Option<String>,
    /// The former province (`bac_ninh`, `bac_giang`): from the commune code, or Bắc Ninh for
    /// a pre-2025 district.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub former_province: Option<FormerProvince>,
    /// A VSIC section letter: enterprises by `vsic_section`; medical facilities are section
    /// [`HOSPITAL_SECTOR`] (Q), education institutions [`SCHOOL_SECTOR`] (P).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
}

impl Filter {
    /// Whether `facts` pass this filter.
    pub fn keeps(&self, facts: &Facts) -> bool {
        let same = |want: &Option<String>, have: &Option<String>| match want {
            None => true,
            Some(want) => have
                .as_deref()
                .is_some_and(|h| h.trim().eq_ignore_ascii_case(want.trim())),
        };
        self.year.is_none_or(|y| facts.year == Some(y))
            && same(&self.district, &facts.place.district)
            && same(&self.commune, &facts.place.commune)
            && self
                .former_province
                .is_none_or(|p| facts.place.former_province == Some(p))
            && same(&self.sector, &facts.sector)
    }
}

/// The report's parameters: the capital share α of T2 and the deflator table (none: current
/// prices).
#[derive(Debug, Clone, PartialEq)]
pub struct Parameters {
    pub capital_share: f64,
    pub deflators: Option<DeflatorTable>,
}

impl Default for Parameters {
    fn default() -> Self {
        Parameters {
            capital_share: DEFAULT_CAPITAL_SHARE,
            deflators: None,
        }
    }
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
    /// numerator for a share, those with a value for a sum, the panel for a growth.
    pub counted: Vec<String>,
    /// T1, T2: how much of the enterprises the panel covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage: Option<Coverage>,
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

/// The headline figure of one plan period (T1, T2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeriodFigure {
    pub from_year: i32,
    pub to_year: i32,
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
    /// Computed from money (value added, capital): at the report's [`Prices`].
    #[serde(default)]
    pub money_based: bool,
    /// The value over every submission kept by the filter.
    #[serde(flatten)]
    pub figure: Figure,
    /// The value's parts (T4: by audience; T6, T7: by system and tool…); empty when none.
    pub parts: Vec<Part>,
    /// The value for each reporting year present, oldest first.
    pub by_year: Vec<YearFigure>,
    /// The value for each plan period (T1, T2); empty for the other targets.
    #[serde(default)]
    pub periods: Vec<PeriodFigure>,
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
    /// The capital share α T2 used.
    pub capital_share: f64,
    /// The prices of the money-based figures (T1, T2).
    pub prices: Prices,
    /// Records kept by the filter: the newest of each unit and reporting year.
    pub submissions: usize,
    /// Submissions left out because a newer one of the same unit and year counts.
    #[serde(default)]
    pub superseded: Vec<String>,
    /// T1 … T12, in order.
    pub targets: Vec<TargetReport>,
    /// Submissions that could not be read (unknown form or version, not a Plan-285 form).
    pub skipped: Vec<Skipped>,
}

/// The newest revision of each id (ids compared whatever their case), in first-seen order.
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

/// Reads `submissions` (only the newest revision of each id) with `forms`: their facts, and
/// those that could not be read. `today` is the date the forms' expressions see.
pub fn read_all(
    submissions: &[Submission],
    forms: &FormSet,
    today: Date,
) -> (Vec<Facts>, Vec<Skipped>) {
    let mut all = Vec::new();
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
        all.push(extract(
            &submission.id,
            kind,
            &submission.form_version,
            submission.revision,
            &submission.updated_at,
            state.answers(),
        ));
    }
    (all, skipped)
}

/// Computes every target from `submissions` read with `forms`, keeping those `filter`
/// keeps, with `parameters`. `today` is the date the forms' expressions see.
pub fn compute(
    submissions: &[Submission],
    forms: &FormSet,
    filter: &Filter,
    parameters: &Parameters,
    today: Date,
) -> IndicatorReport {
    let (facts, skipped) = read_all(submissions, forms, today);
    let mut report = aggregate(&facts, filter, parameters);
    report.skipped = skipped;
    report
}

/// The newest record of each unit, kind and reporting year (latest `updated_at`, then the
/// highest revision, then the last given), and the ids of those it supersedes.
fn one_per_unit_and_year(facts: &[Facts]) -> (Vec<&Facts>, Vec<String>) {
    let mut newest: BTreeMap<(Kind, &str, Option<i32>), &Facts> = BTreeMap::new();
    let mut order = Vec::new();
    for f in facts {
        let key = (f.kind, f.unit.as_str(), f.year);
        match newest.get(&key) {
            Some(kept)
                if (kept.updated_at.as_str(), kept.revision)
                    > (f.updated_at.as_str(), f.revision) => {}
            Some(_) => {
                newest.insert(key, f);
            }
            None => {
                order.push(key);
                newest.insert(key, f);
            }
        }
    }
    let kept: Vec<&Facts> = order
        .iter()
        .filter_map(|k| newest.get(k).copied())
        .collect();
    let kept_ids: BTreeSet<&str> = kept.iter().map(|f| f.id.as_str()).collect();
    let superseded = facts
        .iter()
        .filter(|f| !kept_ids.contains(f.id.as_str()))
        .map(|f| f.id.clone())
        .collect();
    (kept, superseded)
}

/// Aggregates `facts` (one per submission) into every target, keeping those `filter` keeps.
pub fn aggregate(facts: &[Facts], filter: &Filter, parameters: &Parameters) -> IndicatorReport {
    let (records, superseded) = one_per_unit_and_year(facts);
    let records: Vec<&Facts> = records.into_iter().filter(|f| filter.keeps(f)).collect();
    let years: BTreeSet<i32> = records.iter().filter_map(|r| r.year).collect();
    let targets = PLAN_TARGETS
        .iter()
        .map(|target| {
            let measured = measure(target.id, &records, parameters);
            let by_year = years
                .iter()
                .map(|&year| YearFigure {
                    year,
                    figure: measured
                        .by_year
                        .as_ref()
                        .and_then(|m| m.get(&year).cloned())
                        .unwrap_or_else(|| {
                            let of_year: Vec<&Facts> = records
                                .iter()
                                .copied()
                                .filter(|r| r.year == Some(year))
                                .collect();
                            measure(target.id, &of_year, parameters).figure
                        }),
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
                money_based: matches!(target.id, "T1" | "T2"),
                figure: measured.figure,
                parts: measured.parts,
                by_year,
                periods: measured.periods,
            }
        })
        .collect();
    IndicatorReport {
        filter: filter.clone(),
        capital_share: parameters.capital_share,
        prices: Prices::of(parameters.deflators.as_ref()),
        submissions: records.len(),
        superseded,
        targets,
        skipped: Vec::new(),
    }
}

fn description(target: &str) -> &'static str {
    match target {
        "T1" => {
            "growth of labour productivity (Σ value added ÷ Σ average employees) over the panel of enterprises reporting both years, average per year over the plan years 2023–2030"
        }
        "T2" => {
            "TFP share of value-added growth: Σ g_A ÷ Σ g_Y over the plan years, with g_Y, g_K, g_L the growth of the panel's summed value added, capital and employees and g_A = g_Y − α·g_K − (1 − α)·g_L"
        }
        "T3" => {
            "people trained and recognised as productivity and quality experts under the programme, reporting years 2023 on"
        }
        "T4" => "attendances at the programme's courses, reporting years 2023 on",
        "T5" => {
            "universities, colleges, intermediate schools and vocational centres with an active improvement club"
        }
        "T6" => {
            "enterprises that are programme pilot models and apply a management system (certified or being implemented) or an improvement tool"
        }
        "T7" => {
            "medical facilities that are programme pilot models and apply 5S, Kaizen, Lean, ISO 9001, ISO 15189 or ISO/IEC 17025"
        }
        "T8" => {
            "public medical facilities applying advanced tools or systems, as a share of public facilities that answered"
        }
        "T9" => "education institutions certified, implementing or piloting TCVN ISO 21001",
        "T10" => "enterprises guided under the programme to build or apply standards",
        "T11" => "National Quality Award entries from 2023 on, one per enterprise and award year",
        "T12" => {
            "enterprises with a conformity assessment organisation registered under Decree 107/2016/NĐ-CP (as amended by Decree 154/2018/NĐ-CP) from 2023 on"
        }
        _ => "",
    }
}

fn ids(records: &[&Facts]) -> Vec<String> {
    records.iter().map(|r| r.id.clone()).collect()
}

/// Among `basis`, how many satisfy `test`; no value when `basis` is empty.
fn count(basis: &[&Facts], test: impl Fn(&Facts) -> bool) -> Figure {
    let counted: Vec<&Facts> = basis.iter().copied().filter(|r| test(r)).collect();
    Figure {
        value: (!basis.is_empty()).then_some(counted.len() as f64),
        submissions: ids(basis),
        counted: ids(&counted),
        coverage: None,
    }
}

/// The sum of `value` over the records that have it.
fn total(records: &[&Facts], value: impl Fn(&Facts) -> Option<f64>) -> Figure {
    let with: Vec<(&Facts, f64)> = records
        .iter()
        .filter_map(|r| value(r).map(|v| (*r, v)))
        .collect();
    let basis: Vec<&Facts> = with.iter().map(|(r, _)| *r).collect();
    Figure {
        value: (!with.is_empty()).then(|| with.iter().map(|(_, v)| v).sum()),
        submissions: ids(&basis),
        counted: ids(&basis),
        coverage: None,
    }
}

fn of_kind<'a>(records: &[&'a Facts], kinds: &[Kind]) -> Vec<&'a Facts> {
    records
        .iter()
        .copied()
        .filter(|r| kinds.contains(&r.kind))
        .collect()
}

/// Records of the plan's years (2023 on): programme outputs count from then.
fn from_plan_start<'a>(records: &[&'a Facts]) -> Vec<&'a Facts> {
    records
        .iter()
        .copied()
        .filter(|r| r.year.is_some_and(|y| y >= PLAN_START))
        .collect()
}

/// The newest record of each unit (highest reporting year): stocks count once per unit.
fn newest_per_unit<'a>(records: &[&'a Facts]) -> Vec<&'a Facts> {
    let mut newest: BTreeMap<(Kind, &str), &'a Facts> = BTreeMap::new();
    let mut order = Vec::new();
    for r in records {
        let key = (r.kind, r.unit.as_str());
        match newest.get(&key) {
            Some(kept) if kept.year >= r.year => {}
            Some(_) => {
                newest.insert(key, r);
            }
            None => {
                order.push(key);
                newest.insert(key, r);
            }
        }
    }
    order
        .iter()
        .filter_map(|k| newest.get(k).copied())
        .collect()
}

fn part(key: &str, figure: Figure) -> Part {
    Part {
        key: key.to_owned(),
        figure,
    }
}

/// The management systems of T6 (certificates, or `systems_implementing`).
pub const ENTERPRISE_SYSTEMS: [&str; 11] = [
    "iso_9001",
    "iso_14001",
    "iso_50001",
    "iso_45001",
    "haccp",
    "iso_22000",
    "iso_22301",
    "iatf_16949",
    "iso_13485",
    "iso_iec_27001",
    "vietgap",
];
/// T6's tools (rows of the enterprise form's `tools`).
const T6_TOOLS: [&str; 8] = [
    "five_s",
    "kaizen",
    "lean",
    "tpm",
    "kpi",
    "work_layout",
    "six_sigma",
    "tqm",
];
/// T7's tools and systems.
const T7_KEYS: [&str; 6] = [
    "five_s",
    "kaizen",
    "lean",
    "iso_9001",
    "iso_15189",
    "iso_iec_17025",
];
/// The enterprise form's `standards_applied` choices ("none" aside).
const STANDARD_KINDS: [&str; 5] = [
    "company",
    "national",
    "international",
    "regional",
    "regulation",
];
/// Kinds of conformity assessment (Decree 107/2016/NĐ-CP).
const REGISTRATION_KINDS: [&str; 4] = ["testing", "inspection", "verification", "certification"];
/// School levels the plan's clubs are for.
pub(crate) const CLUB_LEVELS: [&str; 4] =
    ["university", "college", "intermediate", "vocational_centre"];

/// What one target measures over some records.
struct Measured {
    figure: Figure,
    parts: Vec<Part>,
    periods: Vec<PeriodFigure>,
    /// The yearly figures when they are not the headline's rule applied to one year.
    by_year: Option<BTreeMap<i32, Figure>>,
}

impl Measured {
    fn plain(figure: Figure, parts: Vec<Part>) -> Measured {
        Measured {
            figure,
            parts,
            periods: Vec::new(),
            by_year: None,
        }
    }
}

fn practices_has(r: &Facts, key: &str) -> bool {
    r.practices.as_ref().is_some_and(|p| p.contains(key))
}

fn any_practice(r: &Facts, keys: &[&str]) -> bool {
    keys.iter().any(|k| practices_has(r, k))
}

/// T1 or T2 over the enterprises among `records`.
fn growth_target(target: &str, records: &[&Facts], parameters: &Parameters) -> Measured {
    let firms = of_kind(records, &[Kind::Enterprise]);
    let needs = if target == "T1" {
        Needs::Labour
    } else {
        Needs::Capital
    };
    let yearly = growth::panel_growth(
        &firms,
        needs,
        parameters.capital_share,
        parameters.deflators.as_ref(),
    );
    let value_of = |growths: &[&Growth]| -> Option<f64> {
        if target == "T1" {
            let values: Vec<f64> = growths.iter().filter_map(|g| g.productivity).collect();
            growth::average_growth(&values)
        } else {
            growth::tfp_share(growths)
        }
    };
    let figure_of = |growths: &[&Growth]| -> Figure {
        let with_value: Vec<&Growth> = growths
            .iter()
            .copied()
            .filter(|g| value_of(&[g]).is_some())
            .collect();
        let panel: Vec<String> = with_value.iter().flat_map(|g| g.panel.clone()).collect();
        let all: Vec<String> = growths.iter().flat_map(|g| g.panel.clone()).collect();
        // Firms the deflator table does not cover are counted whether or not their year
        // has a value.
        let without_deflator: usize = growths.iter().map(|g| g.coverage.without_deflator).sum();
        let coverage = (!with_value.is_empty() || without_deflator > 0).then(|| Coverage {
            without_deflator,
            ..growth::combined_coverage(&with_value, &firms)
        });
        Figure {
            value: value_of(&with_value),
            submissions: all,
            counted: panel,
            coverage,
        }
    };
    let in_range = |from: i32, to: i32| -> Vec<&Growth> {
        yearly
            .iter()
            .filter(|(y, _)| (from..=to).contains(y))
            .map(|(_, g)| g)
            .collect()
    };
    let (first, last) = (PLAN_PERIODS[0].0, PLAN_PERIODS[PLAN_PERIODS.len() - 1].1);
    let plan_years = in_range(first, last);
    let figure = figure_of(&plan_years);
    let periods = PLAN_PERIODS
        .iter()
        .map(|&(from, to)| PeriodFigure {
            from_year: from,
            to_year: to,
            figure: figure_of(&in_range(from, to)),
        })
        .collect();
    let by_year = yearly
        .iter()
        .map(|(year, g)| (*year, figure_of(&[g])))
        .collect();
    let parts = if target == "T2" {
        let with_value: Vec<&Growth> = plan_years
            .iter()
            .copied()
            .filter(|g| g.tfp.is_some() && g.va.is_some())
            .collect();
        let mean = |f: fn(&Growth) -> Option<f64>| -> Option<f64> {
            let values: Vec<f64> = with_value.iter().filter_map(|g| f(g)).collect();
            (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
        };
        let panel: Vec<String> = with_value.iter().flat_map(|g| g.panel.clone()).collect();
        let growth_part = |key: &str, value: Option<f64>| {
            part(
                key,
                Figure {
                    value,
                    submissions: panel.clone(),
                    counted: panel.clone(),
                    coverage: None,
                },
            )
        };
        vec![
            growth_part("va_growth", mean(|g| g.va)),
            growth_part("capital_growth", mean(|g| g.capital)),
            growth_part("labour_growth", mean(|g| g.labour)),
            growth_part("tfp_growth", mean(|g| g.tfp)),
        ]
    } else {
        Vec::new()
    };
    Measured {
        figure,
        parts,
        periods,
        by_year: Some(by_year),
    }
}

/// The figure of `target` over `records` (one per unit and year), and its parts.
fn measure(target: &str, records: &[&Facts], parameters: &Parameters) -> Measured {
    let newest = newest_per_unit(records);
    match target {
        "T1" | "T2" => growth_target(target, records, parameters),
        "T3" => {
            let figure = total(&from_plan_start(records), |r| r.programme_experts);
            let parts = vec![part("experts_working", total(&newest, |r| r.experts))];
            Measured::plain(figure, parts)
        }
        "T4" => {
            let figure = total(&from_plan_start(records), |r| r.programme_attendances);
            let parts = vec![
                part(
                    "enterprise_trained_people",
                    total(&of_kind(records, &[Kind::Enterprise]), |r| r.trained_people),
                ),
                part(
                    "hospital_staff_trained",
                    total(&of_kind(records, &[Kind::Hospital]), |r| r.staff_trained),
                ),
                part(
                    "school_staff_trained",
                    total(&of_kind(records, &[Kind::School]), |r| r.staff_trained),
                ),
                part(
                    "school_learners_trained",
                    total(&of_kind(records, &[Kind::School]), |r| r.learners_trained),
                ),
            ];
            Measured::plain(figure, parts)
        }
        "T5" => {
            let basis: Vec<&Facts> = newest
                .iter()
                .copied()
                .filter(|r| r.club_at_plan_level.is_some())
                .collect();
            Measured::plain(
                count(&basis, |r| r.club_at_plan_level == Some(true)),
                Vec::new(),
            )
        }
        "T6" => {
            let enterprises = of_kind(&newest, &[Kind::Enterprise]);
            let keys: Vec<&str> = ENTERPRISE_SYSTEMS
                .iter()
                .chain(T6_TOOLS.iter())
                .copied()
                .collect();
            let basis: Vec<&Facts> = enterprises
                .iter()
                .copied()
                .filter(|r| r.pilot_model.is_some() || r.practices.is_some())
                .collect();
            let figure = count(&basis, |r| {
                r.pilot_model == Some(true) && any_practice(r, &keys)
            });
            let mut parts: Vec<Part> = keys
                .iter()
                .map(|key| part(key, count(&basis, |r| practices_has(r, key))))
                .collect();
            parts.push(part(
                "any_practice",
                count(&basis, |r| any_practice(r, &keys)),
            ));
            parts.push(part(
                "pilot_model",
                count(&basis, |r| r.pilot_model == Some(true)),
            ));
            Measured::plain(figure, parts)
        }
        "T7" => {
            let basis: Vec<&Facts> = of_kind(&newest, &[Kind::Hospital])
                .into_iter()
                .filter(|r| r.pilot_model.is_some() || r.practices.is_some())
                .collect();
            let figure = count(&basis, |r| {
                r.pilot_model == Some(true) && any_practice(r, &T7_KEYS)
            });
            let mut parts: Vec<Part> = T7_KEYS
                .iter()
                .map(|key| part(key, count(&basis, |r| practices_has(r, key))))
                .collect();
            parts.push(part(
                "any_practice",
                count(&basis, |r| any_practice(r, &T7_KEYS)),
            ));
            parts.push(part(
                "pilot_model",
                count(&basis, |r| r.pilot_model == Some(true)),
            ));
            Measured::plain(figure, parts)
        }
        "T8" => {
            let basis: Vec<&Facts> = newest
                .iter()
                .copied()
                .filter(|r| r.public_advanced.is_some())
                .collect();
            let applying = count(&basis, |r| r.public_advanced == Some(true));
            let share = Figure {
                value: applying
                    .value
                    .filter(|_| !basis.is_empty())
                    .map(|n| n / basis.len() as f64 * 100.0),
                ..applying.clone()
            };
            let public = count(&basis, |_| true);
            Measured::plain(
                share,
                vec![
                    part("applying", applying),
                    part("public_facilities", public),
                ],
            )
        }
        "T9" => {
            let basis: Vec<&Facts> = newest
                .iter()
                .copied()
                .filter(|r| r.iso_21001.is_some())
                .collect();
            let iso = |r: &Facts| r.iso_21001.unwrap_or_default();
            let figure = count(&basis, |r| {
                let i = iso(r);
                i.certified || i.applying || i.pilot
            });
            let parts = vec![
                part("certified", count(&basis, |r| iso(r).certified)),
                part("applying", count(&basis, |r| iso(r).applying)),
                part("iso_21001_pilot", count(&basis, |r| iso(r).pilot)),
            ];
            Measured::plain(figure, parts)
        }
        "T10" => {
            let enterprises = of_kind(&newest, &[Kind::Enterprise]);
            let guided_basis: Vec<&Facts> = enterprises
                .iter()
                .copied()
                .filter(|r| r.standards_guidance.is_some())
                .collect();
            let figure = count(&guided_basis, |r| r.standards_guidance == Some(true));
            let standards_basis: Vec<&Facts> = enterprises
                .iter()
                .copied()
                .filter(|r| r.standards.is_some())
                .collect();
            let has =
                |r: &Facts, kind: &str| r.standards.as_ref().is_some_and(|s| s.contains(kind));
            let mut parts: Vec<Part> = STANDARD_KINDS
                .iter()
                .map(|kind| part(kind, count(&standards_basis, |r| has(r, kind))))
                .collect();
            parts.push(part(
                "any_standard",
                count(&standards_basis, |r| {
                    r.standards.as_ref().is_some_and(|s| !s.is_empty())
                }),
            ));
            Measured::plain(figure, parts)
        }
        "T11" => award_entries(records),
        "T12" => {
            let enterprises = of_kind(&newest, &[Kind::Enterprise]);
            let basis: Vec<&Facts> = enterprises
                .iter()
                .copied()
                .filter(|r| r.registrations.is_some())
                .collect();
            let registered_since = |r: &Facts, kind: Option<&str>| {
                r.registrations.as_ref().is_some_and(|regs| {
                    regs.iter().any(|g| {
                        g.year.is_some_and(|y| y >= PLAN_START) && kind.is_none_or(|k| g.kind == k)
                    })
                })
            };
            let figure = count(&basis, |r| registered_since(r, None));
            let mut parts: Vec<Part> = REGISTRATION_KINDS
                .iter()
                .map(|kind| part(kind, count(&basis, |r| registered_since(r, Some(kind)))))
                .collect();
            parts.push(part(
                "registered_any_year",
                count(&basis, |r| {
                    r.registrations.as_ref().is_some_and(|g| !g.is_empty())
                }),
            ));
            let lab_basis: Vec<&Facts> = newest
                .iter()
                .copied()
                .filter(|r| r.accredited_lab.is_some())
                .collect();
            parts.push(part(
                "enterprise_labs",
                count(&of_kind(&lab_basis, &[Kind::Enterprise]), |r| {
                    r.accredited_lab == Some(true)
                }),
            ));
            parts.push(part(
                "hospital_labs",
                count(&of_kind(&lab_basis, &[Kind::Hospital]), |r| {
                    r.accredited_lab == Some(true)
                }),
            ));
            let plan_basis: Vec<&Facts> = enterprises
                .iter()
                .copied()
                .filter(|r| r.conformity_body_plan.is_some())
                .collect();
            parts.push(part(
                "conformity_body_plan",
                count(&plan_basis, |r| r.conformity_body_plan == Some(true)),
            ));
            Measured::plain(figure, parts)
        }
        _ => Measured::plain(Figure::default(), Vec::new()),
    }
}

/// T11: award entries from 2023 on, each (enterprise, award year) once, whichever reporting
/// years mention it.
fn award_entries(records: &[&Facts]) -> Measured {
    let basis: Vec<&Facts> = of_kind(records, &[Kind::Enterprise])
        .into_iter()
        .filter(|r| r.award_entries.is_some())
        .collect();
    // (unit, award year) → won, and the submission that reported it first.
    let mut entries: BTreeMap<(&str, i32), (bool, &str)> = BTreeMap::new();
    for r in &basis {
        for entry in r.award_entries.iter().flatten() {
            if entry.year < PLAN_START {
                continue;
            }
            let slot = entries
                .entry((r.unit.as_str(), entry.year))
                .or_insert((entry.won, r.id.as_str()));
            slot.0 |= entry.won;
        }
    }
    let figure_of = |test: &dyn Fn(bool) -> bool| -> Figure {
        let chosen: Vec<&(bool, &str)> = entries.values().filter(|(won, _)| test(*won)).collect();
        let counted: BTreeSet<&str> = chosen.iter().map(|(_, id)| *id).collect();
        Figure {
            value: (!basis.is_empty()).then_some(chosen.len() as f64),
            submissions: ids(&basis),
            counted: basis
                .iter()
                .filter(|r| counted.contains(r.id.as_str()))
                .map(|r| r.id.clone())
                .collect(),
            coverage: None,
        }
    };
    let figure = figure_of(&|_| true);
    let enterprises: BTreeSet<&str> = entries.keys().map(|(unit, _)| *unit).collect();
    let parts = vec![
        part("won", figure_of(&|won| won)),
        part("no_award", figure_of(&|won| !won)),
        part(
            "enterprises",
            Figure {
                value: (!basis.is_empty()).then_some(enterprises.len() as f64),
                ..figure.clone()
            },
        ),
    ];
    Measured::plain(figure, parts)
}
