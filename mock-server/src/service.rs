//! The zone served through the generated `onezone-server` traits: one call
//! per operation into [`Zone`], created paths turned into absolute
//! `Location` URLs, [`MockError`] into Onezone's error body.

use onezone_server::{
    AddGroupHandleServiceRequest, AddHandleServiceGroupRequest, AddHandleServiceRequest, AddHandleServiceUserRequest,
    AddUserHandleServiceRequest, ApiError, Auth, CreateGroupRequest, Created, Credentials,
    GetEffectiveHandleServiceGroupRequest, GetEffectiveHandleServiceUserRequest, GetGroupEffectiveHandleServiceRequest,
    GetGroupHandleServiceRequest, GetGroupRequest, GetHandleServiceGroupRequest, GetHandleServiceHandleRequest,
    GetHandleServiceRequest, GetHandleServiceUserRequest, GetPublicHandleServiceDetailsRequest,
    GetUserEffectiveHandleServiceRequest, GetUserHandleServiceRequest, GroupApi, GroupLeaveHandleServiceRequest,
    HandleServiceApi, HandleServiceUpdateRequest, Json, LeaveHandleServiceRequest,
    ListEffectiveGroupHandleServicePrivilegesRequest, ListEffectiveGroupHandleServicesRequest,
    ListEffectiveHandleServiceGroupsRequest, ListEffectiveHandleServiceUsersRequest,
    ListEffectiveUserHandleServicePrivilegesRequest, ListGroupHandleServicePrivilegesRequest,
    ListGroupHandleServicesRequest, ListGroupsRequest, ListHandleServiceGroupsRequest,
    ListHandleServicePrivilegesRequest, ListHandleServiceUsersRequest, ListHandleServicesRequest,
    ListHandleserviceHandlesRequest, ListUserEffectiveHandleServicesRequest, ListUserHandleServicePrivilegesRequest,
    ListUserHandleServicesRequest, ModifyGroupRequest, NoContent, RemoveGroupRequest, RemoveHandleServiceGroupRequest,
    RemoveHandleServiceRequest, RemoveHandleServiceUserRequest, RequestContext,
    UpdateGroupHandleServicePrivilegesRequest, UpdateUserHandleServicePrivilegesRequest, UserApi, types,
};

use crate::{Caller, MockError, Zone};

/// [`Zone`] as an implementation of every trait of `onezone-server`.
#[derive(Clone)]
pub struct MockService {
    zone: Zone,
}

impl MockService {
    /// Serves `zone`.
    pub fn new(zone: Zone) -> Self {
        Self { zone }
    }

    /// The zone behind the service, for direct inspection in tests.
    pub fn zone(&self) -> &Zone {
        &self.zone
    }
}

impl From<MockError> for ApiError {
    fn from(e: MockError) -> Self {
        e.to_api_error()
    }
}

impl Auth for MockService {
    type Claims = Caller;

    async fn authenticate(&self, credentials: &Credentials, _ctx: &RequestContext) -> Result<Caller, ApiError> {
        let caller = match credentials {
            Credentials::Basic { username, password } => self.zone.authenticate_basic(username, password)?,
            Credentials::Token(token) | Credentials::Bearer(token) => self.zone.authenticate_token(token)?,
        };
        Ok(caller)
    }
}

impl UserApi for MockService {
    async fn list_user_handle_services(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        _request: ListUserHandleServicesRequest,
    ) -> Result<Json<types::HandleServices>, ApiError> {
        Ok(Json(self.zone.list_user_handle_services(&caller)?))
    }

    async fn add_user_handle_service(
        &self,
        ctx: &RequestContext,
        caller: Caller,
        request: AddUserHandleServiceRequest,
    ) -> Result<Created, ApiError> {
        Ok(Created { location: ctx.absolute_url(&self.zone.add_user_handle_service(&caller, request.body)?) })
    }

    async fn get_user_handle_service(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: GetUserHandleServiceRequest,
    ) -> Result<Json<types::HandleService>, ApiError> {
        Ok(Json(self.zone.get_user_handle_service(&caller, &request.hsid)?))
    }

    async fn leave_handle_service(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: LeaveHandleServiceRequest,
    ) -> Result<NoContent, ApiError> {
        self.zone.leave_handle_service(&caller, &request.hsid)?;
        Ok(NoContent)
    }

    async fn list_user_effective_handle_services(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        _request: ListUserEffectiveHandleServicesRequest,
    ) -> Result<Json<types::HandleServices>, ApiError> {
        Ok(Json(self.zone.list_user_effective_handle_services(&caller)?))
    }

    async fn get_user_effective_handle_service(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: GetUserEffectiveHandleServiceRequest,
    ) -> Result<Json<types::HandleService>, ApiError> {
        Ok(Json(self.zone.get_user_effective_handle_service(&caller, &request.hsid)?))
    }
}

impl GroupApi for MockService {
    async fn list_groups(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        _request: ListGroupsRequest,
    ) -> Result<Json<types::Groups>, ApiError> {
        Ok(Json(self.zone.list_groups(&caller)?))
    }

