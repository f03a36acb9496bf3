//! The one comparison engine: two [`Api`]s in, typed [`Change`]s out. `drift`
//! calls it with upstream on the left and ours on the right; `diff` with an
//! old and a new revision of ours.
//!
//! Operations are matched by [`OpKey`] (path parameters by position), path
//! parameters by position, other parameters by location and name, responses
//! by status, headers by case-insensitive name. Schemas are compared
//! structurally after following `$ref`s — two schemas with different names
//! and the same shape are equal — recursing into properties, `items`,
//! `additionalProperties` and the members of `allOf` (merged into one object
//! when every member is an object), `oneOf` and `anyOf` (aligned by `title`,
//! else by the one-value `enum` of a property every member has, else by
//! position). A set of visited (left, right) schema pairs stops recursive
//! schemas; a depth limit stops anything else.
//!
//! A change found inside a reusable component on every side that has it
//! (`/definitions/…`, `/components/schemas/…`, `/components/responses/…`, …)
//! is reported once, with no operation and the list of operations it was
//! reached from; its direction is `both` when it was reached from a request
//! and from a response.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};

use serde_json::Value;

use crate::kind::ChangeKind;
use crate::model::{
    AdditionalProperties, Api, Header, MediaType, Method, OpKey, Operation, ParamLocation, Parameter, Response, Schema,
};
use crate::pointer;
use crate::scope::{Scope, normalize_path};

/// How deep the engine descends into schemas before it reports
/// [`ChangeKind::ComparisonDepthExceeded`] and stops.
pub const MAX_COMPARE_DEPTH: usize = 64;
/// How many `$ref`s in a row the engine follows to reach a schema.
const MAX_SCHEMA_REFERENCES: usize = 32;

/// Who a change affects on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// What clients send (parameters, request bodies, credentials).
    Request,
    /// What servers send (statuses, response bodies, headers).
    Response,
    /// A schema reached from both a request and a response.
    Both,
    /// Not on the wire (operationId, tags).
    None,
}

impl Direction {
    /// `request`, `response`, `both` or `none`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Request => "request",
            Direction::Response => "response",
            Direction::Both => "both",
            Direction::None => "none",
        }
    }

    fn merge(self, other: Direction) -> Direction {
        match (self, other) {
            (a, b) if a == b => a,
            (Direction::None, b) => b,
            (a, Direction::None) => a,
            _ => Direction::Both,
        }
    }
}

/// How bad a change is for whoever is on the receiving end, as oasdiff grades
/// its checks: `error` breaks existing clients or servers, `warning` may
/// break some (strict ones, or ones relying on what was dropped), `info` does
/// not break anyone on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Does not break anyone.
    Info,
    /// May break some.
    Warning,
    /// Breaks existing users.
    Error,
}

/// The operation a change was found in, as the right side (else the left
/// side) names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct OperationRef {
    /// `operationId` (`operation` in JSON, as in a report's findings).
    #[serde(rename = "operation")]
    pub operation_id: Option<String>,
    /// The method.
    pub method: Method,
    /// The path template as written.
    pub path: String,
}

impl OperationRef {
    fn of(left: Option<&Operation>, right: Option<&Operation>) -> Option<OperationRef> {
        let main = right.or(left)?;
        Some(OperationRef {
            operation_id: main.operation_id.clone().or_else(|| left.and_then(|l| l.operation_id.clone())),
            method: main.method,
            path: main.path.clone(),
        })
    }

    fn sort_key(&self) -> (String, Method) {
        (normalize_path(&self.path), self.method)
    }
}

/// One side of a change: where it is and what is there (`null` when the
/// element does not exist on that side and the pointer names its container).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Side {
    /// JSON pointer in that side's bundled document.
    pub pointer: String,
    /// The value there.
    pub value: Value,
}

impl Side {
    fn new(pointer: impl Into<String>, value: Value) -> Option<Side> {
        Some(Side { pointer: pointer.into(), value })
    }
}

/// One difference between the two sides.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Change {
    /// What kind of difference.
    pub kind: ChangeKind,
    /// The operation it belongs to; `None` for a change inside a shared
    /// component (see [`Change::reached_from`]) or about the whole document.
    pub operation: Option<OperationRef>,
    /// For a change inside a shared component: the operations through which
    /// it was reached, in path order.
    pub reached_from: Vec<OperationRef>,
    /// The left (old, upstream) side.
    pub left: Option<Side>,
    /// The right (new, ours) side.
    pub right: Option<Side>,
    /// A short description of the difference.
    pub detail: String,
    /// Who is affected on the wire.
    pub direction: Direction,
    /// How bad it is.
    pub level: Level,
}

impl Change {
    /// Whether it may break existing clients or servers on the wire (level
    /// `error` or `warning`, as oasdiff's `breaking` command counts them).
    pub fn breaking(&self) -> bool {
        self.level != Level::Info
    }
}

/// Compares the operations of `left` and `right` that `scope` contains.
pub fn compare(left: &Api, right: &Api, scope: &Scope) -> Vec<Change> {
    let mut out = Collector::default();
    for (key, l) in left.operations.iter().filter(|(k, _)| scope.contains(&k.path)) {
        match right.operations.get(key) {
            Some(r) => compare_operation(left, right, l, r, &mut out),
            None => {
                let op = OperationRef::of(Some(l), None);
                out.push(Change {
                    kind: ChangeKind::OperationMissing,
                    operation: op,
                    reached_from: Vec::new(),
                    left: Side::new(&l.pointer, id_value(l)),
                    right: None,
                    detail: format!("{} {}", l.method, l.path),
                    direction: Direction::Request,
                    level: Level::Error,
                });
            }
        }
    }
    for (key, r) in right.operations.iter().filter(|(k, _)| scope.contains(&k.path)) {
        if !left.operations.contains_key(key) {
            out.push(Change {
                kind: ChangeKind::OperationExtra,
                operation: OperationRef::of(None, Some(r)),
                reached_from: Vec::new(),
                left: None,
                right: Side::new(&r.pointer, id_value(r)),
                detail: format!("{} {}", r.method, r.path),
                direction: Direction::Request,
                level: Level::Info,
            });
        }
    }
    compare_security_schemes(left, right, scope, &mut out);
    out.finish()
}

fn id_value(op: &Operation) -> Value {
    op.operation_id.clone().map_or(Value::Null, Value::String)
}

