//! The progenitor run: one type space for the whole spec, split into the
//! shared types crate and the client crate.
//!
//! progenitor emits the client and, inline, `pub mod types { .. }`. We move
//! that module's items into the types crate and leave
//! `pub use ::onezone_types as types;` in its place, so the client, the server
//! stubs and downstream code all name the very same Rust types.

use proc_macro2::TokenStream;
use progenitor_impl::{GenerationSettings, Generator, InterfaceStyle, TagStyle, TypeImpl};
use quote::quote;

use crate::Settings;
use crate::error::Error;
use crate::panics::contain_panics;

/// Rust output of the progenitor stage, still as token trees.
pub(crate) struct ClientOutput {
    /// Items of the shared types crate.
    pub types: syn::File,
    /// The client module, with `types` re-exported from the types crate.
    pub client: syn::File,
}

/// The typify settings both crates are generated with.
pub(crate) fn generation_settings(settings: &Settings) -> GenerationSettings {
    let mut g = GenerationSettings::default();
    g.with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_derive("PartialEq")
        .with_timeout(settings.default_timeout_secs);
    // Secrets (`format: password`) become a serde-transparent newtype whose
    // Debug output is redacted; the wire form stays a plain string.
    let password = schemars_password_schema();
    let secret_path = format!("{}::Secret", settings.types_path);
    g.with_conversion(password, secret_path, [TypeImpl::FromStr].into_iter());
    g
}

fn schemars_password_schema() -> schemars::schema::SchemaObject {
    schemars::schema::SchemaObject {
        instance_type: Some(schemars::schema::InstanceType::String.into()),
        format: Some("password".to_owned()),
        ..Default::default()
    }
}

pub(crate) fn generate(
    api: &openapiv3::OpenAPI,
    settings: &Settings,
    types_path: &syn::Path,
) -> Result<ClientOutput, Error> {
    let mut generator = Generator::new(&generation_settings(settings));
    let tokens = contain_panics(|| generator.generate_tokens(api)).map_err(|message| Error::Generator {
        file: settings.spec_name.clone(),
        pointer: String::new(),
        stage: "progenitor",
        message,
    })?;
    let tokens = tokens.map_err(|e| Error::Generator {
        file: settings.spec_name.clone(),
        pointer: String::new(),
        stage: "progenitor",
        message: e.to_string(),
    })?;
    let (types, mut client) = split_types(tokens, settings, types_path)?;
    let mut hardening = Hardening { path_rewrites: 0 };
    syn::visit_mut::VisitMut::visit_file_mut(&mut hardening, &mut client);
    if hardening.path_rewrites == 0 && api.paths.paths.keys().any(|p| p.contains('{')) {
        return Err(Error::Generator {
            file: settings.spec_name.clone(),
            pointer: "/paths".to_owned(),
            stage: "client post-processing",
            message: "progenitor's output no longer calls encode_path; the path-parameter hardening must be updated"
                .to_owned(),
        });
    }
    Ok(ClientOutput { types, client })
}

/// Two changes to progenitor's client, made on the syntax tree so that the
/// generated file stays reproducible and nobody edits it by hand:
///
/// - path parameters go through `crate::encode_path_segment`, which refuses
///   `""`, `.` and `..` and percent-encodes everything outside RFC 3986's
///   unreserved set. progenitor's `encode_path` leaves `.`, `..` and `\` as
///   they are, and URL parsing then resolves them, so an id of `..` could
///   address another resource (`DELETE /handle_services/../groups/G` is
///   `DELETE /groups/G`);
/// - a documented error status is decoded by `crate::decode_error_response`,
///   which keeps the status when the body is not an Onezone error (a proxy's
///   HTML page), instead of progenitor's status-less `InvalidResponsePayload`.
struct Hardening {
    path_rewrites: usize,
}

impl syn::visit_mut::VisitMut for Hardening {
    /// `format!("{}/groups/{}", client.baseurl, encode_path(..))`: macro
    /// arguments are opaque tokens to syn, so parse them as expressions,
    /// rewrite, and put them back.
    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        if !mac.path.is_ident("format") {
            return;
        }
        let parser = syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
        let Ok(mut args) = syn::parse::Parser::parse2(parser, mac.tokens.clone()) else { return };
        for arg in args.iter_mut() {
            self.visit_expr_mut(arg);
        }
        mac.tokens = quote! { #args };
    }

    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        syn::visit_mut::visit_expr_mut(self, expr);
        let syn::Expr::Call(call) = expr else { return };
        let syn::Expr::Path(func) = call.func.as_ref() else { return };
        let segments: Vec<String> = func.path.segments.iter().map(|s| s.ident.to_string()).collect();
        match segments.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
            ["encode_path"] => {
                let args = &call.args;
                *expr = syn::parse_quote! { crate::encode_path_segment(#args).map_err(Error::InvalidRequest)? };
                self.path_rewrites += 1;
            }
            ["Error", "ErrorResponse"] => {
                *expr = syn::parse_quote! { crate::decode_error_response(response).await };
            }
            _ => {}
        }
    }
}

fn split_types(
    tokens: TokenStream,
    settings: &Settings,
    types_path: &syn::Path,
) -> Result<(syn::File, syn::File), Error> {
    let fail = |message: String| Error::Generator {
        file: settings.spec_name.clone(),
        pointer: String::new(),
        stage: "client post-processing",
        message,
    };
    let mut client: syn::File =
        syn::parse2(tokens).map_err(|e| fail(format!("progenitor output does not parse: {e}")))?;
    let position = client
        .items
        .iter()
        .position(|item| matches!(item, syn::Item::Mod(m) if m.ident == "types"))
        .ok_or_else(|| fail("progenitor output has no `types` module".to_owned()))?;
    let doc = format!(" Types used as operation parameters and responses: `{}`.", settings.types_path);
    let reexport: syn::Item = syn::parse_quote! {
        #[doc = #doc]
        pub use #types_path as types;
    };
    let syn::Item::Mod(types_mod) = std::mem::replace(&mut client.items[position], reexport) else {
        return Err(fail("`types` is not a module".to_owned()));
    };
    let items = types_mod.content.map(|(_, items)| items).unwrap_or_default();
    let types = syn::File { shebang: None, frontmatter: None, attrs: Vec::new(), items };
    Ok((types, client))
}

/// `pub const BASE_PATH: &str = ...;` from the spec's server URL.
pub(crate) fn base_path_item(api: &openapiv3::OpenAPI) -> TokenStream {
    let base = api.servers.first().map(|s| s.url.as_str()).unwrap_or("");
    quote! {
        /// Path under which the API is served, from the spec's `servers` entry.
        /// [`crate::Client`] constructors that take a zone URL append it.
        pub const BASE_PATH: &str = #base;
    }
}
