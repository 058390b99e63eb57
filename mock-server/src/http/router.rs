//! Which handler answers which request.

use axum::Router;
use axum::extract::{Request, State};
use axum::middleware;
use axum::response::Response;
use axum::routing::get;
use http::header::HOST;
use http::{Method, StatusCode};

use super::admin;
use super::recording::record;
use super::response::reply;
use crate::journal::{Protocol, Recorder};
use crate::state::SharedState;
use crate::wsdl::{SOAP_PATH, asks_for_wsdl, rewritten};
use crate::{rest, soap};

/// The largest request body read (SOAP requests are small).
const MAX_BODY: usize = 1 << 20;

/// The REST base path.
pub const REST_PREFIX: &str = "/public/";

/// The whole service: admin paths, then everything else by path, every
/// request journaled.
pub(crate) fn router(shared: SharedState) -> Router {
    Router::new()
        .route(
            "/__journal",
            get(admin::journal).delete(admin::clear_journal),
        )
        .route(
            "/__faults",
            get(admin::faults)
                .post(admin::add_faults)
                .delete(admin::clear_faults),
        )
        .fallback(dispatch)
        .layer(middleware::from_fn_with_state(shared.clone(), record))
        .with_state(shared)
}

/// Routes by path; the SOAP path is matched without regard to case, as IIS
/// does.
async fn dispatch(State(shared): State<SharedState>, request: Request) -> Response {
    let recorder = request.extensions().get::<Recorder>().cloned();
    let Some(recorder) = recorder else {
        return reply(
            StatusCode::INTERNAL_SERVER_ERROR,
            "text/plain",
            "no journal recorder",
            false,
        );
    };
    let path = request.uri().path().to_owned();

    if path.eq_ignore_ascii_case(SOAP_PATH) {
        return soap_endpoint(&shared, &recorder, request).await;
    }
    if let Some(method) = path.strip_prefix(REST_PREFIX) {
        if request.method() != Method::GET {
            return reply(
                StatusCode::METHOD_NOT_ALLOWED,
                "text/plain",
                "REST methods are GET only",
                false,
            );
        }
        let (parts, _) = request.into_parts();
        return rest::handle(&shared, &recorder, method, &parts.uri, &parts.headers).await;
    }
    reply(
        StatusCode::NOT_FOUND,
        "text/plain; charset=utf-8",
        format!("no resource at {path}"),
        false,
    )
}

async fn soap_endpoint(shared: &SharedState, recorder: &Recorder, request: Request) -> Response {
    match *request.method() {
        Method::POST => {
            let (parts, body) = request.into_parts();
            match axum::body::to_bytes(body, MAX_BODY).await {
                Ok(body) => soap::handle(shared, recorder, &parts.headers, &body).await,
                Err(error) if is_over_limit(&error) => reply(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "text/plain",
                    "request body too large",
                    false,
                ),
                // A broken chunk or a connection cut short: not a size problem.
                Err(_) => reply(
                    StatusCode::BAD_REQUEST,
                    "text/plain",
                    "the request body cannot be read",
                    false,
                ),
            }
        }
        Method::GET if asks_for_wsdl(request.uri().query()) => {
            recorder.update(|entry| entry.protocol = Protocol::Wsdl);
            // The Host header goes into an XML attribute: only a plain host[:port] may.
            let host = request
                .headers()
                .get(HOST)
                .and_then(|host| host.to_str().ok())
                .filter(|host| is_plain_authority(host))
                .unwrap_or("127.0.0.1");
            let wsdl = rewritten(&format!("http://{host}"));
            reply(StatusCode::OK, "text/xml; charset=utf-8", wsdl, false)
        }
        Method::GET => reply(
            StatusCode::OK,
            "text/html; charset=utf-8",
            "<html><body><h1>RetrievalService</h1><p>Add ?WSDL for the service description.</p></body></html>",
            false,
        ),
        _ => reply(
            StatusCode::METHOD_NOT_ALLOWED,
            "text/plain",
            "use POST for SOAP, GET ?WSDL for the WSDL",
            false,
        ),
    }
}

/// Whether `to_bytes` failed because the body passed its limit.
fn is_over_limit(error: &axum::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = cause {
        if current.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        cause = current.source();
    }
    false
}

/// A host name or address with an optional port: letters, digits and `.-_:[]`.
fn is_plain_authority(host: &str) -> bool {
    !host.is_empty()
        && host
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b".-_:[]".contains(&byte))
}