fn opt_str(s: Option<&str>) -> Value {
    s.map_or(Value::Null, |s| Value::String(s.to_owned()))
}

fn strings(items: &[String]) -> Value {
    Value::Array(items.iter().cloned().map(Value::String).collect())
}

/// Schemes used by in-scope operations that have the same name on both sides
/// but put different things on the wire.
fn compare_security_schemes(left: &Api, right: &Api, scope: &Scope, out: &mut Collector) {
    let mut users: HashMap<&str, Vec<OperationRef>> = HashMap::new();
    for api in [left, right] {
        for (key, op) in api.operations.iter().filter(|(k, _)| scope.contains(&k.path)) {
            for name in op.security.requirements.iter().flatten() {
                let l = left.operations.get(key);
                let r = right.operations.get(key);
                if let Some(op_ref) = OperationRef::of(l, r.or(Some(op))) {
                    users.entry(name.as_str()).or_default().push(op_ref);
                }
            }
        }
    }
    let mut names: Vec<&str> = users.keys().copied().collect();
    names.sort_unstable();
    for name in names {
        let (Some(l), Some(r)) = (left.security_schemes.get(name), right.security_schemes.get(name)) else { continue };
        if l.wire() == r.wire() {
            continue;
        }
        let describe = |s: &crate::model::SecurityScheme| {
            serde_json::json!({
                "type": s.kind,
                "in": s.location,
                "name": s.carrier,
                "scheme": s.scheme,
            })
        };
        let mut reached = users.remove(name).unwrap_or_default();
        reached.sort_by_key(OperationRef::sort_key);
        reached.dedup();
        out.push(Change {
            kind: ChangeKind::SecuritySchemeChanged,
            operation: None,
            reached_from: reached,
            left: Side::new(&l.pointer, describe(l)),
            right: Side::new(&r.pointer, describe(r)),
            detail: format!(
                "scheme `{name}`: {} → {}",
                wire_text(l.location.as_deref(), l.carrier.as_deref(), l.scheme.as_deref()),
                wire_text(r.location.as_deref(), r.carrier.as_deref(), r.scheme.as_deref())
            ),
            direction: Direction::Request,
            level: Level::Warning,
        });
    }
}

fn wire_text(location: Option<&str>, carrier: Option<&str>, scheme: Option<&str>) -> String {
    let base = format!("{} {}", location.unwrap_or("?"), carrier.unwrap_or("?"));
    match scheme {
        Some(s) => format!("{base} with scheme {s}"),
        None => format!("{base} as is"),
    }
}

fn compare_operation(left: &Api, right: &Api, l: &Operation, r: &Operation, out: &mut Collector) {
    let op = OperationRef::of(Some(l), Some(r));
    let mut cx = OpCx { left, right, op: op.clone(), out };
    if l.operation_id != r.operation_id {
        cx.emit(
            ChangeKind::OperationIdChanged,
            Side::new(l.operation_id_pointer(), id_value(l)),
            Side::new(r.operation_id_pointer(), id_value(r)),
            format!(
                "operationId {} → {}",
                l.operation_id.as_deref().unwrap_or("(none)"),
                r.operation_id.as_deref().unwrap_or("(none)")
            ),
            Direction::None,
            Level::Info,
        );
    }
    let l_tags: BTreeSet<&String> = l.tags.iter().collect();
    let r_tags: BTreeSet<&String> = r.tags.iter().collect();
    if l_tags != r_tags {
        cx.emit(
            ChangeKind::TagsChanged,
            Side::new(pointer::push(&l.pointer, "tags"), strings(&l.tags)),
            Side::new(pointer::push(&r.pointer, "tags"), strings(&r.tags)),
            format!("tags {:?} → {:?}", l.tags, r.tags),
            Direction::None,
            Level::Info,
        );
    }
    compare_security(&mut cx, l, r);
    compare_privileges(&mut cx, l, r);
    compare_parameters(&mut cx, l, r);
    compare_request_body(&mut cx, l, r);
    compare_responses(&mut cx, l, r);
}

/// Emits changes for one operation.
struct OpCx<'a> {
    left: &'a Api,
    right: &'a Api,
    op: Option<OperationRef>,
    out: &'a mut Collector,
}

impl OpCx<'_> {
    fn emit(
        &mut self,
        kind: ChangeKind,
        left: Option<Side>,
        right: Option<Side>,
        detail: String,
        direction: Direction,
        level: Level,
    ) {
        self.out.push(Change {
            kind,
            operation: self.op.clone(),
            reached_from: Vec::new(),
            left,
            right,
            detail,
            direction,
            level,
        });
    }

    fn schemas(&mut self, l: Option<&Schema>, r: Option<&Schema>, direction: Direction) {
        if l.is_none() && r.is_none() {
            return;
        }
        // A missing schema accepts anything.
        let any = Schema::default();
        let (l, r) = (l.unwrap_or(&any), r.unwrap_or(&any));
        let (api_l, api_r) = (self.left, self.right);
        let mut sc = SchemaCx { api_l, api_r, cx: self, direction, visited: HashSet::new() };
        sc.compare(l, r, 0);
    }
}

fn security_value(op: &Operation) -> Value {
    Value::Array(op.security.requirements.iter().map(|alt| strings(alt)).collect())
}

fn compare_security(cx: &mut OpCx<'_>, l: &Operation, r: &Operation) {
    let normalize = |op: &Operation| -> BTreeSet<BTreeSet<String>> {
        op.security.requirements.iter().map(|alt| alt.iter().cloned().collect()).collect()
    };
    let (l_public, r_public) = (l.security.is_public(), r.security.is_public());
    let (l_alts, r_alts) = (normalize(l), normalize(r));
    if l_public == r_public && (l_public || l_alts == r_alts) {
        return;
    }
    let describe = |public: bool| if public { "public" } else { "authenticated" };
    let (detail, level) = if l_public != r_public {
        let level = if r_public { Level::Info } else { Level::Error };
        (format!("{} → {}", describe(l_public), describe(r_public)), level)
    } else {
        let lost = l_alts.iter().any(|a| !r_alts.contains(a));
        (format!("accepted credentials {:?} → {:?}", l_alts, r_alts), if lost { Level::Error } else { Level::Info })
    };
    let side = |op: &Operation| {
        let at = op.security.pointer.clone().unwrap_or_else(|| op.pointer.clone());
        Side::new(at, security_value(op))
    };
    cx.emit(ChangeKind::SecurityChanged, side(l), side(r), detail, Direction::Request, level);
}

