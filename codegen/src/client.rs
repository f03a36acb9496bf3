//! The progenitor run: one type space for the whole spec, split into the
//! shared types crate and the client crate.
//!
//! progenitor emits the client and, inline, `pub mod types { .. }`. We move
//! that module's items into the types crate and leave
//! `pub use ::onezone_types as types;` in its place, so the client, the server
//! stubs and downstream code all name the very same Rust types.

use std::collections::{BTreeMap, BTreeSet};

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
        .with_timeout(settings.default_timeout_secs)
        // Maps (`additionalProperties: {schema}`) serialize in key order, so
        // a body does not depend on a hash seed; no dependency to add.
        .with_map_type("::std::collections::BTreeMap");
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
    let (api, redirects) = without_redirects(api);
    let mut generator = Generator::new(&generation_settings(settings));
    let tokens = contain_panics(|| generator.generate_tokens(&api)).map_err(|message| Error::Generator {
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
    let changed = |message: &str| Error::Generator {
        file: settings.spec_name.clone(),
        pointer: "/paths".to_owned(),
        stage: "client post-processing",
        message: format!("progenitor's output changed: {message}"),
    };
    if hardening.path_rewrites == 0 && api.paths.paths.keys().any(|p| p.contains('{')) {
        return Err(changed("it no longer calls encode_path; the path-parameter hardening must be updated"));
    }
    let mut arms = RedirectArms { redirects: &redirects, current: None, rewritten: BTreeSet::new(), policies: 0 };
    syn::visit_mut::VisitMut::visit_file_mut(&mut arms, &mut client);
    if let Some(missed) = redirects.keys().find(|b| !arms.rewritten.contains(*b)) {
        return Err(changed(&format!("no status match found in `builder::{missed}::send` for its redirects")));
    }
    if arms.policies != 1 {
        return Err(changed("`Client::new` no longer builds its reqwest client as expected (redirect policy)"));
    }
    Ok(ClientOutput { types, client })
}

/// The redirects one operation documents, and whether progenitor was given
/// a placeholder success in their place.
struct Redirect {
    statuses: Vec<u16>,
    placeholder: bool,
}

/// progenitor treats a 3xx as neither success nor error: the generated
/// `send` would answer it `Error::UnexpectedResponse`, and an operation with
/// only a redirect would get a raw byte-stream success type for 2xx answers
/// it never sends. So progenitor is given the operations without their
/// redirects — and a placeholder `204` where no 2xx is left, so that the
/// success type is `()` as for any bodiless answer — and [`RedirectArms`]
/// then puts the redirects into the status match of each `send`:
/// `307u16 => Ok(ResponseValue::empty(response))`. The caller gets the
/// answer with its status and headers (`LocationExt::location`); no
/// redirect is followed (see [`RedirectArms`] for `Client::new`).
fn without_redirects(api: &openapiv3::OpenAPI) -> (openapiv3::OpenAPI, BTreeMap<String, Redirect>) {
    let mut api = api.clone();
    let mut redirects = BTreeMap::new();
    for item in api.paths.paths.values_mut() {
        let openapiv3::ReferenceOr::Item(item) = item else { continue };
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.options,
            &mut item.head,
            &mut item.patch,
            &mut item.trace,
        ];
        for op in operations.into_iter().flatten() {
            let is_redirect = |code: &openapiv3::StatusCode| matches!(code, openapiv3::StatusCode::Code(c) if crate::lint::REDIRECTS.contains(c));
            let statuses: Vec<u16> = op
                .responses
                .responses
                .keys()
                .filter_map(|code| match code {
                    openapiv3::StatusCode::Code(c) if is_redirect(code) => Some(*c),
                    _ => None,
                })
                .collect();
            if statuses.is_empty() {
                continue;
            }
            op.responses.responses.retain(|code, _| !is_redirect(code));
            let success = |code: &openapiv3::StatusCode| match code {
                openapiv3::StatusCode::Code(c) => (200..300).contains(c),
                openapiv3::StatusCode::Range(r) => *r == 2,
            };
            let placeholder = !op.responses.responses.keys().any(success);
            if placeholder {
                let response = openapiv3::Response {
                    description: "placeholder for the redirects".to_owned(),
                    ..Default::default()
                };
                op.responses.responses.insert(openapiv3::StatusCode::Code(204), openapiv3::ReferenceOr::Item(response));
            }
            if let Some(id) = &op.operation_id {
                redirects.insert(crate::names::typify_pascal(id), Redirect { statuses, placeholder });
            }
        }
    }
    (api, redirects)
}

