//! The sample parsers: shell words, curl, onezone-rest-cli.

use onezone_conformance::checks::samples::placeholder_for;
use onezone_conformance::samples::{CliArg, Piece, Stdin, Token, camel_case, parse_cli, parse_curl, pipeline, split};

fn words(line: &str) -> Vec<String> {
    split(line)
        .unwrap()
        .into_iter()
        .map(|t| match t {
            Token::Word(w) => w.text(),
            Token::Pipe => "|".to_owned(),
        })
        .collect()
}

#[test]
fn shell_words_follow_the_quoting_rules() {
    assert_eq!(words("a  b\tc"), ["a", "b", "c"]);
    assert_eq!(words(r#"-H "Content-type: application/json""#), ["-H", "Content-type: application/json"]);
    assert_eq!(words(r#"-d '{"a": "x y"}'"#), ["-d", r#"{"a": "x y"}"#]);
    assert_eq!(words(r#"a'b'"c"d"#), ["abcd"]);
    assert_eq!(words(r#"name=="New Group Name""#), ["name==New Group Name"]);
    assert_eq!(words(r#"a\ b \'c "\"\$\\\x""#), ["a b", "'c", r#""$\\x"#]);
    assert_eq!(words("echo '{}'|cli -"), ["echo", "{}", "|", "cli", "-"]);
    assert_eq!(words("''"), [""]);
    assert_eq!(words("a \\\nb"), ["a", "b"]);
}

#[test]
fn shell_syntax_the_samples_do_not_use_is_refused() {
    for (line, message) in [
        ("a 'b", "unterminated single quote"),
        ("a \"b", "unterminated double quote"),
        ("a; b", "`;`"),
        ("a && b", "`&`"),
        ("a > f", "`>`"),
        ("a $(b)", "command substitution"),
        ("a \"`b`\"", "command substitution"),
        ("a || b", "`||`"),
        ("a \\", "backslash at the end"),
    ] {
        let e = split(line).unwrap_err();
        assert!(e.contains(message), "{line:?}: {e}");
    }
    assert!(pipeline("a | | b").unwrap_err().contains("empty pipeline stage"));
}

#[test]
fn variables_expand_outside_single_quotes_only() {
    let url = |line: &str| match split(line).unwrap().remove(0) {
        Token::Word(w) => w.pieces(),
        Token::Pipe => unreachable!(),
    };
    assert_eq!(
        url("https://$ZONE_HOST/groups/$GROUP_ID/x"),
        [
            Piece::Lit("https://".into()),
            Piece::Var("ZONE_HOST".into()),
            Piece::Lit("/groups/".into()),
            Piece::Var("GROUP_ID".into()),
            Piece::Lit("/x".into())
        ]
    );
    assert_eq!(url("'pa$$word'"), [Piece::Lit("pa$$word".into())]);
    assert_eq!(url("\"$A\""), [Piece::Var("A".into())]);
    assert_eq!(url("\\$A"), [Piece::Lit("$A".into())]);
    assert_eq!(url("$1x$"), [Piece::Lit("$1x$".into())]);
}

#[test]
fn curl_lines_are_parsed_like_curl_reads_them() {
    let c = parse_curl(
        r#"curl -k -u admin:pa:ss -X PATCH -H "Content-type: application/json" -d '{"name": "n"}' https://$ZONE_HOST/api/v3/onezone/groups/$GROUP_ID"#,
    )
    .unwrap();
    assert_eq!(c.effective_method(), "PATCH");
    assert_eq!(c.user, Some(("admin".to_owned(), "pa:ss".to_owned())));
    assert_eq!(c.header("content-type"), Some("application/json"));
    assert_eq!(c.data.as_deref(), Some(r#"{"name": "n"}"#));
    assert!(c.insecure);
    assert_eq!(c.url.text(), "https://$ZONE_HOST/api/v3/onezone/groups/$GROUP_ID");
    assert_eq!(parse_curl("curl https://h/x").unwrap().effective_method(), "GET");
    assert_eq!(parse_curl("curl -d x https://h/x").unwrap().effective_method(), "POST");
    assert_eq!(parse_curl("curl --request delete https://h/x").unwrap().effective_method(), "DELETE");
    for (line, message) in [
        ("wget https://h", "does not start with `curl`"),
        ("curl -v https://h", "unsupported curl option -v"),
        ("curl -X", "needs a value"),
        ("curl -H nocolon https://h", "is not `Name: value`"),
        ("curl https://a https://b", "more than one URL"),
        ("curl -k", "no URL"),
        ("echo x | curl https://h", "pipeline"),
    ] {
        let e = parse_curl(line).unwrap_err();
        assert!(e.contains(message), "{line:?}: {e}");
    }
}

#[test]
fn cli_lines_are_parsed_by_the_rules_the_samples_show() {
    let c = parse_cli(r#"echo '{"grant": ["a"]}' | onezone-rest-cli updateX id=1 uid=2 -"#).unwrap();
    assert_eq!(c.stdin, Stdin::Echo(r#"{"grant": ["a"]}"#.to_owned()));
    assert_eq!(c.command, "updateX");
    assert_eq!(
        c.args,
        [CliArg::Param("id".into(), "1".into()), CliArg::Param("uid".into(), "2".into()), CliArg::Stdin]
    );
    let c = parse_cli(r#"onezone-rest-cli modifyGroup id=a name=="New Group Name" type==team n:=3"#).unwrap();
    assert_eq!(c.stdin, Stdin::None);
    assert_eq!(
        c.args,
        [
            CliArg::Param("id".into(), "a".into()),
            CliArg::Field("name".into(), "New Group Name".into()),
            CliArg::Field("type".into(), "team".into()),
            CliArg::JsonField("n".into(), "3".into()),
        ]
    );
    assert_eq!(parse_cli("cat hs.json | onezone-rest-cli addX -").unwrap().stdin, Stdin::File("hs.json".into()));
    for (line, message) in [
        ("onezone-rest-cli", "no operation name"),
        ("onezone-rest-cli --host x op", "unsupported onezone-rest-cli option"),
        ("onezone-rest-cli op =x", "unsupported onezone-rest-cli argument"),
        ("onezone-rest-cli op x", "unsupported onezone-rest-cli argument"),
        ("grep x | onezone-rest-cli op", "unsupported command before the pipe"),
        ("a | b | onezone-rest-cli op", "pipeline of 3"),
        ("other-cli op", "does not call `onezone-rest-cli`"),
    ] {
        let e = parse_cli(line).unwrap_err();
        assert!(e.contains(message), "{line:?}: {e}");
    }
}

#[test]
fn names_and_placeholders_follow_the_documentation_conventions() {
    assert_eq!(camel_case("list_handle_services"), "listHandleServices");
    assert_eq!(camel_case("list_handleservice_handles"), "listHandleserviceHandles");
    assert_eq!(camel_case("get"), "get");
    assert_eq!(placeholder_for("handle_services"), "HANDLE_SERVICE_ID");
    assert_eq!(placeholder_for("effective_users"), "USER_ID");
    assert_eq!(placeholder_for("groups"), "GROUP_ID");
    assert_eq!(placeholder_for("handles"), "HANDLE_ID");
}
