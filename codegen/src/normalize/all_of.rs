//! `allOf` of object schemas becomes one object schema: the members' (and
//! the schema's own) properties and `required` lists united, in member
//! order. typify and progenitor then see one struct, the rule model one
//! object, so there is one validator for it.
//!
//! - A property declared by several members must mean the same there
//!   (annotations aside), or one declaration must narrow the other: a string
//!   whose `enum` is a subset of the other's, or a string given an `enum`
//!   (the usual subtype writing down its discriminator value). Anything else
//!   is refused at the later declaration.
//! - `additionalProperties` set by several members must agree, and applies
//!   to the merged object; `minProperties` is the largest given.
//! - A member must be an object schema (no `oneOf`, `anyOf`, `not`, `enum`,
//!   `items`, other `type`s); its `description`, `example`, `nullable` and
//!   extensions describe the member, not the merge, and are dropped: the
//!   merged schema keeps its own.
//! - `allOf` of a single `$ref` beside nothing but annotations and `nullable`
//!   is how OpenAPI 3.0 attaches those to a reference: it stays a reference
//!   (`{$ref}`, or `{nullable: true, oneOf: [{$ref}]}`, which typify turns
//!   into `Option<T>`), unless the schema is a discriminator's subtype.
//! - A schema whose `allOf` reaches itself is refused (it would contain
//!   itself).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::{Moves, component_schemas, is_annotation, schema_ref_name, without_annotations};
use crate::error::{Diagnostic, pointer_push};

/// Merges every `allOf` under `components/schemas`. `subtypes` are merged
/// even when they are a single reference.
pub(super) fn merge(doc: &mut Value, subtypes: &BTreeSet<String>, moves: &mut Moves, problems: &mut Vec<Diagnostic>) {
    let originals = component_schemas(doc);
    if !originals.iter().any(|(_, s)| mentions_all_of(s)) {
        return;
    }
    let mut merger = Merger {
        originals: originals.iter().cloned().collect(),
        done: BTreeMap::new(),
        in_progress: Vec::new(),
        subtypes,
        moves,
        problems,
    };
    let mut out = Map::new();
    for (name, schema) in &originals {
        let merged = merger.component(name).unwrap_or_else(|| schema.clone());
        out.insert(name.clone(), merged);
    }
    if let Some(slot) = doc.pointer_mut("/components/schemas") {
        *slot = Value::Object(out);
    }
}

fn mentions_all_of(node: &Value) -> bool {
    match node {
        Value::Object(map) => map.iter().any(|(k, v)| k == "allOf" || (k != "example" && mentions_all_of(v))),
        Value::Array(items) => items.iter().any(mentions_all_of),
        _ => false,
    }
}

struct Merger<'a> {
    originals: BTreeMap<String, Value>,
    done: BTreeMap<String, Value>,
    in_progress: Vec<String>,
    subtypes: &'a BTreeSet<String>,
    moves: &'a mut Moves,
    problems: &'a mut Vec<Diagnostic>,
}

/// One schema taking part in a merge, and where its properties are.
struct Part {
    schema: Value,
    at: String,
    /// The schema's own keywords beside `allOf` (their annotations are kept).
    own: bool,
}

