//! The deviations file: its validation and what a deviation covers.

use onezone_upstream::{ChangeKind, Deviations};
use serde_json::json;

use crate::Edit::{Remove, Set};
use crate::compare::drift;

#[test]
fn a_valid_file_is_read() {
    let d = Deviations::parse(
        "deviations:\n  - id: a\n    kinds: [format-changed, type-changed]\n    operation: get_group\n    ours: ['/components/schemas/Timestamp']\n    upstream: ['/definitions/Timestamp']\n    reason: '  Because.  '\n",
        "d.yaml",
    )
    .unwrap();
    let e = &d.entries[0];
    assert_eq!(e.kinds, [ChangeKind::FormatChanged, ChangeKind::TypeChanged]);
    assert_eq!(e.operation.as_deref(), Some("get_group"));
    assert_eq!(e.reason, "Because.");
    assert_eq!(e.location, "/deviations/0");
    assert_eq!(Deviations::parse("deviations: []\n", "d.yaml").unwrap().entries, []);
}

#[test]
fn every_problem_of_the_file_is_located() {
    let text = r#"
deviations:
  - id: dup
    kind: format-changed
    ours: [/a]
    reason: First.
  - id: dup
    kind: format-changed
    ours: [/b]
    reason: Second with the same id.
  - id: no-reason
    kind: format-changed
    ours: [/c]
  - id: unknown-kind
    kinds: [format-changed, property-add]
    upstream: [/d]
    reason: Typo in a kind.
  - id: no-pointer
    kind: type-changed
    reason: Nothing says where.
  - id: bad-pointer
    kind: type-changed
    ours: ['components/schemas/X', '/a~2b']
    reason: Not pointers.
  - id: both
    kind: type-changed
    kinds: [type-changed]
    ours: [/e]
    reason: Both spellings.
  - id: typo
    kind: type-changed
    ours: [/f]
    reson: A misspelt key.
  - id: ''
    kinds: []
    ours: [/g]
    reason: Empty id and no kinds.
extra: true
"#;
    let e = Deviations::parse(text, "spec/deviations.yaml").unwrap_err();
    let expected = format!(
        "spec/deviations.yaml: 12 problems found
  spec/deviations.yaml#/extra: unknown key `extra`; expected `deviations`
  spec/deviations.yaml#/deviations/1/id: duplicate id `dup` (first used at /deviations/0/id)
  spec/deviations.yaml#/deviations/2: `reason` is missing
  spec/deviations.yaml#/deviations/3/kinds/1: unknown kind `property-add`; known kinds: {}
  spec/deviations.yaml#/deviations/4: neither `ours` nor `upstream` lists a pointer; a deviation must say where it is
  spec/deviations.yaml#/deviations/5/ours/0: `components/schemas/X` is not a JSON pointer into the document (it starts with `/`; `~` only as `~0`, `~1`)
  spec/deviations.yaml#/deviations/5/ours/1: `/a~2b` is not a JSON pointer into the document (it starts with `/`; `~` only as `~0`, `~1`)
  spec/deviations.yaml#/deviations/6: give either `kind` or `kinds`, not both
  spec/deviations.yaml#/deviations/7/reson: unknown key `reson`; expected one of id, kind, kinds, operation, schema, ours, upstream, reason
  spec/deviations.yaml#/deviations/7: `reason` is missing
  spec/deviations.yaml#/deviations/8/id: `id` is empty
  spec/deviations.yaml#/deviations/8/kinds: the list of kinds is empty",
        ChangeKind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
    );
    assert_eq!(e.to_string(), expected);
}

#[test]
fn a_file_that_is_not_a_deviation_list_is_refused() {
    let e = Deviations::parse("- id: a\n", "d.yaml").unwrap_err();
    assert_eq!(e.to_string(), "d.yaml#: expected a mapping with `deviations:`, found a list");
    let e = Deviations::parse("deviations: {id: a}\n", "d.yaml").unwrap_err();
    assert_eq!(e.to_string(), "d.yaml#/deviations: expected a list, found a mapping");
    assert!(matches!(Deviations::parse("deviations: [\n", "d.yaml"), Err(onezone_upstream::Error::Syntax { .. })));
}

fn known_ids(ours_pointer: &str, extra: &str) -> Vec<Option<String>> {
    let text = format!(
        "deviations:\n  - id: dev\n    kinds: [enum-value-added, privileges-changed]\n    ours: ['{ours_pointer}']\n{extra}    reason: r\n"
    );
    let deviations = Deviations::parse(&text, "d.yaml").unwrap();
    let report = drift(
        &[],
        &[
            Set("/components/schemas/GroupType/enum/4", json!("committee")),
            Set("/paths/~1groups/post/x-onedata-permissions", json!(["oz_groups_create", "oz_groups_add"])),
        ],
        &deviations,
    );
    report.findings.iter().map(|f| f.deviation.clone()).collect()
}

#[test]
fn a_pointer_covers_its_node_and_what_is_under_it_segment_by_segment() {
    // Findings: privileges-changed on create_group, enum-value-added in GroupType.
    let dev = Some("dev".to_owned());
    assert_eq!(known_ids("/components/schemas/GroupType", ""), [None, dev.clone()]);
    assert_eq!(known_ids("/components/schemas/GroupType/enum/4", ""), [None, dev.clone()]);
    assert_eq!(known_ids("/components/schemas/Group", ""), [None, None], "Group is not a prefix of GroupType");
    assert_eq!(known_ids("/components/schemas/GroupType/enum/1", ""), [None, None]);
    assert_eq!(known_ids("/paths/~1groups/post", ""), [dev.clone(), None]);
    assert_eq!(known_ids("/paths/~1groups", ""), [dev.clone(), None]);
}

#[test]
fn operation_and_schema_restrict_what_a_deviation_covers() {
    let dev = Some("dev".to_owned());
    assert_eq!(known_ids("/paths", "    operation: create_group\n"), [dev.clone(), None]);
    assert_eq!(known_ids("/paths", "    operation: get_group\n"), [None, None]);
    // A shared-schema finding is covered through any operation reaching it.
    assert_eq!(known_ids("/components", "    operation: get_group\n"), [None, dev.clone()]);
    assert_eq!(known_ids("/components", "    schema: GroupType\n"), [None, dev.clone()]);
    assert_eq!(known_ids("/components", "    schema: Group\n"), [None, None]);
}

#[test]
fn the_kind_must_match() {
    let deviations = Deviations::parse(
        "deviations:\n  - id: dev\n    kind: type-changed\n    ours: [/components]\n    reason: r\n",
        "d.yaml",
    )
    .unwrap();
    let report = drift(&[], &[Remove("/components/schemas/GroupType/enum/1")], &deviations);
    assert!(!report.findings[0].known);
    assert_eq!(report.stale_deviations.len(), 1);
}

/// Two deviations covering the same finding: the first names it, and the
/// second is in use too — not stale.
#[test]
fn every_deviation_covering_a_finding_is_in_use() {
    let deviations = Deviations::parse(
        "deviations:\n  - id: narrow\n    kind: enum-value-removed\n    upstream: [/definitions/GroupType/enum]\n    reason: r\n  - id: broad\n    kind: enum-value-removed\n    upstream: [/definitions/GroupType]\n    reason: r\n",
        "d.yaml",
    )
    .unwrap();
    let report = drift(&[], &[Remove("/components/schemas/GroupType/enum/1")], &deviations);
    assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
    assert_eq!(report.findings[0].deviation.as_deref(), Some("narrow"));
    assert!(report.stale_deviations.is_empty(), "{:?}", report.stale_deviations);
    assert_eq!(report.exit_code(), 0);
}
