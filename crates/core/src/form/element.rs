//! Elements: questions, panels and static content, one [`ElementKind`] variant per SurveyJS
//! `type` PQ Survey understands.
//!
//! Properties common to most elements live on [`Element`]; each variant holds its type's own
//! properties. Every struct keeps the keys it does not model in `extra`. SurveyJS properties that
//! only affect presentation (`width`, `startWithNewLine`, `titleLocation`, `colCount`…) are kept
//! there without a warning; anything else left over is reported as an unknown property.

use serde_json::{Map, Number, Value};

use super::choice::{Choice, read_choices};
use super::load::{Cx, Obj, Severity, check_unique, json_kind};
use super::localized::LocalizedText;
use super::shape::{Out, SourceShape};
use super::validator::Validator;

/// How deeply panels may nest (a guard against pathological input).
pub const MAX_NESTING: usize = 40;

/// A question, panel or piece of static content.
#[derive(Clone, Debug, PartialEq)]
pub struct Element {
    /// The name answers are stored under. Required for questions; may be empty for `panel` and
    /// `html`.
    pub name: String,
    /// The type and its own properties.
    pub kind: ElementKind,
    /// Shown title (the name is shown when absent).
    pub title: Option<LocalizedText>,
    /// Text shown under the title.
    pub description: Option<LocalizedText>,
    /// `visible`: `false` hides the element whatever `visibleIf` says.
    pub visible: Option<bool>,
    /// `visibleIf`: condition for showing the element.
    pub visible_if: Option<String>,
    /// `enableIf`: condition for the element being editable.
    pub enable_if: Option<String>,
    /// `requiredIf`: condition for the element being required.
    pub required_if: Option<String>,
    /// `isRequired`.
    pub is_required: Option<bool>,
    /// `requiredErrorText`: message when a required answer is missing.
    pub required_error_text: Option<LocalizedText>,
    /// `readOnly`.
    pub read_only: Option<bool>,
    /// `defaultValue`: the initial answer.
    pub default_value: Option<Value>,
    /// `defaultValueExpression`: an expression giving the initial answer.
    pub default_value_expression: Option<String>,
    /// `clearIfInvisible`: `"default"`, `"none"`, `"onComplete"`, `"onHidden"` or
    /// `"onHiddenContainer"` (overrides the survey's `clearInvisibleValues`).
    pub clear_if_invisible: Option<String>,
    /// `validators`.
    pub validators: Vec<Validator>,
    /// Properties not modelled here, kept as written.
    pub extra: Map<String, Value>,
    /// How the element was spelled in the source.
    pub shape: SourceShape,
}

/// The element types PQ Survey understands, with their own properties.
#[derive(Clone, Debug, PartialEq)]
#[allow(clippy::large_enum_variant)] // elements are built once per form; boxing buys nothing
pub enum ElementKind {
    /// `text`: a single-line input.
    Text(TextProps),
    /// `comment`: a multi-line text.
    Comment(CommentProps),
    /// `radiogroup`: one choice, shown as radio buttons.
    RadioGroup(SelectProps),
    /// `dropdown`: one choice from a list.
    Dropdown(SelectProps),
    /// `checkbox`: several choices; the answer is an array.
    Checkbox(SelectProps),
    /// `boolean`: yes or no.
    Boolean(BooleanProps),
    /// `rating`: one value on a scale.
    Rating(RatingProps),
    /// `matrix`: one column picked per row; the answer is `{row: column}`.
    Matrix(MatrixProps),
    /// `matrixdropdown`: fixed rows × typed columns; the answer is `{row: {column: value}}`.
    MatrixDropdown(MatrixDropdownProps),
    /// `matrixdynamic`: a table with rows added by the respondent; the answer is an array of
    /// `{column: value}`.
    MatrixDynamic(MatrixDynamicProps),
    /// `paneldynamic`: a group of questions repeated per entry; the answer is an array of
    /// `{question: value}`.
    PanelDynamic(PanelDynamicProps),
    /// `panel`: a group of elements (no answer of its own).
    Panel(PanelProps),
    /// `multipletext`: several labelled inputs; the answer is `{item: value}`.
    MultipleText(MultipleTextProps),
    /// `expression`: a read-only computed value.
    Expression(ExpressionProps),
    /// `html`: static content.
    Html(HtmlProps),
    /// Any other `type`, kept exactly as written.
    Unknown(UnknownElement),
}

/// `text` properties.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TextProps {
    /// `inputType` as written (SurveyJS default `"text"`); see [`TextProps::input_type`].
    pub input_type: Option<String>,
    /// `placeholder` (legacy `placeHolder`).
    pub placeholder: Option<LocalizedText>,
    /// `min`: a number, or a date string for date inputs.
    pub min: Option<Value>,
    /// `max`: a number, or a date string for date inputs.
    pub max: Option<Value>,
    /// `minValueExpression`.
    pub min_value_expression: Option<String>,
    /// `maxValueExpression`.
    pub max_value_expression: Option<String>,
    /// `minErrorText`.
    pub min_error_text: Option<LocalizedText>,
    /// `maxErrorText`.
    pub max_error_text: Option<LocalizedText>,
    /// `maxLength` (SurveyJS default -1: the survey's limit).
    pub max_length: Option<Number>,
    /// `step` for number inputs.
    pub step: Option<Number>,
}

impl TextProps {
    /// The input type, SurveyJS's default `text` when not given.
    pub fn input_type(&self) -> InputType {
        self.input_type
            .as_deref()
            .map_or(InputType::Text, InputType::parse)
    }
}

/// Input types of `text` questions. PQ Survey supports `text`, `number`, `date`, `month`,
/// `email`, `tel` and `url`; others are kept and answered as plain text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum InputType {
    /// `text`.
    Text,
    /// `number`: the answer is a JSON number.
    Number,
    /// `date`: `YYYY-MM-DD`.
    Date,
    /// `month`: `YYYY-MM`.
    Month,
    /// `email`.
    Email,
    /// `tel`.
    Tel,
    /// `url`.
    Url,
    /// Any other type (`range`, `color`, `time`, `datetime-local`…), lower-cased.
    Other(String),
}

impl InputType {
    /// Parses SurveyJS's spelling (case-insensitive; `datetime_local` means `datetime-local`).
    pub fn parse(s: &str) -> Self {
        match s.to_ascii_lowercase().as_str() {
            "text" => Self::Text,
            "number" => Self::Number,
            "date" => Self::Date,
            "month" => Self::Month,
            "email" => Self::Email,
            "tel" => Self::Tel,
            "url" => Self::Url,
            "datetime_local" => Self::Other("datetime-local".to_owned()),
            other => Self::Other(other.to_owned()),
        }
    }

    /// SurveyJS's spelling.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Text => "text",
            Self::Number => "number",
            Self::Date => "date",
            Self::Month => "month",
            Self::Email => "email",
            Self::Tel => "tel",
            Self::Url => "url",
            Self::Other(s) => s,
        }
    }

    /// Whether PQ Survey gives this type its own input and checks.
    pub fn is_supported(&self) -> bool {
        !matches!(self, Self::Other(_))
    }
}

/// `comment` properties.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CommentProps {
    /// `placeholder` (legacy `placeHolder`).
    pub placeholder: Option<LocalizedText>,
    /// `maxLength`.
    pub max_length: Option<Number>,
}

