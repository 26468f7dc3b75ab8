//! The dashboard's words in Vietnamese and English, and names for what the figures count.

use pq_core::indicators::{Bound, PlanGoal};

/// The dashboard's language (`?lang=vi|en`, Vietnamese by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn from_code(code: Option<&str>) -> Lang {
        match code.map(str::trim) {
            Some(c) if c.eq_ignore_ascii_case("en") => Lang::En,
            _ => Lang::Vi,
        }
    }

    /// The language the switch offers.
    pub fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// `vi` or `en` text.
    pub fn pick(self, vi: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    /// A number as people of this language write it (`1.234,5` / `1,234.5`).
    pub fn number(self, value: f64) -> String {
        pq_core::display::format_number(value, self.code(), 2)
    }
}

/// The unit of a target in the reader's language.
pub fn unit(unit: &str, lang: Lang) -> String {
    let vi = match unit {
        "%/year" => "%/năm",
        "people" => "người",
        "attendances" => "lượt người",
        "organisations" => "tổ chức",
        "clubs" => "câu lạc bộ",
        "enterprises" => "doanh nghiệp",
        "facilities" => "cơ sở",
        "institutions" => "cơ sở giáo dục",
        "entries" => "lượt tham dự",
        "bodies" => "tổ chức",
        other => other,
    };
    match lang {
        Lang::Vi => vi.to_owned(),
        Lang::En => unit.to_owned(),
    }
}

/// A value with its unit: `12,5 %/năm`, `3 enterprises`.
pub fn with_unit(value: f64, unit_name: &str, lang: Lang) -> String {
    format!("{} {}", lang.number(value), unit(unit_name, lang))
}

/// The plan's number for one period: `≈ 12,5`, `45–47`, `≥ 500`.
pub fn goal_value(goal: &PlanGoal, lang: Lang) -> String {
    let number = match goal.max {
        Some(max) => format!("{}–{}", lang.number(goal.min), lang.number(max)),
        None => lang.number(goal.min),
    };
    let prefix = match goal.bound {
        Bound::About => "≈ ",
        Bound::AtLeast => "≥ ",
        Bound::MoreThan => "> ",
        Bound::Range | Bound::Exactly => "",
    };
    format!("{prefix}{number}")
}

/// Which period a plan number is for: `Kế hoạch 2023–2025`, `Plan by 2030`, `Plan`.
pub fn goal_label(goal: &PlanGoal, lang: Lang) -> String {
    let plan = lang.pick("Kế hoạch", "Plan");
    match (goal.from_year, goal.to_year) {
        (Some(from), Some(to)) => format!("{plan} {from}–{to}"),
        (None, Some(to)) => format!("{plan} {} {to}", lang.pick("đến", "by")),
        (Some(from), None) => format!("{plan} {} {from}", lang.pick("từ", "from")),
        (None, None) => plan.to_owned(),
    }
}

/// The name of a figure's part whose key is not an answer value of the forms (the forms'
/// choice texts name the others).
pub fn part_name(key: &str, lang: Lang) -> Option<&'static str> {
    let (vi, en) = match key {
        "enterprise_trained_people" => (
            "Doanh nghiệp: người được đào tạo",
            "Enterprises: people trained",
        ),
        "hospital_staff_trained" => (
            "Cơ sở y tế: nhân viên được đào tạo",
            "Medical facilities: staff trained",
        ),
        "school_staff_trained" => (
            "Cơ sở giáo dục: cán bộ được đào tạo",
            "Schools: staff trained",
        ),
        "school_learners_trained" => (
            "Cơ sở giáo dục: người học được đào tạo",
            "Schools: learners trained",
        ),
        "applying" => ("Đang áp dụng", "Applying"),
        "public_facilities" => (
            "Cơ sở công lập đã trả lời",
            "Public facilities that answered",
        ),
        "certified" => ("Đã được chứng nhận", "Certified"),
        "won" => ("Đạt giải", "Won"),
        "entered" => ("Tham dự", "Entered"),
        "no_award" => ("Tham dự, không đạt giải", "Entered, no award"),
        "enterprises" => ("Số doanh nghiệp tham dự", "Enterprises entering"),
        "experts_working" => (
            "Chuyên gia đang làm việc (năm mới nhất của mỗi đơn vị)",
            "Experts working (each unit's newest year)",
        ),
        "any_practice" => (
            "Áp dụng ít nhất một hệ thống, công cụ (mọi đơn vị)",
            "Applying any system or tool (every unit)",
        ),
        "pilot_model" => ("Mô hình điểm của Chương trình", "Programme pilot models"),
        "any_standard" => (
            "Áp dụng ít nhất một loại tiêu chuẩn",
            "Applying any kind of standard",
        ),
        "registered_any_year" => ("Đã đăng ký (mọi năm)", "Registered (any year)"),
        "conformity_body_plan" => (
            "Dự định thành lập tổ chức đánh giá sự phù hợp",
            "Planning a conformity assessment organisation",
        ),
        "va_growth" => (
            "Tăng trưởng giá trị tăng thêm g_Y",
            "Value-added growth g_Y",
        ),
        "capital_growth" => ("Tăng trưởng vốn g_K", "Capital growth g_K"),
        "labour_growth" => ("Tăng trưởng lao động g_L", "Labour growth g_L"),
        "tfp_growth" => ("Tăng trưởng TFP g_A", "TFP growth g_A"),
        "enterprise_labs" => (
            "Phòng thử nghiệm của doanh nghiệp",
            "Enterprise laboratories",
        ),
        "hospital_labs" => ("Phòng xét nghiệm của cơ sở y tế", "Medical laboratories"),
        _ => return None,
    };
    Some(lang.pick(vi, en))
}

/// What a figure without data shows — never 0.
pub fn no_data(lang: Lang) -> &'static str {
    lang.pick("Chưa có dữ liệu", "No data")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_numbers_read_in_each_language() {
        let range = PlanGoal {
            from_year: Some(2023),
            to_year: Some(2025),
            bound: Bound::Range,
            min: 45.0,
            max: Some(47.0),
        };
        assert_eq!(goal_value(&range, Lang::Vi), "45–47");
        assert_eq!(goal_label(&range, Lang::Vi), "Kế hoạch 2023–2025");
        let about = PlanGoal {
            from_year: None,
            to_year: Some(2030),
            bound: Bound::About,
            min: 12.5,
            max: None,
        };
        assert_eq!(goal_value(&about, Lang::Vi), "≈ 12,5");
        assert_eq!(goal_value(&about, Lang::En), "≈ 12.5");
        assert_eq!(goal_label(&about, Lang::En), "Plan by 2030");
        assert_eq!(with_unit(1234.5, "people", Lang::Vi), "1.234,5 người");
        assert_eq!(with_unit(38.75, "%/year", Lang::En), "38.75 %/year");
    }
}
