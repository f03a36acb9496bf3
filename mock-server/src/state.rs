//! The records a zone keeps and the membership graph computed from them.
//!
//! Everything here runs under the zone's lock; nothing in this module locks.

use std::collections::{BTreeMap, BTreeSet};

use onezone_types::{
    Group, GroupType, Handle, HandleService, HandleServiceProperties, Secret, Subject, SubjectType, Timestamp, User,
};

use crate::error::MockError;
use crate::ids::IdGenerator;
use crate::privileges::{GroupPrivilege, HsPrivilege, OzPrivilege};

/// A user account.
#[derive(Debug, Clone)]
pub(crate) struct UserRec {
    pub(crate) id: String,
    pub(crate) username: String,
    pub(crate) full_name: String,
    pub(crate) creation_time: i64,
    pub(crate) password: Option<Secret>,
    pub(crate) tokens: Vec<Secret>,
    pub(crate) admin: BTreeSet<OzPrivilege>,
}

impl UserRec {
    pub(crate) fn to_api(&self) -> User {
        User {
            user_id: self.id.clone(),
            username: self.username.clone(),
            full_name: self.full_name.clone(),
            creation_time: Timestamp(self.creation_time),
        }
    }
}

/// A group: direct user members and child groups, each with its group
/// privileges here. The members of a child (at any depth) are effective
/// members of this group and hold the child's privileges in it.
#[derive(Debug, Clone)]
pub(crate) struct GroupRec {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) type_: GroupType,
    pub(crate) creator: Subject,
    pub(crate) creation_time: i64,
    pub(crate) users: BTreeMap<String, BTreeSet<GroupPrivilege>>,
    pub(crate) children: BTreeMap<String, BTreeSet<GroupPrivilege>>,
}

impl GroupRec {
    pub(crate) fn to_api(&self) -> Group {
        Group {
            group_id: self.id.clone(),
            name: self.name.clone(),
            type_: self.type_,
            creator: Some(self.creator.clone()),
            creation_time: Timestamp(self.creation_time),
        }
    }
}

/// A handle service with its direct members and its handles.
#[derive(Debug, Clone)]
pub(crate) struct HsRec {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) proxy_endpoint: String,
    pub(crate) service_properties: HandleServiceProperties,
    pub(crate) creator: Subject,
    pub(crate) creation_time: i64,
    pub(crate) users: BTreeMap<String, BTreeSet<HsPrivilege>>,
    pub(crate) groups: BTreeMap<String, BTreeSet<HsPrivilege>>,
    pub(crate) handles: BTreeMap<String, Handle>,
}

impl HsRec {
    pub(crate) fn to_api(&self) -> HandleService {
        HandleService {
            handle_service_id: self.id.clone(),
            name: self.name.clone(),
            proxy_endpoint: self.proxy_endpoint.clone(),
            service_properties: self.service_properties.clone(),
            creator: self.creator.clone(),
            creation_time: Timestamp(self.creation_time),
        }
    }
}

/// A `Subject` naming a user.
pub(crate) fn user_subject(user_id: &str) -> Subject {
    Subject { type_: Some(SubjectType::User), id: Some(user_id.to_owned()) }
}

/// The `Subject` of things nobody created (seeded without a creator).
pub(crate) fn nobody() -> Subject {
    Subject { type_: Some(SubjectType::Nobody), id: None }
}

/// The whole zone.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) users: BTreeMap<String, UserRec>,
    pub(crate) groups: BTreeMap<String, GroupRec>,
    pub(crate) handle_services: BTreeMap<String, HsRec>,
    pub(crate) ids: IdGenerator,
}

impl State {
    pub(crate) fn new() -> Self {
        Self {
            users: BTreeMap::new(),
            groups: BTreeMap::new(),
            handle_services: BTreeMap::new(),
            ids: IdGenerator::new(),
        }
    }

    // ----- lookups ---------------------------------------------------------

    pub(crate) fn user(&self, id: &str) -> Result<&UserRec, MockError> {
        self.users.get(id).ok_or_else(|| MockError::not_found(format_args!("user {id}")))
    }

    pub(crate) fn group(&self, id: &str) -> Result<&GroupRec, MockError> {
        self.groups.get(id).ok_or_else(|| MockError::not_found(format_args!("group {id}")))
    }

    pub(crate) fn hs(&self, id: &str) -> Result<&HsRec, MockError> {
        self.handle_services.get(id).ok_or_else(|| MockError::not_found(format_args!("handle service {id}")))
    }

    pub(crate) fn hs_mut(&mut self, id: &str) -> Result<&mut HsRec, MockError> {
        self.handle_services.get_mut(id).ok_or_else(|| MockError::not_found(format_args!("handle service {id}")))
    }

    pub(crate) fn group_mut(&mut self, id: &str) -> Result<&mut GroupRec, MockError> {
        self.groups.get_mut(id).ok_or_else(|| MockError::not_found(format_args!("group {id}")))
    }

    pub(crate) fn user_by_name(&self, username: &str) -> Option<&UserRec> {
        self.users.values().find(|u| u.username == username)
    }

    // ----- privileges ------------------------------------------------------

    /// Whether user `uid` holds the zone administration privilege `p`.
    pub(crate) fn oz(&self, uid: &str, p: OzPrivilege) -> bool {
        self.users.get(uid).is_some_and(|u| u.admin.contains(&p))
    }

    /// Whether user `uid` holds every one of `ps`.
    pub(crate) fn oz_all(&self, uid: &str, ps: &[OzPrivilege]) -> bool {
        ps.iter().all(|p| self.oz(uid, *p))
    }

