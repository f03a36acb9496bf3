//! `spec/onezone.yaml`, read at run time into what the checks need: per
//! operation its path parameters and their examples, its request body and
//! named examples, its documented success and error answers, and its code
//! samples; plus every `example`/`examples` node of the whole document, each
//! tied to the component schema whose Rust type must accept it.
//!
//! Nothing here knows an operation by name: a new operation, example or
//! sample in the spec is picked up as it is.

use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

/// The spec this crate checks by default: the workspace's
/// `spec/onezone.yaml`.
pub fn default_spec_path() -> PathBuf {
    workspace_root().join("spec").join("onezone.yaml")
}

/// The workspace root (the parent of this crate's folder).
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// Why the spec could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError(pub String);

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SpecError {}

/// An example with the name it has in its `examples` map (`example` for a
/// singular `example`) and the JSON pointer of its value.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedExample {
    /// Key in the `examples` map.
    pub name: String,
    /// The example value.
    pub value: Value,
    /// JSON pointer of the value in the spec.
    pub pointer: String,
}

/// The schema of a media type: a `$ref` to a component schema, or something
/// inline (which the conventions forbid).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaRef {
    /// `#/components/schemas/{0}`.
    Component(String),
    /// Not a reference to a component schema; the JSON pointer of the schema
    /// (or of the media type, when it has no schema).
    Inline(String),
}

impl SchemaRef {
    /// The component name, or a message saying why there is none.
    pub fn component(&self) -> Result<&str, String> {
        match self {
            SchemaRef::Component(name) => Ok(name),
            SchemaRef::Inline(pointer) => Err(format!(
                "{pointer} is not a $ref to #/components/schemas/…: there is no shared Rust type to check its examples against"
            )),
        }
    }
}

/// `application/json` content of a request body or a response.
#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    /// Its schema.
    pub schema: SchemaRef,
    /// Its examples, in spec order.
    pub examples: Vec<NamedExample>,
}

impl Content {
    /// Every example, `documented` first, then the others in spec order.
    pub fn documented_first(&self) -> Result<Vec<NamedExample>, String> {
        let documented = self.documented()?.clone();
        let others = self.examples.iter().filter(|e| e.name != "documented").cloned();
        Ok(std::iter::once(documented).chain(others).collect())
    }

    /// The example called `name`.
    pub fn example(&self, name: &str) -> Option<&NamedExample> {
        self.examples.iter().find(|e| e.name == name)
    }

    /// The `documented` example (the conventions put it first in every
    /// `examples` map).
    pub fn documented(&self) -> Result<&NamedExample, String> {
        self.example("documented").ok_or_else(|| {
            let names: Vec<&str> = self.examples.iter().map(|e| e.name.as_str()).collect();
            format!("no `documented` example (has {names:?})")
        })
    }
}

/// A path parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Its name, as in the path template.
    pub name: String,
    /// Its `example`, when that is a string.
    pub example: Option<String>,
}

/// The request body of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    /// `required: true`.
    pub required: bool,
    /// The `application/json` content; `Err` says why it is unusable.
    pub content: Result<Content, String>,
}

/// One documented response status.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Name of the shared response (`components/responses/{name}`) it refers
    /// to, if it is a `$ref`.
    pub shared: Option<String>,
    /// Example of its `Location` header, if it declares one.
    pub location: Option<String>,
    /// Its `application/json` content, if any; `Err` when it has content
    /// this suite cannot use.
    pub content: Option<Result<Content, String>>,
}

impl Response {
    /// The documented body: `None` for a response without content.
    pub fn documented_body(&self) -> Result<Option<Value>, String> {
        match &self.content {
            None => Ok(None),
            Some(Err(e)) => Err(e.clone()),
            Some(Ok(content)) => content.documented().map(|e| Some(e.value.clone())),
        }
    }

    /// Every named example of its body, `documented` first (empty without
    /// content).
    pub fn named_bodies(&self) -> Result<Vec<NamedExample>, String> {
        match &self.content {
            None => Ok(Vec::new()),
            Some(Err(e)) => Err(e.clone()),
            Some(Ok(content)) => content.documented_first(),
        }
    }

