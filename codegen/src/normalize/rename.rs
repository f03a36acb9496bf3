//! Component schema names that are no Rust identifiers (`geo.area`,
//! `thing-summary`) are renamed: every character other than an ASCII letter,
//! digit or `_` becomes `_`, and a name not starting with a letter gets an
//! `X` in front (`geo_area`, `thing_summary`, `X1st`). Every reference to
//! the schema, and every `discriminator.mapping` naming it, follows. The Rust
//! type is then typify's name for the new one (`GeoArea`).
//!
//! A new name that another schema already has (`a-b` beside `a_b`) is
//! refused: which of the two should keep it is the author's call.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::{Moves, component_schemas, schema_ref, schema_ref_name};
use crate::error::{Diagnostic, pointer_push};

/// The name a schema called `name` gets.
pub(super) fn rust_friendly(name: &str) -> String {
    let mut out: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert(0, 'X');
    }
    out
}

/// Renames the component schemas whose names are no identifiers; returns
/// each new name with the name it replaces (a discriminator's default tag
/// value is the name as written).
pub(super) fn sanitize_schema_names(
    doc: &mut Value,
    moves: &mut Moves,
    problems: &mut Vec<Diagnostic>,
) -> BTreeMap<String, String> {
    let schemas = component_schemas(doc);
    let taken: BTreeSet<&str> = schemas.iter().map(|(n, _)| n.as_str()).collect();
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    let mut new_names: BTreeMap<String, String> = BTreeMap::new();
    for (name, _) in &schemas {
        let new = rust_friendly(name);
        if new == *name {
            continue;
        }
        let at = pointer_push("/components/schemas", name);
        if taken.contains(new.as_str()) {
            problems.push(Diagnostic::new(
                at,
                format!("schema name `{name}` is not a Rust identifier; it would be renamed `{new}`, the name of the schema at {}: rename one of them", pointer_push("/components/schemas", &new)),
            ));
        } else if let Some(first) = new_names.get(&new) {
            problems.push(Diagnostic::new(
                at,
                format!("schema names `{first}` and `{name}` are no Rust identifiers and would both be renamed `{new}`: rename one of them"),
            ));
        } else {
            new_names.insert(new.clone(), name.clone());
            renamed.insert(name.clone(), new);
        }
    }
    if renamed.is_empty() {
        return BTreeMap::new();
    }
    let mut out = Map::new();
    for (name, schema) in schemas {
        let key = renamed.get(&name).cloned().unwrap_or(name);
        out.insert(key, schema);
    }
    if let Some(slot) = doc.pointer_mut("/components/schemas") {
        *slot = Value::Object(out);
    }
    rewrite_references(doc, &renamed);
    for (old, new) in &renamed {
        moves.record(pointer_push("/components/schemas", new), pointer_push("/components/schemas", old));
    }
    new_names
}

/// Points every schema reference (and discriminator mapping) at the new names.
fn rewrite_references(node: &mut Value, renamed: &BTreeMap<String, String>) {
    match node {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match key.as_str() {
                    // Data, not references.
                    "example" | "examples" | "x-code-samples" => {}
                    "$ref" => {
                        if let Some(new) = value.as_str().and_then(schema_ref_name).and_then(|n| renamed.get(&n)) {
                            *value = Value::String(schema_ref(new));
                        }
                    }
                    "discriminator" => {
                        if let Some(mapping) = value.get_mut("mapping").and_then(Value::as_object_mut) {
                            for target in mapping.values_mut() {
                                let Some(text) = target.as_str() else { continue };
                                let name = schema_ref_name(text).unwrap_or_else(|| text.to_owned());
                                if let Some(new) = renamed.get(&name) {
                                    *target = Value::String(schema_ref(new));
                                }
                            }
                        }
                    }
                    _ => rewrite_references(value, renamed),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite_references(v, renamed)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_become_identifiers_and_references_follow() {
        assert_eq!(rust_friendly("geo.area"), "geo_area");
        assert_eq!(rust_friendly("thing-summary"), "thing_summary");
        assert_eq!(rust_friendly("1st"), "X1st");
        let mut doc = json!({
            "components": {"schemas": {
                "geo.area": {"type": "object"},
                "Holder": {"properties": {"a": {"$ref": "#/components/schemas/geo.area"}},
                           "example": {"$ref": "#/components/schemas/geo.area"}},
                "U": {"oneOf": [{"$ref": "#/components/schemas/geo.area"}],
                      "discriminator": {"propertyName": "t", "mapping": {"g": "geo.area"}}}}}});
        let mut moves = Moves::default();
        let mut problems = Vec::new();
        let originals = sanitize_schema_names(&mut doc, &mut moves, &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(originals.get("geo_area").map(String::as_str), Some("geo.area"));
        let names: Vec<&String> = doc["components"]["schemas"].as_object().unwrap().keys().collect();
        assert_eq!(names, ["geo_area", "Holder", "U"], "document order is kept");
        assert_eq!(
            doc.pointer("/components/schemas/Holder/properties/a/$ref"),
            Some(&json!("#/components/schemas/geo_area"))
        );
        assert_eq!(
            doc.pointer("/components/schemas/Holder/example/$ref"),
            Some(&json!("#/components/schemas/geo.area"))
        );
        assert_eq!(
            doc.pointer("/components/schemas/U/discriminator/mapping/g"),
            Some(&json!("#/components/schemas/geo_area"))
        );
        assert_eq!(moves.original("/components/schemas/geo_area/type"), "/components/schemas/geo.area/type");
    }

    #[test]
    fn a_taken_new_name_is_refused() {
        let mut doc = json!({"components": {"schemas": {"a-b": {}, "a_b": {}, "c.d": {}, "c+d": {}}}});
        let mut problems = Vec::new();
        sanitize_schema_names(&mut doc, &mut Moves::default(), &mut problems);
        let pointers: Vec<&str> = problems.iter().map(|p| p.pointer.as_str()).collect();
        assert_eq!(pointers, ["/components/schemas/a-b", "/components/schemas/c+d"]);
        assert!(problems[0].message.contains("renamed `a_b`, the name of the schema at /components/schemas/a_b"));
        assert!(problems[1].message.contains("`c.d` and `c+d`"));
    }
}
