//! The typed fast path for request bodies (`parse_body_typed`) must answer
//! exactly as the validator-first path (`parse_body`) on every body: the same
//! value, or the same error id and details. Each schema the generator put in
//! `typed_checks::SCHEMAS` is driven through both with its valid bodies and
//! a corpus of hostile ones written as raw text (repeated members, `null`
//! where a type would read "absent", a struct written as a list, enum
//! variants in serde's map form, escapes that look like `null`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use onezone_server::types;
use onezone_server::{ApiError, parse_body, parse_body_typed, parse_typed};
use onezone_server::{typed_checks, validators};
use serde::de::DeserializeOwned;

/// The values a member is replaced with, as JSON text.
const REPLACEMENTS: &[&str] = &[
    "null",
    "true",
    "0",
    "-1",
    "1.5",
    "18446744073709551616",
    // Numbers out of f64's range: valid JSON text that serde_json refuses to
    // parse into a value but skips when it ignores a member.
    "1e999999",
    "-1E400",
    "1e5",
    "\"\"",
    "\"x\"",
    "\"nu\\\"ll\"",
    "[]",
    "[null]",
    "[1]",
    "[\"x\"]",
    "{}",
    "{\"a\": 1}",
    "{\"team\": null}",
    "{\"team\": []}",
    "{\"handle_service_view\": null}",
    "[\"handle_service_view\", \"handle_service_view\"]",
    "[\"handle_service_view\", null]",
    "[{\"handle_service_view\": null}]",
    "\"team\"",
    "\"organization\"",
    "[\"handle_service_update\"]",
];

/// `{"k1": v1, "k2": v2, …}` from pairs of raw JSON text.
fn object(members: &[(&str, String)]) -> String {
    let inner: Vec<String> = members.iter().map(|(k, v)| format!("{k:?}: {v}")).collect();
    format!("{{{}}}", inner.join(", "))
}

/// Every body derived from a valid one (`members`, raw text values).
fn corpus(members: &[(&str, &str)]) -> Vec<String> {
    let base: Vec<(&str, String)> = members.iter().map(|(k, v)| (*k, (*v).to_owned())).collect();
    let values: Vec<&str> = members.iter().map(|(_, v)| *v).collect();
    let mut out = vec![
        object(&base),
        format!(" \n\t{}\r\n", object(&base)),
        format!("[{}]", values.join(", ")),
        "{}".to_owned(),
        "[]".to_owned(),
        "null".to_owned(),
        "\"text\"".to_owned(),
        "1".to_owned(),
        String::new(),
        "   ".to_owned(),
        "{".to_owned(),
        format!("{} trailing", object(&base)),
        object(&[base.as_slice(), &[("unknown", "null".to_owned())]].concat()),
        object(&[base.as_slice(), &[("unknown", "{\"n\": [null]}".to_owned())]].concat()),
        object(&[base.as_slice(), &[("unknown", "\"null\"".to_owned())]].concat()),
        object(&[base.as_slice(), &[("unknown", "1e999999".to_owned())]].concat()),
        object(&[base.as_slice(), &[("unknown", "9".repeat(400))]].concat()),
        object(&[base.as_slice(), &[("unknown", "[\"1e999999\", 2.5e3]".to_owned())]].concat()),
    ];
    for (i, (key, value)) in base.iter().enumerate() {
        let without: Vec<(&str, String)> =
            base.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, m)| m.clone()).collect();
        out.push(object(&without));
        for replacement in REPLACEMENTS {
            let mut edited = base.clone();
            edited[i].1 = (*replacement).to_owned();
            out.push(object(&edited));
            // Repeated member, the other value first and last.
            out.push(object(&[base.as_slice(), &[(*key, (*replacement).to_owned())]].concat()));
            out.push(object(&[&[(*key, (*replacement).to_owned())], base.as_slice()].concat()));
        }
        out.push(object(&[base.as_slice(), &[(*key, value.clone())]].concat()));
    }
    out
}

fn same_error(a: &ApiError, b: &ApiError) -> bool {
    (a.status(), a.id(), a.details()) == (b.status(), b.id(), b.details())
}

/// Runs every body of `bodies` through both paths for `T`; returns how many
/// took the typed path.
fn compare<T: DeserializeOwned + PartialEq + std::fmt::Debug>(
    name: &str,
    bodies: &[String],
    validate: onezone_server::validate::Validator,
    check: fn(&T) -> bool,
) -> usize {
    let mut typed = 0;
    for text in bodies {
        for required in [true, false] {
            let fast = parse_body_typed::<T>(text.as_bytes(), required, validate, check);
            let slow = parse_body::<T>(text.as_bytes(), required, validate);
            let same = match (&fast, &slow) {
                (Ok(a), Ok(b)) => a == b,
                (Err(a), Err(b)) => same_error(a, b),
                _ => false,
            };
            assert!(same, "{name} {text:?} (required: {required}): typed path {fast:?}, validator path {slow:?}");
        }
        if parse_typed::<T>(text.as_bytes(), check).is_some() {
            typed += 1;
            assert!(parse_body::<T>(text.as_bytes(), true, validate).is_ok(), "{name} {text:?}");
        }
    }
    typed
}

/// Runs a schema's corpus through both paths; returns its name once the
/// valid bodies (and their harmless variations) have taken the typed path,
/// so it is not dead code.
macro_rules! schema {
    ($ty:ident, $f:ident, $members:expr) => {{
        let name = stringify!($ty);
        let bodies = corpus($members);
        let typed = compare::<types::$ty>(name, &bodies, validators::$f, typed_checks::$f);
        assert!(typed >= 3, "{name}: only {typed} of {} bodies took the typed path", bodies.len());
        name
    }};
}

#[test]
fn the_typed_path_answers_exactly_like_the_validators() {
    let covered = [
        schema!(GroupCreateRequest, group_create_request, &[("name", "\"Test group\""), ("type", "\"team\"")]),
        schema!(GroupUpdateRequest, group_update_request, &[("name", "\"New name\""), ("type", "\"unit\"")]),
        schema!(
            HandleServiceMemberRequest,
            handle_service_member_request,
            &[("privileges", "[\"handle_service_view\", \"handle_service_register_handle\"]")]
        ),
        schema!(
            HandleServicePrivilegesUpdate,
            handle_service_privileges_update,
            &[("grant", "[\"handle_service_update\"]"), ("revoke", "[\"handle_service_delete\"]")]
        ),
    ];
    // A schema the generator adds to the typed path must be added here.
    assert_eq!(covered, typed_checks::SCHEMAS);
}

#[test]
fn min_properties_is_checked_on_the_typed_value() {
    let check = typed_checks::handle_service_privileges_update;
    let validate = validators::handle_service_privileges_update;
    type Update = types::HandleServicePrivilegesUpdate;
    assert!(parse_typed::<Update>(b"{}", check).is_none());
    assert!(parse_typed::<Update>(br#"{"other": 1}"#, check).is_none());
    assert!(parse_typed::<Update>(br#"{"grant": []}"#, check).is_some());
    let e = parse_body_typed::<Update>(b"{}", true, validate, check).unwrap_err();
    assert_eq!((e.status().as_u16(), e.id()), (400, "missingAtLeastOneValue"));
    assert_eq!(e.details().unwrap(), &serde_json::json!({"keys": ["grant", "revoke"]}));
}
