//! The conformance matrix: every operation of the spec × every check, each
//! cell Pass, Erratum, Fail or NotRun; rendered as text and Markdown.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::checks;
use crate::spec::Spec;

/// A column of the matrix: one kind of check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    /// Every example round-trips through the shared Rust type of its schema.
    Types,
    /// The generated client sends the documented request and decodes the
    /// documented answers (success and every error status).
    ClientWire,
    /// The generated router hands the documented request to the
    /// implementation and sends its documented answers.
    ServerWire,
    /// Client → TCP → router → `onezone-mock` scenarios.
    RoundTrip,
    /// The `curl` sample reaches the operation with the documented
    /// arguments.
    Curl,
    /// The `onezone-rest-cli` sample does.
    Cli,
}

impl Column {
    /// Every column, in matrix order.
    pub const ALL: [Column; 6] =
        [Column::Types, Column::ClientWire, Column::ServerWire, Column::RoundTrip, Column::Curl, Column::Cli];

    /// Heading of the column.
    pub fn title(self) -> &'static str {
        match self {
            Column::Types => "types",
            Column::ClientWire => "client wire",
            Column::ServerWire => "server wire",
            Column::RoundTrip => "round trip",
            Column::Curl => "curl",
            Column::Cli => "CLI sample",
        }
    }

    /// The `label` of the `x-code-samples` entry a sample column checks.
    pub fn sample_label(self) -> Option<&'static str> {
        match self {
            Column::Curl => Some(crate::spec::CURL_LABEL),
            Column::Cli => Some(crate::spec::CLI_LABEL),
            _ => None,
        }
    }
}

/// A known defect of a documented sample: a stable name and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Erratum {
    /// Stable kebab-case name, e.g. `command-name`.
    pub name: String,
    /// What exactly is wrong.
    pub reason: String,
}

/// The verdict of one check for one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// Every assertion held; the number of assertions made.
    Pass(usize),
    /// The documentation itself is wrong here, in these named ways; the
    /// generated code behaved as it should with what the sample says.
    Erratum(Vec<Erratum>),
    /// Something did not hold; one message per failed assertion.
    Fail(Vec<String>),
    /// Not run, and why.
    NotRun(String),
}

impl Cell {
    /// Short text for tables.
    pub fn short(&self) -> String {
        match self {
            Cell::Pass(_) => "pass".into(),
            Cell::Erratum(errata) => {
                let names: Vec<&str> = errata.iter().map(|e| e.name.as_str()).collect();
                format!("erratum: {}", names.join(", "))
            }
            Cell::Fail(messages) => format!("FAIL ({})", messages.len()),
            Cell::NotRun(_) => "not run".into(),
        }
    }
}

/// Collects assertions into a [`Cell`].
#[derive(Debug, Default)]
pub struct Checker {
    checks: usize,
    failures: Vec<String>,
    errata: Vec<Erratum>,
}

impl Checker {
    /// An empty checker.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records one assertion: `Ok` passes, `Err(message)` fails.
    pub fn check(&mut self, result: Result<(), String>) {
        self.checks += 1;
        if let Err(message) = result {
            self.failures.push(message);
        }
    }

    /// Records an equality assertion.
    pub fn eq<T: PartialEq + std::fmt::Debug>(&mut self, what: &str, got: T, expected: T) {
        let result = if got == expected { Ok(()) } else { Err(format!("{what}: got {got:?}, expected {expected:?}")) };
        self.check(result);
    }

    /// Records a failure.
    pub fn fail(&mut self, message: impl Into<String>) {
        self.check(Err(message.into()));
    }

    /// Records an erratum (not a failure).
    pub fn erratum(&mut self, name: &str, reason: impl Into<String>) {
        self.checks += 1;
        self.errata.push(Erratum { name: name.to_owned(), reason: reason.into() });
    }

    /// Whether an erratum was recorded.
    pub fn has_errata(&self) -> bool {
        !self.errata.is_empty()
    }

