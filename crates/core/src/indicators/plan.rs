//! The numbers of Plan 285/KH-UBND (Bắc Ninh, 08/9/2023), targets T1–T12, as data: each with
//! the plan's own wording (from the Vietnamese source beside `shared/domain/PLAN-285.md`).

use serde::{Deserialize, Serialize};

/// How the plan states a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// "khoảng" — about `min` (or about `min`–`max`).
    About,
    /// "ít nhất" — at least `min`.
    AtLeast,
    /// "trên" — more than `min`.
    MoreThan,
    /// "từ … - …" — from `min` to `max`.
    Range,
    /// exactly `min` ("02 cơ sở").
    Exactly,
}

/// One number of the plan for one target (a target may have one per period).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PlanGoal {
    /// First year the number applies to (`None`: the whole plan, 2023–2030).
    pub from_year: Option<u16>,
    /// Last year: the deadline ("đến hết năm 2025" → 2025).
    pub to_year: Option<u16>,
    pub bound: Bound,
    pub min: f64,
    /// The upper end of a range ("45–47 %", "7–9 models").
    pub max: Option<f64>,
}

/// One target of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PlanTarget {
    /// `T1` … `T12`.
    pub id: &'static str,
    /// Short title, Vietnamese.
    pub title_vi: &'static str,
    /// Short title, English.
    pub title_en: &'static str,
    /// The unit of the plan's number and of the measured value: `%/year`, `%`, `people`…
    pub unit: &'static str,
    pub goals: &'static [PlanGoal],
    /// The plan's sentence, as written in Vietnamese.
    pub source: &'static str,
}

const fn goal(bound: Bound, min: f64, max: Option<f64>) -> PlanGoal {
    PlanGoal {
        from_year: None,
        to_year: None,
        bound,
        min,
        max,
    }
}

