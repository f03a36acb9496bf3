//! `diff`: two versions of a spec compared on the wire — the one comparison
//! engine, `onezone_upstream::compare`, over the whole document — and in the
//! generated Rust API ([`crate::impact`]), as one [`DiffReport`].
//!
//! The wire half takes any pair of OpenAPI 3.0 documents; the Rust half
//! needs both to pass the generator's lint, and says why not otherwise.

use std::fmt::Write as _;

use onezone_upstream::{
    Api, Change, ChangeKind, Direction, Level, OperationRef, Scope, Side, Source, compare, component_of, read_openapi,
};

use crate::impact::{Bump, CrateVerdict, Effect, RustImpact, SpecText, rust_impact};

/// One version of the spec to compare: where its text comes from.
#[derive(Clone, Copy)]
pub struct SpecInput<'a> {
    /// How the version is named in the report and in messages
    /// (`spec/onezone.yaml`, `HEAD:spec/onezone.yaml`).
    pub name: &'a str,
    /// The files (the entry and any file it refers to by relative `$ref`).
    pub source: &'a dyn Source,
    /// The entry file, relative to `source`.
    pub entry: &'a str,
}

/// Which of the two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Version {
    /// The base (left).
    Old,
    /// The one compared with it (right).
    New,
}

/// A version that could not be read: the reader's error (file, JSON
/// pointer, or line and column), with the version's name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} spec {name}: {error}", match .version { Version::Old => "old", Version::New => "new" })]
pub struct DiffError {
    /// Which version.
    pub version: Version,
    /// Its name ([`SpecInput::name`]).
    pub name: String,
    /// What is wrong with it.
    pub error: onezone_upstream::Error,
}

/// One version in the report.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct VersionInfo {
    /// Its name ([`SpecInput::name`]).
    pub spec: String,
    /// Its `info.version`.
    pub version: Option<String>,
}

/// What makes the report breaking (`--fail-on breaking`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Breaking {
    /// Some change is breaking on the wire (level `error` or `warning`, as
    /// oasdiff's `breaking` command counts).
    pub wire: bool,
    /// Some generated crate needs a major bump.
    pub rust: bool,
}

/// One wire change with what it does to the generated crates.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DiffChange {
    /// The kind (`property-added`), as `onezone_upstream::ChangeKind` names it.
    pub kind: ChangeKind,
    /// The operation it is in; `null` for a change inside a shared
    /// component (see `reached_from`).
    pub operation: Option<OperationRef>,
    /// For a change inside a shared component: the operations reaching it.
    pub reached_from: Vec<OperationRef>,
    /// Pointer into the old version and the value there.
    pub old: Option<Side>,
    /// Pointer into the new version and the value there.
    pub new: Option<Side>,
    /// What differs, in a few words.
    pub detail: String,
    /// Who sends what changed: `request` (clients), `response` (servers),
    /// `both`, or `none` (not on the wire).
    pub direction: Direction,
    /// oasdiff's grade: `error`, `warning` or `info`.
    pub level: Level,
    /// Whether it may break clients or servers on the wire.
    pub breaking: bool,
    /// What it does to the generated crates (empty when nothing, or when
    /// there is no Rust verdict).
    pub rust: Vec<Effect>,
}

/// The Rust half of the report.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RustVerdict {
    /// Whether there is a verdict (both versions pass the generator's lint).
    pub verdict: bool,
    /// Why there is none: `no verdict: <file>#<pointer>: <first problem>`.
    pub reason: Option<String>,
    /// Per crate: its bump and every difference of its public API.
    pub crates: Vec<CrateVerdict>,
}

/// Everything `cargo xtask diff` reports.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DiffReport {
    /// The base version.
    pub old: VersionInfo,
    /// The version compared with it.
    pub new: VersionInfo,
    /// What makes the report breaking.
    pub breaking: Breaking,
    /// Every wire change, document-level first, then by operation (path
    /// order), then shared components.
    pub changes: Vec<DiffChange>,
    /// The generated crates.
    pub rust: RustVerdict,
}

