//! Building a [`Client`] for a zone: base path, credentials, TLS, timeouts.

use std::fmt;
use std::time::Duration;

use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderName, HeaderValue};

use crate::{BASE_PATH, Client};

/// Header carrying an access token in Onezone's own scheme.
pub const X_AUTH_TOKEN: &str = "x-auth-token";

/// How the client proves who it is; one of the spec's three schemes.
///
/// `Debug` never prints the secret parts.
#[derive(Clone, Default)]
pub enum Credentials {
    /// No credentials: only the public operations will succeed.
    #[default]
    Anonymous,
    /// HTTP basic (`curl -u username:password`).
    Basic {
        /// Onezone username.
        username: String,
        /// The user's password.
        password: String,
    },
    /// An access token in the `X-Auth-Token` header.
    Token(String),
    /// An access token as `Authorization: Bearer <token>`.
    Bearer(String),
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::Anonymous => f.write_str("Anonymous"),
            Credentials::Basic { username, .. } => {
                f.debug_struct("Basic").field("username", username).field("password", &"***").finish()
            }
            Credentials::Token(_) => f.write_str("Token(***)"),
            Credentials::Bearer(_) => f.write_str("Bearer(***)"),
        }
    }
}

impl Credentials {
    /// The header that carries these credentials, marked sensitive so that
    /// reqwest and hyper never print or log its value.
    pub fn header(&self) -> Result<Option<(HeaderName, HeaderValue)>, BuildError> {
        // A token travels as it is: printable ASCII only (no space, no line
        // break to inject a header, nothing a server would read differently).
        let token_ok = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_graphic());
        let (name, value) = match self {
            Credentials::Anonymous => return Ok(None),
            Credentials::Basic { username, .. } if username.contains(':') => {
                return Err(BuildError::InvalidCredentials(
                    "a username with `:` cannot be sent in HTTP basic authentication (the server splits there)",
                ));
            }
            Credentials::Basic { username, password } => {
                (AUTHORIZATION, format!("Basic {}", base64_encode(format!("{username}:{password}").as_bytes())))
            }
            Credentials::Token(token) | Credentials::Bearer(token) if !token_ok(token) => {
                return Err(BuildError::InvalidCredentials(
                    "a token must be non-empty printable ASCII, without spaces",
                ));
            }
            Credentials::Token(token) => (HeaderName::from_static(X_AUTH_TOKEN), token.clone()),
            Credentials::Bearer(token) => (AUTHORIZATION, format!("Bearer {token}")),
        };
        let mut value = HeaderValue::from_str(&value)
            .map_err(|_| BuildError::InvalidCredentials("they hold characters an HTTP header cannot carry"))?;
        value.set_sensitive(true);
        Ok(Some((name, value)))
    }
}

/// Which server certificates the client accepts.
#[derive(Clone, Default)]
pub enum TlsTrust {
    /// The platform's trust store (the default).
    #[default]
    System,
    /// Additionally trust these PEM-encoded CA certificates, e.g. a test
    /// zone's own CA.
    ExtraCaPem(Vec<u8>),
    /// Accept any certificate, like the documentation's `curl -k`. Only for
    /// zones with self-signed certificates on a network you trust.
    AcceptInvalidCertificates,
}

impl fmt::Debug for TlsTrust {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TlsTrust::System => f.write_str("System"),
            TlsTrust::ExtraCaPem(pem) => write!(f, "ExtraCaPem({} bytes)", pem.len()),
            TlsTrust::AcceptInvalidCertificates => f.write_str("AcceptInvalidCertificates"),
        }
    }
}

/// Why a [`Client`] could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The zone URL is not an absolute `http(s)` URL.
    #[error("zone URL {0:?} must be an absolute http:// or https:// URL, e.g. https://zone.example.com")]
    InvalidZoneUrl(String),
    /// The zone URL holds an `@`, as `user:password@` would. The message leaves the URL out,
    /// so the password is not printed; pass credentials with
    /// [`ClientBuilder::basic_auth`] (or a token) instead.
    #[error(
        "the zone URL must not contain `@` (credentials as `user:password@` would be printed with it); \
         use Client::with_basic_auth or a token"
    )]
    CredentialsInZoneUrl,
    /// The credentials cannot be sent as given (the reason says why; it never
    /// holds the secret).
    #[error("credentials cannot be sent: {0}")]
    InvalidCredentials(&'static str),
    /// The CA text holds no PEM certificate, or a broken one.
    #[error("CA certificate is not usable PEM: {0}")]
    InvalidCaCertificate(String),
    /// reqwest could not set up its HTTP/TLS stack.
    #[error("cannot build the HTTP client: {0}")]
    Http(#[source] reqwest::Error),
}

/// Settings for a client of one zone. Start with [`Client::builder`].
#[derive(Clone)]
pub struct ClientBuilder {
    zone_url: String,
    credentials: Credentials,
    tls: TlsTrust,
    timeout: Duration,
    connect_timeout: Duration,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A zone URL with `user:password@` is refused by `build`, but the
        // builder holds it until then.
        let zone_url =
            if may_hold_credentials(&self.zone_url) { "<zone URL with `@`, redacted>" } else { self.zone_url.as_str() };
        f.debug_struct("ClientBuilder")
            .field("zone_url", &zone_url)
            .field("credentials", &self.credentials)
            .field("tls", &self.tls)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .finish()
    }
}

