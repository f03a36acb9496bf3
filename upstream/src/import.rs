//! The importer: a bundled Swagger 2.0 [`Document`] → one OpenAPI 3.0.3
//! document the generator takes, plus the list of the repairs applied.
//!
//! The conversion is mechanical; what it cannot carry over unchanged is
//! either repaired by a named rule ([`RuleId`], each application reported as
//! a [`Repair`] with its upstream pointer) or refused with a located
//! [`Error`]. The crate documentation lists the conversion and the rules.

mod rules;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use serde_json::{Map, Value};

use crate::build::{MAX_SCHEMA_DEPTH, SWAGGER_VALUE_KEYWORDS, deref};
use crate::error::Error;
use crate::model::{Api, Method};
use crate::parse::kind_of;
use crate::pointer;
use crate::read::{Dialect, Document, Location, MAX_NESTING_DEPTH};
use crate::scope::Scope;

pub use rules::RuleId;

/// The `x-` extensions the importer leaves out: they describe Onezone's
/// internals (`x-onedata-gri`, `x-onedata-auth-hint`, `x-onedata-datatype`,
/// `x-erlang-type`) or feed upstream's own generators and documentation
/// (`x-bash-codegen-description`, `x-onedata-oneof`, `x-onedata-subclasses`,
/// `x-discriminator`, `x-discriminator-value`), and nothing that reads
/// OpenAPI 3 reads them. `x-discriminator-value` is read first: the
/// `discriminator-mapping` rule states it as a `mapping` entry. Every other
/// extension (`x-onedata-permissions`, `x-code-samples`, `x-tagGroups`,
/// `x-logo`, …) is kept as upstream wrote it.
pub const DROPPED_EXTENSIONS: &[&str] = &[
    "x-onedata-gri",
    "x-onedata-auth-hint",
    "x-bash-codegen-description",
    "x-onedata-datatype",
    "x-onedata-subclasses",
    "x-onedata-oneof",
    "x-discriminator",
    "x-discriminator-value",
    "x-erlang-type",
];

/// The media type the `media-type-any` rule gives undeclared bodies.
const JSON: &str = "application/json";

/// One application of a repair rule.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Repair {
    /// The rule applied.
    pub rule: RuleId,
    /// The repaired node's pointer in the bundled upstream document (the
    /// pointers `drift` and `spec/deviations.yaml` use).
    pub upstream_pointer: String,
    /// The same node in the file it was read from.
    pub upstream: Location,
    /// The repaired node's pointer in the imported document.
    pub output_pointer: String,
    /// What was changed, with the values before and after.
    pub detail: String,
}

impl fmt::Display for Repair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} ({}): {}", self.rule, self.upstream_pointer, self.upstream, self.detail)
    }
}

/// An imported description.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The OpenAPI 3.0.3 document.
    pub document: Value,
    /// Every repair applied, in the order applied (operations in document
    /// order, then schemas in document order).
    pub repairs: Vec<Repair>,
    /// How many operations the document holds.
    pub operations: usize,
    /// How many named schemas (`components/schemas`) it holds.
    pub schemas: usize,
    /// Every example carried over as written.
    examples: Vec<ExampleSite>,
}

/// An example carried over as written, for `example-breaks-schema`.
#[derive(Debug, Clone, PartialEq)]
struct ExampleSite {
    /// Its pointer in the imported document.
    output: String,
    /// Its pointer in the bundled upstream document.
    upstream_pointer: String,
    /// The same in the file it was read from.
    upstream: Location,
}

impl Imported {
    /// How many times each rule was applied; rules never applied are absent.
    pub fn counts(&self) -> BTreeMap<RuleId, usize> {
        let mut out = BTreeMap::new();
        for r in &self.repairs {
            *out.entry(r.rule).or_insert(0) += 1;
        }
        out
    }

    /// Applies the rule `example-breaks-schema`, which needs a validator of
    /// examples this crate does not have (the generator's): `findings` are
    /// what it found wrong, each with the pointer of a node of
    /// [`Imported::document`]. Every example carried over from upstream (a
    /// schema's `example`, a response's example) that a finding names is
    /// left out of the document, with one repair saying why; findings
    /// naming anything else are ignored. Returns how many examples were
    /// left out.
    pub fn drop_broken_examples<'a>(&mut self, findings: impl IntoIterator<Item = (&'a str, &'a str)>) -> usize {
        let mut why: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (at, message) in findings {
            why.entry(at).or_default().push(message);
        }
        let mut dropped = 0;
        for site in &self.examples {
            let Some(messages) = why.get(site.output.as_str()) else { continue };
            let Some(mut segments) = pointer::segments(&site.output) else { continue };
            let Some(key) = segments.pop() else { continue };
            let parent = pointer::from_segments(segments.iter().map(String::as_str));
            let Some(Value::Object(holder)) = self.document.pointer_mut(&parent) else { continue };
            if holder.shift_remove(&key).is_none() {
                continue;
            }
            dropped += 1;
            self.repairs.push(Repair {
                rule: RuleId::ExampleBreaksSchema,
                upstream_pointer: site.upstream_pointer.clone(),
                upstream: site.upstream.clone(),
                output_pointer: site.output.clone(),
                detail: format!("left out: {}", messages.join("; ")),
            });
        }
        dropped
    }
}

