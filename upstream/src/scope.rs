//! Which operations a comparison looks at, decided in one place.

use std::fmt;

/// A path template with every path parameter replaced by `{}`, so that
/// `/groups/{id}/handle_services/{hsid}` and `/groups/{gid}/handle_services/{x}`
/// are the same path.
pub fn normalize_path(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut in_param = false;
    for c in template.chars() {
        match c {
            '{' if !in_param => {
                in_param = true;
                out.push('{');
            }
            '}' if in_param => {
                in_param = false;
                out.push('}');
            }
            _ if in_param => {}
            c => out.push(c),
        }
    }
    if in_param {
        // An unclosed `{` is not a parameter; keep the text as written.
        return template.to_owned();
    }
    out
}

/// One rule of a [`Scope`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ScopeRule {
    /// The path itself only.
    Exact(String),
    /// The path and every path under it (`/handle_services` covers
    /// `/handle_services/{id}/users`, not `/handle_services_x`).
    Subtree(String),
}

/// A set of paths: those equal to one of the exact paths, or equal to or under
/// one of the prefixes. Path parameters are compared by position, so the
/// names used in the rules do not matter.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Scope {
    /// `None` means every path.
    rules: Option<Vec<ScopeRule>>,
}

impl Scope {
    /// Every path.
    pub fn all() -> Self {
        Scope { rules: None }
    }

    /// The part of the Onezone API this project covers: groups themselves
    /// (`/groups`, `/groups/{id}`, not their other sub-resources) and
    /// everything about handle services, from the zone's, a group's and the
    /// current user's side.
    pub fn handle_services_and_groups() -> Self {
        Scope::from_rules([
            ScopeRule::Exact("/groups".into()),
            ScopeRule::Exact("/groups/{id}".into()),
            ScopeRule::Subtree("/handle_services".into()),
            ScopeRule::Subtree("/groups/{id}/handle_services".into()),
            ScopeRule::Subtree("/groups/{id}/effective_handle_services".into()),
            ScopeRule::Subtree("/user/handle_services".into()),
            ScopeRule::Subtree("/user/effective_handle_services".into()),
        ])
    }

    /// A scope from rules; their paths are normalized here.
    pub fn from_rules(rules: impl IntoIterator<Item = ScopeRule>) -> Self {
        let rules = rules
            .into_iter()
            .map(|r| match r {
                ScopeRule::Exact(p) => ScopeRule::Exact(normalize_path(&p)),
                ScopeRule::Subtree(p) => ScopeRule::Subtree(normalize_path(p.trim_end_matches('/'))),
            })
            .collect();
        Scope { rules: Some(rules) }
    }

    /// Parses a comma-separated list: `/a/**` covers `/a` and everything under
    /// it, `/a` only `/a`, and `**` (or `/**`) everything; the whole text
    /// `all` is every path too.
    /// Example: `/groups,/groups/{id},/handle_services/**`.
    pub fn parse(text: &str) -> Result<Self, String> {
        if text.trim() == "all" {
            return Ok(Scope::all());
        }
        let mut rules = Vec::new();
        for (i, item) in text.split(',').map(str::trim).enumerate() {
            if item.is_empty() {
                return Err(format!("scope entry {} is empty", i + 1));
            }
            if item == "**" || item == "/**" {
                return Ok(Scope::all());
            }
            if !item.starts_with('/') {
                return Err(format!("scope entry `{item}` does not start with `/`"));
            }
            match item.strip_suffix("/**") {
                Some(prefix) => rules.push(ScopeRule::Subtree(prefix.to_owned())),
                None if item.contains('*') => {
                    return Err(format!("scope entry `{item}`: `*` is only allowed as a final `/**`"));
                }
                None => rules.push(ScopeRule::Exact(item.to_owned())),
            }
        }
        Ok(Scope::from_rules(rules))
    }

    /// Whether the path template is in scope.
    pub fn contains(&self, path: &str) -> bool {
        let Some(rules) = &self.rules else { return true };
        let path = normalize_path(path);
        rules.iter().any(|rule| match rule {
            ScopeRule::Exact(p) => *p == path,
            ScopeRule::Subtree(p) => match path.strip_prefix(p.as_str()) {
                Some(rest) => rest.is_empty() || rest.starts_with('/'),
                None => false,
            },
        })
    }

    /// The rules; `None` for [`Scope::all`].
    pub fn rules(&self) -> Option<&[ScopeRule]> {
        self.rules.as_deref()
    }
}

impl fmt::Display for Scope {
    /// The form [`Scope::parse`] reads.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(rules) = &self.rules else { return f.write_str("/**") };
        let items: Vec<String> = rules
            .iter()
            .map(|r| match r {
                ScopeRule::Exact(p) => p.clone(),
                ScopeRule::Subtree(p) => format!("{p}/**"),
            })
            .collect();
        f.write_str(&items.join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_names_do_not_matter() {
        assert_eq!(normalize_path("/groups/{id}/handle_services/{hsid}"), "/groups/{}/handle_services/{}");
        assert_eq!(normalize_path("/groups/{gid}/handle_services/{x}"), "/groups/{}/handle_services/{}");
        assert_eq!(normalize_path("/a/{broken"), "/a/{broken");
    }

    #[test]
    fn default_scope_takes_exact_paths_and_subtrees() {
        let s = Scope::handle_services_and_groups();
        for inside in [
            "/groups",
            "/groups/{gid}",
            "/handle_services",
            "/handle_services/privileges",
            "/handle_services/{id}/users/{uid}/privileges",
            "/groups/{x}/handle_services/{hsid}",
            "/groups/{id}/effective_handle_services",
            "/user/handle_services/{hsid}",
            "/user/effective_handle_services/{hsid}",
        ] {
            assert!(s.contains(inside), "{inside}");
        }
        for outside in [
            "/groups/privileges",
            "/groups/{id}/users",
            "/groups/{id}/handles",
            "/handle_servicesx",
            "/user/groups",
            "/user/handles",
            "/handles/{id}",
            "/user",
        ] {
            assert!(!s.contains(outside), "{outside}");
        }
    }

    #[test]
    fn parse_reads_exact_paths_and_subtrees() {
        let s = Scope::parse("/groups, /groups/{id},/handle_services/**").unwrap();
        assert!(s.contains("/groups/{gid}"));
        assert!(s.contains("/handle_services/{id}/users"));
        assert!(!s.contains("/groups/{id}/users"));
        assert_eq!(s.to_string(), "/groups,/groups/{},/handle_services/**");
        assert_eq!(Scope::parse("**").unwrap(), Scope::all());
        assert_eq!(Scope::parse("all").unwrap(), Scope::all());
        assert!(Scope::parse("/groups,all").unwrap_err().contains("start with"));
        assert!(Scope::parse("groups").unwrap_err().contains("start with"));
        assert!(Scope::parse("/a/*/b").unwrap_err().contains("final"));
        assert!(Scope::parse("/a,,/b").unwrap_err().contains("empty"));
        assert_eq!(Scope::parse(&Scope::handle_services_and_groups().to_string()).unwrap(), {
            Scope::handle_services_and_groups()
        });
    }
}
