//! `--dry-run` prints a curl command, sends nothing, and that command —
//! run by curl when the machine has it, and always parsed and sent by the
//! test itself — gets the same answer as the call.

use std::path::Path;

use onezone_conformance::samples::{Piece, parse_curl};
use serde_json::Value;

use crate::common::{Exchange, Mock, Run, admin, assert_exit, command, onezone, run_command};

const TOKEN: &str = "admin-token";
const BASIC: &str = "admin:secret";

/// The credentials the printed command refers to, as the user would export them.
fn variables() -> [(&'static str, &'static str); 2] {
    [("ONEZONE_API_KEY", TOKEN), ("ONEZONE_BASIC_AUTH", BASIC)]
}

fn expand(word: &onezone_conformance::samples::Word) -> String {
    word.pieces()
        .iter()
        .map(|p| match p {
            Piece::Lit(text) => text.clone(),
            Piece::Var(name) => {
                variables().iter().find(|(n, _)| n == name).map(|(_, v)| (*v).to_owned()).unwrap_or_default()
            }
        })
        .collect()
}

/// Sends the printed curl command without curl: parsed by the suite's
/// parser, variables expanded, sent with reqwest. The recorder keeps it.
fn send_parsed(line: &str) {
    let curl = parse_curl(line).unwrap_or_else(|e| panic!("the printed command does not parse ({e}): {line}"));
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let client = reqwest::Client::new();
        let method = reqwest::Method::from_bytes(curl.effective_method().as_bytes()).unwrap();
        let mut request = client.request(method, expand(&curl.url));
        for (name, value) in &curl.headers {
            let value = value.replace("$ONEZONE_API_KEY", TOKEN);
            request = request.header(name, value);
        }
        if let Some((user, password)) = &curl.user {
            let (user, password) = if user == "$ONEZONE_BASIC_AUTH" {
                BASIC.split_once(':').unwrap()
            } else {
                (user.as_str(), password.as_str())
            };
            request = request.basic_auth(user, Some(password));
        }
        if let Some(data) = &curl.data {
            request = request.body(data.clone());
        }
        request.send().await.unwrap();
    });
}

/// What the server saw of a request, and what it answered, minus what
/// differs between any two requests (the date).
#[derive(Debug, PartialEq)]
struct Comparable {
    method: String,
    target: String,
    body: Option<Value>,
    headers: Vec<(String, String)>,
    status: u16,
    answer: Option<Value>,
}

fn comparable(e: &Exchange) -> Comparable {
    let headers = ["authorization", "x-auth-token", "content-type", "accept", "api-version"]
        .into_iter()
        .filter_map(|h| e.header(h).map(|v| (h.to_owned(), v.to_owned())))
        .collect();
    Comparable {
        method: e.method.clone(),
        target: e.target.clone(),
        body: e.body_json(),
        headers,
        status: e.status,
        answer: e.response_json(),
    }
}

/// A call: the environment and the arguments.
type Call<'a> = (Vec<(&'a str, &'a str)>, Vec<String>);

fn dry(mock: &Mock, env: &[(&str, &str)], args: &[&str]) -> Run {
    let run = onezone(Some(&mock.url), env, &[args, &["--dry-run"]].concat(), None);
    assert_exit(&run, 0);
    assert!(mock.take().is_empty(), "--dry-run sent a request");
    assert!(
        run.stdout.starts_with("curl ") && run.stdout.ends_with('\n') && run.stdout.lines().count() == 1,
        "{}",
        run.stdout
    );
    run
}

#[test]
fn the_printed_curl_command_gets_the_same_answer() {
    let mock = Mock::admin();
    let created = admin(&mock, &["createGroup", "name==Dry", "--id-only"], None);
    let gid = created.stdout.trim().to_owned();
    let curl_here = Path::new("/bin/sh").exists()
        && run_command(
            {
                let mut c = command(Path::new("curl"));
                c.arg("--version");
                c
            },
            None,
        )
        .code
            == Some(0);
    if !curl_here {
        eprintln!(
            "note: no curl (or no sh) on this machine: the printed commands are only parsed and sent by the test"
        );
    }
    let calls: Vec<Call<'_>> = vec![
        (vec![("ONEZONE_BASIC_AUTH", BASIC)], vec!["getGroup".into(), format!("id={gid}")]),
        (
            vec![("ONEZONE_API_KEY", TOKEN)],
            vec!["modifyGroup".into(), format!("id={gid}"), "name==It's renamed".into()],
        ),
        (vec![], vec!["listGroups".into(), "--bearer".into(), TOKEN.into()]),
        (vec![("ONEZONE_API_KEY", TOKEN)], vec!["listHandleServicePrivileges".into()]),
    ];
    mock.take();
    for (env, args) in calls {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let line = dry(&mock, &env, &args).stdout.trim_end().to_owned();
        for secret in [TOKEN, "secret"] {
            assert!(!line.contains(secret), "{line}");
        }
        // The call itself, then the printed command, on the same zone.
        assert_exit(&onezone(Some(&mock.url), &env, &args, None), 0);
        let call = mock.take().pop().unwrap();
        send_parsed(&line);
        let parsed = mock.take().pop().expect("the parsed command reached the zone");
        assert_eq!(comparable(&parsed), comparable(&call), "{line}");
        if curl_here {
            let mut sh = command(Path::new("/bin/sh"));
            sh.arg("-c").arg(format!("{line} -sS")).envs(variables());
            let run = run_command(sh, None);
            assert_exit(&run, 0);
            let by_curl = mock.take().pop().expect("curl reached the zone");
            assert_eq!(comparable(&by_curl), comparable(&call), "{line}");
            assert_eq!(run.stdout.as_bytes(), by_curl.response_body.as_slice());
        }
    }
}

#[test]
fn dry_run_writes_credentials_as_variables_and_options_as_curl_options() {
    let mock = Mock::admin();
    let line = dry(&mock, &[("ONEZONE_BASIC_AUTH", BASIC)], &["getGroup", "id=g1"]).stdout;
    assert_eq!(
        line,
        format!(
            "curl -X GET -u \"$ONEZONE_BASIC_AUTH\" -H 'accept: application/json' -H 'api-version: 21.02.7' '{}/api/v3/onezone/groups/g1'\n",
            mock.url
        )
    );
    let line =
        dry(&mock, &[("ONEZONE_API_KEY", TOKEN)], &["createGroup", "name==O'Brien lab", "-k", "--timeout", "2.5"])
            .stdout;
    assert!(line.starts_with("curl -X POST -k --max-time 2.5 -H \"X-Auth-Token: $ONEZONE_API_KEY\" "), "{line}");
    assert!(line.contains(r#" -d '{"name":"O'\''Brien lab"}' "#), "{line}");
    // Bad input is still refused, before anything is printed.
    let run = onezone(Some(&mock.url), &[], &["getGroup", "--dry-run"], None);
    assert_exit(&run, 2);
    assert_eq!(run.stdout, "");
}
