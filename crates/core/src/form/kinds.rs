//! The element types PQ Survey understands: one table row per type, one line per property.
//!
//! [`element_types!`] gives [`ElementKind`] (one variant per type), the type tag with SurveyJS's
//! `type` name and which common properties the type has, the reader and writer of each type's
//! own properties, and the list of keys each type knows. Each props struct is declared with
//! [`props!`]: a property's key, legacy name, JSON type and the types it belongs to are written
//! once, there. Adding a type or a property touches this file only (and the doc table in
//! `form/mod.rs`, which a test compares with these tables).

use serde_json::{Map, Number, Value};

use super::choice::Choice;
use super::element::{Element, MatrixColumn, MultipleTextItem};
use super::localized::LocalizedText;
use super::props::{
    Any, Columns, Elements, Flag, InputTypeName, Items, Num, OneOf, PropGroup, Reader, Str,
    Template, Text, TextItems, flatten, prop, props,
};
use super::shape::Out;

/// Column cell types PQ Survey supports.
pub(crate) const CELL_TYPES: &[&str] = &[
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

/// Which common properties a type has.
#[derive(Clone, Copy)]
pub(crate) struct Common {
    pub(crate) name_required: bool,
    /// `isRequired`, `requiredIf`, `requiredErrorText`.
    pub(crate) required: bool,
    /// `enableIf`, `readOnly`.
    pub(crate) editable: bool,
    /// Stores an answer: `defaultValue`, `defaultValueExpression`, `validators`,
    /// `clearIfInvisible`.
    pub(crate) value: bool,
}

/// A question: named, answered, required or not, editable.
const QUESTION: Common = Common {
    name_required: true,
    required: true,
    editable: true,
    value: true,
};

/// A computed value (SurveyJS makes `isRequired`, `enableIf`, `readOnly` not serialisable on
/// `expression`).
const COMPUTED: Common = Common {
    name_required: true,
    required: false,
    editable: false,
    value: true,
};

/// A container: no answer of its own.
const CONTAINER: Common = Common {
    name_required: false,
    required: true,
    editable: true,
    value: false,
};

/// Static content: no answer, nothing to edit.
const STATIC: Common = Common {
    name_required: false,
    required: false,
    editable: false,
    value: false,
};

/// Declares the element types: `Variant(Props) = "type", common;` per row.
macro_rules! element_types {
    ( $( $(#[$doc:meta])* $variant:ident($props:ident) = $name:literal, $common:expr; )* ) => {
        /// The element types PQ Survey understands, with their own properties.
        #[derive(Clone, Debug, PartialEq)]
        #[allow(clippy::large_enum_variant)] // elements are built once per form; boxing buys nothing
        pub enum ElementKind {
            $( $(#[$doc])* $variant($props), )*
            /// Any other `type`, kept exactly as written.
            Unknown(UnknownElement),
        }

        /// A supported type, without its properties.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub(crate) enum Tag {
            $( $variant, )*
        }

        impl Tag {
            /// Every supported type.
            pub(crate) const ALL: &'static [Tag] = &[ $( Tag::$variant, )* ];

            /// SurveyJS's `type`.
            pub(crate) fn name(self) -> &'static str {
                match self {
                    $( Tag::$variant => $name, )*
                }
            }

            /// Which common properties the type has.
            pub(crate) fn common(self) -> Common {
                match self {
                    $( Tag::$variant => $common, )*
                }
            }

            pub(crate) fn of(kind: &ElementKind) -> Option<Self> {
                match kind {
                    $( ElementKind::$variant(_) => Some(Tag::$variant), )*
                    ElementKind::Unknown(_) => None,
                }
            }

            /// Reads the type's own properties.
            pub(crate) fn read_kind(self, r: &mut Reader<'_>) -> ElementKind {
                match self {
                    $( Tag::$variant => ElementKind::$variant(<$props as PropGroup>::read(r)), )*
                }
            }

            /// The keys of the type's own properties (legacy names included).
            pub(crate) fn own_keys(self) -> Vec<&'static str> {
                let mut keys = Vec::new();
                match self {
                    $( Tag::$variant => <$props as PropGroup>::keys(self, &mut keys), )*
                }
                keys
            }
        }

        /// Writes a kind's own properties.
        pub(crate) fn write_kind(kind: &ElementKind, out: &mut Out<'_>) {
            match kind {
                $( ElementKind::$variant(props) => props.write(out), )*
                ElementKind::Unknown(_) => {}
            }
        }
    };
}

impl Tag {
    /// SurveyJS looks types up case-insensitively.
    pub(crate) fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|t| t.name().eq_ignore_ascii_case(s))
    }
}