    /// Whether a failure was recorded.
    pub fn has_failures(&self) -> bool {
        !self.failures.is_empty()
    }

    /// The verdict: Fail if anything failed (or nothing was checked at all),
    /// else Erratum if an erratum was recorded, else Pass.
    pub fn cell(self) -> Cell {
        if !self.failures.is_empty() {
            Cell::Fail(self.failures)
        } else if self.checks == 0 {
            Cell::Fail(vec!["no assertion was made: nothing was checked".into()])
        } else if !self.errata.is_empty() {
            Cell::Erratum(self.errata)
        } else {
            Cell::Pass(self.checks)
        }
    }
}

/// One operation's verdicts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The operationId.
    pub operation: String,
    /// One cell per column, in [`Column::ALL`] order.
    pub cells: Vec<(Column, Cell)>,
}

impl Row {
    /// The cell of a column.
    pub fn cell(&self, column: Column) -> &Cell {
        self.cells.iter().find(|(c, _)| *c == column).map_or(&NOT_RUN, |(_, cell)| cell)
    }
}

static NOT_RUN: Cell = Cell::NotRun(String::new());

/// Pass / erratum / fail / not-run counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Cells that passed.
    pub pass: usize,
    /// Cells with errata.
    pub erratum: usize,
    /// Cells that failed.
    pub fail: usize,
    /// Cells not run.
    pub not_run: usize,
    /// Assertions made by the passing cells.
    pub assertions: usize,
}

impl Counts {
    fn add(&mut self, cell: &Cell) {
        match cell {
            Cell::Pass(n) => {
                self.pass += 1;
                self.assertions += n;
            }
            Cell::Erratum(_) => self.erratum += 1,
            Cell::Fail(_) => self.fail += 1,
            Cell::NotRun(_) => self.not_run += 1,
        }
    }
}

/// The whole matrix.
#[derive(Debug, Clone)]
pub struct Report {
    /// The spec it was computed from.
    pub spec: PathBuf,
    /// One row per operation, in spec order.
    pub rows: Vec<Row>,
    /// The `types` verdict of the examples under `components` (schema
    /// examples and shared responses), when the types column ran.
    pub components: Option<Cell>,
}

