//! Check 3, server wire: the generated router, serving the replayer, gets
//! the documented request in-process and must hand the implementation
//! exactly the documented arguments and send exactly the documented answer;
//! every documented error status must reach the client in Onezone's format.

use std::sync::Arc;

use onezone_server::ApiError;
use serde_json::Value;

use crate::checks::{Scheme, body_diff, json_diff, target};
use crate::matrix::{Cell, Checker};
use crate::replayer::{Answer, HttpAnswer, Received, Replayer, send};
use crate::spec::{Operation, Spec};

/// One cell per operation.
pub async fn run(spec: Arc<Spec>) -> Vec<Cell> {
    let mut cells = Vec::new();
    for op in &spec.operations {
        let mut c = Checker::new();
        if let Err(e) = check_operation(&mut c, &spec, op).await {
            c.fail(e);
        }
        cells.push(c.cell());
    }
    cells
}

/// The headers of a request with these credentials and, if it has a body,
/// `content-type: application/json`.
pub fn headers(scheme: Scheme, with_body: bool) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some((name, value)) = scheme.header() {
        out.push((name.to_owned(), value));
    }
    if with_body {
        out.push(("content-type".to_owned(), "application/json".to_owned()));
    }
    out
}

/// Sends the documented request (HTTP basic) to a router whose implementation
/// gives `answer`; returns the replayer (to see the call it received) and the
/// router's answer.
async fn answered_by(
    spec: &Arc<Spec>,
    answer: Answer,
    op: &Operation,
    path: &str,
    body: Option<&Value>,
) -> Result<(Replayer, HttpAnswer), String> {
    let replayer = Replayer::new(Arc::clone(spec), answer);
    let (router, headers) = (replayer.router(), headers(Scheme::Basic, body.is_some()));
    let answer = send(&router, &op.method, path, &headers, body_bytes(body)?).await?;
    Ok((replayer, answer))
}

fn body_bytes(body: Option<&Value>) -> Result<Option<Vec<u8>>, String> {
    body.map(|b| serde_json::to_vec(b).map_err(|e| format!("cannot serialize the body: {e}"))).transpose()
}

/// Exactly one call reached the implementation, for `op`.
pub fn one_call<'a>(received: &'a [Received], op: &Operation, answer: &HttpAnswer) -> Result<&'a Received, String> {
    match received {
        [one] if one.operation.operation_id == op.id => Ok(one),
        [one] => Err(format!("the router called {} instead of {}", one.operation.operation_id, op.id)),
        [] => Err(format!("the implementation was not called; the router answered {}", answer.summary())),
        many => Err(format!("the implementation was called {} times", many.len())),
    }
}

