//! The survey and its pages.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::element::{Element, read_page_elements, read_required_name};
use super::load::{Cx, Obj, Severity, check_unique, index, json_kind};
use super::localized::LocalizedText;
use super::shape::{Out, SourceShape};

/// A whole form: SurveyJS's survey JSON, plus PQ Survey's `id` and `version`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormDefinition {
    /// `id`: PQ Survey's identifier of the form.
    pub id: Option<String>,
    /// `version`: PQ Survey's version of the form.
    pub version: Option<FormVersion>,
    /// `title`.
    pub title: Option<LocalizedText>,
    /// `description`.
    pub description: Option<LocalizedText>,
    /// `locale`: the survey's language (SurveyJS default `"en"`); texts' `"default"` entries are
    /// in this language.
    pub locale: Option<String>,
    /// `pages`. A survey written with top-level `elements`/`questions` has one page here.
    pub pages: Vec<Page>,
    /// `calculatedValues`: named expressions usable as `{name}` in other expressions.
    pub calculated_values: Vec<CalculatedValue>,
    /// `showProgressBar`: `true`/`false`, or a legacy position string (`"top"`, `"bottom"`,
    /// `"both"`, `"off"`…).
    pub show_progress_bar: Option<Value>,
    /// `clearInvisibleValues` as written; see [`FormDefinition::clear_invisible_values`].
    pub clear_invisible_values: Option<String>,
    /// Properties not modelled here, kept as written.
    pub extra: Map<String, Value>,
    /// How the survey was spelled in the source.
    pub shape: SourceShape,
}

/// PQ Survey's form version: a whole number or a string such as `"2024-06"`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FormVersion {
    /// A whole number.
    Number(u64),
    /// Any text.
    Text(String),
}

impl FormVersion {
    fn from_json(value: Value) -> Result<Self, String> {
        match value {
            Value::String(s) => Ok(Self::Text(s)),
            Value::Number(n) => n
                .as_u64()
                .map(Self::Number)
                .ok_or_else(|| format!("version must be a whole number or a string, found {n}")),
            other => Err(format!(
                "version must be a whole number or a string, found {}",
                json_kind(&other)
            )),
        }
    }

    fn to_json(&self) -> Value {
        match self {
            Self::Number(n) => Value::from(*n),
            Self::Text(s) => Value::String(s.clone()),
        }
    }
}

impl std::fmt::Display for FormVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Number(n) => write!(f, "{n}"),
            Self::Text(s) => f.write_str(s),
        }
    }
}

/// When answers to hidden questions are removed (SurveyJS's `clearInvisibleValues`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum ClearInvisibleValues {
    /// `"onComplete"` (default): removed when the survey is completed.
    #[default]
    OnComplete,
    /// `"onHidden"`: removed as soon as the question is hidden.
    OnHidden,
    /// `"onHiddenContainer"`: removed when the question or its panel/page is hidden.
    OnHiddenContainer,
    /// `"none"`: kept.
    None,
}

impl ClearInvisibleValues {
    /// Parses SurveyJS's spelling.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "onComplete" => Some(Self::OnComplete),
            "onHidden" => Some(Self::OnHidden),
            "onHiddenContainer" => Some(Self::OnHiddenContainer),
            "none" => Some(Self::None),
            _ => None,
        }
    }

    /// SurveyJS's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::OnComplete => "onComplete",
            Self::OnHidden => "onHidden",
            Self::OnHiddenContainer => "onHiddenContainer",
            Self::None => "none",
        }
    }
}

/// A page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    /// `name` (SurveyJS names unnamed pages `page1`, `page2`… when it loads them).
    pub name: Option<String>,
    /// `title`.
    pub title: Option<LocalizedText>,
    /// `description`.
    pub description: Option<LocalizedText>,
    /// `visible`.
    pub visible: Option<bool>,
    /// `visibleIf`: condition for showing the page.
    pub visible_if: Option<String>,
    /// `enableIf`: condition for the page's questions being editable.
    pub enable_if: Option<String>,
    /// `readOnly`.
    pub read_only: Option<bool>,
    /// `elements` (legacy `questions`).
    pub elements: Vec<Element>,
    /// Properties not modelled here, kept as written.
    pub extra: Map<String, Value>,
    /// How the page was spelled in the source.
    pub shape: SourceShape,
}

