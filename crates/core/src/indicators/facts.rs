//! Step one of the indicators: what one submission says, as the numbers and flags the targets
//! need ([`Facts`]). Pure: the same answers give the same facts, whatever else is stored, so
//! they can be computed once when a submission is written and aggregated later.
//!
//! Both form versions are read: version 1 (free-text commune, year-end capital, value added
//! from operating profit, one award year) and version 2 (commune code, capital on 1 January
//! and 31 December, value added by the income approach, programme outputs).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::Kind;
use super::units::FormerProvince;
use crate::form::value_as_text;

/// Where a record is located, as it was collected.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// The commune-level unit's code (`commune_code`, version 2).
    pub commune: Option<String>,
    /// The former province: from the commune code, or Bắc Ninh for a pre-2025 district.
    pub former_province: Option<FormerProvince>,
    /// The pre-2025 district-level unit (`district`).
    pub district: Option<String>,
}

/// An enterprise's accounts for the reporting year and the year before, at current prices
/// (million VND), as the form gives them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Accounts {
    /// Value added: wages + depreciation + production taxes + operating surplus (version 2);
    /// operating profit + employee costs + depreciation (version 1).
    pub value_added: Option<f64>,
    pub value_added_prev: Option<f64>,
    /// Average employees: (1 January + 31 December) ÷ 2.
    pub labour: Option<f64>,
    pub labour_prev: Option<f64>,
    /// Net fixed assets: (1 January + 31 December) ÷ 2 (version 2); 31 December (version 1).
    pub capital: Option<f64>,
    pub capital_prev: Option<f64>,
}

/// One National Quality Award entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwardEntry {
    pub year: i32,
    /// Won an award (gold or national quality award).
    pub won: bool,
}

/// One registration of a conformity assessment organisation (Decree 107/2016/NĐ-CP as
/// amended by Decree 154/2018/NĐ-CP).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    /// `testing`, `inspection`, `verification` or `certification`.
    pub kind: String,
    pub year: Option<i32>,
}

/// TCVN ISO 21001 at a school.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Iso21001 {
    pub certified: bool,
    pub applying: bool,
    pub pilot: bool,
}

/// What one submission says for the targets. `None` means "not answered" (the submission is
/// not in that figure's basis); a flag or number that is answered is `Some`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    /// The submission's id.
    pub id: String,
    pub kind: Kind,
    pub form_version: String,
    /// Who the record is about: `mst:<tax code>` (enterprises), `facility:<code>` (medical
    /// facilities), `institution:<code>` (schools), or `submission:<id>` when the form has no
    /// such code.
    pub unit: String,
    /// The reporting year (schools: the year the school year ends).
    pub year: Option<i32>,
    /// When the answers were last changed (RFC 3339): the newest of one unit and year counts.
    pub updated_at: String,
    pub revision: u32,
    pub place: Place,
    /// The VSIC section (enterprises; medical facilities Q, schools P).
    pub sector: Option<String>,
    /// Enterprises' accounts (T1, T2).
    pub accounts: Option<Accounts>,
    /// Experts working at the unit (a stock).
    pub experts: Option<f64>,
    /// People trained and recognised as experts under the programme in the reporting year.
    pub programme_experts: Option<f64>,
    /// Attendances at programme courses in the reporting year.
    pub programme_attendances: Option<f64>,
    /// People trained in the reporting year, any course: enterprises' employees, facilities'
    /// and schools' staff, schools' learners.
    pub trained_people: Option<f64>,
    pub staff_trained: Option<f64>,
    pub learners_trained: Option<f64>,
    /// A school with an active improvement club at a plan level (`None`: not answered).
    pub club_at_plan_level: Option<bool>,
    /// `pilot_model` among the programme activities (`None`: not answered).
    pub pilot_model: Option<bool>,
    /// `standards_guidance` among the programme activities (`None`: not answered).
    pub standards_guidance: Option<bool>,
    /// Practices in use (systems certified or being implemented, tools applied), by key;
    /// `None` when none of the questions about them was answered.
    pub practices: Option<BTreeSet<String>>,
    /// Management systems certified (a valid certificate or a certified matrix row).
    pub certified_systems: BTreeSet<String>,
    /// Kinds of standards applied, "none" left out (`None`: not answered).
    pub standards: Option<BTreeSet<String>>,
    /// A public medical facility: applies at least one advanced tool or system (`None`: not a
    /// public facility, or not answered).
    pub public_advanced: Option<bool>,
    /// TCVN ISO 21001 (`None`: not answered).
    pub iso_21001: Option<Iso21001>,
    /// National Quality Award entries (`None`: not answered).
    pub award_entries: Option<Vec<AwardEntry>>,
    /// Registered conformity assessment organisations (`None`: not answered).
    pub registrations: Option<Vec<Registration>>,
    /// Plans to set up a conformity assessment organisation (`None`: not asked/answered).
    pub conformity_body_plan: Option<bool>,
    /// An accredited laboratory (ISO/IEC 17025, ISO 15189) (`None`: not answered).
    pub accredited_lab: Option<bool>,
}

