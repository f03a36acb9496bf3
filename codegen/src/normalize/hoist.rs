//! Inline body schemas become named components, so that the client and the
//! server name one Rust type for each body (`onezone_types::X`), which they
//! could not agree on for an inline schema.
//!
//! The names are the ones progenitor gives the types of inline bodies of an
//! operation (`<Op>Body`, `<Op>Response`), so a spec reads the same whether
//! it was hoisted here or not:
//!
//! - the JSON request body of operation `op` → `<Op>Body`;
//! - its JSON success (2xx/3xx) bodies → `<Op>Response` when they are one
//!   schema, else each distinct schema `<Op><status>` after the first status
//!   that has it (the lint then refuses several success body types);
//! - its JSON error bodies alike → `<Op>Error`, or `<Op><status>`;
//! - `components/requestBodies/<N>` → `<N>Body`, `components/responses/<N>`
//!   → `<N>Response`.
//!
//! `<Op>` is the operationId in PascalCase. A name another schema already
//! has is refused, at the inline schema.

use heck::ToPascalCase;
use serde_json::Value;

use super::{Moves, schema_ref};
use crate::error::{Diagnostic, pointer_push};
use crate::model::HttpMethod;

const JSON_SCHEMA: &str = "/content/application~1json/schema";

/// One inline schema to hoist: where it is, what it is for, its new name.
struct Inline {
    at: String,
    what: String,
    name: String,
    schema: Value,
}

pub(super) fn hoist_inline_bodies(doc: &mut Value, moves: &mut Moves, problems: &mut Vec<Diagnostic>) {
    let mut found = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            for method in HttpMethod::ALL.map(HttpMethod::key) {
                let Some(op) = item.get(method) else { continue };
                let at = pointer_push(&pointer_push("/paths", path), method);
                operation(op, &at, &mut found);
            }
        }
    }
    for (section, suffix) in [("requestBodies", "Body"), ("responses", "Response")] {
        let Some(items) = doc.pointer(&format!("/components/{section}")).and_then(Value::as_object) else {
            continue;
        };
        for (name, item) in items {
            let Some(schema) = inline_schema(item) else { continue };
            let at = format!("{}{JSON_SCHEMA}", pointer_push(&format!("/components/{section}"), name));
            let what = format!("schema of components/{section}/{name}");
            found.push(Inline { at, what, name: format!("{}{suffix}", name.to_pascal_case()), schema: schema.clone() });
        }
    }
    if found.is_empty() {
        return;
    }
    let mut hoisted: Vec<(String, Value, String)> = Vec::new();
    for inline in found {
        let existing = doc.pointer(&pointer_push("/components/schemas", &inline.name)).is_some();
        let earlier = hoisted.iter().find(|(name, _, _)| *name == inline.name);
        let refused = match earlier {
            // The same schema, hoisted once for several statuses.
            Some((_, schema, _)) if *schema == inline.schema => None,
            Some((name, _, first)) => Some(format!(
                "the inline {} would become components/schemas/{name}, as the different inline schema at {first} does: move one of them into components/schemas under a name of your own",
                inline.what
            )),
            None if existing => Some(format!(
                "the inline {} would become components/schemas/{} (named after its operation, as progenitor names it), a schema the spec already has: rename that schema, or move this one into components/schemas under a name of your own",
                inline.what, inline.name
            )),
            None => {
                moves.record(pointer_push("/components/schemas", &inline.name), &inline.at);
                hoisted.push((inline.name.clone(), inline.schema, inline.at.clone()));
                None
            }
        };
        let Some((media_at, _)) = inline.at.rsplit_once('/') else { continue };
        let Some(media) = doc.pointer_mut(media_at).and_then(Value::as_object_mut) else { continue };
        match refused {
            // Generation stops at the problem; without a schema the lint
            // says nothing more about this body.
            Some(message) => {
                media.remove("schema");
                problems.push(Diagnostic::new(&inline.at, message));
            }
            None => {
                let mut reference = serde_json::Map::new();
                reference.insert("$ref".to_owned(), Value::String(schema_ref(&inline.name)));
                media.insert("schema".to_owned(), Value::Object(reference));
            }
        }
    }
    let Some(root) = doc.as_object_mut() else { return };
    let components = root.entry("components").or_insert_with(|| Value::Object(serde_json::Map::new()));
    let Some(components) = components.as_object_mut() else { return };
    let schemas = components.entry("schemas").or_insert_with(|| Value::Object(serde_json::Map::new()));
    if let Some(schemas) = schemas.as_object_mut() {
        for (name, schema, _) in hoisted {
            schemas.insert(name, schema);
        }
    }
}

/// The inline JSON schema of a request body or response object, if any.
fn inline_schema(item: &Value) -> Option<&Value> {
    let schema = item.pointer(JSON_SCHEMA)?;
    (schema.is_object() && schema.get("$ref").is_none()).then_some(schema)
}

