//! The report: the full matrix, its Markdown, and the `conformance-report`
//! binary's output and exit codes.

use std::process::Command;

use onezone_conformance::generated::OPERATION_IDS;
use onezone_conformance::matrix::{Cell, Column, README_BEGIN, README_END, readme_summary};
use onezone_conformance::spec::default_spec_path;

use crate::common::{corpus_report, full_report};

#[test]
fn the_matrix_has_every_operation_and_every_column() {
    let report = full_report();
    let rows: Vec<&str> = report.rows.iter().map(|r| r.operation.as_str()).collect();
    assert_eq!(rows, OPERATION_IDS);
    for row in &report.rows {
        let columns: Vec<Column> = row.cells.iter().map(|(c, _)| *c).collect();
        assert_eq!(columns, Column::ALL);
        // Every operation is exercised by the round-trip scenario against the mock.
        assert!(matches!(row.cell(Column::RoundTrip), Cell::Pass(n) if *n > 0), "{:?}", row.cell(Column::RoundTrip));
    }
    assert!(!report.has_failures(), "{:#?}", report.failures());
    let totals = report.totals();
    assert_eq!(totals.pass + totals.erratum + totals.fail + totals.not_run, OPERATION_IDS.len() * 6 + 1);
    assert_eq!(totals.not_run, 0);

    let markdown = report.to_markdown();
    assert!(markdown.starts_with("# Conformance report\n\nSpec: `spec/onezone.yaml`, 44 operations."), "{markdown}");
    assert!(markdown.contains("| operation | types | client wire | server wire | round trip | curl | CLI sample |"));
    let row =
        markdown.lines().find(|l| l.starts_with("| `handle_service_update` | pass | pass | pass | pass |")).unwrap();
    let cli = " | pass | erratum: `command-name`, `stdin-without-input`, `unknown-body-field`, `body-differs` |";
    assert!(row.ends_with(cli), "{row}");
    assert!(markdown.contains("## Errata of the documented samples"));
    assert!(!markdown.contains("## Failures"));
    let text = report.to_text();
    assert!(text.contains("\ntotal        pass "), "{text}");
    assert!(text.lines().all(|l| l == l.trim_end()), "trailing blanks in the text report");
}

#[test]
fn the_binary_writes_markdown_and_exits_by_the_verdict() {
    let dir = std::env::temp_dir().join(format!("conformance-report-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let markdown = dir.join("nested/report.md");
    let report = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_conformance-report")).args(args).output().unwrap();

    let out = report(&["--markdown", markdown.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("total        pass "), "{stdout}");
    assert!(std::fs::read_to_string(&markdown).unwrap().contains("## Totals"));

    // A spec whose documented response breaks its type: exit 1.
    let broken = dir.join("broken.yaml");
    let text = std::fs::read_to_string(default_spec_path()).unwrap();
    std::fs::write(&broken, text.replacen("timestamp: '1997-07-16T19:20'", "timestamp: 1997", 1)).unwrap();
    let out = report(&["--spec", broken.to_str().unwrap(), "--only", "types"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("get_handle_service_handle [types]: /paths/"), "{stdout}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("failing check(s)"));

    // A sample erratum that is not pinned, and a pinned one that vanished:
    // exit 1, naming both.
    let errata = dir.join("errata.yaml");
    let edited = text
        .replacen(
            "curl -u admin:password -X DELETE https://$ZONE_HOST/api/v3/onezone/groups/$GROUP_ID\n",
            "curl -u admin:password -X GET https://$ZONE_HOST/api/v3/onezone/groups/$GROUP_ID\n",
            1,
        )
        .replacen("onezone-rest-cli getHandleServices\n", "onezone-rest-cli listHandleServices\n", 1);
    assert_ne!(edited, text);
    std::fs::write(&errata, edited).unwrap();
    let out = report(&["--spec", errata.to_str().unwrap(), "--only", "curl", "--only", "cli"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("new curl erratum:  (\"remove_group\", Column::Curl, \"wrong-method\")"), "{stderr}");
    assert!(
        stderr.contains(
            "pinned CLI sample erratum no longer found:  (\"list_handle_services\", Column::Cli, \"command-name\")"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("0 failing check(s), 0 corpus problem(s), 2 sample errata differing"), "{stderr}");

    // No spec, or a bad argument: exit 2.
    assert_eq!(report(&["--spec", dir.join("missing.yaml").to_str().unwrap()]).status.code(), Some(2));
    assert_eq!(report(&["--only", "nonsense"]).status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

/// tests/README.md's conformance summary (totals, every sample erratum, the
/// corpus totals and every corpus erratum) is exactly what the suite
/// computes today: docs that match the code, compared whole.
#[test]
fn the_readme_shows_the_current_totals() {
    let expected = readme_summary(full_report(), corpus_report());
    let path = onezone_conformance::spec::workspace_root().join("tests/README.md");
    let readme = std::fs::read_to_string(path).unwrap();
    let block = readme
        .find(README_BEGIN)
        .and_then(|start| readme[start..].find(README_END).map(|end| &readme[start..start + end + README_END.len()]));
    let block = block.map(|b| format!("{b}\n"));
    assert!(
        block.as_deref() == Some(expected.as_str()),
        "tests/README.md's conformance summary differs from the computed one; replace it with (or run \
         `cargo run -p onezone-conformance --bin conformance-report -- --readme`):\n{expected}"
    );
    assert_eq!(readme.matches(README_BEGIN).count(), 1, "one summary in tests/README.md");
}
