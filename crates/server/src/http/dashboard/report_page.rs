//! The dashboard: every Plan-285 target beside what the surveys measured, as bars against
//! the plan, parts and yearly lines, each figure linked to the submissions behind it.

use std::fmt::Write;

use pq_core::indicators::{
    COMMUNE_UNITS, Coverage, DEFAULT_CAPITAL_SHARE, Figure, FormerProvince, IndicatorReport,
    PriceBasis, TargetReport,
};

use super::chart::{Bar, BarKind, Point, bars, series};
use super::form_words::{Choice, FormWords};
use super::markup::{escape, query};
use super::words::{Lang, goal_label, goal_value, no_data, part_name, with_unit};

/// The filters as the reader chose them (empty: all).
#[derive(Debug, Clone, Default)]
pub struct Chosen {
    pub year: String,
    pub district: String,
    pub commune: String,
    pub former_province: String,
    pub sector: String,
    /// The capital share α of T2 (empty: 0.4).
    pub alpha: String,
}

impl Chosen {
    /// The query of a link that keeps these filters, the language and `extra` pairs.
    pub fn link(&self, path: &str, lang: Lang, extra: &[(&str, &str)]) -> String {
        let mut pairs = vec![
            ("year", self.year.as_str()),
            ("district", self.district.as_str()),
            ("commune", self.commune.as_str()),
            ("former_province", self.former_province.as_str()),
            ("sector", self.sector.as_str()),
            ("alpha", self.alpha.as_str()),
        ];
        pairs.extend_from_slice(extra);
        pairs.push(("lang", lang.code()));
        format!("{path}{}", query(&pairs))
    }
}

/// The figure's value as people read it, or "no data".
pub fn shown(figure: &Figure, unit: &str, lang: Lang) -> String {
    figure
        .value
        .map_or_else(|| no_data(lang).to_owned(), |v| with_unit(v, unit, lang))
}

fn title(target: &TargetReport, lang: Lang) -> &str {
    match lang {
        Lang::Vi => &target.title_vi,
        Lang::En => &target.title_en,
    }
}

/// The name of a part: the dashboard's own words, else the forms' choice text, else its key.
pub fn part_label<'a>(key: &'a str, words: &'a FormWords, lang: Lang) -> &'a str {
    part_name(key, lang)
        .or_else(|| words.name(key, lang))
        .unwrap_or(key)
}

fn submissions_link(figure: &Figure, href: &str, lang: Lang) -> String {
    let n = figure.submissions.len();
    format!(
        r#"<a href="{href}">{n} {}</a>"#,
        lang.pick("hồ sơ", if n == 1 { "submission" } else { "submissions" })
    )
}

fn select(
    name: &str,
    label: &str,
    all: &str,
    options: &[(String, String)],
    chosen: &str,
) -> String {
    let mut out = format!(
        r#"<label>{}<select name="{name}"><option value="">{}</option>"#,
        escape(label),
        escape(all)
    );
    for (value, text) in options {
        let selected = if value == chosen { " selected" } else { "" };
        let _ = write!(
            out,
            r#"<option value="{}"{selected}>{}</option>"#,
            escape(value),
            escape(text)
        );
    }
    out.push_str("</select></label>");
    out
}

fn choice_options(choices: &[Choice], lang: Lang) -> Vec<(String, String)> {
    choices
        .iter()
        .map(|c| (c.value.clone(), c.text(lang).to_owned()))
        .collect()
}

