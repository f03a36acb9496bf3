//! Inline body schemas, hoisted: one type shared by the client and the server.

use std::sync::Arc;

use codegen_fixture_check::inline::{client, server, types};
use onezone_server::{ApiError, Auth, Credentials, Json, RequestContext};
use serde_json::json;

use crate::{call, serve};

struct Notes;

impl Auth for Notes {
    type Claims = ();

    async fn authenticate(&self, credentials: &Credentials, _: &RequestContext) -> Result<(), ApiError> {
        match credentials {
            Credentials::Basic { username, password } if username == "u" && password == "p" => Ok(()),
            _ => Err(ApiError::unauthorized(None)),
        }
    }
}

impl server::NoteApi for Notes {
    async fn add_note(
        &self,
        _: &RequestContext,
        _: (),
        request: server::AddNoteRequest,
    ) -> Result<Json<types::AddNoteResponse>, ApiError> {
        let types::AddNoteBody { text, color, pinned } = request.body;
        if text == "nowhere" {
            return Err(ApiError::not_found());
        }
        let id = format!("n-{}-{}", color.map_or("plain".to_owned(), |c| c.to_string()), pinned.unwrap_or_default());
        Ok(Json(types::AddNoteResponse { id, text }))
    }

    async fn list_notes(
        &self,
        _: &RequestContext,
        _: (),
        _: server::ListNotesRequest,
    ) -> Result<Json<types::ListNotesResponse>, ApiError> {
        Ok(Json(types::ListNotesResponse(vec![types::NoteSummary { id: "n1".into(), pinned: Some(true) }])))
    }
}

const AUTH: (&str, &str) = ("authorization", "Basic dTpw");

#[tokio::test]
async fn hoisted_bodies_are_validated_and_typed() {
    let app = server::router(Arc::new(Notes));
    let answer = call(&app, "POST", "/api/notes", AUTH, Some(&json!({"text": "milk", "color": "blue"}))).await;
    assert_eq!((answer.status, &answer.body), (200, &json!({"id": "n-blue-false", "text": "milk"})));
    for (body, id, details) in [
        (json!({}), "missingRequiredValue", json!({"key": "text"})),
        (
            json!({"text": "milk", "color": "green"}),
            "badValueNotAllowed",
            json!({"key": "color", "allowed": ["red", "blue"]}),
        ),
        (json!({"text": "milk", "pinned": "yes"}), "badValueBoolean", json!({"key": "pinned"})),
    ] {
        let answer = call(&app, "POST", "/api/notes", AUTH, Some(&body)).await;
        assert_eq!((answer.status, answer.error()), (400, (&json!(id), &details)), "{body}");
    }
    let answer = call(&app, "GET", "/api/notes", AUTH, None).await;
    assert_eq!((answer.status, &answer.body), (200, &json!([{"id": "n1", "pinned": true}])));
}

/// The client sends and reads the very types the server receives and
/// answers with.
#[tokio::test]
async fn the_client_and_the_server_share_the_hoisted_types() {
    let base = serve(server::router(Arc::new(Notes))).await;
    let http = reqwest::Client::builder()
        .default_headers(
            [(http::header::AUTHORIZATION, http::HeaderValue::from_static("Basic dTpw"))].into_iter().collect(),
        )
        .build()
        .unwrap();
    let notes = client::Client::new_with_client(&format!("{base}{}", client::BASE_PATH), http);
    let body =
        types::AddNoteBody { text: "milk".into(), color: Some(types::AddNoteBodyColor::Red), pinned: Some(true) };
    let added: types::AddNoteResponse = notes.add_note().body(body).send().await.unwrap().into_inner();
    assert_eq!(added, types::AddNoteResponse { id: "n-red-true".into(), text: "milk".into() });
    let listed: types::ListNotesResponse = notes.list_notes().send().await.unwrap().into_inner();
    assert_eq!(listed.0, [types::NoteSummary { id: "n1".into(), pinned: Some(true) }]);
    // An error body is the hoisted error type, with its status.
    match notes.add_note().body_map(|b| b.text("nowhere")).send().await {
        Err(progenitor_client::Error::ErrorResponse(error)) => {
            assert_eq!(error.status().as_u16(), 404);
            let error: types::AddNoteError = error.into_inner();
            assert_eq!(error.error.id, "notFound");
        }
        other => panic!("{other:?}"),
    }
}
