//! Reading the files the commands work on: one `Source` over a directory for
//! `onezone-upstream`, and text that must be UTF-8, with where it stops being.

use std::path::{Component, Path, PathBuf};

use onezone_upstream::Source;

/// Files under a directory, as `onezone-upstream` asks for them.
pub struct DirSource {
    root: PathBuf,
}

impl DirSource {
    /// Reads below `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }
}

impl Source for DirSource {
    fn read(&self, path: &str) -> Result<Option<String>, String> {
        // The reader asks for normalized relative paths; refuse anything
        // else rather than read outside the tree.
        let relative = Path::new(path);
        if !relative.components().all(|c| matches!(c, Component::Normal(_))) {
            return Err(format!("{path} is not a path inside the tree"));
        }
        match std::fs::read(self.root.join(relative)) {
            Ok(bytes) => utf8(bytes).map(Some).map_err(|at| format!("{at}: not valid UTF-8")),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    }
}

/// The text, or `line:column` where it stops being UTF-8.
pub fn utf8(bytes: Vec<u8>) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = valid.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
        format!("{line}:{column}")
    })
}

/// Where cargo puts build output for the workspace at `root`: asked of cargo
/// (`cargo metadata`), since `CARGO_TARGET_DIR`, `CARGO_BUILD_TARGET_DIR` and
/// `build.target-dir` in a config file may all move it away from `target/`.
pub fn target_dir(root: &Path) -> anyhow::Result<PathBuf> {
    use anyhow::Context as _;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = std::process::Command::new(cargo)
        .current_dir(root)
        .args(["metadata", "--no-deps", "--format-version", "1"])
        .output()
        .context("cannot run cargo metadata")?;
    anyhow::ensure!(out.status.success(), "cargo metadata failed: {}", String::from_utf8_lossy(&out.stderr).trim());
    let metadata: serde_json::Value = serde_json::from_slice(&out.stdout).context("cargo metadata gave no JSON")?;
    metadata["target_directory"].as_str().map(PathBuf::from).context("cargo metadata names no target_directory")
}
