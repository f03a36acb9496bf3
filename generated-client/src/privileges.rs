//! "Set the group's privileges to exactly this list", the older API's
//! `PUT /handle_services/{id}/groups/{gid}/privileges`, on top of the current
//! grant/revoke API.

use std::collections::BTreeSet;

use crate::types::{HandleServicePrivilege, HandleServicePrivileges, HandleServicePrivilegesUpdate};
use crate::{ApiError, Client};

/// What [`Client::set_handle_service_group_privileges`] changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrivilegeChange {
    /// Privileges the group did not hold and now holds.
    pub granted: Vec<HandleServicePrivilege>,
    /// Privileges the group held and no longer holds.
    pub revoked: Vec<HandleServicePrivilege>,
}

impl PrivilegeChange {
    /// The change that turns `current` into `wanted`: empty (see
    /// [`is_empty`](Self::is_empty)) when they already hold the same names.
    pub fn between(current: &[HandleServicePrivilege], wanted: &[HandleServicePrivilege]) -> Self {
        let current: BTreeSet<_> = current.iter().copied().collect();
        let wanted: BTreeSet<_> = wanted.iter().copied().collect();
        Self {
            granted: wanted.difference(&current).copied().collect(),
            revoked: current.difference(&wanted).copied().collect(),
        }
    }

    /// True when nothing needs to change.
    pub fn is_empty(&self) -> bool {
        self.granted.is_empty() && self.revoked.is_empty()
    }

    /// The PATCH body for this change; lists that would be empty are left out.
    pub fn to_update(&self) -> HandleServicePrivilegesUpdate {
        let list =
            |items: &Vec<HandleServicePrivilege>| (!items.is_empty()).then(|| HandleServicePrivileges(items.clone()));
        HandleServicePrivilegesUpdate { grant: list(&self.granted), revoke: list(&self.revoked) }
    }
}

impl Client {
    /// Makes the group's **direct** privileges in the handle service exactly
    /// `privileges`: reads them (`list_group_handle_service_privileges`), then
    /// sends one `update_group_handle_service_privileges` PATCH granting what
    /// is missing and revoking what is extra (no PATCH when nothing differs).
    ///
    /// Current zones have no call that replaces the set, so this is **not
    /// atomic**: a change made by someone else between the read and the PATCH
    /// is not detected, and privileges granted to the group concurrently may
    /// survive or be revoked. Callers needing certainty read the privileges
    /// back afterwards. Needs `handle_service_view` and
    /// `handle_service_update` (or the matching `oz_*` admin privileges).
    pub async fn set_handle_service_group_privileges(
        &self,
        id: &str,
        gid: &str,
        privileges: &[HandleServicePrivilege],
    ) -> Result<PrivilegeChange, ApiError> {
        let current = match self.list_group_handle_service_privileges().id(id).gid(gid).send().await {
            Ok(response) => response.into_inner().privileges.0,
            Err(e) => return Err(ApiError::decode(e).await),
        };
        let change = PrivilegeChange::between(&current, privileges);
        if !change.is_empty() {
            let sent =
                self.update_group_handle_service_privileges().id(id).gid(gid).body(change.to_update()).send().await;
            if let Err(e) = sent {
                return Err(ApiError::decode(e).await);
            }
        }
        Ok(change)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use HandleServicePrivilege as P;

    #[test]
    fn change_grants_missing_and_revokes_extra() {
        let change = PrivilegeChange::between(
            &[P::HandleServiceView, P::HandleServiceDelete],
            &[P::HandleServiceView, P::HandleServiceUpdate],
        );
        assert_eq!(change.granted, [P::HandleServiceUpdate]);
        assert_eq!(change.revoked, [P::HandleServiceDelete]);
        let body = serde_json::to_value(change.to_update()).unwrap();
        assert_eq!(body, serde_json::json!({"grant": ["handle_service_update"], "revoke": ["handle_service_delete"]}));
    }

    #[test]
    fn equal_sets_need_no_patch_and_empty_lists_are_omitted() {
        assert!(
            PrivilegeChange::between(&[P::HandleServiceView], &[P::HandleServiceView, P::HandleServiceView]).is_empty()
        );
        let only_revoke = PrivilegeChange::between(&[P::HandleServiceView], &[]);
        assert_eq!(
            serde_json::to_value(only_revoke.to_update()).unwrap(),
            serde_json::json!({"revoke": ["handle_service_view"]})
        );
    }
}
