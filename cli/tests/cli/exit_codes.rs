//! Exit codes 0, 1, 2 and 3, bodies from standard input and files, and what
//! each kind of bad input says — with nothing sent for a usage error.

use std::io::Read as _;
use std::net::TcpListener;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::{Mock, admin, assert_exit, onezone, scratch};

const DOI: &str = r#"{"name":"Ocean DOIs","proxyEndpoint":"https://proxy.example.org","serviceProperties":{"type":"DOI","host":"https://mds.test.datacite.org","doiEndpoint":"/doi","metadataEndpoint":"/metadata","mediaEndpoint":"/media","prefix":"10.5072","username":"alice","password":"pa$$word"}}"#;

fn create_group(mock: &Mock, name: &str) -> String {
    let run = admin(mock, &["createGroup", &format!("name=={name}"), "--id-only"], None);
    assert_exit(&run, 0);
    run.stdout.trim().to_owned()
}

#[test]
fn exit_0_prints_the_body_and_for_a_creation_the_id_and_location() {
    let mock = Mock::admin();
    let run = admin(&mock, &["createGroup", "name==Physics", "type==team"], None);
    assert_exit(&run, 0);
    let created = run.json();
    let id = created["id"].as_str().unwrap();
    assert_eq!(created["location"], json!(format!("{}/api/v3/onezone/groups/{id}", mock.url)));
    assert_eq!(created.as_object().unwrap().len(), 2, "{created}");
    let sent = mock.take();
    assert_eq!(sent[0].body_json(), Some(json!({"name": "Physics", "type": "team"})));

    let run = admin(&mock, &["getGroup", &format!("id={id}")], None);
    assert_exit(&run, 0);
    let body = mock.take()[0].response_json().unwrap();
    assert_eq!(run.stdout, format!("{}\n", serde_json::to_string_pretty(&body).unwrap()));
    assert_eq!(run.json()["name"], "Physics");
    assert_eq!(run.stderr, "");

    // The snake_case name is the same command.
    let run = admin(&mock, &["get_group", &format!("id={id}")], None);
    assert_exit(&run, 0);
    assert_eq!(run.json()["groupId"], json!(id));
}

#[test]
fn exit_1_puts_the_decoded_onezone_error_on_stderr() {
    let mock = Mock::admin();
    let run = admin(&mock, &["getGroup", "id=0123456789abcdef"], None);
    assert_exit(&run, 1);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.starts_with("error: HTTP 404 notFound: "), "{}", run.stderr);

    // A 409 with details: every part of the error body is shown.
    let gid = create_group(&mock, "Members");
    let hs = admin(&mock, &["addHandleService", "--id-only", "-"], Some(DOI.as_bytes()));
    assert_exit(&hs, 0);
    let hsid = hs.stdout.trim();
    let add = ["addHandleServiceGroup", &format!("id={hsid}"), &format!("gid={gid}")];
    assert_exit(&admin(&mock, &add, None), 0);
    let run = admin(&mock, &add, None);
    assert_exit(&run, 1);
    let body = mock.take().pop().unwrap().response_json().unwrap();
    let error = &body["error"];
    assert!(
        run.stderr.contains(&format!(
            "HTTP 409 {}: {}",
            error["id"].as_str().unwrap(),
            error["description"].as_str().unwrap()
        )),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(&format!("details: {}", error["details"])), "{}", run.stderr);

    // -i shows the head of an error answer on stdout, as curl -i does.
    let run = admin(&mock, &[&add[..], &["-i"]].concat(), None);
    assert_exit(&run, 1);
    assert!(run.stdout.starts_with("HTTP 409 Conflict\n"), "{}", run.stdout);

    // Without credentials: 401, and a hint where they come from.
    let run = onezone(Some(&mock.url), &[], &["listGroups"], None);
    assert_exit(&run, 1);
    assert!(run.stderr.contains("HTTP 401 unauthorized") && run.stderr.contains("ONEZONE_API_KEY"), "{}", run.stderr);
}

