//! Reference semantics of request validation, as an interpreter over the
//! spec's schemas.
//!
//! The lint uses it to check every example of the spec against its schema
//! (`openapi-spec-validator` does not). The server emitter generates code
//! with the same rules, so the Onedata error ids below are the ones a
//! generated server answers with; the conformance suite compares the two.

use serde_json::Value;

/// One way a value breaks its schema, in Onedata's terms.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// Onedata error id, e.g. `missingRequiredValue`.
    pub id: &'static str,
    /// Dotted path of the offending field from the body root
    /// (`serviceProperties.host`); empty for the body itself.
    pub key: String,
    /// Allowed values, for the `*NotAllowed` ids.
    pub allowed: Vec<Value>,
    /// Alternative keys, for `missingAtLeastOneValue`.
    pub keys: Vec<String>,
}

impl Violation {
    fn new(id: &'static str, key: &str) -> Self {
        Self { id, key: key.to_owned(), allowed: Vec::new(), keys: Vec::new() }
    }

    /// Human-readable one-liner for lint messages.
    pub fn describe(&self) -> String {
        let at = if self.key.is_empty() { "the value".to_owned() } else { format!("`{}`", self.key) };
        match self.id {
            "missingRequiredValue" => format!("{at} is required but missing"),
            "missingAtLeastOneValue" => format!("at least one of {:?} must be given", self.keys),
            "badValueNotAllowed" | "badValueListNotAllowed" => {
                format!("{at} holds a value outside {}", Value::Array(self.allowed.clone()))
            }
            "badValueString" => format!("{at} must be a string"),
            "badValueBoolean" => format!("{at} must be a boolean"),
            "badValueInteger" => format!("{at} must be an integer"),
            "badValueFloat" => format!("{at} must be a number"),
            "badValueJSON" => format!("{at} does not have the declared JSON shape"),
            "malformedData" => "the body must be a JSON object".to_owned(),
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

/// Validates `value` against `schema`; appends every violation to `out`.
pub fn validate(doc: &Value, schema: &Value, value: &Value, out: &mut Vec<Violation>) {
    validate_at(doc, schema, value, "", out);
}

fn join(key: &str, child: &str) -> String {
    if key.is_empty() { child.to_owned() } else { format!("{key}.{child}") }
}

fn validate_at(doc: &Value, schema: &Value, value: &Value, key: &str, out: &mut Vec<Violation>) {
    let Some(schema) = deref(doc, schema) else { return };
    if value.is_null() && schema.get("nullable").and_then(Value::as_bool) == Some(true) {
        return;
    }
    if schema.get("oneOf").is_some() {
        validate_one_of(doc, schema, value, key, out);
        return;
    }
    let ty = schema.get("type").and_then(Value::as_str);
    match ty {
        Some("object") => validate_object(doc, schema, value, key, out),
        Some("array") => validate_array(doc, schema, value, key, out),
        Some("string") => {
            if !value.is_string() {
                out.push(Violation::new("badValueString", key));
            } else {
                check_enum(schema, value, key, "badValueNotAllowed", out);
            }
        }
        Some("boolean") => {
            if !value.is_boolean() {
                out.push(Violation::new("badValueBoolean", key));
            }
        }
        Some("integer") => {
            if !(value.is_i64() || value.is_u64()) {
                out.push(Violation::new("badValueInteger", key));
            } else {
                check_enum(schema, value, key, "badValueNotAllowed", out);
            }
        }
        Some("number") => {
            if !value.is_number() {
                out.push(Violation::new("badValueFloat", key));
            }
        }
        _ => {
            if schema.get("properties").is_some() {
                validate_object(doc, schema, value, key, out);
            }
        }
    }
}

fn check_enum(schema: &Value, value: &Value, key: &str, id: &'static str, out: &mut Vec<Violation>) {
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        out.push(Violation { allowed: allowed.clone(), ..Violation::new(id, key) });
    }
}

fn validate_object(doc: &Value, schema: &Value, value: &Value, key: &str, out: &mut Vec<Violation>) {
    let Some(obj) = value.as_object() else {
        out.push(Violation::new(if key.is_empty() { "malformedData" } else { "badValueJSON" }, key));
        return;
    };
    let empty = serde_json::Map::new();
    let props = schema.get("properties").and_then(Value::as_object).unwrap_or(&empty);
    if let Some(required) = schema.get("required").and_then(Value::as_array) {
        for name in required.iter().filter_map(Value::as_str) {
            if !obj.contains_key(name) {
                out.push(Violation::new("missingRequiredValue", &join(key, name)));
            }
        }
    }
    if let Some(min) = schema.get("minProperties").and_then(Value::as_u64) {
        let present = props.keys().filter(|k| obj.contains_key(k.as_str())).count() as u64;
        if present < min {
            out.push(Violation {
                keys: props.keys().map(|k| join(key, k)).collect(),
                ..Violation::new("missingAtLeastOneValue", key)
            });
        }
    }
    for (name, prop_schema) in props {
        if let Some(v) = obj.get(name) {
            validate_at(doc, prop_schema, v, &join(key, name), out);
        }
    }
    if schema.get("additionalProperties") == Some(&Value::Bool(false)) {
        for name in obj.keys().filter(|k| !props.contains_key(k.as_str())) {
            out.push(Violation::new("badValueJSON", &join(key, name)));
        }
    }
}

fn validate_array(doc: &Value, schema: &Value, value: &Value, key: &str, out: &mut Vec<Violation>) {
    let items = schema.get("items").and_then(|i| deref(doc, i));
    let item_enum = items.and_then(|i| i.get("enum")).and_then(Value::as_array);
    let Some(list) = value.as_array() else {
        match item_enum {
            Some(allowed) => {
                out.push(Violation { allowed: allowed.clone(), ..Violation::new("badValueListNotAllowed", key) })
            }
            None => out.push(Violation::new("badValueJSON", key)),
        }
        return;
    };
    if let Some(allowed) = item_enum {
        if list.iter().any(|v| !allowed.contains(v)) {
            out.push(Violation { allowed: allowed.clone(), ..Violation::new("badValueListNotAllowed", key) });
        }
        return;
    }
    if let Some(items) = items {
        for v in list {
            validate_at(doc, items, v, key, out);
        }
    }
}

fn validate_one_of(doc: &Value, schema: &Value, value: &Value, key: &str, out: &mut Vec<Violation>) {
    if let Some((tag, variants)) = tagged_union(doc, schema) {
        let Some(obj) = value.as_object() else {
            out.push(Violation::new(if key.is_empty() { "malformedData" } else { "badValueJSON" }, key));
            return;
        };
        let tag_key = join(key, &tag);
        let allowed: Vec<Value> = variants.iter().map(|(t, _)| Value::String(t.clone())).collect();
        match obj.get(&tag) {
            None => out.push(Violation::new("missingRequiredValue", &tag_key)),
            Some(Value::String(t)) => match variants.iter().find(|(vt, _)| vt == t) {
                Some((_, variant)) => validate_object(doc, variant, value, key, out),
                None => out.push(Violation { allowed, ..Violation::new("badValueNotAllowed", &tag_key) }),
            },
            Some(_) => out.push(Violation::new("badValueString", &tag_key)),
        }
        return;
    }
    // Untagged: exactly one alternative must accept the value.
    let alternatives = schema.get("oneOf").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
    let matching = alternatives
        .iter()
        .filter(|alt| {
            let mut scratch = Vec::new();
            validate_at(doc, alt, value, key, &mut scratch);
            scratch.is_empty()
        })
        .count();
    if matching != 1 {
        out.push(Violation::new(
            if key.is_empty() && !value.is_object() { "malformedData" } else { "badValueJSON" },
            key,
        ));
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
        out.into_iter().map(|v| (v.id, v.key)).collect()
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
    fn privileges_and_at_least_one() {
        assert_eq!(check("Upd", json!({})), vec![("missingAtLeastOneValue", String::new())]);
        assert_eq!(check("Upd", json!({"grant": ["c"]})), vec![("badValueListNotAllowed", "grant".to_owned())]);
        assert_eq!(check("Upd", json!({"grant": "a"})), vec![("badValueListNotAllowed", "grant".to_owned())]);
        assert!(check("Upd", json!({"revoke": []})).is_empty());
        assert_eq!(check("Upd", json!([1])), vec![("malformedData", String::new())]);
    }
}
