//! The domain core of an in-memory Onezone: users, groups (with nesting) and
//! handle services (with direct and group members, privileges and handles),
//! following the semantics of `spec/onezone.yaml`.
//!
//! [`Zone`] is a cloneable handle to the whole state. It has one method per
//! operation of the spec, named after its `operationId`; each takes the
//! authenticated [`Caller`] (public operations take none) and the typed
//! inputs from [`onezone_types`], and returns the typed result or a
//! [`MockError`] that knows its HTTP status, Onedata error id and `details`.
//! Operations answering `201 Created` return the path of the new resource
//! below the API base path (e.g. `/handle_services/{id}`), for the caller to
//! turn into a `Location` URL.
//!
//! The library is synchronous; each operation takes the zone's lock once and
//! releases it before returning.
//!
//! ```
//! use onezone_mock::{Seed, Zone};
//!
//! let seed = Seed::from_yaml(r#"
//! users:
//!   - username: admin
//!     password: secret
//!     admin: all
//! groups:
//!   - name: Physics
//!     users: [{user: admin, privileges: [group_view, group_create_handle_service]}]
//! "#).unwrap();
//! let zone = Zone::from_seed(seed).unwrap();
//! let admin = zone.authenticate_basic("admin", "secret").unwrap();
//! assert_eq!(zone.list_groups(&admin).unwrap().groups.len(), 1);
//! let err = zone.authenticate_basic("admin", "wrong").unwrap_err();
//! assert_eq!(err.onedata().1, "unauthorized");
//! ```

mod error;
mod ids;
mod ops;
mod privileges;
mod seed;
mod serve;
mod service;
mod state;
mod zone;

pub use error::{AuthError, EntityType, MockError};
pub use privileges::{
    ALL_HS_PRIVILEGES, DEFAULT_HS_MEMBER_PRIVILEGES, GroupPrivilege, HsPrivilege, OzPrivilege, UnknownPrivilege,
};
pub use seed::{
    AdminPrivileges, Seed, SeedError, SeedGroup, SeedGroupUser, SeedHandle, SeedHandleService, SeedHsGroup, SeedHsUser,
    SeedUser,
};
pub use serve::{RunningMock, SHUTDOWN_GRACE, app, serve, start};
pub use service::MockService;
pub use zone::{Caller, Zone};