/// The keys of a supported type's own properties (legacy names included), or `None` for a type
/// PQ Survey does not understand.
pub fn own_properties(type_name: &str) -> Option<Vec<&'static str>> {
    Tag::parse(type_name).map(Tag::own_keys)
}

/// The SurveyJS `type` names PQ Survey understands.
pub fn supported_types() -> impl Iterator<Item = &'static str> {
    Tag::ALL.iter().map(|t| t.name())
}

use Tag::{Checkbox, Dropdown, RadioGroup, Ranking, Tagbox};

element_types! {
    /// `text`: a single-line input.
    Text(TextProps) = "text", QUESTION;
    /// `comment`: a multi-line text.
    Comment(CommentProps) = "comment", QUESTION;
    /// `radiogroup`: one choice, shown as radio buttons.
    RadioGroup(SelectProps) = "radiogroup", QUESTION;
    /// `dropdown`: one choice from a list.
    Dropdown(SelectProps) = "dropdown", QUESTION;
    /// `checkbox`: several choices; the answer is an array.
    Checkbox(SelectProps) = "checkbox", QUESTION;
    /// `boolean`: yes or no.
    Boolean(BooleanProps) = "boolean", QUESTION;
    /// `rating`: one value on a scale.
    Rating(RatingProps) = "rating", QUESTION;
    /// `matrix`: one column picked per row; the answer is `{row: column}`.
    Matrix(MatrixProps) = "matrix", QUESTION;
    /// `matrixdropdown`: fixed rows × typed columns; the answer is `{row: {column: value}}`.
    MatrixDropdown(MatrixDropdownProps) = "matrixdropdown", QUESTION;
    /// `matrixdynamic`: a table with rows added by the respondent; the answer is an array of
    /// `{column: value}`.
    MatrixDynamic(MatrixDynamicProps) = "matrixdynamic", QUESTION;
    /// `paneldynamic`: a group of questions repeated per entry; the answer is an array of
    /// `{question: value}`.
    PanelDynamic(PanelDynamicProps) = "paneldynamic", QUESTION;
    /// `panel`: a group of elements (no answer of its own).
    Panel(PanelProps) = "panel", CONTAINER;
    /// `multipletext`: several labelled inputs; the answer is `{item: value}`.
    MultipleText(MultipleTextProps) = "multipletext", QUESTION;
    /// `expression`: a read-only computed value.
    Expression(ExpressionProps) = "expression", COMPUTED;
    /// `html`: static content.
    Html(HtmlProps) = "html", STATIC;
    /// `tagbox`: several choices picked from a searchable list; the answer is an array, as for
    /// `checkbox`.
    Tagbox(SelectProps) = "tagbox", QUESTION;
    /// `ranking`: the choices put in order; the answer is the array of values, first first.
    Ranking(RankingProps) = "ranking", QUESTION;
    /// `imagepicker`: choices shown as images; one value, or an array with `multiSelect`.
    ImagePicker(ImagePickerProps) = "imagepicker", QUESTION;
    /// `slider`: a number on a range, or a `[low, high]` pair for `sliderType: "range"`.
    Slider(SliderProps) = "slider", QUESTION;
    /// `image`: a static picture (no answer).
    Image(ImageProps) = "image", STATIC;
}

props! {
    /// `text` properties.
    pub struct TextProps {
        /// `inputType` as written (SurveyJS default `"text"`); see [`TextProps::input_type`].
        input_type: Option<String> = prop("inputType", InputTypeName),
        /// `placeholder` (legacy `placeHolder`).
        placeholder: Option<LocalizedText> = prop("placeholder", Text).or("placeHolder"),
        /// `min`: a number, or a date string for date inputs.
        min: Option<Value> = prop("min", Any),
        /// `max`: a number, or a date string for date inputs.
        max: Option<Value> = prop("max", Any),
        /// `minValueExpression`.
        min_value_expression: Option<String> = prop("minValueExpression", Str),
        /// `maxValueExpression`.
        max_value_expression: Option<String> = prop("maxValueExpression", Str),
        /// `minErrorText`.
        min_error_text: Option<LocalizedText> = prop("minErrorText", Text),
        /// `maxErrorText`.
        max_error_text: Option<LocalizedText> = prop("maxErrorText", Text),
        /// `maxLength` (SurveyJS default -1: the survey's limit).
        max_length: Option<Number> = prop("maxLength", Num),
        /// `step` for number inputs.
        step: Option<Number> = prop("step", Num),
    }
}