/// A named expression of the survey (`calculatedValues`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CalculatedValue {
    /// `name`: used as `{name}` in expressions.
    pub name: String,
    /// `expression`.
    pub expression: Option<String>,
    /// `includeIntoResult`: store the value with the answers.
    pub include_into_result: Option<bool>,
    /// Properties not modelled here, kept as written.
    pub extra: Map<String, Value>,
    /// How it was spelled in the source.
    pub shape: SourceShape,
}

/// Survey properties that only affect presentation or navigation UI: kept, not reported.
pub const SURVEY_PRESENTATION_PROPERTIES: &[&str] = &[
    "$schema",
    "sjsVersion",
    "logo",
    "logoWidth",
    "logoHeight",
    "logoFit",
    "logoPosition",
    "showTitle",
    "showPageTitles",
    "showPageNumbers",
    "showQuestionNumbers",
    "questionStartIndex",
    "questionTitlePattern",
    "questionTitleLocation",
    "questionDescriptionLocation",
    "questionErrorLocation",
    "requiredMark",
    "requiredText",
    "progressBarType",
    "progressBarLocation",
    "progressBarShowPageTitles",
    "progressBarShowPageNumbers",
    "progressBarInheritWidthFrom",
    "showTOC",
    "tocLocation",
    "showNavigationButtons",
    "navigationButtonsLocation",
    "showPrevButton",
    "pagePrevText",
    "pageNextText",
    "completeText",
    "previewText",
    "editText",
    "startSurveyText",
    "completedHtml",
    "completedBeforeHtml",
    "loadingHtml",
    "showCompletePage",
    "showCompletedPage",
    "widthMode",
    "width",
    "fitToContainer",
    "headerView",
    "backgroundImage",
    "backgroundImageFit",
    "backgroundImageAttachment",
    "backgroundOpacity",
    "showBrandInfo",
    "gridLayoutEnabled",
    "autoGrowComment",
    "allowResizeComment",
    "commentAreaRows",
    "autoFocusFirstQuestion",
    "focusFirstQuestionAutomatic",
    "autoFocusFirstError",
    "focusOnFirstError",
    "checkErrorsMode",
    "textUpdateMode",
    "questionsOnPageMode",
    "matrixDragHandleArea",
];

/// Page properties that only affect presentation.
pub const PAGE_PRESENTATION_PROPERTIES: &[&str] = &[
    "navigationTitle",
    "navigationDescription",
    "navigationButtonsVisibility",
    "questionTitleLocation",
    "questionTitleWidth",
    "questionErrorLocation",
    "questionOrder",
    "questionsOrder",
    "gridLayoutColumns",
];

impl FormDefinition {
    /// The clearing policy, SurveyJS's default `onComplete` when not given or not understood.
    pub fn clear_invisible_values(&self) -> ClearInvisibleValues {
        self.clear_invisible_values
            .as_deref()
            .and_then(ClearInvisibleValues::parse)
            .unwrap_or_default()
    }

