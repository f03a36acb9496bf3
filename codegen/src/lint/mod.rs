//! Checks run before any generator sees the document: its references on the
//! document as written ([`references`], which the normalization relies on),
//! everything else on the normalized document (`crate::normalize`: inline
//! bodies hoisted, `allOf` merged, discriminated unions rewritten, schema
//! names made identifiers), whose findings the caller maps back to the
//! nodes as written.
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
use crate::names::{self, BUILDER_METHODS, CLIENT_BUILDER_SCOPE, FOREIGN_FORMATS, SERVER_SCOPE, TYPES_SCOPE};
use crate::schema::{self, deref, resolve_ref};
use onezone_upstream::kind_of;

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
    // `ClientHooks`, called on the client by every builder's `send`.
    "pre",
    "post",
    "exec",
];

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
    "minItems",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "default",
    "readOnly",
    "writeOnly",
    "nullable",
    "example",
    "externalDocs",
];

/// The references of the document as written: local, resolving, to named
/// components. Checked before anything follows them (the normalization does).
pub(crate) fn references(doc: &Value) -> Vec<Diagnostic> {
    let mut l = Lint { doc, out: Vec::new(), unsafe_examples: BTreeSet::new() };
    l.refs(doc, "");
    l.out
}

/// Runs every check; an empty result means the document may be generated.
pub(crate) fn lint(doc: &Value) -> Vec<Diagnostic> {
    let mut l = Lint { doc, out: Vec::new(), unsafe_examples: BTreeSet::new() };
    l.refs(doc, "");
    l.servers();
    let schemes = l.security_schemes();
    let tags = l.declared_tags();
    l.tag_names();
    if let Some(reqs) = doc.get("security") {
        l.security_requirements(reqs, "/security", &schemes);
    }
    // Before any example is checked: examples reaching a cycle are skipped.
    l.unsafe_examples = l.schema_cycles();
    l.schemas();
    l.paths(&schemes, &tags);
    l.out
}

struct Lint<'a> {
    doc: &'a Value,
    out: Vec<Diagnostic>,
    /// Component schemas an example cannot be checked against: they are on,
    /// or reach, a cycle of `$ref`/`oneOf` (reported on its own), along which
    /// validation would never end.
    unsafe_examples: BTreeSet<String>,
}

mod document;
mod operations;
pub(crate) use operations::REDIRECTS;
mod refs;
mod schemas;

impl Lint<'_> {
    fn report(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.out.push(Diagnostic::new(pointer, message));
    }
}

fn short_ref(r: &str) -> &str {
    r.rsplit('/').next().unwrap_or(r)
}

pub(crate) fn is_rust_friendly(s: &str) -> bool {
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
