//! The server emitter: traits per tag, request/response types, operation
//! metadata, request validators, the framework-free dispatch layer and the
//! axum router — all as syn/quote token trees for prettyplease.

use heck::{ToPascalCase, ToShoutySnakeCase, ToSnakeCase};
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use crate::model::{Api, Operation, Success};
use crate::schema::{deref, tagged_union};

fn ident(s: &str) -> Ident {
    Ident::new(s, Span::call_site())
}

/// Rust name typify gives the component schema `name`.
pub(crate) fn type_name(name: &str) -> String {
    name.to_pascal_case()
}

fn type_path(name: &str) -> TokenStream {
    let t = ident(&type_name(name));
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

/// Variant name and the status it stands for.
fn variant_name(status: u16) -> Ident {
    let name = match status {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        other => return format_ident!("Status{}", other),
    };
    ident(name)
}

/// Everything the emitter generates, as one file.
pub(crate) fn emit(
    api: &Api,
    doc: &Value,
    validated: &[String],
    typed: &[(String, TokenStream)],
    types_path: &syn::Path,
) -> TokenStream {
    let base_path = &api.base_path;
    let ops: Vec<TokenStream> = api.operations.iter().map(operation_items).collect();
    let infos = api.operations.iter().map(operation_info);
    let all_infos = api.operations.iter().map(|o| {
        let c = format_ident!("{}", o.id.to_shouty_snake_case());
        quote! { &#c }
    });
    let traits = api.tags.iter().map(|tag| tag_trait(api, &tag.name, tag.description.as_deref()));
    let trait_names: Vec<Ident> = api.tags.iter().map(|t| trait_name(&t.name)).collect();
    let typed_names: Vec<&str> = typed.iter().map(|(name, _)| name.as_str()).collect();
    let typed_fns = typed.iter().map(|(_, f)| f);
    let dispatchers = api.operations.iter().map(|op| dispatcher(op, &typed_names));
    let validators = validated.iter().map(|name| validator_fn(doc, name));
    let router = router(api);
    let dynamic = dynamic(api);
    let title = format!(" Every trait of {}; implemented automatically for any type implementing them all.", api.title);
    quote! {
        use #types_path as types;
        use crate::{ApiError, Auth, IntoApiResponse, ApiResponse, RequestContext};
        use std::future::Future;

        /// Path under which the API is served, from the spec's `servers` entry.
        pub const BASE_PATH: &str = #base_path;

        #(#ops)*

        #(#traits)*

        #[doc = #title]
        pub trait OnezoneApi: #(#trait_names)+* {}
        impl<T: #(#trait_names)+*> OnezoneApi for T {}

        /// Metadata of every operation of the spec.
        pub mod operations {
            use crate::OperationInfo;
            #(#infos)*
            /// All operations, in spec order.
            pub const ALL: &[&OperationInfo] = &[#(#all_infos),*];
        }

        /// Request validators generated from the schemas of the request
        /// bodies: the first problem is answered with the Onedata error id and
        /// details a zone would send.
        pub mod validators {
            #![allow(clippy::needless_return)]
            use crate::validate as v;
            use crate::validate::Key;
            use crate::ApiError;
            use crate::validate::Json;
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

        /// The framework-free request pipeline, one function per operation:
        /// authenticate (before the body is read) → read the body with the
        /// configured cap → validate → call the implementation.
        pub mod dispatch {
            use super::*;
            #[allow(unused_imports)]
            use crate::{PathParams, ServerConfig, contain_panics, parse_body, parse_body_typed, read_limited, optional_claims, require_claims};
            #(#dispatchers)*
        }

        #router

        #dynamic
    }
}

fn operation_items(op: &Operation) -> TokenStream {
    let pascal = op.id.to_pascal_case();
    let request = format_ident!("{}Request", pascal);
    let response = format_ident!("{}Response", pascal);
    let fields = op.params.iter().map(|p| {
        let name = ident(&p.name.to_snake_case());
        let doc = docs(&[p.description.as_deref()]);
        quote! { #doc pub #name: String, }
    });
    let body_field = op.body.as_ref().map(|b| {
        let ty = type_path(&b.schema);
        let doc = docs(&[
            b.description.as_deref(),
            Some(if b.required { "Required." } else { "Optional: `None` when the request had no body." }),
        ]);
        if b.required {
            quote! { #doc pub body: #ty, }
        } else {
            quote! { #doc pub body: Option<#ty>, }
        }
    });
    let request_doc = format!(" Inputs of `{} {}` (`{}`).", op.method, op.path, op.id);
    let response_doc = format!(" Documented success answers of `{}`.", op.id);
    let variants = op.success.iter().map(response_variant);
    let arms = op.success.iter().map(response_arm);
    quote! {
        #[doc = #request_doc]
        #[derive(Debug, Clone, PartialEq)]
        pub struct #request {
            #(#fields)*
            #body_field
        }

        #[doc = #response_doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #response {
            #(#variants)*
        }

        impl IntoApiResponse for #response {
            fn into_api_response(self) -> ApiResponse {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}

fn response_variant(s: &Success) -> TokenStream {
    let v = variant_name(s.status);
    let doc = docs(&[
        Some(&format!("{}: {}", s.status, s.description.as_deref().unwrap_or(""))),
        s.location.then_some("`location` is the absolute URL sent in the `Location` header."),
    ]);
    match (&s.body, s.location) {
        (None, false) => quote! { #doc #v, },
        (Some(b), false) => {
            let ty = type_path(b);
            quote! { #doc #v(#ty), }
        }
        (None, true) => quote! { #doc #v { location: String }, },
        (Some(b), true) => {
            let ty = type_path(b);
            quote! { #doc #v { location: String, body: #ty }, }
        }
    }
}

fn response_arm(s: &Success) -> TokenStream {
    let v = variant_name(s.status);
    let status = s.status;
    let code = quote! { http::StatusCode::from_u16(#status).unwrap_or(http::StatusCode::OK) };
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

fn operation_info(op: &Operation) -> TokenStream {
    let c = format_ident!("{}", op.id.to_shouty_snake_case());
    let (id, method, path, tag, public) = (&op.id, &op.method, &op.path, &op.tag, op.public);
    let permissions = &op.permissions;
    let success: Vec<u16> = op.success.iter().map(|s| s.status).collect();
    let errors = &op.errors;
    let doc = format!(" `{method} {path}` — `{id}`.");
    quote! {
        #[doc = #doc]
        pub const #c: OperationInfo = OperationInfo {
            operation_id: #id,
            method: #method,
            path: #path,
            tag: #tag,
            permissions: &[#(#permissions),*],
            public: #public,
            success_statuses: &[#(#success),*],
            error_statuses: &[#(#errors),*],
        };
    }
}

fn method_signature(op: &Operation) -> (Ident, TokenStream, TokenStream) {
    let name = ident(&op.id.to_snake_case());
    let pascal = op.id.to_pascal_case();
    let request = format_ident!("{}Request", pascal);
    let response = format_ident!("{}Response", pascal);
    let claims = if op.public {
        quote! { Option<Self::Claims> }
    } else {
        quote! { Self::Claims }
    };
    let sig = quote! {
        fn #name(&self, ctx: &RequestContext, claims: #claims, request: #request)
            -> impl Future<Output = Result<#response, ApiError>> + Send
    };
    let c = format_ident!("{}", op.id.to_shouty_snake_case());
    let default = quote! {
        {
            let _ = (ctx, claims, request);
            async { Err(ApiError::not_implemented(&operations::#c)) }
        }
    };
    (name, sig, default)
}

fn tag_trait(api: &Api, tag: &str, description: Option<&str>) -> TokenStream {
    let name = trait_name(tag);
    let heading = format!("Operations tagged `{tag}`.");
    let note = "Every method answers 501 `notImplemented` unless overridden. Non-public operations receive the claims `Auth::authenticate` returned; public ones receive `Some` only when the caller sent credentials.";
    let doc = docs(&[Some(&heading), description, Some(note)]);
    let methods = api.operations.iter().filter(|o| o.tag == tag).map(|op| {
        let (_, sig, default) = method_signature(op);
        let line = format!("`{} {}`{}", op.method, op.path, if op.public { " (public)" } else { "" });
        let perms = (!op.permissions.is_empty()).then(|| {
            format!(
                "Privileges named by the spec: {}.",
                op.permissions.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
            )
        });
        let doc = docs(&[op.summary.as_deref(), op.description.as_deref(), Some(&line), perms.as_deref()]);
        quote! { #doc #sig #default }
    });
    quote! {
        #doc
        pub trait #name: Auth {
            #(#methods)*
        }
    }
}

fn dispatcher(op: &Operation, typed: &[&str]) -> TokenStream {
    let name = ident(&op.id.to_snake_case());
    let pascal = op.id.to_pascal_case();
    let request = format_ident!("{}Request", pascal);
    let response = format_ident!("{}Response", pascal);
    let tr = trait_name(&op.tag);
    let c = format_ident!("{}", op.id.to_shouty_snake_case());
    let claims = if op.public {
        quote! { optional_claims(service, &ctx).await? }
    } else {
        quote! { require_claims(service, &ctx).await? }
    };
    let params = op.params.iter().map(|p| {
        let field = ident(&p.name.to_snake_case());
        let name = &p.name;
        quote! { #field: params.take(#name)?, }
    });
    let body = op.body.as_ref().map(|b| {
        let validator = ident(&b.schema.to_snake_case());
        let required = b.required;
        let parse = if typed.contains(&b.schema.as_str()) {
            quote! { parse_body_typed(&bytes, #required, validators::#validator, typed_checks::#validator)? }
        } else {
            quote! { parse_body(&bytes, #required, validators::#validator)? }
        };
        let value = if required {
            quote! {
                match #parse {
                    Some(body) => body,
                    None => return Err(ApiError::malformed_data(crate::Malformed::Empty)),
                }
            }
        } else {
            parse
        };
        quote! {
            body: {
                let bytes = read_limited(body, config.body_limit).await?;
                #value
            },
        }
    });
    let unused_body = op.body.is_none().then(|| quote! { let _ = body; });
    let unused_params = op.params.is_empty().then(|| quote! { let _ = params; });
    let params_arg = if op.params.is_empty() {
        quote! { params: PathParams }
    } else {
        quote! { mut params: PathParams }
    };
    let doc = format!(" Serves `{} {}` (`{}`).", op.method, op.path, op.id);
    quote! {
        #[doc = #doc]
        pub async fn #name<S, B>(
            service: &S,
            config: &ServerConfig,
            parts: http::request::Parts,
            #params_arg,
            body: B,
        ) -> Result<#response, ApiError>
        where
            S: #tr + ?Sized,
            B: http_body::Body<Data = bytes::Bytes>,
            B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
        {
            contain_panics(async move {
                let ctx = RequestContext::new(&operations::#c, parts, config, BASE_PATH);
                let claims = #claims;
                #unused_body
                #unused_params
                let request = #request {
                    #(#params)*
                    #body
                };
                service.#name(&ctx, claims, request).await
            })
            .await
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
            let m = ident(&op.method.to_ascii_lowercase());
            let h = ident(&op.id.to_snake_case());
            if i == 0 {
                chain.extend(quote! { axum::routing::#m(handlers::#h::<S>) });
            } else {
                chain.extend(quote! { .#m(handlers::#h::<S>) });
            }
        }
        // Routes carry the full path: `nest(BASE_PATH, ..)` would add a
        // second routing pass and rebuild every request's URI (measured by
        // `cargo xtask bench`: about 5k instructions a request).
        let full = format!("{}{path}", api.base_path);
        quote! { .route(#full, #chain) }
    });
    let handlers = api.operations.iter().map(|op| {
        let h = ident(&op.id.to_snake_case());
        let names = op.params.iter().map(|p| p.name.as_str());
        quote! {
            pub async fn #h<S: OnezoneApi>(
                State(served): State<Served<S>>,
                params: Result<RawPathParams, RawPathParamsRejection>,
                request: axum::extract::Request,
            ) -> Response {
                let params = match path_params(params, &[#(#names),*]) {
                    Ok(p) => p,
                    Err(e) => return e.into_response(),
                };
                let (parts, body) = request.into_parts();
                to_axum(respond(dispatch::#h(&*served.service, &served.config, parts, params, body).await))
            }
        }
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
            use crate::axum_support::{Served, method_not_allowed, not_found};
            let state = Served { service, config: std::sync::Arc::new(config) };
            axum::Router::new()
                #(#routes)*
                .fallback(not_found)
                .method_not_allowed_fallback(method_not_allowed)
                .with_state(state)
        }

        /// axum handlers: extract, call [`dispatch`], answer.
        #[cfg(feature = "axum")]
        pub mod handlers {
            use super::*;
            use crate::axum_support::{Served, path_params, to_axum};
            use crate::respond;
            use axum::extract::rejection::RawPathParamsRejection;
            use axum::extract::{RawPathParams, State};
            use axum::response::{IntoResponse, Response};
            #(#handlers)*
        }
    }
}

fn validator_fn(doc: &Value, name: &str) -> TokenStream {
    let f = ident(&name.to_snake_case());
    let schema = doc.pointer(&format!("/components/schemas/{name}")).cloned().unwrap_or(Value::Null);
    let body = check(doc, &schema, &quote! { value }, &quote! { key });
    let d = format!(" Checks a `{name}` value at `key`.");
    quote! {
        #[doc = #d]
        pub fn #f(value: &Json<'_>, key: &Key<'_>) -> Result<(), ApiError> {
            #body
            Ok(())
        }
    }
}

/// Statements checking `value` (a `&Value` expression) at `key` (a `&Key`)
/// against `schema`; they `return Err(..)` or `?` on the first problem.
fn check(doc: &Value, schema: &Value, value: &TokenStream, key: &TokenStream) -> TokenStream {
    if let Some(name) = schema.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/"))
    {
        let f = ident(&name.to_snake_case());
        return quote! { #f(#value, #key)?; };
    }
    let inner = check_inline(doc, schema, value, key);
    if schema.get("nullable").and_then(Value::as_bool) == Some(true) {
        quote! { if !#value.is_null() { #inner } }
    } else {
        inner
    }
}

fn str_list(values: &[Value]) -> Vec<String> {
    values.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()
}

fn check_inline(doc: &Value, schema: &Value, value: &TokenStream, key: &TokenStream) -> TokenStream {
    if let Some(variants) = schema.get("oneOf").and_then(Value::as_array) {
        if let Some((tag, tagged)) = tagged_union(doc, schema) {
            let tags: Vec<&str> = tagged.iter().map(|(t, _)| t.as_str()).collect();
            let arms = tagged.iter().map(|(t, variant)| {
                let checks = object_checks(doc, variant, &quote! { object }, key);
                quote! { #t => { #checks } }
            });
            return quote! {
                let (tag, object) = v::tag(#value, #key, #tag, &[#(#tags),*])?;
                match tag {
                    #(#arms)*
                    _ => {}
                }
            };
        }
        let alternatives = variants.iter().filter_map(|alt| {
            let name = alt.get("$ref")?.as_str()?.strip_prefix("#/components/schemas/")?;
            let f = ident(&name.to_snake_case());
            Some(quote! { #f })
        });
        return quote! { v::one_of(#value, #key, &[#(#alternatives),*])?; };
    }
    let ty = schema.get("type").and_then(Value::as_str);
    let enum_values = schema.get("enum").and_then(Value::as_array).map(|e| str_list(e));
    match ty {
        Some("object") => {
            let checks = object_checks(doc, schema, &quote! { object }, key);
            quote! {
                let object = v::object(#value, #key)?;
                #checks
            }
        }
        Some("array") => {
            let items = schema.get("items").and_then(|i| deref(doc, i)).cloned().unwrap_or(Value::Null);
            match items.get("enum").and_then(Value::as_array) {
                Some(allowed) => {
                    let allowed = str_list(allowed);
                    quote! { v::string_enum_list(#value, #key, &[#(#allowed),*])?; }
                }
                None => {
                    let item_schema = schema.get("items").cloned().unwrap_or(Value::Null);
                    let each = check(doc, &item_schema, &quote! { item }, key);
                    quote! {
                        for item in v::array(#value, #key)? {
                            #each
                        }
                    }
                }
            }
        }
        Some("string") => match enum_values {
            Some(allowed) => quote! { v::string_enum(#value, #key, &[#(#allowed),*])?; },
            None => quote! { v::string(#value, #key)?; },
        },
        Some("boolean") => quote! { v::boolean(#value, #key)?; },
        Some("integer") => quote! { v::integer(#value, #key)?; },
        Some("number") => quote! { v::number(#value, #key)?; },
        _ if schema.get("properties").is_some() => {
            let checks = object_checks(doc, schema, &quote! { object }, key);
            quote! {
                let object = v::object(#value, #key)?;
                #checks
            }
        }
        _ => quote! { let _ = (#value, #key); },
    }
}

/// Checks of an object's members, in the interpreter's order: required keys,
/// `minProperties`, each declared property, `additionalProperties: false`.
fn object_checks(doc: &Value, schema: &Value, object: &TokenStream, key: &TokenStream) -> TokenStream {
    let mut out = TokenStream::new();
    let props = schema.get("properties").and_then(Value::as_object);
    let names: Vec<String> = props.map(|p| p.keys().cloned().collect()).unwrap_or_default();
    if let Some(required) = schema.get("required").and_then(Value::as_array) {
        for r in str_list(required) {
            out.extend(quote! { v::required(#object, #key, #r)?; });
        }
    }
    if let Some(min) = schema.get("minProperties").and_then(Value::as_u64) {
        let min = min as usize;
        out.extend(quote! { v::at_least(#object, #key, &[#(#names),*], #min)?; });
    }
    for (name, prop) in props.into_iter().flatten() {
        let child_key = quote! { &child };
        let check = check(doc, prop, &quote! { value }, &child_key);
        out.extend(quote! {
            if let Some(value) = #object.get(#name) {
                let child = #key.child(#name);
                #check
            }
        });
    }
    if schema.get("additionalProperties") == Some(&Value::Bool(false)) {
        out.extend(quote! { v::no_other_properties(#object, #key, &[#(#names),*])?; });
    }
    out
}

/// `from_dynamic` for one response enum: status + `Location` + JSON body →
/// the documented variant, or 500 for anything the spec does not document.
fn from_dynamic(op: &Operation) -> TokenStream {
    let response = format_ident!("{}Response", op.id.to_pascal_case());
    let arms = op.success.iter().map(|s| {
        let v = variant_name(s.status);
        let status = s.status;
        let body = quote! { crate::dynamic::from_json(response.body)? };
        let location = quote! { response.location.ok_or_else(|| ApiError::internal(None))? };
        let value = match (&s.body, s.location) {
            (None, false) => quote! { Self::#v },
            (Some(_), false) => quote! { Self::#v(#body) },
            (None, true) => quote! { Self::#v { location: #location } },
            (Some(_), true) => quote! { Self::#v { location: #location, body: #body } },
        };
        quote! { #status => Ok(#value), }
    });
    quote! {
        impl #response {
            /// The variant for a status, `Location` and JSON body given at run
            /// time; an undocumented status or a body of the wrong shape is a
            /// server fault (500).
            pub fn from_dynamic(response: crate::dynamic::DynResponse) -> Result<Self, ApiError> {
                match response.status {
                    #(#arms)*
                    _ => Err(ApiError::internal(None)),
                }
            }
        }
    }
}

/// Every operation forwarded to one untyped method: the per-tag trait impls
/// for `crate::dynamic::Dynamic` and each response enum's `from_dynamic`.
fn dynamic(api: &Api) -> TokenStream {
    let conversions = api.operations.iter().map(from_dynamic);
    let impls = api.tags.iter().map(|tag| {
        let tr = trait_name(&tag.name);
        let methods = api.operations.iter().filter(|o| o.tag == tag.name).map(|op| {
            let name = ident(&op.id.to_snake_case());
            let pascal = op.id.to_pascal_case();
            let (request_ty, response) = (format_ident!("{}Request", pascal), format_ident!("{}Response", pascal));
            let (claims_ty, claims) =
                if op.public { (quote! { Option<Self::Claims> }, quote! { claims }) } else { (quote! { Self::Claims }, quote! { Some(claims) }) };
            let params = op.params.iter().map(|p| {
                let field = ident(&p.name.to_snake_case());
                let n = &p.name;
                quote! { (#n.to_owned(), request.#field) }
            });
            let body = match &op.body {
                Some(b) if b.required => quote! { Some(to_json(&request.body)?) },
                Some(_) => quote! { match &request.body { Some(b) => Some(to_json(b)?), None => None } },
                None => quote! { None },
            };
            let unused = (op.params.is_empty() && op.body.is_none()).then(|| quote! { let _ = request; });
            quote! {
                async fn #name(&self, ctx: &RequestContext, claims: #claims_ty, request: #request_ty) -> Result<#response, ApiError> {
                    let body = #body;
                    #unused
                    let request = DynRequest { params: vec![#(#params),*], body };
                    #response::from_dynamic(self.0.call(ctx, #claims, request).await?)
                }
            }
        });
        quote! {
            impl<T: DynamicApi> #tr for Dynamic<T> {
                #(#methods)*
            }
        }
    });
    quote! {
        #(#conversions)*

        /// Every per-tag trait over a [`DynamicApi`](crate::dynamic::DynamicApi)
        /// (the hand-written `crate::dynamic` module).
        mod dynamic_impls {
            use super::*;
            use crate::dynamic::{Dynamic, DynRequest, DynamicApi, to_json};

            #(#impls)*
        }
    }
}