/// Properties of the choice questions `radiogroup`, `dropdown` and `checkbox`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SelectProps {
    /// `choices`.
    pub choices: Vec<Choice>,
    /// `choicesOrder`: `"none"` (default), `"asc"`, `"desc"` or `"random"`.
    pub choices_order: Option<String>,
    /// `choicesVisibleIf`: condition applied to each choice (`{item}` is its value).
    pub choices_visible_if: Option<String>,
    /// `choicesEnableIf`: condition applied to each choice.
    pub choices_enable_if: Option<String>,
    /// `showOtherItem` (legacy `hasOther`): adds an "Other" item with a text box.
    pub show_other_item: Option<bool>,
    /// `showNoneItem` (legacy `hasNone`): adds a "None" item.
    pub show_none_item: Option<bool>,
    /// `otherText`: the "Other" item's text.
    pub other_text: Option<LocalizedText>,
    /// `noneText`: the "None" item's text.
    pub none_text: Option<LocalizedText>,
    /// `otherPlaceholder` (legacy `otherPlaceHolder`).
    pub other_placeholder: Option<LocalizedText>,
    /// `otherErrorText`: message when "Other" is picked without text.
    pub other_error_text: Option<LocalizedText>,
    /// `placeholder` (legacy `placeHolder`); `dropdown` only.
    pub placeholder: Option<LocalizedText>,
    /// `showSelectAllItem` (legacy `hasSelectAll`); `checkbox` only.
    pub show_select_all_item: Option<bool>,
    /// `selectAllText`; `checkbox` only.
    pub select_all_text: Option<LocalizedText>,
    /// `minSelectedChoices` (0: no minimum); `checkbox` only.
    pub min_selected_choices: Option<Number>,
    /// `maxSelectedChoices` (0: no maximum); `checkbox` only.
    pub max_selected_choices: Option<Number>,
}

/// `boolean` properties.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BooleanProps {
    /// `labelTrue`: text of the "yes" side.
    pub label_true: Option<LocalizedText>,
    /// `labelFalse`: text of the "no" side.
    pub label_false: Option<LocalizedText>,
    /// `valueTrue`: answer stored for yes (default `true`).
    pub value_true: Option<Value>,
    /// `valueFalse`: answer stored for no (default `false`).
    pub value_false: Option<Value>,
}

impl BooleanProps {
    /// The answer stored for yes.
    pub fn true_value(&self) -> Value {
        self.value_true.clone().unwrap_or(Value::Bool(true))
    }

    /// The answer stored for no.
    pub fn false_value(&self) -> Value {
        self.value_false.clone().unwrap_or(Value::Bool(false))
    }
}

/// `rating` properties.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RatingProps {
    /// `rateMin` (default 1).
    pub rate_min: Option<Number>,
    /// `rateMax` (default 5).
    pub rate_max: Option<Number>,
    /// `rateStep` (default 1).
    pub rate_step: Option<Number>,
    /// `rateCount` (default 5; SurveyJS keeps it in step with `rateMax`).
    pub rate_count: Option<Number>,
    /// `rateValues`: explicit scale items.
    pub rate_values: Vec<Choice>,
    /// `autoGenerate`: `true` builds the scale from min/max/step, `false` uses `rateValues`.
    pub auto_generate: Option<bool>,
    /// `minRateDescription` (legacy `mininumRateDescription`).
    pub min_rate_description: Option<LocalizedText>,
    /// `maxRateDescription` (legacy `maximumRateDescription`).
    pub max_rate_description: Option<LocalizedText>,
}

/// Most values a generated rating scale may have (a guard against absurd min/max/step).
pub const MAX_RATING_VALUES: usize = 1000;

impl RatingProps {
    /// Whether the scale comes from `rateValues` rather than min/max/step: `autoGenerate: false`,
    /// or `rateValues` given without `autoGenerate` (as SurveyJS decides on load).
    pub fn uses_rate_values(&self) -> bool {
        match self.auto_generate {
            Some(auto) => !auto,
            None => !self.rate_values.is_empty(),
        }
    }

    /// The values on the scale, in order.
    pub fn values(&self) -> Vec<Value> {
        if self.uses_rate_values() {
            return self.rate_values.iter().map(|c| c.value.clone()).collect();
        }
        let get = |n: &Option<Number>, default: f64| {
            n.as_ref().and_then(Number::as_f64).unwrap_or(default)
        };
        let (min, max) = (get(&self.rate_min, 1.0), get(&self.rate_max, 5.0));
        let step = get(&self.rate_step, 1.0);
        let step = if step.is_finite() && step > 0.0 {
            step
        } else {
            1.0
        };
        let mut values = Vec::new();
        let mut i = 0_u32;
        while values.len() < MAX_RATING_VALUES {
            // Rounded so that 0.1 steps give 0.3, not 0.30000000000000004.
            let v = ((min + f64::from(i) * step) * 1e9).round() / 1e9;
            if !v.is_finite() || v > max + 1e-9 {
                break;
            }
            values.push(number_value(v));
            i += 1;
        }
        values
    }
}

/// A whole number as a JSON integer (so `1` compares equal to an answer of `1`), else a float.
fn number_value(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        // In range and whole: the conversion is exact.
        #[allow(clippy::cast_possible_truncation)]
        let i = v as i64;
        Value::from(i)
    } else {
        Number::from_f64(v).map_or(Value::Null, Value::Number)
    }
}

/// `matrix` properties (single choice per row).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MatrixProps {
    /// `rows`: the answer's keys.
    pub rows: Vec<Choice>,
    /// `columns`: the values picked per row.
    pub columns: Vec<Choice>,
    /// `rowsVisibleIf`: condition applied to each row (`{item}` is the row value).
    pub rows_visible_if: Option<String>,
    /// `columnsVisibleIf`: condition applied to each column.
    pub columns_visible_if: Option<String>,
    /// `eachRowRequired` (legacy `isAllRowRequired`).
    pub each_row_required: Option<bool>,
    /// `eachRowUnique`: no two rows may have the same answer.
    pub each_row_unique: Option<bool>,
    /// `cellType`: `"radio"` (default) or `"checkbox"`.
    pub cell_type: Option<String>,
}

/// `matrixdropdown` properties.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MatrixDropdownProps {
    /// `columns`.
    pub columns: Vec<MatrixColumn>,
    /// `rows`: the answer's keys.
    pub rows: Vec<Choice>,
    /// `cellType`: default cell type of columns (SurveyJS default `"dropdown"`).
    pub cell_type: Option<String>,
    /// `choices`: default choices of choice cells.
    pub choices: Vec<Choice>,
    /// `rowsVisibleIf`.
    pub rows_visible_if: Option<String>,
}

/// `matrixdynamic` properties.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MatrixDynamicProps {
    /// `columns`.
    pub columns: Vec<MatrixColumn>,
    /// `cellType`: default cell type of columns (SurveyJS default `"dropdown"`).
    pub cell_type: Option<String>,
    /// `choices`: default choices of choice cells.
    pub choices: Vec<Choice>,
    /// `rowCount`: rows shown initially (SurveyJS default 2).
    pub row_count: Option<Number>,
    /// `minRowCount` (default 0).
    pub min_row_count: Option<Number>,
    /// `maxRowCount` (SurveyJS default 1000).
    pub max_row_count: Option<Number>,
    /// `allowAddRows` (default true).
    pub allow_add_rows: Option<bool>,
    /// `allowRemoveRows` (default true).
    pub allow_remove_rows: Option<bool>,
    /// `addRowText`.
    pub add_row_text: Option<LocalizedText>,
    /// `removeRowText`.
    pub remove_row_text: Option<LocalizedText>,
    /// `defaultRowValue`: initial value of new rows.
    pub default_row_value: Option<Value>,
    /// `keyName`: a column whose values must be unique across rows.
    pub key_name: Option<String>,
}

