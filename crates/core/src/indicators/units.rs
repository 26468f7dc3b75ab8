//! The administrative units a Plan-285 record is located in.
//!
//! Since 1 July 2025 Bắc Ninh is the merged Bắc Ninh + Bắc Giang province with no district
//! level: 99 commune-level units (33 phường, 66 xã), listed in [`COMMUNE_UNITS`] with their
//! official 5-digit codes (source: `shared/domain/bac-ninh-communes-2025.csv`). The forms of
//! version 2 store the code (`commune_code`); the former province follows from it: codes
//! `07…` lie in the former Bắc Giang province, `09…` in the former Bắc Ninh. Records of
//! version 1 name one of the 8 district-level units of the former Bắc Ninh (`district`),
//! which the forms of version 2 still ask for reporting years before 2025.

use serde::{Deserialize, Serialize};

/// One commune-level unit of the merged province.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CommuneUnit {
    /// The official 5-digit code (`09169`).
    pub code: &'static str,
    /// The full Vietnamese name (`Phường Vũ Ninh`).
    pub name_vi: &'static str,
    /// The English name (`Vu Ninh Ward`).
    pub name_en: &'static str,
}

const fn unit(code: &'static str, name_vi: &'static str, name_en: &'static str) -> CommuneUnit {
    CommuneUnit {
        code,
        name_vi,
        name_en,
    }
}

/// The province a place belonged to before the merger of 1 July 2025.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormerProvince {
    BacGiang,
    BacNinh,
}

impl FormerProvince {
    /// Both, in the order shown.
    pub const ALL: [FormerProvince; 2] = [FormerProvince::BacNinh, FormerProvince::BacGiang];

    /// The former province of a commune-level unit, from its code (`07…` Bắc Giang, `09…`
    /// Bắc Ninh); `None` for a code that is not one of the 99 units.
    pub fn of_commune(code: &str) -> Option<FormerProvince> {
        let unit = commune_unit(code)?;
        if unit.code.starts_with("07") {
            Some(FormerProvince::BacGiang)
        } else if unit.code.starts_with("09") {
            Some(FormerProvince::BacNinh)
        } else {
            None
        }
    }

    /// The key filters use: `bac_giang`, `bac_ninh`.
    pub fn key(self) -> &'static str {
        match self {
            FormerProvince::BacGiang => "bac_giang",
            FormerProvince::BacNinh => "bac_ninh",
        }
    }

    /// The province whose key is `key` (case and surrounding spaces ignored).
    pub fn from_key(key: &str) -> Option<FormerProvince> {
        Self::ALL
            .into_iter()
            .find(|p| p.key().eq_ignore_ascii_case(key.trim()))
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            FormerProvince::BacGiang => "Tỉnh Bắc Giang (cũ)",
            FormerProvince::BacNinh => "Tỉnh Bắc Ninh (cũ)",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            FormerProvince::BacGiang => "Former Bắc Giang province",
            FormerProvince::BacNinh => "Former Bắc Ninh province",
        }
    }
}

/// The 8 district-level units of the former Bắc Ninh province until 1 July 2025, as the
/// forms' `district` values.
pub const OLD_DISTRICTS: [&str; 8] = [
    "bac_ninh",
    "tu_son",
    "thuan_thanh",
    "que_vo",
    "yen_phong",
    "tien_du",
    "gia_binh",
    "luong_tai",
];

/// The unit whose code is `code` (surrounding spaces ignored).
pub fn commune_unit(code: &str) -> Option<&'static CommuneUnit> {
    let code = code.trim();
    COMMUNE_UNITS.iter().find(|u| u.code == code)
}

