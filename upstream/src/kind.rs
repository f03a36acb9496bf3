//! The kinds of change the comparison engine reports, with a stable
//! kebab-case id each (used in reports and in the deviations file).

use std::fmt;
use std::str::FromStr;

/// What differs between the two sides. `left` is the old side (upstream in a
/// drift check), `right` the new one (ours). The level a kind gets in each
/// direction is listed on the variant; it follows oasdiff's checks where they
/// have one (`request-property-became-required` is an error,
/// `response-property-enum-value-added` too, `api-operation-id-removed` is
/// info, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChangeKind {
    /// The left side has the operation, the right side does not.
    /// Request: error (clients calling it fail).
    OperationMissing,
    /// The right side has an operation the left side has not. Request: info.
    OperationExtra,
    /// `operationId` differs. Not on the wire: info.
    OperationIdChanged,
    /// `tags` differ. Not on the wire: info.
    TagsChanged,
    /// A parameter only the right side has. Request: error when required,
    /// else info.
    ParameterAdded,
    /// A parameter only the left side has. Request: warning.
    ParameterRemoved,
    /// A parameter's `required` differs. Request: error when it became
    /// required, else info.
    ParameterRequiredChanged,
    /// A request body only the right side has. Request: error when required,
    /// else info.
    RequestBodyAdded,
    /// A request body only the left side has. Request: error.
    RequestBodyRemoved,
    /// The body's `required` differs. Request: error when it became required.
    RequestBodyRequiredChanged,
    /// The request body's media types differ. Request: error when one was
    /// dropped, else info.
    RequestMediaTypeChanged,
    /// A response status only the right side lists. Response: info.
    ResponseStatusAdded,
    /// A response status only the left side lists. Response: error for a
    /// 2xx status, else info.
    ResponseStatusRemoved,
    /// A response has a body on one side only. Response: error when the body
    /// was dropped, info when one was added.
    ResponseBodyChanged,
    /// A response body's media types differ. Response: error when one was
    /// dropped, else info.
    ResponseMediaTypeChanged,
    /// A response header only the right side has. Response: info.
    ResponseHeaderAdded,
    /// A response header only the left side has. Response: error when it was
    /// required, else warning.
    ResponseHeaderRemoved,
    /// A response header's `required` differs. Response: error when it became
    /// optional, else info.
    ResponseHeaderRequiredChanged,
    /// The operation's security requirement differs (public ↔ authenticated,
    /// or other schemes). Request: error when a way of calling it was lost,
    /// else info.
    SecurityChanged,
    /// A security scheme of the same name puts something else on the wire
    /// (e.g. an API key in `Authorization` vs an HTTP bearer token).
    /// Request: warning.
    SecuritySchemeChanged,
    /// `x-onedata-permissions` differs (including absent vs `[]`). Request:
    /// warning when a privilege was dropped, else info.
    PrivilegesChanged,
    /// An object property only the right side declares. Request: error when
    /// required, else info. Response: info.
    PropertyAdded,
    /// An object property only the left side declares. Request: warning.
    /// Response: error when it was required, else warning.
    PropertyRemoved,
    /// `type` differs. Error both ways, except integer → number in a request
    /// and number → integer in a response (info).
    TypeChanged,
    /// An existing property became required. Request: error. Response: info.
    RequiredAdded,
    /// A property is no longer required. Request: info. Response: error.
    RequiredRemoved,
    /// An `enum` gained a value. Request: info. Response: error.
    EnumValueAdded,
    /// An `enum` lost a value. Request: error. Response: info.
    EnumValueRemoved,
    /// A schema without `enum` got one. Request: error. Response: info.
    EnumConstraintAdded,
    /// A schema lost its `enum`. Request: info. Response: error.
    EnumConstraintRemoved,
    /// `format` differs. Set: request warning, response info. Unset: request
    /// info, response warning. Changed: error.
    FormatChanged,
    /// `nullable` differs. Became nullable: request info, response error;
    /// the reverse: request error, response info.
    NullableChanged,
    /// The schemas have different shapes (object vs `oneOf`, typed vs
    /// untyped, …) and are not compared further. Error.
    SchemaShapeChanged,
    /// A `oneOf`/`anyOf`/`allOf` member only the right side has. Request:
    /// info. Response: error.
    MemberAdded,
    /// A `oneOf`/`anyOf`/`allOf` member only the left side has. Request:
    /// error. Response: info.
    MemberRemoved,
    /// `additionalProperties` went between allowed and forbidden. Forbidden
    /// now: request error, response info. Allowed now: request info,
    /// response warning.
    AdditionalPropertiesChanged,
    /// The discriminating property differs. Info.
    DiscriminatorChanged,
    /// `minProperties` differs. Raised or set: request error, response
    /// info; lowered or unset: request info, response error.
    MinPropertiesChanged,
    /// `maxProperties` differs. Lowered or set: request error, response
    /// info; raised or unset: request info, response error.
    MaxPropertiesChanged,
    /// `minLength` differs (graded like `minProperties`).
    MinLengthChanged,
    /// `maxLength` differs (graded like `maxProperties`).
    MaxLengthChanged,
    /// `minItems` differs (graded like `minProperties`).
    MinItemsChanged,
    /// `maxItems` differs (graded like `maxProperties`).
    MaxItemsChanged,
    /// `minimum` differs (graded like `minProperties`).
    MinimumChanged,
    /// `maximum` differs (graded like `maxProperties`).
    MaximumChanged,
    /// `pattern` differs. Set or changed: request error (changed: warning),
    /// response info. Unset: info.
    PatternChanged,
    /// Schemas nest deeper than the engine compares; the rest is unchecked.
    /// Warning.
    ComparisonDepthExceeded,
}

