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
use crate::http::recording::{REQUEST_ID_HEADER, record_proxy_refusal};
use crate::journal::ProxyTag;
use crate::state::{Shared, SharedState};

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
    shared: SharedState,
    stopping: watch::Receiver<bool>,
) {
    let service = hyper::service::service_fn(move |request: Request<Incoming>| {
        let router = router.clone();
        let proxy = proxy.clone();
        let shared = shared.clone();
        async move { forward(&proxy, router, &shared, request).await }
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
/// cannot forge an extension, only headers. A credentials refusal (407) is
/// journaled here, since the request never reaches the mock's router.
async fn forward(
    proxy: &ProxyConfig,
    router: Router,
    shared: &Shared,
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
    let presented = presented_credentials(request.headers().get(PROXY_AUTHORIZATION));
    if !credentials_match(proxy, presented.as_ref()) {
        let (user, password) = presented.unwrap_or_default();
        let tag = ProxyTag {
            name: proxy.name.clone(),
            user,
            password_fingerprint: if password.is_empty() {
                String::new()
            } else {
                shared.fingerprint_key.fingerprint(&password)
            },
        };
        let request_id = record_proxy_refusal(shared, request.method(), request.uri().path(), tag);
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
        if let Ok(value) = HeaderValue::from_str(&request_id) {
            response.headers_mut().insert(REQUEST_ID_HEADER, value);
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
        password_fingerprint: shared.fingerprint_key.fingerprint(&proxy.password),
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

/// The user and password of `Proxy-Authorization: Basic base64(user:password)`,
/// if the header is there and readable. The user ends at the first colon;
/// the password is everything after it.
fn presented_credentials(header: Option<&HeaderValue>) -> Option<(String, String)> {
    let encoded = header?.to_str().ok()?.strip_prefix("Basic ")?;
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (user, password) = decoded.split_once(':')?;
    Some((user.to_owned(), password.to_owned()))
}

/// Whether the presented credentials are this proxy's user and password.
fn credentials_match(proxy: &ProxyConfig, presented: Option<&(String, String)>) -> bool {
    presented.is_some_and(|(user, password)| *user == proxy.user && *password == proxy.password)
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
        let matches = |text: &str| {
            credentials_match(&proxy, presented_credentials(Some(&header(text))).as_ref())
        };
        assert!(matches("bob:p@ss:w/rd"));
        assert!(!matches("bob:p@ss"));
        assert!(!matches("eve:p@ss:w/rd"));
        assert!(!matches("bob"), "no colon, no password");
        assert!(!credentials_match(&proxy, None));
        assert_eq!(
            presented_credentials(Some(&header("eve:x:y"))),
            Some(("eve".to_owned(), "x:y".to_owned()))
        );
        assert_eq!(
            presented_credentials(Some(&HeaderValue::from_static("Bearer x"))),
            None
        );
    }
}
