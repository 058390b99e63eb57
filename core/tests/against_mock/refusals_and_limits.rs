//! Refusals that are not the service judging the request (a gateway's
//! HTML page, an injected quota answer, an expired REST token), the
//! client's own response-size cap, and the raw REST facsimile form.

use std::time::Duration;

use ffiec_core::{DataSeries, FacsimileFormat, FiId, FiIdType};
use ffiec_mock::{
    FaultKind, FaultRule, FaultTarget, MockClock, MockConfig, MockUser, Operation, data::UTF8_BOM,
};

use crate::harness::{
    FAST_RETRIES, Wire, client, client_with, on_every_wire, only_entry, start_with,
};
use crate::journal_checks::entries_once_recorded;
use crate::lists::newest;

on_every_wire!(
    a_gateways_403_page_is_a_firewall_refusal,
    an_injected_quota_answer_carries_the_wait_to_the_top_of_the_hour,
    a_response_over_the_size_cap_is_refused,
);

async fn a_gateways_403_page_is_a_firewall_refusal(wire: Wire) {
    let rule = FaultRule::persistent(FaultTarget::All, FaultKind::Status(403));
    let mock = start_with(MockConfig::default().fault(rule)).await;
    let client = client_with(&mock, wire, |builder| builder.retry(FAST_RETRIES));

    let error = client.ubpr_reporting_periods().await.unwrap_err();

    assert!(error.is_firewall(), "{:?}: {error}", error.kind());
    assert!(
        !error.is_auth(),
        "an HTML page says nothing about the account"
    );
    let entry = only_entry(&mock);
    assert_eq!(entry.http_status, Some(403));
    assert_eq!(entry.injected, Some(FaultKind::Status(403)));
}

async fn an_injected_quota_answer_carries_the_wait_to_the_top_of_the_hour(wire: Wire) {
    // 12:15:00, so the quota refills in 45 minutes.
    let clock = MockClock::frozen("2026-07-01T12:15:00Z".parse().expect("a timestamp"));
    let rule = FaultRule::times(FaultTarget::All, FaultKind::Quota, 1);
    let mock = start_with(MockConfig::default().clock(clock).fault(rule)).await;
    let client = client_with(&mock, wire, |builder| builder.retry(FAST_RETRIES));

    let error = client
        .reporting_periods(DataSeries::Call)
        .await
        .unwrap_err();

    assert!(error.is_quota(), "{error}");
    assert_eq!(error.quota_wait(), Some(Duration::from_secs(45 * 60)));
    assert_eq!(only_entry(&mock).injected, Some(FaultKind::Quota));
}

async fn a_response_over_the_size_cap_is_refused(wire: Wire) {
    let mock = start_with(MockConfig::default()).await;
    // The panel is over a megabyte on every wire; the period list is not.
    let cap = 64 * 1024;
    let client = client_with(&mock, wire, |builder| builder.max_response_bytes(cap));
    client
        .reporting_periods(DataSeries::Call)
        .await
        .expect("a small answer passes");

    let error = client
        .panel_of_reporters(DataSeries::Call, newest(&mock))
        .await
        .unwrap_err();

    assert!(error.is_limit_exceeded(), "{error}");
    assert!(error.to_string().contains(&cap.to_string()), "{error}");
    // The mock records a request once its body is out, which may be just
    // after the client stopped reading.
    let entries = entries_once_recorded(&mock, 2).await;
    assert_eq!(entries.len(), 2, "the refused answer is not asked again");
    assert_eq!(
        entries[1].operation,
        Some(Operation::RetrievePanelOfReporters)
    );
    assert_eq!(
        entries[1].http_status,
        Some(200),
        "the mock sent it in full"
    );
}

#[tokio::test]
async fn rest_an_expired_bearer_token_is_an_authentication_error() {
    // Valid 2026-01-01 to 2026-06-30; the mock's clock reads 2026-07-01.
    let carol = MockUser::with_jwt("carol", 1_767_225_600, 1_782_777_600);
    let clock = MockClock::frozen("2026-07-01T00:00:00Z".parse().expect("a timestamp"));
    let mock = start_with(MockConfig::default().clock(clock).user(carol.clone())).await;
    let client = client(&mock, Wire::Rest);
    // The client sends an expired token when told to: only the service judges it.
    client
        .set_credentials(Wire::Rest.credentials(&carol))
        .expect("an expired token is still well-formed");

    let error = client.ubpr_reporting_periods().await.unwrap_err();

    assert!(error.is_auth(), "{error}");
    let entry = only_entry(&mock);
    assert_eq!(entry.user.as_deref(), Some("carol"));
    assert_eq!(entry.authenticated, Some(false));
}

#[tokio::test]
async fn rest_raw_facsimile_bodies_decode_like_base64_ones() {
    let mock = start_with(MockConfig::default().rest_raw_facsimile(true)).await;
    let client = client(&mock, Wire::Rest);
    let period = newest(&mock);
    let latest = mock.data().latest_period();

    let call = client
        .facsimile(
            DataSeries::Call,
            period,
            FiIdType::IdRssd,
            FiId::new(480_228).expect("a valid id"),
            FacsimileFormat::Xbrl,
        )
        .await
        .expect("the raw Call facsimile");
    let ubpr = client
        .ubpr_xbrl_facsimile(
            period,
            FiIdType::IdRssd,
            FiId::new(451_965).expect("a valid id"),
        )
        .await
        .expect("the raw UBPR facsimile");

    let served_call = mock
        .data()
        .call_facsimile(
            latest,
            ffiec_mock::FiIdType::IdRssd,
            480_228,
            ffiec_mock::FacsimileFormat::Xbrl,
        )
        .expect("served");
    let served_ubpr = mock
        .data()
        .ubpr_facsimile(latest, ffiec_mock::FiIdType::IdRssd, 451_965)
        .expect("served");
    assert!(
        call.bytes.as_ref() == served_call.as_slice(),
        "Call XBRL differs"
    );
    assert!(
        ubpr.bytes.as_ref() == &served_ubpr[UTF8_BOM.len()..],
        "UBPR XBRL differs from the served document without its BOM"
    );
}
