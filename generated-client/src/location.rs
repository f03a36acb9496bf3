//! The `Location` header of a `201 Created` as a value.

use progenitor_client::ResponseValue;

/// A 201 answer that should have carried a `Location` header but did not (or
/// carried one that is not text).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the response (HTTP {status}) has no usable Location header")]
pub struct MissingLocation {
    /// Status of the response.
    pub status: u16,
}

/// Reads the `Location` of a creation or an added member.
///
/// ```no_run
/// # async fn f(client: &onezone_client::Client) -> Result<(), Box<dyn std::error::Error>> {
/// use onezone_client::LocationExt;
/// let created = client.create_group().body_map(|b| b.name("Test group")).send().await?;
/// let group_id = created.created_id()?;
/// # Ok(()) }
/// ```
pub trait LocationExt {
    /// The `Location` header: the absolute URI of the new resource.
    fn location(&self) -> Result<&str, MissingLocation>;

    /// The last path segment of the `Location`: the new resource's id.
    fn created_id(&self) -> Result<&str, MissingLocation> {
        let location = self.location()?;
        let path = location.split(['?', '#']).next().unwrap_or(location);
        match path.trim_end_matches('/').rsplit('/').next() {
            Some(id) if !id.is_empty() && !id.contains(':') => Ok(id),
            _ => Err(self.missing()),
        }
    }

    #[doc(hidden)]
    fn missing(&self) -> MissingLocation;
}

impl<T> LocationExt for ResponseValue<T> {
    fn location(&self) -> Result<&str, MissingLocation> {
        self.headers()
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .filter(|v| !v.is_empty())
            .ok_or_else(|| self.missing())
    }

    fn missing(&self) -> MissingLocation {
        MissingLocation { status: self.status().as_u16() }
    }
}