props! {
    /// `comment` properties.
    pub struct CommentProps {
        /// `placeholder` (legacy `placeHolder`).
        placeholder: Option<LocalizedText> = prop("placeholder", Text).or("placeHolder"),
        /// `maxLength`.
        max_length: Option<Number> = prop("maxLength", Num),
    }
}

props! {
    /// Properties of the choice questions. Which apply depends on the type.
    pub struct SelectProps {
        /// `choices`.
        choices: Vec<Choice> = prop("choices", Items("choice value")),
        /// `choicesOrder`: `"none"` (default), `"asc"`, `"desc"` or `"random"`.
        choices_order: Option<String> = prop("choicesOrder", Str),
        /// `choicesVisibleIf`: condition applied to each choice (`{item}` is its value).
        choices_visible_if: Option<String> = prop("choicesVisibleIf", Str),
        /// `choicesEnableIf`: condition applied to each choice.
        choices_enable_if: Option<String> = prop("choicesEnableIf", Str),
        /// `showOtherItem` (legacy `hasOther`): adds an "Other" item with a text box.
        show_other_item: Option<bool> = prop("showOtherItem", Flag).or("hasOther").only(WITH_OTHER),
        /// `showNoneItem` (legacy `hasNone`): adds a "None" item.
        show_none_item: Option<bool> = prop("showNoneItem", Flag).or("hasNone").only(WITH_OTHER),
        /// `otherText`: the "Other" item's text.
        other_text: Option<LocalizedText> = prop("otherText", Text).only(WITH_OTHER),
        /// `noneText`: the "None" item's text.
        none_text: Option<LocalizedText> = prop("noneText", Text).only(WITH_OTHER),
        /// `otherPlaceholder` (legacy `otherPlaceHolder`).
        other_placeholder: Option<LocalizedText> =
            prop("otherPlaceholder", Text).or("otherPlaceHolder").only(WITH_OTHER),
        /// `otherErrorText`: message when "Other" is picked without text.
        other_error_text: Option<LocalizedText> = prop("otherErrorText", Text).only(WITH_OTHER),
        /// `placeholder` (legacy `placeHolder`); `dropdown` and `tagbox` only.
        placeholder: Option<LocalizedText> =
            prop("placeholder", Text).or("placeHolder").only(&[Dropdown, Tagbox]),
        /// `showSelectAllItem` (legacy `hasSelectAll`); `checkbox` only.
        show_select_all_item: Option<bool> =
            prop("showSelectAllItem", Flag).or("hasSelectAll").only(&[Checkbox]),
        /// `selectAllText`; `checkbox` only.
        select_all_text: Option<LocalizedText> = prop("selectAllText", Text).only(&[Checkbox]),
        /// `minSelectedChoices` (0: no minimum); `checkbox`, `tagbox` and `ranking` only.
        min_selected_choices: Option<Number> =
            prop("minSelectedChoices", Num).only(&[Checkbox, Tagbox, Ranking]),
        /// `maxSelectedChoices` (0: no maximum); `checkbox`, `tagbox` and `ranking` only.
        max_selected_choices: Option<Number> =
            prop("maxSelectedChoices", Num).only(&[Checkbox, Tagbox, Ranking]),
    }
}

/// Choice types with "Other" and "None" items.
const WITH_OTHER: &[Tag] = &[RadioGroup, Dropdown, Checkbox, Tagbox];

props! {
    /// `boolean` properties.
    pub struct BooleanProps {
        /// `labelTrue`: text of the "yes" side.
        label_true: Option<LocalizedText> = prop("labelTrue", Text),
        /// `labelFalse`: text of the "no" side.
        label_false: Option<LocalizedText> = prop("labelFalse", Text),
        /// `valueTrue`: answer stored for yes (default `true`).
        value_true: Option<Value> = prop("valueTrue", Any),
        /// `valueFalse`: answer stored for no (default `false`).
        value_false: Option<Value> = prop("valueFalse", Any),
    }
}

