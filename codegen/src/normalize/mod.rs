//! One shape for every backend: the document is rewritten, after its
//! references are checked and before the lint, typify, progenitor, the rule
//! model and the emitters see it, so that each of them handles only the
//! constructs it is known to handle correctly.
//!
//! The passes, in order (each one a module):
//!
//! 1. [`rename`] — a component schema whose name is no Rust identifier
//!    (`geo.area`) is renamed (`geo_area`) and every reference follows;
//! 2. [`hoist`] — an inline request or response body schema becomes a
//!    component named after its operation, as progenitor would name its type
//!    (`<Op>Body`, `<Op>Response`, `<Op>Error`), so that the client and the
//!    server still share one named type;
//! 3. [`all_of`] — `allOf` of objects is merged into one object schema (an
//!    `allOf` of a single `$ref` that only adds `nullable` or a description
//!    stays a reference);
//! 4. [`discriminator`] — a base schema with a `discriminator` and subtypes
//!    that `allOf` it, or a `oneOf` of `$ref`s with a `discriminator`, is
//!    rewritten into the one form typify turns into a tagged enum keeping
//!    every field: a `oneOf` of inline objects whose tag property is required
//!    and a one-value string enum.
//!
//! What a pass cannot rewrite it reports, with the pointer of the node in the
//! document as written, and removes from its output so that the lint does
//! not report the same node again. Every pass records where the nodes it
//! moved came from ([`Provenance`]), so the lint's findings on the rewritten
//! document still name the node the user wrote.

use serde_json::Value;

use crate::error::Diagnostic;

mod all_of;
mod discriminator;
mod hoist;
mod rename;

/// The rewritten document, where its nodes came from, and what could not be
/// rewritten.
pub(crate) struct Normalized {
    /// The document every backend reads.
    pub doc: Value,
    /// Maps a pointer into `doc` back to the document as written.
    pub provenance: Provenance,
    /// Problems found while rewriting, with pointers into the document as
    /// written.
    pub diagnostics: Vec<Diagnostic>,
}

/// Rewrites `doc` (whose references the lint has checked: every `$ref`
/// resolves to a component).
pub(crate) fn normalize(doc: &Value) -> Normalized {
    let mut run = Run { doc: doc.clone(), provenance: Provenance::default(), diagnostics: Vec::new() };
    let original_names = run.pass(rename::sanitize_schema_names);
    run.pass(hoist::hoist_inline_bodies);
    let hierarchies = discriminator::Hierarchies::find(&run.doc);
    run.pass(|doc, moves, problems| all_of::merge(doc, &hierarchies.subtypes(), moves, problems));
    run.pass(|doc, moves, problems| hierarchies.rewrite(doc, &original_names, moves, problems));
    Normalized { doc: run.doc, provenance: run.provenance, diagnostics: run.diagnostics }
}

struct Run {
    doc: Value,
    provenance: Provenance,
    diagnostics: Vec<Diagnostic>,
}

impl Run {
    /// Runs one pass; its problems name nodes of its input, which the earlier
    /// passes' records map back to the document as written.
    fn pass<T>(&mut self, pass: impl FnOnce(&mut Value, &mut Moves, &mut Vec<Diagnostic>) -> T) -> T {
        let mut moves = Moves::default();
        let mut problems = Vec::new();
        let out = pass(&mut self.doc, &mut moves, &mut problems);
        for mut d in problems {
            d.pointer = self.provenance.original(&d.pointer);
            self.diagnostics.push(d);
        }
        self.provenance.passes.push(moves);
        out
    }
}

/// Where the nodes of the rewritten document came from: one record per pass.
#[derive(Debug, Default)]
pub(crate) struct Provenance {
    passes: Vec<Moves>,
}

impl Provenance {
    /// The pointer, in the document as written, of the node at `pointer` in
    /// the rewritten document (the nearest enclosing node that was moved,
    /// with the rest of the path kept).
    pub(crate) fn original(&self, pointer: &str) -> String {
        self.passes.iter().rev().fold(pointer.to_owned(), |p, moves| moves.original(&p))
    }
}