/// Each usage error: exit 2, its message on stderr, nothing on stdout and
/// nothing sent.
#[test]
fn exit_2_for_bad_input_says_what_is_wrong_and_sends_nothing() {
    let mock = Mock::admin();
    let gid = create_group(&mock, "Target");
    mock.take();
    let cases: Vec<(Vec<String>, Option<&str>, Vec<&str>)> = vec![
        (
            vec!["getGroupz".into(), "id=1".into()],
            None,
            vec!["unknown operation `getGroupz` (did you mean `getGroup`?)"],
        ),
        (vec!["getGroup".into()], None, vec!["missing `id=…`: getGroup needs it"]),
        (vec!["getGroup".into(), "id=".into()], None, vec!["`id=` is empty"]),
        (vec!["getGroup".into(), "gid=1".into()], None, vec!["has no path parameter `gid` (its parameters: id)"]),
        (vec!["getGroup".into(), "id=1".into(), "id=2".into()], None, vec!["`id=` is given twice"]),
        (vec!["getGroup".into(), "id".into()], None, vec!["\"id\" is not an argument", "name=value"]),
        (vec!["createGroup".into(), "name:={".into()], None, vec!["`name:={`: the value is not JSON"]),
        (
            vec!["createGroup".into(), "nmae==x".into()],
            None,
            vec!["`nmae` is not a field of GroupCreateRequest (its fields: name, type)"],
        ),
        (
            vec!["createGroup".into(), "name==x".into(), "type==club".into()],
            None,
            vec!["does not fit GroupCreateRequest: at `type`: unknown variant `club`"],
        ),
        (vec!["createGroup".into()], None, vec!["createGroup needs a request body (GroupCreateRequest)"]),
        (vec!["createGroup".into(), "-".into()], Some(""), vec!["the body on standard input is empty"]),
        (vec!["createGroup".into(), "-".into()], Some("{\"name\": "), vec!["the body on standard input is not JSON"]),
        (vec!["createGroup".into(), "-".into()], Some("[1]"), vec!["does not fit GroupCreateRequest"]),
        (vec!["getGroup".into(), format!("id={gid}"), "name==x".into()], None, vec!["getGroup takes no request body"]),
        (
            vec![
                "updateGroupHandleServicePrivileges".into(),
                "id=a".into(),
                format!("gid={gid}"),
                r#"grant:=["handle_service_fly"]"#.into(),
            ],
            None,
            vec!["at `grant[0]`: unknown variant `handle_service_fly`"],
        ),
        (
            vec![
                "addHandleServiceGroup".into(),
                "id=a".into(),
                format!("gid={gid}"),
                "privileges==handle_service_view".into(),
            ],
            None,
            vec!["at `privileges`", "privileges:=…"],
        ),
        (
            vec!["getGroup".into(), format!("id={gid}"), "--id-only".into()],
            None,
            vec!["--id-only: getGroup creates nothing"],
        ),
        (
            vec!["getGroup".into(), format!("id={gid}"), "--timeout".into(), "0".into()],
            None,
            vec!["a timeout is a positive number"],
        ),
        (
            vec!["getGroup".into(), format!("id={gid}"), "--body".into(), "/nonexistent/body.json".into()],
            None,
            vec!["--body /nonexistent/body.json: cannot read it"],
        ),
        (
            vec!["getGroup".into(), format!("id={gid}"), "--cacert".into(), "/nonexistent/ca.pem".into()],
            None,
            vec!["--cacert /nonexistent/ca.pem: cannot read it"],
        ),
        (
            vec!["getGroup".into(), format!("id={gid}"), "--token".into(), "t".into(), "-u".into(), "a:b".into()],
            None,
            vec!["cannot be used with"],
        ),
        (vec!["getGroup".into(), "id=..".into()], None, vec!["would not name a single path segment"]),
    ];
    for (args, stdin, messages) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = admin(&mock, &args, stdin.map(str::as_bytes));
        assert_eq!(run.code, Some(2), "{args:?}: {run:#?}");
        assert_eq!(run.stdout, "", "{args:?}");
        for m in messages {
            assert!(run.stderr.contains(m), "{args:?}: stderr lacks {m:?}: {}", run.stderr);
        }
        assert!(mock.take().is_empty(), "{args:?}: a request was sent");
    }

    // Several problems are all named at once.
    let run = admin(&mock, &["handleServiceUpdate", "password==x", "-"], Some(b""));
    assert_exit(&run, 2);
    for m in ["missing `id=…`", "`password` is not a field of HandleServiceUpdate"] {
        assert!(run.stderr.contains(m), "{}", run.stderr);
    }

    // No zone at all.
    let run = onezone(None, &[], &["listGroups"], None);
    assert_exit(&run, 2);
    assert!(run.stderr.contains("no zone given: set ONEZONE_HOST"), "{}", run.stderr);
}

/// A port nothing listens on.
fn closed_port() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    url
}

