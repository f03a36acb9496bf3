//! Checks run on the raw document before any generator sees it.
//!
//! They catch two kinds of input: documents that break OpenAPI 3.0 in ways
//! `openapiv3` would report without a location, and constructs that
//! progenitor, typify or our server emitter cannot turn into correct code
//! (several of which make progenitor panic). Every finding carries the JSON
//! pointer of the node it is about.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToPascalCase, ToSnakeCase};
use serde_json::{Map, Value};

use crate::error::{Diagnostic, pointer_push};
use crate::load::kind_of;
use crate::schema::{self, deref, resolve_ref};

/// HTTP methods an OpenAPI path item may hold, in the order we visit them.
pub(crate) const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

const JSON: &str = "application/json";

/// Method names the generated client (progenitor's `Client`, the hand-written
/// constructors and helpers of `onezone-client`) and the server's `Auth`
/// supertrait already define. An operation named like one of them would
/// clash with it.
const RESERVED_METHODS: &[&str] = &[
    "new",
    "new_with_client",
    "baseurl",
    "client",
    "api_version",
    "builder",
    "anonymous",
    "with_basic_auth",
    "with_token",
    "with_bearer_token",
    "set_handle_service_group_privileges",
    "authenticate",
];

/// Traits the server emitter writes whatever the spec says; a tag's trait
/// (`<Tag>Api`) must not take one of these names.
const RESERVED_TRAITS: &[&str] = &["Auth", "OnezoneApi"];

/// Schema keywords the generated validators enforce (or that carry no rule).
const SCHEMA_KEYWORDS: &[&str] = &[
    "$ref",
    "type",
    "format",
    "title",
    "description",
    "properties",
    "required",
    "items",
    "enum",
    "oneOf",
    "additionalProperties",
    "minProperties",
    "nullable",
    "example",
    "externalDocs",
];

/// Runs every check; an empty result means the document may be generated.
pub(crate) fn lint(doc: &Value) -> Vec<Diagnostic> {
    let mut l = Lint { doc, out: Vec::new() };
    l.refs(doc, "");
    l.servers();
    let schemes = l.security_schemes();
    let tags = l.declared_tags();
    l.tag_names();
    if let Some(reqs) = doc.get("security") {
        l.security_requirements(reqs, "/security", &schemes);
    }
    l.schemas();
    l.paths(&schemes, &tags);
    l.out
}

struct Lint<'a> {
    doc: &'a Value,
    out: Vec<Diagnostic>,
}

impl<'a> Lint<'a> {
    fn report(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.out.push(Diagnostic::new(pointer, message));
    }

    /// Every `$ref` must be local and resolve, and ref chains must end.
    fn refs(&mut self, node: &Value, pointer: &str) {
        match node {
            Value::Object(map) => {
                if let Some(r) = map.get("$ref") {
                    let at = pointer_push(pointer, "$ref");
                    match r.as_str() {
                        Some(s) if !s.starts_with("#/") => self.report(
                            at,
                            format!(
                                "`$ref: {s}` points outside this document; only local references (#/...) are supported"
                            ),
                        ),
                        Some(s) if !is_component_ref(s) => self.report(
                            at,
                            format!("`$ref: {s}` must name a component, as in #/components/schemas/Name; references into other parts of the document are not supported"),
                        ),
                        Some(s) => match resolve_ref(self.doc, s) {
                            None => {
                                self.report(at, format!("`$ref: {s}` does not resolve to anything in this document"))
                            }
                            Some(_) if deref(self.doc, node).is_none() => {
                                self.report(at, format!("`$ref: {s}` is part of a reference cycle or a dangling chain"))
                            }
                            Some(_) => {}
                        },
                        None => self.report(at, "`$ref` must be a string"),
                    }
                }
                for (k, v) in map {
                    // Examples are data: a key named `$ref` in them is not a reference.
                    if k == "example" || k == "x-code-samples" {
                        continue;
                    }
                    if k == "examples" && !pointer.starts_with("/components/schemas") {
                        if let Some(examples) = v.as_object() {
                            let at = pointer_push(pointer, k);
                            for (name, ex) in examples {
                                if let Some(r) = ex.get("$ref") {
                                    let mut only_ref = Map::new();
                                    only_ref.insert("$ref".to_owned(), r.clone());
                                    self.refs(&Value::Object(only_ref), &pointer_push(&at, name));
                                }
                            }
                        }
                        continue;
                    }
                    self.refs(v, &pointer_push(pointer, k));
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    self.refs(v, &pointer_push(pointer, &i.to_string()));
                }
            }
            _ => {}
        }
    }

