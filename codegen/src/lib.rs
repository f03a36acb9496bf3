//! Turns the Onezone OpenAPI description into Rust source text.
//!
//! The pipeline runs in one direction:
//! spec text → parse (`load.rs`) → references checked → normalize
//! (`normalize/`: one shape for every backend) → lint (`lint/`) → `openapiv3` model → progenitor (client +
//! one typify type space) → split into the shared types crate and the client;
//! then the server emitter (server stubs), the conformance emitter (the
//! suite's call table) and the CLI emitter (the `onezone` command table) over
//! the same model; each output through prettyplease. The crate does no file IO and prints nothing: `xtask` reads
//! the spec and writes the files, so the same code runs in `cargo xtask
//! regenerate`, in its `--check` mode and in tests.
//!
//! ```no_run
//! let spec = std::fs::read_to_string("spec/onezone.yaml").unwrap();
//! let out = onezone_codegen::generate(&spec, &onezone_codegen::Settings::new("spec/onezone.yaml")).unwrap();
//! assert!(out.client.starts_with("// @generated"));
//! ```

//!
//! # What specs may use
//!
//! Before anything is generated, the spec is put into one shape every backend
//! handles (`normalize/`); each rewrite records where the nodes it moved came
//! from, so a problem is still reported where it is written.
//!
//! | construct | what the generated crates get |
//! |---|---|
//! | an inline request or response body schema | a named component, named after the operation as progenitor names its inline types (`<Op>Body`, `<Op>Response`, `<Op>Error`, `<Op><status>`); client and server share it |
//! | `allOf` of objects | one struct and one validator: the properties and `required` of every member; a later member may narrow a string to a subset of its `enum` |
//! | a `discriminator` on a base whose subtypes `allOf` it (Swagger 2.0's form), on a `oneOf` of `$ref`s (with or without `mapping`), or on inline variants | a `#[serde(tag = …)]` enum whose variants keep every field, base fields included; an unknown tag is `badValueNotAllowed` with the allowed tags |
//! | `additionalProperties: {schema}` | a `BTreeMap<String, T>` (beside declared fields, a flattened `extra`); every value validated |
//! | `format` on `integer`/`number` | typify's Rust type (`int32` → `i32`, `uint8` → `u8`, `float` → `f32`, …); values outside it are `badValueInteger`/`badValueFloat` |
//! | `minimum`, `maximum` on `integer`/`number` (`exclusiveMinimum`/`exclusiveMaximum` on `integer`) | the type typify picks for the range (`minimum: 1` → `NonZeroU64`); a value out of it is `badValueTooLow`/`badValueTooHigh` (`limit`) or, bounded on both sides, `badValueNotInRange` (`low`, `high`) |
//! | `minItems: 1` | an empty list is `badValueEmpty` |
//! | `default` | a field that is no `Option`, filled with the default when absent (typify's serde default); a default its schema refuses is a lint error |
//! | `readOnly`, `writeOnly` | annotations: documented, not enforced |
//! | `nullable: true` | `Option<T>`; a required nullable field must be present, `null` or not |
//! | 301, 302, 303, 307, 308 with `Location` and no body | a variant of the operation's answer enum (`TemporaryRedirect { location }`); the client returns it instead of following it |
//! | a schema name that is no Rust identifier (`geo.area`) | renamed (`geo_area`, type `GeoArea`), every reference following |
//!
//! # What the generator refuses
//!
//! The lint runs on the normalized document (references are checked on the
//! spec as written, before) and reports every problem with the JSON pointer
//! of its node; `codegen/tests/bad-specs/` holds one malformed spec per
//! refusal. It refuses:
//!
//! - documents that are not OpenAPI 3.0 (Swagger 2.0 and 3.1 are named as
//!   such), unparsable YAML/JSON, non-JSON scalars;
//! - references that are not local, do not resolve, or point into anything
//!   but a named component; cycles of `$ref`/`oneOf` passing through no
//!   `properties` or `items` (they describe no finite value);
//! - names that would not make valid, distinct Rust: an operationId, tag or
//!   path parameter that becomes a keyword or a non-identifier, or the same
//!   Rust name as another one in snake_case or PascalCase; a renamed schema
//!   or a hoisted body whose new name is taken; the few names the generated
//!   modules really reserve (operationId `api` for `ApiResponse`, tag
//!   `Onezone` for `OnezoneApi`, client methods such as `new`, builder
//!   imports such as `Error`, a path parameter `body` beside a request body);
//!   an inline schema whose typify name (`Thing.kind` → `ThingKind`) is taken,
//!   also inside a tagged union, whose variants' property types typify all
//!   names after the union;
//! - `allOf` members that declare a property differently, are no objects or
//!   reach back to the schema itself; a discriminator without subtypes, with
//!   tag values that disagree or fall outside the base's tag `enum`, naming a
//!   property the variants are not tagged by, or nested in a variant of
//!   another union; `additionalProperties` in a tagged-union variant;
//! - paths the axum router refuses (`/things/{id}` beside `/things/{gid}`,
//!   segments starting with `:` or `*`), server URLs with variables;
//! - bodies that are not `application/json`, several success body types in
//!   one operation, 1xx, 300, 304 and 305 responses, a redirect without
//!   `Location` or with a body (or beside a 2xx with one), unknown security
//!   schemes;
//! - schema keywords the validators cannot enforce (`anyOf`, `not`,
//!   `pattern`, `maxItems`, `minLength`, …), and those that have no Onedata
//!   error in the form given: `minItems` above 1, an exclusive bound on a
//!   `number`, bounds on what is no number, a `minimum` above the `maximum`,
//!   a `default` its own schema refuses; `format:
//!   date`, `date-time` and `uuid` (types of crates the types crate does not
//!   use); an `enum` that is empty, not on `type: string`, holds a
//!   non-string, or has two values with one Rust variant name (`a-b`, `a_b`);
//!   a tagged union whose variants share a tag value or its variant name; a
//!   nullable tag;
//! - examples that break their own schema (checked with the reference
//!   validator, [`schema::validate`]).
//!
//! A panic of a backend on input the lint let through is still turned into an
//! [`Error::Generator`] naming the spec.

