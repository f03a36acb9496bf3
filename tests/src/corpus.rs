//! Check 6, the documentation corpus: the examples of the documentation this
//! project started from (five older pages) and the verbatim samples of the
//! Onezone 21.02.7 documentation, each replayed against the generated code
//! and given a verdict — conforms, or named errata with their reasons.
//!
//! The fixtures (tests/corpus/*.yaml) are transcriptions; each names the
//! document it comes from and states the expected verdict of every entry.
//! The verdicts are *computed* here — by sending requests through the
//! generated router, decoding bodies with the generated types and client,
//! and comparing with the spec — and the test fails when a computed verdict
//! differs from the expected one in either direction, so errata can neither
//! appear nor vanish unnoticed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use onezone_client::ApiError;
use serde::Deserialize;
use serde_json::Value;

use crate::checks::samples::{cli_call, curl_call, replay};
use crate::matrix::{Cell, Checker, Erratum};
use crate::replayer::{Answer, HttpAnswer, Replayer, send};
use crate::samples::parse_curl;
use crate::spec::{Operation, Spec};

/// One fixture file: the entries transcribed from one document.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fixture {
    /// The document the entries are transcribed from.
    pub source: String,
    /// Which release line of the documentation it reflects, in words.
    pub era: String,
    /// The entries.
    pub entries: Vec<Entry>,
}

/// One documented example and its expected verdict. Read strictly: a key
/// that is not one of `id`, `operation`, `kind`, `expect` and the keys of
/// its kind (a misspelling, or a key of another kind) is refused, and so is
/// a missing one. (serde's `deny_unknown_fields` does not work together with
/// `flatten`, so the entry is read flat, as [`RawEntry`], and converted.)
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "RawEntry")]
pub struct Entry {
    /// Stable id, unique in the corpus.
    pub id: String,
    /// The operation of the current API the example documents.
    pub operation: String,
    /// What the example is.
    pub kind: Kind,
    /// Expected errata names; empty: conforms.
    pub expect: Vec<String>,
}

/// An entry as written: every key any kind may have.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: String,
    operation: String,
    kind: String,
    expect: Vec<String>,
    text: Option<String>,
    body: Option<String>,
    method: Option<String>,
    path: Option<String>,
    status: Option<u16>,
    pattern: Option<String>,
    names: Option<Vec<String>>,
}

impl TryFrom<RawEntry> for Entry {
    type Error = String;

    fn try_from(mut raw: RawEntry) -> Result<Entry, String> {
        fn take<T>(slot: &mut Option<T>, key: &str, kind: &str) -> Result<T, String> {
            slot.take().ok_or_else(|| format!("a `{kind}` entry needs `{key}`"))
        }
        let k = raw.kind.clone();
        let kind = match k.as_str() {
            "curl" => Kind::Curl { text: take(&mut raw.text, "text", &k)? },
            "cli" => Kind::Cli { text: take(&mut raw.text, "text", &k)? },
            "response" => Kind::Response { body: take(&mut raw.body, "body", &k)? },
            "request-body" => Kind::RequestBody { body: take(&mut raw.body, "body", &k)? },
            "request-path" => Kind::RequestPath {
                method: take(&mut raw.method, "method", &k)?,
                path: take(&mut raw.path, "path", &k)?,
            },
            "success-status" => Kind::SuccessStatus { status: take(&mut raw.status, "status", &k)? },
            "location" => Kind::Location { pattern: take(&mut raw.pattern, "pattern", &k)? },
            "required-privileges" => Kind::RequiredPrivileges { names: take(&mut raw.names, "names", &k)? },
            "error-body" => {
                Kind::ErrorBody { status: take(&mut raw.status, "status", &k)?, body: take(&mut raw.body, "body", &k)? }
            }
            other => return Err(format!("{}: unknown kind `{other}`", raw.id)),
        };
        let left: Vec<&str> = [
            ("text", raw.text.is_some()),
            ("body", raw.body.is_some()),
            ("method", raw.method.is_some()),
            ("path", raw.path.is_some()),
            ("status", raw.status.is_some()),
            ("pattern", raw.pattern.is_some()),
            ("names", raw.names.is_some()),
        ]
        .into_iter()
        .filter_map(|(key, set)| set.then_some(key))
        .collect();
        if !left.is_empty() {
            return Err(format!("{}: a `{k}` entry has no key {}", raw.id, left.join(", ")));
        }
        Ok(Entry { id: raw.id, operation: raw.operation, kind, expect: raw.expect })
    }
}

