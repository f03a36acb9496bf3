//! The public Rust API of the generated crates, read from the syntax trees
//! the generator emits — not derived from the spec a second time. Every
//! public struct, field, enum, variant, trait, trait method, inherent
//! method, function, constant, re-export and trait impl becomes an [`Item`]
//! with a comparable signature, and with where it comes from ([`Origin`]):
//! the spec node a type, field or variant was generated from (found by
//! following the generated field types from each component schema), or the
//! operation a method, request struct or response enum belongs to (found
//! with the emitters' own naming queries, `server::operation_items` and
//! `names::client_operation_names`).

use std::collections::{BTreeMap, HashSet};

use onezone_upstream::{Method, OpKey, normalize_path};
use quote::ToTokens;
use serde_json::Value;

use crate::Built;
use crate::error::pointer_push;

/// One of the generated crates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Crate {
    /// `onezone-types` (`generated-types/`): the schema types.
    Types,
    /// `onezone-client` (`generated-client/`): the progenitor client.
    Client,
    /// `onezone-server` (`generated-server-stubs/`): traits, request and
    /// response types, router.
    Server,
}

impl Crate {
    /// The three crates, in report order.
    pub const ALL: [Crate; 3] = [Crate::Types, Crate::Client, Crate::Server];

    /// The package name (`onezone-types`).
    pub fn name(self) -> &'static str {
        match self {
            Crate::Types => "onezone-types",
            Crate::Client => "onezone-client",
            Crate::Server => "onezone-server",
        }
    }
}

impl serde::Serialize for Crate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// What an item is, with what decides how a change to it is graded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `constructible`: every field public and no `#[non_exhaustive]`, so
    /// downstream code may build it with a struct literal.
    Struct {
        constructible: bool,
    },
    Field,
    /// `exhaustive`: no `#[non_exhaustive]`, so downstream code may match it
    /// without a wildcard arm.
    Enum {
        exhaustive: bool,
    },
    Variant,
    VariantField,
    Trait,
    /// `Sub: Super` of a trait declaration.
    Supertrait,
    /// `has_body`: a default body, so implementors need not write it.
    TraitMethod {
        has_body: bool,
    },
    Method,
    Function,
    Const,
    /// `derived`: from `#[derive(..)]` rather than an `impl` block.
    Impl {
        derived: bool,
    },
    /// `pub use` and `pub type`.
    Reexport,
}

/// Which of an operation's Rust items an item is: decides which kinds of
/// wire change can account for a change to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    /// Exists as long as the operation does (client method, builder and
    /// marker types).
    Exists,
    /// The per-tag trait and its place among `OnezoneApi`'s supertraits.
    Trait,
    /// The trait method: its place (tag) and signature (claims, answer).
    TraitMethod,
    /// The server's `<Op>Request` struct.
    Request,
    /// The server's `<Op>Response` enum.
    Response,
    /// A builder setter of the client (path parameters, body).
    ClientSetter,
    /// The builder's `send` (its answer type).
    ClientSend,
}

/// Where an item comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Origin {
    /// A spec node (JSON pointer into the spec); with `subtree`, every node
    /// under it too.
    Schema { pointer: String, subtree: bool },
    /// An operation, by method and path with positional parameters.
    Operation { key: OpKey, part: Part },
}

/// One public item.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub kind: Kind,
    /// What is compared across versions: a field's type, a variant's shape,
    /// a method's signature, a struct's shape.
    pub sig: String,
    /// The item it belongs to (a field's struct, a method's type).
    pub parent: Option<String>,
    /// The name on the wire, for fields and variants (`#[serde(rename)]`,
    /// else the Rust name).
    pub wire: Option<String>,
    /// Declaration order among its siblings.
    pub index: usize,
    pub origins: Vec<Origin>,
}

