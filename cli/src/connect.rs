//! Which zone, which credentials, which TLS trust: from the options and the
//! environment variables upstream's `onezone-rest-cli` reads, into the
//! client's own builder.

use std::fmt;
use std::time::Duration;

use onezone_client::{Client, ClientBuilder};

/// The zone's host or URL.
pub const ENV_HOST: &str = "ONEZONE_HOST";
/// An access token, sent as `X-Auth-Token`.
pub const ENV_API_KEY: &str = "ONEZONE_API_KEY";
/// `user:password` for HTTP basic authentication.
pub const ENV_BASIC_AUTH: &str = "ONEZONE_BASIC_AUTH";

/// The credentials of a call. `Debug` hides the secrets.
#[derive(Clone, PartialEq, Eq)]
pub enum Auth {
    /// None: only the public operations succeed.
    None,
    /// `X-Auth-Token`.
    Token(String),
    /// `Authorization: Bearer`.
    Bearer(String),
    /// HTTP basic.
    Basic {
        /// User name.
        user: String,
        /// Password.
        password: String,
    },
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Auth::None => "None",
            Auth::Token(_) => "Token(***)",
            Auth::Bearer(_) => "Bearer(***)",
            Auth::Basic { .. } => "Basic(***)",
        })
    }
}

impl Auth {
    /// Where the credentials came from, for `-v` (never their value).
    pub fn kind(&self) -> &'static str {
        match self {
            Auth::None => "no credentials",
            Auth::Token(_) => "a token in X-Auth-Token",
            Auth::Bearer(_) => "a token in Authorization: Bearer",
            Auth::Basic { .. } => "HTTP basic authentication",
        }
    }
}

/// How to reach the zone.
#[derive(Debug, Clone)]
pub struct Connection {
    /// The zone's URL (scheme and host, maybe a port).
    pub zone: String,
    /// Credentials.
    pub auth: Auth,
    /// `-k`: accept any certificate.
    pub insecure: bool,
    /// `--cacert FILE`: the file, and its PEM text.
    pub ca: Option<(String, Vec<u8>)>,
    /// `--timeout`.
    pub timeout: Option<Duration>,
}

/// The options that choose the zone and the credentials, as given.
#[derive(Debug, Clone, Default)]
pub struct ZoneOptions {
    /// `--host`.
    pub host: Option<String>,
    /// `--token`.
    pub token: Option<String>,
    /// `--bearer`.
    pub bearer: Option<String>,
    /// `-u user:password`.
    pub user: Option<String>,
    /// `-k`.
    pub insecure: bool,
    /// `--cacert FILE`.
    pub cacert: Option<String>,
    /// `--timeout SECONDS`.
    pub timeout: Option<Duration>,
}

/// `zone.example.com` → `https://zone.example.com`; a URL with a scheme is
/// kept (a trailing `/` dropped).
pub fn zone_url(host: &str) -> String {
    let host = host.trim().trim_end_matches('/');
    if host.contains("://") { host.to_owned() } else { format!("https://{host}") }
}

fn basic(text: &str, origin: &str) -> Result<Auth, String> {
    match text.split_once(':') {
        Some((user, password)) if !user.is_empty() => {
            Ok(Auth::Basic { user: user.to_owned(), password: password.to_owned() })
        }
        _ => Err(format!("{origin} must be user:password")),
    }
}

/// The connection the options and the environment (`env`) describe: an
/// option wins over a variable; of the variables, `ONEZONE_API_KEY` wins over
/// `ONEZONE_BASIC_AUTH`. An empty variable counts as unset.
pub fn resolve(options: &ZoneOptions, env: &dyn Fn(&str) -> Option<String>) -> Result<Connection, Vec<String>> {
    let env = |name: &str| env(name).filter(|v| !v.is_empty());
    let mut problems = Vec::new();
    let zone = match options.host.clone().or_else(|| env(ENV_HOST)) {
        Some(host) if !host.trim().is_empty() => zone_url(&host),
        _ => {
            problems.push(format!("no zone given: set {ENV_HOST} (e.g. zone.example.com) or pass --host"));
            String::new()
        }
    };
    let auth = if let Some(token) = &options.token {
        Ok(Auth::Token(token.clone()))
    } else if let Some(token) = &options.bearer {
        Ok(Auth::Bearer(token.clone()))
    } else if let Some(user) = &options.user {
        basic(user, "-u")
    } else if let Some(token) = env(ENV_API_KEY) {
        Ok(Auth::Token(token))
    } else if let Some(user) = env(ENV_BASIC_AUTH) {
        basic(&user, ENV_BASIC_AUTH)
    } else {
        Ok(Auth::None)
    };
    let auth = auth.unwrap_or_else(|e| {
        problems.push(e);
        Auth::None
    });
    let ca = match &options.cacert {
        Some(file) => match std::fs::read(file) {
            Ok(pem) => Some((file.clone(), pem)),
            Err(e) => {
                problems.push(format!("--cacert {file}: cannot read it: {e}"));
                None
            }
        },
        None => None,
    };
    if options.insecure && ca.is_some() {
        problems.push("-k accepts any certificate; it makes no sense with --cacert".to_owned());
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Connection { zone, auth, insecure: options.insecure, ca, timeout: options.timeout })
}

