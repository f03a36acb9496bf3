//! Deliberate differences from upstream, as data (format: see the crate
//! documentation).

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::compare::Change;
use crate::error::{Diagnostic, Error};
use crate::kind::ChangeKind;
use crate::parse::{kind_of, parse_text};
use crate::pointer;

const ENTRY_KEYS: &[&str] = &["id", "kind", "kinds", "operation", "schema", "ours", "upstream", "reason"];

/// One recorded deviation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Deviation {
    /// Stable id, cited by the findings it covers.
    pub id: String,
    /// The kinds of finding it covers.
    pub kinds: Vec<ChangeKind>,
    /// The operationId it concerns, when it is about one operation; a
    /// finding of another operation is then not covered.
    pub operation: Option<String>,
    /// The named schema it concerns (`definitions`/`components/schemas`
    /// name, either side); a finding outside that schema is then not covered.
    pub schema: Option<String>,
    /// Pointers into our bundled spec.
    pub ours: Vec<String>,
    /// Pointers into the bundled upstream description.
    pub upstream: Vec<String>,
    /// Why we differ.
    pub reason: String,
    /// Where the entry is in the deviations file.
    #[serde(skip)]
    pub location: String,
}

impl Deviation {
    /// Whether this deviation covers a drift finding (`left` = upstream,
    /// `right` = ours): same kind, the same operation and schema when those
    /// are given, and on at least one side a listed pointer equal to the
    /// finding's pointer or an ancestor of it.
    pub fn covers(&self, change: &Change) -> bool {
        if !self.kinds.contains(&change.kind) {
            return false;
        }
        if let Some(id) = &self.operation {
            let named = |op: &crate::compare::OperationRef| op.operation_id.as_deref() == Some(id.as_str());
            if !change.operation.iter().chain(change.reached_from.iter()).any(named) {
                return false;
            }
        }
        let sides = [change.left.as_ref(), change.right.as_ref()];
        if let Some(name) = &self.schema {
            let homes = [
                pointer::from_segments(["definitions", name]),
                pointer::from_segments(["components", "schemas", name]),
            ];
            let inside = sides.iter().flatten().any(|s| homes.iter().any(|h| pointer::is_prefix(h, &s.pointer)));
            if !inside {
                return false;
            }
        }
        let matches = |listed: &[String], side: Option<&crate::compare::Side>| match side {
            Some(s) => listed.iter().any(|p| pointer::is_prefix(p, &s.pointer)),
            None => false,
        };
        matches(&self.upstream, change.left.as_ref()) || matches(&self.ours, change.right.as_ref())
    }
}

/// The deviations of one file, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deviations {
    /// The file they were read from.
    pub file: String,
    /// The entries.
    pub entries: Vec<Deviation>,
}

impl Deviations {
    /// No deviations.
    pub fn none() -> Self {
        Self::default()
    }

    /// Parses and validates a deviations file; every problem is reported
    /// with its pointer in the file.
    pub fn parse(text: &str, file: &str) -> Result<Self, Error> {
        let value = parse_text(text, file)?;
        let mut problems = Vec::new();
        let entries = read_entries(&value, &mut problems);
        if problems.is_empty() {
            Ok(Deviations { file: file.to_owned(), entries })
        } else {
            Err(Error::Invalid { file: file.to_owned(), diagnostics: problems })
        }
    }

    /// The first deviation covering a finding.
    pub fn covering(&self, change: &Change) -> Option<&Deviation> {
        self.entries.iter().find(|d| d.covers(change))
    }
}

fn read_entries(value: &Value, problems: &mut Vec<Diagnostic>) -> Vec<Deviation> {
    let Some(root) = value.as_object() else {
        problems.push(Diagnostic::new("", format!("expected a mapping with `deviations:`, found {}", kind_of(value))));
        return Vec::new();
    };
    for key in root.keys().filter(|k| k.as_str() != "deviations") {
        problems.push(Diagnostic::new(pointer::push("", key), format!("unknown key `{key}`; expected `deviations`")));
    }
    let list = match root.get("deviations") {
        Some(Value::Array(items)) => items,
        Some(Value::Null) => return Vec::new(),
        Some(other) => {
            problems.push(Diagnostic::new("/deviations", format!("expected a list, found {}", kind_of(other))));
            return Vec::new();
        }
        None => {
            problems.push(Diagnostic::new("", "`deviations` is missing"));
            return Vec::new();
        }
    };
    let mut entries = Vec::new();
    let mut seen: HashMap<String, String> = HashMap::new();
    for (i, item) in list.iter().enumerate() {
        let at = pointer::from_segments(["deviations", &i.to_string()]);
        let Some(map) = item.as_object() else {
            problems.push(Diagnostic::new(&at, format!("a deviation is a mapping, found {}", kind_of(item))));
            continue;
        };
        if let Some(entry) = read_entry(map, &at, problems) {
            match seen.get(&entry.id) {
                Some(first) => problems.push(Diagnostic::new(
                    pointer::push(&at, "id"),
                    format!("duplicate id `{}` (first used at {first})", entry.id),
                )),
                None => {
                    seen.insert(entry.id.clone(), pointer::push(&at, "id"));
                }
            }
            entries.push(entry);
        }
    }
    entries
}