/// The nodes one pass moved: (pointer after the pass, pointer before it).
#[derive(Debug, Default)]
pub(crate) struct Moves(Vec<(String, String)>);

impl Moves {
    /// Records that the node now at `to` came from `from`.
    pub(crate) fn record(&mut self, to: impl Into<String>, from: impl Into<String>) {
        self.0.push((to.into(), from.into()));
    }

    /// Maps `pointer` through this pass's moves. A pass may move a node out
    /// of another node it moved (a merged schema takes a property of a
    /// schema merged before it), so the mapping is followed until no move
    /// applies, a few times at most.
    fn original(&self, pointer: &str) -> String {
        let mut current = pointer.to_owned();
        for _ in 0..8 {
            let best = self.0.iter().filter(|(to, _)| is_within(&current, to)).max_by_key(|(to, _)| to.len());
            match best {
                Some((to, from)) if from != to => current = format!("{from}{}", &current[to.len()..]),
                _ => break,
            }
        }
        current
    }
}

/// Whether `pointer` is `prefix` or a node under it.
fn is_within(pointer: &str, prefix: &str) -> bool {
    pointer.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// The component schemas of `doc`, in document order.
fn component_schemas(doc: &Value) -> Vec<(String, Value)> {
    doc.pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default()
}

/// The name `#/components/schemas/<name>` refers to (RFC 6901 escapes undone).
fn schema_ref_name(reference: &str) -> Option<String> {
    let escaped = reference.strip_prefix("#/components/schemas/")?;
    (!escaped.contains('/')).then(|| escaped.replace("~1", "/").replace("~0", "~"))
}

/// `#/components/schemas/<name>`, escaped.
fn schema_ref(name: &str) -> String {
    format!("#{}", crate::error::pointer_push("/components/schemas", name))
}

/// Keywords that only describe a schema: two schemas differing in them
/// accept the same values.
fn is_annotation(key: &str) -> bool {
    matches!(key, "description" | "title" | "example" | "externalDocs" | "readOnly" | "writeOnly")
        || key.starts_with("x-")
}

/// The schema without its annotations, for comparing what two schemas accept.
pub(crate) fn without_annotations(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| !is_annotation(k))
                .map(|(k, v)| {
                    let v = match k.as_str() {
                        "properties" => match v {
                            Value::Object(props) => Value::Object(
                                props.iter().map(|(name, p)| (name.clone(), without_annotations(p))).collect(),
                            ),
                            other => other.clone(),
                        },
                        "items" | "additionalProperties" => without_annotations(v),
                        "oneOf" | "allOf" | "anyOf" => match v {
                            Value::Array(list) => Value::Array(list.iter().map(without_annotations).collect()),
                            other => other.clone(),
                        },
                        _ => v.clone(),
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moved_node_maps_back_through_every_pass() {
        let mut hoisted = Moves::default();
        hoisted.record("/components/schemas/MakeBody", "/paths/~1x/post/requestBody/content/application~1json/schema");
        let mut merged = Moves::default();
        merged.record("/components/schemas/MakeBody/properties/a", "/components/schemas/MakeBody/allOf/0/properties/a");
        merged.record("/components/schemas/MakeBody/properties/b", "/components/schemas/Base/properties/b");
        merged.record("/components/schemas/Base/properties/b", "/components/schemas/Base/allOf/1/properties/b");
        let provenance = Provenance { passes: vec![hoisted, merged] };
        assert_eq!(
            provenance.original("/components/schemas/MakeBody/properties/a/enum/0"),
            "/paths/~1x/post/requestBody/content/application~1json/schema/allOf/0/properties/a/enum/0"
        );
        assert_eq!(
            provenance.original("/components/schemas/MakeBody/properties/b"),
            "/components/schemas/Base/allOf/1/properties/b",
            "a property taken from a schema merged in the same pass"
        );
        assert_eq!(provenance.original("/components/schemas/MakeBodyX"), "/components/schemas/MakeBodyX");
        assert_eq!(provenance.original("/paths"), "/paths");
    }
}
