//! The shape of the generated command table (`generated.rs`): what each
//! operation declares, and [`Call`], the parsed arguments its send function
//! reads. Only declarations: every behaviour is in the other modules.

use std::future::Future;
use std::pin::Pin;

use onezone_client::Client;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::reply::{Failure, Reply};

/// The future a send function returns.
pub type Sent<'a> = Pin<Box<dyn Future<Output = Result<Reply, Failure>> + 'a>>;

/// Sends one operation through the typed client's builder.
pub type SendFn = for<'a> fn(&'a Client, &'a Call) -> Sent<'a>;

/// Decodes a body into the operation's body type and encodes it again: the
/// JSON the typed client sends for it, or where and why it does not fit.
pub type CheckFn = fn(&Value) -> Result<Value, crate::body::Misfit>;

/// One operation of the spec.
pub struct Operation {
    /// The operationId.
    pub id: &'static str,
    /// The command: the operationId in lowerCamelCase, as `onezone-rest-cli`
    /// names it.
    pub command: &'static str,
    /// The operationId's snake_case form, also accepted.
    pub snake: &'static str,
    /// The other name the documented sample uses (a stale upstream name),
    /// accepted with a note.
    pub legacy: Option<&'static str>,
    /// HTTP method, upper case.
    pub method: &'static str,
    /// Path template below the API base path.
    pub path: &'static str,
    /// The spec's summary.
    pub summary: &'static str,
    /// The spec's description.
    pub description: &'static str,
    /// Path parameters, in path order.
    pub params: &'static [Param],
    /// The request body, if the operation takes one.
    pub body: Option<Body>,
    /// The documented success statuses.
    pub success: &'static [Success],
    /// Whether the operation needs no credentials.
    pub public: bool,
    /// `x-onedata-permissions`: the privileges that allow the call.
    pub privileges: &'static [&'static str],
    /// The documented `onezone-rest-cli` line.
    pub sample: Option<&'static str>,
    /// Sends it.
    pub send: SendFn,
}

impl Operation {
    /// Every name the operation answers to, the command first.
    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        [Some(self.command), (self.snake != self.command).then_some(self.snake), self.legacy].into_iter().flatten()
    }

    /// Whether a success answer carries a `Location` (a creation or an
    /// added member).
    pub fn creates(&self) -> bool {
        self.success.iter().any(|s| s.location)
    }
}

/// A path parameter.
pub struct Param {
    /// Its name in the path template.
    pub name: &'static str,
    /// The spec's description.
    pub description: &'static str,
}

/// A request body.
pub struct Body {
    /// The component schema.
    pub schema: &'static str,
    /// Whether it must be sent.
    pub required: bool,
    /// The spec's description.
    pub description: &'static str,
    /// The schema's top-level fields (empty when it has no `properties`).
    pub fields: &'static [Field],
    /// Checks a body against the operation's body type.
    pub check: CheckFn,
}

impl Body {
    /// The field called `name`.
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// A top-level field of a body.
pub struct Field {
    /// JSON name.
    pub name: &'static str,
    /// Its type, in words (`string`, `GroupType (organization|unit|…)`, `[…]`).
    pub ty: &'static str,
    /// Whether a `key==string` argument can give it.
    pub string: bool,
    /// Whether the schema requires it.
    pub required: bool,
    /// The spec's description.
    pub description: &'static str,
}

/// A documented success status.
pub struct Success {
    /// The status code.
    pub status: u16,
    /// Whether the answer carries a `Location` header.
    pub location: bool,
}

/// The parsed arguments of one call, checked against the operation: every
/// path parameter present, the body (if any) one its type accepts.
#[derive(Debug, Clone, Default)]
pub struct Call {
    /// Path parameters by name.
    pub params: Vec<(&'static str, String)>,
    /// The body as JSON, already normalized by the body type.
    pub body: Option<Value>,
}

impl Call {
    /// The value of path parameter `name` (empty if missing; the arguments
    /// are checked before a call is built).
    pub fn param(&self, name: &str) -> &str {
        self.params.iter().find(|(n, _)| *n == name).map_or("", |(_, v)| v.as_str())
    }

    /// The body as the operation's type.
    pub fn body<T: DeserializeOwned>(&self) -> Result<T, Failure> {
        self.optional_body()?.ok_or_else(|| Failure::Usage(vec!["no request body was given".to_owned()]))
    }

    /// The body as the operation's type, if one was given.
    pub fn optional_body<T: DeserializeOwned>(&self) -> Result<Option<T>, Failure> {
        self.body
            .as_ref()
            .map(|b| T::deserialize(b).map_err(|e| Failure::Usage(vec![format!("the body does not fit: {e}")])))
            .transpose()
    }
}
