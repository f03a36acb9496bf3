//! `router_throughput_ratio_vs_axum`: the generated `onezone_server::router`
//! over a minimal in-memory implementation, against hand-written axum 0.8
//! handlers doing the same work on the same store type, under the same load.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use anyhow::{Context as _, bail};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use onezone_server::types::{
    HandleServiceMemberRequest, HandleServicePrivilege as Privilege, HandleServicePrivileges,
    HandleServicePrivilegesUpdate, MemberPrivileges,
};
use onezone_server::{
    AddHandleServiceGroupRequest, ApiError, Auth, Created, Credentials, GroupApi, HandleServiceApi, Json,
    ListGroupHandleServicePrivilegesRequest, NoContent, RequestContext, UpdateGroupHandleServicePrivilegesRequest,
    UserApi, types,
};
use serde::Serialize;
use serde_json::{Value, json};
use tokio::runtime::Runtime;

use crate::load::{self, Script, Step};
use crate::stats;

/// The token both servers accept in `X-Auth-Token`.
pub const TOKEN: &str = "bench-token-0123456789abcdef";
const BASE: &str = "/api/v3/onezone";
const HS: &str = "hs1";
/// What a member added without a body gets (the zone's default).
const DEFAULT_PRIVILEGES: [Privilege; 2] = [Privilege::HandleServiceView, Privilege::HandleServiceRegisterHandle];

/// The in-memory state both servers use: handle service → group → privileges.
#[derive(Default)]
pub struct Store {
    inner: Mutex<HashMap<String, HashMap<String, Vec<Privilege>>>>,
}

impl Store {
    fn seeded(groups: usize) -> Self {
        let store = Store::default();
        for g in 0..groups {
            store.put(HS, &format!("g{g}"), vec![Privilege::HandleServiceView]);
        }
        store
    }

    fn get(&self, id: &str, gid: &str) -> Option<Vec<Privilege>> {
        let map = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        map.get(id).and_then(|groups| groups.get(gid)).cloned()
    }

    fn put(&self, id: &str, gid: &str, privileges: Vec<Privilege>) {
        let mut map = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        map.entry(id.to_owned()).or_default().insert(gid.to_owned(), privileges);
    }

    /// Grants then revokes; false when the group is not a member.
    fn patch(&self, id: &str, gid: &str, grant: &[Privilege], revoke: &[Privilege]) -> bool {
        let mut map = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(held) = map.get_mut(id).and_then(|groups| groups.get_mut(gid)) else {
            return false;
        };
        for p in grant {
            if !held.contains(p) {
                held.push(*p);
            }
        }
        held.retain(|p| !revoke.contains(p));
        true
    }
}

// ---------------------------------------------------------------------------
// Candidate: the generated traits and router.

/// The minimal implementation of the three operations on the generated traits.
pub struct Generated {
    store: Store,
}

impl Auth for Generated {
    type Claims = ();

    async fn authenticate(&self, credentials: &Credentials, _ctx: &RequestContext) -> Result<(), ApiError> {
        match credentials {
            Credentials::Token(t) if t == TOKEN => Ok(()),
            _ => Err(ApiError::unauthorized(None)),
        }
    }
}

impl UserApi for Generated {}
impl GroupApi for Generated {}

impl HandleServiceApi for Generated {
    async fn list_group_handle_service_privileges(
        &self,
        _ctx: &RequestContext,
        _claims: (),
        request: ListGroupHandleServicePrivilegesRequest,
    ) -> Result<Json<types::MemberPrivileges>, ApiError> {
        match self.store.get(&request.id, &request.gid) {
            Some(privileges) => Ok(Json(MemberPrivileges { privileges: privileges.into() })),
            None => Err(ApiError::not_found()),
        }
    }

    async fn add_handle_service_group(
        &self,
        ctx: &RequestContext,
        _claims: (),
        request: AddHandleServiceGroupRequest,
    ) -> Result<Created, ApiError> {
        let privileges = request.body.and_then(|b| b.privileges).map_or_else(|| DEFAULT_PRIVILEGES.to_vec(), |p| p.0);
        self.store.put(&request.id, &request.gid, privileges);
        let location = ctx.absolute_url(&format!("/handle_services/{}/groups/{}", request.id, request.gid));
        Ok(Created { location })
    }

