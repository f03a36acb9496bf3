//! Check 6: the documentation corpus (tests/corpus/*.yaml). Every entry's
//! verdict is computed against the generated code and must equal the
//! expected one, both ways: a new erratum fails the test, and so does a
//! listed erratum that no longer occurs.

use std::collections::BTreeSet;
use std::sync::Arc;

use onezone_conformance::corpus::{Kind, judge, load};
use onezone_conformance::matrix::{Cell, Column};

use crate::common::{corpus_report, full_report, spec};

/// The fixture files and how many entries each holds: an entry cannot be
/// dropped (or a file emptied) without changing this table.
const FILES: &[(&str, usize)] = &[
    ("onezone-21.02.7-permissions.yaml", 43),
    ("onezone-21.02.7-samples.yaml", 115),
    ("seed-000-add-handle-service-group.yaml", 9),
    ("seed-001-set-handle-service-group-privileges.yaml", 10),
    ("seed-002-add-group-handle-service.yaml", 10),
    ("seed-003-add-handle-service-group.yaml", 9),
    ("seed-004-add-handle-service-group.yaml", 10),
];

/// The five documentation pages this project started from, as the seed
/// fixtures name them in `source:`.
const SEED_SOURCES: [&str; 5] = [
    "seeds/000_b05c41dbabdfb7c2.txt",
    "seeds/001_ad802b428e7b4e81.txt",
    "seeds/002_6215ac5c1955977a.txt",
    "seeds/003_81616bc40352cba3.txt",
    "seeds/004_a9aca633cea7c65c.txt",
];

#[test]
fn the_corpus_is_complete() {
    let fixtures = load().unwrap();
    let counts: Vec<(&str, usize)> = fixtures.iter().map(|(file, f)| (file.as_str(), f.entries.len())).collect();
    assert_eq!(counts, FILES, "fixture files and their entry counts");

    let seeds: BTreeSet<&str> =
        fixtures.iter().filter(|(file, _)| file.starts_with("seed-")).map(|(_, f)| f.source.as_str()).collect();
    assert_eq!(seeds, SEED_SOURCES.into_iter().collect(), "each seed page is transcribed exactly once");

    // The 21.02.7 documentation: one curl and one CLI line for every
    // operation of the spec, and nothing for an operation the spec lacks.
    let spec = spec();
    let (_, samples) = fixtures.iter().find(|(file, _)| file == "onezone-21.02.7-samples.yaml").unwrap();
    for op in &spec.operations {
        for kind in ["curl", "CLI"] {
            let wanted = |k: &Kind| match k {
                Kind::Curl { .. } => kind == "curl",
                Kind::Cli { .. } => kind == "CLI",
                _ => false,
            };
            let n = samples.entries.iter().filter(|e| e.operation == op.id && wanted(&e.kind)).count();
            assert_eq!(n, 1, "{}: {n} {kind} entries in the 21.02.7 samples", op.id);
        }
    }
    for (file, fixture) in &fixtures {
        for entry in &fixture.entries {
            assert!(spec.operation(&entry.operation).is_some(), "{file} {}: unknown operation", entry.id);
        }
    }
}