/// T1–T12, in order.
pub const PLAN_TARGETS: [PlanTarget; 12] = [
    PlanTarget {
        id: "T1",
        title_vi: "Tăng năng suất lao động bình quân",
        title_en: "Average labour productivity growth",
        unit: "%/year",
        goals: &[goal(Bound::About, 12.5, None)],
        source: "Góp phần đạt mục tiêu tăng năng suất lao động của tỉnh bình quân khoảng \
                 12,5%/năm.",
    },
    PlanTarget {
        id: "T2",
        title_vi: "Tỷ trọng đóng góp của TFP vào tăng trưởng",
        title_en: "TFP share of value-added growth",
        unit: "%",
        goals: &[
            PlanGoal {
                from_year: Some(2023),
                to_year: Some(2025),
                bound: Bound::About,
                min: 45.0,
                max: Some(47.0),
            },
            PlanGoal {
                from_year: Some(2026),
                to_year: Some(2030),
                bound: Bound::MoreThan,
                min: 50.0,
                max: None,
            },
        ],
        source: "Tỷ trọng đóng góp của năng suất các yếu tố tổng hợp (TFP) vào tăng trưởng GRDP \
                 của tỉnh bình quân giai đoạn 2023-2025 đạt khoảng từ 45-47%; giai đoạn \
                 2026-2030 đạt trên 50%.",
    },
    PlanTarget {
        id: "T3",
        title_vi: "Chuyên gia năng suất, chất lượng được đào tạo",
        title_en: "Productivity and quality experts trained",
        unit: "people",
        goals: &[goal(Bound::AtLeast, 30.0, None)],
        source: "Đào tạo được ít nhất 30 chuyên gia năng suất, chất lượng là cán bộ của các sở, \
                 ngành, doanh nghiệp.",
    },
    PlanTarget {
        id: "T4",
        title_vi: "Lượt người được tập huấn về năng suất, chất lượng",
        title_en: "Attendances at productivity and quality training",
        unit: "attendances",
        goals: &[goal(Bound::MoreThan, 500.0, None)],
        source: "Tập huấn trên 500 lượt người của các doanh nghiệp, trường đại học, cao đẳng, cơ \
                 sở giáo dục nghề nghiệp kiến thức về năng suất, chất lượng.",
    },
    PlanTarget {
        id: "T5",
        title_vi: "Câu lạc bộ cải tiến năng suất, chất lượng",
        title_en: "Productivity and quality improvement clubs",
        unit: "clubs",
        goals: &[goal(Bound::Range, 1.0, Some(2.0))],
        source: "Hình thành được từ 01-02 câu lạc bộ cải tiến năng suất, chất lượng tại các \
                 trường đại học, cao đẳng, cơ sở giáo dục nghề nghiệp trên địa bàn tỉnh.",
    },
    PlanTarget {
        id: "T6",
        title_vi: "Mô hình điểm doanh nghiệp áp dụng hệ thống quản lý, công cụ cải tiến",
        title_en: "Pilot enterprise models applying management systems and improvement tools",
        unit: "enterprises",
        goals: &[goal(Bound::Range, 7.0, Some(9.0))],
        source: "Xây dựng và triển khai được từ 07 - 09 mô hình điểm cho các doanh nghiệp về áp \
                 dụng hệ thống quản lý, công cụ cải tiến năng suất, chất lượng (ISO 9001, ISO \
                 14001, ISO 50001, ISO 45001, HACCP, ISO 22000, ISO 22301, 5S-Kaizen, KPIs, TPM, \
                 Lean, work layout …).",
    },
    PlanTarget {
        id: "T7",
        title_vi: "Cơ sở khám chữa bệnh thí điểm áp dụng công cụ, hệ thống quản lý tiên tiến",
        title_en: "Pilot medical facilities applying advanced tools and systems",
        unit: "facilities",
        goals: &[goal(Bound::Range, 4.0, Some(6.0))],
        source: "Áp dụng công cụ, hệ thống quản lý tiên tiến (5S-Kaizen, ISO 9001, ISO 15189, \
                 ISO/IEC 17025, Lean…) tại các cơ sở khám bệnh, chữa bệnh (từ 04-06 cơ sở).",
    },
    PlanTarget {
        id: "T8",
        title_vi: "Tỷ lệ cơ sở khám chữa bệnh công lập áp dụng công cụ, hệ thống tiên tiến",
        title_en: "Share of public medical facilities applying advanced tools or systems",
        unit: "%",
        goals: &[
            PlanGoal {
                from_year: None,
                to_year: Some(2025),
                bound: Bound::MoreThan,
                min: 60.0,
                max: None,
            },
            PlanGoal {
                from_year: None,
                to_year: Some(2030),
                bound: Bound::AtLeast,
                min: 90.0,
                max: None,
            },
        ],
        source: "Phấn đấu đến hết năm 2025 có trên 60% cơ sở khám bệnh, chữa bệnh công lập trên \
                 địa bàn tỉnh áp dụng công cụ, hệ thống quản lý tiên tiến và đến 2030 có 90% cơ \
                 sở.",
    },
    PlanTarget {
        id: "T9",
        title_vi: "Cơ sở giáo dục thí điểm TCVN ISO 21001",
        title_en: "Education institutions piloting TCVN ISO 21001",
        unit: "institutions",
        goals: &[goal(Bound::Exactly, 2.0, None)],
        source: "Áp dụng thí điểm hệ thống quản lý chất lượng theo TCVN ISO 21001 cho 02 cơ sở \
                 giáo dục trên địa bàn tỉnh.",
    },
    PlanTarget {
        id: "T10",
        title_vi: "Doanh nghiệp được hướng dẫn xây dựng, áp dụng tiêu chuẩn",
        title_en: "Enterprises guided to build or apply standards",
        unit: "enterprises",
        goals: &[goal(Bound::Range, 30.0, Some(40.0))],
        source: "Hướng dẫn, hỗ trợ ít nhất 30 - 40 doanh nghiệp xây dựng, áp dụng tiêu chuẩn cơ \
                 sở, tiêu chuẩn quốc gia, tiêu chuẩn quốc tế, tiêu chuẩn khu vực, quy chuẩn kỹ \
                 thuật;",
    },
    PlanTarget {
        id: "T11",
        title_vi: "Lượt doanh nghiệp tham gia Giải thưởng chất lượng Quốc gia",
        title_en: "Enterprise entries to the National Quality Award",
        unit: "entries",
        goals: &[goal(Bound::AtLeast, 4.0, None)],
        source: "ít nhất 4 lượt doanh nghiệp tham gia Giải thưởng chất lượng Quốc gia.",
    },
    PlanTarget {
        id: "T12",
        title_vi: "Tổ chức đánh giá sự phù hợp được hình thành",
        title_en: "Conformity assessment organisations formed",
        unit: "organisations",
        goals: &[goal(Bound::Range, 1.0, Some(3.0))],
        source: "Hỗ trợ hình thành được từ 01 - 03 tổ chức đánh giá sự phù hợp; tăng cường năng \
                 lực kiểm định, thử nghiệm, phân tích, các chỉ tiêu chất lượng sản phẩm, hàng hóa \
                 cho các đơn vị kiểm định, thử nghiệm trên địa bàn tỉnh...",
    },
];

/// The plan's target `id` (`T1` … `T12`).
pub fn plan_target(id: &str) -> Option<&'static PlanTarget> {
    PLAN_TARGETS.iter().find(|t| t.id == id)
}