    /// Examples of its body (empty without content).
    pub fn examples(&self) -> &[NamedExample] {
        match &self.content {
            Some(Ok(content)) => &content.examples,
            _ => &[],
        }
    }
}

/// `label` of the curl lines in `x-code-samples`.
pub const CURL_LABEL: &str = "curl";
/// `label` of the `onezone-rest-cli` lines in `x-code-samples`.
pub const CLI_LABEL: &str = "onezone-rest-cli";

/// One entry of `x-code-samples`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    /// `label` (`curl`, `onezone-rest-cli`).
    pub label: String,
    /// `source`, one shell line.
    pub source: String,
}

/// Everything the checks need to know about one operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `operationId`.
    pub id: String,
    /// HTTP method, upper case.
    pub method: String,
    /// Path template relative to the base path, e.g. `/groups/{id}`.
    pub path: String,
    /// JSON pointer of the operation object.
    pub pointer: String,
    /// Whether it may be called without credentials.
    pub public: bool,
    /// `x-onedata-permissions`.
    pub permissions: Vec<String>,
    /// Path parameters, in the order they appear in the template.
    pub params: Vec<Param>,
    /// The request body, if the operation has one.
    pub request: Option<RequestBody>,
    /// Every documented status, in spec order.
    pub responses: Vec<Response>,
    /// `x-code-samples`.
    pub samples: Vec<Sample>,
    /// Problems found while reading it (each one fails the checks that need
    /// the broken part).
    pub problems: Vec<String>,
}

impl Operation {
    /// The first 2xx response.
    pub fn success(&self) -> Result<&Response, String> {
        self.responses
            .iter()
            .find(|r| (200..300).contains(&r.status))
            .ok_or_else(|| format!("{} documents no 2xx response", self.id))
    }

    /// Every documented 2xx status.
    pub fn success_statuses(&self) -> Vec<u16> {
        self.responses.iter().map(|r| r.status).filter(|s| (200..300).contains(s)).collect()
    }

    /// Every documented 4xx/5xx response.
    pub fn errors(&self) -> impl Iterator<Item = &Response> {
        self.responses.iter().filter(|r| r.status >= 400)
    }

    /// The path parameters with their examples, in path order.
    pub fn example_params(&self) -> Result<Vec<(String, String)>, String> {
        self.params
            .iter()
            .map(|p| match &p.example {
                Some(v) => Ok((p.name.clone(), v.clone())),
                None => Err(format!("path parameter `{}` of {} has no string example", p.name, self.id)),
            })
            .collect()
    }

    /// The documented request body: `Ok(None)` when the operation takes no
    /// body.
    pub fn documented_request(&self) -> Result<Option<Value>, String> {
        match &self.request {
            None => Ok(None),
            Some(body) => {
                let content = body.content.as_ref().map_err(Clone::clone)?;
                Ok(Some(content.documented()?.value.clone()))
            }
        }
    }

    /// Every named example of the request body, `documented` first: the
    /// bodies the wire checks send. Empty when the operation takes no body.
    pub fn request_examples(&self) -> Result<Vec<NamedExample>, String> {
        match &self.request {
            None => Ok(Vec::new()),
            Some(body) => body.content.as_ref().map_err(Clone::clone)?.documented_first(),
        }
    }

    /// The component schema of the request body.
    pub fn request_schema(&self) -> Result<Option<String>, String> {
        match &self.request {
            None => Ok(None),
            Some(body) => {
                let content = body.content.as_ref().map_err(Clone::clone)?;
                Ok(Some(content.schema.component()?.to_owned()))
            }
        }
    }

    /// The first code sample with this label.
    pub fn sample(&self, label: &str) -> Option<&Sample> {
        self.samples.iter().find(|s| s.label == label)
    }

    /// Every code sample with this label, in spec order.
    pub fn samples_labelled<'a>(&'a self, label: &'a str) -> impl Iterator<Item = &'a Sample> {
        self.samples.iter().filter(move |s| s.label == label)
    }

