//! Check 5, code samples: each operation's `curl` and `onezone-rest-cli`
//! lines are parsed, compared with the spec (what they send against the
//! operation's method, path, parameter examples and documented body), and
//! replayed against the generated router serving the replayer.
//!
//! A difference between a sample and the spec is an **erratum** of the
//! documentation, with a stable name:
//!
//! | name | meaning | replay judged? |
//! |---|---|---|
//! | `url-host` | the curl URL is not `https://$ZONE_HOST/…` (a port, a literal host, another scheme; the variable's name is free) | no |
//! | `base-path` | the URL path does not start with the spec's base path | no |
//! | `wrong-path` | the URL path does not match the operation's template | no |
//! | `wrong-method` | curl's method is not the operation's | no |
//! | `placeholder-name` | a `$VAR` stands for a parameter it does not name | yes |
//! | `parameter-value-differs` | a concrete id differs from the parameter's example | yes |
//! | `missing-credentials` | no `-u` on an operation that needs credentials | no |
//! | `missing-content-type` / `content-type` | a body sent without / with another content type | no |
//! | `unexpected-body` / `missing-body` | a body where none is taken / none where one is required | no |
//! | `body-not-json` / `field-not-json` / `stdin-not-json` | a body that is not JSON | no |
//! | `body-differs` | the body is not the documented request example | yes |
//! | `command-name` | the CLI command is not the camelCase of the operationId: a legacy name of [`CLI_ALIASES`], or another operation's command or none | legacy name: yes; otherwise no |
//! | `unknown-parameter` / `missing-parameter` | a CLI `key=value` the operation does not have / lacks | yes |
//! | `unknown-body-field` | a CLI `key==value` that is not a field of the body schema | yes |
//! | `stdin-without-input` / `stdin-ignored` | `-` with nothing piped in / input piped in without `-` | yes |
//!
//! "Replay judged" means the request is still a valid request of the
//! operation, so the router must hand the implementation exactly what the
//! sample sent (its body as the shared type makes of it). For the others the
//! sample's request is not one of this operation and the router's answer is
//! not judged. A sample without errata must reach the operation with the
//! documented arguments and get the documented answer.

use std::sync::Arc;

use serde_json::{Map, Value};

use crate::checks::server::one_call;
use crate::checks::{body_diff, decode_segment, encode_segment, json_diff};
use crate::generated::round_trip;
use crate::matrix::{Cell, Checker, Column};
use crate::replayer::{Answer, Replayer, send};
use crate::samples::{CliArg, Piece, Stdin, camel_case, parse_cli, parse_curl};
use crate::spec::{Operation, Spec};

/// The credentials the CLI is assumed to be configured with (they are not
/// part of its samples).
pub const CLI_USER: (&str, &str) = ("username", "password");

/// One cell per operation for the sample column `column` (curl or CLI).
pub async fn run(spec: Arc<Spec>, column: Column) -> Vec<Cell> {
    let mut cells = Vec::new();
    for op in &spec.operations {
        let mut c = Checker::new();
        match column.sample_label() {
            None => c.fail(format!("{} is not a sample column", column.title())),
            Some(label) => {
                let mut judged = 0;
                for sample in op.samples_labelled(label) {
                    judged += 1;
                    let call = if column == Column::Curl {
                        curl_call(&spec, op, &mut c, &sample.source)
                    } else {
                        cli_call(&spec, op, &mut c, &sample.source)
                    };
                    match call {
                        Ok(call) => replay(&spec, op, &mut c, call).await,
                        Err(e) => c.fail(format!("cannot use the sample {:?}: {e}", sample.source)),
                    }
                }
                if judged == 0 {
                    c.fail(format!("{} has no `{label}` entry in x-code-samples", op.id));
                }
            }
        }
        cells.push(c.cell());
    }
    cells
}

/// What a sample sends.
#[derive(Debug, Clone)]
pub struct SampleCall {
    /// HTTP method.
    pub method: String,
    /// Request target (path, percent-encoded).
    pub target: String,
    /// Headers.
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Option<Vec<u8>>,
    /// The body as JSON, when it is JSON.
    pub body_json: Option<Value>,
    /// The path parameters it gives, decoded, in path order.
    pub params: Vec<(String, String)>,
    /// The credentials it sends.
    pub credentials: Option<onezone_server::Credentials>,
    /// Whether an erratum makes it something else than a request of this
    /// operation (the replay is then not judged).
    pub invalid: bool,
}

