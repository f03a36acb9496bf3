//! What a change of the spec does to the generated Rust API.
//!
//! Both versions go through the generator ([`crate::build`]); the public API
//! of each generated crate is read from the emitted syntax trees
//! ([`crate::surface`]) and the two are compared item by item. Each
//! difference gets a rule named like cargo-semver-checks' lints where one
//! exists (`constructible_struct_adds_field`, `enum_variant_added`,
//! `trait_method_added`, …) and a semver bump, and is tied to the wire
//! changes (from `onezone_upstream::compare`) that account for it: by the
//! spec node the item was generated from, or by the operation it belongs to
//! and the kinds of wire change that can touch that part of it. A Rust
//! difference no wire change accounts for is still reported (a path
//! parameter renamed, a schema no operation uses).
//!
//! A crate's bump is the largest of its differences; `patch` when its
//! generated code changed without any API difference (documentation,
//! validators, metadata); none when its code is the same. `onezone-client`
//! and `onezone-server` re-export `onezone-types` as `types`, so their bump
//! is at least that of `onezone-types`.

use std::collections::{BTreeMap, BTreeSet};

use onezone_upstream::{Change, ChangeKind, Method, OpKey, Side, normalize_path, op_key, pointer};
use serde_json::Value;

use crate::surface::{Crate, Item, Kind, Origin, Part, Surface};
use crate::{Built, Error, Settings};

/// How much a crate's version must change (Cargo's semver rules: for a
/// `0.y.z` crate, `major` means bumping `y`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// The generated code is the same.
    None,
    /// The code changed, its public API did not.
    Patch,
    /// Only additions to the public API.
    Minor,
    /// Something downstream code may use changed or went away.
    Major,
}

impl Bump {
    /// `none`, `patch`, `minor` or `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// The rule a difference of the generated Rust API falls under. Where
/// cargo-semver-checks has a lint for it, the rule has the lint's name
/// ([`Rule::cargo_semver_checks`]); the others are ours (field and signature
/// type changes, which it does not check, and additions it does not lint).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// A struct whose fields are all public and which is not
    /// `#[non_exhaustive]` got a field: struct literals and exhaustive
    /// patterns no longer compile. Major.
    ConstructibleStructAddsField,
    /// A public field was added to a struct downstream code cannot build
    /// with a literal anyway. Minor. (Ours.)
    StructPubFieldAdded,
    /// A public field is gone. Major.
    StructPubFieldMissing,
    /// A public field has another type (`T` ↔ `Option<T>`, `String` →
    /// `Secret`, another type). Major. (Ours: cargo-semver-checks does not
    /// compare field types.)
    StructPubFieldTypeChanged,
    /// A public struct is gone. Major.
    StructMissing,
    /// A struct became a tuple struct or the reverse. Major.
    ConstructibleStructChangedType,
    /// A new public struct. Minor.
    ExhaustiveStructAdded,
    /// A public enum is gone. Major.
    EnumMissing,
    /// A new public enum. Minor.
    ExhaustiveEnumAdded,
    /// An exhaustive enum got a variant: `match`es without a wildcard arm no
    /// longer compile. Major.
    EnumVariantAdded,
    /// A variant is gone. Major.
    EnumVariantMissing,
    /// A unit variant now carries data. Major.
    EnumUnitVariantChangedKind,
    /// A tuple variant became a unit or struct variant. Major.
    EnumTupleVariantChangedKind,
    /// A struct variant became a unit or tuple variant. Major.
    EnumStructVariantChangedKind,
    /// A struct variant got a field. Major.
    EnumStructVariantFieldAdded,
    /// A struct variant lost a field. Major.
    EnumStructVariantFieldMissing,
    /// A tuple variant got a field. Major.
    EnumTupleVariantFieldAdded,
    /// A tuple variant lost a field. Major.
    EnumTupleVariantFieldMissing,
    /// A variant's field has another type. Major. (Ours.)
    EnumVariantFieldTypeChanged,
    /// A public trait is gone. Major.
    TraitMissing,
    /// A new public trait. Minor. (Ours.)
    TraitAdded,
    /// A trait got a supertrait: implementors must implement it too. Major.
    TraitAddedSupertrait,
    /// A trait lost a supertrait: code relying on it through the bound
    /// breaks. Major.
    TraitRemovedSupertrait,
    /// A trait got a method. Major without a default body (cargo-semver-checks'
    /// lint); minor with one, as every generated server method has (it
    /// answers 501 until overridden).
    TraitMethodAdded,
    /// A trait method is gone: implementations overriding it no longer
    /// compile, callers neither. Major.
    TraitMethodMissing,
    /// A trait method lost its default body. Major.
    TraitMethodDefaultImplRemoved,
    /// A trait method's parameters or answer type changed: overriding
    /// implementations no longer compile. Major. (Ours.)
    TraitMethodSignatureChanged,
    /// A new public method. Minor.
    InherentMethodAdded,
    /// A public method is gone. Major.
    InherentMethodMissing,
    /// A public method's parameters, bounds or return type changed. Major.
    /// (Ours.)
    InherentMethodSignatureChanged,
    /// A public function is gone. Major.
    FunctionMissing,
    /// A new public function. Minor. (Ours.)
    FunctionAdded,
    /// A public function's signature changed. Major. (Ours.)
    FunctionSignatureChanged,
    /// A public constant is gone. Major.
    PubModuleLevelConstMissing,
    /// A new public constant. Minor. (Ours.)
    ConstAdded,
    /// A public constant has another type. Major. (Ours.)
    ConstTypeChanged,
    /// A derived trait impl is gone. Major.
    DeriveTraitImplRemoved,
    /// A hand-shaped (`impl … for`) trait impl is gone. Major. (Ours.)
    TraitImplMissing,
    /// A new trait impl. Minor. (Ours.)
    TraitImplAdded,
    /// A `pub use` or `pub type` is gone. Major. (Ours.)
    ReexportMissing,
    /// A new `pub use` or `pub type`. Minor. (Ours.)
    ReexportAdded,
    /// A `pub use` or `pub type` names something else. Major. (Ours.)
    ReexportChanged,
}