    async fn update_group_handle_service_privileges(
        &self,
        _ctx: &RequestContext,
        _claims: (),
        request: UpdateGroupHandleServicePrivilegesRequest,
    ) -> Result<NoContent, ApiError> {
        let grant = request.body.grant.as_deref().map_or(&[][..], |v| &v[..]);
        let revoke = request.body.revoke.as_deref().map_or(&[][..], |v| &v[..]);
        if self.store.patch(&request.id, &request.gid, grant, revoke) {
            Ok(NoContent)
        } else {
            Err(ApiError::not_found())
        }
    }
}

// ---------------------------------------------------------------------------
// Baseline: what a careful hand-written axum 0.8 service does for the same
// three operations: typed path parameters and bodies, the same credential
// check, privilege names validated (by the typed enum), bodies that are not
// a JSON object or hold a `null` refused as Onezone refuses them, at least
// one of grant/revoke, Onezone's error body, the same statuses, bodies and
// headers.

struct HttpError {
    status: StatusCode,
    id: &'static str,
    description: &'static str,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: ErrorInner<'a>,
}

#[derive(Serialize)]
struct ErrorInner<'a> {
    id: &'a str,
    description: &'a str,
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let body = ErrorBody { error: ErrorInner { id: self.id, description: self.description } };
        json_response(self.status, &body)
    }
}

/// A JSON answer, as `axum::Json` builds it (the workspace builds axum
/// without its `json` feature).
fn json_response<T: Serialize>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(bytes) => {
            (status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], bytes).into_response()
        }
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

const UNAUTHORIZED: HttpError = HttpError {
    status: StatusCode::UNAUTHORIZED,
    id: "unauthorized",
    description: "You must authenticate yourself to perform this operation.",
};
const NOT_FOUND: HttpError =
    HttpError { status: StatusCode::NOT_FOUND, id: "notFound", description: "The resource could not be found." };
const MALFORMED: HttpError = HttpError {
    status: StatusCode::BAD_REQUEST,
    id: "malformedData",
    description: "The request body could not be understood: it is not a JSON object.",
};
const MISSING_GRANT_OR_REVOKE: HttpError = HttpError {
    status: StatusCode::BAD_REQUEST,
    id: "missingAtLeastOneValue",
    description: "At least one of these values must be given: grant, revoke.",
};
const NOT_A_PRIVILEGE_LIST: HttpError = HttpError {
    status: StatusCode::BAD_REQUEST,
    id: "badValueListNotAllowed",
    description: "Bad value: a privilege list holds a name that is not a handle service privilege.",
};

/// Parses a body into its typed struct; the typed enum rejects unknown
/// privilege names. serde alone would also take what Onezone refuses — a
/// struct written as a JSON list, and `null` for an absent `Option` field —
/// so the body is deserialized straight into its type only when it is a
/// JSON object without a `null` literal. Otherwise, or when that fails, it is
/// looked at as a `Value`, to answer with the precise Onedata error id (or,
/// for a `null` in a member no schema names, to accept it after all).
fn parse_body<T: serde::de::DeserializeOwned>(body: &[u8], lists: &[&str]) -> Result<T, HttpError> {
    let object = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    if object
        && !has_null(body)
        && let Ok(value) = serde_json::from_slice(body)
    {
        return Ok(value);
    }
    let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body) else {
        return Err(MALFORMED);
    };
    let bad_list = lists.iter().filter_map(|k| map.get(*k)).any(|v| {
        !v.as_array()
            .is_some_and(|items| items.iter().all(|i| i.as_str().is_some_and(|s| s.parse::<Privilege>().is_ok())))
    });
    if bad_list {
        return Err(NOT_A_PRIVILEGE_LIST);
    }
    serde_json::from_value(Value::Object(map)).map_err(|_| MALFORMED)
}

