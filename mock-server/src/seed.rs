//! Initial contents of a zone, read from YAML or JSON (see `SEED.md`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use onezone_types::{
    GroupType, Handle, HandleMetadataPrefix, HandleResourceType, HandleServiceProperties, Secret, Subject, Timestamp,
};
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::ids::{is_acceptable_seed_id, iso8601, unix_now};
use crate::privileges::{DEFAULT_HS_MEMBER_PRIVILEGES, GroupPrivilege, HsPrivilege, OzPrivilege};
use crate::state::{GroupRec, HsRec, State, UserRec, nobody, user_subject};
use crate::zone::Zone;

/// Everything a zone starts with. Entities refer to each other by username
/// or name; ids are generated unless given.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Seed {
    /// User accounts.
    #[serde(default)]
    pub users: Vec<SeedUser>,
    /// Groups, with their user members and child groups.
    #[serde(default)]
    pub groups: Vec<SeedGroup>,
    /// Handle services, with their members and handles.
    #[serde(default)]
    pub handle_services: Vec<SeedHandleService>,
}

/// A user account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedUser {
    /// Fixed id; generated when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Login name, unique in the seed; other entries refer to the user by it.
    pub username: String,
    /// Display name; the username when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    /// Password for HTTP basic authentication; without it basic
    /// authentication is refused for this user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<Secret>,
    /// Access tokens accepted in `X-Auth-Token` / `Authorization: Bearer`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tokens: Vec<Secret>,
    /// Zone administration privileges.
    #[serde(default)]
    pub admin: AdminPrivileges,
    /// Creation time (UNIX seconds); the load time when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_time: Option<i64>,
}

/// Zone administration privileges of a seeded user: `all`, or a list of
/// `oz_*` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminPrivileges {
    /// Every privilege of [`OzPrivilege::ALL`].
    All,
    /// Exactly these.
    Only(Vec<OzPrivilege>),
}

impl Default for AdminPrivileges {
    fn default() -> Self {
        AdminPrivileges::Only(Vec::new())
    }
}

impl AdminPrivileges {
    fn to_set(&self) -> BTreeSet<OzPrivilege> {
        match self {
            AdminPrivileges::All => OzPrivilege::ALL.iter().copied().collect(),
            AdminPrivileges::Only(list) => list.iter().copied().collect(),
        }
    }
}

impl Serialize for AdminPrivileges {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            AdminPrivileges::All => serializer.serialize_str("all"),
            AdminPrivileges::Only(list) => list.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for AdminPrivileges {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AdminVisitor;

        impl<'de> Visitor<'de> for AdminVisitor {
            type Value = AdminPrivileges;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("\"all\" or a list of oz_* privilege names")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                if v == "all" { Ok(AdminPrivileges::All) } else { Err(E::invalid_value(de::Unexpected::Str(v), &self)) }
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut list = Vec::new();
                while let Some(p) = seq.next_element::<OzPrivilege>()? {
                    list.push(p);
                }
                Ok(AdminPrivileges::Only(list))
            }

            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(AdminPrivileges::default())
            }
        }

        deserializer.deserialize_any(AdminVisitor)
    }
}

/// A group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedGroup {
    /// Fixed id; generated when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Name, unique in the seed; other entries refer to the group by it.
    pub name: String,
    /// Group type; `team` when absent.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<GroupType>,
    /// Username of the creator; the creator is `nobody` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator: Option<String>,
    /// Direct user members.
    #[serde(default)]
    pub users: Vec<SeedGroupUser>,
    /// Groups nested directly in this one, with their privileges in it.
    #[serde(default)]
    pub children: Vec<SeedGroupChild>,
    /// Creation time (UNIX seconds); the load time when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_time: Option<i64>,
}

/// A direct user member of a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedGroupUser {
    /// Username.
    pub user: String,
    /// Group privileges; `[group_view]` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privileges: Option<Vec<GroupPrivilege>>,
}

/// A group nested directly in another one. In a seed file either the child's
/// name alone (it then holds `[group_view]` in the parent) or
/// `{group: <name>, privileges: [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SeedGroupChild {
    /// Name of the child group.
    pub group: String,
    /// Group privileges the child's members get in the parent; `[group_view]`
    /// when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privileges: Option<Vec<GroupPrivilege>>,
}

impl SeedGroupChild {
    /// A child given by name, holding the default `[group_view]`.
    pub fn named(group: impl Into<String>) -> Self {
        Self { group: group.into(), privileges: None }
    }
}

/// The mapping form of [`SeedGroupChild`], read with its own field checks.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SeedGroupChildFull {
    group: String,
    #[serde(default)]
    privileges: Option<Vec<GroupPrivilege>>,
}

impl<'de> Deserialize<'de> for SeedGroupChild {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ChildVisitor;