/// Kinds of documented examples (`kind:` in the fixtures, kebab-case:
/// `curl`, `cli`, `response`, `request-body`, …).
#[derive(Debug, Clone)]
pub enum Kind {
    /// A `curl` command line.
    Curl {
        /// The line, backslash continuations joined.
        text: String,
    },
    /// An `onezone-rest-cli` command line.
    Cli {
        /// The line.
        text: String,
    },
    /// A documented success response body (as text: it may not even be JSON).
    Response {
        /// The body.
        body: String,
    },
    /// A documented request body.
    RequestBody {
        /// The body.
        body: String,
    },
    /// A documented request path (method + path below the base path).
    RequestPath {
        /// HTTP method.
        method: String,
        /// Path, as documented.
        path: String,
    },
    /// A documented success status.
    SuccessStatus {
        /// The status.
        status: u16,
    },
    /// A documented `Location` URI pattern.
    Location {
        /// The pattern.
        pattern: String,
    },
    /// Privilege names the documentation says the operation needs.
    RequiredPrivileges {
        /// The names.
        names: Vec<String>,
    },
    /// A documented error body for a status.
    ErrorBody {
        /// The status it is documented under.
        status: u16,
        /// The body.
        body: String,
    },
}

/// The computed verdict of one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Errata found; empty: conforms.
    pub errata: Vec<Erratum>,
    /// Checks that did not hold (not documentation errata: generated code or
    /// suite failures).
    pub failures: Vec<String>,
    /// What was done and observed, for the report.
    pub notes: Vec<String>,
}

impl Verdict {
    /// The errata names, sorted.
    pub fn names(&self) -> Vec<String> {
        let set: BTreeSet<String> = self.errata.iter().map(|e| e.name.clone()).collect();
        set.into_iter().collect()
    }
}

/// The corpus folder.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// Reads every fixture file, sorted by file name.
pub fn load() -> Result<Vec<(String, Fixture)>, String> {
    let dir = corpus_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let fixture: Fixture = serde_yaml_ng::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            Ok((name, fixture))
        })
        .collect()
}

/// Onedata error ids the corpus meets and the status the catalogue gives them.
const CATALOGUE: &[(&str, u16)] = &[
    ("badValueString", 400),
    ("unauthorized", 401),
    ("forbidden", 403),
    ("notFound", 404),
    ("relationAlreadyExists", 409),
    ("internalServerError", 500),
];

struct Judge<'a> {
    spec: &'a Arc<Spec>,
    op: &'a Operation,
    verdict: Verdict,
}

impl Judge<'_> {
    fn erratum(&mut self, name: &str, reason: impl Into<String>) {
        self.verdict.errata.push(Erratum { name: name.to_owned(), reason: reason.into() });
    }

    fn fail(&mut self, message: impl Into<String>) {
        self.verdict.failures.push(message.into());
    }

    fn note(&mut self, message: impl Into<String>) {
        self.verdict.notes.push(message.into());
    }
}

/// Computes the verdict of one entry.
pub async fn judge(spec: &Arc<Spec>, entry: &Entry) -> Verdict {
    let verdict = Verdict { errata: Vec::new(), failures: Vec::new(), notes: Vec::new() };
    let Some(op) = spec.operation(&entry.operation) else {
        return Verdict { failures: vec![format!("the spec has no operation {}", entry.operation)], ..verdict };
    };
    let mut j = Judge { spec, op, verdict };
    match &entry.kind {
        Kind::Curl { text } => curl(&mut j, text).await,
        Kind::Cli { text } => cli(&mut j, text).await,
        Kind::Response { body } => response(&mut j, body),
        Kind::RequestBody { body } => request_body(&mut j, body).await,
        Kind::RequestPath { method, path } => request_path(&mut j, method, path).await,
        Kind::SuccessStatus { status } => success_status(&mut j, *status),
        Kind::Location { pattern } => location(&mut j, pattern),
        Kind::RequiredPrivileges { names } => required_privileges(&mut j, names),
        Kind::ErrorBody { status, body } => error_body(&mut j, *status, body),
    }
    j.verdict
}

/// A request as the documentation writes it, to be sent (and repaired).
struct Attempt {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Option<String>,
}

/// Erratum names of the curl column that a repair of the corpus restates
/// more precisely: (curl column's name, the repair's names).
const RESTATED: &[(&str, &[&str])] = &[
    ("base-path", &["base-path-without-onezone"]),
    ("wrong-path", &["wrong-path"]),
    ("wrong-method", &["method-changed"]),
    ("body-not-json", &["placeholder-body"]),
    ("body-differs", &["privileges-body-replaced"]),
];

/// Moves a sample check's verdict into the judge: errata stay errata,
/// failed assertions are failures.
fn absorb(j: &mut Judge<'_>, cell: Cell) {
    match cell {
        Cell::Erratum(errata) => j.verdict.errata.extend(errata),
        Cell::Fail(messages) => j.verdict.failures.extend(messages),
        Cell::Pass(_) | Cell::NotRun(_) => {}
    }
}

