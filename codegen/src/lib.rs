//! Turns the Onezone OpenAPI description into Rust source text.
//!
//! The pipeline runs in one direction:
//! spec text → [parse](load) → references checked → [normalize] (one shape
//! for every backend) → [lint] → `openapiv3` model → progenitor (client +
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

#![deny(missing_docs)]

mod cli;
mod client;
mod conformance;
mod error;
mod lint;
mod load;
mod model;
mod names;
mod normalize;
mod panics;
mod rules;
pub mod schema;
mod server;
mod typed;

pub use error::{Diagnostic, Error};

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
    Ok(Generated {
        types: render(&out.types, settings),
        client: render(&client_file, settings),
        server: render(&server_file, settings),
        server_dynamic: render(&dynamic_file, settings),
        conformance: render(&conformance_file, settings),
        cli: render(&cli_file, settings),
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
