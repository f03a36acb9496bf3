//! The one error type of a generated server: every failure — validation,
//! authentication, routing, body size, a handler's own error — is answered
//! with Onezone's error body `{"error": {"id", "description", "details"}}`.

use std::borrow::Cow;
use std::fmt;

use http::StatusCode;
use serde_json::{Map, Value, json};

use onezone_errors::ErrorId;

use crate::context::OperationInfo;

/// An error answer in Onezone's format: HTTP status, stable Onedata error id,
/// readable description and, where the error has arguments, `details`.
///
/// Ids, their statuses and default descriptions come from the one catalogue,
/// [`onezone_errors::ErrorId`]. Boxed, so that `Result<T, ApiError>` stays
/// small on the success path.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError(Box<Inner>);

#[derive(Debug, Clone, PartialEq)]
struct Inner {
    status: StatusCode,
    id: ErrorId,
    description: Cow<'static, str>,
    details: Option<Value>,
}

impl From<ErrorId> for ApiError {
    /// The catalogue's error as it is: its status and description.
    fn from(id: ErrorId) -> Self {
        Self::new(id, id.description())
    }
}

impl ApiError {
    /// An error of the catalogue with its status and a description of its
    /// own. Prefer the named constructors, which fill in `details` with the
    /// catalogue's keys.
    pub fn new(id: ErrorId, description: impl Into<Cow<'static, str>>) -> Self {
        let status = StatusCode::from_u16(id.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        Self(Box::new(Inner { status, id, description: description.into(), details: None }))
    }

    /// The same error under another HTTP status: for the answers that
    /// depart from the catalogue's status on purpose (405, 413, 414, 431).
    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.0.status = status;
        self
    }

    /// Adds `details` (an object).
    pub fn with_details(mut self, details: Value) -> Self {
        self.0.details = Some(details);
        self
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.0.status
    }