/// The placeholder the documentation uses for the parameter after the
/// collection segment `collection`: `handle_services` → `HANDLE_SERVICE_ID`,
/// `effective_users` → `USER_ID`.
pub fn placeholder_for(collection: &str) -> String {
    let name = collection.strip_prefix("effective_").unwrap_or(collection);
    let singular = name.strip_suffix('s').unwrap_or(name);
    format!("{}_ID", singular.to_uppercase())
}

fn template_segments(op: &Operation) -> Vec<&str> {
    op.path.split('/').skip(1).collect()
}

fn piece_text(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Lit(t) => t.clone(),
            Piece::Var(v) => format!("${v}"),
        })
        .collect()
}

/// The expected body of a sample: the request example called `preferred`
/// if the operation has one, else `documented`.
fn expected_body<'a>(op: &'a Operation, preferred: &str) -> Option<(&'a str, &'a Value)> {
    let content = op.request.as_ref()?.content.as_ref().ok()?;
    content.example(preferred).or_else(|| content.example("documented")).map(|e| (e.name.as_str(), &e.value))
}

fn check_body_against_spec(op: &Operation, c: &mut Checker, call: &mut SampleCall, preferred: &str) {
    match (&op.request, &call.body_json, &call.body) {
        (None, _, Some(_)) => {
            c.erratum("unexpected-body", format!("{} takes no request body, the sample sends one", op.id));
            call.invalid = true;
        }
        (Some(r), _, None) if r.required => {
            c.erratum("missing-body", format!("{} requires a request body, the sample sends none", op.id));
            call.invalid = true;
        }
        (Some(_), Some(body), _) => match expected_body(op, preferred) {
            Some((name, expected)) => {
                if let Some(diff) = json_diff(expected, body) {
                    c.erratum("body-differs", format!("the body is not the `{name}` request example: {diff}"));
                }
            }
            None => c.fail(format!("{} has no `documented` request example to compare the sample's body with", op.id)),
        },
        _ => {}
    }
}

