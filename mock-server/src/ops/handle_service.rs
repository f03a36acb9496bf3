//! Operations of the `Handle Service` tag.

use std::collections::{BTreeMap, BTreeSet};

use onezone_types::{
    Group, Groups, Handle, HandleService, HandleServiceCreateRequest, HandleServiceMemberPrivileges,
    HandleServiceMemberRequest, HandleServicePrivilege, HandleServicePrivilegeCatalogue, HandleServicePrivileges,
    HandleServicePrivilegesUpdate, HandleServiceProperties, HandleServicePropertiesUpdate, HandleServicePublicDetails,
    HandleServiceUpdate, HandleServices, Handles, MemberPrivileges, User, Users,
};

use super::{create_handle_service, hs_list};
use crate::error::{EntityType, MockError};
use crate::privileges::{ALL_HS_PRIVILEGES, DEFAULT_HS_MEMBER_PRIVILEGES, HsPrivilege, OzPrivilege};
use crate::state::{HsRec, State, user_subject};
use crate::zone::{Caller, Zone, allow, caller_id};

use OzPrivilege::*;
use onezone_types::HandleServicePrivilege::{
    HandleServiceListHandles, HandleServiceUpdate as HsUpdate, HandleServiceView,
};

/// The privileges of a new member: those of the body, or the default
/// member set when the body or its `privileges` is absent.
fn initial_privileges(body: Option<HandleServiceMemberRequest>) -> BTreeSet<HsPrivilege> {
    match body.and_then(|b| b.privileges) {
        Some(ps) => ps.0.into_iter().collect(),
        None => DEFAULT_HS_MEMBER_PRIVILEGES.into_iter().collect(),
    }
}

fn member_privileges(set: BTreeSet<HsPrivilege>) -> MemberPrivileges {
    MemberPrivileges { privileges: HandleServicePrivileges(set.into_iter().collect()) }
}

/// Grants, then revokes: a privilege named in both lists ends up revoked.
fn apply_privileges_update(
    set: &mut BTreeSet<HsPrivilege>,
    body: HandleServicePrivilegesUpdate,
) -> Result<(), MockError> {
    if body.grant.is_none() && body.revoke.is_none() {
        return Err(MockError::MissingAtLeastOneValue { keys: vec!["grant".into(), "revoke".into()] });
    }
    if let Some(grant) = body.grant {
        set.extend(grant.0);
    }
    if let Some(revoke) = body.revoke {
        for p in revoke.0 {
            set.remove(&p);
        }
    }
    Ok(())
}

fn properties_type(p: &HandleServiceProperties) -> &'static str {
    match p {
        HandleServiceProperties::Doi { .. } => "DOI",
        HandleServiceProperties::Pid { .. } => "PID",
    }
}

fn set_if<T>(target: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *target = v;
    }
}

