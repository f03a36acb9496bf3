//! The HTTP request of a call written out: for `-v`, for `--dry-run` (as the
//! equivalent `curl` command) and for `--raw` (sent as it is, so the answer's
//! bytes can be printed unchanged). Credentials appear only as the names of
//! the variables that hold them.

use onezone_client::{Client, ClientInfo, encode_path_segment};
use reqwest::header::{ACCEPT, CONTENT_TYPE};

use crate::connect::{Auth, Connection, ENV_API_KEY, ENV_BASIC_AUTH};
use crate::reply::{Failure, Reply, ReplyBody, transport_message};
use crate::table::{Call, Operation};

/// A request, credentials aside (the client adds them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// HTTP method.
    pub method: &'static str,
    /// Full URL.
    pub url: String,
    /// Headers the typed client sends besides the credentials.
    pub headers: Vec<(&'static str, String)>,
    /// The body as sent.
    pub body: Option<Vec<u8>>,
}

/// The request `call` of `op` makes against the API at `base`.
pub fn plan(base: &str, op: &Operation, call: &Call) -> Result<Plan, String> {
    let mut url = base.to_owned();
    for segment in op.path.split('/').skip(1) {
        url.push('/');
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) => url.push_str(&encode_path_segment(call.param(name)).map_err(|e| format!("`{name}=`: {e}"))?),
            None => url.push_str(segment),
        }
    }
    let mut headers = vec![
        (ACCEPT.as_str(), "application/json".to_owned()),
        ("api-version", <Client as ClientInfo<()>>::api_version().to_owned()),
    ];
    let body = match &call.body {
        Some(value) => {
            headers.push((CONTENT_TYPE.as_str(), "application/json".to_owned()));
            Some(serde_json::to_vec(value).map_err(|e| e.to_string())?)
        }
        None => None,
    };
    Ok(Plan { method: op.method, url, headers, body })
}

/// `text` in single quotes for a POSIX shell.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// The credentials as curl arguments, each secret a variable reference (in
/// double quotes, so the shell expands it).
fn curl_credentials(auth: &Auth) -> Option<String> {
    match auth {
        Auth::None => None,
        Auth::Token(_) => Some(format!("-H \"X-Auth-Token: ${ENV_API_KEY}\"")),
        Auth::Bearer(_) => Some(format!("-H \"Authorization: Bearer ${ENV_API_KEY}\"")),
        Auth::Basic { .. } => Some(format!("-u \"${ENV_BASIC_AUTH}\"")),
    }
}

/// The `curl` command sending the same request.
pub fn curl(plan: &Plan, connection: &Connection) -> String {
    let mut words = vec!["curl".to_owned(), "-X".to_owned(), plan.method.to_owned()];
    if connection.insecure {
        words.push("-k".to_owned());
    }
    if let Some((file, _)) = &connection.ca {
        words.push(format!("--cacert {}", quote(file)));
    }
    if let Some(timeout) = connection.timeout {
        words.push(format!("--max-time {}", timeout.as_secs_f64()));
    }
    words.extend(curl_credentials(&connection.auth));
    for (name, value) in &plan.headers {
        words.push(format!("-H {}", quote(&format!("{name}: {value}"))));
    }
    if let Some(body) = &plan.body {
        words.push(format!("-d {}", quote(&String::from_utf8_lossy(body))));
    }
    words.push(quote(&plan.url));
    words.join(" ")
}

/// The request as `-v` shows it on stderr, credentials redacted — the zone's
/// (the auth header) and those in the body (every `password` member, the
/// spec's `format: password` fields: a handle service's DOI/PID account).
pub fn describe(plan: &Plan, connection: &Connection) -> String {
    let mut out = format!("> {} {}\n", plan.method, plan.url);
    let credential = match &connection.auth {
        Auth::None => None,
        Auth::Token(_) => Some("x-auth-token: <redacted>"),
        Auth::Bearer(_) | Auth::Basic { .. } => Some("authorization: <redacted>"),
    };
    for line in credential.into_iter().map(str::to_owned).chain(plan.headers.iter().map(|(n, v)| format!("{n}: {v}"))) {
        out.push_str(&format!("> {line}\n"));
    }
    if let Some(body) = &plan.body {
        let shown = match serde_json::from_slice::<serde_json::Value>(body) {
            Ok(mut value) => {
                redact_passwords(&mut value);
                value.to_string()
            }
            Err(_) => String::from_utf8_lossy(body).into_owned(),
        };
        out.push_str(&format!("> \n> {shown}\n"));
    }
    out
}

/// Replaces the value of every `password` member, at any depth.
fn redact_passwords(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(members) => {
            for (name, member) in members.iter_mut() {
                if name == "password" {
                    *member = serde_json::Value::String("<redacted>".to_owned());
                } else {
                    redact_passwords(member);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(redact_passwords),
        _ => {}
    }
}

/// Sends `plan` with the client's HTTP stack (its credentials, TLS and
/// timeouts) and keeps the answer's bytes.
pub async fn send_raw(client: &Client, plan: &Plan) -> Result<Reply, Failure> {
    let method =
        reqwest::Method::from_bytes(plan.method.as_bytes()).map_err(|e| Failure::Usage(vec![e.to_string()]))?;
    let mut request = client.client().request(method, &plan.url);
    for (name, value) in &plan.headers {
        request = request.header(*name, value);
    }
    if let Some(body) = &plan.body {
        request = request.body(body.clone());
    }
    let response = request.send().await.map_err(|e| Failure::Transport(transport_message(&e)))?;
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.map_err(|e| Failure::Transport(transport_message(&e)))?;
    if !status.is_success() {
        let error = onezone_client::ApiError::from_body(status, String::from_utf8_lossy(&bytes).into_owned());
        return Err(Failure::Http { head: Some((status, headers)), error });
    }
    let body = if bytes.is_empty() { ReplyBody::None } else { ReplyBody::Raw(bytes.to_vec()) };
    Ok(Reply { status, headers, body, warning: None })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_in_a_body_are_redacted_at_any_depth() {
        let mut body =
            serde_json::json!({"name": "x", "serviceProperties": {"password": "pa$$word", "list": [{"password": 1}]}});
        redact_passwords(&mut body);
        assert_eq!(body["serviceProperties"]["password"], "<redacted>");
        assert_eq!(body["serviceProperties"]["list"][0]["password"], "<redacted>");
        assert_eq!(body["name"], "x");
    }

    #[test]
    fn quotes_survive_the_shell() {
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote("$HOME"), "'$HOME'");
    }
}
