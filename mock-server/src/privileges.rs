//! The three privilege vocabularies the mock knows about: zone administration
//! (`oz_*`), privileges inside a group (`group_*`) and privileges inside a
//! handle service (`handle_service_*`, the generated
//! [`HandleServicePrivilege`]).

use std::fmt;
use std::str::FromStr;

use onezone_types::HandleServicePrivilege;
use serde::{Deserialize, Serialize};

/// A privilege inside a handle service (the spec's enum, re-used as is).
pub type HsPrivilege = HandleServicePrivilege;

/// Every handle-service privilege, in the spec's order.
pub const ALL_HS_PRIVILEGES: [HsPrivilege; 5] = [
    HsPrivilege::HandleServiceView,
    HsPrivilege::HandleServiceUpdate,
    HsPrivilege::HandleServiceDelete,
    HsPrivilege::HandleServiceRegisterHandle,
    HsPrivilege::HandleServiceListHandles,
];

/// What a new member of a handle service gets when no privileges are given.
pub const DEFAULT_HS_MEMBER_PRIVILEGES: [HsPrivilege; 2] =
    [HsPrivilege::HandleServiceView, HsPrivilege::HandleServiceRegisterHandle];

/// Error of parsing a privilege name that the vocabulary does not contain.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown privilege name {0:?}")]
pub struct UnknownPrivilege(pub String);

macro_rules! privilege_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $all:ident {
            $($(#[$vmeta:meta])* $variant:ident => $text:literal,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant,)+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const $all: &'static [$name] = &[$($name::$variant,)+];

            /// The wire name, e.g. `oz_groups_view`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownPrivilege;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownPrivilege(s.to_owned())),
                }
            }
        }
    };
}

privilege_enum! {
    /// A zone administration privilege: held by a user zone-wide, it lets the
    /// user act on entities it is not a member of. Exactly the `oz_*` names the
    /// spec's `x-onedata-permissions` mention (a test keeps the two in sync).
    OzPrivilege, ALL {
        /// Add a group to another entity.
        OzGroupsAddRelationships => "oz_groups_add_relationships",
        /// Create a group.
        OzGroupsCreate => "oz_groups_create",
        /// Delete any group.
        OzGroupsDelete => "oz_groups_delete",
        /// List all groups.
        OzGroupsList => "oz_groups_list",
        /// List the relations (e.g. handle services) of any group.
        OzGroupsListRelationships => "oz_groups_list_relationships",
        /// Remove a group from another entity.
        OzGroupsRemoveRelationships => "oz_groups_remove_relationships",
        /// Modify any group.
        OzGroupsUpdate => "oz_groups_update",
        /// Read any group.
        OzGroupsView => "oz_groups_view",
        /// Add members to any handle service.
        OzHandleServicesAddRelationships => "oz_handle_services_add_relationships",
        /// Create a handle service.
        OzHandleServicesCreate => "oz_handle_services_create",
        /// Delete any handle service.
        OzHandleServicesDelete => "oz_handle_services_delete",
        /// List all handle services.
        OzHandleServicesList => "oz_handle_services_list",
        /// List members and handles of any handle service.
        OzHandleServicesListRelationships => "oz_handle_services_list_relationships",
        /// Remove members from any handle service.
        OzHandleServicesRemoveRelationships => "oz_handle_services_remove_relationships",
        /// Change member privileges in any handle service.
        OzHandleServicesSetPrivileges => "oz_handle_services_set_privileges",
        /// Modify any handle service.
        OzHandleServicesUpdate => "oz_handle_services_update",
        /// Read any handle service.
        OzHandleServicesView => "oz_handle_services_view",
        /// Read member privileges in any handle service.
        OzHandleServicesViewPrivileges => "oz_handle_services_view_privileges",
        /// Read any handle.
        OzHandlesView => "oz_handles_view",
        /// Add a user to another entity.
        OzUsersAddRelationships => "oz_users_add_relationships",
        /// Remove a user from another entity.
        OzUsersRemoveRelationships => "oz_users_remove_relationships",
        /// Read any user's basic data.
        OzUsersView => "oz_users_view",
    }
}

privilege_enum! {
    /// A privilege a user holds inside a group (only the ones the handle
    /// service and group operations look at).
    GroupPrivilege, ALL {
        /// Read the group and its relations.
        GroupView => "group_view",
        /// Rename the group or change its type.
        GroupUpdate => "group_update",
        /// Delete the group.
        GroupDelete => "group_delete",
        /// Create a handle service owned by the group.
        GroupCreateHandleService => "group_create_handle_service",
        /// Take the group out of a handle service.
        GroupLeaveHandleService => "group_leave_handle_service",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for p in OzPrivilege::ALL {
            assert_eq!(p.as_str().parse::<OzPrivilege>(), Ok(*p));
            assert_eq!(serde_json::to_value(p).unwrap(), serde_json::Value::String(p.to_string()));
        }
        for p in GroupPrivilege::ALL {
            assert_eq!(p.as_str().parse::<GroupPrivilege>(), Ok(*p));
        }
        assert_eq!("oz_nothing".parse::<OzPrivilege>(), Err(UnknownPrivilege("oz_nothing".into())));
    }

    #[test]
    fn oz_privileges_are_exactly_those_of_the_spec() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/onezone.yaml");
        let spec: serde_yaml_ng::Value = serde_yaml_ng::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let mut in_spec = std::collections::BTreeSet::new();
        for (_, item) in spec["paths"].as_mapping().unwrap() {
            for (_, op) in item.as_mapping().unwrap() {
                if let Some(perms) = op.get("x-onedata-permissions").and_then(|p| p.as_sequence()) {
                    for p in perms {
                        let p = p.as_str().unwrap();
                        if p.starts_with("oz_") {
                            in_spec.insert(p.to_owned());
                        }
                    }
                }
            }
        }
        let ours: std::collections::BTreeSet<String> = OzPrivilege::ALL.iter().map(|p| p.to_string()).collect();
        assert_eq!(ours, in_spec);
    }
}