    /// Whether a progress bar is shown (`showProgressBar` true, or a position other than
    /// `"off"`).
    pub fn shows_progress_bar(&self) -> bool {
        match &self.show_progress_bar {
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) => !s.is_empty() && s != "off",
            _ => false,
        }
    }

    /// The page at `index`, if any.
    pub fn page(&self, index: usize) -> Option<&Page> {
        self.pages.get(index)
    }

    /// The single page written as top-level `elements`/`questions`, when the survey is still
    /// in that shape (one page with nothing but elements).
    pub(crate) fn implicit_page(&self) -> Option<&Page> {
        match self.pages.as_slice() {
            [page] if self.shape.implicit_page && page.is_bare() => Some(page),
            _ => None,
        }
    }

    /// JSON path of page `i` (empty for an implicit page).
    pub(crate) fn page_path(&self, i: usize) -> String {
        if self.implicit_page().is_some() {
            String::new()
        } else {
            index("pages", i)
        }
    }

    /// The JSON form, in the spelling it was read from.
    pub fn to_json(&self) -> Value {
        let mut out = Out::new(&self.shape);
        out.string("id", &self.id);
        out.value("version", &self.version.as_ref().map(FormVersion::to_json));
        out.text("title", &self.title);
        out.text("description", &self.description);
        out.string("locale", &self.locale);
        match self.implicit_page() {
            Some(page) => {
                let key = page.shape.key("elements");
                if !page.elements.is_empty() || page.shape.keeps_empty("elements") {
                    out.put(
                        key,
                        Value::Array(page.elements.iter().map(Element::to_json).collect()),
                    );
                }
            }
            None => out.list("pages", &self.pages, Page::to_json),
        }
        out.list(
            "calculatedValues",
            &self.calculated_values,
            CalculatedValue::to_json,
        );
        out.value("showProgressBar", &self.show_progress_bar);
        out.string("clearInvisibleValues", &self.clear_invisible_values);
        Value::Object(out.finish(&self.extra))
    }

    pub(crate) fn read(value: Value, cx: &mut Cx) -> Self {
        let Value::Object(map) = value else {
            let message = format!(
                "a form definition must be a JSON object, found {}",
                json_kind(&value)
            );
            cx.error("", message);
            return Self::default();
        };
        let mut obj = Obj::new(map, String::new());
        let mut form = Self {
            id: obj.string(cx, "id"),
            ..Self::default()
        };
        if let Some((value, path)) = obj.take(cx, "version", None) {
            form.version = FormVersion::from_json(value)
                .map_err(|m| cx.error(path, m))
                .ok();
        }
        form.title = obj.text(cx, "title");
        form.description = obj.text(cx, "description");
        form.locale = obj.string(cx, "locale");
        let pages_given = obj.peek("pages").is_some_and(|p| !p.is_null());
        form.pages = read_pages(&mut obj, cx);
        let implicit = read_implicit_page(&mut obj, cx, pages_given);
        // After the elements, so that clashes with their names can be seen.
        form.calculated_values = read_calculated_values(&mut obj, cx);
        if let Some((value, path)) = obj.take(cx, "showProgressBar", None) {
            match value {
                Value::Bool(_) | Value::String(_) => form.show_progress_bar = Some(value),
                other => {
                    let found = json_kind(&other);
                    cx.error(
                        path,
                        format!("expected true, false or a position, found {found}"),
                    );
                }
            }
        }
        form.clear_invisible_values = obj.string(cx, "clearInvisibleValues");
        if let Some(v) = &form.clear_invisible_values
            && ClearInvisibleValues::parse(v).is_none()
        {
            let message =
                format!("unknown clearInvisibleValues '{v}' (kept; \"onComplete\" is used)");
            cx.warn(obj.at("clearInvisibleValues"), message);
        }
        let (extra, mut shape) = obj.finish(cx, SURVEY_PRESENTATION_PROPERTIES);
        if let Some(page) = implicit {
            form.pages = vec![page];
            shape.implicit_page = true;
        }
        form.extra = extra;
        form.shape = shape;
        form
    }
}

fn read_pages(obj: &mut Obj, cx: &mut Cx) -> Vec<Page> {
    let pages = obj.list(cx, "pages", None, Page::read);
    check_unique(
        cx,
        pages.iter().enumerate().filter_map(|(i, p)| {
            p.name
                .as_ref()
                .filter(|n| !n.is_empty())
                .map(|n| (n.clone(), format!("pages[{i}].name")))
        }),
        "page name",
        Severity::Error,
    );
    pages
}

/// Top-level `elements`/`questions` (SurveyJS's one-page shorthand).
fn read_implicit_page(obj: &mut Obj, cx: &mut Cx, has_pages: bool) -> Option<Page> {
    let has_elements = obj.has("elements");
    let has_questions = obj.has("questions");
    if !has_elements && !has_questions {
        return None;
    }
    if has_pages {
        let key = if has_elements {
            "elements"
        } else {
            "questions"
        };
        let message = format!("both 'pages' and top-level '{key}' are given; use one");
        cx.error(obj.at(key), message);
        obj.keep_quietly(key);
        return None;
    }
    if has_elements && has_questions {
        cx.error(
            obj.at("questions"),
            "both 'elements' and 'questions' are given; use one",
        );
        obj.keep_quietly("questions");
    }
    let aliases_before = obj.shape.aliases.len();
    let empties_before = obj.shape.empty_lists.len();
    let elements = read_page_elements(obj, cx);
    // The spelling belongs to the page, which is written back in the survey's place.
    let mut shape = SourceShape::default();
    shape
        .aliases
        .extend(obj.shape.aliases.drain(aliases_before..));
    shape
        .empty_lists
        .extend(obj.shape.empty_lists.drain(empties_before..));
    Some(Page {
        elements,
        shape,
        ..Page::default()
    })
}

