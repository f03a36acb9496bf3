//! The linted document reduced to what the server emitter needs: operations
//! with their parameters, bodies and statuses, in spec order.

use std::fmt;

use serde_json::Value;

use crate::schema::deref;

/// An HTTP method an OpenAPI path item may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum HttpMethod {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl HttpMethod {
    /// Every method, in the order a path item is read.
    pub const ALL: [HttpMethod; 8] = [
        HttpMethod::Get,
        HttpMethod::Put,
        HttpMethod::Post,
        HttpMethod::Delete,
        HttpMethod::Options,
        HttpMethod::Head,
        HttpMethod::Patch,
        HttpMethod::Trace,
    ];

    /// The path item's key (`get`).
    pub fn key(self) -> &'static str {
        match self {
            HttpMethod::Get => "get",
            HttpMethod::Put => "put",
            HttpMethod::Post => "post",
            HttpMethod::Delete => "delete",
            HttpMethod::Options => "options",
            HttpMethod::Head => "head",
            HttpMethod::Patch => "patch",
            HttpMethod::Trace => "trace",
        }
    }

    /// The method as on the wire (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The HTTP status of a documented response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Status(pub u16);

impl Status {
    /// 2xx.
    pub fn is_success(self) -> bool {
        (200..300).contains(&self.0)
    }

    /// 4xx or 5xx.
    pub fn is_error(self) -> bool {
        self.0 >= 400
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// One path parameter.
pub(crate) struct Param {
    pub name: String,
    pub description: Option<String>,
}

/// The request body: a `$ref` to a component schema.
pub(crate) struct Body {
    pub schema: String,
    pub required: bool,
    pub description: Option<String>,
}

/// One documented success: a 2xx answer, or a redirect (3xx, whose
/// `location` is always set).
pub(crate) struct Success {
    pub status: Status,
    pub body: Option<String>,
    pub location: bool,
    pub description: Option<String>,
}

pub(crate) struct Operation {
    pub id: String,
    pub method: HttpMethod,
    pub path: String,
    /// JSON pointer of the operation, for error messages.
    pub pointer: String,
    pub tag: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub success: Vec<Success>,
    pub errors: Vec<Status>,
    pub public: bool,
    pub permissions: Vec<String>,
}

pub(crate) struct Tag {
    pub name: String,
    pub description: Option<String>,
}

pub(crate) struct Api {
    pub title: String,
    pub base_path: String,
    pub tags: Vec<Tag>,
    pub operations: Vec<Operation>,
}

fn text(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str).map(str::to_owned)
}

fn schema_name(reference: &str) -> Option<String> {
    reference.strip_prefix("#/components/schemas/").map(str::to_owned)
}

/// Builds the model. The document has passed the lint, so shapes are known;
/// anything still missing is skipped rather than panicking.
pub(crate) fn build(doc: &Value) -> Api {
    let base_path = doc
        .pointer("/servers/0/url")
        .and_then(Value::as_str)
        .map(|u| u.trim_end_matches('/').to_owned())
        .unwrap_or_default();
    let tags = doc
        .get("tags")
        .and_then(Value::as_array)
        .map(|tags| {
            tags.iter()
                .filter_map(|t| Some(Tag { name: text(t.get("name"))?, description: text(t.get("description")) }))
                .collect()
        })
        .unwrap_or_default();
    let root_public = doc.get("security").and_then(Value::as_array).is_none_or(Vec::is_empty);
    let mut operations = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let shared_params = item.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
            for method in HttpMethod::ALL {
                let Some(op) = item.get(method.key()) else { continue };
                let pointer = crate::error::pointer_push(&crate::error::pointer_push("/paths", path), method.key());
                operations.push(operation(doc, path, method, op, &shared_params, root_public, pointer));
            }
        }
    }
    Api { title: text(doc.pointer("/info/title")).unwrap_or_default(), base_path, tags, operations }
}

