//! Wire tests of `onezone-client`: what the client puts on the wire and what
//! it makes of the answers, against a loopback [`RecordingServer`].
//!
//! Every client is built from the bare zone URL (`http://127.0.0.1:PORT`), as
//! a user would, so every recorded path starts with the API base path.

mod auth;
mod errors;
mod hardening;
mod members;
mod operations;
mod paths;
mod privileges;
mod timeouts;
mod tls;

use onezone_client::{BASE_PATH, Client};
use onezone_test_support::{RecordedRequest, RecordingServer};
use serde_json::Value;

/// Id of a handle service used throughout.
pub const HSID: &str = "0fe7c8a20ffdf07480c46f084bc3b8d5";
/// Id of a group used throughout.
pub const GID: &str = "5ca9574418d5a2c509265d37356ee549";
/// Id of a user used throughout.
pub const UID: &str = "9d9687a61855be21a31c34359b1fa0d4";

/// The full path of an API path: `/api/v3/onezone` + `path`.
pub fn api(path: &str) -> String {
    format!("{BASE_PATH}{path}")
}

/// A server and a client sending `X-Auth-Token: test-token` to it.
pub async fn server_and_client() -> (RecordingServer, Client) {
    let server = RecordingServer::start().await;
    let client = Client::with_token(server.url(), "test-token").expect("client for the loopback server");
    (server, client)
}

/// Asserts method and full path of a recorded request.
#[track_caller]
pub fn assert_target(request: &RecordedRequest, method: &str, path: &str) {
    assert_eq!((request.method.as_str(), request.path.as_str()), (method, api(path).as_str()), "{request:?}");
}

/// Asserts that the request carries exactly this JSON body, declared as JSON.
#[track_caller]
pub fn assert_json_body(request: &RecordedRequest, expected: &Value) {
    assert_eq!(request.header("content-type"), Some("application/json"), "{request:?}");
    assert_eq!(request.json().as_ref(), Some(expected), "{request:?}");
}

/// An example from `spec/onezone.yaml`: the response example `example` of
/// `method path` with status `status`.
pub fn response_example(path: &str, method: &str, status: &str, example: &str) -> Value {
    let spec = spec();
    let value =
        &spec["paths"][path][method]["responses"][status]["content"]["application/json"]["examples"][example]["value"];
    assert!(!value.is_null(), "spec has no example {example:?} for {method} {path} {status}");
    value.clone()
}

/// A request-body example from `spec/onezone.yaml`.
pub fn request_example(path: &str, method: &str, example: &str) -> Value {
    let spec = spec();
    let value =
        &spec["paths"][path][method]["requestBody"]["content"]["application/json"]["examples"][example]["value"];
    assert!(!value.is_null(), "spec has no request example {example:?} for {method} {path}");
    value.clone()
}

fn spec() -> Value {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/onezone.yaml");
    let text = std::fs::read_to_string(file).expect("spec/onezone.yaml is readable");
    serde_yaml_ng::from_str(&text).expect("spec/onezone.yaml is YAML")
}
