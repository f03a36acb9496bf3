//! Check 4, round trip: the generated client → TCP on 127.0.0.1 → the
//! generated router → `onezone-mock`, in a scenario that chains the
//! operations the way a community uses them (create a group, register a
//! handle service for it, add members with privileges, list, grant and
//! revoke, read effective views, remove, delete) and reaches every
//! documented error status, decoded on the client side.
//!
//! The steps are data: operationId, caller, path parameters, body, expected
//! status (and error id), with `{name}` placeholders bound from earlier
//! answers. Every operation of the spec must appear in a passing step.
//!
//! Bodies go through the typed client, which cannot even express a body that
//! breaks its schema; the 400s reached here are the semantic ones (no
//! grant/revoke given, a DOI→PID type change, a membership that does not
//! exist). Schema violations are the router tests' and Schemathesis's job.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::Duration;

use onezone_client::Client;
use onezone_mock::{Seed, Zone};
use onezone_server::ServerConfig;
use serde_json::{Value, json};

use crate::calls::CallError;
use crate::generated::{OPERATION_IDS, call};
use crate::spec::Spec;

/// The zone the scenario starts from: users with known credentials and a
/// nested group (Plankton Lab is a member of Marine Institute), which the
/// API itself cannot create.
pub const SEED: &str = r#"
users:
  - {username: admin, fullName: Zone Admin, password: admin-pw, admin: all}
  - {username: alice, fullName: Alice Lab, password: alice-pw}
  - {username: bob, fullName: Bob Outsider, password: bob-pw, tokens: [bob-token]}
groups:
  - name: Marine Institute
    type: organization
    children: [Plankton Lab]
  - name: Plankton Lab
    users: [{user: alice}]
handleServices:
  - name: Seeded DOI service
    proxyEndpoint: https://handle-proxy.example.org
    serviceProperties: {type: DOI, host: https://mds.test.datacite.org, doiEndpoint: /doi,
      metadataEndpoint: /metadata, mediaEndpoint: /media, prefix: "10.5072", username: u, password: p}
    handles:
      - id: 5e1f2a3b4c5d6e7f8091a2b3c4d5e6f7
        publicHandle: 10.5072/plankton
        resourceId: 3c2b1a09f8e7d6c5b4a3928170605040
        metadata: "<metadata/>"
"#;

/// Who sends a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum As {
    /// `admin`, every `oz_*` privilege (HTTP basic).
    Admin,
    /// `alice`, member of Plankton Lab (HTTP basic).
    Alice,
    /// `bob`, no privileges (`Authorization: Bearer`).
    Bob,
    /// No credentials.
    Anonymous,
}