/// A column of `matrixdropdown`/`matrixdynamic`. Which properties apply depends on the cell type.
#[derive(Clone, Debug, PartialEq)]
pub struct MatrixColumn {
    /// `name`: the key in each row's answer.
    pub name: String,
    /// `title`.
    pub title: Option<LocalizedText>,
    /// `cellType`: `"default"` (the matrix's), `dropdown`, `checkbox`, `radiogroup`, `text`,
    /// `comment`, `boolean`, `expression` or `rating`.
    pub cell_type: Option<String>,
    /// `choices` for choice cells (the matrix's when empty).
    pub choices: Vec<Choice>,
    /// `choicesVisibleIf`.
    pub choices_visible_if: Option<String>,
    /// `showOtherItem` (legacy `hasOther`).
    pub show_other_item: Option<bool>,
    /// `showNoneItem` (legacy `hasNone`).
    pub show_none_item: Option<bool>,
    /// `isRequired`.
    pub is_required: Option<bool>,
    /// `requiredErrorText`.
    pub required_error_text: Option<LocalizedText>,
    /// `readOnly`.
    pub read_only: Option<bool>,
    /// `visible`.
    pub visible: Option<bool>,
    /// `visibleIf` (evaluated per row: `{row.column}` refers to the row's cells).
    pub visible_if: Option<String>,
    /// `enableIf`.
    pub enable_if: Option<String>,
    /// `requiredIf`.
    pub required_if: Option<String>,
    /// `isUnique`: values must differ across rows.
    pub is_unique: Option<bool>,
    /// `validators`.
    pub validators: Vec<Validator>,
    /// `inputType` of text cells.
    pub input_type: Option<String>,
    /// `min` of text cells.
    pub min: Option<Value>,
    /// `max` of text cells.
    pub max: Option<Value>,
    /// `placeholder` (legacy `placeHolder`).
    pub placeholder: Option<LocalizedText>,
    /// `expression` of expression cells (evaluated per row).
    pub expression: Option<String>,
    /// `defaultValue`.
    pub default_value: Option<Value>,
    /// `defaultValueExpression`.
    pub default_value_expression: Option<String>,
    /// `totalType`: `"none"`, `"sum"`, `"count"`, `"min"`, `"max"` or `"avg"`.
    pub total_type: Option<String>,
    /// `totalExpression`: the value in the totals row.
    pub total_expression: Option<String>,
    /// Properties not modelled here, kept as written.
    pub extra: Map<String, Value>,
    /// How the column was spelled in the source.
    pub shape: SourceShape,
}

/// `paneldynamic` properties.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PanelDynamicProps {
    /// `templateElements` (legacy `questions`): the elements of each entry. Their names are
    /// scoped to the entry (`{panel.name}` in expressions).
    pub template_elements: Vec<Element>,
    /// `templateTitle`: title of each entry (may use `{panel.x}` and `{panelIndex}`).
    pub template_title: Option<LocalizedText>,
    /// `templateDescription`.
    pub template_description: Option<LocalizedText>,
    /// `templateVisibleIf`: condition for showing an entry, evaluated per entry.
    pub template_visible_if: Option<String>,
    /// `panelCount`: entries shown initially (default 0).
    pub panel_count: Option<Number>,
    /// `minPanelCount` (default 0).
    pub min_panel_count: Option<Number>,
    /// `maxPanelCount` (SurveyJS default 100).
    pub max_panel_count: Option<Number>,
    /// `addPanelText` (legacy `panelAddText`).
    pub add_panel_text: Option<LocalizedText>,
    /// `removePanelText` (legacy `panelRemoveText`).
    pub remove_panel_text: Option<LocalizedText>,
    /// `noEntriesText`: shown when there are no entries.
    pub no_entries_text: Option<LocalizedText>,
    /// `allowAddPanel` (default true).
    pub allow_add_panel: Option<bool>,
    /// `allowRemovePanel` (default true).
    pub allow_remove_panel: Option<bool>,
    /// `keyName`: a template question whose values must be unique across entries.
    pub key_name: Option<String>,
    /// `defaultPanelValue`: initial value of new entries.
    pub default_panel_value: Option<Value>,
}

/// `panel` properties.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PanelProps {
    /// `elements` (legacy `questions`).
    pub elements: Vec<Element>,
}

/// `multipletext` properties.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MultipleTextProps {
    /// `items`.
    pub items: Vec<MultipleTextItem>,
}

/// One input of a `multipletext` question.
#[derive(Clone, Debug, PartialEq)]
pub struct MultipleTextItem {
    /// `name`: the key in the answer.
    pub name: String,
    /// `title`.
    pub title: Option<LocalizedText>,
    /// `inputType` (see [`InputType`]).
    pub input_type: Option<String>,
    /// `placeholder` (legacy `placeHolder`).
    pub placeholder: Option<LocalizedText>,
    /// `isRequired`.
    pub is_required: Option<bool>,
    /// `requiredErrorText`.
    pub required_error_text: Option<LocalizedText>,
    /// `validators`.
    pub validators: Vec<Validator>,
    /// `maxLength`.
    pub max_length: Option<Number>,
    /// `defaultValueExpression`.
    pub default_value_expression: Option<String>,
    /// `minValueExpression`.
    pub min_value_expression: Option<String>,
    /// `maxValueExpression`.
    pub max_value_expression: Option<String>,
    /// Properties not modelled here, kept as written.
    pub extra: Map<String, Value>,
    /// How the item was spelled in the source.
    pub shape: SourceShape,
}

/// `expression` properties.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExpressionProps {
    /// `expression`: computes the value.
    pub expression: Option<String>,
    /// `displayStyle`: `"none"` (default), `"decimal"`, `"currency"`, `"percent"` or `"date"`.
    pub display_style: Option<String>,
    /// `currency`: ISO code (default `"USD"`).
    pub currency: Option<String>,
    /// `maximumFractionDigits` (default -1: not set).
    pub maximum_fraction_digits: Option<Number>,
    /// `minimumFractionDigits` (default -1: not set).
    pub minimum_fraction_digits: Option<Number>,
    /// `precision`: decimals kept in the stored value (default -1: all).
    pub precision: Option<Number>,
    /// `useGrouping`: thousands separators (default true).
    pub use_grouping: Option<bool>,
    /// `format`: a template such as `"{0} VND"`.
    pub format: Option<LocalizedText>,
}

/// `html` properties.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HtmlProps {
    /// `html`: the content.
    pub html: Option<LocalizedText>,
}

/// An element of a type PQ Survey does not understand, kept exactly as written.
///
/// The [`Element`] holding it has its `name` (when the JSON gives a string name) and no other
/// field set; writing it back writes `raw` alone.
#[derive(Clone, Debug, PartialEq)]
pub struct UnknownElement {
    /// `type` as written.
    pub type_name: String,
    /// The whole JSON object, `type` included.
    pub raw: Map<String, Value>,
}

impl ElementKind {
    /// SurveyJS's `type` for this kind.
    pub fn type_name(&self) -> &str {
        match self {
            Self::Unknown(u) => &u.type_name,
            known => Tag::of(known).map_or("", Tag::name),
        }
    }

    /// Whether the element stores an answer under its name (false for panels, html and unknown
    /// types).
    pub fn has_value(&self) -> bool {
        !matches!(self, Self::Panel(_) | Self::Html(_) | Self::Unknown(_))
    }

