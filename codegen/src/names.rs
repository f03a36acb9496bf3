//! The Rust names the backends derive from spec names, and the names the
//! generated modules already bring into scope, so that the lint can refuse a
//! spec whose names would collide in the generated code.
//!
//! The naming rules are those of the pinned typify 0.8.0 and progenitor
//! 0.15.1 (`typify-impl/src/util.rs` `sanitize`, `type_entry.rs`
//! `TypeEntryEnum::from_metadata`, `structs.rs` `struct_members`,
//! `convert.rs` array items); the scope lists follow the `use` lines of
//! `server.rs` and of progenitor's client module.

use std::collections::BTreeMap;

use heck::{ToPascalCase, ToSnakeCase};
use serde_json::Value;

use crate::error::pointer_push;

/// Type and trait names at the top level of the generated server module,
/// where the spec's names become `<Tag>Api`, `<Op>Request` and
/// `<Op>Response`: what it imports by name, what the emitter itself writes
/// there, and what the crate root re-exports beside `generated::*` with a
/// name of those shapes. Everywhere else the emitted code names runtime
/// items by path (`crate::Operation`, `super::types::X`), so nothing more is
/// reserved.
pub(crate) const SERVER_SCOPE: &[&str] = &[
    // `use` of the top level: the runtime items the trait signatures name.
    "ApiError",
    "Auth",
    "RequestContext",
    "Future",
    "Json",
    "Created",
    "CreatedWith",
    "NoContent",
    // Written by the emitter.
    "OnezoneApi",
    // Re-exported by the crate root (`lib.rs`), shaped like `<Op>Response`.
    "ApiResponse",
];

/// Names progenitor's `builder` module imports; each operation's builder
/// struct there is the operationId in PascalCase.
pub(crate) const CLIENT_BUILDER_SCOPE: &[&str] =
    &["ByteStream", "ClientInfo", "ClientHooks", "Error", "OperationInfo", "RequestBuilderExt", "ResponseValue"];

/// Methods of every progenitor builder: a path parameter's setter must not
/// take one of these names. `body` and `body_map` exist when the operation
/// has a request body.
pub(crate) const BUILDER_METHODS: &[&str] = &["new", "send"];

/// Type names the hand-written part of the types crate defines; a schema of
/// that name would be shadowed by it.
pub(crate) const TYPES_SCOPE: &[&str] = &["Secret"];

/// String formats typify maps to types of crates the generated types crate
/// does not depend on, with the type it would use.
pub(crate) const FOREIGN_FORMATS: &[(&str, &str)] =
    &[("date", "chrono::NaiveDate"), ("date-time", "chrono::DateTime<Utc>"), ("uuid", "uuid::Uuid")];

/// `schema` without OpenAPI 3.0's boolean `exclusiveMinimum`/`exclusiveMaximum`,
/// which schemars (JSON Schema's numeric form) cannot read; no type name
/// depends on them.
fn without_boolean_exclusives(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, v)| !(v.is_boolean() && matches!(k.as_str(), "exclusiveMinimum" | "exclusiveMaximum")))
                .map(|(k, v)| (k.clone(), without_boolean_exclusives(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_boolean_exclusives).collect()),
        other => other.clone(),
    }
}

/// The Rust name of each component schema's type, as typify gives it: asked
/// of a type space holding the spec's components, never re-derived. The
/// generated server, the conformance table and the typed checks name the
/// shared types through it.
#[derive(Debug, Clone, Default)]
pub(crate) struct TypeNames(BTreeMap<String, String>);