#[test]
fn exit_3_when_no_answer_comes() {
    let env = [("ONEZONE_BASIC_AUTH", "admin:secret")];
    // Connection refused.
    let run = onezone(Some(&closed_port()), &env, &["listGroups"], None);
    assert_exit(&run, 3);
    assert!(run.stderr.contains("error: no answer from") && run.stderr.contains("onnect"), "{}", run.stderr);

    // A server that accepts and never answers: the timeout.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", silent.local_addr().unwrap());
    let holder = std::thread::spawn(move || {
        let (mut conn, _) = silent.accept().unwrap();
        let mut buf = [0u8; 1024];
        let deadline = Instant::now() + Duration::from_secs(10);
        // Read until the client gives up (EOF) or the deadline.
        conn.set_read_timeout(Some(Duration::from_millis(100))).unwrap();
        while Instant::now() < deadline {
            if let Ok(0) = conn.read(&mut buf) {
                break;
            }
        }
    });
    let started = Instant::now();
    let run = onezone(Some(&url), &env, &["listGroups", "--timeout", "0.5"], None);
    assert_exit(&run, 3);
    assert!(run.stderr.contains("timed out"), "{}", run.stderr);
    assert!(started.elapsed() < Duration::from_secs(8), "{:?}", started.elapsed());
    holder.join().unwrap();

    // TLS to a plain-HTTP server: the handshake fails.
    let mock = Mock::admin();
    let https = mock.url.replace("http://", "https://");
    let run = onezone(Some(&https), &env, &["listGroups"], None);
    assert_exit(&run, 3);
    assert!(mock.take().is_empty());
}

#[test]
fn bodies_come_from_stdin_a_file_or_fields() {
    let mock = Mock::admin();
    let doi: Value = serde_json::from_str(DOI).unwrap();

    // `-`: standard input, as in `cat hndl_service.json | onezone addHandleService -`.
    let run = admin(&mock, &["addHandleService", "-"], Some(DOI.as_bytes()));
    assert_exit(&run, 0);
    assert_eq!(mock.take()[0].body_json(), Some(doi.clone()));

    // --body FILE, and --body - for standard input.
    let dir = scratch("bodies");
    let file = dir.join("hs.json");
    std::fs::write(&file, DOI).unwrap();
    let run = admin(&mock, &["addHandleService", "--body", file.to_str().unwrap()], None);
    assert_exit(&run, 0);
    assert_eq!(mock.take()[0].body_json(), Some(doi.clone()));
    let run = admin(&mock, &["addHandleService", "--body", "-"], Some(DOI.as_bytes()));
    assert_exit(&run, 0);
    assert_eq!(mock.take()[0].body_json(), Some(doi.clone()));
    let _ = std::fs::remove_dir_all(&dir);

    // Fields are merged over the input, as JSON with :=.
    let run = admin(
        &mock,
        &["addHandleService", "-", "name==Renamed", "proxyEndpoint:=\"https://p.example.org\""],
        Some(DOI.as_bytes()),
    );
    assert_exit(&run, 0);
    let mut expected = doi.clone();
    expected["name"] = json!("Renamed");
    expected["proxyEndpoint"] = json!("https://p.example.org");
    assert_eq!(mock.take()[0].body_json(), Some(expected));

    // A member the type has no field for is left out, with a note.
    let mut extra = doi.clone();
    extra["comment"] = json!("not a field");
    let run = admin(&mock, &["addHandleService", "-"], Some(extra.to_string().as_bytes()));
    assert_exit(&run, 0);
    assert!(run.stderr.contains("note: /comment is not sent"), "{}", run.stderr);
    assert_eq!(mock.take()[0].body_json(), Some(doi.clone()));

    // --id-only prints the id the zone made, and it is there.
    let run = admin(&mock, &["addHandleService", "-", "--id-only"], Some(DOI.as_bytes()));
    assert_exit(&run, 0);
    let id = run.stdout.trim().to_owned();
    assert_eq!(run.stdout, format!("{id}\n"));
    let location = mock.take()[0].response_header("location").unwrap().to_owned();
    assert!(location.ends_with(&format!("/handle_services/{id}")), "{location}");
    let read = admin(&mock, &["getHandleService", &format!("id={id}")], None);
    assert_exit(&read, 0);
    assert_eq!(read.json()["name"], "Ocean DOIs");

    // The privileges PATCH from standard input, as the docs' `echo '…' | … -`.
    let gid = create_group(&mock, "Grantees");
    assert_exit(&admin(&mock, &["addHandleServiceGroup", &format!("id={id}"), &format!("gid={gid}")], None), 0);
    let patch = r#"{"grant": ["handle_service_update"], "revoke": ["handle_service_register_handle"]}"#;
    let run = admin(
        &mock,
        &["updateGroupHandleServicePrivileges", &format!("id={id}"), &format!("gid={gid}"), "-"],
        Some(patch.as_bytes()),
    );
    assert_exit(&run, 0);
    let run = admin(&mock, &["listGroupHandleServicePrivileges", &format!("id={id}"), &format!("gid={gid}")], None);
    assert_eq!(run.json()["privileges"], json!(["handle_service_view", "handle_service_update"]));
}