impl Rule {
    /// The rule's id (`constructible_struct_adds_field`).
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::ConstructibleStructAddsField => "constructible_struct_adds_field",
            Rule::StructPubFieldAdded => "struct_pub_field_added",
            Rule::StructPubFieldMissing => "struct_pub_field_missing",
            Rule::StructPubFieldTypeChanged => "struct_pub_field_type_changed",
            Rule::StructMissing => "struct_missing",
            Rule::ConstructibleStructChangedType => "constructible_struct_changed_type",
            Rule::ExhaustiveStructAdded => "exhaustive_struct_added",
            Rule::EnumMissing => "enum_missing",
            Rule::ExhaustiveEnumAdded => "exhaustive_enum_added",
            Rule::EnumVariantAdded => "enum_variant_added",
            Rule::EnumVariantMissing => "enum_variant_missing",
            Rule::EnumUnitVariantChangedKind => "enum_unit_variant_changed_kind",
            Rule::EnumTupleVariantChangedKind => "enum_tuple_variant_changed_kind",
            Rule::EnumStructVariantChangedKind => "enum_struct_variant_changed_kind",
            Rule::EnumStructVariantFieldAdded => "enum_struct_variant_field_added",
            Rule::EnumStructVariantFieldMissing => "enum_struct_variant_field_missing",
            Rule::EnumTupleVariantFieldAdded => "enum_tuple_variant_field_added",
            Rule::EnumTupleVariantFieldMissing => "enum_tuple_variant_field_missing",
            Rule::EnumVariantFieldTypeChanged => "enum_variant_field_type_changed",
            Rule::TraitMissing => "trait_missing",
            Rule::TraitAdded => "trait_added",
            Rule::TraitAddedSupertrait => "trait_added_supertrait",
            Rule::TraitRemovedSupertrait => "trait_removed_supertrait",
            Rule::TraitMethodAdded => "trait_method_added",
            Rule::TraitMethodMissing => "trait_method_missing",
            Rule::TraitMethodDefaultImplRemoved => "trait_method_default_impl_removed",
            Rule::TraitMethodSignatureChanged => "trait_method_signature_changed",
            Rule::InherentMethodAdded => "inherent_method_added",
            Rule::InherentMethodMissing => "inherent_method_missing",
            Rule::InherentMethodSignatureChanged => "inherent_method_signature_changed",
            Rule::FunctionMissing => "function_missing",
            Rule::FunctionAdded => "function_added",
            Rule::FunctionSignatureChanged => "function_signature_changed",
            Rule::PubModuleLevelConstMissing => "pub_module_level_const_missing",
            Rule::ConstAdded => "const_added",
            Rule::ConstTypeChanged => "const_type_changed",
            Rule::DeriveTraitImplRemoved => "derive_trait_impl_removed",
            Rule::TraitImplMissing => "trait_impl_missing",
            Rule::TraitImplAdded => "trait_impl_added",
            Rule::ReexportMissing => "reexport_missing",
            Rule::ReexportAdded => "reexport_added",
            Rule::ReexportChanged => "reexport_changed",
        }
    }

    /// Whether cargo-semver-checks has a lint of this name, so that it can
    /// confirm the finding on the built crates. (Its additive lints —
    /// `exhaustive_*_added`, `inherent_method_added` — are allow-by-default
    /// and report nothing unless enabled; `trait_method_added` fires only
    /// for a method without a default body.)
    pub fn cargo_semver_checks(self) -> bool {
        !matches!(
            self,
            Rule::StructPubFieldAdded
                | Rule::StructPubFieldTypeChanged
                | Rule::EnumVariantFieldTypeChanged
                | Rule::TraitAdded
                | Rule::TraitMethodSignatureChanged
                | Rule::InherentMethodSignatureChanged
                | Rule::FunctionAdded
                | Rule::FunctionSignatureChanged
                | Rule::ConstAdded
                | Rule::ConstTypeChanged
                | Rule::TraitImplMissing
                | Rule::TraitImplAdded
                | Rule::ReexportMissing
                | Rule::ReexportAdded
                | Rule::ReexportChanged
        )
    }
}

