//! Path parameters as the router found them (percent-decoded).

use std::borrow::Cow;

use crate::error::ApiError;

/// The `{name}` segments of the matched path template and their values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathParams(Vec<(Cow<'static, str>, String)>);

impl PathParams {
    /// From `(name, value)` pairs.
    pub fn new(pairs: impl IntoIterator<Item = (String, String)>) -> Self {
        Self(pairs.into_iter().map(|(n, v)| (Cow::Owned(n), v)).collect())
    }

    /// From `(name, value)` pairs whose names are among `known` (the
    /// operation's template): those names are not copied.
    pub fn with_known_names<'a>(known: &[&'static str], pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Self(
            pairs
                .into_iter()
                .map(|(n, v)| {
                    let name =
                        known.iter().find(|k| **k == n).map_or_else(|| Cow::Owned(n.to_owned()), |k| Cow::Borrowed(*k));
                    (name, v.to_owned())
                })
                .collect(),
        )
    }

    /// The value of `name`. A router that matched the operation's template
    /// always has it; without it the path does not name a resource (404).
    pub fn get(&self, name: &str) -> Result<String, ApiError> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone()).ok_or_else(ApiError::not_found)
    }

    /// Like [`get`](Self::get), but moves the value out instead of copying
    /// it (the parameter reads as empty afterwards).
    pub fn take(&mut self, name: &str) -> Result<String, ApiError> {
        self.0.iter_mut().find(|(n, _)| n == name).map(|(_, v)| std::mem::take(v)).ok_or_else(ApiError::not_found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_names_read_alike() {
        let a = PathParams::with_known_names(&["id"], [("id", "x"), ("other", "y")]);
        let b = PathParams::new([("id".to_owned(), "x".to_owned()), ("other".to_owned(), "y".to_owned())]);
        assert_eq!(a, b);
        assert_eq!(a.get("id").unwrap(), "x");
        assert_eq!(a.get("other").unwrap(), "y");
        assert_eq!(a.get("gid").unwrap_err().id(), "notFound");
        let mut a = a;
        assert_eq!(a.take("other").unwrap(), "y");
        assert_eq!(a.take("gid").unwrap_err().id(), "notFound");
    }
}
