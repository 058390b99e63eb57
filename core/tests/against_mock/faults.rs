//! Every fault the mock can produce, over every wire, and the error kind
//! the client turns it into; the journal shows how many requests it took.

use std::time::Duration;

use ffiec_core::{
    Client, DataSeries, ErrorKind, FacsimileFormat, FiId, FiIdType, ReportingPeriod, Result,
};
use ffiec_mock::{FaultKind, FaultRule, FaultTarget, MockClock, MockConfig, MockServer, Operation};
use jiff::Timestamp;

use crate::harness::{
    FAST_RETRIES, Wire, alice, bob, client, client_with, on_every_wire, only_entry, start,
    start_with,
};
use crate::journal_checks::entries_once_recorded;
use crate::lists::newest;

on_every_wire!(
    a_wrong_token_is_an_authentication_error,
    an_unknown_user_is_an_authentication_error,
    a_spent_quota_is_a_quota_error_with_the_mocks_wait,
    a_missing_facsimile_is_not_found,
    one_server_error_is_retried_and_then_succeeds,
    persistent_server_errors_use_up_the_retry_budget,
    a_reset_connection_is_a_transport_error,
    a_stall_past_the_timeout_is_a_timeout,
    a_truncated_body_is_malformed,
    a_malformed_body_is_malformed,
    a_period_that_is_not_a_quarter_end_is_refused_before_sending,
);

/// The operation the fault tests call: the same on every wire.
const PERIODS: Operation = Operation::RetrieveReportingPeriods;

async fn call_periods(client: &Client) -> Result<Vec<ReportingPeriod>> {
    client.reporting_periods(DataSeries::Call).await
}

/// A mock whose every `RetrieveReportingPeriods` call meets `kind`.
async fn start_faulty(kind: FaultKind) -> MockServer {
    start_with(MockConfig::default().fault(FaultRule::persistent(FaultTarget::Only(PERIODS), kind)))
        .await
}

async fn a_wrong_token_is_an_authentication_error(wire: Wire) {
    let mock = start().await;
    // Alice's name with Bob's token: well-formed, known, but not hers.
    let wrong = wire.credentials_with_token(&alice(), bob().token());
    let client = client_with(&mock, wire, |builder| builder.retry(FAST_RETRIES));
    client
        .set_credentials(wrong)
        .expect("credentials of the wire's kind");

    let error = call_periods(&client).await.unwrap_err();

    assert!(error.is_auth(), "{error}");
    assert!(!error.to_string().contains(bob().token()), "{error}");
    let entry = only_entry(&mock);
    assert_eq!(entry.user.as_deref(), Some("alice"));
    assert_eq!(entry.authenticated, Some(false));
    // A digest only proves a token the mock knows; a failed one names none.
    let fingerprint = match wire {
        Wire::Soap12Digest => None,
        Wire::Soap11 | Wire::Rest => Some(mock.fingerprint(bob().token())),
    };
    assert_eq!(entry.token_fingerprint, fingerprint);
}

async fn an_unknown_user_is_an_authentication_error(wire: Wire) {
    let mock = start().await;
    let mallory = ffiec_mock::MockUser::with_jwt("mallory", 1_700_000_000, 4_000_000_000);
    let client = client_with(&mock, wire, |builder| builder.retry(FAST_RETRIES));
    client
        .set_credentials(wire.credentials(&mallory))
        .expect("credentials of the wire's kind");

    let error = call_periods(&client).await.unwrap_err();

    assert!(error.is_auth(), "{error}");
    let entry = only_entry(&mock);
    assert_eq!(entry.user.as_deref(), Some("mallory"));
    assert_eq!(entry.authenticated, Some(false));
}

/// Seconds from `now` to the next top of the hour: the wait the mock
/// reports, since its quota windows are hours aligned to the epoch.
fn seconds_to_top_of_hour(now: Timestamp) -> u64 {
    let into_hour = now.as_second().rem_euclid(3_600);
    u64::try_from(3_600 - into_hour).expect("positive")
}

async fn a_spent_quota_is_a_quota_error_with_the_mocks_wait(wire: Wire) {
    let clock = MockClock::frozen("2026-07-01T12:00:48Z".parse().expect("a timestamp"));
    let mock = start_with(
        MockConfig::default()
            .quota(2, Duration::from_secs(3_600))
            .clock(clock.clone()),
    )
    .await;
    let client = client_with(&mock, wire, |builder| builder.retry(FAST_RETRIES));
    call_periods(&client).await.expect("first call of the hour");
    call_periods(&client)
        .await
        .expect("second call of the hour");

    let error = call_periods(&client).await.unwrap_err();

    assert!(error.is_quota(), "{error}");
    let wait = seconds_to_top_of_hour(clock.now());
    assert_eq!(wait, 3_552);
    assert_eq!(error.quota_wait(), Some(Duration::from_secs(wait)));
    // A quota error is not retried: a retry would only spend more quota.
    let entries = mock.journal().entries();
    assert_eq!(entries.len(), 3, "{entries:#?}");
    assert!(entries[2].fault_code.is_some(), "{:#?}", entries[2]);
    assert_eq!(mock.quota_used("alice"), 2);

    clock.advance(Duration::from_secs(wait));
    call_periods(&client)
        .await
        .expect("a new hour, a new quota");
}