props! {
    /// `rating` properties.
    pub struct RatingProps {
        /// `rateMin` (default 1).
        rate_min: Option<Number> = prop("rateMin", Num),
        /// `rateMax` (default 5).
        rate_max: Option<Number> = prop("rateMax", Num),
        /// `rateStep` (default 1).
        rate_step: Option<Number> = prop("rateStep", Num),
        /// `rateCount` (default 5; SurveyJS keeps it in step with `rateMax`).
        rate_count: Option<Number> = prop("rateCount", Num),
        /// `rateValues`: explicit scale items.
        rate_values: Vec<Choice> = prop("rateValues", Items("rate value")),
        /// `autoGenerate`: `true` builds the scale from min/max/step, `false` uses `rateValues`.
        auto_generate: Option<bool> = prop("autoGenerate", Flag),
        /// `minRateDescription` (legacy `mininumRateDescription`).
        min_rate_description: Option<LocalizedText> =
            prop("minRateDescription", Text).or("mininumRateDescription"),
        /// `maxRateDescription` (legacy `maximumRateDescription`).
        max_rate_description: Option<LocalizedText> =
            prop("maxRateDescription", Text).or("maximumRateDescription"),
    }
}

props! {
    /// `matrix` properties (single choice per row).
    pub struct MatrixProps {
        /// `cellType`: `"radio"` (default) or `"checkbox"`.
        cell_type: Option<String> =
            prop("cellType", OneOf { allowed: &["radio", "checkbox"], what: "cell type" }),
        /// `rows`: the answer's keys.
        rows: Vec<Choice> = prop("rows", Items("row value")),
        /// `columns`: the values picked per row.
        columns: Vec<Choice> = prop("columns", Items("column value")),
        /// `rowsVisibleIf`: condition applied to each row (`{item}` is the row value).
        rows_visible_if: Option<String> = prop("rowsVisibleIf", Str),
        /// `columnsVisibleIf`: condition applied to each column.
        columns_visible_if: Option<String> = prop("columnsVisibleIf", Str),
        /// `eachRowRequired` (legacy `isAllRowRequired`).
        each_row_required: Option<bool> = prop("eachRowRequired", Flag).or("isAllRowRequired"),
        /// `eachRowUnique`: no two rows may have the same answer.
        each_row_unique: Option<bool> = prop("eachRowUnique", Flag),
    }
}

props! {
    /// `matrixdropdown` properties.
    pub struct MatrixDropdownProps {
        /// `columns`.
        columns: Vec<MatrixColumn> = prop("columns", Columns),
        /// `cellType`: default cell type of columns (SurveyJS default `"dropdown"`).
        cell_type: Option<String> =
            prop("cellType", OneOf { allowed: CELL_TYPES, what: "cell type" }),
        /// `rows`: the answer's keys.
        rows: Vec<Choice> = prop("rows", Items("row value")),
        /// `choices`: default choices of choice cells.
        choices: Vec<Choice> = prop("choices", Items("choice value")),
        /// `rowsVisibleIf`.
        rows_visible_if: Option<String> = prop("rowsVisibleIf", Str),
    }
}

props! {
    /// `matrixdynamic` properties.
    pub struct MatrixDynamicProps {
        /// `columns`.
        columns: Vec<MatrixColumn> = prop("columns", Columns),
        /// `cellType`: default cell type of columns (SurveyJS default `"dropdown"`).
        cell_type: Option<String> =
            prop("cellType", OneOf { allowed: CELL_TYPES, what: "cell type" }),
        /// `choices`: default choices of choice cells.
        choices: Vec<Choice> = prop("choices", Items("choice value")),
        /// `rowCount`: rows shown initially (SurveyJS default 2).
        row_count: Option<Number> = prop("rowCount", Num),
        /// `minRowCount` (default 0).
        min_row_count: Option<Number> = prop("minRowCount", Num),
        /// `maxRowCount` (SurveyJS default 1000).
        max_row_count: Option<Number> = prop("maxRowCount", Num),
        /// `allowAddRows` (default true).
        allow_add_rows: Option<bool> = prop("allowAddRows", Flag),
        /// `allowRemoveRows` (default true).
        allow_remove_rows: Option<bool> = prop("allowRemoveRows", Flag),
        /// `addRowText`.
        add_row_text: Option<LocalizedText> = prop("addRowText", Text),
        /// `removeRowText`.
        remove_row_text: Option<LocalizedText> = prop("removeRowText", Text),
        /// `defaultRowValue`: initial value of new rows.
        default_row_value: Option<Value> = prop("defaultRowValue", Any),
        /// `keyName`: a column whose values must be unique across rows.
        key_name: Option<String> = prop("keyName", Str),
    }
}

