//! What can be wrong with one submission apart from its answers, in Vietnamese and English.

use crate::display::is_vietnamese;

/// A problem with a submission that is not one of the engine's validation errors: its shape,
/// its form, or what is already stored under its id. Shown to the respondent, so it speaks
/// the submission's language ([`Problem::text`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The item is not a JSON object.
    NotAnObject,
    /// A required field is absent (or `null`).
    Missing { field: &'static str },
    /// A field has the wrong JSON type; `expected` says what it should be.
    WrongType {
        field: &'static str,
        expected: Expected,
    },
    /// A text field is empty.
    Empty { field: &'static str },
    /// A text field is longer than allowed.
    TooLong { field: &'static str, max: usize },
    /// `id` is not a UUID.
    NotUuid,
    /// `started_at` / `updated_at` is not an RFC 3339 date-time.
    NotTimestamp { field: &'static str },
    /// No form with this id is published.
    UnknownForm { form_id: String },
    /// The form is published, but not in this version.
    UnknownVersion {
        form_id: String,
        version: String,
        published: Vec<String>,
    },
    /// The published definition does not compile any more (the server's problem).
    FormUnusable { form_id: String, version: String },
    /// The same revision is stored with different content.
    ConflictingContent { revision: u32, latest: u32 },
    /// An older revision than the newest stored, not stored before.
    StaleRevision { revision: u32, latest: u32 },
    /// The id is stored for another enterprise's record.
    OtherEnterprise,
    /// A text field holds a control character (NUL…), written `U+0000` in `code`.
    ControlCharacter { field: &'static str, code: String },
    /// `updated_at` is more than a day ahead of the server's clock: the device's clock is wrong.
    FromTheFuture { field: &'static str },
    /// The database refused this submission's content (the server's problem to look into).
    Unstorable,
    /// Errors left out of an answer that lists only the first ones.
    MoreErrors { count: usize },
}

/// The JSON type a field should have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    Text,
    Object,
    /// A whole number from 1 to 4 294 967 295.
    Revision,
    /// Text, or a whole number (read as its decimal text).
    Version,
}

impl Problem {
    /// The submission field the problem is about (`None`: the submission as a whole).
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::NotAnObject | Self::Unstorable | Self::MoreErrors { .. } => None,
            Self::Missing { field }
            | Self::WrongType { field, .. }
            | Self::Empty { field }
            | Self::TooLong { field, .. }
            | Self::NotTimestamp { field }
            | Self::ControlCharacter { field, .. }
            | Self::FromTheFuture { field } => Some(field),
            Self::NotUuid | Self::OtherEnterprise => Some("id"),
            Self::UnknownForm { .. } => Some("form_id"),
            Self::UnknownVersion { .. } | Self::FormUnusable { .. } => Some("form_version"),
            Self::ConflictingContent { .. } | Self::StaleRevision { .. } => Some("revision"),
        }
    }

    /// The message in `locale`: Vietnamese for `vi…`, English otherwise (as the engine does).
    pub fn text(&self, locale: &str) -> String {
        if is_vietnamese(locale) {
            self.vietnamese()
        } else {
            self.english()
        }
    }

    fn english(&self) -> String {
        match self {
            Self::NotAnObject => "A submission must be a JSON object.".into(),
            Self::Missing { field } => format!("The field '{field}' is missing."),
            Self::WrongType { field, expected } => {
                let expected = match expected {
                    Expected::Text => "text",
                    Expected::Object => "a JSON object of answers",
                    Expected::Revision => "a whole number from 1 to 4294967295",
                    Expected::Version => "text or a whole number",
                };
                format!("The field '{field}' must be {expected}.")
            }
            Self::Empty { field } => format!("The field '{field}' must not be empty."),
            Self::TooLong { field, max } => {
                format!("The field '{field}' is longer than {max} characters.")
            }
            Self::NotUuid => {
                "The field 'id' must be a UUID such as 0b5c6f3e-8d1a-4f2b-9c3d-5e6f7a8b9c0d.".into()
            }
            Self::NotTimestamp { field } => format!(
                "The field '{field}' must be an RFC 3339 date-time such as 2025-06-01T08:30:00Z."
            ),
            Self::UnknownForm { form_id } => {
                format!("The form '{form_id}' is not published on this server.")
            }
            Self::UnknownVersion {
                form_id,
                version,
                published,
            } => format!(
                "The form '{form_id}' has no published version '{version}' (published: {}).",
                published.join(", ")
            ),
            Self::FormUnusable { form_id, version } => format!(
                "Version '{version}' of the form '{form_id}' cannot be used on this server; \
                 please tell the administrator."
            ),
            Self::ConflictingContent { revision, latest } => format!(
                "Revision {revision} of this submission is already stored with different \
                 content; nothing was overwritten. Send the change as revision {}.",
                latest.saturating_add(1)
            ),
            Self::StaleRevision { revision, latest } => format!(
                "Revision {revision} is older than the stored revision {latest}; nothing was \
                 stored. Send the change as revision {}.",
                latest.saturating_add(1)
            ),
            Self::OtherEnterprise => {
                "This submission id is already used by another enterprise's record.".into()
            }
            Self::ControlCharacter { field, code } => format!(
                "The field '{field}' holds the control character {code}, which cannot be stored."
            ),
            Self::FromTheFuture { field } => format!(
                "The field '{field}' is more than a day ahead of the server's clock: the \
                 device's date or time is wrong. Set the device's clock right, then edit and \
                 send the record again."
            ),
            Self::Unstorable => "The server could not store this submission's content; nothing \
                 of it was stored. Please tell the administrator."
                .into(),
            Self::MoreErrors { count } => {
                format!("… and {count} more error(s), not listed: fix the ones above first.")
            }
        }
    }

    fn vietnamese(&self) -> String {
        match self {
            Self::NotAnObject => "Mỗi bản ghi phải là một đối tượng JSON.".into(),
            Self::Missing { field } => format!("Thiếu trường '{field}'."),
            Self::WrongType { field, expected } => {
                let expected = match expected {
                    Expected::Text => "một chuỗi văn bản",
                    Expected::Object => "một đối tượng JSON chứa các câu trả lời",
                    Expected::Revision => "một số nguyên từ 1 đến 4294967295",
                    Expected::Version => "một chuỗi văn bản hoặc một số nguyên",
                };
                format!("Trường '{field}' phải là {expected}.")
            }
            Self::Empty { field } => format!("Trường '{field}' không được để trống."),
            Self::TooLong { field, max } => {
                format!("Trường '{field}' dài quá {max} ký tự.")
            }
            Self::NotUuid => {
                "Trường 'id' phải là một UUID, ví dụ 0b5c6f3e-8d1a-4f2b-9c3d-5e6f7a8b9c0d.".into()
            }
            Self::NotTimestamp { field } => format!(
                "Trường '{field}' phải là thời điểm theo RFC 3339, ví dụ 2025-06-01T08:30:00Z."
            ),
            Self::UnknownForm { form_id } => {
                format!("Biểu mẫu '{form_id}' chưa được công bố trên máy chủ này.")
            }
            Self::UnknownVersion {
                form_id,
                version,
                published,
            } => format!(
                "Biểu mẫu '{form_id}' không có phiên bản '{version}' (các phiên bản đã công bố: {}).",
                published.join(", ")
            ),
            Self::FormUnusable { form_id, version } => format!(
                "Không dùng được phiên bản '{version}' của biểu mẫu '{form_id}' trên máy chủ \
                 này; vui lòng báo cho quản trị viên."
            ),
            Self::ConflictingContent { revision, latest } => format!(
                "Lần sửa {revision} của bản ghi này đã được lưu với nội dung khác; không có gì \
                 bị ghi đè. Hãy gửi thay đổi dưới dạng lần sửa {}.",
                latest.saturating_add(1)
            ),
            Self::StaleRevision { revision, latest } => format!(
                "Lần sửa {revision} cũ hơn lần sửa {latest} đã lưu; không có gì được lưu. Hãy \
                 gửi thay đổi dưới dạng lần sửa {}.",
                latest.saturating_add(1)
            ),
            Self::OtherEnterprise => {
                "Mã bản ghi này đã được dùng cho bản ghi của một doanh nghiệp khác.".into()
            }
            Self::ControlCharacter { field, code } => {
                format!("Trường '{field}' chứa ký tự điều khiển {code} nên không lưu được.")
            }
            Self::FromTheFuture { field } => format!(
                "Trường '{field}' đi trước đồng hồ máy chủ hơn một ngày: ngày giờ trên thiết bị \
                 đang sai. Hãy chỉnh lại đồng hồ của thiết bị, rồi sửa và gửi lại bản ghi."
            ),
            Self::Unstorable => "Máy chủ không lưu được nội dung của bản ghi này; chưa có gì \
                 được lưu. Vui lòng báo cho quản trị viên."
                .into(),
            Self::MoreErrors { count } => {
                format!("… và {count} lỗi khác không được liệt kê: hãy sửa các lỗi trên trước.")
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn messages_follow_the_locale_and_name_the_field() {
        let problem = Problem::UnknownVersion {
            form_id: "enterprise".into(),
            version: "9".into(),
            published: vec!["1".into(), "2".into()],
        };
        assert_eq!(problem.field(), Some("form_version"));
        assert_eq!(
            problem.text("en"),
            "The form 'enterprise' has no published version '9' (published: 1, 2)."
        );
        assert_eq!(
            problem.text("vi"),
            "Biểu mẫu 'enterprise' không có phiên bản '9' (các phiên bản đã công bố: 1, 2)."
        );
        assert_eq!(
            Problem::Missing { field: "revision" }.text("fr"),
            "The field 'revision' is missing."
        );
        assert_eq!(Problem::NotAnObject.field(), None);
    }
}
