//! Check 5, code samples: every `curl` and `onezone-rest-cli` line of the
//! spec, parsed and replayed against the router. The documentation's own
//! mistakes are errata, pinned in `onezone_conformance::expected`: the test
//! fails when one appears that is not listed, or a listed one disappears.

use onezone_conformance::expected::sample_errata_diff;
use onezone_conformance::matrix::{Column, Report};

use crate::common::{assert_no_failures, edited_spec, failures_of, full_report, run, spec};

fn errata_diff(report: &Report, column: Column) -> (Vec<String>, Vec<String>) {
    let diff = sample_errata_diff(report, column);
    (diff.new, diff.gone)
}

fn assert_expected_errata(report: &Report, column: Column) {
    let failures: Vec<String> = report
        .failures()
        .into_iter()
        .filter(|(_, c, _)| *c == column)
        .map(|(op, _, message)| format!("  {op}: {message}"))
        .collect();
    let (new, gone) = errata_diff(report, column);
    let list = |items: &[String]| if items.is_empty() { "  none".to_owned() } else { items.join("\n") };
    assert!(
        failures.is_empty() && new.is_empty() && gone.is_empty(),
        "the {} samples do not conform.\nfailures:\n{}\nnew errata (fix the sample in the spec, or add them to \
         SAMPLE_ERRATA in tests/src/expected.rs):\n{}\nlisted errata that no longer occur (remove them from SAMPLE_ERRATA):\n{}",
        column.title(),
        list(&failures),
        list(&new),
        list(&gone),
    );
}

#[test]
fn every_curl_sample_reaches_its_operation_with_the_documented_arguments() {
    assert_expected_errata(full_report(), Column::Curl);
}

#[test]
fn every_cli_sample_reaches_its_operation_with_the_documented_arguments() {
    assert_expected_errata(full_report(), Column::Cli);
}

#[tokio::test]
async fn a_new_erratum_and_a_vanished_one_are_both_reported() {
    let spec = edited_spec(&[
        // A curl sample with the wrong method: a new erratum.
        (
            "curl -u admin:password -X DELETE https://$ZONE_HOST/api/v3/onezone/groups/$GROUP_ID\n",
            "curl -u admin:password -X GET https://$ZONE_HOST/api/v3/onezone/groups/$GROUP_ID\n",
        ),
        // A CLI sample corrected: its listed erratum disappears.
        ("onezone-rest-cli getHandleServices\n", "onezone-rest-cli listHandleServices\n"),
    ]);
    let report = run(spec, &[Column::Curl, Column::Cli]).await;
    assert_no_failures(&report, Column::Curl);
    assert_no_failures(&report, Column::Cli);
    let (new, gone) = errata_diff(&report, Column::Curl);
    assert_eq!(new, ["  (\"remove_group\", Column::Curl, \"wrong-method\"): curl sends GET, remove_group is DELETE"]);
    assert!(gone.is_empty(), "{gone:?}");
    let (new, gone) = errata_diff(&report, Column::Cli);
    assert!(new.is_empty(), "{new:?}");
    assert_eq!(gone, ["  (\"list_handle_services\", Column::Cli, \"command-name\")"]);
}

#[tokio::test]
async fn every_sample_entry_is_judged_not_only_the_first_of_its_label() {
    let remove_group = "          source: onezone-rest-cli removeGroup id=a4d3bc73aada63052310652d421609f1\n";
    let spec = edited_spec(&[(
        remove_group,
        &format!(
            "{remove_group}        - lang: Shell\n          label: curl\n          \
             source: curl -u admin:password -X GET https://$ZONE_HOST/api/v3/onezone/groups/$GROUP_ID\n"
        ),
    )]);
    let report = run(spec, &[Column::Curl]).await;
    assert_no_failures(&report, Column::Curl);
    let (new, gone) = errata_diff(&report, Column::Curl);
    assert_eq!(new, ["  (\"remove_group\", Column::Curl, \"wrong-method\"): curl sends GET, remove_group is DELETE"]);
    assert!(gone.is_empty(), "{gone:?}");

    // A label the suite has no check for, and an entry without a source,
    // fail the operation's row instead of being passed over.
    let spec = edited_spec(&[(
        remove_group,
        &format!(
            "{remove_group}        - lang: Python\n          label: python\n          source: zone.remove_group(gid)\n\
             \x20       - lang: Shell\n          label: curl\n"
        ),
    )]);
    let report = run(spec, &[Column::Curl]).await;
    let messages = failures_of(&report, "remove_group", Column::Curl);
    assert!(messages.iter().any(|m| m.contains("x-code-samples/2: label `python` has no check")), "{messages:?}");
    assert!(
        messages.iter().any(|m| m.contains("x-code-samples/3: needs a string `label` and `source`")),
        "{messages:?}"
    );
}

