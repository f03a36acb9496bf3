//! Reference semantics of request validation: an interpreter of the rule
//! model (`rules.rs`) answering in Onedata error ids.
//!
//! The lint uses it to check every example of the spec against its schema
//! (`openapi-spec-validator` does not). The server emitter writes the same
//! rules as validator code, so the error ids below are the ones a generated
//! server answers with; the conformance suite compares the two.

use onezone_errors::ErrorId;
use serde_json::Value;

use crate::rules::{Bounds, Limit, ObjectRule, Others, Rule};

/// One way a value breaks its schema, in Onedata's terms.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// Onedata error id, e.g. `missingRequiredValue`.
    pub id: ErrorId,
    /// Dotted path of the offending field from the body root
    /// (`serviceProperties.host`); empty for the body itself.
    pub key: String,
    /// Allowed values, for the `*NotAllowed` ids.
    pub allowed: Vec<Value>,
    /// Alternative keys, for `missingAtLeastOneValue`.
    pub keys: Vec<String>,
    /// The bounds of the range, for `badValueTooLow` (`low` only),
    /// `badValueTooHigh` (`high` only) and `badValueNotInRange` (both).
    pub low: Option<Value>,
    /// See `low`.
    pub high: Option<Value>,
}

impl Violation {
    fn new(id: ErrorId, key: &str) -> Self {
        Self { id, key: key.to_owned(), allowed: Vec::new(), keys: Vec::new(), low: None, high: None }
    }

    fn not_allowed(id: ErrorId, key: &str, allowed: &[String]) -> Self {
        Self { allowed: allowed.iter().map(|a| Value::String(a.clone())).collect(), ..Self::new(id, key) }
    }

    fn out_of_range(key: &str, bounds: &Bounds) -> Self {
        let id = match (bounds.low, bounds.high) {
            (Some(_), Some(_)) => ErrorId::BadValueNotInRange,
            (Some(_), None) => ErrorId::BadValueTooLow,
            _ => ErrorId::BadValueTooHigh,
        };
        Self { low: bounds.low.map(Limit::to_json), high: bounds.high.map(Limit::to_json), ..Self::new(id, key) }
    }

    /// Human-readable one-liner for lint messages.
    pub fn describe(&self) -> String {
        let at = if self.key.is_empty() { "the value".to_owned() } else { format!("`{}`", self.key) };
        match self.id {
            ErrorId::MissingRequiredValue => format!("{at} is required but missing"),
            ErrorId::MissingAtLeastOneValue => format!("at least one of {:?} must be given", self.keys),
            ErrorId::BadValueNotAllowed | ErrorId::BadValueListNotAllowed => {
                format!("{at} holds a value outside {}", Value::Array(self.allowed.clone()))
            }
            ErrorId::BadValueString => format!("{at} must be a string"),
            ErrorId::BadValueBoolean => format!("{at} must be a boolean"),
            ErrorId::BadValueInteger => format!("{at} must be an integer"),
            ErrorId::BadValueFloat => format!("{at} must be a number"),
            ErrorId::BadValueJson => format!("{at} does not have the declared JSON shape"),
            ErrorId::MalformedData => "the body must be a JSON object".to_owned(),
            ErrorId::BadValueEmpty => format!("{at} must not be empty"),
            ErrorId::BadValueTooLow | ErrorId::BadValueTooHigh | ErrorId::BadValueNotInRange => {
                let bound = |b: &Option<Value>| b.as_ref().map_or_else(|| "…".to_owned(), Value::to_string);
                format!("{at} must lie in {}..={}", bound(&self.low), bound(&self.high))
            }
            other => format!("{at}: {other}"),
        }
    }
}

/// Resolves a local `$ref` (`#/components/...`) inside `doc`.
pub(crate) fn resolve_ref<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    reference.strip_prefix('#').and_then(|pointer| doc.pointer(pointer))
}

