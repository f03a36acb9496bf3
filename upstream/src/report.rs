//! The drift report: the changes between upstream (left) and ours (right),
//! each marked known (with the deviation that covers it) or not, plus the
//! deviations nothing matched.

use std::fmt::Write as _;

use serde_json::Value;

use crate::compare::{Change, Direction, Level, OperationRef, Side, component_of};
use crate::deviations::Deviations;
use crate::kind::ChangeKind;
use crate::model::Method;

/// Where the upstream description came from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct UpstreamInfo {
    /// The directory (or file) read, as the user gave it.
    pub dir: String,
    /// The revision (tag or commit) it was taken at, when known.
    pub revision: Option<String>,
    /// Its `info.version`.
    pub version: Option<String>,
}

/// One difference between upstream and ours.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Finding {
    /// The kind of difference (`*-added`/`extra`: only ours has it;
    /// `*-removed`/`missing`: only upstream has it).
    pub kind: ChangeKind,
    /// The operationId (ours, else upstream's); `null` for a finding inside a
    /// shared component or about the whole document.
    pub operation: Option<String>,
    /// The method of that operation.
    pub method: Option<Method>,
    /// The path of that operation as written on our side (else upstream's).
    pub path: Option<String>,
    /// Pointer into our bundled spec and the value there.
    pub ours: Option<Side>,
    /// Pointer into the bundled upstream description and the value there.
    pub upstream: Option<Side>,
    /// What differs, in a few words.
    pub detail: String,
    /// Whether a deviation covers it.
    pub known: bool,
    /// The id of that deviation.
    pub deviation: Option<String>,
    /// Who it affects on the wire.
    pub direction: Direction,
    /// How bad it would be as a change from upstream to ours.
    pub level: Level,
    /// Whether it may break clients or servers on the wire.
    pub breaking: bool,
    /// For a finding inside a shared component: the operations reaching it.
    pub reached_from: Vec<OperationRef>,
}

/// A deviation that covers no finding.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StaleDeviation {
    /// Its id.
    pub id: String,
    /// The kinds it covers.
    pub kinds: Vec<ChangeKind>,
    /// Its pointers into our spec.
    pub ours: Vec<String>,
    /// Its pointers into upstream.
    pub upstream: Vec<String>,
    /// Its reason.
    pub reason: String,
}

/// The result of a drift check.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DriftReport {
    /// Where upstream came from.
    pub upstream: UpstreamInfo,
    /// Every difference, known or not.
    pub findings: Vec<Finding>,
    /// Deviations no finding matched.
    pub stale_deviations: Vec<StaleDeviation>,
}

impl DriftReport {
    /// Builds the report from the changes `compare(upstream, ours, scope)`
    /// gave, marking each one covered by a deviation as known.
    pub fn new(upstream: UpstreamInfo, changes: Vec<Change>, deviations: &Deviations) -> Self {
        let mut used = vec![false; deviations.entries.len()];
        let findings = changes
            .into_iter()
            .map(|change| {
                // Every deviation that covers the finding is in use (none of
                // them is stale); the first one names it.
                let mut covering = None;
                for (i, d) in deviations.entries.iter().enumerate() {
                    if d.covers(&change) {
                        used[i] = true;
                        covering.get_or_insert(i);
                    }
                }
                let breaking = change.breaking();
                Finding {
                    kind: change.kind,
                    operation: change.operation.as_ref().and_then(|o| o.operation_id.clone()),
                    method: change.operation.as_ref().map(|o| o.method),
                    path: change.operation.as_ref().map(|o| o.path.clone()),
                    ours: change.right,
                    upstream: change.left,
                    detail: change.detail,
                    known: covering.is_some(),
                    deviation: covering.map(|i| deviations.entries[i].id.clone()),
                    direction: change.direction,
                    level: change.level,
                    breaking,
                    reached_from: change.reached_from,
                }
            })
            .collect();
        let stale_deviations = deviations
            .entries
            .iter()
            .zip(used)
            .filter(|(_, used)| !used)
            .map(|(d, _)| StaleDeviation {
                id: d.id.clone(),
                kinds: d.kinds.clone(),
                ours: d.ours.clone(),
                upstream: d.upstream.clone(),
                reason: d.reason.clone(),
            })
            .collect();
        DriftReport { upstream, findings, stale_deviations }
    }

    /// 0 when every finding is known and no deviation is stale, 1 otherwise.
    /// (Unreadable input never gets this far: it is an [`crate::Error`],
    /// which a front end maps to 2.)
    pub fn exit_code(&self) -> i32 {
        if self.findings.iter().all(|f| f.known) && self.stale_deviations.is_empty() { 0 } else { 1 }
    }

