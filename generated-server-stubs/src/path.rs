//! Path parameters as the router found them (percent-decoded).

use crate::error::ApiError;

/// The `{name}` segments of the matched path template and their values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathParams(Vec<(String, String)>);

impl PathParams {
    /// From `(name, value)` pairs.
    pub fn new(pairs: impl IntoIterator<Item = (String, String)>) -> Self {
        Self(pairs.into_iter().collect())
    }

    /// The value of `name`. A router that matched the operation's template
    /// always has it; without it the path does not name a resource (404).
    pub fn get(&self, name: &str) -> Result<String, ApiError> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone()).ok_or_else(ApiError::not_found)
    }
}