fn filters(chosen: &Chosen, years: &[i32], words: &FormWords, lang: Lang) -> String {
    let years: Vec<(String, String)> = years
        .iter()
        .map(|y| (y.to_string(), y.to_string()))
        .collect();
    let all = lang.pick("Tất cả", "All");
    let mut sectors = choice_options(&words.sectors, lang);
    if sectors.is_empty() {
        for (letter, vi, en) in [
            ("P", "P – Giáo dục", "P – Education"),
            ("Q", "Q – Y tế", "Q – Health"),
        ] {
            sectors.push((letter.to_owned(), lang.pick(vi, en).to_owned()));
        }
    }
    let communes: Vec<(String, String)> = COMMUNE_UNITS
        .iter()
        .map(|u| {
            (
                u.code.to_owned(),
                lang.pick(u.name_vi, u.name_en).to_owned(),
            )
        })
        .collect();
    let provinces: Vec<(String, String)> = FormerProvince::ALL
        .iter()
        .map(|p| {
            (
                p.key().to_owned(),
                lang.pick(p.name_vi(), p.name_en()).to_owned(),
            )
        })
        .collect();
    let alpha = if chosen.alpha.is_empty() {
        DEFAULT_CAPITAL_SHARE.to_string()
    } else {
        chosen.alpha.clone()
    };
    format!(
        r#"<form class="filters" method="get" action="/admin" aria-label="{aria}">{year}{province}{commune}{district}{sector}<label>{alpha_label}<input type="number" name="alpha" min="0.01" max="0.99" step="0.01" value="{alpha}"></label><input type="hidden" name="lang" value="{code}"><button type="submit">{apply}</button></form>"#,
        province = select(
            "former_province",
            lang.pick(
                "Tỉnh cũ (trước 01/7/2025)",
                "Former province (before 1 July 2025)"
            ),
            all,
            &provinces,
            &chosen.former_province
        ),
        commune = select(
            "commune",
            lang.pick("Xã, phường", "Commune or ward"),
            all,
            &communes,
            &chosen.commune
        ),
        alpha_label = lang.pick("Hệ số α (tỷ trọng vốn) của T2", "Capital share α of T2"),
        alpha = escape(&alpha),
        aria = lang.pick("Lọc số liệu", "Filter the figures"),
        year = select(
            "year",
            lang.pick("Năm báo cáo", "Reporting year"),
            all,
            &years,
            &chosen.year
        ),
        district = select(
            "district",
            lang.pick(
                "Huyện, thị xã, thành phố (năm trước 2025)",
                "District (years before 2025)"
            ),
            all,
            &choice_options(&words.districts, lang),
            &chosen.district
        ),
        sector = select(
            "sector",
            lang.pick("Ngành (VSIC)", "Sector (VSIC)"),
            all,
            &sectors,
            &chosen.sector
        ),
        code = lang.code(),
        apply = lang.pick("Áp dụng", "Apply"),
    )
}

fn figure_row(label: &str, value: &str, figure: &Figure, href: &str, lang: Lang) -> String {
    format!(
        r#"<tr><th scope="row">{}</th><td class="num">{}</td><td>{}</td></tr>"#,
        escape(label),
        escape(value),
        submissions_link(figure, href, lang)
    )
}

/// "12 doanh nghiệp · 80 % giá trị tăng thêm · 75 % lao động".
fn coverage_text(coverage: &Coverage, lang: Lang) -> String {
    let mut parts = vec![format!(
        "{} {}",
        coverage.firms,
        lang.pick(
            "doanh nghiệp-năm trong mẫu cố định",
            "enterprise-years in the panel"
        )
    )];
    if let Some(share) = coverage.value_added_share {
        parts.push(format!(
            "{} % {}",
            lang.number(share),
            lang.pick("giá trị tăng thêm", "of value added")
        ));
    }
    if let Some(share) = coverage.employee_share {
        parts.push(format!(
            "{} % {}",
            lang.number(share),
            lang.pick("lao động", "of employees")
        ));
    }
    if coverage.without_deflator > 0 {
        parts.push(format!(
            "{} {}",
            coverage.without_deflator,
            lang.pick(
                "doanh nghiệp không có chỉ số giảm phát (không tính)",
                "enterprises without a deflator (left out)"
            )
        ));
    }
    parts.join(" · ")
}

