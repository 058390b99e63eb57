//! Quota exhaustion and refill, driven by the mock clock.

mod common;

use std::time::Duration;

use common::{Auth, Soap, alice, alice_tests_access, attribute, rest_call, soap_call, start_with};
use ffiec_mock::{MockClock, MockConfig, MockServer, MockUser};

/// 48 s past the hour: the window ends in 3,552 s, which is 00:59:12.
fn clock() -> MockClock {
    MockClock::frozen("2026-07-01T12:00:48Z".parse().unwrap())
}

#[tokio::test]
async fn soap_quota_fault_carries_the_wait_to_the_top_of_the_hour() {
    let clock = clock();
    let mock = start_with(
        MockConfig::default()
            .quota(3, Duration::from_secs(3_600))
            .clock(clock.clone()),
    )
    .await;
    for _ in 0..3 {
        assert_eq!(alice_tests_access(&mock).await.status, 200);
    }
    assert_eq!(mock.quota_used("alice"), 3);

    let refused = alice_tests_access(&mock).await;
    assert_eq!(refused.status, 500);
    assert_eq!(
        refused.texts("faultcode"),
        ["soap:Client.UserQuotaExceeded"]
    );
    assert_eq!(
        attribute(&refused.body, "detail", "WaitTime").as_deref(),
        Some("3552")
    );

    let refused12 = soap_call(
        &mock,
        Soap::V12,
        &Auth::text(&alice()),
        "TestUserAccess",
        &[],
    )
    .await;
    assert_eq!(
        common::texts(&refused12.texts("Subcode")[0], "Value"),
        ["soap:Client.UserQuotaExceeded"]
    );
    assert_eq!(
        attribute(&refused12.body, "Detail", "WaitTime").as_deref(),
        Some("3552")
    );

    clock.advance(Duration::from_secs(3_552));
    let refilled = alice_tests_access(&mock).await;
    assert_eq!(refilled.status, 200, "a new window refills the quota");
    assert_eq!(mock.quota_used("alice"), 1);
}

#[tokio::test]
async fn rest_quota_is_a_403_with_a_time_span_and_is_per_user() {
    let clock = clock();
    let bob = MockUser::with_jwt("bob", 1_700_000_000, 4_000_000_000);
    let mock = start_with(
        MockConfig::default()
            .quota(2, Duration::from_secs(3_600))
            .clock(clock.clone())
            .user(bob.clone()),
    )
    .await;

    // SOAP and REST calls count against the same quota.
    assert_eq!(alice_tests_access(&mock).await.status, 200);
    assert_eq!(
        rest_call(&mock, &alice(), "RetrieveUBPRReportingPeriods", &[])
            .await
            .status,
        200
    );

    let refused = rest_call(&mock, &alice(), "RetrieveUBPRReportingPeriods", &[]).await;
    assert_eq!(refused.status, 403);
    assert_eq!(refused.json()["StatusCode"], 403);
    assert!(
        refused.json()["Message"]
            .as_str()
            .unwrap()
            .contains("00:59:12"),
        "{}",
        refused.body
    );
    assert_eq!(
        mock.journal().entries()[2].fault_code.as_deref(),
        Some("quota")
    );

    assert_eq!(
        rest_call(&mock, &bob, "RetrieveUBPRReportingPeriods", &[])
            .await
            .status,
        200,
        "bob has his own quota"
    );

    clock.advance(Duration::from_secs(3_600));
    assert_eq!(
        rest_call(&mock, &alice(), "RetrieveUBPRReportingPeriods", &[])
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn failed_authentication_does_not_spend_quota_and_reset_refills() {
    let mock = start_with(
        MockConfig::default()
            .quota(1, Duration::from_secs(60))
            .clock(clock()),
    )
    .await;
    let wrong = Auth::Text {
        user: "alice".into(),
        password: "wrong".into(),
    };
    for _ in 0..3 {
        soap_call(&mock, Soap::V11, &wrong, "TestUserAccess", &[]).await;
    }
    assert_eq!(mock.quota_used("alice"), 0);

    assert_eq!(alice_tests_access(&mock).await.status, 200);
    assert_eq!(alice_tests_access(&mock).await.status, 500);
    mock.reset_quota();
    assert_eq!(alice_tests_access(&mock).await.status, 200);
}

#[tokio::test]
async fn a_quota_of_zero_calls_or_a_zero_window_is_refused_at_start() {
    for (calls, window) in [(0, 3_600), (5, 0)] {
        let started =
            MockServer::start(MockConfig::default().quota(calls, Duration::from_secs(window)))
                .await;
        let error = started.expect_err("a quota no call can use is a mistake");
        assert_eq!(error.kind(), std::io::ErrorKind::InvalidInput);
        let message = error.to_string();
        assert!(message.contains("quota"), "{message}");
        assert!(
            message.contains("=quota"),
            "it names the fault to use instead: {message}"
        );
    }
}