/// The answers of one submission as the engine holds them (hidden answers dropped).
struct Answers<'a> {
    answers: &'a Map<String, Value>,
    year: Option<i32>,
}

fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(items) => items.is_empty(),
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

/// A whole year such as 2024.
fn year_of(value: &Value) -> Option<i32> {
    number(value)
        .filter(|y| y.fract() == 0.0 && y.abs() < 1e6)
        .map(|y| y as i32)
}

impl<'a> Answers<'a> {
    fn get(&self, name: &str) -> Option<&'a Value> {
        self.answers.get(name).filter(|v| !is_blank(v))
    }

    fn answered(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    fn number(&self, name: &str) -> Option<f64> {
        self.get(name).and_then(number)
    }

    fn text(&self, name: &str) -> Option<String> {
        match self.get(name)? {
            Value::Array(_) | Value::Object(_) => None,
            value => Some(value_as_text(value).trim().to_owned()),
        }
    }

    fn is(&self, name: &str, choices: &[&str]) -> bool {
        self.text(name)
            .is_some_and(|t| choices.contains(&t.as_str()))
    }

    fn boolean(&self, name: &str) -> Option<bool> {
        match self.get(name)? {
            Value::Bool(b) => Some(*b),
            Value::String(s) => match s.trim() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    /// The items of a checkbox answer (`none` included when chosen).
    fn items(&self, name: &str) -> Option<BTreeSet<String>> {
        match self.get(name)? {
            Value::Array(items) => Some(
                items
                    .iter()
                    .map(|v| value_as_text(v).into_owned())
                    .collect(),
            ),
            _ => None,
        }
    }

    fn has_choice(&self, name: &str, choice: &str) -> Option<bool> {
        self.items(name).map(|items| items.contains(choice))
    }

    /// The `status` of row `row` of matrix `matrix`, in `statuses`.
    fn row_status(&self, matrix: &str, row: &str, statuses: &[&str]) -> bool {
        self.get(matrix)
            .and_then(|m| m.get(row))
            .and_then(|r| r.get("status"))
            .is_some_and(|s| statuses.contains(&value_as_text(s).as_ref()))
    }

    /// The rows of matrix `matrix` whose status is in `statuses`.
    fn rows_with_status(&self, matrix: &str, statuses: &[&str]) -> BTreeSet<String> {
        match self.get(matrix) {
            Some(Value::Object(rows)) => rows
                .keys()
                .filter(|row| self.row_status(matrix, row, statuses))
                .cloned()
                .collect(),
            _ => BTreeSet::new(),
        }
    }

    /// The standards of the certificates that have not expired before the reporting year.
    fn valid_certificates(&self) -> BTreeSet<String> {
        let Some(Value::Array(certificates)) = self.get("certificates") else {
            return BTreeSet::new();
        };
        certificates
            .iter()
            .filter(|c| {
                let expiry = c.get("expiry_year").and_then(number);
                match (expiry, self.year) {
                    (Some(expiry), Some(year)) => expiry >= f64::from(year),
                    _ => true,
                }
            })
            .filter_map(|c| c.get("standard").map(|s| value_as_text(s).into_owned()))
            .collect()
    }

    /// `a + b + …` when every part is answered.
    fn sum(&self, names: &[&str]) -> Option<f64> {
        names.iter().map(|n| self.number(n)).sum()
    }

    /// `(a + b) ÷ 2` when both are answered.
    fn average(&self, a: &str, b: &str) -> Option<f64> {
        Some((self.number(a)? + self.number(b)?) / 2.0)
    }
}

/// Tools and systems the forms ask about, by form.
const ENTERPRISE_TOOLS: &[&str] = &[
    "five_s",
    "kaizen",
    "lean",
    "tpm",
    "kpi",
    "work_layout",
    "six_sigma",
    "tqm",
];
const HOSPITAL_TOOLS: &[&str] = &["five_s", "kaizen", "lean"];
const HOSPITAL_SYSTEMS: &[&str] = &["iso_9001", "iso_15189", "iso_iec_17025"];

/// The form version as a number (`"2"` → 2); unknown text reads as 1.
fn major(version: &str) -> u32 {
    version
        .trim()
        .split('.')
        .next()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
}

/// The unit key of a code answer: trimmed, upper case, spaces removed.
fn code_key(prefix: &str, code: &str) -> String {
    let code: String = code
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    format!("{prefix}:{code}")
}

/// Where the submission says it is.
fn place(a: &Answers<'_>) -> Place {
    let commune = a.text("commune_code");
    let district = a.text("district");
    let former_province = commune
        .as_deref()
        .and_then(FormerProvince::of_commune)
        .or_else(|| {
            district
                .as_deref()
                .filter(|d| super::units::OLD_DISTRICTS.contains(d))
                .map(|_| FormerProvince::BacNinh)
        });
    Place {
        commune,
        former_province,
        district,
    }
}

/// The reporting year: `report_year`, or for schools of version 2 the year their
/// `school_year` (`2024-2025`) ends.
fn reporting_year(kind: Kind, a: &Answers<'_>) -> Option<i32> {
    if let Some(year) = a.get("report_year").and_then(year_of) {
        return Some(year);
    }
    if kind == Kind::School {
        let school_year = a.text("school_year")?;
        let end = school_year.rsplit(['-', '/', '–']).next()?;
        return end.trim().parse::<i32>().ok();
    }
    None
}

/// The reporting year of a submission to `form_id` with `answers` (as stored), for listing
/// the years present: `report_year`, or the end of a school's `school_year`.
pub fn reporting_year_of(form_id: &str, answers: &Map<String, Value>) -> Option<i32> {
    let kind = Kind::of_form(form_id)?;
    reporting_year(
        kind,
        &Answers {
            answers,
            year: None,
        },
    )
}

fn accounts(a: &Answers<'_>, version: u32) -> Accounts {
    if version >= 2 {
        let va = |s: &str| {
            a.sum(&[
                &format!("employee_costs{s}"),
                &format!("depreciation{s}"),
                &format!("production_taxes{s}"),
                &format!("operating_surplus{s}"),
            ])
        };
        Accounts {
            value_added: va(""),
            value_added_prev: va("_prev"),
            labour: a.average("employees_start", "employees_end"),
            labour_prev: a.average("employees_prev_start", "employees_start"),
            capital: a.average("fixed_assets_start", "fixed_assets_end"),
            capital_prev: a.average("fixed_assets_prev_start", "fixed_assets_start"),
        }
    } else {
        Accounts {
            value_added: a.sum(&["operating_profit", "employee_costs", "depreciation"]),
            value_added_prev: a.sum(&[
                "operating_profit_prev",
                "employee_costs_prev",
                "depreciation_prev",
            ]),
            labour: a.average("employees_start", "employees_end"),
            labour_prev: a.average("employees_prev_start", "employees_start"),
            capital: a.number("fixed_assets"),
            capital_prev: a.number("fixed_assets_prev"),
        }
    }
}

fn award_entries(a: &Answers<'_>) -> Option<Vec<AwardEntry>> {
    if !a.answered("quality_award") {
        return None;
    }
    if !a.is("quality_award", &["won", "entered"]) {
        return Some(Vec::new());
    }
    if let Some(Value::Array(entries)) = a.get("award_entries") {
        return Some(
            entries
                .iter()
                .filter_map(|e| {
                    let year = e.get("entry_year").and_then(year_of)?;
                    let result = e.get("entry_result").map(|r| value_as_text(r).into_owned());
                    Some(AwardEntry {
                        year,
                        won: matches!(result.as_deref(), Some("gold" | "award")),
                    })
                })
                .collect(),
        );
    }
    // Version 1: the year of the latest entry, won or only entered.
    Some(
        a.get("quality_award_year")
            .and_then(year_of)
            .map(|year| AwardEntry {
                year,
                won: a.is("quality_award", &["won"]),
            })
            .into_iter()
            .collect(),
    )
}

fn registrations(a: &Answers<'_>) -> Option<Vec<Registration>> {
    match a.boolean("has_conformity_body")? {
        false => Some(Vec::new()),
        true => {
            let Some(Value::Array(items)) = a.get("conformity_bodies") else {
                return Some(Vec::new());
            };
            Some(
                items
                    .iter()
                    .filter_map(|item| {
                        let kind = item
                            .get("body_type")
                            .map(|k| value_as_text(k).into_owned())?;
                        Some(Registration {
                            kind,
                            year: item.get("registration_year").and_then(year_of),
                        })
                    })
                    .collect(),
            )
        }
    }
}

/// What a submission with `answers` (as the engine holds them: hidden answers dropped) says.
pub fn extract(
    id: &str,
    kind: Kind,
    form_version: &str,
    revision: u32,
    updated_at: &str,
    answers: &Map<String, Value>,
) -> Facts {
    let version = major(form_version);
    let mut a = Answers {
        answers,
        year: None,
    };
    a.year = reporting_year(kind, &a);
    let unit_code = match kind {
        Kind::Enterprise => a.text("tax_code").map(|c| code_key("mst", &c)),
        Kind::Hospital => a
            .text("facility_code")
            .map(|c| code_key("facility", &c))
            .or_else(|| a.text("tax_code").map(|c| code_key("mst", &c))),
        Kind::School => a
            .text("institution_code")
            .map(|c| code_key("institution", &c)),
    };
    let sector = match kind {
        Kind::Enterprise => a.text("vsic_section").map(|s| s.to_ascii_uppercase()),
        Kind::Hospital => Some(super::HOSPITAL_SECTOR.to_owned()),
        Kind::School => Some(super::SCHOOL_SECTOR.to_owned()),
    };
    let certificates = a.valid_certificates();
    let mut facts = Facts {
        id: id.to_owned(),
        kind,
        form_version: form_version.to_owned(),
        unit: unit_code.unwrap_or_else(|| format!("submission:{}", id.to_ascii_lowercase())),
        year: a.year,
        updated_at: updated_at.to_owned(),
        revision,
        place: place(&a),
        sector,
        accounts: None,
        experts: a.number("experts"),
        programme_experts: a.number("programme_experts"),
        programme_attendances: a.number("programme_attendances"),
        trained_people: None,
        staff_trained: None,
        learners_trained: None,
        club_at_plan_level: None,
        pilot_model: a.has_choice("programme_participation", "pilot_model"),
        standards_guidance: None,
        practices: None,
        certified_systems: BTreeSet::new(),
        standards: None,
        public_advanced: None,
        iso_21001: None,
        award_entries: None,
        registrations: None,
        conformity_body_plan: None,
        accredited_lab: None,
    };
    match kind {
        Kind::Enterprise => {
            facts.accounts = Some(accounts(&a, version));
            facts.trained_people = a.number("trained_people");
            facts.standards_guidance =
                a.has_choice("programme_participation", "standards_guidance");
            facts.standards = a.items("standards_applied").map(|mut kinds| {
                kinds.remove("none");
                kinds
            });
            facts.certified_systems = certificates
                .iter()
                .filter(|s| super::ENTERPRISE_SYSTEMS.contains(&s.as_str()))
                .cloned()
                .collect();
            if ["has_certificates", "tools", "systems_implementing"]
                .iter()
                .any(|n| a.answered(n))
            {
                let mut practices = facts.certified_systems.clone();
                if let Some(mut implementing) = a.items("systems_implementing") {
                    implementing.remove("none");
                    practices.extend(implementing);
                }
                practices.extend(
                    a.rows_with_status("tools", &["applying"])
                        .into_iter()
                        .filter(|t| ENTERPRISE_TOOLS.contains(&t.as_str())),
                );
                facts.practices = Some(practices);
            }
            facts.award_entries = award_entries(&a);
            facts.registrations = registrations(&a);
            facts.conformity_body_plan = a.boolean("conformity_body_plan");
            if a.answered("lab_status") || a.answered("has_certificates") {
                facts.accredited_lab = Some(
                    a.is("lab_status", &["accredited"]) || certificates.contains("iso_iec_17025"),
                );
            }
        }
        Kind::Hospital => {
            facts.staff_trained = a.number("staff_trained");
            let certified_or_applying = &["certified", "applying"][..];
            if ["tools", "iso", "has_certificates"]
                .iter()
                .any(|n| a.answered(n))
            {
                let mut practices: BTreeSet<String> = a
                    .rows_with_status("tools", &["applying"])
                    .into_iter()
                    .filter(|t| HOSPITAL_TOOLS.contains(&t.as_str()))
                    .collect();
                for system in HOSPITAL_SYSTEMS {
                    if a.row_status("iso", system, certified_or_applying)
                        || certificates.contains(*system)
                    {
                        practices.insert((*system).to_owned());
                    }
                }
                facts.practices = Some(practices);
            }
            facts.certified_systems = HOSPITAL_SYSTEMS
                .iter()
                .filter(|s| a.row_status("iso", s, &["certified"]) || certificates.contains(**s))
                .map(|s| (*s).to_owned())
                .collect();
            if a.is("ownership", &["public"]) && (a.answered("tools") || a.answered("iso")) {
                let tools = a.rows_with_status("tools", &["applying"]).len();
                let systems = a.rows_with_status("iso", certified_or_applying).len();
                facts.public_advanced = Some(tools + systems > 0);
            }
            if a.answered("iso") || a.answered("has_certificates") {
                facts.accredited_lab =
                    Some(["iso_15189", "iso_iec_17025"].iter().any(|s| {
                        a.row_status("iso", s, &["certified"]) || certificates.contains(*s)
                    }));
            }
        }
        Kind::School => {
            facts.staff_trained = a.number("staff_trained");
            facts.learners_trained = a.number("learners_trained");
            if a.answered("club_status") {
                facts.club_at_plan_level =
                    Some(a.is("club_status", &["active"]) && a.is("level", &super::CLUB_LEVELS));
            }
            if ["iso", "has_certificates", "programme_participation"]
                .iter()
                .any(|n| a.answered(n))
            {
                facts.iso_21001 = Some(Iso21001 {
                    certified: a.row_status("iso", "tcvn_iso_21001", &["certified"])
                        || certificates.contains("tcvn_iso_21001"),
                    applying: a.row_status("iso", "tcvn_iso_21001", &["applying"]),
                    pilot: a
                        .has_choice("programme_participation", "iso_21001_pilot")
                        .unwrap_or(false),
                });
            }
        }
    }
    facts
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use serde_json::json;

    use super::*;

    fn answers(value: serde_json::Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    #[test]
    fn version_2_accounts_use_the_income_approach_and_averaged_capital() {
        let a = answers(json!({
            "report_year": 2025, "tax_code": " 2300325764 ", "vsic_section": "c",
            "commune_code": "07210",
            "employee_costs": 60, "depreciation": 10, "production_taxes": 5, "operating_surplus": 25,
            "employee_costs_prev": 50, "depreciation_prev": 10, "production_taxes_prev": 5,
            "operating_surplus_prev": 15,
            "employees_prev_start": 8, "employees_start": 10, "employees_end": 12,
            "fixed_assets_prev_start": 90, "fixed_assets_start": 100, "fixed_assets_end": 120,
            "standards_applied": ["none"], "programme_participation": ["pilot_model"],
            "quality_award": "won",
            "award_entries": [{"entry_year": 2024, "entry_result": "gold"},
                              {"entry_year": 2025, "entry_result": "no_award"}],
            "has_conformity_body": true,
            "conformity_bodies": [{"body_type": "testing", "registration_year": 2024}]
        }));
        let f = extract("id-1", Kind::Enterprise, "2", 3, "t", &a);
        assert_eq!(f.unit, "mst:2300325764");
        assert_eq!(f.sector.as_deref(), Some("C"));
        assert_eq!(f.place.former_province, Some(FormerProvince::BacGiang));
        let acc = f.accounts.unwrap();
        assert_eq!(
            (acc.value_added, acc.value_added_prev),
            (Some(100.0), Some(80.0))
        );
        assert_eq!((acc.labour, acc.labour_prev), (Some(11.0), Some(9.0)));
        assert_eq!((acc.capital, acc.capital_prev), (Some(110.0), Some(95.0)));
        assert_eq!(f.standards, Some(BTreeSet::new()), "none is not a standard");
        assert_eq!(f.pilot_model, Some(true));
        assert_eq!(f.standards_guidance, Some(false));
        assert_eq!(
            f.award_entries.unwrap(),
            [
                AwardEntry {
                    year: 2024,
                    won: true
                },
                AwardEntry {
                    year: 2025,
                    won: false
                }
            ]
        );
        assert_eq!(f.registrations.unwrap()[0].kind, "testing");
    }

    #[test]
    fn version_1_reads_its_own_questions() {
        let a = answers(json!({
            "report_year": "2024", "district": "que_vo", "commune": "Phường Phương Liễu",
            "operating_profit": 30, "employee_costs": 60, "depreciation": 10,
            "fixed_assets": 120, "fixed_assets_prev": 100,
            "quality_award": "entered", "quality_award_year": 2023
        }));
        let f = extract("ID-2", Kind::Enterprise, "1", 1, "t", &a);
        assert_eq!(f.unit, "submission:id-2");
        assert_eq!(f.year, Some(2024));
        assert_eq!(f.place.former_province, Some(FormerProvince::BacNinh));
        assert_eq!(f.place.commune, None);
        let acc = f.accounts.unwrap();
        assert_eq!(acc.value_added, Some(100.0));
        assert_eq!(acc.value_added_prev, None);
        assert_eq!((acc.capital, acc.capital_prev), (Some(120.0), Some(100.0)));
        assert_eq!(
            f.award_entries.unwrap(),
            [AwardEntry {
                year: 2023,
                won: false
            }]
        );
        assert_eq!(f.registrations, None, "not asked in version 1");
    }

    #[test]
    fn schools_report_the_year_their_school_year_ends() {
        let a = answers(json!({"school_year": "2024-2025", "institution_code": "27 02"}));
        let f = extract("s", Kind::School, "2", 1, "t", &a);
        assert_eq!(f.year, Some(2025));
        assert_eq!(f.unit, "institution:2702");
        assert_eq!(reporting_year_of("pq-bn285-school", &a), Some(2025));
        assert_eq!(reporting_year_of("other", &a), None);
    }
}
