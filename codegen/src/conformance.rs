//! The conformance suite's call table: every client operation callable by its
//! operationId with untyped inputs, so the suite is driven by the spec and a
//! new operation is covered without new test code.

use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::Api;
use crate::names::TypeNames;

pub(crate) fn emit(api: &Api, schemas: &[String], names: &TypeNames) -> TokenStream {
    let ids = api.operations.iter().map(|o| &o.id);
    let schema_arms = schemas.iter().map(|name| {
        let ty = format_ident!("{}", names.of(name));
        quote! { #name => through::<types::#ty>(value), }
    });
    let arms = api.operations.iter().map(|op| {
        let id = &op.id;
        let method = format_ident!("{}", op.id.to_snake_case());
        let setters = op.params.iter().map(|p| {
            let setter = format_ident!("{}", p.name.to_snake_case());
            let name = &p.name;
            quote! { .#setter(param(params, #name)?) }
        });
        let body = op.body.as_ref().map(|b| {
            let ty = format_ident!("{}", names.of(&b.schema));
            if b.required {
                quote! { let builder = builder.body(decode::<types::#ty>(body.ok_or(CallError::MissingBody)?)?); }
            } else {
                quote! {
                    let builder = match body {
                        Some(body) => builder.body(decode::<types::#ty>(body)?),
                        None => builder,
                    };
                }
            }
        });
        let unused = op.body.is_none().then(|| quote! { let _ = body; });
        quote! {
            #id => {
                #unused
                let builder = client.#method() #(#setters)*;
                #body
                finish(builder.send().await).await
            }
        }
    });
    quote! {
        use onezone_client::{Client, types};
        use serde_json::Value;

        use crate::calls::{CallError, Outcome, decode, finish, param, through};

        /// Every component schema of the spec, in spec order.
        pub const SCHEMAS: &[&str] = &[#(#schemas),*];

        /// Deserializes `value` into the Rust type of component schema
        /// `schema` and serializes it back: what the shared types make of a
        /// JSON document.
        pub fn round_trip(schema: &str, value: Value) -> Result<Value, CallError> {
            match schema {
                #(#schema_arms)*
                other => Err(CallError::UnknownSchema(other.to_owned())),
            }
        }

        /// Every operationId of the spec, in spec order.
        pub const OPERATION_IDS: &[&str] = &[#(#ids),*];

        /// Calls the client method of `operation_id` with path parameters by
        /// name and an optional JSON body (decoded into the operation's body
        /// type first, as a user of the typed client would build it).
        pub async fn call(
            client: &Client,
            operation_id: &str,
            params: &[(String, String)],
            body: Option<Value>,
        ) -> Result<Outcome, CallError> {
            match operation_id {
                #(#arms)*
                other => Err(CallError::UnknownOperation(other.to_owned())),
            }
        }
    }
}
