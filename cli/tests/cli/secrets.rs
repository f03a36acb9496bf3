//! Credentials never appear in anything `onezone` prints: not with `-v`,
//! `-i`, `--dry-run` or `--raw`, not in errors of any kind, not in help.

use onezone_conformance::checks::base64;
use onezone_mock::{Seed, Zone};

use crate::common::{Mock, onezone};

const PASSWORD: &str = "pw-S3CRET-41f9";
const TOKEN: &str = "tok-S3CRET-8c2e";

#[test]
fn no_output_holds_a_credential() {
    let seed = format!(
        "users: [{{username: keeper, password: {PASSWORD}, tokens: [{TOKEN}], admin: all}}]\ngroups: [{{name: Vault, id: g1}}]"
    );
    let mock = Mock::start(Zone::from_seed(Seed::from_yaml(&seed).unwrap()).unwrap());
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let basic = format!("keeper:{PASSWORD}");
    let wrong = format!("keeper:{PASSWORD}-wrong");
    let wrong_token = format!("{TOKEN}x");
    let in_url = format!("http://keeper:{PASSWORD}@127.0.0.1:1");
    let runs = [
        (Some(mock.url.as_str()), vec![("ONEZONE_BASIC_AUTH", basic.as_str())], vec!["getGroup", "id=g1", "-v", "-i"]),
        (Some(&mock.url), vec![("ONEZONE_API_KEY", TOKEN)], vec!["getGroup", "id=g1", "-v", "--raw", "-i"]),
        (Some(&mock.url), vec![], vec!["getGroup", "id=g1", "-v", "--bearer", TOKEN]),
        (Some(&mock.url), vec![], vec!["getGroup", "id=g1", "-v", "-u", &basic]),
        (Some(&mock.url), vec![("ONEZONE_BASIC_AUTH", &basic)], vec!["getGroup", "id=g1", "--dry-run"]),
        (Some(&mock.url), vec![], vec!["getGroup", "id=g1", "--dry-run", "--token", TOKEN]),
        (Some(&mock.url), vec![], vec!["getGroup", "id=g1", "--dry-run", "--bearer", TOKEN, "-v"]),
        (Some(&mock.url), vec![], vec!["createGroup", "name==x", "--dry-run", "-u", &basic, "-v"]),
        // HTTP errors: missing, refused credentials, wrong password.
        (Some(&mock.url), vec![("ONEZONE_API_KEY", TOKEN)], vec!["getGroup", "id=nope", "-v", "-i"]),
        (Some(&mock.url), vec![("ONEZONE_BASIC_AUTH", wrong.as_str())], vec!["getGroup", "id=g1", "-v", "-i"]),
        (Some(&mock.url), vec![], vec!["getGroup", "id=g1", "-v", "--token", &wrong_token]),
        // Usage errors.
        (Some(&mock.url), vec![("ONEZONE_API_KEY", TOKEN)], vec!["getGroup", "-v"]),
        (Some(&mock.url), vec![], vec!["getGroup", "id=g1", "--token", TOKEN, "-u", &basic]),
        (Some(&mock.url), vec![("ONEZONE_BASIC_AUTH", PASSWORD)], vec!["getGroup", "id=g1", "-v"]),
        (Some(&in_url), vec![], vec!["getGroup", "id=g1", "-v"]),
        (Some(&mock.url), vec![], vec!["getGroup", "id=g1", "--token", "bad token with spaces S3CRET"]),
        // A handle service's DOI account password in the body, with -v.
        (
            Some(&mock.url),
            vec![("ONEZONE_API_KEY", TOKEN)],
            vec![
                "addHandleService",
                "name==s",
                "proxyEndpoint==https://p",
                r#"serviceProperties:={"type":"DOI","host":"h","doiEndpoint":"/d","metadataEndpoint":"/m","mediaEndpoint":"/x","prefix":"10.1","username":"u","password":"doi-S3CRET-7e1"}"#,
                "-v",
            ],
        ),
        // Transport errors.
        (Some(&closed), vec![("ONEZONE_API_KEY", TOKEN)], vec!["getGroup", "id=g1", "-v"]),
        (Some(&closed), vec![("ONEZONE_BASIC_AUTH", &basic)], vec!["getGroup", "id=g1", "-v"]),
        // Help.
        (Some(&mock.url), vec![("ONEZONE_API_KEY", TOKEN), ("ONEZONE_BASIC_AUTH", &basic)], vec!["--help"]),
        (Some(&mock.url), vec![("ONEZONE_API_KEY", TOKEN)], vec!["getGroup", "--help"]),
    ];
    let encoded = [base64(&basic), base64(&wrong)];
    let mut seen_codes = Vec::new();
    for (url, env, args) in &runs {
        let run = onezone(*url, env, args, None);
        seen_codes.push(run.code);
        let all = run.all();
        assert!(!all.contains("S3CRET"), "{args:?} printed a credential:\n{all}");
        for e in &encoded {
            assert!(!all.contains(e.as_str()), "{args:?} printed encoded credentials:\n{all}");
        }
    }
    // Every way out was taken: success, HTTP error, usage error, transport error.
    for code in [0, 1, 2, 3] {
        assert!(seen_codes.contains(&Some(code)), "no run ended with {code}: {seen_codes:?}");
    }
}