    /// The path template with each parameter replaced by `value(name)`.
    pub fn fill_path(&self, value: impl Fn(&str) -> String) -> String {
        let mut out = String::new();
        let mut rest = self.path.as_str();
        while let Some(start) = rest.find('{') {
            out.push_str(&rest[..start]);
            match rest[start..].find('}') {
                Some(len) => {
                    out.push_str(&value(&rest[start + 1..start + len]));
                    rest = &rest[start + len + 1..];
                }
                None => {
                    rest = &rest[start..];
                    break;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// Who owns an example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    /// An operation (by operationId).
    Operation(String),
    /// `components` (schemas and shared responses).
    Components,
}

/// What an example has to be checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The Rust type of this component schema.
    Schema(String),
    /// A parameter or header example: a plain string, nothing to decode.
    Scalar,
    /// An example this suite has no type for; the message says why.
    Unchecked(String),
}

/// One `example` or `examples` entry anywhere in the spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// JSON pointer of the value.
    pub pointer: String,
    /// The value.
    pub value: Value,
    /// Where it belongs.
    pub owner: Owner,
    /// What it must decode into.
    pub target: Target,
}

/// The spec, read.
#[derive(Debug, Clone)]
pub struct Spec {
    /// Where it was read from.
    pub source: PathBuf,
    /// The base path (`servers[0].url`), e.g. `/api/v3/onezone`.
    pub base_path: String,
    /// Every operation, in spec order.
    pub operations: Vec<Operation>,
    /// Every example of the document.
    pub examples: Vec<Example>,
    /// The whole document as JSON.
    pub root: Value,
}

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

impl Spec {
    /// Reads and interprets a spec file (YAML or JSON).
    pub fn load(path: &Path) -> Result<Spec, SpecError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| SpecError(format!("{}: cannot read the spec: {e}", path.display())))?;
        Self::parse(path, &text)
    }

    /// Reads the workspace's spec.
    pub fn load_default() -> Result<Spec, SpecError> {
        Self::load(&default_spec_path())
    }

    /// Interprets spec text; `source` is only used in messages.
    pub fn parse(source: &Path, text: &str) -> Result<Spec, SpecError> {
        // Read exactly as the generator reads it.
        let root = onezone_codegen::parse_document(text, &source.display().to_string())
            .map_err(|e| SpecError(e.to_string()))?;
        let base_path = root
            .pointer("/servers/0/url")
            .and_then(Value::as_str)
            .ok_or_else(|| SpecError(format!("{}: no servers[0].url (the base path)", source.display())))?
            .trim_end_matches('/')
            .to_owned();
        let paths = root
            .get("paths")
            .and_then(Value::as_object)
            .ok_or_else(|| SpecError(format!("{}: no `paths` object", source.display())))?;
        let global_public = is_public(root.get("security"));
        let mut operations = Vec::new();
        for (path, item) in paths {
            let item_pointer = format!("/paths/{}", escape(path));
            let (item, item_pointer) = resolve(&root, item, &item_pointer);
            let Some(item) = item.as_object() else { continue };
            for method in METHODS {
                if let Some(op) = item.get(method) {
                    let pointer = format!("{item_pointer}/{method}");
                    operations.push(read_operation(&root, path, method, item, op, &pointer, global_public));
                }
            }
        }
        let mut examples = Vec::new();
        collect_examples(&root, &root, "", &mut examples);
        Ok(Spec { source: source.to_path_buf(), base_path, operations, examples, root })
    }

    /// The operation with this operationId.
    pub fn operation(&self, id: &str) -> Option<&Operation> {
        self.operations.iter().find(|o| o.id == id)
    }

    /// A component schema by name.
    pub fn schema(&self, name: &str) -> Option<&Value> {
        self.root.pointer(&format!("/components/schemas/{}", escape(name)))
    }

    /// Names of the top-level properties of a component schema (`None` when
    /// it declares no `properties`, e.g. a `oneOf`).
    pub fn schema_properties(&self, name: &str) -> Option<Vec<String>> {
        let schema = self.schema(name)?;
        let (schema, _) = resolve(&self.root, schema, "");
        schema.get("properties").and_then(Value::as_object).map(|p| p.keys().cloned().collect())
    }

