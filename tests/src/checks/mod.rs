//! The checks behind the matrix columns, and what they share.

pub mod client;
pub mod samples;
pub mod server;
pub mod types;

use serde_json::Value;

/// Credentials used by the wire checks.
pub const USERNAME: &str = "alice";
/// Password of [`USERNAME`]; a `$` and a `:` make sure nothing is lost.
pub const PASSWORD: &str = "pa$$:word";
/// Token used with the `X-Auth-Token` and bearer schemes.
pub const TOKEN: &str = "MDAxY2xvY2F0aW9uIG9uZXpvbmUK";

/// The three security schemes of the spec, and no credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// HTTP basic.
    Basic,
    /// `X-Auth-Token`.
    Token,
    /// `Authorization: Bearer`.
    Bearer,
    /// No credentials.
    Anonymous,
}

impl Scheme {
    /// The schemes an operation is called with: all three, plus none for a
    /// public operation.
    pub fn for_operation(public: bool) -> Vec<Scheme> {
        let mut out = vec![Scheme::Basic, Scheme::Token, Scheme::Bearer];
        if public {
            out.push(Scheme::Anonymous);
        }
        out
    }

    /// The header that carries these credentials, written out by hand (not
    /// with the client's own encoder).
    pub fn header(self) -> Option<(&'static str, String)> {
        match self {
            Scheme::Basic => Some(("authorization", format!("Basic {}", base64(&format!("{USERNAME}:{PASSWORD}"))))),
            Scheme::Token => Some(("x-auth-token", TOKEN.to_owned())),
            Scheme::Bearer => Some(("authorization", format!("Bearer {TOKEN}"))),
            Scheme::Anonymous => None,
        }
    }

    /// What the server side must authenticate.
    pub fn credentials(self) -> Option<onezone_server::Credentials> {
        match self {
            Scheme::Basic => Some(onezone_server::Credentials::Basic {
                username: USERNAME.to_owned(),
                password: PASSWORD.to_owned(),
            }),
            Scheme::Token => Some(onezone_server::Credentials::Token(TOKEN.to_owned())),
            Scheme::Bearer => Some(onezone_server::Credentials::Bearer(TOKEN.to_owned())),
            Scheme::Anonymous => None,
        }
    }
}

/// RFC 4648 base64 with padding.
pub fn base64(text: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = text.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Percent-encodes one path segment: everything but RFC 3986's unreserved
/// characters.
pub fn encode_segment(value: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes of a path segment.
pub fn decode_segment(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The full request target of an operation: base path + template with
/// every parameter percent-encoded.
pub fn target(base_path: &str, op: &crate::spec::Operation, params: &[(String, String)]) -> String {
    let value = |name: &str| {
        params.iter().find(|(n, _)| n == name).map_or_else(|| format!("{{{name}}}"), |(_, v)| encode_segment(v))
    };
    format!("{base_path}{}", op.fill_path(value))
}

/// Where two JSON values first differ, as `at <pointer>: expected …, got …`;
/// `None` when they are equal.
pub fn json_diff(expected: &Value, got: &Value) -> Option<String> {
    fn walk(expected: &Value, got: &Value, at: &str) -> Option<String> {
        match (expected, got) {
            (Value::Object(e), Value::Object(g)) => {
                for (k, ev) in e {
                    let here = format!("{at}/{}", crate::spec::escape(k));
                    match g.get(k) {
                        Some(gv) => {
                            if let Some(d) = walk(ev, gv, &here) {
                                return Some(d);
                            }
                        }
                        None => return Some(format!("at {here}: expected {ev}, the field is missing")),
                    }
                }
                g.iter()
                    .find(|(k, _)| !e.contains_key(*k))
                    .map(|(k, gv)| format!("at {at}/{}: unexpected field with {gv}", crate::spec::escape(k)))
            }
            (Value::Array(e), Value::Array(g)) if e.len() == g.len() => {
                e.iter().zip(g).enumerate().find_map(|(i, (ev, gv))| walk(ev, gv, &format!("{at}/{i}")))
            }
            _ if expected == got => None,
            _ => Some(format!("at {}: expected {expected}, got {got}", if at.is_empty() { "/" } else { at })),
        }
    }
    walk(expected, got, "")
}

/// [`json_diff`] for optional bodies.
pub fn body_diff(expected: Option<&Value>, got: Option<&Value>) -> Option<String> {
    match (expected, got) {
        (None, None) => None,
        (Some(e), Some(g)) => json_diff(e, g),
        (Some(e), None) => Some(format!("expected the body {e}, got no body")),
        (None, Some(g)) => Some(format!("expected no body, got {g}")),
    }
}
