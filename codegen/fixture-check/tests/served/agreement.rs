//! The reference interpreter of the validation rules
//! (`onezone_codegen::schema::validate`, run on the normalized fixture) and
//! the generated validators agree: on every body tried — each fixture's
//! valid bodies and their mutations (each member dropped, given a value of
//! every JSON type, nested members alike) — both accept it, or both refuse
//! it with the same Onedata id and details.

use onezone_codegen::schema::Violation;
use onezone_server::validate::{Json, Key, Validator};
use serde_json::{Value, json};

/// Every mutation of `value`: its members dropped or replaced, at any depth.
fn mutations(value: &Value) -> Vec<Value> {
    let mut out = vec![json!([]), json!("text"), json!({}), json!(null)];
    fn walk(root: &Value, pointer: &str, node: &Value, out: &mut Vec<Value>) {
        let Some(map) = node.as_object() else { return };
        for (key, child) in map {
            let escaped = key.replace('~', "~0").replace('/', "~1");
            let path = format!("{pointer}/{escaped}");
            let mut edit = |f: &dyn Fn(&mut serde_json::Map<String, Value>)| {
                let mut copy = root.clone();
                if let Some(Value::Object(parent)) = copy.pointer_mut(pointer) {
                    f(parent);
                }
                out.push(copy);
            };
            edit(&|p| {
                p.remove(key);
            });
            for replacement in [
                json!(12345),
                json!(0),
                json!(0.75),
                json!([]),
                json!(2_147_483_648_i64),
                json!(-1),
                json!(1.5),
                json!(3.5e38),
                json!("zzz"),
                json!(true),
                json!(["zzz"]),
                json!({}),
                json!({"zzz": 1}),
                Value::Null,
            ] {
                edit(&|p| {
                    p.insert(key.clone(), replacement.clone());
                });
            }
            walk(root, &path, child, out);
        }
    }
    walk(value, "", value, &mut out);
    out
}

/// What the interpreter's first violation would be answered with.
fn expected(v: &Violation) -> (String, Option<Value>) {
    let details = match v.id.as_str() {
        "malformedData" => None,
        "missingAtLeastOneValue" => Some(json!({"keys": v.keys})),
        "badValueNotAllowed" | "badValueListNotAllowed" => Some(json!({"key": v.key, "allowed": v.allowed})),
        "badValueTooLow" => Some(json!({"key": v.key, "limit": v.low})),
        "badValueTooHigh" => Some(json!({"key": v.key, "limit": v.high})),
        "badValueNotInRange" => Some(json!({"key": v.key, "low": v.low, "high": v.high})),
        _ => Some(json!({"key": v.key})),
    };
    (v.id.as_str().to_owned(), details)
}

/// Checks every body of `cases` (schema, its validator, valid bodies) on
/// fixture `fixture`; returns how many bodies were checked.
fn agree(fixture: &str, cases: &[(&str, Validator, Vec<Value>)]) -> usize {
    let path = format!("{}/../tests/fixtures/{fixture}.yaml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let doc = onezone_codegen::normalized_document(&text, &onezone_codegen::Settings::new(fixture)).unwrap();
    let mut checked = 0;
    let mut mismatches = Vec::new();
    for (schema, validate, valid) in cases {
        let reference = json!({"$ref": format!("#/components/schemas/{schema}")});
        for body in valid.iter().flat_map(|v| std::iter::once(v.clone()).chain(mutations(v))) {
            let mut violations = Vec::new();
            onezone_codegen::schema::validate(&doc, &reference, &body, &mut violations);
            let want = violations.first().map(expected);
            let got =
                validate(&Json::from_value(&body), &Key::ROOT).err().map(|e| (e.id().to_owned(), e.details().cloned()));
            if want != got {
                mismatches.push(format!("{fixture} {schema} {body}: interpreter {want:?}, validator {got:?}"));
            }
            checked += 1;
        }
    }
    assert!(mismatches.is_empty(), "{} differ:\n{}", mismatches.len(), mismatches.join("\n"));
    checked
}

#[test]
fn allof() {
    use codegen_fixture_check::allof::server::validators as v;
    let shelf = json!({"name": "oak", "room": "hall", "levels": 4, "kind": "shelf", "note": "n"});
    let checked = agree(
        "allof",
        &[
            ("Shelf", v::shelf, vec![shelf.clone()]),
            ("ShelfChange", v::shelf_change, vec![json!({"name": "oak", "levels": 4})]),
            ("Stock", v::stock, vec![json!({"shelf": shelf, "previous": shelf, "origin": {"room": "yard"}})]),
        ],
    );
    assert!(checked > 200, "{checked}");
}

#[test]
fn discriminator() {
    use codegen_fixture_check::discriminator::server::validators as v;
    let checked = agree(
        "discriminator",
        &[(
            "Subscription",
            v::subscription,
            vec![
                json!({"channel": {"kind": "email", "address": "a", "digest": true, "label": "l"},
                       "schedule": {"every": "day", "at": "8"}, "quiet": {"mode": "never"}}),
                json!({"channel": {"kind": "sms", "number": "1"}, "schedule": {"every": "week", "weekday": "mon"},
                       "quiet": {"mode": "nightly", "from": "1", "to": "2"}}),
                json!({"channel": {"kind": "web.hook", "url": "u", "headers": {"a": "b"}}}),
            ],
        )],
    );
    assert!(checked > 300, "{checked}");
}

#[test]
fn maps() {
    use codegen_fixture_check::maps::server::validators as v;
    let reading = json!({"count": 3, "total": 4, "small": 5, "ratio": 0.5, "precise": 0.25, "unit": null,
        "comment": "c", "tags": {"a": "b"}, "limits": {"cpu": {"max": 8, "hard": true}},
        "series": {"t": [1.5, 2]}, "fallback": {"max": 1}, "level": 1000, "floor": 1, "share": 0.5,
        "kinds": ["gas"], "notes": ["n"], "serial": "s"});
    let checked = agree(
        "maps",
        &[("Reading", v::reading, vec![reading]), ("Labels", v::labels, vec![json!({"owner": "o", "n": 1})])],
    );
    assert!(checked > 200, "{checked}");
}

#[test]
fn inline() {
    use codegen_fixture_check::inline::server::validators as v;
    let checked = agree(
        "inline",
        &[("AddNoteBody", v::add_note_body, vec![json!({"text": "t", "pinned": true, "color": "red"})])],
    );
    assert!(checked > 30, "{checked}");
}
