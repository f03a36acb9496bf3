//! Discriminated unions, as specs write them, rewritten into the one form
//! typify turns into a tagged enum keeping every field (see DESIGN.md,
//! "Verified recipe"): a `oneOf` of inline object schemas, each with the tag
//! property in `required` and declared as a one-value string enum.
//! progenitor ignores `discriminator` itself; a `oneOf` of `$ref`s becomes an
//! untagged enum, and a base whose subtypes `allOf` it becomes a struct
//! holding the base's fields only.
//!
//! Three shapes are understood:
//!
//! - a **hierarchy** (Swagger 2.0's polymorphism, in OpenAPI 3.0 form): a
//!   component schema with a `discriminator` and no `oneOf`, and the
//!   component schemas whose `allOf` lists a `$ref` to it (its subtypes). The
//!   base becomes a `oneOf` of its subtypes, in document order;
//! - a `oneOf` of `$ref`s with a `discriminator`: each referenced schema
//!   becomes a variant;
//! - a `oneOf` of inline variants with a `discriminator`: already the
//!   recipe; the `discriminator` must name the property the variants are
//!   tagged by, and is dropped.
//!
//! Each variant is a copy of its schema (merged, if it used `allOf`) with
//! the tag property narrowed to its tag value, and its `title` set to the
//! schema's name (typify names the types of a variant's inline properties
//! after it when the union is not a component itself; a component union's
//! variants all name them after the union, which the lint checks for
//! clashes). The tag value of a variant is, from the
//! first source that gives one: the `discriminator.mapping` key naming it, an
//! `x-discriminator-value` on it or on one of its `allOf` members (or their
//! tag property), the one value of its tag property's `enum`, and else — as
//! OpenAPI says — the schema's name as written. Sources that disagree are
//! refused. A base's own tag `enum`, if any, must hold every value.
//!
//! The referenced schemas stay in `components/schemas` as they are: other
//! schemas may use them, and they cost nothing when none does.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::{Moves, component_schemas, schema_ref_name};
use crate::error::{Diagnostic, pointer_push};

/// What the `allOf` merge is about to erase: which schemas are subtypes of
/// which base, and the `x-discriminator-value`s written on their members.
pub(super) struct Hierarchies {
    /// Each base (a component with a `discriminator` and no `oneOf`), with its
    /// subtypes in document order.
    bases: Vec<(String, Vec<String>)>,
    /// Per component schema: its `x-discriminator-value`s.
    declared: BTreeMap<String, Vec<Declared>>,
}

/// An `x-discriminator-value`, and on which property it was written (`None`
/// on a schema itself).
#[derive(Debug, Clone)]
struct Declared {
    property: Option<String>,
    value: String,
    at: String,
}

impl Hierarchies {
    pub(super) fn find(doc: &Value) -> Self {
        let schemas = component_schemas(doc);
        let mut bases: Vec<(String, Vec<String>)> = schemas
            .iter()
            .filter(|(_, s)| s.get("discriminator").is_some() && s.get("oneOf").is_none())
            .map(|(name, _)| (name.clone(), Vec::new()))
            .collect();
        let mut declared: BTreeMap<String, Vec<Declared>> = BTreeMap::new();
        for (name, schema) in &schemas {
            let at = pointer_push("/components/schemas", name);
            let mut found = Vec::new();
            declarations(schema, &at, &mut found);
            let members = schema.get("allOf").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
            for (i, member) in members.iter().enumerate() {
                match member.get("$ref").and_then(Value::as_str).and_then(schema_ref_name) {
                    Some(target) => {
                        if let Some((_, subtypes)) = bases.iter_mut().find(|(b, _)| *b == target)
                            && !subtypes.contains(name)
                        {
                            subtypes.push(name.clone());
                        }
                    }
                    None => {
                        declarations(member, &pointer_push(&pointer_push(&at, "allOf"), &i.to_string()), &mut found)
                    }
                }
            }
            if !found.is_empty() {
                declared.insert(name.clone(), found);
            }
        }
        Self { bases, declared }
    }

    /// Every subtype of a base: the merge turns even a lone `allOf: [{$ref:
    /// Base}]` of theirs into an object, as each becomes a variant.
    pub(super) fn subtypes(&self) -> BTreeSet<String> {
        self.bases.iter().flat_map(|(_, subtypes)| subtypes.iter().cloned()).collect()
    }