async fn a_missing_facsimile_is_not_found(wire: Wire) {
    let mock = start().await;
    let client = client_with(&mock, wire, |builder| builder.retry(FAST_RETRIES));
    // RSSD 1 is in no panel, so no report of it exists.
    let nobody = FiId::new(1).expect("a valid id");

    let call = client
        .facsimile(
            DataSeries::Call,
            newest(&mock),
            FiIdType::IdRssd,
            nobody,
            FacsimileFormat::Xbrl,
        )
        .await
        .unwrap_err();
    let ubpr = client
        .ubpr_xbrl_facsimile(newest(&mock), FiIdType::IdRssd, nobody)
        .await
        .unwrap_err();

    assert!(call.is_not_found(), "{call}");
    assert!(ubpr.is_not_found(), "{ubpr}");
    let entries = mock.journal().entries();
    let operations: Vec<_> = entries.iter().map(|entry| entry.operation).collect();
    assert_eq!(
        operations,
        [
            Some(Operation::RetrieveFacsimile),
            Some(Operation::RetrieveUBPRXBRLFacsimile)
        ],
        "one request each, not retried"
    );
}

async fn one_server_error_is_retried_and_then_succeeds(wire: Wire) {
    let mock = start_with(MockConfig::default().fault(FaultRule::times(
        FaultTarget::Only(PERIODS),
        FaultKind::Status(503),
        1,
    )))
    .await;
    let client = client_with(&mock, wire, |builder| builder.retry(FAST_RETRIES));

    let periods = call_periods(&client).await.expect("the retry succeeds");

    assert_eq!(periods.len(), mock.data().call_periods().len());
    let entries = mock.journal().entries();
    let statuses: Vec<_> = entries.iter().map(|entry| entry.http_status).collect();
    assert_eq!(statuses, [Some(503), Some(200)]);
    assert_eq!(entries[0].injected, Some(FaultKind::Status(503)));
    assert_eq!(entries[1].injected, None);
    assert_eq!(entries[1].authenticated, Some(true));
}

async fn persistent_server_errors_use_up_the_retry_budget(wire: Wire) {
    let mock = start_faulty(FaultKind::Status(500)).await;
    let client = client_with(&mock, wire, |builder| builder.retry(FAST_RETRIES));

    let error = call_periods(&client).await.unwrap_err();

    assert!(error.is_server(), "{error}");
    assert!(
        matches!(
            error.kind(),
            ErrorKind::Server {
                status: Some(500),
                ..
            }
        ),
        "{error}"
    );
    let entries = mock.journal().entries();
    let expected = 1 + FAST_RETRIES.max_retries as usize;
    assert_eq!(
        entries.len(),
        expected,
        "the first try and each retry: {entries:#?}"
    );
    assert!(entries.iter().all(|entry| entry.http_status == Some(500)));
}

async fn a_reset_connection_is_a_transport_error(wire: Wire) {
    let mock = start_faulty(FaultKind::Reset).await;
    let client = client(&mock, wire);

    let error = call_periods(&client).await.unwrap_err();

    assert!(error.is_transport(), "{error}");
    let entry = only_entry(&mock);
    assert_eq!(entry.http_status, None, "closed without an answer");
    assert_eq!(entry.injected, Some(FaultKind::Reset));
}

async fn a_stall_past_the_timeout_is_a_timeout(wire: Wire) {
    // The mock lets go of the stalled request after two seconds at most,
    // so the server side ends by itself whatever the client does.
    let stall = FaultKind::Stall {
        max: Some(Duration::from_secs(2)),
    };
    let mock = start_faulty(stall).await;
    let short = Duration::from_millis(300);
    let client = client_with(&mock, wire, |builder| {
        builder.connect_timeout(short).timeout(short)
    });

    let error = call_periods(&client).await.unwrap_err();

    assert!(error.is_timeout(), "{error}");
    let entries = entries_once_recorded(&mock, 1).await;
    assert_eq!(entries.len(), 1, "not retried: the policy allows none");
    assert_eq!(entries[0].injected, Some(stall));
}

async fn a_truncated_body_is_malformed(wire: Wire) {
    let mock = start_faulty(FaultKind::Truncate).await;
    let client = client(&mock, wire);

    let error = call_periods(&client).await.unwrap_err();

    assert!(error.is_malformed(), "{error}");
    assert_eq!(only_entry(&mock).injected, Some(FaultKind::Truncate));
}

async fn a_malformed_body_is_malformed(wire: Wire) {
    let mock = start_faulty(FaultKind::Malformed).await;
    let client = client_with(&mock, wire, |builder| builder.retry(FAST_RETRIES));

    let error = call_periods(&client).await.unwrap_err();

    assert!(error.is_malformed(), "{error}");
    // Not transient: the same request would get the same answer.
    let entry = only_entry(&mock);
    assert_eq!(entry.injected, Some(FaultKind::Malformed));
    assert_eq!(entry.http_status, Some(200));
}

async fn a_period_that_is_not_a_quarter_end_is_refused_before_sending(wire: Wire) {
    let mock = start().await;
    let client = client(&mock, wire);

    for text in ["2026-05-15", "5/15/2026", "20260515"] {
        let attempt = async {
            let period: ReportingPeriod = text.parse()?;
            client.panel_of_reporters(DataSeries::Call, period).await
        };
        let error = attempt.await.unwrap_err();

        assert!(error.is_validation(), "{text}: {error}");
        assert!(
            error.to_string().contains("not a quarter end"),
            "{text}: {error}"
        );
        assert!(error.to_string().contains(text), "names the input: {error}");
    }
    assert!(mock.journal().is_empty(), "{:#?}", mock.journal().entries());
}
