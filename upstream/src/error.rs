//! The one error type of the crate: every failure names the file and, where
//! there is one, the JSON pointer of the node that caused it.

use std::fmt;

/// A problem found at one node of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// JSON pointer (RFC 6901) of the offending node in its file, `""` for the
    /// file's root.
    pub pointer: String,
    /// What is wrong there.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic at `pointer`.
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self { pointer: pointer.into(), message: message.into() }
    }
}

/// Why a description or a deviations file could not be read.
///
/// A command-line front end maps every variant to "unreadable input" (exit
/// code 2); none of them is a finding.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The entry file does not exist in the [`crate::Source`].
    #[error("{file}: no such file")]
    NotFound {
        /// The path asked for, normalized.
        file: String,
    },
    /// The [`crate::Source`] failed to give a file's text.
    #[error("{file}: cannot be read: {message}")]
    Read {
        /// The path asked for, normalized.
        file: String,
        /// The source's reason.
        message: String,
    },
    /// The text is neither YAML nor JSON.
    #[error("{file}{}: not a valid YAML or JSON document: {message}", line_column(*line, *column))]
    Syntax {
        /// The file.
        file: String,
        /// 1-based line of the syntax error, when the parser knows it.
        line: Option<usize>,
        /// 1-based column of the syntax error, when the parser knows it.
        column: Option<usize>,
        /// The parser's description of the problem.
        message: String,
    },
    /// The document parsed but something in it cannot be used; every problem
    /// found is listed with its pointer in `file`.
    #[error("{}", Listing { file, diagnostics })]
    Invalid {
        /// The file holding the offending nodes.
        file: String,
        /// The problems, in the order found.
        diagnostics: Vec<Diagnostic>,
    },
}

impl Error {
    /// One problem at `pointer` of `file`.
    pub(crate) fn at(file: impl Into<String>, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid { file: file.into(), diagnostics: vec![Diagnostic::new(pointer, message)] }
    }

    /// The file the error is about.
    pub fn file(&self) -> &str {
        match self {
            Error::NotFound { file } | Error::Read { file, .. } | Error::Syntax { file, .. } => file,
            Error::Invalid { file, .. } => file,
        }
    }

    /// The problems carried (one for the kinds that are not a listing).
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            Error::NotFound { .. } => vec![Diagnostic::new("", "no such file")],
            Error::Read { message, .. } | Error::Syntax { message, .. } => vec![Diagnostic::new("", message.clone())],
            Error::Invalid { diagnostics, .. } => diagnostics.clone(),
        }
    }
}

fn line_column(line: Option<usize>, column: Option<usize>) -> String {
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
        match self.diagnostics {
            [one] => write!(f, "{}#{}: {}", self.file, one.pointer, one.message),
            many => {
                write!(f, "{}: {} problems found", self.file, many.len())?;
                for d in many {
                    write!(f, "\n  {}#{}: {}", self.file, d.pointer, d.message)?;
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_problem_reads_as_file_pointer_message() {
        let e = Error::at("paths/a.yaml", "/get/responses/200", "bad");
        assert_eq!(e.to_string(), "paths/a.yaml#/get/responses/200: bad");
    }

    #[test]
    fn several_problems_are_listed() {
        let e = Error::Invalid {
            file: "d.yaml".into(),
            diagnostics: vec![Diagnostic::new("/0/id", "duplicate"), Diagnostic::new("/1", "no reason")],
        };
        assert_eq!(e.to_string(), "d.yaml: 2 problems found\n  d.yaml#/0/id: duplicate\n  d.yaml#/1: no reason");
    }
}
