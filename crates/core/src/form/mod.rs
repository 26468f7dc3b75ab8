//! Form definitions: the SurveyJS-compatible JSON model.
//!
//! A form is SurveyJS survey JSON. Forms written for SurveyJS load as they are, and every
//! definition PQ Survey writes is valid SurveyJS JSON. [`load`] reads one and reports problems
//! with JSON paths; [`FormDefinition::to_json`] writes it back — a loaded definition serialises
//! to JSON equal to its input, in the same key order, legacy property names included.
//!
//! Expressions (`visibleIf`, `expression`…) are kept as plain strings; compiling them is the
//! `expression` module's job. [`FormDefinition::expressions`] lists every one with its path, and
//! [`FormDefinition::walk`] lists every element.
//!
//! # Supported subset
//!
//! **Survey**: `title`, `description`, `locale`, `pages`, `calculatedValues` (`name`,
//! `expression`, `includeIntoResult`), `showProgressBar`, `clearInvisibleValues` (`onComplete`
//! — the default —, `onHidden`, `onHiddenContainer`, `none`), and PQ Survey's own `id` and
//! `version`. A survey may give top-level `elements` (or `questions`) instead of `pages`: it
//! then has one page, written back the same way.
//!
//! **Page**: `name`, `title`, `description`, `visible`, `visibleIf`, `enableIf`, `readOnly`,
//! `elements` (legacy `questions`).
//!
//! **Common element properties**: `type`, `name`, `title`, `description`, `visible`,
//! `visibleIf`, `enableIf`, `requiredIf`, `isRequired`, `requiredErrorText`, `readOnly`,
//! `defaultValue`, `defaultValueExpression`, `clearIfInvisible`, `validators`.
//!
//! **Element types** ([`ElementKind`]; each type and its properties are described once, in
//! `form/kinds.rs`, and a test checks that this table lists them all, legacy names in
//! parentheses):
//!
//! | type | own properties |
//! |---|---|
//! | `text` | `inputType` (`text`, `number`, `date`, `month`, `email`, `tel`, `url`; others kept with a warning), `placeholder` (`placeHolder`), `min`, `max`, `minValueExpression`, `maxValueExpression`, `minErrorText`, `maxErrorText`, `maxLength`, `step` |
//! | `comment` | `placeholder` (`placeHolder`), `maxLength` |
//! | `radiogroup`, `dropdown`, `checkbox`, `tagbox` | `choices`, `choicesOrder`, `choicesVisibleIf`, `choicesEnableIf`, `showOtherItem` (`hasOther`), `showNoneItem` (`hasNone`), `otherText`, `noneText`, `otherPlaceholder` (`otherPlaceHolder`), `otherErrorText`; dropdown and tagbox `placeholder` (`placeHolder`); checkbox `showSelectAllItem` (`hasSelectAll`), `selectAllText`; checkbox and tagbox `minSelectedChoices`, `maxSelectedChoices` (tagbox: a searchable multi-select, answered as checkbox) |
//! | `ranking` | `choices`, `choicesOrder`, `choicesVisibleIf`, `choicesEnableIf`, `selectToRankEnabled`, `selectToRankEmptyRankedAreaText`, `selectToRankEmptyUnrankedAreaText`, `minSelectedChoices`, `maxSelectedChoices` (the answer: the shown choices' values in order — all of them, or some with `selectToRankEnabled`) |
//! | `imagepicker` | `choices` (each with `imageLink`), `choicesOrder`, `choicesVisibleIf`, `choicesEnableIf`, `multiSelect`, `showLabel`, `contentMode`, `imageFit`, `imageWidth`, `imageHeight` (one value, or an array with `multiSelect`) |
//! | `slider` | `sliderType` (`single`, `range`), `min` (default 0), `max` (default 100), `step` (default 1), `minValueExpression`, `maxValueExpression`, `minRangeLength`, `maxRangeLength` (a number, or `[low, high]` for a range) |
//! | `image` | `imageLink`, `altText` (`text`), `contentMode`, `imageFit`, `imageWidth`, `imageHeight` (static: no answer) |
//! | `boolean` | `labelTrue`, `labelFalse`, `valueTrue`, `valueFalse` |
//! | `rating` | `rateMin`, `rateMax`, `rateStep`, `rateCount`, `rateValues`, `autoGenerate`, `minRateDescription` (`mininumRateDescription`), `maxRateDescription` (`maximumRateDescription`) |
//! | `matrix` | `rows`, `columns`, `rowsVisibleIf`, `columnsVisibleIf`, `eachRowRequired` (`isAllRowRequired`), `eachRowUnique`, `cellType` |
//! | `matrixdropdown` | `columns`, `rows`, `cellType`, `choices`, `rowsVisibleIf` |
//! | `matrixdynamic` | `columns`, `cellType`, `choices`, `rowCount`, `minRowCount`, `maxRowCount`, `allowAddRows`, `allowRemoveRows`, `addRowText`, `removeRowText`, `defaultRowValue`, `keyName` |
//! | `paneldynamic` | `templateElements` (`questions`), `templateTitle`, `templateDescription`, `templateVisibleIf`, `panelCount`, `minPanelCount`, `maxPanelCount`, `addPanelText` (`panelAddText`), `removePanelText` (`panelRemoveText`), `noEntriesText`, `allowAddPanel`, `allowRemovePanel`, `keyName`, `defaultPanelValue` |
//! | `panel` | `elements` (`questions`) |
//! | `multipletext` | `items` (`name`, `title`, `inputType`, `placeholder`, `isRequired`, `requiredErrorText`, `validators`, `maxLength`, `defaultValueExpression`, `minValueExpression`, `maxValueExpression`) |
//! | `expression` | `expression`, `displayStyle`, `currency`, `maximumFractionDigits`, `minimumFractionDigits`, `precision`, `useGrouping`, `format` |
//! | `html` | `html` |
//!
//! `file` and `signaturepad` are not supported yet: they load as unknown types, with a warning.
//!
//! Matrix columns ([`MatrixColumn`]): `name`, `title`, `cellType`, `choices`,
//! `choicesVisibleIf`, `showOtherItem`, `showNoneItem`, `isRequired`, `requiredErrorText`,
//! `readOnly`, `visible`, `visibleIf`, `enableIf`, `requiredIf`, `isUnique`, `validators`,
//! `inputType`, `min`, `max`, `placeholder`, `expression`, `defaultValue`,
//! `defaultValueExpression`, `totalType`, `totalExpression`.
//!
//! **Choices** ([`Choice`]): bare values (`"a"`, `3`, `true`), SurveyJS's `"value|text"`
//! shorthand, or objects with `value`, `text`, `visibleIf`, `enableIf`.
//!
//! **Validators** ([`ValidatorKind`]): `numeric` (`minValue`, `maxValue`), `text`
//! (`minLength`, `maxLength`, `allowDigits`), `regex` (`regex`, `caseInsensitive`), `email`,
//! `expression` (`expression`), `answercount` (`minCount`, `maxCount`); each with a localizable
//! `text` message.
//!
//! **Texts** ([`LocalizedText`]): every text a person reads may be a string or an object of
//! translations (`{"default": …, "vi": …}`).
//!
//! # Everything else is kept
//!
//! Each struct keeps the keys it does not model in its `extra` map, and writes them back.
//! SurveyJS properties that only affect presentation ([`PRESENTATION_PROPERTIES`],
//! [`SURVEY_PRESENTATION_PROPERTIES`], [`PAGE_PRESENTATION_PROPERTIES`]) are kept silently;
//! any other left-over key gives a warning such as
//! `pages[0].elements[3]: unknown property 'foo' (kept)`. An element of a type not listed above
//! is kept whole as [`ElementKind::Unknown`], with a warning.
//!
//! # Errors
//!
//! Loading fails with [`LoadError`] — listing every problem, not just the first — when the text
//! is not JSON (with line and column), when a property has the wrong JSON type (`pages` not an
//! array, `isRequired: "yes"`…), when a question, matrix column, multiple-text item or
//! calculated value has no name, when names repeat (element names are unique in the survey and
//! within each dynamic panel's template; page, column, item and calculated value names within
//! their lists), when a choice or validator is malformed, or when both `pages` and top-level
//! `elements` are given. Repeated choice values are warnings.

