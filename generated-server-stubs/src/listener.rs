//! A listener adapter for `axum::serve` that gives hyper's own error answers
//! the Onezone error body.
//!
//! hyper answers a request it cannot parse before any router sees it — a
//! malformed request line or header (400), a URI over its 65,534-byte limit
//! (414), a request head over its read buffer (431) — with a status line,
//! `connection: close`, `content-length: 0` and nothing else, and then closes
//! the connection. [`OnezoneListener`] wraps each accepted connection and
//! replaces exactly those answers with the same status carrying the Onezone
//! error body, so that no error a server built on this crate sends is
//! bodiless. Everything else passes through untouched.
//!
//! Those answers are recognised by their shape: a 400, 414 or 431 head whose
//! only headers are `connection: close`, `content-length: 0` and `date`, at
//! the end of what hyper writes. Every error of the router carries a
//! `content-type` and a body, so none of them has that shape.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use http::StatusCode;
use serde_json::json;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use onezone_errors::ErrorId;

use crate::error::ApiError;

/// hyper's limit on the length of a request URI (`MAX_URI_LEN`).
pub const HYPER_MAX_URI_LEN: usize = 65_534;

/// hyper's default limit on the read buffer holding a request head.
pub const HYPER_MAX_HEAD_LEN: usize = 8192 + 4096 * 100;

/// Wraps a listener (e.g. `tokio::net::TcpListener`) for `axum::serve`:
/// `axum::serve(OnezoneListener::new(listener), router)`.
#[derive(Debug)]
pub struct OnezoneListener<L>(L);

impl<L> OnezoneListener<L> {
    /// Wraps `listener`.
    pub fn new(listener: L) -> Self {
        OnezoneListener(listener)
    }

    /// The wrapped listener.
    pub fn into_inner(self) -> L {
        self.0
    }
}

impl<L: axum::serve::Listener> axum::serve::Listener for OnezoneListener<L> {
    type Io = OnezoneIo<L::Io>;
    type Addr = L::Addr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        let (io, addr) = self.0.accept().await;
        (OnezoneIo { inner: io, pending: Vec::new(), written: 0 }, addr)
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.0.local_addr()
    }
}

/// A connection of [`OnezoneListener`].
#[derive(Debug)]
pub struct OnezoneIo<T> {
    inner: T,
    /// Bytes accepted from hyper that still have to reach `inner`: what
    /// preceded a replaced answer in the same write, then the replacement.
    pending: Vec<u8>,
    written: usize,
}