props! {
    /// `paneldynamic` properties.
    pub struct PanelDynamicProps {
        /// `templateElements` (legacy `questions`): the elements of each entry. Their names are
        /// scoped to the entry (`{panel.name}` in expressions).
        template_elements: Vec<Element> = prop("templateElements", Template),
        /// `templateTitle`: title of each entry (may use `{panel.x}` and `{panelIndex}`).
        template_title: Option<LocalizedText> = prop("templateTitle", Text),
        /// `templateDescription`.
        template_description: Option<LocalizedText> = prop("templateDescription", Text),
        /// `templateVisibleIf`: condition for showing an entry, evaluated per entry.
        template_visible_if: Option<String> = prop("templateVisibleIf", Str),
        /// `panelCount`: entries shown initially (default 0).
        panel_count: Option<Number> = prop("panelCount", Num),
        /// `minPanelCount` (default 0).
        min_panel_count: Option<Number> = prop("minPanelCount", Num),
        /// `maxPanelCount` (SurveyJS default 100).
        max_panel_count: Option<Number> = prop("maxPanelCount", Num),
        /// `addPanelText` (legacy `panelAddText`).
        add_panel_text: Option<LocalizedText> = prop("addPanelText", Text).or("panelAddText"),
        /// `removePanelText` (legacy `panelRemoveText`).
        remove_panel_text: Option<LocalizedText> =
            prop("removePanelText", Text).or("panelRemoveText"),
        /// `noEntriesText`: shown when there are no entries.
        no_entries_text: Option<LocalizedText> = prop("noEntriesText", Text),
        /// `allowAddPanel` (default true).
        allow_add_panel: Option<bool> = prop("allowAddPanel", Flag),
        /// `allowRemovePanel` (default true).
        allow_remove_panel: Option<bool> = prop("allowRemovePanel", Flag),
        /// `keyName`: a template question whose values must be unique across entries.
        key_name: Option<String> = prop("keyName", Str),
        /// `defaultPanelValue`: initial value of new entries.
        default_panel_value: Option<Value> = prop("defaultPanelValue", Any),
    }
}

props! {
    /// `panel` properties.
    pub struct PanelProps {
        /// `elements` (legacy `questions`).
        elements: Vec<Element> = prop("elements", Elements),
    }
}

props! {
    /// `multipletext` properties.
    pub struct MultipleTextProps {
        /// `items`.
        items: Vec<MultipleTextItem> = prop("items", TextItems),
    }
}

props! {
    /// `expression` properties.
    pub struct ExpressionProps {
        /// `expression`: computes the value.
        expression: Option<String> = prop("expression", Str),
        /// `displayStyle`: `"none"` (default), `"decimal"`, `"currency"`, `"percent"` or `"date"`.
        display_style: Option<String> = prop("displayStyle", Str),
        /// `currency`: ISO code (default `"USD"`).
        currency: Option<String> = prop("currency", Str),
        /// `maximumFractionDigits` (default -1: not set).
        maximum_fraction_digits: Option<Number> = prop("maximumFractionDigits", Num),
        /// `minimumFractionDigits` (default -1: not set).
        minimum_fraction_digits: Option<Number> = prop("minimumFractionDigits", Num),
        /// `precision`: decimals kept in the stored value (default -1: all).
        precision: Option<Number> = prop("precision", Num),
        /// `useGrouping`: thousands separators (default true).
        use_grouping: Option<bool> = prop("useGrouping", Flag),
        /// `format`: a template such as `"{0} VND"`.
        format: Option<LocalizedText> = prop("format", Text),
    }
}

props! {
    /// `html` properties.
    pub struct HtmlProps {
        /// `html`: the content.
        html: Option<LocalizedText> = prop("html", Text),
    }
}

props! {
    /// `ranking` properties.
    pub struct RankingProps {
        /// The choices and their conditions (no "Other", "None" or "Select all" items).
        select: SelectProps = flatten::<SelectProps>(),
        /// `selectToRankEnabled`: the respondent moves the choices they rank into a ranked
        /// area, so the answer may hold only some of them (at least `minSelectedChoices`).
        select_to_rank_enabled: Option<bool> = prop("selectToRankEnabled", Flag),
        /// `selectToRankEmptyRankedAreaText`.
        select_to_rank_empty_ranked_area_text: Option<LocalizedText> =
            prop("selectToRankEmptyRankedAreaText", Text),
        /// `selectToRankEmptyUnrankedAreaText`.
        select_to_rank_empty_unranked_area_text: Option<LocalizedText> =
            prop("selectToRankEmptyUnrankedAreaText", Text),
    }
}