impl ChangeKind {
    /// Every kind, in the order reports list them.
    pub const ALL: [ChangeKind; 47] = [
        ChangeKind::OperationMissing,
        ChangeKind::OperationExtra,
        ChangeKind::OperationIdChanged,
        ChangeKind::TagsChanged,
        ChangeKind::ParameterAdded,
        ChangeKind::ParameterRemoved,
        ChangeKind::ParameterRequiredChanged,
        ChangeKind::RequestBodyAdded,
        ChangeKind::RequestBodyRemoved,
        ChangeKind::RequestBodyRequiredChanged,
        ChangeKind::RequestMediaTypeChanged,
        ChangeKind::ResponseStatusAdded,
        ChangeKind::ResponseStatusRemoved,
        ChangeKind::ResponseBodyChanged,
        ChangeKind::ResponseMediaTypeChanged,
        ChangeKind::ResponseHeaderAdded,
        ChangeKind::ResponseHeaderRemoved,
        ChangeKind::ResponseHeaderRequiredChanged,
        ChangeKind::SecurityChanged,
        ChangeKind::SecuritySchemeChanged,
        ChangeKind::PrivilegesChanged,
        ChangeKind::PropertyAdded,
        ChangeKind::PropertyRemoved,
        ChangeKind::TypeChanged,
        ChangeKind::RequiredAdded,
        ChangeKind::RequiredRemoved,
        ChangeKind::EnumValueAdded,
        ChangeKind::EnumValueRemoved,
        ChangeKind::EnumConstraintAdded,
        ChangeKind::EnumConstraintRemoved,
        ChangeKind::FormatChanged,
        ChangeKind::NullableChanged,
        ChangeKind::SchemaShapeChanged,
        ChangeKind::MemberAdded,
        ChangeKind::MemberRemoved,
        ChangeKind::AdditionalPropertiesChanged,
        ChangeKind::DiscriminatorChanged,
        ChangeKind::MinPropertiesChanged,
        ChangeKind::MaxPropertiesChanged,
        ChangeKind::MinLengthChanged,
        ChangeKind::MaxLengthChanged,
        ChangeKind::MinItemsChanged,
        ChangeKind::MaxItemsChanged,
        ChangeKind::MinimumChanged,
        ChangeKind::MaximumChanged,
        ChangeKind::PatternChanged,
        ChangeKind::ComparisonDepthExceeded,
    ];

