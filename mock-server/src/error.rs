//! Failures of zone operations and their Onedata wire form.

use std::fmt;

use onezone_errors::ErrorId;
use onezone_server::ApiError;
use onezone_types::{ErrorDetails, StructuredError};
use serde_json::Value;

/// The kind of an entity as Onedata names it in relation errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityType {
    /// `od_user`
    User,
    /// `od_group`
    Group,
    /// `od_handle_service`
    HandleService,
}

impl EntityType {
    /// The Onedata name (`od_user`, `od_group`, `od_handle_service`).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::User => "od_user",
            EntityType::Group => "od_group",
            EntityType::HandleService => "od_handle_service",
        }
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why presented credentials were refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// Unknown username, wrong password, or a user without a password.
    #[error("the username and password given in basic authentication do not match any account")]
    BadBasicCredentials,
    /// A token that belongs to nobody.
    #[error("the access token is not known to this zone")]
    BadToken,
}

impl AuthError {
    /// The Onedata error id (`badBasicCredentials` / `badToken`).
    pub fn id(self) -> ErrorId {
        match self {
            AuthError::BadBasicCredentials => ErrorId::BadBasicCredentials,
            AuthError::BadToken => ErrorId::BadToken,
        }
    }
}

/// The failure of a zone operation. [`MockError::onedata`] gives the HTTP
/// status, the Onedata error id and the `details` object.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MockError {
    /// 401 `unauthorized`. Holds the reason when credentials were given but
    /// refused; `None` when the caller is not (or no longer) a user of this
    /// zone.
    #[error("this operation needs an authenticated user")]
    Unauthorized(Option<AuthError>),
    /// 403 `forbidden`: the caller is known but lacks the privilege.
    #[error("the caller does not hold the privileges this operation requires")]
    Forbidden,
    /// 404 `notFound`: an entity, handle, or membership named in the path does
    /// not exist. The text says what was looked for.
    #[error("not found: {0}")]
    NotFound(String),
    /// 409 `relationAlreadyExists`: the child is already a direct member.
    #[error("{child_type} {child_id} is already a direct member of {parent_type} {parent_id}")]
    RelationAlreadyExists {
        /// Kind of the member.
        child_type: EntityType,
        /// Id of the member.
        child_id: String,
        /// Kind of the entity it belongs to.
        parent_type: EntityType,
        /// Id of the entity it belongs to.
        parent_id: String,
    },
    /// 400 `relationDoesNotExist`: the child is not a direct member, so the
    /// membership cannot be ended.
    #[error("{child_type} {child_id} is not a direct member of {parent_type} {parent_id}")]
    RelationDoesNotExist {
        /// Kind of the member.
        child_type: EntityType,
        /// Id of the member.
        child_id: String,
        /// Kind of the entity it should belong to.
        parent_type: EntityType,
        /// Id of the entity it should belong to.
        parent_id: String,
    },
    /// 400 `badValueNotAllowed`: the value of `key` must be one of `allowed`.
    #[error("the value of {key} is not accepted here; accepted: {}", allowed.join(", "))]
    BadValueNotAllowed {
        /// JSON field name, dotted for nested fields.
        key: String,
        /// Accepted values.
        allowed: Vec<String>,
    },
    /// 400 `notSupported`: a request of a documented operation that this
    /// state does not allow (deleting a handle service that still holds
    /// handles). The text says why.
    #[error("{0}")]
    NotSupported(String),
    /// 400 `missingAtLeastOneValue`: none of `keys` was given.
    #[error("the request must contain at least one of: {}", keys.join(", "))]
    MissingAtLeastOneValue {
        /// The alternatives, any one of which is enough.
        keys: Vec<String>,
    },
}