/// A curl line gets the curl column's judgement (`checks::samples::curl_call`
/// and `replay`: host, base path, template, placeholder names, parameter
/// values, method, credentials, content type, body, and what reaches the
/// implementation), so a line has one verdict wherever it is documented.
/// When that judgement says the line is not a request of the operation at
/// all, the request is repaired step by step to find out why, and the
/// repairs' more precise names replace the column's generic ones.
async fn curl(j: &mut Judge<'_>, text: &str) {
    let mut checker = Checker::new();
    let call = match curl_call(j.spec, j.op, &mut checker, text) {
        Ok(c) => c,
        Err(e) => return j.fail(format!("cannot parse the curl line: {e}")),
    };
    if !call.invalid {
        replay(j.spec, j.op, &mut checker, call).await;
        return absorb(j, checker.cell());
    }
    let before = j.verdict.errata.len();
    absorb(j, checker.cell());
    let sample_errata = j.verdict.errata.split_off(before);

    let curl = match parse_curl(text) {
        Ok(c) => c,
        Err(e) => return j.fail(format!("cannot parse the curl line: {e}")),
    };
    let url = curl.url.text();
    let after_scheme = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
    let path = after_scheme.find('/').map_or(String::new(), |i| after_scheme[i..].to_owned());
    let mut headers = curl.headers.clone();
    if let Some((user, password)) = &curl.user {
        headers
            .push(("authorization".into(), format!("Basic {}", crate::checks::base64(&format!("{user}:{password}")))));
    }
    let attempt = Attempt {
        method: curl.effective_method(),
        path: fill_placeholders(j.op, &path),
        headers,
        body: curl.data.clone(),
    };
    replay_with_repairs(j, attempt).await;
    let named: BTreeSet<String> = j.verdict.errata.iter().map(|e| e.name.clone()).collect();
    let restated = |name: &str| {
        RESTATED.iter().any(|(generic, precise)| *generic == name && precise.iter().any(|p| named.contains(*p)))
    };
    let kept: Vec<Erratum> = sample_errata.into_iter().filter(|e| !restated(&e.name)).collect();
    j.verdict.errata.splice(0..0, kept);
}

