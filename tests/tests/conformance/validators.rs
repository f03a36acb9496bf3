//! The generated request validators against the generator's reference
//! validator (`onezone_codegen::schema`): for every operation with a body,
//! its documented body and many mutations of it (each field dropped, given
//! the wrong JSON type, set to an unknown enum value, the whole body replaced)
//! go through the router, and the answer must be exactly what the reference
//! says — success when it finds nothing, else 400 with the same Onedata id
//! and key as its first violation.

use std::sync::Arc;

use onezone_conformance::checks::base64;
use onezone_conformance::replayer::{Answer, Replayer, send};
use serde_json::{Value, json};

use crate::common::spec;

/// Every mutation of `value`: paths are JSON pointers into it.
fn mutations(value: &Value) -> Vec<(String, Value)> {
    let mut out = vec![
        ("whole body → []".to_owned(), json!([])),
        ("whole body → \"text\"".to_owned(), json!("text")),
        ("whole body → {}".to_owned(), json!({})),
    ];
    fn walk(root: &Value, pointer: &str, node: &Value, out: &mut Vec<(String, Value)>) {
        let Some(map) = node.as_object() else { return };
        for (key, child) in map {
            let path = format!("{pointer}/{key}");
            let mut edit = |label: &str, f: &dyn Fn(&mut serde_json::Map<String, Value>)| {
                let mut copy = root.clone();
                // (`pointer_mut("")` is the root itself.)
                if let Some(Value::Object(parent)) = copy.pointer_mut(pointer) {
                    f(parent);
                }
                out.push((format!("{path} {label}"), copy));
            };
            edit("dropped", &|p| {
                p.remove(key);
            });
            for (label, replacement) in [
                ("→ 12345", json!(12345)),
                ("→ \"zzz\"", json!("zzz")),
                ("→ true", json!(true)),
                ("→ [\"zzz\"]", json!(["zzz"])),
                ("→ {}", json!({})),
                ("→ null", Value::Null),
            ] {
                edit(label, &|p| {
                    p.insert(key.clone(), replacement.clone());
                });
            }
            walk(root, &path, child, out);
        }
    }
    walk(value, "", value, &mut out);
    out
}

#[tokio::test]
async fn generated_validators_answer_exactly_like_the_reference_validator() {
    let spec = spec();
    let replayer = Replayer::new(Arc::clone(&spec), Answer::Documented);
    let router = replayer.router();
    let mut checked = 0;
    let mut mismatches = Vec::new();
    for op in &spec.operations {
        let (Some(schema), Some(body)) = (op.request_schema().unwrap(), op.documented_request().unwrap()) else {
            continue;
        };
        let target = format!(
            "{}{}",
            spec.base_path,
            op.fill_path(|name| op
                .params
                .iter()
                .find(|p| p.name == name)
                .and_then(|p| p.example.clone())
                .unwrap_or_default())
        );
        let headers = vec![
            ("authorization".to_owned(), format!("Basic {}", base64("username:password"))),
            ("content-type".to_owned(), "application/json".to_owned()),
        ];
        let reference = json!({ "$ref": format!("#/components/schemas/{schema}") });
        for (label, value) in std::iter::once(("documented".to_owned(), body.clone())).chain(mutations(&body)) {
            let mut violations = Vec::new();
            onezone_codegen::schema::validate(&spec.root, &reference, &value, &mut violations);
            let answer =
                send(&router, &op.method, &target, &headers, Some(serde_json::to_vec(&value).unwrap())).await.unwrap();
            replayer.take();
            let json = answer.json().ok().flatten().unwrap_or(Value::Null);
            let got = (answer.status, json.pointer("/error/id").and_then(Value::as_str).map(str::to_owned));
            let ok = match violations.first() {
                None => (200..300).contains(&got.0),
                Some(v) => {
                    let key_ok = v.key.is_empty() && v.id != "missingAtLeastOneValue"
                        || json.pointer("/error/details/key").and_then(Value::as_str) == Some(v.key.as_str())
                        || v.id == "missingAtLeastOneValue"
                            && json.pointer("/error/details/keys") == Some(&json!(v.keys));
                    got == (400, Some(v.id.as_str().to_owned())) && key_ok
                }
            };
            checked += 1;
            if !ok {
                mismatches.push(format!(
                    "{} {label}: reference {:?}, router {} {}",
                    op.id,
                    violations.first().map(|v| (v.id, v.key.clone())),
                    answer.status,
                    json
                ));
            }
        }
    }
    assert!(checked > 300, "only {checked} bodies checked");
    assert!(mismatches.is_empty(), "{} of {checked} bodies differ:\n{}", mismatches.len(), mismatches.join("\n"));
}
