//! What an implementation learns about the request besides its typed inputs.

use std::fmt;

use http::{HeaderMap, Method, Uri};

/// Static description of one operation of the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationInfo {
    /// The spec's operationId, e.g. `add_handle_service_group`.
    pub operation_id: &'static str,
    /// HTTP method in upper case.
    pub method: &'static str,
    /// Path template below the base path, e.g. `/handle_services/{id}/groups/{gid}`.
    pub path: &'static str,
    /// The operation's tag (the trait it belongs to).
    pub tag: &'static str,
    /// `x-onedata-permissions`: the entity and zone-admin privileges the spec
    /// names for this operation (read the operation's description for how
    /// they combine).
    pub permissions: &'static [&'static str],
    /// True when the operation needs no credentials (`security: []`).
    pub public: bool,
    /// Success statuses the spec documents, in spec order.
    pub success_statuses: &'static [u16],
    /// Error statuses the spec documents, in spec order.
    pub error_statuses: &'static [u16],
}

/// Server-wide settings.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Largest request body read, in bytes; larger bodies get 413.
    pub body_limit: usize,
    /// Scheme and authority used in absolute URLs such as `Location`
    /// (`https://zone.example.com`). When `None`, they come from the request's
    /// `Host` header over `http`.
    pub public_url: Option<String>,
}

impl ServerConfig {
    /// Default body cap: 1 MiB.
    pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self { body_limit: Self::DEFAULT_BODY_LIMIT, public_url: None }
    }
}

/// The request as an implementation sees it, minus path parameters and body
/// (those are in the typed request).
///
/// `Debug` leaves out the headers, so credentials cannot end up in logs by
/// printing a context.
pub struct RequestContext {
    operation: &'static OperationInfo,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    base_url: String,
}

impl RequestContext {
    /// Context for `operation` from the request head.
    pub fn new(
        operation: &'static OperationInfo,
        parts: http::request::Parts,
        config: &ServerConfig,
        base_path: &str,
    ) -> Self {
        let origin = match &config.public_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => {
                let host = parts
                    .headers
                    .get(http::header::HOST)
                    .and_then(|h| h.to_str().ok())
                    .or_else(|| parts.uri.authority().map(|a| a.as_str()))
                    .unwrap_or("localhost");
                format!("http://{host}")
            }
        };
        Self {
            operation,
            method: parts.method,
            uri: parts.uri,
            headers: parts.headers,
            base_url: format!("{origin}{base_path}"),
        }
    }

    /// The operation being served, with its metadata.
    pub fn operation(&self) -> &'static OperationInfo {
        self.operation
    }

    /// HTTP method of the request.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// Request URI as received.
    pub fn uri(&self) -> &Uri {
        &self.uri
    }

    /// Request headers, credentials included: never log them wholesale.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Absolute URL of the API root, e.g. `https://zone.example.com/api/v3/onezone`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Absolute URL of a resource given by its path below the base path,
    /// for `Location` headers: `ctx.absolute_url("/groups/abc")`. Characters
    /// that may not appear in a URL path (controls, spaces, non-ASCII, `?`,
    /// `#`, quotes, …) are percent-encoded, so ids taken from a request can
    /// be used as they are.
    pub fn absolute_url(&self, path: &str) -> String {
        let mut out = String::with_capacity(self.base_url.len() + path.len());
        out.push_str(&self.base_url);
        for byte in path.bytes() {
            let keep = byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@%".contains(&byte);
            if keep {
                out.push(char::from(byte));
            } else {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
        out
    }
}

impl fmt::Debug for RequestContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestContext")
            .field("operation", &self.operation.operation_id)
            .field("method", &self.method)
            .field("uri", &self.uri)
            .finish_non_exhaustive()
    }
}