/// Applies a partial update of the account settings. The variant (`type`)
/// cannot change: 400 `badValueNotAllowed` on `serviceProperties.type`, with
/// nothing changed.
fn apply_properties_update(
    current: &mut HandleServiceProperties,
    update: HandleServicePropertiesUpdate,
) -> Result<(), MockError> {
    use HandleServiceProperties as P;
    use HandleServicePropertiesUpdate as U;
    match (current, update) {
        (
            P::Doi {
                allow_template_override,
                doi_endpoint,
                host,
                identifier_template,
                media_endpoint,
                metadata_endpoint,
                password,
                prefix,
                username,
            },
            U::Doi {
                allow_template_override: new_allow_template_override,
                doi_endpoint: new_doi_endpoint,
                host: new_host,
                identifier_template: new_identifier_template,
                media_endpoint: new_media_endpoint,
                metadata_endpoint: new_metadata_endpoint,
                password: new_password,
                prefix: new_prefix,
                username: new_username,
            },
        ) => {
            if new_allow_template_override.is_some() {
                *allow_template_override = new_allow_template_override;
            }
            if new_identifier_template.is_some() {
                *identifier_template = new_identifier_template;
            }
            set_if(doi_endpoint, new_doi_endpoint);
            set_if(host, new_host);
            set_if(media_endpoint, new_media_endpoint);
            set_if(metadata_endpoint, new_metadata_endpoint);
            set_if(password, new_password);
            set_if(prefix, new_prefix);
            set_if(username, new_username);
            Ok(())
        }
        (
            P::Pid {
                allow_template_override,
                auto_suffix_generation,
                endpoint,
                identifier_template,
                password,
                prefix,
                suffix_prefix,
                suffix_suffix,
                username,
            },
            U::Pid {
                allow_template_override: new_allow_template_override,
                auto_suffix_generation: new_auto_suffix_generation,
                endpoint: new_endpoint,
                identifier_template: new_identifier_template,
                password: new_password,
                prefix: new_prefix,
                suffix_prefix: new_suffix_prefix,
                suffix_suffix: new_suffix_suffix,
                username: new_username,
            },
        ) => {
            if new_allow_template_override.is_some() {
                *allow_template_override = new_allow_template_override;
            }
            if new_identifier_template.is_some() {
                *identifier_template = new_identifier_template;
            }
            set_if(auto_suffix_generation, new_auto_suffix_generation);
            set_if(endpoint, new_endpoint);
            set_if(password, new_password);
            set_if(prefix, new_prefix);
            set_if(suffix_prefix, new_suffix_prefix);
            set_if(suffix_suffix, new_suffix_suffix);
            set_if(username, new_username);
            Ok(())
        }
        (current, _) => Err(MockError::BadValueNotAllowed {
            key: "serviceProperties.type".into(),
            allowed: vec![properties_type(current).to_owned()],
        }),
    }
}

/// The two kinds of direct member a handle service has; the operations on
/// users and on groups differ only in these respects.
#[derive(Clone, Copy)]
enum Member {
    User,
    Group,
}

impl Member {
    fn entity(self) -> EntityType {
        match self {
            Member::User => EntityType::User,
            Member::Group => EntityType::Group,
        }
    }

    /// 404 unless the member entity exists in the zone.
    fn exists(self, s: &State, id: &str) -> Result<(), MockError> {
        match self {
            Member::User => s.user(id).map(|_| ()),
            Member::Group => s.group(id).map(|_| ()),
        }
    }

    fn direct(self, hs: &HsRec) -> &BTreeMap<String, BTreeSet<HsPrivilege>> {
        match self {
            Member::User => &hs.users,
            Member::Group => &hs.groups,
        }
    }

    fn direct_mut(self, hs: &mut HsRec) -> &mut BTreeMap<String, BTreeSet<HsPrivilege>> {
        match self {
            Member::User => &mut hs.users,
            Member::Group => &mut hs.groups,
        }
    }

    /// The admin privilege that, with the handle service's own, lets a
    /// non-member add (`true`) or remove (`false`) a member of this kind.
    fn relationship_admin(self, add: bool) -> OzPrivilege {
        match (self, add) {
            (Member::User, true) => OzUsersAddRelationships,
            (Member::User, false) => OzUsersRemoveRelationships,
            (Member::Group, true) => OzGroupsAddRelationships,
            (Member::Group, false) => OzGroupsRemoveRelationships,
        }
    }

    /// 404 unless `member` is a direct member of `hs`; its privileges.
    fn privileges<'a>(self, hs: &'a HsRec, member: &str) -> Result<&'a BTreeSet<HsPrivilege>, MockError> {
        self.direct(hs).get(member).ok_or_else(|| {
            MockError::not_found(format_args!(
                "{} {member} among the direct members of handle service {}",
                self.entity(),
                hs.id
            ))
        })
    }
}

/// 404 unless `uid` is an effective user member of `hs`.
fn effective_user(s: &State, hs: &HsRec, uid: &str) -> Result<(), MockError> {
    if s.hs_effective_users(hs).contains(uid) {
        Ok(())
    } else {
        Err(MockError::not_found(format_args!("user {uid} among the members of handle service {}", hs.id)))
    }
}

/// 404 unless `gid` is an effective group member of `hs`.
fn effective_group(s: &State, hs: &HsRec, gid: &str) -> Result<(), MockError> {
    if s.hs_effective_groups(hs).contains(gid) {
        Ok(())
    } else {
        Err(MockError::not_found(format_args!("group {gid} among the members of handle service {}", hs.id)))
    }
}