        impl<'de> Visitor<'de> for ChildVisitor {
            type Value = SeedGroupChild;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a group name or {group: <name>, privileges: [...]}")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(SeedGroupChild::named(v))
            }

            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                let full = SeedGroupChildFull::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(SeedGroupChild { group: full.group, privileges: full.privileges })
            }
        }

        deserializer.deserialize_any(ChildVisitor)
    }
}

/// A handle service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedHandleService {
    /// Fixed id; generated when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Name, unique in the seed.
    pub name: String,
    /// URL of the handle proxy.
    pub proxy_endpoint: String,
    /// DOI or PID account settings, as in the API.
    pub service_properties: HandleServiceProperties,
    /// Username of the creator; the creator is `nobody` when absent. Being
    /// the creator does not make the user a member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator: Option<String>,
    /// Direct user members.
    #[serde(default)]
    pub users: Vec<SeedHsUser>,
    /// Direct group members.
    #[serde(default)]
    pub groups: Vec<SeedHsGroup>,
    /// Handles registered through the service.
    #[serde(default)]
    pub handles: Vec<SeedHandle>,
    /// Creation time (UNIX seconds); the load time when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_time: Option<i64>,
}

/// A direct user member of a handle service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedHsUser {
    /// Username.
    pub user: String,
    /// Handle-service privileges; the default member set
    /// (`handle_service_view`, `handle_service_register_handle`) when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privileges: Option<Vec<HsPrivilege>>,
}

/// A direct group member of a handle service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedHsGroup {
    /// Group name.
    pub group: String,
    /// Handle-service privileges; the default member set when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privileges: Option<Vec<HsPrivilege>>,
}

/// A handle (a registered DOI or PID).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedHandle {
    /// Fixed id; generated when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The identifier itself, e.g. `10.5072/abc`.
    pub public_handle: String,
    /// Kind of the resource; `Share` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<HandleResourceType>,
    /// Id of the resource (the share).
    pub resource_id: String,
    /// Metadata format; `oai_dc` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata_prefix: Option<HandleMetadataPrefix>,
    /// The metadata document (XML).
    pub metadata: String,
    /// ISO-8601 time of the registration; derived from the creation time
    /// when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    /// Username of the creator; absent from the handle when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator: Option<String>,
    /// Creation time (UNIX seconds); the load time when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_time: Option<i64>,
}

/// Why a seed could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    /// The file could not be read.
    #[error("cannot read seed file {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Not valid YAML of the seed's shape (the message has the location).
    #[error("invalid seed YAML: {0}")]
    Yaml(#[from] serde_yaml_ng::Error),
    /// Not valid JSON of the seed's shape (the message has the location).
    #[error("invalid seed JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// Two entries of one kind share a username / name.
    #[error("duplicate {kind} name {name:?}")]
    DuplicateName {
        /// `user`, `group`, `handle service`.
        kind: &'static str,
        /// The repeated name.
        name: String,
    },
    /// Two entries of one kind share an id.
    #[error("duplicate {kind} id {id:?}")]
    DuplicateId {
        /// `user`, `group`, `handle service`, `handle`.
        kind: &'static str,
        /// The repeated id.
        id: String,
    },
    /// A reference to a user or group that the seed does not define.
    #[error("{context}: unknown {kind} {name:?}")]
    UnknownReference {
        /// Where the reference is.
        context: String,
        /// `user` or `group`.
        kind: &'static str,
        /// The name referred to.
        name: String,
    },
    /// The same member listed twice in one entity.
    #[error("{context}: {kind} {name:?} is listed twice")]
    DuplicateMember {
        /// The entity.
        context: String,
        /// `user` or `group`.
        kind: &'static str,
        /// The repeated name.
        name: String,
    },
    /// Any other invalid value (empty name, bad id, reused token, ...).
    #[error("{context}: {message}")]
    Invalid {
        /// Where the value is.
        context: String,
        /// What is wrong.
        message: String,
    },
}

impl Seed {
    /// Parses YAML (JSON is accepted too, as far as it is YAML).
    pub fn from_yaml(text: &str) -> Result<Seed, SeedError> {
        Ok(serde_yaml_ng::from_str(text)?)
    }

    /// Parses JSON.
    pub fn from_json(text: &str) -> Result<Seed, SeedError> {
        Ok(serde_json::from_str(text)?)
    }

    /// Reads a file: JSON when its name ends in `.json`, YAML otherwise.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Seed, SeedError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| SeedError::Io { path: path.to_owned(), source })?;
        if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
            Seed::from_json(&text)
        } else {
            Seed::from_yaml(&text)
        }
    }
}

impl Zone {
    /// A zone holding exactly what the seed describes. Every reference is
    /// checked before anything is built; the first problem is reported.
    pub fn from_seed(seed: Seed) -> Result<Zone, SeedError> {
        Ok(Zone::from_state(build(seed)?))
    }
}

