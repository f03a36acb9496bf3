//! The command table of the `onezone` command-line client
//! (`cli/src/generated.rs`): per operation its command names, path
//! parameters, body fields, privileges and documented sample, and a small
//! function sending it through the typed client's builder. Everything the
//! commands share (argument words, credentials, output, exit codes) is
//! hand-written in the `onezone-cli` crate; this table only declares.

use heck::{ToLowerCamelCase, ToSnakeCase};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use crate::model::{Api, Operation};
use crate::names::TypeNames;
use crate::schema::deref;

/// The `label` of the `x-code-samples` entry holding an operation's
/// `onezone-rest-cli` line.
const CLI_LABEL: &str = "onezone-rest-cli";

/// Subcommands the `onezone` binary has besides the operations.
const RESERVED: &[&str] = &["completions"];

/// An operation whose command would be one of the binary's own
/// subcommands: `Err` with the operationId's pointer.
pub(crate) fn check(api: &Api, file: &str) -> Result<(), crate::Error> {
    for op in &api.operations {
        let names = [camel_case(&op.id), op.id.to_snake_case()];
        if let Some(name) = names.iter().find(|n| RESERVED.contains(&n.as_str())) {
            return Err(crate::Error::Generator {
                file: file.to_owned(),
                pointer: crate::error::pointer_push(&op.pointer, "operationId"),
                stage: "cli emitter",
                message: format!(
                    "operationId `{}` would be the CLI command `{name}`, which the `onezone` binary has already; \
                     rename the operation",
                    op.id
                ),
            });
        }
    }
    Ok(())
}

/// The command name of an operationId, as `onezone-rest-cli` names its
/// commands: lowerCamelCase (`list_handle_services` → `listHandleServices`).
/// The conformance suite's `samples::camel_case` is the same heck call.
pub(crate) fn camel_case(operation_id: &str) -> String {
    operation_id.to_lower_camel_case()
}

/// The operation's documented `onezone-rest-cli` line, if any.
fn cli_sample<'a>(doc: &'a Value, op: &Operation) -> Option<&'a str> {
    doc.pointer(&op.pointer)?
        .get("x-code-samples")?
        .as_array()?
        .iter()
        .find(|s| s.get("label").and_then(Value::as_str) == Some(CLI_LABEL))?
        .get("source")?
        .as_str()
}