/// The public API of the three crates, keyed by crate and path inside it
/// (`Thing`, `Thing.name`, `ThingKind::Doi`, `builder::GetThing::send`,
/// `GroupApi::get_group`, `OnezoneApi: GroupApi`, `Thing: Clone`).
pub(crate) struct Surface {
    pub items: BTreeMap<(Crate, String), Item>,
    /// Each crate's generated code as token text (no header, no
    /// formatting): whether anything at all changed.
    pub code: BTreeMap<Crate, String>,
}

impl Surface {
    /// Reads the public API of what [`crate::build`] produced.
    pub(crate) fn read(built: &Built) -> Surface {
        let mut items = BTreeMap::new();
        Walker { krate: Crate::Types, out: &mut items }.items(&built.types.items, "");
        Walker { krate: Crate::Client, out: &mut items }.items(&built.client.items, "");
        Walker { krate: Crate::Server, out: &mut items }.items(&built.server.items, "");
        Walker { krate: Crate::Server, out: &mut items }.items(&built.server_dynamic.items, "");
        let code = BTreeMap::from([
            (Crate::Types, built.types.to_token_stream().to_string()),
            (Crate::Client, built.client.to_token_stream().to_string()),
            (Crate::Server, format!("{}\n{}", built.server.to_token_stream(), built.server_dynamic.to_token_stream())),
        ]);
        let mut surface = Surface { items, code };
        surface.schema_origins(&built.doc, &built.names);
        surface.operation_origins(&built.model);
        surface
    }

    fn add_origin(&mut self, krate: Crate, path: &str, origin: Origin) {
        if let Some(item) = self.items.get_mut(&(krate, path.to_owned()))
            && !item.origins.contains(&origin)
        {
            item.origins.push(origin);
        }
    }

    /// Paths of the items of `krate` whose parent is `parent`, in
    /// declaration order.
    fn children(&self, krate: Crate, parent: &str) -> Vec<String> {
        let mut out: Vec<(&usize, &String)> = self
            .items
            .iter()
            .filter(|((k, _), item)| *k == krate && item.parent.as_deref() == Some(parent))
            .map(|((_, path), item)| (&item.index, path))
            .collect();
        out.sort();
        out.into_iter().map(|(_, p)| p.clone()).collect()
    }

    /// Every type typify generated, traced to the spec node it stands for,
    /// starting at each component schema and following the field types.
    fn schema_origins(&mut self, doc: &Value, names: &crate::names::TypeNames) {
        let Some(schemas) = doc.pointer("/components/schemas").and_then(Value::as_object) else { return };
        let mut visited = HashSet::new();
        for (name, node) in schemas {
            let at = pointer_push("/components/schemas", name);
            self.walk_type(doc, names.of(name), &at, node, &mut visited);
            let function = crate::server::validator_name(name);
            for module in ["validators", "typed_checks"] {
                let origin = Origin::Schema { pointer: at.clone(), subtree: true };
                self.add_origin(Crate::Server, &format!("{module}::{function}"), origin);
            }
        }
    }

