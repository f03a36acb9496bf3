//! Two places where the generated client is stricter than progenitor's
//! runtime: codegen rewrites its path encoding and its error-body decoding
//! (codegen/src/client.rs, "Hardening"). Found by these tests, which first
//! ran against progenitor's behaviour and failed.

use onezone_client::ApiError;
use onezone_test_support::Reply;
use reqwest::StatusCode;

use crate::{GID, api, server_and_client};

#[tokio::test]
async fn a_path_parameter_never_leaves_its_segment() {
    let (server, client) = server_and_client().await;
    server.set_default_reply(Some(Reply::no_content()));
    for id in ["..", ".", ""] {
        // `..` would turn DELETE /handle_services/../groups/G into DELETE /groups/G.
        let err = client.remove_handle_service_group().id(id).gid(GID).send().await.unwrap_err();
        assert!(matches!(err, onezone_client::Error::InvalidRequest(_)), "{id:?}: {err:?}");
    }
    assert_eq!(server.request_count(), 0, "refused ids must not reach the wire");
    for id in ["a\\b", "...", "%2e%2e", "a/b"] {
        client.remove_handle_service_group().id(id).gid(GID).send().await.unwrap();
    }
    let prefix = api("/handle_services/");
    let suffix = format!("/groups/{GID}");
    let segments: Vec<String> = server
        .requests()
        .iter()
        .map(|r| {
            r.path.strip_prefix(&prefix).and_then(|rest| rest.strip_suffix(&suffix)).unwrap_or("<escaped>").to_owned()
        })
        .collect();
    assert_eq!(segments, ["a%5Cb", "...", "%252e%252e", "a%2Fb"]);
}

#[tokio::test]
async fn a_declared_status_with_an_html_body_keeps_its_status() {
    let (server, client) = server_and_client().await;
    server.push_reply(Reply::text(404, "<html><body>404 Not Found</body></html>"));
    let error = ApiError::decode(client.get_handle_service().id("x").send().await.unwrap_err()).await;
    assert_eq!(error.raw_body(), Some("<html><body>404 Not Found</body></html>"));
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
}
