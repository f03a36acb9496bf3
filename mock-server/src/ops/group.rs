//! Operations of the `Group` tag.

use std::collections::BTreeMap;

use onezone_types::{
    Group, GroupCreateRequest, GroupType, GroupUpdateRequest, Groups, HandleService, HandleServiceCreateRequest,
    HandleServices,
};

use super::{create_handle_service, hs_list};
use crate::error::{EntityType, MockError};
use crate::ids::unix_now;
use crate::privileges::{ALL_HS_PRIVILEGES, GroupPrivilege, OzPrivilege};
use crate::state::{GroupRec, user_subject};
use crate::zone::{Caller, Zone, allow, caller_id};

impl Zone {
    /// `GET /groups`: every group of the zone. Needs `oz_groups_list`.
    pub fn list_groups(&self, caller: &Caller) -> Result<Groups, MockError> {
        self.read(|s| {
            let uid = caller_id(s, caller)?;
            allow(s.oz(uid, OzPrivilege::OzGroupsList))?;
            Ok(Groups { groups: s.groups.keys().cloned().collect() })
        })
    }

    /// `POST /groups`: creates a group without members (type `team` unless
    /// given). Needs `oz_groups_create`. The caller is recorded as creator but
    /// does not join. Returns `/groups/{id}`.
    pub fn create_group(&self, caller: &Caller, body: GroupCreateRequest) -> Result<String, MockError> {
        self.write(|s| {
            let uid = caller_id(s, caller)?.to_owned();
            allow(s.oz(&uid, OzPrivilege::OzGroupsCreate))?;
            let id = s.fresh_group_id();
            s.groups.insert(
                id.clone(),
                GroupRec {
                    id: id.clone(),
                    name: body.name,
                    type_: body.type_.unwrap_or(GroupType::Team),
                    creator: user_subject(&uid),
                    creation_time: unix_now(),
                    users: BTreeMap::new(),
                    children: Default::default(),
                },
            );
            Ok(format!("/groups/{id}"))
        })
    }

    /// `GET /groups/{id}`: any effective member of the group may read it,
    /// others need `oz_groups_view`.
    pub fn get_group(&self, caller: &Caller, id: &str) -> Result<Group, MockError> {
        self.read(|s| {
            let uid = caller_id(s, caller)?;
            let group = s.group(id)?;
            allow(s.group_effective_users(id).contains(uid) || s.oz(uid, OzPrivilege::OzGroupsView))?;
            Ok(group.to_api())
        })
    }

    /// `PATCH /groups/{id}`: changes the fields given. Needs `group_update`
    /// or `oz_groups_update`.
    pub fn modify_group(&self, caller: &Caller, id: &str, body: GroupUpdateRequest) -> Result<(), MockError> {
        self.write(|s| {
            let uid = caller_id(s, caller)?.to_owned();
            s.group(id)?;
            allow(s.group_privilege(id, &uid, GroupPrivilege::GroupUpdate) || s.oz(&uid, OzPrivilege::OzGroupsUpdate))?;
            let group = s.group_mut(id)?;
            if let Some(name) = body.name {
                group.name = name;
            }
            if let Some(type_) = body.type_ {
                group.type_ = type_;
            }
            Ok(())
        })
    }

    /// `DELETE /groups/{id}`: deletes the group together with all its
    /// memberships (in handle services and as a child of other groups). Needs
    /// `group_delete` or `oz_groups_delete`.
    pub fn remove_group(&self, caller: &Caller, id: &str) -> Result<(), MockError> {
        self.write(|s| {
            let uid = caller_id(s, caller)?.to_owned();
            s.group(id)?;
            allow(s.group_privilege(id, &uid, GroupPrivilege::GroupDelete) || s.oz(&uid, OzPrivilege::OzGroupsDelete))?;
            s.delete_group(id);
            Ok(())
        })
    }

    /// `GET /groups/{id}/handle_services`: handle services the group is a
    /// direct member of. Needs `group_view` or `oz_groups_list_relationships`.
    pub fn list_group_handle_services(&self, caller: &Caller, id: &str) -> Result<HandleServices, MockError> {
        self.read(|s| {
            let uid = caller_id(s, caller)?;
            s.group(id)?;
            allow(
                s.group_privilege(id, uid, GroupPrivilege::GroupView)
                    || s.oz(uid, OzPrivilege::OzGroupsListRelationships),
            )?;
            Ok(hs_list(s.handle_services.values().filter(|hs| hs.groups.contains_key(id)).map(|hs| hs.id.clone())))
        })
    }