    /// Rewrites every `discriminator` of the (merged) document.
    pub(super) fn rewrite(
        &self,
        doc: &mut Value,
        original_names: &BTreeMap<String, String>,
        moves: &mut Moves,
        problems: &mut Vec<Diagnostic>,
    ) {
        let mut holders = Vec::new();
        for (name, schema) in component_schemas(doc) {
            discriminators(&schema, &pointer_push("/components/schemas", &name), &mut holders);
        }
        if holders.is_empty() {
            return;
        }
        let mut unions = Vec::new();
        for at in holders {
            if let Some(union) = self.union_at(doc, &at, problems) {
                unions.push(union);
            }
        }
        let mut rewriter = Rewriter { declared: &self.declared, original_names, moves, problems };
        // A variant is copied whole, so a union whose variants hold another
        // union waits for that one to be rewritten first.
        while !unions.is_empty() {
            let (ready, waiting): (Vec<Union>, Vec<Union>) =
                unions.into_iter().partition(|u| u.variants.iter().all(|v| !holds_discriminator(doc, v)));
            if ready.is_empty() {
                for union in waiting {
                    rewriter.problems.push(Diagnostic::new(
                        pointer_push(&union.at, "discriminator"),
                        "a variant of this union is itself a discriminated union (or holds one that waits for this one): nested discriminators are not supported",
                    ));
                    remove_discriminator(doc, &union.at);
                }
                break;
            }
            for union in ready {
                rewriter.rewrite(doc, union);
            }
            unions = waiting;
        }
    }

    /// The union whose `discriminator` is at `at` (a schema node), or `None`
    /// when there is nothing to copy (an inline union is settled here).
    fn union_at(&self, doc: &mut Value, at: &str, problems: &mut Vec<Diagnostic>) -> Option<Union> {
        let node = doc.pointer(at)?.clone();
        let discriminator_at = pointer_push(at, "discriminator");
        let problem = |problems: &mut Vec<Diagnostic>, at: String, message: String| {
            problems.push(Diagnostic::new(at, message));
        };
        let Some(tag) = node.pointer("/discriminator/propertyName").and_then(Value::as_str).map(str::to_owned) else {
            let hint = if node.get("discriminator").is_some_and(Value::is_string) {
                " (`discriminator: name` is Swagger 2.0's form)"
            } else {
                ""
            };
            problem(
                problems,
                discriminator_at,
                format!("`discriminator` must be an object with a string `propertyName`{hint}"),
            );
            remove_discriminator(doc, at);
            return None;
        };
        let mut mapping = Vec::new();
        if let Some(entries) = node.pointer("/discriminator/mapping").and_then(Value::as_object) {
            for (value, target) in entries {
                let entry_at = pointer_push(&pointer_push(&discriminator_at, "mapping"), value);
                let name = target.as_str().map(|t| schema_ref_name(t).unwrap_or_else(|| t.to_owned()));
                match name.filter(|n| doc.pointer(&pointer_push("/components/schemas", n)).is_some()) {
                    Some(name) => mapping.push((value.clone(), name, entry_at)),
                    None => problem(
                        problems,
                        entry_at,
                        format!("mapping `{value}` names no schema of #/components/schemas: {target}"),
                    ),
                }
            }
        }
        let component = at.strip_prefix("/components/schemas/").filter(|rest| !rest.contains('/'));
        let variants = match node.get("oneOf").and_then(Value::as_array) {
            Some(list) if list.iter().all(|v| v.get("$ref").is_some()) => {
                let mut names = Vec::new();
                for (i, v) in list.iter().enumerate() {
                    match v.get("$ref").and_then(Value::as_str).and_then(schema_ref_name) {
                        Some(name) => names.push(name),
                        None => {
                            let variant_at = pointer_push(&pointer_push(at, "oneOf"), &i.to_string());
                            problem(
                                problems,
                                variant_at,
                                "a variant of a discriminated `oneOf` must refer to #/components/schemas".to_owned(),
                            );
                            remove_discriminator(doc, at);
                            return None;
                        }
                    }
                }
                Kind::Refs(names)
            }
            Some(list) if list.iter().all(|v| v.get("$ref").is_none()) => {
                remove_discriminator(doc, at);
                let tagged = doc.pointer(at).and_then(|n| crate::schema::tagged_union(doc, n)).map(|(t, _)| t);
                if tagged.as_deref() != Some(tag.as_str()) {
                    let by = tagged.map(|t| format!(" (they are tagged by `{t}`)")).unwrap_or_default();
                    problem(
                        problems,
                        discriminator_at.clone(),
                        format!(
                            "`discriminator.propertyName` is `{tag}`, but the inline variants are not told apart by it{by}: give each variant `{tag}` in `required`, declared as a one-value string enum"
                        ),
                    );
                }
                if !mapping.is_empty() {
                    problem(problems, pointer_push(&discriminator_at, "mapping"), "`mapping` names schemas, but the variants of this `oneOf` are inline: their tag values are their one-value enums; drop the mapping".to_owned());
                }
                return None;
            }
            Some(_) => {
                problem(
                    problems,
                    pointer_push(at, "oneOf"),
                    "a discriminated `oneOf` must list only `$ref`s or only inline variants".to_owned(),
                );
                remove_discriminator(doc, at);
                return None;
            }
            None => match component.and_then(|c| self.bases.iter().find(|(b, _)| *b == unescape(c))) {
                Some((base, subtypes)) if !subtypes.is_empty() => Kind::Hierarchy(base.clone(), subtypes.clone()),
                Some((base, _)) => {
                    problem(
                        problems,
                        discriminator_at,
                        format!(
                            "`{base}` has a `discriminator` but no schema `allOf`s it: there is no subtype to tell apart"
                        ),
                    );
                    remove_discriminator(doc, at);
                    return None;
                }
                None => {
                    problem(
                        problems,
                        discriminator_at,
                        "a `discriminator` without `oneOf` must be on a component schema that its subtypes `allOf`"
                            .to_owned(),
                    );
                    remove_discriminator(doc, at);
                    return None;
                }
            },
        };
        let (variants, base) = match variants {
            Kind::Refs(names) => (names, None),
            Kind::Hierarchy(base, subtypes) => (subtypes, Some(base)),
        };
        Some(Union { at: at.to_owned(), tag, mapping, variants, base })
    }
}

