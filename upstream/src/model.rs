//! The operation model both dialects are turned into. It keeps what a client
//! or a server can observe (paths, parameters, bodies, statuses, headers,
//! security, privileges) and drops prose. Every element carries its JSON
//! pointer in the bundled [`crate::Document`] it came from.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value;

use crate::read::Dialect;

/// An HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

impl Method {
    /// Every method, in the order they are listed in a path item.
    pub const ALL: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];

    /// The key of the method in a path item (`get`).
    pub fn key(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }

    /// The method as sent on the wire (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }

    /// The method for a path-item key.
    pub fn from_key(key: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.key() == key)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What identifies an operation across documents: its path with path
/// parameters compared by position ([`crate::normalize_path`]) and its method.
/// Ordered by path, then method.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OpKey {
    /// The normalized path template (`/groups/{}/handle_services/{}`).
    pub path: String,
    /// The method.
    pub method: Method,
}

/// One description turned into operations and the schemas they use.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// The dialect it was written in.
    pub dialect: Dialect,
    /// `info.version`.
    pub version: Option<String>,
    /// The operations in scope when the model was built.
    pub operations: BTreeMap<OpKey, Operation>,
    /// The named schemas (`definitions` or `components/schemas`) the
    /// operations reach, by name.
    pub schemas: BTreeMap<String, Schema>,
    /// The security schemes declared, by name.
    pub security_schemes: BTreeMap<String, SecurityScheme>,
}

/// One operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The method.
    pub method: Method,
    /// The path template as written, with its own parameter names.
    pub path: String,
    /// Pointer of the operation object (`/paths/~1groups/get`).
    pub pointer: String,
    /// `operationId`.
    pub operation_id: Option<String>,
    /// `tags`.
    pub tags: Vec<String>,
    /// Parameters other than the body, path-level ones merged in, in order.
    pub parameters: Vec<Parameter>,
    /// The request body (Swagger: the `in: body` parameter).
    pub request_body: Option<RequestBody>,
    /// Responses by status (`200`, `4XX`, `default`).
    pub responses: BTreeMap<String, Response>,
    /// The security requirement in force (operation-level, else root-level).
    pub security: Security,
    /// `x-onedata-permissions`: `None` when absent, which is not the same as
    /// an empty list.
    pub privileges: Option<Privileges>,
    /// `x-code-samples`.
    pub code_samples: Vec<CodeSample>,
    /// Every `x-` key of the operation, as written.
    pub extensions: BTreeMap<String, Value>,
}

impl Operation {
    /// Pointer of the `operationId` field (whether or not it is there).
    pub fn operation_id_pointer(&self) -> String {
        crate::pointer::push(&self.pointer, "operationId")
    }
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParamLocation {
    /// A path segment.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

impl ParamLocation {
    /// The `in` value.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    }
}

/// A path, query, header or cookie parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// Its name as written.
    pub name: String,
    /// Where it travels.
    pub location: ParamLocation,
    /// Whether it must be sent.
    pub required: bool,
    /// Its schema (Swagger: built from the parameter's own `type`, `format`,
    /// `enum`, … keywords, with the parameter's pointer).
    pub schema: Option<Schema>,
    /// Pointer of the parameter object.
    pub pointer: String,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    /// Whether it must be sent.
    pub required: bool,
    /// Its media types with their schemas. When the document declares none
    /// (Swagger without `consumes` at either level) this holds one entry
    /// `*/*` and [`RequestBody::media_types_declared`] is false.
    pub content: Vec<MediaType>,
    /// Whether the media types were declared at all.
    pub media_types_declared: bool,
    /// Pointer of the request body (Swagger: of the body parameter).
    pub pointer: String,
}

/// One media type of a body.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaType {
    /// `application/json`, or `*/*` when unknown.
    pub name: String,
    /// The body's schema, when it has one.
    pub schema: Option<Schema>,
    /// Pointer of the media type entry (Swagger: of `consumes`/`produces`
    /// where declared, else of the body).
    pub pointer: String,
}

/// One response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The status key (`200`, `4XX`, `default`).
    pub status: String,
    /// Its body by media type; empty when it has no body. Media types that
    /// were not declared are given as one `*/*` entry, as for request bodies.
    pub content: Vec<MediaType>,
    /// Whether the body's media types were declared.
    pub media_types_declared: bool,
    /// Its headers, in order.
    pub headers: Vec<Header>,
    /// Pointer of the response as referenced from the operation.
    pub pointer: String,
}

/// A response header.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// Its name as written (compared case-insensitively).
    pub name: String,
    /// OpenAPI 3 `required`; Swagger 2.0 headers cannot be required.
    pub required: bool,
    /// Its schema.
    pub schema: Option<Schema>,
    /// Pointer of the header object.
    pub pointer: String,
}