fn compare_privileges(cx: &mut OpCx<'_>, l: &Operation, r: &Operation) {
    let side = |op: &Operation| match &op.privileges {
        Some(p) => Side::new(&p.pointer, strings(&p.names)),
        None => Side::new(&op.pointer, Value::Null),
    };
    let (detail, level) = match (&l.privileges, &r.privileges) {
        (None, None) => return,
        (Some(a), Some(b)) => {
            let a_set: BTreeSet<&String> = a.names.iter().collect();
            let b_set: BTreeSet<&String> = b.names.iter().collect();
            if a_set == b_set {
                return;
            }
            let dropped: Vec<&&String> = a_set.difference(&b_set).collect();
            let added: Vec<&&String> = b_set.difference(&a_set).collect();
            let level = if dropped.is_empty() { Level::Info } else { Level::Warning };
            (format!("privileges dropped {dropped:?}, added {added:?}"), level)
        }
        (None, Some(b)) => {
            let level = Level::Info;
            let what = if b.names.is_empty() {
                "absent → empty list".to_owned()
            } else {
                format!("absent → {:?}", b.names)
            };
            (what, level)
        }
        (Some(a), None) => {
            let level = if a.names.is_empty() { Level::Info } else { Level::Warning };
            let what = if a.names.is_empty() {
                "empty list → absent".to_owned()
            } else {
                format!("{:?} → absent", a.names)
            };
            (what, level)
        }
    };
    cx.emit(ChangeKind::PrivilegesChanged, side(l), side(r), detail, Direction::Request, level);
}

/// Position of a path parameter in the template, by its name.
fn path_position(template: &str, name: &str) -> Option<usize> {
    let wanted = format!("{{{name}}}");
    let mut position = 0;
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        if rest[start..start + len + 1] == wanted {
            return Some(position);
        }
        position += 1;
        rest = &rest[start + len + 1..];
    }
    None
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum ParamKey {
    Path(usize),
    Named(ParamLocation, String),
}

fn param_key(op: &Operation, p: &Parameter) -> ParamKey {
    match p.location {
        ParamLocation::Path => match path_position(&op.path, &p.name) {
            Some(i) => ParamKey::Path(i),
            None => ParamKey::Named(ParamLocation::Path, p.name.clone()),
        },
        ParamLocation::Header => ParamKey::Named(ParamLocation::Header, p.name.to_ascii_lowercase()),
        location => ParamKey::Named(location, p.name.clone()),
    }
}

fn compare_parameters(cx: &mut OpCx<'_>, l: &Operation, r: &Operation) {
    let r_keys: Vec<(ParamKey, &Parameter)> = r.parameters.iter().map(|p| (param_key(r, p), p)).collect();
    let l_keys: Vec<(ParamKey, &Parameter)> = l.parameters.iter().map(|p| (param_key(l, p), p)).collect();
    for (key, lp) in &l_keys {
        match r_keys.iter().find(|(k, _)| k == key) {
            None => cx.emit(
                ChangeKind::ParameterRemoved,
                Side::new(&lp.pointer, Value::String(lp.name.clone())),
                Side::new(&r.pointer, Value::Null),
                format!("{} parameter `{}`", lp.location.as_str(), lp.name),
                Direction::Request,
                Level::Warning,
            ),
            Some((_, rp)) => {
                if lp.required != rp.required {
                    cx.emit(
                        ChangeKind::ParameterRequiredChanged,
                        Side::new(&lp.pointer, Value::Bool(lp.required)),
                        Side::new(&rp.pointer, Value::Bool(rp.required)),
                        format!(
                            "{} parameter `{}` {}",
                            rp.location.as_str(),
                            rp.name,
                            if rp.required { "became required" } else { "became optional" }
                        ),
                        Direction::Request,
                        if rp.required { Level::Error } else { Level::Info },
                    );
                }
                cx.schemas(lp.schema.as_ref(), rp.schema.as_ref(), Direction::Request);
            }
        }
    }
    for (key, rp) in &r_keys {
        if !l_keys.iter().any(|(k, _)| k == key) {
            cx.emit(
                ChangeKind::ParameterAdded,
                Side::new(&l.pointer, Value::Null),
                Side::new(&rp.pointer, Value::String(rp.name.clone())),
                format!(
                    "{} {} parameter `{}`",
                    if rp.required { "required" } else { "optional" },
                    rp.location.as_str(),
                    rp.name
                ),
                Direction::Request,
                if rp.required { Level::Error } else { Level::Info },
            );
        }
    }
}

fn media_names(content: &[MediaType]) -> Value {
    Value::Array(content.iter().map(|m| Value::String(m.name.clone())).collect())
}

fn content_pointer(content: &[MediaType], fallback: &str) -> String {
    match content.first() {
        Some(m) => match m.pointer.rfind('/') {
            // `…/content/application~1json` or `…/produces/0`: the container.
            Some(i)
                if m.pointer[..i].ends_with("/content")
                    || m.pointer[..i].ends_with("/produces")
                    || m.pointer[..i].ends_with("/consumes") =>
            {
                m.pointer[..i].to_owned()
            }
            _ => m.pointer.clone(),
        },
        None => fallback.to_owned(),
    }
}

/// Compares the media types of two bodies and the schemas of the pairs.
fn compare_content(
    cx: &mut OpCx<'_>,
    (l, l_at): (&[MediaType], &str),
    (r, r_at): (&[MediaType], &str),
    direction: Direction,
    what: &str,
) {
    let l_names: BTreeSet<&str> = l.iter().map(|m| m.name.as_str()).collect();
    let r_names: BTreeSet<&str> = r.iter().map(|m| m.name.as_str()).collect();
    if l_names != r_names {
        let (kind, level) = match direction {
            Direction::Request => {
                let dropped = l_names.iter().any(|n| !r_names.contains(n));
                (ChangeKind::RequestMediaTypeChanged, if dropped { Level::Error } else { Level::Info })
            }
            _ => {
                let dropped = l_names.iter().any(|n| !r_names.contains(n));
                (ChangeKind::ResponseMediaTypeChanged, if dropped { Level::Error } else { Level::Info })
            }
        };
        cx.emit(
            kind,
            Side::new(content_pointer(l, l_at), media_names(l)),
            Side::new(content_pointer(r, r_at), media_names(r)),
            format!("{what} media types {:?} → {:?}", l_names, r_names),
            direction,
            level,
        );
    }
    // Pair the bodies: one each, or by name (`*/*` stands for any).
    let mut pairs: Vec<(&MediaType, &MediaType)> = Vec::new();
    if l.len() == 1 && r.len() == 1 {
        pairs.push((&l[0], &r[0]));
    } else {
        for lm in l {
            let found = r
                .iter()
                .find(|rm| rm.name == lm.name)
                .or_else(|| if lm.name == "*/*" { r.first() } else { r.iter().find(|rm| rm.name == "*/*") });
            if let Some(rm) = found {
                pairs.push((lm, rm));
            }
        }
    }
    for (lm, rm) in pairs {
        cx.schemas(lm.schema.as_ref(), rm.schema.as_ref(), direction);
    }
}

