//! The argument words of an operation, as `onezone-rest-cli` takes them:
//! `name=value` (a path parameter), `key==string` and `key:=json` (fields of
//! the request body) and `-` (the body on standard input).
//!
//! The one grammar of these words: the binary parses its arguments with it,
//! and the conformance suite reads the spec's documented CLI lines with it.

use std::fmt;

/// One argument word of an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CliArg {
    /// `key=value`: a path parameter.
    Param(String, String),
    /// `key==value`: a string field of the body.
    Field(String, String),
    /// `key:=json`: a field of the body given as raw JSON.
    JsonField(String, String),
    /// `-`: the body is read from standard input.
    Stdin,
}

/// A word that is none of the four forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadWord(pub String);

impl fmt::Display for BadWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not an argument of an operation: expected name=value (a path parameter), key==string or \
             key:=json (a body field), or - (the body on standard input)",
            self.0
        )
    }
}

impl std::error::Error for BadWord {}

/// Reads one word. A key is ASCII letters, digits and `_`; the value is
/// everything after the operator, and may be empty.
pub fn parse_word(word: &str) -> Result<CliArg, BadWord> {
    if word == "-" {
        return Ok(CliArg::Stdin);
    }
    let key_len = word.bytes().take_while(|c| c.is_ascii_alphanumeric() || *c == b'_').count();
    let (key, rest) = word.split_at(key_len);
    let arg = if key.is_empty() {
        None
    } else if let Some(v) = rest.strip_prefix("==") {
        Some(CliArg::Field(key.to_owned(), v.to_owned()))
    } else if let Some(v) = rest.strip_prefix(":=") {
        Some(CliArg::JsonField(key.to_owned(), v.to_owned()))
    } else {
        rest.strip_prefix('=').map(|v| CliArg::Param(key.to_owned(), v.to_owned()))
    };
    arg.ok_or_else(|| BadWord(word.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_form_is_read() {
        let p = |w: &str| parse_word(w);
        assert_eq!(p("id=a4d3"), Ok(CliArg::Param("id".into(), "a4d3".into())));
        assert_eq!(p("name==New Group Name"), Ok(CliArg::Field("name".into(), "New Group Name".into())));
        assert_eq!(p("grant:=[\"a\"]"), Ok(CliArg::JsonField("grant".into(), "[\"a\"]".into())));
        assert_eq!(p("-"), Ok(CliArg::Stdin));
        // The first operator decides: `=` then `==` in the value is a parameter.
        assert_eq!(p("id=x==y"), Ok(CliArg::Param("id".into(), "x==y".into())));
        assert_eq!(p("k:="), Ok(CliArg::JsonField("k".into(), String::new())));
    }

    #[test]
    fn other_words_are_refused_with_the_forms_named() {
        for word in ["getGroup", "=x", "==x", ":=1", "a-b=1", "--", "k:x"] {
            let err = parse_word(word).unwrap_err();
            assert!(err.to_string().contains("name=value"), "{word}: {err}");
        }
    }
}
