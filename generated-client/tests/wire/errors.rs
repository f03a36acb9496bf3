//! Error answers: the three historical body shapes, undeclared statuses and
//! bodies that are not JSON, all through `ApiError::decode`.

use onezone_client::types::Error as Body;
use onezone_client::{ApiError, Client};
use onezone_test_support::Reply;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{GID, HSID, UID, server_and_client};

/// Which variant of the error body was decoded.
fn shape(error: &ApiError) -> &'static str {
    match error.body() {
        Some(Body::StructuredError(_)) => "structured",
        Some(Body::OAuthStyleError(_)) => "oauth",
        Some(Body::LegacyError(_)) => "legacy",
        None => "none",
    }
}

async fn get_handle_service_answered(reply: Reply) -> ApiError {
    let (server, client) = server_and_client().await;
    server.push_reply(reply);
    let error = client.get_handle_service().id(HSID).send().await.expect_err("an error status");
    let error = ApiError::decode(error).await;
    assert_eq!(server.request_count(), 1);
    error
}

#[tokio::test]
async fn the_three_error_shapes_of_declared_statuses_decode_with_status_id_and_description() {
    struct Case {
        body: Value,
        shape: &'static str,
        id: Option<&'static str>,
        description: &'static str,
    }
    let cases = [
        Case {
            body: json!({"error": {"id": "forbidden", "description": "You do not hold the privileges needed for this operation."}}),
            shape: "structured",
            id: Some("forbidden"),
            description: "You do not hold the privileges needed for this operation.",
        },
        Case {
            body: json!({"error": "invalid_token", "error_description": "Provided token could not be validated."}),
            shape: "oauth",
            id: Some("invalid_token"),
            description: "Provided token could not be validated.",
        },
        Case {
            body: json!({"error": "Provided data could not be understood by the server"}),
            shape: "legacy",
            id: None,
            description: "Provided data could not be understood by the server",
        },
    ];
    for status in [400, 401, 403, 404, 500] {
        for case in &cases {
            let error = get_handle_service_answered(Reply::json(status, &case.body)).await;
            let context = format!("HTTP {status} {}", case.body);
            assert_eq!(error.status(), StatusCode::from_u16(status).ok(), "{context}");
            assert_eq!(shape(&error), case.shape, "{context}");
            assert_eq!(error.id(), case.id, "{context}");
            assert_eq!(error.description(), case.description, "{context}");
            assert_eq!(error.raw_body(), None, "{context}");
        }
    }
}

#[tokio::test]
async fn error_display_shows_status_id_and_description() {
    let error = get_handle_service_answered(Reply::json(
        404,
        json!({"error": {"id": "notFound", "description": "No such thing."}}),
    ))
    .await;
    assert_eq!(error.to_string(), "HTTP 404 notFound: No such thing.");
    let error = get_handle_service_answered(Reply::json(403, json!({"error": "Go away"}))).await;
    assert_eq!(error.to_string(), "HTTP 403: Go away");
}

#[tokio::test]
async fn a_declared_409_keeps_its_details() {
    let (server, client) = server_and_client().await;
    let conflict = json!({"error": {
        "id": "relationAlreadyExists",
        "description": "This user already belongs to the handle service.",
        "details": {"childType": "od_user", "childId": UID, "parentType": "od_handle_service", "parentId": HSID}
    }});
    server.push_reply(Reply::json(409, &conflict));
    let error = client.add_handle_service_user().id(HSID).uid(UID).send().await.unwrap_err();
    let error = ApiError::decode(error).await;
    assert_eq!(error.status(), Some(StatusCode::CONFLICT));
    assert_eq!(error.id(), Some("relationAlreadyExists"));
    let details = error.details().expect("details of a structured error");
    assert_eq!(Value::Object(details.clone()), conflict["error"]["details"]);
}