fn compare_request_body(cx: &mut OpCx<'_>, l: &Operation, r: &Operation) {
    match (&l.request_body, &r.request_body) {
        (None, None) => {}
        (Some(lb), None) => cx.emit(
            ChangeKind::RequestBodyRemoved,
            Side::new(&lb.pointer, media_names(&lb.content)),
            Side::new(&r.pointer, Value::Null),
            "request body".into(),
            Direction::Request,
            Level::Error,
        ),
        (None, Some(rb)) => cx.emit(
            ChangeKind::RequestBodyAdded,
            Side::new(&l.pointer, Value::Null),
            Side::new(&rb.pointer, media_names(&rb.content)),
            format!("{} request body", if rb.required { "required" } else { "optional" }),
            Direction::Request,
            if rb.required { Level::Error } else { Level::Info },
        ),
        (Some(lb), Some(rb)) => {
            if lb.required != rb.required {
                cx.emit(
                    ChangeKind::RequestBodyRequiredChanged,
                    Side::new(&lb.pointer, Value::Bool(lb.required)),
                    Side::new(&rb.pointer, Value::Bool(rb.required)),
                    format!("the request body {}", if rb.required { "became required" } else { "became optional" }),
                    Direction::Request,
                    if rb.required { Level::Error } else { Level::Info },
                );
            }
            compare_content(
                cx,
                (&lb.content, &lb.pointer),
                (&rb.content, &rb.pointer),
                Direction::Request,
                "request body",
            );
        }
    }
}

fn is_success(status: &str) -> bool {
    status.starts_with('2')
}

fn compare_responses(cx: &mut OpCx<'_>, l: &Operation, r: &Operation) {
    for (status, lr) in &l.responses {
        match r.responses.get(status) {
            None => cx.emit(
                ChangeKind::ResponseStatusRemoved,
                Side::new(&lr.pointer, Value::String(status.clone())),
                Side::new(pointer::push(&r.pointer, "responses"), Value::Null),
                format!("status {status}"),
                Direction::Response,
                if is_success(status) { Level::Error } else { Level::Info },
            ),
            Some(rr) => compare_response(cx, status, lr, rr),
        }
    }
    for (status, rr) in &r.responses {
        if !l.responses.contains_key(status) {
            cx.emit(
                ChangeKind::ResponseStatusAdded,
                Side::new(pointer::push(&l.pointer, "responses"), Value::Null),
                Side::new(&rr.pointer, Value::String(status.clone())),
                format!("status {status}"),
                Direction::Response,
                Level::Info,
            );
        }
    }
}

fn compare_response(cx: &mut OpCx<'_>, status: &str, l: &Response, r: &Response) {
    match (l.content.is_empty(), r.content.is_empty()) {
        (true, true) => {}
        (false, true) => cx.emit(
            ChangeKind::ResponseBodyChanged,
            Side::new(content_pointer(&l.content, &l.pointer), media_names(&l.content)),
            Side::new(&r.pointer, Value::Null),
            format!("status {status}: body present on the upstream/old side only"),
            Direction::Response,
            Level::Error,
        ),
        (true, false) => cx.emit(
            ChangeKind::ResponseBodyChanged,
            Side::new(&l.pointer, Value::Null),
            Side::new(content_pointer(&r.content, &r.pointer), media_names(&r.content)),
            format!("status {status}: body present on our/new side only"),
            Direction::Response,
            Level::Info,
        ),
        (false, false) => compare_content(
            cx,
            (&l.content, &l.pointer),
            (&r.content, &r.pointer),
            Direction::Response,
            &format!("status {status}"),
        ),
    }
    let find = |headers: &'_ [Header], name: &str| -> Option<usize> {
        headers.iter().position(|h| h.name.eq_ignore_ascii_case(name))
    };
    for lh in &l.headers {
        match find(&r.headers, &lh.name).map(|i| &r.headers[i]) {
            None => cx.emit(
                ChangeKind::ResponseHeaderRemoved,
                Side::new(&lh.pointer, Value::String(lh.name.clone())),
                Side::new(&r.pointer, Value::Null),
                format!("status {status}: header `{}`", lh.name),
                Direction::Response,
                if lh.required { Level::Error } else { Level::Warning },
            ),
            Some(rh) => {
                if lh.required != rh.required {
                    cx.emit(
                        ChangeKind::ResponseHeaderRequiredChanged,
                        Side::new(&lh.pointer, Value::Bool(lh.required)),
                        Side::new(&rh.pointer, Value::Bool(rh.required)),
                        format!(
                            "status {status}: header `{}` {}",
                            rh.name,
                            if rh.required { "became required" } else { "became optional" }
                        ),
                        Direction::Response,
                        if rh.required { Level::Info } else { Level::Error },
                    );
                }
                cx.schemas(lh.schema.as_ref(), rh.schema.as_ref(), Direction::Response);
            }
        }
    }
    for rh in &r.headers {
        if find(&l.headers, &rh.name).is_none() {
            cx.emit(
                ChangeKind::ResponseHeaderAdded,
                Side::new(&l.pointer, Value::Null),
                Side::new(&rh.pointer, Value::String(rh.name.clone())),
                format!("status {status}: header `{}`", rh.name),
                Direction::Response,
                Level::Info,
            );
        }
    }
}

/// Levels of a schema change for a request and for a response.
#[derive(Clone, Copy)]
struct Grade {
    request: Level,
    response: Level,
}

const fn grade(request: Level, response: Level) -> Grade {
    Grade { request, response }
}

