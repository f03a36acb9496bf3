//! Reading a description through a [`Source`]: one file or a tree of files
//! joined by relative `$ref`s, bundled into one JSON document.
//!
//! File references (`./paths/x.yaml`, `../definitions/y.yaml`,
//! `file.yaml#/a/b`) are replaced by the node they name, recursively; the
//! relative path is resolved against the directory of the file holding the
//! `$ref`. Local references (`#/definitions/Name`) are kept as they are and
//! mean the *root* document, in whichever file they are written: this is how
//! Onedata's tree is written (path files refer to the root's definitions) and
//! what its bundler produces. Keeping them unexpanded is also what keeps a
//! recursive schema finite.
//!
//! Keys written next to a file `$ref` are kept: they are merged into the
//! referenced mapping, and a key present on both sides is an error (Swagger
//! 2.0 leaves that case undefined). Upstream writes such siblings only next to
//! local schema references (`description` beside `$ref: '#/definitions/…'`),
//! which stay as written.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::error::Error;
use crate::parse::{kind_of, parse_text};
use crate::pointer;
use crate::source::{Source, join, normalize};

/// How many file references may be nested inside each other before reading
/// stops with an error (a guard against unbounded recursion; Onedata's tree
/// nests three deep).
pub const MAX_REFERENCE_DEPTH: usize = 64;

/// How deep the bundled document may nest (mappings and lists, across files)
/// before reading stops with an error. Each file is already limited by its
/// parser; this bounds a chain of deep files. Onedata's tree nests about 20
/// levels deep.
pub const MAX_NESTING_DEPTH: usize = 200;

/// Which description language a [`Document`] is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum Dialect {
    /// Swagger 2.0 (`swagger: "2.0"`), as upstream publishes the Onezone API.
    #[serde(rename = "swagger-2.0")]
    Swagger2,
    /// OpenAPI 3.0.x (`openapi: 3.0.*`), as our `spec/onezone.yaml`.
    #[serde(rename = "openapi-3.0")]
    OpenApi3,
}

/// A file and a JSON pointer inside it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct Location {
    /// Normalized relative path of the file.
    pub file: String,
    /// JSON pointer inside that file.
    pub pointer: String,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}#{}", self.file, self.pointer)
    }
}

/// A description read into one JSON value, with every file `$ref` replaced by
/// its target. Pointers into [`Document::value`] are the pointers the operation
/// model and the findings use; [`Document::locate`] turns one back into the
/// file and pointer it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The entry file, normalized.
    pub entry: String,
    /// Swagger 2.0 or OpenAPI 3.0.
    pub dialect: Dialect,
    /// `info.version`, when there is one (a number is given as its text).
    pub version: Option<String>,
    /// The bundled document; local `$ref`s are kept as written.
    pub value: Value,
    /// Every file read, in the order first read.
    pub files: Vec<String>,
    splices: Vec<Splice>,
}

/// Content of `file` at `pointer` was placed at `at` in the bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Splice {
    at: String,
    file: String,
    pointer: String,
}

impl Document {
    /// The file and in-file pointer a node of the bundle was read from.
    pub fn locate(&self, at: &str) -> Location {
        let best = self.splices.iter().filter(|s| pointer::is_prefix(&s.at, at)).max_by_key(|s| s.at.len());
        match best {
            Some(s) => Location { file: s.file.clone(), pointer: format!("{}{}", s.pointer, &at[s.at.len()..]) },
            None => Location { file: self.entry.clone(), pointer: at.to_owned() },
        }
    }

    /// An [`Error`] at a node of the bundle, located in its file.
    pub(crate) fn error_at(&self, at: &str, message: impl Into<String>) -> Error {
        let location = self.locate(at);
        Error::at(location.file, location.pointer, message)
    }

    /// The list of strings `value`, the node at `at`; a located error for
    /// anything else.
    pub(crate) fn string_list(&self, value: &Value, at: &str) -> Result<Vec<String>, Error> {
        let Value::Array(items) = value else {
            return Err(self.error_at(at, format!("expected a list of strings, found {}", kind_of(value))));
        };
        items
            .iter()
            .enumerate()
            .map(|(i, v)| match v {
                Value::String(s) => Ok(s.clone()),
                other => Err(self.error_at(
                    &pointer::push(at, &i.to_string()),
                    format!("expected a string, found {}", kind_of(other)),
                )),
            })
            .collect()
    }
}

/// Reads a Swagger 2.0 description: a single file (YAML or JSON) or a tree of
/// files joined by relative `$ref`s, starting at `entry`.
pub fn read_swagger(source: &dyn Source, entry: &str) -> Result<Document, Error> {
    read(source, entry, Some(Dialect::Swagger2))
}

/// Reads an OpenAPI 3.0.x description (one file, or several joined by
/// relative `$ref`s).
pub fn read_openapi(source: &dyn Source, entry: &str) -> Result<Document, Error> {
    read(source, entry, Some(Dialect::OpenApi3))
}