/// Compares two versions of a spec: on the wire over the whole document
/// (`Scope::all()`), and in the Rust API the generator makes of each.
pub fn diff(old: SpecInput<'_>, new: SpecInput<'_>) -> Result<DiffReport, DiffError> {
    let read = |input: SpecInput<'_>, version: Version| {
        let fail = |error| DiffError { version, name: input.name.to_owned(), error };
        let doc = read_openapi(input.source, input.entry).map_err(fail)?;
        let api = Api::from_document(&doc, &Scope::all()).map_err(fail)?;
        Ok((doc, api))
    };
    let (old_doc, old_api) = read(old, Version::Old)?;
    let (new_doc, new_api) = read(new, Version::New)?;
    let changes = compare(&old_api, &new_api, &Scope::all());

    // The generator reads one file.
    let single = |input: SpecInput<'_>, doc: &onezone_upstream::Document| -> Result<String, String> {
        if doc.files.len() > 1 {
            return Err(format!(
                "no verdict: {} spans several files ({}); the generator reads one",
                input.name,
                doc.files.join(", ")
            ));
        }
        match input.source.read(input.entry) {
            Ok(Some(text)) => Ok(text),
            Ok(None) => Err(format!("no verdict: {}: no such file", input.name)),
            Err(message) => Err(format!("no verdict: {}: {message}", input.name)),
        }
    };
    let impact = match (single(old, &old_doc), single(new, &new_doc)) {
        (Ok(o), Ok(n)) => {
            rust_impact(SpecText { text: &o, name: old.name }, SpecText { text: &n, name: new.name }, &changes)
        }
        (Err(reason), _) | (_, Err(reason)) => RustImpact::NoVerdict(reason),
    };
    Ok(DiffReport::new(
        VersionInfo { spec: old.name.to_owned(), version: old_doc.version.clone() },
        VersionInfo { spec: new.name.to_owned(), version: new_doc.version.clone() },
        changes,
        impact,
    ))
}

impl DiffReport {
    /// Puts the wire changes and the Rust impact together.
    pub fn new(old: VersionInfo, new: VersionInfo, changes: Vec<Change>, impact: RustImpact) -> DiffReport {
        let effects: Vec<&Effect> = impact.crates().iter().flat_map(|c| &c.effects).collect();
        let changes: Vec<DiffChange> = changes
            .into_iter()
            .enumerate()
            .map(|(i, c)| DiffChange {
                breaking: c.breaking(),
                rust: effects.iter().filter(|e| e.changes.contains(&i)).map(|e| (*e).clone()).collect(),
                kind: c.kind,
                operation: c.operation,
                reached_from: c.reached_from,
                old: c.left,
                new: c.right,
                detail: c.detail,
                direction: c.direction,
                level: c.level,
            })
            .collect();
        let breaking = Breaking { wire: changes.iter().any(|c| c.breaking), rust: impact.breaking() };
        let rust = match impact {
            RustImpact::Verdict(crates) => RustVerdict { verdict: true, reason: None, crates },
            RustImpact::NoVerdict(reason) => RustVerdict { verdict: false, reason: Some(reason), crates: Vec::new() },
        };
        DiffReport { old, new, breaking, changes, rust }
    }

    /// Whether `--fail-on breaking` fails: a change breaking on the wire, or
    /// a crate needing a major bump. (Without a Rust verdict only the wire
    /// counts.)
    pub fn is_breaking(&self) -> bool {
        self.breaking.wire || self.breaking.rust
    }

    /// The report as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        // Plain data with string keys: serializing cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The report as Markdown: a table of the crates (bump and why), then
    /// the changes grouped by operation or shared schema, each with its
    /// direction, wire verdict and Rust effects, then the Rust differences
    /// no wire change accounts for.
    pub fn render_markdown(&self) -> String {
        let mut out = String::new();
        let version = |v: &VersionInfo| match &v.version {
            Some(version) => format!("`{}` (version {version})", v.spec),
            None => format!("`{}`", v.spec),
        };
        let _ = writeln!(out, "# Spec diff: {} → {}\n", version(&self.old), version(&self.new));
        let breaking = self.changes.iter().filter(|c| c.breaking).count();
        let _ = writeln!(
            out,
            "{} on the wire, {breaking} breaking; {}.\n",
            plural(self.changes.len(), "change"),
            if self.is_breaking() { "`--fail-on breaking` fails" } else { "`--fail-on breaking` passes" }
        );

        let _ = writeln!(out, "## Generated crates\n");
        if let Some(reason) = &self.rust.reason {
            let _ = writeln!(out, "{reason}\n");
        } else {
            let _ = writeln!(out, "| crate | bump | why |\n|---|---|---|");
            for c in &self.rust.crates {
                let _ = writeln!(out, "| `{}` | {} | {} |", c.krate.name(), bump_text(c.bump), why(c));
            }
            out.push('\n');
        }

        let _ = writeln!(out, "## Changes\n");
        if self.changes.is_empty() {
            let _ = writeln!(out, "None: the two versions are the same on the wire.\n");
        }
        let mut group = None;
        for change in &self.changes {
            let (key, heading) = group_of(change);
            if group.as_ref() != Some(&key) {
                let _ = writeln!(out, "### {heading}\n");
                group = Some(key);
            }
            let wire = if change.breaking { "breaking on the wire" } else { "not breaking on the wire" };
            let _ = writeln!(
                out,
                "- **`{}`** ({}, {}: {wire}) — {}",
                change.kind,
                direction_text(change.direction),
                level_text(change.level),
                change.detail
            );
            let side = |name: &str, s: &Option<Side>| {
                s.as_ref().map(|s| format!("{name} `{}#{}`", name_of(self, name), s.pointer))
            };
            let sides: Vec<String> =
                [side("old", &change.old), side("new", &change.new)].into_iter().flatten().collect();
            if !sides.is_empty() {
                let _ = writeln!(out, "  - {}", sides.join(" → "));
            }
            if self.rust.verdict {
                if change.rust.is_empty() {
                    let _ = writeln!(out, "  - Rust: no change to any public API");
                }
                for e in &change.rust {
                    let _ = writeln!(out, "  - {}", effect_text(e));
                }
            }
        }
        if !self.changes.is_empty() {
            out.push('\n');
        }

        let unexplained: Vec<&Effect> =
            self.rust.crates.iter().flat_map(|c| &c.effects).filter(|e| e.changes.is_empty()).collect();
        if !unexplained.is_empty() {
            let _ = writeln!(out, "## Rust changes no wire change accounts for\n");
            for e in unexplained {
                let _ = writeln!(out, "- {}", effect_text(e));
            }
            out.push('\n');
        }
        out
    }
}

