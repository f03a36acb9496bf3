//! Building blocks of the generated request validators (`crate::validate`).
//!
//! Each check answers the first problem with the Onedata error id and
//! details a zone would send. Keys are dotted paths from the body root
//! (`serviceProperties.host`), built lazily so a valid body costs no
//! allocation.
//!
//! The validators look at a [`Json`] tree that borrows its strings from the
//! request body: building a `serde_json::Value` (an ordered hash map and an
//! owned string per key and value) only to look at it once was the largest
//! cost of a request with a body (`cargo xtask bench`).

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use onezone_errors::ErrorId;

use crate::error::{ApiError, Malformed};

/// A parsed JSON document for validation, borrowing unescaped strings from
/// the input. Accepts exactly what `serde_json::Value` accepts.
#[derive(Debug, Clone, PartialEq)]
pub enum Json<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as serde_json classifies it.
    Number(Number),
    /// A string.
    String(Cow<'a, str>),
    /// A list.
    Array(Vec<Json<'a>>),
    /// An object.
    Object(Object<'a>),
}

/// A JSON number: a non-negative integer, a negative integer or a float
/// (the classes of `serde_json::Number`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// Fits `u64`.
    PosInt(u64),
    /// Negative, fits `i64`.
    NegInt(i64),
    /// Anything else.
    Float(f64),
}

/// The members of a JSON object in document order. As with
/// `serde_json::Value`, a repeated name means its last value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Object<'a>(Vec<(Cow<'a, str>, Json<'a>)>);

impl<'a> Object<'a> {
    /// The value of member `name`.
    pub fn get(&self, name: &str) -> Option<&Json<'a>> {
        self.0.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// Whether member `name` is present.
    pub fn contains_key(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }

    /// The member names, in document order (repeats included).
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_ref())
    }
}

impl<'a> Json<'a> {
    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    /// Whether this is a boolean.
    pub fn is_boolean(&self) -> bool {
        matches!(self, Json::Bool(_))
    }

    /// Whether this is a string.
    pub fn is_string(&self) -> bool {
        matches!(self, Json::String(_))
    }

    /// Whether this is a number.
    pub fn is_number(&self) -> bool {
        matches!(self, Json::Number(_))
    }

    /// Whether this is an integer that fits `i64`.
    pub fn is_i64(&self) -> bool {
        matches!(self, Json::Number(Number::NegInt(_)))
            || matches!(self, Json::Number(Number::PosInt(n)) if *n <= i64::MAX as u64)
    }

    /// Whether this is a non-negative integer that fits `u64`.
    pub fn is_u64(&self) -> bool {
        matches!(self, Json::Number(Number::PosInt(_)))
    }

    /// Whether this is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Json::Object(_))
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The items, if this is a list.
    pub fn as_array(&self) -> Option<&[Json<'a>]> {
        match self {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&Object<'a>> {
        match self {
            Json::Object(o) => Some(o),
            _ => None,
        }
    }

    /// Parses JSON text (what `serde_json::from_slice::<Value>` accepts).
    pub fn parse(bytes: &'a [u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice(bytes)
    }

    /// The same document viewed from a `serde_json::Value`.
    pub fn from_value(value: &'a Value) -> Self {
        match value {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(n) => Json::Number(match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => Number::PosInt(u),
                (None, Some(i)) => Number::NegInt(i),
                _ => Number::Float(n.as_f64().unwrap_or(f64::NAN)),
            }),
            Value::String(s) => Json::String(Cow::Borrowed(s)),
            Value::Array(items) => Json::Array(items.iter().map(Json::from_value).collect()),
            Value::Object(map) => Json::Object(Object(
                map.iter().map(|(k, v)| (Cow::Borrowed(k.as_str()), Json::from_value(v))).collect(),
            )),
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Json<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Json<'de>, E> {
        Ok(Json::Bool(b))
    }

    fn visit_i64<E>(self, i: i64) -> Result<Json<'de>, E> {
        Ok(Json::Number(if i < 0 { Number::NegInt(i) } else { Number::PosInt(i as u64) }))
    }

