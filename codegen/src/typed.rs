//! Which request bodies may skip the validator tree on the way in.
//!
//! The generated validators answer every problem with an Onedata error id,
//! which needs a look at the whole JSON document (`validate::Json`); the
//! handler then needs the typed value, which is a second parse. For a body
//! schema whose typify type accepts *no JSON document the validator refuses*,
//! the server can instead deserialize the type first and go to the
//! validators only when that fails (to find the precise error).
//!
//! This module decides, from the schema and the generated type, for which
//! schemas that holds, and writes the check the type cannot express
//! (`minProperties`). The runtime side (`onezone_server::parse_body_typed`)
//! adds the two conditions no type can see: the body is a JSON object
//! (serde also reads a struct from a list) and holds no `null` literal
//! (an `Option` field takes `null` as absent, where the validator refuses
//! it). The argument, schema construct by construct:
//!
//! - a required property is a field that is neither an `Option` nor has a
//!   serde default, so a document without it does not deserialize;
//! - an optional property, when present and not `null`, deserializes into
//!   its field's type, which must be one of the leaf kinds below;
//! - leaves: `string` (serde's `String` and the string newtypes typify emits
//!   read JSON strings only), string `enum` (typify's unit-variant enum
//!   reads the listed strings, or `{"name": null}`, which holds a `null`),
//!   `boolean`, `integer` (Rust integers read integer tokens only; with a
//!   `format`, typify's `i32`/`u8`/… reads exactly the integers in its range,
//!   which is what the validator's `integer_as` accepts), `number` (an `f32`
//!   for `format: float` reads any number, but one out of its range has more
//!   than 15 digits or an exponent, which keeps the validator-first path),
//!   an `array` of leaves (a `Vec` reads lists only), and a schema without a
//!   type (the validator accepts anything);
//! - repeated member names fail a typed struct, so the validators see them;
//! - anything else — nested objects, `oneOf`/`anyOf`,
//!   `additionalProperties`, `minimum`/`maximum`, `minItems` — keeps the
//!   validator-first path.
//!
//! The schemas are those of the normalized document, which the types were
//! generated from too: a merged `allOf` is a plain object here, and qualifies
//! on the same terms.
//!
//! `onezone-server`'s `typed_bodies` test runs every eligible schema through
//! both paths on a corpus of hostile bodies and requires the same answers.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use serde_json::Value;

use crate::names::TypeNames;
use crate::schema::deref;

/// The typed check of every eligible schema among `bodies`, in their order:
/// `(schema name, fn item)`. The function returns whether the constraints
/// the type cannot express hold.
pub(crate) fn checks(
    doc: &Value,
    types: &syn::File,
    bodies: &[String],
    names: &TypeNames,
) -> Vec<(String, TokenStream)> {
    bodies
        .iter()
        .filter_map(|name| {
            let schema = doc.pointer(&format!("/components/schemas/{name}"))?;
            let body = object_check(doc, types, names.of(name), schema)?;
            let f = Ident::new(&crate::server::validator_name(name), Span::call_site());
            let t = Ident::new(names.of(name), Span::call_site());
            let d = format!(" What `types::{t}` cannot check of a `{name}` body by itself.");
            Some((
                name.clone(),
                quote! {
                    #[doc = #d]
                    pub fn #f(value: &types::#t) -> bool {
                        #body
                    }
                },
            ))
        })
        .collect()
}