    /// What the generator's reference validator finds wrong with `value` as
    /// an instance of the component schema `schema` (Onedata error ids; empty
    /// when the schema accepts it). Independent of the generated types, so
    /// it can judge them.
    pub fn violations(&self, schema: &str, value: &Value) -> Vec<onezone_codegen::schema::Violation> {
        let reference = serde_json::json!({ "$ref": format!("#/components/schemas/{}", escape(schema)) });
        let mut out = Vec::new();
        onezone_codegen::schema::validate(&self.root, &reference, value, &mut out);
        out
    }

    /// Every component schema name, in spec order.
    pub fn schema_names(&self) -> Vec<String> {
        self.root
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// Examples owned by `owner`.
    pub fn examples_of(&self, owner: &Owner) -> Vec<&Example> {
        self.examples.iter().filter(|e| &e.owner == owner).collect()
    }
}

/// JSON pointer escaping of one token.
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Follows local `$ref`s (at most 16 hops) and returns the target with its
/// pointer.
pub fn resolve<'a>(root: &'a Value, value: &'a Value, pointer: &str) -> (&'a Value, String) {
    let mut current = value;
    let mut at = pointer.to_owned();
    for _ in 0..16 {
        match current.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
            Some(target) => match root.pointer(target) {
                Some(next) => {
                    current = next;
                    at = target.to_owned();
                }
                None => break,
            },
            None => break,
        }
    }
    (current, at)
}

fn is_public(security: Option<&Value>) -> bool {
    match security.and_then(Value::as_array) {
        None => true,
        Some(requirements) => {
            requirements.is_empty() || requirements.iter().any(|r| r.as_object().is_some_and(Map::is_empty))
        }
    }
}

fn template_params(path: &str) -> Vec<String> {
    path.split('/').filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}'))).map(str::to_owned).collect()
}

fn read_operation(
    root: &Value,
    path: &str,
    method: &str,
    item: &Map<String, Value>,
    op: &Value,
    pointer: &str,
    global_public: bool,
) -> Operation {
    let mut problems = Vec::new();
    let id = match op.get("operationId").and_then(Value::as_str) {
        Some(id) => id.to_owned(),
        None => {
            problems.push(format!("{pointer}: no operationId"));
            format!("{} {path}", method.to_uppercase())
        }
    };
    let public = match op.get("security") {
        Some(security) => is_public(Some(security)),
        None => global_public,
    };
    let permissions = op
        .get("x-onedata-permissions")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect())
        .unwrap_or_default();

    // Path parameters: the path item's, overridden by the operation's.
    let mut declared: Vec<(String, Option<String>)> = Vec::new();
    for (list, list_pointer) in [
        (item.get("parameters"), format!("{}/parameters", parent(pointer))),
        (op.get("parameters"), format!("{pointer}/parameters")),
    ] {
        for (i, p) in list.and_then(Value::as_array).into_iter().flatten().enumerate() {
            let (p, _) = resolve(root, p, &format!("{list_pointer}/{i}"));
            if p.get("in").and_then(Value::as_str) != Some("path") {
                continue;
            }
            let Some(name) = p.get("name").and_then(Value::as_str) else { continue };
            let example = p.get("example").and_then(Value::as_str).map(str::to_owned);
            declared.retain(|(n, _)| n != name);
            declared.push((name.to_owned(), example));
        }
    }
    let mut params = Vec::new();
    for name in template_params(path) {
        match declared.iter().find(|(n, _)| *n == name) {
            Some((_, example)) => params.push(Param { name, example: example.clone() }),
            None => {
                problems.push(format!("{pointer}: path parameter `{name}` is not declared"));
                params.push(Param { name, example: None });
            }
        }
    }

    let request = op.get("requestBody").map(|body| {
        let (body, body_pointer) = resolve(root, body, &format!("{pointer}/requestBody"));
        RequestBody {
            required: body.get("required").and_then(Value::as_bool).unwrap_or(false),
            content: read_content(root, body, &body_pointer)
                .unwrap_or_else(|| Err(format!("{body_pointer}: no application/json content"))),
        }
    });

    let mut responses = Vec::new();
    for (code, response) in op.get("responses").and_then(Value::as_object).into_iter().flatten() {
        let Ok(status) = code.parse::<u16>() else { continue };
        let response_pointer = format!("{pointer}/responses/{code}");
        let shared = response
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/responses/"))
            .map(unescape);
        let (response, response_pointer) = resolve(root, response, &response_pointer);
        let location = response.get("headers").and_then(Value::as_object).and_then(|headers| {
            headers.iter().find(|(name, _)| name.eq_ignore_ascii_case("location")).and_then(|(_, header)| {
                let (header, _) = resolve(root, header, "");
                header.get("example").and_then(Value::as_str).map(str::to_owned)
            })
        });
        let content = read_content(root, response, &response_pointer);
        responses.push(Response { status, shared, location, content });
    }

    // Every entry is judged: one the suite cannot read or has no check for
    // is a problem, not something to pass over.
    let mut samples = Vec::new();
    match op.get("x-code-samples") {
        None => {}
        Some(Value::Array(entries)) => {
            for (i, entry) in entries.iter().enumerate() {
                let field = |name: &str| entry.get(name).and_then(Value::as_str).map(str::to_owned);
                match (field("label"), field("source")) {
                    (Some(label), Some(source)) if label == CURL_LABEL || label == CLI_LABEL => {
                        samples.push(Sample { label, source })
                    }
                    (Some(label), Some(_)) => problems.push(format!(
                        "{pointer}/x-code-samples/{i}: label `{label}` has no check (only `{CURL_LABEL}` and \
                         `{CLI_LABEL}` are replayed)"
                    )),
                    _ => problems.push(format!("{pointer}/x-code-samples/{i}: needs a string `label` and `source`")),
                }
            }
        }
        Some(_) => problems.push(format!("{pointer}/x-code-samples: not a list")),
    }

    Operation {
        id,
        method: method.to_uppercase(),
        path: path.to_owned(),
        pointer: pointer.to_owned(),
        public,
        permissions,
        params,
        request,
        responses,
        samples,
        problems,
    }
}

