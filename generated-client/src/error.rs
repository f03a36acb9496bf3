//! One error type for every failed call, with the HTTP status kept and the
//! body decoded whichever of Onezone's three error shapes the zone used.
//!
//! The accessors read the body's JSON, not the generated type's fields, so
//! this file does not depend on how a spec describes the error body: only
//! on its schema being named `Error` (the type the operations' errors
//! decode into).

use std::fmt;

use reqwest::StatusCode;

use crate::types;

/// A failed call: what the zone answered, or why there was no answer.
///
/// Boxed, so that `Result<T, ApiError>` stays small. `Debug` shows the
/// decoded error but only the length of an undecoded body: such a body may
/// be a success answer that did not match the spec, with a service's
/// password in it, or a proxy's whole page ([`ApiError::raw_body`] has it).
pub struct ApiError(Box<Inner>);

struct Inner {
    status: Option<StatusCode>,
    body: Option<types::Error>,
    /// What the accessors read of `body`.
    shape: Shape,
    raw_body: Option<String>,
    message: String,
}

/// An error body as one of Onezone's shapes: current zones' `{"error": {"id",
/// "description", "details"}}`, the OAuth-style `{"error",
/// "error_description"}` of zones before 17.x, the `{"error": text}` of zones
/// before 20.02 — tried in that order.
#[derive(Debug, Default)]
struct Shape {
    id: Option<String>,
    description: Option<String>,
    details: Option<serde_json::Map<String, serde_json::Value>>,
}

impl Shape {
    fn of(body: &types::Error) -> Self {
        let Ok(serde_json::Value::Object(body)) = serde_json::to_value(body) else { return Self::default() };
        let text = |v: Option<&serde_json::Value>| v.and_then(serde_json::Value::as_str).map(str::to_owned);
        match body.get("error") {
            Some(serde_json::Value::Object(error)) => Self {
                id: text(error.get("id")),
                description: text(error.get("description")),
                details: Some(match error.get("details") {
                    Some(serde_json::Value::Object(details)) => details.clone(),
                    _ => serde_json::Map::new(),
                }),
            },
            Some(serde_json::Value::String(error)) => match text(body.get("error_description")) {
                Some(description) => Self { id: Some(error.clone()), description: Some(description), details: None },
                None => Self { id: None, description: Some(error.clone()), details: None },
            },
            _ => Self::default(),
        }
    }
}

impl From<Inner> for ApiError {
    fn from(inner: Inner) -> Self {
        Self(Box::new(inner))
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let raw = self.0.raw_body.as_ref().map(|raw| format!("<{} bytes, not shown>", raw.len()));
        f.debug_struct("ApiError")
            .field("status", &self.0.status)
            .field("body", &self.0.body)
            .field("raw_body", &raw)
            .field("message", &self.0.message)
            .finish()
    }
}

impl ApiError {
    /// Decodes a progenitor error. Error statuses that the spec does not
    /// declare for the operation (e.g. a 409 or a 405) are read and decoded
    /// too, which is why this is `async`.
    pub async fn decode(error: progenitor_client::Error<types::Error>) -> Self {
        use progenitor_client::Error as E;
        match error {
            E::ErrorResponse(rv) => {
                let status = rv.status();
                Self::decoded(status, rv.into_inner())
            }
            E::UnexpectedResponse(response) => {
                let status = response.status();
                if let Some(crate::wire::BodyReadFailed(why)) = response.extensions().get() {
                    let message = format!("the error body could not be read: {why}");
                    return Inner {
                        status: Some(status),
                        body: None,
                        shape: Shape::default(),
                        raw_body: None,
                        message,
                    }
                    .into();
                }
                match response.text().await {
                    Ok(text) => Self::from_body(status, text),
                    Err(e) => Inner {
                        status: Some(status),
                        body: None,
                        shape: Shape::default(),
                        raw_body: None,
                        message: e.to_string(),
                    }
                    .into(),
                }
            }
            E::InvalidResponsePayload(bytes, e) => Inner {
                status: None,
                body: None,
                shape: Shape::default(),
                raw_body: Some(String::from_utf8_lossy(&bytes).into_owned()),
                message: format!("response body does not match the spec: {e}"),
            }
            .into(),
            other => {
                let status = other.status();
                Inner { status, body: None, shape: Shape::default(), raw_body: None, message: other.to_string() }.into()
            }
        }
    }

    /// An error from a status and a body as received.
    pub fn from_body(status: StatusCode, text: String) -> Self {
        match serde_json::from_str::<types::Error>(&text) {
            Ok(body) => Self::decoded(status, body),
            Err(_) => Inner {
                status: Some(status),
                body: None,
                shape: Shape::default(),
                message: format!("HTTP {status} with a body that is not an Onezone error"),
                raw_body: Some(text),
            }
            .into(),
        }
    }

    fn decoded(status: StatusCode, body: types::Error) -> Self {
        let shape = Shape::of(&body);
        let message = match &shape.description {
            Some(description) => description.clone(),
            None => format!("HTTP {status} with an error body of no known Onezone shape"),
        };
        Inner { status: Some(status), body: Some(body), shape, raw_body: None, message }.into()
    }

    /// The HTTP status of an error answer. `None` when there was no answer
    /// (connection, timeout) and when a success answer's body did not match
    /// the spec: progenitor reports that case without its status (it was one
    /// of the operation's documented success statuses); see
    /// [`raw_body`](Self::raw_body) for what came.
    pub fn status(&self) -> Option<StatusCode> {
        self.0.status
    }

    /// The decoded error body.
    pub fn body(&self) -> Option<&types::Error> {
        self.0.body.as_ref()
    }

    /// The body as text, when it could not be decoded.
    pub fn raw_body(&self) -> Option<&str> {
        self.0.raw_body.as_deref()
    }

    /// The stable error id: `error.id` of current zones, the `error` code of
    /// the OAuth-style shape; `None` for the plain-text shape and for
    /// transport failures.
    pub fn id(&self) -> Option<&str> {
        self.0.shape.id.as_deref()
    }

    /// The human-readable description, whatever the shape.
    pub fn description(&self) -> &str {
        &self.0.message
    }

    /// `error.details` of the current shape.
    pub fn details(&self) -> Option<&serde_json::Map<String, serde_json::Value>> {
        self.0.shape.details.as_ref()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(status) = self.0.status {
            write!(f, "HTTP {}", status.as_u16())?;
            if let Some(id) = self.id() {
                write!(f, " {id}")?;
            }
            f.write_str(": ")?;
        }
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for ApiError {}