/// The caller holds the handle-service privilege `p` effectively, or the
/// zone administration privilege `admin`.
fn hs_or_admin(s: &State, hs: &HsRec, uid: &str, p: HsPrivilege, admin: OzPrivilege) -> Result<(), MockError> {
    allow(s.has_hs_privilege(hs, uid, p) || s.oz(uid, admin))
}

/// The caller holds `handle_service_update` effectively, or every one of
/// `admin`.
fn update_or_admins(s: &State, hs: &HsRec, uid: &str, admin: &[OzPrivilege]) -> Result<(), MockError> {
    allow(s.has_hs_privilege(hs, uid, HsUpdate) || s.oz_all(uid, admin))
}

impl Zone {
    /// `GET /handle_services`: every handle service of the zone. Needs
    /// `oz_handle_services_list`.
    pub fn list_handle_services(&self, caller: &Caller) -> Result<HandleServices, MockError> {
        self.read(|s| {
            let uid = caller_id(s, caller)?;
            allow(s.oz(uid, OzHandleServicesList))?;
            Ok(hs_list(s.handle_services.keys().cloned()))
        })
    }

    /// `POST /handle_services`: registers a handle service attached to no
    /// user or group (the admin path, as `create_group` is for groups; the
    /// caller is recorded as its creator). `POST /user/handle_services` and
    /// `POST /groups/{id}/handle_services` are the paths that also make the
    /// caller or the group a member. Needs `oz_handle_services_create`.
    /// Returns `/handle_services/{id}`.
    pub fn add_handle_service(&self, caller: &Caller, body: HandleServiceCreateRequest) -> Result<String, MockError> {
        self.write(|s| {
            let uid = caller_id(s, caller)?.to_owned();
            allow(s.oz(&uid, OzHandleServicesCreate))?;
            let id = create_handle_service(s, body, user_subject(&uid), BTreeMap::new(), BTreeMap::new());
            Ok(format!("/handle_services/{id}"))
        })
    }

    /// `GET /handle_services/privileges` (public): every privilege name, and
    /// the default set of a new member.
    /// Never fails; the `Result` keeps the shape of every other operation.
    pub fn list_handle_service_privileges(&self) -> Result<HandleServicePrivilegeCatalogue, MockError> {
        Ok(HandleServicePrivilegeCatalogue {
            admin: HandleServicePrivileges(ALL_HS_PRIVILEGES.to_vec()),
            member: HandleServiceMemberPrivileges(vec![
                HandleServicePrivilege::HandleServiceView,
                HandleServicePrivilege::HandleServiceRegisterHandle,
            ]),
        })
    }

    /// `GET /handle_services/{id}`: the full record. Any effective member may
    /// read it; others need `oz_handle_services_view`.
    pub fn get_handle_service(&self, caller: &Caller, id: &str) -> Result<HandleService, MockError> {
        self.read(|s| {
            let uid = caller_id(s, caller)?;
            let hs = s.hs(id)?;
            allow(s.hs_effective_users(hs).contains(uid) || s.oz(uid, OzHandleServicesView))?;
            Ok(hs.to_api())
        })
    }

    /// `PATCH /handle_services/{id}`: changes the fields given; within
    /// `serviceProperties` only the fields sent change, and its `type` must
    /// stay the same (400 `badValueNotAllowed`). Needs `handle_service_update`
    /// or `oz_handle_services_update`. Nothing changes when the request fails.
    pub fn handle_service_update(&self, caller: &Caller, id: &str, body: HandleServiceUpdate) -> Result<(), MockError> {
        self.write(|s| {
            let uid = caller_id(s, caller)?.to_owned();
            hs_or_admin(s, s.hs(id)?, &uid, HsUpdate, OzHandleServicesUpdate)?;
            let hs = s.hs_mut(id)?;
            if let Some(update) = body.service_properties {
                apply_properties_update(&mut hs.service_properties, update)?;
            }
            set_if(&mut hs.name, body.name);
            set_if(&mut hs.proxy_endpoint, body.proxy_endpoint);
            Ok(())
        })
    }

