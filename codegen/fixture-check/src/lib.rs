//! Each codegen fixture's snapshot, mounted as `crate::<fixture>::{types, client, server}`
//! (the fixtures are generated with `types_path = crate::<fixture>::types`).

#![allow(dead_code, clippy::all)]

// The generated clients call these through `crate::`.
pub use onezone_client::{decode_error_response, encode_path_segment};
// The generated servers reach the runtime of `onezone-server` through `crate::`
// (as they do inside that crate); explicit items above take precedence.
pub use onezone_server::*;

/// Mounts the snapshot of fixture `$name` as `crate::$name::{types, client, server}`.
macro_rules! fixture {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        pub mod $name {
            /// Generated schema types, plus the `Secret` they expect beside them.
            pub mod types {
                pub use onezone_types::Secret;
                include!(concat!("../../tests/output/", stringify!($name), ".types.rs"));
            }
            /// Generated client.
            pub mod client {
                include!(concat!("../../tests/output/", stringify!($name), ".client.rs"));
            }
            /// Generated server stubs.
            pub mod server {
                include!(concat!("../../tests/output/", stringify!($name), ".server.rs"));
                /// The `dynamic` feature's trait impls.
                mod generated_dynamic {
                    include!(concat!("../../tests/output/", stringify!($name), ".server_dynamic.rs"));
                }
            }
        }
    };
}

fixture!(
    /// Output of `codegen/tests/fixtures/minimal.yaml`.
    minimal
);
fixture!(
    /// Output of `codegen/tests/fixtures/statuses.yaml`.
    statuses
);
fixture!(
    /// Output of `codegen/tests/fixtures/allof.yaml`: `allOf` merged.
    allof
);
fixture!(
    /// Output of `codegen/tests/fixtures/discriminator.yaml`: discriminated unions.
    discriminator
);
fixture!(
    /// Output of `codegen/tests/fixtures/maps.yaml`: maps, number formats, `nullable`.
    maps
);
fixture!(
    /// Output of `codegen/tests/fixtures/inline.yaml`: inline body schemas, a renamed schema.
    inline
);
fixture!(
    /// Output of `codegen/tests/fixtures/redirect.yaml`: 3xx answers.
    redirect
);

#[cfg(test)]
mod tests {
    use super::minimal::types::{Error, Props, Thing};

