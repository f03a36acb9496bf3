//! Where the text of a description comes from. The crate never touches the
//! filesystem: a front end implements [`Source`] over a directory, tests use
//! [`MemorySource`].

use std::collections::BTreeMap;

/// Gives the text of a file named by a relative, `/`-separated, normalized
/// path (no `.` or `..` segments, no leading `/`), e.g. `paths/groups.yaml`.
pub trait Source {
    /// The file's text; `Ok(None)` when there is no such file; `Err` with a
    /// reason when it exists but cannot be read (not UTF-8, permissions, …).
    fn read(&self, path: &str) -> Result<Option<String>, String>;
}

impl<S: Source + ?Sized> Source for &S {
    fn read(&self, path: &str) -> Result<Option<String>, String> {
        (**self).read(path)
    }
}

/// An in-memory tree of files, keyed by normalized relative path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemorySource {
    files: BTreeMap<String, String>,
}

impl MemorySource {
    /// An empty tree.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) a file; builder style.
    pub fn with(mut self, path: impl Into<String>, text: impl Into<String>) -> Self {
        self.insert(path, text);
        self
    }

    /// Adds (or replaces) a file.
    pub fn insert(&mut self, path: impl Into<String>, text: impl Into<String>) {
        self.files.insert(path.into(), text.into());
    }

    /// The files held, by path.
    pub fn files(&self) -> &BTreeMap<String, String> {
        &self.files
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for MemorySource {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Self { files: iter.into_iter().map(|(k, v)| (k.into(), v.into())).collect() }
    }
}

impl Source for MemorySource {
    fn read(&self, path: &str) -> Result<Option<String>, String> {
        Ok(self.files.get(path).cloned())
    }
}

/// Normalizes a relative path: drops `.` and empty segments, applies `..`.
/// Refuses absolute paths, URLs, backslashes and `..` that leaves the root.
pub fn normalize(path: &str) -> Result<String, String> {
    if path.contains("://") {
        return Err(format!("`{path}` is a URL; only relative file references are supported"));
    }
    if path.starts_with('/') {
        return Err(format!("`{path}` is an absolute path; only relative file references are supported"));
    }
    if path.contains('\\') {
        return Err(format!("`{path}` contains a backslash; use `/` to separate path segments"));
    }
    let mut out: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if out.pop().is_none() {
                    return Err(format!("`{path}` leaves the description's root directory"));
                }
            }
            s => out.push(s),
        }
    }
    if out.is_empty() {
        return Err(format!("`{path}` names no file"));
    }
    Ok(out.join("/"))
}

/// Resolves `reference` (a relative path) against the directory of `base`
/// (a normalized file path).
pub fn join(base: &str, reference: &str) -> Result<String, String> {
    if reference.contains("://") || reference.starts_with('/') {
        return normalize(reference);
    }
    let dir = match base.rfind('/') {
        Some(i) => &base[..i],
        None => "",
    };
    if dir.is_empty() { normalize(reference) } else { normalize(&format!("{dir}/{reference}")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_resolves_against_the_directory_of_the_base() {
        assert_eq!(join("index.yaml", "./paths/index.yaml").unwrap(), "paths/index.yaml");
        assert_eq!(join("paths/index.yaml", "./a/b.yaml").unwrap(), "paths/a/b.yaml");
        assert_eq!(join("paths/a/b.yaml", "../../definitions/x.yaml").unwrap(), "definitions/x.yaml");
    }

    #[test]
    fn join_refuses_what_leaves_the_tree() {
        assert!(join("index.yaml", "../x.yaml").unwrap_err().contains("leaves"));
        assert!(join("a/index.yaml", "/etc/passwd").unwrap_err().contains("absolute"));
        assert!(join("index.yaml", "https://example.com/x.yaml").unwrap_err().contains("URL"));
    }
}
