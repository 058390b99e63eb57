//! Sending a 204 that carries a body, as the live REST service has done.
//!
//! HTTP/1.1 forbids a body on 204, so hyper drops it. The handler instead
//! answers 200 with a marker header and `Connection: close`, and this
//! wrapper around the socket rewrites that response's status line to
//! `204 No Content` on its way out, body and all. Closing the connection
//! keeps a client that (rightly) ignores the body from reading it as the
//! start of the next response.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// The marker header; the wrapper removes it from the head it rewrites.
pub(crate) const FORCE_204_HEADER: &str = "x-mock-force-204";

const OK_STATUS_LINE: &[u8] = b"HTTP/1.1 200 OK\r\n";
const NO_CONTENT_STATUS_LINE: &[u8] = b"HTTP/1.1 204 No Content\r\n";

/// A connection whose marked responses go out as 204 with their body.
#[derive(Debug)]
pub(crate) struct StatusRewriting<Io> {
    inner: Io,
    /// Rewritten bytes already accepted from hyper, not yet on the socket.
    pending: Vec<u8>,
    written: usize,
}

impl<Io> StatusRewriting<Io> {
    pub(crate) fn new(inner: Io) -> Self {
        Self {
            inner,
            pending: Vec::new(),
            written: 0,
        }
    }
}

impl<Io: AsyncWrite + Unpin> StatusRewriting<Io> {
    /// Writes out whatever rewritten bytes are pending.
    fn drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.written < self.pending.len() {
            let written =
                ready!(Pin::new(&mut self.inner).poll_write(cx, &self.pending[self.written..]))?;
            if written == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.written += written;
        }
        self.pending.clear();
        self.written = 0;
        Poll::Ready(Ok(()))
    }
}

impl<Io: AsyncRead + Unpin> AsyncRead for StatusRewriting<Io> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<Io: AsyncWrite + Unpin> AsyncWrite for StatusRewriting<Io> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        ready!(self.drain(cx))?;
        match rewrite_head(buf) {
            Some(rewritten) => {
                self.pending = rewritten;
                // The bytes are ours now; a pending socket is drained on flush.
                if let Poll::Ready(Err(error)) = self.drain(cx) {
                    return Poll::Ready(Err(error));
                }
                Poll::Ready(Ok(buf.len()))
            }
            None => Pin::new(&mut self.inner).poll_write(cx, buf),
        }
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.drain(cx))?;
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.drain(cx))?;
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    /// Not vectored, so hyper writes each response head in one piece.
    fn is_write_vectored(&self) -> bool {
        false
    }
}

/// The bytes with a marked 200 head turned into a 204 head, or `None` if
/// `bytes` does not start with a marked head.
fn rewrite_head(bytes: &[u8]) -> Option<Vec<u8>> {
    let rest = bytes.strip_prefix(OK_STATUS_LINE)?;
    let head_end = rest.windows(4).position(|window| window == b"\r\n\r\n")? + 2;
    let (headers, after) = rest.split_at(head_end);

    let marker = format!("{FORCE_204_HEADER}:");
    let mut kept = Vec::with_capacity(bytes.len());
    let mut marked = false;
    for line in headers.split_inclusive(|byte| *byte == b'\n') {
        if line.to_ascii_lowercase().starts_with(marker.as_bytes()) {
            marked = true;
        } else {
            kept.extend_from_slice(line);
        }
    }
    if !marked {
        return None;
    }

    let mut rewritten = NO_CONTENT_STATUS_LINE.to_vec();
    rewritten.extend_from_slice(&kept);
    rewritten.extend_from_slice(after);
    Some(rewritten)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_only_marked_heads_and_keeps_the_body() {
        let marked = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-mock-force-204: 1\r\ncontent-length: 2\r\n\r\n{}";
        let rewritten = rewrite_head(marked).unwrap();
        assert_eq!(
            String::from_utf8(rewritten).unwrap(),
            "HTTP/1.1 204 No Content\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}"
        );

        assert_eq!(
            rewrite_head(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}"),
            None
        );
        assert_eq!(
            rewrite_head(b"HTTP/1.1 404 Not Found\r\nx-mock-force-204: 1\r\n\r\n"),
            None
        );
        assert_eq!(
            rewrite_head(b"{\"x-mock-force-204: 1\"}"),
            None,
            "body bytes are never touched"
        );
    }
}