/// A constraint that narrows (request error, response info) or widens
/// (request info, response error) what is accepted.
const NARROWS: Grade = grade(Level::Error, Level::Info);
const WIDENS: Grade = grade(Level::Info, Level::Error);

/// The shape a schema has once references are followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape<'s> {
    OneOf,
    AnyOf,
    AllOf,
    Object,
    Array,
    Scalar(&'s str),
    Any,
}

impl Shape<'_> {
    fn name(&self) -> String {
        match self {
            Shape::OneOf => "oneOf".into(),
            Shape::AnyOf => "anyOf".into(),
            Shape::AllOf => "allOf".into(),
            Shape::Object => "object".into(),
            Shape::Array => "array".into(),
            Shape::Scalar(t) => (*t).to_owned(),
            Shape::Any => "any value (no type)".into(),
        }
    }

    fn is_typed(&self) -> bool {
        matches!(self, Shape::Object | Shape::Array | Shape::Scalar(_))
    }
}

fn shape(s: &Schema) -> Shape<'_> {
    if !s.one_of.is_empty() {
        Shape::OneOf
    } else if !s.any_of.is_empty() {
        Shape::AnyOf
    } else if !s.all_of.is_empty() {
        Shape::AllOf
    } else {
        match s.schema_type.as_deref() {
            Some("object") => Shape::Object,
            Some("array") => Shape::Array,
            Some(t) => Shape::Scalar(t),
            None if !s.properties.is_empty() || s.additional_properties.is_some() || !s.required.is_empty() => {
                Shape::Object
            }
            None if s.items.is_some() => Shape::Array,
            None => Shape::Any,
        }
    }
}

/// Compares two schemas inside one operation.
struct SchemaCx<'a, 'o> {
    api_l: &'a Api,
    api_r: &'a Api,
    cx: &'a mut OpCx<'o>,
    direction: Direction,
    visited: HashSet<(String, String)>,
}

/// Follows `$ref`s to the named schema's node.
fn resolve<'s>(api: &'s Api, mut s: &'s Schema) -> &'s Schema {
    for _ in 0..MAX_SCHEMA_REFERENCES {
        match s.reference.as_deref().and_then(|name| api.schemas.get(name)) {
            Some(target) => s = target,
            None => return s,
        }
    }
    s
}

/// Merges the members of an `allOf` into one object schema when every member
/// is an object (or untyped); `None` otherwise.
fn flatten_all_of(api: &Api, s: &Schema, depth: usize) -> Option<Schema> {
    if s.all_of.is_empty() || depth > 8 {
        return None;
    }
    let mut merged = Schema {
        all_of: Vec::new(),
        schema_type: Some("object".into()),
        pointer: s.pointer.clone(),
        raw: s.raw.clone(),
        ..s.clone()
    };
    for member in &s.all_of {
        let member = resolve(api, member);
        let flat = flatten_all_of(api, member, depth + 1);
        let member = flat.as_ref().unwrap_or(member);
        if !matches!(shape(member), Shape::Object | Shape::Any) {
            return None;
        }
        for (name, p) in &member.properties {
            if merged.property(name).is_none() {
                merged.properties.push((name.clone(), p.clone()));
            }
        }
        for name in &member.required {
            if !merged.required.contains(name) {
                merged.required.push(name.clone());
            }
        }
        if merged.discriminator.is_none() {
            merged.discriminator.clone_from(&member.discriminator);
        }
        if merged.additional_properties.is_none() {
            merged.additional_properties.clone_from(&member.additional_properties);
        }
    }
    Some(merged)
}

fn keyword_or_node(s: &Schema, keyword: &str) -> String {
    if s.raw.get(keyword).is_some() { s.keyword_pointer(keyword) } else { s.pointer.clone() }
}

fn f64_value(v: Option<f64>) -> Value {
    v.and_then(serde_json::Number::from_f64).map_or(Value::Null, Value::Number)
}

impl SchemaCx<'_, '_> {
    fn emit(&mut self, kind: ChangeKind, left: Option<Side>, right: Option<Side>, detail: String, grade: Grade) {
        let level = match self.direction {
            Direction::Request => grade.request,
            Direction::Response => grade.response,
            Direction::Both | Direction::None => grade.request.max(grade.response),
        };
        let direction = self.direction;
        self.cx.emit(kind, left, right, detail, direction, level);
    }

