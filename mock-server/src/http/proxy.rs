//! Recording forward proxies: each on its own port, with its own
//! credentials, forwarding to the mock in-process and tagging the journal.

use super::raw_status::StatusRewriting;
use axum::Router;
use axum::body::Body;
use axum::response::Response;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use http::header::{HeaderValue, PROXY_AUTHENTICATE, PROXY_AUTHORIZATION};
use http::{Method, Request, StatusCode};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tokio::sync::watch;
use tower::ServiceExt as _;

use super::response::{ResetConnection, reply};
use crate::config::ProxyConfig;
use crate::fingerprint::fingerprint;
use crate::journal::ProxyTag;

/// Hop-by-hop headers a proxy must not pass on.
const HOP_BY_HOP: [&str; 6] = [
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "upgrade",
];

/// Serves one client connection of the proxy `proxy`.
pub(crate) async fn serve_connection(
    stream: TcpStream,
    proxy: ProxyConfig,
    router: Router,
    stopping: watch::Receiver<bool>,
) {
    let service = hyper::service::service_fn(move |request: Request<Incoming>| {
        let router = router.clone();
        let proxy = proxy.clone();
        async move { forward(&proxy, router, request).await }
    });

    let connection =
        http1::Builder::new().serve_connection(TokioIo::new(StatusRewriting::new(stream)), service);
    tokio::pin!(connection);
    tokio::select! {
        _ = connection.as_mut() => {}
        () = super::serve::stopped(stopping) => {
            connection.as_mut().graceful_shutdown();
            let _ = connection.await;
        }
    }
}

/// Checks the proxy credentials and the request form, then hands the
/// request to the mock with the proxy's tag as an extension: a client
/// cannot forge an extension, only headers.
async fn forward(
    proxy: &ProxyConfig,
    router: Router,
    mut request: Request<Incoming>,
) -> Result<Response, ResetConnection> {
    if request.method() == Method::CONNECT {
        return Ok(reply(
            StatusCode::METHOD_NOT_ALLOWED,
            "text/plain",
            "the recording proxy does not tunnel (CONNECT)",
            false,
        ));
    }
    if !credentials_match(proxy, request.headers().get(PROXY_AUTHORIZATION)) {
        let mut response = reply(
            StatusCode::PROXY_AUTHENTICATION_REQUIRED,
            "text/plain",
            "proxy authentication required",
            false,
        );
        let challenge = format!("Basic realm=\"ffiec-mock proxy {}\"", proxy.name);
        if let Ok(value) = HeaderValue::from_str(&challenge) {
            response.headers_mut().insert(PROXY_AUTHENTICATE, value);
        }
        return Ok(response);
    }
    if request.uri().scheme().is_none() || request.uri().authority().is_none() {
        return Ok(reply(
            StatusCode::BAD_REQUEST,
            "text/plain",
            "a proxy request needs an absolute URI",
            false,
        ));
    }

    let headers = request.headers_mut();
    headers.remove(PROXY_AUTHORIZATION);
    for name in HOP_BY_HOP {
        headers.remove(name);
    }
    request.extensions_mut().insert(ProxyTag {
        name: proxy.name.clone(),
        user: proxy.user.clone(),
        password_fingerprint: fingerprint(&proxy.password),
    });

    let response = match router.oneshot(request.map(Body::new)).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    if response.extensions().get::<ResetConnection>().is_some() {
        return Err(ResetConnection);
    }
    Ok(response)
}

/// Whether `Proxy-Authorization: Basic base64(user:password)` names this
/// proxy's user and password. The user ends at the first colon; the
/// password is everything after it.
fn credentials_match(proxy: &ProxyConfig, header: Option<&HeaderValue>) -> bool {
    let Some(encoded) = header
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Basic "))
    else {
        return false;
    };
    let Ok(decoded) = STANDARD.decode(encoded.trim()) else {
        return false;
    };
    let Ok(decoded) = String::from_utf8(decoded) else {
        return false;
    };
    decoded
        .split_once(':')
        .is_some_and(|(user, password)| user == proxy.user && password == proxy.password)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials_keep_reserved_characters_in_the_password() {
        let proxy = ProxyConfig::new("corp", "bob", "p@ss:w/rd");
        let header = |text: &str| {
            HeaderValue::from_str(&format!("Basic {}", STANDARD.encode(text))).unwrap()
        };
        assert!(credentials_match(&proxy, Some(&header("bob:p@ss:w/rd"))));
        assert!(!credentials_match(&proxy, Some(&header("bob:p@ss"))));
        assert!(!credentials_match(&proxy, Some(&header("eve:p@ss:w/rd"))));
        assert!(!credentials_match(&proxy, None));
    }
}