/// `$GROUP_ID`-style placeholders become the example value of the path
/// parameter at that position of the operation's template (or a dummy).
fn fill_placeholders(op: &Operation, path: &str) -> String {
    let template: Vec<&str> = op.path.split('/').collect();
    let segments: Vec<&str> = path.split('/').collect();
    let offset = segments.len().saturating_sub(template.len());
    segments
        .iter()
        .enumerate()
        .map(|(i, seg)| {
            if !seg.starts_with('$') {
                return (*seg).to_owned();
            }
            let name = i
                .checked_sub(offset)
                .and_then(|k| template.get(k))
                .and_then(|t| t.strip_prefix('{')?.strip_suffix('}'));
            name.and_then(|n| op.params.iter().find(|p| p.name == n))
                .and_then(|p| p.example.clone())
                .unwrap_or_else(|| "x".into())
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn same_shape(path: &str, template: &str) -> bool {
    let (p, t): (Vec<&str>, Vec<&str>) = (path.split('/').collect(), template.split('/').collect());
    p.len() == t.len() && p.iter().zip(&t).all(|(a, b)| b.starts_with('{') || a == b)
}

/// Sends the documented request through the generated router; whenever it
/// is refused for a reason the documentation is known to get wrong, names
/// the erratum, repairs the request and sends it again.
async fn replay_with_repairs(j: &mut Judge<'_>, mut attempt: Attempt) {
    let base = j.spec.base_path.clone();
    if !attempt.path.starts_with(&format!("{base}/")) {
        match attempt.path.strip_prefix("/api/v3/") {
            Some(rest) => {
                j.erratum(
                    "base-path-without-onezone",
                    format!("the URL path {} lacks the `/onezone` of {base}", attempt.path),
                );
                attempt.path = format!("{base}/{rest}");
            }
            None => return j.fail(format!("the URL path {} is not under {base}", attempt.path)),
        }
    }
    for _ in 0..6 {
        let replayer = Replayer::new(Arc::clone(j.spec), Answer::Documented);
        let body = attempt.body.clone().map(String::into_bytes);
        let answer = match send(&replayer.router(), &attempt.method, &attempt.path, &attempt.headers, body).await {
            Ok(a) => a,
            Err(e) => return j.fail(e),
        };
        let received = replayer.take();
        j.note(format!("{} {} → {}", attempt.method, attempt.path, answer.summary()));
        if (200..300).contains(&answer.status) {
            match received.first() {
                Some(r) if r.operation.operation_id == j.op.id => {
                    match j.op.success() {
                        Ok(success) if success.status == answer.status => {}
                        Ok(success) => {
                            return j.fail(format!(
                                "answered {}, the operation's success is {}",
                                answer.status, success.status
                            ));
                        }
                        Err(e) => return j.fail(e),
                    }
                    return unknown_body_fields(j, attempt.body.as_deref());
                }
                Some(r) => return j.fail(format!("reached {} instead of {}", r.operation.operation_id, j.op.id)),
                None => return j.fail("a success without reaching the implementation"),
            }
        }
        if !repair(j, &mut attempt, &answer) {
            // `repair` has recorded why it cannot go on.
            return;
        }
    }
    j.fail("still refused after every known repair");
}

/// Names the erratum behind a refusal and repairs the attempt; `false`, with
/// a failure recorded, when it cannot: a refusal that no repair fixes (or a
/// repair that changes nothing) is never a verdict.
fn repair(j: &mut Judge<'_>, attempt: &mut Attempt, answer: &HttpAnswer) -> bool {
    let base = j.spec.base_path.clone();
    let documented = format!("{base}{}", j.op.path);
    let body = answer.json().ok().flatten().unwrap_or(Value::Null);
    let id = body.pointer("/error/id").and_then(Value::as_str).unwrap_or("");
    let key = body.pointer("/error/details/key").and_then(Value::as_str).unwrap_or("");
    match (answer.status, id) {
        (404, _) => {
            // A known typo: a singular collection, or a stray `/user` segment.
            let candidates = [
                attempt.path.replace("/group/", "/groups/"),
                attempt.path.replacen(&format!("{base}/user/groups/"), &format!("{base}/groups/"), 1),
            ];
            match candidates.into_iter().find(|c| *c != attempt.path && same_shape(c, &documented)) {
                Some(fixed) => {
                    j.erratum("wrong-path", format!("{} is not a path of the API; {} is", attempt.path, j.op.path));
                    attempt.path = fixed;
                    true
                }
                None => {
                    let trimmed = trim_to_template(&attempt.path, &documented);
                    match trimmed {
                        Some(fixed) => {
                            j.erratum(
                                "wrong-path",
                                format!("{} has extra segments for {} {}", attempt.path, j.op.method, j.op.path),
                            );
                            attempt.path = fixed;
                            true
                        }
                        None => {
                            j.fail(format!("404 for {}: no known repair", attempt.path));
                            false
                        }
                    }
                }
            }
        }
        (405, _) => {
            if attempt.method == j.op.method {
                let fixed = trim_to_template(&attempt.path, &documented);
                return match fixed {
                    Some(path) => {
                        j.erratum(
                            "wrong-path",
                            format!(
                                "{} {} is another operation's path; {} is {}",
                                attempt.method, attempt.path, j.op.id, j.op.path
                            ),
                        );
                        attempt.path = path;
                        true
                    }
                    None => {
                        j.fail(format!("405 for {} {}", attempt.method, attempt.path));
                        false
                    }
                };
            }
            j.erratum(
                "method-changed",
                format!("{} is now {} {}, not {}", j.op.id, j.op.method, j.op.path, attempt.method),
            );
            attempt.method = j.op.method.clone();
            true
        }
        (400, "malformedData")
            if attempt.body.as_deref().is_some_and(|b| serde_json::from_str::<Value>(b).is_err()) =>
        {
            j.erratum("placeholder-body", format!("the body {:?} is not JSON", attempt.body.as_deref().unwrap_or("")));
            attempt.body = j.op.documented_request().ok().flatten().map(|v| v.to_string());
            if !attempt.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("content-type")) {
                attempt.headers.push(("content-type".into(), "application/json".into()));
            }
            attempt.body.is_some() || cannot_repair(j, "the operation has no documented request body to send instead")
        }
        // The repairs below fix the body and go on, so that whatever else is
        // wrong with it is judged too.
        (400, "badValueListNotAllowed") => {
            let names = unknown_privileges(j.spec, attempt.body.as_deref());
            j.erratum(
                "legacy-privilege-names",
                format!("`{key}` holds names the API no longer has: {}", names.join(", ")),
            );
            edit_body(attempt, |body| drop_unknown_privileges(j.spec, body))
                || cannot_repair(j, "no legacy name to drop from the body")
        }
        (400, "badValueString") if key.ends_with("prefix") => {
            j.erratum("numeric-prefix", format!("`{key}` is a number; the API takes the DOI/PID prefix as a string"));
            edit_body(attempt, quote_numeric_prefixes) || cannot_repair(j, "no numeric prefix to quote in the body")
        }
        (400, "missingAtLeastOneValue") if body_has_key(attempt.body.as_deref(), "privileges") => {
            j.erratum(
                "privileges-body-replaced",
                "`{\"privileges\": [...]}` (set exactly these) is gone; the body is now `{\"grant\": [...], \"revoke\": [...]}`",
            );
            let names = unknown_privileges(j.spec, attempt.body.as_deref());
            if !names.is_empty() {
                j.erratum(
                    "legacy-privilege-names",
                    format!("the privileges list holds names the API no longer has: {}", names.join(", ")),
                );
            }
            // Go on with the nearest current body: grant the names that still exist.
            let spec = j.spec;
            edit_body(attempt, |body| {
                let Some(object) = body.as_object_mut() else { return };
                if let Some(list) = object.remove("privileges") {
                    object.insert("grant".into(), list);
                }
                drop_unknown_privileges(spec, body);
            }) || cannot_repair(j, "the body has no `privileges` list to turn into `grant`")
        }
        (status, id) => {
            j.fail(format!("refused with {status} {id} for {} {}", attempt.method, attempt.path));
            false
        }
    }
}

/// Records that a refusal could not be repaired; always `false`.
fn cannot_repair(j: &mut Judge<'_>, why: &str) -> bool {
    j.fail(format!("cannot repair the request: {why}"));
    false
}

/// Applies `edit` to the attempt's JSON body; `false` (nothing more to
/// repair) when there is no JSON body or the edit changes nothing.
fn edit_body(attempt: &mut Attempt, edit: impl FnOnce(&mut Value)) -> bool {
    let Some(mut value) = attempt.body.as_deref().and_then(|b| serde_json::from_str::<Value>(b).ok()) else {
        return false;
    };
    let before = value.clone();
    edit(&mut value);
    if value == before {
        return false;
    }
    attempt.body = Some(value.to_string());
    true
}

/// Removes the names the spec does not know from `privileges`, `grant` and
/// `revoke`.
fn drop_unknown_privileges(spec: &Spec, body: &mut Value) {
    let known = known_privileges(spec);
    for key in ["privileges", "grant", "revoke"] {
        if let Some(list) = body.get_mut(key).and_then(Value::as_array_mut) {
            list.retain(|v| v.as_str().is_some_and(|n| known.contains(n)));
        }
    }
}

/// Every numeric `prefix` field, at any depth, written as a string.
fn quote_numeric_prefixes(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if key == "prefix" && child.is_number() {
                    *child = Value::String(child.to_string());
                } else {
                    quote_numeric_prefixes(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(quote_numeric_prefixes),
        _ => {}
    }
}

/// Top-level fields of a JSON body that its schema does not declare (the
/// API ignores them: the documentation should not send them).
fn unknown_body_fields(j: &mut Judge<'_>, body: Option<&str>) {
    let (Some(value), Ok(Some(schema))) =
        (body.and_then(|b| serde_json::from_str::<Value>(b).ok()), j.op.request_schema())
    else {
        return;
    };
    let (Some(object), Some(properties)) = (value.as_object(), j.spec.schema_properties(&schema)) else { return };
    for key in object.keys().filter(|k| !properties.contains(k)) {
        j.erratum(
            "unknown-body-field",
            format!("`{key}` is not a field of {schema} (fields: {})", properties.join(", ")),
        );
    }
}

/// The documented path with segments beyond the template's length dropped,
/// when the rest matches (`POST /groups/$GROUP_ID` for `POST /groups`).
fn trim_to_template(path: &str, documented: &str) -> Option<String> {
    let want = documented.split('/').count();
    let segments: Vec<&str> = path.split('/').collect();
    (segments.len() > want).then(|| segments[..want].join("/")).filter(|p| same_shape(p, documented))
}

fn body_has_key(body: Option<&str>, key: &str) -> bool {
    body.and_then(|b| serde_json::from_str::<Value>(b).ok()).is_some_and(|v| v.get(key).is_some())
}

/// Privilege names the spec does not know, found in a JSON body.
fn unknown_privileges(spec: &Spec, body: Option<&str>) -> Vec<String> {
    let known = known_privileges(spec);
    let Some(value) = body.and_then(|b| serde_json::from_str::<Value>(b).ok()) else { return Vec::new() };
    let mut names = Vec::new();
    for key in ["privileges", "grant", "revoke"] {
        for name in value.get(key).and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
            if !known.contains(name) && !names.iter().any(|n| n == name) {
                names.push(name.to_owned());
            }
        }
    }
    names
}

/// Every privilege name of the spec: the handle-service privilege enum and
/// every name of every `x-onedata-permissions`.
fn known_privileges(spec: &Spec) -> BTreeSet<String> {
    let mut known: BTreeSet<String> = spec
        .root
        .pointer("/components/schemas/HandleServicePrivileges/items/enum")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    if let Some(paths) = spec.root.get("paths").and_then(Value::as_object) {
        for item in paths.values().filter_map(Value::as_object) {
            for op in item.values() {
                let names = op.get("x-onedata-permissions").and_then(Value::as_array).into_iter().flatten();
                known.extend(names.filter_map(|v| v.as_str().map(str::to_owned)));
            }
        }
    }
    known
}

/// A CLI line gets the CLI column's judgement (`checks::samples::cli_call`
/// and `replay`), like a curl line.
async fn cli(j: &mut Judge<'_>, text: &str) {
    let mut checker = Checker::new();
    let call = match cli_call(j.spec, j.op, &mut checker, text) {
        Ok(call) => call,
        Err(e) => return j.fail(format!("cannot parse the CLI line: {e}")),
    };
    replay(j.spec, j.op, &mut checker, call).await;
    absorb(j, checker.cell());
}

fn classify(j: &mut Judge<'_>, schema: &str, value: &Value) {
    for v in j.spec.violations(schema, value) {
        match v.id.as_str() {
            "missingRequiredValue" => {
                j.erratum("incomplete-example", format!("`{}`, required by {schema}, is missing", v.key))
            }
            "badValueString" if v.key.ends_with("prefix") => {
                j.erratum("numeric-prefix", format!("`{}` is a number; {schema} says string", v.key))
            }
            other => j.erratum("example-breaks-schema", format!("`{}`: {other} in {schema}", v.key)),
        }
    }
}

fn response(j: &mut Judge<'_>, text: &str) {
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            j.erratum("not-json", format!("the documented body is not JSON: {e}"));
            // Read it as a human would (line breaks inside strings joined)
            // to judge the rest.
            let joined: String = text.lines().map(str::trim).collect::<Vec<_>>().join(" ");
            match serde_json::from_str(&joined) {
                Ok(v) => v,
                Err(_) => return,
            }
        }
    };
    let schema = match j.op.success().ok().and_then(|s| match &s.content {
        Some(Ok(content)) => content.schema.component().ok().map(str::to_owned),
        _ => None,
    }) {
        Some(s) => s,
        None => return j.fail(format!("{} documents no response schema", j.op.id)),
    };
    classify(j, &schema, &value);
    if j.verdict.errata.is_empty() {
        match crate::generated::round_trip(&schema, value.clone()) {
            Ok(back) if back == value => {}
            Ok(back) => j.fail(format!("the shared type {schema} changes the body: {back}")),
            Err(e) => j.fail(format!("valid by the schema but the shared type {schema} refuses it: {e}")),
        }
    } else if crate::generated::round_trip(&schema, value).is_ok() {
        j.fail(format!("the shared type {schema} accepts a body its schema refuses"));
    }
}