    fn compare(&mut self, l: &Schema, r: &Schema, depth: usize) {
        let (api_l, api_r) = (self.api_l, self.api_r);
        let l = resolve(api_l, l);
        let r = resolve(api_r, r);
        if depth > MAX_COMPARE_DEPTH {
            self.emit(
                ChangeKind::ComparisonDepthExceeded,
                Side::new(&l.pointer, Value::Null),
                Side::new(&r.pointer, Value::Null),
                format!("schemas nest deeper than {MAX_COMPARE_DEPTH} levels; not compared further"),
                grade(Level::Warning, Level::Warning),
            );
            return;
        }
        if !self.visited.insert((l.pointer.clone(), r.pointer.clone())) {
            return;
        }
        let l_flat = flatten_all_of(api_l, l, 0);
        let r_flat = flatten_all_of(api_r, r, 0);
        let l: &Schema = l_flat.as_ref().unwrap_or(l);
        let r: &Schema = r_flat.as_ref().unwrap_or(r);
        let (ls, rs) = (shape(l), shape(r));
        if ls != rs {
            if ls.is_typed() && rs.is_typed() {
                let widening = matches!((ls, rs), (Shape::Scalar("integer"), Shape::Scalar("number")));
                let narrowing = matches!((ls, rs), (Shape::Scalar("number"), Shape::Scalar("integer")));
                let g = if widening {
                    grade(Level::Info, Level::Error)
                } else if narrowing {
                    grade(Level::Error, Level::Info)
                } else {
                    grade(Level::Error, Level::Error)
                };
                self.emit(
                    ChangeKind::TypeChanged,
                    Side::new(keyword_or_node(l, "type"), Value::String(ls.name())),
                    Side::new(keyword_or_node(r, "type"), Value::String(rs.name())),
                    format!("type {} → {}", ls.name(), rs.name()),
                    g,
                );
            } else {
                self.emit(
                    ChangeKind::SchemaShapeChanged,
                    Side::new(&l.pointer, l.raw.clone()),
                    Side::new(&r.pointer, r.raw.clone()),
                    format!("{} → {}", ls.name(), rs.name()),
                    grade(Level::Error, Level::Error),
                );
            }
            return;
        }
        self.compare_format(l, r);
        if l.nullable != r.nullable {
            let key = |s: &Schema| if s.raw.get("x-nullable").is_some() { "x-nullable" } else { "nullable" };
            self.emit(
                ChangeKind::NullableChanged,
                Side::new(keyword_or_node(l, key(l)), Value::Bool(l.nullable)),
                Side::new(keyword_or_node(r, key(r)), Value::Bool(r.nullable)),
                if r.nullable { "became nullable".into() } else { "no longer nullable".into() },
                if r.nullable { WIDENS } else { NARROWS },
            );
        }
        self.compare_enum(l, r);
        self.compare_bounds(l, r);
        if l.pattern != r.pattern {
            let g = match (&l.pattern, &r.pattern) {
                (None, Some(_)) => NARROWS,
                (Some(_), None) => grade(Level::Info, Level::Info),
                _ => grade(Level::Warning, Level::Info),
            };
            self.emit(
                ChangeKind::PatternChanged,
                Side::new(keyword_or_node(l, "pattern"), opt_str(l.pattern.as_deref())),
                Side::new(keyword_or_node(r, "pattern"), opt_str(r.pattern.as_deref())),
                "pattern differs".into(),
                g,
            );
        }
        match ls {
            Shape::Object => self.compare_object(l, r, depth),
            Shape::Array => {
                let any = Schema::default();
                match (&l.items, &r.items) {
                    (None, None) => {}
                    (li, ri) => {
                        let li = li.as_deref().unwrap_or(&any);
                        let ri = ri.as_deref().unwrap_or(&any);
                        self.compare(li, ri, depth + 1);
                    }
                }
            }
            Shape::OneOf => self.compare_members(l, r, &l.one_of, &r.one_of, "oneOf", depth),
            Shape::AnyOf => self.compare_members(l, r, &l.any_of, &r.any_of, "anyOf", depth),
            Shape::AllOf => self.compare_members(l, r, &l.all_of, &r.all_of, "allOf", depth),
            Shape::Scalar(_) | Shape::Any => {}
        }
        match (&l.not, &r.not) {
            (Some(ln), Some(rn)) => self.compare(ln, rn, depth + 1),
            (None, None) => {}
            _ => self.emit(
                ChangeKind::SchemaShapeChanged,
                Side::new(keyword_or_node(l, "not"), l.raw.get("not").cloned().unwrap_or(Value::Null)),
                Side::new(keyword_or_node(r, "not"), r.raw.get("not").cloned().unwrap_or(Value::Null)),
                "`not` exists on one side only".into(),
                grade(Level::Error, Level::Error),
            ),
        }
    }

    fn compare_format(&mut self, l: &Schema, r: &Schema) {
        if l.format == r.format {
            return;
        }
        let g = match (&l.format, &r.format) {
            (None, Some(_)) => grade(Level::Warning, Level::Info),
            (Some(_), None) => grade(Level::Info, Level::Warning),
            _ => grade(Level::Error, Level::Error),
        };
        self.emit(
            ChangeKind::FormatChanged,
            Side::new(keyword_or_node(l, "format"), opt_str(l.format.as_deref())),
            Side::new(keyword_or_node(r, "format"), opt_str(r.format.as_deref())),
            format!("format {} → {}", l.format.as_deref().unwrap_or("(none)"), r.format.as_deref().unwrap_or("(none)")),
            g,
        );
    }

    fn compare_enum(&mut self, l: &Schema, r: &Schema) {
        match (&l.enumeration, &r.enumeration) {
            (None, None) => {}
            (None, Some(values)) => self.emit(
                ChangeKind::EnumConstraintAdded,
                Side::new(&l.pointer, Value::Null),
                Side::new(r.keyword_pointer("enum"), Value::Array(values.clone())),
                "only the listed values are accepted now".into(),
                NARROWS,
            ),
            (Some(values), None) => self.emit(
                ChangeKind::EnumConstraintRemoved,
                Side::new(l.keyword_pointer("enum"), Value::Array(values.clone())),
                Side::new(&r.pointer, Value::Null),
                "any value of the type is accepted now".into(),
                WIDENS,
            ),
            (Some(lv), Some(rv)) => {
                for (i, v) in lv.iter().enumerate() {
                    if !rv.contains(v) {
                        self.emit(
                            ChangeKind::EnumValueRemoved,
                            Side::new(pointer::push(&l.keyword_pointer("enum"), &i.to_string()), v.clone()),
                            Side::new(r.keyword_pointer("enum"), Value::Null),
                            format!("enum value {v}"),
                            NARROWS,
                        );
                    }
                }
                for (i, v) in rv.iter().enumerate() {
                    if !lv.contains(v) {
                        self.emit(
                            ChangeKind::EnumValueAdded,
                            Side::new(l.keyword_pointer("enum"), Value::Null),
                            Side::new(pointer::push(&r.keyword_pointer("enum"), &i.to_string()), v.clone()),
                            format!("enum value {v}"),
                            WIDENS,
                        );
                    }
                }
            }
        }
    }

    fn compare_bounds(&mut self, l: &Schema, r: &Schema) {
        let lower = [
            (ChangeKind::MinPropertiesChanged, "minProperties", l.min_properties, r.min_properties),
            (ChangeKind::MinLengthChanged, "minLength", l.min_length, r.min_length),
            (ChangeKind::MinItemsChanged, "minItems", l.min_items, r.min_items),
        ];
        for (kind, keyword, a, b) in lower {
            self.bound(kind, keyword, l, r, a.map(|v| v as f64), b.map(|v| v as f64), true);
        }
        self.bound(ChangeKind::MinimumChanged, "minimum", l, r, l.minimum, r.minimum, true);
        let upper = [
            (ChangeKind::MaxPropertiesChanged, "maxProperties", l.max_properties, r.max_properties),
            (ChangeKind::MaxLengthChanged, "maxLength", l.max_length, r.max_length),
            (ChangeKind::MaxItemsChanged, "maxItems", l.max_items, r.max_items),
        ];
        for (kind, keyword, a, b) in upper {
            self.bound(kind, keyword, l, r, a.map(|v| v as f64), b.map(|v| v as f64), false);
        }
        self.bound(ChangeKind::MaximumChanged, "maximum", l, r, l.maximum, r.maximum, false);
    }

