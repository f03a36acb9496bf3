//! File text → `serde_json::Value`, YAML or JSON, with located errors.

use serde_json::{Map, Value};

use crate::error::{Diagnostic, Error};
use crate::pointer;

/// Parses one file. JSON files (by name, or text starting with `{`) go
/// through serde_json; everything else through serde_yaml_ng. YAML mapping
/// keys that are scalars (`200:`) become strings, as in JSON.
pub fn parse_text(text: &str, file: &str) -> Result<Value, Error> {
    // Editors on Windows may save a byte order mark; it is not part of the text.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if file.ends_with(".json") || text.trim_start().starts_with('{') {
        return serde_json::from_str(text).map_err(|e| Error::Syntax {
            file: file.to_owned(),
            line: Some(e.line()),
            column: Some(e.column()),
            message: strip_location(&e.to_string()),
        });
    }
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

/// Both parsers append " at line L column C"; the error reports the location
/// in its own format.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

fn yaml_to_json(v: serde_yaml_ng::Value, at: &str, problems: &mut Vec<Diagnostic>) -> Value {
    use serde_yaml_ng::Value as Y;
    match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => number_to_json(&n, at, problems),
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| yaml_to_json(item, &pointer::push(at, &i.to_string()), problems))
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
                        problems.push(Diagnostic::new(at, format!("mapping key {other:?} is not a string")));
                        continue;
                    }
                };
                let child = pointer::push(at, &key);
                let converted = yaml_to_json(value, &child, problems);
                out.insert(key, converted);
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => {
            problems.push(Diagnostic::new(at, format!("YAML tag `{}` has no JSON equivalent", tagged.tag)));
            Value::Null
        }
    }
}

fn number_to_json(n: &serde_yaml_ng::Number, at: &str, problems: &mut Vec<Diagnostic>) -> Value {
    if let Some(i) = n.as_i64() {
        return Value::from(i);
    }
    if let Some(u) = n.as_u64() {
        return Value::from(u);
    }
    match n.as_f64().and_then(serde_json::Number::from_f64) {
        Some(f) => Value::Number(f),
        None => {
            problems.push(Diagnostic::new(at, format!("number {n} (NaN or infinite) has no JSON equivalent")));
            Value::Null
        }
    }
}

/// "a mapping", "a string", … for messages.
pub fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_keys_become_strings() {
        let v = parse_text("responses:\n  200:\n    description: ok\n", "a.yaml").unwrap();
        assert!(v["responses"]["200"].is_object());
    }

    #[test]
    fn yaml_syntax_error_has_line_and_column() {
        let e = parse_text("a: [1, 2\nb: c\n", "a.yaml").unwrap_err();
        assert!(matches!(e, Error::Syntax { line: Some(_), column: Some(_), .. }), "{e:?}");
        assert!(e.to_string().starts_with("a.yaml:"), "{e}");
    }

    #[test]
    fn json_syntax_error_has_line_and_column() {
        let e = parse_text("{\n  \"a\": ,\n}", "a.json").unwrap_err();
        assert!(matches!(e, Error::Syntax { line: Some(2), .. }), "{e:?}");
    }

    #[test]
    fn non_scalar_keys_are_located() {
        let e = parse_text("a:\n  [1, 2]: x\n", "a.yaml").unwrap_err();
        assert_eq!(e.diagnostics()[0].pointer, "/a");
    }
}
