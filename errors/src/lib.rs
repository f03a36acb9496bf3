//! The Onedata error catalogue, as far as the Onezone handle-service and
//! group API uses it: every error id with its HTTP status, the description a
//! server sends when the error has no instance-specific text, and the keys
//! of its `details`.
//!
//! One table, used by the generated server's runtime (`onezone-server`), by
//! the generator's reference validator (`onezone-codegen`) and by the
//! in-memory Onezone (`onezone-mock`), so none of them keeps a copy of its
//! own. The wire form of an error is
//! `{"error": {"id": …, "description": …, "details": {…}}}`; `details` is
//! present only for ids with detail keys.
//!
//! ```
//! use onezone_errors::ErrorId;
//!
//! let id: ErrorId = "missingRequiredValue".parse().unwrap();
//! assert_eq!((id.status(), id.details_keys()), (400, &["key"][..]));
//! assert_eq!(id.to_string(), "missingRequiredValue");
//! ```

#![deny(missing_docs)]

use std::fmt;
use std::str::FromStr;

macro_rules! catalogue {
    ($(
        $(#[$doc:meta])*
        $variant:ident = $id:literal, $status:literal, [$($key:literal),*], $description:literal;
    )*) => {
        /// An error id of the catalogue.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum ErrorId {
            $($(#[$doc])* $variant,)*
        }

        impl ErrorId {
            /// Every id, in catalogue order.
            pub const ALL: &'static [ErrorId] = &[$(ErrorId::$variant),*];

            /// The id as it appears on the wire (`missingRequiredValue`).
            pub const fn as_str(self) -> &'static str {
                match self { $(ErrorId::$variant => $id,)* }
            }

            /// The HTTP status the catalogue gives the id.
            pub const fn status(self) -> u16 {
                match self { $(ErrorId::$variant => $status,)* }
            }

            /// The keys of `details` for this id (empty: the error has no
            /// details).
            pub const fn details_keys(self) -> &'static [&'static str] {
                match self { $(ErrorId::$variant => &[$($key),*],)* }
            }

            /// What the error means, as sent when there is nothing more
            /// specific to say.
            pub const fn description(self) -> &'static str {
                match self { $(ErrorId::$variant => $description,)* }
            }
        }
    };
}