impl ClientBuilder {
    /// Default request timeout.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
    /// Default connection timeout.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

    fn new(zone_url: &str) -> Self {
        Self {
            zone_url: zone_url.to_owned(),
            credentials: Credentials::Anonymous,
            tls: TlsTrust::System,
            timeout: Self::DEFAULT_TIMEOUT,
            connect_timeout: Self::DEFAULT_CONNECT_TIMEOUT,
        }
    }

    /// Authenticate with these credentials.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = credentials;
        self
    }

    /// HTTP basic authentication.
    pub fn basic_auth(self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.credentials(Credentials::Basic { username: username.into(), password: password.into() })
    }

    /// An access token sent as `X-Auth-Token`.
    pub fn token(self, token: impl Into<String>) -> Self {
        self.credentials(Credentials::Token(token.into()))
    }

    /// An access token sent as `Authorization: Bearer`.
    pub fn bearer_token(self, token: impl Into<String>) -> Self {
        self.credentials(Credentials::Bearer(token.into()))
    }

    /// Which server certificates to accept.
    pub fn tls(mut self, tls: TlsTrust) -> Self {
        self.tls = tls;
        self
    }

    /// Accept self-signed or otherwise invalid certificates (`curl -k`).
    pub fn danger_accept_invalid_certs(self) -> Self {
        self.tls(TlsTrust::AcceptInvalidCertificates)
    }

    /// Trust an additional CA, given as PEM.
    pub fn ca_certificate_pem(self, pem: impl Into<Vec<u8>>) -> Self {
        self.tls(TlsTrust::ExtraCaPem(pem.into()))
    }

    /// Time limit for a whole request, from connecting to the end of the body.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Time limit for establishing the connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The `reqwest` settings these options stand for, to extend further
    /// (proxies, user agent) before [`Client::new_with_client`].
    ///
    /// No redirect is followed: a documented redirect is the operation's
    /// answer (its `Location` read with [`LocationExt`](crate::LocationExt)),
    /// and a followed one would carry the credentials of the default headers
    /// to whatever host it names (reqwest drops `Authorization` on a
    /// cross-host redirect, but not `X-Auth-Token`).
    pub fn reqwest_builder(&self) -> Result<reqwest::ClientBuilder, BuildError> {
        let mut headers = HeaderMap::new();
        if let Some((name, value)) = self.credentials.header()? {
            headers.insert(name, value);
        }
        let mut builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(headers)
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout);
        builder = match &self.tls {
            TlsTrust::System => builder,
            TlsTrust::ExtraCaPem(pem) => {
                // Every certificate of the bundle; text without one is an
                // error here, not a CA silently missing at the first request.
                let certs = reqwest::Certificate::from_pem_bundle(pem)
                    .map_err(|e| BuildError::InvalidCaCertificate(e.to_string()))?;
                if certs.is_empty() {
                    return Err(BuildError::InvalidCaCertificate("no `BEGIN CERTIFICATE` block found".to_owned()));
                }
                certs.into_iter().fold(builder, reqwest::ClientBuilder::add_root_certificate)
            }
            TlsTrust::AcceptInvalidCertificates => builder.tls_danger_accept_invalid_certs(true),
        };
        Ok(builder)
    }

    /// The base URL requests go to: the zone URL with the API's base path.
    pub fn base_url(&self) -> Result<String, BuildError> {
        api_base_url(&self.zone_url)
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, BuildError> {
        let base = self.base_url()?;
        let http = self.reqwest_builder()?.build().map_err(BuildError::Http)?;
        Ok(Client::new_with_client(&base, http))
    }
}

/// `https://zone.example.com` → `https://zone.example.com/api/v3/onezone`;
/// a URL that already ends with the base path is kept as it is.
///
/// Refused: anything but `http(s)://host[:port][/path]` — a URL with
/// credentials in it (they would show wherever the URL is printed), a query or
/// a fragment (they would end up in the middle of every request path).
pub fn api_base_url(zone_url: &str) -> Result<String, BuildError> {
    // Checked before anything else: a password holding `/`, `?` or `#`, or a
    // URL without its scheme, would otherwise not be seen as userinfo, and
    // the URL (password included) would be echoed or even used.
    if may_hold_credentials(zone_url) {
        return Err(BuildError::CredentialsInZoneUrl);
    }
    let trimmed = zone_url.trim().trim_end_matches('/');
    let Some((scheme, authority, rest)) = split_zone_url(trimmed) else {
        return Err(BuildError::InvalidZoneUrl(zone_url.to_owned()));
    };
    let plain_path = !rest.contains(['?', '#']);
    if !matches!(scheme, "http" | "https") || authority.is_empty() || !plain_path {
        return Err(BuildError::InvalidZoneUrl(zone_url.to_owned()));
    }
    if trimmed.ends_with(BASE_PATH) { Ok(trimmed.to_owned()) } else { Ok(format!("{trimmed}{BASE_PATH}")) }
}

