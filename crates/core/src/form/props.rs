//! Declarative element properties: each property is described once — its JSON key, legacy
//! name, JSON type and the element types it belongs to — and that one description reads it,
//! writes it back and lists it as a known key.
//!
//! [`props!`] turns a table of such descriptions into a props struct with its reader, writer
//! and key list; `kinds.rs` builds every element type's props that way.

use std::marker::PhantomData;

use serde_json::{Number, Value};

use super::choice::{Choice, read_choices};
use super::element::{Element, MatrixColumn, MultipleTextItem, read_elements};
use super::kinds::{InputType, Tag};
use super::load::{Cx, Obj, Severity, check_unique};
use super::localized::LocalizedText;
use super::shape::Out;

/// Where an element's own properties are read from.
pub(crate) struct Reader<'a> {
    pub(crate) obj: &'a mut Obj,
    pub(crate) cx: &'a mut Cx,
    /// The element's type: properties that belong to some types only are read for those.
    pub(crate) tag: Tag,
    /// Nesting depth of the element (for nested elements).
    pub(crate) depth: usize,
}

/// One described property (or a group of them).
pub(crate) trait Property {
    /// What the model holds for it.
    type Value;
    /// Takes the property from the object being read.
    fn read(&self, r: &mut Reader<'_>) -> Self::Value;
    /// Writes the property back (nothing when absent).
    fn write(&self, out: &mut Out<'_>, value: &Self::Value);
    /// Adds the JSON keys this property is read from for elements of type `tag`.
    fn keys(&self, tag: Tag, keys: &mut Vec<&'static str>);
}

/// A struct of properties built by [`props!`].
pub(crate) trait PropGroup: Sized {
    fn read(r: &mut Reader<'_>) -> Self;
    fn write(&self, out: &mut Out<'_>);
    fn keys(tag: Tag, keys: &mut Vec<&'static str>);
}

/// How one JSON value is read and written.
pub(crate) trait Codec {
    type Value: Default;
    fn read(
        &self,
        r: &mut Reader<'_>,
        key: &'static str,
        alias: Option<&'static str>,
    ) -> Self::Value;
    fn write(&self, out: &mut Out<'_>, key: &'static str, value: &Self::Value);
}

/// A property under `key` (and maybe a legacy `alias`), for every type or only some.
pub(crate) struct Prop<C> {
    key: &'static str,
    alias: Option<&'static str>,
    only: Option<&'static [Tag]>,
    codec: C,
}

/// The property `key`, read and written by `codec`.
pub(crate) fn prop<C: Codec>(key: &'static str, codec: C) -> Prop<C> {
    Prop {
        key,
        alias: None,
        only: None,
        codec,
    }
}

impl<C> Prop<C> {
    /// Also read under the legacy name `alias` (and written back under the name read).
    pub(crate) fn or(self, alias: &'static str) -> Self {
        Self {
            alias: Some(alias),
            ..self
        }
    }

    /// Read only for these element types (others report the key as unknown).
    pub(crate) fn only(self, tags: &'static [Tag]) -> Self {
        Self {
            only: Some(tags),
            ..self
        }
    }

    fn applies(&self, tag: Tag) -> bool {
        self.only.is_none_or(|tags| tags.contains(&tag))
    }
}

impl<C: Codec> Property for Prop<C> {
    type Value = C::Value;

    fn read(&self, r: &mut Reader<'_>) -> C::Value {
        if self.applies(r.tag) {
            self.codec.read(r, self.key, self.alias)
        } else {
            C::Value::default()
        }
    }

    fn write(&self, out: &mut Out<'_>, value: &C::Value) {
        self.codec.write(out, self.key, value);
    }

    fn keys(&self, tag: Tag, keys: &mut Vec<&'static str>) {
        if self.applies(tag) {
            keys.push(self.key);
            keys.extend(self.alias);
        }
    }
}

/// A props struct whose properties sit directly in the element's object.
pub(crate) struct Flatten<T>(PhantomData<T>);

/// The properties of `T`, inline.
pub(crate) fn flatten<T: PropGroup>() -> Flatten<T> {
    Flatten(PhantomData)
}

impl<T: PropGroup> Property for Flatten<T> {
    type Value = T;

    fn read(&self, r: &mut Reader<'_>) -> T {
        T::read(r)
    }

    fn write(&self, out: &mut Out<'_>, value: &T) {
        value.write(out);
    }

    fn keys(&self, tag: Tag, keys: &mut Vec<&'static str>) {
        T::keys(tag, keys);
    }
}

/// A string.
pub(crate) struct Str;

impl Codec for Str {
    type Value = Option<String>;
    fn read(
        &self,
        r: &mut Reader<'_>,
        key: &'static str,
        alias: Option<&'static str>,
    ) -> Self::Value {
        r.obj.string_alias(r.cx, key, alias)
    }
    fn write(&self, out: &mut Out<'_>, key: &'static str, value: &Self::Value) {
        out.string(key, value);
    }
}

/// A text a person reads: a string or an object of translations.
pub(crate) struct Text;

impl Codec for Text {
    type Value = Option<LocalizedText>;
    fn read(
        &self,
        r: &mut Reader<'_>,
        key: &'static str,
        alias: Option<&'static str>,
    ) -> Self::Value {
        r.obj.text_alias(r.cx, key, alias)
    }
    fn write(&self, out: &mut Out<'_>, key: &'static str, value: &Self::Value) {
        out.text(key, value);
    }
}

/// `true` or `false`.
pub(crate) struct Flag;

impl Codec for Flag {
    type Value = Option<bool>;
    fn read(
        &self,
        r: &mut Reader<'_>,
        key: &'static str,
        alias: Option<&'static str>,
    ) -> Self::Value {
        r.obj.bool_alias(r.cx, key, alias)
    }
    fn write(&self, out: &mut Out<'_>, key: &'static str, value: &Self::Value) {
        out.bool(key, *value);
    }
}

/// A number.
pub(crate) struct Num;

impl Codec for Num {
    type Value = Option<Number>;
    fn read(&self, r: &mut Reader<'_>, key: &'static str, _: Option<&'static str>) -> Self::Value {
        r.obj.number(r.cx, key)
    }
    fn write(&self, out: &mut Out<'_>, key: &'static str, value: &Self::Value) {
        out.number(key, value);
    }
}

/// Any JSON value, kept as written.
pub(crate) struct Any;

impl Codec for Any {
    type Value = Option<Value>;
    fn read(
        &self,
        r: &mut Reader<'_>,
        key: &'static str,
        alias: Option<&'static str>,
    ) -> Self::Value {
        r.obj.take(r.cx, key, alias).map(|(v, _)| v)
    }
    fn write(&self, out: &mut Out<'_>, key: &'static str, value: &Self::Value) {
        out.value(key, value);
    }
}

/// A list of choice items; the argument names one item in messages (`"row value"`).
pub(crate) struct Items(pub(crate) &'static str);

impl Codec for Items {
    type Value = Vec<Choice>;
    fn read(&self, r: &mut Reader<'_>, key: &'static str, _: Option<&'static str>) -> Self::Value {
        read_choices(r.obj, r.cx, key, self.0)
    }
    fn write(&self, out: &mut Out<'_>, key: &'static str, value: &Self::Value) {
        out.list(key, value, Choice::to_json);
    }
}

/// `inputType`: a string, with a warning for types PQ Survey answers as plain text.
pub(crate) struct InputTypeName;

impl Codec for InputTypeName {
    type Value = Option<String>;
    fn read(
        &self,
        r: &mut Reader<'_>,
        key: &'static str,
        alias: Option<&'static str>,
    ) -> Self::Value {
        let input_type = r.obj.string_alias(r.cx, key, alias);
        warn_input_type(r.obj, r.cx, &input_type);
        input_type
    }
    fn write(&self, out: &mut Out<'_>, key: &'static str, value: &Self::Value) {
        out.string(key, value);
    }
}

/// A string that should be one of a list (case-insensitive); anything else is kept with a
/// warning that `what` is not supported.
pub(crate) struct OneOf {
    pub(crate) allowed: &'static [&'static str],
    pub(crate) what: &'static str,
}

impl Codec for OneOf {
    type Value = Option<String>;
    fn read(
        &self,
        r: &mut Reader<'_>,
        key: &'static str,
        alias: Option<&'static str>,
    ) -> Self::Value {
        let value = r.obj.string_alias(r.cx, key, alias);
        if let Some(t) = &value
            && !self.allowed.iter().any(|c| c.eq_ignore_ascii_case(t))
        {
            let message = format!("{} '{t}' is not supported (kept)", self.what);
            r.cx.warn(r.obj.at(key), message);
        }
        value
    }
    fn write(&self, out: &mut Out<'_>, key: &'static str, value: &Self::Value) {
        out.string(key, value);
    }
}

/// Nested elements (a panel's `elements`, legacy `questions`).
pub(crate) struct Elements;

impl Codec for Elements {
    type Value = Vec<Element>;
    fn read(&self, r: &mut Reader<'_>, key: &'static str, _: Option<&'static str>) -> Self::Value {
        read_elements(r.obj, r.cx, key, r.depth)
    }
    fn write(&self, out: &mut Out<'_>, key: &'static str, value: &Self::Value) {
        out.list(key, value, Element::to_json);
    }
}

/// A dynamic panel's template: its names live in their own namespace (each entry has its own
/// values).
pub(crate) struct Template;

impl Codec for Template {
    type Value = Vec<Element>;
    fn read(&self, r: &mut Reader<'_>, key: &'static str, _: Option<&'static str>) -> Self::Value {
        r.cx.push_namespace();
        let elements = read_elements(r.obj, r.cx, key, r.depth);
        r.cx.pop_namespace();
        elements
    }
    fn write(&self, out: &mut Out<'_>, key: &'static str, value: &Self::Value) {
        out.list(key, value, Element::to_json);
    }
}

/// Typed matrix columns, with unique names.
pub(crate) struct Columns;

impl Codec for Columns {
    type Value = Vec<MatrixColumn>;
    fn read(&self, r: &mut Reader<'_>, key: &'static str, _: Option<&'static str>) -> Self::Value {
        let list_path = r.obj.at(key);
        let columns = r.obj.list(r.cx, key, None, MatrixColumn::read);
        check_unique(
            r.cx,
            columns
                .iter()
                .enumerate()
                .map(|(i, c)| (c.name.clone(), format!("{list_path}[{i}].name"))),
            "column name",
            Severity::Error,
        );
        columns
    }
    fn write(&self, out: &mut Out<'_>, key: &'static str, value: &Self::Value) {
        out.list(key, value, MatrixColumn::to_json);
    }
}

/// Multiple-text items, with unique names.
pub(crate) struct TextItems;

impl Codec for TextItems {
    type Value = Vec<MultipleTextItem>;
    fn read(&self, r: &mut Reader<'_>, key: &'static str, _: Option<&'static str>) -> Self::Value {
        let list_path = r.obj.at(key);
        let items = r.obj.list(r.cx, key, None, MultipleTextItem::read);
        check_unique(
            r.cx,
            items
                .iter()
                .enumerate()
                .map(|(i, it)| (it.name.clone(), format!("{list_path}[{i}].name"))),
            "item name",
            Severity::Error,
        );
        items
    }
    fn write(&self, out: &mut Out<'_>, key: &'static str, value: &Self::Value) {
        out.list(key, value, MultipleTextItem::to_json);
    }
}

/// Warns about an input type PQ Survey answers as plain text.
pub(crate) fn warn_input_type(obj: &Obj, cx: &mut Cx, input_type: &Option<String>) {
    if let Some(t) = input_type
        && !InputType::parse(t).is_supported()
    {
        let message = format!("input type '{t}' is not supported (kept; answered as text)");
        cx.warn(obj.at("inputType"), message);
    }
}

/// Declares a props struct from a table of properties, one line each:
///
/// ```ignore
/// props! {
///     /// `comment` properties.
///     pub struct CommentProps {
///         /// `placeholder` (legacy `placeHolder`).
///         placeholder: Option<LocalizedText> = prop("placeholder", Text).or("placeHolder"),
///     }
/// }
/// ```
///
/// The struct gets the fields, and [`PropGroup`] reads them in table order, writes them back
/// and lists their keys. The declared field type must be what the description holds.
macro_rules! props {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$field_meta:meta])* $field:ident : $ty:ty = $prop:expr ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct $name {
            $( $(#[$field_meta])* pub $field: $ty, )*
        }

        impl $crate::form::props::PropGroup for $name {
            fn read(r: &mut $crate::form::props::Reader<'_>) -> Self {
                use $crate::form::props::Property as _;
                Self { $( $field: ($prop).read(r), )* }
            }

            fn write(&self, out: &mut $crate::form::shape::Out<'_>) {
                use $crate::form::props::Property as _;
                $( ($prop).write(out, &self.$field); )*
            }

            fn keys(tag: $crate::form::kinds::Tag, keys: &mut Vec<&'static str>) {
                use $crate::form::props::Property as _;
                $( ($prop).keys(tag, keys); )*
            }
        }
    };
}

pub(crate) use props;
