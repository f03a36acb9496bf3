//! The zone served through the generated `onezone-server` traits: one call
//! per operation into [`Zone`], created paths turned into absolute
//! `Location` URLs, [`MockError`] into Onezone's error body.

use onezone_server::{
    AddGroupHandleServiceRequest, AddGroupHandleServiceResponse, AddHandleServiceGroupRequest,
    AddHandleServiceGroupResponse, AddHandleServiceRequest, AddHandleServiceResponse, AddHandleServiceUserRequest,
    AddHandleServiceUserResponse, AddUserHandleServiceRequest, AddUserHandleServiceResponse, ApiError, Auth,
    CreateGroupRequest, CreateGroupResponse, Credentials, GetEffectiveHandleServiceGroupRequest,
    GetEffectiveHandleServiceGroupResponse, GetEffectiveHandleServiceUserRequest,
    GetEffectiveHandleServiceUserResponse, GetGroupEffectiveHandleServiceRequest,
    GetGroupEffectiveHandleServiceResponse, GetGroupHandleServiceRequest, GetGroupHandleServiceResponse,
    GetGroupRequest, GetGroupResponse, GetHandleServiceGroupRequest, GetHandleServiceGroupResponse,
    GetHandleServiceHandleRequest, GetHandleServiceHandleResponse, GetHandleServiceRequest, GetHandleServiceResponse,
    GetHandleServiceUserRequest, GetHandleServiceUserResponse, GetPublicHandleServiceDetailsRequest,
    GetPublicHandleServiceDetailsResponse, GetUserHandleServiceRequest, GetUserHandleServiceResponse, GroupApi,
    GroupLeaveHandleServiceRequest, GroupLeaveHandleServiceResponse, HandleServiceApi, HandleServiceUpdateRequest,
    HandleServiceUpdateResponse, LeaveHandleServiceRequest, LeaveHandleServiceResponse,
    ListEffectiveGroupHandleServicePrivilegesRequest, ListEffectiveGroupHandleServicePrivilegesResponse,
    ListEffectiveGroupHandleServicesRequest, ListEffectiveGroupHandleServicesResponse,
    ListEffectiveHandleServiceGroupsRequest, ListEffectiveHandleServiceGroupsResponse,
    ListEffectiveHandleServiceUsersRequest, ListEffectiveHandleServiceUsersResponse,
    ListEffectiveUserHandleServicePrivilegesRequest, ListEffectiveUserHandleServicePrivilegesResponse,
    ListGroupHandleServicePrivilegesRequest, ListGroupHandleServicePrivilegesResponse, ListGroupHandleServicesRequest,
    ListGroupHandleServicesResponse, ListGroupsRequest, ListGroupsResponse, ListHandleServiceGroupsRequest,
    ListHandleServiceGroupsResponse, ListHandleServicePrivilegesRequest, ListHandleServicePrivilegesResponse,
    ListHandleServiceUsersRequest, ListHandleServiceUsersResponse, ListHandleServicesRequest,
    ListHandleServicesResponse, ListHandleserviceHandlesRequest, ListHandleserviceHandlesResponse,
    ListUserEffectiveHandleServicesRequest, ListUserEffectiveHandleServicesResponse,
    ListUserHandleServicePrivilegesRequest, ListUserHandleServicePrivilegesResponse, ListUserHandleServicesRequest,
    ListUserHandleServicesResponse, ModifyGroupRequest, ModifyGroupResponse, RemoveGroupRequest, RemoveGroupResponse,
    RemoveHandleServiceGroupRequest, RemoveHandleServiceGroupResponse, RemoveHandleServiceRequest,
    RemoveHandleServiceResponse, RemoveHandleServiceUserRequest, RemoveHandleServiceUserResponse, RequestContext,
    UpdateGroupHandleServicePrivilegesRequest, UpdateGroupHandleServicePrivilegesResponse,
    UpdateUserHandleServicePrivilegesRequest, UpdateUserHandleServicePrivilegesResponse, UserApi,
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
        let (status, id, details) = e.onedata();
        let status = http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        let error = ApiError::new(status, id, e.to_string());
        if details.is_null() { error } else { error.with_details(details) }
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
    ) -> Result<ListUserHandleServicesResponse, ApiError> {
        Ok(ListUserHandleServicesResponse::Ok(self.zone.list_user_handle_services(&caller)?))
    }

    async fn add_user_handle_service(
        &self,
        ctx: &RequestContext,
        caller: Caller,
        request: AddUserHandleServiceRequest,
    ) -> Result<AddUserHandleServiceResponse, ApiError> {
        Ok(AddUserHandleServiceResponse::Created {
            location: ctx.absolute_url(&self.zone.add_user_handle_service(&caller, request.body)?),
        })
    }

    async fn get_user_handle_service(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: GetUserHandleServiceRequest,
    ) -> Result<GetUserHandleServiceResponse, ApiError> {
        Ok(GetUserHandleServiceResponse::Ok(self.zone.get_user_handle_service(&caller, &request.hsid)?))
    }

    async fn leave_handle_service(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: LeaveHandleServiceRequest,
    ) -> Result<LeaveHandleServiceResponse, ApiError> {
        self.zone.leave_handle_service(&caller, &request.hsid)?;
        Ok(LeaveHandleServiceResponse::NoContent)
    }

    async fn list_user_effective_handle_services(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        _request: ListUserEffectiveHandleServicesRequest,
    ) -> Result<ListUserEffectiveHandleServicesResponse, ApiError> {
        Ok(ListUserEffectiveHandleServicesResponse::Ok(self.zone.list_user_effective_handle_services(&caller)?))
    }
}