    /// The Onedata error id, as on the wire.
    pub fn id(&self) -> &'static str {
        self.0.id.as_str()
    }

    /// The Onedata error id.
    pub fn error_id(&self) -> ErrorId {
        self.0.id
    }

    /// The description.
    pub fn description(&self) -> &str {
        &self.0.description
    }

    /// The details object, if any.
    pub fn details(&self) -> Option<&Value> {
        self.0.details.as_ref()
    }

    /// The JSON body sent to the client.
    pub fn to_body(&self) -> Value {
        let mut error = Map::new();
        error.insert("id".to_owned(), Value::String(self.id().to_owned()));
        error.insert("description".to_owned(), Value::String(self.0.description.to_string()));
        if let Some(details) = &self.0.details {
            error.insert("details".to_owned(), details.clone());
        }
        json!({ "error": error })
    }

    /// 401 `unauthorized`: no usable credentials on an operation that needs
    /// them. `auth_error` is the nested error explaining why given
    /// credentials were refused, if any.
    pub fn unauthorized(auth_error: Option<ApiError>) -> Self {
        let e = Self::from(ErrorId::Unauthorized);
        match auth_error {
            Some(inner) => e.with_details(json!({ "authError": inner.to_body()["error"] })),
            None => e,
        }
    }

    /// 400 `badBasicCredentials`: the HTTP basic header is malformed or wrong.
    /// The catalogue's error on its own; a server answers it nested in
    /// [`ApiError::unauthorized`].
    pub fn bad_basic_credentials() -> Self {
        Self::from(ErrorId::BadBasicCredentials)
    }

    /// 400 `badToken`: the access token cannot be used. Answered nested in
    /// [`ApiError::unauthorized`], as [`ApiError::bad_basic_credentials`].
    pub fn bad_token() -> Self {
        Self::from(ErrorId::BadToken)
    }

    /// 403 `forbidden`.
    pub fn forbidden() -> Self {
        Self::from(ErrorId::Forbidden)
    }

    /// 404 `notFound`: unknown resource or route.
    pub fn not_found() -> Self {
        Self::from(ErrorId::NotFound)
    }

    /// 405 for a known path with a method it does not serve. The catalogue has
    /// no HTTP-level id for this; `notSupported` is its closest entry.
    pub fn method_not_allowed(method: &http::Method) -> Self {
        Self::new(ErrorId::NotSupported, format!("Method {method} is not supported on this path."))
            .with_status(StatusCode::METHOD_NOT_ALLOWED)
    }

    /// 400 `notSupported`: a request the server will not carry out; `why`
    /// says why.
    pub fn not_supported(why: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorId::NotSupported, why)
    }

    /// 409 `alreadyExists`.
    pub fn already_exists() -> Self {
        Self::from(ErrorId::AlreadyExists)
    }

    /// 409 `relationAlreadyExists`, e.g. a group that already is a member.
    pub fn relation_already_exists(child_type: &str, child_id: &str, parent_type: &str, parent_id: &str) -> Self {
        Self::new(
            ErrorId::RelationAlreadyExists,
            format!("The {child_type} {child_id} is already a member of the {parent_type} {parent_id}."),
        )
        .with_details(relation_details(child_type, child_id, parent_type, parent_id))
    }

    /// 400 `relationDoesNotExist`, e.g. removing a group that is not a member.
    pub fn relation_does_not_exist(child_type: &str, child_id: &str, parent_type: &str, parent_id: &str) -> Self {
        Self::new(
            ErrorId::RelationDoesNotExist,
            format!("The {child_type} {child_id} is not a member of the {parent_type} {parent_id}."),
        )
        .with_details(relation_details(child_type, child_id, parent_type, parent_id))
    }

    /// 400 `malformedData`: the body cannot be read as the operation's body;
    /// the description says why.
    pub fn malformed_data(why: Malformed) -> Self {
        Self::new(ErrorId::MalformedData, format!("The request body could not be understood: {why}."))
    }

    /// 400 `missingRequiredValue`.
    pub fn missing_required_value(key: &str) -> Self {
        Self::new(ErrorId::MissingRequiredValue, format!("Missing required value: \"{key}\"."))
            .with_details(json!({ "key": key }))
    }

    /// 400 `missingAtLeastOneValue`.
    pub fn missing_at_least_one_value(keys: &[String]) -> Self {
        Self::new(
            ErrorId::MissingAtLeastOneValue,
            format!("At least one of these values must be given: {}.", keys.join(", ")),
        )
        .with_details(json!({ "keys": keys }))
    }

    /// 400 `badValueString`, `badValueBoolean`, `badValueInteger`,
    /// `badValueFloat` or `badValueJSON`: a field of the wrong JSON type.
    pub fn bad_value_type(id: ErrorId, key: &str) -> Self {
        let what = match id {
            ErrorId::BadValueString => "a string",
            ErrorId::BadValueBoolean => "a boolean",
            ErrorId::BadValueInteger => "an integer",
            ErrorId::BadValueFloat => "a number",
            _ => "valid JSON of the declared shape",
        };
        Self::new(id, format!("Bad value: \"{key}\" must be {what}.")).with_details(json!({ "key": key }))
    }

    /// 400 `badValueNotAllowed`: a value outside its enumeration.
    pub fn bad_value_not_allowed(key: &str, allowed: &[&str]) -> Self {
        Self::new(ErrorId::BadValueNotAllowed, format!("Bad value: \"{key}\" must be one of: {}.", allowed.join(", ")))
            .with_details(json!({ "key": key, "allowed": allowed }))
    }

    /// 400 `badValueListNotAllowed`: a list with a value outside the enumeration.
    pub fn bad_value_list_not_allowed(key: &str, allowed: &[&str]) -> Self {
        Self::new(
            ErrorId::BadValueListNotAllowed,
            format!("Bad value: \"{key}\" must be a list of: {}.", allowed.join(", ")),
        )
        .with_details(json!({ "key": key, "allowed": allowed }))
    }

    /// 400 `badValueEmpty`: an empty list where the schema asks for an item
    /// at least (`minItems: 1`).
    pub fn bad_value_empty(key: &str) -> Self {
        Self::new(ErrorId::BadValueEmpty, format!("Bad value: \"{key}\" must not be empty."))
            .with_details(json!({ "key": key }))
    }

    /// 400 for a number outside its range: `badValueNotInRange` (details
    /// `low`, `high`) when the schema bounds it on both sides,
    /// `badValueTooLow` or `badValueTooHigh` (details `limit`) when on one.
    pub fn bad_value_out_of_range(key: &str, low: Option<Value>, high: Option<Value>) -> Self {
        match (low, high) {
            (Some(low), Some(high)) => Self::new(
                ErrorId::BadValueNotInRange,
                format!("Bad value: \"{key}\" must lie between {low} and {high}."),
            )
            .with_details(json!({ "key": key, "low": low, "high": high })),
            (Some(limit), None) => {
                Self::new(ErrorId::BadValueTooLow, format!("Bad value: \"{key}\" must not be less than {limit}."))
                    .with_details(json!({ "key": key, "limit": limit }))
            }
            (None, Some(limit)) => {
                Self::new(ErrorId::BadValueTooHigh, format!("Bad value: \"{key}\" must not be more than {limit}."))
                    .with_details(json!({ "key": key, "limit": limit }))
            }
            (None, None) => Self::bad_value_type(ErrorId::BadValueJson, key),
        }
    }

    /// 413 with `badValueTextTooLarge`: the body is larger than the server's cap.
    pub fn body_too_large(limit: usize) -> Self {
        Self::new(ErrorId::BadValueTextTooLarge, format!("The request body is larger than the limit of {limit} bytes."))
            .with_status(StatusCode::PAYLOAD_TOO_LARGE)
            .with_details(json!({ "key": "body", "limit": limit }))
    }

    /// 501 `notImplemented`: the answer of every trait method that an
    /// implementation did not override.
    pub fn not_implemented(operation: &OperationInfo) -> Self {
        Self::new(
            ErrorId::NotImplemented,
            format!("Operation {} is not implemented by this server.", operation.operation_id),
        )
    }

    /// 500 `internalServerError`; `reference` lets an operator find the log line.
    pub fn internal(reference: Option<&str>) -> Self {
        Self::from(ErrorId::InternalServerError).with_details(json!({ "reference": reference }))
    }
}