fn invalid(context: impl Into<String>, message: impl Into<String>) -> SeedError {
    SeedError::Invalid { context: context.into(), message: message.into() }
}

/// Checks the given ids of one kind and assigns fresh ones to the rest.
fn assign_ids(
    kind: &'static str,
    given: &[Option<String>],
    fresh: &mut dyn FnMut(&BTreeSet<String>) -> String,
) -> Result<Vec<String>, SeedError> {
    let mut taken = BTreeSet::new();
    for id in given.iter().flatten() {
        if !is_acceptable_seed_id(id) {
            return Err(invalid(
                format!("{kind} id {id:?}"),
                "an id must be 1 to 64 ASCII letters, digits, '-' or '_'",
            ));
        }
        if !taken.insert(id.clone()) {
            return Err(SeedError::DuplicateId { kind, id: id.clone() });
        }
    }
    let mut out = Vec::with_capacity(given.len());
    for id in given {
        match id {
            Some(id) => out.push(id.clone()),
            None => {
                let id = fresh(&taken);
                taken.insert(id.clone());
                out.push(id);
            }
        }
    }
    Ok(out)
}

fn unique_names<'a>(kind: &'static str, names: impl Iterator<Item = &'a str>) -> Result<(), SeedError> {
    let mut seen = BTreeSet::new();
    for name in names {
        if name.is_empty() {
            return Err(invalid(format!("a {kind}"), "the name is empty"));
        }
        if !seen.insert(name) {
            return Err(SeedError::DuplicateName { kind, name: name.to_owned() });
        }
    }
    Ok(())
}

fn lookup<'a>(
    map: &'a BTreeMap<String, String>,
    kind: &'static str,
    name: &str,
    context: impl Fn() -> String,
) -> Result<&'a String, SeedError> {
    map.get(name).ok_or_else(|| SeedError::UnknownReference { context: context(), kind, name: name.to_owned() })
}

fn creator_subject(
    users: &BTreeMap<String, String>,
    creator: &Option<String>,
    context: impl Fn() -> String,
) -> Result<Subject, SeedError> {
    match creator {
        Some(name) => Ok(user_subject(lookup(users, "user", name, &context)?)),
        None => Ok(nobody()),
    }
}