catalogue! {
    /// No usable credentials on an operation that needs them; `authError`
    /// nests the reason given credentials were refused.
    Unauthorized = "unauthorized", 401, ["authError"], "You must authenticate yourself to perform this operation.";
    /// Wrong or malformed username and password of HTTP basic authentication.
    BadBasicCredentials = "badBasicCredentials", 400, [], "The username or password in HTTP basic authentication is invalid.";
    /// An access token that cannot be used.
    BadToken = "badToken", 400, [], "The access token is invalid.";
    /// Authenticated, but without the privilege the operation needs.
    Forbidden = "forbidden", 403, [], "You are not authorized to perform this operation (insufficient privileges?).";
    /// An unknown resource (also an unknown route).
    NotFound = "notFound", 404, [], "The resource could not be found.";
    /// The resource already exists.
    AlreadyExists = "alreadyExists", 409, [], "The resource already exists.";
    /// The child is already a member of the parent.
    RelationAlreadyExists = "relationAlreadyExists", 409, ["childType", "childId", "parentType", "parentId"], "The member already belongs to the entity.";
    /// The child is not a member of the parent.
    RelationDoesNotExist = "relationDoesNotExist", 400, ["childType", "childId", "parentType", "parentId"], "The member does not belong to the entity.";
    /// A body that cannot be read as the operation's body.
    MalformedData = "malformedData", 400, [], "The request body could not be understood.";
    /// A field that must hold JSON of a declared shape does not.
    BadValueJson = "badValueJSON", 400, ["key"], "A value is not valid JSON of the declared shape.";
    /// A required field is absent.
    MissingRequiredValue = "missingRequiredValue", 400, ["key"], "A required value is missing.";
    /// None of the alternatives was given.
    MissingAtLeastOneValue = "missingAtLeastOneValue", 400, ["keys"], "At least one of the values must be given.";
    /// A field must be a string.
    BadValueString = "badValueString", 400, ["key"], "A value must be a string.";
    /// A field must be a boolean.
    BadValueBoolean = "badValueBoolean", 400, ["key"], "A value must be a boolean.";
    /// A field must be an integer.
    BadValueInteger = "badValueInteger", 400, ["key"], "A value must be an integer.";
    /// A field must be a number.
    BadValueFloat = "badValueFloat", 400, ["key"], "A value must be a number.";
    /// A field must not be empty.
    BadValueEmpty = "badValueEmpty", 400, ["key"], "A value must not be empty.";
    /// A number below the schema's `minimum` (which has no `maximum`).
    BadValueTooLow = "badValueTooLow", 400, ["key", "limit"], "A value is below the least allowed.";
    /// A number above the schema's `maximum` (which has no `minimum`).
    BadValueTooHigh = "badValueTooHigh", 400, ["key", "limit"], "A value is above the greatest allowed.";
    /// A number outside the schema's `minimum`..`maximum`.
    BadValueNotInRange = "badValueNotInRange", 400, ["key", "low", "high"], "A value is outside the allowed range.";
    /// A value outside its enumeration.
    BadValueNotAllowed = "badValueNotAllowed", 400, ["key", "allowed"], "A value is not one of those allowed.";
    /// A list holding a value outside its enumeration.
    BadValueListNotAllowed = "badValueListNotAllowed", 400, ["key", "allowed"], "A list holds a value that is not allowed.";
    /// An id in the body names nothing.
    BadValueIdNotFound = "badValueIdNotFound", 400, ["key"], "An id given in the request does not exist.";
    /// A name breaking the naming rules.
    BadValueName = "badValueName", 400, ["key"], "A name does not follow the naming rules.";
    /// Text longer than allowed.
    BadValueTextTooLarge = "badValueTextTooLarge", 400, ["key", "limit"], "A value is longer than allowed.";
    /// A request that cannot be understood at all.
    BadMessage = "badMessage", 400, ["message"], "The request could not be understood.";
    /// A request the server will not carry out.
    NotSupported = "notSupported", 400, [], "The operation is not supported.";
    /// An operation the server does not implement.
    NotImplemented = "notImplemented", 501, [], "The operation is not implemented by this server.";
    /// A fault on the server; `reference` lets an operator find it in the log.
    InternalServerError = "internalServerError", 500, ["reference"], "The server has encountered an error while processing this request.";
}

impl fmt::Display for ErrorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text that is no id of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownErrorId(pub String);

impl fmt::Display for UnknownErrorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not an error id of the Onedata catalogue", self.0)
    }
}

impl std::error::Error for UnknownErrorId {}

impl FromStr for ErrorId {
    type Err = UnknownErrorId;

    fn from_str(s: &str) -> Result<Self, UnknownErrorId> {
        ErrorId::ALL.iter().copied().find(|id| id.as_str() == s).ok_or_else(|| UnknownErrorId(s.to_owned()))
    }
}

impl PartialEq<str> for ErrorId {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ErrorId {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_reads_back_and_is_unique() {
        for id in ErrorId::ALL {
            assert_eq!(id.as_str().parse::<ErrorId>(), Ok(*id));
            assert!(id.description().ends_with('.'), "{id}");
            assert!((400..600).contains(&id.status()), "{id}");
        }
        let mut names: Vec<&str> = ErrorId::ALL.iter().map(|id| id.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ErrorId::ALL.len());
        assert_eq!("nope".parse::<ErrorId>(), Err(UnknownErrorId("nope".into())));
    }

    #[test]
    fn statuses_and_keys_follow_the_catalogue() {
        assert_eq!(ErrorId::Unauthorized.status(), 401);
        assert_eq!(ErrorId::RelationAlreadyExists.status(), 409);
        assert_eq!(ErrorId::RelationDoesNotExist.status(), 400);
        assert_eq!(ErrorId::NotImplemented.status(), 501);
        assert_eq!(ErrorId::BadValueNotAllowed.details_keys(), ["key", "allowed"]);
        assert_eq!(ErrorId::BadValueNotInRange.details_keys(), ["key", "low", "high"]);
        assert_eq!(ErrorId::BadValueTooLow.details_keys(), ["key", "limit"]);
        assert!(ErrorId::Forbidden.details_keys().is_empty());
        assert_eq!(ErrorId::BadValueJson, "badValueJSON");
    }
}
