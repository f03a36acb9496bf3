//! What an implementation learns about the request besides its typed inputs.

use std::fmt;
use std::sync::OnceLock;

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
    /// The base path the API is served under, from the spec's `servers`
    /// entry (e.g. `/api/v3/onezone`).
    pub base_path: &'static str,
    /// The names of the path template's parameters, in path order.
    pub params: &'static [&'static str],
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
    /// `ServerConfig::public_url`, when set.
    public_url: Option<String>,
    base_path: &'static str,
    /// Built on first use: most operations never need it, and formatting it
    /// for every request was measurable (`cargo xtask bench`).
    base_url: OnceLock<String>,
}

impl RequestContext {
    /// Context for `operation` from the request head.
    pub fn new(operation: &'static OperationInfo, parts: http::request::Parts, config: &ServerConfig) -> Self {
        Self {
            operation,
            method: parts.method,
            uri: parts.uri,
            headers: parts.headers,
            public_url: config.public_url.clone(),
            base_path: operation.base_path,
            base_url: OnceLock::new(),
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

    /// Absolute URL of the API root, e.g. `https://zone.example.com/api/v3/onezone`:
    /// `ServerConfig::public_url` when set, else `http://` and the request's
    /// `Host` (or the URI's authority, or `localhost`).
    pub fn base_url(&self) -> &str {
        self.base_url.get_or_init(|| {
            let mut url = String::new();
            self.push_base_url(&mut url);
            url
        })
    }

    /// Appends the base URL to `out` (what [`base_url`](Self::base_url)
    /// returns, without caching it: a handler usually needs it once).
    fn push_base_url(&self, out: &mut String) {
        if let Some(url) = self.base_url.get() {
            out.push_str(url);
            return;
        }
        match &self.public_url {
            Some(url) => out.push_str(url.trim_end_matches('/')),
            None => {
                // A `Host` that is not a plain authority (spaces, a path, a
                // user part) would make the Location unusable or point it
                // elsewhere; such a header is ignored.
                let host = self
                    .headers
                    .get(http::header::HOST)
                    .and_then(|h| h.to_str().ok())
                    .or_else(|| self.uri.authority().map(|a| a.as_str()))
                    .filter(|h| is_plain_authority(h))
                    .unwrap_or("localhost");
                out.push_str("http://");
                out.push_str(host);
            }
        }
        out.push_str(self.base_path);
    }

    /// Absolute URL of a resource given by its path below the base path,
    /// for `Location` headers: `ctx.absolute_url("/groups/abc")`. Characters
    /// that may not appear in a URL path (controls, spaces, non-ASCII, `?`,
    /// `#`, `%`, quotes, …) are percent-encoded, so ids taken from a request can
    /// be used as they are.
    pub fn absolute_url(&self, path: &str) -> String {
        let mut out = String::with_capacity(64 + path.len());
        self.push_base_url(&mut out);
        // Copy runs of bytes that may stay as they are; encode the others.
        let mut rest = path;
        while let Some(at) = rest.bytes().position(|b| !URL_PATH_KEEPS[usize::from(b)]) {
            out.push_str(&rest[..at]);
            let (encoded, tail) = rest[at..].split_at(rest[at..].chars().next().map_or(1, char::len_utf8));
            for byte in encoded.bytes() {
                out.push('%');
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 0xf)]));
            }
            rest = tail;
        }
        out.push_str(rest);
        out
    }
}

/// `host`, `host:port` or `[v6]:port`: letters, digits and `.-_:[]`, nothing
/// else (no user part, path, query, space or escape).
fn is_plain_authority(host: &str) -> bool {
    !host.is_empty()
        && host.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':' | b'[' | b']'))
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Bytes a URL path keeps as they are: unreserved, sub-delims, `:`, `@` and
/// `/`. Ids arrive percent-decoded, so a `%` in one is a literal `%` and is
/// encoded (`%25`); the Location then names the same id.
const URL_PATH_KEEPS: [bool; 256] = {
    let mut keep = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        keep[b] = c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'/'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b':'
                    | b'@'
            );
        b += 1;
    }
    keep
};

impl fmt::Debug for RequestContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestContext")
            .field("operation", &self.operation.operation_id)
            .field("method", &self.method)
            .field("uri", &self.uri)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(config: &ServerConfig) -> RequestContext {
        with_host(config, "zone.test:8443")
    }

    fn with_host(config: &ServerConfig, host: &str) -> RequestContext {
        let parts = http::Request::builder().uri("/x").header("host", host).body(()).unwrap().into_parts().0;
        RequestContext::new(<crate::operations::ListGroups as crate::Operation>::INFO, parts, config)
    }

    /// The encoding as first written: byte by byte.
    fn reference(path: &str) -> String {
        let mut out = String::new();
        for byte in path.bytes() {
            if byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&byte) {
                out.push(char::from(byte));
            } else {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
        out
    }

    #[test]
    fn absolute_urls_encode_what_a_path_cannot_hold() {
        let c = ctx(&ServerConfig::default());
        assert_eq!(c.base_url(), "http://zone.test:8443/api/v3/onezone");
        for path in ["/groups/abc", "/groups/a b?c#d", "/groups/żółw\"\n", "/%2F/é/", "", "/x\u{7f}\u{0}"] {
            assert_eq!(
                c.absolute_url(path),
                format!("http://zone.test:8443/api/v3/onezone{}", reference(path)),
                "{path:?}"
            );
        }
        let c = ctx(&ServerConfig { public_url: Some("https://zone.example.com/".into()), ..ServerConfig::default() });
        assert_eq!(c.absolute_url("/groups/g1"), "https://zone.example.com/api/v3/onezone/groups/g1");
    }

    #[test]
    fn a_literal_percent_in_an_id_stays_the_same_id() {
        // The id `a%2Fb` arrived as `a%252Fb`; its Location must say so again.
        assert_eq!(
            ctx(&ServerConfig::default()).absolute_url("/groups/a%2Fb"),
            "http://zone.test:8443/api/v3/onezone/groups/a%252Fb"
        );
    }

    #[test]
    fn a_host_header_that_is_not_an_authority_is_not_copied() {
        let config = ServerConfig::default();
        for host in ["evil.example.com/phish", "a b", "user@evil.example.com", ""] {
            assert_eq!(with_host(&config, host).base_url(), "http://localhost/api/v3/onezone", "{host:?}");
        }
        assert_eq!(with_host(&config, "[::1]:8080").base_url(), "http://[::1]:8080/api/v3/onezone");
    }
}