fn operation(
    doc: &Value,
    path: &str,
    method: HttpMethod,
    op: &Value,
    shared_params: &[Value],
    root_public: bool,
    pointer: String,
) -> Operation {
    let mut declared: Vec<(String, Option<String>)> = Vec::new();
    for p in shared_params.iter().chain(op.get("parameters").and_then(Value::as_array).into_iter().flatten()) {
        let Some(p) = deref(doc, p) else { continue };
        if let Some(name) = text(p.get("name")) {
            let description = text(p.get("description"));
            match declared.iter_mut().find(|(n, _)| *n == name) {
                // Operation-level parameters override path-level ones.
                Some(existing) => existing.1 = description,
                None => declared.push((name, description)),
            }
        }
    }
    let params = path
        .split('/')
        .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|name| Param {
            name: name.to_owned(),
            description: declared.iter().find(|(n, _)| n == name).and_then(|(_, d)| d.clone()),
        })
        .collect();
    let body = op.get("requestBody").and_then(|b| deref(doc, b)).and_then(|b| {
        let schema = b.pointer("/content/application~1json/schema/$ref").and_then(Value::as_str)?;
        Some(Body {
            schema: schema_name(schema)?,
            required: b.get("required").and_then(Value::as_bool).unwrap_or(false),
            description: text(b.get("description")),
        })
    });
    let mut success = Vec::new();
    let mut errors = Vec::new();
    if let Some(responses) = op.get("responses").and_then(Value::as_object) {
        for (status, r) in responses {
            let Ok(code) = status.parse::<u16>().map(Status) else { continue };
            let Some(r) = deref(doc, r) else { continue };
            if code.is_success() || crate::lint::REDIRECTS.contains(&code.0) {
                let body =
                    r.pointer("/content/application~1json/schema/$ref").and_then(Value::as_str).and_then(schema_name);
                let location = r
                    .get("headers")
                    .and_then(Value::as_object)
                    .is_some_and(|h| h.keys().any(|k| k.eq_ignore_ascii_case("location")));
                success.push(Success { status: code, body, location, description: text(r.get("description")) });
            } else if code.is_error() {
                errors.push(code);
            }
        }
    }
    let public = match op.get("security").and_then(Value::as_array) {
        Some(reqs) => reqs.is_empty() || reqs.iter().any(|r| r.as_object().is_some_and(|m| m.is_empty())),
        None => root_public,
    };
    let permissions = op
        .get("x-onedata-permissions")
        .and_then(Value::as_array)
        .map(|l| l.iter().filter_map(|p| p.as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    Operation {
        id: text(op.get("operationId")).unwrap_or_default(),
        method,
        path: path.to_owned(),
        pointer,
        tag: op.pointer("/tags/0").and_then(Value::as_str).unwrap_or_default().to_owned(),
        summary: text(op.get("summary")),
        description: text(op.get("description")),
        params,
        body,
        success,
        errors,
        public,
        permissions,
    }
}

/// Names of the component schemas a request body can reach, in first-seen
/// order: those need validators.
pub(crate) fn request_schemas(doc: &Value, api: &Api) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut stack: Vec<String> =
        api.operations.iter().rev().filter_map(|o| o.body.as_ref().map(|b| b.schema.clone())).collect();
    while let Some(name) = stack.pop() {
        if out.contains(&name) {
            continue;
        }
        let Some(schema) = doc.pointer(&format!("/components/schemas/{name}")) else { continue };
        out.push(name);
        let mut refs = Vec::new();
        collect_refs(schema, &mut refs);
        for r in refs.into_iter().rev() {
            if !out.contains(&r) {
                stack.push(r);
            }
        }
    }
    out
}

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            if let Some(name) = map.get("$ref").and_then(Value::as_str).and_then(schema_name) {
                out.push(name);
            }
            for (k, child) in map {
                if k != "example" {
                    collect_refs(child, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| collect_refs(i, out)),
        _ => {}
    }
}