impl serde::Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One difference of a generated crate's public API.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Effect {
    /// The crate.
    #[serde(rename = "crate")]
    pub krate: Crate,
    /// The rule it falls under.
    pub rule: Rule,
    /// The item, by path inside the crate: `Thing.name` (a field),
    /// `ThingKind::Doi` (a variant), `Client::get_thing`,
    /// `builder::GetThing::send`, `GroupApi::get_group`,
    /// `OnezoneApi: GroupApi` (a supertrait), `Thing: Default` (an impl).
    pub item: String,
    /// What it was (a type, a signature, a shape); `None` when it is new.
    pub old: Option<String>,
    /// What it is now; `None` when it is gone.
    pub new: Option<String>,
    /// The bump it needs.
    pub bump: Bump,
    /// Whether cargo-semver-checks has a lint for it ([`Rule::cargo_semver_checks`]).
    pub cargo_semver_checks: bool,
    /// The wire changes (indices into the change list) that account for it;
    /// empty when none does.
    pub changes: Vec<usize>,
}

/// A crate whose bump another crate's bump raised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Follows {
    /// The crate it re-exports.
    #[serde(rename = "crate")]
    pub krate: Crate,
    /// That crate's bump.
    pub bump: Bump,
}

/// The verdict for one generated crate.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CrateVerdict {
    /// The crate.
    #[serde(rename = "crate")]
    pub krate: Crate,
    /// The bump it needs.
    pub bump: Bump,
    /// Whether its generated code changed at all.
    pub code_changed: bool,
    /// Set when the bump comes from the re-exported `onezone-types` rather
    /// than from the crate's own items.
    pub follows: Option<Follows>,
    /// Every difference of its public API, largest bump first.
    pub effects: Vec<Effect>,
}

/// What a spec change does to the generated crates, or why that cannot be
/// said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustImpact {
    /// Both versions generate: one verdict per crate.
    Verdict(Vec<CrateVerdict>),
    /// A version the generator refuses: `no verdict: <first problem>`.
    NoVerdict(String),
}