impl RankingProps {
    /// Whether an answer may rank only some of the shown choices.
    pub fn ranks_a_subset(&self) -> bool {
        self.select_to_rank_enabled == Some(true)
    }
}

props! {
    /// `imagepicker` properties.
    pub struct ImagePickerProps {
        /// The choices (each with an `imageLink`) and their conditions.
        select: SelectProps = flatten::<SelectProps>(),
        /// `multiSelect`: several images may be picked; the answer is then an array.
        multi_select: Option<bool> = prop("multiSelect", Flag),
        /// `showLabel`: show each choice's text under its image.
        show_label: Option<bool> = prop("showLabel", Flag),
        /// `contentMode`: `"image"` (default) or `"video"`.
        content_mode: Option<String> = prop("contentMode", Str),
        /// `imageFit`: CSS `object-fit` (`"contain"` by default).
        image_fit: Option<String> = prop("imageFit", Str),
        /// `imageWidth` in pixels (a number, or a string such as `"200"`).
        image_width: Option<Value> = prop("imageWidth", Any),
        /// `imageHeight` in pixels.
        image_height: Option<Value> = prop("imageHeight", Any),
    }
}

impl ImagePickerProps {
    /// Whether the answer is a list of values.
    pub fn multiple(&self) -> bool {
        self.multi_select == Some(true)
    }
}

props! {
    /// `slider` properties (SurveyJS 2.x).
    pub struct SliderProps {
        /// `sliderType`: `"single"` (default: the answer is a number) or `"range"` (the answer
        /// is `[low, high]`).
        slider_type: Option<String> =
            prop("sliderType", OneOf { allowed: &["single", "range"], what: "slider type" }),
        /// `min` (default 0).
        min: Option<Number> = prop("min", Num),
        /// `max` (default 100).
        max: Option<Number> = prop("max", Num),
        /// `step` (default 1).
        step: Option<Number> = prop("step", Num),
        /// `minValueExpression`: computes `min`.
        min_value_expression: Option<String> = prop("minValueExpression", Str),
        /// `maxValueExpression`: computes `max`.
        max_value_expression: Option<String> = prop("maxValueExpression", Str),
        /// `minRangeLength`: least distance between the two ends of a range.
        min_range_length: Option<Number> = prop("minRangeLength", Num),
        /// `maxRangeLength`: greatest distance between the two ends of a range.
        max_range_length: Option<Number> = prop("maxRangeLength", Num),
    }
}

/// SurveyJS's default `min` of a slider.
pub const SLIDER_MIN: f64 = 0.0;
/// SurveyJS's default `max` of a slider.
pub const SLIDER_MAX: f64 = 100.0;

impl SliderProps {
    /// Whether the answer is a `[low, high]` pair.
    pub fn is_range(&self) -> bool {
        self.slider_type
            .as_deref()
            .is_some_and(|t| t.eq_ignore_ascii_case("range"))
    }

    /// `min` as written, or SurveyJS's default.
    pub fn min_value(&self) -> f64 {
        self.min
            .as_ref()
            .and_then(Number::as_f64)
            .unwrap_or(SLIDER_MIN)
    }

    /// `max` as written, or SurveyJS's default.
    pub fn max_value(&self) -> f64 {
        self.max
            .as_ref()
            .and_then(Number::as_f64)
            .unwrap_or(SLIDER_MAX)
    }

    /// `step` when positive, else 1.
    pub fn step_value(&self) -> f64 {
        self.step
            .as_ref()
            .and_then(Number::as_f64)
            .filter(|s| s.is_finite() && *s > 0.0)
            .unwrap_or(1.0)
    }
}

