//! The submissions a figure was computed from, and one submission's answers.

use std::fmt::Write;

use pq_core::indicators::{Figure, TargetReport, commune_unit, reporting_year_of};
use serde_json::Value;

use super::form_words::FormWords;
use super::markup::escape;
use super::report_page::{Chosen, part_label, shown};
use super::words::Lang;
use crate::storage::StoredSubmission;

/// Which figure of a target: the headline, one part, or one year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Which {
    Headline,
    Part(String),
    Year(i32),
}

/// The figure of `target` that `which` names, with its label.
pub fn figure<'a>(
    target: &'a TargetReport,
    which: &Which,
    words: &'a FormWords,
    lang: Lang,
) -> Option<(String, &'a Figure)> {
    match which {
        Which::Headline => Some((lang.pick("Đo được", "Measured").to_owned(), &target.figure)),
        Which::Part(key) => target
            .parts
            .iter()
            .find(|p| &p.key == key)
            .map(|p| (part_label(&p.key, words, lang).to_owned(), &p.figure)),
        Which::Year(year) => target
            .by_year
            .iter()
            .find(|y| y.year == *year)
            .map(|y| (format!("{} {year}", lang.pick("Năm", "Year")), &y.figure)),
    }
}

/// Who answered: the first name-like answer.
fn respondent(answers: &serde_json::Map<String, Value>) -> String {
    ["company_name", "facility_name", "institution_name", "name"]
        .iter()
        .find_map(|key| answers.get(*key).and_then(Value::as_str))
        .unwrap_or("")
        .to_owned()
}

fn answer_text(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// The list of the figure's submissions (those counted are marked).
pub fn list(
    target: &TargetReport,
    label: &str,
    figure: &Figure,
    stored: &[StoredSubmission],
    chosen: &Chosen,
    words: &FormWords,
    lang: Lang,
) -> String {
    let title = match lang {
        Lang::Vi => &target.title_vi,
        Lang::En => &target.title_en,
    };
    let mut out = format!(
        r#"<p><a href="{}">{}</a></p><h1>{} · {} — {}</h1><p class="summary">{}: {} · {} {} · {} {}</p>"#,
        chosen.link("/admin", lang, &[]),
        lang.pick("← Về bảng theo dõi", "← Back to the dashboard"),
        escape(&target.target),
        escape(title),
        escape(label),
        lang.pick("Giá trị", "Value"),
        escape(&shown(figure, &target.unit, lang)),
        figure.submissions.len(),
        lang.pick("hồ sơ tính đến", "submissions considered"),
        figure.counted.len(),
        lang.pick("hồ sơ tạo nên giá trị", "make the value"),
    );
    if figure.submissions.is_empty() {
        let _ = write!(
            out,
            r#"<p class="nodata">{}</p>"#,
            lang.pick(
                "Chưa có hồ sơ nào cho số liệu này.",
                "No submission has data for this figure."
            )
        );
        return out;
    }
    let _ = write!(
        out,
        r#"<table><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col" class="num">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>"#,
        lang.pick("Hồ sơ", "Submission"),
        lang.pick("Đơn vị", "Respondent"),
        lang.pick("Mã số thuế", "Tax code"),
        lang.pick("Biểu mẫu", "Form"),
        lang.pick(
            "Xã, phường (huyện trước 2025)",
            "Commune or ward (district before 2025)"
        ),
        lang.pick("Năm báo cáo", "Reporting year"),
        lang.pick("Lần gửi", "Revision"),
        lang.pick("Nhận lúc", "Received"),
        lang.pick("Tạo nên giá trị", "Makes the value"),
    );
    for id in &figure.submissions {
        let Some(record) = stored.iter().find(|s| &s.submission.id == id) else {
            continue;
        };
        let answers = &record.submission.answers;
        // The commune or ward of 2025 when the record names one, else its pre-2025 district.
        let district = match answers
            .get("commune_code")
            .and_then(|code| commune_unit(&answer_text(Some(code))))
        {
            Some(unit) => lang.pick(unit.name_vi, unit.name_en).to_owned(),
            None => {
                let district = answer_text(answers.get("district"));
                words
                    .name(&district, lang)
                    .map_or(district.clone(), str::to_owned)
            }
        };
        let year = reporting_year_of(&record.submission.form_id, answers)
            .map(|y| y.to_string())
            .unwrap_or_default();
        let counted = figure.counted.contains(id);
        let _ = write!(
            out,
            r#"<tr><td><a href="/admin/submissions/{}?lang={}">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class="num">{}</td><td>{}</td><td>{}</td></tr>"#,
            escape(id),
            lang.code(),
            escape(id),
            escape(&respondent(answers)),
            escape(&record.tax_code.clone().unwrap_or_default()),
            escape(&record.submission.form_id),
            escape(&district),
            escape(&year),
            record.submission.revision,
            escape(&record.received_at),
            if counted {
                lang.pick("Có", "Yes")
            } else {
                lang.pick("Không", "No")
            },
        );
    }
    out.push_str("</tbody></table>");
    out
}

/// One submission's newest revision: who, when, and every answer.
pub fn detail(record: &StoredSubmission, words: &FormWords, lang: Lang) -> String {
    let submission = &record.submission;
    let mut out = format!(
        r#"<p><a href="/admin?lang={}">{}</a></p><h1>{} {}</h1><dl>"#,
        lang.code(),
        lang.pick("← Về bảng theo dõi", "← Back to the dashboard"),
        lang.pick("Hồ sơ", "Submission"),
        escape(&submission.id),
    );
    for (term, value) in [
        (
            lang.pick("Đơn vị", "Respondent"),
            respondent(&submission.answers),
        ),
        (
            lang.pick("Biểu mẫu", "Form"),
            format!("{} v{}", submission.form_id, submission.form_version),
        ),
        (
            lang.pick("Lần gửi", "Revision"),
            submission.revision.to_string(),
        ),
        (
            lang.pick("Nhận lúc", "Received"),
            record.received_at.clone(),
        ),
        (
            lang.pick("Sửa lần cuối", "Last edited"),
            submission.updated_at.clone(),
        ),
    ] {
        let _ = write!(out, "<dt>{}</dt><dd>{}</dd>", escape(term), escape(&value));
    }
    let _ = write!(
        out,
        r#"</dl><table><caption>{}</caption><thead><tr><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>"#,
        lang.pick("Các câu trả lời", "Answers"),
        lang.pick("Câu hỏi", "Question"),
        lang.pick("Trả lời", "Answer"),
    );
    for (name, value) in &submission.answers {
        let question = words
            .title(name, lang)
            .map_or_else(|| name.clone(), |title| format!("{title} ({name})"));
        let answer = match value {
            Value::String(s) => words.name(s, lang).map_or_else(|| s.clone(), str::to_owned),
            other => answer_text(Some(other)),
        };
        let _ = write!(
            out,
            r#"<tr><th scope="row">{}</th><td>{}</td></tr>"#,
            escape(&question),
            escape(&answer)
        );
    }
    out.push_str("</tbody></table>");
    out
}