/// The 99 commune-level units of Bắc Ninh from 1 July 2025, by code.
pub const COMMUNE_UNITS: [CommuneUnit; 99] = [
    unit("07210", "Phường Bắc Giang", "Bac Giang Ward"),
    unit("07228", "Phường Đa Mai", "Da Mai Ward"),
    unit("07246", "Xã Xuân Lương", "Xuan Luong Commune"),
    unit("07264", "Xã Tam Tiến", "Tam Tien Commune"),
    unit("07282", "Xã Đồng Kỳ", "Dong Ky Commune"),
    unit("07288", "Xã Yên Thế", "Yen The Commune"),
    unit("07294", "Xã Bố Hạ", "Bo Ha Commune"),
    unit("07306", "Xã Nhã Nam", "Nha Nam Commune"),
    unit("07330", "Xã Phúc Hoà", "Phuc Hoa Commune"),
    unit("07333", "Xã Quang Trung", "Quang Trung Commune"),
    unit("07339", "Xã Tân Yên", "Tan Yen Commune"),
    unit("07351", "Xã Ngọc Thiện", "Ngoc Thien Commune"),
    unit("07375", "Xã Lạng Giang", "Lang Giang Commune"),
    unit("07381", "Xã Tiên Lục", "Tien Luc Commune"),
    unit("07399", "Xã Kép", "Kep Commune"),
    unit("07420", "Xã Mỹ Thái", "My Thai Commune"),
    unit("07432", "Xã Tân Dĩnh", "Tan Dinh Commune"),
    unit("07444", "Xã Lục Nam", "Luc Nam Commune"),
    unit("07450", "Xã Đông Phú", "Dong Phu Commune"),
    unit("07462", "Xã Bảo Đài", "Bao Dai Commune"),
    unit("07486", "Xã Nghĩa Phương", "Nghia Phuong Commune"),
    unit("07489", "Xã Trường Sơn", "Truong Son Commune"),
    unit("07492", "Xã Lục Sơn", "Luc Son Commune"),
    unit("07498", "Xã Bắc Lũng", "Bac Lung Commune"),
    unit("07519", "Xã Cẩm Lý", "Cam Ly Commune"),
    unit("07525", "Phường Chũ", "Chu Ward"),
    unit("07531", "Xã Tân Sơn", "Tan Son Commune"),
    unit("07534", "Xã Sa Lý", "Sa Ly Commune"),
    unit("07537", "Xã Biên Sơn", "Bien Son Commune"),
    unit("07543", "Xã Sơn Hải", "Son Hai Commune"),
    unit("07552", "Xã Kiên Lao", "Kien Lao Commune"),
    unit("07573", "Xã Biển Động", "Bien Dong Commune"),
    unit("07582", "Xã Lục Ngạn", "Luc Ngan Commune"),
    unit("07594", "Xã Đèo Gia", "Deo Gia Commune"),
    unit("07603", "Xã Nam Dương", "Nam Duong Commune"),
    unit("07612", "Phường Phượng Sơn", "Phuong Son Ward"),
    unit("07615", "Xã Sơn Động", "Son Dong Commune"),
    unit("07616", "Xã Tây Yên Tử", "Tay Yen Tu Commune"),
    unit("07621", "Xã Vân Sơn", "Van Son Commune"),
    unit("07627", "Xã Đại Sơn", "Dai Son Commune"),
    unit("07642", "Xã Yên Định", "Yen Dinh Commune"),
    unit("07654", "Xã An Lạc", "An Lac Commune"),
    unit("07663", "Xã Tuấn Đạo", "Tuan Dao Commune"),
    unit("07672", "Xã Dương Hưu", "Duong Huu Commune"),
    unit("07681", "Phường Yên Dũng", "Yen Dung Ward"),
    unit("07682", "Phường Tân An", "Tan An Ward"),
    unit("07696", "Phường Tiền Phong", "Tien Phong Ward"),
    unit("07699", "Phường Tân Tiến", "Tan Tien Ward"),
    unit("07735", "Xã Đồng Việt", "Dong Viet Commune"),
    unit("07738", "Phường Cảnh Thuỵ", "Canh Thuy Ward"),
    unit("07774", "Phường Tự Lạn", "Tu Lan Ward"),
    unit("07777", "Phường Việt Yên", "Viet Yen Ward"),
    unit("07795", "Phường Nếnh", "Nenh Ward"),
    unit("07798", "Phường Vân Hà", "Van Ha Ward"),
    unit("07822", "Xã Hoàng Vân", "Hoang Van Commune"),
    unit("07840", "Xã Hiệp Hoà", "Hiep Hoa Commune"),
    unit("07864", "Xã Hợp Thịnh", "Hop Thinh Commune"),
    unit("07870", "Xã Xuân Cẩm", "Xuan Cam Commune"),
    unit("09169", "Phường Vũ Ninh", "Vu Ninh Ward"),
    unit("09187", "Phường Kinh Bắc", "Kinh Bac Ward"),
    unit("09190", "Phường Võ Cường", "Vo Cuong Ward"),
    unit("09193", "Xã Yên Phong", "Yen Phong Commune"),
    unit("09202", "Xã Tam Giang", "Tam Giang Commune"),
    unit("09205", "Xã Yên Trung", "Yen Trung Commune"),
    unit("09208", "Xã Tam Đa", "Tam Da Commune"),
    unit("09238", "Xã Văn Môn", "Van Mon Commune"),
    unit("09247", "Phường Quế Võ", "Que Vo Ward"),
    unit("09253", "Phường Nhân Hoà", "Nhan Hoa Ward"),
    unit("09265", "Phường Phương Liễu", "Phuong Lieu Ward"),
    unit("09286", "Phường Nam Sơn", "Nam Son Ward"),
    unit("09292", "Xã Phù Lãng", "Phu Lang Commune"),
    unit("09295", "Phường Bồng Lai", "Bong Lai Ward"),
    unit("09301", "Phường Đào Viên", "Dao Vien Ward"),
    unit("09313", "Xã Chi Lăng", "Chi Lang Commune"),
    unit("09319", "Xã Tiên Du", "Tien Du Commune"),
    unit("09325", "Phường Hạp Lĩnh", "Hap Linh Ward"),
    unit("09334", "Xã Liên Bão", "Lien Bao Commune"),
    unit("09340", "Xã Đại Đồng", "Dai Dong Commune"),
    unit("09343", "Xã Tân Chi", "Tan Chi Commune"),
    unit("09349", "Xã Phật Tích", "Phat Tich Commune"),
    unit("09367", "Phường Từ Sơn", "Tu Son Ward"),
    unit("09370", "Phường Tam Sơn", "Tam Son Ward"),
    unit("09379", "Phường Phù Khê", "Phu Khe Ward"),
    unit("09385", "Phường Đồng Nguyên", "Dong Nguyen Ward"),
    unit("09400", "Phường Thuận Thành", "Thuan Thanh Ward"),
    unit("09409", "Phường Mão Điền", "Mao Dien Ward"),
    unit("09427", "Phường Trí Quả", "Tri Qua Ward"),
    unit("09430", "Phường Trạm Lộ", "Tram Lo Ward"),
    unit("09433", "Phường Song Liễu", "Song Lieu Ward"),
    unit("09445", "Phường Ninh Xá", "Ninh Xa Ward"),
    unit("09454", "Xã Gia Bình", "Gia Binh Commune"),
    unit("09466", "Xã Cao Đức", "Cao Duc Commune"),
    unit("09469", "Xã Đại Lai", "Dai Lai Commune"),
    unit("09475", "Xã Nhân Thắng", "Nhan Thang Commune"),
    unit("09487", "Xã Đông Cứu", "Dong Cuu Commune"),
    unit("09496", "Xã Lương Tài", "Luong Tai Commune"),
    unit("09499", "Xã Trung Kênh", "Trung Kenh Commune"),
    unit("09523", "Xã Trung Chính", "Trung Chinh Commune"),
    unit("09529", "Xã Lâm Thao", "Lam Thao Commune"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ninety_nine_units_33_wards_and_the_former_provinces() {
        let wards = COMMUNE_UNITS
            .iter()
            .filter(|u| u.name_vi.starts_with("Phường"))
            .count();
        assert_eq!(wards, 33);
        let codes: std::collections::BTreeSet<&str> =
            COMMUNE_UNITS.iter().map(|u| u.code).collect();
        assert_eq!(codes.len(), 99);
        assert_eq!(
            FormerProvince::of_commune("07210"),
            Some(FormerProvince::BacGiang)
        );
        assert_eq!(
            FormerProvince::of_commune(" 09169 "),
            Some(FormerProvince::BacNinh)
        );
        assert_eq!(FormerProvince::of_commune("09999"), None);
        assert_eq!(
            FormerProvince::from_key("BAC_GIANG"),
            Some(FormerProvince::BacGiang)
        );
        assert_eq!(
            commune_unit("09169").map(|u| u.name_en),
            Some("Vu Ninh Ward")
        );
    }
}