/// The command word a sample line calls: the word after `onezone-rest-cli`.
fn sample_command(sample: &str) -> Option<&str> {
    let mut words = sample.split(|c: char| c.is_whitespace() || c == '|').filter(|w| !w.is_empty());
    words.find(|w| *w == CLI_LABEL)?;
    words.next().filter(|w| {
        w.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// The names each operation answers to: its command, its snake_case form and
/// the (stale) name its documented sample uses, when that is another word
/// no other operation answers to.
struct Names {
    command: String,
    snake: String,
    legacy: Option<String>,
}

fn names(api: &Api, doc: &Value) -> Vec<Names> {
    let mut out: Vec<Names> = api
        .operations
        .iter()
        .map(|op| Names { command: camel_case(&op.id), snake: op.id.to_snake_case(), legacy: None })
        .collect();
    let taken: Vec<String> = out
        .iter()
        .flat_map(|n| [n.command.clone(), n.snake.clone()])
        .chain(RESERVED.iter().map(|r| (*r).to_owned()))
        .collect();
    let candidates: Vec<Option<&str>> = api
        .operations
        .iter()
        .map(|op| cli_sample(doc, op).and_then(sample_command))
        .zip(&out)
        .map(|(word, n)| word.filter(|w| *w != n.command && *w != n.snake && !taken.iter().any(|t| t == w)))
        .collect();
    for (i, candidate) in candidates.iter().enumerate() {
        // A stale name two samples share stands for neither operation.
        let shared = candidates.iter().enumerate().any(|(j, other)| j != i && other.is_some() && other == candidate);
        if let (Some(word), false) = (candidate, shared) {
            out[i].legacy = Some((*word).to_owned());
        }
    }
    out
}

/// A short text for a schema's type, and whether a `key==string` argument
/// can give it (the value is a string).
fn describe(doc: &Value, schema: &Value) -> (String, bool) {
    describe_within(doc, schema, &mut Vec::new())
}

/// [`describe`], with the named schemas being spelled out on the way down: a
/// recursive schema (`Tree: {items: {$ref: Tree}}`, which the lint allows) is
/// named, not followed again.
fn describe_within<'a>(doc: &'a Value, schema: &'a Value, within: &mut Vec<&'a str>) -> (String, bool) {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.rsplit('/').next().unwrap_or(reference);
        let Some(target) = deref(doc, schema) else { return (name.to_owned(), false) };
        if within.contains(&name) {
            return (name.to_owned(), false);
        }
        within.push(name);
        let (inner, string) = describe_within(doc, target, within);
        within.pop();
        // Strings and lists say what they hold; an object is its name.
        let spelled = string || target.get("type").and_then(Value::as_str) == Some("array");
        return (if spelled { format!("{name} ({inner})") } else { name.to_owned() }, string);
    }
    if let Some(variants) = schema.get("oneOf").and_then(Value::as_array) {
        let texts: Vec<String> = variants.iter().map(|v| describe_within(doc, v, within).0).collect();
        return (format!("one of: {}", texts.join(" | ")), false);
    }
    let enumerated = |values: &[Value]| values.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("|");
    match schema.get("type").and_then(Value::as_str) {
        Some("string") => match schema.get("enum").and_then(Value::as_array) {
            Some(values) => (enumerated(values), true),
            None if schema.get("format").and_then(Value::as_str) == Some("password") => {
                ("string, secret".to_owned(), true)
            }
            None => ("string".to_owned(), true),
        },
        Some("array") => {
            let items = schema.get("items").map_or_else(|| "JSON".to_owned(), |i| describe_within(doc, i, within).0);
            (format!("[{items}]"), false)
        }
        Some(other @ ("integer" | "number" | "boolean" | "object")) => (other.to_owned(), false),
        _ => ("JSON".to_owned(), false),
    }
}

fn opt(text: Option<&str>) -> TokenStream {
    match text {
        Some(t) => quote! { Some(#t) },
        None => quote! { None },
    }
}

fn body_fields(doc: &Value, schema_name: &str) -> TokenStream {
    let pointer = crate::error::pointer_push("/components/schemas", schema_name);
    let Some(schema) = doc.pointer(&pointer).and_then(|s| deref(doc, s)) else { return quote! { &[] } };
    let required: Vec<&str> =
        schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    let fields = schema.get("properties").and_then(Value::as_object).into_iter().flatten().map(|(name, property)| {
        let (ty, string) = describe(doc, property);
        let is_required = required.contains(&name.as_str());
        let description = property
            .get("description")
            .or_else(|| deref(doc, property).and_then(|p| p.get("description")))
            .and_then(Value::as_str)
            .unwrap_or_default();
        quote! {
            Field { name: #name, ty: #ty, string: #string, required: #is_required, description: #description }
        }
    });
    quote! { &[#(#fields),*] }
}

fn send_fn(op: &Operation, type_names: &TypeNames) -> TokenStream {
    let name = format_ident!("send_{}", op.id.to_snake_case());
    let method = format_ident!("{}", op.id.to_snake_case());
    let setters = op.params.iter().map(|p| {
        let setter = format_ident!("{}", p.name.to_snake_case());
        let param = &p.name;
        quote! { .#setter(call.param(#param)) }
    });
    let body = op.body.as_ref().map(|b| {
        let ty = format_ident!("{}", type_names.of(&b.schema));
        if b.required {
            quote! { let builder = builder.body(call.body::<types::#ty>()?); }
        } else {
            quote! {
                let builder = match call.optional_body::<types::#ty>()? {
                    Some(body) => builder.body(body),
                    None => builder,
                };
            }
        }
    });
    let unused = (op.params.is_empty() && op.body.is_none()).then(|| quote! { let _ = call; });
    quote! {
        fn #name<'a>(client: &'a Client, call: &'a Call) -> Sent<'a> {
            Box::pin(async move {
                #unused
                let builder = client.#method() #(#setters)*;
                #body
                finish(builder.send().await).await
            })
        }
    }
}

fn entry(doc: &Value, op: &Operation, names: &Names, type_names: &TypeNames) -> TokenStream {
    let Names { command, snake, legacy } = names;
    let id = &op.id;
    let legacy = opt(legacy.as_deref());
    let method = op.method.as_str();
    let path = &op.path;
    let summary = op.summary.as_deref().unwrap_or_default();
    let description = op.description.as_deref().unwrap_or_default();
    let params = op.params.iter().map(|p| {
        let name = &p.name;
        let description = p.description.as_deref().unwrap_or_default();
        quote! { Param { name: #name, description: #description } }
    });
    let body = match &op.body {
        Some(b) => {
            let schema = &b.schema;
            let required = b.required;
            let description = b.description.as_deref().unwrap_or_default();
            let ty = format_ident!("{}", type_names.of(&b.schema));
            let fields = body_fields(doc, schema);
            quote! {
                Some(Body {
                    schema: #schema,
                    required: #required,
                    description: #description,
                    fields: #fields,
                    check: check::<types::#ty>,
                })
            }
        }
        None => quote! { None },
    };
    let success = op.success.iter().map(|s| {
        let status = s.status.0;
        let location = s.location;
        quote! { Success { status: #status, location: #location } }
    });
    let public = op.public;
    let privileges = &op.permissions;
    let sample = opt(cli_sample(doc, op));
    let send = format_ident!("send_{}", op.id.to_snake_case());
    quote! {
        Operation {
            id: #id,
            command: #command,
            snake: #snake,
            legacy: #legacy,
            method: #method,
            path: #path,
            summary: #summary,
            description: #description,
            params: &[#(#params),*],
            body: #body,
            success: &[#(#success),*],
            public: #public,
            privileges: &[#(#privileges),*],
            sample: #sample,
            send: #send,
        }
    }
}

pub(crate) fn emit(api: &Api, doc: &Value, type_names: &TypeNames) -> TokenStream {
    let names = names(api, doc);
    let entries = api.operations.iter().zip(&names).map(|(op, n)| entry(doc, op, n, type_names));
    let senders = api.operations.iter().map(|op| send_fn(op, type_names));
    quote! {
        use onezone_client::{Client, types};

        use crate::body::check;
        use crate::reply::finish;
        use crate::table::{Body, Call, Field, Operation, Param, Sent, Success};

        /// Every operation of the spec, in spec order.
        pub static OPERATIONS: &[Operation] = &[#(#entries),*];

        #(#senders)*
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_names_follow_onezone_rest_cli() {
        assert_eq!(camel_case("add_handle_service_group"), "addHandleServiceGroup");
        assert_eq!(camel_case("list_handleservice_handles"), "listHandleserviceHandles");
        assert_eq!(camel_case("get_group"), "getGroup");
    }

    #[test]
    fn the_sample_command_is_the_word_after_onezone_rest_cli() {
        assert_eq!(sample_command("onezone-rest-cli getGroup id=1"), Some("getGroup"));
        assert_eq!(sample_command("cat x.json | onezone-rest-cli addHandleService -"), Some("addHandleService"));
        assert_eq!(sample_command("echo '{}'|onezone-rest-cli upd -"), Some("upd"));
        assert_eq!(sample_command("onezone-rest-cli --help"), None);
        assert_eq!(sample_command("curl https://x"), None);
    }

    #[test]
    fn an_operation_named_like_a_subcommand_of_the_binary_is_refused() {
        let doc = serde_json::json!({"paths": {"/c": {"get": {"operationId": "completions", "responses": {}}}}});
        let err = check(&crate::model::build(&doc), "spec.yaml").unwrap_err().to_string();
        assert!(err.starts_with("spec.yaml#/paths/~1c/get/operationId: cli emitter failed"), "{err}");
        assert!(err.contains("`completions`"), "{err}");
    }

    #[test]
    fn types_say_whether_a_string_argument_fits() {
        let doc = serde_json::json!({"components": {"schemas": {
            "Kind": {"type": "string", "enum": ["a", "b"]},
            "Thing": {"type": "object"}
        }}});
        let d = |s: Value| describe(&doc, &s);
        assert_eq!(d(serde_json::json!({"$ref": "#/components/schemas/Kind"})), ("Kind (a|b)".into(), true));
        assert_eq!(d(serde_json::json!({"$ref": "#/components/schemas/Thing"})), ("Thing".into(), false));
        assert_eq!(
            d(serde_json::json!({"type": "array", "items": {"$ref": "#/components/schemas/Kind"}})),
            ("[Kind (a|b)]".into(), false)
        );
        assert_eq!(d(serde_json::json!({"type": "string", "format": "password"})), ("string, secret".into(), true));
        assert_eq!(d(serde_json::json!({"type": "boolean"})), ("boolean".into(), false));
    }
}

#[cfg(test)]
mod recursion {
    use super::*;
    use serde_json::json;

    /// A list of itself (the lint accepts it: the cycle passes through
    /// `items`) is named where it recurs instead of being spelled out
    /// without end (this overflowed the stack).
    #[test]
    fn a_recursive_schema_is_named_where_it_recurs() {
        let doc = json!({"components": {"schemas": {
            "Tree": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}},
            "Node": {"oneOf": [{"$ref": "#/components/schemas/Tree"}, {"$ref": "#/components/schemas/Node"}]}
        }}});
        let tree = describe(&doc, &json!({"$ref": "#/components/schemas/Tree"}));
        assert_eq!(tree, ("Tree ([Tree])".to_owned(), false));
        let node = describe(&doc, &json!({"$ref": "#/components/schemas/Node"}));
        assert_eq!(node.0, "Node");
    }
}
