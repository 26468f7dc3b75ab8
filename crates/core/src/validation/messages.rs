//! What a respondent reads when an answer is not accepted, in Vietnamese and English.
//!
//! A form's own text (`requiredErrorText`, a validator's `text`, `minErrorText`…) always wins;
//! these are the defaults. Vietnamese is the default language; any locale other than `vi`
//! gets English.

use crate::display::is_vietnamese;

/// Why an answer is not accepted.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    Required,
    NotANumber,
    NotAWholeNumber,
    /// A number input's `step` other than 1.
    NotAMultipleOf(String),
    BelowMinimum(String),
    AboveMaximum(String),
    OutOfRange {
        min: String,
        max: String,
    },
    TooShort(u64),
    TooLong(u64),
    NoDigitsAllowed,
    PatternMismatch,
    InvalidEmail,
    InvalidUrl,
    TooFewSelected(u64),
    TooManySelected(u64),
    OtherTextRequired,
    RowRequired,
    TooFewEntries(u64),
    TooManyEntries(u64),
    DuplicateInColumn,
    /// An expression validator without its own text.
    ConditionNotMet,
}

impl Message {
    /// The message in `locale` (`vi`, or English for anything else).
    pub fn text(&self, locale: &str) -> String {
        if is_vietnamese(locale) {
            self.vietnamese()
        } else {
            self.english()
        }
    }

    fn vietnamese(&self) -> String {
        match self {
            Message::Required => "Vui lòng trả lời câu hỏi này.".into(),
            Message::NotANumber => "Vui lòng nhập một số.".into(),
            Message::NotAWholeNumber => "Vui lòng nhập một số nguyên.".into(),
            Message::NotAMultipleOf(step) => format!("Giá trị phải là bội số của {step}."),
            Message::BelowMinimum(min) => format!("Giá trị phải lớn hơn hoặc bằng {min}."),
            Message::AboveMaximum(max) => format!("Giá trị phải nhỏ hơn hoặc bằng {max}."),
            Message::OutOfRange { min, max } => {
                format!("Giá trị phải nằm trong khoảng từ {min} đến {max}.")
            }
            Message::TooShort(n) => format!("Vui lòng nhập ít nhất {n} ký tự."),
            Message::TooLong(n) => format!("Vui lòng nhập không quá {n} ký tự."),
            Message::NoDigitsAllowed => "Không được nhập chữ số.".into(),
            Message::PatternMismatch => "Giá trị không đúng định dạng.".into(),
            Message::InvalidEmail => "Vui lòng nhập địa chỉ email hợp lệ.".into(),
            Message::InvalidUrl => {
                "Vui lòng nhập địa chỉ web hợp lệ (bắt đầu bằng http:// hoặc https://).".into()
            }
            Message::TooFewSelected(n) => format!("Vui lòng chọn ít nhất {n} mục."),
            Message::TooManySelected(n) => format!("Vui lòng chọn không quá {n} mục."),
            Message::OtherTextRequired => "Vui lòng ghi rõ lựa chọn khác.".into(),
            Message::RowRequired => "Vui lòng trả lời mọi dòng.".into(),
            Message::TooFewEntries(n) => format!("Vui lòng thêm ít nhất {n} mục."),
            Message::TooManyEntries(n) => format!("Chỉ được có tối đa {n} mục."),
            Message::DuplicateInColumn => "Giá trị này đã có ở một dòng khác.".into(),
            Message::ConditionNotMet => "Câu trả lời không hợp lệ.".into(),
        }
    }

    fn english(&self) -> String {
        match self {
            Message::Required => "Response required.".into(),
            Message::NotANumber => "Please enter a number.".into(),
            Message::NotAWholeNumber => "Please enter a whole number.".into(),
            Message::NotAMultipleOf(step) => format!("The value must be a multiple of {step}."),
            Message::BelowMinimum(min) => format!("The value must be at least {min}."),
            Message::AboveMaximum(max) => format!("The value must be at most {max}."),
            Message::OutOfRange { min, max } => {
                format!("The value must be between {min} and {max}.")
            }
            Message::TooShort(n) => format!("Please enter at least {n} character(s)."),
            Message::TooLong(n) => format!("Please enter no more than {n} character(s)."),
            Message::NoDigitsAllowed => "Digits are not allowed.".into(),
            Message::PatternMismatch => "The value is not in the expected format.".into(),
            Message::InvalidEmail => "Please enter a valid e-mail address.".into(),
            Message::InvalidUrl => {
                "Please enter a valid web address (starting with http:// or https://).".into()
            }
            Message::TooFewSelected(n) => format!("Please select at least {n} item(s)."),
            Message::TooManySelected(n) => format!("Please select no more than {n} item(s)."),
            Message::OtherTextRequired => "Please describe the other option.".into(),
            Message::RowRequired => "Please answer every row.".into(),
            Message::TooFewEntries(n) => format!("Please add at least {n} item(s)."),
            Message::TooManyEntries(n) => format!("No more than {n} item(s) are allowed."),
            Message::DuplicateInColumn => "This value is already used in another row.".into(),
            Message::ConditionNotMet => "The answer is not valid.".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Message;

    #[test]
    fn vietnamese_by_locale_english_otherwise() {
        assert_eq!(
            Message::Required.text("vi"),
            "Vui lòng trả lời câu hỏi này."
        );
        assert_eq!(
            Message::Required.text("vi-VN"),
            "Vui lòng trả lời câu hỏi này."
        );
        assert_eq!(Message::Required.text("en"), "Response required.");
        assert_eq!(Message::Required.text("fr"), "Response required.");
        assert_eq!(
            Message::TooShort(3).text("en"),
            "Please enter at least 3 character(s)."
        );
    }
}