fn name_of<'a>(report: &'a DiffReport, side: &str) -> &'a str {
    if side == "old" { &report.old.spec } else { &report.new.spec }
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 { format!("1 {what}") } else { format!("{n} {what}s") }
}

fn bump_text(b: Bump) -> String {
    match b {
        Bump::Major => "**major**".to_owned(),
        other => other.as_str().to_owned(),
    }
}

fn direction_text(d: Direction) -> &'static str {
    match d {
        Direction::Request => "request: what clients send",
        Direction::Response => "response: what servers send",
        Direction::Both => "request and response",
        Direction::None => "not on the wire",
    }
}

fn level_text(l: Level) -> &'static str {
    match l {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "info",
    }
}

/// The reasons of a crate's bump: the differences at that bump (at most
/// five), and the re-exported crate when it raised the bump.
fn why(c: &CrateVerdict) -> String {
    let mut reasons: Vec<String> = Vec::new();
    if let Some(f) = c.follows {
        reasons.push(format!("re-exports `{}` ({})", f.krate.name(), f.bump.as_str()));
    }
    let top: Vec<&Effect> = c.effects.iter().filter(|e| Some(e.bump) == c.effects.first().map(|f| f.bump)).collect();
    for e in top.iter().take(5) {
        reasons.push(format!("`{}` `{}`", e.rule, e.item));
    }
    if top.len() > 5 {
        reasons.push(format!("and {} more", top.len() - 5));
    }
    let lower = c.effects.len() - top.len();
    if lower > 0 {
        reasons.push(format!("{} of a smaller bump", plural(lower, "other difference")));
    }
    if reasons.is_empty() {
        return if c.code_changed {
            "generated code changed, public API unchanged".to_owned()
        } else {
            "generated code unchanged".to_owned()
        };
    }
    reasons.join("; ")
}

fn effect_text(e: &Effect) -> String {
    let what = match (&e.old, &e.new) {
        (Some(o), Some(n)) => format!(": `{o}` → `{n}`"),
        (None, Some(n)) if !n.is_empty() => format!(": `{n}`"),
        _ => String::new(),
    };
    let csc = if e.cargo_semver_checks { "" } else { ", not a cargo-semver-checks lint" };
    format!("`{}`: `{}` `{}`{what} ({}{csc})", e.krate.name(), e.rule, e.item, e.bump.as_str())
}

/// What a change is grouped under (an operation, a shared component, the
/// document) and the group's heading: "`GET /groups/{id}` (`get_group`)",
/// "schema `Group` (reached from …)", "the whole document".
fn group_of(c: &DiffChange) -> (String, String) {
    if let Some(o) = &c.operation {
        let heading = match &o.operation_id {
            Some(id) => format!("`{} {}` (`{id}`)", o.method, o.path),
            None => format!("`{} {}`", o.method, o.path),
        };
        return (format!("{} {}", o.method, o.path), heading);
    }
    let at = c.new.as_ref().or(c.old.as_ref()).map(|s| s.pointer.as_str()).unwrap_or_default();
    let Some(component) = component_of(at) else { return (String::new(), "the whole document".to_owned()) };
    let name = component.rsplit('/').next().unwrap_or_default().replace("~1", "/").replace("~0", "~");
    let what = if component.starts_with("/components/schemas/") { "schema" } else { "component" };
    let mut reached: Vec<String> = c
        .reached_from
        .iter()
        .map(|o| o.operation_id.clone().map_or_else(|| format!("{} {}", o.method, o.path), |id| format!("`{id}`")))
        .collect();
    reached.dedup();
    let heading = if reached.is_empty() {
        format!("{what} `{name}`")
    } else {
        format!("{what} `{name}` (reached from {})", reached.join(", "))
    };
    (component, heading)
}
