//! Reading the files the commands work on: one `Source` over a directory for
//! `onezone-upstream`, and text that must be UTF-8, with where it stops being.

use std::path::{Component, Path, PathBuf};

use onezone_upstream::Source;

/// Files under a directory, as `onezone-upstream` asks for them.
pub struct DirSource {
    root: PathBuf,
}

impl DirSource {
    /// Reads below `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }
}

impl Source for DirSource {
    fn read(&self, path: &str) -> Result<Option<String>, String> {
        // The reader asks for normalized relative paths; refuse anything
        // else rather than read outside the tree.
        let relative = Path::new(path);
        if !relative.components().all(|c| matches!(c, Component::Normal(_))) {
            return Err(format!("{path} is not a path inside the tree"));
        }
        match std::fs::read(self.root.join(relative)) {
            Ok(bytes) => utf8(bytes).map(Some).map_err(|at| format!("{at}: not valid UTF-8")),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    }
}

/// The text, or `line:column` where it stops being UTF-8.
pub fn utf8(bytes: Vec<u8>) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = valid.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
        format!("{line}:{column}")
    })
}
