//! Turns the Onezone OpenAPI description into Rust source text.
//!
//! The pipeline runs in one direction:
//! spec text → parse (`load.rs`) → lint (`lint/`) → `openapiv3` model → progenitor (client +
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
//! # What the generator refuses
//!
//! The lint runs before any backend and reports every problem with the JSON
//! pointer of its node; `codegen/tests/bad-specs/` holds one malformed spec
//! per refusal. It refuses:
//!
//! - documents that are not OpenAPI 3.0 (Swagger 2.0 and 3.1 are named as
//!   such), unparsable YAML/JSON, non-JSON scalars;
//! - references that are not local, do not resolve, or point into anything
//!   but a named component; cycles of `$ref`/`oneOf` passing through no
//!   `properties` or `items` (they describe no finite value);
//! - names that would not make valid, distinct Rust: an operationId, tag,
//!   schema or path parameter that becomes a keyword or a non-identifier, or
//!   the same Rust name as another one in snake_case or PascalCase; the few
//!   names the generated modules really reserve (operationId `api` for
//!   `ApiResponse`, tag `Onezone` for `OnezoneApi`, client methods such as
//!   `new`, builder imports such as `Error`, a path parameter `body` beside a
//!   request body); an inline schema whose typify name (`Thing.kind` →
//!   `ThingKind`) is taken;
//! - paths the axum router refuses (`/things/{id}` beside `/things/{gid}`,
//!   segments starting with `:` or `*`), server URLs with variables;
//! - request and response bodies that are not `application/json` with a
//!   `$ref` to a named schema (client and server share one type per shape),
//!   several success body types in one operation, 1xx and 3xx responses,
//!   unknown security schemes;
//! - schema keywords the validators cannot enforce; `format: date`,
//!   `date-time` and `uuid` (types of crates the types crate does not use);
//!   an `enum` that is empty, not on `type: string`, holds a non-string, or
//!   has two values with one Rust variant name (`a-b`, `a_b`); a `oneOf` of
//!   inline schemas that is not a tagged union, or a tagged union whose
//!   variants share a tag value or its variant name; a nullable tag;
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
    let diagnostics = lint::lint(&doc);
    if !diagnostics.is_empty() {
        return Err(Error::Invalid { file: file.clone(), diagnostics });
    }
    let api = load::to_openapi(doc.clone(), file)?;
    Ok((doc, api))
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