    /// One lower (`is_lower`) or upper bound: tightening narrows, loosening
    /// widens.
    #[allow(clippy::too_many_arguments)]
    fn bound(
        &mut self,
        kind: ChangeKind,
        keyword: &str,
        l: &Schema,
        r: &Schema,
        a: Option<f64>,
        b: Option<f64>,
        is_lower: bool,
    ) {
        if a == b {
            return;
        }
        let tightened = match (a, b) {
            (None, Some(_)) => true,
            (Some(_), None) => false,
            (Some(x), Some(y)) => {
                if is_lower {
                    y > x
                } else {
                    y < x
                }
            }
            (None, None) => return,
        };
        let show = |v: Option<f64>| v.map_or("(none)".to_owned(), |v| v.to_string());
        self.emit(
            kind,
            Side::new(keyword_or_node(l, keyword), l.raw.get(keyword).cloned().unwrap_or_else(|| f64_value(a))),
            Side::new(keyword_or_node(r, keyword), r.raw.get(keyword).cloned().unwrap_or_else(|| f64_value(b))),
            format!("{keyword} {} → {}", show(a), show(b)),
            if tightened { NARROWS } else { WIDENS },
        );
    }

    fn compare_object(&mut self, l: &Schema, r: &Schema, depth: usize) {
        for (name, lp) in &l.properties {
            match r.property(name) {
                None => {
                    let was_required = l.required.contains(name);
                    self.emit(
                        ChangeKind::PropertyRemoved,
                        Side::new(&lp.pointer, lp.raw.clone()),
                        Side::new(keyword_or_node(r, "properties"), Value::Null),
                        format!("{} property `{name}`", if was_required { "required" } else { "optional" }),
                        grade(Level::Warning, if was_required { Level::Error } else { Level::Warning }),
                    );
                }
                Some(rp) => self.compare(lp, rp, depth + 1),
            }
        }
        for (name, rp) in &r.properties {
            if l.property(name).is_none() {
                let required = r.required.contains(name);
                self.emit(
                    ChangeKind::PropertyAdded,
                    Side::new(keyword_or_node(l, "properties"), Value::Null),
                    Side::new(&rp.pointer, rp.raw.clone()),
                    format!("{} property `{name}`", if required { "required" } else { "optional" }),
                    grade(if required { Level::Error } else { Level::Info }, Level::Info),
                );
            }
        }
        // `required` of properties that exist on both sides (or are declared
        // on neither): added or removed properties were graded above.
        let declared_on_one_side = |name: &str| (l.property(name).is_some()) != (r.property(name).is_some());
        for (i, name) in r.required.iter().enumerate() {
            if !l.required.contains(name) && !declared_on_one_side(name) {
                self.emit(
                    ChangeKind::RequiredAdded,
                    Side::new(keyword_or_node(l, "required"), Value::Null),
                    Side::new(
                        pointer::push(&r.keyword_pointer("required"), &i.to_string()),
                        Value::String(name.clone()),
                    ),
                    format!("property `{name}` became required"),
                    NARROWS,
                );
            }
        }
        for (i, name) in l.required.iter().enumerate() {
            if !r.required.contains(name) && !declared_on_one_side(name) {
                self.emit(
                    ChangeKind::RequiredRemoved,
                    Side::new(
                        pointer::push(&l.keyword_pointer("required"), &i.to_string()),
                        Value::String(name.clone()),
                    ),
                    Side::new(keyword_or_node(r, "required"), Value::Null),
                    format!("property `{name}` is no longer required"),
                    WIDENS,
                );
            }
        }
        self.compare_additional(l, r, depth);
        if l.discriminator != r.discriminator {
            self.emit(
                ChangeKind::DiscriminatorChanged,
                Side::new(keyword_or_node(l, "discriminator"), opt_str(l.discriminator.as_deref())),
                Side::new(keyword_or_node(r, "discriminator"), opt_str(r.discriminator.as_deref())),
                format!(
                    "discriminator {} → {}",
                    l.discriminator.as_deref().unwrap_or("(none)"),
                    r.discriminator.as_deref().unwrap_or("(none)")
                ),
                grade(Level::Info, Level::Info),
            );
        }
    }

    fn compare_additional(&mut self, l: &Schema, r: &Schema, depth: usize) {
        let allows = |a: &Option<AdditionalProperties>| !matches!(a, Some(AdditionalProperties::Allowed(false)));
        match (&l.additional_properties, &r.additional_properties) {
            (Some(AdditionalProperties::Schema(ls)), Some(AdditionalProperties::Schema(rs))) => {
                self.compare(ls, rs, depth + 1);
            }
            (a, b) if allows(a) != allows(b) => {
                let value = |s: &Schema| s.raw.get("additionalProperties").cloned().unwrap_or(Value::Null);
                self.emit(
                    ChangeKind::AdditionalPropertiesChanged,
                    Side::new(keyword_or_node(l, "additionalProperties"), value(l)),
                    Side::new(keyword_or_node(r, "additionalProperties"), value(r)),
                    if allows(b) { "other keys are allowed now".into() } else { "other keys are refused now".into() },
                    if allows(b) { grade(Level::Info, Level::Warning) } else { NARROWS },
                );
            }
            _ => {}
        }
    }

    fn compare_members(&mut self, l: &Schema, r: &Schema, lm: &[Schema], rm: &[Schema], keyword: &str, depth: usize) {
        let (api_l, api_r) = (self.api_l, self.api_r);
        let l_res: Vec<Cow<'_, Schema>> = lm.iter().map(|m| member_view(api_l, m)).collect();
        let r_res: Vec<Cow<'_, Schema>> = rm.iter().map(|m| member_view(api_r, m)).collect();
        let pairs = align(&l_res, &r_res, l.discriminator.as_deref().or(r.discriminator.as_deref()));
        for (i, j) in &pairs.matched {
            self.compare(&lm[*i], &rm[*j], depth + 1);
        }
        for i in &pairs.left_only {
            self.emit(
                ChangeKind::MemberRemoved,
                Side::new(&lm[*i].pointer, lm[*i].raw.clone()),
                Side::new(r.keyword_pointer(keyword), Value::Null),
                format!("`{keyword}` member {}", member_label(&l_res[*i], *i)),
                NARROWS,
            );
        }
        for j in &pairs.right_only {
            self.emit(
                ChangeKind::MemberAdded,
                Side::new(l.keyword_pointer(keyword), Value::Null),
                Side::new(&rm[*j].pointer, rm[*j].raw.clone()),
                format!("`{keyword}` member {}", member_label(&r_res[*j], *j)),
                WIDENS,
            );
        }
    }
}

