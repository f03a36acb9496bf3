//! Invalid bodies get 400 with the Onedata error id and details a zone sends.

use serde_json::{Value, json};

use super::{Call, send};

async fn rejected(method: &str, path: &str, body: Value) -> (String, Value) {
    let answer = send(Call::new(method, format!("/api/v3/onezone{path}")).json(body.clone())).await;
    assert_eq!(answer.status, 400, "{method} {path} {body}: {answer:?}");
    let json = answer.json();
    (answer.error_id(), json["error"].get("details").cloned().unwrap_or(Value::Null))
}

fn doi(mut overrides: Value) -> Value {
    let mut base = json!({"type": "DOI", "host": "h", "doiEndpoint": "/doi", "metadataEndpoint": "/m",
        "mediaEndpoint": "/media", "prefix": "10.5072", "username": "u", "password": "p"});
    if let (Some(b), Some(o)) = (base.as_object_mut(), overrides.as_object_mut()) {
        b.append(o);
    }
    base
}

#[tokio::test]
async fn missing_and_mistyped_fields() {
    assert_eq!(rejected("POST", "/groups", json!({})).await, ("missingRequiredValue".into(), json!({"key": "name"})));
    assert_eq!(
        rejected("POST", "/groups", json!({"name": 5})).await,
        ("badValueString".into(), json!({"key": "name"}))
    );
    assert_eq!(
        rejected("POST", "/groups", json!({"name": "g", "type": "club"})).await,
        (
            "badValueNotAllowed".into(),
            json!({"key": "type", "allowed": ["organization", "unit", "team", "role_holders"]})
        )
    );
}

#[tokio::test]
async fn privilege_lists() {
    let allowed = json!([
        "handle_service_view",
        "handle_service_update",
        "handle_service_delete",
        "handle_service_register_handle",
        "handle_service_list_handles"
    ]);
    let path = "/handle_services/h/groups/g/privileges";
    assert_eq!(
        rejected("PATCH", path, json!({"grant": ["register_handle"]})).await,
        ("badValueListNotAllowed".into(), json!({"key": "grant", "allowed": allowed}))
    );
    assert_eq!(
        rejected("PATCH", path, json!({"revoke": "handle_service_view"})).await,
        ("badValueListNotAllowed".into(), json!({"key": "revoke", "allowed": allowed}))
    );
    assert_eq!(
        rejected("PATCH", path, json!({})).await,
        ("missingAtLeastOneValue".into(), json!({"keys": ["grant", "revoke"]}))
    );
    assert_eq!(
        rejected("PATCH", "/handle_services/h/users/u/privileges", json!({"other": 1})).await.0,
        "missingAtLeastOneValue"
    );
    let answer = rejected("PUT", "/handle_services/h/groups/g", json!({"privileges": ["nope"]})).await;
    assert_eq!(answer.1["key"], "privileges");
}

#[tokio::test]
async fn tagged_service_properties_are_checked_per_variant() {
    let create = |sp: Value| json!({"name": "n", "proxyEndpoint": "p", "serviceProperties": sp});
    let cases = [
        (json!({"host": "h"}), "missingRequiredValue", json!({"key": "serviceProperties.type"})),
        (
            json!({"type": "XYZ"}),
            "badValueNotAllowed",
            json!({"key": "serviceProperties.type", "allowed": ["DOI", "PID"]}),
        ),
        (json!({"type": 1}), "badValueString", json!({"key": "serviceProperties.type"})),
        (json!({"type": "PID", "host": "h"}), "missingRequiredValue", json!({"key": "serviceProperties.endpoint"})),
        (doi(json!({"prefix": 10.5072})), "badValueString", json!({"key": "serviceProperties.prefix"})),
        (
            doi(json!({"allowTemplateOverride": "no"})),
            "badValueBoolean",
            json!({"key": "serviceProperties.allowTemplateOverride"}),
        ),
        (json!("DOI"), "badValueJSON", json!({"key": "serviceProperties"})),
    ];
    for (sp, id, details) in cases {
        for path in ["/handle_services", "/user/handle_services", "/groups/g/handle_services"] {
            assert_eq!(
                rejected("POST", path, create(sp.clone())).await,
                (id.to_owned(), details.clone()),
                "{path} {sp}"
            );
        }
    }
    // The update schema: same tags, nothing else required.
    assert_eq!(
        rejected("PATCH", "/handle_services/h", json!({"serviceProperties": {"type": "DOI", "host": 1}})).await,
        ("badValueString".into(), json!({"key": "serviceProperties.host"}))
    );
}

#[tokio::test]
async fn malformed_bodies_are_told_what_is_wrong_with_them() {
    let cases: [(&[u8], &str); 8] = [
        (b"{not json", "it is not valid JSON (key must be a string at line 1 column 2)"),
        // Objects, but not JSON: invalid UTF-8 inside a string, a number no f64 holds.
        (b"{\"name\":\"\xff\xfe\"}", "it is not valid JSON (invalid unicode code point at line 1 column 10)"),
        (b"{\"name\":\"g\", \"x\": 1e999999}", "it is not valid JSON (number out of range at line 1 column 26)"),
        (b"[1, 2]", "it is not a JSON object"),
        (b"\"text\"", "it is not a JSON object"),
        (b"", "the operation needs a body and none was sent"),
        (b"   ", "the operation needs a body and none was sent"),
        (b"{\"name\": \"g\"} trailing", "it is not valid JSON (trailing characters at line 1 column 15)"),
    ];
    for (raw, why) in cases {
        let answer =
            send(Call::new("POST", "/api/v3/onezone/groups").raw(raw).header("content-type", "application/json")).await;
        assert_eq!(answer.status, 400, "{:?}", String::from_utf8_lossy(raw));
        assert_eq!(answer.error_id(), "malformedData");
        let body = answer.json();
        assert_eq!(body["error"]["description"], format!("The request body could not be understood: {why}."));
        assert!(body["error"].get("details").is_none());
    }
}
