//! Credentials of the spec's three security schemes, and the trait through
//! which an implementation turns them into its own notion of a caller.

use std::fmt;
use std::future::Future;

use http::{HeaderMap, HeaderName};

use crate::context::RequestContext;
use crate::error::ApiError;

/// Onezone's own token header (a constant: looking a header up by a string
/// parses the name on every request).
const X_AUTH_TOKEN: HeaderName = HeaderName::from_static("x-auth-token");

/// Credentials found in a request.
///
/// `Debug` never prints the secret parts.
#[derive(Clone, PartialEq, Eq)]
pub enum Credentials {
    /// `Authorization: Basic base64(username:password)`.
    Basic {
        /// The username.
        username: String,
        /// The password.
        password: String,
    },
    /// `X-Auth-Token: <token>`.
    Token(String),
    /// `Authorization: Bearer <token>`.
    Bearer(String),
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::Basic { username, .. } => {
                f.debug_struct("Basic").field("username", username).field("password", &"***").finish()
            }
            Credentials::Token(_) => f.write_str("Token(***)"),
            Credentials::Bearer(_) => f.write_str("Bearer(***)"),
        }
    }
}

impl Credentials {
    /// Reads every credential of a request, in the order they count:
    /// `Authorization` (basic or bearer), then `X-Auth-Token`. Empty when
    /// there are none. A malformed header is refused as unusable credentials
    /// are: 401 `unauthorized` with `badBasicCredentials` / `badToken` as its
    /// `authError` (see [`require_claims`] for several credentials).
    pub fn from_headers(headers: &HeaderMap) -> Result<Vec<Self>, ApiError> {
        let bad_basic = || ApiError::unauthorized(Some(ApiError::bad_basic_credentials()));
        let bad_token = || ApiError::unauthorized(Some(ApiError::bad_token()));
        let mut found = Vec::new();
        // Every value of each header: a repeated header is as many
        // credentials, each checked, never only the first.
        for value in headers.get_all(http::header::AUTHORIZATION) {
            let value = value.to_str().map_err(|_| bad_token())?.trim();
            let (scheme, rest) = value.split_once(' ').unwrap_or((value, ""));
            let rest = rest.trim();
            found.push(if scheme.eq_ignore_ascii_case("basic") {
                let decoded = base64_decode(rest).ok_or_else(bad_basic)?;
                let text = String::from_utf8(decoded).map_err(|_| bad_basic())?;
                let (username, password) = text.split_once(':').ok_or_else(bad_basic)?;
                Credentials::Basic { username: username.to_owned(), password: password.to_owned() }
            } else if scheme.eq_ignore_ascii_case("bearer") && !rest.is_empty() {
                Credentials::Bearer(rest.to_owned())
            } else {
                return Err(bad_token());
            });
        }
        for value in headers.get_all(X_AUTH_TOKEN) {
            let token = value.to_str().map_err(|_| bad_token())?.trim();
            if token.is_empty() {
                return Err(bad_token());
            }
            found.push(Credentials::Token(token.to_owned()));
        }
        Ok(found)
    }
}

/// How an implementation authenticates callers. Every per-tag API trait
/// builds on it.
pub trait Auth: Send + Sync + 'static {
    /// What a successful authentication yields (a user id, a session, …);
    /// handed to every non-public operation.
    type Claims: Send + Sync + 'static;

    /// Checks credentials. Called before the request body is read; an error
    /// (typically [`ApiError::unauthorized`]) is sent as it is.
    fn authenticate(
        &self,
        credentials: &Credentials,
        ctx: &RequestContext,
    ) -> impl Future<Output = Result<Self::Claims, ApiError>> + Send;
}

/// Authenticates a request for a non-public operation: 401 `unauthorized`
/// without credentials.
///
/// A request may carry several credentials (`Authorization` and
/// `X-Auth-Token`). Every one of them is authenticated and must be accepted —
/// a refused one refuses the request, so garbage beside a valid credential
/// never passes — and the first, in the order of
/// [`Credentials::from_headers`], is the one that counts: `Authorization`.
pub async fn require_claims<A: Auth + ?Sized>(auth: &A, ctx: &RequestContext) -> Result<A::Claims, ApiError> {
    optional_claims(auth, ctx).await?.ok_or_else(|| ApiError::unauthorized(None))
}