impl TypeNames {
    /// Asks typify (the version progenitor uses) what it calls the type of
    /// `#/components/schemas/<name>` for every component schema of `doc`.
    pub(crate) fn ask_typify(doc: &Value) -> Result<Self, String> {
        let Some(schemas) = doc.pointer("/components/schemas").and_then(Value::as_object) else {
            return Ok(Self::default());
        };
        let definitions = schemas
            .iter()
            .map(|(name, schema)| {
                serde_json::from_value::<schemars::schema::Schema>(without_boolean_exclusives(schema))
                    .map(|schema| (name.clone(), schema))
                    .map_err(|e| format!("/components/schemas/{name}: typify cannot read it: {e}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut space = typify::TypeSpace::new(&typify::TypeSpaceSettings::default());
        space.add_ref_types(definitions).map_err(|e| format!("/components/schemas: {e}"))?;
        let mut names = BTreeMap::new();
        for name in schemas.keys() {
            let reference = schemars::schema::Schema::new_ref(format!("#/components/schemas/{name}"));
            let rust = space
                .add_type(&reference)
                .and_then(|id| space.get_type(&id).map(|t| t.name()))
                .map_err(|e| format!("/components/schemas/{name}: {e}"))?;
            names.insert(name.clone(), rust);
        }
        Ok(Self(names))
    }

    /// The Rust type of component schema `schema` (its name as it is, for a
    /// schema typify was not asked about: the compiler then names the gap).
    pub(crate) fn of<'a>(&'a self, schema: &'a str) -> &'a str {
        self.0.get(schema).map_or(schema, String::as_str)
    }
}

/// The `Client` method and the builder struct (in `builder`) progenitor
/// generates for an operationId: the id in snake_case and in PascalCase
/// (heck's cases, as progenitor names them for the ids the lint accepts).
pub(crate) fn client_operation_names(operation_id: &str) -> (String, String) {
    (operation_id.to_snake_case(), operation_id.to_pascal_case())
}

/// typify's `sanitize(input, Case::Pascal)`: the identifier it makes of a
/// name. Unicode identifier classes are approximated by `is_alphanumeric`.
pub(crate) fn typify_pascal(input: &str) -> String {
    let out = match input {
        "+1" => "plus1".to_owned(),
        "-1" => "minus1".to_owned(),
        _ => input.replace('\'', "").replace(|c: char| !is_ident_continue(c), "-").to_pascal_case(),
    };
    let out = match out.chars().next() {
        None => "X".to_owned(),
        Some(c) if c.is_alphabetic() => out,
        Some(_) => format!("X{out}"),
    };
    if syn::parse_str::<syn::Ident>(&out).is_ok() { out } else { format!("{out}_") }
}

fn is_ident_continue(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The variant names typify gives the values of a string enum (or the tag
/// values of a tagged union): each value sanitized; if two coincide, again
/// with `_` and every other non-identifier character turned into `X`. When
/// they still coincide typify panics; this returns the indices of the first
/// such pair and the name they share.
pub(crate) fn variant_clash(values: &[&str]) -> Option<(usize, usize, String)> {
    let first: Vec<String> = values.iter().map(|v| typify_pascal(v)).collect();
    // All distinct on the first try: typify keeps these names.
    first_duplicate(&first)?;
    let second: Vec<String> =
        values.iter().map(|v| typify_pascal(&v.replace(|c: char| c == '_' || !is_ident_continue(c), "X"))).collect();
    first_duplicate(&second).map(|(i, j)| (i, j, second[j].clone()))
}

fn first_duplicate(names: &[String]) -> Option<(usize, usize)> {
    names.iter().enumerate().find_map(|(j, n)| names[..j].iter().position(|m| m == n).map(|i| (i, j)))
}

/// A type typify invents for an inline schema: its Rust name, the pointer of
/// the schema, and the schema itself.
pub(crate) struct InlineType<'a> {
    pub name: String,
    pub at: String,
    pub schema: &'a Value,
}

/// Whether typify turns this inline schema into a named type (a struct or
/// an enum) rather than a built-in one (`String`, `Vec`, `Map`, ...).
fn makes_type(schema: &Value) -> bool {
    schema.get("enum").is_some() || schema.get("oneOf").is_some() || schema.get("properties").is_some()
}

/// The named types typify invents for the inline schemas under the component
/// schema `node` whose type is `type_name`: a property's type is named after
/// its parent type and the property (`Thing` + `kind` → `ThingKind`), an
/// array's items after the array (`…Item`), unless the schema has a `title`.
/// In a tagged union (a `oneOf` of inline objects) each variant's properties
/// are named after the union's type — after the variant's `title` instead
/// when the union is not a component itself — the tag property aside (it
/// becomes the serde tag, not a field). Other `oneOf`s and nullable schemas
/// are left out (no prediction rather than a wrong one).
pub(crate) fn inline_types<'a>(node: &'a Value, type_name: &str, at: &str, out: &mut Vec<InlineType<'a>>) {
    named_inline_types(node, type_name, true, at, out);
}

/// `required`: whether `type_name` is a component's own name, which typify
/// keeps even where a variant has a `title`.
fn named_inline_types<'a>(node: &'a Value, type_name: &str, required: bool, at: &str, out: &mut Vec<InlineType<'a>>) {
    if node.get("nullable").and_then(Value::as_bool) == Some(true) {
        return;
    }
    if let Some(variants) = node.get("oneOf").and_then(Value::as_array) {
        let Some(tag) = inline_tag(variants) else { return };
        for (i, variant) in variants.iter().enumerate() {
            let title = variant.get("title").and_then(Value::as_str).filter(|_| !required);
            let base = title.map_or_else(|| type_name.to_owned(), typify_pascal);
            let variant_at = pointer_push(&pointer_push(at, "oneOf"), &i.to_string());
            properties(variant, &base, Some(tag), &variant_at, out);
        }
        return;
    }
    properties(node, type_name, None, at, out);
    if let Some(items) = node.get("items") {
        child(items, &format!("{type_name}Item"), &pointer_push(at, "items"), out);
    }
}

fn properties<'a>(node: &'a Value, type_name: &str, skip: Option<&str>, at: &str, out: &mut Vec<InlineType<'a>>) {
    if let Some(props) = node.get("properties").and_then(Value::as_object) {
        for (prop, schema) in props.iter().filter(|(p, _)| Some(p.as_str()) != skip) {
            let name = format!("{type_name}_{}", prop.to_snake_case());
            child(schema, &name, &pointer_push(&pointer_push(at, "properties"), prop), out);
        }
    }
}

/// The tag property of a `oneOf` of inline objects that typify makes a
/// tagged enum of: in every variant required and a one-value string enum.
fn inline_tag(variants: &[Value]) -> Option<&str> {
    let first = variants.first()?;
    let props = first.get("properties")?.as_object()?;
    props.keys().map(String::as_str).find(|name| {
        variants.iter().all(|v| {
            let required = v.get("required").and_then(Value::as_array).is_some_and(|r| r.iter().any(|r| r == name));
            let one_value = v
                .pointer(&pointer_push("/properties", name))
                .and_then(|p| p.get("enum"))
                .and_then(Value::as_array)
                .is_some_and(|e| matches!(e.as_slice(), [Value::String(_)]));
            v.get("$ref").is_none() && required && one_value
        })
    })
}

fn child<'a>(schema: &'a Value, suggested: &str, at: &str, out: &mut Vec<InlineType<'a>>) {
    if schema.get("$ref").is_some() || !schema.is_object() {
        return;
    }
    let name = typify_pascal(schema.get("title").and_then(Value::as_str).unwrap_or(suggested));
    if makes_type(schema) {
        out.push(InlineType { name: name.clone(), at: at.to_owned(), schema });
    }
    named_inline_types(schema, &name, false, at, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Every type or trait name the committed server module imports is in
    /// [`SERVER_SCOPE`]: when the emitter starts importing another one, this
    /// fails until the lint knows about it. (The committed module is what
    /// the emitter writes: `cargo test` fails when it is stale.)
    #[test]
    fn server_scope_holds_every_name_the_server_module_imports() {
        fn names(tree: &syn::UseTree, out: &mut Vec<String>) {
            match tree {
                syn::UseTree::Path(p) => names(&p.tree, out),
                syn::UseTree::Name(n) => out.push(n.ident.to_string()),
                syn::UseTree::Rename(r) => out.push(r.rename.to_string()),
                syn::UseTree::Group(g) => g.items.iter().for_each(|t| names(t, out)),
                syn::UseTree::Glob(_) => {}
            }
        }
        fn walk(items: &[syn::Item], out: &mut Vec<String>) {
            for item in items {
                match item {
                    syn::Item::Use(u) => names(&u.tree, out),
                    syn::Item::Mod(m) => walk(m.content.as_ref().map_or(&[][..], |(_, items)| items), out),
                    _ => {}
                }
            }
        }
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../generated-server-stubs/src/generated.rs");
        let file = syn::parse_file(&std::fs::read_to_string(path).unwrap()).unwrap();
        let mut imported = Vec::new();
        walk(&file.items, &mut imported);
        // Validator helpers: the validators module holds only functions.
        let functions_only = ["Json", "Key"];
        let missing: Vec<&String> = imported
            .iter()
            .filter(|n| n.starts_with(|c: char| c.is_ascii_uppercase()))
            .filter(|n| !SERVER_SCOPE.contains(&n.as_str()) && !functions_only.contains(&n.as_str()))
            .collect();
        assert!(imported.len() > 8, "the walk found the imports: {imported:?}");
        assert!(missing.is_empty(), "imported by the server module but not in SERVER_SCOPE: {missing:?}");
    }

    /// The lint predicts typify's names before typify runs (to report a
    /// clash at its JSON pointer); the generator asks typify itself. On the
    /// workspace's spec and every fixture (as normalized, which is what both
    /// see), the two agree.
    #[test]
    fn the_lint_predicts_the_names_typify_gives() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let fixtures = ["minimal", "statuses", "allof", "discriminator", "maps", "inline", "redirect"];
        let specs = fixtures.iter().map(|f| format!("codegen/tests/fixtures/{f}.yaml"));
        for spec in std::iter::once("spec/onezone.yaml".to_owned()).chain(specs) {
            let text = std::fs::read_to_string(format!("{root}/{spec}")).unwrap();
            let doc = crate::normalized_document(&text, &crate::Settings::new(&spec)).unwrap();
            let names = TypeNames::ask_typify(&doc).unwrap();
            let schemas = doc.pointer("/components/schemas").and_then(Value::as_object).unwrap();
            assert!(!schemas.is_empty(), "{spec}");
            for name in schemas.keys() {
                assert_eq!(typify_pascal(name), names.of(name), "{spec}: {name}");
            }
        }
    }

    #[test]
    fn typify_names() {
        assert_eq!(typify_pascal("Thing_kind"), "ThingKind");
        assert_eq!(typify_pascal("a-b"), "AB");
        assert_eq!(typify_pascal(""), "X");
        assert_eq!(typify_pascal("1abc"), "X1abc");
        assert_eq!(typify_pascal("self"), "Self_");
        assert_eq!(typify_pascal("handle_service_view"), "HandleServiceView");
    }

    #[test]
    fn variant_names() {
        assert_eq!(variant_clash(&["a-b", "a_b"]), Some((0, 1, "AXb".to_owned())));
        assert_eq!(variant_clash(&["a-b", "a+b"]), Some((0, 1, "AXb".to_owned())));
        assert_eq!(variant_clash(&["a", "A"]), Some((0, 1, "A".to_owned())));
        // Distinct after the second pass: typify copes.
        assert_eq!(variant_clash(&["a_b", "aB"]), None);
        assert_eq!(variant_clash(&["DOI", "PID"]), None);
    }

    #[test]
    fn inline_type_names() {
        let schema = json!({"type": "object", "properties": {
            "kind": {"type": "string", "enum": ["x"]},
            "list": {"type": "array", "items": {"type": "object", "properties": {"a": {"type": "string"}}}},
            "named": {"title": "Custom", "type": "string", "enum": ["y"]},
            "plain": {"type": "string"},
            "other": {"$ref": "#/components/schemas/Other"}}});
        let mut out = Vec::new();
        inline_types(&schema, "Thing", "/components/schemas/Thing", &mut out);
        let names: Vec<(&str, &str)> = out.iter().map(|t| (t.name.as_str(), t.at.as_str())).collect();
        assert_eq!(
            names,
            [
                ("ThingKind", "/components/schemas/Thing/properties/kind"),
                ("ThingListItem", "/components/schemas/Thing/properties/list/items"),
                ("Custom", "/components/schemas/Thing/properties/named"),
            ]
        );
    }
}