impl GroupApi for MockService {
    async fn list_groups(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        _request: ListGroupsRequest,
    ) -> Result<ListGroupsResponse, ApiError> {
        Ok(ListGroupsResponse::Ok(self.zone.list_groups(&caller)?))
    }

    async fn create_group(
        &self,
        ctx: &RequestContext,
        caller: Caller,
        request: CreateGroupRequest,
    ) -> Result<CreateGroupResponse, ApiError> {
        Ok(CreateGroupResponse::Created { location: ctx.absolute_url(&self.zone.create_group(&caller, request.body)?) })
    }

    async fn get_group(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: GetGroupRequest,
    ) -> Result<GetGroupResponse, ApiError> {
        Ok(GetGroupResponse::Ok(self.zone.get_group(&caller, &request.id)?))
    }

    async fn remove_group(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: RemoveGroupRequest,
    ) -> Result<RemoveGroupResponse, ApiError> {
        self.zone.remove_group(&caller, &request.id)?;
        Ok(RemoveGroupResponse::NoContent)
    }

    async fn modify_group(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: ModifyGroupRequest,
    ) -> Result<ModifyGroupResponse, ApiError> {
        self.zone.modify_group(&caller, &request.id, request.body)?;
        Ok(ModifyGroupResponse::NoContent)
    }

    async fn list_group_handle_services(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: ListGroupHandleServicesRequest,
    ) -> Result<ListGroupHandleServicesResponse, ApiError> {
        Ok(ListGroupHandleServicesResponse::Ok(self.zone.list_group_handle_services(&caller, &request.id)?))
    }

    async fn add_group_handle_service(
        &self,
        ctx: &RequestContext,
        caller: Caller,
        request: AddGroupHandleServiceRequest,
    ) -> Result<AddGroupHandleServiceResponse, ApiError> {
        Ok(AddGroupHandleServiceResponse::Created {
            location: ctx.absolute_url(&self.zone.add_group_handle_service(&caller, &request.id, request.body)?),
        })
    }

    async fn get_group_handle_service(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: GetGroupHandleServiceRequest,
    ) -> Result<GetGroupHandleServiceResponse, ApiError> {
        Ok(GetGroupHandleServiceResponse::Ok(self.zone.get_group_handle_service(
            &caller,
            &request.id,
            &request.hsid,
        )?))
    }

    async fn group_leave_handle_service(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: GroupLeaveHandleServiceRequest,
    ) -> Result<GroupLeaveHandleServiceResponse, ApiError> {
        self.zone.group_leave_handle_service(&caller, &request.id, &request.hsid)?;
        Ok(GroupLeaveHandleServiceResponse::NoContent)
    }

    async fn list_effective_group_handle_services(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: ListEffectiveGroupHandleServicesRequest,
    ) -> Result<ListEffectiveGroupHandleServicesResponse, ApiError> {
        Ok(ListEffectiveGroupHandleServicesResponse::Ok(
            self.zone.list_effective_group_handle_services(&caller, &request.id)?,
        ))
    }

    async fn get_group_effective_handle_service(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: GetGroupEffectiveHandleServiceRequest,
    ) -> Result<GetGroupEffectiveHandleServiceResponse, ApiError> {
        Ok(GetGroupEffectiveHandleServiceResponse::Ok(self.zone.get_group_effective_handle_service(
            &caller,
            &request.id,
            &request.hsid,
        )?))
    }
}