#[tokio::test]
async fn sample_errata_are_named_by_what_is_wrong() {
    let spec = edited_spec(&[
        // curl: a path that is not the operation's.
        (
            "curl -u username:password -X GET https://$ZONE_HOST/api/v3/onezone/groups/$GROUP_ID\n",
            "curl -u username:password -X GET https://$ZONE_HOST/api/v3/onezone/group/$GROUP_ID\n",
        ),
        // curl: no credentials, and a body without its content type.
        (
            "'curl -u username:password -H \"Content-type: application/json\" -X POST -d ''{\"name\":\"new_group\",\"type\":\"team\"}'' https://$ZONE_HOST/api/v3/onezone/groups'",
            "'curl -d ''{\"name\":\"new_group\",\"type\":\"team\"}'' https://$ZONE_HOST/api/v3/onezone/groups'",
        ),
        // CLI: a parameter the operation does not have, and one missing.
        (
            "onezone-rest-cli getGroupHandleService id=9f63efbd952391af88e096c2bb33bb5d hsid=95b663a6467c72ab1256865efef9e387\n",
            "onezone-rest-cli getGroupHandleService gid=9f63efbd952391af88e096c2bb33bb5d hsid=95b663a6467c72ab1256865efef9e387\n",
        ),
    ]);
    let report = run(spec, &[Column::Curl, Column::Cli]).await;
    assert_no_failures(&report, Column::Curl);
    assert_no_failures(&report, Column::Cli);
    let names = |op: &str, column: Column| -> Vec<String> {
        report.errata().into_iter().filter(|(o, c, _)| o == op && *c == column).map(|(_, _, e)| e.name).collect()
    };
    assert_eq!(names("get_group", Column::Curl), ["wrong-path"]);
    assert_eq!(names("create_group", Column::Curl), ["missing-credentials", "missing-content-type"]);
    assert_eq!(names("get_group_handle_service", Column::Cli), ["unknown-parameter", "missing-parameter"]);
}

#[test]
fn a_cli_command_calls_what_its_name_says() {
    use onezone_conformance::checks::samples::{CLI_ALIASES, cli_call, resolve_command};
    use onezone_conformance::matrix::{Cell, Checker};
    use onezone_conformance::samples::camel_case;

    let spec = spec();
    let names = |c: Checker| match c.cell() {
        Cell::Erratum(e) => e.into_iter().map(|e| e.name).collect::<Vec<_>>(),
        other => panic!("{other:?}"),
    };
    // Another operation's command: it would call that operation, so the
    // request is that one's and is not judged as this one's.
    let get_group = spec.operation("get_group").unwrap();
    let mut c = Checker::new();
    let call =
        cli_call(&spec, get_group, &mut c, "onezone-rest-cli removeGroup id=a4d3bc73aada63052310652d421609f1").unwrap();
    assert_eq!((call.method.as_str(), call.invalid), ("DELETE", true));
    assert_eq!(names(c), ["command-name"]);
    // A name no operation has: nothing is called.
    let mut c = Checker::new();
    let call =
        cli_call(&spec, get_group, &mut c, "onezone-rest-cli fetchGroup id=a4d3bc73aada63052310652d421609f1").unwrap();
    assert!(call.invalid);
    assert_eq!(names(c), ["command-name"]);
    // A documented legacy name reaches its operation (and is an erratum).
    let list = spec.operation("list_handle_services").unwrap();
    let mut c = Checker::new();
    let call = cli_call(&spec, list, &mut c, "onezone-rest-cli getHandleServices").unwrap();
    assert_eq!(
        (call.method.as_str(), call.target.as_str(), call.invalid),
        ("GET", "/api/v3/onezone/handle_services", false)
    );
    assert_eq!(names(c), ["command-name"]);
    // The alias table names real operations and no current command.
    for (name, id) in CLI_ALIASES {
        assert!(spec.operation(id).is_some(), "{name} → {id}: no such operation");
        assert!(spec.operations.iter().all(|o| camel_case(&o.id) != *name), "{name} is a current command");
        assert_eq!(resolve_command(&spec, name).map(|(o, legacy)| (o.id.as_str(), legacy)), Some((*id, true)));
    }
}