/// Why a request body is [`ApiError::malformed_data`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Malformed {
    /// The operation needs a body and none was sent.
    Empty,
    /// The bytes are not JSON; serde_json's reason with its line and column
    /// (invalid UTF-8 in a string, a number out of range, a syntax error).
    NotJson(String),
    /// JSON, but not the object the operation takes.
    NotAnObject,
    /// A JSON object the validators accept that still does not convert into
    /// the body's type; serde's reason.
    DoesNotFit(String),
    /// The body could not be read to its end.
    Unreadable,
}

impl Malformed {
    /// [`Malformed::NotJson`] from a parse error.
    pub fn not_json(error: &serde_json::Error) -> Self {
        Malformed::NotJson(error.to_string())
    }
}

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Malformed::Empty => f.write_str("the operation needs a body and none was sent"),
            Malformed::NotJson(reason) => write!(f, "it is not valid JSON ({reason})"),
            Malformed::NotAnObject => f.write_str("it is not a JSON object"),
            Malformed::DoesNotFit(reason) => write!(f, "it does not fit the operation's body ({reason})"),
            Malformed::Unreadable => f.write_str("it could not be read to its end"),
        }
    }
}

fn relation_details(child_type: &str, child_id: &str, parent_type: &str, parent_id: &str) -> Value {
    json!({ "childType": child_type, "childId": child_id, "parentType": parent_type, "parentId": parent_id })
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.0.status.as_u16(), self.0.id, self.0.description)
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_has_the_onezone_shape() {
        let e = ApiError::missing_required_value("serviceProperties.host");
        assert_eq!(e.status(), StatusCode::BAD_REQUEST);
        let body = e.to_body();
        assert_eq!(body["error"]["id"], "missingRequiredValue");
        assert_eq!(body["error"]["details"], json!({"key": "serviceProperties.host"}));
        assert!(body["error"]["description"].as_str().unwrap().contains("serviceProperties.host"));
        assert!(ApiError::forbidden().to_body()["error"].get("details").is_none());
    }

    #[test]
    fn unauthorized_nests_the_reason() {
        let e = ApiError::unauthorized(Some(ApiError::bad_token()));
        assert_eq!(e.to_body()["error"]["details"]["authError"]["id"], "badToken");
    }
}