    /// The choice properties of `radiogroup`, `dropdown` and `checkbox`.
    pub fn select(&self) -> Option<&SelectProps> {
        match self {
            Self::RadioGroup(s) | Self::Dropdown(s) | Self::Checkbox(s) => Some(s),
            _ => None,
        }
    }
}

/// Supported types, for parsing and capabilities.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tag {
    Text,
    Comment,
    RadioGroup,
    Dropdown,
    Checkbox,
    Boolean,
    Rating,
    Matrix,
    MatrixDropdown,
    MatrixDynamic,
    PanelDynamic,
    Panel,
    MultipleText,
    Expression,
    Html,
}

const TAGS: [Tag; 15] = [
    Tag::Text,
    Tag::Comment,
    Tag::RadioGroup,
    Tag::Dropdown,
    Tag::Checkbox,
    Tag::Boolean,
    Tag::Rating,
    Tag::Matrix,
    Tag::MatrixDropdown,
    Tag::MatrixDynamic,
    Tag::PanelDynamic,
    Tag::Panel,
    Tag::MultipleText,
    Tag::Expression,
    Tag::Html,
];

/// Which common properties a type has.
struct Common {
    name_required: bool,
    /// `isRequired`, `requiredIf`, `requiredErrorText`.
    required: bool,
    /// `enableIf`, `readOnly`.
    editable: bool,
    /// `defaultValue`, `defaultValueExpression`, `validators`, `clearIfInvisible`.
    value: bool,
}

impl Tag {
    fn name(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Comment => "comment",
            Self::RadioGroup => "radiogroup",
            Self::Dropdown => "dropdown",
            Self::Checkbox => "checkbox",
            Self::Boolean => "boolean",
            Self::Rating => "rating",
            Self::Matrix => "matrix",
            Self::MatrixDropdown => "matrixdropdown",
            Self::MatrixDynamic => "matrixdynamic",
            Self::PanelDynamic => "paneldynamic",
            Self::Panel => "panel",
            Self::MultipleText => "multipletext",
            Self::Expression => "expression",
            Self::Html => "html",
        }
    }

    /// SurveyJS looks types up case-insensitively.
    fn parse(s: &str) -> Option<Self> {
        TAGS.into_iter().find(|t| t.name().eq_ignore_ascii_case(s))
    }

    fn of(kind: &ElementKind) -> Option<Self> {
        Some(match kind {
            ElementKind::Text(_) => Self::Text,
            ElementKind::Comment(_) => Self::Comment,
            ElementKind::RadioGroup(_) => Self::RadioGroup,
            ElementKind::Dropdown(_) => Self::Dropdown,
            ElementKind::Checkbox(_) => Self::Checkbox,
            ElementKind::Boolean(_) => Self::Boolean,
            ElementKind::Rating(_) => Self::Rating,
            ElementKind::Matrix(_) => Self::Matrix,
            ElementKind::MatrixDropdown(_) => Self::MatrixDropdown,
            ElementKind::MatrixDynamic(_) => Self::MatrixDynamic,
            ElementKind::PanelDynamic(_) => Self::PanelDynamic,
            ElementKind::Panel(_) => Self::Panel,
            ElementKind::MultipleText(_) => Self::MultipleText,
            ElementKind::Expression(_) => Self::Expression,
            ElementKind::Html(_) => Self::Html,
            ElementKind::Unknown(_) => return None,
        })
    }

    fn common(self) -> Common {
        match self {
            // SurveyJS makes these not serialisable on `expression`.
            Self::Expression => Common {
                name_required: true,
                required: false,
                editable: false,
                value: true,
            },
            Self::Panel => Common {
                name_required: false,
                required: true,
                editable: true,
                value: false,
            },
            Self::Html => Common {
                name_required: false,
                required: false,
                editable: false,
                value: false,
            },
            _ => Common {
                name_required: true,
                required: true,
                editable: true,
                value: true,
            },
        }
    }
}

/// SurveyJS element properties that only affect presentation: kept in `extra`, not reported.
pub const PRESENTATION_PROPERTIES: &[&str] = &[
    "width",
    "minWidth",
    "maxWidth",
    "startWithNewLine",
    "indent",
    "innerIndent",
    "colSpan",
    "titleLocation",
    "descriptionLocation",
    "errorLocation",
    "hideNumber",
    "showNumber",
    "state",
    "colCount",
    "renderAs",
    "inputSize",
    "size",
    "rows",
    "autoGrow",
    "allowResize",
    "inputTextAlignment",
    "textUpdateMode",
    "autocomplete",
    "separateSpecialChoices",
    "itemComponent",
    "allowClear",
    "searchEnabled",
    "displayMode",
    "rateType",
    "rateDisplayMode",
    "rateColorMode",
    "scaleColorMode",
    "rateDescriptionLocation",
    "displayRateDescriptionsAsExtremeItems",
    "swapOrder",
    "useTitleAsLabel",
    "rowTitleWidth",
    "columnMinWidth",
    "columnColCount",
    "horizontalScroll",
    "columnLayout",
    "transposeData",
    "alternateRows",
    "showHeader",
    "verticalAlign",
    "addRowLocation",
    "confirmDelete",
    "confirmDeleteText",
    "hideColumnsIfEmpty",
    "emptyRowsText",
    "allowRowsDragAndDrop",
    "questionTitleLocation",
    "questionTitleWidth",
    "questionErrorLocation",
    "showQuestionNumbers",
    "questionStartIndex",
    "panelsState",
    "templateTitleLocation",
    "templateQuestionTitleLocation",
    "templateErrorLocation",
    "templateTabTitle",
    "tabAlign",
    "showProgressBar",
    "progressBarLocation",
    "renderMode",
    "removePanelButtonLocation",
    "panelRemoveButtonLocation",
    "newPanelPosition",
    "itemTitleWidth",
    "itemErrorLocation",
    "hideIfChoicesEmpty",
    "hideIfRowsEmpty",
    "useDisplayValuesInDynamicTexts",
    "useDisplayValuesInTitle",
];

/// Column properties that only affect presentation.
const COLUMN_PRESENTATION: &[&str] = &[
    "width",
    "minWidth",
    "colCount",
    "cellHint",
    "renderAs",
    "showInMultipleColumns",
    "totalDisplayStyle",
    "totalFormat",
    "totalAlignment",
    "totalCurrency",
    "totalMaximumFractionDigits",
    "totalMinimumFractionDigits",
    "displayStyle",
    "currency",
    "maximumFractionDigits",
    "minimumFractionDigits",
    "inputSize",
    "allowClear",
];

/// Multiple-text item properties that only affect presentation.
const ITEM_PRESENTATION: &[&str] = &["inputSize", "size", "inputTextAlignment"];

/// Column cell types PQ Survey supports.
const CELL_TYPES: &[&str] = &[
    "default",
    "dropdown",
    "checkbox",
    "radiogroup",
    "text",
    "comment",
    "boolean",
    "expression",
    "rating",
];

impl Element {
    /// An element with only a name and a kind.
    pub fn new(name: impl Into<String>, kind: ElementKind) -> Self {
        Self {
            name: name.into(),
            kind,
            title: None,
            description: None,
            visible: None,
            visible_if: None,
            enable_if: None,
            required_if: None,
            is_required: None,
            required_error_text: None,
            read_only: None,
            default_value: None,
            default_value_expression: None,
            clear_if_invisible: None,
            validators: Vec::new(),
            extra: Map::new(),
            shape: SourceShape::default(),
        }
    }