    /// The stable id (`property-added`).
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::OperationMissing => "operation-missing",
            ChangeKind::OperationExtra => "operation-extra",
            ChangeKind::OperationIdChanged => "operation-id-changed",
            ChangeKind::TagsChanged => "tags-changed",
            ChangeKind::ParameterAdded => "parameter-added",
            ChangeKind::ParameterRemoved => "parameter-removed",
            ChangeKind::ParameterRequiredChanged => "parameter-required-changed",
            ChangeKind::RequestBodyAdded => "request-body-added",
            ChangeKind::RequestBodyRemoved => "request-body-removed",
            ChangeKind::RequestBodyRequiredChanged => "request-body-required-changed",
            ChangeKind::RequestMediaTypeChanged => "request-media-type-changed",
            ChangeKind::ResponseStatusAdded => "response-status-added",
            ChangeKind::ResponseStatusRemoved => "response-status-removed",
            ChangeKind::ResponseBodyChanged => "response-body-changed",
            ChangeKind::ResponseMediaTypeChanged => "response-media-type-changed",
            ChangeKind::ResponseHeaderAdded => "response-header-added",
            ChangeKind::ResponseHeaderRemoved => "response-header-removed",
            ChangeKind::ResponseHeaderRequiredChanged => "response-header-required-changed",
            ChangeKind::SecurityChanged => "security-changed",
            ChangeKind::SecuritySchemeChanged => "security-scheme-changed",
            ChangeKind::PrivilegesChanged => "privileges-changed",
            ChangeKind::PropertyAdded => "property-added",
            ChangeKind::PropertyRemoved => "property-removed",
            ChangeKind::TypeChanged => "type-changed",
            ChangeKind::RequiredAdded => "required-added",
            ChangeKind::RequiredRemoved => "required-removed",
            ChangeKind::EnumValueAdded => "enum-value-added",
            ChangeKind::EnumValueRemoved => "enum-value-removed",
            ChangeKind::EnumConstraintAdded => "enum-constraint-added",
            ChangeKind::EnumConstraintRemoved => "enum-constraint-removed",
            ChangeKind::FormatChanged => "format-changed",
            ChangeKind::NullableChanged => "nullable-changed",
            ChangeKind::SchemaShapeChanged => "schema-shape-changed",
            ChangeKind::MemberAdded => "member-added",
            ChangeKind::MemberRemoved => "member-removed",
            ChangeKind::AdditionalPropertiesChanged => "additional-properties-changed",
            ChangeKind::DiscriminatorChanged => "discriminator-changed",
            ChangeKind::MinPropertiesChanged => "min-properties-changed",
            ChangeKind::MaxPropertiesChanged => "max-properties-changed",
            ChangeKind::MinLengthChanged => "min-length-changed",
            ChangeKind::MaxLengthChanged => "max-length-changed",
            ChangeKind::MinItemsChanged => "min-items-changed",
            ChangeKind::MaxItemsChanged => "max-items-changed",
            ChangeKind::MinimumChanged => "minimum-changed",
            ChangeKind::MaximumChanged => "maximum-changed",
            ChangeKind::PatternChanged => "pattern-changed",
            ChangeKind::ComparisonDepthExceeded => "comparison-depth-exceeded",
        }
    }
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ChangeKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ChangeKind::ALL.into_iter().find(|k| k.as_str() == s).ok_or_else(|| format!("unknown kind `{s}`"))
    }
}

impl serde::Serialize for ChangeKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_parse_back() {
        let mut seen = std::collections::HashSet::new();
        for kind in ChangeKind::ALL {
            let id = kind.as_str();
            assert!(seen.insert(id), "duplicate id {id}");
            assert!(id.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{id}");
            assert_eq!(id.parse::<ChangeKind>().unwrap(), kind);
        }
        assert!("property-add".parse::<ChangeKind>().is_err());
    }
}