#![deny(missing_docs)]

mod cli;
mod client;
mod conformance;
mod diff;
mod error;
mod impact;
mod lint;
mod load;
mod model;
mod names;
mod normalize;
mod panics;
mod rules;
pub mod schema;
mod server;
mod surface;
mod typed;

pub use diff::{Breaking, DiffChange, DiffError, DiffReport, RustVerdict, SpecInput, Version, VersionInfo, diff};
pub use error::{Diagnostic, Error};
pub use impact::{Bump, CrateVerdict, Effect, Follows, Rule, RustImpact, SpecText, rust_impact};
pub use surface::Crate;

/// What to generate and how to name things in the output.
#[derive(Debug, Clone)]
pub struct Settings {
    /// How the spec is named in messages and in the `@generated` header,
    /// e.g. `spec/onezone.yaml`.
    pub spec_name: String,
    /// Rust path under which the generated client and server stubs reach the
    /// shared types (`::onezone_types` in this workspace). That module must
    /// also provide `Secret`, the type of `format: password` fields.
    pub types_path: String,
    /// Request timeout of the plain `Client::new` constructor, in seconds.
    pub default_timeout_secs: u64,
}

impl Settings {
    /// Defaults for this workspace, naming the spec `spec_name`.
    pub fn new(spec_name: impl Into<String>) -> Self {
        Self { spec_name: spec_name.into(), types_path: "::onezone_types".to_owned(), default_timeout_secs: 30 }
    }
}

/// The generated Rust sources, formatted, each starting with the
/// `// @generated` header line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// Shared schema types (the `onezone-types` crate's generated module).
    pub types: String,
    /// The progenitor client (the `onezone-client` crate's generated module).
    pub client: String,
    /// Server traits, request/response types, operation markers, validators
    /// and the axum router (the `onezone-server` crate's generated module).
    pub server: String,
    /// The per-tag traits over `dynamic::DynamicApi` (the `onezone-server`
    /// crate's `generated_dynamic` module, behind its `dynamic` feature).
    pub server_dynamic: String,
    /// The conformance suite's call table: each client operation callable by
    /// operationId (the `onezone-conformance` crate's generated module).
    pub conformance: String,
    /// The command table of the `onezone` command-line client (the
    /// `onezone-cli` crate's generated module).
    pub cli: String,
}

/// Where each generated module lives, relative to a workspace laid out like
/// this one, in the order of [`Generated::into_files`]: types, client, server,
/// the server's `dynamic` feature, the conformance call table, the CLI's
/// command table. (The generator writes nothing; `cargo xtask regenerate`
/// and the benchmarks place the texts here.)
pub const OUTPUT_PATHS: [&str; 6] = [
    "generated-types/src/generated.rs",
    "generated-client/src/generated.rs",
    "generated-server-stubs/src/generated.rs",
    "generated-server-stubs/src/generated_dynamic.rs",
    "tests/src/generated.rs",
    "cli/src/generated.rs",
];