    fn visit_u64<E>(self, u: u64) -> Result<Json<'de>, E> {
        Ok(Json::Number(Number::PosInt(u)))
    }

    fn visit_f64<E>(self, f: f64) -> Result<Json<'de>, E> {
        Ok(Json::Number(Number::Float(f)))
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Borrowed(s)))
    }

    fn visit_str<E>(self, s: &str) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Owned(s.to_owned())))
    }

    fn visit_string<E>(self, s: String) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Owned(s)))
    }

    fn visit_unit<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }

    fn visit_none<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Json<'de>, D::Error> {
        Json::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json<'de>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json<'de>, A::Error> {
        let mut members = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
        while let Some(MemberName(name)) = map.next_key()? {
            members.push((name, map.next_value()?));
        }
        Ok(Json::Object(Object(members)))
    }
}

/// An object member name, borrowed from the input when it has no escapes.
struct MemberName<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for MemberName<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NameVisitor;
        impl<'de> Visitor<'de> for NameVisitor {
            type Value = MemberName<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<MemberName<'de>, E> {
                Ok(MemberName(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<MemberName<'de>, E> {
                Ok(MemberName(Cow::Owned(s.to_owned())))
            }
            fn visit_string<E>(self, s: String) -> Result<MemberName<'de>, E> {
                Ok(MemberName(Cow::Owned(s)))
            }
        }
        deserializer.deserialize_str(NameVisitor)
    }
}

/// Position of a value inside the body: a chain of property names.
#[derive(Clone, Copy)]
pub struct Key<'a> {
    parent: Option<&'a Key<'a>>,
    name: &'a str,
}

impl<'a> Key<'a> {
    /// The body itself.
    pub const ROOT: Key<'static> = Key { parent: None, name: "" };

    /// The property `name` of the value at `self`.
    pub fn child(&'a self, name: &'a str) -> Key<'a> {
        Key { parent: Some(self), name }
    }

    /// True for the body itself.
    pub fn is_root(&self) -> bool {
        self.parent.is_none()
    }
}

impl fmt::Display for Key<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.parent {
            Some(parent) if !parent.is_root() => write!(f, "{parent}.{}", self.name),
            _ => f.write_str(self.name),
        }
    }
}

/// The value must be an object: `malformedData` for the body, `badValueJSON`
/// for a field.
pub fn object<'v, 'a>(value: &'v Json<'a>, key: &Key<'_>) -> Result<&'v Object<'a>, ApiError> {
    match value.as_object() {
        Some(map) => Ok(map),
        None if key.is_root() => Err(ApiError::malformed_data(Malformed::NotAnObject)),
        None => Err(ApiError::bad_value_type(ErrorId::BadValueJson, &key.to_string())),
    }
}

/// `name` must be present in `object`.
pub fn required(object: &Object<'_>, key: &Key<'_>, name: &str) -> Result<(), ApiError> {
    if object.contains_key(name) { Ok(()) } else { Err(ApiError::missing_required_value(&key.child(name).to_string())) }
}

/// At least `min` of `names` must be present.
pub fn at_least(object: &Object<'_>, key: &Key<'_>, names: &[&str], min: usize) -> Result<(), ApiError> {
    if names.iter().filter(|n| object.contains_key(n)).count() >= min {
        Ok(())
    } else {
        let keys: Vec<String> = names.iter().map(|n| key.child(n).to_string()).collect();
        Err(ApiError::missing_at_least_one_value(&keys))
    }
}

/// No property outside `names` (`additionalProperties: false`).
pub fn no_other_properties(object: &Object<'_>, key: &Key<'_>, names: &[&str]) -> Result<(), ApiError> {
    match object.keys().find(|k| !names.contains(k)) {
        Some(extra) => Err(ApiError::bad_value_type(ErrorId::BadValueJson, &key.child(extra).to_string())),
        None => Ok(()),
    }
}