fn read_calculated_values(obj: &mut Obj, cx: &mut Cx) -> Vec<CalculatedValue> {
    let list_path = obj.at("calculatedValues");
    let values = obj.list(cx, "calculatedValues", None, CalculatedValue::read);
    let with_paths: Vec<(String, String)> = values
        .iter()
        .enumerate()
        .map(|(i, v)| (v.name.clone(), format!("{list_path}[{i}].name")))
        .filter(|(name, _)| !name.is_empty())
        .collect();
    check_unique(
        cx,
        with_paths.clone(),
        "calculated value name",
        Severity::Error,
    );
    for (name, path) in with_paths {
        if let Some(question) = cx.root_name(&name) {
            let message =
                format!("calculated value '{name}' has the same name as the element at {question}");
            cx.warn(path, message);
        }
    }
    values
}

impl Page {
    /// A page with a name and nothing else.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: Some(name.into()),
            ..Self::default()
        }
    }

    /// Nothing but elements (what top-level `elements` describes).
    fn is_bare(&self) -> bool {
        self.name.is_none()
            && self.title.is_none()
            && self.description.is_none()
            && self.visible.is_none()
            && self.visible_if.is_none()
            && self.enable_if.is_none()
            && self.read_only.is_none()
            && self.extra.is_empty()
    }

    pub(crate) fn read(value: Value, path: String, cx: &mut Cx) -> Option<Self> {
        let Value::Object(map) = value else {
            cx.error(
                path,
                format!("expected a page (an object), found {}", json_kind(&value)),
            );
            return None;
        };
        let mut obj = Obj::new(map, path);
        let mut page = Self {
            name: obj.string(cx, "name"),
            title: obj.text(cx, "title"),
            description: obj.text(cx, "description"),
            visible: obj.bool(cx, "visible"),
            visible_if: obj.string(cx, "visibleIf"),
            enable_if: obj.string(cx, "enableIf"),
            read_only: obj.bool(cx, "readOnly"),
            ..Self::default()
        };
        page.elements = read_page_elements(&mut obj, cx);
        let (extra, shape) = obj.finish(cx, PAGE_PRESENTATION_PROPERTIES);
        page.extra = extra;
        page.shape = shape;
        Some(page)
    }

    /// The JSON form.
    pub fn to_json(&self) -> Value {
        let mut out = Out::new(&self.shape);
        out.string("name", &self.name);
        out.text("title", &self.title);
        out.text("description", &self.description);
        out.bool("visible", self.visible);
        out.string("visibleIf", &self.visible_if);
        out.string("enableIf", &self.enable_if);
        out.bool("readOnly", self.read_only);
        out.list("elements", &self.elements, Element::to_json);
        Value::Object(out.finish(&self.extra))
    }
}

impl CalculatedValue {
    /// A calculated value.
    pub fn new(name: impl Into<String>, expression: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            expression: Some(expression.into()),
            ..Self::default()
        }
    }

    pub(crate) fn read(value: Value, path: String, cx: &mut Cx) -> Option<Self> {
        let Value::Object(map) = value else {
            let found = json_kind(&value);
            cx.error(
                path,
                format!("expected a calculated value (an object), found {found}"),
            );
            return None;
        };
        let mut obj = Obj::new(map, path);
        let name = read_required_name(&mut obj, cx, "calculated value");
        let expression = obj.string(cx, "expression");
        let include_into_result = obj.bool(cx, "includeIntoResult");
        let (extra, shape) = obj.finish(cx, &[]);
        Some(Self {
            name,
            expression,
            include_into_result,
            extra,
            shape,
        })
    }

    /// The JSON form.
    pub fn to_json(&self) -> Value {
        let mut out = Out::new(&self.shape);
        if !self.name.is_empty() {
            out.put("name", Value::String(self.name.clone()));
        }
        out.string("expression", &self.expression);
        out.bool("includeIntoResult", self.include_into_result);
        Value::Object(out.finish(&self.extra))
    }
}

impl Serialize for FormDefinition {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for FormDefinition {
    /// Loads like [`super::load_value`]; warnings are dropped, errors fail deserialisation.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        super::load::load_value(value)
            .map(|loaded| loaded.definition)
            .map_err(D::Error::custom)
    }
}