/// Authenticates a request for a public operation: credentials are optional,
/// but those given must be valid (401 otherwise, which the spec lists for
/// public operations too), as for [`require_claims`].
pub async fn optional_claims<A: Auth + ?Sized>(auth: &A, ctx: &RequestContext) -> Result<Option<A::Claims>, ApiError> {
    let mut counted = None;
    for credentials in Credentials::from_headers(ctx.headers())? {
        let claims = auth.authenticate(&credentials, ctx).await?;
        counted.get_or_insert(claims);
    }
    Ok(counted)
}

fn base64_decode(input: &str) -> Option<Vec<u8>> {
    fn sextet(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }
    let bytes = input.trim_end_matches('=').as_bytes();
    if bytes.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= sextet(c)? << (18 - 6 * i);
        }
        out.push((n >> 16) as u8);
        if chunk.len() > 2 {
            out.push((n >> 8) as u8);
        }
        if chunk.len() > 3 {
            out.push(n as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn the_three_schemes_are_recognised() {
        let basic = Credentials::Basic { username: "username".into(), password: "password".into() };
        assert_eq!(
            Credentials::from_headers(&headers(&[("authorization", "Basic dXNlcm5hbWU6cGFzc3dvcmQ=")])).unwrap(),
            std::slice::from_ref(&basic)
        );
        assert_eq!(
            Credentials::from_headers(&headers(&[("x-auth-token", "tok")])).unwrap(),
            [Credentials::Token("tok".into())]
        );
        assert_eq!(
            Credentials::from_headers(&headers(&[("authorization", "Bearer tok")])).unwrap(),
            [Credentials::Bearer("tok".into())]
        );
        assert_eq!(Credentials::from_headers(&HeaderMap::new()).unwrap(), []);
        // Both headers: both, Authorization first.
        assert_eq!(
            Credentials::from_headers(&headers(&[
                ("x-auth-token", "tok"),
                ("authorization", "Basic dXNlcm5hbWU6cGFzc3dvcmQ=")
            ]))
            .unwrap(),
            [basic, Credentials::Token("tok".into())]
        );
        // A header given twice is two credentials, in the order received.
        let mut twice = headers(&[("authorization", "Basic dXNlcm5hbWU6cGFzc3dvcmQ=")]);
        twice.append("authorization", "Bearer tok".parse().unwrap());
        assert_eq!(
            Credentials::from_headers(&twice).unwrap(),
            [
                Credentials::Basic { username: "username".into(), password: "password".into() },
                Credentials::Bearer("tok".into())
            ]
        );
        // A malformed one beside a good one refuses the request.
        let e = Credentials::from_headers(&headers(&[("authorization", "Bearer tok"), ("x-auth-token", " ")]));
        assert_eq!(e.unwrap_err().to_body()["error"]["details"]["authError"]["id"], "badToken");
    }

    #[test]
    fn malformed_headers_are_401_with_the_catalogue_id_nested() {
        for (value, reason) in [
            ("Basic !!!", "badBasicCredentials"),
            ("Basic bm9jb2xvbg==", "badBasicCredentials"),
            ("Digest x", "badToken"),
        ] {
            let e = Credentials::from_headers(&headers(&[("authorization", value)])).unwrap_err();
            assert_eq!((e.status().as_u16(), e.id()), (401, "unauthorized"), "{value}");
            assert_eq!(e.to_body()["error"]["details"]["authError"]["id"], reason, "{value}");
        }
    }

    #[test]
    fn debug_hides_secrets() {
        let c = Credentials::Basic { username: "u".into(), password: "s3cret".into() };
        assert!(!format!("{c:?}").contains("s3cret"));
        assert!(!format!("{:?}", Credentials::Token("s3cret".into())).contains("s3cret"));
    }
}
