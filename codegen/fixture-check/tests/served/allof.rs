//! `allOf` merged: fields of every member in one type and one validator.

use std::sync::Arc;

use codegen_fixture_check::allof::{server, types};
use onezone_server::{ApiError, Auth, Created, Credentials, Json, NoContent, RequestContext};
use onezone_server::{parse_body, parse_body_typed};
use serde_json::{Value, json};

use crate::call;

struct Store;

impl Auth for Store {
    type Claims = ();

    async fn authenticate(&self, credentials: &Credentials, _: &RequestContext) -> Result<(), ApiError> {
        match credentials {
            Credentials::Basic { username, password } if username == "u" && password == "p" => Ok(()),
            _ => Err(ApiError::unauthorized(None)),
        }
    }
}

impl server::ShelfApi for Store {
    async fn create_shelf(
        &self,
        ctx: &RequestContext,
        _: (),
        request: server::CreateShelfRequest,
    ) -> Result<Created, ApiError> {
        // Fields of all three members, in one struct; `levels` is an i32.
        let types::Shelf { name, room, levels, .. } = request.body;
        let levels: i32 = levels;
        Ok(Created { location: ctx.absolute_url(&format!("/shelves/{name}-{room}-{levels}")) })
    }

    async fn change_shelf(
        &self,
        _: &RequestContext,
        _: (),
        request: server::ChangeShelfRequest,
    ) -> Result<NoContent, ApiError> {
        let types::ShelfChange { name, levels } = request.body;
        if name.is_none() && levels.is_none() { Err(ApiError::internal(None)) } else { Ok(NoContent) }
    }

    async fn put_stock(
        &self,
        _: &RequestContext,
        _: (),
        request: server::PutStockRequest,
    ) -> Result<Json<types::Stock>, ApiError> {
        Ok(Json(request.body))
    }
}

const AUTH: (&str, &str) = ("authorization", "Basic dTpw"); // u:p

fn app() -> axum::Router {
    server::router(Arc::new(Store))
}

#[tokio::test]
async fn merged_members_are_one_body() {
    let app = app();
    let shelf = json!({"name": "oak", "room": "hall", "levels": 4, "kind": "shelf", "note": null});
    let answer = call(&app, "POST", "/v3/shelves", AUTH, Some(&shelf)).await;
    assert_eq!((answer.status, answer.location.as_deref()), (201, Some("http://fixture.test/v3/shelves/oak-hall-4")));

    for (body, id, details) in [
        // `name` is required by the first member, `room` by the second.
        (json!({"room": "hall", "levels": 4}), "missingRequiredValue", json!({"key": "name"})),
        (json!({"name": "oak", "levels": 4}), "missingRequiredValue", json!({"key": "room"})),
        (json!({"name": "oak", "room": "hall"}), "missingRequiredValue", json!({"key": "levels"})),
        // The third member narrows `kind` to one of the first's values.
        (
            json!({"name": "oak", "room": "hall", "levels": 4, "kind": "crate"}),
            "badValueNotAllowed",
            json!({"key": "kind", "allowed": ["shelf"]}),
        ),
        // int32: the range of the Rust type.
        (
            json!({"name": "oak", "room": "hall", "levels": 2_147_483_648_i64}),
            "badValueInteger",
            json!({"key": "levels"}),
        ),
        (json!({"name": "oak", "room": "hall", "levels": 4, "note": 1}), "badValueString", json!({"key": "note"})),
    ] {
        let answer = call(&app, "POST", "/v3/shelves", AUTH, Some(&body)).await;
        assert_eq!(answer.status, 400, "{body} → {answer:?}");
        assert_eq!(answer.error(), (&json!(id), &details), "{body}");
    }

    let answer = call(&app, "PATCH", "/v3/shelves/s1", AUTH, Some(&json!({}))).await;
    assert_eq!(
        (answer.status, answer.error()),
        (400, (&json!("missingAtLeastOneValue"), &json!({"keys": ["name", "levels"]})))
    );
    let answer = call(&app, "PATCH", "/v3/shelves/s1", AUTH, Some(&json!({"levels": 5}))).await;
    assert_eq!(answer.status, 204, "{answer:?}");
}