enum Kind {
    Refs(Vec<String>),
    Hierarchy(String, Vec<String>),
}

/// A union to rewrite: where, its tag, its mapping, its variants' schemas.
struct Union {
    at: String,
    tag: String,
    /// (tag value, schema name, pointer of the entry)
    mapping: Vec<(String, String, String)>,
    variants: Vec<String>,
    /// The base of a hierarchy (the schema at `at`).
    base: Option<String>,
}

struct Rewriter<'a> {
    declared: &'a BTreeMap<String, Vec<Declared>>,
    original_names: &'a BTreeMap<String, String>,
    moves: &'a mut Moves,
    problems: &'a mut Vec<Diagnostic>,
}

impl Rewriter<'_> {
    fn rewrite(&mut self, doc: &mut Value, union: Union) {
        let Some(node) = doc.pointer(&union.at).cloned() else { return };
        let tag = union.tag.as_str();
        // A base's own tag enum lists the values its subtypes may take.
        let allowed: Option<Vec<Value>> = union
            .base
            .as_ref()
            .and_then(|_| node.pointer(&pointer_push("/properties", tag)))
            .map(|p| deref(doc, p))
            .and_then(|p| p.get("enum").and_then(Value::as_array).cloned());
        let mut variants = Vec::new();
        let mut refused = false;
        for name in &union.variants {
            let schema_at = pointer_push("/components/schemas", name);
            let Some(schema) = doc.pointer(&schema_at).cloned() else { continue };
            let Some(value) = self.tag_value(doc, &union, name, &schema) else {
                refused = true;
                continue;
            };
            if let Some(allowed) = &allowed
                && !allowed.contains(&Value::String(value.clone()))
            {
                let base = union.base.as_deref().unwrap_or_default();
                self.problems.push(Diagnostic::new(
                    schema_at.clone(),
                    format!("subtype `{name}` has the tag value `{value}`, which the `{tag}` enum of its base `{base}` does not list ({})", Value::Array(allowed.clone())),
                ));
                refused = true;
                continue;
            }
            self.moves.record(pointer_push(&pointer_push(&union.at, "oneOf"), &variants.len().to_string()), schema_at);
            variants.push(variant(doc, &schema, tag, &value, name));
        }
        if refused {
            // Reported; a union short of a variant would only add findings.
            remove_discriminator(doc, &union.at);
            return;
        }
        let mut out = Map::new();
        for key in ["description", "nullable"] {
            if let Some(v) = node.get(key) {
                out.insert(key.to_owned(), v.clone());
            }
        }
        out.insert("oneOf".to_owned(), Value::Array(variants));
        if let Some(example) = node.get("example") {
            out.insert("example".to_owned(), example.clone());
        }
        if union.base.is_some() {
            self.moves.record(pointer_push(&union.at, "oneOf"), pointer_push(&union.at, "discriminator"));
        }
        if let Some(slot) = doc.pointer_mut(&union.at) {
            *slot = Value::Object(out);
        }
    }

    /// The tag value of variant `name`, or `None` (reported) when its sources
    /// disagree.
    fn tag_value(&mut self, doc: &Value, union: &Union, name: &str, schema: &Value) -> Option<String> {
        let tag = union.tag.as_str();
        // (value, what said so, where)
        let mut said: Vec<(String, &str, String)> = Vec::new();
        for (value, target, at) in &union.mapping {
            if target == name {
                said.push((value.clone(), "its `discriminator.mapping` key", at.clone()));
            }
        }
        for d in self.declared.get(name).into_iter().flatten() {
            if d.property.as_deref().is_none_or(|p| p == tag) {
                said.push((d.value.clone(), "its `x-discriminator-value`", d.at.clone()));
            }
        }
        let property_at = pointer_push(&pointer_push(&pointer_push("/components/schemas", name), "properties"), tag);
        let property = schema.pointer(&pointer_push("/properties", tag)).map(|p| deref(doc, p));
        if let Some(property) = &property {
            if property.get("type").and_then(Value::as_str).is_some_and(|t| t != "string") {
                self.problems.push(Diagnostic::new(
                    property_at,
                    format!("the tag property `{tag}` of `{name}` must be a string: tag values are strings"),
                ));
                return None;
            }
            if let Some([Value::String(only)]) = property.get("enum").and_then(Value::as_array).map(Vec::as_slice) {
                said.push((only.clone(), "the one value of its tag property's `enum`", property_at.clone()));
            }
        }
        let mapping_keys = said.iter().filter(|(_, what, _)| what.contains("mapping")).count();
        if mapping_keys > 1 {
            let at = said.iter().filter(|(_, what, _)| what.contains("mapping")).nth(1).map(|(_, _, at)| at.clone());
            self.problems.push(Diagnostic::new(
                at.unwrap_or_default(),
                format!("two `mapping` keys name `{name}`; a variant has one tag value"),
            ));
            return None;
        }
        if let Some((first, first_what, first_at)) = said.first() {
            if let Some((other, what, at)) = said.iter().find(|(v, _, _)| v != first) {
                self.problems.push(Diagnostic::new(
                    at.clone(),
                    format!("`{name}` gets two tag values: `{other}` from {what}, and `{first}` from {first_what} (at {first_at})"),
                ));
                return None;
            }
            return Some(first.clone());
        }
        Some(self.original_names.get(name).cloned().unwrap_or_else(|| name.to_owned()))
    }
}