impl RustImpact {
    /// The verdicts, when there are some.
    pub fn crates(&self) -> &[CrateVerdict] {
        match self {
            RustImpact::Verdict(crates) => crates,
            RustImpact::NoVerdict(_) => &[],
        }
    }

    /// Whether some crate needs a major bump.
    pub fn breaking(&self) -> bool {
        self.crates().iter().any(|c| c.bump == Bump::Major)
    }
}

/// One version of the spec: its text and its name in messages.
#[derive(Debug, Clone, Copy)]
pub struct SpecText<'a> {
    /// The YAML or JSON text.
    pub text: &'a str,
    /// How it is named in messages (`spec/onezone.yaml`, `HEAD:spec/onezone.yaml`).
    pub name: &'a str,
}

/// What going from `old` to `new` does to the generated crates, each
/// difference tied to the `changes` (`compare(old, new)`) that account for
/// it. When the generator refuses either version, [`RustImpact::NoVerdict`]
/// with its first problem.
pub fn rust_impact(old: SpecText<'_>, new: SpecText<'_>, changes: &[Change]) -> RustImpact {
    // `build` starts as `check` does: parse, version, lint.
    let built = |spec: SpecText<'_>| -> Result<Built, String> {
        let settings = Settings::new(spec.name);
        crate::panics::contain_panics(|| crate::build(spec.text, &settings))
            .unwrap_or_else(|message| {
                Err(Error::Generator {
                    file: spec.name.to_owned(),
                    pointer: String::new(),
                    stage: "code generation",
                    message,
                })
            })
            .map_err(|e| first_problem(&e))
    };
    let (old_built, new_built) = match (built(old), built(new)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(reason), _) | (_, Err(reason)) => return RustImpact::NoVerdict(format!("no verdict: {reason}")),
    };
    let sides = Sides {
        old: Surface::read(&old_built),
        new: Surface::read(&new_built),
        old_reach: reach(&old_built),
        new_reach: reach(&new_built),
    };
    RustImpact::Verdict(sides.verdicts(changes))
}

/// `file#pointer: message` of the first problem, or the error's text.
fn first_problem(e: &Error) -> String {
    match e {
        Error::Invalid { file, diagnostics } => match diagnostics.first() {
            Some(d) => format!("{file}#{}: {}", d.pointer, d.message),
            None => e.to_string(),
        },
        other => other.to_string(),
    }
}

