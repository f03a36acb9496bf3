//! Spec text → JSON value → `openapiv3::OpenAPI`, with located errors.
//!
//! The document is first read into a plain JSON value so that every later
//! check can name the JSON pointer of what it rejects; only a document that
//! passed the lint is handed to the typed `openapiv3` model.

use serde_json::{Map, Value};

use crate::error::{Diagnostic, Error, pointer_push};

/// Parses YAML (and therefore JSON, a subset of it) into a JSON value.
///
/// Mapping keys that are YAML scalars (`200:` is an integer in YAML) become
/// strings, as they would in JSON; anything else is rejected with its pointer.
pub(crate) fn parse_document(text: &str, file: &str) -> Result<Value, Error> {
    // Editors on Windows may save a byte order mark; it is not part of the text.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut yaml: serde_yaml_ng::Value = serde_yaml_ng::from_str(text).map_err(|e| {
        let location = e.location();
        Error::Syntax {
            file: file.to_owned(),
            line: location.as_ref().map(|l| l.line()),
            column: location.as_ref().map(|l| l.column()),
            message: strip_location(&e.to_string()),
        }
    })?;
    // `<<: *anchor` merge keys are YAML 1.1, which serde_yaml_ng leaves as
    // plain `<<` entries unless asked.
    yaml.apply_merge().map_err(|e| Error::Syntax {
        file: file.to_owned(),
        line: None,
        column: None,
        message: format!("a `<<` merge key could not be applied: {e}"),
    })?;
    let mut problems = Vec::new();
    let value = yaml_to_json(yaml, "", &mut problems);
    if problems.is_empty() { Ok(value) } else { Err(Error::Invalid { file: file.to_owned(), diagnostics: problems }) }
}

/// serde_yaml_ng appends " at line L column C" to its messages; we report the
/// location in our own format, so drop the duplicate.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

fn yaml_to_json(v: serde_yaml_ng::Value, pointer: &str, problems: &mut Vec<Diagnostic>) -> Value {
    use serde_yaml_ng::Value as Y;
    match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => number_to_json(&n, pointer, problems),
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| yaml_to_json(item, &pointer_push(pointer, &i.to_string()), problems))
                .collect(),
        ),
        Y::Mapping(mapping) => {
            let mut out = Map::new();
            for (key, value) in mapping {
                let key = match key {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    other => {
                        problems.push(Diagnostic::new(
                            pointer,
                            format!("mapping key {other:?} is not a string; JSON and OpenAPI need string keys"),
                        ));
                        continue;
                    }
                };
                let child = pointer_push(pointer, &key);
                let converted = yaml_to_json(value, &child, problems);
                out.insert(key, converted);
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => {
            problems.push(Diagnostic::new(
                pointer,
                format!("YAML tag `{}` has no JSON equivalent and is not allowed in an OpenAPI document", tagged.tag),
            ));
            Value::Null
        }
    }
}

fn number_to_json(n: &serde_yaml_ng::Number, pointer: &str, problems: &mut Vec<Diagnostic>) -> Value {
    if let Some(i) = n.as_i64() {
        return Value::from(i);
    }
    if let Some(u) = n.as_u64() {
        return Value::from(u);
    }
    match n.as_f64().and_then(serde_json::Number::from_f64) {
        Some(f) => Value::Number(f),
        None => {
            problems.push(Diagnostic::new(pointer, format!("number {n} (NaN or infinite) has no JSON equivalent")));
            Value::Null
        }
    }
}

/// Checks that the document claims to be OpenAPI 3.0.x, with a message that
/// tells Swagger 2.0 and OpenAPI 3.1 apart from garbage.
pub(crate) fn check_version(doc: &Value, file: &str) -> Result<(), Error> {
    let invalid = |pointer: &str, message: String| Error::Invalid {
        file: file.to_owned(),
        diagnostics: vec![Diagnostic::new(pointer, message)],
    };
    let Some(root) = doc.as_object() else {
        return Err(invalid("", format!("an OpenAPI document is a mapping at the top level, found {}", kind_of(doc))));
    };
    if let Some(swagger) = root.get("swagger") {
        return Err(invalid(
            "/swagger",
            format!(
                "this is a Swagger {} document; only OpenAPI 3.0.x is supported (convert it first, e.g. with swagger2openapi)",
                display_scalar(swagger)
            ),
        ));
    }
    match root.get("openapi") {
        None => Err(invalid("", "no `openapi` field: this is not an OpenAPI 3.0 document".to_owned())),
        Some(Value::String(v)) if v.starts_with("3.0.") => Ok(()),
        Some(Value::String(v)) if v.starts_with("3.") => Err(invalid(
            "/openapi",
            format!("OpenAPI {v} is not supported; progenitor and this generator read OpenAPI 3.0.x only"),
        )),
        Some(other) => Err(invalid(
            "/openapi",
            format!("unsupported `openapi` version {}; expected a string like \"3.0.3\"", display_scalar(other)),
        )),
    }
}

/// Deserializes the linted document into the typed model; a failure names the
/// path serde was at.
pub(crate) fn to_openapi(doc: Value, file: &str) -> Result<openapiv3::OpenAPI, Error> {
    serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(doc).map_err(|e| {
        let pointer = path_to_pointer(e.path());
        Error::Invalid {
            file: file.to_owned(),
            diagnostics: vec![Diagnostic::new(pointer, format!("not a valid OpenAPI 3.0 node: {}", e.inner()))],
        }
    })
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    path.iter().fold(String::new(), |acc, seg| match seg {
        Segment::Seq { index } => pointer_push(&acc, &index.to_string()),
        Segment::Map { key } => pointer_push(&acc, key),
        Segment::Enum { variant } => pointer_push(&acc, variant),
        Segment::Unknown => acc,
    })
}

pub(crate) fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

fn display_scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_keys_become_strings() {
        let v = parse_document("responses:\n  200:\n    description: ok\n", "s.yaml").unwrap();
        assert!(v["responses"]["200"].is_object());
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let e = parse_document("a: [1, 2\nb: c\n", "s.yaml").unwrap_err();
        match &e {
            Error::Syntax { line: Some(_), column: Some(_), .. } => {}
            other => panic!("unexpected {other:?}"),
        }
        assert!(e.to_string().starts_with("s.yaml:"), "{e}");
    }

    #[test]
    fn versions_are_told_apart() {
        let swagger = serde_json::json!({"swagger": "2.0"});
        let e = check_version(&swagger, "s").unwrap_err().to_string();
        assert!(e.contains("s#/swagger") && e.contains("Swagger 2.0"), "{e}");
        let v31 = serde_json::json!({"openapi": "3.1.0"});
        let e = check_version(&v31, "s").unwrap_err().to_string();
        assert!(e.contains("s#/openapi") && e.contains("3.1.0"), "{e}");
        assert!(check_version(&serde_json::json!({"openapi": "3.0.3"}), "s").is_ok());
    }
}
