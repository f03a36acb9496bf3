//! A panic in an implementation answers 500 instead of dropping the
//! connection.

use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::pin;
use std::task::Poll;

use crate::ApiError;

/// Runs `future`; if polling it panics, the answer is 500
/// `internalServerError` in Onezone's error format.
///
/// The generated dispatch functions run every request inside this, so a bug
/// in a trait implementation (or in `Auth::authenticate`) costs one request,
/// not the connection with no answer. The panic is still reported by the
/// process's panic hook (by default, a line on stderr).
pub async fn contain_panics<T>(future: impl Future<Output = Result<T, ApiError>>) -> Result<T, ApiError> {
    let mut future = pin!(future);
    std::future::poll_fn(move |cx| match catch_unwind(AssertUnwindSafe(|| future.as_mut().poll(cx))) {
        Ok(poll) => poll,
        Err(_) => Poll::Ready(Err(ApiError::internal(None))),
    })
    .await
}