    async fn create_group(
        &self,
        ctx: &RequestContext,
        caller: Caller,
        request: CreateGroupRequest,
    ) -> Result<Created, ApiError> {
        Ok(Created { location: ctx.absolute_url(&self.zone.create_group(&caller, request.body)?) })
    }

    async fn get_group(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: GetGroupRequest,
    ) -> Result<Json<types::Group>, ApiError> {
        Ok(Json(self.zone.get_group(&caller, &request.id)?))
    }

    async fn remove_group(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: RemoveGroupRequest,
    ) -> Result<NoContent, ApiError> {
        self.zone.remove_group(&caller, &request.id)?;
        Ok(NoContent)
    }

    async fn modify_group(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: ModifyGroupRequest,
    ) -> Result<NoContent, ApiError> {
        self.zone.modify_group(&caller, &request.id, request.body)?;
        Ok(NoContent)
    }

    async fn list_group_handle_services(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: ListGroupHandleServicesRequest,
    ) -> Result<Json<types::HandleServices>, ApiError> {
        Ok(Json(self.zone.list_group_handle_services(&caller, &request.id)?))
    }

    async fn add_group_handle_service(
        &self,
        ctx: &RequestContext,
        caller: Caller,
        request: AddGroupHandleServiceRequest,
    ) -> Result<Created, ApiError> {
        Ok(Created {
            location: ctx.absolute_url(&self.zone.add_group_handle_service(&caller, &request.id, request.body)?),
        })
    }

    async fn get_group_handle_service(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: GetGroupHandleServiceRequest,
    ) -> Result<Json<types::HandleService>, ApiError> {
        Ok(Json(self.zone.get_group_handle_service(&caller, &request.id, &request.hsid)?))
    }

    async fn group_leave_handle_service(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: GroupLeaveHandleServiceRequest,
    ) -> Result<NoContent, ApiError> {
        self.zone.group_leave_handle_service(&caller, &request.id, &request.hsid)?;
        Ok(NoContent)
    }

    async fn list_effective_group_handle_services(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: ListEffectiveGroupHandleServicesRequest,
    ) -> Result<Json<types::HandleServices>, ApiError> {
        Ok(Json(self.zone.list_effective_group_handle_services(&caller, &request.id)?))
    }

    async fn get_group_effective_handle_service(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: GetGroupEffectiveHandleServiceRequest,
    ) -> Result<Json<types::HandleService>, ApiError> {
        Ok(Json(self.zone.get_group_effective_handle_service(&caller, &request.id, &request.hsid)?))
    }
}

impl HandleServiceApi for MockService {
    async fn list_handle_services(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        _request: ListHandleServicesRequest,
    ) -> Result<Json<types::HandleServices>, ApiError> {
        Ok(Json(self.zone.list_handle_services(&caller)?))
    }

    async fn add_handle_service(
        &self,
        ctx: &RequestContext,
        caller: Caller,
        request: AddHandleServiceRequest,
    ) -> Result<Created, ApiError> {
        Ok(Created { location: ctx.absolute_url(&self.zone.add_handle_service(&caller, request.body)?) })
    }

    async fn list_handle_service_privileges(
        &self,
        _ctx: &RequestContext,
        _claims: Option<Caller>,
        _request: ListHandleServicePrivilegesRequest,
    ) -> Result<Json<types::HandleServicePrivilegeCatalogue>, ApiError> {
        Ok(Json(self.zone.list_handle_service_privileges()?))
    }

    async fn get_handle_service(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: GetHandleServiceRequest,
    ) -> Result<Json<types::HandleService>, ApiError> {
        Ok(Json(self.zone.get_handle_service(&caller, &request.id)?))
    }

    async fn remove_handle_service(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: RemoveHandleServiceRequest,
    ) -> Result<NoContent, ApiError> {
        self.zone.remove_handle_service(&caller, &request.id)?;
        Ok(NoContent)
    }

    async fn handle_service_update(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: HandleServiceUpdateRequest,
    ) -> Result<NoContent, ApiError> {
        self.zone.handle_service_update(&caller, &request.id, request.body)?;
        Ok(NoContent)
    }

    async fn get_public_handle_service_details(
        &self,
        _ctx: &RequestContext,
        _claims: Option<Caller>,
        request: GetPublicHandleServiceDetailsRequest,
    ) -> Result<Json<types::HandleServicePublicDetails>, ApiError> {
        Ok(Json(self.zone.get_public_handle_service_details(&request.id)?))
    }

    async fn list_handle_service_users(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: ListHandleServiceUsersRequest,
    ) -> Result<Json<types::Users>, ApiError> {
        Ok(Json(self.zone.list_handle_service_users(&caller, &request.id)?))
    }

    async fn get_handle_service_user(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: GetHandleServiceUserRequest,
    ) -> Result<Json<types::User>, ApiError> {
        Ok(Json(self.zone.get_handle_service_user(&caller, &request.id, &request.uid)?))
    }

