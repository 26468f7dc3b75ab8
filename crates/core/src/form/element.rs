//! Elements: questions, panels and static content, with the properties common to most types,
//! matrix columns and multiple-text items.
//!
//! Properties common to most elements live on [`Element`]; its [`ElementKind`] holds the type's
//! own properties, each type described once in `kinds.rs`. Every struct keeps the keys it does not model in `extra`. SurveyJS properties that
//! only affect presentation (`width`, `startWithNewLine`, `titleLocation`, `colCount`…) are kept
//! there without a warning; anything else left over is reported as an unknown property.

use serde_json::{Map, Number, Value};

use super::choice::{Choice, read_choices};
use super::kinds::{
    CELL_TYPES, ElementKind, HtmlProps, InputType, Tag, UnknownElement, write_kind,
};
use super::load::{Cx, Obj, json_kind};
use super::localized::LocalizedText;
use super::props::{Reader, warn_input_type};
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
    // tagbox
    "hideSelectedItems",
    "closeOnSelect",
    "textWrapEnabled",
    "searchMode",
    "choicesLazyLoadEnabled",
    "choicesLazyLoadPageSize",
    // ranking
    "longTap",
    "selectToRankSwapAreas",
    "selectToRankAreasLayout",
    // imagepicker
    "minImageWidth",
    "minImageHeight",
    "maxImageWidth",
    "maxImageHeight",
    // slider
    "showLabels",
    "customLabels",
    "labelCount",
    "labelFormat",
    "tooltipVisibility",
    "tooltipFormat",
    "allowDragRange",
    "allowSwap",
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
        self.kind.nested().map_or(&[], |(_, elements)| elements)
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
        el.kind = tag.read_kind(&mut Reader {
            obj: &mut obj,
            cx,
            tag,
            depth,
        });
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
        if let ElementKind::Unknown(u) = &self.kind {
            return Value::Object(u.raw.clone());
        }
        let Some(tag) = Tag::of(&self.kind) else {
            return Value::Object(Map::new());
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

fn warn_cell_type(obj: &Obj, cx: &mut Cx, cell_type: &Option<String>) {
    if let Some(t) = cell_type
        && !CELL_TYPES.iter().any(|c| c.eq_ignore_ascii_case(t))
    {
        let message = format!("cell type '{t}' is not supported (kept)");
        cx.warn(obj.at("cellType"), message);
    }
}

pub(crate) fn read_elements(
    obj: &mut Obj,
    cx: &mut Cx,
    key: &'static str,
    depth: usize,
) -> Vec<Element> {
    obj.list(cx, key, Some("questions"), |v, path, cx| {
        Element::read(v, path, cx, depth + 1)
    })
}

/// Reads `elements` (or legacy `questions`) of a page or of the survey itself.
pub(crate) fn read_page_elements(obj: &mut Obj, cx: &mut Cx) -> Vec<Element> {
    read_elements(obj, cx, "elements", 0)
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
