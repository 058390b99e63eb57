//! The admin paths: the journal and the fault rules over HTTP.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::StatusCode;

use crate::faults::FaultRule;
use crate::journal::JournalEntry;
use crate::state::SharedState;

/// `GET /__journal`: every entry, as a JSON array.
pub(crate) async fn journal(State(shared): State<SharedState>) -> Json<Vec<JournalEntry>> {
    Json(shared.journal.entries())
}

/// `DELETE /__journal`: clears it.
pub(crate) async fn clear_journal(State(shared): State<SharedState>) -> StatusCode {
    shared.journal.clear();
    StatusCode::NO_CONTENT
}

/// `GET /__faults`: the rules in force.
pub(crate) async fn faults(State(shared): State<SharedState>) -> Json<Vec<FaultRule>> {
    Json(shared.faults.rules())
}

/// `POST /__faults`: one rule per line, `OP=KIND[:ARG][#COUNT]`. All lines
/// are checked before any is added.
pub(crate) async fn add_faults(State(shared): State<SharedState>, body: String) -> Response {
    let parsed: Result<Vec<FaultRule>, _> = body
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::parse)
        .collect();
    match parsed {
        Ok(rules) => {
            let added = rules.len();
            rules
                .into_iter()
                .for_each(|rule| shared.faults.inject(rule));
            (StatusCode::OK, format!("added {added} fault rule(s)\n")).into_response()
        }
        Err(error) => (StatusCode::BAD_REQUEST, format!("{error}\n")).into_response(),
    }
}

/// `DELETE /__faults`: removes every rule.
pub(crate) async fn clear_faults(State(shared): State<SharedState>) -> StatusCode {
    shared.faults.clear();
    StatusCode::NO_CONTENT
}