#[tokio::test]
async fn a_nullable_reference_and_a_described_one() {
    let app = app();
    let shelf = json!({"name": "oak", "room": "hall", "levels": 4});
    let stock = json!({"shelf": shelf, "previous": {"name": "pine", "room": "cellar", "levels": 2}, "origin": {"room": "yard"}});
    let answer = call(&app, "PUT", "/v3/stock", AUTH, Some(&stock)).await;
    assert_eq!((answer.status, &answer.body), (200, &stock), "the typed body keeps every field");
    let answer = call(&app, "PUT", "/v3/stock", AUTH, Some(&json!({"shelf": shelf, "previous": null}))).await;
    assert_eq!((answer.status, &answer.body), (200, &json!({"shelf": shelf})), "null is None");
    for (body, id, details) in [
        (json!({"shelf": shelf, "previous": {"name": "x"}}), "missingRequiredValue", json!({"key": "previous.room"})),
        (json!({"shelf": shelf, "origin": null}), "badValueJSON", json!({"key": "origin"})),
        (json!({"shelf": shelf, "origin": {}}), "missingRequiredValue", json!({"key": "origin.room"})),
    ] {
        let answer = call(&app, "PUT", "/v3/stock", AUTH, Some(&body)).await;
        assert_eq!((answer.status, answer.error()), (400, (&json!(id), &details)), "{body}");
    }
}

/// The merged schemas take the typed fast path (`typed_checks::SCHEMAS`): on
/// every body, it answers as the validator-first path does.
#[test]
fn the_typed_path_answers_as_the_validators() {
    use codegen_fixture_check::allof::server::{typed_checks, validators};
    assert_eq!(typed_checks::SCHEMAS, ["Shelf", "ShelfChange", "Located"]);
    let values = [
        "null",
        "true",
        "0",
        "-1",
        "1.5",
        "4",
        "2147483647",
        "2147483648",
        "-2147483649",
        "1e5",
        "\"\"",
        "\"oak\"",
        "\"shelf\"",
        "\"crate\"",
        "[]",
        "{}",
        "[\"shelf\"]",
    ];
    let shelf = [("name", "\"oak\""), ("room", "\"hall\""), ("levels", "4"), ("kind", "\"shelf\""), ("note", "\"n\"")];
    let change = [("name", "\"oak\""), ("levels", "4")];
    let mut checked = 0;
    for body in bodies(&shelf, &values) {
        let validated = parse_body::<types::Shelf>(body.as_bytes(), true, validators::shelf);
        let typed = parse_body_typed(body.as_bytes(), true, validators::shelf, typed_checks::shelf);
        assert_eq!(outcome(&validated), outcome(&typed), "{body}");
        checked += 1;
    }
    for body in bodies(&change, &values) {
        let validated = parse_body::<types::ShelfChange>(body.as_bytes(), true, validators::shelf_change);
        let typed = parse_body_typed(body.as_bytes(), true, validators::shelf_change, typed_checks::shelf_change);
        assert_eq!(outcome(&validated), outcome(&typed), "{body}");
        checked += 1;
    }
    assert!(checked > 120, "{checked}");
}

fn outcome<T: std::fmt::Debug>(result: &Result<Option<T>, ApiError>) -> String {
    match result {
        Ok(value) => format!("{value:?}"),
        Err(e) => format!("{} {} {:?}", e.status(), e.id(), e.details()),
    }
}

/// The body of `members` (raw JSON text values), each member dropped, each
/// member given each of `values`, and a repeated and an unknown member.
fn bodies(members: &[(&str, &str)], values: &[&str]) -> Vec<String> {
    let object = |members: &[(&str, &str)]| {
        let inner: Vec<String> = members.iter().map(|(k, v)| format!("{k:?}: {v}")).collect();
        format!("{{{}}}", inner.join(", "))
    };
    let mut out = vec![object(members), "{}".to_owned(), "[]".to_owned()];
    for (i, (key, _)) in members.iter().enumerate() {
        let mut without = members.to_vec();
        without.remove(i);
        out.push(object(&without));
        for value in values {
            let mut changed = members.to_vec();
            changed[i] = (key, value);
            out.push(object(&changed));
        }
        let mut twice = members.to_vec();
        twice.push((key, "\"again\""));
        out.push(object(&twice));
    }
    let mut unknown = members.to_vec();
    unknown.push(("unknown", "null"));
    out.push(object(&unknown));
    out
}

#[test]
fn bodies_cover_every_member() {
    let b = bodies(&[("a", "1")], &["2"]);
    assert_eq!(
        b,
        ["{\"a\": 1}", "{}", "[]", "{}", "{\"a\": 2}", "{\"a\": 1, \"a\": \"again\"}", "{\"a\": 1, \"unknown\": null}"]
    );
    let _: Value = serde_json::from_str(&b[0]).unwrap();
}
