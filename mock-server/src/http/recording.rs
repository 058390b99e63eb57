//! The middleware that journals every request and tags its response.

use std::collections::BTreeMap;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::{HeaderValue, Method, StatusCode};

use super::raw_status::FORCE_204_HEADER;
use super::response::{FaultCodeTag, ResetConnection};
use crate::journal::{CommitOnDrop, JournalEntry, Protocol, ProxyTag, Recorder};
use crate::state::{Shared, SharedState};

/// The response header that carries the journal's request id.
pub const REQUEST_ID_HEADER: &str = "x-mock-request-id";

/// Starts the entry, lets the handlers fill it, then records the status
/// and commits it. The admin paths (`/__…`) are not journaled.
pub(crate) async fn record(
    State(shared): State<SharedState>,
    mut request: Request,
    next: Next,
) -> Response {
    if request.uri().path().starts_with("/__") {
        return next.run(request).await;
    }

    let entry = fresh_entry(
        &shared,
        request.method(),
        request.uri().path(),
        request.extensions().get::<ProxyTag>().cloned(),
    );
    let (seq, request_id) = (entry.seq, entry.request_id.clone());
    let recorder = Recorder::new(entry);
    let _commit = CommitOnDrop {
        recorder: recorder.clone(),
        journal: shared.journal.clone(),
    };
    request.extensions_mut().insert(recorder.clone());

    let mut response = next.run(request).await;

    let reset = response.extensions().get::<ResetConnection>().is_some();
    let fault_code = response
        .extensions()
        .get::<FaultCodeTag>()
        .map(|tag| tag.0.clone());
    // A marked 200 leaves the connection as a 204 (see `raw_status`).
    let forced_204 = response.headers().contains_key(FORCE_204_HEADER);
    let status = if forced_204 {
        204
    } else {
        response.status().as_u16()
    };
    recorder.update(|entry| {
        entry.http_status = (!reset).then_some(status);
        entry.fault_code = fault_code;
    });
    // Only what the journal holds: never a token or a password.
    let entry = recorder.snapshot();
    tracing::debug!(
        seq,
        request_id = %entry.request_id,
        protocol = ?entry.protocol,
        operation = ?entry.operation,
        user = ?entry.user,
        status = ?entry.http_status,
        fault = ?entry.fault_code,
        "request answered"
    );
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    response
}

/// Journals a request that the recording proxy `tag` names refused with 407
/// for its proxy credentials, and returns the entry's request id. The tag
/// carries the credentials presented, as fingerprints.
pub(crate) fn record_proxy_refusal(
    shared: &Shared,
    method: &Method,
    path: &str,
    tag: ProxyTag,
) -> String {
    let mut entry = fresh_entry(shared, method, path, Some(tag));
    entry.proxy_refused = true;
    entry.http_status = Some(StatusCode::PROXY_AUTHENTICATION_REQUIRED.as_u16());
    let request_id = entry.request_id.clone();
    tracing::debug!(
        seq = entry.seq,
        request_id = %request_id,
        proxy = ?entry.proxy.as_ref().map(|tag| &tag.name),
        "request refused by a recording proxy"
    );
    shared.journal.push(entry);
    request_id
}

/// A new entry with the next sequence number and nothing known yet but the
/// request line and the proxy it came through.
fn fresh_entry(
    shared: &Shared,
    method: &Method,
    path: &str,
    proxy: Option<ProxyTag>,
) -> JournalEntry {
    let seq = shared.journal.next_seq();
    JournalEntry {
        seq,
        request_id: format!("mock-{seq:06}"),
        at: shared.clock.now(),
        method: method.to_string(),
        path: path.to_owned(),
        protocol: Protocol::Other,
        operation: None,
        user: None,
        token_fingerprint: None,
        authenticated: None,
        password_type: None,
        proxy,
        proxy_refused: false,
        params: BTreeMap::new(),
        http_status: None,
        fault_code: None,
        injected: None,
    }
}