mod choice;
mod definition;
mod element;
mod kinds;
mod load;
mod localized;
mod props;
mod shape;
mod validator;
mod walk;

pub use choice::{Choice, VALUE_TEXT_SEPARATOR, value_as_text};
pub use definition::{
    CalculatedValue, ClearInvisibleValues, FormDefinition, FormVersion,
    PAGE_PRESENTATION_PROPERTIES, Page, SURVEY_PRESENTATION_PROPERTIES,
};
pub use element::{Element, MAX_NESTING, MatrixColumn, MultipleTextItem, PRESENTATION_PROPERTIES};
pub use kinds::{
    BooleanProps, CommentProps, ElementKind, ExpressionProps, HtmlProps, ImagePickerProps,
    ImageProps, InputType, MAX_RATING_VALUES, MatrixDropdownProps, MatrixDynamicProps, MatrixProps,
    MultipleTextProps, PanelDynamicProps, PanelProps, RankingProps, RatingProps, SLIDER_MAX,
    SLIDER_MIN, SelectProps, SliderProps, TextProps, TypedMatrix, UnknownElement, own_properties,
    supported_types,
};
pub use load::{Diagnostic, LoadError, LoadedForm, Severity, load, load_value};
pub use localized::{DEFAULT_LOCALE, LocalizedText};
pub use shape::SourceShape;
pub use validator::{Validator, ValidatorKind};
pub use walk::{ElementRef, ExpressionKind, ExpressionSite};

#[cfg(test)]
mod tests;