    /// `DELETE /handle_services/{id}`: deletes a handle service that holds
    /// no handles (one that still does is refused with 400 `notSupported`:
    /// the API offers deletion only for services whose handles are gone).
    /// Needs `handle_service_delete` or `oz_handle_services_delete`.
    pub fn remove_handle_service(&self, caller: &Caller, id: &str) -> Result<(), MockError> {
        self.write(|s| {
            let uid = caller_id(s, caller)?.to_owned();
            let hs = s.hs(id)?;
            hs_or_admin(s, hs, &uid, HsPrivilege::HandleServiceDelete, OzHandleServicesDelete)?;
            if !hs.handles.is_empty() {
                return Err(MockError::NotSupported(format!(
                    "The handle service {id} still holds {} handle(s); it can be deleted once they are gone",
                    hs.handles.len()
                )));
            }
            s.handle_services.remove(id);
            Ok(())
        })
    }

    /// `GET /handle_services/{id}/public` (public): id and name.
    pub fn get_public_handle_service_details(&self, id: &str) -> Result<HandleServicePublicDetails, MockError> {
        self.read(|s| {
            let hs = s.hs(id)?;
            Ok(HandleServicePublicDetails { handle_service_id: hs.id.clone(), name: hs.name.clone() })
        })
    }

    /// `GET /handle_services/{id}/users`: direct user members. Needs
    /// `handle_service_view` or `oz_handle_services_list_relationships`.
    pub fn list_handle_service_users(&self, caller: &Caller, id: &str) -> Result<Users, MockError> {
        self.read(|s| {
            let uid = caller_id(s, caller)?;
            let hs = s.hs(id)?;
            hs_or_admin(s, hs, uid, HandleServiceView, OzHandleServicesListRelationships)?;
            Ok(Users { users: hs.users.keys().cloned().collect() })
        })
    }

    /// `GET /handle_services/{id}/users/{uid}`: a direct user member (404 for
    /// anyone else). Needs `handle_service_view` or `oz_users_view`.
    pub fn get_handle_service_user(&self, caller: &Caller, id: &str, uid: &str) -> Result<User, MockError> {
        self.read(|s| {
            let me = caller_id(s, caller)?;
            let hs = s.hs(id)?;
            let user = s.user(uid)?;
            Member::User.privileges(hs, uid)?;
            hs_or_admin(s, hs, me, HandleServiceView, OzUsersView)?;
            Ok(user.to_api())
        })
    }

    /// `PUT /handle_services/{id}/users/{uid}`: makes the user a direct member
    /// with the privileges of the body, or the default member set without
    /// them. Needs `handle_service_update`, or both
    /// `oz_handle_services_add_relationships` and `oz_users_add_relationships`.
    /// 409 `relationAlreadyExists` when already a direct member.
    pub fn add_handle_service_user(
        &self,
        caller: &Caller,
        id: &str,
        uid: &str,
        body: Option<HandleServiceMemberRequest>,
    ) -> Result<(), MockError> {
        self.add_member(Member::User, caller, id, uid, body)
    }

    /// `DELETE /handle_services/{id}/users/{uid}`: ends the user's direct
    /// membership. Needs `handle_service_update`, or both
    /// `oz_handle_services_remove_relationships` and
    /// `oz_users_remove_relationships`. 400 `relationDoesNotExist` when the
    /// user is not a direct member.
    pub fn remove_handle_service_user(&self, caller: &Caller, id: &str, uid: &str) -> Result<(), MockError> {
        self.remove_member(Member::User, caller, id, uid)
    }

    /// `GET /handle_services/{id}/users/{uid}/privileges`: the user's direct
    /// privileges (404 when not a direct member). Needs `handle_service_view`
    /// or `oz_handle_services_view_privileges`.
    pub fn list_user_handle_service_privileges(
        &self,
        caller: &Caller,
        id: &str,
        uid: &str,
    ) -> Result<MemberPrivileges, MockError> {
        self.direct_privileges(Member::User, caller, id, uid)
    }

    /// `PATCH /handle_services/{id}/users/{uid}/privileges`: grants, then
    /// revokes, direct privileges of a direct user member (404 otherwise).
    /// Needs `handle_service_update` or `oz_handle_services_set_privileges`.
    /// 400 `missingAtLeastOneValue` when the body has neither list.
    pub fn update_user_handle_service_privileges(
        &self,
        caller: &Caller,
        id: &str,
        uid: &str,
        body: HandleServicePrivilegesUpdate,
    ) -> Result<(), MockError> {
        self.update_privileges(Member::User, caller, id, uid, body)
    }

