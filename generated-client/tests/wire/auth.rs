//! The three auth schemes of the spec, and no credentials, as seen on the wire.

use onezone_client::{Client, ClientBuilder, Credentials};
use onezone_test_support::{RecordedRequest, RecordingServer, Reply};
use serde_json::json;

use crate::{HSID, api};

/// Sends one authenticated call (`list_handle_services`) and returns what the
/// server saw.
async fn one_request(build: impl FnOnce(&str) -> Client) -> RecordedRequest {
    let server = RecordingServer::start().await;
    server.push_reply(Reply::json(200, json!({"handle_services": [HSID]})));
    let client = build(server.url());
    let ids = client.list_handle_services().send().await.expect("200 with ids").into_inner();
    assert_eq!(ids.handle_services, [HSID]);
    let request = server.request(0).await;
    assert_eq!(request.path, api("/handle_services"));
    server.shutdown().await;
    request
}

#[tokio::test]
async fn basic_auth_sends_base64_of_user_colon_password() {
    // The password holds a colon and a non-ASCII letter: only the first colon
    // separates, and the bytes encoded are UTF-8.
    let request = one_request(|url| Client::with_basic_auth(url, "alice", "pa$$word:with-colon é").unwrap()).await;
    assert_eq!(request.header_all("authorization"), ["Basic YWxpY2U6cGEkJHdvcmQ6d2l0aC1jb2xvbiDDqQ=="]);
    assert!(!request.has_header("x-auth-token"), "{request:?}");
}

#[tokio::test]
async fn token_goes_in_x_auth_token_and_nowhere_else() {
    let request = one_request(|url| Client::with_token(url, "MDAxY2xvY2F0aW9u-tok").unwrap()).await;
    assert_eq!(request.header_all("x-auth-token"), ["MDAxY2xvY2F0aW9u-tok"]);
    assert!(!request.has_header("authorization"), "{request:?}");
}

#[tokio::test]
async fn bearer_token_goes_in_authorization() {
    let request = one_request(|url| Client::with_bearer_token(url, "MDAxY2xvY2F0aW9u-bear").unwrap()).await;
    assert_eq!(request.header_all("authorization"), ["Bearer MDAxY2xvY2F0aW9u-bear"]);
    assert!(!request.has_header("x-auth-token"), "{request:?}");
}

#[tokio::test]
async fn anonymous_sends_no_credentials() {
    let request = one_request(|url| Client::anonymous(url).unwrap()).await;
    assert!(!request.has_header("authorization"), "{request:?}");
    assert!(!request.has_header("x-auth-token"), "{request:?}");
    // Still a JSON API call.
    assert_eq!(request.header("accept"), Some("application/json"));
}

#[tokio::test]
async fn builder_credentials_match_the_shortcut_constructors() {
    let request =
        one_request(|url| Client::builder(url).credentials(Credentials::Token("via-builder".into())).build().unwrap())
            .await;
    assert_eq!(request.header("x-auth-token"), Some("via-builder"));
    let request = one_request(|url| Client::builder(url).bearer_token("b").basic_auth("u", "p").build().unwrap()).await;
    assert_eq!(request.header_all("authorization"), ["Basic dTpw"], "the last credentials set win");
}

#[tokio::test]
async fn debug_output_of_clients_and_builders_hides_every_credential() {
    let url = "http://127.0.0.1:9";
    let cases: [(Client, ClientBuilder, &[&str]); 3] = [
        (
            Client::with_basic_auth(url, "alice", "s3cret-pw").unwrap(),
            Client::builder(url).basic_auth("alice", "s3cret-pw"),
            // The password, and the header value that carries it.
            &["s3cret-pw", "YWxpY2U6czNjcmV0LXB3"],
        ),
        (Client::with_token(url, "s3cret-tok").unwrap(), Client::builder(url).token("s3cret-tok"), &["s3cret-tok"]),
        (
            Client::with_bearer_token(url, "s3cret-bear").unwrap(),
            Client::builder(url).bearer_token("s3cret-bear"),
            &["s3cret-bear"],
        ),
    ];
    for (client, builder, secrets) in cases {
        for text in [format!("{client:?}"), format!("{client:#?}"), format!("{builder:?}")] {
            for secret in secrets {
                assert!(!text.contains(secret), "{secret:?} leaked in {text}");
            }
        }
    }
}

#[test]
fn credentials_that_could_not_be_sent_as_given_are_refused_when_building() {
    for (credentials, why) in [
        (Credentials::Token("line\r\nX-Injected: 1".into()), "printable ASCII"),
        (Credentials::Token(String::new()), "printable ASCII"),
        (Credentials::Token("tök".into()), "printable ASCII"),
        (Credentials::Bearer("two words".into()), "printable ASCII"),
        (Credentials::Basic { username: "al:ice".into(), password: "pw".into() }, "username with `:`"),
    ] {
        let builder = Client::builder("https://zone.example.com").credentials(credentials.clone());
        let error = builder.build().expect_err("refused");
        assert!(matches!(error, onezone_client::BuildError::InvalidCredentials(_)), "{credentials:?}: {error:?}");
        assert!(error.to_string().contains(why), "{error}");
    }
    // Anything goes in a password (it is base64-encoded), non-ASCII usernames too.
    let ok = Credentials::Basic { username: "zoë".into(), password: "p:ä ss\n".into() };
    assert!(Client::builder("https://zone.example.com").credentials(ok).build().is_ok());
}