/// Whether a zone URL may carry `user:password@`: any `@` counts (a zone's
/// URL never needs one), wherever a malformed URL puts it.
fn may_hold_credentials(zone_url: &str) -> bool {
    zone_url.contains('@')
}

/// `scheme://authority/rest` → (scheme, authority, `/rest`).
fn split_zone_url(url: &str) -> Option<(&str, &str, &str)> {
    let (scheme, after) = url.trim().split_once("://")?;
    let end = after.find(['/', '?', '#']).unwrap_or(after.len());
    Some((scheme, &after[..end], &after[end..]))
}

impl Client {
    /// Settings for a client of the zone at `zone_url` (scheme and host, e.g.
    /// `https://zone.example.com`; the API base path is appended).
    pub fn builder(zone_url: &str) -> ClientBuilder {
        ClientBuilder::new(zone_url)
    }

    /// A client using HTTP basic authentication.
    pub fn with_basic_auth(zone_url: &str, username: &str, password: &str) -> Result<Client, BuildError> {
        Self::builder(zone_url).basic_auth(username, password).build()
    }

    /// A client sending `X-Auth-Token: <token>`.
    pub fn with_token(zone_url: &str, token: &str) -> Result<Client, BuildError> {
        Self::builder(zone_url).token(token).build()
    }

    /// A client sending `Authorization: Bearer <token>`.
    pub fn with_bearer_token(zone_url: &str, token: &str) -> Result<Client, BuildError> {
        Self::builder(zone_url).bearer_token(token).build()
    }

    /// A client without credentials, for the public operations.
    pub fn anonymous(zone_url: &str) -> Result<Client, BuildError> {
        Self::builder(zone_url).build()
    }
}

fn base64_encode(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("username:password", "dXNlcm5hbWU6cGFzc3dvcmQ="),
        ] {
            assert_eq!(base64_encode(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn base_url_appends_the_base_path_once() {
        assert_eq!(api_base_url("https://zone.example.com").unwrap(), format!("https://zone.example.com{BASE_PATH}"));
        assert_eq!(api_base_url("https://zone.example.com/").unwrap(), format!("https://zone.example.com{BASE_PATH}"));
        let full = format!("http://127.0.0.1:8080{BASE_PATH}/");
        assert_eq!(api_base_url(&full).unwrap(), full.trim_end_matches('/'));
        for bad in ["zone.example.com", "ftp://x", "https://", "https:///path", "https://zone?x=1", "https://zone/a#b"]
        {
            assert!(matches!(api_base_url(bad), Err(BuildError::InvalidZoneUrl(_))), "{bad}");
        }
    }

    #[test]
    fn a_password_in_the_zone_url_is_refused_and_never_printed() {
        // Also where a password's `/`, `?` or `#` would end the authority
        // early, and without a scheme.
        for url in [
            "https://alice:s3cret-pw@zone.example.com",
            "https://alice:s3cret/pw@zone.example.com",
            "https://alice:s3cret?pw@zone.example.com",
            "https://alice:s3cret#pw@zone.example.com",
            "alice:s3cret@zone.example.com",
            "https://zone.example.com/api/v3/onezone@alice:s3cret",
        ] {
            let err = api_base_url(url).unwrap_err();
            assert!(matches!(err, BuildError::CredentialsInZoneUrl), "{url}: {err:?}");
            let builder = Client::builder(url).basic_auth("alice", "s3cret");
            let err = builder.clone().build().unwrap_err();
            for text in [err.to_string(), format!("{err:?}"), format!("{builder:?}")] {
                assert!(!text.contains("s3cret"), "secret leaked: {text}");
            }
        }
        assert!(format!("{:?}", Client::builder("https://zone.example.com")).contains("https://zone.example.com"));
    }

    #[test]
    fn debug_output_never_shows_secrets() {
        let creds = [
            Credentials::Basic { username: "alice".into(), password: "s3cret-pw".into() },
            Credentials::Token("s3cret-tok".into()),
            Credentials::Bearer("s3cret-bear".into()),
        ];
        for c in creds {
            let builder = Client::builder("https://zone.example.com").credentials(c.clone());
            let client = builder.clone().build().unwrap();
            let header = c.header().unwrap().unwrap().1;
            let header = header.to_str().unwrap().rsplit(' ').next().unwrap().to_owned();
            for text in [format!("{c:?}"), format!("{builder:?}"), format!("{client:?}")] {
                assert!(!text.contains("s3cret"), "secret leaked: {text}");
                assert!(!text.contains(&header), "encoded secret leaked: {text}");
            }
        }
    }
}
