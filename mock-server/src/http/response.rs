//! Building responses, including the deliberately broken ones.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::response::Response;
use bytes::Bytes;
use http::header::CONTENT_TYPE;
use http::{HeaderValue, StatusCode};
use http_body::{Frame, SizeHint};
use tokio::time::Sleep;

/// Marks a response that must not be sent: the connection is closed
/// instead. The connection layer turns it into a service error, which makes
/// hyper drop the connection without writing anything.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ResetConnection;

impl fmt::Display for ResetConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection reset by an injected fault")
    }
}

impl std::error::Error for ResetConnection {}

/// The fault code a handler sent, for the journal.
#[derive(Debug, Clone)]
pub(crate) struct FaultCodeTag(pub(crate) String);

/// A response that closes the connection without answering.
pub(crate) fn reset() -> Response {
    let mut response = Response::new(Body::empty());
    response.extensions_mut().insert(ResetConnection);
    response
}

/// A complete response; with `truncate`, only the first half of the body
/// is sent after a `Content-Length` announcing all of it.
pub(crate) fn reply(
    status: StatusCode,
    content_type: &'static str,
    body: impl Into<Bytes>,
    truncate: bool,
) -> Response {
    let body: Bytes = body.into();
    let body = if truncate {
        Body::new(TruncatedBody::new(body))
    } else {
        Body::from(body)
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// Tags a response with the fault code for the journal.
pub(crate) fn with_fault_code(mut response: Response, code: impl Into<String>) -> Response {
    response.extensions_mut().insert(FaultCodeTag(code.into()));
    response
}

/// How long a truncated body waits after its first half, so hyper flushes
/// the head and that half to the socket before the body fails.
const FLUSH_PAUSE: Duration = Duration::from_millis(50);

/// A body that announces its full length, sends half, pauses, then fails,
/// so hyper closes the connection mid-body.
#[derive(Debug)]
struct TruncatedBody {
    full_length: u64,
    first_half: Option<Bytes>,
    pause: Option<Pin<Box<Sleep>>>,
}

impl TruncatedBody {
    fn new(body: Bytes) -> Self {
        let full_length = body.len() as u64;
        let first_half = body.slice(..body.len() / 2);
        Self {
            full_length,
            first_half: Some(first_half),
            pause: None,
        }
    }
}

impl http_body::Body for TruncatedBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if let Some(half) = self.first_half.take() {
            return Poll::Ready(Some(Ok(Frame::data(half))));
        }

        let pause = self
            .pause
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(FLUSH_PAUSE)));
        match pause.as_mut().poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(()) => Poll::Ready(Some(Err(std::io::Error::other(
                "body truncated by an injected fault",
            )))),
        }
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.full_length)
    }
}