fn build(seed: Seed) -> Result<State, SeedError> {
    let mut state = State::new();
    let now = unix_now();

    // Users.
    unique_names("user", seed.users.iter().map(|u| u.username.as_str()))?;
    let given: Vec<_> = seed.users.iter().map(|u| u.id.clone()).collect();
    let ids = {
        let gen_ids = &mut state.ids;
        assign_ids("user", &given, &mut |taken| gen_ids.fresh(|id| taken.contains(id)))?
    };
    let mut user_ids = BTreeMap::new();
    let mut tokens = BTreeSet::new();
    for (u, id) in seed.users.into_iter().zip(ids) {
        // What could never authenticate is refused, not loaded.
        if u.username.contains(':') {
            return Err(invalid(
                format!("user {:?}", u.username),
                "a username cannot hold `:` (HTTP basic authentication splits user and password at the first one)",
            ));
        }
        for t in &u.tokens {
            if t.expose().is_empty() {
                return Err(invalid(format!("user {:?}", u.username), "empty token"));
            }
            if !t.expose().bytes().all(|b| b.is_ascii_graphic()) {
                return Err(invalid(
                    format!("user {:?}", u.username),
                    "a token must be printable ASCII without spaces: it travels in an HTTP header",
                ));
            }
            if !tokens.insert(t.expose().to_owned()) {
                return Err(invalid(format!("user {:?}", u.username), "a token is used twice"));
            }
        }
        user_ids.insert(u.username.clone(), id.clone());
        state.users.insert(
            id.clone(),
            UserRec {
                id,
                full_name: u.full_name.unwrap_or_else(|| u.username.clone()),
                username: u.username,
                creation_time: u.creation_time.unwrap_or(now),
                password: u.password,
                tokens: u.tokens,
                admin: u.admin.to_set(),
            },
        );
    }

    // Groups: records first, child links once every name is known.
    unique_names("group", seed.groups.iter().map(|g| g.name.as_str()))?;
    let given: Vec<_> = seed.groups.iter().map(|g| g.id.clone()).collect();
    let ids = {
        let gen_ids = &mut state.ids;
        assign_ids("group", &given, &mut |taken| gen_ids.fresh(|id| taken.contains(id)))?
    };
    let group_ids: BTreeMap<String, String> =
        seed.groups.iter().zip(&ids).map(|(g, id)| (g.name.clone(), id.clone())).collect();
    for (g, id) in seed.groups.into_iter().zip(ids) {
        let context = || format!("group {:?}", g.name);
        let creator = creator_subject(&user_ids, &g.creator, context)?;
        let mut users = BTreeMap::new();
        for m in &g.users {
            let uid = lookup(&user_ids, "user", &m.user, context)?;
            let privileges = match &m.privileges {
                Some(ps) => ps.iter().copied().collect(),
                None => BTreeSet::from([GroupPrivilege::GroupView]),
            };
            if users.insert(uid.clone(), privileges).is_some() {
                return Err(SeedError::DuplicateMember { context: context(), kind: "user", name: m.user.clone() });
            }
        }
        let mut children = BTreeMap::new();
        for child in &g.children {
            if child.group == g.name {
                return Err(invalid(context(), "a group cannot be its own child"));
            }
            let cid = lookup(&group_ids, "group", &child.group, context)?;
            let privileges = match &child.privileges {
                Some(ps) => ps.iter().copied().collect(),
                None => BTreeSet::from([GroupPrivilege::GroupView]),
            };
            if children.insert(cid.clone(), privileges).is_some() {
                return Err(SeedError::DuplicateMember {
                    context: context(),
                    kind: "child group",
                    name: child.group.clone(),
                });
            }
        }
        state.groups.insert(
            id.clone(),
            GroupRec {
                id,
                name: g.name,
                type_: g.type_.unwrap_or(GroupType::Team),
                creator,
                creation_time: g.creation_time.unwrap_or(now),
                users,
                children,
            },
        );
    }

    // Handle services and their handles.
    unique_names("handle service", seed.handle_services.iter().map(|h| h.name.as_str()))?;
    let given: Vec<_> = seed.handle_services.iter().map(|h| h.id.clone()).collect();
    let ids = {
        let gen_ids = &mut state.ids;
        assign_ids("handle service", &given, &mut |taken| gen_ids.fresh(|id| taken.contains(id)))?
    };
    let given: Vec<_> = seed.handle_services.iter().flat_map(|h| h.handles.iter().map(|x| x.id.clone())).collect();
    let mut handle_ids = {
        let gen_ids = &mut state.ids;
        assign_ids("handle", &given, &mut |taken| gen_ids.fresh(|id| taken.contains(id)))?
    }
    .into_iter();
    for (h, id) in seed.handle_services.into_iter().zip(ids) {
        let context = || format!("handle service {:?}", h.name);
        let creator = creator_subject(&user_ids, &h.creator, context)?;
        let default = || DEFAULT_HS_MEMBER_PRIVILEGES.into_iter().collect::<BTreeSet<_>>();
        let mut users = BTreeMap::new();
        for m in &h.users {
            let uid = lookup(&user_ids, "user", &m.user, context)?;
            let privileges = m.privileges.as_ref().map(|ps| ps.iter().copied().collect()).unwrap_or_else(default);
            if users.insert(uid.clone(), privileges).is_some() {
                return Err(SeedError::DuplicateMember { context: context(), kind: "user", name: m.user.clone() });
            }
        }
        let mut groups = BTreeMap::new();
        for m in &h.groups {
            let gid = lookup(&group_ids, "group", &m.group, context)?;
            let privileges = m.privileges.as_ref().map(|ps| ps.iter().copied().collect()).unwrap_or_else(default);
            if groups.insert(gid.clone(), privileges).is_some() {
                return Err(SeedError::DuplicateMember { context: context(), kind: "group", name: m.group.clone() });
            }
        }
        let mut handles = BTreeMap::new();
        for x in h.handles {
            let hid = handle_ids.next().ok_or_else(|| invalid(context(), "internal: handle ids ran out"))?;
            let creation_time = x.creation_time.unwrap_or(now);
            let creator = match &x.creator {
                Some(name) => Some(user_subject(lookup(&user_ids, "user", name, context)?)),
                None => None,
            };
            handles.insert(
                hid.clone(),
                Handle {
                    handle_id: hid,
                    handle_service_id: id.clone(),
                    public_handle: x.public_handle,
                    resource_type: x.resource_type.unwrap_or(HandleResourceType::Share),
                    resource_id: x.resource_id,
                    metadata_prefix: x.metadata_prefix.unwrap_or(HandleMetadataPrefix::OaiDc),
                    metadata: x.metadata,
                    timestamp: x.timestamp.unwrap_or_else(|| iso8601(creation_time)),
                    creator,
                    creation_time: Timestamp(creation_time),
                },
            );
        }
        state.handle_services.insert(
            id.clone(),
            HsRec {
                id,
                name: h.name,
                proxy_endpoint: h.proxy_endpoint,
                service_properties: h.service_properties,
                creator,
                creation_time: h.creation_time.unwrap_or(now),
                users,
                groups,
                handles,
            },
        );
    }
    Ok(state)
}
