//! Component schemas: their Rust names, the keywords and constructs the
//! generators support, enums, tagged unions, and every example against its
//! schema.

use super::refs::all_refs;
use super::*;

impl Lint<'_> {
    pub(super) fn schemas(&mut self) {
        let Some(schemas) = self.doc.pointer("/components/schemas").and_then(Value::as_object) else { return };
        let mut type_names: BTreeMap<String, String> = BTreeMap::new();
        for (name, s) in schemas {
            let at = pointer_push("/components/schemas", name);
            if !is_rust_friendly(name) {
                // Renamed by the normalization, which reports a name it could
                // not give.
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
    pub(super) fn inline_type_names(&mut self, schemas: &Map<String, Value>, components: &BTreeMap<String, String>) {
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
                    // Told apart by a description only, the two are one type.
                    if crate::normalize::without_annotations(schema) != crate::normalize::without_annotations(t.schema)
                    {
                        self.report(
                            t.at,
                            format!("typify names the type of this inline schema `{n}`, as it names the different inline schema at {first}, and would keep only one of them (in a tagged union, every variant's properties are named after the union); rename a property, or move one of them into components/schemas and `$ref` it"),
                        );
                    }
                } else {
                    seen.insert(n.clone(), (t.at, t.schema));
                }
            }
        }
    }

    /// Keyword support and example validity of one schema and its children.
    pub(super) fn schema(&mut self, s: &Value, at: &str) {
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
                    "keywords beside `$ref` are ignored in OpenAPI 3.0; move them into the referenced schema, or write the reference as `allOf: [{$ref: ...}]` beside them (so `nullable: true` makes a reference nullable)",
                );
            }
            return;
        }
        for key in map.keys() {
            if key.starts_with("x-") || SCHEMA_KEYWORDS.contains(&key.as_str()) {
                continue;
            }
            let hint = match key.as_str() {
                // Both are rewritten by the normalization, which reports what
                // it cannot rewrite; these stay as a fallback.
                "discriminator" => {
                    "the discriminator could not be turned into a tagged `oneOf` (a `oneOf` of `$ref`s, or a base that its subtypes `allOf`)"
                }
                "allOf" => "it could not be merged into one object schema",
                "anyOf" | "not" => {
                    "it cannot be turned into one Rust type plus a validator; use `oneOf`, a plain object or an `allOf` of objects"
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
        self.bounds(map, ty, at);
        if let Some(min) = map.get("minItems") {
            let at = pointer_push(at, "minItems");
            if ty != Some("array") {
                self.report(at, "`minItems` belongs to an array schema (`type: array`)");
            } else if !matches!(min.as_u64(), Some(0 | 1)) {
                self.report(at, format!("`minItems: {min}` cannot be enforced: a zone's only error for a short list is `badValueEmpty`, so `minItems` may be 0 or 1"));
            }
        }
        if let Some(default) = map.get("default") {
            let mut violations = Vec::new();
            schema::validate(self.doc, s, default, &mut violations);
            for v in violations {
                self.report(
                    pointer_push(at, "default"),
                    format!(
                        "the default does not match its schema: {}; a server would fill in a value it refuses",
                        v.describe()
                    ),
                );
            }
        }
        match map.get("additionalProperties") {
            None | Some(Value::Bool(_)) => {}
            // A map: the type of every other member's value.
            Some(ap @ Value::Object(_)) => self.schema(ap, &pointer_push(at, "additionalProperties")),
            Some(other) => self.report(
                pointer_push(at, "additionalProperties"),
                format!("`additionalProperties` must be a boolean or a schema, found {}", kind_of(other)),
            ),
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

    /// `minimum`/`maximum` on numbers only, as numbers, low ≤ high; the
    /// exclusive forms (booleans in OpenAPI 3.0) on integers only, where
    /// they mean the next integer in: a zone has no error for "more than".
    fn bounds(&mut self, map: &Map<String, Value>, ty: Option<&str>, at: &str) {
        let numeric = matches!(ty, Some("integer" | "number"));
        for (key, exclusive) in [("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")] {
            if let Some(bound) = map.get(key) {
                let at = pointer_push(at, key);
                if !numeric {
                    self.report(at, format!("`{key}` belongs to an integer or number schema"));
                } else if !bound.is_number() {
                    self.report(at, format!("`{key}` must be a number, found {}", kind_of(bound)));
                }
            }
            match map.get(exclusive) {
                None | Some(Value::Bool(false)) => {}
                Some(Value::Bool(true)) if ty == Some("integer") && map.contains_key(key) => {}
                Some(Value::Bool(true)) if ty == Some("integer") => {
                    self.report(pointer_push(at, exclusive), format!("`{exclusive}: true` needs `{key}`"));
                }
                Some(Value::Bool(true)) => self.report(
                    pointer_push(at, exclusive),
                    format!("`{exclusive}` cannot be enforced on a `number`: a zone's range errors name inclusive bounds; use `{key}`"),
                ),
                Some(other) => self.report(
                    pointer_push(at, exclusive),
                    format!("`{exclusive}` must be a boolean in OpenAPI 3.0, found {}", kind_of(other)),
                ),
            }
        }
        if let (Some(low), Some(high)) =
            (map.get("minimum").and_then(Value::as_f64), map.get("maximum").and_then(Value::as_f64))
            && low > high
        {
            self.report(
                pointer_push(at, "minimum"),
                format!("`minimum` {low} is above `maximum` {high}: no value fits"),
            );
        }
    }

    /// The generated validators check `enum` on strings only; typify needs
    /// values of the declared type and a distinct Rust variant per value.
    pub(super) fn enum_values(&mut self, values: &Value, ty: Option<&Value>, at: &str) {
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

    pub(super) fn one_of(&mut self, s: &Value, variants: &Value, at: &str) {
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
                Some((tag, variants)) => {
                    self.tags_distinct(&tag, &variants, at);
                    self.variants_closed_or_open(list, at);
                }
            }
        } else if !all_refs && !all_inline {
            self.report(at, "mix of `$ref` and inline variants in `oneOf`: use only `$ref`s (untagged) or only inline objects (tagged)");
        }
    }

    /// typify builds a tagged variant only from an object that leaves
    /// `additionalProperties` unset or `false` (it panics on anything else):
    /// a variant has fields, not map entries.
    pub(super) fn variants_closed_or_open(&mut self, variants: &[Value], at: &str) {
        for (i, v) in variants.iter().enumerate() {
            let Some(ap) = v.get("additionalProperties") else { continue };
            if *ap != Value::Bool(false) {
                self.report(
                    pointer_push(&pointer_push(at, &i.to_string()), "additionalProperties"),
                    "a variant of a tagged union cannot take `additionalProperties` (only `false`): typify makes each variant a set of fields; drop it, or wrap the map in a property",
                );
            }
        }
    }

    /// typify turns a tagged union into `#[serde(tag = ...)]` only when each
    /// variant has its own tag value and the tag cannot be null; otherwise it
    /// falls back to an untagged enum, which decodes the first variant that
    /// fits and drops the other variants' fields.
    pub(super) fn tags_distinct(&mut self, tag: &str, variants: &[(String, &Value)], at: &str) {
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

    pub(super) fn example(&mut self, schema_node: &Value, example: &Value, at: &str) {
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
}
