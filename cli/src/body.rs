//! The request body: assembled from standard input or a file and the
//! `key==string` / `key:=json` words, then decoded into the operation's body
//! type before anything is sent.

use std::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::table::Body;

/// Where a body does not fit its type: serde's path to the place and its
/// message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misfit {
    /// `.` for the whole body, else e.g. `serviceProperties.prefix` or
    /// `grant[1]`.
    pub path: String,
    /// What serde said.
    pub message: String,
}

impl fmt::Display for Misfit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path == "." { write!(f, "{}", self.message) } else { write!(f, "at `{}`: {}", self.path, self.message) }
    }
}

/// Decodes `value` into `T` and encodes it again: what the typed client
/// sends for it. The table names this per body type.
pub fn check<T: DeserializeOwned + Serialize>(value: &Value) -> Result<Value, Misfit> {
    let typed: T = serde_path_to_error::deserialize(value)
        .map_err(|e| Misfit { path: e.path().to_string(), message: e.inner().to_string() })?;
    serde_json::to_value(&typed).map_err(|e| Misfit { path: ".".to_owned(), message: e.to_string() })
}

/// A body field given as an argument word.
#[derive(Debug, Clone)]
pub struct FieldArg {
    /// The key.
    pub key: String,
    /// Its value, as JSON.
    pub value: Value,
    /// Whether it came as `key==string`.
    pub from_string: bool,
}

/// The body text read from standard input or a file.
#[derive(Debug, Clone)]
pub struct BodyText {
    /// `standard input` or the file name, for messages.
    pub source: String,
    /// The text.
    pub text: String,
}

/// A body that is ready to send, and what the type left out of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// The body as the typed client sends it.
    pub value: Value,
    /// JSON pointers of the members given but not sent (no field of the
    /// type takes them).
    pub dropped: Vec<String>,
}

/// Builds the body of operation `command` (whose body is `body`) from the
/// text and the field words, and checks it against the type. `Err` holds
/// one message per problem, each saying what to do.
pub fn assemble(
    command: &str,
    body: Option<&Body>,
    text: Option<BodyText>,
    fields: Vec<FieldArg>,
) -> Result<Option<Checked>, Vec<String>> {
    let mut problems = Vec::new();
    let Some(body) = body else {
        if text.is_some() || !fields.is_empty() {
            problems.push(format!("{command} takes no request body; leave out -, --body and key==/key:= arguments"));
            return Err(problems);
        }
        return Ok(None);
    };
    let mut base: Option<Value> = None;
    if let Some(BodyText { source, text }) = text {
        if text.trim().is_empty() {
            problems.push(format!("the body on {source} is empty"));
        } else {
            match serde_json::from_str::<Value>(&text) {
                Ok(v) => base = Some(v),
                Err(e) => problems.push(format!("the body on {source} is not JSON: {e}")),
            }
        }
    }
    problems.extend(unknown_fields(command, Some(body), fields.iter().map(|f| f.key.as_str())));
    if !problems.is_empty() {
        return Err(problems);
    }
    let given = !fields.is_empty();
    let value = match (base, given) {
        (None, false) => None,
        (Some(v), false) => Some(v),
        (base, true) => {
            let mut object = match base {
                None => Map::new(),
                Some(Value::Object(map)) => map,
                Some(_) => {
                    return Err(vec![
                        "key==/key:= fields can only be added to a JSON object, and the body given is not one".into(),
                    ]);
                }
            };
            for f in &fields {
                object.insert(f.key.clone(), f.value.clone());
            }
            Some(Value::Object(object))
        }
    };
    let Some(value) = value else {
        if body.required {
            return Err(vec![format!(
                "{command} needs a request body ({}): pipe it in with -, give --body FILE, or give its fields as \
                 key==string / key:=json",
                body.schema
            )]);
        }
        return Ok(None);
    };
    match (body.check)(&value) {
        Ok(sent) => {
            let mut dropped = Vec::new();
            left_out(&value, &sent, String::new(), &mut dropped);
            Ok(Some(Checked { value: sent, dropped }))
        }
        Err(misfit) => {
            let mut message = format!("the body does not fit {}: {misfit}", body.schema);
            let top = misfit.path.split(['.', '[']).next().unwrap_or_default();
            if let Some(field) = body.field(top)
                && !field.string
                && fields.iter().any(|f| f.key == top && f.from_string)
            {
                message.push_str(&format!(
                    " (`{top}` is {}: give it as JSON with {top}:=…, not as a string with {top}==…)",
                    field.ty
                ));
            }
            Err(vec![message])
        }
    }
}

