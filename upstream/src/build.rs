//! A bundled [`Document`] (Swagger 2.0 or OpenAPI 3.0) → the operation model.
//!
//! Swagger 2.0 is read into the OpenAPI 3 shape on the way: the `in: body`
//! parameter becomes the request body (its `required` kept), `consumes` and
//! `produces` (operation-level, else root-level) become the media types of
//! the request and response bodies — when neither level declares any, the
//! body gets one `*/*` entry marked as undeclared — `definitions` play the
//! part of `components/schemas`, `x-nullable` becomes `nullable`, response
//! headers and every `x-` extension are kept. What has no OpenAPI 3 body
//! equivalent here (`type: file`, `in: formData`) is refused with its
//! location, but only in operations in scope and schemas they reach.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::error::Error;
use crate::model::{
    AdditionalProperties, Api, CodeSample, Header, MediaType, Method, OpKey, Operation, ParamLocation, Parameter,
    Privileges, RequestBody, Response, Schema, Security, SecurityScheme,
};
use crate::parse::kind_of;
use crate::pointer;
use crate::read::{Dialect, Document};
use crate::scope::{Scope, normalize_path};

/// How deep schema nodes may nest before the builder stops with an error.
pub const MAX_SCHEMA_DEPTH: usize = 100;
/// How many local `$ref`s may follow each other (a parameter referring to a
/// parameter referring to …) before the chain counts as a cycle.
const MAX_REFERENCE_CHAIN: usize = 32;

/// Keywords of a Swagger 2.0 non-body parameter or header that describe its
/// value; they form its schema.
pub(crate) const SWAGGER_VALUE_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "enum",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "multipleOf",
    "x-nullable",
];

impl Api {
    /// Builds the model of the operations of `doc` that `scope` contains,
    /// and of the named schemas they reach.
    pub fn from_document(doc: &Document, scope: &Scope) -> Result<Api, Error> {
        Builder { doc, swagger: doc.dialect == Dialect::Swagger2, wanted: Vec::new(), known: BTreeSet::new() }
            .build(scope)
    }
}

struct Builder<'d> {
    doc: &'d Document,
    swagger: bool,
    /// Named schemas referred to and not yet converted.
    wanted: Vec<String>,
    /// Every named schema referred to so far.
    known: BTreeSet<String>,
}

/// Media types declared at the root of a Swagger document.
struct RootMedia {
    consumes: Option<(Vec<String>, String)>,
    produces: Option<(Vec<String>, String)>,
}

impl<'d> Builder<'d> {
    fn build(mut self, scope: &Scope) -> Result<Api, Error> {
        let doc: &'d Document = self.doc;
        let root = self.object(&doc.value, "", "the document")?;
        let root_security = match root.get("security") {
            Some(v) => Some(self.security_requirements(v, "/security")?),
            None => None,
        };
        let root_media = RootMedia {
            consumes: self.media_list(root, "", "consumes")?,
            produces: self.media_list(root, "", "produces")?,
        };
        let mut operations: BTreeMap<OpKey, Operation> = BTreeMap::new();
        if let Some(paths) = root.get("paths") {
            let paths = self.object(paths, "/paths", "`paths`")?;
            for (path, item) in paths {
                if path.starts_with("x-") {
                    continue;
                }
                let item_at = pointer::from_segments(["paths", path]);
                if !path.starts_with('/') {
                    return Err(doc.error_at(&item_at, format!("path `{path}` does not start with `/`")));
                }
                if !scope.contains(path) {
                    continue;
                }
                let (item, item_at) = self.deref(item, item_at)?;
                let item = self.object(item, &item_at, "a path item")?;
                let shared = match item.get("parameters") {
                    Some(v) => self.list(v, &pointer::push(&item_at, "parameters"))?,
                    None => Vec::new(),
                };
                for method in Method::ALL {
                    let Some(op) = item.get(method.key()) else { continue };
                    let op_at = pointer::push(&item_at, method.key());
                    let ctx = OperationContext {
                        path,
                        shared: &shared,
                        root_security: &root_security,
                        root_media: &root_media,
                    };
                    let operation = self.operation(method, op, &op_at, &ctx)?;
                    let key = OpKey { path: normalize_path(path), method };
                    if let Some(previous) = operations.get(&key) {
                        return Err(doc.error_at(
                            &op_at,
                            format!(
                                "{method} {path} is the same operation as {method} {} once path parameter names are ignored",
                                previous.path
                            ),
                        ));
                    }
                    operations.insert(key, operation);
                }
            }
        }
        let mut schemas = BTreeMap::new();
        while let Some(name) = self.wanted.pop() {
            let at = self.schema_pointer(&name);
            let value = doc.value.pointer(&at).ok_or_else(|| doc.error_at(&at, format!("no schema named `{name}`")))?;
            let schema = self.schema(value, &at, 0)?;
            schemas.insert(name, schema);
        }
        let security_schemes = self.security_schemes(root)?;
        Ok(Api { dialect: doc.dialect, version: doc.version.clone(), operations, schemas, security_schemes })
    }

