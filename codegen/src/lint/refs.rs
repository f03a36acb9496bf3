//! References: every `$ref` local, resolving, to a named component; cycles
//! of `$ref`/`oneOf` that consume no data (refused, and kept away from the
//! example checks).

use super::*;

impl Lint<'_> {
    /// Every `$ref` must be local and resolve, and ref chains must end.
    pub(super) fn refs(&mut self, node: &Value, pointer: &str) {
        match node {
            Value::Object(map) => {
                if let Some(r) = map.get("$ref") {
                    let at = pointer_push(pointer, "$ref");
                    match r.as_str() {
                        Some(s) if !s.starts_with("#/") => self.report(
                            at,
                            format!(
                                "`$ref: {s}` points outside this document; only local references (#/...) are supported"
                            ),
                        ),
                        Some(s) if !is_component_ref(s) => self.report(
                            at,
                            format!("`$ref: {s}` must name a component, as in #/components/schemas/Name; references into other parts of the document are not supported"),
                        ),
                        Some(s) => match resolve_ref(self.doc, s) {
                            None => {
                                self.report(at, format!("`$ref: {s}` does not resolve to anything in this document"))
                            }
                            Some(_) if deref(self.doc, node).is_none() => {
                                self.report(at, format!("`$ref: {s}` is part of a reference cycle or a dangling chain"))
                            }
                            Some(_) => {}
                        },
                        None => self.report(at, "`$ref` must be a string"),
                    }
                }
                for (k, v) in map {
                    // Examples are data: a key named `$ref` in them is not a reference.
                    if k == "example" || k == "x-code-samples" {
                        continue;
                    }
                    if k == "examples" && !pointer.starts_with("/components/schemas") {
                        if let Some(examples) = v.as_object() {
                            let at = pointer_push(pointer, k);
                            for (name, ex) in examples {
                                if let Some(r) = ex.get("$ref") {
                                    let mut only_ref = Map::new();
                                    only_ref.insert("$ref".to_owned(), r.clone());
                                    self.refs(&Value::Object(only_ref), &pointer_push(&at, name));
                                }
                            }
                        }
                        continue;
                    }
                    self.refs(v, &pointer_push(pointer, k));
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    self.refs(v, &pointer_push(pointer, &i.to_string()));
                }
            }
            _ => {}
        }
    }

    /// Cycles of schema references that consume no data — `$ref` and `oneOf`
    /// only, no `properties` or `items` on the way — are reported: checking a
    /// value against such a schema would never end, in the lint's example
    /// check and in the generated validators alike. Returns the component
    /// schemas on or reaching such a cycle.
    pub(super) fn schema_cycles(&mut self) -> BTreeSet<String> {
        let Some(schemas) = self.doc.pointer("/components/schemas").and_then(Value::as_object) else {
            return BTreeSet::new();
        };
        let known = |t: &&str| schemas.contains_key(*t);
        let mut bare: BTreeMap<&str, Vec<(&str, String)>> = BTreeMap::new();
        let mut any: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for (name, s) in schemas {
            let mut edges = Vec::new();
            bare_refs(s, &pointer_push("/components/schemas", name), &mut edges);
            edges.retain(|(t, _)| known(t));
            bare.insert(name, edges);
            let mut targets = BTreeSet::new();
            all_refs(s, &mut targets);
            targets.retain(known);
            any.insert(name, targets);
        }
        let mut on_cycle: BTreeSet<&str> = BTreeSet::new();
        for &name in bare.keys() {
            if on_cycle.contains(name) {
                continue;
            }
            let Some(cycle) = cycle_through(&bare, name) else { continue };
            on_cycle.extend(cycle.iter().map(|(n, _)| *n));
            // A cycle of bare `$ref`s is reported where the refs are checked.
            if cycle.iter().all(|(_, p)| p.ends_with("/$ref")) {
                continue;
            }
            let names: Vec<&str> = cycle.iter().map(|(n, _)| *n).chain([name]).collect();
            self.report(
                cycle[0].1.clone(),
                format!("schema `{name}` refers back to itself through `$ref`/`oneOf` alone ({}): checking a value against it would never end; a recursive schema must recurse through `properties` or `items`", names.join(" → ")),
            );
        }
        let mut unsafe_names: BTreeSet<&str> = on_cycle;
        loop {
            let more: Vec<&str> = any
                .iter()
                .filter(|(n, targets)| !unsafe_names.contains(**n) && targets.iter().any(|t| unsafe_names.contains(t)))
                .map(|(n, _)| *n)
                .collect();
            if more.is_empty() {
                break;
            }
            unsafe_names.extend(more);
        }
        unsafe_names.into_iter().map(str::to_owned).collect()
    }
}

/// The component schemas `node` refers to without consuming data (itself a
/// `$ref`, or through `oneOf`), each with the pointer of the keyword.
pub(super) fn bare_refs<'v>(node: &'v Value, at: &str, out: &mut Vec<(&'v str, String)>) {
    if let Some(r) = node.get("$ref").and_then(Value::as_str) {
        if let Some(target) = r.strip_prefix("#/components/schemas/") {
            out.push((target, pointer_push(at, "$ref")));
        }
        return;
    }
    let Some(members) = node.get("oneOf").and_then(Value::as_array) else { return };
    let one_of = pointer_push(at, "oneOf");
    for (i, m) in members.iter().enumerate() {
        match m.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/")) {
            Some(target) => out.push((target, one_of.clone())),
            None => bare_refs(m, &pointer_push(&one_of, &i.to_string()), out),
        }
    }
}

/// Every component schema `node` refers to anywhere inside (examples aside).
pub(super) fn all_refs<'v>(node: &'v Value, out: &mut BTreeSet<&'v str>) {
    match node {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("$ref", Value::String(r)) => {
                        if let Some(target) = r.strip_prefix("#/components/schemas/") {
                            out.insert(target);
                        }
                    }
                    ("example" | "examples", _) => {}
                    _ => all_refs(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| all_refs(v, out)),
        _ => {}
    }
}

/// A cycle from `start` back to it in `graph`, as (schema, pointer of its
/// edge to the next one), shortest first; `None` if `start` is on none.
pub(super) fn cycle_through<'v>(
    graph: &BTreeMap<&'v str, Vec<(&'v str, String)>>,
    start: &'v str,
) -> Option<Vec<(&'v str, String)>> {
    // Breadth first; `parent[x]` is the schema and edge x was reached by.
    let mut parent: BTreeMap<&str, (&str, &String)> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(n) = queue.pop_front() {
        for (target, edge) in graph.get(n).into_iter().flatten() {
            if *target == start {
                let mut cycle = vec![(n, edge.clone())];
                let mut cur = n;
                while cur != start {
                    let (prev, prev_edge) = parent.get(cur)?;
                    cycle.push((prev, (*prev_edge).clone()));
                    cur = prev;
                }
                cycle.reverse();
                return Some(cycle);
            }
            if !parent.contains_key(target) {
                parent.insert(target, (n, edge));
                queue.push_back(target);
            }
        }
    }
    None
}
