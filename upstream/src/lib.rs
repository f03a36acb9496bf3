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
//! # Importing
//!
//! [`import`] turns the bundled Swagger 2.0 [`Document`] (the same reader,
//! no second one) into one OpenAPI 3.0.3 document the generator takes, for
//! the operations a [`Scope`] contains and the named schemas they reach
//! (every definition for [`Scope::all`]; otherwise those reached through
//! references, plus the variants of every reached schema with a
//! `discriminator`). What the operation model refuses in scope (`type:
//! file`, `in: formData`, tuple `items`, malformed nodes) is refused first,
//! with its file and pointer. The conversion:
//!
//! - `swagger: 2.0` → `openapi: 3.0.3`; `schemes`/`host`/`basePath` →
//!   `servers` (`[{url: <basePath>}]` without a host); `info` as written (a
//!   numeric `version` as text); `externalDocs` kept.
//! - `definitions` → `components/schemas`; every `#/definitions/X`
//!   reference, also inside schemas, → `#/components/schemas/X`.
//! - Path-level parameters are merged into each operation (an operation's
//!   own parameter of the same name and location wins); `#/parameters/…`
//!   and `#/responses/…` references are resolved in place.
//! - The `in: body` parameter → `requestBody` (`description`, `required:
//!   true` when so, one `content` entry per `consumes`, operation-level else
//!   root-level); other parameters keep `name`, `in`, `description`,
//!   `required`, `allowEmptyValue`, and their value keywords (`type`,
//!   `format`, `items`, `enum`, `default`, limits) become `schema`;
//!   `collectionFormat` → `style`/`explode` (csv, multi, ssv, pipes; tsv has
//!   no OpenAPI 3 form and is refused).
//! - `responses.*.schema` → one `content` entry per `produces`; response
//!   `examples` → the `example` of the entry of that media type (an example
//!   of a type the operation does not produce is left out); response
//!   `headers` → header objects with a `schema`.
//! - `securityDefinitions` → `components/securitySchemes`: `basic` → `http`
//!   `basic`; `apiKey` stays an `apiKey`, also in the `Authorization` header
//!   (that is what upstream says); `oauth2` flows renamed (`application` →
//!   `clientCredentials`, `accessCode` → `authorizationCode`). Root and
//!   operation `security`, `tags` (the declared tags an imported operation
//!   uses), summaries and descriptions as upstream wrote them.
//! - In schemas: `x-nullable` → `nullable`; a `discriminator` property name
//!   → `{propertyName}`; `allOf`, inline schemas, `additionalProperties` and
//!   a reference's siblings kept as written.
//! - `x-` extensions are kept, except those describing upstream internals
//!   ([`DROPPED_EXTENSIONS`]) and those in `paths` itself (tools read every
//!   key there as a path).
//! - What is carried over as written (descriptions, examples, defaults,
//!   extensions) may hold a reference to a definition, rewritten like the
//!   others; a reference to anything else there is refused.
//!
//! Upstream's defects are repaired by named rules, each application a
//! [`Repair`] with the upstream pointer (bundle and file) and the output
//! pointer:
//!
//! | rule | repairs | why |
//! |---|---|---|
//! | `media-type-any` | a body whose media types neither the operation nor the root declares (no or empty `consumes`/`produces`: any type, `*/*`) becomes `application/json`; one repair per request body and per operation's responses | every Onezone body is JSON; a generator cannot type a body of any type |
//! | `error-body-media-type` | an error response (`4XX`, `5XX`, `default`) with a body, on an operation that produces types but no JSON one (`+json` counts), gets that body as `application/json` alone; the success bodies keep their types | Onezone answers every error with a JSON error object; upstream's `test_image` declares its error object `image/png` |
//! | `duplicate-operation-id` | an operationId several operations use stays with the one whose path holds most of its words (the first on a tie); each other gets the id with the keeper's path words swapped for its own (`update_group_handle_service_privileges` on the users path → `update_user_handle_service_privileges`), else the id plus its own path words, its method, or a number — decided over the whole document, so the same in every scope | operationIds must be unique; each names a Rust method |
//! | `public-operation-security` | an operation without its own `security` that upstream calls public — `x-onedata-gri.scope: public`, or a description/summary saying it "does not require authentication" or "has public access" — gets `security: []` | otherwise it inherits the global requirement and a generated server refuses anonymous callers |
//! | `required-without-property` | a `required` name declared by no property of the schema or of its `allOf`/`oneOf`/`anyOf` members (references followed) is dropped, as is a repeated name; a list left empty is left out | it requires a member the schema does not describe; OpenAPI 3.0 wants unique names and at least one. Names an `allOf` member declares are kept: that is how upstream writes its variants |
//! | `schema-name-not-identifier` | a definition name that is no identifier (an ASCII letter, then letters, digits, `_`) is renamed, every other character becoming `_` (`geo.country` → `geo_country`; `Schema_` before a name not starting with a letter), and every reference follows; a new name already taken is an error at the definition | schema names become Rust type names |
//! | `discriminator-mapping` | a variant (a definition whose `allOf` refers to one with a `discriminator`) whose discriminating value — its `x-discriminator-value`, else its upstream name, as Swagger 2.0 defines it — is not its component name gets a `mapping` entry in its parent's discriminator | OpenAPI 3 reads an unmapped value as a schema name |
//! | `unknown-schema-keyword` | a key of a schema that is neither a schema keyword (Swagger 2.0's, plus `oneOf`, `anyOf`, `not`, `nullable`, `writeOnly`, `deprecated`) nor an `x-` extension is left out, one repair per schema | an OpenAPI 3.0 schema allows no other key; what it holds means nothing to a reader |
//! | `enum-value-not-of-type` | an `enum` value that is not of the schema's `type` (`null` fits a `nullable` schema; a schema without `type` is left alone) is dropped, and an `enum` left empty is left out | no value is both, so as written the value cannot be valid (upstream's `TokenPropertyTokenType`: an object whose `enum` lists strings) |
//! | `undeclared-tag` | a tag that operations in scope use but the top-level `tags` do not declare is declared by name, after the declared ones (in name order); the repair points at the first operation's `tags` | OpenAPI allows it, but each tag names a server trait (`<Tag>Api`) and the generator wants the list explicit, so that a misspelt tag does not become a trait of its own |
//! | `example-breaks-schema` | an example carried over (a schema's `example`, a response's `examples` entry) that its own schema refuses is left out, one repair per example with what is wrong; applied by [`Imported::drop_broken_examples`] with a validator's findings, which `cargo xtask import` takes from the generator's lint | documentation and tests built from it would show a value the server refuses (upstream's DOI service `prefix` written as a number) |
//!
//! Not repaired (the generator's business): `allOf`, inline schemas,
//! discriminators and maps stay as upstream wrote them.
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
pub use parse::{kind_of, parse_text};
pub use read::{
    Dialect, Document, Location, MAX_NESTING_DEPTH, MAX_REFERENCE_DEPTH, read_document, read_openapi, read_swagger,
};
pub use report::{DriftReport, Finding, StaleDeviation, UpstreamInfo};
pub use scope::{Scope, ScopeRule, normalize_path};
pub use source::{MemorySource, Source, join, normalize};
