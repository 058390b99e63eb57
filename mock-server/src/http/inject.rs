//! Applying the fault rules to a request.

use std::time::Duration;

use axum::response::Response;
use http::StatusCode;

use super::response::{reply, reset};
use crate::faults::FaultKind;
use crate::journal::Recorder;
use crate::operation::Operation;
use crate::state::Shared;

/// What the handler does after the fault rules were consulted.
#[derive(Debug)]
pub(crate) enum Injected {
    /// Go on; `truncate` cuts the body, `quota` answers as if the quota
    /// were spent.
    Proceed { truncate: bool, quota: bool },
    /// Send this instead of an answer.
    Respond(Response),
}

/// Which protocol's broken body a `malformed` fault sends.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Dialect {
    Xml,
    Json,
}

/// Looks up the fault for `operation`, records it, and applies the parts
/// that happen before the answer (delays, stalls, resets, substitutes).
pub(crate) async fn inject(
    shared: &Shared,
    operation: Operation,
    recorder: &Recorder,
    dialect: Dialect,
) -> Injected {
    let Some(kind) = shared.faults.take(operation) else {
        return Injected::Proceed {
            truncate: false,
            quota: false,
        };
    };
    recorder.update(|entry| entry.injected = Some(kind));

    match kind {
        FaultKind::Latency { base, jitter } => {
            let extra = fastrand::u64(0..=u64::try_from(jitter.as_millis()).unwrap_or(u64::MAX));
            tokio::time::sleep(base + Duration::from_millis(extra)).await;
            Injected::Proceed {
                truncate: false,
                quota: false,
            }
        }
        FaultKind::Stall { max } => {
            stall(shared, max.unwrap_or(shared.max_stall)).await;
            Injected::Respond(reset())
        }
        FaultKind::Reset => Injected::Respond(reset()),
        FaultKind::Truncate => Injected::Proceed {
            truncate: true,
            quota: false,
        },
        FaultKind::Quota => Injected::Proceed {
            truncate: false,
            quota: true,
        },
        FaultKind::Malformed => Injected::Respond(match dialect {
            Dialect::Xml => reply(
                StatusCode::OK,
                "text/xml; charset=utf-8",
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><Broken",
                false,
            ),
            Dialect::Json => reply(
                StatusCode::OK,
                "application/json; charset=utf-8",
                "{\"StatusCode\": 200, \"Mess",
                false,
            ),
        }),
        FaultKind::Status(code) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let page = format!(
                "<html><head><title>{status}</title></head><body><h1>{status}</h1><p>Injected by ffiec-mock.</p></body></html>"
            );
            Injected::Respond(reply(status, "text/html; charset=utf-8", page, false))
        }
    }
}

/// Waits until `max` has passed or the server is stopping.
async fn stall(shared: &Shared, max: Duration) {
    tokio::select! {
        () = tokio::time::sleep(max) => {}
        () = super::serve::stopped(shared.stopping.clone()) => {}
    }
}
