//! The constructs of issue 15, served: each fixture's generated router and
//! validators with a small implementation. A body its schema refuses must
//! get the Onedata error id and details a zone would send; a valid one must
//! reach the implementation as the typed body and come back unchanged. The
//! reference interpreter (`onezone_codegen::schema`) and the generated
//! validators must agree on every body tried (`agreement`).
//!
//! One test binary, a module per fixture.

#![cfg(feature = "axum")]
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

mod agreement;
mod allof;
mod discriminator;
mod inline;
mod maps;
mod redirect;

use axum::body::Body;
use http::Request;
use serde_json::Value;
use tower::ServiceExt;

/// What a router answered.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub location: Option<String>,
    pub body: Value,
}

impl Answer {
    /// The Onezone error's id and details.
    pub fn error(&self) -> (&Value, &Value) {
        (&self.body["error"]["id"], &self.body["error"]["details"])
    }
}

/// Sends one request to `app`; `header` is typically the credentials.
pub async fn call(app: &axum::Router, method: &str, path: &str, header: (&str, &str), body: Option<&Value>) -> Answer {
    let mut request = Request::builder().method(method).uri(path).header("host", "fixture.test");
    if !header.0.is_empty() {
        request = request.header(header.0, header.1);
    }
    let body = match body {
        Some(b) => {
            request = request.header("content-type", "application/json");
            Body::from(b.to_string())
        }
        None => Body::empty(),
    };
    let response = app.clone().oneshot(request.body(body).unwrap()).await.unwrap();
    let status = response.status().as_u16();
    let location = response.headers().get("location").map(|v| v.to_str().unwrap().to_owned());
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20).await.unwrap();
    let body = if bytes.is_empty() { Value::Null } else { serde_json::from_slice(&bytes).unwrap() };
    Answer { status, location, body }
}

/// Serves `app` on a loopback port until the test ends; its address.
pub async fn serve(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{address}")
}