/// The body of the check for an object schema, or `None` when the schema is
/// not eligible.
fn object_check(doc: &Value, types: &syn::File, type_name: &str, schema: &Value) -> Option<TokenStream> {
    if has_combinator(schema) || schema.get("additionalProperties").is_some_and(|a| a != &Value::Bool(true)) {
        return None;
    }
    let is_object = schema.get("type").and_then(Value::as_str) == Some("object")
        || (schema.get("type").is_none() && schema.get("properties").is_some());
    if !is_object {
        return None;
    }
    let fields = struct_fields(types, type_name)?;
    let props = schema.get("properties").and_then(Value::as_object);
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let min = schema.get("minProperties").and_then(Value::as_u64);
    let mut present = Vec::new();
    let mut always = 0usize;
    for (prop, prop_schema) in props.into_iter().flatten() {
        let field = fields.iter().find(|f| f.json_name == *prop)?;
        if !leaf_ok(doc, prop_schema, 0) {
            return None;
        }
        if required.contains(&prop.as_str()) {
            if field.optional || field.has_default {
                return None;
            }
            always += 1;
        } else if min.is_some() {
            if !field.optional {
                return None;
            }
            let f = &field.ident;
            present.push(quote! { usize::from(value.#f.is_some()) });
        }
    }
    // A required name the schema does not declare: the validator wants it,
    // the type has no field for it.
    if required.iter().any(|r| !props.is_some_and(|p| p.contains_key(*r))) {
        return None;
    }
    Some(match min {
        Some(min) => {
            let min = min as usize;
            let always = (always > 0).then(|| quote! { #always + });
            quote! { #always #(#present)+* >= #min }
        }
        None => quote! {
            let _ = value;
            true
        },
    })
}

fn has_combinator(schema: &Value) -> bool {
    ["oneOf", "anyOf", "allOf", "not"].iter().any(|k| schema.get(k).is_some())
}

/// Whether the Rust type of a property with this schema reads only JSON the
/// validator accepts (`null` aside).
fn leaf_ok(doc: &Value, schema: &Value, depth: usize) -> bool {
    if depth > 32 {
        return false;
    }
    if schema.get("$ref").is_some() {
        return deref(doc, schema).is_some_and(|target| leaf_ok(doc, target, depth + 1));
    }
    // A bound or a non-empty list is a rule the Rust type does not hold
    // (typify picks a type whose range may be wider).
    let bounded = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minItems"];
    if has_combinator(schema) || schema.get("properties").is_some() || bounded.iter().any(|k| schema.get(k).is_some()) {
        return false;
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("string" | "boolean" | "integer" | "number") | None => true,
        Some("array") => schema.get("items").is_some_and(|items| leaf_ok(doc, items, depth + 1)),
        Some(_) => false,
    }
}

struct Field {
    ident: syn::Ident,
    json_name: String,
    optional: bool,
    has_default: bool,
}

/// The named fields of the generated struct `name`, with the JSON names
/// serde gives them.
fn struct_fields(types: &syn::File, name: &str) -> Option<Vec<Field>> {
    let item = types.items.iter().find_map(|item| match item {
        syn::Item::Struct(s) if s.ident == name => Some(s),
        _ => None,
    })?;
    // A container attribute such as `from`/`try_from` or `transparent`
    // changes what the type reads: only plain derives qualify.
    if item.attrs.iter().any(|a| a.path().is_ident("serde")) {
        return None;
    }
    let syn::Fields::Named(named) = &item.fields else { return None };
    named
        .named
        .iter()
        .map(|field| {
            let ident = field.ident.clone()?;
            let (rename, has_default) = serde_attrs(&field.attrs)?;
            let json_name = rename.unwrap_or_else(|| ident.to_string().trim_start_matches("r#").to_owned());
            let optional = matches!(&field.ty, syn::Type::Path(p)
                if p.path.segments.last().is_some_and(|s| s.ident == "Option"));
            Some(Field { ident, json_name, optional, has_default })
        })
        .collect()
}

/// `rename = "…"` and whether any `default` is set; `None` for a serde
/// attribute this analysis does not know (then nothing is assumed).
fn serde_attrs(attrs: &[syn::Attribute]) -> Option<(Option<String>, bool)> {
    let mut rename = None;
    let mut has_default = false;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let mut unknown = false;
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                rename = Some(meta.value()?.parse::<syn::LitStr>()?.value());
            } else if meta.path.is_ident("default") {
                has_default = true;
                if meta.input.peek(syn::Token![=]) {
                    meta.value()?.parse::<syn::LitStr>()?;
                }
            } else if meta.path.is_ident("skip_serializing_if") {
                meta.value()?.parse::<syn::LitStr>()?;
            } else {
                unknown = true;
                // Consume whatever follows so parsing can go on.
                if meta.input.peek(syn::Token![=]) {
                    meta.value()?.parse::<syn::Expr>()?;
                }
            }
            Ok(())
        })
        .ok()?;
        if unknown {
            return None;
        }
    }
    Some((rename, has_default))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn types(src: &str) -> syn::File {
        syn::parse_str(src).unwrap()
    }

    const PRIVS: &str = r#"
        pub struct Update {
            #[serde(skip_serializing_if = "::std::option::Option::is_none")]
            pub grant: ::std::option::Option<Privs>,
            #[serde(rename = "revoke", default, skip_serializing_if = "::std::option::Option::is_none")]
            pub revoke_: ::std::option::Option<Privs>,
        }
    "#;

    fn doc(update: Value) -> Value {
        json!({"components": {"schemas": {
            "Update": update,
            "Privs": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}},
            "Nested": {"type": "object", "properties": {"x": {"type": "string"}}},
        }}})
    }

    fn check(doc: &Value, src: &str) -> Option<String> {
        let schema = doc.pointer("/components/schemas/Update").unwrap();
        object_check(doc, &types(src), "Update", schema).map(|t| t.to_string())
    }

    #[test]
    fn min_properties_becomes_a_count_of_present_fields() {
        let d = doc(json!({"type": "object", "minProperties": 1, "properties": {
            "grant": {"$ref": "#/components/schemas/Privs"},
            "revoke": {"$ref": "#/components/schemas/Privs"},
        }}));
        let body = check(&d, PRIVS).unwrap();
        assert!(body.contains("value . grant . is_some ()") && body.contains("value . revoke_ . is_some ()"), "{body}");
        assert!(body.contains(">= 1usize"), "{body}");
    }

    #[test]
    fn ineligible_schemas_keep_the_validator_first_path() {
        let props = json!({
            "grant": {"$ref": "#/components/schemas/Privs"},
            "revoke": {"$ref": "#/components/schemas/Nested"},
        });
        assert_eq!(check(&doc(json!({"type": "object", "properties": props})), PRIVS), None, "nested object");
        let plain = json!({"grant": {"type": "string"}, "revoke": {"type": "string"}});
        let closed = json!({"type": "object", "additionalProperties": false, "properties": plain});
        assert_eq!(check(&doc(closed), PRIVS), None, "additionalProperties");
        let one_of = json!({"type": "object", "properties": {
            "grant": {"oneOf": [{"type": "string"}, {"type": "integer"}]}, "revoke": {"type": "string"}}});
        assert_eq!(check(&doc(one_of), PRIVS), None, "oneOf");
        // A required property whose field is an Option (or has a default)
        // would deserialize without it.
        let required = json!({"type": "object", "required": ["grant"], "properties": plain});
        assert_eq!(check(&doc(required), PRIVS), None, "required Option field");
        let undeclared = json!({"type": "object", "required": ["other"], "properties": plain});
        assert_eq!(check(&doc(undeclared), PRIVS), None, "required but not declared");
        let unknown_field =
            json!({"type": "object", "properties": {"grant": {"type": "string"}, "x": {"type": "string"}}});
        assert_eq!(check(&doc(unknown_field), PRIVS), None, "property without a field");
        let unknown_attr = "pub struct Update { #[serde(with = \"m\")] pub grant: String }";
        assert_eq!(
            check(&doc(json!({"type": "object", "properties": {"grant": {"type": "string"}}})), unknown_attr),
            None
        );
    }

    #[test]
    fn required_plain_fields_need_no_check() {
        let src =
            "pub struct Update { pub name: ::std::string::String, #[serde(rename = \"type\")] pub type_: Option<T> }";
        let d = doc(json!({"type": "object", "required": ["name"], "properties": {
            "name": {"type": "string"}, "type": {"type": "string", "enum": ["x"]}}}));
        assert_eq!(check(&d, src).unwrap(), "let _ = value ; true");
    }
}
