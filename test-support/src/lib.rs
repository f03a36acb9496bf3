//! Test helpers shared by the client's wire tests and the conformance suite.
//!
//! The main piece is [`RecordingServer`]: an HTTP server on `127.0.0.1` with
//! an ephemeral port that **records** every request it receives (method,
//! path with query, headers, body) and answers each one from a script of
//! [`Reply`] values. It runs inside the test's tokio runtime and stops when it
//! is dropped or [shut down](RecordingServer::shutdown); none of its tasks
//! outlive it.
//!
//! ```
//! use onezone_test_support::{RecordingServer, Reply};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let server = RecordingServer::start().await;
//! server.push_reply(Reply::new(201).with_header("Location", "/things/42"));
//!
//! // The code under test talks to `server.url()`; here, reqwest directly.
//! let response = reqwest::Client::new()
//!     .post(server.url_for("/things"))
//!     .json(&serde_json::json!({}))
//!     .send()
//!     .await
//!     .unwrap();
//! assert_eq!(response.headers()["location"], "/things/42");
//!
//! let request = server.request(0).await; // waits (bounded) for the first request
//! assert_eq!(request.method, "POST");
//! assert_eq!(request.path, "/things");
//! assert_eq!(request.json(), Some(serde_json::json!({})));
//! server.shutdown().await;
//! # }
//! ```
//!
//! With the `tls` feature the server can also speak HTTPS with certificates
//! generated at run time ([`TestCertificates`]).

#![deny(missing_docs)]

mod reply;
mod request;
mod server;
#[cfg(feature = "tls")]
mod tls;

pub use reply::Reply;
pub use request::RecordedRequest;
pub use server::{DEFAULT_WAIT_TIMEOUT, RecordingServer, ServerBuilder};
#[cfg(feature = "tls")]
pub use tls::TestCertificates;

/// Re-exported so that tests can name header maps, methods and status codes
/// without depending on `http` themselves.
pub use http;