async fn request_body(j: &mut Judge<'_>, text: &str) {
    let path = format!(
        "{}{}",
        j.spec.base_path,
        j.op.fill_path(|name| {
            j.op.params.iter().find(|p| p.name == name).and_then(|p| p.example.clone()).unwrap_or_default()
        })
    );
    let headers = vec![
        ("content-type".to_owned(), "application/json".to_owned()),
        ("authorization".to_owned(), format!("Basic {}", crate::checks::base64("username:password"))),
    ];
    let attempt = Attempt { method: j.op.method.clone(), path, headers, body: Some(text.to_owned()) };
    replay_with_repairs(j, attempt).await;
}

async fn request_path(j: &mut Judge<'_>, method: &str, path: &str) {
    let headers = vec![("authorization".to_owned(), format!("Basic {}", crate::checks::base64("username:password")))];
    let body = j.op.documented_request().ok().flatten().map(|v| v.to_string());
    let mut headers = headers;
    if body.is_some() {
        headers.push(("content-type".into(), "application/json".into()));
    }
    let attempt = Attempt { method: method.to_owned(), path: format!("{}{path}", j.spec.base_path), headers, body };
    replay_with_repairs(j, attempt).await;
}

fn success_status(j: &mut Judge<'_>, status: u16) {
    let now = j.op.success_statuses();
    if !now.contains(&status) {
        j.erratum("status-changed", format!("{} answers {now:?} now, not {status}", j.op.id));
    }
}

