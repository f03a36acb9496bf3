//! Building blocks of the generated request validators (`crate::validate`).
//!
//! Each check answers the first problem with the Onedata error id and
//! details a zone would send. Keys are dotted paths from the body root
//! (`serviceProperties.host`), built lazily so a valid body costs no
//! allocation.

use std::fmt;

use serde_json::{Map, Value};

use crate::error::ApiError;

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
pub fn object<'v>(value: &'v Value, key: &Key<'_>) -> Result<&'v Map<String, Value>, ApiError> {
    match value.as_object() {
        Some(map) => Ok(map),
        None if key.is_root() => Err(ApiError::malformed_data()),
        None => Err(ApiError::bad_value_type("badValueJSON", &key.to_string())),
    }
}

/// `name` must be present in `object`.
pub fn required(object: &Map<String, Value>, key: &Key<'_>, name: &str) -> Result<(), ApiError> {
    if object.contains_key(name) { Ok(()) } else { Err(ApiError::missing_required_value(&key.child(name).to_string())) }
}

/// At least `min` of `names` must be present.
pub fn at_least(object: &Map<String, Value>, key: &Key<'_>, names: &[&str], min: usize) -> Result<(), ApiError> {
    if names.iter().filter(|n| object.contains_key(**n)).count() >= min {
        Ok(())
    } else {
        let keys: Vec<String> = names.iter().map(|n| key.child(n).to_string()).collect();
        Err(ApiError::missing_at_least_one_value(&keys))
    }
}

/// No property outside `names` (`additionalProperties: false`).
pub fn no_other_properties(object: &Map<String, Value>, key: &Key<'_>, names: &[&str]) -> Result<(), ApiError> {
    match object.keys().find(|k| !names.contains(&k.as_str())) {
        Some(extra) => Err(ApiError::bad_value_type("badValueJSON", &key.child(extra).to_string())),
        None => Ok(()),
    }
}

/// A string.
pub fn string(value: &Value, key: &Key<'_>) -> Result<(), ApiError> {
    if value.is_string() { Ok(()) } else { Err(ApiError::bad_value_type("badValueString", &key.to_string())) }
}

/// A string out of `allowed`.
pub fn string_enum(value: &Value, key: &Key<'_>, allowed: &[&str]) -> Result<(), ApiError> {
    match value.as_str() {
        Some(s) if allowed.contains(&s) => Ok(()),
        Some(_) => Err(ApiError::bad_value_not_allowed(&key.to_string(), allowed)),
        None => Err(ApiError::bad_value_type("badValueString", &key.to_string())),
    }
}

/// A boolean.
pub fn boolean(value: &Value, key: &Key<'_>) -> Result<(), ApiError> {
    if value.is_boolean() { Ok(()) } else { Err(ApiError::bad_value_type("badValueBoolean", &key.to_string())) }
}

/// An integer.
pub fn integer(value: &Value, key: &Key<'_>) -> Result<(), ApiError> {
    if value.is_i64() || value.is_u64() {
        Ok(())
    } else {
        Err(ApiError::bad_value_type("badValueInteger", &key.to_string()))
    }
}

/// A number.
pub fn number(value: &Value, key: &Key<'_>) -> Result<(), ApiError> {
    if value.is_number() { Ok(()) } else { Err(ApiError::bad_value_type("badValueFloat", &key.to_string())) }
}

/// A list (of anything; the caller checks the items).
pub fn array<'v>(value: &'v Value, key: &Key<'_>) -> Result<&'v [Value], ApiError> {
    match value.as_array() {
        Some(items) => Ok(items),
        None => Err(ApiError::bad_value_type("badValueJSON", &key.to_string())),
    }
}

/// A list whose every item is a string out of `allowed`.
pub fn string_enum_list(value: &Value, key: &Key<'_>, allowed: &[&str]) -> Result<(), ApiError> {
    let ok =
        value.as_array().is_some_and(|items| items.iter().all(|v| v.as_str().is_some_and(|s| allowed.contains(&s))));
    if ok { Ok(()) } else { Err(ApiError::bad_value_list_not_allowed(&key.to_string(), allowed)) }
}

/// The tag of a tagged union: an object whose property `tag` is one of
/// `allowed`; returns the tag and the object.
pub fn tag<'v>(
    value: &'v Value,
    key: &Key<'_>,
    tag: &str,
    allowed: &[&str],
) -> Result<(&'v str, &'v Map<String, Value>), ApiError> {
    let object = object(value, key)?;
    match object.get(tag) {
        None => Err(ApiError::missing_required_value(&key.child(tag).to_string())),
        Some(Value::String(t)) if allowed.contains(&t.as_str()) => Ok((t.as_str(), object)),
        Some(Value::String(_)) => Err(ApiError::bad_value_not_allowed(&key.child(tag).to_string(), allowed)),
        Some(_) => Err(ApiError::bad_value_type("badValueString", &key.child(tag).to_string())),
    }
}

/// A generated validator function.
pub type Validator = fn(&Value, &Key<'_>) -> Result<(), ApiError>;

/// Exactly one of `alternatives` accepts the value (an untagged `oneOf`).
pub fn one_of(value: &Value, key: &Key<'_>, alternatives: &[Validator]) -> Result<(), ApiError> {
    let accepted = alternatives.iter().filter(|alt| alt(value, key).is_ok()).count();
    match accepted {
        1 => Ok(()),
        _ if key.is_root() && !value.is_object() => Err(ApiError::malformed_data()),
        _ => Err(ApiError::bad_value_type("badValueJSON", &key.to_string())),
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
        let e = tag(&v, &Key::ROOT.child("serviceProperties"), "type", &["DOI", "PID"]).unwrap_err();
        assert_eq!(e.id(), "badValueNotAllowed");
        assert_eq!(e.details().unwrap(), &json!({"key": "serviceProperties.type", "allowed": ["DOI", "PID"]}));
        let e = object(&json!([1]), &Key::ROOT).unwrap_err();
        assert_eq!(e.id(), "malformedData");
        let e = string_enum_list(&json!(["a", "x"]), &Key::ROOT.child("grant"), &["a"]).unwrap_err();
        assert_eq!((e.id(), e.details().unwrap()["key"].as_str()), ("badValueListNotAllowed", Some("grant")));
        let e = at_least(json!({}).as_object().unwrap(), &Key::ROOT, &["grant", "revoke"], 1).unwrap_err();
        assert_eq!(e.details().unwrap(), &json!({"keys": ["grant", "revoke"]}));
    }
}