#[test]
fn include_verbose_raw_and_the_credential_schemes() {
    let mock = Mock::admin();
    let gid = create_group(&mock, "Heads");
    mock.take();

    let run = admin(&mock, &["getGroup", &format!("id={gid}"), "-i"], None);
    assert_exit(&run, 0);
    let (head, body) = run.stdout.split_once("\n\n").unwrap();
    assert!(head.starts_with("HTTP 200 OK\n") && head.contains("content-type: application/json"), "{head}");
    assert_eq!(serde_json::from_str::<Value>(body).unwrap()["groupId"], json!(gid));

    let run = admin(&mock, &["getGroup", &format!("id={gid}"), "-v"], None);
    assert_exit(&run, 0);
    assert!(run.stderr.contains(&format!("> GET {}/api/v3/onezone/groups/{gid}\n", mock.url)), "{}", run.stderr);
    assert!(run.stderr.contains("< HTTP 200 OK"), "{}", run.stderr);
    assert_eq!(run.json()["groupId"], json!(gid));

    // --raw: the bytes as the zone sent them; the request is the typed one.
    let typed = mock.take().pop().unwrap();
    let run = admin(&mock, &["getGroup", &format!("id={gid}"), "--raw"], None);
    assert_exit(&run, 0);
    let raw = mock.take().pop().unwrap();
    assert_eq!(run.stdout.as_bytes(), raw.response_body.as_slice());
    for header in ["authorization", "accept", "api-version", "content-type"] {
        assert_eq!(raw.header(header), typed.header(header), "{header}");
    }
    assert_eq!((raw.method.as_str(), raw.target.as_str()), (typed.method.as_str(), typed.target.as_str()));
    let patch = ["modifyGroup", &format!("id={gid}"), "name==Renamed"];
    assert_exit(&admin(&mock, &patch, None), 0);
    assert_exit(&admin(&mock, &[&patch[..], &["--raw"]].concat(), None), 0);
    let [typed, raw] = <[_; 2]>::try_from(mock.take()).unwrap();
    assert_eq!(raw.header("content-type"), Some("application/json"));
    assert_eq!((raw.method, raw.target, raw.body), (typed.method, typed.target, typed.body));

    // Each scheme reaches the zone in its header.
    let url = Some(mock.url.as_str());
    assert_exit(&onezone(url, &[("ONEZONE_API_KEY", "admin-token")], &["listGroups"], None), 0);
    assert_eq!(mock.take()[0].header("x-auth-token"), Some("admin-token"));
    assert_exit(&onezone(url, &[], &["listGroups", "--bearer", "admin-token"], None), 0);
    assert_eq!(mock.take()[0].header("authorization"), Some("Bearer admin-token"));
    assert_exit(&onezone(url, &[], &["listGroups", "-u", "admin:secret"], None), 0);
    assert_eq!(mock.take()[0].header("authorization"), Some("Basic YWRtaW46c2VjcmV0"));
    // A host without a scheme is https.
    let host = mock.url.trim_start_matches("http://");
    let run = onezone(Some(host), &[("ONEZONE_API_KEY", "admin-token")], &["listGroups", "--timeout", "5"], None);
    assert_exit(&run, 3);
    assert!(run.stderr.contains(&format!("https://{host}")), "{}", run.stderr);
}

/// `-` with a terminal on standard input is refused instead of waiting for
/// input that is not coming (in-process: a test has no terminal).
#[test]
fn dash_on_a_terminal_is_refused_at_once() {
    let env = |name: &str| match name {
        "ONEZONE_HOST" => Some("http://127.0.0.1:9".to_owned()),
        _ => None,
    };
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let mut io = onezone_cli::Io {
        env: &env,
        stdin: &mut std::io::empty(),
        stdin_is_terminal: true,
        stdout: &mut stdout,
        stderr: &mut stderr,
    };
    let code = onezone_cli::run(["onezone", "addHandleService", "-"].map(Into::into).to_vec(), &mut io);
    let stderr = String::from_utf8(stderr).unwrap();
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("standard input, which is a terminal"), "{stderr}");
}