/// Imports the operations of a Swagger 2.0 description that `scope`
/// contains, with the named schemas they reach (every schema for
/// [`Scope::all`]), as one OpenAPI 3.0.3 document.
///
/// Refuses, with the file and pointer: a document that is not Swagger 2.0;
/// what the operation model refuses in the operations in scope and the
/// schemas they reach ([`Api::from_document`]: `type: file`, `in: formData`,
/// tuple `items`, malformed nodes); schema references to anything but a
/// definition, also in what is carried over as written (descriptions,
/// examples, extensions); `collectionFormat: tsv`; a security scheme of
/// unknown type; and a definition name whose identifier form is taken.
pub fn import(doc: &Document, scope: &Scope) -> Result<Imported, Error> {
    if doc.dialect != Dialect::Swagger2 {
        return Err(doc.error_at("/openapi", "this is an OpenAPI 3 document already; the importer reads Swagger 2.0"));
    }
    // One reader decides what has no OpenAPI 3 form: the drift model.
    Api::from_document(doc, scope)?;
    Importer::new(doc)?.run(scope)
}

/// One operation of the upstream document.
pub(crate) struct Site<'d> {
    pub(crate) path: &'d str,
    pub(crate) method: Method,
    pub(crate) op: &'d Map<String, Value>,
    pub(crate) at: String,
    /// The path item's own parameters, with their pointer.
    shared: Option<(&'d Value, String)>,
}

/// `consumes`/`produces` declared at the root.
struct RootMedia {
    consumes: Option<Vec<String>>,
    produces: Option<Vec<String>>,
}

struct Importer<'d> {
    doc: &'d Document,
    root: &'d Map<String, Value>,
    definitions: &'d Map<String, Value>,
    /// Definition name → component name, for the names that change.
    renames: BTreeMap<String, String>,
    /// Operation pointer → its new operationId and why.
    new_ids: HashMap<String, (String, String)>,
    repairs: Vec<Repair>,
    examples: Vec<ExampleSite>,
}

static EMPTY: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);

impl<'d> Importer<'d> {
    fn new(doc: &'d Document) -> Result<Self, Error> {
        let root = object(doc, &doc.value, "", "the document")?;
        let definitions = match root.get("definitions") {
            Some(v) => object(doc, v, "/definitions", "`definitions`")?,
            None => &EMPTY,
        };
        Ok(Importer {
            doc,
            root,
            definitions,
            renames: BTreeMap::new(),
            new_ids: HashMap::new(),
            repairs: Vec::new(),
            examples: Vec::new(),
        })
    }

    /// Records an example carried over from `at` to `out`.
    fn example(&mut self, at: &str, out: &str) {
        self.examples.push(ExampleSite {
            output: out.to_owned(),
            upstream_pointer: at.to_owned(),
            upstream: self.doc.locate(at),
        });
    }

    fn repair(&mut self, rule: RuleId, at: &str, out: &str, detail: String) {
        self.repairs.push(Repair {
            rule,
            upstream_pointer: at.to_owned(),
            upstream: self.doc.locate(at),
            output_pointer: out.to_owned(),
            detail,
        });
    }

    fn run(mut self, scope: &Scope) -> Result<Imported, Error> {
        self.renames = rules::schema_names(self.doc, self.definitions)?;
        let sites = self.sites()?;
        self.new_ids = rules::duplicate_operation_ids(&sites);
        let media = RootMedia {
            consumes: self.opt_string_list(self.root, "", "consumes")?,
            produces: self.opt_string_list(self.root, "", "produces")?,
        };

        let mut paths = Map::new();
        // Each tag operations use, with the first operation using it.
        let mut used_tags: BTreeMap<String, String> = BTreeMap::new();
        let mut operations = 0;
        for site in sites.iter().filter(|s| scope.contains(s.path)) {
            let op = self.operation(site, &media)?;
            if let Some(tags) = op.get("tags").and_then(Value::as_array) {
                for tag in tags.iter().filter_map(Value::as_str) {
                    used_tags.entry(tag.to_owned()).or_insert_with(|| pointer::push(&site.at, "tags"));
                }
            }
            let item = paths.entry(site.path.to_owned()).or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(item) = item {
                item.insert(site.method.key().to_owned(), op);
            }
            operations += 1;
        }
        self.path_extensions(&mut paths)?;

        let included = self.included_schemas(scope, &paths);
        let mut schemas = Map::new();
        for (name, value) in self.definitions {
            if !included.contains(name) {
                continue;
            }
            let at = pointer::from_segments(["definitions", name]);
            let component = self.component_name(name).to_owned();
            let out = pointer::from_segments(["components", "schemas", &component]);
            if component != *name {
                self.repair(
                    RuleId::SchemaNameNotIdentifier,
                    &at,
                    &out,
                    format!("`{name}` is no identifier; the schema is `{component}` and every reference follows"),
                );
            }
            let converted = self.schema(value, &at, &out, 0)?;
            schemas.insert(component, converted);
        }
        let mappings = rules::discriminator_mappings(self.definitions, &included, &self.renames);
        for m in mappings {
            let parent = self.component_name(&m.parent).to_owned();
            let discriminator = schemas.get_mut(&parent).and_then(|s| s.get_mut("discriminator"));
            let Some(Value::Object(d)) = discriminator else { continue };
            let Value::Object(mapping) = d.entry("mapping").or_insert_with(|| Value::Object(Map::new())) else {
                continue;
            };
            mapping.insert(m.value.clone(), Value::String(m.target.clone()));
            let out = pointer::from_segments(["components", "schemas", &parent, "discriminator", "mapping", &m.value]);
            self.repair(RuleId::DiscriminatorMapping, &m.at, &out, m.detail);
        }

        let mut out = Map::new();
        out.insert("openapi".into(), Value::String("3.0.3".into()));
        if let Some(info) = self.root.get("info") {
            out.insert("info".into(), self.info(info)?);
        }
        if let Some(servers) = self.servers()? {
            out.insert("servers".into(), servers);
        }
        if let Some(security) = self.root.get("security") {
            out.insert("security".into(), self.verbatim(security, "/security")?);
        }
        if let Some(tags) = self.tags(&used_tags)? {
            out.insert("tags".into(), tags);
        }
        out.insert("paths".into(), Value::Object(paths));
        let mut components = Map::new();
        let schema_count = schemas.len();
        if !schemas.is_empty() {
            components.insert("schemas".into(), Value::Object(schemas));
        }
        if let Some(schemes) = self.security_schemes()? {
            components.insert("securitySchemes".into(), schemes);
        }
        if !components.is_empty() {
            out.insert("components".into(), Value::Object(components));
        }
        for (key, value) in self.root {
            match key.as_str() {
                "externalDocs" => {
                    out.insert(key.clone(), self.verbatim(value, &pointer::push("", key))?);
                }
                k if kept_extension(k) => {
                    out.insert(key.clone(), self.verbatim(value, &pointer::push("", key))?);
                }
                _ => {}
            }
        }
        // An example of a schema outside the scope is not in the document.
        let document = Value::Object(out);
        let examples = self.examples.into_iter().filter(|e| document.pointer(&e.output).is_some()).collect();
        Ok(Imported { document, repairs: self.repairs, operations, schemas: schema_count, examples })
    }