/// The path of a URL or URL pattern, split into segments (scheme and host
/// dropped).
fn url_segments(url: &str) -> Vec<String> {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    path.split('/').skip(1).map(str::to_owned).collect()
}

/// Whether a documented `Location` segment fits the spec's: equal text, or
/// a placeholder (`{name}`, `$NAME`) where the spec has one of the
/// operation's parameters (`{name}` must then name the same one) or an id
/// the zone generates.
fn location_segment_fits(documented: &str, spec: &str) -> bool {
    let is_id = |s: &str| s.len() >= 16 && s.chars().all(|c| c.is_ascii_hexdigit());
    match (documented.strip_prefix('{').and_then(|d| d.strip_suffix('}')), documented.starts_with('$')) {
        (Some(name), _) => spec == format!("{{{name}}}") || is_id(spec),
        (None, true) => spec.starts_with('{') || is_id(spec),
        (None, false) => documented == spec,
    }
}

/// A documented `Location` pattern against the operation's own: the spec's
/// `Location` example with the operation's path parameter examples written
/// as `{name}`. Its base path and the rest are compared separately.
fn location(j: &mut Judge<'_>, pattern: &str) {
    let Some(example) = j.op.success().ok().and_then(|s| s.location.clone()) else {
        return j.erratum("no-location", format!("{} sends no Location header", j.op.id));
    };
    let template: Vec<String> = url_segments(&example)
        .into_iter()
        .map(|seg| match j.op.params.iter().find(|p| p.example.as_deref() == Some(seg.as_str())) {
            Some(p) => format!("{{{}}}", p.name),
            None => seg,
        })
        .collect();
    let documented = url_segments(pattern);
    let base: Vec<&str> = j.spec.base_path.split('/').skip(1).collect();
    j.note(format!("the spec's Location template: /{}", template.join("/")));
    if template.len() < base.len() || template[..base.len()] != base {
        return j.fail(format!("the spec's Location example {example} is not under {}", j.spec.base_path));
    }
    let n = base.len().min(documented.len());
    if documented[..n] != base {
        j.erratum("location-base-path", format!("/{} does not start with {}", documented.join("/"), j.spec.base_path));
    }
    let (rest, want) = (&documented[n..], &template[base.len()..]);
    if rest.len() != want.len() || !rest.iter().zip(want).all(|(d, s)| location_segment_fits(d, s)) {
        j.erratum(
            "location-path",
            format!("…/{} is not the Location of {}: …/{}", rest.join("/"), j.op.id, want.join("/")),
        );
    }
}