    fn schema_pointer(&self, name: &str) -> String {
        if self.swagger {
            pointer::from_segments(["definitions", name])
        } else {
            pointer::from_segments(["components", "schemas", name])
        }
    }

    fn operation(
        &mut self,
        method: Method,
        op: &'d Value,
        at: &str,
        ctx: &OperationContext<'_, 'd>,
    ) -> Result<Operation, Error> {
        let map = self.object(op, at, "an operation")?;
        let operation_id = self.opt_string(map, at, "operationId")?;
        let tags = match map.get("tags") {
            Some(v) => self.doc.string_list(v, &pointer::push(at, "tags"))?,
            None => Vec::new(),
        };

        // Path-level parameters first, replaced by operation-level ones with
        // the same name and location.
        let mut merged: Vec<(&'d Value, String)> = Vec::new();
        let own = match map.get("parameters") {
            Some(v) => self.list(v, &pointer::push(at, "parameters"))?,
            None => Vec::new(),
        };
        for (value, p_at) in ctx.shared.iter().chain(own.iter()) {
            let (value, p_at) = self.deref(value, p_at.clone())?;
            let pm = self.object(value, &p_at, "a parameter")?;
            let identity = (pm.get("in").cloned(), pm.get("name").cloned());
            if let Some(slot) =
                merged.iter_mut().find(|(v, _)| (v.get("in").cloned(), v.get("name").cloned()) == identity)
            {
                *slot = (value, p_at);
            } else {
                merged.push((value, p_at));
            }
        }
        let mut parameters = Vec::new();
        let mut request_body = None;
        for (value, p_at) in merged {
            let pm = self.object(value, &p_at, "a parameter")?;
            let name = self.req_string(pm, &p_at, "name")?;
            let location = self.req_string(pm, &p_at, "in")?;
            let required = self.opt_bool(pm, &p_at, "required")?.unwrap_or(false);
            let location = match (location.as_str(), self.swagger) {
                ("body", true) => {
                    if request_body.is_some() {
                        return Err(self
                            .doc
                            .error_at(&p_at, "a second `in: body` parameter; an operation has one body"));
                    }
                    let schema_at = pointer::push(&p_at, "schema");
                    let schema = match pm.get("schema") {
                        Some(s) => self.schema(s, &schema_at, 0)?,
                        None => return Err(self.doc.error_at(&p_at, "a body parameter needs a `schema`")),
                    };
                    let (content, declared) = self.swagger_content(
                        map,
                        at,
                        "consumes",
                        ctx.root_media.consumes.as_ref(),
                        &p_at,
                        Some(schema),
                    )?;
                    request_body =
                        Some(RequestBody { required, content, media_types_declared: declared, pointer: p_at });
                    continue;
                }
                ("formData", true) => {
                    return Err(self.doc.error_at(
                        &pointer::push(&p_at, "in"),
                        "`in: formData` parameters (form or multipart bodies) are not supported",
                    ));
                }
                ("path", _) => ParamLocation::Path,
                ("query", _) => ParamLocation::Query,
                ("header", _) => ParamLocation::Header,
                ("cookie", false) => ParamLocation::Cookie,
                (other, _) => {
                    return Err(self
                        .doc
                        .error_at(&pointer::push(&p_at, "in"), format!("unknown parameter location `{other}`")));
                }
            };
            let schema = if self.swagger {
                Some(self.swagger_value_schema(pm, &p_at)?)
            } else {
                self.oas_value_schema(pm, &p_at)?
            };
            parameters.push(Parameter { name, location, required, schema, pointer: p_at });
        }
        if !self.swagger
            && let Some(body) = map.get("requestBody")
        {
            let (body, body_at) = self.deref(body, pointer::push(at, "requestBody"))?;
            let bm = self.object(body, &body_at, "a request body")?;
            let required = self.opt_bool(bm, &body_at, "required")?.unwrap_or(false);
            let content = self.oas_content(bm, &body_at)?;
            request_body = Some(RequestBody { required, content, media_types_declared: true, pointer: body_at });
        }

        let mut responses = BTreeMap::new();
        if let Some(v) = map.get("responses") {
            let responses_at = pointer::push(at, "responses");
            for (status, response) in self.object(v, &responses_at, "`responses`")? {
                if status.starts_with("x-") {
                    continue;
                }
                let site = pointer::push(&responses_at, status);
                let response = self.response(status, response, site, map, at, ctx)?;
                responses.insert(status.clone(), response);
            }
        }

        let security = match map.get("security") {
            Some(v) => {
                let s_at = pointer::push(at, "security");
                Security { requirements: self.security_requirements(v, &s_at)?, pointer: Some(s_at) }
            }
            None => match ctx.root_security {
                Some(requirements) => {
                    Security { requirements: requirements.clone(), pointer: Some("/security".into()) }
                }
                None => Security { requirements: Vec::new(), pointer: None },
            },
        };
        let privileges = match map.get("x-onedata-permissions") {
            Some(v) => {
                let p_at = pointer::push(at, "x-onedata-permissions");
                Some(Privileges { names: self.doc.string_list(v, &p_at)?, pointer: p_at })
            }
            None => None,
        };
        let mut code_samples = Vec::new();
        if let Some(v) = map.get("x-code-samples") {
            for (sample, s_at) in self.list(v, &pointer::push(at, "x-code-samples"))? {
                let sm = self.object(sample, &s_at, "a code sample")?;
                code_samples.push(CodeSample {
                    lang: self.opt_string(sm, &s_at, "lang")?,
                    label: self.opt_string(sm, &s_at, "label")?,
                    source: self.opt_string(sm, &s_at, "source")?,
                    pointer: s_at,
                });
            }
        }
        let extensions = map.iter().filter(|(k, _)| k.starts_with("x-")).map(|(k, v)| (k.clone(), v.clone())).collect();
        Ok(Operation {
            method,
            path: ctx.path.to_owned(),
            pointer: at.to_owned(),
            operation_id,
            tags,
            parameters,
            request_body,
            responses,
            security,
            privileges,
            code_samples,
            extensions,
        })
    }

    fn response(
        &mut self,
        status: &str,
        value: &'d Value,
        site: String,
        op: &'d Map<String, Value>,
        op_at: &str,
        ctx: &OperationContext<'_, 'd>,
    ) -> Result<Response, Error> {
        let (value, at) = self.deref(value, site.clone())?;
        let rm = self.object(value, &at, "a response")?;
        let mut headers = Vec::new();
        if let Some(h) = rm.get("headers") {
            let headers_at = pointer::push(&at, "headers");
            for (name, header) in self.object(h, &headers_at, "`headers`")? {
                let (header, h_at) = self.deref(header, pointer::push(&headers_at, name))?;
                let hm = self.object(header, &h_at, "a header")?;
                let (required, schema) = if self.swagger {
                    (false, Some(self.swagger_value_schema(hm, &h_at)?))
                } else {
                    (self.opt_bool(hm, &h_at, "required")?.unwrap_or(false), self.oas_value_schema(hm, &h_at)?)
                };
                headers.push(Header { name: name.clone(), required, schema, pointer: h_at });
            }
        }
        let (content, media_types_declared) = if self.swagger {
            match rm.get("schema") {
                Some(s) => {
                    let schema = self.schema(s, &pointer::push(&at, "schema"), 0)?;
                    self.swagger_content(op, op_at, "produces", ctx.root_media.produces.as_ref(), &at, Some(schema))?
                }
                None => (Vec::new(), true),
            }
        } else {
            (self.oas_content(rm, &at)?, true)
        };
        Ok(Response { status: status.to_owned(), content, media_types_declared, headers, pointer: site })
    }

    /// The media types of a Swagger body: the operation's `consumes` /
    /// `produces`, else the root's, else one undeclared `*/*`.
    fn swagger_content(
        &mut self,
        op: &'d Map<String, Value>,
        op_at: &str,
        key: &str,
        root: Option<&(Vec<String>, String)>,
        body_at: &str,
        schema: Option<Schema>,
    ) -> Result<(Vec<MediaType>, bool), Error> {
        let own = self.media_list(op, op_at, key)?;
        let declared = own.as_ref().or(root);
        Ok(match declared {
            Some((names, list_at)) if !names.is_empty() => {
                let content = names
                    .iter()
                    .enumerate()
                    .map(|(i, name)| MediaType {
                        name: name.clone(),
                        schema: schema.clone(),
                        pointer: pointer::push(list_at, &i.to_string()),
                    })
                    .collect();
                (content, true)
            }
            _ => (vec![MediaType { name: "*/*".into(), schema, pointer: body_at.to_owned() }], false),
        })
    }

    fn media_list(
        &self,
        map: &Map<String, Value>,
        at: &str,
        key: &str,
    ) -> Result<Option<(Vec<String>, String)>, Error> {
        match map.get(key) {
            Some(v) => {
                let list_at = pointer::push(at, key);
                Ok(Some((self.doc.string_list(v, &list_at)?, list_at)))
            }
            None => Ok(None),
        }
    }

    fn oas_content(&mut self, map: &'d Map<String, Value>, at: &str) -> Result<Vec<MediaType>, Error> {
        let Some(content) = map.get("content") else { return Ok(Vec::new()) };
        let content_at = pointer::push(at, "content");
        let mut out = Vec::new();
        for (name, media) in self.object(content, &content_at, "`content`")? {
            let m_at = pointer::push(&content_at, name);
            let mm = self.object(media, &m_at, "a media type")?;
            let schema = match mm.get("schema") {
                Some(s) => Some(self.schema(s, &pointer::push(&m_at, "schema"), 0)?),
                None => None,
            };
            out.push(MediaType { name: name.clone(), schema, pointer: m_at });
        }
        Ok(out)
    }

    /// The schema of an OpenAPI 3 parameter or header: `schema`, or the
    /// schema of its single `content` entry.
    fn oas_value_schema(&mut self, map: &'d Map<String, Value>, at: &str) -> Result<Option<Schema>, Error> {
        if let Some(s) = map.get("schema") {
            return Ok(Some(self.schema(s, &pointer::push(at, "schema"), 0)?));
        }
        Ok(self.oas_content(map, at)?.into_iter().next().and_then(|m| m.schema))
    }

    /// The schema of a Swagger 2.0 parameter or header: its value keywords,
    /// at its own pointer.
    fn swagger_value_schema(&mut self, map: &Map<String, Value>, at: &str) -> Result<Schema, Error> {
        let subset: Map<String, Value> = map
            .iter()
            .filter(|(k, _)| SWAGGER_VALUE_KEYWORDS.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let value = Value::Object(subset);
        self.schema_node(&value, at, 0)
    }

    fn schema(&mut self, value: &Value, at: &str, depth: usize) -> Result<Schema, Error> {
        self.schema_node(value, at, depth)
    }

    fn schema_node(&mut self, value: &Value, at: &str, depth: usize) -> Result<Schema, Error> {
        if depth > MAX_SCHEMA_DEPTH {
            return Err(self.doc.error_at(at, format!("schemas nest more than {MAX_SCHEMA_DEPTH} deep")));
        }
        let map = self.object(value, at, "a schema")?;
        let mut s = Schema { pointer: at.to_owned(), raw: value.clone(), ..Schema::default() };
        if let Some(reference) = map.get("$ref") {
            let r_at = pointer::push(at, "$ref");
            let Some(reference) = reference.as_str() else {
                return Err(self.doc.error_at(&r_at, format!("`$ref` must be a string, found {}", kind_of(reference))));
            };
            let prefix = if self.swagger { "#/definitions/" } else { "#/components/schemas/" };
            let name = reference
                .strip_prefix(prefix)
                .and_then(pointer::percent_decode)
                .and_then(|n| pointer::segments(&format!("/{n}")))
                .filter(|segments| segments.len() == 1)
                .and_then(|mut segments| segments.pop())
                .ok_or_else(|| {
                    self.doc.error_at(
                        &r_at,
                        format!("`{reference}`: a schema reference must name a schema `{prefix}<Name>`"),
                    )
                })?;
            if self.doc.value.pointer(&self.schema_pointer(&name)).is_none() {
                return Err(self.doc.error_at(&r_at, format!("`{reference}` names no schema")));
            }
            if self.known.insert(name.clone()) {
                self.wanted.push(name.clone());
            }
            s.reference = Some(name);
            return Ok(s);
        }
        s.schema_type = match map.get("type") {
            None => None,
            Some(Value::String(t)) => Some(t.clone()),
            Some(other) => {
                return Err(self.doc.error_at(
                    &pointer::push(at, "type"),
                    format!("`type` must be a string, found {}", kind_of(other)),
                ));
            }
        };
        if self.swagger && s.schema_type.as_deref() == Some("file") {
            return Err(self.doc.error_at(
                &pointer::push(at, "type"),
                "`type: file` (a Swagger 2.0 file upload or download) has no equivalent in the model and is not supported",
            ));
        }
        s.format = self.opt_string(map, at, "format")?;
        s.nullable = self.opt_bool(map, at, if self.swagger { "x-nullable" } else { "nullable" })?.unwrap_or(false);
        s.enumeration = match map.get("enum") {
            None => None,
            Some(Value::Array(values)) => Some(values.clone()),
            Some(other) => {
                return Err(self
                    .doc
                    .error_at(&pointer::push(at, "enum"), format!("`enum` must be a list, found {}", kind_of(other))));
            }
        };
        if let Some(props) = map.get("properties") {
            let props_at = pointer::push(at, "properties");
            for (name, p) in self.object(props, &props_at, "`properties`")? {
                let p_schema = self.schema_node(p, &pointer::push(&props_at, name), depth + 1)?;
                s.properties.push((name.clone(), p_schema));
            }
        }
        if let Some(v) = map.get("required") {
            s.required = self.doc.string_list(v, &pointer::push(at, "required"))?;
        }
        if let Some(items) = map.get("items") {
            let items_at = pointer::push(at, "items");
            if items.is_array() {
                return Err(self.doc.error_at(&items_at, "tuple `items` (a list of schemas) is not supported"));
            }
            s.items = Some(Box::new(self.schema_node(items, &items_at, depth + 1)?));
        }
        for (key, slot) in [("allOf", &mut s.all_of), ("oneOf", &mut s.one_of), ("anyOf", &mut s.any_of)] {
            if let Some(v) = map.get(key) {
                for (member, m_at) in self.list(v, &pointer::push(at, key))? {
                    slot.push(self.schema_node(member, &m_at, depth + 1)?);
                }
            }
        }
        if let Some(not) = map.get("not") {
            s.not = Some(Box::new(self.schema_node(not, &pointer::push(at, "not"), depth + 1)?));
        }
        s.additional_properties = match map.get("additionalProperties") {
            None => None,
            Some(Value::Bool(b)) => Some(AdditionalProperties::Allowed(*b)),
            Some(v) => Some(AdditionalProperties::Schema(Box::new(self.schema_node(
                v,
                &pointer::push(at, "additionalProperties"),
                depth + 1,
            )?))),
        };
        s.discriminator = match map.get("discriminator") {
            None => None,
            Some(Value::String(name)) if self.swagger => Some(name.clone()),
            Some(Value::Object(d)) if !self.swagger => {
                Some(self.req_string(d, &pointer::push(at, "discriminator"), "propertyName")?)
            }
            Some(other) => {
                return Err(self.doc.error_at(
                    &pointer::push(at, "discriminator"),
                    format!(
                        "`discriminator` must be {}, found {}",
                        if self.swagger { "a property name" } else { "a mapping with `propertyName`" },
                        kind_of(other)
                    ),
                ));
            }
        };
        s.title = self.opt_string(map, at, "title")?;
        s.min_properties = self.opt_u64(map, at, "minProperties")?;
        s.max_properties = self.opt_u64(map, at, "maxProperties")?;
        s.min_length = self.opt_u64(map, at, "minLength")?;
        s.max_length = self.opt_u64(map, at, "maxLength")?;
        s.min_items = self.opt_u64(map, at, "minItems")?;
        s.max_items = self.opt_u64(map, at, "maxItems")?;
        s.minimum = self.opt_f64(map, at, "minimum")?;
        s.maximum = self.opt_f64(map, at, "maximum")?;
        s.pattern = self.opt_string(map, at, "pattern")?;
        s.read_only = self.opt_bool(map, at, "readOnly")?.unwrap_or(false);
        s.write_only = self.opt_bool(map, at, "writeOnly")?.unwrap_or(false);
        Ok(s)
    }

    fn security_requirements(&self, value: &Value, at: &str) -> Result<Vec<Vec<String>>, Error> {
        let mut out = Vec::new();
        for (alternative, a_at) in self.list(value, at)? {
            let names: Vec<String> =
                self.object(alternative, &a_at, "a security requirement")?.keys().cloned().collect();
            out.push(names);
        }
        Ok(out)
    }

    fn security_schemes(&self, root: &'d Map<String, Value>) -> Result<BTreeMap<String, SecurityScheme>, Error> {
        let (value, at) = if self.swagger {
            (root.get("securityDefinitions"), "/securityDefinitions".to_owned())
        } else {
            (root.get("components").and_then(|c| c.get("securitySchemes")), "/components/securitySchemes".to_owned())
        };
        let mut out = BTreeMap::new();
        let Some(value) = value else { return Ok(out) };
        for (name, scheme) in self.object(value, &at, "the security schemes")? {
            let (scheme, s_at) = self.deref(scheme, pointer::push(&at, name))?;
            let sm = self.object(scheme, &s_at, "a security scheme")?;
            let kind = self.req_string(sm, &s_at, "type")?;
            let (location, carrier, scheme_name) = match kind.as_str() {
                "basic" => (Some("header".to_owned()), Some("Authorization".to_owned()), Some("basic".to_owned())),
                "apiKey" => (self.opt_string(sm, &s_at, "in")?, self.opt_string(sm, &s_at, "name")?, None),
                "http" => (
                    Some("header".to_owned()),
                    Some("Authorization".to_owned()),
                    self.opt_string(sm, &s_at, "scheme")?.map(|s| s.to_ascii_lowercase()),
                ),
                _ => (Some("header".to_owned()), Some("Authorization".to_owned()), None),
            };
            out.insert(
                name.clone(),
                SecurityScheme { name: name.clone(), kind, location, carrier, scheme: scheme_name, pointer: s_at },
            );
        }
        Ok(out)
    }

    /// Follows local `$ref`s from `value` (at `at`) to the node they name.
    fn deref(&self, value: &'d Value, at: String) -> Result<(&'d Value, String), Error> {
        deref(self.doc, value, at)
    }

    fn object(&self, value: &'d Value, at: &str, what: &str) -> Result<&'d Map<String, Value>, Error> {
        value
            .as_object()
            .ok_or_else(|| self.doc.error_at(at, format!("{what} must be a mapping, found {}", kind_of(value))))
    }

    fn list(&self, value: &'d Value, at: &str) -> Result<Vec<(&'d Value, String)>, Error> {
        match value {
            Value::Array(items) => {
                Ok(items.iter().enumerate().map(|(i, v)| (v, pointer::push(at, &i.to_string()))).collect())
            }
            other => Err(self.doc.error_at(at, format!("expected a list, found {}", kind_of(other)))),
        }
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

    fn req_string(&self, map: &Map<String, Value>, at: &str, key: &str) -> Result<String, Error> {
        self.opt_string(map, at, key)?.ok_or_else(|| self.doc.error_at(at, format!("`{key}` is missing")))
    }

    fn opt_bool(&self, map: &Map<String, Value>, at: &str, key: &str) -> Result<Option<bool>, Error> {
        match map.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(self
                .doc
                .error_at(&pointer::push(at, key), format!("`{key}` must be a boolean, found {}", kind_of(other)))),
        }
    }

    fn opt_u64(&self, map: &Map<String, Value>, at: &str, key: &str) -> Result<Option<u64>, Error> {
        match map.get(key) {
            None => Ok(None),
            Some(v) => v.as_u64().map(Some).ok_or_else(|| {
                self.doc.error_at(&pointer::push(at, key), format!("`{key}` must be a non-negative integer"))
            }),
        }
    }

    fn opt_f64(&self, map: &Map<String, Value>, at: &str, key: &str) -> Result<Option<f64>, Error> {
        match map.get(key) {
            None => Ok(None),
            Some(v) => v
                .as_f64()
                .map(Some)
                .ok_or_else(|| self.doc.error_at(&pointer::push(at, key), format!("`{key}` must be a number"))),
        }
    }
}

/// Follows local `$ref`s from `value` (at `at` of the bundle) to the node
/// they name, and gives that node with its pointer; a chain longer than
/// [`MAX_REFERENCE_CHAIN`] counts as a cycle.
pub(crate) fn deref<'d>(doc: &'d Document, value: &'d Value, at: String) -> Result<(&'d Value, String), Error> {
    let mut value = value;
    let mut at = at;
    for _ in 0..MAX_REFERENCE_CHAIN {
        let Some(Value::String(reference)) = value.get("$ref") else { return Ok((value, at)) };
        let r_at = pointer::push(&at, "$ref");
        let target = reference
            .strip_prefix('#')
            .and_then(pointer::percent_decode)
            .ok_or_else(|| doc.error_at(&r_at, format!("`{reference}` is not a local reference")))?;
        value =
            doc.value.pointer(&target).ok_or_else(|| doc.error_at(&r_at, format!("`{reference}` names no node")))?;
        at = target;
    }
    Err(doc.error_at(&at, format!("more than {MAX_REFERENCE_CHAIN} `$ref`s in a row (a reference cycle?)")))
}

struct OperationContext<'c, 'd> {
    path: &'c str,
    shared: &'c [(&'d Value, String)],
    root_security: &'c Option<Vec<Vec<String>>>,
    root_media: &'c RootMedia,
}
