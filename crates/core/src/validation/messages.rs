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
    /// The answer has the wrong JSON type for its element.
    WrongShape(Expected),
    /// A value that is not one of the (shown) choices, rows' columns or scale values.
    NotAChoice(String),
    /// A choice picked twice in one answer.
    ChoiceRepeated(String),
    /// "None" picked together with other choices.
    NoneWithOthers,
    /// A date (or month) that does not exist, or is not written year-month-day.
    NotADate,
    /// A key of a table answer that is not one of its rows.
    UnknownRow(String),
    /// A key of a row or entry that is not one of its columns or questions.
    UnknownMember(String),
    /// A ranking that leaves out some of the shown choices.
    RankEveryChoice,
    /// A slider range whose start is above its end.
    RangeReversed,
    /// A slider range narrower than `minRangeLength`.
    RangeTooShort(String),
    /// A slider range wider than `maxRangeLength`.
    RangeTooLong(String),
}

/// What an answer should have been (for [`Message::WrongShape`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// Text.
    Text,
    /// One choice (a text, number or yes/no value).
    OneValue,
    /// A list of choices.
    List,
    /// A table: an object keyed by rows, columns or items.
    Table,
    /// A list of entries (rows of a dynamic table, entries of a dynamic panel).
    Entries,
    /// A number (a slider's value).
    Number,
    /// Two numbers `[low, high]` (a range slider's value).
    Range,
}

impl Expected {
    fn vietnamese(self) -> &'static str {
        match self {
            Expected::Text => "văn bản (chữ)",
            Expected::OneValue => "một lựa chọn",
            Expected::List => "một danh sách lựa chọn",
            Expected::Table => "một bảng (theo dòng hoặc theo mục)",
            Expected::Entries => "một danh sách các mục",
            Expected::Number => "một số",
            Expected::Range => "một khoảng gồm hai số [từ, đến]",
        }
    }

    fn english(self) -> &'static str {
        match self {
            Expected::Text => "text",
            Expected::OneValue => "one choice",
            Expected::List => "a list of choices",
            Expected::Table => "a table (by row or by item)",
            Expected::Entries => "a list of entries",
            Expected::Number => "a number",
            Expected::Range => "a range of two numbers [from, to]",
        }
    }
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
            Message::WrongShape(expected) => {
                format!("Câu trả lời phải là {}.", expected.vietnamese())
            }
            Message::NotAChoice(value) => {
                format!("“{value}” không phải là một lựa chọn của câu hỏi này.")
            }
            Message::ChoiceRepeated(value) => format!("“{value}” được chọn hai lần."),
            Message::NoneWithOthers => {
                "Không thể chọn “Không có” cùng với các lựa chọn khác.".into()
            }
            Message::NotADate => {
                "Ngày không hợp lệ: hãy nhập một ngày có thật (năm-tháng-ngày).".into()
            }
            Message::UnknownRow(row) => format!("Bảng này không có dòng “{row}”."),
            Message::UnknownMember(key) => format!("“{key}” không thuộc câu hỏi này."),
            Message::RankEveryChoice => "Vui lòng xếp hạng tất cả các mục.".into(),
            Message::RangeReversed => "Đầu khoảng không được lớn hơn cuối khoảng.".into(),
            Message::RangeTooShort(n) => format!("Khoảng phải rộng ít nhất {n}."),
            Message::RangeTooLong(n) => format!("Khoảng không được rộng quá {n}."),
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
            Message::WrongShape(expected) => {
                format!("The answer must be {}.", expected.english())
            }
            Message::NotAChoice(value) => {
                format!("“{value}” is not one of this question's choices.")
            }
            Message::ChoiceRepeated(value) => format!("“{value}” is selected twice."),
            Message::NoneWithOthers => {
                "“None” cannot be selected together with other choices.".into()
            }
            Message::NotADate => {
                "Not a real date: enter a date that exists (year-month-day).".into()
            }
            Message::UnknownRow(row) => format!("This table has no row “{row}”."),
            Message::UnknownMember(key) => format!("“{key}” is not part of this question."),
            Message::RankEveryChoice => "Please rank every item.".into(),
            Message::RangeReversed => "The start of the range must not be above its end.".into(),
            Message::RangeTooShort(n) => format!("The range must be at least {n} wide."),
            Message::RangeTooLong(n) => format!("The range must be at most {n} wide."),
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