    /// SurveyJS's `type`.
    pub fn type_name(&self) -> &str {
        self.kind.type_name()
    }

    /// The title to show in `locale`, or the name when there is none.
    pub fn display_title(&self, locale: &str) -> &str {
        match self.title.as_ref().map(|t| t.get(locale)) {
            Some(title) if !title.is_empty() => title,
            _ => &self.name,
        }
    }

    /// Whether `isRequired` is set (ignoring `requiredIf`).
    pub fn required(&self) -> bool {
        self.is_required == Some(true)
    }

    /// The nested elements of a `panel`, or the template elements of a `paneldynamic`.
    pub fn children(&self) -> &[Element] {
        match &self.kind {
            ElementKind::Panel(p) => &p.elements,
            ElementKind::PanelDynamic(p) => &p.template_elements,
            _ => &[],
        }
    }

    /// The choices of `radiogroup`, `dropdown` and `checkbox`.
    pub fn choices(&self) -> Option<&[Choice]> {
        self.kind.select().map(|s| s.choices.as_slice())
    }

    /// `startWithNewLine` (default true).
    pub fn start_with_new_line(&self) -> bool {
        self.extra
            .get("startWithNewLine")
            .and_then(Value::as_bool)
            .unwrap_or(true)
    }

    /// `width` as written (a CSS length), when it is a string.
    pub fn width(&self) -> Option<&str> {
        self.extra.get("width").and_then(Value::as_str)
    }

    /// Reads one element; `None` (with an error reported) when it cannot be used at all.
    pub(crate) fn read(value: Value, path: String, cx: &mut Cx, depth: usize) -> Option<Self> {
        let Value::Object(map) = value else {
            let message = format!(
                "expected an element (an object), found {}",
                json_kind(&value)
            );
            cx.error(path, message);
            return None;
        };
        if depth > MAX_NESTING {
            cx.error(
                path,
                format!("elements nested more than {MAX_NESTING} levels deep"),
            );
            return None;
        }
        let type_name = match map.get("type") {
            Some(Value::String(s)) => s.clone(),
            Some(other) => {
                let message = format!(
                    "element 'type' must be a string, found {}",
                    json_kind(other)
                );
                cx.error(super::load::join(&path, "type"), message);
                return None;
            }
            None => {
                cx.error(path, "element has no 'type'");
                return None;
            }
        };
        let Some(tag) = Tag::parse(&type_name) else {
            return Some(Self::read_unknown(map, type_name, path, cx));
        };

        let mut obj = Obj::new(map, path);
        obj.discard("type");
        if type_name != tag.name() {
            obj.shape.type_spelling = Some(type_name);
        }
        let common = tag.common();
        let name = read_name(&mut obj, cx, common.name_required, tag.name());
        if !name.is_empty() {
            cx.claim_name(&name, &obj.at("name"));
        }
        let mut el = Self::new(name, ElementKind::Html(HtmlProps::default()));
        el.title = obj.text(cx, "title");
        el.description = obj.text(cx, "description");
        el.visible = obj.bool(cx, "visible");
        el.visible_if = obj.string(cx, "visibleIf");
        if common.editable {
            el.enable_if = obj.string(cx, "enableIf");
            el.read_only = obj.bool(cx, "readOnly");
        }
        if common.required {
            el.is_required = obj.bool(cx, "isRequired");
            el.required_if = obj.string(cx, "requiredIf");
            el.required_error_text = obj.text(cx, "requiredErrorText");
        }
        if common.value {
            if tag != Tag::Expression {
                el.default_value = obj.value(cx, "defaultValue");
                el.default_value_expression = obj.string(cx, "defaultValueExpression");
            }
            el.clear_if_invisible = obj.string(cx, "clearIfInvisible");
            el.validators = obj.list(cx, "validators", None, Validator::read);
        }
        el.kind = read_kind(tag, &mut obj, cx, depth);
        let (extra, shape) = obj.finish(cx, PRESENTATION_PROPERTIES);
        el.extra = extra;
        el.shape = shape;
        Some(el)
    }

    fn read_unknown(map: Map<String, Value>, type_name: String, path: String, cx: &mut Cx) -> Self {
        cx.warn(
            path.clone(),
            format!("unknown element type '{type_name}' (kept as written)"),
        );
        let name = match map.get("name") {
            Some(Value::String(name)) => name.clone(),
            _ => String::new(),
        };
        if !name.is_empty() {
            cx.claim_name(&name, &super::load::join(&path, "name"));
        }
        Self::new(
            name,
            ElementKind::Unknown(UnknownElement {
                type_name,
                raw: map,
            }),
        )
    }

    /// The JSON form, in the spelling it was read from.
    pub fn to_json(&self) -> Value {
        let tag = match &self.kind {
            ElementKind::Unknown(u) => return Value::Object(u.raw.clone()),
            known => match Tag::of(known) {
                Some(tag) => tag,
                None => return Value::Object(Map::new()),
            },
        };
        let mut out = Out::new(&self.shape);
        let type_name = self.shape.type_spelling.as_deref().unwrap_or(tag.name());
        out.put("type", Value::String(type_name.to_owned()));
        if !self.name.is_empty() {
            out.put("name", Value::String(self.name.clone()));
        }
        out.text("title", &self.title);
        out.text("description", &self.description);
        out.bool("visible", self.visible);
        out.string("visibleIf", &self.visible_if);
        out.string("enableIf", &self.enable_if);
        out.bool("readOnly", self.read_only);
        out.bool("isRequired", self.is_required);
        out.string("requiredIf", &self.required_if);
        out.text("requiredErrorText", &self.required_error_text);
        out.value("defaultValue", &self.default_value);
        out.string("defaultValueExpression", &self.default_value_expression);
        out.string("clearIfInvisible", &self.clear_if_invisible);
        out.list("validators", &self.validators, Validator::to_json);
        write_kind(&self.kind, &mut out);
        Value::Object(out.finish(&self.extra))
    }
}

/// Reads `name`: required ones must be a non-empty string.
fn read_name(obj: &mut Obj, cx: &mut Cx, required: bool, type_name: &str) -> String {
    match obj.peek("name") {
        Some(Value::String(s)) if !s.is_empty() => {
            let name = s.clone();
            obj.discard("name");
            name
        }
        Some(other @ (Value::Bool(_) | Value::Number(_) | Value::Array(_) | Value::Object(_))) => {
            let message = format!("name must be a string, found {}", json_kind(other));
            cx.error(obj.at("name"), message);
            obj.keep_quietly("name");
            String::new()
        }
        // Absent, null or empty.
        _ => {
            if required {
                cx.error(
                    obj.path().to_owned(),
                    format!("a '{type_name}' element needs a name"),
                );
            }
            obj.keep_quietly("name");
            String::new()
        }
    }
}

fn warn_input_type(obj: &Obj, cx: &mut Cx, input_type: &Option<String>) {
    if let Some(t) = input_type
        && !InputType::parse(t).is_supported()
    {
        let message = format!("input type '{t}' is not supported (kept; answered as text)");
        cx.warn(obj.at("inputType"), message);
    }
}

fn warn_cell_type(obj: &Obj, cx: &mut Cx, cell_type: &Option<String>) {
    if let Some(t) = cell_type
        && !CELL_TYPES.iter().any(|c| c.eq_ignore_ascii_case(t))
    {
        let message = format!("cell type '{t}' is not supported (kept)");
        cx.warn(obj.at("cellType"), message);
    }
}

