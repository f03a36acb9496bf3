//! Check 6: the documentation corpus (tests/corpus/*.yaml). Every entry's
//! verdict is computed against the generated code and must equal the
//! expected one, both ways: a new erratum fails the test, and so does a
//! listed erratum that no longer occurs.

use std::collections::BTreeSet;

use onezone_conformance::corpus::{Kind, judge, load, run};

use crate::common::spec;

#[tokio::test]
async fn every_documented_example_keeps_its_verdict() {
    let report = run(&spec()).await.unwrap();
    let files: BTreeSet<&str> = report.rows.iter().map(|r| r.file.as_str()).collect();
    assert!(files.len() >= 6, "the corpus went missing: {files:?}");
    assert!(report.rows.len() > 100, "only {} corpus entries", report.rows.len());
    let mut ids = BTreeSet::new();
    for row in &report.rows {
        assert!(ids.insert(row.entry.id.as_str()), "{}: duplicate id {}", row.file, row.entry.id);
    }
    if std::env::var_os("CORPUS_REVIEW").is_some() {
        for row in &report.rows {
            println!("{} {} {:?}", row.file, row.entry.id, row.verdict.names());
            for e in &row.verdict.errata {
                println!("    {}: {}", e.name, e.reason);
            }
        }
    }
    let problems = report.problems();
    assert!(problems.is_empty(), "{} corpus problems:\n{}", problems.len(), problems.join("\n"));
    // Every seed document has at least one erratum: they are old.
    for file in files.iter().filter(|f| f.starts_with("seed-")) {
        assert!(report.rows.iter().any(|r| r.file == *file && !r.verdict.errata.is_empty()), "{file}");
    }
}

#[tokio::test]
async fn the_client_decodes_every_historical_error_body_of_the_corpus() {
    let spec = spec();
    let mut shapes = BTreeSet::new();
    for (_, fixture) in load().unwrap() {
        for entry in fixture.entries.iter().filter(|e| matches!(e.kind, Kind::ErrorBody { .. })) {
            let verdict = judge(&spec, entry).await;
            assert!(verdict.failures.is_empty(), "{}: {:?}", entry.id, verdict.failures);
            shapes.extend(verdict.notes.iter().filter_map(|n| n.split(" shape").next().map(str::to_owned)));
        }
    }
    let shapes: Vec<String> = shapes.into_iter().collect();
    assert_eq!(shapes.len(), 3, "all three historical shapes must occur in the corpus: {shapes:?}");
}