props! {
    /// `image` properties.
    pub struct ImageProps {
        /// `imageLink`: the picture's address (may differ per locale).
        image_link: Option<LocalizedText> = prop("imageLink", Text),
        /// `altText` (also read as `text`): the text read out instead of the picture.
        alt_text: Option<LocalizedText> = prop("altText", Text).or("text"),
        /// `contentMode`: `"auto"` (default), `"image"`, `"video"` or `"youtube"`.
        content_mode: Option<String> = prop("contentMode", Str),
        /// `imageFit`: CSS `object-fit` (`"contain"` by default).
        image_fit: Option<String> = prop("imageFit", Str),
        /// `imageWidth` (SurveyJS default `"200"`): pixels, or a CSS length.
        image_width: Option<Value> = prop("imageWidth", Any),
        /// `imageHeight` (SurveyJS default `"150"`).
        image_height: Option<Value> = prop("imageHeight", Any),
    }
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
        if let Self::Unknown(u) = self {
            return &u.type_name;
        }
        Tag::of(self).map_or("", Tag::name)
    }

    /// Whether the element stores an answer under its name (false for panels, html and unknown
    /// types).
    pub fn has_value(&self) -> bool {
        Tag::of(self).is_some_and(|tag| tag.common().value)
    }

    /// The choice properties of the choice questions.
    pub fn select(&self) -> Option<&SelectProps> {
        match self {
            Self::RadioGroup(s) | Self::Dropdown(s) | Self::Checkbox(s) | Self::Tagbox(s) => {
                Some(s)
            }
            Self::Ranking(r) => Some(&r.select),
            Self::ImagePicker(p) => Some(&p.select),
            Self::Slider(_) | Self::Image(_) => None,
            Self::Text(_)
            | Self::Comment(_)
            | Self::Boolean(_)
            | Self::Rating(_)
            | Self::Matrix(_)
            | Self::MatrixDropdown(_)
            | Self::MatrixDynamic(_)
            | Self::PanelDynamic(_)
            | Self::Panel(_)
            | Self::MultipleText(_)
            | Self::Expression(_)
            | Self::Html(_)
            | Self::Unknown(_) => None,
        }
    }

    /// The nested elements of a `panel` (`elements`), or the template of a `paneldynamic`
    /// (`templateElements`), with the key they are written under.
    pub fn nested(&self) -> Option<(&'static str, &[Element])> {
        match self {
            Self::Panel(p) => Some(("elements", &p.elements)),
            Self::PanelDynamic(p) => Some(("templateElements", &p.template_elements)),
            Self::Text(_)
            | Self::Comment(_)
            | Self::RadioGroup(_)
            | Self::Dropdown(_)
            | Self::Checkbox(_)
            | Self::Boolean(_)
            | Self::Rating(_)
            | Self::Matrix(_)
            | Self::MatrixDropdown(_)
            | Self::MatrixDynamic(_)
            | Self::MultipleText(_)
            | Self::Expression(_)
            | Self::Html(_)
            | Self::Tagbox(_)
            | Self::Ranking(_)
            | Self::ImagePicker(_)
            | Self::Slider(_)
            | Self::Image(_)
            | Self::Unknown(_) => None,
        }
    }

    /// The typed columns of `matrixdropdown` and `matrixdynamic`, with the matrix's default
    /// cell type and shared cell choices.
    pub fn typed_matrix(&self) -> Option<TypedMatrix<'_>> {
        match self {
            Self::MatrixDropdown(m) => Some(TypedMatrix {
                columns: &m.columns,
                cell_type: m.cell_type.as_deref(),
                choices: &m.choices,
            }),
            Self::MatrixDynamic(m) => Some(TypedMatrix {
                columns: &m.columns,
                cell_type: m.cell_type.as_deref(),
                choices: &m.choices,
            }),
            Self::Text(_)
            | Self::Comment(_)
            | Self::RadioGroup(_)
            | Self::Dropdown(_)
            | Self::Checkbox(_)
            | Self::Boolean(_)
            | Self::Rating(_)
            | Self::Matrix(_)
            | Self::PanelDynamic(_)
            | Self::Panel(_)
            | Self::MultipleText(_)
            | Self::Expression(_)
            | Self::Html(_)
            | Self::Tagbox(_)
            | Self::Ranking(_)
            | Self::ImagePicker(_)
            | Self::Slider(_)
            | Self::Image(_)
            | Self::Unknown(_) => None,
        }
    }
}

/// What `matrixdropdown` and `matrixdynamic` share.
#[derive(Clone, Copy, Debug)]
pub struct TypedMatrix<'a> {
    /// `columns`.
    pub columns: &'a [MatrixColumn],
    /// `cellType`: the columns' default cell type.
    pub cell_type: Option<&'a str>,
    /// `choices`: the choice cells' default choices.
    pub choices: &'a [Choice],
}