/// Privilege names documented for an operation against its own
/// `x-onedata-permissions`: a name the API no longer has anywhere is a
/// legacy name; a current name the operation does not list is another
/// operation's.
fn required_privileges(j: &mut Judge<'_>, names: &[String]) {
    let known = known_privileges(j.spec);
    let unknown: Vec<&str> = names.iter().map(String::as_str).filter(|n| !known.contains(*n)).collect();
    // One letter away from a current name: a typo, not an old name.
    let (misspelled, legacy): (Vec<&str>, Vec<&str>) =
        unknown.into_iter().partition(|n| known.iter().any(|k| one_edit_apart(n, k)));
    if !misspelled.is_empty() {
        let fixes: Vec<String> = misspelled
            .iter()
            .filter_map(|n| known.iter().find(|k| one_edit_apart(n, k)).map(|k| format!("{n} for {k}")))
            .collect();
        j.erratum("misspelled-privilege", format!("not a privilege of the API: {}", fixes.join(", ")));
    }
    if !legacy.is_empty() {
        j.erratum("legacy-privilege-names", format!("no longer privileges of the API: {}", legacy.join(", ")));
    }
    let foreign: Vec<&str> = names
        .iter()
        .map(String::as_str)
        .filter(|n| known.contains(*n) && !j.op.permissions.iter().any(|p| p == n))
        .collect();
    if !foreign.is_empty() {
        j.erratum(
            "privileges-differ",
            format!("{} is not what {} requires ({})", foreign.join(", "), j.op.id, j.op.permissions.join(", ")),
        );
    }
}

/// Whether `a` becomes `b` by inserting, removing or changing one character.
fn one_edit_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    if long.len() - short.len() > 1 || a == b {
        return false;
    }
    let prefix = short.iter().zip(long.iter()).take_while(|(x, y)| x == y).count();
    let skip = usize::from(short.len() == long.len());
    short[prefix + skip.min(short.len() - prefix)..] == long[prefix + 1..]
}

fn error_body(j: &mut Judge<'_>, status: u16, text: &str) {
    let Ok(code) = http::StatusCode::from_u16(status) else { return j.fail(format!("{status} is not a status")) };
    let decoded = ApiError::from_body(code, text.to_owned());
    match decoded.body() {
        None => j.fail(format!("the client cannot decode this error body: {text}")),
        Some(body) => {
            let shape = match body {
                onezone_client::types::Error::StructuredError(_) => "structured (20.02 and later)",
                onezone_client::types::Error::OAuthStyleError(_) => "OAuth-style (before 17.x)",
                onezone_client::types::Error::LegacyError(_) => "plain text (before 20.02)",
            };
            j.note(format!("decoded as the {shape} shape, status {:?}, id {:?}", decoded.status(), decoded.id()));
            if decoded.status() != Some(code) {
                j.fail("the decoded error lost its status");
            }
            if let onezone_client::types::Error::StructuredError(e) = body
                && let Some((_, expected)) = CATALOGUE.iter().find(|(id, _)| *id == e.error.id)
                && *expected != status
            {
                j.erratum(
                    "error-example-status",
                    format!("`{}` is a {expected} error in the catalogue, documented here under {status}", e.error.id),
                );
            }
        }
    }
}

/// One judged entry.
#[derive(Debug, Clone)]
pub struct CorpusRow {
    /// Fixture file.
    pub file: String,
    /// The document the file transcribes.
    pub source: String,
    /// The entry.
    pub entry: Entry,
    /// Its computed verdict.
    pub verdict: Verdict,
}

impl CorpusRow {
    /// Why this row is a problem: a failure, or a verdict other than the
    /// expected one (in either direction).
    pub fn problem(&self) -> Option<String> {
        if !self.verdict.failures.is_empty() {
            return Some(format!("{} {}: failed: {}", self.file, self.entry.id, self.verdict.failures.join("; ")));
        }
        let got = self.verdict.names();
        let mut expected = self.entry.expect.clone();
        expected.sort();
        if got == expected {
            return None;
        }
        let new: Vec<String> = self
            .verdict
            .errata
            .iter()
            .filter(|e| !expected.contains(&e.name))
            .map(|e| format!("{}: {}", e.name, e.reason))
            .collect();
        let gone: Vec<&String> = expected.iter().filter(|n| !got.contains(n)).collect();
        Some(format!(
            "{} {}: verdict changed; new errata {new:?}; listed errata that no longer occur {gone:?}",
            self.file, self.entry.id
        ))
    }
}