    /// Whether user `uid` effectively holds `p` in group `gid`: directly, or
    /// through a child group that holds `p` in `gid` and that the user
    /// belongs to at any depth (effective = own ∪ inherited, as for handle
    /// services).
    pub(crate) fn group_privilege(&self, gid: &str, uid: &str, p: GroupPrivilege) -> bool {
        let Some(group) = self.groups.get(gid) else { return false };
        group.users.get(uid).is_some_and(|ps| ps.contains(&p))
            || group.children.iter().any(|(cid, ps)| ps.contains(&p) && self.group_effective_users(cid).contains(uid))
    }

    /// Effective privileges of user `uid` in `hs`: its direct ones plus those
    /// of every direct member group the user effectively belongs to.
    pub(crate) fn user_hs_privileges(&self, hs: &HsRec, uid: &str) -> BTreeSet<HsPrivilege> {
        let mut out = hs.users.get(uid).cloned().unwrap_or_default();
        for (gid, ps) in &hs.groups {
            if self.group_effective_users(gid).contains(uid) {
                out.extend(ps.iter().copied());
            }
        }
        out
    }

    /// Whether user `uid` effectively holds `p` in `hs`.
    pub(crate) fn has_hs_privilege(&self, hs: &HsRec, uid: &str, p: HsPrivilege) -> bool {
        self.user_hs_privileges(hs, uid).contains(&p)
    }

    /// Effective privileges of group `gid` in `hs`: its direct ones plus those
    /// of every direct member group it descends from.
    pub(crate) fn group_hs_privileges(&self, hs: &HsRec, gid: &str) -> BTreeSet<HsPrivilege> {
        let mut out = hs.groups.get(gid).cloned().unwrap_or_default();
        for (parent, ps) in &hs.groups {
            if parent != gid && self.descendants(parent).contains(gid) {
                out.extend(ps.iter().copied());
            }
        }
        out
    }

    // ----- the group graph -------------------------------------------------

    /// Groups nested (at any depth) below `gid`. A cycle may bring `gid`
    /// itself in; every group is visited once.
    pub(crate) fn descendants(&self, gid: &str) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<&str> = vec![gid];
        while let Some(g) = todo.pop() {
            if let Some(rec) = self.groups.get(g) {
                for child in rec.children.keys() {
                    if seen.insert(child.clone()) {
                        todo.push(child);
                    }
                }
            }
        }
        seen
    }

    /// Groups above `gid` at any depth (the groups it is nested in).
    pub(crate) fn ancestors(&self, gid: &str) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<String> = vec![gid.to_owned()];
        while let Some(g) = todo.pop() {
            for parent in self.groups.values().filter(|p| p.children.contains_key(&g)) {
                if seen.insert(parent.id.clone()) {
                    todo.push(parent.id.clone());
                }
            }
        }
        seen
    }

    /// Direct users of `gid` and of every group nested below it.
    pub(crate) fn group_effective_users(&self, gid: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut groups = self.descendants(gid);
        groups.insert(gid.to_owned());
        for g in groups {
            if let Some(rec) = self.groups.get(&g) {
                out.extend(rec.users.keys().cloned());
            }
        }
        out
    }

    /// Groups user `uid` belongs to directly, plus every group above them.
    pub(crate) fn user_effective_groups(&self, uid: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for g in self.groups.values().filter(|g| g.users.contains_key(uid)) {
            out.insert(g.id.clone());
            out.extend(self.ancestors(&g.id));
        }
        out
    }

    /// Direct groups of `hs` plus every group nested below them.
    pub(crate) fn hs_effective_groups(&self, hs: &HsRec) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for gid in hs.groups.keys() {
            out.insert(gid.clone());
            out.extend(self.descendants(gid));
        }
        out
    }

    /// Direct users of `hs` plus the effective users of its direct groups.
    pub(crate) fn hs_effective_users(&self, hs: &HsRec) -> BTreeSet<String> {
        let mut out: BTreeSet<String> = hs.users.keys().cloned().collect();
        for gid in hs.groups.keys() {
            out.extend(self.group_effective_users(gid));
        }
        out
    }

    /// Handle services in which `gid` or one of the groups above it is a
    /// direct member.
    pub(crate) fn group_effective_hss(&self, gid: &str) -> BTreeSet<String> {
        let mut me_and_up = self.ancestors(gid);
        me_and_up.insert(gid.to_owned());
        self.handle_services
            .values()
            .filter(|hs| hs.groups.keys().any(|g| me_and_up.contains(g)))
            .map(|hs| hs.id.clone())
            .collect()
    }

    /// Handle services `uid` belongs to directly or through any of its
    /// effective groups.
    pub(crate) fn user_effective_hss(&self, uid: &str) -> BTreeSet<String> {
        let groups = self.user_effective_groups(uid);
        self.handle_services
            .values()
            .filter(|hs| hs.users.contains_key(uid) || hs.groups.keys().any(|g| groups.contains(g)))
            .map(|hs| hs.id.clone())
            .collect()
    }

    // ----- creation --------------------------------------------------------

    pub(crate) fn fresh_user_id(&mut self) -> String {
        let users = &self.users;
        self.ids.fresh(|id| users.contains_key(id))
    }

    pub(crate) fn fresh_group_id(&mut self) -> String {
        let groups = &self.groups;
        self.ids.fresh(|id| groups.contains_key(id))
    }

    pub(crate) fn fresh_hs_id(&mut self) -> String {
        let hss = &self.handle_services;
        self.ids.fresh(|id| hss.contains_key(id))
    }

    /// Removes group `gid` and every membership of it (as a child group or a
    /// handle service member).
    pub(crate) fn delete_group(&mut self, gid: &str) {
        self.groups.remove(gid);
        for g in self.groups.values_mut() {
            g.children.remove(gid);
        }
        for hs in self.handle_services.values_mut() {
            hs.groups.remove(gid);
        }
    }
}
