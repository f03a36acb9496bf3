//! Spec text → JSON value → `openapiv3::OpenAPI`, with located errors.
//!
//! The document is first read into a plain JSON value so that every later
//! check can name the JSON pointer of what it rejects; only a document that
//! passed the lint is handed to the typed `openapiv3` model.

use serde_json::Value;

use onezone_upstream::kind_of;

use crate::error::{Diagnostic, Error, pointer_push};

/// Parses YAML or JSON into a JSON value, with `onezone-upstream`'s reader
/// (the one parser of the workspace: the drift check reads a spec exactly as
/// the generator does).
///
/// Mapping keys that are YAML scalars (`200:` is an integer in YAML) become
/// strings, as they would in JSON; anything else is rejected with its pointer.
pub(crate) fn parse_document(text: &str, file: &str) -> Result<Value, Error> {
    use onezone_upstream::Error as Read;
    onezone_upstream::parse_text(text, file).map_err(|e| match e {
        Read::Syntax { line, column, message, .. } => Error::Syntax { file: file.to_owned(), line, column, message },
        Read::Invalid { diagnostics, .. } => Error::Invalid {
            file: file.to_owned(),
            diagnostics: diagnostics.into_iter().map(|d| Diagnostic::new(d.pointer, d.message)).collect(),
        },
        other => Error::Syntax { file: file.to_owned(), line: None, column: None, message: other.to_string() },
    })
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
