//! Each injected fault kind, one-shot and persistent, set at start, through
//! the handle and over `POST /__faults`.

mod common;

use std::time::{Duration, Instant};

use common::{
    Auth, Soap, alice, alice_tests_access, client, client_builder, rest_call, soap_call, start,
    start_with,
};
use ffiec_mock::{FaultKind, FaultRule, FaultTarget, MockConfig, Operation};

fn rule(spec: &str) -> FaultRule {
    spec.parse().unwrap()
}

async fn periods(
    mock: &ffiec_mock::MockServer,
    http: &reqwest::Client,
) -> reqwest::Result<reqwest::Response> {
    http.get(format!("{}RetrieveUBPRReportingPeriods", mock.rest_url()))
        .header("UserID", "alice")
        .header("Authentication", format!("Bearer {}", alice().token()))
        .send()
        .await
}

#[tokio::test]
async fn latency_delays_at_least_the_base_then_answers() {
    let mock = start_with(MockConfig::default().fault(rule("TestUserAccess=latency:150~20"))).await;
    let started = Instant::now();
    let answer = alice_tests_access(&mock).await;
    // A lower bound only: sleeping never ends early, however loaded the machine.
    assert!(started.elapsed() >= Duration::from_millis(150));
    assert_eq!(answer.texts("TestUserAccessResult"), ["true"]);
    assert!(matches!(
        mock.journal().entries()[0].injected,
        Some(FaultKind::Latency { .. })
    ));
}