/// Follows a chain of `$ref`s to the schema it ends at. `None` when a ref does
/// not resolve or the chain loops (the lint reports both on their own).
pub(crate) fn deref<'a>(doc: &'a Value, mut schema: &'a Value) -> Option<&'a Value> {
    for _ in 0..32 {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(r) => schema = resolve_ref(doc, r)?,
            None => return Some(schema),
        }
    }
    None
}

/// If `schema` is a `oneOf` of objects tagged by a one-value enum on a common
/// required property, returns that property name and, per variant, its tag.
pub(crate) fn tagged_union<'a>(doc: &'a Value, schema: &'a Value) -> Option<(String, Vec<(String, &'a Value)>)> {
    let variants = schema.get("oneOf")?.as_array()?;
    let mut tag_name: Option<String> = None;
    let mut out = Vec::new();
    for variant in variants {
        let variant = deref(doc, variant)?;
        let props = variant.get("properties")?.as_object()?;
        let required: Vec<&str> = variant
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let (name, tag) = props.iter().find_map(|(name, prop)| {
            let prop = deref(doc, prop)?;
            let values = prop.get("enum")?.as_array()?;
            match values.as_slice() {
                [Value::String(tag)] if required.contains(&name.as_str()) => Some((name.clone(), tag.clone())),
                _ => None,
            }
        })?;
        match &tag_name {
            Some(existing) if *existing != name => return None,
            _ => tag_name = Some(name),
        }
        out.push((tag, variant));
    }
    tag_name.map(|t| (t, out))
}

/// Validates `value` against `schema`, a schema node of `doc`; appends every
/// violation to `out`.
pub fn validate(doc: &Value, schema: &Value, value: &Value, out: &mut Vec<Violation>) {
    Named { doc, entered: std::cell::RefCell::new(Vec::new()) }.check(&Rule::build(doc, schema), value, "", out);
}

/// The interpreter, looking named schemas up in `doc` as it meets them (so a
/// recursive schema is followed only as deep as the value goes).
struct Named<'a> {
    doc: &'a Value,
    /// The named schemas being checked, each with the address of the value
    /// it is checked against: meeting the same pair again means a chain of
    /// `$ref`s that consumes no data (`A: {$ref: A}`) and would never end.
    /// The lint refuses such cycles on their own; here they stop.
    entered: std::cell::RefCell<Vec<(String, usize)>>,
}

fn join(key: &str, child: &str) -> String {
    if key.is_empty() { child.to_owned() } else { format!("{key}.{child}") }
}

/// `malformedData` for the body itself, `badValueJSON` for a field.
fn wrong_shape(key: &str) -> ErrorId {
    if key.is_empty() { ErrorId::MalformedData } else { ErrorId::BadValueJson }
}