fn read_elements(obj: &mut Obj, cx: &mut Cx, key: &'static str, depth: usize) -> Vec<Element> {
    obj.list(cx, key, Some("questions"), |v, path, cx| {
        Element::read(v, path, cx, depth + 1)
    })
}

/// Reads `elements` (or legacy `questions`) of a page or of the survey itself.
pub(crate) fn read_page_elements(obj: &mut Obj, cx: &mut Cx) -> Vec<Element> {
    read_elements(obj, cx, "elements", 0)
}

fn read_kind(tag: Tag, obj: &mut Obj, cx: &mut Cx, depth: usize) -> ElementKind {
    match tag {
        Tag::Text => {
            let input_type = obj.string(cx, "inputType");
            warn_input_type(obj, cx, &input_type);
            ElementKind::Text(TextProps {
                input_type,
                placeholder: obj.text_alias(cx, "placeholder", Some("placeHolder")),
                min: obj.value(cx, "min"),
                max: obj.value(cx, "max"),
                min_value_expression: obj.string(cx, "minValueExpression"),
                max_value_expression: obj.string(cx, "maxValueExpression"),
                min_error_text: obj.text(cx, "minErrorText"),
                max_error_text: obj.text(cx, "maxErrorText"),
                max_length: obj.number(cx, "maxLength"),
                step: obj.number(cx, "step"),
            })
        }
        Tag::Comment => ElementKind::Comment(CommentProps {
            placeholder: obj.text_alias(cx, "placeholder", Some("placeHolder")),
            max_length: obj.number(cx, "maxLength"),
        }),
        Tag::RadioGroup => ElementKind::RadioGroup(read_select(obj, cx, tag)),
        Tag::Dropdown => ElementKind::Dropdown(read_select(obj, cx, tag)),
        Tag::Checkbox => ElementKind::Checkbox(read_select(obj, cx, tag)),
        Tag::Boolean => ElementKind::Boolean(BooleanProps {
            label_true: obj.text(cx, "labelTrue"),
            label_false: obj.text(cx, "labelFalse"),
            value_true: obj.value(cx, "valueTrue"),
            value_false: obj.value(cx, "valueFalse"),
        }),
        Tag::Rating => ElementKind::Rating(RatingProps {
            rate_min: obj.number(cx, "rateMin"),
            rate_max: obj.number(cx, "rateMax"),
            rate_step: obj.number(cx, "rateStep"),
            rate_count: obj.number(cx, "rateCount"),
            rate_values: read_choices(obj, cx, "rateValues", "rate value"),
            auto_generate: obj.bool(cx, "autoGenerate"),
            min_rate_description: obj.text_alias(
                cx,
                "minRateDescription",
                Some("mininumRateDescription"),
            ),
            max_rate_description: obj.text_alias(
                cx,
                "maxRateDescription",
                Some("maximumRateDescription"),
            ),
        }),
        Tag::Matrix => {
            let cell_type = obj.string(cx, "cellType");
            if let Some(t) = &cell_type
                && !["radio", "checkbox"]
                    .iter()
                    .any(|c| c.eq_ignore_ascii_case(t))
            {
                cx.warn(
                    obj.at("cellType"),
                    format!("cell type '{t}' is not supported (kept)"),
                );
            }
            ElementKind::Matrix(MatrixProps {
                rows: read_choices(obj, cx, "rows", "row value"),
                columns: read_choices(obj, cx, "columns", "column value"),
                rows_visible_if: obj.string(cx, "rowsVisibleIf"),
                columns_visible_if: obj.string(cx, "columnsVisibleIf"),
                each_row_required: obj.bool_alias(cx, "eachRowRequired", Some("isAllRowRequired")),
                each_row_unique: obj.bool(cx, "eachRowUnique"),
                cell_type,
            })
        }
        Tag::MatrixDropdown => {
            let columns = read_columns(obj, cx);
            let cell_type = obj.string(cx, "cellType");
            warn_cell_type(obj, cx, &cell_type);
            ElementKind::MatrixDropdown(MatrixDropdownProps {
                columns,
                rows: read_choices(obj, cx, "rows", "row value"),
                cell_type,
                choices: read_choices(obj, cx, "choices", "choice value"),
                rows_visible_if: obj.string(cx, "rowsVisibleIf"),
            })
        }
        Tag::MatrixDynamic => {
            let columns = read_columns(obj, cx);
            let cell_type = obj.string(cx, "cellType");
            warn_cell_type(obj, cx, &cell_type);
            ElementKind::MatrixDynamic(MatrixDynamicProps {
                columns,
                cell_type,
                choices: read_choices(obj, cx, "choices", "choice value"),
                row_count: obj.number(cx, "rowCount"),
                min_row_count: obj.number(cx, "minRowCount"),
                max_row_count: obj.number(cx, "maxRowCount"),
                allow_add_rows: obj.bool(cx, "allowAddRows"),
                allow_remove_rows: obj.bool(cx, "allowRemoveRows"),
                add_row_text: obj.text(cx, "addRowText"),
                remove_row_text: obj.text(cx, "removeRowText"),
                default_row_value: obj.value(cx, "defaultRowValue"),
                key_name: obj.string(cx, "keyName"),
            })
        }
        Tag::PanelDynamic => {
            // Template names live in their own namespace: each entry has its own values.
            cx.push_namespace();
            let template_elements = read_elements(obj, cx, "templateElements", depth);
            cx.pop_namespace();
            ElementKind::PanelDynamic(PanelDynamicProps {
                template_elements,
                template_title: obj.text(cx, "templateTitle"),
                template_description: obj.text(cx, "templateDescription"),
                template_visible_if: obj.string(cx, "templateVisibleIf"),
                panel_count: obj.number(cx, "panelCount"),
                min_panel_count: obj.number(cx, "minPanelCount"),
                max_panel_count: obj.number(cx, "maxPanelCount"),
                add_panel_text: obj.text_alias(cx, "addPanelText", Some("panelAddText")),
                remove_panel_text: obj.text_alias(cx, "removePanelText", Some("panelRemoveText")),
                no_entries_text: obj.text(cx, "noEntriesText"),
                allow_add_panel: obj.bool(cx, "allowAddPanel"),
                allow_remove_panel: obj.bool(cx, "allowRemovePanel"),
                key_name: obj.string(cx, "keyName"),
                default_panel_value: obj.value(cx, "defaultPanelValue"),
            })
        }
        Tag::Panel => ElementKind::Panel(PanelProps {
            elements: read_elements(obj, cx, "elements", depth),
        }),
        Tag::MultipleText => {
            let list_path = obj.at("items");
            let items = obj.list(cx, "items", None, MultipleTextItem::read);
            check_unique(
                cx,
                items
                    .iter()
                    .enumerate()
                    .map(|(i, it)| (it.name.clone(), format!("{list_path}[{i}].name"))),
                "item name",
                Severity::Error,
            );
            ElementKind::MultipleText(MultipleTextProps { items })
        }
        Tag::Expression => ElementKind::Expression(ExpressionProps {
            expression: obj.string(cx, "expression"),
            display_style: obj.string(cx, "displayStyle"),
            currency: obj.string(cx, "currency"),
            maximum_fraction_digits: obj.number(cx, "maximumFractionDigits"),
            minimum_fraction_digits: obj.number(cx, "minimumFractionDigits"),
            precision: obj.number(cx, "precision"),
            use_grouping: obj.bool(cx, "useGrouping"),
            format: obj.text(cx, "format"),
        }),
        Tag::Html => ElementKind::Html(HtmlProps {
            html: obj.text(cx, "html"),
        }),
    }
}

