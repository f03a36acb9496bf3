//! Operations of the `User` tag: they act on the caller's own memberships.

use std::collections::BTreeMap;

use onezone_types::{HandleService, HandleServiceCreateRequest, HandleServices};

use super::{create_handle_service, hs_list};
use crate::error::{EntityType, MockError};
use crate::privileges::{ALL_HS_PRIVILEGES, OzPrivilege};
use crate::state::user_subject;
use crate::zone::{Caller, Zone, allow, caller_id};

impl Zone {
    /// `GET /user/handle_services`: handle services the caller is a direct
    /// member of. Any user may ask for their own.
    pub fn list_user_handle_services(&self, caller: &Caller) -> Result<HandleServices, MockError> {
        self.read(|s| {
            let uid = caller_id(s, caller)?;
            Ok(hs_list(s.handle_services.values().filter(|hs| hs.users.contains_key(uid)).map(|hs| hs.id.clone())))
        })
    }

    /// `POST /user/handle_services`: registers a handle service with the
    /// caller as its only direct member, holding every handle-service
    /// privilege. Needs `oz_handle_services_create`. Returns the path of the
    /// new resource, `/user/handle_services/{id}`.
    pub fn add_user_handle_service(
        &self,
        caller: &Caller,
        body: HandleServiceCreateRequest,
    ) -> Result<String, MockError> {
        self.write(|s| {
            let uid = caller_id(s, caller)?.to_owned();
            allow(s.oz(&uid, OzPrivilege::OzHandleServicesCreate))?;
            let users = BTreeMap::from([(uid.clone(), ALL_HS_PRIVILEGES.into_iter().collect())]);
            let id = create_handle_service(s, body, user_subject(&uid), users, BTreeMap::new());
            Ok(format!("/user/handle_services/{id}"))
        })
    }

    /// `GET /user/handle_services/{hsid}`: a handle service the caller is a
    /// direct member of; 404 when the caller is not one.
    pub fn get_user_handle_service(&self, caller: &Caller, hsid: &str) -> Result<HandleService, MockError> {
        self.read(|s| {
            let uid = caller_id(s, caller)?;
            let hs = s.hs(hsid)?;
            if !hs.users.contains_key(uid) {
                return Err(MockError::not_found(format_args!(
                    "direct membership of user {uid} in handle service {hsid}"
                )));
            }
            Ok(hs.to_api())
        })
    }

    /// `DELETE /user/handle_services/{hsid}`: ends the caller's direct
    /// membership (membership through groups stays). 400
    /// `relationDoesNotExist` when the caller is not a direct member.
    pub fn leave_handle_service(&self, caller: &Caller, hsid: &str) -> Result<(), MockError> {
        self.write(|s| {
            let uid = caller_id(s, caller)?.to_owned();
            let hs = s.hs_mut(hsid)?;
            if hs.users.remove(&uid).is_none() {
                return Err(MockError::relation_missing((EntityType::User, &uid), (EntityType::HandleService, hsid)));
            }
            Ok(())
        })
    }

    /// `GET /user/effective_handle_services/{hsid}`: a handle service the
    /// caller belongs to directly or through any of its groups; 404 when it
    /// reaches it neither way.
    pub fn get_user_effective_handle_service(&self, caller: &Caller, hsid: &str) -> Result<HandleService, MockError> {
        self.read(|s| {
            let uid = caller_id(s, caller)?;
            let hs = s.hs(hsid)?;
            if !s.user_effective_hss(uid).contains(hsid) {
                return Err(MockError::not_found(format_args!(
                    "membership, direct or through a group, of user {uid} in handle service {hsid}"
                )));
            }
            Ok(hs.to_api())
        })
    }

    /// `GET /user/effective_handle_services`: handle services the caller
    /// belongs to directly or through any of its groups.
    pub fn list_user_effective_handle_services(&self, caller: &Caller) -> Result<HandleServices, MockError> {
        self.read(|s| {
            let uid = caller_id(s, caller)?;
            Ok(hs_list(s.user_effective_hss(uid)))
        })
    }
}
