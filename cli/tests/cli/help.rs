//! `onezone --help`, `onezone <op> --help` and completions, checked against
//! the spec read at run time: every operation, parameter, body field,
//! privilege and documented example is there.

use onezone_conformance::checks::samples::CLI_ALIASES;
use onezone_conformance::samples::camel_case;
use onezone_conformance::spec::Spec;

use crate::common::{assert_exit, onezone};

#[test]
fn the_overview_lists_every_operation() {
    let spec = Spec::load_default().unwrap();
    let run = onezone(None, &[], &["--help"], None);
    assert_exit(&run, 0);
    for op in &spec.operations {
        let line = run.stdout.lines().find(|l| l.split_whitespace().next() == Some(camel_case(&op.id).as_str()));
        assert!(line.is_some(), "{} is not listed:\n{}", op.id, run.stdout);
    }
    for text in ["ONEZONE_HOST", "ONEZONE_API_KEY", "ONEZONE_BASIC_AUTH", "Exit codes", "--dry-run", "--cacert"] {
        assert!(run.stdout.contains(text), "{text}");
    }
    // No operation at all: the overview on stderr, a usage error.
    let run = onezone(None, &[], &[], None);
    assert_exit(&run, 2);
    assert!(run.stderr.contains("listGroups"), "{}", run.stderr);
}

#[test]
fn each_operation_documents_itself_from_the_spec() {
    let spec = Spec::load_default().unwrap();
    for op in &spec.operations {
        let command = camel_case(&op.id);
        let run = onezone(None, &[], &[&command, "--help"], None);
        assert_exit(&run, 0);
        let help = &run.stdout;
        let raw = &spec.root["paths"][&op.path][op.method.to_lowercase()];
        let summary = raw["summary"].as_str().unwrap();
        let mut wanted = vec![summary.to_owned(), format!("{} {}{}", op.method, spec.base_path, op.path)];
        wanted.extend(op.params.iter().map(|p| format!("{}=<{}>", p.name, p.name)));
        if !op.permissions.is_empty() {
            wanted.push(format!("(x-onedata-permissions): {}", op.permissions.join(", ")));
        }
        wanted.extend(op.samples_labelled("onezone-rest-cli").map(|s| s.source.clone()));
        if let Ok(Some(schema)) = op.request_schema() {
            wanted.push(schema.clone());
            wanted.extend(spec.schema_properties(&schema).unwrap_or_default());
        }
        for text in wanted {
            assert!(help.contains(&text), "`onezone {command} --help` lacks {text:?}:\n{help}");
        }
        // The snake_case name shows the same help.
        if op.id != command {
            let snake = onezone(None, &[], &[&op.id, "--help"], None);
            assert_exit(&snake, 0);
            assert_eq!(snake.stdout, run.stdout);
        }
    }
    let help = onezone(None, &[], &["addHandleServiceGroup", "-h"], None).stdout;
    assert!(
        help.contains("privileges:=<HandleServicePrivileges ([HandleServicePrivilege (handle_service_view|"),
        "{help}"
    );
    assert!(help.contains("Answer: 201 Created: prints the new id and its Location"), "{help}");
}

/// The former names the binary accepts are the ones the conformance suite
/// knows the documentation uses: both come from the spec's samples.
#[test]
fn former_names_are_the_documented_ones() {
    let mut accepted: Vec<(&str, &str)> =
        onezone_cli::OPERATIONS.iter().filter_map(|op| op.legacy.map(|l| (l, op.id))).collect();
    let mut documented: Vec<(&str, &str)> = CLI_ALIASES.to_vec();
    accepted.sort();
    documented.sort();
    assert_eq!(accepted, documented);
    let run = onezone(None, &[], &["getHandleServices", "--help"], None);
    assert_exit(&run, 0);
    assert!(run.stdout.contains("getHandleServices (the documentation's former name)"), "{}", run.stdout);
}

#[test]
fn completions_for_each_shell_name_the_operations() {
    for shell in ["bash", "zsh", "fish"] {
        let run = onezone(None, &[], &["completions", shell], None);
        assert_exit(&run, 0);
        assert!(run.stdout.contains("addHandleServiceGroup") && run.stdout.contains("dry-run"), "{shell}");
    }
    let run = onezone(None, &[], &["completions", "tcsh"], None);
    assert_exit(&run, 2);
}