#[tokio::test]
async fn stall_makes_the_client_time_out_and_never_blocks_the_stop() {
    let mock = start_with(
        MockConfig::default()
            .max_stall(Duration::from_secs(60))
            .fault(rule("all=stall")),
    )
    .await;
    let impatient = client_builder()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let error = periods(&mock, &impatient).await.unwrap_err();
    assert!(error.is_timeout(), "{error}");

    // A request still stalled when the server stops is cut, and the stop returns.
    let stalled = {
        let url = format!("{}RetrieveUBPRReportingPeriods", mock.rest_url());
        tokio::spawn(async move { client().get(url).send().await })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    let stop = tokio::time::timeout(Duration::from_secs(20), mock.shutdown()).await;
    assert!(
        stop.is_ok(),
        "shutdown returned while a request was stalled"
    );
    assert!(
        stalled.await.unwrap().is_err(),
        "the stalled request got no answer"
    );
}

#[tokio::test]
async fn stall_ends_at_its_bound_with_a_closed_connection() {
    let mock = start_with(MockConfig::default().fault(rule("all=stall:0"))).await;
    let error = periods(&mock, &client()).await.unwrap_err();
    assert!(
        !error.is_timeout(),
        "closed by the server, not timed out: {error}"
    );
    assert_eq!(mock.journal().entries()[0].http_status, None);
}

#[tokio::test]
async fn reset_closes_without_a_response_and_counts_down() {
    let mock = start().await;
    mock.faults().inject(FaultRule::times(
        FaultTarget::Only(Operation::RetrieveUBPRReportingPeriods),
        FaultKind::Reset,
        2,
    ));
    for _ in 0..2 {
        let error = periods(&mock, &client()).await.unwrap_err();
        assert!(!error.is_timeout(), "{error}");
    }
    assert_eq!(
        periods(&mock, &client()).await.unwrap().status(),
        200,
        "the one-shot fault is used up"
    );

    let statuses: Vec<_> = mock
        .journal()
        .entries()
        .iter()
        .map(|entry| entry.http_status)
        .collect();
    assert_eq!(statuses, [None, None, Some(200)]);
    assert!(mock.faults().rules().is_empty());
}

#[tokio::test]
async fn truncate_sends_half_the_announced_body() {
    let mock =
        start_with(MockConfig::default().fault(rule("RetrieveReportingPeriods=truncate"))).await;
    let response = client()
        .get(format!("{}RetrieveReportingPeriods", mock.rest_url()))
        .header("UserID", "alice")
        .header("Authentication", format!("Bearer {}", alice().token()))
        .header("dataSeries", "Call")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let announced: usize = response.headers()["content-length"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(announced > 1_000);
    assert!(response.bytes().await.is_err(), "the body ends early");
}

#[tokio::test]
async fn malformed_bodies_do_not_parse() {
    let mock = start_with(MockConfig::default().fault(rule("*=malformed"))).await;
    let soap = alice_tests_access(&mock).await;
    assert_eq!(soap.status, 200);
    assert!(soap.body.starts_with("<?xml") && !soap.body.contains("</soap:Envelope>"));

    let rest = rest_call(&mock, &alice(), "RetrieveUBPRReportingPeriods", &[]).await;
    assert_eq!(rest.status, 200);
    assert!(serde_json::from_str::<serde_json::Value>(&rest.body).is_err());
}

#[tokio::test]
async fn status_faults_answer_like_a_gateway_and_only_for_their_operation() {
    let mock = start().await;
    mock.faults().inject(rule("RetrieveFacsimile=status:503"));
    let unaffected = alice_tests_access(&mock).await;
    assert_eq!(unaffected.status, 200);

    let params = [
        ("dataSeries", "Call"),
        ("fiIDType", "ID_RSSD"),
        ("fiID", "480228"),
        ("facsimileFormat", "XBRL"),
    ];
    let failed = soap_call(
        &mock,
        Soap::V11,
        &Auth::text(&alice()),
        "RetrieveFacsimile",
        &params,
    )
    .await;
    assert_eq!(failed.status, 503);
    assert!(failed.content_type.starts_with("text/html"));
    let failed_again = soap_call(
        &mock,
        Soap::V11,
        &Auth::text(&alice()),
        "RetrieveFacsimile",
        &params,
    )
    .await;
    assert_eq!(failed_again.status, 503, "persistent until cleared");

    mock.faults().clear();
    assert_eq!(
        soap_call(
            &mock,
            Soap::V11,
            &Auth::text(&alice()),
            "RetrieveFacsimile",
            &params
        )
        .await
        .status,
        200
    );
}

#[tokio::test]
async fn quota_fault_answers_as_if_the_quota_were_spent() {
    let mock = start_with(MockConfig::default().fault(rule("all=quota#2"))).await;
    let soap = alice_tests_access(&mock).await;
    assert_eq!(soap.texts("faultcode"), ["soap:Client.UserQuotaExceeded"]);
    let wait: u64 = common::attribute(&soap.body, "detail", "WaitTime")
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=3_600).contains(&wait));

    let rest = rest_call(&mock, &alice(), "RetrieveUBPRReportingPeriods", &[]).await;
    assert_eq!(rest.status, 403);
    assert_eq!(
        mock.quota_used("alice"),
        0,
        "an injected quota fault spends nothing"
    );
}

#[tokio::test]
async fn faults_over_http() {
    let mock = start().await;
    let faults_url = format!("{}/__faults", mock.base_url());
    let added = client()
        .post(&faults_url)
        .body("TestUserAccess=status:502#1\n*=latency:1\n")
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), 200);
    let listed: serde_json::Value = client()
        .get(&faults_url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 2);
    assert_eq!(
        listed[0]["kind"],
        serde_json::json!({ "kind": "status", "arg": 502 })
    );
    assert_eq!(listed[0]["remaining"], 1);
    assert_eq!(listed[1]["target"], "All");

    assert_eq!(alice_tests_access(&mock).await.status, 502);

    let refused = client()
        .post(&faults_url)
        .body("TestUserAccess=explode")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
    assert!(refused.text().await.unwrap().contains("explode"));

    assert_eq!(
        client().delete(&faults_url).send().await.unwrap().status(),
        204
    );
    assert!(mock.faults().rules().is_empty());
}
