//! Accepting connections and serving them with hyper, with a bounded stop.

use std::future::Future;
use std::time::Duration;

use super::raw_status::StatusRewriting;
use axum::Router;
use axum::body::Body;
use axum::response::Response;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tower::ServiceExt as _;

use super::response::ResetConnection;

/// How long open connections get to finish once the server stops; after
/// that they are cut, so a stop never waits on a client.
const DRAIN_TIME: Duration = Duration::from_secs(2);

/// Accepts connections until `stopping` turns true, serving each with
/// `serve_one`, then lets them drain for a bounded time.
pub(crate) async fn accept_loop<F, Fut>(
    listener: TcpListener,
    stopping: watch::Receiver<bool>,
    serve_one: F,
) where
    F: Fn(TcpStream, watch::Receiver<bool>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let mut connections = JoinSet::new();
    let stop = stopped(stopping.clone());
    tokio::pin!(stop);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                if let Ok((stream, _)) = accepted {
                    connections.spawn(serve_one(stream, stopping.clone()));
                }
            }
            () = &mut stop => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }

    drop(listener);
    let drained = tokio::time::timeout(DRAIN_TIME, async {
        while connections.join_next().await.is_some() {}
    });
    if drained.await.is_err() {
        connections.abort_all();
    }
}

/// Serves one HTTP/1.1 connection with `router`. A response marked
/// [`ResetConnection`] becomes a service error, so hyper closes the
/// connection without writing it. On stop, the connection finishes its
/// current request and closes.
pub(crate) async fn serve_connection(
    stream: TcpStream,
    router: Router,
    stopping: watch::Receiver<bool>,
) {
    let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
        let router = router.clone();
        async move {
            let response: Response = match router.oneshot(request.map(Body::new)).await {
                Ok(response) => response,
                Err(never) => match never {},
            };
            if response.extensions().get::<ResetConnection>().is_some() {
                return Err(ResetConnection);
            }
            Ok::<_, ResetConnection>(response)
        }
    });

    let connection =
        http1::Builder::new().serve_connection(TokioIo::new(StatusRewriting::new(stream)), service);
    tokio::pin!(connection);
    tokio::select! {
        _ = connection.as_mut() => {}
        () = stopped(stopping) => {
            connection.as_mut().graceful_shutdown();
            let _ = connection.await;
        }
    }
}

/// Resolves once the server is stopping (or its handle is gone).
pub(crate) async fn stopped(mut stopping: watch::Receiver<bool>) {
    let _ = stopping.wait_for(|stopping| *stopping).await;
}