async fn check_operation(c: &mut Checker, spec: &Arc<Spec>, op: &Operation) -> Result<(), String> {
    let params = op.example_params()?;
    let body = op.documented_request()?;
    let success = op.success()?;
    let success_body = success.documented_body()?;
    let path = target(&spec.base_path, op, &params);
    let replayer = Replayer::new(Arc::clone(spec), Answer::Documented);
    let router = replayer.router();

    // Every named request example (or no body) with every scheme; an
    // optional body also left out.
    let examples = op.request_examples()?;
    let mut cases: Vec<(Scheme, &str, Option<&Value>)> = Vec::new();
    for scheme in Scheme::for_operation(op.public) {
        if examples.is_empty() {
            cases.push((scheme, "documented", None));
        }
        cases.extend(examples.iter().map(|e| (scheme, e.name.as_str(), Some(&e.value))));
    }
    if op.request.as_ref().is_some_and(|r| !r.required) {
        // An optional body may be left out: the implementation then gets none.
        cases.push((Scheme::Basic, "no body", None));
    }
    for (scheme, name, sent_body) in cases {
        let what = |s: &str| {
            let with = match name {
                "documented" => String::new(),
                "no body" => " without body".to_owned(),
                other => format!(" with request example `{other}`"),
            };
            format!("{scheme:?}{with}: {s}")
        };
        let answer =
            send(&router, &op.method, &path, &headers(scheme, sent_body.is_some()), body_bytes(sent_body)?).await?;
        c.eq(&what("status"), answer.status, success.status);
        c.eq(&what("Location"), answer.location.as_deref(), success.location.as_deref());
        c.eq(&what("content-type"), answer.content_type.as_deref(), success_body.as_ref().map(|_| "application/json"));
        c.check(match answer.json() {
            Ok(got) => body_diff(success_body.as_ref(), got.as_ref())
                .map_or(Ok(()), |d| Err(what(&format!("answer body {d}")))),
            Err(e) => Err(what(&e)),
        });
        let received = replayer.take();
        match one_call(&received, op, &answer) {
            Ok(call) => {
                c.eq(&what("path parameters received"), &call.request.params, &params);
                c.check(
                    body_diff(sent_body, call.request.body.as_ref())
                        .map_or(Ok(()), |d| Err(what(&format!("body received {d}")))),
                );
                c.eq(&what("credentials received"), &call.claims, &scheme.credentials());
                check_metadata(c, op, call);
            }
            Err(e) => c.fail(what(&e)),
        }
    }

    // Every other named success example: an implementation answering it
    // makes the router send exactly it.
    for example in success.named_bodies()?.into_iter().skip(1) {
        let what = |s: &str| format!("answering the response example `{}`: {s}", example.name);
        let (replayer, answer) =
            answered_by(spec, Answer::Example(example.name.clone()), op, &path, body.as_ref()).await?;
        c.eq(&what("status"), answer.status, success.status);
        c.eq(&what("Location"), answer.location.as_deref(), success.location.as_deref());
        c.eq(&what("content-type"), answer.content_type.as_deref(), Some("application/json"));
        c.check(match answer.json() {
            Ok(got) => {
                body_diff(Some(&example.value), got.as_ref()).map_or(Ok(()), |d| Err(what(&format!("answer body {d}"))))
            }
            Err(e) => Err(what(&e)),
        });
        c.check(one_call(&replayer.take(), op, &answer).map(|_| ()).map_err(|e| what(&e)));
    }

    // Every documented error status is reachable and sent in the Onezone
    // format: an implementation returning the documented error makes the
    // router send exactly the documented body.
    for response in op.errors() {
        let mut structured: Vec<(String, Value)> = response
            .examples()
            .iter()
            .filter(|e| e.value.get("error").is_some_and(Value::is_object))
            .map(|e| (e.pointer.clone(), e.value.clone()))
            .collect();
        if structured.is_empty() {
            // Only older shapes documented: the server still answers in the
            // current one.
            let body = serde_json::json!({"error": {"id": "documentedError", "description": "An error."}});
            structured.push(("a made-up error".to_owned(), body));
        }
        for (source, error_body) in structured {
            let what = |s: &str| format!("{} with {source}: {s}", response.status);
            let error = api_error(response.status, &error_body).map_err(|e| what(&e))?;
            let (replayer, answer) = answered_by(spec, Answer::Error(error), op, &path, body.as_ref()).await?;
            c.eq(&what("status"), answer.status, response.status);
            c.eq(&what("content-type"), answer.content_type.as_deref(), Some("application/json"));
            c.check(match answer.json() {
                Ok(Some(got)) => json_diff(&error_body, &got).map_or(Ok(()), |d| Err(what(&format!("error body {d}")))),
                Ok(None) => Err(what("the error has no body")),
                Err(e) => Err(what(&e)),
            });
            c.check(one_call(&replayer.take(), op, &answer).map(|_| ()).map_err(|e| what(&e)));
        }
    }
    Ok(())
}

/// The generated metadata of the operation says what the spec says.
fn check_metadata(c: &mut Checker, op: &Operation, call: &Received) {
    let info = call.operation;
    c.eq("OperationInfo::method", info.method, op.method.as_str());
    c.eq("OperationInfo::path", info.path, op.path.as_str());
    c.eq("OperationInfo::public", info.public, op.public);
    c.eq("OperationInfo::permissions", info.permissions.to_vec(), op.permissions.iter().map(String::as_str).collect());
    c.eq("OperationInfo::success_statuses", info.success_statuses.to_vec(), op.success_statuses());
    c.eq("OperationInfo::error_statuses", info.error_statuses.to_vec(), op.errors().map(|r| r.status).collect());
}

/// The server-side error for a documented structured error body.
fn api_error(status: u16, body: &Value) -> Result<ApiError, String> {
    let status = http::StatusCode::from_u16(status).map_err(|e| format!("status {status}: {e}"))?;
    let inner = body.get("error").ok_or("no `error`")?;
    let text = |key: &str| inner.get(key).and_then(Value::as_str).map(str::to_owned).ok_or(format!("no error.{key}"));
    let id: onezone_server::ErrorId = text("id")?.parse().map_err(|e| format!("{e}"))?;
    let error = ApiError::new(id, text("description")?).with_status(status);
    Ok(match inner.get("details") {
        Some(details) => error.with_details(details.clone()),
        None => error,
    })
}
