//! Reading a request body with a size cap and turning it into a typed value.

use bytes::Bytes;
use http_body::Body;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{ApiError, Malformed};
use crate::validate::{Json, Key, Validator};

/// Reads the whole body, refusing more than `limit` bytes with 413 — at
/// once when the body announces more (its `Content-Length`), so a client that
/// announces a huge body and sends nothing gets its answer instead of holding
/// the connection.
pub async fn read_limited<B>(body: B, limit: usize) -> Result<Bytes, ApiError>
where
    B: Body<Data = Bytes>,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    if body.size_hint().lower() > u64::try_from(limit).unwrap_or(u64::MAX) {
        return Err(ApiError::body_too_large(limit));
    }
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => Err(ApiError::body_too_large(limit)),
        Err(_) => Err(ApiError::malformed_data(Malformed::Unreadable)),
    }
}

/// Parses a JSON body. An empty body is `None` — an absent optional body
/// needs no `Content-Type` — and is refused when the body is required.
pub fn parse_json(bytes: &[u8], required: bool) -> Result<Option<Value>, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return if required { Err(ApiError::malformed_data(Malformed::Empty)) } else { Ok(None) };
    }
    serde_json::from_slice(bytes).map(Some).map_err(|e| ApiError::malformed_data(Malformed::not_json(&e)))
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
        return if required { Err(ApiError::malformed_data(Malformed::Empty)) } else { Ok(None) };
    }
    let tree = Json::parse(bytes).map_err(|e| ApiError::malformed_data(Malformed::not_json(&e)))?;
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

/// [`parse_body`] with the typed value tried first, for a body type the
/// generator has shown to accept no JSON its validator refuses (the
/// `typed_checks` module of the generated code says which, and `check` is
/// the part of the schema the type cannot express, such as
/// `minProperties`). Same answers as [`parse_body`]; a valid body is parsed
/// once instead of twice.
pub fn parse_body_typed<T: DeserializeOwned>(
    bytes: &[u8],
    required: bool,
    validate: Validator,
    check: fn(&T) -> bool,
) -> Result<Option<T>, ApiError> {
    match parse_typed(bytes, check) {
        Some(value) => Ok(Some(value)),
        None => parse_body(bytes, required, validate),
    }
}

/// The typed attempt of [`parse_body_typed`]: `Some` only for a JSON
/// object without a `null` literal (serde reads a struct from a list too,
/// and an `Option` field reads `null` as absent; the validators refuse
/// both) and without a number that might be out of `f64`'s range (serde
/// skips an ignored member's number unchecked, the validators refuse one
/// that is out of range), that deserializes into `T` and passes `check`.
pub fn parse_typed<T: DeserializeOwned>(bytes: &[u8], check: fn(&T) -> bool) -> Option<T> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace())?;
    if *first != b'{' || needs_validator_tree(bytes) {
        return None;
    }
    let value: T = serde_json::from_slice(bytes).ok()?;
    check(&value).then_some(value)
}

