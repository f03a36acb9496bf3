//! The repair rules of the importer, each decided in one function here: what
//! upstream's description says that OpenAPI 3.0.3 or the generator cannot
//! take as written, and what the importer writes instead. The conversion
//! (`super`) applies them and reports every application.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;

use serde_json::{Map, Value};

use super::Site;
use crate::error::Error;
use crate::pointer;
use crate::read::Document;

/// A repair rule, named by a stable kebab-case id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleId {
    /// `media-type-any`: an operation with a body whose media types neither
    /// it nor the root declares (no `consumes`/`produces`, i.e. any media
    /// type, `*/*`) gets `application/json` for that body.
    MediaTypeAny,
    /// `duplicate-operation-id`: an operationId used by several operations
    /// stays with the one whose path matches it best; the others get one
    /// derived from their own path.
    DuplicateOperationId,
    /// `public-operation-security`: an operation upstream calls public that
    /// inherits the global security requirement gets `security: []`.
    PublicOperationSecurity,
    /// `required-without-property`: a name in `required` that no property
    /// declares is dropped from the list (as is a repeated name, and an empty
    /// list).
    RequiredWithoutProperty,
    /// `schema-name-not-identifier`: a definition whose name is no
    /// identifier is renamed, and every reference to it follows.
    SchemaNameNotIdentifier,
    /// `discriminator-mapping`: a variant of a schema with a `discriminator`
    /// whose discriminating value is not its component name gets an explicit
    /// `mapping` entry in its parent's discriminator.
    DiscriminatorMapping,
    /// `unknown-schema-keyword`: a key of a schema that is neither a schema
    /// keyword nor an extension is left out.
    UnknownSchemaKeyword,
    /// `enum-value-not-of-type`: an `enum` value that is not of the schema's
    /// `type` is dropped, and an `enum` left empty is left out.
    EnumValueNotOfType,
    /// `error-body-media-type`: an error response (4xx, 5xx, `default`) with
    /// a body whose operation produces no JSON gets its body as
    /// `application/json`.
    ErrorBodyMediaType,
    /// `example-breaks-schema`: an example its own schema refuses is left
    /// out. Applied by [`Imported::drop_broken_examples`] with the findings
    /// of a validator (the generator's, in `cargo xtask import`).
    ///
    /// [`Imported::drop_broken_examples`]: crate::Imported::drop_broken_examples
    ExampleBreaksSchema,
    /// `undeclared-tag`: a tag operations use that the top-level `tags` do
    /// not declare is declared, by name.
    UndeclaredTag,
}

impl RuleId {
    /// Every rule, in the order the crate documentation lists them.
    pub const ALL: [RuleId; 11] = [
        RuleId::MediaTypeAny,
        RuleId::ErrorBodyMediaType,
        RuleId::DuplicateOperationId,
        RuleId::PublicOperationSecurity,
        RuleId::RequiredWithoutProperty,
        RuleId::SchemaNameNotIdentifier,
        RuleId::DiscriminatorMapping,
        RuleId::UnknownSchemaKeyword,
        RuleId::EnumValueNotOfType,
        RuleId::UndeclaredTag,
        RuleId::ExampleBreaksSchema,
    ];