/// The security requirement of an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Security {
    /// Alternatives, each the set of scheme names to present together.
    pub requirements: Vec<Vec<String>>,
    /// Where the requirement in force is written (the operation's `security`
    /// or the root's); `None` when neither has one.
    pub pointer: Option<String>,
}

impl Security {
    /// Whether the operation can be called without credentials: no
    /// requirement at all, `security: []`, or an empty alternative `{}`.
    pub fn is_public(&self) -> bool {
        self.requirements.is_empty() || self.requirements.iter().any(Vec::is_empty)
    }
}

/// `x-onedata-permissions` of an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Privileges {
    /// The privilege names, as written.
    pub names: Vec<String>,
    /// Pointer of the list.
    pub pointer: String,
}

/// One entry of `x-code-samples`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeSample {
    /// `lang`.
    pub lang: Option<String>,
    /// `label`.
    pub label: Option<String>,
    /// `source`.
    pub source: Option<String>,
    /// Pointer of the entry.
    pub pointer: String,
}

/// A security scheme, with what it puts on the wire made comparable across
/// dialects: Swagger `basic` and OpenAPI `http`/`basic` both send
/// `Authorization: Basic …`; an `apiKey` in header `Authorization` and an
/// `http`/`bearer` scheme both use the `Authorization` header, the second
/// with the `Bearer ` prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// Its name in the document.
    pub name: String,
    /// `type` as written (`basic`, `apiKey`, `http`, `oauth2`, …).
    pub kind: String,
    /// Where the credential travels (`header`, `query`, `cookie`).
    pub location: Option<String>,
    /// The header (or query/cookie parameter) carrying it.
    pub carrier: Option<String>,
    /// The HTTP authentication scheme, lowercased (`basic`, `bearer`);
    /// `None` for an API key sent as is.
    pub scheme: Option<String>,
    /// Pointer of the scheme object.
    pub pointer: String,
}

impl SecurityScheme {
    /// What the scheme puts on the wire, as compared by the engine.
    pub fn wire(&self) -> (Option<String>, Option<String>, Option<String>) {
        (self.location.clone(), self.carrier.as_ref().map(|c| c.to_ascii_lowercase()), self.scheme.clone())
    }
}

/// `additionalProperties` of an object schema.
#[derive(Debug, Clone, PartialEq)]
pub enum AdditionalProperties {
    /// `true` or `false`.
    Allowed(bool),
    /// A schema for the values of other keys.
    Schema(Box<Schema>),
}

/// A JSON schema node, normalized across dialects (Swagger `x-nullable` →
/// [`Schema::nullable`]; Swagger `discriminator: type` and OpenAPI
/// `discriminator: {propertyName: type}` → [`Schema::discriminator`];
/// `#/definitions/X` and `#/components/schemas/X` → [`Schema::reference`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Schema {
    /// Pointer of the node.
    pub pointer: String,
    /// The node as written (for the values a finding shows).
    pub raw: Value,
    /// The named schema this node refers to; its other keywords are then
    /// ignored, as both dialects say.
    pub reference: Option<String>,
    /// `type`.
    pub schema_type: Option<String>,
    /// `format`.
    pub format: Option<String>,
    /// `nullable` / `x-nullable`.
    pub nullable: bool,
    /// `enum`.
    pub enumeration: Option<Vec<Value>>,
    /// `properties`, in document order.
    pub properties: Vec<(String, Schema)>,
    /// `required`.
    pub required: Vec<String>,
    /// `items`.
    pub items: Option<Box<Schema>>,
    /// `allOf`.
    pub all_of: Vec<Schema>,
    /// `oneOf`.
    pub one_of: Vec<Schema>,
    /// `anyOf`.
    pub any_of: Vec<Schema>,
    /// `not`.
    pub not: Option<Box<Schema>>,
    /// `additionalProperties`.
    pub additional_properties: Option<AdditionalProperties>,
    /// The discriminating property's name.
    pub discriminator: Option<String>,
    /// `title`.
    pub title: Option<String>,
    /// `minProperties`.
    pub min_properties: Option<u64>,
    /// `maxProperties`.
    pub max_properties: Option<u64>,
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `maxLength`.
    pub max_length: Option<u64>,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// `pattern`.
    pub pattern: Option<String>,
    /// `readOnly`.
    pub read_only: bool,
    /// `writeOnly`.
    pub write_only: bool,
}

impl Schema {
    /// The property called `name`.
    pub fn property(&self, name: &str) -> Option<&Schema> {
        self.properties.iter().find(|(n, _)| n == name).map(|(_, s)| s)
    }

    /// Pointer of one of this node's keywords.
    pub fn keyword_pointer(&self, keyword: &str) -> String {
        crate::pointer::push(&self.pointer, keyword)
    }
}