/// One message per `key==`/`key:=` word naming no field of the body (a
/// mistyped name is refused rather than silently left out by the type).
pub fn unknown_fields<'k>(command: &str, body: Option<&Body>, keys: impl IntoIterator<Item = &'k str>) -> Vec<String> {
    let mut keys = keys.into_iter().peekable();
    let Some(body) = body else {
        return match keys.peek() {
            Some(_) => vec![format!("{command} takes no request body; leave out the key==/key:= arguments")],
            None => Vec::new(),
        };
    };
    if body.fields.is_empty() {
        return Vec::new();
    }
    let names: Vec<&str> = body.fields.iter().map(|f| f.name).collect();
    keys.filter(|key| body.field(key).is_none())
        .map(|key| format!("`{key}` is not a field of {} (its fields: {})", body.schema, names.join(", ")))
        .collect()
}

/// Members of `given` that `sent` does not have (a `null` left out is not
/// counted: the type sends an absent value that way).
fn left_out(given: &Value, sent: &Value, at: String, out: &mut Vec<String>) {
    match (given, sent) {
        (Value::Object(g), Value::Object(s)) => {
            for (key, value) in g {
                let here = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                match s.get(key) {
                    Some(inner) => left_out(value, inner, here, out),
                    None if !value.is_null() => out.push(here),
                    None => {}
                }
            }
        }
        (Value::Array(g), Value::Array(s)) => {
            for (i, (a, b)) in g.iter().zip(s).enumerate() {
                left_out(a, b, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    use super::*;
    use crate::table::Field;

    #[derive(Serialize, Deserialize)]
    struct Thing {
        name: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        tags: Vec<u8>,
    }

    const BODY: Body = Body {
        schema: "Thing",
        required: true,
        description: "",
        fields: &[
            Field { name: "name", ty: "string", string: true, required: true, description: "" },
            Field { name: "tags", ty: "[integer]", string: false, required: false, description: "" },
        ],
        check: check::<Thing>,
    };

    fn field(key: &str, value: Value, from_string: bool) -> FieldArg {
        FieldArg { key: key.into(), value, from_string }
    }

    fn text(t: &str) -> Option<BodyText> {
        Some(BodyText { source: "standard input".into(), text: t.into() })
    }

    #[test]
    fn fields_are_merged_over_the_input() {
        let got =
            assemble("op", Some(&BODY), text(r#"{"name":"a","tags":[1]}"#), vec![field("name", json!("b"), true)]);
        assert_eq!(got, Ok(Some(Checked { value: json!({"name": "b", "tags": [1]}), dropped: vec![] })));
    }

    #[test]
    fn members_the_type_drops_are_reported() {
        let got = assemble("op", Some(&BODY), text(r#"{"name":"a","extra":{"x":1},"gone":null}"#), vec![]);
        assert_eq!(got, Ok(Some(Checked { value: json!({"name": "a"}), dropped: vec!["/extra".into()] })));
    }

    #[test]
    fn each_problem_is_named() {
        let err = |r: Result<Option<Checked>, Vec<String>>| r.unwrap_err().join("\n");
        assert!(err(assemble("op", Some(&BODY), None, vec![])).contains("op needs a request body (Thing)"));
        assert!(err(assemble("op", Some(&BODY), text("  "), vec![])).contains("standard input is empty"));
        assert!(err(assemble("op", Some(&BODY), text("{"), vec![])).contains("is not JSON"));
        let unknown = err(assemble("op", Some(&BODY), None, vec![field("nmae", json!("x"), true)]));
        assert!(unknown.contains("`nmae` is not a field of Thing (its fields: name, tags)"), "{unknown}");
        let wrong = err(assemble(
            "op",
            Some(&BODY),
            None,
            vec![field("name", json!("a"), true), field("tags", json!("1"), true)],
        ));
        assert!(wrong.contains("at `tags`") && wrong.contains("tags:=…"), "{wrong}");
        let nested = err(assemble("op", Some(&BODY), text(r#"{"name":"a","tags":[1,"x"]}"#), vec![]));
        assert!(nested.contains("at `tags[1]`"), "{nested}");
        assert!(err(assemble("op", None, text("{}"), vec![])).contains("op takes no request body"));
    }
}
