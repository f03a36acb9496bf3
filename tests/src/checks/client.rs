//! Check 2, client wire: the generated client, called by operationId with
//! the documented arguments, against the loopback recording server that
//! answers as the documentation says.

use std::time::Duration;

use onezone_client::Client;
use onezone_test_support::{RecordedRequest, RecordingServer, Reply};
use serde_json::Value;

use crate::calls::{CallError, Outcome};
use crate::checks::{PASSWORD, Scheme, TOKEN, USERNAME, body_diff, json_diff, target};
use crate::generated::call;
use crate::matrix::{Cell, Checker};
use crate::spec::{Operation, Spec};

/// Time limit of one call.
pub const CALL_TIMEOUT: Duration = Duration::from_secs(10);

/// One cell per operation.
pub async fn run(spec: &Spec) -> Vec<Cell> {
    let server = match RecordingServer::builder().wait_timeout(Duration::from_secs(5)).try_start().await {
        Ok(server) => server,
        Err(e) => return fail_all(spec, format!("the recording server cannot start: {e}")),
    };
    let url = server.url().to_owned();
    let clients = [
        (Scheme::Basic, Client::with_basic_auth(&url, USERNAME, PASSWORD)),
        (Scheme::Token, Client::with_token(&url, TOKEN)),
        (Scheme::Bearer, Client::with_bearer_token(&url, TOKEN)),
        (Scheme::Anonymous, Client::anonymous(&url)),
    ];
    let mut built = Vec::new();
    for (scheme, client) in clients {
        match client {
            Ok(client) => built.push((scheme, client)),
            Err(e) => return fail_all(spec, format!("Client for {scheme:?} cannot be built: {e}")),
        }
    }
    let historical = historical_shapes(spec);
    let mut cells = Vec::new();
    for op in &spec.operations {
        let mut c = Checker::new();
        if let Err(e) = check_operation(&mut c, spec, op, &server, &built, &historical).await {
            c.fail(e);
        }
        cells.push(c.cell());
    }
    server.shutdown().await;
    cells
}

fn fail_all(spec: &Spec, message: String) -> Vec<Cell> {
    spec.operations.iter().map(|_| Cell::Fail(vec![message.clone()])).collect()
}

/// Error bodies of the older shapes found among the shared responses'
/// examples (`{"error", "error_description"}`, `{"error": "text"}`): a zone
/// may send them with any error status, so each status is decoded with them.
pub fn historical_shapes(spec: &Spec) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for example in &spec.examples {
        if example.pointer.starts_with("/components/responses/")
            && example.value.get("error").is_some_and(Value::is_string)
            && !out.contains(&example.value)
        {
            out.push(example.value.clone());
        }
    }
    out
}

/// What `ApiError::id` and `ApiError::description` must say for an error
/// body of any of the three shapes.
fn expected_id_and_description(body: &Value) -> (Option<String>, Option<String>) {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    match body.get("error") {
        Some(Value::Object(inner)) => (text(inner.get("id")), text(inner.get("description"))),
        Some(Value::String(code)) if body.get("error_description").is_some() => {
            (Some(code.clone()), text(body.get("error_description")))
        }
        Some(Value::String(message)) => (None, Some(message.clone())),
        _ => (None, None),
    }
}

async fn timed_call(
    client: &Client,
    op: &str,
    params: &[(String, String)],
    body: Option<Value>,
) -> Result<Result<Outcome, CallError>, String> {
    tokio::time::timeout(CALL_TIMEOUT, call(client, op, params, body))
        .await
        .map_err(|_| format!("the call did not finish within {CALL_TIMEOUT:?}"))
}

/// Runs one call against the recorder answering `reply`; returns the result
/// and the one request it sent.
async fn exchange(
    server: &RecordingServer,
    client: &Client,
    op: &Operation,
    params: &[(String, String)],
    body: Option<Value>,
    reply: Reply,
) -> Result<(Result<Outcome, CallError>, RecordedRequest), String> {
    server.set_handler(move |_| Some(reply.clone()));
    let before = server.request_count();
    let result = timed_call(client, &op.id, params, body).await?;
    let mut sent = server.requests().split_off(before);
    match sent.len() {
        1 => Ok((result, sent.remove(0))),
        n => Err(format!("expected the call to send 1 request, it sent {n} (result: {result:?})")),
    }
}