    /// `GET /handle_services/{id}/effective_users`: users belonging to the
    /// handle service directly or through its groups. Needs
    /// `handle_service_view` or `oz_handle_services_list_relationships`.
    pub fn list_effective_handle_service_users(&self, caller: &Caller, id: &str) -> Result<Users, MockError> {
        self.read(|s| {
            let uid = caller_id(s, caller)?;
            let hs = s.hs(id)?;
            hs_or_admin(s, hs, uid, HandleServiceView, OzHandleServicesListRelationships)?;
            Ok(Users { users: s.hs_effective_users(hs).into_iter().collect() })
        })
    }

    /// `GET /handle_services/{id}/effective_users/{uid}`: an effective user
    /// member (404 for anyone else). Needs `handle_service_view` or
    /// `oz_users_view`.
    pub fn get_effective_handle_service_user(&self, caller: &Caller, id: &str, uid: &str) -> Result<User, MockError> {
        self.read(|s| {
            let me = caller_id(s, caller)?;
            let hs = s.hs(id)?;
            let user = s.user(uid)?;
            effective_user(s, hs, uid)?;
            hs_or_admin(s, hs, me, HandleServiceView, OzUsersView)?;
            Ok(user.to_api())
        })
    }

    /// `GET /handle_services/{id}/effective_users/{uid}/privileges`: the
    /// user's direct privileges joined with those of every direct member
    /// group it belongs to (404 when not an effective member). Needs
    /// `handle_service_view` or `oz_handle_services_view_privileges`.
    pub fn list_effective_user_handle_service_privileges(
        &self,
        caller: &Caller,
        id: &str,
        uid: &str,
    ) -> Result<MemberPrivileges, MockError> {
        self.read(|s| {
            let me = caller_id(s, caller)?;
            let hs = s.hs(id)?;
            s.user(uid)?;
            effective_user(s, hs, uid)?;
            hs_or_admin(s, hs, me, HandleServiceView, OzHandleServicesViewPrivileges)?;
            Ok(member_privileges(s.user_hs_privileges(hs, uid)))
        })
    }

    /// `GET /handle_services/{id}/groups`: direct group members. Needs
    /// `handle_service_view` or `oz_handle_services_list_relationships`.
    pub fn list_handle_service_groups(&self, caller: &Caller, id: &str) -> Result<Groups, MockError> {
        self.read(|s| {
            let uid = caller_id(s, caller)?;
            let hs = s.hs(id)?;
            hs_or_admin(s, hs, uid, HandleServiceView, OzHandleServicesListRelationships)?;
            Ok(Groups { groups: hs.groups.keys().cloned().collect() })
        })
    }

    /// `GET /handle_services/{id}/groups/{gid}`: a direct group member (404
    /// for any other group). Needs `handle_service_view` or `oz_groups_view`.
    pub fn get_handle_service_group(&self, caller: &Caller, id: &str, gid: &str) -> Result<Group, MockError> {
        self.read(|s| {
            let uid = caller_id(s, caller)?;
            let hs = s.hs(id)?;
            let group = s.group(gid)?;
            Member::Group.privileges(hs, gid)?;
            hs_or_admin(s, hs, uid, HandleServiceView, OzGroupsView)?;
            Ok(group.to_api())
        })
    }

    /// `PUT /handle_services/{id}/groups/{gid}`: makes the group a direct
    /// member with the privileges of the body, or the default member set
    /// without them. Needs `handle_service_update`, or both
    /// `oz_handle_services_add_relationships` and
    /// `oz_groups_add_relationships`. 409 `relationAlreadyExists` when already
    /// a direct member. Returns `/handle_services/{id}/groups/{gid}`.
    pub fn add_handle_service_group(
        &self,
        caller: &Caller,
        id: &str,
        gid: &str,
        body: Option<HandleServiceMemberRequest>,
    ) -> Result<String, MockError> {
        self.add_member(Member::Group, caller, id, gid, body)?;
        Ok(format!("/handle_services/{id}/groups/{gid}"))
    }