/// The members outside `names`, each once (a repeated name with its last
/// value, at its first place, as `serde_json::Value` keeps it): the entries
/// of a map (`additionalProperties: {schema}`).
pub fn other_members<'v, 'a>(
    object: &'v Object<'a>,
    names: &'v [&str],
) -> impl Iterator<Item = (&'v str, &'v Json<'a>)> {
    object.0.iter().enumerate().filter_map(move |(i, (name, _))| {
        let name = name.as_ref();
        let first = !object.0[..i].iter().any(|(earlier, _)| earlier == name);
        (first && !names.contains(&name)).then(|| object.get(name).map(|value| (name, value))).flatten()
    })
}

/// A string.
pub fn string(value: &Json<'_>, key: &Key<'_>) -> Result<(), ApiError> {
    if value.is_string() { Ok(()) } else { Err(ApiError::bad_value_type(ErrorId::BadValueString, &key.to_string())) }
}

/// A string out of `allowed`.
pub fn string_enum(value: &Json<'_>, key: &Key<'_>, allowed: &[&str]) -> Result<(), ApiError> {
    match value.as_str() {
        Some(s) if allowed.contains(&s) => Ok(()),
        Some(_) => Err(ApiError::bad_value_not_allowed(&key.to_string(), allowed)),
        None => Err(ApiError::bad_value_type(ErrorId::BadValueString, &key.to_string())),
    }
}

/// A boolean.
pub fn boolean(value: &Json<'_>, key: &Key<'_>) -> Result<(), ApiError> {
    if value.is_boolean() { Ok(()) } else { Err(ApiError::bad_value_type(ErrorId::BadValueBoolean, &key.to_string())) }
}

/// An integer.
pub fn integer(value: &Json<'_>, key: &Key<'_>) -> Result<(), ApiError> {
    if value.is_i64() || value.is_u64() {
        Ok(())
    } else {
        Err(ApiError::bad_value_type(ErrorId::BadValueInteger, &key.to_string()))
    }
}

/// An integer that the Rust integer type `T` holds (an integer `format`:
/// `int32` is `i32`, …).
pub fn integer_as<T: TryFrom<i64> + TryFrom<u64>>(value: &Json<'_>, key: &Key<'_>) -> Result<(), ApiError> {
    let fits = match value {
        Json::Number(Number::PosInt(n)) => T::try_from(*n).is_ok(),
        Json::Number(Number::NegInt(n)) => T::try_from(*n).is_ok(),
        _ => false,
    };
    if fits { Ok(()) } else { Err(ApiError::bad_value_type(ErrorId::BadValueInteger, &key.to_string())) }
}

/// A number that `f32` holds (`format: float`): a larger one would become
/// infinity, which JSON cannot carry back.
pub fn number_f32(value: &Json<'_>, key: &Key<'_>) -> Result<(), ApiError> {
    let fits = match value {
        Json::Number(Number::Float(f)) => f.abs() <= f64::from(f32::MAX),
        other => other.is_number(),
    };
    if fits { Ok(()) } else { Err(ApiError::bad_value_type(ErrorId::BadValueFloat, &key.to_string())) }
}

/// A number.
pub fn number(value: &Json<'_>, key: &Key<'_>) -> Result<(), ApiError> {
    if value.is_number() { Ok(()) } else { Err(ApiError::bad_value_type(ErrorId::BadValueFloat, &key.to_string())) }
}

/// One bound of a number's range (`minimum`, `maximum`), inclusive: exact
/// for an integer, a float otherwise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Limit {
    /// An integer bound.
    Int(i128),
    /// A fractional bound.
    Float(f64),
}

impl Limit {
    /// How `n` compares with the bound (`None` for NaN, which JSON cannot
    /// carry).
    fn compare(self, n: Number) -> Option<std::cmp::Ordering> {
        let exact = match n {
            Number::PosInt(n) => Some(i128::from(n)),
            Number::NegInt(n) => Some(i128::from(n)),
            Number::Float(_) => None,
        };
        #[allow(clippy::cast_precision_loss)]
        let float = |n: Number| match n {
            Number::PosInt(n) => n as f64,
            Number::NegInt(n) => n as f64,
            Number::Float(f) => f,
        };
        match (exact, self) {
            (Some(n), Limit::Int(l)) => Some(n.cmp(&l)),
            #[allow(clippy::cast_precision_loss)]
            (_, Limit::Int(l)) => float(n).partial_cmp(&(l as f64)),
            (_, Limit::Float(l)) => float(n).partial_cmp(&l),
        }
    }

