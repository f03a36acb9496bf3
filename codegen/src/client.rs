//! The progenitor run: one type space for the whole spec, split into the
//! shared types crate and the client crate.
//!
//! progenitor emits the client and, inline, `pub mod types { .. }`. We move
//! that module's items into the types crate and leave
//! `pub use ::onezone_types as types;` in its place, so the client, the server
//! stubs and downstream code all name the very same Rust types.

use std::any::Any;
use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};

use proc_macro2::TokenStream;
use progenitor_impl::{GenerationSettings, Generator, InterfaceStyle, TagStyle, TypeImpl};
use quote::quote;

use crate::Settings;
use crate::error::Error;

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

pub(crate) fn generate(api: &openapiv3::OpenAPI, settings: &Settings) -> Result<ClientOutput, Error> {
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
    let (types, client) = split_types(tokens, settings)?;
    Ok(ClientOutput { types, client })
}

fn split_types(tokens: TokenStream, settings: &Settings) -> Result<(syn::File, syn::File), Error> {
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
    let types_path: syn::Path = syn::parse_str(&settings.types_path)
        .map_err(|e| fail(format!("types path `{}` is not a Rust path: {e}", settings.types_path)))?;
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

thread_local! {
    static PANIC_MESSAGE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `f`, turning a panic into an error message instead of a crash with a
/// backtrace. progenitor and typify `panic!`/`unwrap` on some inputs the lint
/// does not (yet) recognise; the user should still get a sentence, not a trace.
///
/// While `f` runs, the process-wide panic hook is replaced by one that records
/// the message of panics on this thread and defers others to the previous
/// hook, then the previous hook is restored.
pub(crate) fn contain_panics<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    // The hook is process-wide: serialise the swap so concurrent generations
    // (parallel tests) restore each other's hooks in order.
    static HOOK_SWAP: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = HOOK_SWAP.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let previous = std::sync::Arc::new(panic::take_hook());
    let chained = std::sync::Arc::clone(&previous);
    let this_thread = std::thread::current().id();
    panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() == this_thread {
            let location = info.location().map(|l| format!(" (at {}:{})", l.file(), l.line())).unwrap_or_default();
            let message = payload_text(info.payload());
            PANIC_MESSAGE.with(|m| *m.borrow_mut() = Some(format!("{message}{location}")));
        } else {
            chained(info);
        }
    }));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    drop(panic::take_hook());
    if let Ok(previous) = std::sync::Arc::try_unwrap(previous) {
        panic::set_hook(previous);
    }
    result.map_err(|payload| {
        PANIC_MESSAGE.with(|m| m.borrow_mut().take()).unwrap_or_else(|| payload_text(payload.as_ref()))
    })
}

fn payload_text(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        format!("internal panic: {s}")
    } else if let Some(s) = payload.downcast_ref::<String>() {
        format!("internal panic: {s}")
    } else {
        "internal panic".to_owned()
    }
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