/// Reads a description in either dialect, telling them apart by the
/// `swagger`/`openapi` field.
pub fn read_document(source: &dyn Source, entry: &str) -> Result<Document, Error> {
    read(source, entry, None)
}

fn read(source: &dyn Source, entry: &str, expected: Option<Dialect>) -> Result<Document, Error> {
    let entry = normalize(entry).map_err(|message| Error::Read { file: entry.to_owned(), message })?;
    let mut bundler =
        Bundler { source, files: HashMap::new(), order: Vec::new(), stack: Vec::new(), splices: Vec::new() };
    let root = match bundler.load(&entry)? {
        Some(v) => v.clone(),
        None => return Err(Error::NotFound { file: entry }),
    };
    let dialect = dialect_of(&root, &entry, expected)?;
    bundler.stack.push((entry.clone(), String::new()));
    let value = bundler.expand(&root, &entry, "", "", 0)?;
    let mut doc = Document { entry, dialect, version: None, value, files: bundler.order, splices: bundler.splices };
    doc.version = match doc.value.pointer("/info/version") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(other) => {
            return Err(doc.error_at("/info/version", format!("expected a string, found {}", kind_of(other))));
        }
    };
    check_local_references(&doc)?;
    Ok(doc)
}

fn dialect_of(root: &Value, file: &str, expected: Option<Dialect>) -> Result<Dialect, Error> {
    let Some(map) = root.as_object() else {
        return Err(Error::at(
            file,
            "",
            format!("a description is a mapping at the top level, found {}", kind_of(root)),
        ));
    };
    let found = match (map.get("swagger"), map.get("openapi")) {
        (Some(v), _) => {
            let text = scalar_text(v);
            if text != "2.0" {
                return Err(Error::at(
                    file,
                    "/swagger",
                    format!("Swagger version `{text}` is not supported; expected 2.0"),
                ));
            }
            Dialect::Swagger2
        }
        (None, Some(v)) => {
            let text = scalar_text(v);
            if !text.starts_with("3.0.") {
                return Err(Error::at(
                    file,
                    "/openapi",
                    format!("OpenAPI version `{text}` is not supported; expected 3.0.x"),
                ));
            }
            Dialect::OpenApi3
        }
        (None, None) => {
            return Err(Error::at(file, "", "neither a `swagger` nor an `openapi` field: not an API description"));
        }
    };
    match expected {
        Some(Dialect::Swagger2) if found != Dialect::Swagger2 => {
            Err(Error::at(file, "/openapi", "this is an OpenAPI 3 document; a Swagger 2.0 description was expected"))
        }
        Some(Dialect::OpenApi3) if found != Dialect::OpenApi3 => {
            Err(Error::at(file, "/swagger", "this is a Swagger 2.0 document; an OpenAPI 3.0 description was expected"))
        }
        _ => Ok(found),
    }
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) if n.as_f64() == Some(2.0) => "2.0".to_owned(),
        other => other.to_string(),
    }
}

struct Bundler<'s> {
    source: &'s dyn Source,
    /// Parsed files; `None` for a file the source does not have.
    files: HashMap<String, Option<Value>>,
    order: Vec<String>,
    /// The (file, pointer) pairs being expanded, outermost first.
    stack: Vec<(String, String)>,
    splices: Vec<Splice>,
}