    /// `DELETE /handle_services/{id}/groups/{gid}`: ends the group's direct
    /// membership. Needs `handle_service_update`, or both
    /// `oz_handle_services_remove_relationships` and
    /// `oz_groups_remove_relationships`. 400 `relationDoesNotExist` when the
    /// group is not a direct member.
    pub fn remove_handle_service_group(&self, caller: &Caller, id: &str, gid: &str) -> Result<(), MockError> {
        self.remove_member(Member::Group, caller, id, gid)
    }

    /// `GET /handle_services/{id}/groups/{gid}/privileges`: the group's direct
    /// privileges (404 when not a direct member). Needs `handle_service_view`
    /// or `oz_handle_services_view_privileges`.
    pub fn list_group_handle_service_privileges(
        &self,
        caller: &Caller,
        id: &str,
        gid: &str,
    ) -> Result<MemberPrivileges, MockError> {
        self.direct_privileges(Member::Group, caller, id, gid)
    }

    /// `PATCH /handle_services/{id}/groups/{gid}/privileges`: grants, then
    /// revokes, direct privileges of a direct group member (404 otherwise).
    /// Needs `handle_service_update` or `oz_handle_services_set_privileges`.
    /// 400 `missingAtLeastOneValue` when the body has neither list.
    pub fn update_group_handle_service_privileges(
        &self,
        caller: &Caller,
        id: &str,
        gid: &str,
        body: HandleServicePrivilegesUpdate,
    ) -> Result<(), MockError> {
        self.update_privileges(Member::Group, caller, id, gid, body)
    }

    /// `GET /handle_services/{id}/effective_groups`: direct groups and every
    /// group nested below them. Needs `handle_service_view` or
    /// `oz_handle_services_list_relationships`.
    pub fn list_effective_handle_service_groups(&self, caller: &Caller, id: &str) -> Result<Groups, MockError> {
        self.read(|s| {
            let uid = caller_id(s, caller)?;
            let hs = s.hs(id)?;
            hs_or_admin(s, hs, uid, HandleServiceView, OzHandleServicesListRelationships)?;
            Ok(Groups { groups: s.hs_effective_groups(hs).into_iter().collect() })
        })
    }

    /// `GET /handle_services/{id}/effective_groups/{gid}`: an effective group
    /// member (404 for any other group). Needs `handle_service_view` or
    /// `oz_groups_view`.
    pub fn get_effective_handle_service_group(&self, caller: &Caller, id: &str, gid: &str) -> Result<Group, MockError> {
        self.read(|s| {
            let uid = caller_id(s, caller)?;
            let hs = s.hs(id)?;
            let group = s.group(gid)?;
            effective_group(s, hs, gid)?;
            hs_or_admin(s, hs, uid, HandleServiceView, OzGroupsView)?;
            Ok(group.to_api())
        })
    }

    /// `GET /handle_services/{id}/effective_groups/{gid}/privileges`: the
    /// group's direct privileges joined with those of every direct member
    /// group above it (404 when not an effective member). Needs
    /// `handle_service_view` or `oz_handle_services_view_privileges`.
    pub fn list_effective_group_handle_service_privileges(
        &self,
        caller: &Caller,
        id: &str,
        gid: &str,
    ) -> Result<MemberPrivileges, MockError> {
        self.read(|s| {
            let uid = caller_id(s, caller)?;
            let hs = s.hs(id)?;
            s.group(gid)?;
            effective_group(s, hs, gid)?;
            hs_or_admin(s, hs, uid, HandleServiceView, OzHandleServicesViewPrivileges)?;
            Ok(member_privileges(s.group_hs_privileges(hs, gid)))
        })
    }

    /// `GET /handle_services/{id}/handles`: handles registered through the
    /// handle service. Needs `handle_service_list_handles` or
    /// `oz_handle_services_list_relationships`.
    pub fn list_handleservice_handles(&self, caller: &Caller, id: &str) -> Result<Handles, MockError> {
        self.read(|s| {
            let uid = caller_id(s, caller)?;
            let hs = s.hs(id)?;
            hs_or_admin(s, hs, uid, HandleServiceListHandles, OzHandleServicesListRelationships)?;
            Ok(Handles { handles: hs.handles.keys().cloned().collect() })
        })
    }