    /// The stable id (`media-type-any`).
    pub fn as_str(self) -> &'static str {
        match self {
            RuleId::MediaTypeAny => "media-type-any",
            RuleId::DuplicateOperationId => "duplicate-operation-id",
            RuleId::PublicOperationSecurity => "public-operation-security",
            RuleId::RequiredWithoutProperty => "required-without-property",
            RuleId::SchemaNameNotIdentifier => "schema-name-not-identifier",
            RuleId::DiscriminatorMapping => "discriminator-mapping",
            RuleId::UnknownSchemaKeyword => "unknown-schema-keyword",
            RuleId::EnumValueNotOfType => "enum-value-not-of-type",
            RuleId::ErrorBodyMediaType => "error-body-media-type",
            RuleId::ExampleBreaksSchema => "example-breaks-schema",
            RuleId::UndeclaredTag => "undeclared-tag",
        }
    }

    /// The rule with this id.
    pub fn parse(id: &str) -> Option<RuleId> {
        RuleId::ALL.into_iter().find(|r| r.as_str() == id)
    }

    /// What the rule repairs and why, in one sentence.
    pub fn summary(self) -> &'static str {
        match self {
            RuleId::MediaTypeAny => {
                "a body of undeclared media type (`*/*`) is application/json: every Onezone body is JSON, and a generator cannot type a body of any type"
            }
            RuleId::DuplicateOperationId => {
                "a repeated operationId is renamed from the operation's path: operationIds must be unique, and each names a Rust method"
            }
            RuleId::PublicOperationSecurity => {
                "an operation upstream calls public gets `security: []`: otherwise it inherits the global requirement and a generated server refuses anonymous calls"
            }
            RuleId::RequiredWithoutProperty => {
                "a `required` name no property declares is dropped: it requires a member the schema does not describe, which a typed struct cannot hold"
            }
            RuleId::SchemaNameNotIdentifier => {
                "a definition name that is no identifier is renamed (each other character becomes `_`): schema names become Rust type names"
            }
            RuleId::DiscriminatorMapping => {
                "a discriminated variant whose value is not its schema name gets a `mapping` entry: OpenAPI 3 otherwise reads the value as the schema name"
            }
            RuleId::UnknownSchemaKeyword => {
                "a schema key that is no schema keyword or extension is left out: an OpenAPI 3.0 schema allows no other key, and what it holds means nothing to a reader"
            }
            RuleId::EnumValueNotOfType => {
                "an `enum` value not of the schema's `type` is dropped (the whole `enum` when none is): no value can be both, so as written the schema admits nothing"
            }
            RuleId::ErrorBodyMediaType => {
                "an error response's body is application/json when the operation produces no JSON: Onezone answers every error with a JSON error object, whatever the success body is"
            }
            RuleId::UndeclaredTag => {
                "a tag operations use but `tags` does not declare is declared by name: each tag names a server trait, and the generator wants them listed"
            }
            RuleId::ExampleBreaksSchema => {
                "an example its own schema refuses is left out: documentation and tests built from it would show a value the server refuses"
            }
        }
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

// ---------------------------------------------------------------------------
// error-body-media-type

/// For an error response (`4XX`, `5XX`, `default`) with a body when the
/// operation produces no JSON type: the media types to write instead
/// (`application/json` alone) and why.
pub(crate) fn error_body_types(
    status: &str,
    response: &Map<String, Value>,
    produces: &[String],
) -> Option<(Vec<String>, String)> {
    let error = status == "default" || status.starts_with('4') || status.starts_with('5');
    if !error || !response.contains_key("schema") || produces.is_empty() || produces.iter().any(|t| is_json(t)) {
        return None;
    }
    let detail = format!(
        "the operation produces {}, no JSON: the body of error response {status} is application/json",
        produces.join(", ")
    );
    Some((vec![super::JSON.to_owned()], detail))
}

/// `application/json`, with parameters or a `+json` suffix.
fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

// ---------------------------------------------------------------------------
// schema-name-not-identifier

/// What the generator takes as a schema name: an ASCII letter, then ASCII
/// letters, digits and `_`.
pub(crate) fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic()) && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `geo.country` → `geo_country`: every character other than an ASCII
/// letter, digit or `_` becomes `_`; a name not starting with a letter is
/// prefixed with `Schema_`.
pub(crate) fn identifier_form(name: &str) -> String {
    let mapped: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect();
    if mapped.starts_with(|c: char| c.is_ascii_alphabetic()) { mapped } else { format!("Schema_{mapped}") }
}

/// The new name of every definition whose name is no identifier; an error at
/// the definition when that name is already taken.
pub(crate) fn schema_names(
    doc: &Document,
    definitions: &Map<String, Value>,
) -> Result<BTreeMap<String, String>, Error> {
    let mut taken: HashMap<String, String> =
        definitions.keys().filter(|n| is_identifier(n)).map(|n| (n.clone(), n.clone())).collect();
    let mut renames = BTreeMap::new();
    for name in definitions.keys().filter(|n| !is_identifier(n)) {
        let new = identifier_form(name);
        if let Some(holder) = taken.get(&new) {
            let whose = if *holder == new {
                format!("the name of the definition `{new}`")
            } else {
                format!("also the identifier form of `{holder}`")
            };
            return Err(doc.error_at(
                &pointer::from_segments(["definitions", name]),
                format!("`{name}` is no identifier, and its identifier form `{new}` is {whose}; rename one of them"),
            ));
        }
        taken.insert(new.clone(), name.clone());
        renames.insert(name.clone(), new);
    }
    Ok(renames)
}