/// One call of the success part: a scheme, a named request example and a
/// named success example for the recorder to answer.
struct Exchange {
    scheme: Scheme,
    request: (String, Option<Value>),
    answer: (String, Option<Value>),
}

/// The reply of the recorder for a success with this body.
fn success_reply(success: &crate::spec::Response, body: Option<&Value>) -> Reply {
    let mut reply = Reply::new(success.status);
    if let Some(location) = &success.location {
        reply = reply.with_header("location", location);
    }
    if let Some(b) = body {
        reply = reply.with_json(b);
    }
    reply
}

/// ` with request example `name`` for every example but `documented`.
fn example_label(kind: &str, name: &str) -> String {
    if name == "documented" { String::new() } else { format!(" with {kind} example `{name}`") }
}

async fn check_operation(
    c: &mut Checker,
    spec: &Spec,
    op: &Operation,
    server: &RecordingServer,
    clients: &[(Scheme, Client)],
    historical: &[Value],
) -> Result<(), String> {
    let params = op.example_params()?;
    let body = op.documented_request()?;
    let success = op.success()?;
    let success_body = success.documented_body()?;
    let path = target(&spec.base_path, op, &params);

    // Every named request example (or no body), with every scheme, against
    // the documented success; then every other named success example.
    let mut requests: Vec<(String, Option<Value>)> =
        op.request_examples()?.into_iter().map(|e| (e.name, Some(e.value))).collect();
    if requests.is_empty() {
        requests.push(("documented".to_owned(), None));
    }
    let documented = || ("documented".to_owned(), success_body.clone());
    let mut exchanges: Vec<Exchange> = Vec::new();
    for request in &requests {
        for scheme in Scheme::for_operation(op.public) {
            exchanges.push(Exchange { scheme, request: request.clone(), answer: documented() });
        }
    }
    for answer in success.named_bodies()?.into_iter().skip(1) {
        let request = ("documented".to_owned(), body.clone());
        exchanges.push(Exchange { scheme: Scheme::Basic, request, answer: (answer.name, Some(answer.value)) });
    }
    for Exchange { scheme, request: (request_name, request_body), answer: (answer_name, answer_body) } in exchanges {
        let Some((_, client)) = clients.iter().find(|(s, _)| *s == scheme) else { continue };
        let reply = success_reply(success, answer_body.as_ref());
        let (result, request) = exchange(server, client, op, &params, request_body.clone(), reply).await?;
        let label =
            format!("{scheme:?}{}{}", example_label("request", &request_name), example_label("response", &answer_name));
        let what = |s: &str| format!("{label}: {s}");
        c.eq(&what("method"), request.method.as_str(), op.method.as_str());
        c.eq(&what("request target"), request.path.as_str(), path.as_str());
        check_auth(c, scheme, &request);
        let content_types = request.header_all("content-type");
        if request_body.is_some() {
            c.eq(&what("content-type of a request with a body"), content_types, vec!["application/json"]);
        } else {
            c.eq(&what("content-type of a request without a body"), content_types, vec![]);
        }
        c.check(match request.try_json() {
            Ok(sent) => body_diff(request_body.as_ref(), sent.as_ref())
                .map_or(Ok(()), |d| Err(what(&format!("request body {d}")))),
            Err(e) => Err(what(&format!("request body is not JSON ({e}): {:?}", request.body_text()))),
        });
        let expected = Outcome { status: success.status, location: success.location.clone(), body: answer_body };
        c.check(match result {
            Ok(outcome) => {
                let mut wrong = Vec::new();
                if outcome.status != expected.status {
                    wrong.push(format!("status {}, expected {}", outcome.status, expected.status));
                }
                if outcome.location != expected.location {
                    wrong.push(format!("Location {:?}, expected {:?}", outcome.location, expected.location));
                }
                if let Some(diff) = body_diff(expected.body.as_ref(), outcome.body.as_ref()) {
                    wrong.push(format!("body {diff}"));
                }
                if wrong.is_empty() { Ok(()) } else { Err(what(&format!("outcome: {}", wrong.join("; ")))) }
            }
            Err(e) => Err(what(&format!("the documented success ({}) came back as an error: {e}", success.status))),
        });
    }

    let Some((_, client)) = clients.iter().find(|(s, _)| *s == Scheme::Basic) else { return Ok(()) };

    // A 2xx the operation does not document is not taken for a success: it
    // comes back as an ApiError that keeps the status.
    let documented = op.success_statuses();
    let Some(undocumented) = [200, 201, 202, 204].into_iter().find(|s| !documented.contains(s)) else {
        return Err(format!("{} documents every 2xx status the check tries", op.id));
    };
    let mut reply = Reply::new(undocumented);
    if let Some(b) = &success_body {
        reply = reply.with_json(b);
    }
    let (result, _) = exchange(server, client, op, &params, body.clone(), reply).await?;
    let what = format!("undocumented {undocumented}");
    match result {
        Err(CallError::Api(e)) => {
            c.eq(&format!("{what}: ApiError::status"), e.status().map(|s| s.as_u16()), Some(undocumented))
        }
        Err(other) => c.fail(format!("{what}: not an ApiError: {other}")),
        Ok(outcome) => c.fail(format!("{what}: taken for a success: {outcome:?}")),
    }

    // Every documented error status, with each shared example and each
    // historical shape, decodes into ApiError with its status kept.
    for response in op.errors() {
        let mut bodies: Vec<(String, Value)> =
            response.examples().iter().map(|e| (e.pointer.clone(), e.value.clone())).collect();
        for shape in historical {
            if !bodies.iter().any(|(_, b)| b == shape) {
                bodies.push(("historical shape".to_owned(), shape.clone()));
            }
        }
        if bodies.is_empty() {
            c.fail(format!("{}: no example body to decode", response.status));
        }
        for (source, error_body) in bodies {
            let what = format!("{} with {source}", response.status);
            let (result, _) =
                exchange(server, client, op, &params, body.clone(), Reply::json(response.status, &error_body)).await?;
            let e = match result {
                Err(CallError::Api(e)) => e,
                Err(other) => {
                    c.fail(format!("{what}: not an ApiError: {other}"));
                    continue;
                }
                Ok(outcome) => {
                    c.fail(format!("{what}: decoded as a success: {outcome:?}"));
                    continue;
                }
            };
            c.eq(&format!("{what}: ApiError::status"), e.status().map(|s| s.as_u16()), Some(response.status));
            let decoded = e.body().map(serde_json::to_value);
            c.check(match decoded {
                Some(Ok(decoded)) => {
                    json_diff(&error_body, &decoded).map_or(Ok(()), |d| Err(format!("{what}: ApiError::body {d}")))
                }
                Some(Err(err)) => Err(format!("{what}: ApiError::body does not serialize: {err}")),
                None => Err(format!("{what}: ApiError has no decoded body ({e}; raw {:?})", e.raw_body())),
            });
            let (id, description) = expected_id_and_description(&error_body);
            c.eq(&format!("{what}: ApiError::id"), e.id().map(str::to_owned), id);
            c.eq(&format!("{what}: ApiError::description"), Some(e.description().to_owned()), description);
        }
    }
    Ok(())
}

/// The scheme's header, exactly once, and no other credentials.
fn check_auth(c: &mut Checker, scheme: Scheme, request: &RecordedRequest) {
    let expected = scheme.header();
    for name in ["authorization", "x-auth-token"] {
        let got = request.header_all(name);
        let want: Vec<&str> = match &expected {
            Some((n, v)) if *n == name => vec![v.as_str()],
            _ => vec![],
        };
        c.eq(&format!("{scheme:?}: {name} header"), got, want);
    }
}
