//! A library workspace: the generated crates and the crate they depend on,
//! laid out like this checkout, generated from another spec. `diff
//! --semver-checks` builds two of them under `target/`; `import --workspace`
//! writes one for a user's scope.
//!
//! The hand-written files of each crate are this checkout's, the generated
//! modules the generator's output for the spec, the lock file this
//! checkout's (so the dependencies are the versions tested here).

use std::path::Path;

use anyhow::Context as _;
use onezone_codegen::Generated;
use toml_edit::DocumentMut;

/// The crates a library workspace holds: the three generated crates and the
/// error catalogue they depend on — the packageable crates of this checkout.
pub const LIBRARY_DIRS: [&str; 4] = ["errors", "generated-types", "generated-client", "generated-server-stubs"];

/// The client's default feature built on our curated spec's operations and
/// types, off in a library workspace (whose spec may lack them).
const CURATED_ONLY_FEATURE: (&str, &str) = ("generated-client", "handle-service-privileges");

/// Writes the workspace into `dir`, which must not exist or be empty.
pub fn write(root: &Path, dir: &Path, generated: Generated) -> anyhow::Result<()> {
    if dir.exists()
        && std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?.next().is_some()
    {
        anyhow::bail!("{} exists and is not empty", dir.display());
    }
    for crate_dir in LIBRARY_DIRS {
        copy_tree(&root.join(crate_dir), &dir.join(crate_dir))?;
        let manifest = dir.join(crate_dir).join("Cargo.toml");
        edit_manifest(&manifest, |m| {
            // Only the libraries come along; the dev-dependencies name
            // crates (test-support) a library workspace does not have.
            m.remove("dev-dependencies");
            if crate_dir == CURATED_ONLY_FEATURE.0 {
                let default = m.get_mut("features").and_then(|f| f.get_mut("default")).and_then(|d| d.as_array_mut());
                let default = default.context("no `[features] default` list")?;
                let before = default.len();
                default.retain(|f| f.as_str() != Some(CURATED_ONLY_FEATURE.1));
                anyhow::ensure!(default.len() < before, "no `{}` in `[features] default`", CURATED_ONLY_FEATURE.1);
            }
            Ok(())
        })?;
    }
    let manifest = dir.join("Cargo.toml");
    std::fs::copy(root.join("Cargo.toml"), &manifest).context("cannot copy Cargo.toml")?;
    edit_manifest(&manifest, |m| {
        let members = m.get_mut("workspace").and_then(|w| w.get_mut("members")).and_then(|l| l.as_array_mut());
        let members = members.context("no `[workspace] members` list")?;
        members.clear();
        members.extend(LIBRARY_DIRS);
        members.fmt();
        // Profile overrides name the generator's crates, which are not here.
        if let Some(profile) = m.get_mut("profile").and_then(|p| p.as_table_like_mut()) {
            profile.remove("dev");
        }
        Ok(())
    })?;
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).context("cannot copy Cargo.lock")?;
    // The generated modules of the crates held here, from the one list of
    // where generated files go.
    for (rel, text) in generated.into_files() {
        if LIBRARY_DIRS.iter().any(|d| rel.starts_with(&format!("{d}/"))) {
            std::fs::write(dir.join(rel), text).with_context(|| format!("cannot write {rel}"))?;
        }
    }
    Ok(())
}

/// Parses the manifest at `path`, lets `edit` change it, writes it back
/// with its comments and layout.
fn edit_manifest(path: &Path, edit: impl FnOnce(&mut DocumentMut) -> anyhow::Result<()>) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut manifest: DocumentMut = text.parse().with_context(|| format!("{} is not TOML", path.display()))?;
    edit(&mut manifest).with_context(|| format!("cannot adapt {}", path.display()))?;
    std::fs::write(path, manifest.to_string()).with_context(|| format!("cannot write {}", path.display()))
}

/// Copies a crate's folder, leaving out build output, tests and examples.
fn copy_tree(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("cannot create {}", to.display()))?;
    for entry in std::fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))? {
        let entry = entry?;
        let path = entry.path();
        if ["target", "tests", "examples"].iter().any(|skip| entry.file_name() == *skip) {
            continue;
        }
        if entry.file_type()?.is_dir() {
            copy_tree(&path, &to.join(entry.file_name()))?;
        } else {
            std::fs::copy(&path, to.join(entry.file_name()))
                .with_context(|| format!("cannot copy {}", path.display()))?;
        }
    }
    Ok(())
}