/// The variant of union tag `tag` with value `value` made of schema `name`.
fn variant(doc: &Value, schema: &Value, tag: &str, value: &str, name: &str) -> Value {
    let mut out = Map::new();
    out.insert("title".to_owned(), Value::String(name.to_owned()));
    let Some(map) = schema.as_object() else { return Value::Object(out) };
    for (key, v) in map {
        match key.as_str() {
            // The schema's own example, name and extensions describe it,
            // not the variant; `additionalProperties: true` is the default
            // (and typify takes no other value in a tagged variant but false).
            "title" | "example" | "discriminator" | "nullable" => {}
            "additionalProperties" if *v == Value::Bool(true) => {}
            k if k.starts_with("x-") => {}
            _ => {
                out.insert(key.clone(), v.clone());
            }
        }
    }
    out.insert("type".to_owned(), Value::String("object".to_owned()));
    let description = schema
        .pointer(&pointer_push("/properties", tag))
        .map(|p| deref(doc, p))
        .and_then(|p| p.get("description").cloned());
    let mut narrowed = Map::new();
    narrowed.insert("type".to_owned(), Value::String("string".to_owned()));
    narrowed.insert("enum".to_owned(), Value::Array(vec![Value::String(value.to_owned())]));
    if let Some(d) = description {
        narrowed.insert("description".to_owned(), d);
    }
    let properties = out.entry("properties").or_insert_with(|| Value::Object(Map::new()));
    if let Some(properties) = properties.as_object_mut() {
        properties.insert(tag.to_owned(), Value::Object(narrowed));
    }
    let required = out.entry("required").or_insert_with(|| Value::Array(Vec::new()));
    if let Some(required) = required.as_array_mut()
        && !required.iter().any(|r| r == tag)
    {
        required.insert(0, Value::String(tag.to_owned()));
    }
    Value::Object(out)
}