    /// `POST /groups/{id}/handle_services`: registers a handle service whose
    /// only direct member is the group, holding every handle-service
    /// privilege; the caller is recorded as creator. Needs
    /// `oz_handle_services_create` together with either
    /// `group_create_handle_service` in the group or
    /// `oz_groups_add_relationships`. Returns
    /// `/groups/{id}/handle_services/{hsid}`.
    pub fn add_group_handle_service(
        &self,
        caller: &Caller,
        id: &str,
        body: HandleServiceCreateRequest,
    ) -> Result<String, MockError> {
        self.write(|s| {
            let uid = caller_id(s, caller)?.to_owned();
            s.group(id)?;
            let as_member = s.group_privilege(id, &uid, GroupPrivilege::GroupCreateHandleService);
            let as_admin = s.oz(&uid, OzPrivilege::OzGroupsAddRelationships);
            allow(s.oz(&uid, OzPrivilege::OzHandleServicesCreate) && (as_member || as_admin))?;
            let groups = BTreeMap::from([(id.to_owned(), ALL_HS_PRIVILEGES.into_iter().collect())]);
            let hsid = create_handle_service(s, body, user_subject(&uid), BTreeMap::new(), groups);
            Ok(format!("/groups/{id}/handle_services/{hsid}"))
        })
    }

    /// `GET /groups/{id}/handle_services/{hsid}`: a handle service the group
    /// is a direct member of (404 otherwise). Needs `group_view` or
    /// `oz_handle_services_view`.
    pub fn get_group_handle_service(&self, caller: &Caller, id: &str, hsid: &str) -> Result<HandleService, MockError> {
        self.read(|s| {
            let uid = caller_id(s, caller)?;
            s.group(id)?;
            let hs = s.hs(hsid)?;
            if !hs.groups.contains_key(id) {
                return Err(MockError::not_found(format_args!(
                    "direct membership of group {id} in handle service {hsid}"
                )));
            }
            allow(
                s.group_privilege(id, uid, GroupPrivilege::GroupView) || s.oz(uid, OzPrivilege::OzHandleServicesView),
            )?;
            Ok(hs.to_api())
        })
    }

    /// `DELETE /groups/{id}/handle_services/{hsid}`: ends the group's direct
    /// membership. Needs `group_leave_handle_service` in the group, or both
    /// `oz_groups_remove_relationships` and
    /// `oz_handle_services_remove_relationships`. 400 `relationDoesNotExist`
    /// when the group is not a direct member.
    pub fn group_leave_handle_service(&self, caller: &Caller, id: &str, hsid: &str) -> Result<(), MockError> {
        self.write(|s| {
            let uid = caller_id(s, caller)?.to_owned();
            s.group(id)?;
            s.hs(hsid)?;
            allow(
                s.group_privilege(id, &uid, GroupPrivilege::GroupLeaveHandleService)
                    || s.oz_all(
                        &uid,
                        &[OzPrivilege::OzGroupsRemoveRelationships, OzPrivilege::OzHandleServicesRemoveRelationships],
                    ),
            )?;
            if s.hs_mut(hsid)?.groups.remove(id).is_none() {
                return Err(MockError::relation_missing((EntityType::Group, id), (EntityType::HandleService, hsid)));
            }
            Ok(())
        })
    }

    /// `GET /groups/{id}/effective_handle_services`: handle services the group
    /// belongs to directly or through a group above it. Needs `group_view` or
    /// `oz_groups_list_relationships`.
    pub fn list_effective_group_handle_services(&self, caller: &Caller, id: &str) -> Result<HandleServices, MockError> {
        self.read(|s| {
            let uid = caller_id(s, caller)?;
            s.group(id)?;
            allow(
                s.group_privilege(id, uid, GroupPrivilege::GroupView)
                    || s.oz(uid, OzPrivilege::OzGroupsListRelationships),
            )?;
            Ok(hs_list(s.group_effective_hss(id)))
        })
    }

    /// `GET /groups/{id}/effective_handle_services/{hsid}`: a handle service
    /// the group effectively belongs to (404 otherwise). Needs `group_view` or
    /// `oz_handle_services_view`.
    pub fn get_group_effective_handle_service(
        &self,
        caller: &Caller,
        id: &str,
        hsid: &str,
    ) -> Result<HandleService, MockError> {
        self.read(|s| {
            let uid = caller_id(s, caller)?;
            s.group(id)?;
            let hs = s.hs(hsid)?;
            if !s.group_effective_hss(id).contains(hsid) {
                return Err(MockError::not_found(format_args!("membership of group {id} in handle service {hsid}")));
            }
            allow(
                s.group_privilege(id, uid, GroupPrivilege::GroupView) || s.oz(uid, OzPrivilege::OzHandleServicesView),
            )?;
            Ok(hs.to_api())
        })
    }
}