/// Puts each operation's redirects into the status match of its builder's
/// `send` (see [`without_redirects`]), and makes progenitor's `Client::new`
/// follow no redirect: reqwest follows up to ten by default, which would
/// hide a documented redirect from the caller, and send the credentials of
/// the default headers (`X-Auth-Token`, which reqwest does not know to be
/// sensitive) to whatever host a redirect names.
struct RedirectArms<'a> {
    redirects: &'a BTreeMap<String, Redirect>,
    /// The builder whose `impl` is being visited, if it has redirects.
    current: Option<String>,
    rewritten: BTreeSet<String>,
    /// Redirect policies set in `Client::new`.
    policies: usize,
}

impl syn::visit_mut::VisitMut for RedirectArms<'_> {
    fn visit_item_impl_mut(&mut self, item: &mut syn::ItemImpl) {
        let name = match item.self_ty.as_ref() {
            syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
            _ => None,
        };
        if name.as_deref() == Some("Client") && item.trait_.is_none() {
            for member in &mut item.items {
                if let syn::ImplItem::Fn(f) = member
                    && f.sig.ident == "new"
                {
                    for stmt in &mut f.block.stmts {
                        if let syn::Stmt::Local(local) = stmt
                            && is_native_only(&local.attrs)
                            && let Some(init) = &mut local.init
                        {
                            self.policies += set_redirect_policy(&mut init.expr);
                        }
                    }
                }
            }
            return;
        }
        self.current = name.filter(|n| self.redirects.contains_key(n));
        syn::visit_mut::visit_item_impl_mut(self, item);
        self.current = None;
    }

    fn visit_expr_match_mut(&mut self, m: &mut syn::ExprMatch) {
        syn::visit_mut::visit_expr_match_mut(self, m);
        let Some(builder) = &self.current else { return };
        let Some(redirect) = self.redirects.get(builder) else { return };
        let syn::Expr::MethodCall(call) = m.expr.as_ref() else { return };
        if call.method != "as_u16" {
            return;
        }
        let codes = redirect.statuses.iter().map(|c| proc_macro2::Literal::u16_suffixed(*c));
        let pattern: syn::Pat = syn::parse_quote! { #(#codes)|* };
        if redirect.placeholder {
            let Some(arm) = m.arms.iter_mut().find(|a| quote!(#a).to_string().starts_with("204u16 =>")) else {
                return;
            };
            arm.pat = pattern;
        } else {
            // After the 2xx arms, which progenitor puts first.
            let arm: syn::Arm = syn::parse_quote! { #pattern => Ok(ResponseValue::empty(response)), };
            let after = m.arms.iter().take_while(|a| {
                let pat = &a.pat;
                quote!(#pat).to_string().starts_with('2')
            });
            m.arms.insert(after.count(), arm);
        }
        self.rewritten.insert(builder.clone());
    }
}

/// `#[cfg(not(target_arch = "wasm32"))]`: reqwest's client for WebAssembly
/// has no redirect policy (the browser follows them).
fn is_native_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("cfg") && quote!(#a).to_string().contains("not (target_arch"))
}

/// Appends `.redirect(Policy::none())` to the `reqwest::ClientBuilder::new()`
/// in `expr`; how many it found.
fn set_redirect_policy(expr: &mut syn::Expr) -> usize {
    struct Builders(usize);
    impl syn::visit_mut::VisitMut for Builders {
        fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
            if let syn::Expr::Call(call) = expr
                && let syn::Expr::Path(func) = call.func.as_ref()
                && func.path.segments.iter().rev().take(2).map(|s| s.ident.to_string()).eq(["new", "ClientBuilder"])
            {
                *expr = syn::parse_quote! { #call.redirect(::reqwest::redirect::Policy::none()) };
                self.0 += 1;
                return;
            }
            syn::visit_mut::visit_expr_mut(self, expr);
        }
    }
    let mut builders = Builders(0);
    syn::visit_mut::VisitMut::visit_expr_mut(&mut builders, expr);
    builders.0
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