/// What a step expects back.
#[derive(Debug, Clone, PartialEq)]
pub enum Expect {
    /// This success status.
    Status(u16),
    /// This success status, and the body at a JSON pointer contains `value`
    /// (an array member) or equals it (anything else).
    Body(u16, &'static str, Value),
    /// This error status and Onedata error id, decoded by the client.
    Error(u16, &'static str),
}

/// One call of the scenario.
#[derive(Debug, Clone)]
pub struct Step {
    /// Operation to call.
    pub op: &'static str,
    /// Caller.
    pub caller: As,
    /// Path parameters; values may hold `{binding}` placeholders.
    pub params: &'static [(&'static str, &'static str)],
    /// Body; string values may hold placeholders.
    pub body: Option<Value>,
    /// Expected answer.
    pub expect: Expect,
    /// Bind the last segment of the answer's `Location` to this name.
    pub bind: Option<&'static str>,
}

fn step(op: &'static str, caller: As, params: &'static [(&'static str, &'static str)], expect: Expect) -> Step {
    Step { op, caller, params, body: None, expect, bind: None }
}

impl Step {
    fn body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    fn bind(mut self, name: &'static str) -> Self {
        self.bind = Some(name);
        self
    }
}

fn doi(name: &str) -> Value {
    json!({
        "name": name,
        "proxyEndpoint": "https://handle-proxy.example.org",
        "serviceProperties": {"type": "DOI", "host": "https://mds.test.datacite.org", "doiEndpoint": "/doi",
            "metadataEndpoint": "/metadata", "mediaEndpoint": "/media", "prefix": "10.5072",
            "username": "alice", "password": "pa$$word", "allowTemplateOverride": false}
    })
}

/// The scenario, in order.
pub fn scenario() -> Vec<Step> {
    use As::*;
    use Expect::*;
    let view = json!(["handle_service_view"]);
    vec![
        // Groups.
        step("create_group", Admin, &[], Status(201)).body(json!({"name": "Community", "type": "team"})).bind("g1"),
        step("create_group", Admin, &[], Status(201)).body(json!({"name": "Short-lived"})).bind("g2"),
        step("list_groups", Admin, &[], Body(200, "/groups", json!("{g1}"))),
        step("list_groups", Anonymous, &[], Error(401, "unauthorized")),
        step("get_group", Admin, &[("id", "{g1}")], Body(200, "/name", json!("Community"))),
        step("get_group", Bob, &[("id", "{g1}")], Error(403, "forbidden")),
        step("get_group", Admin, &[("id", "00000000000000000000000000000000")], Error(404, "notFound")),
        step("modify_group", Admin, &[("id", "{g1}")], Status(204))
            .body(json!({"name": "Community DOIs", "type": "unit"})),
        step("get_group", Admin, &[("id", "{g1}")], Body(200, "/type", json!("unit"))),
        // Handle services: one per creation path.
        step("add_group_handle_service", Admin, &[("id", "{g1}")], Status(201)).body(doi("Group service")).bind("hs1"),
        step("add_handle_service", Admin, &[], Status(201)).body(doi("Admin service")).bind("hs2"),
        step("add_user_handle_service", Admin, &[], Status(201)).body(doi("User service")).bind("hs3"),
        step("add_handle_service", Bob, &[], Error(403, "forbidden")).body(doi("Not allowed")),
        step("list_handle_services", Admin, &[], Body(200, "/handle_services", json!("{hs2}"))),
        step(
            "get_handle_service",
            Admin,
            &[("id", "{hs1}")],
            Body(200, "/serviceProperties/doiEndpoint", json!("/doi")),
        ),
        step(
            "get_public_handle_service_details",
            Anonymous,
            &[("id", "{hs1}")],
            Body(200, "/name", json!("Group service")),
        ),
        step(
            "list_handle_service_privileges",
            Anonymous,
            &[],
            Body(200, "/member", json!("handle_service_register_handle")),
        ),
        step("handle_service_update", Admin, &[("id", "{hs1}")], Status(204))
            .body(json!({"name": "Community DOI service"})),
        step("get_handle_service", Admin, &[("id", "{hs1}")], Body(200, "/name", json!("Community DOI service"))),
        step("handle_service_update", Admin, &[("id", "{hs1}")], Error(400, "badValueNotAllowed"))
            .body(json!({"serviceProperties": {"type": "PID"}})),
        // The creating group and its view of the service.
        step("list_group_handle_services", Admin, &[("id", "{g1}")], Body(200, "/handle_services", json!("{hs1}"))),
        step(
            "get_group_handle_service",
            Admin,
            &[("id", "{g1}"), ("hsid", "{hs1}")],
            Body(200, "/handleServiceId", json!("{hs1}")),
        ),
        // A nested group as member, with privileges; a second add is 409.
        step("add_handle_service_group", Admin, &[("id", "{hs1}"), ("gid", "{institute}")], Status(201))
            .body(json!({"privileges": view})),
        step(
            "add_handle_service_group",
            Admin,
            &[("id", "{hs1}"), ("gid", "{institute}")],
            Error(409, "relationAlreadyExists"),
        ),
        step("list_handle_service_groups", Admin, &[("id", "{hs1}")], Body(200, "/groups", json!("{institute}"))),
        step(
            "get_handle_service_group",
            Admin,
            &[("id", "{hs1}"), ("gid", "{institute}")],
            Body(200, "/name", json!("Marine Institute")),
        ),
        step(
            "list_group_handle_service_privileges",
            Admin,
            &[("id", "{hs1}"), ("gid", "{institute}")],
            Body(200, "/privileges", view.clone()),
        ),
        step("update_group_handle_service_privileges", Admin, &[("id", "{hs1}"), ("gid", "{institute}")], Status(204))
            .body(json!({"grant": ["handle_service_register_handle"]})),
        step(
            "update_group_handle_service_privileges",
            Admin,
            &[("id", "{hs1}"), ("gid", "{institute}")],
            Error(400, "missingAtLeastOneValue"),
        )
        .body(json!({})),
        step(
            "list_group_handle_service_privileges",
            Admin,
            &[("id", "{hs1}"), ("gid", "{institute}")],
            Body(200, "/privileges", json!("handle_service_register_handle")),
        ),
        // Effective views through nesting: Plankton Lab and alice.
        step("list_effective_handle_service_groups", Admin, &[("id", "{hs1}")], Body(200, "/groups", json!("{lab}"))),
        step(
            "get_effective_handle_service_group",
            Admin,
            &[("id", "{hs1}"), ("gid", "{lab}")],
            Body(200, "/name", json!("Plankton Lab")),
        ),
        step(
            "list_effective_group_handle_service_privileges",
            Admin,
            &[("id", "{hs1}"), ("gid", "{lab}")],
            Body(200, "/privileges", json!("handle_service_register_handle")),
        ),
        step(
            "list_effective_group_handle_services",
            Admin,
            &[("id", "{lab}")],
            Body(200, "/handle_services", json!("{hs1}")),
        ),
        step(
            "get_group_effective_handle_service",
            Admin,
            &[("id", "{lab}"), ("hsid", "{hs1}")],
            Body(200, "/handleServiceId", json!("{hs1}")),
        ),
        step("list_effective_handle_service_users", Admin, &[("id", "{hs1}")], Body(200, "/users", json!("{alice}"))),
        step(
            "get_effective_handle_service_user",
            Admin,
            &[("id", "{hs1}"), ("uid", "{alice}")],
            Body(200, "/username", json!("alice")),
        ),
        step(
            "list_effective_user_handle_service_privileges",
            Admin,
            &[("id", "{hs1}"), ("uid", "{alice}")],
            Body(200, "/privileges", json!("handle_service_view")),
        ),
        step("list_user_effective_handle_services", Alice, &[], Body(200, "/handle_services", json!("{hs1}"))),
        // Alice reaches the service through a group, not directly.
        step(
            "get_user_effective_handle_service",
            Alice,
            &[("hsid", "{hs1}")],
            Body(200, "/handleServiceId", json!("{hs1}")),
        ),
        step("get_user_handle_service", Alice, &[("hsid", "{hs1}")], Error(404, "notFound")),
        step("get_user_effective_handle_service", Bob, &[("hsid", "{hs1}")], Error(404, "notFound")),
        // A direct user member: default privileges, then a revoke.
        step("add_handle_service_user", Admin, &[("id", "{hs1}"), ("uid", "{bob}")], Status(204)),
        step(
            "add_handle_service_user",
            Admin,
            &[("id", "{hs1}"), ("uid", "{bob}")],
            Error(409, "relationAlreadyExists"),
        ),
        step("list_handle_service_users", Admin, &[("id", "{hs1}")], Body(200, "/users", json!("{bob}"))),
        step(
            "get_handle_service_user",
            Admin,
            &[("id", "{hs1}"), ("uid", "{bob}")],
            Body(200, "/fullName", json!("Bob Outsider")),
        ),
        step(
            "list_user_handle_service_privileges",
            Admin,
            &[("id", "{hs1}"), ("uid", "{bob}")],
            Body(200, "/privileges", json!("handle_service_register_handle")),
        ),
        step("update_user_handle_service_privileges", Admin, &[("id", "{hs1}"), ("uid", "{bob}")], Status(204))
            .body(json!({"revoke": ["handle_service_register_handle"]})),
        step(
            "list_user_handle_service_privileges",
            Admin,
            &[("id", "{hs1}"), ("uid", "{bob}")],
            Body(200, "/privileges", view.clone()),
        ),
        step("list_user_handle_services", Bob, &[], Body(200, "/handle_services", json!("{hs1}"))),
        step("get_user_handle_service", Bob, &[("hsid", "{hs1}")], Body(200, "/name", json!("Community DOI service"))),
        // Bob is a member with view only: reading members needs handle_service_view (allowed), updating is not.
        step("handle_service_update", Bob, &[("id", "{hs1}")], Error(403, "forbidden"))
            .body(json!({"name": "Hijacked"})),
        step("leave_handle_service", Bob, &[("hsid", "{hs1}")], Status(204)),
        step(
            "remove_handle_service_user",
            Admin,
            &[("id", "{hs1}"), ("uid", "{bob}")],
            Error(400, "relationDoesNotExist"),
        ),
        step("add_handle_service_user", Admin, &[("id", "{hs1}"), ("uid", "{bob}")], Status(204))
            .body(json!({"privileges": view})),
        step("remove_handle_service_user", Admin, &[("id", "{hs1}"), ("uid", "{bob}")], Status(204)),
        // Handles registered through the seeded service.
        step(
            "list_handleservice_handles",
            Admin,
            &[("id", "{seeded}")],
            Body(200, "/handles", json!("5e1f2a3b4c5d6e7f8091a2b3c4d5e6f7")),
        ),
        step(
            "get_handle_service_handle",
            Admin,
            &[("id", "{seeded}"), ("hid", "5e1f2a3b4c5d6e7f8091a2b3c4d5e6f7")],
            Body(200, "/publicHandle", json!("10.5072/plankton")),
        ),
        // Tear down.
        step("remove_handle_service_group", Admin, &[("id", "{hs1}"), ("gid", "{institute}")], Status(204)),
        step(
            "remove_handle_service_group",
            Admin,
            &[("id", "{hs1}"), ("gid", "{institute}")],
            Error(400, "relationDoesNotExist"),
        ),
        step("list_effective_handle_service_groups", Admin, &[("id", "{hs1}")], Body(200, "/groups", json!(["{g1}"]))),
        step("group_leave_handle_service", Admin, &[("id", "{g1}"), ("hsid", "{hs1}")], Status(204)),
        step("list_group_handle_services", Admin, &[("id", "{g1}")], Body(200, "/handle_services", json!([]))),
        step("remove_handle_service", Admin, &[("id", "{hs1}")], Status(204)),
        step("get_handle_service", Admin, &[("id", "{hs1}")], Error(404, "notFound")),
        step("remove_group", Admin, &[("id", "{g2}")], Status(204)),
        step("get_group", Admin, &[("id", "{g2}")], Error(404, "notFound")),
    ]
}

/// What happened to one step.
#[derive(Debug, Clone)]
pub struct StepResult {
    /// Position in the scenario.
    pub index: usize,
    /// The step.
    pub op: &'static str,
    /// `Ok(())` or why the step failed.
    pub outcome: Result<(), String>,
    /// Status the client saw (success or error), if any.
    pub status: Option<u16>,
}

/// The scenario's results, per step.
#[derive(Debug, Clone, Default)]
pub struct RoundTrip {
    /// Every step, in order.
    pub steps: Vec<StepResult>,
}

impl RoundTrip {
    /// Verdict of one operation: `Ok` when it ran in at least one step and
    /// every one of its steps passed.
    pub fn verdict(&self, op: &str) -> Result<(), String> {
        let mine: Vec<&StepResult> = self.steps.iter().filter(|s| s.op == op).collect();
        if mine.is_empty() {
            return Err(format!("{op} is not exercised by the round-trip scenario"));
        }
        match mine.iter().find_map(|s| s.outcome.as_ref().err().map(|e| (s.index, e))) {
            Some((index, e)) => Err(format!("step {index}: {e}")),
            None => Ok(()),
        }
    }

    /// Error statuses the client decoded during the scenario.
    pub fn error_statuses(&self) -> Vec<u16> {
        let mut out: Vec<u16> =
            self.steps.iter().filter(|s| s.outcome.is_ok()).filter_map(|s| s.status).filter(|s| *s >= 400).collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

fn substitute(text: &str, bindings: &BTreeMap<String, String>) -> Result<String, String> {
    let mut out = text.to_owned();
    for (name, value) in bindings {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    if let Some(start) = out.find('{')
        && out[start..].contains('}')
    {
        return Err(format!("unbound placeholder in {text:?}"));
    }
    Ok(out)
}

fn substitute_json(value: &Value, bindings: &BTreeMap<String, String>) -> Result<Value, String> {
    Ok(match value {
        Value::String(s) if s.starts_with('{') && s.ends_with('}') => Value::String(substitute(s, bindings)?),
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| substitute_json(v, bindings)).collect::<Result<_, _>>()?)
        }
        Value::Object(map) => Value::Object(
            map.iter().map(|(k, v)| Ok((k.clone(), substitute_json(v, bindings)?))).collect::<Result<_, String>>()?,
        ),
        other => other.clone(),
    })
}

fn check_body(body: Option<&Value>, pointer: &str, expected: &Value) -> Result<(), String> {
    let body = body.ok_or("no body")?;
    let found = body.pointer(pointer).ok_or_else(|| format!("no {pointer} in {body}"))?;
    let ok = match (found, expected) {
        (Value::Array(items), Value::Array(_)) => {
            found == expected || items.is_empty() && expected == &Value::Array(vec![])
        }
        (Value::Array(items), one) => items.contains(one),
        (other, one) => other == one,
    };
    if ok { Ok(()) } else { Err(format!("{pointer} is {found}, expected {expected}")) }
}

/// Runs the scenario against a fresh mock on 127.0.0.1; the mock is stopped
/// at the end. Bounded: every call has a 10 s timeout.
pub async fn run(spec: &Spec) -> Result<RoundTrip, String> {
    let zone = Zone::from_seed(Seed::from_yaml(SEED).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    let mut bindings = BTreeMap::new();
    for (name, found) in [
        ("institute", zone.find_group("Marine Institute")),
        ("lab", zone.find_group("Plankton Lab")),
        ("alice", zone.find_user("alice")),
        ("bob", zone.find_user("bob")),
        ("seeded", zone.find_handle_service("Seeded DOI service")),
    ] {
        bindings.insert(name.to_owned(), found.ok_or_else(|| format!("seed lacks {name}"))?);
    }
    let listen: SocketAddr = "127.0.0.1:0".parse().map_err(|e| format!("{e}"))?;
    let mock = onezone_mock::start(zone, listen, ServerConfig::default()).await.map_err(|e| e.to_string())?;
    let url = mock.url();
    let timeout = Duration::from_secs(10);
    let build = |b: onezone_client::ClientBuilder| b.timeout(timeout).build().map_err(|e| e.to_string());
    let admin = build(Client::builder(&url).basic_auth("admin", "admin-pw"))?;
    let alice = build(Client::builder(&url).basic_auth("alice", "alice-pw"))?;
    let bob = build(Client::builder(&url).bearer_token("bob-token"))?;
    let anonymous = build(Client::builder(&url))?;

    let mut report = RoundTrip::default();
    for (index, s) in scenario().into_iter().enumerate() {
        let client = match s.caller {
            As::Admin => &admin,
            As::Alice => &alice,
            As::Bob => &bob,
            As::Anonymous => &anonymous,
        };
        let (outcome, status) = run_step(spec, &url, client, &s, &mut bindings).await;
        report.steps.push(StepResult { index, op: s.op, outcome, status });
    }
    mock.shutdown().await.map_err(|e| e.to_string())?;
    Ok(report)
}

async fn run_step(
    spec: &Spec,
    zone_url: &str,
    client: &Client,
    s: &Step,
    bindings: &mut BTreeMap<String, String>,
) -> (Result<(), String>, Option<u16>) {
    let params: Result<Vec<(String, String)>, String> =
        s.params.iter().map(|(k, v)| Ok(((*k).to_owned(), substitute(v, bindings)?))).collect();
    let params = match params {
        Ok(p) => p,
        Err(e) => return (Err(e), None),
    };
    let body = match s.body.as_ref().map(|b| substitute_json(b, bindings)).transpose() {
        Ok(b) => b,
        Err(e) => return (Err(e), None),
    };
    let result = call(client, s.op, &params, body).await;
    match (result, &s.expect) {
        (Ok(outcome), Expect::Status(want)) | (Ok(outcome), Expect::Body(want, _, _)) if outcome.status != *want => {
            (Err(format!("{}: status {}, expected {want}", s.op, outcome.status)), Some(outcome.status))
        }
        (Ok(outcome), Expect::Status(_)) => {
            let location = match check_location(spec, zone_url, s.op, &params, outcome.location.as_deref()) {
                Ok(location) => location,
                Err(e) => return (Err(format!("{}: {e}", s.op)), Some(outcome.status)),
            };
            if let Some(name) = s.bind {
                match location.as_deref().and_then(|l| l.rsplit('/').next()) {
                    Some(id) if !id.is_empty() => {
                        bindings.insert(name.to_owned(), id.to_owned());
                    }
                    _ => return (Err(format!("{}: no Location to bind {name}", s.op)), Some(outcome.status)),
                }
            }
            (Ok(()), Some(outcome.status))
        }
        (Ok(outcome), Expect::Body(_, pointer, expected)) => {
            let expected = match substitute_json(expected, bindings) {
                Ok(e) => e,
                Err(e) => return (Err(e), Some(outcome.status)),
            };
            (
                check_body(outcome.body.as_ref(), pointer, &expected).map_err(|e| format!("{}: {e}", s.op)),
                Some(outcome.status),
            )
        }
        (Ok(outcome), Expect::Error(status, id)) => {
            (Err(format!("{}: succeeded with {}, expected {status} {id}", s.op, outcome.status)), Some(outcome.status))
        }
        (Err(CallError::Api(e)), Expect::Error(status, id)) => {
            let got = e.status().map(|s| s.as_u16());
            if got == Some(*status) && e.id() == Some(id) {
                (Ok(()), got)
            } else {
                (Err(format!("{}: got {got:?} {:?}, expected {status} {id}", s.op, e.id())), got)
            }
        }
        (Err(e), _) => (Err(format!("{}: {e}", s.op)), None),
    }
}

/// Checks the `Location` the mock answered against the spec's example for
/// the operation, segment by segment: the zone's own URL in place of the
/// example's origin, the step's path parameters where the example has the
/// parameters' examples, a fresh 32-hex id where it has another id, and
/// every other segment as written. Returns the Location (none when the
/// operation documents none, and then the answer must carry none).
fn check_location(
    spec: &Spec,
    zone_url: &str,
    op_id: &str,
    params: &[(String, String)],
    got: Option<&str>,
) -> Result<Option<String>, String> {
    let op = spec.operation(op_id).ok_or_else(|| format!("{op_id} is not in the spec"))?;
    let success = op.success()?;
    let (example, got) = match (&success.location, got) {
        (None, None) => return Ok(None),
        (None, Some(got)) => return Err(format!("Location {got:?}, the spec documents none")),
        (Some(_), None) => return Err("no Location".to_owned()),
        (Some(example), Some(got)) => (example, got),
    };
    // The example's path: what follows its origin (`scheme://host`).
    let example_path = example
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
        .ok_or_else(|| format!("the spec's Location example {example:?} is not an absolute URL"))?;
    let got_path = got
        .strip_prefix(zone_url)
        .filter(|p| p.starts_with('/'))
        .ok_or_else(|| format!("Location {got:?} is not under the zone's URL {zone_url}"))?;
    let example_params = op.example_params()?;
    let (want, have): (Vec<&str>, Vec<&str>) = (example_path.split('/').collect(), got_path.split('/').collect());
    let mismatch = || format!("Location {got:?} does not have the form of the spec's example {example:?}");
    if want.len() != have.len() {
        return Err(mismatch());
    }
    let is_id = |s: &str| s.len() == 32 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    for (w, h) in want.iter().zip(&have) {
        let ok = match example_params.iter().find(|(_, value)| value == w) {
            Some((name, _)) => params.iter().any(|(n, v)| n == name && v == h),
            None if is_id(w) => is_id(h),
            None => w == h,
        };
        if !ok {
            return Err(mismatch());
        }
    }
    Ok(Some(got.to_owned()))
}

/// Operations of the spec that no step calls.
pub fn uncovered() -> Vec<&'static str> {
    let steps = scenario();
    OPERATION_IDS.iter().copied().filter(|op| !steps.iter().any(|s| s.op == *op)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_has_a_round_trip_step() {
        assert_eq!(uncovered(), Vec::<&str>::new(), "add a step for these operations");
    }

    #[tokio::test]
    async fn the_scenario_passes_and_reaches_every_error_status() {
        let spec = Spec::load_default().unwrap();
        let report =
            tokio::time::timeout(Duration::from_secs(60), run(&spec)).await.expect("bounded").expect("mock starts");
        let failures: Vec<String> =
            report.steps.iter().filter_map(|s| s.outcome.as_ref().err().map(|e| format!("#{} {e}", s.index))).collect();
        assert!(failures.is_empty(), "failed steps:\n{}", failures.join("\n"));
        assert_eq!(report.error_statuses(), [400, 401, 403, 404, 409]);
        for op in OPERATION_IDS {
            assert_eq!(report.verdict(op), Ok(()), "{op}");
        }
    }
}