fn read_select(obj: &mut Obj, cx: &mut Cx, tag: Tag) -> SelectProps {
    let mut s = SelectProps {
        choices: read_choices(obj, cx, "choices", "choice value"),
        choices_order: obj.string(cx, "choicesOrder"),
        choices_visible_if: obj.string(cx, "choicesVisibleIf"),
        choices_enable_if: obj.string(cx, "choicesEnableIf"),
        show_other_item: obj.bool_alias(cx, "showOtherItem", Some("hasOther")),
        show_none_item: obj.bool_alias(cx, "showNoneItem", Some("hasNone")),
        other_text: obj.text(cx, "otherText"),
        none_text: obj.text(cx, "noneText"),
        other_placeholder: obj.text_alias(cx, "otherPlaceholder", Some("otherPlaceHolder")),
        other_error_text: obj.text(cx, "otherErrorText"),
        ..SelectProps::default()
    };
    if tag == Tag::Dropdown {
        s.placeholder = obj.text_alias(cx, "placeholder", Some("placeHolder"));
    }
    if tag == Tag::Checkbox {
        s.show_select_all_item = obj.bool_alias(cx, "showSelectAllItem", Some("hasSelectAll"));
        s.select_all_text = obj.text(cx, "selectAllText");
        s.min_selected_choices = obj.number(cx, "minSelectedChoices");
        s.max_selected_choices = obj.number(cx, "maxSelectedChoices");
    }
    s
}

fn read_columns(obj: &mut Obj, cx: &mut Cx) -> Vec<MatrixColumn> {
    let list_path = obj.at("columns");
    let columns = obj.list(cx, "columns", None, MatrixColumn::read);
    check_unique(
        cx,
        columns
            .iter()
            .enumerate()
            .map(|(i, c)| (c.name.clone(), format!("{list_path}[{i}].name"))),
        "column name",
        Severity::Error,
    );
    columns
}

fn write_kind(kind: &ElementKind, out: &mut Out<'_>) {
    match kind {
        ElementKind::Text(t) => {
            out.string("inputType", &t.input_type);
            out.text("placeholder", &t.placeholder);
            out.value("min", &t.min);
            out.value("max", &t.max);
            out.string("minValueExpression", &t.min_value_expression);
            out.string("maxValueExpression", &t.max_value_expression);
            out.text("minErrorText", &t.min_error_text);
            out.text("maxErrorText", &t.max_error_text);
            out.number("maxLength", &t.max_length);
            out.number("step", &t.step);
        }
        ElementKind::Comment(c) => {
            out.text("placeholder", &c.placeholder);
            out.number("maxLength", &c.max_length);
        }
        ElementKind::RadioGroup(s) | ElementKind::Dropdown(s) | ElementKind::Checkbox(s) => {
            out.list("choices", &s.choices, Choice::to_json);
            out.string("choicesOrder", &s.choices_order);
            out.string("choicesVisibleIf", &s.choices_visible_if);
            out.string("choicesEnableIf", &s.choices_enable_if);
            out.bool("showOtherItem", s.show_other_item);
            out.bool("showNoneItem", s.show_none_item);
            out.text("otherText", &s.other_text);
            out.text("noneText", &s.none_text);
            out.text("otherPlaceholder", &s.other_placeholder);
            out.text("otherErrorText", &s.other_error_text);
            out.text("placeholder", &s.placeholder);
            out.bool("showSelectAllItem", s.show_select_all_item);
            out.text("selectAllText", &s.select_all_text);
            out.number("minSelectedChoices", &s.min_selected_choices);
            out.number("maxSelectedChoices", &s.max_selected_choices);
        }
        ElementKind::Boolean(b) => {
            out.text("labelTrue", &b.label_true);
            out.text("labelFalse", &b.label_false);
            out.value("valueTrue", &b.value_true);
            out.value("valueFalse", &b.value_false);
        }
        ElementKind::Rating(r) => {
            out.number("rateMin", &r.rate_min);
            out.number("rateMax", &r.rate_max);
            out.number("rateStep", &r.rate_step);
            out.number("rateCount", &r.rate_count);
            out.list("rateValues", &r.rate_values, Choice::to_json);
            out.bool("autoGenerate", r.auto_generate);
            out.text("minRateDescription", &r.min_rate_description);
            out.text("maxRateDescription", &r.max_rate_description);
        }
        ElementKind::Matrix(m) => {
            out.list("rows", &m.rows, Choice::to_json);
            out.list("columns", &m.columns, Choice::to_json);
            out.string("rowsVisibleIf", &m.rows_visible_if);
            out.string("columnsVisibleIf", &m.columns_visible_if);
            out.bool("eachRowRequired", m.each_row_required);
            out.bool("eachRowUnique", m.each_row_unique);
            out.string("cellType", &m.cell_type);
        }
        ElementKind::MatrixDropdown(m) => {
            out.list("columns", &m.columns, MatrixColumn::to_json);
            out.list("rows", &m.rows, Choice::to_json);
            out.string("cellType", &m.cell_type);
            out.list("choices", &m.choices, Choice::to_json);
            out.string("rowsVisibleIf", &m.rows_visible_if);
        }
        ElementKind::MatrixDynamic(m) => {
            out.list("columns", &m.columns, MatrixColumn::to_json);
            out.string("cellType", &m.cell_type);
            out.list("choices", &m.choices, Choice::to_json);
            out.number("rowCount", &m.row_count);
            out.number("minRowCount", &m.min_row_count);
            out.number("maxRowCount", &m.max_row_count);
            out.bool("allowAddRows", m.allow_add_rows);
            out.bool("allowRemoveRows", m.allow_remove_rows);
            out.text("addRowText", &m.add_row_text);
            out.text("removeRowText", &m.remove_row_text);
            out.value("defaultRowValue", &m.default_row_value);
            out.string("keyName", &m.key_name);
        }
        ElementKind::PanelDynamic(p) => {
            out.list("templateElements", &p.template_elements, Element::to_json);
            out.text("templateTitle", &p.template_title);
            out.text("templateDescription", &p.template_description);
            out.string("templateVisibleIf", &p.template_visible_if);
            out.number("panelCount", &p.panel_count);
            out.number("minPanelCount", &p.min_panel_count);
            out.number("maxPanelCount", &p.max_panel_count);
            out.text("addPanelText", &p.add_panel_text);
            out.text("removePanelText", &p.remove_panel_text);
            out.text("noEntriesText", &p.no_entries_text);
            out.bool("allowAddPanel", p.allow_add_panel);
            out.bool("allowRemovePanel", p.allow_remove_panel);
            out.string("keyName", &p.key_name);
            out.value("defaultPanelValue", &p.default_panel_value);
        }
        ElementKind::Panel(p) => out.list("elements", &p.elements, Element::to_json),
        ElementKind::MultipleText(m) => out.list("items", &m.items, MultipleTextItem::to_json),
        ElementKind::Expression(e) => {
            out.string("expression", &e.expression);
            out.string("displayStyle", &e.display_style);
            out.string("currency", &e.currency);
            out.number("maximumFractionDigits", &e.maximum_fraction_digits);
            out.number("minimumFractionDigits", &e.minimum_fraction_digits);
            out.number("precision", &e.precision);
            out.bool("useGrouping", e.use_grouping);
            out.text("format", &e.format);
        }
        ElementKind::Html(h) => out.text("html", &h.html),
        ElementKind::Unknown(_) => {}
    }
}

