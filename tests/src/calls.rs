//! Support for the generated call table (`crate::generated`): untyped inputs
//! in, an untyped [`Outcome`] out.

use onezone_client::{ApiError, ResponseValue, types};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// What a successful call returned.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// HTTP status.
    pub status: u16,
    /// The `Location` header, if any.
    pub location: Option<String>,
    /// The decoded body, serialized back to JSON (`None` for empty bodies).
    pub body: Option<Value>,
}

/// Why a call by operationId failed.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    /// The operationId is not in the spec.
    #[error("unknown operationId {0}")]
    UnknownOperation(String),
    /// A path parameter was not given.
    #[error("path parameter {0} not given")]
    MissingParam(String),
    /// The schema name is not in the spec.
    #[error("unknown schema {0}")]
    UnknownSchema(String),
    /// The operation needs a body and none was given.
    #[error("the operation requires a body")]
    MissingBody,
    /// The body does not fit the operation's body type.
    #[error("body does not decode into the operation's type: {0}")]
    BadBody(serde_json::Error),
    /// The zone answered with an error (or the call failed in transport).
    #[error("{0}")]
    Api(ApiError),
}

/// The value of path parameter `name`.
pub fn param(params: &[(String, String)], name: &str) -> Result<String, CallError> {
    params
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.clone())
        .ok_or_else(|| CallError::MissingParam(name.to_owned()))
}

/// Decodes a JSON body into the operation's body type.
pub fn decode<T: DeserializeOwned>(body: Value) -> Result<T, CallError> {
    serde_json::from_value(body).map_err(CallError::BadBody)
}

/// JSON → `T` → JSON.
pub fn through<T: DeserializeOwned + Serialize>(value: Value) -> Result<Value, CallError> {
    let typed: T = decode(value)?;
    serde_json::to_value(typed).map_err(CallError::BadBody)
}

/// Turns a client result into an [`Outcome`] or a decoded [`ApiError`].
pub async fn finish<T: Serialize>(
    result: Result<ResponseValue<T>, progenitor_client::Error<types::Error>>,
) -> Result<Outcome, CallError> {
    match result {
        Ok(response) => {
            let status = response.status().as_u16();
            let location = response.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_owned);
            let body = serde_json::to_value(response.into_inner()).map_err(CallError::BadBody)?;
            Ok(Outcome { status, location, body: (!body.is_null()).then_some(body) })
        }
        Err(e) => Err(CallError::Api(ApiError::decode(e).await)),
    }
}