/// Parses a curl sample and compares it with the operation.
pub fn curl_call(spec: &Spec, op: &Operation, c: &mut Checker, source: &str) -> Result<SampleCall, String> {
    let curl = parse_curl(source)?;
    let mut invalid = false;

    // URL: https://$ZONE_HOST + base path + template. (What the variable
    // naming the zone's host is called does not matter: older pages say
    // `$HOST`; a port or a literal host does.)
    let pieces = curl.url.pieces();
    let path_pieces: Vec<Piece> = match pieces.as_slice() {
        [Piece::Lit(scheme), Piece::Var(_), rest @ ..]
            if scheme == "https://"
                && rest.first().is_none_or(|p| matches!(p, Piece::Lit(t) if t.starts_with('/'))) =>
        {
            rest.to_vec()
        }
        _ => {
            c.erratum(
                "url-host",
                format!("the URL {:?} is not https://$ZONE_HOST followed by the path", curl.url.text()),
            );
            invalid = true;
            let text = curl.url.text();
            let after_scheme = text.split_once("://").map_or(text.as_str(), |(_, rest)| rest);
            vec![Piece::Lit(after_scheme.find('/').map_or(String::new(), |i| after_scheme[i..].to_owned()))]
        }
    };
    let mut segments: Vec<Vec<Piece>> = vec![Vec::new()];
    for piece in path_pieces {
        match piece {
            Piece::Lit(text) => {
                let mut parts = text.split('/');
                if let (Some(first), Some(last)) = (parts.next(), segments.last_mut())
                    && !first.is_empty()
                {
                    last.push(Piece::Lit(first.to_owned()));
                }
                for part in parts {
                    segments.push(if part.is_empty() { Vec::new() } else { vec![Piece::Lit(part.to_owned())] });
                }
            }
            var @ Piece::Var(_) => {
                if let Some(last) = segments.last_mut() {
                    last.push(var);
                }
            }
        }
    }
    // The leading `/` leaves an empty first segment.
    let segments: Vec<Vec<Piece>> = segments.into_iter().skip(1).collect();
    let sample_path: String = segments.iter().map(|s| format!("/{}", piece_text(s))).collect();
    let base: Vec<&str> = spec.base_path.split('/').skip(1).collect();
    let template = template_segments(op);
    let mut params = Vec::new();
    let mut target = String::new();
    let starts_with_base = segments.len() >= base.len()
        && segments.iter().zip(&base).all(|(s, b)| matches!(s.as_slice(), [Piece::Lit(t)] if t == b));
    if !invalid && !starts_with_base {
        c.erratum("base-path", format!("the URL path {sample_path} does not start with {}", spec.base_path));
        invalid = true;
    }
    let rest = if starts_with_base { &segments[base.len()..] } else { &segments[..] };
    let matches_template = rest.len() == template.len()
        && rest
            .iter()
            .zip(&template)
            .all(|(s, t)| t.starts_with('{') || matches!(s.as_slice(), [Piece::Lit(text)] if text == t));
    if !invalid && !matches_template {
        c.erratum(
            "wrong-path",
            format!("the URL path {sample_path} does not match {} {}{}", op.method, spec.base_path, op.path),
        );
        invalid = true;
    }
    if invalid || !matches_template {
        target = sample_path;
    } else {
        target.push_str(&spec.base_path);
        for (i, (segment, t)) in rest.iter().zip(&template).enumerate() {
            target.push('/');
            let Some(name) = t.strip_prefix('{').and_then(|t| t.strip_suffix('}')) else {
                target.push_str(t);
                continue;
            };
            let example = op.params.iter().find(|p| p.name == name).and_then(|p| p.example.clone()).unwrap_or_default();
            match segment.as_slice() {
                [Piece::Var(var)] => {
                    let expected = i.checked_sub(1).map(|j| placeholder_for(template[j])).unwrap_or_default();
                    if *var != expected {
                        c.erratum(
                            "placeholder-name",
                            format!("${var} stands for the path parameter `{name}` (after `{}`), which the documentation calls ${expected}", template[i.saturating_sub(1)]),
                        );
                    }
                    target.push_str(&encode_segment(&example));
                    params.push((name.to_owned(), example));
                }
                pieces => {
                    let written = piece_text(pieces);
                    let value = decode_segment(&written);
                    if value != example {
                        c.erratum(
                            "parameter-value-differs",
                            format!("the URL gives `{name}` = {value}, the parameter's example is {example}"),
                        );
                    }
                    target.push_str(&written);
                    params.push((name.to_owned(), value));
                }
            }
        }
    }

    let method = curl.effective_method();
    if method != op.method {
        c.erratum("wrong-method", format!("curl sends {method}, {} is {}", op.id, op.method));
        invalid = true;
    }

    let mut headers: Vec<(String, String)> = curl.headers.clone();
    let credentials = curl.user.as_ref().map(|(username, password)| {
        headers.push((
            "authorization".into(),
            format!("Basic {}", crate::checks::base64(&format!("{username}:{password}"))),
        ));
        onezone_server::Credentials::Basic { username: username.clone(), password: password.clone() }
    });
    if credentials.is_none() && !op.public {
        c.erratum("missing-credentials", format!("{} needs credentials, the sample sends none (no -u)", op.id));
        invalid = true;
    }
    let mut body_json = None;
    if let Some(data) = &curl.data {
        match curl.header("content-type") {
            None => {
                c.erratum(
                    "missing-content-type",
                    "-d without -H \"Content-Type: application/json\": curl sends application/x-www-form-urlencoded",
                );
                headers.push(("content-type".into(), "application/x-www-form-urlencoded".into()));
                invalid = true;
            }
            Some(t) if !t.eq_ignore_ascii_case("application/json") => {
                c.erratum("content-type", format!("the body is sent as {t}, not application/json"));
                invalid = true;
            }
            Some(_) => {}
        }
        match serde_json::from_str::<Value>(data) {
            Ok(v) => body_json = Some(v),
            Err(e) => {
                c.erratum("body-not-json", format!("-d {data:?} is not JSON: {e}"));
                invalid = true;
            }
        }
    }
    let mut call = SampleCall {
        method,
        target,
        headers,
        body: curl.data.clone().map(String::into_bytes),
        body_json,
        params,
        credentials,
        invalid,
    };
    check_body_against_spec(op, c, &mut call, "documented");
    Ok(call)
}

/// Command names the documentation uses that are not the camelCase of
/// the operationId, and the operation each one stands for: onezone-rest-cli
/// names of older releases. Only a name listed here reaches its operation;
/// it is still a `command-name` erratum.
pub const CLI_ALIASES: &[(&str, &str)] = &[
    ("getEffectiveGroupHandleService", "get_group_effective_handle_service"),
    ("getHandleServices", "list_handle_services"),
    ("getHandleServicesHandles", "list_handleservice_handles"),
    ("listGroupEffectiveHandleServices", "list_effective_group_handle_services"),
    ("listUserEffectiveHandleServicePrivileges", "list_effective_user_handle_service_privileges"),
    ("modifyHandleService", "handle_service_update"),
];

/// The operation a CLI command calls, and whether the name is a legacy one
/// ([`CLI_ALIASES`]); `None` when it names no operation.
pub fn resolve_command<'a>(spec: &'a Spec, command: &str) -> Option<(&'a Operation, bool)> {
    if let Some(op) = spec.operations.iter().find(|o| camel_case(&o.id) == command) {
        return Some((op, false));
    }
    let (_, id) = CLI_ALIASES.iter().find(|(name, _)| *name == command)?;
    spec.operation(id).map(|op| (op, true))
}