/// The whole corpus, judged.
#[derive(Debug, Clone)]
pub struct CorpusReport {
    /// Every entry, file by file.
    pub rows: Vec<CorpusRow>,
}

/// Judges every entry of every fixture.
pub async fn run(spec: &Arc<Spec>) -> Result<CorpusReport, String> {
    let mut rows = Vec::new();
    for (file, fixture) in load()? {
        for entry in fixture.entries {
            let verdict = judge(spec, &entry).await;
            rows.push(CorpusRow { file: file.clone(), source: fixture.source.clone(), entry, verdict });
        }
    }
    Ok(CorpusReport { rows })
}

fn kind_name(kind: &Kind) -> &'static str {
    match kind {
        Kind::Curl { .. } => "curl",
        Kind::Cli { .. } => "CLI",
        Kind::Response { .. } => "response body",
        Kind::RequestBody { .. } => "request body",
        Kind::RequestPath { .. } => "request path",
        Kind::SuccessStatus { .. } => "success status",
        Kind::Location { .. } => "Location",
        Kind::RequiredPrivileges { .. } => "privileges",
        Kind::ErrorBody { .. } => "error body",
    }
}

impl CorpusReport {
    /// Rows that are problems, with why.
    pub fn problems(&self) -> Vec<String> {
        self.rows.iter().filter_map(CorpusRow::problem).collect()
    }

    /// (conforming entries, entries with errata, problems).
    pub fn totals(&self) -> (usize, usize, usize) {
        let problems = self.rows.iter().filter(|r| r.problem().is_some()).count();
        let errata = self.rows.iter().filter(|r| r.problem().is_none() && !r.verdict.errata.is_empty()).count();
        (self.rows.len() - problems - errata, errata, problems)
    }

    /// Plain-text summary: totals per file and every erratum.
    pub fn to_text(&self) -> String {
        let mut out = String::from("\nDocumentation corpus (tests/corpus)\n");
        let mut files: Vec<&str> = self.rows.iter().map(|r| r.file.as_str()).collect();
        files.dedup();
        for file in files {
            let rows: Vec<&CorpusRow> = self.rows.iter().filter(|r| r.file == file).collect();
            let errata = rows.iter().filter(|r| !r.verdict.errata.is_empty()).count();
            out.push_str(&format!(
                "  {file}: {} entries, {} conform, {errata} with errata\n",
                rows.len(),
                rows.len() - errata
            ));
        }
        let (conform, errata, problems) = self.totals();
        out.push_str(&format!("corpus total: {conform} conform, {errata} erratum, {problems} fail\n"));
        for p in self.problems() {
            out.push_str(&format!("FAIL {p}\n"));
        }
        out
    }

    /// Markdown section: every entry with errata, and the totals.
    pub fn to_markdown(&self) -> String {
        let (conform, errata, problems) = self.totals();
        let mut out = format!(
            "\n## Documentation corpus\n\n{} documented examples from {} documents: {conform} conform, {errata} with errata, {problems} failing.\n\n",
            self.rows.len(),
            {
                let mut files: Vec<&str> = self.rows.iter().map(|r| r.file.as_str()).collect();
                files.dedup();
                files.len()
            }
        );
        out.push_str("| entry | kind | source | errata |\n|---|---|---|---|\n");
        for row in self.rows.iter().filter(|r| !r.verdict.errata.is_empty() || r.problem().is_some()) {
            let errata: Vec<String> =
                row.verdict.errata.iter().map(|e| format!("`{}`: {}", e.name, e.reason.replace('|', "\\|"))).collect();
            let cell = if let Some(p) = row.problem() {
                format!("FAIL: {}", p.replace('|', "\\|"))
            } else {
                errata.join("<br>")
            };
            let source = row.source.split(':').next().unwrap_or(&row.source);
            out.push_str(&format!("| `{}` | {} | {} | {} |\n", row.entry.id, kind_name(&row.entry.kind), source, cell));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::one_edit_apart;

    #[test]
    fn one_edit_apart_is_one_insertion_removal_or_change() {
        assert!(one_edit_apart("oz_handle_service_create", "oz_handle_services_create"));
        assert!(one_edit_apart("oz_handle_services_create", "oz_handle_service_create"));
        assert!(one_edit_apart("group_viev", "group_view"));
        assert!(one_edit_apart("roup_view", "group_view"));
        assert!(!one_edit_apart("group_view", "group_view"));
        assert!(!one_edit_apart("oz_users_view", "oz_groups_view"));
        assert!(!one_edit_apart("modify_handle_service", "handle_service_update"));
        assert!(!one_edit_apart("", "ab"));
    }
}