/// Reads a required `name` of a column or item.
pub(crate) fn read_required_name(obj: &mut Obj, cx: &mut Cx, what: &str) -> String {
    match obj.peek("name") {
        Some(Value::String(s)) if !s.is_empty() => {
            let name = s.clone();
            obj.discard("name");
            name
        }
        Some(Value::String(_) | Value::Null) | None => {
            cx.error(obj.path().to_owned(), format!("a {what} needs a name"));
            obj.keep_quietly("name");
            String::new()
        }
        Some(other) => {
            let message = format!("name must be a string, found {}", json_kind(other));
            cx.error(obj.at("name"), message);
            obj.keep_quietly("name");
            String::new()
        }
    }
}

fn expect_object(value: Value, path: String, cx: &mut Cx, what: &str) -> Option<Obj> {
    match value {
        Value::Object(map) => Some(Obj::new(map, path)),
        other => {
            cx.error(
                path,
                format!("expected a {what} (an object), found {}", json_kind(&other)),
            );
            None
        }
    }
}

impl MatrixColumn {
    /// A column with only a name.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            title: None,
            cell_type: None,
            choices: Vec::new(),
            choices_visible_if: None,
            show_other_item: None,
            show_none_item: None,
            is_required: None,
            required_error_text: None,
            read_only: None,
            visible: None,
            visible_if: None,
            enable_if: None,
            required_if: None,
            is_unique: None,
            validators: Vec::new(),
            input_type: None,
            min: None,
            max: None,
            placeholder: None,
            expression: None,
            default_value: None,
            default_value_expression: None,
            total_type: None,
            total_expression: None,
            extra: Map::new(),
            shape: SourceShape::default(),
        }
    }

    pub(crate) fn read(value: Value, path: String, cx: &mut Cx) -> Option<Self> {
        let mut obj = expect_object(value, path, cx, "matrix column")?;
        let mut c = Self::new(read_required_name(&mut obj, cx, "matrix column"));
        c.title = obj.text(cx, "title");
        c.cell_type = obj.string(cx, "cellType");
        warn_cell_type(&obj, cx, &c.cell_type);
        c.choices = read_choices(&mut obj, cx, "choices", "choice value");
        c.choices_visible_if = obj.string(cx, "choicesVisibleIf");
        c.show_other_item = obj.bool_alias(cx, "showOtherItem", Some("hasOther"));
        c.show_none_item = obj.bool_alias(cx, "showNoneItem", Some("hasNone"));
        c.is_required = obj.bool(cx, "isRequired");
        c.required_error_text = obj.text(cx, "requiredErrorText");
        c.read_only = obj.bool(cx, "readOnly");
        c.visible = obj.bool(cx, "visible");
        c.visible_if = obj.string(cx, "visibleIf");
        c.enable_if = obj.string(cx, "enableIf");
        c.required_if = obj.string(cx, "requiredIf");
        c.is_unique = obj.bool(cx, "isUnique");
        c.validators = obj.list(cx, "validators", None, Validator::read);
        c.input_type = obj.string(cx, "inputType");
        warn_input_type(&obj, cx, &c.input_type);
        c.min = obj.value(cx, "min");
        c.max = obj.value(cx, "max");
        c.placeholder = obj.text_alias(cx, "placeholder", Some("placeHolder"));
        c.expression = obj.string(cx, "expression");
        c.default_value = obj.value(cx, "defaultValue");
        c.default_value_expression = obj.string(cx, "defaultValueExpression");
        c.total_type = obj.string(cx, "totalType");
        c.total_expression = obj.string(cx, "totalExpression");
        let (extra, shape) = obj.finish(cx, COLUMN_PRESENTATION);
        c.extra = extra;
        c.shape = shape;
        Some(c)
    }

    /// The JSON form.
    pub fn to_json(&self) -> Value {
        let mut out = Out::new(&self.shape);
        if !self.name.is_empty() {
            out.put("name", Value::String(self.name.clone()));
        }
        out.text("title", &self.title);
        out.string("cellType", &self.cell_type);
        out.list("choices", &self.choices, Choice::to_json);
        out.string("choicesVisibleIf", &self.choices_visible_if);
        out.bool("showOtherItem", self.show_other_item);
        out.bool("showNoneItem", self.show_none_item);
        out.bool("isRequired", self.is_required);
        out.text("requiredErrorText", &self.required_error_text);
        out.bool("readOnly", self.read_only);
        out.bool("visible", self.visible);
        out.string("visibleIf", &self.visible_if);
        out.string("enableIf", &self.enable_if);
        out.string("requiredIf", &self.required_if);
        out.bool("isUnique", self.is_unique);
        out.list("validators", &self.validators, Validator::to_json);
        out.string("inputType", &self.input_type);
        out.value("min", &self.min);
        out.value("max", &self.max);
        out.text("placeholder", &self.placeholder);
        out.string("expression", &self.expression);
        out.value("defaultValue", &self.default_value);
        out.string("defaultValueExpression", &self.default_value_expression);
        out.string("totalType", &self.total_type);
        out.string("totalExpression", &self.total_expression);
        Value::Object(out.finish(&self.extra))
    }
}

impl MultipleTextItem {
    /// An item with only a name.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            title: None,
            input_type: None,
            placeholder: None,
            is_required: None,
            required_error_text: None,
            validators: Vec::new(),
            max_length: None,
            default_value_expression: None,
            min_value_expression: None,
            max_value_expression: None,
            extra: Map::new(),
            shape: SourceShape::default(),
        }
    }

    /// The input type (`text` when not given).
    pub fn input_type(&self) -> InputType {
        self.input_type
            .as_deref()
            .map_or(InputType::Text, InputType::parse)
    }

    pub(crate) fn read(value: Value, path: String, cx: &mut Cx) -> Option<Self> {
        let mut obj = expect_object(value, path, cx, "multiple text item")?;
        let mut it = Self::new(read_required_name(&mut obj, cx, "multiple text item"));
        it.title = obj.text(cx, "title");
        it.input_type = obj.string(cx, "inputType");
        warn_input_type(&obj, cx, &it.input_type);
        it.placeholder = obj.text_alias(cx, "placeholder", Some("placeHolder"));
        it.is_required = obj.bool(cx, "isRequired");
        it.required_error_text = obj.text(cx, "requiredErrorText");
        it.validators = obj.list(cx, "validators", None, Validator::read);
        it.max_length = obj.number(cx, "maxLength");
        it.default_value_expression = obj.string(cx, "defaultValueExpression");
        it.min_value_expression = obj.string(cx, "minValueExpression");
        it.max_value_expression = obj.string(cx, "maxValueExpression");
        let (extra, shape) = obj.finish(cx, ITEM_PRESENTATION);
        it.extra = extra;
        it.shape = shape;
        Some(it)
    }

    /// The JSON form.
    pub fn to_json(&self) -> Value {
        let mut out = Out::new(&self.shape);
        if !self.name.is_empty() {
            out.put("name", Value::String(self.name.clone()));
        }
        out.text("title", &self.title);
        out.string("inputType", &self.input_type);
        out.text("placeholder", &self.placeholder);
        out.bool("isRequired", self.is_required);
        out.text("requiredErrorText", &self.required_error_text);
        out.list("validators", &self.validators, Validator::to_json);
        out.number("maxLength", &self.max_length);
        out.string("defaultValueExpression", &self.default_value_expression);
        out.string("minValueExpression", &self.min_value_expression);
        out.string("maxValueExpression", &self.max_value_expression);
        Value::Object(out.finish(&self.extra))
    }
}