/// Parses an `onezone-rest-cli` sample and compares it with the operation.
pub fn cli_call(spec: &Spec, op: &Operation, c: &mut Checker, source: &str) -> Result<SampleCall, String> {
    let cli = parse_cli(source)?;
    let mut invalid = false;
    // The command decides what the CLI calls: the operation whose operationId
    // it is the camelCase of, or the one a documented legacy name stands for.
    let expected_name = camel_case(&op.id);
    let called = match resolve_command(spec, &cli.command) {
        Some((called, legacy)) if called.id == op.id => {
            if legacy {
                c.erratum(
                    "command-name",
                    format!("`{}` is a legacy name of {} (now `{expected_name}`)", cli.command, op.id),
                );
            }
            called
        }
        Some((other, _)) => {
            c.erratum(
                "command-name",
                format!("`{}` is the command of {}, not of {} (`{expected_name}`)", cli.command, other.id, op.id),
            );
            invalid = true;
            other
        }
        None => {
            c.erratum(
                "command-name",
                format!("`{}` is no operation's command ({} is `{expected_name}`)", cli.command, op.id),
            );
            invalid = true;
            op
        }
    };

    let mut given: Vec<(String, String)> = Vec::new();
    let mut fields: Vec<(String, Value)> = Vec::new();
    let mut reads_stdin = false;
    for arg in &cli.args {
        match arg {
            CliArg::Param(key, value) => match op.params.iter().find(|p| &p.name == key) {
                None => {
                    c.erratum("unknown-parameter", format!("`{key}={value}`: {} has no path parameter `{key}`", op.id))
                }
                Some(p) => {
                    if p.example.as_deref() != Some(value.as_str()) {
                        c.erratum(
                            "parameter-value-differs",
                            format!("`{key}={value}`, the parameter's example is {:?}", p.example),
                        );
                    }
                    given.push((key.clone(), value.clone()));
                }
            },
            CliArg::Field(key, value) => fields.push((key.clone(), Value::String(value.clone()))),
            CliArg::JsonField(key, raw) => match serde_json::from_str(raw) {
                Ok(v) => fields.push((key.clone(), v)),
                Err(e) => {
                    c.erratum("field-not-json", format!("`{key}:={raw}` is not JSON: {e}"));
                    invalid = true;
                }
            },
            CliArg::Stdin => reads_stdin = true,
        }
    }
    let mut params = Vec::new();
    for p in &op.params {
        match given.iter().find(|(k, _)| *k == p.name) {
            Some((_, v)) => params.push((p.name.clone(), v.clone())),
            None => {
                c.erratum("missing-parameter", format!("no `{}=…` although {} needs it", p.name, op.path));
                params.push((p.name.clone(), p.example.clone().unwrap_or_default()));
            }
        }
    }

    let mut body: Option<Value> = None;
    if reads_stdin {
        match &cli.stdin {
            Stdin::Echo(text) => match serde_json::from_str(text) {
                Ok(v) => body = Some(v),
                Err(e) => {
                    c.erratum("stdin-not-json", format!("the echoed input {text:?} is not JSON: {e}"));
                    invalid = true;
                }
            },
            // The file is not part of the documentation: it stands for the
            // operation's documented request example.
            Stdin::File(_) => body = op.documented_request().ok().flatten(),
            Stdin::None => {
                c.erratum("stdin-without-input", "`-` reads the body from standard input, but nothing is piped in")
            }
        }
    } else if cli.stdin != Stdin::None {
        c.erratum("stdin-ignored", "input is piped in, but the call has no `-` to read it");
    }
    if !fields.is_empty() {
        let mut object = match body.take() {
            Some(Value::Object(map)) => map,
            Some(other) => {
                c.erratum(
                    "body-not-json",
                    format!("key==value fields cannot be merged into the non-object input {other}"),
                );
                invalid = true;
                Map::new()
            }
            None => Map::new(),
        };
        let known = op.request_schema().ok().flatten().and_then(|s| spec.schema_properties(&s).map(|p| (s, p)));
        for (key, value) in fields {
            if let Some((schema, properties)) = &known
                && !properties.contains(&key)
            {
                c.erratum(
                    "unknown-body-field",
                    format!("`{key}` is not a field of {schema} (fields: {})", properties.join(", ")),
                );
            }
            object.insert(key, value);
        }
        body = Some(Value::Object(object));
    }

    let mut headers = Vec::new();
    let credentials = (!op.public).then(|| {
        let (username, password) = CLI_USER;
        headers.push((
            "authorization".to_owned(),
            format!("Basic {}", crate::checks::base64(&format!("{username}:{password}"))),
        ));
        onezone_server::Credentials::Basic { username: username.to_owned(), password: password.to_owned() }
    });
    if body.is_some() {
        headers.push(("content-type".to_owned(), "application/json".to_owned()));
    }
    let target = format!(
        "{}{}",
        spec.base_path,
        called.fill_path(|name| {
            params.iter().find(|(n, _)| n == name).map(|(_, v)| encode_segment(v)).unwrap_or_default()
        })
    );
    let mut call = SampleCall {
        method: called.method.clone(),
        target,
        headers,
        body: body.as_ref().map(|b| serde_json::to_vec(b).unwrap_or_default()),
        body_json: body,
        params,
        credentials,
        invalid,
    };
    check_body_against_spec(op, c, &mut call, "cli");
    Ok(call)
}