    fn to_json(self) -> Value {
        match self {
            Limit::Int(n) => serde_json::Number::from_i128(n).map_or(Value::Null, Value::Number),
            Limit::Float(f) => Value::from(f),
        }
    }
}

/// A number (its type checked before) within `low..=high`, either bound
/// optional: `badValueTooLow`, `badValueTooHigh` or `badValueNotInRange`.
pub fn within(value: &Json<'_>, key: &Key<'_>, low: Option<Limit>, high: Option<Limit>) -> Result<(), ApiError> {
    let Json::Number(n) = value else { return Ok(()) };
    let below = low.is_some_and(|l| l.compare(*n).is_none_or(std::cmp::Ordering::is_lt));
    let above = high.is_some_and(|h| h.compare(*n).is_none_or(std::cmp::Ordering::is_gt));
    if below || above {
        Err(ApiError::bad_value_out_of_range(&key.to_string(), low.map(Limit::to_json), high.map(Limit::to_json)))
    } else {
        Ok(())
    }
}

/// A list with an item at least (`minItems: 1`): `badValueEmpty`.
pub fn non_empty(items: &[Json<'_>], key: &Key<'_>) -> Result<(), ApiError> {
    if items.is_empty() { Err(ApiError::bad_value_empty(&key.to_string())) } else { Ok(()) }
}

/// A list (of anything; the caller checks the items).
pub fn array<'v, 'a>(value: &'v Json<'a>, key: &Key<'_>) -> Result<&'v [Json<'a>], ApiError> {
    match value.as_array() {
        Some(items) => Ok(items),
        None => Err(ApiError::bad_value_type(ErrorId::BadValueJson, &key.to_string())),
    }
}

/// A list whose every item is a string out of `allowed`.
pub fn string_enum_list(value: &Json<'_>, key: &Key<'_>, allowed: &[&str]) -> Result<(), ApiError> {
    let ok =
        value.as_array().is_some_and(|items| items.iter().all(|v| v.as_str().is_some_and(|s| allowed.contains(&s))));
    if ok { Ok(()) } else { Err(ApiError::bad_value_list_not_allowed(&key.to_string(), allowed)) }
}

/// The tag of a tagged union: an object whose property `tag` is one of
/// `allowed`; returns the tag and the object.
pub fn tag<'v, 'a>(
    value: &'v Json<'a>,
    key: &Key<'_>,
    tag: &str,
    allowed: &[&str],
) -> Result<(&'v str, &'v Object<'a>), ApiError> {
    let object = object(value, key)?;
    match object.get(tag) {
        None => Err(ApiError::missing_required_value(&key.child(tag).to_string())),
        Some(Json::String(t)) if allowed.contains(&t.as_ref()) => Ok((t.as_ref(), object)),
        Some(Json::String(_)) => Err(ApiError::bad_value_not_allowed(&key.child(tag).to_string(), allowed)),
        Some(_) => Err(ApiError::bad_value_type(ErrorId::BadValueString, &key.child(tag).to_string())),
    }
}

/// A generated validator function.
pub type Validator = fn(&Json<'_>, &Key<'_>) -> Result<(), ApiError>;

/// Exactly one of `alternatives` accepts the value (an untagged `oneOf`).
pub fn one_of(value: &Json<'_>, key: &Key<'_>, alternatives: &[Validator]) -> Result<(), ApiError> {
    let accepted = alternatives.iter().filter(|alt| alt(value, key).is_ok()).count();
    match accepted {
        1 => Ok(()),
        _ if key.is_root() && !value.is_object() => Err(ApiError::malformed_data(Malformed::NotAnObject)),
        _ => Err(ApiError::bad_value_type(ErrorId::BadValueJson, &key.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_are_dotted_paths_from_the_root() {
        let root = Key::ROOT;
        let sp = root.child("serviceProperties");
        assert_eq!(root.to_string(), "");
        assert_eq!(sp.to_string(), "serviceProperties");
        assert_eq!(sp.child("host").to_string(), "serviceProperties.host");
    }

    #[test]
    fn checks_answer_with_catalogue_ids() {
        let v = json!({"type": "XYZ"});
        let e = tag(&Json::from_value(&v), &Key::ROOT.child("serviceProperties"), "type", &["DOI", "PID"]).unwrap_err();
        assert_eq!(e.id(), "badValueNotAllowed");
        assert_eq!(e.details().unwrap(), &json!({"key": "serviceProperties.type", "allowed": ["DOI", "PID"]}));
        let e = object(&Json::from_value(&json!([1])), &Key::ROOT).unwrap_err();
        assert_eq!(e.id(), "malformedData");
        let list = json!(["a", "x"]);
        let e = string_enum_list(&Json::from_value(&list), &Key::ROOT.child("grant"), &["a"]).unwrap_err();
        assert_eq!((e.id(), e.details().unwrap()["key"].as_str()), ("badValueListNotAllowed", Some("grant")));
        let empty = json!({});
        let e =
            at_least(Json::from_value(&empty).as_object().unwrap(), &Key::ROOT, &["grant", "revoke"], 1).unwrap_err();
        assert_eq!(e.details().unwrap(), &json!({"keys": ["grant", "revoke"]}));
    }

    #[test]
    fn maps_and_ranges() {
        let text = br#"{"a": 1, "fixed": 2, "b": 3, "a": 4}"#;
        let repeated = Json::parse(text).unwrap();
        let object = repeated.as_object().unwrap();
        let others: Vec<(&str, &Json<'_>)> = other_members(object, &["fixed"]).collect();
        assert_eq!(others, [("a", &Json::Number(Number::PosInt(4))), ("b", &Json::Number(Number::PosInt(3)))]);
        assert_eq!(other_members(object, &["a", "b", "fixed"]).count(), 0);
        let key = Key::ROOT.child("n");
        let n = |text: &'static str| Json::parse(text.as_bytes()).unwrap();
        assert!(integer_as::<i32>(&n("-2147483648"), &key).is_ok());
        assert_eq!(integer_as::<i32>(&n("2147483648"), &key).unwrap_err().id(), "badValueInteger");
        assert_eq!(integer_as::<u8>(&n("-1"), &key).unwrap_err().id(), "badValueInteger");
        assert_eq!(integer_as::<i64>(&n("1.0"), &key).unwrap_err().id(), "badValueInteger");
        assert!(number_f32(&n("3.4e38"), &key).is_ok() && number_f32(&n("18446744073709551615"), &key).is_ok());
        let e = number_f32(&n("3.5e38"), &key).unwrap_err();
        assert_eq!((e.id(), e.details().unwrap()), ("badValueFloat", &json!({"key": "n"})));
    }

    #[test]
    fn the_tree_reads_like_serde_json_value() {
        let text = br#"{"a": 1, "b": -2, "c": 1.5, "d": "x\"y", "e": [true, null], "f": {"g": 18446744073709551615}, "a": "last"}"#;
        let tree = Json::parse(text).unwrap();
        let value: Value = serde_json::from_slice(text).unwrap();
        assert_eq!(tree.as_object().unwrap().keys().count(), 7);
        // Repeated names: the last value counts, as in `Value`.
        assert_eq!(tree.as_object().unwrap().get("a").and_then(Json::as_str), Some("last"));
        let from_value = Json::from_value(&value);
        for name in ["a", "b", "c", "d", "e", "f"] {
            assert_eq!(tree.as_object().unwrap().get(name), from_value.as_object().unwrap().get(name), "{name}");
        }
        assert!(
            matches!(tree.as_object().unwrap().get("d"), Some(Json::String(std::borrow::Cow::Owned(s))) if s == "x\"y")
        );
        let b = tree.as_object().unwrap().get("b").unwrap();
        assert!(b.is_i64() && !b.is_u64() && b.is_number());
        let big = tree.as_object().unwrap().get("f").unwrap().as_object().unwrap().get("g").unwrap();
        assert!(big.is_u64() && !big.is_i64());
        assert!(Json::parse(b"{nope").is_err() && Json::parse(b"[1,]").is_err());
    }
}
