//! Paths and operations: path templates the router takes, operationIds
//! and the Rust names they become, parameters, bodies, media types and
//! statuses.

use super::*;
use crate::model::HttpMethod;

impl Lint<'_> {
    pub(super) fn paths(&mut self, schemes: &BTreeSet<String>, tags: &BTreeSet<String>) {
        let Some(paths) = self.doc.get("paths").and_then(Value::as_object) else {
            self.report("", "the document has no `paths`");
            return;
        };
        let mut seen_ids = SeenOperations::default();
        // Each path with its parameters blanked out (`/things/{}`), and the
        // first path of that shape.
        let mut shapes: BTreeMap<String, &str> = BTreeMap::new();
        for (path, item) in paths {
            let at = pointer_push("/paths", path);
            if !path.starts_with('/') {
                self.report(at.clone(), format!("path `{path}` must start with `/`"));
            }
            self.path_template(path, &at);
            let shape: Vec<&str> = path
                .split('/')
                .map(|seg| if seg.starts_with('{') && seg.ends_with('}') { "{}" } else { seg })
                .collect();
            if let Some(first) = shapes.insert(shape.join("/"), path) {
                self.report(
                    at.clone(),
                    format!("paths `{first}` and `{path}` differ only in the names of their parameters: the axum router cannot tell them apart and refuses to be built; merge them into one path with the same parameter names"),
                );
            }
            if item.get("$ref").is_some() {
                self.report(
                    pointer_push(&at, "$ref"),
                    "path items given by `$ref` are not supported (progenitor rejects them)",
                );
                continue;
            }
            let Some(item) = item.as_object() else { continue };
            let shared_params = item.get("parameters");
            for method in HttpMethod::ALL.map(HttpMethod::key) {
                if let Some(op) = item.get(method) {
                    let op_at = pointer_push(&at, method);
                    self.operation(path, op, shared_params, &op_at, schemes, tags, &mut seen_ids);
                }
            }
        }
    }

    /// Template parameters fill whole segments and become Rust fields.
    pub(super) fn path_template(&mut self, path: &str, at: &str) {
        let mut fields: BTreeMap<String, &str> = BTreeMap::new();
        for seg in path.split('/') {
            let Some(name) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else {
                if seg.contains(['{', '}']) {
                    self.report(at, format!("segment `{seg}` of `{path}`: a template parameter must fill a whole segment, as in `/{{id}}`"));
                } else if seg.starts_with([':', '*']) {
                    // axum 0.8 panics building such a route: `:id` and `*rest`
                    // were its 0.7 captures.
                    self.report(at, format!("segment `{seg}` of `{path}` starts with `{}`, which the axum router refuses (its old capture syntax); write a template parameter as `{{id}}`, or rename the segment", &seg[..1]));
                }
                continue;
            };
            if name.starts_with('*') {
                self.report(
                    at,
                    format!("segment `{seg}` of `{path}` is a catch-all capture in the axum router; only plain parameters such as `{{id}}` are supported"),
                );
                continue;
            }
            // The request type's field, and the client builder's setter.
            let field = name.to_snake_case();
            if let Some(why) = ident_problem(&field) {
                self.report(
                    at,
                    format!("path parameter `{{{name}}}` of `{path}` gives the Rust field `{field}`, which {why}"),
                );
            } else if let Some(first) = fields.insert(field.clone(), name) {
                self.report(
                    at,
                    format!(
                        "path parameters `{{{first}}}` and `{{{name}}}` of `{path}` give the same Rust field `{field}`"
                    ),
                );
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn operation(
        &mut self,
        path: &str,
        op: &Value,
        shared_params: Option<&Value>,
        at: &str,
        schemes: &BTreeSet<String>,
        tags: &BTreeSet<String>,
        seen_ids: &mut SeenOperations,
    ) {
        match op.get("operationId").and_then(Value::as_str) {
            None => self.report(at, "operation has no `operationId`; the client method, the server trait method and the conformance checks are named after it"),
            Some(id) if !is_rust_friendly(id) => self.report(
                pointer_push(at, "operationId"),
                format!("operationId `{id}` must start with a letter and hold only letters, digits and `_`"),
            ),
            Some(id) => {
                // The client method, the server trait method and the handler
                // are all `id` in snake_case (progenitor's rule, heck's case).
                let method = id.to_snake_case();
                let id_at = pointer_push(at, "operationId");
                if let Some(why) = ident_problem(&method) {
                    self.report(id_at, format!("operationId `{id}` gives the Rust method `{method}`, which {why}"));
                } else if RESERVED_METHODS.contains(&method.as_str()) {
                    self.report(
                        id_at,
                        format!("operationId `{id}` gives the Rust method `{method}`, which the generated client or server already defines"),
                    );
                } else if let Some(first) = seen_ids.methods.get(&method) {
                    let what = if first.0 == id { format!("duplicate operationId `{id}`") } else { format!("operationId `{id}` gives the Rust method `{method}`, as `{}` does", first.0) };
                    self.report(id_at, format!("{what}: already used at {}", first.1));
                } else {
                    seen_ids.methods.insert(method, (id.to_owned(), id_at.clone()));
                    self.operation_types(id, &id_at, seen_ids);
                }
            }
        }
        match op.get("tags").and_then(Value::as_array).map(Vec::as_slice) {
            Some([Value::String(t)]) if tags.contains(t) => {}
            Some([Value::String(t)]) => {
                self.report(pointer_push(at, "tags"), format!("tag `{t}` is not declared in the top-level `tags`"))
            }
            _ => self
                .report(at, "an operation needs exactly one tag: it names the server trait the operation belongs to"),
        }
        if let Some(reqs) = op.get("security") {
            self.security_requirements(reqs, &pointer_push(at, "security"), schemes);
        }
        self.parameters(path, op, shared_params, at);
        if let Some(body) = op.get("requestBody") {
            self.request_body(body, &pointer_push(at, "requestBody"));
        }
        self.responses(op.get("responses"), &pointer_push(at, "responses"));
    }

    /// The type names derived from an operationId — the server's
    /// `<Op>Request`/`<Op>Response`, the client's `builder::<Op>` — must be
    /// distinct and must not be names those modules already use unqualified.
    pub(super) fn operation_types(&mut self, id: &str, id_at: &str, seen: &mut SeenOperations) {
        // progenitor's builder is `sanitize(id, Pascal)`, the server's types
        // `id.to_pascal_case()`: the same for ids of letters, digits and `_`.
        let pascal = id.to_pascal_case();
        let (request, response) = (format!("{pascal}Request"), format!("{pascal}Response"));
        if let Some(taken) = [&request, &response].into_iter().find(|n| SERVER_SCOPE.contains(&n.as_str())) {
            self.report(
                id_at,
                format!("operationId `{id}` gives the server type `{taken}`, a name the generated server module already uses; rename the operation"),
            );
        } else if CLIENT_BUILDER_SCOPE.contains(&pascal.as_str()) {
            self.report(
                id_at,
                format!("operationId `{id}` gives the client builder `builder::{pascal}`, a name progenitor's builder module already imports; rename the operation"),
            );
        } else if let Some(first) = seen.types.get(&pascal) {
            self.report(
                id_at,
                format!(
                    "operationId `{id}` gives the Rust types `{request}`, `{response}` and `builder::{pascal}`, as `{}` does (at {}); rename one of them",
                    first.0, first.1
                ),
            );
        } else {
            seen.types.insert(pascal, (id.to_owned(), id_at.to_owned()));
        }
    }

    pub(super) fn parameters(&mut self, path: &str, op: &Value, shared: Option<&Value>, at: &str) {
        let has_body = op.get("requestBody").is_some();
        let template: Vec<&str> =
            path.split('/').filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}'))).collect();
        let mut declared = BTreeSet::new();
        let lists = [(shared, None), (op.get("parameters"), Some(pointer_push(at, "parameters")))];
        for (list, list_at) in lists {
            let Some(list) = list.and_then(Value::as_array) else { continue };
            let list_at = list_at
                .unwrap_or_else(|| pointer_push(at.rsplit_once('/').map(|(p, _)| p).unwrap_or(at), "parameters"));
            for (i, p) in list.iter().enumerate() {
                let p_at = pointer_push(&list_at, &i.to_string());
                let Some(p) = deref(self.doc, p) else { continue };
                let name = p.get("name").and_then(Value::as_str).unwrap_or("");
                match p.get("in").and_then(Value::as_str) {
                    Some("path") => {}
                    Some(other) => {
                        self.report(
                            pointer_push(&p_at, "in"),
                            format!("{other} parameters are not supported yet; only path parameters are"),
                        );
                        continue;
                    }
                    None => {
                        self.report(p_at, "parameter has no `in`");
                        continue;
                    }
                }
                if !template.contains(&name) {
                    self.report(
                        pointer_push(&p_at, "name"),
                        format!("path parameter `{name}` does not appear in `{path}`"),
                    );
                }
                // The server's request struct holds a field per parameter
                // beside `body`; progenitor's builder a setter per parameter
                // beside `new`, `send` and, with a body, `body`/`body_map`.
                let field = name.to_snake_case();
                let body_names = ["body", "body_map"];
                if BUILDER_METHODS.contains(&field.as_str()) {
                    self.report(
                        pointer_push(&p_at, "name"),
                        format!("path parameter `{name}` gives the client builder method `{field}`, which every builder already has; rename the parameter"),
                    );
                } else if has_body && body_names.contains(&field.as_str()) {
                    self.report(
                        pointer_push(&p_at, "name"),
                        format!("path parameter `{name}` gives the Rust field and builder method `{field}`, which the request body already takes in an operation with a `requestBody`; rename the parameter"),
                    );
                }
                if p.get("required") != Some(&Value::Bool(true)) {
                    self.report(p_at.clone(), format!("path parameter `{name}` must say `required: true`"));
                }
                match p.get("schema").and_then(|s| deref(self.doc, s)) {
                    Some(s) if s.get("type").and_then(Value::as_str) == Some("string") => {
                        if let Some(example) = p.get("example") {
                            self.example(s, example, &pointer_push(&p_at, "example"));
                        }
                    }
                    _ => self.report(
                        pointer_push(&p_at, "schema"),
                        format!("path parameter `{name}` must have `schema: {{type: string}}`"),
                    ),
                }
                declared.insert(name.to_owned());
            }
        }
        for name in template {
            if !declared.contains(name) {
                self.report(at, format!("path parameter `{{{name}}}` of `{path}` is not declared"));
            }
        }
    }

    pub(super) fn request_body(&mut self, body: &Value, at: &str) {
        let Some(body) = deref(self.doc, body) else { return };
        let Some(content) = body.get("content").and_then(Value::as_object) else {
            self.report(at, "a request body needs `content`");
            return;
        };
        let content_at = pointer_push(at, "content");
        for (media, m) in content {
            let m_at = pointer_push(&content_at, media);
            if media != JSON {
                self.report(m_at, format!("request body media type `{media}` is not supported; only `{JSON}` is"));
                continue;
            }
            self.media_schema(m, &m_at, "request body");
        }
    }

    /// The schema of a JSON body must be a `$ref` so that client and server share
    /// one named type; its examples must match it.
    pub(super) fn media_schema(&mut self, m: &Value, at: &str, what: &str) -> Option<String> {
        let schema = m.get("schema");
        let reference = schema.and_then(|s| s.get("$ref")).and_then(Value::as_str);
        match reference {
            Some(r) if r.starts_with("#/components/schemas/") && is_component_ref(r) => {}
            _ => {
                self.report(
                    pointer_push(at, "schema"),
                    format!("the {what} schema must be a `$ref` to #/components/schemas/..., or an inline schema of an operation with a usable operationId (named after it): the client and the server share one named type per body"),
                );
                return None;
            }
        }
        let schema = schema?;
        if let Some(example) = m.get("example") {
            self.example(schema, example, &pointer_push(at, "example"));
        }
        if let Some(examples) = m.get("examples").and_then(Value::as_object) {
            for (name, ex) in examples {
                let ex_at = pointer_push(&pointer_push(at, "examples"), name);
                let Some(ex) = deref(self.doc, ex) else { continue };
                if ex.get("externalValue").is_some() {
                    self.report(
                        pointer_push(&ex_at, "externalValue"),
                        "external example values are not supported; inline the value",
                    );
                }
                match ex.get("value") {
                    Some(value) => self.example(schema, value, &pointer_push(&ex_at, "value")),
                    None => self.report(ex_at, "example has no `value`"),
                }
            }
        }
        reference.map(str::to_owned)
    }

    pub(super) fn responses(&mut self, responses: Option<&Value>, at: &str) {
        let Some(responses) = responses.and_then(Value::as_object).filter(|r| !r.is_empty()) else {
            self.report(at, "an operation needs `responses`");
            return;
        };
        // status -> body schema ref (None = no body)
        let mut success: Vec<(String, Option<String>)> = Vec::new();
        let mut errors: Vec<(String, Option<String>)> = Vec::new();
        for (status, r) in responses {
            let r_at = pointer_push(at, status);
            let code = status.parse::<u16>().ok().filter(|c| (100..600).contains(c));
            let Some(code) = code else {
                let why = if status == "default" {
                    "`default` responses are not supported: list each status (progenitor panics on some `default` combinations)"
                } else {
                    "response keys must be HTTP status codes such as \"200\""
                };
                self.report(r_at, why);
                continue;
            };
            let redirect = REDIRECTS.contains(&code);
            if !(200..300).contains(&code) && code < 400 && !redirect {
                let why = match code {
                    300 => "a choice between representations has no typed answer",
                    304 => "conditional requests are not supported",
                    305 | 306 => "it is deprecated",
                    _ => "only 2xx, the redirects 301/302/303/307/308, and 4xx/5xx are",
                };
                self.report(r_at, format!("status {code} is not supported: {why}"));
                continue;
            }
            let Some(r) = deref(self.doc, r) else { continue };
            if redirect {
                let location = r
                    .get("headers")
                    .and_then(Value::as_object)
                    .is_some_and(|h| h.keys().any(|k| k.eq_ignore_ascii_case("location")));
                if !location {
                    self.report(
                        r_at.clone(),
                        format!("a {code} redirect must declare its `Location` header: it is the whole answer"),
                    );
                }
                if r.get("content").and_then(Value::as_object).is_some_and(|c| !c.is_empty()) {
                    self.report(
                        pointer_push(&r_at, "content"),
                        format!("a {code} redirect answers without a body here: the client follows no redirect and hands the caller the `Location`; drop the content"),
                    );
                }
            }
            let mut body = None;
            if let Some(content) = r.get("content").and_then(Value::as_object) {
                for (media, m) in content {
                    let m_at = pointer_push(&pointer_push(&r_at, "content"), media);
                    if media != JSON {
                        self.report(m_at, format!("response media type `{media}` is not supported; only `{JSON}` is (other types lose their typed body)"));
                        continue;
                    }
                    body = self.media_schema(m, &m_at, "response body");
                }
            }
            if let Some(headers) = r.get("headers").and_then(Value::as_object) {
                for name in headers.keys() {
                    if !name.eq_ignore_ascii_case("location") || !((200..300).contains(&code) || redirect) {
                        self.report(
                            pointer_push(&pointer_push(&r_at, "headers"), name),
                            format!(
                                "response header `{name}` is not supported; only `Location` on a 2xx or 3xx response is"
                            ),
                        );
                    }
                }
            }
            // A redirect is a success to the client: it gets the answer
            // (with the `Location`) instead of following it.
            if (200..300).contains(&code) || redirect {
                success.push((status.clone(), body));
            } else if code >= 400 {
                errors.push((status.clone(), body));
            }
        }
        if success.is_empty() {
            self.report(at, "an operation needs at least one 2xx or 3xx (redirect) response");
        }
        for (group, what) in [(&success, "success"), (&errors, "error")] {
            let distinct: BTreeSet<_> = group.iter().map(|(_, b)| b.clone()).collect();
            if distinct.len() > 1 {
                let listing: Vec<String> = group
                    .iter()
                    .map(|(s, b)| format!("{s}: {}", b.as_deref().map(short_ref).unwrap_or("no body")))
                    .collect();
                self.report(
                    at,
                    format!("several {what} body types in one operation ({}); progenitor needs one body type for all {what} statuses", listing.join(", ")),
                );
            }
        }
    }
}

/// The redirects an operation may document: each answered with a `Location`
/// and no body.
pub(crate) const REDIRECTS: [u16; 5] = [301, 302, 303, 307, 308];

/// Rust names taken by the operations seen so far, with the operationId and
/// the pointer of the first taker.
#[derive(Default)]
pub(super) struct SeenOperations {
    /// Methods and functions: the operationId in snake_case.
    methods: BTreeMap<String, (String, String)>,
    /// Types: the operationId in PascalCase (plus `Request`/`Response`).
    types: BTreeMap<String, (String, String)>,
}