/// Sends the sample's request to the router serving the replayer and judges
/// what reached the implementation and what came back.
pub async fn replay(spec: &Arc<Spec>, op: &Operation, c: &mut Checker, call: SampleCall) {
    let replayer = Replayer::new(Arc::clone(spec), Answer::Documented);
    let answer = match send(&replayer.router(), &call.method, &call.target, &call.headers, call.body.clone()).await {
        Ok(answer) => answer,
        Err(e) => {
            if call.invalid {
                // Not even an HTTP request of this operation; nothing to judge.
                c.check(Ok(()));
            } else {
                c.fail(e);
            }
            return;
        }
    };
    let received = replayer.take();
    if call.invalid {
        c.check(Ok(()));
        return;
    }
    let replayed = format!("replayed {} {}", call.method, call.target);
    // Whether the router must accept the body is the spec's call (the
    // reference validator), not the generated types': a type stricter than
    // its schema would otherwise turn a wrong 400 into a pass. An accepted
    // body reaches the implementation as the shared type makes of it (for a
    // documented body, the body itself: see the types column).
    let delivery = match (&call.body_json, op.request_schema()) {
        (None, _) => None,
        (Some(body), Ok(Some(schema))) => {
            let refused = spec.violations(&schema, body);
            if !refused.is_empty() {
                // The router must refuse it, with one of the reference's ids,
                // before the implementation sees it.
                let ids: Vec<&str> = refused.iter().map(|v| v.id.as_str()).collect();
                let got = answer.json().ok().flatten();
                let got_id = got.as_ref().and_then(|b| b.pointer("/error/id")).and_then(Value::as_str);
                c.check(if received.is_empty() && answer.status == 400 && got_id.is_some_and(|id| ids.contains(&id)) {
                    Ok(())
                } else {
                    Err(format!(
                        "{replayed}: `{schema}` refuses its body ({}), yet the router answered {}{}",
                        refused.iter().map(|v| v.describe()).collect::<Vec<_>>().join("; "),
                        answer.summary(),
                        if received.is_empty() { "" } else { " and called the implementation" },
                    ))
                });
                return;
            }
            match round_trip(&schema, body.clone()) {
                Ok(value) => Some(value),
                Err(e) => {
                    c.fail(format!("{replayed}: `{schema}` accepts its body, the shared type refuses it: {e}"));
                    return;
                }
            }
        }
        (Some(body), _) => Some(body.clone()),
    };
    let Ok(success) = op.success() else {
        c.fail(format!("{} documents no success", op.id));
        return;
    };
    c.eq(&format!("{replayed}: status"), answer.status, success.status);
    c.eq(&format!("{replayed}: Location"), answer.location.as_deref(), success.location.as_deref());
    c.check(match (success.documented_body(), answer.json()) {
        (Ok(expected), Ok(got)) => {
            body_diff(expected.as_ref(), got.as_ref()).map_or(Ok(()), |d| Err(format!("{replayed}: answer body {d}")))
        }
        (Err(e), _) | (_, Err(e)) => Err(format!("{replayed}: {e}")),
    });
    match one_call(&received, op, &answer) {
        Ok(got) => {
            c.eq(&format!("{replayed}: path parameters received"), &got.request.params, &call.params);
            c.check(
                body_diff(delivery.as_ref(), got.request.body.as_ref())
                    .map_or(Ok(()), |d| Err(format!("{replayed}: body received {d}"))),
            );
            c.eq(&format!("{replayed}: credentials received"), &got.claims, &call.credentials);
        }
        Err(e) => c.fail(format!("{replayed}: {e}")),
    }
}