/// Whether a JSON text holds a `null` literal: an `n` outside strings.
fn has_null(body: &[u8]) -> bool {
    let mut in_string = false;
    let mut escaped = false;
    for &b in body {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
        } else if b == b'"' {
            in_string = true;
        } else if b == b'n' {
            return true;
        }
    }
    false
}

fn check_token(headers: &HeaderMap) -> Result<(), HttpError> {
    match headers.get("x-auth-token").map(|v| v.to_str().map(str::trim)) {
        Some(Ok(t)) if t == TOKEN => Ok(()),
        _ => Err(UNAUTHORIZED),
    }
}

type Ids = Result<Path<(String, String)>, PathRejection>;

/// The body cap of the generated router's default `ServerConfig` (1 MiB).
const BODY_LIMIT: usize = 1024 * 1024;
const TOO_LARGE: HttpError = HttpError {
    status: StatusCode::PAYLOAD_TOO_LARGE,
    id: "badValueTextTooLarge",
    description: "The request body is larger than the limit.",
};

// The handlers take the request itself rather than a `HeaderMap` extractor
// (which clones every header) and read the body only after the credential
// check, as the generated pipeline does.

async fn hand_get_privileges(State(store): State<Arc<Store>>, ids: Ids, request: Request) -> Response {
    let run = || {
        check_token(request.headers())?;
        let Path((id, gid)) = ids.map_err(|_| NOT_FOUND)?;
        let privileges = store.get(&id, &gid).ok_or(NOT_FOUND)?;
        Ok::<_, HttpError>(json_response(
            StatusCode::OK,
            &MemberPrivileges { privileges: HandleServicePrivileges(privileges) },
        ))
    };
    run().into_response()
}

async fn read_body(request: Request) -> Result<Bytes, HttpError> {
    axum::body::to_bytes(request.into_body(), BODY_LIMIT).await.map_err(|_| TOO_LARGE)
}

async fn hand_put_group(State(store): State<Arc<Store>>, ids: Ids, request: Request) -> Response {
    let run = async {
        check_token(request.headers())?;
        let Path((id, gid)) = ids.map_err(|_| NOT_FOUND)?;
        // As the generated context does: only a plain host[:port] goes into Location.
        let host = request
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .filter(|h| {
                !h.is_empty()
                    && h.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':' | b'[' | b']'))
            })
            .unwrap_or("localhost");
        let location = format!("http://{host}{BASE}/handle_services/{}/groups/{}", encode(&id), encode(&gid));
        let body = read_body(request).await?;
        let member: Option<HandleServiceMemberRequest> =
            if body.iter().all(u8::is_ascii_whitespace) { None } else { Some(parse_body(&body, &["privileges"])?) };
        let privileges = member.and_then(|b| b.privileges).map_or_else(|| DEFAULT_PRIVILEGES.to_vec(), |p| p.0);
        store.put(&id, &gid, privileges);
        Ok::<_, HttpError>((StatusCode::CREATED, [(header::LOCATION, location)]))
    };
    run.await.into_response()
}

async fn hand_patch_privileges(State(store): State<Arc<Store>>, ids: Ids, request: Request) -> Response {
    let run = async {
        check_token(request.headers())?;
        let Path((id, gid)) = ids.map_err(|_| NOT_FOUND)?;
        let body = read_body(request).await?;
        let update: HandleServicePrivilegesUpdate = parse_body(&body, &["grant", "revoke"])?;
        if update.grant.is_none() && update.revoke.is_none() {
            return Err(MISSING_GRANT_OR_REVOKE);
        }
        let grant = update.grant.as_deref().map_or(&[][..], |v| &v[..]);
        let revoke = update.revoke.as_deref().map_or(&[][..], |v| &v[..]);
        if store.patch(&id, &gid, grant, revoke) { Ok(StatusCode::NO_CONTENT) } else { Err(NOT_FOUND) }
    };
    run.await.into_response()
}