    #[test]
    fn minimal_snapshot_round_trips_its_union_types() {
        let thing: Thing =
            serde_json::from_str(r#"{"name":"a","password":"pw","props":{"type":"PID","endpoint":"e"}}"#).unwrap();
        assert_eq!(thing.props, Props::Pid { endpoint: "e".into() });
        assert_eq!(format!("{:?}", thing.password), "Some(Secret(***))");
        let legacy: Error = serde_json::from_str(r#"{"error":"text"}"#).unwrap();
        assert!(matches!(legacy, Error::LegacyError(_)));
        let structured: Error = serde_json::from_str(r#"{"error":{"id":"notFound"}}"#).unwrap();
        assert!(matches!(structured, Error::StructuredError(_)));
    }

    /// The fixture's server stubs serve a spec that is not Onezone's: its
    /// own base path, trait, validators and answers.
    #[cfg(feature = "axum")]
    mod server {
        use std::sync::Arc;

        use axum::body::Body;
        use http::Request;
        use onezone_server::{ApiError, Auth, Credentials, RequestContext};
        use serde_json::{Value, json};
        use tower::ServiceExt;

        use crate::minimal::server::{self, GetThingRequest, PutThingRequest};
        use crate::minimal::types::Thing;
        use onezone_server::{Created, Json};

        struct Things;

        impl Auth for Things {
            type Claims = ();

            async fn authenticate(&self, credentials: &Credentials, _: &RequestContext) -> Result<(), ApiError> {
                match credentials {
                    Credentials::Basic { username, password } if username == "u" && password == "p" => Ok(()),
                    _ => Err(ApiError::unauthorized(None)),
                }
            }
        }

        impl server::ThingApi for Things {
            async fn get_thing(
                &self,
                _: &RequestContext,
                _: (),
                request: GetThingRequest,
            ) -> Result<Json<Thing>, ApiError> {
                let thing = json!({"name": request.id, "props": {"type": "DOI", "host": "h"}});
                Ok(Json(serde_json::from_value(thing).unwrap()))
            }

            async fn put_thing(
                &self,
                ctx: &RequestContext,
                _: (),
                request: PutThingRequest,
            ) -> Result<Created, ApiError> {
                let name = request.body.map(|t: Thing| t.name).unwrap_or_default();
                Ok(Created { location: ctx.absolute_url(&format!("/things/{}/{name}", request.id)) })
            }
        }

        async fn call(method: &str, path: &str, auth: bool, body: Option<Value>) -> (u16, Option<String>, Value) {
            let mut request = Request::builder().method(method).uri(path).header("host", "fixture.test");
            if auth {
                request = request.header("authorization", "Basic dTpw"); // u:p
            }
            let body = match body {
                Some(b) => {
                    request = request.header("content-type", "application/json");
                    Body::from(b.to_string())
                }
                None => Body::empty(),
            };
            let response = server::router(Arc::new(Things)).oneshot(request.body(body).unwrap()).await.unwrap();
            let status = response.status().as_u16();
            let location = response.headers().get("location").map(|v| v.to_str().unwrap().to_owned());
            let bytes = axum::body::to_bytes(response.into_body(), 1 << 20).await.unwrap();
            let json = if bytes.is_empty() { Value::Null } else { serde_json::from_slice(&bytes).unwrap() };
            (status, location, json)
        }

        #[tokio::test]
        async fn routes_validates_and_answers_under_the_fixture_base_path() {
            let (status, _, body) = call("GET", "/api/v1/things/abc", true, None).await;
            assert_eq!((status, body), (200, json!({"name": "abc", "props": {"type": "DOI", "host": "h"}})));

            let (status, location, body) = call("PUT", "/api/v1/things/abc", true, None).await;
            assert_eq!(
                (status, location.as_deref(), body),
                (201, Some("http://fixture.test/api/v1/things/abc/"), Value::Null)
            );
            let valid = json!({"name": "n", "props": {"type": "PID", "endpoint": "e"}});
            let (status, location, _) = call("PUT", "/api/v1/things/abc", true, Some(valid)).await;
            assert_eq!((status, location.as_deref()), (201, Some("http://fixture.test/api/v1/things/abc/n")));

            for (body, id, details) in [
                (json!({"name": 1, "props": {"type": "DOI", "host": "h"}}), "badValueString", json!({"key": "name"})),
                (
                    json!({"name": "n", "props": {"type": "XYZ"}}),
                    "badValueNotAllowed",
                    json!({"key": "props.type", "allowed": ["DOI", "PID"]}),
                ),
                (json!({"props": {"type": "DOI", "host": "h"}}), "missingRequiredValue", json!({"key": "name"})),
            ] {
                let (status, _, answer) = call("PUT", "/api/v1/things/abc", true, Some(body.clone())).await;
                assert_eq!(status, 400, "{body} → {answer}");
                assert_eq!((&answer["error"]["id"], &answer["error"]["details"]), (&json!(id), &details), "{body}");
            }

            let (status, _, body) = call("GET", "/api/v1/things/abc", false, None).await;
            assert_eq!((status, &body["error"]["id"]), (401, &json!("unauthorized")));
            let (status, _, body) = call("DELETE", "/api/v1/things/abc", true, None).await;
            assert_eq!(status, 405, "{body}");
            let (status, _, body) = call("GET", "/api/v3/onezone/groups", true, None).await;
            assert_eq!((status, &body["error"]["id"]), (404, &json!("notFound")));
        }
    }

    /// The second fixture: a public operation, bearer and API-key schemes,
    /// 204 answers, list and at-least-one validation, and the 501 default.
    #[cfg(feature = "axum")]
    mod statuses_server {
        use std::sync::Arc;

        use axum::body::Body;
        use http::Request;
        use onezone_server::{ApiError, Auth, Credentials, RequestContext};
        use serde_json::{Value, json};
        use tower::ServiceExt;

        use crate::statuses::server::{self, DeleteItemRequest, GetCatalogueRequest};
        use crate::statuses::types::{Catalogue, Color};
        use onezone_server::{Json, NoContent};

        struct Items;

        impl Auth for Items {
            type Claims = String;

            async fn authenticate(&self, credentials: &Credentials, _: &RequestContext) -> Result<String, ApiError> {
                match credentials {
                    Credentials::Bearer(t) | Credentials::Token(t) if t == "t" => Ok("u".to_owned()),
                    _ => Err(ApiError::unauthorized(None)),
                }
            }
        }

        impl server::ItemApi for Items {
            async fn get_catalogue(
                &self,
                _: &RequestContext,
                claims: Option<String>,
                _: GetCatalogueRequest,
            ) -> Result<Json<Catalogue>, ApiError> {
                // Public: credentials are optional, and passed on when given.
                let colors =
                    if claims.is_some() { vec![Color::Red, Color::Green, Color::Blue] } else { vec![Color::Red] };
                Ok(Json(Catalogue { colors }))
            }

            async fn delete_item(
                &self,
                _: &RequestContext,
                _: String,
                request: DeleteItemRequest,
            ) -> Result<NoContent, ApiError> {
                if request.name == "pen" { Ok(NoContent) } else { Err(ApiError::not_found()) }
            }
        }

        // Tag `Dynamic`, operation `parse_body`: names the runtime also uses.
        impl server::DynamicApi for Items {
            async fn parse_body(
                &self,
                _: &RequestContext,
                _: String,
                request: server::ParseBodyRequest,
            ) -> Result<server::ParseBodyResponse, ApiError> {
                let catalogue = Catalogue { colors: vec![Color::Blue] };
                // Two documented successes: the generated enum says which.
                Ok(if request.name == "now" {
                    server::ParseBodyResponse::Ok(catalogue)
                } else {
                    server::ParseBodyResponse::Accepted(catalogue)
                })
            }
        }

        async fn call(method: &str, path: &str, header: Option<(&str, &str)>, body: Option<&str>) -> (u16, Value) {
            let mut request = Request::builder().method(method).uri(path);
            if let Some((name, value)) = header {
                request = request.header(name, value);
            }
            let body = match body {
                Some(b) => {
                    request = request.header("content-type", "application/json");
                    Body::from(b.to_owned())
                }
                None => Body::empty(),
            };
            let response = server::router(Arc::new(Items)).oneshot(request.body(body).unwrap()).await.unwrap();
            let status = response.status().as_u16();
            let bytes = axum::body::to_bytes(response.into_body(), 1 << 20).await.unwrap();
            (status, if bytes.is_empty() { Value::Null } else { serde_json::from_slice(&bytes).unwrap() })
        }

        #[tokio::test]
        async fn public_operations_schemes_statuses_and_validation() {
            let bearer = Some(("authorization", "Bearer t"));
            let token = Some(("x-auth-token", "t"));
            assert_eq!(call("GET", "/v2/catalogue", None, None).await, (200, json!({"colors": ["red"]})));
            assert_eq!(
                call("GET", "/v2/catalogue", bearer, None).await,
                (200, json!({"colors": ["red", "green", "blue"]}))
            );
            assert_eq!(call("DELETE", "/v2/items/pen", token, None).await, (204, Value::Null));
            assert_eq!(call("DELETE", "/v2/items/ink", bearer, None).await.0, 404);
            assert_eq!(call("DELETE", "/v2/items/pen", None, None).await.0, 401);
            assert_eq!(call("POST", "/v2/items/now/parse", token, None).await, (200, json!({"colors": ["blue"]})));
            assert_eq!(call("POST", "/v2/items/later/parse", token, None).await, (202, json!({"colors": ["blue"]})));

            for (method, path, body, id, details) in [
                ("POST", "/v2/items", r#"{"name": 1}"#, "badValueString", json!({"key": "name"})),
                (
                    "POST",
                    "/v2/items",
                    r#"{"name": "pen", "colors": ["pink"]}"#,
                    "badValueListNotAllowed",
                    json!({"key": "colors", "allowed": ["red", "green", "blue"]}),
                ),
                ("PATCH", "/v2/items/pen", "{}", "missingAtLeastOneValue", json!({"keys": ["add", "remove"]})),
            ] {
                let (status, answer) = call(method, path, bearer, Some(body)).await;
                assert_eq!(status, 400, "{body} → {answer}");
                assert_eq!((&answer["error"]["id"], &answer["error"]["details"]), (&json!(id), &details), "{body}");
            }
            // Valid, but not implemented: the generated default answers.
            let (status, answer) = call("PATCH", "/v2/items/pen", bearer, Some(r#"{"add": ["blue"]}"#)).await;
            assert_eq!((status, &answer["error"]["id"]), (501, &json!("notImplemented")));
            let (status, answer) = call("POST", "/v2/items", bearer, Some(r#"{"name": "pen"}"#)).await;
            assert_eq!((status, &answer["error"]["id"]), (501, &json!("notImplemented")));
        }
    }
}