fn parent(pointer: &str) -> &str {
    pointer.rsplit_once('/').map_or("", |(p, _)| p)
}

/// The `application/json` content of a request body or response; `None`
/// when it has no `content` at all.
fn read_content(root: &Value, holder: &Value, pointer: &str) -> Option<Result<Content, String>> {
    let content = holder.get("content")?.as_object()?;
    let Some(media) = content.get("application/json") else {
        let types: Vec<&String> = content.keys().collect();
        return Some(Err(format!("{pointer}/content: no application/json media type (has {types:?})")));
    };
    let media_pointer = format!("{pointer}/content/application~1json");
    let schema = media_schema(media, &media_pointer);
    Some(Ok(Content { schema, examples: media_examples(root, media, &media_pointer) }))
}

fn media_schema(media: &Value, media_pointer: &str) -> SchemaRef {
    match media.get("schema") {
        None => SchemaRef::Inline(media_pointer.to_owned()),
        Some(schema) => {
            match schema.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/")) {
                Some(name) if schema.as_object().is_some_and(|o| o.len() == 1) => SchemaRef::Component(unescape(name)),
                _ => SchemaRef::Inline(format!("{media_pointer}/schema")),
            }
        }
    }
}

fn media_examples(root: &Value, media: &Value, media_pointer: &str) -> Vec<NamedExample> {
    let mut out = Vec::new();
    if let Some(value) = media.get("example") {
        out.push(NamedExample {
            name: "example".into(),
            value: value.clone(),
            pointer: format!("{media_pointer}/example"),
        });
    }
    for (name, example) in media.get("examples").and_then(Value::as_object).into_iter().flatten() {
        let (example, at) = resolve(root, example, &format!("{media_pointer}/examples/{}", escape(name)));
        if let Some(value) = example.get("value") {
            out.push(NamedExample { name: name.clone(), value: value.clone(), pointer: format!("{at}/value") });
        }
    }
    out
}