impl Merger<'_> {
    fn problem(&mut self, at: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Diagnostic::new(at, message));
    }

    /// The merged form of component `name`; `None` while it is being merged
    /// (a member reaching back to it) or when there is no such component.
    fn component(&mut self, name: &str) -> Option<Value> {
        if let Some(done) = self.done.get(name) {
            return Some(done.clone());
        }
        if self.in_progress.iter().any(|n| n == name) {
            return None;
        }
        let schema = self.originals.get(name)?.clone();
        self.in_progress.push(name.to_owned());
        let merged = self.node(&schema, &pointer_push("/components/schemas", name), self.subtypes.contains(name));
        self.in_progress.pop();
        self.done.insert(name.to_owned(), merged.clone());
        Some(merged)
    }

    /// `node` with every `allOf` in it merged, itself included.
    fn node(&mut self, node: &Value, at: &str, force: bool) -> Value {
        let Value::Object(map) = node else { return node.clone() };
        let mut out = Map::new();
        for (key, value) in map {
            let walked = match key.as_str() {
                "allOf" => continue,
                "properties" => match value {
                    Value::Object(props) => {
                        let props_at = pointer_push(at, key);
                        Value::Object(
                            props
                                .iter()
                                .map(|(name, p)| (name.clone(), self.node(p, &pointer_push(&props_at, name), false)))
                                .collect(),
                        )
                    }
                    other => other.clone(),
                },
                "items" | "additionalProperties" | "not" => self.node(value, &pointer_push(at, key), false),
                "oneOf" | "anyOf" => match value {
                    Value::Array(list) => {
                        let list_at = pointer_push(at, key);
                        Value::Array(
                            list.iter()
                                .enumerate()
                                .map(|(i, v)| self.node(v, &pointer_push(&list_at, &i.to_string()), false))
                                .collect(),
                        )
                    }
                    other => other.clone(),
                },
                _ => value.clone(),
            };
            out.insert(key.clone(), walked);
        }
        match map.get("allOf") {
            Some(members) => self.all_of(members, out, at, force),
            None => Value::Object(out),
        }
    }

    fn all_of(&mut self, members: &Value, own: Map<String, Value>, at: &str, force: bool) -> Value {
        let all_of_at = pointer_push(at, "allOf");
        let Some(list) = members.as_array().filter(|l| !l.is_empty()) else {
            self.problem(all_of_at, "`allOf` must be a non-empty list of schemas");
            return Value::Object(own);
        };
        if let [only] = list.as_slice()
            && !force
            && let Some(reference) = only.get("$ref").and_then(Value::as_str)
            && own.keys().all(|k| is_annotation(k) || k == "nullable")
        {
            return reference_form(reference, own);
        }
        let mut parts = Vec::new();
        for (i, member) in list.iter().enumerate() {
            let member_at = pointer_push(&all_of_at, &i.to_string());
            match member.get("$ref").and_then(Value::as_str) {
                Some(reference) => {
                    let Some(name) = schema_ref_name(reference) else {
                        self.problem(
                            pointer_push(&member_at, "$ref"),
                            format!("`$ref: {reference}` in `allOf` must name a schema in #/components/schemas"),
                        );
                        continue;
                    };
                    match self.component(&name) {
                        Some(schema) => parts.push(Part { schema, at: pointer_push("/components/schemas", &name), own: false }),
                        None => self.problem(
                            pointer_push(&member_at, "$ref"),
                            format!(
                                "`allOf` reaches back to `{name}` ({}): merged, the schema would contain itself; recurse through `properties` or `items` instead",
                                self.in_progress.join(" → ")
                            ),
                        ),
                    }
                }
                None => {
                    let schema = self.node(member, &member_at, false);
                    parts.push(Part { schema, at: member_at, own: false });
                }
            }
        }
        parts.push(Part { schema: Value::Object(own), at: at.to_owned(), own: true });
        self.merge_parts(parts, at)
    }

    fn merge_parts(&mut self, parts: Vec<Part>, at: &str) -> Value {
        let mut properties = Map::new();
        let mut origins: BTreeMap<String, String> = BTreeMap::new();
        let mut required: Vec<Value> = Vec::new();
        let mut additional: Option<(Value, String)> = None;
        let mut min_properties: Option<u64> = None;
        let mut annotations = Map::new();
        for part in &parts {
            let Some(schema) = part.schema.as_object() else {
                self.problem(&part.at, "an `allOf` member must be a schema object");
                continue;
            };
            if let Some(why) = not_an_object(schema) {
                let at = if part.own { at.to_owned() } else { part.at.clone() };
                self.problem(
                    at,
                    format!("this `allOf` member {why}: only object schemas can be merged into one object"),
                );
                continue;
            }
            if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                for (name, declared) in props {
                    let declared_at = pointer_push(&pointer_push(&part.at, "properties"), name);
                    let Some(earlier) = properties.get(name) else {
                        properties.insert(name.clone(), declared.clone());
                        origins.insert(name.clone(), declared_at);
                        continue;
                    };
                    match self.combine(earlier, declared) {
                        Ok(combined) => {
                            properties.insert(name.clone(), combined);
                            origins.insert(name.clone(), declared_at);
                        }
                        Err(why) => {
                            let first = origins.get(name).cloned().unwrap_or_default();
                            self.problem(
                                declared_at,
                                format!("`allOf` members declare property `{name}` differently ({why}; the other is at {first}): in the merged object it can have one schema only"),
                            );
                        }
                    }
                }
            }
            for r in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
                if !required.contains(r) {
                    required.push(r.clone());
                }
            }
            if let Some(ap) = schema.get("additionalProperties") {
                let ap_at = pointer_push(&part.at, "additionalProperties");
                match &additional {
                    None => additional = Some((ap.clone(), ap_at)),
                    Some((earlier, _)) if without_annotations(earlier) == without_annotations(ap) => {}
                    Some((_, earlier_at)) => {
                        let message = format!(
                            "`allOf` members disagree on `additionalProperties` (the other is at {earlier_at}); the merged object can follow one rule only"
                        );
                        self.problem(ap_at, message);
                    }
                }
            }
            if let Some(min) = schema.get("minProperties").and_then(Value::as_u64) {
                min_properties = Some(min_properties.map_or(min, |m| m.max(min)));
            }
            if part.own {
                for (key, value) in schema {
                    if is_annotation(key) || matches!(key.as_str(), "nullable" | "discriminator") {
                        annotations.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        for (name, origin) in &origins {
            let now = pointer_push(&pointer_push(at, "properties"), name);
            if *origin != now {
                self.moves.record(now, origin.clone());
            }
        }
        let mut out = Map::new();
        for key in ["title", "description"] {
            if let Some(v) = annotations.remove(key) {
                out.insert(key.to_owned(), v);
            }
        }
        out.insert("type".to_owned(), Value::String("object".to_owned()));
        if !required.is_empty() {
            out.insert("required".to_owned(), Value::Array(required));
        }
        if !properties.is_empty() {
            out.insert("properties".to_owned(), Value::Object(properties));
        }
        if let Some((ap, _)) = additional {
            out.insert("additionalProperties".to_owned(), ap);
        }
        if let Some(min) = min_properties {
            out.insert("minProperties".to_owned(), Value::from(min));
        }
        out.extend(annotations);
        Value::Object(out)
    }

    /// One schema for a property two members declare, or why there is none.
    fn combine(&self, earlier: &Value, later: &Value) -> Result<Value, String> {
        if without_annotations(earlier) == without_annotations(later) {
            return Ok(with_annotations_of(earlier, later));
        }
        let (a, b) = (self.deref(earlier), self.deref(later));
        let string_like = |s: &Value| matches!(s.get("type").and_then(Value::as_str), None | Some("string"));
        let rest = |s: &Value| {
            let mut s = without_annotations(s);
            if let Some(m) = s.as_object_mut() {
                m.remove("type");
                m.remove("enum");
            }
            s
        };
        let differ = || format!("{} and {}", summary(earlier), summary(later));
        if !(string_like(&a) && string_like(&b)) || rest(&a) != rest(&b) {
            return Err(differ());
        }
        if a.get("type").is_none() && b.get("type").is_none() {
            return Err(differ());
        }
        let narrower = match (a.get("enum").and_then(Value::as_array), b.get("enum").and_then(Value::as_array)) {
            (_, Some(eb))
                if a.get("enum").and_then(Value::as_array).is_none_or(|ea| eb.iter().all(|v| ea.contains(v))) =>
            {
                &b
            }
            (Some(ea), eb) if eb.is_none_or(|eb| ea.iter().all(|v| eb.contains(v))) => &a,
            _ => return Err(format!("{}: neither `enum` holds the other", differ())),
        };
        let mut out = without_annotations(narrower);
        if let Some(m) = out.as_object_mut() {
            m.insert("type".to_owned(), Value::String("string".to_owned()));
        }
        Ok(with_annotations_of(&with_annotations_of(&out, earlier), later))
    }

    /// A `$ref` to a component, followed once (as written, for comparing).
    fn deref(&self, schema: &Value) -> Value {
        schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(schema_ref_name)
            .and_then(|n| self.originals.get(&n))
            .unwrap_or(schema)
            .clone()
    }
}

/// Why a merge member is not an object schema, if it is not.
fn not_an_object(schema: &Map<String, Value>) -> Option<String> {
    if let Some(t) = schema.get("type").and_then(Value::as_str).filter(|t| *t != "object") {
        return Some(format!("is a `{t}`"));
    }
    ["oneOf", "anyOf", "not", "enum", "items"].iter().find(|k| schema.contains_key(**k)).map(|k| format!("has `{k}`"))
}

/// `schema` with the annotations of `from` laid over its own.
fn with_annotations_of(schema: &Value, from: &Value) -> Value {
    let mut out = schema.clone();
    if let (Some(out), Some(from)) = (out.as_object_mut(), from.as_object()) {
        for (k, v) in from.iter().filter(|(k, _)| is_annotation(k)) {
            out.insert(k.clone(), v.clone());
        }
    }
    out
}

/// A schema in a few words, for messages.
fn summary(schema: &Value) -> String {
    let text = without_annotations(schema).to_string();
    if text.chars().count() > 60 {
        format!("`{}…`", text.chars().take(60).collect::<String>())
    } else {
        format!("`{text}`")
    }
}

/// `allOf: [{$ref}]` beside annotations and `nullable`: a reference.
fn reference_form(reference: &str, own: Map<String, Value>) -> Value {
    let nullable = own.get("nullable") == Some(&Value::Bool(true));
    let mut target = Map::new();
    target.insert("$ref".to_owned(), Value::String(reference.to_owned()));
    let only_description = own.keys().all(|k| k == "description");
    if !nullable && only_description {
        // OpenAPI 3.0 ignores keywords beside `$ref`; a description there is
        // still read by people (and the lint allows it).
        let mut out = target;
        out.extend(own);
        return Value::Object(out);
    }
    let mut out = Map::new();
    for (k, v) in own {
        // A title would make typify name a type of its own.
        if k != "title" && k != "nullable" {
            out.insert(k, v);
        }
    }
    if nullable {
        out.insert("nullable".to_owned(), Value::Bool(true));
    }
    out.insert("oneOf".to_owned(), Value::Array(vec![Value::Object(target)]));
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(schemas: Value, subtypes: &[&str]) -> (Value, Moves, Vec<Diagnostic>) {
        let mut doc = json!({"components": {"schemas": schemas}});
        let mut moves = Moves::default();
        let mut problems = Vec::new();
        let subtypes = subtypes.iter().map(|s| (*s).to_owned()).collect();
        merge(&mut doc, &subtypes, &mut moves, &mut problems);
        (doc["components"]["schemas"].clone(), moves, problems)
    }

    #[test]
    fn members_become_one_object() {
        let (schemas, moves, problems) = run(
            json!({
                "Base": {"type": "object", "required": ["kind", "name"], "discriminator": {"propertyName": "kind"},
                         "properties": {"kind": {"type": "string", "enum": ["a", "b"]}, "name": {"type": "string"}}},
                "Sub": {"description": "a subtype", "allOf": [
                    {"$ref": "#/components/schemas/Base"},
                    {"type": "object", "required": ["size"], "description": "dropped",
                     "properties": {"size": {"type": "integer"}, "kind": {"type": "string", "enum": ["a"], "description": "the tag"}}}],
                    "required": ["extra"], "properties": {"extra": {"type": "boolean"}}, "example": {"kind": "a"}}}),
            &[],
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            schemas["Sub"],
            json!({"description": "a subtype", "type": "object", "required": ["kind", "name", "size", "extra"],
                   "properties": {"kind": {"type": "string", "enum": ["a"], "description": "the tag"},
                                  "name": {"type": "string"}, "size": {"type": "integer"}, "extra": {"type": "boolean"}},
                   "example": {"kind": "a"}}),
            "the base's discriminator stays with the base"
        );
        assert_eq!(
            moves.original("/components/schemas/Sub/properties/size"),
            "/components/schemas/Sub/allOf/1/properties/size"
        );
        assert_eq!(
            moves.original("/components/schemas/Sub/properties/name"),
            "/components/schemas/Base/properties/name"
        );
        assert_eq!(
            moves.original("/components/schemas/Sub/properties/extra"),
            "/components/schemas/Sub/properties/extra"
        );
    }

    #[test]
    fn a_single_reference_stays_a_reference_unless_it_is_a_subtype() {
        let (schemas, _, problems) = run(
            json!({
                "T": {"type": "object"},
                "Holder": {"properties": {
                    "plain": {"description": "a T", "allOf": [{"$ref": "#/components/schemas/T"}]},
                    "maybe": {"nullable": true, "title": "x", "allOf": [{"$ref": "#/components/schemas/T"}]}}},
                "Sub": {"allOf": [{"$ref": "#/components/schemas/T"}]}}),
            &["Sub"],
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            schemas["Holder"]["properties"]["plain"],
            json!({"$ref": "#/components/schemas/T", "description": "a T"})
        );
        assert_eq!(
            schemas["Holder"]["properties"]["maybe"],
            json!({"nullable": true, "oneOf": [{"$ref": "#/components/schemas/T"}]})
        );
        assert_eq!(schemas["Sub"], json!({"type": "object"}));
    }

    #[test]
    fn conflicts_cycles_and_non_objects_are_refused_where_they_are() {
        let (_, _, problems) = run(
            json!({
                "A": {"properties": {"size": {"type": "string"}}},
                "B": {"allOf": [{"$ref": "#/components/schemas/A"}, {"properties": {"size": {"type": "integer"}}}]},
                "C": {"allOf": [{"$ref": "#/components/schemas/D"}]},
                "D": {"allOf": [{"$ref": "#/components/schemas/C"}, {"properties": {"x": {}}}]},
                "E": {"allOf": [{"type": "string"}, {"oneOf": [{"$ref": "#/components/schemas/A"}]}]},
                "F": {"allOf": [{"properties": {"k": {"type": "string", "enum": ["a", "b"]}}},
                                {"properties": {"k": {"type": "string", "enum": ["b", "c"]}}}]}}),
            &["C"],
        );
        let found: Vec<(&str, &str)> =
            problems.iter().map(|p| (p.pointer.as_str(), p.message.split(':').next().unwrap_or(""))).collect();
        assert_eq!(
            found,
            [
                (
                    "/components/schemas/B/allOf/1/properties/size",
                    "`allOf` members declare property `size` differently (`{\"type\""
                ),
                ("/components/schemas/D/allOf/0/$ref", "`allOf` reaches back to `C` (C → D)"),
                ("/components/schemas/E/allOf/0", "this `allOf` member is a `string`"),
                ("/components/schemas/E/allOf/1", "this `allOf` member has `oneOf`"),
                (
                    "/components/schemas/F/allOf/1/properties/k",
                    "`allOf` members declare property `k` differently (`{\"type\""
                ),
            ]
        );
        assert!(problems[4].message.contains("neither `enum` holds the other"), "{}", problems[4].message);
    }
}