impl Report {
    /// The row of an operation.
    pub fn row(&self, operation: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.operation == operation)
    }

    /// Counts of one column.
    pub fn counts(&self, column: Column) -> Counts {
        let mut counts = Counts::default();
        for row in &self.rows {
            counts.add(row.cell(column));
        }
        counts
    }

    /// Counts over the whole matrix, plus the components cell.
    pub fn totals(&self) -> Counts {
        let mut counts = Counts::default();
        for row in &self.rows {
            for (_, cell) in &row.cells {
                counts.add(cell);
            }
        }
        if let Some(cell) = &self.components {
            counts.add(cell);
        }
        counts
    }

    /// Every failure as (operation or `components`, column, message).
    pub fn failures(&self) -> Vec<(String, Column, String)> {
        let mut out = Vec::new();
        if let Some(Cell::Fail(messages)) = &self.components {
            out.extend(messages.iter().map(|m| ("components".to_owned(), Column::Types, m.clone())));
        }
        for row in &self.rows {
            for (column, cell) in &row.cells {
                if let Cell::Fail(messages) = cell {
                    out.extend(messages.iter().map(|m| (row.operation.clone(), *column, m.clone())));
                }
            }
        }
        out
    }

    /// Whether any cell failed.
    pub fn has_failures(&self) -> bool {
        !self.failures().is_empty()
    }

    /// Every erratum as (operation, column, erratum).
    pub fn errata(&self) -> Vec<(String, Column, Erratum)> {
        let mut out = Vec::new();
        for row in &self.rows {
            for (column, cell) in &row.cells {
                if let Cell::Erratum(errata) = cell {
                    out.extend(errata.iter().map(|e| (row.operation.clone(), *column, e.clone())));
                }
            }
        }
        out
    }

    /// The matrix as plain text, for a terminal.
    pub fn to_text(&self) -> String {
        let width = self.rows.iter().map(|r| r.operation.len()).max().unwrap_or(9).max(9);
        let col_width =
            |c: Column| self.rows.iter().map(|r| r.cell(c).short().len()).max().unwrap_or(0).max(c.title().len());
        let widths: Vec<usize> = Column::ALL.iter().map(|c| col_width(*c)).collect();
        let mut out = String::new();
        let mut header = format!("{:width$}", "operation");
        for (c, w) in Column::ALL.iter().zip(&widths) {
            let _ = write!(header, "  {:w$}", c.title());
        }
        out.push_str(header.trim_end());
        out.push('\n');
        for row in &self.rows {
            let mut line = format!("{:width$}", row.operation);
            for (c, w) in Column::ALL.iter().zip(&widths) {
                let _ = write!(line, "  {:w$}", row.cell(*c).short());
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out.push('\n');
        if let Some(cell) = &self.components {
            let _ = writeln!(out, "components (schema and shared-response examples): {}", cell.short());
        }
        for c in Column::ALL {
            let n = self.counts(c);
            out.push_str(&count_line(c.title(), n));
        }
        out.push_str(&count_line("total", self.totals()));
        let errata = self.errata();
        if !errata.is_empty() {
            let _ = writeln!(out, "\nerrata:");
            for (op, column, e) in errata {
                let _ = writeln!(out, "  {op} [{}] {}: {}", column.title(), e.name, e.reason);
            }
        }
        let failures = self.failures();
        if !failures.is_empty() {
            let _ = writeln!(out, "\nfailures:");
            for (op, column, message) in failures {
                let _ = writeln!(out, "  {op} [{}]: {message}", column.title());
            }
        }
        let not_run: Vec<String> = Column::ALL
            .iter()
            .filter_map(|c| {
                self.rows.iter().find_map(|r| match r.cell(*c) {
                    Cell::NotRun(why) if !why.is_empty() => Some(format!("  {}: {why}", c.title())),
                    _ => None,
                })
            })
            .collect();
        if !not_run.is_empty() {
            let _ = writeln!(out, "\nnot run:\n{}", not_run.join("\n"));
        }
        out
    }

    /// The matrix as a Markdown document.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# Conformance report\n");
        let root = crate::spec::workspace_root();
        let spec = self.spec.strip_prefix(&root).unwrap_or(&self.spec);
        let _ = writeln!(out, "Spec: `{}`, {} operations.\n", spec.display(), self.rows.len());
        let _ = write!(out, "| operation |");
        for c in Column::ALL {
            let _ = write!(out, " {} |", c.title());
        }
        let _ = write!(out, "\n|---|");
        for _ in Column::ALL {
            out.push_str("---|");
        }
        out.push('\n');
        let md = |cell: &Cell| match cell {
            Cell::Pass(_) => "pass".to_owned(),
            Cell::Erratum(errata) => {
                let names: Vec<String> = errata.iter().map(|e| format!("`{}`", e.name)).collect();
                format!("erratum: {}", names.join(", "))
            }
            Cell::Fail(messages) => format!("**FAIL** ({})", messages.len()),
            Cell::NotRun(_) => "not run".to_owned(),
        };
        for row in &self.rows {
            let _ = write!(out, "| `{}` |", row.operation);
            for c in Column::ALL {
                let _ = write!(out, " {} |", md(row.cell(c)));
            }
            out.push('\n');
        }
        if let Some(cell) = &self.components {
            let _ = writeln!(out, "\nExamples under `components` (schemas, shared responses): {}.", md(cell));
        }
        let _ = writeln!(
            out,
            "\n## Totals\n\n| column | pass | erratum | fail | not run | assertions in passing cells |\n|---|---|---|---|---|---|"
        );
        for c in Column::ALL {
            let n = self.counts(c);
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                c.title(),
                n.pass,
                n.erratum,
                n.fail,
                n.not_run,
                n.assertions
            );
        }
        let t = self.totals();
        let _ =
            writeln!(out, "| **total** | {} | {} | {} | {} | {} |", t.pass, t.erratum, t.fail, t.not_run, t.assertions);
        let errata = self.errata();
        if !errata.is_empty() {
            let _ = writeln!(
                out,
                "\n## Errata of the documented samples\n\n| operation | sample | erratum | reason |\n|---|---|---|---|"
            );
            for (op, column, e) in errata {
                let _ = writeln!(out, "| `{op}` | {} | `{}` | {} |", column.title(), e.name, md_escape(&e.reason));
            }
        }
        let failures = self.failures();
        if !failures.is_empty() {
            let _ = writeln!(out, "\n## Failures\n\n| operation | check | message |\n|---|---|---|");
            for (op, column, message) in failures {
                let _ = writeln!(out, "| `{op}` | {} | {} |", column.title(), md_escape(&message));
            }
        }
        let mut not_run = Vec::new();
        for c in Column::ALL {
            if let Some(why) = self.rows.iter().find_map(|r| match r.cell(c) {
                Cell::NotRun(why) if !why.is_empty() => Some(why.clone()),
                _ => None,
            }) {
                not_run.push(format!("- {}: {}", c.title(), md_escape(&why)));
            }
        }
        if !not_run.is_empty() {
            let _ = writeln!(out, "\n## Not run\n\n{}", not_run.join("\n"));
        }
        out
    }
}

