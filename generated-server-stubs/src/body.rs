//! Reading a request body with a size cap and turning it into a typed value.

use bytes::Bytes;
use http_body::Body;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::ApiError;
use crate::validate::{Json, Key, Validator};

/// Reads the whole body, refusing more than `limit` bytes with 413.
pub async fn read_limited<B>(body: B, limit: usize) -> Result<Bytes, ApiError>
where
    B: Body<Data = Bytes>,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => Err(ApiError::body_too_large(limit)),
        Err(_) => Err(ApiError::malformed_data()),
    }
}

/// Parses a JSON body. An empty body is `None` — an absent optional body
/// needs no `Content-Type` — and is refused when the body is required.
pub fn parse_json(bytes: &[u8], required: bool) -> Result<Option<Value>, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return if required { Err(ApiError::malformed_data()) } else { Ok(None) };
    }
    serde_json::from_slice(bytes).map(Some).map_err(|_| ApiError::malformed_data())
}

/// Parses, validates and converts a JSON body in one go: the generated
/// validator checks a [`Json`] tree borrowing from `bytes` (no
/// `serde_json::Value` is built), then the body is deserialized straight
/// into `T`. An empty body is `None` (refused when `required`).
///
/// Answers exactly as [`parse_json`], the validator and [`from_value`]
/// would: should the direct conversion refuse a body the validator accepted
/// (a repeated member name, where a `Value` keeps the last), it converts
/// through a `Value` as they do.
pub fn parse_body<T: DeserializeOwned>(
    bytes: &[u8],
    required: bool,
    validate: Validator,
) -> Result<Option<T>, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return if required { Err(ApiError::malformed_data()) } else { Ok(None) };
    }
    let tree = Json::parse(bytes).map_err(|_| ApiError::malformed_data())?;
    validate(&tree, &Key::ROOT)?;
    drop(tree);
    match serde_json::from_slice(bytes) {
        Ok(value) => Ok(Some(value)),
        Err(_) => match parse_json(bytes, required)? {
            Some(value) => from_value(value).map(Some),
            None => Ok(None),
        },
    }
}

/// Converts a validated JSON value into its Rust type.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, ApiError> {
    // The generated validator has accepted `value`, so this only fails where a
    // schema says more than the validators check; answer as Onezone would.
    serde_json::from_value(value).map_err(|_| ApiError::malformed_data())
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::Full;

    #[tokio::test]
    async fn bodies_over_the_cap_are_413() {
        let body = Full::new(Bytes::from(vec![b' '; 2048]));
        let e = read_limited(body, 1024).await.unwrap_err();
        assert_eq!((e.status().as_u16(), e.id()), (413, "badValueTextTooLarge"));
        let ok = read_limited(Full::new(Bytes::from_static(b"{}")), 1024).await.unwrap();
        assert_eq!(&ok[..], b"{}");
    }

    #[test]
    fn parse_body_validates_then_converts() {
        fn needs_a(value: &Json<'_>, key: &Key<'_>) -> Result<(), ApiError> {
            crate::validate::required(crate::validate::object(value, key)?, key, "a")
        }
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct A {
            a: u8,
        }
        assert_eq!(parse_body::<A>(br#"{"a": 1}"#, true, needs_a).unwrap(), Some(A { a: 1 }));
        assert_eq!(parse_body::<A>(b" ", false, needs_a).unwrap(), None);
        assert_eq!(parse_body::<A>(b"", true, needs_a).unwrap_err().id(), "malformedData");
        assert_eq!(parse_body::<A>(b"{nope", true, needs_a).unwrap_err().id(), "malformedData");
        assert_eq!(parse_body::<A>(b"{}", true, needs_a).unwrap_err().id(), "missingRequiredValue");
        // A repeated member: the last value counts, as through a `Value`.
        assert_eq!(parse_body::<A>(br#"{"a": 1, "a": 2}"#, true, needs_a).unwrap(), Some(A { a: 2 }));
        // Valid for the validator but not for the type: malformedData, as before.
        assert_eq!(parse_body::<A>(br#"{"a": 300}"#, true, needs_a).unwrap_err().id(), "malformedData");
    }

    #[test]
    fn empty_optional_body_is_none_and_garbage_is_malformed() {
        assert_eq!(parse_json(b"", false).unwrap(), None);
        assert_eq!(parse_json(b"", true).unwrap_err().id(), "malformedData");
        assert_eq!(parse_json(b"{nope", false).unwrap_err().id(), "malformedData");
        assert_eq!(parse_json(b"{\"a\":1}", true).unwrap(), Some(serde_json::json!({"a": 1})));
    }
}