impl Generated {
    /// Each text with its place ([`OUTPUT_PATHS`]).
    pub fn into_files(self) -> [(&'static str, String); 6] {
        let [types, client, server, server_dynamic, conformance, cli] = OUTPUT_PATHS;
        [
            (types, self.types),
            (client, self.client),
            (server, self.server),
            (server_dynamic, self.server_dynamic),
            (conformance, self.conformance),
            (cli, self.cli),
        ]
    }
}

/// Reads YAML or JSON text into a JSON value the way the generator does
/// (scalar mapping keys such as `200:` become strings; tags and non-JSON
/// numbers are errors naming their JSON pointer). For tools that want to read
/// the spec exactly as the generator sees it.
pub fn parse_document(text: &str, file: &str) -> Result<serde_json::Value, Error> {
    load::parse_document(text, file)
}

/// The spec as every backend reads it: parsed, checked, and normalized —
/// inline body schemas hoisted into named components, `allOf` merged,
/// discriminated unions rewritten into tagged `oneOf`s, schema names made
/// identifiers. For tools that want to interpret the spec as the generator
/// does (e.g. run [`schema::validate`] on it).
pub fn normalized_document(spec_text: &str, settings: &Settings) -> Result<serde_json::Value, Error> {
    load_checked(spec_text, settings).map(|(doc, _)| doc)
}

/// Applies the importer's `example-breaks-schema` rule
/// ([`onezone_upstream::Imported::drop_broken_examples`]) with this
/// generator's check: every example carried over from upstream that the lint
/// finds its schema refuses — what [`check`] and [`generate`] would refuse —
/// is left out of the imported document and reported as a repair. Other
/// findings are left for `check` to report. Returns how many examples were
/// left out.
pub fn drop_broken_examples(imported: &mut onezone_upstream::Imported) -> usize {
    let Ok(text) = serde_json::to_string(&imported.document) else { return 0 };
    let settings = Settings::new("imported");
    // A panic here would be the lint's: `generate` reports it as an error.
    let Ok(Err(error)) = panics::contain_panics(|| load_checked(&text, &settings)) else { return 0 };
    let reasons: Vec<(String, String)> = error
        .diagnostics()
        .into_iter()
        .map(|d| {
            let why = d.message.strip_prefix("example does not match its schema: ").map(str::to_owned);
            (d.pointer, why.unwrap_or(d.message))
        })
        .collect();
    imported.drop_broken_examples(reasons.iter().map(|(at, why)| (at.as_str(), why.as_str())))
}

/// Parses and lints the spec without generating anything.
///
/// Returns the typed model on success; on failure, every problem found with
/// its JSON pointer.
pub fn check(spec_text: &str, settings: &Settings) -> Result<openapiv3::OpenAPI, Error> {
    load_checked(spec_text, settings).map(|(_, api)| api)
}

fn load_checked(spec_text: &str, settings: &Settings) -> Result<(serde_json::Value, openapiv3::OpenAPI), Error> {
    let file = &settings.spec_name;
    let doc = load::parse_document(spec_text, file)?;
    load::check_version(&doc, file)?;
    // The normalization follows references: they must resolve first.
    let references = lint::references(&doc);
    if !references.is_empty() {
        return Err(Error::Invalid { file: file.clone(), diagnostics: references });
    }
    let normalized = normalize::normalize(&doc);
    let mut diagnostics = normalized.diagnostics;
    // A node the normalization reported on is not reported again.
    let reported: std::collections::BTreeSet<String> = diagnostics.iter().map(|d| d.pointer.clone()).collect();
    for mut d in lint::lint(&normalized.doc) {
        d.pointer = normalized.provenance.original(&d.pointer);
        if !reported.contains(&d.pointer) && !diagnostics.contains(&d) {
            diagnostics.push(d);
        }
    }
    if !diagnostics.is_empty() {
        return Err(Error::Invalid { file: file.clone(), diagnostics });
    }
    let api = load::to_openapi(normalized.doc.clone(), file).map_err(|e| match e {
        Error::Invalid { file, diagnostics } => Error::Invalid {
            file,
            diagnostics: diagnostics
                .into_iter()
                .map(|d| Diagnostic { pointer: normalized.provenance.original(&d.pointer), ..d })
                .collect(),
        },
        other => other,
    })?;
    Ok((normalized.doc, api))
}

/// Generates every output from the spec text.
///
/// Never panics: a panic in a backend or an emitter on input the lint let
/// through becomes [`Error::Generator`].
pub fn generate(spec_text: &str, settings: &Settings) -> Result<Generated, Error> {
    panics::contain_panics(|| generate_unguarded(spec_text, settings)).unwrap_or_else(|message| {
        Err(Error::Generator {
            file: settings.spec_name.clone(),
            pointer: String::new(),
            stage: "code generation",
            message: format!("{message}; the lint should have refused this spec, please report it"),
        })
    })
}

fn generate_unguarded(spec_text: &str, settings: &Settings) -> Result<Generated, Error> {
    let built = build(spec_text, settings)?;
    Ok(Generated {
        types: render(&built.types, settings),
        client: render(&built.client, settings),
        server: render(&built.server, settings),
        server_dynamic: render(&built.server_dynamic, settings),
        conformance: render(&built.conformance, settings),
        cli: render(&built.cli, settings),
    })
}

/// Every generated file as a syntax tree, before formatting, with the model
/// the server emitter worked from: what [`generate`] renders, and what
/// [`impact`] reads the generated Rust API from.
pub(crate) struct Built {
    pub types: syn::File,
    pub client: syn::File,
    pub server: syn::File,
    pub server_dynamic: syn::File,
    pub conformance: syn::File,
    pub cli: syn::File,
    pub model: model::Api,
    /// The Rust type typify gives each component schema.
    pub names: names::TypeNames,
    pub doc: serde_json::Value,
}

pub(crate) fn build(spec_text: &str, settings: &Settings) -> Result<Built, Error> {
    let (doc, api) = load_checked(spec_text, settings)?;
    let types_path: syn::Path = syn::parse_str(&settings.types_path).map_err(|e| Error::Generator {
        file: settings.spec_name.clone(),
        pointer: String::new(),
        stage: "settings",
        message: format!("types path `{}` is not a Rust path: {e}", settings.types_path),
    })?;
    let out = client::generate(&api, settings, &types_path)?;
    let mut client_file = out.client;
    let base_path: syn::Item = syn::parse2(client::base_path_item(&api)).map_err(|e| Error::Generator {
        file: settings.spec_name.clone(),
        pointer: "/servers/0/url".to_owned(),
        stage: "client post-processing",
        message: e.to_string(),
    })?;
    client_file.items.insert(0, base_path);

    let model = model::build(&doc);
    let names = names::TypeNames::ask_typify(&doc).map_err(|message| Error::Generator {
        file: settings.spec_name.clone(),
        pointer: String::new(),
        stage: "type names",
        message,
    })?;
    let validated = model::request_schemas(&doc, &model);
    let typed_checks = typed::checks(&doc, &out.types, &validated, &names);
    let server_tokens = server::emit(&model, &doc, &validated, &typed_checks, &types_path, &names);
    let server_file: syn::File = syn::parse2(server_tokens).map_err(|e| Error::Generator {
        file: settings.spec_name.clone(),
        pointer: String::new(),
        stage: "server emitter",
        message: format!("emitted code does not parse: {e}"),
    })?;
    let dynamic_file: syn::File = syn::parse2(server::emit_dynamic(&model, &names)).map_err(|e| Error::Generator {
        file: settings.spec_name.clone(),
        pointer: String::new(),
        stage: "server emitter",
        message: format!("emitted code does not parse: {e}"),
    })?;
    let conformance_file: syn::File =
        syn::parse2(conformance::emit(&model, &schema_names(&doc), &names)).map_err(|e| Error::Generator {
            file: settings.spec_name.clone(),
            pointer: String::new(),
            stage: "conformance emitter",
            message: format!("emitted code does not parse: {e}"),
        })?;
    cli::check(&model, &settings.spec_name)?;
    let cli_file: syn::File = syn::parse2(cli::emit(&model, &doc, &names)).map_err(|e| Error::Generator {
        file: settings.spec_name.clone(),
        pointer: String::new(),
        stage: "cli emitter",
        message: format!("emitted code does not parse: {e}"),
    })?;
    Ok(Built {
        types: out.types,
        client: client_file,
        server: server_file,
        server_dynamic: dynamic_file,
        conformance: conformance_file,
        cli: cli_file,
        model,
        names,
        doc,
    })
}

fn schema_names(doc: &serde_json::Value) -> Vec<String> {
    doc.pointer("/components/schemas")
        .and_then(serde_json::Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

/// The first line of every generated file.
pub fn header(settings: &Settings) -> String {
    format!("// @generated by cargo xtask regenerate from {} — do not edit\n", settings.spec_name)
}

fn render(file: &syn::File, settings: &Settings) -> String {
    let mut out = header(settings);
    out.push('\n');
    out.push_str(&prettyplease::unparse(file));
    out
}
