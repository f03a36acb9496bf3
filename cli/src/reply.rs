//! What came back from a call, and how it ended: the [`Reply`] of a 2xx, or
//! a [`Failure`] with the exit code it stands for.

use onezone_client::{ApiError, Error, ResponseValue, types};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::Serialize;
use serde_json::Value;

/// The body of a 2xx answer.
#[derive(Debug, Clone, PartialEq)]
pub enum ReplyBody {
    /// No body (201 with `Location`, 204).
    None,
    /// JSON, as the typed client decoded it.
    Json(Value),
    /// The bytes as received: `--raw`, or a body that does not match the spec.
    Raw(Vec<u8>),
}

/// A 2xx answer.
#[derive(Debug, Clone)]
pub struct Reply {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: ReplyBody,
    /// Something the user should know (printed on stderr): a status or body
    /// the spec does not document.
    pub warning: Option<String>,
}

/// How a call failed, each with its exit code ([`Failure::exit_code`]).
#[derive(Debug)]
pub enum Failure {
    /// The arguments are wrong: exit 2, nothing was sent.
    Usage(Vec<String>),
    /// The zone answered with an error status: exit 1.
    Http {
        /// Status and headers of the answer, when known.
        head: Option<(StatusCode, HeaderMap)>,
        /// The decoded error.
        error: ApiError,
    },
    /// No answer: connection, TLS, timeout, a body cut off: exit 3.
    Transport(String),
}

/// Exit codes of `onezone`.
pub mod exit {
    /// A 2xx answer.
    pub const OK: u8 = 0;
    /// An HTTP error answer.
    pub const HTTP: u8 = 1;
    /// A usage error: nothing was sent.
    pub const USAGE: u8 = 2;
    /// A transport error: connection, TLS, timeout.
    pub const TRANSPORT: u8 = 3;
}

impl Failure {
    /// The process exit code.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Usage(_) => exit::USAGE,
            Failure::Http { .. } => exit::HTTP,
            Failure::Transport(_) => exit::TRANSPORT,
        }
    }
}

/// A reqwest error with its causes, one after the other (reqwest's own text
/// is "error sending request for url (…)"; the cause says what happened).
pub fn transport_message(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    if e.is_timeout() {
        text.push_str(" (timed out: --timeout SECONDS allows longer)");
    } else if text.contains("certificate") {
        text.push_str(" (a private CA: --cacert FILE; a self-signed certificate on a network you trust: -k)");
    }
    text
}

/// Turns what a builder's `send()` returned into the outcome of the command.
/// The generated table calls it for every operation.
pub async fn finish<T: Serialize>(result: Result<ResponseValue<T>, Error<types::Error>>) -> Result<Reply, Failure> {
    match result {
        Ok(rv) => {
            let status = rv.status();
            let headers = rv.headers().clone();
            let value = serde_json::to_value(rv.into_inner())
                .map_err(|e| Failure::Transport(format!("the answer could not be encoded again: {e}")))?;
            let body = if value.is_null() { ReplyBody::None } else { ReplyBody::Json(value) };
            Ok(Reply { status, headers, body, warning: None })
        }
        Err(Error::CommunicationError(e) | Error::ResponseBodyError(e) | Error::InvalidUpgrade(e)) => {
            Err(Failure::Transport(transport_message(&e)))
        }
        Err(Error::InvalidRequest(message)) => Err(Failure::Usage(vec![message])),
        Err(Error::InvalidResponsePayload(bytes, e)) => Ok(Reply {
            // progenitor drops the status here; it was a documented 2xx.
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: ReplyBody::Raw(bytes.to_vec()),
            warning: Some(format!("the answer does not match the spec ({e}); printed as received")),
        }),
        Err(Error::UnexpectedResponse(response)) if response.status().is_success() => {
            let status = response.status();
            let headers = response.headers().clone();
            let bytes = response.bytes().await.map_err(|e| Failure::Transport(transport_message(&e)))?;
            let body = match serde_json::from_slice::<Value>(&bytes) {
                _ if bytes.is_empty() => ReplyBody::None,
                Ok(value) => ReplyBody::Json(value),
                Err(_) => ReplyBody::Raw(bytes.to_vec()),
            };
            Ok(Reply {
                status,
                headers,
                body,
                warning: Some(format!("HTTP {status} is not documented for this operation")),
            })
        }
        Err(error) => {
            let head = match &error {
                Error::ErrorResponse(rv) => Some((rv.status(), rv.headers().clone())),
                Error::UnexpectedResponse(r) => Some((r.status(), r.headers().clone())),
                _ => None,
            };
            let error = ApiError::decode(error).await;
            Err(Failure::Http { head, error })
        }
    }
}
