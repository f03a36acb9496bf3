//! Shared helpers of the conformance tests.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use onezone_conformance::corpus::{self, CorpusReport};
use onezone_conformance::matrix::{self, Cell, Column, Report};
use onezone_conformance::spec::{Spec, default_spec_path};

/// Runs a future to completion on a runtime of its own, on a thread of its
/// own (so it can be called from inside a test's runtime).
fn on_own_runtime<T: Send + 'static, F: Future<Output = T>>(make: impl FnOnce() -> F + Send + 'static) -> T {
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(make())
    })
    .join()
    .unwrap()
}

/// The full matrix of the workspace's spec, computed once per test binary
/// and shared by every test that asserts on it.
pub fn full_report() -> &'static Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT.get_or_init(|| on_own_runtime(|| async { run(spec(), &Column::ALL).await }))
}

/// The judged corpus, computed once per test binary.
pub fn corpus_report() -> &'static CorpusReport {
    static REPORT: OnceLock<CorpusReport> = OnceLock::new();
    REPORT.get_or_init(|| on_own_runtime(|| async { corpus::run(&spec()).await.unwrap() }))
}

/// The workspace's spec.
pub fn spec() -> Arc<Spec> {
    Arc::new(Spec::load_default().expect("spec/onezone.yaml loads"))
}

/// The workspace's spec with `from` replaced by `to` (exactly once): a
/// deliberately broken copy, never written to disk.
pub fn edited_spec(edits: &[(&str, &str)]) -> Arc<Spec> {
    let path = default_spec_path();
    let mut text = std::fs::read_to_string(&path).unwrap();
    for (from, to) in edits {
        assert_eq!(text.matches(from).count(), 1, "the spec should contain {from:?} exactly once");
        text = text.replacen(from, to, 1);
    }
    Arc::new(Spec::parse(&path, &text).expect("edited spec parses"))
}

/// Runs some columns, bounded in time.
pub async fn run(spec: Arc<Spec>, columns: &[Column]) -> Report {
    tokio::time::timeout(Duration::from_secs(90), matrix::run(spec, columns)).await.expect("the checks finish in time")
}

/// Panics with every failure of the column, one per line.
pub fn assert_no_failures(report: &Report, column: Column) {
    let failures: Vec<String> = report
        .failures()
        .into_iter()
        .filter(|(_, c, _)| *c == column)
        .map(|(op, _, message)| format!("  {op}: {message}"))
        .collect();
    assert!(failures.is_empty(), "{} check failed ({}):\n{}", column.title(), failures.len(), failures.join("\n"));
}

/// Every operation's cell of the column passed (no erratum either).
pub fn assert_all_pass(report: &Report, column: Column) {
    assert_no_failures(report, column);
    assert_eq!(report.rows.len(), onezone_conformance::generated::OPERATION_IDS.len());
    for row in &report.rows {
        assert!(
            matches!(row.cell(column), Cell::Pass(n) if *n > 0),
            "{} of {}: {:?}",
            column.title(),
            row.operation,
            row.cell(column)
        );
    }
}

/// The failure messages of one operation's cell.
pub fn failures_of(report: &Report, operation: &str, column: Column) -> Vec<String> {
    match report.row(operation).unwrap_or_else(|| panic!("no row {operation}")).cell(column) {
        Cell::Fail(messages) => messages.clone(),
        other => panic!("{} of {operation} should fail, it is {other:?}", column.title()),
    }
}
