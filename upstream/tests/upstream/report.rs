//! The drift report's shape and exit code.

use onezone_upstream::Deviations;
use serde_json::{Value, json};

use crate::Edit::Set;
use crate::compare::drift;

#[test]
fn the_json_has_the_agreed_keys() {
    let report = drift(&[], &[Set("/components/schemas/Timestamp/format", json!("int64"))], &Deviations::none());
    let v: Value = serde_json::from_str(&report.to_json()).unwrap();
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&v), ["upstream", "findings", "stale_deviations"]);
    assert_eq!(keys(&v["upstream"]), ["dir", "revision", "version"]);
    assert_eq!(
        keys(&v["findings"][0]),
        [
            "kind",
            "operation",
            "method",
            "path",
            "ours",
            "upstream",
            "detail",
            "known",
            "deviation",
            "direction",
            "level",
            "breaking",
            "reached_from"
        ]
    );
    assert_eq!(keys(&v["findings"][0]["ours"]), ["pointer", "value"]);
}

#[test]
fn exit_code_is_0_only_when_everything_is_known_and_nothing_stale() {
    assert_eq!(drift(&[], &[], &Deviations::none()).exit_code(), 0);
    let new = drift(&[], &[Set("/components/schemas/Timestamp/format", json!("int64"))], &Deviations::none());
    assert_eq!(new.exit_code(), 1);
    let stale = Deviations::parse(
        "deviations:\n  - id: old\n    kind: type-changed\n    ours: [/components]\n    reason: Gone.\n",
        "d.yaml",
    )
    .unwrap();
    let report = drift(&[], &[], &stale);
    assert!(report.findings.is_empty());
    assert_eq!(report.exit_code(), 1);
    assert!(report.render_text().contains("stale deviations (they match no finding):\n  old [type-changed]: Gone.\n"));
}