    /// Every operation of the document, in document order.
    fn sites(&self) -> Result<Vec<Site<'d>>, Error> {
        let doc: &'d Document = self.doc;
        let mut out = Vec::new();
        let Some(paths) = self.root.get("paths") else { return Ok(out) };
        for (path, item) in object(doc, paths, "/paths", "`paths`")? {
            if path.starts_with("x-") {
                continue;
            }
            let (item, item_at) = deref(doc, item, pointer::from_segments(["paths", path]))?;
            let item = object(doc, item, &item_at, "a path item")?;
            let shared = item.get("parameters").map(|v| (v, pointer::push(&item_at, "parameters")));
            for (key, op) in item {
                let Some(method) = Method::from_key(key) else { continue };
                let at = pointer::push(&item_at, key);
                let op = object(doc, op, &at, "an operation")?;
                out.push(Site { path, method, op, at, shared: shared.clone() });
            }
        }
        Ok(out)
    }

    /// The `x-` keys of the path items in scope that hold an operation.
    /// (Extensions beside the paths, in `paths` itself, are left out: tools
    /// read every key there as a path.)
    fn path_extensions(&self, paths: &mut Map<String, Value>) -> Result<(), Error> {
        let Some(upstream) = self.root.get("paths").and_then(Value::as_object) else { return Ok(()) };
        for (path, item) in upstream {
            let Some(Value::Object(out)) = paths.get_mut(path) else { continue };
            let (item, item_at) = deref(self.doc, item, pointer::from_segments(["paths", path]))?;
            for (key, value) in item.as_object().into_iter().flatten() {
                if kept_extension(key) {
                    out.insert(key.clone(), self.verbatim(value, &pointer::push(&item_at, key))?);
                }
            }
        }
        Ok(())
    }

    fn operation(&mut self, site: &Site<'d>, media: &RootMedia) -> Result<Value, Error> {
        let doc: &'d Document = self.doc;
        let (op, at) = (site.op, site.at.as_str());
        let op_out = pointer::from_segments(["paths", site.path, site.method.key()]);

        // Path-level parameters first, replaced by operation-level ones with
        // the same name and location; all of them end up on the operation.
        let mut merged: Vec<(&'d Map<String, Value>, String)> = Vec::new();
        let own = op.get("parameters").map(|v| (v, pointer::push(at, "parameters")));
        for (list, list_at) in site.shared.iter().cloned().chain(own) {
            for (i, p) in self.list(list, &list_at)?.iter().enumerate() {
                let (p, p_at) = deref(doc, p, pointer::push(&list_at, &i.to_string()))?;
                let pm = object(doc, p, &p_at, "a parameter")?;
                let identity = (pm.get("in"), pm.get("name"));
                match merged.iter_mut().find(|(m, _)| (m.get("in"), m.get("name")) == identity) {
                    Some(slot) => *slot = (pm, p_at),
                    None => merged.push((pm, p_at)),
                }
            }
        }
        let mut parameters = Vec::new();
        let mut body: Option<Value> = None;
        for (pm, p_at) in merged {
            match pm.get("in").and_then(Value::as_str) {
                Some("body") => {
                    if body.is_some() {
                        return Err(doc.error_at(&p_at, "a second body parameter; an operation has one body"));
                    }
                    body = Some(self.request_body(pm, &p_at, op, at, &pointer::push(&op_out, "requestBody"), media)?);
                }
                Some("formData") => {
                    return Err(doc.error_at(
                        &pointer::push(&p_at, "in"),
                        "`in: formData` parameters (form or multipart bodies) are not supported",
                    ));
                }
                Some(_) => {
                    let p_out = under(&op_out, ["parameters", &parameters.len().to_string()]);
                    parameters.push(self.parameter(pm, &p_at, &p_out)?);
                }
                None => return Err(doc.error_at(&p_at, "a parameter needs `in`")),
            }
        }

        let mut out = Map::new();
        for key in ["tags", "summary", "description", "externalDocs", "operationId"] {
            if let Some(v) = op.get(key) {
                out.insert(key.into(), self.verbatim(v, &pointer::push(at, key))?);
            }
        }
        if let Some((new_id, detail)) = self.new_ids.get(at).cloned() {
            out.insert("operationId".into(), Value::String(new_id));
            let id_at = pointer::push(at, "operationId");
            self.repair(RuleId::DuplicateOperationId, &id_at, &pointer::push(&op_out, "operationId"), detail);
        }
        if !parameters.is_empty() {
            out.insert("parameters".into(), Value::Array(parameters));
        }
        if let Some(body) = body {
            out.insert("requestBody".into(), body);
        }
        if let Some(responses) = op.get("responses") {
            out.insert("responses".into(), self.responses(responses, op, at, &op_out, media)?);
        }
        for key in ["deprecated", "security"] {
            if let Some(v) = op.get(key) {
                out.insert(key.into(), self.verbatim(v, &pointer::push(at, key))?);
            }
        }
        if !op.contains_key("security")
            && let Some(signal) = rules::public_signal(op)
        {
            out.insert("security".into(), Value::Array(Vec::new()));
            self.repair(
                RuleId::PublicOperationSecurity,
                at,
                &pointer::push(&op_out, "security"),
                format!("{signal}, yet it inherits the global security requirement: `security: []` added"),
            );
        }
        for (key, value) in op {
            if kept_extension(key) {
                out.insert(key.clone(), self.verbatim(value, &pointer::push(at, key))?);
            }
        }
        Ok(Value::Object(out))
    }

    /// A path, query, header or cookie parameter: its value keywords become
    /// its `schema`, `collectionFormat` its `style`/`explode`.
    fn parameter(&mut self, pm: &'d Map<String, Value>, at: &str, p_out: &str) -> Result<Value, Error> {
        let mut out = Map::new();
        for key in ["name", "in", "description", "required", "deprecated", "allowEmptyValue"] {
            if let Some(v) = pm.get(key) {
                out.insert(key.into(), self.verbatim(v, &pointer::push(at, key))?);
            }
        }
        let location = pm.get("in").and_then(Value::as_str).unwrap_or("");
        let is_array = pm.get("type").and_then(Value::as_str) == Some("array");
        if is_array {
            let format = match pm.get("collectionFormat") {
                None => "csv",
                Some(Value::String(f)) => f.as_str(),
                Some(other) => {
                    return Err(self.doc.error_at(
                        &pointer::push(at, "collectionFormat"),
                        format!("`collectionFormat` must be a string, found {}", kind_of(other)),
                    ));
                }
            };
            let style = match (format, location) {
                ("csv", "query" | "cookie") => Some(("form", false)),
                ("csv", _) => None,
                ("multi", "query" | "cookie") => Some(("form", true)),
                ("ssv", "query") => Some(("spaceDelimited", false)),
                ("pipes", "query") => Some(("pipeDelimited", false)),
                _ => {
                    return Err(self.doc.error_at(
                        &pointer::push(at, "collectionFormat"),
                        format!("`collectionFormat: {format}` in a {location} parameter has no OpenAPI 3 form"),
                    ));
                }
            };
            if let Some((style, explode)) = style {
                out.insert("style".into(), Value::String(style.into()));
                out.insert("explode".into(), Value::Bool(explode));
            }
        }
        out.insert("schema".into(), self.value_schema(pm, at, &pointer::push(p_out, "schema"), 0)?);
        for (key, value) in pm {
            if kept_extension(key) {
                out.insert(key.clone(), self.verbatim(value, &pointer::push(at, key))?);
            }
        }
        Ok(Value::Object(out))
    }

    /// The schema of a Swagger 2.0 parameter, header or `items` object: its
    /// value keywords (`type`, `format`, `items`, `enum`, `default`, limits).
    fn value_schema(
        &mut self,
        map: &'d Map<String, Value>,
        at: &str,
        out_at: &str,
        depth: usize,
    ) -> Result<Value, Error> {
        if depth > MAX_SCHEMA_DEPTH {
            return Err(self.doc.error_at(at, format!("`items` nest more than {MAX_SCHEMA_DEPTH} deep")));
        }
        let mut out = Map::new();
        for (key, value) in map {
            if !SWAGGER_VALUE_KEYWORDS.contains(&key.as_str()) {
                continue;
            }
            let k_at = pointer::push(at, key);
            match key.as_str() {
                "type" => {
                    out.insert(key.clone(), self.schema_type(value, &k_at)?);
                }
                "items" => {
                    let im = object(self.doc, value, &k_at, "`items`")?;
                    let k_out = pointer::push(out_at, key);
                    let items = if im.contains_key("$ref") {
                        self.schema(value, &k_at, &k_out, depth + 1)?
                    } else {
                        self.value_schema(im, &k_at, &k_out, depth + 1)?
                    };
                    out.insert(key.clone(), items);
                }
                "x-nullable" => self.nullable(map, value, &k_at, &mut out)?,
                _ => {
                    out.insert(key.clone(), self.verbatim(value, &k_at)?);
                }
            }
        }
        Ok(Value::Object(out))
    }

    fn request_body(
        &mut self,
        pm: &'d Map<String, Value>,
        at: &str,
        op: &'d Map<String, Value>,
        op_at: &str,
        body_out: &str,
        media: &RootMedia,
    ) -> Result<Value, Error> {
        let Some(schema) = pm.get("schema") else {
            return Err(self.doc.error_at(at, "a body parameter needs a `schema`"));
        };
        let types = match self.declared_media(op, op_at, "consumes", media.consumes.as_ref())? {
            Some(types) => types,
            None => {
                self.repair(
                    RuleId::MediaTypeAny,
                    at,
                    &pointer::push(body_out, "content"),
                    format!(
                        "no `consumes` on the operation or at the root (any media type): the request body is {JSON}"
                    ),
                );
                vec![JSON.to_owned()]
            }
        };
        let first = types.first().map_or(JSON, String::as_str);
        let schema_out = under(body_out, ["content", first, "schema"]);
        let schema = self.schema(schema, &pointer::push(at, "schema"), &schema_out, 0)?;
        let mut out = Map::new();
        if let Some(d) = pm.get("description") {
            out.insert("description".into(), self.verbatim(d, &pointer::push(at, "description"))?);
        }
        let content: Map<String, Value> = types
            .into_iter()
            .map(|t| (t, Value::Object(Map::from_iter([("schema".to_owned(), schema.clone())]))))
            .collect();
        out.insert("content".into(), Value::Object(content));
        if pm.get("required") == Some(&Value::Bool(true)) {
            out.insert("required".into(), Value::Bool(true));
        }
        for (key, value) in pm {
            if kept_extension(key) {
                out.insert(key.clone(), self.verbatim(value, &pointer::push(at, key))?);
            }
        }
        Ok(Value::Object(out))
    }

    /// `consumes`/`produces` of the operation, else of the root; `None` when
    /// neither declares a media type.
    fn declared_media(
        &self,
        op: &'d Map<String, Value>,
        op_at: &str,
        key: &str,
        root: Option<&Vec<String>>,
    ) -> Result<Option<Vec<String>>, Error> {
        let declared = match self.opt_string_list(op, op_at, key)? {
            Some(list) => Some(list),
            None => root.cloned(),
        };
        Ok(declared.filter(|l| !l.is_empty()))
    }

    fn responses(
        &mut self,
        responses: &'d Value,
        op: &'d Map<String, Value>,
        op_at: &str,
        op_out: &str,
        media: &RootMedia,
    ) -> Result<Value, Error> {
        let doc: &'d Document = self.doc;
        let at = pointer::push(op_at, "responses");
        let out_at = pointer::push(op_out, "responses");
        let responses = object(doc, responses, &at, "`responses`")?;
        let mut resolved = Vec::new();
        for (status, r) in responses {
            if status.starts_with("x-") {
                continue;
            }
            let (r, r_at) = deref(doc, r, pointer::push(&at, status))?;
            resolved.push((status, object(doc, r, &r_at, "a response")?, r_at));
        }
        let with_body: Vec<&str> =
            resolved.iter().filter(|(_, r, _)| r.contains_key("schema")).map(|(s, _, _)| s.as_str()).collect();
        let types = match self.declared_media(op, op_at, "produces", media.produces.as_ref())? {
            Some(types) => types,
            None if with_body.is_empty() => Vec::new(),
            None => {
                self.repair(
                    RuleId::MediaTypeAny,
                    &at,
                    &out_at,
                    format!(
                        "no `produces` on the operation or at the root (any media type): {} {} {} {JSON}",
                        if with_body.len() == 1 { "the body of response" } else { "the bodies of responses" },
                        with_body.join(", "),
                        if with_body.len() == 1 { "is" } else { "are" },
                    ),
                );
                vec![JSON.to_owned()]
            }
        };
        let mut out = Map::new();
        let mut resolved = resolved.into_iter();
        for (status, value) in responses {
            if status.starts_with("x-") {
                if kept_extension(status) {
                    out.insert(status.clone(), self.verbatim(value, &pointer::push(&at, status))?);
                }
                continue;
            }
            let Some((_, r, r_at)) = resolved.next() else { break };
            let r_out = pointer::push(&out_at, status);
            let error_types;
            let types = match rules::error_body_types(status, r, &types) {
                Some((json, detail)) => {
                    self.repair(RuleId::ErrorBodyMediaType, &r_at, &r_out, detail);
                    error_types = json;
                    &error_types
                }
                None => &types,
            };
            out.insert(status.clone(), self.response(r, &r_at, &r_out, types)?);
        }
        Ok(Value::Object(out))
    }

    fn response(&mut self, r: &'d Map<String, Value>, at: &str, r_out: &str, types: &[String]) -> Result<Value, Error> {
        let doc: &'d Document = self.doc;
        let mut out = Map::new();
        if let Some(d) = r.get("description") {
            out.insert("description".into(), self.verbatim(d, &pointer::push(at, "description"))?);
        }
        if let Some(headers) = r.get("headers") {
            let h_at = pointer::push(at, "headers");
            let mut converted = Map::new();
            for (name, header) in object(doc, headers, &h_at, "`headers`")? {
                let (header, one_at) = deref(doc, header, pointer::push(&h_at, name))?;
                let hm = object(doc, header, &one_at, "a header")?;
                let mut h = Map::new();
                if let Some(d) = hm.get("description") {
                    h.insert("description".into(), self.verbatim(d, &pointer::push(&one_at, "description"))?);
                }
                let h_out = under(r_out, ["headers", name, "schema"]);
                h.insert("schema".into(), self.value_schema(hm, &one_at, &h_out, 0)?);
                for (key, value) in hm {
                    if kept_extension(key) {
                        h.insert(key.clone(), self.verbatim(value, &pointer::push(&one_at, key))?);
                    }
                }
                converted.insert(name.clone(), Value::Object(h));
            }
            out.insert("headers".into(), Value::Object(converted));
        }
        if let Some(schema) = r.get("schema") {
            let first = types.first().map_or(JSON, String::as_str);
            let schema_out = under(r_out, ["content", first, "schema"]);
            let schema = self.schema(schema, &pointer::push(at, "schema"), &schema_out, 0)?;
            let mut content: Map<String, Value> = types
                .iter()
                .map(|t| (t.clone(), Value::Object(Map::from_iter([("schema".to_owned(), schema.clone())]))))
                .collect();
            if let Some(examples) = r.get("examples") {
                let e_at = pointer::push(at, "examples");
                // An example of a type the operation does not produce would
                // add that type to the API; it is left out.
                for (media_type, example) in object(doc, examples, &e_at, "`examples`")? {
                    if let Some(Value::Object(entry)) = content.get_mut(media_type) {
                        let one_at = pointer::push(&e_at, media_type);
                        entry.insert("example".into(), self.verbatim(example, &one_at)?);
                        self.example(&one_at, &under(r_out, ["content", media_type, "example"]));
                    }
                }
            }
            out.insert("content".into(), Value::Object(content));
        }
        for (key, value) in r {
            if kept_extension(key) {
                out.insert(key.clone(), self.verbatim(value, &pointer::push(at, key))?);
            }
        }
        Ok(Value::Object(out))
    }

    /// A schema: references rewritten to `components/schemas`, `x-nullable`
    /// as `nullable`, a `discriminator` property name as an object, `required`
    /// names without a property dropped, internal extensions left out.
    fn schema(&mut self, value: &'d Value, at: &str, out_at: &str, depth: usize) -> Result<Value, Error> {
        let doc: &'d Document = self.doc;
        if depth > MAX_SCHEMA_DEPTH {
            return Err(doc.error_at(at, format!("schemas nest more than {MAX_SCHEMA_DEPTH} deep")));
        }
        let map = object(doc, value, at, "a schema")?;
        let mut out = Map::new();
        if let Some(reference) = map.get("$ref") {
            let r_at = pointer::push(at, "$ref");
            let Some(reference) = reference.as_str() else {
                return Err(doc.error_at(&r_at, format!("`$ref` must be a string, found {}", kind_of(reference))));
            };
            out.insert("$ref".into(), Value::String(self.schema_reference(reference, &r_at)?));
            // OpenAPI 3.0 ignores a reference's siblings; they are kept as written.
            for (key, value) in map {
                if key != "$ref" && !DROPPED_EXTENSIONS.contains(&key.as_str()) {
                    out.insert(key.clone(), self.verbatim(value, &pointer::push(at, key))?);
                }
            }
            return Ok(Value::Object(out));
        }
        let mut unknown = Vec::new();
        for (key, value) in map {
            let (k_at, k_out) = (pointer::push(at, key), pointer::push(out_at, key));
            match key.as_str() {
                "type" => {
                    out.insert(key.clone(), self.schema_type(value, &k_at)?);
                }
                "x-nullable" => self.nullable(map, value, &k_at, &mut out)?,
                "discriminator" => {
                    let d = match value {
                        Value::String(name) => {
                            Value::Object(Map::from_iter([("propertyName".to_owned(), Value::String(name.clone()))]))
                        }
                        Value::Object(_) => self.verbatim(value, &k_at)?,
                        other => {
                            return Err(doc.error_at(
                                &k_at,
                                format!("`discriminator` must be a property name, found {}", kind_of(other)),
                            ));
                        }
                    };
                    out.insert(key.clone(), d);
                }
                "properties" => {
                    let mut props = Map::new();
                    for (name, p) in object(doc, value, &k_at, "`properties`")? {
                        let (p_at, p_out) = (pointer::push(&k_at, name), pointer::push(&k_out, name));
                        props.insert(name.clone(), self.schema(p, &p_at, &p_out, depth + 1)?);
                    }
                    out.insert(key.clone(), Value::Object(props));
                }
                "items" => {
                    if value.is_array() {
                        return Err(doc.error_at(&k_at, "tuple `items` (a list of schemas) has no OpenAPI 3.0 form"));
                    }
                    out.insert(key.clone(), self.schema(value, &k_at, &k_out, depth + 1)?);
                }
                "not" => {
                    out.insert(key.clone(), self.schema(value, &k_at, &k_out, depth + 1)?);
                }
                "allOf" | "oneOf" | "anyOf" => {
                    let mut members = Vec::new();
                    for (i, m) in self.list(value, &k_at)?.iter().enumerate() {
                        let i = i.to_string();
                        members.push(self.schema(
                            m,
                            &pointer::push(&k_at, &i),
                            &pointer::push(&k_out, &i),
                            depth + 1,
                        )?);
                    }
                    out.insert(key.clone(), Value::Array(members));
                }
                "additionalProperties" => {
                    let v = match value {
                        Value::Bool(_) => value.clone(),
                        _ => self.schema(value, &k_at, &k_out, depth + 1)?,
                    };
                    out.insert(key.clone(), v);
                }
                "required" => {
                    let names = rules::required_names(self.definitions, map, self.doc.string_list(value, &k_at)?);
                    if names.repaired() {
                        self.repair(RuleId::RequiredWithoutProperty, &k_at, &k_out, names.detail());
                    }
                    if !names.kept.is_empty() {
                        out.insert(key.clone(), Value::Array(names.kept.into_iter().map(Value::String).collect()));
                    }
                }
                k if DROPPED_EXTENSIONS.contains(&k) => {}
                k if k.starts_with("x-") || rules::SCHEMA_KEYWORDS.contains(&k) => {
                    out.insert(key.clone(), self.verbatim(value, &k_at)?);
                    if k == "example" {
                        self.example(&k_at, &k_out);
                    }
                }
                _ => unknown.push(key.as_str()),
            }
        }
        if !unknown.is_empty() {
            let detail = rules::unknown_keywords_detail(&unknown);
            self.repair(RuleId::UnknownSchemaKeyword, at, out_at, detail);
        }
        if let Some((kept, detail)) = rules::enum_values_of_type(&out) {
            match kept {
                Some(values) => out.insert("enum".into(), Value::Array(values)),
                None => out.shift_remove("enum"),
            };
            self.repair(RuleId::EnumValueNotOfType, &pointer::push(at, "enum"), &pointer::push(out_at, "enum"), detail);
        }
        Ok(Value::Object(out))
    }

    /// A node carried over as written. The reader left the local references
    /// in it as they were: one to a definition is rewritten like any other;
    /// one to anything else would point into a layout the output does not
    /// have, and is refused.
    fn verbatim(&self, value: &Value, at: &str) -> Result<Value, Error> {
        self.verbatim_at(value, at, 0)
    }

    fn verbatim_at(&self, value: &Value, at: &str, depth: usize) -> Result<Value, Error> {
        if depth > MAX_NESTING_DEPTH {
            return Err(self.doc.error_at(at, format!("nests more than {MAX_NESTING_DEPTH} levels deep")));
        }
        Ok(match value {
            Value::Object(map) => {
                let mut out = Map::with_capacity(map.len());
                for (key, child) in map {
                    let k_at = pointer::push(at, key);
                    let converted = match child {
                        Value::String(reference) if key == "$ref" => {
                            if !reference.starts_with("#/definitions/") {
                                return Err(self.doc.error_at(
                                    &k_at,
                                    format!("`{reference}`: only a reference to a definition can be carried over here"),
                                ));
                            }
                            Value::String(self.schema_reference(reference, &k_at)?)
                        }
                        _ => self.verbatim_at(child, &k_at, depth + 1)?,
                    };
                    out.insert(key.clone(), converted);
                }
                Value::Object(out)
            }
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| self.verbatim_at(item, &pointer::push(at, &i.to_string()), depth + 1))
                    .collect::<Result<_, _>>()?,
            ),
            other => other.clone(),
        })
    }

    fn schema_type(&self, value: &Value, at: &str) -> Result<Value, Error> {
        match value {
            Value::String(t) if t == "file" => Err(self.doc.error_at(
                at,
                "`type: file` (a Swagger 2.0 file upload or download) has no OpenAPI 3 schema form here",
            )),
            Value::String(_) => Ok(value.clone()),
            other => Err(self.doc.error_at(at, format!("`type` must be a string, found {}", kind_of(other)))),
        }
    }

    /// `x-nullable: b` → `nullable: b`, unless `nullable` is written too.
    fn nullable(
        &self,
        map: &Map<String, Value>,
        value: &Value,
        at: &str,
        out: &mut Map<String, Value>,
    ) -> Result<(), Error> {
        if !value.is_boolean() {
            return Err(self.doc.error_at(at, format!("`x-nullable` must be a boolean, found {}", kind_of(value))));
        }
        if !map.contains_key("nullable") {
            out.insert("nullable".into(), value.clone());
        }
        Ok(())
    }

    /// `#/definitions/Name[/…]` → `#/components/schemas/<component name>[/…]`.
    fn schema_reference(&self, reference: &str, at: &str) -> Result<String, Error> {
        let Some(rest) = reference.strip_prefix("#/definitions/") else {
            return Err(self.doc.error_at(
                at,
                format!("`{reference}`: a schema reference must name a definition, `#/definitions/<Name>`"),
            ));
        };
        let (first, tail) = match rest.split_once('/') {
            Some((first, tail)) => (first, Some(tail)),
            None => (rest, None),
        };
        let name = rules::definition_name(first)
            .filter(|n| self.definitions.contains_key(n))
            .ok_or_else(|| self.doc.error_at(at, format!("`{reference}` names no definition")))?;
        let mut out = pointer::from_segments(["components", "schemas", self.component_name(&name)]);
        if let Some(tail) = tail {
            out.push('/');
            out.push_str(tail);
        }
        Ok(format!("#{out}"))
    }

    fn component_name<'a>(&'a self, name: &'a str) -> &'a str {
        self.renames.get(name).map_or(name, String::as_str)
    }

    /// The definitions the document holds: all of them for [`Scope::all`],
    /// else those the imported operations reach, with the subtypes of every
    /// reached schema that has a `discriminator`.
    fn included_schemas(&self, scope: &Scope, paths: &Map<String, Value>) -> BTreeSet<String> {
        if scope.rules().is_none() {
            return self.definitions.keys().cloned().collect();
        }
        let by_component: HashMap<&str, &str> =
            self.definitions.keys().map(|n| (self.component_name(n), n.as_str())).collect();
        let mut wanted: Vec<String> = Vec::new();
        for value in paths.values() {
            for reference in rules::references(value) {
                let name = reference
                    .strip_prefix("#/components/schemas/")
                    .map(|r| r.split('/').next().unwrap_or(r))
                    .and_then(rules::definition_name);
                if let Some(upstream) = name.as_deref().and_then(|n| by_component.get(n)) {
                    wanted.push((*upstream).to_owned());
                }
            }
        }
        rules::reach(self.definitions, wanted)
    }

    fn info(&self, info: &'d Value) -> Result<Value, Error> {
        object(self.doc, info, "/info", "`info`")?;
        let Value::Object(mut out) = self.verbatim(info, "/info")? else { return Ok(Value::Null) };
        // Swagger and OpenAPI both want a string; YAML reads `1.0` as a number.
        if let Some(Value::Number(n)) = out.get("version") {
            let text = n.to_string();
            out.insert("version".into(), Value::String(text));
        }
        out.retain(|k, _| !DROPPED_EXTENSIONS.contains(&k.as_str()));
        Ok(Value::Object(out))
    }

    /// `schemes`, `host` and `basePath` → `servers`.
    fn servers(&self) -> Result<Option<Value>, Error> {
        let host = self.opt_string(self.root, "", "host")?;
        let base = self.opt_string(self.root, "", "basePath")?;
        let schemes = self.opt_string_list(self.root, "", "schemes")?.unwrap_or_default();
        let base = base.unwrap_or_default();
        let urls: Vec<String> = match host {
            None if base.is_empty() => return Ok(None),
            None => vec![base],
            Some(host) if schemes.is_empty() => vec![format!("//{host}{base}")],
            Some(host) => schemes.iter().map(|s| format!("{s}://{host}{base}")).collect(),
        };
        let servers =
            urls.into_iter().map(|u| Value::Object(Map::from_iter([("url".to_owned(), Value::String(u))]))).collect();
        Ok(Some(Value::Array(servers)))
    }

    /// The declared tags some imported operation uses, in upstream's order.
    /// The declared tags the operations use, then (`undeclared-tag`) those
    /// they use that are not declared, by name.
    fn tags(&mut self, used: &BTreeMap<String, String>) -> Result<Option<Value>, Error> {
        let mut out = Vec::new();
        let mut declared = BTreeSet::new();
        if let Some(tags) = self.root.get("tags") {
            for (i, tag) in self.list(tags, "/tags")?.iter().enumerate() {
                let t_at = pointer::push("/tags", &i.to_string());
                let tm = object(self.doc, tag, &t_at, "a tag")?;
                let Some(name) = self.opt_string(tm, &t_at, "name")? else { continue };
                if used.contains_key(&name) && declared.insert(name) {
                    let Value::Object(mut t) = self.verbatim(tag, &t_at)? else { continue };
                    t.retain(|k, _| !DROPPED_EXTENSIONS.contains(&k.as_str()));
                    out.push(Value::Object(t));
                }
            }
        }
        for (name, first) in used.iter().filter(|(name, _)| !declared.contains(*name)) {
            let out_at = pointer::from_segments(["tags", &out.len().to_string()]);
            let detail = format!("`{name}` tags operations but is not declared: it is declared by name");
            self.repair(RuleId::UndeclaredTag, first, &out_at, detail);
            out.push(Value::Object(Map::from_iter([("name".to_owned(), Value::String(name.clone()))])));
        }
        Ok((!out.is_empty()).then_some(Value::Array(out)))
    }

    /// `securityDefinitions` → `components/securitySchemes`.
    fn security_schemes(&self) -> Result<Option<Value>, Error> {
        let Some(defs) = self.root.get("securityDefinitions") else { return Ok(None) };
        let at = "/securityDefinitions";
        let mut out = Map::new();
        for (name, scheme) in object(self.doc, defs, at, "`securityDefinitions`")? {
            let s_at = pointer::push(at, name);
            let sm = object(self.doc, scheme, &s_at, "a security scheme")?;
            let kind = self.opt_string(sm, &s_at, "type")?.unwrap_or_default();
            let mut s = Map::new();
            match kind.as_str() {
                "basic" => {
                    s.insert("type".into(), Value::String("http".into()));
                    s.insert("scheme".into(), Value::String("basic".into()));
                }
                "apiKey" => {
                    // Kept an API key even in the `Authorization` header: that
                    // is what upstream says (our spec's `bearer-scheme`
                    // deviation is ours, not a repair).
                    s.insert("type".into(), Value::String("apiKey".into()));
                    for key in ["name", "in"] {
                        if let Some(v) = sm.get(key) {
                            s.insert(key.into(), self.verbatim(v, &pointer::push(&s_at, key))?);
                        }
                    }
                }
                "oauth2" => {
                    s.insert("type".into(), Value::String("oauth2".into()));
                    s.insert("flows".into(), self.oauth2_flows(sm, &s_at)?);
                }
                other => {
                    return Err(self.doc.error_at(
                        &pointer::push(&s_at, "type"),
                        format!("security scheme type `{other}`: expected basic, apiKey or oauth2"),
                    ));
                }
            }
            if let Some(d) = sm.get("description") {
                s.insert("description".into(), self.verbatim(d, &pointer::push(&s_at, "description"))?);
            }
            for (key, value) in sm {
                if kept_extension(key) {
                    s.insert(key.clone(), self.verbatim(value, &pointer::push(&s_at, key))?);
                }
            }
            out.insert(name.clone(), Value::Object(s));
        }
        Ok(Some(Value::Object(out)))
    }

    fn oauth2_flows(&self, sm: &Map<String, Value>, at: &str) -> Result<Value, Error> {
        let flow = self.opt_string(sm, at, "flow")?.unwrap_or_default();
        let name = match flow.as_str() {
            "implicit" => "implicit",
            "password" => "password",
            "application" => "clientCredentials",
            "accessCode" => "authorizationCode",
            other => {
                return Err(self.doc.error_at(
                    &pointer::push(at, "flow"),
                    format!("OAuth2 flow `{other}`: expected implicit, password, application or accessCode"),
                ));
            }
        };
        let mut f = Map::new();
        for key in ["authorizationUrl", "tokenUrl"] {
            if let Some(v) = sm.get(key) {
                f.insert(key.into(), self.verbatim(v, &pointer::push(at, key))?);
            }
        }
        let scopes = match sm.get("scopes") {
            Some(v) => self.verbatim(v, &pointer::push(at, "scopes"))?,
            None => Value::Object(Map::new()),
        };
        f.insert("scopes".into(), scopes);
        Ok(Value::Object(Map::from_iter([(name.to_owned(), Value::Object(f))])))
    }

    fn list(&self, value: &'d Value, at: &str) -> Result<&'d Vec<Value>, Error> {
        value.as_array().ok_or_else(|| self.doc.error_at(at, format!("expected a list, found {}", kind_of(value))))
    }

    fn opt_string_list(&self, map: &Map<String, Value>, at: &str, key: &str) -> Result<Option<Vec<String>>, Error> {
        map.get(key).map(|v| self.doc.string_list(v, &pointer::push(at, key))).transpose()
    }

    fn opt_string(&self, map: &Map<String, Value>, at: &str, key: &str) -> Result<Option<String>, Error> {
        match map.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(self
                .doc
                .error_at(&pointer::push(at, key), format!("`{key}` must be a string, found {}", kind_of(other)))),
        }
    }
}

/// `base` with `segments` appended.
fn under<'a>(base: &str, segments: impl IntoIterator<Item = &'a str>) -> String {
    segments.into_iter().fold(base.to_owned(), |acc, s| pointer::push(&acc, s))
}

/// An `x-` key the output keeps.
fn kept_extension(key: &str) -> bool {
    key.starts_with("x-") && !DROPPED_EXTENSIONS.contains(&key)
}

fn object<'v>(doc: &Document, value: &'v Value, at: &str, what: &str) -> Result<&'v Map<String, Value>, Error> {
    value.as_object().ok_or_else(|| doc.error_at(at, format!("{what} must be a mapping, found {}", kind_of(value))))
}
