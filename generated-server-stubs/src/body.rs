//! Reading a request body with a size cap and turning it into a typed value.

use bytes::Bytes;
use http_body::Body;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::ApiError;

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
    fn empty_optional_body_is_none_and_garbage_is_malformed() {
        assert_eq!(parse_json(b"", false).unwrap(), None);
        assert_eq!(parse_json(b"", true).unwrap_err().id(), "malformedData");
        assert_eq!(parse_json(b"{nope", false).unwrap_err().id(), "malformedData");
        assert_eq!(parse_json(b"{\"a\":1}", true).unwrap(), Some(serde_json::json!({"a": 1})));
    }
}