    fn servers(&mut self) {
        let Some(servers) = self.doc.get("servers") else { return };
        let Some(list) = servers.as_array() else {
            self.report("/servers", format!("`servers` must be a list, found {}", kind_of(servers)));
            return;
        };
        if list.len() > 1 {
            self.report(
                "/servers/1",
                "only one server entry is supported: its URL path is the base path of the generated client and router",
            );
        }
        if let Some(url) = list.first().and_then(|s| s.get("url")) {
            match url.as_str() {
                Some(u) if u.starts_with('/') => {
                    if u.len() > 1 && u.ends_with('/') {
                        self.report("/servers/0/url", "the base path must not end with `/`");
                    }
                    if let Some(c) = u.chars().find(|c| matches!(c, '{' | '}' | '?' | '#' | '%') || c.is_whitespace()) {
                        self.report(
                            "/servers/0/url",
                            format!("the base path must be a plain path: `{c}` is not allowed (server variables, queries and escapes are not supported)"),
                        );
                    }
                }
                _ => self.report(
                    "/servers/0/url",
                    "the server URL must be a base path such as `/api/v3/onezone`; the zone's host is given at run time",
                ),
            }
        }
    }

    fn security_schemes(&mut self) -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        let Some(schemes) = self.doc.pointer("/components/securitySchemes").and_then(Value::as_object) else {
            return names;
        };
        for (name, scheme) in schemes {
            let at = pointer_push("/components/securitySchemes", name);
            let Some(scheme) = deref(self.doc, scheme) else { continue };
            let ty = scheme.get("type").and_then(Value::as_str).unwrap_or("");
            let ok = match ty {
                "http" => matches!(
                    scheme.get("scheme").and_then(Value::as_str).map(str::to_ascii_lowercase).as_deref(),
                    Some("basic" | "bearer")
                ),
                "apiKey" => scheme.get("in").and_then(Value::as_str) == Some("header"),
                _ => false,
            };
            if ok {
                names.insert(name.clone());
            } else {
                self.report(
                    at,
                    format!("security scheme `{name}` is not supported: use http basic, http bearer or an apiKey in a header"),
                );
            }
        }
        names
    }

    /// Each tag names a server trait, `<Tag>Api`: it must be a Rust identifier,
    /// distinct from the other tags' traits and from the emitter's own traits.
    fn tag_names(&mut self) {
        let Some(tags) = self.doc.get("tags").and_then(Value::as_array) else { return };
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for (i, t) in tags.iter().enumerate() {
            let at = pointer_push(&pointer_push("/tags", &i.to_string()), "name");
            let Some(name) = t.get("name").and_then(Value::as_str) else {
                self.report(at, "a tag needs a string `name`");
                continue;
            };
            let trait_name = format!("{}Api", name.to_pascal_case());
            if let Some(why) = ident_problem(&trait_name) {
                self.report(at, format!("tag `{name}` gives the server trait `{trait_name}`, which {why}"));
            } else if RESERVED_TRAITS.contains(&trait_name.as_str()) {
                self.report(
                    at,
                    format!(
                        "tag `{name}` gives the server trait `{trait_name}`, a name the server emitter already uses"
                    ),
                );
            } else if let Some(first) = seen.get(&trait_name) {
                self.report(
                    at,
                    format!("tag `{name}` gives the server trait `{trait_name}`, as the tag at {first} does"),
                );
            } else {
                seen.insert(trait_name, at);
            }
        }
    }

    fn declared_tags(&mut self) -> BTreeSet<String> {
        self.doc
            .get("tags")
            .and_then(Value::as_array)
            .map(|tags| tags.iter().filter_map(|t| t.get("name")?.as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    }

    fn security_requirements(&mut self, reqs: &Value, pointer: &str, schemes: &BTreeSet<String>) {
        let Some(list) = reqs.as_array() else {
            self.report(pointer, "`security` must be a list of requirement objects");
            return;
        };
        for (i, req) in list.iter().enumerate() {
            let at = pointer_push(pointer, &i.to_string());
            let Some(req) = req.as_object() else {
                self.report(at, "a security requirement must be a mapping from scheme name to scopes");
                continue;
            };
            if req.len() > 1 {
                self.report(
                    at.clone(),
                    "a requirement naming several schemes at once (all of them needed) is not supported",
                );
            }
            for name in req.keys() {
                let known = schemes.contains(name)
                    || self.doc.pointer("/components/securitySchemes").and_then(|s| s.get(name)).is_some();
                if !known {
                    self.report(
                        pointer_push(&at, name),
                        format!("unknown security scheme `{name}`: it is not declared in components/securitySchemes"),
                    );
                }
            }
        }
    }

    fn schemas(&mut self) {
        let Some(schemas) = self.doc.pointer("/components/schemas").and_then(Value::as_object) else { return };
        let mut type_names: BTreeMap<String, String> = BTreeMap::new();
        for (name, s) in schemas {
            let at = pointer_push("/components/schemas", name);
            if !is_rust_friendly(name) {
                self.report(
                    at.clone(),
                    format!("schema name `{name}` must start with a letter and hold only letters, digits and `_`"),
                );
            } else {
                // The type is `name` in PascalCase; its validator and check
                // functions are `name` in snake_case.
                let (type_name, fn_name) = (name.to_pascal_case(), name.to_snake_case());
                if let Some(why) = ident_problem(&type_name).or_else(|| ident_problem(&fn_name)) {
                    self.report(
                        at.clone(),
                        format!(
                            "schema name `{name}` gives the Rust names `{type_name}` and `{fn_name}`; one of them {why}"
                        ),
                    );
                } else if let Some(first) = type_names.get(&type_name) {
                    self.report(
                        at.clone(),
                        format!("schema `{name}` gives the Rust type `{type_name}`, as {first} does"),
                    );
                } else {
                    type_names.insert(type_name, at.clone());
                }
            }
            self.schema(s, &at);
        }
    }

    /// Keyword support and example validity of one schema and its children.
    fn schema(&mut self, s: &Value, at: &str) {
        let Some(map) = s.as_object() else {
            self.report(at, format!("a schema must be a mapping, found {}", kind_of(s)));
            return;
        };
        if let Some(r) = map.get("$ref") {
            if let Some(r) = r.as_str().filter(|r| is_component_ref(r) && !r.starts_with("#/components/schemas/")) {
                self.report(
                    pointer_push(at, "$ref"),
                    format!("`$ref: {r}` stands where a schema belongs: it must point into #/components/schemas"),
                );
            }
            if map.len() > 1 && map.keys().any(|k| k != "$ref" && k != "description") {
                self.report(
                    at,
                    "keywords beside `$ref` are ignored in OpenAPI 3.0; move them into the referenced schema",
                );
            }
            return;
        }
        for key in map.keys() {
            if key.starts_with("x-") || SCHEMA_KEYWORDS.contains(&key.as_str()) {
                continue;
            }
            let hint = match key.as_str() {
                "discriminator" => {
                    "progenitor ignores `discriminator`; write a `oneOf` of inline objects whose tag property is a one-value enum"
                }
                "allOf" | "anyOf" | "not" => {
                    "it cannot be turned into one Rust type plus a validator; use `oneOf` or a plain object"
                }
                _ => "the generated validators could not enforce it",
            };
            self.report(pointer_push(at, key), format!("schema keyword `{key}` is not supported: {hint}"));
        }
        let ty = map.get("type").and_then(Value::as_str);
        if let Some(t) = map.get("type")
            && !matches!(ty, Some("object" | "array" | "string" | "integer" | "number" | "boolean"))
        {
            self.report(
                pointer_push(at, "type"),
                format!("`type` must be one of object, array, string, integer, number, boolean; found {t}"),
            );
        }
        if let Some(ap) = map.get("additionalProperties")
            && !ap.is_boolean()
        {
            self.report(
                pointer_push(at, "additionalProperties"),
                "only `additionalProperties: true|false` is supported",
            );
        }
        if ty == Some("array") && !map.contains_key("items") {
            self.report(at, "an array schema needs `items`");
        }
        let props = map.get("properties").and_then(Value::as_object);
        if let Some(required) = map.get("required").and_then(Value::as_array) {
            for (i, r) in required.iter().enumerate() {
                let listed = r.as_str().is_some_and(|r| props.is_some_and(|p| p.contains_key(r)));
                if !listed {
                    self.report(
                        pointer_push(&pointer_push(at, "required"), &i.to_string()),
                        format!("required property {r} is not declared in `properties`"),
                    );
                }
            }
        }
        if let Some(props) = props {
            let mut fields: BTreeMap<String, &str> = BTreeMap::new();
            for (name, p) in props {
                let p_at = pointer_push(&pointer_push(at, "properties"), name);
                if let Some(first) = fields.insert(field_name(name), name) {
                    self.report(
                        p_at.clone(),
                        format!("properties `{first}` and `{name}` give the same Rust field `{}`", field_name(name)),
                    );
                }
                self.schema(p, &p_at);
            }
        }
        if let Some(items) = map.get("items") {
            self.schema(items, &pointer_push(at, "items"));
        }
        if let Some(variants) = map.get("oneOf") {
            self.one_of(s, variants, &pointer_push(at, "oneOf"));
        }
        if let Some(example) = map.get("example") {
            self.example(s, example, &pointer_push(at, "example"));
        }
    }

    fn one_of(&mut self, s: &Value, variants: &Value, at: &str) {
        let Some(list) = variants.as_array().filter(|l| !l.is_empty()) else {
            self.report(at, "`oneOf` must be a non-empty list");
            return;
        };
        for (i, v) in list.iter().enumerate() {
            self.schema(v, &pointer_push(at, &i.to_string()));
        }
        let all_refs = list.iter().all(|v| v.get("$ref").is_some());
        let all_inline = list.iter().all(|v| v.get("$ref").is_none());
        if all_inline {
            match schema::tagged_union(self.doc, s) {
                None => self.report(
                    at,
                    "a `oneOf` of inline schemas must be a tagged union: every variant an object with the same required property declared as a one-value string enum",
                ),
                Some((tag, variants)) => self.tags_distinct(&tag, &variants, at),
            }
        } else if !all_refs && !all_inline {
            self.report(at, "mix of `$ref` and inline variants in `oneOf`: use only `$ref`s (untagged) or only inline objects (tagged)");
        }
    }

    /// typify turns a tagged union into `#[serde(tag = ...)]` only when each
    /// variant has its own tag value and the tag cannot be null; otherwise it
    /// falls back to an untagged enum, which decodes the first variant that
    /// fits and drops the other variants' fields.
    fn tags_distinct(&mut self, tag: &str, variants: &[(String, &Value)], at: &str) {
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, (value, variant)) in variants.iter().enumerate() {
            let v_at = pointer_push(at, &i.to_string());
            if let Some(first) = seen.insert(value, i) {
                self.report(
                    v_at.clone(),
                    format!(
                        "variants {first} and {i} both have `{tag}: {value}`; each variant needs its own tag value"
                    ),
                );
            }
            let nullable = variant
                .pointer(&pointer_push("/properties", tag))
                .and_then(|p| deref(self.doc, p))
                .and_then(|p| p.get("nullable"))
                .and_then(Value::as_bool);
            if nullable == Some(true) {
                self.report(
                    pointer_push(&pointer_push(&v_at, "properties"), tag),
                    format!("the tag property `{tag}` must not be nullable"),
                );
            }
        }
    }

    fn example(&mut self, schema_node: &Value, example: &Value, at: &str) {
        let mut violations = Vec::new();
        schema::validate(self.doc, schema_node, example, &mut violations);
        for v in violations {
            self.report(at, format!("example does not match its schema: {}", v.describe()));
        }
    }

    fn paths(&mut self, schemes: &BTreeSet<String>, tags: &BTreeSet<String>) {
        let Some(paths) = self.doc.get("paths").and_then(Value::as_object) else {
            self.report("", "the document has no `paths`");
            return;
        };
        let mut seen_ids: BTreeMap<String, (String, String)> = BTreeMap::new();
        for (path, item) in paths {
            let at = pointer_push("/paths", path);
            if !path.starts_with('/') {
                self.report(at.clone(), format!("path `{path}` must start with `/`"));
            }
            self.path_template(path, &at);
            if item.get("$ref").is_some() {
                self.report(
                    pointer_push(&at, "$ref"),
                    "path items given by `$ref` are not supported (progenitor rejects them)",
                );
                continue;
            }
            let Some(item) = item.as_object() else { continue };
            let shared_params = item.get("parameters");
            for method in METHODS {
                if let Some(op) = item.get(method) {
                    let op_at = pointer_push(&at, method);
                    self.operation(path, op, shared_params, &op_at, schemes, tags, &mut seen_ids);
                }
            }
        }
    }

    /// Template parameters fill whole segments and become Rust fields.
    fn path_template(&mut self, path: &str, at: &str) {
        let mut fields: BTreeMap<String, &str> = BTreeMap::new();
        for seg in path.split('/') {
            let Some(name) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else {
                if seg.contains(['{', '}']) {
                    self.report(at, format!("segment `{seg}` of `{path}`: a template parameter must fill a whole segment, as in `/{{id}}`"));
                }
                continue;
            };
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
    fn operation(
        &mut self,
        path: &str,
        op: &Value,
        shared_params: Option<&Value>,
        at: &str,
        schemes: &BTreeSet<String>,
        tags: &BTreeSet<String>,
        seen_ids: &mut BTreeMap<String, (String, String)>,
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
                } else if let Some(first) = seen_ids.get(&method) {
                    let what = if first.0 == id { format!("duplicate operationId `{id}`") } else { format!("operationId `{id}` gives the Rust method `{method}`, as `{}` does", first.0) };
                    self.report(id_at, format!("{what}: already used at {}", first.1));
                } else {
                    seen_ids.insert(method, (id.to_owned(), id_at));
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

    fn parameters(&mut self, path: &str, op: &Value, shared: Option<&Value>, at: &str) {
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

    fn request_body(&mut self, body: &Value, at: &str) {
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
    fn media_schema(&mut self, m: &Value, at: &str, what: &str) -> Option<String> {
        let schema = m.get("schema");
        let reference = schema.and_then(|s| s.get("$ref")).and_then(Value::as_str);
        match reference {
            Some(r) if r.starts_with("#/components/schemas/") && is_component_ref(r) => {}
            _ => {
                self.report(
                    pointer_push(at, "schema"),
                    format!("the {what} schema must be a `$ref` to #/components/schemas/...: inline schemas would give the client and the server different types"),
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

    fn responses(&mut self, responses: Option<&Value>, at: &str) {
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
            if !(200..300).contains(&code) && code < 400 {
                self.report(
                    r_at,
                    format!("status {code} is not supported: list 2xx statuses for success and 4xx/5xx for errors"),
                );
                continue;
            }
            let Some(r) = deref(self.doc, r) else { continue };
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
                    if !name.eq_ignore_ascii_case("location") || !(200..300).contains(&code) {
                        self.report(
                            pointer_push(&pointer_push(&r_at, "headers"), name),
                            format!("response header `{name}` is not supported; only `Location` on a 2xx response is"),
                        );
                    }
                }
            }
            if (200..300).contains(&code) {
                success.push((status.clone(), body));
            } else if code >= 400 {
                errors.push((status.clone(), body));
            }
        }
        if success.is_empty() {
            self.report(at, "an operation needs at least one 2xx response");
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

fn short_ref(r: &str) -> &str {
    r.rsplit('/').next().unwrap_or(r)
}

fn is_rust_friendly(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic()) && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `#/components/<section>/<name>`, nothing deeper: the only references the
/// generators follow to a named type, parameter, body, response or example.
fn is_component_ref(r: &str) -> bool {
    let mut parts = r.strip_prefix("#/components/").unwrap_or_default().split('/');
    matches!((parts.next(), parts.next(), parts.next()), (Some(section), Some(name), None) if !section.is_empty() && !name.is_empty())
}

/// Why `name` cannot be a Rust identifier, if it cannot (the generators would
/// otherwise panic building it, or emit code that does not compile).
fn ident_problem(name: &str) -> Option<&'static str> {
    if syn::parse_str::<syn::Ident>(name).is_ok() {
        None
    } else if name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        Some("is a Rust keyword")
    } else {
        Some("is not a Rust identifier")
    }
}

/// The Rust field typify gives a property: snake_case, a keyword gets a `_`.
fn field_name(property: &str) -> String {
    let f = property.to_snake_case();
    if ident_problem(&f).is_some() { format!("{f}_") } else { f }
}