fn read_entry(map: &Map<String, Value>, at: &str, problems: &mut Vec<Diagnostic>) -> Option<Deviation> {
    let before = problems.len();
    for key in map.keys().filter(|k| !ENTRY_KEYS.contains(&k.as_str())) {
        problems.push(Diagnostic::new(
            pointer::push(at, key),
            format!("unknown key `{key}`; expected one of {}", ENTRY_KEYS.join(", ")),
        ));
    }
    let id = text(map, at, "id", true, problems).unwrap_or_default();
    if id.chars().any(char::is_whitespace) {
        problems.push(Diagnostic::new(pointer::push(at, "id"), format!("id `{id}` contains whitespace")));
    }
    let reason = text(map, at, "reason", true, problems).unwrap_or_default();
    let operation = text(map, at, "operation", false, problems);
    let schema = text(map, at, "schema", false, problems);
    let kinds = match (map.get("kind"), map.get("kinds")) {
        (Some(_), Some(_)) => {
            problems.push(Diagnostic::new(at, "give either `kind` or `kinds`, not both"));
            Vec::new()
        }
        (Some(v), None) => kind_list(&Value::Array(vec![v.clone()]), &pointer::push(at, "kind"), true, problems),
        (None, Some(v)) => kind_list(v, &pointer::push(at, "kinds"), false, problems),
        (None, None) => {
            problems.push(Diagnostic::new(at, "`kinds` is missing: which kinds of finding does it cover?"));
            Vec::new()
        }
    };
    let ours = pointer_list(map, at, "ours", problems);
    let upstream = pointer_list(map, at, "upstream", problems);
    if ours.is_empty() && upstream.is_empty() && problems.len() == before {
        problems.push(Diagnostic::new(
            at,
            "neither `ours` nor `upstream` lists a pointer; a deviation must say where it is",
        ));
    }
    if problems.len() != before {
        return None;
    }
    Some(Deviation { id, kinds, operation, schema, ours, upstream, reason, location: at.to_owned() })
}

fn text(
    map: &Map<String, Value>,
    at: &str,
    key: &str,
    required: bool,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    match map.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Some(Value::String(_)) => {
            problems.push(Diagnostic::new(pointer::push(at, key), format!("`{key}` is empty")));
            None
        }
        Some(other) => {
            problems.push(Diagnostic::new(
                pointer::push(at, key),
                format!("`{key}` must be a string, found {}", kind_of(other)),
            ));
            None
        }
        None => {
            if required {
                problems.push(Diagnostic::new(at, format!("`{key}` is missing")));
            }
            None
        }
    }
}

fn kind_list(value: &Value, at: &str, single: bool, problems: &mut Vec<Diagnostic>) -> Vec<ChangeKind> {
    let Value::Array(items) = value else {
        problems.push(Diagnostic::new(at, format!("expected a list of kinds, found {}", kind_of(value))));
        return Vec::new();
    };
    if items.is_empty() {
        problems.push(Diagnostic::new(at, "the list of kinds is empty"));
    }
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let item_at = if single { at.to_owned() } else { pointer::push(at, &i.to_string()) };
        match item.as_str().map(str::parse::<ChangeKind>) {
            Some(Ok(kind)) => out.push(kind),
            Some(Err(_)) => problems.push(Diagnostic::new(
                item_at,
                format!(
                    "unknown kind `{}`; known kinds: {}",
                    item.as_str().unwrap_or_default(),
                    ChangeKind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
                ),
            )),
            None => problems.push(Diagnostic::new(item_at, format!("a kind is a string, found {}", kind_of(item)))),
        }
    }
    out
}

fn pointer_list(map: &Map<String, Value>, at: &str, key: &str, problems: &mut Vec<Diagnostic>) -> Vec<String> {
    let list_at = pointer::push(at, key);
    let items = match map.get(key) {
        None => return Vec::new(),
        Some(Value::Array(items)) => items,
        Some(other) => {
            problems
                .push(Diagnostic::new(list_at, format!("expected a list of JSON pointers, found {}", kind_of(other))));
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let item_at = pointer::push(&list_at, &i.to_string());
        match item {
            Value::String(p) if !p.is_empty() && pointer::segments(p).is_some() => out.push(p.clone()),
            Value::String(p) => problems.push(Diagnostic::new(
                item_at,
                format!("`{p}` is not a JSON pointer into the document (it starts with `/`; `~` only as `~0`, `~1`)"),
            )),
            other => {
                problems.push(Diagnostic::new(item_at, format!("expected a JSON pointer, found {}", kind_of(other))))
            }
        }
    }
    out
}