/// For each operation, the component schemas it reaches (through its
/// parameters, bodies and responses, and the components those name).
fn reach(built: &Built) -> BTreeMap<OpKey, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    for op in &built.model.operations {
        let Some(method) = Method::from_key(op.method.key()) else { continue };
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&Value> = built.doc.pointer(&op.pointer).into_iter().collect();
        while let Some(node) = stack.pop() {
            match node {
                Value::Object(map) => {
                    if let Some(target) = map.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#'))
                        && seen.insert(target.to_owned())
                        && let Some(next) = built.doc.pointer(target)
                    {
                        stack.push(next);
                    }
                    stack.extend(map.iter().filter(|(k, _)| !k.starts_with("example")).map(|(_, v)| v));
                }
                Value::Array(items) => stack.extend(items),
                _ => {}
            }
        }
        let schemas = seen.into_iter().filter(|p| p.starts_with("/components/schemas/")).collect();
        out.insert(OpKey { path: normalize_path(&op.path), method }, schemas);
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Delta {
    Added,
    Missing,
    Changed,
}

struct Sides {
    old: Surface,
    new: Surface,
    old_reach: BTreeMap<OpKey, BTreeSet<String>>,
    new_reach: BTreeMap<OpKey, BTreeSet<String>>,
}

impl Sides {
    fn verdicts(&self, changes: &[Change]) -> Vec<CrateVerdict> {
        let keys: BTreeSet<&(Crate, String)> = self.old.items.keys().chain(self.new.items.keys()).collect();
        let delta_of = |key: &(Crate, String)| -> Option<Delta> {
            match (self.old.items.get(key), self.new.items.get(key)) {
                (None, Some(_)) => Some(Delta::Added),
                (Some(_), None) => Some(Delta::Missing),
                (Some(o), Some(n)) if o.sig != n.sig || o.kind != n.kind => Some(Delta::Changed),
                _ => None,
            }
        };
        // A new or removed item's contents are new or removed with it.
        let whole: BTreeSet<&(Crate, String)> =
            keys.iter().copied().filter(|k| matches!(delta_of(k), Some(Delta::Added | Delta::Missing))).collect();
        let appeared_or_went = |krate: Crate, parent: Option<&String>, side: &Surface| -> bool {
            let mut parent = parent.cloned();
            while let Some(p) = parent {
                let key = (krate, p);
                if whole.contains(&key) {
                    return true;
                }
                parent = side.items.get(&key).and_then(|i| i.parent.clone());
            }
            false
        };
        let mut effects: BTreeMap<Crate, Vec<Effect>> = BTreeMap::new();
        for key in keys {
            let Some(delta) = delta_of(key) else { continue };
            let (old, new) = (self.old.items.get(key), self.new.items.get(key));
            let Some(item) = new.or(old) else { continue };
            let side = if new.is_some() { &self.new } else { &self.old };
            if appeared_or_went(key.0, item.parent.as_ref(), side) {
                continue;
            }
            let Some((rule, bump)) = self.rule(key, delta, old, new) else { continue };
            let accounted =
                changes.iter().enumerate().filter(|(_, c)| self.accounts(c, delta, old, new)).map(|(i, _)| i).collect();
            effects.entry(key.0).or_default().push(Effect {
                krate: key.0,
                rule,
                item: key.1.clone(),
                old: old.map(display),
                new: new.map(display),
                bump,
                cargo_semver_checks: rule.cargo_semver_checks(),
                changes: accounted,
            });
        }
        let mut out: Vec<CrateVerdict> = Vec::new();
        for krate in Crate::ALL {
            let mut effects = effects.remove(&krate).unwrap_or_default();
            effects.sort_by(|a, b| b.bump.cmp(&a.bump).then_with(|| a.item.cmp(&b.item)));
            let code_changed = self.old.code.get(&krate) != self.new.code.get(&krate);
            let own =
                effects.iter().map(|e| e.bump).max().unwrap_or(if code_changed { Bump::Patch } else { Bump::None });
            // Both the client and the server re-export the types crate.
            let types =
                out.first().filter(|_| krate != Crate::Types).map(|t| Follows { krate: Crate::Types, bump: t.bump });
            let follows = types.filter(|t| t.bump > own);
            let bump = follows.map_or(own, |f| f.bump);
            out.push(CrateVerdict { krate, bump, code_changed, follows, effects });
        }
        out
    }

    /// The rule and bump of one difference; `None` when it is not one a
    /// user of the crate can notice.
    fn rule(
        &self,
        key: &(Crate, String),
        delta: Delta,
        old: Option<&Item>,
        new: Option<&Item>,
    ) -> Option<(Rule, Bump)> {
        let parent_kind = |side: &Surface, item: &Item| {
            item.parent.as_ref().and_then(|p| side.items.get(&(key.0, p.clone()))).map(|p| (p.kind, p.sig.clone()))
        };
        use Bump::{Major, Minor};
        Some(match (delta, old, new) {
            (Delta::Added, _, Some(n)) => match n.kind {
                Kind::Struct { .. } => (Rule::ExhaustiveStructAdded, Minor),
                Kind::Field => match parent_kind(&self.new, n) {
                    Some((Kind::Struct { constructible: true }, _)) => (Rule::ConstructibleStructAddsField, Major),
                    _ => (Rule::StructPubFieldAdded, Minor),
                },
                Kind::Enum { .. } => (Rule::ExhaustiveEnumAdded, Minor),
                Kind::Variant => match parent_kind(&self.new, n) {
                    Some((Kind::Enum { exhaustive: false }, _)) => (Rule::EnumVariantAdded, Minor),
                    _ => (Rule::EnumVariantAdded, Major),
                },
                Kind::VariantField => match parent_kind(&self.new, n) {
                    Some((_, shape)) if shape == "tuple" => (Rule::EnumTupleVariantFieldAdded, Major),
                    _ => (Rule::EnumStructVariantFieldAdded, Major),
                },
                Kind::Trait => (Rule::TraitAdded, Minor),
                Kind::Supertrait => (Rule::TraitAddedSupertrait, Major),
                Kind::TraitMethod { has_body } => (Rule::TraitMethodAdded, if has_body { Minor } else { Major }),
                Kind::Method => (Rule::InherentMethodAdded, Minor),
                Kind::Function => (Rule::FunctionAdded, Minor),
                Kind::Const => (Rule::ConstAdded, Minor),
                Kind::Impl { .. } => (Rule::TraitImplAdded, Minor),
                Kind::Reexport => (Rule::ReexportAdded, Minor),
            },
            (Delta::Missing, Some(o), _) => match o.kind {
                Kind::Struct { .. } => (Rule::StructMissing, Major),
                Kind::Field => (Rule::StructPubFieldMissing, Major),
                Kind::Enum { .. } => (Rule::EnumMissing, Major),
                Kind::Variant => (Rule::EnumVariantMissing, Major),
                Kind::VariantField => match parent_kind(&self.old, o) {
                    Some((_, shape)) if shape == "tuple" => (Rule::EnumTupleVariantFieldMissing, Major),
                    _ => (Rule::EnumStructVariantFieldMissing, Major),
                },
                Kind::Trait => (Rule::TraitMissing, Major),
                Kind::Supertrait => (Rule::TraitRemovedSupertrait, Major),
                Kind::TraitMethod { .. } => (Rule::TraitMethodMissing, Major),
                Kind::Method => (Rule::InherentMethodMissing, Major),
                Kind::Function => (Rule::FunctionMissing, Major),
                Kind::Const => (Rule::PubModuleLevelConstMissing, Major),
                Kind::Impl { derived: true } => (Rule::DeriveTraitImplRemoved, Major),
                Kind::Impl { derived: false } => (Rule::TraitImplMissing, Major),
                Kind::Reexport => (Rule::ReexportMissing, Major),
            },
            (Delta::Changed, Some(o), Some(n)) => match (o.kind, n.kind) {
                (Kind::Struct { .. }, Kind::Struct { .. }) if o.sig != n.sig => {
                    (Rule::ConstructibleStructChangedType, Major)
                }
                (Kind::Field, Kind::Field) => (Rule::StructPubFieldTypeChanged, Major),
                (Kind::Variant, Kind::Variant) => match o.sig.as_str() {
                    "unit" => (Rule::EnumUnitVariantChangedKind, Major),
                    "tuple" => (Rule::EnumTupleVariantChangedKind, Major),
                    _ => (Rule::EnumStructVariantChangedKind, Major),
                },
                (Kind::VariantField, Kind::VariantField) => (Rule::EnumVariantFieldTypeChanged, Major),
                (Kind::TraitMethod { has_body: a }, Kind::TraitMethod { has_body: b }) => {
                    if o.sig != n.sig {
                        (Rule::TraitMethodSignatureChanged, Major)
                    } else if a && !b {
                        (Rule::TraitMethodDefaultImplRemoved, Major)
                    } else {
                        return None;
                    }
                }
                (Kind::Method, Kind::Method) => (Rule::InherentMethodSignatureChanged, Major),
                (Kind::Function, Kind::Function) => (Rule::FunctionSignatureChanged, Major),
                (Kind::Const, Kind::Const) => (Rule::ConstTypeChanged, Major),
                (Kind::Reexport, Kind::Reexport) => (Rule::ReexportChanged, Major),
                // One kind of item replaced by another of the same name.
                (_, Kind::Struct { .. }) => (Rule::EnumMissing, Major),
                (_, Kind::Enum { .. }) => (Rule::StructMissing, Major),
                _ => return None,
            },
            _ => return None,
        })
    }

    /// Whether `change` accounts for the difference of an item (`old` and
    /// `new` are its two versions).
    fn accounts(&self, change: &Change, delta: Delta, old: Option<&Item>, new: Option<&Item>) -> bool {
        let on = |side: Option<&Side>, item: Option<&Item>, reach: &BTreeMap<OpKey, BTreeSet<String>>| -> bool {
            let Some(item) = item else { return false };
            item.origins.iter().any(|origin| match origin {
                Origin::Schema { pointer: at, subtree } => {
                    let by_node = side
                        .filter(|s| !names_a_container(change.kind, s))
                        .is_some_and(|s| anchors(change.kind, s).iter().any(|a| schema_match(at, *subtree, a)));
                    // A type that appears or goes with an operation, a body or
                    // a status: reached from it on that side.
                    let by_operation = delta != Delta::Changed
                        && brings_schemas(change.kind)
                        && change.operation.as_ref().is_some_and(|op| {
                            reach
                                .get(&op_key(op))
                                .is_some_and(|schemas| schemas.iter().any(|s| pointer::is_prefix(s, at)))
                        });
                    by_node || by_operation
                }
                Origin::Operation { key, part } => {
                    change.operation.as_ref().is_some_and(|op| op_key(op) == *key)
                        && operation_kind_touches(change.kind, *part, delta)
                }
            })
        };
        match delta {
            Delta::Added => on(change.right.as_ref(), new, &self.new_reach),
            Delta::Missing => on(change.left.as_ref(), old, &self.old_reach),
            Delta::Changed => {
                on(change.left.as_ref(), old, &self.old_reach) || on(change.right.as_ref(), new, &self.new_reach)
            }
        }
    }
}

/// A side of an added or removed element that names its container (its
/// value is `null`): it says where, not what.
fn names_a_container(kind: ChangeKind, side: &Side) -> bool {
    side.value.is_null()
        && matches!(
            kind,
            ChangeKind::PropertyAdded
                | ChangeKind::PropertyRemoved
                | ChangeKind::EnumValueAdded
                | ChangeKind::EnumValueRemoved
                | ChangeKind::EnumConstraintAdded
                | ChangeKind::EnumConstraintRemoved
                | ChangeKind::MemberAdded
                | ChangeKind::MemberRemoved
                | ChangeKind::RequiredAdded
                | ChangeKind::RequiredRemoved
        )
}

/// The spec nodes a change is about on one side: its pointer, and for a
/// change of `required` the property it names.
fn anchors(kind: ChangeKind, side: &Side) -> Vec<String> {
    let mut out = vec![side.pointer.clone()];
    if matches!(kind, ChangeKind::RequiredAdded | ChangeKind::RequiredRemoved)
        && let Some(name) = side.value.as_str()
        && let Some(segments) = pointer::segments(&side.pointer)
        && let [schema @ .., last, index] = segments.as_slice()
        && last == "required"
        && index.parse::<usize>().is_ok()
    {
        let schema = pointer::from_segments(schema.iter().map(String::as_str));
        out.push(pointer::push(&pointer::push(&schema, "properties"), name));
    }
    out
}

/// Keywords that lead from a schema to another schema: a change below one
/// of them is about that other schema, not this one.
const NESTING: &[&str] = &["properties", "items", "additionalProperties", "oneOf", "anyOf", "allOf", "not"];

/// Whether a change at `at` is about the item generated from `origin`: at
/// it, above it (the item goes with what changed), or one of its own
/// keywords (`…/nullable`, `…/enum/3`, `…/format`), or anywhere below it
/// for a `subtree` origin.
fn schema_match(origin: &str, subtree: bool, at: &str) -> bool {
    if pointer::is_prefix(at, origin) {
        return true;
    }
    if !pointer::is_prefix(origin, at) {
        return false;
    }
    subtree
        || pointer::segments(&at[origin.len()..])
            .is_some_and(|rest| !rest.iter().any(|s| NESTING.contains(&s.as_str())))
}

/// Kinds of change that make an operation bring schemas in or take them out.
fn brings_schemas(kind: ChangeKind) -> bool {
    matches!(
        kind,
        ChangeKind::OperationMissing
            | ChangeKind::OperationExtra
            | ChangeKind::RequestBodyAdded
            | ChangeKind::RequestBodyRemoved
            | ChangeKind::ResponseStatusAdded
            | ChangeKind::ResponseStatusRemoved
            | ChangeKind::ResponseBodyChanged
    )
}

const PARAMETER: &[ChangeKind] =
    &[ChangeKind::ParameterAdded, ChangeKind::ParameterRemoved, ChangeKind::ParameterRequiredChanged];
const REQUEST_BODY: &[ChangeKind] = &[
    ChangeKind::RequestBodyAdded,
    ChangeKind::RequestBodyRemoved,
    ChangeKind::RequestBodyRequiredChanged,
    ChangeKind::RequestMediaTypeChanged,
];
const RESPONSE: &[ChangeKind] = &[
    ChangeKind::ResponseStatusAdded,
    ChangeKind::ResponseStatusRemoved,
    ChangeKind::ResponseBodyChanged,
    ChangeKind::ResponseMediaTypeChanged,
    ChangeKind::ResponseHeaderAdded,
    ChangeKind::ResponseHeaderRemoved,
    ChangeKind::ResponseHeaderRequiredChanged,
];

/// Whether a change of `kind` to an operation can touch the `part` of its
/// Rust items, in the way `delta` says.
fn operation_kind_touches(kind: ChangeKind, part: Part, delta: Delta) -> bool {
    let existence = match kind {
        ChangeKind::OperationMissing => delta == Delta::Missing,
        ChangeKind::OperationExtra => delta == Delta::Added,
        ChangeKind::OperationIdChanged => delta != Delta::Changed,
        _ => false,
    };
    if existence {
        return true;
    }
    // Schemas written inline in the operation: its parameters'.
    let inline_schema = kind.as_str().contains("property")
        || matches!(
            kind,
            ChangeKind::TypeChanged
                | ChangeKind::FormatChanged
                | ChangeKind::NullableChanged
                | ChangeKind::EnumConstraintAdded
                | ChangeKind::EnumConstraintRemoved
                | ChangeKind::SchemaShapeChanged
        );
    match part {
        Part::Exists => false,
        Part::Trait => kind == ChangeKind::TagsChanged,
        Part::TraitMethod => match delta {
            Delta::Added | Delta::Missing => kind == ChangeKind::TagsChanged,
            Delta::Changed => kind == ChangeKind::SecurityChanged || RESPONSE.contains(&kind),
        },
        Part::Request | Part::ClientSetter => {
            PARAMETER.contains(&kind) || REQUEST_BODY.contains(&kind) || inline_schema
        }
        Part::Response | Part::ClientSend => RESPONSE.contains(&kind),
    }
}

/// What an item is, for the report: a field's type, a method's signature,
/// a variant's shape.
fn display(item: &Item) -> String {
    match item.kind {
        Kind::Impl { derived: true } => "derived".to_owned(),
        Kind::Impl { derived: false } => "impl".to_owned(),
        Kind::Supertrait => "supertrait".to_owned(),
        Kind::TraitMethod { has_body: true } => format!("{} {{ default }}", item.sig),
        _ => item.sig.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_matches_the_item_at_above_or_on_a_keyword_of_it() {
        let field = "/components/schemas/Thing/properties/name";
        assert!(schema_match(field, false, field), "at it");
        assert!(schema_match(field, false, "/components/schemas/Thing"), "a change of the whole schema");
        assert!(schema_match(field, false, &format!("{field}/nullable")), "one of its keywords");
        assert!(schema_match("/components/schemas/Kind", false, "/components/schemas/Kind/enum/2"));
        assert!(!schema_match("/components/schemas/Thing", false, &format!("{field}/type")), "another item's");
        assert!(!schema_match(field, false, "/components/schemas/Thing/properties/names"), "segment-wise");
        assert!(schema_match("/components/schemas/Thing", true, &format!("{field}/type")), "a subtree origin");
    }

    #[test]
    fn a_change_of_required_is_about_the_property_it_names() {
        let side = Side { pointer: "/components/schemas/Thing/required/2".into(), value: Value::String("note".into()) };
        assert_eq!(
            anchors(ChangeKind::RequiredAdded, &side),
            ["/components/schemas/Thing/required/2", "/components/schemas/Thing/properties/note"]
        );
        assert_eq!(anchors(ChangeKind::TypeChanged, &side), ["/components/schemas/Thing/required/2"]);
    }
}
