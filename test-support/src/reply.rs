//! What the server answers: one scripted [`Reply`] per request.

use std::time::Duration;

use bytes::Bytes;
use http::header::{CONTENT_TYPE, HeaderName, HeaderValue, LOCATION};
use http::{HeaderMap, StatusCode};

/// A scripted answer: status, headers, body and an optional delay before it
/// is sent.
///
/// The constructors and `with_*` methods panic on invalid input (a status
/// outside 100..=999, a header name or value that HTTP does not allow), since
/// such a script is a bug in the test itself.
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    delay: Duration,
}

impl Reply {
    /// A reply with this status, no headers and an empty body.
    pub fn new(status: u16) -> Self {
        let status = StatusCode::from_u16(status)
            .unwrap_or_else(|_| panic!("Reply::new: {status} is not a valid HTTP status code"));
        Self { status, headers: HeaderMap::new(), body: Bytes::new(), delay: Duration::ZERO }
    }

    /// `200 OK` with an empty body.
    pub fn ok() -> Self {
        Self::new(200)
    }

    /// `204 No Content`.
    pub fn no_content() -> Self {
        Self::new(204)
    }

    /// `201 Created` with a `Location` header.
    pub fn created(location: &str) -> Self {
        Self::new(201).with_header(LOCATION.as_str(), location)
    }

    /// A reply whose body is `value` serialised as JSON, with
    /// `content-type: application/json`.
    pub fn json(status: u16, value: impl serde::Serialize) -> Self {
        Self::new(status).with_json(value)
    }

    /// A reply with a text body and `content-type: text/plain; charset=utf-8`.
    pub fn text(status: u16, text: impl Into<String>) -> Self {
        Self::new(status).with_body(text.into()).with_header(CONTENT_TYPE.as_str(), "text/plain; charset=utf-8")
    }

    /// Sets a header, replacing any earlier value of the same name.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        let (name, value) = header(name, value);
        self.headers.insert(name, value);
        self
    }

    /// Adds a header, keeping earlier values of the same name.
    pub fn with_appended_header(mut self, name: &str, value: &str) -> Self {
        let (name, value) = header(name, value);
        self.headers.append(name, value);
        self
    }

    /// Removes every value of a header (e.g. the `content-type` that
    /// [`Reply::json`] set).
    pub fn without_header(mut self, name: &str) -> Self {
        self.headers.remove(name);
        self
    }

    /// Sets the body bytes as they are; headers are not touched.
    pub fn with_body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// Sets the body to `value` as JSON and `content-type` to
    /// `application/json`.
    pub fn with_json(self, value: impl serde::Serialize) -> Self {
        let body = serde_json::to_vec(&value).unwrap_or_else(|e| panic!("Reply::with_json: cannot serialise: {e}"));
        self.with_body(body).with_header(CONTENT_TYPE.as_str(), "application/json")
    }

    /// Waits this long after the request has been recorded before answering,
    /// e.g. to trigger a client's timeout.
    pub fn with_delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body bytes.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The delay before the answer is sent.
    pub fn delay(&self) -> Duration {
        self.delay
    }

    /// The answer given when the script has nothing for a request: a 500
    /// whose JSON body says so, so that the test fails visibly.
    pub(crate) fn unscripted(index: usize, method: &http::Method, path: &str) -> Self {
        let description = format!(
            "onezone-test-support RecordingServer: no scripted reply for request #{index} ({method} {path}): \
             the reply queue is empty and no default reply is set"
        );
        Self::json(500, serde_json::json!({"error": {"id": "noScriptedReply", "description": description}}))
    }

    pub(crate) fn into_response(self) -> http::Response<http_body_util::Full<Bytes>> {
        let mut response = http::Response::new(http_body_util::Full::new(self.body));
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers;
        response
    }
}

fn header(name: &str, value: &str) -> (HeaderName, HeaderValue) {
    let name = HeaderName::from_bytes(name.as_bytes())
        .unwrap_or_else(|_| panic!("Reply: {name:?} is not a valid header name"));
    let value =
        HeaderValue::from_str(value).unwrap_or_else(|_| panic!("Reply: {value:?} is not a valid value for {name}"));
    (name, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_sets_body_and_content_type() {
        let reply = Reply::json(404, serde_json::json!({"error": "x"}));
        assert_eq!(reply.status(), StatusCode::NOT_FOUND);
        assert_eq!(reply.headers()[CONTENT_TYPE], "application/json");
        assert_eq!(reply.body().as_ref(), br#"{"error":"x"}"#);
    }

    #[test]
    fn created_carries_location_and_headers_can_be_removed() {
        let reply =
            Reply::created("https://zone/groups/g1").with_appended_header("x-a", "1").with_appended_header("x-a", "2");
        assert_eq!(reply.status(), StatusCode::CREATED);
        assert_eq!(reply.headers()[LOCATION], "https://zone/groups/g1");
        assert_eq!(reply.headers().get_all("x-a").iter().count(), 2);
        assert!(reply.without_header("location").headers().get(LOCATION).is_none());
    }

    #[test]
    #[should_panic(expected = "not a valid HTTP status code")]
    fn invalid_status_is_a_test_bug() {
        let _ = Reply::new(42);
    }
}