/// `x-discriminator-value`s on `node` and on its properties.
fn declarations(node: &Value, at: &str, out: &mut Vec<Declared>) {
    if let Some(value) = node.get("x-discriminator-value").and_then(Value::as_str) {
        out.push(Declared { property: None, value: value.to_owned(), at: pointer_push(at, "x-discriminator-value") });
    }
    if let Some(props) = node.get("properties").and_then(Value::as_object) {
        for (name, p) in props {
            if let Some(value) = p.get("x-discriminator-value").and_then(Value::as_str) {
                let p_at = pointer_push(&pointer_push(&pointer_push(at, "properties"), name), "x-discriminator-value");
                out.push(Declared { property: Some(name.clone()), value: value.to_owned(), at: p_at });
            }
        }
    }
}

/// Pointers of the schema nodes holding a `discriminator` under `node`,
/// innermost first.
fn discriminators(node: &Value, at: &str, out: &mut Vec<String>) {
    let Some(map) = node.as_object() else { return };
    for (key, value) in map {
        let key_at = pointer_push(at, key);
        match key.as_str() {
            "properties" => {
                for (name, p) in value.as_object().into_iter().flatten() {
                    discriminators(p, &pointer_push(&key_at, name), out);
                }
            }
            "items" | "additionalProperties" => discriminators(value, &key_at, out),
            "oneOf" | "anyOf" => {
                for (i, v) in value.as_array().into_iter().flatten().enumerate() {
                    discriminators(v, &pointer_push(&key_at, &i.to_string()), out);
                }
            }
            _ => {}
        }
    }
    if map.contains_key("discriminator") {
        out.push(at.to_owned());
    }
}

fn holds_discriminator(doc: &Value, name: &str) -> bool {
    let mut found = Vec::new();
    if let Some(schema) = doc.pointer(&pointer_push("/components/schemas", name)) {
        discriminators(schema, "", &mut found);
    }
    !found.is_empty()
}

fn remove_discriminator(doc: &mut Value, at: &str) {
    if let Some(node) = doc.pointer_mut(at).and_then(Value::as_object_mut) {
        node.remove("discriminator");
    }
}

