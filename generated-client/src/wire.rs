//! Two pieces of the request/response path that the generated client calls
//! instead of progenitor's own (codegen rewrites the calls; see
//! `codegen/src/client.rs`, "Hardening").

use bytes::Bytes;
use progenitor_client::{Error, ResponseValue};
use serde::de::DeserializeOwned;

/// Percent-encodes one path parameter so that it stays exactly one path
/// segment: everything outside RFC 3986's unreserved characters is encoded,
/// and the values that URL parsing would resolve away (`""`, `.`, `..`) are
/// refused before anything is sent (the error text becomes
/// `Error::InvalidRequest`).
#[doc(hidden)]
pub fn encode_path_segment(value: &str) -> Result<String, String> {
    if matches!(value, "" | "." | "..") {
        return Err(format!("path parameter {value:?} cannot be sent: it would not name a single path segment"));
    }
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    Ok(out)
}

/// Attached to a rebuilt response whose body could not be read (a timeout,
/// a connection cut mid-body): why, for [`crate::ApiError::decode`].
#[derive(Debug, Clone)]
pub(crate) struct BodyReadFailed(pub(crate) String);

/// Decodes the body of a documented error status. A body that is not the
/// error type (a proxy's HTML page, an empty body) is handed back as
/// `UnexpectedResponse` with its status and text intact, where progenitor
/// would give a status-less `InvalidResponsePayload`.
#[doc(hidden)]
pub async fn decode_error_response<E: DeserializeOwned>(response: reqwest::Response) -> Error<E> {
    let status = response.status();
    let headers = response.headers().clone();
    let version = response.version();
    let body: Bytes = match response.bytes().await {
        Ok(body) => body,
        Err(e) => {
            // progenitor's `ResponseBodyError` has no room for the status:
            // hand back the status and headers with the failure attached.
            let mut rebuilt = http::Response::new(Bytes::new());
            *rebuilt.status_mut() = status;
            *rebuilt.headers_mut() = headers;
            *rebuilt.version_mut() = version;
            rebuilt.extensions_mut().insert(BodyReadFailed(e.to_string()));
            return Error::UnexpectedResponse(reqwest::Response::from(rebuilt));
        }
    };
    match serde_json::from_slice::<E>(&body) {
        Ok(inner) => Error::ErrorResponse(ResponseValue::new(inner, status, headers)),
        Err(_) => {
            let mut rebuilt = http::Response::new(body);
            *rebuilt.status_mut() = status;
            *rebuilt.headers_mut() = headers;
            *rebuilt.version_mut() = version;
            Error::UnexpectedResponse(reqwest::Response::from(rebuilt))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_cannot_escape() {
        for bad in ["", ".", ".."] {
            assert!(encode_path_segment(bad).is_err(), "{bad:?}");
        }
        let encoded = |s| encode_path_segment(s).unwrap();
        assert_eq!(encoded("a\\b"), "a%5Cb");
        assert_eq!(encoded("a/b?c#d%e f"), "a%2Fb%3Fc%23d%25e%20f");
        assert_eq!(encoded("..."), "...");
        assert_eq!(encoded("zażółć"), "za%C5%BC%C3%B3%C5%82%C4%87");
        assert_eq!(encoded("0fe7c8a2-_.~"), "0fe7c8a2-_.~");
    }
}