#[tokio::test]
async fn undeclared_statuses_are_decoded_with_their_status() {
    let (server, client) = server_and_client().await;
    // create_group declares no 409 and nothing declares 405: both arrive as
    // unexpected responses and are still read.
    server.push_replies([
        Reply::json(409, json!({"error": {"id": "alreadyExists", "description": "The group already exists."}})),
        Reply::json(405, json!({"error": "invalid_request", "error_description": "Method not allowed here."})),
        Reply::json(429, json!({"error": "Slow down"})),
    ]);

    let error = client.create_group().body_map(|b| b.name("g")).send().await.unwrap_err();
    assert!(matches!(error, onezone_client::Error::UnexpectedResponse(_)), "{error:?}");
    let error = ApiError::decode(error).await;
    assert_eq!(
        (error.status(), error.id(), error.description(), shape(&error)),
        (Some(StatusCode::CONFLICT), Some("alreadyExists"), "The group already exists.", "structured")
    );

    let error =
        ApiError::decode(client.remove_handle_service_group().id(HSID).gid(GID).send().await.unwrap_err()).await;
    assert_eq!(
        (error.status(), error.id(), error.description(), shape(&error)),
        (Some(StatusCode::METHOD_NOT_ALLOWED), Some("invalid_request"), "Method not allowed here.", "oauth")
    );

    let error = ApiError::decode(client.list_handle_service_privileges().send().await.unwrap_err()).await;
    assert_eq!(
        (error.status(), error.id(), error.description(), shape(&error)),
        (Some(StatusCode::TOO_MANY_REQUESTS), None, "Slow down", "legacy")
    );
    assert_eq!(server.request_count(), 3);
}

#[tokio::test]
async fn an_html_page_from_a_proxy_keeps_status_and_raw_body() {
    let page = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";
    let error = get_handle_service_answered(Reply::text(502, page).with_header("content-type", "text/html")).await;
    assert_eq!(error.status(), Some(StatusCode::BAD_GATEWAY));
    assert_eq!(error.raw_body(), Some(page));
    assert_eq!((error.body(), error.id()), (None, None));
    assert!(error.to_string().starts_with("HTTP 502: "), "{error}");
}

#[tokio::test]
async fn a_json_body_that_is_no_known_error_shape_is_kept_raw() {
    let error = get_handle_service_answered(Reply::json(418, json!({"message": "teapot"}))).await;
    assert_eq!(error.status(), Some(StatusCode::IM_A_TEAPOT));
    assert_eq!(error.body(), None);
    assert_eq!(error.raw_body(), Some(r#"{"message":"teapot"}"#));
}

#[tokio::test]
async fn no_answer_at_all_is_an_error_without_status() {
    // A port that is bound but not listening: connections to it are refused,
    // and no other test can take it meanwhile.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let url = format!("http://{}", socket.local_addr().unwrap());
    let client = Client::with_token(&url, "t").unwrap();
    let error = client.get_handle_service().id(HSID).send().await.unwrap_err();
    assert!(matches!(&error, onezone_client::Error::CommunicationError(e) if e.is_connect()), "{error:?}");
    let error = ApiError::decode(error).await;
    assert_eq!((error.status(), error.body(), error.raw_body()), (None, None, None));
    assert!(!error.description().is_empty());
}

#[test]
fn debug_never_prints_an_undecoded_body() {
    // A body that is no error shape, e.g. a success answer that did not
    // match the spec, with a service's password in it.
    let body = r#"{"handleServiceId":"x","serviceProperties":{"type":"DOI","password":"TOPSECRET"}}"#;
    let error = ApiError::from_body(StatusCode::OK, body.to_owned());
    assert_eq!(error.raw_body(), Some(body), "the body stays readable on purpose");
    let debug = format!("{error:?}");
    assert!(!debug.contains("TOPSECRET"), "{debug}");
    assert!(debug.contains(&format!("<{} bytes, not shown>", body.len())), "{debug}");
}
