//! The `Location` header of a `201 Created` (or of a redirect) as a value.

use progenitor_client::ResponseValue;

/// A 201 answer (or a redirect) that should have carried a `Location` header but did not (or
/// carried one that is not text).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the response (HTTP {status}) has no usable Location header")]
pub struct MissingLocation {
    /// Status of the response.
    pub status: u16,
}

/// Reads the `Location` of a creation or an added member.
///
#[cfg_attr(feature = "handle-service-privileges", doc = "```no_run")]
#[cfg_attr(not(feature = "handle-service-privileges"), doc = "```ignore")]
/// # async fn f(client: &onezone_client::Client) -> Result<(), Box<dyn std::error::Error>> {
/// use onezone_client::LocationExt;
/// let created = client.create_group().body_map(|b| b.name("Test group")).send().await?;
/// let group_id = created.created_id()?;
/// # Ok(()) }
/// ```
pub trait LocationExt {
    /// The `Location` header: the absolute URI of the new resource, or where
    /// a redirect points (the client follows none).
    fn location(&self) -> Result<&str, MissingLocation>;

    /// The last path segment of the `Location`: the new resource's id, as
    /// written there (Onezone's ids are plain hex; an id holding
    /// percent-escapes would come back still escaped). A `Location` whose path
    /// has no segment (`https://zone.example.com/`) has no id.
    fn created_id(&self) -> Result<&str, MissingLocation> {
        let location = self.location()?;
        let without_query = location.split(['?', '#']).next().unwrap_or(location);
        // The path: what follows `scheme://authority`, or the whole
        // reference when it is relative.
        let path = match without_query.split_once("://") {
            Some((_, rest)) => rest.find('/').map_or("", |i| &rest[i..]),
            None => without_query,
        };
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

#[cfg(test)]
mod tests {
    use super::*;

    fn created(location: &str) -> ResponseValue<()> {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(reqwest::header::LOCATION, location.parse().unwrap());
        ResponseValue::new((), reqwest::StatusCode::CREATED, headers)
    }

    #[test]
    fn the_id_is_the_last_segment_of_the_path() {
        for (location, id) in [
            ("https://zone.example.com/api/v3/onezone/groups/e6a97b1c", Some("e6a97b1c")),
            ("https://zone.example.com/api/v3/onezone/groups/e6a97b1c/", Some("e6a97b1c")),
            ("https://zone.example.com/api/v3/onezone/groups/e6a97b1c?x=1#f", Some("e6a97b1c")),
            ("/api/v3/onezone/groups/e6a97b1c", Some("e6a97b1c")),
            ("e6a97b1c", Some("e6a97b1c")),
            // No path, no id (the host is not one).
            ("https://zone.example.com", None),
            ("https://zone.example.com/", None),
            ("https://zone.example.com:8443?x=/y", None),
            ("mailto:someone", None),
        ] {
            let response = created(location);
            assert_eq!(response.created_id().ok(), id, "{location}");
        }
    }
}