impl<T: AsyncWrite + Unpin> OnezoneIo<T> {
    /// Writes out `pending`; `Ready(Ok)` once it is all written.
    fn poll_drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.written < self.pending.len() {
            let n = ready!(Pin::new(&mut self.inner).poll_write(cx, &self.pending[self.written..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.written += n;
        }
        self.pending.clear();
        self.written = 0;
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for OnezoneIo<T> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for OnezoneIo<T> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        ready!(self.poll_drain(cx))?;
        let Some((at, replacement)) = replace_parse_error_answer(buf) else {
            return Pin::new(&mut self.inner).poll_write(cx, buf);
        };
        self.pending.extend_from_slice(&buf[..at]);
        self.pending.extend_from_slice(&replacement);
        // The bytes are ours now: what `inner` does not take at once is
        // written by the next write, flush or shutdown.
        if let Poll::Ready(Err(e)) = self.poll_drain(cx) {
            return Poll::Ready(Err(e));
        }
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_drain(cx))?;
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_drain(cx))?;
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    // Not vectored: hyper then hands over each answer as one contiguous
    // buffer, which is what the recognition above reads.
}

/// When `buf` ends with one of hyper's bodiless parse-error answers: where
/// it starts, and the same answer with the Onezone error body.
fn replace_parse_error_answer(buf: &[u8]) -> Option<(usize, Vec<u8>)> {
    const START: &[u8] = b"HTTP/1.1 ";
    // An answer is short; look only at the end of the buffer.
    let window = buf.len().saturating_sub(512);
    let at = window + buf[window..].windows(START.len()).rposition(|w| w == START)?;
    let head = std::str::from_utf8(&buf[at..]).ok()?.strip_suffix("\r\n\r\n")?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next()?;
    let status: u16 = status_line.get(START.len()..START.len() + 3)?.parse().ok()?;
    let (mut close, mut empty, mut date) = (false, false, None);
    for line in lines {
        let (name, value) = line.split_once(": ")?;
        match (name.to_ascii_lowercase().as_str(), value) {
            ("connection", "close") => close = true,
            ("content-length", "0") => empty = true,
            ("date", value) => date = Some(value),
            _ => return None,
        }
    }
    if !(close && empty) {
        return None;
    }
    let error = match StatusCode::from_u16(status).ok()? {
        StatusCode::BAD_REQUEST => ApiError::new(
            ErrorId::BadMessage,
            "The request could not be parsed as HTTP: its request line or a header is malformed.",
        )
        .with_details(json!({ "message": "malformed request line or header" })),
        status @ StatusCode::URI_TOO_LONG => ApiError::new(
            ErrorId::BadValueTextTooLarge,
            format!("The request URI is longer than the limit of {HYPER_MAX_URI_LEN} bytes."),
        )
        .with_status(status)
        .with_details(json!({ "key": "uri", "limit": HYPER_MAX_URI_LEN })),
        status @ StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => ApiError::new(
            ErrorId::BadValueTextTooLarge,
            format!("The request line and headers are longer than the limit of {HYPER_MAX_HEAD_LEN} bytes."),
        )
        .with_status(status)
        .with_details(json!({ "key": "headers", "limit": HYPER_MAX_HEAD_LEN })),
        _ => return None,
    };
    let body = error.to_body().to_string();
    let mut answer = format!(
        "{status_line}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
        body.len()
    );
    if let Some(date) = date {
        answer.push_str(&format!("date: {date}\r\n"));
    }
    answer.push_str("\r\n");
    answer.push_str(&body);
    Some((at, answer.into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HYPER_414: &str = "HTTP/1.1 414 URI Too Long\r\nconnection: close\r\ncontent-length: 0\r\ndate: Wed, 02 Dec 2026 11:36:18 GMT\r\n\r\n";

    #[test]
    fn hypers_bodiless_answers_get_the_onezone_body() {
        for (raw, status, id) in [
            (HYPER_414.to_owned(), 414, "badValueTextTooLarge"),
            (HYPER_414.replace("414 URI Too Long", "400 Bad Request"), 400, "badMessage"),
            (HYPER_414.replace("414 URI Too Long", "431 Request Header Fields Too Large"), 431, "badValueTextTooLarge"),
        ] {
            let (at, answer) = replace_parse_error_answer(raw.as_bytes()).expect(&raw);
            assert_eq!(at, 0);
            let answer = String::from_utf8(answer).unwrap();
            let (head, body) = answer.split_once("\r\n\r\n").unwrap();
            assert!(head.starts_with(&format!("HTTP/1.1 {status} ")), "{head}");
            assert!(head.contains("\r\ncontent-type: application/json\r\n"), "{head}");
            assert!(head.contains(&format!("\r\ncontent-length: {}\r\n", body.len())), "{head}");
            assert!(head.ends_with("\r\ndate: Wed, 02 Dec 2026 11:36:18 GMT"), "{head}");
            let body: serde_json::Value = serde_json::from_str(body).unwrap();
            assert_eq!(body["error"]["id"], id);
        }
    }

    #[test]
    fn an_answer_after_others_in_one_write_is_found_and_the_others_kept() {
        let earlier = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 13\r\n\r\n{\"groups\":[]}";
        let (at, _) = replace_parse_error_answer(format!("{earlier}{HYPER_414}").as_bytes()).unwrap();
        assert_eq!(at, earlier.len());
    }

    #[test]
    fn the_routers_own_answers_pass_through() {
        for raw in [
            // A router error: it has a content type and a body.
            "HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}".to_owned(),
            // Bodiless, but not one of hyper's parse-error answers.
            "HTTP/1.1 204 No Content\r\ndate: x\r\n\r\n".to_owned(),
            HYPER_414.replace("414 URI Too Long", "404 Not Found"),
            HYPER_414.replace("connection: close\r\n", ""),
            HYPER_414.replace("\r\n\r\n", "\r\nx-other: 1\r\n\r\n"),
            format!("{HYPER_414}{{"),
        ] {
            assert!(replace_parse_error_answer(raw.as_bytes()).is_none(), "{raw}");
        }
    }
}