    /// `GET /handle_services/{id}/handles/{hid}`: one handle of the handle
    /// service (404 when it belongs to another one or does not exist). Needs
    /// `handle_service_view` or `oz_handles_view`.
    pub fn get_handle_service_handle(&self, caller: &Caller, id: &str, hid: &str) -> Result<Handle, MockError> {
        self.read(|s| {
            let uid = caller_id(s, caller)?;
            let hs = s.hs(id)?;
            let handle = hs
                .handles
                .get(hid)
                .ok_or_else(|| MockError::not_found(format_args!("handle {hid} in handle service {id}")))?;
            hs_or_admin(s, hs, uid, HandleServiceView, OzHandlesView)?;
            Ok(handle.clone())
        })
    }
}

impl Zone {
    /// Makes `member` a direct member with the body's privileges (or the
    /// default set): `handle_service_update`, or the handle-service and
    /// member-kind `*_add_relationships` admin pair; 409 when already one.
    fn add_member(
        &self,
        kind: Member,
        caller: &Caller,
        id: &str,
        member: &str,
        body: Option<HandleServiceMemberRequest>,
    ) -> Result<(), MockError> {
        self.write(|s| {
            let me = caller_id(s, caller)?.to_owned();
            let hs = s.hs(id)?;
            kind.exists(s, member)?;
            update_or_admins(s, hs, &me, &[OzHandleServicesAddRelationships, kind.relationship_admin(true)])?;
            let members = kind.direct_mut(s.hs_mut(id)?);
            if members.contains_key(member) {
                return Err(MockError::relation_exists((kind.entity(), member), (EntityType::HandleService, id)));
            }
            members.insert(member.to_owned(), initial_privileges(body));
            Ok(())
        })
    }

    /// Ends a direct membership: `handle_service_update`, or the
    /// `*_remove_relationships` admin pair; 400 `relationDoesNotExist` when
    /// there is none.
    fn remove_member(&self, kind: Member, caller: &Caller, id: &str, member: &str) -> Result<(), MockError> {
        self.write(|s| {
            let me = caller_id(s, caller)?.to_owned();
            let hs = s.hs(id)?;
            kind.exists(s, member)?;
            update_or_admins(s, hs, &me, &[OzHandleServicesRemoveRelationships, kind.relationship_admin(false)])?;
            if kind.direct_mut(s.hs_mut(id)?).remove(member).is_none() {
                return Err(MockError::relation_missing((kind.entity(), member), (EntityType::HandleService, id)));
            }
            Ok(())
        })
    }

    /// A direct member's own privileges (404 for a non-member):
    /// `handle_service_view` or `oz_handle_services_view_privileges`.
    fn direct_privileges(
        &self,
        kind: Member,
        caller: &Caller,
        id: &str,
        member: &str,
    ) -> Result<MemberPrivileges, MockError> {
        self.read(|s| {
            let me = caller_id(s, caller)?;
            let hs = s.hs(id)?;
            kind.exists(s, member)?;
            let privileges = kind.privileges(hs, member)?;
            hs_or_admin(s, hs, me, HandleServiceView, OzHandleServicesViewPrivileges)?;
            Ok(member_privileges(privileges.clone()))
        })
    }

    /// Grants, then revokes, a direct member's privileges (404 for a
    /// non-member): `handle_service_update` or
    /// `oz_handle_services_set_privileges`.
    fn update_privileges(
        &self,
        kind: Member,
        caller: &Caller,
        id: &str,
        member: &str,
        body: HandleServicePrivilegesUpdate,
    ) -> Result<(), MockError> {
        self.write(|s| {
            let me = caller_id(s, caller)?.to_owned();
            let hs = s.hs(id)?;
            kind.exists(s, member)?;
            kind.privileges(hs, member)?;
            hs_or_admin(s, hs, &me, HsUpdate, OzHandleServicesSetPrivileges)?;
            let entity = kind.entity();
            let set = kind
                .direct_mut(s.hs_mut(id)?)
                .get_mut(member)
                .ok_or_else(|| MockError::not_found(format_args!("{entity} {member}")))?;
            apply_privileges_update(set, body)
        })
    }
}