fn target_card(
    target: &TargetReport,
    chosen: &Chosen,
    words: &FormWords,
    prices: &str,
    lang: Lang,
) -> String {
    let id = target.target.to_ascii_lowercase();
    let heading = format!("{} · {}", target.target, title(target, lang));
    let headline = shown(&target.figure, &target.unit, lang);
    let headline_href = chosen.link("/admin/submissions", lang, &[("target", &target.target)]);
    let measured = lang.pick("Đo được", "Measured");
    let mut against: Vec<Bar> = vec![Bar {
        label: measured.to_owned(),
        value: target.figure.value,
        shown: headline.clone(),
        kind: BarKind::Measured,
    }];
    for goal in &target.plan {
        against.push(Bar {
            label: goal_label(goal, lang),
            value: Some(goal.max.unwrap_or(goal.min)),
            shown: format!(
                "{} {}",
                goal_value(goal, lang),
                super::words::unit(&target.unit, lang)
            ),
            kind: BarKind::Plan,
        });
    }
    // T1, T2: each plan period measured on its own, beside the period's plan number.
    for period in &target.periods {
        against.push(Bar {
            label: format!("{measured} {}–{}", period.from_year, period.to_year),
            value: period.figure.value,
            shown: shown(&period.figure, &target.unit, lang),
            kind: BarKind::Measured,
        });
    }
    let headline_class = if target.figure.value.is_some() {
        "headline"
    } else {
        "headline nodata"
    };
    let mut out = format!(
        r#"<li class="target" id="{}"><h2>{}</h2><p class="{headline_class}">{}</p>"#,
        escape(&target.target),
        escape(&heading),
        escape(&headline),
    );
    if target.money_based {
        let _ = write!(out, r#"<p class="prices">{}</p>"#, escape(prices));
    }
    let _ = write!(
        out,
        r#"<figure><figcaption>{}</figcaption>{}</figure>"#,
        lang.pick("Đo được so với kế hoạch", "Measured against the plan"),
        bars(&format!("{id}-plan"), &heading, &against)
    );
    let mut rows = figure_row(measured, &headline, &target.figure, &headline_href, lang);
    for period in &target.periods {
        let label = format!(
            "{} {}–{}",
            lang.pick("Giai đoạn", "Period"),
            period.from_year,
            period.to_year
        );
        rows.push_str(&figure_row(
            &label,
            &shown(&period.figure, &target.unit, lang),
            &period.figure,
            &headline_href,
            lang,
        ));
    }
    if !target.parts.is_empty() {
        let part_bars: Vec<Bar> = target
            .parts
            .iter()
            .map(|part| Bar {
                label: part_label(&part.key, words, lang).to_owned(),
                value: part.figure.value,
                shown: part
                    .figure
                    .value
                    .map_or_else(|| no_data(lang).to_owned(), |v| lang.number(v)),
                kind: BarKind::Part,
            })
            .collect();
        let caption = lang.pick("Theo thành phần", "By part");
        let _ = write!(
            out,
            r#"<figure><figcaption>{caption}</figcaption>{}</figure>"#,
            bars(
                &format!("{id}-parts"),
                &format!("{heading} — {caption}"),
                &part_bars
            )
        );
        for (part, bar) in target.parts.iter().zip(&part_bars) {
            let href = chosen.link(
                "/admin/submissions",
                lang,
                &[("target", &target.target), ("part", &part.key)],
            );
            rows.push_str(&figure_row(
                &bar.label,
                &bar.shown,
                &part.figure,
                &href,
                lang,
            ));
        }
    }
    if !target.by_year.is_empty() {
        let points: Vec<Point> = target
            .by_year
            .iter()
            .map(|y| Point {
                year: y.year,
                value: y.figure.value,
                shown: y
                    .figure
                    .value
                    .map_or_else(|| no_data(lang).to_owned(), |v| lang.number(v)),
            })
            .collect();
        let caption = lang.pick("Theo năm báo cáo", "By reporting year");
        let _ = write!(
            out,
            r#"<figure><figcaption>{caption}</figcaption>{}</figure>"#,
            series(
                &format!("{id}-years"),
                &format!("{heading} — {caption}"),
                &points
            )
        );
        for (year, point) in target.by_year.iter().zip(&points) {
            let year_text = year.year.to_string();
            let href = chosen.link(
                "/admin/submissions",
                lang,
                &[("target", &target.target), ("in_year", &year_text)],
            );
            let label = format!("{} {}", lang.pick("Năm", "Year"), year.year);
            rows.push_str(&figure_row(&label, &point.shown, &year.figure, &href, lang));
        }
    }
    let _ = write!(
        out,
        r#"<table><caption class="measure">{}</caption><thead><tr><th scope="col">{}</th><th scope="col" class="num">{}</th><th scope="col">{}</th></tr></thead><tbody>{rows}</tbody></table>"#,
        lang.pick(
            "Số liệu và hồ sơ tính ra chúng",
            "Figures and the submissions they come from"
        ),
        lang.pick("Mục", "Item"),
        lang.pick("Giá trị", "Value"),
        lang.pick("Tính từ", "From"),
    );
    if let Some(coverage) = &target.figure.coverage {
        let _ = write!(
            out,
            r#"<p class="coverage">{}: {}</p>"#,
            lang.pick("Độ bao phủ", "Coverage"),
            escape(&coverage_text(coverage, lang))
        );
    }
    if lang == Lang::En {
        let _ = write!(out, r#"<p class="measure">{}</p>"#, escape(&target.measure));
    }
    let _ = write!(
        out,
        r#"<p class="source"><span lang="vi">{}</span></p></li>"#,
        escape(&target.source)
    );
    out
}

/// The dashboard's body. `years` are the reporting years present in the data (for the
/// filter).
pub fn render(
    report: &IndicatorReport,
    chosen: &Chosen,
    years: &[i32],
    words: &FormWords,
    lang: Lang,
) -> String {
    let mut out = format!(
        "<h1>{}</h1>{}",
        lang.pick(
            "Kế hoạch 285: mục tiêu và số liệu khảo sát",
            "Plan 285: targets and what the surveys measured"
        ),
        filters(chosen, years, words, lang)
    );
    let _ = write!(
        out,
        r#"<p class="summary">{} {} · <a href="{}">CSV</a> · <a href="{}">JSON</a></p>"#,
        report.submissions,
        lang.pick(
            "hồ sơ được tính (bản gửi mới nhất của mỗi hồ sơ).",
            "submissions counted (the newest revision of each)."
        ),
        chosen.link("/admin/indicators.csv", lang, &[]),
        chosen.link("/admin/indicators.json", lang, &[]),
    );
    let prices = match lang {
        Lang::Vi => report.prices.label_vi.clone(),
        Lang::En => report.prices.label_en.clone(),
    };
    match (report.prices.basis, &report.prices.source) {
        (PriceBasis::Constant, Some(source)) => {
            let _ = write!(
                out,
                r#"<p class="prices">{}: {}. {}: <span lang="vi">{}</span>. α = {}.</p>"#,
                lang.pick(
                    "T1, T2 tính theo giá so sánh, chỉ số giảm phát",
                    "T1 and T2 are at constant prices, deflated with"
                ),
                escape(&prices),
                lang.pick("Nguồn", "Source"),
                escape(source),
                lang.number(report.capital_share),
            );
        }
        _ => {
            let _ = write!(
                out,
                r#"<p class="prices">{} α = {}.</p>"#,
                lang.pick(
                    "Chưa nạp bảng chỉ số giảm phát: T1, T2 tính theo giá hiện hành (danh nghĩa), chưa loại trừ biến động giá.",
                    "No deflator table is loaded: T1 and T2 are at current prices (nominal), price changes not taken out."
                ),
                lang.number(report.capital_share),
            );
        }
    }
    if !report.skipped.is_empty() {
        let _ = write!(
            out,
            "<details><summary>{} {}</summary><ul>",
            report.skipped.len(),
            lang.pick("hồ sơ không đọc được", "submissions could not be read")
        );
        for skipped in &report.skipped {
            let _ = write!(
                out,
                "<li>{}: {}</li>",
                escape(&skipped.id),
                escape(&skipped.reason)
            );
        }
        out.push_str("</ul></details>");
    }
    out.push_str(r#"<ol class="targets">"#);
    for target in &report.targets {
        out.push_str(&target_card(target, chosen, words, &prices, lang));
    }
    out.push_str("</ol>");
    out
}