fn member_view<'s>(api: &'s Api, m: &'s Schema) -> Cow<'s, Schema> {
    let resolved = resolve(api, m);
    match flatten_all_of(api, resolved, 0) {
        Some(flat) => Cow::Owned(flat),
        None => Cow::Borrowed(resolved),
    }
}

fn member_label(m: &Schema, index: usize) -> String {
    match &m.title {
        Some(t) => format!("`{t}`"),
        None => format!("#{index}"),
    }
}

struct Alignment {
    matched: Vec<(usize, usize)>,
    left_only: Vec<usize>,
    right_only: Vec<usize>,
}

/// Pairs the members of two compositions: by `title` when every member on
/// both sides has a distinct one, else by the one-value `enum` of a
/// discriminating property every member has (the declared discriminator
/// first), else by position.
fn align(l: &[Cow<'_, Schema>], r: &[Cow<'_, Schema>], discriminator: Option<&str>) -> Alignment {
    let titles = |ms: &[Cow<'_, Schema>]| -> Option<Vec<Value>> {
        ms.iter().map(|m| m.title.clone().map(Value::String)).collect()
    };
    if let (Some(lk), Some(rk)) = (titles(l), titles(r))
        && distinct(&lk)
        && distinct(&rk)
    {
        return by_keys(&lk, &rk);
    }
    let mut candidates: Vec<String> = discriminator.map(str::to_owned).into_iter().collect();
    if let Some(first) = l.first().or(r.first()) {
        candidates.extend(first.properties.iter().map(|(n, _)| n.clone()));
    }
    for property in candidates {
        let tags = |ms: &[Cow<'_, Schema>]| -> Option<Vec<Value>> {
            ms.iter()
                .map(|m| match m.property(&property).and_then(|p| p.enumeration.as_ref()) {
                    Some(values) if values.len() == 1 => values.first().cloned(),
                    _ => None,
                })
                .collect()
        };
        if let (Some(lk), Some(rk)) = (tags(l), tags(r))
            && distinct(&lk)
            && distinct(&rk)
        {
            return by_keys(&lk, &rk);
        }
    }
    let common = l.len().min(r.len());
    Alignment {
        matched: (0..common).map(|i| (i, i)).collect(),
        left_only: (common..l.len()).collect(),
        right_only: (common..r.len()).collect(),
    }
}

fn distinct(keys: &[Value]) -> bool {
    keys.iter().enumerate().all(|(i, k)| !keys[..i].contains(k))
}

fn by_keys(lk: &[Value], rk: &[Value]) -> Alignment {
    let mut matched = Vec::new();
    let mut left_only = Vec::new();
    for (i, k) in lk.iter().enumerate() {
        match rk.iter().position(|x| x == k) {
            Some(j) => matched.push((i, j)),
            None => left_only.push(i),
        }
    }
    let right_only = (0..rk.len()).filter(|j| !lk.contains(&rk[*j])).collect();
    Alignment { matched, left_only, right_only }
}

/// The part of a pointer naming a reusable component, if it lies in one:
/// `/definitions/X`, `/parameters/X`, `/responses/X` (Swagger 2.0) or
/// `/components/<kind>/X` (OpenAPI 3).
pub fn component_of(at: &str) -> Option<String> {
    let segments = pointer::segments(at)?;
    match segments.as_slice() {
        [root, name, ..] if matches!(root.as_str(), "definitions" | "parameters" | "responses") => {
            Some(pointer::from_segments([root.as_str(), name.as_str()]))
        }
        [components, kind, name, ..] if components == "components" => {
            Some(pointer::from_segments(["components", kind.as_str(), name.as_str()]))
        }
        _ => None,
    }
}

/// What makes two changes the same: kind, operation and both pointers.
type ChangeKey = (ChangeKind, Option<OperationRef>, Option<String>, Option<String>);

/// Gathers changes, folding those found in shared components into one each.
#[derive(Default)]
struct Collector {
    changes: Vec<Change>,
    index: HashMap<ChangeKey, usize>,
}

impl Collector {
    fn push(&mut self, mut change: Change) {
        let sides: Vec<&Side> = change.left.iter().chain(change.right.iter()).collect();
        let shared = !sides.is_empty() && sides.iter().all(|s| component_of(&s.pointer).is_some());
        if shared && let Some(op) = change.operation.take() {
            change.reached_from.push(op);
        }
        let key = (
            change.kind,
            change.operation.clone(),
            change.left.as_ref().map(|s| s.pointer.clone()),
            change.right.as_ref().map(|s| s.pointer.clone()),
        );
        match self.index.get(&key) {
            Some(&i) => {
                let existing = &mut self.changes[i];
                existing.direction = existing.direction.merge(change.direction);
                existing.level = existing.level.max(change.level);
                for op in change.reached_from {
                    if !existing.reached_from.contains(&op) {
                        existing.reached_from.push(op);
                    }
                }
            }
            None => {
                self.index.insert(key, self.changes.len());
                self.changes.push(change);
            }
        }
    }

    /// Document-level changes first, then operations in path order, then
    /// shared components by pointer; emission order within each.
    fn finish(mut self) -> Vec<Change> {
        for c in &mut self.changes {
            c.reached_from.sort_by_key(OperationRef::sort_key);
        }
        let group = |c: &Change| -> (u8, String, Option<Method>, String) {
            match &c.operation {
                Some(op) => (1, normalize_path(&op.path), Some(op.method), String::new()),
                None if c.kind == ChangeKind::SecuritySchemeChanged => (0, String::new(), None, String::new()),
                None => {
                    let at = c.right.as_ref().or(c.left.as_ref()).map(|s| s.pointer.clone()).unwrap_or_default();
                    (2, component_of(&at).unwrap_or_default(), None, String::new())
                }
            }
        };
        self.changes.sort_by_key(group);
        self.changes
    }
}

/// The [`OpKey`] of an operation reference.
pub fn op_key(op: &OperationRef) -> OpKey {
    OpKey { path: normalize_path(&op.path), method: op.method }
}