    async fn add_handle_service_user(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: AddHandleServiceUserRequest,
    ) -> Result<NoContent, ApiError> {
        self.zone.add_handle_service_user(&caller, &request.id, &request.uid, request.body)?;
        Ok(NoContent)
    }

    async fn remove_handle_service_user(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: RemoveHandleServiceUserRequest,
    ) -> Result<NoContent, ApiError> {
        self.zone.remove_handle_service_user(&caller, &request.id, &request.uid)?;
        Ok(NoContent)
    }

    async fn list_user_handle_service_privileges(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: ListUserHandleServicePrivilegesRequest,
    ) -> Result<Json<types::MemberPrivileges>, ApiError> {
        Ok(Json(self.zone.list_user_handle_service_privileges(&caller, &request.id, &request.uid)?))
    }

    async fn update_user_handle_service_privileges(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: UpdateUserHandleServicePrivilegesRequest,
    ) -> Result<NoContent, ApiError> {
        self.zone.update_user_handle_service_privileges(&caller, &request.id, &request.uid, request.body)?;
        Ok(NoContent)
    }

    async fn list_effective_handle_service_users(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: ListEffectiveHandleServiceUsersRequest,
    ) -> Result<Json<types::Users>, ApiError> {
        Ok(Json(self.zone.list_effective_handle_service_users(&caller, &request.id)?))
    }

    async fn get_effective_handle_service_user(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: GetEffectiveHandleServiceUserRequest,
    ) -> Result<Json<types::User>, ApiError> {
        Ok(Json(self.zone.get_effective_handle_service_user(&caller, &request.id, &request.uid)?))
    }

    async fn list_effective_user_handle_service_privileges(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: ListEffectiveUserHandleServicePrivilegesRequest,
    ) -> Result<Json<types::MemberPrivileges>, ApiError> {
        Ok(Json(self.zone.list_effective_user_handle_service_privileges(&caller, &request.id, &request.uid)?))
    }

    async fn list_handle_service_groups(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: ListHandleServiceGroupsRequest,
    ) -> Result<Json<types::Groups>, ApiError> {
        Ok(Json(self.zone.list_handle_service_groups(&caller, &request.id)?))
    }

    async fn get_handle_service_group(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: GetHandleServiceGroupRequest,
    ) -> Result<Json<types::Group>, ApiError> {
        Ok(Json(self.zone.get_handle_service_group(&caller, &request.id, &request.gid)?))
    }

    async fn add_handle_service_group(
        &self,
        ctx: &RequestContext,
        caller: Caller,
        request: AddHandleServiceGroupRequest,
    ) -> Result<Created, ApiError> {
        Ok(Created {
            location: ctx.absolute_url(&self.zone.add_handle_service_group(
                &caller,
                &request.id,
                &request.gid,
                request.body,
            )?),
        })
    }

    async fn remove_handle_service_group(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: RemoveHandleServiceGroupRequest,
    ) -> Result<NoContent, ApiError> {
        self.zone.remove_handle_service_group(&caller, &request.id, &request.gid)?;
        Ok(NoContent)
    }

    async fn list_group_handle_service_privileges(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: ListGroupHandleServicePrivilegesRequest,
    ) -> Result<Json<types::MemberPrivileges>, ApiError> {
        Ok(Json(self.zone.list_group_handle_service_privileges(&caller, &request.id, &request.gid)?))
    }

    async fn update_group_handle_service_privileges(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: UpdateGroupHandleServicePrivilegesRequest,
    ) -> Result<NoContent, ApiError> {
        self.zone.update_group_handle_service_privileges(&caller, &request.id, &request.gid, request.body)?;
        Ok(NoContent)
    }

    async fn list_effective_handle_service_groups(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: ListEffectiveHandleServiceGroupsRequest,
    ) -> Result<Json<types::Groups>, ApiError> {
        Ok(Json(self.zone.list_effective_handle_service_groups(&caller, &request.id)?))
    }

    async fn get_effective_handle_service_group(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: GetEffectiveHandleServiceGroupRequest,
    ) -> Result<Json<types::Group>, ApiError> {
        Ok(Json(self.zone.get_effective_handle_service_group(&caller, &request.id, &request.gid)?))
    }

    async fn list_effective_group_handle_service_privileges(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: ListEffectiveGroupHandleServicePrivilegesRequest,
    ) -> Result<Json<types::MemberPrivileges>, ApiError> {
        Ok(Json(self.zone.list_effective_group_handle_service_privileges(&caller, &request.id, &request.gid)?))
    }

    async fn list_handleservice_handles(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: ListHandleserviceHandlesRequest,
    ) -> Result<Json<types::Handles>, ApiError> {
        Ok(Json(self.zone.list_handleservice_handles(&caller, &request.id)?))
    }

    async fn get_handle_service_handle(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: GetHandleServiceHandleRequest,
    ) -> Result<Json<types::Handle>, ApiError> {
        Ok(Json(self.zone.get_handle_service_handle(&caller, &request.id, &request.hid)?))
    }
}
