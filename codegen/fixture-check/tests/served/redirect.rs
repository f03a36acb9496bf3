//! Redirects: answered by the server, returned (not followed) by the client.

use std::sync::Arc;

use codegen_fixture_check::redirect::{client, server};
use onezone_client::LocationExt;
use onezone_server::{ApiError, Auth, Credentials, RequestContext};
use serde_json::json;

use crate::{call, serve};

struct Files;

/// Where the content is said to be: a port nothing listens on, so a client
/// that followed the redirect would fail.
const ELSEWHERE: &str = "http://127.0.0.1:9/content";

impl Auth for Files {
    type Claims = ();

    async fn authenticate(&self, credentials: &Credentials, _: &RequestContext) -> Result<(), ApiError> {
        match credentials {
            Credentials::Basic { username, password } if username == "u" && password == "p" => Ok(()),
            _ => Err(ApiError::unauthorized(None)),
        }
    }
}

impl server::FileApi for Files {
    async fn get_file_content(
        &self,
        _: &RequestContext,
        _: Option<()>,
        request: server::GetFileContentRequest,
    ) -> Result<server::GetFileContentResponse, ApiError> {
        if request.id == "gone" {
            return Err(ApiError::not_found());
        }
        Ok(server::GetFileContentResponse::TemporaryRedirect { location: format!("{ELSEWHERE}/{}", request.id) })
    }

    async fn retire_file(
        &self,
        ctx: &RequestContext,
        _: (),
        request: server::RetireFileRequest,
    ) -> Result<server::RetireFileResponse, ApiError> {
        Ok(match request.id.as_str() {
            "moved" => server::RetireFileResponse::PermanentRedirect { location: ctx.absolute_url("/files/elsewhere") },
            _ => server::RetireFileResponse::NoContent,
        })
    }
}

#[tokio::test]
async fn the_server_answers_a_redirect_with_its_location() {
    let app = server::router(Arc::new(Files));
    let answer = call(&app, "GET", "/files/v1/files/f1/content", ("", ""), None).await;
    assert_eq!(
        (answer.status, answer.location.as_deref(), &answer.body),
        (307, Some("http://127.0.0.1:9/content/f1"), &json!(null))
    );
    let answer = call(&app, "GET", "/files/v1/files/gone/content", ("", ""), None).await;
    assert_eq!((answer.status, &answer.body["error"]["id"]), (404, &json!("notFound")));
    let auth = ("authorization", "Basic dTpw");
    let answer = call(&app, "DELETE", "/files/v1/files/moved", auth, None).await;
    assert_eq!(
        (answer.status, answer.location.as_deref()),
        (308, Some("http://fixture.test/files/v1/files/elsewhere"))
    );
    let answer = call(&app, "DELETE", "/files/v1/files/f1", auth, None).await;
    assert_eq!((answer.status, answer.location), (204, None));
    assert_eq!(<server::operations::GetFileContent as onezone_server::Operation>::INFO.success_statuses, [307]);
}

/// progenitor's own constructor (`Client::new`) follows no redirect: the
/// caller gets the documented answer with its `Location`.
#[tokio::test]
async fn the_client_returns_a_redirect_instead_of_following_it() {
    let base = serve(server::router(Arc::new(Files))).await;
    let files = client::Client::new(&format!("{base}{}", client::BASE_PATH));
    let answer = files.get_file_content().id("f1").send().await.unwrap();
    assert_eq!(answer.status().as_u16(), 307);
    assert_eq!(answer.location(), Ok("http://127.0.0.1:9/content/f1"));
    let missing = files.get_file_content().id("gone").send().await.unwrap_err();
    assert_eq!(missing.status().map(|s| s.as_u16()), Some(404));

    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(
            [(http::header::AUTHORIZATION, http::HeaderValue::from_static("Basic dTpw"))].into_iter().collect(),
        )
        .build()
        .unwrap();
    let files = client::Client::new_with_client(&format!("{base}{}", client::BASE_PATH), http);
    let moved = files.retire_file().id("moved").send().await.unwrap();
    assert_eq!((moved.status().as_u16(), moved.location().is_ok()), (308, true));
    let retired = files.retire_file().id("f1").send().await.unwrap();
    assert_eq!(retired.status().as_u16(), 204);
}