    fn walk_type(&mut self, doc: &Value, ty: &str, at: &str, node: &Value, visited: &mut HashSet<(String, String)>) {
        if !visited.insert((ty.to_owned(), at.to_owned())) {
            return;
        }
        if !self.items.contains_key(&(Crate::Types, ty.to_owned())) {
            return;
        }
        let here = Origin::Schema { pointer: at.to_owned(), subtree: false };
        self.add_origin(Crate::Types, ty, here.clone());
        let builder = format!("builder::{ty}");
        self.add_origin(Crate::Types, &builder, here.clone());
        for path in self.children(Crate::Types, &builder) {
            if matches!(self.items[&(Crate::Types, path.clone())].kind, Kind::Impl { .. }) {
                self.add_origin(Crate::Types, &path, here.clone());
            }
        }
        let members = node.get("oneOf").or_else(|| node.get("anyOf")).and_then(Value::as_array);
        let values = node.get("enum").and_then(Value::as_array);
        for child in self.children(Crate::Types, ty) {
            let item = &self.items[&(Crate::Types, child.clone())];
            let (child_kind, wire, index) = (item.kind, item.wire.clone(), item.index);
            match child_kind {
                Kind::Impl { .. } | Kind::Method => self.add_origin(Crate::Types, &child, here.clone()),
                Kind::Field => {
                    let sig = item.sig.clone();
                    let name = child.rsplit('.').next().unwrap_or_default().to_owned();
                    if name.parse::<usize>().is_ok() {
                        // A newtype's value stands for the schema itself.
                        self.add_origin(Crate::Types, &child, here.clone());
                        self.walk_inner(doc, &sig, at, node, visited);
                        continue;
                    }
                    let wire = wire.unwrap_or(name.clone());
                    let field_at = pointer_push(&pointer_push(at, "properties"), &wire);
                    let origin = Origin::Schema { pointer: field_at.clone(), subtree: false };
                    self.add_origin(Crate::Types, &child, origin.clone());
                    self.add_origin(Crate::Types, &format!("{builder}::{name}"), origin);
                    if let Some(property) = node.get("properties").and_then(|p| p.get(&wire)) {
                        self.walk_inner(doc, &sig, &field_at, property, visited);
                    }
                }
                Kind::Variant => {
                    let name = child.rsplit("::").next().unwrap_or_default().to_owned();
                    let wire = wire.unwrap_or(name);
                    let (variant_at, member) = match (values, members) {
                        (Some(values), _) => match values.iter().position(|v| v.as_str() == Some(wire.as_str())) {
                            Some(i) => (pointer_push(&pointer_push(at, "enum"), &i.to_string()), None),
                            None => (pointer_push(at, "enum"), None),
                        },
                        (None, Some(members)) => match members.get(index) {
                            Some(member) => {
                                let keyword = if node.get("oneOf").is_some() { "oneOf" } else { "anyOf" };
                                (pointer_push(&pointer_push(at, keyword), &index.to_string()), Some(member))
                            }
                            None => (at.to_owned(), None),
                        },
                        (None, None) => (at.to_owned(), None),
                    };
                    self.add_origin(
                        Crate::Types,
                        &child,
                        Origin::Schema { pointer: variant_at.clone(), subtree: false },
                    );
                    // A member given by `$ref` describes its fields at the component.
                    let (fields_at, fields_node) = match member.and_then(component_ref) {
                        Some(name) => match doc.pointer(&pointer_push("/components/schemas", name)) {
                            Some(target) => (pointer_push("/components/schemas", name), Some(target)),
                            None => (variant_at.clone(), member),
                        },
                        None => (variant_at.clone(), member),
                    };
                    for field in self.children(Crate::Types, &child) {
                        let item = &self.items[&(Crate::Types, field.clone())];
                        let (sig, wire) = (item.sig.clone(), item.wire.clone());
                        let name = field.rsplit('.').next().unwrap_or_default().to_owned();
                        if name.parse::<usize>().is_ok() {
                            self.add_origin(
                                Crate::Types,
                                &field,
                                Origin::Schema { pointer: variant_at.clone(), subtree: false },
                            );
                            if let Some(n) = fields_node.filter(|n| component_ref(n).is_none()) {
                                self.walk_inner(doc, &sig, &fields_at, n, visited);
                            }
                            continue;
                        }
                        let wire = wire.unwrap_or(name);
                        let field_at = pointer_push(&pointer_push(&fields_at, "properties"), &wire);
                        self.add_origin(
                            Crate::Types,
                            &field,
                            Origin::Schema { pointer: field_at.clone(), subtree: false },
                        );
                        if let Some(property) = fields_node.and_then(|n| n.pointer(&pointer_push("/properties", &wire)))
                        {
                            self.walk_inner(doc, &sig, &field_at, property, visited);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Follows a field's type to the generated types it names, when the
    /// field's schema is written inline (a `$ref` is walked from its
    /// component).
    fn walk_inner(&mut self, doc: &Value, sig: &str, at: &str, node: &Value, visited: &mut HashSet<(String, String)>) {
        if component_ref(node).is_some() {
            return;
        }
        let (mut at, mut node) = (at.to_owned(), node);
        loop {
            if let Some(items) = node.get("items").filter(|i| i.is_object()) {
                at = pointer_push(&at, "items");
                node = items;
            } else if let Some(values) = node.get("additionalProperties").filter(|a| a.is_object()) {
                at = pointer_push(&at, "additionalProperties");
                node = values;
            } else {
                break;
            }
            if component_ref(node).is_some() {
                return;
            }
        }
        for word in words(sig) {
            let is_type = self
                .items
                .get(&(Crate::Types, word.to_owned()))
                .is_some_and(|i| matches!(i.kind, Kind::Struct { .. } | Kind::Enum { .. }));
            if is_type {
                self.walk_type(doc, word, &at, node, visited);
            }
        }
    }

    /// The Rust items of each operation, named the way the emitters name
    /// them.
    fn operation_origins(&mut self, model: &crate::model::Api) {
        for op in &model.operations {
            let Some(method) = Method::from_key(op.method.key()) else { continue };
            let key = OpKey { path: normalize_path(&op.path), method };
            let origin = |part| Origin::Operation { key: key.clone(), part };
            let server = crate::server::operation_items(op);
            self.add_origin(Crate::Server, &server.trait_name, origin(Part::Trait));
            let supertrait = format!(": {}", server.trait_name);
            let holders: Vec<String> = self
                .items
                .iter()
                .filter(|((k, path), item)| {
                    *k == Crate::Server
                        && path.ends_with(&supertrait)
                        && matches!(item.kind, Kind::Supertrait | Kind::Impl { .. })
                })
                .map(|((_, path), _)| path.clone())
                .collect();
            for path in holders {
                self.add_origin(Crate::Server, &path, origin(Part::Trait));
            }
            self.add_origin(
                Crate::Server,
                &format!("{}::{}", server.trait_name, server.method),
                origin(Part::TraitMethod),
            );
            self.add_tree(Crate::Server, &server.request, origin(Part::Request));
            if let Some(response) = &server.response {
                self.add_tree(Crate::Server, response, origin(Part::Response));
            }
            self.add_tree(Crate::Server, &format!("operations::{}", server.marker), origin(Part::Exists));

            let (client_method, builder) = crate::names::client_operation_names(&op.id);
            self.add_origin(Crate::Client, &format!("Client::{client_method}"), origin(Part::Exists));
            let builder = format!("builder::{builder}");
            self.add_origin(Crate::Client, &builder, origin(Part::Exists));
            for child in self.children(Crate::Client, &builder) {
                let part = match child.rsplit("::").next() {
                    Some("send") => Part::ClientSend,
                    Some("new") => Part::Exists,
                    _ if matches!(self.items[&(Crate::Client, child.clone())].kind, Kind::Method) => Part::ClientSetter,
                    _ => Part::Exists,
                };
                self.add_origin(Crate::Client, &child, origin(part));
            }
        }
    }

    /// `origin` for an item and everything inside it.
    fn add_tree(&mut self, krate: Crate, path: &str, origin: Origin) {
        self.add_origin(krate, path, origin.clone());
        for child in self.children(krate, path) {
            self.add_tree(krate, &child, origin.clone());
        }
    }
}

/// `Name` of a `{"$ref": "#/components/schemas/Name"}` node.
fn component_ref(node: &Value) -> Option<&str> {
    node.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/"))
}

/// The identifiers in a type or signature text.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty())
}

/// Collects the public items of one crate.
struct Walker<'a> {
    krate: Crate,
    out: &'a mut BTreeMap<(Crate, String), Item>,
}

impl Walker<'_> {
    fn put(&mut self, path: String, kind: Kind, sig: String, parent: Option<&str>, wire: Option<String>, index: usize) {
        let item = Item { kind, sig, parent: parent.map(str::to_owned), wire, index, origins: Vec::new() };
        self.out.insert((self.krate, path), item);
    }

    fn items(&mut self, items: &[syn::Item], prefix: &str) {
        for item in items {
            match item {
                syn::Item::Struct(s) if is_pub(&s.vis) => self.structure(s, prefix),
                syn::Item::Enum(e) if is_pub(&e.vis) => self.enumeration(e, prefix),
                syn::Item::Trait(t) if is_pub(&t.vis) => self.declared_trait(t, prefix),
                syn::Item::Impl(i) => self.implementation(i, prefix),
                syn::Item::Fn(f) if is_pub(&f.vis) => {
                    self.put(format!("{prefix}{}", f.sig.ident), Kind::Function, text(&f.sig), None, None, 0);
                }
                syn::Item::Const(c) if is_pub(&c.vis) => {
                    self.put(format!("{prefix}{}", c.ident), Kind::Const, text(&c.ty), None, None, 0);
                }
                syn::Item::Static(s) if is_pub(&s.vis) => {
                    self.put(format!("{prefix}{}", s.ident), Kind::Const, text(&s.ty), None, None, 0);
                }
                syn::Item::Type(t) if is_pub(&t.vis) => {
                    self.put(format!("{prefix}{}", t.ident), Kind::Reexport, text(&t.ty), None, None, 0);
                }
                syn::Item::Use(u) if is_pub(&u.vis) => self.reexport(&u.tree, prefix, ""),
                syn::Item::Mod(m) if is_pub(&m.vis) => {
                    if let Some((_, inner)) = &m.content {
                        self.items(inner, &format!("{prefix}{}::", m.ident));
                    }
                }
                _ => {}
            }
        }
    }

    fn reexport(&mut self, tree: &syn::UseTree, prefix: &str, path: &str) {
        match tree {
            syn::UseTree::Path(p) => self.reexport(&p.tree, prefix, &format!("{path}{}::", p.ident)),
            syn::UseTree::Name(n) => {
                self.put(format!("{prefix}{}", n.ident), Kind::Reexport, format!("{path}{}", n.ident), None, None, 0);
            }
            syn::UseTree::Rename(r) => {
                self.put(format!("{prefix}{}", r.rename), Kind::Reexport, format!("{path}{}", r.ident), None, None, 0);
            }
            syn::UseTree::Glob(_) => {
                self.put(format!("{prefix}{path}*"), Kind::Reexport, format!("{path}*"), None, None, 0)
            }
            syn::UseTree::Group(g) => g.items.iter().for_each(|t| self.reexport(t, prefix, path)),
        }
    }

    fn derives(&mut self, attrs: &[syn::Attribute], owner: &str) {
        for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
            let parser = syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated;
            let Ok(paths) = attr.parse_args_with(parser) else { continue };
            for path in paths {
                let name = path.segments.last().map(text).unwrap_or_default();
                self.put(format!("{owner}: {name}"), Kind::Impl { derived: true }, String::new(), Some(owner), None, 0);
            }
        }
    }

    fn fields(&mut self, fields: &syn::Fields, owner: &str, kind: Kind) {
        for (i, field) in fields.iter().enumerate() {
            if !is_pub(&field.vis) && kind == Kind::Field {
                continue;
            }
            let name = match &field.ident {
                Some(ident) => ident.to_string().trim_start_matches("r#").to_owned(),
                None => i.to_string(),
            };
            let wire = field.ident.as_ref().map(|_| serde_rename(&field.attrs).unwrap_or_else(|| name.clone()));
            self.put(format!("{owner}.{name}"), kind, text(&field.ty), Some(owner), wire, i);
        }
    }

    fn structure(&mut self, s: &syn::ItemStruct, prefix: &str) {
        let path = format!("{prefix}{}", s.ident);
        let constructible = s.fields.iter().all(|f| is_pub(&f.vis)) && !non_exhaustive(&s.attrs);
        let shape = match &s.fields {
            syn::Fields::Named(_) => "struct",
            syn::Fields::Unnamed(_) => "tuple struct",
            syn::Fields::Unit => "unit struct",
        };
        let sig = format!("{shape}{}", text(&s.generics));
        self.put(path.clone(), Kind::Struct { constructible }, sig, None, None, 0);
        self.fields(&s.fields, &path, Kind::Field);
        self.derives(&s.attrs, &path);
    }

    fn enumeration(&mut self, e: &syn::ItemEnum, prefix: &str) {
        let path = format!("{prefix}{}", e.ident);
        let exhaustive = !non_exhaustive(&e.attrs);
        self.put(path.clone(), Kind::Enum { exhaustive }, format!("enum{}", text(&e.generics)), None, None, 0);
        for (i, v) in e.variants.iter().enumerate() {
            let variant = format!("{path}::{}", v.ident);
            let shape = match &v.fields {
                syn::Fields::Named(_) => "struct",
                syn::Fields::Unnamed(_) => "tuple",
                syn::Fields::Unit => "unit",
            };
            let wire = serde_rename(&v.attrs).unwrap_or_else(|| v.ident.to_string());
            self.put(variant.clone(), Kind::Variant, shape.to_owned(), Some(&path), Some(wire), i);
            self.fields(&v.fields, &variant, Kind::VariantField);
        }
        self.derives(&e.attrs, &path);
    }

    fn declared_trait(&mut self, t: &syn::ItemTrait, prefix: &str) {
        let path = format!("{prefix}{}", t.ident);
        self.put(path.clone(), Kind::Trait, format!("trait{}", text(&t.generics)), None, None, 0);
        for (i, bound) in t.supertraits.iter().enumerate() {
            if let syn::TypeParamBound::Trait(b) = bound {
                let name = text(&b.path);
                self.put(format!("{path}: {name}"), Kind::Supertrait, String::new(), Some(&path), None, i);
            }
        }
        for (i, item) in t.items.iter().enumerate() {
            if let syn::TraitItem::Fn(f) = item {
                let kind = Kind::TraitMethod { has_body: f.default.is_some() };
                self.put(format!("{path}::{}", f.sig.ident), kind, text(&f.sig), Some(&path), None, i);
            }
        }
    }

    fn implementation(&mut self, i: &syn::ItemImpl, prefix: &str) {
        let Some(owner) = self_type(&i.self_ty, &i.generics, prefix) else { return };
        match &i.trait_ {
            Some((trait_path, _)) => {
                let name = trait_path.segments.last().map(text).unwrap_or_default();
                self.put(
                    format!("{owner}: {name}"),
                    Kind::Impl { derived: false },
                    String::new(),
                    Some(&owner),
                    None,
                    0,
                );
            }
            None => {
                for (n, item) in i.items.iter().enumerate() {
                    match item {
                        syn::ImplItem::Fn(f) if is_pub(&f.vis) => {
                            let path = format!("{owner}::{}", f.sig.ident);
                            self.put(path, Kind::Method, text(&f.sig), Some(&owner), None, n);
                        }
                        syn::ImplItem::Const(c) if is_pub(&c.vis) => {
                            let path = format!("{owner}::{}", c.ident);
                            self.put(path, Kind::Const, text(&c.ty), Some(&owner), None, n);
                        }
                        _ => {}
                    }
                }
            }
        }
    }
}

/// The path of an impl's self type relative to the crate root (`super::`
/// resolved against the module), or `None` for a blanket impl over a type
/// parameter.
fn self_type(ty: &syn::Type, generics: &syn::Generics, prefix: &str) -> Option<String> {
    let path = match ty {
        syn::Type::Path(p) => &p.path,
        syn::Type::Reference(r) => return self_type(&r.elem, generics, prefix),
        _ => return None,
    };
    let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    if let [only] = segments.as_slice()
        && generics.type_params().any(|p| p.ident == only)
    {
        return None;
    }
    let mut module: Vec<&str> = prefix.split("::").filter(|s| !s.is_empty()).collect();
    let mut rest: &[String] = &segments;
    if rest.first().is_some_and(|s| s == "crate") {
        module.clear();
        rest = &rest[1..];
    }
    while let Some(first) = rest.first().filter(|s| *s == "super") {
        let _ = first;
        module.pop();
        rest = &rest[1..];
    }
    let mut out: Vec<&str> = module;
    out.extend(rest.iter().map(String::as_str));
    Some(out.join("::"))
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

fn non_exhaustive(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("non_exhaustive"))
}

/// `#[serde(rename = "…")]`, the name a field or variant has on the wire.
fn serde_rename(attrs: &[syn::Attribute]) -> Option<String> {
    let mut found = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let value: syn::LitStr = meta.value()?.parse()?;
                found = Some(value.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    found
}

/// Std and serde paths typify spells in full, as written by hand.
const SHORT: &[(&str, &str)] = &[
    ("::std::option::Option", "Option"),
    ("::std::string::String", "String"),
    ("::std::vec::Vec", "Vec"),
    ("::std::boxed::Box", "Box"),
    ("::std::result::Result", "Result"),
    ("::std::collections::HashMap", "HashMap"),
    ("::std::collections::BTreeMap", "BTreeMap"),
    ("::std::convert::", ""),
    ("std::convert::", ""),
    ("::std::default::", ""),
    ("::std::fmt::", "fmt::"),
    ("::std::str::", ""),
    ("::std::", "std::"),
    ("::serde_json::Map", "Map"),
    ("::serde_json::Value", "Value"),
    ("::serde::", "serde::"),
];

/// Tokens as compact text: one space only between two words (and after a
/// comma, around `=`, `+` and `->`), common std paths shortened. The same
/// tokens always give the same text, so texts compare as the code does.
pub(crate) fn text(tokens: &impl ToTokens) -> String {
    let raw = tokens.to_token_stream().to_string();
    let chars: Vec<char> = raw.chars().collect();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '\'');
    let mut out = String::with_capacity(raw.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let prev = out.chars().last();
            let next = chars.get(i + 1).copied();
            let arrow = (next == Some('-') && chars.get(i + 2) == Some(&'>')) || out.ends_with("->");
            let colon = prev == Some(':') && !out.ends_with("::") && next != Some(':');
            let spaced = colon || matches!(prev, Some(',' | '=' | '+')) || matches!(next, Some('=' | '+'));
            if (word(prev) && word(next)) || arrow || spaced {
                out.push(' ');
            }
            continue;
        }
        out.push(c);
    }
    for (long, short) in SHORT {
        out = out.replace(long, short);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_compact_and_keeps_words_apart() {
        let sig: syn::Signature = syn::parse_quote! {
            fn get(&self, ctx: &RequestContext, claims: Option<Self::Claims>) -> impl Future<Output = Result<Json<types::Thing>, ApiError>> + Send
        };
        assert_eq!(
            text(&sig),
            "fn get(&self, ctx: &RequestContext, claims: Option<Self::Claims>) -> impl Future<Output = Result<Json<types::Thing>, ApiError>> + Send"
        );
        let ty: syn::Type = syn::parse_quote! { ::std::option::Option<::std::vec::Vec<::std::string::String>> };
        assert_eq!(text(&ty), "Option<Vec<String>>");
    }

    #[test]
    fn impl_owners_resolve_super_and_skip_blanket_impls() {
        let ty: syn::Type = syn::parse_quote! { super::Thing };
        assert_eq!(self_type(&ty, &syn::Generics::default(), "builder::").as_deref(), Some("Thing"));
        let ty: syn::Type = syn::parse_quote! { GetThing<'a> };
        assert_eq!(self_type(&ty, &syn::Generics::default(), "builder::").as_deref(), Some("builder::GetThing"));
        let generics: syn::Generics = syn::parse_quote! { <T: A + B> };
        let ty: syn::Type = syn::parse_quote! { T };
        assert_eq!(self_type(&ty, &generics, ""), None);
    }

    #[test]
    fn serde_rename_is_read_among_other_serde_keys() {
        let field: syn::Field = syn::parse_quote! {
            #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
            pub type_: Option<String>
        };
        assert_eq!(serde_rename(&field.attrs).as_deref(), Some("type"));
    }
}