impl Connection {
    /// The client's builder for this connection.
    pub fn builder(&self) -> ClientBuilder {
        let mut builder = Client::builder(&self.zone);
        builder = match &self.auth {
            Auth::None => builder,
            Auth::Token(t) => builder.token(t.clone()),
            Auth::Bearer(t) => builder.bearer_token(t.clone()),
            Auth::Basic { user, password } => builder.basic_auth(user.clone(), password.clone()),
        };
        if self.insecure {
            builder = builder.danger_accept_invalid_certs();
        }
        if let Some((_, pem)) = &self.ca {
            builder = builder.ca_certificate_pem(pem.clone());
        }
        if let Some(timeout) = self.timeout {
            builder = builder.timeout(timeout);
        }
        builder
    }

    /// The client, and the API's base URL. Redirects are not followed: a
    /// zone answers none, and following one would carry `X-Auth-Token` to
    /// wherever it points.
    pub fn client(&self) -> Result<(Client, String), String> {
        let builder = self.builder();
        let base = builder.base_url().map_err(|e| e.to_string())?;
        let mut http =
            builder.reqwest_builder().map_err(|e| e.to_string())?.redirect(reqwest::redirect::Policy::none());
        if base.starts_with("http://") {
            // Plain HTTP (a local zone or test double) needs no trust store:
            // loading the platform's certificates would be most of a call's
            // start-up, for nothing. Nothing leaves over TLS: redirects are off.
            http = http.tls_certs_only(Vec::<reqwest::Certificate>::new());
        }
        let http = http.build().map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        Ok((Client::new_with_client(&base, http), base))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v).to_owned())
    }

    #[test]
    fn a_host_without_scheme_is_https() {
        assert_eq!(zone_url("zone.example.com"), "https://zone.example.com");
        assert_eq!(zone_url("http://127.0.0.1:8080/"), "http://127.0.0.1:8080");
        assert_eq!(zone_url(" https://datahub.egi.eu "), "https://datahub.egi.eu");
    }

    #[test]
    fn options_win_over_variables_and_the_api_key_over_basic() {
        let vars = env(&[(ENV_HOST, "z"), (ENV_API_KEY, "k"), (ENV_BASIC_AUTH, "u:p")]);
        let c = resolve(&ZoneOptions::default(), &vars).unwrap();
        assert_eq!((c.zone.as_str(), c.auth), ("https://z", Auth::Token("k".into())));
        let opts = ZoneOptions { host: Some("h".into()), user: Some("a:b:c".into()), ..Default::default() };
        let c = resolve(&opts, &vars).unwrap();
        assert_eq!((c.zone.as_str(), c.auth), ("https://h", Auth::Basic { user: "a".into(), password: "b:c".into() }));
        let c = resolve(&ZoneOptions::default(), &env(&[(ENV_HOST, "z"), (ENV_API_KEY, ""), (ENV_BASIC_AUTH, "u:p")]));
        assert_eq!(c.unwrap().auth, Auth::Basic { user: "u".into(), password: "p".into() });
    }

    #[test]
    fn missing_zone_and_bad_credentials_are_named_without_the_secret() {
        let err = resolve(&ZoneOptions::default(), &env(&[(ENV_BASIC_AUTH, "s3cret")])).unwrap_err().join("\n");
        assert!(err.contains(ENV_HOST) && err.contains("ONEZONE_BASIC_AUTH must be user:password"), "{err}");
        assert!(!err.contains("s3cret"), "{err}");
    }
}