    /// The report as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        // Serializing plain data with string keys cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// A readable rendering: findings grouped by operation (document-level
    /// first, shared components last), each with both pointers and values;
    /// known ones marked with their deviation; stale deviations; a summary.
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        let u = &self.upstream;
        let _ = writeln!(
            out,
            "drift of our spec against upstream {} (revision {}, version {})",
            u.dir,
            u.revision.as_deref().unwrap_or("unknown"),
            u.version.as_deref().unwrap_or("unknown")
        );
        let _ = writeln!(out, "(*-added / *-extra: only ours has it; *-removed / *-missing: only upstream has it)");
        let mut current: Option<String> = None;
        for f in &self.findings {
            let heading = heading(f);
            if current.as_deref() != Some(heading.as_str()) {
                let _ = writeln!(out, "\n{heading}");
                current = Some(heading);
            }
            let status = match &f.deviation {
                Some(id) => format!("known: {id}"),
                None => "NEW".to_owned(),
            };
            let _ = writeln!(
                out,
                "  {} [{}, {}{}] {} ({status})",
                f.kind,
                f.direction.as_str(),
                level_text(f.level),
                if f.breaking { ", breaking" } else { "" },
                f.detail
            );
            let _ = writeln!(out, "      upstream: {}", side_text(f.upstream.as_ref()));
            let _ = writeln!(out, "      ours:     {}", side_text(f.ours.as_ref()));
        }
        if !self.stale_deviations.is_empty() {
            let _ = writeln!(out, "\nstale deviations (they match no finding):");
            for d in &self.stale_deviations {
                let kinds: Vec<&str> = d.kinds.iter().map(|k| k.as_str()).collect();
                let _ = writeln!(out, "  {} [{}]: {}", d.id, kinds.join(", "), d.reason);
            }
        }
        let known = self.findings.iter().filter(|f| f.known).count();
        let breaking_new = self.findings.iter().filter(|f| !f.known && f.breaking).count();
        let _ = writeln!(
            out,
            "\nsummary: {} finding{} ({} known, {} new, {} of them breaking), {} stale deviation{}",
            self.findings.len(),
            plural(self.findings.len()),
            known,
            self.findings.len() - known,
            breaking_new,
            self.stale_deviations.len(),
            plural(self.stale_deviations.len())
        );
        out
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn level_text(level: Level) -> &'static str {
    match level {
        Level::Info => "info",
        Level::Warning => "warning",
        Level::Error => "error",
    }
}

fn heading(f: &Finding) -> String {
    if let (Some(method), Some(path)) = (f.method, &f.path) {
        return match &f.operation {
            Some(id) => format!("{method} {path} ({id})"),
            None => format!("{method} {path}"),
        };
    }
    let at = f.ours.as_ref().or(f.upstream.as_ref()).map(|s| s.pointer.as_str()).unwrap_or_default();
    let ops: Vec<String> = f
        .reached_from
        .iter()
        .map(|o| o.operation_id.clone().unwrap_or_else(|| format!("{} {}", o.method, o.path)))
        .collect();
    let used_by = match ops.len() {
        0 => String::new(),
        n if n <= MAX_NAMED_OPERATIONS => format!(", reached from {}", ops.join(", ")),
        n => format!(", reached from {} operations: {}, …", n, ops[..MAX_NAMED_OPERATIONS].join(", ")),
    };
    if f.kind == ChangeKind::SecuritySchemeChanged {
        return format!("security schemes{used_by}");
    }
    format!("component {}{used_by}", component_of(at).unwrap_or_else(|| at.to_owned()))
}

/// How many operations a heading names before it only counts them.
const MAX_NAMED_OPERATIONS: usize = 6;
/// How long a value may be in the text rendering before it is cut.
const MAX_VALUE_TEXT: usize = 200;

fn side_text(side: Option<&Side>) -> String {
    let Some(side) = side else { return "(absent)".to_owned() };
    let value = match &side.value {
        Value::Null => "(nothing)".to_owned(),
        v => {
            let text = v.to_string();
            if text.chars().count() > MAX_VALUE_TEXT {
                let cut: String = text.chars().take(MAX_VALUE_TEXT).collect();
                format!("{cut}…")
            } else {
                text
            }
        }
    };
    format!("{} = {value}", if side.pointer.is_empty() { "#" } else { &side.pointer })
}