/// Whether `bytes`, read as JSON text, hold outside a string an `n` — in a
/// valid document, the start of `null` — or a number with an exponent or
/// more than 15 digits (the only ones that can be out of `f64`'s range).
fn needs_validator_tree(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    loop {
        // Outside a string: the next `n`, number, or quote that opens a string.
        let Some(at) = rest.iter().position(|&b| b == b'"' || b == b'n' || b.is_ascii_digit()) else { return false };
        match rest[at] {
            b'n' => return true,
            b'"' => rest = &rest[at + 1..],
            _ => {
                let len = rest[at..]
                    .iter()
                    .take_while(|&&b| matches!(b, b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-'))
                    .count();
                let number = &rest[at..at + len];
                if number.iter().any(|&b| b == b'e' || b == b'E')
                    || number.iter().filter(|b| b.is_ascii_digit()).count() > 15
                {
                    return true;
                }
                rest = &rest[at + len..];
                continue;
            }
        }
        // Inside: the closing quote, stepping over escaped characters.
        loop {
            let Some(at) = rest.iter().position(|&b| b == b'"' || b == b'\\') else { return false };
            if rest[at] == b'"' {
                rest = &rest[at + 1..];
                break;
            }
            rest = rest.get(at + 2..).unwrap_or_default();
        }
    }
}

/// How a request body of type `T` is checked: its generated validator and,
/// for a type that accepts no JSON the validator refuses, what the type
/// cannot check itself (then the typed value is tried first, see
/// [`parse_body_typed`]).
pub struct BodyRule<T> {
    /// The generated validator of the body's schema.
    pub validate: Validator,
    /// `Some` for the typed path: the generated `typed_checks` function.
    pub typed_check: Option<fn(&T) -> bool>,
}

impl<T> BodyRule<T> {
    /// Validator first (the body's type might accept JSON the schema refuses).
    pub const fn validated(validate: Validator) -> Self {
        Self { validate, typed_check: None }
    }

    /// Typed value first, the validator only to explain a refusal.
    pub const fn typed(validate: Validator, check: fn(&T) -> bool) -> Self {
        Self { validate, typed_check: Some(check) }
    }
}

/// The body of an operation that requires one: `malformedData` when it is
/// absent, else parsed and validated by `rule`.
pub fn request_body<T: DeserializeOwned>(bytes: &[u8], rule: BodyRule<T>) -> Result<T, ApiError> {
    optional_body(bytes, true, rule)?.ok_or_else(|| ApiError::malformed_data(Malformed::Empty))
}

/// The body of an operation whose body is optional: `None` when absent (an
/// absent body needs no `Content-Type`).
pub fn optional_request_body<T: DeserializeOwned>(bytes: &[u8], rule: BodyRule<T>) -> Result<Option<T>, ApiError> {
    optional_body(bytes, false, rule)
}

fn optional_body<T: DeserializeOwned>(bytes: &[u8], required: bool, rule: BodyRule<T>) -> Result<Option<T>, ApiError> {
    match rule.typed_check {
        Some(check) => parse_body_typed(bytes, required, rule.validate, check),
        None => parse_body(bytes, required, rule.validate),
    }
}

/// Converts a validated JSON value into its Rust type.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, ApiError> {
    // The generated validator has accepted `value`, so this only fails where a
    // schema says more than the validators check; answer as Onezone would.
    serde_json::from_value(value).map_err(|e| ApiError::malformed_data(Malformed::DoesNotFit(e.to_string())))
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

    /// A body that announces `len` bytes and never sends one.
    struct Announced(u64);

    impl Body for Announced {
        type Data = Bytes;
        type Error = std::convert::Infallible;

        fn poll_frame(
            self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
            std::task::Poll::Pending
        }

        fn size_hint(&self) -> http_body::SizeHint {
            http_body::SizeHint::with_exact(self.0)
        }
    }

    #[tokio::test]
    async fn a_body_announced_over_the_cap_is_413_before_any_byte_arrives() {
        let read =
            tokio::time::timeout(std::time::Duration::from_secs(5), read_limited(Announced(99_999_999_999), 1024));
        let e = read.await.expect("answered without waiting for the body").unwrap_err();
        assert_eq!((e.status().as_u16(), e.id()), (413, "badValueTextTooLarge"));
        // At the cap, it waits for the bytes as usual.
        let read = tokio::time::timeout(std::time::Duration::from_millis(50), read_limited(Announced(1024), 1024));
        assert!(read.await.is_err(), "a body within the cap is read");
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
    fn the_typed_path_takes_only_objects_without_null() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct A {
            a: Option<String>,
        }
        let any = |_: &A| true;
        assert_eq!(parse_typed::<A>(br#" {"a": "n\"null\\"}"#, any), Some(A { a: Some("n\"null\\".into()) }));
        assert_eq!(parse_typed::<A>(br#"{"a": null}"#, any), None);
        assert_eq!(parse_typed::<A>(br#"{"b": null}"#, any), None);
        assert_eq!(parse_typed::<A>(br#"{"a": "\\", "b": null}"#, any), None);
        assert_eq!(parse_typed::<A>(br#"["x"]"#, any), None, "a struct read from a list");
        assert_eq!(parse_typed::<A>(br#"{"a": "x"}"#, |a| a.a.is_none()), None, "the check refuses");
        assert_eq!(parse_typed::<A>(br#"{"a": 1}"#, any), None);
        assert!(needs_validator_tree(b"null") && !needs_validator_tree(br#""null""#));
        assert!(needs_validator_tree(br#""\"" n"#));
        assert!(needs_validator_tree(b"[1e5]") && needs_validator_tree(b"[2.5E-3]"));
        assert!(needs_validator_tree(b"1234567890123456") && !needs_validator_tree(b"[123456789012345, -1.5]"));
        assert!(!needs_validator_tree(br#"{"a1e9": "1e999999", "b": true}"#), "in strings and keys");
        assert_eq!(parse_typed::<A>(br#"{"a": "x", "b": 1e999999}"#, any), None, "an ignored member out of range");
    }

    #[test]
    fn empty_optional_body_is_none_and_garbage_is_malformed() {
        assert_eq!(parse_json(b"", false).unwrap(), None);
        assert_eq!(parse_json(b"", true).unwrap_err().id(), "malformedData");
        assert_eq!(parse_json(b"{nope", false).unwrap_err().id(), "malformedData");
        assert_eq!(parse_json(b"{\"a\":1}", true).unwrap(), Some(serde_json::json!({"a": 1})));
    }
}
