//! Ties our OpenAPI 3.0 spec to the API it describes: reads Onedata's
//! Swagger 2.0 description of Onezone (a tree of YAML files, or one bundled
//! file) and our spec into one operation model, compares two such models
//! structurally, and reports the differences against a file of recorded
//! deviations.
//!
//! The crate does no file IO: every file is read through a [`Source`]
//! ([`MemorySource`] in tests; the command-line front end supplies one over a
//! directory). Every error names the file and the JSON pointer of the node at
//! fault ([`Error`]).
//!
//! ```text
//! read_swagger(source, "index.yaml") ─┐
//!                                     ├─ Api::from_document(doc, scope) ─┐
//! read_openapi(source, "onezone.yaml")┘                                  ├─ compare(left, right, scope) → Vec<Change>
//!                                                                        │
//! Deviations::parse(text, file) ───────────────── DriftReport::new(info, changes, &deviations)
//! ```
//!
//! One engine serves both uses: `drift` compares upstream (left) with ours
//! (right); `diff` compares an old revision of ours (left) with a new one
//! (right). [`ChangeKind`] lists every kind of change with its level in each
//! direction.
//!
//! # The deviations file
//!
//! A YAML (or JSON) mapping with one key, `deviations`, a list of entries:
//!
//! ```yaml
//! deviations:
//!   - id: user-privileges-operation-id          # unique, no spaces; findings cite it
//!     kinds: [operation-id-changed]             # or `kind: operation-id-changed`
//!     operation: update_user_handle_service_privileges   # optional: only this operation's findings
//!     ours:                                      # pointers into our bundled spec
//!       - /paths/~1handle_services~1{id}~1users~1{uid}~1privileges/patch/operationId
//!     upstream:                                  # pointers into the bundled upstream description
//!       - /paths/~1handle_services~1{id}~1users~1{uid}~1privileges/patch/operationId
//!     reason: Upstream reuses the group variant's id; ids must be unique.
//!   - id: timestamp-int64
//!     kind: format-changed
//!     schema: Timestamp                          # optional: only findings inside this named schema
//!     ours: [/components/schemas/Timestamp]
//!     reason: Seconds since the epoch do not fit 32 bits after 2038.
//! ```
//!
//! A deviation covers a finding when the finding's kind is one of its kinds,
//! its `operation` (if given) is the finding's operation or one the finding's
//! shared component is reached from, the finding lies inside its `schema` (if
//! given), and on at least one side one of its pointers equals the finding's
//! pointer or is an ancestor of it, segment by segment (`/definitions/Group`
//! covers `/definitions/Group/required/2`, not `/definitions/GroupType`).
//! Pointers are into the *bundled* documents: upstream's tree read as one
//! document, so `/paths/~1groups/get`, `/definitions/Group`, never a file
//! name. A finding covered by a deviation is `known` and carries its id; a
//! deviation covering no finding is `stale`. Both an unknown finding and a
//! stale deviation make [`DriftReport::exit_code`] 1.
//!
//! [`Deviations::parse`] refuses, with the pointer of each problem: unknown
//! keys, a missing or empty `id` or `reason`, duplicate ids, unknown kinds,
//! an empty kind list, both `kind` and `kinds`, pointers that are not JSON
//! pointers, and an entry with no pointer at all.

#![deny(missing_docs)]

mod build;
mod compare;
mod deviations;
mod error;
mod import;
mod kind;
mod model;
mod parse;
pub mod pointer;
mod read;
mod report;
mod scope;
mod source;

pub use build::MAX_SCHEMA_DEPTH;
pub use compare::{Change, Direction, Level, MAX_COMPARE_DEPTH, OperationRef, Side, compare, component_of, op_key};
pub use deviations::{Deviation, Deviations};
pub use error::{Diagnostic, Error};
pub use import::{DROPPED_EXTENSIONS, Imported, Repair, RuleId, import};
pub use kind::ChangeKind;
pub use model::{
    AdditionalProperties, Api, CodeSample, Header, MediaType, Method, OpKey, Operation, ParamLocation, Parameter,
    Privileges, RequestBody, Response, Schema, Security, SecurityScheme,
};
pub use read::{
    Dialect, Document, Location, MAX_NESTING_DEPTH, MAX_REFERENCE_DEPTH, read_document, read_openapi, read_swagger,
};
pub use report::{DriftReport, Finding, StaleDeviation, UpstreamInfo};
pub use scope::{Scope, ScopeRule, normalize_path};
pub use source::{MemorySource, Source, join, normalize};
