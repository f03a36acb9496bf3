//! The [`Zone`] handle, callers and authentication.

use std::collections::BTreeSet;
use std::sync::{Arc, PoisonError, RwLock};

use onezone_types::Secret;

use crate::error::{AuthError, MockError};
use crate::ids::unix_now;
use crate::privileges::OzPrivilege;
use crate::seed::SeedError;
use crate::state::{State, UserRec};

/// An in-memory Onezone. Cloning gives another handle to the same zone.
///
/// All state sits behind one lock. Every operation takes it exactly once,
/// for reading or for writing, and does its lookups, privilege checks and
/// changes under that single acquisition, so concurrent operations behave as
/// if they ran one after the other and no update is lost.
#[derive(Clone, Debug)]
pub struct Zone {
    inner: Arc<RwLock<State>>,
}

/// The authenticated user on whose behalf an operation runs.
///
/// Obtained from [`Zone::authenticate_basic`], [`Zone::authenticate_token`]
/// or [`Zone::caller_for_username`]. It only names the user: privileges are
/// looked up in the zone at the time of each operation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Caller {
    user_id: String,
}

impl Caller {
    /// Id of the user.
    pub fn user_id(&self) -> &str {
        &self.user_id
    }
}

impl Default for Zone {
    fn default() -> Self {
        Self::new()
    }
}

impl Zone {
    /// An empty zone: no users, groups or handle services.
    pub fn new() -> Self {
        Self::from_state(State::new())
    }

    pub(crate) fn from_state(state: State) -> Self {
        Self { inner: Arc::new(RwLock::new(state)) }
    }

    /// An empty zone with one administrator `username` / `password` holding
    /// every zone administration privilege ([`OzPrivilege::ALL`]). Fails only
    /// for an empty username.
    pub fn with_admin(username: &str, password: &str) -> Result<Self, SeedError> {
        let zone = Self::new();
        zone.add_admin(username, password)?;
        Ok(zone)
    }

    /// Adds an administrator holding every zone administration privilege and
    /// returns its user id. Fails when the username is taken.
    pub fn add_admin(&self, username: &str, password: &str) -> Result<String, SeedError> {
        if username.is_empty() {
            return Err(SeedError::Invalid { context: "administrator".into(), message: "empty username".into() });
        }
        let mut state = self.write_lock();
        if state.user_by_name(username).is_some() {
            return Err(SeedError::DuplicateName { kind: "user", name: username.to_owned() });
        }
        let id = state.fresh_user_id();
        state.users.insert(
            id.clone(),
            UserRec {
                id: id.clone(),
                username: username.to_owned(),
                full_name: username.to_owned(),
                creation_time: unix_now(),
                password: Some(Secret::new(password)),
                tokens: Vec::new(),
                admin: OzPrivilege::ALL.iter().copied().collect(),
            },
        );
        Ok(id)
    }

    // ----- authentication --------------------------------------------------

    /// The user whose username and password these are.
    ///
    /// Errors with 401 `unauthorized` whose `authError` is
    /// `badBasicCredentials` when the user is unknown, has no password, or the
    /// password differs.
    pub fn authenticate_basic(&self, username: &str, password: &str) -> Result<Caller, MockError> {
        let state = self.read_lock();
        state
            .user_by_name(username)
            .filter(|u| u.password.as_ref().is_some_and(|p| p.expose() == password))
            .map(|u| Caller { user_id: u.id.clone() })
            .ok_or(MockError::Unauthorized(Some(AuthError::BadBasicCredentials)))
    }

    /// The user owning this access token (as sent in `X-Auth-Token` or
    /// `Authorization: Bearer`).
    ///
    /// Errors with 401 `unauthorized` whose `authError` is `badToken`.
    pub fn authenticate_token(&self, token: &str) -> Result<Caller, MockError> {
        let state = self.read_lock();
        state
            .users
            .values()
            .find(|u| u.tokens.iter().any(|t| t.expose() == token))
            .map(|u| Caller { user_id: u.id.clone() })
            .ok_or(MockError::Unauthorized(Some(AuthError::BadToken)))
    }

    /// A caller for `username` without checking credentials (for tests and
    /// tooling). `None` when there is no such user.
    pub fn caller_for_username(&self, username: &str) -> Option<Caller> {
        self.read_lock().user_by_name(username).map(|u| Caller { user_id: u.id.clone() })
    }

    // ----- lookups for tests and tooling ------------------------------------

    /// Id of the user with this username.
    pub fn find_user(&self, username: &str) -> Option<String> {
        self.read_lock().user_by_name(username).map(|u| u.id.clone())
    }

    /// Id of the group with this name (the first one, sorted by id, when
    /// several share it).
    pub fn find_group(&self, name: &str) -> Option<String> {
        self.read_lock().groups.values().find(|g| g.name == name).map(|g| g.id.clone())
    }

    /// Id of the handle service with this name (the first one, sorted by id,
    /// when several share it).
    pub fn find_handle_service(&self, name: &str) -> Option<String> {
        self.read_lock().handle_services.values().find(|h| h.name == name).map(|h| h.id.clone())
    }

    /// Zone administration privileges the caller holds now.
    pub fn admin_privileges(&self, caller: &Caller) -> BTreeSet<OzPrivilege> {
        self.read_lock().users.get(&caller.user_id).map(|u| u.admin.clone()).unwrap_or_default()
    }

    // ----- locking ---------------------------------------------------------

    /// The lock is never held across a panic-prone section that leaves state
    /// half-changed, so a poisoned lock is still usable.
    fn read_lock(&self) -> std::sync::RwLockReadGuard<'_, State> {
        self.inner.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write_lock(&self) -> std::sync::RwLockWriteGuard<'_, State> {
        self.inner.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `f` under the read lock (one acquisition).
    pub(crate) fn read<T>(&self, f: impl FnOnce(&State) -> Result<T, MockError>) -> Result<T, MockError> {
        f(&self.read_lock())
    }

    /// Runs `f` under the write lock (one acquisition).
    pub(crate) fn write<T>(&self, f: impl FnOnce(&mut State) -> Result<T, MockError>) -> Result<T, MockError> {
        f(&mut self.write_lock())
    }
}

/// The id of the caller's user, or 401 when this zone does not know it
/// (a caller obtained from another zone).
pub(crate) fn caller_id<'a>(state: &State, caller: &'a Caller) -> Result<&'a str, MockError> {
    if state.users.contains_key(&caller.user_id) { Ok(&caller.user_id) } else { Err(MockError::Unauthorized(None)) }
}

/// `Ok(())` when `allowed`, 403 `forbidden` otherwise.
pub(crate) fn allow(allowed: bool) -> Result<(), MockError> {
    if allowed { Ok(()) } else { Err(MockError::Forbidden) }
}