// ---------------------------------------------------------------------------
// duplicate-operation-id

/// For every operation that must give up its operationId, by the pointer of
/// the operation: the new id and the reason. Decided over the whole
/// document, so an operation has the same id whatever the scope imported.
///
/// The operation whose path holds most of the id's words keeps it (the first
/// in document order on a tie). Each other one gets, in this order of
/// preference, the first that no operation uses:
/// 1. the id with each word that names a segment of the keeper's path
///    replaced by the word at the same place in its own path
///    (`update_group_handle_service_privileges` on
///    `/handle_services/{id}/users/{uid}/privileges`, whose keeper is on
///    `…/groups/{gid}/privileges`, becomes
///    `update_user_handle_service_privileges`);
/// 2. the id, `_`, and the words of its path the keeper's path lacks;
/// 3. the id, `_`, and its method;
/// 4. the id, `_`, and the first free number from 2.
pub(crate) fn duplicate_operation_ids(sites: &[Site<'_>]) -> HashMap<String, (String, String)> {
    let mut by_id: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, site) in sites.iter().enumerate() {
        if let Some(id) = site.op.get("operationId").and_then(Value::as_str) {
            by_id.entry(id).or_default().push(i);
        }
    }
    let mut taken: HashSet<String> = by_id.keys().map(|id| (*id).to_owned()).collect();
    let mut out = HashMap::new();
    for (id, users) in by_id.iter().filter(|(_, users)| users.len() > 1) {
        let Some(&keeper) = users.iter().max_by_key(|&&i| (fit(id, sites[i].path), Reverse(i))) else { continue };
        let kept = &sites[keeper];
        for &i in users.iter().filter(|&&i| i != keeper) {
            let site = &sites[i];
            let new = renamed_id(id, kept.path, site, &taken);
            taken.insert(new.clone());
            let detail = format!(
                "`{id}` is also the operationId of {} {} ({}), whose path matches it better: this one is `{new}`",
                kept.method, kept.path, kept.at
            );
            out.insert(site.at.clone(), (new, detail));
        }
    }
    out
}

/// How many of the id's words the path's literal segments hold.
fn fit(id: &str, path: &str) -> usize {
    let words: HashSet<String> = path_words(path).into_iter().collect();
    word_spans(id).iter().filter(|&&(s, e)| words.contains(&singular(&id[s..e]))).count()
}

fn renamed_id(id: &str, keeper_path: &str, site: &Site<'_>, taken: &HashSet<String>) -> String {
    let free = |candidate: &str| candidate != id && !taken.contains(candidate);
    // 1. The words that tell the two paths apart, swapped.
    let mut swaps: Vec<(String, String, String)> = Vec::new();
    for (a, b) in keeper_path.split('/').zip(site.path.split('/')) {
        if a == b || a.starts_with('{') || b.starts_with('{') {
            continue;
        }
        let (wa, wb) = (split_words(a), split_words(b));
        if wa.len() != wb.len() {
            continue;
        }
        for (x, y) in wa.iter().zip(&wb).filter(|(x, y)| x != y) {
            swaps.push((singular(x), singular(y), y.to_ascii_lowercase()));
        }
    }
    if !swaps.is_empty() {
        let mut candidate = String::with_capacity(id.len());
        let mut last = 0;
        for (s, e) in word_spans(id) {
            let word = &id[s..e];
            candidate.push_str(&id[last..s]);
            let single = singular(word);
            match swaps.iter().find(|(from, _, _)| *from == single) {
                Some((_, to_single, to_written)) => {
                    let to = if word.to_lowercase() == single { to_single } else { to_written };
                    candidate.push_str(&with_case_of(word, to));
                }
                None => candidate.push_str(word),
            }
            last = e;
        }
        candidate.push_str(&id[last..]);
        if free(&candidate) {
            return candidate;
        }
    }
    // 2. The words only its own path has.
    let keeper_words: HashSet<String> = path_words(keeper_path).into_iter().collect();
    let own: Vec<String> = path_words(site.path).into_iter().filter(|w| !keeper_words.contains(w)).collect();
    if !own.is_empty() {
        let candidate = format!("{id}_{}", own.join("_"));
        if free(&candidate) {
            return candidate;
        }
    }
    // 3. Its method.
    let candidate = format!("{id}_{}", site.method.key());
    if free(&candidate) {
        return candidate;
    }
    // 4. A number.
    (2..).map(|n| format!("{id}_{n}")).find(|c| free(c)).unwrap_or_else(|| format!("{id}_"))
}

