//! Turning panics of the backends into errors.
//!
//! progenitor and typify `panic!`/`unwrap` on some inputs the lint does not
//! (yet) recognise, and a bug in our own emitters could do the same. The user
//! of `cargo xtask regenerate` should get a sentence naming the spec, not a
//! backtrace.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, Mutex, PoisonError};

thread_local! {
    static PANIC_MESSAGE: RefCell<Option<String>> = const { RefCell::new(None) };
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// Runs `f`, turning a panic into its message.
///
/// While the outermost call runs, the process-wide panic hook is replaced by
/// one that records the message of panics on this thread (and passes other
/// threads' panics to the previous hook); the previous hook is restored
/// afterwards. Nested calls reuse the hook the outermost call installed, so
/// a backend call can be contained on its own inside a contained generation.
pub(crate) fn contain_panics<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    if DEPTH.get() > 0 {
        return nested(f);
    }
    // The hook is process-wide: serialise the swap so concurrent generations
    // (parallel tests) restore each other's hooks in order.
    static HOOK_SWAP: Mutex<()> = Mutex::new(());
    let _guard = HOOK_SWAP.lock().unwrap_or_else(PoisonError::into_inner);
    let previous = Arc::new(panic::take_hook());
    let chained = Arc::clone(&previous);
    let this_thread = std::thread::current().id();
    panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() == this_thread {
            let location = info.location().map(|l| format!(" (at {}:{})", short_file(l.file()), l.line()));
            let message = payload_text(info.payload());
            PANIC_MESSAGE.with(|m| *m.borrow_mut() = Some(format!("{message}{}", location.unwrap_or_default())));
        } else {
            chained(info);
        }
    }));
    let result = nested(f);
    drop(panic::take_hook());
    if let Ok(previous) = Arc::try_unwrap(previous) {
        panic::set_hook(previous);
    }
    result
}

fn nested<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    DEPTH.set(DEPTH.get() + 1);
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    DEPTH.set(DEPTH.get() - 1);
    result.map_err(|payload| {
        PANIC_MESSAGE.with(|m| m.borrow_mut().take()).unwrap_or_else(|| payload_text(payload.as_ref()))
    })
}

fn payload_text(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        format!("internal panic: {s}")
    } else if let Some(s) = payload.downcast_ref::<String>() {
        format!("internal panic: {s}")
    } else {
        "internal panic".to_owned()
    }
}

/// `crate-1.2.3/src/file.rs` out of a full path such as
/// `/home/me/.cargo/registry/src/index.crates.io-…/crate-1.2.3/src/file.rs`:
/// enough to find the line, without the user's home directory.
fn short_file(file: &str) -> &str {
    let parts: Vec<&str> = file.split('/').collect();
    match parts.iter().rposition(|p| *p == "src") {
        Some(i) if i > 0 => {
            let skip: usize = parts[..i - 1].iter().map(|p| p.len() + 1).sum();
            &file[skip..]
        }
        _ => file,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message_and_nesting_works() {
        let outer = contain_panics(|| {
            let inner: Result<(), String> = contain_panics(|| panic!("inner {}", 1));
            assert_eq!(inner.unwrap_err().split(" (at ").next(), Some("internal panic: inner 1"));
            panic!("outer")
        });
        let message = outer.unwrap_err();
        assert!(message.starts_with("internal panic: outer (at codegen/src/panics.rs:"), "{message}");
        assert_eq!(contain_panics(|| 7), Ok(7));
    }

    #[test]
    fn registry_paths_are_shortened() {
        assert_eq!(
            short_file(
                "/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/progenitor-impl-0.11.0/src/method.rs"
            ),
            "progenitor-impl-0.11.0/src/method.rs"
        );
        assert_eq!(short_file("codegen/src/server.rs"), "codegen/src/server.rs");
        assert_eq!(short_file("weird"), "weird");
    }
}
