//! What the server received.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use http::{HeaderMap, Method, Version};

/// One request as the server received it.
#[derive(Clone, PartialEq)]
pub struct RecordedRequest {
    /// Position of the request in arrival order, from 0.
    pub index: usize,
    /// The HTTP method.
    pub method: Method,
    /// The request target as sent: path and, if any, `?query`, still
    /// percent-encoded (e.g. `/groups/a%2Fb?x=1`).
    pub path: String,
    /// Every header, in the order received (repeated names kept).
    pub headers: HeaderMap,
    /// The whole body.
    pub body: Bytes,
    /// The HTTP version the client used.
    pub version: Version,
}

impl RecordedRequest {
    /// The path without the query.
    pub fn path_only(&self) -> &str {
        self.path.split_once('?').map_or(self.path.as_str(), |(path, _)| path)
    }

    /// The query string without the `?`, if the target had one.
    pub fn query(&self) -> Option<&str> {
        self.path.split_once('?').map(|(_, query)| query)
    }

    /// The first value of a header as text; `None` when the header is absent
    /// or its value is not visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Every value of a header as text (values that are not visible ASCII are
    /// skipped).
    pub fn header_all(&self, name: &str) -> Vec<&str> {
        self.headers.get_all(name).iter().filter_map(|v| v.to_str().ok()).collect()
    }

    /// Whether the header was sent at all.
    pub fn has_header(&self, name: &str) -> bool {
        self.headers.contains_key(name)
    }

    /// The body as text, invalid UTF-8 replaced.
    pub fn body_text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }

    /// The body parsed as JSON; `None` when the body is empty.
    ///
    /// # Panics
    /// When the body is not empty and not JSON, with the body in the message.
    pub fn json(&self) -> Option<serde_json::Value> {
        self.try_json().unwrap_or_else(|e| {
            panic!(
                "request #{} {} {}: body is not JSON ({e}): {:?}",
                self.index,
                self.method,
                self.path,
                self.body_text()
            )
        })
    }

    /// The body parsed as JSON; `Ok(None)` when the body is empty.
    pub fn try_json(&self) -> Result<Option<serde_json::Value>, serde_json::Error> {
        if self.body.is_empty() { Ok(None) } else { serde_json::from_slice(&self.body).map(Some) }
    }

    /// `"POST /groups"`: method and target, handy for comparing sequences.
    pub fn line(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

impl fmt::Debug for RecordedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordedRequest")
            .field("index", &self.index)
            .field("method", &self.method)
            .field("path", &self.path)
            .field("version", &self.version)
            .field("headers", &self.headers)
            .field("body", &self.body_text())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(path: &str, body: &'static [u8]) -> RecordedRequest {
        RecordedRequest {
            index: 3,
            method: Method::PATCH,
            path: path.to_owned(),
            headers: HeaderMap::new(),
            body: Bytes::from_static(body),
            version: Version::HTTP_11,
        }
    }

    #[test]
    fn path_and_query_are_split() {
        let r = request("/a/b%2Fc?x=1&y=2", b"");
        assert_eq!(r.path_only(), "/a/b%2Fc");
        assert_eq!(r.query(), Some("x=1&y=2"));
        assert_eq!(request("/a", b"").query(), None);
        assert_eq!(r.line(), "PATCH /a/b%2Fc?x=1&y=2");
    }

    #[test]
    fn json_is_none_for_an_empty_body() {
        assert_eq!(request("/", b"").json(), None);
        assert_eq!(request("/", b"{\"a\":[1]}").json(), Some(serde_json::json!({"a": [1]})));
        assert!(request("/", b"<html>").try_json().is_err());
    }

    #[test]
    #[should_panic(expected = "request #3 PATCH /x: body is not JSON")]
    fn json_panics_with_the_body_when_it_is_not_json() {
        let _ = request("/x", b"<html>").json();
    }
}
