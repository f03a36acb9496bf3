#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

//! The README's Rust snippets are the compiled examples: each ```rust block
//! must equal the `// README:begin` … `// README:end` region of its example
//! file, which `cargo test` builds.

use std::path::Path;

const EXAMPLES: [&str; 2] =
    ["generated-client/examples/quickstart.rs", "generated-server-stubs/examples/minimal_server.rs"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

fn rust_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match (&mut current, line.trim_end()) {
            (None, "```rust") => current = Some(String::new()),
            (Some(_), "```") => blocks.push(current.take().unwrap()),
            (Some(block), text) => {
                block.push_str(text);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

#[test]
fn readme_snippets_are_the_compiled_examples() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let blocks = rust_blocks(&readme);
    assert_eq!(blocks.len(), EXAMPLES.len(), "each ```rust block of README.md needs an example file in EXAMPLES");
    for (block, example) in blocks.iter().zip(EXAMPLES) {
        let text = std::fs::read_to_string(root().join(example)).unwrap();
        let start = text.find("// README:begin\n").map(|i| i + "// README:begin\n".len()).expect("begin marker");
        let end = text.find("// README:end").expect("end marker");
        assert_eq!(&text[start..end], block.as_str(), "README.md and {example} differ; keep them identical");
    }
}