/// The byte ranges of the words of an identifier: split at anything but a
/// letter or digit, and where a lower-case letter or digit meets an
/// upper-case one (`listGroupUsers`, `list_group_users`).
fn word_spans(id: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut after_lower = false;
    for (i, c) in id.char_indices() {
        if c.is_alphanumeric() {
            if c.is_uppercase() && after_lower {
                if let Some(s) = start {
                    out.push((s, i));
                }
                start = Some(i);
            } else if start.is_none() {
                start = Some(i);
            }
            after_lower = c.is_lowercase() || c.is_numeric();
        } else {
            if let Some(s) = start.take() {
                out.push((s, i));
            }
            after_lower = false;
        }
    }
    if let Some(s) = start {
        out.push((s, id.len()));
    }
    out
}

fn split_words(segment: &str) -> Vec<String> {
    word_spans(segment).into_iter().map(|(s, e)| segment[s..e].to_owned()).collect()
}

/// The words of a path's literal segments, singular and lower-case.
fn path_words(path: &str) -> Vec<String> {
    path.split('/').filter(|seg| !seg.starts_with('{')).flat_map(split_words).map(|w| singular(&w)).collect()
}

/// `groups` → `group`, `policies` → `policy`, lower-case; `class` stays.
fn singular(word: &str) -> String {
    let w = word.to_lowercase();
    if let Some(stem) = w.strip_suffix("ies").filter(|s| !s.is_empty()) {
        format!("{stem}y")
    } else if w.len() > 1 && w.ends_with('s') && !w.ends_with("ss") {
        w[..w.len() - 1].to_owned()
    } else {
        w
    }
}

/// `to` with the first letter upper-case when `like`'s is.
fn with_case_of(like: &str, to: &str) -> String {
    if like.starts_with(char::is_uppercase) {
        let mut chars = to.chars();
        chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
    } else {
        to.to_owned()
    }
}

// ---------------------------------------------------------------------------
// public-operation-security

/// Sentences with which upstream's text calls an operation public (compared
/// without regard to case).
pub(crate) const PUBLIC_PHRASES: &[&str] = &["does not require authentication", "has public access"];

/// Why upstream's description calls the operation public, if it does: its
/// `x-onedata-gri` reads the entity's `public` scope, or its description or
/// summary holds one of [`PUBLIC_PHRASES`].
pub(crate) fn public_signal(op: &Map<String, Value>) -> Option<String> {
    let scope = op.get("x-onedata-gri").and_then(|g| g.get("scope")).and_then(Value::as_str);
    if scope == Some("public") {
        return Some("upstream serves the operation from the public scope (`x-onedata-gri.scope: public`)".into());
    }
    for key in ["description", "summary"] {
        let Some(text) = op.get(key).and_then(Value::as_str) else { continue };
        let lower = text.to_lowercase();
        if let Some(phrase) = PUBLIC_PHRASES.iter().find(|p| lower.contains(*p)) {
            return Some(format!("upstream's {key} says the operation {phrase}"));
        }
    }
    None
}

// ---------------------------------------------------------------------------
// required-without-property

/// A `required` list split: the names kept (declared, first occurrence),
/// those no property declares and those repeated.
pub(crate) struct RequiredNames {
    pub(crate) kept: Vec<String>,
    pub(crate) undeclared: Vec<String>,
    pub(crate) repeated: Vec<String>,
}