impl Named<'_> {
    fn rule(&self, name: &str) -> Option<Rule> {
        self.doc.pointer(&format!("/components/schemas/{name}")).map(|s| Rule::build(self.doc, s))
    }

    fn check(&self, rule: &Rule, value: &Value, key: &str, out: &mut Vec<Violation>) {
        match rule {
            Rule::Named(name) => {
                let here = (name.clone(), std::ptr::from_ref(value) as usize);
                if self.entered.borrow().contains(&here) {
                    return;
                }
                if let Some(rule) = self.rule(name) {
                    self.entered.borrow_mut().push(here);
                    self.check(&rule, value, key, out);
                    self.entered.borrow_mut().pop();
                }
            }
            Rule::Nullable(inner) => {
                if !value.is_null() {
                    self.check(inner, value, key, out);
                }
            }
            Rule::Object(object) => self.check_object(object, value, key, out),
            Rule::Tagged { tag, variants } => {
                let Some(obj) = value.as_object() else {
                    out.push(Violation::new(wrong_shape(key), key));
                    return;
                };
                let tag_key = join(key, tag);
                match obj.get(tag) {
                    None => out.push(Violation::new(ErrorId::MissingRequiredValue, &tag_key)),
                    Some(Value::String(t)) => match variants.iter().find(|(vt, _)| vt == t) {
                        Some((_, variant)) => self.check_object(variant, value, key, out),
                        None => {
                            let allowed: Vec<String> = variants.iter().map(|(t, _)| t.clone()).collect();
                            out.push(Violation::not_allowed(ErrorId::BadValueNotAllowed, &tag_key, &allowed));
                        }
                    },
                    Some(_) => out.push(Violation::new(ErrorId::BadValueString, &tag_key)),
                }
            }
            Rule::OneOf(alternatives) => {
                let matching = alternatives
                    .iter()
                    .filter(|alt| {
                        let mut scratch = Vec::new();
                        self.check(alt, value, key, &mut scratch);
                        scratch.is_empty()
                    })
                    .count();
                if matching != 1 {
                    let id = if key.is_empty() && !value.is_object() {
                        ErrorId::MalformedData
                    } else {
                        ErrorId::BadValueJson
                    };
                    out.push(Violation::new(id, key));
                }
            }
            Rule::EnumList { allowed, non_empty } => {
                let fits = value.as_array().is_some_and(|list| {
                    list.iter().all(|v| v.as_str().is_some_and(|s| allowed.iter().any(|a| a == s)))
                });
                if !fits {
                    out.push(Violation::not_allowed(ErrorId::BadValueListNotAllowed, key, allowed));
                } else if *non_empty && value.as_array().is_some_and(Vec::is_empty) {
                    out.push(Violation::new(ErrorId::BadValueEmpty, key));
                }
            }
            Rule::Array { items, non_empty } => match value.as_array() {
                Some(list) if list.is_empty() && *non_empty => out.push(Violation::new(ErrorId::BadValueEmpty, key)),
                Some(list) => list.iter().for_each(|v| self.check(items, v, key, out)),
                None => out.push(Violation::new(ErrorId::BadValueJson, key)),
            },
            Rule::String(allowed) => match (value.as_str(), allowed) {
                (None, _) => out.push(Violation::new(ErrorId::BadValueString, key)),
                (Some(s), Some(allowed)) if !allowed.iter().any(|a| a == s) => {
                    out.push(Violation::not_allowed(ErrorId::BadValueNotAllowed, key, allowed));
                }
                (Some(_), _) => {}
            },
            Rule::Boolean if !value.is_boolean() => out.push(Violation::new(ErrorId::BadValueBoolean, key)),
            Rule::Integer { width, bounds } => {
                let n = value.as_i64().map(i128::from).or_else(|| value.as_u64().map(i128::from));
                let fits = match (n, width) {
                    (None, _) => false,
                    (Some(n), Some(width)) => width.holds(n),
                    (Some(_), None) => true,
                };
                if !fits {
                    out.push(Violation::new(ErrorId::BadValueInteger, key));
                } else {
                    self.range(value, bounds, key, out);
                }
            }
            Rule::Number { single, bounds } => {
                let fits = value.as_f64().is_some_and(|f| !single || f.abs() <= f64::from(f32::MAX));
                if !fits {
                    out.push(Violation::new(ErrorId::BadValueFloat, key));
                } else {
                    self.range(value, bounds, key, out);
                }
            }
            Rule::Boolean | Rule::Any => {}
        }
    }

    /// A number of the right type must also lie within its bounds.
    fn range(&self, value: &Value, bounds: &Bounds, key: &str, out: &mut Vec<Violation>) {
        if value.as_number().is_some_and(|n| !bounds.hold(n)) {
            out.push(Violation::out_of_range(key, bounds));
        }
    }

    fn check_object(&self, rule: &ObjectRule, value: &Value, key: &str, out: &mut Vec<Violation>) {
        let Some(obj) = value.as_object() else {
            out.push(Violation::new(wrong_shape(key), key));
            return;
        };
        for name in rule.required.iter().filter(|name| !obj.contains_key(name.as_str())) {
            out.push(Violation::new(ErrorId::MissingRequiredValue, &join(key, name)));
        }
        if let Some(min) = rule.min_properties {
            let names = rule.names();
            if names.iter().filter(|name| obj.contains_key(**name)).count() < min {
                out.push(Violation {
                    keys: names.iter().map(|name| join(key, name)).collect(),
                    ..Violation::new(ErrorId::MissingAtLeastOneValue, key)
                });
            }
        }
        for (name, rule) in &rule.properties {
            if let Some(v) = obj.get(name) {
                self.check(rule, v, &join(key, name), out);
            }
        }
        let names = rule.names();
        let others = obj.iter().filter(|(k, _)| !names.contains(&k.as_str()));
        match &rule.others {
            Others::Allowed => {}
            Others::Refused => {
                for (name, _) in others {
                    out.push(Violation::new(ErrorId::BadValueJson, &join(key, name)));
                }
            }
            Others::Each(each) => {
                for (name, v) in others {
                    self.check(each, v, &join(key, name), out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({"components": {"schemas": {
            "Privs": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}},
            "Upd": {"type": "object", "minProperties": 1, "properties": {
                "grant": {"$ref": "#/components/schemas/Privs"},
                "revoke": {"$ref": "#/components/schemas/Privs"}}},
            "Props": {"oneOf": [
                {"type": "object", "required": ["type", "host"], "properties": {
                    "type": {"type": "string", "enum": ["DOI"]}, "host": {"type": "string"},
                    "flag": {"type": "boolean"}}},
                {"type": "object", "required": ["type", "endpoint"], "properties": {
                    "type": {"type": "string", "enum": ["PID"]}, "endpoint": {"type": "string"}}}]},
            "Svc": {"type": "object", "required": ["name", "serviceProperties"], "properties": {
                "name": {"type": "string"},
                "serviceProperties": {"$ref": "#/components/schemas/Props"}}}
        }}})
    }

    fn check(schema: &str, value: Value) -> Vec<(&'static str, String)> {
        let d = doc();
        let s = json!({"$ref": format!("#/components/schemas/{schema}")});
        let mut out = Vec::new();
        validate(&d, &s, &value, &mut out);
        out.into_iter().map(|v| (v.id.as_str(), v.key)).collect()
    }

    /// A schema that is only a reference to itself (or a longer such
    /// chain) describes no value; checking an example against it ends.
    #[test]
    fn a_cycle_of_references_that_consumes_no_data_ends() {
        let d = json!({"components": {"schemas": {
            "A": {"$ref": "#/components/schemas/A"},
            "B": {"$ref": "#/components/schemas/C"},
            "C": {"oneOf": [{"$ref": "#/components/schemas/B"}, {"type": "string"}]}}}});
        for name in ["A", "B", "C"] {
            let mut out = Vec::new();
            validate(&d, &json!({"$ref": format!("#/components/schemas/{name}")}), &json!({"x": 1}), &mut out);
        }
        // Recursion through data is still followed as deep as the value goes.
        assert_eq!(
            check("Upd", json!({"grant": ["a"], "revoke": ["z"]})),
            vec![("badValueListNotAllowed", "revoke".to_owned())]
        );
    }

    #[test]
    fn tagged_union_checks_the_chosen_variant() {
        assert!(check("Svc", json!({"name": "x", "serviceProperties": {"type": "DOI", "host": "h"}})).is_empty());
        assert_eq!(
            check("Svc", json!({"name": "x", "serviceProperties": {"type": "PID", "host": "h"}})),
            vec![("missingRequiredValue", "serviceProperties.endpoint".to_owned())]
        );
        assert_eq!(
            check("Svc", json!({"name": "x", "serviceProperties": {"type": "XYZ"}})),
            vec![("badValueNotAllowed", "serviceProperties.type".to_owned())]
        );
        assert_eq!(
            check("Svc", json!({"name": 3, "serviceProperties": {"type": "DOI", "host": "h", "flag": "no"}})),
            vec![("badValueString", "name".to_owned()), ("badValueBoolean", "serviceProperties.flag".to_owned())]
        );
    }

    #[test]
    fn maps_and_number_formats() {
        let d = json!({"components": {"schemas": {"Tags": {"type": "object", "required": ["n"], "properties": {
            "n": {"type": "integer", "format": "int32"}, "f": {"type": "number", "format": "float"}},
            "additionalProperties": {"type": "string"}}}}});
        let check = |value: Value| {
            let mut out = Vec::new();
            validate(&d, &json!({"$ref": "#/components/schemas/Tags"}), &value, &mut out);
            out.into_iter().map(|v| (v.id.as_str(), v.key)).collect::<Vec<_>>()
        };
        assert!(check(json!({"n": -2147483648, "f": 3.4e38, "x": "y"})).is_empty());
        assert_eq!(
            check(json!({"n": 2147483648_i64, "f": 3.5e38, "x": 1, "y": "z"})),
            [
                ("badValueInteger", "n".to_owned()),
                ("badValueFloat", "f".to_owned()),
                ("badValueString", "x".to_owned())
            ]
        );
        assert_eq!(check(json!({"n": 1.0})), [("badValueInteger", "n".to_owned())]);
    }

    #[test]
    fn bounds_and_non_empty_lists() {
        let d = json!({"components": {"schemas": {"Opts": {"type": "object", "properties": {
            "limit": {"type": "integer", "minimum": 1, "maximum": 1000},
            "size": {"type": "integer", "format": "int32", "exclusiveMinimum": true, "minimum": 0},
            "ratio": {"type": "number", "maximum": 0.5},
            "kinds": {"type": "array", "minItems": 1, "items": {"type": "string", "enum": ["a", "b"]}},
            "names": {"type": "array", "minItems": 1, "items": {"type": "string"}}}}}}});
        let check = |value: Value| {
            let mut out = Vec::new();
            validate(&d, &json!({"$ref": "#/components/schemas/Opts"}), &value, &mut out);
            out.into_iter().map(|v| (v.id.as_str(), v.key, v.low, v.high)).collect::<Vec<_>>()
        };
        assert!(check(json!({"limit": 1, "size": 1, "ratio": 0.5, "kinds": ["a"], "names": ["x"]})).is_empty());
        assert!(check(json!({"limit": 1000, "ratio": -1e300})).is_empty());
        assert_eq!(
            check(json!({"limit": 0, "size": 0, "ratio": 0.51, "kinds": [], "names": []})),
            [
                ("badValueNotInRange", "limit".to_owned(), Some(json!(1)), Some(json!(1000))),
                ("badValueTooLow", "size".to_owned(), Some(json!(1)), None),
                ("badValueTooHigh", "ratio".to_owned(), None, Some(json!(0.5))),
                ("badValueEmpty", "kinds".to_owned(), None, None),
                ("badValueEmpty", "names".to_owned(), None, None),
            ]
        );
        // The type comes first: a string is no integer, out of range or not.
        assert_eq!(check(json!({"limit": "5000"}))[0].0, "badValueInteger");
        assert_eq!(check(json!({"kinds": ["c"]}))[0].0, "badValueListNotAllowed");
    }

    #[test]
    fn privileges_and_at_least_one() {
        assert_eq!(check("Upd", json!({})), vec![("missingAtLeastOneValue", String::new())]);
        assert_eq!(check("Upd", json!({"grant": ["c"]})), vec![("badValueListNotAllowed", "grant".to_owned())]);
        assert_eq!(check("Upd", json!({"grant": "a"})), vec![("badValueListNotAllowed", "grant".to_owned())]);
        assert!(check("Upd", json!({"revoke": []})).is_empty());
        assert_eq!(check("Upd", json!([1])), vec![("malformedData", String::new())]);
    }
}