impl HandleServiceApi for MockService {
    async fn list_handle_services(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        _request: ListHandleServicesRequest,
    ) -> Result<ListHandleServicesResponse, ApiError> {
        Ok(ListHandleServicesResponse::Ok(self.zone.list_handle_services(&caller)?))
    }

    async fn add_handle_service(
        &self,
        ctx: &RequestContext,
        caller: Caller,
        request: AddHandleServiceRequest,
    ) -> Result<AddHandleServiceResponse, ApiError> {
        Ok(AddHandleServiceResponse::Created {
            location: ctx.absolute_url(&self.zone.add_handle_service(&caller, request.body)?),
        })
    }

    async fn list_handle_service_privileges(
        &self,
        _ctx: &RequestContext,
        _claims: Option<Caller>,
        _request: ListHandleServicePrivilegesRequest,
    ) -> Result<ListHandleServicePrivilegesResponse, ApiError> {
        Ok(ListHandleServicePrivilegesResponse::Ok(self.zone.list_handle_service_privileges()?))
    }

    async fn get_handle_service(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: GetHandleServiceRequest,
    ) -> Result<GetHandleServiceResponse, ApiError> {
        Ok(GetHandleServiceResponse::Ok(self.zone.get_handle_service(&caller, &request.id)?))
    }

    async fn remove_handle_service(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: RemoveHandleServiceRequest,
    ) -> Result<RemoveHandleServiceResponse, ApiError> {
        self.zone.remove_handle_service(&caller, &request.id)?;
        Ok(RemoveHandleServiceResponse::NoContent)
    }

    async fn handle_service_update(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: HandleServiceUpdateRequest,
    ) -> Result<HandleServiceUpdateResponse, ApiError> {
        self.zone.handle_service_update(&caller, &request.id, request.body)?;
        Ok(HandleServiceUpdateResponse::NoContent)
    }

    async fn get_public_handle_service_details(
        &self,
        _ctx: &RequestContext,
        _claims: Option<Caller>,
        request: GetPublicHandleServiceDetailsRequest,
    ) -> Result<GetPublicHandleServiceDetailsResponse, ApiError> {
        Ok(GetPublicHandleServiceDetailsResponse::Ok(self.zone.get_public_handle_service_details(&request.id)?))
    }

    async fn list_handle_service_users(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: ListHandleServiceUsersRequest,
    ) -> Result<ListHandleServiceUsersResponse, ApiError> {
        Ok(ListHandleServiceUsersResponse::Ok(self.zone.list_handle_service_users(&caller, &request.id)?))
    }

    async fn get_handle_service_user(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: GetHandleServiceUserRequest,
    ) -> Result<GetHandleServiceUserResponse, ApiError> {
        Ok(GetHandleServiceUserResponse::Ok(self.zone.get_handle_service_user(&caller, &request.id, &request.uid)?))
    }

    async fn add_handle_service_user(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: AddHandleServiceUserRequest,
    ) -> Result<AddHandleServiceUserResponse, ApiError> {
        self.zone.add_handle_service_user(&caller, &request.id, &request.uid, request.body)?;
        Ok(AddHandleServiceUserResponse::NoContent)
    }

    async fn remove_handle_service_user(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: RemoveHandleServiceUserRequest,
    ) -> Result<RemoveHandleServiceUserResponse, ApiError> {
        self.zone.remove_handle_service_user(&caller, &request.id, &request.uid)?;
        Ok(RemoveHandleServiceUserResponse::NoContent)
    }

    async fn list_user_handle_service_privileges(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: ListUserHandleServicePrivilegesRequest,
    ) -> Result<ListUserHandleServicePrivilegesResponse, ApiError> {
        Ok(ListUserHandleServicePrivilegesResponse::Ok(self.zone.list_user_handle_service_privileges(
            &caller,
            &request.id,
            &request.uid,
        )?))
    }

    async fn update_user_handle_service_privileges(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: UpdateUserHandleServicePrivilegesRequest,
    ) -> Result<UpdateUserHandleServicePrivilegesResponse, ApiError> {
        self.zone.update_user_handle_service_privileges(&caller, &request.id, &request.uid, request.body)?;
        Ok(UpdateUserHandleServicePrivilegesResponse::NoContent)
    }

    async fn list_effective_handle_service_users(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: ListEffectiveHandleServiceUsersRequest,
    ) -> Result<ListEffectiveHandleServiceUsersResponse, ApiError> {
        Ok(ListEffectiveHandleServiceUsersResponse::Ok(
            self.zone.list_effective_handle_service_users(&caller, &request.id)?,
        ))
    }