impl RequiredNames {
    /// Whether the list needs the repair.
    pub(crate) fn repaired(&self) -> bool {
        self.kept.is_empty() || !self.undeclared.is_empty() || !self.repeated.is_empty()
    }

    /// The repair's detail.
    pub(crate) fn detail(&self) -> String {
        let quoted = |names: &[String]| names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
        let mut parts = Vec::new();
        if !self.undeclared.is_empty() {
            parts.push(format!(
                "{} declared by no property of the schema or of its allOf/oneOf/anyOf members: dropped",
                quoted(&self.undeclared)
            ));
        }
        if !self.repeated.is_empty() {
            parts.push(format!("{} repeated: the repeat dropped", quoted(&self.repeated)));
        }
        if self.kept.is_empty() {
            parts.push("the list, empty, is left out (OpenAPI 3.0 wants at least one name)".to_owned());
        }
        parts.join("; ")
    }
}

/// Splits a `required` list.
pub(crate) fn required_names(
    definitions: &Map<String, Value>,
    schema: &Map<String, Value>,
    names: Vec<String>,
) -> RequiredNames {
    let declared = declared_properties(definitions, schema);
    let mut out = RequiredNames { kept: Vec::new(), undeclared: Vec::new(), repeated: Vec::new() };
    for name in names {
        if !declared.contains(&name) {
            out.undeclared.push(name);
        } else if out.kept.contains(&name) {
            out.repeated.push(name);
        } else {
            out.kept.push(name);
        }
    }
    out
}

