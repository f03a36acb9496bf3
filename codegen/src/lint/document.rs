//! The document as a whole: servers, security schemes and requirements,
//! tags (each names a server trait).

use super::*;

impl Lint<'_> {
    pub(super) fn servers(&mut self) {
        let Some(servers) = self.doc.get("servers") else { return };
        let Some(list) = servers.as_array() else {
            self.report("/servers", format!("`servers` must be a list, found {}", kind_of(servers)));
            return;
        };
        if list.len() > 1 {
            self.report(
                "/servers/1",
                "only one server entry is supported: its URL path is the base path of the generated client and router",
            );
        }
        if let Some(url) = list.first().and_then(|s| s.get("url")) {
            match url.as_str() {
                Some(u) if u.starts_with('/') => {
                    if u.len() > 1 && u.ends_with('/') {
                        self.report("/servers/0/url", "the base path must not end with `/`");
                    }
                    if let Some(c) = u.chars().find(|c| matches!(c, '{' | '}' | '?' | '#' | '%') || c.is_whitespace()) {
                        self.report(
                            "/servers/0/url",
                            format!("the base path must be a plain path: `{c}` is not allowed (server variables, queries and escapes are not supported)"),
                        );
                    }
                }
                _ => self.report(
                    "/servers/0/url",
                    "the server URL must be a base path such as `/api/v3/onezone`; the zone's host is given at run time",
                ),
            }
        }
    }

    pub(super) fn security_schemes(&mut self) -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        let Some(schemes) = self.doc.pointer("/components/securitySchemes").and_then(Value::as_object) else {
            return names;
        };
        for (name, scheme) in schemes {
            let at = pointer_push("/components/securitySchemes", name);
            let Some(scheme) = deref(self.doc, scheme) else { continue };
            let ty = scheme.get("type").and_then(Value::as_str).unwrap_or("");
            let ok = match ty {
                "http" => matches!(
                    scheme.get("scheme").and_then(Value::as_str).map(str::to_ascii_lowercase).as_deref(),
                    Some("basic" | "bearer")
                ),
                "apiKey" => scheme.get("in").and_then(Value::as_str) == Some("header"),
                _ => false,
            };
            if ok {
                names.insert(name.clone());
            } else {
                self.report(
                    at,
                    format!("security scheme `{name}` is not supported: use http basic, http bearer or an apiKey in a header"),
                );
            }
        }
        names
    }

    /// Each tag names a server trait, `<Tag>Api`: it must be a Rust identifier,
    /// distinct from the other tags' traits and from the emitter's own traits.
    pub(super) fn tag_names(&mut self) {
        let Some(tags) = self.doc.get("tags").and_then(Value::as_array) else { return };
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for (i, t) in tags.iter().enumerate() {
            let at = pointer_push(&pointer_push("/tags", &i.to_string()), "name");
            let Some(name) = t.get("name").and_then(Value::as_str) else {
                self.report(at, "a tag needs a string `name`");
                continue;
            };
            let trait_name = format!("{}Api", name.to_pascal_case());
            if let Some(why) = ident_problem(&trait_name) {
                self.report(at, format!("tag `{name}` gives the server trait `{trait_name}`, which {why}"));
            } else if SERVER_SCOPE.contains(&trait_name.as_str()) {
                self.report(
                    at,
                    format!(
                        "tag `{name}` gives the server trait `{trait_name}`, a name the server emitter already uses (the generated server code names that item unqualified); rename the tag"
                    ),
                );
            } else if let Some(first) = seen.get(&trait_name) {
                self.report(
                    at,
                    format!("tag `{name}` gives the server trait `{trait_name}`, as the tag at {first} does"),
                );
            } else {
                seen.insert(trait_name, at);
            }
        }
    }

    pub(super) fn declared_tags(&mut self) -> BTreeSet<String> {
        self.doc
            .get("tags")
            .and_then(Value::as_array)
            .map(|tags| tags.iter().filter_map(|t| t.get("name")?.as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    }

    pub(super) fn security_requirements(&mut self, reqs: &Value, pointer: &str, schemes: &BTreeSet<String>) {
        let Some(list) = reqs.as_array() else {
            self.report(pointer, "`security` must be a list of requirement objects");
            return;
        };
        for (i, req) in list.iter().enumerate() {
            let at = pointer_push(pointer, &i.to_string());
            let Some(req) = req.as_object() else {
                self.report(at, "a security requirement must be a mapping from scheme name to scopes");
                continue;
            };
            if req.len() > 1 {
                self.report(
                    at.clone(),
                    "a requirement naming several schemes at once (all of them needed) is not supported",
                );
            }
            for name in req.keys() {
                let known = schemes.contains(name)
                    || self.doc.pointer("/components/securitySchemes").and_then(|s| s.get(name)).is_some();
                if !known {
                    self.report(
                        pointer_push(&at, name),
                        format!("unknown security scheme `{name}`: it is not declared in components/securitySchemes"),
                    );
                }
            }
        }
    }
}