    async fn get_effective_handle_service_user(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: GetEffectiveHandleServiceUserRequest,
    ) -> Result<GetEffectiveHandleServiceUserResponse, ApiError> {
        Ok(GetEffectiveHandleServiceUserResponse::Ok(self.zone.get_effective_handle_service_user(
            &caller,
            &request.id,
            &request.uid,
        )?))
    }

    async fn list_effective_user_handle_service_privileges(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: ListEffectiveUserHandleServicePrivilegesRequest,
    ) -> Result<ListEffectiveUserHandleServicePrivilegesResponse, ApiError> {
        Ok(ListEffectiveUserHandleServicePrivilegesResponse::Ok(
            self.zone.list_effective_user_handle_service_privileges(&caller, &request.id, &request.uid)?,
        ))
    }

    async fn list_handle_service_groups(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: ListHandleServiceGroupsRequest,
    ) -> Result<ListHandleServiceGroupsResponse, ApiError> {
        Ok(ListHandleServiceGroupsResponse::Ok(self.zone.list_handle_service_groups(&caller, &request.id)?))
    }

    async fn get_handle_service_group(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: GetHandleServiceGroupRequest,
    ) -> Result<GetHandleServiceGroupResponse, ApiError> {
        Ok(GetHandleServiceGroupResponse::Ok(self.zone.get_handle_service_group(&caller, &request.id, &request.gid)?))
    }

    async fn add_handle_service_group(
        &self,
        ctx: &RequestContext,
        caller: Caller,
        request: AddHandleServiceGroupRequest,
    ) -> Result<AddHandleServiceGroupResponse, ApiError> {
        Ok(AddHandleServiceGroupResponse::Created {
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
    ) -> Result<RemoveHandleServiceGroupResponse, ApiError> {
        self.zone.remove_handle_service_group(&caller, &request.id, &request.gid)?;
        Ok(RemoveHandleServiceGroupResponse::NoContent)
    }

    async fn list_group_handle_service_privileges(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: ListGroupHandleServicePrivilegesRequest,
    ) -> Result<ListGroupHandleServicePrivilegesResponse, ApiError> {
        Ok(ListGroupHandleServicePrivilegesResponse::Ok(self.zone.list_group_handle_service_privileges(
            &caller,
            &request.id,
            &request.gid,
        )?))
    }

    async fn update_group_handle_service_privileges(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: UpdateGroupHandleServicePrivilegesRequest,
    ) -> Result<UpdateGroupHandleServicePrivilegesResponse, ApiError> {
        self.zone.update_group_handle_service_privileges(&caller, &request.id, &request.gid, request.body)?;
        Ok(UpdateGroupHandleServicePrivilegesResponse::NoContent)
    }

    async fn list_effective_handle_service_groups(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: ListEffectiveHandleServiceGroupsRequest,
    ) -> Result<ListEffectiveHandleServiceGroupsResponse, ApiError> {
        Ok(ListEffectiveHandleServiceGroupsResponse::Ok(
            self.zone.list_effective_handle_service_groups(&caller, &request.id)?,
        ))
    }

    async fn get_effective_handle_service_group(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: GetEffectiveHandleServiceGroupRequest,
    ) -> Result<GetEffectiveHandleServiceGroupResponse, ApiError> {
        Ok(GetEffectiveHandleServiceGroupResponse::Ok(self.zone.get_effective_handle_service_group(
            &caller,
            &request.id,
            &request.gid,
        )?))
    }

    async fn list_effective_group_handle_service_privileges(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: ListEffectiveGroupHandleServicePrivilegesRequest,
    ) -> Result<ListEffectiveGroupHandleServicePrivilegesResponse, ApiError> {
        Ok(ListEffectiveGroupHandleServicePrivilegesResponse::Ok(
            self.zone.list_effective_group_handle_service_privileges(&caller, &request.id, &request.gid)?,
        ))
    }

    async fn list_handleservice_handles(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: ListHandleserviceHandlesRequest,
    ) -> Result<ListHandleserviceHandlesResponse, ApiError> {
        Ok(ListHandleserviceHandlesResponse::Ok(self.zone.list_handleservice_handles(&caller, &request.id)?))
    }

    async fn get_handle_service_handle(
        &self,
        _ctx: &RequestContext,
        caller: Caller,
        request: GetHandleServiceHandleRequest,
    ) -> Result<GetHandleServiceHandleResponse, ApiError> {
        Ok(GetHandleServiceHandleResponse::Ok(self.zone.get_handle_service_handle(
            &caller,
            &request.id,
            &request.hid,
        )?))
    }
}
