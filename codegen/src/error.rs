//! The one error type of the generator: every failure names the spec file and,
//! where there is one, the JSON pointer of the node that caused it.

use std::fmt;

/// A problem found at one node of the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// JSON pointer (RFC 6901) of the offending node, `""` for the document root.
    pub pointer: String,
    /// What is wrong there and, where it helps, what to do instead.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic at `pointer`.
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self { pointer: pointer.into(), message: message.into() }
    }
}

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input is not a YAML (or JSON) document at all.
    #[error("{file}{}: not a valid YAML or JSON document: {message}", location_suffix(*line, *column))]
    Syntax {
        /// Name of the spec as given in [`crate::Settings`].
        file: String,
        /// 1-based line of the syntax error, when the parser knows it.
        line: Option<usize>,
        /// 1-based column of the syntax error, when the parser knows it.
        column: Option<usize>,
        /// The parser's description of the problem.
        message: String,
    },
    /// The document parsed but breaks a rule of OpenAPI 3.0 or of this
    /// generator; every problem found is listed.
    #[error("{}", Listing { file, diagnostics })]
    Invalid {
        /// Name of the spec as given in [`crate::Settings`].
        file: String,
        /// The problems, in document order.
        diagnostics: Vec<Diagnostic>,
    },
    /// A generator backend (progenitor, typify, the server emitter or the
    /// formatter) rejected input that the lint let through.
    #[error("{file}#{pointer}: {stage} failed: {message}")]
    Generator {
        /// Name of the spec as given in [`crate::Settings`].
        file: String,
        /// The node the failure is attributed to (`""` when unknown).
        pointer: String,
        /// Which backend failed.
        stage: &'static str,
        /// The backend's message.
        message: String,
    },
}

impl Error {
    /// The diagnostics carried by this error (one for the non-listing kinds).
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            Error::Syntax { message, .. } => vec![Diagnostic::new("", message.clone())],
            Error::Invalid { diagnostics, .. } => diagnostics.clone(),
            Error::Generator { pointer, message, .. } => {
                vec![Diagnostic::new(pointer.clone(), message.clone())]
            }
        }
    }
}

fn location_suffix(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(":{l}:{c}"),
        (Some(l), None) => format!(":{l}"),
        _ => String::new(),
    }
}

struct Listing<'a> {
    file: &'a str,
    diagnostics: &'a [Diagnostic],
}

impl fmt::Display for Listing<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.diagnostics.len();
        write!(f, "{}: {} problem{} found", self.file, n, if n == 1 { "" } else { "s" })?;
        for d in self.diagnostics {
            write!(f, "\n  {}#{}: {}", self.file, d.pointer, d.message)?;
        }
        Ok(())
    }
}

/// Appends `segment` to a JSON pointer, escaping `~` and `/` as RFC 6901
/// asks (the workspace's one implementation, `onezone-upstream`'s).
pub(crate) use onezone_upstream::pointer::push as pointer_push;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_slash_and_tilde() {
        assert_eq!(
            onezone_upstream::pointer::from_segments(["paths", "/groups/{id}", "get"]),
            "/paths/~1groups~1{id}/get"
        );
        assert_eq!(pointer_push("", "a~b"), "/a~0b");
    }

    #[test]
    fn invalid_lists_every_diagnostic_with_file_and_pointer() {
        let e = Error::Invalid {
            file: "spec.yaml".into(),
            diagnostics: vec![
                Diagnostic::new("/paths/~1a/get", "missing operationId"),
                Diagnostic::new("/info", "bad"),
            ],
        };
        assert_eq!(
            e.to_string(),
            "spec.yaml: 2 problems found\n  spec.yaml#/paths/~1a/get: missing operationId\n  spec.yaml#/info: bad"
        );
    }
}