/// The names a schema declares: its own `properties` and those of its
/// `allOf`, `oneOf` and `anyOf` members, references to definitions followed
/// (each once). A name declared only by a member is not a defect: that is how
/// upstream writes its discriminated variants (`required: [type, validUntil]`
/// beside `allOf: [Caveat, {properties: {type, validUntil}}]`).
fn declared_properties(definitions: &Map<String, Value>, schema: &Map<String, Value>) -> BTreeSet<String> {
    /// Bounds the walk on a hostile document; upstream's largest takes a dozen.
    const MAX_NODES: usize = 10_000;
    let mut out = BTreeSet::new();
    let mut visited: HashSet<String> = HashSet::new();
    let mut stack: Vec<&Map<String, Value>> = vec![schema];
    let mut seen = 0;
    while let Some(node) = stack.pop() {
        seen += 1;
        if seen > MAX_NODES {
            break;
        }
        if let Some(Value::Object(props)) = node.get("properties") {
            out.extend(props.keys().cloned());
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            for member in node.get(key).and_then(Value::as_array).into_iter().flatten() {
                let Some(member) = member.as_object() else { continue };
                match member.get("$ref").and_then(Value::as_str) {
                    Some(reference) => {
                        let target = reference
                            .strip_prefix("#/definitions/")
                            .and_then(definition_name)
                            .filter(|n| visited.insert(n.clone()))
                            .and_then(|n| definitions.get(&n))
                            .and_then(Value::as_object);
                        stack.extend(target);
                    }
                    None => stack.push(member),
                }
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------
// discriminator-mapping

/// One `mapping` entry to add to a parent's discriminator.
pub(crate) struct Mapping {
    /// The parent's definition name.
    pub(crate) parent: String,
    /// The discriminating value.
    pub(crate) value: String,
    /// `#/components/schemas/<variant>`.
    pub(crate) target: String,
    /// Where the value comes from (the variant, or its `x-discriminator-value`).
    pub(crate) at: String,
    pub(crate) detail: String,
}

/// The mapping entries the included variants need. A variant is a
/// definition whose `allOf` refers to a definition with a `discriminator`.
/// Its value is its `x-discriminator-value` (on it or on one of its `allOf`
/// members, as upstream writes it), else its upstream name, which is what
/// Swagger 2.0 says the value is; when that is not its component name, an
/// OpenAPI 3 reader would look for the wrong schema without an entry.
pub(crate) fn discriminator_mappings(
    definitions: &Map<String, Value>,
    included: &BTreeSet<String>,
    renames: &BTreeMap<String, String>,
) -> Vec<Mapping> {
    let mut out = Vec::new();
    for (name, def) in definitions.iter().filter(|(n, _)| included.contains(*n)) {
        let def_at = pointer::from_segments(["definitions", name]);
        let component = renames.get(name).map_or(name.as_str(), String::as_str);
        for parent in parents(definitions, def).into_iter().filter(|p| included.contains(p)) {
            let property =
                definitions.get(&parent).and_then(|p| p.get("discriminator")).and_then(Value::as_str).unwrap_or("?");
            let (value, at, detail) = match discriminator_value(def, &def_at) {
                Some((value, at)) => {
                    let detail = format!(
                        "`{name}` is the `{parent}` variant whose `{property}` is `{value}` (its `x-discriminator-value`), not its schema name: `{parent}`'s discriminator maps `{value}` to `{component}`"
                    );
                    (value, at, detail)
                }
                None => {
                    let detail = format!(
                        "`{name}` is the `{parent}` variant whose `{property}` is its upstream name `{name}`, and the schema is `{component}` now: `{parent}`'s discriminator maps `{name}` to `{component}`"
                    );
                    (name.clone(), def_at.clone(), detail)
                }
            };
            if value != component {
                let target = format!("#{}", pointer::from_segments(["components", "schemas", component]));
                out.push(Mapping { parent, value, target, at, detail });
            }
        }
    }
    out
}

/// The definitions with a `discriminator` that `def`'s `allOf` refers to.
fn parents(definitions: &Map<String, Value>, def: &Value) -> Vec<String> {
    let members = def.get("allOf").and_then(Value::as_array).into_iter().flatten();
    members
        .filter_map(|m| m.get("$ref").and_then(Value::as_str))
        .filter_map(|r| r.strip_prefix("#/definitions/").and_then(definition_name))
        .filter(|p| definitions.get(p).is_some_and(|d| d.get("discriminator").is_some_and(Value::is_string)))
        .collect()
}

fn discriminator_value(def: &Value, def_at: &str) -> Option<(String, String)> {
    const KEY: &str = "x-discriminator-value";
    if let Some(Value::String(v)) = def.get(KEY) {
        return Some((v.clone(), pointer::push(def_at, KEY)));
    }
    let members = def.get("allOf").and_then(Value::as_array).into_iter().flatten().enumerate();
    members.into_iter().find_map(|(i, m)| match m.get(KEY) {
        Some(Value::String(v)) => Some((v.clone(), format!("{def_at}/allOf/{i}/{KEY}"))),
        _ => None,
    })
}

// ---------------------------------------------------------------------------
// unknown-schema-keyword

/// The keys an OpenAPI 3.0 schema may hold besides `$ref` and extensions
/// (Swagger 2.0's, and `oneOf`, `anyOf`, `not`, `nullable`, `writeOnly`,
/// `deprecated`, which upstream may already use).
pub(crate) const SCHEMA_KEYWORDS: &[&str] = &[
    "title",
    "multipleOf",
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
    "maxProperties",
    "minProperties",
    "required",
    "enum",
    "type",
    "not",
    "allOf",
    "oneOf",
    "anyOf",
    "items",
    "properties",
    "additionalProperties",
    "description",
    "format",
    "default",
    "nullable",
    "discriminator",
    "readOnly",
    "writeOnly",
    "xml",
    "externalDocs",
    "example",
    "deprecated",
];

/// The repair's detail for the unknown keys of one schema.
pub(crate) fn unknown_keywords_detail(keys: &[&str]) -> String {
    let shown: Vec<String> =
        keys.iter().take(5).map(|k| format!("`{}`", k.chars().take(40).collect::<String>())).collect();
    let more = if keys.len() > 5 { format!(" and {} more", keys.len() - 5) } else { String::new() };
    format!("{}{more}: no schema keyword or extension; left out", shown.join(", "))
}

// ---------------------------------------------------------------------------
// enum-value-not-of-type

/// When some `enum` values of a converted schema are not of its `type`: the
/// values to keep (`None`: leave the `enum` out) and the repair's detail.
pub(crate) fn enum_values_of_type(schema: &Map<String, Value>) -> Option<(Option<Vec<Value>>, String)> {
    let (Some(Value::String(kind)), Some(Value::Array(values))) = (schema.get("type"), schema.get("enum")) else {
        return None;
    };
    let nullable = schema.get("nullable") == Some(&Value::Bool(true));
    let fits = |v: &Value| match (kind.as_str(), v) {
        (_, Value::Null) => nullable,
        ("string", Value::String(_)) | ("boolean", Value::Bool(_)) | ("number", Value::Number(_)) => true,
        ("integer", Value::Number(n)) => n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0),
        ("object", Value::Object(_)) | ("array", Value::Array(_)) => true,
        ("string" | "boolean" | "number" | "integer" | "object" | "array", _) => false,
        _ => true,
    };
    let (kept, dropped): (Vec<&Value>, Vec<&Value>) = values.iter().partition(|v| fits(v));
    if dropped.is_empty() {
        return None;
    }
    let shown: Vec<String> = dropped.iter().take(3).map(|v| v.to_string().chars().take(60).collect()).collect();
    let more = if dropped.len() > 3 { format!(" and {} more", dropped.len() - 3) } else { String::new() };
    let detail = format!(
        "{}{more}: not of `type: {kind}`, dropped{}",
        shown.join(", "),
        if kept.is_empty() { "; no value is left, so the `enum` is left out" } else { "" }
    );
    let kept = (!kept.is_empty()).then(|| kept.into_iter().cloned().collect());
    Some((kept, detail))
}

// ---------------------------------------------------------------------------
// References and reach

/// The definition a `#/definitions/` reference's first segment names
/// (percent-escapes and `~0`/`~1` decoded).
pub(crate) fn definition_name(segment: &str) -> Option<String> {
    let first = segment.split('/').next().unwrap_or(segment);
    let decoded = pointer::percent_decode(first)?;
    let mut segments = pointer::segments(&format!("/{decoded}"))?;
    if segments.len() == 1 { segments.pop() } else { None }
}

/// Every `$ref` string under `value`, walked without recursion.
pub(crate) fn references(value: &Value) -> Vec<&str> {
    let mut out = Vec::new();
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    out.push(r.as_str());
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    out
}

/// The definitions reachable from `wanted` by references, with the variants
/// (see [`discriminator_mappings`]) of every reached parent.
pub(crate) fn reach(definitions: &Map<String, Value>, wanted: Vec<String>) -> BTreeSet<String> {
    let mut included = BTreeSet::new();
    let mut stack = wanted;
    loop {
        while let Some(name) = stack.pop() {
            let Some(def) = definitions.get(&name) else { continue };
            if !included.insert(name) {
                continue;
            }
            for reference in references(def) {
                if let Some(target) = reference.strip_prefix("#/definitions/").and_then(definition_name) {
                    stack.push(target);
                }
            }
        }
        for (name, def) in definitions {
            if !included.contains(name) && parents(definitions, def).iter().any(|p| included.contains(p)) {
                stack.push(name.clone());
            }
        }
        if stack.is_empty() {
            return included;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifier_forms() {
        assert!(is_identifier("userJoinGroup") && is_identifier("a_1"));
        assert!(!is_identifier("geo.country") && !is_identifier("_x") && !is_identifier("1a") && !is_identifier(""));
        assert_eq!(identifier_form("geo.country"), "geo_country");
        assert_eq!(identifier_form("data-path x"), "data_path_x");
        assert_eq!(identifier_form("2fa"), "Schema_2fa");
        assert_eq!(identifier_form("ünï"), "Schema__n_");
    }

    #[test]
    fn words_split_at_case_and_separators() {
        let spans = |s: &str| split_words(s);
        assert_eq!(spans("update_group_handle_service_privileges").len(), 5);
        assert_eq!(spans("listGroupUsers"), ["list", "Group", "Users"]);
        assert_eq!(spans("getHTTPThing"), ["get", "HTTPThing"]);
        assert_eq!(singular("privileges"), "privilege");
        assert_eq!(singular("policies"), "policy");
        assert_eq!(singular("class"), "class");
        assert_eq!(with_case_of("Group", "user"), "User");
    }

    #[test]
    fn the_path_that_fits_keeps_the_id() {
        let id = "update_group_handle_service_privileges";
        assert!(
            fit(id, "/handle_services/{id}/groups/{gid}/privileges")
                > fit(id, "/handle_services/{id}/users/{uid}/privileges")
        );
    }
}