fn count_line(title: &str, n: Counts) -> String {
    format!(
        "{title:12} pass {:3}  erratum {:3}  fail {:3}  not run {:3}  ({} assertions in passing cells)\n",
        n.pass, n.erratum, n.fail, n.not_run, n.assertions
    )
}

fn md_escape(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// Time limit of one column.
pub const COLUMN_TIMEOUT: Duration = Duration::from_secs(60);

/// Runs the requested columns for every operation of `spec`; the others are
/// NotRun. Each column is bounded by [`COLUMN_TIMEOUT`].
pub async fn run(spec: Arc<Spec>, columns: &[Column]) -> Report {
    let mut rows: Vec<Row> = spec
        .operations
        .iter()
        .map(|op| Row {
            operation: op.id.clone(),
            cells: Column::ALL.iter().map(|c| (*c, Cell::NotRun("not requested".into()))).collect(),
        })
        .collect();
    let mut components = None;
    for column in Column::ALL.into_iter().filter(|c| columns.contains(c)) {
        let cells = match column {
            Column::Types => {
                let (cells, shared) = checks::types::run(&spec);
                components = Some(shared);
                Ok(cells)
            }
            Column::ClientWire => bounded(checks::client::run(&spec)).await,
            Column::ServerWire => bounded(checks::server::run(Arc::clone(&spec))).await,
            Column::RoundTrip => bounded(round_trip_column(&spec)).await,
            Column::Curl | Column::Cli => bounded(checks::samples::run(Arc::clone(&spec), column)).await,
        };
        let cells =
            cells.unwrap_or_else(|message| spec.operations.iter().map(|_| Cell::Fail(vec![message.clone()])).collect());
        for ((row, cell), op) in rows.iter_mut().zip(cells).zip(&spec.operations) {
            let cell = with_spec_problems(cell, &op.problems);
            if let Some(slot) = row.cells.iter_mut().find(|(c, _)| *c == column) {
                slot.1 = cell;
            }
        }
    }
    Report { spec: spec.source.clone(), rows, components }
}

/// Problems found while reading an operation fail every check that ran.
fn with_spec_problems(cell: Cell, problems: &[String]) -> Cell {
    if problems.is_empty() || matches!(cell, Cell::NotRun(_)) {
        return cell;
    }
    let mut messages: Vec<String> = problems.iter().map(|p| format!("spec: {p}")).collect();
    if let Cell::Fail(more) = cell {
        messages.extend(more);
    }
    Cell::Fail(messages)
}

async fn bounded<F: Future<Output = Vec<Cell>>>(column: F) -> Result<Vec<Cell>, String> {
    tokio::time::timeout(COLUMN_TIMEOUT, column)
        .await
        .map_err(|_| format!("the column did not finish within {COLUMN_TIMEOUT:?}"))
}

// The `round trip` column: client → TCP → generated router → onezone-mock,
// one scenario (crate::roundtrip) run once; each operation's cell counts the
// scenario steps that called it.
async fn round_trip_column(spec: &Spec) -> Vec<Cell> {
    let report = match crate::roundtrip::run(spec).await {
        Ok(report) => report,
        Err(e) => {
            return spec
                .operations
                .iter()
                .map(|_| Cell::Fail(vec![format!("round trip could not start: {e}")]))
                .collect();
        }
    };
    spec.operations
        .iter()
        .map(|op| match report.verdict(&op.id) {
            Ok(()) => Cell::Pass(report.steps.iter().filter(|s| s.op == op.id).count()),
            Err(e) => Cell::Fail(vec![e]),
        })
        .collect()
}
// ───────────────────────────────────────────────────────────────────────────

/// First line of tests/README.md's generated conformance summary.
pub const README_BEGIN: &str = "<!-- conformance summary: `conformance-report --readme` prints it; tests/tests/conformance/report.rs compares it whole -->";
/// Last line of tests/README.md's generated conformance summary.
pub const README_END: &str = "<!-- end of conformance summary -->";

/// tests/README.md's conformance summary, between [`README_BEGIN`] and
/// [`README_END`] (both included): the totals per column, every erratum of
/// the spec's samples, and the corpus totals with every corpus erratum
/// grouped by name.
pub fn readme_summary(report: &Report, corpus: &crate::corpus::CorpusReport) -> String {
    let mut out = format!("{README_BEGIN}\nCurrent totals ({} operations):\n\n", report.rows.len());
    out.push_str("| check | pass | erratum | fail |\n|---|---|---|---|\n");
    for c in Column::ALL {
        let n = report.counts(c);
        let title = if c == Column::Curl { "curl sample" } else { c.title() };
        let _ = writeln!(out, "| {title} | {} | {} | {} |", n.pass, n.erratum, n.fail);
    }
    out.push_str("\nErrata of the spec's code samples:\n\n");
    let mut cells: Vec<(String, Column, Vec<String>)> = Vec::new();
    for (op, column, e) in report.errata() {
        match cells.iter_mut().find(|(o, c, _)| *o == op && *c == column) {
            Some((_, _, names)) => names.push(format!("`{}`", e.name)),
            None => cells.push((op, column, vec![format!("`{}`", e.name)])),
        }
    }
    for (op, column, names) in cells {
        let _ = writeln!(out, "- `{op}` {}: {}", column.title(), names.join(", "));
    }
    let (conform, errata, problems) = corpus.totals();
    let _ = writeln!(
        out,
        "\nDocumentation corpus: {} entries, {conform} conform, {errata} with errata, {problems} failing. \
         Errata by name:\n",
        corpus.rows.len()
    );
    let mut by_name: std::collections::BTreeMap<&str, Vec<&str>> = std::collections::BTreeMap::new();
    for row in &corpus.rows {
        let mut names: Vec<&str> = row.verdict.errata.iter().map(|e| e.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        for name in names {
            by_name.entry(name).or_default().push(row.entry.id.as_str());
        }
    }
    for (name, ids) in by_name {
        let ids: Vec<String> = ids.iter().map(|id| format!("`{id}`")).collect();
        let _ = writeln!(out, "- `{name}` ({}): {}", ids.len(), ids.join(", "));
    }
    out.push_str(README_END);
    out.push('\n');
    out
}
