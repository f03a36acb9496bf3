//! One error type for every failed call, with the HTTP status kept and the
//! body decoded whichever of Onezone's three error shapes the zone used.

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
    raw_body: Option<String>,
    message: String,
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
                let body = rv.into_inner();
                Inner { status: Some(status), message: describe(&body), body: Some(body), raw_body: None }.into()
            }
            E::UnexpectedResponse(response) => {
                let status = response.status();
                if let Some(crate::wire::BodyReadFailed(why)) = response.extensions().get() {
                    let message = format!("the error body could not be read: {why}");
                    return Inner { status: Some(status), body: None, raw_body: None, message }.into();
                }
                match response.text().await {
                    Ok(text) => Self::from_body(status, text),
                    Err(e) => Inner { status: Some(status), body: None, raw_body: None, message: e.to_string() }.into(),
                }
            }
            E::InvalidResponsePayload(bytes, e) => Inner {
                status: None,
                body: None,
                raw_body: Some(String::from_utf8_lossy(&bytes).into_owned()),
                message: format!("response body does not match the spec: {e}"),
            }
            .into(),
            other => {
                let status = other.status();
                Inner { status, body: None, raw_body: None, message: other.to_string() }.into()
            }
        }
    }

    /// An error from a status and a body as received.
    pub fn from_body(status: StatusCode, text: String) -> Self {
        match serde_json::from_str::<types::Error>(&text) {
            Ok(body) => {
                Inner { status: Some(status), message: describe(&body), body: Some(body), raw_body: None }.into()
            }
            Err(_) => Inner {
                status: Some(status),
                body: None,
                message: format!("HTTP {status} with a body that is not an Onezone error"),
                raw_body: Some(text),
            }
            .into(),
        }
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
        match self.0.body.as_ref()? {
            types::Error::StructuredError(e) => Some(&e.error.id),
            types::Error::OAuthStyleError(e) => Some(&e.error),
            types::Error::LegacyError(_) => None,
        }
    }

    /// The human-readable description, whatever the shape.
    pub fn description(&self) -> &str {
        &self.0.message
    }

    /// `error.details` of the current shape.
    pub fn details(&self) -> Option<&serde_json::Map<String, serde_json::Value>> {
        match self.0.body.as_ref()? {
            types::Error::StructuredError(e) => Some(&e.error.details),
            _ => None,
        }
    }
}

fn describe(body: &types::Error) -> String {
    match body {
        types::Error::StructuredError(e) => e.error.description.clone(),
        types::Error::OAuthStyleError(e) => e.error_description.clone(),
        types::Error::LegacyError(e) => e.error.clone(),
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