#[test]
fn every_documented_example_keeps_its_verdict() {
    let report = corpus_report();
    // (What the corpus must hold: the_corpus_is_complete.)
    let files: BTreeSet<&str> = report.rows.iter().map(|r| r.file.as_str()).collect();
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

#[test]
fn the_client_decodes_every_historical_error_body_of_the_corpus() {
    let mut shapes = BTreeSet::new();
    for row in corpus_report().rows.iter().filter(|r| matches!(r.entry.kind, Kind::ErrorBody { .. })) {
        assert!(row.verdict.failures.is_empty(), "{}: {:?}", row.entry.id, row.verdict.failures);
        shapes.extend(row.verdict.notes.iter().filter_map(|n| n.split(" shape").next().map(str::to_owned)));
    }
    let shapes: Vec<String> = shapes.into_iter().collect();
    assert_eq!(shapes.len(), 3, "all three historical shapes must occur in the corpus: {shapes:?}");
}

/// A line that is both a code sample of the spec and a corpus entry gets one
/// verdict: the corpus judges curl and CLI lines with the sample columns'
/// own checks.
#[test]
fn a_line_documented_twice_has_one_verdict() {
    let spec = spec();
    let (report, corpus) = (full_report(), corpus_report());
    let mut compared = 0;
    for row in &corpus.rows {
        let (column, text) = match &row.entry.kind {
            Kind::Curl { text } => (Column::Curl, text),
            Kind::Cli { text } => (Column::Cli, text),
            _ => continue,
        };
        let op = spec.operation(&row.entry.operation).unwrap();
        if op.sample(column.sample_label().unwrap()).is_none_or(|s| s.source.trim() != text.trim()) {
            continue;
        }
        let mut in_column: Vec<String> = match report.row(&op.id).unwrap().cell(column) {
            Cell::Erratum(errata) => errata.iter().map(|e| e.name.clone()).collect(),
            _ => Vec::new(),
        };
        in_column.sort();
        in_column.dedup();
        assert_eq!(row.verdict.names(), in_column, "{}: {text}", row.entry.id);
        compared += 1;
    }
    // 81 of the 88 lines of 21.02.7 (the others: three create bodies written
    // `{ ... }`, two wrong paths, two CLI lines without `id=`, which the
    // spec's samples correct) and the CLI line of seeds 003 and 004.
    assert_eq!(compared, 83, "corpus lines that are also samples of the spec");
}

#[tokio::test]
async fn locations_and_privileges_are_compared_with_the_operation_s_own() {
    use onezone_conformance::corpus::Entry;
    let spec = spec();
    let verdict = |operation: &str, kind: Kind| {
        let entry = Entry { id: "t".into(), operation: operation.into(), kind, expect: Vec::new() };
        let spec = Arc::clone(&spec);
        async move { judge(&spec, &entry).await }
    };
    let location = |pattern: &str| Kind::Location { pattern: pattern.into() };
    for (operation, pattern, expected) in [
        ("add_handle_service_group", "https://$HOST/api/v3/onezone/handle_services/{id}/groups/{gid}", vec![]),
        (
            "add_handle_service_group",
            "https://$HOST/api/v3/onezone/handle_services/{id}/users/{gid}",
            vec!["location-path"],
        ),
        (
            "add_handle_service_group",
            "https://$HOST/api/v3/onezone/handle_services/{gid}/groups/{id}",
            vec!["location-path"],
        ),
        (
            "add_handle_service_group",
            "https://$HOST/api/v3/handle_services/{id}/groups/{gid}",
            vec!["location-base-path", "location-path"],
        ),
        (
            "add_handle_service_group",
            "https://$HOST/api/onezone/v3/handle_services/{id}/groups/{gid}",
            vec!["location-base-path"],
        ),
        ("create_group", "https://$ZONE_HOST/api/v3/onezone/groups/$GROUP_ID", vec![]),
        ("create_group", "https://$ZONE_HOST/api/v3/onezone/groups", vec!["location-path"]),
        ("get_group", "https://$ZONE_HOST/api/v3/onezone/groups/{id}", vec!["no-location"]),
    ] {
        let v = verdict(operation, location(pattern)).await;
        assert!(v.failures.is_empty(), "{pattern}: {:?}", v.failures);
        assert_eq!(v.names(), expected, "{operation} {pattern}");
    }
    let privileges =
        |names: &[&str]| Kind::RequiredPrivileges { names: names.iter().map(|n| (*n).to_owned()).collect() };
    for (names, expected) in [
        (&["handle_service_update", "oz_groups_add_relationships"][..], vec![]),
        (&["oz_groups_view"][..], vec!["privileges-differ"]),
        (&["modify_handle_service", "oz_groups_view"][..], vec!["legacy-privilege-names", "privileges-differ"]),
    ] {
        let v = verdict("add_handle_service_group", privileges(names)).await;
        assert_eq!(v.names(), expected, "{names:?}");
    }
}

#[test]
fn a_fixture_key_that_is_not_the_kind_s_is_refused() {
    use onezone_conformance::corpus::Fixture;
    let fixture = |entry: &str| {
        serde_yaml_ng::from_str::<Fixture>(&format!(
            "source: s\nera: e\nentries:\n- id: x\n  operation: get_group\n{entry}"
        ))
        .map(|_| ())
        .map_err(|e| e.to_string())
    };
    assert_eq!(fixture("  kind: curl\n  text: curl https://h/x\n  expect: []\n"), Ok(()));
    for (entry, message) in [
        ("  kind: curl\n  text: curl https://h/x\n  expcet: []\n", "unknown field `expcet`"),
        ("  kind: curl\n  txet: curl https://h/x\n  expect: []\n", "unknown field `txet`"),
        ("  kind: curl\n  text: curl https://h/x\n  status: 201\n  expect: []\n", "a `curl` entry has no key status"),
        ("  kind: success-status\n  expect: []\n", "a `success-status` entry needs `status`"),
        ("  kind: curl-line\n  text: x\n  expect: []\n", "unknown kind `curl-line`"),
    ] {
        let e = fixture(entry).unwrap_err();
        assert!(e.contains(message), "{entry:?}: {e}");
    }
}