impl MockError {
    /// The error as the server sends it: status, id, description and details
    /// from `onezone-server`'s constructors, which take them from the one
    /// error catalogue (`onezone-errors`). The `Display` text of a
    /// [`MockError`] is for Rust callers and logs only.
    pub fn to_api_error(&self) -> ApiError {
        match self {
            MockError::Unauthorized(reason) => ApiError::unauthorized(reason.map(|reason| ApiError::from(reason.id()))),
            MockError::Forbidden => ApiError::forbidden(),
            MockError::NotFound(_) => ApiError::not_found(),
            MockError::RelationAlreadyExists { child_type, child_id, parent_type, parent_id } => {
                ApiError::relation_already_exists(child_type.as_str(), child_id, parent_type.as_str(), parent_id)
            }
            MockError::RelationDoesNotExist { child_type, child_id, parent_type, parent_id } => {
                ApiError::relation_does_not_exist(child_type.as_str(), child_id, parent_type.as_str(), parent_id)
            }
            MockError::BadValueNotAllowed { key, allowed } => {
                ApiError::bad_value_not_allowed(key, &allowed.iter().map(String::as_str).collect::<Vec<_>>())
            }
            MockError::MissingAtLeastOneValue { keys } => ApiError::missing_at_least_one_value(keys),
            MockError::NotSupported(why) => ApiError::not_supported(format!("{why}.")),
        }
    }

    /// HTTP status, Onedata error id, and `details` (`Value::Null` when the
    /// error has none), as sent.
    pub fn onedata(&self) -> (u16, &'static str, Value) {
        let e = self.to_api_error();
        (e.status().as_u16(), e.id(), e.details().cloned().unwrap_or(Value::Null))
    }

    /// The HTTP status alone.
    pub fn status(&self) -> u16 {
        self.to_api_error().status().as_u16()
    }

    /// The Onedata error id alone.
    pub fn id(&self) -> &'static str {
        self.to_api_error().id()
    }

    /// The error as the spec's `StructuredError` body
    /// (`{"error": {"id", "description", "details"}}`), as sent.
    pub fn to_structured(&self) -> StructuredError {
        let e = self.to_api_error();
        let details = match e.details() {
            Some(Value::Object(map)) => map.clone(),
            _ => serde_json::Map::new(),
        };
        StructuredError {
            error: ErrorDetails { id: e.id().to_owned(), description: e.description().to_owned(), details },
        }
    }

    pub(crate) fn not_found(what: impl fmt::Display) -> Self {
        MockError::NotFound(what.to_string())
    }

    pub(crate) fn relation_exists(child: (EntityType, &str), parent: (EntityType, &str)) -> Self {
        MockError::RelationAlreadyExists {
            child_type: child.0,
            child_id: child.1.to_owned(),
            parent_type: parent.0,
            parent_id: parent.1.to_owned(),
        }
    }

    pub(crate) fn relation_missing(child: (EntityType, &str), parent: (EntityType, &str)) -> Self {
        MockError::RelationDoesNotExist {
            child_type: child.0,
            child_id: child.1.to_owned(),
            parent_type: parent.0,
            parent_id: parent.1.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wire_forms() {
        let e = MockError::Unauthorized(Some(AuthError::BadToken));
        let (status, id, details) = e.onedata();
        assert_eq!((status, id), (401, "unauthorized"));
        assert_eq!(details["authError"]["id"], "badToken");
        assert!(details["authError"]["description"].is_string());

        let e = MockError::relation_exists((EntityType::Group, "g1"), (EntityType::HandleService, "h1"));
        assert_eq!(
            e.onedata(),
            (
                409,
                "relationAlreadyExists",
                json!({"childType": "od_group", "childId": "g1", "parentType": "od_handle_service", "parentId": "h1"})
            )
        );
        let body = serde_json::to_value(e.to_structured()).unwrap();
        assert_eq!(body["error"]["id"], "relationAlreadyExists");
        assert_eq!(body["error"]["details"]["childId"], "g1");

        let body = serde_json::to_value(MockError::Forbidden.to_structured()).unwrap();
        assert_eq!(body["error"].get("details"), None);
        assert_eq!(MockError::not_found("x").status(), 404);
    }
}