fn operation(op: &Value, at: &str, found: &mut Vec<Inline>) {
    // An operation without a usable id is reported by the lint; its inline
    // bodies are then reported as inline.
    let Some(id) = op.get("operationId").and_then(Value::as_str).filter(|id| crate::lint::is_rust_friendly(id)) else {
        return;
    };
    let pascal = id.to_pascal_case();
    if let Some(schema) = op.get("requestBody").and_then(inline_schema) {
        found.push(Inline {
            at: format!("{}{JSON_SCHEMA}", pointer_push(at, "requestBody")),
            what: format!("request body schema of `{id}`"),
            name: format!("{pascal}Body"),
            schema: schema.clone(),
        });
    }
    let Some(responses) = op.get("responses").and_then(Value::as_object) else { return };
    let responses_at = pointer_push(at, "responses");
    for (success, suffix) in [(true, "Response"), (false, "Error")] {
        let group: Vec<(&String, &Value)> = responses
            .iter()
            .filter(|(status, _)| is_success(status) == success)
            .filter_map(|(status, r)| Some((status, inline_schema(r)?)))
            .collect();
        let mut distinct: Vec<&Value> = Vec::new();
        for (_, schema) in &group {
            if !distinct.contains(schema) {
                distinct.push(schema);
            }
        }
        for (status, schema) in &group {
            let name = if distinct.len() == 1 {
                format!("{pascal}{suffix}")
            } else {
                // Named after the first status that has this schema.
                let first = group.iter().find(|(_, s)| s == schema).map_or(*status, |(s, _)| *s);
                format!("{pascal}{first}")
            };
            found.push(Inline {
                at: format!("{}{JSON_SCHEMA}", pointer_push(&responses_at, status)),
                what: format!("{status} response schema of `{id}`"),
                name,
                schema: (*schema).clone(),
            });
        }
    }
}

/// 2xx and 3xx answers share the client's success type.
fn is_success(status: &str) -> bool {
    status.starts_with('2') || status.starts_with('3')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(schema: Value) -> Value {
        json!({"content": {"application/json": {"schema": schema}}})
    }

    #[test]
    fn inline_bodies_become_components_named_after_the_operation() {
        let list = json!({"type": "array", "items": {"type": "string"}});
        let error = json!({"type": "object", "properties": {"error": {"type": "string"}}});
        let mut doc = json!({
            "paths": {"/things": {"post": {
                "operationId": "make_thing",
                "requestBody": body(json!({"type": "object"})),
                "responses": {"200": body(list.clone()), "400": body(error.clone()), "404": body(error.clone()),
                              "409": body(json!({"$ref": "#/components/schemas/Other"}))}}}},
            "components": {
                "schemas": {"Other": {}},
                "responses": {"Gone": body(json!({"type": "string"}))}}});
        let mut moves = Moves::default();
        let mut problems = Vec::new();
        hoist_inline_bodies(&mut doc, &mut moves, &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        let names: Vec<&String> = doc["components"]["schemas"].as_object().unwrap().keys().collect();
        assert_eq!(names, ["Other", "MakeThingBody", "MakeThingResponse", "MakeThingError", "GoneResponse"]);
        let op = &doc["paths"]["/things"]["post"];
        assert_eq!(
            op.pointer("/responses/404/content/application~1json/schema/$ref"),
            Some(&json!("#/components/schemas/MakeThingError"))
        );
        assert_eq!(
            op.pointer("/responses/409/content/application~1json/schema/$ref"),
            Some(&json!("#/components/schemas/Other"))
        );
        assert_eq!(doc.pointer("/components/schemas/MakeThingResponse"), Some(&list));
        assert_eq!(
            moves.original("/components/schemas/MakeThingError/properties/error"),
            "/paths/~1things/post/responses/400/content/application~1json/schema/properties/error"
        );
    }

    #[test]
    fn different_bodies_of_one_class_are_named_by_status_and_taken_names_refused() {
        let mut doc = json!({
            "paths": {"/things": {"get": {
                "operationId": "get_things",
                "responses": {"200": body(json!({"type": "string"})), "202": body(json!({"type": "integer"})),
                              "203": body(json!({"type": "string"}))}}},
                "/other": {"post": {"operationId": "make", "requestBody": body(json!({"type": "string"})),
                                    "responses": {"204": {"description": "done"}}}}},
            "components": {"schemas": {"MakeBody": {}}}});
        let mut problems = Vec::new();
        hoist_inline_bodies(&mut doc, &mut Moves::default(), &mut problems);
        let names: Vec<&String> = doc["components"]["schemas"].as_object().unwrap().keys().collect();
        assert_eq!(names, ["MakeBody", "GetThings200", "GetThings202"]);
        assert_eq!(
            doc.pointer("/paths/~1things/get/responses/203/content/application~1json/schema/$ref"),
            Some(&json!("#/components/schemas/GetThings200"))
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].pointer, "/paths/~1other/post/requestBody/content/application~1json/schema");
        assert!(problems[0].message.contains("would become components/schemas/MakeBody"), "{}", problems[0].message);
    }
}
