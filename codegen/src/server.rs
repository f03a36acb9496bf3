//! The server emitter: traits per tag, request/response types, operation
//! metadata, request validators, the framework-free dispatch layer and the
//! axum router — all as syn/quote token trees for prettyplease.

use heck::{ToPascalCase, ToSnakeCase};
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use crate::model::{Api, Operation, Status, Success};
use crate::names::TypeNames;
use crate::rules::{Bounds, Limit, ObjectRule, Others, Rule};

fn ident(s: &str) -> Ident {
    Ident::new(s, Span::call_site())
}

/// `types::<the Rust type typify made of component schema name>`.
fn type_path(names: &TypeNames, name: &str) -> TokenStream {
    let t = ident(names.of(name));
    quote! { types::#t }
}

fn trait_name(tag: &str) -> Ident {
    format_ident!("{}Api", tag.to_pascal_case())
}

fn docs(lines: &[Option<&str>]) -> TokenStream {
    let mut out = TokenStream::new();
    let mut first = true;
    for block in lines.iter().flatten() {
        if !first {
            out.extend(quote! { #[doc = ""] });
        }
        first = false;
        for line in block.lines() {
            let line = format!(" {line}");
            out.extend(quote! { #[doc = #line] });
        }
    }
    out
}

/// Variant name of a status in a generated response enum.
fn variant_name(status: Status) -> Ident {
    let name = match status.0 {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        other => return format_ident!("Status{}", other),
    };
    ident(name)
}

/// `http::StatusCode::…` for a status the lint lets through (2xx and the
/// redirects).
fn status_constant(status: Status) -> TokenStream {
    let name = match status.0 {
        200 => "OK",
        201 => "CREATED",
        202 => "ACCEPTED",
        203 => "NON_AUTHORITATIVE_INFORMATION",
        204 => "NO_CONTENT",
        205 => "RESET_CONTENT",
        206 => "PARTIAL_CONTENT",
        207 => "MULTI_STATUS",
        208 => "ALREADY_REPORTED",
        226 => "IM_USED",
        301 => "MOVED_PERMANENTLY",
        302 => "FOUND",
        303 => "SEE_OTHER",
        307 => "TEMPORARY_REDIRECT",
        308 => "PERMANENT_REDIRECT",
        // Not a status the lint accepts; keeps the output compiling all the same.
        _ => return quote! { http::StatusCode::INTERNAL_SERVER_ERROR },
    };
    let name = ident(name);
    quote! { http::StatusCode::#name }
}

/// The Rust names of an operation: method, request type, response enum,
/// marker type in `operations`.
struct Names {
    method: Ident,
    request: Ident,
    response: Ident,
    marker: Ident,
}

fn op_names(op: &Operation) -> Names {
    let pascal = op.id.to_pascal_case();
    Names {
        method: ident(&op.id.to_snake_case()),
        request: format_ident!("{}Request", pascal),
        response: format_ident!("{}Response", pascal),
        marker: ident(&pascal),
    }
}

/// The Rust items the server crate has for one operation, by name: what
/// [`crate::impact`] looks for in the generated module.
pub(crate) struct OperationItems {
    /// The per-tag trait (`GroupApi`).
    pub trait_name: String,
    /// The trait method (`get_group`).
    pub method: String,
    /// The request struct (`GetGroupRequest`).
    pub request: String,
    /// The generated response enum, when the answer is not one of the
    /// runtime's types (several successes, or one no runtime type expresses).
    pub response: Option<String>,
    /// The marker type in `operations`.
    pub marker: String,
}

/// Which items the emitter generates for `op`.
pub(crate) fn operation_items(op: &Operation) -> OperationItems {
    let n = op_names(op);
    OperationItems {
        trait_name: trait_name(&op.tag).to_string(),
        method: n.method.to_string(),
        request: n.request.to_string(),
        response: runtime_answer(op).is_none().then(|| n.response.to_string()),
        marker: n.marker.to_string(),
    }
}

/// The function checking (in `validators`) or completing (in
/// `typed_checks`) a body of the component schema `schema`.
pub(crate) fn validator_name(schema: &str) -> String {
    schema.to_snake_case()
}

/// Where generated code names things from: the generated module's top level
/// (which imports the runtime's answer types and `types`), or a module
/// inside it, where everything is qualified so that no name the spec
/// produces there can shadow one.
#[derive(Clone, Copy, PartialEq)]
enum At {
    Top,
    Inner,
}

/// The runtime types for an operation with a single documented success.
#[derive(Clone, Copy)]
enum RuntimeAnswer<'a> {
    /// 200 with the named schema as body.
    Json(&'a str),
    /// 201 with `Location`.
    Created,
    /// 201 with `Location` and the named schema as body.
    CreatedWith(&'a str),
    /// 204.
    NoContent,
}

impl RuntimeAnswer<'_> {
    /// The runtime type's name.
    fn name(self) -> &'static str {
        match self {
            RuntimeAnswer::Json(_) => "Json",
            RuntimeAnswer::Created => "Created",
            RuntimeAnswer::CreatedWith(_) => "CreatedWith",
            RuntimeAnswer::NoContent => "NoContent",
        }
    }

    fn tokens(self, at: At, names: &TypeNames) -> TokenStream {
        let name = ident(self.name());
        let (runtime, types) = match at {
            At::Top => (quote! {}, quote! { types }),
            At::Inner => (quote! { crate:: }, quote! { super::types }),
        };
        match self {
            RuntimeAnswer::Json(body) | RuntimeAnswer::CreatedWith(body) => {
                let ty = ident(names.of(body));
                quote! { #runtime #name<#types::#ty> }
            }
            RuntimeAnswer::Created | RuntimeAnswer::NoContent => quote! { #runtime #name },
        }
    }
}

/// The runtime type an operation's single documented success maps onto, if
/// any; otherwise it gets a generated enum (a redirect too: its variant,
/// `TemporaryRedirect { location }`, says which status it is).
fn runtime_answer(op: &Operation) -> Option<RuntimeAnswer<'_>> {
    let [s] = op.success.as_slice() else { return None };
    match (s.status.0, s.body.as_deref(), s.location) {
        (200, Some(body), false) => Some(RuntimeAnswer::Json(body)),
        (201, None, true) => Some(RuntimeAnswer::Created),
        (201, Some(body), true) => Some(RuntimeAnswer::CreatedWith(body)),
        (204, None, false) => Some(RuntimeAnswer::NoContent),
        _ => None,
    }
}

/// The answer type of an operation's trait method.
fn answer_type(op: &Operation, at: At, names: &TypeNames) -> TokenStream {
    match runtime_answer(op) {
        Some(answer) => answer.tokens(at, names),
        None => {
            let response = op_names(op).response;
            match at {
                At::Top => quote! { #response },
                At::Inner => quote! { super::#response },
            }
        }
    }
}

/// Everything the emitter generates, as one file: the traits first, then
/// what their signatures name, then what the runtime needs.
pub(crate) fn emit(
    api: &Api,
    doc: &Value,
    validated: &[String],
    typed: &[(String, TokenStream)],
    types_path: &syn::Path,
    names: &TypeNames,
) -> TokenStream {
    let base_path = &api.base_path;
    let traits = api.tags.iter().map(|tag| tag_trait(api, &tag.name, tag.description.as_deref(), names));
    let trait_names: Vec<Ident> = api.tags.iter().map(|t| trait_name(&t.name)).collect();
    let requests = api.operations.iter().map(|op| request_type(op, names));
    let responses = api.operations.iter().filter(|op| runtime_answer(op).is_none()).map(|op| response_enum(op, names));
    let typed_names: Vec<&str> = typed.iter().map(|(name, _)| name.as_str()).collect();
    let typed_fns = typed.iter().map(|(_, f)| f);
    let markers = api.operations.iter().map(|op| operation_marker(api, op, &typed_names, names));
    let all = api.operations.iter().map(|op| {
        let marker = op_names(op).marker;
        quote! { <#marker as crate::Operation>::INFO }
    });
    let validators = validated.iter().map(|name| validator_fn(doc, name));
    // A spec without request bodies has no validators to import for.
    let validator_imports = (!validated.is_empty()).then(|| {
        quote! {
            use crate::validate as v;
            use crate::validate::Key;
            use crate::ApiError;
            use crate::validate::Json;
        }
    });
    let router = router(api);
    let title = format!(" Every trait of {}; implemented automatically for any type implementing them all.", api.title);
    // The runtime's answer types the signatures name, imported by name.
    let answers: std::collections::BTreeSet<&str> =
        api.operations.iter().filter_map(runtime_answer).map(RuntimeAnswer::name).collect();
    let answers = answers.into_iter().map(ident);
    quote! {
        use #types_path as types;
        use crate::{ApiError, Auth, RequestContext #(, #answers)*};
        use std::future::Future;

        /// Path under which the API is served, from the spec's `servers` entry.
        pub const BASE_PATH: &str = #base_path;

        #(#traits)*

        #[doc = #title]
        pub trait OnezoneApi: #(#trait_names)+* {}
        impl<T: #(#trait_names)+*> OnezoneApi for T {}

        #(#requests)*

        #(#responses)*

        /// One marker type per operation: its metadata and how the runtime
        /// serves it (`crate::Operation`, `crate::Handler`).
        pub mod operations {
            /// Metadata of every operation, in spec order.
            pub const ALL: &[&crate::OperationInfo] = &[#(#all),*];

            #(#markers)*
        }

        /// Request validators generated from the schemas of the request
        /// bodies: the first problem is answered with the Onedata error id and
        /// details a zone would send.
        pub mod validators {
            #![allow(clippy::needless_return)]
            #validator_imports
            #(#validators)*
        }

        /// What the Rust types of request bodies cannot check themselves, for
        /// the bodies whose type accepts no JSON the validator refuses: those
        /// are deserialized first and validated only when that fails (see
        /// `parse_body_typed`); the others are validated first.
        pub mod typed_checks {
            #[allow(unused_imports)] // unused when no schema takes the typed path
            use super::types;
            /// The schemas that take the typed path, in the order of `validators`.
            pub const SCHEMAS: &[&str] = &[#(#typed_names),*];
            #(#typed_fns)*
        }

        #router
    }
}

fn request_type(op: &Operation, names: &TypeNames) -> TokenStream {
    let request = op_names(op).request;
    let fields = op.params.iter().map(|p| {
        let name = ident(&p.name.to_snake_case());
        let doc = docs(&[p.description.as_deref()]);
        let rename = (p.name.to_snake_case() != p.name).then(|| {
            let original = &p.name;
            quote! { #[serde(rename = #original)] }
        });
        quote! { #doc #rename pub #name: String, }
    });
    let body_field = op.body.as_ref().map(|b| {
        let ty = type_path(names, &b.schema);
        let doc = docs(&[
            b.description.as_deref(),
            (!b.required).then_some("Optional: `None` when the request had no body."),
        ]);
        if b.required {
            quote! { #doc pub body: #ty, }
        } else {
            quote! { #doc pub body: Option<#ty>, }
        }
    });
    let doc = format!(" Inputs of `{} {}` (`{}`).", op.method, op.path, op.id);
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        pub struct #request {
            #(#fields)*
            #body_field
        }
    }
}

/// The enum of an operation documenting several successes (or one no
/// runtime type expresses): one variant per status.
fn response_enum(op: &Operation, names: &TypeNames) -> TokenStream {
    let response = op_names(op).response;
    let doc = format!(" Documented success answers of `{}`.", op.id);
    let variants = op.success.iter().map(|s| response_variant(s, names));
    let arms = op.success.iter().map(response_arm);
    let from_dynamic = op.success.iter().map(from_dynamic_arm);
    let response_arg = if op.success.iter().any(|s| s.location) {
        quote! { mut response }
    } else {
        quote! { response }
    };
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #response {
            #(#variants)*
        }

        impl crate::IntoApiResponse for #response {
            fn into_api_response(self) -> crate::ApiResponse {
                use crate::ApiResponse;
                match self {
                    #(#arms)*
                }
            }
        }

        #[cfg(feature = "dynamic")]
        impl crate::dynamic::FromDynamic for #response {
            fn from_dynamic(#response_arg: crate::dynamic::DynResponse) -> Result<Self, ApiError> {
                match response.status {
                    #(#from_dynamic)*
                    _ => Err(ApiError::internal(None)),
                }
            }
        }
    }
}

fn response_variant(s: &Success, names: &TypeNames) -> TokenStream {
    let v = variant_name(s.status);
    let doc = docs(&[
        Some(&format!("{}: {}", s.status, s.description.as_deref().unwrap_or(""))),
        s.location.then_some("`location` is the absolute URL sent in the `Location` header."),
    ]);
    match (&s.body, s.location) {
        (None, false) => quote! { #doc #v, },
        (Some(b), false) => {
            let ty = type_path(names, b);
            quote! { #doc #v(#ty), }
        }
        (None, true) => quote! { #doc #v { location: String }, },
        (Some(b), true) => {
            let ty = type_path(names, b);
            quote! { #doc #v { location: String, body: #ty }, }
        }
    }
}

fn response_arm(s: &Success) -> TokenStream {
    let v = variant_name(s.status);
    let code = status_constant(s.status);
    match (&s.body, s.location) {
        (None, false) => quote! { Self::#v => ApiResponse::empty(#code), },
        (Some(_), false) => quote! { Self::#v(body) => ApiResponse::json(#code, &body), },
        (None, true) => {
            quote! { Self::#v { location } => ApiResponse { location: Some(location), ..ApiResponse::empty(#code) }, }
        }
        (Some(_), true) => {
            quote! { Self::#v { location, body } => ApiResponse { location: Some(location), ..ApiResponse::json(#code, &body) }, }
        }
    }
}

fn from_dynamic_arm(s: &Success) -> TokenStream {
    let v = variant_name(s.status);
    let status = s.status.0;
    let value = match (&s.body, s.location) {
        (None, false) => quote! { Self::#v },
        (Some(_), false) => quote! { Self::#v(crate::dynamic::from_json(response.body)?) },
        (None, true) => quote! { Self::#v { location: crate::dynamic::location(&mut response)? } },
        (Some(_), true) => quote! {
            Self::#v {
                location: crate::dynamic::location(&mut response)?,
                body: crate::dynamic::from_json(response.body)?,
            }
        },
    };
    quote! { #status => Ok(#value), }
}

fn method_signature(op: &Operation, type_names: &TypeNames) -> TokenStream {
    let Names { method, request, .. } = op_names(op);
    let answer = answer_type(op, At::Top, type_names);
    let claims = if op.public {
        quote! { Option<Self::Claims> }
    } else {
        quote! { Self::Claims }
    };
    quote! {
        fn #method(&self, ctx: &RequestContext, claims: #claims, request: #request)
            -> impl Future<Output = Result<#answer, ApiError>> + Send
    }
}

fn tag_trait(api: &Api, tag: &str, description: Option<&str>, type_names: &TypeNames) -> TokenStream {
    let name = trait_name(tag);
    let heading = format!("Operations tagged `{tag}`.");
    let note = "Every method answers 501 `notImplemented` unless overridden. Non-public operations receive the claims `Auth::authenticate` returned; public ones receive `Some` only when the caller sent credentials.";
    let doc = docs(&[Some(&heading), description, Some(note)]);
    let methods = api.operations.iter().filter(|o| o.tag == tag).map(|op| {
        let sig = method_signature(op, type_names);
        let marker = op_names(op).marker;
        let line = format!("`{} {}`{}", op.method, op.path, if op.public { " (public)" } else { "" });
        let perms = (!op.permissions.is_empty()).then(|| {
            format!(
                "Privileges named by the spec: {}.",
                op.permissions.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
            )
        });
        let doc = docs(&[op.summary.as_deref(), op.description.as_deref(), Some(&line), perms.as_deref()]);
        quote! {
            #doc #sig {
                crate::not_implemented::<operations::#marker, _>((ctx, claims, request))
            }
        }
    });
    quote! {
        #doc
        pub trait #name: Auth {
            #(#methods)*
        }
    }
}

/// The marker type of an operation and its `Operation`/`Handler` impls, in
/// the `operations` module (every name qualified: see [`At`]).
fn operation_marker(api: &Api, op: &Operation, typed: &[&str], type_names: &TypeNames) -> TokenStream {
    let Names { method, request, marker, .. } = op_names(op);
    let answer = answer_type(op, At::Inner, type_names);
    let tr = trait_name(&op.tag);
    let (id, http_method, path, tag, public) = (&op.id, op.method.as_str(), &op.path, &op.tag, op.public);
    let base_path = &api.base_path;
    let param_names = op.params.iter().map(|p| p.name.as_str());
    let permissions = &op.permissions;
    let success = op.success.iter().map(|s| proc_macro2::Literal::u16_unsuffixed(s.status.0));
    let errors = op.errors.iter().map(|e| proc_macro2::Literal::u16_unsuffixed(e.0));
    let access = if public {
        quote! { crate::Public }
    } else {
        quote! { crate::Authenticated }
    };
    let params = op.params.iter().map(|p| {
        let field = ident(&p.name.to_snake_case());
        let name = &p.name;
        quote! { #field: params.take(#name)?, }
    });
    let (reads_body, body) = match &op.body {
        Some(b) => {
            let validator = ident(&validator_name(&b.schema));
            let rule = if typed.contains(&b.schema.as_str()) {
                quote! { crate::BodyRule::typed(super::validators::#validator, super::typed_checks::#validator) }
            } else {
                quote! { crate::BodyRule::validated(super::validators::#validator) }
            };
            let parse = if b.required {
                quote! { crate::request_body(body, #rule)? }
            } else {
                quote! { crate::optional_request_body(body, #rule)? }
            };
            (Some(quote! { const READS_BODY: bool = true; }), Some(quote! { body: #parse, }))
        }
        None => (None, None),
    };
    let params_arg = if op.params.is_empty() {
        quote! { _: crate::PathParams }
    } else {
        quote! { mut params: crate::PathParams }
    };
    let body_arg = if op.body.is_some() {
        quote! { body: &[u8] }
    } else {
        quote! { _: &[u8] }
    };
    let doc = format!(" `{http_method} {path}` (`{id}`), served by [`{tr}::{method}`](super::{tr}::{method}).");
    quote! {
        #[doc = #doc]
        pub struct #marker;

        impl crate::Operation for #marker {
            const INFO: &'static crate::OperationInfo = &crate::OperationInfo {
                operation_id: #id,
                method: #http_method,
                path: #path,
                base_path: #base_path,
                params: &[#(#param_names),*],
                tag: #tag,
                permissions: &[#(#permissions),*],
                public: #public,
                success_statuses: &[#(#success),*],
                error_statuses: &[#(#errors),*],
            };
            #reads_body
            type Access = #access;
            type Response = #answer;
        }

        impl<S: super::#tr + ?Sized> crate::Handler<S> for #marker {
            async fn call(service: &S, ctx: &crate::RequestContext, claims: crate::Claims<Self, S>, #params_arg, #body_arg)
                -> Result<Self::Response, crate::ApiError>
            {
                let request = super::#request { #(#params)* #body };
                service.#method(ctx, claims, request).await
            }
        }
    }
}

fn router(api: &Api) -> TokenStream {
    // Group operations by path, keeping spec order.
    let mut paths: Vec<(&str, Vec<&Operation>)> = Vec::new();
    for op in &api.operations {
        match paths.iter_mut().find(|(p, _)| *p == op.path) {
            Some((_, ops)) => ops.push(op),
            None => paths.push((&op.path, vec![op])),
        }
    }
    let routes = paths.iter().map(|(path, ops)| {
        let mut chain = TokenStream::new();
        for (i, op) in ops.iter().enumerate() {
            let m = ident(op.method.key());
            let marker = op_names(op).marker;
            if i == 0 {
                chain.extend(quote! { axum::routing::#m(handle::<operations::#marker, S>) });
            } else {
                chain.extend(quote! { .#m(handle::<operations::#marker, S>) });
            }
        }
        // Routes carry the full path: `nest(BASE_PATH, ..)` would add a
        // second routing pass and rebuild every request's URI (measured by
        // `cargo xtask bench`: about 5k instructions a request).
        let full = format!("{}{path}", api.base_path);
        quote! { .route(#full, #chain) }
    });
    quote! {
        /// The API as an axum 0.8 router under [`BASE_PATH`], with the default
        /// [`ServerConfig`](crate::ServerConfig).
        #[cfg(feature = "axum")]
        pub fn router<S: OnezoneApi>(service: std::sync::Arc<S>) -> axum::Router {
            router_with_config(service, crate::ServerConfig::default())
        }

        /// The API as an axum 0.8 router under [`BASE_PATH`]. Unknown paths get
        /// 404 `notFound`, known paths with another method 405, both in
        /// Onezone's error format.
        #[cfg(feature = "axum")]
        pub fn router_with_config<S: OnezoneApi>(service: std::sync::Arc<S>, config: crate::ServerConfig) -> axum::Router {
            use crate::axum_support::{Served, handle, method_not_allowed, not_found};
            let state = Served { service, config: std::sync::Arc::new(config) };
            axum::Router::new()
                #(#routes)*
                .fallback(not_found)
                .method_not_allowed_fallback(method_not_allowed)
                .with_state(state)
        }
    }
}

fn validator_fn(doc: &Value, name: &str) -> TokenStream {
    let f = ident(&validator_name(name));
    let schema = doc.pointer(&format!("/components/schemas/{name}")).cloned().unwrap_or(Value::Null);
    let body = check(&Rule::build(doc, &schema), &quote! { value }, &quote! { key });
    let d = format!(" Checks a `{name}` value at `key`.");
    quote! {
        #[doc = #d]
        pub fn #f(value: &Json<'_>, key: &Key<'_>) -> Result<(), ApiError> {
            #body
            Ok(())
        }
    }
}

/// Statements checking `value` (a `&Json` expression) at `key` (a `&Key`)
/// against `rule`; they `return Err(..)` or `?` on the first problem, in the
/// order the interpreter (`schema.rs`) reports them.
fn check(rule: &Rule, value: &TokenStream, key: &TokenStream) -> TokenStream {
    match rule {
        Rule::Named(name) => {
            let f = ident(&validator_name(name));
            quote! { #f(#value, #key)?; }
        }
        Rule::Nullable(inner) => {
            let inner = check(inner, value, key);
            quote! { if !#value.is_null() { #inner } }
        }
        Rule::Object(object) => {
            let checks = object_checks(object, &quote! { object }, key);
            if checks.is_empty() {
                // `{type: object}`: any object.
                quote! { v::object(#value, #key)?; }
            } else {
                quote! {
                    let object = v::object(#value, #key)?;
                    #checks
                }
            }
        }
        Rule::Tagged { tag, variants } => {
            let tags: Vec<&str> = variants.iter().map(|(t, _)| t.as_str()).collect();
            let arms = variants.iter().map(|(t, variant)| {
                let checks = object_checks(variant, &quote! { object }, key);
                quote! { #t => { #checks } }
            });
            quote! {
                let (tag, object) = v::tag(#value, #key, #tag, &[#(#tags),*])?;
                match tag {
                    #(#arms)*
                    _ => {}
                }
            }
        }
        Rule::OneOf(alternatives) => {
            // The lint lets through only `oneOf`s of named schemas here.
            let alternatives = alternatives.iter().filter_map(|alt| match alt {
                Rule::Named(name) => Some(ident(&validator_name(name))),
                _ => None,
            });
            quote! { v::one_of(#value, #key, &[#(#alternatives),*])?; }
        }
        Rule::EnumList { allowed, non_empty } => {
            let non_empty = non_empty.then(|| quote! { v::non_empty(v::array(#value, #key)?, #key)?; });
            quote! {
                v::string_enum_list(#value, #key, &[#(#allowed),*])?;
                #non_empty
            }
        }
        Rule::Array { items, non_empty } => {
            let each = check(items, &quote! { item }, key);
            let non_empty = non_empty.then(|| quote! { v::non_empty(items, #key)?; });
            quote! {
                let items = v::array(#value, #key)?;
                #non_empty
                for item in items {
                    #each
                }
            }
        }
        Rule::String(None) => quote! { v::string(#value, #key)?; },
        Rule::String(Some(allowed)) => quote! { v::string_enum(#value, #key, &[#(#allowed),*])?; },
        Rule::Boolean => quote! { v::boolean(#value, #key)?; },
        Rule::Integer { width, bounds } => {
            let kind = match width {
                None => quote! { v::integer(#value, #key)?; },
                Some(width) => {
                    let rust = ident(width.rust());
                    quote! { v::integer_as::<#rust>(#value, #key)?; }
                }
            };
            let range = range_check(bounds, value, key);
            quote! { #kind #range }
        }
        Rule::Number { single, bounds } => {
            let kind = if *single {
                quote! { v::number_f32(#value, #key)?; }
            } else {
                quote! { v::number(#value, #key)?; }
            };
            let range = range_check(bounds, value, key);
            quote! { #kind #range }
        }
        Rule::Any => quote! { let _ = (#value, #key); },
    }
}

/// The range check of a number whose type is checked, when it has bounds.
fn range_check(bounds: &Bounds, value: &TokenStream, key: &TokenStream) -> Option<TokenStream> {
    let limit = |l: Option<Limit>| match l {
        None => quote! { None },
        // A literal token is never negative: the sign is a token of its own.
        Some(Limit::Int(n)) => {
            let (sign, abs) = ((n < 0).then(|| quote! { - }), proc_macro2::Literal::u128_unsuffixed(n.unsigned_abs()));
            quote! { Some(v::Limit::Int(#sign #abs)) }
        }
        Some(Limit::Float(f)) => {
            let (sign, abs) =
                (f.is_sign_negative().then(|| quote! { - }), proc_macro2::Literal::f64_unsuffixed(f.abs()));
            quote! { Some(v::Limit::Float(#sign #abs)) }
        }
    };
    bounds.any().then(|| {
        let (low, high) = (limit(bounds.low), limit(bounds.high));
        quote! { v::within(#value, #key, #low, #high)?; }
    })
}

/// Checks of an object's members, in the interpreter's order: required keys,
/// `minProperties`, each declared property, the other members.
fn object_checks(rule: &ObjectRule, object: &TokenStream, key: &TokenStream) -> TokenStream {
    let mut out = TokenStream::new();
    let names = rule.names();
    for r in &rule.required {
        out.extend(quote! { v::required(#object, #key, #r)?; });
    }
    if let Some(min) = rule.min_properties {
        out.extend(quote! { v::at_least(#object, #key, &[#(#names),*], #min)?; });
    }
    for (name, prop) in &rule.properties {
        let check = check(prop, &quote! { value }, &quote! { &child });
        out.extend(quote! {
            if let Some(value) = #object.get(#name) {
                let child = #key.child(#name);
                #check
            }
        });
    }
    match &rule.others {
        Others::Allowed => {}
        Others::Refused => out.extend(quote! { v::no_other_properties(#object, #key, &[#(#names),*])?; }),
        Others::Each(each) => {
            let check = check(each, &quote! { value }, &quote! { &child });
            out.extend(quote! {
                for (name, value) in v::other_members(#object, &[#(#names),*]) {
                    let child = #key.child(name);
                    #check
                }
            });
        }
    }
    out
}

/// The `dynamic` feature's module (its own file): every per-tag trait over a
/// `crate::dynamic::DynamicApi`, each method one call of
/// `crate::dynamic::call`.
pub(crate) fn emit_dynamic(api: &Api, type_names: &TypeNames) -> TokenStream {
    let impls = api.tags.iter().map(|tag| {
        let tr = trait_name(&tag.name);
        let methods = api.operations.iter().filter(|o| o.tag == tag.name).map(|op| {
            let sig = method_signature(op, type_names);
            let marker = op_names(op).marker;
            quote! {
                #sig {
                    crate::dynamic::call::<operations::#marker, T>(&self.0, ctx, claims, request)
                }
            }
        });
        quote! {
            impl<T: crate::dynamic::DynamicApi> #tr for crate::dynamic::Dynamic<T> {
                #(#methods)*
            }
        }
    });
    quote! {
        use super::*;
        use std::future::Future;

        #(#impls)*
    }
}
