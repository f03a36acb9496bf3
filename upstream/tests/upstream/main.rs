//! Integration tests of onezone-upstream: the reader on fixture trees, the
//! comparison engine case by case (snapshots in `tests/output`, accept with
//! `EXPECTORATE=overwrite`), the deviations file and the report. One test
//! binary, several modules (saves link time). Everything is read from
//! `tests/fixtures` or built in memory.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

mod compare;
mod deviations;
mod import;
mod reader;
mod report;

use std::path::{Path, PathBuf};

use onezone_upstream::{MemorySource, pointer};
use serde_json::Value;

pub fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

pub fn fixture_text(rel: &str) -> String {
    let path = tests_dir().join("fixtures").join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Every file under `tests/fixtures/<dir>`, keyed by its path relative to it.
pub fn fixture_tree(dir: &str) -> MemorySource {
    fn walk(base: &Path, dir: &Path, out: &mut MemorySource) {
        let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).unwrap().to_str().unwrap().replace('\\', "/");
                out.insert(rel, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let base = tests_dir().join("fixtures").join(dir);
    let mut out = MemorySource::new();
    walk(&base, &base, &mut out);
    out
}

/// Compares `text` with `tests/output/<rel>`.
pub fn snapshot(rel: &str, text: &str) {
    let text = if text.ends_with('\n') { text.to_owned() } else { format!("{text}\n") };
    expectorate::assert_contents(tests_dir().join("output").join(rel), &text);
}

/// A change to a fixture document before it is read.
pub enum Edit {
    /// Sets the node at the pointer (its parent must exist; an array index
    /// equal to the length appends).
    Set(&'static str, Value),
    /// Removes the node at the pointer.
    Remove(&'static str),
    /// Moves a node to another pointer.
    Move(&'static str, &'static str),
}

fn parent_and_last<'a>(doc: &'a mut Value, at: &str) -> (&'a mut Value, String) {
    let mut segments = pointer::segments(at).unwrap_or_else(|| panic!("bad pointer {at}"));
    let last = segments.pop().unwrap_or_else(|| panic!("{at} names the root"));
    let parent = pointer::from_segments(segments.iter().map(String::as_str));
    let node = doc.pointer_mut(&parent).unwrap_or_else(|| panic!("no node at {parent}"));
    (node, last)
}

fn remove(doc: &mut Value, at: &str) -> Value {
    let (parent, last) = parent_and_last(doc, at);
    match parent {
        Value::Object(map) => map.shift_remove(&last).unwrap_or_else(|| panic!("no node at {at}")),
        Value::Array(items) => items.remove(last.parse::<usize>().unwrap()),
        _ => panic!("{at}: parent is a scalar"),
    }
}

fn set(doc: &mut Value, at: &str, value: Value) {
    let (parent, last) = parent_and_last(doc, at);
    match parent {
        Value::Object(map) => {
            map.insert(last, value);
        }
        Value::Array(items) => {
            let i = last.parse::<usize>().unwrap();
            if i == items.len() { items.push(value) } else { items[i] = value }
        }
        _ => panic!("{at}: parent is a scalar"),
    }
}

/// The fixture at `rel` (YAML) with the edits applied, as JSON text.
pub fn edited(rel: &str, edits: &[Edit]) -> String {
    let mut doc: Value = serde_yaml_ng::from_str(&fixture_text(rel)).unwrap();
    for edit in edits {
        match edit {
            Edit::Set(at, value) => set(&mut doc, at, value.clone()),
            Edit::Remove(at) => {
                remove(&mut doc, at);
            }
            Edit::Move(from, to) => {
                let value = remove(&mut doc, from);
                set(&mut doc, to, value);
            }
        }
    }
    serde_json::to_string_pretty(&doc).unwrap()
}