impl Bundler<'_> {
    fn load(&mut self, file: &str) -> Result<Option<&Value>, Error> {
        if !self.files.contains_key(file) {
            let parsed = match self.source.read(file) {
                Ok(Some(text)) => Some(parse_text(&text, file)?),
                Ok(None) => None,
                Err(message) => return Err(Error::Read { file: file.to_owned(), message }),
            };
            if parsed.is_some() {
                self.order.push(file.to_owned());
            }
            self.files.insert(file.to_owned(), parsed);
        }
        Ok(self.files.get(file).and_then(Option::as_ref))
    }

    /// Expands file references in `value`, which sits at `in_file` of `file`
    /// and lands at `at` in the bundle.
    /// `depth` is the nesting level of `at` in the bundle.
    fn expand(&mut self, value: &Value, file: &str, in_file: &str, at: &str, depth: usize) -> Result<Value, Error> {
        if depth > MAX_NESTING_DEPTH && (value.is_object() || value.is_array()) {
            return Err(Error::at(
                file,
                in_file,
                format!("the description nests more than {MAX_NESTING_DEPTH} levels deep; giving up"),
            ));
        }
        match value {
            Value::Object(map) => match map.get("$ref") {
                Some(Value::String(reference)) if !reference.starts_with('#') => {
                    self.expand_reference(map, reference, (file, in_file, at), depth)
                }
                _ => {
                    let mut out = Map::with_capacity(map.len());
                    for (key, child) in map {
                        let (child_in_file, child_at) = (pointer::push(in_file, key), pointer::push(at, key));
                        let expanded = self.expand(child, file, &child_in_file, &child_at, depth + 1)?;
                        out.insert(key.clone(), expanded);
                    }
                    Ok(Value::Object(out))
                }
            },
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, child) in items.iter().enumerate() {
                    let index = i.to_string();
                    let (child_in_file, child_at) = (pointer::push(in_file, &index), pointer::push(at, &index));
                    out.push(self.expand(child, file, &child_in_file, &child_at, depth + 1)?);
                }
                Ok(Value::Array(out))
            }
            other => Ok(other.clone()),
        }
    }

    /// Replaces the mapping holding a file `$ref` (at `in_file` of `file`,
    /// landing at `at`) by the node it names.
    fn expand_reference(
        &mut self,
        map: &Map<String, Value>,
        reference: &str,
        (file, in_file, at): (&str, &str, &str),
        depth: usize,
    ) -> Result<Value, Error> {
        let ref_at = pointer::push(in_file, "$ref");
        let (path, fragment) = match reference.split_once('#') {
            Some((p, f)) => (p, f),
            None => (reference, ""),
        };
        let target = join(file, path).map_err(|m| Error::at(file, &ref_at, format!("`$ref: {reference}`: {m}")))?;
        let fragment =
            pointer::percent_decode(fragment).filter(|f| pointer::segments(f).is_some()).ok_or_else(|| {
                Error::at(file, &ref_at, format!("`$ref: {reference}`: the fragment is not a JSON pointer"))
            })?;
        let key = (target.clone(), fragment.clone());
        if let Some(start) = self.stack.iter().position(|k| *k == key) {
            let mut chain: Vec<String> = self.stack[start..].iter().map(|(f, p)| display_target(f, p)).collect();
            chain.push(display_target(&target, &fragment));
            return Err(Error::at(file, &ref_at, format!("file reference cycle: {}", chain.join(" → "))));
        }
        // The stack holds the entry file plus one entry per reference followed.
        if self.stack.len() > MAX_REFERENCE_DEPTH {
            return Err(Error::at(
                file,
                &ref_at,
                format!("file references nest more than {MAX_REFERENCE_DEPTH} deep; giving up"),
            ));
        }
        let node = match self.load(&target)? {
            None => {
                return Err(Error::at(file, &ref_at, format!("`$ref: {reference}`: file `{target}` does not exist")));
            }
            Some(doc) => doc.pointer(&fragment).cloned().ok_or_else(|| {
                Error::at(file, &ref_at, format!("`$ref: {reference}`: `{target}` has no node at `#{fragment}`"))
            })?,
        };
        self.splices.push(Splice { at: at.to_owned(), file: target.clone(), pointer: fragment.clone() });
        self.stack.push(key);
        // The referenced node takes the place of the reference: same depth.
        let expanded = self.expand(&node, &target, &fragment, at, depth);
        self.stack.pop();
        let mut expanded = expanded?;
        let siblings: Vec<(&String, &Value)> = map.iter().filter(|(k, _)| k.as_str() != "$ref").collect();
        if siblings.is_empty() {
            return Ok(expanded);
        }
        let Value::Object(target_map) = &mut expanded else {
            return Err(Error::at(
                file,
                in_file,
                format!(
                    "keys next to `$ref: {reference}` need a mapping to merge into, but it names {}",
                    kind_of(&node)
                ),
            ));
        };
        for (key, child) in siblings {
            let sibling_in_file = pointer::push(in_file, key);
            if target_map.contains_key(key) {
                return Err(Error::at(
                    file,
                    &sibling_in_file,
                    format!("`{key}` is given both here and in the node `$ref: {reference}` names"),
                ));
            }
            let sibling_at = pointer::push(at, key);
            self.splices.push(Splice {
                at: sibling_at.clone(),
                file: file.to_owned(),
                pointer: sibling_in_file.clone(),
            });
            let value = self.expand(child, file, &sibling_in_file, &sibling_at, depth + 1)?;
            target_map.insert(key.clone(), value);
        }
        Ok(expanded)
    }
}

fn display_target(file: &str, fragment: &str) -> String {
    if fragment.is_empty() { file.to_owned() } else { format!("{file}#{fragment}") }
}

/// Every local `$ref` left in the bundle must name a node of it.
fn check_local_references(doc: &Document) -> Result<(), Error> {
    let mut problems = Vec::new();
    collect_dangling(&doc.value, &doc.value, "", &mut problems);
    match problems.into_iter().next() {
        None => Ok(()),
        Some((at, message)) => Err(doc.error_at(&at, message)),
    }
}

fn collect_dangling(root: &Value, value: &Value, at: &str, problems: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref")
                && let Some(fragment) = reference.strip_prefix('#')
            {
                let target = pointer::percent_decode(fragment);
                if target.as_deref().and_then(|t| root.pointer(t)).is_none() {
                    problems.push((
                        pointer::push(at, "$ref"),
                        format!("`$ref: {reference}` names no node of the root document"),
                    ));
                }
            }
            for (key, child) in map {
                collect_dangling(root, child, &pointer::push(at, key), problems);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                collect_dangling(root, child, &pointer::push(at, &i.to_string()), problems);
            }
        }
        _ => {}
    }
}