fn deref(doc: &Value, schema: &Value) -> Value {
    crate::schema::deref(doc, schema).unwrap_or(schema).clone()
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(schemas: Value) -> (Value, Moves, Vec<Diagnostic>) {
        let mut doc = json!({"components": {"schemas": schemas}});
        let hierarchies = Hierarchies::find(&doc);
        let mut moves = Moves::default();
        let mut problems = Vec::new();
        super::super::all_of::merge(&mut doc, &hierarchies.subtypes(), &mut moves, &mut problems);
        let mut moves = Moves::default();
        hierarchies.rewrite(&mut doc, &BTreeMap::new(), &mut moves, &mut problems);
        (doc["components"]["schemas"].clone(), moves, problems)
    }

    #[test]
    fn a_hierarchy_becomes_a_tagged_union_of_its_subtypes() {
        let (schemas, moves, problems) = run(json!({
            "Shape": {"type": "object", "description": "a shape", "required": ["kind"],
                      "discriminator": {"propertyName": "kind"},
                      "properties": {"kind": {"type": "string", "description": "what shape"}, "name": {"type": "string"}}},
            "Circle": {"allOf": [{"$ref": "#/components/schemas/Shape"},
                                 {"x-discriminator-value": "round", "properties": {"radius": {"type": "number"}}}]},
            "square": {"allOf": [{"$ref": "#/components/schemas/Shape"}, {"properties": {"side": {"type": "number"}}}]},
            "Other": {"type": "object"}}));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            schemas["Shape"],
            json!({"description": "a shape", "oneOf": [
                {"title": "Circle", "type": "object", "required": ["kind"], "properties": {
                    "kind": {"type": "string", "enum": ["round"], "description": "what shape"},
                    "name": {"type": "string"}, "radius": {"type": "number"}}},
                {"title": "square", "type": "object", "required": ["kind"], "properties": {
                    "kind": {"type": "string", "enum": ["square"], "description": "what shape"},
                    "name": {"type": "string"}, "side": {"type": "number"}}}]})
        );
        assert_eq!(
            moves.original("/components/schemas/Shape/oneOf/1/properties/side"),
            "/components/schemas/square/properties/side"
        );
        assert_eq!(moves.original("/components/schemas/Shape/oneOf"), "/components/schemas/Shape/discriminator");
    }

    #[test]
    fn a_oneof_of_references_takes_its_mapping() {
        let (schemas, _, problems) = run(json!({
            "Pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
                    "discriminator": {"propertyName": "pet", "mapping": {"c": "#/components/schemas/Cat", "d": "Dog"}}},
            "Cat": {"type": "object", "properties": {"pet": {"type": "string"}, "claws": {"type": "boolean"}}, "example": {"pet": "c"}},
            "Dog": {"type": "object", "required": ["pet"], "properties": {"pet": {"type": "string"}}}}));
        assert!(problems.is_empty(), "{problems:?}");
        let tags: Vec<&Value> =
            schemas["Pet"]["oneOf"].as_array().unwrap().iter().map(|v| &v["properties"]["pet"]["enum"][0]).collect();
        assert_eq!(tags, [&json!("c"), &json!("d")]);
        assert_eq!(schemas["Pet"]["oneOf"][0]["required"], json!(["pet"]));
        assert!(schemas["Pet"]["oneOf"][0].get("example").is_none());
        assert_eq!(
            schemas["Cat"]["properties"]["pet"],
            json!({"type": "string"}),
            "the schema itself is left as it is"
        );
    }

    #[test]
    fn disagreements_are_refused_where_they_are() {
        let (schemas, _, problems) = run(json!({
            "Base": {"type": "object", "discriminator": {"propertyName": "t"},
                     "properties": {"t": {"type": "string", "enum": ["A", "B"]}}},
            "A": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"x-discriminator-value": "A",
                  "properties": {"t": {"type": "string", "enum": ["B"]}}}]},
            "C": {"allOf": [{"$ref": "#/components/schemas/Base"}]},
            "Lonely": {"type": "object", "discriminator": {"propertyName": "t"}},
            "Inline": {"discriminator": {"propertyName": "kind"}, "oneOf": [
                {"type": "object", "required": ["t"], "properties": {"t": {"type": "string", "enum": ["x"]}}}]},
            "Old": {"discriminator": "t", "oneOf": [{"$ref": "#/components/schemas/A"}]}}));
        let found: Vec<&str> = problems.iter().map(|p| p.pointer.as_str()).collect();
        assert_eq!(
            found,
            [
                "/components/schemas/Lonely/discriminator",
                "/components/schemas/Inline/discriminator",
                "/components/schemas/Old/discriminator",
                "/components/schemas/A/properties/t",
                "/components/schemas/C",
            ],
            "{problems:#?}"
        );
        assert!(problems[1].message.contains("they are tagged by `t`"), "{}", problems[1].message);
        assert!(problems[2].message.contains("Swagger 2.0"), "{}", problems[2].message);
        assert!(problems[4].message.contains("tag value `C`, which the `t` enum of its base `Base` does not list"));
        assert!(schemas.as_object().unwrap().values().all(|s| s.get("discriminator").is_none()), "{schemas:#}");
    }
}
