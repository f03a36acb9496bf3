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
use crate::names::{self, BUILDER_METHODS, CLIENT_BUILDER_SCOPE, FOREIGN_FORMATS, SERVER_SCOPE, TYPES_SCOPE};
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
    "nullable",
    "example",
    "externalDocs",
];

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
            } else if SERVER_SCOPE.contains(&trait_name.as_str()) {
                self.report(
                    at,
                    format!(
                        "tag `{name}` gives the server trait `{trait_name}`, a name the server emitter already uses (the generated server code names that item unqualified); rename the tag"
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
                } else if TYPES_SCOPE.contains(&type_name.as_str()) {
                    self.report(
                        at.clone(),
                        format!("schema `{name}` gives the Rust type `{type_name}`, which the types crate defines by hand (the type of `format: password` strings); rename the schema"),
                    );
                } else {
                    type_names.insert(type_name, at.clone());
                }
            }
            self.schema(s, &at);
        }
        self.inline_type_names(schemas, &type_names);
    }

    /// typify names the types it makes for inline schemas after their place
    /// (`Thing.kind` → `ThingKind`) and emits them beside the component
    /// types, with no attempt at keeping the names apart.
    fn inline_type_names(&mut self, schemas: &Map<String, Value>, components: &BTreeMap<String, String>) {
        let mut seen: BTreeMap<String, (String, &Value)> = BTreeMap::new();
        for (name, s) in schemas {
            if !is_rust_friendly(name) {
                continue;
            }
            let mut inline = Vec::new();
            names::inline_types(s, &name.to_pascal_case(), &pointer_push("/components/schemas", name), &mut inline);
            for t in inline {
                let n = &t.name;
                if let Some(first) = components.get(n) {
                    self.report(
                        t.at,
                        format!("typify names the type of this inline schema `{n}` (its parent's type and its property), the Rust type of the schema at {first} too; rename one of them, or move the inline schema into components/schemas and `$ref` it"),
                    );
                } else if let Some((first, schema)) = seen.get(n) {
                    if *schema != t.schema {
                        self.report(
                            t.at,
                            format!("typify names the type of this inline schema `{n}`, as it names the different inline schema at {first}; rename a property or give one of them a distinct `title`"),
                        );
                    }
                } else {
                    seen.insert(n.clone(), (t.at, t.schema));
                }
            }
        }
    }

    /// Cycles of schema references that consume no data — `$ref` and `oneOf`
    /// only, no `properties` or `items` on the way — are reported: checking a
    /// value against such a schema would never end, in the lint's example
    /// check and in the generated validators alike. Returns the component
    /// schemas on or reaching such a cycle.
    fn schema_cycles(&mut self) -> BTreeSet<String> {
        let Some(schemas) = self.doc.pointer("/components/schemas").and_then(Value::as_object) else {
            return BTreeSet::new();
        };
        let known = |t: &&str| schemas.contains_key(*t);
        let mut bare: BTreeMap<&str, Vec<(&str, String)>> = BTreeMap::new();
        let mut any: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for (name, s) in schemas {
            let mut edges = Vec::new();
            bare_refs(s, &pointer_push("/components/schemas", name), &mut edges);
            edges.retain(|(t, _)| known(t));
            bare.insert(name, edges);
            let mut targets = BTreeSet::new();
            all_refs(s, &mut targets);
            targets.retain(known);
            any.insert(name, targets);
        }
        let mut on_cycle: BTreeSet<&str> = BTreeSet::new();
        for &name in bare.keys() {
            if on_cycle.contains(name) {
                continue;
            }
            let Some(cycle) = cycle_through(&bare, name) else { continue };
            on_cycle.extend(cycle.iter().map(|(n, _)| *n));
            // A cycle of bare `$ref`s is reported where the refs are checked.
            if cycle.iter().all(|(_, p)| p.ends_with("/$ref")) {
                continue;
            }
            let names: Vec<&str> = cycle.iter().map(|(n, _)| *n).chain([name]).collect();
            self.report(
                cycle[0].1.clone(),
                format!("schema `{name}` refers back to itself through `$ref`/`oneOf` alone ({}): checking a value against it would never end; a recursive schema must recurse through `properties` or `items`", names.join(" → ")),
            );
        }
        let mut unsafe_names: BTreeSet<&str> = on_cycle;
        loop {
            let more: Vec<&str> = any
                .iter()
                .filter(|(n, targets)| !unsafe_names.contains(**n) && targets.iter().any(|t| unsafe_names.contains(t)))
                .map(|(n, _)| *n)
                .collect();
            if more.is_empty() {
                break;
            }
            unsafe_names.extend(more);
        }
        unsafe_names.into_iter().map(str::to_owned).collect()
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
        if let Some(f) = map.get("format").and_then(Value::as_str)
            && let Some((_, rust)) = FOREIGN_FORMATS.iter().find(|(name, _)| *name == f)
        {
            self.report(
                pointer_push(at, "format"),
                format!("`format: {f}` would make typify use `{rust}`, from a crate the generated types crate does not depend on; drop the format and say the expected form in the `description`"),
            );
        }
        if let Some(values) = map.get("enum") {
            self.enum_values(values, map.get("type"), &pointer_push(at, "enum"));
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

    /// The generated validators check `enum` on strings only; typify needs
    /// values of the declared type and a distinct Rust variant per value.
    fn enum_values(&mut self, values: &Value, ty: Option<&Value>, at: &str) {
        let Some(values) = values.as_array() else {
            self.report(at, "`enum` must be a list of values");
            return;
        };
        if values.is_empty() {
            self.report(at, "an empty `enum` admits no value at all; list at least one value or drop the keyword");
            return;
        }
        if ty.and_then(Value::as_str) != Some("string") {
            let found = ty.map_or_else(|| "no `type`".to_owned(), |t| format!("`type: {}`", t.as_str().unwrap_or("?")));
            self.report(
                at,
                format!("`enum` is only supported with `type: string` (found {found}): the generated validators check no other enum, so its values would go unchecked"),
            );
            return;
        }
        let mut strings = Vec::new();
        for (i, v) in values.iter().enumerate() {
            match v.as_str() {
                Some(s) => strings.push(s),
                None => self.report(
                    pointer_push(at, &i.to_string()),
                    format!("enum value {v} is not a string, but the schema says `type: string`; quote it"),
                ),
            }
        }
        if strings.len() == values.len()
            && let Some((i, j, variant)) = names::variant_clash(&strings)
        {
            let what = if strings[i] == strings[j] {
                format!("enum lists `{}` twice", strings[j])
            } else {
                format!("enum values `{}` and `{}` both become the Rust variant `{variant}`", strings[i], strings[j])
            };
            self.report(
                pointer_push(at, &j.to_string()),
                format!("{what}: typify cannot generate the enum; drop or rename one of them"),
            );
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
        // typify names the enum's variants after the tag values.
        let values: Vec<&str> = variants.iter().map(|(v, _)| v.as_str()).collect();
        if let Some((i, j, variant)) = names::variant_clash(&values)
            && values[i] != values[j]
        {
            self.report(
                pointer_push(at, &j.to_string()),
                format!("variants {i} and {j} have the tag values `{}` and `{}`, which both become the Rust variant `{variant}`: typify cannot generate the enum; rename one tag value", values[i], values[j]),
            );
        }
    }

    fn example(&mut self, schema_node: &Value, example: &Value, at: &str) {
        if !self.unsafe_examples.is_empty() {
            let mut targets = BTreeSet::new();
            all_refs(schema_node, &mut targets);
            if targets.iter().any(|t| self.unsafe_examples.contains(*t)) {
                return;
            }
        }
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
    fn operation(
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
    fn operation_types(&mut self, id: &str, id_at: &str, seen: &mut SeenOperations) {
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

    fn parameters(&mut self, path: &str, op: &Value, shared: Option<&Value>, at: &str) {
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

/// The component schemas `node` refers to without consuming data (itself a
/// `$ref`, or through `oneOf`), each with the pointer of the keyword.
fn bare_refs<'v>(node: &'v Value, at: &str, out: &mut Vec<(&'v str, String)>) {
    if let Some(r) = node.get("$ref").and_then(Value::as_str) {
        if let Some(target) = r.strip_prefix("#/components/schemas/") {
            out.push((target, pointer_push(at, "$ref")));
        }
        return;
    }
    let Some(members) = node.get("oneOf").and_then(Value::as_array) else { return };
    let one_of = pointer_push(at, "oneOf");
    for (i, m) in members.iter().enumerate() {
        match m.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/")) {
            Some(target) => out.push((target, one_of.clone())),
            None => bare_refs(m, &pointer_push(&one_of, &i.to_string()), out),
        }
    }
}

/// Every component schema `node` refers to anywhere inside (examples aside).
fn all_refs<'v>(node: &'v Value, out: &mut BTreeSet<&'v str>) {
    match node {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("$ref", Value::String(r)) => {
                        if let Some(target) = r.strip_prefix("#/components/schemas/") {
                            out.insert(target);
                        }
                    }
                    ("example" | "examples", _) => {}
                    _ => all_refs(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| all_refs(v, out)),
        _ => {}
    }
}

/// A cycle from `start` back to it in `graph`, as (schema, pointer of its
/// edge to the next one), shortest first; `None` if `start` is on none.
fn cycle_through<'v>(
    graph: &BTreeMap<&'v str, Vec<(&'v str, String)>>,
    start: &'v str,
) -> Option<Vec<(&'v str, String)>> {
    // Breadth first; `parent[x]` is the schema and edge x was reached by.
    let mut parent: BTreeMap<&str, (&str, &String)> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(n) = queue.pop_front() {
        for (target, edge) in graph.get(n).into_iter().flatten() {
            if *target == start {
                let mut cycle = vec![(n, edge.clone())];
                let mut cur = n;
                while cur != start {
                    let (prev, prev_edge) = parent.get(cur)?;
                    cycle.push((prev, (*prev_edge).clone()));
                    cur = prev;
                }
                cycle.reverse();
                return Some(cycle);
            }
            if !parent.contains_key(target) {
                parent.insert(target, (n, edge));
                queue.push_back(target);
            }
        }
    }
    None
}

/// Rust names taken by the operations seen so far, with the operationId and
/// the pointer of the first taker.
#[derive(Default)]
struct SeenOperations {
    /// Methods and functions: the operationId in snake_case.
    methods: BTreeMap<String, (String, String)>,
    /// Types: the operationId in PascalCase (plus `Request`/`Response`).
    types: BTreeMap<String, (String, String)>,
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