/// Walks the whole document and records every `example` / `examples`
/// entry, classified by where it sits. Example values, enums and defaults
/// are not descended into; property maps are walked as maps of schemas, so a
/// property that happens to be called `example` is not mistaken for one.
fn collect_examples(root: &Value, node: &Value, pointer: &str, out: &mut Vec<Example>) {
    match node {
        Value::Object(map) => {
            for (key, value) in map {
                let child = format!("{pointer}/{}", escape(key));
                match key.as_str() {
                    "example" => out.push(classify(root, &child, value.clone())),
                    "examples" if value.is_object() => {
                        for (name, example) in value.as_object().into_iter().flatten() {
                            let at = format!("{child}/{}", escape(name));
                            let (example, _) = resolve(root, example, &at);
                            match example.get("value") {
                                Some(v) => out.push(classify(root, &format!("{at}/value"), v.clone())),
                                None => out.push(Example {
                                    pointer: at.clone(),
                                    value: Value::Null,
                                    owner: owner_of(root, &at),
                                    target: Target::Unchecked(format!("{at}: an example without a `value`")),
                                }),
                            }
                        }
                    }
                    "enum" | "default" | "x-code-samples" | "const" | "$ref" => {}
                    "properties" | "patternProperties" => {
                        for (name, schema) in value.as_object().into_iter().flatten() {
                            collect_examples(root, schema, &format!("{child}/{}", escape(name)), out);
                        }
                    }
                    _ => collect_examples(root, value, &child, out),
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect_examples(root, item, &format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// The operation (by operationId) or `components` an example belongs to.
fn owner_of(root: &Value, pointer: &str) -> Owner {
    let tokens: Vec<String> = pointer.split('/').skip(1).map(unescape).collect();
    if tokens.first().map(String::as_str) == Some("paths")
        && let (Some(path), Some(method)) = (tokens.get(1), tokens.get(2))
        && METHODS.contains(&method.as_str())
    {
        let id = root
            .pointer(&format!("/paths/{}/{method}/operationId", escape(path)))
            .and_then(Value::as_str)
            .map_or_else(|| format!("{} {path}", method.to_uppercase()), str::to_owned);
        return Owner::Operation(id);
    }
    Owner::Components
}

/// Where an example sits decides what it is checked against.
fn classify(root: &Value, pointer: &str, value: Value) -> Example {
    let tokens: Vec<String> = pointer.split('/').skip(1).map(unescape).collect();
    let t: Vec<&str> = tokens.iter().map(String::as_str).collect();
    let owner = owner_of(root, pointer);
    let target = match t.as_slice() {
        ["components", "schemas", name, "example"] => Target::Schema((*name).to_owned()),
        // An alternative of a oneOf/anyOf is a value of the union itself.
        ["components", "schemas", name, "oneOf" | "anyOf", _, "example"] => Target::Schema((*name).to_owned()),
        [.., "parameters", _, "example"] | [.., "headers", _, "example"] => {
            if value.is_string() {
                Target::Scalar
            } else {
                Target::Unchecked(format!("{pointer}: a parameter or header example that is not a string"))
            }
        }
        [.., "content", _, "example"] | [.., "content", _, "examples", _, "value"] => {
            let media_end = t.iter().rposition(|s| *s == "content").map_or(0, |i| i + 2);
            let media_pointer: String = t[..media_end].iter().map(|s| format!("/{}", escape(s))).collect();
            match root.pointer(&media_pointer).map(|m| media_schema(m, &media_pointer)) {
                Some(SchemaRef::Component(name)) => Target::Schema(name),
                Some(SchemaRef::Inline(at)) => Target::Unchecked(format!(
                    "{pointer}: its media type's schema ({at}) is not a $ref to #/components/schemas/…: \
                     there is no shared Rust type to check it against"
                )),
                None => Target::Unchecked(format!("{pointer}: media type not found")),
            }
        }
        _ => Target::Unchecked(format!(
            "{pointer}: an example of an inline schema (not a component schema, one of its oneOf/anyOf \
             alternatives, a media type, a parameter or a header): there is no shared Rust type to check it against"
        )),
    };
    Example { pointer: pointer.to_owned(), value, owner, target }
}