/// Percent-encodes what a URL path cannot hold (as the generated
/// `absolute_url` does), so ids from the request are safe in `Location`.
fn encode(segment: &str) -> std::borrow::Cow<'_, str> {
    let keep = |b: u8| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b);
    if segment.bytes().all(keep) {
        return segment.into();
    }
    let mut out = String::with_capacity(segment.len() * 3);
    for b in segment.bytes() {
        if keep(b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out.into()
}

/// The hand-written router.
pub fn handwritten(store: Arc<Store>) -> axum::Router {
    use axum::routing::{get, put};
    axum::Router::new()
        .route(&format!("{BASE}/handle_services/{{id}}/groups/{{gid}}"), put(hand_put_group))
        .route(
            &format!("{BASE}/handle_services/{{id}}/groups/{{gid}}/privileges"),
            get(hand_get_privileges).patch(hand_patch_privileges),
        )
        .with_state(store)
}

// ---------------------------------------------------------------------------
// The measurement.

/// Sizes of a run.
pub struct Plan {
    pub connections: usize,
    pub window: Duration,
    pub warmup: Duration,
    pub rounds: usize,
    pub max_requests: u64,
}

struct Operation {
    key: &'static str,
    label: &'static str,
    scripts: Vec<Script>,
}

fn operations(connections: usize) -> anyhow::Result<Vec<Operation>> {
    let mut get = Vec::new();
    let mut put = Vec::new();
    let mut patch = Vec::new();
    for c in 0..connections {
        let gid = format!("g{c}");
        let group = format!("{BASE}/handle_services/{HS}/groups/{gid}");
        let privileges = format!("{group}/privileges");
        get.push(Arc::new(vec![Step::new(Method::GET, &privileges, StatusCode::OK).header("x-auth-token", TOKEN)?]));
        put.push(Arc::new(vec![
            Step::new(Method::PUT, &group, StatusCode::CREATED)
                .header("x-auth-token", TOKEN)?
                .json(r#"{"privileges":["handle_service_view","handle_service_register_handle"]}"#),
        ]));
        patch.push(Arc::new(vec![
            Step::new(Method::PATCH, &privileges, StatusCode::NO_CONTENT)
                .header("x-auth-token", TOKEN)?
                .json(r#"{"grant":["handle_service_update"],"revoke":["handle_service_delete"]}"#),
        ]));
    }
    Ok(vec![
        Operation { key: "get_privileges", label: "GET  /handle_services/{id}/groups/{gid}/privileges", scripts: get },
        Operation { key: "put_group", label: "PUT  /handle_services/{id}/groups/{gid}", scripts: put },
        Operation {
            key: "patch_privileges",
            label: "PATCH /handle_services/{id}/groups/{gid}/privileges",
            scripts: patch,
        },
    ])
}

async fn serve(router: axum::Router) -> anyhow::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    Ok(addr)
}

/// Both servers must answer each of these requests identically (status,
/// `Location`, content type, and the body or the error id) before their speed
/// is compared: the timed ones, unknown members and privileges, missing
/// grant/revoke, and bodies plain serde would take but Onezone refuses
/// (`null`s, non-objects, structs written as lists).
const SAME_ANSWER_CASES: [(Method, &str, Option<&str>); 23] = {
    const G0: &str = "/handle_services/hs1/groups/g0";
    const P0: &str = "/handle_services/hs1/groups/g0/privileges";
    [
        (Method::GET, P0, None),
        (Method::PUT, G0, Some(r#"{"privileges":["handle_service_view"]}"#)),
        (Method::PATCH, P0, Some(r#"{"grant":["handle_service_update"]}"#)),
        (Method::GET, "/handle_services/hs1/groups/nope/privileges", None),
        (Method::PATCH, P0, Some(r#"{"grant":["no_such_privilege"]}"#)),
        (Method::PUT, "/handle_services/hs1/groups/g9", Some(r#"{"privileges":["handle_service_fly"]}"#)),
        (Method::PATCH, P0, Some("{}")),
        (Method::PATCH, P0, Some(r#"{"note":"no grant, no revoke"}"#)),
        (Method::PATCH, P0, Some("[1]")),
        (Method::PATCH, P0, Some("null")),
        (Method::PATCH, P0, Some(r#""grant""#)),
        (Method::PATCH, P0, Some(r#"[["handle_service_update"],["handle_service_delete"]]"#)),
        (Method::PATCH, P0, Some(r#"{"grant":null}"#)),
        (Method::PATCH, P0, Some(r#"{"grant":["handle_service_delete"],"revoke":null}"#)),
        (Method::PATCH, P0, Some(r#"{"revoke":["handle_service_update"],"note":null}"#)),
        (Method::PATCH, P0, Some(r#"{"grant":["handle_service_delete"],"note":"null \" n"}"#)),
        (Method::PUT, G0, Some(r#"{"privileges":null}"#)),
        (Method::PUT, G0, Some("null")),
        (Method::PUT, G0, Some("[]")),
        (Method::PUT, G0, Some(r#"[["handle_service_update"]]"#)),
        (Method::PUT, "/handle_services/hs1/groups/g8", Some("")),
        (Method::GET, P0, None),
        (Method::GET, "/handle_services/hs1/groups/g8/privileges", None),
    ]
};

async fn same_answers(generated: SocketAddr, hand: SocketAddr, token: &str) -> anyhow::Result<()> {
    let client = reqwest::Client::new();
    let cases = SAME_ANSWER_CASES;
    for (method, path, body) in cases {
        let mut answers = Vec::new();
        for addr in [generated, hand] {
            let mut rq =
                client.request(method.clone(), format!("http://{addr}{BASE}{path}")).header("x-auth-token", token);
            if let Some(b) = body {
                rq = rq.header(header::CONTENT_TYPE, "application/json").body(b.to_owned());
            }
            let resp = rq.send().await?;
            let status = resp.status();
            let location = resp
                .headers()
                .get(header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .map(|l| l.replace(&addr.to_string(), "HOST"));
            let ctype = resp.headers().get(header::CONTENT_TYPE).cloned();
            let bytes = resp.bytes().await?;
            // Error bodies differ in wording of details; compare status and id.
            let body: Value = if bytes.is_empty() { Value::Null } else { serde_json::from_slice(&bytes)? };
            let body = if status.is_success() { body } else { json!({"id": body["error"]["id"]}) };
            answers.push((status, location, ctype, body));
        }
        if answers[0] != answers[1] {
            bail!(
                "{method} {path}: the generated router answers {:?}, the hand-written one {:?}",
                answers[0],
                answers[1]
            );
        }
    }
    // Bad or missing credentials are refused the same way.
    for addr in [generated, hand] {
        let resp = client.get(format!("http://{addr}{BASE}/handle_services/hs1/groups/g0/privileges")).send().await?;
        if resp.status() != StatusCode::UNAUTHORIZED {
            bail!("{addr} accepted a request without credentials: {}", resp.status());
        }
    }
    Ok(())
}

/// Serves both routers for `seconds` and prints their addresses, so that
/// they can be profiled from outside (`--serve-router`).
pub fn serve_for(server_rt: &Runtime, seconds: u64) -> anyhow::Result<()> {
    let generated = Arc::new(Generated { store: Store::seeded(64) });
    let (g, h) = server_rt.block_on(async {
        Ok::<_, anyhow::Error>((
            serve(onezone_server::router(generated)).await?,
            serve(handwritten(Arc::new(Store::seeded(64)))).await?,
        ))
    })?;
    println!(
        "generated http://{g}{BASE}\nhandwritten http://{h}{BASE}\ntoken {TOKEN}\nhandle service {HS}, groups g0..g63"
    );
    std::thread::sleep(Duration::from_secs(seconds));
    Ok(())
}

/// The target of each operation's ratio and of their geometric mean.
pub const TARGET: f64 = 0.95;

/// The headline figures: the geometric mean of the per-operation ratios and
/// the smallest of them.
pub struct Headline {
    pub geomean: f64,
    pub min_op: f64,
}

/// Runs the comparison; returns the JSON section and the headline figures.
pub fn run(server_rt: &Runtime, client_rt: &Runtime, plan: &Plan) -> anyhow::Result<(Value, Headline)> {
    let groups = plan.connections.max(1);
    let generated = Arc::new(Generated { store: Store::seeded(groups) });
    let hand_store = Arc::new(Store::seeded(groups));
    let (gen_addr, hand_addr) = server_rt.block_on(async {
        let g = serve(onezone_server::router(generated)).await?;
        let h = serve(handwritten(hand_store)).await?;
        Ok::<_, anyhow::Error>((g, h))
    })?;
    client_rt.block_on(same_answers(gen_addr, hand_addr, TOKEN)).context("the two servers do not answer alike")?;

    let mut sections = serde_json::Map::new();
    let mut ratios = Vec::new();
    for op in operations(plan.connections)? {
        let measure = |addr: SocketAddr, duration: Duration| -> anyhow::Result<f64> {
            let options = load::Options {
                connections: plan.connections,
                duration,
                max_requests: plan.max_requests,
                record_latency: false,
            };
            let outcome = client_rt.block_on(load::run(addr, &op.scripts, &options))?;
            if outcome.errors > 0 {
                bail!("{}: {} errors, e.g. {:?}", op.label, outcome.errors, outcome.error_samples);
            }
            Ok(outcome.rps())
        };
        measure(gen_addr, plan.warmup)?;
        measure(hand_addr, plan.warmup)?;
        let mut gen_rps = Vec::new();
        let mut hand_rps = Vec::new();
        let mut pair_ratios = Vec::new();
        for round in 0..plan.rounds {
            // A B, B A, A B, …: the two alternate and each goes first in half
            // of the rounds, so neither gains from its position in a pair.
            let (a, b) = if round % 2 == 0 {
                let a = measure(gen_addr, plan.window)?;
                (a, measure(hand_addr, plan.window)?)
            } else {
                let b = measure(hand_addr, plan.window)?;
                (measure(gen_addr, plan.window)?, b)
            };
            gen_rps.push(a);
            hand_rps.push(b);
            pair_ratios.push(stats::ratio(a, b));
        }
        // The headline is the median of the per-pair ratios: the two windows of
        // a pair are adjacent in time, so the machine's drift over the run
        // (other jobs on the shared host) cancels within each pair, which it
        // does not between the two medians of req/s (kept beside it).
        let ratio = stats::median(&pair_ratios);
        let ratio_of_medians = stats::ratio(stats::median(&gen_rps), stats::median(&hand_rps));
        ratios.push(ratio);
        eprintln!(
            "  router {:<17} generated {:>8.0} req/s, hand-written axum {:>8.0} req/s, ratio {:.3} (of medians {:.3})",
            op.key,
            stats::median(&gen_rps),
            stats::median(&hand_rps),
            ratio,
            ratio_of_medians
        );
        sections.insert(
            op.key.to_owned(),
            json!({
                "request": op.label,
                "ratio": stats::num(ratio),
                "target_met": ratio >= TARGET,
                "ratio_of_median_rps": stats::num(ratio_of_medians),
                "generated_rps": stats::summary(&gen_rps),
                "handwritten_axum_rps": stats::summary(&hand_rps),
                "pair_ratios": stats::summary(&pair_ratios),
            }),
        );
    }
    let geomean = stats::geomean(&ratios);
    // NaN (no figure) when any ratio is not a number, as the geometric mean.
    let min_op = if ratios.iter().all(|r| r.is_finite()) {
        ratios.iter().copied().reduce(f64::min).unwrap_or(f64::NAN)
    } else {
        f64::NAN
    };
    let section = json!({
        "connections": plan.connections,
        "window_s": plan.window.as_secs_f64(),
        "rounds": plan.rounds,
        "order": "A B, B A, A B, … (generated, hand-written); ratio = median of per-pair ratios",
        "target": TARGET,
        "geomean_ratio": stats::num(geomean),
        "min_op_ratio": stats::num(min_op),
        "operations": Value::Object(sections),
    });
    Ok((section, Headline { geomean, min_op }))
}
